/*
 * pg_tasks.c - tasks, each read with the tasks it waits for, their
 * reviewers, the dependencies between them, and the lists across launches
 * (every open task, tasks due in a window), on PostgreSQL: what
 * sqlite_tasks.c does. A launch's tasks are one query and its dependencies
 * one more, never a query per task.
 */
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

/* The shared columns, the reviewers' names and the approvers', each followed by char 31, in their
 * order (NULL: none). */
#define TASK_COLS                                                                                   \
	TASK_COLS_SHARED                                                                            \
	"(SELECT string_agg(rp.name || chr(31), '' ORDER BY r.position) FROM task_reviewers r "     \
	"JOIN people rp ON rp.id = r.person_id WHERE r.task_id = t.id), "                           \
	"(SELECT string_agg(ap.name || chr(31), '' ORDER BY a.position, a.person_id) FROM task_approvals a "     \
	"JOIN people ap ON ap.id = a.person_id WHERE a.task_id = t.id)"

/*
 * The 19 columns add and update both set, in this order: position, title, section, owner, role,
 * reviewers, due offset, due, not-before offset, not before, effort, status, required, milestone,
 * source tier, stream, external, co-role, product. position 0 binds NULL when no_position (add: the
 * next free one).
 */
static void task_params(pg_params *a, const tm_task *t, bool no_position, char off[TM_OFFSET_STRLEN],
			char nb[TM_OFFSET_STRLEN])
{
	if (no_position)
		pg_id(a, t->position);
	else
		pg_int(a, t->position);
	pg_text(a, t->title);
	pg_text(a, t->section);
	pg_id(a, t->owner_id);
	pg_text_or_null(a, t->role >= 0 ? tm_role_name(t->role) : NULL);
	pg_text(a, t->reviewers);
	pg_text_or_null(a, t->has_offset ? tm_offset_format(&t->offset, off) : NULL);
	pg_date(a, t->has_due, t->due);
	pg_text_or_null(a, t->has_nb_offset ? tm_offset_format(&t->nb_offset, nb) : NULL);
	pg_date(a, t->has_not_before, t->not_before);
	pg_int(a, t->effort_days);
	pg_text(a, tm_task_status_name(t->status));
	pg_int(a, t->required);
	pg_int(a, t->milestone);
	pg_id(a, t->source_tier);
	pg_text(a, t->stream);
	pg_int(a, t->external);
	pg_text_or_null(a, t->co_role >= 0 ? tm_role_name(t->co_role) : NULL);
	pg_int(a, t->product);
}

/* The id as pg_launches.c's launch_add takes it: past id_sequence.last and past every task now. */
static int pg_task_add(tm_store *st, tm_task *t, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO tasks(id, launch_id, position, title, section, owner_id, role, reviewers, "
		"due_offset, due, not_before_offset, not_before, effort_days, status, required, milestone, source_tier, "
		"stream, external, co_role, product) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM tasks)) + 1 "
		"FROM id_sequence WHERE name = 'tasks'), $1::bigint, "
		"coalesce($2::bigint, (SELECT coalesce(max(position), 0) + 1 FROM tasks WHERE launch_id = $1)), "
		"$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id";
	char off[TM_OFFSET_STRLEN], nb[TM_OFFSET_STRLEN];
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, t->launch_id);
	task_params(&a, t, true, off, nb);
	if (pg_lock_ids(PG(st), PG_IDS_TASKS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a task", err);
	if (!res)
		return err->code;
	t->id = pg_col_i64(res, 0, 0);
	t->version = 1;
	PQclear(res);
	return 0;
}

static int pg_task_update(tm_store *st, tm_task *t, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE tasks SET position = $1, title = $2, section = $3, owner_id = $4, role = $5, "
		"reviewers = $6, due_offset = $7, due = $8, not_before_offset = $9, not_before = $10, "
		"effort_days = $11, status = $12, required = $13, milestone = $14, source_tier = $15, "
		"stream = $16, external = $17, co_role = $18, product = $19, "
		"version = version + 1, updated_at = tm_now() WHERE id = $20 "
		/* at the version the use case read, unless this transaction wrote it since */
		"AND (version = $21 OR xmin = pg_current_xact_id()::xid)";
	char off[TM_OFFSET_STRLEN], nb[TM_OFFSET_STRLEN];
	pg_params a = PG_PARAMS_INIT;
	task_params(&a, t, false, off, nb);
	pg_int(&a, t->id);
	pg_int(&a, t->version);
	int rc = pg_do(p, sql, &a, "updating a task", err);
	if (!rc && p->changed == 0)
		return pg_gone_or_changed(p, "tasks", t->id, err) ? err->code
			: tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)t->id);
	if (!rc)
		t->version++;
	return rc;
}

