/*
 * inputs.c - the input of every use case that changes the workspace, one
 * table each (see input.h). The command line, the API, the OpenAPI document
 * and the web UI read these; nothing else lists a use case's fields.
 */
#include <stddef.h>

#include "app/app.h"
#include "app/metrics.h"
#include "app/glossary.h"
#include "app/imports.h"
#include "app/webhooks.h"
#include "app/experiments.h"
#include "app/backlog.h"
#include "app/roadmap.h"

#include "util/banned.h"

static const char *const roles[] = {
#define X(id, text, label) text,
	TM_ROLES(X)
#undef X
	NULL
};
static const char *const task_statuses[] = {
#define X(id, text) text,
	TM_TASK_STATUSES(X)
#undef X
	NULL
};
static const char *const launch_statuses[] = {
#define X(id, text) text,
	TM_LAUNCH_STATUSES(X)
#undef X
	NULL
};
static const char *const confidences[] = {
#define X(id, text) text,
	TM_CONFIDENCES(X)
#undef X
	NULL
};
static const char *const quadrants[] = {
#define X(id, text) text,
	TM_QUADRANTS(X)
#undef X
	NULL
};

static const char *const metric_kinds[] = {
#define X(id, text) text,
	TM_METRIC_KINDS(X)
#undef X
	NULL
};
/* In the order of tm_metric_input.direction: 0 up is good, 1 down is good. */
static const char *const directions[] = { "up", "down", NULL };

/* In the order of enum tm_user_role (core/model.h). */
static const char *const user_roles[] = { "viewer", "editor", "admin", NULL };
static const char *const token_scopes[] = { "read", "write", NULL };

#define F(s, m) offsetof(s, m)

/* A TEXT field of at most max bytes is a char[max + 1] of its struct: tm_input_set_text writes that much. */
#define TEXT_FITS(s, m, max) _Static_assert(sizeof(((s *)0)->m) == (max) + 1, #s "." #m " holds " #max " bytes")
TEXT_FITS(tm_launch_input, name, TM_NAME_MAX);
TEXT_FITS(tm_task_input, title, TM_TITLE_MAX);
TEXT_FITS(tm_task_input, section, TM_SECTION_MAX);
TEXT_FITS(tm_task_input, stream, TM_STREAM_MAX);
TEXT_FITS(tm_delay_input, reason, TM_TEXT_MAX);
TEXT_FITS(tm_delay_input, public_reason, TM_TEXT_MAX);
TEXT_FITS(tm_person_input, name, TM_NAME_MAX);
TEXT_FITS(tm_person_input, email, TM_EMAIL_MAX);
TEXT_FITS(tm_person_input, title, TM_NAME_MAX);
TEXT_FITS(tm_holiday_input, name, TM_NAME_MAX);
TEXT_FITS(tm_metric_input, name, TM_METRIC_NAME_MAX);
TEXT_FITS(tm_metric_input, unit, 23);
TEXT_FITS(tm_metric_input, source, TM_METRIC_SOURCE_MAX);
TEXT_FITS(tm_observation_input, note, TM_TEXT_MAX);
TEXT_FITS(tm_freeze_input, name, TM_NAME_MAX);
TEXT_FITS(tm_decision_input, launch, TM_SLUG_MAX);
TEXT_FITS(tm_decision_input, what, TM_TEXT_MAX);
TEXT_FITS(tm_decision_input, why, TM_TEXT_MAX);
TEXT_FITS(tm_decision_input, chosen, TM_TEXTS_LEN);
TEXT_FITS(tm_user_input, name, TM_NAME_MAX);
TEXT_FITS(tm_token_input, user, TM_NAME_MAX);
TEXT_FITS(tm_token_input, name, TM_NAME_MAX);

/* ---- launches ---- */

