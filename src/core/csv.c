/*
 * csv.c - CSV rows with the line each starts on, over libcsv; see csv.h.
 *
 * libcsv reports fields and rows but not where they are, so the text is fed
 * to it one line at a time: when a line is fed while the parser has no row
 * under way, a row that begins now begins on that line (a line of nothing
 * but blanks leaves no row under way: libcsv skips it). A quoted field that
 * spans lines keeps the row under way, so its row keeps the line it began on.
 * libcsv runs in strict mode: a quote in the middle of a field, or one never
 * closed, is an error rather than a guess.
 */
#include "core/csv.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "util/buf.h"

#include "util/banned.h"

/* libcsv's parser states (csv_parser.pstate): no row under way, or inside a field. */
enum { ROW_NOT_BEGUN = 0, FIELD_BEGUN = 2 };

typedef struct parse_state {
	tm_csv_fn fn;
	void *arg;
	tm_error *err;
	int rc;                  /* the first failure: ours or the callback's; parsing stops at it */
	int line;                /* the line being fed, from 1 */
	int row_line;            /* the line the row under way began on */
	int rows;                /* rows handed over so far */
	int nf;                  /* fields of the row under way */
	tm_buf data;             /* the row's fields, each NUL-ended */
	size_t off[TM_CSV_MAX_FIELDS];
	size_t len[TM_CSV_MAX_FIELDS];
} parse_state;

static void fail(parse_state *st, int line, int column, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The first error stops the parse: "line N: what", with err->line and err->column (the field) set. */
static void fail(parse_state *st, int line, int column, const char *fmt, ...)
{
	char what[300];
	va_list ap;
	if (st->rc)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	st->rc = tm_fail(st->err, TM_EINVAL, "line %d: %s", line, what); /* the field: err->column */
	if (st->err) {
		st->err->line = line;
		st->err->column = column;
	}
}

/* Lines a field's text holds after offset `from`: "\r\n", "\n" and a lone "\r" each end one. */
static int lines_after(const char *s, size_t len, size_t from)
{
	int n = 0;
	for (size_t i = from; i < len; i++)
		n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
	return n;
}

static void on_field(void *field, size_t len, void *data)
{
	parse_state *st = data;
	const char *s = field ? field : "";
	if (st->rc)
		return;
	int column = st->nf + 1;
	if (st->nf >= TM_CSV_MAX_FIELDS) {
		fail(st, st->row_line, column, "too many fields: at most %d in a row", TM_CSV_MAX_FIELDS);
		return;
	}
	if (len > TM_CSV_FIELD_MAX) {
		fail(st, st->line - lines_after(s, len, 0), column, "a field is too long: at most %d bytes", TM_CSV_FIELD_MAX);
		return;
	}
	const char *nul = memchr(s, '\0', len);
	if (nul) {
		fail(st, st->line - lines_after(s, len, (size_t)(nul - s)), column, "a NUL byte: this is not a text file");
		return;
	}
	size_t bad = 0;
	if (!tm_utf8_valid(s, len, &bad)) {
		fail(st, st->line - lines_after(s, len, bad), column, "invalid UTF-8: save the file as UTF-8");
		return;
	}
	st->off[st->nf] = st->data.len;
	st->len[st->nf] = len;
	tm_buf_add(&st->data, s, len);
	tm_buf_addc(&st->data, '\0');
	st->nf++;
}

static void on_row(int c, void *data)
{
	parse_state *st = data;
	(void)c;
	if (st->rc)
		return;
	tm_csv_row row;
	row.line = st->row_line;
	row.n = st->nf;
	for (int i = 0; i < st->nf; i++) {
		row.v[i] = st->data.s + st->off[i];
		row.len[i] = st->len[i];
	}
	st->rc = st->fn(st->arg, &row, st->err);
	st->rows++;
	st->nf = 0;
	tm_buf_reset(&st->data);
}

/* The length of the line at s: up to and with its "\n", "\r\n" or lone "\r", or to the end. */
static size_t line_length(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r')
			return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return len;
}

int tm_csv_parse(const char *text, size_t len, tm_csv_fn fn, void *arg, tm_error *err)
{
	struct csv_parser p;
	parse_state st = { .fn = fn, .arg = arg, .err = err, .line = 0, .data = TM_BUF_INIT };
	int open_line = 0, open_row = -1, open_field = -1;
	bool inited = false;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		st.rc = tm_fail(err, TM_EINTERNAL, "cannot start the CSV parser");
		goto out;
	}
	inited = true;
	csv_set_realloc_func(&p, tm_mem_realloc); /* a failure sets the thread's flag (util/mem.h) */
	csv_set_free_func(&p, free);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* a spreadsheet's byte-order mark */
		text += 3;
		len -= 3;
	}
	for (size_t at = 0; at < len && !st.rc;) {
		size_t n = line_length(text + at, len - at);
		st.line++;
		if (p.pstate == ROW_NOT_BEGUN)
			st.row_line = st.line;
		if (csv_parse(&p, text + at, n, on_field, on_row, &st) != n && !st.rc) {
			if (csv_error(&p) == CSV_EPARSE)
				fail(&st, st.line, st.nf + 1,
				     "a quote in the middle of a field: quote the whole field and double its quotes (\"say \"\"hi\"\"\")");
			else
				st.rc = tm_fail(err, TM_EINTERNAL, "line %d: %s", st.line, csv_strerror(csv_error(&p)));
		}
		/* Where a quoted field left open at the end of a line began, for the error if it never closes. */
		if (p.pstate == FIELD_BEGUN && p.quoted && (open_row != st.rows || open_field != st.nf)) {
			open_line = st.line;
			open_row = st.rows;
			open_field = st.nf;
		}
		at += n;
	}
	if (!st.rc && csv_fini(&p, on_field, on_row, &st) != 0 && !st.rc) {
		if (csv_error(&p) == CSV_EPARSE)
			fail(&st, open_line ? open_line : st.line, st.nf + 1,
			     "a quote that is never closed: the field runs to the end of the file");
		else
			st.rc = tm_fail(err, TM_EINTERNAL, "%s", csv_strerror(csv_error(&p)));
	}
out:
	if (inited)
		csv_free(&p);
	tm_buf_release(&st.data);
	return st.rc;
}
