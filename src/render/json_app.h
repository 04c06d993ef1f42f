/*
 * json_app.h - the JSON of use-case results, shared by the command line's
 * --json and the API, so the two can never disagree. Each returns a new
 * reference.
 */
#ifndef TM_RENDER_JSON_APP_H
#define TM_RENDER_JSON_APP_H

#include <jansson.h>

#include "app/app.h"

/* {"launch","score","errors","warnings","findings":[{"rule","severity","task","message","hint"}],"readiness":[…]} */
json_t *tm_json_check(const tm_launch_check *c);
/* The brief's fields and its Markdown. */
json_t *tm_json_brief(const tm_launch_brief *lb);
json_t *tm_json_decision(const tm_decision *d);
/* {"from","to","events":[…],"conflicts":[…]} */
json_t *tm_json_agenda(const tm_agenda *ag);

#endif
