/*
 * table.h - aligned text tables for people (the CLI's default output).
 * Cells are copied; widths are display columns (a CJK character or an emoji
 * takes two, a combining accent none); the header is bold when
 * colour is on. Columns whose header starts with '>' are right-aligned.
 */
#ifndef TM_RENDER_TABLE_H
#define TM_RENDER_TABLE_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/vec.h"

#define TM_TABLE_MAX_COLS 12

/* Where a cell's text is in the table's one buffer, and how wide it shows. */
typedef struct tm_table_cell {
	size_t at;               /* offset in tm_table.text */
	int len;                 /* bytes */
	int width;               /* display width (code points) */
} tm_table_cell;

typedef struct tm_table {
	int ncols;
	const char *headers[TM_TABLE_MAX_COLS];
	tm_buf text;             /* every cell's text, one after another: one allocation, not one per cell */
	TM_VEC(tm_table_cell) cells; /* row-major, ncols per row */
	int width[TM_TABLE_MAX_COLS]; /* widest cell (or header) per column */
} tm_table;

/* headers: a NULL-terminated list. */
void tm_table_init(tm_table *t, const char *const *headers);
/* Makes room for rows more rows of about bytes bytes each, so a long table is not copied as it grows. */
void tm_table_reserve(tm_table *t, size_t rows, size_t bytes);
/* Adds a row of ncols cells (NULL or "" shows as "-", or as nothing in a column with an empty header). */
void tm_table_row(tm_table *t, const char *const *cells);
void tm_table_render(const tm_table *t, tm_buf *out, bool color);
void tm_table_release(tm_table *t);

/* ANSI styles, empty when colour is off. */
const char *tm_style_bold(bool color);
const char *tm_style_dim(bool color);
const char *tm_style_red(bool color);
const char *tm_style_green(bool color);
const char *tm_style_reset(bool color);

#endif
