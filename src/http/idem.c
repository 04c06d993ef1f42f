/*
 * idem.c - every write route runs in one transaction; a POST with an
 * Idempotency-Key stores its answer (status, Location, body) in that same
 * transaction, so a crash cannot keep the change and lose the key, or the
 * other way round. A retry with the same key and the same request gets the
 * first answer again; the same key with another request gets 422; a retry
 * while the first is still running gets 409.
 *
 * "Still running" is known twice: this server's table of keys in flight, and
 * the store's claim inside the answering transaction (on PostgreSQL an
 * advisory lock, so that another server answering the same key now is seen).
 * Should two servers still both answer a key (the second's snapshot began
 * before the first's commit), the second's row of the key meets the first's
 * and its transaction fails with TM_ERETRY: the router runs it again and it
 * replays the first answer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"
#include "util/sodium.h"

#include "util/banned.h"

/* More than the server's 256 connections: a full table cannot happen, whatever clients do. */
#define MAX_IN_FLIGHT 512
#define MAX_KEY 200

/* The keys being answered right now, by user. */
static struct {
	int64_t user;
	char key[MAX_KEY + 1];
} in_flight[MAX_IN_FLIGHT];
static int n_in_flight;
static pthread_mutex_t in_flight_lock = PTHREAD_MUTEX_INITIALIZER;


static bool claim(int64_t user, const char *key)
{
	bool ok = true;
	pthread_mutex_lock(&in_flight_lock);
	for (int i = 0; i < n_in_flight && ok; i++)
		ok = !(in_flight[i].user == user && !strcmp(in_flight[i].key, key));
	if (ok && n_in_flight < MAX_IN_FLIGHT) {
		in_flight[n_in_flight].user = user;
		snprintf(in_flight[n_in_flight].key, sizeof(in_flight[0].key), "%s", key);
		n_in_flight++;
	} else if (ok) {
		ok = false; /* too many at once: the client retries */
	}
	pthread_mutex_unlock(&in_flight_lock);
	return ok;
}

static void release(int64_t user, const char *key)
{
	pthread_mutex_lock(&in_flight_lock);
	for (int i = 0; i < n_in_flight; i++)
		if (in_flight[i].user == user && !strcmp(in_flight[i].key, key)) {
			in_flight[i] = in_flight[--n_in_flight];
			break;
		}
	pthread_mutex_unlock(&in_flight_lock);
}

/* Hex BLAKE2b of method, path and body: what "the same request" means. */
static void request_hash(struct call *c, char hex[65])
{
	crypto_generichash_state h;
	unsigned char out[32];
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	crypto_generichash_update(&h, (const unsigned char *)c->method, strlen(c->method) + 1);
	crypto_generichash_update(&h, (const unsigned char *)c->url, strlen(c->url) + 1);
	if (c->len)
		crypto_generichash_update(&h, (const unsigned char *)c->body, c->len);
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, 65, out, sizeof(out));
}

static void replay(struct call *c, const tm_idem *first)
{
	tm_reply_text(c->rep, first->status, first->content_type, first->body, first->body_len);
	if (first->location[0])
		tm_reply_header(c->rep, "Location", first->location);
	tm_reply_header(c->rep, "Idempotent-Replayed", "true");
}

/* What one write does inside the batch's transaction. */
struct step {
	const struct tm_route *route;
	const char *key;             /* the Idempotency-Key, or NULL */
	char hash[65];               /* of the request, with a key */
};

/* Replays the first answer to a key, or runs the handler and keeps the key with its answer. */
static int run_step(struct call *c, void *arg)
{
	struct step *s = arg;
	tm_idem first = { 0 };
	bool found = false;
	int rc = 0;
	/* Claimed in the database too, in this transaction: another server answering the key now says so. */
	if (s->key) {
		bool claimed = false;
		if ((rc = tm_app_idem_claim(c->app, c->who.user.id, s->key, &claimed, &c->err)))
			return rc;
		if (!claimed)
			return tm_fail(&c->err, TM_ECONFLICT, "a request with Idempotency-Key '%s' is still being answered",
				       s->key);
	}
	if (s->key && !(rc = tm_app_idem_get(c->app, c->who.user.id, s->key, &first, &found, &c->err)) && found) {
		if (strcmp(first.request, s->hash)) {
			tm_fail_field(&c->err, TM_EINVAL, "Idempotency-Key", "Idempotency-Key '%s' was used for another request",
				      s->key);
			tm_reply_problem(c->rep, 422, c->err.msg, c->err.field);
		} else {
			replay(c, &first);
		}
		free(first.body);
		return 0; /* nothing written */
	}
	if (!rc)
		rc = s->route->fn(c);
	if (!rc && s->key && c->rep->status < 300) {
		tm_idem save = { .user_id = c->who.user.id, .status = c->rep->status, .body = c->rep->body.s,
				 .body_len = c->rep->body.len };
		snprintf(save.key, sizeof(save.key), "%s", s->key);
		snprintf(save.request, sizeof(save.request), "%s", s->hash);
		snprintf(save.content_type, sizeof(save.content_type), "%s", c->rep->content_type);
		const char *loc = tm_reply_get_header(c->rep, "Location");
		snprintf(save.location, sizeof(save.location), "%s", loc ? loc : "");
		rc = tm_app_idem_put(c->app, &save, &c->err);
	}
	return rc;
}

int tm_idem_run(struct call *c, const struct tm_route *r)
{
	struct step s = { .route = r, .key = tm_call_header(c, "Idempotency-Key") };
	bool claimed = false;
	if (s.key && strcmp(c->method, "POST"))
		s.key = NULL; /* PATCH, PUT and DELETE are idempotent through If-Match already */
	if (s.key) {
		size_t n = strlen(s.key);
		if (!n || n > MAX_KEY || strspn(s.key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") != n)
			return tm_fail_field(&c->err, TM_EINVAL, "Idempotency-Key",
					     "Idempotency-Key must be 1 to %d letters, digits or -_.:", MAX_KEY);
		if (!(claimed = claim(c->who.user.id, s.key)))
			return tm_fail(&c->err, TM_ECONFLICT, "a request with Idempotency-Key '%s' is still being answered",
				       s.key);
		request_hash(c, s.hash);
	}
	/* Acknowledged only once committed: a failed commit answers with the error instead. */
	int rc = tm_batch_write(c, run_step, &s);
	if (claimed)
		release(c->who.user.id, s.key);
	return rc;
}
