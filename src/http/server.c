/*
 * server.c - the libmicrohttpd daemon: limits, framing checks, slow clients
 * cut off, one SQLite connection per request, routing, responses with
 * security headers, a JSON access log on stderr, and a graceful stop on
 * SIGTERM: every connection already taken is answered before the process ends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/filter.h>
#endif

#include "app/outbox.h"
#include "http/http.h"
#include "http/internal.h"
#include "http/validate.h"
#include "util/mhd.h"
#include "util/sodium.h"

#include "util/banned.h"

#define NUL_MARK "X-Tminus-Internal-Nul"

#define MAX_CONNECTIONS 256
#define HEAD_SECONDS 10                          /* a request's head must arrive whole within this */
#define REQUEST_SECONDS 30                       /* and the whole request, body too, within this */
#define RANGE_SHARE (MAX_CONNECTIONS / 2)        /* connections one /24 or /64 may hold while requests arrive */
#define DRAIN_MS 3000                            /* SIGTERM: the most time given to requests under way */
#define DRAIN_QUIET_MS 100                       /* … once nothing has been under way for this long, it stops */

/*
 * What a connection is doing, for the guard against slow clients. libmicrohttpd
 * 0.9.75 only knows an idle timeout, which every byte resets: a client sending
 * a header line every few seconds would hold its connection for ever, and a few
 * hundred of them every connection the server has. The guard bounds the time a
 * request may take to arrive, and how many connections one address range may
 * hold while their requests arrive, so that others always find one free.
 */
enum { CONN_FREE, CONN_HEAD, CONN_BODY, CONN_ANSWERING, CONN_CUT };

struct conn_watch {
	int state;                   /* CONN_* */
	int fd;                      /* the connection's socket (libmicrohttpd's: only ever shut down) */
	unsigned char addr[16];      /* the client's address, IPv4 as ::ffff:a.b.c.d */
	bool idle;                   /* kept alive after an answer, its next request not begun */
	struct timespec since;       /* when the request now arriving began: the connection, or the last answer */
};

struct guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	bool shares;                 /* limit what one range may hold (not behind a proxy, whose address is all) */
	pthread_t thread;
	bool started;
	struct conn_watch conns[MAX_CONNECTIONS + 16];
};

struct server {
	tm_serve_options opt;
	struct guard guard;
};

/* Per-request state, from the first callback to the completion callback. */
struct request {
	bool started;                /* the access handler has seen it */
	struct tm_login *login;      /* POST /login: the sign-in's state while a hasher checks it */
	tm_buf body;
	size_t max_body;             /* the most body its route takes (tm_io_body_limit) */
	bool big;                    /* holds one of the BIG_BODIES slots */
	bool too_large;
	bool no_memory;              /* the body could not be held: 503, nothing run */
	int early_status;            /* a framing error found in the headers, or 0 */
	char early_msg[200];
	struct timespec start;
};

/* SIGTERM was received: answers close their connections (the drain in tm_http_serve). */
static atomic_bool stopping;

static const char csp[] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

