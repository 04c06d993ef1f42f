/*
 * notify.h - issue 15: who is told what. Each working day's digest of a person's tasks (due in
 * the next 3 working days, overdue, newly assigned), Monday's summary of their launches'
 * readiness, and the launch-level events (the launch date changed, a check error appeared or
 * cleared, a milestone reached, go/no-go due, launch day, a post-launch review due) to the
 * launch's owners and watchers and to the webhooks that ask for them. Everything told is
 * recorded in the outbox (store.h) in the transaction of what caused it; app/outbox.h sends it.
 * Nothing here prints.
 */
#ifndef TM_APP_NOTIFY_H
#define TM_APP_NOTIFY_H

#include "app/app.h"
#include "app/outbox.h"

/* What one pass recorded (or, dry_run, would record). */
typedef struct tm_notify_report {
	tm_outbox_items items;         /* each item told, as enqueued (dry_run: id 0) */
	int skipped;                   /* items already told before (recipient, event) */
	bool rest_day;                 /* today is not a working day: nothing was told */
	bool dry_run;
	tm_date today;
	int checked;                   /* launches whose check ran (those near their launch day) */
} tm_notify_report;
void tm_notify_report_free(tm_notify_report *r);

/* One pass for app->today: digests, summaries and the events whose day has come, enqueued in one
 * transaction (dry_run: computed, nothing written). base_url makes the links (NULL: none). */
int tm_app_notify_pass(tm_app *app, const char *base_url, bool dry_run, tm_notify_report *out, tm_error *err);

/* The base URL links point to when a caller has none: TMINUS_BASE_URL, else NULL. */
const char *tm_notify_base_url(void);

struct tm_delay_result;
/* launch.date_changed, told to the launch's owners and watchers and the webhooks that ask, with the
 * ripple summary: inside the caller's write transaction (launch delay's), after the move is written. */
int tm_notify_launch_moved(tm_app *app, const struct tm_delay_result *r, tm_error *err);

/* launch watch / unwatch: person_ref starts (on) or stops watching launch_ref; idempotent. out gets
 * the launch, who the person, watchers the launch's watchers after (NULL: not wanted). */
int tm_app_launch_watch(tm_app *app, const char *launch_ref, const char *person_ref, bool on, tm_launch *launch,
			tm_person *who, tm_people *watchers, tm_error *err);
/* The people watching a launch (by id or slug), by name. */
int tm_app_launch_watchers(tm_app *app, const char *launch_ref, tm_people *out, tm_error *err);

#endif
