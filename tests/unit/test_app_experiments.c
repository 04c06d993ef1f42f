/*
 * test_app_experiments.c - seed 003's experiments through app/ on every backend: an experiment is
 * added for an idea (which starts experimenting), given a control and variants, its arms' running
 * totals recorded; the analysis is core/experiment.c's over what was stored; closing records the
 * verdict and result, a decision in the ledger with the arms as options, linked to the experiment
 * and the idea, and moves the idea on. Every refusal names its field and changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/backlog.h"
#include "app/experiments.h"
#include "app_fixture.h"

#include "util/banned.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* Dana Reyes (pmm) and idea #1 "Raise the Pro price" (new). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_idea_input ii;
	tm_idea idea;
	w->app.user = "Dana Reyes";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pmm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_idea_desc, &ii, "title=Raise the Pro price", "kind=idea", "track=market");
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));
}

/* pro-price: pricing at 49, 2000 planned per arm, for idea #1; control, plus-12 (54.88), plus-15 (56.35). */
static void add_pricing(ws *w, tm_experiment_view *v)
{
	tm_experiment_input in;
	tm_arm_input ai;
	IN(&tm_experiment_desc, &in, "name=pro-price", "kind=pricing", "hypothesis=A 12-15% higher price keeps conversion",
	   "current_price=49", "planned_sample=2000", "owner=dana", "idea=1", "cost=12000");
	OK(w, tm_app_experiment_add(&w->app, &in, v, &w->err));
	IN(&tm_arm_desc, &ai, "name=control", "control=true");
	OK(w, tm_app_experiment_arm_add(&w->app, "pro-price", &ai, v, &w->err));
	IN(&tm_arm_desc, &ai, "name=plus-12", "price=54.88");
	OK(w, tm_app_experiment_arm_add(&w->app, "pro-price", &ai, v, &w->err));
	IN(&tm_arm_desc, &ai, "name=plus-15", "price=56.35");
	OK(w, tm_app_experiment_arm_add(&w->app, "PRO-PRICE", &ai, v, &w->err));
}

static void record(ws *w, const char *arm, const char *visitors, const char *conversions)
{
	tm_arm_record_input in;
	tm_experiment_view v = { 0 };
	char vis[40], conv[40];
	snprintf(vis, sizeof(vis), "visitors=%s", visitors);
	snprintf(conv, sizeof(conv), "conversions=%s", conversions);
	IN(&tm_arm_record_desc, &in, vis, conv);
	OK(w, tm_app_experiment_record(&w->app, "pro-price", arm, &in, &v, &w->err));
	tm_experiment_view_release(&v);
}

static void an_experiment_is_added_with_its_arms_and_its_idea_experiments(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_idea idea;
	seed(w);
	add_pricing(w, &v);
	assert_string_equal(v.e.name, "pro-price");
	assert_int_equal(v.e.kind, TM_EXP_PRICING);
	assert_int_equal(v.e.status, TM_EXP_RUNNING);
	assert_string_equal(v.e.owner, "Dana Reyes");
	assert_int_equal(v.e.idea_id, 1);
	assert_string_equal(v.e.idea, "Raise the Pro price");
	assert_true(v.e.has_current_price && v.e.current_price == 49);
	assert_true(v.e.has_cost && v.e.cost == 12000);
	assert_int_equal(v.e.planned_sample, 2000);
	assert_int_equal(v.e.version, 1);
	assert_int_equal(v.arms.n, 3);
	assert_true(v.arms.v[0].control);
	assert_string_equal(v.arms.v[1].name, "plus-12");
	assert_true(v.arms.v[1].has_price && v.arms.v[1].price == 54.88);
	assert_int_equal(v.arms.v[2].position, 3);
	/* The idea it informs is being experimented on now. */
	OK(w, tm_app_idea_get(&w->app, "1", &idea, &w->err));
	assert_int_equal(idea.status, TM_IDEA_EXPERIMENTING);
	/* Found by id too; listed with its arms. */
	tm_experiment_view_release(&v);
	OK(w, tm_app_experiment_get(&w->app, "#1", &v, &w->err));
	assert_string_equal(v.e.name, "pro-price");
	tm_experiment_views vs = TM_VEC_INIT;
	OK(w, tm_app_experiment_list(&w->app, TM_EXP_RUNNING, &vs, &w->err));
	assert_int_equal(vs.n, 1);
	assert_int_equal(vs.v[0].arms.n, 3);
	tm_experiment_views_free(&vs);
	OK(w, tm_app_experiment_list(&w->app, TM_EXP_CLOSED, &vs, &w->err));
	assert_int_equal(vs.n, 0);
	tm_experiment_views_free(&vs);
	/* Running totals replace the ones before; the experiment's version stays. */
	record(w, "plus-12", "150", "20");
	record(w, "PLUS-12", "300", "31");
	OK(w, tm_app_experiment_get(&w->app, "pro-price", &v, &w->err));
	assert_int_equal(v.arms.v[1].visitors, 300);
	assert_int_equal(v.arms.v[1].conversions, 31);
	assert_int_equal(v.e.version, 1);
	tm_experiment_view_release(&v);
}

