/*
 * test_app_reviews.c - after launch day through app/ on every backend: a
 * post-launch review quotes the metrics judged with their figures (a table
 * and a sparkline), the open tasks, the decisions since T and the stage's
 * questions; holding it records the notes, ticks the stage's task and
 * leaves an audit row, and is refused before T (changing nothing); the
 * leadership dashboard gives the quarter's launches by tier with readiness,
 * metric counts, slips and the metrics behind, worst first; the stakeholder
 * update gives the month's shipped and coming launches, metrics that moved,
 * decisions and risks, as Markdown and as an email body; the post-launch
 * document gains the actual figures; the demo has a launch with outcomes.
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
#include "app/metrics.h"
#include "present/docs.h"
#include "present/markdown.h"
#include "present/outcomes.h"

#include "util/banned.h"

/*
 * Dana Reyes (pm), Sam Lee (cs); team-workspaces (tier 2, T Monday 7 December 2026, launched four
 * weeks before today) with two metrics and their figures: Activation rate on its path, Support
 * tickets behind it.
 */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d;
	tm_metric_input mi;
	tm_metric_view v;
	w->app.user = "Dana Reyes";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Sam Lee", "role=cs");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Team workspaces", "date=2026-12-07", "tier=2", "pm=Dana Reyes");
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_metric_desc, &mi, "name=Activation rate", "kind=activation", "unit=%", "direction=up", "baseline=40",
	   "target=48%", "window=90", "owner=Dana Reyes", "source=Amplitude: activation funnel");
	OK(w, tm_app_metric_add(&w->app, "team-workspaces", &mi, &v, &w->err));
	IN(&tm_metric_desc, &mi, "name=Support tickets", "kind=support-tickets", "unit=count", "direction=down",
	   "baseline=120", "target=100", "window=30", "owner=Sam Lee");
	OK(w, tm_app_metric_add(&w->app, "team-workspaces", &mi, &v, &w->err));
	static const char *const figures[][3] = { { "Activation rate", "40.5", "2026-12-07" },
						  { "Activation rate", "41", "2026-12-14" },
						  { "Activation rate", "42.5", "2026-12-21" },
						  { "Support tickets", "125", "2026-12-14" } };
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		tm_observation_input oi;
		char value[40], on[40];
		snprintf(value, sizeof(value), "value=%s", figures[i][1]);
		snprintf(on, sizeof(on), "on=%s", figures[i][2]);
		IN(&tm_observation_desc, &oi, value, on);
		OK(w, tm_app_metric_record(&w->app, "team-workspaces", figures[i][0], &oi, 1, NULL, NULL, &w->err));
	}
}

/* A launch added with its name, date and tier (PM Dana). */
static void launch(ws *w, const char *name, const char *date, const char *tier)
{
	tm_launch_input li;
	tm_launch_detail d;
	char n[160], dt[40], t[20];
	snprintf(n, sizeof(n), "name=%s", name);
	snprintf(dt, sizeof(dt), "date=%s", date);
	snprintf(t, sizeof(t), "tier=%s", tier);
	IN(&tm_launch_desc, &li, n, dt, t, "pm=Dana Reyes");
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

/* Records a decision about a launch as if it were taken on day on. */
static void decide(ws *w, const char *slug, const char *on, const char *what, const char *why)
{
	tm_decision_input di;
	tm_decision dec;
	char l[80], wh[400], wy[400];
	tm_date today = w->app.today;
	snprintf(l, sizeof(l), "launch=%s", slug);
	snprintf(wh, sizeof(wh), "what=%s", what);
	snprintf(wy, sizeof(wy), "why=%s", why);
	IN(&tm_decision_desc, &di, l, wh, wy);
	w->app.today = D(on);
	OK(w, tm_app_decision_add(&w->app, &di, &dec, &w->err));
	w->app.today = today;
}

/* The launch's post-launch task due at offset. */
static tm_task stage_task(ws *w, const char *offset)
{
	tm_launch_detail d;
	tm_task found = { 0 };
	memset(&d, 0, sizeof(d));
	OK(w, tm_app_launch_show(&w->app, "team-workspaces", &d, &w->err));
	for (size_t i = 0; i < d.tasks.n; i++) {
		char off[TM_OFFSET_STRLEN];
		const tm_task *t = &d.tasks.v[i];
		if (t->has_offset && !strcmp(t->section, "Post-launch") && !strcmp(tm_offset_format(&t->offset, off), offset)) {
			found = *t;
			found.depends_on = NULL;
			found.n_depends_on = 0;
		}
	}
	tm_launch_detail_release(&d);
	assert_true(found.id > 0);
	return found;
}

static void assert_has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("expected to find\n%s\nin\n%s", part, text);
}

