/*
 * test_app_roadmap.c - the roadmap's use cases (app/roadmap.c) on every storage backend: the
 * three-level tree, its filters, each launch's readiness and the colour it gives its item (red when
 * infeasible or slipped past the item's quarter), the reviews and the rule that asks for one, and
 * every refusal of the issue's bad input changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/backlog.h"
#include "app/roadmap.h"
#include "app_fixture.h"
#include "present/json_roadmap.h"
#include "render/json.h"

#include "util/banned.h"

/* Ana Silva (pm), Bo Chen (marketing); launch sso (tier 2, 2027-03-10) and late (tier 1, 2027-01-07: three
 * days after today, with a tier 1 checklist that cannot be done by then). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Ana Silva";
	IN(&tm_person_desc, &pi, "name=Ana Silva", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Bo Chen", "role=marketing");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=SSO", "date=2027-03-10", "tier=2", "pm=Ana Silva");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_launch_desc, &li, "name=Late", "date=2027-01-07", "tier=1", "pm=Ana Silva", "marketing=Bo Chen");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

/* Adds an item from field=value pairs; its id. */
#define ADD(w, ...) add_item(w, __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)
static int64_t add_item(ws *w, const char *file, int line, ...)
{
	tm_roadmap_input in;
	tm_roadmap r;
	va_list ap;
	memset(&in, 0, sizeof(in));
	va_start(ap, line);
	for (const char *kv; (kv = va_arg(ap, const char *));) {
		char name[32];
		const char *eq = strchr(kv, '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq - kv), kv);
		tm_error err = TM_ERROR_INIT;
		if (tm_input_set(&tm_roadmap_desc, name, eq + 1, &in, &err))
			fail_msg("%s:%d: %s: %s", file, line, kv, err.msg);
	}
	va_end(ap);
	OK(w, tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_int_equal(r.items.n, 1);
	int64_t id = r.items.v[0].item.id;
	tm_roadmap_release(&r);
	return id;
}

/* The shown item of id in r, or a failed test. */
static const tm_roadmap_view *view(const tm_roadmap *r, int64_t id)
{
	for (size_t i = 0; i < r->items.n; i++)
		if (r->items.v[i].item.id == id)
			return &r->items.v[i];
	fail_msg("item %lld is not shown", (long long)id);
	return NULL;
}

/* roadmap --json's writer prints the very bytes jansson prints of the API's document. */
static void same_json(const tm_roadmap *r)
{
	json_t *j = tm_json_roadmap(r);
	char *want = tm_json_dumps(j);
	tm_buf got = TM_BUF_INIT;
	tm_json_out w;
	tm_json_out_init(&w, &got);
	tm_json_out_roadmap(&w, r);
	tm_json_out_end(&w);
	assert_string_equal(got.s, want);
	free(want);
	json_decref(j);
	tm_buf_release(&got);
}

static const tm_roadmap_launch *launch_of(const tm_roadmap *r, const tm_roadmap_view *v, int k)
{
	assert_true(k < v->item.nlaunches);
	assert_true(v->launch_at[k] >= 0);
	return &r->launches.v[v->launch_at[k]];
}

static void tree_order_depth_and_filters(void **state)
{
	ws *w = *state;
	tm_roadmap r;
	seed(w);
	int64_t s1 = ADD(w, "title=Win mid-market", "level=strategic", "owner=Ana Silva", "quarter=2027-Q2");
	int64_t s2 = ADD(w, "title=Delight admins", "level=strategic");
	int64_t i1 = ADD(w, "title=SSO everywhere", "level=initiative", "parent=1", "quarter=Q1 2027", "owner=Bo Chen");
	int64_t orphan = ADD(w, "title=Loose release", "level=release", "quarter=2027Q3");
	int64_t r1 = ADD(w, "title=SSO GA", "level=release", "parent=3", "quarter=2027q1", "launches=sso", "status=yellow");
	int64_t i2 = ADD(w, "title=Audit log", "level=initiative", "parent=2");
	assert_int_equal(s1 + s2 + i1 + orphan + r1 + i2, 1 + 2 + 3 + 4 + 5 + 6);

	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	/* Depth first, each item before those under it, the top by level then id. */
	int64_t order[] = { 1, 3, 5, 2, 6, 4 };
	int depth[] = { 0, 1, 2, 0, 1, 0 };
	assert_int_equal(r.items.n, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(r.items.v[i].item.id, order[i]);
		assert_int_equal(r.items.v[i].depth, depth[i]);
	}
	const tm_roadmap_view *rel = view(&r, r1);
	assert_string_equal(rel->item.quarter, "2027Q1"); /* every form kept as one */
	assert_int_equal(rel->item.parent_id, i1);
	assert_int_equal(rel->colour, TM_RM_YELLOW);
	const tm_roadmap_launch *l = launch_of(&r, rel, 0);
	assert_string_equal(l->launch.slug, "sso");
	assert_true(l->feasible);
	assert_false(l->slipped);
	assert_true(l->score >= 0 && l->score <= 100);
	assert_string_equal(view(&r, i1)->item.owner, "Bo Chen");
	/* Quarters of the items and their launches, sorted. */
	assert_int_equal(r.quarters.n, 3);
	assert_string_equal(r.quarters.v[0].q, "2027Q1");
	assert_string_equal(r.quarters.v[2].q, "2027Q3");
	assert_true(r.review_due); /* items, never reviewed */
	assert_false(r.has_review);
	same_json(&r);
	tm_roadmap_release(&r);

	/* --quarter: the items of the quarter and those above them. */
	tm_roadmap_query q = { "2027-Q1", NULL };
	OK(w, tm_app_roadmap(&w->app, &q, &r, &w->err));
	assert_int_equal(r.items.n, 3);
	assert_int_equal(r.items.v[0].item.id, s1);
	assert_int_equal(r.items.v[1].item.id, i1);
	assert_int_equal(r.items.v[2].item.id, r1);
	tm_roadmap_release(&r);
	/* --owner: Bo's initiative, under Ana's strategic item. */
	q = (tm_roadmap_query){ NULL, "bo chen" };
	OK(w, tm_app_roadmap(&w->app, &q, &r, &w->err));
	assert_int_equal(r.items.n, 2);
	assert_int_equal(r.items.v[1].item.id, i1);
	tm_roadmap_release(&r);
	q = (tm_roadmap_query){ "2027Q4", NULL };
	OK(w, tm_app_roadmap(&w->app, &q, &r, &w->err));
	assert_int_equal(r.items.n, 0);
	tm_roadmap_release(&r);
	q = (tm_roadmap_query){ "2027Q5", NULL };
	REFUSED(w, TM_EINVAL, "invalid quarter '2027Q5'", tm_app_roadmap(&w->app, &q, &r, &w->err));
	assert_string_equal(w->err.field, "quarter");
}

static void set_moves_and_links(void **state)
{
	ws *w = *state;
	tm_roadmap_input in;
	tm_roadmap r;
	tm_idea_input ii;
	tm_idea idea;
	seed(w);
	IN(&tm_idea_desc, &ii, "title=SAML for everyone", "kind=idea", "track=product");
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));
	ADD(w, "title=A", "level=strategic");
	ADD(w, "title=B", "level=strategic");
	ADD(w, "title=Under A", "level=initiative", "parent=1");
	int64_t rel = ADD(w, "title=Release", "level=release", "parent=3", "launches=sso", "launches=late", "launches=sso");
	OK(w, tm_app_roadmap_get(&w->app, "#4", &r, &w->err));
	assert_int_equal(r.items.v[0].item.nlaunches, 2); /* named twice, linked once */
	assert_int_equal(r.items.v[0].depth, 2);
	tm_roadmap_release(&r);
	/* Move the initiative under B; the release follows it. Ideas and launches replaced. */
	IN(&tm_roadmap_desc, &in, "parent=2");
	OK(w, tm_app_roadmap_set(&w->app, "3", &in, &r, &w->err));
	assert_int_equal(r.items.v[0].item.parent_id, 2);
	assert_int_equal(r.items.v[0].item.version, 2);
	tm_roadmap_release(&r);
	char idref[24];
	snprintf(idref, sizeof(idref), "ideas=%lld", (long long)idea.id);
	IN(&tm_roadmap_desc, &in, "launches=none", idref, "owner=Ana Silva", "quarter=", "title=Release 1");
	OK(w, tm_app_roadmap_set(&w->app, "4", &in, &r, &w->err));
	assert_int_equal(r.items.v[0].item.nlaunches, 0);
	assert_int_equal(r.items.v[0].item.nideas, 1);
	assert_string_equal(r.ideas.v[r.items.v[0].idea_at[0]].title, "SAML for everyone");
	assert_string_equal(r.items.v[0].item.owner, "Ana Silva");
	assert_string_equal(r.items.v[0].item.quarter, "");
	assert_string_equal(r.items.v[0].item.title, "Release 1");
	same_json(&r);
	tm_roadmap_release(&r);
	/* Version guard. */
	IN(&tm_roadmap_desc, &in, "status=red");
	in.if_version = 1;
	REFUSED(w, TM_ESTALE, "changed", tm_app_roadmap_set(&w->app, "4", &in, &r, &w->err));
	/* Orphan a release (parent 0), then remove it; remove the rest leaves first. */
	IN(&tm_roadmap_desc, &in, "parent=0");
	OK(w, tm_app_roadmap_set(&w->app, "4", &in, &r, &w->err));
	assert_int_equal(r.items.v[0].item.parent_id, 0);
	tm_roadmap_release(&r);
	OK(w, tm_app_roadmap_rm(&w->app, "4", 0, &r, &w->err));
	assert_string_equal(r.items.v[0].item.title, "Release 1");
	tm_roadmap_release(&r);
	REFUSED(w, TM_ENOTFOUND, "unknown roadmap item 4", tm_app_roadmap_get(&w->app, "4", &r, &w->err));
	assert_int_equal(rel, 4);
	/* An id is never handed out again. */
	assert_int_equal(ADD(w, "title=Next", "level=strategic"), 5);
}

