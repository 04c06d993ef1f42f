/*
 * inputs_glossary.c - the input of glossary add and glossary set (app/glossary.h),
 * one table (see input.h): the command line's options and --help, the API's
 * validation and the OpenAPI schemas TermInput and TermPatch come from it.
 * Linked alone by the fuzz target of request bodies: input.h and core only.
 */
#include <stddef.h>

#include "app/glossary.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)
#define TEXT_FITS(s, m, max) _Static_assert(sizeof(((s *)0)->m) == (max) + 1, #s "." #m " holds " #max " bytes")
TEXT_FITS(tm_term_input, term, TM_TERM_MAX);
TEXT_FITS(tm_term_input, definition, TM_DEFINITION_MAX);
TEXT_FITS(tm_term_input, role, TM_NAME_MAX);
TEXT_FITS(tm_term_input, goals, TM_TEXT_MAX);
TEXT_FITS(tm_term_input, pains, TM_TEXT_MAX);

static const tm_field term_fields[] = {
	[TM_TI_TERM_TERM] = { "term", NULL, TM_IN_TEXT, 0, TM_TERM_MAX, TM_IN_REQUIRED, NULL, "TERM",
			      "the word, or the persona's name (unique whatever its case)", F(tm_term_input, term), NULL,
			      NULL },
	[TM_TI_TERM_KIND] = { "kind", NULL, TM_IN_CHOICE, 0, 0, 0, tm_term_kind_names, "KIND",
			      "term (the default) or persona (someone the backlog and briefs name)",
			      F(tm_term_input, kind), NULL, NULL },
	[TM_TI_TERM_DEFINITION] = { "definition", NULL, TM_IN_TEXT, 0, TM_DEFINITION_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
				    "what it means (a term needs one), or who the persona is",
				    F(tm_term_input, definition), NULL, NULL },
	[TM_TI_TERM_ROLE] = { "role", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			      "a persona's job (\"Head of RevOps\")", F(tm_term_input, role), NULL, NULL },
	[TM_TI_TERM_GOALS] = { "goals", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			       "what a persona wants to achieve", F(tm_term_input, goals), NULL, NULL },
	[TM_TI_TERM_PAINS] = { "pains", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			       "what gets in a persona's way", F(tm_term_input, pains), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const term_readonly[] = { "id", "version", "created_at", "updated_at", NULL };

const tm_input_desc tm_term_desc = {
	"term", "TermInput", "TermPatch",
	"A glossary entry: a term of the team's shared language with its definition, or a persona (kind persona) "
	"with a role, goals and pains. A term is unique whatever its case.",
	term_fields, offsetof(tm_term_input, given), sizeof(tm_term_input), term_readonly,
};
