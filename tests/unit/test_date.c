/* test_date.c - civil dates, weekdays, months and the working-day calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"

#include "util/banned.h"

/* Any civil date, for arithmetic (the range tminus takes dates in is tested on its own). */
static tm_date D(const char *s)
{
	tm_date d = 0;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_date_parse_any(s, &d, &err), 0);
	return d;
}

static void round_trip(void **state)
{
	(void)state;
	const char *dates[] = { "1970-01-01", "2000-02-29", "2027-03-16", "1900-01-01", "9999-12-31", "2024-12-31",
				"0000-01-01", "2200-03-31" };
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char buf[TM_DATE_STRLEN];
		assert_string_equal(tm_date_format(D(dates[i]), buf), dates[i]);
	}
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1970-01-02"), 1);
	assert_int_equal(D("1969-12-31"), -1);
	/* Every day from 1900 to 2100 survives the round trip and follows its predecessor. */
	for (tm_date d = tm_date_from_ymd(1900, 1, 1); d < tm_date_from_ymd(2100, 1, 1); d++) {
		int y, m, dd;
		tm_date_to_ymd(d, &y, &m, &dd);
		assert_true(y < TM_DATE_MIN_YEAR || tm_date_valid_ymd(y, m, dd));
		assert_int_equal(tm_date_from_ymd(y, m, dd), d);
	}
}

/* Every date tminus stores lies in 2000-01-01 … 2199-12-31; the message names the range. */
static void the_range_tminus_plans(void **state)
{
	(void)state;
	const char *in[] = { "2000-01-01", "2199-12-31", "2000-02-29", "2196-02-29" };
	const char *out[] = { "1999-12-31", "2200-01-01", "9999-12-31", "1900-01-01", "0000-01-01" };
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		tm_date d;
		char buf[TM_DATE_STRLEN];
		assert_int_equal(tm_date_parse(in[i], &d, NULL), 0);
		assert_true(tm_date_in_range(d));
		assert_string_equal(tm_date_format(d, buf), in[i]);
	}
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		tm_date d = 0;
		tm_error err = TM_ERROR_INIT;
		assert_int_equal(tm_date_parse(out[i], &d, &err), TM_EINVAL);
		assert_non_null(strstr(err.msg, "2000-01-01 to 2199-12-31"));
		assert_int_equal(tm_date_parse_any(out[i], &d, NULL), 0); /* a stored date still reads back */
		assert_false(tm_date_in_range(d));
	}
	tm_error err = TM_ERROR_INIT;
	tm_date d;
	assert_int_equal(tm_date_parse_any("2200-02-30", &d, &err), TM_EINVAL); /* still a calendar */
	/* Outside four-digit years the text is the nearest bound, still a date (never 9999-02-29). */
	char buf[TM_DATE_STRLEN];
	assert_string_equal(tm_date_format(D("9999-12-31") + 60, buf), "9999-12-31");
	assert_string_equal(tm_date_format(D("0000-01-01") - 1, buf), "0000-01-01");
}

/* An offset that leaves the range is refused with the offset, T and the date in the message. */
static void offsets_stay_in_range(void **state)
{
	(void)state;
	tm_calendar plain = TM_CALENDAR_PLAIN;
	tm_offset q = { 1, TM_UNIT_QUARTER }, w = { -3, TM_UNIT_WEEK }, bd = { -1, TM_UNIT_BDAY };
	tm_date d = 0;
	tm_error err = TM_ERROR_INIT;
	char buf[TM_DATE_STRLEN];
	assert_int_equal(tm_offset_resolve_in_range(&q, D("2199-09-30"), &plain, &d, &err), 0);
	assert_string_equal(tm_date_format(d, buf), "2199-12-30");
	assert_int_equal(tm_offset_resolve_in_range(&q, D("2199-12-31"), &plain, &d, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "T+1q from launch day 2199-12-31 falls on 2200-03-31"));
	assert_non_null(strstr(err.msg, "2000-01-01 to 2199-12-31"));
	assert_int_equal(tm_offset_resolve_in_range(&w, D("2000-01-14"), &plain, &d, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "1999-12-24"));
	/* Mon 2000-01-03: the working day before is Fri 1999-12-31. */
	assert_int_equal(tm_offset_resolve_in_range(&bd, D("2000-01-03"), &plain, &d, &err), TM_EINVAL);
	assert_int_equal(tm_offset_resolve_in_range(&bd, D("2000-01-04"), &plain, &d, &err), 0);
	assert_string_equal(tm_date_format(d, buf), "2000-01-03");
}

