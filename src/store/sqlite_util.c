/*
 * sqlite_util.c - the thin SQLite layer the backend's files share:
 * statements prepared once and cached by their SQL text's address, bound
 * by name, stepped and reset. Parameters are always bound, never pasted
 * into SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"



struct sq *SQ(tm_store *st) { return (struct sq *)st; }

int sq_db_fail(struct sq *s, tm_error *err, const char *what)
{
	int ext = sqlite3_extended_errcode(s->db);
	if (ext == SQLITE_BUSY || ext == SQLITE_LOCKED)
		return tm_fail(err, TM_ECONFLICT, "the database is busy (%s): try again", what);
	return tm_fail(err, TM_EDB, "database error while %s: %s", what, sqlite3_errmsg(s->db));
}

/* A cached, reset statement for sql (a string literal), or NULL with err set. */
sqlite3_stmt *sq_stmt(struct sq *s, const char *sql, tm_error *err)
{
	for (int i = 0; i < s->n_cache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_db_fail(s, err, "preparing a statement");
		return NULL;
	}
	if (s->n_cache < MAX_STMTS) {
		s->cache[s->n_cache].sql = sql;
		s->cache[s->n_cache++].st = st;
	}
	return st;
}

void sq_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Binds NULL for an empty string. */
void sq_bind_text_or_null(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0) {
		if (v && *v)
			sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i);
	}
}

void sq_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* Binds NULL for 0 (an unset reference). */
void sq_bind_id(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0) {
		if (v)
			sqlite3_bind_int64(st, i, v);
		else
			sqlite3_bind_null(st, i);
	}
}

void sq_bind_date(sqlite3_stmt *st, const char *name, bool has, tm_date d)
{
	char buf[TM_DATE_STRLEN];
	sq_bind_text_or_null(st, name, has ? tm_date_format(d, buf) : NULL);
}

void sq_col_text(sqlite3_stmt *st, int i, char *out, size_t outsz)
{
	/* What snprintf("%s") would copy, without its format parsing: listing 10,000 launches
	 * copies 40,000 columns, and snprintf was a sixth of `launch list`'s time. */
	const char *t = (const char *)sqlite3_column_text(st, i);
	size_t n = t ? strnlen(t, outsz - 1) : 0;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

/* Reads a date column; false when NULL or unparsable. */
bool sq_col_date(sqlite3_stmt *st, int i, tm_date *out)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t && tm_date_parse(t, out, NULL) == 0;
}

/* Runs a statement that returns no rows. */
int sq_exec_stmt(struct sq *s, sqlite3_stmt *st, const char *what, tm_error *err)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int ext = sqlite3_extended_errcode(s->db);
		sqlite3_reset(st);
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return tm_fail(err, TM_ECONFLICT, "%s: already exists", what);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return tm_fail(err, TM_ENOTFOUND, "%s: a referenced record does not exist", what);
		return sq_db_fail(s, err, what);
	}
	sqlite3_reset(st);
	return 0;
}

int sq_exec(struct sq *s, const char *sql, tm_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = tm_fail(err, TM_EDB, "database error: %s", msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

