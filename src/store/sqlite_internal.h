/* sqlite_internal.h - what the SQLite backend's files share. */
#ifndef TM_SQLITE_INTERNAL_H
#define TM_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

#define MAX_STMTS 128

struct sq {
	tm_store base;             /* must stay first */
	sqlite3 *db;
	struct {
		const char *sql;   /* the (static) SQL text it was prepared from */
		sqlite3_stmt *st;
	} cache[MAX_STMTS];
	int n_cache;
	int depth;                 /* transaction nesting: only the outermost commits */
	int sp_depth[8];           /* the nesting each open savepoint began at */
	int n_sp;
	char path[4096];           /* the workspace file, as given: errors name it */
	bool readonly;             /* the file or its folder cannot be written: writes fail with TM_EREADONLY */
	bool unmarked;             /* a workspace from before the mark: the next write sets application_id */
};

/*
 * PRAGMA application_id of every tminus workspace: "TMin" in ASCII
 * (0x544D696E). file(1) and other tools can tell a workspace from other
 * SQLite files by it; tminus refuses to write to a database that has another
 * id, or none and tables of its own.
 */
#define TM_SQLITE_APPLICATION_ID 1414359406
#define TM_SQLITE_APPLICATION_ID_TEXT "1414359406"

/* Opens path into s (see sqlite_open.c): decides whether it is a workspace before writing anything. */
int sq_open(struct sq *s, const char *path, tm_error *err);
/* TM_EREADONLY: "'PATH' is read-only: why". */
int sq_readonly_fail(struct sq *s, tm_error *err);
/* Why path cannot be written, as ": the file is not writable" (or its folder, or the file system); "" if it can. */
void sq_readonly_why(const char *path, char *out, size_t outsz);

struct sq *SQ(tm_store *st);
/* TM_EBUSY when the database is busy, TM_EREADONLY when it cannot be written, TM_EDB otherwise,
 * naming what was being done. */
int sq_db_fail(struct sq *s, tm_error *err, const char *what);
/* A cached, reset statement for sql (a string literal), or NULL with err set. */
sqlite3_stmt *sq_stmt(struct sq *s, const char *sql, tm_error *err);
void sq_bind_text(sqlite3_stmt *st, const char *name, const char *v);
/* Binds NULL for NULL or "". */
void sq_bind_text_or_null(sqlite3_stmt *st, const char *name, const char *v);
void sq_bind_int(sqlite3_stmt *st, const char *name, int64_t v);
/* Binds NULL for 0 (an unset reference). */
void sq_bind_id(sqlite3_stmt *st, const char *name, int64_t v);
void sq_bind_date(sqlite3_stmt *st, const char *name, bool has, tm_date d);
void sq_col_text(sqlite3_stmt *st, int i, char *out, size_t outsz);
/* Reads a date column; false when NULL or unparsable. */
bool sq_col_date(sqlite3_stmt *st, int i, tm_date *out);
/* Runs a statement that returns no rows; constraint failures become TM_ECONFLICT / TM_ENOTFOUND. */
int sq_exec_stmt(struct sq *s, sqlite3_stmt *st, const char *what, tm_error *err);
/* Runs SQL text (migrations, pragmas) outside the statement cache. */
int sq_exec(struct sq *s, const char *sql, tm_error *err);

/* Implemented in sqlite_settings.c. */
int sq_setting_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err);
int sq_setting_set(tm_store *st, const char *key, const char *value, tm_error *err);
int sq_feed_key(tm_store *st, unsigned char key[32], tm_error *err);
/* Implemented in sqlite_people.c. */
int sq_person_add(tm_store *st, tm_person *p, tm_error *err);
int sq_person_get(tm_store *st, int64_t id, tm_person *out, tm_error *err);
int sq_person_find(tm_store *st, const char *ref, tm_person *out, tm_error *err);
int sq_person_list(tm_store *st, tm_people *out, tm_error *err);
int sq_person_update(tm_store *st, const tm_person *p, tm_error *err);
/* Implemented in sqlite_launches.c. */
int sq_launch_add(tm_store *st, tm_launch *l, tm_error *err);
int sq_launch_update(tm_store *st, tm_launch *l, tm_error *err);
int sq_launch_get(tm_store *st, int64_t id, tm_launch *out, tm_error *err);
int sq_launch_find(tm_store *st, const char *ref, tm_launch *out, tm_error *err);
int sq_launch_list(tm_store *st, const tm_launch_filter *f, tm_launches *out, tm_error *err);
int sq_launch_count(tm_store *st, int64_t *n, tm_error *err);
int sq_slug_taken(tm_store *st, const char *slug, bool *taken, tm_error *err);
int sq_launch_rm(tm_store *st, int64_t id, tm_error *err);
int sq_launch_owners(tm_store *st, int64_t launch_id, tm_role_owners *out, tm_error *err);
int sq_launch_owner_set(tm_store *st, int64_t launch_id, int role, int64_t person_id, tm_error *err);
/* Implemented in sqlite_tasks.c. */
int sq_task_add(tm_store *st, tm_task *t, tm_error *err);
int sq_task_update(tm_store *st, tm_task *t, tm_error *err);
int sq_task_get(tm_store *st, int64_t id, tm_task *out, tm_error *err);
int sq_task_list(tm_store *st, int64_t launch_id, const tm_task_filter *f, tm_tasks *out, tm_error *err);
int sq_dep_add(tm_store *st, int64_t task, int64_t after, tm_error *err);
int sq_dep_rm(tm_store *st, int64_t task, int64_t after, bool *removed, tm_error *err);
int sq_dep_list(tm_store *st, int64_t launch_id, tm_deps *out, tm_error *err);
int sq_task_rm(tm_store *st, int64_t id, tm_error *err);
int sq_task_list_open(tm_store *st, tm_tasks *out, tm_error *err);
int sq_dep_list_open(tm_store *st, tm_deps *out, tm_error *err);
int sq_task_list_due(tm_store *st, tm_date from, tm_date to, int64_t owner_id, bool milestones_only, tm_tasks *out,
		     tm_error *err);
