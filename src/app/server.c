/*
 * server.c - the use cases only the server has: sign-in sessions and their
 * CSRF tokens, calendar feed tokens, the first admin of a new workspace,
 * idempotency keys, the audit log and the online backup.
 *
 * Secrets are never stored: a session is kept by the hash of its id, its
 * CSRF token is a keyed hash of the id, and a feed token is a keyed hash of
 * the user, a generation and the user's random salt under the workspace's
 * feed key, which the store keeps outside the database (a copy of the
 * database yields no feed token).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "util/sodium.h"

#include "util/banned.h"

static void b64url(char *out, size_t outsz, const unsigned char *raw, size_t n)
{
	sodium_bin2base64(out, outsz, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int tm_app_session_start(tm_app *app, const tm_user *u, char id[TM_SESSION_TEXT], tm_error *err)
{
	tm_store *st = app->st;
	unsigned char raw[32];
	char hash[65], now[32], expires[32];
	int rc = tm_app_sodium(err);
	if (rc)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): b64url ends it */
	memcpy(id, "s_", 2);
	b64url(id + 2, TM_SESSION_TEXT - 2, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	tm_app_token_hash(id, hash);
	tm_app_utc(now, sizeof(now), 0);
	tm_app_utc(expires, sizeof(expires), TM_SESSION_MAX_SECONDS);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->session_add(st, hash, u->id, now, expires, err);
	return tm_store_finish(st, rc, err);
}

int tm_app_session_check(tm_app *app, const char *id, tm_user *out, tm_error *err)
{
	tm_store *st = app->st;
	char hash[65], now[32], idle[32], seen[32] = "", touch[32];
	int rc = tm_app_sodium(err);
	if (rc)
		return rc;
	if (!id || strncmp(id, "s_", 2) || strlen(id) >= TM_SESSION_TEXT)
		return tm_fail(err, TM_ENOTFOUND, "no such session");
	tm_app_token_hash(id, hash);
	tm_app_utc(now, sizeof(now), 0);
	tm_app_utc(idle, sizeof(idle), -TM_SESSION_IDLE_SECONDS);
	if ((rc = st->ops->users->session_find(st, hash, now, idle, out, seen, err)))
		return rc;
	/* Idle expiry counts from the last request; write it at most once a minute. */
	tm_app_utc(touch, sizeof(touch), -60);
	if (strcmp(seen, touch) < 0) {
		/* Best effort: a busy database only delays the idle clock by a request. Inside the request's
		 * transaction the touch is a savepoint of its own: another server touching the same
		 * session at once (a serialization failure) takes back only the touch, not the request. */
		tm_error ignored = TM_ERROR_INIT;
		bool nested;
		if (!(rc = tm_app_preview_begin(app, &nested, &ignored))) {
			rc = st->ops->users->session_touch(st, hash, now, &ignored);
			int end = nested ? st->ops->tx->savepoint_end(st, rc != 0, &ignored) : tm_store_finish(st, rc, &ignored);
			rc = rc ? rc : end;
		}
		/* But a database gone is said: the request's transaction is gone with it. */
		if (rc == TM_EUNREACHABLE)
			return tm_fail(err, rc, "%s", ignored.msg);
	}
	return 0;
}

int tm_app_session_end(tm_app *app, const char *id, tm_error *err)
{
	tm_store *st = app->st;
	char hash[65];
	int rc = tm_app_sodium(err);
	if (rc || !id)
		return rc;
	tm_app_token_hash(id, hash);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->session_rm(st, hash, err);
	return tm_store_finish(st, rc, err);
}

void tm_app_session_csrf(const char *id, char out[TM_SESSION_TEXT])
{
	unsigned char mac[32];
	size_t n = strlen(id);
	/* The session id (32 random bytes as text) keys the hash: no CSRF token is ever stored. */
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)"tminus csrf", 11, (const unsigned char *)id,
			   n < crypto_generichash_KEYBYTES_MAX ? n : crypto_generichash_KEYBYTES_MAX);
	b64url(out, TM_SESSION_TEXT, mac, sizeof(mac));
}

static int feed_token_of(tm_app *app, const tm_user *u, char out[TM_TOKEN_TEXT], tm_error *err)
{
	unsigned char key[32], mac[24];
	char msg[120];
	int rc = tm_app_sodium(err);
	if (rc || (rc = app->st->ops->settings->feed_key(app->st, key, err)))
		return rc;
	int n = snprintf(msg, sizeof(msg), "feed:%lld:%lld:%s", (long long)u->id, (long long)u->feed_generation,
			 u->feed_salt);
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg, (size_t)n, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	int m = snprintf(out, TM_TOKEN_TEXT, "tf_%lld_", (long long)u->id);
	b64url(out + m, (size_t)(TM_TOKEN_TEXT - m), mac, sizeof(mac));
	return 0;
}

