/*
 * triage.c - executive triage of a quarter (seed 002): the planned launches
 * of a period ranked by expected impact against the marketing effort they
 * ask for, the marketing team's demand and capacity week by week, and, when
 * the team is oversubscribed, the low-impact launches to move down a tier on
 * purpose (`launch set --tier` then keeps their tasks for the team to skip).
 *
 * Impact is the tier's weight (Tier 1 8, Tier 2 4, Tier 3 2, Tier 4 1); among
 * launches of the same weight, the RICE score of the backlog idea a launch was
 * promoted from (backlog promote) ranks it: scored ones first, higher first.
 * tminus keeps no revenue targets yet, which seed 002 would weigh too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/backlog.h"
#include "app/internal.h"

#include "util/banned.h"

static const int tier_weight[TM_TIERS + 1] = { 0, 8, 4, 2, 1 };

void tm_triage_release(tm_triage *t)
{
	TM_VEC_FREE(&t->rows);
	TM_VEC_FREE(&t->weeks);
}

static bool marketing_role(int role)
{
	return role == TM_ROLE_MARKETING || role == TM_ROLE_PMM;
}

/* A quarter in any of tm_quarter_parse's forms: its first and last day, and its canonical name. */
static int parse_quarter(const char *s, tm_date *from, tm_date *to, char out[8], tm_error *err)
{
	int year, q;
	int rc = tm_quarter_parse(s, &year, &q, err);
	if (rc)
		return rc;
	tm_quarter_bounds(year, q, from, to);
	tm_quarter_format(year, q, out);
	return 0;
}

static tm_date monday_of(tm_date d)
{
	return d - (tm_date_weekday(d) - 1);
}

/* The marketing and PMM effort a tier's playbook asks for (to estimate what moving down a tier frees). */
static double playbook_effort(const tm_playbook *pb, int tier)
{
	double sum = 0;
	if (tier < 1 || tier > TM_TIERS)
		return 0;
	const tm_pb_tier *t = tm_playbook_tier(pb, tier);
	for (size_t i = 0; i < t->tasks.n; i++)
		if (marketing_role(t->tasks.v[i].role) || marketing_role(t->tasks.v[i].co_role))
			sum += t->tasks.v[i].effort_days;
	return sum;
}

/* Rank: impact first, then what it returns for what it asks, then the earlier launch. */
static int by_rank(const void *a, const void *b)
{
	const tm_triage_row *x = a, *y = b;
	if (x->impact != y->impact)
		return y->impact - x->impact;
	if (x->has_rice != y->has_rice)
		return x->has_rice ? -1 : 1;
	if (x->has_rice && x->rice != y->rice)
		return y->rice > x->rice ? 1 : -1;
	if (x->ratio != y->ratio)
		return y->ratio > x->ratio ? 1 : -1;
	if (x->launch.date != y->launch.date)
		return x->launch.date < y->launch.date ? -1 : 1;
	return x->launch.id < y->launch.id ? -1 : x->launch.id > y->launch.id;
}

/* The weeks a launch's marketing work is spread over: from the week work starts to the week before T's. */
static void spread(const tm_triage_row *r, tm_date start, tm_date *first, int *weeks)
{
	*first = monday_of(start);
	*weeks = (int)((monday_of(r->launch.date) - *first) / 7);
	if (*weeks < 1)
		*weeks = 1;
}

static int fill_row(tm_app *app, tm_date start, tm_triage_row *r, tm_error *err)
{
	tm_tasks tasks = TM_VEC_INIT;
	int rc = app->st->ops->tasks->list(app->st, r->launch.id, NULL, &tasks, err);
	r->impact = tier_weight[r->launch.tier >= 1 && r->launch.tier <= TM_TIERS ? r->launch.tier : TM_TIERS];
	for (size_t i = 0; i < tasks.n && !rc; i++) {
		const tm_task *t = &tasks.v[i];
		/* Open work only; awaiting approval is done work that waits for a yes (no effort left). */
		if (t->status != TM_TASK_TODO && t->status != TM_TASK_IN_PROGRESS)
			continue;
		if (marketing_role(t->role) || marketing_role(t->co_role))
			r->effort_days += t->effort_days;
	}
	tm_date first;
	int weeks;
	spread(r, start, &first, &weeks);
	r->per_week = r->effort_days / weeks;
	r->ratio = r->impact / (r->effort_days > 1 ? r->effort_days : 1);
	tm_tasks_free(&tasks);
	/* The backlog feeds the impact: the RICE score of the idea behind the launch. */
	tm_idea idea;
	if (!rc && !(rc = tm_app_backlog_of_launch(app, r->launch.id, &idea, err)) && idea.id) {
		tm_rice s = tm_rice_score(&idea);
		r->has_rice = s.scored;
		r->rice = s.score;
	}
	return rc;
}

