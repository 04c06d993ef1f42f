/*
 * app.h - the use cases, written once for every front end.
 *
 * A front end parses its input into the structs below, calls one function,
 * and renders what comes back. Every function that writes runs in one
 * transaction and rolls it back on any error, so a rejected command leaves
 * the database as it was. Nothing here prints.
 */
#ifndef TM_APP_H
#define TM_APP_H

#include <stdbool.h>

#include "core/date.h"
#include "util/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/rules.h"
#include "core/tier.h"
#include "core/playbook.h"
#include "core/backlog.h"
#include "app/input.h"
#include "store/store.h"

struct tm_app_memo;

typedef struct tm_app {
	tm_store *st;
	tm_date today;              /* "today" for every rule (pinned by --today) */
	const char *playbook_path;  /* --playbook FILE, or NULL */
	tm_playbook pb;             /* loaded on first use */
	bool pb_loaded;
	char pb_source[300];        /* where the playbook in force came from */
	tm_holidays holidays;       /* the workspace's holidays, loaded on first use */
	tm_date *holiday_dates;     /* their dates, sorted, for cal */
	tm_calendar cal;            /* the working-day calendar */
	bool cal_loaded;
	const char *user;           /* who is acting (decision ledger), or NULL */
	struct tm_app_memo *memo;   /* what a long-lived front end keeps between calls, or NULL */
	int64_t memo_stamp[2];      /* the state of the workspace now, in the front end's words (see tm_app_memo) */
} tm_app;

void tm_app_init(tm_app *app, tm_store *st, tm_date today, const char *playbook_path);
void tm_app_release(tm_app *app);

/* A line of explanation a command returns beside its result. */
typedef struct tm_note {
	char text[300];
} tm_note;
typedef TM_VEC(tm_note) tm_notes;

