/*
 * sqlite_idem.c - the server's idempotency keys: the answer to a request
 * sent again with the same key, kept a day.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_idem_get(tm_store *st, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT request, status, location, content_type, body FROM idempotency "
				  "WHERE user_id = :user AND key = :key "
				  "AND created_at > strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	sq_bind_text(q, ":key", key);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->user_id = user_id;
		snprintf(out->key, sizeof(out->key), "%s", key);
		sq_col_text(q, 0, out->request, sizeof(out->request));
		out->status = sqlite3_column_int(q, 1);
		sq_col_text(q, 2, out->location, sizeof(out->location));
		sq_col_text(q, 3, out->content_type, sizeof(out->content_type));
		out->body_len = (size_t)sqlite3_column_bytes(q, 4);
		out->body = tm_xmalloc(out->body_len + 1);
		if (out->body_len)
			memcpy(out->body, sqlite3_column_blob(q, 4), out->body_len);
		out->body[out->body_len] = '\0';
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading an idempotency key");
}

static int sq_idem_put(tm_store *st, const tm_idem *in, tm_error *err)
{
	struct sq *s = SQ(st);
	/* Keys live a day: older ones are dropped as new ones come. */
	static const char prune[] = "DELETE FROM idempotency WHERE user_id = :user "
				    "AND created_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')";
	static const char sql[] = "INSERT OR REPLACE INTO idempotency(user_id, key, request, status, location, content_type, body) "
				  "VALUES(:user, :key, :request, :status, :location, :ctype, :body)";
	sqlite3_stmt *q = sq_stmt(s, prune, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", in->user_id);
	int rc = sq_exec_stmt(s, q, "pruning idempotency keys", err);
	if (rc || !(q = sq_stmt(s, sql, err)))
		return rc ? rc : err->code;
	sq_bind_int(q, ":user", in->user_id);
	sq_bind_text(q, ":key", in->key);
	sq_bind_text(q, ":request", in->request);
	sq_bind_int(q, ":status", in->status);
	sq_bind_text(q, ":location", in->location);
	sq_bind_text(q, ":ctype", in->content_type);
	sqlite3_bind_blob(q, sqlite3_bind_parameter_index(q, ":body"), in->body ? in->body : "", (int)in->body_len,
			  SQLITE_TRANSIENT);
	return sq_exec_stmt(s, q, "saving an idempotency key", err);
}

/* SQLite runs one write transaction at a time: the server's own table of keys in flight (http/idem.c)
 * is all the claim there is to make. */
static int sq_idem_claim(tm_store *st, int64_t user_id, const char *key, bool *claimed, tm_error *err)
{
	(void)st, (void)user_id, (void)key, (void)err;
	*claimed = true;
	return 0;
}

const struct tm_store_idem_ops tm_sqlite_idem_ops = {
	.get = sq_idem_get,
	.put = sq_idem_put,
	.claim = sq_idem_claim,
};
