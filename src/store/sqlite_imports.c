/*
 * sqlite_imports.c - where imported tasks came from (tasks.source, tasks.source_id: migration 16),
 * so that importing the same file again updates the tasks it made; see store.h's imports sub-table.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_sources(tm_store *st, int64_t launch_id, const char *source, tm_task_sources *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT id, source_id FROM tasks WHERE launch_id = :launch AND source = :source "
				  "AND source_id IS NOT NULL ORDER BY source_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":source", source);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_task_source *ts = TM_VEC_PUSH(out);
		ts->task_id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, ts->source_id, sizeof(ts->source_id));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading the imported tasks");
}

static int sq_set_source(tm_store *st, int64_t task_id, const char *source, const char *source_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE tasks SET source = :source, source_id = :source_id WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text_or_null(q, ":source", source);
	sq_bind_text_or_null(q, ":source_id", source ? source_id : NULL);
	sq_bind_int(q, ":id", task_id);
	int rc = sq_exec_stmt(s, q, "recording where a task came from", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)task_id);
	return rc;
}

const struct tm_store_imports_ops tm_sqlite_imports_ops = {
	.sources = sq_sources,
	.set_source = sq_set_source,
};
