/*
 * routes.c - the API's routes as a table (method, pattern, handler). Each
 * handler parses its parameters, calls app/ exactly as the command line
 * does, and replies with render/'s JSON: the CLI's --json contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app.h"
#include "http/internal.h"
#include "render/docs.h"
#include "render/json.h"
#include "render/json_app.h"
#include "render/plan.h"
#include "store/store.h"

#define MAX_SEGMENTS 8

/* What a handler gets. */
struct call {
	tm_app *app;
	struct MHD_Connection *conn;
	const char *body;                  /* the request body (NUL-terminated), len bytes */
	size_t len;
	const char *param[MAX_SEGMENTS];   /* the path segments that matched ':' */
	struct tm_reply *rep;
	tm_error err;
	tm_token token;                    /* who is asking */
};

static const char *query(struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* An integer query parameter in [lo, hi]; def when absent. */
static int query_int(struct call *c, const char *name, int def, int lo, int hi, int *out)
{
	const char *v = query(c, name);
	*out = def;
	if (!v)
		return 0;
	int rc = tm_parse_int(name, v, lo, hi, out, &c->err);
	if (rc)
		snprintf(c->err.field, sizeof(c->err.field), "%s", name);
	return rc;
}

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
	if (r->n_headers >= TM_REPLY_MAX_HEADERS)
		return;
	snprintf(r->headers[r->n_headers].name, sizeof(r->headers[0].name), "%s", name);
	snprintf(r->headers[r->n_headers].value, sizeof(r->headers[0].value), "%s", value);
	r->n_headers++;
}

void tm_reply_json(struct tm_reply *r, int status, json_t *j)
{
	char *s = tm_json_dumps(j);
	json_decref(j);
	r->status = status;
	tm_buf_reset(&r->body);
	tm_buf_adds(&r->body, s);
	free(s);
}

void tm_reply_problem(struct tm_reply *r, int status, const char *detail, const char *parameter)
{
	const char *title = MHD_get_reason_phrase_for((unsigned)status);
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title ? title : "Error", "status",
			      status, "detail", detail);
	if (parameter && *parameter)
		json_object_set_new(j, "parameter", json_string(parameter));
	tm_reply_json(r, status, j);
	snprintf(r->content_type, sizeof(r->content_type), "application/problem+json; charset=utf-8");
}

static int h_health(struct call *c)
{
	tm_reply_json(c->rep, 200, json_pack("{s:s}", "status", "ok"));
	return 0;
}

static int h_launches(struct call *c)
{
	tm_launch_query q = { .status = query(c, "status"), .from = query(c, "from"), .to = query(c, "to") };
	tm_launches ls = TM_VEC_INIT;
	int limit, offset, rc;
	const char *tier = query(c, "tier");
	if ((rc = query_int(c, "limit", 100, 1, 1000, &limit)) || (rc = query_int(c, "offset", 0, 0, 100000000, &offset)))
		return rc;
	if (tier && (rc = tm_parse_tier(tier, &q.tier, &c->err)))
		return rc;
	q.limit = limit + 1; /* one more tells whether there is a next page */
	q.offset = offset;
	if ((rc = tm_app_launch_list(c->app, &q, &ls, &c->err)))
		goto out;
	json_t *arr = json_array();
	for (size_t i = 0; i < ls.n && (int)i < limit; i++)
		json_array_append_new(arr, tm_json_launch(&ls.v[i], NULL));
	if ((int)ls.n > limit) {
		char link[512];
		snprintf(link, sizeof(link), "</api/v1/launches?limit=%d&offset=%d%s%s%s%s%s%s%s%s>; rel=\"next\"", limit,
			 offset + limit, tier ? "&tier=" : "", tier ? tier : "", q.status ? "&status=" : "",
			 q.status ? q.status : "", q.from ? "&from=" : "", q.from ? q.from : "", q.to ? "&to=" : "",
			 q.to ? q.to : "");
		tm_reply_header(c->rep, "Link", link);
	}
	tm_reply_json(c->rep, 200, arr);
out:
	TM_VEC_FREE(&ls);
	return rc;
}

