/*
 * cadence_huddle.c - the 45-minute weekly huddle of seed 003, in its five
 * parts: status per team (5 minutes), blockers (10: check's findings on the
 * launches landing within three weeks, each planned alone, never the whole
 * portfolio), dependencies across launches (15: people on several, product
 * milestones, launches close together, roadmap items several launches
 * deliver), decisions to take (10) and owners (5).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cadence_internal.h"

#include "util/banned.h"

#define HUDDLE_WEEKS_AHEAD 2   /* the huddle's launches: this week's and the two weeks' after */
#define HUDDLE_CHECK_MAX 40    /* launches the huddle checks at most (nearest launch day first) */
#define BLOCKERS_PER_LAUNCH 3  /* findings of one launch the huddle lists before saying how many more */
#define HUDDLE_LOOKBACK 28     /* days before the week whose overdue tasks the huddle counts (older: the stand-up's) */

/* ---- the weekly huddle ---- */

/* Runs the readiness rules on one launch, planned alone (check.c's check, without owner-overload). */
static int check_launch(tm_app *app, const tm_launch *l, const tm_launches *portfolio, const tm_freezes *freezes,
			tm_findings *out, tm_error *err)
{
	tm_launch_plan lp;
	tm_tasks tasks = TM_VEC_INIT;
	tm_metrics metrics = TM_VEC_INIT;
	tm_date_changes history = TM_VEC_INIT;
	tm_brief brief;
	bool written = false;
	const tm_calendar *cal;
	tm_person pmm = { 0 };
	bool only[TM_RULE_COUNT];
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)l->id);
	int rc = tm_app_plan(app, ref, &lp, err);
	if (rc)
		return rc;
	if ((rc = tm_app_calendar_load(app, &cal, err)) ||
	    (rc = app->st->ops->tasks->list(app->st, l->id, NULL, &tasks, err)) ||
	    (rc = app->st->ops->briefs->get(app->st, l->id, &brief, &written, err)) ||
	    (rc = app->st->ops->history->date_change_list(app->st, l->id, &history, err)) ||
	    (rc = app->st->ops->metrics->list(app->st, l->id, &metrics, err)))
		goto out;
	tm_app_brief_merge_metrics(&brief, metrics.v, metrics.n);
	bool external = false;
	for (size_t i = 0; i < tasks.n && !external; i++)
		external = tasks.v[i].external;
	if (external && (rc = tm_app_launch_pmm(app, l, &pmm, err)))
		goto out;
	for (int r = 0; r < TM_RULE_COUNT; r++)
		only[r] = r != TM_RULE_OWNER_OVERLOAD;
	tm_check_input in = {
		.launch = &lp.launch, .tasks = tasks.v, .n_tasks = tasks.n, .plan = &lp.plan, .brief = &brief,
		.brief_written = written, .cal = cal, .freezes = freezes->v, .n_freezes = freezes->n,
		.portfolio = portfolio->v, .n_portfolio = portfolio->n,
		.last_move = history.n ? &history.v[history.n - 1] : NULL, .pmm = pmm.name,
		.metrics = metrics.n ? metrics.v : NULL, .n_metrics = metrics.n, .today = app->today, .only = only,
	};
	tm_check_launch(&in, out);
out:
	tm_launch_plan_release(&lp);
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&metrics);
	TM_VEC_FREE(&history);
	return rc;
}

/* A finding with the launch it is about, for sorting the huddle's blockers. */
typedef struct blocker {
	tm_finding f;
	size_t launch;               /* index into the huddle's launches */
} blocker;

static int cmp_blocker(const void *a, const void *b)
{
	const blocker *x = a, *y = b;
	if (x->f.severity != y->f.severity)
		return y->f.severity - x->f.severity;
	if (x->launch != y->launch)
		return x->launch < y->launch ? -1 : 1;
	return x->f.rule - y->f.rule;
}

