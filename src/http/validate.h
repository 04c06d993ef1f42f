/*
 * validate.h - every request body and the framing of every request checked
 * before anything is written. Pure functions (no sockets, no database), so
 * the fuzz targets call them exactly as the server does.
 *
 * A body is refused with TM_EINVAL and err->field set to the JSON pointer
 * at fault for: malformed JSON, invalid UTF-8 or \u0000 in a string, a
 * duplicate key, nesting deeper than 32, a body that is not an object. The
 * members of a use case's input are checked by app/'s description of it
 * (tm_input_from_json); the brief and the sign-in have their tables here.
 */
#ifndef TM_HTTP_VALIDATE_H
#define TM_HTTP_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "core/brief.h"
#include "util/error.h"

#define TM_JSON_MAX_DEPTH 32

/* Parses body as a strict JSON object; *out is a new reference. */
int tm_req_json(const char *body, size_t len, json_t **out, tm_error *err);

int tm_req_brief(json_t *j, tm_brief *out, tm_error *err);
/* user=…&password=… (application/x-www-form-urlencoded) or {"user","password"}; writes into buffers. */
int tm_req_login(const char *body, size_t len, bool form, char *user, size_t user_sz, char *password,
		 size_t password_sz, tm_error *err);

/* One field of an application/x-www-form-urlencoded body, decoded; false when absent, given
 * twice, malformed or too long for out. */
bool tm_req_form_field(const char *body, size_t len, const char *name, char *out, size_t outsz);

/* Does an If-Match header (a comma-separated list of entity tags) name etag ("\"launch-3-v7\"")? */
bool tm_req_etag_listed(const char *header, const char *etag);

/* What the framing check looks at, as libmicrohttpd hands the request over. */
typedef struct tm_framing {
	const char *version;        /* "HTTP/1.1" */
	const char *url;            /* the path as received (before any decoding) */
	int n_content_length, n_transfer_encoding, n_host;
	const char *content_length, *transfer_encoding;
	bool nul;                   /* a %00 decoded somewhere in the request target */
} tm_framing;

/* 0 when the request may go on; else the HTTP status (400, 404, 501) and a message. */
int tm_req_framing(const tm_framing *f, char *msg, size_t msgsz);

#endif
