/*
 * pg.c - the PostgreSQL backend of the store interface: transactions, the
 * database as a whole (its data version; backups are pg_dump's job), and the
 * function table the other pg_*.c files fill, a file per resource.
 *
 * A read runs at REPEATABLE READ: every statement of a use case sees one
 * snapshot (and the snapshot is the data version the caches key on). A write
 * runs at READ COMMITTED, so each statement sees what committed before it:
 * with the id locks (pg_lock_ids) two servers adding records never take the
 * same id, and a launch or task is updated only at the version the use case
 * read (its If-Match check), else the use case fails with TM_ERETRY and the
 * front ends run it again, when it reads the newer version. Writers that
 * touch different rows do not wait for one another, as they would under
 * SQLite's single writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

static const char sql_begin_read[] = "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_current_snapshot()::text",
		  sql_begin_write[] = "BEGIN ISOLATION LEVEL READ COMMITTED", sql_commit[] = "COMMIT",
		  sql_rollback[] = "ROLLBACK", sql_savepoint[] = "SAVEPOINT step",
		  sql_release[] = "RELEASE SAVEPOINT step", sql_rollback_to[] = "ROLLBACK TO SAVEPOINT step";

/* The data version of a snapshot (pg_current_snapshot's text). */
static int64_t stamp_of(const char *t)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211u;
	return (int64_t)(h >> 1);
}

/* A transaction statement; a failure of one leaves nothing open. */
static int tx(struct pg *p, const char *sql, const char *what, tm_error *err)
{
	PGresult *r = pg_query_text(p, sql, what, err);
	PQclear(r);
	return r ? 0 : err->code;
}

static int pg_begin(tm_store *st, bool write, tm_error *err)
{
	struct pg *p = PG(st);
	if (p->depth) {
		p->depth++;
		return 0;
	}
	/* A connection lost since the last transaction (the server restarted) is made again here. */
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		int rc = pg_connect(p, err);
		if (rc)
			return rc;
	}
	p->aborted = false;
	p->n_sp = 0;
	p->id_locks = 0;
	p->wrote = write;
	p->stamped = false;
	int rc;
	if (write) {
		rc = tx(p, sql_begin_write, "starting a transaction", err);
	} else {
		/* The snapshot is taken with the BEGIN, in the same round trip: it is the data version the
		 * read caches key on (pg_data_version), and most reads ask for it. */
		PGresult *r = pg_query_text(p, sql_begin_read, "starting a transaction", err);
		rc = r ? 0 : err->code;
		if (r && PQntuples(r) == 1) {
			p->stamp = stamp_of(PQgetvalue(r, 0, 0));
			p->stamped = true;
		}
		PQclear(r);
	}
	if (rc) {
		p->aborted = false;
		if (p->conn && PQtransactionStatus(p->conn) != PQTRANS_IDLE)
			PQclear(PQexec(p->conn, sql_rollback));
		return rc;
	}
	p->depth = 1;
	return 0;
}

static void end(struct pg *p)
{
	pg_drain(p);
	if (p->conn && PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) != PQTRANS_IDLE)
		PQclear(PQexec(p->conn, sql_rollback));
	p->depth = 0;
	p->n_sp = 0;
	p->aborted = false;
	p->id_locks = 0;
	p->stamped = false;
}

static int pg_commit(tm_store *st, tm_error *err)
{
	struct pg *p = PG(st);
	if (p->depth > 1) {
		p->depth--;
		return 0;
	}
	if (p->aborted) {
		int rc = pg_aborted_fail(p, "committing", err);
		end(p);
		return rc;
	}
	/* Short of memory somewhere in the use case: what it wrote may lack a part, so none of it stays. */
	if (tm_mem_failed()) {
		end(p);
		return tm_fail(err, TM_ENOMEM, "out of memory: nothing was changed");
	}
	/* A transaction that only read has nothing to make durable: its COMMIT goes out and the answer
	 * is read before the connection's next statement, so the request does not wait for it. */
	if (!p->wrote && PQsendQuery(p->conn, sql_commit)) {
		p->pending = true;
		p->depth = 0;
		p->n_sp = 0;
		p->id_locks = 0;
		p->stamped = false;
		return 0;
	}
	PGresult *r = PQexec(p->conn, sql_commit);
	int rc = 0;
	/* COMMIT of a transaction that failed answers ROLLBACK without an error: look at the tag. */
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(p, r, "committing", err);
	else if (!strcmp(PQcmdStatus(r), "ROLLBACK"))
		rc = tm_fail(err, TM_EDB, "database error: the transaction failed before its commit");
	PQclear(r);
	p->depth = 1; /* so pg_fail's abort mark does not outlive end() */
	end(p);
	return rc;
}

static void pg_rollback(tm_store *st)
{
	struct pg *p = PG(st);
	if (p->depth > 1) {
		p->depth--;
		return;
	}
	end(p);
}

