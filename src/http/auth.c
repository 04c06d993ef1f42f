/*
 * auth.c - who is asking, and sign-in: bearer tokens, session cookies with
 * a CSRF token derived from the session, sign-in attempts limited per client
 * address (so an attacker slows only themselves, never locks a user out) and
 * counted before their password is checked, in the workspace so that every
 * server slows the same address (app/signin.c), at most five checks in flight
 * per address and per user on this server, and at most two password hashes at
 * once so sign-ins cannot starve the API.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/internal.h"
#include "http/validate.h"
#include "render/json.h"
#include "util/sodium.h"

#include "util/banned.h"

#define COOKIE "tminus_session"
#define MAX_HASHING 2            /* argon2id at 19 MiB each */
#define MAX_IN_FLIGHT 5          /* password checks in flight per address and per user */
#define N_ADDRESSES 1024
#define N_NAMES 512              /* more than the server's 256 connections can be checking at once */

static sem_t hashing;             /* MAX_HASHING hashes at once */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/*
 * Password checks in flight on this server per client address (a small
 * open-addressed table; an entry with none in flight is free). How many
 * attempts an address made, and how long it must wait, the workspace keeps
 * (tm_app_signin_admit).
 */
static struct attempts {
	char addr[48];
	int in_flight;                /* being checked now */
} attempts[N_ADDRESSES];

/* Password checks in flight per user name, as typed (ASCII case folded, as names compare). */
static struct name_flight {
	char name[TM_NAME_MAX + 1];
	int in_flight;                /* 0: the entry is free */
} names[N_NAMES];

static pthread_mutex_t attempts_lock = PTHREAD_MUTEX_INITIALIZER;

static void global_init(void)
{
	sem_init(&hashing, 0, MAX_HASHING);
}

void tm_auth_global_init(void)
{
	pthread_once(&global_once, global_init);
}

/* The client's address: the peer's, or behind a proxy (--behind-proxy) the X-Real-IP it sets. */
static void client_address(struct call *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *real = c->opt->behind_proxy ? tm_call_header(c, "X-Real-IP") : NULL;
	snprintf(out, n, "?");
	if (real && *real && strlen(real) < n) {
		snprintf(out, n, "%s", real);
		return;
	}
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, (socklen_t)n);
}

/* The address's entry, or NULL when every candidate has checks in flight. Called locked. */
static struct attempts *address_slot(const char *addr)
{
	unsigned h = 5381;
	for (const char *p = addr; *p; p++)
		h = h * 33 + (unsigned char)*p;
	struct attempts *free_one = NULL;
	for (int i = 0; i < 8; i++) {
		struct attempts *a = &attempts[(h + (unsigned)i) % N_ADDRESSES];
		if (a->in_flight && !strcmp(a->addr, addr))
			return a;
		if (!a->in_flight && !free_one)
			free_one = a;
	}
	if (free_one)
		snprintf(free_one->addr, sizeof(free_one->addr), "%s", addr);
	return free_one;
}

/* The name's entry (a free one if none is in flight), or NULL when all are taken. Called locked. */
static struct name_flight *name_slot(const char *name)
{
	struct name_flight *free_one = NULL;
	for (int i = 0; i < N_NAMES; i++) {
		if (names[i].in_flight && !strcmp(names[i].name, name))
			return &names[i];
		if (!names[i].in_flight && !free_one)
			free_one = &names[i];
	}
	if (free_one)
		snprintf(free_one->name, sizeof(free_one->name), "%s", name);
	return free_one;
}

/* Ends a check in flight on this server. */
static void unreserve(struct tm_login *l)
{
	if (!l->admitted)
		return;
	pthread_mutex_lock(&attempts_lock);
	struct attempts *a = address_slot(l->addr);
	struct name_flight *n = name_slot(l->name);
	if (a && a->in_flight)
		a->in_flight--;
	if (n && n->in_flight)
		n->in_flight--;
	pthread_mutex_unlock(&attempts_lock);
	l->admitted = false;
}

/*
 * Lets a sign-in through to its password check (*ok), or says how many
 * seconds to wait (*wait) and why (why, for the 429). Counts the attempt in
 * the workspace and its check in flight here until tm_login_release. Fails
 * only when the workspace cannot count it.
 */
