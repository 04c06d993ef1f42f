/*
 * pg_signin.c - failed sign-ins counted per client address in PostgreSQL, so
 * that failures on one server slow sign-ins from the same address on every
 * other (the rules are app/signin.c's). The row is read FOR UPDATE: two
 * servers counting the same address at once take turns, and at READ COMMITTED
 * the later one reads the earlier one's count once it has committed.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

static int pg_signin_get(tm_store *st, const char *addr, tm_signin *out, bool *found, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT attempts, last_at, wait_until FROM signin_attempts WHERE addr = $1 FOR UPDATE";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, addr);
	PGresult *r = pg_run(p, sql, &a, "reading sign-in attempts", err);
	if (!r)
		return err->code;
	memset(out, 0, sizeof(*out));
	snprintf(out->addr, sizeof(out->addr), "%s", addr);
	*found = PQntuples(r) > 0;
	if (*found) {
		out->attempts = (int)pg_col_i64(r, 0, 0);
		out->last = pg_col_i64(r, 0, 1);
		out->until = pg_col_i64(r, 0, 2);
	}
	PQclear(r);
	return 0;
}

static int pg_signin_put(tm_store *st, const tm_signin *in, int64_t forget_before, tm_error *err)
{
	struct pg *p = PG(st);
	static const char prune[] = "DELETE FROM signin_attempts WHERE last_at < $1 OR (addr = $2 AND $3::bigint = 0)";
	static const char sql[] = "INSERT INTO signin_attempts(addr, attempts, last_at, wait_until) VALUES($1, $2, $3, $4) "
				  "ON CONFLICT (addr) DO UPDATE SET attempts = excluded.attempts, last_at = excluded.last_at, "
				  "wait_until = excluded.wait_until";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, forget_before);
	pg_text(&a, in->addr);
	pg_int(&a, in->attempts);
	int rc = pg_do(p, prune, &a, "forgetting sign-in attempts", err);
	if (rc || !in->attempts)
		return rc;
	pg_params b = PG_PARAMS_INIT;
	pg_text(&b, in->addr);
	pg_int(&b, in->attempts);
	pg_int(&b, in->last);
	pg_int(&b, in->until);
	return pg_do(p, sql, &b, "counting a sign-in attempt", err);
}

const struct tm_store_signin_ops tm_pg_signin_ops = {
	.get = pg_signin_get,
	.put = pg_signin_put,
};
