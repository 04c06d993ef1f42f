/*
 * sqlite_outbox.c - the outbox in SQLite (store.h): every email and webhook call, added in the
 * transaction of the change that caused it, at most once per (recipient, event_key)
 * (outbox_once), and taken by a sender under a lease (next_at moved ahead) so that two senders
 * never send the same item. SQLite has one writer at a time: a claim in a write transaction is
 * alone.
 */
#include <stdio.h>
#include <string.h>

#include "store/outbox_row.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

static int sq_outbox_enqueue(tm_store *st, tm_outbox_item *it, bool *added, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO outbox(id, channel, event, event_key, recipient, person_id, webhook_id, launch_id, subject, "
		"body, html, status, attempts, next_at, created_at) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'outbox'), :channel, :event, :key, :recipient, "
		":person, :webhook, :launch, :subject, :body, :html, 'pending', 0, "
		"coalesce(:next_at, :created_at, " NOW_SQL "), coalesce(:created_at, " NOW_SQL ")) "
		"ON CONFLICT(recipient, event_key) DO NOTHING RETURNING id, next_at, created_at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	*added = false;
	sq_bind_text(q, ":channel", it->channel);
	sq_bind_text(q, ":event", it->event);
	sq_bind_text(q, ":key", it->event_key);
	sq_bind_text(q, ":recipient", it->recipient);
	sq_bind_id(q, ":person", it->person_id);
	sq_bind_id(q, ":webhook", it->webhook_id);
	sq_bind_id(q, ":launch", it->launch_id);
	sq_bind_text(q, ":subject", it->subject ? it->subject : "");
	sq_bind_text(q, ":body", it->body ? it->body : "");
	sq_bind_text(q, ":html", it->html ? it->html : "");
	sq_bind_text_or_null(q, ":next_at", it->next_at);
	sq_bind_text_or_null(q, ":created_at", it->created_at);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*added = true;
		it->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, it->next_at, sizeof(it->next_at));
		sq_col_text(q, 2, it->created_at, sizeof(it->created_at));
		snprintf(it->status, sizeof(it->status), "pending");
		it->attempts = 0;
		rc = sqlite3_step(q);
	}
	int ext = sqlite3_extended_errcode(s->db);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	*added = false;
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return tm_fail(err, TM_ENOTFOUND, "adding to the outbox: unknown person, webhook or launch");
	return sq_db_fail(s, err, "adding to the outbox");
}

/* Reads every row q gives into out; q is reset. */
static int read_rows(struct sq *s, sqlite3_stmt *q, tm_outbox_items *out, const char *what, tm_error *err)
{
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_row r = sq_row(q);
		tm_row_outbox(&r, TM_VEC_PUSH(out));
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

static int sq_outbox_claim(tm_store *st, const char *channel, const char *now, const char *lease_until, int limit,
			   tm_outbox_items *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char pick[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE status = 'pending' AND next_at <= :now "
				   "AND (:channel IS NULL OR channel = :channel) ORDER BY id LIMIT :limit";
	static const char lease[] = "UPDATE outbox SET next_at = :until WHERE id = :id";
	size_t first = out->n;
	sqlite3_stmt *q = sq_stmt(s, pick, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":now", now);
	sq_bind_text_or_null(q, ":channel", channel);
	sq_bind_int(q, ":limit", limit > 0 ? limit : -1);
	if (read_rows(s, q, out, "claiming from the outbox", err))
		return err->code;
	for (size_t i = first; i < out->n; i++) {
		if (!(q = sq_stmt(s, lease, err)))
			return err->code;
		sq_bind_text(q, ":until", lease_until);
		sq_bind_int(q, ":id", out->v[i].id);
		if (sq_exec_stmt(s, q, "claiming from the outbox", err))
			return err->code;
		snprintf(out->v[i].next_at, sizeof(out->v[i].next_at), "%s", lease_until);
	}
	return 0;
}

static int sq_outbox_update(tm_store *st, const tm_outbox_item *it, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE outbox SET status = :status, attempts = :attempts, next_at = :next_at, "
				  "last_error = :error, sent_at = :sent_at WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":status", it->status);
	sq_bind_int(q, ":attempts", it->attempts);
	sq_bind_text(q, ":next_at", it->next_at);
	sq_bind_text(q, ":error", it->last_error);
	sq_bind_text_or_null(q, ":sent_at", it->sent_at);
	sq_bind_int(q, ":id", it->id);
	if (sq_exec_stmt(s, q, "recording a sending", err))
		return err->code;
	if (sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown outbox item %lld", (long long)it->id);
	return 0;
}

static int sq_outbox_get(tm_store *st, int64_t id, tm_outbox_item *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = :id";
	tm_outbox_items v = TM_VEC_INIT;
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	if (read_rows(s, q, &v, "reading the outbox", err)) {
		tm_outbox_items_free(&v);
		return err->code;
	}
	if (!v.n) {
		tm_outbox_items_free(&v);
		return tm_fail(err, TM_ENOTFOUND, "unknown outbox item %lld", (long long)id);
	}
	*out = v.v[0];
	TM_VEC_FREE(&v);
	return 0;
}

static int sq_outbox_log(tm_store *st, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE (:channel IS NULL OR channel = :channel) "
				  "AND (:status IS NULL OR status = :status) AND (:webhook = 0 OR webhook_id = :webhook) "
				  "AND (:before = 0 OR id < :before) ORDER BY id DESC LIMIT :limit";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text_or_null(q, ":channel", f->channel);
	sq_bind_text_or_null(q, ":status", f->status);
	sq_bind_int(q, ":webhook", f->webhook_id);
	sq_bind_int(q, ":before", f->before_id);
	sq_bind_int(q, ":limit", f->limit > 0 ? f->limit : 100);
	return read_rows(s, q, out, "reading the outbox", err);
}

const struct tm_store_outbox_ops tm_sqlite_outbox_ops = {
	.enqueue = sq_outbox_enqueue,
	.claim = sq_outbox_claim,
	.update = sq_outbox_update,
	.get = sq_outbox_get,
	.log = sq_outbox_log,
};
