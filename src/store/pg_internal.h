/* pg_internal.h - what the PostgreSQL backend's files share. */
#ifndef TM_PG_INTERNAL_H
#define TM_PG_INTERNAL_H

#include "util/pq.h"

#include "store/row.h"
#include "store/store.h"

#define PG_MAX_STMTS 512      /* every statement of the backend (issue 14 took them near 192), prepared once each */
#define PG_MAX_PARAMS 40

struct pg {
	tm_store base;             /* must stay first */
	PGconn *conn;              /* NULL or bad: reconnected before the next transaction */
	char conninfo[2048];       /* as given (a URI or keyword=value pairs) */
	char shown[512];           /* the same with any password masked, for messages */
	const char *prepared[PG_MAX_STMTS];  /* SQL texts prepared on this connection, as "tm<i>" */
	int n_prepared;
	int depth;                 /* transaction nesting: only the outermost commits */
	int sp_depth[8];           /* the nesting each open savepoint began at */
	int n_sp;
	bool aborted;              /* a statement failed in the open transaction: only a rollback helps */
	int aborted_code;          /* … the first failure's code and message, which later statements report */
	char aborted_msg[512];
	int64_t changed;           /* rows the last statement run by pg_do changed */
	unsigned id_locks;         /* the PG_IDS_* tables whose id lock the open transaction holds */
	bool wrote;                /* the open transaction is a write, or ran a statement that writes */
	bool stamped;              /* stamp is the open read transaction's snapshot (its data version) */
	int64_t stamp;
	bool pending;              /* a read transaction's COMMIT was sent and its answer not read yet */
};

/* Parameters of one statement, $1, $2, … in the order they are added; the values are copied. */
typedef struct pg_params {
	int n;
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];    /* 0 text, 1 binary (bytea) */
	char num[PG_MAX_PARAMS][24];
} pg_params;

#define PG_PARAMS_INIT { 0 }

void pg_text(pg_params *a, const char *v);          /* NULL binds SQL NULL */
void pg_text_or_null(pg_params *a, const char *v);  /* NULL for NULL or "" */
void pg_int(pg_params *a, int64_t v);
void pg_id(pg_params *a, int64_t v);                /* NULL for 0 (an unset reference) */
void pg_date(pg_params *a, bool has, tm_date d);    /* NULL when !has */
void pg_bytea(pg_params *a, const void *data, size_t len);

struct pg *PG(tm_store *st);
/* Reads the answer to a COMMIT sent ahead (pending), before the connection is used again. */
void pg_drain(struct pg *p);

/*
 * The tables whose ids tminus hands out itself (max + 1, or past id_sequence's last). Before
 * taking one, a write transaction takes the table's id lock (an advisory lock held until it ends),
 * and its insert, at READ COMMITTED, sees every id taken by those before it: two servers adding
 * launches at once queue for the moment of the insert instead of taking the same id.
 */
enum { PG_IDS_LAUNCHES, PG_IDS_TASKS, PG_IDS_PEOPLE, PG_IDS_FREEZES, PG_IDS_LAUNCH_DATES, PG_IDS_DECISIONS,
       PG_IDS_BASELINES, PG_IDS_USERS, PG_IDS_TOKENS, PG_IDS_METRICS, PG_IDS_OBSERVATIONS };
int pg_lock_ids(struct pg *p, int table, tm_error *err);
/* After an update at a version changed nothing: TM_ERETRY (set in err) when the row is there, at
 * another version a concurrent transaction gave it; 0 when it is gone (or on an error, in err). */
int pg_gone_or_changed(struct pg *p, const char *table, int64_t id, tm_error *err);

/*
 * Runs sql (a string literal, its parameters $1 … $n), prepared once per
 * connection and found again by the text's address. Returns the result (rows
 * or none; PQclear it) or NULL with err set: a unique violation is
 * TM_ECONFLICT "WHAT: already exists", a foreign key one TM_ENOTFOUND, a
 * serialization failure or deadlock TM_ERETRY, a lost server TM_EUNREACHABLE.
 */
PGresult *pg_run(struct pg *p, const char *sql, const pg_params *a, const char *what, tm_error *err);
/* After a write at a version changed no row: TM_ESTALE naming the version now when the row is there
 * (version_sql: "SELECT version FROM T WHERE id = $1"), else TM_ENOTFOUND ("unknown WHAT ID"). */
