/*
 * test_app_launches.c - launches through app/ on every backend: a new
 * launch brings its tier's playbook (tasks, due dates from T, dependencies,
 * owners and reviewers by role), a raised tier adds what the new tier
 * brings and keeps what is there, a new PM takes over the open PM tasks,
 * and what a change risks comes back as warnings.
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

static tm_person add_person(ws *w, const char *name, const char *role)
{
	tm_person_input in;
	tm_person p;
	char n[160], r[40];
	snprintf(n, sizeof(n), "name=%s", name);
	snprintf(r, sizeof(r), "role=%s", role);
	IN(&tm_person_desc, &in, n, r);
	OK(w, tm_app_person_add(&w->app, &in, &p, &w->err));
	return p;
}

static bool has_note(const tm_notes *notes, const char *text)
{
	for (size_t i = 0; i < notes->n; i++)
		if (strstr(notes->v[i].text, text))
			return true;
	return false;
}

static void assert_note(const tm_notes *notes, const char *text)
{
	if (!has_note(notes, text)) {
		for (size_t i = 0; i < notes->n; i++)
			print_error("note: %s\n", notes->v[i].text);
		fail_msg("no note says \"%s\"", text);
	}
}

/* The tier 2 playbook of playbooks/default.yaml, in its order (a product milestone has no due date:
 * engineering gives it). */
static const struct {
	const char *title, *section, *due, *reviewed_by;
	int role, effort;
	bool milestone, required;
} tier2[] = {
	{ "Beta launch", "Product track", NULL, "", TM_ROLE_ENG, 0, true, true },
	{ "Code complete", "Product track", NULL, "", TM_ROLE_ENG, 0, true, true },
	{ "Changelog entry", "Required", "2027-03-15", "", TM_ROLE_PM, 1, false, true },
	{ "Help docs updated", "Required", "2027-03-15", "", TM_ROLE_PM, 2, false, true },
	{ "In-app notification (if applicable)", "Required", "2027-03-15", "", TM_ROLE_PM, 1, false, true },
	{ "Support team informed", "Required", "2027-03-09", "", TM_ROLE_PM, 1, false, true },
	{ "Blog post", "Optional", "2027-03-09", "", TM_ROLE_MARKETING, 3, false, false },
	{ "Email to relevant segment", "Optional", "2027-03-09", "", TM_ROLE_MARKETING, 1, false, false },
	{ "Sales enablement brief", "Optional", "2027-03-09", "Sam Okafor\x1f", TM_ROLE_PMM, 2, false, false },
	{ "Legal approval", "Launch", "2027-03-09", "", TM_ROLE_LEGAL, 2, false, false },
	{ "Messaging approved", "Timeline", "2027-03-02", "", TM_ROLE_MARKETING, 0, true, true },
	{ "Content ready", "Timeline", "2027-03-09", "", TM_ROLE_MARKETING, 0, true, true },
	{ "Launch", "Timeline", "2027-03-16", "", TM_ROLE_PM, 0, true, true },
	{ "Monitor support tickets", "Post-launch", "2027-03-16", "", TM_ROLE_PM, 1, false, true },
	{ "Collect early feedback", "Post-launch", "2027-03-23", "", TM_ROLE_PM, 3, false, true },
	{ "Share initial metrics", "Post-launch", "2027-03-30", "Léa Dubois\x1f", TM_ROLE_PM, 1, false, true },
	{ "Case study candidates", "Post-launch", "2027-04-16", "Léa Dubois\x1f", TM_ROLE_CS, 2, false, true },
	/* T+2m is Sunday 16 May: work after T moves to the next working day. */
	{ "Full metrics review", "Post-launch", "2027-05-17", "", TM_ROLE_PM, 1, false, true },
	{ "Iterate based on learnings", "Post-launch", "2027-06-16", "", TM_ROLE_PM, 5, false, true },
};

