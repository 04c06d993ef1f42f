/*
 * pg_outbox.c - the outbox in PostgreSQL (store.h): every email and webhook call, added in the
 * transaction of the change that caused it, at most once per (recipient, event_key)
 * (outbox_once), and taken by a sender under a lease (next_at moved ahead). Two senders on two
 * connections claim at once: FOR UPDATE SKIP LOCKED gives each its own items.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/outbox_row.h"
#include "store/pg_internal.h"

#include "util/banned.h"

/* The outbox's id lock (pg_lock_ids): past the PG_IDS_* of pg_internal.h, below 32 (a bit of id_locks). */
#define PG_IDS_OUTBOX 27

static int pg_outbox_enqueue(tm_store *st, tm_outbox_item *it, bool *added, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"INSERT INTO outbox(id, channel, event, event_key, recipient, person_id, webhook_id, launch_id, subject, "
		"body, html, status, attempts, next_at, created_at) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM outbox)) + 1 FROM id_sequence "
		"WHERE name = 'outbox'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, "
		"coalesce($11, $12, tm_now()), coalesce($12, tm_now())) "
		"ON CONFLICT (recipient, event_key) DO NOTHING RETURNING id, next_at, created_at";
	pg_params a = PG_PARAMS_INIT;
	*added = false;
	pg_text(&a, it->channel);
	pg_text(&a, it->event);
	pg_text(&a, it->event_key);
	pg_text(&a, it->recipient);
	pg_id(&a, it->person_id);
	pg_id(&a, it->webhook_id);
	pg_id(&a, it->launch_id);
	pg_text(&a, it->subject ? it->subject : "");
	pg_text(&a, it->body ? it->body : "");
	pg_text(&a, it->html ? it->html : "");
	pg_text_or_null(&a, it->next_at);
	pg_text_or_null(&a, it->created_at);
	if (pg_lock_ids(p, PG_IDS_OUTBOX, err))
		return err->code;
	PGresult *res = pg_run(p, sql, &a, "adding to the outbox", err);
	if (!res) {
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "adding to the outbox: unknown person, webhook or launch");
		return err->code;
	}
	if (PQntuples(res) > 0) {
		*added = true;
		it->id = pg_col_i64(res, 0, 0);
		pg_col_text(res, 0, 1, it->next_at, sizeof(it->next_at));
		pg_col_text(res, 0, 2, it->created_at, sizeof(it->created_at));
		snprintf(it->status, sizeof(it->status), "pending");
		it->attempts = 0;
	}
	PQclear(res);
	return 0;
}

/* Appends res's rows (OUTBOX_COLS) to out and clears res. */
static void read_rows(PGresult *res, tm_outbox_items *out)
{
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_outbox(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const tm_outbox_item *)a)->id, y = ((const tm_outbox_item *)b)->id;
	return (x > y) - (x < y);
}

static int pg_outbox_claim(tm_store *st, const char *channel, const char *now, const char *lease_until, int limit,
			   tm_outbox_items *out, tm_error *err)
{
	static const char sql[] =
		"UPDATE outbox SET next_at = $2 WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND "
		"next_at <= $1 AND ($4::text IS NULL OR channel = $4::text) ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) "
		"RETURNING " OUTBOX_COLS;
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, now);
	pg_text(&a, lease_until);
	if (limit > 0)
		pg_int(&a, limit);
	else
		pg_text(&a, NULL);
	pg_text_or_null(&a, channel);
	size_t first = out->n;
	PGresult *res = pg_run(PG(st), sql, &a, "claiming from the outbox", err);
	if (!res)
		return err->code;
	read_rows(res, out);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), by_id);
	return 0;
}

static int pg_outbox_update(tm_store *st, const tm_outbox_item *it, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "UPDATE outbox SET status = $1, attempts = $2, next_at = $3, last_error = $4, "
				  "sent_at = $5 WHERE id = $6";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, it->status);
	pg_int(&a, it->attempts);
	pg_text(&a, it->next_at);
	pg_text(&a, it->last_error);
	pg_text_or_null(&a, it->sent_at);
	pg_int(&a, it->id);
	if (pg_do(p, sql, &a, "recording a sending", err))
		return err->code;
	if (!p->changed)
		return tm_fail(err, TM_ENOTFOUND, "unknown outbox item %lld", (long long)it->id);
	return 0;
}

static int pg_outbox_get(tm_store *st, int64_t id, tm_outbox_item *out, tm_error *err)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading the outbox", err);
	if (!res)
		return err->code;
	bool found = PQntuples(res) > 0;
	if (found) {
		tm_row r = pg_row(res, 0);
		tm_row_outbox(&r, out);
	}
	PQclear(res);
	return found ? 0 : tm_fail(err, TM_ENOTFOUND, "unknown outbox item %lld", (long long)id);
}

static int pg_outbox_log(tm_store *st, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE ($1::text IS NULL OR channel = $1::text) "
				  "AND ($2::text IS NULL OR status = $2::text) AND ($3::bigint = 0 OR webhook_id = $3::bigint) "
				  "AND ($4::bigint = 0 OR id < $4::bigint) ORDER BY id DESC LIMIT $5";
	pg_params a = PG_PARAMS_INIT;
	pg_text_or_null(&a, f->channel);
	pg_text_or_null(&a, f->status);
	pg_int(&a, f->webhook_id);
	pg_int(&a, f->before_id);
	pg_int(&a, f->limit > 0 ? f->limit : 100);
	PGresult *res = pg_run(PG(st), sql, &a, "reading the outbox", err);
	if (!res)
		return err->code;
	read_rows(res, out);
	return 0;
}

const struct tm_store_outbox_ops tm_pg_outbox_ops = {
	.enqueue = pg_outbox_enqueue,
	.claim = pg_outbox_claim,
	.update = pg_outbox_update,
	.get = pg_outbox_get,
	.log = pg_outbox_log,
};
