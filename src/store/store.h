/*
 * store.h - the one storage interface. A backend is a table of function
 * pointers (as git's ref_storage_be), so SQLite now and PostgreSQL later are
 * files behind this header and the same tests run against both. SQL lives
 * in the backends and nowhere else.
 *
 * Every function returns 0 or a TM_E* code and fills err. Reads outside a
 * transaction are fine; every command that writes wraps its writes in
 * st->ops->tx->begin(st, true) … commit, and rolls back on any error so a
 * rejected command changes nothing.
 */
#ifndef TM_STORE_H
#define TM_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backlog.h"
#include "core/brief.h"
#include "core/experiment.h"
#include "core/glossary.h"
#include "core/graph.h"
#include "core/metric.h"
#include "core/model.h"
#include "core/notify.h"
#include "core/roadmap.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

typedef struct tm_launch_filter {
	int tier;              /* 0: any */
	int status;            /* -1: any */
	bool has_from, has_to;
	tm_date from, to;      /* launch day within [from, to] */
	int limit, offset;     /* limit 0: no limit */
	int64_t owner_id;      /* 0: any; else launches this person owns a role of (PM, marketing, a named owner) */
} tm_launch_filter;

#define TM_LAUNCH_FILTER_ALL { 0, -1, false, false, 0, 0, 0, 0, 0 }

typedef struct tm_task_filter {
	int64_t owner_id;      /* 0: any */
	int status;            /* -1: any */
} tm_task_filter;

#define TM_TASK_FILTER_ALL { 0, -1 }

typedef struct tm_store tm_store;

/*
 * The function table, one const sub-table per resource, so that a backend
 * is written (and reviewed, and tested) a resource at a time: a backend's
 * file per resource fills its sub-table, and one table gathers them. Call
 * sites read st->ops->launches->find(st, …). Every member of every
 * sub-table is set: there is no optional operation.
 */

/* The connection and its transactions, and the database as a whole. */
struct tm_store_tx_ops {
	void (*close)(tm_store *st);
	/* Transactions nest: an inner begin and commit only count; an inner rollback fails the outer one. */
	int (*begin)(tm_store *st, bool write, tm_error *err);
	int (*commit)(tm_store *st, tm_error *err);
	void (*rollback)(tm_store *st);
	/* A savepoint inside the open write transaction, so one step of a batch can fail alone;
	 * savepoint_end keeps its changes or (undo) takes them back, and ends it. */
	int (*savepoint)(tm_store *st, tm_error *err);
	int (*savepoint_end)(tm_store *st, bool undo, tm_error *err);
	/* False once the database has ended the open transaction by itself (a full disk, an I/O error). */
	bool (*in_transaction)(tm_store *st);
	/* A number that changes whenever another connection commits (PRAGMA data_version). */
	int (*data_version)(tm_store *st, int64_t *out, tm_error *err);
	/* Copies the whole database to path with SQLite's online backup (safe while others write). */
	int (*backup)(tm_store *st, const char *path, tm_error *err);
};

/* Workspace settings and the feed key. */
struct tm_store_settings_ops {
	/* key → text; *found false when unset. */
	int (*get)(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err);
	/* value NULL removes the setting. */
	int (*set)(tm_store *st, const char *key, const char *value, tm_error *err);
	/* The workspace's feed key (32 random bytes), kept outside the database so that a copy of it
	 * yields no feed token; made on first need. */
	int (*feed_key)(tm_store *st, unsigned char key[32], tm_error *err);
};

/* People. add sets p->id; a duplicate name or email is TM_ECONFLICT. */
struct tm_store_people_ops {
	int (*add)(tm_store *st, tm_person *p, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_person *out, tm_error *err);
	/* By id, email or name (case-insensitive); TM_ENOTFOUND if none. */
	int (*find)(tm_store *st, const char *ref, tm_person *out, tm_error *err);
	int (*list)(tm_store *st, tm_people *out, tm_error *err);
	int (*update)(tm_store *st, const tm_person *p, tm_error *err);
};

