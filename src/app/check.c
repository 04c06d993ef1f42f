/*
 * check.c - gathers what the readiness rules read (a launch, its tasks and
 * plan, its brief, the calendar and the portfolio, everyone's load) and
 * runs them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"

#include "util/banned.h"

void tm_checks_free(tm_checks *c)
{
	for (size_t i = 0; i < c->n; i++)
		TM_VEC_FREE(&c->v[i].findings);
	TM_VEC_FREE(c);
}

/* Over-capacity weeks of the people who own open tasks of this plan, in the weeks those tasks run. */
typedef TM_VEC(tm_overload) tm_overloads;

/* Everyone's load, from plan --all or from the front end's memo of it. */
struct loads {
	const tm_load *v;
	size_t n;
};

static void overloads_for(const tm_launch_plan *lp, const struct loads *all, tm_overloads *out)
{
	for (size_t k = 0; k < all->n; k++) {
		const tm_load *ld = &all->v[k];
		if (!ld->over)
			continue;
		bool mine = false;
		for (size_t i = 0; i < lp->plan.n && !mine; i++) {
			const tm_plan_task *pt = &lp->plan.tasks[i];
			int y1, w1, y2, w2;
			if (lp->tasks.v[i].owner_id != ld->person_id || pt->milestone)
				continue;
			tm_date_iso_week(pt->es, &y1, &w1);
			tm_date_iso_week(pt->ef, &y2, &w2);
			mine = (y1 * 100 + w1) <= (ld->year * 100 + ld->week) && (ld->year * 100 + ld->week) <= (y2 * 100 + w2);
		}
		if (!mine)
			continue;
		tm_overload *o = TM_VEC_PUSH(out);
		o->person_id = ld->person_id;
		snprintf(o->person, sizeof(o->person), "%s", ld->person);
		o->year = ld->year;
		o->week = ld->week;
		o->days = ld->days;
		o->capacity = ld->capacity;
	}
}

/* A launch's metrics: a slice of every launch's (by launch id, then position) or its own list. */
struct metric_slice {
	const tm_metric *v;
	size_t n;
};

/* Launch launch_id's metrics within all (sorted by launch id). */
static struct metric_slice metrics_of(const tm_metrics *all, int64_t launch_id)
{
	size_t lo = 0, hi = all->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (all->v[mid].launch_id < launch_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < all->n && all->v[end].launch_id == launch_id)
		end++;
	return (struct metric_slice){ all->v + lo, end - lo };
}