static void refusals_change_nothing(void **state)
{
	ws *w = *state;
	tm_roadmap_input in;
	tm_roadmap r;
	seed(w);
	ADD(w, "title=S", "level=strategic");
	ADD(w, "title=I", "level=initiative", "parent=1");
	ADD(w, "title=R", "level=release", "parent=2", "quarter=2027Q1");

	/* A parent at the wrong level. */
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "parent=1");
	REFUSED(w, TM_EINVAL, "the parent of a release item is an initiative item", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_string_equal(w->err.field, "parent");
	IN(&tm_roadmap_desc, &in, "title=x", "level=strategic", "parent=1");
	REFUSED(w, TM_EINVAL, "a strategic item has no parent", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "title=x", "level=initiative", "parent=3");
	REFUSED(w, TM_EINVAL, "parent", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "title=x", "level=initiative", "parent=99");
	REFUSED(w, TM_EINVAL, "no roadmap item 99", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	/* Its own parent (and so its own ancestor). */
	IN(&tm_roadmap_desc, &in, "parent=2");
	REFUSED(w, TM_EINVAL, "its own parent", tm_app_roadmap_set(&w->app, "2", &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "parent=3");
	REFUSED(w, TM_EINVAL, "parent", tm_app_roadmap_set(&w->app, "2", &in, &r, &w->err));
	/* Unknown launch, idea, owner; a bad quarter; a level changed. */
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "launches=nope");
	REFUSED(w, TM_ENOTFOUND, "nope", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_string_equal(w->err.field, "launches");
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "ideas=42");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_string_equal(w->err.field, "ideas");
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "ideas=abc");
	REFUSED(w, TM_EINVAL, "invalid backlog item 'abc'", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "owner=Nobody Here");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_string_equal(w->err.field, "owner");
	IN(&tm_roadmap_desc, &in, "title=x", "level=release", "quarter=2027Q5");
	REFUSED(w, TM_EINVAL, "invalid quarter '2027Q5'", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	assert_string_equal(w->err.field, "quarter");
	IN(&tm_roadmap_desc, &in, "quarter=next year");
	REFUSED(w, TM_EINVAL, "invalid quarter", tm_app_roadmap_set(&w->app, "3", &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "level=initiative");
	REFUSED(w, TM_EINVAL, "keeps its level", tm_app_roadmap_set(&w->app, "3", &in, &r, &w->err));
	IN(&tm_roadmap_desc, &in, "title=x");
	REFUSED(w, TM_EINVAL, "level", tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	/* Removing an item with items under it; unknown and malformed ids. */
	REFUSED(w, TM_ECONFLICT, "has items under it (item 2 'I')", tm_app_roadmap_rm(&w->app, "1", 0, &r, &w->err));
	REFUSED(w, TM_ESTALE, NULL, tm_app_roadmap_rm(&w->app, "3", 7, &r, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_roadmap_rm(&w->app, "9", 0, &r, &w->err));
	REFUSED(w, TM_EINVAL, "invalid roadmap item 'x1'", tm_app_roadmap_get(&w->app, "x1", &r, &w->err));
	IN(&tm_roadmap_desc, &in, "status=red");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_roadmap_set(&w->app, "9", &in, &r, &w->err));
}

static void colour_from_launches(void **state)
{
	ws *w = *state;
	tm_roadmap r;
	tm_delay_input di;
	tm_delay_result dr;
	seed(w);
	ADD(w, "title=S", "level=strategic");
	ADD(w, "title=I", "level=initiative", "parent=1");
	int64_t sso = ADD(w, "title=SSO", "level=release", "parent=2", "quarter=2027Q1", "launches=sso");
	int64_t late = ADD(w, "title=Late", "level=release", "parent=2", "quarter=2027Q1", "launches=late", "status=green");
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	/* A tier 1 checklist three days before T cannot be done: infeasible, red, and it says why. */
	const tm_roadmap_view *v = view(&r, late);
	assert_false(launch_of(&r, v, 0)->feasible);
	assert_int_equal(v->colour, TM_RM_RED);
	assert_int_equal(v->item.status, TM_RM_GREEN);
	assert_non_null(strstr(v->why_red, "launch 'late' cannot make 2027-01-07"));
	assert_int_equal(view(&r, sso)->colour, TM_RM_GREEN);
	/* Only its own launches colour an item: the initiative above stays as set. */
	assert_int_equal(view(&r, 2)->colour, TM_RM_GREEN);
	tm_roadmap_release(&r);

	/* SSO slips within the quarter: slipped, still green. */
	IN(&tm_delay_desc, &di, "to=2027-03-24", "reason=vendor");
	OK(w, tm_app_launch_delay(&w->app, "sso", &di, &dr, &w->err));
	tm_delay_result_release(&dr);
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	v = view(&r, sso);
	assert_true(launch_of(&r, v, 0)->slipped);
	assert_int_equal(launch_of(&r, v, 0)->first_date, D("2027-03-10"));
	assert_int_equal(v->colour, TM_RM_GREEN);
	tm_roadmap_release(&r);
	/* … then past the quarter's last day: red. */
	IN(&tm_delay_desc, &di, "to=2027-04-14", "reason=vendor again");
	OK(w, tm_app_launch_delay(&w->app, "sso", &di, &dr, &w->err));
	tm_delay_result_release(&dr);
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	v = view(&r, sso);
	assert_int_equal(v->colour, TM_RM_RED);
	assert_non_null(strstr(v->why_red, "launch 'sso' slipped from 2027-03-10 to 2027-04-14, past 2027Q1"));
	tm_roadmap_release(&r);
}

static void reviews(void **state)
{
	ws *w = *state;
	tm_roadmap r;
	tm_roadmap_review_input in;
	tm_roadmap_review rv;
	tm_roadmap_reviews all = TM_VEC_INIT;
	seed(w);
	/* No items: nothing to review. */
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	assert_false(r.review_due);
	tm_roadmap_release(&r);
	ADD(w, "title=S", "level=strategic");
	IN(&tm_roadmap_review_desc, &in, "notes=moved SSO to Q2");
	OK(w, tm_app_roadmap_review(&w->app, &in, &rv, &w->err));
	assert_int_equal(rv.on, D(WS_TODAY));
	assert_string_equal(rv.by, "Ana Silva");
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	assert_true(r.has_review);
	assert_false(r.review_due);
	assert_string_equal(r.last_review.notes, "moved SSO to Q2");
	same_json(&r);
	tm_roadmap_release(&r);
	/* Six weeks later: not yet; a day more: due. */
	w->app.today = D(WS_TODAY) + 42;
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	assert_false(r.review_due);
	tm_roadmap_release(&r);
	w->app.today = D(WS_TODAY) + 43;
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	assert_true(r.review_due);
	tm_roadmap_release(&r);
	memset(&in, 0, sizeof(in));
	OK(w, tm_app_roadmap_review(&w->app, &in, &rv, &w->err));
	OK(w, tm_app_roadmap_reviews(&w->app, 0, &all, &w->err));
	assert_int_equal(all.n, 2);
	assert_int_equal(all.v[0].on, D(WS_TODAY) + 43); /* newest first */
	TM_VEC_FREE(&all);
}


/* Past 100 open launches the tree plans them from the store's lean rows instead of checking each: the same
 * feasibility as each launch's own plan, and no score. */
static void many_launches_planned_lean(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	tm_roadmap_input in;
	tm_roadmap r;
	seed(w);
	memset(&in, 0, sizeof(in));
	IN(&tm_roadmap_desc, &in, "title=Many", "level=release", "launches=late", "launches=sso");
	for (int i = 0; i < 110; i++) {
		char name[32], date[16];
		snprintf(name, sizeof(name), "name=Small %d", i);
		snprintf(date, sizeof(date), "date=2027-%02d-%02d", 2 + i % 10, 1 + i % 27);
		IN(&tm_launch_desc, &li, name, date, "tier=4", "pm=Ana Silva");
		OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
		if (in.launches.n == TM_ROADMAP_LINKS_MAX) {
			tm_roadmap out;
			OK(w, tm_app_roadmap_add(&w->app, &in, &out, &w->err));
			tm_roadmap_release(&out);
			memset(&in, 0, sizeof(in));
			IN(&tm_roadmap_desc, &in, "title=More", "level=release", "launches=none");
		}
		snprintf(in.launches.v[in.launches.n++], TM_REFS_LEN + 1, "%s", d.launch.slug);
		tm_launch_detail_release(&d);
	}
	OK(w, tm_app_roadmap_add(&w->app, &in, &r, &w->err));
	tm_roadmap_release(&r);
	OK(w, tm_app_roadmap(&w->app, NULL, &r, &w->err));
	assert_int_equal(r.launches.n, 112);
	int infeasible = 0;
	for (size_t i = 0; i < r.launches.n; i++) {
		const tm_roadmap_launch *l = &r.launches.v[i];
		tm_launch_plan lp;
		OK(w, tm_app_plan(&w->app, l->launch.slug, &lp, &w->err));
		assert_int_equal(l->feasible, lp.plan.feasible);
		tm_launch_plan_release(&lp);
		assert_int_equal(l->score, -1);
		infeasible += !l->feasible;
	}
	assert_int_equal(infeasible, 1);
	assert_int_equal(view(&r, 1)->colour, TM_RM_RED);
	assert_non_null(strstr(view(&r, 1)->why_red, "launch 'late' cannot make"));
	tm_roadmap_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(tree_order_depth_and_filters), WS_TEST(set_moves_and_links), WS_TEST(refusals_change_nothing),
		WS_TEST(colour_from_launches),          WS_TEST(reviews),
		WS_TEST(many_launches_planned_lean),
	};
	WS_MAIN("roadmap", tests);
}
