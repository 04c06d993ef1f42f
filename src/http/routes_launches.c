/*
 * routes_launches.c - /api/v1/launches and what hangs from a launch: its
 * tasks, plan, check, brief, documents and delays. Handlers parse, call
 * app/ as the command line does, and answer with render/'s JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/internal.h"
#include "http/validate.h"
#include "present/docs.h"
#include "present/markdown.h"
#include "present/json_app.h"
#include "present/plan.h"
#include "render/json.h"

#include "util/banned.h"

#define LAUNCH_URL "/api/v1/launches/%lld"

/* ?owner=PERSON filters; ?with=readiness adds each launch's readiness {score, errors, warnings}. */
static int h_list(struct call *c)
{
	tm_launch_query q = { .status = tm_call_query(c, "status"), .from = tm_call_query(c, "from"),
			      .to = tm_call_query(c, "to"), .owner = tm_call_query(c, "owner") };
	tm_launches ls = TM_VEC_INIT;
	tm_checks checks = TM_VEC_INIT;
	int limit, offset, rc;
	const char *tier = tm_call_query(c, "tier"), *with = tm_call_query(c, "with");
	if ((rc = tm_call_page(c, &limit, &offset)))
		return rc;
	if (tier && (rc = tm_parse_tier(tier, &q.tier, &c->err))) {
		snprintf(c->err.field, sizeof(c->err.field), "tier");
		return rc;
	}
	if (with && strcmp(with, "readiness"))
		return tm_fail_field(&c->err, TM_EINVAL, "with", "with is 'readiness' (each launch's score and counts), not '%.40s'",
				     with);
	if (q.owner && !*q.owner)
		return tm_fail_field(&c->err, TM_EINVAL, "owner", "owner is a person: a name, an email or an id");
	q.limit = limit + 1; /* one more tells whether there is a next page */
	q.offset = offset;
	if ((rc = tm_app_launch_list(c->app, &q, &ls, &c->err))) {
		if (rc == TM_ENOTFOUND && !strcmp(c->err.field, "owner")) {
			/* Nobody by that name: the person the filter names does not exist (an empty list would hide a typo). */
			tm_reply_problem(c->rep, 404, c->err.msg, "owner");
			rc = 0;
		}
		goto out;
	}
	size_t n = ls.n < (size_t)limit ? ls.n : (size_t)limit;
	if (with && (rc = tm_app_check_launches(c->app, ls.v, n, &checks, &c->err)))
		goto out;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *l = tm_json_launch(&ls.v[i], NULL);
		if (with)
			json_object_set_new(l, "readiness", tm_json_readiness(&checks.v[i]));
		json_array_append_new(arr, l);
	}
	if ((int)ls.n > limit)
		tm_call_link_next(c, limit, offset);
	tm_reply_json(c->rep, 200, arr);
out:
	tm_checks_free(&checks);
	TM_VEC_FREE(&ls);
	return rc;
}

static void reply_detail(struct call *c, int status, const tm_launch_detail *d)
{
	tm_call_etag(c, "launch", d->launch.id, d->launch.version);
	if (status == 201)
		tm_call_created(c, LAUNCH_URL, d->launch.id, tm_json_launch_detail(d));
	else
		tm_reply_json(c->rep, status, tm_json_launch_detail(d));
}

/* ?dry_run=true: the launch and tasks it would create (200, nothing saved), and the tier the criteria suggest. */
static int h_add(struct call *c)
{
	json_t *j = NULL;
	tm_launch_input in = { 0 };
	tm_launch_detail d = { 0 };
	bool dry = false;
	int rc = tm_call_query_bool(c, "dry_run", &dry);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_launch_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = dry ? tm_app_launch_add_preview(c->app, &in, &d, &c->err) : tm_app_launch_add(c->app, &in, &d, &c->err);
	tm_call_pointer(c, rc);
	if (!rc && dry) {
		json_t *out = tm_json_launch_detail(&d);
		json_object_set_new(out, "dry_run", json_true());
		if (tm_tier_criteria_any(&in.criteria)) {
			tm_tier_input ti = { .given = 1u << TM_TRI_CRITERIA, .criteria = in.criteria };
			tm_tier_advice advice;
			if ((rc = tm_app_tier_suggest(c->app, &ti, &advice, &c->err)) == 0)
				json_object_set_new(out, "tier_suggestion", tm_json_tier_advice(&advice));
		}
		if (!rc)
			tm_reply_json(c->rep, 200, out);
		else
			json_decref(out);
	} else if (!rc) {
		reply_detail(c, 201, &d);
	}
	tm_launch_detail_release(&d);
	json_decref(j);
	return rc;
}

