/* buf.c - growable string buffer; see buf.h for the invariants. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <uniwidth.h>

#include "util/banned.h"

char tm_buf_empty[1];

/*
 * A large block (a list of 50,000 metrics, a long --json answer) is asked to be backed by huge
 * pages where the kernel gives them on request (transparent_hugepage "madvise"): filling it then
 * costs a page fault every 2 MiB instead of every 4 KiB, which on a virtual machine is most of the
 * time such a command takes. Only a hint: nothing changes where the kernel says no.
 */
#define TM_HUGE_MIN (4u << 20)

static void huge_hint(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n < TM_HUGE_MIN)
		return;
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, e = ((uintptr_t)p + n) & ~(uintptr_t)4095;
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *tm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("tminus: fatal: out of memory\n", stderr);
		abort();
	}
	huge_hint(p, n);
	return p;
}

void *tm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("tminus: fatal: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *tm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("tminus: fatal: out of memory\n", stderr);
		abort();
	}
	huge_hint(q, n);
	return q;
}

char *tm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = tm_xmalloc(n);
	memcpy(d, s, n);
	return d;
}

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

void tm_buf_grow(tm_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->s = tm_xrealloc(b->s, cap);
	} else {
		b->s = tm_xmalloc(cap);
		b->s[0] = '\0';
	}
	b->cap = cap;
}

void tm_buf_add(tm_buf *b, const void *data, size_t n)
{
	if (!n)
		return;
	tm_buf_grow(b, n);
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
	if (n <= 0)
		return;
	tm_buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
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
