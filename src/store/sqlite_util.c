/*
 * sqlite_util.c - the thin SQLite layer the backend's files share:
 * statements prepared once and cached by their SQL text's address, bound
 * by name, stepped and reset. Parameters are always bound, never pasted
 * into SQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"



struct sq *SQ(tm_store *st) { return (struct sq *)st; }

/*
 * The errno of a write (or truncation) that failed on the database's files. SQLite's own record of
 * it (sqlite3_system_errno) is errno as the rollback that followed left it, often 0: a write the
 * file-size limit stopped reads back as a plain "disk I/O error". Each file keeps the errno of its
 * last failure, so the write-ahead log (where a WAL workspace's writes go) is asked, then the
 * database file.
 */
static int write_errno(struct sq *s)
{
	int e = sqlite3_system_errno(s->db);
	sqlite3_file *wal = NULL;
	if (!e && sqlite3_file_control(s->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK && wal &&
	    wal->pMethods && wal->pMethods->xFileControl(wal, SQLITE_FCNTL_LAST_ERRNO, &e) != SQLITE_OK)
		e = 0;
	if (!e && sqlite3_file_control(s->db, "main", SQLITE_FCNTL_LAST_ERRNO, &e) != SQLITE_OK)
		e = 0;
	return e;
}

static bool is_full_errno(int e)
{
	return e == ENOSPC || e == EFBIG || e == EDQUOT;
}

/* The error of a result code, by code: never by the message's text. */
static int fail_code(struct sq *s, int code, const char *msg, const char *what, tm_error *err)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tm_fail(err, TM_EBUSY, "the database is busy (%s): try again", what);
	case SQLITE_READONLY:
		return sq_readonly_fail(s, err);
	case SQLITE_NOMEM:
		tm_mem_fail();
		return tm_fail(err, TM_ENOMEM, "out of memory while %s: nothing was changed", what);
	case SQLITE_FULL: /* ENOSPC, which SQLite does not keep */
		return sq_full_fail(s, 0, err);
	case SQLITE_IOERR: {
		bool wrote = code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_TRUNCATE;
		int e = wrote ? write_errno(s) : sqlite3_system_errno(s->db);
		/* Growing the WAL index (-shm) writes a byte at its new end: only room can refuse that. */
		if (is_full_errno(e) || code == SQLITE_IOERR_SHMSIZE)
			return sq_full_fail(s, e, err);
		return tm_fail(err, TM_EDB, "database error while %s: %s%s%s", what, msg, e ? ": " : "", e ? tm_strerror(e) : "");
	}
	default:
		return tm_fail(err, TM_EDB, "database error while %s: %s", what, msg);
	}
}

int sq_db_fail(struct sq *s, tm_error *err, const char *what)
{
	return fail_code(s, sqlite3_extended_errcode(s->db), sqlite3_errmsg(s->db), what, err);
}

void sq_readonly_why(const char *path, char *out, size_t outsz)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	out[0] = '\0';
	if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
		snprintf(out, outsz, ": %s", errno == EROFS ? "its file system is mounted read-only" : "the file is not writable");
	else if (access(dir, W_OK) != 0)
		snprintf(out, outsz, ": %s", errno == EROFS ? "its file system is mounted read-only"
							     : "its folder is not writable (SQLite keeps its journal beside the file)");
}

int sq_full_fail(struct sq *s, int e, tm_error *err)
{
	return tm_fail(err, TM_EFULL, "the disk holding %s is full%s: nothing was changed", s->path,
		       e == EFBIG ? " (or the workspace reached the file-size limit)" : e == EDQUOT ? " (its quota is used up)" : "");
}

int sq_readonly_fail(struct sq *s, tm_error *err)
{
	char why[128];
	sq_readonly_why(s->path, why, sizeof(why));
	return tm_fail(err, TM_EREADONLY, "'%s' is read-only%s", s->path, why);
}

static bool is_tx_control(const char *sql)
{
	static const char *const words[] = { "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strncmp(sql, words[i], strlen(words[i])))
			return true;
	return false;
}

/* A cached, reset statement for sql (a string literal), or NULL with err set. */
sqlite3_stmt *sq_stmt(struct sq *s, const char *sql, tm_error *err)
{
	/* Inside a transaction SQLite has ended by itself (after SQLITE_NOMEM, FULL, IOERR or BUSY it may roll
	 * it all back), a statement would run on its own and a write be saved alone, after a read whose error
	 * was let pass (the audit's copy of a record): nothing more runs until the use case rolls back. (The
	 * transaction's own statements, BEGIN first of all, run.) */
	if (s->depth && sqlite3_get_autocommit(s->db) && !is_tx_control(sql)) {
		if (tm_mem_failed())
			tm_fail(err, TM_ENOMEM, "out of memory: nothing was changed");
		else
			tm_fail(err, TM_EDB, "the database ended the transaction after an error: nothing was changed");
		return NULL;
	}
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

/* Reads a date column; false when NULL or unparsable. Any four-digit year reads back: a
 * baseline's plan may run past the range tminus takes dates in, and an older database may hold
 * dates from before that range. */
bool sq_col_date(sqlite3_stmt *st, int i, tm_date *out)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t && tm_date_parse_any(t, out, NULL) == 0;
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
		int rc = fail_code(s, sqlite3_extended_errcode(s->db), msg ? msg : sqlite3_errmsg(s->db), "updating the schema",
				   err);
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}


static const char *row_text(const tm_row *r, int col)
{
	return (const char *)sqlite3_column_text(r->res, col);
}

static int64_t row_i64(const tm_row *r, int col)
{
	return sqlite3_column_int64(r->res, col);
}

static const struct tm_row_ops sq_row_ops = { .text = row_text, .i64 = row_i64 };

tm_row sq_row(sqlite3_stmt *st)
{
	return (tm_row){ &sq_row_ops, st, 0 };
}

int sq_stale_or_gone(struct sq *s, const char *version_sql, const char *what, int64_t id, tm_error *err)
{
	sqlite3_stmt *q = sq_stmt(s, version_sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int step = sqlite3_step(q);
	int64_t version = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (step == SQLITE_ROW)
		return tm_fail(err, TM_ESTALE, "%s %lld was changed since it was read (now version %lld)", what,
			       (long long)id, (long long)version);
	if (step != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a row's version");
	return tm_fail(err, TM_ENOTFOUND, "unknown %s %lld", what, (long long)id);
}

int sq_key_get(struct sq *s, const char *get_sql, const char *key, tm_buf *out, bool *found, const char *what,
	       tm_error *err)
{
	sqlite3_stmt *q = sq_stmt(s, get_sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":key", key);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		tm_buf_adds(out, (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

int sq_key_set(struct sq *s, const char *set_sql, const char *del_sql, const char *key, const char *value,
	       const char *what, tm_error *err)
{
	sqlite3_stmt *q = sq_stmt(s, value ? set_sql : del_sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":key", key);
	if (value)
		sq_bind_text(q, ":value", value);
	return sq_exec_stmt(s, q, what, err);
}
