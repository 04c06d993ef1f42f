/*
 * pg_users.c - users, their API tokens and sign-in sessions (only hashes of
 * tokens and session ids are stored), and their feed token generations, in
 * PostgreSQL. User names compare without case as SQLite's NOCASE does
 * (lower() of a "C" collation folds ASCII only, as NOCASE); user and token
 * ids are never reused: id_sequence holds the highest each table ever had.
 */
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

/* The one user of a query's result; TM_ENOTFOUND (with the message the caller made) when none. */
static int one_user(PGresult *res, tm_user *out)
{
	bool found = PQntuples(res) > 0;
	if (found) {
		tm_row r = pg_row(res, 0);
		tm_row_user(&r, out);
	}
	PQclear(res);
	return found ? 0 : TM_ENOTFOUND;
}

static int pg_user_add(tm_store *st, tm_user *u, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO users(id, name, role, person_id, password_hash, feed_salt, must_change_password) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM users)) + 1 FROM id_sequence WHERE name = 'users'), $1, $2, $3, $4, $5, $6) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, u->name);
	pg_text(&a, tm_user_role_name(u->role));
	pg_id(&a, u->person_id);
	pg_text(&a, u->password_hash);
	pg_text(&a, u->feed_salt);
	pg_int(&a, u->must_change_password);
	if (pg_lock_ids(PG(st), PG_IDS_USERS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a user", err);
	if (!res && err->code == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "a user named '%s' already exists", u->name);
	if (!res)
		return err->code;
	u->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_user_find(tm_store *st, const char *name, tm_user *out, tm_error *err)
{
	static const char sql[] = "SELECT " USER_COLS USER_FROM "WHERE lower(u.name) = lower($1::text)";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, name);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a user", err);
	if (!res)
		return err->code;
	if (one_user(res, out))
		return tm_fail(err, TM_ENOTFOUND, "unknown user '%s'", name);
	return 0;
}

static int pg_user_get(tm_store *st, int64_t id, tm_user *out, tm_error *err)
{
	static const char sql[] = "SELECT " USER_COLS USER_FROM "WHERE u.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a user", err);
	if (!res)
		return err->code;
	if (one_user(res, out))
		return tm_fail(err, TM_ENOTFOUND, "unknown user %lld", (long long)id);
	return 0;
}

static int pg_user_list(tm_store *st, tm_users *out, tm_error *err)
{
	static const char sql[] = "SELECT " USER_COLS USER_FROM "ORDER BY lower(u.name)";
	pg_params a = PG_PARAMS_INIT;
	PGresult *res = pg_run(PG(st), sql, &a, "listing users", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_user(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_user_set_password(tm_store *st, int64_t id, const char *hash, tm_error *err)
{
	/* A password the user chose: any "choose a new password" is done with. */
	static const char sql[] = "UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hash);
	pg_int(&a, id);
	return pg_do(PG(st), sql, &a, "changing a password", err);
}

static int pg_user_update(tm_store *st, const tm_user *u, tm_error *err)
{
	static const char sql[] = "UPDATE users SET role = $1, person_id = $2 WHERE id = $3";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, tm_user_role_name(u->role));
	pg_id(&a, u->person_id);
	pg_int(&a, u->id);
	return pg_do(PG(st), sql, &a, "changing a user", err);
}

static int pg_user_rm(tm_store *st, int64_t id, tm_error *err)
{
	static const char sql[] = "DELETE FROM users WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	return pg_do(PG(st), sql, &a, "removing a user", err);
}

static int pg_user_feed_bump(tm_store *st, int64_t user_id, tm_error *err)
{
	static const char sql[] = "UPDATE users SET feed_generation = feed_generation + 1 WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, user_id);
	return pg_do(PG(st), sql, &a, "replacing a feed token", err);
}

static int pg_token_add(tm_store *st, tm_token *t, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO tokens(id, user_id, name, scope, hash, expires_at, created_at) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM tokens)) + 1 FROM id_sequence WHERE name = 'tokens'), $1, $2, $3, $4, $5, "
		"coalesce($6, tm_now())) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, t->user_id);
	pg_text(&a, t->name);
	pg_text(&a, t->write ? "write" : "read");
	pg_text(&a, t->hash);
	pg_text_or_null(&a, t->expires_at);
	pg_text_or_null(&a, t->created_at);
	if (pg_lock_ids(PG(st), PG_IDS_TOKENS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "creating a token", err);
	if (!res)
		return err->code;
	t->id = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_token_find(tm_store *st, const char *hash, const char *now, tm_token *out, tm_error *err)
{
	static const char sql[] = "SELECT " TOKEN_COLS TOKEN_FROM "WHERE t.hash = $1 AND t.revoked_at IS NULL "
				  "AND (t.expires_at IS NULL OR t.expires_at > $2)";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hash);
	pg_text(&a, now);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a token", err);
	if (!res)
		return err->code;
	bool found = PQntuples(res) > 0;
	if (found) {
		tm_row r = pg_row(res, 0);
		tm_row_token(&r, out);
	}
	PQclear(res);
	return found ? 0 : tm_fail(err, TM_ENOTFOUND, "no such token");
}

