/*
 * test_app_metrics.c - a launch's success metrics through app/ on every
 * backend: a metric is added with its baseline, target and window, changed,
 * removed; observations are recorded one by one or many at once and
 * imported from CSV, all or nothing; each metric is judged on today from the
 * summary kept on its row (after every record, import, change and delay of
 * launch day); the brief's success metrics and the metrics are one truth;
 * check reads them. Every refusal names its field (or file:line:column) and
 * changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/metrics.h"
#include "app_fixture.h"

#include "util/banned.h"

#define LAUNCH "smart-inbox"

/* Dana Reyes (pm), Léa Dubois (marketing), and launch smart-inbox (tier 2, T Tuesday 1 December 2026: launched,
 * today is 4 January 2027). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Dana Reyes";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Léa Dubois", "role=marketing");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Smart inbox", "date=2026-12-01", "tier=2", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

/* Activation rate: 40% before launch, +20% of it (48%) within 90 days of T (2027-03-01), owned by Dana. */
static tm_metric_view add_activation(ws *w)
{
	tm_metric_input in;
	tm_metric_view v;
	IN(&tm_metric_desc, &in, "name=Activation rate", "kind=activation", "unit=%", "direction=up", "baseline=40",
	   "baseline_on=2026-11-15", "target=+20%", "window=90", "owner=dana", "source=Amplitude: activation funnel");
	OK(w, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	return v;
}

/* Churn: 5% before launch, down 2 points (3%) within 180 days. */
static tm_metric_view add_churn(ws *w)
{
	tm_metric_input in;
	tm_metric_view v;
	IN(&tm_metric_desc, &in, "name=Churn", "kind=churn", "unit=%", "direction=down", "baseline=5", "target=-2pt",
	   "window=180");
	OK(w, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	return v;
}

/* Records value on day on (NULL: today) of the metric; the metric judged after. */
static tm_metric_view record(ws *w, const char *metric, const char *value, const char *on)
{
	tm_observation_input in;
	tm_metric_view v;
	char fv[64], fo[64];
	snprintf(fv, sizeof(fv), "value=%s", value);
	snprintf(fo, sizeof(fo), "on=%s", on ? on : "");
	if (on)
		IN(&tm_observation_desc, &in, fv, fo);
	else
		IN(&tm_observation_desc, &in, fv);
	OK(w, tm_app_metric_record(&w->app, LAUNCH, metric, &in, 1, NULL, &v, &w->err));
	return v;
}

static tm_metric_view get(ws *w, const char *metric)
{
	tm_metric_view v;
	OK(w, tm_app_metric_get(&w->app, LAUNCH, metric, &v, &w->err));
	return v;
}

/* How many audit rows have this action; the newest one in *last (release it) when not NULL. */
static int audited(ws *w, const char *action, tm_audit *last)
{
	tm_audits as = TM_VEC_INIT;
	int n = 0;
	OK(w, tm_app_audit_list(&w->app, 0, 0, &as, &w->err));
	for (size_t i = 0; i < as.n; i++) {
		if (strcmp(as.v[i].action, action))
			continue;
		if (!n++ && last) {
			*last = as.v[i];
			memset(&as.v[i], 0, sizeof(as.v[i]));
		}
	}
	tm_audits_free(&as);
	return n;
}

static void assert_has(const char *text, const char *part)
{
	if (!text || !strstr(text, part))
		fail_msg("'%s' does not hold '%s'", text ? text : "(null)", part);
}

static void a_metric_is_added_with_its_target_and_judged(void **state)
{
	ws *w = *state;
	char target[32];
	seed(w);
	tm_metric_view v = add_activation(w);
	assert_true(v.m.id > 0);
	assert_string_equal(v.m.name, "Activation rate");
	assert_string_equal(v.m.launch_slug, LAUNCH);
	assert_string_equal(v.launch_name, "Smart inbox");
	assert_int_equal(v.tier, 2);
	assert_int_equal(v.m.kind, TM_MK_ACTIVATION);
	assert_int_equal(v.m.unit.unit, TM_UNIT_PERCENT);
	assert_false(v.m.down);
	assert_true(v.m.baseline == 40);
	assert_true(v.m.has_baseline_on);
	assert_int_equal(v.m.baseline_on, D("2026-11-15"));
	tm_target_format(&v.m.target, target, sizeof(target));
	assert_string_equal(target, "+20%");
	assert_int_equal(v.m.window, 90);
	assert_string_equal(v.m.owner, "Dana Reyes");
	assert_string_equal(v.m.source, "Amplitude: activation funnel");
	assert_true(v.m.version >= 1);
	assert_int_equal(v.T, D("2026-12-01"));
	/* No observation yet: no data; the target is 48 (40 + 20%) by T + 90. */
	assert_int_equal(v.j.state, TM_MS_NO_DATA);
	assert_true(v.j.target > 47.999 && v.j.target < 48.001);
	assert_int_equal(v.j.window_end, D("2027-03-01"));
	assert_int_equal(v.j.days_left, D("2027-03-01") - D(WS_TODAY));
	assert_int_equal(v.m.sum.n, 0);

	/* Found by its name in any case, by its id within its launch, and by its id alone (the API's /metrics/{id}). */
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)v.m.id);
	assert_int_equal(get(w, "ACTIVATION RATE").m.id, v.m.id);
	assert_int_equal(get(w, id).m.id, v.m.id);
	tm_metric_view byid;
	OK(w, tm_app_metric_get(&w->app, NULL, id, &byid, &w->err));
	assert_string_equal(byid.m.name, "Activation rate");
	assert_int_equal(byid.T, D("2026-12-01"));

	/* A second metric comes after it; the launch lists both, in that order. */
	add_churn(w);
	tm_metric_views vs = TM_VEC_INIT;
	OK(w, tm_app_metric_list(&w->app, LAUNCH, &vs, &w->err));
	assert_int_equal(vs.n, 2);
	assert_string_equal(vs.v[0].m.name, "Activation rate");
	assert_string_equal(vs.v[1].m.name, "Churn");
	assert_true(vs.v[1].m.down);
	assert_true(vs.v[1].j.target > 2.999 && vs.v[1].j.target < 3.001);
	TM_VEC_FREE(&vs);

	/* One audit row per metric added, with the metric as it was written. */
	tm_audit a;
	assert_int_equal(audited(w, "metric.add", &a), 2);
	assert_string_equal(a.target, "metric 2");
	assert_null(a.before);
	assert_has(a.after, "\"name\":\"Churn\"");
	assert_has(a.after, "\"target\":\"-2pt\"");
	tm_audit_release(&a);
}

