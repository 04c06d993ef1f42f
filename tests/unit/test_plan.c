/* test_plan.c - the critical path method on the issue's examples and on hand-checked graphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/plan.h"

#include "util/banned.h"

static tm_date D(const char *s)
{
	tm_date d = 0;
	assert_int_equal(tm_date_parse(s, &d, NULL), 0);
	return d;
}

static const char *S(tm_date d)
{
	static char buf[8][TM_DATE_STRLEN];
	static int k;
	return tm_date_format(d, buf[k++ % 8]);
}

/* Launch (T, Tue 2027-03-16) waits for A (3 days), which waits for B (2 days). */
static void issue_example(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true, .has_due = true, .due = D("2027-03-16"), .is_launch = true },
		{ .id = 2, .effort_days = 3 }, /* A */
		{ .id = 3, .effort_days = 2 }, /* B */
	};
	tm_dep deps[] = { { 1, 2 }, { 2, 3 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 3, deps, 2, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	const tm_plan_task *L = &p.tasks[0], *A = &p.tasks[1], *B = &p.tasks[2];
	assert_string_equal(S(A->lf), "2027-03-15");
	assert_string_equal(S(A->ls), "2027-03-11");
	assert_string_equal(S(B->lf), "2027-03-10");
	assert_string_equal(S(B->ls), "2027-03-09");
	assert_string_equal(S(L->lf), "2027-03-16");
	/* Forward from Monday 2027-03-01: B Mon-Tue, A Wed-Fri, launch Monday 03-08 at the earliest. */
	assert_string_equal(S(B->es), "2027-03-01");
	assert_string_equal(S(B->ef), "2027-03-02");
	assert_string_equal(S(A->es), "2027-03-03");
	assert_string_equal(S(A->ef), "2027-03-05");
	/* The launch sits on T, however early its inputs are done. */
	assert_string_equal(S(L->es), "2027-03-16");
	assert_string_equal(S(L->ef), "2027-03-16");
	assert_int_equal(L->es_reason, TM_ES_LAUNCH_DAY);
	assert_true(L->after_launch);
	/* B and A: the same slack, both critical, path B → A; the launch has none, and is not critical for it. */
	assert_int_equal(B->slack, 6);
	assert_int_equal(A->slack, 6);
	assert_int_equal(L->slack, 0);
	assert_false(L->critical);
	assert_int_equal(p.min_slack, 6);
	assert_true(p.feasible);
	assert_int_equal(p.n_critical_path, 2);
	assert_int_equal(p.tasks[p.critical_path[0]].id, 3);
	assert_int_equal(p.tasks[p.critical_path[1]].id, 2);
	assert_int_equal(A->lf_reason, 0);      /* fixed by the launch */
	assert_int_equal(L->lf_reason, TM_LF_OWN_DUE);
	tm_plan_release(&p);
}

/* A milestone due at T-3w waiting for a 1-day task: the task must finish the working day before. */
static void milestone_deadline(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 10, .milestone = true, .has_due = true, .due = D("2027-02-23") }, /* Tue */
		{ .id = 11, .effort_days = 1 },
	};
	tm_dep deps[] = { { 10, 11 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 2, deps, 1, D("2027-03-16"), D("2027-02-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[1].lf), "2027-02-22");
	assert_string_equal(S(p.tasks[1].ls), "2027-02-22");
	tm_plan_release(&p);
}

/* A milestone predecessor lets its successor start the same day; too little time means negative slack. */
static void milestone_same_day_and_infeasible(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true },                                   /* M */
		{ .id = 2, .effort_days = 5, .has_due = true, .due = D("2027-03-05") }, /* waits for M */
		{ .id = 3, .effort_days = 2 },                                    /* M waits for it */
	};
	tm_dep deps[] = { { 2, 1 }, { 1, 3 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	/* Today Wednesday 2027-03-03: task 3 Wed-Thu, M Fri 03-05, task 2 starts Fri 03-05 (same day) and ends Thu 03-11. */
	assert_int_equal(tm_plan_compute(in, 3, deps, 2, D("2027-03-16"), D("2027-03-03"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[2].ef), "2027-03-04");
	assert_string_equal(S(p.tasks[0].es), "2027-03-05");
	assert_string_equal(S(p.tasks[1].es), "2027-03-05");
	assert_string_equal(S(p.tasks[1].ef), "2027-03-11");
	/* Task 2 must end by Fri 03-05: latest start Mon 03-01, before it can start: slack -4. */
	assert_string_equal(S(p.tasks[1].ls), "2027-03-01");
	assert_int_equal(p.tasks[1].slack, -4);
	assert_false(p.feasible);
	assert_int_equal(p.min_slack, -4);
	assert_true(p.tasks[1].critical);
	tm_plan_release(&p);
}

/* Done tasks' ids in deps are ignored; a weekend today starts work on Monday; holidays are skipped. */
static void done_weekends_holidays(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 5, .effort_days = 2 },
	};
	tm_dep deps[] = { { 5, 99 } }; /* 99 is done: not in the input */
	tm_date hol[] = { D("2027-03-08") };
	tm_calendar cal = { hol, 1 };
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 1, deps, 1, D("2027-03-16"), D("2027-03-06"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[0].es), "2027-03-09"); /* Sat → Mon is a holiday → Tue */
	assert_string_equal(S(p.tasks[0].ef), "2027-03-10");
	assert_string_equal(S(p.tasks[0].lf), "2027-03-16"); /* no due: launch day */
	assert_int_equal(p.tasks[0].lf_reason, TM_LF_LAUNCH_DAY);
	tm_plan_release(&p);
}

