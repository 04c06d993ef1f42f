/*
 * fuzz_csv.c - the CSV reader (tm_csv_parse over libcsv) on arbitrary bytes:
 * it hands over rows or names the line of the first thing it could not read.
 * Every row starts on a later line than the one before, holds 1 to
 * TM_CSV_MAX_FIELDS fields of valid UTF-8 within TM_CSV_FIELD_MAX bytes, and
 * the rows written back as fully quoted CSV read back to the same fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/model.h"
#include "util/buf.h"

#include "util/banned.h"

typedef struct rows {
	tm_buf quoted;               /* the rows written back, every field quoted */
	tm_buf flat;                 /* the fields, each with its length, to compare */
	int last_line;
	int n;
} rows;

static int take(void *arg, const tm_csv_row *row, tm_error *err)
{
	rows *r = arg;
	(void)err;
	if (row->line <= r->last_line || row->n < 1 || row->n > TM_CSV_MAX_FIELDS)
		abort();
	r->last_line = row->line;
	r->n++;
	for (int i = 0; i < row->n; i++) {
		if (row->len[i] > TM_CSV_FIELD_MAX || strlen(row->v[i]) != row->len[i] ||
		    !tm_utf8_valid(row->v[i], row->len[i], NULL))
			abort();
		if (i)
			tm_buf_addc(&r->quoted, ',');
		tm_buf_addc(&r->quoted, '"');
		for (size_t k = 0; k < row->len[i]; k++) {
			if (row->v[i][k] == '"')
				tm_buf_addc(&r->quoted, '"');
			tm_buf_addc(&r->quoted, row->v[i][k]);
		}
		tm_buf_addc(&r->quoted, '"');
		tm_buf_add(&r->flat, &row->len[i], sizeof(row->len[i]));
		tm_buf_add(&r->flat, row->v[i], row->len[i]);
	}
	tm_buf_add(&r->quoted, "\r\n", 2);
	tm_buf_add(&r->flat, "\n", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rows a = { TM_BUF_INIT, TM_BUF_INIT, 0, 0 }, b = { TM_BUF_INIT, TM_BUF_INIT, 0, 0 };
	tm_error err = TM_ERROR_INIT;
	if (size > 256 * 1024)
		return 0;
	if (tm_csv_parse((const char *)data, size, take, &a, &err) != 0) {
		if (!err.msg[0] || err.line < 1 || err.column < 1 || strncmp(err.msg, "line ", 5))
			abort();
		goto out;
	}
	if (tm_csv_parse(a.quoted.s, a.quoted.len, take, &b, &err) != 0 || a.n != b.n || a.flat.len != b.flat.len ||
	    memcmp(a.flat.s, b.flat.s, a.flat.len) != 0)
		abort();
out:
	tm_buf_release(&a.quoted);
	tm_buf_release(&a.flat);
	tm_buf_release(&b.quoted);
	tm_buf_release(&b.flat);
	return 0;
}
