/*
 * pg_copy.c - a PostgreSQL workspace read and written whole, a table at a
 * time, for `tminus copy` (the tables: copy.c). The statements are made from
 * that constant list (identifiers only, quoted); every value is a parameter.
 *
 * Reading goes through a cursor, a few thousand rows a round trip, so a
 * large table is never held whole. Writing holds rows back and sends them as
 * one multi-row INSERT of a statement prepared once per table (a round trip
 * per batch, not per row), with explicit ids: OVERRIDING SYSTEM VALUE for
 * the audit log's identity column, and the table's triggers off meanwhile.
 * The id counters are id_sequence's rows
 * and the audit identity's sequence (setval); the feed key is the row of
 * secrets (pg_settings.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

#define FETCH_ROWS 5000
#define FETCH_ROWS_TEXT "5000"
#define BATCH_ROWS 1000
#define MAX_PARAMS 65535   /* PostgreSQL's limit on one statement's parameters */

static int pg_copy_rows(tm_store *st, const tm_copy_table *t, int64_t *n, tm_error *err)
{
	tm_buf sql = TM_BUF_INIT;
	char what[96];
	snprintf(what, sizeof(what), "counting the rows of %s", t->name);
	tm_buf_printf(&sql, "SELECT count(*) FROM \"%s\"", t->name);
	PGresult *r = pg_query_text(PG(st), sql.s, what, err);
	tm_buf_release(&sql);
	if (!r)
		return err->code;
	*n = PQntuples(r) ? pg_col_i64(r, 0, 0) : 0;
	PQclear(r);
	return 0;
}

/* Inside the caller's transaction: a cursor over the table, fetched a batch at a time. */
static int pg_copy_read(tm_store *st, const tm_copy_table *t, tm_copy_row_fn fn, void *arg, tm_error *err)
{
	struct pg *p = PG(st);
	tm_buf sql = TM_BUF_INIT;
	int n = tm_copy_ncols(t), rc = 0;
	tm_cell *row = tm_xcalloc((size_t)n, sizeof(*row));
	char what[96];
	snprintf(what, sizeof(what), "reading %s", t->name);
	tm_buf_adds(&sql, "DECLARE tm_copy NO SCROLL CURSOR FOR SELECT ");
	tm_copy_columns(&sql, t);
	tm_buf_printf(&sql, " FROM \"%s\" ORDER BY %s", t->name, t->key);
	PGresult *r = pg_query_text(p, sql.s, what, err);
	if (!r) {
		rc = err->code;
		goto out;
	}
	PQclear(r);
	for (;;) {
		static const char fetch[] = "FETCH " FETCH_ROWS_TEXT " FROM tm_copy";
		if (!(r = pg_query_text(p, fetch, what, err))) {
			rc = err->code;
			goto out;
		}
		int rows = PQntuples(r);
		for (int k = 0; !rc && k < rows; k++) {
			unsigned char *blob = NULL;
			for (int i = 0; i < n; i++) {
				if (PQgetisnull(r, k, i)) {
					row[i] = (tm_cell){ NULL, 0 };
				} else if (i == t->blob) {
					size_t len = 0;
					blob = PQunescapeBytea((const unsigned char *)PQgetvalue(r, k, i), &len);
					if (!blob) {
						rc = tm_fail(err, TM_EINTERNAL, "out of memory while %s", what);
						break;
					}
					row[i] = (tm_cell){ (const char *)blob, len };
				} else {
					row[i] = (tm_cell){ PQgetvalue(r, k, i), (size_t)PQgetlength(r, k, i) };
				}
			}
			if (!rc)
				rc = fn(arg, row, err);
			if (blob)
				PQfreemem(blob);
		}
		PQclear(r);
		if (rc || rows < FETCH_ROWS)
			break;
	}
	if (!rc && !(r = pg_query_text(p, "CLOSE tm_copy", what, err)))
		rc = err->code;
	else if (!rc)
		PQclear(r);
out:
	tm_buf_release(&sql);
	free(row);
	return rc;
}

static int pg_copy_bulk(tm_store *st, tm_error *err)
{
	(void)st;
	(void)err; /* nothing to ready: rows go in batches */
	return 0;
}

