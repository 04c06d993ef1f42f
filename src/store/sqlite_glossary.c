/*
 * sqlite_glossary.c - the shared glossary: terms and personas (core/glossary.h).
 * A term is unique whatever its case (glossary_by_term, NOCASE); ids are never
 * handed out again (id_sequence).
 */
#include <stdio.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static void bind_term(sqlite3_stmt *q, const tm_term *t)
{
	sq_bind_text(q, ":term", t->term);
	sq_bind_text(q, ":kind", tm_term_kind_names[t->kind]);
	sq_bind_text(q, ":definition", t->definition);
	sq_bind_text(q, ":role", t->role);
	sq_bind_text(q, ":goals", t->goals);
	sq_bind_text(q, ":pains", t->pains);
}

static int term_taken(const tm_term *t, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "term", "the glossary has '%s' already", t->term);
}

static int sq_term_add(tm_store *st, tm_term *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO glossary(id, term, kind, definition, role, goals, pains) "
				  "VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'glossary'), :term, :kind, "
				  ":definition, :role, :goals, :pains) RETURNING id, version, created_at, updated_at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_term(q, t);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		t->id = sqlite3_column_int64(q, 0);
		t->version = sqlite3_column_int64(q, 1);
		sq_col_text(q, 2, t->created_at, sizeof(t->created_at));
		sq_col_text(q, 3, t->updated_at, sizeof(t->updated_at));
		rc = sqlite3_step(q);
	}
	int ext = sqlite3_extended_errcode(s->db);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (ext == SQLITE_CONSTRAINT_UNIQUE)
		return term_taken(t, err);
	return sq_db_fail(s, err, "adding a glossary term");
}

/* After a write at a version changed nothing: TM_ESTALE when the term is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct sq *s, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM glossary WHERE id = :id";
	return sq_stale_or_gone(s, sql, "glossary term", id, err);
}

static int sq_term_update(tm_store *st, tm_term *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE glossary SET term = :term, kind = :kind, definition = :definition, role = :role, "
				  "goals = :goals, pains = :pains, version = version + 1, "
				  "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id AND version = :version "
				  "RETURNING version, updated_at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_term(q, t);
	sq_bind_int(q, ":id", t->id);
	sq_bind_int(q, ":version", t->version);
	int rc = sqlite3_step(q), found = rc == SQLITE_ROW;
	if (found) {
		t->version = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, t->updated_at, sizeof(t->updated_at));
		rc = sqlite3_step(q);
	}
	int ext = sqlite3_extended_errcode(s->db);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return ext == SQLITE_CONSTRAINT_UNIQUE ? term_taken(t, err) : sq_db_fail(s, err, "changing a glossary term");
	return found ? 0 : stale_or_gone(s, t->id, err);
}

static int sq_term_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM glossary WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a glossary term", err);
	if (!rc && !sqlite3_changes(s->db))
		return tm_fail(err, TM_ENOTFOUND, "unknown glossary term %lld", (long long)id);
	return rc;
}

/* One term of q (GLOSSARY_COLS): *found false when none. */
static int read_one(struct sq *s, sqlite3_stmt *q, tm_term *out, bool *found, tm_error *err)
{
	tm_row r = sq_row(q);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (*found)
		tm_row_term(&r, out);
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a glossary term");
}

static int sq_term_get(tm_store *st, int64_t id, tm_term *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	bool found = false;
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = read_one(s, q, out, &found, err);
	if (!rc && !found)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown glossary term %lld", (long long)id);
	return rc;
}

static int sq_term_find(tm_store *st, const char *ref, tm_term *out, tm_error *err)
{
	struct sq *s = SQ(st);
	/* The term as written first (a term may be a number: "404"), then an id ("12" or "#12"). */
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE term = :ref COLLATE NOCASE";
	int64_t id = 0;
	bool found = false;
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":ref", ref);
	int rc = read_one(s, q, out, &found, err);
	if (rc || found)
		return rc;
	if (tm_row_parse_id(ref, &id) && !sq_term_get(st, id, out, err))
		return 0;
	return tm_fail(err, TM_ENOTFOUND, "unknown glossary term '%s'", ref);
}

static int sq_term_list(tm_store *st, int kind, tm_terms *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " GLOSSARY_COLS " FROM glossary WHERE :kind IS NULL OR kind = :kind "
				  "ORDER BY lower(term), id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	if (kind >= 0 && kind < TM_TERM_KIND_COUNT)
		sq_bind_text(q, ":kind", tm_term_kind_names[kind]);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_term(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing the glossary");
}

const struct tm_store_glossary_ops tm_sqlite_glossary_ops = {
	.add = sq_term_add,
	.update = sq_term_update,
	.rm = sq_term_rm,
	.get = sq_term_get,
	.find = sq_term_find,
	.list = sq_term_list,
};