/* Launches and who owns each role's tasks on them. add sets id and version; update bumps version. */
struct tm_store_launches_ops {
	int (*add)(tm_store *st, tm_launch *l, tm_error *err);
	int (*update)(tm_store *st, tm_launch *l, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_launch *out, tm_error *err);
	int (*find)(tm_store *st, const char *ref, tm_launch *out, tm_error *err);
	int (*list)(tm_store *st, const tm_launch_filter *f, tm_launches *out, tm_error *err);
	int (*count)(tm_store *st, int64_t *n, tm_error *err);
	int (*slug_taken)(tm_store *st, const char *slug, bool *taken, tm_error *err);
	/* Removes a launch and everything that hangs from it (tasks, brief, baselines, history). */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	/* The owners a launch names for its roles (not its PM and marketing owner), in the roles' order. */
	int (*owners)(tm_store *st, int64_t launch_id, tm_role_owners *out, tm_error *err);
	/* Sets who owns a role's tasks on a launch; person_id 0 removes the role's owner. */
	int (*owner_set)(tm_store *st, int64_t launch_id, int role, int64_t person_id, tm_error *err);
	/* The DRIs a launch names for its marketing streams, by stream id (byte order). */
	int (*dris)(tm_store *st, int64_t launch_id, tm_stream_dri_list *out, tm_error *err);
	/* Sets the DRI of one stream of a launch; person_id 0 removes it. */
	int (*dri_set)(tm_store *st, int64_t launch_id, const char *stream, int64_t person_id, tm_error *err);
};

/* Tasks, each read with its depends_on list, their reviewers, and the dependencies between them. */
struct tm_store_tasks_ops {
	int (*add)(tm_store *st, tm_task *t, tm_error *err);
	int (*update)(tm_store *st, tm_task *t, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_task *out, tm_error *err);
	/* Deletes a task and every dependency on it or of it. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*list)(tm_store *st, int64_t launch_id, const tm_task_filter *f, tm_tasks *out, tm_error *err);
	/* Every open (todo, in progress, awaiting approval) task of launches that are planned, ordered by launch. */
	int (*list_open)(tm_store *st, tm_tasks *out, tm_error *err);
	/* Tasks due in [from, to] of launches not cancelled; owner_id 0: anyone; milestones_only. */
	int (*list_due)(tm_store *st, tm_date from, tm_date to, int64_t owner_id, bool milestones_only,
			tm_tasks *out, tm_error *err);
	/* Replaces the people who review a task (read back in tm_task.reviewed_by). */
	int (*reviewers_set)(tm_store *st, int64_t task_id, const int64_t *people, int n, tm_error *err);
	int (*dep_add)(tm_store *st, int64_t task, int64_t after, tm_error *err);
	int (*dep_rm)(tm_store *st, int64_t task, int64_t after, bool *removed, tm_error *err);
	int (*dep_list)(tm_store *st, int64_t launch_id, tm_deps *out, tm_error *err);
	/* Every open task of launches not cancelled (owner_id 0: anyone's), by due date (none last). */
	int (*list_live)(tm_store *st, int64_t owner_id, tm_tasks *out, tm_error *err);
	/* The dependencies of the tasks list_open returns. */
	int (*dep_list_open)(tm_store *st, tm_deps *out, tm_error *err);
	/* Records that a person approved a task (at: RFC 3339 UTC); approving twice keeps the first.
	 * Read back, in the order given, in tm_task.approved_by. */
	int (*approve)(tm_store *st, int64_t task_id, int64_t person_id, const char *at, tm_error *err);
	/* Forgets every approval of a task (its copy changed after approval: task set back to todo). */
	int (*approvals_clear)(tm_store *st, int64_t task_id, tm_error *err);
};

/* The working-day calendar: holidays and freeze windows. */
struct tm_store_calendar_ops {
	int (*holiday_add)(tm_store *st, const tm_holiday *h, tm_error *err);
	int (*holiday_rm)(tm_store *st, tm_date date, bool *removed, tm_error *err);
	int (*holiday_list)(tm_store *st, tm_holidays *out, tm_error *err);
	int (*freeze_add)(tm_store *st, tm_freeze *f, tm_error *err);
	int (*freeze_rm)(tm_store *st, int64_t id, bool *removed, tm_error *err);
	int (*freeze_list)(tm_store *st, tm_freezes *out, tm_error *err);
};

