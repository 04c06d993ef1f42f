/*
 * fuzz_headers.c - the request headers tminus reads itself (the rest
 * libmicrohttpd splits): Accept-Encoding (tm_accepts_gzip, http/assets.c:
 * the web UI's gzip copy) and If-Match (tm_req_etag_listed,
 * http/validate.c: a change to the version read) on arbitrary values. The
 * first byte picks the header; the rest, up to a NUL, is its value.
 * Invariants, against a reference reading of RFC 9110: If-Match names the
 * tag exactly when one element of its list is it; gzip is accepted when
 * the one coding the header names among gzip and "*" has a weight above
 * zero, and never when neither is named.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/assets.h"
#include "http/validate.h"

#include "util/banned.h"

static const char *trim(const char *s, const char *end, const char **stop)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*stop = end;
	return s;
}

static bool ref_listed(const char *h, const char *etag)
{
	for (const char *p = h;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p), *stop;
		const char *s = trim(p, end, &stop);
		if ((size_t)(stop - s) == strlen(etag) && !strncmp(s, etag, (size_t)(stop - s)))
			return true;
		if (!comma)
			return false;
		p = comma + 1;
	}
}

/* A qvalue (RFC 9110 12.4.2): "0", "0.d…", "1", "1.0…", up to three decimals; -1 when malformed. */
static int qvalue(const char *s, const char *end)
{
	size_t n = (size_t)(end - s);
	if (!n || (s[0] != '0' && s[0] != '1') || (n > 1 && s[1] != '.') || n > 5)
		return -1;
	int v = (s[0] - '0') * 1000, scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v += (s[i] - '0') * scale;
	}
	return v > 1000 ? -1 : v;
}

/* Of a header naming exactly one of gzip and "*" once: is its weight above zero? -1 when it names
 * none, -2 when more than one or its parameters are not plain "q=VALUE". */
static int ref_gzip(const char *h)
{
	int found = -1;
	for (const char *p = h;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p), *stop;
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *s = trim(p, semi ? semi : end, &stop);
		size_t n = (size_t)(stop - s);
		/* A coding followed by more than blanks ("gzip x") is no element RFC 9110 knows. */
		if (memchr(s, ' ', n) || memchr(s, '\t', n))
			return -2;
		if ((n == 4 && !strncasecmp(s, "gzip", 4)) || (n == 1 && *s == '*')) {
			if (found != -1)
				return -2;
			found = 1;
			if (semi) {
				const char *q = trim(semi + 1, end, &stop);
				if (stop - q < 2 || (q[0] != 'q' && q[0] != 'Q') || q[1] != '=' || memchr(q, ';', (size_t)(stop - q)))
					return -2;
				int w = qvalue(q + 2, stop);
				if (w < 0)
					return -2;
				found = w > 0;
			}
		}
		if (!comma)
			return found;
		p = comma + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1024)
		return 0;
	char v[1024];
	memcpy(v, data + 1, size - 1);
	v[size - 1] = '\0';
	if (data[0] & 1) {
		static const char etag[] = "\"launch-12-v3\"";
		if (tm_req_etag_listed(v, etag) != ref_listed(v, etag))
			abort();
	} else {
		bool got = tm_accepts_gzip(v);
		int want = ref_gzip(v);
		if ((want == -1 && got) || (want >= 0 && got != (want == 1)))
			abort();
		if (tm_accepts_gzip(NULL))
			abort();
	}
	return 0;
}
