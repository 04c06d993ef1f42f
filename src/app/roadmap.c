/*
 * roadmap.c - the use cases of the three-level roadmap (app/roadmap.h).
 *
 * The tree reads the whole roadmap once and every launch it names once: their
 * readiness comes from the readiness check of many launches at a time
 * (tm_app_check_launches), which plans the portfolio once (plan --all) rather
 * than each launch alone; a launch is infeasible when its check finds a task
 * that cannot make its dates (at-risk) or a product milestone that slipped
 * past the marketing work waiting on it (product-slip). Past
 * TM_ROADMAP_CHECK_MAX open launches the check is skipped (its rules weigh each
 * launch against the whole portfolio): feasibility then comes from each launch's
 * plan alone (no negative slack), made from one lean read of the open work, and
 * the score is left out (-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/roadmap.h"

#include "util/banned.h"

/* Open launches the tree checks for their readiness score; past this many, only their plans (feasible). */
#define TM_ROADMAP_CHECK_MAX 100

void tm_roadmap_release(tm_roadmap *r)
{
	TM_VEC_FREE(&r->items);
	TM_VEC_FREE(&r->launches);
	TM_VEC_FREE(&r->ideas);
	TM_VEC_FREE(&r->quarters);
}

/* An item's id from "12" or "#12". */
static int parse_ref(const char *ref, int64_t *id, tm_error *err)
{
	const char *p = ref && ref[0] == '#' ? ref + 1 : ref;
	long long v = 0;
	int n = 0;
	for (; p && *p >= '0' && *p <= '9' && n < 18; p++, n++)
		v = v * 10 + (*p - '0');
	if (!p || !n || *p || v <= 0)
		return tm_fail_field(err, TM_EINVAL, "id", "invalid roadmap item '%.40s': give its id, such as 12", ref ? ref : "");
	*id = v;
	return 0;
}

