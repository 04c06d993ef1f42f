/*
 * http.h - `tminus serve`: the JSON API over GNU libmicrohttpd, calling the
 * same app/ use cases and render/ representations as the command line.
 *
 * This is the server's first part (issue "tminus serve"): read routes,
 * RFC 9457 problem+json errors, request limits and framing checks, security
 * headers, a JSON access log and graceful shutdown. Accounts, tokens, CSRF,
 * writes with If-Match and idempotency keys, feeds and the web UI come next;
 * until then it listens on loopback only.
 */
#ifndef TM_HTTP_H
#define TM_HTTP_H

#include <stdbool.h>

#include "core/date.h"
#include "util/error.h"

struct tm_notifier_options;

#define TM_HTTP_MAX_BODY (1 << 20)   /* 1 MiB: larger bodies get 413 */
#define TM_HTTP_IDLE_TIMEOUT 30      /* seconds before an idle connection is closed */

typedef struct tm_serve_options {
	const char *db_path;       /* --db: a file or a PostgreSQL connection string */
	const char *db_shown;      /* the same for messages (no password) */
	const char *listen;          /* "127.0.0.1:8080" */
	int threads;                 /* worker threads (thread pool size) */
	bool has_today;              /* --today pins "today" for every request */
	tm_date today;
	const char *playbook_path;
	int per_address;             /* connections from one client address at once */
	bool behind_proxy;           /* trust X-Real-IP (set by the proxy) as the client's address */
	const struct tm_notifier_options *notify;  /* serve --notify: the sending thread's options, or NULL */
} tm_serve_options;

/* Serves until SIGTERM or SIGINT; returns 0 after a graceful stop. */
int tm_http_serve(const tm_serve_options *opt, tm_error *err);

#endif