static void add_security_headers(struct MHD_Response *resp)
{
	/* Every answer has a policy: the strict default unless the route gave its own (pages.c). */
	if (!MHD_get_response_header(resp, "Content-Security-Policy"))
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	/* Nothing is cached on the way unless the route says otherwise (the feeds do). */
	if (!MHD_get_response_header(resp, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* One JSON line per request on stderr: time, method, path (never the query, where feed tokens
 * are), status and milliseconds. The path is what the client sent, made valid UTF-8. */
static void access_log(const char *method, const char *url, int status, const struct request *r)
{
	static __thread time_t last;      /* the time stamp is formatted once a second per thread */
	static __thread char ts[32];
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long us = (long)(now.tv_sec - r->start.tv_sec) * 1000000L + (now.tv_nsec - r->start.tv_nsec) / 1000;
	time_t t = time(NULL);
	if (t != last) {
		struct tm tm;
		gmtime_r(&t, &tm);
		(void)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm); /* the stamp fits: never 0 */
		last = t;
	}
	tm_buf path = TM_BUF_INIT;
	tm_utf8_sanitize(url, &path);
	json_t *p = json_string(path.s), *m = json_string(method ? method : "");
	char *ps = p ? json_dumps(p, JSON_ENCODE_ANY) : NULL, *ms = m ? json_dumps(m, JSON_ENCODE_ANY) : NULL;
	if (ps && ms)
		fprintf(stderr, "{\"ts\":\"%s\",\"method\":%s,\"path\":%s,\"status\":%d,\"ms\":%ld.%03ld}\n", ts, ms, ps, status,
			us / 1000, us % 1000);
	free(ps);
	free(ms);
	json_decref(p);
	json_decref(m);
	tm_buf_release(&path);
}

struct MHD_Response *tm_http_response(struct tm_reply *rep, bool keep_body)
{
	size_t len = rep->body.len;
	struct MHD_Response *resp;
	if (rep->body_fd >= 0 && !keep_body) {
		/* A body from a file (tm_reply_file): the response owns the descriptor now. */
		resp = MHD_create_response_from_fd64(rep->body_fd_size, rep->body_fd);
		if (resp)
			rep->body_fd = -1;
	} else {
		resp = keep_body ? MHD_create_response_from_buffer(len, rep->body.s, MHD_RESPMEM_MUST_COPY)
				 : MHD_create_response_from_buffer(len, tm_buf_detach(&rep->body), MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "Content-Type", rep->content_type[0] ? rep->content_type : "application/json; charset=utf-8");
	for (int i = 0; i < rep->n_headers; i++)
		MHD_add_response_header(resp, rep->headers[i].name, rep->headers[i].value);
	add_security_headers(resp);
	return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct tm_reply *rep, const char *method,
				  const char *url, const struct request *r)
{
	enum MHD_Result ok;
	if (rep->response) {
		/* Prepared by the cache, which keeps its reference: queued as it is. */
		ok = MHD_queue_response(conn, (unsigned)rep->status, rep->response);
	} else {
		struct MHD_Response *resp = tm_http_response(rep, false);
		if (!resp)
			return MHD_NO;
		/* Stopping: a kept-alive client sends its next request elsewhere. */
		if (atomic_load(&stopping))
			MHD_add_response_header(resp, "Connection", "close");
		ok = MHD_queue_response(conn, (unsigned)rep->status, resp);
		MHD_destroy_response(resp);
	}
	access_log(method, url, rep->status, r);
	return ok;
}

/* ---- the guard against slow clients ---- */

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* addr as 16 bytes (IPv4 mapped into IPv6), false for anything else. */
static bool addr16(const struct sockaddr *sa, unsigned char out[16])
{
	memset(out, 0, 16);
	if (sa && sa->sa_family == AF_INET) {
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return true;
	}
	if (sa && sa->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return true;
	}
	return false;
}

/* The range an address is in: a /24 for IPv4, a /64 for IPv6 (what one network usually holds). */
static bool same_range(const unsigned char a[16], const unsigned char b[16])
{
	bool v4 = a[10] == 0xff && a[11] == 0xff && !memcmp(a, b, 10);
	return !memcmp(a, b, v4 ? 15 : 8);
}

/*
 * libmicrohttpd asks before it takes a connection: refused when the client's
 * range already holds its share of connections whose requests are still
 * arriving (which every new connection's is). One address alone is held to
 * --per-address by libmicrohttpd.
 */
static enum MHD_Result admit_connection(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct server *srv = cls;
	struct guard *g = &srv->guard;
	unsigned char a[16];
	int range = 0;
	(void)len;
	if (!g->shares || !addr16(sa, a))
		return MHD_YES;
	pthread_mutex_lock(&g->lock);
	for (size_t i = 0; i < sizeof(g->conns) / sizeof(g->conns[0]); i++) {
		const struct conn_watch *w = &g->conns[i];
		range += (w->state == CONN_HEAD || w->state == CONN_BODY) && same_range(w->addr, a);
	}
	pthread_mutex_unlock(&g->lock);
	return range < RANGE_SHARE ? MHD_YES : MHD_NO;
}

/* Each connection gets its watch when it opens and gives it back when it closes (before its
 * socket is closed: the guard never touches a socket that may be another's by then). */
static void notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			      enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	struct guard *g = &srv->guard;
	pthread_mutex_lock(&g->lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ca = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = NULL;
		for (size_t i = 0; fd && i < sizeof(g->conns) / sizeof(g->conns[0]); i++) {
			struct conn_watch *w = &g->conns[i];
			if (w->state != CONN_FREE)
				continue;
			w->state = CONN_HEAD;
			w->idle = false;
			w->fd = fd->connect_fd;
			addr16(ca ? ca->client_addr : NULL, w->addr);
			clock_gettime(CLOCK_MONOTONIC, &w->since);
			*socket_context = w;
			break;
		}
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn_watch *w = *socket_context;
		if (w)
			w->state = CONN_FREE;
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&g->lock);
}

/* The connection's request has moved on to state (CONN_HEAD: a new one may begin). */
static void guard_mark(struct server *srv, struct MHD_Connection *conn, int state)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = info ? info->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&srv->guard.lock);
	if (w->state != CONN_FREE && w->state != CONN_CUT) {
		w->state = state;
		/* Answered (the only way back to CONN_HEAD): kept alive for a next request, if any comes. */
		w->idle = state == CONN_HEAD;
		if (state == CONN_HEAD)
			clock_gettime(CLOCK_MONOTONIC, &w->since);
	}
	pthread_mutex_unlock(&srv->guard.lock);
}

