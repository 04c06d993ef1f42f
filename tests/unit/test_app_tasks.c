/*
 * test_app_tasks.c - a launch's tasks and dependencies through app/ on
 * every backend: a task added or changed gets its owner, role, due date
 * (an offset that follows T, or a fixed date), effort, reviewers and
 * dependencies; a task others wait for is removed only when forced, and
 * then they wait for what it waited for; a dependency that would close a
 * cycle is refused naming the cycle. Every refusal changes nothing.
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

/* Dana Reyes (pm), Léa Dubois (marketing), and launch dark-mode (tier 4, T Tuesday 13 April 2027, PM Dana). */
static void seed(ws *w, tm_launch_detail *d)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Léa Dubois", "role=marketing", "email=lea@example.com");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Dark mode", "date=2027-04-13", "tier=4", "pm=Dana Reyes");
	memset(d, 0, sizeof(*d));
	OK(w, tm_app_launch_add(&w->app, &li, d, &w->err));
	assert_int_equal(d->tasks.n, 2);
}

/* Adds a task titled title to dark-mode, with the given fields too. */
static tm_task add(ws *w, const char *title, const char *f1, const char *f2)
{
	tm_task_input in;
	tm_task t;
	char tf[240];
	snprintf(tf, sizeof(tf), "title=%s", title);
	if (f2)
		IN(&tm_task_desc, &in, tf, f1, f2);
	else if (f1)
		IN(&tm_task_desc, &in, tf, f1);
	else
		IN(&tm_task_desc, &in, tf);
	OK(w, tm_app_task_add(&w->app, "dark-mode", &in, &t, &w->err));
	return t;
}

static tm_task get(ws *w, int64_t id)
{
	tm_task t;
	char ref[24];
	OK(w, tm_app_task_get(&w->app, ws_ref(id, ref), &t, &w->err));
	return t;
}

static void an_added_task_gets_owner_due_reviewers_and_dependencies(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_task_input in;
	tm_task t;
	char after[40];
	seed(w, &d);
	const tm_task *notes = ws_task(&d.tasks, "Release notes");
	snprintf(after, sizeof(after), "after=#%lld", (long long)notes->id);
	IN(&tm_task_desc, &in, "title=Partner webinar", "owner=léa", "due=T-3bd", "effort_days=2", after,
	   "reviewed_by=dana", "section=Partners");
	OK(w, tm_app_task_add(&w->app, "dark-mode", &in, &t, &w->err));
	assert_true(t.id > 0);
	assert_int_equal(t.launch_id, d.launch.id);
	assert_string_equal(t.launch_slug, "dark-mode");
	assert_string_equal(t.title, "Partner webinar");
	assert_string_equal(t.section, "Partners");
	assert_string_equal(t.owner, "Léa Dubois");
	assert_int_equal(t.role, TM_ROLE_MARKETING); /* the owner's */
	assert_true(t.has_offset && t.has_due);
	char off[TM_OFFSET_STRLEN];
	assert_string_equal(tm_offset_format(&t.offset, off), "T-3bd");
	assert_int_equal(t.due, D("2027-04-08")); /* three working days before Tuesday */
	assert_false(t.has_not_before);
	assert_int_equal(t.effort_days, 2);
	assert_int_equal(t.status, TM_TASK_TODO);
	assert_true(t.required);
	assert_false(t.milestone);
	assert_int_equal(t.source_tier, 0);
	assert_string_equal(t.reviewed_by, "Dana Reyes\x1f");
	assert_int_equal(t.n_depends_on, 1);
	assert_true(ws_waits_for(&t, notes->id));
	int64_t webinar = t.id;
	tm_task_release(&t);

	/* Nothing but a title: section Other, a day of work, no date, nobody. */
	t = add(w, "Ship it", NULL, NULL);
	assert_string_equal(t.section, "Other");
	assert_int_equal(t.effort_days, 1);
	assert_false(t.has_due || t.has_offset);
	assert_int_equal(t.owner_id, 0);
	assert_int_equal(t.role, TM_ROLE_NONE);
	tm_task_release(&t);
	/* A role without an owner: whoever owns the role on the launch. */
	t = add(w, "Pricing page", "role=pm", NULL);
	assert_int_equal(t.owner_id, d.launch.pm_id);
	tm_task_release(&t);
	/* A milestone takes no effort; a date is fixed; a not-before day follows T too. */
	t = add(w, "Go/no-go", "milestone=true", "due=T-2bd");
	assert_true(t.milestone);
	assert_int_equal(t.effort_days, 0);
	tm_task_release(&t);
	t = add(w, "Analyst day", "due=2027-04-01", NULL);
	assert_false(t.has_offset);
	assert_true(t.has_due);
	assert_int_equal(t.due, D("2027-04-01"));
	tm_task_release(&t);
	t = add(w, "Teaser", "not_before=T-2w", "due=T-1w");
	assert_true(t.has_nb_offset && t.has_not_before);
	assert_int_equal(t.not_before, D("2027-03-30"));
	assert_int_equal(t.due, D("2027-04-06"));
	tm_task_release(&t);

	tm_launch l;
	OK(w, tm_app_launch_get(&w->app, "dark-mode", &l, &w->err));
	assert_int_equal(l.tasks_total, 8);

	/* Léa's open work, across launches. */
	tm_tasks mine = TM_VEC_INIT;
	tm_person_input pi;
	tm_person lea;
	IN(&tm_person_desc, &pi, "capacity=5");
	OK(w, tm_app_person_set(&w->app, "lea@example.com", &pi, &lea, &w->err));
	OK(w, tm_app_person_tasks(&w->app, lea.id, &mine, &w->err));
	assert_int_equal(mine.n, 1);
	assert_int_equal(mine.v[0].id, webinar);
	tm_tasks_free(&mine);
	tm_launch_detail_release(&d);
}

