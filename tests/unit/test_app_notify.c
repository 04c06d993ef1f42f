/*
 * test_app_notify.c - who is told what, through app/ on every backend: a person's choice of
 * reminders kept; watchers added once and removed, listed with the launch; webhooks added with a
 * secret of their own, their events and address checked; the notification pass's digests (who gets
 * one, nothing on a weekend, nothing twice, nothing for notify off, a dry run changes nothing), the
 * dated events to owners, watchers and webhooks, and launch.date_changed recorded by launch delay in
 * its own transaction. Every refusal changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "app/notify.h"
#include "app/outbox.h"
#include "app/webhooks.h"
#include "app_fixture.h"

#include "util/banned.h"

#define LAUNCH "usage-billing"

/* Dana Reyes (pm, daily), Sam Ortiz (sales, off), Kim Lee (pmm, weekly, no email) and launch
 * usage-billing (tier 3, Thursday 14 January 2027), whose PM is Dana. */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Riley";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm", "email=dana@example.com");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Sam Ortiz", "role=sales", "email=sam@example.com", "notify=off");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_person_desc, &pi, "name=Kim Lee", "role=pmm", "notify=weekly");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Usage billing", "date=2027-01-14", "tier=3", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

static void a_persons_choice_is_kept(void **state)
{
	ws *w = *state;
	tm_person p;
	tm_person_input pi;
	seed(w);
	OK(w, tm_app_person_get(&w->app, "Sam Ortiz", &p, &w->err));
	assert_int_equal(p.notify, TM_NOTIFY_OFF);
	OK(w, tm_app_person_get(&w->app, "Dana Reyes", &p, &w->err));
	assert_int_equal(p.notify, TM_NOTIFY_DAILY);
	IN(&tm_person_desc, &pi, "notify=weekly");
	OK(w, tm_app_person_set(&w->app, "Dana Reyes", &pi, &p, &w->err));
	OK(w, tm_app_person_get(&w->app, "dana@example.com", &p, &w->err));
	assert_int_equal(p.notify, TM_NOTIFY_WEEKLY);
	tm_error e = TM_ERROR_INIT;
	assert_int_equal(tm_input_set(&tm_person_desc, "notify", "hourly", &pi, &e), TM_EINVAL);
}

static void watchers_are_added_once_and_listed(void **state)
{
	ws *w = *state;
	tm_launch l;
	tm_person who;
	tm_people watchers = TM_VEC_INIT;
	tm_launch_detail d = { 0 };
	seed(w);
	OK(w, tm_app_launch_watch(&w->app, LAUNCH, "Sam Ortiz", true, &l, &who, &watchers, &w->err));
	assert_int_equal(watchers.n, 1);
	TM_VEC_FREE(&watchers);
	OK(w, tm_app_launch_watch(&w->app, LAUNCH, "Kim", true, &l, &who, &watchers, &w->err));
	OK(w, tm_app_launch_watch(&w->app, LAUNCH, "Kim Lee", true, &l, &who, NULL, &w->err));
	assert_int_equal(watchers.n, 2);
	assert_string_equal(watchers.v[0].name, "Kim Lee");
	TM_VEC_FREE(&watchers);
	OK(w, tm_app_launch_show(&w->app, LAUNCH, &d, &w->err));
	assert_int_equal(d.watchers.n, 2);
	tm_launch_detail_release(&d);
	OK(w, tm_app_launch_watch(&w->app, LAUNCH, "Kim Lee", false, &l, &who, &watchers, &w->err));
	assert_int_equal(watchers.n, 1);
	assert_string_equal(watchers.v[0].name, "Sam Ortiz");
	TM_VEC_FREE(&watchers);
	REFUSED(w, TM_ENOTFOUND, "unknown person", tm_app_launch_watch(&w->app, LAUNCH, "Nobody", true, &l, &who, NULL, &w->err));
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_launch_watch(&w->app, "nope", "Kim Lee", true, &l, &who, NULL, &w->err));
}

