/*
 * test_app_refusals.c - a refused use case changes nothing, on every
 * backend. A workspace holding a bit of everything (people, launches in
 * each state with their tasks, dependencies and owners, a brief, a delay
 * with its baseline and decision, another baseline, a holiday, a freeze, a
 * decision, files to import) is offered one bad call after another,
 * written below as data the way a front end would send them: the call, the
 * record it names, its fields. Each must be refused with its code and
 * message, leave no transaction open, and leave the workspace's snapshot as
 * it was. Several are refused halfway, after the use case has written part
 * of its change inside its transaction (marked so below).
 *
 * A record of the seed is named "@name" (as a reference, or as a field's
 * value). What is not a field of the call's input description is an option
 * of the call: force (task rm), if_version=N (task set), text=NAME (brief
 * import: one of text_names), apply and reason=TEXT (brief import),
 * rule=ID (check), baseline=NAME (baseline save).
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

typedef struct refusal {
	const char *call;        /* the use case, as the command line names it */
	const char *ref;         /* the record it is about, or NULL */
	const char *args[6];     /* its fields ("field=value") and options */
	int code;                /* the error it must give */
	const char *says;        /* words its message must hold, or NULL */
} refusal;

/* ---- the seed ---- */

static struct {
	struct {
		char name[24];
		char text[600];
	} refs[24];
	int n;
	char *texts[5];          /* brief texts, by the names in text_names */
} S;

static const char *const text_names[] = { "dark-mode", "empty", "moved", "nobody", "bad-tier" };

