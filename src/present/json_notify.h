/*
 * json_notify.h - the JSON of who is told what (issue 15): webhooks, watchers, a notification
 * pass's report. Shared by the command line's --json and the API; each returns a new reference.
 */
#ifndef TM_PRESENT_JSON_NOTIFY_H
#define TM_PRESENT_JSON_NOTIFY_H

#include <jansson.h>

#include "app/notify.h"
#include "app/webhooks.h"

/* {"id","url","events":[...],"format","launch_id" (null: every launch),"allow_private","created_at"};
 * with_secret adds "secret" (only when it is added: shown once). */
json_t *tm_json_webhook(const tm_webhook *w, bool with_secret);
/* [tm_json_webhook, …] without secrets. */
json_t *tm_json_webhooks(const tm_webhooks *ws);
/* [{"id","name","email"}, …] */
json_t *tm_json_watchers(const tm_people *people);
/* {"today","dry_run","rest_day","checked","skipped","enqueued":[{"id","channel","event","event_key","recipient",
 * "person_id","webhook_id","launch_id","subject"}, …]} */
json_t *tm_json_notify_report(const tm_notify_report *r);
/* A webhook's deliveries: [tm_json_outbox_item, …] (present/json_outbox.h: one shape for an item of
 * the outbox, whether the notify log or a webhook's delivery log shows it). */
json_t *tm_json_deliveries(const tm_outbox_items *items);

#endif