/* A person's open tasks across launches (the huddle's dependencies). */
typedef struct person_load {
	char name[TM_NAME_MAX + 1];
	int tasks;
	int64_t launches[8];
	int per_launch[8];
	int n_launches;              /* distinct launches (counted past 8 too) */
} person_load;

static int cmp_load(const void *a, const void *b)
{
	const person_load *x = a, *y = b;
	if (x->n_launches != y->n_launches)
		return y->n_launches - x->n_launches;
	if (x->tasks != y->tasks)
		return y->tasks - x->tasks;
	return strcmp(x->name, y->name);
}

/* The huddle's status per team: the tasks due this week (done or not), overdue and due next week, by role. */
static void team_status(tm_meeting_agenda *a, const tm_tasks *tasks, tm_date monday, tm_date sunday)
{
	for (int role = -1; role < TM_ROLE_COUNT; role++) {
		int due = 0, done = 0, overdue = 0, next = 0, open = 0;
		for (size_t i = 0; i < tasks->n; i++) {
			const tm_task *t = &tasks->v[i];
			int r = t->role >= 0 && t->role < TM_ROLE_COUNT ? t->role : -1;
			if (r != role || t->milestone)
				continue;
			bool is_open = cadence_task_open(t);
			if (t->due >= monday && t->due <= sunday) {
				due++;
				done += t->status == TM_TASK_DONE || t->status == TM_TASK_SKIPPED;
			}
			if (is_open && t->due < a->date)
				overdue++;
			if (is_open && t->due > sunday)
				next++;
			open += is_open;
		}
		if (!due && !overdue && !next)
			continue;
		char since[TM_DATE_STRLEN];
		cadence_item(a, 0, NULL, NULL, 0, "%s%s%s%s: %d of %d %s due this week done, %d overdue (due since %s), %d due next week",
		     role < 0 ? "no role" : tm_role_label(role), role < 0 ? "" : " (", role < 0 ? "" : tm_role_name(role),
		     role < 0 ? "" : ")", done, due, tm_plural(due, "task", "tasks"), overdue,
		     tm_date_format(monday - HUDDLE_LOOKBACK, since), next);
		(void)open;
	}
}

/* What the huddle's parts share. */
typedef struct huddle {
	tm_app *app;
	tm_meeting_agenda *a;
	tm_date monday, sunday;      /* the week */
	tm_date horizon;             /* the last day of the launches it looks at (two weeks after the week) */
	tm_launches near;            /* the launches not cancelled a little either side of the week and the horizon */
	tm_launches focus;           /* the planned launches landing within the week and the horizon, by date */
	tm_freezes freezes;
	tm_tasks tasks;              /* due from HUDDLE_LOOKBACK days before the week to next week's end */
	launch_cache lc;             /* the launches read, the focus ones first */
	tm_experiment_views experiments; /* the running experiments (decisions read them, owners too) */
} huddle;

/* 1. Status per team: the launches landing within three weeks, and each team's tasks. */
static int huddle_status(huddle *h, tm_error *err)
{
	tm_meeting_agenda *a = h->a;
	const tm_launches focus = h->focus;
	const tm_tasks tasks = h->tasks;
	tm_date monday = h->monday, sunday = h->sunday, horizon = h->horizon;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	char empty[300];
	int rc = 0;
	/* 1. Status per team. */
	snprintf(empty, sizeof(empty), "no launch lands by %s and no task is due this week", tm_date_format(horizon, d2));
	cadence_section(a, empty);
	if (focus.n) {
		tm_buf names = TM_BUF_INIT;
		for (size_t i = 0; i < focus.n && i < 8; i++)
			tm_buf_printf(&names, "%s%s (Tier %d, %s)", i ? ", " : "", focus.v[i].name, focus.v[i].tier,
				      tm_date_format(focus.v[i].date, d1));
		if (focus.n > 8)
			tm_buf_printf(&names, " and %zu more", focus.n - 8);
		cadence_item(a, 0, NULL, NULL, 0, "%zu %s %s by %s: %s", focus.n, tm_plural((long long)focus.n, "launch", "launches"),
		     focus.n == 1 ? "lands" : "land", tm_date_format(horizon, d2), names.s);
		tm_buf_release(&names);
	}
	team_status(a, &tasks, monday, sunday);

	(void)err;
	return rc;
}

