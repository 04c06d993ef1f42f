/*
 * test_rules.c - every readiness rule fires on a launch built to trigger it
 * and stays quiet on a near-identical one that does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/rules.h"

#include "util/banned.h"

static tm_date D(const char *s)
{
	tm_date d = 0;
	assert_int_equal(tm_date_parse(s, &d, NULL), 0);
	return d;
}

/* A small launch: tier 1 on Tue 2027-03-16, today Mon 2027-03-08, everything healthy. */
typedef struct fixture {
	tm_launch launch;
	tm_task tasks[16];
	size_t n;
	tm_brief brief;
	tm_calendar cal;
	tm_freeze freezes[2];
	size_t n_freezes;
	tm_launch portfolio[6];
	size_t n_portfolio;
	tm_overload over[2];
	size_t n_over;
	tm_plan plan;
	bool has_plan;
	tm_date today;
	const char *pmm;                 /* the launch's PMM, NULL when none */
	tm_metric metrics[3];            /* the launch's success metrics (sum filled) */
	size_t n_metrics;
} fixture;

static tm_task *task(fixture *f, const char *title, const char *section, int role, const char *due, int status)
{
	tm_task *t = &f->tasks[f->n];
	memset(t, 0, sizeof(*t));
	t->id = (int64_t)++f->n;
	t->launch_id = 1;
	snprintf(t->title, sizeof(t->title), "%s", title);
	snprintf(t->section, sizeof(t->section), "%s", section);
	t->role = role;
	t->owner_id = role == TM_ROLE_PM ? 10 : 20 + role;
	snprintf(t->owner, sizeof(t->owner), "%s", role == TM_ROLE_PM ? "Ana" : "Someone");
	t->has_due = due != NULL;
	if (due)
		t->due = D(due);
	t->effort_days = 1;
	t->status = status;
	t->required = true;
	t->source_tier = f->launch.tier;
	return t;
}

static void healthy(fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->today = D("2027-03-08");
	f->launch = (tm_launch){ .id = 1, .tier = 1, .status = TM_LAUNCH_PLANNED, .pm_id = 10, .marketing_id = 11 };
	snprintf(f->launch.name, sizeof(f->launch.name), "Billing");
	snprintf(f->launch.slug, sizeof(f->launch.slug), "billing");
	snprintf(f->launch.pm, sizeof(f->launch.pm), "Ana");
	f->launch.date = D("2027-03-16");
	task(f, "Value proposition defined", "Positioning", TM_ROLE_PM, "2027-02-09", TM_TASK_DONE);
	task(f, "Launch blog post", "Marketing Activities", TM_ROLE_MARKETING, "2027-03-09", TM_TASK_IN_PROGRESS);
	task(f, "Training session completed", "Sales Enablement", TM_ROLE_PM, "2027-03-02", TM_TASK_DONE);
	tm_task *ms = task(f, "Sales training", "Timeline", TM_ROLE_PM, "2027-03-02", TM_TASK_DONE);
	ms->milestone = true;
	ms->effort_days = 0;
	tm_task *m = task(f, "Messaging approved", "Timeline", TM_ROLE_MARKETING, "2027-02-23", TM_TASK_DONE);
	m->milestone = true;
	m->effort_days = 0;
	task(f, "Support team informed", "Customer Success", TM_ROLE_SUPPORT, "2027-03-05", TM_TASK_DONE);
	task(f, "Full metrics review", "Post-launch", TM_ROLE_PM, "2027-05-17", TM_TASK_TODO);
	snprintf(f->brief.what, sizeof(f->brief.what), "Usage billing");
	snprintf(f->brief.why_users, sizeof(f->brief.why_users), "Pay less");
	snprintf(f->brief.why_business, sizeof(f->brief.why_business), "SMB");
	snprintf(f->brief.audience_primary, sizeof(f->brief.audience_primary), "Developers");
	snprintf(f->brief.audience_secondary, sizeof(f->brief.audience_secondary), "Finance");
	snprintf(f->brief.headline, sizeof(f->brief.headline), "Only pay for what you use");
	snprintf(f->brief.points[f->brief.n_points++], TM_BRIEF_LINE + 1, "Budgets and alerts");
	snprintf(f->brief.competitive, sizeof(f->brief.competitive), "Acme bills per seat");
	snprintf(f->brief.limitations[f->brief.n_limitations++], TM_BRIEF_LINE + 1, "No invoicing in euros yet");
	f->brief.n_metrics = 1;
	snprintf(f->brief.metrics[0].metric, TM_BRIEF_LINE + 1, "Accounts");
	snprintf(f->brief.metrics[0].target, TM_BRIEF_LINE + 1, "500");
	snprintf(f->brief.metrics[0].timeframe, TM_BRIEF_LINE + 1, "90 days");
	f->brief.n_resources = 1;
	snprintf(f->brief.resources[0].label, TM_BRIEF_LINE + 1, "Spec");
	snprintf(f->brief.resources[0].link, TM_BRIEF_LINE + 1, "https://example.com");
	/* The brief's success metric, as a metric: 500 accounts 90 days after launch. */
	tm_metric *am = &f->metrics[f->n_metrics++];
	am->id = 1;
	am->launch_id = 1;
	snprintf(am->name, sizeof(am->name), "Accounts");
	am->kind = TM_MK_ADOPTION;
	am->unit.unit = TM_UNIT_COUNT;
	am->target = (tm_target){ .kind = TM_TARGET_VALUE, .v = 500 };
	am->window = 90;
}

