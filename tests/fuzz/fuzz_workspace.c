/*
 * fuzz_workspace.c - import workspace's reader (src/app/import_workspace.c)
 * on arbitrary bytes, over a store that takes every row (no database: the
 * copy ops below only check what they are handed). Whatever the input, the
 * reader either refuses it with TM_EINVAL naming the document, or hands the
 * writer rows of exactly their table's number of cells (text or NULL) in the
 * order of store/copy.c's tables, then sets the counters once, all inside
 * one transaction that ends committed or rolled back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/export.h"
#include "store/store.h"
#include "fake_tx.h"

#include "util/banned.h"

const int tm_sqlite_n_migrations = 16;

/* store/copy.c's opener, which the reader never calls. */
int tm_store_open(const char *db, tm_store **out, tm_error *err)
{
	(void)db;
	(void)out;
	return tm_fail(err, TM_EINTERNAL, "no store here");
}
bool tm_store_is_pg(const char *db)
{
	(void)db;
	return false;
}
void tm_store_shown(const char *db, char *out, size_t n)
{
	(void)db;
	if (n)
		out[0] = '\0';
}

static struct {
	int writers, last_table, finished;
	const tm_copy_table *t;
} state;

struct tm_copy_writer {
	const tm_copy_table *t;
};

static int rows(tm_store *st, const tm_copy_table *t, int64_t *n, tm_error *err)
{
	(void)st, (void)t, (void)err;
	*n = 0;
	return 0;
}
static int bulk(tm_store *st, tm_error *err)
{
	(void)st, (void)err;
	return 0;
}
static int clear(tm_store *st, tm_error *err)
{
	(void)st, (void)err;
	abort(); /* the store is empty: nothing to clear */
}
static int writer(tm_store *st, const tm_copy_table *t, tm_copy_writer **out, tm_error *err)
{
	(void)st, (void)err;
	int i = 0;
	while (tm_copy_tables[i].name && &tm_copy_tables[i] != t)
		i++;
	if (!fake.in_tx || state.writers || i <= state.last_table || !tm_export_carries(t))
		abort();
	state.writers++;
	state.last_table = i;
	static struct tm_copy_writer w;
	w.t = t;
	*out = &w;
	return 0;
}
static int put(tm_copy_writer *w, const tm_cell *row, tm_error *err)
{
	int n = tm_copy_ncols(w->t);
	for (int i = 0; i < n; i++)
		if (row[i].v && strlen(row[i].v) > row[i].len)
			abort();
	/* A key of "refuse" stands for a row the database refuses (a broken reference). */
	if (row[0].v && !strcmp(row[0].v, "refuse"))
		return tm_fail(err, TM_ECONFLICT, "refused");
	return 0;
}
static int writer_end(tm_copy_writer *w, bool flush, tm_error *err)
{
	(void)w, (void)flush, (void)err;
	if (state.writers != 1)
		abort();
	state.writers = 0;
	return 0;
}
static int finish(tm_store *st, const int64_t last[TM_COUNTERS], tm_error *err)
{
	(void)st, (void)err;
	for (int i = 0; i < TM_COUNTERS; i++)
		if (last[i] < 0)
			abort();
	state.finished++;
	return 0;
}
/* A key is set only after the tables and counters are in. */
static int feed_key_set(tm_store *st, const unsigned char key[32], tm_error *err)
{
	(void)st, (void)key, (void)err;
	if (state.finished != 1)
		abort();
	return 0;
}
static const struct tm_store_copy_ops copy_ops = {
	.rows = rows, .bulk = bulk, .clear = clear, .writer = writer, .put = put, .writer_end = writer_end,
	.finish = finish, .feed_key_set = feed_key_set,
};

static void fake_on_commit(void)
{
}
static void fake_on_rollback(void)
{
}
static bool fake_audit_ok(const tm_audit *a)
{
	(void)a;
	return false; /* an import writes no audit record of its own */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tm_store_ops ops = { 0 };
	ops.tx = &fake_tx_ops;
	ops.copy = &copy_ops;
	tm_store st = { 0 };
	st.ops = &ops;
	tm_app app = { 0 };
	app.st = &st;
	tm_workspace_import_result res;
	tm_error err = TM_ERROR_INIT;
	memset(&state, 0, sizeof(state));
	fake_reset(NULL);
	state.last_table = -1;
	int rc = tm_app_import_workspace(&app, "doc.json", (const char *)data, size, &res, &err);
	if (fake.in_tx || state.writers)
		abort();
	if (rc && (rc != TM_EINVAL || strncmp(err.msg, "doc.json", 8) || res.n))
		abort();
	if (!rc && (state.finished != 1 || res.schema != 16))
		abort();
	return 0;
}
