/*
 * export.c - the workspace as one JSON document and back, and a launch's
 * tasks as CSV (app/export.h).
 *
 * The workspace document is written here, row by row as the store reads
 * them, straight into a buffer handed to the caller a megabyte at a time:
 * a 10,000-launch workspace is half a million rows, and a jansson tree of
 * it would cost an allocation per cell. Rows go one to a line (["1", "Ana",
 * null]) so that the document stays readable and diffable without the
 * indentation of every cell. Reading it back goes through jansson (whose
 * errors carry the line and column) and the copy writer that `tminus copy`
 * uses, so the rows land exactly as a copy would land them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/export.h"
#include "app/internal.h"
#include "render/csv.h"
#include "store/store.h"

#include "util/banned.h"

/* The schema both engines are at (store/sqlite_schema.c: the number of migrations). */
extern const int tm_sqlite_n_migrations;

#define FLUSH_AT ((size_t)1 << 20)

const char *const tm_export_formats[] = { "csv", "json", "ics", "md", NULL };

static const struct {
	const char *format, *type, *ext;
} format_info[] = {
	{ "csv", "text/csv; charset=utf-8", "csv" },
	{ "json", "application/json", "json" },
	{ "ics", "text/calendar; charset=utf-8", "ics" },
	{ "md", "text/markdown; charset=utf-8", "md" },
};

int tm_export_check_format(const char *format, tm_error *err)
{
	for (int i = 0; tm_export_formats[i]; i++)
		if (format && !strcmp(format, tm_export_formats[i]))
			return 0;
	return tm_fail_field(err, TM_EINVAL, "format", "unknown format '%s' for {}: give csv, json, ics or md",
			     format ? format : "");
}

const char *tm_export_content_type(const char *format)
{
	for (size_t i = 0; i < sizeof(format_info) / sizeof(format_info[0]); i++)
		if (format && !strcmp(format, format_info[i].format))
			return format_info[i].type;
	return "application/octet-stream";
}

const char *tm_export_extension(const char *format)
{
	for (size_t i = 0; i < sizeof(format_info) / sizeof(format_info[0]); i++)
		if (format && !strcmp(format, format_info[i].format))
			return format_info[i].ext;
	return "txt";
}

/* ---- a launch's tasks as CSV ---- */

/* The header `tminus import csv` reads back (core/import.c's generic names). */
static const char *const csv_header[] = { "id",     "title",  "section",   "owner",     "owner_email",
					  "due",    "effort", "status",    "milestone", "depends_on" };
#define CSV_COLS ((int)(sizeof(csv_header) / sizeof(csv_header[0])))

int tm_app_export_launch_csv(tm_app *app, const char *launch, tm_buf *out, tm_error *err)
{
	tm_launch_detail d = { 0 };
	tm_people people = TM_VEC_INIT;
	int rc = tm_app_launch_show(app, launch, &d, err);
	if (rc || (rc = tm_app_person_list(app, &people, err)))
		goto out;
	tm_csv_write_row(out, csv_header, CSV_COLS);
	for (size_t i = 0; i < d.tasks.n; i++) {
		const tm_task *t = &d.tasks.v[i];
		char id[24], due[TM_DATE_STRLEN] = "", effort[16];
		tm_buf deps = TM_BUF_INIT;
		const char *email = "";
		snprintf(id, sizeof(id), "%lld", (long long)t->id);
		if (t->has_due)
			tm_date_format(t->due, due);
		snprintf(effort, sizeof(effort), "%d", t->effort_days);
		for (int k = 0; k < t->n_depends_on; k++)
			tm_buf_printf(&deps, "%s%lld", k ? "," : "", (long long)t->depends_on[k]);
		for (size_t k = 0; t->owner_id && k < people.n; k++)
			if (people.v[k].id == t->owner_id)
				email = people.v[k].email;
		const char *row[CSV_COLS] = { id,	  t->title,
					      t->section, t->owner,
					      email,	  due,
					      effort,	  tm_task_status_name(t->status),
					      t->milestone ? "yes" : "no", deps.s };
		tm_csv_write_row(out, row, CSV_COLS);
		tm_buf_release(&deps);
	}
out:
	TM_VEC_FREE(&people);
	tm_launch_detail_release(&d);
	return rc;
}

