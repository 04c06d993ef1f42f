/*
 * sqlite_open.c - opening a workspace file without harming anything.
 *
 * A tminus workspace is a SQLite database marked with PRAGMA application_id
 * TM_SQLITE_APPLICATION_ID ("TMin") and whose PRAGMA user_version counts the
 * migrations it has had. Before tminus writes a byte it decides, from reads
 * alone, whether the file is one:
 *
 *   - no file, an empty file, or a SQLite database with no tables and no
 *     version: a new workspace (created, migrated and marked);
 *   - marked as tminus's: a workspace;
 *   - unmarked but holding tminus's tables at a known schema version: a
 *     workspace made before the mark existed (marked by its next write);
 *   - anything else (another program's database, a file that is not SQLite):
 *     TM_ENOTWORKSPACE, and the file is left exactly as it was.
 *
 * A workspace whose file or folder cannot be written still opens for reading
 * (read-only, or immutable when SQLite could not even keep its WAL index
 * beside it); its first write fails with TM_EREADONLY naming the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

/* What the reads found in a database. */
struct probe {
	int app_id, version;
	int n_tables;
	bool has_core;        /* settings, people, launches and tasks are there */
	char tables[200];     /* the first table names, for the error message */
};

/*
 * SQLite's busy handler: called while another connection holds the lock this one needs, with the
 * number of calls so far in this wait; returning 0 gives up (SQLITE_BUSY). It sleeps 1, 2, 4 … 16 ms,
 * jittered so waiters do not knock in step, for SQ_BUSY_TIMEOUT_MS in all (sqlite3_busy_timeout's
 * steps grow to 100 ms, long enough for a steady stream of quicker writers to keep the lock from
 * a waiter). A store that waits aloud says so once, after SQ_BUSY_NOTICE_MS.
 */
static int sq_busy(void *arg, int count)
{
	struct sq *s = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		s->busy_since = now;
	long waited = (long)(now.tv_sec - s->busy_since.tv_sec) * 1000 + (now.tv_nsec - s->busy_since.tv_nsec) / 1000000;
	if (waited >= SQ_BUSY_TIMEOUT_MS)
		return 0;
	if (s->wait_aloud && !s->told_waiting && waited >= SQ_BUSY_NOTICE_MS) {
		s->told_waiting = true;
		fprintf(stderr, "tminus: waiting for another writer on %s…\n", s->path);
		(void)fflush(stderr); /* a message only: nothing to do if it cannot be shown */
	}
	long ms = 1L << (count < 4 ? count : 4);
	long ns = ms * 500000L + (long)((unsigned long)now.tv_nsec % (unsigned long)(ms * 1000000L));
	struct timespec pause = { 0, ns < 1000000000L ? ns : 999999999L };
	nanosleep(&pause, NULL);
	return 1;
}

/* The primary result code of the connection's last error. */
static int last_code(sqlite3 *db)
{
	return sqlite3_extended_errcode(db) & 0xff;
}

/* The errors that mean "this connection may not write here": the file, its folder, the file system. */
static bool is_access_error(int code)
{
	return code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_AUTH;
}

/* "'PATH' is not a tminus workspace (WHY)": nothing was written to it. */
static int not_workspace(const char *path, tm_error *err, const char *why)
{
	return tm_fail(err, TM_ENOTWORKSPACE, "'%s' is not a tminus workspace (%s)", path, why);
}

/* An error of the connection while opening, by its code. */
static int open_fail(struct sq *s, sqlite3 *db, const char *what, tm_error *err)
{
	int code = last_code(db);
	if (code == SQLITE_NOTADB)
		return not_workspace(s->path, err, "it is not a SQLite database");
	if (code == SQLITE_CORRUPT)
		return tm_fail(err, TM_EDB, "the workspace '%s' is damaged (%s): restore it from a backup", s->path,
			       sqlite3_errmsg(db));
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return tm_fail(err, TM_EBUSY, "the database is busy (%s): try again", what);
	if (is_access_error(code))
		return sq_readonly_fail(s, err);
	/* A full disk, a file-size limit met by the -shm file, no memory: said as any statement's are. */
	if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_NOMEM) {
		sqlite3 *own = s->db;
		s->db = db;
		int rc = sq_db_fail(s, err, what);
		s->db = own;
		if (rc != TM_EDB)
			return rc;
	}
	return tm_fail(err, TM_EDB, "cannot open '%s' (%s): %s", s->path, what, sqlite3_errmsg(db));
}

