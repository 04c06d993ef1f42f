/*
 * experiments.c - seed 003's lightweight experiments (app/experiments.h):
 * added, changed and removed, their arms and running totals, analysed with
 * core/experiment.c's statistics, and closed into the decision ledger.
 *
 * What the issue leaves open, decided here:
 * - an experiment that informs an idea moves it to "experimenting" when it
 *   is new or validating (added, or pointed at it later);
 * - recording sets an arm's running totals (it does not add to them); arm
 *   changes leave the experiment's version as it is, as observations leave a
 *   metric's, so an ETag read before still matches;
 * - closing records the verdict of the analysis at that moment and, by
 *   default, the winner as the arm chosen; the idea becomes "planned" when a
 *   variant won, else keeps its status unless the closer names one (dropped
 *   and sunset take the result as their why).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/experiments.h"
#include "app/internal.h"
#include "core/backlog.h"

#include "util/banned.h"

void tm_experiment_view_release(tm_experiment_view *v)
{
	TM_VEC_FREE(&v->arms);
}

void tm_experiment_views_free(tm_experiment_views *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		tm_experiment_view_release(&vs->v[i]);
	TM_VEC_FREE(vs);
}

/* ---- reading ---- */

static int find(tm_app *app, const char *ref, tm_experiment *e, tm_error *err)
{
	if (!ref || !*ref)
		return tm_fail_field(err, TM_EINVAL, "experiment", "missing experiment: give its name or id");
	return app->st->ops->experiments->find(app->st, ref, e, err);
}

/* out (released first) gets the experiment and its arms. */
static int view_of(tm_app *app, const tm_experiment *e, tm_experiment_view *out, tm_error *err)
{
	tm_experiment_view_release(out);
	out->e = *e;
	return app->st->ops->experiments->arms(app->st, e->id, &out->arms, err);
}

int tm_app_experiment_get(tm_app *app, const char *ref, tm_experiment_view *out, tm_error *err)
{
	tm_experiment e;
	int rc = find(app, ref, &e, err);
	return rc ? rc : view_of(app, &e, out, err);
}

int tm_app_experiment_list(tm_app *app, int status, tm_experiment_views *out, tm_error *err)
{
	tm_experiments es = TM_VEC_INIT;
	int rc = app->st->ops->experiments->list(app->st, status, &es, err);
	for (size_t i = 0; i < es.n && !rc; i++) {
		tm_experiment_view *v = TM_VEC_PUSH(out);
		memset(v, 0, sizeof(*v));
		rc = view_of(app, &es.v[i], v, err);
	}
	TM_VEC_FREE(&es);
	return rc;
}

int tm_app_experiment_list_idea(tm_app *app, int64_t idea_id, int status, tm_experiment_views *out, tm_error *err)
{
	tm_experiments es = TM_VEC_INIT;
	int rc = app->st->ops->experiments->list(app->st, status, &es, err);
	for (size_t i = 0; i < es.n && !rc; i++) {
		if (es.v[i].idea_id != idea_id)
			continue;
		tm_experiment_view *v = TM_VEC_PUSH(out);
		memset(v, 0, sizeof(*v));
		rc = view_of(app, &es.v[i], v, err);
	}
	TM_VEC_FREE(&es);
	return rc;
}

/* The arm of v named name (any case) or numbered by its id; NULL when none. */
static tm_arm *arm_named(tm_experiment_view *v, const char *name)
{
	for (size_t i = 0; i < v->arms.n; i++)
		if (!strcasecmp(v->arms.v[i].name, name))
			return &v->arms.v[i];
	char *end;
	long long id = strtoll(name[0] == '#' ? name + 1 : name, &end, 10);
	for (size_t i = 0; i < v->arms.n && id > 0 && !*end; i++)
		if (v->arms.v[i].id == id)
			return &v->arms.v[i];
	return NULL;
}

/* An arm name that is none of v's: the arm in a path or an argument is not found; a choice (field
 * "chosen") is bad input, named as its field. */