static void etag(struct call *c, const char *kind, int64_t id, int64_t version)
{
	char v[96];
	snprintf(v, sizeof(v), "\"%s-%lld-v%lld\"", kind, (long long)id, (long long)version);
	tm_reply_header(c->rep, "ETag", v);
}

static int h_launch(struct call *c)
{
	tm_launch_detail d = { 0 };
	int rc = tm_app_launch_show(c->app, c->param[0], &d, &c->err);
	if (!rc) {
		etag(c, "launch", d.launch.id, d.launch.version);
		tm_reply_json(c->rep, 200, tm_json_launch(&d.launch, &d.tasks));
	}
	tm_launch_detail_release(&d);
	return rc;
}

static int h_launch_tasks(struct call *c)
{
	tm_task_query q = { .owner = query(c, "owner"), .status = query(c, "status") };
	tm_launch l;
	tm_tasks tasks = TM_VEC_INIT;
	int rc = tm_app_task_list(c->app, c->param[0], &q, &l, &tasks, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_tasks(tasks.v, tasks.n));
	tm_tasks_free(&tasks);
	return rc;
}

static int h_task(struct call *c)
{
	tm_task t = { 0 };
	int rc = tm_app_task_get(c->app, c->param[0], &t, &c->err);
	if (!rc) {
		etag(c, "task", t.id, t.version);
		tm_reply_json(c->rep, 200, tm_json_task(&t));
	}
	tm_task_release(&t);
	return rc;
}

static int h_plan(struct call *c)
{
	tm_launch_plan p;
	int rc = tm_app_plan(c->app, c->param[0], &p, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_plan(&p));
		tm_launch_plan_release(&p);
	}
	return rc;
}

static int h_doc(struct call *c)
{
	tm_launch_docs d;
	/* An unknown kind is a resource that does not exist: 404, with the same message. */
	int rc = tm_doc_check_kind(c->param[1], &c->err);
	if (rc) {
		c->err.code = TM_ENOTFOUND;
		return TM_ENOTFOUND;
	}
	rc = tm_app_docs(c->app, c->param[0], &d, &c->err);
	if (rc)
		return rc;
	tm_buf md = TM_BUF_INIT;
	rc = tm_doc_render(&d, c->param[1], &md, &c->err);
	if (!rc) {
		c->rep->status = 200;
		tm_buf_add(&c->rep->body, md.s, md.len);
		snprintf(c->rep->content_type, sizeof(c->rep->content_type), "text/markdown; charset=utf-8");
	}
	tm_buf_release(&md);
	tm_launch_docs_release(&d);
	return rc;
}

static int h_people(struct call *c)
{
	tm_people ps = TM_VEC_INIT;
	int rc = tm_app_person_list(c->app, &ps, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ps.n; i++)
			json_array_append_new(arr, tm_json_person(&ps.v[i]));
		tm_reply_json(c->rep, 200, arr);
	}
	TM_VEC_FREE(&ps);
	return rc;
}

static int h_check(struct call *c)
{
	tm_checks checks;
	int rc = tm_app_check(c->app, c->param[0], NULL, 0, &checks, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_check(&checks.v[0]));
		tm_checks_free(&checks);
	}
	return rc;
}

static int h_brief(struct call *c)
{
	tm_launch_brief lb;
	int rc = tm_app_brief(c->app, c->param[0], &lb, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_brief(&lb));
	return rc;
}

static int h_holidays(struct call *c)
{
	tm_holidays hs = TM_VEC_INIT;
	int rc = tm_app_holiday_list(c->app, query(c, "from"), query(c, "to"), &hs, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < hs.n; i++)
			json_array_append_new(arr, json_pack("{s:o, s:s}", "date", tm_json_date(hs.v[i].date), "name", hs.v[i].name));
		tm_reply_json(c->rep, 200, arr);
	}
	TM_VEC_FREE(&hs);
	return rc;
}

