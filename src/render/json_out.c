/* json_out.c - JSON written straight into a buffer; see json_out.h. */
#include "render/json_out.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/fmt.h"

#include "util/banned.h"

void tm_json_out_init(tm_json_out *w, tm_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

/* tm_buf_add without the call when there is room (callers reserve it): most pieces are a few bytes. */
static inline void put(tm_json_out *w, const char *s, size_t n)
{
	tm_buf *b = w->out;
	if (b->len + n < b->cap) {
		memcpy(b->s + b->len, s, n);
		b->len += n;
		b->s[b->len] = '\0';
	} else {
		tm_buf_add(b, s, n);
	}
}

/* A newline and two spaces per level, as jansson's JSON_INDENT(2) (depth is at most 16). */
static void newline(tm_json_out *w, int depth)
{
	static const char line[] = "\n                                ";
	_Static_assert(sizeof(line) == 2 + 2 * TM_JSON_OUT_DEPTH, "a line of indentation for every depth");
	put(w, line, 1 + 2 * (size_t)depth);
}

void tm_json_out_drain(tm_json_out *w, size_t at, void (*fn)(void *arg, tm_buf *out), void *arg)
{
	w->drain = fn;
	w->drain_arg = arg;
	w->drain_at = at;
}

/* What comes before a value or a key: nothing after a key, else a line of its own. */
static void before(tm_json_out *w)
{
	if (w->drain && w->out->len >= w->drain_at)
		w->drain(w->drain_arg, w->out);
	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->empty[w->depth])
		w->empty[w->depth] = false;
	else
		put(w, ",", 1);
	newline(w, w->depth);
}

void tm_json_out_open(tm_json_out *w, char bracket)
{
	before(w);
	put(w, &bracket, 1);
	if (w->depth < TM_JSON_OUT_DEPTH)
		w->depth++;
	w->close[w->depth] = bracket == '[' ? ']' : '}';
	w->empty[w->depth] = true;
}

void tm_json_out_close(tm_json_out *w)
{
	if (!w->depth)
		return;
	if (!w->empty[w->depth])
		newline(w, w->depth - 1);
	put(w, &w->close[w->depth], 1);
	w->depth--;
}

/* Whether any of the 8 bytes of x is below 0x20, a '"' or a '\\' (may name a byte wrongly: only "any" is
 * exact, which is all the caller asks before looking byte by byte). */
static inline bool word_needs_escape(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
}

/* s between quotes with jansson's escapes: \" \\ \b \f \n \r \t, other controls as \u00XX. Most text
 * needs none: it is passed over eight bytes at a time. */
static void quoted(tm_json_out *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	const unsigned char *run = p;
	put(w, "\"", 1);
	while (p < end) {
		uint64_t x;
		while (end - p >= 8 && (memcpy(&x, p, 8), !word_needs_escape(x)))
			p += 8;
		if (p >= end)
			break;
		if (*p >= 0x20 && *p != '"' && *p != '\\') {
			p++;
			continue;
		}
		put(w, (const char *)run, (size_t)(p - run));
		char esc[6] = { '\\', 0 };
		size_t n = 2;
		switch (*p) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): bytes, n of them, not a string */
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			n = 6;
		}
		put(w, esc, n);
		run = ++p;
	}
	put(w, (const char *)run, (size_t)(end - run));
	put(w, "\"", 1);
}

void tm_json_out_key(tm_json_out *w, const char *key)
{
	/* A key is a name the code writes ("created_at"): nothing in it is escaped, so it is copied whole. */
	size_t n = strlen(key);
	before(w);
	put(w, "\"", 1);
	put(w, key, n);
	put(w, "\": ", 3);
	w->keyed = true;
}

void tm_json_out_str(tm_json_out *w, const char *s, bool empty_is_null)
{
	if (!s || (empty_is_null && !*s)) {
		tm_json_out_null(w);
		return;
	}
	before(w);
	quoted(w, s);
}

void tm_json_out_int(tm_json_out *w, long long v)
{
	char buf[TM_INT_STRLEN];
	before(w);
	put(w, buf, (size_t)(tm_fmt_int(buf, v) - buf));
}

void tm_json_out_real(tm_json_out *w, double v)
{
	/* As jansson writes a real at JSON_REAL_PRECISION(15) (TM_JSON_REALS): "%.15g", ".0" when it
	 * would read back as an integer, the exponent without '+' or leading zeros ("1e20", "1e-5"). */
	char buf[48];
	int n = snprintf(buf, sizeof(buf) - 2, "%.15g", v);
	if (n < 0 || (size_t)n >= sizeof(buf) - 2)
		n = snprintf(buf, sizeof(buf), "0.0");
	size_t len = (size_t)n;
	char *e = strchr(buf, 'e');
	if (!strchr(buf, '.') && !e) {
		buf[len++] = '.';
		buf[len++] = '0';
		buf[len] = '\0';
	}
	if (e) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - buf) + 1);
			len -= (size_t)(end - start);
		}
	}
	before(w);
	put(w, buf, len);
}

void tm_json_out_bool(tm_json_out *w, bool v)
{
	before(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void tm_json_out_null(tm_json_out *w)
{
	before(w);
	put(w, "null", 4);
}

void tm_json_out_end(tm_json_out *w)
{
	put(w, "\n", 1);
}