static void a_bad_metric_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	tm_metric_input in;
	tm_metric_view v;
	seed(w);
	add_activation(w);

	/* A percentage target on a count metric: a count's target is a count. */
	IN(&tm_metric_desc, &in, "name=Support tickets", "kind=support-tickets", "unit=count", "direction=down",
	   "baseline=120", "target=-15%", "window=60");
	REFUSED(w, TM_EINVAL, "count", tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	/* "48%" on a metric in days, points on a count. */
	IN(&tm_metric_desc, &in, "name=Time to value", "kind=time-to-value", "unit=days", "direction=down", "baseline=9",
	   "target=4%", "window=60");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	IN(&tm_metric_desc, &in, "name=Support tickets", "kind=support-tickets", "unit=count", "direction=down",
	   "baseline=120", "target=-3pt", "window=60");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	/* A target on the wrong side of the baseline for its direction. */
	IN(&tm_metric_desc, &in, "name=Win rate", "kind=conversion", "unit=%", "direction=up", "baseline=30", "target=25",
	   "window=90");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	/* "currency" needs its code. */
	IN(&tm_metric_desc, &in, "name=ARR", "kind=revenue", "unit=currency", "direction=up", "baseline=100", "target=120",
	   "window=90");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "unit");
	/* A window of 0 days (built past the input's own check, the metric refuses it too). */
	IN(&tm_metric_desc, &in, "name=ARR", "kind=revenue", "unit=EUR", "direction=up", "baseline=100", "target=120",
	   "window=90");
	in.window = 0;
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "window");
	/* A baseline measured in the future. */
	IN(&tm_metric_desc, &in, "name=ARR", "kind=revenue", "unit=EUR", "direction=up", "baseline=100", "target=120",
	   "window=90", "baseline_on=2027-01-05");
	REFUSED(w, TM_EINVAL, "future", tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "baseline_on");
	/* Nobody of that name owns it. */
	IN(&tm_metric_desc, &in, "name=ARR", "kind=revenue", "unit=EUR", "direction=up", "baseline=100", "target=120",
	   "window=90", "owner=Nobody Here");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "owner");
	/* A field missing. */
	IN(&tm_metric_desc, &in, "name=ARR", "unit=EUR", "direction=up", "baseline=100", "target=120", "window=90");
	REFUSED(w, TM_EINVAL, "missing", tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "kind");
	/* A name the launch has, in any case. */
	IN(&tm_metric_desc, &in, "name=activation RATE", "kind=activation", "unit=%", "direction=up", "baseline=40",
	   "target=48", "window=90");
	REFUSED(w, TM_ECONFLICT, "already", tm_app_metric_add(&w->app, LAUNCH, &in, &v, &w->err));
	assert_string_equal(w->err.field, "name");
	/* A launch that does not exist. */
	IN(&tm_metric_desc, &in, "name=ARR", "kind=revenue", "unit=EUR", "direction=up", "baseline=100", "target=120",
	   "window=90");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_metric_add(&w->app, "no-such-launch", &in, &v, &w->err));
	/* A metric that does not exist: the message lists the launch's. */
	REFUSED(w, TM_EINVAL, "Activation rate", tm_app_metric_get(&w->app, LAUNCH, "Activaton", &v, &w->err));
	assert_string_equal(w->err.field, "metric");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_get(&w->app, NULL, "Activation rate", &v, &w->err));
	assert_int_equal(audited(w, "metric.add", NULL), 1);
}

