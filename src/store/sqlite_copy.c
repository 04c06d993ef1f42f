/*
 * sqlite_copy.c - a SQLite workspace read and written whole, a table at a
 * time, for `tminus copy` (the tables: copy.c). The statements are made from
 * that constant list (identifiers only, quoted); every value is bound.
 *
 * The id counters are SQLite's own: id_sequence for launches and tasks,
 * sqlite_sequence (AUTOINCREMENT) for users and tokens; the audit log's next
 * id is its highest plus one. The feed key is the file beside the database
 * (sqlite_settings.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

/* A statement made from text (not cached: each is used for one table of one copy). */
static sqlite3_stmt *prepare(struct sq *s, const tm_buf *sql, const char *what, tm_error *err)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(s->db, sql->s, (int)sql->len, &q, NULL) != SQLITE_OK) {
		sq_db_fail(s, err, what);
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

static int sq_copy_rows(tm_store *st, const tm_copy_table *t, int64_t *n, tm_error *err)
{
	struct sq *s = SQ(st);
	tm_buf sql = TM_BUF_INIT;
	char what[96];
	snprintf(what, sizeof(what), "counting the rows of %s", t->name);
	tm_buf_printf(&sql, "SELECT count(*) FROM \"%s\"", t->name);
	sqlite3_stmt *q = prepare(s, &sql, what, err);
	int rc = q ? 0 : err->code;
	if (q) {
		int step = sqlite3_step(q);
		*n = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		if (step != SQLITE_ROW)
			rc = sq_db_fail(s, err, what);
	}
	sqlite3_finalize(q);
	tm_buf_release(&sql);
	return rc;
}

static int sq_copy_read(tm_store *st, const tm_copy_table *t, tm_copy_row_fn fn, void *arg, tm_error *err)
{
	struct sq *s = SQ(st);
	tm_buf sql = TM_BUF_INIT;
	int n = tm_copy_ncols(t), rc = 0, step;
	tm_cell *row = tm_xcalloc((size_t)n, sizeof(*row));
	char (*num)[32] = tm_xcalloc((size_t)n, sizeof(*num));
	char what[96];
	snprintf(what, sizeof(what), "reading %s", t->name);
	tm_buf_adds(&sql, "SELECT ");
	tm_copy_columns(&sql, t);
	tm_buf_printf(&sql, " FROM \"%s\" ORDER BY %s", t->name, t->key);
	sqlite3_stmt *q = prepare(s, &sql, what, err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			if (sqlite3_column_type(q, i) == SQLITE_NULL) {
				row[i] = (tm_cell){ NULL, 0 };
			} else if (i == t->blob) {
				const void *b = sqlite3_column_blob(q, i);
				row[i] = (tm_cell){ b ? b : "", (size_t)sqlite3_column_bytes(q, i) };
			} else if (sqlite3_column_type(q, i) == SQLITE_FLOAT) {
				/* SQLite's own text of a double keeps 15 digits: 17 read back as the very value. */
				int len = snprintf(num[i], sizeof(num[i]), "%.17g", sqlite3_column_double(q, i));
				row[i] = (tm_cell){ num[i], (size_t)len };
			} else {
				const char *v = (const char *)sqlite3_column_text(q, i);
				row[i] = (tm_cell){ v ? v : "", (size_t)sqlite3_column_bytes(q, i) };
			}
		}
		rc = fn(arg, row, err);
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_db_fail(s, err, what);
out:
	sqlite3_finalize(q);
	tm_buf_release(&sql);
	free(num);
	free(row);
	return rc;
}

/*
 * A copy is one transaction of half a million inserts (10,000 launches): each insert's statement
 * journal (kept for its own rollback, as triggers and foreign keys ask) goes to memory rather than a
 * temporary file, and the page cache is big enough not to spill pages to the WAL half way. Without
 * them such a copy made 1.3 million writes. SQLite takes temp_store outside a transaction only.
 */
static int sq_copy_bulk(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	if (sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072", NULL, NULL, NULL) != SQLITE_OK)
		return sq_db_fail(s, err, "readying the workspace for a copy");
	return 0;
}

static int sq_copy_clear(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	int last = 0;
	while (tm_copy_tables[last].name)
		last++;
	/* Children first: nothing refers to a row when it goes. */
	for (int i = last - 1; i >= 0; i--) {
		tm_buf sql = TM_BUF_INIT;
		char what[96];
		snprintf(what, sizeof(what), "emptying %s", tm_copy_tables[i].name);
		tm_buf_printf(&sql, "DELETE FROM \"%s\"", tm_copy_tables[i].name);
		sqlite3_stmt *q = prepare(s, &sql, what, err);
		int rc = q ? sq_exec_stmt(s, q, what, err) : err->code;
		sqlite3_finalize(q);
		tm_buf_release(&sql);
		if (rc)
			return rc;
	}
	return 0;
}

struct tm_copy_writer {
	struct sq *s;
	const tm_copy_table *t;
	sqlite3_stmt *q;
	int n;                 /* columns */
	bool *real;            /* which columns are REAL: their text is read here, exactly (strtod) */
	char what[96];         /* "copying TABLE", for errors */
};

static int sq_copy_writer(tm_store *st, const tm_copy_table *t, tm_copy_writer **out, tm_error *err)
{
	struct sq *s = SQ(st);
	tm_copy_writer *w = tm_xcalloc(1, sizeof(*w));
	tm_buf sql = TM_BUF_INIT;
	w->s = s;
	w->t = t;
	w->n = tm_copy_ncols(t);
	snprintf(w->what, sizeof(w->what), "copying %s", t->name);
	tm_buf_printf(&sql, "INSERT INTO \"%s\"(", t->name);
	tm_copy_columns(&sql, t);
	tm_buf_adds(&sql, ") VALUES(");
	for (int i = 0; i < w->n; i++)
		tm_buf_adds(&sql, i ? ", ?" : "?");
	tm_buf_addc(&sql, ')');
	w->q = prepare(s, &sql, w->what, err);
	tm_buf_release(&sql);
	if (!w->q) {
		free(w);
		return err->code;
	}
	/* SQLite's own reading of a decimal text into a REAL column may miss the nearest double by one
	 * unit: the REAL columns take doubles read by strtod, which does not. */
	w->real = tm_xcalloc((size_t)w->n, sizeof(*w->real));
	sqlite3_stmt *info = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?) WHERE type = 'REAL'", -1, &info, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(info, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(info) == SQLITE_ROW)
			for (int i = 0; i < w->n; i++)
				if (!strcmp(t->cols[i], (const char *)sqlite3_column_text(info, 0)))
					w->real[i] = true;
	}
	sqlite3_finalize(info);
	*out = w;
	return 0;
}