static void parallel_branches(void **state)
{
	(void)state;
	/* Launch waits for X (5 days) and Y (1 day): only X is critical. */
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true, .has_due = true, .due = D("2027-03-16"), .is_launch = true },
		{ .id = 2, .effort_days = 5 },
		{ .id = 3, .effort_days = 1 },
	};
	tm_dep deps[] = { { 1, 2 }, { 1, 3 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 3, deps, 2, D("2027-03-16"), D("2027-03-08"), &cal, &p, NULL), 0);
	assert_int_equal(p.tasks[1].slack, 1);
	assert_int_equal(p.tasks[2].slack, 5);
	assert_true(p.tasks[1].critical);
	assert_false(p.tasks[2].critical);
	/* The launch sits on T with no slack of its own; the path is X. */
	assert_false(p.tasks[0].critical);
	assert_int_equal(p.n_critical_path, 1);
	assert_int_equal(p.tasks[p.critical_path[0]].id, 2);
	/* Two days later X is late: the launch, held up by it, is late by as much and ends the path. */
	tm_plan_release(&p);
	assert_int_equal(tm_plan_compute(in, 3, deps, 2, D("2027-03-16"), D("2027-03-10"), &cal, &p, NULL), 0);
	assert_int_equal(p.tasks[1].slack, -1);
	assert_int_equal(p.tasks[0].slack, -1);
	assert_int_equal(p.n_critical_path, 2);
	assert_int_equal(p.tasks[p.critical_path[1]].id, 1);
	tm_plan_release(&p);
}

/*
 * The issue's launch on Tue 2027-03-16, planned on Tue 2026-12-01: post-launch work due after T
 * starts on T, not today (it was drawn in December); its latest dates do not change.
 */