static int h_freezes(struct call *c)
{
	tm_freezes fs = TM_VEC_INIT;
	int rc = tm_app_freeze_list(c->app, &fs, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < fs.n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)fs.v[i].id, "name",
							     fs.v[i].name, "from", tm_json_date(fs.v[i].start), "to", tm_json_date(fs.v[i].end)));
		tm_reply_json(c->rep, 200, arr);
	}
	TM_VEC_FREE(&fs);
	return rc;
}

static int h_decisions(struct call *c)
{
	tm_decisions ds = TM_VEC_INIT;
	int rc = tm_app_decision_list(c->app, query(c, "launch"), &ds, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ds.n; i++)
			json_array_append_new(arr, tm_json_decision(&ds.v[i]));
		tm_reply_json(c->rep, 200, arr);
	}
	TM_VEC_FREE(&ds);
	return rc;
}

static int h_calendar(struct call *c)
{
	tm_agenda_query q = { .from = query(c, "from"), .to = query(c, "to"), .person = query(c, "person") };
	tm_agenda ag;
	const char *tier = query(c, "tier");
	int rc = tier ? tm_parse_tier(tier, &q.tier, &c->err) : 0;
	if (!rc && (rc = tm_app_agenda(c->app, &q, &ag, &c->err)) == 0) {
		tm_reply_json(c->rep, 200, tm_json_agenda(&ag));
		tm_agenda_release(&ag);
	}
	return rc;
}

/* ?major=true&existing-market=true … → the suggested tier. */
static int h_tier(struct call *c)
{
	tm_tier_criteria cr = { 0 };
	tm_tier_suggestion sug;
	static const char *const names[] = { "major", "new-market", "revenue-impact", "significant", "existing-market",
					     "enhancement", "bugfix" };
	bool *flags[] = { &cr.major, &cr.new_market, &cr.revenue_impact, &cr.significant, &cr.existing_market,
			  &cr.enhancement, &cr.bugfix };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = query(c, names[i]);
		if (!v)
			continue;
		if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0"))
			return tm_fail_field(&c->err, TM_EINVAL, names[i], "%s must be true or false", names[i]);
		*flags[i] = !strcmp(v, "true") || !strcmp(v, "1");
	}
	int rc = tm_tier_suggest(&cr, &sug, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, json_pack("{s:i, s:s}", "tier", sug.tier, "rationale", sug.rationale));
	return rc;
}

/* Parses a JSON object body strictly: duplicate keys, invalid UTF-8, \\u0000 and nesting deeper
 * than 32 are refused, naming where. */
static int depth_ok(const json_t *j, int depth)
{
	if (depth > 32)
		return 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
			if (!depth_ok(v, depth + 1))
				return 0;
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			if (!depth_ok(v, depth + 1))
				return 0;
	}
	return 1;
}

static int parse_body(struct call *c, json_t **out)
{
	const char *ctype = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "Content-Type");
	json_error_t jerr;
	if (!ctype || strncasecmp(ctype, "application/json", 16))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "the body must be application/json");
	json_t *j = json_loadb(c->body ? c->body : "", c->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return tm_fail(&c->err, TM_EINVAL, "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
	if (!json_is_object(j) || !depth_ok(j, 1)) {
		json_decref(j);
		return tm_fail_field(&c->err, TM_EINVAL, "/", "the body must be a JSON object nested at most 32 deep");
	}
	*out = j;
	return 0;
}

/* A string member, checked; NULL when absent. */
static int member_string(struct call *c, json_t *obj, const char *name, const char **out)
{
	json_t *v = json_object_get(obj, name);
	char ptr[64];
	snprintf(ptr, sizeof(ptr), "/%s", name);
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return tm_fail_field(&c->err, TM_EINVAL, ptr, "%s must be a string", ptr);
	*out = json_string_value(v);
	return 0;
}

/* The version an If-Match header names ("task-12-v3"), or TM_EPRECONDITION_REQUIRED. */
static int if_match(struct call *c, const char *kind, int64_t id, int64_t *version)
{
	const char *h = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "If-Match");
	char want[64];
	long long got_id = 0, got_v = 0;
	if (!h)
		return tm_fail(&c->err, TM_EPRECONDITION, "If-Match is required: send the ETag you read");
	snprintf(want, sizeof(want), "\"%s-%%lld-v%%lld\"", kind);
	if (sscanf(h, want, &got_id, &got_v) != 2 || got_id != id || got_v <= 0)
		return tm_fail(&c->err, TM_ESTALE, "If-Match %.60s does not name this %s", h, kind);
	*version = got_v;
	return 0;
}

