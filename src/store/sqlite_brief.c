/* sqlite_brief.c - launch briefs: one row of paragraphs, and their lists as ordered items. */
#include <stdio.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_brief_get(tm_store *st, int64_t launch_id, tm_brief *out, bool *found, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] = "SELECT " BRIEF_COLS " FROM briefs WHERE launch_id = :launch";
	static const char items[] = "SELECT " BRIEF_ITEM_COLS " FROM brief_items WHERE launch_id = :launch "
				    "ORDER BY kind, position";
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	tm_row r = sq_row(q);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		tm_row_brief(&r, out);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a brief");
	if (!(q = sq_stmt(s, items, err)))
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_brief_item(&r, out);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a brief");
}

static int put_item(struct sq *s, int64_t launch_id, const char *kind, int pos, const char *a, const char *b,
		    const char *c, tm_error *err)
{
	static const char sql[] = "INSERT INTO brief_items(launch_id, kind, position, a, b, c) "
				  "VALUES(:launch, :kind, :pos, :a, :b, :c)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":kind", kind);
	sq_bind_int(q, ":pos", pos);
	sq_bind_text(q, ":a", a);
	sq_bind_text(q, ":b", b ? b : "");
	sq_bind_text(q, ":c", c ? c : "");
	return sq_exec_stmt(s, q, "saving a brief", err);
}

static int sq_brief_put(tm_store *st, int64_t launch_id, const tm_brief *b, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] =
		"INSERT INTO briefs(launch_id, what, why_users, why_business, audience_primary, audience_secondary, headline, "
		"competitive) VALUES(:launch, :what, :why_users, :why_business, :primary, :secondary, :headline, :competitive) "
		"ON CONFLICT(launch_id) DO UPDATE SET what = excluded.what, why_users = excluded.why_users, "
		"why_business = excluded.why_business, audience_primary = excluded.audience_primary, "
		"audience_secondary = excluded.audience_secondary, headline = excluded.headline, "
		"competitive = excluded.competitive, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')";
	static const char clear[] = "DELETE FROM brief_items WHERE launch_id = :launch";
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":what", b->what);
	sq_bind_text(q, ":why_users", b->why_users);
	sq_bind_text(q, ":why_business", b->why_business);
	sq_bind_text(q, ":primary", b->audience_primary);
	sq_bind_text(q, ":secondary", b->audience_secondary);
	sq_bind_text(q, ":headline", b->headline);
	sq_bind_text(q, ":competitive", b->competitive);
	int rc = sq_exec_stmt(s, q, "saving a brief", err);
	if (!rc && (q = sq_stmt(s, clear, err)) == NULL)
		rc = err->code;
	if (!rc) {
		sq_bind_int(q, ":launch", launch_id);
		rc = sq_exec_stmt(s, q, "saving a brief", err);
	}
	for (int i = 0; i < b->n_points && !rc; i++)
		rc = put_item(s, launch_id, "point", i, b->points[i], NULL, NULL, err);
	for (int i = 0; i < b->n_limitations && !rc; i++)
		rc = put_item(s, launch_id, "limitation", i, b->limitations[i], NULL, NULL, err);
	for (int i = 0; i < b->n_metrics && !rc; i++)
		rc = put_item(s, launch_id, "metric", i, b->metrics[i].metric, b->metrics[i].target, b->metrics[i].timeframe,
			      err);
	for (int i = 0; i < b->n_resources && !rc; i++)
		rc = put_item(s, launch_id, "resource", i, b->resources[i].label, b->resources[i].link, NULL, err);
	return rc;
}

const struct tm_store_briefs_ops tm_sqlite_briefs_ops = {
	.get = sq_brief_get,
	.put = sq_brief_put,
};