/* Reads res's tasks onto out; frees res. */
static void read_tasks(PGresult *res, tm_tasks *out)
{
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int i = 0; i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_task(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
}

/* Reads res's dependencies onto out; frees res. */
static void read_deps(PGresult *res, tm_deps *out)
{
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_dep(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
}

static int pg_task_get(tm_store *st, int64_t id, tm_task *out, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM "WHERE t.id = $1";
	static const char deps_sql[] = "SELECT after_id FROM task_deps WHERE task_id = $1 ORDER BY after_id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(p, sql, &a, "reading a task", err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	}
	tm_row r = pg_row(res, 0);
	tm_row_task(&r, out);
	PQclear(res);
	if (!(res = pg_run(p, deps_sql, &a, "reading dependencies", err)))
		return err->code;
	int n = PQntuples(res);
	if (n) {
		out->depends_on = tm_xmalloc((size_t)n * sizeof(int64_t));
		for (int i = 0; i < n; i++)
			out->depends_on[i] = pg_col_i64(res, i, 0);
		out->n_depends_on = n;
	}
	PQclear(res);
	return 0;
}

static int pg_task_list(tm_store *st, int64_t launch_id, const tm_task_filter *f, tm_tasks *out, tm_error *err)
{
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.launch_id = $1 AND ($2::bigint = 0 OR t.owner_id = $2) "
				  "AND ($3::text IS NULL OR t.status = $3) ORDER BY t.position, t.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_int(&a, f ? f->owner_id : 0);
	pg_text_or_null(&a, f && f->status >= 0 ? tm_task_status_name(f->status) : NULL);
	PGresult *res = pg_run(PG(st), sql, &a, "listing tasks", err);
	if (!res)
		return err->code;
	size_t first = out->n;
	read_tasks(res, out);
	tm_deps deps = TM_VEC_INIT;
	int rc = st->ops->tasks->dep_list(st, launch_id, &deps, err);
	if (!rc)
		tm_tasks_attach_deps(out->v + first, out->n - first, &deps);
	TM_VEC_FREE(&deps);
	return rc;
}

static int pg_dep_add(tm_store *st, int64_t task, int64_t after, tm_error *err)
{
	static const char sql[] = "INSERT INTO task_deps(task_id, after_id) VALUES($1, $2)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, task);
	pg_int(&a, after);
	int rc = pg_do(PG(st), sql, &a, "adding a dependency", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "task #%lld already waits for #%lld", (long long)task,
			       (long long)after);
	return rc;
}

static int pg_dep_rm(tm_store *st, int64_t task, int64_t after, bool *removed, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM task_deps WHERE task_id = $1 AND after_id = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, task);
	pg_int(&a, after);
	int rc = pg_do(p, sql, &a, "removing a dependency", err);
	*removed = !rc && p->changed > 0;
	return rc;
}

static int pg_dep_list(tm_store *st, int64_t launch_id, tm_deps *out, tm_error *err)
{
	static const char sql[] = "SELECT " DEP_COLS " FROM task_deps d "
				  "JOIN tasks t ON t.id = d.task_id WHERE t.launch_id = $1 "
				  "ORDER BY d.task_id, d.after_id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing dependencies", err);
	if (!res)
		return err->code;
	read_deps(res, out);
	return 0;
}

static int pg_task_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM tasks WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a task", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	return rc;
}

static int pg_task_list_open(tm_store *st, tm_tasks *out, tm_error *err)
{
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "ORDER BY t.launch_id, t.position, t.id";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing open tasks", err);
	if (!res)
		return err->code;
	read_tasks(res, out);
	return 0;
}

