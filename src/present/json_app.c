/* json_app.c - the JSON of use-case results (checks, briefs, decisions, the agenda): the CLI's --json and the API's bodies. */
#include "present/json_app.h"

#include <stdio.h>
#include <string.h>

#include "render/json.h"

#include "util/banned.h"

static const char *kind_name(int k)
{
	static const char *const names[] = { "launch", "milestone", "task", "holiday", "freeze" };
	return names[k];
}

/* Findings as JSON objects (check's findings, a change's warnings). */
static json_t *findings_json(const tm_findings *fs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < fs->n; i++) {
		const tm_finding *f = &fs->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:s, s:s}", "rule", tm_rule(f->rule)->name, "severity",
						   tm_severity_name(f->severity), "task",
						   f->task_id ? json_integer(f->task_id) : json_null(), "message", f->message,
						   "hint", f->hint));
	}
	return a;
}

json_t *tm_json_check(const tm_launch_check *c)
{
	json_t *findings = findings_json(&c->findings), *ready = json_array();
	for (int k = 0; k < TM_FUNCTIONS; k++) {
		const tm_function_readiness *r = &c->readiness[k];
		if (!r->done && !r->open)
			continue;
		json_array_append_new(ready, json_pack("{s:s, s:i, s:i, s:i, s:o, s:o}", "function", r->function, "done",
						       r->done, "open", r->open, "late", r->late, "worst",
						       r->worst >= 0 ? json_string(tm_severity_name(r->worst)) : json_null(),
						       "worst_rule",
						       r->worst_rule >= 0 ? json_string(tm_rule(r->worst_rule)->name) : json_null()));
	}
	json_t *j = json_pack("{s:s, s:o, s:i, s:i, s:o, s:o}", "launch", c->launch.slug, "score",
			      c->partial ? json_null() : json_integer(c->score), "errors", c->errors, "warnings", c->warnings,
			      "findings", findings, "readiness", c->partial ? (json_decref(ready), json_null()) : ready);
	if (c->partial) {
		/* Only these rules ran: no score or readiness weighs the others. */
		json_t *rules = json_array();
		for (int r = 0; r < TM_RULE_COUNT; r++)
			if (c->rules[r])
				json_array_append_new(rules, json_string(tm_rule(r)->name));
		json_object_set_new(j, "rules", rules);
	}
	return j;
}

json_t *tm_json_readiness(const tm_launch_check *c)
{
	return json_pack("{s:o, s:i, s:i}", "score", c->partial ? json_null() : json_integer(c->score), "errors", c->errors,
			 "warnings", c->warnings);
}

json_t *tm_json_brief(const tm_launch_brief *lb)
{
	const tm_brief *b = &lb->brief;
	json_t *points = json_array(), *limits = json_array(), *metrics = json_array(), *res = json_array();
	for (int i = 0; i < b->n_points; i++)
		json_array_append_new(points, json_string(b->points[i]));
	for (int i = 0; i < b->n_limitations; i++)
		json_array_append_new(limits, json_string(b->limitations[i]));
	for (int i = 0; i < b->n_metrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s, s:s}", "metric", b->metrics[i].metric, "target",
							 b->metrics[i].target, "timeframe", b->metrics[i].timeframe));
	for (int i = 0; i < b->n_resources; i++)
		json_array_append_new(res, json_pack("{s:s, s:s}", "label", b->resources[i].label, "link", b->resources[i].link));
	json_t *personas = json_array();
	for (int i = 0; i < lb->n_personas; i++)
		json_array_append_new(personas, json_pack("{s:s, s:s}", "term", lb->personas[i].term, "role",
							  lb->personas[i].role));
	tm_buf md = TM_BUF_INIT;
	tm_app_brief_markdown(lb, &md);
	json_t *j = json_pack("{s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:s, s:o}", "launch",
			      lb->launch.slug, "written", lb->written, "what", b->what, "why_users", b->why_users,
			      "why_business", b->why_business, "audience_primary", b->audience_primary, "audience_secondary",
			      b->audience_secondary, "headline", b->headline, "supporting_points", points, "competitive",
			      b->competitive, "limitations", limits, "success_metrics", metrics, "resources", res, "markdown",
			      md.s, "personas", personas);
	tm_buf_release(&md);
	return j;
}

/* A decision: "on" and "at" are the day and the time it was recorded ("date" and "recorded_at", as
 * before issue 14, say the same); options in the order given, [] when none were recorded. */
