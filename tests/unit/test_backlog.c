/*
 * test_backlog.c - core/backlog.c: the names, RICE with Intercom's scale
 * (impact 3 / 2 / 1 / 0.5 / 0.25, confidence 100 / 80 / 50 %), what an
 * unscored item lacks, the arithmetic as people check it, the ranking
 * (highest first, ties by id whatever the input order, unscored last by id),
 * and which status may follow which.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/backlog.h"

#include "util/banned.h"

/* An item with all four factors (impact and confidence by name index). */
static tm_idea idea(int64_t id, double reach, int impact, int confidence, double effort)
{
	tm_idea i;
	memset(&i, 0, sizeof(i));
	i.id = id;
	snprintf(i.title, sizeof(i.title), "Idea %lld", (long long)id);
	i.has_reach = reach >= 0;
	i.reach = reach;
	i.impact = impact;
	i.confidence = confidence;
	i.has_effort = effort > 0;
	i.effort = effort;
	return i;
}

static void names_follow_the_enums(void **state)
{
	(void)state;
	assert_string_equal(tm_idea_kind_names[TM_IDEA_QUESTION], "question");
	assert_string_equal(tm_idea_track_names[TM_TRACK_MARKET], "market");
	assert_string_equal(tm_idea_status_names[TM_IDEA_EXPERIMENTING], "experimenting");
	assert_string_equal(tm_idea_status_names[TM_IDEA_DROPPED], "dropped");
	assert_null(tm_idea_status_names[TM_IDEA_STATUS_COUNT]);
	assert_string_equal(tm_impact_names[TM_IMPACT_MINIMAL], "minimal");
	assert_string_equal(tm_rice_confidence_names[TM_RICE_CONF_LOW], "low");
}

static void factors_are_intercoms_scale(void **state)
{
	(void)state;
	const double impact[] = { 3, 2, 1, 0.5, 0.25 }, confidence[] = { 1.0, 0.8, 0.5 };
	for (int k = 0; k < TM_IMPACT_COUNT; k++)
		assert_true(tm_impact_factor(k) == impact[k]);
	for (int k = 0; k < TM_RICE_CONF_COUNT; k++)
		assert_true(tm_rice_confidence_factor(k) == confidence[k]);
	assert_true(tm_impact_factor(-1) == 0 && tm_impact_factor(TM_IMPACT_COUNT) == 0);
	assert_true(tm_rice_confidence_factor(-1) == 0);
}

static void the_score_and_its_arithmetic(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	/* Intercom's worked example: 2000 × 2 × 80% ÷ 4 = 800. */
	tm_idea i = idea(1, 2000, TM_IMPACT_HIGH, TM_RICE_CONF_MEDIUM, 4);
	tm_rice r = tm_rice_score(&i);
	assert_true(r.scored);
	assert_true(r.score == 800);
	assert_int_equal(r.lacks, 0);
	tm_rice_arithmetic(&i, &b);
	assert_string_equal(b.s, "2000 × 2 × 80% ÷ 4 = 800");
	/* Fractions: at most two decimals, no trailing zeros. */
	i = idea(2, 1000, TM_IMPACT_LOW, TM_RICE_CONF_LOW, 3);
	tm_buf_reset(&b);
	tm_rice_arithmetic(&i, &b);
	assert_string_equal(b.s, "1000 × 0.5 × 50% ÷ 3 = 83.33");
	assert_true(tm_rice_score(&i).score > 83.333 && tm_rice_score(&i).score < 83.334);
	i = idea(3, 150, TM_IMPACT_MINIMAL, TM_RICE_CONF_HIGH, 0.5);
	tm_buf_reset(&b);
	tm_rice_arithmetic(&i, &b);
	assert_string_equal(b.s, "150 × 0.25 × 100% ÷ 0.5 = 75");
	/* Reach 0 scores 0, which is a score. */
	i = idea(4, 0, TM_IMPACT_MASSIVE, TM_RICE_CONF_HIGH, 1);
	r = tm_rice_score(&i);
	assert_true(r.scored && r.score == 0);
	tm_buf_release(&b);
}