static void bad_input_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_experiment_report r = { 0 };
	tm_experiment_input in;
	tm_arm_input ai;
	tm_arm_record_input ri;
	seed(w);
	add_pricing(w, &v);
	IN(&tm_arm_record_desc, &ri, "visitors=100", "conversions=101");
	REFUSED(w, TM_EINVAL, "more than the 100 visitors", tm_app_experiment_record(&w->app, "pro-price", "control", &ri, &v, &w->err));
	assert_string_equal(w->err.field, "conversions");
	/* Negative counts: the input tables refuse them (0 at least); the use case too, for a caller that fills the struct. */
	IN(&tm_arm_record_desc, &ri, "visitors=5", "conversions=0");
	ri.visitors = -5;
	REFUSED(w, TM_EINVAL, "negative", tm_app_experiment_record(&w->app, "pro-price", "control", &ri, &v, &w->err));
	assert_string_equal(w->err.field, "visitors");
	IN(&tm_arm_record_desc, &ri, "visitors=10", "conversions=0");
	ri.conversions = -1;
	REFUSED(w, TM_EINVAL, "negative", tm_app_experiment_record(&w->app, "pro-price", "control", &ri, &v, &w->err));
	assert_string_equal(w->err.field, "conversions");
	IN(&tm_arm_record_desc, &ri, "visitors=10", "conversions=1");
	REFUSED(w, TM_ENOTFOUND, "its arms: control, plus-12, plus-15",
		tm_app_experiment_record(&w->app, "pro-price", "plus-99", &ri, &v, &w->err));
	assert_string_equal(w->err.field, "arm");
	REFUSED(w, TM_ENOTFOUND, "unknown experiment", tm_app_experiment_record(&w->app, "nope", "control", &ri, &v, &w->err));
	/* A second control, a taken name, a variant that is neither price nor message, a bad price. */
	IN(&tm_arm_desc, &ai, "name=control-2", "control=true");
	REFUSED(w, TM_ECONFLICT, "has a control already", tm_app_experiment_arm_add(&w->app, "pro-price", &ai, &v, &w->err));
	assert_string_equal(w->err.field, "control");
	IN(&tm_arm_desc, &ai, "name=Plus-12", "price=60");
	REFUSED(w, TM_ECONFLICT, "an arm named", tm_app_experiment_arm_add(&w->app, "pro-price", &ai, &v, &w->err));
	assert_string_equal(w->err.field, "name");
	IN(&tm_arm_desc, &ai, "name=plus-20");
	REFUSED(w, TM_EINVAL, "neither the control nor a variant", tm_app_experiment_arm_add(&w->app, "pro-price", &ai, &v, &w->err));
	IN(&tm_arm_desc, &ai, "name=plus-20", "price=0");
	REFUSED(w, TM_EINVAL, "out of range", tm_app_experiment_arm_add(&w->app, "pro-price", &ai, &v, &w->err));
	assert_string_equal(w->err.field, "price");
	/* A name taken (any case), a current price of 0, an unknown idea. */
	IN(&tm_experiment_desc, &in, "name=PRO-PRICE", "kind=messaging", "hypothesis=h");
	REFUSED(w, TM_ECONFLICT, "exists already", tm_app_experiment_add(&w->app, &in, &v, &w->err));
	assert_string_equal(w->err.field, "name");
	IN(&tm_experiment_desc, &in, "name=x", "kind=pricing", "hypothesis=h", "current_price=0");
	REFUSED(w, TM_EINVAL, "more than 0", tm_app_experiment_add(&w->app, &in, &v, &w->err));
	assert_string_equal(w->err.field, "current_price");
	IN(&tm_experiment_desc, &in, "name=x", "kind=pricing", "hypothesis=h", "idea=42");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_experiment_add(&w->app, &in, &v, &w->err));
	assert_string_equal(w->err.field, "idea");
	/* One arm, or no control: analyze and close refuse. */
	IN(&tm_experiment_desc, &in, "name=headline", "kind=messaging", "hypothesis=Outcomes beat features");
	OK(w, tm_app_experiment_add(&w->app, &in, &v, &w->err));
	IN(&tm_arm_desc, &ai, "name=outcomes", "message=Ship launches on time");
	OK(w, tm_app_experiment_arm_add(&w->app, "headline", &ai, &v, &w->err));
	REFUSED(w, TM_EINVAL, "has 1 arm", tm_app_experiment_analyze(&w->app, "headline", 0, &r, &w->err));
	assert_string_equal(w->err.field, "arms");
	IN(&tm_arm_desc, &ai, "name=features", "message=Gantt charts and checklists");
	OK(w, tm_app_experiment_arm_add(&w->app, "headline", &ai, &v, &w->err));
	REFUSED(w, TM_EINVAL, "no control arm", tm_app_experiment_analyze(&w->app, "headline", 0, &r, &w->err));
	assert_string_equal(w->err.field, "arms");
	tm_experiment_close_input ci;
	IN(&tm_experiment_close_desc, &ci, "result=too early");
	REFUSED(w, TM_EINVAL, "no control arm", tm_app_experiment_close(&w->app, "headline", &ci, &r, &w->err));
	tm_experiment_view_release(&r.v);
	tm_experiment_view_release(&v);
}