/* 2. Blockers: the readiness rules on the nearest launches (not owner-overload: see check_launch). */
static int huddle_blockers(huddle *h, tm_error *err)
{
	tm_meeting_agenda *a = h->a;
	const tm_launches focus = h->focus, near = h->near;
	const tm_tasks tasks = h->tasks;
	char d1[TM_DATE_STRLEN];
	tm_app *app = h->app;
	TM_VEC(blocker) blockers = TM_VEC_INIT;
	int rc = 0;
	/* 2. Blockers: the readiness rules on the nearest launches. */
	size_t checked = focus.n < HUDDLE_CHECK_MAX ? focus.n : HUDDLE_CHECK_MAX;
	for (size_t i = 0; i < checked; i++) {
		tm_findings found = TM_VEC_INIT;
		if ((rc = check_launch(app, &focus.v[i], &near, &h->freezes, &found, err))) {
			TM_VEC_FREE(&found);
			goto out;
		}
		for (size_t k = 0; k < found.n; k++) {
			if (found.v[k].severity < TM_SEV_WARNING)
				continue;
			blocker *b = TM_VEC_PUSH(&blockers);
			b->f = found.v[k];
			b->launch = i;
		}
		TM_VEC_FREE(&found);
	}
	if (focus.n > checked)
		tm_note_add(&a->notes, "blockers: the %zu launches nearest launch day were checked, %zu later ones were not",
			    checked, focus.n - checked);
	if (blockers.n)
		qsort(blockers.v, blockers.n, sizeof(*blockers.v), cmp_blocker);
	cadence_section(a, checked ? "check finds nothing blocking the launches of the next three weeks"
			   : "no planned launch lands within the next three weeks");
	size_t errors = 0;
	for (size_t i = 0; i < blockers.n; i++)
		errors += blockers.v[i].f.severity == TM_SEV_ERROR;
	/* The most severe first, at most BLOCKERS_PER_LAUNCH of one launch (its count says how many more it has),
	 * so that one launch in trouble does not hide the others. */
	size_t shown = 0;
	int *per = tm_xcalloc(checked ? checked : 1, sizeof(*per));
	for (size_t i = 0; i < blockers.n; i++)
		per[blockers.v[i].launch]++;
	int *listed = tm_xcalloc(checked ? checked : 1, sizeof(*listed));
	for (size_t i = 0; i < blockers.n && shown < LIST_MAX; i++) {
		const blocker *b = &blockers.v[i];
		const tm_launch *l = &focus.v[b->launch];
		if (listed[b->launch] == BLOCKERS_PER_LAUNCH) {
			listed[b->launch]++;
			cadence_item(a, 1, l->pm, l->slug, 0, "and %d more findings of %s (tminus check %s)",
				     per[b->launch] - BLOCKERS_PER_LAUNCH, l->name, l->slug);
			continue;
		}
		if (listed[b->launch] > BLOCKERS_PER_LAUNCH)
			continue;
		listed[b->launch]++;
		shown++;
		const char *owner = l->pm;
		for (size_t k = 0; b->f.task_id && k < tasks.n; k++)
			if (tasks.v[k].id == b->f.task_id)
				owner = tasks.v[k].owner;
		cadence_item(a, 0, owner, l->slug, b->f.task_id, "%s (%s): %s, %s: %s", l->name, tm_date_format(l->date, d1),
		     tm_rule(b->f.rule)->name, tm_severity_name(b->f.severity), b->f.message);
	}
	size_t hidden = 0;
	for (size_t i = 0; i < checked; i++)
		if (listed[i] == 0 && per[i])
			hidden += (size_t)per[i];
	if (hidden)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more findings on other launches (tminus check)", hidden);
	free(per);
	free(listed);
	if (blockers.n)
		tm_note_add(&a->notes, "blockers: %zu %s and %zu %s on %zu %s", errors, tm_plural((long long)errors, "error", "errors"),
			    blockers.n - errors, tm_plural((long long)(blockers.n - errors), "warning", "warnings"), checked,
			    tm_plural((long long)checked, "launch", "launches"));

out:
	TM_VEC_FREE(&blockers);
	return rc;
}