/* The Markdown renders through cmark-gfm with n tables, and gives back html. */
static void render(ws *w, const tm_buf *md, int tables, tm_buf *html)
{
	OK(w, tm_markdown_html(md->s, md->len, html, &w->err));
	int n = 0;
	for (const char *p = html->s; (p = strstr(p, "<table>")); p++)
		n++;
	assert_int_equal(n, tables);
	/* No raw HTML of the user's reached the page: cmark-gfm would have omitted it. */
	assert_null(strstr(html->s, "raw HTML omitted"));
}

static void a_review_quotes_metrics_open_tasks_decisions_and_questions(void **state)
{
	ws *w = *state;
	tm_launch_review r;
	tm_buf md = TM_BUF_INIT, html = TM_BUF_INIT, q = TM_BUF_INIT;
	seed(w);
	decide(w, "team-workspaces", "2026-11-30", "Ship without SSO", "the identity work slips a quarter");
	decide(w, "team-workspaces", "2026-12-10", "Extend the trial to 30 days", "activation needs time");

	/* No stage: the latest whose day has come (week 2 fell on 21 December, month 1 falls on 7 January). */
	OK(w, tm_app_review(&w->app, "team-workspaces", -1, &r, &w->err));
	assert_int_equal(r.stage, TM_STAGE_WEEK_2);
	assert_int_equal(r.on, D("2026-12-21"));
	assert_int_equal(r.today, D(WS_TODAY));
	assert_false(r.held);
	assert_int_equal(r.task_id, stage_task(w, "T+2w").id);
	assert_int_equal(r.metrics.n, 2);
	assert_string_equal(r.metrics.v[0].m.name, "Activation rate");
	assert_int_equal(r.metrics.v[0].j.state, TM_MS_ON_TRACK);
	assert_int_equal(r.metrics.v[1].j.state, TM_MS_BEHIND);
	assert_int_equal(r.obs[0].n, 3);
	assert_int_equal(r.obs[0].v[0].on, D("2026-12-07"));
	assert_true(r.obs[0].v[2].value == 42.5);
	assert_int_equal(r.obs[1].n, 1);
	/* Only what was decided since launch day. */
	assert_int_equal(r.decisions.n, 1);
	assert_string_equal(r.decisions.v[0].what, "Extend the trial to 30 days");
	/* Every task of the launch is open (nothing was done), the stage's among them. */
	bool has_stage_task = false;
	for (size_t i = 0; i < r.open.n; i++) {
		assert_true(r.open.v[i].status != TM_TASK_DONE && r.open.v[i].status != TM_TASK_SKIPPED);
		has_stage_task |= r.open.v[i].id == r.task_id;
	}
	assert_true(has_stage_task);
	assert_true(r.open.n > 10);

	tm_review_markdown(&r, &md);
	assert_has(md.s, "## Week 2 review: Team workspaces\n\nLaunch day **2026-12-07** · tier 2 · the Week 2 review falls on "
			 "2026-12-21 (T+2w) · today 2027-01-04\n");
	assert_has(md.s, "**Not held yet**: record it with `tminus review team-workspaces week-2 --done --notes FILE.md`.");
	assert_has(md.s, "#### Activation rate: on-track\n\nActivation rate 42.5% (target 48% by 2027-03-07, expected 41.2%): on-track");
	assert_has(md.s, "Support tickets 125 (target 100 by 2027-01-06, expected 115.3): behind");
	assert_has(md.s, "owner Dana Reyes · source Amplitude: activation funnel");
	assert_has(md.s, "Trend ▁▃█ · 3 figures");
	assert_has(md.s, "| Date | Value | On the path | Δ vs path |\n|------|------:|------------:|-----------|\n"
			 "| 2026-12-07 | 40.5% | 40% | +0.5 points (ahead) |\n| 2026-12-14 | 41% | 40.6% | +0.4 points (ahead) |\n"
			 "| 2026-12-21 | 42.5% | 41.2% | +1.3 points (ahead) |\n");
	/* Down is good: more tickets than the path is behind it. */
	assert_has(md.s, "| 2026-12-14 | 125 | 115.3 | +9.7 (behind) |\n");
	assert_has(md.s, "### Decisions since launch\n\n- 2026-12-10: Extend the trial to 30 days — activation needs time (Dana Reyes)\n");
	assert_null(strstr(md.s, "Ship without SSO"));
	char line[200];
	snprintf(line, sizeof(line), "- [ ] #%lld ", (long long)r.task_id);
	assert_has(md.s, line);
	/* The stage's questions, as a checklist. */
	const char *const *qs = tm_stage_questions(TM_STAGE_WEEK_2);
	assert_non_null(qs);
	assert_non_null(qs[0]);
	assert_has(md.s, "### Questions for the Week 2 review\n\n- [ ] ");
	for (; *qs; qs++) {
		tm_buf_reset(&q);
		tm_buf_adds(&q, "- [ ] ");
		tm_md_escape(&q, *qs);
		assert_has(md.s, q.s);
	}
	assert_null(strstr(md.s, "### Notes"));
	render(w, &md, 2, &html);
	assert_has(html.s, "<td>+1.3 points (ahead)</td>");

	tm_launch_review_release(&r);
	tm_buf_release(&md);
	tm_buf_release(&html);
	tm_buf_release(&q);
}