static void values_and_targets_are_read_alike_from_text_and_json(void **state)
{
	ws *w = *state;
	tm_observation_input in;
	tm_metric_input mi;
	tm_error err = TM_ERROR_INIT;
	(void)w;
	/* Not numbers, or not finite, or too large: refused naming the field. */
	const char *bad[] = { "NaN", "nan", "inf", "-Infinity", "1e400", "", "12abc", "1e16", " ", NULL };
	for (int i = 0; bad[i]; i++) {
		memset(&in, 0, sizeof(in));
		tm_error_clear(&err);
		assert_int_equal(tm_input_set(&tm_observation_desc, "value", bad[i], &in, &err), TM_EINVAL);
		assert_string_equal(err.field, "value");
		assert_has(err.msg, "value");
		assert_false(TM_GIVEN(&in, TM_OI_VALUE));
		memset(&mi, 0, sizeof(mi));
		assert_int_equal(tm_input_set(&tm_metric_desc, "baseline", bad[i], &mi, &err), TM_EINVAL);
		assert_string_equal(err.field, "baseline");
		assert_has(err.msg, "baseline");
	}
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_set(&tm_observation_desc, "value", "-41.5", &in, &err), 0);
	assert_true(in.value == -41.5 && TM_GIVEN(&in, TM_OI_VALUE));
	assert_int_equal(tm_input_set(&tm_observation_desc, "value", "1.2e3", &in, &err), 0);
	assert_true(in.value == 1200);

	/* JSON: a number, or a string of one; anything else is refused. */
	json_t *j = json_pack("{s:f, s:s}", "value", 12.5, "on", "2027-01-02");
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_from_json(&tm_observation_desc, TM_IN_CREATE, j, &in, &err), 0);
	assert_true(in.value == 12.5);
	assert_int_equal(in.on, D("2027-01-02"));
	json_decref(j);
	j = json_pack("{s:i}", "value", 7);
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_from_json(&tm_observation_desc, TM_IN_CREATE, j, &in, &err), 0);
	assert_true(in.value == 7);
	json_decref(j);
	j = json_pack("{s:s}", "value", "7.25");
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_from_json(&tm_observation_desc, TM_IN_CREATE, j, &in, &err), 0);
	assert_true(in.value == 7.25);
	json_decref(j);
	const char *bad_json[] = { "{\"value\": \"NaN\"}", "{\"value\": true}", "{\"value\": null}", "{\"value\": [1]}",
				   "{\"value\": 1e16}", "{\"on\": \"2027-01-02\"}", NULL };
	for (int i = 0; bad_json[i]; i++) {
		j = json_loads(bad_json[i], 0, NULL);
		assert_non_null(j);
		memset(&in, 0, sizeof(in));
		tm_error_clear(&err);
		assert_int_equal(tm_input_from_json(&tm_observation_desc, TM_IN_CREATE, j, &in, &err), TM_EINVAL);
		assert_string_equal(err.field, "value");
		json_decref(j);
	}
	/* A target: a JSON number is a value, a string is read as the command line reads it. */
	j = json_pack("{s:f}", "target", 48.5);
	memset(&mi, 0, sizeof(mi));
	assert_int_equal(tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &mi, &err), 0);
	assert_int_equal(mi.target.kind, TM_TARGET_VALUE);
	assert_true(mi.target.v == 48.5);
	json_decref(j);
	j = json_pack("{s:s}", "target", "-3pt");
	memset(&mi, 0, sizeof(mi));
	assert_int_equal(tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &mi, &err), 0);
	assert_int_equal(mi.target.kind, TM_TARGET_POINTS);
	assert_true(mi.target.v == -3);
	json_decref(j);
	j = json_pack("{s:s}", "target", "lots");
	memset(&mi, 0, sizeof(mi));
	assert_int_equal(tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &mi, &err), TM_EINVAL);
	assert_string_equal(err.field, "target");
	json_decref(j);
	j = json_pack("{s:b}", "target", 1);
	assert_int_equal(tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &mi, &err), TM_EINVAL);
	assert_string_equal(err.field, "target");
	json_decref(j);
	/* The metric's read-only members are refused as such. */
	j = json_pack("{s:s}", "status", "met");
	assert_int_equal(tm_input_from_json(&tm_metric_desc, TM_IN_CHANGE, j, &mi, &err), TM_EINVAL);
	assert_has(err.msg, "read-only");
	json_decref(j);

	/* The schemas: what a new metric needs, the kinds and directions, a number or a string for values. */
	json_t *s = tm_input_schema(&tm_metric_desc, TM_IN_CREATE);
	char *text = json_dumps(s, JSON_COMPACT);
	assert_has(text, "\"required\":[\"name\",\"kind\",\"unit\",\"direction\",\"baseline\",\"target\",\"window\"]");
	assert_has(text, "\"support-tickets\"");
	assert_has(text, "\"enum\":[\"up\",\"down\"]");
	assert_has(text, "\"baseline\":{\"oneOf\":[{\"type\":\"number\"");
	free(text);
	json_decref(s);
	s = tm_input_schema(&tm_observation_desc, TM_IN_CREATE);
	text = json_dumps(s, JSON_COMPACT);
	assert_has(text, "\"required\":[\"value\"]");
	free(text);
	json_decref(s);
	bool listed[2] = { false, false };
	for (int i = 0; tm_inputs[i]; i++) {
		listed[0] |= tm_inputs[i] == &tm_metric_desc;
		listed[1] |= tm_inputs[i] == &tm_observation_desc;
	}
	assert_true(listed[0] && listed[1]);
}

