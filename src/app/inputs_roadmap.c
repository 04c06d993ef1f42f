/*
 * inputs_roadmap.c - the input of roadmap add, roadmap set and roadmap review
 * (app/roadmap.h), one table each (see input.h): the command line's options
 * and --help, the API's validation and the OpenAPI schemas RoadmapInput,
 * RoadmapPatch and RoadmapReviewInput come from them. Linked alone by the
 * fuzz target of request bodies: input.h and core only.
 */
#include <stddef.h>

#include "app/roadmap.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)
#define TEXT_FITS(s, m, max) _Static_assert(sizeof(((s *)0)->m) == (max) + 1, #s "." #m " holds " #max " bytes")
TEXT_FITS(tm_roadmap_input, title, TM_ROADMAP_TITLE_MAX);
TEXT_FITS(tm_roadmap_input, quarter, 16);
TEXT_FITS(tm_roadmap_review_input, notes, TM_TEXT_MAX);

static const tm_field roadmap_fields[] = {
	[TM_RI_TITLE] = { "title", NULL, TM_IN_TEXT, 0, TM_ROADMAP_TITLE_MAX, TM_IN_REQUIRED, NULL, "TITLE",
			  "the item in a line", F(tm_roadmap_input, title), NULL, NULL },
	[TM_RI_LEVEL] = { "level", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED | TM_IN_CREATE_ONLY, tm_roadmap_level_names,
			  "LEVEL", "strategic (a bet), initiative (under a strategic item) or release (under an initiative)",
			  F(tm_roadmap_input, level),
			  "an item keeps its level: add one at the other level and move the items under it", NULL },
	[TM_RI_PARENT] = { "parent", NULL, TM_IN_INT, 0, 2147483647, 0, NULL, "ID",
			   "the item of the level above it belongs to (0: none, at the top)", F(tm_roadmap_input, parent),
			   NULL, NULL },
	[TM_RI_OWNER] = { "owner", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			  "who owns it (none or null: nobody)", F(tm_roadmap_input, owner), NULL, NULL },
	[TM_RI_QUARTER] = { "quarter", NULL, TM_IN_TEXT, 0, 16, TM_IN_EMPTY_OK, NULL, "QUARTER",
			    "the quarter it targets: 2027Q1, 2027-Q1 or Q1 2027 (\"\" removes it)",
			    F(tm_roadmap_input, quarter), NULL, NULL },
	[TM_RI_STATUS] = { "status", NULL, TM_IN_CHOICE, 0, 0, 0, tm_roadmap_status_names, "COLOUR",
			   "its colour as its owner sees it (a new item: green); shown red anyway when a launch of it is "
			   "infeasible or slipped past its quarter",
			   F(tm_roadmap_input, status), NULL, NULL },
	[TM_RI_LAUNCHES] = { "launches", "launch", TM_IN_REFS, 0, TM_ROADMAP_LINKS_MAX, 0, NULL, "LAUNCH",
			     "a launch that delivers it, by slug or id (repeatable; none: no launch; set replaces them)",
			     F(tm_roadmap_input, launches), NULL, NULL },
	[TM_RI_IDEAS] = { "ideas", "idea", TM_IN_REFS, 0, TM_ROADMAP_LINKS_MAX, 0, NULL, "ID",
			  "a backlog item behind it, by id (repeatable; none: no idea; set replaces them)",
			  F(tm_roadmap_input, ideas), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const roadmap_readonly[] = { "id",     "depth",   "colour",     "why_red",    "version",
						"review", "created_at", "updated_at", NULL };

const tm_input_desc tm_roadmap_desc = {
	"roadmap", "RoadmapInput", "RoadmapPatch",
	"An item of the three-level roadmap (strategic → initiative → release) with an owner, a target quarter, a "
	"status colour and the launches and backlog items that deliver it. A new item needs a title and a level; "
	"its parent must be of the level above.",
	roadmap_fields, offsetof(tm_roadmap_input, given), sizeof(tm_roadmap_input), roadmap_readonly,
};

static const tm_field review_fields[] = {
	[TM_RR_NOTES] = { "notes", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			  "what the review found or changed", F(tm_roadmap_review_input, notes), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const review_readonly[] = { "id", "on", "by", "at", NULL };

const tm_input_desc tm_roadmap_review_desc = {
	"roadmap_review", "RoadmapReviewInput", NULL,
	"A review of the roadmap held today (seed 003: every 6 weeks); tminus check reports roadmap-review-due "
	"when the last one is more than 6 weeks old.",
	review_fields, offsetof(tm_roadmap_review_input, given), sizeof(tm_roadmap_review_input), review_readonly,
};