void tm_note_add(tm_notes *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- playbook ---- */

/* The playbook in force: --playbook, else the workspace's, else the built-in default. */
int tm_app_playbook(tm_app *app, const tm_playbook **out, tm_error *err);
/* Validates a file; every problem goes to problems. */
int tm_app_playbook_check(const char *path, tm_playbook *out, tm_pb_problems *problems, tm_error *err);
/* Makes a file the workspace's playbook (stored in the database); NULL restores the default. */
int tm_app_playbook_use(tm_app *app, const char *path, tm_error *err);
/* The same with the YAML text itself, named name in messages (NULL text: the default again). An
 * invalid playbook is TM_EINVAL with every problem in problems (when not NULL); nothing is stored. */
int tm_app_playbook_set(tm_app *app, const char *text, size_t len, const char *name, tm_pb_problems *problems,
			tm_error *err);
/* Checks YAML text as playbook check checks a file; on success fills out (release it). */
int tm_app_playbook_check_text(const char *text, size_t len, const char *name, tm_playbook *out,
			       tm_pb_problems *problems, tm_error *err);
/* The YAML of the playbook in force, and where it comes from: "file" (--playbook), "workspace"
 * (playbook use) or "default" (the built-in one). */
int tm_app_playbook_text(tm_app *app, tm_buf *yaml, const char **source, tm_error *err);
/* Reads a whole file (at most max bytes) into out. */
int tm_read_file(const char *path, size_t max, tm_buf *out, tm_error *err);

struct tm_launch_detail;
/* What `playbook apply` adds to a launch: the tier's tasks it lacks (by title), with their
 * dependencies on what it has. dry_run: nothing is saved; out->detail.tasks are the tasks it
 * would add (ids 0). */
int tm_app_playbook_apply(tm_app *app, const char *launch_ref, bool dry_run, struct tm_launch_detail *out,
			  tm_error *err);

/* ---- people ---- */

/* person add / person set: described by tm_person_desc. */
enum { TM_PI_NAME, TM_PI_ROLE, TM_PI_EMAIL, TM_PI_CAPACITY, TM_PI_TITLE, TM_PI_NOTIFY, TM_PI_FIELDS };
typedef struct tm_person_input {
	uint32_t given;                  /* 1 << TM_PI_* of each field given */
	char name[TM_NAME_MAX + 1];
	int role;                        /* enum tm_role */
	char email[TM_EMAIL_MAX + 1];    /* "" clears it */
	int capacity;                    /* working days a week */
	char title[TM_NAME_MAX + 1];     /* job title, "" clears it ("CPO": every launch's default sponsor) */
	int notify;                      /* enum tm_notify_pref: daily, weekly or off */
} tm_person_input;
extern const tm_input_desc tm_person_desc;

int tm_app_person_add(tm_app *app, const tm_person_input *in, tm_person *out, tm_error *err);
int tm_app_person_list(tm_app *app, tm_people *out, tm_error *err);
/* One person, by id, name or email. */
int tm_app_person_get(tm_app *app, const char *ref, tm_person *out, tm_error *err);

/* ---- launches ---- */

/* launch add / launch set: described by tm_launch_desc. */
enum {
	TM_LI_NAME, TM_LI_DATE, TM_LI_TIER, TM_LI_CRITERIA, TM_LI_PM, TM_LI_MARKETING, TM_LI_OWNERS,
	TM_LI_CONFIDENCE, TM_LI_STATUS, TM_LI_QUADRANT, TM_LI_ADD_CHANNEL_TASKS, TM_LI_DRIS, TM_LI_SPONSOR, TM_LI_FIELDS
};
typedef struct tm_launch_input {
	uint32_t given;                  /* 1 << TM_LI_* of each field given */
	char name[TM_NAME_MAX + 1];
	tm_date date;                    /* launch day T */
	int tier;                        /* 1..4 */
	tm_tier_criteria criteria;       /* a new launch: suggests the tier when none is given */
	char pm[TM_REF_MAX + 1];         /* person references */
	char marketing[TM_REF_MAX + 1];
	tm_owner_list owners;            /* who owns another role's tasks */
	int confidence;                  /* enum tm_confidence */
	int status;                      /* enum tm_launch_status (changes only) */
	int quadrant;                    /* enum tm_quadrant (seed 001) */
	bool add_channel_tasks;          /* add the tasks of the mix's channels the launch lacks */
	tm_dri_list dris;                /* who is directly responsible for each marketing stream (seed 001) */
	char sponsor[TM_REF_MAX + 1];    /* the executive sponsor (seed 002); "" given: back to the default (the CPO) */
} tm_launch_input;
extern const tm_input_desc tm_launch_desc;

/* A launch with its tasks and what the command has to say about it. */
typedef struct tm_launch_detail {
	tm_launch launch;
	tm_tasks tasks;
	tm_notes notes;
	tm_date_changes history;   /* every move of T, oldest first */
	tm_role_owners owners;     /* the owners it names for roles beyond its PM and marketing owner */
	tm_stream_dri_list dris;   /* the DRIs it names for the playbook's streams, by stream id */
	tm_people watchers;        /* the people watching it (told of its events with its owners), by name */
	tm_person sponsor;         /* its executive sponsor (the exec owner), else the person titled CPO; id 0: none */
	bool sponsor_default;      /* the sponsor is the CPO by default, not named for this launch */
	tm_findings warnings;      /* what the change risks (a past day, a weekend, a freeze, a collision …) */
	bool warned;               /* warnings were looked for (launch add and set) */
	int64_t idea_id;           /* the backlog item promoted to it (backlog promote), 0: none */
	char idea_title[TM_IDEA_TITLE_MAX + 1];
} tm_launch_detail;

void tm_launch_detail_release(tm_launch_detail *d);

int tm_app_launch_add(tm_app *app, const tm_launch_input *in, tm_launch_detail *out, tm_error *err);
/* launch add as a dry run: the launch and tasks it would create, refused as it would be; nothing is saved. */
int tm_app_launch_add_preview(tm_app *app, const tm_launch_input *in, tm_launch_detail *out, tm_error *err);
int tm_app_launch_show(tm_app *app, const char *ref, tm_launch_detail *out, tm_error *err);
/* The launch alone, by id or slug. */
int tm_app_launch_get(tm_app *app, const char *ref, tm_launch *out, tm_error *err);
int tm_app_launch_set(tm_app *app, const char *ref, const tm_launch_input *in, tm_launch_detail *out,
		      tm_error *err);

typedef struct tm_launch_query {
	int tier;                  /* 0: any */
	const char *status;        /* NULL: any */
	const char *from, *to;     /* NULL: open */
	const char *owner;         /* a person reference: launches they own a role of (PM, marketing, a named owner) */
	int limit, offset;
} tm_launch_query;

int tm_app_launch_list(tm_app *app, const tm_launch_query *q, tm_launches *out, tm_error *err);

/* ---- tasks ---- */

/* task add / task set: described by tm_task_desc. */
enum {
	TM_TI_TITLE, TM_TI_SECTION, TM_TI_OWNER, TM_TI_ROLE, TM_TI_DUE, TM_TI_NOT_BEFORE, TM_TI_DAYS, TM_TI_STATUS,
	TM_TI_MILESTONE, TM_TI_REQUIRED, TM_TI_REVIEWED_BY, TM_TI_AFTER, TM_TI_STREAM, TM_TI_EXTERNAL, TM_TI_FIELDS
};
typedef struct tm_task_input {
	uint32_t given;                  /* 1 << TM_TI_* of each field given */
	char title[TM_TITLE_MAX + 1];
	char section[TM_SECTION_MAX + 1];
	char owner[TM_REF_MAX + 1];      /* a person reference */
	int role;                        /* enum tm_role */
	tm_due due;                      /* an offset from T or a date */
	tm_due not_before;               /* the day it cannot start before (none: no such day) */
	int effort_days;
	int status;                      /* enum tm_task_status */
	bool milestone, required;
	tm_ref_list reviewed_by;         /* the people who review it (replaces them) */
	tm_id_list after;                /* the tasks it waits for (adding only) */
	char stream[TM_STREAM_MAX + 1];  /* the playbook stream it belongs to ("" given: none) */
	bool external;                   /* it produces external copy (needs the PMM's approval) */
	int64_t if_version;              /* not an input: change only if the task still has this version (0: any) */
} tm_task_input;
extern const tm_input_desc tm_task_desc;

typedef struct tm_task_query {
	const char *owner;
	const char *status;
} tm_task_query;

int tm_app_task_list(tm_app *app, const char *launch_ref, const tm_task_query *q, tm_launch *launch,
		     tm_tasks *out, tm_error *err);
int tm_app_task_add(tm_app *app, const char *launch_ref, const tm_task_input *in, tm_task *out,
		    tm_error *err);
int tm_app_task_set(tm_app *app, const char *task_ref, const tm_task_input *in, tm_task *out,
		    tm_error *err);
int tm_app_task_get(tm_app *app, const char *task_ref, tm_task *out, tm_error *err);
/* A person's open tasks (to do, in progress) across every launch that is not cancelled, by due date. */
int tm_app_person_tasks(tm_app *app, int64_t person_id, tm_tasks *out, tm_error *err);
/*
 * Removes a task; out gets it as it was, and freed the tasks that waited for it. A task others wait
 * for (the Launch milestone above all) is refused naming them unless force, which has them wait for
 * what it waited for instead (freed then lists the new dependencies).
 */
int tm_app_task_rm(tm_app *app, const char *task_ref, bool force, tm_task *out, tm_deps *freed, tm_error *err);
/* task dep add|rm: described by tm_dep_desc. */
enum { TM_DPI_AFTER, TM_DPI_FIELDS };
typedef struct tm_dep_input {
	uint32_t given;
	int64_t after;                   /* the task it waits for */
} tm_dep_input;
extern const tm_input_desc tm_dep_desc;

/* task approve: described by tm_approve_desc. */
enum { TM_API_AS, TM_API_FIELDS };
typedef struct tm_approve_input {
	uint32_t given;
	char as[TM_REF_MAX + 1];         /* who approves (the command line: default the launch's PMM) */
} tm_approve_input;
extern const tm_input_desc tm_approve_desc;

/* Whose approval an external task has and still needs. */
typedef struct tm_approval_state {
	char pmm[TM_NAME_MAX + 1];       /* the launch's PMM ("" when it names none) */
	int n_missing;
	char missing[TM_APPROVERS_MAX][TM_NAME_MAX + 1];
} tm_approval_state;

/*
 * Records that in->as (a person who is the launch's PMM or a reviewer of the task; anyone else is
 * TM_EINVAL on field "as") approved an external task (not external: TM_EINVAL). When the task is
 * awaiting approval and nobody else's is missing, it becomes done. out gets the task, state what
 * is still missing.
 */
int tm_app_task_approve(tm_app *app, const char *task_ref, const tm_approve_input *in, tm_task *out,
			tm_approval_state *state, tm_error *err);
/* The approval state of a task (n_missing 0 for a task that is not external). */
int tm_app_task_approval_state(tm_app *app, const tm_task *t, tm_approval_state *out, tm_error *err);

int tm_app_dep_add(tm_app *app, const char *task_ref, const tm_dep_input *in, tm_task *out, tm_error *err);
int tm_app_dep_rm(tm_app *app, const char *task_ref, const tm_dep_input *in, tm_task *out, tm_error *err);

/* ---- the working-day calendar ---- */

/* The working-day calendar: Monday to Friday minus the workspace's holidays. */
int tm_app_calendar_load(tm_app *app, const tm_calendar **out, tm_error *err);

/* What a holiday change did to the due dates that follow T. */
typedef struct tm_holiday_result {
	int added, skipped;        /* holidays added, already there */
	int left_out;              /* days of an imported file outside the dates tminus plans */
	int moved;                 /* open tasks whose due or not-before date (counted from T) moved */
} tm_holiday_result;

/* holiday add: described by tm_holiday_desc. */
enum { TM_HI_DATE, TM_HI_NAME, TM_HI_FIELDS };
typedef struct tm_holiday_input {
	uint32_t given;
	tm_date date;
	char name[TM_NAME_MAX + 1];      /* "" when none */
} tm_holiday_input;
extern const tm_input_desc tm_holiday_desc;

int tm_app_holiday_add(tm_app *app, const tm_holiday_input *in, tm_holiday_result *out, tm_error *err);
int tm_app_holiday_rm(tm_app *app, const char *date, tm_holiday_result *out, tm_error *err);
int tm_app_holiday_list(tm_app *app, const char *from, const char *to, tm_holidays *out, tm_error *err);
/* Reads every all-day event of an iCalendar file (libical) as holidays, recurring ones for three years. */
int tm_app_holiday_import(tm_app *app, const char *path, tm_holiday_result *out, tm_error *err);
/* The same with the file's text (NUL-terminated, len bytes), named path in messages. */
int tm_app_holiday_import_text(tm_app *app, const char *text, size_t len, const char *path, tm_holiday_result *out,
			       tm_error *err);

/* freeze add: described by tm_freeze_desc. */
enum { TM_FI_FROM, TM_FI_TO, TM_FI_NAME, TM_FI_FIELDS };
typedef struct tm_freeze_input {
	uint32_t given;
	tm_date from, to;                /* inclusive */
	char name[TM_NAME_MAX + 1];
} tm_freeze_input;
extern const tm_input_desc tm_freeze_desc;

int tm_app_freeze_add(tm_app *app, const tm_freeze_input *in, tm_freeze *out, tm_error *err);
int tm_app_freeze_rm(tm_app *app, const char *id, tm_error *err);
int tm_app_freeze_list(tm_app *app, tm_freezes *out, tm_error *err);

int tm_app_person_set(tm_app *app, const char *ref, const tm_person_input *in, tm_person *out, tm_error *err);

/* ---- plans ---- */

/* The plan of one launch: its open tasks and their schedule (same order). */
typedef struct tm_launch_plan {
	tm_launch launch;
	tm_tasks tasks;            /* open tasks; plan.tasks[i] is tasks.v[i]'s schedule */
	tm_plan plan;
	int closed;                /* tasks done or skipped, not planned */
	tm_notes notes;            /* what the plan cannot know: tasks waiting on a product milestone with no date yet */
} tm_launch_plan;

void tm_launch_plan_release(tm_launch_plan *p);
int tm_app_plan(tm_app *app, const char *launch_ref, tm_launch_plan *out, tm_error *err);
/* The plan, and the index in it of the task to explain. */
int tm_app_plan_explain(tm_app *app, const char *launch_ref, const char *task_ref, tm_launch_plan *out, int *index,
			tm_error *err);

/* Saves the current plan as a baseline; NULL name: today's date (made unique). */
int tm_app_baseline_save(tm_app *app, const char *launch_ref, const char *name, tm_baseline *out, tm_error *err);
int tm_app_baseline_list(tm_app *app, const char *launch_ref, tm_baselines *out, tm_error *err);

/* One task of a comparison with a baseline. */
typedef struct tm_variance {
	int64_t task_id;
	char title[TM_TITLE_MAX + 1];
	bool in_baseline, in_plan;   /* a task added since, or done/removed since */
	tm_date base_ef, cur_ef;     /* earliest finish then and now: the forecast */
	tm_date base_lf, cur_lf;     /* latest finish then and now: the deadline its successors and due date set */
	bool base_has_due, cur_has_due;
	tm_date base_due, cur_due;
	int variance;                /* working days the forecast finish moved (positive: later) */
	int due_variance;            /* working days the due date moved (when it had one then and now) */
	int lf_variance;             /* working days the latest finish moved */
	bool moved_launch;           /* a slip on today's critical path */
} tm_variance;
typedef TM_VEC(tm_variance) tm_variances;

typedef struct tm_comparison {
	tm_baseline baseline;
	tm_launch_plan current;
	tm_variances rows;
	int launch_variance;         /* working days T moved since the baseline */
	int due_moved, lf_moved;     /* tasks in both whose due date, latest finish moved */
} tm_comparison;

void tm_comparison_release(tm_comparison *c);
int tm_app_plan_against(tm_app *app, const char *launch_ref, const char *baseline, tm_comparison *out,
			tm_error *err);

/* Effort one person is booked for in one ISO week. */
typedef struct tm_load {
	int64_t person_id;
	char person[TM_NAME_MAX + 1];
	int year, week;
	double days;                      /* working days of effort booked, effort spread over each task's window */
	int capacity;
	bool over;
} tm_load;

typedef struct tm_portfolio_plan {
	TM_VEC(tm_launch_plan) launches;  /* every planned launch with open tasks, by date */
	TM_VEC(tm_load) load;             /* by person, then week */
	int overloaded;                   /* person-weeks over capacity */
} tm_portfolio_plan;

void tm_portfolio_plan_release(tm_portfolio_plan *p);

/*
 * What a long-lived front end (the server's worker thread) keeps for the use cases between calls:
 * everyone's load per week, plan --all's costly part, which every readiness check reads for its
 * overload rule. The front end sets app->memo and, each call, app->memo_stamp to something that
 * changes whenever the workspace may have changed (the connection's data version, its own writes);
 * the load is made again when the stamp or today differs from the one it was made under.
 */
typedef struct tm_app_memo {
	bool valid;
	int64_t stamp[2];
	tm_date today;
	TM_VEC(tm_load) load;
} tm_app_memo;

void tm_app_memo_release(tm_app_memo *m);
int tm_app_plan_all(tm_app *app, tm_portfolio_plan *out, tm_error *err);

/* One open task's share of one person's week in a load report. */
typedef struct tm_load_task {
	size_t cell;                      /* the report's cell it books into */
	size_t launch, index;             /* its launch in plan.launches, and its index in that launch's plan */
	int64_t task_id;
	double days;                      /* working days of its effort that fall in the week */
} tm_load_task;

/* One person's ISO week. */
typedef struct tm_load_cell {
	tm_date monday;
	int year, week;
	double days;                      /* effort booked (the sum of its tasks' shares) */
	int capacity;                     /* working days a week */
	bool over;                        /* booked over capacity (as plan --all says) */
	size_t first_task, n_tasks;       /* its tasks: tasks.v[first_task ..], largest share first */
} tm_load_cell;

/* plan --all's load for a range of weeks, every person's every week, with the tasks behind each. */
typedef struct tm_load_report {
	tm_date from, to;                 /* the Monday of the first week, the Sunday of the last */
	int n_weeks;
	tm_portfolio_plan plan;           /* the plans the tasks are booked from */
	tm_people people;                 /* in the people list's order */
	TM_VEC(tm_load_cell) cells;       /* people.n × n_weeks, person by person */
	TM_VEC(tm_load_task) tasks;       /* grouped by cell */
	int overloaded;                   /* person-weeks of the range over capacity */
} tm_load_report;

void tm_load_report_release(tm_load_report *r);
/*
 * The load of the ISO weeks from `from` to `to` (NULL: today, and twelve weeks in all), at most 53
 * weeks; a bad date names its field.
 */
int tm_app_load(tm_app *app, const char *from, const char *to, tm_load_report *out, tm_error *err);

/* ---- delays and decisions ---- */

typedef struct tm_delay_result {
	tm_launch before, after;
	tm_date_change change;
	tm_baseline baseline;        /* saved before anything moved */
	tm_tasks moved;              /* tasks whose due date moved with T (as they are now) */
	tm_tasks fixed;              /* open tasks with a fixed date that did not move */
	tm_tasks inconsistent;       /* fixed-date tasks now on the wrong side of T */
	int done_kept;               /* done or skipped tasks, never moved */
	bool told;                   /* only what customers are told was given, to the last move */
	tm_findings warnings;        /* what the new day risks (a past day, a weekend, a freeze, a collision) */
} tm_delay_result;

void tm_delay_result_release(tm_delay_result *r);
/* launch delay: described by tm_delay_desc. */
enum { TM_DI_TO, TM_DI_REASON, TM_DI_PUBLIC_REASON, TM_DI_FIELDS };
typedef struct tm_delay_input {
	uint32_t given;
	tm_date to;                      /* the new launch day */
	char reason[TM_TEXT_MAX + 1];    /* why, for the team and the ledger */
	char public_reason[TM_TEXT_MAX + 1]; /* what customers are told; given alone, it completes the last delay */
} tm_delay_input;
extern const tm_input_desc tm_delay_desc;

int tm_app_launch_delay(tm_app *app, const char *launch_ref, const tm_delay_input *in, tm_delay_result *out,
			tm_error *err);
struct tm_launch_check; /* below, with the readiness checks */
/*
 * launch delay as a dry run: what the move would do, and check the readiness check of the launch after it
 * (freeze, holiday, collision, at-risk …; release check->findings). Refused as the delay would be; nothing
 * is saved (the baseline out names is not either).
 */
int tm_app_launch_delay_preview(tm_app *app, const char *launch_ref, const tm_delay_input *in, tm_delay_result *out,
				struct tm_launch_check *check, tm_error *err);
/* The decision ledger (app/decisions.c): a launch's decisions (launch_ref NULL: every one), oldest first. */
int tm_app_decision_list(tm_app *app, const char *launch_ref, tm_decisions *out, tm_error *err);
/* decision list --search: the decisions whose what, why, options or chosen hold every word (a prefix of
 * a word matches), best match first; launch_ref (or NULL) keeps a launch's. Words are plain text. */
int tm_app_decision_search(tm_app *app, const char *launch_ref, const char *words, tm_decisions *out, tm_error *err);
/* decision show: one decision by id ("12" or "#12"), with its links. */
int tm_app_decision_get(tm_app *app, const char *ref, tm_decision *out, tm_error *err);
/* decision add: described by tm_decision_desc. */
enum { TM_DCI_LAUNCH, TM_DCI_WHAT, TM_DCI_WHY, TM_DCI_OPTIONS, TM_DCI_CHOSEN, TM_DCI_DECIDED_BY, TM_DCI_IDEAS,
       TM_DCI_EXPERIMENTS, TM_DCI_ROADMAP, TM_DCI_FIELDS };
typedef struct tm_decision_input {
	uint32_t given;
	char launch[TM_SLUG_MAX + 1];    /* the launch it is about (id or slug); not given: the portfolio */
	char what[TM_TEXT_MAX + 1];
	char why[TM_TEXT_MAX + 1];
	tm_texts options;                /* the options considered, in order */
	char chosen[TM_TEXTS_LEN + 1];   /* the option chosen: one of options when they are given */
	char decided_by[TM_REF_MAX + 1]; /* who decided (a person); not given: who records it */
	tm_refs ideas;                   /* backlog items it is about, by id */
	tm_refs experiments;             /* experiments, by id or name */
	tm_refs roadmap;                 /* roadmap items, by id */
} tm_decision_input;
extern const tm_input_desc tm_decision_desc;

/* Records a decision, its links checked to exist. */
int tm_app_decision_add(tm_app *app, const tm_decision_input *in, tm_decision *out, tm_error *err);

/* ---- the launch brief ---- */

/* A field of the brief's title or Overview that differs from its launch. */
typedef struct tm_brief_change {
	const char *field;         /* name, date, tier, pm, marketing */
	char brief[TM_NAME_MAX + 1];   /* what the brief says */
	char launch[TM_NAME_MAX + 1];  /* what the launch has */
} tm_brief_change;

typedef struct tm_launch_brief {
	tm_launch launch;
	tm_brief brief;
	bool written;              /* false: nobody has filled it in yet */
	char tier_name[TM_PB_TEXT_MAX + 1];
	tm_brief_change changes[5];  /* import: the Overview's differences from the launch */
	int n_changes;
	bool applied;              /* import: they were applied to the launch (apply_overview) */
	int n_personas;            /* the glossary's personas its audience lines name (tm_app_personas_named) */
	struct {
		char term[121];    /* TM_TERM_MAX + 1 */
		char role[121];    /* TM_NAME_MAX + 1 */
	} personas[8];
} tm_launch_brief;

/* The most a brief's Markdown may hold (a file read back, a preview). */
#define TM_BRIEF_MAX_BYTES (256 * 1024)

/* How a brief is read back. */
typedef struct tm_brief_import_options {
	bool allow_empty;          /* import a text with no section of the brief (it clears the brief) */
	bool apply_overview;       /* apply the title's name and the Overview's date, tier and owners to the launch */
	const char *reason;        /* why launch day moves, when the Overview's date differs and is applied */
} tm_brief_import_options;

int tm_app_brief(tm_app *app, const char *launch_ref, tm_launch_brief *out, tm_error *err);
/* The brief as Markdown in the seed's layout. */
void tm_app_brief_markdown(const tm_launch_brief *b, tm_buf *out);
/*
 * Reads a brief back from Markdown text (source names the file in errors: "FILE:LINE: …"). Refused,
 * changing nothing: a text with no section of the brief (unless opt->allow_empty), and a title or an
 * Overview "Launch" row naming another launch. Overview fields that differ from the launch (name,
 * date, tier, PM, marketing) are listed in out->changes, and applied only with opt->apply_overview:
 * a new date through tm_app_launch_delay (it needs opt->reason), the rest through tm_app_launch_set.
 * opt NULL: the defaults (the API's PUT).
 */
int tm_app_brief_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     tm_launch_brief *out, tm_error *err);
int tm_app_brief_import_with(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     const tm_brief_import_options *opt, tm_launch_brief *out, tm_error *err);
int tm_app_brief_import(tm_app *app, const char *launch_ref, const char *path, const tm_brief_import_options *opt,
			tm_launch_brief *out, tm_error *err);

