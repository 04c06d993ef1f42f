/*
 * sqlite_notify.c - who is told what (store.h's notify sub-table) on SQLite: the people watching a
 * launch, the webhooks, the notification pass's marks and its lean reads.
 */
#include <stdio.h>
#include <string.h>

#include "store/notify_rows.h"
#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_people_of(struct sq *s, sqlite3_stmt *q, tm_people *out, const char *what, tm_error *err)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_person(&r, TM_VEC_PUSH(out));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

static int sq_watchers(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id IN "
				  "(SELECT person_id FROM launch_watchers WHERE launch_id = :l) ORDER BY name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":l", launch_id);
	return sq_people_of(s, q, out, "reading a launch's watchers", err);
}

static int sq_watch(tm_store *st, int64_t launch_id, int64_t person_id, bool on, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char add[] = "INSERT INTO launch_watchers(launch_id, person_id) VALUES(:l, :p) ON CONFLICT DO NOTHING";
	static const char del[] = "DELETE FROM launch_watchers WHERE launch_id = :l AND person_id = :p";
	sqlite3_stmt *q = sq_stmt(s, on ? add : del, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":l", launch_id);
	sq_bind_int(q, ":p", person_id);
	return sq_exec_stmt(s, q, on ? "adding a watcher" : "removing a watcher", err);
}

static int sq_mark_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM notify_marks WHERE key = :key";
	return sq_key_get(SQ(st), sql, key, out, found, "reading a notification mark", err);
}

static int sq_mark_set(tm_store *st, const char *key, const char *value, tm_error *err)
{
	static const char set[] = "INSERT INTO notify_marks(key, value) VALUES(:key, :value) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM notify_marks WHERE key = :key";
	return sq_key_set(SQ(st), set, del, key, value, "saving a notification mark", err);
}

static int sq_webhook_add(tm_store *st, tm_webhook *w, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO webhooks(id, url, events, format, launch_id, secret, allow_private) "
				  "VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'webhooks'), :url, :events, :format, "
				  ":launch, :secret, :private) RETURNING id, created_at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":url", w->url);
	sq_bind_text(q, ":events", w->events);
	sq_bind_text(q, ":format", w->format);
	sq_bind_id(q, ":launch", w->launch_id);
	sq_bind_text(q, ":secret", w->secret);
	sq_bind_int(q, ":private", w->allow_private);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		w->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, w->created_at, sizeof(w->created_at));
		rc = sqlite3_step(q);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "adding a webhook");
}

static int sq_webhook_get(tm_store *st, int64_t id, tm_webhook *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " WEBHOOK_COLS " FROM webhooks WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_webhook(&r, out);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown webhook %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading a webhook");
}

static int sq_webhook_list(tm_store *st, tm_webhooks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " WEBHOOK_COLS " FROM webhooks ORDER BY id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_webhook(&r, TM_VEC_PUSH(out));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing webhooks");
}

static int sq_webhook_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM webhooks WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a webhook", err);
	if (!rc && !sqlite3_changes(s->db))
		return tm_fail(err, TM_ENOTFOUND, "unknown webhook %lld", (long long)id);
	return rc;
}

static int digest_rows(struct sq *s, sqlite3_stmt *q, tm_digest_tasks *out, tm_error *err)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_digest_task(&r, TM_VEC_PUSH(out));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading tasks for the digests");
}

static int sq_digest_tasks(tm_store *st, tm_date to, const char *since, tm_digest_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DIGEST_TASK_COLS DIGEST_TASK_FROM DIGEST_WHERE(":to", ":since");
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":to", true, to);
	sq_bind_text_or_null(q, ":since", since);
	return digest_rows(s, q, out, err);
}

static int sq_milestones_done(tm_store *st, tm_date from, tm_date to, tm_digest_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DIGEST_TASK_COLS DIGEST_TASK_FROM MILESTONES_WHERE(":from", ":to");
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":from", true, from);
	sq_bind_date(q, ":to", true, to);
	return digest_rows(s, q, out, err);
}

static int sq_audience(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id IN (" AUDIENCE_IDS(":l") ") ORDER BY name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":l", launch_id);
	return sq_people_of(s, q, out, "reading who hears of a launch", err);
}

static int sq_involved(tm_store *st, tm_date from, tm_launch_people *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = INVOLVED_SQL(":from");
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":from", true, from);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*TM_VEC_PUSH(out) = (tm_launch_person){ sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1) };
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading who is involved in which launch");
}

const struct tm_store_notify_ops tm_sqlite_notify_ops = {
	.watchers = sq_watchers,
	.watch = sq_watch,
	.mark_get = sq_mark_get,
	.mark_set = sq_mark_set,
	.webhook_add = sq_webhook_add,
	.webhook_get = sq_webhook_get,
	.webhook_list = sq_webhook_list,
	.webhook_rm = sq_webhook_rm,
	.digest_tasks = sq_digest_tasks,
	.milestones_done = sq_milestones_done,
	.audience = sq_audience,
	.involved = sq_involved,
};