json_t *tm_json_decision(const tm_decision *d)
{
	char on[TM_DATE_STRLEN];
	json_t *options = json_array(), *links = json_array();
	for (const char *p = d->options; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		json_array_append_new(options, json_stringn(p, n));
		p += n + (nl != NULL);
	}
	for (int i = 0; i < d->nlinks; i++) {
		const tm_decision_link *k = &d->links[i];
		json_array_append_new(links, json_pack("{s:s, s:I, s:o}", "kind", tm_link_kind_names[k->kind], "id",
						       (json_int_t)k->id, "label",
						       k->label[0] ? json_string(k->label) : json_null()));
	}
	tm_date_format(d->on, on);
	return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)d->id,
			 "launch", d->launch_slug[0] ? json_string(d->launch_slug) : json_null(), "on", on, "date", on,
			 "what", d->what, "why", d->why, "who", d->who, "at", d->at, "recorded_at", d->at, "decided_by",
			 d->decided_by[0] ? json_string(d->decided_by) : json_null(), "options", options, "chosen",
			 d->chosen[0] ? json_string(d->chosen) : json_null(), "links", links);
}

json_t *tm_json_agenda(const tm_agenda *ag)
{
	json_t *events = json_array(), *conflicts = json_array();
	for (size_t i = 0; i < ag->events.n; i++) {
		const tm_event *e = &ag->events.v[i];
		const tm_launch *l = e->launch >= 0 ? &ag->launches.v[e->launch] : NULL;
		json_t *j = json_pack("{s:s, s:o}", "kind", kind_name(e->kind), "date", tm_json_date(e->date));
		if (e->kind == TM_EV_FREEZE)
			json_object_set_new(j, "end", tm_json_date(e->end));
		if (l) {
			json_object_set_new(j, "launch", json_string(l->slug));
			json_object_set_new(j, "tier", json_integer(l->tier));
		}
		if (e->kind == TM_EV_MILESTONE || e->kind == TM_EV_TASK) {
			json_object_set_new(j, "task", json_integer(e->task.id));
			json_object_set_new(j, "title", json_string(e->task.title));
			json_object_set_new(j, "owner", e->task.owner[0] ? json_string(e->task.owner) : json_null());
			json_object_set_new(j, "status", json_string(tm_task_status_name(e->task.status)));
		} else if (l) {
			json_object_set_new(j, "title", json_string(l->name));
		} else {
			json_object_set_new(j, "title", json_string(e->name));
		}
		json_array_append_new(events, j);
	}
	for (size_t i = 0; i < ag->conflicts.n; i++) {
		const tm_conflict *c = &ag->conflicts.v[i];
		json_array_append_new(conflicts, json_pack("{s:s, s:o, s:I, s:o, s:s}", "rule", c->rule, "date",
							   tm_json_date(c->date), "launch", (json_int_t)c->launch_id, "other",
							   c->other_id ? json_integer(c->other_id) : json_null(),
							   "message", c->message));
	}
	/* Seed 001: each planned launch's stream syncs, as the .ics feed's recurring events. */
	static const char *const days[] = { "", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	json_t *syncs = json_array();
	for (size_t i = 0; i < ag->syncs.n; i++) {
		const tm_stream_sync *y = &ag->syncs.v[i];
		json_array_append_new(syncs, json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:b}", "launch",
						       ag->launches.v[y->launch].slug, "stream", y->stream.key, "name",
						       y->stream.name, "every_weeks", y->stream.every_weeks, "day",
						       days[y->stream.weekday >= 1 && y->stream.weekday <= 7 ? y->stream.weekday : 0],
						       "first", tm_json_date(y->first), "until", tm_json_date(y->until), "dri",
						       y->dri[0] ? json_string(y->dri) : json_null(), "dri_named", y->dri_named));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "from", tm_json_date(ag->from), "to", tm_json_date(ag->to), "events", events,
				"conflicts", conflicts, "syncs", syncs);
}