/* ---- executive triage (seed 002) ---- */

/* One launch of the period, as a CMO weighs it. */
typedef struct tm_triage_row {
	tm_launch launch;
	int impact;                /* expected impact, higher first (the tier's weight; see triage.c) */
	double effort_days;        /* open marketing and PMM task effort, working days */
	double per_week;           /* that effort per week until launch day */
	double ratio;              /* impact per day of effort: what it returns for what it asks */
	bool move_down;            /* low impact for its effort while the team is oversubscribed */
	bool has_rice;             /* the backlog idea promoted to it has a RICE score */
	double rice;               /* that score: ranks launches of the same impact, higher first */
} tm_triage_row;

/* The marketing team's demand and capacity in one ISO week. */
typedef struct tm_triage_week {
	tm_date monday;
	int year, week;
	double demand, capacity;   /* working days asked by the period's launches / the team can give */
	bool over;
} tm_triage_week;

typedef struct tm_triage {
	tm_date from, to;          /* the quarter */
	char quarter[8];           /* "2027Q1" */
	TM_VEC(tm_triage_row) rows;    /* by impact, then ratio, then date */
	TM_VEC(tm_triage_week) weeks;
	int over_weeks;            /* weeks the team is oversubscribed */
	double capacity;           /* the marketing and PMM people's capacity, working days a week */
} tm_triage;