static int unknown_arm(const tm_experiment_view *v, const char *name, const char *field, tm_error *err)
{
	tm_buf names = TM_BUF_INIT;
	bool choice = strcmp(field, "arm") != 0;
	for (size_t i = 0; i < v->arms.n; i++)
		tm_buf_printf(&names, "%s%s", i ? ", " : "", v->arms.v[i].name);
	int rc = choice ? tm_fail_field(err, TM_EINVAL, field, "{}: experiment '%s' has no arm '%.60s' (%s%.300s)", v->e.name,
					name, v->arms.n ? "its arms: " : "it has none yet", names.s)
			: tm_fail_field(err, TM_ENOTFOUND, field, "experiment '%s' has no arm '%.60s' (%s%.300s)", v->e.name, name,
					v->arms.n ? "its arms: " : "it has none yet", names.s);
	tm_buf_release(&names);
	return rc;
}

/* Refuses what analyze and close cannot work with: no control, fewer than two arms. */
static int analysable(const tm_experiment_view *v, tm_error *err)
{
	bool control = false;
	for (size_t i = 0; i < v->arms.n; i++)
		control |= v->arms.v[i].control;
	if (v->arms.n < 2)
		return tm_fail_field(err, TM_EINVAL, "arms",
				     "experiment '%s' has %zu %s: it needs a control and at least one variant "
				     "(tminus experiment arm add)",
				     v->e.name, v->arms.n, v->arms.n == 1 ? "arm" : "arms");
	if (!control)
		return tm_fail_field(err, TM_EINVAL, "arms",
				     "experiment '%s' has no control arm: add one with 'tminus experiment arm add %s NAME "
				     "--control'",
				     v->e.name, v->e.name);
	return 0;
}

static void report_of(const tm_experiment_view *v, int64_t monthly_traffic, tm_experiment_report *out)
{
	tm_experiment e = v->e;
	if (monthly_traffic > 0)
		e.monthly_traffic = monthly_traffic;
	out->monthly_traffic = e.monthly_traffic;
	tm_experiment_analyze(&e, v->arms.v, v->arms.n, &out->an);
}

int tm_app_experiment_analyze(tm_app *app, const char *ref, int64_t monthly_traffic, tm_experiment_report *out,
			      tm_error *err)
{
	if (monthly_traffic < 0 || monthly_traffic > TM_EXPERIMENT_COUNT_MAX)
		return tm_fail_field(err, TM_EINVAL, "monthly_traffic", "{} %lld is out of range: 0 to %lld visitors a month",
				     (long long)monthly_traffic, (long long)TM_EXPERIMENT_COUNT_MAX);
	int rc = tm_app_experiment_get(app, ref, &out->v, err);
	if (!rc)
		rc = analysable(&out->v, err);
	if (!rc)
		report_of(&out->v, monthly_traffic, out);
	return rc;
}

/* ---- the audit log's JSON ---- */

static json_t *num_or_null(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *arm_json(const tm_arm *a)
{
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): callers pass an arm they found (unknown_arm fails otherwise) */
	return json_pack("{s:I, s:s, s:b, s:o, s:s, s:I, s:I, s:o}", "id", (json_int_t)a->id, "name", a->name, "control",
			 a->control, "price", num_or_null(a->has_price, a->price), "message", a->message, "visitors",
			 (json_int_t)a->visitors, "conversions", (json_int_t)a->conversions, "revenue_per_conversion",
			 num_or_null(a->has_revenue, a->revenue_per_conversion));
}

static json_t *experiment_json(const tm_experiment *e)
{
	char closed[TM_DATE_STRLEN];
	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s?, s:o, s:I, s:I, s:o, s:s, s:s?, s:s, s:I, s:s?, s:I}", "id",
			 (json_int_t)e->id, "name", e->name, "kind", tm_experiment_kind_names[e->kind], "hypothesis",
			 e->hypothesis, "owner", e->owner[0] ? e->owner : NULL, "idea", (json_int_t)e->idea_id, "launch",
			 e->launch_slug[0] ? e->launch_slug : NULL, "current_price",
			 num_or_null(e->has_current_price, e->current_price), "planned_sample", (json_int_t)e->planned_sample,
			 "monthly_traffic", (json_int_t)e->monthly_traffic, "cost", num_or_null(e->has_cost, e->cost),
			 "status", tm_experiment_status_names[e->status], "verdict",
			 e->verdict >= 0 && e->verdict < TM_VERDICT_COUNT ? tm_verdict_names[e->verdict] : NULL, "result",
			 e->result, "decision", (json_int_t)e->decision_id, "closed_on",
			 e->closed_on ? tm_date_format(e->closed_on, closed) : NULL, "version", (json_int_t)e->version);
}

