/*
 * test_app_cadence.c - seed 003's cadence through app/ on every backend: the
 * stand-up names what is due today and this week and what is blocked (overdue,
 * waiting for an open task), under each owner; the weekly huddle has the seed's
 * five parts and minutes, with the status per team, check's blockers on the
 * launches of the next three weeks, the people shared by launches, the Tier
 * 1-2 launches close together and the owners missing; the monthly review judges
 * the metrics of the period and lists its decisions; the quarterly planning
 * lists the next quarter's launches by tier; the backlog, experiments and
 * roadmap feed the huddle's decisions, the review's experiments and
 * priorities and the planning's roadmap and top ten; the cadence recurs from a day; a
 * bad date or meeting is refused naming its field, changing nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/backlog.h"
#include "app/cadence.h"
#include "app/experiments.h"
#include "app/metrics.h"
#include "app/roadmap.h"
#include "app_fixture.h"

#include "util/banned.h"

/* Today is Monday 4 January 2027 (WS_TODAY). Dana Reyes (pm), Léa Dubois (marketing), Sam Ortiz (sales);
 * smart-inbox (Tier 2, Wednesday 13 January, PM Dana, marketing Léa) and team-spaces (Tier 1, Friday 15
 * January, PM Dana, no marketing owner), and audit-log (Tier 3, 12 April: next quarter). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Dana Reyes";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Léa Dubois", "role=marketing");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Sam Ortiz", "role=sales");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Smart inbox", "date=2027-01-13", "tier=2", "pm=Dana Reyes", "marketing=Léa Dubois");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_launch_desc, &li, "name=Team spaces", "date=2027-01-15", "tier=1", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	IN(&tm_launch_desc, &li, "name=Audit log", "date=2027-04-12", "tier=3", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

static tm_task add_task(ws *w, const char *launch, const char *title, const char *owner, const char *due)
{
	tm_task_input in;
	tm_task t;
	char ft[120], fo[120], fd[40];
	snprintf(ft, sizeof(ft), "title=%s", title);
	snprintf(fo, sizeof(fo), "owner=%s", owner);
	snprintf(fd, sizeof(fd), "due=%s", due);
	IN(&tm_task_desc, &in, ft, fo, fd, "section=Sales");
	OK(w, tm_app_task_add(&w->app, launch, &in, &t, &w->err));
	free(t.depends_on);
	return t;
}

/* The item of section s whose text holds says; fails the test when there is none. */
static const tm_agenda_item *find(const tm_meeting_agenda *a, size_t s, const char *says)
{
	assert_true(s < a->sections.n);
	const tm_agenda_section *sec = &a->sections.v[s];
	for (size_t i = sec->first; i < sec->first + sec->n; i++)
		if (strstr(a->items.v[i].text, says))
			return &a->items.v[i];
	fail_msg("section '%s' has no item saying '%s'", sec->title, says);
	return NULL;
}

static bool has(const tm_meeting_agenda *a, size_t s, const char *says)
{
	const tm_agenda_section *sec = &a->sections.v[s];
	for (size_t i = sec->first; i < sec->first + sec->n; i++)
		if (strstr(a->items.v[i].text, says))
			return true;
	return false;
}

