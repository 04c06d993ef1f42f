/*
 * routes_metrics.c - after launch day over the API: a launch's success
 * metrics (/api/v1/launches/{launch}/metrics, /api/v1/metrics/{id}), their
 * observations (one, many, or a CSV file in one request), metric status
 * across the workspace, the leadership dashboard, the monthly stakeholder
 * update and the post-launch reviews. Handlers parse, call app/metrics.h as
 * the command line does, and answer with present/json_metrics.h's JSON.
 *
 * A metric's ETag is "metric-ID-vN"; PATCH and DELETE need it as If-Match, as
 * a task's do. Recording observations leaves the version as it is (only the
 * metric's own fields bump it), so an ETag read before still matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/metrics.h"
#include "http/internal.h"
#include "http/validate.h"
#include "present/json_metrics.h"

#include "util/banned.h"

#define METRIC_URL "/api/v1/metrics/%lld"
#define OBSERVATIONS_MAX 1000  /* observations one JSON request records at most (a CSV file has no such cap) */
#define POINTER_MAX 48         /* "/observations/999" and the like */

/* ---- bodies ---- */

static int depth_of(const json_t *j)
{
	int deepest = 0;
	size_t i;
	const char *k;
	json_t *v;
	if (json_is_array(j))
		json_array_foreach(j, i, v) {
			int d = depth_of(v);
			deepest = d > deepest ? d : deepest;
		}
	else if (json_is_object(j))
		json_object_foreach((json_t *)j, k, v) {
			int d = depth_of(v);
			deepest = d > deepest ? d : deepest;
		}
	return json_is_array(j) || json_is_object(j) ? deepest + 1 : 0;
}

/*
 * jansson refuses a number too large for a double (1e400) as malformed JSON, naming no member. Such
 * a number is read as the string of it instead: the input's own check then refuses it naming its
 * member ("/value: '1e400' is out of range"), as it does the string "1e400". NULL (jerr says why)
 * for any other fault.
 */
static json_t *load_json(const char *body, size_t len, json_error_t *jerr)
{
	tm_buf b = TM_BUF_INIT;
	json_t *j = NULL;
	tm_buf_add(&b, body, len);
	for (int tries = 0; tries < 16; tries++) {
		if ((j = json_loadb(b.s, b.len, JSON_REJECT_DUPLICATES, jerr)) != NULL)
			break;
		size_t end = (size_t)jerr->position, start = end;
		if ((!strstr(jerr->text, "overflow") && !strstr(jerr->text, "too big")) || end > b.len)
			break;
		while (start > 0 && b.s[start - 1] && strchr("0123456789+-.eE", b.s[start - 1]))
			start--;
		if (start == end)
			break;
		tm_buf q = TM_BUF_INIT;
		tm_buf_add(&q, b.s, start);
		tm_buf_addc(&q, '"');
		tm_buf_add(&q, b.s + start, end - start);
		tm_buf_addc(&q, '"');
		tm_buf_add(&q, b.s + end, b.len - end);
		tm_buf_release(&b);
		b = q;
	}
	tm_buf_release(&b);
	return j;
}

/* The body as strict JSON (tm_call_body's rules): an object, or with any an array too. */
static int json_body(struct call *c, bool any, json_t **out)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	json_error_t jerr;
	size_t bad = 0;
	*out = NULL;
	if (!ctype || strncasecmp(ctype, "application/json", 16) || (ctype[16] && ctype[16] != ';' && ctype[16] != ' '))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "the body must be application/json");
	if (!tm_utf8_valid(c->body ? c->body : "", c->len, &bad))
		return tm_fail_field(&c->err, TM_EINVAL, "/", "the body is not valid UTF-8 (byte %zu)", bad);
	json_t *j = load_json(c->body ? c->body : "", c->len, &jerr);
	if (!j)
		return tm_fail_field(&c->err, TM_EINVAL, "/", "malformed JSON at line %d, column %d: %s", jerr.line,
				     jerr.column, jerr.text);
	int rc = 0;
	if (!json_is_object(j) && !(any && json_is_array(j)))
		rc = tm_fail_field(&c->err, TM_EINVAL, "/", any ? "the body must be a JSON object or array" : "the body must be a JSON object");
	else if (depth_of(j) > TM_JSON_MAX_DEPTH)
		rc = tm_fail_field(&c->err, TM_EINVAL, "/", "the body is nested deeper than %d levels", TM_JSON_MAX_DEPTH);
	if (rc)
		json_decref(j);
	else
		*out = j;
	return rc;
}

/* ---- metrics ---- */