static void a_new_launch_brings_its_tier_playbook(void **state)
{
	ws *w = *state;
	tm_person dana = add_person(w, "Dana Reyes", "pm");
	tm_person lea = add_person(w, "Léa Dubois", "marketing");
	tm_person sam = add_person(w, "Sam Okafor", "sales");
	tm_person casey = add_person(w, "Casey Park", "cs");
	tm_launch_input in;
	tm_launch_detail d = { 0 };
	IN(&tm_launch_desc, &in, "name=Single sign-on", "date=2027-03-16", "tier=2", "pm=dana", "marketing=LÉA DUBOIS",
	   "owners=sales=Sam", "owners=cs=Casey Park");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));

	const tm_launch *l = &d.launch;
	assert_string_equal(l->slug, "single-sign-on");
	assert_string_equal(l->name, "Single sign-on");
	assert_int_equal(l->tier, 2);
	assert_int_equal(l->date, D("2027-03-16"));
	assert_int_equal(l->status, TM_LAUNCH_PLANNED);
	assert_int_equal(l->confidence, TM_CONF_MEDIUM);
	assert_int_equal(l->quadrant, TM_QUADRANT_NONE);
	assert_int_equal(l->pm_id, dana.id);
	assert_int_equal(l->marketing_id, lea.id);
	assert_int_equal(l->tasks_total, 19);
	assert_int_equal(l->tasks_done, 0);
	assert_int_equal(l->date_changes, 0);
	assert_true(l->version > 0);
	assert_note(&d.notes, "created 19 tasks from the tier 2 playbook (Standard launch)");
	assert_note(&d.notes, "no tier 2 task is owned by sales: Sam Okafor will own sales tasks added later");
	assert_true(d.warned);
	assert_int_equal(d.warnings.n, 0); /* a Tuesday in March, no freeze, no other launch */

	/* The owners it names beyond its PM and marketing owner, in the roles' order. */
	assert_int_equal(d.owners.n, 2);
	assert_int_equal(d.owners.v[0].role, TM_ROLE_SALES);
	assert_int_equal(d.owners.v[0].person_id, sam.id);
	assert_int_equal(d.owners.v[1].role, TM_ROLE_CS);
	assert_int_equal(d.owners.v[1].person_id, casey.id);

	assert_int_equal(d.tasks.n, sizeof(tier2) / sizeof(tier2[0]));
	for (size_t i = 0; i < d.tasks.n; i++) {
		const tm_task *t = &d.tasks.v[i];
		char due[TM_DATE_STRLEN];
		assert_string_equal(t->title, tier2[i].title);
		assert_string_equal(t->section, tier2[i].section);
		assert_int_equal(t->launch_id, l->id);
		assert_int_equal(t->role, tier2[i].role);
		assert_int_equal(t->product, !tier2[i].due);
		assert_int_equal(t->has_offset && t->has_due, !t->product);
		if (tier2[i].due)
			assert_string_equal(tm_date_format(t->due, due), tier2[i].due);
		assert_int_equal(t->effort_days, tier2[i].effort);
		assert_int_equal(t->milestone, tier2[i].milestone);
		assert_int_equal(t->required, tier2[i].required);
		assert_int_equal(t->status, TM_TASK_TODO);
		assert_int_equal(t->source_tier, 2);
		assert_string_equal(t->reviewed_by, tier2[i].reviewed_by);
		/* Each role's tasks go to who owns the role here; pmm follows the marketing owner. */
		int64_t owner = t->role == TM_ROLE_PM ? dana.id
				: t->role == TM_ROLE_MARKETING || t->role == TM_ROLE_PMM ? lea.id
				: t->role == TM_ROLE_CS ? casey.id : 0;
		assert_int_equal(t->owner_id, owner);
	}

	/* The playbook's dependencies between them. */
	const tm_task *launch = ws_task(&d.tasks, "Launch");
	const char *before_launch[] = { "Content ready", "Changelog entry", "Help docs updated",
					"In-app notification (if applicable)", "Support team informed", "Legal approval" };
	assert_int_equal(launch->n_depends_on, 6);
	for (size_t i = 0; i < 6; i++)
		assert_true(ws_waits_for(launch, ws_task(&d.tasks, before_launch[i])->id));
	assert_true(ws_waits_for(ws_task(&d.tasks, "Changelog entry"), ws_task(&d.tasks, "Messaging approved")->id));
	assert_true(ws_waits_for(ws_task(&d.tasks, "Iterate based on learnings"), launch->id));
	assert_int_equal(ws_task(&d.tasks, "Messaging approved")->n_depends_on, 0);

	/* Shown again, it is the same launch. */
	tm_launch_detail again = { 0 };
	OK(w, tm_app_launch_show(&w->app, "single-sign-on", &again, &w->err));
	assert_int_equal(again.launch.id, l->id);
	assert_int_equal(again.tasks.n, 19);
	assert_int_equal(again.launch.version, l->version);
	tm_launch_detail_release(&again);
	tm_launch_detail_release(&d);
}