static int pg_token_list(tm_store *st, int64_t user_id, tm_tokens *out, tm_error *err)
{
	static const char sql[] = "SELECT " TOKEN_COLS TOKEN_FROM
				  "WHERE $1::bigint = 0 OR t.user_id = $1::bigint ORDER BY t.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, user_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing tokens", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_token(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_token_revoke(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "UPDATE tokens SET revoked_at = tm_now() WHERE id = $1 AND revoked_at IS NULL";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "revoking a token", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "no live token #%lld", (long long)id);
	return rc;
}

static int pg_token_revoke_all(tm_store *st, int64_t user_id, tm_error *err)
{
	static const char sql[] = "UPDATE tokens SET revoked_at = tm_now() WHERE user_id = $1 AND revoked_at IS NULL";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, user_id);
	return pg_do(PG(st), sql, &a, "revoking tokens", err);
}

static int pg_session_add(tm_store *st, const char *hash, int64_t user_id, const char *now, const char *expires,
			  tm_error *err)
{
	struct pg *p = PG(st);
	static const char prune[] = "DELETE FROM sessions WHERE expires_at <= $1";
	static const char sql[] = "INSERT INTO sessions(hash, user_id, created_at, seen_at, expires_at) "
				  "VALUES($1, $2, $3, $3, $4)";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, now);
	int rc = pg_do(p, prune, &a, "pruning sessions", err);
	if (rc)
		return rc;
	pg_params b = PG_PARAMS_INIT;
	pg_text(&b, hash);
	pg_int(&b, user_id);
	pg_text(&b, now);
	pg_text(&b, expires);
	return pg_do(p, sql, &b, "starting a session", err);
}

static int pg_session_find(tm_store *st, const char *hash, const char *now, const char *idle_since, tm_user *out,
			   char seen_at[32], tm_error *err)
{
	static const char sql[] = "SELECT user_id, seen_at FROM sessions WHERE hash = $1 AND expires_at > $2 "
				  "AND seen_at > $3";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hash);
	pg_text(&a, now);
	pg_text(&a, idle_since);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a session", err);
	if (!res)
		return err->code;
	bool found = PQntuples(res) > 0;
	int64_t user_id = found ? pg_col_i64(res, 0, 0) : 0;
	if (found)
		pg_col_text(res, 0, 1, seen_at, 32);
	PQclear(res);
	if (!found)
		return tm_fail(err, TM_ENOTFOUND, "no such session");
	return pg_user_get(st, user_id, out, err);
}

static int pg_session_touch(tm_store *st, const char *hash, const char *now, tm_error *err)
{
	static const char sql[] = "UPDATE sessions SET seen_at = $1 WHERE hash = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, now);
	pg_text(&a, hash);
	return pg_do(PG(st), sql, &a, "touching a session", err);
}

static int pg_session_rm(tm_store *st, const char *hash, tm_error *err)
{
	static const char sql[] = "DELETE FROM sessions WHERE hash = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hash);
	return pg_do(PG(st), sql, &a, "ending a session", err);
}

static int pg_session_rm_user(tm_store *st, int64_t user_id, tm_error *err)
{
	static const char sql[] = "DELETE FROM sessions WHERE user_id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, user_id);
	return pg_do(PG(st), sql, &a, "ending a user's sessions", err);
}

const struct tm_store_users_ops tm_pg_users_ops = {
	.add = pg_user_add,
	.find = pg_user_find,
	.get = pg_user_get,
	.list = pg_user_list,
	.set_password = pg_user_set_password,
	.update = pg_user_update,
	.rm = pg_user_rm,
	.feed_bump = pg_user_feed_bump,
	.token_add = pg_token_add,
	.token_find = pg_token_find,
	.token_list = pg_token_list,
	.token_revoke = pg_token_revoke,
	.token_revoke_all = pg_token_revoke_all,
	.session_add = pg_session_add,
	.session_find = pg_session_find,
	.session_touch = pg_session_touch,
	.session_rm = pg_session_rm,
	.session_rm_user = pg_session_rm_user,
};