static void task_list_filters_by_owner_and_status(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_task_input in;
	tm_task t;
	tm_tasks got = TM_VEC_INIT;
	tm_launch l;
	char ref[24];
	seed(w, &d);
	t = add(w, "Partner webinar", "owner=Léa Dubois", NULL);
	tm_task_release(&t);
	IN(&tm_task_desc, &in, "status=done");
	OK(w, tm_app_task_set(&w->app, ws_ref(ws_task(&d.tasks, "Release notes")->id, ref), &in, &t, &w->err));
	tm_task_release(&t);

	tm_task_query q = { .owner = "LÉA" };
	OK(w, tm_app_task_list(&w->app, "dark-mode", &q, &l, &got, &w->err));
	assert_int_equal(got.n, 1);
	assert_string_equal(got.v[0].title, "Partner webinar");
	tm_tasks_free(&got);
	q = (tm_task_query){ .owner = "Dana Reyes", .status = "done" };
	OK(w, tm_app_task_list(&w->app, "dark-mode", &q, &l, &got, &w->err));
	assert_int_equal(got.n, 1);
	assert_string_equal(got.v[0].title, "Release notes");
	tm_tasks_free(&got);
	q = (tm_task_query){ .status = "finished" };
	REFUSED(w, TM_EINVAL, "unknown task status 'finished'", tm_app_task_list(&w->app, "dark-mode", &q, &l, &got, &w->err));
	q = (tm_task_query){ .owner = "Nobody" };
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'", tm_app_task_list(&w->app, "dark-mode", &q, &l, &got, &w->err));
	assert_string_equal(w->err.field, "owner");
	tm_tasks_free(&got);
	tm_launch_detail_release(&d);
}

