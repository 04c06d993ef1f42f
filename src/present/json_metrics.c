/*
 * json_metrics.c - the JSON of the after-launch use cases: metrics judged,
 * their observations, reviews, the dashboard and the stakeholder update. The
 * command line's --json and the API's bodies, so the two never disagree.
 *
 * Values are JSON numbers as the metric holds them (no rounding: a reader
 * comparing "observed" with "expected" finds what the judgement found);
 * fields that may be absent are null, never left out.
 */
#include "present/json_metrics.h"

#include <stdio.h>

#include "present/json_app.h"
#include "present/outcomes.h"
#include "render/json.h"

#include "util/banned.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *tm_json_metric(const tm_metric_view *v)
{
	const tm_metric *m = &v->m;
	const tm_metric_judgement *j = &v->j;
	char target[64];
	tm_target_format(&m->target, target, sizeof(target));
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "launch", json_string(m->launch_slug));
	json_object_set_new(o, "launch_name", json_string(v->launch_name));
	json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "kind", json_string(tm_metric_kind_name(m->kind)));
	json_object_set_new(o, "unit", json_string(tm_unit_name(&m->unit)));
	json_object_set_new(o, "direction", json_string(m->down ? "down" : "up"));
	json_object_set_new(o, "baseline", json_real(m->baseline));
	json_object_set_new(o, "baseline_on", m->has_baseline_on ? tm_json_date(m->baseline_on) : json_null());
	json_object_set_new(o, "target", json_string(target));
	json_object_set_new(o, "target_value", json_real(j->target));
	json_object_set_new(o, "window", json_integer(m->window));
	json_object_set_new(o, "window_end", tm_json_date(j->window_end));
	json_object_set_new(o, "owner", str_or_null(m->owner));
	json_object_set_new(o, "source", json_string(m->source));
	json_object_set_new(o, "version", json_integer(m->version));
	json_object_set_new(o, "observations", json_integer(m->sum.n));
	json_object_set_new(o, "status", json_string(tm_metric_state_name(j->state)));
	json_object_set_new(o, "expected", j->has_expected ? json_real(j->expected) : json_null());
	json_object_set_new(o, "observed", j->has_observed ? json_real(j->observed) : json_null());
	json_object_set_new(o, "observed_on", j->has_observed ? tm_json_date(j->observed_on) : json_null());
	json_object_set_new(o, "stale", json_boolean(j->stale));
	json_object_set_new(o, "days_left", json_integer(j->days_left));
	return o;
}

/* A date member, or null. */
static void out_date(tm_json_out *w, const char *key, bool has, tm_date d)
{
	char on[TM_DATE_STRLEN];
	tm_json_out_key(w, key);
	if (has)
		tm_json_out_str(w, tm_date_format(d, on), false);
	else
		tm_json_out_null(w);
}

static void out_real(tm_json_out *w, const char *key, bool has, double v)
{
	tm_json_out_key(w, key);
	if (has)
		tm_json_out_real(w, v);
	else
		tm_json_out_null(w);
}

void tm_json_out_metric(tm_json_out *w, const tm_metric_view *v)
{
	const tm_metric *m = &v->m;
	const tm_metric_judgement *j = &v->j;
	char target[64];
	tm_target_format(&m->target, target, sizeof(target));
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "id");
	tm_json_out_int(w, m->id);
	tm_json_out_key(w, "launch");
	tm_json_out_str(w, m->launch_slug, false);
	tm_json_out_key(w, "launch_name");
	tm_json_out_str(w, v->launch_name, false);
	tm_json_out_key(w, "name");
	tm_json_out_str(w, m->name, false);
	tm_json_out_key(w, "kind");
	tm_json_out_str(w, tm_metric_kind_name(m->kind), false);
	tm_json_out_key(w, "unit");
	tm_json_out_str(w, tm_unit_name(&m->unit), false);
	tm_json_out_key(w, "direction");
	tm_json_out_str(w, m->down ? "down" : "up", false);
	out_real(w, "baseline", true, m->baseline);
	out_date(w, "baseline_on", m->has_baseline_on, m->baseline_on);
	tm_json_out_key(w, "target");
	tm_json_out_str(w, target, false);
	out_real(w, "target_value", true, j->target);
	tm_json_out_key(w, "window");
	tm_json_out_int(w, m->window);
	out_date(w, "window_end", true, j->window_end);
	tm_json_out_key(w, "owner");
	tm_json_out_str(w, m->owner, true);
	tm_json_out_key(w, "source");
	tm_json_out_str(w, m->source, false);
	tm_json_out_key(w, "version");
	tm_json_out_int(w, m->version);
	tm_json_out_key(w, "observations");
	tm_json_out_int(w, m->sum.n);
	tm_json_out_key(w, "status");
	tm_json_out_str(w, tm_metric_state_name(j->state), false);
	out_real(w, "expected", j->has_expected, j->expected);
	out_real(w, "observed", j->has_observed, j->observed);
	out_date(w, "observed_on", j->has_observed, j->observed_on);
	tm_json_out_key(w, "stale");
	tm_json_out_bool(w, j->stale);
	tm_json_out_key(w, "days_left");
	tm_json_out_int(w, j->days_left);
	tm_json_out_close(w);
}

