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
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/rules.h"
#include "core/tier.h"
#include "core/playbook.h"
#include "store/store.h"

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
/* Reads a whole file (at most max bytes) into out. */
int tm_read_file(const char *path, size_t max, tm_buf *out, tm_error *err);

/* ---- people ---- */

typedef struct tm_person_input {
	const char *name;
	const char *role;
	const char *email;     /* NULL or "" for none */
} tm_person_input;

int tm_app_person_add(tm_app *app, const tm_person_input *in, tm_person *out, tm_error *err);
int tm_app_person_list(tm_app *app, tm_people *out, tm_error *err);

/* ---- launches ---- */

typedef struct tm_launch_input {
	const char *name;
	const char *date;          /* YYYY-MM-DD */
	int tier;                  /* 1..4; 0 when not given */
	const char *pm;            /* person reference, or NULL */
	const char *marketing;
	const char *confidence;    /* low, medium, high, or NULL */
	const char *status;        /* launch set only */
	/* Extra owners by role ("sales=Dana"): who owns that role's tasks. */
	const char *owners[16];
	int n_owners;
	tm_tier_criteria criteria;  /* launch add: suggests the tier when --tier is not given */
	const char *quadrant;       /* attract-innovating … (seed 001), or NULL */
	bool add_channel_tasks;     /* add the tasks of the mix's channels the launch lacks */
} tm_launch_input;

/* A launch with its tasks and what the command has to say about it. */
typedef struct tm_launch_detail {
	tm_launch launch;
	tm_tasks tasks;
	tm_notes notes;
	tm_date_changes history;   /* every move of T, oldest first */
} tm_launch_detail;

void tm_launch_detail_release(tm_launch_detail *d);

int tm_app_launch_add(tm_app *app, const tm_launch_input *in, tm_launch_detail *out, tm_error *err);
int tm_app_launch_show(tm_app *app, const char *ref, tm_launch_detail *out, tm_error *err);
/* The launch alone, by id or slug. */
int tm_app_launch_get(tm_app *app, const char *ref, tm_launch *out, tm_error *err);
int tm_app_launch_set(tm_app *app, const char *ref, const tm_launch_input *in, tm_launch_detail *out,
		      tm_error *err);

typedef struct tm_launch_query {
	int tier;                  /* 0: any */
	const char *status;        /* NULL: any */
	const char *from, *to;     /* NULL: open */
	int limit, offset;
} tm_launch_query;

int tm_app_launch_list(tm_app *app, const tm_launch_query *q, tm_launches *out, tm_error *err);

/* ---- tasks ---- */

typedef struct tm_task_input {
	const char *title;
	const char *section;
	const char *owner;         /* person reference */
	const char *role;
	const char *due;           /* offset or date */
	const char *status;
	int days;                  /* -1 when not given */
	int milestone;             /* -1 not given, 0/1 */
	int required;              /* -1 not given, 0/1 */
	const char *after[32];     /* task references it waits for */
	int n_after;
	int64_t if_version;        /* task set: change only if the task still has this version (0: any) */
} tm_task_input;

#define TM_TASK_INPUT_INIT { .days = -1, .milestone = -1, .required = -1 }

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
/* Removes a task; out gets it as it was, and the ids of the tasks that waited for it. */
int tm_app_task_rm(tm_app *app, const char *task_ref, tm_task *out, tm_deps *freed, tm_error *err);
int tm_app_dep_add(tm_app *app, const char *task_ref, const char *after_ref, tm_task *out, tm_error *err);
int tm_app_dep_rm(tm_app *app, const char *task_ref, const char *after_ref, tm_task *out, tm_error *err);

/* ---- the working-day calendar ---- */

/* The working-day calendar: Monday to Friday minus the workspace's holidays. */
int tm_app_calendar_load(tm_app *app, const tm_calendar **out, tm_error *err);

/* What a holiday change did to the due dates that follow T. */
typedef struct tm_holiday_result {
	int added, skipped;        /* holidays added, already there */
	int moved;                 /* open tasks whose offset due date moved */
} tm_holiday_result;

int tm_app_holiday_add(tm_app *app, const char *date, const char *name, tm_holiday_result *out, tm_error *err);
int tm_app_holiday_rm(tm_app *app, const char *date, tm_holiday_result *out, tm_error *err);
int tm_app_holiday_list(tm_app *app, const char *from, const char *to, tm_holidays *out, tm_error *err);
/* Reads every all-day event of an iCalendar file (libical) as holidays, recurring ones for three years. */
int tm_app_holiday_import(tm_app *app, const char *path, tm_holiday_result *out, tm_error *err);

int tm_app_freeze_add(tm_app *app, const char *from, const char *to, const char *name, tm_freeze *out,
		      tm_error *err);
int tm_app_freeze_rm(tm_app *app, const char *id, tm_error *err);
int tm_app_freeze_list(tm_app *app, tm_freezes *out, tm_error *err);

int tm_app_person_set(tm_app *app, const char *ref, const char *capacity, const char *role, const char *email,
		      tm_person *out, tm_error *err);

/* ---- plans ---- */

/* The plan of one launch: its open tasks and their schedule (same order). */
typedef struct tm_launch_plan {
	tm_launch launch;
	tm_tasks tasks;            /* open tasks; plan.tasks[i] is tasks.v[i]'s schedule */
	tm_plan plan;
	int closed;                /* tasks done or skipped, not planned */
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
	tm_date base_ef, cur_ef;     /* earliest finish then and now */
	bool base_has_due, cur_has_due;
	tm_date base_due, cur_due;
	int variance;                /* working days the finish moved (positive: later) */
	bool moved_launch;           /* a slip on today's critical path */
} tm_variance;
typedef TM_VEC(tm_variance) tm_variances;

