/*
 * routes.c - the router: finds the route (405 with Allow for a known path,
 * 404 otherwise), opens the thread's store, identifies who is asking,
 * enforces the route's access rule (role, token scope, CSRF), runs the
 * handler (writes inside one transaction with their idempotency key, see
 * idem.c) and turns an error into problem+json with the CLI's message.
 *
 * A request another transaction got in the way of (TM_ERETRY: on PostgreSQL a
 * serialization failure, a deadlock, or an id or idempotency key another
 * server took at once) ran in transactions that were rolled back: it is run
 * again whole, from who is asking on, with a fresh reply, after a short random
 * pause, at most MAX_TRIES times; only then does the client get 503 with
 * Retry-After. A database that is gone (TM_EUNREACHABLE) is 503 with
 * Retry-After at once; the store connects again at its next transaction.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/internal.h"
#include "store/store.h"

#include "util/banned.h"

#define MAX_TRIES 8   /* runs of a request that other transactions keep getting in the way of */

/* A number in [0, n): the pause before a request runs again differs between the parties that met. */
static unsigned jitter(unsigned n)
{
	static __thread uint32_t x;
	if (!x) {
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		x = ((uint32_t)t.tv_nsec ^ (uint32_t)(uintptr_t)&t) | 1u;
	}
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x % n;
}

/* ---- the router ---- */

static const struct tm_route *const tables[] = { tm_routes_launches, tm_routes_tasks, tm_routes_metrics,
						  tm_routes_backlog, tm_routes_experiments, tm_routes_roadmap, tm_routes_glossary,
						  tm_routes_agenda, tm_routes_io, tm_routes_notify,
						  tm_routes_workspace, tm_routes_admin, tm_routes_auth, tm_routes_feeds,
						  tm_routes_pages, tm_routes_assets };

/* Matches url against pattern, filling params; false when it does not match. */
static bool match(const char *pattern, const char *url, const char **params, char *storage, size_t storage_size)
{
	int np = 0;
	size_t used = 0;
	const char *p = pattern, *u = url;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++, u++;
		size_t pl = strcspn(p, "/"), ul = strcspn(u, "/");
		if (pl >= 1 && *p == ':') {
			/* ":" is one segment; ":.ics" one segment ending in ".ics" (without it in the param). */
			const char *suffix = p + 1;
			size_t sl = pl - 1;
			if (ul <= sl || np >= TM_MAX_PARAMS || used + ul + 1 > storage_size ||
			    (sl && strncmp(u + ul - sl, suffix, sl)))
				return false;
			memcpy(storage + used, u, ul - sl);
			storage[used + ul - sl] = '\0';
			params[np++] = storage + used;
			used += ul - sl + 1;
		} else if (pl != ul || strncmp(p, u, pl)) {
			return false;
		}
		p += pl, u += ul;
	}
	return !*p && !*u;
}

/* One store per worker thread, opened on its first request and closed when the thread ends. */
static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void close_store(void *p)
{
	tm_store_close(p);
}

static void make_key(void)
{
	pthread_key_create(&store_key, close_store);
}

static int thread_store(const tm_serve_options *opt, tm_store **out, tm_error *err)
{
	pthread_once(&store_once, make_key);
	tm_store *st = pthread_getspecific(store_key);
	if (!st) {
		int rc = tm_store_open(opt->db_path, &st, err);
		if (rc)
			return rc;
		pthread_setspecific(store_key, st);
	}
	*out = st;
	return 0;
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD");
}

/* A route that may change something: not a read, nor a POST that only computes (TM_PURE). */
static bool changes(const struct tm_route *r, const char *method)
{
	return is_write(method) && !(r->access & TM_PURE);
}