/* A request line arrived on the connection: a kept-alive one is no longer idle. */
static void guard_begun(struct server *srv, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = info ? info->socket_context : NULL;
	if (!w)
		return;
	pthread_mutex_lock(&srv->guard.lock);
	w->idle = false;
	pthread_mutex_unlock(&srv->guard.lock);
}

/* How many connections have a request under way, or are new and have not sent their first yet:
 * those a stop must wait for. An idle kept-alive connection may be closed (HTTP lets its client
 * send again elsewhere), and one the guard cut is closing. */
static int guard_busy(struct guard *g)
{
	int n = 0;
	pthread_mutex_lock(&g->lock);
	for (size_t i = 0; i < sizeof(g->conns) / sizeof(g->conns[0]); i++) {
		const struct conn_watch *w = &g->conns[i];
		n += w->state == CONN_BODY || w->state == CONN_ANSWERING || (w->state == CONN_HEAD && !w->idle);
	}
	pthread_mutex_unlock(&g->lock);
	return n;
}

/*
 * Four times a second: a connection whose request head has not arrived whole
 * within HEAD_SECONDS, or whose request has not within REQUEST_SECONDS, is shut
 * down, and libmicrohttpd closes it as it would any connection its client left.
 * (An idle kept-alive connection waits for its next request's head: it closes
 * after HEAD_SECONDS too.)
 */