/* Runs the rules; returns how many findings of `rule` there are. */
static int count(fixture *f, int rule)
{
	tm_findings out = TM_VEC_INIT;
	tm_check_input in = {
		.launch = &f->launch, .tasks = f->tasks, .n_tasks = f->n, .plan = f->has_plan ? &f->plan : NULL,
		.brief = &f->brief, .brief_written = true, .cal = &f->cal, .freezes = f->freezes, .n_freezes = f->n_freezes,
		.portfolio = f->portfolio, .n_portfolio = f->n_portfolio, .overloads = f->over, .n_overloads = f->n_over,
		.pmm = f->pmm, .metrics = f->metrics, .n_metrics = f->n_metrics, .today = f->today,
	};
	tm_check_launch(&in, &out);
	int n = 0;
	for (size_t i = 0; i < out.n; i++)
		if (out.v[i].rule == rule) {
			n++;
			assert_true(strlen(out.v[i].message) > 10);
			assert_true(strlen(out.v[i].hint) > 10);
		}
	TM_VEC_FREE(&out);
	return n;
}

static void healthy_launch_is_quiet(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	for (int r = 0; r < TM_RULE_COUNT; r++)
		if (count(&f, r))
			fail_msg("rule %s fired on the healthy launch", tm_rule(r)->name);
}

static void ship_and_forget(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[1].status = TM_TASK_TODO; /* the blog has not started … */
	f.tasks[0].status = TM_TASK_TODO;
	f.tasks[2].status = TM_TASK_TODO;
	f.tasks[5].status = TM_TASK_TODO;
	assert_int_equal(count(&f, TM_RULE_SHIP_AND_FORGET), 1); /* … and launch is 6 working days away */
	f.tasks[1].status = TM_TASK_IN_PROGRESS;
	assert_int_equal(count(&f, TM_RULE_SHIP_AND_FORGET), 0);
	f.tasks[1].status = TM_TASK_TODO;
	f.launch.date = D("2027-04-16"); /* a month away: not yet */
	assert_int_equal(count(&f, TM_RULE_SHIP_AND_FORGET), 0);
}

static void marketing_surprise(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.launch.marketing_id = 0;
	assert_int_equal(count(&f, TM_RULE_MARKETING_SURPRISE), 1);
	f.launch.tier = 3; /* tier 3 needs no marketing owner */
	assert_int_equal(count(&f, TM_RULE_MARKETING_SURPRISE), 0);
	healthy(&f);
	f.tasks[4].status = TM_TASK_TODO; /* Messaging approved, due 02-23, not done */
	assert_int_equal(count(&f, TM_RULE_MARKETING_SURPRISE), 1);
	f.tasks[4].due = D("2027-03-10"); /* not due yet */
	assert_int_equal(count(&f, TM_RULE_MARKETING_SURPRISE), 0);
}

static void over_promising(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	snprintf(f.brief.points[0], TM_BRIEF_LINE + 1, "Invoicing in euros and dollars");
	assert_int_equal(count(&f, TM_RULE_OVER_PROMISING), 1);
	snprintf(f.brief.points[0], TM_BRIEF_LINE + 1, "Invoicing in dollars");
	assert_int_equal(count(&f, TM_RULE_OVER_PROMISING), 0);
	f.brief.n_limitations = 0;
	assert_int_equal(count(&f, TM_RULE_OVER_PROMISING), 1);
	f.launch.tier = 3;
	assert_int_equal(count(&f, TM_RULE_OVER_PROMISING), 0);
}

static void under_communicating(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.today = D("2027-03-10"); /* 4 working days before launch */
	f.tasks[1].due = D("2027-03-12");
	f.tasks[5].status = TM_TASK_TODO; /* support not informed */
	assert_int_equal(count(&f, TM_RULE_UNDER_COMMUNICATING), 1);
	f.tasks[5].status = TM_TASK_DONE;
	assert_int_equal(count(&f, TM_RULE_UNDER_COMMUNICATING), 0);
	f.tasks[5].status = TM_TASK_TODO;
	f.today = D("2027-03-01"); /* two weeks out: still time */
	assert_int_equal(count(&f, TM_RULE_UNDER_COMMUNICATING), 0);
}

static void one_size_fits_all(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	for (int i = 0; i < 4; i++) {
		f.portfolio[i] = (tm_launch){ .id = 100 + i, .tier = 2, .status = TM_LAUNCH_LAUNCHED };
		f.portfolio[i].date = D("2027-01-04") + 14 * i;
	}
	f.n_portfolio = 4;
	assert_int_equal(count(&f, TM_RULE_ONE_SIZE_FITS_ALL), 1);
	f.portfolio[2].tier = 3;
	assert_int_equal(count(&f, TM_RULE_ONE_SIZE_FITS_ALL), 0);
	/* A checklist from another tier. */
	f.n_portfolio = 0;
	for (size_t i = 0; i < f.n; i++)
		f.tasks[i].source_tier = 3;
	assert_int_equal(count(&f, TM_RULE_ONE_SIZE_FITS_ALL), 1);
}

static void pm_as_marketer(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[1].owner_id = 10; /* the PM writes the blog post */
	assert_int_equal(count(&f, TM_RULE_PM_AS_MARKETER), 1);
	f.tasks[1].owner_id = 11;
	assert_int_equal(count(&f, TM_RULE_PM_AS_MARKETER), 0);
}

