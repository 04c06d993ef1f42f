/*
 * test_app_import.c - tm_app_import on every backend: a tool's rows become
 * the launch's tasks with their owners (by email, then by name), due dates
 * (or offsets from T), effort, status, subtasks and dependencies, and the
 * plan honours them; a re-import updates the same tasks in place (and drops
 * the dependencies the file no longer has); a dry run, a bad row and an
 * unknown launch change nothing; unknown people are listed or made; a cycle
 * through a dependency made here by hand is broken at the file's edge and
 * reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/imports.h"
#include "app_fixture.h"

#include "util/banned.h"

#define LAUNCH "usage-billing"

static const char ASANA[] =
	"Task ID,Created At,Completed At,Last Modified,Name,Section/Column,Assignee,Assignee Email,Start Date,Due Date,"
	"Tags,Notes,Projects,Parent task,Blocked By (Dependencies),Blocking (Dependencies)\n"
	"1,2026-11-02,2026-11-20,2026-11-20,Brief,Planning,Dana Reyes,,,2027-01-15,,,P,,,\n"
	"2,2026-11-02,,2026-11-20,Messaging,Messaging,Someone Else,bo@example.com,,2027-02-01,,,P,,1,\n"
	"3,2026-11-02,,2026-11-20,Blog post,Content,Carla Diaz,carla@example.com,,2027-02-15,,,P,,2,\n"
	"4,2026-11-02,,2026-11-20,Blog review,Content,,,,2027-02-12,,,P,Blog post,,\n";

/* Dana Reyes (pm), Bo Chen (marketing, bo@example.com) and launch usage-billing (tier 4, 1 March 2027). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Riley";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Bo Chen", "role=marketing", "email=bo@example.com");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Usage billing", "date=2027-03-01", "tier=4", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

static void input(tm_import_input *in, const char *source, const char *more)
{
	if (more)
		IN(&tm_import_desc, in, source, "launch=" LAUNCH, more);
	else
		IN(&tm_import_desc, in, source, "launch=" LAUNCH);
}

static int import(ws *w, const tm_import_input *in, const char *text, tm_import_report *r)
{
	return tm_app_import(&w->app, in, "plan.csv", text, strlen(text), r, &w->err);
}

static void tasks(ws *w, tm_tasks *out)
{
	tm_launch l;
	tm_tasks_free(out);
	OK(w, tm_app_task_list(&w->app, LAUNCH, NULL, &l, out, &w->err));
}

static void rows_become_tasks_and_the_plan_honours_them(void **state)
{
	ws *w = *state;
	tm_import_input in;
	tm_import_report r = { 0 };
	tm_tasks ts = TM_VEC_INIT;
	tm_launch_plan plan = { 0 };
	seed(w);
	input(&in, "source=asana", NULL);
	OK(w, import(w, &in, ASANA, &r));
	assert_int_equal(r.created, 4);
	assert_int_equal(r.dependencies, 3); /* 2 → 1, 3 → 2, and 3 waits for its subtask 4 */
	assert_false(r.dry_run);
	/* Carla is nobody here: listed, her task unowned. */
	assert_int_equal(r.people.n, 1);
	assert_string_equal(r.people.v[0].name, "Carla Diaz");
	assert_false(r.people.v[0].created);
	tm_import_report_free(&r);

	tasks(w, &ts);
	const tm_task *brief = ws_task(&ts, "Brief"), *msg = ws_task(&ts, "Messaging"), *blog = ws_task(&ts, "Blog post"),
		      *review = ws_task(&ts, "Blog review");
	assert_string_equal(brief->owner, "Dana Reyes");   /* by name */
	assert_string_equal(msg->owner, "Bo Chen");        /* by email, whatever the name says */
	assert_int_equal(blog->owner_id, 0);
	assert_int_equal(brief->status, TM_TASK_DONE);
	assert_string_equal(msg->section, "Messaging");
	assert_true(msg->has_due && !msg->has_offset);
	assert_int_equal(msg->due, D("2027-02-01"));
	assert_true(ws_waits_for(msg, brief->id));
	assert_true(ws_waits_for(blog, msg->id));
	assert_true(ws_waits_for(blog, review->id));
	/* The plan: the blog post cannot start before its review and the messaging are done. */
	OK(w, tm_app_plan(&w->app, LAUNCH, &plan, &w->err));
	int ib = -1, im = -1, ir = -1;
	for (size_t i = 0; i < plan.tasks.n; i++) {
		if (plan.tasks.v[i].id == blog->id)
			ib = (int)i;
		if (plan.tasks.v[i].id == msg->id)
			im = (int)i;
		if (plan.tasks.v[i].id == review->id)
			ir = (int)i;
	}
	assert_true(ib >= 0 && im >= 0 && ir >= 0);
	assert_true(plan.plan.tasks[ib].es > plan.plan.tasks[im].es);
	assert_true(plan.plan.tasks[ib].es > plan.plan.tasks[ir].es);
	tm_launch_plan_release(&plan);

	/* The same file again: the same tasks, unchanged; nothing added. */
	size_t before = ts.n;
	OK(w, import(w, &in, ASANA, &r));
	assert_int_equal(r.created, 0);
	assert_int_equal(r.unchanged, 4);
	tm_import_report_free(&r);
	tasks(w, &ts);
	assert_int_equal(ts.n, before);

	/* A changed file: the task is updated in place, the dependency it dropped is gone. */
	char changed[sizeof(ASANA) + 16];
	snprintf(changed, sizeof(changed), "%s", ASANA);
	char *at = strstr(changed, "Messaging,Messaging,Someone Else,bo@example.com,,2027-02-01,,,P,,1,");
	assert_non_null(at);
	memcpy(strstr(at, "2027-02-01"), "2027-02-03", 10);
	memcpy(strstr(at, ",1,\n") , ", ,\n", 4);
	OK(w, import(w, &in, changed, &r));
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.created, 0);
	assert_string_equal(tm_import_text(&r, r.rows.v[1].reason), "due");
	tm_import_report_free(&r);
	tasks(w, &ts);
	assert_int_equal(ts.n, before);
	msg = ws_task(&ts, "Messaging");
	assert_int_equal(msg->due, D("2027-02-03"));
	assert_false(ws_waits_for(msg, ws_task(&ts, "Brief")->id));
	tm_tasks_free(&ts);
}

