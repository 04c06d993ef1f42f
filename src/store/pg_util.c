/*
 * pg_util.c - the thin libpq layer the PostgreSQL backend's files share:
 * statements prepared once per connection and found again by their SQL
 * text's address, parameters always bound (never pasted into SQL), and
 * PostgreSQL's errors turned into tminus's by SQLSTATE, never by message.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "store/pg_internal.h"

#include "util/banned.h"

struct pg *PG(tm_store *st) { return (struct pg *)st; }

void pg_drain(struct pg *p)
{
	if (!p->pending)
		return;
	p->pending = false;
	PGresult *r;
	/* A read-only transaction's COMMIT cannot lose anything: its outcome is only waited for here. */
	while (p->conn && (r = PQgetResult(p->conn)))
		PQclear(r);
}

int pg_lock_ids(struct pg *p, int table, tm_error *err)
{
	static const char sql[] = "SELECT pg_advisory_xact_lock(1414359406, $1::int)";
	if (p->id_locks & (1u << table))
		return 0;
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, table);
	int rc = pg_do(p, sql, &a, "waiting for the next id", err);
	if (!rc && p->depth)
		p->id_locks |= 1u << table;
	return rc;
}

int pg_gone_or_changed(struct pg *p, const char *table, int64_t id, tm_error *err)
{
	static const char launches[] = "SELECT 1 FROM launches WHERE id = $1",
			  tasks[] = "SELECT 1 FROM tasks WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *r = pg_run(p, strcmp(table, "tasks") ? launches : tasks, &a, "reading a version", err);
	if (!r)
		return err->code;
	bool there = PQntuples(r) > 0;
	PQclear(r);
	return there ? tm_fail(err, TM_ERETRY, "%s %lld was changed by another request meanwhile: try again",
			       strcmp(table, "tasks") ? "launch" : "task", (long long)id)
		     : 0;
}

static void param(pg_params *a, const char *v, int len, int fmt)
{
	if (a->n >= PG_MAX_PARAMS)
		return; /* caught by pg_run: a statement never has this many */
	a->v[a->n] = v;
	a->len[a->n] = len;
	a->fmt[a->n] = fmt;
	a->n++;
}

void pg_text(pg_params *a, const char *v) { param(a, v, 0, 0); }

void pg_text_or_null(pg_params *a, const char *v) { param(a, v && *v ? v : NULL, 0, 0); }

void pg_int(pg_params *a, int64_t v)
{
	if (a->n < PG_MAX_PARAMS) {
		snprintf(a->num[a->n], sizeof(a->num[a->n]), "%" PRId64, v);
		param(a, a->num[a->n], 0, 0);
	}
}

void pg_id(pg_params *a, int64_t v)
{
	if (v)
		pg_int(a, v);
	else
		param(a, NULL, 0, 0);
}

void pg_date(pg_params *a, bool has, tm_date d)
{
	if (has && a->n < PG_MAX_PARAMS) {
		tm_date_format(d, a->num[a->n]);
		param(a, a->num[a->n], 0, 0);
	} else {
		param(a, NULL, 0, 0);
	}
}

void pg_bytea(pg_params *a, const void *data, size_t len)
{
	param(a, data ? data : "", (int)len, 1);
}

/* Tables whose ids tminus hands out itself: a duplicate of one is two transactions taking the same id at once.
 * An idempotency key's row is another server's answer to the same key, committed meanwhile: the retry replays it. */
static bool allocated_id(const char *constraint)
{
	static const char *const keys[] = { "launches_pkey", "tasks_pkey", "people_pkey", "freezes_pkey",
					    "launch_dates_pkey", "decisions_pkey", "baselines_pkey", "users_pkey",
					    "tokens_pkey", "audit_pkey", "idempotency_pkey" };
	for (size_t i = 0; constraint && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(constraint, keys[i]))
			return true;
	return false;
}

/* The first line of libpq's message, without its "ERROR:  " and any password in it. */
static void first_line(const char *msg, char *out, size_t n)
{
	if (!msg || !*msg)
		msg = "unknown error";
	if (!strncmp(msg, "ERROR:  ", 8))
		msg += 8;
	size_t len = strcspn(msg, "\n");
	snprintf(out, n, "%.*s", (int)len, msg);
}

static int fail_of(struct pg *p, const PGresult *res, const char *what, tm_error *err);