static void sales_blindside(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[2].status = TM_TASK_TODO; /* training session not done … */
	f.tasks[3].status = TM_TASK_TODO;
	f.tasks[2].due = f.tasks[3].due = D("2027-03-12");
	assert_int_equal(count(&f, TM_RULE_SALES_BLINDSIDE), 1); /* … and the blog goes out 03-09 */
	f.tasks[1].due = D("2027-03-15");
	assert_int_equal(count(&f, TM_RULE_SALES_BLINDSIDE), 0);
	/* Planning the press reaches no customer; external copy does, whatever its title. */
	tm_task *ps = task(&f, "Press strategy and timing agreed", "Marketing Activities", TM_ROLE_PMM, "2027-03-09",
			   TM_TASK_TODO);
	assert_int_equal(count(&f, TM_RULE_SALES_BLINDSIDE), 0);
	snprintf(ps->title, sizeof(ps->title), "Website updated");
	assert_int_equal(count(&f, TM_RULE_SALES_BLINDSIDE), 0);
	ps->external = true;
	assert_int_equal(count(&f, TM_RULE_SALES_BLINDSIDE), 1);
}

static void no_feedback_loop(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.brief.n_metrics = 0;
	assert_int_equal(count(&f, TM_RULE_NO_FEEDBACK_LOOP), 1);
	healthy(&f);
	f.tasks[6].status = TM_TASK_SKIPPED; /* no review */
	assert_int_equal(count(&f, TM_RULE_NO_FEEDBACK_LOOP), 1);
	f.launch.tier = 4;
	assert_int_equal(count(&f, TM_RULE_NO_FEEDBACK_LOOP), 0);
}

static void schedule(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[1].due = D("2027-03-05"); /* in progress, due before today */
	assert_int_equal(count(&f, TM_RULE_OVERDUE), 1);
	f.tasks[1].due = D("2027-03-09");
	assert_int_equal(count(&f, TM_RULE_OVERDUE), 0);
	f.tasks[1].owner_id = 0;
	assert_int_equal(count(&f, TM_RULE_UNOWNED), 1);
	f.tasks[1].owner_id = 11;
	assert_int_equal(count(&f, TM_RULE_UNOWNED), 0);
	/* at-risk from the plan */
	tm_plan_input pin[] = { { .id = 2, .effort_days = 5, .has_due = true, .due = D("2027-03-09") } };
	assert_int_equal(tm_plan_compute(pin, 1, NULL, 0, f.launch.date, f.today, &f.cal, &f.plan, NULL), 0);
	f.has_plan = true;
	assert_int_equal(count(&f, TM_RULE_AT_RISK), 1);
	tm_plan_release(&f.plan);
	pin[0].effort_days = 2;
	assert_int_equal(tm_plan_compute(pin, 1, NULL, 0, f.launch.date, f.today, &f.cal, &f.plan, NULL), 0);
	assert_int_equal(count(&f, TM_RULE_AT_RISK), 0);
	tm_plan_release(&f.plan);
	f.has_plan = false;
	f.over[0] = (tm_overload){ .person_id = 11, .year = 2027, .week = 10, .days = 8, .capacity = 5 };
	snprintf(f.over[0].person, sizeof(f.over[0].person), "Ben");
	f.n_over = 1;
	assert_int_equal(count(&f, TM_RULE_OWNER_OVERLOAD), 1);
	f.n_over = 0;
	assert_int_equal(count(&f, TM_RULE_OWNER_OVERLOAD), 0);
}

static void calendar(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.freezes[0] = (tm_freeze){ .id = 1, .start = D("2027-03-15"), .end = D("2027-03-19") };
	f.n_freezes = 1;
	assert_int_equal(count(&f, TM_RULE_FREEZE_CONFLICT), 1);
	f.freezes[0].start = D("2027-03-17");
	assert_int_equal(count(&f, TM_RULE_FREEZE_CONFLICT), 0);
	f.launch.date = D("2027-03-13"); /* a Saturday */
	assert_int_equal(count(&f, TM_RULE_WEEKEND_LAUNCH), 1);
	f.launch.date = D("2027-03-16");
	assert_int_equal(count(&f, TM_RULE_WEEKEND_LAUNCH), 0);
	f.portfolio[0] = (tm_launch){ .id = 2, .tier = 1, .status = TM_LAUNCH_PLANNED, .date = D("2027-03-25") };
	f.n_portfolio = 1;
	assert_int_equal(count(&f, TM_RULE_LAUNCH_COLLISION), 1); /* 7 working days apart */
	f.portfolio[0].date = D("2027-04-06");
	assert_int_equal(count(&f, TM_RULE_LAUNCH_COLLISION), 0); /* 15 apart */
}

static void brief_incomplete(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.brief.competitive[0] = '\0';
	assert_int_equal(count(&f, TM_RULE_BRIEF_INCOMPLETE), 1);
	f.launch.tier = 2; /* tier 2 does not require the competitive context */
	assert_int_equal(count(&f, TM_RULE_BRIEF_INCOMPLETE), 0);
}

