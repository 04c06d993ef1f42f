/*
 * outbox.c - sending what the outbox holds (app/outbox.h), after the transaction that recorded it.
 *
 * A pass claims a few due items at a time in a short write transaction (their next_at moved to a
 * lease ten minutes ahead, so no other sender takes them), sends each outside any transaction
 * (app/outbox_send.c), and records its outcome in another. A sender killed between a send and its
 * record leaves the item leased: it is sent again once the lease runs out (repeated, never lost).
 * A failure is retried after 30 s, 1 min, 2 min, … (doubling, at most an hour) until a day after
 * the item was made; then, or at once when retrying cannot help (an address refused), it is failed.
 * Once a webhook (or the SMTP server) fails in a pass, its other items wait as long as that one,
 * without an attempt: a service that is down costs one timeout a pass, not one per item.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/notify.h"
#include "app/outbox.h"
#include "app/outbox_send.h"

#include "util/banned.h"

#define LEASE_SECONDS 600
#define BATCH 10
#define FIRST_RETRY_SECONDS 30
#define MAX_RETRY_SECONDS 3600
#define GIVE_UP_SECONDS 86400

void tm_outbox_item_free(tm_outbox_item *it)
{
	free(it->subject);
	free(it->body);
	free(it->html);
	it->subject = it->body = it->html = NULL;
}

void tm_outbox_items_free(tm_outbox_items *s)
{
	for (size_t i = 0; i < s->n; i++)
		tm_outbox_item_free(&s->v[i]);
	TM_VEC_FREE(s);
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

void tm_outbox_config_env(tm_outbox_config *cfg)
{
	if (!cfg->smtp_url)
		cfg->smtp_url = env("TMINUS_SMTP");
	if (!cfg->smtp_user)
		cfg->smtp_user = env("TMINUS_SMTP_USER");
	if (!cfg->smtp_password)
		cfg->smtp_password = env("TMINUS_SMTP_PASSWORD");
	if (!cfg->from)
		cfg->from = env("TMINUS_MAIL_FROM") ? env("TMINUS_MAIL_FROM") : "tminus@localhost";
	if (!cfg->base_url)
		cfg->base_url = env("TMINUS_BASE_URL");
}

void tm_app_now(char out[TM_STAMP_MAX])
{
	const char *pin = getenv("TMINUS_NOW");
	int64_t t;
	if (pin && tm_stamp_parse(pin, &t)) {
		snprintf(out, TM_STAMP_MAX, "%s", pin);
		return;
	}
	tm_stamp_format((int64_t)time(NULL), out);
}

/* cfg's time, else the clock's; as a stamp and as seconds. */
static void now_of(const tm_outbox_config *cfg, char now[TM_STAMP_MAX], int64_t *t)
{
	if (cfg->now && tm_stamp_parse(cfg->now, t)) {
		snprintf(now, TM_STAMP_MAX, "%s", cfg->now);
		return;
	}
	tm_app_now(now);
	if (!tm_stamp_parse(now, t))
		*t = (int64_t)time(NULL);
}

/* The wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most an hour. */
static int64_t backoff(int attempts)
{
	int64_t wait = FIRST_RETRY_SECONDS;
	for (int i = 1; i < attempts && wait < MAX_RETRY_SECONDS; i++)
		wait *= 2;
	return wait < MAX_RETRY_SECONDS ? wait : MAX_RETRY_SECONDS;
}

/* One attempt at it (claimed, or taken by send_one), its outcome written into it. */
static void attempt(tm_app *app, const tm_outbox_config *cfg, tm_outbox_item *it, const char *now, int64_t t)
{
	tm_send_result r = { 0 };
	if (!strcmp(it->channel, "email")) {
		tm_send_email(cfg, it, now, &r);
	} else if (!strcmp(it->channel, "webhook")) {
		tm_webhook w;
		tm_error err = TM_ERROR_INIT;
		const struct tm_store_notify_ops *ops = app->st->ops->notify;
		int rc = ops && ops->webhook_get ? ops->webhook_get(app->st, it->webhook_id, &w, &err)
						 : tm_fail(&err, TM_EINTERNAL, "webhooks are not built yet");
		if (rc == TM_ENOTFOUND)
			snprintf(r.error, sizeof(r.error), "webhook %lld was removed", (long long)it->webhook_id), r.permanent = true;
		else if (rc)
			snprintf(r.error, sizeof(r.error), "%.290s", err.msg);
		else
			tm_send_webhook(&w, it, now, &r);
	} else {
		snprintf(r.error, sizeof(r.error), "unknown channel '%s'", it->channel);
		r.permanent = true;
	}
	int64_t made = t;
	tm_stamp_parse(it->created_at, &made);
	it->attempts++;
	if (r.ok) {
		snprintf(it->status, sizeof(it->status), "sent");
		snprintf(it->sent_at, sizeof(it->sent_at), "%s", now);
		snprintf(it->next_at, sizeof(it->next_at), "%s", now);
		it->last_error[0] = '\0';
		return;
	}
	snprintf(it->last_error, sizeof(it->last_error), "%s", r.error);
	int64_t next = t + backoff(it->attempts);
	if (r.permanent || t - made >= GIVE_UP_SECONDS) {
		snprintf(it->status, sizeof(it->status), "failed");
		snprintf(it->next_at, sizeof(it->next_at), "%s", now);
	} else {
		tm_stamp_format(next, it->next_at);
	}
}

