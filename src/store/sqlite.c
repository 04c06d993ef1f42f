/*
 * sqlite.c - the SQLite backend of the store interface: transactions, the
 * database as a whole (data version, online backup), and the function table
 * the other sqlite_*.c files fill, a file per resource.
 *
 * A thin layer in Fossil's manner: statements are prepared once, cached by
 * their SQL text's address, bound by name, stepped and reset. Parameters are
 * always bound, never pasted into SQL.
 */
#include <stdlib.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

/*
 * Transactions nest so a use case can run inside a larger one (the demo
 * adds launches through the same use case a user calls): inner begin and
 * commit only count, and an inner rollback always reaches the outer caller
 * as an error, which rolls the whole back.
 */

/*
 * Transactions nest so a use case can run inside a larger one (the demo
 * adds launches through the same use case a user calls): inner begin and
 * commit only count, and an inner rollback always reaches the outer caller
 * as an error, which rolls the whole back.
 */
/* Runs one of the transaction statements, prepared once. */
static int sq_tx(struct sq *s, const char *sql, const char *what, tm_error *err)
{
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

static const char sql_begin[] = "BEGIN", sql_begin_write[] = "BEGIN IMMEDIATE", sql_commit[] = "COMMIT",
		  sql_rollback[] = "ROLLBACK", sql_savepoint[] = "SAVEPOINT step", sql_release[] = "RELEASE step",
		  sql_rollback_to[] = "ROLLBACK TO step";

static const char sql_mark[] = "PRAGMA application_id = " TM_SQLITE_APPLICATION_ID_TEXT;

static int sq_begin(tm_store *st, bool write, tm_error *err)
{
	struct sq *s = SQ(st);
	if (s->depth) {
		s->depth++;
		return 0;
	}
	if (write && s->readonly)
		return sq_readonly_fail(s, err);
	s->depth = 1;
	int rc = sq_tx(s, write ? sql_begin_write : sql_begin, "starting a transaction", err);
	/* A workspace made before workspaces were marked gets its mark with its first write. */
	if (!rc && write && s->unmarked)
		rc = sq_tx(s, sql_mark, "marking the workspace", err);
	if (rc) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->depth = 0;
	}
	return rc;
}

static int sq_commit(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	if (s->depth > 1) {
		s->depth--;
		return 0;
	}
	s->depth = 0;
	s->n_sp = 0;
	/* Short of memory somewhere in the use case: what it wrote may lack a part, so none of it stays. */
	int rc = tm_mem_failed() ? tm_fail(err, TM_ENOMEM, "out of memory: nothing was changed")
				 : sq_tx(s, sql_commit, "committing", err);
	if (rc) {
		tm_error ignored = TM_ERROR_INIT;
		sq_tx(s, sql_rollback, "rolling back", &ignored);
	} else {
		s->unmarked = false;
	}
	return rc;
}

static void sq_rollback(tm_store *st)
{
	struct sq *s = SQ(st);
	if (s->depth > 1) {
		s->depth--;
		return;
	}
	tm_error ignored = TM_ERROR_INIT;
	if (s->depth)
		sq_tx(s, sql_rollback, "rolling back", &ignored);
	s->depth = 0;
	s->n_sp = 0;
}

static int sq_savepoint(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	if (!s->depth || s->n_sp >= (int)(sizeof(s->sp_depth) / sizeof(s->sp_depth[0])))
		return tm_fail(err, TM_EINTERNAL, "a savepoint needs an open transaction (and at most 8 at once)");
	int rc = sq_tx(s, sql_savepoint, "starting a savepoint", err);
	if (!rc)
		s->sp_depth[s->n_sp++] = s->depth;
	return rc;
}

static int sq_savepoint_end(tm_store *st, bool undo, tm_error *err)
{
	struct sq *s = SQ(st);
	if (!s->n_sp)
		return tm_fail(err, TM_EINTERNAL, "no savepoint to end");
	/* Whatever the step left open inside is closed with it. */
	s->depth = s->sp_depth[--s->n_sp];
	int rc = undo ? sq_tx(s, sql_rollback_to, "undoing a savepoint", err) : 0;
	return rc ? rc : sq_tx(s, sql_release, "ending a savepoint", err);
}

static bool sq_in_transaction(tm_store *st)
{
	return !sqlite3_get_autocommit(SQ(st)->db);
}

static void sq_close(tm_store *st)
{
	struct sq *s = SQ(st);
	if (!s)
		return;
	if (s->depth) {
		s->depth = 1;
		sq_rollback(st);
	}
	for (int i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_close(s->db);
	free(s);
}

static int sq_data_version(tm_store *st, int64_t *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading the data version");
}

static int sq_backup(tm_store *st, const char *path, tm_error *err)
{
	struct sq *s = SQ(st);
	sqlite3 *dst = NULL;
	int rc = 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = tm_fail(err, TM_EIO, "cannot create '%s': %s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		rc = tm_fail(err, TM_EIO, "cannot back up to '%s': %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step, from one snapshot: in WAL mode a reader never holds up a writer, while
	 * steps of a few pages would start over each time another connection wrote between two of them,
	 * and under a steady stream of writes might never end. A step that finds the source busy (its
	 * WAL being recovered) is tried again. */
	int step;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED)
		if (step != SQLITE_OK)
			sqlite3_sleep(10);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE)
		rc = tm_fail(err, TM_EIO, "backing up to '%s' failed: %s", path, sqlite3_errstr(step));
out:
	sqlite3_close(dst);
	return rc;
}

static const struct tm_store_tx_ops sqlite_tx_ops = {
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.savepoint = sq_savepoint,
	.savepoint_end = sq_savepoint_end,
	.in_transaction = sq_in_transaction,
	.data_version = sq_data_version,
	.backup = sq_backup,
};

static const struct tm_store_ops sqlite_ops = {
	.name = "sqlite",
	.tx = &sqlite_tx_ops,
	.settings = &tm_sqlite_settings_ops,
	.people = &tm_sqlite_people_ops,
	.launches = &tm_sqlite_launches_ops,
	.tasks = &tm_sqlite_tasks_ops,
	.calendar = &tm_sqlite_calendar_ops,
	.history = &tm_sqlite_history_ops,
	.briefs = &tm_sqlite_briefs_ops,
	.users = &tm_sqlite_users_ops,
	.audit = &tm_sqlite_audit_ops,
	.idem = &tm_sqlite_idem_ops,
	.signin = &tm_sqlite_signin_ops,
	.copy = &tm_sqlite_copy_ops,
	.metrics = &tm_sqlite_metrics_ops,
	.backlog = &tm_sqlite_backlog_ops,
	.experiments = &tm_sqlite_experiments_ops,
	.roadmap = &tm_sqlite_roadmap_ops,
	.glossary = &tm_sqlite_glossary_ops,
	.imports = &tm_sqlite_imports_ops,
	.outbox = &tm_sqlite_outbox_ops,
	.notify = &tm_sqlite_notify_ops,
};

void tm_store_wait_aloud(tm_store *st)
{
	if (st && st->ops == &sqlite_ops)
		SQ(st)->wait_aloud = true;
}

int tm_store_open_sqlite(const char *path, tm_store **out, tm_error *err)
{
	struct sq *s = tm_xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	int rc = sq_open(s, path, err);
	if (rc) {
		sqlite3_close(s->db);
		free(s);
		return rc;
	}
	*out = &s->base;
	return 0;
}
