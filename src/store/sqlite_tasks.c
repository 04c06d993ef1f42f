/*
 * sqlite_tasks.c - tasks, each read with the tasks it waits for, their
 * reviewers, the dependencies between them, and the lists across launches
 * (every open task, tasks due in a window).
 */
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"
/* The shared columns (rows.h), the reviewers' names and the approvers', each followed by char 31, in
 * their order. */
#define TASK_COLS                                                                                   \
	TASK_COLS_SHARED                                                                            \
	"(SELECT group_concat(name || char(31), '') FROM (SELECT rp.name FROM task_reviewers r "     \
	"JOIN people rp ON rp.id = r.person_id WHERE r.task_id = t.id ORDER BY r.position)), "      \
	"(SELECT group_concat(name || char(31), '') FROM (SELECT ap.name FROM task_approvals a "    \
	"JOIN people ap ON ap.id = a.person_id WHERE a.task_id = t.id ORDER BY a.position, a.person_id))"

static void bind_task(sqlite3_stmt *q, const tm_task *t)
{
	char off[TM_OFFSET_STRLEN], nb[TM_OFFSET_STRLEN];
	sq_bind_int(q, ":id", t->id);
	sq_bind_int(q, ":launch", t->launch_id);
	sq_bind_int(q, ":position", t->position);
	sq_bind_text(q, ":title", t->title);
	sq_bind_text(q, ":section", t->section);
	sq_bind_id(q, ":owner", t->owner_id);
	sq_bind_text_or_null(q, ":role", t->role >= 0 ? tm_role_name(t->role) : NULL);
	sq_bind_text(q, ":reviewers", t->reviewers);
	sq_bind_text_or_null(q, ":offset", t->has_offset ? tm_offset_format(&t->offset, off) : NULL);
	sq_bind_date(q, ":due", t->has_due, t->due);
	sq_bind_text_or_null(q, ":nb_offset", t->has_nb_offset ? tm_offset_format(&t->nb_offset, nb) : NULL);
	sq_bind_date(q, ":not_before", t->has_not_before, t->not_before);
	sq_bind_int(q, ":effort", t->effort_days);
	sq_bind_text(q, ":status", tm_task_status_name(t->status));
	sq_bind_int(q, ":required", t->required);
	sq_bind_int(q, ":milestone", t->milestone);
	sq_bind_id(q, ":source_tier", t->source_tier);
	sq_bind_text(q, ":stream", t->stream);
	sq_bind_int(q, ":external", t->external);
	sq_bind_text_or_null(q, ":co_role", t->co_role >= 0 ? tm_role_name(t->co_role) : NULL);
	sq_bind_int(q, ":product", t->product);
}

static int sq_task_add(tm_store *st, tm_task *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO tasks(id, launch_id, position, title, section, owner_id, role, reviewers, "
		"due_offset, due, not_before_offset, not_before, effort_days, status, required, milestone, source_tier, "
		"stream, external, co_role, product) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'tasks'), :launch, coalesce(:position, (SELECT coalesce(max(position), 0) + 1 FROM tasks "
		"WHERE launch_id = :launch)), :title, :section, :owner, :role, :reviewers, :offset, :due, "
		":nb_offset, :not_before, :effort, :status, :required, :milestone, :source_tier, "
		":stream, :external, :co_role, :product)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_task(q, t);
	if (!t->position)
		sqlite3_bind_null(q, sqlite3_bind_parameter_index(q, ":position"));
	int rc = sq_exec_stmt(s, q, "adding a task", err);
	if (!rc) {
		t->id = sqlite3_last_insert_rowid(s->db);
		t->version = 1;
	}
	return rc;
}

static int sq_task_update(tm_store *st, tm_task *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE tasks SET position = :position, title = :title, section = :section, "
		"owner_id = :owner, role = :role, reviewers = :reviewers, due_offset = :offset, due = :due, "
		"not_before_offset = :nb_offset, not_before = :not_before, effort_days = :effort, status = :status, required = :required, milestone = :milestone, "
		"source_tier = :source_tier, stream = :stream, external = :external, co_role = :co_role, "
		"product = :product, version = version + 1, "
		"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_task(q, t);
	int rc = sq_exec_stmt(s, q, "updating a task", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)t->id);
	if (!rc)
		t->version++;
	return rc;
}