static json_t *item_json(const tm_roadmap_item *it)
{
	json_t *launches = json_array(), *ideas = json_array();
	for (int i = 0; i < it->nlaunches; i++)
		json_array_append_new(launches, json_integer(it->launches[i]));
	for (int i = 0; i < it->nideas; i++)
		json_array_append_new(ideas, json_integer(it->ideas[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s?, s:s, s:o, s:o, s:I}", "id", (json_int_t)it->id, "title",
			 it->title, "level", tm_roadmap_level_names[it->level], "parent",
			 it->parent_id ? json_integer(it->parent_id) : json_null(), "owner", it->owner[0] ? it->owner : NULL,
			 "quarter", it->quarter[0] ? it->quarter : NULL, "status", tm_roadmap_status_names[it->status],
			 "launches", launches, "ideas", ideas, "version", (json_int_t)it->version);
}

/* Sets it's fields from the input given, each reference looked up; items is the whole roadmap. */
static int apply_input(tm_app *app, const tm_roadmap_input *in, const tm_roadmap_items *items, tm_roadmap_item *it,
		       tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	if (TM_GIVEN(in, TM_RI_TITLE))
		snprintf(it->title, sizeof(it->title), "%s", in->title);
	if (TM_GIVEN(in, TM_RI_LEVEL))
		it->level = in->level;
	if (TM_GIVEN(in, TM_RI_PARENT))
		it->parent_id = in->parent;
	if (TM_GIVEN(in, TM_RI_PARENT) || TM_GIVEN(in, TM_RI_LEVEL))
		if ((rc = tm_roadmap_parent_check(items->v, items->n, it->id, it->level, it->parent_id, err)))
			return rc;
	if (TM_GIVEN(in, TM_RI_OWNER)) {
		it->owner_id = 0;
		it->owner[0] = '\0';
		if (in->owner[0]) {
			tm_person p;
			if ((rc = tm_app_find_person(app, in->owner, &p, err)))
				return tm_with_field(err, "owner", rc);
			it->owner_id = p.id;
			snprintf(it->owner, sizeof(it->owner), "%s", p.name);
		}
	}
	if (TM_GIVEN(in, TM_RI_QUARTER)) {
		it->quarter[0] = '\0';
		if (in->quarter[0]) {
			int year, q;
			if ((rc = tm_quarter_parse(in->quarter, &year, &q, err)))
				return rc;
			tm_quarter_format(year, q, it->quarter);
		}
	}
	if (TM_GIVEN(in, TM_RI_STATUS))
		it->status = in->status;
	if (TM_GIVEN(in, TM_RI_LAUNCHES)) {
		it->nlaunches = 0;
		for (int i = 0; i < in->launches.n; i++) {
			tm_launch l;
			if ((rc = st->ops->launches->find(st, in->launches.v[i], &l, err)))
				return tm_with_field(err, "launches", rc);
			bool seen = false;
			for (int k = 0; k < it->nlaunches && !seen; k++)
				seen = it->launches[k] == l.id;
			if (!seen)
				it->launches[it->nlaunches++] = l.id;
		}
	}
	if (TM_GIVEN(in, TM_RI_IDEAS)) {
		it->nideas = 0;
		for (int i = 0; i < in->ideas.n; i++) {
			int64_t id;
			tm_idea idea;
			if (parse_ref(in->ideas.v[i], &id, err))
				return tm_fail_field(err, TM_EINVAL, "ideas", "invalid backlog item '%.40s': give its id, such as 12",
						     in->ideas.v[i]);
			if ((rc = st->ops->backlog->get(st, id, &idea, err)))
				return tm_with_field(err, "ideas", rc);
			bool seen = false;
			for (int k = 0; k < it->nideas && !seen; k++)
				seen = it->ideas[k] == id;
			if (!seen)
				it->ideas[it->nideas++] = id;
		}
	}
	return 0;
}

/* ---- the tree ---- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* An id and where it is. */
struct at {
	int64_t id;
	size_t i;
};

static int cmp_at(const void *a, const void *b)
{
	return cmp_i64(&((const struct at *)a)->id, &((const struct at *)b)->id);
}

static const struct at *find_at(const struct at *v, size_t n, int64_t id)
{
	struct at key = { id, 0 };
	return n ? bsearch(&key, v, n, sizeof(key), cmp_at) : NULL;
}

static int cmp_quarter(const void *a, const void *b)
{
	return strcmp(((const tm_roadmap_quarter *)a)->q, ((const tm_roadmap_quarter *)b)->q);
}

static void add_quarter(tm_roadmap *out, const char *q)
{
	if (!q[0])
		return;
	for (size_t i = 0; i < out->quarters.n; i++)
		if (!strcmp(out->quarters.v[i].q, q))
			return;
	snprintf(TM_VEC_PUSH(&out->quarters)->q, TM_QUARTER_STRLEN, "%s", q);
}

/* By launch, then id (the order the store gives a launch's tasks in is no matter to its plan's feasibility). */
static int cmp_work(const void *a, const void *b)
{
	const tm_roadmap_work *x = a, *y = b;
	if (x->launch_id != y->launch_id)
		return cmp_i64(&x->launch_id, &y->launch_id);
	return cmp_i64(&x->in.id, &y->in.id);
}

static int cmp_dep_task(const void *a, const void *b)
{
	return cmp_i64(&((const tm_dep *)a)->task, &((const tm_dep *)b)->task);
}

/*
 * Sets feasible of each open launch of out from its plan, made as app/plan.c makes a launch's (the same
 * inputs: awaiting approval takes no effort, a dated product milestone is a not-before on the working day
 * on or after its date) from the store's lean rows of every planned launch's open tasks.
 */
static int plan_feasibility(tm_app *app, tm_roadmap *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_roadmap_works work = TM_VEC_INIT;
	tm_deps deps = TM_VEC_INIT, mine = TM_VEC_INIT;
	tm_plan_input *in = NULL;
	size_t cap = 0;
	const tm_calendar *cal;
	int rc;
	if ((rc = tm_app_calendar_load(app, &cal, err)) || (rc = st->ops->roadmap->open_work(st, &work, &deps, err)))
		goto out;
	if (work.n)
		qsort(work.v, work.n, sizeof(work.v[0]), cmp_work);
	if (deps.n)
		qsort(deps.v, deps.n, sizeof(deps.v[0]), cmp_dep_task);
	for (size_t i = 0; i < out->launches.n && !rc; i++) {
		tm_roadmap_launch *rl = &out->launches.v[i];
		if (rl->done)
			continue;
		/* Its run of rows (by launch id). */
		size_t lo = 0, hi = work.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (work.v[mid].launch_id < rl->launch.id)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < work.n && work.v[end].launch_id == rl->launch.id)
			end++;
		if (end == lo)
			continue; /* no open work: nothing can be late */
		size_t n = end - lo;
		if (n > cap) {
			free(in);
			cap = n;
			in = tm_xcalloc(cap, sizeof(*in));
		}
		mine.n = 0;
		for (size_t k = 0; k < n; k++) {
			const tm_roadmap_work *w = &work.v[lo + k];
			in[k] = w->in;
			if (w->product && w->in.has_due) {
				in[k].has_due = false;
				in[k].has_not_before = true;
				in[k].not_before = tm_cal_workday_on_or_after(cal, w->in.due);
			}
			size_t a = 0, b = deps.n;
			while (a < b) {
				size_t mid = a + (b - a) / 2;
				if (deps.v[mid].task < w->in.id)
					a = mid + 1;
				else
					b = mid;
			}
			for (; a < deps.n && deps.v[a].task == w->in.id; a++)
				*TM_VEC_PUSH(&mine) = deps.v[a];
		}
		tm_plan plan;
		memset(&plan, 0, sizeof(plan));
		if ((rc = tm_plan_compute(in, n, mine.v, mine.n, rl->launch.date, app->today, cal, &plan, err)) == 0)
			rl->feasible = plan.feasible;
		else if (rc == TM_ECONFLICT)
			rc = 0; /* dependencies in a cycle: no plan to judge by (plan and check say so) */
		tm_plan_release(&plan);
	}
out:
	TM_VEC_FREE(&work);
	TM_VEC_FREE(&deps);
	TM_VEC_FREE(&mine);
	free(in);
	return rc;
}

