/* table.c - aligned text tables; see table.h. */
#include "render/table.h"

#include <stdlib.h>
#include <string.h>

void tm_table_init(tm_table *t, const char *const *headers)
{
	memset(t, 0, sizeof(*t));
	while (headers[t->ncols] && t->ncols < TM_TABLE_MAX_COLS) {
		const char *h = headers[t->ncols];
		t->headers[t->ncols] = h;
		t->width[t->ncols] = tm_utf8_width(h[0] == '>' ? h + 1 : h);
		t->ncols++;
	}
}

void tm_table_row(tm_table *t, const char *const *cells)
{
	for (int i = 0; i < t->ncols; i++) {
		/* An empty cell shows "-", except in an untitled column (notes, flags). */
		const char *c = cells[i] && *cells[i] ? cells[i] : t->headers[i][0] ? "-" : "";
		int w = tm_utf8_width(c);
		*TM_VEC_PUSH(&t->cells) = tm_xstrdup(c);
		*TM_VEC_PUSH(&t->widths) = w;
		if (w > t->width[i])
			t->width[i] = w;
	}
}

/* Spaces to fill a cell of display width w to the column's width. */
static void pad(tm_buf *out, int w, int width)
{
	static const char spaces[] = "                                                                ";
	while (w < width) {
		int n = width - w < 64 ? width - w : 64;
		tm_buf_add(out, spaces, (size_t)n);
		w += n;
	}
}

void tm_table_render(const tm_table *t, tm_buf *out, bool color)
{
	size_t rows = t->ncols ? t->cells.n / (size_t)t->ncols : 0;
	tm_buf_grow(out, (rows + 1) * 16 * (size_t)t->ncols);
	for (size_t r = 0; r <= rows; r++) {
		if (r == 0)
			tm_buf_adds(out, tm_style_bold(color));
		for (int c = 0; c < t->ncols; c++) {
			bool right = t->headers[c][0] == '>';
			size_t k = (r - 1) * (size_t)t->ncols + (size_t)c;
			const char *cell = r == 0 ? t->headers[c] + right : t->cells.v[k];
			int w = r == 0 ? tm_utf8_width(cell) : t->widths.v[k];
			if (c)
				tm_buf_add(out, "  ", 2);
			if (right)
				pad(out, w, t->width[c]);
			tm_buf_adds(out, cell);
			if (!right && c < t->ncols - 1)
				pad(out, w, t->width[c]);
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
	TM_VEC_FREE(&t->widths);
}

const char *tm_style_bold(bool color) { return color ? "\033[1m" : ""; }
const char *tm_style_dim(bool color) { return color ? "\033[2m" : ""; }
const char *tm_style_red(bool color) { return color ? "\033[31m" : ""; }
const char *tm_style_green(bool color) { return color ? "\033[32m" : ""; }
const char *tm_style_reset(bool color) { return color ? "\033[0m" : ""; }
