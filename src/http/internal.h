/*
 * internal.h - what the server's files share: the reply a route fills, the
 * call a handler gets, the route table's entry, and the helpers every
 * handler uses to read parameters and bodies.
 */
#ifndef TM_HTTP_INTERNAL_H
#define TM_HTTP_INTERNAL_H

#include <jansson.h>

#include "app/app.h"
#include "http/http.h"
#include "util/buf.h"
#include "util/mhd.h"

#define TM_REPLY_MAX_HEADERS 8
#define TM_MAX_PARAMS 8

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
	struct MHD_Response *response;   /* the whole answer, prepared by the read cache, or NULL */
	int body_fd;                     /* a body sent from a file (tm_reply_file) instead of body, or -1 */
	uint64_t body_fd_size;           /* its bytes */
};

/* The libmicrohttpd response for rep, with the security headers; keep_body copies the body
 * (else it is handed over). The caller destroys it. */
struct MHD_Response *tm_http_response(struct tm_reply *rep, bool keep_body);

void tm_reply_init(struct tm_reply *r);
void tm_reply_release(struct tm_reply *r);
/* A JSON body (steals the reference). */
void tm_reply_json(struct tm_reply *r, int status, json_t *j);
/* A body of another type (text/markdown, text/calendar, text/html). */
void tm_reply_text(struct tm_reply *r, int status, const char *content_type, const char *s, size_t n);
/* A body read from fd (its size bytes, from offset 0), which the reply now owns: a document too large
 * to hold in memory (routes_io.c). Never kept by the read cache or an Idempotency-Key. */
void tm_reply_file(struct tm_reply *r, int status, const char *content_type, int fd, uint64_t size);
/* RFC 9457 application/problem+json; parameter names a bad query parameter or a JSON pointer, or NULL. */
void tm_reply_problem(struct tm_reply *r, int status, const char *detail, const char *parameter);
/* The same with one more member (steals value): "errors" for a document with several problems. */
void tm_reply_problem_with(struct tm_reply *r, int status, const char *detail, const char *parameter,
			   const char *member, json_t *value);
void tm_reply_header(struct tm_reply *r, const char *name, const char *value);
const char *tm_reply_get_header(const struct tm_reply *r, const char *name);

/* Who is asking. */
struct tm_principal {
	bool known;                      /* signed in with a token or a session */
	tm_user user;
	bool write_scope;                /* a write token, or a session */
	bool via_cookie;                 /* a session cookie (CSRF rules apply) */
	char session[TM_SESSION_TEXT];   /* the session id, when via_cookie */
};

/* A sign-in, or a change of one's password, across the calls of one request: the password is
 * checked (and the new one hashed) on a hasher thread. */
#define TM_NEXT_MAX 160

/* Is next a page of the web UI to return to after signing in (a local path, never another
 * origin, the API or the sign-in pages themselves)? */
bool tm_next_ok(const char *next);

struct tm_login {
	int state;                       /* LOGIN_NEW, LOGIN_HASHING (queued), LOGIN_CHECKED */
	bool form;                       /* a browser form (303) or JSON (200) */
	bool known, ok;                  /* the user exists; the password matched (the hasher's verdict) */
	bool change;                     /* a password change: new_password is hashed into new_hash if ok */
	bool hashed;                     /* new_hash holds the new password's hash */
	char new_password[1100];
	char new_hash[160];
	tm_user user;
	char addr[48];                   /* the client address its attempts count against */
	char name[TM_NAME_MAX + 1];      /* the user name as typed, ASCII lower case: its checks in flight */
	bool admitted;                   /* counted as an attempt and a check in flight (until released) */
	char hash[160];                  /* the argon2id hash to check against (a decoy's if unknown) */
	char password[1100];
	char next[TM_NEXT_MAX];          /* a form's page to go back to after signing in ("" = the start) */
};

enum { LOGIN_NEW, LOGIN_HASHING, LOGIN_CHECKED };

/* What a handler gets. */
struct call {
	const tm_serve_options *opt;
	tm_app *app;
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	const char *body;                  /* the request body (NUL-terminated), len bytes */
	size_t len;
	const char *param[TM_MAX_PARAMS];  /* the path segments that matched ':' */
	struct tm_reply *rep;
	tm_error err;
	struct tm_principal who;
	struct tm_login *login;            /* POST /login's state across calls, or NULL */
};