static void *guard_run(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 250 * 1000000L;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		int rc = pthread_cond_timedwait(&g->wake, &g->lock, &until);
		if (rc && rc != ETIMEDOUT)
			break;
		for (size_t i = 0; i < sizeof(g->conns) / sizeof(g->conns[0]); i++) {
			struct conn_watch *w = &g->conns[i];
			double age = w->state == CONN_HEAD || w->state == CONN_BODY ? seconds_since(&w->since) : 0;
			if ((w->state == CONN_HEAD && age >= HEAD_SECONDS) || (w->state == CONN_BODY && age >= REQUEST_SECONDS)) {
				shutdown(w->fd, SHUT_RDWR);
				w->state = CONN_CUT;
			}
		}
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

static int guard_start(struct guard *g, bool shares)
{
	pthread_condattr_t ca;
	memset(g, 0, sizeof(*g));
	g->shares = shares;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	g->started = pthread_create(&g->thread, NULL, guard_run, g) == 0;
	return g->started ? 0 : -1;
}

static void guard_stop(struct guard *g)
{
	if (g->started) {
		pthread_mutex_lock(&g->lock);
		g->stopping = true;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->thread, NULL);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
}

/* Counts headers by name, case-insensitively (MHD keeps duplicates). */
struct header_count {
	const char *name;
	int n;
	const char *value;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_count *hc = cls;
	(void)kind;
	if (key && !strcasecmp(key, hc->name)) {
		hc->n++;
		hc->value = value;
	}
	return MHD_YES;
}

/*
 * Header names with blanks or odd bytes ("Content-Length : 5" would hide a
 * body), values with a control character (a bare CR, which some agents take
 * for a line end), and, where the layout of libmicrohttpd's buffer is known,
 * bytes of the head that are in no header: a NUL ends a value where
 * libmicrohttpd sees it ("Bearer <token>\0junk" reads as "Bearer <token>"), and
 * a line folded onto the next (obs-fold) is glued to the header's name.
 */
struct header_scan {
	bool bad;
	char what[120];
	bool layout;                 /* the head's bytes are checked (libmicrohttpd 0.9.75's buffer) */
	const char *head, *end;      /* the head in libmicrohttpd's buffer: [head, end) */
	const char *at;              /* where the next header line should start */
};

/* The NULs libmicrohttpd wrote over a line's end (CRLF or LF), and a blank line's after the last. */
static size_t nuls(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && !p[n])
		n++;
	return n;
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	struct header_scan *hs = cls;
	(void)kind;
	if (!key || strlen(key) != key_size || !key_size ||
	    strspn(key, "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != key_size) {
		hs->bad = true;
		snprintf(hs->what, sizeof(hs->what), "a header name that is not a token");
		return MHD_NO;
	}
	for (size_t i = 0; value && i < value_size; i++) {
		unsigned char ch = (unsigned char)value[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			hs->bad = true;
			snprintf(hs->what, sizeof(hs->what), "%s in the %.60s header",
				 ch == '\r' ? "a CR that ends no line" : ch ? "a control character" : "a NUL", key);
			return MHD_NO;
		}
	}
	if (value && strlen(value) != value_size) {
		hs->bad = true;
		snprintf(hs->what, sizeof(hs->what), "a NUL in the %.60s header", key);
		return MHD_NO;
	}
	/* Headers the server set itself, and copies libmicrohttpd made, are not in the head. */
	if (!hs->layout || key < hs->head || key >= hs->end)
		return MHD_YES;
	/* The line: the name where the last line ended, its colon (a NUL now), blanks, the value, and
	 * one or two NULs (its CRLF or LF) before the next line. */
	const char *p = key + key_size;
	bool ok = key == hs->at && p < hs->end && !*p;
	for (p++; ok && p < value && (*p == ' ' || *p == '\t'); p++)
		;
	ok = ok && p == value && value + value_size <= hs->end;
	size_t n = ok ? nuls(value + value_size, hs->end) : 0;
	if (!ok || n < 1) {
		hs->bad = true;
		snprintf(hs->what, sizeof(hs->what), "a header line that is not what it seems (a NUL in a value, or a "
			 "line folded onto the next)");
		return MHD_NO;
	}
	hs->at = value + value_size + (n < 2 ? n : 2);
	return MHD_YES;
}

/*
 * Checks the whole head as libmicrohttpd 0.9.75 leaves it in its buffer: the
 * request line from method to version (the version's line end follows), then
 * each header line in order, then the blank line, ending exactly header-size
 * bytes after the method. Any byte elsewhere was hidden from tminus.
 */
static void scan_head(struct MHD_Connection *conn, const char *method, const char *version, struct header_scan *hs)
{
	const union MHD_ConnectionInfo *size = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	const char *v = MHD_get_version();
	hs->layout = v && !strcmp(v, "0.9.75") && size && method && version && version > method;
	if (hs->layout) {
		hs->head = method;
		hs->end = method + size->header_size;
		hs->at = version + strlen(version);
		hs->layout = hs->at < hs->end;
		size_t n = hs->layout ? nuls(hs->at, hs->end) : 0;
		hs->at += n < 2 ? n : 2;
	}
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, hs);
	if (!hs->bad && hs->layout) {
		/* After the last line: the blank line's NULs, and nothing else. */
		size_t n = nuls(hs->at, hs->end);
		if (hs->at + n != hs->end || n > 2) {
			hs->bad = true;
			snprintf(hs->what, sizeof(hs->what), "a header line that is not what it seems (a NUL in a value, "
				 "or a line folded onto the next)");
		}
	}
}

/* The framing checks Debian's libmicrohttpd 0.9.75 lets through (validate.c decides). */
static void check_framing(struct MHD_Connection *conn, const char *method, const char *url, const char *version,
			  struct request *r)
{
	struct header_count cl = { "Content-Length", 0, NULL }, te = { "Transfer-Encoding", 0, NULL },
			    host = { "Host", 0, NULL };
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &cl);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &te);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &host);
	tm_framing f = { .version = version, .url = url, .n_content_length = cl.n, .n_transfer_encoding = te.n,
			 .n_host = host.n, .content_length = cl.value, .transfer_encoding = te.value,
			 .nul = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, NUL_MARK) != NULL };
	r->early_status = tm_req_framing(&f, r->early_msg, sizeof(r->early_msg));
	struct header_scan hs = { 0 };
	if (!r->early_status)
		scan_head(conn, method, version, &hs);
	if (hs.bad) {
		r->early_status = 400;
		snprintf(r->early_msg, sizeof(r->early_msg), "%s", hs.what);
	}
}