static int h_show(struct call *c)
{
	tm_launch_detail d = { 0 };
	int rc = tm_app_launch_show(c->app, c->param[0], &d, &c->err);
	if (!rc)
		reply_detail(c, 200, &d);
	tm_launch_detail_release(&d);
	return rc;
}

/* The launch a write is about, with its If-Match checked (inside the write transaction). */
static int matched_launch(struct call *c, tm_launch *l)
{
	int rc = tm_app_launch_get(c->app, c->param[0], l, &c->err);
	return rc ? rc : tm_call_if_match(c, "launch", l->id, l->version);
}

static int h_set(struct call *c)
{
	json_t *j = NULL;
	tm_launch l = { 0 };
	tm_launch_input in = { 0 };
	tm_launch_detail d = { 0 };
	char id[32];
	int rc = matched_launch(c, &l);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_launch_desc, TM_IN_CHANGE, j, &in, &c->err);
	snprintf(id, sizeof(id), "%lld", (long long)l.id);
	if (!rc)
		rc = tm_app_launch_set(c->app, id, &in, &d, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_detail(c, 200, &d);
	tm_launch_detail_release(&d);
	json_decref(j);
	return rc;
}

static int h_rm(struct call *c)
{
	tm_launch l = { 0 };
	char id[32];
	int rc = matched_launch(c, &l);
	snprintf(id, sizeof(id), "%lld", (long long)l.id);
	if (!rc)
		rc = tm_app_launch_rm(c->app, id, &l, &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* ?dry_run=true: what the move would do and the launch's check after it, nothing saved. */
static int h_delay(struct call *c)
{
	json_t *j = NULL;
	tm_delay_input in = { 0 };
	tm_delay_result r;
	tm_launch_check after;
	tm_launch l;
	bool dry = false;
	int rc = tm_call_query_bool(c, "dry_run", &dry);
	if (!rc)
		rc = tm_app_launch_get(c->app, c->param[0], &l, &c->err);
	/* A delay is a POST (it is not idempotent), but an If-Match, when sent, is honoured. */
	if (!rc && tm_call_header(c, "If-Match"))
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		rc = tm_call_if_match(c, "launch", l.id, l.version);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_call_pointer(c, tm_input_from_json(&tm_delay_desc, TM_IN_CREATE, j, &in, &c->err));
	if (!rc && dry &&
	    (rc = tm_call_pointer(c, tm_app_launch_delay_preview(c->app, c->param[0], &in, &r, &after, &c->err))) == 0) {
		tm_reply_json(c->rep, 200, tm_json_delay_preview(&r, &after));
		tm_delay_result_release(&r);
		TM_VEC_FREE(&after.findings);
	} else if (!rc && !dry &&
		   (rc = tm_call_pointer(c, tm_app_launch_delay(c->app, c->param[0], &in, &r, &c->err))) == 0) {
		tm_call_etag(c, "launch", r.after.id, r.after.version);
		tm_reply_json(c->rep, 200, tm_json_delay(&r));
		tm_delay_result_release(&r);
	}
	json_decref(j);
	return rc;
}

static int h_tasks(struct call *c)
{
	tm_task_query q = { .owner = tm_call_query(c, "owner"), .status = tm_call_query(c, "status") };
	tm_launch l;
	tm_tasks tasks = TM_VEC_INIT;
	int rc = tm_app_task_list(c->app, c->param[0], &q, &l, &tasks, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_tasks(tasks.v, tasks.n));
	tm_tasks_free(&tasks);
	return rc;
}

static int h_task_add(struct call *c)
{
	json_t *j = NULL;
	tm_task_input in = { 0 };
	tm_task t = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_task_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_task_add(c->app, c->param[0], &in, &t, &c->err);
	tm_call_pointer(c, rc);
	if (!rc) {
		tm_call_etag(c, "task", t.id, t.version);
		tm_call_created(c, "/api/v1/tasks/%lld", t.id, tm_json_task(&t));
	}
	tm_task_release(&t);
	json_decref(j);
	return rc;
}

/* ?explain=TASK: why the task is critical (plan --explain); ?against=BASELINE: the plan beside a baseline
 * (plan --against). The JSON is the command line's --json. */
static int h_plan(struct call *c)
{
	const char *explain = tm_call_query(c, "explain"), *against = tm_call_query(c, "against");
	tm_launch_plan p;
	int rc, idx = -1;
	if (explain && against)
		return tm_fail_field(&c->err, TM_EINVAL, "against", "explain and against do not go together");
	if (against) {
		tm_comparison cmp;
		if (!*against)
			return tm_fail_field(&c->err, TM_EINVAL, "against", "against names a baseline (GET …/baselines lists them)");
		rc = tm_app_plan_against(c->app, c->param[0], against, &cmp, &c->err);
		if (rc == TM_ENOTFOUND && cmp.current.launch.id) {
			/* The launch is there: it is the baseline the query names that is not. */
			snprintf(c->err.field, sizeof(c->err.field), "against");
		}
		if (!rc) {
			tm_reply_json(c->rep, 200, tm_json_comparison(&cmp));
			tm_comparison_release(&cmp);
		}
		return rc;
	}
	rc = explain ? tm_app_plan_explain(c->app, c->param[0], explain, &p, &idx, &c->err)
		     : tm_app_plan(c->app, c->param[0], &p, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, explain ? tm_json_explain(&p, idx) : tm_json_plan(&p));
		tm_launch_plan_release(&p);
	}
	return rc;
}

static int h_baselines(struct call *c)
{
	tm_baselines bs = TM_VEC_INIT;
	int rc = tm_app_baseline_list(c->app, c->param[0], &bs, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_baselines(&bs));
	TM_VEC_FREE(&bs);
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

/* ?format=html: true when the answer should carry the Markdown as safe HTML too. */
static int want_html(struct call *c, bool *html)
{
	const char *f = tm_call_query(c, "format");
	*html = f && !strcmp(f, "html");
	if (f && !*html && strcmp(f, "markdown"))
		return tm_fail_field(&c->err, TM_EINVAL, "format", "format is markdown or html, not '%.20s'", f);
	return 0;
}

/* Sets "html" in j to the HTML of its member "markdown". */
static int add_html(struct call *c, json_t *j)
{
	json_t *md = json_object_get(j, "markdown");
	tm_buf html = TM_BUF_INIT;
	int rc = tm_markdown_html(json_string_value(md), json_string_length(md), &html, &c->err);
	if (!rc)
		json_object_set_new(j, "html", json_stringn(html.s, html.len));
	tm_buf_release(&html);
	return rc;
}

static int h_brief(struct call *c)
{
	tm_launch_brief lb;
	bool html;
	int rc = want_html(c, &html);
	if (!rc)
		rc = tm_app_brief(c->app, c->param[0], &lb, &c->err);
	if (!rc) {
		json_t *j = tm_json_brief(&lb);
		if (html && (rc = add_html(c, j))) {
			json_decref(j);
			return rc;
		}
		tm_call_etag(c, "launch", lb.launch.id, lb.launch.version);
		tm_reply_json(c->rep, 200, j);
	}
	return rc;
}

/* Unsaved Markdown (a brief being edited) as the page will show it; changes nothing (TM_PURE). */
static int h_markdown(struct call *c)
{
	static const char *const types[] = { "text/markdown", "text/plain", NULL };
	const char *ctype = tm_call_header(c, "Content-Type");
	size_t n = ctype ? strcspn(ctype, "; \t") : 0, bad = 0;
	bool known = false;
	for (int i = 0; ctype && types[i]; i++)
		known = known || (n == strlen(types[i]) && !strncasecmp(ctype, types[i], n));
	if (!known)
		return tm_fail(&c->err, TM_EUNSUPPORTED, "send the Markdown to preview as text/markdown");
	/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): a constant, 256 KiB */
	if (c->len > TM_BRIEF_MAX_BYTES) {
		char msg[96];
		snprintf(msg, sizeof(msg), "the Markdown is larger than a brief may be (%d bytes)", TM_BRIEF_MAX_BYTES);
		tm_reply_problem(c->rep, 413, msg, NULL);
		return 0;
	}
	if (!tm_utf8_valid(c->body ? c->body : "", c->len, &bad))
		return tm_fail(&c->err, TM_EINVAL, "the Markdown is not valid UTF-8 (byte %zu)", bad);
	tm_buf html = TM_BUF_INIT;
	int rc = tm_markdown_html(c->body, c->len, &html, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, json_pack("{s:s%}", "html", html.s, html.len));
	tm_buf_release(&html);
	return rc;
}

/* PUT a brief as Markdown in the seed's layout, or as the JSON GET returns (without its read-only members). */
/* The brief's options are query parameters: the reason is ?reason=TEXT. */
static void spell_query(const void *ctx, const char *field, char *out, size_t n)
{
	(void)ctx;
	snprintf(out, n, "?%s=…", field);
}

static int h_brief_put(struct call *c)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	tm_launch_brief lb;
	json_t *j = NULL;
	tm_buf md = TM_BUF_INIT;
	char id[32];
	int rc = tm_app_brief(c->app, c->param[0], &lb, &c->err);
	if (!rc)
		rc = tm_call_if_match(c, "launch", lb.launch.id, lb.launch.version);
	snprintf(id, sizeof(id), "%lld", (long long)lb.launch.id);
	if (!rc && ctype && !strncasecmp(ctype, "text/markdown", 13)) {
		size_t bad = 0;
		if (!tm_utf8_valid(c->body ? c->body : "", c->len, &bad))
			rc = tm_fail(&c->err, TM_EINVAL, "the brief is not valid UTF-8 (byte %zu)", bad);
		else
			tm_buf_add(&md, c->body ? c->body : "", c->len);
	} else if (!rc) {
		rc = tm_call_body(c, &j);
		if (rc == TM_EUNSUPPORTED)
			rc = tm_fail(&c->err, TM_EUNSUPPORTED, "a brief is text/markdown or application/json");
		if (!rc)
			rc = tm_req_brief(j, &lb.brief, &c->err);
		if (!rc)
			tm_app_brief_markdown(&lb, &md);
	}
	/* As brief import's flags: ?allow_empty=true, ?apply_overview=true&reason=… */
	tm_brief_import_options opt = { .reason = tm_call_query(c, "reason") };
	if (!rc)
		rc = tm_call_query_bool(c, "allow_empty", &opt.allow_empty);
	if (!rc)
		rc = tm_call_query_bool(c, "apply_overview", &opt.apply_overview);
	if (!rc) {
		c->err.spell = spell_query;
		rc = tm_app_brief_import_with(c->app, id, md.s, md.len, "brief", &opt, &lb, &c->err);
	}
	/* The Overview may have changed the launch: its new version is the ETag. */
	if (!rc && opt.apply_overview)
		rc = tm_app_launch_get(c->app, id, &lb.launch, &c->err);
	if (!rc) {
		tm_call_etag(c, "launch", lb.launch.id, lb.launch.version);
		tm_reply_json(c->rep, 200, tm_json_brief_import(&lb));
	}
	tm_buf_release(&md);
	json_decref(j);
	return rc;
}

