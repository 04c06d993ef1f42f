/*
 * pg_history.c - what happened to a launch, in PostgreSQL: the history of
 * its launch day, the decision ledger and saved baselines. Ids are the
 * table's highest plus one, as SQLite's rowid (a concurrent duplicate is
 * TM_ERETRY); a baseline's tasks go in one statement, whatever their number.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

static int pg_date_change_add(tm_store *st, tm_date_change *c, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO launch_dates(id, launch_id, from_date, to_date, decided, reason, public_reason, by) "
		"VALUES((SELECT coalesce(max(id), 0) + 1 FROM launch_dates), $1, $2, $3, $4, $5, $6, $7) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, c->launch_id);
	pg_date(&a, true, c->from);
	pg_date(&a, true, c->to);
	pg_date(&a, true, c->on);
	pg_text(&a, c->reason);
	pg_text(&a, c->public_reason);
	pg_text(&a, c->by);
	if (pg_lock_ids(PG(st), PG_IDS_LAUNCH_DATES, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "recording a date change", err);
	if (!res)
		return err->code;
	c->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_date_change_list(tm_store *st, int64_t launch_id, tm_date_changes *out, tm_error *err)
{
	static const char sql[] = "SELECT " DATE_CHANGE_COLS " FROM launch_dates WHERE launch_id = $1 ORDER BY id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing date changes", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_date_change(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_date_change_set_public(tm_store *st, int64_t id, const char *text, tm_error *err)
{
	static const char sql[] = "UPDATE launch_dates SET public_reason = $1 WHERE id = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, text);
	pg_int(&a, id);
	return pg_do(PG(st), sql, &a, "recording what customers are told", err);
}

static int pg_decision_add(tm_store *st, tm_decision *d, tm_error *err)
{
	static const char sql[] = "INSERT INTO decisions(id, launch_id, decided, what, why, who, options, chosen, decided_by) "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM decisions), $1, $2, $3, $4, $5, $6, $7, $8) "
				  "RETURNING id, at";
	/* A link named twice is kept once, where it was first named. */
	static const char link[] = "INSERT INTO decision_links(decision_id, kind, ref_id, position) "
				   "VALUES($1, $2, $3, $4) ON CONFLICT DO NOTHING";
	pg_params a = PG_PARAMS_INIT;
	pg_id(&a, d->launch_id);
	pg_date(&a, true, d->on);
	pg_text(&a, d->what);
	pg_text(&a, d->why);
	pg_text(&a, d->who);
	pg_text(&a, d->options);
	pg_text(&a, d->chosen);
	pg_text(&a, d->decided_by);
	if (pg_lock_ids(PG(st), PG_IDS_DECISIONS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "recording a decision", err);
	if (!res)
		return err->code;
	d->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, d->at, sizeof(d->at));
	PQclear(res);
	for (int i = 0; i < d->nlinks && i < TM_DECISION_LINKS_MAX; i++) {
		if (d->links[i].kind < 0 || d->links[i].kind >= TM_LINK_KIND_COUNT)
			return tm_fail(err, TM_EINTERNAL, "recording a decision: link %d has no kind", i + 1);
		pg_params l = PG_PARAMS_INIT;
		pg_int(&l, d->id);
		pg_text(&l, tm_link_kind_names[d->links[i].kind]);
		pg_int(&l, d->links[i].id);
		pg_int(&l, i + 1);
		int rc = pg_do(PG(st), link, &l, "recording a decision's links", err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Reads the decisions of res (DECISION_COLS) into out, then their links, by their ids. */
static int read_decisions(struct pg *p, PGresult *res, tm_decisions *out, const char *what, tm_error *err)
{
	static const char links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k "
				    "WHERE k.decision_id = ANY($1::bigint[]) ORDER BY k.decision_id, k.position";
	size_t first = out->n;
	int n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_decision(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	if (!n)
		return 0;
	tm_buf ids = TM_BUF_INIT;
	tm_buf_addc(&ids, '{');
	for (size_t i = first; i < out->n; i++)
		tm_buf_printf(&ids, "%s%lld", i > first ? "," : "", (long long)out->v[i].id);
	tm_buf_addc(&ids, '}');
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, ids.s);
	res = pg_run(p, links, &a, what, err);
	tm_buf_release(&ids);
	if (!res)
		return err->code;
	tm_decision_link_rows lr = TM_VEC_INIT;
	for (int i = 0, m = PQntuples(res); i < m; i++) {
		tm_row r = pg_row(res, i);
		tm_row_decision_link(&r, TM_VEC_PUSH(&lr));
	}
	PQclear(res);
	tm_decisions_attach_links(out->v + first, out->n - first, &lr);
	TM_VEC_FREE(&lr);
	return 0;
}

static int pg_decision_list(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err)
{
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE $1::bigint = 0 OR d.launch_id = $1::bigint ORDER BY d.decided, d.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing decisions", err);
	return res ? read_decisions(PG(st), res, out, "listing decisions", err) : err->code;
}

static int pg_decision_get(tm_store *st, int64_t id, tm_decision *out, tm_error *err)
{
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM "WHERE d.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a decision", err);
	if (!res)
		return err->code;
	tm_decisions one = TM_VEC_INIT;
	int rc = read_decisions(PG(st), res, &one, "reading a decision", err);
	if (!rc && !one.n)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown decision %lld", (long long)id);
	if (!rc)
		*out = one.v[0];
	TM_VEC_FREE(&one);
	return rc;
}

static int pg_decision_linked(tm_store *st, int kind, int64_t id, tm_decisions *out, tm_error *err)
{
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE d.id IN (SELECT decision_id FROM decision_links WHERE kind = $1 AND ref_id = $2) "
				  "OR ($1 = 'launch' AND d.launch_id = $2) ORDER BY d.decided, d.id";
	if (kind < 0 || kind >= TM_LINK_KIND_COUNT)
		return tm_fail(err, TM_EINTERNAL, "no kind of link %d", kind);
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, tm_link_kind_names[kind]);
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing the decisions of a record", err);
	return res ? read_decisions(PG(st), res, out, "listing the decisions of a record", err) : err->code;
}