/* Binds a REAL column's text as the double it reads as (strtod), or as text if it is not one. */
static void bind_real(sqlite3_stmt *q, int i, const tm_cell *c)
{
	char text[64], *end = NULL;
	if (c->len < sizeof(text)) {
		memcpy(text, c->v, c->len);
		text[c->len] = '\0';
		double d = strtod(text, &end);
		if (end != text && !*end) {
			sqlite3_bind_double(q, i, d);
			return;
		}
	}
	sqlite3_bind_text64(q, i, c->v, c->len, SQLITE_STATIC, SQLITE_UTF8);
}

static int sq_copy_put(tm_copy_writer *w, const tm_cell *row, tm_error *err)
{
	/* Text goes in as text: the column's affinity makes an integer of "12", as it was. The
	 * values are used before this returns, so they are not copied. */
	for (int i = 0; i < w->n; i++) {
		if (!row[i].v)
			sqlite3_bind_null(w->q, i + 1);
		else if (i == w->t->blob)
			sqlite3_bind_blob64(w->q, i + 1, row[i].v, row[i].len, SQLITE_STATIC);
		else if (w->real[i])
			bind_real(w->q, i + 1, &row[i]);
		else
			sqlite3_bind_text64(w->q, i + 1, row[i].v, row[i].len, SQLITE_STATIC, SQLITE_UTF8);
	}
	int rc = sq_exec_stmt(w->s, w->q, w->what, err);
	sqlite3_clear_bindings(w->q);
	return rc;
}

static int sq_copy_writer_end(tm_copy_writer *w, bool flush, tm_error *err)
{
	(void)flush; /* every row is written as it comes */
	(void)err;
	if (w) {
		sqlite3_finalize(w->q);
		free(w->real);
		free(w);
	}
	return 0;
}

static int sq_copy_counters(tm_store *st, int64_t last[TM_COUNTERS], tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"SELECT max((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'launches'),"
		"           (SELECT coalesce(max(id), 0) FROM launches)),"
		"       max((SELECT coalesce(max(last), 0) FROM id_sequence WHERE name = 'tasks'),"
		"           (SELECT coalesce(max(id), 0) FROM tasks)),"
		"       max((SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'users'),"
		"           (SELECT coalesce(max(id), 0) FROM users)),"
		"       max((SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'tokens'),"
		"           (SELECT coalesce(max(id), 0) FROM tokens)),"
		"       (SELECT coalesce(max(id), 0) FROM audit)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int step = sqlite3_step(q);
	for (int i = 0; i < TM_COUNTERS; i++)
		last[i] = step == SQLITE_ROW ? sqlite3_column_int64(q, i) : 0;
	sqlite3_reset(q);
	return step == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading the id counters");
}

