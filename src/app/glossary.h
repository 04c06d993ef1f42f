/*
 * glossary.h - the use cases of the shared glossary (seed 003: "a shared
 * glossary including personas"): terms with their definition, and personas
 * (a name, a role, goals, pains) that backlog items and briefs name. Like
 * app.h: every write runs in one transaction and changes nothing when
 * refused; nothing here prints.
 */
#ifndef TM_APP_GLOSSARY_H
#define TM_APP_GLOSSARY_H

#include "app/app.h"
#include "core/glossary.h"

/* glossary add / glossary set: described by tm_term_desc. */
enum { TM_TI_TERM_TERM, TM_TI_TERM_KIND, TM_TI_TERM_DEFINITION, TM_TI_TERM_ROLE, TM_TI_TERM_GOALS, TM_TI_TERM_PAINS,
       TM_TI_TERM_FIELDS };
typedef struct tm_term_input {
	uint32_t given;                        /* 1 << TM_TI_TERM_* of each field given */
	char term[TM_TERM_MAX + 1];            /* the word, or the persona's name */
	int kind;                              /* enum tm_term_kind; not given: term */
	char definition[TM_DEFINITION_MAX + 1];
	char role[TM_NAME_MAX + 1];            /* a persona's job */
	char goals[TM_TEXT_MAX + 1];
	char pains[TM_TEXT_MAX + 1];
	int64_t if_version;                    /* not an input: change only at this version (0: any) */
} tm_term_input;
extern const tm_input_desc tm_term_desc;

/*
 * A term is named by itself (any case) or its id ("12" or "#12"). A term there already is TM_ECONFLICT
 * naming the field term. A term needs its definition; role, goals and pains are a persona's only.
 */
int tm_app_term_add(tm_app *app, const tm_term_input *in, tm_term *out, tm_error *err);
/* Changes the fields given (in->if_version: TM_ESTALE when the term has another version). */
int tm_app_term_set(tm_app *app, const char *ref, const tm_term_input *in, tm_term *out, tm_error *err);
/* Removes a term (if_version 0: any); backlog items that name it as their persona forget it. out gets it as it was. */
int tm_app_term_rm(tm_app *app, const char *ref, int64_t if_version, tm_term *out, tm_error *err);
int tm_app_term_get(tm_app *app, const char *ref, tm_term *out, tm_error *err);
/* kind NULL or "": every entry; else "term" or "persona" (another is TM_EINVAL naming kind). By term. */
int tm_app_term_list(tm_app *app, const char *kind, tm_terms *out, tm_error *err);
/* The personas a text mentions by name (a brief's audience lines), by term. */
int tm_app_personas_named(tm_app *app, const char *const *texts, size_t n, tm_terms *out, tm_error *err);

#endif