/* What happened to launches: the history of launch days, the decision ledger, baselines. */
struct tm_store_history_ops {
	int (*date_change_add)(tm_store *st, tm_date_change *c, tm_error *err);
	int (*date_change_list)(tm_store *st, int64_t launch_id, tm_date_changes *out, tm_error *err);
	/* What customers are told of a move of launch day (after the fact). */
	int (*date_change_set_public)(tm_store *st, int64_t id, const char *text, tm_error *err);
	/* Writes every field (options, chosen, decided_by and the links too); sets d->id. */
	int (*decision_add)(tm_store *st, tm_decision *d, tm_error *err);
	/* launch_id 0: every decision; oldest first, each with its links. */
	int (*decision_list)(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err);
	int (*decision_get)(tm_store *st, int64_t id, tm_decision *out, tm_error *err);
	/* The decisions linked to one record (kind: enum tm_link_kind; a launch: its launch_id ones too). */
	int (*decision_linked)(tm_store *st, int kind, int64_t id, tm_decisions *out, tm_error *err);
	/* Full-text search over what, why, options and chosen (SQLite FTS5, PostgreSQL's text search):
	 * every word must match (a prefix of a word: "pric" finds "pricing"); best match first, at most
	 * limit (0: all). Words are plain text, never the engine's query syntax. */
	int (*decision_search)(tm_store *st, const char *words, int limit, tm_decisions *out, tm_error *err);
	/* A baseline's name is unique per launch (TM_ECONFLICT). */
	int (*baseline_add)(tm_store *st, tm_baseline *b, const tm_baseline_task *tasks, size_t n, tm_error *err);
	int (*baseline_find)(tm_store *st, int64_t launch_id, const char *name, tm_baseline *out,
			     tm_baseline_tasks *tasks, tm_error *err);
	int (*baseline_list)(tm_store *st, int64_t launch_id, tm_baselines *out, tm_error *err);
};

/* Launch briefs. */
struct tm_store_briefs_ops {
	/* The launch's brief; *found false (and an empty brief) when none was written. */
	int (*get)(tm_store *st, int64_t launch_id, tm_brief *out, bool *found, tm_error *err);
	/* Replaces the launch's brief whole. */
	int (*put)(tm_store *st, int64_t launch_id, const tm_brief *b, tm_error *err);
};

/* Users (a duplicate name is TM_ECONFLICT), their API tokens (stored as hashes), their sign-in
 * sessions (by the hash of their id) and feed token generations. Times are RFC 3339 UTC. */
struct tm_store_users_ops {
	int (*add)(tm_store *st, tm_user *u, tm_error *err);
	int (*find)(tm_store *st, const char *name, tm_user *out, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_user *out, tm_error *err);
	int (*list)(tm_store *st, tm_users *out, tm_error *err);
	int (*set_password)(tm_store *st, int64_t id, const char *hash, tm_error *err);
	/* Sets a user's role and person (person_id 0: none). */
	int (*update)(tm_store *st, const tm_user *u, tm_error *err);
	/* Removes a user and every token of theirs. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	/* A new feed token generation for the user. */
	int (*feed_bump)(tm_store *st, int64_t user_id, tm_error *err);
	/* Adds a token (created_at: now when ""). */
	int (*token_add)(tm_store *st, tm_token *t, tm_error *err);
	/* A live token (not revoked, not expired at now) by hash. */
	int (*token_find)(tm_store *st, const char *hash, const char *now, tm_token *out, tm_error *err);
	/* user_id 0: every user's. */
	int (*token_list)(tm_store *st, int64_t user_id, tm_tokens *out, tm_error *err);
	int (*token_revoke)(tm_store *st, int64_t id, tm_error *err);
	/* Revokes every token of a user (password change, removal). */
	int (*token_revoke_all)(tm_store *st, int64_t user_id, tm_error *err);
	int (*session_add)(tm_store *st, const char *hash, int64_t user_id, const char *now, const char *expires,
			   tm_error *err);
	/* The user of a session alive at now and seen after idle_since; TM_ENOTFOUND otherwise. */
	int (*session_find)(tm_store *st, const char *hash, const char *now, const char *idle_since, tm_user *out,
			    char seen_at[32], tm_error *err);
	int (*session_touch)(tm_store *st, const char *hash, const char *now, tm_error *err);
	int (*session_rm)(tm_store *st, const char *hash, tm_error *err);
	int (*session_rm_user)(tm_store *st, int64_t user_id, tm_error *err);
};

/* The audit log: one row per change, written in the change's transaction. */
struct tm_store_audit_ops {
	int (*add)(tm_store *st, const tm_audit *a, tm_error *err);
	/* Newest first. */
	int (*list)(tm_store *st, int limit, int offset, tm_audits *out, tm_error *err);
};

