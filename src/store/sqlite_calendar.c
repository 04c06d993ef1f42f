/*
 * sqlite_calendar.c - the working-day calendar plans are made on besides
 * their tasks: holidays and freeze windows.
 */
#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_holiday_add(tm_store *st, const tm_holiday *h, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO holidays(date, name) VALUES(:date, :name)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":date", true, h->date);
	sq_bind_text(q, ":name", h->name);
	int rc = sq_exec_stmt(s, q, "adding a holiday", err);
	if (rc == TM_ECONFLICT) {
		char d[TM_DATE_STRLEN];
		return tm_fail(err, TM_ECONFLICT, "%s is already a holiday", tm_date_format(h->date, d));
	}
	return rc;
}

static int sq_holiday_rm(tm_store *st, tm_date date, bool *removed, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM holidays WHERE date = :date";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":date", true, date);
	int rc = sq_exec_stmt(s, q, "removing a holiday", err);
	*removed = !rc && sqlite3_changes(s->db) > 0;
	return rc;
}

static int sq_holiday_list(tm_store *st, tm_holidays *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " HOLIDAY_COLS " FROM holidays ORDER BY date";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_holiday(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing holidays");
}

static int sq_freeze_add(tm_store *st, tm_freeze *f, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO freezes(name, start, end) VALUES(:name, :start, :end)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", f->name);
	sq_bind_date(q, ":start", true, f->start);
	sq_bind_date(q, ":end", true, f->end);
	int rc = sq_exec_stmt(s, q, "adding a freeze", err);
	if (!rc)
		f->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_freeze_rm(tm_store *st, int64_t id, bool *removed, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM freezes WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a freeze", err);
	*removed = !rc && sqlite3_changes(s->db) > 0;
	return rc;
}

static int sq_freeze_list(tm_store *st, tm_freezes *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " FREEZE_COLS " FROM freezes ORDER BY start, id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_freeze(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing freezes");
}

const struct tm_store_calendar_ops tm_sqlite_calendar_ops = {
	.holiday_add = sq_holiday_add,
	.holiday_rm = sq_holiday_rm,
	.holiday_list = sq_holiday_list,
	.freeze_add = sq_freeze_add,
	.freeze_rm = sq_freeze_rm,
	.freeze_list = sq_freeze_list,
};