static void post_launch_work_starts_on_launch_day(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true, .has_due = true, .due = D("2027-03-16"), .is_launch = true },
		{ .id = 2, .effort_days = 1, .has_due = true, .due = D("2027-03-16") }, /* Monitor support tickets, T */
		{ .id = 3, .effort_days = 3, .has_due = true, .due = D("2027-03-23") }, /* Collect feedback, T+1w */
		{ .id = 4, .effort_days = 2, .has_due = true, .due = D("2027-04-30") }, /* due after T, waits for nothing */
		{ .id = 5, .effort_days = 2, .has_due = true, .due = D("2027-03-09") }, /* before T */
	};
	tm_dep deps[] = { { 2, 1 }, { 3, 1 }, { 1, 5 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 5, deps, 3, D("2027-03-16"), D("2026-12-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[1].es), "2027-03-16");
	assert_string_equal(S(p.tasks[1].lf), "2027-03-16");
	assert_int_equal(p.tasks[1].slack, 0);
	assert_string_equal(S(p.tasks[2].es), "2027-03-16");
	assert_string_equal(S(p.tasks[2].ef), "2027-03-18");
	assert_string_equal(S(p.tasks[2].lf), "2027-03-23");
	assert_int_equal(p.tasks[2].slack, 3);
	assert_string_equal(S(p.tasks[3].es), "2027-03-16"); /* no dependency: launch day all the same */
	assert_int_equal(p.tasks[3].es_reason, TM_ES_LAUNCH_DAY);
	assert_string_equal(S(p.tasks[4].es), "2026-12-01");
	assert_false(p.tasks[4].after_launch);
	/* The least slack is the pre-launch task's, not the 0 of work pinned to launch day. */
	assert_int_equal(p.min_slack, p.tasks[4].slack);
	assert_true(p.tasks[4].critical);
	assert_false(p.tasks[1].critical);
	assert_true(p.feasible);
	tm_plan_release(&p);
	/* With nothing left before launch day, the least slack is that of what remains. */
	assert_int_equal(tm_plan_compute(in, 4, deps, 2, D("2027-03-16"), D("2026-12-01"), &cal, &p, NULL), 0);
	assert_int_equal(p.min_slack, 0);
	assert_true(p.tasks[1].critical);
	tm_plan_release(&p);
}

/* A launch on a Saturday sits on the Friday before, where its deadline counts, so it is not late. */
static void weekend_launch_day(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true, .has_due = true, .due = D("2027-03-20"), .is_launch = true },
		{ .id = 2, .effort_days = 1, .has_due = true, .due = D("2027-03-20") }, /* due T, a Saturday */
		{ .id = 3, .effort_days = 1, .has_due = true, .due = D("2027-03-22") },
	};
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 3, NULL, 0, D("2027-03-20"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.launch_day), "2027-03-19");
	for (int i = 0; i < 3; i++)
		assert_string_equal(S(p.tasks[i].es), "2027-03-19");
	assert_int_equal(p.tasks[0].slack, 0);
	assert_int_equal(p.tasks[1].slack, 0);
	assert_int_equal(p.tasks[2].slack, 1);
	assert_true(p.feasible);
	tm_plan_release(&p);
}