/*
 * The text-search query of the user's words: each word a prefix (word:*), all of them required (&).
 * A word holds letters and digits only (tm_search_word), so & | ! ( ) : * ' and < > reach the
 * parser as separators, never as its syntax. Empty when there is no word.
 */
static void ts_query(const char *words, tm_buf *out)
{
	const char *p = words, *w;
	size_t n;
	while ((n = tm_search_word(&p, &w)) > 0)
		tm_buf_printf(out, "%s%.*s:*", out->len ? " & " : "", (int)n, w);
}

static int pg_decision_search(tm_store *st, const char *words, int limit, tm_decisions *out, tm_error *err)
{
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM ", to_tsquery('simple', $1) q "
				  "WHERE d.search @@ q ORDER BY ts_rank(d.search, q) DESC, d.id LIMIT $2::bigint";
	tm_buf query = TM_BUF_INIT;
	ts_query(words ? words : "", &query);
	if (!query.len)
		return 0;
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, query.s);
	pg_id(&a, limit > 0 ? limit : 0);
	PGresult *res = pg_run(PG(st), sql, &a, "searching decisions", err);
	tm_buf_release(&query);
	return res ? read_decisions(PG(st), res, out, "searching decisions", err) : err->code;
}

/* Appends text to an array literal as a quoted element (NULL: an unquoted NULL). */
static void array_text(tm_buf *b, const char *text)
{
	if (b->len > 1)
		tm_buf_addc(b, ',');
	if (!text) {
		tm_buf_adds(b, "NULL");
		return;
	}
	tm_buf_addc(b, '"');
	for (const char *s = text; *s; s++) {
		if (*s == '"' || *s == '\\')
			tm_buf_addc(b, '\\');
		tm_buf_addc(b, *s);
	}
	tm_buf_addc(b, '"');
}

static void array_date(tm_buf *b, bool has, tm_date d)
{
	char text[TM_DATE_STRLEN];
	array_text(b, has ? tm_date_format(d, text) : NULL);
}

static void array_int(tm_buf *b, int64_t v)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)v);
	array_text(b, text);
}

enum { BT_TASK, BT_TITLE, BT_DUE, BT_ES, BT_EF, BT_LS, BT_LF, BT_SLACK, BT_CRITICAL, BT_COLS };

