/*
 * auth.c - who is asking, and sign-in: bearer tokens, session cookies with
 * a CSRF token derived from the session, failed sign-ins limited per client
 * address (so an attacker slows only themselves, never locks a user out),
 * and at most two password hashes at once so sign-ins cannot starve the API.
 */
#include <arpa/inet.h>
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

#define COOKIE "tminus_session"
#define MAX_HASHING 2            /* argon2id at 19 MiB each */
#define FREE_FAILURES 5          /* failed sign-ins from one address before it must wait */
#define MAX_WAIT 300             /* seconds: the longest an address waits */
#define FORGET_AFTER 900         /* seconds without failures: the address starts afresh */
#define N_ADDRESSES 1024

static sem_t hashing;             /* MAX_HASHING hashes at once */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

/* Failed sign-ins per client address (a small open-addressed table, oldest entry replaced). */
static struct failures {
	char addr[48];
	int count;
	time_t last, until;
} failures[N_ADDRESSES];
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

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

static struct failures *slot(const char *addr, time_t now)
{
	unsigned h = 5381;
	for (const char *p = addr; *p; p++)
		h = h * 33 + (unsigned char)*p;
	struct failures *oldest = NULL;
	for (int i = 0; i < 8; i++) {
		struct failures *f = &failures[(h + (unsigned)i) % N_ADDRESSES];
		if (!strcmp(f->addr, addr))
			return f;
		if (!oldest || f->last < oldest->last)
			oldest = f;
	}
	memset(oldest, 0, sizeof(*oldest));
	snprintf(oldest->addr, sizeof(oldest->addr), "%s", addr);
	oldest->last = now;
	return oldest;
}

/* Seconds this address must still wait before its next try, 0 when it may try. */
static long wait_for(const char *addr)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&failures_lock);
	struct failures *f = slot(addr, now);
	if (now - f->last > FORGET_AFTER)
		f->count = 0, f->until = 0;
	long w = f->until > now ? (long)(f->until - now) : 0;
	pthread_mutex_unlock(&failures_lock);
	return w;
}

static void failed(const char *addr)
{
	time_t now = time(NULL);
	pthread_mutex_lock(&failures_lock);
	struct failures *f = slot(addr, now);
	f->count++;
	f->last = now;
	if (f->count >= FREE_FAILURES) {
		int shift = f->count - FREE_FAILURES;
		long wait = shift > 8 ? MAX_WAIT : 1L << shift;
		f->until = now + (wait > MAX_WAIT ? MAX_WAIT : wait);
	}
	pthread_mutex_unlock(&failures_lock);
}

static void succeeded(const char *addr)
{
	pthread_mutex_lock(&failures_lock);
	struct failures *f = slot(addr, time(NULL));
	f->count = 0;
	f->until = 0;
	pthread_mutex_unlock(&failures_lock);
}

void tm_auth_identify(struct call *c)
{
	tm_error ignored = TM_ERROR_INIT;
	const char *auth = tm_call_header(c, "Authorization");
	memset(&c->who, 0, sizeof(c->who));
	if (auth) {
		tm_token t;
		if (strncasecmp(auth, "Bearer ", 7) || tm_app_token_check(c->app, auth + 7, &t, &ignored))
			return; /* a wrong token is never "anonymous": the route says 401 */
		c->who.user.id = t.user_id;
		snprintf(c->who.user.name, sizeof(c->who.user.name), "%s", t.user);
		c->who.user.role = t.user_role;
		c->who.user.person_id = t.user_person_id;
		snprintf(c->who.user.person, sizeof(c->who.user.person), "%s", t.user_person);
		c->who.user.feed_generation = t.user_feed_generation;
		c->who.known = true;
		c->who.write_scope = t.write;
		return;
	}
	const char *sid = MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND, COOKIE);
	if (sid && !tm_app_session_check(c->app, sid, &c->who.user, &ignored)) {
		c->who.known = true;
		c->who.write_scope = true;
		c->who.via_cookie = true;
		snprintf(c->who.session, sizeof(c->who.session), "%s", sid);
	}
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
	json_t *j = json_pack("{s:s, s:s, s:o}", "user", c->who.user.name, "role", tm_user_role_name(c->who.user.role),
			      "person", c->who.user.person[0] ? json_string(c->who.user.person) : json_null());
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
	if (!rc)
		rc = tm_call_list(c, tm_json_tasks(ts.v, ts.n));
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

/* A browser's form gets the sign-in page again, saying why, instead of a problem document. */
static void back_to_form(struct call *c, const char *why)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/login?error=%s", why);
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
	client_address(c, l->addr, sizeof(l->addr));
	long wait = wait_for(l->addr);
	if (wait) {
		char s[24];
		snprintf(s, sizeof(s), "%ld", wait);
		tm_reply_header(c->rep, "Retry-After", s);
		tm_reply_problem(c->rep, 429, "too many failed sign-ins from this address: wait and try again", NULL);
		if (l->form)
			back_to_form(c, "wait");
		sodium_memzero(l->password, sizeof(l->password));
		return 0;
	}
	tm_app_user_hash(c->app, user, l->hash, &l->user, &l->known);
	l->state = LOGIN_HASHING;
	return 0;
}

void tm_login_check(struct tm_login *l)
{
	/* At most MAX_HASHING at once, whoever calls. */
	sem_wait(&hashing);
	l->ok = tm_app_password_matches(l->hash, l->password) && l->known;
	sem_post(&hashing);
	sodium_memzero(l->password, sizeof(l->password));
	l->state = LOGIN_CHECKED;
}

/* The second half: the verdict, a session, the cookie. */
static int login_finish(struct call *c, struct tm_login *l)
{
	char sid[TM_SESSION_TEXT];
	int rc;
	if (!l->ok) {
		failed(l->addr);
		tm_reply_problem(c->rep, 401, "unknown user or wrong password", NULL);
		if (l->form)
			back_to_form(c, "signin");
		return 0;
	}
	succeeded(l->addr);
	if ((rc = tm_app_session_start(c->app, &l->user, sid, &c->err)))
		return rc;
	c->who = (struct tm_principal){ .known = true, .user = l->user, .write_scope = true, .via_cookie = true };
	snprintf(c->who.session, sizeof(c->who.session), "%s", sid);
	set_cookie(c, sid, TM_SESSION_MAX_SECONDS);
	if (l->form) {
		/* A browser's form post: back to the start page. */
		tm_reply_header(c->rep, "Location", "/");
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
	{ NULL, NULL, NULL, 0 },
};