static void score_formula(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	tm_findings none = TM_VEC_INIT;
	tm_check_input in = { .launch = &f.launch, .tasks = f.tasks, .n_tasks = f.n, .brief = &f.brief, .cal = &f.cal,
			      .today = f.today };
	/* All due tasks done, no plan (slack counts as +5), no findings: 100. */
	assert_int_equal(tm_readiness_score(&in, &none), 100);
	f.tasks[0].status = TM_TASK_TODO; /* 1 of the 5 required tasks due by today not done: 50 × 4/5 */
	assert_int_equal(tm_readiness_score(&in, &none), 40 + 30 + 20);
	tm_finding e = { .rule = TM_RULE_AT_RISK, .severity = TM_SEV_ERROR, .launch_id = 1 };
	*TM_VEC_PUSH(&none) = e;
	assert_int_equal(tm_readiness_score(&in, &none), 40 + 30 + 10);
	TM_VEC_FREE(&none);
}

/* Runs only the rules in only (-1 ends the list); returns the findings (to free). */
static tm_findings run_only(fixture *f, const int *only)
{
	bool keep[TM_RULE_COUNT] = { false };
	for (int i = 0; only[i] >= 0; i++)
		keep[only[i]] = true;
	tm_findings out = TM_VEC_INIT;
	tm_check_input in = {
		.launch = &f->launch, .tasks = f->tasks, .n_tasks = f->n, .brief = &f->brief, .brief_written = true,
		.cal = &f->cal, .metrics = f->metrics, .n_metrics = f->n_metrics, .today = f->today, .only = keep,
	};
	tm_check_launch(&in, &out);
	return out;
}

static void only_the_rules_asked_for_run(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[1].due = D("2027-03-05"); /* overdue */
	f.tasks[1].owner_id = 0;          /* and unowned */
	f.brief.what[0] = '\0';           /* brief-incomplete */
	tm_findings out = run_only(&f, (const int[]){ TM_RULE_UNOWNED, -1 });
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].rule, TM_RULE_UNOWNED);
	TM_VEC_FREE(&out);
	out = run_only(&f, (const int[]){ TM_RULE_OVERDUE, TM_RULE_BRIEF_INCOMPLETE, -1 });
	assert_int_equal(out.n, 2);
	for (size_t i = 0; i < out.n; i++)
		assert_true(out.v[i].rule == TM_RULE_OVERDUE || out.v[i].rule == TM_RULE_BRIEF_INCOMPLETE);
	TM_VEC_FREE(&out);
	out = run_only(&f, (const int[]){ TM_RULE_FREEZE_CONFLICT, -1 });
	assert_int_equal(out.n, 0);
	TM_VEC_FREE(&out);
}

/* The message of the one finding of rule, or "" (copied into buf). */
static const char *message(fixture *f, int rule, char *buf, size_t n)
{
	tm_findings out = TM_VEC_INIT;
	tm_check_input in = {
		.launch = &f->launch, .tasks = f->tasks, .n_tasks = f->n, .plan = f->has_plan ? &f->plan : NULL,
		.brief = &f->brief, .brief_written = true, .cal = &f->cal, .overloads = f->over, .n_overloads = f->n_over,
		.pmm = f->pmm, .metrics = f->metrics, .n_metrics = f->n_metrics, .today = f->today,
	};
	tm_check_launch(&in, &out);
	buf[0] = '\0';
	for (size_t i = 0; i < out.n; i++)
		if (out.v[i].rule == rule)
			snprintf(buf, n, "%s", out.v[i].message);
	TM_VEC_FREE(&out);
	return buf;
}

static void messages_read_as_english(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	/* The unowned rule closes the parenthesis it opens. */
	f.tasks[1].owner_id = 0;
	f.tasks[1].role = TM_ROLE_MARKETING;
	assert_string_equal(message(&f, TM_RULE_UNOWNED, m, sizeof(m)), "'Launch blog post' (a task for marketing) has no owner");
	f.tasks[1].role = TM_ROLE_NONE;
	assert_string_equal(message(&f, TM_RULE_UNOWNED, m, sizeof(m)), "'Launch blog post' has no owner");
	f.tasks[1].owner_id = 11;
	/* One working day, not "1 working days". */
	f.tasks[1].due = D("2027-03-05"); /* Friday; today is Monday */
	assert_string_equal(message(&f, TM_RULE_OVERDUE, m, sizeof(m)),
			    "'Launch blog post' was due 2027-03-05 (1 working day ago), owner Someone");
	f.tasks[1].due = D("2027-03-04");
	assert_non_null(strstr(message(&f, TM_RULE_OVERDUE, m, sizeof(m)), "(2 working days ago)"));
	f.over[0] = (tm_overload){ .person_id = 11, .year = 2027, .week = 10, .days = 2, .capacity = 1 };
	snprintf(f.over[0].person, sizeof(f.over[0].person), "Ben");
	f.n_over = 1;
	assert_non_null(strstr(message(&f, TM_RULE_OWNER_OVERLOAD, m, sizeof(m)),
			       "over their capacity of 1 working day a week in 1 week ("));
	/* Launch day tomorrow, one GTM task not started. */
	healthy(&f);
	f.today = D("2027-03-15");
	f.n = 0;
	task(&f, "Launch blog post", "Marketing Activities", TM_ROLE_MARKETING, "2027-03-16", TM_TASK_TODO);
	assert_string_equal(message(&f, TM_RULE_SHIP_AND_FORGET, m, sizeof(m)),
			    "'Billing' launches in 1 working day and its one GTM task has not started");
	f.tasks[0].title[0] = 'X';
	assert_non_null(strstr(message(&f, TM_RULE_UNDER_COMMUNICATING, m, sizeof(m)), "launches in 1 working day and no task"));
}