static void the_analysis_is_the_statistics_of_what_was_recorded(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_experiment_report r = { 0 };
	seed(w);
	add_pricing(w, &v);
	record(w, "control", "2000", "200");
	record(w, "plus-12", "2000", "196");
	record(w, "plus-15", "1500", "150");
	OK(w, tm_app_experiment_analyze(&w->app, "pro-price", 10000, &r, &w->err));
	const tm_experiment_analysis *an = &r.an;
	assert_int_equal(an->n, 3);
	assert_int_equal(an->control, 0);
	NEAR(an->arms[0].rate, 0.1);
	double lo, hi, z, p;
	tm_wilson(196, 2000, 0.05, &lo, &hi);
	NEAR(an->arms[1].ci_low, lo);
	NEAR(an->arms[1].ci_high, hi);
	tm_two_proportion_z(196, 2000, 200, 2000, &z, &p);
	NEAR(an->arms[1].z, z);
	NEAR(an->arms[1].p_value, p);
	/* Revenue per conversion defaults to the arm's price, the control's to the current price. */
	NEAR(an->arms[0].rpv, 4.9);
	NEAR(an->arms[1].rpv, 0.098 * 54.88);
	assert_int_equal(r.monthly_traffic, 10000);
	NEAR(an->arms[1].annual_impact, (0.098 * 54.88 - 4.9) * 10000 * 12);
	assert_true(an->arms[1].has_payback);
	assert_int_equal(an->verdict, TM_VERDICT_NO_DIFFERENCE);
	/* plus-15 has 1500 of the 2000 planned: peeking; no price-step warning for 12% and 15%. */
	bool peeking = false, step = false;
	for (size_t i = 0; i < an->nwarn; i++) {
		peeking |= an->warn[i].rule == TM_WARN_PEEKING && an->warn[i].arm == 2;
		step |= an->warn[i].rule == TM_WARN_PRICE_STEP;
	}
	assert_true(peeking);
	assert_false(step);
	/* Without --monthly-traffic (and none stored) no annual impact. */
	tm_experiment_view_release(&r.v);
	OK(w, tm_app_experiment_analyze(&w->app, "pro-price", 0, &r, &w->err));
	assert_false(r.an.arms[1].has_annual);
	REFUSED(w, TM_EINVAL, "out of range", tm_app_experiment_analyze(&w->app, "pro-price", -1, &r, &w->err));
	assert_string_equal(w->err.field, "monthly_traffic");
	tm_experiment_view_release(&r.v);
	tm_experiment_view_release(&v);
}

