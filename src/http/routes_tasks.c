/* routes_tasks.c - /api/v1/tasks/{id}, its dependencies and its approvals. */
#include <stdio.h>
#include <string.h>

#include "http/internal.h"
#include "http/validate.h"
#include "present/json_app.h"
#include "render/json.h"

#include "util/banned.h"

/* One task with whose approval it still lacks ("approval_missing"). */
static int reply_task(struct call *c, const tm_task *t)
{
	tm_approval_state s;
	int rc = tm_app_task_approval_state(c->app, t, &s, &c->err);
	if (rc)
		return rc;
	tm_call_etag(c, "task", t->id, t->version);
	tm_reply_json(c->rep, 200, tm_json_task_approval(t, &s));
	return 0;
}

static int h_get(struct call *c)
{
	tm_task t = { 0 };
	int rc = tm_app_task_get(c->app, c->param[0], &t, &c->err);
	if (!rc)
		rc = reply_task(c, &t);
	tm_task_release(&t);
	return rc;
}

/* The task a change is about, its If-Match checked inside the write transaction. */
static int matched_task(struct call *c, int64_t *version)
{
	tm_task t = { 0 };
	int rc = tm_app_task_get(c->app, c->param[0], &t, &c->err);
	if (!rc)
		rc = tm_call_if_match(c, "task", t.id, t.version);
	*version = t.version;
	tm_task_release(&t);
	return rc;
}

static int h_patch(struct call *c)
{
	tm_task_input in = { 0 };
	tm_task t = { 0 };
	json_t *j = NULL;
	int64_t version = 0;
	int rc = matched_task(c, &version);
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_task_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = version;
		rc = tm_app_task_set(c->app, c->param[0], &in, &t, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		rc = reply_task(c, &t);
	json_decref(j);
	tm_task_release(&t);
	return rc;
}

/* The query spells the force of a removal: ?force=true. */
static void spell_force(const void *ctx, const char *field, char *out, size_t n)
{
	(void)ctx;
	snprintf(out, n, "?%s=true", field);
}

static int h_rm(struct call *c)
{
	tm_task t = { 0 };
	tm_deps freed = TM_VEC_INIT;
	int64_t version = 0;
	bool force = false;
	int rc = matched_task(c, &version);
	if (!rc)
		rc = tm_call_query_bool(c, "force", &force);
	if (!rc) {
		c->err.spell = spell_force;
		rc = tm_app_task_rm(c->app, c->param[0], force, &t, &freed, &c->err);
	}
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	TM_VEC_FREE(&freed);
	tm_task_release(&t);
	return rc;
}

static int h_dep_add(struct call *c)
{
	json_t *j = NULL;
	tm_dep_input in = { 0 };
	tm_task t = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_dep_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_dep_add(c->app, c->param[0], &in, &t, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		rc = reply_task(c, &t);
	json_decref(j);
	tm_task_release(&t);
	return rc;
}

static int h_dep_rm(struct call *c)
{
	tm_task t = { 0 };
	tm_dep_input in = { 0 };
	int64_t version = 0;
	const char *after = tm_call_query(c, "after");
	int rc = matched_task(c, &version);
	if (!rc && !after)
		rc = tm_fail_field(&c->err, TM_EINVAL, "after", "DELETE …/deps needs ?after=TASK (the task it waits for)");
	if (!rc)
		rc = tm_call_query_input(c, &tm_dep_desc, "after", after, &in);
	if (!rc)
		rc = tm_app_dep_rm(c->app, c->param[0], &in, &t, &c->err);
	if (!rc)
		rc = reply_task(c, &t);
	tm_task_release(&t);
	return rc;
}

/*
 * POST /api/v1/tasks/{id}/approve, {} or {"as": PERSON}: the signed-in user's person approves the
 * task's external copy. Nobody approves for someone else: "as" may only name that person. An If-Match
 * sent must name the task's version.
 */
static int h_approve(struct call *c)
{
	json_t *j = NULL;
	tm_approve_input in = { 0 };
	tm_approval_state s;
	tm_task t = { 0 };
	tm_person me;
	int rc = 0;
	if (c->len)
		rc = tm_call_body(c, &j);
	if (!rc && j)
		rc = tm_input_from_json(&tm_approve_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc && !c->who.user.person_id)
		rc = tm_fail(&c->err, TM_EFORBIDDEN,
			     "'%s' is no person of the workspace: only a person approves (an admin links one: "
			     "tminus user set %s --person PERSON)",
			     c->who.user.name, c->who.user.name);
	if (!rc && TM_GIVEN(&in, TM_API_AS)) {
		if ((rc = tm_app_person_get(c->app, in.as, &me, &c->err)) == 0 && me.id != c->who.user.person_id)
			rc = tm_fail_field(&c->err, TM_EFORBIDDEN, "as", "nobody approves for someone else: you are %s, not %s",
					   c->who.user.person, me.name);
		else if (rc)
			snprintf(c->err.field, sizeof(c->err.field), "as");
	}
	if (!rc && tm_call_header(c, "If-Match")) {
		tm_task cur = { 0 };
		if ((rc = tm_app_task_get(c->app, c->param[0], &cur, &c->err)) == 0)
			rc = tm_call_if_match(c, "task", cur.id, cur.version);
		tm_task_release(&cur);
	}
	if (!rc) {
		snprintf(in.as, sizeof(in.as), "%lld", (long long)c->who.user.person_id);
		in.given |= 1u << TM_API_AS;
		rc = tm_app_task_approve(c->app, c->param[0], &in, &t, &s, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc) {
		tm_call_etag(c, "task", t.id, t.version);
		tm_reply_json(c->rep, 200, tm_json_task_approval(&t, &s));
	}
	json_decref(j);
	tm_task_release(&t);
	return rc;
}

const struct tm_route tm_routes_tasks[] = {
	{ "GET", "/api/v1/tasks/:", h_get, TM_READ },
	{ "PATCH", "/api/v1/tasks/:", h_patch, TM_EDIT },
	{ "DELETE", "/api/v1/tasks/:", h_rm, TM_EDIT },
	{ "POST", "/api/v1/tasks/:/deps", h_dep_add, TM_EDIT },
	{ "DELETE", "/api/v1/tasks/:/deps", h_dep_rm, TM_EDIT },
	{ "POST", "/api/v1/tasks/:/approve", h_approve, TM_EDIT },
	{ NULL, NULL, NULL, 0 },
};