/* Who may use a route; all but TM_OPEN map to app/'s permissions (tm_app_authorize). */
enum tm_route_access {
	TM_OPEN,        /* anyone (health, OpenAPI, sign-in, feeds with their own token) */
	TM_READ,        /* TM_PERM_READ: any signed-in user */
	TM_EDIT,        /* TM_PERM_PLAN: editors and admins */
	TM_EDIT_PREVIEW, /* TM_EDIT, and the write also takes ?dry_run=true: the handler previews the change and
			 * saves nothing, so a dry run runs outside the batch's transaction (routes.c) */
	TM_ADMIN,       /* TM_PERM_WORKSPACE: admins */
	TM_SELF,        /* TM_PERM_SELF: any signed-in user, about their own account, even one who must
			 * choose a password first; the handler runs its own transaction */
};

/* What else the router must know of a route: OR-ed into its access (TM_READ | TM_PURE). */
#define TM_ACCESS_MASK 0xff
enum tm_route_flags {
	/* A POST that changes nothing (it only carries a body to work on: a preview, a check): run like a
	 * read, inside the read's snapshot, never cached; a read-scope token may use it. */
	TM_PURE = 1 << 8,
	/* The answer holds a secret shown once (a one-time password, a token): it is never stored with an
	 * Idempotency-Key to be replayed, and the handler runs its own transaction outside the group
	 * commit (a password's argon2id hash is slow: it must not hold up every other write). */
	TM_SECRET = 1 << 9,
};

struct tm_route {
	const char *method;
	const char *pattern;             /* ':' matches one path segment */
	int (*fn)(struct call *c);
	int access;                      /* enum tm_route_access, with any enum tm_route_flags */
};

/* The route tables of each resource, each ending with a { NULL } entry. */
extern const struct tm_route tm_routes_launches[];
extern const struct tm_route tm_routes_tasks[];
extern const struct tm_route tm_routes_workspace[];
extern const struct tm_route tm_routes_auth[];
extern const struct tm_route tm_routes_feeds[];
extern const struct tm_route tm_routes_pages[];
extern const struct tm_route tm_routes_admin[];
extern const struct tm_route tm_routes_assets[];
extern const struct tm_route tm_routes_metrics[];
extern const struct tm_route tm_routes_backlog[];
extern const struct tm_route tm_routes_experiments[];
extern const struct tm_route tm_routes_roadmap[];
extern const struct tm_route tm_routes_glossary[];
extern const struct tm_route tm_routes_agenda[];
extern const struct tm_route tm_routes_notify[];
extern const struct tm_route tm_routes_io[];

/* The largest body of the imports (routes_io.c): a tool's CSV export, a workspace document. */
#define TM_IO_IMPORT_MAX ((size_t)16 << 20)
#define TM_IO_WORKSPACE_MAX ((size_t)128 << 20)
/* The largest request body a route takes: TM_HTTP_MAX_BODY but for the imports. */
size_t tm_io_body_limit(const char *method, const char *url);

struct tm_asset;
/* The page a browser gets for an address that is no page (pages.c). */
void tm_page_not_found(struct tm_reply *rep, const char *path);
/* Replies with an embedded file of the web UI (assets.c); cache is its Cache-Control. */
void tm_asset_reply(struct call *c, const struct tm_asset *a, const char *cache);

/* Routes one request and fills rep. login keeps a sign-in's state between calls (NULL: none);
 * when it comes back LOGIN_HASHING the caller queues it for a hasher and calls again after. */
void tm_http_route(const tm_serve_options *opt, struct MHD_Connection *conn, const char *method, const char *url,
		   const char *body, size_t body_len, struct tm_login *login, struct tm_reply *rep);
/* Replaces rep with 503 "out of memory" and Retry-After (util/mem.h's flag was set). */
void tm_http_no_memory(struct tm_reply *rep);

/* ---- helpers for handlers (reply.c) ---- */