static void name(const char *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void name(const char *n, const char *fmt, ...)
{
	va_list ap;
	assert_true(S.n < (int)(sizeof(S.refs) / sizeof(S.refs[0])));
	snprintf(S.refs[S.n].name, sizeof(S.refs[S.n].name), "%s", n);
	va_start(ap, fmt);
	vsnprintf(S.refs[S.n].text, sizeof(S.refs[S.n].text), fmt, ap);
	va_end(ap);
	S.n++;
}

/* "@name" as the seed named it; anything else as it is. */
static const char *resolve(const char *s)
{
	if (!s || s[0] != '@')
		return s;
	for (int i = 0; i < S.n; i++)
		if (!strcmp(S.refs[i].name, s + 1))
			return S.refs[i].text;
	fail_msg("the seed names no '%s'", s);
	return s;
}

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

static const char BRIEF[] = "## Launch Brief: Dark mode\n\n"
			    "### What We're Launching\nA dark theme for every screen.\n\n"
			    "### Key Messages\n1. Work comfortably, day and night\n2. Custom themes for every team\n\n"
			    "### Success Metrics\n| Metric | Target | Timeframe |\n|--------|--------|-----------|\n"
			    "| Users enabling dark mode | 30% | 30 days |\n";

static tm_task seed_task(ws *w, const char *launch, const char *title, const char *field)
{
	tm_task_input in;
	tm_task t;
	char tf[240];
	snprintf(tf, sizeof(tf), "title=%s", title);
	IN(&tm_task_desc, &in, tf, field);
	OK(w, tm_app_task_add(&w->app, launch, &in, &t, &w->err));
	return t;
}

static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail sso = { 0 }, dark = { 0 }, far = { 0 }, retired = { 0 }, s = { 0 };
	tm_task_input ti;
	tm_task t;
	tm_launch_brief b;
	tm_delay_input di;
	tm_delay_result r;
	tm_holiday_input hi;
	tm_holiday_result hr;
	tm_freeze_input fi;
	tm_freeze fr;
	tm_decision_input dci;
	tm_decision dc;
	tm_baseline bl;
	char ref[24];
	memset(&S, 0, sizeof(S));

	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm", "email=dana.reyes@example.com");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Léa Dubois", "role=marketing", "email=lea@example.com");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Sam Okafor", "role=sales");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));

	IN(&tm_launch_desc, &li, "name=Single sign-on", "date=2027-03-16", "tier=2", "pm=Dana Reyes", "marketing=Léa Dubois",
	   "owners=sales=Sam Okafor");
	OK(w, tm_app_launch_add(&w->app, &li, &sso, &w->err));
	name("sso", "%s", sso.launch.slug);
	name("msg", "#%lld", (long long)ws_task(&sso.tasks, "Messaging approved")->id);
	name("changelog", "#%lld", (long long)ws_task(&sso.tasks, "Changelog entry")->id);
	name("launch", "#%lld", (long long)ws_task(&sso.tasks, "Launch")->id);
	t = seed_task(w, "single-sign-on", "Partner briefing", "due=2027-03-10");
	name("partner", "#%lld", (long long)t.id);
	tm_task_release(&t);
	IN(&tm_task_desc, &ti, "status=done");
	OK(w, tm_app_task_set(&w->app, ws_ref(ws_task(&sso.tasks, "Support team informed")->id, ref), &ti, &t, &w->err));
	tm_task_release(&t);
	char *brief = replace(BRIEF, "Dark mode\n", "Single sign-on\n");
	OK(w, tm_app_brief_import_text(&w->app, "single-sign-on", brief, strlen(brief), "brief.md", &b, &w->err));
	free(brief);
	OK(w, tm_app_baseline_save(&w->app, "single-sign-on", "kickoff", &bl, &w->err));

	IN(&tm_launch_desc, &li, "name=Dark mode", "date=2027-04-13", "tier=3", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &dark, &w->err));
	name("dark", "%s", dark.launch.slug);
	name("dark-launch", "#%lld", (long long)ws_task(&dark.tasks, "Launch")->id);
	IN(&tm_delay_desc, &di, "to=2027-04-20", "reason=QA found contrast bugs");
	OK(w, tm_app_launch_delay(&w->app, "dark-mode", &di, &r, &w->err));
	tm_delay_result_release(&r);

	IN(&tm_launch_desc, &li, "name=Far future", "date=2199-12-20", "tier=4", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &far, &w->err));
	name("far", "%s", far.launch.slug);
	t = seed_task(w, "far-future", "Wrap up", "due=T+11d"); /* Tuesday 31 December 2199, the last day tminus plans */
	name("wrap", "#%lld", (long long)t.id);
	tm_task_release(&t);

	IN(&tm_launch_desc, &li, "name=Retired", "date=2027-02-02", "tier=4");
	OK(w, tm_app_launch_add(&w->app, &li, &retired, &w->err));
	IN(&tm_launch_desc, &li, "status=cancelled");
	OK(w, tm_app_launch_set(&w->app, "retired", &li, &s, &w->err));
	tm_launch_detail_release(&s);
	name("retired", "%s", retired.launch.slug);

	IN(&tm_holiday_desc, &hi, "date=2027-02-15", "name=Presidents' Day");
	OK(w, tm_app_holiday_add(&w->app, &hi, &hr, &w->err));
	IN(&tm_freeze_desc, &fi, "from=2027-05-03", "to=2027-05-07", "name=Spring freeze");
	OK(w, tm_app_freeze_add(&w->app, &fi, &fr, &w->err));
	name("freeze", "%lld", (long long)fr.id);
	IN(&tm_decision_desc, &dci, "what=Ship single sign-on first", "why=The biggest deals wait on it");
	OK(w, tm_app_decision_add(&w->app, &dci, &dc, &w->err));

	/* A playbook file with a mistake, and one that is not there. */
	char path[600];
	snprintf(path, sizeof(path), "%s/bad-playbook.yaml", w->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("playbook: broken\ntiers:\n  - tier: 9\n    tasks: [\n", f);
	fclose(f);
	name("bad-playbook", "%s", path);
	name("no-playbook", "%s/no-such-playbook.yaml", w->dir);

	/* Calendars to import: one whose second event is no holiday (after the first was added), one that
	 * is not iCalendar at all. */
	snprintf(path, sizeof(path), "%s/sabbatical.ics", w->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tminus tests//EN\r\n"
	      "BEGIN:VEVENT\r\nUID:1@tminus.test\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302\r\n"
	      "SUMMARY:Company day\r\nEND:VEVENT\r\n"
	      "BEGIN:VEVENT\r\nUID:2@tminus.test\r\nDTSTART;VALUE=DATE:20270401\r\nDTEND;VALUE=DATE:20280505\r\n"
	      "SUMMARY:Sabbatical\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	      f);
	fclose(f);
	name("sabbatical", "%s", path);
	snprintf(path, sizeof(path), "%s/notes.ics", w->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Holidays: the usual ones\n", f);
	fclose(f);
	name("not-ics", "%s", path);
	name("no-ics", "%s/no-such-calendar.ics", w->dir);

	/* The texts brief import is given. */
	tm_launch_brief lb;
	tm_buf md = TM_BUF_INIT;
	OK(w, tm_app_brief(&w->app, "single-sign-on", &lb, &w->err));
	tm_app_brief_markdown(&lb, &md);
	S.texts[0] = tm_xstrdup(BRIEF);
	S.texts[1] = tm_xstrdup("\n\n");
	S.texts[2] = replace(md.s, "| Launch Date | 2027-03-16 |", "| Launch Date | 2027-03-23 |");
	S.texts[3] = replace(S.texts[2], "| PM Owner | Dana Reyes |", "| PM Owner | Nobody |");
	S.texts[4] = replace(md.s, "| Launch Tier | 2 (Standard launch) |", "| Launch Tier | 9 |");
	tm_buf_release(&md);

	tm_launch_detail_release(&sso);
	tm_launch_detail_release(&dark);
	tm_launch_detail_release(&far);
	tm_launch_detail_release(&retired);
}

static void unseed(void)
{
	for (size_t i = 0; i < sizeof(S.texts) / sizeof(S.texts[0]); i++)
		free(S.texts[i]);
	memset(&S, 0, sizeof(S));
}

/* ---- running a call as the table says ---- */

static const struct {
	const char *call;
	const tm_input_desc *desc;
} inputs[] = {
	{ "person add", &tm_person_desc }, { "person set", &tm_person_desc },  { "launch add", &tm_launch_desc },
	{ "launch set", &tm_launch_desc }, { "launch delay", &tm_delay_desc }, { "task add", &tm_task_desc },
	{ "task set", &tm_task_desc },     { "dep add", &tm_dep_desc },        { "dep rm", &tm_dep_desc },
	{ "holiday add", &tm_holiday_desc }, { "freeze add", &tm_freeze_desc }, { "decision add", &tm_decision_desc },
};

/* What the table's options say. */
typedef struct options {
	bool force, apply;
	int64_t if_version;
	const char *text, *reason, *rule, *name;
} options;

static bool option(const char *key, const char *value, options *o)
{
	if (!strcmp(key, "force"))
		o->force = true;
	else if (!strcmp(key, "apply"))
		o->apply = true;
	else if (!strcmp(key, "if_version"))
		o->if_version = strtoll(value, NULL, 10);
	else if (!strcmp(key, "reason"))
		o->reason = value;
	else if (!strcmp(key, "text")) {
		for (size_t i = 0; i < sizeof(text_names) / sizeof(text_names[0]); i++)
			if (!strcmp(text_names[i], value))
				o->text = S.texts[i];
		if (!o->text)
			fail_msg("no brief text '%s'", value);
	} else if (!strcmp(key, "rule"))
		o->rule = value;
	else if (!strcmp(key, "baseline"))
		o->name = value;
	else
		return false;
	return true;
}

/* Makes the call c describes; returns its status (w->err has its error). */
static int run(ws *w, const refusal *c)
{
	tm_app *app = &w->app;
	tm_error *err = &w->err;
	union {
		tm_person_input person;
		tm_launch_input launch;
		tm_task_input task;
		tm_dep_input dep;
		tm_delay_input delay;
		tm_holiday_input holiday;
		tm_freeze_input freeze;
		tm_decision_input decision;
	} in;
	options o = { 0 };
	const tm_input_desc *desc = NULL;
	const char *ref = resolve(c->ref);
	memset(&in, 0, sizeof(in));
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		if (!strcmp(inputs[i].call, c->call))
			desc = inputs[i].desc;
	for (int i = 0; i < 6 && c->args[i]; i++) {
		char key[64];
		const char *eq = strchr(c->args[i], '=');
		size_t len = eq ? (size_t)(eq - c->args[i]) : strlen(c->args[i]);
		const char *value = eq ? resolve(eq + 1) : "";
		tm_error bad = TM_ERROR_INIT;
		snprintf(key, sizeof(key), "%.*s", (int)len, c->args[i]);
		/* A field of the call's input when it has one by that name, else an option. */
		if (desc && tm_input_field(desc, key) >= 0) {
			if (tm_input_set(desc, key, value, &in, &bad))
				fail_msg("%s: the table's '%s' is refused by the description: %s", c->call, c->args[i], bad.msg);
		} else if (!option(key, value, &o)) {
			fail_msg("%s: the table's '%s' is neither a field nor an option", c->call, c->args[i]);
		}
	}

	int rc;
	if (!strcmp(c->call, "person add") || !strcmp(c->call, "person set")) {
		tm_person p;
		rc = ref ? tm_app_person_set(app, ref, &in.person, &p, err) : tm_app_person_add(app, &in.person, &p, err);
	} else if (!strcmp(c->call, "launch add") || !strcmp(c->call, "launch set")) {
		tm_launch_detail d = { 0 };
		rc = ref ? tm_app_launch_set(app, ref, &in.launch, &d, err) : tm_app_launch_add(app, &in.launch, &d, err);
		tm_launch_detail_release(&d);
	} else if (!strcmp(c->call, "launch rm")) {
		tm_launch l;
		rc = tm_app_launch_rm(app, ref, &l, err);
	} else if (!strcmp(c->call, "launch delay")) {
		tm_delay_result r = { 0 };
		rc = tm_app_launch_delay(app, ref, &in.delay, &r, err);
		if (!rc)
			tm_delay_result_release(&r);
	} else if (!strcmp(c->call, "task add") || !strcmp(c->call, "task set")) {
		tm_task t = { 0 };
		in.task.if_version = o.if_version; /* not an input: what a client read (the API's If-Match) */
		rc = !strcmp(c->call, "task add") ? tm_app_task_add(app, ref, &in.task, &t, err)
						  : tm_app_task_set(app, ref, &in.task, &t, err);
		if (!rc)
			tm_task_release(&t);
	} else if (!strcmp(c->call, "task rm")) {
		tm_task t = { 0 };
		tm_deps freed = TM_VEC_INIT;
		rc = tm_app_task_rm(app, ref, o.force, &t, &freed, err);
		tm_task_release(&t);
		TM_VEC_FREE(&freed);
	} else if (!strcmp(c->call, "dep add") || !strcmp(c->call, "dep rm")) {
		tm_task t = { 0 };
		rc = !strcmp(c->call, "dep add") ? tm_app_dep_add(app, ref, &in.dep, &t, err)
						 : tm_app_dep_rm(app, ref, &in.dep, &t, err);
		if (!rc)
			tm_task_release(&t);
	} else if (!strcmp(c->call, "holiday add")) {
		tm_holiday_result r;
		rc = tm_app_holiday_add(app, &in.holiday, &r, err);
	} else if (!strcmp(c->call, "holiday import")) {
		tm_holiday_result r;
		rc = tm_app_holiday_import(app, ref, &r, err);
	} else if (!strcmp(c->call, "holiday rm")) {
		tm_holiday_result r;
		rc = tm_app_holiday_rm(app, ref, &r, err);
	} else if (!strcmp(c->call, "freeze add")) {
		tm_freeze f;
		rc = tm_app_freeze_add(app, &in.freeze, &f, err);
	} else if (!strcmp(c->call, "freeze rm")) {
		rc = tm_app_freeze_rm(app, ref, err);
	} else if (!strcmp(c->call, "decision add")) {
		tm_decision d;
		rc = tm_app_decision_add(app, &in.decision, &d, err);
	} else if (!strcmp(c->call, "brief import")) {
		tm_launch_brief b;
		tm_brief_import_options opt = { .apply_overview = o.apply, .reason = o.reason };
		rc = tm_app_brief_import_with(app, ref, o.text, strlen(o.text), "brief.md", &opt, &b, err);
	} else if (!strcmp(c->call, "baseline save")) {
		tm_baseline b;
		rc = tm_app_baseline_save(app, ref, o.name, &b, err);
	} else if (!strcmp(c->call, "check")) {
		tm_checks out = TM_VEC_INIT;
		const char *rules[1] = { o.rule };
		rc = tm_app_check(app, ref, rules, o.rule ? 1 : 0, &out, err);
		if (!rc)
			tm_checks_free(&out);
	} else if (!strcmp(c->call, "playbook use")) {
		rc = tm_app_playbook_use(app, ref, err);
	} else {
		fail_msg("the table names no use case '%s'", c->call);
		rc = -1;
	}
	return rc;
}

/* Runs every case on a freshly seeded workspace; each must be refused and change nothing. */
static void run_all(ws *w, const refusal *cases, size_t n)
{
	int failed = 0;
	seed(w);
	for (size_t i = 0; i < n; i++) {
		const refusal *c = &cases[i];
		char what[400];
		tm_buf before = TM_BUF_INIT, args = TM_BUF_INIT;
		for (int k = 0; k < 6 && c->args[k]; k++)
			tm_buf_printf(&args, " %s", c->args[k]);
		snprintf(what, sizeof(what), "%s%s%s%s", c->call, c->ref ? " " : "", c->ref ? c->ref : "", args.s);
		ws_snapshot(w, &before);
		tm_error_clear(&w->err);
		int rc = run(w, c);
		if (!ws_check_refused(w, &before, rc, c->code, c->says, what))
			failed++;
		tm_buf_release(&before);
		tm_buf_release(&args);
	}
	unseed();
	if (failed)
		fail_msg("%d of %zu refusals went wrong (above)", failed, n);
}

#define RUN_ALL(w, cases) run_all(w, cases, sizeof(cases) / sizeof((cases)[0]))

/* ---- the cases ---- */

static const refusal people[] = {
	{ "person add", NULL, { "name=dana reyes", "role=pm" }, TM_ECONFLICT, "a person named 'Dana Reyes' already exists" },
	{ "person add", NULL, { "name=LÉA DUBOIS", "role=pmm" }, TM_ECONFLICT, "already exists" },
	{ "person add", NULL, { "name=Dana R", "role=pm", "email=DANA.REYES@EXAMPLE.COM" }, TM_ECONFLICT, "already has email" },
	{ "person add", NULL, { "name=dana@example.com", "role=pm" }, TM_EINVAL, "cannot contain '@'" },
	{ "person add", NULL, { "name=Ana Silva", "role=pm", "email=ana.example.com" }, TM_EINVAL, "invalid email" },
	{ "person add", NULL, { "name=Ana Silva" }, TM_EINVAL, "role" },
	{ "person set", "Nobody", { "capacity=3" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "person set", "Léa", { "name=DANA REYES" }, TM_ECONFLICT, "already exists" },
	{ "person set", "Sam Okafor", { "email=LEA@example.com" }, TM_ECONFLICT, "already has email" },
	{ "person set", "Sam Okafor", { "email=sam" }, TM_EINVAL, "invalid email 'sam'" },
};

static const refusal launches[] = {
	{ "launch add", NULL, { "name=New", "date=2027-05-04" }, TM_EINVAL, "missing tier" },
	{ "launch add", NULL, { "name=New", "date=2027-05-04", "tier=2", "pm=Nobody" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "launch add", NULL, { "name=New", "date=2027-05-04", "tier=2", "owners=sales=Nobody" }, TM_ENOTFOUND, "Nobody" },
	{ "launch add", NULL, { "name=New", "date=2027-05-04", "tier=2", "add_channel_tasks=true" }, TM_EINVAL, "needs a quadrant" },
	{ "launch add", NULL, { "name=New", "date=2027-05-04", "tier=2", "status=launched" }, TM_EINVAL, NULL },
	/* Halfway: the launch and its first tasks are written before T+1q leaves the dates tminus plans. */
	{ "launch add", NULL, { "name=New", "date=2199-12-01", "tier=1", "pm=Dana" }, TM_EINVAL,
	  "would be due 2200-" },
	{ "launch set", "no-such-launch", { "name=Renamed" }, TM_ENOTFOUND, NULL },
	{ "launch set", "@sso", { "date=2027-04-01" }, TM_EINVAL, "launch delay" },
	{ "launch set", "@sso", { "marketing=Nobody" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "launch set", "@sso", { "add_channel_tasks=true" }, TM_EINVAL, "needs a quadrant" },
	/* Halfway: the launch is updated and tier 1's tasks added before one would be due too late. */
	{ "launch set", "@far", { "tier=1" }, TM_EINVAL, "would be due" },
	{ "launch rm", "no-such-launch", { NULL }, TM_ENOTFOUND, NULL },
};

static const refusal tasks[] = {
	{ "task add", "no-such-launch", { "title=New" }, TM_ENOTFOUND, NULL },
	{ "task add", "@sso", { "section=Other" }, TM_EINVAL, "title" },
	{ "task add", "@sso", { "title=New", "milestone=true", "effort_days=3" }, TM_EINVAL, "a milestone takes no effort" },
	{ "task add", "@sso", { "title=New", "due=2027-03-01", "not_before=2027-03-05" }, TM_EINVAL,
	  "a task cannot start after its due date" },
	{ "task add", "@sso", { "title=New", "owner=Nobody" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "task add", "@sso", { "title=New", "reviewed_by=Nobody" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "task add", "@sso", { "title=New", "after=999999" }, TM_ENOTFOUND, NULL },
	/* Halfway: the task is written before its dependency is found to be another launch's. */
	{ "task add", "@sso", { "title=New", "after=@dark-launch" }, TM_EINVAL, "only wait for tasks of its own launch" },
	{ "task add", "@far", { "title=New", "due=T+1q" }, TM_EINVAL, "would be due" },
	{ "task set", "#999999", { "status=done" }, TM_ENOTFOUND, NULL },
	{ "task set", "twelve", { "status=done" }, TM_EINVAL, "invalid task id 'twelve'" },
	{ "task set", "@msg", { "status=done", "if_version=999" }, TM_ESTALE, "has changed" },
	{ "task set", "@msg", { "after=@changelog" }, TM_EINVAL, "task dep add" },
	{ "task set", "@msg", { "effort_days=3" }, TM_EINVAL, "a milestone takes no effort" },
	{ "task set", "@wrap", { "due=T+1q" }, TM_EINVAL, "would be due" },
	{ "task set", "@partner", { "status=done", "reviewed_by=Nobody" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "task rm", "@msg", { NULL }, TM_ECONFLICT, "remove it anyway with force" },
	{ "task rm", "@launch", { NULL }, TM_ECONFLICT, "Monitor support tickets" },
	{ "task rm", "#999999", { "force" }, TM_ENOTFOUND, NULL },
	{ "dep add", "@msg", { "after=@changelog" }, TM_ECONFLICT, "that would close the cycle" },
	{ "dep add", "@msg", { "after=@msg" }, TM_ECONFLICT, "that would close the cycle" },
	{ "dep add", "@changelog", { "after=@msg" }, TM_ECONFLICT, "already waits for" },
	{ "dep add", "@msg", { "after=@dark-launch" }, TM_EINVAL, "only wait for tasks of its own launch" },
	{ "dep add", "@msg", { "after=999999" }, TM_ENOTFOUND, NULL },
	{ "dep add", "@msg", { NULL }, TM_EINVAL, "after" },
	{ "dep rm", "@msg", { "after=@changelog" }, TM_ENOTFOUND, "does not wait for" },
};

static const refusal dates[] = {
	{ "launch delay", "@sso", { "reason=Because" }, TM_EINVAL, "missing to" },
	{ "launch delay", "@sso", { "to=2027-03-30" }, TM_EINVAL, "missing reason" },
	{ "launch delay", "@sso", { "to=2027-03-16", "reason=Because" }, TM_EINVAL, "is already on 2027-03-16" },
	{ "launch delay", "no-such-launch", { "to=2027-03-30", "reason=Because" }, TM_ENOTFOUND, NULL },
	{ "launch delay", "@retired", { "to=2027-03-02", "reason=Because" }, TM_ECONFLICT, "only a planned launch can move" },
	{ "launch delay", "@sso", { "public_reason=Better for you" }, TM_EINVAL, "has not moved" },
	{ "launch delay", "no-such-launch", { "public_reason=Better for you" }, TM_ENOTFOUND, NULL },
	/* Halfway: the baseline is saved and launch day written before a task would leave the range. */
	{ "launch delay", "@far", { "to=2199-12-27", "reason=Later" }, TM_EINVAL, "'Wrap up' would be due 2200-01-07" },
	{ "holiday add", NULL, { "date=2027-02-15" }, TM_ECONFLICT, NULL },
	{ "holiday add", NULL, { "name=Someday" }, TM_EINVAL, "date" },
	/* Halfway: the holiday is written before Wrap up would move past the range. */
	{ "holiday add", NULL, { "date=2199-12-31", "name=New Year's Eve" }, TM_EINVAL, "move the launch first" },
	/* Halfway: Company day is added before Sabbatical is found to be no holiday. */
	{ "holiday import", "@sabbatical", { NULL }, TM_EINVAL, "event 'Sabbatical' lasts 400 days: that is not a holiday" },
	{ "holiday import", "@not-ics", { NULL }, TM_EINVAL, "not an iCalendar file" },
	{ "holiday import", "@no-ics", { NULL }, TM_EINVAL, "cannot read" },
	{ "holiday rm", "2027-02-16", { NULL }, TM_ENOTFOUND, "2027-02-16 is not a holiday" },
	{ "holiday rm", "someday", { NULL }, TM_EINVAL, NULL },
	{ "freeze add", NULL, { "from=2027-06-10", "to=2027-06-01", "name=Backwards" }, TM_EINVAL, "ends (2027-06-01) before it starts" },
	{ "freeze rm", "999", { NULL }, TM_ENOTFOUND, "unknown freeze #999" },
	{ "freeze rm", "spring", { NULL }, TM_EINVAL, NULL },
	{ "baseline save", "@sso", { "baseline=kickoff" }, TM_ECONFLICT, NULL },
	{ "baseline save", "no-such-launch", { "baseline=kickoff" }, TM_ENOTFOUND, NULL },
};

static const refusal records[] = {
	{ "brief import", "@sso", { "text=empty" }, TM_EINVAL, "no brief sections found in brief.md" },
	{ "brief import", "@sso", { "text=dark-mode" }, TM_EINVAL, "is the brief of 'Dark mode' (dark-mode)" },
	{ "brief import", "@sso", { "text=bad-tier" }, TM_EINVAL, "brief.md:" },
	{ "brief import", "no-such-launch", { "text=dark-mode" }, TM_ENOTFOUND, NULL },
	{ "brief import", "@sso", { "text=moved", "apply" }, TM_EINVAL, "give the reason" },
	/* Halfway, through two use cases: the delay is applied before launch set finds no such PM. */
	{ "brief import", "@sso", { "text=nobody", "apply", "reason=Later" }, TM_ENOTFOUND, "unknown person 'Nobody'" },
	{ "decision add", NULL, { "launch=no-such-launch", "what=Ship", "why=Because" }, TM_ENOTFOUND, NULL },
	{ "decision add", NULL, { "what=Ship" }, TM_EINVAL, "why" },
	{ "check", "@sso", { "rule=no-such-rule" }, TM_EINVAL, "unknown rule 'no-such-rule'" },
	{ "check", "no-such-launch", { NULL }, TM_ENOTFOUND, NULL },
	{ "playbook use", "@bad-playbook", { NULL }, TM_EINVAL, "bad-playbook.yaml" },
	/*
	 * TM_ENOTFOUND (exit 3), where tm_app_playbook_check says TM_EINVAL for the same missing file
	 * ("a bad argument, not a missing record"): reported, kept here as it is until settled.
	 */
	{ "playbook use", "@no-playbook", { NULL }, TM_EINVAL, "cannot read" },
};

static void refused_people_calls_change_nothing(void **state)
{
	RUN_ALL((ws *)*state, people);
}

static void refused_launch_calls_change_nothing(void **state)
{
	RUN_ALL((ws *)*state, launches);
}

static void refused_task_and_dependency_calls_change_nothing(void **state)
{
	RUN_ALL((ws *)*state, tasks);
}

static void refused_delays_holidays_freezes_and_baselines_change_nothing(void **state)
{
	RUN_ALL((ws *)*state, dates);
}

static void refused_briefs_decisions_checks_and_playbooks_change_nothing(void **state)
{
	RUN_ALL((ws *)*state, records);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(refused_people_calls_change_nothing),
		WS_TEST(refused_launch_calls_change_nothing),
		WS_TEST(refused_task_and_dependency_calls_change_nothing),
		WS_TEST(refused_delays_holidays_freezes_and_baselines_change_nothing),
		WS_TEST(refused_briefs_decisions_checks_and_playbooks_change_nothing),
	};
	WS_MAIN("app refusals", tests);
}