/* Fills out->launches with each launch the shown items name, with its date and readiness. */
static int read_launches(tm_app *app, tm_roadmap *out, tm_error *err)
{
	tm_store *st = app->st;
	TM_VEC(int64_t) ids = TM_VEC_INIT;
	tm_launches all = TM_VEC_INIT, open = TM_VEC_INIT;
	tm_checks checks = TM_VEC_INIT;
	struct at *index = NULL;
	int rc = 0;
	for (size_t i = 0; i < out->items.n; i++)
		for (int k = 0; k < out->items.v[i].item.nlaunches; k++)
			*TM_VEC_PUSH(&ids) = out->items.v[i].item.launches[k];
	if (!ids.n)
		goto out;
	qsort(ids.v, ids.n, sizeof(ids.v[0]), cmp_i64);
	size_t u = 0;
	for (size_t i = 0; i < ids.n; i++)
		if (!u || ids.v[u - 1] != ids.v[i])
			ids.v[u++] = ids.v[i];
	ids.n = u;
	/* A few launches are read one by one; many from one list of them all. */
	if (ids.n <= 32) {
		for (size_t i = 0; i < ids.n && !rc; i++)
			rc = st->ops->launches->get(st, ids.v[i], TM_VEC_PUSH(&all), err);
	} else {
		tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
		rc = st->ops->launches->list(st, &f, &all, err);
	}
	if (rc)
		goto out;
	index = tm_xcalloc(all.n ? all.n : 1, sizeof(*index));
	for (size_t i = 0; i < all.n; i++)
		index[i] = (struct at){ all.v[i].id, i };
	qsort(index, all.n, sizeof(*index), cmp_at);
	for (size_t i = 0; i < ids.n; i++) {
		const struct at *hit = find_at(index, all.n, ids.v[i]);
		if (!hit)
			continue;
		const tm_launch *l = &all.v[hit->i];
		tm_roadmap_launch *rl = TM_VEC_PUSH(&out->launches);
		rl->launch = *l;
		rl->score = -1;
		rl->feasible = true;
		rl->first_date = l->date;
		rl->done = l->status == TM_LAUNCH_LAUNCHED || l->status == TM_LAUNCH_CANCELLED;
		if (!rl->done)
			*TM_VEC_PUSH(&open) = *l;
		/* Slipped: T is later than it was first planned (only a launch that moved has a history to read). */
		if (l->date_changes > 0) {
			tm_date_changes h = TM_VEC_INIT;
			if ((rc = st->ops->history->date_change_list(st, l->id, &h, err)))
				goto out;
			if (h.n)
				rl->first_date = h.v[0].from;
			TM_VEC_FREE(&h);
			rl->slipped = l->date > rl->first_date;
		}
	}
	/* Many open launches: only whether each can make its day, planned from one lean read of the open
	 * work (the readiness check of thousands of launches weighs each against the whole portfolio, and
	 * plan --all reads every task whole: seconds on 10,000 launches). */
	if (open.n > TM_ROADMAP_CHECK_MAX) {
		rc = plan_feasibility(app, out, err);
		goto out;
	}
	/* A few: checked together, with their readiness score. */
	if (open.n && (rc = tm_app_check_launches(app, open.v, open.n, &checks, err)))
		goto out;
	for (size_t i = 0, j = 0; i < out->launches.n && j < checks.n; i++) {
		tm_roadmap_launch *rl = &out->launches.v[i];
		if (rl->done)
			continue;
		const tm_launch_check *c = &checks.v[j++];
		rl->score = c->score;
		for (size_t f = 0; f < c->findings.n; f++)
			if (c->findings.v[f].rule == TM_RULE_AT_RISK || c->findings.v[f].rule == TM_RULE_PRODUCT_SLIP)
				rl->feasible = false;
	}
out:
	TM_VEC_FREE(&ids);
	TM_VEC_FREE(&all);
	TM_VEC_FREE(&open);
	tm_checks_free(&checks);
	free(index);
	return rc;
}

