/*
 * export.h - a launch or the whole workspace out of tminus, and the whole
 * workspace back in.
 *
 * The workspace travels as one JSON document (`tminus export --all --format
 * json`, GET /api/v1/export) that `tminus import workspace FILE.json` (POST
 * /api/v1/import/workspace) reads back into an empty workspace, so that every
 * read answers alike to the byte:
 *
 *   {"tminus": "workspace", "format": 1, "schema": 16,
 *    "tables": {"people": {"columns": ["id", "name", …], "rows": [["1", "Ana", …], …]}, …},
 *    "counters": {"launches": 12, "tasks": 340, "users": 2, "tokens": 1, "audit": 900},
 *    "feed_key": "64 hex digits"}
 *
 * The tables are store/copy.c's, in its order, less the transient ones (sessions, idempotency,
 * signin_attempts); every cell is a string or null as the copy reads it (text, so that numbers
 * and doubles come back exactly). Users' password hashes, tokens' hashes and webhooks' secrets
 * travel (so that people sign in and webhooks keep verifying after a move), and so does the feed key
 * (kept outside the database, so a backup of the file alone yields no feed address; the document
 * carries it so that feed addresses, like every other read, are the same after the move: the
 * document is as secret as the workspace and its key together). "feed_key" may be left out on
 * import (the workspace then makes its own).
 *
 * A launch exports as csv (its tasks, in the columns `tminus import csv` reads back), json (the
 * launch as `launch show --json` with its brief, metrics, decisions and plan), ics (its calendar)
 * or md (its documents): json, ics and md are rendered by present/export.h's
 * tm_export_launch, which front ends call; this file gathers and checks.
 */
#ifndef TM_APP_EXPORT_H
#define TM_APP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/copy.h"
#include "util/buf.h"
#include "util/error.h"

struct tm_copy_table;
/* Does a workspace document carry table t (store/copy.c's)? Not the transient ones. */
bool tm_export_carries(const struct tm_copy_table *t);
/* The document's "counters" members, in the order of TM_COUNTER_* (store.h): "launches", … */
extern const char *const tm_export_counter_names[];

/* The workspace document's "format" (its shape; "schema" is the store's migration count). */
#define TM_EXPORT_FORMAT 1
/* The largest workspace document import workspace reads (bytes). */
#define TM_EXPORT_DOC_MAX ((size_t)2 << 30)

/*
 * Where a streamed document goes, a piece at a time as it is made: the function copies or writes
 * the len bytes at data (they are not kept) and returns 0, or fills err and returns its code to
 * stop the export. A failure after the first piece leaves the receiver half a document: a front
 * end that must not (a file) writes elsewhere first and renames.
 */
typedef int (*tm_export_write_fn)(void *arg, const char *data, size_t len, tm_error *err);

/* The launch export formats, "csv", "json", "ics", "md"; NULL-terminated. */
extern const char *const tm_export_formats[];
/* 0 when format is one of tm_export_formats, else TM_EINVAL naming them (field "format"). */
int tm_export_check_format(const char *format, tm_error *err);
/* The Content-Type of a format's document ("text/csv; charset=utf-8" …), and its file extension ("csv"). */
const char *tm_export_content_type(const char *format);
const char *tm_export_extension(const char *format);

/*
 * A launch's tasks as CSV (RFC 4180, CRLF, formula-like cells escaped: render/csv.h), with the
 * header row `tminus import csv` reads: id, title, section, owner, owner_email, due (a date), effort,
 * status, milestone (yes/no), depends_on (the ids of the tasks it waits for, comma-separated).
 * Appends to out.
 */
int tm_app_export_launch_csv(tm_app *app, const char *launch, tm_buf *out, tm_error *err);

/*
 * The whole workspace as the JSON document above, in one read transaction (one moment of it),
 * handed to fn about a megabyte at a time: never held whole in memory. Admin only in the API.
 */
int tm_app_export_workspace(tm_app *app, tm_export_write_fn fn, void *arg, tm_error *err);

/* What import workspace wrote. */
typedef struct tm_workspace_import_result {
	int schema;                               /* the document's schema */
	int n;                                    /* tables, in the order they were written */
	tm_copy_count v[TM_COPY_MAX_TABLES];      /* rows written to each */
} tm_workspace_import_result;

/*
 * Reads the document text (len bytes, named name in messages: "FILE.json") into app's workspace,
 * which must be empty (TM_ECONFLICT naming what it holds). Only the accounts (users, tokens,
 * sessions), audit entries and the transient tables may hold rows, and every one of them is
 * replaced by the document's (the caller's own session ends: the API's admin can import into a
 * new server, then signs in as a user of the document), in one
 * write transaction through the copy writer, with the id counters. A malformed document is
 * TM_EINVAL naming what is wrong and where ("FILE.json:3:14: …" for a JSON syntax error,
 * "FILE.json: tables.tasks.rows[12]: a row of another length, the columns are 26" for the rest);
 * nothing is written then. The document is read as it goes (import_workspace.c), so its header
 * comes before "tables" and the tables come in the order the export writes them.
 */
int tm_app_import_workspace(tm_app *app, const char *name, const char *text, size_t len,
			    tm_workspace_import_result *out, tm_error *err);

#endif
