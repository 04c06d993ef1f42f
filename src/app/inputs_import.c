/*
 * inputs_import.c - the input of an import (app/imports.h), one table (see
 * input.h): `tminus import SOURCE FILE`'s options and --help, and the API's
 * parameters of POST /launches/{id}/import come from it. Linked alone by the
 * fuzz target of request bodies: input.h and core only.
 */
#include <stddef.h>

#include "app/imports.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)

static const tm_field import_fields[] = {
	[TM_IMP_SOURCE] = { "source", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, tm_import_source_names, "SOURCE",
			   "the tool whose CSV export the file is: asana, jira, linear, or csv (tminus's task fields)",
			   F(tm_import_input, source), NULL, NULL },
	[TM_IMP_LAUNCH] = { "launch", NULL, TM_IN_TEXT, 0, TM_SLUG_MAX, TM_IN_REQUIRED, NULL, "LAUNCH",
			   "the launch the tasks join (slug or id)", F(tm_import_input, launch), NULL, NULL },
	[TM_IMP_MAP] = { "map", NULL, TM_IN_TEXT, 0, TM_IMPORT_MAP_MAX, 0, NULL, "HEADER=FIELD,...",
			"the file's other headers and the task field each holds ('Task Name=title,Owner=owner'; fields: "
			"title, section, owner, owner_email, due, effort, done, status, id, parent, depends_on, milestone, "
			"blocks)",
			F(tm_import_input, map), NULL, NULL },
	[TM_IMP_DRY_RUN] = { "dry_run", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			    "say what would be created, changed and skipped, and change nothing", F(tm_import_input, dry_run),
			    NULL, NULL },
	[TM_IMP_CREATE_PEOPLE] = { "create_people", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
				  "add the assignees no person matches (by email, then name); else their tasks stay "
				  "unowned and they are listed",
				  F(tm_import_input, create_people), NULL, NULL },
	[TM_IMP_AS_OFFSETS] = { "as_offsets", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			       "keep due dates as offsets from T in calendar days (T-12d), so they follow the launch "
			       "when it moves",
			       F(tm_import_input, as_offsets), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_import_desc = {
	"import", "ImportInput", NULL,
	"Tasks brought into a launch from the CSV export of Asana, Jira or Linear, or a CSV of tminus's task fields: "
	"owners, due dates, effort, status, subtasks and dependencies. A re-import updates the tasks it made.",
	import_fields, offsetof(tm_import_input, given), sizeof(tm_import_input), NULL,
};