static int check_one(tm_app *app, const tm_launch_plan *lp, const tm_launches *portfolio, const tm_freezes *freezes,
		     const struct loads *all, const tm_metrics *all_metrics, const bool *keep, tm_launch_check *out,
		     tm_error *err)
{
	tm_metrics own = TM_VEC_INIT;
	struct metric_slice metrics = { NULL, 0 };
	tm_tasks tasks = TM_VEC_INIT;
	tm_brief brief;
	bool written = false;
	const tm_calendar *cal;
	tm_overloads over = TM_VEC_INIT;
	tm_findings found = TM_VEC_INIT;
	tm_date_changes history = TM_VEC_INIT;
	tm_person pmm = { 0 };
	int rc;
	if ((rc = tm_app_calendar_load(app, &cal, err)) ||
	    (rc = app->st->ops->tasks->list(app->st, lp->launch.id, NULL, &tasks, err)) ||
	    (rc = app->st->ops->briefs->get(app->st, lp->launch.id, &brief, &written, err)) ||
	    (rc = app->st->ops->history->date_change_list(app->st, lp->launch.id, &history, err)))
		goto out;
	/* Its success metrics: from every launch's, read once for many launches, else its own. */
	if (all_metrics) {
		metrics = metrics_of(all_metrics, lp->launch.id);
	} else {
		if ((rc = app->st->ops->metrics->list(app->st, lp->launch.id, &own, err)))
			goto out;
		metrics = (struct metric_slice){ own.v, own.n };
	}
	/* The brief's success metrics are the metrics' first (one truth, as the brief reads). */
	tm_app_brief_merge_metrics(&brief, metrics.v, metrics.n);
	/* The PMM approves external copy: looked up only for a launch that has some (check --all reads thousands). */
	bool external = false;
	for (size_t i = 0; i < tasks.n && !external; i++)
		external = tasks.v[i].external;
	if (external && (rc = tm_app_launch_pmm(app, &lp->launch, &pmm, err)))
		goto out;
	overloads_for(lp, all, &over);
	tm_check_input in = {
		.launch = &lp->launch,
		.tasks = tasks.v,
		.n_tasks = tasks.n,
		.plan = &lp->plan,
		.brief = &brief,
		.brief_written = written,
		.cal = cal,
		.freezes = freezes->v,
		.n_freezes = freezes->n,
		.portfolio = portfolio->v,
		.n_portfolio = portfolio->n,
		.overloads = over.v,
		.n_overloads = over.n,
		.last_move = history.n ? &history.v[history.n - 1] : NULL,
		.pmm = pmm.name,
		.metrics = metrics.n ? metrics.v : NULL,
		.n_metrics = metrics.n,
		.today = app->today,
		.only = keep,
	};
	tm_check_launch(&in, &found);
	memset(out, 0, sizeof(*out));
	out->launch = lp->launch;
	for (int r = 0; r < TM_RULE_COUNT; r++)
		out->rules[r] = !keep || keep[r];
	for (size_t i = 0; i < found.n; i++) {
		*TM_VEC_PUSH(&out->findings) = found.v[i];
		out->errors += found.v[i].severity == TM_SEV_ERROR;
		out->warnings += found.v[i].severity == TM_SEV_WARNING;
	}
	/* The score and the readiness by function weigh every rule: with only some run, there are none. */
	out->partial = keep != NULL;
	out->score = -1;
	if (!keep) {
		out->score = tm_readiness_score(&in, &found);
		tm_readiness(&in, &found, out->readiness);
	}
out:
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&own);
	TM_VEC_FREE(&over);
	TM_VEC_FREE(&found);
	TM_VEC_FREE(&history);
	return rc;
}

int tm_app_change_warnings(tm_app *app, int64_t launch_id, tm_findings *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	tm_tasks tasks = TM_VEC_INIT;
	tm_launches near = TM_VEC_INIT;
	tm_freezes freezes = TM_VEC_INIT;
	const tm_calendar *cal;
	tm_plan none = { 0 };
	bool only[TM_RULE_COUNT] = { false };
	only[TM_RULE_LAUNCH_DAY_PASSED] = only[TM_RULE_WEEKEND_LAUNCH] = only[TM_RULE_FREEZE_CONFLICT] = true;
	only[TM_RULE_LAUNCH_COLLISION] = only[TM_RULE_LAUNCHED_EARLY] = true;
	int rc = st->ops->launches->get(st, launch_id, &l, err);
	/* Only the Tier 1 launches a few weeks either side can collide with it (10 working days). */
	tm_launch_filter f = { .tier = 1, .status = -1, .has_from = true, .has_to = true, .from = l.date - 21, .to = l.date + 21 };
	if (!rc)
		rc = tm_app_calendar_load(app, &cal, err);
	if (!rc)
		rc = st->ops->tasks->list(st, launch_id, NULL, &tasks, err);
	if (!rc && l.tier == 1)
		rc = st->ops->launches->list(st, &f, &near, err);
	if (!rc)
		rc = st->ops->calendar->freeze_list(st, &freezes, err);
	if (!rc) {
		size_t keep = 0;
		for (size_t i = 0; i < near.n; i++)
			if (near.v[i].status != TM_LAUNCH_CANCELLED)
				near.v[keep++] = near.v[i];
		tm_check_input in = { .launch = &l, .tasks = tasks.v, .n_tasks = tasks.n, .plan = &none, .cal = cal,
				      .freezes = freezes.v, .n_freezes = freezes.n, .portfolio = near.v, .n_portfolio = keep,
				      .today = app->today, .only = only };
		tm_check_launch(&in, out);
	}
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&near);
	TM_VEC_FREE(&freezes);
	return rc;
}

