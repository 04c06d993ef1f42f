/*
 * cadence_review.c - the 90-minute monthly review of seed 003: the metrics of
 * the launches in their window, the experiments analysed, what the period
 * taught (decisions, closed experiments, dropped ideas), and the messaging
 * and priorities to adjust.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cadence_internal.h"

#include "util/banned.h"

#define MONTH_DAYS 30          /* the monthly review looks back this many days */

/* ---- the monthly review ---- */

/* Worst first: missed, behind, no data, on track, met; then by launch day. */
static int cmp_view(const void *a, const void *b)
{
	static const int rank[TM_METRIC_STATE_COUNT] = { [TM_MS_MISSED] = 0, [TM_MS_BEHIND] = 1, [TM_MS_NO_DATA] = 2,
							 [TM_MS_ON_TRACK] = 3, [TM_MS_MET] = 4 };
	const tm_metric_view *x = a, *y = b;
	if (rank[x->j.state] != rank[y->j.state])
		return rank[x->j.state] - rank[y->j.state];
	if (x->T != y->T)
		return x->T < y->T ? -1 : 1;
	int c = strcmp(x->m.launch_slug, y->m.launch_slug);
	return c ? c : x->m.position - y->m.position;
}

/* Views by launch. */
static int cmp_view_launch(const void *a, const void *b)
{
	const tm_metric_view *x = *(const tm_metric_view *const *)a, *y = *(const tm_metric_view *const *)b;
	if (x->m.launch_id != y->m.launch_id)
		return x->m.launch_id < y->m.launch_id ? -1 : 1;
	return x->m.position - y->m.position;
}

/* A launch's metrics: how many are missed or behind of how many. */
typedef struct launch_score {
	const tm_metric_view *v;     /* one of its metrics (its launch's name and slug) */
	int bad, total;
} launch_score;

/* Most missed or behind first, then the larger share, then the earlier launch day. */
static int cmp_score(const void *a, const void *b)
{
	const launch_score *x = a, *y = b;
	if (x->bad != y->bad)
		return y->bad - x->bad;
	if (x->bad * y->total != y->bad * x->total)
		return y->bad * x->total - x->bad * y->total;
	if (x->v->T != y->v->T)
		return x->v->T < y->v->T ? -1 : 1;
	return strcmp(x->v->m.launch_slug, y->v->m.launch_slug);
}

/* A metric's figure as people read it: two decimals at most, with its unit. */
static void figure(double v, const tm_unit *u, char *out, size_t n)
{
	tm_metric_value_with_unit(round(v * 100) / 100, u, out, n);
}