static int admit(struct call *c, struct tm_login *l, bool *ok, long *wait, char *why, size_t why_size)
{
	*ok = false;
	pthread_mutex_lock(&attempts_lock);
	struct attempts *a = address_slot(l->addr);
	struct name_flight *n = NULL;
	*wait = 1;
	if (!a || !(n = name_slot(l->name))) {
		snprintf(why, why_size, "too many sign-ins at once: try again in a second");
	} else if (a->in_flight >= MAX_IN_FLIGHT) {
		snprintf(why, why_size, "%d sign-ins from this address are being checked already: try again in a second",
			 MAX_IN_FLIGHT);
	} else if (n->in_flight >= MAX_IN_FLIGHT) {
		snprintf(why, why_size, "%d sign-ins as this user are being checked already: try again in a second",
			 MAX_IN_FLIGHT);
	} else {
		a->in_flight++;
		n->in_flight++;
		l->admitted = true;
	}
	pthread_mutex_unlock(&attempts_lock);
	if (!l->admitted)
		return 0;
	/* Counted in the workspace, after the check is reserved here: a wait says no at once. */
	int rc = tm_app_signin_admit(c->app, l->addr, ok, wait, &c->err);
	if (!rc && !*ok)
		snprintf(why, why_size, "too many sign-ins from this address: wait and try again");
	if (rc || !*ok)
		unreserve(l);
	return rc;
}

void tm_login_release(struct tm_login *l, bool succeeded)
{
	/* The verdict's part in the workspace is login_finish's and password_finish's (tm_app_signin_verdict). */
	(void)succeeded;
	unreserve(l);
}

/* A failed check's wait runs from its verdict. Best effort but for a concurrent change (retried whole). */
static int failed_check(struct call *c, struct tm_login *l)
{
	tm_error err = TM_ERROR_INIT;
	int rc = tm_app_signin_verdict(c->app, l->addr, false, &err);
	if (rc == TM_ERETRY) {
		c->err = err;
		return rc;
	}
	return 0;
}

/* An unknown token or session is nobody; a workspace that cannot tell is an error. */
static int unknown(struct call *c, int rc, const tm_error *err)
{
	if (rc == TM_ENOTFOUND)
		return 0;
	return tm_fail(&c->err, rc, "%s", err->msg);
}

int tm_auth_identify(struct call *c)
{
	tm_error ignored = TM_ERROR_INIT;
	const char *auth = tm_call_header(c, "Authorization");
	memset(&c->who, 0, sizeof(c->who));
	if (auth) {
		tm_token t;
		if (strncasecmp(auth, "Bearer ", 7))
			return 0; /* a wrong token is never "anonymous": the route says 401 */
		int rc = tm_app_token_check(c->app, auth + 7, &t, &ignored);
		if (rc)
			return unknown(c, rc, &ignored);
		c->who.user.id = t.user_id;
		snprintf(c->who.user.name, sizeof(c->who.user.name), "%s", t.user);
		c->who.user.role = t.user_role;
		c->who.user.person_id = t.user_person_id;
		snprintf(c->who.user.person, sizeof(c->who.user.person), "%s", t.user_person);
		c->who.user.feed_generation = t.user_feed_generation;
		c->who.user.must_change_password = t.user_must_change_password;
		c->who.known = true;
		c->who.write_scope = t.write;
		return 0;
	}
	const char *sid = MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND, COOKIE);
	if (!sid)
		return 0;
	int rc = tm_app_session_check(c->app, sid, &c->who.user, &ignored);
	if (rc) {
		memset(&c->who.user, 0, sizeof(c->who.user));
		return unknown(c, rc, &ignored);
	}
	c->who.known = true;
	c->who.write_scope = true;
	c->who.via_cookie = true;
	snprintf(c->who.session, sizeof(c->who.session), "%s", sid);
	return 0;
}

/*
 * A same-origin request. Browsers say so in Sec-Fetch-Site, which no page can
 * forge; it decides when present. Otherwise Origin, when sent, must be this
 * server as the client reached it. (With Referrer-Policy: no-referrer a
 * browser's own form posts carry "Origin: null", so Origin alone cannot tell.)
 */
static int same_origin(struct call *c)
{
	const char *origin = tm_call_header(c, "Origin"), *host = tm_call_header(c, "Host");
	const char *fetch_site = tm_call_header(c, "Sec-Fetch-Site");
	if (fetch_site)
		return strcmp(fetch_site, "same-origin") && strcmp(fetch_site, "none")
			       ? tm_fail(&c->err, TM_EFORBIDDEN, "cross-site request refused (Sec-Fetch-Site: %.40s)", fetch_site)
			       : 0;
	if (!origin)
		return 0;
	const char *rest = !strncmp(origin, "http://", 7) ? origin + 7 : !strncmp(origin, "https://", 8) ? origin + 8 : NULL;
	if (!rest || !host || strcasecmp(rest, host))
		return tm_fail(&c->err, TM_EFORBIDDEN, "cross-origin request refused (Origin %.80s)", origin);
	return 0;
}