/* 3. Dependencies across launches: people on several, product milestones, launches close together, roadmap items several launches deliver. */
static int huddle_dependencies(huddle *h, tm_error *err)
{
	tm_meeting_agenda *a = h->a;
	const tm_launches focus = h->focus;
	const tm_tasks tasks = h->tasks;
	tm_date monday = h->monday, sunday = h->sunday;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	tm_app *app = h->app;
	tm_store *st = h->app->st;
	launch_cache *lc = &h->lc;
	TM_VEC(person_load) loads = TM_VEC_INIT;
	tm_roadmap_items roadmap = TM_VEC_INIT;
	int rc = 0;
	/* 3. Dependencies across launches: people on several, product milestones marketing waits for, launches
	 * close together. */
	cadence_section(a, "no one's open work spans two launches, and no launch waits on another");
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!cadence_task_open(t) || !t->owner[0] || t->due < monday || t->due > sunday + 7)
			continue;
		person_load *p = NULL;
		for (size_t k = 0; k < loads.n && !p; k++)
			if (!strcmp(loads.v[k].name, t->owner))
				p = &loads.v[k];
		if (!p) {
			p = TM_VEC_PUSH(&loads);
			snprintf(p->name, sizeof(p->name), "%s", t->owner);
		}
		p->tasks++;
		int at = -1;
		for (int k = 0; k < p->n_launches && k < 8 && at < 0; k++)
			if (p->launches[k] == t->launch_id)
				at = k;
		if (at < 0) {
			if (p->n_launches < 8) {
				p->launches[p->n_launches] = t->launch_id;
				p->per_launch[p->n_launches] = 0;
				at = p->n_launches;
			}
			p->n_launches++;
		}
		if (at >= 0)
			p->per_launch[at]++;
	}
	if (loads.n)
		qsort(loads.v, loads.n, sizeof(*loads.v), cmp_load);
	size_t shared = 0;
	for (size_t i = 0; i < loads.n; i++) {
		const person_load *p = &loads.v[i];
		if (p->n_launches < 2)
			continue;
		if (++shared > LIST_MAX / 2)
			continue;
		tm_buf b = TM_BUF_INIT;
		for (int k = 0; k < p->n_launches && k < 8; k++) {
			const tm_launch *l;
			if ((rc = cadence_launch_of(app, lc, p->launches[k], &l, err))) {
				tm_buf_release(&b);
				goto out;
			}
			tm_buf_printf(&b, "%s%s %d", k ? ", " : "", l->name, p->per_launch[k]);
		}
		cadence_item(a, 0, p->name, NULL, 0, "%s has %d open tasks across %d launches due by %s: %s", p->name, p->tasks,
		     p->n_launches, tm_date_format(sunday + 7, d1), b.s);
		tm_buf_release(&b);
	}
	if (shared > LIST_MAX / 2)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more people with work on several launches", shared - LIST_MAX / 2);
	size_t waits = 0;
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!t->product || !cadence_task_open(t) || t->due > sunday + 7 || t->due < monday)
			continue;
		if (++waits > LIST_MAX / 2)
			continue;
		const tm_launch *l;
		if ((rc = cadence_launch_of(app, lc, t->launch_id, &l, err)))
			goto out;
		cadence_item(a, 0, t->owner, l->slug, t->id, "%s waits on engineering's '%s' due %s (%s)", l->name, t->title,
			     tm_date_format(t->due, d1), t->owner[0] ? t->owner : "no owner");
	}
	if (waits > LIST_MAX / 2)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more product milestones due this week or next, by %s", waits - LIST_MAX / 2,
		     tm_date_format(sunday + 7, d1));
	size_t pairs = 0;
	for (size_t i = 0; i < focus.n; i++)
		for (size_t k = i + 1; k < focus.n; k++) {
			const tm_launch *x = &focus.v[i], *z = &focus.v[k];
			if (x->tier > 2 || z->tier > 2 || z->date - x->date > 7)
				continue;
			if (++pairs <= LIST_MAX / 2)
				cadence_item(a, 0, NULL, x->slug, 0, "%s (Tier %d, %s) and %s (Tier %d, %s) land %d days apart: one audience, one "
				     "sales team, one set of channels", x->name, x->tier, tm_date_format(x->date, d1), z->name, z->tier,
				     tm_date_format(z->date, d2), (int)(z->date - x->date));
		}
	if (pairs > LIST_MAX / 2)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more pairs of Tier 1-2 launches within a week of each other", pairs - LIST_MAX / 2);
	/* A roadmap item delivered by several launches, one of them landing soon, needs them all. */
	if ((rc = st->ops->roadmap->list(st, &roadmap, err)))
		goto out;
	size_t joint = 0;
	for (size_t i = 0; i < roadmap.n; i++) {
		const tm_roadmap_item *it = &roadmap.v[i];
		bool soon = false;
		for (int k = 0; k < it->nlaunches && !soon; k++)
			for (size_t j = 0; j < focus.n && !soon; j++)
				soon = focus.v[j].id == it->launches[k];
		if (!soon || it->nlaunches < 2)
			continue;
		if (++joint > LIST_MAX / 2)
			continue;
		tm_buf b = TM_BUF_INIT;
		for (int k = 0; k < it->nlaunches && k < 6; k++) {
			const tm_launch *l;
			if ((rc = cadence_launch_of(app, lc, it->launches[k], &l, err))) {
				tm_buf_release(&b);
				goto out;
			}
			tm_buf_printf(&b, "%s%s (%s, %s)", k ? ", " : "", l->name, tm_date_format(l->date, d1),
				      tm_launch_status_name(l->status));
		}
		cadence_item(a, 0, it->owner, NULL, 0, "Roadmap %s '%s'%s%s needs its %d launches together: %s", tm_roadmap_level_names[it->level],
		     it->title, it->owner[0] ? " of " : "", it->owner, it->nlaunches, b.s);
		tm_buf_release(&b);
	}
	if (joint > LIST_MAX / 2)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more roadmap items delivered by several launches", joint - LIST_MAX / 2);