/* The severity of the one finding of rule (-1 when none). */
static int severity(fixture *f, int rule)
{
	tm_findings out = TM_VEC_INIT;
	tm_check_input in = { .launch = &f->launch, .tasks = f->tasks, .n_tasks = f->n, .brief = &f->brief,
			      .brief_written = true, .cal = &f->cal, .pmm = f->pmm, .metrics = f->metrics,
			      .n_metrics = f->n_metrics, .today = f->today };
	tm_check_launch(&in, &out);
	int sev = -1;
	for (size_t i = 0; i < out.n; i++)
		if (out.v[i].rule == rule)
			sev = out.v[i].severity;
	TM_VEC_FREE(&out);
	return sev;
}

/* The blog post waits for Beta launch, which engineering dates `beta` (NULL: no date yet); plans both. */
static void plan_with_beta(fixture *f, const char *beta, int blog_days)
{
	static int64_t blog_deps[1];
	if (f->has_plan)
		tm_plan_release(&f->plan);
	if (f->n < 8) {
		tm_task *m = task(f, "Beta launch", "Product track", TM_ROLE_ENG, NULL, TM_TASK_TODO);
		m->milestone = m->product = true;
		m->effort_days = 0;
	}
	tm_task *m = &f->tasks[7], *blog = &f->tasks[1];
	m->has_due = beta != NULL;
	m->due = beta ? D(beta) : 0;
	blog_deps[0] = m->id;
	blog->depends_on = blog_deps;
	blog->n_depends_on = 1;
	blog->effort_days = blog_days;
	tm_plan_input pin[] = {
		{ .id = blog->id, .effort_days = blog_days, .has_due = true, .due = blog->due },
		{ .id = m->id, .milestone = true, .has_due = m->has_due, .due = m->due, .has_not_before = m->has_due,
		  .not_before = m->due },
	};
	tm_dep deps[] = { { .task = blog->id, .after = m->id } };
	assert_int_equal(tm_plan_compute(pin, 2, deps, 1, f->launch.date, f->today, &f->cal, &f->plan, NULL), 0);
	f->has_plan = true;
}

static void product_slip(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	/* Engineering dates the beta Friday 03-12; the 3-day blog post is due Tuesday 03-09. */
	plan_with_beta(&f, "2027-03-12", 3);
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 1);
	assert_string_equal(message(&f, TM_RULE_PRODUCT_SLIP, m, sizeof(m)),
			    "'Launch blog post' must start by 2027-03-05 but waits for 'Beta launch', which engineering "
			    "dates 2027-03-12: engineering slipped, the plan cannot be met");
	assert_int_equal(tm_rule(TM_RULE_PRODUCT_SLIP)->severity, TM_SEV_ERROR);
	/* A beta early enough: quiet (at-risk may speak for today's lateness, not product-slip). */
	plan_with_beta(&f, "2027-03-04", 3);
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	/* A successor of a milestone may start on its day: due and dated the same day is fine … */
	f.tasks[1].due = D("2027-03-12");
	plan_with_beta(&f, "2027-03-12", 1);
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	/* … but a Saturday date lets it start Monday only. */
	plan_with_beta(&f, "2027-03-13", 1);
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 1);
	assert_non_null(strstr(message(&f, TM_RULE_PRODUCT_SLIP, m, sizeof(m)), "must start by 2027-03-12"));
	/* No date yet: nothing to slip (the plan's notes say who waits). */
	f.tasks[1].due = D("2027-03-09");
	plan_with_beta(&f, NULL, 3);
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	/* The milestone reached, or the marketing task done: quiet. */
	plan_with_beta(&f, "2027-03-12", 3);
	f.tasks[7].status = TM_TASK_DONE;
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	f.tasks[7].status = TM_TASK_TODO;
	f.tasks[1].status = TM_TASK_DONE;
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	/* Awaiting approval is still open. */
	f.tasks[1].status = TM_TASK_AWAITING_APPROVAL;
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 1);
	/* Waiting for a task that is not a product milestone is at-risk's business. */
	f.tasks[7].product = false;
	assert_int_equal(count(&f, TM_RULE_PRODUCT_SLIP), 0);
	tm_plan_release(&f.plan);
}