/* ---- writing ---- */

static int money(const char *field, double v, bool zero_ok, tm_error *err)
{
	if (!(v > 0 || (zero_ok && v == 0)) || v > TM_EXPERIMENT_MONEY_MAX)
		return tm_fail_field(err, TM_EINVAL, field, "{} %g is out of range: %s up to 1e12", v,
				     zero_ok ? "0 or more" : "more than 0");
	return 0;
}

/* A name the API's paths can carry (/experiments/{id}/arms/{name}): no '/' in it. */
static int path_safe(const char *field, const char *name, tm_error *err)
{
	if (strchr(name, '/'))
		return tm_fail_field(err, TM_EINVAL, field, "{} '%s' has a '/': names are parts of the API's paths", name);
	return 0;
}

/* The idea an experiment informs starts experimenting (when it was new or validating), inside the transaction. */
static int idea_experimenting(tm_app *app, int64_t idea_id, tm_error *err)
{
	tm_idea idea;
	int rc = app->st->ops->backlog->get(app->st, idea_id, &idea, err);
	if (rc || (idea.status != TM_IDEA_NEW && idea.status != TM_IDEA_VALIDATING))
		return rc;
	idea.status = TM_IDEA_EXPERIMENTING;
	return app->st->ops->backlog->update(app->st, &idea, err);
}

/* Applies the fields of in that are given to e (reading the person, idea and launch they name). */
static int apply_input(tm_app *app, const tm_experiment_input *in, tm_experiment *e, tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	if (TM_GIVEN(in, TM_XI_NAME)) {
		if ((rc = path_safe("name", in->name, err)))
			return rc;
		snprintf(e->name, sizeof(e->name), "%s", in->name);
	}
	if (TM_GIVEN(in, TM_XI_KIND))
		e->kind = in->kind;
	if (TM_GIVEN(in, TM_XI_HYPOTHESIS))
		snprintf(e->hypothesis, sizeof(e->hypothesis), "%s", in->hypothesis);
	if (TM_GIVEN(in, TM_XI_CURRENT_PRICE)) {
		if ((rc = money("current_price", in->current_price, false, err)))
			return rc;
		e->has_current_price = true;
		e->current_price = in->current_price;
	}
	if (TM_GIVEN(in, TM_XI_PLANNED_SAMPLE))
		e->planned_sample = in->planned_sample;
	if (TM_GIVEN(in, TM_XI_MONTHLY_TRAFFIC))
		e->monthly_traffic = in->monthly_traffic;
	if (TM_GIVEN(in, TM_XI_COST)) {
		if ((rc = money("cost", in->cost, true, err)))
			return rc;
		e->has_cost = true;
		e->cost = in->cost;
	}
	if (TM_GIVEN(in, TM_XI_OWNER)) {
		tm_person p;
		if (!in->owner[0]) {
			e->owner_id = 0;
			e->owner[0] = '\0';
		} else if ((rc = tm_app_find_person(app, in->owner, &p, err))) {
			return tm_with_field(err, "owner", rc);
		} else {
			e->owner_id = p.id;
			snprintf(e->owner, sizeof(e->owner), "%s", p.name);
		}
	}
	if (TM_GIVEN(in, TM_XI_IDEA)) {
		tm_idea idea;
		e->idea_id = 0;
		e->idea[0] = '\0';
		if (in->idea > 0) {
			if ((rc = st->ops->backlog->get(st, in->idea, &idea, err)))
				return tm_with_field(err, "idea", rc);
			e->idea_id = idea.id;
			snprintf(e->idea, sizeof(e->idea), "%s", idea.title);
		}
	}
	if (TM_GIVEN(in, TM_XI_LAUNCH)) {
		tm_launch l;
		e->launch_id = 0;
		e->launch_slug[0] = '\0';
		if (in->launch[0]) {
			if ((rc = st->ops->launches->find(st, in->launch, &l, err)))
				return tm_with_field(err, "launch", rc);
			e->launch_id = l.id;
			snprintf(e->launch_slug, sizeof(e->launch_slug), "%s", l.slug);
		}
	}
	return 0;
}