/* Fills each task's depends_on from the launch's dependency rows. */
static int attach_deps(struct sq *s, int64_t launch_id, tm_task *tasks, size_t n, tm_error *err)
{
	tm_deps deps = TM_VEC_INIT;
	int rc = s->base.ops->tasks->dep_list(&s->base, launch_id, &deps, err);
	if (!rc)
		tm_tasks_attach_deps(tasks, n, &deps);
	TM_VEC_FREE(&deps);
	return rc;
}

static int sq_task_get(tm_store *st, int64_t id, tm_task *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM "WHERE t.id = :id";
	static const char deps_sql[] = "SELECT after_id FROM task_deps WHERE task_id = :id ORDER BY after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return sq_db_fail(s, err, "reading a task");
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	}
	tm_row r = sq_row(q);
	tm_row_task(&r, out);
	sqlite3_reset(q);
	q = sq_stmt(s, deps_sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	TM_VEC(int64_t) ids = TM_VEC_INIT;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*TM_VEC_PUSH(&ids) = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	out->depends_on = ids.v;
	out->n_depends_on = (int)ids.n;
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading dependencies");
}

static int sq_task_list(tm_store *st, int64_t launch_id, const tm_task_filter *f, tm_tasks *out,
			tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.launch_id = :launch AND (:owner = 0 OR t.owner_id = :owner) "
				  "AND (:status IS NULL OR t.status = :status) ORDER BY t.position, t.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_int(q, ":owner", f ? f->owner_id : 0);
	sq_bind_text_or_null(q, ":status", f && f->status >= 0 ? tm_task_status_name(f->status) : NULL);
	size_t first = out->n;
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_task(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "listing tasks");
	return attach_deps(s, launch_id, out->v + first, out->n - first, err);
}

static int sq_dep_add(tm_store *st, int64_t task, int64_t after, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO task_deps(task_id, after_id) VALUES(:task, :after)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task);
	sq_bind_int(q, ":after", after);
	int rc = sq_exec_stmt(s, q, "adding a dependency", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "task #%lld already waits for #%lld", (long long)task,
			       (long long)after);
	return rc;
}

static int sq_dep_rm(tm_store *st, int64_t task, int64_t after, bool *removed, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM task_deps WHERE task_id = :task AND after_id = :after";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task);
	sq_bind_int(q, ":after", after);
	int rc = sq_exec_stmt(s, q, "removing a dependency", err);
	*removed = !rc && sqlite3_changes(s->db) > 0;
	return rc;
}

static int sq_dep_list(tm_store *st, int64_t launch_id, tm_deps *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DEP_COLS " FROM task_deps d "
				  "JOIN tasks t ON t.id = d.task_id WHERE t.launch_id = :launch "
				  "ORDER BY d.task_id, d.after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_dep(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing dependencies");
}

static int sq_task_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM tasks WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a task", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	return rc;
}

static int sq_task_list_open(tm_store *st, tm_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "ORDER BY t.launch_id, t.position, t.id";
	/* Sized once for every task there is (an upper bound; pages never written cost nothing): the
	 * portfolio's 200,000 tasks are not copied at every doubling of the list. */
	sqlite3_stmt *c = sq_stmt(s, "SELECT count(*) FROM tasks", err);
	if (!c)
		return err->code;
	if (sqlite3_step(c) == SQLITE_ROW)
		TM_VEC_GROW(out, out->n + (size_t)sqlite3_column_int64(c, 0));
	sqlite3_reset(c);
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_task(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing open tasks");
}

static int sq_task_list_live(tm_store *st, int64_t owner_id, tm_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE l.status != 'cancelled' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "AND (:owner = 0 OR t.owner_id = :owner) "
				  "ORDER BY t.due IS NULL, t.due, t.launch_id, t.position, t.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":owner", owner_id);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_task(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing open tasks");
}

