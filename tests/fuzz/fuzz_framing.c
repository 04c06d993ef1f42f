/*
 * fuzz_framing.c - the request framing check (validate.c) on arbitrary
 * requests: lines of version, path, and then header lines that are counted
 * as libmicrohttpd would hand them over. Invariants: only 0, 400, 404 and
 * 501 come back, a refusal explains itself, and an accepted path starts
 * with '/' and has no '.' or '..' segment, plain or percent-encoded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/validate.h"

#include "util/banned.h"

static int is_dot_segment(const char *s, size_t n)
{
	char d[16];
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof(d); i++) {
		if (s[i] == '.')
			d[k++] = '.';
		else if (n - i >= 3 && !strncasecmp(s + i, "%2e", 3))
			d[k++] = '.', i += 2;
		else
			return 0;
	}
	return k == 1 || k == 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *lines[16] = { 0 };
	int n = 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *p = text; p && n < 16; n++) {
		lines[n] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	tm_framing f = { .version = lines[0], .url = lines[1] ? lines[1] : "" };
	for (int i = 2; i < n; i++) {
		char *colon = strchr(lines[i], ':');
		if (!colon)
			continue;
		*colon = '\0';
		const char *v = colon + 1 + strspn(colon + 1, " ");
		if (!strcasecmp(lines[i], "content-length"))
			f.n_content_length++, f.content_length = v;
		else if (!strcasecmp(lines[i], "transfer-encoding"))
			f.n_transfer_encoding++, f.transfer_encoding = v;
		else if (!strcasecmp(lines[i], "host"))
			f.n_host++;
	}
	char msg[200] = "";
	int status = tm_req_framing(&f, msg, sizeof(msg));
	if (status && status != 400 && status != 404 && status != 501)
		abort();
	if (status && !msg[0])
		abort();
	if (!status) {
		if (f.url[0] != '/')
			abort();
		for (const char *seg = f.url; seg && *seg == '/'; seg = strchr(seg + 1, '/')) {
			size_t len = strcspn(seg + 1, "/?");
			if (is_dot_segment(seg + 1, len))
				abort();
			if (seg[1 + len] != '/')
				break;
		}
	}
	free(text);
	return 0;
}