int tm_auth_check_csrf(struct call *c)
{
	char want[TM_SESSION_TEXT], field[TM_SESSION_TEXT];
	const char *got = tm_call_header(c, "X-CSRF-Token");
	const char *ctype = tm_call_header(c, "Content-Type");
	/* A page's form sends it as a field instead. */
	if (!got && ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33) &&
	    tm_req_form_field(c->body, c->len, "csrf", field, sizeof(field)))
		got = field;
	int rc = same_origin(c);
	if (rc)
		return rc;
	tm_app_session_csrf(c->who.session, want);
	if (!got || strlen(got) != strlen(want) || sodium_memcmp(got, want, strlen(want)))
		return tm_fail(&c->err, TM_EFORBIDDEN, "a change made with a session cookie needs its X-CSRF-Token header (GET /api/v1/me)");
	return 0;
}

static json_t *me_json(struct call *c)
{
	json_t *j = json_pack("{s:s, s:s, s:o, s:o, s:b, s:o}", "user", c->who.user.name, "role",
			      tm_user_role_name(c->who.user.role), "person",
			      c->who.user.person[0] ? json_string(c->who.user.person) : json_null(), "person_id",
			      c->who.user.person_id ? json_integer(c->who.user.person_id) : json_null(), "must_change_password",
			      c->who.user.must_change_password, "today", tm_json_date(c->app->today));
	if (c->who.via_cookie) {
		char csrf[TM_SESSION_TEXT];
		tm_app_session_csrf(c->who.session, csrf);
		json_object_set_new(j, "csrf", json_string(csrf));
	}
	return j;
}

static int h_me(struct call *c)
{
	tm_reply_json(c->rep, 200, me_json(c));
	return 0;
}

/* The signed-in user's own work: the open tasks of the person they are. */
static int h_my_tasks(struct call *c)
{
	tm_tasks ts = TM_VEC_INIT;
	if (!c->who.user.person_id)
		return tm_fail(&c->err, TM_ENOTFOUND, "'%s' is not linked to a person (tminus user add --person)",
			       c->who.user.name);
	int rc = tm_app_person_tasks(c->app, c->who.user.person_id, &ts, &c->err);
	json_t *arr = rc ? NULL : tm_json_tasks(ts.v, ts.n);
	/* "My work" groups them by launch: each names its launch, read once per launch. */
	tm_launch l = { 0 };
	for (size_t i = 0; arr && i < ts.n && !rc; i++) {
		if (l.id != ts.v[i].launch_id) {
			char id[32];
			snprintf(id, sizeof(id), "%lld", (long long)ts.v[i].launch_id);
			rc = tm_app_launch_get(c->app, id, &l, &c->err);
		}
		if (!rc)
			json_object_set_new(json_array_get(arr, i), "launch_name", json_string(l.name));
	}
	if (!rc)
		rc = tm_call_list(c, arr);
	else
		json_decref(arr);
	tm_tasks_free(&ts);
	return rc;
}

static void set_cookie(struct call *c, const char *value, long max_age)
{
	char v[256];
	const char *proto = tm_call_header(c, "X-Forwarded-Proto");
	bool tls = (proto && !strcasecmp(proto, "https")) ||
		   MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_PROTOCOL) != NULL;
	snprintf(v, sizeof(v), COOKIE "=%s; HttpOnly; SameSite=Lax; Path=/; Max-Age=%ld%s", value, max_age,
		 tls ? "; Secure" : "");
	tm_reply_header(c->rep, "Set-Cookie", v);
}

