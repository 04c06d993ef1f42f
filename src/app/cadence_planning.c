/*
 * cadence_planning.c - the quarterly planning of the next quarter: the
 * roadmap of the quarter by level, the backlog's top ten by RICE with the
 * arithmetic, the quarter's launches by tier, and the owners to confirm.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cadence_internal.h"

#include "util/banned.h"

/* ---- the quarterly planning ---- */

static int cmp_tier_date(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	return cadence_cmp_launch_date(a, b);
}

int cadence_quarterly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	tm_roadmap rm;
	tm_backlog_rank rank;
	char d1[TM_DATE_STRLEN];
	int y, m, d, rc;
	memset(&rm, 0, sizeof(rm));
	memset(&rank, 0, sizeof(rank));

	tm_date_to_ymd(a->date, &y, &m, &d);
	int q = (m - 1) / 3 + 1;
	if (++q > 4) {
		q = 1;
		y++;
	}
	a->from = tm_date_from_ymd(y, 3 * q - 2, 1);
	a->to = tm_date_add_months(a->from, 3) - 1;
	snprintf(a->period, sizeof(a->period), "%04dQ%d", y, q);
	snprintf(a->title, sizeof(a->title), "Quarterly planning for %s (%d minutes)", a->period, tm_meeting_info_of(a->meeting)->minutes);
	f.has_from = f.has_to = true;
	f.from = a->from;
	f.to = a->to;
	if ((rc = st->ops->launches->list(st, &f, &ls, err)))
		goto out;
	size_t keep = 0;
	for (size_t i = 0; i < ls.n; i++)
		if (ls.v[i].status != TM_LAUNCH_CANCELLED)
			ls.v[keep++] = ls.v[i];
	ls.n = keep;
	if (ls.n)
		qsort(ls.v, ls.n, sizeof(*ls.v), cmp_tier_date);

	/* 1. The roadmap of the quarter (and the items above), by level, with the colour shown and its launches. */
	tm_roadmap_query rq = { .quarter = a->period, .owner = NULL };
	if ((rc = tm_app_roadmap(app, &rq, &rm, err)))
		goto out;
	cadence_section(a, "no roadmap item targets the quarter (tminus roadmap add TITLE --level … --quarter)");
	for (int level = 0; level < TM_LEVEL_COUNT; level++) {
		size_t n = 0;
		for (size_t i = 0; i < rm.items.n; i++)
			n += rm.items.v[i].item.level == level;
		if (!n)
			continue;
		static const char *const plural[] = { "Strategic items", "Initiatives", "Releases" };
		cadence_item(a, 0, NULL, NULL, 0, "%s: %zu", plural[level], n);
		for (size_t i = 0, shown = 0; i < rm.items.n; i++) {
			const tm_roadmap_view *v = &rm.items.v[i];
			if (v->item.level != level)
				continue;
			if (++shown > LIST_MAX) {
				if (shown == LIST_MAX + 1)
					cadence_item(a, 1, NULL, NULL, 0, "and %zu more", n - LIST_MAX);
				continue;
			}
			tm_buf b = TM_BUF_INIT;
			for (int k = 0; k < v->item.nlaunches && k < 6; k++) {
				const tm_roadmap_launch *rl = &rm.launches.v[v->launch_at[k]];
				tm_buf_printf(&b, "%s%s (%s%s%s)", k ? ", " : "; launches: ", rl->launch.name,
					      tm_date_format(rl->launch.date, d1), rl->slipped ? ", slipped" : "",
					      rl->done ? "" : rl->feasible ? "" : ", infeasible");
			}
			cadence_item(a, 1, v->item.owner, NULL, 0, "#%lld %s (%s, %s, %s%s%s)%s%s", (long long)v->item.id, v->item.title,
			     v->item.owner[0] ? v->item.owner : "no owner", v->item.quarter[0] ? v->item.quarter : "no quarter",
			     tm_roadmap_status_names[v->colour], v->why_red[0] ? ": " : "", v->why_red, b.s, "");
			tm_buf_release(&b);
		}
	}
	if (rm.review_due)
		cadence_item(a, 0, NULL, NULL, 0, "The roadmap's review is due (every 6 weeks): tminus roadmap review");

	/* 2. The backlog's top ten by RICE, with the arithmetic, and what cannot be scored. */
	if ((rc = tm_app_backlog_rank(app, NULL, &rank, err)))
		goto out;
	cadence_section(a, "no backlog item can be ranked yet (tminus backlog add … --reach --impact --confidence --effort)");
	for (size_t i = 0; i < rank.scored && i < 10; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		const tm_idea *it = &idea;
		char rice[200];
		cadence_rice_text(it, rice, sizeof(rice));
		cadence_item(a, 0, it->owner, it->launch_slug, 0, "%zu. #%lld %s (%s %s, %s%s%s%s%s): %s", i + 1, (long long)it->id, it->title,
		     tm_idea_track_names[it->track], tm_idea_kind_names[it->kind], tm_idea_status_names[it->status],
		     it->owner[0] ? ", owner " : ", no owner", it->owner, it->persona[0] ? ", for " : "", it->persona, rice);
	}
	if (rank.rows.n > rank.scored)
		cadence_item(a, 0, NULL, NULL, 0, "%zu more %s cannot be scored yet (tminus backlog rank lists what each lacks)",
		     rank.rows.n - rank.scored, tm_plural((long long)(rank.rows.n - rank.scored), "item", "items"));

	/* 3. Launches of the next quarter by tier. */
	cadence_section(a, "no launch is planned in the quarter yet");
	for (size_t i = 0; i < ls.n;) {
		size_t j = i;
		while (j < ls.n && ls.v[j].tier == ls.v[i].tier)
			j++;
		cadence_item(a, 0, NULL, NULL, 0, "Tier %d: %zu %s", ls.v[i].tier, j - i, tm_plural((long long)(j - i), "launch", "launches"));
		for (size_t k = i; k < j && k < i + LIST_MAX; k++) {
			const tm_launch *l = &ls.v[k];
			cadence_item(a, 1, l->pm, l->slug, 0, "%s, %s: PM %s, marketing %s, date confidence %s, %d of %d tasks done", l->name,
			     tm_date_format(l->date, d1), l->pm[0] ? l->pm : "none", l->marketing[0] ? l->marketing : "none",
			     tm_confidence_name(l->confidence), l->tasks_done, l->tasks_total);
		}
		if (j - i > LIST_MAX)
			cadence_item(a, 1, NULL, NULL, 0, "and %zu more Tier %d launches", j - i - LIST_MAX, ls.v[i].tier);
		i = j;
	}

	/* 4. Owners to confirm. */
	cadence_section(a, "every launch of the quarter has a PM and a marketing owner");
	size_t missing = 0;
	for (size_t i = 0; i < ls.n; i++) {
		const tm_launch *l = &ls.v[i];
		if (l->pm[0] && l->marketing[0])
			continue;
		if (++missing <= LIST_MAX)
			cadence_item(a, 0, NULL, l->slug, 0, "%s (Tier %d, %s) has no %s", l->name, l->tier, tm_date_format(l->date, d1),
			     !l->pm[0] && !l->marketing[0] ? "PM and no marketing owner" : !l->pm[0] ? "PM" : "marketing owner");
	}
	cadence_more(a, missing < LIST_MAX ? missing : LIST_MAX, missing, "launches without their owners");
	for (size_t i = 0; i < rm.items.n; i++)
		if (!rm.items.v[i].item.owner[0])
			cadence_item(a, 0, NULL, NULL, 0, "Roadmap %s #%lld '%s' has no owner", tm_roadmap_level_names[rm.items.v[i].item.level],
			     (long long)rm.items.v[i].item.id, rm.items.v[i].item.title);
	for (size_t i = 0; i < rank.scored && i < 10; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		if (!idea.owner[0])
			cadence_item(a, 0, NULL, NULL, 0, "Backlog #%lld '%s' (top ten) has no owner", (long long)idea.id, idea.title);
	}
out:
	tm_roadmap_release(&rm);
	tm_backlog_rank_release(&rank);
	TM_VEC_FREE(&ls);
	return rc;
}