/* One statement for every table: TRUNCATE checks no foreign key between the tables it empties. */
static int pg_copy_clear(tm_store *st, tm_error *err)
{
	tm_buf sql = TM_BUF_INIT;
	tm_buf_adds(&sql, "TRUNCATE ");
	for (int i = 0; tm_copy_tables[i].name; i++)
		tm_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", tm_copy_tables[i].name);
	PGresult *r = pg_query_text(PG(st), sql.s, "emptying the workspace", err);
	tm_buf_release(&sql);
	if (!r)
		return err->code;
	PQclear(r);
	return 0;
}

struct tm_copy_writer {
	struct pg *p;
	const tm_copy_table *t;
	int n;                 /* columns */
	int batch;             /* rows a full batch holds */
	char name[64];         /* the full batch's prepared statement, "" until prepared */
	tm_buf data;           /* the held rows' values, back to back */
	size_t *off;           /* per held cell: where its value starts in data */
	int *len;              /* its length, -1 for NULL */
	int held;              /* rows held back */
	char what[96];         /* "copying TABLE", for errors */
};

/* INSERT … VALUES of rows rows: ($1, …, $n), ($n+1, …). */
static void insert_sql(tm_buf *sql, const tm_copy_writer *w, int rows)
{
	tm_buf_printf(sql, "INSERT INTO \"%s\"(", w->t->name);
	tm_copy_columns(sql, w->t);
	tm_buf_adds(sql, ") OVERRIDING SYSTEM VALUE VALUES ");
	for (int r = 0, k = 1; r < rows; r++) {
		tm_buf_adds(sql, r ? ", (" : "(");
		for (int i = 0; i < w->n; i++, k++)
			tm_buf_printf(sql, "%s$%d", i ? ", " : "", k);
		tm_buf_addc(sql, ')');
	}
}

static int prepare(tm_copy_writer *w, const char *name, int rows, tm_error *err)
{
	tm_buf sql = TM_BUF_INIT;
	insert_sql(&sql, w, rows);
	pg_drain(w->p);
	PGresult *r = PQprepare(w->p->conn, name, sql.s, 0, NULL);
	tm_buf_release(&sql);
	int rc = r && PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : pg_fail(w->p, r, w->what, err);
	PQclear(r);
	return rc;
}

/* Sends the held rows as one INSERT. */
static int flush(tm_copy_writer *w, tm_error *err)
{
	if (!w->held)
		return 0;
	if (w->p->aborted)
		return tm_fail(err, TM_EDB, "database error while %s: the transaction failed before", w->what);
	int rc = 0, cells = w->held * w->n;
	const char **values = tm_xcalloc((size_t)cells, sizeof(*values));
	int *lens = tm_xcalloc((size_t)cells, sizeof(*lens)), *fmts = tm_xcalloc((size_t)cells, sizeof(*fmts));
	for (int c = 0; c < cells; c++) {
		values[c] = w->len[c] < 0 ? NULL : w->data.s + w->off[c];
		lens[c] = w->len[c] < 0 ? 0 : w->len[c];
		fmts[c] = c % w->n == w->t->blob; /* the blob's bytes as they are */
	}
	/* A full batch reuses its statement; the last, shorter one is prepared unnamed. */
	const char *name = "";
	if (w->held == w->batch) {
		if (!w->name[0]) {
			char made[64];
			snprintf(made, sizeof(made), "tm_copy_%s", w->t->name);
			if ((rc = prepare(w, made, w->batch, err)))
				goto out;
			snprintf(w->name, sizeof(w->name), "%s", made);
		}
		name = w->name;
	} else if ((rc = prepare(w, "", w->held, err))) {
		goto out;
	}
	PGresult *r = PQexecPrepared(w->p->conn, name, cells, values, lens, fmts, 0);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(w->p, r, w->what, err);
	PQclear(r);
out:
	free(values);
	free(lens);
	free(fmts);
	w->held = 0;
	tm_buf_reset(&w->data);
	return rc;
}