out:
	TM_VEC_FREE(&loads);
	TM_VEC_FREE(&roadmap);
	return rc;
}

/* 4. Decisions to take: go or move, experiments to close, the backlog's open questions. */
static int huddle_decisions(huddle *h, tm_error *err)
{
	tm_meeting_agenda *a = h->a;
	const tm_launches focus = h->focus;
	char d1[TM_DATE_STRLEN];
	tm_app *app = h->app;
	tm_store *st = h->app->st;
	tm_ideas questions = TM_VEC_INIT;
	int rc = 0;
	/* 4. Decisions to take. */
	cadence_section(a, "no decision is waiting: every launch of the next three weeks has a confident date");
	size_t decisions = 0;
	for (size_t i = 0; i < focus.n; i++) {
		const tm_launch *l = &focus.v[i];
		if (l->confidence != TM_CONF_LOW && l->date >= a->date)
			continue;
		if (++decisions > LIST_MAX)
			continue;
		if (l->date < a->date)
			cadence_item(a, 0, l->pm, l->slug, 0, "%s: launch day %s has passed and it is still planned: mark it launched or move it "
			     "(tminus launch delay %s --to DATE)", l->name, tm_date_format(l->date, d1), l->slug);
		else
			cadence_item(a, 0, l->pm, l->slug, 0, "%s: go or move? Launch day %s has low date confidence (%d of %d tasks done)",
			     l->name, tm_date_format(l->date, d1), l->tasks_done, l->tasks_total);
	}
	cadence_more(a, decisions < LIST_MAX ? decisions : LIST_MAX, decisions, "launches to decide on");
	/* Experiments with a verdict or their planned sample: close them (the result goes to the ledger). */
	if ((rc = tm_app_experiment_list(app, TM_EXP_RUNNING, &h->experiments, err)))
		goto out;
	const tm_experiment_views experiments = h->experiments;
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		tm_experiment_analysis an;
		bool ok, reached = v->e.planned_sample > 0;
		cadence_analyse(v, &an, &ok);
		for (size_t k = 0; k < v->arms.n; k++)
			reached = reached && v->arms.v[k].visitors >= v->e.planned_sample;
		if (!ok || (an.verdict == TM_VERDICT_NO_DIFFERENCE && !reached))
			continue;
		char text[TM_AGENDA_TEXT_MAX + 1];
		cadence_experiment_text(v, &an, text, sizeof(text));
		cadence_item(a, 0, v->e.owner, v->e.launch_slug, 0, "Close the experiment %s (tminus experiment close '%s')", text, v->e.name);
	}
	/* The backlog's open questions. */
	tm_idea_filter qf = TM_IDEA_FILTER_ALL;
	qf.kind = TM_IDEA_QUESTION;
	qf.open_only = true;
	if ((rc = st->ops->backlog->list(st, &qf, &questions, err)))
		goto out;
	for (size_t i = 0; i < questions.n && i < LIST_MAX / 2; i++) {
		const tm_idea *q = &questions.v[i];
		if (q->status != TM_IDEA_NEW && q->status != TM_IDEA_VALIDATING)
			continue;
		cadence_item(a, 0, q->owner, NULL, 0, "Answer the %s question #%lld '%s' (%s%s%s)", tm_idea_track_names[q->track],
		     (long long)q->id, q->title, tm_idea_status_names[q->status], q->owner[0] ? ", owner " : ", no owner",
		     q->owner);
	}