static int h_doc(struct call *c)
{
	tm_launch_docs d;
	/* An unknown kind is a resource that does not exist: 404, with the same message. */
	int rc = tm_doc_check_kind(c->param[1], &c->err);
	if (rc) {
		c->err.code = TM_ENOTFOUND;
		c->err.field[0] = '\0'; /* the path names it */
		return TM_ENOTFOUND;
	}
	bool html;
	if ((rc = want_html(c, &html)) || (rc = tm_app_docs(c->app, c->param[0], &d, &c->err)))
		return rc;
	tm_buf md = TM_BUF_INIT;
	rc = tm_doc_render(&d, c->param[1], &md, &c->err);
	if (!rc && html) {
		/* JSON: the Markdown to copy or download, and the HTML to show. */
		json_t *j = json_pack("{s:s, s:s%}", "kind", c->param[1], "markdown", md.s, md.len);
		if (!(rc = add_html(c, j)))
			tm_reply_json(c->rep, 200, j);
		else
			json_decref(j);
	} else if (!rc) {
		tm_reply_text(c->rep, 200, "text/markdown; charset=utf-8", md.s, md.len);
	}
	tm_buf_release(&md);
	tm_launch_docs_release(&d);
	return rc;
}

/* The body's only member, {"dry_run": true}, as the query's ?dry_run=true. */
static int apply_body(struct call *c, bool *dry)
{
	json_t *j = NULL, *v;
	const char *k;
	int rc = tm_call_body(c, &j);
	if (!rc && !json_is_object(j))
		rc = tm_fail(&c->err, TM_EINVAL, "the body must be a JSON object");
	if (!rc)
		json_object_foreach(j, k, v) {
			if (strcmp(k, "dry_run")) {
				rc = tm_fail_field(&c->err, TM_EINVAL, k, "unknown field {}");
				break;
			}
			if (!json_is_boolean(v)) {
				rc = tm_fail_field(&c->err, TM_EINVAL, "dry_run", "{} must be true or false");
				break;
			}
			*dry = *dry || json_is_true(v);
		}
	json_decref(j);
	return tm_call_pointer(c, rc);
}