int pg_fail(struct pg *p, const PGresult *res, const char *what, tm_error *err)
{
	int rc = fail_of(p, res, what, err);
	/* The transaction's first failure is what its later statements report (a connection lost under
	 * one is still 503 at the next, not a database error). */
	if (p->depth && !p->aborted) {
		p->aborted_code = rc;
		snprintf(p->aborted_msg, sizeof(p->aborted_msg), "%s", err ? err->msg : "");
	}
	if (p->depth)
		p->aborted = true;
	return rc;
}

int pg_aborted_fail(struct pg *p, const char *what, tm_error *err)
{
	if (p->aborted_code && p->aborted_code != TM_EDB)
		return tm_fail(err, p->aborted_code, "%s", p->aborted_msg);
	return tm_fail(err, TM_EDB, "database error while %s: the transaction failed before", what);
}

static int fail_of(struct pg *p, const PGresult *res, const char *what, tm_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[300];
	first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn), msg, sizeof(msg));
	/* libpq's own errors carry no SQLSTATE: once connected, those are the connection breaking under a
	 * statement ("server closed the connection unexpectedly"), which PQstatus may not show yet. */
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK || !state || !strncmp(state, "08", 2) ||
	    !strncmp(state, "57P", 3))
		return tm_fail(err, TM_EUNREACHABLE, "lost the connection to %s (%s): %s", p->shown, what, msg);
	if (!strcmp(state, "23505")) {
		if (allocated_id(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME)))
			return tm_fail(err, TM_ERETRY, "another change took the same id at once (%s): try again", what);
		return tm_fail(err, TM_ECONFLICT, "%s: already exists", what);
	}
	if (!strcmp(state, "23503"))
		return tm_fail(err, TM_ENOTFOUND, "%s: a referenced record does not exist", what);
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return tm_fail(err, TM_ERETRY, "a concurrent change got in the way (%s): try again", what);
	if (!strcmp(state, "55P03") || !strcmp(state, "57014"))
		return tm_fail(err, TM_EBUSY, "the database is busy (%s): try again", what);
	if (!strcmp(state, "25006"))
		return tm_fail(err, TM_EREADONLY, "the database %s is read-only (%s): %s", p->shown, what, msg);
	if (!strcmp(state, "53100"))
		return tm_fail(err, TM_EFULL, "the disk holding %s is full (%s): nothing was changed", p->shown, what);
	if (!strcmp(state, "53200"))
		return tm_fail(err, TM_ENOMEM, "the database server %s is out of memory (%s): nothing was changed", p->shown, what);
	return tm_fail(err, TM_EDB, "database error while %s: %s", what, msg);
}

/* The prepared name of sql on this connection, preparing it the first time. */
static int prepared(struct pg *p, const char *sql, int nparams, char name[16], tm_error *err)
{
	for (int i = 0; i < p->n_prepared; i++)
		if (p->prepared[i] == sql) {
			snprintf(name, 16, "tm%d", i);
			return 0;
		}
	/* The statements are the backend's string literals: more than PG_MAX_STMTS is a mistake here. */
	if (p->n_prepared >= PG_MAX_STMTS)
		return tm_fail(err, TM_EINTERNAL, "more than %d distinct statements on one connection", PG_MAX_STMTS);
	snprintf(name, 16, "tm%d", p->n_prepared);
	PGresult *r = PQprepare(p->conn, name, sql, nparams, NULL);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		int rc = pg_fail(p, r, "preparing a statement", err);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	p->prepared[p->n_prepared++] = sql;
	return 0;
}

/* Before a statement outside any transaction: a connection lost since is made again. */
static int ready(struct pg *p, tm_error *err)
{
	if (p->conn && PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->depth)
		return pg_fail(p, NULL, "running a statement", err);
	return pg_connect(p, err);
}

/* r if it holds rows or none, else NULL with its error in err. */
static PGresult *answered(struct pg *p, PGresult *r, const char *what, tm_error *err)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)
		return r;
	pg_fail(p, r, what, err);
	PQclear(r);
	return NULL;
}

