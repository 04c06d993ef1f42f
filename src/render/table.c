/* table.c - aligned text tables; see table.h. */
#include "render/table.h"

#include <stdlib.h>
#include <string.h>

void tm_table_init(tm_table *t, const char *const *headers)
{
	memset(t, 0, sizeof(*t));
	while (headers[t->ncols] && t->ncols < TM_TABLE_MAX_COLS) {
		t->headers[t->ncols] = headers[t->ncols];
		t->ncols++;
	}
}

void tm_table_row(tm_table *t, const char *const *cells)
{
	for (int i = 0; i < t->ncols; i++)
		*TM_VEC_PUSH(&t->cells) = tm_xstrdup(cells[i] && *cells[i] ? cells[i] : "-");
}

void tm_table_render(const tm_table *t, tm_buf *out, bool color)
{
	int width[TM_TABLE_MAX_COLS];
	size_t rows = t->ncols ? t->cells.n / (size_t)t->ncols : 0;
	for (int c = 0; c < t->ncols; c++) {
		const char *h = t->headers[c][0] == '>' ? t->headers[c] + 1 : t->headers[c];
		width[c] = tm_utf8_width(h);
		for (size_t r = 0; r < rows; r++) {
			int w = tm_utf8_width(t->cells.v[r * (size_t)t->ncols + (size_t)c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t r = 0; r <= rows; r++) {
		if (r == 0)
			tm_buf_adds(out, tm_style_bold(color));
		for (int c = 0; c < t->ncols; c++) {
			bool right = t->headers[c][0] == '>';
			const char *cell = r == 0 ? t->headers[c] + right : t->cells.v[(r - 1) * (size_t)t->ncols + (size_t)c];
			bool last = c == t->ncols - 1;
			if (c)
				tm_buf_adds(out, "  ");
			if (right) {
				for (int w = tm_utf8_width(cell); w < width[c]; w++)
					tm_buf_addc(out, ' ');
				tm_buf_adds(out, cell);
			} else if (last) {
				tm_buf_adds(out, cell);
			} else {
				tm_buf_pad(out, cell, width[c]);
			}
		}
		if (r == 0)
			tm_buf_adds(out, tm_style_reset(color));
		tm_buf_addc(out, '\n');
	}
}

void tm_table_release(tm_table *t)
{
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	TM_VEC_FREE(&t->cells);
}

const char *tm_style_bold(bool color) { return color ? "\033[1m" : ""; }
const char *tm_style_dim(bool color) { return color ? "\033[2m" : ""; }
const char *tm_style_red(bool color) { return color ? "\033[31m" : ""; }
const char *tm_style_green(bool color) { return color ? "\033[32m" : ""; }
const char *tm_style_reset(bool color) { return color ? "\033[0m" : ""; }