static void reply_metric(struct call *c, int status, const tm_metric_view *v)
{
	tm_call_etag(c, "metric", v->m.id, v->m.version);
	if (status == 201)
		tm_call_created(c, METRIC_URL, v->m.id, tm_json_metric(v));
	else
		tm_reply_json(c->rep, status, tm_json_metric(v));
}

/* The metric the path names: one that is not there, or no metric id at all, is 404. */
static int path_metric(struct call *c, int rc)
{
	if (rc && !strcmp(c->err.field, "metric")) {
		c->err.field[0] = '\0';
		if (rc == TM_EINVAL)
			c->err.code = rc = TM_ENOTFOUND;
	}
	return rc;
}

static int h_list(struct call *c)
{
	tm_metric_views vs = TM_VEC_INIT;
	int rc = tm_app_metric_list(c->app, c->param[0], &vs, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_metrics(&vs));
	TM_VEC_FREE(&vs);
	return rc;
}

static int h_add(struct call *c)
{
	json_t *j = NULL;
	tm_metric_input in = { 0 };
	tm_metric_view v;
	int rc = json_body(c, false, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_metric_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_metric_add(c->app, c->param[0], &in, &v, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_metric(c, 201, &v);
	json_decref(j);
	return rc;
}

static int h_get(struct call *c)
{
	tm_metric_view v;
	int rc = path_metric(c, tm_app_metric_get(c->app, NULL, c->param[0], &v, &c->err));
	if (!rc)
		reply_metric(c, 200, &v);
	return rc;
}

/* The metric a change is about, with its If-Match checked (inside the write transaction); id gets its
 * id as the use cases take it. */
static int matched_metric(struct call *c, tm_metric_view *v, char *id, size_t n)
{
	int rc = path_metric(c, tm_app_metric_get(c->app, NULL, c->param[0], v, &c->err));
	if (!rc)
		rc = tm_call_if_match(c, "metric", v->m.id, v->m.version);
	snprintf(id, n, "%lld", rc ? 0LL : (long long)v->m.id);
	return rc;
}

static int h_set(struct call *c)
{
	json_t *j = NULL;
	tm_metric_input in = { 0 };
	tm_metric_view v;
	char id[32];
	int rc = matched_metric(c, &v, id, sizeof(id));
	if (!rc)
		rc = json_body(c, false, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = v.m.version;
		rc = tm_app_metric_set(c->app, NULL, id, &in, &v, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		reply_metric(c, 200, &v);
	json_decref(j);
	return rc;
}

static int h_rm(struct call *c)
{
	tm_metric_view v;
	char id[32];
	int rc = matched_metric(c, &v, id, sizeof(id));
	if (!rc)
		rc = tm_app_metric_rm(c->app, NULL, id, v.m.version, &v, &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* ?status=behind (or several: behind,missed): metric status --all, the metrics of every launch not cancelled. */
static int h_status(struct call *c)
{
	const char *status = tm_call_query(c, "status");
	bool want[TM_METRIC_STATE_COUNT];
	tm_metric_views vs = TM_VEC_INIT;
	int rc = 0;
	for (int s = 0; s < TM_METRIC_STATE_COUNT; s++)
		want[s] = !status;
	for (const char *p = status; p && !rc;) {
		char one[24];
		size_t n = strcspn(p, ",");
		snprintf(one, sizeof(one), "%.*s", (int)(n < sizeof(one) - 1 ? n : sizeof(one) - 1), p);
		int s = n < sizeof(one) ? tm_metric_state_parse(one) : -1;
		if (s < 0)
			rc = tm_fail_field(&c->err, TM_EINVAL, "status",
					   "status is no-data, on-track, behind, met or missed (several with commas), not '%.40s'",
					   one);
		else
			want[s] = true;
		p = p[n] ? p + n + 1 : NULL;
	}
	if (!rc)
		rc = tm_app_metric_status(c->app, NULL, &vs, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < vs.n; i++)
			if (want[vs.v[i].j.state])
				json_array_append_new(arr, tm_json_metric(&vs.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&vs);
	return rc;
}

/* ---- observations ---- */

static int h_observations(struct call *c)
{
	tm_observations os = TM_VEC_INIT;
	int rc = path_metric(c, tm_app_metric_observations(c->app, NULL, c->param[0], &os, &c->err));
	if (!rc)
		rc = tm_call_list(c, tm_json_observations(&os));
	TM_VEC_FREE(&os);
	return rc;
}

/* An observation's member named by its JSON pointer inside the body: ctx is the item's ("/observations/3"). */
static void spell_item(const void *ctx, const char *field, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", (const char *)ctx, field);
}

/*
 * The body of POST …/observations: one observation {"value","on","note"}, an array of them, or
 * {"observations": […]}. *items is the array (a new reference; one object becomes an array of it)
 * and list the pointer of that array in the body ("" for a bare array, "/observations"); *single
 * when the body was one object.
 */
static int observations_body(struct call *c, json_t **items, char *list, size_t n, bool *single)
{
	json_t *j = NULL;
	*items = NULL;
	*single = false;
	list[0] = '\0';
	int rc = json_body(c, true, &j);
	if (rc == TM_EUNSUPPORTED)
		rc = tm_fail(&c->err, TM_EUNSUPPORTED, "observations are application/json: one {\"value\", \"on\", \"note\"}, "
			     "an array of them or {\"observations\": […]} (a CSV file goes to POST /api/v1/launches/{launch}/observations)");
	json_t *obs = json_is_object(j) ? json_object_get(j, "observations") : NULL;
	if (rc) {
		/* said */
	} else if (json_is_array(j)) {
		*items = json_incref(j);
	} else if (obs) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
			if (strcmp(k, "observations") && !rc) {
				char ptr[POINTER_MAX];
				snprintf(ptr, sizeof(ptr), "/%.40s", k);
				rc = tm_fail_field(&c->err, TM_EINVAL, ptr, "unknown field %s beside /observations", ptr);
			}
		snprintf(list, n, "/observations");
		if (!rc && !json_is_array(obs))
			rc = tm_fail_field(&c->err, TM_EINVAL, "/observations", "/observations must be an array of observations");
		if (!rc)
			*items = json_incref(obs);
	} else {
		*items = json_pack("[O]", j);
		*single = true;
	}
	if (!rc && json_array_size(*items) == 0)
		rc = tm_fail_field(&c->err, TM_EINVAL, list[0] ? list : "/", "no observations to record");
	else if (!rc && json_array_size(*items) > OBSERVATIONS_MAX)
		rc = tm_fail_field(&c->err, TM_EINVAL, list[0] ? list : "/",
				   "at most %d observations in one request (a CSV file takes more)", OBSERVATIONS_MAX);
	if (rc) {
		json_decref(*items);
		*items = NULL;
	}
	json_decref(j);
	return rc;
}

/* The pointer of observation i in the body: "" (the body is the observation), "/3", "/observations/3". */
static void item_pointer(const char *list, bool single, size_t i, char *out, size_t n)
{
	if (single)
		out[0] = '\0';
	else
		snprintf(out, n, "%s/%zu", list, i);
}

/*
 * A refusal of one of several observations by the use case names it by its place: field
 * "observations/3/on", message "observations[3]: …". The API names it by its pointer in the body
 * as sent: "/observations/3/on", "/3/on" (a bare array); the message begins with that item's pointer.
 */
static void point_at_item(struct call *c, const char *list, bool single)
{
	char item[POINTER_MAX], ptr[sizeof(c->err.field)], msg[sizeof(c->err.msg)];
	char *end = NULL;
	if (strncmp(c->err.field, "observations/", 13))
		return;
	size_t i = strtoul(c->err.field + 13, &end, 10);
	const char *f = end && *end == '/' ? end + 1 : "";
	item_pointer(list, single, i, item, sizeof(item));
	snprintf(ptr, sizeof(ptr), "%.40s%s%.20s", item, *f || !item[0] ? "/" : "", f);
	const char *rest = strncmp(c->err.msg, "observations[", 13) ? NULL : strstr(c->err.msg, "]: ");
	if (rest) {
		snprintf(msg, sizeof(msg), "%s: %s", item[0] ? item : "/", rest + 3);
		memcpy(c->err.msg, msg, sizeof(msg));
	}
	memcpy(c->err.field, ptr, sizeof(ptr));
}

/* Reads the body's observations and records them; view gets the metric judged after them. */
static int record(struct call *c, tm_metric_view *view, tm_observations *out)
{
	json_t *items = NULL, *e;
	tm_observation_input *in = NULL;
	char list[POINTER_MAX], item[POINTER_MAX] = "";
	bool single = false;
	size_t i, n = 0;
	tm_spell_fn spell = c->err.spell;
	const void *spell_ctx = c->err.spell_ctx;
	int rc = observations_body(c, &items, list, sizeof(list), &single);
	if (rc)
		goto out;
	n = json_array_size(items);
	in = tm_xcalloc(n, sizeof(*in));
	/* Each member is spelled by its pointer in the body: "/observations/3/value". */
	c->err.spell = spell_item;
	c->err.spell_ctx = item;
	json_array_foreach(items, i, e) {
		item_pointer(list, single, i, item, sizeof(item));
		if (!json_is_object(e)) {
			rc = tm_fail_field(&c->err, TM_EINVAL, item, "%s must be an observation: {\"value\", \"on\", \"note\"}", item);
			goto out;
		}
		if ((rc = tm_input_from_json(&tm_observation_desc, TM_IN_CREATE, e, &in[i], &c->err))) {
			/* The member's pointer inside the item ("value"), or the item itself. */
			char ptr[sizeof(c->err.field)];
			const char *f = c->err.field + (c->err.field[0] == '/');
			snprintf(ptr, sizeof(ptr), "%.40s%s%.20s", item, *f || !item[0] ? "/" : "", f);
			memcpy(c->err.field, ptr, sizeof(ptr));
			goto out;
		}
	}
	/* One observation is refused by the use case naming its member ("on"): spelled as above. */
	item_pointer(list, single, 0, item, sizeof(item));
	rc = tm_app_metric_record(c->app, NULL, c->param[0], in, n, out, view, &c->err);
	if (rc == TM_EINVAL && n > 1)
		point_at_item(c, list, single);
	else if (rc && n == 1 && (!strcmp(c->err.field, "value") || !strcmp(c->err.field, "on") || !strcmp(c->err.field, "note"))) {
		char ptr[sizeof(c->err.field)];
		snprintf(ptr, sizeof(ptr), "%.40s/%.20s", item, c->err.field);
		memcpy(c->err.field, ptr, sizeof(ptr));
	}
	rc = path_metric(c, rc);
out:
	c->err.spell = spell;
	c->err.spell_ctx = spell_ctx;
	free(in);
	json_decref(items);
	return rc;
}

/* One observation, or many at once (all or none): 201 with the metric judged after them and what was recorded. */
static int h_record(struct call *c)
{
	tm_metric_view v = { 0 };
	tm_observations os = TM_VEC_INIT;
	int rc = 0;
	/* A POST (observations are added, not replaced), but an If-Match, when sent, is honoured. */
	if (tm_call_header(c, "If-Match")) {
		char id[32];
		rc = matched_metric(c, &v, id, sizeof(id));
	}
	if (!rc)
		rc = record(c, &v, &os);
	if (!rc) {
		tm_call_etag(c, "metric", v.m.id, v.m.version);
		tm_call_created(c, METRIC_URL "/observations", v.m.id,
				json_pack("{s:o, s:o}", "metric", tm_json_metric(&v), "observations", tm_json_observations(&os)));
	}
	TM_VEC_FREE(&os);
	return rc;
}

/* metric import over the API: a CSV file (date,metric,value[,note]) of a launch's observations, all or none. */
static int h_import(struct call *c)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	size_t n = ctype ? strcspn(ctype, "; \t") : 0;
	tm_metric_views vs = TM_VEC_INIT;
	int imported = 0;
	if (!ctype || n != 8 || strncasecmp(ctype, "text/csv", 8))
		return tm_fail(&c->err, TM_EUNSUPPORTED,
			       "observations to import are a CSV file (date,metric,value[,note]): send it as text/csv");
	int rc = tm_app_metric_import_text(c->app, c->param[0], c->body ? c->body : "", c->len, "csv", &imported, &c->err);
	if (rc && c->err.line > 0) {
		/* A fault of the file ("csv:LINE:COLUMN: …", in the detail) is bad input, an unknown metric
		 * too; the file has no JSON pointer. */
		c->err.code = rc = TM_EINVAL;
		c->err.field[0] = '\0';
	}
	if (!rc)
		rc = tm_app_metric_list(c->app, c->param[0], &vs, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, json_pack("{s:i, s:o}", "imported", imported, "metrics", tm_json_metrics(&vs)));
	TM_VEC_FREE(&vs);
	return rc;
}

/* ---- the dashboard and the stakeholder update ---- */

/* ?quarter=2027Q1 (default: today's). */
static int h_dashboard(struct call *c)
{
	tm_dashboard d = { 0 };
	int rc = tm_app_dashboard(c->app, tm_call_query(c, "quarter"), &d, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_dashboard(&d));
	tm_dashboard_release(&d);
	return rc;
}

/* ?month=2027-03 (default: the month before today's). */
static int h_stakeholder_update(struct call *c)
{
	tm_stakeholder_update u = { 0 };
	int rc = tm_app_stakeholder_update(c->app, tm_call_query(c, "month"), &u, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_stakeholder_update(&u));
	tm_stakeholder_update_release(&u);
	return rc;
}

/* ---- post-launch reviews ---- */

/* The stage the path names; an unknown one is a review that does not exist (404). */
static int path_stage(struct call *c, int *stage)
{
	*stage = tm_stage_parse(c->param[1]);
	if (*stage < 0)
		return tm_fail(&c->err, TM_ENOTFOUND,
			       "no review stage '%.40s': the stages are day-1, week-1, week-2, month-1, month-2 and quarter",
			       c->param[1]);
	return 0;
}

static int h_review_stages(struct call *c)
{
	tm_review_stages s;
	int rc = tm_app_review_stages(c->app, c->param[0], &s, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_review_stages(&s));
	tm_review_stages_release(&s);
	return rc;
}

static int h_review(struct call *c)
{
	tm_launch_review r = { 0 };
	int stage;
	int rc = path_stage(c, &stage);
	if (!rc)
		rc = tm_app_review(c->app, c->param[0], stage, &r, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_review(&r));
	tm_launch_review_release(&r);
	return rc;
}

/* The notes of a review held: {"notes": "Markdown"} ({} or "" for none), or the Markdown itself as text/markdown. */
static int review_notes(struct call *c, json_t **j, const char **notes, size_t *len)
{
	const char *ctype = tm_call_header(c, "Content-Type"), *k;
	size_t n = ctype ? strcspn(ctype, "; \t") : 0, bad = 0;
	json_t *v;
	*notes = "";
	*len = 0;
	if (ctype && n == 13 && !strncasecmp(ctype, "text/markdown", 13)) {
		if (!tm_utf8_valid(c->body ? c->body : "", c->len, &bad))
			return tm_fail(&c->err, TM_EINVAL, "the notes are not valid UTF-8 (byte %zu)", bad);
		*notes = c->body ? c->body : "";
		*len = c->len;
		return 0;
	}
	int rc = tm_call_body(c, j);
	if (rc == TM_EUNSUPPORTED)
		return tm_fail(&c->err, TM_EUNSUPPORTED, "a review's notes are {\"notes\": \"…\"} as application/json, or text/markdown");
	if (rc)
		return rc;
	json_object_foreach(*j, k, v) {
		if (strcmp(k, "notes"))
			return tm_fail_field(&c->err, TM_EINVAL, "/", "unknown field /%.60s: a review takes its notes only", k);
		if (!json_is_string(v))
			return tm_fail_field(&c->err, TM_EINVAL, "/notes", "/notes must be a string (Markdown)");
		*notes = json_string_value(v);
		*len = json_string_length(v);
	}
	return 0;
}

/* review --done: the review was held today, by who is asking, with its notes; its task is ticked. */
static int h_review_done(struct call *c)
{
	tm_launch_review r = { 0 };
	json_t *j = NULL;
	const char *notes = "";
	size_t len = 0;
	int stage;
	int rc = path_stage(c, &stage);
	if (!rc)
		rc = review_notes(c, &j, &notes, &len);
	if (!rc)
		rc = tm_call_pointer(c, tm_app_review_done(c->app, c->param[0], stage, notes, len, &r, &c->err));
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_review(&r));
	tm_launch_review_release(&r);
	json_decref(j);
	return rc;
}

const struct tm_route tm_routes_metrics[] = {
	{ "GET", "/api/v1/launches/:/metrics", h_list, TM_READ },
	{ "POST", "/api/v1/launches/:/metrics", h_add, TM_EDIT },
	{ "POST", "/api/v1/launches/:/observations", h_import, TM_EDIT },
	{ "GET", "/api/v1/launches/:/reviews", h_review_stages, TM_READ },
	{ "GET", "/api/v1/launches/:/reviews/:", h_review, TM_READ },
	{ "POST", "/api/v1/launches/:/reviews/:", h_review_done, TM_EDIT },
	{ "GET", "/api/v1/metrics", h_status, TM_READ },
	{ "GET", "/api/v1/metrics/:", h_get, TM_READ },
	{ "PATCH", "/api/v1/metrics/:", h_set, TM_EDIT },
	{ "DELETE", "/api/v1/metrics/:", h_rm, TM_EDIT },
	{ "GET", "/api/v1/metrics/:/observations", h_observations, TM_READ },
	{ "POST", "/api/v1/metrics/:/observations", h_record, TM_EDIT },
	{ "GET", "/api/v1/dashboard", h_dashboard, TM_READ },
	{ "GET", "/api/v1/stakeholder-update", h_stakeholder_update, TM_READ },
	{ NULL, NULL, NULL, 0 },
};
