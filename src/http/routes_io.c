/*
 * routes_io.c - a launch's plan in and out over the API (issue 15): the CSV
 * export of Asana, Jira, Linear or a spreadsheet imported into a launch
 * (POST /api/v1/launches/{launch}/import, the file as the body, the tool and
 * the options in the query; ?dry_run=true says what it would do and saves
 * nothing), a launch exported as csv, json, ics or md (GET …/export?format=),
 * and the whole workspace as one JSON document, out (GET /api/v1/export) and
 * back into an empty workspace (POST /api/v1/import/workspace), admins only.
 * Handlers parse, call app/imports.h and app/export.h as the command line
 * does, and answer with present/'s renderings.
 *
 * Bodies: the server's 1 MiB limit is raised for the two imports only (see
 * tm_io_body_limit): a 100,000-row CSV file and a workspace document are
 * larger. The workspace document goes out through a temporary file, never
 * held in memory whole (a 10,000-launch workspace is hundreds of megabytes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/export.h"
#include "app/imports.h"
#include "core/model.h"
#include "http/internal.h"
#include "present/export.h"
#include "present/json_import.h"

#include "util/banned.h"

#define FILE_NAME_MAX 200     /* ?file=: the name an import's messages give the body */

/* ---- body limits ---- */

size_t tm_io_body_limit(const char *method, const char *url)
{
	static const char workspace[] = "/api/v1/import/workspace", launches[] = "/api/v1/launches/";
	size_t n = strcspn(url, "?"), l = sizeof(launches) - 1;
	if (!method || strcmp(method, "POST"))
		return TM_HTTP_MAX_BODY;
	if (n == sizeof(workspace) - 1 && !strncmp(url, workspace, n))
		return TM_IO_WORKSPACE_MAX;
	/* /api/v1/launches/SLUG/import: one segment between the two */
	if (n > l + 7 && !strncmp(url, launches, l) && !strncmp(url + n - 7, "/import", 7) &&
	    memchr(url + l, '/', n - l) == url + n - 7)
		return TM_IO_IMPORT_MAX;
	return TM_HTTP_MAX_BODY;
}

/* ---- a launch's tasks in ---- */

/* Is the request's Content-Type type (its media type, before any parameters)? */
static bool content_type_is(struct call *c, const char *type)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	size_t n = ctype ? strcspn(ctype, "; \t") : 0;
	return ctype && n == strlen(type) && !strncasecmp(ctype, type, n);
}

/* A query parameter into the import's input: named as it is ("source"), not as a body's pointer. */
static int query_field(struct call *c, tm_import_input *in, const char *name)
{
	const char *v = tm_call_query(c, name);
	return v ? tm_call_query_input(c, &tm_import_desc, name, v, in) : 0;
}

static int query_flag(struct call *c, tm_import_input *in, const char *name, int field)
{
	bool on = false;
	int rc = tm_call_query_bool(c, name, &on);
	if (!rc && tm_call_query(c, name))
		tm_input_set_flag(&tm_import_desc, field, 0, on, in);
	return rc;
}

/* The import's input from the query (?source=asana&dry_run=true&create_people=…&as_offsets=…&map=…) and the path. */
static int import_input(struct call *c, tm_import_input *in)
{
	int rc = query_field(c, in, "source");
	if (!rc)
		rc = query_field(c, in, "map");
	if (!rc)
		rc = query_flag(c, in, "dry_run", TM_IMP_DRY_RUN);
	if (!rc)
		rc = query_flag(c, in, "create_people", TM_IMP_CREATE_PEOPLE);
	if (!rc)
		rc = query_flag(c, in, "as_offsets", TM_IMP_AS_OFFSETS);
	if (!rc)
		rc = tm_call_query_input(c, &tm_import_desc, "launch", c->param[0], in);
	if (rc)
		return rc;
	tm_spell_fn spell = c->err.spell;
	c->err.spell = NULL; /* a missing ?source is named as the query names it */
	rc = tm_input_check(&tm_import_desc, TM_IN_CREATE, in, &c->err);
	c->err.spell = spell;
	return rc;
}