static void a_tier_is_suggested_from_criteria(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_launch_detail d = { 0 };
	IN(&tm_launch_desc, &in, "name=Typo fixes", "date=2027-03-16", "criteria=bugfix");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_int_equal(d.launch.tier, 4);
	assert_int_equal(d.tasks.n, 2);
	assert_note(&d.notes, "tier 4 suggested from the criteria");
	tm_launch_detail_release(&d);

	IN(&tm_launch_desc, &in, "name=Payments", "date=2027-03-16", "criteria=major", "tier=3");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_int_equal(d.launch.tier, 3);
	assert_note(&d.notes, "you chose tier 3; the criteria suggest tier 1");
	tm_launch_detail_release(&d);
}

static void launches_of_one_name_get_their_own_slugs(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_launch_detail a = { 0 }, b = { 0 };
	tm_launch got;
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-04-13", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &in, &a, &w->err));
	OK(w, tm_app_launch_add(&w->app, &in, &b, &w->err));
	assert_string_equal(a.launch.slug, "dark-mode");
	assert_string_equal(b.launch.slug, "dark-mode-2");
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)b.launch.id);
	OK(w, tm_app_launch_get(&w->app, id, &got, &w->err));
	assert_string_equal(got.slug, "dark-mode-2");
	tm_launch_detail_release(&a);
	tm_launch_detail_release(&b);
}

static void raising_the_tier_adds_what_it_brings_and_keeps_the_rest(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_task_input ti;
	tm_dep_input di;
	tm_launch_detail d = { 0 }, raised = { 0 }, lowered = { 0 };
	tm_task extra, t;
	char ref[24];
	add_person(w, "Dana Reyes", "pm");
	add_person(w, "Léa Dubois", "marketing");
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-03-16", "tier=3", "pm=Dana Reyes", "marketing=Léa Dubois");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_int_equal(d.tasks.n, 6);
	assert_note(&d.notes, "created 6 tasks from the tier 3 playbook");
	/* The team's own task and dependency. */
	IN(&tm_task_desc, &ti, "title=Partner webinar", "due=T+1w");
	OK(w, tm_app_task_add(&w->app, "dark-mode", &ti, &extra, &w->err));
	tm_task_release(&extra);
	const tm_task *help = ws_task(&d.tasks, "Help docs updated");
	char after[32];
	snprintf(after, sizeof(after), "after=%lld", (long long)help->id);
	IN(&tm_dep_desc, &di, after);
	OK(w, tm_app_dep_add(&w->app, ws_ref(ws_task(&d.tasks, "Support team informed")->id, ref), &di, &t, &w->err));
	tm_task_release(&t);

	IN(&tm_launch_desc, &in, "tier=2");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &raised, &w->err));
	assert_int_equal(raised.launch.tier, 2);
	assert_true(raised.launch.version > d.launch.version);
	assert_note(&raised.notes, "tier raised from 3 to 2 (more go-to-market work): added 13 tasks the tier 2 playbook brings");
	assert_int_equal(raised.tasks.n, 20);
	/* What was there stays, ids and all. */
	for (size_t i = 0; i < d.tasks.n; i++) {
		const tm_task *now = ws_task(&raised.tasks, d.tasks.v[i].title);
		assert_int_equal(now->id, d.tasks.v[i].id);
		assert_int_equal(now->source_tier, 3);
	}
	assert_int_equal(ws_task(&raised.tasks, "Partner webinar")->source_tier, 0);
	assert_int_equal(ws_task(&raised.tasks, "Blog post")->source_tier, 2);
	assert_int_equal(ws_task(&raised.tasks, "Blog post")->owner_id, d.launch.marketing_id);
	/* The new tier's dependencies reach the tasks that were there; the team's stays. */
	const tm_task *launch = ws_task(&raised.tasks, "Launch");
	int64_t msg = ws_task(&raised.tasks, "Messaging approved")->id;
	assert_true(ws_waits_for(launch, ws_task(&raised.tasks, "Content ready")->id));
	assert_int_equal(launch->n_depends_on, 6);
	assert_true(ws_waits_for(launch, ws_task(&raised.tasks, "Legal approval")->id));
	assert_true(ws_waits_for(ws_task(&raised.tasks, "Changelog entry"), msg));
	/* The new tasks carry the playbook's stream, external copy and product track. */
	const tm_task *blog = ws_task(&raised.tasks, "Blog post"), *beta = ws_task(&raised.tasks, "Beta launch");
	assert_string_equal(blog->stream, "content");
	assert_true(blog->external);
	assert_int_equal(blog->co_role, TM_ROLE_NONE);
	assert_true(beta->product && beta->milestone && !beta->has_due && !beta->has_offset);
	assert_true(ws_waits_for(blog, beta->id));
	assert_true(ws_waits_for(ws_task(&raised.tasks, "In-app notification (if applicable)"), msg));
	assert_true(ws_waits_for(ws_task(&raised.tasks, "Support team informed"), help->id));

	/* Lowering it keeps every task and says how many the tier would not bring. */
	IN(&tm_launch_desc, &in, "tier=4");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &lowered, &w->err));
	assert_int_equal(lowered.tasks.n, 20);
	assert_note(&lowered.notes, "tier lowered from 2 to 4 (less go-to-market work): kept all 20 tasks, 18 of which tier 4 does not bring");
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&raised);
	tm_launch_detail_release(&lowered);
}

