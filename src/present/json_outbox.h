/*
 * json_outbox.h - the JSON of the outbox (app/outbox.h): an item as the notify log and the API's
 * delivery log show it, and what a sending pass did. Each returns a new reference.
 */
#ifndef TM_PRESENT_JSON_OUTBOX_H
#define TM_PRESENT_JSON_OUTBOX_H

#include <jansson.h>

#include "app/outbox.h"

/* {"id","channel","event","event_key","recipient","person_id"|null,"webhook_id"|null,"launch_id"|null,
 *  "subject","status","attempts","next_at","last_error","created_at","sent_at"|null} — the texts
 * sent (body, html) are left out. */
json_t *tm_json_outbox_item(const tm_outbox_item *it);
/* [tm_json_outbox_item, …] */
json_t *tm_json_outbox_items(const tm_outbox_items *v);
/* {"sent","retrying","failed"} */
json_t *tm_json_outbox_result(const tm_outbox_result *r);

#endif