/*
 * POST /api/v1/launches/{launch}/import?source=asana: the body is the tool's CSV export (text/csv), and
 * the answer the import's report. A dry run is 200 and saves nothing; a real import is 201 when it made
 * a task (Location: the launch's tasks), else 200 (every row updated a task of an earlier import, or was
 * skipped). A bad row is 400 whose detail is "FILE:LINE:COLUMN: …", FILE being ?file= (the name of the
 * file the body came from, as a browser knows it) or "body".
 */
static int h_import(struct call *c)
{
	tm_import_input in = { 0 };
	tm_import_report r = { 0 };
	const char *file = tm_call_query(c, "file");
	char name[FILE_NAME_MAX + 1];
	size_t bad = 0;
	int rc = 0;
	if (!content_type_is(c, "text/csv"))
		return tm_fail(&c->err, TM_EUNSUPPORTED,
			       "the tasks to import are the tool's CSV export: send the file as the body, as text/csv");
	if (file && (!*file || strlen(file) > FILE_NAME_MAX || !tm_utf8_valid(file, strlen(file), &bad) ||
		     strpbrk(file, "\r\n\t")))
		return tm_fail_field(&c->err, TM_EINVAL, "file",
				     "file is the name of the file the body came from: 1 to %d characters of one line",
				     FILE_NAME_MAX);
	snprintf(name, sizeof(name), "%s", file ? file : "body");
	rc = import_input(c, &in);
	if (!rc)
		rc = tm_app_import(c->app, &in, name, c->body ? c->body : "", c->len, &r, &c->err);
	if (rc && c->err.line > 0) {
		/* A fault of the file ("FILE:LINE:COLUMN: …", in the detail) is bad input; it has no parameter. */
		c->err.code = rc = TM_EINVAL;
		c->err.field[0] = '\0';
	}
	if (rc && !strcmp(c->err.field, "launch")) {
		c->err.field[0] = '\0'; /* the path's launch: 404 (or 400 for a malformed slug) without a parameter */
		if (rc == TM_EINVAL)
			c->err.code = rc = TM_ENOTFOUND;
	}
	if (!rc) {
		json_t *j = tm_json_import_report(&r);
		if (!in.dry_run && r.created > 0) {
			char loc[TM_SLUG_MAX + 40];
			snprintf(loc, sizeof(loc), "/api/v1/launches/%s/tasks", r.launch);
			tm_reply_header(c->rep, "Location", loc);
			tm_reply_json(c->rep, 201, j);
		} else {
			tm_reply_json(c->rep, 200, j);
		}
	}
	tm_import_report_free(&r);
	return rc;
}

/* ---- a launch out ---- */

/* attachment; filename="dark-mode.csv": the name is a slug and an extension, nothing to quote. */
static void attachment(struct call *c, const char *file_name)
{
	char v[256];
	snprintf(v, sizeof(v), "attachment; filename=\"%s\"", file_name);
	tm_reply_header(c->rep, "Content-Disposition", v);
}

/* GET /api/v1/launches/{launch}/export?format=csv|json|ics|md: a download (Content-Disposition names the file). */
static int h_export_launch(struct call *c)
{
	const char *format = tm_call_query(c, "format");
	tm_buf out = TM_BUF_INIT;
	tm_export_meta meta = { 0 };
	int rc = 0;
	if (!format)
		rc = tm_fail_field(&c->err, TM_EINVAL, "format", "format is csv, json, ics or md");
	if (!rc)
		rc = tm_export_check_format(format, &c->err);
	if (!rc)
		rc = tm_export_launch(c->app, c->param[0], format, &out, &meta, &c->err);
	if (rc && !strcmp(c->err.field, "launch"))
		c->err.field[0] = '\0';
	if (!rc) {
		tm_reply_text(c->rep, 200, meta.content_type, out.s, out.len);
		attachment(c, meta.file_name);
	}
	tm_buf_release(&out);
	return rc;
}

