/*
 * row.h - one row of a query's result, read the same way whichever engine
 * answered it. Each backend fills a tm_row_ops for its result type; the
 * mapping of rows to the domain's records (rows.c) is written once and
 * shared by both backends.
 */
#ifndef TM_STORE_ROW_H
#define TM_STORE_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/date.h"

typedef struct tm_row tm_row;

struct tm_row_ops {
	/* The column's text, NULL when it is SQL NULL. */
	const char *(*text)(const tm_row *r, int col);
	/* The column as an integer (0 for NULL). */
	int64_t (*i64)(const tm_row *r, int col);
};

struct tm_row {
	const struct tm_row_ops *ops;
	void *res;   /* the backend's statement or result */
	int row;     /* the row's number in res, where the backend needs one */
};

/* The column's text, NULL when it is SQL NULL. */
static inline const char *tm_row_str(const tm_row *r, int col) { return r->ops->text(r, col); }
static inline int64_t tm_row_i64(const tm_row *r, int col) { return r->ops->i64(r, col); }
static inline int tm_row_int(const tm_row *r, int col) { return (int)r->ops->i64(r, col); }

/* Copies the column's text into out (at most outsz - 1 bytes); "" for NULL. */
static inline void tm_row_text(const tm_row *r, int col, char *out, size_t outsz)
{
	const char *t = r->ops->text(r, col);
	size_t n = t ? strnlen(t, outsz - 1) : 0;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

/* Reads a date column; false when NULL or unparsable. Any four-digit year reads back (a baseline's
 * plan may run past the range tminus takes dates in). */
static inline bool tm_row_date(const tm_row *r, int col, tm_date *out)
{
	const char *t = r->ops->text(r, col);
	return t && tm_date_parse_any(t, out, NULL) == 0;
}

#endif