void tm_triage_release(tm_triage *t);
/* The planned launches of a quarter ("2027Q1", "2027-Q1"; NULL: today's) ranked for triage. */
int tm_app_triage(tm_app *app, const char *quarter, tm_triage *out, tm_error *err);

/* ---- readiness checks ---- */

typedef struct tm_launch_check {
	tm_launch launch;
	bool partial;                                /* only some rules ran (--rule): no score, no readiness */
	bool rules[TM_RULE_COUNT];                   /* the rules that ran */
	int score;                                   /* 0-100, see tm_readiness_score; -1 when partial */
	tm_findings findings;                        /* most severe first */
	tm_function_readiness readiness[TM_FUNCTIONS]; /* empty when partial */
	int errors, warnings;
} tm_launch_check;

typedef TM_VEC(tm_launch_check) tm_checks;

void tm_checks_free(tm_checks *c);
/*
 * Checks one launch (launch_ref) or every planned launch (NULL). rules
 * (n_rules > 0) runs only those rules, and then gives no score and no
 * readiness by function (both weigh every rule); an unknown id is TM_EINVAL.
 */
int tm_app_check(tm_app *app, const char *launch_ref, const char *const *rules, int n_rules, tm_checks *out,
		 tm_error *err);
/* Checks each of launches[0..n) with every rule, sharing one read of the portfolio and its load (the
 * list's readiness): out->v[i] is launches[i]'s, with the score and the counts `check` gives it. */
