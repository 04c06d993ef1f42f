/*
 * test_app_schedule.c - dates through app/ on every backend: a delay moves
 * the tasks that follow T and keeps fixed dates and done work where they
 * are, after saving a baseline, and records the move in the launch's
 * history and the decision ledger; a holiday moves only the open work of
 * planned launches whose dates follow T; the plan puts the Launch
 * milestone on launch day (the working day before, when T is a day off).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app_fixture.h"

#include "util/banned.h"

/* Dana Reyes (pm) and launch single-sign-on: tier 3, T Tuesday 16 March 2027. */
static void seed(ws *w, tm_launch_detail *d)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Single sign-on", "date=2027-03-16", "tier=3", "pm=Dana Reyes");
	memset(d, 0, sizeof(*d));
	OK(w, tm_app_launch_add(&w->app, &li, d, &w->err));
}

static tm_task add(ws *w, const char *launch, const char *title, const char *f1, const char *f2)
{
	tm_task_input in;
	tm_task t;
	char tf[240];
	snprintf(tf, sizeof(tf), "title=%s", title);
	if (f2)
		IN(&tm_task_desc, &in, tf, f1, f2);
	else
		IN(&tm_task_desc, &in, tf, f1);
	OK(w, tm_app_task_add(&w->app, launch, &in, &t, &w->err));
	return t;
}

static void set_status(ws *w, int64_t id, const char *status)
{
	tm_task_input in;
	tm_task t;
	char ref[24], s[40];
	snprintf(s, sizeof(s), "status=%s", status);
	IN(&tm_task_desc, &in, s);
	OK(w, tm_app_task_set(&w->app, ws_ref(id, ref), &in, &t, &w->err));
	tm_task_release(&t);
}

static void show(ws *w, const char *launch, tm_launch_detail *d)
{
	memset(d, 0, sizeof(*d));
	OK(w, tm_app_launch_show(&w->app, launch, d, &w->err));
}

static bool listed(const tm_tasks *tasks, const char *title)
{
	for (size_t i = 0; i < tasks->n; i++)
		if (!strcmp(tasks->v[i].title, title))
			return true;
	return false;
}

static void delay(ws *w, const char *launch, const char *to, const char *reason, tm_delay_result *r)
{
	tm_delay_input in;
	char t[40], why[200];
	snprintf(t, sizeof(t), "to=%s", to);
	snprintf(why, sizeof(why), "reason=%s", reason);
	IN(&tm_delay_desc, &in, t, why);
	OK(w, tm_app_launch_delay(&w->app, launch, &in, r, &w->err));
}

