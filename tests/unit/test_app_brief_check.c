/*
 * test_app_brief_check.c - the launch brief and the readiness check through
 * app/ on every backend: a brief read from Markdown writes back the same
 * Markdown and reads back the same brief; what its Overview says of the
 * launch is applied only when asked, with a reason for a new date; a brief
 * of another launch or of nothing is refused, changing nothing; and check
 * reports the anti-patterns a launch falls into and stops when they are
 * mended.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app_fixture.h"

#include "util/banned.h"

static const char BRIEF[] = "## Launch Brief: Dark mode\n"
			    "\n"
			    "### What We're Launching\n"
			    "A dark theme for every screen.\n"
			    "\n"
			    "### Why It Matters\n"
			    "**For users:** Less eye strain at night.\n"
			    "\n"
			    "**For business:** Our most requested feature.\n"
			    "\n"
			    "### Target Audience\n"
			    "**Primary:** Power users working late\n"
			    "**Secondary:** Everyone on OLED phones\n"
			    "\n"
			    "### Key Messages\n"
			    "1. Work comfortably, day and night\n"
			    "2. Custom themes for every team\n"
			    "\n"
			    "### Competitive Context\n"
			    "Acme shipped dark mode last year.\n"
			    "\n"
			    "### Limitations / What This Isn't\n"
			    "- No custom themes yet\n"
			    "\n"
			    "### Success Metrics\n"
			    "| Metric | Target | Timeframe |\n"
			    "|--------|--------|-----------|\n"
			    "| Users enabling dark mode | 30% | 30 days |\n"
			    "\n"
			    "### Resources\n"
			    "- Product spec: https://example.com/spec\n";

static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Léa Dubois", "role=marketing");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Dark mode", "date=2027-04-13", "tier=2", "pm=Dana Reyes", "marketing=Léa Dubois");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

/* The launch's brief as Markdown (freed by the caller). */
static char *export(ws *w, const char *launch)
{
	tm_launch_brief b;
	tm_buf md = TM_BUF_INIT;
	OK(w, tm_app_brief(&w->app, launch, &b, &w->err));
	assert_true(b.written);
	tm_app_brief_markdown(&b, &md);
	return tm_buf_detach(&md);
}

/* text with the first from replaced by to (freed by the caller). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	tm_buf b = TM_BUF_INIT;
	assert_non_null(at);
	tm_buf_add(&b, text, (size_t)(at - text));
	tm_buf_adds(&b, to);
	tm_buf_adds(&b, at + strlen(from));
	return tm_buf_detach(&b);
}

static void a_brief_round_trips_through_markdown(void **state)
{
	ws *w = *state;
	tm_launch_brief b, again;
	tm_launch before;
	seed(w);
	OK(w, tm_app_launch_get(&w->app, "dark-mode", &before, &w->err));
	OK(w, tm_app_brief_import_text(&w->app, "dark-mode", BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));
	assert_true(b.written);
	assert_int_equal(b.n_changes, 0);
	assert_false(b.applied);
	assert_true(b.launch.version > before.version); /* a new brief is a new version of its launch */
	assert_string_equal(b.brief.what, "A dark theme for every screen.");
	assert_string_equal(b.brief.why_users, "Less eye strain at night.");
	assert_string_equal(b.brief.why_business, "Our most requested feature.");
	assert_string_equal(b.brief.audience_primary, "Power users working late");
	assert_string_equal(b.brief.audience_secondary, "Everyone on OLED phones");
	assert_string_equal(b.brief.headline, "Work comfortably, day and night");
	assert_int_equal(b.brief.n_points, 1);
	assert_string_equal(b.brief.points[0], "Custom themes for every team");
	assert_string_equal(b.brief.competitive, "Acme shipped dark mode last year.");
	assert_int_equal(b.brief.n_limitations, 1);
	assert_int_equal(b.brief.n_metrics, 1);
	assert_string_equal(b.brief.metrics[0].metric, "Users enabling dark mode");
	assert_string_equal(b.brief.metrics[0].target, "30%");
	assert_string_equal(b.brief.metrics[0].timeframe, "30 days");
	assert_int_equal(b.brief.n_resources, 1);

	/* Written out, read back, written out again: the same text, the same brief. */
	char *first = export(w, "dark-mode");
	assert_non_null(strstr(first, "## Launch Brief: Dark mode"));
	assert_non_null(strstr(first, "| Launch Date | 2027-04-13 |"));
	assert_non_null(strstr(first, "| PM Owner | Dana Reyes |"));
	OK(w, tm_app_brief_import_text(&w->app, "dark-mode", first, strlen(first), "first.md", &again, &w->err));
	assert_int_equal(again.n_changes, 0);
	char *second = export(w, "dark-mode");
	assert_string_equal(first, second);
	assert_string_equal(again.brief.what, b.brief.what);
	assert_string_equal(again.brief.headline, b.brief.headline);
	assert_string_equal(again.brief.points[0], b.brief.points[0]);
	assert_string_equal(again.brief.metrics[0].timeframe, b.brief.metrics[0].timeframe);
	assert_string_equal(again.brief.resources[0].link, b.brief.resources[0].link);
	assert_string_equal(again.brief.limitations[0], b.brief.limitations[0]);
	free(first);
	free(second);

	/* With allow_empty, a text with no section clears it. */
	tm_brief_import_options opt = { .allow_empty = true };
	OK(w, tm_app_brief_import_with(&w->app, "dark-mode", "", 0, "empty.md", &opt, &again, &w->err));
	OK(w, tm_app_brief(&w->app, "dark-mode", &b, &w->err));
	assert_string_equal(b.brief.what, "");
	assert_int_equal(b.brief.n_metrics, 0);
}

