/* test_roadmap.c - the roadmap's pure rules (core/roadmap.c) and the one quarter parser (core/date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/roadmap.h"

#include "util/banned.h"

static tm_roadmap_item item(int64_t id, int level, int64_t parent, const char *quarter, int status)
{
	tm_roadmap_item it;
	memset(&it, 0, sizeof(it));
	it.id = id;
	it.level = level;
	it.parent_id = parent;
	it.status = status;
	snprintf(it.quarter, sizeof(it.quarter), "%s", quarter);
	return it;
}

/* 1 strategic; 2 initiative under 1; 3 release under 2; 4 strategic; 5 orphan initiative. */
static void tree(tm_roadmap_item v[5])
{
	v[0] = item(1, TM_LEVEL_STRATEGIC, 0, "", TM_RM_GREEN);
	v[1] = item(2, TM_LEVEL_INITIATIVE, 1, "2027Q1", TM_RM_GREEN);
	v[2] = item(3, TM_LEVEL_RELEASE, 2, "2027Q1", TM_RM_GREEN);
	v[3] = item(4, TM_LEVEL_STRATEGIC, 0, "", TM_RM_YELLOW);
	v[4] = item(5, TM_LEVEL_INITIATIVE, 0, "", TM_RM_GREEN);
}

static void parent_rules(void **state)
{
	(void)state;
	tm_roadmap_item v[5];
	tm_error err = TM_ERROR_INIT;
	tree(v);
	/* The level above, or none. */
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_INITIATIVE, 1, &err), 0);
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_RELEASE, 2, &err), 0);
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_RELEASE, 0, &err), 0);
	assert_int_equal(tm_roadmap_parent_check(v, 5, 3, TM_LEVEL_RELEASE, 5, &err), 0); /* moved to another initiative */
	/* A strategic item has none. */
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_STRATEGIC, 4, &err), TM_EINVAL);
	assert_string_equal(err.field, "parent");
	assert_non_null(strstr(err.msg, "a strategic item has no parent"));
	/* The wrong level: a release under a strategic item, an initiative under a release. */
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_RELEASE, 1, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "the parent of a release item is an initiative item, and item 1"));
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_INITIATIVE, 3, &err), TM_EINVAL);
	assert_string_equal(err.field, "parent");
	/* Itself, and one that does not exist. */
	assert_int_equal(tm_roadmap_parent_check(v, 5, 2, TM_LEVEL_INITIATIVE, 2, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "its own parent"));
	assert_int_equal(tm_roadmap_parent_check(v, 5, 0, TM_LEVEL_RELEASE, 99, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "no roadmap item 99"));
}

static void own_ancestor(void **state)
{
	(void)state;
	/* A broken tree whose levels would allow it (an item stored under a descendant): still refused. */
	tm_roadmap_item v[3] = { item(1, TM_LEVEL_STRATEGIC, 0, "", 0), item(2, TM_LEVEL_INITIATIVE, 3, "", 0),
				 item(3, TM_LEVEL_STRATEGIC, 0, "", 0) };
	tm_error err = TM_ERROR_INIT;
	v[2].parent_id = 2; /* 3 is under 2 */
	assert_int_equal(tm_roadmap_parent_check(v, 3, 3, TM_LEVEL_INITIATIVE, 3, &err), TM_EINVAL);
	/* 2 may not go under 3, which is under 2. */
	v[2].level = TM_LEVEL_STRATEGIC;
	assert_int_equal(tm_roadmap_parent_check(v, 3, 2, TM_LEVEL_INITIATIVE, 3, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "its own ancestor"));
	assert_string_equal(err.field, "parent");
}