static void user_text_is_escaped_in_every_document(void **state)
{
	ws *w = *state;
	tm_metric_input mi;
	tm_metric_view v;
	tm_observation_input oi;
	tm_launch_review r;
	tm_dashboard d;
	tm_buf md = TM_BUF_INIT, html = TM_BUF_INIT;
	seed(w);
	IN(&tm_metric_desc, &mi, "name=Churn | <b>*risk*</b> #1", "kind=churn", "unit=%", "direction=down", "baseline=5",
	   "target=-2pt", "window=20", "owner=Sam Lee", "source=[CRM](javascript:alert(1)) & co");
	OK(w, tm_app_metric_add(&w->app, "team-workspaces", &mi, &v, &w->err));
	IN(&tm_observation_desc, &oi, "value=6", "on=2026-12-21");
	OK(w, tm_app_metric_record(&w->app, "team-workspaces", "Churn | <b>*risk*</b> #1", &oi, 1, NULL, NULL, &w->err));

	OK(w, tm_app_review(&w->app, "team-workspaces", TM_STAGE_MONTH_1, &r, &w->err));
	tm_review_markdown(&r, &md);
	assert_has(md.s, "#### Churn \\| \\<b\\>\\*risk\\*\\</b\\> \\#1: missed\n");
	assert_has(md.s, "source \\[CRM\\](javascript:alert(1)) \\& co");
	render(w, &md, 3, &html);
	assert_has(html.s, "Churn | &lt;b&gt;*risk*&lt;/b&gt; #1");
	assert_null(strstr(html.s, "<a href"));
	tm_launch_review_release(&r);

	/* The dashboard's table of metrics behind keeps its seven cells. */
	tm_buf_reset(&md);
	tm_buf_reset(&html);
	OK(w, tm_app_dashboard(&w->app, "2026Q4", &d, &w->err));
	tm_dashboard_markdown(&d, &md);
	assert_has(md.s, "| Team workspaces | Churn \\| \\<b\\>\\*risk\\*\\</b\\> \\#1 | missed | 6% (2026-12-21) | 3.6% | 3% by 2026-12-27 | Sam Lee |\n");
	render(w, &md, 2, &html);
	tm_dashboard_release(&d);
	tm_buf_release(&md);
	tm_buf_release(&html);
}