static void webhooks_get_a_secret_and_checked_events(void **state)
{
	ws *w = *state;
	tm_webhook_input in;
	tm_webhook a, b, got;
	tm_webhooks all = TM_VEC_INIT;
	seed(w);
	IN(&tm_webhook_desc, &in, "url=https://hooks.example.com/T1", "events=launch.day, check.error", "format=slack");
	OK(w, tm_app_webhook_add(&w->app, &in, &a, &w->err));
	assert_int_equal(strlen(a.secret), 64);
	assert_string_equal(a.events, "launch.day,check.error");
	assert_string_equal(a.format, "slack");
	IN(&tm_webhook_desc, &in, "url=http://127.0.0.1:9/x", "events=milestone.reached", "launch=" LAUNCH,
	   "allow_private=true");
	OK(w, tm_app_webhook_add(&w->app, &in, &b, &w->err));
	assert_string_not_equal(a.secret, b.secret);
	assert_string_equal(b.format, "json");
	assert_true(b.allow_private);
	assert_true(b.launch_id > 0);
	OK(w, tm_app_webhook_get(&w->app, "#2", &got, &w->err));
	assert_string_equal(got.url, "http://127.0.0.1:9/x");
	OK(w, tm_app_webhook_list(&w->app, &all, &w->err));
	assert_int_equal(all.n, 2);
	TM_VEC_FREE(&all);
	IN(&tm_webhook_desc, &in, "url=https://x.example", "events=launch.day,lunch");
	REFUSED(w, TM_EINVAL, "unknown event 'lunch'", tm_app_webhook_add(&w->app, &in, &got, &w->err));
	IN(&tm_webhook_desc, &in, "url=ftp://x.example/", "events=launch.day");
	REFUSED(w, TM_EINVAL, "http://", tm_app_webhook_add(&w->app, &in, &got, &w->err));
	IN(&tm_webhook_desc, &in, "url=https://user:pw@x.example/", "events=launch.day");
	REFUSED(w, TM_EINVAL, "password", tm_app_webhook_add(&w->app, &in, &got, &w->err));
	IN(&tm_webhook_desc, &in, "url=https://x.example/", "events=launch.day", "launch=nope");
	REFUSED(w, TM_ENOTFOUND, "nope", tm_app_webhook_add(&w->app, &in, &got, &w->err));
	OK(w, tm_app_webhook_rm(&w->app, "1", &got, &w->err));
	REFUSED(w, TM_ENOTFOUND, "unknown webhook", tm_app_webhook_rm(&w->app, "1", &got, &w->err));
	REFUSED(w, TM_ENOTFOUND, "unknown webhook", tm_app_webhook_get(&w->app, "x", &got, &w->err));
}

static size_t count_event(const tm_notify_report *r, const char *event, const char *recipient)
{
	size_t n = 0;
	for (size_t i = 0; i < r->items.n; i++)
		if (!strcmp(r->items.v[i].event, event) && (!recipient || !strcmp(r->items.v[i].recipient, recipient)))
			n++;
	return n;
}

static void digests_go_to_who_asked_once_and_on_working_days(void **state)
{
	ws *w = *state;
	tm_notify_report r;
	tm_buf before = TM_BUF_INIT, after = TM_BUF_INIT;
	seed(w);
	/* Monday 4 January: Dana's tasks for a launch ten days away are overdue or due soon. */
	ws_snapshot(w, &before);
	OK(w, tm_app_notify_pass(&w->app, "https://tminus.example/", true, &r, &w->err));
	ws_snapshot(w, &after);
	assert_string_equal(before.s, after.s);
	assert_true(r.dry_run);
	assert_int_equal(count_event(&r, "digest.daily", "dana@example.com"), 1);
	assert_int_equal(r.items.v[0].id, 0);
	tm_notify_report_free(&r);
	OK(w, tm_app_notify_pass(&w->app, "https://tminus.example/", false, &r, &w->err));
	assert_int_equal(count_event(&r, "digest.daily", "dana@example.com"), 1);
	assert_int_equal(count_event(&r, "digest.daily", "sam@example.com"), 0); /* notify off */
	assert_int_equal(count_event(&r, "digest.daily", NULL), 1);
	/* Monday: the weekly summary for Dana (her launch) too. */
	assert_int_equal(count_event(&r, "digest.weekly", "dana@example.com"), 1);
	for (size_t i = 0; i < r.items.n; i++) {
		const tm_outbox_item *it = &r.items.v[i];
		if (strcmp(it->event, "digest.daily"))
			continue;
		assert_true(it->id > 0);
		assert_non_null(strstr(it->body, "Usage billing"));
		assert_non_null(strstr(it->html, "https://tminus.example/my"));
		assert_null(strstr(it->html, "<script"));
		assert_string_equal(it->event_key, "digest.daily:2027-01-04");
	}
	tm_notify_report_free(&r);
	/* Again the same day: nothing twice. */
	OK(w, tm_app_notify_pass(&w->app, NULL, false, &r, &w->err));
	assert_int_equal(count_event(&r, "digest.daily", NULL), 0);
	assert_true(r.skipped >= 2);
	tm_notify_report_free(&r);
	/* Saturday: nothing at all. */
	w->app.today = D("2027-01-09");
	OK(w, tm_app_notify_pass(&w->app, NULL, false, &r, &w->err));
	assert_true(r.rest_day);
	assert_int_equal(r.items.n, 0);
	tm_notify_report_free(&r);
	tm_buf_release(&before);
	tm_buf_release(&after);
}