/* Success metrics, their observations and the post-launch reviews held (core/metric.h). */
struct tm_store_metrics_ops {
	/* Sets id, version 1 and position (after the launch's last). A name the launch has already
	 * (case-insensitive) is TM_ECONFLICT. m->sum is written as given. */
	int (*add)(tm_store *st, tm_metric *m, tm_error *err);
	/* Writes every field but id, launch_id, position and sum, when the stored version is m->version
	 * (else TM_ESTALE); bumps m->version. A name taken by another metric of the launch is TM_ECONFLICT. */
	int (*update)(tm_store *st, tm_metric *m, tm_error *err);
	/* Writes the summary only (no version bump). */
	int (*summary_set)(tm_store *st, int64_t id, const tm_metric_summary *s, tm_error *err);
	/* Removes a metric and its observations. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_metric *out, tm_error *err);
	/* By name within a launch (case-insensitive); TM_ENOTFOUND if none. */
	int (*find)(tm_store *st, int64_t launch_id, const char *name, tm_metric *out, tm_error *err);
	/* A launch's metrics by position; launch_id 0: every metric of every launch not cancelled, by
	 * launch id then position (one query, no observation read). */
	int (*list)(tm_store *st, int64_t launch_id, tm_metrics *out, tm_error *err);
	/* Sets o->id (o->at: now when ""). */
	int (*obs_add)(tm_store *st, tm_observation *o, tm_error *err);
	/* A metric's observations dated within [from, to] (0, 0: all), by date then id. */
	int (*obs_list)(tm_store *st, int64_t metric_id, tm_date from, tm_date to, tm_observations *out,
			tm_error *err);
	/* Records a review held (replacing an earlier record of the same launch and stage). */
	int (*review_put)(tm_store *st, const tm_review *r, tm_error *err);
	/* A launch's reviews held, by stage. */
	int (*review_list)(tm_store *st, int64_t launch_id, tm_reviews *out, tm_error *err);
};

/* ---- before the next launch (core/backlog.h, core/experiment.h, core/roadmap.h, core/glossary.h) ----
 * Each record has a version: update writes when the stored version is the one given (else TM_ESTALE)
 * and bumps it. Ids are never handed out again (id_sequence, as launches). Names of people, launches,
 * ideas and personas a record refers to are read back with it. */

/* The backlog. */
struct tm_store_backlog_ops {
	int (*add)(tm_store *st, tm_idea *i, tm_error *err);
	int (*update)(tm_store *st, tm_idea *i, tm_error *err);
	/* Removes an item; experiments and roadmap items that name it forget it. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_idea *out, tm_error *err);
	/* By id. */
	int (*list)(tm_store *st, const tm_idea_filter *f, tm_ideas *out, tm_error *err);
	/* The items promoted to a launch. */
	int (*by_launch)(tm_store *st, int64_t launch_id, tm_ideas *out, tm_error *err);
	/* list's items one at a time, by id, without holding them all (backlog rank over 100,000): fn sees each
	 * in a record it may not keep; a non-zero return from fn stops the scan and is returned. */
	int (*scan)(tm_store *st, const tm_idea_filter *f, int (*fn)(void *arg, const tm_idea *i), void *arg,
		    tm_error *err);
};

/* Experiments and their arms. */
struct tm_store_experiments_ops {
	/* A name taken already (case-insensitive) is TM_ECONFLICT. */
	int (*add)(tm_store *st, tm_experiment *e, tm_error *err);
	int (*update)(tm_store *st, tm_experiment *e, tm_error *err);
	/* Removes an experiment and its arms. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_experiment *out, tm_error *err);
	/* By id or name (case-insensitive); TM_ENOTFOUND if none. */
	int (*find)(tm_store *st, const char *ref, tm_experiment *out, tm_error *err);
	/* status -1: any; by id. */
	int (*list)(tm_store *st, int status, tm_experiments *out, tm_error *err);
	/* Sets a->id and a->position (after the last); a name the experiment has already is TM_ECONFLICT. */
	int (*arm_add)(tm_store *st, tm_arm *a, tm_error *err);
	/* Writes every field but id, experiment_id and position. */
	int (*arm_update)(tm_store *st, const tm_arm *a, tm_error *err);
	int (*arm_rm)(tm_store *st, int64_t arm_id, tm_error *err);
	/* An experiment's arms by position. */
	int (*arms)(tm_store *st, int64_t experiment_id, tm_arms *out, tm_error *err);
};