/* Editors and admins with a write token change plans. */
static int may_write(struct call *c)
{
	if (!c->token.write || c->token.user_role < TM_USER_EDITOR)
		return tm_fail(&c->err, TM_EFORBIDDEN, "%s",
			       !c->token.write ? "this token can only read" : "viewers cannot change plans");
	return 0;
}

static int h_task_patch(struct call *c)
{
	static const char *const writable[] = { "title", "section", "owner", "role", "due", "status", "effort_days",
						"required", "milestone" };
	static const char *const readonly[] = { "id", "launch", "offset", "depends_on", "version", "reviewers" };
	tm_task_input in = TM_TASK_INPUT_INIT;
	tm_task t = { 0 };
	json_t *j = NULL;
	int64_t id = 0;
	int rc = may_write(c);
	if (!rc) {
		char *end = NULL;
		id = strtoll(c->param[0], &end, 10);
		if (*end || id <= 0)
			rc = tm_fail(&c->err, TM_ENOTFOUND, "unknown task '%.40s'", c->param[0]);
	}
	if (!rc)
		rc = if_match(c, "task", id, &in.if_version);
	if (!rc)
		rc = parse_body(c, &j);
	if (rc)
		goto out;
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false, ro = false;
		for (size_t i = 0; i < sizeof(writable) / sizeof(writable[0]); i++)
			ok |= !strcmp(k, writable[i]);
		for (size_t i = 0; i < sizeof(readonly) / sizeof(readonly[0]); i++)
			ro |= !strcmp(k, readonly[i]);
		if (!ok) {
			char ptr[80];
			snprintf(ptr, sizeof(ptr), "/%.70s", k);
			rc = tm_fail_field(&c->err, TM_EINVAL, ptr, ro ? "%s is read-only" : "unknown field %s", ptr);
			goto out;
		}
	}
	if ((rc = member_string(c, j, "title", &in.title)) || (rc = member_string(c, j, "section", &in.section)) ||
	    (rc = member_string(c, j, "owner", &in.owner)) || (rc = member_string(c, j, "role", &in.role)) ||
	    (rc = member_string(c, j, "due", &in.due)) || (rc = member_string(c, j, "status", &in.status)))
		goto out;
	json_t *days = json_object_get(j, "effort_days"), *req = json_object_get(j, "required"),
	       *ms = json_object_get(j, "milestone");
	if (days && (!json_is_integer(days) || json_integer_value(days) < 0 || json_integer_value(days) > 250)) {
		rc = tm_fail_field(&c->err, TM_EINVAL, "/effort_days", "/effort_days must be a whole number from 0 to 250");
		goto out;
	}
	if ((req && !json_is_boolean(req)) || (ms && !json_is_boolean(ms))) {
		rc = tm_fail_field(&c->err, TM_EINVAL, req && !json_is_boolean(req) ? "/required" : "/milestone",
				   "%s must be true or false", req && !json_is_boolean(req) ? "/required" : "/milestone");
		goto out;
	}
	if (days)
		in.days = (int)json_integer_value(days);
	if (req)
		in.required = json_is_true(req);
	if (ms)
		in.milestone = json_is_true(ms);
	rc = tm_app_task_set(c->app, c->param[0], &in, &t, &c->err);
	if (!rc) {
		etag(c, "task", t.id, t.version);
		tm_reply_json(c->rep, 200, tm_json_task(&t));
	}
out:
	json_decref(j);
	tm_task_release(&t);
	return rc;
}