static int sq_copy_finish(tm_store *st, const int64_t last[TM_COUNTERS], tm_error *err)
{
	struct sq *s = SQ(st);
	static const char set_id[] = "UPDATE id_sequence SET last = :last WHERE name = :name";
	static const char add_seq[] = "INSERT INTO sqlite_sequence(name, seq) SELECT :name, 0 "
				      "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :name)";
	static const char set_seq[] = "UPDATE sqlite_sequence SET seq = :last WHERE name = :name";
	/* The inserts' triggers counted each task on top of the counts copied: count again. */
	static const char counts[] =
		"UPDATE launches SET tasks_total = (SELECT count(*) FROM tasks WHERE launch_id = launches.id),"
		" tasks_done = (SELECT count(*) FROM tasks WHERE launch_id = launches.id AND status = 'done')";
	static const char rebuild[] = "INSERT INTO decisions_fts(decisions_fts) VALUES('rebuild')";
	static const struct {
		const char *name;
		int counter;
		bool autoincrement;
	} seqs[] = {
		{ "launches", TM_COUNTER_LAUNCHES, false },
		{ "tasks", TM_COUNTER_TASKS, false },
		{ "users", TM_COUNTER_USERS, true },
		{ "tokens", TM_COUNTER_TOKENS, true },
	};
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		sqlite3_stmt *q;
		if (seqs[i].autoincrement) {
			if (!(q = sq_stmt(s, add_seq, err)))
				return err->code;
			sq_bind_text(q, ":name", seqs[i].name);
			if ((rc = sq_exec_stmt(s, q, "setting the id counters", err)))
				break;
		}
		if (!(q = sq_stmt(s, seqs[i].autoincrement ? set_seq : set_id, err)))
			return err->code;
		sq_bind_text(q, ":name", seqs[i].name);
		sq_bind_int(q, ":last", last[seqs[i].counter]);
		rc = sq_exec_stmt(s, q, "setting the id counters", err);
	}
	/* The audit log's next id is its highest plus one, in both engines' copies of it. */
	if (!rc) {
		sqlite3_stmt *q = sq_stmt(s, counts, err);
		rc = q ? sq_exec_stmt(s, q, "counting the launches' tasks", err) : err->code;
	}
	/* The decisions' search index is the store's to keep, not a trigger's (sqlite_history.c): the
	 * copied rows are indexed again from the table, which also forgets what clear left behind. */
	if (!rc) {
		sqlite3_stmt *q = sq_stmt(s, rebuild, err);
		rc = q ? sq_exec_stmt(s, q, "indexing the decisions for search", err) : err->code;
	}
	return rc;
}

/* The key file's path: the database's, with ".feed-key" (as sqlite_settings.c names it). */
static int key_path(struct sq *s, char *out, size_t n, tm_error *err)
{
	const char *db = sqlite3_db_filename(s->db, "main");
	if (!db || !*db)
		return tm_fail(err, TM_EIO, "a workspace without a file has no place for its feed key");
	if ((size_t)snprintf(out, n, "%s.feed-key", db) >= n)
		return tm_fail(err, TM_EIO, "the database's path is too long for a feed key beside it");
	return 0;
}

static int sq_copy_feed_key_get(tm_store *st, unsigned char key[32], bool *found, tm_error *err)
{
	char path[4200];
	struct stat sb;
	int rc = key_path(SQ(st), path, sizeof(path), err);
	if (rc)
		return rc;
	*found = lstat(path, &sb) == 0;
	if (!*found)
		return errno == ENOENT ? 0 : tm_fail(err, TM_EIO, "cannot read the feed key '%s': %s", path, tm_strerror(errno));
	/* There is one: read (and checked) as every feed address reads it. */
	return tm_sqlite_settings_ops.feed_key(st, key, err);
}

/* Writes the key file whole under a temporary name (mode 0600), then renames it over the old one. */
static int sq_copy_feed_key_set(tm_store *st, const unsigned char key[32], tm_error *err)
{
	static const char hexdigits[] = "0123456789abcdef";
	char path[4200], tmp[4220], hex[65];
	int rc = key_path(SQ(st), path, sizeof(path), err);
	if (rc)
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return tm_fail(err, TM_EIO, "cannot create the feed key beside the database ('%s'): %s", path, tm_strerror(errno));
	for (int i = 0; i < 32; i++) {
		/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): i < 32 */
		hex[2 * i] = hexdigits[key[i] >> 4];
		hex[2 * i + 1] = hexdigits[key[i] & 15];
	}
	hex[64] = '\n';
	if (write(fd, hex, 65) != 65 || fsync(fd))
		rc = tm_fail(err, TM_EIO, "cannot write the feed key '%s': %s", tmp, tm_strerror(errno));
	memset(hex, 0, sizeof(hex));
	close(fd);
	if (!rc && rename(tmp, path))
		rc = tm_fail(err, TM_EIO, "cannot write the feed key '%s': %s", path, tm_strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

const struct tm_store_copy_ops tm_sqlite_copy_ops = {
	.rows = sq_copy_rows,
	.read = sq_copy_read,
	.bulk = sq_copy_bulk,
	.clear = sq_copy_clear,
	.writer = sq_copy_writer,
	.put = sq_copy_put,
	.writer_end = sq_copy_writer_end,
	.counters = sq_copy_counters,
	.finish = sq_copy_finish,
	.feed_key_get = sq_copy_feed_key_get,
	.feed_key_set = sq_copy_feed_key_set,
};