/* Adds share a week to every quarter week the row's work is spread over (negative: takes it back). */
static void add_demand(tm_triage *out, const tm_triage_row *r, tm_date start, double share)
{
	tm_date first;
	int weeks;
	spread(r, start, &first, &weeks);
	for (size_t w = 0; w < out->weeks.n; w++) {
		tm_date m = out->weeks.v[w].monday;
		if (m >= first && m < first + 7 * weeks)
			out->weeks.v[w].demand += share;
	}
}

static int count_over(tm_triage *out)
{
	int n = 0;
	for (size_t w = 0; w < out->weeks.n; w++) {
		/* A hundredth of a day is rounding, not oversubscription. */
		out->weeks.v[w].over = out->weeks.v[w].demand > out->weeks.v[w].capacity + 0.005;
		n += out->weeks.v[w].over;
	}
	return n;
}

/* Does the row's work fall in a week that is over? */
static bool in_over_week(const tm_triage *out, const tm_triage_row *r, tm_date start)
{
	tm_date first;
	int weeks;
	spread(r, start, &first, &weeks);
	for (size_t w = 0; w < out->weeks.n; w++) {
		tm_date m = out->weeks.v[w].monday;
		if (out->weeks.v[w].over && m >= first && m < first + 7 * weeks)
			return true;
	}
	return false;
}

/*
 * While a week is over, the launch lowest in the ranking (never the first) whose work falls in an over
 * week and that has a lower tier to go to is moved down: it frees the share of its effort the lower
 * tier's playbook would not ask for.
 */
static void suggest_moves(tm_triage *out, const tm_playbook *pb, tm_date start)
{
	for (size_t i = out->rows.n; i-- > 1 && out->over_weeks;) {
		tm_triage_row *r = &out->rows.v[i];
		if (r->launch.tier >= TM_TIERS || r->per_week <= 0 || !in_over_week(out, r, start))
			continue;
		double now = playbook_effort(pb, r->launch.tier), lower = playbook_effort(pb, r->launch.tier + 1);
		double freed = now > 0 && lower < now ? 1 - lower / now : 0;
		if (freed <= 0)
			continue;
		r->move_down = true;
		add_demand(out, r, start, -r->per_week * freed);
		out->over_weeks = count_over(out);
	}
	/* The weeks as they are, not as they would be after the moves. */
	for (size_t w = 0; w < out->weeks.n; w++)
		out->weeks.v[w].demand = 0;
	for (size_t i = 0; i < out->rows.n; i++)
		add_demand(out, &out->rows.v[i], start, out->rows.v[i].per_week);
	out->over_weeks = count_over(out);
}

int tm_app_triage(tm_app *app, const char *quarter, tm_triage *out, tm_error *err)
{
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	tm_people people = TM_VEC_INIT;
	const tm_playbook *pb;
	int rc;
	memset(out, 0, sizeof(*out));
	if (quarter) {
		if ((rc = parse_quarter(quarter, &out->from, &out->to, out->quarter, err)))
			return rc;
	} else {
		int y, m, d;
		char q[32];
		tm_date_to_ymd(app->today, &y, &m, &d);
		snprintf(q, sizeof(q), "%04dQ%d", y % 10000, (m - 1) / 3 + 1);
		if ((rc = parse_quarter(q, &out->from, &out->to, out->quarter, err)))
			return rc;
	}
	if ((rc = tm_app_playbook(app, &pb, err)))
		return rc;
	f.status = TM_LAUNCH_PLANNED;
	f.has_from = f.has_to = true;
	f.from = out->from;
	f.to = out->to;
	rc = app->st->ops->launches->list(app->st, &f, &ls, err);
	if (!rc)
		rc = app->st->ops->people->list(app->st, &people, err);
	/* Work is spread from today (or the quarter's first day) to each launch day. */
	tm_date start = app->today > out->from ? app->today : out->from;
	for (size_t i = 0; i < ls.n && !rc; i++) {
		tm_triage_row *r = TM_VEC_PUSH(&out->rows);
		memset(r, 0, sizeof(*r));
		r->launch = ls.v[i];
		rc = fill_row(app, start, r, err);
	}
	for (size_t i = 0; i < people.n; i++)
		if (marketing_role(people.v[i].role))
			out->capacity += people.v[i].capacity;
	/* The quarter's weeks from the one work starts in. */
	for (tm_date m = monday_of(start > out->to ? out->to : start); !rc && m <= out->to; m += 7) {
		tm_triage_week *w = TM_VEC_PUSH(&out->weeks);
		memset(w, 0, sizeof(*w));
		w->monday = m;
		tm_date_iso_week(m, &w->year, &w->week);
		w->capacity = out->capacity;
	}
	if (!rc) {
		if (out->rows.n) /* qsort may not be given the NULL of an empty list */
			qsort(out->rows.v, out->rows.n, sizeof(out->rows.v[0]), by_rank);
		for (size_t i = 0; i < out->rows.n; i++)
			add_demand(out, &out->rows.v[i], start, out->rows.v[i].per_week);
		out->over_weeks = count_over(out);
		suggest_moves(out, pb, start);
	}
	TM_VEC_FREE(&ls);
	TM_VEC_FREE(&people);
	if (rc)
		tm_triage_release(out);
	return rc;
}
