/*
 * import_workspace.c - a workspace document (export.c's) read back into an
 * empty workspace through the copy writer that `tminus copy` uses, so the
 * rows land exactly as a copy would land them, in one transaction.
 *
 * The document is read as it goes, not as one jansson tree: a 10,000-launch
 * workspace is 60 MiB of JSON and 640,000 rows, which as a tree took ten
 * times its size in memory. The reader below walks only the document's
 * frame (its objects' braces, colons and commas, and the rows' array) and
 * hands each value it meets, a member name, a header field, the column list
 * or one row, to jansson whole, which parses and checks it; a syntax error
 * anywhere is still jansson's message at the document's own line and column.
 * Each row is written as soon as it is read, so the tables must come in the
 * order the export writes them (each after the tables it refers to).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/export.h"
#include "store/store.h"

#include "util/banned.h"

/* The schema both engines are at (store/sqlite_schema.c: the number of migrations). */
extern const int tm_sqlite_n_migrations;

typedef struct reader {
	const char *text;
	size_t len, pos;
	const char *name;            /* the document, in messages */
	tm_error *err;
} reader;

/* TM_EINVAL "NAME: WHAT", the file named in err. */
static int bad(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(reader *r, const char *fmt, ...)
{
	char why[450];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	tm_fail(r->err, TM_EINVAL, "%s: %s", r->name, why);
	snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
	return TM_EINVAL;
}

/* The line and column (from 1, in characters as jansson counts them) of byte at. */
static void where(const reader *r, size_t at, int *line, int *column)
{
	*line = 1;
	*column = 0;
	for (size_t i = 0; i < at && i < r->len; i++) {
		unsigned char c = (unsigned char)r->text[i];
		if (c == '\n') {
			(*line)++;
			*column = 0;
		} else if ((c & 0xC0) != 0x80) {
			(*column)++;
		}
	}
	(*column)++;
}

/* A syntax error at line:column: "NAME:LINE:COLUMN: WHAT". */
static int syntax_at(reader *r, int line, int column, const char *why)
{
	tm_fail(r->err, TM_EINVAL, "%s:%d:%d: %s", r->name, line, column, why);
	snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
	r->err->line = line;
	r->err->column = column;
	return TM_EINVAL;
}

static int syntax(reader *r, size_t at, const char *why)
{
	int line, column;
	where(r, at, &line, &column);
	return syntax_at(r, line, column, why);
}

static void skip_ws(reader *r)
{
	while (r->pos < r->len && strchr(" \t\r\n", r->text[r->pos]) && r->text[r->pos])
		r->pos++;
}

/* Skips the punctuation c (after blanks), else a syntax error naming what was expected. */
static int expect(reader *r, char c, const char *what)
{
	skip_ws(r);
	if (r->pos < r->len && r->text[r->pos] == c) {
		r->pos++;
		return 0;
	}
	char why[120];
	snprintf(why, sizeof(why), "'%c' expected %s", c, what);
	return syntax(r, r->pos, r->pos < r->len ? why : "the document ends too early");
}

/* Is the next character (after blanks) c? Skips it when it is. */
static bool next_is(reader *r, char c)
{
	skip_ws(r);
	if (r->pos < r->len && r->text[r->pos] == c) {
		r->pos++;
		return true;
	}
	return false;
}

/* Where the value starting at from ends: a string to its closing quote, an array or object to its closing
 * bracket (strings inside skipped whole), anything else to the next blank or punctuation. jansson checks
 * what is inside. */
static size_t value_end(const reader *r, size_t from)
{
	size_t i = from;
	int depth = 0;
	bool in_str = false;
	if (i < r->len && r->text[i] != '"' && r->text[i] != '[' && r->text[i] != '{') {
		while (i < r->len && !strchr(" \t\r\n,:]}", r->text[i]))
			i++;
		return i;
	}
	for (; i < r->len; i++) {
		char c = r->text[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			else
				continue;
			if (!in_str && !depth)
				return i + 1;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '[' || c == '{')
			depth++;
		else if ((c == ']' || c == '}') && --depth == 0)
			return i + 1;
	}
	return r->len;
}

/* The next value (after blanks), parsed by jansson: a new reference in *out. */
static int read_value(reader *r, json_t **out)
{
	skip_ws(r);
	size_t start = r->pos, end = value_end(r, start);
	json_error_t jerr;
	if (end == start) {
		char why[40];
		if (start >= r->len)
			return syntax(r, start, "the document ends too early");
		unsigned char c = (unsigned char)r->text[start];
		if (c > ' ' && c < 0x7f)
			snprintf(why, sizeof(why), "a value expected, not '%c'", c);
		else
			snprintf(why, sizeof(why), "a value expected");
		return syntax(r, start, why);
	}
	*out = json_loadb(r->text + start, end - start, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		int line, column;
		where(r, start, &line, &column);
		if (jerr.line > 1)
			column = jerr.column;
		else
			column += jerr.column > 0 ? jerr.column - 1 : 0;
		return syntax_at(r, line + (jerr.line > 1 ? jerr.line - 1 : 0), column, jerr.text);
	}
	r->pos = end;
	return 0;
}

/* The next member's name and its colon: a member name of at most n - 1 bytes in out. */
static int read_key(reader *r, char *out, size_t n)
{
	json_t *k = NULL;
	skip_ws(r);
	size_t at = r->pos;
	int rc = read_value(r, &k);
	if (rc)
		return rc;
	if (!json_is_string(k) || json_string_length(k) >= n) {
		const char *why = json_is_string(k) ? "a member name too long" : "a member name (a string) expected";
		json_decref(k);
		return syntax(r, at, why);
	}
	snprintf(out, n, "%s", json_string_value(k));
	json_decref(k);
	return expect(r, ':', "after a member name");
}

/* After a member or element: ',' (true: another follows) or the closing bracket (false). */
static int more(reader *r, char close, bool *again)
{
	skip_ws(r);
	if (next_is(r, ',')) {
		*again = true;
		return 0;
	}
	*again = false;
	char what[64];
	snprintf(what, sizeof(what), "(or ',') to close the %s", close == '}' ? "object" : "array");
	return expect(r, close, what);
}

/* ---- what the frame holds ---- */

bool tm_export_carries(const struct tm_copy_table *t)
{
	/* Not what a server keeps for a while (sessions, idempotency keys, sign-in attempts): the blob column's
	 * table is one of them. */
	return t->blob < 0 && strcmp(t->name, "sessions") && strcmp(t->name, "idempotency") &&
	       strcmp(t->name, "signin_attempts");
}

const char *const tm_export_counter_names[TM_COUNTERS] = { "launches", "tasks", "users", "tokens", "audit" };


/* The tables a workspace may hold rows of and still take a document: its accounts and what a server
 * keeps for a while (an admin imports into a new server through the API). */
static bool replaceable(const tm_copy_table *t)
{
	return !tm_export_carries(t) || !strcmp(t->name, "users") || !strcmp(t->name, "tokens") ||
	       !strcmp(t->name, "audit");
}

/* Refuses a workspace that holds anything beyond replaceable tables; *held: it holds a row anywhere. */
static int check_empty(tm_store *st, bool *held, tm_error *err)
{
	char what[300];
	int rc = tm_copy_held(st, replaceable, held, what, sizeof(what), err);
	if (rc)
		return rc;
	if (what[0])
		return tm_fail(err, TM_ECONFLICT,
			       "the workspace is not empty (%s): a workspace document goes into a new workspace only", what);
	return 0;
}

/* The header read so far (tminus, format, schema): the document is one tminus reads. */
static int check_header(reader *r, const json_t *h, int *schema)
{
	const char *kind = json_string_value(json_object_get(h, "tminus"));
	json_t *f = json_object_get(h, "format"), *s = json_object_get(h, "schema");
	if (!kind || strcmp(kind, "workspace"))
		return bad(r, "not a workspace document: \"tminus\" must be \"workspace\" (made by tminus export --all "
			      "--format json), before \"tables\"");
	if (!json_is_integer(f) || json_integer_value(f) != TM_EXPORT_FORMAT)
		return bad(r, "\"format\" must be %d, the only format this tminus reads, before \"tables\"", TM_EXPORT_FORMAT);
	if (!json_is_integer(s))
		return bad(r, "\"schema\" must be an integer, before \"tables\"");
	if (json_integer_value(s) != tm_sqlite_n_migrations)
		return bad(r, "schema %lld: this tminus reads workspace documents of schema %d (export it again with this "
			      "version)", (long long)json_integer_value(s), tm_sqlite_n_migrations);
	*schema = tm_sqlite_n_migrations;
	return 0;
}

/* pos[i]: where table t's column i is in the document's columns jc. */
static int map_columns(reader *r, const tm_copy_table *t, const json_t *jc, int *pos)
{
	int n = tm_copy_ncols(t);
	if (!json_is_array(jc))
		return bad(r, "tables.%s.columns: an array of column names is expected", t->name);
	for (int i = 0; i < n; i++)
		pos[i] = -1;
	for (size_t j = 0; j < json_array_size(jc); j++) {
		const char *c = json_string_value(json_array_get(jc, j));
		if (!c)
			return bad(r, "tables.%s.columns[%zu]: a column name (a string) is expected", t->name, j);
		int i = 0;
		while (i < n && strcmp(t->cols[i], c))
			i++;
		if (i == n && strlen(c) > 64)
			return bad(r, "tables.%s.columns[%zu]: unknown column (a name of %zu bytes)", t->name, j, strlen(c));
		if (i == n)
			return bad(r, "tables.%s.columns[%zu]: unknown column '%s'", t->name, j, c);
		if (pos[i] >= 0)
			return bad(r, "tables.%s.columns[%zu]: column '%s' twice", t->name, j, c);
		pos[i] = (int)j;
	}
	for (int i = 0; i < n; i++)
		if (pos[i] < 0)
			return bad(r, "tables.%s.columns: column '%s' is missing", t->name, t->cols[i]);
	return 0;
}

/*
 * The store refused a row of table t (a broken reference, a key twice): the document is malformed, TM_EINVAL
 * naming the table and the row (row -1: one of the rows written last, which an engine writes in batches),
 * unless the workspace itself failed (busy, read-only, unreachable, a full disk), which keeps its code.
 */
static int refused(reader *r, const tm_copy_table *t, long long row)
{
	int code = r->err->code;
	char was[sizeof(r->err->msg)];
	snprintf(was, sizeof(was), "%s", r->err->msg);
	if (code == TM_EBUSY || code == TM_EREADONLY || code == TM_ERETRY || code == TM_EUNREACHABLE || code == TM_EIO)
		return code;
	if (row >= 0)
		return bad(r, "tables.%s.rows[%lld]: %s", t->name, row, was);
	return bad(r, "tables.%s: %s", t->name, was);
}

/* One row (the cells in the document's column order) through the writer. */
static int put_row(reader *r, tm_store *st, tm_copy_writer *w, const tm_copy_table *t, const int *pos, int n,
		   tm_cell *cells, const json_t *row, long long i)
{
	if (!json_is_array(row) || json_array_size(row) != (size_t)n)
		return bad(r, "tables.%s.rows[%lld]: %s, the columns are %d", t->name, i,
			   json_is_array(row) ? "a row of another length" : "not an array", n);
	for (int k = 0; k < n; k++) {
		const json_t *c = json_array_get(row, (size_t)pos[k]);
		if (json_is_null(c))
			cells[k] = (tm_cell){ NULL, 0 };
		else if (json_is_string(c))
			cells[k] = (tm_cell){ json_string_value(c), json_string_length(c) };
		else
			return bad(r, "tables.%s.rows[%lld][%d] (%s): a string or null is expected", t->name, i, pos[k],
				   t->cols[k]);
	}
	int rc = st->ops->copy->put(w, cells, r->err);
	return rc ? refused(r, t, i) : 0;
}

/* The rows array of table t, each row written as it is read; pos: the document's columns. */
static int read_rows(reader *r, tm_store *st, const tm_copy_table *t, const int *pos, int64_t *rows)
{
	int n = tm_copy_ncols(t), rc = 0;
	tm_cell *cells = tm_xcalloc((size_t)n, sizeof(*cells));
	tm_copy_writer *w = NULL;
	skip_ws(r);
	if (r->pos >= r->len || r->text[r->pos] != '[') {
		free(cells);
		return bad(r, "tables.%s.rows: an array of rows is expected", t->name);
	}
	r->pos++;
	if ((rc = st->ops->copy->writer(st, t, &w, r->err))) {
		free(cells);
		return rc;
	}
	bool again = !next_is(r, ']');
	while (!rc && again) {
		json_t *row = NULL;
		if (!(rc = read_value(r, &row)) && !(rc = put_row(r, st, w, t, pos, n, cells, row, (long long)*rows)))
			(*rows)++;
		json_decref(row);
		if (!rc)
			rc = more(r, ']', &again);
	}
	int end = st->ops->copy->writer_end(w, rc == 0, rc ? &(tm_error)TM_ERROR_INIT : r->err);
	if (!rc && end)
		rc = refused(r, t, -1);
	free(cells);
	return rc;
}

/* One table's object: its columns, then its rows. */
static int read_table(reader *r, tm_store *st, const tm_copy_table *t, int64_t *rows)
{
	int n = tm_copy_ncols(t), rc = 0;
	int *pos = tm_xcalloc((size_t)n, sizeof(*pos));
	bool columns = false, done = false, again = true;
	char key[64];
	*rows = 0;
	if ((rc = expect(r, '{', "to open a table")))
		goto out;
	if (next_is(r, '}'))
		again = false;
	while (!rc && again) {
		if ((rc = read_key(r, key, sizeof(key))))
			break;
		if (!strcmp(key, "columns") && !columns) {
			json_t *jc = NULL;
			if (!(rc = read_value(r, &jc)))
				rc = map_columns(r, t, jc, pos);
			json_decref(jc);
			columns = true;
		} else if (!strcmp(key, "rows") && columns && !done) {
			rc = read_rows(r, st, t, pos, rows);
			done = true;
		} else if (!strcmp(key, "rows") && !columns) {
			rc = bad(r, "tables.%s.rows: its \"columns\" come first", t->name);
		} else {
			rc = bad(r, "tables.%s.%s: %s", t->name, key,
				 !strcmp(key, "columns") || !strcmp(key, "rows") ? "given twice" : "unknown member");
		}
		if (!rc)
			rc = more(r, '}', &again);
	}
	if (!rc && !done)
		rc = bad(r, "tables.%s.%s is missing", t->name, columns ? "rows" : "columns");
out:
	free(pos);
	return rc;
}

/* The "tables" object: every table a document carries, in the export's order. */
static int read_tables(reader *r, tm_store *st, tm_workspace_import_result *out)
{
	int next = 0, rc = expect(r, '{', "to open \"tables\"");
	bool again = !rc && !next_is(r, '}');
	char key[64];
	while (!rc && again) {
		if ((rc = read_key(r, key, sizeof(key))))
			return rc;
		int i = 0;
		while (tm_copy_tables[i].name && strcmp(tm_copy_tables[i].name, key))
			i++;
		if (!tm_copy_tables[i].name || !tm_export_carries(&tm_copy_tables[i]))
			return bad(r, "tables.%s: not a table of a workspace document", key);
		if (i < next)
			return bad(r, "tables.%s: out of order or twice (a document lists its tables in the order tminus "
				      "exports them, each after the tables it refers to)", key);
		for (int k = next; k < i; k++)
			if (tm_export_carries(&tm_copy_tables[k]))
				return bad(r, "tables.%s is missing (before tables.%s)", tm_copy_tables[k].name, key);
		int64_t rows = 0;
		if ((rc = read_table(r, st, &tm_copy_tables[i], &rows)))
			return rc;
		if (out->n < TM_COPY_MAX_TABLES)
			out->v[out->n++] = (tm_copy_count){ tm_copy_tables[i].name, rows };
		next = i + 1;
		rc = more(r, '}', &again);
	}
	for (int k = next; !rc && tm_copy_tables[k].name; k++)
		if (tm_export_carries(&tm_copy_tables[k]))
			return bad(r, "tables.%s is missing", tm_copy_tables[k].name);
	return rc;
}

static int read_counters(reader *r, const json_t *c, int64_t last[TM_COUNTERS])
{
	if (!json_is_object(c))
		return bad(r, "\"counters\" must be an object");
	for (int i = 0; i < TM_COUNTERS; i++) {
		const json_t *v = json_object_get(c, tm_export_counter_names[i]);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return bad(r, "counters.%s: a whole number, 0 or more, is expected", tm_export_counter_names[i]);
		last[i] = json_integer_value(v);
	}
	return 0;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "feed_key": the workspace's feed key as 64 hexadecimal digits (optional: a workspace without one). */
static int set_feed_key(reader *r, tm_store *st, const json_t *v)
{
	const char *hex = json_is_string(v) ? json_string_value(v) : NULL;
	unsigned char key[32];
	if (!hex || strlen(hex) != 2 * sizeof(key))
		return bad(r, "feed_key: 64 hexadecimal digits are expected");
	for (size_t i = 0; i < sizeof(key); i++) {
		int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return bad(r, "feed_key: 64 hexadecimal digits are expected");
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	int rc = st->ops->copy->feed_key_set(st, key, r->err);
	memset(key, 0, sizeof(key));
	return rc;
}

/*
 * The whole document; the write transaction begins when "tables" does (the header read and checked) and
 * *open says so.
 */
static int read_doc(reader *r, tm_store *st, tm_workspace_import_result *out, bool *open)
{
	json_t *header = json_object(), *counters = NULL, *feed_key = NULL;
	bool tables = false, again = true;
	char key[64];
	int rc = 0;
	skip_ws(r);
	if (r->pos < r->len && r->text[r->pos] != '{') {
		json_t *v = NULL;
		rc = read_value(r, &v);  /* a syntax error, else the wrong kind of document */
		json_decref(v);
		if (!rc)
			rc = bad(r, "not a workspace document: a JSON object is expected");
		goto out;
	}
	if ((rc = expect(r, '{', "to open the document")))
		goto out;
	if (next_is(r, '}'))
		again = false;
	while (!rc && again) {
		if ((rc = read_key(r, key, sizeof(key))))
			break;
		if (json_object_get(header, key) || (tables && !strcmp(key, "tables")) ||
		    (counters && !strcmp(key, "counters"))) {
			rc = bad(r, "\"%s\" given twice", key);
		} else if (!strcmp(key, "tminus") || !strcmp(key, "format") || !strcmp(key, "schema")) {
			json_t *v = NULL;
			if (!(rc = read_value(r, &v)))
				json_object_set_new(header, key, v);
		} else if (!strcmp(key, "tables")) {
			bool held = false;
			tables = true;
			if ((rc = check_header(r, header, &out->schema)) || (rc = st->ops->copy->bulk(st, r->err)) ||
			    (rc = st->ops->tx->begin(st, true, r->err)))
				break;
			*open = true;
			if (!(rc = check_empty(st, &held, r->err)) && (!held || !(rc = st->ops->copy->clear(st, r->err))))
				rc = read_tables(r, st, out);
		} else if (!strcmp(key, "counters")) {
			rc = read_value(r, &counters);
		} else if (!strcmp(key, "feed_key") && !feed_key) {
			rc = read_value(r, &feed_key);
		} else if (!strcmp(key, "feed_key")) {
			rc = bad(r, "\"feed_key\" given twice");
		} else {
			rc = bad(r, "\"%s\": not a member of a workspace document", key);
		}
		if (!rc)
			rc = more(r, '}', &again);
	}
	skip_ws(r);
	if (!rc && r->pos < r->len)
		rc = syntax(r, r->pos, "end of file expected");
	if (!rc && !tables && !(rc = check_header(r, header, &out->schema)))
		rc = bad(r, "\"tables\" is missing");
	int64_t last[TM_COUNTERS];
	if (!rc && !counters)
		rc = bad(r, "\"counters\" is missing");
	if (!rc && !(rc = read_counters(r, counters, last)))
		rc = st->ops->copy->finish(st, last, r->err);
	if (!rc && feed_key)
		rc = set_feed_key(r, st, feed_key);
out:
	json_decref(header);
	json_decref(counters);
	json_decref(feed_key);
	return rc;
}

int tm_app_import_workspace(tm_app *app, const char *name, const char *text, size_t len,
			    tm_workspace_import_result *out, tm_error *err)
{
	tm_store *st = app->st;
	reader r = { text, len, 0, name, err };
	bool open = false;
	memset(out, 0, sizeof(*out));
	if (len > TM_EXPORT_DOC_MAX)
		return bad(&r, "larger than %zu bytes", TM_EXPORT_DOC_MAX);
	if (memchr(text, '\0', len)) {
		size_t at = (size_t)((const char *)memchr(text, '\0', len) - text);
		return syntax(&r, at, "a NUL byte: not a JSON text");
	}
	int rc = read_doc(&r, st, out, &open);
	if (open)
		rc = tm_store_finish(st, rc, err);
	if (rc)
		out->n = 0;
	return rc;
}
