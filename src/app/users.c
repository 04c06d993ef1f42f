/*
 * users.c - accounts for the server: users with argon2id password hashes
 * (libsodium, OWASP's minimum: 19 MiB, 2 passes) and bearer tokens, of
 * which only a BLAKE2b hash is ever stored.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/internal.h"
#include "util/sodium.h"

#include "util/banned.h"

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT ((size_t)19 * 1024 * 1024)
#define PW_MIN 8
#define PW_MAX 1024

/* What the audit log keeps of a user: never the hash. */
static json_t *user_json(const tm_user *u)
{
	return json_pack("{s:s, s:s, s:s?}", "name", u->name, "role", tm_user_role_name(u->role), "person",
			 u->person[0] ? u->person : NULL);
}

int tm_app_sodium(tm_error *err)
{
	return tm_sodium_load(err);
}

int tm_app_password_acceptable(const char *password, tm_error *err)
{
	size_t n = password ? strlen(password) : 0;
	if (n < PW_MIN)
		return tm_fail_field(err, TM_EINVAL, "password", "the password is too short (at least %d characters)", PW_MIN);
	if (n > PW_MAX)
		return tm_fail_field(err, TM_EINVAL, "password", "the password is too long (at most %d characters)", PW_MAX);
	return 0;
}

static int hash_password(const char *password, char out[crypto_pwhash_argon2id_STRBYTES], tm_error *err)
{
	int rc = tm_app_password_acceptable(password, err);
	if (rc)
		return rc;
	if (crypto_pwhash_argon2id_str(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT) != 0)
		return tm_fail(err, TM_EINTERNAL, "out of memory while hashing the password");
	return 0;
}

int tm_app_password_hash(const char *password, char hash[160], tm_error *err)
{
	char out[crypto_pwhash_argon2id_STRBYTES];
	int rc = tm_app_sodium(err);
	if (!rc && !(rc = hash_password(password, out, err)))
		snprintf(hash, 160, "%s", out);
	return rc;
}

int tm_app_password_change(tm_app *app, const tm_user *u, const char *hash, char *session, tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	if (!hash || strncmp(hash, "$argon2id$", 10))
		return tm_fail(err, TM_EINTERNAL, "the new password was not hashed");
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->set_password(st, u->id, hash, err);
	/* As with 'tminus user passwd': whoever held a session or a token of theirs holds it no more. */
	if (!rc)
		rc = st->ops->users->token_revoke_all(st, u->id, err);
	if (!rc)
		rc = st->ops->users->session_rm_user(st, u->id, err);
	if (!rc)
		rc = tm_app_audit(app, "user.password", NULL, NULL, err, "user %lld", (long long)u->id);
	/* The one who changed it goes on signed in, in a session of its own (nested: one commit). */
	if (!rc && session)
		rc = tm_app_session_start(app, u, session, err);
	return tm_store_finish(st, rc, err);
}

