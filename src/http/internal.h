/* internal.h - what the server's files share: the reply a route fills, and the router. */
#ifndef TM_HTTP_INTERNAL_H
#define TM_HTTP_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>

#include "http/http.h"
#include "util/buf.h"

#define TM_REPLY_MAX_HEADERS 4

/* A response under construction: routes never touch the socket (redis's addReply idea). */
struct tm_reply {
	int status;
	char content_type[64];           /* "" for JSON */
	tm_buf body;
	struct {
		char name[32];
		char value[512];
	} headers[TM_REPLY_MAX_HEADERS];
	int n_headers;
};

void tm_reply_init(struct tm_reply *r);
void tm_reply_release(struct tm_reply *r);
/* A JSON body (steals the reference). */
void tm_reply_json(struct tm_reply *r, int status, json_t *j);
/* RFC 9457 application/problem+json; parameter names a bad query parameter, or NULL. */
void tm_reply_problem(struct tm_reply *r, int status, const char *detail, const char *parameter);
void tm_reply_header(struct tm_reply *r, const char *name, const char *value);

/* Routes one request and fills rep. */
void tm_http_route(const tm_serve_options *opt, struct MHD_Connection *conn, const char *method, const char *url,
		   const char *body, size_t body_len, struct tm_reply *rep);

#endif