/* ---- the workspace document, out ---- */

/* The tables a copy moves that a workspace document leaves out: what a server keeps for a while. */
static bool transient(const tm_copy_table *t)
{
	return !strcmp(t->name, "sessions") || !strcmp(t->name, "idempotency") || !strcmp(t->name, "signin_attempts");
}

static const char *const counter_names[TM_COUNTERS] = { "launches", "tasks", "users", "tokens", "audit" };

struct doc_out {
	tm_buf b;
	tm_export_write_fn fn;
	void *arg;
	int64_t rows;           /* rows written in the table being written */
	int ncols;              /* its columns */
};

/* A JSON string: UTF-8 as it is (the store holds no other), quotes, backslashes and controls escaped. */
static void add_str(tm_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	tm_buf_grow(b, len + 2);
	tm_buf_addc(b, '"');
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		tm_buf_add(b, s + from, i - from);
		from = i + 1;
		switch (c) {
		case '"': tm_buf_add(b, "\\\"", 2); break;
		case '\\': tm_buf_add(b, "\\\\", 2); break;
		case '\n': tm_buf_add(b, "\\n", 2); break;
		case '\r': tm_buf_add(b, "\\r", 2); break;
		case '\t': tm_buf_add(b, "\\t", 2); break;
		case '\b': tm_buf_add(b, "\\b", 2); break;
		case '\f': tm_buf_add(b, "\\f", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			tm_buf_add(b, u, 6);
		}
		}
	}
	tm_buf_add(b, s + from, len - from);
	tm_buf_addc(b, '"');
}

static int flush(struct doc_out *o, bool all, tm_error *err)
{
	if (!o->b.len || (!all && o->b.len < FLUSH_AT))
		return 0;
	int rc = o->fn(o->arg, o->b.s, o->b.len, err);
	tm_buf_reset(&o->b);
	return rc;
}

static int put_row(void *arg, const tm_cell *row, tm_error *err)
{
	struct doc_out *o = arg;
	tm_buf_adds(&o->b, o->rows ? ",\n        [" : "\n        [");
	o->rows++;
	for (int i = 0; i < o->ncols; i++) {
		if (i)
			tm_buf_add(&o->b, ", ", 2);
		if (row[i].v)
			add_str(&o->b, row[i].v, row[i].len);
		else
			tm_buf_add(&o->b, "null", 4);
	}
	tm_buf_addc(&o->b, ']');
	return flush(o, false, err);
}

/* One table: its columns, then its rows as the store reads them. */
static int put_table(tm_store *st, const tm_copy_table *t, bool first, struct doc_out *o, tm_error *err)
{
	int n = tm_copy_ncols(t);
	tm_buf_printf(&o->b, "%s\n    \"%s\": {\n      \"columns\": [", first ? "" : ",", t->name);
	for (int i = 0; i < n; i++) {
		if (i)
			tm_buf_add(&o->b, ", ", 2);
		add_str(&o->b, t->cols[i], strlen(t->cols[i]));
	}
	tm_buf_adds(&o->b, "],\n      \"rows\": [");
	o->rows = 0;
	o->ncols = n;
	int rc = st->ops->copy->read(st, t, put_row, o, err);
	if (rc)
		return rc;
	tm_buf_adds(&o->b, o->rows ? "\n      ]\n    }" : "]\n    }");
	return 0;
}

