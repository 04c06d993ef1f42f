/* pg_brief.c - launch briefs in PostgreSQL: one row of paragraphs, and their lists as ordered items. */
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

static int pg_brief_get(tm_store *st, int64_t launch_id, tm_brief *out, bool *found, tm_error *err)
{
	struct pg *p = PG(st);
	static const char head[] = "SELECT " BRIEF_COLS " FROM briefs WHERE launch_id = $1";
	static const char items[] = "SELECT " BRIEF_ITEM_COLS " FROM brief_items WHERE launch_id = $1 "
				    "ORDER BY kind, position";
	memset(out, 0, sizeof(*out));
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(p, head, &a, "reading a brief", err);
	if (!res)
		return err->code;
	*found = PQntuples(res) > 0;
	if (*found) {
		tm_row r = pg_row(res, 0);
		tm_row_brief(&r, out);
	}
	PQclear(res);
	if (!(res = pg_run(p, items, &a, "reading a brief", err)))
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_brief_item(&r, out);
	}
	PQclear(res);
	return 0;
}

static int put_item(struct pg *p, int64_t launch_id, const char *kind, int pos, const char *a, const char *b,
		    const char *c, tm_error *err)
{
	static const char sql[] = "INSERT INTO brief_items(launch_id, kind, position, a, b, c) "
				  "VALUES($1, $2, $3, $4, $5, $6)";
	pg_params v = PG_PARAMS_INIT;
	pg_int(&v, launch_id);
	pg_text(&v, kind);
	pg_int(&v, pos);
	pg_text(&v, a);
	pg_text(&v, b ? b : "");
	pg_text(&v, c ? c : "");
	return pg_do(p, sql, &v, "saving a brief", err);
}

static int pg_brief_put(tm_store *st, int64_t launch_id, const tm_brief *b, tm_error *err)
{
	struct pg *p = PG(st);
	static const char head[] =
		"INSERT INTO briefs(launch_id, what, why_users, why_business, audience_primary, audience_secondary, headline, "
		"competitive) VALUES($1, $2, $3, $4, $5, $6, $7, $8) "
		"ON CONFLICT (launch_id) DO UPDATE SET what = excluded.what, why_users = excluded.why_users, "
		"why_business = excluded.why_business, audience_primary = excluded.audience_primary, "
		"audience_secondary = excluded.audience_secondary, headline = excluded.headline, "
		"competitive = excluded.competitive, updated_at = tm_now()";
	static const char clear[] = "DELETE FROM brief_items WHERE launch_id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, b->what);
	pg_text(&a, b->why_users);
	pg_text(&a, b->why_business);
	pg_text(&a, b->audience_primary);
	pg_text(&a, b->audience_secondary);
	pg_text(&a, b->headline);
	pg_text(&a, b->competitive);
	int rc = pg_do(p, head, &a, "saving a brief", err);
	if (!rc) {
		pg_params c = PG_PARAMS_INIT;
		pg_int(&c, launch_id);
		rc = pg_do(p, clear, &c, "saving a brief", err);
	}
	for (int i = 0; i < b->n_points && !rc; i++)
		rc = put_item(p, launch_id, "point", i, b->points[i], NULL, NULL, err);
	for (int i = 0; i < b->n_limitations && !rc; i++)
		rc = put_item(p, launch_id, "limitation", i, b->limitations[i], NULL, NULL, err);
	for (int i = 0; i < b->n_metrics && !rc; i++)
		rc = put_item(p, launch_id, "metric", i, b->metrics[i].metric, b->metrics[i].target, b->metrics[i].timeframe,
			      err);
	for (int i = 0; i < b->n_resources && !rc; i++)
		rc = put_item(p, launch_id, "resource", i, b->resources[i].label, b->resources[i].link, NULL, err);
	return rc;
}

const struct tm_store_briefs_ops tm_pg_briefs_ops = {
	.get = pg_brief_get,
	.put = pg_brief_put,
};