static void the_overview_is_applied_only_when_asked(void **state)
{
	ws *w = *state;
	tm_launch_brief b;
	tm_launch_detail d = { 0 };
	seed(w);
	OK(w, tm_app_brief_import_text(&w->app, "dark-mode", BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));
	char *md = export(w, "dark-mode");
	char *moved = replace(md, "| Launch Date | 2027-04-13 |", "| Launch Date | 2027-04-20 |");
	char *text = replace(moved, "| Launch Tier | 2 (Standard launch) |", "| Launch Tier | 1 (Major launch) |");

	/* Read, not applied: the differences are listed. */
	OK(w, tm_app_brief_import_text(&w->app, "dark-mode", text, strlen(text), "brief.md", &b, &w->err));
	assert_int_equal(b.n_changes, 2);
	assert_string_equal(b.changes[0].field, "date");
	assert_string_equal(b.changes[0].brief, "2027-04-20");
	assert_string_equal(b.changes[0].launch, "2027-04-13");
	assert_string_equal(b.changes[1].field, "tier");
	assert_false(b.applied);
	OK(w, tm_app_launch_show(&w->app, "dark-mode", &d, &w->err));
	assert_int_equal(d.launch.date, D("2027-04-13"));
	assert_int_equal(d.launch.tier, 2);
	tm_launch_detail_release(&d);

	/* Applied, a new date needs its reason. */
	tm_brief_import_options opt = { .apply_overview = true };
	REFUSED(w, TM_EINVAL, "the brief moves launch day from 2027-04-13 to 2027-04-20: give the reason",
		tm_app_brief_import_with(&w->app, "dark-mode", text, strlen(text), "brief.md", &opt, &b, &w->err));
	/* A PM nobody is refused after the date has moved inside the transaction: the move goes too. */
	char *nobody = replace(text, "| PM Owner | Dana Reyes |", "| PM Owner | Nobody |");
	opt.reason = "Waiting for the design review";
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'",
		tm_app_brief_import_with(&w->app, "dark-mode", nobody, strlen(nobody), "brief.md", &opt, &b, &w->err));

	OK(w, tm_app_brief_import_with(&w->app, "dark-mode", text, strlen(text), "brief.md", &opt, &b, &w->err));
	assert_true(b.applied);
	OK(w, tm_app_launch_show(&w->app, "dark-mode", &d, &w->err));
	assert_int_equal(d.launch.date, D("2027-04-20"));
	assert_int_equal(d.launch.tier, 1);
	assert_int_equal(d.history.n, 1);
	assert_string_equal(d.history.v[0].reason, "Waiting for the design review");
	assert_true(d.tasks.n > 16); /* tier 1 brought its tasks */
	assert_int_equal(b.launch.version, d.launch.version);
	tm_launch_detail_release(&d);
	free(md);
	free(moved);
	free(text);
	free(nobody);
}