static void unapproved_external_copy(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	f.pmm = "Cy";
	tm_task *blog = &f.tasks[1];
	blog->external = true;
	snprintf(blog->reviewed_by, sizeof(blog->reviewed_by), "Bo\x1f");
	/* Today Monday 03-08, launch Tuesday 03-16: a warning, naming who must approve. */
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 1);
	assert_int_equal(severity(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), TM_SEV_WARNING);
	assert_string_equal(message(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY, m, sizeof(m)),
			    "'Launch blog post' (due 2027-03-09) is external copy not yet approved by Cy (PMM), Bo; "
			    "launch day 2027-03-16 is in 6 working days");
	/* The PMM approved: only the reviewer is missing. */
	snprintf(blog->approved_by, sizeof(blog->approved_by), "Cy\x1f");
	assert_non_null(strstr(message(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY, m, sizeof(m)), "not yet approved by Bo;"));
	/* Both approved: quiet. */
	snprintf(blog->approved_by, sizeof(blog->approved_by), "Cy\x1f" "Bo\x1f");
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
	blog->approved_by[0] = '\0';
	/* Done and awaiting approval. */
	blog->status = TM_TASK_AWAITING_APPROVAL;
	assert_non_null(strstr(message(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY, m, sizeof(m)),
			       "'Launch blog post' is done but awaits approval by Cy (PMM), Bo before it goes out"));
	/* An error within 2 working days of launch day, and once it has passed. */
	f.today = D("2027-03-11"); /* Thursday: 3 working days */
	assert_int_equal(severity(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), TM_SEV_WARNING);
	f.today = D("2027-03-12"); /* Friday: 2 */
	assert_int_equal(severity(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), TM_SEV_ERROR);
	f.today = D("2027-03-16");
	assert_int_equal(severity(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), TM_SEV_ERROR);
	assert_non_null(strstr(message(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY, m, sizeof(m)), "launch day is today (2027-03-16)"));
	f.today = D("2027-03-18");
	assert_int_equal(severity(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), TM_SEV_ERROR);
	/* Done or skipped copy, copy that is not external, or nobody to approve: quiet. */
	blog->status = TM_TASK_DONE;
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
	blog->status = TM_TASK_SKIPPED;
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
	blog->status = TM_TASK_TODO;
	blog->external = false;
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
	blog->external = true;
	f.pmm = NULL;
	blog->reviewed_by[0] = '\0';
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
	/* A cancelled launch has nothing to approve. */
	f.pmm = "Cy";
	f.launch.status = TM_LAUNCH_CANCELLED;
	assert_int_equal(count(&f, TM_RULE_UNAPPROVED_EXTERNAL_COPY), 0);
}

static void awaiting_approval_is_open(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	f.tasks[1].status = TM_TASK_AWAITING_APPROVAL;
	f.tasks[1].due = D("2027-03-05");
	assert_int_equal(count(&f, TM_RULE_OVERDUE), 1);
	/* Launched early with required work awaiting approval. */
	f.launch.status = TM_LAUNCH_LAUNCHED;
	assert_int_equal(count(&f, TM_RULE_LAUNCHED_EARLY), 1);
	f.tasks[1].status = TM_TASK_DONE;
	assert_int_equal(count(&f, TM_RULE_LAUNCHED_EARLY), 0);
}

static void legal_and_pm_tasks(void **state)
{
	(void)state;
	fixture f;
	healthy(&f);
	/* Legal approval counts under the legal function, by its title or by its role. */
	tm_task *l = task(&f, "Legal approval", "Launch", TM_ROLE_LEGAL, "2027-03-09", TM_TASK_TODO);
	assert_int_equal(tm_task_function(l), 6);
	snprintf(l->title, sizeof(l->title), "Terms reviewed");
	assert_int_equal(tm_task_function(l), 6);
	/* The playbook gives the PM the beta customers' personal email (seed 000): not pm-as-marketer. */
	task(&f, "Beta customers: personal email from the PM", "Customer communication", TM_ROLE_PM, "2027-03-12",
	     TM_TASK_TODO);
	assert_int_equal(count(&f, TM_RULE_PM_AS_MARKETER), 0);
	/* The hierarchy reads as customer success whoever owns it; the product track as product. */
	assert_int_equal(tm_task_function(&f.tasks[f.n - 1]), 3);
	tm_task *cc = task(&f, "Code complete", "Product track", TM_ROLE_ENG, NULL, TM_TASK_TODO);
	cc->milestone = cc->product = true;
	assert_int_equal(tm_task_function(cc), 4);
}

/* A second metric: activation 40% → 48% over 80 days after T (2027-03-16; the window ends 2027-06-04). */
static tm_metric *activation(fixture *f)
{
	tm_metric *m = &f->metrics[f->n_metrics++];
	memset(m, 0, sizeof(*m));
	m->id = (int64_t)f->n_metrics;
	m->launch_id = 1;
	snprintf(m->name, sizeof(m->name), "Activation rate");
	snprintf(m->owner, sizeof(m->owner), "Ana");
	m->kind = TM_MK_ACTIVATION;
	m->unit.unit = TM_UNIT_PERCENT;
	m->baseline = 40;
	m->target = (tm_target){ .kind = TM_TARGET_VALUE, .v = 48, .percent_sign = true };
	m->window = 80;
	return m;
}

/* Sets a metric's summary (as the app keeps it) from observations (value, date) given in order. */
static void observe(fixture *f, tm_metric *m, int n, const double *values, const char *const *on)
{
	tm_observation obs[8];
	memset(obs, 0, sizeof(obs));
	for (int i = 0; i < n; i++) {
		obs[i].id = i + 1;
		obs[i].metric_id = m->id;
		obs[i].on = D(on[i]);
		obs[i].value = values[i];
	}
	tm_metric_summarize(m, f->launch.date, obs, (size_t)n, &m->sum);
}

/* The hint of the one finding of rule, or "" (copied into buf). */
static const char *hint(fixture *f, int rule, char *buf, size_t n)
{
	tm_findings out = TM_VEC_INIT;
	tm_check_input in = { .launch = &f->launch, .tasks = f->tasks, .n_tasks = f->n, .brief = &f->brief,
			      .brief_written = true, .cal = &f->cal, .metrics = f->metrics, .n_metrics = f->n_metrics,
			      .today = f->today };
	tm_check_launch(&in, &out);
	buf[0] = '\0';
	for (size_t i = 0; i < out.n; i++)
		if (out.v[i].rule == rule) {
			assert_int_equal(out.v[i].task_id, 0);
			snprintf(buf, n, "%s", out.v[i].hint);
		}
	TM_VEC_FREE(&out);
	return buf;
}