static void holding_a_review_records_it_ticks_its_task_and_audits(void **state)
{
	ws *w = *state;
	tm_launch_review r;
	tm_reviews held = TM_VEC_INIT;
	tm_audits audit = TM_VEC_INIT;
	tm_buf md = TM_BUF_INIT;
	seed(w);
	tm_task task = stage_task(w, "T+1w");
	assert_int_not_equal(task.status, TM_TASK_DONE);
	const char notes[] = "Went *well*: activation is ahead.\n\n- Sam writes the guest-invite article";
	OK(w, tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_WEEK_1, notes, strlen(notes), &r, &w->err));
	assert_true(r.held);
	assert_int_equal(r.stage, TM_STAGE_WEEK_1);
	assert_int_equal(r.review.stage, TM_STAGE_WEEK_1);
	assert_int_equal(r.review.held_on, D(WS_TODAY));
	assert_string_equal(r.review.by, "Dana Reyes");
	assert_string_equal(r.review.notes, notes);
	assert_int_equal(r.task_id, task.id);
	for (size_t i = 0; i < r.open.n; i++)
		assert_true(r.open.v[i].id != task.id);
	tm_review_markdown(&r, &md);
	assert_has(md.s, "**Held** on 2027-01-04 by Dana Reyes.\n");
	assert_has(md.s, "### Notes\n\nWent *well*: activation is ahead.\n\n- Sam writes the guest-invite article\n");
	tm_launch_review_release(&r);

	/* The stage's task is done; the others are not. */
	tm_task now, other;
	char ref[24];
	OK(w, tm_app_task_get(&w->app, ws_ref(task.id, ref), &now, &w->err));
	assert_int_equal(now.status, TM_TASK_DONE);
	tm_task_release(&now);
	OK(w, tm_app_task_get(&w->app, ws_ref(stage_task(w, "T+2w").id, ref), &other, &w->err));
	assert_int_not_equal(other.status, TM_TASK_DONE);
	tm_task_release(&other);

	/* One audit row for the review, naming it, with the notes. */
	OK(w, tm_app_audit_list(&w->app, 20, 0, &audit, &w->err));
	int found = 0;
	for (size_t i = 0; i < audit.n; i++) {
		if (strcmp(audit.v[i].action, "review.done"))
			continue;
		found++;
		assert_has(audit.v[i].target, "review week-1");
		assert_string_equal(audit.v[i].who, "Dana Reyes");
		assert_null(audit.v[i].before);
		assert_has(audit.v[i].after, "\"stage\":\"week-1\"");
		assert_has(audit.v[i].after, "Went *well*");
	}
	assert_int_equal(found, 1);
	tm_audits_free(&audit);

	/* Held again: the record is replaced, the audit row says what it was. */
	OK(w, tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_WEEK_1, "Second take", 11, &r, &w->err));
	tm_launch_review_release(&r);
	OK(w, tm_app_review_list(&w->app, "team-workspaces", &held, &w->err));
	assert_int_equal(held.n, 1);
	assert_string_equal(held.v[0].notes, "Second take");
	TM_VEC_FREE(&held);
	OK(w, tm_app_audit_list(&w->app, 1, 0, &audit, &w->err));
	assert_string_equal(audit.v[0].action, "review.done");
	assert_has(audit.v[0].before, "Went *well*");
	assert_has(audit.v[0].after, "Second take");
	tm_audits_free(&audit);

	/* A review with no notes, of another stage, adds a second record. */
	OK(w, tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_DAY_1, NULL, 0, &r, &w->err));
	assert_true(r.held);
	assert_string_equal(r.review.notes, "");
	tm_launch_review_release(&r);
	OK(w, tm_app_review_list(&w->app, "team-workspaces", &held, &w->err));
	assert_int_equal(held.n, 2);
	TM_VEC_FREE(&held);
	tm_buf_release(&md);
}

static void a_review_is_refused_before_launch_day_and_with_bad_notes(void **state)
{
	ws *w = *state;
	tm_launch_review r;
	seed(w);
	launch(w, "Dark mode", "2027-02-16", "3");
	REFUSED(w, TM_EINVAL, "before launch day 2027-02-16",
		tm_app_review_done(&w->app, "dark-mode", TM_STAGE_DAY_1, "early", 5, &r, &w->err));
	REFUSED(w, TM_EINVAL, "UTF-8",
		tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_WEEK_1, "bad \xff byte", 10, &r, &w->err));
	assert_string_equal(w->err.field, "notes");
	REFUSED(w, TM_EINVAL, "UTF-8", tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_WEEK_1, "a\0b", 3, &r, &w->err));
	char *big = malloc(TM_REVIEW_NOTES_MAX + 2);
	memset(big, 'x', TM_REVIEW_NOTES_MAX + 1);
	big[TM_REVIEW_NOTES_MAX + 1] = '\0';
	REFUSED(w, TM_EINVAL, "too long",
		tm_app_review_done(&w->app, "team-workspaces", TM_STAGE_WEEK_1, big, TM_REVIEW_NOTES_MAX + 1, &r, &w->err));
	free(big);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_review_done(&w->app, "no-such-launch", TM_STAGE_WEEK_1, "x", 1, &r, &w->err));
	REFUSED(w, TM_EINVAL, "stage", tm_app_review_done(&w->app, "team-workspaces", 42, "x", 1, &r, &w->err));

	/* Before T the review can be read (day 1 by default), not held. */
	OK(w, tm_app_review(&w->app, "dark-mode", -1, &r, &w->err));
	assert_int_equal(r.stage, TM_STAGE_DAY_1);
	assert_int_equal(r.on, D("2027-02-16"));
	assert_false(r.held);
	assert_int_equal(r.metrics.n, 0);
	tm_launch_review_release(&r);
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_review(&w->app, "nope", -1, &r, &w->err));
}