static void closing_records_a_decision_and_feeds_the_idea(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_experiment_report r = { 0 };
	tm_experiment_close_input ci;
	tm_idea idea;
	seed(w);
	add_pricing(w, &v);
	record(w, "control", "2000", "200");
	record(w, "plus-12", "2000", "196");
	record(w, "plus-15", "2000", "260");
	IN(&tm_experiment_close_desc, &ci, "result=plus-15 converts better at a higher price", "chosen=nope");
	REFUSED(w, TM_EINVAL, "no arm 'nope'", tm_app_experiment_close(&w->app, "pro-price", &ci, &r, &w->err));
	assert_string_equal(w->err.field, "chosen");
	IN(&tm_experiment_close_desc, &ci, "result=plus-15 converts better at a higher price");
	OK(w, tm_app_experiment_close(&w->app, "pro-price", &ci, &r, &w->err));
	assert_int_equal(r.an.verdict, TM_VERDICT_VARIANT_WINS);
	assert_int_equal(r.v.e.status, TM_EXP_CLOSED);
	assert_int_equal(r.v.e.verdict, TM_VERDICT_VARIANT_WINS);
	assert_string_equal(r.v.e.result, "plus-15 converts better at a higher price");
	assert_true(r.v.e.closed_on == D(WS_TODAY));
	assert_true(r.v.e.decision_id > 0);
	assert_int_equal(r.v.e.version, 2);
	/* The ledger has the decision: the arms as options, the winner chosen, linked to the experiment and idea. */
	tm_decisions ds = TM_VEC_INIT;
	OK(w, tm_app_decision_list(&w->app, NULL, &ds, &w->err));
	assert_int_equal(ds.n, 1);
	const tm_decision *d = &ds.v[0];
	assert_int_equal(d->id, r.v.e.decision_id);
	assert_non_null(strstr(d->what, "ship plus-15"));
	assert_string_equal(d->why, "plus-15 converts better at a higher price");
	assert_non_null(strstr(d->options, "plus-12 (price 54.88)"));
	assert_non_null(strstr(d->chosen, "plus-15"));
	assert_string_equal(d->decided_by, "Dana Reyes");
	bool to_experiment = false, to_idea = false;
	for (int i = 0; i < d->nlinks; i++) {
		to_experiment |= d->links[i].kind == TM_LINK_EXPERIMENT && d->links[i].id == r.v.e.id;
		to_idea |= d->links[i].kind == TM_LINK_IDEA && d->links[i].id == 1;
	}
	assert_true(to_experiment);
	assert_true(to_idea);
	TM_VEC_FREE(&ds);
	/* A variant won: the idea is planned. */
	OK(w, tm_app_idea_get(&w->app, "1", &idea, &w->err));
	assert_int_equal(idea.status, TM_IDEA_PLANNED);
	/* Closed: no more counts, arms or closing. */
	tm_arm_record_input ri;
	IN(&tm_arm_record_desc, &ri, "visitors=3000", "conversions=300");
	REFUSED(w, TM_ECONFLICT, "was closed on", tm_app_experiment_record(&w->app, "pro-price", "control", &ri, &v, &w->err));
	REFUSED(w, TM_ECONFLICT, "was closed on", tm_app_experiment_close(&w->app, "pro-price", &ci, &r, &w->err));
	tm_experiment_view_release(&r.v);
	tm_experiment_view_release(&v);
}