static void a_delay_moves_what_follows_t_and_keeps_the_rest(void **state)
{
	ws *w = *state;
	tm_launch_detail d, after;
	tm_delay_result r;
	seed(w, &d);
	tm_task analyst = add(w, "single-sign-on", "Analyst briefing", "due=2027-03-10", NULL);
	tm_task embargo = add(w, "single-sign-on", "Press embargo lifts", "due=2027-03-18", NULL);
	tm_task teaser = add(w, "single-sign-on", "Teaser", "not_before=T-2w", "due=T-1w");
	set_status(w, ws_task(&d.tasks, "Support team informed")->id, "done");

	delay(w, "single-sign-on", "2027-03-30", "Security review found an SSO bug", &r);
	assert_int_equal(r.before.date, D("2027-03-16"));
	assert_int_equal(r.after.date, D("2027-03-30"));
	assert_int_equal(r.after.date_changes, 1);
	assert_true(r.after.version > r.before.version);
	/* Offset tasks moved with T (a day before T is Monday 29th), not-before days too. */
	assert_int_equal(r.moved.n, 5);
	const char *moved[] = { "Changelog entry", "Help docs updated", "In-app notification (if applicable)", "Launch",
				"Teaser" };
	for (size_t i = 0; i < 5; i++)
		assert_true(listed(&r.moved, moved[i]));
	/* Fixed dates stayed; the one T passed over is flagged. */
	assert_int_equal(r.fixed.n, 2);
	assert_int_equal(r.inconsistent.n, 1);
	assert_string_equal(r.inconsistent.v[0].title, "Press embargo lifts");
	assert_int_equal(r.done_kept, 1);
	assert_false(r.told);
	assert_int_equal(r.change.from, D("2027-03-16"));
	assert_int_equal(r.change.to, D("2027-03-30"));
	assert_int_equal(r.change.on, D(WS_TODAY));
	assert_string_equal(r.change.reason, "Security review found an SSO bug");
	assert_string_equal(r.baseline.name, "before delay to 2027-03-30");
	assert_int_equal(r.baseline.launch_date, D("2027-03-16"));
	assert_int_equal(r.baseline.today, D(WS_TODAY));
	tm_delay_result_release(&r);

	show(w, "single-sign-on", &after);
	assert_int_equal(ws_task(&after.tasks, "Changelog entry")->due, D("2027-03-29"));
	assert_int_equal(ws_task(&after.tasks, "Launch")->due, D("2027-03-30"));
	const tm_task *t = ws_task(&after.tasks, "Teaser");
	assert_int_equal(t->due, D("2027-03-23"));
	assert_int_equal(t->not_before, D("2027-03-16"));
	assert_int_equal(ws_task(&after.tasks, "Support team informed")->due, D("2027-03-09")); /* done: never moves */
	assert_int_equal(ws_task(&after.tasks, "Analyst briefing")->due, analyst.due);
	assert_int_equal(ws_task(&after.tasks, "Analyst briefing")->version, analyst.version);
	assert_int_equal(ws_task(&after.tasks, "Press embargo lifts")->due, embargo.due);
	assert_int_equal(after.history.n, 1);
	assert_int_equal(after.history.v[0].to, D("2027-03-30"));
	assert_string_equal(after.history.v[0].reason, "Security review found an SSO bug");
	assert_string_equal(after.history.v[0].public_reason, "");
	tm_launch_detail_release(&after);

	/* The decision ledger has it, and the baseline froze the plan as it was. */
	tm_decisions ds = TM_VEC_INIT;
	OK(w, tm_app_decision_list(&w->app, "single-sign-on", &ds, &w->err));
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.v[0].what, "Delayed launch day of 'Single sign-on' from 2027-03-16 to 2027-03-30");
	assert_string_equal(ds.v[0].why, "Security review found an SSO bug");
	assert_int_equal(ds.v[0].launch_id, d.launch.id);
	assert_int_equal(ds.v[0].on, D(WS_TODAY));
	TM_VEC_FREE(&ds);
	tm_comparison c;
	memset(&c, 0, sizeof(c));
	OK(w, tm_app_plan_against(&w->app, "single-sign-on", "before delay to 2027-03-30", &c, &w->err));
	assert_int_equal(c.launch_variance, 10); /* two working weeks */
	assert_int_equal(c.baseline.launch_date, D("2027-03-16"));
	tm_comparison_release(&c);

	/* Pulled in, then out again: each move its baseline, named apart. */
	delay(w, "single-sign-on", "2027-03-23", "The fix landed early", &r);
	assert_string_equal(r.baseline.name, "before delay to 2027-03-23");
	tm_delay_result_release(&r);
	delay(w, "single-sign-on", "2027-03-30", "Found another one", &r);
	assert_string_equal(r.baseline.name, "before delay to 2027-03-30 (2)");
	assert_int_equal(r.after.date_changes, 3);
	tm_delay_result_release(&r);
	OK(w, tm_app_decision_list(&w->app, NULL, &ds, &w->err));
	assert_int_equal(ds.n, 3);
	bool pulled = false;
	for (size_t i = 0; i < ds.n; i++)
		pulled |= !strcmp(ds.v[i].what, "Pulled in launch day of 'Single sign-on' from 2027-03-30 to 2027-03-23");
	assert_true(pulled);
	TM_VEC_FREE(&ds);
	tm_baselines bs = TM_VEC_INIT;
	OK(w, tm_app_baseline_list(&w->app, "single-sign-on", &bs, &w->err));
	assert_int_equal(bs.n, 3);
	TM_VEC_FREE(&bs);

	/* What customers are told, given alone, completes the last move and moves nothing. */
	tm_delay_input in;
	IN(&tm_delay_desc, &in, "public_reason=We are making sign-in safer for you");
	OK(w, tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));
	assert_true(r.told);
	assert_int_equal(r.after.date, D("2027-03-30"));
	tm_delay_result_release(&r);
	show(w, "single-sign-on", &after);
	assert_int_equal(after.history.n, 3);
	assert_string_equal(after.history.v[2].public_reason, "We are making sign-in safer for you");
	assert_string_equal(after.history.v[0].public_reason, "");
	assert_int_equal(after.launch.date_changes, 3);
	tm_launch_detail_release(&after);

	tm_task_release(&analyst);
	tm_task_release(&embargo);
	tm_task_release(&teaser);
	tm_launch_detail_release(&d);
}

