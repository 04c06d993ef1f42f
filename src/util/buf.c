/* buf.c - growable string buffer; see buf.h for the invariants. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <uniwidth.h>

#include "util/mem.h"

#include "util/banned.h"

char tm_buf_empty[1];

void tm_buf_init(tm_buf *b)
{
	b->s = tm_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void tm_buf_release(tm_buf *b)
{
	if (b->cap)
		free(b->s);
	tm_buf_init(b);
}

void tm_buf_reset(tm_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

bool tm_buf_grow(tm_buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 4 - b->len) {
		tm_mem_fail();
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *s = tm_mem_realloc(b->cap ? b->s : NULL, cap);
	if (!s)
		return false; /* the thread's flag is set; the text stays as it was */
	if (!b->cap)
		s[0] = '\0';
	tm_mem_huge(s, cap);
	b->s = s;
	b->cap = cap;
	return true;
}

void tm_buf_add(tm_buf *b, const void *data, size_t n)
{
	if (!n || !tm_buf_grow(b, n))
		return;
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void tm_buf_adds(tm_buf *b, const char *s)
{
	tm_buf_add(b, s, strlen(s));
}

void tm_buf_addc(tm_buf *b, char c)
{
	tm_buf_add(b, &c, 1);
}

void tm_buf_vprintf(tm_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0 || !tm_buf_grow(b, (size_t)n))
		return;
	(void)vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void tm_buf_printf(tm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tm_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int tm_utf8_width(const char *s)
{
	/* "UTF-8": East Asian ambiguous characters (◆, →) take one column, as terminals outside CJK locales show them. */
	int w = u8_strwidth((const uint8_t *)s, "UTF-8");
	return w < 0 ? (int)strlen(s) : w;
}

void tm_buf_pad(tm_buf *b, const char *s, int width)
{
	tm_buf_adds(b, s);
	for (int w = tm_utf8_width(s); w < width; w++)
		tm_buf_addc(b, ' ');
}

char *tm_buf_detach(tm_buf *b)
{
	char *s = b->cap ? b->s : tm_xstrdup("");
	tm_buf_init(b);
	return s;
}

void tm_buf_add_html(tm_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': tm_buf_adds(b, "&amp;"); break;
		case '<': tm_buf_adds(b, "&lt;"); break;
		case '>': tm_buf_adds(b, "&gt;"); break;
		case '"': tm_buf_adds(b, "&quot;"); break;
		case '\'': tm_buf_adds(b, "&#39;"); break;
		default: tm_buf_addc(b, *s);
		}
	}
}
