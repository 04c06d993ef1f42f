/*
 * sqlite_history.c - what happened to a launch: the history of its launch
 * day, the decision ledger and saved baselines.
 */
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_date_change_add(tm_store *st, tm_date_change *c, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO launch_dates(launch_id, from_date, to_date, decided, reason, public_reason, by) "
				  "VALUES(:launch, :from, :to, :decided, :reason, :public, :by)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", c->launch_id);
	sq_bind_date(q, ":from", true, c->from);
	sq_bind_date(q, ":to", true, c->to);
	sq_bind_date(q, ":decided", true, c->on);
	sq_bind_text(q, ":reason", c->reason);
	sq_bind_text(q, ":public", c->public_reason);
	sq_bind_text(q, ":by", c->by);
	int rc = sq_exec_stmt(s, q, "recording a date change", err);
	if (!rc)
		c->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_date_change_list(tm_store *st, int64_t launch_id, tm_date_changes *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DATE_CHANGE_COLS " FROM launch_dates WHERE launch_id = :launch ORDER BY id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_date_change(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing date changes");
}

static int sq_date_change_set_public(tm_store *st, int64_t id, const char *text, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE launch_dates SET public_reason = :text WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	sq_bind_text(q, ":text", text);
	return sq_exec_stmt(s, q, "recording what customers are told", err);
}

static int sq_decision_add(tm_store *st, tm_decision *d, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO decisions(launch_id, decided, what, why, who) "
				  "VALUES(:launch, :decided, :what, :why, :who) RETURNING id, at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_id(q, ":launch", d->launch_id);
	sq_bind_date(q, ":decided", true, d->on);
	sq_bind_text(q, ":what", d->what);
	sq_bind_text(q, ":why", d->why);
	sq_bind_text(q, ":who", d->who);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		d->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, d->at, sizeof(d->at));
		rc = sqlite3_step(q);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "recording a decision");
}

static int sq_decision_list(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE :launch = 0 OR d.launch_id = :launch ORDER BY d.decided, d.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing decisions");
}

static int sq_baseline_add(tm_store *st, tm_baseline *b, const tm_baseline_task *tasks, size_t n, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] = "INSERT INTO baselines(launch_id, name, launch_date, today) "
				   "VALUES(:launch, :name, :launch_date, :today)";
	static const char row[] = "INSERT INTO baseline_tasks(baseline_id, task_id, title, due, earliest_start, "
				  "earliest_finish, latest_start, latest_finish, slack, critical) "
				  "VALUES(:baseline, :task, :title, :due, :es, :ef, :ls, :lf, :slack, :critical)";
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", b->launch_id);
	sq_bind_text(q, ":name", b->name);
	sq_bind_date(q, ":launch_date", true, b->launch_date);
	sq_bind_date(q, ":today", true, b->today);
	int rc = sq_exec_stmt(s, q, "saving a baseline", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "the launch already has a baseline named '%s'", b->name);
	if (rc)
		return rc;
	b->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < n && !rc; i++) {
		const tm_baseline_task *t = &tasks[i];
		if (!(q = sq_stmt(s, row, err)))
			return err->code;
		sq_bind_int(q, ":baseline", b->id);
		sq_bind_int(q, ":task", t->task_id);
		sq_bind_text(q, ":title", t->title);
		sq_bind_date(q, ":due", t->has_due, t->due);
		sq_bind_date(q, ":es", true, t->es);
		sq_bind_date(q, ":ef", true, t->ef);
		sq_bind_date(q, ":ls", true, t->ls);
		sq_bind_date(q, ":lf", true, t->lf);
		sq_bind_int(q, ":slack", t->slack);
		sq_bind_int(q, ":critical", t->critical);
		rc = sq_exec_stmt(s, q, "saving a baseline", err);
	}
	return rc;
}

static int sq_baseline_find(tm_store *st, int64_t launch_id, const char *name, tm_baseline *out,
			    tm_baseline_tasks *tasks, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = :launch AND name = :name";
	static const char rows[] = "SELECT " BASELINE_TASK_COLS " FROM baseline_tasks WHERE baseline_id = :baseline "
				   "ORDER BY task_id";
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":name", name);
	tm_row r = sq_row(q);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		tm_row_baseline(&r, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown baseline '%s'", name);
	if (rc != SQLITE_ROW)
		return sq_db_fail(s, err, "reading a baseline");
	if (!(q = sq_stmt(s, rows, err)))
		return err->code;
	sq_bind_int(q, ":baseline", out->id);
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_baseline_task(&r, TM_VEC_PUSH(tasks));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a baseline");
}

static int sq_baseline_list(tm_store *st, int64_t launch_id, tm_baselines *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = :launch ORDER BY id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_baseline(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing baselines");
}

const struct tm_store_history_ops tm_sqlite_history_ops = {
	.date_change_add = sq_date_change_add,
	.date_change_list = sq_date_change_list,
	.date_change_set_public = sq_date_change_set_public,
	.decision_add = sq_decision_add,
	.decision_list = sq_decision_list,
	.baseline_add = sq_baseline_add,
	.baseline_find = sq_baseline_find,
	.baseline_list = sq_baseline_list,
};