static void the_dashboard_gives_the_quarter_by_tier(void **state)
{
	ws *w = *state;
	tm_dashboard d;
	tm_metric_input mi;
	tm_metric_view v;
	tm_observation_input oi;
	tm_buf md = TM_BUF_INIT, html = TM_BUF_INIT;
	seed(w);
	/* A metric whose window is over, never met: missed, the worst. */
	IN(&tm_metric_desc, &mi, "name=Signups", "kind=adoption", "unit=count", "direction=up", "baseline=10", "target=20",
	   "window=7", "owner=Dana Reyes");
	OK(w, tm_app_metric_add(&w->app, "team-workspaces", &mi, &v, &w->err));
	IN(&tm_observation_desc, &oi, "value=12", "on=2026-12-10");
	OK(w, tm_app_metric_record(&w->app, "team-workspaces", "Signups", &oi, 1, NULL, NULL, &w->err));
	launch(w, "Dark mode", "2027-02-02", "3");
	launch(w, "Usage billing", "2027-03-02", "1");
	launch(w, "Old idea", "2027-03-10", "2");
	launch(w, "Next quarter", "2027-04-06", "2");
	tm_launch_input li;
	tm_launch_detail ld = { 0 };
	IN(&tm_launch_desc, &li, "status=cancelled");
	OK(w, tm_app_launch_set(&w->app, "old-idea", &li, &ld, &w->err));
	tm_launch_detail_release(&ld);
	tm_delay_input di;
	tm_delay_result dr;
	IN(&tm_delay_desc, &di, "to=2027-02-16", "reason=design review found gaps");
	memset(&dr, 0, sizeof(dr));
	OK(w, tm_app_launch_delay(&w->app, "dark-mode", &di, &dr, &w->err));
	tm_delay_result_release(&dr);

	/* Today's quarter: the two launches to come, tier 1 first; the cancelled and next quarter's left out. */
	OK(w, tm_app_dashboard(&w->app, NULL, &d, &w->err));
	assert_string_equal(d.quarter, "2027Q1");
	assert_int_equal(d.from, D("2027-01-01"));
	assert_int_equal(d.to, D("2027-03-31"));
	assert_int_equal(d.rows.n, 2);
	assert_string_equal(d.rows.v[0].launch.slug, "usage-billing");
	assert_string_equal(d.rows.v[1].launch.slug, "dark-mode");
	assert_int_equal(d.by_tier[1], 1);
	assert_int_equal(d.by_tier[3], 1);
	assert_int_equal(d.by_tier[2], 0);
	/* Readiness as check gives it. */
	for (size_t i = 0; i < d.rows.n; i++) {
		tm_checks c = TM_VEC_INIT;
		const tm_dashboard_row *r = &d.rows.v[i];
		OK(w, tm_app_check(&w->app, r->launch.slug, NULL, 0, &c, &w->err));
		assert_false(r->launched);
		assert_int_equal(r->score, c.v[0].score);
		assert_int_equal(r->errors, c.v[0].errors);
		assert_int_equal(r->warnings, c.v[0].warnings);
		tm_checks_free(&c);
	}
	/* dark-mode slipped two weeks, once. */
	assert_int_equal(d.rows.v[1].first_date, D("2027-02-02"));
	assert_int_equal(d.rows.v[1].slip_days, 14);
	assert_int_equal(d.rows.v[1].moves, 1);
	assert_int_equal(d.rows.v[0].slip_days, 0);
	assert_int_equal(d.rows.v[0].first_date, D("2027-03-02"));
	assert_int_equal(d.behind.n, 0);
	tm_dashboard_markdown(&d, &md);
	assert_has(md.s, "## Leadership dashboard: 2027Q1\n\n2027-01-01 to 2027-03-31 · today 2027-01-04 · 2 launches (1 of tier 1, 1 of tier 3)\n");
	assert_has(md.s, "### Tier 3\n\n| Launch | Date | Status | Readiness or metrics | Slipped |\n");
	char row[300];
	snprintf(row, sizeof(row), "| Dark mode | 2027-02-16 | planned | readiness %d/100 · %d %s · %d %s | 14 days later (first planned 2027-02-02, moved 1 time) |\n",
		 d.rows.v[1].score, d.rows.v[1].errors, d.rows.v[1].errors == 1 ? "error" : "errors", d.rows.v[1].warnings,
		 d.rows.v[1].warnings == 1 ? "warning" : "warnings");
	assert_has(md.s, row);
	assert_has(md.s, "### Metrics behind\n\nNone");
	render(w, &md, 2, &html);
	tm_dashboard_release(&d);

	/* Last quarter: the launched launch's metrics counted, those behind listed worst first, with owners. */
	tm_buf_reset(&md);
	OK(w, tm_app_dashboard(&w->app, "q4 2026", &d, &w->err));
	assert_string_equal(d.quarter, "2026Q4");
	assert_int_equal(d.rows.n, 1);
	assert_true(d.rows.v[0].launched);
	assert_int_equal(d.rows.v[0].score, -1);
	assert_int_equal(d.rows.v[0].metrics[TM_MS_ON_TRACK], 1);
	assert_int_equal(d.rows.v[0].metrics[TM_MS_BEHIND], 1);
	assert_int_equal(d.rows.v[0].metrics[TM_MS_MISSED], 1);
	assert_int_equal(d.behind.n, 2);
	assert_string_equal(d.behind.v[0].m.name, "Signups");
	assert_int_equal(d.behind.v[0].j.state, TM_MS_MISSED);
	assert_string_equal(d.behind.v[1].m.name, "Support tickets");
	assert_string_equal(d.behind.v[1].m.owner, "Sam Lee");
	assert_string_equal(d.behind.v[1].launch_name, "Team workspaces");
	tm_dashboard_markdown(&d, &md);
	assert_has(md.s, "| Team workspaces | 2026-12-07 | planned | 1 on-track · 1 behind · 1 missed | - |\n");
	assert_has(md.s, "| Team workspaces | Signups | missed | 12 (2026-12-10) | 14.3 | 20 by 2026-12-14 | Dana Reyes |\n"
			 "| Team workspaces | Support tickets | behind | 125 (2026-12-14) | 115.3 | 100 by 2027-01-06 | Sam Lee |\n");
	tm_dashboard_release(&d);
	OK(w, tm_app_dashboard(&w->app, "2026-Q4", &d, &w->err));
	assert_string_equal(d.quarter, "2026Q4");
	tm_dashboard_release(&d);

	REFUSED(w, TM_EINVAL, "invalid quarter", tm_app_dashboard(&w->app, "2026Q5", &d, &w->err));
	assert_string_equal(w->err.field, "quarter");
	REFUSED(w, TM_EINVAL, "invalid quarter", tm_app_dashboard(&w->app, "Q1", &d, &w->err));
	REFUSED(w, TM_EINVAL, "invalid quarter", tm_app_dashboard(&w->app, "2026Q1x", &d, &w->err));
	tm_buf_release(&md);
	tm_buf_release(&html);
}