static void a_new_pm_takes_over_the_open_pm_tasks(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_task_input ti;
	tm_launch_detail d = { 0 }, after = { 0 };
	tm_task t;
	char ref[24];
	tm_person dana = add_person(w, "Dana Reyes", "pm");
	tm_person lea = add_person(w, "Léa Dubois", "marketing");
	tm_person ana = add_person(w, "Ana Silva", "pm");
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-03-16", "tier=3", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	/* Done work keeps its owner; so does a pm task handed to someone else. */
	IN(&tm_task_desc, &ti, "status=done");
	OK(w, tm_app_task_set(&w->app, ws_ref(ws_task(&d.tasks, "Changelog entry")->id, ref), &ti, &t, &w->err));
	tm_task_release(&t);
	IN(&tm_task_desc, &ti, "owner=Léa");
	OK(w, tm_app_task_set(&w->app, ws_ref(ws_task(&d.tasks, "Help docs updated")->id, ref), &ti, &t, &w->err));
	assert_int_equal(t.owner_id, lea.id);
	tm_task_release(&t);

	IN(&tm_launch_desc, &in, "pm=Ana");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &after, &w->err));
	assert_int_equal(after.launch.pm_id, ana.id);
	assert_string_equal(after.launch.pm, "Ana Silva");
	assert_note(&after.notes, "3 open pm tasks now owned by the new owner");
	assert_int_equal(ws_task(&after.tasks, "Changelog entry")->owner_id, dana.id);
	assert_int_equal(ws_task(&after.tasks, "Help docs updated")->owner_id, lea.id);
	assert_int_equal(ws_task(&after.tasks, "In-app notification (if applicable)")->owner_id, ana.id);
	assert_int_equal(ws_task(&after.tasks, "Support team informed")->owner_id, ana.id);
	assert_int_equal(ws_task(&after.tasks, "Launch")->owner_id, ana.id);
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&after);
}

static bool has_finding(const tm_findings *f, const char *rule)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(tm_rule(f->v[i].rule)->name, rule))
			return true;
	return false;
}

static void what_a_change_risks_comes_back_as_warnings(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_freeze_input fi;
	tm_freeze f;
	tm_launch_detail d = { 0 }, e = { 0 }, s = { 0 };
	IN(&tm_launch_desc, &in, "name=Weekend", "date=2027-03-20", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_true(d.warned);
	assert_true(has_finding(&d.warnings, "weekend-launch"));
	assert_int_equal(d.warnings.v[0].launch_id, d.launch.id);

	IN(&tm_freeze_desc, &fi, "from=2027-04-05", "to=2027-04-09", "name=Quarter close");
	OK(w, tm_app_freeze_add(&w->app, &fi, &f, &w->err));
	IN(&tm_launch_desc, &in, "name=Frozen", "date=2027-04-07", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &in, &e, &w->err));
	assert_true(has_finding(&e.warnings, "freeze-conflict"));
	assert_false(has_finding(&e.warnings, "weekend-launch"));

	/* Marked launched before its day with required work open. */
	IN(&tm_launch_desc, &in, "status=launched");
	OK(w, tm_app_launch_set(&w->app, "frozen", &in, &s, &w->err));
	assert_true(has_finding(&s.warnings, "launched-early"));
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&e);
	tm_launch_detail_release(&s);
}

