/* table.c - aligned text tables; see table.h. */
#include "render/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

void tm_table_init(tm_table *t, const char *const *headers)
{
	memset(t, 0, sizeof(*t));
	tm_buf_init(&t->text);
	while (headers[t->ncols] && t->ncols < TM_TABLE_MAX_COLS) {
		const char *h = headers[t->ncols];
		t->headers[t->ncols] = h;
		t->width[t->ncols] = tm_utf8_width(h[0] == '>' ? h + 1 : h);
		t->ncols++;
	}
}

void tm_table_reserve(tm_table *t, size_t rows, size_t bytes)
{
	TM_VEC_GROW(&t->cells, t->cells.n + rows * (size_t)t->ncols);
	tm_buf_grow(&t->text, rows * bytes);
}

void tm_table_row(tm_table *t, const char *const *cells)
{
	TM_VEC_GROW(&t->cells, t->cells.n + (size_t)t->ncols);
	for (int i = 0; i < t->ncols; i++) {
		/* An empty cell shows "-", except in an untitled column (notes, flags). */
		const char *c = cells[i] && *cells[i] ? cells[i] : t->headers[i][0] ? "-" : "";
		/* ASCII is as wide as it is long (a loop the compiler vectorises); anything else is
		 * measured on the screen (wide CJK characters and emoji take two columns). */
		size_t len = strlen(c), high = 0;
		for (size_t k = 0; k < len; k++)
			high += (unsigned char)c[k] >= 0x80;
		int w = high ? tm_utf8_width(c) : (int)len;
		tm_table_cell *cell = &t->cells.v[t->cells.n++];
		cell->at = t->text.len;
		cell->len = (int)len;
		cell->width = w;
		tm_buf_add(&t->text, c, len);
		if (w > t->width[i])
			t->width[i] = w;
	}
}

/* tm_buf_add for the render loop, which reserves room first: most pieces are a few bytes,
 * and a call per piece was an eighth of printing 10,000 launches. */
static inline void put(tm_buf *out, const char *s, size_t n)
{
	if (out->len + n < out->cap) {
		memcpy(out->s + out->len, s, n);
		out->len += n;
		out->s[out->len] = '\0';
	} else {
		tm_buf_add(out, s, n);
	}
}

/* Spaces to fill a cell of display width w to the column's width. */
static void pad(tm_buf *out, int w, int width)
{
	static const char spaces[] = "                                                                ";
	while (w < width) {
		int n = width - w < 64 ? width - w : 64;
		put(out, spaces, (size_t)n);
		w += n;
	}
}

void tm_table_render(const tm_table *t, tm_buf *out, bool color)
{
	size_t rows = t->ncols ? t->cells.n / (size_t)t->ncols : 0;
	/* Room for it all at once: every cell's bytes, and at most a column's width of padding
	 * and two spaces per cell (the header's bytes within that, and its styles). */
	size_t line = 1;
	for (int c = 0; c < t->ncols; c++)
		line += (size_t)t->width[c] + 2 + strlen(t->headers[c]);
	tm_buf_grow(out, t->text.len + (rows + 1) * line + 16);
	for (size_t r = 0; r <= rows; r++) {
		if (r == 0)
			tm_buf_adds(out, tm_style_bold(color));
		for (int c = 0; c < t->ncols; c++) {
			bool right = t->headers[c][0] == '>';
			const char *text;
			size_t len;
			int w;
			if (r == 0) {
				text = t->headers[c] + right;
				len = strlen(text);
				w = tm_utf8_width(text);
			} else {
				const tm_table_cell *cell = &t->cells.v[(r - 1) * (size_t)t->ncols + (size_t)c];
				text = t->text.s + cell->at;
				len = (size_t)cell->len;
				w = cell->width;
			}
			if (c)
				put(out, "  ", 2);
			if (right)
				pad(out, w, t->width[c]);
			put(out, text, len);
			if (!right && c < t->ncols - 1)
				pad(out, w, t->width[c]);
		}
		if (r == 0)
			tm_buf_adds(out, tm_style_reset(color));
		put(out, "\n", 1);
	}
}

void tm_table_release(tm_table *t)
{
	tm_buf_release(&t->text);
	TM_VEC_FREE(&t->cells);
}

const char *tm_style_bold(bool color) { return color ? "\033[1m" : ""; }
const char *tm_style_dim(bool color) { return color ? "\033[2m" : ""; }
const char *tm_style_red(bool color) { return color ? "\033[31m" : ""; }
const char *tm_style_green(bool color) { return color ? "\033[32m" : ""; }
const char *tm_style_reset(bool color) { return color ? "\033[0m" : ""; }