/* 401/403 for who may not use the route, 0 otherwise. */
static int check_access(struct call *c, const struct tm_route *r, int *status)
{
	if ((r->access & TM_ACCESS_MASK) == TM_OPEN)
		return 0;
	if (!c->who.known) {
		*status = 401;
		tm_reply_header(c->rep, "WWW-Authenticate", "Bearer realm=\"tminus\"");
		return tm_fail(&c->err, TM_EFORBIDDEN, "sign in first: a bearer token (tminus token create) or a session from POST /login");
	}
	/* A cookie's POST needs its CSRF token even when it changes nothing: a page never sends one
	 * without it, and no other site's page should make a signed-in browser's server work. */
	bool writes = changes(r, c->method);
	if (is_write(c->method) && c->who.via_cookie && tm_auth_check_csrf(c))
		return c->err.code;
	int access = r->access & TM_ACCESS_MASK;
	int perm = access == TM_ADMIN ? TM_PERM_WORKSPACE
		   : access == TM_EDIT || access == TM_EDIT_PREVIEW ? TM_PERM_PLAN
		   : access == TM_SELF ? TM_PERM_SELF
					  : TM_PERM_READ;
	int rc = tm_app_authorize(&c->who.user, perm, writes, c->who.write_scope, &c->err);
	if (rc && c->who.user.must_change_password && perm != TM_PERM_SELF) {
		/* Say how: the API's way, and the browser's. */
		size_t n = strlen(c->err.msg);
		snprintf(c->err.msg + n, sizeof(c->err.msg) - n,
			 ": POST /api/v1/me/password with {\"current\", \"new\"}, or in a browser at /password");
	}
	return rc;
}

