/* test_offset.c - offsets from launch day T and the weekend rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"

#include "util/banned.h"

static tm_date D(const char *s)
{
	tm_date d = 0;
	assert_int_equal(tm_date_parse(s, &d, NULL), 0);
	return d;
}

/* Resolves offset text against launch day t and returns the due date's text. */
static const char *due(const char *offset, const char *t)
{
	static char buf[TM_DATE_STRLEN];
	tm_offset off;
	tm_error err = TM_ERROR_INIT;
	tm_calendar cal = TM_CALENDAR_PLAIN;
	assert_int_equal(tm_offset_parse(offset, &off, &err), 0);
	return tm_date_format(tm_offset_resolve(&off, D(t), &cal), buf);
}

static void seed_timeline(void **state)
{
	(void)state;
	/* The example: a launch on Tuesday 2027-03-16. */
	assert_string_equal(due("T-3w", "2027-03-16"), "2027-02-23");
	assert_string_equal(due("T-2w", "2027-03-16"), "2027-03-02");
	assert_string_equal(due("T-1w", "2027-03-16"), "2027-03-09");
	assert_string_equal(due("T", "2027-03-16"), "2027-03-16");
	assert_string_equal(due("T+2m", "2027-03-16"), "2027-05-17"); /* 05-16 is a Sunday */
	assert_string_equal(due("T+1w", "2027-03-16"), "2027-03-23");
	assert_string_equal(due("T+1q", "2027-03-16"), "2027-06-16");
}

static void units(void **state)
{
	(void)state;
	assert_string_equal(due("T-5bd", "2027-03-16"), "2027-03-09");
	assert_string_equal(due("T+10d", "2027-03-16"), "2027-03-26");
	assert_string_equal(due("T-1bd", "2027-03-15"), "2027-03-12"); /* Monday → Friday */
	assert_string_equal(due("T+1m", "2027-01-31"), "2027-03-01");  /* Feb 28 is a Sunday → next working day */
	assert_string_equal(due("T+1m", "2027-03-31"), "2027-04-30");  /* clamped to the month's end */
	assert_string_equal(due("T+1q", "2027-11-30"), "2028-02-29");  /* leap day, a Tuesday */
	assert_string_equal(due("t-1w", "2027-03-16"), "2027-03-09");
}

static void weekend_rule(void **state)
{
	(void)state;
	/* Before T a weekend moves back to Friday; after T forward to Monday. */
	assert_string_equal(due("T-3d", "2027-03-16"), "2027-03-12"); /* Sat 03-13 → Fri 03-12 */
	assert_string_equal(due("T-2d", "2027-03-16"), "2027-03-12"); /* Sun 03-14 → Fri */
	assert_string_equal(due("T+4d", "2027-03-16"), "2027-03-22"); /* Sat 03-20 → Mon */
	/* T itself never moves, even on a weekend (check warns about that). */
	assert_string_equal(due("T", "2027-03-13"), "2027-03-13");
	/* A holiday moves the same way. */
	tm_date hol[] = { D("2027-02-23") };
	tm_calendar cal = { hol, 1 };
	tm_offset off;
	char buf[TM_DATE_STRLEN];
	assert_int_equal(tm_offset_parse("T-3w", &off, NULL), 0);
	assert_string_equal(tm_date_format(tm_offset_resolve(&off, D("2027-03-16"), &cal), buf), "2027-02-22");
}

static void format_round_trip(void **state)
{
	(void)state;
	const char *ok[] = { "T", "T-3w", "T+10d", "T-5bd", "T+1m", "T+1q", "T-999d" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		tm_offset off;
		char buf[TM_OFFSET_STRLEN];
		assert_int_equal(tm_offset_parse(ok[i], &off, NULL), 0);
		assert_string_equal(tm_offset_format(&off, buf), ok[i]);
	}
	tm_offset off;
	char buf[TM_OFFSET_STRLEN];
	assert_int_equal(tm_offset_parse("T+0w", &off, NULL), 0);
	assert_string_equal(tm_offset_format(&off, buf), "T");
}

static void rejects_bad_offsets(void **state)
{
	(void)state;
	const char *bad[] = { "", "X-3w", "T3w", "T-w", "T-3", "T-3x", "T-3ww", "T--3w", "T-1000d", "T-3W ", "T+1b",
			      "3w", "T-3w-1d" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_offset off;
		tm_error err = TM_ERROR_INIT;
		assert_int_equal(tm_offset_parse(bad[i], &off, &err), TM_EINVAL);
		assert_true(strlen(err.msg) > 0);
	}
	tm_offset off;
	tm_error err = TM_ERROR_INIT;
	tm_offset_parse("T-3x", &off, &err);
	assert_non_null(strstr(err.msg, "'T-3x'"));
	assert_non_null(strstr(err.msg, "unit"));
}

static void due_is_offset_or_date(void **state)
{
	(void)state;
	tm_due d;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_due_parse("T-3w", &d, &err), 0);
	assert_true(d.is_offset);
	assert_int_equal(d.offset.amount, -3);
	assert_int_equal(d.offset.unit, 'w');
	assert_int_equal(tm_due_parse("2027-03-01", &d, &err), 0);
	assert_false(d.is_offset);
	assert_int_equal(d.date, D("2027-03-01"));
	assert_int_equal(tm_due_parse("next week", &d, &err), TM_EINVAL);
	assert_int_equal(tm_due_parse("2027-02-30", &d, &err), TM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_timeline),     cmocka_unit_test(units),
		cmocka_unit_test(weekend_rule),      cmocka_unit_test(format_round_trip),
		cmocka_unit_test(rejects_bad_offsets), cmocka_unit_test(due_is_offset_or_date),
	};
	return cmocka_run_group_tests_name("offset", tests, NULL, NULL);
}