/* Whose feed: a user must be named. */
static int find_user(tm_app *app, const char *user, tm_user *u, tm_error *err)
{
	if (!user || !*user)
		return tm_fail_field(err, TM_EUSAGE, "user", "missing --user NAME");
	return app->st->ops->users->find(app->st, user, u, err);
}

int tm_app_feed_token(tm_app *app, const char *user, tm_user *u, char out[TM_TOKEN_TEXT], tm_error *err)
{
	int rc = find_user(app, user, u, err);
	return rc ? rc : feed_token_of(app, u, out, err);
}

int tm_app_feed_reset(tm_app *app, const char *user, tm_user *u, char out[TM_TOKEN_TEXT], tm_error *err)
{
	tm_store *st = app->st;
	int rc = find_user(app, user, u, err);
	if (rc || (rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->feed_bump(st, u->id, err);
	if (!rc)
		rc = tm_app_audit(app, "feed.reset", NULL, NULL, err, "user %lld", (long long)u->id);
	if ((rc = tm_store_finish(st, rc, err)))
		return rc;
	u->feed_generation++;
	return feed_token_of(app, u, out, err);
}

int tm_app_feed_check(tm_app *app, const char *token, tm_user *out, tm_error *err)
{
	char want[TM_TOKEN_TEXT], *end = NULL;
	long long id = 0;
	/* "tf_ID_…", the id read by strtoll: sscanf's %lld is undefined for a number too large (a URL's). */
	if (token && !strncmp(token, "tf_", 3) && token[3] >= '0' && token[3] <= '9') {
		errno = 0;
		id = strtoll(token + 3, &end, 10);
		if (errno || *end != '_')
			id = 0;
	}
	if (!token || id <= 0 || strlen(token) >= TM_TOKEN_TEXT)
		return tm_fail(err, TM_ENOTFOUND, "no such feed");
	int rc = app->st->ops->users->get(app->st, id, out, err);
	if (!rc)
		rc = feed_token_of(app, out, want, err);
	if (!rc && (strlen(want) != strlen(token) || sodium_memcmp(want, token, strlen(want))))
		rc = tm_fail(err, TM_ENOTFOUND, "no such feed");
	sodium_memzero(want, sizeof(want));
	return rc;
}

int tm_app_begin_write(tm_app *app, tm_error *err)
{
	return app->st->ops->tx->begin(app->st, true, err);
}

int tm_app_begin_read(tm_app *app, tm_error *err)
{
	return app->st->ops->tx->begin(app->st, false, err);
}

int tm_app_finish(tm_app *app, int rc, tm_error *err)
{
	return tm_store_finish(app->st, rc, err);
}

int tm_app_savepoint(tm_app *app, tm_error *err)
{
	return app->st->ops->tx->savepoint(app->st, err);
}

int tm_app_savepoint_end(tm_app *app, bool undo, tm_error *err)
{
	return app->st->ops->tx->savepoint_end(app->st, undo, err);
}

bool tm_app_parallel_writes(tm_app *app)
{
	return app->st->ops->parallel_writes;
}

bool tm_app_in_transaction(tm_app *app)
{
	return app->st->ops->tx->in_transaction(app->st);
}

int tm_app_preview_begin(tm_app *app, bool *nested, tm_error *err)
{
	*nested = tm_app_in_transaction(app);
	return *nested ? app->st->ops->tx->savepoint(app->st, err) : app->st->ops->tx->begin(app->st, true, err);
}

void tm_app_preview_end(tm_app *app, bool nested)
{
	/* A rollback, never a commit: a savepoint undone and then committed would still write its pages again. */
	if (nested) {
		tm_error ignored = TM_ERROR_INIT;
		app->st->ops->tx->savepoint_end(app->st, true, &ignored);
	} else {
		app->st->ops->tx->rollback(app->st);
	}
}

int tm_app_idem_get(tm_app *app, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err)
{
	return app->st->ops->idem->get(app->st, user_id, key, out, found, err);
}

int tm_app_idem_put(tm_app *app, const tm_idem *in, tm_error *err)
{
	return app->st->ops->idem->put(app->st, in, err);
}

int tm_app_idem_claim(tm_app *app, int64_t user_id, const char *key, bool *claimed, tm_error *err)
{
	return app->st->ops->idem->claim(app->st, user_id, key, claimed, err);
}

int tm_app_data_version(tm_app *app, int64_t *out, tm_error *err)
{
	return app->st->ops->tx->data_version(app->st, out, err);
}

int tm_app_backup(tm_app *app, const char *path, tm_error *err)
{
	if (!path || !*path)
		return tm_fail_field(err, TM_EUSAGE, "file", "missing backup FILE");
	FILE *f = fopen(path, "r");
	if (f) {
		(void)fclose(f); /* read only: nothing of ours is lost */
		return tm_fail_field(err, TM_ECONFLICT, "file", "'%s' already exists: tminus does not overwrite a backup", path);
	}
	return app->st->ops->tx->backup(app->st, path, err);
}