/*
 * libmicrohttpd decodes %XX in the path and the query before tminus sees
 * them; a decoded NUL would silently cut the text short. This decoder marks
 * the request so check_framing refuses it.
 */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *uri)
{
	(void)cls;
	size_t n = MHD_http_unescape(uri);
	if (strlen(uri) != n)
		MHD_set_connection_value(conn, MHD_HEADER_KIND, NUL_MARK, "1");
	return n;
}

#define MAX_QUERY_PARAMS 256

/* "the request body is larger than 1 MiB": the limit of the request's route. */
/* The bodies over the common 1 MiB limit (imports) read at once, server-wide: credentials are only
 * checked once the body is in, so a client that merely sends a Cookie header must not make the
 * server hold more than this many large bodies. */
#define BIG_BODIES 2
static atomic_int big_bodies;

static void too_large_msg(struct request *r)
{
	snprintf(r->early_msg, sizeof(r->early_msg), "the request body is larger than %zu MiB", r->max_body >> 20);
}

/*
 * The first thing libmicrohttpd hands over: the raw request target, before
 * it splits the query into parameters. A target with more parameters than
 * any route takes is answered 414; its query is blanked out first because
 * 0.9.75, when a connection's memory runs out while storing parameters,
 * neither answers nor closes the connection. The blanking writes into the
 * library's own read buffer, which holds the request line for this request
 * only (hence the cast).
 */