static void colour(void **state)
{
	(void)state;
	tm_roadmap_item it = item(3, TM_LEVEL_RELEASE, 2, "2027Q1", TM_RM_YELLOW);
	tm_date in_q = tm_date_from_ymd(2027, 3, 31), after = tm_date_from_ymd(2027, 4, 1);
	/* No launch, or launches in order: as set. */
	assert_int_equal(tm_roadmap_colour(&it, NULL, 0), TM_RM_YELLOW);
	tm_roadmap_launch_state ok[2] = { { in_q, false, false, false }, { after, false, false, false } };
	assert_int_equal(tm_roadmap_colour(&it, ok, 2), TM_RM_YELLOW); /* late but never moved: not slipped */
	/* Infeasible: red, whatever its date. */
	tm_roadmap_launch_state bad = { in_q, true, false, false };
	assert_int_equal(tm_roadmap_colour(&it, &bad, 1), TM_RM_RED);
	/* Slipped within the quarter: not red; past its last day: red. */
	tm_roadmap_launch_state slip_in = { in_q, false, true, false }, slip_out = { after, false, true, false };
	assert_int_equal(tm_roadmap_colour(&it, &slip_in, 1), TM_RM_YELLOW);
	assert_int_equal(tm_roadmap_colour(&it, &slip_out, 1), TM_RM_RED);
	/* Done launches tell nothing. */
	tm_roadmap_launch_state done = { after, true, true, true };
	assert_int_equal(tm_roadmap_colour(&it, &done, 1), TM_RM_YELLOW);
	/* No quarter: a slip is never past it. */
	it.quarter[0] = '\0';
	assert_int_equal(tm_roadmap_colour(&it, &slip_out, 1), TM_RM_YELLOW);
}

static void review_due(void **state)
{
	(void)state;
	tm_date today = tm_date_from_ymd(2027, 3, 1);
	assert_false(tm_roadmap_review_due(0, false, 0, today));          /* no roadmap, no review to hold */
	assert_true(tm_roadmap_review_due(3, false, 0, today));           /* items and never reviewed */
	assert_false(tm_roadmap_review_due(3, true, today - 42, today));  /* exactly 6 weeks: not yet */
	assert_true(tm_roadmap_review_due(3, true, today - 43, today));
	assert_false(tm_roadmap_review_due(3, true, today, today));
}

static void quarters(void **state)
{
	(void)state;
	static const char *const good[] = { "2027Q1", "2027-Q1", "2027 Q1", "Q1 2027", "q1-2027", "2027q1", "Q1-2027" };
	tm_error err = TM_ERROR_INIT;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int y = 0, q = 0;
		assert_int_equal(tm_quarter_parse(good[i], &y, &q, &err), 0);
		assert_int_equal(y, 2027);
		assert_int_equal(q, 1);
	}
	static const char *const bad[] = { "2027Q5", "2027Q0", "Q1", "2027", "2027Q1x", "27Q1", "2027--Q1", "", "1999Q4",
					   "2200Q1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int y = 0, q = 0;
		assert_int_equal(tm_quarter_parse(bad[i], &y, &q, &err), TM_EINVAL);
		assert_string_equal(err.field, "quarter");
		assert_non_null(strstr(err.msg, "invalid quarter"));
	}
	char buf[TM_QUARTER_STRLEN];
	assert_string_equal(tm_quarter_format(2027, 4, buf), "2027Q4");
	tm_date first, last;
	tm_quarter_bounds(2028, 1, &first, &last); /* a leap year's February */
	assert_int_equal(first, tm_date_from_ymd(2028, 1, 1));
	assert_int_equal(last, tm_date_from_ymd(2028, 3, 31));
	tm_quarter_bounds(2027, 4, &first, &last);
	assert_int_equal(last, tm_date_from_ymd(2027, 12, 31));
	int y, q;
	tm_quarter_of(tm_date_from_ymd(2027, 7, 1), &y, &q);
	assert_int_equal(y * 10 + q, 20273);
	tm_quarter_of(tm_date_from_ymd(2027, 6, 30), &y, &q);
	assert_int_equal(y * 10 + q, 20272);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(tm_roadmap_level_names[TM_LEVEL_RELEASE], "release");
	assert_null(tm_roadmap_level_names[TM_LEVEL_COUNT]);
	assert_string_equal(tm_roadmap_status_names[TM_RM_RED], "red");
	assert_null(tm_roadmap_status_names[TM_RM_STATUS_COUNT]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parent_rules), cmocka_unit_test(own_ancestor), cmocka_unit_test(colour),
		cmocka_unit_test(review_due),   cmocka_unit_test(quarters),     cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
