/*
 * json_notify.c - the JSON of webhooks, watchers and a notification pass (present/json_notify.h).
 */
#include <string.h>

#include "present/json_notify.h"
#include "present/json_outbox.h"

#include "util/banned.h"

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

json_t *tm_json_webhook(const tm_webhook *w, bool with_secret)
{
	json_t *events = json_array();
	const char *p = w->events;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		if (n)
			json_array_append_new(events, json_stringn(p, n));
		p += n + (c ? 1 : 0);
	}
	json_t *j = json_pack("{s:I, s:s, s:o, s:s, s:o, s:b, s:s}", "id", (json_int_t)w->id, "url", w->url, "events", events,
			      "format", w->format, "launch_id", id_or_null(w->launch_id), "allow_private", w->allow_private,
			      "created_at", w->created_at);
	if (with_secret)
		json_object_set_new(j, "secret", json_string(w->secret));
	return j;
}

json_t *tm_json_webhooks(const tm_webhooks *ws)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ws->n; i++)
		json_array_append_new(a, tm_json_webhook(&ws->v[i], false));
	return a;
}

json_t *tm_json_watchers(const tm_people *people)
{
	json_t *a = json_array();
	for (size_t i = 0; i < people->n; i++) {
		const tm_person *p = &people->v[i];
		json_array_append_new(a, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)p->id, "name", p->name, "email",
						   p->email[0] ? json_string(p->email) : json_null()));
	}
	return a;
}

json_t *tm_json_notify_report(const tm_notify_report *r)
{
	char day[TM_DATE_STRLEN];
	json_t *items = json_array();
	for (size_t i = 0; i < r->items.n; i++) {
		const tm_outbox_item *it = &r->items.v[i];
		json_array_append_new(items, json_pack("{s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "id", id_or_null(it->id),
						       "channel", it->channel, "event", it->event, "event_key", it->event_key,
						       "recipient", it->recipient, "person_id", id_or_null(it->person_id),
						       "webhook_id", id_or_null(it->webhook_id), "launch_id",
						       id_or_null(it->launch_id), "subject", it->subject ? it->subject : ""));
	}
	return json_pack("{s:s, s:b, s:b, s:i, s:i, s:o}", "today", tm_date_format(r->today, day), "dry_run", r->dry_run,
			 "rest_day", r->rest_day, "checked", r->checked, "skipped", r->skipped, "enqueued", items);
}

json_t *tm_json_deliveries(const tm_outbox_items *items)
{
	json_t *a = json_array();
	for (size_t i = 0; i < items->n; i++)
		json_array_append_new(a, tm_json_outbox_item(&items->v[i]));
	return a;
}
