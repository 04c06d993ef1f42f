/*
 * routes_workspace.c - what belongs to the whole workspace: people, the
 * working-day calendar (holidays, freezes), the launch calendar, tier
 * suggestions, the audit log, health and the OpenAPI document (the decision
 * ledger is routes_glossary.c's). People and the working-day calendar shape
 * every plan at once: admins change them.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/internal.h"
#include "http/validate.h"
#include "present/json_app.h"
#include "present/plan.h"
#include "render/json.h"

#include "util/banned.h"

/* Up when the workspace answers: a database server that is gone is 503 (problem+json, Retry-After). */
static int h_health(struct call *c)
{
	int64_t version;
	tm_error err = TM_ERROR_INIT;
	int rc = tm_app_data_version(c->app, &version, &err);
	if (rc == TM_EUNREACHABLE)
		return tm_fail(&c->err, rc, "the database is unreachable: %s", err.msg);
	if (rc)
		return tm_fail(&c->err, rc, "%s", err.msg);
	tm_reply_json(c->rep, 200, json_pack("{s:s}", "status", "ok"));
	return 0;
}

/* The OpenAPI document: the compiled-in description, with the request schemas of the use cases'
 * inputs made from app/'s descriptions of them (app/inputs.c), once per process. */
static char *openapi_text;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static void build_openapi(void)
{
	json_t *doc = json_loadb((const char *)tm_openapi_data, tm_openapi_data_len, 0, NULL);
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	for (int i = 0; schemas && tm_inputs[i]; i++) {
		const tm_input_desc *d = tm_inputs[i];
		if (d->create_schema)
			json_object_set_new(schemas, d->create_schema, tm_input_schema(d, TM_IN_CREATE));
		if (d->change_schema)
			json_object_set_new(schemas, d->change_schema, tm_input_schema(d, TM_IN_CHANGE));
	}
	openapi_text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
}

static int h_openapi(struct call *c)
{
	pthread_once(&openapi_once, build_openapi);
	if (!openapi_text)
		return tm_fail(&c->err, TM_EINTERNAL, "the OpenAPI document could not be built");
	tm_reply_text(c->rep, 200, "application/json; charset=utf-8", openapi_text, strlen(openapi_text));
	return 0;
}