int tm_app_check_launches(tm_app *app, const tm_launch *launches, size_t n, tm_checks *out, tm_error *err);
/* The findings about the workspace rather than one launch (roadmap-review-due), for check --all; rules as
 * tm_app_check's (an unknown id is TM_EINVAL). */
int tm_app_check_workspace(tm_app *app, const char *const *rules, int n_rules, tm_findings *out, tm_error *err);
/* What a change to a launch risks: the findings of the rules about its day and status (launch-day-passed,
 * weekend-launch, freeze-conflict, launch-collision, launched-early), appended to out. */
int tm_app_change_warnings(tm_app *app, int64_t launch_id, tm_findings *out, tm_error *err);

/* ---- channels ---- */

typedef struct tm_channel_use {
	const tm_pb_channel *channel;   /* in the playbook in force */
	int64_t task_ids[8];            /* the launch's tasks that cover it */
	bool skipped[8];                /* that task was skipped: the team chose to go without the channel */
	int n_tasks;
} tm_channel_use;

typedef struct tm_launch_channels {
	tm_launch launch;
	tm_channel_use uses[TM_PB_MAX_CHANNELS];  /* the mix for the launch's quadrant and tier */
	int n_uses;
	int missing;
} tm_launch_channels;

/* The channel mix of a launch and which channels have tasks; TM_EINVAL when it has no quadrant. */
int tm_app_channels(tm_app *app, const char *launch_ref, tm_launch_channels *out, tm_error *err);