/* A table of key → value (settings, notify_marks): get_sql "SELECT value FROM T WHERE key = $1";
 * set_sql an upsert of $1, $2; del_sql removes $1 (value NULL). */
int pg_key_get(struct pg *p, const char *get_sql, const char *key, tm_buf *out, bool *found, const char *what,
	       tm_error *err);
int pg_key_set(struct pg *p, const char *set_sql, const char *del_sql, const char *key, const char *value,
	       const char *what, tm_error *err);
int pg_stale_or_gone(struct pg *p, const char *version_sql, const char *what, int64_t id, tm_error *err);
/* The same for a statement whose rows are not wanted; p->changed is how many it changed. */
int pg_do(struct pg *p, const char *sql, const pg_params *a, const char *what, tm_error *err);
/* Runs SQL text once (several statements allowed, no parameters): migrations, SET, transaction control. */
int pg_exec(struct pg *p, const char *sql, const char *what, tm_error *err);
/* The same, with the last statement's result (PQclear it), or NULL with err set: text made at run time. */
PGresult *pg_query_text(struct pg *p, const char *sql, const char *what, tm_error *err);
/* The error of a failed result (res may be NULL: the connection's error). */
int pg_fail(struct pg *p, const PGresult *res, const char *what, tm_error *err);
/* The error of a statement in a transaction a statement failed in before: that first failure's, when it says more. */
int pg_aborted_fail(struct pg *p, const char *what, tm_error *err);

/* Row i of res, for the shared row readers (row.h, rows.h). */
tm_row pg_row(PGresult *res, int i);
/* Convenience for columns of res read directly. */
void pg_col_text(const PGresult *res, int row, int col, char *out, size_t outsz);
int64_t pg_col_i64(const PGresult *res, int row, int col);

/* Opens and migrates (pg_open.c). */
int pg_connect(struct pg *p, tm_error *err);
int pg_migrate(struct pg *p, tm_error *err);

/* The backend's sub-tables (store.h), each filled by the file of its resource. */
extern const struct tm_store_settings_ops tm_pg_settings_ops;   /* pg_settings.c */
extern const struct tm_store_people_ops tm_pg_people_ops;       /* pg_people.c */
extern const struct tm_store_launches_ops tm_pg_launches_ops;   /* pg_launches.c */
extern const struct tm_store_tasks_ops tm_pg_tasks_ops;         /* pg_tasks.c */
extern const struct tm_store_calendar_ops tm_pg_calendar_ops;   /* pg_calendar.c */
extern const struct tm_store_history_ops tm_pg_history_ops;     /* pg_history.c */
extern const struct tm_store_briefs_ops tm_pg_briefs_ops;       /* pg_brief.c */
extern const struct tm_store_users_ops tm_pg_users_ops;         /* pg_users.c */
extern const struct tm_store_audit_ops tm_pg_audit_ops;         /* pg_audit.c */
extern const struct tm_store_idem_ops tm_pg_idem_ops;           /* pg_idem.c */
extern const struct tm_store_signin_ops tm_pg_signin_ops;     /* pg_signin.c */
extern const struct tm_store_copy_ops tm_pg_copy_ops;           /* pg_copy.c */
extern const struct tm_store_metrics_ops tm_pg_metrics_ops;     /* pg_metrics.c */
extern const struct tm_store_backlog_ops tm_pg_backlog_ops; /* pg_backlog.c */
extern const struct tm_store_experiments_ops tm_pg_experiments_ops; /* pg_experiments.c */
extern const struct tm_store_roadmap_ops tm_pg_roadmap_ops; /* pg_roadmap.c */
extern const struct tm_store_glossary_ops tm_pg_glossary_ops; /* pg_glossary.c */
extern const struct tm_store_imports_ops tm_pg_imports_ops; /* pg_imports.c */
extern const struct tm_store_outbox_ops tm_pg_outbox_ops; /* pg_outbox.c */
extern const struct tm_store_notify_ops tm_pg_notify_ops; /* pg_notify.c */

extern const char *const tm_pg_migrations[];
extern const int tm_pg_n_migrations;

#endif