static void closing_can_drop_the_idea(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_experiment_report r = { 0 };
	tm_experiment_close_input ci;
	tm_idea idea;
	seed(w);
	add_pricing(w, &v);
	record(w, "control", "2000", "200");
	record(w, "plus-12", "2000", "150");
	record(w, "plus-15", "2000", "140");
	IN(&tm_experiment_close_desc, &ci, "result=Both higher prices lose a quarter of signups", "idea_status=dropped",
	   "decision=Keep Pro at 49");
	OK(w, tm_app_experiment_close(&w->app, "pro-price", &ci, &r, &w->err));
	assert_int_equal(r.v.e.verdict, TM_VERDICT_CONTROL_WINS);
	OK(w, tm_app_idea_get(&w->app, "1", &idea, &w->err));
	assert_int_equal(idea.status, TM_IDEA_DROPPED);
	assert_non_null(strstr(idea.why, "Both higher prices"));
	tm_decisions ds = TM_VEC_INIT;
	OK(w, tm_app_decision_list(&w->app, NULL, &ds, &w->err));
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].what, "Keep Pro at 49");
	assert_non_null(strstr(ds.v[0].chosen, "control"));
	TM_VEC_FREE(&ds);
	tm_experiment_view_release(&r.v);
	tm_experiment_view_release(&v);
}

static void a_change_at_a_stale_version_is_refused_and_rm_takes_the_arms(void **state)
{
	ws *w = *state;
	tm_experiment_view v = { 0 };
	tm_experiment_input in;
	seed(w);
	add_pricing(w, &v);
	IN(&tm_experiment_desc, &in, "name=pro-price-q1", "monthly_traffic=12000", "owner=none");
	in.if_version = 1;
	OK(w, tm_app_experiment_set(&w->app, "pro-price", &in, &v, &w->err));
	assert_string_equal(v.e.name, "pro-price-q1");
	assert_int_equal(v.e.monthly_traffic, 12000);
	assert_string_equal(v.e.owner, "");
	assert_int_equal(v.e.version, 2);
	IN(&tm_experiment_desc, &in, "hypothesis=other");
	in.if_version = 1;
	REFUSED(w, TM_ESTALE, "has changed", tm_app_experiment_set(&w->app, "pro-price-q1", &in, &v, &w->err));
	OK(w, tm_app_experiment_arm_rm(&w->app, "pro-price-q1", "plus-15", &v, &w->err));
	assert_int_equal(v.arms.n, 2);
	REFUSED(w, TM_ENOTFOUND, "no arm", tm_app_experiment_arm_rm(&w->app, "pro-price-q1", "plus-15", &v, &w->err));
	REFUSED(w, TM_ESTALE, "has changed", tm_app_experiment_rm(&w->app, "pro-price-q1", 1, &v, &w->err));
	OK(w, tm_app_experiment_rm(&w->app, "pro-price-q1", 2, &v, &w->err));
	assert_int_equal(v.arms.n, 2);
	REFUSED(w, TM_ENOTFOUND, "unknown experiment", tm_app_experiment_get(&w->app, "pro-price-q1", &v, &w->err));
	/* Its idea stays (experimenting), its audit rows are there. */
	tm_audits au = TM_VEC_INIT;
	OK(w, tm_app_audit_list(&w->app, 50, 0, &au, &w->err));
	int experiment_rows = 0;
	for (size_t i = 0; i < au.n; i++)
		experiment_rows += !strncmp(au.v[i].action, "experiment.", 11);
	assert_int_equal(experiment_rows, 7); /* add, 3 arms, set, arm rm, rm: nothing for the refusals */
	tm_audits_free(&au);
	tm_experiment_view_release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(an_experiment_is_added_with_its_arms_and_its_idea_experiments),
		WS_TEST(bad_input_is_refused_naming_its_field),
		WS_TEST(the_analysis_is_the_statistics_of_what_was_recorded),
		WS_TEST(closing_records_a_decision_and_feeds_the_idea),
		WS_TEST(closing_can_drop_the_idea),
		WS_TEST(a_change_at_a_stale_version_is_refused_and_rm_takes_the_arms),
	};
	WS_MAIN("app experiments", tests);
}