/* The widest line of text, in columns. */
static int widest(const char *text)
{
	int most = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char line[400];
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		int wd = tm_utf8_width(line);
		most = wd > most ? wd : most;
		p += n + (end != NULL);
	}
	return most;
}

static void the_stakeholder_update_tells_the_month(void **state)
{
	ws *w = *state;
	tm_stakeholder_update u;
	tm_buf md = TM_BUF_INIT, text = TM_BUF_INIT, html = TM_BUF_INIT;
	seed(w);
	launch(w, "Dark mode", "2027-02-16", "3");
	launch(w, "Usage billing", "2027-03-02", "1");
	launch(w, "Faster search", "2027-01-20", "1");
	decide(w, "team-workspaces", "2026-12-10", "Extend the trial to 30 days",
	       "activation needs more time than two weeks for teams that invite their whole department, and the sales "
	       "team asked for it in every renewal call this month");
	decide(w, "team-workspaces", "2026-11-30", "Ship without SSO", "the identity work slips");

	OK(w, tm_app_stakeholder_update(&w->app, "2026-12", &u, &w->err));
	assert_int_equal(u.year, 2026);
	assert_int_equal(u.month, 12);
	assert_int_equal(u.from, D("2026-12-01"));
	assert_int_equal(u.to, D("2026-12-31"));
	assert_int_equal(u.shipped.n, 1);
	assert_string_equal(u.shipped.v[0].slug, "team-workspaces");
	/* Coming: January and February, by date; March's launch is beyond. */
	assert_int_equal(u.coming.n, 2);
	assert_string_equal(u.coming.v[0].slug, "faster-search");
	assert_string_equal(u.coming.v[1].slug, "dark-mode");
	assert_int_equal(u.moved.n, 2);
	assert_string_equal(u.moved.v[0].v.m.name, "Activation rate");
	assert_true(u.moved.v[0].has_from);
	assert_true(u.moved.v[0].from == 40); /* no figure before December: the baseline */
	assert_true(u.moved.v[0].to == 42.5);
	assert_int_equal(u.moved.v[0].to_on, D("2026-12-21"));
	assert_true(u.moved.v[1].to == 125);
	assert_int_equal(u.decisions.n, 1);
	assert_string_equal(u.decisions.v[0].what, "Extend the trial to 30 days");
	for (size_t i = 0; i < u.risks.n; i++) {
		assert_true(!strcmp(u.risks.v[i].launch.slug, "dark-mode") || !strcmp(u.risks.v[i].launch.slug, "faster-search"));
		assert_true(u.risks.v[i].findings.n > 0);
		for (size_t k = 0; k < u.risks.v[i].findings.n; k++)
			assert_int_equal(u.risks.v[i].findings.v[k].severity, TM_SEV_ERROR);
	}

	tm_stakeholder_markdown(&u, &md);
	assert_has(md.s, "## Stakeholder update: December 2026\n\nWhere our launches stood in December 2026 (2026-12-01 to "
			 "2026-12-31): 1 shipped, 2 coming in the next two months, 2 metrics moved, 1 decision taken.\n");
	assert_has(md.s, "### Shipped\n\n- **Team workspaces** — tier 2, launch day 2026-12-07\n");
	assert_has(md.s, "### Coming in the next two months\n\n- **Faster search** — tier 1, launch day 2027-01-20");
	assert_has(md.s, "- **Dark mode** — tier 3, launch day 2027-02-16");
	assert_has(md.s, "- Team workspaces · **Activation rate**: 40% → 42.5% (+2.5 points) by 2026-12-21, on-track, "
			 "target 48% by 2027-03-07\n");
	assert_has(md.s, "- Team workspaces · **Support tickets**: 120 → 125 (+5) by 2026-12-14, behind, target 100 by 2027-01-06\n");
	assert_has(md.s, "### Decisions\n\n- 2026-12-10 team-workspaces: Extend the trial to 30 days — activation needs");
	assert_null(strstr(md.s, "Ship without SSO"));
	assert_has(md.s, "### Risks\n\n");
	render(w, &md, 0, &html);

	tm_stakeholder_text(&u, &text);
	assert_true(!strncmp(text.s, "Subject: Launch update, December 2026: 1 shipped, 2 coming\n\n", 60));
	assert_true(widest(text.s) < 78);
	assert_null(strstr(text.s, "**"));
	assert_null(strstr(text.s, "###"));
	assert_has(text.s, "\nShipped\n-------\n- Team workspaces — tier 2, launch day 2026-12-07\n");
	assert_has(text.s, "- Team workspaces · Activation rate: 40% → 42.5% (+2.5 points) by\n  2026-12-21, on-track, target 48% by 2027-03-07\n");
	/* The long decision is wrapped, each line under the width, continued two columns in. */
	assert_has(text.s, "- 2026-12-10 team-workspaces: Extend the trial to 30 days — activation needs\n  more time");
	tm_stakeholder_update_release(&u);

	/* No month: the one before today's. */
	OK(w, tm_app_stakeholder_update(&w->app, NULL, &u, &w->err));
	assert_int_equal(u.month, 12);
	assert_int_equal(u.year, 2026);
	assert_int_equal(u.shipped.n, 1);
	tm_stakeholder_update_release(&u);

	/* This month's update: what launches later this month is coming, not shipped. */
	OK(w, tm_app_stakeholder_update(&w->app, "2027-01", &u, &w->err));
	assert_int_equal(u.shipped.n, 0);
	assert_int_equal(u.coming.n, 3);
	assert_string_equal(u.coming.v[0].slug, "faster-search");
	assert_string_equal(u.coming.v[2].slug, "usage-billing");
	/* The update names three blocking findings a launch and counts the rest. */
	tm_buf_reset(&md);
	tm_stakeholder_markdown(&u, &md);
	int capped = 0;
	for (size_t i = 0; i < u.risks.n; i++) {
		char more[600];
		size_t n = u.risks.v[i].findings.n;
		if (n <= 3)
			continue;
		snprintf(more, sizeof(more), "- **%s**: %zu more blocking finding%s (`tminus check %s`)\n", u.risks.v[i].launch.name,
			 n - 3, n - 3 == 1 ? "" : "s", u.risks.v[i].launch.slug);
		assert_has(md.s, more);
		capped++;
	}
	assert_int_equal(capped, 1); /* faster-search, two weeks out with nothing started */
	tm_stakeholder_update_release(&u);

	/* A month with nothing says so. */
	tm_buf_reset(&md);
	OK(w, tm_app_stakeholder_update(&w->app, "2026-06", &u, &w->err));
	assert_int_equal(u.shipped.n + u.coming.n + u.moved.n + u.decisions.n + u.risks.n, 0);
	tm_stakeholder_markdown(&u, &md);
	assert_has(md.s, "### Shipped\n\nNo launch this month.\n");
	assert_has(md.s, "### Risks\n\nNone: no blocking finding on the coming launches.\n");
	tm_stakeholder_update_release(&u);

	REFUSED(w, TM_EINVAL, "invalid month", tm_app_stakeholder_update(&w->app, "2026-13", &u, &w->err));
	assert_string_equal(w->err.field, "month");
	REFUSED(w, TM_EINVAL, "invalid month", tm_app_stakeholder_update(&w->app, "March", &u, &w->err));
	tm_buf_release(&md);
	tm_buf_release(&text);
	tm_buf_release(&html);
}

