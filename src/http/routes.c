/*
 * routes.c - the API's routes as a table (method, pattern, handler). Each
 * handler parses its parameters, calls app/ exactly as the command line
 * does, and replies with render/'s JSON: the CLI's --json contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	const char *param[MAX_SEGMENTS];   /* the path segments that matched ':' */
	struct tm_reply *rep;
	tm_error err;
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
	bool known = false;
	for (int i = 0; tm_doc_kinds[i]; i++)
		known |= !strcmp(tm_doc_kinds[i], c->param[1]);
	if (!known)
		return tm_fail(&c->err, TM_ENOTFOUND, "unknown document '%.40s'", c->param[1]);
	int rc = tm_app_docs(c->app, c->param[0], &d, &c->err);
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
	(void)body;
	(void)body_len;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && !found; i++) {
		const char *params[MAX_SEGMENTS] = { 0 };
		if (!match(routes[i].pattern, url, params, storage, sizeof(storage)))
			continue;
		path_known = true;
		if (!strcmp(routes[i].method, method)) {
			found = &routes[i];
			memcpy(c.param, params, sizeof(params));
		}
	}
	if (!found) {
		if (path_known)
			tm_reply_header(rep, "Allow", "GET");
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
		tm_token token;
		tm_error ignored = TM_ERROR_INIT;
		if (!found->open && (!auth || strncmp(auth, "Bearer ", 7) || tm_app_token_check(&app, auth + 7, &token, &ignored)))
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
