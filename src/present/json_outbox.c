/* json_outbox.c - the JSON of the outbox (json_outbox.h). */
#include "present/json_outbox.h"

#include "util/banned.h"

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *tm_json_outbox_item(const tm_outbox_item *it)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "channel", json_string(it->channel));
	json_object_set_new(o, "event", json_string(it->event));
	json_object_set_new(o, "event_key", json_string(it->event_key));
	json_object_set_new(o, "recipient", json_string(it->recipient));
	json_object_set_new(o, "person_id", id_or_null(it->person_id));
	json_object_set_new(o, "webhook_id", id_or_null(it->webhook_id));
	json_object_set_new(o, "launch_id", id_or_null(it->launch_id));
	json_object_set_new(o, "subject", json_string(it->subject ? it->subject : ""));
	json_object_set_new(o, "status", json_string(it->status));
	json_object_set_new(o, "attempts", json_integer(it->attempts));
	json_object_set_new(o, "next_at", json_string(it->next_at));
	json_object_set_new(o, "last_error", json_string(it->last_error));
	json_object_set_new(o, "created_at", json_string(it->created_at));
	json_object_set_new(o, "sent_at", it->sent_at[0] ? json_string(it->sent_at) : json_null());
	return o;
}

json_t *tm_json_outbox_items(const tm_outbox_items *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(a, tm_json_outbox_item(&v->v[i]));
	return a;
}

json_t *tm_json_outbox_result(const tm_outbox_result *r)
{
	return json_pack("{s:i, s:i, s:i}", "sent", r->sent, "retrying", r->retrying, "failed", r->failed);
}