static int pg_task_list_live(tm_store *st, int64_t owner_id, tm_tasks *out, tm_error *err)
{
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE l.status != 'cancelled' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "AND ($1::bigint = 0 OR t.owner_id = $1) "
				  "ORDER BY t.due IS NULL, t.due, t.launch_id, t.position, t.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, owner_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing open tasks", err);
	if (!res)
		return err->code;
	read_tasks(res, out);
	return 0;
}

static int pg_dep_list_open(tm_store *st, tm_deps *out, tm_error *err)
{
	static const char sql[] = "SELECT " DEP_COLS " FROM task_deps d JOIN tasks t ON t.id = d.task_id "
				  "JOIN launches l ON l.id = t.launch_id "
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "
				  "ORDER BY d.task_id, d.after_id";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing dependencies", err);
	if (!res)
		return err->code;
	read_deps(res, out);
	return 0;
}

static int pg_task_list_due(tm_store *st, tm_date from, tm_date to, int64_t owner_id, bool milestones_only,
			    tm_tasks *out, tm_error *err)
{
	/* t.id last: SQLite's ties come in the due index's order, which is by id. */
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.due BETWEEN $1::text AND $2::text AND l.status != 'cancelled' "
				  "AND ($3::bigint = 0 OR t.owner_id = $3) AND ($4::bigint = 0 OR t.milestone = 1) "
				  "ORDER BY t.due, t.launch_id, t.position, t.id";
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, from);
	pg_date(&a, true, to);
	pg_int(&a, owner_id);
	pg_int(&a, milestones_only);
	PGresult *res = pg_run(PG(st), sql, &a, "listing tasks by due date", err);
	if (!res)
		return err->code;
	read_tasks(res, out);
	return 0;
}

static int pg_task_reviewers_set(tm_store *st, int64_t task_id, const int64_t *people, int n, tm_error *err)
{
	struct pg *p = PG(st);
	static const char del[] = "DELETE FROM task_reviewers WHERE task_id = $1";
	/* A person named twice is kept once, at the first place (SQLite's INSERT OR IGNORE). */
	static const char ins[] = "INSERT INTO task_reviewers(task_id, person_id, position) VALUES($1, $2, $3) "
				  "ON CONFLICT (task_id, person_id) DO NOTHING";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, task_id);
	int rc = pg_do(p, del, &a, "changing a task's reviewers", err);
	for (int i = 0; i < n && !rc; i++) {
		pg_params b = PG_PARAMS_INIT;
		pg_int(&b, task_id);
		pg_int(&b, people[i]);
		pg_int(&b, i + 1);
		rc = pg_do(p, ins, &b, "changing a task's reviewers", err);
	}
	return rc;
}

static int pg_task_approve(tm_store *st, int64_t task_id, int64_t person_id, const char *at, tm_error *err)
{
	/* The first approval of a person stays (its time and place); the next takes the next place. */
	static const char sql[] =
		"INSERT INTO task_approvals(task_id, person_id, at, position) "
		"VALUES($1, $2, coalesce($3, tm_now()), "
		"(SELECT coalesce(max(position), 0) + 1 FROM task_approvals WHERE task_id = $1)) "
		"ON CONFLICT (task_id, person_id) DO NOTHING";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, task_id);
	pg_int(&a, person_id);
	pg_text_or_null(&a, at);
	return pg_do(PG(st), sql, &a, "approving a task", err);
}

static int pg_task_approvals_clear(tm_store *st, int64_t task_id, tm_error *err)
{
	static const char sql[] = "DELETE FROM task_approvals WHERE task_id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, task_id);
	return pg_do(PG(st), sql, &a, "clearing a task's approvals", err);
}

const struct tm_store_tasks_ops tm_pg_tasks_ops = {
	.add = pg_task_add,
	.update = pg_task_update,
	.get = pg_task_get,
	.rm = pg_task_rm,
	.list = pg_task_list,
	.list_open = pg_task_list_open,
	.list_live = pg_task_list_live,
	.list_due = pg_task_list_due,
	.reviewers_set = pg_task_reviewers_set,
	.dep_add = pg_dep_add,
	.dep_rm = pg_dep_rm,
	.dep_list = pg_dep_list,
	.dep_list_open = pg_dep_list_open,
	.approve = pg_task_approve,
	.approvals_clear = pg_task_approvals_clear,
};
