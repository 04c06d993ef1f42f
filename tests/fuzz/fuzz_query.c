/*
 * fuzz_query.c - tminus's own readers of a query string's kind of text, on
 * arbitrary bytes: the application/x-www-form-urlencoded decoder
 * (tm_req_form_field in http/validate.c, the sign-in form and a page's
 * csrf field), and the parsers each query parameter's value goes through
 * (?limit= and the other numbers, ?next= after signing in, dates,
 * ?quarter=, the import's ?map=, and every field of app/'s inputs that a
 * parameter or an option sets by its text, tm_input_set_text). libmicrohttpd
 * splits the request's own query string and Cookie header; these are what
 * tminus makes of the values.
 *
 * The first byte picks which parser the first value goes to (the next
 * value goes to the next one); the rest is the query string. Invariants:
 * the decoder finds a field exactly when it is there once with a well-formed
 * value (%HH with two hex digits, '+' a blank, no NUL) that fits, and
 * decodes it as a reference decoder does; a parser that refuses says why;
 * one that accepts gives a value within its limits.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/date.h"
#include "core/import.h"
#include "http/internal.h"
#include "http/validate.h"

#include "util/banned.h"

#define OUT_MAX 256

/* The reference: strict RFC 1866 decoding; -1 when malformed or too long for out. */
static int decode(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			if (!isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2]))
				return -1;
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			c = (unsigned char)strtol(hex, NULL, 16);
			i += 2;
		}
		if (!c || o + 1 >= outsz)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

static void text_ok(const char *s, size_t max)
{
	if (strlen(s) > max || !tm_utf8_valid(s, strlen(s), NULL))
		abort();
}

/* Every (input, field) that can be set from text, counted once. */
static int n_fields(void)
{
	static int n = -1;
	if (n < 0) {
		n = 0;
		for (int d = 0; tm_inputs[d]; d++)
			for (int i = 0; tm_inputs[d]->fields[i].name; i++)
				n++;
	}
	return n;
}

static void by_field(int k, const char *v)
{
	tm_error err = TM_ERROR_INIT;
	for (int d = 0; tm_inputs[d]; d++)
		for (int i = 0; tm_inputs[d]->fields[i].name; i++)
			if (!k--) {
				const tm_input_desc *desc = tm_inputs[d];
				const tm_field *f = &desc->fields[i];
				void *in = calloc(1, desc->size);
				int rc = tm_input_set_text(desc, i, v, in, &err);
				if (rc ? !err.msg[0] : !tm_input_given(desc, in, i))
					abort();
				if (!rc && f->type == TM_IN_TEXT)
					text_ok((const char *)in + f->offset, (size_t)f->hi);
				if (!rc && f->type == TM_IN_INT) {
					int x = *(const int *)((const char *)in + f->offset);
					if (x < f->lo || x > f->hi)
						abort();
				}
				free(in);
				return;
			}
}

/* The value of the pair'th parameter, to the parser the selector names. */
static void parse_value(int pick, const char *v)
{
	tm_error err = TM_ERROR_INIT;
	int rc = 0, x, y, q;
	tm_date d;
	switch (pick) {
	case 0:
		rc = tm_parse_int("limit", v, 1, 1000, &x, &err);
		if (!rc && (x < 1 || x > 1000))
			abort();
		break;
	case 1:
		/* A page to return to: a local path, never another origin or a dot segment. */
		if (tm_next_ok(v) && (v[0] != '/' || v[1] == '/' || strchr(v, ':') || strchr(v, '\\') || strstr(v, "/.") ||
				      strlen(v) >= TM_NEXT_MAX))
			abort();
		return;
	case 2:
		rc = tm_date_parse_any(v, &d, &err);
		break;
	case 3:
		rc = tm_date_parse(v, &d, &err);
		if (!rc && !tm_date_in_range(d))
			abort();
		break;
	case 4:
		rc = tm_quarter_parse(v, &y, &q, &err);
		if (!rc && (q < 1 || q > 4))
			abort();
		break;
	case 5: {
		tm_import_map map;
		rc = tm_import_map_parse(v, &map, &err);
		if (!rc && (map.n < 0 || map.n > (int)(sizeof(map.v) / sizeof(map.v[0]))))
			abort();
		break;
	}
	default:
		by_field(pick - 6, v);
		return;
	}
	if (rc && !err.msg[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	const char *qs = (const char *)data + 1;
	size_t len = size - 1;
	int pairs = 0;
	for (size_t i = 0; i < len && pairs < 16;) {
		size_t end = i;
		while (end < len && qs[end] != '&')
			end++;
		const char *eq = memchr(qs + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - (qs + i)) : 0;
		if (eq && klen < 64 && !memchr(qs + i, '\0', klen)) {
			char key[64], got[OUT_MAX], want[OUT_MAX];
			memcpy(key, qs + i, klen);
			key[klen] = '\0';
			/* What the reference makes of the key's every occurrence. */
			int seen = 0, bad = 0;
			for (size_t j = 0; j < len;) {
				size_t e = j;
				while (e < len && qs[e] != '&')
					e++;
				const char *eq2 = memchr(qs + j, '=', e - j);
				if (eq2 && (size_t)(eq2 - (qs + j)) == klen && !memcmp(qs + j, key, klen)) {
					seen++;
					bad |= decode(eq2 + 1, (size_t)(qs + e - (eq2 + 1)), want, sizeof(want));
				}
				j = e + 1;
			}
			bool found = tm_req_form_field(qs, len, key, got, sizeof(got));
			if (found != (seen == 1 && !bad) || (found && strcmp(got, want)))
				abort();
			if (found)
				parse_value((data[0] + pairs) % (6 + n_fields()), got);
			pairs++;
		}
		i = end + 1;
	}
	return 0;
}