/* ---- launch documents ---- */

/* Everything a launch document may quote. */
typedef struct tm_launch_docs {
	tm_launch_detail detail;     /* the launch, its tasks, its date history */
	tm_launch_brief brief;
	tm_checks check;             /* one entry: findings, readiness, score */
	tm_launch_plan plan;
	tm_people people;
	tm_date today;
	char tier_gtm[TM_PB_TEXT_MAX + 1];
	tm_pb_stream streams[TM_PB_MAX_STREAMS]; /* the marketing streams its tier runs (the playbook in force) */
	char stream_owner[TM_PB_MAX_STREAMS][TM_NAME_MAX + 1]; /* the launch's owner of each stream's role ("" none) */
	int n_streams;
	char pmm[TM_NAME_MAX + 1];   /* its PMM, who approves external copy ("" when it names none) */
	tm_metric_views metrics;     /* its success metrics judged on today (post-launch: the actual figures) */
} tm_launch_docs;

void tm_launch_docs_release(tm_launch_docs *d);
int tm_app_docs(tm_app *app, const char *launch_ref, tm_launch_docs *out, tm_error *err);
/* The document kinds `tminus doc` knows, NULL-terminated. */
extern const char *const tm_doc_kinds[];

/* ---- the launch calendar ---- */

enum tm_event_kind { TM_EV_LAUNCH, TM_EV_MILESTONE, TM_EV_TASK, TM_EV_HOLIDAY, TM_EV_FREEZE };

/* One entry of the agenda (and one VEVENT/VTODO of the iCalendar feed). */
typedef struct tm_event {
	int kind;                         /* enum tm_event_kind */
	tm_date date, end;                /* end: last day (freezes), else date */
	int launch;                       /* index into the agenda's launches, -1 for holidays and freezes */
	tm_task task;                     /* milestones and tasks */
	char name[TM_NAME_MAX + 1];       /* holidays and freezes */
	int64_t id;                       /* freeze id */
} tm_event;

/* A calendar conflict: a rule and what it is about. */
typedef struct tm_conflict {
	char rule[32];                    /* launch-collision, freeze-conflict, holiday-launch, weekend-launch */
	tm_date date;
	int64_t launch_id, other_id;
	char message[400];
} tm_conflict;

typedef struct tm_agenda_query {
	const char *from, *to;            /* default: today and a quarter ahead */
	const char *person;               /* adds that person's tasks due */
	int tier;                         /* 0: every tier */
} tm_agenda_query;

/* One marketing stream's recurring sync for a launch (seed 001): a weekly VEVENT of the .ics feed. */
typedef struct tm_stream_sync {
	int launch;                       /* index into the agenda's launches */
	tm_pb_stream stream;              /* its name, cadence and weekday in the playbook in force */
	tm_date first, until;             /* the first sync (tm_stream_first_sync) and the last day, T */
	char dri[TM_NAME_MAX + 1];        /* the DRI named for it, else the launch's owner of the stream's role; "" none */
	bool dri_named;                   /* dri was named with launch set --dri */
} tm_stream_sync;