/* One of the header's numbers (a PRAGMA that returns one); a SQLite result code. */
static int header_value(sqlite3 *db, const char *pragma, int *out)
{
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(db, pragma, -1, &q, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

/* Reads the mark and the version, and the table names of a file that is not marked as ours; returns a
 * SQLite result code. */
static int probe(sqlite3 *db, struct probe *p)
{
	static const char *const core[] = { "settings", "people", "launches", "tasks" };
	sqlite3_stmt *q = NULL;
	int rc, found = 0;
	memset(p, 0, sizeof(*p));
	/* The header's two numbers by plain PRAGMAs, which read page 1 and not the schema: the pragma_*
	 * table functions would parse every table, index and trigger, and the connection that works parses
	 * them again. Our own workspace (the usual case) is then known without its table list. */
	if ((rc = header_value(db, "PRAGMA application_id", &p->app_id)) != SQLITE_OK ||
	    (rc = header_value(db, "PRAGMA user_version", &p->version)) != SQLITE_OK)
		return rc;
	if (p->app_id == TM_SQLITE_APPLICATION_ID)
		return SQLITE_OK;
	rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
				    "ESCAPE '\\' ORDER BY name", -1, &q, NULL);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		if ((rc = sqlite3_step(q)) != SQLITE_ROW)
			break;
		const char *name = (const char *)sqlite3_column_text(q, 0);
		size_t used = strlen(p->tables);
		p->n_tables++;
		for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
			found += name && !strcmp(name, core[i]);
		if (p->n_tables <= 5 && name && used + strlen(name) + 3 < sizeof(p->tables))
			snprintf(p->tables + used, sizeof(p->tables) - used, "%s%s", used ? ", " : "", name);
	}
	sqlite3_finalize(q);
	p->has_core = found == (int)(sizeof(core) / sizeof(core[0]));
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Whether a probed database is ours (0), new (0, *fresh), or another's (TM_ENOTWORKSPACE). */
static int classify(struct sq *s, const struct probe *p, bool *fresh, tm_error *err)
{
	char why[300];
	*fresh = false;
	if (p->app_id == TM_SQLITE_APPLICATION_ID)
		return 0;
	if (p->app_id != 0) {
		snprintf(why, sizeof(why), "its SQLite application id is %d, tminus's is %d", p->app_id,
			 TM_SQLITE_APPLICATION_ID);
		return not_workspace(s->path, err, why);
	}
	if (p->n_tables == 0 && p->version == 0) {
		*fresh = true;
		return 0;
	}
	if (p->has_core && p->version >= 1) {
		s->unmarked = true; /* made before workspaces were marked */
		return 0;
	}
	if (p->n_tables == 0)
		snprintf(why, sizeof(why), "it holds no tables but has schema version %d", p->version);
	else
		snprintf(why, sizeof(why), "it holds table%s %s%s", p->n_tables == 1 ? "" : "s", p->tables,
			 p->n_tables > 5 ? " and more" : "");
	return not_workspace(s->path, err, why);
}

/* "file:" URI for path with immutable=1 (every byte that could be read as URI syntax escaped). */
static void immutable_uri(const char *path, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = (size_t)snprintf(out, outsz, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < outsz; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	snprintf(out + n, outsz - n, "?immutable=1");
}

/*
 * A read-only connection that can read: plain read-only, else (a WAL
 * database whose folder cannot take its -shm index, and no WAL content that
 * would be missed) immutable. *rc gets SQLite's result.
 */
static sqlite3 *open_readonly(struct sq *s, const char *path, struct probe *p, int *rc)
{
	sqlite3 *db = NULL;
	char uri[4096 * 3 + 32], wal[4096 + 8];
	struct stat stw;
	*rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (*rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db, 1);
		sqlite3_busy_handler(db, sq_busy, s);
		*rc = probe(db, p);
	}
	if (*rc == SQLITE_OK || !db || !is_access_error(last_code(db)))
		return db;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (stat(wal, &stw) == 0 && stw.st_size > 0)
		return db;
	sqlite3_close(db);
	db = NULL;
	immutable_uri(path, uri, sizeof(uri));
	*rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	if (*rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db, 1);
		*rc = probe(db, p);
	}
	return db;
}

/*
 * What the file is, from stat() alone. Never open() and close() it here: closing any descriptor of
 * a file drops every POSIX lock this process holds on it, including those of the server's other
 * connections. SQLite reads the header (and says SQLITE_NOTADB for anything else).
 */
static int check_file(struct sq *s, bool *exists, tm_error *err)
{
	struct stat st;
	*exists = stat(s->path, &st) == 0;
	if (!*exists)
		return 0;
	if (S_ISDIR(st.st_mode))
		return not_workspace(s->path, err, "it is a folder");
	if (!S_ISREG(st.st_mode))
		return not_workspace(s->path, err, "it is not a regular file");
	return 0;
}