static int pg_savepoint(tm_store *st, tm_error *err)
{
	struct pg *p = PG(st);
	if (!p->depth || p->n_sp >= (int)(sizeof(p->sp_depth) / sizeof(p->sp_depth[0])))
		return tm_fail(err, TM_EINTERNAL, "a savepoint needs an open transaction (and at most 8 at once)");
	if (p->aborted)
		return pg_aborted_fail(p, "starting a savepoint", err);
	int rc = tx(p, sql_savepoint, "starting a savepoint", err);
	if (!rc)
		p->sp_depth[p->n_sp++] = p->depth;
	return rc;
}

static int pg_savepoint_end(tm_store *st, bool undo, tm_error *err)
{
	struct pg *p = PG(st);
	if (!p->n_sp)
		return tm_fail(err, TM_EINTERNAL, "no savepoint to end");
	p->depth = p->sp_depth[--p->n_sp];
	/* A step kept whose statement failed (its error not passed on) is undone all the same, and said. */
	bool failed = p->aborted && !undo;
	int rc = 0;
	if (undo || p->aborted) {
		/* Undoing a step also undoes the failure that ended it: the transaction goes on. */
		p->aborted = false;
		rc = tx(p, sql_rollback_to, "undoing a savepoint", err);
	}
	if (!rc)
		rc = tx(p, sql_release, "ending a savepoint", err);
	return rc || !failed ? rc : tm_fail(err, TM_EDB, "database error: a step failed");
}

static bool pg_in_transaction(tm_store *st)
{
	struct pg *p = PG(st);
	return p->depth && !p->aborted && p->conn && PQtransactionStatus(p->conn) == PQTRANS_INTRANS;
}

static void pg_close(tm_store *st)
{
	struct pg *p = PG(st);
	if (!p)
		return;
	if (p->depth)
		end(p);
	if (p->conn)
		PQfinish(p->conn);
	free(p);
}

/*
 * The data version is the snapshot: which transactions had committed when the
 * open transaction began to read. Two reads under the same snapshot see the
 * same rows; any commit anywhere (this server's, another's, the command
 * line's) gives the next transaction another. Read inside a transaction, it is
 * exactly the snapshot the transaction's reads see, so an answer cached under
 * it can never be staler than its stamp.
 */
static int pg_data_version(tm_store *st, int64_t *out, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT pg_current_snapshot()::text";
	if (p->depth && p->stamped) {
		*out = p->stamp;
		return 0;
	}
	PGresult *r = pg_run(p, sql, NULL, "reading the data version", err);
	if (!r)
		return err->code;
	*out = stamp_of(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return 0;
}

static int pg_backup(tm_store *st, const char *path, tm_error *err)
{
	struct pg *p = PG(st);
	return tm_fail(err, TM_EUSAGE,
		       "a PostgreSQL workspace is backed up with pg_dump, not tminus backup: "
		       "pg_dump --format=custom --file='%s' '%s'", path, p->shown);
}

static const struct tm_store_tx_ops pg_tx_ops = {
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.savepoint = pg_savepoint,
	.savepoint_end = pg_savepoint_end,
	.in_transaction = pg_in_transaction,
	.data_version = pg_data_version,
	.backup = pg_backup,
};

static const struct tm_store_ops pg_ops = {
	.name = "postgres",
	.parallel_writes = true,
	.tx = &pg_tx_ops,
	.settings = &tm_pg_settings_ops,
	.people = &tm_pg_people_ops,
	.launches = &tm_pg_launches_ops,
	.tasks = &tm_pg_tasks_ops,
	.calendar = &tm_pg_calendar_ops,
	.history = &tm_pg_history_ops,
	.briefs = &tm_pg_briefs_ops,
	.users = &tm_pg_users_ops,
	.audit = &tm_pg_audit_ops,
	.idem = &tm_pg_idem_ops,
	.signin = &tm_pg_signin_ops,
	.copy = &tm_pg_copy_ops,
	.metrics = &tm_pg_metrics_ops,
	.backlog = &tm_pg_backlog_ops,
	.experiments = &tm_pg_experiments_ops,
	.roadmap = &tm_pg_roadmap_ops,
	.glossary = &tm_pg_glossary_ops,
	.imports = &tm_pg_imports_ops,
	.outbox = &tm_pg_outbox_ops,
	.notify = &tm_pg_notify_ops,
};

int tm_store_open_pg(const char *conninfo, tm_store **out, tm_error *err)
{
	int rc = tm_pq_load(err);
	if (rc)
		return rc;
	if (strlen(conninfo) >= sizeof(((struct pg *)0)->conninfo))
		return tm_fail(err, TM_EUSAGE, "the PostgreSQL connection string is too long");
	struct pg *p = tm_xcalloc(1, sizeof(*p));
	p->base.ops = &pg_ops;
	snprintf(p->conninfo, sizeof(p->conninfo), "%s", conninfo);
	if ((rc = pg_connect(p, err)) || (rc = pg_migrate(p, err))) {
		if (p->conn)
			PQfinish(p->conn);
		free(p);
		return rc;
	}
	*out = &p->base;
	return 0;
}