int tm_app_export_workspace(tm_app *app, tm_export_write_fn fn, void *arg, tm_error *err)
{
	tm_store *st = app->st;
	struct doc_out o = { TM_BUF_INIT, fn, arg, 0, 0 };
	int rc = st->ops->tx->begin(st, false, err);
	if (rc)
		return rc;
	tm_buf_printf(&o.b, "{\n  \"tminus\": \"workspace\",\n  \"format\": %d,\n  \"schema\": %d,\n  \"tables\": {",
		      TM_EXPORT_FORMAT, tm_sqlite_n_migrations);
	bool first = true;
	for (int i = 0; tm_copy_tables[i].name; i++) {
		const tm_copy_table *t = &tm_copy_tables[i];
		if (transient(t) || t->blob >= 0)
			continue;
		if ((rc = put_table(st, t, first, &o, err)))
			goto out;
		first = false;
	}
	int64_t last[TM_COUNTERS];
	if ((rc = st->ops->copy->counters(st, last, err)))
		goto out;
	tm_buf_adds(&o.b, "\n  },\n  \"counters\": {");
	for (int i = 0; i < TM_COUNTERS; i++)
		tm_buf_printf(&o.b, "%s\n    \"%s\": %lld", i ? "," : "", counter_names[i], (long long)last[i]);
	tm_buf_adds(&o.b, "\n  }\n}\n");
	rc = flush(&o, true, err);
out:
	st->ops->tx->rollback(st);
	tm_buf_release(&o.b);
	return rc;
}

/* ---- the workspace document, in ---- */

/* A malformed document: "NAME: WHERE: WHAT", TM_EINVAL, the file named in err. */
static int bad(tm_error *err, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(tm_error *err, const char *name, const char *fmt, ...)
{
	char why[450];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	tm_fail(err, TM_EINVAL, "%s: %s", name, why);
	snprintf(err->file, sizeof(err->file), "%s", name);
	return TM_EINVAL;
}

/* The tables a workspace may hold rows of and still take a document: its accounts and what a server
 * keeps for a while (an admin imports into a new server through the API). */
static bool replaceable(const tm_copy_table *t)
{
	return transient(t) || !strcmp(t->name, "users") || !strcmp(t->name, "tokens") || !strcmp(t->name, "audit");
}

/* Refuses a workspace that holds anything beyond replaceable tables; *held: it holds a row anywhere. */
static int check_empty(tm_store *st, bool *held, tm_error *err)
{
	char what[300] = "";
	size_t o = 0;
	int named = 0;
	*held = false;
	for (int i = 0; tm_copy_tables[i].name; i++) {
		int64_t n = 0;
		int rc = st->ops->copy->rows(st, &tm_copy_tables[i], &n, err);
		if (rc)
			return rc;
		if (!n)
			continue;
		*held = true;
		if (replaceable(&tm_copy_tables[i]))
			continue;
		if (named < 4 && o < sizeof(what))
			o += (size_t)snprintf(what + o, sizeof(what) - o, "%s%lld %s", named ? ", " : "", (long long)n,
					      tm_copy_tables[i].name);
		else if (named == 4 && o < sizeof(what))
			o += (size_t)snprintf(what + o, sizeof(what) - o, ", …");
		named++;
	}
	if (named)
		return tm_fail(err, TM_ECONFLICT,
			       "the workspace is not empty (%s): a workspace document goes into a new workspace only", what);
	return 0;
}

/* The document's header: what it is, its format and schema. */
static int check_header(const json_t *doc, const char *name, int *schema, tm_error *err)
{
	if (!json_is_object(doc))
		return bad(err, name, "not a workspace document: a JSON object is expected");
	const char *kind = json_string_value(json_object_get(doc, "tminus"));
	if (!kind || strcmp(kind, "workspace"))
		return bad(err, name, "not a workspace document: \"tminus\" must be \"workspace\" (made by tminus export --all --format json)");
	json_t *f = json_object_get(doc, "format"), *s = json_object_get(doc, "schema");
	if (!json_is_integer(f) || json_integer_value(f) != TM_EXPORT_FORMAT)
		return bad(err, name, "\"format\" must be %d, the only format this tminus reads", TM_EXPORT_FORMAT);
	if (!json_is_integer(s))
		return bad(err, name, "\"schema\" must be an integer");
	if (json_integer_value(s) != tm_sqlite_n_migrations)
		return bad(err, name, "schema %lld: this tminus reads workspace documents of schema %d (export it again with this version)",
			   (long long)json_integer_value(s), tm_sqlite_n_migrations);
	*schema = tm_sqlite_n_migrations;
	if (!json_is_object(json_object_get(doc, "tables")))
		return bad(err, name, "\"tables\" must be an object of tables");
	if (!json_is_object(json_object_get(doc, "counters")))
		return bad(err, name, "\"counters\" must be an object");
	/* Every table named is one a document carries. */
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(doc, "tables"), key, v) {
		int i = 0;
		while (tm_copy_tables[i].name && strcmp(tm_copy_tables[i].name, key))
			i++;
		if (!tm_copy_tables[i].name || transient(&tm_copy_tables[i]) || tm_copy_tables[i].blob >= 0)
			return bad(err, name, "tables.%s: not a table of a workspace document", key);
	}
	return 0;
}

