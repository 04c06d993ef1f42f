/*
 * json_out.h - JSON written straight into a buffer, for long lists.
 *
 * Building a jansson tree only to print it costs an allocation per value
 * and most of the time of a large `--json` listing (two thirds of
 * `launch list --json` over 10,000 launches). This writer appends the text
 * directly, byte for byte as tm_json_dumps() prints the same values
 * (jansson's JSON_INDENT(2): members on their own lines, "key": value,
 * [] and {} when empty, a newline at the end), so either may print any
 * document. Strings must be valid UTF-8 (the store accepts no other).
 *
 *   tm_json_out w;
 *   tm_json_out_init(&w, &ctx->out);
 *   tm_json_out_open(&w, '[');
 *   tm_json_out_open(&w, '{');
 *   tm_json_out_key(&w, "id");
 *   tm_json_out_int(&w, 7);
 *   tm_json_out_close(&w);
 *   tm_json_out_close(&w);
 *   tm_json_out_end(&w);      // "[\n  {\n    \"id\": 7\n  }\n]\n"
 */
#ifndef TM_RENDER_JSON_OUT_H
#define TM_RENDER_JSON_OUT_H

#include <stdbool.h>

#include "util/buf.h"

#define TM_JSON_OUT_DEPTH 16

typedef struct tm_json_out {
	tm_buf *out;                           /* where the text goes */
	int depth;                             /* arrays and objects open */
	char close[TM_JSON_OUT_DEPTH + 1];     /* what closes each: ']' or '}' */
	bool empty[TM_JSON_OUT_DEPTH + 1];     /* nothing written in it yet */
	bool keyed;                            /* a key was written: its value follows on the line */
	void (*drain)(void *arg, tm_buf *out); /* tm_json_out_drain's: takes what is written so far */
	void *drain_arg;
	size_t drain_at;
} tm_json_out;

void tm_json_out_init(tm_json_out *w, tm_buf *out);
/*
 * Hands what is written to fn (which empties the buffer: the command line writes it to stdout)
 * whenever the buffer holds at least `at` bytes at the start of a value, so that a long document is
 * never held whole. Only for a document whose every value is known before it is written (a failure
 * after the first drain would follow half a document).
 */
void tm_json_out_drain(tm_json_out *w, size_t at, void (*fn)(void *arg, tm_buf *out), void *arg);
/* Opens an array ('[') or an object ('{'), nested at most TM_JSON_OUT_DEPTH deep. */
void tm_json_out_open(tm_json_out *w, char bracket);
/* Closes the innermost array or object. */
void tm_json_out_close(tm_json_out *w);
/* An object's member name, one the code writes ("created_at": copied as it is, never escaped); its value
 * comes next. */
void tm_json_out_key(tm_json_out *w, const char *key);
/* A string, or null when s is NULL or empty and empty_is_null. */
void tm_json_out_str(tm_json_out *w, const char *s, bool empty_is_null);
void tm_json_out_int(tm_json_out *w, long long v);
/* A real as tm_json_dumps() writes it (TM_JSON_REALS: 15 significant digits, "40.0", "1e20"). */
void tm_json_out_real(tm_json_out *w, double v);
void tm_json_out_bool(tm_json_out *w, bool v);
void tm_json_out_null(tm_json_out *w);
/* The newline tm_json_dumps() ends a document with. */
void tm_json_out_end(tm_json_out *w);

#endif