bool tm_next_ok(const char *next)
{
	size_t n = strlen(next);
	return n > 1 && n < TM_NEXT_MAX && next[0] == '/' && next[1] != '/' &&
	       strspn(next, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.") == n &&
	       strncmp(next, "/api/", 5) && strncmp(next, "/login", 6) && strncmp(next, "/logout", 7) &&
	       strncmp(next, "/password", 9) && !strstr(next, "/.");
}

/* A browser's form gets the sign-in page again, saying why, instead of a problem document. */
static void back_to_form(struct call *c, const char *why, const char *next)
{
	char loc[64 + TM_NEXT_MAX];
	snprintf(loc, sizeof(loc), "/login?error=%s%s%s", why, next[0] ? "&next=" : "", next);
	tm_reply_header(c->rep, "Location", loc);
	tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", "see /login\n", 11);
}

/* The first half of a sign-in: everything but the password check, which a hasher does. */
static int login_begin(struct call *c, struct tm_login *l)
{
	char user[TM_NAME_MAX + 1];
	const char *ctype = tm_call_header(c, "Content-Type");
	int rc;
	l->form = ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33);
	if (!l->form && (!ctype || strncasecmp(ctype, "application/json", 16)))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "sign in with a form (user, password) or JSON {\"user\", \"password\"}");
	if ((rc = same_origin(c)))
		return rc;
	if ((rc = tm_req_login(c->body, c->len, l->form, user, sizeof(user), l->password, sizeof(l->password), &c->err)))
		return rc;
	if (l->form && (!tm_req_form_field(c->body, c->len, "next", l->next, sizeof(l->next)) || !tm_next_ok(l->next)))
		l->next[0] = '\0';
	client_address(c, l->addr, sizeof(l->addr));
	for (size_t i = 0; i < sizeof(l->name) - 1 && user[i]; i++)
		l->name[i] = (char)tolower((unsigned char)user[i]);
	long wait;
	char why[120];
	bool ok;
	if ((rc = admit(c, l, &ok, &wait, why, sizeof(why))))
		return rc;
	if (!ok) {
		char s[24];
		snprintf(s, sizeof(s), "%ld", wait);
		tm_reply_header(c->rep, "Retry-After", s);
		tm_reply_problem(c->rep, 429, why, NULL);
		if (l->form)
			back_to_form(c, "wait", l->next);
		sodium_memzero(l->password, sizeof(l->password));
		return 0;
	}
	tm_app_user_hash(c->app, user, l->hash, &l->user, &l->known);
	l->state = LOGIN_HASHING;
	return 0;
}

void tm_login_check(struct tm_login *l)
{
	tm_error ignored = TM_ERROR_INIT;
	/* At most MAX_HASHING at once, whoever calls. */
	sem_wait(&hashing);
	l->ok = tm_app_password_matches(l->hash, l->password) && l->known;
	if (l->ok && l->change)
		l->hashed = !tm_app_password_hash(l->new_password, l->new_hash, &ignored);
	sem_post(&hashing);
	sodium_memzero(l->password, sizeof(l->password));
	sodium_memzero(l->new_password, sizeof(l->new_password));
	l->state = LOGIN_CHECKED;
}

/* The second half: the verdict, a session, the cookie. */
static int login_finish(struct call *c, struct tm_login *l)
{
	char sid[TM_SESSION_TEXT];
	int rc;
	tm_login_release(l, l->ok);
	if (!l->ok) {
		if ((rc = failed_check(c, l)))
			return rc;
		tm_reply_problem(c->rep, 401, "unknown user or wrong password", NULL);
		if (l->form)
			back_to_form(c, "signin", l->next);
		return 0;
	}
	/* The address starts afresh in the transaction that opens the session. */
	if ((rc = tm_app_begin_write(c->app, &c->err)))
		return rc;
	rc = tm_app_signin_verdict(c->app, l->addr, true, &c->err);
	if (!rc)
		rc = tm_app_session_start(c->app, &l->user, sid, &c->err);
	if ((rc = tm_app_finish(c->app, rc, &c->err)))
		return rc;
	c->who = (struct tm_principal){ .known = true, .user = l->user, .write_scope = true, .via_cookie = true };
	snprintf(c->who.session, sizeof(c->who.session), "%s", sid);
	set_cookie(c, sid, TM_SESSION_MAX_SECONDS);
	if (l->form) {
		/* A browser's form post: back to the page it came for (or the start), or first to choose
		 * a password. */
		tm_reply_header(c->rep, "Location", l->user.must_change_password ? "/password" : l->next[0] ? l->next : "/");
		tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", "signed in\n", 10);
	} else {
		tm_reply_json(c->rep, 200, me_json(c));
	}
	return 0;
}

/*
 * POST /login. With the server's sign-in state (c->login) the password
 * check happens between two calls, on a hasher thread; without it (no
 * server around the router) it happens here.
 */