static void observations_judge_the_metric_against_its_path(void **state)
{
	ws *w = *state;
	seed(w);
	add_activation(w);
	/* Day 30 of 90: the path expects 40 + 8 × 30/90 = 42.67. */
	tm_metric_view v = record(w, "activation rate", "43", "2026-12-31");
	assert_int_equal(v.j.state, TM_MS_ON_TRACK);
	assert_true(v.j.has_observed && v.j.observed == 43);
	assert_int_equal(v.j.observed_on, D("2026-12-31"));
	assert_true(v.j.expected > 42.66 && v.j.expected < 42.67);
	assert_int_equal(v.m.sum.n, 1);
	/* Several on one day: the last recorded is the latest. */
	v = record(w, "Activation rate", "42", "2026-12-31");
	assert_int_equal(v.j.state, TM_MS_BEHIND);
	assert_true(v.j.observed == 42);
	assert_int_equal(v.m.sum.n, 2);
	/* An older one does not become the latest. */
	v = record(w, "Activation rate", "47", "2026-12-20");
	assert_int_equal(v.j.state, TM_MS_BEHIND);
	assert_true(v.j.observed == 42);
	/* Today by default; reaching 48 within the window: met, and it stays met. */
	v = record(w, "Activation rate", "48.2", NULL);
	assert_int_equal(v.j.state, TM_MS_MET);
	assert_true(v.m.sum.met);
	assert_int_equal(v.m.sum.met_on, D(WS_TODAY));
	v = record(w, "Activation rate", "41", NULL);
	assert_int_equal(v.j.state, TM_MS_MET);
	/* The summary is kept on the row: a plain read judges the same. */
	v = get(w, "Activation rate");
	assert_int_equal(v.j.state, TM_MS_MET);
	assert_int_equal(v.m.sum.n, 5);
	assert_true(v.j.observed == 41);

	/* The observations, oldest first, with who recorded them. */
	tm_observations os = TM_VEC_INIT;
	OK(w, tm_app_metric_observations(&w->app, LAUNCH, "Activation rate", &os, &w->err));
	assert_int_equal(os.n, 5);
	assert_int_equal(os.v[0].on, D("2026-12-20"));
	assert_true(os.v[1].value == 43 && os.v[2].value == 42);
	assert_int_equal(os.v[4].on, D(WS_TODAY));
	assert_string_equal(os.v[0].by, "Dana Reyes");
	TM_VEC_FREE(&os);

	/* One audit row per request, with what was recorded. */
	tm_audit a;
	assert_int_equal(audited(w, "metric.record", &a), 5);
	assert_string_equal(a.target, "metric 1");
	assert_has(a.after, "\"value\":41");
	tm_audit_release(&a);

	/* An observation before T may be the latest (the path expects the baseline there), but never meets. */
	tm_metric_view churn = add_churn(w);
	v = record(w, "Churn", "2.5", "2026-11-20");
	assert_int_equal(v.m.id, churn.m.id);
	assert_false(v.m.sum.met);
	assert_int_equal(v.j.state, TM_MS_ON_TRACK);
	assert_true(v.j.expected == 5);
	/* Down is good: 4.9 on day 35 of 180 is worse than the path (5 − 2 × 35/180 = 4.61). */
	v = record(w, "Churn", "4.9", "2027-01-04");
	assert_int_equal(v.j.state, TM_MS_BEHIND);
	v = record(w, "Churn", "2.9", "2027-01-04");
	assert_int_equal(v.j.state, TM_MS_MET);
}

static void a_bad_observation_is_refused_and_of_several_none_is_kept(void **state)
{
	ws *w = *state;
	tm_observation_input in[3];
	tm_observations out = TM_VEC_INIT;
	tm_metric_view v;
	seed(w);
	add_activation(w);
	record(w, "Activation rate", "43", "2026-12-31");

	/* In the future. */
	IN(&tm_observation_desc, &in[0], "value=44", "on=2027-01-05");
	REFUSED(w, TM_EINVAL, "future", tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 1, &out, &v, &w->err));
	assert_string_equal(w->err.field, "on");
	/* No value. */
	IN(&tm_observation_desc, &in[0], "note=forgot the number");
	REFUSED(w, TM_EINVAL, "missing", tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 1, &out, &v, &w->err));
	assert_string_equal(w->err.field, "value");
	/* An unknown metric, an unknown launch. */
	IN(&tm_observation_desc, &in[0], "value=44");
	REFUSED(w, TM_EINVAL, "its metrics: Activation rate",
		tm_app_metric_record(&w->app, LAUNCH, "Retention", in, 1, &out, &v, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_metric_record(&w->app, "nope", "Activation rate", in, 1, &out, &v, &w->err));
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 0, &out, &v, &w->err));
	/* Of several, one bad: named by its place, and none is recorded. */
	IN(&tm_observation_desc, &in[0], "value=44", "on=2027-01-01");
	IN(&tm_observation_desc, &in[1], "value=45", "on=2027-01-02");
	IN(&tm_observation_desc, &in[2], "value=46", "on=2027-02-01");
	REFUSED(w, TM_EINVAL, "observations[2]: ",
		tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 3, &out, &v, &w->err));
	assert_string_equal(w->err.field, "observations/2/on");
	assert_int_equal(out.n, 0);
	in[1].given = 0;
	REFUSED(w, TM_EINVAL, "observations[1]: missing",
		tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 3, &out, &v, &w->err));
	assert_string_equal(w->err.field, "observations/1/value");

	/* All good: all recorded in one request, one audit row. */
	IN(&tm_observation_desc, &in[1], "value=45", "on=2027-01-02", "note=after the onboarding email");
	IN(&tm_observation_desc, &in[2], "value=44.5", "on=2027-01-03");
	OK(w, tm_app_metric_record(&w->app, LAUNCH, "Activation rate", in, 3, &out, &v, &w->err));
	assert_int_equal(out.n, 3);
	assert_true(out.v[0].id > 0 && out.v[1].id > out.v[0].id && out.v[2].id > out.v[1].id);
	assert_string_equal(out.v[1].note, "after the onboarding email");
	assert_int_equal(v.m.sum.n, 4);
	assert_int_equal(v.j.observed_on, D("2027-01-03"));
	assert_true(v.j.observed == 44.5);
	assert_int_equal(audited(w, "metric.record", NULL), 2);
	TM_VEC_FREE(&out);
}