static void a_removed_launch_takes_its_tasks_with_it(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_launch_detail a = { 0 }, b = { 0 };
	tm_launch gone;
	tm_task t;
	char ref[24];
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-04-13", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &in, &a, &w->err));
	IN(&tm_launch_desc, &in, "name=Light mode", "date=2027-04-20", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &in, &b, &w->err));
	OK(w, tm_app_launch_rm(&w->app, "dark-mode", &gone, &w->err));
	assert_int_equal(gone.id, a.launch.id);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_launch_get(&w->app, "dark-mode", &gone, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_task_get(&w->app, ws_ref(a.tasks.v[0].id, ref), &t, &w->err));
	OK(w, tm_app_task_get(&w->app, ws_ref(b.tasks.v[0].id, ref), &t, &w->err));
	tm_task_release(&t);
	REFUSED(w, TM_ENOTFOUND, "dark-mode", tm_app_launch_rm(&w->app, "dark-mode", &gone, &w->err));
	tm_launch_detail_release(&a);
	tm_launch_detail_release(&b);
}

/* The DRI of a stream, or NULL. */
static const tm_stream_dri *dri(const tm_launch_detail *d, const char *stream)
{
	for (size_t i = 0; i < d->dris.n; i++)
		if (!strcmp(d->dris.v[i].stream, stream))
			return &d->dris.v[i];
	return NULL;
}

static void stream_dris_are_named_checked_and_removed(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_launch_detail d = { 0 }, set = { 0 }, shown = { 0 };
	tm_person pia = add_person(w, "Pia Lund", "pmm");
	tm_person lea = add_person(w, "Léa Dubois", "marketing");
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-03-16", "tier=1", "dris=pr=Pia");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_int_equal(d.dris.n, 1);
	assert_int_equal(dri(&d, "pr")->person_id, pia.id);
	assert_string_equal(dri(&d, "pr")->name, "PR sync");

	IN(&tm_launch_desc, &in, "dris=web=Léa", "dris=pr=none");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &set, &w->err));
	assert_int_equal(set.dris.n, 1);
	assert_null(dri(&set, "pr"));
	assert_int_equal(dri(&set, "web")->person_id, lea.id);
	assert_string_equal(dri(&set, "web")->person, "Léa Dubois");
	OK(w, tm_app_launch_show(&w->app, "dark-mode", &shown, &w->err));
	assert_int_equal(shown.dris.n, 1);
	assert_string_equal(shown.dris.v[0].name, "Web sync");

	/* A stream the playbook does not have, or somebody who is no person: refused, nothing changed. */
	IN(&tm_launch_desc, &in, "dris=foo=Pia");
	REFUSED(w, TM_EINVAL, "unknown stream 'foo' (pmm, keynote, pr", tm_app_launch_set(&w->app, "dark-mode", &in, &set, &w->err));
	assert_string_equal(w->err.field, "dris");
	IN(&tm_launch_desc, &in, "dris=pr=Pia", "dris=ar=Nobody");
	REFUSED(w, TM_ENOTFOUND, "Nobody", tm_app_launch_set(&w->app, "dark-mode", &in, &set, &w->err));
	assert_string_equal(w->err.field, "dris");
	/* The description refuses what is no STREAM=PERSON. */
	tm_error err = TM_ERROR_INIT;
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_set(&tm_launch_desc, "dris", "web", &in, &err), TM_EINVAL);
	assert_string_equal(err.field, "dris");
	assert_int_equal(tm_input_set(&tm_launch_desc, "dris", "Web Sync=Pia", &in, &err), TM_EINVAL);
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&set);
	tm_launch_detail_release(&shown);
}