static int h_login(struct call *c)
{
	struct tm_login local = { 0 }, *l = c->login ? c->login : &local;
	if (l->state == LOGIN_NEW) {
		int rc = login_begin(c, l);
		if (rc || l->state != LOGIN_HASHING)
			return rc;
		if (c->login)
			return 0; /* the caller queues the check and comes back */
		tm_login_check(l);
	}
	return l->state == LOGIN_CHECKED ? login_finish(c, l) : 0;
}

/* A browser's password form comes back to its page, saying what was wrong (pages.c knows the words). */
static void back_to_password_form(struct call *c, const char *why)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/password?error=%s", why);
	tm_reply_header(c->rep, "Location", loc);
	tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", "see /password\n", 14);
}

/* The JSON body {"current", "new"}, nothing else. */
static int password_json(struct call *c, struct tm_login *l)
{
	json_t *body = NULL;
	int rc = tm_call_body(c, &body);
	if (rc)
		return rc;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "current") && strcmp(key, "new")) {
			char ptr[80];
			snprintf(ptr, sizeof(ptr), "/%.60s", key);
			rc = tm_fail_field(&c->err, TM_EINVAL, ptr, "unknown field %s (send current and new)", ptr);
			break;
		}
	}
	const char *fields[] = { "current", "new" };
	char *outs[] = { l->password, l->new_password };
	for (int i = 0; i < 2 && !rc; i++) {
		json_t *s = json_object_get(body, fields[i]);
		char ptr[16];
		snprintf(ptr, sizeof(ptr), "/%s", fields[i]);
		if (!s)
			rc = tm_fail_field(&c->err, TM_EINVAL, ptr, "%s is required: the %s password", ptr,
					   i ? "new" : "current");
		else if (!json_is_string(s))
			rc = tm_fail_field(&c->err, TM_EINVAL, ptr, "%s must be a string", ptr);
		else if (json_string_length(s) >= sizeof(l->password))
			rc = tm_fail_field(&c->err, TM_EINVAL, ptr, "%s is too long (at most 1024 characters)", ptr);
		else
			snprintf(outs[i], sizeof(l->password), "%s", json_string_value(s));
	}
	json_decref(body);
	return rc;
}

/* The form's fields: current, new and repeat (the csrf field was checked with the route). */
static int password_form(struct call *c, struct tm_login *l)
{
	char repeat[sizeof(l->new_password)];
	int rc = 0;
	if (!tm_req_form_field(c->body, c->len, "current", l->password, sizeof(l->password)))
		rc = tm_fail_field(&c->err, TM_EINVAL, "/current", "the current password is missing");
	else if (!tm_req_form_field(c->body, c->len, "new", l->new_password, sizeof(l->new_password)))
		rc = tm_fail_field(&c->err, TM_EINVAL, "/new", "the new password is missing");
	else if (!tm_req_form_field(c->body, c->len, "repeat", repeat, sizeof(repeat)) || strcmp(repeat, l->new_password))
		rc = tm_fail_field(&c->err, TM_EINVAL, "/repeat", "the new password and its repetition differ");
	sodium_memzero(repeat, sizeof(repeat));
	return rc;
}

/* The first half of a password change: its input, the attempt counted, the current hash. */
static int password_begin(struct call *c, struct tm_login *l)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	int rc;
	l->form = ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33);
	l->change = true;
	if ((rc = l->form ? password_form(c, l) : password_json(c, l)))
		return rc;
	if ((rc = tm_app_password_acceptable(l->new_password, &c->err)))
		return tm_fail_field(&c->err, rc, "/new", "the new password is too %s (8 to 1024 characters)",
				     strlen(l->new_password) < 8 ? "short" : "long");
	if (!strcmp(l->new_password, l->password))
		return tm_fail_field(&c->err, TM_EINVAL, "/new", "the new password must differ from the current one");
	/* Counted like a sign-in: the current password is guessed here as well as at /login. */
	client_address(c, l->addr, sizeof(l->addr));
	for (size_t i = 0; i < sizeof(l->name) - 1 && c->who.user.name[i]; i++)
		l->name[i] = (char)tolower((unsigned char)c->who.user.name[i]);
	long wait;
	char why[120];
	bool ok;
	if ((rc = admit(c, l, &ok, &wait, why, sizeof(why))))
		return rc;
	if (!ok) {
		char s[24];
		snprintf(s, sizeof(s), "%ld", wait);
		tm_reply_header(c->rep, "Retry-After", s);
		tm_reply_problem(c->rep, 429, why, NULL);
		if (l->form)
			back_to_password_form(c, "wait");
		return 0;
	}
	tm_app_user_hash(c->app, c->who.user.name, l->hash, &l->user, &l->known);
	l->state = LOGIN_HASHING;
	return 0;
}