static void *new_request(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *r = tm_xcalloc(1, sizeof(*r));
	if (cls)
		guard_begun(cls, conn);
	tm_buf_init(&r->body);
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	char *q = uri ? strchr(uri, '?') : NULL;
	size_t params = 0;
	for (const char *p = q; p && *p; p++)
		params += *p == '&' || *p == ';';
	if (q && params >= MAX_QUERY_PARAMS) {
		memset(q + 1, 'x', strlen(q + 1));
		r->early_status = 414;
		snprintf(r->early_msg, sizeof(r->early_msg), "too many query parameters (at most %d)", MAX_QUERY_PARAMS);
	}
	return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct request *r = *con_cls;
	if (!r) /* every request passes new_request first; this is only a seat belt */
		*con_cls = r = new_request(NULL, NULL, conn);
	if (!r->started) {
		r->started = true;
		guard_mark(srv, conn, CONN_BODY);
		if (!r->early_status)
			check_framing(conn, method, url, version, r);
		/* A body far over the limit is refused before it is read; one a little over is read and dropped,
		 * so that simple clients, which send it all before they read, still see the 413. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		/* The imports take more, from a client that signs in (checked once the body is read): a
		 * stranger's body is held to the 1 MiB of every other route. */
		r->max_body = tm_io_body_limit(method, url);
		if (!MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization") &&
		    !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"))
			r->max_body = TM_HTTP_MAX_BODY;
		if (!r->early_status && cl &&
		    strtoull(cl, NULL, 10) > (r->max_body > TM_HTTP_MAX_BODY ? 1 : 8) * (unsigned long long)r->max_body) {
			r->early_status = 413;
			too_large_msg(r);
		}
		if (!r->early_status && r->max_body > TM_HTTP_MAX_BODY &&
		    (!cl || strtoull(cl, NULL, 10) > TM_HTTP_MAX_BODY)) {
			if (atomic_fetch_add(&big_bodies, 1) >= BIG_BODIES) {
				atomic_fetch_sub(&big_bodies, 1);
				r->early_status = 503;
				snprintf(r->early_msg, sizeof(r->early_msg),
					 "%d large uploads are being read already: send it again in a moment", BIG_BODIES);
			} else {
				r->big = true;
			}
		}
		/* Bad framing is answered at once: its body may never end. */
		if (!r->early_status)
			return MHD_YES;
		guard_mark(srv, conn, CONN_ANSWERING);
		struct tm_reply rep;
		tm_reply_init(&rep);
		tm_reply_problem(&rep, r->early_status, r->early_msg, NULL);
		tm_reply_header(&rep, "Connection", "close");
		if (r->early_status == 503)
			tm_reply_header(&rep, "Retry-After", "5");
		enum MHD_Result ok = send_reply(conn, &rep, method, url, r);
		tm_reply_release(&rep);
		return ok;
	}
	if (*upload_data_size) {
		if (r->body.len + *upload_data_size > r->max_body)
			r->too_large = true;
		else if (!tm_buf_grow(&r->body, *upload_data_size))
			r->no_memory = true; /* answered 503 once the body has come */
		else
			tm_buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	guard_mark(srv, conn, CONN_ANSWERING);
	struct tm_reply rep;
	tm_reply_init(&rep);
	if (r->too_large) {
		too_large_msg(r);
		tm_reply_problem(&rep, 413, r->early_msg, NULL);
	} else if (r->no_memory) {
		tm_http_no_memory(&rep);
	} else {
		/* Sign-ins and password changes check passwords on the hashers' threads. */
		if (!r->login && !strcmp(method, "POST") && (!strcmp(url, "/login") || !strcmp(url, "/api/v1/me/password")))
			r->login = tm_xcalloc(1, sizeof(*r->login));
		if (r->login && r->login->state == LOGIN_HASHING) {
			tm_reply_release(&rep);
			return MHD_YES; /* woken before the check is done: keep waiting */
		}
		tm_http_route(&srv->opt, conn, method, url, r->body.s, r->body.len, r->login, &rep);
		if (r->login && r->login->state == LOGIN_HASHING) {
			if (tm_hasher_submit(conn, r->login)) {
				tm_reply_release(&rep);
				return MHD_YES; /* called again once checked */
			}
			tm_login_release(r->login, false);
			tm_reply_header(&rep, "Retry-After", "1");
			tm_reply_problem(&rep, 503, "too many sign-ins at once: try again in a second", NULL);
		}
	}
	enum MHD_Result ok = send_reply(conn, &rep, method, url, r);
	tm_reply_release(&rep);
	return ok;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct request *r = *con_cls;
	(void)toe;
	/* Answered: the connection waits for its next request's head. */
	guard_mark(cls, conn, CONN_HEAD);
	if (r) {
		if (r->big)
			atomic_fetch_sub(&big_bodies, 1);
		tm_buf_release(&r->body);
		if (r->login) {
			/* A client gone while its password was checked: its check is no longer in flight. */
			tm_login_release(r->login, false);
			sodium_memzero(r->login, sizeof(*r->login));
		}
		free(r->login);
		free(r);
	}
	*con_cls = NULL;
}

/*
 * Takes no new connection on the listening socket from now on: a filter drops each new client's SYN,
 * which it sends again until, this process gone, the kernel refuses it. Connections whose handshake
 * is done (queued for accept, or finishing now: their ACK passes) are still accepted and answered.
 * Closing the socket instead would reset every queued connection, whose client has sent its request.
 */
static void close_the_door(int listen_fd)
{
#ifdef __linux__
	struct sock_filter drop_syn[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),            /* the TCP header's flags */
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),         /* SYN and ACK */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 1),   /* a SYN alone opens a connection: */
		BPF_STMT(BPF_RET | BPF_K, 0),                      /* dropped */
		BPF_STMT(BPF_RET | BPF_K, 0xffffffffu),            /* anything else passes whole */
	};
	struct sock_fprog prog = { .len = sizeof(drop_syn) / sizeof(drop_syn[0]), .filter = drop_syn };
	if (listen_fd >= 0)
		(void)setsockopt(listen_fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
#else
	(void)listen_fd;
#endif
}

/*
 * SIGTERM: answers close their connections, no new connection is taken, and the server waits until
 * none is queued for accept and none has a request under way (or is new, its request on the way)
 * for DRAIN_QUIET_MS — at most DRAIN_MS in all, so that it ends within seconds.
 */
static void drain(struct server *srv, struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *li = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	int fd = li ? li->listen_fd : -1;
	atomic_store(&stopping, true);
	close_the_door(fd);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	long quiet = 0;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		bool queued = fd >= 0 && poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN);
		quiet = queued || guard_busy(&srv->guard) ? 0 : quiet + 5;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (long)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (quiet >= DRAIN_QUIET_MS || ms >= DRAIN_MS)
			break;
		struct timespec pause = { 0, 5 * 1000000L };
		nanosleep(&pause, NULL);
	}
}