/* pos[i]: where table t's column i is in the document's columns jc. */
static int map_columns(const tm_copy_table *t, const json_t *jc, const char *name, int *pos, tm_error *err)
{
	int n = tm_copy_ncols(t);
	if (!json_is_array(jc))
		return bad(err, name, "tables.%s.columns: an array of column names is expected", t->name);
	for (int i = 0; i < n; i++)
		pos[i] = -1;
	for (size_t j = 0; j < json_array_size(jc); j++) {
		const char *c = json_string_value(json_array_get(jc, j));
		if (!c)
			return bad(err, name, "tables.%s.columns[%zu]: a column name (a string) is expected", t->name, j);
		int i = 0;
		while (i < n && strcmp(t->cols[i], c))
			i++;
		if (i == n)
			return bad(err, name, "tables.%s.columns[%zu]: unknown column '%s'", t->name, j, c);
		if (pos[i] >= 0)
			return bad(err, name, "tables.%s.columns[%zu]: column '%s' twice", t->name, j, c);
		pos[i] = (int)j;
	}
	for (int i = 0; i < n; i++)
		if (pos[i] < 0)
			return bad(err, name, "tables.%s.columns: column '%s' is missing", t->name, t->cols[i]);
	return 0;
}

/*
 * The store refused a row of table t (a broken reference, a key twice): the document is malformed, TM_EINVAL
 * naming the table and the row (row -1: one of the rows written last, which an engine writes in batches),
 * unless the workspace itself failed (busy, read-only, unreachable, a full disk), which keeps its code.
 */
static int refused(tm_error *err, const char *name, const tm_copy_table *t, long long row)
{
	int code = err->code;
	char was[sizeof(err->msg)];
	snprintf(was, sizeof(was), "%s", err->msg);
	if (code == TM_EBUSY || code == TM_EREADONLY || code == TM_ERETRY || code == TM_EUNREACHABLE || code == TM_EIO)
		return code;
	if (row >= 0)
		return bad(err, name, "tables.%s.rows[%lld]: %s", t->name, row, was);
	return bad(err, name, "tables.%s: %s", t->name, was);
}