/* Adds a user; must_change: they sign in only to choose a new password (a one-time password). */
static int user_add(tm_app *app, const tm_user_input *in, const char *password, bool must_change, tm_user *out,
		    tm_error *err)
{
	tm_store *st = app->st;
	tm_user u = { 0 };
	char hash[crypto_pwhash_argon2id_STRBYTES];
	int rc;
	if ((rc = tm_input_check(&tm_user_desc, TM_IN_CREATE, in, err)) || (rc = tm_app_sodium(err)))
		return rc;
	snprintf(u.name, sizeof(u.name), "%s", in->name);
	u.role = in->role;
	if (TM_GIVEN(in, TM_UI_PERSON) && in->person[0]) {
		tm_person p;
		if ((rc = tm_app_find_person(app, in->person, &p, err)))
			return tm_with_field(err, "person", rc);
		u.person_id = p.id;
	}
	if ((rc = hash_password(password, hash, err)))
		return rc;
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
	u.must_change_password = must_change;
	/* The user's own part of their feed token: whatever id they get, no earlier token is theirs. */
	unsigned char salt[16];
	randombytes_buf(salt, sizeof(salt));
	sodium_bin2hex(u.feed_salt, sizeof(u.feed_salt), salt, sizeof(salt));
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->add(st, &u, err);
	/* Read back: its creation time and its person's name are the store's. */
	if (!rc)
		rc = st->ops->users->get(st, u.id, &u, err);
	if (!rc)
		rc = tm_app_audit(app, "user.add", NULL, user_json(&u), err, "user %lld", (long long)u.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = u;
	return rc;
}

int tm_app_user_add(tm_app *app, const tm_user_input *in, const char *password, tm_user *out, tm_error *err)
{
	return user_add(app, in, password, false, out, err);
}

/* A one-time password: 96 random bits as 16 base64url characters. */
static void one_time_password(char password[TM_PASSWORD_TEXT])
{
	unsigned char raw[12];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(password, TM_PASSWORD_TEXT, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int tm_app_user_invite(tm_app *app, const tm_user_input *in, char password[TM_PASSWORD_TEXT], tm_user *out,
		       tm_error *err)
{
	int rc = tm_input_check(&tm_user_desc, TM_IN_CREATE, in, err);
	if (rc || (rc = tm_app_sodium(err)))
		return rc;
	one_time_password(password);
	rc = user_add(app, in, password, true, out, err);
	if (rc)
		sodium_memzero(password, TM_PASSWORD_TEXT);
	return rc;
}

/* Refuses a change that would leave no admin: removing (role -1) or demoting the last one. Run inside
 * the change's transaction, so two admins demoting each other at once cannot both succeed. */
static int keeps_an_admin(tm_app *app, const tm_user *u, int role, tm_error *err)
{
	tm_users users = TM_VEC_INIT;
	int admins = 0;
	if (u->role != TM_USER_ADMIN || role == TM_USER_ADMIN)
		return 0;
	int rc = app->st->ops->users->list(app->st, &users, err);
	for (size_t i = 0; !rc && i < users.n; i++)
		admins += users.v[i].role == TM_USER_ADMIN && users.v[i].id != u->id;
	TM_VEC_FREE(&users);
	if (!rc && !admins)
		rc = tm_fail(err, TM_ECONFLICT, "'%s' is the last admin: make another user an admin first", u->name);
	return rc;
}

int tm_app_user_change(tm_app *app, const char *name, const tm_user_input *in, tm_user *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_user u, before;
	int rc = tm_input_check(&tm_user_desc, TM_IN_CHANGE, in, err);
	if (rc || (rc = st->ops->tx->begin(st, true, err)))
		return rc;
	if ((rc = st->ops->users->find(st, name, &u, err)))
		goto out;
	before = u;
	if (TM_GIVEN(in, TM_UI_ROLE)) {
		if ((rc = keeps_an_admin(app, &u, in->role, err)))
			goto out;
		u.role = in->role;
	}
	if (TM_GIVEN(in, TM_UI_PERSON) && !in->person[0]) {
		u.person_id = 0;
		u.person[0] = '\0';
	} else if (TM_GIVEN(in, TM_UI_PERSON)) {
		tm_person p;
		if ((rc = tm_app_find_person(app, in->person, &p, err))) {
			rc = tm_with_field(err, "person", rc);
			goto out;
		}
		u.person_id = p.id;
		snprintf(u.person, sizeof(u.person), "%s", p.name);
	}
	rc = st->ops->users->update(st, &u, err);
	if (!rc)
		rc = tm_app_audit(app, "user.change", user_json(&before), user_json(&u), err, "user %lld", (long long)u.id);
out:
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = u;
	return rc;
}

int tm_app_first_admin(tm_app *app, char password[TM_PASSWORD_TEXT], bool *created, tm_error *err)
{
	tm_users users = TM_VEC_INIT;
	tm_user u;
	*created = false;
	int rc = tm_app_sodium(err);
	if (!rc)
		rc = app->st->ops->users->list(app->st, &users, err);
	if (rc || users.n) {
		TM_VEC_FREE(&users);
		return rc;
	}
	TM_VEC_FREE(&users);
	one_time_password(password);
	/* The password is printed where others may see it (a terminal, a service's log): it lets the
	 * admin in once, to choose their own. */
	tm_user_input admin = { .given = 1u << TM_UI_NAME | 1u << TM_UI_ROLE, .name = "admin", .role = TM_USER_ADMIN };
	rc = user_add(app, &admin, password, true, &u, err);
	*created = rc == 0;
	/* Another server starting on the same database made it a moment before: it printed the password. */
	if (rc == TM_ECONFLICT) {
		tm_error_clear(err);
		rc = 0;
	}
	return rc;
}

int tm_app_user_list(tm_app *app, tm_users *out, tm_error *err)
{
	return app->st->ops->users->list(app->st, out, err);
}

int tm_app_user_passwd(tm_app *app, const char *name, const char *password, tm_error *err)
{
	tm_store *st = app->st;
	tm_user u;
	char hash[crypto_pwhash_argon2id_STRBYTES];
	int rc;
	if ((rc = tm_app_sodium(err)) || (rc = st->ops->users->find(st, name, &u, err)) || (rc = hash_password(password, hash, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->set_password(st, u.id, hash, err);
	/* A new password ends every session and token at once. */
	if (!rc)
		rc = st->ops->users->token_revoke_all(st, u.id, err);
	if (!rc)
		rc = st->ops->users->session_rm_user(st, u.id, err);
	if (!rc)
		rc = tm_app_audit(app, "user.password", NULL, NULL, err, "user %lld", (long long)u.id);
	return tm_store_finish(st, rc, err);
}

int tm_app_user_rm(tm_app *app, const char *name, tm_error *err)
{
	tm_store *st = app->st;
	tm_user u;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = st->ops->users->find(st, name, &u, err);
	if (!rc)
		rc = keeps_an_admin(app, &u, -1, err);
	if (!rc)
		rc = st->ops->users->rm(st, u.id, err);
	if (!rc)
		rc = tm_app_audit(app, "user.remove", user_json(&u), NULL, err, "user %lld", (long long)u.id);
	return tm_store_finish(st, rc, err);
}

/* A real hash of a random password, made once: unknown users are checked against it, so
 * "no such user" and "wrong password" take the same time. */
static char decoy[crypto_pwhash_argon2id_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
	char pw[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	if (crypto_pwhash_argon2id_str(decoy, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT) != 0)
		decoy[0] = '\0';
}

int tm_app_authorize(const tm_user *u, int permission, bool writes, bool write_scope, tm_error *err)
{
	/* A one-time password lets its user in to choose their own, and to nothing else. */
	if (u->must_change_password && permission != TM_PERM_SELF)
		return tm_fail(err, TM_EFORBIDDEN, "'%s' signed in with a one-time password and must choose a new password "
			       "before anything else", u->name);
	if (permission == TM_PERM_WORKSPACE && u->role < TM_USER_ADMIN)
		return tm_fail(err, TM_EFORBIDDEN, "only admins may do this ('%s' is %s)", u->name, tm_user_role_name(u->role));
	if (permission == TM_PERM_PLAN && u->role < TM_USER_EDITOR)
		return tm_fail(err, TM_EFORBIDDEN, "viewers cannot change plans ('%s' is a viewer)", u->name);
	if (writes && !write_scope)
		return tm_fail(err, TM_EFORBIDDEN, "this token can only read (scope read)");
	return 0;
}

void tm_app_user_hash(tm_app *app, const char *name, char hash[160], tm_user *out, bool *known)
{
	tm_error err = TM_ERROR_INIT;
	memset(out, 0, sizeof(*out));
	*known = !tm_app_sodium(&err) && app->st->ops->users->find(app->st, name, out, &err) == 0;
	pthread_once(&decoy_once, make_decoy);
	snprintf(hash, 160, "%s", *known ? out->password_hash : decoy);
}

bool tm_app_password_matches(const char *hash, const char *password)
{
	return hash && hash[0] && password &&
	       crypto_pwhash_argon2id_str_verify(hash, password, strlen(password)) == 0;
}

void tm_app_token_hash(const char *text, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

void tm_app_utc(char *buf, size_t n, long plus_seconds)
{
	time_t t = time(NULL) + plus_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	(void)strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm); /* callers give 32 bytes, the stamp fits: never 0 */
}

int tm_app_token_create(tm_app *app, const char *user, const char *label, const char *scope, int expires_days,
			char text[TM_TOKEN_TEXT], tm_token *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_user u;
	tm_token t = { 0 };
	unsigned char raw[32];
	int rc;
	if ((rc = tm_app_sodium(err)) || (rc = st->ops->users->find(st, user, &u, err)))
		return rc;
	if ((rc = tm_check_text("token name", label, TM_NAME_MAX, err)))
		return tm_with_field(err, "name", rc);
	if (!scope || (strcmp(scope, "read") && strcmp(scope, "write")))
		return tm_fail_field(err, TM_EINVAL, "scope", "unknown scope '%.40s' (read or write)", scope ? scope : "");
	if (expires_days < 0 || expires_days > 3650)
		return tm_fail_field(err, TM_EINVAL, "expires_days", "a token expires in 1 to 3650 days");
	if (!strcmp(scope, "write") && u.role == TM_USER_VIEWER)
		return tm_fail_field(err, TM_EINVAL, "scope", "'%s' is a viewer: their tokens can only read", u.name);
	randombytes_buf(raw, sizeof(raw));
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): sodium_bin2base64 ends it */
	memcpy(text, "tm_", 3);
	sodium_bin2base64(text + 3, TM_TOKEN_TEXT - 3, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	t.user_id = u.id;
	snprintf(t.user, sizeof(t.user), "%s", u.name);
	snprintf(t.name, sizeof(t.name), "%s", label);
	t.write = !strcmp(scope, "write");
	tm_app_token_hash(text, t.hash);
	if (expires_days)
		tm_app_utc(t.expires_at, sizeof(t.expires_at), expires_days * 86400L);
	tm_app_utc(t.created_at, sizeof(t.created_at), 0);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->token_add(st, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "token.add", NULL,
				  json_pack("{s:s, s:s, s:s, s:s?}", "user", u.name, "name", t.name, "scope", t.write ? "write" : "read",
					    "expires", t.expires_at[0] ? t.expires_at : NULL),
				  err, "token %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = t;
	return rc;
}

int tm_app_token_make(tm_app *app, const tm_token_input *in, char text[TM_TOKEN_TEXT], tm_token *out, tm_error *err)
{
	int rc = tm_input_check(&tm_token_desc, TM_IN_CREATE, in, err);
	if (rc)
		return rc;
	rc = tm_app_token_create(app, in->user, in->name, in->scope ? "write" : "read",
				 TM_GIVEN(in, TM_TKI_EXPIRES) ? in->expires_days : 0, text, out, err);
	/* A user named in the body who does not exist is bad input, named by its field. */
	return rc == TM_ENOTFOUND && !err->field[0] ? tm_with_field(err, "user", rc) : rc;
}

int tm_app_token_list(tm_app *app, const char *user, tm_tokens *out, tm_error *err)
{
	tm_user u = { 0 };
	int rc = user ? app->st->ops->users->find(app->st, user, &u, err) : 0;
	return rc ? rc : app->st->ops->users->token_list(app->st, u.id, out, err);
}

int tm_app_token_revoke(tm_app *app, const char *id, tm_error *err)
{
	tm_store *st = app->st;
	int n = 0;
	int rc = tm_parse_int("token id", id, 1, 2000000000, &n, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->users->token_revoke(st, n, err);
	if (!rc)
		rc = tm_app_audit(app, "token.revoke", NULL, NULL, err, "token %d", n);
	return tm_store_finish(st, rc, err);
}

int tm_app_token_check(tm_app *app, const char *text, tm_token *out, tm_error *err)
{
	char hash[65], now[32];
	int rc = tm_app_sodium(err);
	if (rc)
		return rc;
	if (!text || strncmp(text, "tm_", 3) || strlen(text) > TM_TOKEN_TEXT)
		return tm_fail(err, TM_ENOTFOUND, "no such token");
	tm_app_token_hash(text, hash);
	tm_app_utc(now, sizeof(now), 0);
	return app->st->ops->users->token_find(app->st, hash, now, out, err);
}