static void the_post_launch_document_gains_the_actual_figures(void **state)
{
	ws *w = *state;
	tm_launch_docs d;
	tm_buf md = TM_BUF_INIT, html = TM_BUF_INIT;
	seed(w);
	OK(w, tm_app_docs(&w->app, "team-workspaces", &d, &w->err));
	assert_int_equal(d.metrics.n, 2);
	assert_int_equal(d.metrics.v[0].j.state, TM_MS_ON_TRACK);
	OK(w, tm_doc_render(&d, "post-launch", &md, &w->err));
	/* What it had before stays. */
	assert_has(md.s, "## Post-Launch GTM Activities: Team workspaces\n\nLaunch day **2026-12-07**.\n");
	assert_has(md.s, "### Actual figures\n\nAs of 2027-01-04.\n\n| Metric | Baseline | Latest | Expected | Target | Status | Owner |\n");
	assert_has(md.s, "| Activation rate | 40% | 42.5% (2026-12-21) | 41.2% | 48% by 2027-03-07 | on-track, stale | Dana Reyes |\n");
	assert_has(md.s, "| Support tickets | 120 | 125 (2026-12-14) | 115.3 | 100 by 2027-01-06 | behind, stale | Sam Lee |\n");
	/* The activities, the success metrics (the brief's, filled from the metrics) and the figures. */
	render(w, &md, 3, &html);
	tm_launch_docs_release(&d);

	/* A launch with no metric has no such section. */
	tm_buf_reset(&md);
	launch(w, "Dark mode", "2027-02-16", "3");
	OK(w, tm_app_docs(&w->app, "dark-mode", &d, &w->err));
	assert_int_equal(d.metrics.n, 0);
	OK(w, tm_doc_render(&d, "post-launch", &md, &w->err));
	assert_null(strstr(md.s, "Actual figures"));
	tm_launch_docs_release(&d);
	tm_buf_release(&md);
	tm_buf_release(&html);
}

