/*
 * routes.c - the router: finds the route (405 with Allow for a known path,
 * 404 otherwise), opens the thread's store, identifies who is asking,
 * enforces the route's access rule (role, token scope, CSRF), runs the
 * handler (writes inside one transaction with their idempotency key, see
 * idem.c) and turns an error into problem+json with the CLI's message.
 * Also the helpers every handler uses.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/internal.h"
#include "http/validate.h"
#include "render/json.h"
#include "store/store.h"

/* ---- replies ---- */

void tm_reply_init(struct tm_reply *r)
{
	memset(r, 0, sizeof(*r));
	tm_buf_init(&r->body);
	r->status = 200;
}

void tm_reply_release(struct tm_reply *r)
{
	tm_buf_release(&r->body);
}

void tm_reply_header(struct tm_reply *r, const char *name, const char *value)
{
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name)) {
			snprintf(r->headers[i].value, sizeof(r->headers[0].value), "%s", value);
			return;
		}
	if (r->n_headers >= TM_REPLY_MAX_HEADERS)
		return;
	snprintf(r->headers[r->n_headers].name, sizeof(r->headers[0].name), "%s", name);
	snprintf(r->headers[r->n_headers].value, sizeof(r->headers[0].value), "%s", value);
	r->n_headers++;
}

const char *tm_reply_get_header(const struct tm_reply *r, const char *name)
{
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void tm_reply_text(struct tm_reply *r, int status, const char *content_type, const char *s, size_t n)
{
	r->status = status;
	tm_buf_reset(&r->body);
	tm_buf_add(&r->body, s, n);
	snprintf(r->content_type, sizeof(r->content_type), "%s", content_type);
}

void tm_reply_json(struct tm_reply *r, int status, json_t *j)
{
	/* The CLI's --json, compact: the same document in fewer bytes. */
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	tm_reply_text(r, status, "", s ? s : "null", s ? strlen(s) : 4);
	tm_buf_addc(&r->body, '\n');
	free(s);
}

/* text as a JSON string, made valid UTF-8 first (details may quote what a client sent). */
static json_t *utf8_string(const char *text)
{
	tm_buf b = TM_BUF_INIT;
	tm_utf8_sanitize(text, &b);
	json_t *j = json_string(b.s);
	tm_buf_release(&b);
	return j;
}

void tm_reply_problem(struct tm_reply *r, int status, const char *detail, const char *parameter)
{
	const char *title = MHD_get_reason_phrase_for((unsigned)status);
	json_t *j = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank", "title", title ? title : "Error", "status",
			      status, "detail", utf8_string(detail));
	if (parameter && *parameter)
		json_object_set_new(j, "parameter", utf8_string(parameter));
	/* An error replaces whatever a handler had set, but keeps Allow, Retry-After and auth challenges. */
	int keep = 0;
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, "Allow") || !strcasecmp(r->headers[i].name, "Retry-After") ||
		    !strcasecmp(r->headers[i].name, "WWW-Authenticate") || !strcasecmp(r->headers[i].name, "Set-Cookie"))
			r->headers[keep++] = r->headers[i];
	r->n_headers = keep;
	tm_reply_json(r, status, j);
	snprintf(r->content_type, sizeof(r->content_type), "application/problem+json; charset=utf-8");
}

/* ---- helpers for handlers ---- */

const char *tm_call_query(struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *tm_call_header(struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

int tm_call_query_int(struct call *c, const char *name, int def, int lo, int hi, int *out)
{
	const char *v = tm_call_query(c, name);
	*out = def;
	if (!v)
		return 0;
	int rc = tm_parse_int(name, v, lo, hi, out, &c->err);
	if (rc)
		snprintf(c->err.field, sizeof(c->err.field), "%s", name);
	return rc;
}

int tm_call_body(struct call *c, json_t **out)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	*out = NULL;
	if (!ctype || strncasecmp(ctype, "application/json", 16) || (ctype[16] && ctype[16] != ';' && ctype[16] != ' '))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "the body must be application/json");
	return tm_req_json(c->body, c->len, out, &c->err);
}