json_t *tm_json_metrics(const tm_metric_views *vs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < vs->n; i++)
		json_array_append_new(a, tm_json_metric(&vs->v[i]));
	return a;
}

json_t *tm_json_observation(const tm_observation *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "metric", json_integer(o->metric_id));
	json_object_set_new(j, "on", tm_json_date(o->on));
	json_object_set_new(j, "value", json_real(o->value));
	json_object_set_new(j, "note", json_string(o->note));
	json_object_set_new(j, "by", json_string(o->by));
	json_object_set_new(j, "at", json_string(o->at));
	return j;
}

json_t *tm_json_observations(const tm_observations *os)
{
	json_t *a = json_array();
	for (size_t i = 0; i < os->n; i++)
		json_array_append_new(a, tm_json_observation(&os->v[i]));
	return a;
}

static json_t *decisions_json(const tm_decisions *ds)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ds->n; i++)
		json_array_append_new(a, tm_json_decision(&ds->v[i]));
	return a;
}

json_t *tm_json_review(const tm_launch_review *r)
{
	json_t *metrics = json_array(), *questions = json_array();
	for (size_t i = 0; i < r->metrics.n; i++) {
		json_t *m = tm_json_metric(&r->metrics.v[i]);
		/* Here "observations" is the series itself (its count is the array's length). */
		json_object_set_new(m, "observations", r->obs ? tm_json_observations(&r->obs[i]) : json_array());
		json_array_append_new(metrics, m);
	}
	for (const char *const *q = tm_stage_questions(r->stage); q && *q; q++)
		json_array_append_new(questions, json_string(*q));
	tm_buf md = TM_BUF_INIT;
	tm_review_markdown(r, &md);
	json_t *j = json_object();
	json_object_set_new(j, "launch", json_string(r->launch.slug));
	json_object_set_new(j, "stage", json_string(tm_stage_name(r->stage)));
	json_object_set_new(j, "label", json_string(tm_stage_label(r->stage)));
	json_object_set_new(j, "on", tm_json_date(r->on));
	json_object_set_new(j, "held", json_boolean(r->held));
	json_object_set_new(j, "held_on", r->held ? tm_json_date(r->review.held_on) : json_null());
	json_object_set_new(j, "notes", r->held ? json_string(r->review.notes) : json_null());
	json_object_set_new(j, "by", r->held ? str_or_null(r->review.by) : json_null());
	json_object_set_new(j, "task", r->task_id ? json_integer(r->task_id) : json_null());
	json_object_set_new(j, "metrics", metrics);
	json_object_set_new(j, "open_tasks", tm_json_tasks(r->open.v, r->open.n));
	json_object_set_new(j, "decisions", decisions_json(&r->decisions));
	json_object_set_new(j, "questions", questions);
	json_object_set_new(j, "markdown", json_string(md.s ? md.s : ""));
	tm_buf_release(&md);
	return j;
}

json_t *tm_json_review_record(const tm_review *r, const char *launch_slug)
{
	json_t *j = json_object();
	json_object_set_new(j, "launch", json_string(launch_slug ? launch_slug : ""));
	json_object_set_new(j, "stage", json_string(tm_stage_name(r->stage)));
	json_object_set_new(j, "held_on", tm_json_date(r->held_on));
	json_object_set_new(j, "notes", json_string(r->notes));
	json_object_set_new(j, "by", str_or_null(r->by));
	json_object_set_new(j, "at", json_string(r->at));
	return j;
}

json_t *tm_json_review_stages(const tm_review_stages *s)
{
	json_t *stages = json_array();
	for (int k = 0; k < TM_STAGE_COUNT; k++) {
		const tm_review *held = NULL;
		for (size_t i = 0; i < s->held.n; i++)
			if (s->held.v[i].stage == k)
				held = &s->held.v[i];
		json_array_append_new(stages, json_pack("{s:s, s:s, s:o, s:b, s:o, s:o}", "stage", tm_stage_name(k), "label",
							 tm_stage_label(k), "on", tm_json_date(s->on[k]), "held", held != NULL,
							 "held_on", held ? tm_json_date(held->held_on) : json_null(), "by",
							 held ? str_or_null(held->by) : json_null()));
	}
	return json_pack("{s:s, s:o, s:o, s:s, s:o}", "launch", s->launch.slug, "date", tm_json_date(s->launch.date), "today",
			 tm_json_date(s->today), "current", tm_stage_name(s->current), "stages", stages);
}

