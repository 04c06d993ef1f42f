/*
 * routes_glossary.c - the glossary (terms and personas) and the decision
 * ledger under /api/v1: viewers read, editors change. A glossary entry is
 * named in the path by its term (URL-encoded) or its id; its ETag is
 * "term-ID-vN", and a PATCH or DELETE must send it in If-Match.
 */
#include <stdio.h>
#include <string.h>

#include "app/glossary.h"
#include "http/internal.h"
#include "present/json_app.h"
#include "present/json_glossary.h"

#include "util/banned.h"

#define TERM_URL "/api/v1/glossary/%lld"

/* ---- the glossary ---- */

static void reply_term(struct call *c, int status, const tm_term *t)
{
	tm_call_etag(c, "term", t->id, t->version);
	if (status == 201)
		tm_call_created(c, TERM_URL, t->id, tm_json_term(t));
	else
		tm_reply_json(c->rep, status, tm_json_term(t));
}

static int h_terms(struct call *c)
{
	tm_terms ts = TM_VEC_INIT;
	int rc = tm_app_term_list(c->app, tm_call_query(c, "kind"), &ts, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_terms(&ts));
	TM_VEC_FREE(&ts);
	return rc;
}

static int h_term_add(struct call *c)
{
	json_t *j = NULL;
	tm_term_input in = { 0 };
	tm_term t;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_term_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_term_add(c->app, &in, &t, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_term(c, 201, &t);
	json_decref(j);
	return rc;
}

static int h_term_get(struct call *c)
{
	tm_term t;
	int rc = tm_app_term_get(c->app, c->param[0], &t, &c->err);
	if (!rc)
		reply_term(c, 200, &t);
	return rc;
}

/* The entry a change is about, with its If-Match checked; id gets its id as the use cases take it. */
static int matched_term(struct call *c, tm_term *t, char *id, size_t n)
{
	int rc = tm_app_term_get(c->app, c->param[0], t, &c->err);
	if (!rc)
		rc = tm_call_if_match(c, "term", t->id, t->version);
	snprintf(id, n, "#%lld", rc ? 0LL : (long long)t->id);
	return rc;
}

static int h_term_set(struct call *c)
{
	json_t *j = NULL;
	tm_term_input in = { 0 };
	tm_term t;
	char id[32];
	int rc = matched_term(c, &t, id, sizeof(id));
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_term_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = t.version;
		rc = tm_app_term_set(c->app, id, &in, &t, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		reply_term(c, 200, &t);
	json_decref(j);
	return rc;
}

static int h_term_rm(struct call *c)
{
	tm_term t;
	char id[32];
	int rc = matched_term(c, &t, id, sizeof(id));
	if (!rc)
		rc = tm_app_term_rm(c->app, id, t.version, &t, &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* ---- the decision ledger ---- */

/* ?launch= keeps a launch's; ?search= the decisions holding every word, best match first. */
static int h_decisions(struct call *c)
{
	tm_decisions ds = TM_VEC_INIT;
	const char *launch = tm_call_query(c, "launch"), *words = tm_call_query(c, "search");
	int rc = words ? tm_app_decision_search(c->app, launch, words, &ds, &c->err)
		       : tm_app_decision_list(c->app, launch, &ds, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ds.n; i++)
			json_array_append_new(arr, tm_json_decision(&ds.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&ds);
	return rc;
}

static int h_decision_add(struct call *c)
{
	json_t *j = NULL;
	tm_decision_input in = { 0 };
	tm_decision d;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_decision_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_decision_add(c->app, &in, &d, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		tm_call_created(c, "/api/v1/decisions/%lld", d.id, tm_json_decision(&d));
	json_decref(j);
	return rc;
}

static int h_decision_get(struct call *c)
{
	tm_decision d;
	int rc = tm_app_decision_get(c->app, c->param[0], &d, &c->err);
	/* A path that names no decision id is no decision. */
	if (rc == TM_EINVAL)
		rc = c->err.code = TM_ENOTFOUND;
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_decision(&d));
	return rc;
}

const struct tm_route tm_routes_glossary[] = {
	{ "GET", "/api/v1/glossary", h_terms, TM_READ },
	{ "POST", "/api/v1/glossary", h_term_add, TM_EDIT },
	{ "GET", "/api/v1/glossary/:", h_term_get, TM_READ },
	{ "PATCH", "/api/v1/glossary/:", h_term_set, TM_EDIT },
	{ "DELETE", "/api/v1/glossary/:", h_term_rm, TM_EDIT },
	{ "GET", "/api/v1/decisions", h_decisions, TM_READ },
	{ "POST", "/api/v1/decisions", h_decision_add, TM_EDIT },
	{ "GET", "/api/v1/decisions/:", h_decision_get, TM_READ },
	{ NULL, NULL, NULL, 0 },
};