typedef struct tm_agenda {
	tm_date from, to;
	tm_person person;                 /* id 0 when no --person */
	tm_launches launches;             /* the launches in the window */
	TM_VEC(tm_event) events;          /* by date */
	TM_VEC(tm_conflict) conflicts;
	TM_VEC(tm_stream_sync) syncs;     /* the planned launches' stream syncs (tm_app_agenda_syncs) */
} tm_agenda;

void tm_agenda_release(tm_agenda *a);
int tm_app_agenda(tm_app *app, const tm_agenda_query *q, tm_agenda *out, tm_error *err);
/* The first sync of stream s for a launch on day t: its weekday on or after t + s->from. */
tm_date tm_stream_first_sync(const tm_pb_stream *s, tm_date t);
/* Fills a->syncs: the syncs of the streams each planned launch's tier runs (calendar.c). */
int tm_app_agenda_syncs(tm_app *app, tm_agenda *a, tm_error *err);

/* ---- users and tokens (the server's accounts) ---- */

#define TM_TOKEN_TEXT 64   /* "tm_" and 43 base64url characters, with room to spare */
#define TM_PASSWORD_TEXT 24 /* a one-time password: 16 base64url characters */

/* A user of the server (user add, user set, POST and PATCH /users): described by tm_user_desc. */
enum { TM_UI_NAME, TM_UI_ROLE, TM_UI_PERSON, TM_UI_FIELDS };
typedef struct tm_user_input {
	uint32_t given;                  /* 1 << TM_UI_* of each field given */
	char name[TM_NAME_MAX + 1];
	int role;                        /* enum tm_user_role */
	char person[TM_REF_MAX + 1];     /* the person they are (name, email or id); "" given: nobody */
} tm_user_input;
extern const tm_input_desc tm_user_desc;

/* Adds a user with the password they chose (the command line reads it from standard input). */
int tm_app_user_add(tm_app *app, const tm_user_input *in, const char *password, tm_user *out, tm_error *err);
/* Adds a user with a one-time password, written to password once: they sign in with it only to
 * choose their own. The argon2id hash is made before the transaction begins. */
int tm_app_user_invite(tm_app *app, const tm_user_input *in, char password[TM_PASSWORD_TEXT], tm_user *out,
		       tm_error *err);
/* Changes a user's role or person; refuses (TM_ECONFLICT) to leave the workspace with no admin. */
int tm_app_user_change(tm_app *app, const char *name, const tm_user_input *in, tm_user *out, tm_error *err);
int tm_app_user_list(tm_app *app, tm_users *out, tm_error *err);
/* Sets a new password and revokes every token of the user. */
int tm_app_user_passwd(tm_app *app, const char *name, const char *password, tm_error *err);
/* A user changing their own password, in two halves so a server can hash off its request threads:
 * whether a new password is acceptable (its length), its argon2id hash (slow), then storing it,
 * which ends every session and token of theirs and clears "must change password"; with session,
 * a new session is started for them and its id written there. */
int tm_app_password_acceptable(const char *password, tm_error *err);
int tm_app_password_hash(const char *password, char hash[160], tm_error *err);
int tm_app_password_change(tm_app *app, const tm_user *u, const char *hash, char *session, tm_error *err);
/* Removes a user and their tokens; never the last admin (TM_ECONFLICT). */
int tm_app_user_rm(tm_app *app, const char *name, tm_error *err);
/* Checking a password, in two halves so a server can hash off its request threads: the hash to
 * check against (a decoy's for an unknown user, so both cost the same; *known says which), then
 * the argon2id check. */
void tm_app_user_hash(tm_app *app, const char *name, char hash[160], tm_user *out, bool *known);
bool tm_app_password_matches(const char *hash, const char *password);
/* Creates a token; text gets it, once: only its hash is stored. expires_days 0: never. */
int tm_app_token_create(tm_app *app, const char *user, const char *label, const char *scope, int expires_days,
			char text[TM_TOKEN_TEXT], tm_token *out, tm_error *err);
/* token create as the API's body: described by tm_token_desc (the same use case as above). */
enum { TM_TKI_USER, TM_TKI_NAME, TM_TKI_SCOPE, TM_TKI_EXPIRES, TM_TKI_FIELDS };
typedef struct tm_token_input {
	uint32_t given;                  /* 1 << TM_TKI_* of each field given */
	char user[TM_NAME_MAX + 1];      /* whose token it is */
	char name[TM_NAME_MAX + 1];      /* what it is for */
	int scope;                       /* 0 read, 1 write */
	int expires_days;                /* 1 to 3650; not given: never */
} tm_token_input;
extern const tm_input_desc tm_token_desc;
int tm_app_token_make(tm_app *app, const tm_token_input *in, char text[TM_TOKEN_TEXT], tm_token *out, tm_error *err);
int tm_app_token_list(tm_app *app, const char *user, tm_tokens *out, tm_error *err);
int tm_app_token_revoke(tm_app *app, const char *id, tm_error *err);
/* The live token a client presented, or TM_ENOTFOUND. */
int tm_app_token_check(tm_app *app, const char *text, tm_token *out, tm_error *err);

/* ---- who may do what (the server's users; the command line is the workspace's owner) ---- */

/* What a request asks to do: read anything, change plans, or manage the workspace
 * (people, the working-day calendar, users, the audit log). */
enum tm_permission { TM_PERM_READ, TM_PERM_PLAN, TM_PERM_WORKSPACE, TM_PERM_SELF };

/*
 * Whether u may do it: viewers read, editors also change plans, admins also manage the
 * workspace, and anyone their own account (TM_PERM_SELF); a user who must change their
 * password does nothing else first. A change (writes) also needs a write-scope credential.
 * TM_EFORBIDDEN says why.
 */
int tm_app_authorize(const tm_user *u, int permission, bool writes, bool write_scope, tm_error *err);

/* ---- the server: sessions, feeds, idempotency, audit, backup ---- */

