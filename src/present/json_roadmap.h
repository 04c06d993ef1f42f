/*
 * json_roadmap.h - the JSON of the roadmap's use cases, shared by the command
 * line's --json and the API. Each returns a new reference.
 */
#ifndef TM_PRESENT_JSON_ROADMAP_H
#define TM_PRESENT_JSON_ROADMAP_H

#include <jansson.h>

#include "app/roadmap.h"
#include "render/json_out.h"

/*
 * Item i of r: {"id","title","level","parent"|null,"depth","owner"|null,"quarter"|null,"status" (as set),
 * "colour" (shown),"why_red"|null,"launches":[{"slug","name","date","tier","status","score"|null,
 * "feasible","slipped","first_date"}],"ideas":[{"id","title","status"}],"version","created_at","updated_at"}.
 */
json_t *tm_json_roadmap_item(const tm_roadmap *r, size_t i);
/* {"items":[…, depth first],"last_review":{"id","on","by","notes","at"}|null,"review_due","quarters":[…],"today"} */
json_t *tm_json_roadmap(const tm_roadmap *r);
/* tm_json_roadmap written straight out, byte for byte as tm_json_dumps() prints it (roadmap --json over
 * thousands of items and launches). */
void tm_json_out_roadmap(tm_json_out *w, const tm_roadmap *r);
/* {"id","on","by","notes","at"} */
json_t *tm_json_roadmap_review(const tm_roadmap_review *rv);
/* {"items":[tm_json_roadmap_review…]} */
json_t *tm_json_roadmap_reviews(const tm_roadmap_reviews *rs);

#endif