static void a_brief_of_nothing_or_of_another_launch_is_refused(void **state)
{
	ws *w = *state;
	tm_launch_brief b;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	seed(w);
	IN(&tm_launch_desc, &li, "name=Light mode", "date=2027-05-04", "tier=3");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	OK(w, tm_app_brief_import_text(&w->app, "dark-mode", BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));

	REFUSED(w, TM_EINVAL, "no brief sections found in empty.md",
		tm_app_brief_import_text(&w->app, "dark-mode", "\n  \n", 4, "empty.md", &b, &w->err));
	REFUSED(w, TM_EINVAL, "brief.md is the brief of 'Dark mode' (dark-mode), not of 'Light mode' (light-mode)",
		tm_app_brief_import_text(&w->app, "light-mode", BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));
	char *md = export(w, "dark-mode");
	char *bad = replace(md, "| Launch Tier | 2 (Standard launch) |", "| Launch Tier | 9 |");
	REFUSED(w, TM_EINVAL, "bad.md:", tm_app_brief_import_text(&w->app, "dark-mode", bad, strlen(bad), "bad.md", &b, &w->err));
	assert_true(w->err.line > 0);
	assert_string_equal(w->err.file, "bad.md");
	REFUSED(w, TM_ENOTFOUND, NULL,
		tm_app_brief_import_text(&w->app, "no-such-launch", BRIEF, strlen(BRIEF), "brief.md", &b, &w->err));
	char path[600];
	snprintf(path, sizeof(path), "%s/no-such-file.md", w->dir);
	REFUSED(w, TM_EINVAL, "cannot read", tm_app_brief_import(&w->app, "dark-mode", path, NULL, &b, &w->err));
	free(md);
	free(bad);
}

/* The findings of one launch's check (all rules, or only rule). */
static void check(ws *w, const char *launch, const char *rule, tm_checks *out)
{
	const char *rules[1] = { rule };
	memset(out, 0, sizeof(*out));
	OK(w, tm_app_check(&w->app, launch, rules, rule ? 1 : 0, out, &w->err));
	assert_int_equal(out->n, 1);
}

/* The finding of rule (about task_id, unless 0) in c, or NULL. */
static const tm_finding *finding(const tm_checks *c, const char *rule, int64_t task_id)
{
	for (size_t i = 0; i < c->v[0].findings.n; i++) {
		const tm_finding *f = &c->v[0].findings.v[i];
		if (!strcmp(tm_rule(f->rule)->name, rule) && (!task_id || f->task_id == task_id))
			return f;
	}
	return NULL;
}

static void set_task(ws *w, int64_t id, const char *field)
{
	tm_task_input in;
	tm_task t;
	char ref[24];
	IN(&tm_task_desc, &in, field);
	OK(w, tm_app_task_set(&w->app, ws_ref(id, ref), &in, &t, &w->err));
	tm_task_release(&t);
}

