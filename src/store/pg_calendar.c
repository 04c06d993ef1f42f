/*
 * pg_calendar.c - the working-day calendar plans are made on besides their
 * tasks, holidays and freeze windows, on PostgreSQL: what sqlite_calendar.c
 * does.
 */
#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

static int pg_holiday_add(tm_store *st, const tm_holiday *h, tm_error *err)
{
	struct pg *p = PG(st);
	/* An import skips the days that are holidays already and goes on: a failed statement would end
	 * PostgreSQL's transaction, so a duplicate is seen as no row inserted instead. */
	static const char sql[] = "INSERT INTO holidays(date, name) VALUES($1, $2) ON CONFLICT (date) DO NOTHING";
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, h->date);
	pg_text(&a, h->name);
	int rc = pg_do(p, sql, &a, "adding a holiday", err);
	if (!rc && p->changed == 0) {
		char d[TM_DATE_STRLEN];
		return tm_fail(err, TM_ECONFLICT, "%s is already a holiday", tm_date_format(h->date, d));
	}
	return rc;
}

static int pg_holiday_rm(tm_store *st, tm_date date, bool *removed, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM holidays WHERE date = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, date);
	int rc = pg_do(p, sql, &a, "removing a holiday", err);
	*removed = !rc && p->changed > 0;
	return rc;
}

static int pg_holiday_list(tm_store *st, tm_holidays *out, tm_error *err)
{
	static const char sql[] = "SELECT " HOLIDAY_COLS " FROM holidays ORDER BY date";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing holidays", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_holiday(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_freeze_add(tm_store *st, tm_freeze *f, tm_error *err)
{
	static const char sql[] = "INSERT INTO freezes(id, name, start, \"end\") "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM freezes), $1, $2, $3) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, f->name);
	pg_date(&a, true, f->start);
	pg_date(&a, true, f->end);
	if (pg_lock_ids(PG(st), PG_IDS_FREEZES, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a freeze", err);
	if (!res)
		return err->code;
	f->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_freeze_rm(tm_store *st, int64_t id, bool *removed, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM freezes WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a freeze", err);
	*removed = !rc && p->changed > 0;
	return rc;
}

static int pg_freeze_list(tm_store *st, tm_freezes *out, tm_error *err)
{
	static const char sql[] = "SELECT " FREEZE_COLS " FROM freezes ORDER BY start, id";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing freezes", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_freeze(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

const struct tm_store_calendar_ops tm_pg_calendar_ops = {
	.holiday_add = pg_holiday_add,
	.holiday_rm = pg_holiday_rm,
	.holiday_list = pg_holiday_list,
	.freeze_add = pg_freeze_add,
	.freeze_rm = pg_freeze_rm,
	.freeze_list = pg_freeze_list,
};
