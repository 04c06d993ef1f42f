/*
 * glossary.h - seed 003's shared glossary "including personas": terms with
 * their definition, and personas (a name, a role, goals, pains) that the
 * backlog and briefs name.
 */
#ifndef TM_GLOSSARY_H
#define TM_GLOSSARY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "util/vec.h"

#define TM_TERM_MAX 120
#define TM_DEFINITION_MAX 4000

enum tm_term_kind { TM_TERM_TERM, TM_TERM_PERSONA, TM_TERM_KIND_COUNT };
extern const char *const tm_term_kind_names[];  /* "term", "persona", NULL */

typedef struct tm_term {
	int64_t id;
	char term[TM_TERM_MAX + 1];      /* unique whatever its case */
	int kind;                        /* enum tm_term_kind */
	char definition[TM_DEFINITION_MAX + 1];
	char role[TM_NAME_MAX + 1];      /* a persona's job ("Head of RevOps"), "" for a term */
	char goals[TM_TEXT_MAX + 1];     /* a persona's goals */
	char pains[TM_TEXT_MAX + 1];     /* a persona's pains */
	int64_t version;
	char created_at[32], updated_at[32];
} tm_term;
typedef TM_VEC(tm_term) tm_terms;

/* Does text mention term as whole words, ASCII letters in any case ("for the RevOps lead" mentions
 * "RevOps Lead"; "RevOps leads" does not)? */
bool tm_glossary_mentions(const char *text, const char *term);

#endif