/* Fills out->ideas with each idea the shown items name. */
static int read_ideas(tm_app *app, tm_roadmap *out, tm_error *err)
{
	for (size_t i = 0; i < out->items.n; i++) {
		tm_roadmap_view *v = &out->items.v[i];
		for (int k = 0; k < v->item.nideas; k++) {
			size_t at = 0;
			while (at < out->ideas.n && out->ideas.v[at].id != v->item.ideas[k])
				at++;
			if (at == out->ideas.n) {
				tm_idea idea;
				int rc = app->st->ops->backlog->get(app->st, v->item.ideas[k], &idea, err);
				if (rc)
					return rc;
				tm_roadmap_idea *ri = TM_VEC_PUSH(&out->ideas);
				ri->id = idea.id;
				snprintf(ri->title, sizeof(ri->title), "%s", idea.title);
				ri->status = idea.status;
			}
			v->idea_at[k] = (int)at;
		}
	}
	return 0;
}

/* Each item's launches found in out->launches, and its colour shown. */
static void colour_items(tm_roadmap *out)
{
	struct at *index = tm_xcalloc(out->launches.n ? out->launches.n : 1, sizeof(*index));
	for (size_t i = 0; i < out->launches.n; i++)
		index[i] = (struct at){ out->launches.v[i].launch.id, i };
	if (out->launches.n)
		qsort(index, out->launches.n, sizeof(*index), cmp_at);
	for (size_t i = 0; i < out->items.n; i++) {
		tm_roadmap_view *v = &out->items.v[i];
		tm_roadmap_launch_state ls[TM_ROADMAP_LINKS_MAX];
		int n = 0;
		add_quarter(out, v->item.quarter);
		for (int k = 0; k < v->item.nlaunches; k++) {
			const struct at *hit = find_at(index, out->launches.n, v->item.launches[k]);
			v->launch_at[k] = hit ? (int)hit->i : -1;
			if (!hit)
				continue;
			const tm_roadmap_launch *rl = &out->launches.v[hit->i];
			ls[n++] = (tm_roadmap_launch_state){ rl->launch.date, !rl->feasible, rl->slipped, rl->done };
		}
		v->colour = tm_roadmap_colour(&v->item, ls, (size_t)n);
		v->why_red[0] = '\0';
		if (v->colour != TM_RM_RED || v->item.status == TM_RM_RED)
			continue;
		/* Say which launch made it red. */
		for (int k = 0; k < v->item.nlaunches && !v->why_red[0]; k++) {
			if (v->launch_at[k] < 0)
				continue;
			const tm_roadmap_launch *rl = &out->launches.v[v->launch_at[k]];
			char d[TM_DATE_STRLEN], first[TM_DATE_STRLEN];
			if (rl->done)
				continue;
			if (!rl->feasible)
				snprintf(v->why_red, sizeof(v->why_red), "launch '%.80s' cannot make %s: its plan has tasks that cannot meet their dates",
					 rl->launch.slug, tm_date_format(rl->launch.date, d));
			else if (rl->slipped && tm_roadmap_colour(&v->item, &(tm_roadmap_launch_state){ rl->launch.date, false, true, false }, 1) == TM_RM_RED)
				snprintf(v->why_red, sizeof(v->why_red), "launch '%.80s' slipped from %s to %s, past %s",
					 rl->launch.slug, tm_date_format(rl->first_date, first), tm_date_format(rl->launch.date, d),
					 v->item.quarter);
		}
	}
	for (size_t i = 0; i < out->launches.n; i++) {
		int y, q;
		char name[TM_QUARTER_STRLEN];
		tm_quarter_of(out->launches.v[i].launch.date, &y, &q);
		add_quarter(out, tm_quarter_format(y, q, name));
	}
	if (out->quarters.n)
		qsort(out->quarters.v, out->quarters.n, sizeof(out->quarters.v[0]), cmp_quarter);
	free(index);
}