/*
 * The table's own triggers are off while its rows go in (until writer_end, in this transaction only;
 * foreign keys are still checked): each task's insert would otherwise update its launch's counts, a
 * new version of the launch's row per task. finish() sets what they keep.
 */
static int triggers(struct pg *p, const tm_copy_table *t, bool on, const char *what, tm_error *err)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" %s TRIGGER USER", t->name, on ? "ENABLE" : "DISABLE");
	PGresult *r = pg_query_text(p, sql, what, err);
	if (!r)
		return err->code;
	PQclear(r);
	return 0;
}

static int pg_copy_writer(tm_store *st, const tm_copy_table *t, tm_copy_writer **out, tm_error *err)
{
	char what[96];
	snprintf(what, sizeof(what), "copying %s", t->name);
	int rc = triggers(PG(st), t, false, what, err);
	if (rc)
		return rc;
	tm_copy_writer *w = tm_xcalloc(1, sizeof(*w));
	w->p = PG(st);
	w->t = t;
	w->n = tm_copy_ncols(t);
	w->batch = MAX_PARAMS / w->n < BATCH_ROWS ? MAX_PARAMS / w->n : BATCH_ROWS;
	tm_buf_init(&w->data);
	w->off = tm_xcalloc((size_t)w->batch * w->n, sizeof(*w->off));
	w->len = tm_xcalloc((size_t)w->batch * w->n, sizeof(*w->len));
	snprintf(w->what, sizeof(w->what), "copying %s", t->name);
	*out = w;
	return 0;
}

static int pg_copy_put(tm_copy_writer *w, const tm_cell *row, tm_error *err)
{
	for (int i = 0, c = w->held * w->n; i < w->n; i++, c++) {
		if (row[i].len > (size_t)0x7fffffff)
			return tm_fail(err, TM_EINVAL, "%s: a value is too long", w->what);
		w->off[c] = w->data.len;
		w->len[c] = row[i].v ? (int)row[i].len : -1;
		if (row[i].v)
			tm_buf_add(&w->data, row[i].v, row[i].len);
		tm_buf_addc(&w->data, '\0'); /* text parameters are read up to their NUL */
	}
	return ++w->held == w->batch ? flush(w, err) : 0;
}

static int pg_copy_writer_end(tm_copy_writer *w, bool do_flush, tm_error *err)
{
	if (!w)
		return 0;
	int rc = do_flush ? flush(w, err) : 0;
	if (!rc && do_flush)
		rc = triggers(w->p, w->t, true, w->what, err);
	if (w->name[0] && !w->p->aborted) {
		char sql[96];
		tm_error ignored = TM_ERROR_INIT;
		snprintf(sql, sizeof(sql), "DEALLOCATE \"%s\"", w->name);
		pg_exec(w->p, sql, "freeing a statement", &ignored);
	}
	tm_buf_release(&w->data);
	free(w->off);
	free(w->len);
	free(w);
	return rc;
}

static int pg_copy_counters(tm_store *st, int64_t last[TM_COUNTERS], tm_error *err)
{
	static const char sql[] =
		"SELECT greatest((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'launches'),"
		"                (SELECT coalesce(max(id), 0) FROM launches)),"
		"       greatest((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'tasks'),"
		"                (SELECT coalesce(max(id), 0) FROM tasks)),"
		"       greatest((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'users'),"
		"                (SELECT coalesce(max(id), 0) FROM users)),"
		"       greatest((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'tokens'),"
		"                (SELECT coalesce(max(id), 0) FROM tokens)),"
		"       greatest((SELECT coalesce(max(id), 0) FROM audit),"
		"                coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit', 'id')::regclass), 0))";
	PGresult *r = pg_run(PG(st), sql, NULL, "reading the id counters", err);
	if (!r)
		return err->code;
	for (int i = 0; i < TM_COUNTERS; i++)
		last[i] = PQntuples(r) ? pg_col_i64(r, 0, i) : 0;
	PQclear(r);
	return 0;
}