/* What every launch's check shares: the portfolio, the freezes and everyone's load (plan --all, whose
 * plans of each launch are there too unless the load came from the memo). */
struct check_context {
	tm_launches portfolio;
	tm_metrics metrics;        /* every launch's (not cancelled), when many launches are checked */
	bool has_metrics;
	tm_freezes freezes;
	tm_portfolio_plan all;
	struct loads load;
};

void tm_app_memo_release(tm_app_memo *m)
{
	TM_VEC_FREE(&m->load);
	m->valid = false;
}

/* Is the memo's load the workspace's now? */
static bool memo_fresh(const tm_app *app)
{
	const tm_app_memo *m = app->memo;
	return m && m->valid && m->today == app->today && m->stamp[0] == app->memo_stamp[0] &&
	       m->stamp[1] == app->memo_stamp[1];
}

static void memo_keep(tm_app *app, const tm_portfolio_plan *all)
{
	tm_app_memo *m = app->memo;
	if (!m)
		return;
	m->load.n = 0;
	for (size_t i = 0; i < all->load.n; i++)
		*TM_VEC_PUSH(&m->load) = all->load.v[i];
	m->today = app->today;
	m->stamp[0] = app->memo_stamp[0];
	m->stamp[1] = app->memo_stamp[1];
	m->valid = true;
}

static void context_release(struct check_context *cx)
{
	TM_VEC_FREE(&cx->portfolio);
	TM_VEC_FREE(&cx->metrics);
	TM_VEC_FREE(&cx->freezes);
	tm_portfolio_plan_release(&cx->all);
}

/* need_plans: the caller reads every launch's plan from cx->all, so plan --all runs even when the
 * memo has the load. many: several launches are checked, so every launch's metrics are read at once. */
static int context_load(tm_app *app, struct check_context *cx, bool need_plans, bool many, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	memset(cx, 0, sizeof(*cx));
	int rc = st->ops->launches->list(st, &f, &cx->portfolio, err);
	if (!rc)
		rc = st->ops->calendar->freeze_list(st, &cx->freezes, err);
	if (!rc && many) {
		rc = st->ops->metrics->list(st, 0, &cx->metrics, err);
		cx->has_metrics = true;
	}
	if (rc) {
		context_release(cx);
		return rc;
	}
	if (!rc && !need_plans && memo_fresh(app)) {
		cx->load = (struct loads){ app->memo->load.v, app->memo->load.n };
		return 0;
	}
	if (!rc)
		rc = tm_app_plan_all(app, &cx->all, err);
	if (!rc) {
		cx->load = (struct loads){ cx->all.load.v, cx->all.load.n };
		memo_keep(app, &cx->all);
	}
	if (rc)
		context_release(cx);
	return rc;
}

int tm_app_check(tm_app *app, const char *launch_ref, const char *const *rules, int n_rules, tm_checks *out,
		 tm_error *err)
{
	tm_store *st = app->st;
	struct check_context cx;
	bool keep[TM_RULE_COUNT];
	tm_launch target = { 0 };
	int rc = 0;
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < TM_RULE_COUNT; i++)
		keep[i] = n_rules == 0;
	for (int i = 0; i < n_rules; i++) {
		int r = tm_rule_parse(rules[i]);
		if (r < 0)
			return tm_fail_field(err, TM_EINVAL, "rule", "unknown rule '%.60s' (see 'tminus check --rules')", rules[i]);
		keep[r] = true;
	}
	if (launch_ref && (rc = st->ops->launches->find(st, launch_ref, &target, err)))
		return rc;
	if ((rc = context_load(app, &cx, !launch_ref, !launch_ref, err)))
		return rc;
	if (launch_ref) {
		tm_launch_plan lp;
		if ((rc = tm_app_plan(app, launch_ref, &lp, err)) == 0) {
			rc = check_one(app, &lp, &cx.portfolio, &cx.freezes, &cx.load, NULL, n_rules ? keep : NULL,
				       TM_VEC_PUSH(out), err);
			tm_launch_plan_release(&lp);
		}
	} else {
		for (size_t i = 0; i < cx.all.launches.n && !rc; i++)
			rc = check_one(app, &cx.all.launches.v[i], &cx.portfolio, &cx.freezes, &cx.load, &cx.metrics,
				       n_rules ? keep : NULL, TM_VEC_PUSH(out), err);
	}
	context_release(&cx);
	if (rc)
		tm_checks_free(out);
	return rc;
}

