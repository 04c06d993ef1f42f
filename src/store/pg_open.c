/*
 * pg_open.c - connecting to PostgreSQL, and the schema's migrations.
 *
 * The connection string is libpq's own (a postgres:// URI or keyword=value
 * pairs), so passwords come from where libpq looks for them (PGPASSWORD,
 * ~/.pgpass, PGPASSFILE) and never need to be on a command line. Messages
 * name the database as USER@HOST:PORT/DBNAME, without any password.
 *
 * The first connection to an empty database creates the schema: the same
 * numbered migrations as SQLite's, in PostgreSQL's dialect, in one
 * transaction under an advisory lock, so two servers starting at once do not
 * both migrate (the second waits, then finds the work done).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

/* pg_advisory_xact_lock's key while migrating: "TMin", as SQLite's application_id. */
#define MIGRATION_LOCK "1414359406"

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (an index that exists, …) are not the user's business */
}

/* libpq's message, first line, without "FATAL:  " and the like. */
static void reason(const char *msg, char *out, size_t n)
{
	if (!msg || !*msg)
		msg = "unknown error";
	/* "connection to server on socket … failed: FATAL:  database "x" does not exist" */
	const char *fatal = strstr(msg, "FATAL:  ");
	if (fatal)
		msg = fatal + 8;
	size_t len = strcspn(msg, "\n");
	while (len && (msg[len - 1] == ' ' || msg[len - 1] == '\t'))
		len--;
	snprintf(out, n, "%.*s", (int)len, msg);
}

int pg_connect(struct pg *p, tm_error *err)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(p->conninfo, &msg);
	if (!opts) {
		char why[256];
		reason(msg, why, sizeof(why));
		PQfreemem(msg);
		/* libpq quotes the string it could not read, password and all: the message stops before it. */
		char *quoted = strstr(why, ": \"");
		if (quoted)
			*quoted = '\0';
		return tm_fail(err, TM_EUSAGE, "invalid PostgreSQL connection string: %s", why);
	}
	tm_store_shown(p->conninfo, p->shown, sizeof(p->shown));
	bool has_timeout = false;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "connect_timeout") && o->val && *o->val)
			has_timeout = true;
	PQconninfoFree(opts);

	if (p->conn)
		PQfinish(p->conn);
	p->pending = false;
	p->n_prepared = 0; /* a new session has none of the old one's statements */
	/* A server that does not answer is given up after a few seconds: a request never hangs on it. */
	const char *keys[] = { "dbname", "fallback_application_name", has_timeout ? NULL : "connect_timeout", NULL };
	const char *vals[] = { p->conninfo, "tminus", "3", NULL };
	p->conn = PQconnectdbParams(keys, vals, 1);
	if (!p->conn)
		return tm_fail(err, TM_EIO, "cannot connect to %s: out of memory", p->shown);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(p->conn);
		char why[320];
		reason(m, why, sizeof(why));
		/* libpq gives no SQLSTATE for a refused connection: the server's FATAL says what it was. */
		int code = !strstr(m, "FATAL:") ? TM_EUNREACHABLE
			   : strstr(m, "does not exist") ? TM_ENOTFOUND
			   : strstr(m, "authentication") || strstr(m, "password") || strstr(m, "pg_hba.conf") ? TM_EUSAGE
			   : TM_EUNREACHABLE;
		return tm_fail(err, code, "cannot connect to %s: %s", p->shown, why);
	}
	PQsetNoticeProcessor(p->conn, quiet, NULL);
	/* UTC timestamps; a lock held by a stuck transaction makes a write fail (503, try again) rather than wait. */
	return pg_exec(p, "SET TIME ZONE 'UTC'; SET lock_timeout = '5s'; SET idle_in_transaction_session_timeout = '60s'; "
			  "SET client_min_messages = warning",
		       "setting up the connection", err);
}

/* The schema's version: -1 for an empty database; TM_ENOTWORKSPACE for one with tables of another program. */
static int version(struct pg *p, int *out, tm_error *err)
{
	static const char sql[] = "SELECT (SELECT max(version) FROM tminus_schema)";
	static const char probe[] = "SELECT to_regclass('tminus_schema') IS NOT NULL, "
				    "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())";
	PGresult *r = pg_query_text(p, probe, "reading the schema", err);
	if (!r)
		return err->code;
	bool ours = PQgetvalue(r, 0, 0)[0] == 't';
	long tables = strtol(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (!ours) {
		*out = -1;
		if (tables)
			return tm_fail(err, TM_ENOTWORKSPACE,
				       "%s is not a tminus workspace (it holds %ld tables of another program): give tminus a database of its own",
				       p->shown, tables);
		return 0;
	}
	if (!(r = pg_query_text(p, sql, "reading the schema", err)))
		return err->code;
	*out = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int pg_migrate(struct pg *p, tm_error *err)
{
	int v = 0, rc = version(p, &v, err);
	if (rc)
		return rc;
	if (v > tm_pg_n_migrations)
		return tm_fail(err, TM_EDB, "the database was written by a newer tminus (schema %d, this one knows %d)", v,
			       tm_pg_n_migrations);
	if (v == tm_pg_n_migrations)
		return 0;
	/* READ COMMITTED, so that after waiting for the lock the version read is the other migrator's. */
	if ((rc = pg_exec(p, "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", "starting the migration", err)))
		goto fail;
	if ((rc = version(p, &v, err)))
		goto fail;
	if (v < 0) {
		if ((rc = pg_exec(p, "CREATE TABLE tminus_schema(version INTEGER NOT NULL); INSERT INTO tminus_schema VALUES(0)",
				  "creating the schema", err)))
			goto fail;
		v = 0;
	}
	for (; v < tm_pg_n_migrations; v++) {
		char what[64];
		snprintf(what, sizeof(what), "running migration %d", v + 1);
		if ((rc = pg_exec(p, tm_pg_migrations[v], what, err)))
			goto fail;
	}
	char set[96];
	snprintf(set, sizeof(set), "UPDATE tminus_schema SET version = %d; COMMIT", tm_pg_n_migrations);
	if ((rc = pg_exec(p, set, "finishing the migration", err)))
		goto fail;
	return 0;
fail:
	PQclear(PQexec(p->conn, "ROLLBACK"));
	p->aborted = false;
	return rc;
}
