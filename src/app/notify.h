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

/* What one pass recorded (or, dry_run, would record). */
typedef struct tm_notify_report {
	tm_outbox_items items;         /* each item told, as enqueued (dry_run: id 0) */
	int skipped;                   /* items already told before (recipient, event) */
} tm_notify_report;
void tm_notify_report_free(tm_notify_report *r);

/* One pass for app->today: digests, summaries and the events whose day has come, enqueued in one
 * transaction (dry_run: computed, nothing written). base_url makes the links (NULL: none). */
int tm_app_notify_pass(tm_app *app, const char *base_url, bool dry_run, tm_notify_report *out, tm_error *err);

#endif
