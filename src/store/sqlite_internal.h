/* sqlite_internal.h - what the SQLite backend's files share. */
#ifndef TM_SQLITE_INTERNAL_H
#define TM_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <time.h>

#include "store/row.h"
#include "store/store.h"

#define MAX_STMTS 512         /* every statement of the backend (issue 14 took them past 128): one past it would leak */

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
	struct timespec busy_since; /* when the wait for another connection's lock began (sq_busy) */
	bool wait_aloud;           /* say on stderr when a wait passes a second (the command line) */
	bool told_waiting;         /* … which it does once */
};

/* How long a connection waits for another's lock before SQLITE_BUSY (TM_EBUSY), and after how long a
 * store that waits aloud says so. */
#define SQ_BUSY_TIMEOUT_MS 5000
#define SQ_BUSY_NOTICE_MS 1000

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
/* TM_EFULL: "the disk holding PATH is full: nothing was changed", e (an errno, or 0) saying which limit. */
int sq_full_fail(struct sq *s, int e, tm_error *err);
/* Why path cannot be written, as ": the file is not writable" (or its folder, or the file system); "" if it can. */
void sq_readonly_why(const char *path, char *out, size_t outsz);

struct sq *SQ(tm_store *st);
/* TM_EBUSY when the database is busy, TM_EREADONLY when it cannot be written, TM_EDB otherwise,
 * naming what was being done. */
int sq_db_fail(struct sq *s, tm_error *err, const char *what);
/* After a write at a version changed no row: TM_ESTALE naming the version now when the row is there
 * (version_sql: "SELECT version FROM T WHERE id = :id", a static string), else TM_ENOTFOUND
 * ("unknown WHAT ID"). */
/* A table of key → value (settings, notify_marks): get_sql "SELECT value FROM T WHERE key = :key";
 * set_sql an upsert of :key, :value; del_sql removes :key (value NULL). Static strings. */
int sq_key_get(struct sq *s, const char *get_sql, const char *key, tm_buf *out, bool *found, const char *what,
	       tm_error *err);
int sq_key_set(struct sq *s, const char *set_sql, const char *del_sql, const char *key, const char *value,
	       const char *what, tm_error *err);
int sq_stale_or_gone(struct sq *s, const char *version_sql, const char *what, int64_t id, tm_error *err);
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
/* The statement's current row, for the shared row readers (row.h, rows.h). */
tm_row sq_row(sqlite3_stmt *st);
/* Runs SQL text (migrations, pragmas) outside the statement cache. */
int sq_exec(struct sq *s, const char *sql, tm_error *err);

/* The backend's sub-tables (store.h), each filled by the file of its resource. */
extern const struct tm_store_settings_ops tm_sqlite_settings_ops;   /* sqlite_settings.c */
extern const struct tm_store_people_ops tm_sqlite_people_ops;       /* sqlite_people.c */
extern const struct tm_store_launches_ops tm_sqlite_launches_ops;   /* sqlite_launches.c */
extern const struct tm_store_tasks_ops tm_sqlite_tasks_ops;         /* sqlite_tasks.c */
extern const struct tm_store_calendar_ops tm_sqlite_calendar_ops;   /* sqlite_calendar.c */
extern const struct tm_store_history_ops tm_sqlite_history_ops;     /* sqlite_history.c */
extern const struct tm_store_briefs_ops tm_sqlite_briefs_ops;       /* sqlite_brief.c */
extern const struct tm_store_users_ops tm_sqlite_users_ops;         /* sqlite_users.c */
extern const struct tm_store_audit_ops tm_sqlite_audit_ops;         /* sqlite_audit.c */
extern const struct tm_store_idem_ops tm_sqlite_idem_ops;           /* sqlite_idem.c */
extern const struct tm_store_signin_ops tm_sqlite_signin_ops;     /* sqlite_signin.c */
extern const struct tm_store_copy_ops tm_sqlite_copy_ops;           /* sqlite_copy.c */
extern const struct tm_store_metrics_ops tm_sqlite_metrics_ops;     /* sqlite_metrics.c */
extern const struct tm_store_backlog_ops tm_sqlite_backlog_ops; /* sqlite_backlog.c */
extern const struct tm_store_experiments_ops tm_sqlite_experiments_ops; /* sqlite_experiments.c */
extern const struct tm_store_roadmap_ops tm_sqlite_roadmap_ops; /* sqlite_roadmap.c */
extern const struct tm_store_glossary_ops tm_sqlite_glossary_ops; /* sqlite_glossary.c */
extern const struct tm_store_imports_ops tm_sqlite_imports_ops; /* sqlite_imports.c */
extern const struct tm_store_outbox_ops tm_sqlite_outbox_ops; /* sqlite_outbox.c */
extern const struct tm_store_notify_ops tm_sqlite_notify_ops; /* sqlite_notify.c */

extern const char *const tm_sqlite_migrations[];
extern const int tm_sqlite_n_migrations;

#endif