int cadence_monthly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	tm_metrics ms = TM_VEC_INIT;
	tm_metric_views views = TM_VEC_INIT;
	tm_decisions ds = TM_VEC_INIT;
	tm_experiment_views experiments = TM_VEC_INIT;
	tm_ideas ideas = TM_VEC_INIT;
	tm_idea_filter all_ideas = TM_IDEA_FILTER_ALL;
	tm_backlog_rank rank;
	const tm_metric_view **by_launch = NULL;
	TM_VEC(launch_score) scores = TM_VEC_INIT;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	int states[TM_METRIC_STATE_COUNT] = { 0 };
	int rc;
	memset(&rank, 0, sizeof(rank));

	a->from = a->date - (MONTH_DAYS - 1);
	a->to = a->date;
	snprintf(a->period, sizeof(a->period), "%s to %s", tm_date_format(a->from, d1), tm_date_format(a->to, d2));
	snprintf(a->title, sizeof(a->title), "Monthly review, %s (%d minutes)", a->period, tm_meeting_info_of(a->meeting)->minutes);
	/* The launches that have a metric window open in the period: launched by its end, within a year. */
	f.has_from = f.has_to = true;
	f.from = a->date - 400;
	f.to = a->date;
	if ((rc = st->ops->launches->list(st, &f, &ls, err)) || (rc = st->ops->metrics->list(st, 0, &ms, err)) ||
	    (rc = st->ops->history->decision_list(st, 0, &ds, err)))
		goto out;
	if (ls.n)
		qsort(ls.v, ls.n, sizeof(*ls.v), cadence_cmp_launch_id);
	for (size_t i = 0; i < ms.n; i++) {
		tm_launch key = { .id = ms.v[i].launch_id };
		const tm_launch *l = ls.n ? bsearch(&key, ls.v, ls.n, sizeof(key), cadence_cmp_launch_id) : NULL;
		if (!l || l->status == TM_LAUNCH_CANCELLED)
			continue;
		tm_metric_view v;
		memset(&v, 0, sizeof(v));
		v.m = ms.v[i];
		v.T = l->date;
		snprintf(v.m.launch_slug, sizeof(v.m.launch_slug), "%s", l->slug);
		snprintf(v.launch_name, sizeof(v.launch_name), "%s", l->name);
		v.tier = l->tier;
		v.launch_status = l->status;
		tm_metric_judge(&v.m, l->date, a->date, &v.j);
		/* A window over before the period, met or missed then, is last month's news. */
		if (v.j.window_end < a->from)
			continue;
		states[v.j.state]++;
		*TM_VEC_PUSH(&views) = v;
	}
	if (views.n)
		qsort(views.v, views.n, sizeof(*views.v), cmp_view);

	/* 1. Metrics. */
	cadence_section(a, "no launch has a success metric with its window open in the period (tminus metric add)");
	if (views.n)
		cadence_item(a, 0, NULL, NULL, 0, "%zu %s of launches in their window: %d missed, %d behind, %d with no data, %d on track, %d met",
		     views.n, tm_plural((long long)views.n, "metric", "metrics"), states[TM_MS_MISSED], states[TM_MS_BEHIND],
		     states[TM_MS_NO_DATA], states[TM_MS_ON_TRACK], states[TM_MS_MET]);
	for (size_t i = 0; i < views.n && i < LIST_MAX; i++) {
		const tm_metric_view *v = &views.v[i];
		char obs[64] = "no observation yet", target[64], path[64] = "";
		figure(v->j.target, &v->m.unit, target, sizeof(target));
		if (v->j.has_observed) {
			char val[48];
			figure(v->j.observed, &v->m.unit, val, sizeof(val));
			snprintf(obs, sizeof(obs), "%s on %s", val, tm_date_format(v->j.observed_on, d1));
		}
		if (v->j.has_expected && v->j.state != TM_MS_MET) {
			char val[48];
			figure(v->j.expected, &v->m.unit, val, sizeof(val));
			snprintf(path, sizeof(path), ", path %s", val);
		}
		cadence_item(a, 0, v->m.owner, v->m.launch_slug, 0, "%s: %s %s, %s%s (target %s by %s)%s", v->launch_name, v->m.name,
		     tm_metric_state_name(v->j.state), obs, path, target, tm_date_format(v->j.window_end, d2),
		     v->m.owner[0] ? "" : ", no owner");
	}
	cadence_more(a, views.n < LIST_MAX ? views.n : LIST_MAX, views.n, "metrics (tminus metric status)");

	/* 2. Experiments: the running ones analysed, and those closed in the period with their result. */
	if ((rc = tm_app_experiment_list(app, -1, &experiments, err)))
		goto out;
	cadence_section(a, "no experiment ran in the period (tminus experiment add)");
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		char text[TM_AGENDA_TEXT_MAX + 1];
		if (v->e.status == TM_EXP_CLOSED) {
			if (v->e.closed_on < a->from || v->e.closed_on > a->to)
				continue;
			cadence_item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s (%s) closed %s: %s%s%s", v->e.name,
			     tm_experiment_kind_names[v->e.kind], tm_date_format(v->e.closed_on, d1),
			     v->e.verdict >= 0 && v->e.verdict < TM_VERDICT_COUNT ? tm_verdict_names[v->e.verdict] : "no verdict",
			     v->e.result[0] ? ", " : "", v->e.result);
			continue;
		}
		tm_experiment_analysis an;
		bool ok;
		cadence_analyse(v, &an, &ok);
		if (!ok) {
			cadence_item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s (%s): cannot be analysed yet, it needs a control and a variant",
			     v->e.name, tm_experiment_kind_names[v->e.kind]);
			continue;
		}
		cadence_experiment_text(v, &an, text, sizeof(text));
		cadence_item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s", text);
	}

	/* 3. Learnings: the decisions recorded in the period. */
	cadence_section(a, "no decision was recorded in the period (tminus decision add)");
	size_t nd = 0;
	for (size_t i = ds.n; i-- > 0;) {
		const tm_decision *d = &ds.v[i];
		if (d->on < a->from || d->on > a->to)
			continue;
		if (++nd > LIST_MAX)
			continue;
		cadence_item(a, 0, d->decided_by[0] ? d->decided_by : d->who, d->launch_slug, 0, "%s%s%s: %s%s%s%s%s%s, decided by %s",
		     tm_date_format(d->on, d1), d->launch_slug[0] ? ", " : "", d->launch_slug, d->what,
		     d->chosen[0] ? " (chose: " : "", d->chosen, d->chosen[0] ? ")" : "", d->why[0] ? "; why: " : "", d->why,
		     d->decided_by[0] ? d->decided_by : d->who[0] ? d->who : "nobody named");
	}
	cadence_more(a, nd < LIST_MAX ? nd : LIST_MAX, nd, "decisions (tminus decision list)");
	if ((rc = st->ops->backlog->list(st, &all_ideas, &ideas, err)))
		goto out;
	for (size_t i = 0; i < ideas.n; i++) {
		const tm_idea *it = &ideas.v[i];
		tm_date on = 0;
		if ((it->status != TM_IDEA_SUNSET && it->status != TM_IDEA_DROPPED) || strlen(it->updated_at) < 10)
			continue;
		char day[TM_DATE_STRLEN];
		snprintf(day, sizeof(day), "%.10s", it->updated_at);
		tm_error ignored = { 0 };
		if (tm_date_parse_any(day, &on, &ignored) || on < a->from || on > a->to)
			continue;
		cadence_item(a, 0, it->owner, it->launch_slug, 0, "%s: #%lld '%s' %s: %s", day, (long long)it->id, it->title,
		     tm_idea_status_names[it->status], it->why[0] ? it->why : "no reason given");
	}

	/* 4. Messaging and priorities to adjust: the launches whose metrics are missed or behind. */
	cadence_section(a, "no launch's metrics call for a change of messaging or priority");
	/* Each launch's metrics counted once (by launch), the launches with most missed or behind first. */
	if (views.n) {
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
		by_launch = tm_xcalloc(views.n, sizeof(*by_launch));
		for (size_t i = 0; i < views.n; i++)
			by_launch[i] = &views.v[i];
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
		qsort(by_launch, views.n, sizeof(*by_launch), cmp_view_launch);
	}
	for (size_t i = 0; i < views.n;) {
		size_t j = i;
		launch_score *sc = NULL;
		for (; j < views.n && by_launch[j]->m.launch_id == by_launch[i]->m.launch_id; j++) {
			bool bad = by_launch[j]->j.state == TM_MS_MISSED || by_launch[j]->j.state == TM_MS_BEHIND;
			if (bad && !sc) {
				sc = TM_VEC_PUSH(&scores);
				sc->v = by_launch[i];
			}
			if (sc)
				sc->bad += bad;
		}
		if (sc)
			sc->total = (int)(j - i);
		i = j;
	}
	if (scores.n)
		qsort(scores.v, scores.n, sizeof(*scores.v), cmp_score);
	for (size_t i = 0; i < scores.n && i < LIST_MAX / 2; i++)
		cadence_item(a, 0, NULL, scores.v[i].v->m.launch_slug, 0,
		     "%s: %d of %d metrics missed or behind: revisit its messaging and whether its follow-up work comes first",
		     scores.v[i].v->launch_name, scores.v[i].bad, scores.v[i].total);
	cadence_more(a, scores.n < LIST_MAX / 2 ? scores.n : LIST_MAX / 2, scores.n, "launches with metrics missed or behind");
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		tm_experiment_analysis an;
		bool ok;
		if (v->e.kind != TM_EXP_MESSAGING || v->e.status != TM_EXP_RUNNING)
			continue;
		cadence_analyse(v, &an, &ok);
		if (!ok || an.verdict != TM_VERDICT_VARIANT_WINS || an.winner < 0)
			continue;
		const tm_arm *w = &v->arms.v[an.winner];
		cadence_item(a, 0, v->e.owner, v->e.launch_slug, 0, "Messaging: '%s' wins %s (lift %+.1f%%, p = %.3f): adopt %s%s%s",
		     w->name, v->e.name, 100 * an.arms[an.winner].lift_rel, an.arms[an.winner].p_value,
		     w->message[0] ? "\"" : "its message", w->message, w->message[0] ? "\"" : "");
	}
	/* Priorities: the backlog's top five by RICE among what is still being weighed. */
	if ((rc = tm_app_backlog_rank(app, NULL, &rank, err)))
		goto out;
	for (size_t i = 0, shown = 0; i < rank.scored && shown < 5; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		const tm_idea *it = &idea;
		if (it->status > TM_IDEA_EXPERIMENTING)
			continue;
		char rice[200];
		cadence_rice_text(it, rice, sizeof(rice));
		cadence_item(a, 0, it->owner, NULL, 0, "Priority %zu: #%lld '%s' (%s, %s): RICE %s", ++shown, (long long)it->id, it->title,
		     tm_idea_track_names[it->track], tm_idea_status_names[it->status], rice);
	}
out:
	free(by_launch);
	TM_VEC_FREE(&scores);
	tm_backlog_rank_release(&rank);
	tm_experiment_views_free(&experiments);
	TM_VEC_FREE(&ideas);
	TM_VEC_FREE(&ls);
	TM_VEC_FREE(&ms);
	TM_VEC_FREE(&views);
	TM_VEC_FREE(&ds);
	return rc;
}