/* One table's rows through the copy writer; jt NULL: the document has none of it. */
static int write_table(tm_store *st, const tm_copy_table *t, const json_t *jt, const char *name, int64_t *rows,
		       tm_error *err)
{
	int n = tm_copy_ncols(t), rc = 0;
	int *pos = tm_xcalloc((size_t)n, sizeof(*pos));
	tm_cell *cells = tm_xcalloc((size_t)n, sizeof(*cells));
	tm_copy_writer *w = NULL;
	const json_t *jr = NULL;
	*rows = 0;
	if (!jt) {
		rc = bad(err, name, "tables.%s is missing", t->name);
		goto out;
	}
	if (!json_is_object(jt)) {
		rc = bad(err, name, "tables.%s: an object with \"columns\" and \"rows\" is expected", t->name);
		goto out;
	}
	if ((rc = map_columns(t, json_object_get(jt, "columns"), name, pos, err)))
		goto out;
	jr = json_object_get(jt, "rows");
	if (!json_is_array(jr)) {
		rc = bad(err, name, "tables.%s.rows: an array of rows is expected", t->name);
		goto out;
	}
	if ((rc = st->ops->copy->writer(st, t, &w, err)))
		goto out;
	for (size_t r = 0; !rc && r < json_array_size(jr); r++) {
		const json_t *row = json_array_get(jr, r);
		if (!json_is_array(row) || json_array_size(row) != (size_t)n) {
			rc = bad(err, name, "tables.%s.rows[%zu]: %s, the columns are %d", t->name, r,
				 json_is_array(row) ? "a row of another length" : "not an array", n);
			break;
		}
		for (int i = 0; i < n; i++) {
			const json_t *c = json_array_get(row, (size_t)pos[i]);
			if (json_is_null(c)) {
				cells[i] = (tm_cell){ NULL, 0 };
			} else if (json_is_string(c)) {
				cells[i] = (tm_cell){ json_string_value(c), json_string_length(c) };
			} else {
				rc = bad(err, name, "tables.%s.rows[%zu][%d] (%s): a string or null is expected", t->name, r,
					 pos[i], t->cols[i]);
				break;
			}
		}
		if (!rc && !(rc = st->ops->copy->put(w, cells, err)))
			(*rows)++;
	}
	int end = st->ops->copy->writer_end(w, rc == 0, rc ? &(tm_error)TM_ERROR_INIT : err);
	if (!rc && (rc = end))
		rc = refused(err, name, t, -1);
	else if (rc && !err->file[0])
		rc = refused(err, name, t, (long long)*rows);
out:
	free(cells);
	free(pos);
	return rc;
}

/* Every table, then the counters, in the open write transaction. */
static int import_doc(tm_store *st, const json_t *doc, const char *name, tm_workspace_import_result *out,
		      tm_error *err)
{
	bool held = false;
	int rc = check_empty(st, &held, err);
	if (rc || (held && (rc = st->ops->copy->clear(st, err))))
		return rc;
	const json_t *tables = json_object_get(doc, "tables"), *counters = json_object_get(doc, "counters");
	for (int i = 0; tm_copy_tables[i].name && out->n < TM_COPY_MAX_TABLES; i++) {
		const tm_copy_table *t = &tm_copy_tables[i];
		if (transient(t) || t->blob >= 0)
			continue;
		int64_t rows = 0;
		if ((rc = write_table(st, t, json_object_get(tables, t->name), name, &rows, err)))
			return rc;
		out->v[out->n++] = (tm_copy_count){ t->name, rows };
	}
	int64_t last[TM_COUNTERS];
	for (int i = 0; i < TM_COUNTERS; i++) {
		const json_t *c = json_object_get(counters, counter_names[i]);
		if (!json_is_integer(c) || json_integer_value(c) < 0)
			return bad(err, name, "counters.%s: a whole number, 0 or more, is expected", counter_names[i]);
		last[i] = json_integer_value(c);
	}
	return st->ops->copy->finish(st, last, err);
}

int tm_app_import_workspace(tm_app *app, const char *name, const char *text, size_t len,
			    tm_workspace_import_result *out, tm_error *err)
{
	tm_store *st = app->st;
	json_error_t jerr;
	memset(out, 0, sizeof(*out));
	if (len > TM_EXPORT_DOC_MAX)
		return bad(err, name, "larger than %zu bytes", TM_EXPORT_DOC_MAX);
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		tm_fail(err, TM_EINVAL, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
		snprintf(err->file, sizeof(err->file), "%s", name);
		err->line = jerr.line;
		err->column = jerr.column;
		return TM_EINVAL;
	}
	int rc = check_header(doc, name, &out->schema, err);
	if (rc)
		goto out;
	if ((rc = st->ops->copy->bulk(st, err)) || (rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = import_doc(st, doc, name, out, err);
	rc = tm_store_finish(st, rc, err);
out:
	json_decref(doc);
	if (rc)
		out->n = 0;
	return rc;
}