static void an_unscored_item_says_what_it_lacks(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_idea i = idea(1, -1, -1, TM_RICE_CONF_HIGH, 0);
	tm_rice r = tm_rice_score(&i);
	assert_false(r.scored);
	assert_int_equal(r.lacks, TM_RICE_LACKS_REACH | TM_RICE_LACKS_IMPACT | TM_RICE_LACKS_EFFORT);
	tm_rice_lacks_text(r.lacks, &b);
	assert_string_equal(b.s, "reach, impact and effort");
	tm_buf_reset(&b);
	tm_rice_arithmetic(&i, &b);
	assert_string_equal(b.s, "? × ? × 100% ÷ ?");
	tm_buf_reset(&b);
	tm_rice_lacks_text(TM_RICE_LACKS_CONFIDENCE, &b);
	assert_string_equal(b.s, "confidence");
	tm_buf_reset(&b);
	tm_rice_lacks_text(TM_RICE_LACKS_REACH | TM_RICE_LACKS_EFFORT, &b);
	assert_string_equal(b.s, "reach and effort");
	/* An effort of 0 (or less) is no effort: never a division by zero. */
	i = idea(2, 10, TM_IMPACT_HIGH, TM_RICE_CONF_HIGH, 1);
	i.effort = 0;
	assert_int_equal(tm_rice_score(&i).lacks, TM_RICE_LACKS_EFFORT);
	tm_buf_release(&b);
}

static void the_rank_is_by_score_then_id_whatever_the_order(void **state)
{
	(void)state;
	/* Ids 1 … 6 given shuffled: 5 and 2 tie at 800 (800 × 2 × 80% ÷ 1.6 is 800 to the last bit or not), 4 scores
	 * 750, 6 scores 0, 3 and 1 are unscored. */
	tm_idea items[6] = {
		idea(5, 800, TM_IMPACT_HIGH, TM_RICE_CONF_MEDIUM, 1.6), idea(3, 10, -1, TM_RICE_CONF_HIGH, 1),
		idea(4, 500, TM_IMPACT_MASSIVE, TM_RICE_CONF_HIGH, 2),    idea(2, 2000, TM_IMPACT_HIGH, TM_RICE_CONF_MEDIUM, 4),
		idea(1, -1, TM_IMPACT_LOW, TM_RICE_CONF_LOW, 1),          idea(6, 0, TM_IMPACT_LOW, TM_RICE_CONF_LOW, 1),
	};
	size_t order[6], scored = 99;
	tm_rice_rank(items, 6, order, &scored);
	assert_int_equal(scored, 4);
	const int64_t want[6] = { 2, 5, 4, 6, 1, 3 };
	for (int k = 0; k < 6; k++)
		assert_int_equal(items[order[k]].id, want[k]);
	/* Reversed input, same ranking. */
	tm_idea rev[6];
	for (int k = 0; k < 6; k++)
		rev[k] = items[5 - k];
	tm_rice_rank(rev, 6, order, &scored);
	for (int k = 0; k < 6; k++)
		assert_int_equal(rev[order[k]].id, want[k]);
	/* Nothing to rank. */
	tm_rice_rank(items, 0, order, &scored);
	assert_int_equal(scored, 0);
}

static void statuses_follow_their_life(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_idea_status_check(TM_IDEA_NEW, TM_IDEA_VALIDATING, &err), 0);
	assert_int_equal(tm_idea_status_check(TM_IDEA_EXPERIMENTING, TM_IDEA_DROPPED, &err), 0);
	assert_int_equal(tm_idea_status_check(TM_IDEA_PLANNED, TM_IDEA_NEW, &err), 0);
	assert_int_equal(tm_idea_status_check(TM_IDEA_LAUNCHED, TM_IDEA_SUNSET, &err), 0);
	assert_int_equal(tm_idea_status_check(TM_IDEA_DROPPED, TM_IDEA_VALIDATING, &err), 0);
	assert_int_equal(tm_idea_status_check(TM_IDEA_LAUNCHED, TM_IDEA_LAUNCHED, &err), 0);
	/* A launched or dropped item is not reopened as new; a sunset one stays sunset. */
	assert_int_equal(tm_idea_status_check(TM_IDEA_LAUNCHED, TM_IDEA_NEW, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "launched"));
	assert_non_null(strstr(err.msg, "new"));
	assert_string_equal(err.field, "status");
	assert_int_equal(tm_idea_status_check(TM_IDEA_DROPPED, TM_IDEA_NEW, &err), TM_EINVAL);
	assert_int_equal(tm_idea_status_check(TM_IDEA_SUNSET, TM_IDEA_VALIDATING, &err), TM_EINVAL);
	assert_int_equal(tm_idea_status_check(TM_IDEA_NEW, TM_IDEA_STATUS_COUNT, &err), TM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_follow_the_enums),
		cmocka_unit_test(factors_are_intercoms_scale),
		cmocka_unit_test(the_score_and_its_arithmetic),
		cmocka_unit_test(an_unscored_item_says_what_it_lacks),
		cmocka_unit_test(the_rank_is_by_score_then_id_whatever_the_order),
		cmocka_unit_test(statuses_follow_their_life),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