static void metric_missing(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	f.n_metrics = 0; /* tier 1, 8 days before launch day, no metric */
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 1);
	assert_int_equal(severity(&f, TM_RULE_METRIC_MISSING), TM_SEV_WARNING);
	assert_string_equal(message(&f, TM_RULE_METRIC_MISSING, m, sizeof(m)),
			    "Tier 1 launch 'Billing' launches in 8 days (2027-03-16) and has no success metric with a target");
	assert_non_null(strstr(hint(&f, TM_RULE_METRIC_MISSING, m, sizeof(m)), "tminus metric add billing NAME --kind"));
	/* Two weeks before launch day (calendar days) it starts; a day earlier it is quiet. */
	f.today = D("2027-03-02");
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 1);
	f.today = D("2027-03-01");
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 0);
	/* On and after launch day too. */
	f.today = D("2027-03-16");
	assert_non_null(strstr(message(&f, TM_RULE_METRIC_MISSING, m, sizeof(m)), "launches today (2027-03-16)"));
	f.today = D("2027-04-20");
	f.launch.status = TM_LAUNCH_LAUNCHED;
	assert_non_null(strstr(message(&f, TM_RULE_METRIC_MISSING, m, sizeof(m)), "launched on 2027-03-16 and has no"));
	/* Tier 2 too; not tier 3 or 4, nor a cancelled launch. */
	f.launch.tier = 2;
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 1);
	f.launch.tier = 3;
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 0);
	f.launch.tier = 1;
	f.launch.status = TM_LAUNCH_CANCELLED;
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 0);
	/* One metric (every metric has a target) quiets it. */
	f.launch.status = TM_LAUNCH_PLANNED;
	f.n_metrics = 1;
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSING), 0);
}

static void metric_stale(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	f.launch.status = TM_LAUNCH_LAUNCHED;
	tm_metric *a = activation(&f);
	/* No observation: quiet for the first 13 days after launch day, then one finding per metric. */
	f.today = D("2027-03-29");
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 0);
	f.today = D("2027-03-30");
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 2);
	/* The latest within the last 14 days keeps a metric fresh. */
	f.n_metrics = 2;
	observe(&f, &f.metrics[0], 1, (const double[]){ 120 }, (const char *const[]){ "2027-03-29" });
	observe(&f, a, 1, (const double[]){ 41 }, (const char *const[]){ "2027-03-17" });
	f.today = D("2027-03-30");
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 0);
	f.today = D("2027-03-31"); /* Activation: 14 days since its one observation */
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 1);
	assert_int_equal(severity(&f, TM_RULE_METRIC_STALE), TM_SEV_WARNING);
	assert_string_equal(message(&f, TM_RULE_METRIC_STALE, m, sizeof(m)),
			    "Activation rate was last observed on 2027-03-17 (14 days ago, 41%); its window runs to 2027-06-04");
	assert_string_equal(hint(&f, TM_RULE_METRIC_STALE, m, sizeof(m)),
			    "record this week's figure: tminus metric record billing \"Activation rate\" VALUE [--on DATE]");
	/* Launch day passed and still planned counts as launched; cancelled does not. */
	f.launch.status = TM_LAUNCH_PLANNED;
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 1);
	f.launch.status = TM_LAUNCH_CANCELLED;
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 0);
	f.launch.status = TM_LAUNCH_LAUNCHED;
	/* Met: nothing left to track. After the window: missed, not stale. */
	observe(&f, a, 1, (const double[]){ 48 }, (const char *const[]){ "2027-03-17" });
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 0);
	observe(&f, a, 1, (const double[]){ 41 }, (const char *const[]){ "2027-03-17" });
	f.today = D("2027-06-05");
	f.metrics[0].window = 200;
	assert_int_equal(count(&f, TM_RULE_METRIC_STALE), 1); /* Accounts, still in its window */
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSED), 1); /* Activation */
	/* No observation at all. */
	f.metrics[0].sum = (tm_metric_summary){ 0 };
	f.n_metrics = 1;
	assert_string_equal(message(&f, TM_RULE_METRIC_STALE, m, sizeof(m)),
			    "Accounts has no observation 81 days after launch day; its window runs to 2027-10-02");
}