static void the_sponsor_is_the_exec_owner_else_the_cpo(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_person_input pi;
	tm_person cal;
	tm_launch_detail d = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
	tm_person eve = add_person(w, "Eve Stone", "exec");
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-03-16", "tier=1");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	assert_int_equal(d.sponsor.id, 0);

	/* The person titled CPO (any case) is every launch's sponsor by default. */
	IN(&tm_person_desc, &pi, "name=Cal Reyes", "role=exec", "title=cpo");
	OK(w, tm_app_person_add(&w->app, &pi, &cal, &w->err));
	OK(w, tm_app_launch_show(&w->app, "dark-mode", &s1, &w->err));
	assert_int_equal(s1.sponsor.id, cal.id);
	assert_true(s1.sponsor_default);

	/* Named: the launch's owner of exec, who takes the exec tasks. */
	IN(&tm_launch_desc, &in, "sponsor=Eve");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &s2, &w->err));
	assert_int_equal(s2.sponsor.id, eve.id);
	assert_false(s2.sponsor_default);
	assert_int_equal(ws_task(&s2.tasks, "Keynote segment planned")->owner_id, eve.id);

	IN(&tm_launch_desc, &in, "sponsor=Nobody");
	REFUSED(w, TM_ENOTFOUND, "Nobody", tm_app_launch_set(&w->app, "dark-mode", &in, &s3, &w->err));
	assert_string_equal(w->err.field, "sponsor");
	IN(&tm_launch_desc, &in, "sponsor=Eve", "owners=exec=Cal");
	REFUSED(w, TM_EINVAL, "sponsor", tm_app_launch_set(&w->app, "dark-mode", &in, &s3, &w->err));

	/* none: back to the CPO. */
	IN(&tm_launch_desc, &in, "sponsor=none");
	OK(w, tm_app_launch_set(&w->app, "dark-mode", &in, &s3, &w->err));
	assert_int_equal(s3.sponsor.id, cal.id);
	assert_true(s3.sponsor_default);
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&s1);
	tm_launch_detail_release(&s2);
	tm_launch_detail_release(&s3);
}

static void playbook_apply_adds_what_the_launch_lacks(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_launch_detail d = { 0 }, dry = { 0 }, applied = { 0 }, again = { 0 }, shown = { 0 };
	tm_deps freed = TM_VEC_INIT;
	tm_task t;
	char ref[24];
	add_person(w, "Dana Reyes", "pm");
	IN(&tm_launch_desc, &in, "name=Dark mode", "date=2027-03-16", "tier=2", "pm=Dana");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	/* As if made before the playbook had them: two of its tasks gone. */
	OK(w, tm_app_task_rm(&w->app, ws_ref(ws_task(&d.tasks, "Legal approval")->id, ref), true, &t, &freed, &w->err));
	tm_task_release(&t);
	TM_VEC_FREE(&freed);
	OK(w, tm_app_task_rm(&w->app, ws_ref(ws_task(&d.tasks, "Blog post")->id, ref), true, &t, &freed, &w->err));
	tm_task_release(&t);
	TM_VEC_FREE(&freed);

	tm_buf before = TM_BUF_INIT, after = TM_BUF_INIT;
	ws_snapshot(w, &before);
	OK(w, tm_app_playbook_apply(&w->app, "dark-mode", true, &dry, &w->err));
	ws_snapshot(w, &after);
	assert_string_equal(before.s, after.s);
	tm_buf_release(&before);
	tm_buf_release(&after);
	assert_int_equal(dry.tasks.n, 2);
	assert_int_equal(ws_task(&dry.tasks, "Blog post")->id, 0);
	assert_true(ws_waits_for(ws_task(&dry.tasks, "Blog post"), ws_task(&d.tasks, "Beta launch")->id));
	assert_note(&dry.notes, "would add 2 tasks of the tier 2 playbook");

	OK(w, tm_app_playbook_apply(&w->app, "dark-mode", false, &applied, &w->err));
	assert_int_equal(applied.tasks.n, 2);
	const tm_task *blog = ws_task(&applied.tasks, "Blog post");
	assert_true(blog->id > 0);
	assert_string_equal(blog->stream, "content");
	assert_true(blog->external);
	OK(w, tm_app_launch_show(&w->app, "dark-mode", &shown, &w->err));
	assert_int_equal(shown.tasks.n, d.tasks.n);
	assert_true(ws_waits_for(ws_task(&shown.tasks, "Launch"), ws_task(&shown.tasks, "Legal approval")->id));
	assert_true(ws_waits_for(ws_task(&shown.tasks, "Content ready"), blog->id));

	OK(w, tm_app_playbook_apply(&w->app, "dark-mode", true, &again, &w->err));
	assert_int_equal(again.tasks.n, 0);
	assert_note(&again.notes, "nothing to add");
	tm_launch_detail_release(&again);
	REFUSED(w, TM_ENOTFOUND, "no-such", tm_app_playbook_apply(&w->app, "no-such", false, &again, &w->err));
	tm_launch_detail_release(&d);
	tm_launch_detail_release(&dry);
	tm_launch_detail_release(&applied);
	tm_launch_detail_release(&again);
	tm_launch_detail_release(&shown);
}