/* A planned launch's plan in plan --all, by id. */
struct plan_index {
	int64_t id;
	size_t at;
};

static int cmp_plan_index(const void *a, const void *b)
{
	int64_t x = ((const struct plan_index *)a)->id, y = ((const struct plan_index *)b)->id;
	return (x > y) - (x < y);
}

int tm_app_check_launches(tm_app *app, const tm_launch *launches, size_t n, tm_checks *out, tm_error *err)
{
	struct check_context cx;
	struct plan_index *index = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!n)
		return 0;
	if ((rc = context_load(app, &cx, false, n > 1, err)))
		return rc;
	const tm_metrics *all_metrics = cx.has_metrics ? &cx.metrics : NULL;
	/* plan --all, when it ran, has planned each planned launch with open work already: look it up, do not plan it twice. */
	size_t np = cx.all.launches.n;
	index = tm_xcalloc(np ? np : 1, sizeof(*index));
	for (size_t i = 0; i < np; i++)
		index[i] = (struct plan_index){ cx.all.launches.v[i].launch.id, i };
	if (np)
		qsort(index, np, sizeof(*index), cmp_plan_index);
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan_index key = { .id = launches[i].id };
		const struct plan_index *hit = np ? bsearch(&key, index, np, sizeof(key), cmp_plan_index) : NULL;
		if (hit) {
			rc = check_one(app, &cx.all.launches.v[hit->at], &cx.portfolio, &cx.freezes, &cx.load, all_metrics,
				       NULL, TM_VEC_PUSH(out), err);
			continue;
		}
		tm_launch_plan lp;
		char ref[32];
		snprintf(ref, sizeof(ref), "%lld", (long long)launches[i].id);
		if ((rc = tm_app_plan(app, ref, &lp, err)) == 0) {
			rc = check_one(app, &lp, &cx.portfolio, &cx.freezes, &cx.load, all_metrics, NULL, TM_VEC_PUSH(out),
				       err);
			tm_launch_plan_release(&lp);
		}
	}
	free(index);
	context_release(&cx);
	if (rc)
		tm_checks_free(out);
	return rc;
}

int tm_app_check_workspace(tm_app *app, const char *const *rules, int n_rules, tm_findings *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_roadmap_items items = TM_VEC_INIT;
	tm_roadmap_reviews reviews = TM_VEC_INIT;
	bool keep[TM_RULE_COUNT];
	for (int i = 0; i < TM_RULE_COUNT; i++)
		keep[i] = n_rules == 0;
	for (int i = 0; i < n_rules; i++) {
		int r = tm_rule_parse(rules[i]);
		if (r < 0)
			return tm_fail_field(err, TM_EINVAL, "rule", "unknown rule '%.60s' (see 'tminus check --rules')", rules[i]);
		keep[r] = true;
	}
	if (!keep[TM_RULE_ROADMAP_REVIEW_DUE])
		return 0;
	int rc = st->ops->roadmap->list(st, &items, err);
	if (!rc)
		rc = st->ops->roadmap->review_list(st, 1, &reviews, err);
	if (!rc)
		tm_check_roadmap(items.n, reviews.n > 0, reviews.n ? reviews.v[0].on : 0, app->today, keep, out);
	TM_VEC_FREE(&items);
	TM_VEC_FREE(&reviews);
	return rc;
}
