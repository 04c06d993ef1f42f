/*
 * export.c - the workspace as one JSON document and back, and a launch's
 * tasks as CSV (app/export.h).
 *
 * The workspace document is written here, row by row as the store reads
 * them, straight into a buffer handed to the caller a megabyte at a time:
 * a 10,000-launch workspace is half a million rows, and a jansson tree of
 * it would cost an allocation per cell. Rows go one to a line (["1", "Ana",
 * null]) so that the document stays readable and diffable without the
 * indentation of every cell. Reading it back is import_workspace.c's.
 */
#include <stdio.h>
#include <string.h>

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
		if (!tm_export_carries(t))
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
		tm_buf_printf(&o.b, "%s\n    \"%s\": %lld", i ? "," : "", tm_export_counter_names[i], (long long)last[i]);
	tm_buf_adds(&o.b, "\n  }");
	/* The feed key travels too (made now if the workspace has none yet, as `feed show` makes it), so that
	 * feed addresses are the same after the move. */
	unsigned char key[32];
	if ((rc = st->ops->settings->feed_key(st, key, err)))
		goto out;
	tm_buf_adds(&o.b, ",\n  \"feed_key\": \"");
	for (size_t i = 0; i < sizeof(key); i++)
		tm_buf_printf(&o.b, "%02x", key[i]);
	tm_buf_adds(&o.b, "\"\n}\n");
	memset(key, 0, sizeof(key));
	rc = flush(&o, true, err);
out:
	st->ops->tx->rollback(st);
	tm_buf_release(&o.b);
	return rc;
}