static void dry_run_and_refusals_change_nothing(void **state)
{
	ws *w = *state;
	tm_import_input in;
	tm_import_report r = { 0 };
	seed(w);
	input(&in, "source=asana", "dry_run=true");
	in.create_people = true;
	in.given |= 1u << TM_IMP_CREATE_PEOPLE;
	tm_buf before = TM_BUF_INIT, after = TM_BUF_INIT;
	ws_snapshot(w, &before);
	OK(w, import(w, &in, ASANA, &r));
	ws_snapshot(w, &after);
	assert_string_equal(before.s, after.s);
	assert_true(r.dry_run);
	assert_int_equal(r.created, 4);
	assert_int_equal(r.rows.v[0].task_id, 0); /* nothing was made */
	assert_true(r.people.v[0].created);       /* would be */
	assert_int_equal(r.people.v[0].person_id, 0);
	tm_import_report_free(&r);
	tm_buf_release(&before);
	tm_buf_release(&after);

	/* A bad row: FILE:LINE:COLUMN, nothing imported (the rows before it neither). */
	input(&in, "source=asana", NULL);
	char bad[sizeof(ASANA)];
	snprintf(bad, sizeof(bad), "%s", ASANA);
	memcpy(strstr(bad, "2027-02-15"), "2027-02-31", 10);
	REFUSED(w, TM_EINVAL, "plan.csv:4:10: '2027-02-31' is not a date", import(w, &in, bad, &r));
	tm_import_report_free(&r);
	REFUSED(w, TM_EINVAL, "plan.csv:1:1: no 'Issue key' column", (input(&in, "source=jira", NULL), import(w, &in, ASANA, &r)));
	tm_import_report_free(&r);
	IN(&tm_import_desc, &in, "source=csv", "launch=nope");
	REFUSED(w, TM_ENOTFOUND, "nope", import(w, &in, "title\nA\n", &r));
	tm_import_report_free(&r);
}