static void triage_ranks_a_quarter_and_moves_the_least_down(void **state)
{
	ws *w = *state;
	tm_launch_input in;
	tm_person_input pi;
	tm_person p;
	tm_launch_detail d = { 0 };
	tm_triage t;
	add_person(w, "Ben Okafor", "pmm");
	add_person(w, "Léa Dubois", "marketing");
	IN(&tm_launch_desc, &in, "name=Big", "date=2027-02-16", "tier=1", "marketing=Léa", "owners=pmm=Ben");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_launch_desc, &in, "name=Medium", "date=2027-02-23", "tier=2", "marketing=Léa", "owners=pmm=Ben");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_launch_desc, &in, "name=Next quarter", "date=2027-05-04", "tier=1");
	OK(w, tm_app_launch_add(&w->app, &in, &d, &w->err));
	tm_launch_detail_release(&d);

	OK(w, tm_app_triage(&w->app, "2027-q1", &t, &w->err));
	assert_string_equal(t.quarter, "2027Q1");
	assert_int_equal(t.from, D("2027-01-01"));
	assert_int_equal(t.to, D("2027-03-31"));
	assert_int_equal(t.rows.n, 2);
	assert_string_equal(t.rows.v[0].launch.slug, "big");
	assert_int_equal(t.rows.v[0].impact, 8);
	assert_int_equal(t.rows.v[1].impact, 4);
	assert_true(t.rows.v[0].effort_days > t.rows.v[1].effort_days);
	assert_true(t.capacity == 10);
	assert_int_equal(t.weeks.v[0].monday, D(WS_TODAY));
	assert_int_equal(t.over_weeks, 0);
	assert_false(t.rows.v[1].move_down);
	tm_triage_release(&t);

	/* A team of two days a week is oversubscribed: the lower-impact launch is to move down. */
	IN(&tm_person_desc, &pi, "capacity=1");
	OK(w, tm_app_person_set(&w->app, "Ben", &pi, &p, &w->err));
	OK(w, tm_app_person_set(&w->app, "Léa", &pi, &p, &w->err));
	OK(w, tm_app_triage(&w->app, NULL, &t, &w->err));
	assert_string_equal(t.quarter, "2027Q1");
	assert_true(t.over_weeks > 0);
	assert_false(t.rows.v[0].move_down);
	assert_true(t.rows.v[1].move_down);
	tm_triage_release(&t);

	REFUSED(w, TM_EINVAL, "invalid quarter '2027Q5'", tm_app_triage(&w->app, "2027Q5", &t, &w->err));
	assert_string_equal(w->err.field, "quarter");
	REFUSED(w, TM_EINVAL, NULL, tm_app_triage(&w->app, "next", &t, &w->err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_new_launch_brings_its_tier_playbook),
		WS_TEST(a_tier_is_suggested_from_criteria),
		WS_TEST(launches_of_one_name_get_their_own_slugs),
		WS_TEST(raising_the_tier_adds_what_it_brings_and_keeps_the_rest),
		WS_TEST(a_new_pm_takes_over_the_open_pm_tasks),
		WS_TEST(what_a_change_risks_comes_back_as_warnings),
		WS_TEST(a_removed_launch_takes_its_tasks_with_it),
		WS_TEST(stream_dris_are_named_checked_and_removed),
		WS_TEST(the_sponsor_is_the_exec_owner_else_the_cpo),
		WS_TEST(playbook_apply_adds_what_the_launch_lacks),
		WS_TEST(triage_ranks_a_quarter_and_moves_the_least_down),
	};
	WS_MAIN("app launches", tests);
}