static const struct route {
	const char *method;
	const char *pattern;           /* ':' matches one path segment */
	int (*fn)(struct call *c);
	bool open;                     /* answers without a token */
} routes[] = {
	{ "GET", "/healthz", h_health, true },
	{ "GET", "/api/v1/launches", h_launches, false },
	{ "GET", "/api/v1/launches/:", h_launch, false },
	{ "GET", "/api/v1/launches/:/tasks", h_launch_tasks, false },
	{ "GET", "/api/v1/launches/:/plan", h_plan, false },
	{ "GET", "/api/v1/launches/:/docs/:", h_doc, false },
	{ "GET", "/api/v1/launches/:/check", h_check, false },
	{ "GET", "/api/v1/launches/:/brief", h_brief, false },
	{ "GET", "/api/v1/holidays", h_holidays, false },
	{ "GET", "/api/v1/freezes", h_freezes, false },
	{ "GET", "/api/v1/decisions", h_decisions, false },
	{ "GET", "/api/v1/calendar", h_calendar, false },
	{ "GET", "/api/v1/tier-suggestion", h_tier, false },
	{ "GET", "/api/v1/tasks/:", h_task, false },
	{ "PATCH", "/api/v1/tasks/:", h_task_patch, false },
	{ "GET", "/api/v1/people", h_people, false },
};

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
		if (pl == 1 && *p == ':') {
			if (!ul || np >= MAX_SEGMENTS || used + ul + 1 > storage_size)
				return false;
			memcpy(storage + used, u, ul);
			storage[used + ul] = '\0';
			params[np++] = storage + used;
			used += ul + 1;
		} else if (pl != ul || strncmp(p, u, pl)) {
			return false;
		}
		p += pl, u += ul;
	}
	return !*p && !*u;
}

void tm_http_route(const tm_serve_options *opt, struct MHD_Connection *conn, const char *method, const char *url,
		   const char *body, size_t body_len, struct tm_reply *rep)
{
	struct call c = { .conn = conn, .rep = rep, .err = TM_ERROR_INIT };
	char storage[1024];
	const struct route *found = NULL;
	bool path_known = false;
	char allow[64] = "";
	c.body = body;
	c.len = body_len;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && !found; i++) {
		const char *params[MAX_SEGMENTS] = { 0 };
		if (!match(routes[i].pattern, url, params, storage, sizeof(storage)))
			continue;
		path_known = true;
		snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s", allow[0] ? ", " : "", routes[i].method);
		if (!strcmp(routes[i].method, method)) {
			found = &routes[i];
			memcpy(c.param, params, sizeof(params));
		}
	}
	if (!found) {
		if (path_known)
			tm_reply_header(rep, "Allow", allow);
		tm_reply_problem(rep, path_known ? 405 : 404, path_known ? "this resource does not take that method" : "no such resource", NULL);
		return;
	}
	tm_store *st = NULL;
	tm_app app;
	tm_date today = opt->today;
	if (!opt->has_today) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		today = tm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	int rc = tm_store_open_sqlite(opt->db_path, &st, &c.err);
	bool denied = false;
	if (!rc) {
		tm_app_init(&app, st, today, opt->playbook_path);
		c.app = &app;
		/* Every API route needs a live bearer token; read routes take either scope. */
		const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
		tm_error ignored = TM_ERROR_INIT;
		if (!found->open && (!auth || strncmp(auth, "Bearer ", 7) || tm_app_token_check(&app, auth + 7, &c.token, &ignored)))
			denied = true;
		else
			rc = found->fn(&c);
		tm_app_release(&app);
	}
	tm_store_close(st);
	if (denied) {
		tm_reply_header(rep, "WWW-Authenticate", "Bearer realm=\"tminus\"");
		tm_reply_problem(rep, 401, "a valid bearer token is needed (tminus token create)", NULL);
	} else if (rc) {
		tm_reply_problem(rep, tm_error_http_status(rc), c.err.msg, c.err.field);
	}
}