static void a_change_of_target_judges_again_and_a_stale_version_is_refused(void **state)
{
	ws *w = *state;
	tm_metric_input in;
	tm_metric_view v;
	seed(w);
	tm_metric_view added = add_activation(w);
	record(w, "Activation rate", "47", "2026-12-31");
	v = get(w, "Activation rate");
	assert_int_equal(v.j.state, TM_MS_ON_TRACK);

	/* A lower target: 47 on 2026-12-31 reaches it, met at once. */
	IN(&tm_metric_desc, &in, "target=46");
	in.if_version = added.m.version;
	OK(w, tm_app_metric_set(&w->app, LAUNCH, "Activation rate", &in, &v, &w->err));
	assert_int_equal(v.j.state, TM_MS_MET);
	assert_int_equal(v.m.sum.met_on, D("2026-12-31"));
	assert_true(v.m.version > added.m.version);
	assert_string_equal(v.m.owner, "Dana Reyes"); /* what was not given stays */
	/* A longer window with a higher target: no longer met, judged on the new path. */
	IN(&tm_metric_desc, &in, "target=60", "window=300", "owner=none", "source=");
	OK(w, tm_app_metric_set(&w->app, LAUNCH, "Activation rate", &in, &v, &w->err));
	assert_false(v.m.sum.met);
	assert_int_equal(v.j.state, TM_MS_ON_TRACK); /* 40 + 20 × 30/300 = 42 */
	assert_int_equal(v.m.owner_id, 0);
	assert_string_equal(v.m.source, "");
	/* Renamed. */
	IN(&tm_metric_desc, &in, "name=Activation (7-day)");
	OK(w, tm_app_metric_set(&w->app, LAUNCH, "activation rate", &in, &v, &w->err));
	assert_string_equal(v.m.name, "Activation (7-day)");
	tm_audit a;
	assert_int_equal(audited(w, "metric.update", &a), 3);
	assert_has(a.before, "\"name\":\"Activation rate\"");
	assert_has(a.after, "\"name\":\"Activation (7-day)\"");
	tm_audit_release(&a);

	/* Refused: an old version, a name taken, a target no longer better than the baseline, a target in
	 * points once the unit is a count. */
	IN(&tm_metric_desc, &in, "target=50");
	in.if_version = added.m.version;
	REFUSED(w, TM_ESTALE, "changed", tm_app_metric_set(&w->app, LAUNCH, "Activation (7-day)", &in, &v, &w->err));
	add_churn(w);
	IN(&tm_metric_desc, &in, "name=CHURN");
	REFUSED(w, TM_ECONFLICT, NULL, tm_app_metric_set(&w->app, LAUNCH, "Activation (7-day)", &in, &v, &w->err));
	assert_string_equal(w->err.field, "name");
	IN(&tm_metric_desc, &in, "baseline=70");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_set(&w->app, LAUNCH, "Activation (7-day)", &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	IN(&tm_metric_desc, &in, "unit=count");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_set(&w->app, LAUNCH, "Churn", &in, &v, &w->err));
	assert_string_equal(w->err.field, "target");
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_set(&w->app, LAUNCH, "Retention", &in, &v, &w->err));
}

static void a_metric_is_removed_with_its_observations(void **state)
{
	ws *w = *state;
	tm_metric_view v, gone;
	seed(w);
	tm_metric_view added = add_activation(w);
	record(w, "Activation rate", "43", "2026-12-31");
	v = get(w, "Activation rate");
	REFUSED(w, TM_ESTALE, NULL, tm_app_metric_rm(&w->app, LAUNCH, "Activation rate", v.m.version + 1, &gone, &w->err));
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_rm(&w->app, LAUNCH, "Churn", 0, &gone, &w->err));
	OK(w, tm_app_metric_rm(&w->app, LAUNCH, "Activation rate", v.m.version, &gone, &w->err));
	assert_int_equal(gone.m.id, added.m.id);
	assert_string_equal(gone.m.name, "Activation rate");
	tm_metric_views vs = TM_VEC_INIT;
	OK(w, tm_app_metric_list(&w->app, LAUNCH, &vs, &w->err));
	assert_int_equal(vs.n, 0);
	TM_VEC_FREE(&vs);
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)added.m.id);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_metric_get(&w->app, NULL, id, &v, &w->err));
	tm_audit a;
	assert_int_equal(audited(w, "metric.rm", &a), 1);
	assert_has(a.before, "\"name\":\"Activation rate\"");
	assert_null(a.after);
	tm_audit_release(&a);
	/* A metric of the same name starts again from nothing. */
	v = add_activation(w);
	assert_int_equal(v.m.sum.n, 0);
	tm_observations os = TM_VEC_INIT;
	OK(w, tm_app_metric_observations(&w->app, LAUNCH, "Activation rate", &os, &w->err));
	assert_int_equal(os.n, 0);
	TM_VEC_FREE(&os);
}

/* Imports text as data.csv; the error (if any) in w->err. */
static int import(ws *w, const char *text, int *n)
{
	return tm_app_metric_import_text(&w->app, LAUNCH, text, strlen(text), "data.csv", n, &w->err);
}

