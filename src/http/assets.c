/*
 * assets.c - serves the web UI's bundle from the binary. The scripts and the
 * stylesheet have content-hashed names, so they are cached for a year and
 * never revalidated; index.html (pages.c) is never cached, so a new binary's
 * UI is seen at the next load. A client that accepts gzip gets the copy
 * compressed at build time.
 */
#include <string.h>
#include <strings.h>

#include "http/assets.h"
#include "http/internal.h"

#include "util/banned.h"

const struct tm_asset *tm_asset_find(const char *path)
{
	for (const struct tm_asset *a = tm_assets; a->path; a++)
		if (!strcmp(a->path, path))
			return a;
	return NULL;
}

/* Is a q-value zero ("0", "0.", "0.000")? */
static bool weight_zero(const char *q)
{
	if (*q++ != '0')
		return false;
	if (*q == '.')
		q += 1 + strspn(q + 1, "0");
	return !*q || *q == ',' || *q == ' ' || *q == '\t' || *q == ';';
}

bool tm_accepts_gzip(const char *accept)
{
	for (const char *p = accept; p && *p; p += strcspn(p, ",")) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",; \t");
		if (!((n == 4 && !strncasecmp(p, "gzip", 4)) || (n == 1 && *p == '*')))
			continue;
		const char *q = p + n;
		q += strspn(q, " \t");
		if (*q != ';')
			return true;
		q += 1 + strspn(q + 1, " \t");
		return !((q[0] == 'q' || q[0] == 'Q') && q[1] == '=' && weight_zero(q + 2));
	}
	return false;
}

/* Replies with an embedded file; cache: the Cache-Control to send. */
void tm_asset_reply(struct call *c, const struct tm_asset *a, const char *cache)
{
	if (a->gz && tm_accepts_gzip(tm_call_header(c, "Accept-Encoding"))) {
		tm_reply_text(c->rep, 200, a->type, (const char *)a->gz, a->gz_len);
		tm_reply_header(c->rep, "Content-Encoding", "gzip");
	} else {
		tm_reply_text(c->rep, 200, a->type, (const char *)a->data, a->len);
	}
	if (a->gz)
		tm_reply_header(c->rep, "Vary", "Accept-Encoding");
	tm_reply_header(c->rep, "Cache-Control", cache);
}

static int h_asset(struct call *c)
{
	char path[160];
	const struct tm_asset *a = NULL;
	if ((size_t)snprintf(path, sizeof(path), "/assets/%s", c->param[0]) < sizeof(path))
		a = tm_asset_find(path);
	if (!a)
		return tm_fail(&c->err, TM_ENOTFOUND, "no file of the web UI is called '%s'", c->param[0]);
	tm_asset_reply(c, a, "public, max-age=31536000, immutable");
	return 0;
}

const struct tm_route tm_routes_assets[] = {
	{ "GET", "/assets/:", h_asset, TM_OPEN },
	{ NULL, NULL, NULL, 0 },
};
