/*
 * test_app_outbox.c - the outbox on every backend (store.h's outbox sub-table, app/outbox.h): an
 * item is added once per (recipient, event_key); a sender claims due items, oldest first, under a
 * lease that keeps them from every other sender until it runs out; two senders on two connections
 * never get the same item (PostgreSQL: at once, FOR UPDATE SKIP LOCKED); an outcome is recorded
 * and listed newest first, filtered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/outbox.h"
#include "app_fixture.h"
#include "store/store.h"

#include "util/banned.h"

#define T0 "2027-01-04T08:00:00Z"

/* Adds an email to to about key in its own transaction; returns whether it was added. */
static bool enqueue(ws *w, tm_store *st, const char *to, const char *key, int64_t *id)
{
	tm_outbox_item it = { 0 };
	bool added = false;
	snprintf(it.channel, sizeof(it.channel), "email");
	snprintf(it.event, sizeof(it.event), "digest.daily");
	snprintf(it.event_key, sizeof(it.event_key), "%s", key);
	snprintf(it.recipient, sizeof(it.recipient), "%s", to);
	snprintf(it.created_at, sizeof(it.created_at), T0);
	it.subject = "Your day";
	it.body = "Two tasks are due";
	it.html = "<p>Two tasks are due</p>";
	OK(w, st->ops->tx->begin(st, true, &w->err));
	OK(w, st->ops->outbox->enqueue(st, &it, &added, &w->err));
	OK(w, st->ops->tx->commit(st, &w->err));
	if (added) {
		assert_true(it.id > 0);
		assert_string_equal(it.next_at, T0);
		assert_string_equal(it.created_at, T0);
	}
	if (id)
		*id = it.id;
	return added;
}

/* Claims up to limit items due at now under a lease until until, in its own transaction. */
static void claim(ws *w, tm_store *st, const char *now, const char *until, int limit, tm_outbox_items *out)
{
	OK(w, st->ops->tx->begin(st, true, &w->err));
	OK(w, st->ops->outbox->claim(st, NULL, now, until, limit, out, &w->err));
	OK(w, st->ops->tx->commit(st, &w->err));
}

static void an_event_is_queued_once_per_recipient(void **state)
{
	ws *w = *state;
	tm_store *st = w->app.st;
	int64_t a, b;
	assert_true(enqueue(w, st, "dana@example.com", "digest.daily:2027-01-04", &a));
	assert_false(enqueue(w, st, "dana@example.com", "digest.daily:2027-01-04", NULL));
	assert_true(enqueue(w, st, "sam@example.com", "digest.daily:2027-01-04", &b));
	assert_true(enqueue(w, st, "dana@example.com", "digest.daily:2027-01-05", NULL));
	assert_true(b > a);

	tm_outbox_item got = { 0 };
	OK(w, st->ops->outbox->get(st, a, &got, &w->err));
	assert_string_equal(got.recipient, "dana@example.com");
	assert_string_equal(got.channel, "email");
	assert_string_equal(got.event, "digest.daily");
	assert_string_equal(got.subject, "Your day");
	assert_string_equal(got.body, "Two tasks are due");
	assert_string_equal(got.html, "<p>Two tasks are due</p>");
	assert_string_equal(got.status, "pending");
	assert_int_equal(got.attempts, 0);
	assert_string_equal(got.sent_at, "");
	tm_outbox_item_free(&got);

	tm_outbox_items all = TM_VEC_INIT;
	tm_outbox_filter f = { 0 };
	OK(w, tm_app_outbox_log(&w->app, &f, &all, &w->err));
	assert_int_equal(all.n, 3);
	assert_true(all.v[0].id > all.v[1].id && all.v[1].id > all.v[2].id);
	tm_outbox_items_free(&all);

	tm_outbox_item none = { 0 };
	assert_int_equal(st->ops->outbox->get(st, 999, &none, &w->err), TM_ENOTFOUND);
}

