/*
 * sqlite_signin.c - failed sign-ins counted per client address in the
 * workspace, so that every server on it (and a restarted one) slows the same
 * address. The rules (how many are free, how long to wait) are app/signin.c's.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_signin_get(tm_store *st, const char *addr, tm_signin *out, bool *found, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT attempts, last_at, wait_until FROM signin_attempts WHERE addr = :addr";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":addr", addr);
	int rc = sqlite3_step(q);
	memset(out, 0, sizeof(*out));
	snprintf(out->addr, sizeof(out->addr), "%s", addr);
	*found = rc == SQLITE_ROW;
	if (*found) {
		out->attempts = sqlite3_column_int(q, 0);
		out->last = sqlite3_column_int64(q, 1);
		out->until = sqlite3_column_int64(q, 2);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading sign-in attempts");
}

static int sq_signin_put(tm_store *st, const tm_signin *in, int64_t forget_before, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char prune[] = "DELETE FROM signin_attempts WHERE last_at < :before OR (addr = :addr AND :n = 0)";
	static const char sql[] = "INSERT OR REPLACE INTO signin_attempts(addr, attempts, last_at, wait_until) "
				  "VALUES(:addr, :n, :last, :until)";
	sqlite3_stmt *q = sq_stmt(s, prune, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":before", forget_before);
	sq_bind_text(q, ":addr", in->addr);
	sq_bind_int(q, ":n", in->attempts);
	int rc = sq_exec_stmt(s, q, "forgetting sign-in attempts", err);
	if (rc || !in->attempts)
		return rc;
	if (!(q = sq_stmt(s, sql, err)))
		return err->code;
	sq_bind_text(q, ":addr", in->addr);
	sq_bind_int(q, ":n", in->attempts);
	sq_bind_int(q, ":last", in->last);
	sq_bind_int(q, ":until", in->until);
	return sq_exec_stmt(s, q, "counting a sign-in attempt", err);
}

const struct tm_store_signin_ops tm_sqlite_signin_ops = {
	.get = sq_signin_get,
	.put = sq_signin_put,
};