static int h_people(struct call *c)
{
	tm_people ps = TM_VEC_INIT;
	int rc = tm_app_person_list(c->app, &ps, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ps.n; i++)
			json_array_append_new(arr, tm_json_person(&ps.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&ps);
	return rc;
}

static int h_person_add(struct call *c)
{
	json_t *j = NULL;
	tm_person_input in = { 0 };
	tm_person p;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_person_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_person_add(c->app, &in, &p, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		tm_call_created(c, "/api/v1/people/%lld", p.id, tm_json_person(&p));
	json_decref(j);
	return rc;
}

static int h_person(struct call *c)
{
	tm_person p;
	int rc = tm_app_person_get(c->app, c->param[0], &p, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_person(&p));
	return rc;
}

/* People have no version to match: a change says what it sets, the last one wins, as with users. */
static int h_person_set(struct call *c)
{
	json_t *j = NULL;
	tm_person_input in = { 0 };
	tm_person p;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_person_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_person_set(c->app, c->param[0], &in, &p, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_person(&p));
	json_decref(j);
	return rc;
}

static int h_holidays(struct call *c)
{
	tm_holidays hs = TM_VEC_INIT;
	int rc = tm_app_holiday_list(c->app, tm_call_query(c, "from"), tm_call_query(c, "to"), &hs, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < hs.n; i++)
			json_array_append_new(arr, tm_json_holiday(&hs.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&hs);
	return rc;
}

static int h_holiday_add(struct call *c)
{
	json_t *j = NULL;
	tm_holiday_input in = { 0 };
	tm_holiday_result r;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_holiday_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_holiday_add(c->app, &in, &r, &c->err);
	tm_call_pointer(c, rc);
	if (!rc) {
		char loc[64], date[TM_DATE_STRLEN];
		snprintf(loc, sizeof(loc), "/api/v1/holidays/%s", tm_date_format(in.date, date));
		tm_reply_header(c->rep, "Location", loc);
		tm_reply_json(c->rep, 201, tm_json_holiday_result(&r));
	}
	json_decref(j);
	return rc;
}

static int h_holiday_rm(struct call *c)
{
	tm_holiday_result r;
	int rc = tm_app_holiday_rm(c->app, c->param[0], &r, &c->err);
	if (rc == TM_EINVAL)
		rc = c->err.code = TM_ENOTFOUND; /* /holidays/not-a-date names nothing */
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

static int h_freezes(struct call *c)
{
	tm_freezes fs = TM_VEC_INIT;
	int rc = tm_app_freeze_list(c->app, &fs, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < fs.n; i++)
			json_array_append_new(arr, tm_json_freeze(&fs.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&fs);
	return rc;
}

static int h_freeze_add(struct call *c)
{
	json_t *j = NULL;
	tm_freeze_input in = { 0 };
	tm_freeze f;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_freeze_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_freeze_add(c->app, &in, &f, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		tm_call_created(c, "/api/v1/freezes/%lld", f.id, tm_json_freeze(&f));
	json_decref(j);
	return rc;
}

static int h_freeze_rm(struct call *c)
{
	int rc = tm_app_freeze_rm(c->app, c->param[0], &c->err);
	if (rc == TM_EINVAL)
		rc = c->err.code = TM_ENOTFOUND;
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

static int h_calendar(struct call *c)
{
	tm_agenda_query q = { .from = tm_call_query(c, "from"), .to = tm_call_query(c, "to"),
			      .person = tm_call_query(c, "person") };
	tm_agenda ag;
	const char *tier = tm_call_query(c, "tier");
	int rc = tier ? tm_parse_tier(tier, &q.tier, &c->err) : 0;
	if (!rc && (rc = tm_app_agenda(c->app, &q, &ag, &c->err)) == 0) {
		tm_reply_json(c->rep, 200, tm_json_agenda(&ag));
		tm_agenda_release(&ag);
	}
	return rc;
}

/* Each cell names at most this many of its tasks (the largest shares), and counts them all. */
#define LOAD_CELL_TASKS 50

/* plan --all's load for a range of ISO weeks, with the tasks behind each person's week. */
static int h_load(struct call *c)
{
	tm_load_report r;
	int rc = tm_app_load(c->app, tm_call_query(c, "from"), tm_call_query(c, "to"), &r, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_load(&r, c->app->today, LOAD_CELL_TASKS));
		tm_load_report_release(&r);
	}
	return rc;
}

/* ?quarter=2027Q1 (default: today's): the quarter's launches by impact against marketing effort (tminus triage). */
static int h_triage(struct call *c)
{
	tm_triage t;
	int rc = tm_app_triage(c->app, tm_call_query(c, "quarter"), &t, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_triage(&t));
		tm_triage_release(&t);
	}
	return rc;
}

/* The core names criteria as the command line's flags ("--major"); the API's are query parameters
 * ("major=true"). Rewrites the message in place. */
static void query_spelling(tm_error *err)
{
	char out[sizeof(err->msg)];
	size_t o = 0;
	for (const char *p = err->msg; *p && o + 1 < sizeof(out);) {
		if (p[0] == '-' && p[1] == '-' && p[2] >= 'a' && p[2] <= 'z') {
			size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s=true", (int)n, p + 2);
			p += 2 + n;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < sizeof(out) ? o : sizeof(out) - 1] = '\0';
	snprintf(err->msg, sizeof(err->msg), "%s", out);
}

/* ?major=true&existing-market=true … → the suggested tier, as `tminus --json tier suggest` gives
 * it: the tier, what the playbook calls it and brings, and why. */
static int h_tier(struct call *c)
{
	tm_tier_input in = { 0 };
	tm_tier_advice adv;
	/* The criteria of the tier input's description, spelled as query parameters: new-market=true. */
	for (int i = 0; tm_criteria_names[i]; i++) {
		char name[40];
		snprintf(name, sizeof(name), "%s", tm_criteria_names[i]);
		for (char *p = name; *p; p++)
			*p = (char)(*p == '_' ? '-' : *p);
		bool on;
		int rc = tm_call_query_bool(c, name, &on);
		if (rc)
			return rc;
		if (tm_call_query(c, name))
			tm_input_set_flag(&tm_tier_desc, TM_TRI_CRITERIA, i, on, &in);
	}
	int rc = tm_app_tier_suggest(c->app, &in, &adv, &c->err);
	if (rc)
		query_spelling(&c->err);
	else
		tm_reply_json(c->rep, 200, tm_json_tier_advice(&adv));
	return rc;
}

static int h_audit(struct call *c)
{
	tm_audits as = TM_VEC_INIT;
	int limit, offset;
	int rc = tm_call_page(c, &limit, &offset);
	if (!rc)
		rc = tm_app_audit_list(c->app, limit + 1, offset, &as, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < as.n && (int)i < limit; i++)
			json_array_append_new(arr, tm_json_audit(&as.v[i]));
		if ((int)as.n > limit)
			tm_call_link_next(c, limit, offset);
		tm_reply_json(c->rep, 200, arr);
	}
	tm_audits_free(&as);
	return rc;
}

const struct tm_route tm_routes_workspace[] = {
	{ "GET", "/healthz", h_health, TM_OPEN },
	{ "GET", "/api/v1/openapi.json", h_openapi, TM_OPEN },
	{ "GET", "/api/v1/people", h_people, TM_READ },
	{ "POST", "/api/v1/people", h_person_add, TM_ADMIN },
	{ "GET", "/api/v1/people/:", h_person, TM_READ },
	{ "PATCH", "/api/v1/people/:", h_person_set, TM_ADMIN },
	{ "GET", "/api/v1/holidays", h_holidays, TM_READ },
	{ "POST", "/api/v1/holidays", h_holiday_add, TM_ADMIN },
	{ "DELETE", "/api/v1/holidays/:", h_holiday_rm, TM_ADMIN },
	{ "GET", "/api/v1/freezes", h_freezes, TM_READ },
	{ "POST", "/api/v1/freezes", h_freeze_add, TM_ADMIN },
	{ "DELETE", "/api/v1/freezes/:", h_freeze_rm, TM_ADMIN },
	{ "GET", "/api/v1/calendar", h_calendar, TM_READ },
	{ "GET", "/api/v1/load", h_load, TM_READ },
	{ "GET", "/api/v1/triage", h_triage, TM_READ },
	{ "GET", "/api/v1/tier-suggestion", h_tier, TM_READ },
	{ "GET", "/api/v1/audit", h_audit, TM_ADMIN },
	{ NULL, NULL, NULL, 0 },
};