static void a_refused_delay_changes_nothing(void **state)
{
	ws *w = *state;
	tm_launch_detail d, far = { 0 };
	tm_delay_result r;
	tm_delay_input in;
	tm_launch_input li;
	tm_task t;
	seed(w, &d);

	IN(&tm_delay_desc, &in, "reason=Because");
	REFUSED(w, TM_EINVAL, "missing to", tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));
	IN(&tm_delay_desc, &in, "to=2027-03-30");
	REFUSED(w, TM_EINVAL, "missing reason", tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));
	IN(&tm_delay_desc, &in, "to=2027-03-16", "reason=Because");
	REFUSED(w, TM_EINVAL, "launch 'single-sign-on' is already on 2027-03-16",
		tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));
	IN(&tm_delay_desc, &in, "to=2027-03-30", "reason=Because");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_launch_delay(&w->app, "no-such-launch", &in, &r, &w->err));
	IN(&tm_delay_desc, &in, "public_reason=Better for you");
	REFUSED(w, TM_EINVAL, "launch 'single-sign-on' has not moved",
		tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));

	/* Only a planned launch moves. */
	IN(&tm_launch_desc, &li, "status=cancelled");
	tm_launch_detail gone = { 0 };
	OK(w, tm_app_launch_set(&w->app, "single-sign-on", &li, &gone, &w->err));
	tm_launch_detail_release(&gone);
	IN(&tm_delay_desc, &in, "to=2027-03-30", "reason=Because");
	REFUSED(w, TM_ECONFLICT, "launch 'single-sign-on' is cancelled: only a planned launch can move",
		tm_app_launch_delay(&w->app, "single-sign-on", &in, &r, &w->err));

	/* Refused halfway: the baseline is saved and launch day written before a task would leave the
	 * dates tminus plans; all of it goes. */
	IN(&tm_launch_desc, &li, "name=Far future", "date=2199-12-20", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &li, &far, &w->err));
	t = add(w, "far-future", "Wrap up", "due=T+11d", NULL);
	assert_int_equal(t.due, D("2199-12-31"));
	tm_task_release(&t);
	IN(&tm_delay_desc, &in, "to=2199-12-27", "reason=Later");
	REFUSED(w, TM_EINVAL, "'Wrap up' would be due 2200-01-07",
		tm_app_launch_delay(&w->app, "far-future", &in, &r, &w->err));
	tm_launch_detail_release(&far);
	tm_launch_detail_release(&d);
}

static void a_holiday_moves_only_open_work_that_follows_t(void **state)
{
	ws *w = *state;
	tm_launch_detail d, other = { 0 }, gone = { 0 }, after;
	tm_launch_input li;
	tm_holiday_input hi;
	tm_holiday_result hr;
	seed(w, &d);
	/* Every T-1bd task is due Monday 15 March. */
	tm_task call = add(w, "single-sign-on", "Partner call", "due=2027-03-15", NULL);
	set_status(w, ws_task(&d.tasks, "Help docs updated")->id, "done");
	/* A cancelled launch with the same dates. */
	IN(&tm_launch_desc, &li, "name=Retired", "date=2027-03-16", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &li, &other, &w->err));
	IN(&tm_launch_desc, &li, "status=cancelled");
	OK(w, tm_app_launch_set(&w->app, "retired", &li, &gone, &w->err));
	tm_launch_detail_release(&gone);
	tm_launch_detail before;
	show(w, "single-sign-on", &before);

	IN(&tm_holiday_desc, &hi, "date=2027-03-15", "name=Company day");
	OK(w, tm_app_holiday_add(&w->app, &hi, &hr, &w->err));
	assert_int_equal(hr.added, 1);
	assert_int_equal(hr.moved, 2);
	show(w, "single-sign-on", &after);
	for (size_t i = 0; i < after.tasks.n; i++) {
		const tm_task *now = &after.tasks.v[i];
		const tm_task *was = ws_task(&before.tasks, now->title);
		bool moves = !strcmp(now->title, "Changelog entry") || !strcmp(now->title, "In-app notification (if applicable)");
		if (moves) {
			assert_int_equal(now->due, D("2027-03-12")); /* the Friday before */
			assert_true(now->version > was->version);
		} else {
			/* Done work, a fixed date, launch day and what the holiday does not touch stay. */
			assert_int_equal(now->due, was->due);
			assert_int_equal(now->version, was->version);
		}
	}
	tm_launch_detail_release(&after);
	show(w, "retired", &after);
	assert_int_equal(ws_task(&after.tasks, "Release notes")->due, D("2027-03-15"));
	tm_launch_detail_release(&after);

	tm_holidays hs = TM_VEC_INIT;
	OK(w, tm_app_holiday_list(&w->app, "2027-03-01", "2027-03-31", &hs, &w->err));
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.v[0].name, "Company day");
	TM_VEC_FREE(&hs);
	REFUSED(w, TM_ECONFLICT, NULL, tm_app_holiday_add(&w->app, &hi, &hr, &w->err));
	REFUSED(w, TM_ENOTFOUND, "2027-03-17 is not a holiday", tm_app_holiday_rm(&w->app, "2027-03-17", &hr, &w->err));

	/* Taken back, the dates come back. */
	OK(w, tm_app_holiday_rm(&w->app, "2027-03-15", &hr, &w->err));
	assert_int_equal(hr.moved, 2);
	show(w, "single-sign-on", &after);
	for (size_t i = 0; i < after.tasks.n; i++)
		assert_int_equal(after.tasks.v[i].due, ws_task(&before.tasks, after.tasks.v[i].title)->due);
	tm_launch_detail_release(&after);

	/* A holiday that would push a date past the ones tminus plans is refused, midway, whole. */
	tm_launch_detail far = { 0 };
	IN(&tm_launch_desc, &li, "name=Far future", "date=2199-12-20", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &li, &far, &w->err));
	tm_task wrap = add(w, "far-future", "Wrap up", "due=T+11d", NULL);
	IN(&tm_holiday_desc, &hi, "date=2199-12-31");
	REFUSED(w, TM_EINVAL, "launch 'far-future': 'Wrap up' would be due 2200-01-01",
		tm_app_holiday_add(&w->app, &hi, &hr, &w->err));
	tm_task_release(&wrap);
	tm_launch_detail_release(&far);

	tm_task_release(&call);
	tm_launch_detail_release(&before);
	tm_launch_detail_release(&other);
	tm_launch_detail_release(&d);
}