static void standup_names_due_and_blocked_by_owner(void **state)
{
	ws *w = *state;
	seed(w);
	tm_task call = add_task(w, "smart-inbox", "Call the pilot customers", "Sam Ortiz", "2027-01-04");
	tm_task deck = add_task(w, "smart-inbox", "Pilot deck", "Léa Dubois", "2027-01-08");
	add_task(w, "team-spaces", "Price sheet", "Sam Ortiz", "2026-12-30");
	/* The deck waits for the call, which is still open: blocked. */
	tm_dep_input dep = { .given = 1u << TM_DPI_AFTER, .after = call.id };
	tm_task t;
	char ref[24];
	OK(w, tm_app_dep_add(&w->app, ws_ref(deck.id, ref), &dep, &t, &w->err));
	free(t.depends_on);

	tm_meeting_agenda a;
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_STANDUP, NULL, &a, &w->err));
	assert_int_equal(a.minutes, 15);
	assert_int_equal(a.sections.n, 3);
	assert_string_equal(a.sections.v[0].title, "Due today");
	assert_string_equal(a.title, "Stand-up, 2027-01-04 (15 minutes)");
	/* Today's: Sam's call, under a line for Sam. */
	const tm_agenda_item *it = find(&a, 0, "Call the pilot customers (Smart inbox, Tier 2, launch day 2027-01-13), due 2027-01-04");
	assert_int_equal(it->depth, 1);
	assert_string_equal(it->owner, "Sam Ortiz");
	assert_string_equal(it->launch, "smart-inbox");
	assert_int_equal(it->task_id, call.id);
	assert_int_equal(find(&a, 0, "Sam Ortiz: ")->depth, 0);
	/* This week's: the deck, Friday. */
	assert_string_equal(find(&a, 1, "Pilot deck (Smart inbox")->owner, "Léa Dubois");
	assert_false(has(&a, 1, "Call the pilot customers"));
	/* Blocked: the deck waits for the call; the price sheet is overdue. */
	find(&a, 2, "Pilot deck (Smart inbox, Tier 2, launch day 2027-01-13), due 2027-01-08, waiting for 'Call the pilot "
		    "customers' (Sam Ortiz, todo)");
	assert_string_equal(find(&a, 2, "Price sheet (Team spaces, Tier 1, launch day 2027-01-15), due 2026-12-30, overdue "
					"since 2026-12-30")->owner, "Sam Ortiz");
	tm_meeting_agenda_release(&a);

	/* Held on Friday, the call is overdue and today's is the deck. */
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_STANDUP, "2027-01-08", &a, &w->err));
	find(&a, 0, "Pilot deck");
	find(&a, 2, "Call the pilot customers (Smart inbox, Tier 2, launch day 2027-01-13), due 2027-01-04, overdue since 2027-01-04");
	tm_meeting_agenda_release(&a);
}

static void weekly_huddle_has_the_five_parts_from_live_data(void **state)
{
	ws *w = *state;
	seed(w);
	tm_meeting_agenda a;
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_WEEKLY, "2027-01-05", &a, &w->err));
	static const char *const titles[] = { "Status per team", "Blockers", "Dependencies across launches",
					      "Decisions to take", "Owners" };
	static const int minutes[] = { 5, 10, 15, 10, 5 };
	assert_int_equal(a.sections.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(a.sections.v[i].title, titles[i]);
		assert_int_equal(a.sections.v[i].minutes, minutes[i]);
	}
	assert_int_equal(a.minutes, 45);
	assert_string_equal(a.period, "2027-W01");
	assert_string_equal(a.title, "Weekly huddle, week 2027-W01 (45 minutes)");
	/* Status: the two launches of the next three weeks (not next quarter's), and the teams' tasks. */
	find(&a, 0, "2 launches land by 2027-01-24: Smart inbox (Tier 2, 2027-01-13), Team spaces (Tier 1, 2027-01-15)");
	assert_false(has(&a, 0, "Audit log"));
	find(&a, 0, "product management (pm): ");
	/* Blockers: check's marketing-surprise on the Tier 1 launch with no marketing owner. */
	const tm_agenda_item *b = find(&a, 1, "Team spaces (2027-01-15): marketing-surprise, error: ");
	assert_string_equal(b->launch, "team-spaces");
	/* Dependencies: Dana's work spans both launches; two Tier 1-2 launches two days apart. */
	assert_string_equal(find(&a, 2, "Dana Reyes has ")->owner, "Dana Reyes");
	find(&a, 2, "across 2 launches due by 2027-01-17: ");
	find(&a, 2, "Smart inbox (Tier 2, 2027-01-13) and Team spaces (Tier 1, 2027-01-15) land 2 days apart");
	/* Owners: the launch without a marketing owner. */
	find(&a, 4, "Team spaces (2027-01-15) has no marketing owner");
	assert_false(has(&a, 4, "Smart inbox (2027-01-13) has no"));
	tm_meeting_agenda_release(&a);

	/* Held on a later day, the workspace is judged as on that day: check finds the launch day passed. */
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_WEEKLY, "2027-01-14", &a, &w->err));
	find(&a, 1, "Smart inbox (2027-01-13): overdue, error: 'Messaging approved' was due 2026-12-30 (11 working days ago)");
	find(&a, 1, "more findings of Smart inbox (tminus check smart-inbox)");
	find(&a, 1, "Team spaces (2027-01-15): marketing-surprise, error: ");
	find(&a, 3, "Smart inbox: launch day 2027-01-13 has passed and it is still planned");
	assert_int_equal(w->app.today, D(WS_TODAY));
	tm_meeting_agenda_release(&a);

	/* A week with nothing ahead says so in each part. */
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_WEEKLY, "2027-06-01", &a, &w->err));
	assert_int_equal(a.sections.v[1].n, 0);
	assert_string_equal(a.sections.v[1].empty, "no planned launch lands within the next three weeks");
	tm_meeting_agenda_release(&a);
}

