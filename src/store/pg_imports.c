/*
 * pg_imports.c - where imported tasks came from (tasks.source, tasks.source_id: migration 16),
 * so that importing the same file again updates the tasks it made; see store.h's imports sub-table.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

static int pg_sources(tm_store *st, int64_t launch_id, const char *source, tm_task_sources *out, tm_error *err)
{
	static const char sql[] = "SELECT id, source_id FROM tasks WHERE launch_id = $1 AND source = $2 "
				  "AND source_id IS NOT NULL ORDER BY source_id COLLATE \"C\"";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, source);
	PGresult *res = pg_run(PG(st), sql, &a, "reading the imported tasks", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_task_source *ts = TM_VEC_PUSH(out);
		ts->task_id = pg_col_i64(res, i, 0);
		pg_col_text(res, i, 1, ts->source_id, sizeof(ts->source_id));
	}
	PQclear(res);
	return 0;
}

static int pg_set_source(tm_store *st, int64_t task_id, const char *source, const char *source_id, tm_error *err)
{
	static const char sql[] = "UPDATE tasks SET source = $1, source_id = $2 WHERE id = $3";
	struct pg *p = PG(st);
	pg_params a = PG_PARAMS_INIT;
	pg_text_or_null(&a, source);
	pg_text_or_null(&a, source ? source_id : NULL);
	pg_int(&a, task_id);
	int rc = pg_do(p, sql, &a, "recording where a task came from", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)task_id);
	return rc;
}

const struct tm_store_imports_ops tm_pg_imports_ops = {
	.sources = pg_sources,
	.set_source = pg_set_source,
};