void tm_call_etag(struct call *c, const char *kind, int64_t id, int64_t version)
{
	char v[96];
	snprintf(v, sizeof(v), "\"%s-%lld-v%lld\"", kind, (long long)id, (long long)version);
	tm_reply_header(c->rep, "ETag", v);
}

int tm_call_if_match(struct call *c, const char *kind, int64_t id, int64_t version)
{
	const char *h = tm_call_header(c, "If-Match");
	char want[96];
	if (!h || !strcmp(h, "*"))
		return tm_fail(&c->err, TM_EPRECONDITION, "If-Match is required: send the ETag you read (%s %lld)", kind,
			       (long long)id);
	snprintf(want, sizeof(want), "\"%s-%lld-v%lld\"", kind, (long long)id, (long long)version);
	/* A list of tags matches when one of them is the current one. */
	for (const char *p = h; *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == strlen(want) && !strncmp(p, want, n))
			return 0;
		p += strcspn(p, ",");
	}
	return tm_fail(&c->err, TM_ESTALE, "%s %lld has changed since you read it (now %s): read it again", kind,
		       (long long)id, want);
}

void tm_call_created(struct call *c, const char *location_fmt, int64_t id, json_t *body)
{
	char loc[256];
	snprintf(loc, sizeof(loc), location_fmt, (long long)id);
	tm_reply_header(c->rep, "Location", loc);
	tm_reply_json(c->rep, 201, body);
}

int tm_call_page(struct call *c, int *limit, int *offset)
{
	int rc = tm_call_query_int(c, "limit", 100, 1, 1000, limit);
	return rc ? rc : tm_call_query_int(c, "offset", 0, 0, 100000000, offset);
}

/* Appends k=v of every query argument but limit and offset, URL-encoded. */
struct link_args {
	tm_buf *b;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct link_args *la = cls;
	(void)kind;
	if (!key || !strcmp(key, "limit") || !strcmp(key, "offset") || !strcmp(key, "token"))
		return MHD_YES;
	tm_buf_printf(la->b, "&%s=", key);
	for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			tm_buf_add(la->b, (const char *)p, 1);
		else
			tm_buf_printf(la->b, "%%%02X", *p);
	}
	return MHD_YES;
}

int tm_call_list(struct call *c, json_t *arr)
{
	int limit, offset;
	int rc = tm_call_page(c, &limit, &offset);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	size_t n = json_array_size(arr);
	json_t *page = json_array();
	for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit; i++)
		json_array_append(page, json_array_get(arr, i));
	json_decref(arr);
	if ((size_t)offset + (size_t)limit < n)
		tm_call_link_next(c, limit, offset);
	tm_reply_json(c->rep, 200, page);
	return 0;
}

void tm_call_link_next(struct call *c, int limit, int offset)
{
	tm_buf b = TM_BUF_INIT;
	struct link_args la = { &b };
	const char *q = strchr(c->url, '?');
	tm_buf_printf(&b, "<%.*s?limit=%d&offset=%d", q ? (int)(q - c->url) : (int)strlen(c->url), c->url, limit,
		      offset + limit);
	MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, add_arg, &la);
	tm_buf_adds(&b, ">; rel=\"next\"");
	tm_reply_header(c->rep, "Link", b.s);
	tm_buf_release(&b);
}

/* ---- the router ---- */

static const struct tm_route *const tables[] = { tm_routes_launches, tm_routes_tasks, tm_routes_workspace,
						  tm_routes_auth, tm_routes_feeds };

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
		int rc = tm_store_open_sqlite(opt->db_path, &st, err);
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

