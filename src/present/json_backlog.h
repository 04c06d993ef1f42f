/*
 * json_backlog.h - the JSON of the backlog's use cases, shared by the
 * command line's --json and the API. Each json_t function returns a new
 * reference.
 */
#ifndef TM_PRESENT_JSON_BACKLOG_H
#define TM_PRESENT_JSON_BACKLOG_H

#include <jansson.h>

#include "app/backlog.h"
#include "render/json_out.h"

/*
 * One item: {"id","title","kind","track","owner"|null,"reach"|null,"impact"|null,"confidence"|null,
 * "effort"|null,"status","why","persona"|null,"launch"|null (slug),"rice"|null,
 * "rice_arithmetic"|null ("2000 × 2 × 80% ÷ 4 = 800"),"lacks":["reach",…],"version","created_at",
 * "updated_at"}; rank > 0 adds "rank".
 */
json_t *tm_json_idea(const tm_idea *i, int rank);
/* tm_json_idea written straight out, byte for byte as tm_json_dumps() prints it (100,000 items). */
void tm_json_out_idea(tm_json_out *w, const tm_idea *i, int rank);
/* [tm_json_idea, …] */
json_t *tm_json_ideas(const tm_ideas *is);
/* {"ranked":[idea + "rank"],"unscored":[idea]} */
json_t *tm_json_backlog_rank(const tm_backlog_rank *r);
/* The same written straight out (backlog rank --json over the whole backlog). */
void tm_json_out_backlog_rank(tm_json_out *w, const tm_backlog_rank *r);

#endif
