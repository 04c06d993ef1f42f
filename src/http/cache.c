/*
 * cache.c - the answers to reads, kept per worker thread while the database
 * does not change. Each thread has its own SQLite connection; PRAGMA
 * data_version on it changes when any other connection (another thread,
 * the command line) commits, and the thread counts its own writes, so an
 * answer is reused only when nothing at all was written since it was made.
 * Reads answer the same to every signed-in user (roles decide writes), so
 * the key is the path, the query and "today"; /api/v1/me and /api/v1/me/tasks are never kept.
 *
 * What is kept is the libmicrohttpd response itself, headers and all,
 * which can be queued on any number of connections: a hit copies nothing.
 * A thread keeps at most 8 MiB of answers, so clients asking for many
 * different large pages cannot grow the server. Beside them, the thread
 * keeps the use cases' memo (app.h: everyone's load per week, which every
 * readiness check reads), stamped the same way.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"

#include "util/banned.h"

#define SLOTS 256
#define MAX_KEY 1024
#define MAX_BODY (1 << 20)   /* bigger answers are made afresh each time */
#define BUDGET (8 << 20)     /* bytes of answers a thread keeps at most, whatever clients ask for */

struct entry {
	char *key;
	int64_t version, writes;
	int status;
	size_t bytes;            /* the body's size, counted against BUDGET */
	struct MHD_Response *response;
};

struct cache {
	struct entry slot[SLOTS];
	int64_t writes;          /* writes this thread made through its connection */
	size_t bytes;            /* held by all slots */
	unsigned evict;          /* where the next eviction for space looks */
	tm_app_memo memo;        /* what the use cases keep between this thread's requests (everyone's load) */
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void drop(struct cache *c, struct entry *e)
{
	c->bytes -= e->bytes;
	free(e->key);
	if (e->response)
		MHD_destroy_response(e->response); /* freed once no connection still sends it */
	memset(e, 0, sizeof(*e));
}

static void free_cache(void *p)
{
	struct cache *c = p;
	for (int i = 0; i < SLOTS; i++)
		drop(c, &c->slot[i]);
	tm_app_memo_release(&c->memo);
	free(c);
}

static void make_key(void)
{
	pthread_key_create(&cache_key, free_cache);
}

static struct cache *mine(void)
{
	pthread_once(&cache_once, make_key);
	struct cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = tm_xcalloc(1, sizeof(*c));
		pthread_setspecific(cache_key, c);
	}
	return c;
}

void tm_cache_wrote(void)
{
	mine()->writes++;
}

tm_app_memo *tm_cache_memo(tm_app *app)
{
	struct cache *c = mine();
	tm_error ignored = TM_ERROR_INIT;
	/* Read before the request's snapshot begins: a commit landing in between makes the memo made
	 * from the newer snapshot carry the older stamp, so the next request makes it again (never the
	 * other way round, a stale memo under a fresh stamp). */
	if (tm_app_data_version(app, &app->memo_stamp[0], &ignored))
		return NULL;
	app->memo_stamp[1] = c->writes;
	return &c->memo;
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	tm_buf *b = cls;
	(void)kind;
	tm_buf_printf(b, "&%s=%s", key ? key : "", value ? value : "");
	return b->len > MAX_KEY ? MHD_NO : MHD_YES;
}

bool tm_cache_key(struct call *c, tm_buf *key)
{
	char today[TM_DATE_STRLEN];
	tm_buf_printf(key, "%s\n%s\n", tm_date_format(c->app->today, today), c->url);
	MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, add_arg, key);
	return key->len <= MAX_KEY;
}

bool tm_cache_get(const char *key, int64_t version, struct tm_reply *rep)
{
	struct cache *c = mine();
	struct entry *e = &c->slot[hash(key) % SLOTS];
	if (!e->key || strcmp(e->key, key) || e->version != version || e->writes != c->writes)
		return false;
	rep->status = e->status;
	rep->response = e->response;
	return true;
}

void tm_cache_put(const char *key, int64_t version, struct tm_reply *rep)
{
	struct cache *c = mine();
	if (rep->status != 200 || rep->body.len > MAX_BODY)
		return;
	struct entry *e = &c->slot[hash(key) % SLOTS];
	drop(c, e);
	/* Room within the budget: other answers go, round the slots. */
	for (int n = 0; n < SLOTS && c->bytes + rep->body.len > BUDGET; n++)
		drop(c, &c->slot[c->evict++ % SLOTS]);
	if (!(e->response = tm_http_response(rep, true)))
		return;
	e->key = tm_xstrdup(key);
	e->version = version;
	e->writes = c->writes;
	e->status = rep->status;
	e->bytes = rep->body.len;
	c->bytes += e->bytes;
}
