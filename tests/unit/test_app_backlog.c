/*
 * test_app_backlog.c - the backlog through app/ on every backend: items are
 * added, read back with their owner's name, listed by track, status, kind
 * and owner, changed at a version, removed; the ranking reads them once and
 * orders them by RICE with ties by id; an idea promoted to a launch links
 * both ways and follows the launch's status (planned, launched, validating
 * again when it is cancelled or removed). Every refusal of the bad
 * input names its field and changes nothing. The JSON written straight out
 * for 100,000 items is jansson's, byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/backlog.h"
#include "app_fixture.h"
#include "present/json_backlog.h"
#include "render/json.h"

#include "util/banned.h"

static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	w->app.user = "Dana Reyes";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
}

static tm_idea add(ws *w, const char *title, const char *reach, const char *impact, const char *confidence,
		   const char *effort)
{
	tm_idea_input in;
	tm_idea i;
	char t[240], r[64], im[64], c[64], e[64];
	snprintf(t, sizeof(t), "title=%s", title);
	snprintf(r, sizeof(r), "reach=%s", reach);
	snprintf(im, sizeof(im), "impact=%s", impact);
	snprintf(c, sizeof(c), "confidence=%s", confidence);
	snprintf(e, sizeof(e), "effort=%s", effort);
	IN(&tm_idea_desc, &in, t, "kind=idea", "track=product", r, im, c, e);
	OK(w, tm_app_idea_add(&w->app, &in, &i, &w->err));
	return i;
}

static void an_item_is_added_read_listed_and_changed(void **state)
{
	ws *w = *state;
	tm_idea_input in;
	tm_idea i, got;
	seed(w);
	IN(&tm_idea_desc, &in, "title=Usage-based pricing", "kind=idea", "track=market", "owner=dana", "reach=2000",
	   "impact=high", "confidence=medium", "effort=4");
	OK(w, tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_int_equal(i.id, 1);
	assert_string_equal(i.owner, "Dana Reyes");
	assert_int_equal(i.track, TM_TRACK_MARKET);
	assert_int_equal(i.status, TM_IDEA_NEW);
	assert_int_equal(i.version, 1);
	assert_true(i.has_reach && i.reach == 2000 && i.has_effort && i.effort == 4);
	assert_int_equal(i.impact, TM_IMPACT_HIGH);
	assert_int_equal(i.confidence, TM_RICE_CONF_MEDIUM);
	assert_true(i.created_at[0] != '\0');
	OK(w, tm_app_idea_get(&w->app, "#1", &got, &w->err));
	assert_memory_equal(&got, &i, sizeof(i));

	IN(&tm_idea_desc, &in, "title=Who signs?", "kind=question", "track=product");
	OK(w, tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_false(i.has_reach || i.has_effort);
	assert_int_equal(i.impact, -1);
	assert_int_equal(i.confidence, -1);

	tm_ideas is = TM_VEC_INIT;
	tm_idea_query q = { .track = "market" };
	OK(w, tm_app_idea_list(&w->app, &q, &is, &w->err));
	assert_int_equal(is.n, 1);
	assert_int_equal(is.v[0].id, 1);
	TM_VEC_FREE(&is);
	q = (tm_idea_query){ .kind = "question" };
	OK(w, tm_app_idea_list(&w->app, &q, &is, &w->err));
	assert_int_equal(is.n, 1);
	assert_int_equal(is.v[0].id, 2);
	TM_VEC_FREE(&is);
	q = (tm_idea_query){ .owner = "Dana Reyes", .status = "new" };
	OK(w, tm_app_idea_list(&w->app, &q, &is, &w->err));
	assert_int_equal(is.n, 1);
	TM_VEC_FREE(&is);

	/* A change at the version read; the version read before is stale after it. */
	IN(&tm_idea_desc, &in, "effort=2", "status=validating", "owner=none");
	in.if_version = 1;
	OK(w, tm_app_idea_set(&w->app, "1", &in, &i, &w->err));
	assert_int_equal(i.version, 2);
	assert_true(i.effort == 2);
	assert_int_equal(i.status, TM_IDEA_VALIDATING);
	assert_string_equal(i.owner, "");
	REFUSED(w, TM_ESTALE, "version 2, not 1", tm_app_idea_set(&w->app, "1", &in, &i, &w->err));

	OK(w, tm_app_idea_rm(&w->app, "2", 0, &i, &w->err));
	assert_string_equal(i.title, "Who signs?");
	REFUSED(w, TM_ENOTFOUND, "unknown backlog item 2", tm_app_idea_get(&w->app, "2", &i, &w->err));
	/* Ids are never handed out again. */
	assert_int_equal(add(w, "Next", "1", "low", "low", "1").id, 3);
}