/* The roadmap and its reviews. */
struct tm_store_roadmap_ops {
	/* Writes the item and its launches and ideas. */
	int (*add)(tm_store *st, tm_roadmap_item *it, tm_error *err);
	int (*update)(tm_store *st, tm_roadmap_item *it, tm_error *err);
	/* Removes an item (its children are the use case's to refuse or move first). */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_roadmap_item *out, tm_error *err);
	/* Every item with its links, by level then id. */
	int (*list)(tm_store *st, tm_roadmap_items *out, tm_error *err);
	int (*review_add)(tm_store *st, tm_roadmap_review *r, tm_error *err);
	/* Newest first; limit 0: all. */
	int (*review_list)(tm_store *st, int limit, tm_roadmap_reviews *out, tm_error *err);
	/* Every open task (todo, in progress, awaiting approval) of any launch, lean, in no order, and every
	 * dependency between tasks (deps: task waits for after, in no order), for planning many launches at
	 * once with one scan of each table. */
	int (*open_work)(tm_store *st, tm_roadmap_works *out, tm_deps *deps, tm_error *err);
};

/* The glossary. */
struct tm_store_glossary_ops {
	/* A term there already (case-insensitive) is TM_ECONFLICT. */
	int (*add)(tm_store *st, tm_term *t, tm_error *err);
	int (*update)(tm_store *st, tm_term *t, tm_error *err);
	/* Removes a term; backlog items that name it as their persona forget it. */
	int (*rm)(tm_store *st, int64_t id, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_term *out, tm_error *err);
	/* By id or term (case-insensitive); TM_ENOTFOUND if none. */
	int (*find)(tm_store *st, const char *ref, tm_term *out, tm_error *err);
	/* kind -1: any; by term (case-insensitive). */
	int (*list)(tm_store *st, int kind, tm_terms *out, tm_error *err);
};

/* Failed sign-ins counted per client address, shared by every server of the workspace. */
typedef struct tm_signin {
	char addr[48];
	int attempts;            /* since the last success (0: none kept) */
	int64_t last, until;     /* Unix seconds: the last attempt let through; no attempt before until */
} tm_signin;

/* The server's idempotency keys. */
struct tm_store_idem_ops {
	/* *found false when the user has not used the key (in the last day). */
	int (*get)(tm_store *st, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err);
	int (*put)(tm_store *st, const tm_idem *in, tm_error *err);
	/* Inside the open write transaction, claims the key until it ends: *claimed false when another
	 * connection's transaction (another server) holds it now. */
	int (*claim)(tm_store *st, int64_t user_id, const char *key, bool *claimed, tm_error *err);
};

/* Sign-in attempts per client address (the rules are app/signin.c's). */
struct tm_store_signin_ops {
	/* The address's attempts, locked for the open write transaction; *found false when none are kept. */
	int (*get)(tm_store *st, const char *addr, tm_signin *out, bool *found, tm_error *err);
	/* Keeps the address's attempts (none: attempts 0) and forgets addresses last seen before forget_before. */
	int (*put)(tm_store *st, const tm_signin *in, int64_t forget_before, tm_error *err);
};

/*
 * tminus copy: a whole workspace moved table by table between any two backends. The tables and
 * their columns are the same in every engine (copy.c lists them); a row travels as cells of text,
 * so each engine reads and writes its own types.
 */
typedef struct tm_copy_table {
	const char *name;              /* the table, "launches" */
	const char *const *cols;       /* its columns, NULL-terminated */
	const char *key;               /* the columns its rows are read in the order of */
	int blob;                      /* the index of its blob column, or -1 */
} tm_copy_table;

/* Every table of a workspace, each after the tables it refers to; ended by a NULL name. */
extern const tm_copy_table tm_copy_tables[];
/* How many columns t has. */
int tm_copy_ncols(const tm_copy_table *t);
/* Appends t's columns to b, quoted and comma-separated ("c1", "c2", …), as both engines' SQL names them. */
void tm_copy_columns(tm_buf *b, const tm_copy_table *t);
/* Counts the rows of every copied table in st (copy's and the workspace import's emptiness check):
 * *held when any holds one; what names up to four of the tables skip() does not pass over, with their
 * counts ("12 launches, 40 tasks, …"), "" when none. */