typedef struct tm_comparison {
	tm_baseline baseline;
	tm_launch_plan current;
	tm_variances rows;
	int launch_variance;         /* working days T moved since the baseline */
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
int tm_app_plan_all(tm_app *app, tm_portfolio_plan *out, tm_error *err);

/* ---- delays and decisions ---- */

typedef struct tm_delay_result {
	tm_launch before, after;
	tm_date_change change;
	tm_baseline baseline;        /* saved before anything moved */
	tm_tasks moved;              /* tasks whose due date moved with T (as they are now) */
	tm_tasks fixed;              /* open tasks with a fixed date that did not move */
	tm_tasks inconsistent;       /* fixed-date tasks now on the wrong side of T */
	int done_kept;               /* done or skipped tasks, never moved */
} tm_delay_result;

void tm_delay_result_release(tm_delay_result *r);
int tm_app_launch_delay(tm_app *app, const char *launch_ref, const char *to, const char *reason,
			tm_delay_result *out, tm_error *err);
int tm_app_decision_list(tm_app *app, const char *launch_ref, tm_decisions *out, tm_error *err);
/* Records a decision (launch_ref NULL: about the portfolio). */
int tm_app_decision_add(tm_app *app, const char *launch_ref, const char *what, const char *why, tm_decision *out,
			tm_error *err);

/* ---- the launch brief ---- */

typedef struct tm_launch_brief {
	tm_launch launch;
	tm_brief brief;
	bool written;              /* false: nobody has filled it in yet */
	char tier_name[TM_PB_TEXT_MAX + 1];
} tm_launch_brief;

int tm_app_brief(tm_app *app, const char *launch_ref, tm_launch_brief *out, tm_error *err);
/* The brief as Markdown in the seed's layout. */
void tm_app_brief_markdown(const tm_launch_brief *b, tm_buf *out);
/* Reads a brief back from Markdown text (source names the file in errors: "FILE:LINE: …"). */
int tm_app_brief_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     tm_launch_brief *out, tm_error *err);
int tm_app_brief_import(tm_app *app, const char *launch_ref, const char *path, tm_launch_brief *out, tm_error *err);

/* ---- readiness checks ---- */

typedef struct tm_launch_check {
	tm_launch launch;
	int score;                                   /* 0-100, see tm_readiness_score */
	tm_findings findings;                        /* most severe first */
	tm_function_readiness readiness[TM_FUNCTIONS];
	int errors, warnings;
} tm_launch_check;

typedef TM_VEC(tm_launch_check) tm_checks;

void tm_checks_free(tm_checks *c);
/*
 * Checks one launch (launch_ref) or every planned launch (NULL). rules
 * (n_rules > 0) keeps only those rule ids; an unknown id is TM_EINVAL.
 */
int tm_app_check(tm_app *app, const char *launch_ref, const char *const *rules, int n_rules, tm_checks *out,
		 tm_error *err);

/* ---- channels ---- */

typedef struct tm_channel_use {
	const tm_pb_channel *channel;   /* in the playbook in force */
	int64_t task_ids[8];            /* the launch's tasks that cover it */
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

typedef struct tm_agenda {
	tm_date from, to;
	tm_person person;                 /* id 0 when no --person */
	tm_launches launches;             /* the launches in the window */
	TM_VEC(tm_event) events;          /* by date */
	TM_VEC(tm_conflict) conflicts;
} tm_agenda;

void tm_agenda_release(tm_agenda *a);
int tm_app_agenda(tm_app *app, const tm_agenda_query *q, tm_agenda *out, tm_error *err);

/* ---- users and tokens (the server's accounts) ---- */

#define TM_TOKEN_TEXT 64   /* "tm_" and 43 base64url characters, with room to spare */

int tm_app_user_add(tm_app *app, const char *name, const char *role, const char *person, const char *password,
		    tm_user *out, tm_error *err);
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
int tm_app_user_rm(tm_app *app, const char *name, tm_error *err);
/* Checking a password, in two halves so a server can hash off its request threads: the hash to
 * check against (a decoy's for an unknown user, so both cost the same; *known says which), then
 * the argon2id check. */
void tm_app_user_hash(tm_app *app, const char *name, char hash[160], tm_user *out, bool *known);
bool tm_app_password_matches(const char *hash, const char *password);
/* Creates a token; text gets it, once: only its hash is stored. expires_days 0: never. */
int tm_app_token_create(tm_app *app, const char *user, const char *label, const char *scope, int expires_days,
			char text[TM_TOKEN_TEXT], tm_token *out, tm_error *err);
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
#define TM_SESSION_MAX_SECONDS (12 * 3600) /* and any session after twelve hours */
#define TM_PASSWORD_TEXT 24

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
int tm_app_idem_get(tm_app *app, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err);
int tm_app_idem_put(tm_app *app, const tm_idem *in, tm_error *err);

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

/* ---- shared parsing ---- */

/* Parses a tier "1".."4" (also "tier1"? no: digits only). */
int tm_parse_tier(const char *s, int *out, tm_error *err);
/* Parses a whole number in [lo, hi] for the named field. */
int tm_parse_int(const char *field, const char *s, int lo, int hi, int *out, tm_error *err);

#endif