static void a_csv_import_records_every_row_or_none(void **state)
{
	ws *w = *state;
	int n = -1;
	seed(w);
	add_activation(w);
	add_churn(w);
	/* A byte-order mark, CRLF line ends, the header in another order and case, a quoted note with a comma. */
	const char good[] = "\xEF\xBB\xBFValue,DATE,Metric,note\r\n"
			    "43,2026-12-31,Activation rate,\r\n"
			    "4.5,2026-12-31,churn,\"after the price change, finally\"\r\n"
			    " 44 ,2027-01-03,activation rate,weekly export\r\n";
	OK(w, import(w, good, &n));
	assert_int_equal(n, 3);
	tm_metric_view a = get(w, "Activation rate"), c = get(w, "Churn");
	assert_int_equal(a.m.sum.n, 2);
	assert_true(a.j.observed == 44);
	assert_int_equal(a.j.observed_on, D("2027-01-03"));
	assert_int_equal(c.m.sum.n, 1);
	assert_true(c.j.observed == 4.5);
	tm_observations os = TM_VEC_INIT;
	OK(w, tm_app_metric_observations(&w->app, LAUNCH, "Churn", &os, &w->err));
	assert_int_equal(os.n, 1);
	assert_string_equal(os.v[0].note, "after the price change, finally");
	TM_VEC_FREE(&os);
	tm_audit au;
	assert_int_equal(audited(w, "metric.record", &au), 1);
	assert_has(au.after, "\"metric\":\"Churn\"");
	tm_audit_release(&au);
	/* Without a note column, LF line ends. */
	OK(w, import(w, "date,metric,value\n2027-01-04,Churn,4.4\n", &n));
	assert_int_equal(n, 1);

	struct {
		const char *text;
		const char *says;
		int line, column;
	} bad[] = {
		{ "date,metric\n2027-01-04,Churn\n", "data.csv:1:1: the header row has no 'value' column", 1, 1 },
		{ "date,metric,value,Date\n", "data.csv:1:4: the column 'date' appears twice", 1, 4 },
		{ "date,metric,value,comment\n2027-01-04,Churn,4\n", "data.csv:1:4: unknown column 'comment'", 1, 4 },
		{ "", "data.csv:1:1: the file is empty", 1, 1 },
		{ "\xEF\xBB\xBF\r\n", "data.csv:1:1: the file is empty", 1, 1 },
		{ "date,metric,value\n", "no observation", 2, 1 },
		{ "date,metric,value\n2027-01-04,Churn,4\n2027-01-04,Retention,40\n",
		  "data.csv:3:2: unknown metric 'Retention' of launch 'smart-inbox' (its metrics: Activation rate, Churn)", 3, 2 },
		{ "date,metric,value\n2027-01-04,Churn,NaN\n", "data.csv:2:3: value 'NaN' is not a number", 2, 3 },
		{ "metric,value,date\nChurn,1e400,2027-01-04\n", "data.csv:2:2: value '1e400' is out of range", 2, 2 },
		{ "date,metric,value\n2027-01-04,Churn,\n", "data.csv:2:3: missing value", 2, 3 },
		{ "date,metric,value\n2027-01-05,Churn,4\n", "data.csv:2:1: ", 2, 1 },
		{ "date,metric,value\n04/01/2027,Churn,4\n", "data.csv:2:1: ", 2, 1 },
		{ "date,metric,value\n2027-01-04,Churn\n", "data.csv:2:3: the row has no value", 2, 3 },
		{ "date,metric,value\n2027-01-04,Churn,4,extra\n", "data.csv:2:4: ", 2, 4 },
		{ "date,metric,value\n2027-01-04,Churn,4\n\"2027-01-04,Churn,4\n", "data.csv:3", 3, -1 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		REFUSED(w, TM_EINVAL, bad[i].says, import(w, bad[i].text, &n));
		assert_int_equal(n, 0);
		assert_string_equal(w->err.file, "data.csv");
		assert_int_equal(w->err.line, bad[i].line);
		if (bad[i].column >= 0)
			assert_int_equal(w->err.column, bad[i].column);
	}
	/* A file that is not there is a bad argument. */
	REFUSED(w, TM_EINVAL, NULL, tm_app_metric_import(&w->app, LAUNCH, "/nonexistent/data.csv", &n, &w->err));
	/* From a file: its path names it in errors. */
	char path[300];
	snprintf(path, sizeof(path), "%s/obs.csv", w->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("date,metric,value\n2027-01-04,Activation rate,45\n2027-01-04,Activation rate,abc\n", f);
	fclose(f);
	REFUSED(w, TM_EINVAL, "obs.csv:3:3: value 'abc' is not a number",
		tm_app_metric_import(&w->app, LAUNCH, path, &n, &w->err));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("date,metric,value\n2027-01-04,Activation rate,45\n", f);
	fclose(f);
	OK(w, tm_app_metric_import(&w->app, LAUNCH, path, &n, &w->err));
	assert_int_equal(n, 1);
	assert_true(get(w, "Activation rate").j.observed == 45);
}

static void status_reads_every_launch_not_cancelled(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	tm_metric_input in;
	tm_metric_view v;
	seed(w);
	add_activation(w);
	add_churn(w);
	record(w, "Activation rate", "42", "2026-12-31");
	IN(&tm_launch_desc, &li, "name=Team billing", "date=2026-09-01", "tier=1");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_metric_desc, &in, "name=Expansion revenue", "kind=expansion", "unit=EUR", "direction=up", "baseline=1000",
	   "target=1500", "window=60");
	OK(w, tm_app_metric_add(&w->app, "team-billing", &in, &v, &w->err));
	IN(&tm_launch_desc, &li, "name=Old idea", "date=2026-10-01", "tier=3");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_metric_desc, &in, "name=Adoption", "kind=adoption", "unit=%", "direction=up", "baseline=0", "target=10",
	   "window=30");
	OK(w, tm_app_metric_add(&w->app, "old-idea", &in, &v, &w->err));
	IN(&tm_launch_desc, &li, "status=cancelled");
	OK(w, tm_app_launch_set(&w->app, "old-idea", &li, &d, &w->err));
	tm_launch_detail_release(&d);

	tm_metric_views all = TM_VEC_INIT;
	OK(w, tm_app_metric_status(&w->app, NULL, &all, &w->err));
	assert_int_equal(all.n, 3);
	int seen = 0;
	for (size_t i = 0; i < all.n; i++) {
		const tm_metric_view *x = &all.v[i];
		assert_string_not_equal(x->m.name, "Adoption");
		if (!strcmp(x->m.name, "Activation rate")) {
			seen++;
			assert_int_equal(x->j.state, TM_MS_BEHIND);
			assert_string_equal(x->launch_name, "Smart inbox");
			assert_int_equal(x->T, D("2026-12-01"));
		} else if (!strcmp(x->m.name, "Churn")) {
			seen++;
			assert_int_equal(x->j.state, TM_MS_NO_DATA);
		} else if (!strcmp(x->m.name, "Expansion revenue")) {
			seen++;
			/* T + 60 is 2026-10-31: the window is over, never met. */
			assert_int_equal(x->j.state, TM_MS_MISSED);
			assert_string_equal(x->m.launch_slug, "team-billing");
			assert_int_equal(x->tier, 1);
		}
	}
	assert_int_equal(seen, 3);
	/* Appended to a list that has some already. */
	OK(w, tm_app_metric_status(&w->app, NULL, &all, &w->err));
	assert_int_equal(all.n, 6);
	assert_string_equal(all.v[3].m.name, all.v[0].m.name);
	assert_int_equal(all.v[5].j.state, all.v[2].j.state);
	TM_VEC_FREE(&all);
	/* One launch's: the same as its list, cancelled or not. */
	OK(w, tm_app_metric_status(&w->app, "old-idea", &all, &w->err));
	assert_int_equal(all.n, 1);
	assert_int_equal(all.v[0].launch_status, TM_LAUNCH_CANCELLED);
	TM_VEC_FREE(&all);
}