static void the_demo_has_a_launch_with_outcomes(void **state)
{
	ws *w = *state;
	tm_demo_result res;
	tm_metric_views vs = TM_VEC_INIT;
	tm_reviews held = TM_VEC_INIT;
	tm_launch_review r;
	w->app.user = "someone-else";
	OK(w, tm_app_demo(&w->app, 0, 0, &res, &w->err));
	assert_string_equal(w->app.user, "someone-else");
	assert_int_equal(w->app.today, D(WS_TODAY));
	OK(w, tm_app_metric_list(&w->app, "team-workspaces", &vs, &w->err));
	assert_int_equal(vs.n, 5);
	static const int want[] = { TM_MS_ON_TRACK, TM_MS_BEHIND, TM_MS_MET, TM_MS_ON_TRACK, TM_MS_BEHIND };
	for (size_t i = 0; i < vs.n; i++) {
		assert_int_equal(vs.v[i].j.state, want[i]);
		assert_int_equal(vs.v[i].m.sum.n, 3);
		assert_true(vs.v[i].m.owner[0]);
	}
	assert_string_equal(vs.v[4].m.unit.currency, "EUR");
	TM_VEC_FREE(&vs);
	OK(w, tm_app_review_list(&w->app, "team-workspaces", &held, &w->err));
	assert_int_equal(held.n, 2);
	assert_int_equal(held.v[0].stage, TM_STAGE_DAY_1);
	assert_string_equal(held.v[0].by, "Ana Silva");
	assert_int_equal(held.v[1].stage, TM_STAGE_WEEK_1);
	TM_VEC_FREE(&held);
	OK(w, tm_app_review(&w->app, "team-workspaces", TM_STAGE_WEEK_1, &r, &w->err));
	assert_true(r.held);
	assert_int_equal(r.review.held_on, tm_stage_date(TM_STAGE_WEEK_1, r.launch.date));
	tm_launch_review_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_review_quotes_metrics_open_tasks_decisions_and_questions),
		WS_TEST(user_text_is_escaped_in_every_document),
		WS_TEST(holding_a_review_records_it_ticks_its_task_and_audits),
		WS_TEST(a_review_is_refused_before_launch_day_and_with_bad_notes),
		WS_TEST(the_dashboard_gives_the_quarter_by_tier),
		WS_TEST(the_stakeholder_update_tells_the_month),
		WS_TEST(the_post_launch_document_gains_the_actual_figures),
		WS_TEST(the_demo_has_a_launch_with_outcomes),
	};
	WS_MAIN("app reviews", tests);
}