/* Records it in a short write transaction of its own. */
static int record(tm_app *app, const tm_outbox_item *it, tm_error *err)
{
	tm_store *st = app->st;
	int rc = st->ops->tx->begin(st, true, err);
	if (!rc)
		rc = st->ops->outbox->update(st, it, err);
	if (!rc)
		rc = tm_store_commit(st, err);
	else
		st->ops->tx->rollback(st);
	return rc;
}

static void tally(tm_outbox_result *out, const tm_outbox_item *it)
{
	if (!strcmp(it->status, "sent"))
		out->sent++;
	else if (!strcmp(it->status, "failed"))
		out->failed++;
	else
		out->retrying++;
}

/* The webhooks whose call failed in this pass (and would be retried), with the time they wait until. */
struct down_hook {
	int64_t id;
	char until[TM_STAMP_MAX];
};
typedef TM_VEC(struct down_hook) down_hooks;

static const char *down_until(const down_hooks *d, int64_t webhook_id)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].id == webhook_id)
			return d->v[i].until;
	return NULL;
}

static void down_add(down_hooks *d, int64_t webhook_id, const char *until)
{
	struct down_hook *h = TM_VEC_PUSH(d);
	h->id = webhook_id;
	snprintf(h->until, sizeof(h->until), "%s", until);
}

int tm_app_outbox_send(tm_app *app, const tm_outbox_config *cfg, int limit, tm_outbox_result *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_outbox_items batch = TM_VEC_INIT;
	/* Without an SMTP server, email waits for one (it is not an attempt). */
	const char *channel = cfg->smtp_url && *cfg->smtp_url ? NULL : "webhook";
	int done = 0, rc = 0;
	down_hooks down = TM_VEC_INIT;
	char smtp_down[TM_STAMP_MAX] = "";  /* the SMTP server failed in this pass: email waits until then */
	memset(out, 0, sizeof(*out));
	while (!rc && (limit <= 0 || done < limit) && !(cfg->stop && atomic_load(cfg->stop))) {
		char now[TM_STAMP_MAX], until[TM_STAMP_MAX];
		int64_t t;
		now_of(cfg, now, &t);
		tm_stamp_format(t + LEASE_SECONDS, until);
		int want = limit > 0 && limit - done < BATCH ? limit - done : BATCH;
		rc = st->ops->tx->begin(st, true, err);
		if (!rc)
			rc = st->ops->outbox->claim(st, channel, now, until, want, &batch, err);
		if (!rc)
			rc = tm_store_commit(st, err);
		else
			st->ops->tx->rollback(st);
		if (rc || !batch.n)
			break;
		for (size_t i = 0; i < batch.n && !rc; i++) {
			tm_outbox_item *it = &batch.v[i];
			/* Stopping: what is left of the batch stays leased, and is sent once the lease runs out. */
			if (cfg->stop && atomic_load(cfg->stop))
				break;
			now_of(cfg, now, &t);
			bool email = !strcmp(it->channel, "email");
			const char *waits = email ? (smtp_down[0] ? smtp_down : NULL) : down_until(&down, it->webhook_id);
			if (waits) {
				/* Its destination failed earlier in this pass: it waits as long as that one does, without
				 * an attempt, rather than keep the pass on another timeout. */
				snprintf(it->next_at, sizeof(it->next_at), "%s", waits);
				rc = record(app, it, err);
				done++;
				continue;
			}
			attempt(app, cfg, it, now, t);
			if (!strcmp(it->status, "pending")) {
				if (email)
					snprintf(smtp_down, sizeof(smtp_down), "%s", it->next_at);
				else
					down_add(&down, it->webhook_id, it->next_at);
			}
			rc = record(app, it, err);
			if (!rc)
				tally(out, it);
			done++;
		}
		tm_outbox_items_free(&batch);
	}
	tm_outbox_items_free(&batch);
	TM_VEC_FREE(&down);
	return rc;
}