/* Refuses a name another experiment has (any case). */
static int name_free(tm_app *app, const tm_experiment *e, tm_error *err)
{
	tm_experiment other;
	tm_error ignored = TM_ERROR_INIT;
	if (app->st->ops->experiments->find(app->st, e->name, &other, &ignored) == 0 && other.id != e->id &&
	    !strcasecmp(other.name, e->name))
		return tm_fail_field(err, TM_ECONFLICT, "name", "an experiment named '%s' exists already (#%lld)", other.name,
				     (long long)other.id);
	return 0;
}

int tm_app_experiment_add(tm_app *app, const tm_experiment_input *in, tm_experiment_view *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_experiment e;
	int rc;
	memset(&e, 0, sizeof(e));
	e.verdict = -1;
	if ((rc = tm_input_check(&tm_experiment_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = apply_input(app, in, &e, err);
	if (!rc)
		rc = name_free(app, &e, err);
	if (!rc)
		rc = st->ops->experiments->add(st, &e, err);
	if (!rc && e.idea_id)
		rc = idea_experimenting(app, e.idea_id, err);
	if (!rc)
		rc = tm_app_audit(app, "experiment.add", NULL, experiment_json(&e), err, "experiment %lld", (long long)e.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->experiments->get(st, e.id, &e, err);
	if (!rc)
		rc = view_of(app, &e, out, err);
	return rc;
}

/* Refuses a change of an experiment read at another version. */
static int check_version(const tm_experiment *e, int64_t if_version, tm_error *err)
{
	if (if_version > 0 && e->version != if_version)
		return tm_fail(err, TM_ESTALE, "experiment '%s' has changed (version %lld, not %lld): read it again", e->name,
			       (long long)e->version, (long long)if_version);
	return 0;
}

int tm_app_experiment_set(tm_app *app, const char *ref, const tm_experiment_input *in, tm_experiment_view *out,
			  tm_error *err)
{
	tm_store *st = app->st;
	tm_experiment e;
	json_t *before = NULL;
	int rc;
	if ((rc = tm_input_check(&tm_experiment_desc, TM_IN_CHANGE, in, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = find(app, ref, &e, err);
	if (!rc)
		rc = check_version(&e, in->if_version, err);
	int64_t idea_before = rc ? 0 : e.idea_id; /* e holds nothing when find failed */
	if (!rc) {
		before = experiment_json(&e);
		rc = apply_input(app, in, &e, err);
	}
	if (!rc && TM_GIVEN(in, TM_XI_NAME))
		rc = name_free(app, &e, err);
	if (!rc)
		rc = st->ops->experiments->update(st, &e, err);
	if (!rc && e.idea_id && e.idea_id != idea_before && e.status == TM_EXP_RUNNING)
		rc = idea_experimenting(app, e.idea_id, err);
	if (!rc) {
		rc = tm_app_audit(app, "experiment.update", before, experiment_json(&e), err, "experiment %lld",
				  (long long)e.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->experiments->get(st, e.id, &e, err);
	if (!rc)
		rc = view_of(app, &e, out, err);
	return rc;
}

int tm_app_experiment_rm(tm_app *app, const char *ref, int64_t if_version, tm_experiment_view *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_experiment e;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = find(app, ref, &e, err);
	if (!rc)
		rc = check_version(&e, if_version, err);
	if (!rc)
		rc = view_of(app, &e, out, err);
	if (!rc)
		rc = st->ops->experiments->rm(st, e.id, err);
	if (!rc) {
		json_t *before = experiment_json(&e), *arms = json_array();
		for (size_t i = 0; i < out->arms.n; i++)
			json_array_append_new(arms, arm_json(&out->arms.v[i]));
		json_object_set_new(before, "arms", arms);
		rc = tm_app_audit(app, "experiment.rm", before, NULL, err, "experiment %lld", (long long)e.id);
	}
	return tm_store_finish(st, rc, err);
}

/* ---- arms ---- */

static int closed_already(const tm_experiment *e, const char *what, tm_error *err)
{
	char on[TM_DATE_STRLEN];
	return tm_fail(err, TM_ECONFLICT, "experiment '%s' was closed on %s: %s", e->name, tm_date_format(e->closed_on, on),
		       what);
}

int tm_app_experiment_arm_add(tm_app *app, const char *ref, const tm_arm_input *in, tm_experiment_view *out,
			      tm_error *err)
{
	tm_store *st = app->st;
	tm_arm a;
	int rc;
	memset(&a, 0, sizeof(a));
	if ((rc = tm_input_check(&tm_arm_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = path_safe("name", in->name, err)))
		return rc;
	snprintf(a.name, sizeof(a.name), "%s", in->name);
	a.control = TM_GIVEN(in, TM_XA_CONTROL) && in->control;
	if (TM_GIVEN(in, TM_XA_PRICE)) {
		if ((rc = money("price", in->price, false, err)))
			return rc;
		a.has_price = true;
		a.price = in->price;
	}
	if (TM_GIVEN(in, TM_XA_MESSAGE))
		snprintf(a.message, sizeof(a.message), "%s", in->message);
	if (!a.control && !a.has_price && !a.message[0])
		return tm_fail_field(err, TM_EINVAL, "control",
				     "arm '%s' is neither the control nor a variant: give {control}, or a price or a message",
				     a.name);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_experiment_get(app, ref, out, err);
	if (!rc && out->e.status == TM_EXP_CLOSED)
		rc = closed_already(&out->e, "it takes no more arms", err);
	if (!rc && out->arms.n >= TM_ARMS_MAX)
		rc = tm_fail_field(err, TM_EINVAL, "name", "experiment '%s' has %d arms already: at most %d", out->e.name,
				   TM_ARMS_MAX, TM_ARMS_MAX);
	for (size_t i = 0; i < out->arms.n && !rc; i++) {
		if (a.control && out->arms.v[i].control)
			rc = tm_fail_field(err, TM_ECONFLICT, "control", "{}: experiment '%s' has a control already: '%s'",
					   out->e.name, out->arms.v[i].name);
		else if (!strcasecmp(out->arms.v[i].name, a.name))
			rc = tm_fail_field(err, TM_ECONFLICT, "name", "experiment '%s' has an arm named '%s' already",
					   out->e.name, out->arms.v[i].name);
	}
	if (!rc) {
		a.experiment_id = out->e.id;
		rc = st->ops->experiments->arm_add(st, &a, err);
	}
	if (!rc)
		rc = tm_app_audit(app, "experiment.arm.add", NULL, arm_json(&a), err, "experiment %lld", (long long)out->e.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = tm_app_experiment_get(app, ref, out, err);
	return rc;
}

int tm_app_experiment_arm_rm(tm_app *app, const char *ref, const char *arm, tm_experiment_view *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	if (!arm || !*arm)
		return tm_fail_field(err, TM_EINVAL, "arm", "missing arm: give its name");
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_experiment_get(app, ref, out, err);
	tm_arm *a = rc ? NULL : arm_named(out, arm);
	if (!rc && !a)
		rc = unknown_arm(out, arm, "arm", err);
	if (!rc && out->e.status == TM_EXP_CLOSED)
		rc = closed_already(&out->e, "its arms are kept as they were", err);
	if (!rc)
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): a is set when rc is 0: unknown_arm fails otherwise */
		rc = st->ops->experiments->arm_rm(st, a->id, err);
	if (!rc)
		rc = tm_app_audit(app, "experiment.arm.rm", arm_json(a), NULL, err, "experiment %lld", (long long)out->e.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = tm_app_experiment_get(app, ref, out, err);
	return rc;
}

int tm_app_experiment_record(tm_app *app, const char *ref, const char *arm, const tm_arm_record_input *in,
			     tm_experiment_view *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	if ((rc = tm_input_check(&tm_arm_record_desc, TM_IN_CREATE, in, err)) ||
	    (rc = tm_arm_counts_check(in->visitors, in->conversions, err)))
		return rc;
	if (TM_GIVEN(in, TM_XR_REVENUE) && (rc = money("revenue_per_conversion", in->revenue_per_conversion, true, err)))
		return rc;
	if (!arm || !*arm)
		return tm_fail_field(err, TM_EINVAL, "arm", "missing arm: give its name");
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_experiment_get(app, ref, out, err);
	tm_arm *a = rc ? NULL : arm_named(out, arm);
	if (!rc && !a)
		rc = unknown_arm(out, arm, "arm", err);
	if (!rc && out->e.status == TM_EXP_CLOSED)
		rc = closed_already(&out->e, "its counts are kept as they were", err);
	json_t *before = NULL;
	if (!rc) {
		before = arm_json(a);
		a->visitors = in->visitors;
		a->conversions = in->conversions;
		if (TM_GIVEN(in, TM_XR_REVENUE)) {
			a->has_revenue = true;
			a->revenue_per_conversion = in->revenue_per_conversion;
		}
		rc = st->ops->experiments->arm_update(st, a, err);
	}
	if (!rc) {
		rc = tm_app_audit(app, "experiment.record", before, arm_json(a), err, "experiment %lld", (long long)out->e.id);
		before = NULL;
	}
	json_decref(before);
	return tm_store_finish(st, rc, err);
}

/* ---- closing ---- */

/* printf into out (n bytes), cut before a character rather than inside one. */
static void utf8_cut(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void utf8_cut(char *out, size_t n, const char *fmt, ...)
{
	tm_buf b = TM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	tm_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	size_t k = b.len < n - 1 ? b.len : n - 1;
	while (k && k < b.len && ((unsigned char)b.s[k] & 0xC0) == 0x80)
		k--;
	memcpy(out, b.s, k);
	out[k] = '\0';
	tm_buf_release(&b);
}

/* "plus-12 (price 54.88)": an arm as the decision's options list it. */
static void arm_label(const tm_arm *a, char *out, size_t n)
{
	if (a->has_price)
		snprintf(out, n, "%s%s (price %.2f)", a->name, a->control ? ", control" : "", a->price);
	else if (a->message[0])
		utf8_cut(out, n, "%s%s (\"%s\")", a->name, a->control ? ", control" : "", a->message);
	else
		snprintf(out, n, "%s%s", a->name, a->control ? " (control)" : "");
}

/* The decision a close records: what, why, the arms as options, the arm chosen, who decided, links. */
static int decision_of(tm_app *app, const tm_experiment_report *r, const tm_experiment_close_input *in,
		       const tm_arm *chosen, tm_decision *d, tm_error *err)
{
	const tm_experiment *e = &r->v.e;
	size_t used = 0;
	memset(d, 0, sizeof(*d));
	d->on = app->today;
	d->launch_id = e->launch_id;
	snprintf(d->launch_slug, sizeof(d->launch_slug), "%s", e->launch_slug);
	if (TM_GIVEN(in, TM_XC_DECISION))
		snprintf(d->what, sizeof(d->what), "%s", in->decision);
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): callers pass the arm chosen (unknown_arm fails otherwise) */
	else if (chosen->control)
		snprintf(d->what, sizeof(d->what), "Experiment %s (%s): keep the control, %s", e->name,
			 tm_verdict_names[r->an.verdict], chosen->name);
	else
		snprintf(d->what, sizeof(d->what), "Experiment %s (%s): ship %s", e->name, tm_verdict_names[r->an.verdict],
			 chosen->name);
	snprintf(d->why, sizeof(d->why), "%s", in->result);
	snprintf(d->who, sizeof(d->who), "%s", app->user ? app->user : "");
	for (size_t i = 0; i < r->v.arms.n; i++) {
		char label[300];
		arm_label(&r->v.arms.v[i], label, sizeof(label));
		int k = snprintf(d->options + used, sizeof(d->options) - used, "%s%s", i ? "\n" : "", label);
		if (k < 0 || (size_t)k >= sizeof(d->options) - used)
			break;
		used += (size_t)k;
	}
	arm_label(chosen, d->chosen, sizeof(d->chosen));
	if (TM_GIVEN(in, TM_XC_DECIDED_BY)) {
		tm_person p;
		int rc = tm_app_find_person(app, in->decided_by, &p, err);
		if (rc)
			return tm_with_field(err, "decided_by", rc);
		snprintf(d->decided_by, sizeof(d->decided_by), "%s", p.name);
	} else {
		snprintf(d->decided_by, sizeof(d->decided_by), "%s", e->owner);
	}
	d->links[d->nlinks++] = (tm_decision_link){ .kind = TM_LINK_EXPERIMENT, .id = e->id };
	if (e->idea_id)
		d->links[d->nlinks++] = (tm_decision_link){ .kind = TM_LINK_IDEA, .id = e->idea_id };
	return 0;
}

/* Moves the idea the experiment informs on (inside the transaction); status -1: the default. */
static int feed_idea(tm_app *app, const tm_experiment_report *r, const tm_experiment_close_input *in, tm_error *err)
{
	tm_idea idea;
	int to = -1;
	int rc = app->st->ops->backlog->get(app->st, r->v.e.idea_id, &idea, err);
	if (rc)
		return rc;
	if (TM_GIVEN(in, TM_XC_IDEA_STATUS)) {
		static const int statuses[] = { TM_IDEA_VALIDATING, TM_IDEA_PLANNED, TM_IDEA_DROPPED, TM_IDEA_SUNSET };
		to = statuses[in->idea_status];
	} else if (r->an.verdict == TM_VERDICT_VARIANT_WINS && idea.status < TM_IDEA_PLANNED) {
		to = TM_IDEA_PLANNED;
	}
	if (to < 0 || to == idea.status)
		return 0;
	if ((rc = tm_idea_status_check(idea.status, to, err)))
		return tm_with_field(err, "idea_status", rc);
	idea.status = to;
	if (to == TM_IDEA_DROPPED || to == TM_IDEA_SUNSET)
		utf8_cut(idea.why, sizeof(idea.why), "experiment %s: %s", r->v.e.name, in->result);
	return app->st->ops->backlog->update(app->st, &idea, err);
}

int tm_app_experiment_close(tm_app *app, const char *ref, const tm_experiment_close_input *in,
			    tm_experiment_report *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_decision d;
	json_t *before = NULL;
	int rc;
	if ((rc = tm_input_check(&tm_experiment_close_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_experiment_get(app, ref, &out->v, err);
	if (!rc && out->v.e.status == TM_EXP_CLOSED)
		rc = closed_already(&out->v.e, "close it once", err);
	if (!rc)
		rc = analysable(&out->v, err);
	const tm_arm *chosen = NULL;
	if (!rc) {
		report_of(&out->v, 0, out);
		if (TM_GIVEN(in, TM_XC_CHOSEN)) {
			chosen = arm_named(&out->v, in->chosen);
			if (!chosen)
				rc = unknown_arm(&out->v, in->chosen, "chosen", err);
		} else {
			chosen = &out->v.arms.v[out->an.winner >= 0 ? out->an.winner : out->an.control];
		}
	}
	if (!rc)
		rc = decision_of(app, out, in, chosen, &d, err);
	if (!rc)
		rc = st->ops->history->decision_add(st, &d, err);
	tm_experiment *e = &out->v.e;
	if (!rc) {
		before = experiment_json(e);
		e->status = TM_EXP_CLOSED;
		e->verdict = out->an.verdict;
		snprintf(e->result, sizeof(e->result), "%s", in->result);
		e->decision_id = d.id;
		e->closed_on = app->today;
		rc = st->ops->experiments->update(st, e, err);
	}
	if (!rc && e->idea_id)
		rc = feed_idea(app, out, in, err);
	if (!rc) {
		json_t *after = experiment_json(e);
		json_object_set_new(after, "chosen", json_string(chosen->name));
		rc = tm_app_audit(app, "experiment.close", before, after, err, "experiment %lld", (long long)e->id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = tm_app_experiment_get(app, ref, &out->v, err);
	return rc;
}
