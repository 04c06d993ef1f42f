/* json_glossary.c - the JSON of glossary terms and personas (json_glossary.h). */
#include "present/json_glossary.h"

#include "util/banned.h"

json_t *tm_json_term(const tm_term *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)t->id, "term", t->term,
			 "kind", tm_term_kind_names[t->kind], "definition", t->definition, "role", t->role, "goals",
			 t->goals, "pains", t->pains, "version", (json_int_t)t->version, "created_at", t->created_at,
			 "updated_at", t->updated_at);
}

json_t *tm_json_terms(const tm_terms *ts)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < ts->n; i++)
		json_array_append_new(arr, tm_json_term(&ts->v[i]));
	return arr;
}

json_t *tm_json_persona_refs(const tm_terms *ts)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < ts->n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ts->v[i].id, "term",
						     ts->v[i].term, "role", ts->v[i].role));
	return arr;
}
