/*
 * routes_backlog.c - the backlog over the API: items (/api/v1/backlog,
 * /api/v1/backlog/{id}), the RICE ranking (/api/v1/backlog/rank) and an idea
 * promoted to a launch (/api/v1/backlog/{id}/promote). Handlers parse, call
 * app/backlog.h as the command line does, and answer with
 * present/json_backlog.h's JSON.
 *
 * An item's ETag is "idea-ID-vN"; PATCH and DELETE need it as If-Match.
 */
#include <stdio.h>
#include <string.h>

#include "app/backlog.h"
#include "http/internal.h"
#include "present/json_app.h"
#include "present/json_backlog.h"

#include "util/banned.h"

#define IDEA_URL "/api/v1/backlog/%lld"

static void reply_idea(struct call *c, int status, const tm_idea *i)
{
	tm_call_etag(c, "idea", i->id, i->version);
	if (status == 201)
		tm_call_created(c, IDEA_URL, i->id, tm_json_idea(i, 0));
	else
		tm_reply_json(c->rep, status, tm_json_idea(i, 0));
}

/* The item the path names: one that is not there, or no item id at all, is 404. */
static int path_idea(struct call *c, int rc)
{
	if (rc && !strcmp(c->err.field, "idea")) {
		c->err.field[0] = '\0';
		if (rc == TM_EINVAL)
			c->err.code = rc = TM_ENOTFOUND;
	}
	return rc;
}

/* ?track=&status=&kind=&owner= */
static int h_list(struct call *c)
{
	tm_idea_query q = { tm_call_query(c, "track"), tm_call_query(c, "status"), tm_call_query(c, "kind"),
			    tm_call_query(c, "owner") };
	tm_ideas is = TM_VEC_INIT;
	int rc = tm_app_idea_list(c->app, &q, &is, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_ideas(&is));
	TM_VEC_FREE(&is);
	return rc;
}

static int h_add(struct call *c)
{
	json_t *j = NULL;
	tm_idea_input in = { 0 };
	tm_idea i;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_idea_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_idea_add(c->app, &in, &i, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_idea(c, 201, &i);
	json_decref(j);
	return rc;
}

static int h_rank(struct call *c)
{
	tm_backlog_rank r;
	int rc = tm_app_backlog_rank(c->app, tm_call_query(c, "track"), &r, &c->err);
	if (!rc) {
		tm_reply_json(c->rep, 200, tm_json_backlog_rank(&r));
		tm_backlog_rank_release(&r);
	}
	return rc;
}

static int h_get(struct call *c)
{
	tm_idea i;
	int rc = path_idea(c, tm_app_idea_get(c->app, c->param[0], &i, &c->err));
	if (!rc)
		reply_idea(c, 200, &i);
	return rc;
}

/* The item a change is about, with its If-Match checked (inside the write transaction). */
static int matched_idea(struct call *c, tm_idea *i)
{
	int rc = path_idea(c, tm_app_idea_get(c->app, c->param[0], i, &c->err));
	return rc ? rc : tm_call_if_match(c, "idea", i->id, i->version);
}

static int h_set(struct call *c)
{
	json_t *j = NULL;
	tm_idea_input in = { 0 };
	tm_idea i;
	char id[32];
	int rc = matched_idea(c, &i);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_idea_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = i.version;
		snprintf(id, sizeof(id), "%lld", (long long)i.id);
		rc = tm_app_idea_set(c->app, id, &in, &i, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		reply_idea(c, 200, &i);
	json_decref(j);
	return rc;
}

static int h_rm(struct call *c)
{
	tm_idea i;
	char id[32];
	int rc = matched_idea(c, &i);
	if (!rc) {
		snprintf(id, sizeof(id), "%lld", (long long)i.id);
		rc = tm_app_idea_rm(c->app, id, i.version, &i, &c->err);
	}
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* {"date": "2027-03-01", "tier": 2} or "criteria": {...}, and any other member launch creation takes. */
static int h_promote(struct call *c)
{
	json_t *j = NULL;
	tm_launch_input in = { 0 };
	tm_launch_detail d = { 0 };
	int rc = tm_call_body(c, &j);
	/* The name is the idea's title unless given: the launch input's check must not ask for it. */
	bool named = !rc && json_object_get(j, "name") != NULL;
	if (!rc && !named)
		json_object_set_new(j, "name", json_string("-"));
	if (!rc)
		rc = tm_input_from_json(&tm_launch_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc && !named)
		in.given &= ~(1u << TM_LI_NAME);
	if (!rc)
		rc = path_idea(c, tm_app_idea_promote(c->app, c->param[0], &in, NULL, &d, &c->err));
	tm_call_pointer(c, rc);
	if (!rc) {
		tm_call_etag(c, "launch", d.launch.id, d.launch.version);
		tm_call_created(c, "/api/v1/launches/%lld", d.launch.id, tm_json_launch_detail(&d));
	}
	tm_launch_detail_release(&d);
	json_decref(j);
	return rc;
}

const struct tm_route tm_routes_backlog[] = {
	{ "GET", "/api/v1/backlog", h_list, TM_READ },
	{ "POST", "/api/v1/backlog", h_add, TM_EDIT },
	{ "GET", "/api/v1/backlog/rank", h_rank, TM_READ },
	{ "GET", "/api/v1/backlog/:", h_get, TM_READ },
	{ "PATCH", "/api/v1/backlog/:", h_set, TM_EDIT },
	{ "DELETE", "/api/v1/backlog/:", h_rm, TM_EDIT },
	{ "POST", "/api/v1/backlog/:/promote", h_promote, TM_EDIT },
	{ NULL, NULL, NULL, 0 },
};