static void a_claim_holds_items_under_a_lease(void **state)
{
	ws *w = *state;
	tm_store *st = w->app.st;
	int64_t id[3];
	enqueue(w, st, "a@example.com", "k", &id[0]);
	enqueue(w, st, "b@example.com", "k", &id[1]);
	enqueue(w, st, "c@example.com", "k", &id[2]);

	/* Nothing is due before it was made. */
	tm_outbox_items v = TM_VEC_INIT;
	claim(w, st, "2027-01-04T07:59:59Z", "2027-01-04T08:04:59Z", 0, &v);
	assert_int_equal(v.n, 0);

	/* Oldest first, at most the limit, leased. */
	claim(w, st, "2027-01-04T08:00:00Z", "2027-01-04T08:05:00Z", 2, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.v[0].id, id[0]);
	assert_int_equal(v.v[1].id, id[1]);
	assert_string_equal(v.v[0].next_at, "2027-01-04T08:05:00Z");
	tm_outbox_items_free(&v);

	/* A second sender gets only the one left; after the lease, the two again. */
	claim(w, st, "2027-01-04T08:01:00Z", "2027-01-04T08:06:00Z", 0, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0].id, id[2]);
	tm_outbox_items_free(&v);
	claim(w, st, "2027-01-04T08:05:00Z", "2027-01-04T08:10:00Z", 0, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.v[0].id, id[0]);

	/* Sent: not claimed again; the log filters on it. */
	tm_outbox_item *it = &v.v[0];
	snprintf(it->status, sizeof(it->status), "sent");
	it->attempts = 1;
	snprintf(it->sent_at, sizeof(it->sent_at), "2027-01-04T08:05:01Z");
	OK(w, st->ops->tx->begin(st, true, &w->err));
	OK(w, st->ops->outbox->update(st, it, &w->err));
	OK(w, st->ops->tx->commit(st, &w->err));
	tm_outbox_items_free(&v);
	claim(w, st, "2027-01-05T00:00:00Z", "2027-01-05T00:05:00Z", 0, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.v[0].id, id[1]);
	assert_int_equal(v.v[1].id, id[2]);
	tm_outbox_items_free(&v);

	tm_outbox_filter f = { .status = "sent" };
	OK(w, tm_app_outbox_log(&w->app, &f, &v, &w->err));
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0].id, id[0]);
	assert_int_equal(v.v[0].attempts, 1);
	assert_string_equal(v.v[0].sent_at, "2027-01-04T08:05:01Z");
	tm_outbox_items_free(&v);
	f = (tm_outbox_filter){ .channel = "webhook" };
	OK(w, tm_app_outbox_log(&w->app, &f, &v, &w->err));
	assert_int_equal(v.n, 0);
	f = (tm_outbox_filter){ .limit = 1, .before_id = id[2] };
	OK(w, tm_app_outbox_log(&w->app, &f, &v, &w->err));
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0].id, id[1]);
	tm_outbox_items_free(&v);
}

static void two_senders_never_share_an_item(void **state)
{
	ws *w = *state;
	tm_store *st = w->app.st, *other = NULL;
	for (int i = 0; i < 6; i++) {
		char to[64];
		snprintf(to, sizeof(to), "p%d@example.com", i);
		enqueue(w, st, to, "k", NULL);
	}
	OK(w, ws_open_again(w, &other, &w->err));
	tm_outbox_items mine = TM_VEC_INIT, theirs = TM_VEC_INIT;
	const char *now = "2027-01-04T09:00:00Z", *until = "2027-01-04T09:05:00Z";
	if (st->ops->parallel_writes) {
		/* Both transactions open at once: the second skips what the first holds. */
		OK(w, st->ops->tx->begin(st, true, &w->err));
		OK(w, st->ops->outbox->claim(st, NULL, now, until, 3, &mine, &w->err));
		OK(w, other->ops->tx->begin(other, true, &w->err));
		OK(w, other->ops->outbox->claim(other, NULL, now, until, 0, &theirs, &w->err));
		OK(w, other->ops->tx->commit(other, &w->err));
		OK(w, st->ops->tx->commit(st, &w->err));
	} else {
		claim(w, st, now, until, 3, &mine);
		claim(w, other, now, until, 0, &theirs);
	}
	assert_int_equal(mine.n, 3);
	assert_int_equal(theirs.n, 3);
	for (size_t i = 0; i < mine.n; i++)
		for (size_t j = 0; j < theirs.n; j++)
			assert_true(mine.v[i].id != theirs.v[j].id);
	tm_outbox_items_free(&mine);
	tm_outbox_items_free(&theirs);
	other->ops->tx->close(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(an_event_is_queued_once_per_recipient),
		WS_TEST(a_claim_holds_items_under_a_lease),
		WS_TEST(two_senders_never_share_an_item),
	};
	WS_MAIN("app_outbox", tests);
}