out:
	TM_VEC_FREE(&questions);
	return rc;
}

/* 5. Owners: the tasks due by next week without one, the launches without a PM or a marketing owner, the running experiments without one. */
static int huddle_owners(huddle *h, tm_error *err)
{
	tm_meeting_agenda *a = h->a;
	const tm_launches focus = h->focus;
	const tm_tasks tasks = h->tasks;
	tm_date sunday = h->sunday;
	char d1[TM_DATE_STRLEN];
	tm_app *app = h->app;
	launch_cache *lc = &h->lc;
	const tm_experiment_views experiments = h->experiments;
	int rc = 0;
	/* 5. Owners. */
	cadence_section(a, "every task due by next week and every launch of the next three weeks has its owners");
	size_t unowned = 0;
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!cadence_task_open(t) || t->owner[0] || t->due > sunday + 7 || ++unowned > LIST_MAX)
			continue;
		const tm_launch *l;
		if ((rc = cadence_launch_of(app, lc, t->launch_id, &l, err)))
			goto out;
		cadence_item(a, 0, NULL, l->slug, t->id, "Needs an owner: '%s' (%s) due %s%s%s", t->title, l->name,
			     tm_date_format(t->due, d1), t->role >= 0 ? ", role " : "", t->role >= 0 ? tm_role_name(t->role) : "");
	}
	cadence_more(a, unowned < LIST_MAX ? unowned : LIST_MAX, unowned, "tasks without an owner");
	size_t ownerless = 0;
	for (size_t i = 0; i < focus.n; i++) {
		const tm_launch *l = &focus.v[i];
		if ((l->pm[0] && l->marketing[0]) || ++ownerless > LIST_MAX)
			continue;
		cadence_item(a, 0, NULL, l->slug, 0, "%s (%s) has no %s", l->name, tm_date_format(l->date, d1),
		     !l->pm[0] && !l->marketing[0] ? "PM and no marketing owner" : !l->pm[0] ? "PM" : "marketing owner");
	}
	cadence_more(a, ownerless < LIST_MAX ? ownerless : LIST_MAX, ownerless, "launches without a PM or a marketing owner");
	for (size_t i = 0; i < experiments.n; i++)
		if (!experiments.v[i].e.owner[0])
			cadence_item(a, 0, NULL, experiments.v[i].e.launch_slug, 0, "The running experiment '%s' has no owner",
			     experiments.v[i].e.name);