static void rejects_bad_dates(void **state)
{
	(void)state;
	const char *bad[] = { "2027-02-30", "2027-13-01", "2027-00-10", "2027-04-31", "2023-02-29", "27-03-16",
			      "2027-3-16", "2027/03/16", "2027-03-16x", "", "abcd-ef-gh", "1899-12-31", "2027-03-00" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_date d;
		tm_error err = TM_ERROR_INIT;
		assert_int_equal(tm_date_parse(bad[i], &d, &err), TM_EINVAL);
		assert_true(strlen(err.msg) > 0);
	}
	tm_date d;
	tm_error err = TM_ERROR_INIT;
	tm_date_parse("2027-02-30", &d, &err);
	assert_non_null(strstr(err.msg, "has 28 days"));
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(tm_date_weekday(D("2027-03-16")), 2); /* Tuesday */
	assert_int_equal(tm_date_weekday(D("2027-05-16")), 7); /* Sunday */
	assert_int_equal(tm_date_weekday(D("1970-01-01")), 4); /* Thursday */
	assert_int_equal(tm_date_weekday(D("1969-12-29")), 1); /* Monday before the epoch */
	assert_int_equal(tm_date_weekday(D("2026-11-22")), 7);
}

static void months_clamp(void **state)
{
	(void)state;
	char buf[TM_DATE_STRLEN];
	assert_string_equal(tm_date_format(tm_date_add_months(D("2027-01-31"), 1), buf), "2027-02-28");
	assert_string_equal(tm_date_format(tm_date_add_months(D("2028-01-31"), 1), buf), "2028-02-29");
	assert_string_equal(tm_date_format(tm_date_add_months(D("2027-03-16"), 2), buf), "2027-05-16");
	assert_string_equal(tm_date_format(tm_date_add_months(D("2027-11-30"), 3), buf), "2028-02-29");
	assert_string_equal(tm_date_format(tm_date_add_months(D("2027-03-31"), -1), buf), "2027-02-28");
	assert_string_equal(tm_date_format(tm_date_add_months(D("2027-01-15"), -13), buf), "2025-12-15");
}

static void iso_weeks(void **state)
{
	(void)state;
	int y, w;
	tm_date_iso_week(D("2027-01-01"), &y, &w); /* a Friday: week 53 of 2026 */
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	tm_date_iso_week(D("2027-01-04"), &y, &w);
	assert_int_equal(y, 2027);
	assert_int_equal(w, 1);
	tm_date_iso_week(D("2024-12-30"), &y, &w);
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
}

static void working_days(void **state)
{
	(void)state;
	tm_calendar plain = TM_CALENDAR_PLAIN;
	char buf[TM_DATE_STRLEN];
	assert_true(tm_cal_is_workday(&plain, D("2027-03-16")));
	assert_false(tm_cal_is_workday(&plain, D("2027-03-13")));
	assert_string_equal(tm_date_format(tm_cal_add_workdays(&plain, D("2027-03-16"), -5), buf), "2027-03-09");
	assert_string_equal(tm_date_format(tm_cal_add_workdays(&plain, D("2027-03-12"), 1), buf), "2027-03-15");
	assert_string_equal(tm_date_format(tm_cal_add_workdays(&plain, D("2027-03-13"), 6), buf), "2027-03-22");
	assert_string_equal(tm_date_format(tm_cal_add_workdays(&plain, D("2027-03-16"), 0), buf), "2027-03-16");
	/* The week-skipping shortcut agrees with stepping one day at a time. */
	for (int start = 0; start < 14; start++)
		for (int n = -30; n <= 30; n++) {
			tm_date from = D("2027-03-01") + start, d = from;
			int left = n < 0 ? -n : n;
			while (left) {
				d += n < 0 ? -1 : 1;
				if (tm_date_weekday(d) <= 5)
					left--;
			}
			assert_int_equal(tm_cal_add_workdays(&plain, from, n), d);
		}
	/* Holidays are skipped like weekends. */
	tm_date hol[] = { D("2027-03-15") };
	tm_calendar cal = { hol, 1 };
	assert_false(tm_cal_is_workday(&cal, D("2027-03-15")));
	assert_string_equal(tm_date_format(tm_cal_add_workdays(&cal, D("2027-03-12"), 1), buf), "2027-03-16");
	assert_string_equal(tm_date_format(tm_cal_workday_on_or_before(&cal, D("2027-03-15")), buf), "2027-03-12");
	assert_int_equal(tm_cal_workdays_between(&plain, D("2027-03-09"), D("2027-03-16")), 5);
	assert_int_equal(tm_cal_workdays_between(&plain, D("2027-03-16"), D("2027-03-09")), -5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),   cmocka_unit_test(rejects_bad_dates), cmocka_unit_test(weekdays),
		cmocka_unit_test(months_clamp), cmocka_unit_test(iso_weeks),         cmocka_unit_test(working_days),
		cmocka_unit_test(the_range_tminus_plans), cmocka_unit_test(offsets_stay_in_range),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