static void bad_input_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	tm_idea_input in;
	tm_idea i;
	seed(w);
	add(w, "SSO", "500", "massive", "high", "2");
	IN(&tm_idea_desc, &in, "title=X", "kind=idea", "track=product", "effort=0");
	REFUSED(w, TM_EINVAL, "more than 0", tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_string_equal(w->err.field, "effort");
	IN(&tm_idea_desc, &in, "title=X", "kind=idea", "track=product", "effort=-3");
	REFUSED(w, TM_EINVAL, "RICE divides by it", tm_app_idea_add(&w->app, &in, &i, &w->err));
	IN(&tm_idea_desc, &in, "title=X", "kind=idea", "track=product", "reach=-1");
	REFUSED(w, TM_EINVAL, "0 or more", tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_string_equal(w->err.field, "reach");
	IN(&tm_idea_desc, &in, "title=X", "kind=idea", "track=product", "owner=Nobody");
	REFUSED(w, TM_EINVAL, "Nobody", tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_string_equal(w->err.field, "owner");
	IN(&tm_idea_desc, &in, "title=X", "kind=idea", "track=product", "persona=Ops Olga");
	REFUSED(w, TM_EINVAL, "unknown persona 'Ops Olga'", tm_app_idea_add(&w->app, &in, &i, &w->err));
	assert_string_equal(w->err.field, "persona");
	IN(&tm_idea_desc, &in, "title=X", "kind=idea");
	REFUSED(w, TM_EINVAL, "track", tm_app_idea_add(&w->app, &in, &i, &w->err));

	/* Impact and confidence outside their scale: the description refuses the name. */
	tm_idea_input bad = { 0 };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_input_set(&tm_idea_desc, "impact", "huge", &bad, &err), TM_EINVAL);
	assert_string_equal(err.field, "impact");
	assert_int_equal(tm_input_set(&tm_idea_desc, "confidence", "90%", &bad, &err), TM_EINVAL);
	assert_string_equal(err.field, "confidence");

	/* Statuses: sunset and drop need a why; launched comes from the launch. */
	IN(&tm_idea_desc, &in, "status=dropped");
	REFUSED(w, TM_EINVAL, "why", tm_app_idea_set(&w->app, "1", &in, &i, &w->err));
	assert_string_equal(w->err.field, "why");
	IN(&tm_idea_desc, &in, "status=launched");
	REFUSED(w, TM_EINVAL, "promote it", tm_app_idea_set(&w->app, "1", &in, &i, &w->err));
	IN(&tm_idea_desc, &in, "why=too costly");
	REFUSED(w, TM_EINVAL, "sunset or dropped", tm_app_idea_set(&w->app, "1", &in, &i, &w->err));
	IN(&tm_idea_desc, &in, "status=sunset", "why=the market moved");
	OK(w, tm_app_idea_set(&w->app, "1", &in, &i, &w->err));
	assert_string_equal(i.why, "the market moved");
	IN(&tm_idea_desc, &in, "status=new");
	REFUSED(w, TM_EINVAL, "sunset", tm_app_idea_set(&w->app, "1", &in, &i, &w->err));

	tm_ideas is = TM_VEC_INIT;
	tm_idea_query q = { .track = "sales" };
	REFUSED(w, TM_EINVAL, "unknown track 'sales'", tm_app_idea_list(&w->app, &q, &is, &w->err));
	REFUSED(w, TM_EINVAL, "by its number", tm_app_idea_get(&w->app, "SSO", &i, &w->err));
	TM_VEC_FREE(&is);
}

static void the_rank_reads_the_backlog_once_by_rice_then_id(void **state)
{
	ws *w = *state;
	tm_backlog_rank r;
	tm_idea_input in;
	tm_idea i;
	seed(w);
	add(w, "Pricing", "2000", "high", "medium", "4");   /* 800 */
	add(w, "SSO", "500", "massive", "high", "2");       /* 750 */
	add(w, "Audit log", "800", "high", "medium", "1.6"); /* 800: after 1, by id */
	IN(&tm_idea_desc, &in, "title=Who signs?", "kind=question", "track=market", "reach=40");
	OK(w, tm_app_idea_add(&w->app, &in, &i, &w->err));
	add(w, "Old idea", "9000", "massive", "high", "1"); /* dropped below: left out */
	IN(&tm_idea_desc, &in, "status=dropped", "why=no longer sold");
	OK(w, tm_app_idea_set(&w->app, "5", &in, &i, &w->err));

	OK(w, tm_app_backlog_rank(&w->app, NULL, &r, &w->err));
	assert_int_equal(r.rows.n, 4);
	assert_int_equal(r.scored, 3);
	const int64_t want[] = { 1, 3, 2, 4 };
	for (int k = 0; k < 4; k++) {
		tm_idea whole;
		tm_backlog_rank_item(&r, (size_t)k, &whole);
		assert_int_equal(whole.id, want[k]);
		/* Unpacked, it is the item as read. */
		char ref[24];
		snprintf(ref, sizeof(ref), "%lld", (long long)whole.id);
		OK(w, tm_app_idea_get(&w->app, ref, &i, &w->err));
		assert_string_equal(whole.title, i.title);
		assert_string_equal(whole.owner, i.owner);
		assert_string_equal(whole.created_at, i.created_at);
		assert_string_equal(whole.updated_at, i.updated_at);
		assert_true(whole.has_reach == i.has_reach && whole.reach == i.reach && whole.has_effort == i.has_effort &&
			    whole.effort == i.effort);
		assert_true(whole.impact == i.impact && whole.confidence == i.confidence && whole.status == i.status &&
			    whole.kind == i.kind && whole.track == i.track && whole.version == i.version);
	}
	tm_backlog_rank_release(&r);

	OK(w, tm_app_backlog_rank(&w->app, "market", &r, &w->err));
	assert_int_equal(r.rows.n, 1);
	assert_int_equal(r.scored, 0);
	tm_backlog_rank_release(&r);
	REFUSED(w, TM_EINVAL, "unknown track", tm_app_backlog_rank(&w->app, "pmm", &r, &w->err));
}

static void the_json_written_out_is_janssons(void **state)
{
	ws *w = *state;
	tm_backlog_rank r;
	tm_idea_input in;
	tm_idea i;
	seed(w);
	add(w, "Pricing \"v2\" ✓", "2000", "high", "medium", "4");
	add(w, "Thirds", "1000", "low", "low", "3");
	IN(&tm_idea_desc, &in, "title=Who signs?", "kind=question", "track=market", "owner=Dana Reyes");
	OK(w, tm_app_idea_add(&w->app, &in, &i, &w->err));
	OK(w, tm_app_backlog_rank(&w->app, NULL, &r, &w->err));
	json_t *j = tm_json_backlog_rank(&r);
	char *want = tm_json_dumps(j);
	tm_buf got = TM_BUF_INIT;
	tm_json_out out;
	tm_json_out_init(&out, &got);
	tm_json_out_backlog_rank(&out, &r);
	tm_json_out_end(&out);
	assert_string_equal(got.s, want);
	json_t *ranked = json_object_get(j, "ranked");
	assert_int_equal(json_array_size(ranked), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ranked, 1), "rice_arithmetic")),
			    "1000 × 0.5 × 50% ÷ 3 = 83.33");
	json_t *lacks = json_object_get(json_array_get(json_object_get(j, "unscored"), 0), "lacks");
	assert_int_equal(json_array_size(lacks), 4);
	tm_buf_release(&got);
	free(want);
	json_decref(j);
	tm_backlog_rank_release(&r);
}