static void people_made_and_offsets_from_t(void **state)
{
	ws *w = *state;
	tm_import_input in;
	tm_import_report r = { 0 };
	tm_tasks ts = TM_VEC_INIT;
	tm_people people = TM_VEC_INIT;
	seed(w);
	input(&in, "source=linear", "as_offsets=true");
	in.create_people = true;
	in.given |= 1u << TM_IMP_CREATE_PEOPLE;
	const char *linear = "ID,Title,Status,Estimate,Assignee,Due Date,Parent issue,Project Milestone,Blocked by\n"
			     "E-1,Metering,Todo,3,frank.ortiz@example.com,2027-02-15,,Beta,\n"
			     "E-2,Dashboard,Todo,5,Gia Park,2027-02-22,,GA,E-1\n";
	OK(w, import(w, &in, linear, &r));
	assert_int_equal(r.people.n, 2);
	assert_true(r.people.v[0].created && r.people.v[1].created);
	assert_string_equal(r.people.v[0].name, "Frank Ortiz"); /* named from the email */
	tm_import_report_free(&r);
	OK(w, tm_app_person_list(&w->app, &people, &w->err));
	bool frank = false;
	for (size_t i = 0; i < people.n; i++)
		if (!strcmp(people.v[i].name, "Frank Ortiz")) {
			frank = true;
			assert_string_equal(people.v[i].email, "frank.ortiz@example.com");
			assert_int_equal(people.v[i].role, TM_ROLE_ENG);
		}
	assert_true(frank);
	tasks(w, &ts);
	const tm_task *m = ws_task(&ts, "Metering");
	assert_string_equal(m->owner, "Frank Ortiz");
	assert_true(m->has_offset);
	assert_int_equal(m->offset.amount, -14);
	assert_int_equal(m->offset.unit, TM_UNIT_DAY);
	assert_int_equal(m->due, D("2027-02-15"));
	assert_int_equal(m->effort_days, 3);
	assert_string_equal(m->section, "Beta");
	TM_VEC_FREE(&people);
	tm_tasks_free(&ts);
}

static void a_cycle_through_a_hand_made_dependency(void **state)
{
	ws *w = *state;
	tm_import_input in;
	tm_import_report r = { 0 };
	tm_tasks ts = TM_VEC_INIT;
	tm_task_input ti;
	tm_task hand, out;
	tm_dep_input di;
	char ref[24];
	seed(w);
	input(&in, "source=csv", NULL);
	OK(w, import(w, &in, "id,title\nA,Alpha\nB,Beta\n", &r));
	tm_import_report_free(&r);
	tasks(w, &ts);
	int64_t a = ws_task(&ts, "Alpha")->id, b = ws_task(&ts, "Beta")->id;
	/* By hand: Alpha waits for Hand, which waits for Beta. */
	IN(&tm_task_desc, &ti, "title=Hand");
	OK(w, tm_app_task_add(&w->app, LAUNCH, &ti, &hand, &w->err));
	tm_task_release(&hand);
	di.given = 1;
	di.after = hand.id;
	OK(w, tm_app_dep_add(&w->app, ws_ref(a, ref), &di, &out, &w->err));
	tm_task_release(&out);
	di.after = b;
	OK(w, tm_app_dep_add(&w->app, ws_ref(hand.id, ref), &di, &out, &w->err));
	tm_task_release(&out);
	/* The file now says Beta waits for Alpha: that would close Beta → Alpha → Hand → Beta. */
	OK(w, import(w, &in, "id,title,depends_on\nA,Alpha,\nB,Beta,A\n", &r));
	assert_int_equal(r.cycles.n, 1);
	assert_string_equal(r.cycles.v[0].path, "Beta → Alpha → Hand → Beta");
	assert_int_equal(r.cycles.v[0].line, 3);
	assert_int_equal(r.dependencies, 0);
	tm_import_report_free(&r);
	tasks(w, &ts);
	assert_false(ws_waits_for(ws_task(&ts, "Beta"), a));
	assert_true(ws_waits_for(ws_task(&ts, "Alpha"), hand.id)); /* what was made here stays */
	tm_tasks_free(&ts);
}

static void cancelled_since_is_skipped_here(void **state)
{
	ws *w = *state;
	tm_import_input in;
	tm_import_report r = { 0 };
	tm_tasks ts = TM_VEC_INIT;
	seed(w);
	input(&in, "source=linear", NULL);
	OK(w, import(w, &in, "ID,Title,Status\nE-1,Metering,Todo\nE-2,Export,Todo\n", &r));
	tm_import_report_free(&r);
	OK(w, import(w, &in, "ID,Title,Status\nE-1,Metering,Todo\nE-2,Export,Canceled\n", &r));
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.rows.v[1].action, TM_IMPORT_CHANGED);
	assert_string_equal(tm_import_text(&r, r.rows.v[1].reason), "status (Canceled in linear)");
	tm_import_report_free(&r);
	tasks(w, &ts);
	assert_int_equal(ws_task(&ts, "Export")->status, TM_TASK_SKIPPED);
	/* Again: nothing more to do. */
	OK(w, import(w, &in, "ID,Title,Status\nE-1,Metering,Todo\nE-2,Export,Canceled\n", &r));
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.skipped, 1);
	tm_import_report_free(&r);
	tm_tasks_free(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(rows_become_tasks_and_the_plan_honours_them),
		WS_TEST(dry_run_and_refusals_change_nothing),
		WS_TEST(people_made_and_offsets_from_t),
		WS_TEST(a_cycle_through_a_hand_made_dependency),
		WS_TEST(cancelled_since_is_skipped_here),
	};
	WS_MAIN("import", tests);
}
