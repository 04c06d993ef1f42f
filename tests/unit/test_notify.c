/*
 * test_notify.c - core/notify.c: the names of events and preferences, a webhook's list of events
 * (unknown and digest names refused, duplicates refused, normalised), digest days (working days
 * only, weekly on the week's first working day), what a digest lists (overdue, due in the next 3
 * working days, new since the last digest), the dated launch events of a day (go/no-go at T-2
 * working days, launch day, the reviews) with their week of grace, and the check errors' diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/metric.h"
#include "core/notify.h"

#include "util/banned.h"

static tm_date D(const char *s)
{
	tm_date d = 0;
	assert_int_equal(tm_date_parse(s, &d, NULL), 0);
	return d;
}

static void names_follow_the_enums(void **state)
{
	(void)state;
	assert_string_equal(tm_notify_pref_names[TM_NOTIFY_WEEKLY], "weekly");
	assert_int_equal(tm_notify_pref_parse("off"), TM_NOTIFY_OFF);
	assert_int_equal(tm_notify_pref_parse("monthly"), -1);
	assert_string_equal(tm_notify_event_name(TM_NEV_GONOGO), "gonogo.due");
	assert_string_equal(tm_notify_event_name(TM_NEV_DIGEST_WEEKLY), "digest.weekly");
	assert_int_equal(tm_notify_event_parse("launch.date_changed"), TM_NEV_DATE_CHANGED);
	assert_int_equal(tm_notify_event_parse("launch.dat"), -1);
	assert_null(tm_notify_event_names[TM_NEV_COUNT]);
}

static void a_webhooks_events_are_checked_and_normalised(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_notify_events_normalise(" launch.day , check.error,,review.due ", &b, &err), 0);
	assert_string_equal(b.s, "launch.day,check.error,review.due");
	assert_true(tm_notify_events_has(b.s, TM_NEV_CHECK_ERROR));
	assert_false(tm_notify_events_has(b.s, TM_NEV_CHECK_CLEARED));
	assert_false(tm_notify_events_has("check.errors", TM_NEV_CHECK_ERROR));
	tm_buf_reset(&b);
	assert_int_equal(tm_notify_events_normalise("launch.day,lunch.day", &b, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "unknown event 'lunch.day'"));
	assert_string_equal(err.field, "events");
	tm_buf_reset(&b);
	assert_int_equal(tm_notify_events_normalise("digest.daily", &b, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "for a webhook"));
	tm_buf_reset(&b);
	assert_int_equal(tm_notify_events_normalise("launch.day,launch.day", &b, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "twice"));
	tm_buf_reset(&b);
	assert_int_equal(tm_notify_events_normalise(" , ", &b, &err), TM_EINVAL);
	tm_buf_release(&b);
}

static void digests_go_out_on_working_days_only(void **state)
{
	(void)state;
	tm_date hol[] = { D("2026-12-07"), D("2026-12-25") };
	tm_calendar plain = TM_CALENDAR_PLAIN, cal = { hol, 2 };
	assert_true(tm_notify_digest_day(&plain, D("2026-12-03")));   /* Thursday */
	assert_false(tm_notify_digest_day(&plain, D("2026-12-05")));  /* Saturday */
	assert_false(tm_notify_digest_day(&cal, D("2026-12-25")));    /* a holiday */
	assert_true(tm_notify_weekly_day(&plain, D("2026-12-07")));   /* Monday */
	assert_false(tm_notify_weekly_day(&plain, D("2026-12-08")));
	/* Monday a holiday: the summary goes on Tuesday. */
	assert_false(tm_notify_weekly_day(&cal, D("2026-12-07")));
	assert_true(tm_notify_weekly_day(&cal, D("2026-12-08")));
	/* Three working days ahead of a Thursday is Tuesday; over a Monday holiday, Wednesday. */
	assert_int_equal(tm_notify_horizon(&plain, D("2026-12-03")), D("2026-12-08"));
	assert_int_equal(tm_notify_horizon(&cal, D("2026-12-03")), D("2026-12-09"));
}

static tm_digest_task task(const char *due, const char *updated)
{
	tm_digest_task t;
	memset(&t, 0, sizeof(t));
	t.has_due = due != NULL;
	if (due)
		t.due = D(due);
	snprintf(t.updated_at, sizeof(t.updated_at), "%s", updated);
	return t;
}