/* ---- the workspace out and in ---- */

/* The workspace document's pieces, written to a temporary file. */
static int to_file(void *arg, const char *data, size_t len, tm_error *err)
{
	if (len && fwrite(data, 1, len, arg) != len)
		return tm_fail(err, TM_EIO, "the workspace document could not be written to a temporary file: %s",
			       tm_strerror(errno));
	return 0;
}

/*
 * GET /api/v1/export: the whole workspace as one JSON document (app/export.h), admins only. It is
 * written to an unlinked temporary file as it is read, and sent from there: memory holds a megabyte of
 * it at a time, whatever the workspace's size.
 */
static int h_export_workspace(struct call *c)
{
	FILE *f = tmpfile();
	int fd = -1, rc = 0;
	if (!f)
		return tm_fail(&c->err, TM_EIO, "no temporary file for the workspace document: %s", tm_strerror(errno));
	rc = tm_app_export_workspace(c->app, to_file, f, &c->err);
	if (!rc && fflush(f))
		rc = tm_fail(&c->err, TM_EIO, "the workspace document could not be written to a temporary file: %s",
			     tm_strerror(errno));
	long size = rc ? 0 : ftell(f);
	if (!rc && size < 0)
		rc = tm_fail(&c->err, TM_EIO, "the workspace document's size is unknown: %s", tm_strerror(errno));
	if (!rc && (fd = dup(fileno(f))) < 0)
		rc = tm_fail(&c->err, TM_EIO, "the workspace document cannot be sent: %s", tm_strerror(errno));
	(void)fclose(f); /* written and flushed above: fflush said whether it held */
	if (!rc) {
		char name[64];
		int y, m, d;
		tm_date_to_ymd(c->app->today, &y, &m, &d);
		snprintf(name, sizeof(name), "tminus-workspace-%04d-%02d-%02d.json", y, m, d);
		tm_reply_file(c->rep, 200, "application/json; charset=utf-8", fd, (uint64_t)size);
		attachment(c, name);
	}
	return rc;
}

/*
 * POST /api/v1/import/workspace: a workspace document (GET /api/v1/export's, or `tminus export --all
 * --format json`'s) read into this workspace, which must be empty of everything but accounts (409
 * otherwise). The accounts are the document's after it: the admin who sent it signs in as one of them.
 * The route runs its own write transaction (TM_SECRET's way), outside the group commit and with no
 * Idempotency-Key kept: the key would belong to a user the import replaces.
 */
static int h_import_workspace(struct call *c)
{
	tm_workspace_import_result res = { 0 };
	if (!content_type_is(c, "application/json"))
		return tm_fail(&c->err, TM_EUNSUPPORTED,
			       "a workspace document is JSON (GET /api/v1/export's): send it as application/json");
	int rc = tm_app_import_workspace(c->app, "body", c->body ? c->body : "", c->len, &res, &c->err);
	if (rc == TM_EINVAL)
		c->err.field[0] = '\0'; /* the detail names the place in the document */
	if (!rc) {
		json_t *tables = json_object();
		for (int i = 0; i < res.n; i++)
			json_object_set_new(tables, res.v[i].table, json_integer(res.v[i].rows));
		tm_reply_json(c->rep, 201, json_pack("{s:i, s:o}", "schema", res.schema, "tables", tables));
	}
	return rc;
}

const struct tm_route tm_routes_io[] = {
	{ "POST", "/api/v1/launches/:/import", h_import, TM_EDIT_PREVIEW },
	{ "GET", "/api/v1/launches/:/export", h_export_launch, TM_READ },
	{ "GET", "/api/v1/export", h_export_workspace, TM_ADMIN },
	{ "POST", "/api/v1/import/workspace", h_import_workspace, TM_ADMIN | TM_SECRET },
	{ NULL, NULL, NULL, 0 },
};