/* The last review and whether one is due, for a roadmap of n items. */
static int read_review(tm_app *app, size_t n, tm_roadmap *out, tm_error *err)
{
	tm_roadmap_reviews rs = TM_VEC_INIT;
	int rc = app->st->ops->roadmap->review_list(app->st, 1, &rs, err);
	if (rc)
		return rc;
	out->has_review = rs.n > 0;
	if (rs.n)
		out->last_review = rs.v[0];
	out->review_due = tm_roadmap_review_due(n, out->has_review, out->has_review ? out->last_review.on : 0, app->today);
	TM_VEC_FREE(&rs);
	return 0;
}

/*
 * Builds out from every item (by level, then id): those show[] marks, depth first, each with its launches,
 * ideas and colour.
 */
static int build(tm_app *app, const tm_roadmap_items *items, const bool *show, tm_roadmap *out, tm_error *err)
{
	size_t n = items->n;
	struct at *index = tm_xcalloc(n ? n : 1, sizeof(*index));
	size_t *parent = tm_xcalloc(n ? n : 1, sizeof(*parent));  /* its parent's index, n: none */
	size_t *first = tm_xcalloc(n + 1, sizeof(*first));         /* children of i: kids[first[i] .. first[i + 1]) */
	size_t *kids = tm_xcalloc(n ? n : 1, sizeof(*kids));
	size_t *stack = tm_xcalloc(n ? n : 1, sizeof(*stack));
	int *depth = tm_xcalloc(n ? n : 1, sizeof(*depth));
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		index[i] = (struct at){ items->v[i].id, i };
	if (n)
		qsort(index, n, sizeof(*index), cmp_at);
	for (size_t i = 0; i < n; i++) {
		const struct at *hit = items->v[i].parent_id ? find_at(index, n, items->v[i].parent_id) : NULL;
		parent[i] = hit && hit->i != i ? hit->i : n;
		if (parent[i] < n)
			first[parent[i] + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	{
		size_t *fill = tm_xcalloc(n ? n : 1, sizeof(*fill));
		for (size_t i = 0; i < n; i++) /* items come by level then id: each parent's children by id */
			if (parent[i] < n)
				kids[first[parent[i]] + fill[parent[i]]++] = i;
		free(fill);
	}
	/* Depth first from each item at the top (by level, then id); a child is pushed in reverse to come out in order. */
	for (size_t r = 0; r < n; r++) {
		if (parent[r] < n)
			continue;
		size_t top = 0;
		stack[top++] = r;
		depth[r] = 0;
		while (top) {
			size_t i = stack[--top];
			if (show[i]) {
				tm_roadmap_view *v = TM_VEC_PUSH(&out->items);
				v->item = items->v[i];
				v->depth = depth[i];
			}
			for (size_t k = first[i + 1]; k > first[i]; k--) {
				size_t c = kids[k - 1];
				depth[c] = depth[i] + 1;
				if (top < n)
					stack[top++] = c;
			}
		}
	}
	out->today = app->today;
	if (!rc)
		rc = read_launches(app, out, err);
	if (!rc)
		rc = read_ideas(app, out, err);
	if (!rc) {
		colour_items(out);
		rc = read_review(app, n, out, err);
	}
	free(index);
	free(parent);
	free(first);
	free(kids);
	free(stack);
	free(depth);
	return rc;
}

int tm_app_roadmap(tm_app *app, const tm_roadmap_query *q, tm_roadmap *out, tm_error *err)
{
	tm_roadmap_items items = TM_VEC_INIT;
	bool *show = NULL;
	char quarter[TM_QUARTER_STRLEN] = "";
	tm_person owner = { 0 };
	int rc;
	memset(out, 0, sizeof(*out));
	if (q && q->quarter) {
		int y, k;
		if ((rc = tm_quarter_parse(q->quarter, &y, &k, err)))
			return rc;
		tm_quarter_format(y, k, quarter);
	}
	if (q && q->owner && (rc = tm_app_find_person(app, q->owner, &owner, err)))
		return tm_with_field(err, "owner", rc);
	if ((rc = app->st->ops->roadmap->list(app->st, &items, err)))
		return rc;
	show = tm_xcalloc(items.n ? items.n : 1, sizeof(*show));
	struct at *index = tm_xcalloc(items.n ? items.n : 1, sizeof(*index));
	for (size_t i = 0; i < items.n; i++)
		index[i] = (struct at){ items.v[i].id, i };
	if (items.n)
		qsort(index, items.n, sizeof(*index), cmp_at);
	/* An item that matches is shown with the items above it, so that the tree stays a tree. */
	for (size_t i = 0; i < items.n; i++) {
		const tm_roadmap_item *it = &items.v[i];
		if ((quarter[0] && strcmp(it->quarter, quarter)) || (owner.id && it->owner_id != owner.id))
			continue;
		size_t at = i;
		for (size_t steps = 0; steps <= items.n && !show[at]; steps++) {
			show[at] = true;
			const struct at *up = items.v[at].parent_id ? find_at(index, items.n, items.v[at].parent_id) : NULL;
			if (!up)
				break;
			at = up->i;
		}
	}
	free(index);
	rc = build(app, &items, show, out, err);
	free(show);
	TM_VEC_FREE(&items);
	if (rc)
		tm_roadmap_release(out);
	return rc;
}

/* The roadmap of one item: every item read (for its depth), only it shown. */
static int one(tm_app *app, int64_t id, tm_roadmap *out, tm_error *err)
{
	tm_roadmap_items items = TM_VEC_INIT;
	int rc = app->st->ops->roadmap->list(app->st, &items, err);
	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	bool *show = tm_xcalloc(items.n ? items.n : 1, sizeof(*show));
	bool found = false;
	for (size_t i = 0; i < items.n; i++)
		found |= show[i] = items.v[i].id == id;
	rc = found ? build(app, &items, show, out, err) : tm_fail(err, TM_ENOTFOUND, "unknown roadmap item %lld", (long long)id);
	free(show);
	TM_VEC_FREE(&items);
	if (rc)
		tm_roadmap_release(out);
	return rc;
}

int tm_app_roadmap_get(tm_app *app, const char *ref, tm_roadmap *out, tm_error *err)
{
	int64_t id;
	memset(out, 0, sizeof(*out));
	int rc = parse_ref(ref, &id, err);
	return rc ? rc : one(app, id, out, err);
}

/* ---- writing ---- */

int tm_app_roadmap_add(tm_app *app, const tm_roadmap_input *in, tm_roadmap *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_roadmap_items items = TM_VEC_INIT;
	tm_roadmap_item it;
	int rc;
	memset(&it, 0, sizeof(it));
	memset(out, 0, sizeof(*out));
	it.status = TM_RM_GREEN;
	if ((rc = tm_input_check(&tm_roadmap_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->roadmap->list(st, &items, err);
	if (!rc)
		rc = apply_input(app, in, &items, &it, err);
	if (!rc)
		rc = st->ops->roadmap->add(st, &it, err);
	if (!rc)
		rc = tm_app_audit(app, "roadmap.add", NULL, item_json(&it), err, "roadmap %lld", (long long)it.id);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&items);
	return rc ? rc : one(app, it.id, out, err);
}

/* Refuses a change of an item read at another version. */
static int check_version(const tm_roadmap_item *it, int64_t if_version, tm_error *err)
{
	if (if_version > 0 && it->version != if_version)
		return tm_fail(err, TM_ESTALE, "roadmap item %lld has changed (version %lld, not %lld): read it again",
			       (long long)it->id, (long long)it->version, (long long)if_version);
	return 0;
}

int tm_app_roadmap_set(tm_app *app, const char *ref, const tm_roadmap_input *in, tm_roadmap *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_roadmap_items items = TM_VEC_INIT;
	tm_roadmap_item it;
	json_t *before = NULL;
	int64_t id;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = tm_input_check(&tm_roadmap_desc, TM_IN_CHANGE, in, err)) || (rc = parse_ref(ref, &id, err)))
		return rc;
	/* Read, check the version and write in one write transaction: two clients holding one version cannot both win. */
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->roadmap->get(st, id, &it, err);
	if (!rc)
		rc = check_version(&it, in->if_version, err);
	if (!rc)
		rc = st->ops->roadmap->list(st, &items, err);
	if (!rc) {
		before = item_json(&it);
		rc = apply_input(app, in, &items, &it, err);
	}
	if (!rc)
		rc = st->ops->roadmap->update(st, &it, err);
	if (!rc) {
		rc = tm_app_audit(app, "roadmap.set", before, item_json(&it), err, "roadmap %lld", (long long)it.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&items);
	return rc ? rc : one(app, id, out, err);
}

int tm_app_roadmap_rm(tm_app *app, const char *ref, int64_t if_version, tm_roadmap *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_roadmap_items items = TM_VEC_INIT;
	tm_roadmap shown = { 0 };
	tm_roadmap_item it;
	int64_t id;
	int rc;
	if (out)
		memset(out, 0, sizeof(*out));
	if ((rc = parse_ref(ref, &id, err)))
		return rc;
	/* The item as shown, read before the write transaction: its launches' readiness may take a while. */
	if ((rc = one(app, id, &shown, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err))) {
		tm_roadmap_release(&shown);
		return rc;
	}
	rc = st->ops->roadmap->get(st, id, &it, err);
	if (!rc)
		rc = check_version(&it, if_version, err);
	if (!rc)
		rc = st->ops->roadmap->list(st, &items, err);
	/* Items under it are refused rather than removed or left without a parent: the user moves them first. */
	for (size_t i = 0; !rc && i < items.n; i++)
		if (items.v[i].parent_id == id)
			rc = tm_fail(err, TM_ECONFLICT,
				     "roadmap item %lld '%.60s' has items under it (item %lld '%.60s'): move them (roadmap set ID "
				     "--parent …) or remove them first",
				     (long long)id, it.title, (long long)items.v[i].id, items.v[i].title);
	if (!rc)
		rc = st->ops->roadmap->rm(st, id, err);
	if (!rc)
		rc = tm_app_audit(app, "roadmap.rm", item_json(&it), NULL, err, "roadmap %lld", (long long)id);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&items);
	if (!rc && out)
		*out = shown;
	else
		tm_roadmap_release(&shown);
	return rc;
}

int tm_app_roadmap_review(tm_app *app, const tm_roadmap_review_input *in, tm_roadmap_review *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = tm_input_check(&tm_roadmap_review_desc, TM_IN_CREATE, in, err)))
		return rc;
	out->on = app->today;
	if (TM_GIVEN(in, TM_RR_NOTES))
		snprintf(out->notes, sizeof(out->notes), "%s", in->notes);
	snprintf(out->by, sizeof(out->by), "%s", app->user ? app->user : "");
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->roadmap->review_add(st, out, err);
	if (!rc) {
		char on[TM_DATE_STRLEN];
		rc = tm_app_audit(app, "roadmap.review", NULL,
				  json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)out->id, "on", tm_date_format(out->on, on),
					    "notes", out->notes, "by", out->by),
				  err, "roadmap review %lld", (long long)out->id);
	}
	return tm_store_finish(st, rc, err);
}

int tm_app_roadmap_reviews(tm_app *app, int limit, tm_roadmap_reviews *out, tm_error *err)
{
	return app->st->ops->roadmap->review_list(app->st, limit, out, err);
}