static void a_digest_lists_overdue_due_and_new(void **state)
{
	(void)state;
	tm_date day = D("2026-12-03"), h = D("2026-12-08");
	const char *since = "2026-12-02T06:00:00Z";
	tm_digest_task overdue = task("2026-12-02", "2026-11-01T00:00:00Z"), due = task("2026-12-08", "2026-11-01T00:00:00Z"),
		       later = task("2026-12-09", "2026-11-01T00:00:00Z"), fresh = task("2027-01-10", "2026-12-02T09:30:00Z"),
		       undated = task(NULL, "2026-12-01T09:30:00Z");
	assert_int_equal(tm_digest_why(&overdue, day, h, since), TM_DIGEST_OVERDUE);
	assert_int_equal(tm_digest_why(&due, day, h, since), TM_DIGEST_DUE);
	assert_int_equal(tm_digest_why(&later, day, h, since), -1);
	assert_int_equal(tm_digest_why(&fresh, day, h, since), TM_DIGEST_NEW);
	assert_int_equal(tm_digest_why(&undated, day, h, since), -1);
	/* No digest before: nothing is new. */
	assert_int_equal(tm_digest_why(&fresh, day, h, ""), -1);
}

static void dated_events_fall_on_their_day_with_a_week_of_grace(void **state)
{
	(void)state;
	tm_date hol[] = { D("2026-12-07") };
	tm_calendar plain = TM_CALENDAR_PLAIN, cal = { hol, 1 };
	tm_day_event ev[16];
	tm_date T = D("2026-12-10"); /* Thursday */
	/* Where a pass starts: the day after the last one told (a week at most), else after the working
	 * day before (a Tuesday after a Monday holiday covers the long weekend). */
	assert_int_equal(tm_notify_events_from(&plain, D("2026-12-08"), D("2026-12-07")), D("2026-12-08"));
	assert_int_equal(tm_notify_events_from(&plain, D("2026-12-08"), D("2026-11-01")), D("2026-12-02"));
	assert_int_equal(tm_notify_events_from(&plain, D("2026-12-08"), 0), D("2026-12-08"));
	assert_int_equal(tm_notify_events_from(&plain, D("2026-12-07"), 0), D("2026-12-05"));
	assert_int_equal(tm_notify_events_from(&cal, D("2026-12-08"), 0), D("2026-12-05"));
	/* Go/no-go two working days before: Tuesday. */
	int n = tm_notify_day_events(&plain, T, D("2026-12-08"), D("2026-12-08"), ev, 16);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].event, TM_NEV_GONOGO);
	assert_int_equal(ev[0].on, D("2026-12-08"));
	assert_int_equal(tm_notify_day_events(&plain, T, D("2026-12-01"), D("2026-12-07"), ev, 16), 0);
	/* On T, from two days back: go/no-go (two days late, still told), launch day, and day 1's review (at T). */
	n = tm_notify_day_events(&plain, T, T - 2, T, ev, 16);
	assert_int_equal(n, 3);
	assert_int_equal(ev[1].event, TM_NEV_LAUNCH_DAY);
	assert_int_equal(ev[2].event, TM_NEV_REVIEW_DUE);
	assert_int_equal(ev[2].stage, TM_STAGE_DAY_1);
	/* The day after: told already. */
	assert_int_equal(tm_notify_day_events(&plain, T, T + 1, T + 1, ev, 16), 0);
	/* A week later, from a week back: week 1's review only. */
	n = tm_notify_day_events(&plain, T, T + 1, T + 7, ev, 16);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].stage, TM_STAGE_WEEK_1);
	/* The quarter's review, on its day. */
	tm_date q = tm_stage_date(TM_STAGE_COUNT - 1, T);
	n = tm_notify_day_events(&plain, T, q, q, ev, 16);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].stage, TM_STAGE_COUNT - 1);
}

static void check_errors_diff_as_sets(void **state)
{
	(void)state;
	tm_buf app = TM_BUF_INIT, clr = TM_BUF_INIT;
	assert_false(tm_notify_set_diff("a 1 x\nb 2 y\n", "a 1 x\nb 2 y\n", &app, &clr));
	assert_true(tm_notify_set_diff("a 1 x\nb 2 y\n", "b 2 y\nc 3 z\n", &app, &clr));
	assert_string_equal(app.s, "c 3 z\n");
	assert_string_equal(clr.s, "a 1 x\n");
	tm_buf_reset(&app);
	tm_buf_reset(&clr);
	assert_true(tm_notify_set_diff("", "a 1 x\n", &app, &clr));
	assert_string_equal(app.s, "a 1 x\n");
	assert_string_equal(clr.s, "");
	tm_buf_release(&app);
	tm_buf_release(&clr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_follow_the_enums),
		cmocka_unit_test(a_webhooks_events_are_checked_and_normalised),
		cmocka_unit_test(digests_go_out_on_working_days_only),
		cmocka_unit_test(a_digest_lists_overdue_due_and_new),
		cmocka_unit_test(dated_events_fall_on_their_day_with_a_week_of_grace),
		cmocka_unit_test(check_errors_diff_as_sets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
