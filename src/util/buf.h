/*
 * buf.h - the one growable string buffer used everywhere.
 *
 * Invariants (as in git's strbuf): b->s is never NULL and always
 * NUL-terminated; TM_BUF_INIT gives an empty buffer that needs no release
 * until something is appended. tm_buf_detach() hands the string over to the
 * caller, who frees it with free(). An allocation that fails leaves the
 * buffer as it was (the append is dropped) and sets the thread's failure flag
 * (util/mem.h), which the command or request reads when it ends: callers stay
 * simple and nothing aborts.
 */
#ifndef TM_BUF_H
#define TM_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct tm_buf {
	char *s;     /* the text, NUL-terminated, never NULL */
	size_t len;  /* bytes before the NUL */
	size_t cap;  /* bytes allocated, 0 while s points at the shared "" */
} tm_buf;

extern char tm_buf_empty[];
#define TM_BUF_INIT { tm_buf_empty, 0, 0 }

void tm_buf_init(tm_buf *b);
void tm_buf_release(tm_buf *b);
void tm_buf_reset(tm_buf *b);
/* Room for extra more bytes; false (nothing changed, the failure flag set) when there is no memory. */
bool tm_buf_grow(tm_buf *b, size_t extra);
void tm_buf_add(tm_buf *b, const void *data, size_t n);
void tm_buf_adds(tm_buf *b, const char *s);
void tm_buf_addc(tm_buf *b, char c);
void tm_buf_printf(tm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tm_buf_vprintf(tm_buf *b, const char *fmt, va_list ap);
/* Pads with spaces to `width` display columns (UTF-8 aware). */
void tm_buf_pad(tm_buf *b, const char *s, int width);
char *tm_buf_detach(tm_buf *b);
/* Appends s with &, <, >, " and ' escaped: every byte of HTML text or attribute goes through here (cgit's html_text). */
void tm_buf_add_html(tm_buf *b, const char *s);

/* Display width of a UTF-8 string in terminal columns: wide (CJK, emoji) count two, combining marks none. */
int tm_utf8_width(const char *s);

/* tm_xmalloc and the rest, which so many users of tm_buf use too. */
#include "util/mem.h"

#endif