/* 401/403 for who may not use the route, 0 otherwise. */
static int check_access(struct call *c, const struct tm_route *r, int *status)
{
	if (r->access == TM_OPEN)
		return 0;
	if (!c->who.known) {
		*status = 401;
		tm_reply_header(c->rep, "WWW-Authenticate", "Bearer realm=\"tminus\"");
		return tm_fail(&c->err, TM_EFORBIDDEN, "sign in first: a bearer token (tminus token create) or a session from POST /login");
	}
	bool writes = is_write(c->method);
	if (writes && c->who.via_cookie && tm_auth_check_csrf(c))
		return c->err.code;
	if (r->access == TM_ADMIN && c->who.user.role < TM_USER_ADMIN)
		return tm_fail(&c->err, TM_EFORBIDDEN, "only admins may do this ('%s' is %s)", c->who.user.name,
			       tm_user_role_name(c->who.user.role));
	if (r->access == TM_EDIT && c->who.user.role < TM_USER_EDITOR)
		return tm_fail(&c->err, TM_EFORBIDDEN, "viewers cannot change plans ('%s' is a viewer)", c->who.user.name);
	if (writes && !c->who.write_scope)
		return tm_fail(&c->err, TM_EFORBIDDEN, "this token can only read (scope read)");
	return 0;
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
	bool keep = r->access == TM_READ && strncmp(r->pattern, "/api/v1/me", 10) && tm_cache_key(c, &key) &&
		    !tm_app_data_version(c->app, &version, &ignored);
	int rc = 0;
	if (keep && tm_cache_get(key.s, version, c->rep)) {
		tm_buf_release(&key);
		return 0;
	}
	rc = r->fn(c);
	if (!rc && keep)
		tm_cache_put(key.s, version, c->rep);
	tm_buf_release(&key);
	return rc;
}

void tm_http_route(const tm_serve_options *opt, struct MHD_Connection *conn, const char *method, const char *url,
		   const char *body, size_t body_len, struct tm_login *login, struct tm_reply *rep)
{
	struct call c = { .opt = opt, .conn = conn, .method = method, .url = url, .body = body, .len = body_len,
			  .rep = rep, .err = TM_ERROR_INIT, .login = login };
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
		tm_reply_problem(rep, path_known ? 405 : 404,
				 path_known ? "this resource does not take that method" : "no such resource", NULL);
		return;
	}
	tm_store *st = NULL;
	tm_app app;
	int status = 0;
	int rc = thread_store(opt, &st, &c.err);
	if (rc) {
		tm_reply_problem(rep, 503, c.err.msg, NULL);
		return;
	}
	tm_app_init(&app, st, today_of(opt), opt->playbook_path);
	c.app = &app;
	/* A read sees one snapshot from who is asking to the last row of its answer; a write ends
	 * that snapshot before it joins a write transaction. */
	bool read_tx = !st->ops->begin(st, false, &c.err);
	tm_auth_identify(&c);
	app.user = c.who.known ? c.who.user.name : NULL;
	rc = check_access(&c, found, &status);
	if (read_tx && is_write(method)) {
		tm_error ignored = TM_ERROR_INIT;
		tm_app_finish(&app, 0, &ignored);
		read_tx = false;
	}
	if (!rc && is_write(method)) {
		tm_cache_wrote();
		rc = found->access != TM_OPEN ? tm_idem_run(&c, found) : found->fn(&c);
		tm_cache_wrote(); /* counted after too: a read between the two cannot keep a stale answer */
	} else if (!rc) {
		rc = cached_read(&c, found);
	}
	if (read_tx) {
		/* Committed, not rolled back: a session's idle clock may have moved inside it. */
		tm_error ignored = TM_ERROR_INIT;
		tm_app_finish(&app, 0, &ignored);
	}
	tm_app_release(&app);
	if (rc) {
		if (!status)
			status = tm_error_http_status(rc);
		/* A record named in the request (a body member, a query parameter) that does not exist is bad
		 * input, not a missing resource; a body's member is named by its JSON pointer. */
		if (rc == TM_ENOTFOUND && c.err.field[0]) {
			status = 400;
			if (is_write(method) && c.err.field[0] != '/') {
				char f[sizeof(c.err.field)];
				snprintf(f, sizeof(f), "/%.*s", (int)sizeof(f) - 2, c.err.field);
				memcpy(c.err.field, f, sizeof(f));
			}
		}
		/* Write conflicts with another process are worth a retry. */
		if (rc == TM_ECONFLICT && strstr(c.err.msg, "busy"))
			status = 503, tm_reply_header(rep, "Retry-After", "1");
		tm_reply_problem(rep, status, c.err.msg, c.err.field);
	}
}