PGresult *pg_run(struct pg *p, const char *sql, const pg_params *a, const char *what, tm_error *err)
{
	static const pg_params none = PG_PARAMS_INIT;
	if (!a)
		a = &none;
	if (a->n >= PG_MAX_PARAMS) {
		tm_fail(err, TM_EINTERNAL, "too many parameters while %s", what);
		return NULL;
	}
	if (p->aborted) {
		pg_aborted_fail(p, what, err);
		return NULL;
	}
	/* PostgreSQL holds only UTF-8 and refuses a parameter that is not: a lookup of such text finds
	 * nothing (as on SQLite, which compares the bytes), and anything else is bad input. */
	for (int i = 0; i < a->n; i++)
		if (a->v[i] && !a->fmt[i] && u8_check((const uint8_t *)a->v[i], strlen(a->v[i]))) {
			if (!strncmp(sql, "SELECT", 6)) {
				PGresult *none = p->conn ? PQmakeEmptyPGresult(p->conn, PGRES_TUPLES_OK) : NULL;
				if (!none)
					tm_fail(err, TM_EIO, "out of memory while %s", what);
				return none;
			}
			tm_fail(err, TM_EINVAL, "text that is not UTF-8 while %s", what);
			return NULL;
		}
	char name[16];
	pg_drain(p);
	if (strncmp(sql, "SELECT", 6))
		p->wrote = true;
	if (ready(p, err) || prepared(p, sql, a->n, name, err))
		return NULL;
	return answered(p, PQexecPrepared(p->conn, name, a->n, a->v, a->len, a->fmt, 0), what, err);
}

int pg_do(struct pg *p, const char *sql, const pg_params *a, const char *what, tm_error *err)
{
	PGresult *r = pg_run(p, sql, a, what, err);
	if (!r)
		return err->code;
	const char *n = PQcmdTuples(r);
	p->changed = n && *n ? strtoll(n, NULL, 10) : 0;
	PQclear(r);
	return 0;
}

PGresult *pg_query_text(struct pg *p, const char *sql, const char *what, tm_error *err)
{
	pg_drain(p);
	if (ready(p, err))
		return NULL;
	return answered(p, PQexec(p->conn, sql), what, err);
}

int pg_exec(struct pg *p, const char *sql, const char *what, tm_error *err)
{
	p->wrote = true;
	PGresult *r = pg_query_text(p, sql, what, err);
	PQclear(r);
	return r ? 0 : err->code;
}

static const char *row_text(const tm_row *r, int col)
{
	const PGresult *res = r->res;
	return PQgetisnull(res, r->row, col) ? NULL : PQgetvalue(res, r->row, col);
}

static int64_t row_i64(const tm_row *r, int col)
{
	const char *t = PQgetvalue(r->res, r->row, col);
	return t && *t ? strtoll(t, NULL, 10) : 0;
}

static const struct tm_row_ops pg_row_ops = { .text = row_text, .i64 = row_i64 };

tm_row pg_row(PGresult *res, int i)
{
	return (tm_row){ &pg_row_ops, res, i };
}

void pg_col_text(const PGresult *res, int row, int col, char *out, size_t outsz)
{
	const char *t = PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
	size_t n = t ? strnlen(t, outsz - 1) : 0;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

int64_t pg_col_i64(const PGresult *res, int row, int col)
{
	const char *t = PQgetvalue(res, row, col);
	return t && *t ? strtoll(t, NULL, 10) : 0;
}

int pg_stale_or_gone(struct pg *p, const char *version_sql, const char *what, int64_t id, tm_error *err)
{
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(p, version_sql, &a, "reading a row's version", err);
	if (!res)
		return err->code;
	int rc = PQntuples(res) > 0 ? tm_fail(err, TM_ESTALE, "%s %lld was changed since it was read (now version %lld)",
					      what, (long long)id, (long long)pg_col_i64(res, 0, 0))
				    : tm_fail(err, TM_ENOTFOUND, "unknown %s %lld", what, (long long)id);
	PQclear(res);
	return rc;
}

int pg_key_get(struct pg *p, const char *get_sql, const char *key, tm_buf *out, bool *found, const char *what,
	       tm_error *err)
{
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, key);
	PGresult *res = pg_run(p, get_sql, &a, what, err);
	if (!res)
		return err->code;
	*found = PQntuples(res) > 0;
	if (*found)
		tm_buf_adds(out, PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

int pg_key_set(struct pg *p, const char *set_sql, const char *del_sql, const char *key, const char *value,
	       const char *what, tm_error *err)
{
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, key);
	if (value)
		pg_text(&a, value);
	return pg_do(p, value ? set_sql : del_sql, &a, what, err);
}