int tm_copy_held(tm_store *st, bool (*skip)(const tm_copy_table *t), bool *held, char *what, size_t whatsz,
		 tm_error *err);
/* Opens a workspace that must exist already (a SQLite file that is not there is TM_ENOTFOUND, not
 * made empty), for reading it whole. */
int tm_store_open_existing(const char *db, tm_store **out, tm_error *err);
/* True when a and b name the same workspace: the same file, or the same connection string. */
bool tm_store_same(const char *a, const char *b);

/* One cell of a copied row: text (v NULL for SQL NULL), or len bytes for the blob column. */
typedef struct tm_cell {
	const char *v;
	size_t len;
} tm_cell;

/* The id counters a copy carries over (the highest id each ever handed out), so that the next
 * launch, task, user, token and audit entry get the same id in both workspaces. */
enum { TM_COUNTER_LAUNCHES, TM_COUNTER_TASKS, TM_COUNTER_USERS, TM_COUNTER_TOKENS, TM_COUNTER_AUDIT, TM_COUNTERS };

/* Called with each row read; a non-zero return stops the reading and is returned. */
typedef int (*tm_copy_row_fn)(void *arg, const tm_cell *row, tm_error *err);
typedef struct tm_copy_writer tm_copy_writer;

struct tm_store_copy_ops {
	/* How many rows table t holds. */
	int (*rows)(tm_store *st, const tm_copy_table *t, int64_t *n, tm_error *err);
	/* Hands each row of t to fn, in the order of its key (inside a transaction: one snapshot). */
	int (*read)(tm_store *st, const tm_copy_table *t, tm_copy_row_fn fn, void *arg, tm_error *err);
	/* Before the write transaction begins: readies the connection for writing a whole workspace. */
	int (*bulk)(tm_store *st, tm_error *err);
	/* In the open write transaction: removes every row of every table. */
	int (*clear)(tm_store *st, tm_error *err);
	/* In the open write transaction: a writer of t's rows, which may hold rows back until writer_end. */
	int (*writer)(tm_store *st, const tm_copy_table *t, tm_copy_writer **out, tm_error *err);
	int (*put)(tm_copy_writer *w, const tm_cell *row, tm_error *err);
	/* Writes what is held back when flush (else drops it), and frees the writer. */
	int (*writer_end)(tm_copy_writer *w, bool flush, tm_error *err);
	/* The id counters, TM_COUNTER_*. */
	int (*counters)(tm_store *st, int64_t last[TM_COUNTERS], tm_error *err);
	/* After every table is written: sets the id counters and what triggers keep (task counts). */
	int (*finish)(tm_store *st, const int64_t last[TM_COUNTERS], tm_error *err);
	/* The feed key as settings->feed_key reads it, without making one: *found false when none. */
	int (*feed_key_get)(tm_store *st, unsigned char key[32], bool *found, tm_error *err);
	/* Replaces the feed key (so feed addresses made from the other workspace keep working). */
	int (*feed_key_set)(tm_store *st, const unsigned char key[32], tm_error *err);
};

/*
 * Issue 15. Where an imported task came from, so that importing the same file again updates the
 * tasks it made instead of adding them twice (tasks.source, tasks.source_id).
 */
typedef struct tm_task_source {
	int64_t task_id;
	char source_id[128];       /* the task's id in the tool it came from */
} tm_task_source;
typedef TM_VEC(tm_task_source) tm_task_sources;

struct tm_store_imports_ops {
	/* The launch's tasks imported from source ("asana", …), in source_id byte order. */
	int (*sources)(tm_store *st, int64_t launch_id, const char *source, tm_task_sources *out, tm_error *err);
	/* In the open write transaction: records where a task came from (source NULL: made here). */
	int (*set_source)(tm_store *st, int64_t task_id, const char *source, const char *source_id, tm_error *err);
};

/*
 * Issue 15. The outbox: every email and webhook call the workspace makes, recorded in the
 * transaction of the change that caused it and sent after commit by whoever drains it (`notify
 * run`, `serve --notify`), at most once per recipient and event.
 */