/* The second half: the verdict, the new hash stored, a new session for whoever changed it. */
static int password_finish(struct call *c, struct tm_login *l)
{
	char sid[TM_SESSION_TEXT];
	int rc;
	tm_login_release(l, l->ok);
	if (!l->ok) {
		if ((rc = failed_check(c, l)))
			return rc;
		if (l->form) {
			back_to_password_form(c, "current");
			return 0;
		}
		return tm_fail_field(&c->err, TM_EFORBIDDEN, "/current", "the current password is wrong");
	}
	if (!l->hashed)
		return tm_fail(&c->err, TM_EINTERNAL, "out of memory while hashing the new password: try again");
	if (!(rc = tm_app_begin_write(c->app, &c->err))) {
		rc = tm_app_signin_verdict(c->app, l->addr, true, &c->err);
		if (!rc)
			rc = tm_app_password_change(c->app, &l->user, l->new_hash, c->who.via_cookie ? sid : NULL, &c->err);
		rc = tm_app_finish(c->app, rc, &c->err);
	}
	if (rc != TM_ERETRY) /* kept for the retry of a change another server's got in the way of */
		sodium_memzero(l->new_hash, sizeof(l->new_hash));
	if (rc)
		return rc;
	c->who.user = l->user;
	c->who.user.must_change_password = false;
	if (c->who.via_cookie) {
		snprintf(c->who.session, sizeof(c->who.session), "%s", sid);
		set_cookie(c, sid, TM_SESSION_MAX_SECONDS);
	}
	if (l->form) {
		tm_reply_header(c->rep, "Location", "/");
		tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", "password changed\n", 17);
	} else {
		tm_reply_json(c->rep, 200, me_json(c));
	}
	return 0;
}

/*
 * POST /api/v1/me/password: a signed-in user sets their own password, giving
 * the current one; the one way on for a user who signed in with a one-time
 * password. As with sign-in, the password work happens on a hasher thread
 * between two calls when the server keeps the state (c->login).
 */
static int h_password(struct call *c)
{
	struct tm_login local = { 0 }, *l = c->login ? c->login : &local;
	int rc = 0;
	if (l->state == LOGIN_NEW) {
		rc = password_begin(c, l);
		if (!rc && l->state == LOGIN_HASHING && !c->login)
			tm_login_check(l);
	}
	if (!rc && l->state == LOGIN_CHECKED)
		rc = password_finish(c, l);
	if (rc && l->form && rc == TM_EINVAL) {
		/* The browser's form: back to its page, saying which field. */
		const char *f = c->err.field;
		back_to_password_form(c, !strcmp(f, "/repeat") ? "repeat"
					 : strcmp(f, "/new")     ? "missing"
					 : strstr(c->err.msg, "differ") ? "same"
									 : "new");
		rc = 0;
	}
	if (l != c->login)
		sodium_memzero(l, sizeof(*l));
	return rc;
}

static int h_logout(struct call *c)
{
	int rc;
	if (!c->who.via_cookie)
		return tm_fail(&c->err, TM_EINVAL, "not signed in with a session (bearer tokens are revoked with 'tminus token revoke')");
	if ((rc = tm_auth_check_csrf(c)) || (rc = tm_app_session_end(c->app, c->who.session, &c->err)))
		return rc;
	set_cookie(c, "", 0);
	const char *ctype = tm_call_header(c, "Content-Type");
	if (ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33)) {
		/* The start page's button: back to the sign-in form. */
		tm_reply_header(c->rep, "Location", "/login");
		tm_reply_text(c->rep, 303, "text/plain; charset=utf-8", "signed out\n", 11);
	} else {
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	}
	return 0;
}

const struct tm_route tm_routes_auth[] = {
	{ "POST", "/login", h_login, TM_OPEN },
	{ "POST", "/logout", h_logout, TM_OPEN },
	{ "GET", "/api/v1/me", h_me, TM_READ },
	{ "GET", "/api/v1/me/tasks", h_my_tasks, TM_READ },
	{ "POST", "/api/v1/me/password", h_password, TM_SELF },
	{ NULL, NULL, NULL, 0 },
};
