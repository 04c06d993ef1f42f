/*
 * validate.h - every request body and the framing of every request checked
 * before anything is written. Pure functions (no sockets, no database), so
 * the fuzz targets call them exactly as the server does.
 *
 * A body is refused with TM_EINVAL and err->field set to the JSON pointer
 * at fault ("/tasks/0/title", "/effort_days") for: malformed JSON, invalid
 * UTF-8 or \u0000 in a string, a duplicate key, nesting deeper than 32, a
 * body that is not an object, an unknown or read-only member, a wrong type,
 * a number out of range and a string too long. Strings the parsed inputs
 * point to live in the json_t, which the caller keeps until it is done.
 */
#ifndef TM_HTTP_VALIDATE_H
#define TM_HTTP_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "core/brief.h"
#include "core/error.h"

#define TM_JSON_MAX_DEPTH 32

/* Parses body as a strict JSON object; *out is a new reference. */
int tm_req_json(const char *body, size_t len, json_t **out, tm_error *err);

int tm_req_launch(json_t *j, bool create, tm_launch_input *in, tm_error *err);
/* create: POST …/tasks (after[] allowed); else PATCH /tasks/{id}. */
int tm_req_task(json_t *j, bool create, tm_task_input *in, tm_error *err);
int tm_req_delay(json_t *j, const char **to, const char **reason, tm_error *err);
int tm_req_dep(json_t *j, const char **after, tm_error *err);
int tm_req_person(json_t *j, tm_person_input *in, tm_error *err);
int tm_req_holiday(json_t *j, const char **date, const char **name, tm_error *err);
int tm_req_freeze(json_t *j, const char **from, const char **to, const char **name, tm_error *err);
int tm_req_decision(json_t *j, const char **launch, const char **what, const char **why, tm_error *err);
int tm_req_brief(json_t *j, tm_brief *out, tm_error *err);
/* user=…&password=… (application/x-www-form-urlencoded) or {"user","password"}; writes into buffers. */
int tm_req_login(const char *body, size_t len, bool form, char *user, size_t user_sz, char *password,
		 size_t password_sz, tm_error *err);

/* One field of an application/x-www-form-urlencoded body, decoded; false when absent, given
 * twice, malformed or too long for out. */
bool tm_req_form_field(const char *body, size_t len, const char *name, char *out, size_t outsz);

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
