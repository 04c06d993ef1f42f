/* sqlite_owners.c - who owns each role's tasks on a launch, and who reviews a task. */
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

int sq_launch_owners(tm_store *st, int64_t launch_id, tm_role_owners *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT o.role, o.person_id, p.name FROM launch_owners o JOIN people p ON p.id = o.person_id "
				  "WHERE o.launch_id = :launch";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	int rc;
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int role = tm_role_parse((const char *)sqlite3_column_text(q, 0));
		if (role < 0)
			continue;
		tm_role_owner *o = TM_VEC_PUSH(out);
		o->role = role;
		o->person_id = sqlite3_column_int64(q, 1);
		sq_col_text(q, 2, o->person, sizeof(o->person));
	}
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a launch's owners");
	/* In the order of the roles (pm, pmm, marketing, sales, …), not of their names. */
	for (size_t i = 1; i < out->n; i++)
		for (size_t j = i; j > 0 && out->v[j].role < out->v[j - 1].role; j--) {
			tm_role_owner t = out->v[j];
			out->v[j] = out->v[j - 1];
			out->v[j - 1] = t;
		}
	return 0;
}

int sq_launch_owner_set(tm_store *st, int64_t launch_id, int role, int64_t person_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO launch_owners(launch_id, role, person_id) VALUES(:launch, :role, :person) "
				  "ON CONFLICT(launch_id, role) DO UPDATE SET person_id = excluded.person_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":role", tm_role_name(role));
	sq_bind_int(q, ":person", person_id);
	return sq_exec_stmt(s, q, "setting a launch's owner", err);
}

int sq_task_reviewers_set(tm_store *st, int64_t task_id, const int64_t *people, int n, tm_error *err)
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