/* Brings the schema up to date (and marks a new workspace) inside one transaction. */
static int migrate(struct sq *s, int version, tm_error *err)
{
	sqlite3_stmt *q = NULL;
	if (version > tm_sqlite_n_migrations)
		return tm_fail(err, TM_EDB, "the database was written by a newer tminus (schema %d, this one knows %d)",
			       version, tm_sqlite_n_migrations);
	if (version == tm_sqlite_n_migrations)
		return 0;
	if (s->readonly) {
		char why[128];
		sq_readonly_why(s->path, why, sizeof(why));
		if (version == 0)
			return tm_fail(err, TM_EREADONLY, "'%s' is read-only%s: a new workspace cannot be created in it",
				       s->path, why);
		return tm_fail(err, TM_EREADONLY,
			       "'%s' is read-only%s: its schema (version %d) needs upgrading to version %d, which writes",
			       s->path, why, version, tm_sqlite_n_migrations);
	}
	int rc = sq_exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	/* Re-read under the write lock: another process may have migrated. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	for (int i = version; i < tm_sqlite_n_migrations && !rc; i++) {
		char pragma[64];
		rc = sq_exec(s, tm_sqlite_migrations[i], err);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", i + 1);
		if (!rc)
			rc = sq_exec(s, pragma, err);
	}
	if (!rc)
		rc = sq_exec(s, "PRAGMA application_id = " TM_SQLITE_APPLICATION_ID_TEXT, err);
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	rc = sq_exec(s, "COMMIT", err);
	if (!rc)
		s->unmarked = false;
	return rc;
}

int sq_open(struct sq *s, const char *path, tm_error *err)
{
	struct probe p;
	bool exists = false, fresh = false;
	sqlite3 *ro = NULL;
	int rc, src;

	snprintf(s->path, sizeof(s->path), "%s", path);
	if ((rc = check_file(s, &exists, err)))
		return rc;
	/* 1. Decide from reads alone whether the file is ours. */
	if (exists) {
		ro = open_readonly(s, path, &p, &src);
		if (src != SQLITE_OK) {
			rc = ro ? open_fail(s, ro, "reading it", err)
				: tm_fail(err, TM_EIO, "cannot open '%s': out of memory", path);
			goto out;
		}
		if ((rc = classify(s, &p, &fresh, err)))
			goto out;
	}
	/* 2. Ours (or new): a connection that may write, when the file and its folder allow it. */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (!s->db) {
			rc = tm_fail(err, TM_EIO, "cannot open '%s': out of memory", path);
			goto out;
		}
		if (!ro) {
			rc = exists ? open_fail(s, s->db, "opening it", err)
				    : is_access_error(last_code(s->db))
				    ? tm_fail(err, TM_EREADONLY, "cannot create the workspace '%s': its folder is not writable", path)
				    : tm_fail(err, TM_EIO, "cannot create '%s': %s", path, sqlite3_errmsg(s->db));
			goto out;
		}
		sqlite3_close(s->db);
		s->db = NULL;
	}
	if (s->db) {
		sqlite3_extended_result_codes(s->db, 1);
		sqlite3_busy_handler(s->db, sq_busy, s);
		s->readonly = sqlite3_db_readonly(s->db, "main") == 1;
		/* WAL needs files beside the database: a folder that refuses them makes it read-only too. */
		if (!s->readonly && sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
			int code = last_code(s->db);
			if (!is_access_error(code)) {
				rc = open_fail(s, s->db, "setting up its journal", err);
				goto out;
			}
			s->readonly = true;
		}
		if (s->readonly && ro) {
			/* The read-only connection already reads it (a WAL database in a read-only folder needs that). */
			sqlite3_close(s->db);
			s->db = NULL;
		}
	}
	if (!s->db) {
		s->db = ro;
		ro = NULL;
		s->readonly = true;
	}
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA mmap_size = 0", NULL, NULL,
			 NULL) != SQLITE_OK) {
		rc = open_fail(s, s->db, "setting it up", err);
		goto out;
	}
	/* 3. A new file is probed now (another process may have made it meanwhile), then brought up to date. */
	if (!exists || fresh) {
		if (probe(s->db, &p) != SQLITE_OK) {
			rc = open_fail(s, s->db, "reading it", err);
			goto out;
		}
		if ((rc = classify(s, &p, &fresh, err)))
			goto out;
	}
	rc = migrate(s, p.version, err);
out:
	sqlite3_close(ro);
	return rc;
}
