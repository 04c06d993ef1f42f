/*
 * csv.h - comma-separated files as people export them from spreadsheets,
 * parsed by libcsv (RFC 4180 quoting): a UTF-8 byte-order mark at the start
 * and CRLF line ends are accepted; every row is handed over with the line it
 * starts on, so errors can say file:line:column. Pure: text in, rows out.
 */
#ifndef TM_CSV_H
#define TM_CSV_H

#include <stddef.h>

#include "util/error.h"

#define TM_CSV_MAX_FIELDS 512    /* fields per row (Jira repeats its link columns: exports run to hundreds) */
#define TM_CSV_FIELD_MAX 4000    /* bytes per field */

typedef struct tm_csv_row {
	int line;                    /* the line the row starts on, from 1 */
	int n;                       /* fields */
	const char *v[TM_CSV_MAX_FIELDS]; /* NUL-ended, valid until the callback returns */
	size_t len[TM_CSV_MAX_FIELDS];
} tm_csv_row;

/* Called for each row (the header too); a non-zero return stops parsing and is returned. */
typedef int (*tm_csv_fn)(void *arg, const tm_csv_row *row, tm_error *err);

/*
 * Parses text: rows of fields; empty lines are skipped. TM_EINVAL with err->line set and a message
 * "line N: …" for an unterminated quote, a row of more than TM_CSV_MAX_FIELDS fields, a field over
 * TM_CSV_FIELD_MAX bytes, a NUL byte or invalid UTF-8 (err->column: the field, from 1).
 */
int tm_csv_parse(const char *text, size_t len, tm_csv_fn fn, void *arg, tm_error *err);

#endif
