/* test_tier.c - tier suggestion from the seed's criteria, and contradictions refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/tier.h"

#include "util/banned.h"

static int suggest(tm_tier_criteria c)
{
	tm_tier_suggestion s;
	tm_error err = TM_ERROR_INIT;
	int rc = tm_tier_suggest(&c, &s, &err);
	return rc ? -rc : s.tier;
}

static void seed_criteria(void **state)
{
	(void)state;
	assert_int_equal(suggest((tm_tier_criteria){ .major = true }), 1);
	assert_int_equal(suggest((tm_tier_criteria){ .new_market = true }), 1);
	assert_int_equal(suggest((tm_tier_criteria){ .revenue_impact = true }), 1);
	assert_int_equal(suggest((tm_tier_criteria){ .significant = true, .revenue_impact = true }), 1);
	assert_int_equal(suggest((tm_tier_criteria){ .significant = true, .existing_market = true }), 2);
	assert_int_equal(suggest((tm_tier_criteria){ .significant = true }), 2);
	assert_int_equal(suggest((tm_tier_criteria){ .enhancement = true }), 3);
	assert_int_equal(suggest((tm_tier_criteria){ .enhancement = true, .existing_market = true }), 3);
	assert_int_equal(suggest((tm_tier_criteria){ .bugfix = true }), 4);
}

static void contradictions(void **state)
{
	(void)state;
	assert_int_equal(suggest((tm_tier_criteria){ 0 }), -TM_EINVAL);
	assert_int_equal(suggest((tm_tier_criteria){ .major = true, .bugfix = true }), -TM_EINVAL);
	assert_int_equal(suggest((tm_tier_criteria){ .significant = true, .enhancement = true }), -TM_EINVAL);
	assert_int_equal(suggest((tm_tier_criteria){ .new_market = true, .existing_market = true }), -TM_EINVAL);
	assert_int_equal(suggest((tm_tier_criteria){ .bugfix = true, .revenue_impact = true }), -TM_EINVAL);
	assert_int_equal(suggest((tm_tier_criteria){ .existing_market = true }), -TM_EINVAL);
	tm_tier_suggestion s;
	tm_error err = TM_ERROR_INIT;
	tm_tier_criteria c = { .major = true, .bugfix = true };
	tm_tier_suggest(&c, &s, &err);
	assert_non_null(strstr(err.msg, "--major"));
	assert_non_null(strstr(err.msg, "--bugfix"));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(seed_criteria), cmocka_unit_test(contradictions) };
	return cmocka_run_group_tests_name("tier", tests, NULL, NULL);
}