#define TM_STAMP_MAX 24           /* "2026-12-03T10:21:41Z" and its NUL */
typedef struct tm_outbox_item {
	int64_t id;
	char channel[8];           /* "email", "webhook" */
	char event[40];            /* "digest.daily", "launch.date_changed", … */
	char event_key[160];       /* the one event: (recipient, event_key) is told once */
	char recipient[320];       /* an email address, or "webhook:ID" */
	int64_t person_id, webhook_id, launch_id;  /* 0: none */
	char *subject, *body, *html;               /* owned (tm_outbox_item_free); never NULL once read */
	char status[8];            /* "pending", "sent", "failed" */
	int attempts;
	char next_at[TM_STAMP_MAX];  /* RFC 3339 UTC */
	char last_error[300];
	char created_at[TM_STAMP_MAX], sent_at[TM_STAMP_MAX];  /* sent_at "" when not sent */
} tm_outbox_item;
typedef TM_VEC(tm_outbox_item) tm_outbox_items;
/* Frees what an item owns (its texts), and the items and the array of a list. */
void tm_outbox_item_free(tm_outbox_item *it);
void tm_outbox_items_free(tm_outbox_items *s);

typedef struct tm_outbox_filter {
	const char *channel;       /* NULL: any */
	const char *status;        /* NULL: any */
	int64_t webhook_id;        /* 0: any */
	int64_t before_id;         /* 0: from the newest; else ids below it (paging) */
	int limit;                 /* 0: 100 */
} tm_outbox_filter;

struct tm_store_outbox_ops {
	/* In the open write transaction: adds it (id set) unless (recipient, event_key) is there
	 * already; *added says which. created_at "" is the database's clock, next_at "" created_at:
	 * pass tm_app_now (app/outbox.h) for both, so that TMINUS_NOW drives the retries. */
	int (*enqueue)(tm_store *st, tm_outbox_item *it, bool *added, tm_error *err);
	/* In the open write transaction: takes up to limit (0: all) pending items of channel (NULL: any)
	 * whose next_at <= now, oldest first, and moves their next_at to lease_until so that no other
	 * sender takes them meanwhile (PostgreSQL: FOR UPDATE SKIP LOCKED). */
	int (*claim)(tm_store *st, const char *channel, const char *now, const char *lease_until, int limit,
		     tm_outbox_items *out, tm_error *err);
	/* Records an attempt's outcome: status, attempts, next_at, last_error, sent_at. */
	int (*update)(tm_store *st, const tm_outbox_item *it, tm_error *err);
	int (*get)(tm_store *st, int64_t id, tm_outbox_item *out, tm_error *err);
	/* Newest first. */
	int (*log)(tm_store *st, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err);
};

/*
 * Issue 15. Who is told what: the people watching a launch, the webhooks, and what the
 * notification pass saw last (notify_marks), so a change is told once.
 */
typedef struct tm_webhook {
	int64_t id;
	char url[2048];
	char events[512];          /* event names, comma-separated */
	char format[8];            /* "slack", "json" */
	int64_t launch_id;         /* 0: every launch */
	char secret[65];           /* hex */
	bool allow_private;
	char created_at[TM_STAMP_MAX];
} tm_webhook;
typedef TM_VEC(tm_webhook) tm_webhooks;

/* A person and a launch they are involved in (notify's involved). */
typedef struct tm_launch_person {
	int64_t person_id, launch_id;
} tm_launch_person;
typedef TM_VEC(tm_launch_person) tm_launch_people;

struct tm_store_notify_ops {
	/* The people watching a launch, by name. */
	int (*watchers)(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err);
	/* Starts (on) or stops a person watching a launch; idempotent. */
	int (*watch)(tm_store *st, int64_t launch_id, int64_t person_id, bool on, tm_error *err);
	/* key → value; *found false when unset. */
	int (*mark_get)(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err);
	/* value NULL removes the mark. */
	int (*mark_set)(tm_store *st, const char *key, const char *value, tm_error *err);
	int (*webhook_add)(tm_store *st, tm_webhook *w, tm_error *err);
	int (*webhook_get)(tm_store *st, int64_t id, tm_webhook *out, tm_error *err);
	int (*webhook_list)(tm_store *st, tm_webhooks *out, tm_error *err);
	int (*webhook_rm)(tm_store *st, int64_t id, tm_error *err);
	/* The notification pass's reads, lean (no check, no plan). Open tasks (todo, in progress, awaiting
	 * approval) with an owner, of launches not cancelled, due by `to` (overdue ones too) or changed after
	 * since (RFC 3339; "": none), by owner, then due date (none last), then id. */
	int (*digest_tasks)(tm_store *st, tm_date to, const char *since, tm_digest_tasks *out, tm_error *err);
	/* Milestone tasks done of launches not cancelled whose launch day is within [from, to], by id
	 * (owner_id: 0 when unowned). */
	int (*milestones_done)(tm_store *st, tm_date from, tm_date to, tm_digest_tasks *out, tm_error *err);
	/* Who hears of a launch's events: its PM, its marketing owner, the owners of its roles and its
	 * watchers, each once, by name. */
	int (*audience)(tm_store *st, int64_t launch_id, tm_people *out, tm_error *err);
	/* Each (person, launch) of the planned launches on or after from that the person is PM, marketing
	 * owner, a role's owner or a watcher of, by person then launch day then launch id. */
	int (*involved)(tm_store *st, tm_date from, tm_launch_people *out, tm_error *err);
};