#define TM_SESSION_TEXT 64                 /* "s_" and 43 base64url characters */
#define TM_SESSION_IDLE_SECONDS (60 * 60)  /* a session unused for an hour ends */
#define TM_SESSION_MAX_SECONDS (12L * 3600) /* and any session after twelve hours */

/* Signs a user in (the caller checked the password): id gets the session id, once. */
int tm_app_session_start(tm_app *app, const tm_user *u, char id[TM_SESSION_TEXT], tm_error *err);
/* The user of a live session; TM_ENOTFOUND when it is unknown, idle too long or too old. */
int tm_app_session_check(tm_app *app, const char *id, tm_user *out, tm_error *err);
int tm_app_session_end(tm_app *app, const char *id, tm_error *err);
/* The CSRF token of a session (derived from its id, never stored). */
void tm_app_session_csrf(const char *id, char out[TM_SESSION_TEXT]);

/* A user's calendar feed token ("tf_…"): derived, never stored; feed reset replaces it. */
int tm_app_feed_token(tm_app *app, const char *user, tm_user *u, char out[TM_TOKEN_TEXT], tm_error *err);
int tm_app_feed_reset(tm_app *app, const char *user, tm_user *u, char out[TM_TOKEN_TEXT], tm_error *err);
/* The user whose feed token this is; TM_ENOTFOUND for anything else. */
int tm_app_feed_check(tm_app *app, const char *token, tm_user *out, tm_error *err);

/* On a workspace with no users: creates 'admin' with a random password (*created). */
int tm_app_first_admin(tm_app *app, char password[TM_PASSWORD_TEXT], bool *created, tm_error *err);

/* A write transaction around several steps (the server stores an idempotency key in the
 * transaction of the change it answers); use cases nest inside it. */
int tm_app_begin_write(tm_app *app, tm_error *err);
/* A read transaction: one snapshot for several reads (end it with tm_app_finish). */
int tm_app_begin_read(tm_app *app, tm_error *err);
int tm_app_finish(tm_app *app, int rc, tm_error *err);
/* A step of a batch inside the open write transaction: kept, or undone alone (undo). */
int tm_app_savepoint(tm_app *app, tm_error *err);
int tm_app_savepoint_end(tm_app *app, bool undo, tm_error *err);
/* False once the database itself ended the open transaction (what was written in it is gone). */
bool tm_app_in_transaction(tm_app *app);
/* True when the workspace's writers run at once on separate connections (no gain in batching them). */
bool tm_app_parallel_writes(tm_app *app);
int tm_app_idem_get(tm_app *app, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err);
int tm_app_idem_put(tm_app *app, const tm_idem *in, tm_error *err);
/* Claims an Idempotency-Key for the open write transaction; *claimed false while another server
 * answers it. */
int tm_app_idem_claim(tm_app *app, int64_t user_id, const char *key, bool *claimed, tm_error *err);

/* Sign-in attempts per client address, counted in the workspace so every server slows the same
 * address (signin.c): after TM_SIGNIN_FREE attempts each waits 1, 2, 4 … seconds (at most
 * TM_SIGNIN_MAX_WAIT); an address quiet for TM_SIGNIN_FORGET seconds starts afresh. */
#define TM_SIGNIN_FREE 5
#define TM_SIGNIN_MAX_WAIT 300
#define TM_SIGNIN_FORGET 900
/* Counts an attempt let through to its password check (*admitted), or says how many seconds the
 * address must wait first (*wait); its own transaction. */
int tm_app_signin_admit(tm_app *app, const char *addr, bool *admitted, long *wait, tm_error *err);
/* The check's verdict: a success starts the address afresh; a failure's wait runs from now. */
int tm_app_signin_verdict(tm_app *app, const char *addr, bool succeeded, tm_error *err);

/* Changes whenever another connection commits: a cache of reads stays valid while it does not. */
int tm_app_data_version(tm_app *app, int64_t *out, tm_error *err);

/* The audit log, newest first. */
int tm_app_audit_list(tm_app *app, int limit, int offset, tm_audits *out, tm_error *err);
/* Copies the workspace to a new file with SQLite's online backup (the server may be running). */
int tm_app_backup(tm_app *app, const char *path, tm_error *err);
/* Removes a launch with its tasks, brief, baselines and history; out gets it as it was. */
int tm_app_launch_rm(tm_app *app, const char *ref, tm_launch *out, tm_error *err);

/* ---- demo ---- */

typedef struct tm_demo_result {
	int people, launches, tasks;
} tm_demo_result;

/*
 * Fills an empty workspace with the demo team and launches (n_launches: 0 for
 * the default set); n_tasks > 0 pads each generated launch to that many tasks
 * with extra deliverables and random dependencies (benchmarks).
 */
int tm_app_demo(tm_app *app, int n_launches, int n_tasks, tm_demo_result *out, tm_error *err);

/* ---- tier suggestion ---- */

/* tier suggest: described by tm_tier_desc. */
enum { TM_TRI_CRITERIA, TM_TRI_FIELDS };
typedef struct tm_tier_input {
	uint32_t given;
	tm_tier_criteria criteria;
} tm_tier_input;
extern const tm_input_desc tm_tier_desc;

/* The tier a launch deserves, and what the playbook in force calls it and brings. */
typedef struct tm_tier_advice {
	tm_tier_suggestion suggestion;
	const tm_pb_tier *tier;          /* in the playbook in force */
} tm_tier_advice;

int tm_app_tier_suggest(tm_app *app, const tm_tier_input *in, tm_tier_advice *out, tm_error *err);

/* ---- shared parsing ---- */

/* Parses a tier "1".."4" (also "tier1"? no: digits only). */
int tm_parse_tier(const char *s, int *out, tm_error *err);
/* Parses a whole number in [lo, hi] for the named field. */
int tm_parse_int(const char *field, const char *s, int lo, int hi, int *out, tm_error *err);

#endif