static const tm_field launch_fields[] = {
	[TM_LI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME",
			 "the launch's name, as people say it", F(tm_launch_input, name), NULL, NULL },
	[TM_LI_DATE] = { "date", NULL, TM_IN_DATE, 0, 0, TM_IN_REQUIRED | TM_IN_CREATE_ONLY, NULL, "DATE",
			 "launch day T, YYYY-MM-DD", F(tm_launch_input, date),
			 "the launch date moves with a delay (tminus launch delay, POST …/delay), which records why", NULL },
	[TM_LI_TIER] = { "tier", NULL, TM_IN_INT, 1, 4, 0, NULL, "N",
			 "1 full campaign, 2 blog + email + enablement, 3 changelog + in-app, 4 release notes",
			 F(tm_launch_input, tier), NULL, NULL },
	[TM_LI_CRITERIA] = { "criteria", NULL, TM_IN_FLAGS, 0, 0, TM_IN_CREATE_ONLY, NULL, NULL,
			     "what the launch is, for tminus to suggest its tier when none is given",
			     F(tm_launch_input, criteria), "the criteria only suggest the tier of a new launch: give the tier", NULL },
	[TM_LI_PM] = { "pm", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON", "the PM owner: owns the pm tasks",
		       F(tm_launch_input, pm), NULL, NULL },
	[TM_LI_MARKETING] = { "marketing", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON",
			      "the marketing owner: owns the marketing and pmm tasks", F(tm_launch_input, marketing), NULL, NULL },
	[TM_LI_OWNERS] = { "owners", "owner", TM_IN_OWNERS, 0, 0, 0, NULL, "ROLE=PERSON",
			   "who owns another role's tasks, e.g. sales=Dana (repeatable)", F(tm_launch_input, owners), NULL, NULL },
	[TM_LI_CONFIDENCE] = { "confidence", NULL, TM_IN_CHOICE, 0, 0, 0, confidences, "LEVEL",
			       "confidence in the date (a new launch: medium)", F(tm_launch_input, confidence), NULL, NULL },
	[TM_LI_STATUS] = { "status", NULL, TM_IN_CHOICE, 0, 0, TM_IN_CHANGE_ONLY, launch_statuses, "STATUS",
			   "where the launch stands", F(tm_launch_input, status),
			   "a new launch is planned: its status changes later", NULL },
	[TM_LI_QUADRANT] = { "quadrant", NULL, TM_IN_CHOICE, 0, 0, 0, quadrants, "Q",
			     "seed 001's channel quadrant: who it is for and how new it is", F(tm_launch_input, quadrant), NULL,
			     NULL },
	[TM_LI_ADD_CHANNEL_TASKS] = { "add_channel_tasks", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
				      "add a task for each channel of the quadrant's mix the launch lacks",
				      F(tm_launch_input, add_channel_tasks), NULL, NULL },
	[TM_LI_DRIS] = { "dris", "dri", TM_IN_DRIS, 0, 0, 0, NULL, "STREAM=PERSON",
			 "the DRI of one of the playbook's marketing streams, e.g. pr=Ana (repeatable; pr=none: nobody)",
			 F(tm_launch_input, dris), NULL, NULL },
	[TM_LI_SPONSOR] = { "sponsor", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			    "the executive sponsor, who owns the exec tasks (none: back to the default, the person titled CPO)",
			    F(tm_launch_input, sponsor), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const launch_readonly[] = { "id",    "slug",         "version", "tasks", "tasks_total", "tasks_done",
					       "date_changes", "slips", "date_history", "notes", NULL };

const tm_input_desc tm_launch_desc = {
	"launch", "LaunchInput", "LaunchPatch",
	"A launch: its tier's playbook brings its tasks. A new launch needs a name, a date, and a tier or criteria.",
	launch_fields, offsetof(tm_launch_input, given), sizeof(tm_launch_input), launch_readonly,
};

/* ---- tasks ---- */

static const tm_field task_fields[] = {
	[TM_TI_TITLE] = { "title", NULL, TM_IN_TEXT, 0, TM_TITLE_MAX, TM_IN_REQUIRED, NULL, "TITLE", "what is to be done",
			  F(tm_task_input, title), NULL, NULL },
	[TM_TI_SECTION] = { "section", NULL, TM_IN_TEXT, 0, TM_SECTION_MAX, 0, NULL, "SECTION",
			    "the swimlane, e.g. 'Sales Enablement' (default: Other)", F(tm_task_input, section), NULL, NULL },
	[TM_TI_OWNER] = { "owner", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON", "who owns it (the DRI)",
			  F(tm_task_input, owner), NULL, NULL },
	[TM_TI_ROLE] = { "role", NULL, TM_IN_CHOICE, 0, 0, 0, roles, "ROLE", "the role that owns it (default: the owner's)",
			 F(tm_task_input, role), NULL, NULL },
	[TM_TI_DUE] = { "due", NULL, TM_IN_DUE, 0, 0, 0, NULL, "OFFSET|DATE",
			"when it is due: T-3w, T+10d, T-5bd, T+1m, T+1q (they move with T), or YYYY-MM-DD (fixed)",
			F(tm_task_input, due), NULL, NULL },
	[TM_TI_NOT_BEFORE] = { "not_before", NULL, TM_IN_DUE, 0, 0, TM_IN_NULLABLE, NULL, "OFFSET|DATE",
			       "the day it cannot start before, an offset from T or a date (none: no such day); work due on "
			       "or after launch day never starts before T anyway",
			       F(tm_task_input, not_before), NULL, NULL },
	[TM_TI_DAYS] = { "effort_days", "days", TM_IN_INT, 0, 250, 0, NULL, "N",
			 "effort in working days (default 1, a milestone 0)", F(tm_task_input, effort_days), NULL, NULL },
	[TM_TI_STATUS] = { "status", NULL, TM_IN_CHOICE, 0, 0, 0, task_statuses, "S", "where the task stands (default todo)",
			   F(tm_task_input, status), NULL, NULL },
	[TM_TI_MILESTONE] = { "milestone", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL, "a milestone: no effort, sits on a day",
			      F(tm_task_input, milestone), NULL, NULL },
	[TM_TI_REQUIRED] = { "required", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			     "required for the launch (default); --optional: not required", F(tm_task_input, required), NULL,
			     "optional" },
	[TM_TI_REVIEWED_BY] = { "reviewed_by", "reviewer", TM_IN_PEOPLE, 0, TM_REVIEWERS_MAX, 0, NULL, "PERSON",
				"someone who reviews it (repeatable, up to 4; they replace the reviewers it has; none: nobody)",
				F(tm_task_input, reviewed_by), NULL, NULL },
	[TM_TI_AFTER] = { "after", NULL, TM_IN_TASKS, 0, TM_ID_LIST_MAX, TM_IN_CREATE_ONLY, NULL, "TASK",
			  "a task it waits for (repeatable)", F(tm_task_input, after),
			  "dependencies change with tminus task dep add|rm (POST and DELETE …/deps)", NULL },
	[TM_TI_STREAM] = { "stream", NULL, TM_IN_TEXT, 0, TM_STREAM_MAX, TM_IN_EMPTY_OK, NULL, "STREAM",
			   "the marketing stream it is a deliverable of, one of the playbook's (pr, web …; \"\": none)",
			   F(tm_task_input, stream), NULL, NULL },
	[TM_TI_EXTERNAL] = { "external", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			     "it produces external copy: done only once the launch's PMM and its reviewers approve it "
			     "(--internal: not)",
			     F(tm_task_input, external), NULL, "internal" },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const task_readonly[] = { "id",      "launch",    "offset", "not_before_offset", "depends_on",
					     "version", "reviewers", "no_longer_waiting", "co_role", "product",
					     "approved_by", "approval_missing", NULL };

const tm_input_desc tm_task_desc = {
	"task", "TaskInput", "TaskPatch", "A task of a launch's bill of materials.",
	task_fields, offsetof(tm_task_input, given), sizeof(tm_task_input), task_readonly,
};

static const tm_field dep_fields[] = {
	[TM_DPI_AFTER] = { "after", NULL, TM_IN_TASK, 0, 0, TM_IN_REQUIRED, NULL, "TASK", "the task it waits for",
			   F(tm_dep_input, after), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_dep_desc = {
	"dependency", "DependencyInput", NULL, "A task the task waits for (finish to start, within its launch).",
	dep_fields, offsetof(tm_dep_input, given), sizeof(tm_dep_input), NULL,
};

/* An approval of a task's external copy (app/approve.c). */
static const tm_field approve_fields[] = {
	[TM_API_AS] = { "as", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON",
			"who approves: the launch's PMM or a reviewer of the task (the command line's default: the "
			"launch's PMM; the server: the signed-in user's person, never someone else)",
			offsetof(tm_approve_input, as), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_approve_desc = {
	"approval", "ApprovalInput", NULL,
	"An approval of a task's external copy by the launch's PMM or one of the task's reviewers.",
	approve_fields, offsetof(tm_approve_input, given), sizeof(tm_approve_input), NULL,
};

/* ---- delays ---- */

static const tm_field delay_fields[] = {
	[TM_DI_TO] = { "to", NULL, TM_IN_DATE, 0, 0, 0, NULL, "DATE", "the new launch day, YYYY-MM-DD",
		       F(tm_delay_input, to), NULL, NULL },
	[TM_DI_REASON] = { "reason", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, 0, NULL, "TEXT",
			   "why it moves, for the team and the decision ledger (never shown to customers)",
			   F(tm_delay_input, reason), NULL, NULL },
	[TM_DI_PUBLIC_REASON] = { "public_reason", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, 0, NULL, "TEXT",
				  "why it moves, for customers: the reason that benefits them (the external message); "
				  "given alone, it completes the last move",
				  F(tm_delay_input, public_reason), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_delay_desc = {
	"delay", "DelayInput", NULL,
	"Moves launch day T (to and reason are needed): offset tasks move with it, fixed dates stay, done work never moves; "
	"a baseline is saved first. public_reason alone completes the last move with what customers are told.",
	delay_fields, offsetof(tm_delay_input, given), sizeof(tm_delay_input), NULL,
};

/* ---- the workspace: people, holidays, freezes, decisions ---- */

static const tm_field person_fields[] = {
	[TM_PI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME", "their full name",
			 F(tm_person_input, name), NULL, NULL },
	[TM_PI_ROLE] = { "role", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, roles, "ROLE", "the function they work in",
			 F(tm_person_input, role), NULL, NULL },
	[TM_PI_EMAIL] = { "email", NULL, TM_IN_TEXT, 0, TM_EMAIL_MAX, TM_IN_EMPTY_OK, NULL, "EMAIL",
			  "their email address (\"\" removes it)", F(tm_person_input, email), NULL, NULL },
	[TM_PI_CAPACITY] = { "capacity", NULL, TM_IN_INT, 0, 7, 0, NULL, "N",
			     "working days a week they give to launches (default 5)", F(tm_person_input, capacity), NULL, NULL },
	[TM_PI_TITLE] = { "title", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_EMPTY_OK, NULL, "TITLE",
			  "their job title (\"\" removes it); the person titled CPO is every launch's default sponsor",
			  F(tm_person_input, title), NULL, NULL },
	[TM_PI_NOTIFY] = { "notify", NULL, TM_IN_CHOICE, 0, 0, 0, tm_notify_pref_names, "WHEN",
			   "what they are sent by email: daily (a digest on working days and the Monday summary; the "
			   "default), weekly (the Monday summary only) or off (nothing)", F(tm_person_input, notify), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const person_readonly[] = { "id", NULL };

const tm_input_desc tm_person_desc = {
	"person", "PersonInput", "PersonPatch", "Someone who owns tasks.",
	person_fields, offsetof(tm_person_input, given), sizeof(tm_person_input), person_readonly,
};

static const tm_field holiday_fields[] = {
	[TM_HI_DATE] = { "date", NULL, TM_IN_DATE, 0, 0, TM_IN_REQUIRED, NULL, "DATE", "the day off, YYYY-MM-DD",
			 F(tm_holiday_input, date), NULL, NULL },
	[TM_HI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_EMPTY_OK, NULL, "NAME", "what it is called",
			 F(tm_holiday_input, name), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_holiday_desc = {
	"holiday", "HolidayInput", NULL, "A day off for the whole workspace: due dates counted from T move off it.",
	holiday_fields, offsetof(tm_holiday_input, given), sizeof(tm_holiday_input), NULL,
};

static const tm_field freeze_fields[] = {
	[TM_FI_FROM] = { "from", NULL, TM_IN_DATE, 0, 0, TM_IN_REQUIRED, NULL, "DATE", "its first day, YYYY-MM-DD",
			 F(tm_freeze_input, from), NULL, NULL },
	[TM_FI_TO] = { "to", NULL, TM_IN_DATE, 0, 0, TM_IN_REQUIRED, NULL, "DATE", "its last day, YYYY-MM-DD",
		       F(tm_freeze_input, to), NULL, NULL },
	[TM_FI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME", "what it is called",
			 F(tm_freeze_input, name), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const freeze_readonly[] = { "id", NULL };

const tm_input_desc tm_freeze_desc = {
	"freeze", "FreezeInput", NULL, "A window in which no launch should land.",
	freeze_fields, offsetof(tm_freeze_input, given), sizeof(tm_freeze_input), freeze_readonly,
};

static const tm_field decision_fields[] = {
	[TM_DCI_LAUNCH] = { "launch", NULL, TM_IN_TEXT, 0, TM_SLUG_MAX, 0, NULL, "LAUNCH",
			    "the launch it is about, by id or slug (none: the whole portfolio)", F(tm_decision_input, launch),
			    NULL, NULL },
	[TM_DCI_WHAT] = { "what", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_REQUIRED, NULL, "WHAT",
			  "what was decided", F(tm_decision_input, what), NULL, NULL },
	[TM_DCI_WHY] = { "why", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_REQUIRED, NULL, "WHY",
			 "why: the ledger keeps the reason with the decision", F(tm_decision_input, why), NULL, NULL },
	[TM_DCI_OPTIONS] = { "options", "option", TM_IN_TEXTS, 0, TM_TEXTS_MAX, 0, NULL, "TEXT",
			     "an option considered (repeat it for each)", F(tm_decision_input, options), NULL, NULL },
	[TM_DCI_CHOSEN] = { "chosen", NULL, TM_IN_TEXT, 0, TM_TEXTS_LEN, 0, NULL, "TEXT",
			    "the option chosen (one of the options, when they are given)", F(tm_decision_input, chosen),
			    NULL, NULL },
	[TM_DCI_DECIDED_BY] = { "decided_by", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON",
				"who decided (not given: who records it)", F(tm_decision_input, decided_by), NULL, NULL },
	[TM_DCI_IDEAS] = { "ideas", "idea", TM_IN_REFS, 0, TM_DECISION_LINKS_MAX, 0, NULL, "ID",
			   "a backlog item it is about, by id (repeatable)", F(tm_decision_input, ideas), NULL, NULL },
	[TM_DCI_EXPERIMENTS] = { "experiments", "experiment", TM_IN_REFS, 0, TM_DECISION_LINKS_MAX, 0, NULL, "EXP",
				 "an experiment it is about, by id or name (repeatable)", F(tm_decision_input, experiments),
				 NULL, NULL },
	[TM_DCI_ROADMAP] = { "roadmap", NULL, TM_IN_REFS, 0, TM_DECISION_LINKS_MAX, 0, NULL, "ID",
			     "a roadmap item it is about, by id (repeatable)", F(tm_decision_input, roadmap), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const decision_readonly[] = { "id", "who", "on", "at", "date", "recorded_at", "links", NULL };

const tm_input_desc tm_decision_desc = {
	"decision", "DecisionInput", NULL, "An entry of the decision ledger: what was decided and why, the options considered and the one chosen, who decided, and what it is about.",
	decision_fields, offsetof(tm_decision_input, given), sizeof(tm_decision_input), decision_readonly,
};

static const tm_field tier_fields[] = {
	[TM_TRI_CRITERIA] = { "criteria", NULL, TM_IN_FLAGS, 0, 0, 0, NULL, NULL, "what the launch is",
			      F(tm_tier_input, criteria), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_tier_desc = {
	"tier", NULL, NULL, "What a launch is, for tminus to suggest its tier.",
	tier_fields, offsetof(tm_tier_input, given), sizeof(tm_tier_input), NULL,
};

/* ---- the server's accounts ---- */

static const tm_field user_fields[] = {
	[TM_UI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED | TM_IN_CREATE_ONLY, NULL, "NAME",
			 "the name they sign in with", F(tm_user_input, name),
			 "a user's name does not change: add a user with the new name and remove the old one", NULL },
	[TM_UI_ROLE] = { "role", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, user_roles, "ROLE",
			 "viewer (reads), editor (also changes plans) or admin (also people, users and the workspace)",
			 F(tm_user_input, role), NULL, NULL },
	[TM_UI_PERSON] = { "person", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			   "the person they are, by name, email or id: their tasks are their own (none or null: nobody)",
			   F(tm_user_input, person), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const user_readonly[] = { "id", "created_at", "must_change_password", "password", NULL };

const tm_input_desc tm_user_desc = {
	"user", "UserInput", "UserPatch",
	"A user of the server. A new one gets a one-time password, answered once: they sign in with it only to choose "
	"their own.",
	user_fields, offsetof(tm_user_input, given), sizeof(tm_user_input), user_readonly,
};

static const tm_field token_fields[] = {
	[TM_TKI_USER] = { "user", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME", "whose token it is",
			  F(tm_token_input, user), NULL, NULL },
	[TM_TKI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_NAME_MAX, TM_IN_REQUIRED, NULL, "LABEL", "what it is for",
			  F(tm_token_input, name), NULL, NULL },
	[TM_TKI_SCOPE] = { "scope", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, token_scopes, "SCOPE",
			   "read, or write (never for a viewer)", F(tm_token_input, scope), NULL, NULL },
	[TM_TKI_EXPIRES] = { "expires_days", "expires", TM_IN_INT, 1, 3650, 0, NULL, "DAYS",
			     "days until it stops working (default: never)", F(tm_token_input, expires_days), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const token_readonly[] = { "id", "token", "created_at", "expires_at", "revoked", NULL };

const tm_input_desc tm_token_desc = {
	"token", "TokenInput", NULL,
	"A bearer token for an API client: the secret is answered once, and only its hash is kept.",
	token_fields, offsetof(tm_token_input, given), sizeof(tm_token_input), token_readonly,
};

/* ---- success metrics and their observations (app/metrics.h) ---- */

static const tm_field metric_fields[] = {
	[TM_MI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_METRIC_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME",
			 "what is measured, e.g. Activation rate (one name per launch; the brief's success metric of that name)",
			 F(tm_metric_input, name), NULL, NULL },
	[TM_MI_KIND] = { "kind", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, metric_kinds, "KIND",
			 "which of the metrics that matter it is", F(tm_metric_input, kind), NULL, NULL },
	[TM_MI_UNIT] = { "unit", NULL, TM_IN_TEXT, 0, 23, TM_IN_REQUIRED, NULL, "UNIT",
			 "what its values count: %, points, count, days, or a currency's ISO code such as EUR",
			 F(tm_metric_input, unit), NULL, NULL },
	[TM_MI_DIRECTION] = { "direction", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, directions, "up|down",
			      "which way is good: up (activation, revenue) or down (churn, time to value, tickets)",
			      F(tm_metric_input, direction), NULL, NULL },
	[TM_MI_BASELINE] = { "baseline", NULL, TM_IN_NUMBER, 0, 0, TM_IN_REQUIRED, NULL, "VALUE",
			     "where it stands before launch, in its unit (e.g. 40 for 40%)", F(tm_metric_input, baseline), NULL,
			     NULL },
	[TM_MI_BASELINE_ON] = { "baseline_on", NULL, TM_IN_DATE, 0, 0, 0, NULL, "DATE",
				"the day the baseline was measured, YYYY-MM-DD (not after today)",
				F(tm_metric_input, baseline_on), NULL, NULL },
	[TM_MI_TARGET] = { "target", NULL, TM_IN_TARGET, 0, 0, TM_IN_REQUIRED, NULL, "TARGET",
			   "where it should get to: a value (48, or 48% for a metric in %), or a change from the baseline "
			   "(+20% or -15% of it; +5pt or -3pt for a metric in % or points); better than the baseline",
			   F(tm_metric_input, target), NULL, NULL },
	[TM_MI_WINDOW] = { "window", NULL, TM_IN_INT, 1, TM_METRIC_WINDOW_MAX, TM_IN_REQUIRED, NULL, "DAYS",
			   "days after launch day by which the target is due (e.g. 90): the target path runs from the "
			   "baseline at T to the target at T + window",
			   F(tm_metric_input, window), NULL, NULL },
	[TM_MI_OWNER] = { "owner", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			  "the one person who owns the metric (none or null: nobody)", F(tm_metric_input, owner), NULL, NULL },
	[TM_MI_SOURCE] = { "source", NULL, TM_IN_TEXT, 0, TM_METRIC_SOURCE_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			   "where its numbers come from, e.g. 'Amplitude: activation funnel' (\"\" removes it)",
			   F(tm_metric_input, source), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const metric_readonly[] = { "id",         "launch",   "launch_name", "target_value", "window_end",
					       "version",    "observations", "status",   "expected",    "observed",
					       "observed_on", "stale",    "days_left",   NULL };

const tm_input_desc tm_metric_desc = {
	"metric", "MetricInput", "MetricPatch",
	"A success metric of a launch: its baseline, a target and the days after launch day to reach it, judged "
	"on-track, behind, met or missed from its observations. A new metric needs every field but baseline_on, owner "
	"and source.",
	metric_fields, offsetof(tm_metric_input, given), sizeof(tm_metric_input), metric_readonly,
};

static const tm_field observation_fields[] = {
	[TM_OI_VALUE] = { "value", NULL, TM_IN_NUMBER, 0, 0, TM_IN_REQUIRED, NULL, "VALUE",
			  "the value measured, in the metric's unit (45.2 for 45.2%)", F(tm_observation_input, value), NULL,
			  NULL },
	[TM_OI_ON] = { "on", NULL, TM_IN_DATE, 0, 0, 0, NULL, "DATE",
		       "the day it was measured, YYYY-MM-DD (default today; not in the future)", F(tm_observation_input, on),
		       NULL, NULL },
	[TM_OI_NOTE] = { "note", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_EMPTY_OK, NULL, "TEXT",
			 "what is worth knowing about it, e.g. 'after the pricing change'", F(tm_observation_input, note), NULL,
			 NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const observation_readonly[] = { "id", "metric", "by", "at", NULL };

const tm_input_desc tm_observation_desc = {
	"observation", "ObservationInput", NULL,
	"A value of a metric measured on a day (today unless given; never in the future).",
	observation_fields, offsetof(tm_observation_input, given), sizeof(tm_observation_input), observation_readonly,
};

const tm_input_desc *const tm_inputs[] = {
	&tm_launch_desc, &tm_task_desc, &tm_dep_desc, &tm_approve_desc, &tm_delay_desc, &tm_person_desc,
	&tm_holiday_desc, &tm_freeze_desc, &tm_decision_desc, &tm_user_desc, &tm_token_desc, &tm_metric_desc,
	&tm_observation_desc, &tm_idea_desc, &tm_experiment_desc, &tm_arm_desc, &tm_arm_record_desc,
	&tm_experiment_close_desc, &tm_roadmap_desc, &tm_roadmap_review_desc, &tm_term_desc, &tm_webhook_desc, &tm_import_desc, NULL,
};
