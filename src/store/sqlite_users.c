/*
 * sqlite_users.c - users, their API tokens and sign-in sessions (only hashes
 * of tokens and session ids are stored), and their feed token generations.
 */
#include <stdio.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

/* Reads the user a statement stands on (rows.c). */
static void read_user(sqlite3_stmt *q, tm_user *u)
{
	tm_row r = sq_row(q);
	tm_row_user(&r, u);
}

static int sq_user_add(tm_store *st, tm_user *u, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO users(name, role, person_id, password_hash, feed_salt, must_change_password) "
				  "VALUES(:name, :role, :person, :hash, :salt, :must)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", u->name);
	sq_bind_text(q, ":role", tm_user_role_name(u->role));
	sq_bind_id(q, ":person", u->person_id);
	sq_bind_text(q, ":hash", u->password_hash);
	sq_bind_text(q, ":salt", u->feed_salt);
	sq_bind_int(q, ":must", u->must_change_password);
	int rc = sq_exec_stmt(s, q, "adding a user", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "a user named '%s' already exists", u->name);
	if (!rc)
		u->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_user_find(tm_store *st, const char *name, tm_user *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " USER_COLS USER_FROM "WHERE u.name = :name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", name);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_user(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown user '%s'", name);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading a user");
}

static int sq_user_get(tm_store *st, int64_t id, tm_user *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " USER_COLS USER_FROM "WHERE u.id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_user(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown user %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading a user");
}

static int sq_user_list(tm_store *st, tm_users *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " USER_COLS USER_FROM "ORDER BY u.name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_user(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing users");
}

static int sq_user_set_password(tm_store *st, int64_t id, const char *hash, tm_error *err)
{
	struct sq *s = SQ(st);
	/* A password the user chose: any "choose a new password" is done with. */
	static const char sql[] = "UPDATE users SET password_hash = :hash, must_change_password = 0 WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_int(q, ":id", id);
	return sq_exec_stmt(s, q, "changing a password", err);
}

static int sq_user_update(tm_store *st, const tm_user *u, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE users SET role = :role, person_id = :person WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":role", tm_user_role_name(u->role));
	sq_bind_id(q, ":person", u->person_id);
	sq_bind_int(q, ":id", u->id);
	return sq_exec_stmt(s, q, "changing a user", err);
}

static int sq_user_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM users WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	return sq_exec_stmt(s, q, "removing a user", err);
}

/* Reads the token a statement stands on (rows.c). */
static void read_token(sqlite3_stmt *q, tm_token *t)
{
	tm_row r = sq_row(q);
	tm_row_token(&r, t);
}

static int sq_token_add(tm_store *st, tm_token *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO tokens(user_id, name, scope, hash, expires_at, created_at) "
				  "VALUES(:user, :name, :scope, :hash, :expires, "
				  "coalesce(:created, strftime('%Y-%m-%dT%H:%M:%SZ','now')))";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", t->user_id);
	sq_bind_text(q, ":name", t->name);
	sq_bind_text(q, ":scope", t->write ? "write" : "read");
	sq_bind_text(q, ":hash", t->hash);
	sq_bind_text_or_null(q, ":expires", t->expires_at);
	sq_bind_text_or_null(q, ":created", t->created_at);
	int rc = sq_exec_stmt(s, q, "creating a token", err);
	if (!rc)
		t->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_token_find(tm_store *st, const char *hash, const char *now, tm_token *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TOKEN_COLS TOKEN_FROM "WHERE t.hash = :hash AND t.revoked_at IS NULL "
				  "AND (t.expires_at IS NULL OR t.expires_at > :now)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_text(q, ":now", now);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_token(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "no such token");
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading a token");
}

static int sq_token_list(tm_store *st, int64_t user_id, tm_tokens *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TOKEN_COLS TOKEN_FROM "WHERE :user = 0 OR t.user_id = :user ORDER BY t.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_token(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing tokens");
}

static int sq_token_revoke(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
				  "WHERE id = :id AND revoked_at IS NULL";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "revoking a token", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "no live token #%lld", (long long)id);
	return rc;
}

static int sq_token_revoke_all(tm_store *st, int64_t user_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
				  "WHERE user_id = :user AND revoked_at IS NULL";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	return sq_exec_stmt(s, q, "revoking tokens", err);
}

static int sq_session_add(tm_store *st, const char *hash, int64_t user_id, const char *now, const char *expires,
			  tm_error *err)
{
	struct sq *s = SQ(st);
	static const char prune[] = "DELETE FROM sessions WHERE expires_at <= :now";
	static const char sql[] = "INSERT INTO sessions(hash, user_id, created_at, seen_at, expires_at) "
				  "VALUES(:hash, :user, :now, :now, :expires)";
	sqlite3_stmt *q = sq_stmt(s, prune, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":now", now);
	int rc = sq_exec_stmt(s, q, "pruning sessions", err);
	if (rc || !(q = sq_stmt(s, sql, err)))
		return rc ? rc : err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_int(q, ":user", user_id);
	sq_bind_text(q, ":now", now);
	sq_bind_text(q, ":expires", expires);
	return sq_exec_stmt(s, q, "starting a session", err);
}

static int sq_session_find(tm_store *st, const char *hash, const char *now, const char *idle_since, tm_user *out,
			   char seen_at[32], tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT user_id, seen_at FROM sessions WHERE hash = :hash AND expires_at > :now "
				  "AND seen_at > :idle";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_text(q, ":now", now);
	sq_bind_text(q, ":idle", idle_since);
	int rc = sqlite3_step(q);
	int64_t user_id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	if (rc == SQLITE_ROW)
		sq_col_text(q, 1, seen_at, 32);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "no such session");
	if (rc != SQLITE_ROW)
		return sq_db_fail(s, err, "reading a session");
	return sq_user_get(st, user_id, out, err);
}

static int sq_session_touch(tm_store *st, const char *hash, const char *now, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE sessions SET seen_at = :now WHERE hash = :hash";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_text(q, ":now", now);
	return sq_exec_stmt(s, q, "touching a session", err);
}

static int sq_session_rm(tm_store *st, const char *hash, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM sessions WHERE hash = :hash";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	return sq_exec_stmt(s, q, "ending a session", err);
}

static int sq_session_rm_user(tm_store *st, int64_t user_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM sessions WHERE user_id = :user";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	return sq_exec_stmt(s, q, "ending a user's sessions", err);
}

static int sq_user_feed_bump(tm_store *st, int64_t user_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE users SET feed_generation = feed_generation + 1 WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", user_id);
	return sq_exec_stmt(s, q, "replacing a feed token", err);
}

const struct tm_store_users_ops tm_sqlite_users_ops = {
	.add = sq_user_add,
	.find = sq_user_find,
	.get = sq_user_get,
	.list = sq_user_list,
	.set_password = sq_user_set_password,
	.update = sq_user_update,
	.rm = sq_user_rm,
	.feed_bump = sq_user_feed_bump,
	.token_add = sq_token_add,
	.token_find = sq_token_find,
	.token_list = sq_token_list,
	.token_revoke = sq_token_revoke,
	.token_revoke_all = sq_token_revoke_all,
	.session_add = sq_session_add,
	.session_find = sq_session_find,
	.session_touch = sq_session_touch,
	.session_rm = sq_session_rm,
	.session_rm_user = sq_session_rm_user,
};