int tm_app_outbox_send_one(tm_app *app, const tm_outbox_config *cfg, int64_t id, tm_outbox_item *out, tm_error *err)
{
	tm_store *st = app->st;
	char now[TM_STAMP_MAX];
	int64_t t;
	now_of(cfg, now, &t);
	memset(out, 0, sizeof(*out));
	int rc = st->ops->tx->begin(st, true, err);
	if (!rc)
		rc = st->ops->outbox->get(st, id, out, err);
	if (!rc && strcmp(out->status, "sent")) {
		/* Leased, so that a server sending meanwhile leaves it alone. */
		tm_outbox_item leased = *out;
		tm_stamp_format(t + LEASE_SECONDS, leased.next_at);
		rc = st->ops->outbox->update(st, &leased, err);
	}
	if (!rc)
		rc = tm_store_commit(st, err);
	else
		st->ops->tx->rollback(st);
	if (rc || !strcmp(out->status, "sent"))
		return rc;
	attempt(app, cfg, out, now, t);
	return record(app, out, err);
}

int tm_app_outbox_log(tm_app *app, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err)
{
	return app->st->ops->outbox->log(app->st, f, out, err);
}

/* ---- serve --notify ---- */

struct tm_notifier {
	tm_notifier_options opt;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	atomic_bool stop;
};

static tm_date today_of(const tm_notifier_options *opt)
{
	if (opt->has_today)
		return opt->today;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return tm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* One round: the pass, then the sending. */
static void round_once(tm_notifier *n, tm_store **st)
{
	tm_error err = TM_ERROR_INIT;
	if (!*st && tm_store_open(n->opt.db_path, st, &err)) {
		fprintf(stderr, "tminus: notify: %s\n", err.msg);
		return;
	}
	tm_app app;
	tm_app_init(&app, *st, today_of(&n->opt), n->opt.playbook_path);
	app.user = "tminus serve";
	tm_notify_report rep = { 0 };
	int rc = tm_app_notify_pass(&app, n->opt.cfg.base_url, false, &rep, &err);
	if (rc)
		fprintf(stderr, "tminus: notify: the pass failed: %s\n", err.msg);
	else if (rep.items.n)
		fprintf(stderr, "tminus: notify: %zu to tell\n", rep.items.n);
	tm_notify_report_free(&rep);
	tm_outbox_result res;
	tm_error_clear(&err);
	rc = tm_app_outbox_send(&app, &n->opt.cfg, 0, &res, &err);
	if (rc)
		fprintf(stderr, "tminus: notify: sending failed: %s\n", err.msg);
	else if (res.sent || res.retrying || res.failed)
		fprintf(stderr, "tminus: notify: %d sent, %d to retry, %d failed\n", res.sent, res.retrying, res.failed);
	tm_app_release(&app);
	if (rc == TM_EUNREACHABLE || rc == TM_EDB) {
		/* A lost connection is opened again next round. */
		tm_store_close(*st);
		*st = NULL;
	}
}

static void *notifier_run(void *arg)
{
	tm_notifier *n = arg;
	tm_store *st = NULL;
	while (!atomic_load(&n->stop)) {
		round_once(n, &st);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += n->opt.every_seconds > 0 ? n->opt.every_seconds : 60;
		pthread_mutex_lock(&n->lock);
		while (!atomic_load(&n->stop) && pthread_cond_timedwait(&n->wake, &n->lock, &until) == 0)
			;
		pthread_mutex_unlock(&n->lock);
	}
	if (st)
		tm_store_close(st);
	return NULL;
}

int tm_notifier_start(const tm_notifier_options *opt, tm_notifier **out, tm_error *err)
{
	tm_notifier *n = tm_xcalloc(1, sizeof(*n));
	pthread_condattr_t ca;
	n->opt = *opt;
	atomic_init(&n->stop, false);
	n->opt.cfg.stop = &n->stop;
	pthread_mutex_init(&n->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&n->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&n->thread, NULL, notifier_run, n)) {
		pthread_cond_destroy(&n->wake);
		pthread_mutex_destroy(&n->lock);
		free(n);
		return tm_fail(err, TM_EINTERNAL, "cannot start the thread that sends notifications");
	}
	*out = n;
	return 0;
}

void tm_notifier_stop(tm_notifier *n)
{
	if (!n)
		return;
	pthread_mutex_lock(&n->lock);
	atomic_store(&n->stop, true);
	pthread_cond_signal(&n->wake);
	pthread_mutex_unlock(&n->lock);
	pthread_join(n->thread, NULL);
	pthread_cond_destroy(&n->wake);
	pthread_mutex_destroy(&n->lock);
	free(n);
}
