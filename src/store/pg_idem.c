/*
 * pg_idem.c - the server's idempotency keys in PostgreSQL: the answer to a
 * request sent again with the same key, kept a day, as sqlite_idem.c.
 *
 * Several servers share the table. A key is claimed for the transaction that
 * answers it with a transaction-level advisory lock on a hash of (user, key):
 * a second server asking while the first runs is told at once (409), never
 * made to wait. The key's row is a plain INSERT in the transaction of what the
 * request creates: should two servers still both answer it (the second began
 * its snapshot before the first committed), the second's insert meets the
 * first's row on idempotency_pkey, which pg_util.c reports as TM_ERETRY, and
 * the second's retry replays the first answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

#define SINCE_A_DAY "to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static int pg_idem_get(tm_store *st, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT request, status, location, content_type, body FROM idempotency "
				  "WHERE user_id = $1 AND key = $2 AND created_at > " SINCE_A_DAY;
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, user_id);
	pg_text(&a, key);
	PGresult *r = pg_run(p, sql, &a, "reading an idempotency key", err);
	if (!r)
		return err->code;
	*found = PQntuples(r) > 0;
	if (*found) {
		memset(out, 0, sizeof(*out));
		out->user_id = user_id;
		snprintf(out->key, sizeof(out->key), "%s", key);
		pg_col_text(r, 0, 0, out->request, sizeof(out->request));
		out->status = (int)pg_col_i64(r, 0, 1);
		pg_col_text(r, 0, 2, out->location, sizeof(out->location));
		pg_col_text(r, 0, 3, out->content_type, sizeof(out->content_type));
		size_t n = 0;
		unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 4), &n);
		out->body_len = raw ? n : 0;
		out->body = tm_xmalloc(out->body_len + 1);
		if (out->body_len)
			memcpy(out->body, raw, out->body_len);
		out->body[out->body_len] = '\0';
		if (raw)
			PQfreemem(raw);
	}
	PQclear(r);
	return 0;
}

static int pg_idem_put(tm_store *st, const tm_idem *in, tm_error *err)
{
	struct pg *p = PG(st);
	/* Keys live a day: older ones are dropped as new ones come. */
	static const char prune[] = "DELETE FROM idempotency WHERE user_id = $1 AND created_at <= " SINCE_A_DAY;
	/* Not ON CONFLICT: a row of the key is another server's answer, committed meanwhile (TM_ERETRY). */
	static const char sql[] = "INSERT INTO idempotency(user_id, key, request, status, location, content_type, body) "
				  "VALUES($1, $2, $3, $4, $5, $6, $7)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, in->user_id);
	int rc = pg_do(p, prune, &a, "pruning idempotency keys", err);
	if (rc)
		return rc;
	pg_params b = PG_PARAMS_INIT;
	pg_int(&b, in->user_id);
	pg_text(&b, in->key);
	pg_text(&b, in->request);
	pg_int(&b, in->status);
	pg_text(&b, in->location);
	pg_text(&b, in->content_type);
	pg_bytea(&b, in->body, in->body_len);
	return pg_do(p, sql, &b, "saving an idempotency key", err);
}

/* FNV-1a of the user and the key: the advisory lock's number. */
static int64_t lock_of(int64_t user_id, const char *key)
{
	uint64_t h = 14695981039346656037u;
	char user[24];
	snprintf(user, sizeof(user), "%lld:", (long long)user_id);
	for (const char *s = user; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	for (const char *s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (int64_t)(h >> 1);
}

static int pg_idem_claim(tm_store *st, int64_t user_id, const char *key, bool *claimed, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT pg_try_advisory_xact_lock($1::bigint)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, lock_of(user_id, key));
	PGresult *r = pg_run(p, sql, &a, "claiming an idempotency key", err);
	if (!r)
		return err->code;
	*claimed = PQntuples(r) > 0 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return 0;
}

const struct tm_store_idem_ops tm_pg_idem_ops = {
	.get = pg_idem_get,
	.put = pg_idem_put,
	.claim = pg_idem_claim,
};
