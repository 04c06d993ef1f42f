/*
 * json_glossary.h - the JSON of the glossary (terms and personas), shared by
 * the command line's --json and the API. Each returns a new reference. (A
 * decision's JSON is tm_json_decision, in json_app.h.)
 */
#ifndef TM_PRESENT_JSON_GLOSSARY_H
#define TM_PRESENT_JSON_GLOSSARY_H

#include <jansson.h>

#include "app/glossary.h"

/* {"id","term","kind":"term"|"persona","definition","role","goals","pains","version","created_at","updated_at"}
 * (role, goals and pains are "" for a term). */
json_t *tm_json_term(const tm_term *t);
/* [tm_json_term, …] */
json_t *tm_json_terms(const tm_terms *ts);
/* [{"id","term","role"}, …]: the personas a document names, in short. */
json_t *tm_json_persona_refs(const tm_terms *ts);

#endif