static int pg_copy_finish(tm_store *st, const int64_t last[TM_COUNTERS], tm_error *err)
{
	struct pg *p = PG(st);
	static const char set_id[] = "INSERT INTO id_sequence(name, last) VALUES($1, $2) "
				     "ON CONFLICT (name) DO UPDATE SET last = excluded.last";
	/* The inserts' triggers counted each task on top of the counts copied: count again. */
	static const char counts[] =
		"UPDATE launches SET tasks_total = (SELECT count(*) FROM tasks WHERE launch_id = launches.id),"
		" tasks_done = (SELECT count(*) FROM tasks WHERE launch_id = launches.id AND status = 'done')";
	/* The audit identity hands out the id after the highest copied (or counted) one. */
	static const char audit[] =
		"SELECT setval(pg_get_serial_sequence('audit', 'id'),"
		" greatest($1::bigint, (SELECT coalesce(max(id), 0) FROM audit), 1),"
		" greatest($1::bigint, (SELECT coalesce(max(id), 0) FROM audit)) > 0)";
	static const char *const names[] = { [TM_COUNTER_LAUNCHES] = "launches", [TM_COUNTER_TASKS] = "tasks",
					     [TM_COUNTER_USERS] = "users", [TM_COUNTER_TOKENS] = "tokens" };
	int rc = 0;
	for (int i = 0; !rc && i < TM_COUNTER_AUDIT; i++) {
		pg_params a = PG_PARAMS_INIT;
		pg_text(&a, names[i]);
		pg_int(&a, last[i]);
		rc = pg_do(p, set_id, &a, "setting the id counters", err);
	}
	if (!rc)
		rc = pg_do(p, counts, NULL, "counting the launches' tasks", err);
	if (!rc) {
		pg_params a = PG_PARAMS_INIT;
		pg_int(&a, last[TM_COUNTER_AUDIT]);
		PGresult *r = pg_run(p, audit, &a, "setting the audit log's next id", err);
		if (!r)
			return err->code;
		PQclear(r);
	}
	return rc;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int pg_copy_feed_key_get(tm_store *st, unsigned char key[32], bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM secrets WHERE name = 'feed_key'";
	PGresult *r = pg_run(PG(st), sql, NULL, "reading the feed key", err);
	if (!r)
		return err->code;
	int rc = 0;
	*found = PQntuples(r) > 0;
	if (*found) {
		const char *hex = PQgetvalue(r, 0, 0);
		bool ok = PQgetlength(r, 0, 0) == 64;
		for (int i = 0; ok && i < 32; i++) {
			/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): i < 32 */
			int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
			ok = hi >= 0 && lo >= 0;
			key[i] = (unsigned char)(ok ? hi << 4 | lo : 0); /* no shift of -1 (a damaged key) */
		}
		if (!ok)
			rc = tm_fail(err, TM_EIO, "the feed key in the database is damaged (it holds 64 hex digits)");
	}
	PQclear(r);
	return rc;
}

static int pg_copy_feed_key_set(tm_store *st, const unsigned char key[32], tm_error *err)
{
	static const char sql[] = "INSERT INTO secrets(name, value) VALUES('feed_key', $1) "
				  "ON CONFLICT (name) DO UPDATE SET value = excluded.value";
	static const char hexdigits[] = "0123456789abcdef";
	char hex[65];
	for (int i = 0; i < 32; i++) {
		/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): i < 32 */
		hex[2 * i] = hexdigits[key[i] >> 4];
		hex[2 * i + 1] = hexdigits[key[i] & 15];
	}
	hex[64] = '\0';
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hex);
	int rc = pg_do(PG(st), sql, &a, "saving the feed key", err);
	memset(hex, 0, sizeof(hex));
	return rc;
}

const struct tm_store_copy_ops tm_pg_copy_ops = {
	.rows = pg_copy_rows,
	.read = pg_copy_read,
	.bulk = pg_copy_bulk,
	.clear = pg_copy_clear,
	.writer = pg_copy_writer,
	.put = pg_copy_put,
	.writer_end = pg_copy_writer_end,
	.counters = pg_copy_counters,
	.finish = pg_copy_finish,
	.feed_key_get = pg_copy_feed_key_get,
	.feed_key_set = pg_copy_feed_key_set,
};