static void task_set_changes_only_what_is_given(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_task_input in;
	tm_task t, before;
	char ref[24];
	seed(w, &d);
	before = add(w, "Partner webinar", "owner=Léa Dubois", "due=T-1w");
	ws_ref(before.id, ref);

	IN(&tm_task_desc, &in, "status=in_progress", "reviewed_by=Dana Reyes");
	OK(w, tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	assert_int_equal(t.status, TM_TASK_IN_PROGRESS);
	assert_string_equal(t.title, before.title);
	assert_int_equal(t.owner_id, before.owner_id);
	assert_int_equal(t.due, before.due);
	assert_true(t.has_offset);
	assert_string_equal(t.reviewed_by, "Dana Reyes\x1f");
	assert_true(t.version > before.version);
	int64_t v = t.version;
	tm_task_release(&t);

	/* A date fixes it: it no longer follows T. */
	IN(&tm_task_desc, &in, "due=2027-04-01", "not_before=2027-03-29", "reviewed_by=none");
	OK(w, tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	assert_false(t.has_offset);
	assert_int_equal(t.due, D("2027-04-01"));
	assert_int_equal(t.not_before, D("2027-03-29"));
	assert_string_equal(t.reviewed_by, "");
	assert_true(t.version > v);
	tm_task_release(&t);
	IN(&tm_task_desc, &in, "not_before=none");
	OK(w, tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	assert_false(t.has_not_before || t.has_nb_offset);
	int64_t now = t.version;
	tm_task_release(&t);

	/* Refused, each changing nothing. */
	IN(&tm_task_desc, &in, "status=done");
	in.if_version = v; /* not an input: what a client read (the API's If-Match) */
	REFUSED(w, TM_ESTALE, "has changed", tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	in.if_version = now;
	OK(w, tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	tm_task_release(&t);
	IN(&tm_task_desc, &in, "milestone=true", "effort_days=2");
	REFUSED(w, TM_EINVAL, "a milestone takes no effort", tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	IN(&tm_task_desc, &in, "not_before=2027-04-05");
	REFUSED(w, TM_EINVAL, "a task cannot start after its due date", tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	IN(&tm_task_desc, &in, "owner=Nobody");
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'", tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	IN(&tm_task_desc, &in, "reviewed_by=Nobody");
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'", tm_app_task_set(&w->app, ref, &in, &t, &w->err));
	IN(&tm_task_desc, &in, "status=done");
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_task_set(&w->app, "#999999", &in, &t, &w->err));
	REFUSED(w, TM_EINVAL, "invalid task id 'twelve'", tm_app_task_set(&w->app, "twelve", &in, &t, &w->err));
	tm_task_release(&before);
	tm_launch_detail_release(&d);
}

static void a_task_others_wait_for_is_removed_only_when_forced(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_dep_input di;
	tm_deps freed = TM_VEC_INIT;
	tm_task t, gone;
	char ref[24], msg[200], after[40];
	seed(w, &d);
	int64_t notes = ws_task(&d.tasks, "Release notes")->id, launch = ws_task(&d.tasks, "Launch")->id;
	tm_task draft = add(w, "Draft notes", NULL, NULL);
	snprintf(after, sizeof(after), "after=%lld", (long long)draft.id);
	IN(&tm_dep_desc, &di, after);
	OK(w, tm_app_dep_add(&w->app, ws_ref(notes, ref), &di, &t, &w->err));
	tm_task_release(&t);

	snprintf(msg, sizeof(msg), "#%lld Launch waits for #%lld Release notes: remove it anyway with force", (long long)launch,
		 (long long)notes);
	REFUSED(w, TM_ECONFLICT, msg, tm_app_task_rm(&w->app, ws_ref(notes, ref), false, &gone, &freed, &w->err));
	assert_string_equal(w->err.field, "force");
	tm_task_release(&gone);
	assert_int_equal(freed.n, 0);

	/* Forced: Launch waits for what Release notes waited for. */
	OK(w, tm_app_task_rm(&w->app, ws_ref(notes, ref), true, &gone, &freed, &w->err));
	assert_int_equal(gone.id, notes);
	assert_string_equal(gone.title, "Release notes");
	tm_task_release(&gone);
	assert_int_equal(freed.n, 1);
	assert_int_equal(freed.v[0].task, launch);
	assert_int_equal(freed.v[0].after, draft.id);
	t = get(w, launch);
	assert_int_equal(t.n_depends_on, 1);
	assert_true(ws_waits_for(&t, draft.id));
	tm_task_release(&t);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_task_get(&w->app, ws_ref(notes, ref), &t, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_task_rm(&w->app, ws_ref(notes, ref), true, &gone, &freed, &w->err));

	/* Forced again, for a task that waited for nothing: Launch is left waiting for nothing. */
	freed.n = 0;
	OK(w, tm_app_task_rm(&w->app, ws_ref(draft.id, ref), true, &gone, &freed, &w->err));
	tm_task_release(&gone);
	assert_int_equal(freed.n, 1);
	assert_int_equal(freed.v[0].task, launch);
	assert_int_equal(freed.v[0].after, 0);
	t = get(w, launch);
	assert_int_equal(t.n_depends_on, 0);
	tm_task_release(&t);

	/* A task nobody waits for goes without force. */
	tm_task lone = add(w, "Lone task", NULL, NULL);
	freed.n = 0;
	OK(w, tm_app_task_rm(&w->app, ws_ref(lone.id, ref), false, &gone, &freed, &w->err));
	tm_task_release(&gone);
	assert_int_equal(freed.n, 0);
	tm_launch l;
	OK(w, tm_app_launch_get(&w->app, "dark-mode", &l, &w->err));
	assert_int_equal(l.tasks_total, 1);
	TM_VEC_FREE(&freed);
	tm_task_release(&draft);
	tm_task_release(&lone);
	tm_launch_detail_release(&d);
}

static void a_dependency_that_closes_a_cycle_is_refused_naming_it(void **state)
{
	ws *w = *state;
	tm_launch_detail d, other = { 0 };
	tm_dep_input di;
	tm_launch_input li;
	tm_task_input ti;
	tm_task t;
	char ref[24], after[40], msg[200];
	seed(w, &d);
	tm_task a = add(w, "A", NULL, NULL);
	snprintf(after, sizeof(after), "after=%lld", (long long)a.id);
	tm_task b = add(w, "B", after, NULL);
	assert_true(ws_waits_for(&b, a.id));
	tm_task c = add(w, "C", NULL, NULL);
	snprintf(after, sizeof(after), "after=#%lld", (long long)b.id);
	IN(&tm_dep_desc, &di, after);
	OK(w, tm_app_dep_add(&w->app, ws_ref(c.id, ref), &di, &t, &w->err));
	assert_true(ws_waits_for(&t, b.id));
	assert_true(t.version > c.version); /* what a task waits for is part of it */
	tm_task_release(&t);

	/* A waiting for C closes A ← B ← C ← A. */
	snprintf(after, sizeof(after), "after=%lld", (long long)c.id);
	IN(&tm_dep_desc, &di, after);
	snprintf(msg, sizeof(msg), "#%lld cannot wait for #%lld: that would close the cycle #%lld → #%lld → #%lld → #%lld",
		 (long long)a.id, (long long)c.id, (long long)a.id, (long long)c.id, (long long)b.id, (long long)a.id);
	REFUSED(w, TM_ECONFLICT, msg, tm_app_dep_add(&w->app, ws_ref(a.id, ref), &di, &t, &w->err));
	assert_string_equal(w->err.field, "after");
	/* Waiting for itself is the shortest cycle. */
	snprintf(after, sizeof(after), "after=%lld", (long long)a.id);
	IN(&tm_dep_desc, &di, after);
	snprintf(msg, sizeof(msg), "the cycle #%lld → #%lld", (long long)a.id, (long long)a.id);
	REFUSED(w, TM_ECONFLICT, msg, tm_app_dep_add(&w->app, ws_ref(a.id, ref), &di, &t, &w->err));
	/* Twice the same. */
	snprintf(after, sizeof(after), "after=%lld", (long long)b.id);
	IN(&tm_dep_desc, &di, after);
	snprintf(msg, sizeof(msg), "task #%lld already waits for #%lld", (long long)c.id, (long long)b.id);
	REFUSED(w, TM_ECONFLICT, msg, tm_app_dep_add(&w->app, ws_ref(c.id, ref), &di, &t, &w->err));
	/* Removing one that is not there. */
	snprintf(msg, sizeof(msg), "task #%lld does not wait for #%lld", (long long)a.id, (long long)b.id);
	REFUSED(w, TM_ENOTFOUND, msg, tm_app_dep_rm(&w->app, ws_ref(a.id, ref), &di, &t, &w->err));
	snprintf(after, sizeof(after), "after=999999");
	IN(&tm_dep_desc, &di, after);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_dep_add(&w->app, ws_ref(a.id, ref), &di, &t, &w->err));
	assert_string_equal(w->err.field, "after");

	/* Only tasks of one launch wait for each other, whether the task is new or not. */
	IN(&tm_launch_desc, &li, "name=Light mode", "date=2027-05-04", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &li, &other, &w->err));
	snprintf(after, sizeof(after), "after=%lld", (long long)other.tasks.v[0].id);
	IN(&tm_dep_desc, &di, after);
	REFUSED(w, TM_EINVAL, "a task can only wait for tasks of its own launch",
		tm_app_dep_add(&w->app, ws_ref(a.id, ref), &di, &t, &w->err));
	IN(&tm_task_desc, &ti, "title=D", after);
	REFUSED(w, TM_EINVAL, "a task can only wait for tasks of its own launch",
		tm_app_task_add(&w->app, "dark-mode", &ti, &t, &w->err));

	/* The chain plans; taking C off B lets B go. */
	tm_launch_plan plan;
	OK(w, tm_app_plan(&w->app, "dark-mode", &plan, &w->err));
	tm_launch_plan_release(&plan);
	snprintf(after, sizeof(after), "after=%lld", (long long)b.id);
	IN(&tm_dep_desc, &di, after);
	OK(w, tm_app_dep_rm(&w->app, ws_ref(c.id, ref), &di, &t, &w->err));
	assert_int_equal(t.n_depends_on, 0);
	tm_task_release(&t);
	tm_task_release(&a);
	tm_task_release(&b);
	tm_task_release(&c);
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&other);
}

/* Dana Reyes (pm), Léa Dubois (marketing), Pat Kim (pmm), Sam Lee (sales), and launch slack (tier 2,
 * T Tuesday 13 April 2027, PM Dana, marketing Léa, PMM Pat): its Blog post and Email are external copy
 * Pat reviews, its Beta launch and Code complete are product milestones with no date yet. */
static void seed_tier2(ws *w, tm_launch_detail *d)
{
	static const char *const people[][2] = { { "Dana Reyes", "pm" }, { "Léa Dubois", "marketing" },
						 { "Pat Kim", "pmm" }, { "Sam Lee", "sales" } };
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		tm_person_input pi;
		tm_person p;
		char name[64], role[32];
		snprintf(name, sizeof(name), "name=%s", people[i][0]);
		snprintf(role, sizeof(role), "role=%s", people[i][1]);
		IN(&tm_person_desc, &pi, name, role);
		OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	}
	tm_launch_input li;
	IN(&tm_launch_desc, &li, "name=Slack", "date=2027-04-13", "tier=2", "pm=Dana Reyes", "marketing=Léa Dubois",
	   "owners=pmm=Pat Kim");
	memset(d, 0, sizeof(*d));
	OK(w, tm_app_launch_add(&w->app, &li, d, &w->err));
}

static tm_task set(ws *w, int64_t id, const char *f1, const char *f2)
{
	tm_task_input in;
	tm_task t;
	char ref[24];
	if (f2)
		IN(&tm_task_desc, &in, f1, f2);
	else
		IN(&tm_task_desc, &in, f1);
	OK(w, tm_app_task_set(&w->app, ws_ref(id, ref), &in, &t, &w->err));
	return t;
}

static void external_copy_is_done_once_the_pmm_and_its_reviewers_approve(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_approve_input ai;
	tm_approval_state st;
	tm_task_input in;
	tm_task t;
	char ref[24];
	seed_tier2(w, &d);
	const tm_task *blog = ws_task(&d.tasks, "Blog post"), *email = ws_task(&d.tasks, "Email to relevant segment");
	assert_true(blog->external);
	assert_string_equal(blog->stream, "content");

	/* Done is not done yet: it awaits the PMM's approval, and says so. */
	t = set(w, blog->id, "status=done", NULL);
	assert_int_equal(t.status, TM_TASK_AWAITING_APPROVAL);
	OK(w, tm_app_task_approval_state(&w->app, &t, &st, &w->err));
	assert_string_equal(st.pmm, "Pat Kim");
	assert_int_equal(st.n_missing, 1);
	assert_string_equal(st.missing[0], "Pat Kim");
	tm_task_release(&t);

	/* Only the PMM or a reviewer approves; a task with no external copy has nothing to approve. */
	IN(&tm_approve_desc, &ai, "as=Sam");
	REFUSED(w, TM_EINVAL, "'Sam Lee' is neither the launch's PMM nor a reviewer of task",
		tm_app_task_approve(&w->app, ws_ref(blog->id, ref), &ai, &t, &st, &w->err));
	assert_string_equal(w->err.field, "as");
	IN(&tm_approve_desc, &ai, "as=Nobody");
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'",
		tm_app_task_approve(&w->app, ws_ref(blog->id, ref), &ai, &t, &st, &w->err));
	memset(&ai, 0, sizeof(ai));
	REFUSED(w, TM_EINVAL, "produces no external copy: nothing to approve",
		tm_app_task_approve(&w->app, ws_ref(ws_task(&d.tasks, "Help docs updated")->id, ref), &ai, &t, &st,
				    &w->err));
	/* A task that makes no external copy awaits nobody. */
	IN(&tm_task_desc, &in, "status=awaiting_approval");
	REFUSED(w, TM_EINVAL, "awaits nobody's approval",
		tm_app_task_set(&w->app, ws_ref(ws_task(&d.tasks, "Help docs updated")->id, ref), &in, &t, &w->err));

	/* The PMM by default: nothing is missing any more, the blog post is done. */
	OK(w, tm_app_task_approve(&w->app, ws_ref(blog->id, ref), &ai, &t, &st, &w->err));
	assert_int_equal(t.status, TM_TASK_DONE);
	assert_int_equal(st.n_missing, 0);
	assert_string_equal(t.approved_by, "Pat Kim\x1f");
	tm_task_release(&t);

	/* With a reviewer too, each approval counts; whose is missing is named, the PMM first. */
	t = set(w, email->id, "reviewed_by=Sam", "status=done");
	assert_int_equal(t.status, TM_TASK_AWAITING_APPROVAL);
	OK(w, tm_app_task_approval_state(&w->app, &t, &st, &w->err));
	assert_int_equal(st.n_missing, 2);
	assert_string_equal(st.missing[0], "Pat Kim");
	assert_string_equal(st.missing[1], "Sam Lee");
	tm_task_release(&t);
	IN(&tm_approve_desc, &ai, "as=sam");
	OK(w, tm_app_task_approve(&w->app, ws_ref(email->id, ref), &ai, &t, &st, &w->err));
	assert_int_equal(t.status, TM_TASK_AWAITING_APPROVAL);
	assert_int_equal(st.n_missing, 1);
	assert_string_equal(st.missing[0], "Pat Kim");
	tm_task_release(&t);
	IN(&tm_approve_desc, &ai, "as=Pat Kim");
	OK(w, tm_app_task_approve(&w->app, ws_ref(email->id, ref), &ai, &t, &st, &w->err));
	assert_int_equal(t.status, TM_TASK_DONE);
	assert_string_equal(t.approved_by, "Sam Lee\x1fPat Kim\x1f");
	tm_task_release(&t);

	/* Back to work: the copy changes, the approvals are forgotten. */
	t = set(w, email->id, "status=in_progress", NULL);
	assert_string_equal(t.approved_by, "");
	tm_task_release(&t);
	tm_launch_detail_release(&d);
}

/* An external task added by hand, done at once, awaits its PMM too. */
static void external_task_added_done_awaits_approval(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_task_input in;
	tm_task t;
	seed_tier2(w, &d);
	IN(&tm_task_desc, &in, "title=Partner newsletter", "external=true", "status=done", "stream=campaign");
	OK(w, tm_app_task_add(&w->app, "slack", &in, &t, &w->err));
	assert_int_equal(t.status, TM_TASK_AWAITING_APPROVAL);
	assert_true(t.external);
	assert_string_equal(t.stream, "campaign");
	tm_task_release(&t);
	/* A stream must be one of the playbook's. */
	IN(&tm_task_desc, &in, "title=Teaser", "stream=foo");
	REFUSED(w, TM_EINVAL, "unknown stream 'foo' (pmm, keynote, pr", tm_app_task_add(&w->app, "slack", &in, &t, &w->err));
	assert_string_equal(w->err.field, "stream");
	tm_launch_detail_release(&d);
}

static void product_milestones_take_dates_and_the_plan_notes_what_waits(void **state)
{
	ws *w = *state;
	tm_launch_detail d;
	tm_task_input in;
	tm_task t;
	tm_launch_plan p;
	char ref[24];
	seed_tier2(w, &d);
	const tm_task *cc = ws_task(&d.tasks, "Code complete"), *blog = ws_task(&d.tasks, "Blog post");
	assert_true(cc->product);
	assert_false(cc->has_due || cc->has_offset);

	/* No date yet: the plan says what waits for it (through Content ready, up to launch day). */
	OK(w, tm_app_plan(&w->app, "slack", &p, &w->err));
	bool noted = false;
	for (size_t i = 0; i < p.notes.n; i++)
		if (strstr(p.notes.v[i].text, "'Code complete' has no date yet (engineering gives it): 2 tasks wait for it: "
					      "Content ready, Launch"))
			noted = true;
	assert_true(noted);
	tm_launch_plan_release(&p);

	/* Engineering gives a date, not an offset; one after T is news, and accepted. */
	IN(&tm_task_desc, &in, "due=T-3w");
	REFUSED(w, TM_EINVAL, "engineering gives a product milestone a date",
		tm_app_task_set(&w->app, ws_ref(cc->id, ref), &in, &t, &w->err));
	assert_string_equal(w->err.field, "due");
	t = set(w, cc->id, "due=2027-04-20", NULL);
	assert_true(t.has_due);
	assert_false(t.has_offset);
	assert_int_equal(t.due, D("2027-04-20"));
	tm_task_release(&t);

	/* Dated, it happens on its day and not before; the blog post awaiting approval takes no effort. */
	t = set(w, blog->id, "status=done", NULL);
	assert_int_equal(t.status, TM_TASK_AWAITING_APPROVAL);
	tm_task_release(&t);
	OK(w, tm_app_plan(&w->app, "slack", &p, &w->err));
	int k = tm_plan_find(&p.plan, cc->id), b = tm_plan_find(&p.plan, blog->id);
	assert_true(k >= 0 && b >= 0);
	assert_int_equal(p.plan.tasks[k].es, D("2027-04-20"));
	assert_int_equal(p.plan.tasks[b].effort_days, 0);
	for (size_t i = 0; i < p.notes.n; i++)
		assert_null(strstr(p.notes.v[i].text, "'Code complete'"));
	tm_launch_plan_release(&p);

	/* check hears of the launch's PMM: the blog post lacks Pat's approval. */
	tm_checks c = TM_VEC_INIT;
	const char *rules[] = { "unapproved-external-copy" };
	OK(w, tm_app_check(&w->app, "slack", rules, 1, &c, &w->err));
	assert_int_equal(c.n, 1);
	bool pat = false;
	for (size_t i = 0; i < c.v[0].findings.n; i++)
		pat |= strstr(c.v[0].findings.v[i].message, "Pat Kim") != NULL;
	assert_true(pat);
	tm_checks_free(&c);
	tm_launch_detail_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(an_added_task_gets_owner_due_reviewers_and_dependencies),
		WS_TEST(task_list_filters_by_owner_and_status),
		WS_TEST(task_set_changes_only_what_is_given),
		WS_TEST(a_task_others_wait_for_is_removed_only_when_forced),
		WS_TEST(a_dependency_that_closes_a_cycle_is_refused_naming_it),
		WS_TEST(external_copy_is_done_once_the_pmm_and_its_reviewers_approve),
		WS_TEST(external_task_added_done_awaits_approval),
		WS_TEST(product_milestones_take_dates_and_the_plan_notes_what_waits),
	};
	WS_MAIN("app tasks", tests);
}