static void metric_behind(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	f.launch.status = TM_LAUNCH_LAUNCHED;
	f.n_metrics = 0;
	tm_metric *a = activation(&f);
	f.today = D("2027-04-27");
	/* T + 41: the path expects 40 + 8 × 41/80 = 44.1. */
	observe(&f, a, 1, (const double[]){ 41.5 }, (const char *const[]){ "2027-04-26" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 1);
	assert_int_equal(severity(&f, TM_RULE_METRIC_BEHIND), TM_SEV_WARNING);
	assert_string_equal(message(&f, TM_RULE_METRIC_BEHIND, m, sizeof(m)),
			    "Activation rate is 41.5%, the path expects 44.1% by 2027-04-26; target 48% by 2027-06-04");
	assert_non_null(strstr(hint(&f, TM_RULE_METRIC_BEHIND, m, sizeof(m)),
			       "tminus metric record billing \"Activation rate\" VALUE"));
	assert_non_null(strstr(m, "Ana"));
	/* Exactly on the path: on track, quiet. */
	observe(&f, a, 1, (const double[]){ 44.1 }, (const char *const[]){ "2027-04-26" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
	/* Of several on one day the last recorded decides. */
	observe(&f, a, 2, (const double[]){ 45, 41.5 }, (const char *const[]){ "2027-04-26", "2027-04-26" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 1);
	observe(&f, a, 2, (const double[]){ 41.5, 45 }, (const char *const[]){ "2027-04-26", "2027-04-26" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
	/* The path's figure gets the decimals it needs to read differently from the observation. */
	a->baseline = 0;
	a->target.v = 100;
	a->window = 3;
	observe(&f, a, 1, (const double[]){ 33.3 }, (const char *const[]){ "2027-03-17" });
	f.today = D("2027-03-18");
	assert_string_equal(message(&f, TM_RULE_METRIC_BEHIND, m, sizeof(m)),
			    "Activation rate is 33.3%, the path expects 33.33% by 2027-03-17; target 100% by 2027-03-19");
	/* Down is good: churn 5% → 3% over 100 days; at T + 50 the path expects 4%. */
	a->down = true;
	a->unit.unit = TM_UNIT_PERCENT;
	a->baseline = 5;
	a->target = (tm_target){ .kind = TM_TARGET_POINTS, .v = -2 };
	a->window = 100;
	f.today = D("2027-05-06");
	observe(&f, a, 1, (const double[]){ 4.2 }, (const char *const[]){ "2027-05-05" });
	assert_string_equal(message(&f, TM_RULE_METRIC_BEHIND, m, sizeof(m)),
			    "Activation rate is 4.2%, the path expects 4% by 2027-05-05; target 3% by 2027-06-24");
	observe(&f, a, 1, (const double[]){ 3.8 }, (const char *const[]){ "2027-05-05" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
	/* One finding per metric behind; none for a cancelled launch. */
	observe(&f, a, 1, (const double[]){ 4.2 }, (const char *const[]){ "2027-05-05" });
	tm_metric *b = activation(&f);
	observe(&f, b, 1, (const double[]){ 40 }, (const char *const[]){ "2027-05-05" });
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 2);
	f.launch.status = TM_LAUNCH_CANCELLED;
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
}

static void metric_missed(void **state)
{
	(void)state;
	fixture f;
	char m[600];
	healthy(&f);
	f.launch.status = TM_LAUNCH_LAUNCHED;
	f.n_metrics = 0;
	tm_metric *a = activation(&f);
	/* With data: the window's last day is still behind, the day after is missed (an error). */
	observe(&f, a, 2, (const double[]){ 42, 45 }, (const char *const[]){ "2027-04-01", "2027-06-01" });
	f.today = D("2027-06-04");
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSED), 0);
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 1);
	f.today = D("2027-06-05");
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSED), 1);
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
	assert_int_equal(severity(&f, TM_RULE_METRIC_MISSED), TM_SEV_ERROR);
	assert_string_equal(message(&f, TM_RULE_METRIC_MISSED, m, sizeof(m)),
			    "Activation rate missed its target 48% by 2027-06-04: the latest observation is 45% on 2027-06-01");
	assert_non_null(strstr(hint(&f, TM_RULE_METRIC_MISSED, m, sizeof(m)), "tminus review billing"));
	/* Without data. */
	a->sum = (tm_metric_summary){ 0 };
	assert_string_equal(message(&f, TM_RULE_METRIC_MISSED, m, sizeof(m)),
			    "Activation rate missed its target 48% by 2027-06-04: it was never observed");
	/* Met once within the window: met for good, whatever came after. */
	observe(&f, a, 2, (const double[]){ 48.2, 43 }, (const char *const[]){ "2027-05-01", "2027-06-01" });
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSED), 0);
	assert_int_equal(count(&f, TM_RULE_METRIC_BEHIND), 0);
	/* Reached before launch day only: that does not count. */
	observe(&f, a, 1, (const double[]){ 50 }, (const char *const[]){ "2027-03-10" });
	assert_int_equal(count(&f, TM_RULE_METRIC_MISSED), 1);
	/* Only the metric rules asked for run. */
	tm_findings out = run_only(&f, (const int[]){ TM_RULE_METRIC_MISSED, -1 });
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].rule, TM_RULE_METRIC_MISSED);
	TM_VEC_FREE(&out);
	out = run_only(&f, (const int[]){ TM_RULE_METRIC_BEHIND, TM_RULE_METRIC_STALE, -1 });
	assert_int_equal(out.n, 0);
	TM_VEC_FREE(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(healthy_launch_is_quiet), cmocka_unit_test(ship_and_forget),
		cmocka_unit_test(marketing_surprise),     cmocka_unit_test(over_promising),
		cmocka_unit_test(under_communicating),    cmocka_unit_test(one_size_fits_all),
		cmocka_unit_test(pm_as_marketer),         cmocka_unit_test(sales_blindside),
		cmocka_unit_test(no_feedback_loop),       cmocka_unit_test(schedule),
		cmocka_unit_test(calendar),               cmocka_unit_test(brief_incomplete),
		cmocka_unit_test(score_formula),          cmocka_unit_test(only_the_rules_asked_for_run),
		cmocka_unit_test(messages_read_as_english), cmocka_unit_test(product_slip),
		cmocka_unit_test(unapproved_external_copy), cmocka_unit_test(awaiting_approval_is_open),
		cmocka_unit_test(legal_and_pm_tasks),     cmocka_unit_test(metric_missing),
		cmocka_unit_test(metric_stale),           cmocka_unit_test(metric_behind),
		cmocka_unit_test(metric_missed),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