static void moving_launch_day_judges_the_metrics_again(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	tm_metric_input in;
	tm_metric_view v;
	tm_delay_input dl;
	tm_delay_result r;
	seed(w);
	IN(&tm_launch_desc, &li, "name=Bulk edit", "date=2026-12-01", "tier=3");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_metric_desc, &in, "name=Adoption", "kind=adoption", "unit=%", "direction=up", "baseline=10", "target=20",
	   "window=60");
	OK(w, tm_app_metric_add(&w->app, "bulk-edit", &in, &v, &w->err));
	tm_observation_input oi;
	IN(&tm_observation_desc, &oi, "value=21", "on=2026-12-10");
	OK(w, tm_app_metric_record(&w->app, "bulk-edit", "Adoption", &oi, 1, NULL, &v, &w->err));
	assert_int_equal(v.j.state, TM_MS_MET);

	/* Launch day moves after the observation: it is before T now, and meets nothing. */
	IN(&tm_delay_desc, &dl, "to=2026-12-15", "reason=the migration needed another week");
	OK(w, tm_app_launch_delay(&w->app, "bulk-edit", &dl, &r, &w->err));
	tm_delay_result_release(&r);
	OK(w, tm_app_metric_get(&w->app, "bulk-edit", "Adoption", &v, &w->err));
	assert_false(v.m.sum.met);
	assert_int_equal(v.T, D("2026-12-15"));
	assert_int_equal(v.j.state, TM_MS_ON_TRACK);
	assert_int_equal(v.j.window_end, D("2027-02-13"));
	/* Back again: met again. */
	IN(&tm_delay_desc, &dl, "to=2026-12-01", "reason=it shipped on the first date after all");
	OK(w, tm_app_launch_delay(&w->app, "bulk-edit", &dl, &r, &w->err));
	tm_delay_result_release(&r);
	OK(w, tm_app_metric_get(&w->app, "bulk-edit", "Adoption", &v, &w->err));
	assert_true(v.m.sum.met);
	assert_int_equal(v.j.state, TM_MS_MET);
}

static const char BRIEF[] = "## Launch Brief: Smart inbox\n"
			    "\n"
			    "### What We're Launching\n"
			    "An inbox that sorts itself.\n"
			    "\n"
			    "### Success Metrics\n"
			    "| Metric | Target | Timeframe |\n"
			    "|--------|--------|-----------|\n"
			    "| activation rate | +25% | 60 days after launch |\n"
			    "| NPS | 45 | 90 days |\n"
			    "| churn | -3pt | 12 weeks |\n";

