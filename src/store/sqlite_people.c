/* sqlite_people.c - the people who own and review tasks. */
#include <stdio.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_person_add(tm_store *st, tm_person *p, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO people(name, email, role, capacity, title, notify) "
				  "VALUES(:name, :email, :role, :capacity, :title, :notify)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", p->name);
	sq_bind_text_or_null(q, ":email", p->email);
	sq_bind_text(q, ":role", tm_role_name(p->role));
	sq_bind_int(q, ":capacity", p->capacity);
	sq_bind_text(q, ":title", p->title);
	sq_bind_text(q, ":notify", tm_notify_pref_names[p->notify]);
	int rc = sq_exec_stmt(s, q, "adding a person", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "a person named '%s'%s%s%s already exists", p->name,
			       p->email[0] ? " or with email '" : "", p->email, p->email[0] ? "'" : "");
	if (!rc)
		p->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int one_person(struct sq *s, sqlite3_stmt *q, tm_person *out, const char *ref, tm_error *err)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_person(&r, out);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a person");
	return tm_fail(err, TM_ENOTFOUND, "unknown person '%s'", ref);
}

static int sq_person_get(tm_store *st, int64_t id, tm_person *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_person(s, q, out, ref, err);
}

static int sq_person_find(tm_store *st, const char *ref, tm_person *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people "
				  "WHERE name = :ref OR email = :ref OR CAST(id AS TEXT) = :ref "
				  "ORDER BY name = :ref DESC LIMIT 1";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":ref", ref);
	return one_person(s, q, out, ref, err);
}

static int sq_person_list(tm_store *st, tm_people *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people ORDER BY name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_person(&r, TM_VEC_PUSH(out));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing people");
}

static int sq_person_update(tm_store *st, const tm_person *p, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE people SET name = :name, email = :email, role = :role, capacity = :capacity, "
				  "title = :title, notify = :notify WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", p->id);
	sq_bind_text(q, ":name", p->name);
	sq_bind_text_or_null(q, ":email", p->email);
	sq_bind_text(q, ":role", tm_role_name(p->role));
	sq_bind_int(q, ":capacity", p->capacity);
	sq_bind_text(q, ":title", p->title);
	sq_bind_text(q, ":notify", tm_notify_pref_names[p->notify]);
	int rc = sq_exec_stmt(s, q, "updating a person", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown person #%lld", (long long)p->id);
	return rc;
}

const struct tm_store_people_ops tm_sqlite_people_ops = {
	.add = sq_person_add,
	.get = sq_person_get,
	.find = sq_person_find,
	.list = sq_person_list,
	.update = sq_person_update,
};