/* The tasks of a baseline in one INSERT: a column of them per array parameter, unnested. */
static int put_baseline_tasks(struct pg *p, int64_t baseline_id, const tm_baseline_task *tasks, size_t n,
			      tm_error *err)
{
	static const char sql[] =
		"INSERT INTO baseline_tasks(baseline_id, task_id, title, due, earliest_start, earliest_finish, "
		"latest_start, latest_finish, slack, critical) SELECT $1::bigint, * FROM unnest($2::bigint[], $3::text[], "
		"$4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])";
	tm_buf col[BT_COLS];
	for (int c = 0; c < BT_COLS; c++) {
		tm_buf_init(&col[c]);
		tm_buf_addc(&col[c], '{');
	}
	for (size_t i = 0; i < n; i++) {
		const tm_baseline_task *t = &tasks[i];
		array_int(&col[BT_TASK], t->task_id);
		array_text(&col[BT_TITLE], t->title);
		array_date(&col[BT_DUE], t->has_due, t->due);
		array_date(&col[BT_ES], true, t->es);
		array_date(&col[BT_EF], true, t->ef);
		array_date(&col[BT_LS], true, t->ls);
		array_date(&col[BT_LF], true, t->lf);
		array_int(&col[BT_SLACK], t->slack);
		array_int(&col[BT_CRITICAL], t->critical);
	}
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, baseline_id);
	for (int c = 0; c < BT_COLS; c++) {
		tm_buf_addc(&col[c], '}');
		pg_text(&a, col[c].s);
	}
	int rc = pg_do(p, sql, &a, "saving a baseline", err);
	for (int c = 0; c < BT_COLS; c++)
		tm_buf_release(&col[c]);
	return rc;
}

static int pg_baseline_add(tm_store *st, tm_baseline *b, const tm_baseline_task *tasks, size_t n, tm_error *err)
{
	struct pg *p = PG(st);
	static const char head[] = "INSERT INTO baselines(id, launch_id, name, launch_date, today) "
				   "VALUES((SELECT coalesce(max(id), 0) + 1 FROM baselines), $1, $2, $3, $4) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, b->launch_id);
	pg_text(&a, b->name);
	pg_date(&a, true, b->launch_date);
	pg_date(&a, true, b->today);
	if (pg_lock_ids(PG(st), PG_IDS_BASELINES, err))
		return err->code;
	PGresult *res = pg_run(p, head, &a, "saving a baseline", err);
	if (!res && err->code == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "the launch already has a baseline named '%s'", b->name);
	if (!res)
		return err->code;
	b->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return n ? put_baseline_tasks(p, b->id, tasks, n, err) : 0;
}

static int pg_baseline_find(tm_store *st, int64_t launch_id, const char *name, tm_baseline *out,
			    tm_baseline_tasks *tasks, tm_error *err)
{
	struct pg *p = PG(st);
	static const char head[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = $1 AND name = $2";
	static const char rows[] = "SELECT " BASELINE_TASK_COLS " FROM baseline_tasks WHERE baseline_id = $1 "
				   "ORDER BY task_id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, name);
	PGresult *res = pg_run(p, head, &a, "reading a baseline", err);
	if (!res)
		return err->code;
	bool found = PQntuples(res) > 0;
	if (found) {
		tm_row r = pg_row(res, 0);
		tm_row_baseline(&r, out);
	}
	PQclear(res);
	if (!found)
		return tm_fail(err, TM_ENOTFOUND, "unknown baseline '%s'", name);
	pg_params b = PG_PARAMS_INIT;
	pg_int(&b, out->id);
	if (!(res = pg_run(p, rows, &b, "reading a baseline", err)))
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_baseline_task(&r, TM_VEC_PUSH(tasks));
	}
	PQclear(res);
	return 0;
}

static int pg_baseline_list(tm_store *st, int64_t launch_id, tm_baselines *out, tm_error *err)
{
	static const char sql[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = $1 ORDER BY id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing baselines", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_baseline(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

const struct tm_store_history_ops tm_pg_history_ops = {
	.date_change_add = pg_date_change_add,
	.date_change_list = pg_date_change_list,
	.date_change_set_public = pg_date_change_set_public,
	.decision_add = pg_decision_add,
	.decision_list = pg_decision_list,
	.decision_get = pg_decision_get,
	.decision_linked = pg_decision_linked,
	.decision_search = pg_decision_search,
	.baseline_add = pg_baseline_add,
	.baseline_find = pg_baseline_find,
	.baseline_list = pg_baseline_list,
};