/* A not-before day holds the earliest start back (the working day on or after it), never the latest. */
static void not_before(void **state)
{
	(void)state;
	tm_plan_input in[] = {
		{ .id = 1, .effort_days = 2, .has_due = true, .due = D("2027-03-12"), .has_not_before = true,
		  .not_before = D("2027-03-06") }, /* a Saturday */
		{ .id = 2, .effort_days = 1 },
		{ .id = 3, .milestone = true, .has_not_before = true, .not_before = D("2027-02-01") }, /* in the past */
	};
	tm_dep deps[] = { { 1, 2 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	assert_int_equal(tm_plan_compute(in, 3, deps, 1, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[0].es), "2027-03-08");
	assert_string_equal(S(p.tasks[0].ef), "2027-03-09");
	assert_int_equal(p.tasks[0].es_reason, TM_ES_NOT_BEFORE);
	assert_string_equal(S(p.tasks[0].not_before), "2027-03-06");
	assert_string_equal(S(p.tasks[0].lf), "2027-03-12");
	assert_string_equal(S(p.tasks[0].ls), "2027-03-11");
	assert_int_equal(p.tasks[0].slack, 3);
	assert_string_equal(S(p.tasks[2].es), "2027-03-01");
	assert_int_equal(p.tasks[2].es_reason, TM_ES_TODAY);
	/* A predecessor later than the not-before day decides instead. */
	in[1].effort_days = 8;
	tm_plan_release(&p);
	assert_int_equal(tm_plan_compute(in, 3, deps, 1, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[0].es), "2027-03-11");
	assert_int_equal(p.tasks[0].es_reason, 1);
	/* One too late to make its due date: negative slack, critical, infeasible. */
	in[1].effort_days = 1;
	in[0].not_before = D("2027-03-12");
	tm_plan_release(&p);
	assert_int_equal(tm_plan_compute(in, 3, deps, 1, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_int_equal(p.tasks[0].slack, -1);
	assert_false(p.feasible);
	tm_plan_release(&p);
}

static void cycle_is_an_error(void **state)
{
	(void)state;
	tm_plan_input in[] = { { .id = 1, .effort_days = 1 }, { .id = 2, .effort_days = 1 } };
	tm_dep deps[] = { { 1, 2 }, { 2, 1 } };
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_plan_compute(in, 2, deps, 2, D("2027-03-16"), D("2027-03-01"), &cal, &p, &err), TM_ECONFLICT);
	assert_non_null(strstr(err.msg, "cycle"));
}

/*
 * A product milestone (issue 12) enters the plan on the date engineering gives it: due and not
 * before that day. Content ready waits for Code complete; Launch (T, Tue 2027-03-16) for Content ready.
 */
static void product_milestone_on_its_date(void **state)
{
	(void)state;
	tm_calendar cal = TM_CALENDAR_PLAIN;
	tm_plan p;
	tm_plan_input in[] = {
		{ .id = 1, .milestone = true, .has_due = true, .due = D("2027-03-16"), .is_launch = true },
		{ .id = 2, .milestone = true, .has_due = true, .due = D("2027-03-09") },          /* Content ready, T-1w */
		{ .id = 3, .milestone = true, .has_due = true, .due = D("2027-03-05"), .has_not_before = true,
		  .not_before = D("2027-03-05") },                                                  /* Code complete */
		{ .id = 4, .effort_days = 2, .has_due = true, .due = D("2027-03-09") },           /* Social, after code complete */
	};
	tm_dep deps[] = { { 1, 2 }, { 2, 3 }, { 2, 4 }, { 4, 3 } };
	assert_int_equal(tm_plan_compute(in, 4, deps, 4, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	/* It happens on its day, not before; its successors may start that same day. */
	assert_string_equal(S(p.tasks[2].es), "2027-03-05");
	assert_int_equal(p.tasks[2].es_reason, TM_ES_NOT_BEFORE);
	assert_string_equal(S(p.tasks[3].es), "2027-03-05");
	assert_string_equal(S(p.tasks[3].ef), "2027-03-08");
	assert_string_equal(S(p.tasks[3].ls), "2027-03-05"); /* done the working day before Content ready */
	assert_int_equal(p.tasks[3].slack, 0);
	assert_true(p.feasible);
	tm_plan_release(&p);
	/* Engineering slips it a week, past the social campaign's latest start: the plan cannot be met. */
	in[2].due = in[2].not_before = D("2027-03-12");
	assert_int_equal(tm_plan_compute(in, 4, deps, 4, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[3].es), "2027-03-12");
	assert_true(p.tasks[3].ls < p.tasks[3].es);
	assert_true(p.tasks[3].slack < 0);
	assert_false(p.feasible);
	tm_plan_release(&p);
	/* Slipped past T (the news the team needs): launch day itself cannot hold. */
	in[2].due = in[2].not_before = D("2027-03-19");
	assert_int_equal(tm_plan_compute(in, 4, deps, 4, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[2].es), "2027-03-19");
	assert_true(p.tasks[0].es > D("2027-03-16"));
	assert_true(p.tasks[0].slack < 0);
	assert_false(p.feasible);
	tm_plan_release(&p);
	/* No date yet: no constraint (planned from today, due by what waits for it). */
	in[2].has_due = in[2].has_not_before = false;
	assert_int_equal(tm_plan_compute(in, 4, deps, 4, D("2027-03-16"), D("2027-03-01"), &cal, &p, NULL), 0);
	assert_string_equal(S(p.tasks[2].es), "2027-03-01");
	assert_string_equal(S(p.tasks[3].es), "2027-03-01");
	assert_true(p.feasible);
	tm_plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(issue_example),          cmocka_unit_test(milestone_deadline),
		cmocka_unit_test(milestone_same_day_and_infeasible), cmocka_unit_test(done_weekends_holidays),
		cmocka_unit_test(parallel_branches),      cmocka_unit_test(cycle_is_an_error),
		cmocka_unit_test(post_launch_work_starts_on_launch_day), cmocka_unit_test(weekend_launch_day),
		cmocka_unit_test(not_before),             cmocka_unit_test(product_milestone_on_its_date),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