static void the_brief_and_the_metrics_are_one_truth(void **state)
{
	ws *w = *state;
	tm_launch_brief b;
	char target[32];
	seed(w);
	add_activation(w);
	add_churn(w);

	/* Read: the metrics' rows first, as the metrics say. */
	OK(w, tm_app_brief(&w->app, LAUNCH, &b, &w->err));
	assert_int_equal(b.brief.n_metrics, 2);
	assert_string_equal(b.brief.metrics[0].metric, "Activation rate");
	assert_string_equal(b.brief.metrics[0].target, "+20%");
	assert_string_equal(b.brief.metrics[0].timeframe, "90 days after launch");
	assert_string_equal(b.brief.metrics[1].metric, "Churn");
	assert_string_equal(b.brief.metrics[1].timeframe, "180 days after launch");

	/* Written: a row naming a metric changes it; the other rows are the brief's own. */
	OK(w, tm_app_brief_import_text(&w->app, LAUNCH, BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));
	tm_metric_view a = get(w, "Activation rate"), c = get(w, "Churn");
	tm_target_format(&a.m.target, target, sizeof(target));
	assert_string_equal(target, "+25%");
	assert_int_equal(a.m.window, 60);
	tm_target_format(&c.m.target, target, sizeof(target));
	assert_string_equal(target, "-3pt");
	assert_int_equal(c.m.window, 84);
	assert_int_equal(audited(w, "metric.update", NULL), 2);
	assert_int_equal(b.brief.n_metrics, 3);
	assert_string_equal(b.brief.metrics[0].metric, "Activation rate");
	assert_string_equal(b.brief.metrics[0].target, "+25%");
	assert_string_equal(b.brief.metrics[0].timeframe, "60 days after launch");
	assert_string_equal(b.brief.metrics[2].metric, "NPS");
	OK(w, tm_app_brief(&w->app, LAUNCH, &b, &w->err));
	assert_int_equal(b.brief.n_metrics, 3);
	assert_string_equal(b.brief.metrics[1].metric, "Churn");
	assert_string_equal(b.brief.metrics[1].target, "-3pt");
	assert_string_equal(b.brief.metrics[1].timeframe, "84 days after launch");
	assert_string_equal(b.brief.metrics[2].metric, "NPS");
	assert_string_equal(b.brief.metrics[2].target, "45");
	assert_string_equal(b.brief.metrics[2].timeframe, "90 days");

	/* Its Markdown round-trips: written out and read back, nothing changes. */
	tm_buf md = TM_BUF_INIT;
	tm_app_brief_markdown(&b, &md);
	assert_has(md.s, "| Activation rate | +25% | 60 days after launch |");
	OK(w, tm_app_brief_import_text(&w->app, LAUNCH, md.s, md.len, "again.md", &b, &w->err));
	assert_int_equal(audited(w, "metric.update", NULL), 2);
	tm_buf md2 = TM_BUF_INIT;
	tm_app_brief_markdown(&b, &md2);
	assert_string_equal(md.s, md2.s);
	tm_buf_release(&md);
	tm_buf_release(&md2);

	/* The metric's rows are not kept in the brief: once the metric goes, so does its row. */
	tm_metric_view gone;
	OK(w, tm_app_metric_rm(&w->app, LAUNCH, "Churn", 0, &gone, &w->err));
	OK(w, tm_app_brief(&w->app, LAUNCH, &b, &w->err));
	assert_int_equal(b.brief.n_metrics, 2);
	assert_string_equal(b.brief.metrics[1].metric, "NPS");

	/* Refused, naming the row, changing nothing: a timeframe or target that cannot be read, a target the
	 * metric refuses. */
	const char *bad[][2] = {
		{ "| activation rate | +25% | next quarter |", "'activation rate' has the timeframe 'next quarter'" },
		{ "| activation rate | lots | 60 days |", "'activation rate' has the target 'lots'" },
		{ "| activation rate | 30 | 60 days |", "brief.md: the success metric 'Activation rate': " },
		{ "| activation rate | +25% | 0 days |", "the success metric 'Activation rate': " },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_buf text = TM_BUF_INIT;
		const char *row = "| activation rate | +25% | 60 days after launch |";
		const char *at = strstr(BRIEF, row);
		tm_buf_add(&text, BRIEF, (size_t)(at - BRIEF));
		tm_buf_adds(&text, bad[i][0]);
		tm_buf_adds(&text, at + strlen(row));
		REFUSED(w, TM_EINVAL, bad[i][1],
			tm_app_brief_import_text(&w->app, LAUNCH, text.s, text.len, "brief.md", &b, &w->err));
		tm_buf_release(&text);
	}
}

static void check_reads_the_metrics(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	tm_metric_input in;
	tm_metric_view v;
	tm_checks cs = TM_VEC_INIT;
	seed(w);
	add_activation(w);
	record(w, "Activation rate", "41", "2026-12-31");
	IN(&tm_launch_desc, &li, "name=Team billing", "date=2026-09-01", "tier=2");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_metric_desc, &in, "name=Expansion revenue", "kind=expansion", "unit=EUR", "direction=up", "baseline=1000",
	   "target=1500", "window=60");
	OK(w, tm_app_metric_add(&w->app, "team-billing", &in, &v, &w->err));

	/* One launch, then the whole portfolio (every launch's metrics read at once): the same findings. */
	for (int all = 0; all < 2; all++) {
		const char *rules[] = { "metric-behind", "metric-missed", "no-feedback-loop" };
		OK(w, tm_app_check(&w->app, all ? NULL : LAUNCH, rules, 3, &cs, &w->err));
		int behind = 0, missed = 0, no_loop_metric = 0;
		for (size_t i = 0; i < cs.n; i++)
			for (size_t k = 0; k < cs.v[i].findings.n; k++) {
				const tm_finding *f = &cs.v[i].findings.v[k];
				if (f->rule == TM_RULE_METRIC_BEHIND) {
					behind++;
					assert_string_equal(cs.v[i].launch.slug, LAUNCH);
					assert_has(f->message, "Activation rate");
				}
				if (f->rule == TM_RULE_METRIC_MISSED) {
					missed++;
					assert_string_equal(cs.v[i].launch.slug, "team-billing");
				}
				/* The brief's success metrics are the metrics: smart-inbox has one with a target. */
				if (f->rule == TM_RULE_NO_FEEDBACK_LOOP && !strcmp(cs.v[i].launch.slug, LAUNCH) &&
				    strstr(f->message, "success metric"))
					no_loop_metric++;
			}
		assert_int_equal(behind, 1);
		assert_int_equal(missed, all ? 1 : 0);
		assert_int_equal(no_loop_metric, 0);
		tm_checks_free(&cs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_metric_is_added_with_its_target_and_judged),
		WS_TEST(a_bad_metric_is_refused_naming_its_field),
		WS_TEST(values_and_targets_are_read_alike_from_text_and_json),
		WS_TEST(observations_judge_the_metric_against_its_path),
		WS_TEST(a_bad_observation_is_refused_and_of_several_none_is_kept),
		WS_TEST(a_change_of_target_judges_again_and_a_stale_version_is_refused),
		WS_TEST(a_metric_is_removed_with_its_observations),
		WS_TEST(a_csv_import_records_every_row_or_none),
		WS_TEST(status_reads_every_launch_not_cancelled),
		WS_TEST(moving_launch_day_judges_the_metrics_again),
		WS_TEST(the_brief_and_the_metrics_are_one_truth),
		WS_TEST(check_reads_the_metrics),
	};
	WS_MAIN("app metrics", tests);
}