json_t *tm_json_launch_detail(const tm_launch_detail *d)
{
	json_t *j = tm_json_launch(&d->launch, &d->tasks);
	if (d->notes.n) {
		json_t *notes = json_array();
		for (size_t i = 0; i < d->notes.n; i++)
			json_array_append_new(notes, json_string(d->notes.v[i].text));
		json_object_set_new(j, "notes", notes);
	}
	json_t *hist = json_array();
	int slips = 0;
	for (size_t i = 0; i < d->history.n; i++) {
		const tm_date_change *c = &d->history.v[i];
		char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], on[TM_DATE_STRLEN];
		slips += c->to > c->from;
		json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s}", "from", tm_date_format(c->from, a), "to",
						      tm_date_format(c->to, b), "decided", tm_date_format(c->on, on), "reason",
						      c->reason, "public_reason", c->public_reason[0] ? c->public_reason : NULL,
						      "by", c->by));
	}
	json_object_set_new(j, "date_history", hist);
	json_object_set_new(j, "slips", json_integer(slips));
	/* The backlog item it was promoted from (backlog promote), or null. */
	json_object_set_new(j, "idea", d->idea_id ? json_pack("{s:I, s:s}", "id", (json_int_t)d->idea_id, "title", d->idea_title)
						 : json_null());
	json_t *owners = json_object();
	for (size_t i = 0; i < d->owners.n; i++)
		json_object_set_new(owners, tm_role_name(d->owners.v[i].role), json_string(d->owners.v[i].person));
	json_object_set_new(j, "owners", owners);
	/* Seed 001's stream DRIs and seed 002's executive sponsor. */
	json_t *dris = json_array();
	for (size_t i = 0; i < d->dris.n; i++) {
		const tm_stream_dri *s = &d->dris.v[i];
		json_array_append_new(dris, json_pack("{s:s, s:o, s:s, s:I}", "stream", s->stream, "name",
						      s->name[0] ? json_string(s->name) : json_null(), "person", s->person,
						      "person_id", (json_int_t)s->person_id));
	}
	json_object_set_new(j, "dris", dris);
	json_t *watchers = json_array();
	for (size_t i = 0; i < d->watchers.n; i++)
		json_array_append_new(watchers, json_pack("{s:I, s:s}", "id", (json_int_t)d->watchers.v[i].id, "name",
							  d->watchers.v[i].name));
	json_object_set_new(j, "watchers", watchers);
	json_object_set_new(j, "sponsor",
			    d->sponsor.id ? json_pack("{s:I, s:s, s:b}", "id", (json_int_t)d->sponsor.id, "name",
						      d->sponsor.name, "default", d->sponsor_default)
					  : json_null());
	if (d->warned)
		json_object_set_new(j, "warnings", findings_json(&d->warnings));
	return j;
}

static json_t *task_ids(const tm_tasks *ts)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ts->n; i++)
		json_array_append_new(a, json_integer(ts->v[i].id));
	return a;
}

json_t *tm_json_delay(const tm_delay_result *r)
{
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	tm_date_format(r->change.from, from);
	tm_date_format(r->change.to, to);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:i, s:s, s:o, s:o, s:o, s:i}", "launch", r->after.slug, "from", from,
			 "to", to, "reason", r->change.reason, "public_reason",
			 r->change.public_reason[0] ? r->change.public_reason : NULL, "date_changes", r->after.date_changes,
			 "baseline", r->baseline.name, "moved", task_ids(&r->moved), "fixed", task_ids(&r->fixed), "inconsistent",
			 task_ids(&r->inconsistent), "done_kept", r->done_kept);
	json_object_set_new(j, "warnings", findings_json(&r->warnings));
	return j;
}

json_t *tm_json_delay_preview(const tm_delay_result *r, const tm_launch_check *after)
{
	json_t *j = tm_json_delay(r);
	json_object_set_new(j, "dry_run", json_true());
	json_object_set_new(j, "moved_tasks", tm_json_tasks(r->moved.v, r->moved.n));
	json_object_set_new(j, "findings", findings_json(&after->findings));
	json_object_set_new(j, "readiness", tm_json_readiness(after));
	return j;
}

json_t *tm_json_audit(const tm_audit *a)
{
	json_t *before = a->before ? json_loads(a->before, JSON_DECODE_ANY, NULL) : NULL;
	json_t *after = a->after ? json_loads(a->after, JSON_DECODE_ANY, NULL) : NULL;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id, "at", a->at, "who", a->who, "action",
			 a->action, "target", a->target, "before", before ? before : json_null(), "after",
			 after ? after : json_null());
}

json_t *tm_json_holiday(const tm_holiday *h)
{
	return json_pack("{s:o, s:s}", "date", tm_json_date(h->date), "name", h->name);
}

json_t *tm_json_freeze(const tm_freeze *f)
{
	return json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)f->id, "name", f->name, "from", tm_json_date(f->start), "to",
			 tm_json_date(f->end));
}

json_t *tm_json_holiday_result(const tm_holiday_result *r)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "added", r->added, "skipped", r->skipped, "left_out", r->left_out,
			 "tasks_moved", r->moved);
}