out:
	return rc;
}

int cadence_weekly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	huddle h;
	int y, w, rc;

	memset(&h, 0, sizeof(h));
	h.app = app;
	h.a = a;
	cadence_week_of(a->date, &h.monday, &h.sunday);
	a->from = h.monday;
	a->to = h.sunday;
	tm_date_iso_week(a->date, &y, &w);
	snprintf(a->period, sizeof(a->period), "%04d-W%02d", y, w);
	snprintf(a->title, sizeof(a->title), "Weekly huddle, week %s (%d minutes)", a->period, tm_meeting_info_of(a->meeting)->minutes);
	h.horizon = h.sunday + 7 * HUDDLE_WEEKS_AHEAD;

	/* The launches landing this week or the two after (and the Tier 1 ones a little either side, which
	 * the collision rule weighs), and the tasks due from four weeks before this one to next week's end. */
	f.has_from = f.has_to = true;
	f.from = h.monday - 21;
	f.to = h.horizon + 21;
	if ((rc = st->ops->launches->list(st, &f, &h.near, err)) || (rc = st->ops->calendar->freeze_list(st, &h.freezes, err)) ||
	    (rc = st->ops->tasks->list_due(st, h.monday - HUDDLE_LOOKBACK, h.sunday + 7, 0, false, &h.tasks, err)))
		goto out;
	size_t keep = 0;
	for (size_t i = 0; i < h.near.n; i++) {
		if (h.near.v[i].status == TM_LAUNCH_CANCELLED)
			continue;
		h.near.v[keep++] = h.near.v[i];
		if (h.near.v[i].status == TM_LAUNCH_PLANNED && h.near.v[i].date >= h.monday && h.near.v[i].date <= h.horizon)
			*TM_VEC_PUSH(&h.focus) = h.near.v[i];
	}
	h.near.n = keep;
	if (h.focus.n)
		qsort(h.focus.v, h.focus.n, sizeof(*h.focus.v), cadence_cmp_launch_date);
	for (size_t i = 0; i < h.focus.n; i++)
		*TM_VEC_PUSH(&h.lc.v) = h.focus.v[i];
	if (h.lc.v.n)
		qsort(h.lc.v.v, h.lc.v.n, sizeof(*h.lc.v.v), cadence_cmp_launch_id);
	if ((rc = huddle_status(&h, err)) || (rc = huddle_blockers(&h, err)) || (rc = huddle_dependencies(&h, err)) ||
	    (rc = huddle_decisions(&h, err)) || (rc = huddle_owners(&h, err)))
		goto out;
out:
	tm_experiment_views_free(&h.experiments);
	TM_VEC_FREE(&h.near);
	TM_VEC_FREE(&h.focus);
	TM_VEC_FREE(&h.freezes);
	tm_tasks_free(&h.tasks);
	TM_VEC_FREE(&h.lc.v);
	return rc;
}