/* playbook apply: the tasks of the launch's tier it lacks; ?dry_run=true lists them and saves nothing. */
static int h_playbook_apply(struct call *c)
{
	tm_launch_detail d;
	bool dry = false;
	int rc = tm_call_query_bool(c, "dry_run", &dry);
	if (!rc && c->len)
		rc = apply_body(c, &dry);
	if (!rc)
		rc = tm_app_playbook_apply(c->app, c->param[0], dry, &d, &c->err);
	if (!rc) {
		if (!dry)
			tm_call_etag(c, "launch", d.launch.id, d.launch.version);
		tm_reply_json(c->rep, 200, tm_json_playbook_apply(&d, dry));
		tm_launch_detail_release(&d);
	}
	return rc;
}

const struct tm_route tm_routes_launches[] = {
	{ "GET", "/api/v1/launches", h_list, TM_READ },
	{ "POST", "/api/v1/launches", h_add, TM_EDIT_PREVIEW },
	{ "GET", "/api/v1/launches/:", h_show, TM_READ },
	{ "PATCH", "/api/v1/launches/:", h_set, TM_EDIT },
	{ "DELETE", "/api/v1/launches/:", h_rm, TM_EDIT },
	{ "POST", "/api/v1/launches/:/delay", h_delay, TM_EDIT_PREVIEW },
	{ "POST", "/api/v1/launches/:/playbook-apply", h_playbook_apply, TM_EDIT_PREVIEW },
	{ "GET", "/api/v1/launches/:/tasks", h_tasks, TM_READ },
	{ "POST", "/api/v1/launches/:/tasks", h_task_add, TM_EDIT },
	{ "GET", "/api/v1/launches/:/plan", h_plan, TM_READ },
	{ "GET", "/api/v1/launches/:/baselines", h_baselines, TM_READ },
	{ "GET", "/api/v1/launches/:/check", h_check, TM_READ },
	{ "GET", "/api/v1/launches/:/brief", h_brief, TM_READ },
	{ "PUT", "/api/v1/launches/:/brief", h_brief_put, TM_EDIT },
	{ "GET", "/api/v1/launches/:/docs/:", h_doc, TM_READ },
	{ "POST", "/api/v1/markdown", h_markdown, TM_READ | TM_PURE },
	{ NULL, NULL, NULL, 0 },
};
