/*
 * assets.h - the web UI's files, embedded in the binary at build time
 * (scripts/embed_web.py bundles web/ and writes them out as bytes).
 */
#ifndef TM_HTTP_ASSETS_H
#define TM_HTTP_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

struct tm_asset {
	const char *path;                 /* "/index.html", "/assets/main-HASH.js" */
	const char *type;                 /* its media type */
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;          /* the same, gzip-compressed, or NULL when that is no smaller */
	size_t gz_len;
};

/* Every file of the bundle, ending with { NULL }. */
extern const struct tm_asset tm_assets[];

/* The file at path, or NULL. */
const struct tm_asset *tm_asset_find(const char *path);

/* Does an Accept-Encoding header (NULL when absent) list gzip (or *) with a weight above zero? */
bool tm_accepts_gzip(const char *accept);

#endif