static void launch_events_reach_owners_watchers_and_webhooks(void **state)
{
	ws *w = *state;
	tm_notify_report r;
	tm_webhook_input in;
	tm_webhook hook, other;
	tm_launch l;
	tm_person who;
	seed(w);
	IN(&tm_webhook_desc, &in, "url=https://hooks.example.com/a", "events=gonogo.due,launch.day");
	OK(w, tm_app_webhook_add(&w->app, &in, &hook, &w->err));
	IN(&tm_webhook_desc, &in, "url=https://hooks.example.com/b", "events=check.cleared");
	OK(w, tm_app_webhook_add(&w->app, &in, &other, &w->err));
	{
		tm_person_input pi;
		tm_person p;
		IN(&tm_person_desc, &pi, "name=Lee Park", "role=cs", "email=lee@example.com");
		OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	}
	OK(w, tm_app_launch_watch(&w->app, LAUNCH, "Lee Park", true, &l, &who, NULL, &w->err));
	/* Tuesday 12 January: go/no-go is due (T-2 working days before Thursday 14). */
	w->app.today = D("2027-01-12");
	OK(w, tm_app_notify_pass(&w->app, NULL, false, &r, &w->err));
	assert_int_equal(count_event(&r, "gonogo.due", "dana@example.com"), 1);
	assert_int_equal(count_event(&r, "gonogo.due", "lee@example.com"), 1);
	assert_int_equal(count_event(&r, "gonogo.due", "webhook:1"), 1);
	assert_int_equal(count_event(&r, "gonogo.due", "webhook:2"), 0);
	assert_int_equal(count_event(&r, "launch.day", NULL), 0);
	for (size_t i = 0; i < r.items.n; i++) {
		if (strcmp(r.items.v[i].recipient, "webhook:1"))
			continue;
		json_error_t je;
		json_t *j = json_loads(r.items.v[i].body, 0, &je);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "event")), "gonogo.due");
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "launch"), "slug")), LAUNCH);
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "data"), "launch_day")), "2027-01-14");
		json_decref(j);
	}
	tm_notify_report_free(&r);
	/* Thursday: launch day (go/no-go was told already). */
	w->app.today = D("2027-01-14");
	OK(w, tm_app_notify_pass(&w->app, NULL, false, &r, &w->err));
	assert_int_equal(count_event(&r, "gonogo.due", NULL), 0);
	assert_int_equal(count_event(&r, "launch.day", "dana@example.com"), 1);
	assert_int_equal(count_event(&r, "launch.day", "webhook:1"), 1);
	assert_int_equal(count_event(&r, "launch.day", "sam@example.com"), 0);
	tm_notify_report_free(&r);
}

static void a_delay_tells_of_the_new_date_in_its_transaction(void **state)
{
	ws *w = *state;
	tm_webhook_input in;
	tm_webhook hook;
	tm_delay_input di;
	tm_delay_result dr;
	tm_outbox_items log = TM_VEC_INIT;
	tm_outbox_filter f = { 0 };
	seed(w);
	IN(&tm_webhook_desc, &in, "url=https://hooks.example.com/a", "events=launch.date_changed", "format=slack");
	OK(w, tm_app_webhook_add(&w->app, &in, &hook, &w->err));
	IN(&tm_delay_desc, &di, "to=2027-01-28", "reason=Billing provider's API is late");
	OK(w, tm_app_launch_delay(&w->app, LAUNCH, &di, &dr, &w->err));
	tm_delay_result_release(&dr);
	OK(w, tm_app_outbox_log(&w->app, &f, &log, &w->err));
	assert_int_equal(log.n, 2);
	bool email = false, slack = false;
	for (size_t i = 0; i < log.n; i++) {
		assert_string_equal(log.v[i].event, "launch.date_changed");
		if (!strcmp(log.v[i].recipient, "dana@example.com")) {
			email = true;
			assert_non_null(strstr(log.v[i].body, "2027-01-14 to 2027-01-28"));
			assert_non_null(strstr(log.v[i].body, "Billing provider's API is late"));
			assert_non_null(strstr(log.v[i].html, "Billing provider&#39;s API is late"));
		} else {
			slack = true;
			json_t *j = json_loads(log.v[i].body, 0, NULL);
			assert_non_null(j);
			assert_non_null(strstr(json_string_value(json_object_get(j, "text")), "moved from 2027-01-14 to 2027-01-28"));
			assert_true(json_is_array(json_object_get(j, "blocks")));
			json_decref(j);
		}
	}
	assert_true(email && slack);
	tm_outbox_items_free(&log);
	/* A refused delay tells nothing. */
	IN(&tm_delay_desc, &di, "to=2027-01-28", "reason=again");
	REFUSED(w, TM_EINVAL, "already", tm_app_launch_delay(&w->app, LAUNCH, &di, &dr, &w->err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(a_persons_choice_is_kept),
		WS_TEST(watchers_are_added_once_and_listed),
		WS_TEST(webhooks_get_a_secret_and_checked_events),
		WS_TEST(digests_go_to_who_asked_once_and_on_working_days),
		WS_TEST(launch_events_reach_owners_watchers_and_webhooks),
		WS_TEST(a_delay_tells_of_the_new_date_in_its_transaction),
	};
	WS_MAIN("notify", tests);
}