json_t *tm_json_tier_advice(const tm_tier_advice *a)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:i}", "tier", a->suggestion.tier, "name", a->tier->name, "gtm",
			 a->tier->gtm, "pm_involvement", a->tier->pm_involvement, "rationale", a->suggestion.rationale, "tasks",
			 (int)a->tier->tasks.n);
}

json_t *tm_json_brief_import(const tm_launch_brief *lb)
{
	json_t *j = tm_json_brief(lb), *changes = json_array();
	for (int i = 0; i < lb->n_changes; i++)
		json_array_append_new(changes, json_pack("{s:s, s:s, s:s, s:b}", "field", lb->changes[i].field, "brief",
							 lb->changes[i].brief, "launch", lb->changes[i].launch, "applied",
							 lb->applied));
	json_object_set_new(j, "overview_changes", changes);
	return j;
}

json_t *tm_json_notes(const tm_notes *notes)
{
	json_t *a = json_array();
	for (size_t i = 0; i < notes->n; i++)
		json_array_append_new(a, json_string(notes->v[i].text));
	return a;
}

json_t *tm_json_user(const tm_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:b}", "id", (json_int_t)u->id, "name", u->name, "role",
			 tm_user_role_name(u->role), "person", u->person[0] ? json_string(u->person) : json_null(),
			 "created_at", u->created_at, "must_change_password", u->must_change_password);
}

json_t *tm_json_token(const tm_token *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)t->id, "user", t->user, "name", t->name,
			 "scope", t->write ? "write" : "read", "created_at", t->created_at, "expires_at",
			 t->expires_at[0] ? json_string(t->expires_at) : json_null(), "revoked", t->revoked);
}

json_t *tm_json_token_created(const tm_token *t, const char *text)
{
	json_t *j = tm_json_token(t);
	json_object_set_new(j, "token", json_string(text));
	return j;
}

json_t *tm_json_task_approval(const tm_task *t, const tm_approval_state *s)
{
	json_t *j = tm_json_task(t), *missing = json_array();
	for (int i = 0; s && i < s->n_missing; i++)
		json_array_append_new(missing, json_string(s->missing[i]));
	json_object_set_new(j, "approval_missing", missing);
	return j;
}

json_t *tm_json_playbook_apply(const tm_launch_detail *d, bool dry_run)
{
	return json_pack("{s:o, s:b, s:o, s:o}", "launch", tm_json_launch(&d->launch, NULL), "dry_run", dry_run, "tasks",
			 tm_json_tasks(d->tasks.v, d->tasks.n), "notes", tm_json_notes(&d->notes));
}

json_t *tm_json_triage(const tm_triage *t)
{
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	json_t *rows = json_array(), *weeks = json_array();
	for (size_t i = 0; i < t->rows.n; i++) {
		const tm_triage_row *r = &t->rows.v[i];
		char hint[TM_SLUG_MAX + 48];
		snprintf(hint, sizeof(hint), "tminus launch set %s --tier %d", r->launch.slug, r->launch.tier + 1);
		json_array_append_new(rows, json_pack("{s:o, s:i, s:o, s:f, s:f, s:f, s:b, s:o}", "launch",
						      tm_json_launch(&r->launch, NULL), "impact", r->impact, "rice",
						      r->has_rice ? json_real(r->rice) : json_null(), "effort_days",
						      r->effort_days, "per_week", r->per_week, "ratio", r->ratio, "move_down",
						      r->move_down, "suggestion", r->move_down ? json_string(hint) : json_null()));
	}
	for (size_t i = 0; i < t->weeks.n; i++) {
		const tm_triage_week *w = &t->weeks.v[i];
		char monday[TM_DATE_STRLEN];
		json_array_append_new(weeks, json_pack("{s:s, s:i, s:i, s:f, s:f, s:b}", "monday",
						       tm_date_format(w->monday, monday), "year", w->year, "week", w->week,
						       "demand", w->demand, "capacity", w->capacity, "over", w->over));
	}
	return json_pack("{s:s, s:s, s:s, s:f, s:i, s:s, s:o, s:o}", "quarter", t->quarter, "from",
			 tm_date_format(t->from, from), "to", tm_date_format(t->to, to), "capacity", t->capacity,
			 "over_weeks", t->over_weeks, "impact",
			 "the tier's weight (Tier 1 8, Tier 2 4, Tier 3 2, Tier 4 1): RICE scores and revenue targets are not "
			 "kept yet",
			 "launches", rows, "weeks", weeks);
}