static void monthly_review_reads_metrics_and_decisions(void **state)
{
	ws *w = *state;
	seed(w);
	/* A launch of last month with a metric behind its path, and a decision of the period. */
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	IN(&tm_launch_desc, &li, "name=Dark mode", "date=2026-12-01", "tier=3", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
	tm_metric_input mi;
	tm_metric_view v;
	IN(&tm_metric_desc, &mi, "name=Activation rate", "kind=activation", "unit=%", "direction=up", "baseline=40",
	   "target=50", "window=100", "owner=Dana Reyes");
	OK(w, tm_app_metric_add(&w->app, "dark-mode", &mi, &v, &w->err));
	tm_observation_input oi;
	IN(&tm_observation_desc, &oi, "value=41", "on=2026-12-31");
	OK(w, tm_app_metric_record(&w->app, "dark-mode", "Activation rate", &oi, 1, NULL, &v, &w->err));
	tm_decision_input di;
	tm_decision dec;
	IN(&tm_decision_desc, &di, "launch=smart-inbox", "what=Ship the inbox to pilot customers first",
	   "why=the pilot found two blocking bugs");
	OK(w, tm_app_decision_add(&w->app, &di, &dec, &w->err));

	tm_meeting_agenda a;
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_MONTHLY, NULL, &a, &w->err));
	assert_int_equal(a.minutes, 90);
	assert_int_equal(a.sections.n, 4);
	assert_string_equal(a.sections.v[1].title, "Experiments");
	assert_string_equal(a.period, "2026-12-06 to 2027-01-04");
	find(&a, 0, "1 metric of launches in their window: 0 missed, 1 behind");
	/* 41% on 31 December, 30 days after T: the path is 43%. */
	const tm_agenda_item *m = find(&a, 0, "Dark mode: Activation rate behind, 41% on 2026-12-31, path 43% (target 50% by 2027-03-11)");
	assert_string_equal(m->owner, "Dana Reyes");
	assert_string_equal(m->launch, "dark-mode");
	find(&a, 2, "2027-01-04, smart-inbox: Ship the inbox to pilot customers first; why: the pilot found two blocking bugs");
	find(&a, 3, "Dark mode: 1 of 1 metrics missed or behind");
	tm_meeting_agenda_release(&a);
}

static void quarterly_planning_lists_next_quarter_by_tier(void **state)
{
	ws *w = *state;
	seed(w);
	tm_meeting_agenda a;
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_QUARTERLY, NULL, &a, &w->err));
	assert_int_equal(a.minutes, 120);
	assert_string_equal(a.period, "2027Q2");
	assert_string_equal(a.sections.v[2].title, "Launches of the next quarter by tier");
	find(&a, 2, "Tier 3: 1 launch");
	const tm_agenda_item *l = find(&a, 2, "Audit log, 2027-04-12: PM Dana Reyes, marketing none");
	assert_int_equal(l->depth, 1);
	assert_false(has(&a, 2, "Smart inbox"));
	find(&a, 3, "Audit log (Tier 3, 2027-04-12) has no marketing owner");
	tm_meeting_agenda_release(&a);
}