int tm_http_serve(const tm_serve_options *opt, tm_error *err)
{
	struct server srv = { .opt = *opt };
	struct sockaddr_in addr = { .sin_family = AF_INET };
	char host[64] = "127.0.0.1";
	int port = 8080;
	const char *colon = opt->listen ? strrchr(opt->listen, ':') : NULL;
	if (opt->listen) {
		if (!colon || (size_t)(colon - opt->listen) >= sizeof(host))
			return tm_fail_field(err, TM_EUSAGE, "listen", "invalid --listen '%.60s': expected ADDRESS:PORT", opt->listen);
		snprintf(host, sizeof(host), "%.*s", (int)(colon - opt->listen), opt->listen);
		char *end = NULL;
		long p = strtol(colon + 1, &end, 10);
		if (*end || end == colon + 1 || p < 0 || p > 65535)
			return tm_fail_field(err, TM_EUSAGE, "listen", "invalid port in --listen '%.60s'", opt->listen);
		port = (int)p;
	}
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		return tm_fail_field(err, TM_EUSAGE, "listen", "invalid address '%s' (an IPv4 address such as 127.0.0.1)", host);
	addr.sin_port = htons((uint16_t)port);

	/* A new workspace gets its first admin, with a password shown this once. */
	{
		tm_store *st = NULL;
		tm_app app;
		char password[TM_PASSWORD_TEXT];
		bool created = false;
		int rc = tm_store_open(opt->db_path, &st, err);
		if (rc)
			return rc;
		tm_app_init(&app, st, opt->today, opt->playbook_path);
		app.user = "tminus serve";
		rc = tm_app_first_admin(&app, password, &created, err);
		/* The decoy hash unknown users are checked against, made now rather than by the first sign-in. */
		char decoy[160];
		tm_user none;
		bool known;
		tm_app_user_hash(&app, "", decoy, &none, &known);
		tm_app_release(&app);
		tm_store_close(st);
		if (rc)
			return rc;
		if (created)
			fprintf(stderr, "tminus: created user 'admin' with the one-time password: %s\n"
					"tminus: sign in with it at /login to choose your own (or set it with 'tminus user passwd admin')\n",
				password);
	}
	tm_auth_global_init();

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	(void)signal(SIGPIPE, SIG_IGN); /* fails only for a bad signal number */

	if (guard_start(&srv.guard, !opt->behind_proxy))
		return tm_fail(err, TM_EINTERNAL, "cannot start the thread that cuts off slow clients");
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0,
		admit_connection, &srv, handle, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)(opt->threads > 0 ? opt->threads : 4), MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(opt->per_address > 0 ? opt->per_address : 64), MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)TM_HTTP_IDLE_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, new_request, &srv, MHD_OPTION_NOTIFY_CONNECTION, notify_connection, &srv,
		MHD_OPTION_END);
	if (!d) {
		guard_stop(&srv.guard);
		return tm_fail(err, TM_EIO, "cannot listen on %s:%d (in use, or not an address of this machine)", host, port);
	}
	if (tm_hasher_start()) {
		MHD_stop_daemon(d);
		guard_stop(&srv.guard);
		return tm_fail(err, TM_EINTERNAL, "cannot start the sign-in threads");
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "tminus: serving %s on http://%s:%u/ with %d threads (SIGTERM stops)\n", opt->db_shown ? opt->db_shown : opt->db_path, host,
		info ? info->port : (unsigned)port, opt->threads > 0 ? opt->threads : 4);
	/* serve --notify: the pass and the sending, every minute, on a thread and a connection of their own. */
	tm_notifier *notifier = NULL;
	if (opt->notify && tm_notifier_start(opt->notify, &notifier, err)) {
		tm_hasher_stop();
		MHD_stop_daemon(d);
		guard_stop(&srv.guard);
		return err->code;
	}
	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "tminus: %s received, finishing requests in flight\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	/* No new connections; those taken are answered (sign-ins too, by the hashers still running). */
	drain(&srv, d);
	MHD_socket quiesced = MHD_quiesce_daemon(d);
	tm_hasher_stop();
	/* Its worker threads end, closing their SQLite connections (routes.c); then the notifier's. The
	 * command line's closes last, which checkpoints the WAL into the database and removes it. */
	MHD_stop_daemon(d);
	if (quiesced != MHD_INVALID_SOCKET)
		close(quiesced);
	guard_stop(&srv.guard);
	tm_notifier_stop(notifier);
	return 0;
}
