/*
 * pg_people.c - the people who own and review tasks, on PostgreSQL: what
 * sqlite_people.c does. SQLite's names and emails are COLLATE NOCASE (ASCII
 * case folded); here they are compared and sorted by lower() under the "C"
 * collation, which folds ASCII only as well, and the unique indexes are on
 * lower(name) and lower(email).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

static int pg_person_add(tm_store *st, tm_person *p, tm_error *err)
{
	static const char sql[] = "INSERT INTO people(id, name, email, role, capacity, title, notify) "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM people), $1, $2, $3, $4, $5, $6) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, p->name);
	pg_text_or_null(&a, p->email);
	pg_text(&a, tm_role_name(p->role));
	pg_int(&a, p->capacity);
	pg_text(&a, p->title);
	pg_text(&a, tm_notify_pref_names[p->notify]);
	if (pg_lock_ids(PG(st), PG_IDS_PEOPLE, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a person", err);
	if (!res) {
		if (err->code == TM_ECONFLICT)
			return tm_fail(err, TM_ECONFLICT, "a person named '%s'%s%s%s already exists", p->name,
				       p->email[0] ? " or with email '" : "", p->email, p->email[0] ? "'" : "");
		return err->code;
	}
	p->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

/* The one person res holds, or TM_ENOTFOUND naming ref. */
static int one_person(PGresult *res, tm_person *out, const char *ref, tm_error *err)
{
	int rc = 0;
	if (PQntuples(res) > 0) {
		tm_row r = pg_row(res, 0);
		tm_row_person(&r, out);
	} else {
		rc = tm_fail(err, TM_ENOTFOUND, "unknown person '%s'", ref);
	}
	PQclear(res);
	return rc;
}

static int pg_person_get(tm_store *st, int64_t id, tm_person *out, tm_error *err)
{
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a person", err);
	if (!res)
		return err->code;
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_person(res, out, ref, err);
}

static int pg_person_find(tm_store *st, const char *ref, tm_person *out, tm_error *err)
{
	/* A match by name first (SQLite's ORDER BY name = :ref DESC), then the lowest id. */
	static const char sql[] = "SELECT " PERSON_COLS " FROM people "
				  "WHERE lower(name) = lower($1::text COLLATE \"C\") "
				  "OR lower(email) = lower($1 COLLATE \"C\") OR CAST(id AS TEXT) = $1 "
				  "ORDER BY lower(name) = lower($1 COLLATE \"C\") DESC, id LIMIT 1";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, ref);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a person", err);
	if (!res)
		return err->code;
	return one_person(res, out, ref, err);
}

static int pg_person_list(tm_store *st, tm_people *out, tm_error *err)
{
	static const char sql[] = "SELECT " PERSON_COLS " FROM people ORDER BY lower(name)";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing people", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_person(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_person_update(tm_store *st, const tm_person *p, tm_error *err)
{
	struct pg *pg = PG(st);
	static const char sql[] = "UPDATE people SET name = $2, email = $3, role = $4, capacity = $5, title = $6, notify = $7 "
				  "WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, p->id);
	pg_text(&a, p->name);
	pg_text_or_null(&a, p->email);
	pg_text(&a, tm_role_name(p->role));
	pg_int(&a, p->capacity);
	pg_text(&a, p->title);
	pg_text(&a, tm_notify_pref_names[p->notify]);
	int rc = pg_do(pg, sql, &a, "updating a person", err);
	if (!rc && pg->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown person #%lld", (long long)p->id);
	return rc;
}

const struct tm_store_people_ops tm_pg_people_ops = {
	.add = pg_person_add,
	.get = pg_person_get,
	.find = pg_person_find,
	.list = pg_person_list,
	.update = pg_person_update,
};
