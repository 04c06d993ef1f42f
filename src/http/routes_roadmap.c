/*
 * routes_roadmap.c - the roadmap over the API: the tree (/api/v1/roadmap),
 * its items (/api/v1/roadmap/{id}) and its reviews (/api/v1/roadmap/reviews).
 * Handlers parse, call app/roadmap.h as the command line does, and answer
 * with present/json_roadmap.h's JSON.
 *
 * An item's ETag is "roadmap-ID-vN"; PATCH and DELETE need it as If-Match.
 */
#include <stdio.h>
#include <string.h>

#include "app/roadmap.h"
#include "http/internal.h"
#include "present/json_roadmap.h"

#include "util/banned.h"

#define ITEM_URL "/api/v1/roadmap/%lld"

static void reply_item(struct call *c, int status, tm_roadmap *r)
{
	const tm_roadmap_item *it = &r->items.v[0].item;
	tm_call_etag(c, "roadmap", it->id, it->version);
	if (status == 201)
		tm_call_created(c, ITEM_URL, it->id, tm_json_roadmap_item(r, 0));
	else
		tm_reply_json(c->rep, status, tm_json_roadmap_item(r, 0));
	tm_roadmap_release(r);
}

/* The item the path names: one that is not there, or no item id at all, is 404. */
static int path_item(struct call *c, int rc)
{
	if (rc && !strcmp(c->err.field, "id")) {
		c->err.field[0] = '\0';
		if (rc == TM_EINVAL)
			c->err.code = rc = TM_ENOTFOUND;
	}
	return rc;
}

/* ?quarter=&owner= */
static int h_tree(struct call *c)
{
	tm_roadmap r;
	tm_roadmap_query q = { tm_call_query(c, "quarter"), tm_call_query(c, "owner") };
	int rc = tm_app_roadmap(c->app, &q, &r, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_roadmap(&r));
		tm_roadmap_release(&r);
	}
	return rc;
}

static int h_add(struct call *c)
{
	json_t *j = NULL;
	tm_roadmap_input in = { 0 };
	tm_roadmap r;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_roadmap_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_roadmap_add(c->app, &in, &r, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_item(c, 201, &r);
	json_decref(j);
	return rc;
}

static int h_get(struct call *c)
{
	tm_roadmap r;
	int rc = path_item(c, tm_app_roadmap_get(c->app, c->param[0], &r, &c->err));
	if (!rc)
		reply_item(c, 200, &r);
	return rc;
}

/* The item a change is about (its id and version), with its If-Match checked (inside the write transaction). */
static int matched_item(struct call *c, int64_t *id, int64_t *version)
{
	tm_roadmap r;
	int rc = path_item(c, tm_app_roadmap_get(c->app, c->param[0], &r, &c->err));
	if (rc)
		return rc;
	*id = r.items.v[0].item.id;
	*version = r.items.v[0].item.version;
	tm_roadmap_release(&r);
	return tm_call_if_match(c, "roadmap", *id, *version);
}

static int h_set(struct call *c)
{
	json_t *j = NULL;
	tm_roadmap_input in = { 0 };
	tm_roadmap r;
	int64_t id, version;
	char ref[32];
	int rc = matched_item(c, &id, &version);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_roadmap_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = version;
		snprintf(ref, sizeof(ref), "%lld", (long long)id);
		rc = tm_app_roadmap_set(c->app, ref, &in, &r, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		reply_item(c, 200, &r);
	json_decref(j);
	return rc;
}

static int h_rm(struct call *c)
{
	int64_t id, version;
	char ref[32];
	int rc = matched_item(c, &id, &version);
	if (!rc) {
		snprintf(ref, sizeof(ref), "%lld", (long long)id);
		rc = tm_app_roadmap_rm(c->app, ref, version, NULL, &c->err);
	}
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

static int h_reviews(struct call *c)
{
	tm_roadmap_reviews rs = TM_VEC_INIT;
	int rc = tm_app_roadmap_reviews(c->app, 0, &rs, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_roadmap_reviews(&rs));
	TM_VEC_FREE(&rs);
	return rc;
}

/* {"notes": "…"} (or {}): a review held today. */
static int h_review(struct call *c)
{
	json_t *j = NULL;
	tm_roadmap_review_input in = { 0 };
	tm_roadmap_review rv;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_roadmap_review_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_roadmap_review(c->app, &in, &rv, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		tm_call_created(c, "/api/v1/roadmap/reviews/%lld", rv.id, tm_json_roadmap_review(&rv));
	json_decref(j);
	return rc;
}

const struct tm_route tm_routes_roadmap[] = {
	{ "GET", "/api/v1/roadmap", h_tree, TM_READ },
	{ "POST", "/api/v1/roadmap", h_add, TM_EDIT },
	{ "GET", "/api/v1/roadmap/reviews", h_reviews, TM_READ },
	{ "POST", "/api/v1/roadmap/reviews", h_review, TM_EDIT },
	{ "GET", "/api/v1/roadmap/:", h_get, TM_READ },
	{ "PATCH", "/api/v1/roadmap/:", h_set, TM_EDIT },
	{ "DELETE", "/api/v1/roadmap/:", h_rm, TM_EDIT },
	{ NULL, NULL, NULL, 0 },
};