static tm_date today_of(const tm_serve_options *opt)
{
	if (opt->has_today)
		return opt->today;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return tm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* A read, from the thread's cache when nothing was written since it was answered. */
static int cached_read(struct call *c, const struct tm_route *r)
{
	tm_buf key = TM_BUF_INIT;
	int64_t version = 0;
	tm_error ignored = TM_ERROR_INIT;
	/* /api/v1/me… answers differ by who asks: never kept. */
	bool keep = r->access == TM_READ /* no flags */ && strncmp(r->pattern, "/api/v1/me", 10) && tm_cache_key(c, &key) &&
		    !tm_app_data_version(c->app, &version, &ignored);
	int rc = 0;
	if (keep && tm_cache_get(key.s, version, c->rep)) {
		tm_buf_release(&key);
		return 0;
	}
	rc = r->fn(c);
	if (!rc && keep && !tm_mem_failed()) /* an answer made short of memory is never kept */
		tm_cache_put(key.s, version, c->rep);
	tm_buf_release(&key);
	return rc;
}

/* The API names a field by its JSON pointer: "/due". */
static void spell_pointer(const void *ctx, const char *field, char *out, size_t n)
{
	(void)ctx;
	snprintf(out, n, "/%s", field);
}

/* A browser asking for a page (not a script asking the API): a GET that accepts HTML, off /api/. */
static bool wants_page(struct call *c)
{
	const char *accept = tm_call_header(c, "Accept");
	return (!strcmp(c->method, "GET") || !strcmp(c->method, "HEAD")) && accept && strstr(accept, "text/html") &&
	       strncmp(c->url, "/api/", 5) && strncmp(c->url, "/feeds/", 7) && strncmp(c->url, "/assets/", 8);
}

/* Runs the route once in the thread's store: who is asking, may they, the handler. */
static int serve(struct call *c, const struct tm_route *found, tm_store *st, int *status)
{
	const tm_serve_options *opt = c->opt;
	const char *method = c->method, *url = c->url;
	tm_app app;
	int rc;
	tm_app_init(&app, st, today_of(opt), opt->playbook_path);
	/* Only reads use the memo: what a write computes may be rolled back (a dry run) and must not
	 * be remembered. */
	app.memo = is_write(method) ? NULL : tm_cache_memo(&app);
	/* cppcheck-suppress autoVariables ; c->app is set back to NULL before this returns */
	c->app = &app;
	/* A read sees one snapshot from who is asking to the last row of its answer; a write ends
	 * that snapshot before it joins a write transaction. */
	bool read_tx = !(rc = tm_app_begin_read(&app, &c->err));
	/* A database that is gone answers at once, without a wait to reconnect for each step; the
	 * open routes (health, sign-in, the web UI's files) go on to say so, or need none. */
	if (rc == TM_EUNREACHABLE && (found->access & TM_ACCESS_MASK) != TM_OPEN) {
		tm_app_release(&app);
		return rc;
	}
	c->err = (tm_error)TM_ERROR_INIT;
	c->err.spell = spell_pointer;
	rc = tm_auth_identify(c);
	app.user = c->who.known ? c->who.user.name : NULL;
	if (!rc)
		rc = check_access(c, found, status);
	bool writes = changes(found, method);
	if (read_tx && writes) {
		tm_error ignored = TM_ERROR_INIT;
		tm_app_finish(&app, 0, &ignored);
		read_tx = false;
	}
	/* A preview answers what a write would do and saves nothing: the handler rolls its own transaction
	 * back, outside the batch (whose commit would write pages again even for a step it undid). */
	bool dry_run = false;
	if (!rc && is_write(method) && tm_call_query(c, "dry_run")) {
		if ((found->access & TM_ACCESS_MASK) == TM_EDIT_PREVIEW)
			rc = tm_call_query_bool(c, "dry_run", &dry_run);
		else
			rc = tm_fail_field(&c->err, TM_EINVAL, "dry_run", "%s %.200s has no dry run: it makes the change or none",
					   method, url);
	}
	/* NOLINTNEXTLINE(bugprone-branch-clone): a preview, then an uncached pure write: two reasons */
	if (!rc && dry_run) {
		rc = found->fn(c);
	} else if (!rc && writes) {
		tm_cache_wrote();
		int access = found->access & TM_ACCESS_MASK;
		rc = access != TM_OPEN && access != TM_SELF && !(found->access & TM_SECRET) ? tm_idem_run(c, found)
											    : found->fn(c);
		tm_cache_wrote(); /* counted after too: a read between the two cannot keep a stale answer */
	} else if (!rc && is_write(method)) {
		rc = found->fn(c); /* TM_PURE: its answer depends on its body, which no cache key holds */
	} else if (!rc) {
		rc = cached_read(c, found);
	}
	if (read_tx) {
		/* Committed, not rolled back: a session's idle clock may have moved inside it. */
		tm_error ignored = TM_ERROR_INIT;
		int end = tm_app_finish(&app, 0, &ignored);
		/* A read whose snapshot another server's change invalidated (its session's touch) runs again. */
		if (!rc && end == TM_ERETRY) {
			c->err = ignored;
			rc = end;
		}
	}
	tm_app_release(&app);
	c->app = NULL;
	return rc;
}

/* Is field ("/dris", "/sponsor", as the body spells it) one whose unknown person answers 404? */
static bool person_not_found(const char *field)
{
	const char *f = field[0] == '/' ? field + 1 : field;
	return !strcmp(f, "sponsor") || !strcmp(f, "dris") || !strncmp(f, "dris/", 5);
}

static void no_memory(struct tm_reply *rep, bool saved);

void tm_http_route(const tm_serve_options *opt, struct MHD_Connection *conn, const char *method, const char *url,
		   const char *body, size_t body_len, struct tm_login *login, struct tm_reply *rep)
{
	struct call c = { .opt = opt, .conn = conn, .method = method, .url = url, .body = body, .len = body_len,
			  .rep = rep, .err = TM_ERROR_INIT, .login = login };
	c.err.spell = spell_pointer;
	/* Without the reserve a failed tm_x* allocation would end the process: short of memory now, the
	 * request is turned away (503, Retry-After) until the reserve can be taken again. */
	if (!tm_mem_begin()) {
		tm_http_no_memory(rep);
		return;
	}
	char storage[1024];
	const struct tm_route *found = NULL;
	bool path_known = false;
	char allow[64] = "";
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]) && !found; t++)
		for (const struct tm_route *r = tables[t]; r->method && !found; r++) {
			const char *params[TM_MAX_PARAMS] = { 0 };
			if (!match(r->pattern, url, params, storage, sizeof(storage)))
				continue;
			path_known = true;
			if (!strstr(allow, r->method))
				snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s", allow[0] ? ", " : "",
					 r->method);
			if (!strcmp(r->method, method) || (!strcmp(method, "HEAD") && !strcmp(r->method, "GET"))) {
				found = r;
				memcpy(c.param, params, sizeof(params));
			}
		}
	if (!found) {
		/* Keep looking for the rest of Allow. */
		for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]) && path_known; t++)
			for (const struct tm_route *r = tables[t]; r->method; r++) {
				const char *params[TM_MAX_PARAMS] = { 0 };
				if (match(r->pattern, url, params, storage, sizeof(storage)) && !strstr(allow, r->method))
					snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), ", %s", r->method);
			}
		if (path_known)
			tm_reply_header(rep, "Allow", allow);
		if (!path_known && wants_page(&c))
			tm_page_not_found(rep, url);
		else
			tm_reply_problem(rep, path_known ? 405 : 404,
					 path_known ? "this resource does not take that method" : "no such resource", NULL);
		return;
	}
	tm_store *st = NULL;
	int status = 0;
	int rc = thread_store(opt, &st, &c.err);
	unsigned commits = st ? st->commits : 0;
	for (int tries = 1; !rc; tries++) {
		status = 0;
		rc = serve(&c, found, st, &status);
		if (rc != TM_ERETRY || tries >= MAX_TRIES)
			break;
		/* Rolled back whole: run again from the start, a little later than the other party. */
		tm_reply_release(rep);
		tm_reply_init(rep);
		memset(&c.who, 0, sizeof(c.who));
		unsigned ms = 4u << (tries < 7 ? tries - 1 : 6); /* 4, 8 … 256 ms, jittered: about a second in all */
		struct timespec pause = { 0, (long)(ms * 500000u + jitter(ms * 1000000u)) };
		nanosleep(&pause, NULL);
		rc = 0;
	}
	if (rc) {
		if (!status)
			status = tm_error_http_status(rc);
		/* A record named in the request (a body member, a query parameter) that does not exist is bad
		 * input, not a missing resource; but a launch's stream DRI or sponsor who is no person is a
		 * 404, as issue 12 has it (the command line's exit 3 alike). */
		if (rc == TM_ENOTFOUND && c.err.field[0] && !person_not_found(c.err.field))
			status = 400;
		/* A workspace busy with another process's write, a change that kept meeting others', a
		 * database server gone for now: each is worth a retry. */
		if (rc == TM_EBUSY || rc == TM_ERETRY || rc == TM_ENOMEM)
			tm_reply_header(rep, "Retry-After", "1");
		else if (rc == TM_EUNREACHABLE)
			tm_reply_header(rep, "Retry-After", "5");
		tm_reply_problem(rep, status, c.err.msg, c.err.field);
	}
	/* An allocation failed somewhere in the request: whatever answer was made may lack parts of
	 * it, and a write was rolled back at its commit (TM_ENOMEM). Say so; the next request may fare better.
	 * A change committed before the failure (its answer being made after) stays, and is said to. */
	if (tm_mem_failed() || rc == TM_ENOMEM)
		no_memory(rep, st && st->commits != commits);
}

/* 503 with Retry-After: a problem document written out whole (one small allocation, where building it
 * with jansson would take several, any of which may fail now). saved: a change was committed before the
 * failure. */
static void no_memory(struct tm_reply *rep, bool saved)
{
	static const char lost[] = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
				   "\"detail\":\"out of memory: the server could not finish the request and nothing was "
				   "changed; try again\"}\n";
	static const char kept[] = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
				   "\"detail\":\"out of memory while making the answer: the change was saved; read it back "
				   "rather than sending it again\"}\n";
	tm_reply_release(rep);
	tm_reply_init(rep);
	tm_reply_header(rep, "Retry-After", "1");
	tm_reply_text(rep, 503, "application/problem+json; charset=utf-8", saved ? kept : lost,
		      (saved ? sizeof(kept) : sizeof(lost)) - 1);
}

void tm_http_no_memory(struct tm_reply *rep)
{
	no_memory(rep, false);
}
