/*
 * routes_experiments.c - seed 003's experiments over the API
 * (/api/v1/experiments): the experiments, their arms and running totals, the
 * analysis and the close. Handlers parse, call app/experiments.h as the
 * command line does, and answer with present/json_experiments.h's JSON.
 *
 * An experiment is named in the path by its id or its name. Its ETag is
 * "experiment-ID-vN"; PATCH and DELETE need it as If-Match. Arms and their
 * totals leave the version as it is (as observations leave a metric's), so
 * an ETag read before still matches; close bumps it.
 */
#include <stdio.h>
#include <string.h>

#include "app/experiments.h"
#include "http/internal.h"
#include "present/json_experiments.h"

#include "util/banned.h"

#define EXPERIMENT_URL "/api/v1/experiments/%lld"

static void reply_view(struct call *c, int status, const tm_experiment_view *v)
{
	tm_call_etag(c, "experiment", v->e.id, v->e.version);
	if (status == 201)
		tm_call_created(c, EXPERIMENT_URL, v->e.id, tm_json_experiment(v));
	else
		tm_reply_json(c->rep, status, tm_json_experiment(v));
}

/* What the path names (the experiment, an arm): one that is not there is 404, with no body member to point at. */
static int in_path(struct call *c, int rc)
{
	if (rc == TM_ENOTFOUND && (!strcmp(c->err.field, "experiment") || !strcmp(c->err.field, "arm")))
		c->err.field[0] = '\0';
	return rc;
}

static int h_list(struct call *c)
{
	const char *status = tm_call_query(c, "status");
	int st = -1;
	if (status) {
		for (int i = 0; tm_experiment_status_names[i]; i++)
			if (!strcmp(tm_experiment_status_names[i], status))
				st = i;
		if (st < 0)
			return tm_fail_field(&c->err, TM_EINVAL, "status", "status is running or closed, not '%.40s'", status);
	}
	tm_experiment_views vs = TM_VEC_INIT;
	int idea = 0;
	int rc = tm_call_query_int(c, "idea", 0, 1, 2147483647, &idea);
	if (!rc && idea)
		rc = tm_app_experiment_list_idea(c->app, idea, st, &vs, &c->err);
	else if (!rc)
		rc = tm_app_experiment_list(c->app, st, &vs, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_experiments(&vs));
	tm_experiment_views_free(&vs);
	return rc;
}

static int h_add(struct call *c)
{
	json_t *j = NULL;
	tm_experiment_input in = { 0 };
	tm_experiment_view v = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_experiment_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_experiment_add(c->app, &in, &v, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		reply_view(c, 201, &v);
	tm_experiment_view_release(&v);
	json_decref(j);
	return rc;
}

static int h_get(struct call *c)
{
	tm_experiment_view v = { 0 };
	int rc = in_path(c, tm_app_experiment_get(c->app, c->param[0], &v, &c->err));
	if (!rc)
		reply_view(c, 200, &v);
	tm_experiment_view_release(&v);
	return rc;
}

/* The experiment a change is about, with its If-Match checked; id gets "#ID" as the use cases take it. */
static int matched(struct call *c, tm_experiment_view *v, char *id, size_t n)
{
	int rc = in_path(c, tm_app_experiment_get(c->app, c->param[0], v, &c->err));
	if (!rc)
		rc = tm_call_if_match(c, "experiment", v->e.id, v->e.version);
	snprintf(id, n, "#%lld", rc ? 0LL : (long long)v->e.id);
	return rc;
}

static int h_set(struct call *c)
{
	json_t *j = NULL;
	tm_experiment_input in = { 0 };
	tm_experiment_view v = { 0 };
	char id[32];
	int rc = matched(c, &v, id, sizeof(id));
	if (!rc)
		rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_experiment_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc) {
		in.if_version = v.e.version;
		rc = tm_app_experiment_set(c->app, id, &in, &v, &c->err);
	}
	tm_call_pointer(c, rc);
	if (!rc)
		reply_view(c, 200, &v);
	tm_experiment_view_release(&v);
	json_decref(j);
	return rc;
}

