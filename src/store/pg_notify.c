/*
 * pg_notify.c - who is told what (store.h's notify sub-table) on PostgreSQL: what sqlite_notify.c
 * does. A webhook's id is past the highest the table ever held (id_sequence), taken under its id lock.
 */
#include <stdio.h>
#include <string.h>

#include "store/notify_rows.h"
#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

#define PG_IDS_WEBHOOKS 26

static int people_of(PGresult *res, tm_people *out)
{
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_person(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_watchers(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err)
{
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id IN "
				  "(SELECT person_id FROM launch_watchers WHERE launch_id = $1) ORDER BY lower(name)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a launch's watchers", err);
	return res ? people_of(res, out) : err->code;
}

static int pg_watch(tm_store *st, int64_t launch_id, int64_t person_id, bool on, tm_error *err)
{
	static const char add[] = "INSERT INTO launch_watchers(launch_id, person_id) VALUES($1, $2) ON CONFLICT DO NOTHING";
	static const char del[] = "DELETE FROM launch_watchers WHERE launch_id = $1 AND person_id = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_int(&a, person_id);
	return pg_do(PG(st), on ? add : del, &a, on ? "adding a watcher" : "removing a watcher", err);
}

static int pg_mark_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM notify_marks WHERE key = $1";
	return pg_key_get(PG(st), sql, key, out, found, "reading a notification mark", err);
}

static int pg_mark_set(tm_store *st, const char *key, const char *value, tm_error *err)
{
	static const char set[] = "INSERT INTO notify_marks(key, value) VALUES($1, $2) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM notify_marks WHERE key = $1";
	return pg_key_set(PG(st), set, del, key, value, "saving a notification mark", err);
}

static int pg_webhook_add(tm_store *st, tm_webhook *w, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO webhooks(id, url, events, format, launch_id, secret, allow_private) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM webhooks)) + 1 "
		"FROM id_sequence WHERE name = 'webhooks'), $1, $2, $3, $4, $5, $6) RETURNING id, created_at";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, w->url);
	pg_text(&a, w->events);
	pg_text(&a, w->format);
	pg_id(&a, w->launch_id);
	pg_text(&a, w->secret);
	pg_int(&a, w->allow_private);
	if (pg_lock_ids(PG(st), PG_IDS_WEBHOOKS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a webhook", err);
	if (!res)
		return err->code;
	w->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, w->created_at, sizeof(w->created_at));
	PQclear(res);
	return 0;
}

static int pg_webhook_get(tm_store *st, int64_t id, tm_webhook *out, tm_error *err)
{
	static const char sql[] = "SELECT " WEBHOOK_COLS " FROM webhooks WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a webhook", err);
	if (!res)
		return err->code;
	int rc = 0;
	if (PQntuples(res) > 0) {
		tm_row r = pg_row(res, 0);
		tm_row_webhook(&r, out);
	} else {
		rc = tm_fail(err, TM_ENOTFOUND, "unknown webhook %lld", (long long)id);
	}
	PQclear(res);
	return rc;
}

static int pg_webhook_list(tm_store *st, tm_webhooks *out, tm_error *err)
{
	static const char sql[] = "SELECT " WEBHOOK_COLS " FROM webhooks ORDER BY id";
	PGresult *res = pg_run(PG(st), sql, NULL, "listing webhooks", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_webhook(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_webhook_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *pg = PG(st);
	static const char sql[] = "DELETE FROM webhooks WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(pg, sql, &a, "removing a webhook", err);
	if (!rc && pg->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown webhook %lld", (long long)id);
	return rc;
}

static int digest_rows(PGresult *res, tm_digest_tasks *out)
{
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_digest_task(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_digest_tasks(tm_store *st, tm_date to, const char *since, tm_digest_tasks *out, tm_error *err)
{
	static const char sql[] = "SELECT " DIGEST_TASK_COLS DIGEST_TASK_FROM DIGEST_WHERE("$1", "$2");
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, to);
	pg_text_or_null(&a, since);
	PGresult *res = pg_run(PG(st), sql, &a, "reading tasks for the digests", err);
	return res ? digest_rows(res, out) : err->code;
}

static int pg_milestones_done(tm_store *st, tm_date from, tm_date to, tm_digest_tasks *out, tm_error *err)
{
	static const char sql[] = "SELECT " DIGEST_TASK_COLS DIGEST_TASK_FROM MILESTONES_WHERE("$1", "$2");
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, from);
	pg_date(&a, true, to);
	PGresult *res = pg_run(PG(st), sql, &a, "reading the milestones reached", err);
	return res ? digest_rows(res, out) : err->code;
}

static int pg_audience(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err)
{
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id IN (" AUDIENCE_IDS("$1") ") ORDER BY lower(name)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading who hears of a launch", err);
	return res ? people_of(res, out) : err->code;
}

static int pg_involved(tm_store *st, tm_date from, tm_launch_people *out, tm_error *err)
{
	static const char sql[] = INVOLVED_SQL("$1");
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, from);
	PGresult *res = pg_run(PG(st), sql, &a, "reading who is involved in which launch", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++)
		*TM_VEC_PUSH(out) = (tm_launch_person){ pg_col_i64(res, i, 0), pg_col_i64(res, i, 1) };
	PQclear(res);
	return 0;
}

const struct tm_store_notify_ops tm_pg_notify_ops = {
	.watchers = pg_watchers,
	.watch = pg_watch,
	.mark_get = pg_mark_get,
	.mark_set = pg_mark_set,
	.webhook_add = pg_webhook_add,
	.webhook_get = pg_webhook_get,
	.webhook_list = pg_webhook_list,
	.webhook_rm = pg_webhook_rm,
	.digest_tasks = pg_digest_tasks,
	.milestones_done = pg_milestones_done,
	.audience = pg_audience,
	.involved = pg_involved,
};
