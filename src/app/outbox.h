/*
 * outbox.h - issue 15: sending what the outbox holds (store.h's outbox sub-table), after the
 * transaction that recorded it: email over SMTP and webhook calls over HTTP (util/curl.h), each
 * claimed under a lease so that two senders never take the same item, retried with backoff,
 * marked failed after a day. A crash between a send and its record may repeat one, never lose
 * one. Nothing here prints.
 */
#ifndef TM_APP_OUTBOX_H
#define TM_APP_OUTBOX_H

#include <stdatomic.h>

#include "app/app.h"

/* Where and how to send; every member may be NULL/false. */
typedef struct tm_outbox_config {
	const char *smtp_url;          /* "smtp://host:port" (--smtp, else TMINUS_SMTP); NULL: email waits */
	const char *smtp_user;         /* TMINUS_SMTP_USER, or NULL */
	const char *smtp_password;     /* TMINUS_SMTP_PASSWORD, or NULL */
	const char *from;              /* TMINUS_MAIL_FROM, else "tminus@localhost" */
	const char *base_url;          /* links back (serve's address, or --base), or NULL */
	const char *now;               /* RFC 3339 UTC; NULL: the clock (TMINUS_NOW pins it) */
	const atomic_bool *stop;       /* set by another thread: the pass ends after the item in hand; or NULL */
} tm_outbox_config;

typedef struct tm_outbox_result {
	int sent, retrying, failed;    /* this pass's attempts by outcome */
} tm_outbox_result;

/* Fills cfg's unset members from the environment (TMINUS_SMTP, TMINUS_SMTP_USER, …). */
void tm_outbox_config_env(tm_outbox_config *cfg);

/* The time now as RFC 3339 UTC (TMINUS_NOW, when set, pins it), into out[TM_STAMP_MAX]. */
void tm_app_now(char out[TM_STAMP_MAX]);

/* Sends what is due (at most limit items, 0: all): each claimed in a short transaction, sent
 * outside any, its outcome recorded. A send that fails is a retry, not an error of the pass. */
int tm_app_outbox_send(tm_app *app, const tm_outbox_config *cfg, int limit, tm_outbox_result *out, tm_error *err);

/* Sends one item now whatever its next_at (a webhook's test), and fills out with its outcome. */
int tm_app_outbox_send_one(tm_app *app, const tm_outbox_config *cfg, int64_t id, tm_outbox_item *out,
			   tm_error *err);

/* The log, newest first. */
int tm_app_outbox_log(tm_app *app, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err);

/*
 * serve --notify: a thread of the server that, every every_seconds, runs the notification pass
 * (app/notify.h) and sends what is due, on a connection of its own. Errors go to stderr as one line
 * and the next round tries again; tm_notifier_stop ends it after the item in hand.
 */
typedef struct tm_notifier_options {
	const char *db_path;           /* the workspace (a file or a PostgreSQL connection string) */
	tm_outbox_config cfg;          /* where to send (stop is the notifier's own) */
	int every_seconds;             /* between rounds (60) */
	bool has_today;                /* --today pins the pass's day */
	tm_date today;
	const char *playbook_path;
} tm_notifier_options;
typedef struct tm_notifier tm_notifier;
int tm_notifier_start(const tm_notifier_options *opt, tm_notifier **out, tm_error *err);
void tm_notifier_stop(tm_notifier *n);

#endif