const char *tm_call_query(struct call *c, const char *name);
const char *tm_call_header(struct call *c, const char *name);
/* An integer query parameter in [lo, hi]; def when absent. */
int tm_call_query_int(struct call *c, const char *name, int def, int lo, int hi, int *out);
/* A true/false query parameter (1 and 0 too); false when absent. */
int tm_call_query_bool(struct call *c, const char *name, bool *out);
/* The body as a strict JSON object (see validate.h); 415 unless it is application/json. */
int tm_call_body(struct call *c, json_t **out);
/* Sets "ETag" to the strong tag of kind/id/version ("task-12-v3"). */
void tm_call_etag(struct call *c, const char *kind, int64_t id, int64_t version);
/* A use case names a field by its name in app/'s input tables ("date"); the API names a member
 * of the body by its JSON pointer ("/date"), in the message too ("{}"). Passes rc through. */
int tm_call_pointer(struct call *c, int rc);
/* Sets an input's field from a query parameter (the parameter named as it is, not as a pointer). */
int tm_call_query_input(struct call *c, const tm_input_desc *d, const char *field, const char *text, void *in);
/* The If-Match a PATCH/PUT/DELETE must send: 428 without, 412 unless it names version. */
int tm_call_if_match(struct call *c, const char *kind, int64_t id, int64_t version);
/* 201 with Location and a JSON body. */
void tm_call_created(struct call *c, const char *location_fmt, int64_t id, json_t *body);
/* A list page: limit and offset from the query; sets Link when there is more. */
int tm_call_page(struct call *c, int *limit, int *offset);
void tm_call_link_next(struct call *c, int limit, int offset);
/* Answers one page (limit, offset) of a whole list, with Link when there is more; steals arr. */
int tm_call_list(struct call *c, json_t *arr);

/* ---- sign-in (auth.c) ---- */

/* Fills c->who from a bearer token or a session cookie; 401 problems are the caller's. Fails (with
 * c->err) only when the workspace cannot say (its database gone): never an unknown token or session. */
int tm_auth_identify(struct call *c);
/* A cookie-authenticated change needs the session's CSRF token and a same-origin request. */
int tm_auth_check_csrf(struct call *c);
/* Starts and stops what sign-in needs across requests (rate limits, the hashing gate). */
void tm_auth_global_init(void);
/* The slow half of a sign-in: the argon2id check (at most two at once); LOGIN_CHECKED after. */
void tm_login_check(struct tm_login *l);
/* Ends a sign-in's check in flight (once; a success also clears its address's attempts). */
void tm_login_release(struct tm_login *l, bool succeeded);

/* ---- idempotency (idem.c) ---- */

/* Runs a write route in one transaction with its Idempotency-Key, if any. */
int tm_idem_run(struct call *c, const struct tm_route *r);

/* ---- group commit (batch.c) ---- */

/* Runs step(c, arg) in a savepoint of a write transaction shared with the writes that arrive
 * meanwhile; returns its outcome once the transaction is committed (or the commit's error). */
int tm_batch_write(struct call *c, int (*step)(struct call *c, void *arg), void *arg);

/* ---- the per-thread cache of reads (cache.c) ---- */

/* The key of a read: today, path and query; false when it is too long to keep. */
bool tm_cache_key(struct call *c, tm_buf *key);
/* The answer kept for key at this data version, if nothing was written since: sets rep->status
 * and rep->response (the cache's own reference: queue it before the thread caches again). */
bool tm_cache_get(const char *key, int64_t version, struct tm_reply *rep);
void tm_cache_put(const char *key, int64_t version, struct tm_reply *rep);
/* This thread wrote through its connection (data_version does not see its own writes). */
void tm_cache_wrote(void);
/* The thread's memo for the use cases, with app's stamp set to the workspace's state now; NULL when
 * that cannot be told (the app then goes without). Call before the request's read snapshot. */
tm_app_memo *tm_cache_memo(tm_app *app);

/* ---- sign-ins on their own threads (hasher.c) ---- */

int tm_hasher_start(void);
/* Checks what is queued, then stops the threads. */
void tm_hasher_stop(void);
/* Suspends conn and queues its password check; a hasher sets login->ok and LOGIN_CHECKED, and
 * conn is resumed. False (nothing suspended) when the queue is full. */
bool tm_hasher_submit(struct MHD_Connection *conn, struct tm_login *login);

/* ---- the OpenAPI document, compiled in ---- */
extern unsigned char tm_openapi_data[];
extern unsigned int tm_openapi_data_len;

#endif