int sq_task_reviewers_set(tm_store *st, int64_t task_id, const int64_t *people, int n, tm_error *err);
/* Implemented in sqlite_calendar.c. */
int sq_holiday_add(tm_store *st, const tm_holiday *h, tm_error *err);
int sq_holiday_rm(tm_store *st, tm_date date, bool *removed, tm_error *err);
int sq_holiday_list(tm_store *st, tm_holidays *out, tm_error *err);
int sq_freeze_add(tm_store *st, tm_freeze *f, tm_error *err);
int sq_freeze_rm(tm_store *st, int64_t id, bool *removed, tm_error *err);
int sq_freeze_list(tm_store *st, tm_freezes *out, tm_error *err);
/* Implemented in sqlite_history.c. */
int sq_date_change_add(tm_store *st, tm_date_change *c, tm_error *err);
int sq_date_change_list(tm_store *st, int64_t launch_id, tm_date_changes *out, tm_error *err);
int sq_date_change_set_public(tm_store *st, int64_t id, const char *text, tm_error *err);
int sq_decision_add(tm_store *st, tm_decision *d, tm_error *err);
int sq_decision_list(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err);
int sq_baseline_add(tm_store *st, tm_baseline *b, const tm_baseline_task *tasks, size_t n, tm_error *err);
int sq_baseline_find(tm_store *st, int64_t launch_id, const char *name, tm_baseline *out, tm_baseline_tasks *tasks,
		     tm_error *err);
int sq_baseline_list(tm_store *st, int64_t launch_id, tm_baselines *out, tm_error *err);
/* Implemented in sqlite_brief.c. */
int sq_brief_get(tm_store *st, int64_t launch_id, tm_brief *out, bool *found, tm_error *err);
int sq_brief_put(tm_store *st, int64_t launch_id, const tm_brief *b, tm_error *err);
/* Implemented in sqlite_users.c. */
int sq_user_add(tm_store *st, tm_user *u, tm_error *err);
int sq_user_find(tm_store *st, const char *name, tm_user *out, tm_error *err);
int sq_user_get(tm_store *st, int64_t id, tm_user *out, tm_error *err);
int sq_user_list(tm_store *st, tm_users *out, tm_error *err);
int sq_user_set_password(tm_store *st, int64_t id, const char *hash, tm_error *err);
int sq_user_rm(tm_store *st, int64_t id, tm_error *err);
int sq_token_add(tm_store *st, tm_token *t, tm_error *err);
int sq_token_find(tm_store *st, const char *hash, const char *now, tm_token *out, tm_error *err);
int sq_token_list(tm_store *st, int64_t user_id, tm_tokens *out, tm_error *err);
int sq_token_revoke(tm_store *st, int64_t id, tm_error *err);
int sq_token_revoke_all(tm_store *st, int64_t user_id, tm_error *err);
int sq_session_add(tm_store *st, const char *hash, int64_t user_id, const char *now, const char *expires,
		   tm_error *err);
int sq_session_find(tm_store *st, const char *hash, const char *now, const char *idle_since, tm_user *out,
		    char seen_at[32], tm_error *err);
int sq_session_touch(tm_store *st, const char *hash, const char *now, tm_error *err);
int sq_session_rm(tm_store *st, const char *hash, tm_error *err);
int sq_session_rm_user(tm_store *st, int64_t user_id, tm_error *err);
int sq_user_feed_bump(tm_store *st, int64_t user_id, tm_error *err);
/* Implemented in sqlite_audit.c. */
int sq_audit_add(tm_store *st, const tm_audit *a, tm_error *err);
int sq_audit_list(tm_store *st, int limit, int offset, tm_audits *out, tm_error *err);
/* Implemented in sqlite_idem.c. */
int sq_idem_get(tm_store *st, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err);
int sq_idem_put(tm_store *st, const tm_idem *in, tm_error *err);

extern const char *const tm_sqlite_migrations[];
extern const int tm_sqlite_n_migrations;

#endif
