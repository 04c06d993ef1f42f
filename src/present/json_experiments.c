/*
 * json_experiments.c - the JSON of experiments, their arms and their
 * analysis: the command line's --json and the API's bodies, so the two never
 * disagree. Figures are JSON numbers unrounded (a reader recomputing them
 * finds the same); fields that may be absent are null, never left out.
 */
#include "present/json_experiments.h"

#include "render/json.h"

#include "util/banned.h"

static json_t *num(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *tm_json_arm(const tm_arm *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "name", json_string(a->name));
	json_object_set_new(o, "control", json_boolean(a->control));
	json_object_set_new(o, "price", num(a->has_price, a->price));
	json_object_set_new(o, "message", str_or_null(a->message));
	json_object_set_new(o, "visitors", json_integer(a->visitors));
	json_object_set_new(o, "conversions", json_integer(a->conversions));
	json_object_set_new(o, "revenue_per_conversion", num(a->has_revenue, a->revenue_per_conversion));
	return o;
}

json_t *tm_json_experiment(const tm_experiment_view *v)
{
	const tm_experiment *e = &v->e;
	json_t *o = json_object(), *arms = json_array();
	int64_t visitors = 0, conversions = 0;
	for (size_t i = 0; i < v->arms.n; i++) {
		json_array_append_new(arms, tm_json_arm(&v->arms.v[i]));
		visitors += v->arms.v[i].visitors;
		conversions += v->arms.v[i].conversions;
	}
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "kind", json_string(tm_experiment_kind_names[e->kind]));
	json_object_set_new(o, "hypothesis", json_string(e->hypothesis));
	json_object_set_new(o, "owner", str_or_null(e->owner));
	json_object_set_new(o, "idea", e->idea_id ? json_pack("{s:I, s:s}", "id", (json_int_t)e->idea_id, "title", e->idea)
						  : json_null());
	json_object_set_new(o, "launch", str_or_null(e->launch_slug));
	json_object_set_new(o, "current_price", num(e->has_current_price, e->current_price));
	json_object_set_new(o, "planned_sample", e->planned_sample ? json_integer(e->planned_sample) : json_null());
	json_object_set_new(o, "monthly_traffic", e->monthly_traffic ? json_integer(e->monthly_traffic) : json_null());
	json_object_set_new(o, "cost", num(e->has_cost, e->cost));
	json_object_set_new(o, "status", json_string(tm_experiment_status_names[e->status]));
	json_object_set_new(o, "verdict", e->verdict >= 0 && e->verdict < TM_VERDICT_COUNT
						  ? json_string(tm_verdict_names[e->verdict])
						  : json_null());
	json_object_set_new(o, "result", json_string(e->result));
	json_object_set_new(o, "decision", e->decision_id ? json_integer(e->decision_id) : json_null());
	json_object_set_new(o, "closed_on", e->closed_on ? tm_json_date(e->closed_on) : json_null());
	json_object_set_new(o, "arms", arms);
	json_object_set_new(o, "visitors", json_integer(visitors));
	json_object_set_new(o, "conversions", json_integer(conversions));
	json_object_set_new(o, "version", json_integer(e->version));
	json_object_set_new(o, "created_at", json_string(e->created_at));
	json_object_set_new(o, "updated_at", json_string(e->updated_at));
	return o;
}

json_t *tm_json_experiments(const tm_experiment_views *vs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < vs->n; i++)
		json_array_append_new(a, tm_json_experiment(&vs->v[i]));
	return a;
}

json_t *tm_json_experiment_analysis(const tm_experiment_report *r)
{
	const tm_experiment *e = &r->v.e;
	const tm_experiment_analysis *an = &r->an;
	json_t *o = json_object(), *arms = json_array(), *warnings = json_array();
	double control_rate = an->control >= 0 ? an->arms[an->control].rate : 0;
	for (size_t i = 0; i < an->n; i++) {
		const tm_arm *a = &r->v.arms.v[i];
		const tm_arm_result *x = &an->arms[i];
		int64_t least = a->visitors;
		if (an->control >= 0 && r->v.arms.v[an->control].visitors < least)
			least = r->v.arms.v[an->control].visitors;
		json_t *j = json_object();
		json_object_set_new(j, "name", json_string(a->name));
		json_object_set_new(j, "control", json_boolean(a->control));
		json_object_set_new(j, "price", num(a->has_price, a->price));
		json_object_set_new(j, "visitors", json_integer(a->visitors));
		json_object_set_new(j, "conversions", json_integer(a->conversions));
		json_object_set_new(j, "rate", json_real(x->rate));
		json_object_set_new(j, "ci_low", json_real(x->ci_low));
		json_object_set_new(j, "ci_high", json_real(x->ci_high));
		json_object_set_new(j, "lift_abs", num(x->has_lift, x->lift_abs));
		json_object_set_new(j, "lift_rel", num(x->has_lift && control_rate > 0, x->lift_rel));
		json_object_set_new(j, "z", num(x->has_lift, x->z));
		json_object_set_new(j, "p_value", num(x->has_lift, x->p_value));
		json_object_set_new(j, "revenue_per_visitor", num(x->has_rpv, x->rpv));
		json_object_set_new(j, "annual_impact", num(x->has_annual, x->annual_impact));
		json_object_set_new(j, "payback_months", num(x->has_payback, x->payback_months));
		json_object_set_new(j, "needed_per_arm", x->has_lift && x->needed_per_arm > 0
								 ? json_integer((json_int_t)x->needed_per_arm)
								 : json_null());
		json_object_set_new(j, "still_needed",
				    x->has_lift && x->needed_per_arm > 0
					    ? json_integer(x->needed_per_arm > (double)least ? (json_int_t)x->needed_per_arm - least : 0)
					    : json_null());
		json_object_set_new(j, "significant", json_boolean(x->significant));
		json_array_append_new(arms, j);
	}
	for (size_t i = 0; i < an->nwarn; i++) {
		const tm_experiment_warn *w = &an->warn[i];
		json_array_append_new(warnings, json_pack("{s:s, s:o, s:s}", "rule", tm_experiment_warning_names[w->rule], "arm",
							  w->arm >= 0 ? json_string(r->v.arms.v[w->arm].name) : json_null(),
							  "message", w->message));
	}
	json_object_set_new(o, "experiment", json_string(e->name));
	json_object_set_new(o, "kind", json_string(tm_experiment_kind_names[e->kind]));
	json_object_set_new(o, "status", json_string(tm_experiment_status_names[e->status]));
	json_object_set_new(o, "alpha", json_real(TM_ALPHA));
	json_object_set_new(o, "power", json_real(TM_POWER));
	json_object_set_new(o, "monthly_traffic", r->monthly_traffic ? json_integer(r->monthly_traffic) : json_null());
	json_object_set_new(o, "current_price", num(e->has_current_price, e->current_price));
	json_object_set_new(o, "planned_sample", e->planned_sample ? json_integer(e->planned_sample) : json_null());
	json_object_set_new(o, "arms", arms);
	json_object_set_new(o, "warnings", warnings);
	json_object_set_new(o, "verdict", json_string(tm_verdict_names[an->verdict]));
	json_object_set_new(o, "winner", an->winner >= 0 ? json_string(r->v.arms.v[an->winner].name) : json_null());
	return o;
}