static void check_reports_the_anti_patterns_a_launch_falls_into(void **state)
{
	ws *w = *state;
	tm_launch_input li;
	tm_launch_detail d = { 0 }, s = { 0 };
	tm_checks c;
	seed(w);
	/* Friday, four days from today: a tier 2 launch with no marketing owner. */
	IN(&tm_launch_desc, &li, "name=Quick", "date=2027-01-08", "tier=2", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	int64_t msg = ws_task(&d.tasks, "Messaging approved")->id, blog = ws_task(&d.tasks, "Blog post")->id;

	check(w, "quick", NULL, &c);
	assert_int_equal(c.v[0].launch.id, d.launch.id);
	assert_false(c.v[0].partial);
	assert_true(c.v[0].score >= 0 && c.v[0].score <= 100);
	assert_true(c.v[0].errors > 0);
	const tm_finding *f = finding(&c, "marketing-surprise", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, TM_SEV_ERROR);
	assert_int_equal(f->launch_id, d.launch.id);
	assert_non_null(finding(&c, "under-communicating", 0));
	f = finding(&c, "overdue", msg); /* due 25 December, a milestone: an error */
	assert_non_null(f);
	assert_int_equal(f->severity, TM_SEV_ERROR);
	assert_non_null(finding(&c, "unowned", blog));
	assert_null(finding(&c, "pm-as-marketer", 0));
	assert_null(finding(&c, "freeze-conflict", 0));
	tm_checks_free(&c);

	/* One rule alone: no score. */
	check(w, "quick", "overdue", &c);
	assert_true(c.v[0].partial);
	assert_int_equal(c.v[0].score, -1);
	for (size_t i = 0; i < c.v[0].findings.n; i++)
		assert_string_equal(tm_rule(c.v[0].findings.v[i].rule)->name, "overdue");
	tm_checks_free(&c);
	const char *nope[] = { "no-such-rule" };
	REFUSED(w, TM_EINVAL, "unknown rule 'no-such-rule'", tm_app_check(&w->app, "quick", nope, 1, &c, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_check(&w->app, "no-such-launch", NULL, 0, &c, &w->err));

	/* Mended: a marketing owner and messaging approved. The PM takes the blog post: another finding. */
	IN(&tm_launch_desc, &li, "marketing=Léa Dubois");
	OK(w, tm_app_launch_set(&w->app, "quick", &li, &s, &w->err));
	tm_launch_detail_release(&s);
	set_task(w, msg, "status=done");
	set_task(w, blog, "owner=Dana Reyes");
	check(w, "quick", NULL, &c);
	assert_null(finding(&c, "marketing-surprise", 0));
	assert_null(finding(&c, "overdue", msg));
	f = finding(&c, "pm-as-marketer", blog);
	assert_non_null(f);
	assert_int_equal(f->severity, TM_SEV_WARNING);
	tm_checks_free(&c);

	/* A freeze over launch day; a later day without a word for customers. */
	tm_freeze_input fi;
	tm_freeze fr;
	IN(&tm_freeze_desc, &fi, "from=2027-01-07", "to=2027-01-11", "name=Year-end close");
	OK(w, tm_app_freeze_add(&w->app, &fi, &fr, &w->err));
	check(w, "quick", NULL, &c);
	f = finding(&c, "freeze-conflict", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, TM_SEV_ERROR);
	assert_null(finding(&c, "delay-message-unset", 0));
	tm_checks_free(&c);
	tm_delay_input di;
	tm_delay_result r;
	IN(&tm_delay_desc, &di, "to=2027-01-19", "reason=Out of the freeze");
	OK(w, tm_app_launch_delay(&w->app, "quick", &di, &r, &w->err));
	tm_delay_result_release(&r);
	check(w, "quick", NULL, &c);
	assert_null(finding(&c, "freeze-conflict", 0));
	assert_non_null(finding(&c, "delay-message-unset", 0));
	tm_checks_free(&c);
	IN(&tm_delay_desc, &di, "public_reason=A smoother start after the holidays");
	OK(w, tm_app_launch_delay(&w->app, "quick", &di, &r, &w->err));
	tm_delay_result_release(&r);
	check(w, "quick", NULL, &c);
	assert_null(finding(&c, "delay-message-unset", 0));
	tm_checks_free(&c);

	/* Every planned launch at once. */
	memset(&c, 0, sizeof(c));
	OK(w, tm_app_check(&w->app, NULL, NULL, 0, &c, &w->err));
	assert_int_equal(c.n, 2);
	tm_checks_free(&c);
	tm_launch_detail_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_brief_round_trips_through_markdown),
		WS_TEST(the_overview_is_applied_only_when_asked),
		WS_TEST(a_brief_of_nothing_or_of_another_launch_is_refused),
		WS_TEST(check_reports_the_anti_patterns_a_launch_falls_into),
	};
	WS_MAIN("app brief and check", tests);
}