/* A backend: its name and one sub-table per resource. */
struct tm_store_ops {
	const char *name;                                /* "sqlite", "postgres" */
	/* Writers on separate connections go on at once (row locks), rather than one at a time (a
	 * database-wide lock): a front end then gains nothing by gathering writes into one transaction. */
	bool parallel_writes;
	const struct tm_store_tx_ops *tx;
	const struct tm_store_settings_ops *settings;
	const struct tm_store_people_ops *people;
	const struct tm_store_launches_ops *launches;
	const struct tm_store_tasks_ops *tasks;
	const struct tm_store_calendar_ops *calendar;
	const struct tm_store_history_ops *history;
	const struct tm_store_briefs_ops *briefs;
	const struct tm_store_users_ops *users;
	const struct tm_store_audit_ops *audit;
	const struct tm_store_idem_ops *idem;
	const struct tm_store_signin_ops *signin;
	const struct tm_store_copy_ops *copy;
	const struct tm_store_metrics_ops *metrics;
	const struct tm_store_backlog_ops *backlog;
	const struct tm_store_experiments_ops *experiments;
	const struct tm_store_roadmap_ops *roadmap;
	const struct tm_store_glossary_ops *glossary;
	const struct tm_store_imports_ops *imports;
	const struct tm_store_outbox_ops *outbox;
	const struct tm_store_notify_ops *notify;
};

struct tm_store {
	const struct tm_store_ops *ops;
	/* Transactions committed on this connection (outermost ones, through tm_store_commit): a front end
	 * that runs short of memory after one knows that what the command changed was saved. */
	unsigned commits;
};

/* Opens (creating and migrating if needed) the SQLite database at path. */
int tm_store_open_sqlite(const char *path, tm_store **out, tm_error *err);
/* Connects to (creating the schema in, if empty) the PostgreSQL database a libpq connection string names. */
int tm_store_open_pg(const char *conninfo, tm_store **out, tm_error *err);
/* True when db names a PostgreSQL database (postgres://, postgresql://, or keyword=value pairs). */
bool tm_store_is_pg(const char *db);
/* True when a PostgreSQL connection string carries a password (which `ps` and shell history show). */
bool tm_store_names_password(const char *db);
/* db as messages name it: a SQLite path as given; a PostgreSQL one as postgresql://USER@HOST:PORT/DB, no password. */
void tm_store_shown(const char *db, char *out, size_t n);
/* Opens db with the engine it names: PostgreSQL (tm_store_is_pg) or else a SQLite file. */
int tm_store_open(const char *db, tm_store **out, tm_error *err);
/* A store a person waits on (the command line): once it has waited a second for another writer's
 * lock it says so on stderr, once, and goes on waiting up to its busy timeout. Stores of the server
 * stay silent (its requests are no one's terminal). SQLite only: a no-op on PostgreSQL. */
void tm_store_wait_aloud(tm_store *st);

/* Commits the open transaction (an inner one only counts), and counts the outermost commits. */
static inline int tm_store_commit(tm_store *st, tm_error *err)
{
	int rc = st->ops->tx->commit(st, err);
	if (!rc && !st->ops->tx->in_transaction(st))
		st->commits++;
	return rc;
}

/* Ends a write transaction: commits when rc is 0, else rolls back; returns the outcome. */
static inline int tm_store_finish(tm_store *st, int rc, tm_error *err)
{
	if (rc) {
		st->ops->tx->rollback(st);
		return rc;
	}
	return tm_store_commit(st, err);
}

static inline void tm_store_close(tm_store *st)
{
	if (st)
		st->ops->tx->close(st);
}

#endif
