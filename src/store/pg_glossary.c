/*
 * pg_glossary.c - the shared glossary in PostgreSQL: terms and personas
 * (core/glossary.h). A term is unique whatever its case (glossary_by_term on
 * lower(term)); an id is past the highest the table ever held (id_sequence).
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

/* The glossary's id lock (pg_lock_ids): past the PG_IDS_* of pg_internal.h, which other parts extend. */
#define PG_IDS_GLOSSARY 31

static void term_params(pg_params *a, const tm_term *t)
{
	pg_text(a, t->term);
	pg_text(a, tm_term_kind_names[t->kind]);
	pg_text(a, t->definition);
	pg_text(a, t->role);
	pg_text(a, t->goals);
	pg_text(a, t->pains);
}

static int term_taken(const tm_term *t, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "term", "the glossary has '%s' already", t->term);
}

static int pg_term_add(tm_store *st, tm_term *t, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO glossary(id, term, kind, definition, role, goals, pains) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM glossary)) + 1 "
		"FROM id_sequence WHERE name = 'glossary'), $1, $2, $3, $4, $5, $6) "
		"RETURNING id, version, created_at, updated_at";
	pg_params a = PG_PARAMS_INIT;
	term_params(&a, t);
	if (pg_lock_ids(PG(st), PG_IDS_GLOSSARY, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a glossary term", err);
	if (!res)
		return err->code == TM_ECONFLICT ? term_taken(t, err) : err->code;
	t->id = pg_col_i64(res, 0, 0);
	t->version = pg_col_i64(res, 0, 1);
	pg_col_text(res, 0, 2, t->created_at, sizeof(t->created_at));
	pg_col_text(res, 0, 3, t->updated_at, sizeof(t->updated_at));
	PQclear(res);
	return 0;
}

/* After a write at a version changed nothing: TM_ESTALE when the term is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct pg *p, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM glossary WHERE id = $1";
	return pg_stale_or_gone(p, sql, "glossary term", id, err);
}

static int pg_term_update(tm_store *st, tm_term *t, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "UPDATE glossary SET term = $1, kind = $2, definition = $3, role = $4, goals = $5, "
				  "pains = $6, version = version + 1, updated_at = tm_now() WHERE id = $7 AND version = $8 "
				  "RETURNING version, updated_at";
	pg_params a = PG_PARAMS_INIT;
	term_params(&a, t);
	pg_int(&a, t->id);
	pg_int(&a, t->version);
	PGresult *res = pg_run(p, sql, &a, "changing a glossary term", err);
	if (!res)
		return err->code == TM_ECONFLICT ? term_taken(t, err) : err->code;
	bool found = PQntuples(res) > 0;
	if (found) {
		t->version = pg_col_i64(res, 0, 0);
		pg_col_text(res, 0, 1, t->updated_at, sizeof(t->updated_at));
	}
	PQclear(res);
	return found ? 0 : stale_or_gone(p, t->id, err);
}

static int pg_term_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM glossary WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a glossary term", err);
	if (!rc && !p->changed)
		return tm_fail(err, TM_ENOTFOUND, "unknown glossary term %lld", (long long)id);
	return rc;
}

/* The first term of res (GLOSSARY_COLS), which it clears: *found false when none. */
static void read_one(PGresult *res, tm_term *out, bool *found)
{
	*found = PQntuples(res) > 0;
	if (*found) {
		tm_row r = pg_row(res, 0);
		tm_row_term(&r, out);
	}
	PQclear(res);
}

static int pg_term_get(tm_store *st, int64_t id, tm_term *out, tm_error *err)
{
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	bool found;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a glossary term", err);
	if (!res)
		return err->code;
	read_one(res, out, &found);
	return found ? 0 : tm_fail(err, TM_ENOTFOUND, "unknown glossary term %lld", (long long)id);
}

static int pg_term_find(tm_store *st, const char *ref, tm_term *out, tm_error *err)
{
	/* The term as written first (a term may be a number: "404"), then an id ("12" or "#12"). */
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE lower(term) = lower($1)";
	pg_params a = PG_PARAMS_INIT;
	int64_t id = 0;
	bool found;
	pg_text(&a, ref);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a glossary term", err);
	if (!res)
		return err->code;
	read_one(res, out, &found);
	if (found)
		return 0;
	if (tm_row_parse_id(ref, &id) && !pg_term_get(st, id, out, err))
		return 0;
	if (err->code && err->code != TM_ENOTFOUND)
		return err->code;
	return tm_fail(err, TM_ENOTFOUND, "unknown glossary term '%s'", ref);
}

static int pg_term_list(tm_store *st, int kind, tm_terms *out, tm_error *err)
{
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE $1::text IS NULL OR kind = $1::text "
				  "ORDER BY lower(term), id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, kind >= 0 && kind < TM_TERM_KIND_COUNT ? tm_term_kind_names[kind] : NULL);
	PGresult *res = pg_run(PG(st), sql, &a, "listing the glossary", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_term(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

const struct tm_store_glossary_ops tm_pg_glossary_ops = {
	.add = pg_term_add,
	.update = pg_term_update,
	.rm = pg_term_rm,
	.get = pg_term_get,
	.find = pg_term_find,
	.list = pg_term_list,
};
