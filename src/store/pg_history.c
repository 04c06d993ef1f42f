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
	static const char sql[] = "INSERT INTO decisions(id, launch_id, decided, what, why, who) "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM decisions), $1, $2, $3, $4, $5) "
				  "RETURNING id, at";
	pg_params a = PG_PARAMS_INIT;
	pg_id(&a, d->launch_id);
	pg_date(&a, true, d->on);
	pg_text(&a, d->what);
	pg_text(&a, d->why);
	pg_text(&a, d->who);
	if (pg_lock_ids(PG(st), PG_IDS_DECISIONS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "recording a decision", err);
	if (!res)
		return err->code;
	d->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, d->at, sizeof(d->at));
	PQclear(res);
	return 0;
}

static int pg_decision_list(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err)
{
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE $1::bigint = 0 OR d.launch_id = $1::bigint ORDER BY d.decided, d.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing decisions", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_decision(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
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
	.baseline_add = pg_baseline_add,
	.baseline_find = pg_baseline_find,
	.baseline_list = pg_baseline_list,
};