/* Fills an input from "field=value" texts, as the command line would (repeated fields once per value). */
static void fill(ws *w, const tm_input_desc *d, void *in, const char *const *fv)
{
	memset(in, 0, d->size);
	for (size_t i = 0; fv[i]; i++) {
		char name[40];
		const char *eq = strchr(fv[i], '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq - fv[i]), fv[i]);
		OK(w, tm_input_set(d, name, eq + 1, in, &w->err));
	}
}
#define FV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void agendas_read_the_backlog_experiments_and_roadmap(void **state)
{
	ws *w = *state;
	seed(w);
	tm_idea_input ii;
	tm_idea idea;
	fill(w, &tm_idea_desc, &ii, FV("title=Usage alerts", "kind=idea", "track=product", "owner=Dana Reyes", "reach=2000",
				       "impact=high", "confidence=medium", "effort=2"));
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));
	fill(w, &tm_idea_desc, &ii, FV("title=Case study", "kind=idea", "track=market", "reach=1500", "impact=medium",
				       "confidence=high", "effort=0.5"));
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));
	fill(w, &tm_idea_desc, &ii, FV("title=Do finance leads read the changelog?", "kind=question", "track=market",
				       "owner=Léa Dubois"));
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));

	tm_experiment_input xi;
	tm_experiment_view v = { 0 };
	fill(w, &tm_experiment_desc, &xi, FV("name=Price step", "kind=pricing", "hypothesis=A 12 percent step keeps conversion",
					     "current_price=20", "planned_sample=1500", "owner=Léa Dubois", "launch=smart-inbox"));
	OK(w, tm_app_experiment_add(&w->app, &xi, &v, &w->err));
	tm_experiment_view_release(&v);
	const char *const *const arms[] = { FV("name=control", "control=true", "price=20"), FV("name=plus-12", "price=22.40") };
	const char *const *const counts[] = { FV("visitors=1500", "conversions=180"), FV("visitors=1500", "conversions=140") };
	for (int i = 0; i < 2; i++) {
		tm_arm_input ai;
		tm_arm_record_input ri;
		fill(w, &tm_arm_desc, &ai, arms[i]);
		OK(w, tm_app_experiment_arm_add(&w->app, "Price step", &ai, &v, &w->err));
		tm_experiment_view_release(&v);
		fill(w, &tm_arm_record_desc, &ri, counts[i]);
		OK(w, tm_app_experiment_record(&w->app, "Price step", ai.name, &ri, &v, &w->err));
		tm_experiment_view_release(&v);
	}

	tm_roadmap_input ri;
	tm_roadmap rm = { 0 };
	fill(w, &tm_roadmap_desc, &ri, FV("title=Earn enterprise trust", "level=strategic", "owner=Dana Reyes", "quarter=2027Q2"));
	OK(w, tm_app_roadmap_add(&w->app, &ri, &rm, &w->err));
	tm_roadmap_release(&rm);
	memset(&rm, 0, sizeof(rm));
	fill(w, &tm_roadmap_desc, &ri, FV("title=Admin and compliance", "level=initiative", "parent=1", "quarter=2027Q2"));
	OK(w, tm_app_roadmap_add(&w->app, &ri, &rm, &w->err));
	tm_roadmap_release(&rm);
	memset(&rm, 0, sizeof(rm));
	fill(w, &tm_roadmap_desc, &ri, FV("title=Audit log GA", "level=release", "parent=2", "owner=Dana Reyes",
					  "quarter=2027Q2", "launches=audit-log"));
	OK(w, tm_app_roadmap_add(&w->app, &ri, &rm, &w->err));
	tm_roadmap_release(&rm);

	/* The huddle: close the experiment the control wins (12.0 % against 9.3 % of 1,500 each); answer the question. */
	tm_meeting_agenda a;
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_WEEKLY, NULL, &a, &w->err));
	const tm_agenda_item *x = find(&a, 3, "Close the experiment Price step (pricing, owner Léa Dubois), control-wins: plus-12 "
					   "converts 9.3% of 1500 against the control's 12.0% of 1500 (lift -22.2%, p = 0.0");
	assert_string_equal(x->launch, "smart-inbox");
	find(&a, 3, "Answer the market question #3 'Do finance leads read the changelog?' (new, owner Léa Dubois)");
	tm_meeting_agenda_release(&a);
	/* The monthly review analyses it. */
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_MONTHLY, NULL, &a, &w->err));
	find(&a, 1, "Price step (pricing, owner Léa Dubois), control-wins: plus-12 converts 9.3%");
	find(&a, 3, "Priority 1: #2 'Case study' (market, new): RICE 1500 × 1 × 100% ÷ 0.5 = 3000");
	find(&a, 3, "Priority 2: #1 'Usage alerts' (product, new): RICE 2000 × 2 × 80% ÷ 2 = 1600");
	tm_meeting_agenda_release(&a);
	/* The quarterly planning: the roadmap by level, the backlog ranked with its arithmetic. */
	OK(w, tm_app_meeting_agenda(&w->app, TM_MEET_QUARTERLY, NULL, &a, &w->err));
	find(&a, 0, "Strategic items: 1");
	find(&a, 0, "#1 Earn enterprise trust (Dana Reyes, 2027Q2, green)");
	find(&a, 0, "#3 Audit log GA (Dana Reyes, 2027Q2, green); launches: Audit log (2027-04-12)");
	find(&a, 1, "1. #2 Case study (market idea, new, no owner): 1500 × 1 × 100% ÷ 0.5 = 3000");
	find(&a, 1, "2. #1 Usage alerts (product idea, new, owner Dana Reyes): 2000 × 2 × 80% ÷ 2 = 1600");
	find(&a, 1, "1 more item cannot be scored yet");
	find(&a, 3, "Roadmap initiative #2 'Admin and compliance' has no owner");
	find(&a, 3, "Backlog #2 'Case study' (top ten) has no owner");
	tm_meeting_agenda_release(&a);
}