static void a_promoted_idea_follows_its_launch(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_input set;
	tm_launch_detail d = { 0 };
	tm_launch l;
	tm_idea i;
	seed(w);
	add(w, "Usage-based pricing", "2000", "high", "medium", "4");
	IN(&tm_launch_desc, &li, "date=2027-03-01", "tier=2", "pm=Dana Reyes");
	OK(w, tm_app_idea_promote(&w->app, "1", &li, &i, &d, &w->err));
	assert_string_equal(d.launch.slug, "usage-based-pricing");
	assert_string_equal(d.launch.name, "Usage-based pricing");
	assert_int_equal(d.idea_id, 1);
	assert_int_equal(i.status, TM_IDEA_PLANNED);
	assert_string_equal(i.launch_slug, "usage-based-pricing");
	tm_launch_detail_release(&d);
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_launch_show(&w->app, "usage-based-pricing", &d, &w->err));
	assert_int_equal(d.idea_id, 1);
	assert_string_equal(d.idea_title, "Usage-based pricing");
	tm_launch_detail_release(&d);
	memset(&d, 0, sizeof(d));

	/* Promoted already: a conflict, and nothing is created. */
	IN(&tm_launch_desc, &li, "name=Again", "date=2027-04-01", "tier=3");
	REFUSED(w, TM_ECONFLICT, "promoted already", tm_app_idea_promote(&w->app, "1", &li, &i, &d, &w->err));
	REFUSED(w, TM_ENOTFOUND, "unknown backlog item 7", tm_app_idea_promote(&w->app, "7", &li, &i, &d, &w->err));
	IN(&tm_launch_desc, &li, "date=2027-04-01");
	add(w, "Second", "1", "low", "low", "1");
	REFUSED(w, TM_EINVAL, "tier", tm_app_idea_promote(&w->app, "2", &li, &i, &d, &w->err));

	IN(&tm_launch_desc, &set, "status=launched");
	OK(w, tm_app_launch_set(&w->app, "usage-based-pricing", &set, &d, &w->err));
	tm_launch_detail_release(&d);
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_idea_get(&w->app, "1", &i, &w->err));
	assert_int_equal(i.status, TM_IDEA_LAUNCHED);
	IN(&tm_launch_desc, &set, "status=cancelled");
	OK(w, tm_app_launch_set(&w->app, "usage-based-pricing", &set, &d, &w->err));
	tm_launch_detail_release(&d);
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_idea_get(&w->app, "1", &i, &w->err));
	assert_int_equal(i.status, TM_IDEA_VALIDATING);
	assert_string_equal(i.launch_slug, "usage-based-pricing"); /* the link stays: the launch shows its idea */

	/* Cancelled: promoted anew, then the launch removed: open again and unlinked. */
	IN(&tm_launch_desc, &li, "name=Pricing v2", "date=2027-05-03", "criteria=major");
	OK(w, tm_app_idea_promote(&w->app, "1", &li, &i, &d, &w->err));
	assert_string_equal(i.launch_slug, "pricing-v2");
	assert_int_equal(d.launch.tier, 1);
	tm_launch_detail_release(&d);
	OK(w, tm_app_launch_rm(&w->app, "pricing-v2", &l, &w->err));
	OK(w, tm_app_idea_get(&w->app, "1", &i, &w->err));
	assert_int_equal(i.status, TM_IDEA_VALIDATING);
	assert_int_equal(i.launch_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(an_item_is_added_read_listed_and_changed),
		WS_TEST(bad_input_is_refused_naming_its_field),
		WS_TEST(the_rank_reads_the_backlog_once_by_rice_then_id),
		WS_TEST(the_json_written_out_is_janssons),
		WS_TEST(a_promoted_idea_follows_its_launch),
	};
	WS_MAIN("app backlog", tests);
}