/* {"no-data":n,"on-track":n,"behind":n,"met":n,"missed":n}: every state, zeros too. */
static json_t *state_counts(const int *counts)
{
	json_t *o = json_object();
	for (int s = 0; s < TM_METRIC_STATE_COUNT; s++)
		json_object_set_new(o, tm_metric_state_name(s), json_integer(counts[s]));
	return o;
}

json_t *tm_json_dashboard(const tm_dashboard *d)
{
	json_t *tiers = json_object(), *rows = json_array();
	for (int t = 1; t <= 4; t++) {
		char key[4];
		snprintf(key, sizeof(key), "%d", t);
		json_object_set_new(tiers, key, json_integer(d->by_tier[t]));
	}
	for (size_t i = 0; i < d->rows.n; i++) {
		const tm_dashboard_row *r = &d->rows.v[i];
		json_t *j = json_object();
		json_object_set_new(j, "launch", json_string(r->launch.slug));
		json_object_set_new(j, "name", json_string(r->launch.name));
		json_object_set_new(j, "tier", json_integer(r->launch.tier));
		json_object_set_new(j, "date", tm_json_date(r->launch.date));
		json_object_set_new(j, "status", json_string(tm_launch_status_name(r->launch.status)));
		json_object_set_new(j, "launched", json_boolean(r->launched));
		json_object_set_new(j, "score", r->score >= 0 ? json_integer(r->score) : json_null());
		json_object_set_new(j, "errors", json_integer(r->errors));
		json_object_set_new(j, "warnings", json_integer(r->warnings));
		json_object_set_new(j, "metrics", state_counts(r->metrics));
		json_object_set_new(j, "first_date", tm_json_date(r->first_date));
		json_object_set_new(j, "slip_days", json_integer(r->slip_days));
		json_object_set_new(j, "moves", json_integer(r->moves));
		json_array_append_new(rows, j);
	}
	json_t *j = json_object();
	json_object_set_new(j, "quarter", json_string(d->quarter));
	json_object_set_new(j, "from", tm_json_date(d->from));
	json_object_set_new(j, "to", tm_json_date(d->to));
	json_object_set_new(j, "today", tm_json_date(d->today));
	json_object_set_new(j, "by_tier", tiers);
	json_object_set_new(j, "launches", rows);
	json_object_set_new(j, "behind", tm_json_metrics(&d->behind));
	return j;
}

json_t *tm_json_stakeholder_update(const tm_stakeholder_update *u)
{
	char month[16];
	json_t *shipped = json_array(), *coming = json_array(), *moved = json_array(), *risks = json_array();
	snprintf(month, sizeof(month), "%04d-%02d", u->year, u->month);
	for (size_t i = 0; i < u->shipped.n; i++)
		json_array_append_new(shipped, tm_json_launch(&u->shipped.v[i], NULL));
	for (size_t i = 0; i < u->coming.n; i++)
		json_array_append_new(coming, tm_json_launch(&u->coming.v[i], NULL));
	for (size_t i = 0; i < u->moved.n; i++) {
		const tm_metric_move *mv = &u->moved.v[i];
		json_t *m = tm_json_metric(&mv->v);
		json_object_set_new(m, "from", mv->has_from ? json_real(mv->from) : json_null());
		json_object_set_new(m, "to", json_real(mv->to));
		json_object_set_new(m, "to_on", tm_json_date(mv->to_on));
		json_array_append_new(moved, m);
	}
	/* The risks: each coming launch's blocking findings, one flat list naming the launch. */
	for (size_t i = 0; i < u->risks.n; i++) {
		const tm_launch_check *c = &u->risks.v[i];
		for (size_t k = 0; k < c->findings.n; k++) {
			const tm_finding *f = &c->findings.v[k];
			if (f->severity != TM_SEV_ERROR)
				continue;
			json_array_append_new(risks, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "launch", c->launch.slug,
							       "name", c->launch.name, "rule", tm_rule(f->rule)->name,
							       "severity", tm_severity_name(f->severity), "task",
							       f->task_id ? json_integer(f->task_id) : json_null(), "message",
							       f->message, "hint", f->hint));
		}
	}
	tm_buf md = TM_BUF_INIT, text = TM_BUF_INIT;
	tm_stakeholder_markdown(u, &md);
	tm_stakeholder_text(u, &text);
	json_t *j = json_object();
	json_object_set_new(j, "month", json_string(month));
	json_object_set_new(j, "from", tm_json_date(u->from));
	json_object_set_new(j, "to", tm_json_date(u->to));
	json_object_set_new(j, "shipped", shipped);
	json_object_set_new(j, "coming", coming);
	json_object_set_new(j, "moved", moved);
	json_object_set_new(j, "decisions", decisions_json(&u->decisions));
	json_object_set_new(j, "risks", risks);
	json_object_set_new(j, "markdown", json_string(md.s ? md.s : ""));
	json_object_set_new(j, "text", json_string(text.s ? text.s : ""));
	tm_buf_release(&md);
	tm_buf_release(&text);
	return j;
}