static int h_rm(struct call *c)
{
	tm_experiment_view v = { 0 };
	char id[32];
	int rc = matched(c, &v, id, sizeof(id));
	if (!rc)
		rc = tm_app_experiment_rm(c->app, id, v.e.version, &v, &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	tm_experiment_view_release(&v);
	return rc;
}

/* POST …/arms (ArmInput): 201 with the experiment and its arms. */
static int h_arm_add(struct call *c)
{
	json_t *j = NULL;
	tm_arm_input in = { 0 };
	tm_experiment_view v = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_arm_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = in_path(c, tm_app_experiment_arm_add(c->app, c->param[0], &in, &v, &c->err));
	tm_call_pointer(c, rc);
	if (!rc)
		reply_view(c, 201, &v);
	tm_experiment_view_release(&v);
	json_decref(j);
	return rc;
}

static int h_arm_rm(struct call *c)
{
	tm_experiment_view v = { 0 };
	int rc = in_path(c, tm_app_experiment_arm_rm(c->app, c->param[0], c->param[1], &v, &c->err));
	if (!rc)
		reply_view(c, 200, &v);
	tm_experiment_view_release(&v);
	return rc;
}

/* POST …/arms/{arm}/record (ArmRecord): the arm's running totals; 200 with the experiment. */
static int h_record(struct call *c)
{
	json_t *j = NULL;
	tm_arm_record_input in = { 0 };
	tm_experiment_view v = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_arm_record_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = in_path(c, tm_app_experiment_record(c->app, c->param[0], c->param[1], &in, &v, &c->err));
	tm_call_pointer(c, rc);
	if (!rc)
		reply_view(c, 200, &v);
	tm_experiment_view_release(&v);
	json_decref(j);
	return rc;
}

/* ?monthly_traffic=N: the annual impact at that traffic (this analysis only). */
static int h_analysis(struct call *c)
{
	tm_experiment_report r = { 0 };
	int traffic = 0;
	int rc = tm_call_query_int(c, "monthly_traffic", 0, 0, (int)TM_EXPERIMENT_COUNT_MAX, &traffic);
	if (!rc)
		rc = in_path(c, tm_app_experiment_analyze(c->app, c->param[0], traffic, &r, &c->err));
	if (rc && !strcmp(c->err.field, "arms"))
		c->err.field[0] = '\0'; /* not a body member: the experiment's arms as stored */
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_experiment_analysis(&r));
	tm_experiment_view_release(&r.v);
	return rc;
}

/* POST …/close (ExperimentClose): 200 with the experiment closed. */
static int h_close(struct call *c)
{
	json_t *j = NULL;
	tm_experiment_close_input in = { 0 };
	tm_experiment_report r = { 0 };
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_experiment_close_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = in_path(c, tm_app_experiment_close(c->app, c->param[0], &in, &r, &c->err));
	if (rc && !strcmp(c->err.field, "arms"))
		c->err.field[0] = '\0';
	tm_call_pointer(c, rc);
	if (!rc)
		reply_view(c, 200, &r.v);
	tm_experiment_view_release(&r.v);
	json_decref(j);
	return rc;
}

const struct tm_route tm_routes_experiments[] = {
	{ "GET", "/api/v1/experiments", h_list, TM_READ },
	{ "POST", "/api/v1/experiments", h_add, TM_EDIT },
	{ "GET", "/api/v1/experiments/:", h_get, TM_READ },
	{ "PATCH", "/api/v1/experiments/:", h_set, TM_EDIT },
	{ "DELETE", "/api/v1/experiments/:", h_rm, TM_EDIT },
	{ "POST", "/api/v1/experiments/:/arms", h_arm_add, TM_EDIT },
	{ "DELETE", "/api/v1/experiments/:/arms/:", h_arm_rm, TM_EDIT },
	{ "POST", "/api/v1/experiments/:/arms/:/record", h_record, TM_EDIT },
	{ "GET", "/api/v1/experiments/:/analysis", h_analysis, TM_READ },
	{ "POST", "/api/v1/experiments/:/close", h_close, TM_EDIT },
	{ NULL, NULL, NULL, 0 },
};
