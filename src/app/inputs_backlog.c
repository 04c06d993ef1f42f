/*
 * inputs_backlog.c - the input of backlog add and backlog set (app/backlog.h),
 * one table (see input.h): the command line's options and --help, the API's
 * validation and the OpenAPI schemas IdeaInput and IdeaPatch come from it.
 * Linked alone by the fuzz target of request bodies: input.h and core only.
 */
#include <stddef.h>

#include "app/backlog.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)
#define TEXT_FITS(s, m, max) _Static_assert(sizeof(((s *)0)->m) == (max) + 1, #s "." #m " holds " #max " bytes")
TEXT_FITS(tm_idea_input, title, TM_IDEA_TITLE_MAX);
TEXT_FITS(tm_idea_input, why, TM_IDEA_WHY_MAX);
TEXT_FITS(tm_idea_input, persona, TM_NAME_MAX);

static const tm_field idea_fields[] = {
	[TM_II_TITLE] = { "title", NULL, TM_IN_TEXT, 0, TM_IDEA_TITLE_MAX, TM_IN_REQUIRED, NULL, "TITLE",
			  "the idea, persona or question in a line", F(tm_idea_input, title), NULL, NULL },
	[TM_II_KIND] = { "kind", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, tm_idea_kind_names, "KIND",
			 "idea, persona (someone to serve) or question (something to find out)", F(tm_idea_input, kind), NULL,
			 NULL },
	[TM_II_TRACK] = { "track", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, tm_idea_track_names, "TRACK",
			  "product (the PM track) or market (the PMM track)", F(tm_idea_input, track), NULL, NULL },
	[TM_II_OWNER] = { "owner", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			  "who owns it (none or null: nobody)", F(tm_idea_input, owner), NULL, NULL },
	[TM_II_REACH] = { "reach", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "N",
			  "RICE reach: people or events it touches per quarter (0 or more)", F(tm_idea_input, reach), NULL,
			  NULL },
	[TM_II_IMPACT] = { "impact", NULL, TM_IN_CHOICE, 0, 0, 0, tm_impact_names, "IMPACT",
			   "RICE impact on each person reached: massive 3, high 2, medium 1, low 0.5, minimal 0.25",
			   F(tm_idea_input, impact), NULL, NULL },
	[TM_II_CONFIDENCE] = { "confidence", NULL, TM_IN_CHOICE, 0, 0, 0, tm_rice_confidence_names, "LEVEL",
			       "RICE confidence in the estimates: high 100%, medium 80%, low 50%",
			       F(tm_idea_input, confidence), NULL, NULL },
	[TM_II_EFFORT] = { "effort", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "PERSON-MONTHS",
			   "RICE effort in person-months (more than 0, e.g. 0.5)", F(tm_idea_input, effort), NULL, NULL },
	[TM_II_STATUS] = { "status", NULL, TM_IN_CHOICE, 0, 0, TM_IN_CHANGE_ONLY, tm_idea_status_names, "STATUS",
			   "where it stands: new, validating, experimenting, planned, sunset or dropped (sunset and "
			   "dropped need a why; launched follows its launch)",
			   F(tm_idea_input, status), "a new item is new: its status changes later", NULL },
	[TM_II_WHY] = { "why", NULL, TM_IN_TEXT, 0, TM_IDEA_WHY_MAX, 0, NULL, "TEXT",
			"why it is sunset or dropped (needed with those statuses)", F(tm_idea_input, why), NULL, NULL },
	[TM_II_PERSONA] = { "persona", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_EMPTY_OK, NULL, "TERM",
			    "the glossary persona it is for (a term of kind persona; \"\" removes it)",
			    F(tm_idea_input, persona), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const idea_readonly[] = { "id",   "launch",     "rice",       "rice_arithmetic", "lacks",
					     "rank", "version",    "created_at", "updated_at",      NULL };

const tm_input_desc tm_idea_desc = {
	"idea", "IdeaInput", "IdeaPatch",
	"A backlog item (an idea, a persona or a question) on the product or market track, scored RICE-style "
	"(reach × impact × confidence ÷ effort) once it has all four. A new item needs a title, a kind and a track.",
	idea_fields, offsetof(tm_idea_input, given), sizeof(tm_idea_input), idea_readonly,
};