static int sq_dep_list_open(tm_store *st, tm_deps *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DEP_COLS " FROM task_deps d JOIN tasks t ON t.id = d.task_id "
				  "JOIN launches l ON l.id = t.launch_id "
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "ORDER BY d.task_id, d.after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_dep(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing dependencies");
}

static int sq_task_list_due(tm_store *st, tm_date from, tm_date to, int64_t owner_id, bool milestones_only,
			    tm_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.due BETWEEN :from AND :to AND l.status != 'cancelled' "
				  "AND (:owner = 0 OR t.owner_id = :owner) AND (:milestones = 0 OR t.milestone = 1) "
				  "ORDER BY t.due, t.launch_id, t.position";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":from", true, from);
	sq_bind_date(q, ":to", true, to);
	sq_bind_int(q, ":owner", owner_id);
	sq_bind_int(q, ":milestones", milestones_only);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_task(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing tasks by due date");
}

static int sq_task_reviewers_set(tm_store *st, int64_t task_id, const int64_t *people, int n, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char del[] = "DELETE FROM task_reviewers WHERE task_id = :task";
	static const char ins[] = "INSERT OR IGNORE INTO task_reviewers(task_id, person_id, position) "
				  "VALUES(:task, :person, :position)";
	sqlite3_stmt *q = sq_stmt(s, del, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task_id);
	int rc = sq_exec_stmt(s, q, "changing a task's reviewers", err);
	for (int i = 0; i < n && !rc; i++) {
		if (!(q = sq_stmt(s, ins, err)))
			return err->code;
		sq_bind_int(q, ":task", task_id);
		sq_bind_int(q, ":person", people[i]);
		sq_bind_int(q, ":position", i + 1);
		rc = sq_exec_stmt(s, q, "changing a task's reviewers", err);
	}
	return rc;
}

static int sq_task_approve(tm_store *st, int64_t task_id, int64_t person_id, const char *at, tm_error *err)
{
	struct sq *s = SQ(st);
	/* The first approval of a person stays (its time and place); the next takes the next place. */
	static const char sql[] =
		"INSERT OR IGNORE INTO task_approvals(task_id, person_id, at, position) "
		"VALUES(:task, :person, coalesce(:at, strftime('%Y-%m-%dT%H:%M:%SZ','now')), "
		"(SELECT coalesce(max(position), 0) + 1 FROM task_approvals WHERE task_id = :task))";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task_id);
	sq_bind_int(q, ":person", person_id);
	sq_bind_text_or_null(q, ":at", at);
	return sq_exec_stmt(s, q, "approving a task", err);
}

static int sq_task_approvals_clear(tm_store *st, int64_t task_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM task_approvals WHERE task_id = :task";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task_id);
	return sq_exec_stmt(s, q, "clearing a task's approvals", err);
}

const struct tm_store_tasks_ops tm_sqlite_tasks_ops = {
	.add = sq_task_add,
	.update = sq_task_update,
	.get = sq_task_get,
	.rm = sq_task_rm,
	.list = sq_task_list,
	.list_open = sq_task_list_open,
	.list_live = sq_task_list_live,
	.list_due = sq_task_list_due,
	.reviewers_set = sq_task_reviewers_set,
	.dep_add = sq_dep_add,
	.dep_rm = sq_dep_rm,
	.dep_list = sq_dep_list,
	.dep_list_open = sq_dep_list_open,
	.approve = sq_task_approve,
	.approvals_clear = sq_task_approvals_clear,
};