/* The index in p of the task with this id. */
static int at(const tm_launch_plan *p, int64_t id)
{
	int i = tm_plan_find(&p->plan, id);
	assert_true(i >= 0);
	return i;
}

static void the_plan_holds_the_launch_milestone_on_launch_day(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_launch_plan p;
	tm_holiday_input hi;
	tm_holiday_result hr;
	seed(w, &d);
	int64_t launch = ws_task(&d.tasks, "Launch")->id;

	OK(w, tm_app_plan(&w->app, "single-sign-on", &p, &w->err));
	assert_int_equal(p.plan.n, 6); /* Tier 3's five tasks and the product track's Code complete (no date yet) */
	assert_int_equal(p.closed, 0);
	assert_int_equal(p.plan.t, D("2027-03-16"));
	assert_int_equal(p.plan.launch_day, D("2027-03-16"));
	assert_true(p.plan.feasible);
	const tm_plan_task *l = &p.plan.tasks[at(&p, launch)];
	assert_true(l->milestone);
	assert_int_equal(l->es, D("2027-03-16"));
	assert_int_equal(l->ef, D("2027-03-16"));
	/* Whatever Launch waits for finishes by then. */
	for (size_t i = 0; i < p.plan.n; i++)
		if (ws_waits_for(ws_task(&d.tasks, "Launch"), p.plan.tasks[i].id))
			assert_true(p.plan.tasks[i].ef <= l->es);
	assert_true(p.plan.n_critical_path > 0);
	tm_launch_plan_release(&p);

	/* Done work is not planned. */
	set_status(w, ws_task(&d.tasks, "Support team informed")->id, "done");
	OK(w, tm_app_plan(&w->app, "single-sign-on", &p, &w->err));
	assert_int_equal(p.plan.n, 5);
	assert_int_equal(p.closed, 1);
	tm_launch_plan_release(&p);

	/* T a holiday: launch day is the working day before, and the milestone sits there. */
	IN(&tm_holiday_desc, &hi, "date=2027-03-16");
	OK(w, tm_app_holiday_add(&w->app, &hi, &hr, &w->err));
	OK(w, tm_app_plan(&w->app, "single-sign-on", &p, &w->err));
	assert_int_equal(p.plan.launch_day, D("2027-03-15"));
	assert_int_equal(p.plan.tasks[at(&p, launch)].es, D("2027-03-15"));
	tm_launch_plan_release(&p);

	int index = -1;
	char ref[24];
	OK(w, tm_app_plan_explain(&w->app, "single-sign-on", ws_ref(launch, ref), &p, &index, &w->err));
	assert_int_equal(p.plan.tasks[index].id, launch);
	tm_launch_plan_release(&p);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_plan(&w->app, "no-such-launch", &p, &w->err));
	tm_launch_detail_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_delay_moves_what_follows_t_and_keeps_the_rest),
		WS_TEST(a_refused_delay_changes_nothing),
		WS_TEST(a_holiday_moves_only_open_work_that_follows_t),
		WS_TEST(the_plan_holds_the_launch_milestone_on_launch_day),
	};
	WS_MAIN("app schedule", tests);
}