static void cadence_recurs_from_a_day(void **state)
{
	ws *w = *state;
	tm_cadence c;
	OK(w, tm_app_cadence(&w->app, NULL, &c, &w->err));
	assert_int_equal(c.events[TM_MEET_STANDUP].first, D("2027-01-04"));
	assert_int_equal(c.events[TM_MEET_WEEKLY].first, D("2027-01-05"));
	assert_int_equal(c.events[TM_MEET_MONTHLY].first, D("2027-01-07"));
	assert_int_equal(c.events[TM_MEET_QUARTERLY].first, D("2027-03-01"));
	assert_int_equal(c.events[TM_MEET_WEEKLY].n_outline, 5);
	assert_int_equal(c.events[TM_MEET_WEEKLY].info->minutes, 45);
	/* From a Saturday after the first Thursday: Monday, Tuesday, February's first Thursday, March's first Monday. */
	OK(w, tm_app_cadence(&w->app, "2027-01-09", &c, &w->err));
	assert_int_equal(c.events[TM_MEET_STANDUP].first, D("2027-01-11"));
	assert_int_equal(c.events[TM_MEET_WEEKLY].first, D("2027-01-12"));
	assert_int_equal(c.events[TM_MEET_MONTHLY].first, D("2027-02-04"));
	assert_int_equal(c.events[TM_MEET_QUARTERLY].first, D("2027-03-01"));
	/* After March's first Monday, the next planning is June's. */
	OK(w, tm_app_cadence(&w->app, "2027-03-02", &c, &w->err));
	assert_int_equal(c.events[TM_MEET_QUARTERLY].first, D("2027-06-07"));
}

static void bad_input_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	tm_meeting_agenda a;
	tm_cadence c;
	seed(w);
	REFUSED(w, TM_EINVAL, NULL, tm_app_meeting_agenda(&w->app, TM_MEET_WEEKLY, "2027-02-30", &a, &w->err));
	assert_string_equal(w->err.field, "date");
	REFUSED(w, TM_EINVAL, NULL, tm_app_meeting_agenda(&w->app, TM_MEET_COUNT, NULL, &a, &w->err));
	assert_string_equal(w->err.field, "meeting");
	REFUSED(w, TM_EINVAL, NULL, tm_app_cadence(&w->app, "next tuesday", &c, &w->err));
	assert_string_equal(w->err.field, "date");
	assert_int_equal(tm_meeting_parse("huddle"), TM_MEET_WEEKLY);
	assert_int_equal(tm_meeting_parse("Stand-up"), TM_MEET_STANDUP);
	assert_int_equal(tm_meeting_parse("yearly"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(standup_names_due_and_blocked_by_owner),
		WS_TEST(weekly_huddle_has_the_five_parts_from_live_data),
		WS_TEST(monthly_review_reads_metrics_and_decisions),
		WS_TEST(quarterly_planning_lists_next_quarter_by_tier),
		WS_TEST(agendas_read_the_backlog_experiments_and_roadmap),
		WS_TEST(cadence_recurs_from_a_day),
		WS_TEST(bad_input_is_refused_naming_its_field),
	};
	WS_MAIN("app_cadence", tests);
}
