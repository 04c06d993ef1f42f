/*
 * webhooks.h - issue 15: the webhooks a workspace calls on launch events (an HTTP POST of Slack's
 * incoming-webhook JSON or of tminus's own event JSON, signed with HMAC-SHA256 by app/outbox.c).
 * Adding one makes its secret (32 random bytes, hex), shown once: list and get never show it again.
 * Nothing here prints.
 */
#ifndef TM_APP_WEBHOOKS_H
#define TM_APP_WEBHOOKS_H

#include "app/app.h"
#include "app/outbox.h"

#define TM_WEBHOOK_URL_MAX 2000
#define TM_WEBHOOK_EVENTS_MAX 500

/* webhook add: described by tm_webhook_desc. */
enum { TM_WI_URL, TM_WI_EVENTS, TM_WI_FORMAT, TM_WI_LAUNCH, TM_WI_ALLOW_PRIVATE, TM_WI_FIELDS };
typedef struct tm_webhook_input {
	uint32_t given;                            /* 1 << TM_WI_* of each field given */
	char url[TM_WEBHOOK_URL_MAX + 1];          /* http:// or https:// */
	char events[TM_WEBHOOK_EVENTS_MAX + 1];    /* event names, comma-separated (core/notify.h) */
	int format;                                /* 0 slack, 1 json; not given: json */
	char launch[TM_REF_MAX + 1];               /* only this launch's events (slug or id); not given: every launch */
	bool allow_private;                        /* may call loopback and private addresses */
} tm_webhook_input;
extern const tm_input_desc tm_webhook_desc;
extern const char *const tm_webhook_formats[];  /* "slack", "json", NULL */

int tm_app_webhook_add(tm_app *app, const tm_webhook_input *in, tm_webhook *out, tm_error *err);
int tm_app_webhook_list(tm_app *app, tm_webhooks *out, tm_error *err);
/* By id ("12" or "#12"). */
int tm_app_webhook_get(tm_app *app, const char *ref, tm_webhook *out, tm_error *err);
/* Removes a webhook and its deliveries; out gets it as it was. */
int tm_app_webhook_rm(tm_app *app, const char *ref, tm_webhook *out, tm_error *err);
/* Records a webhook.test for the webhook (in its own transaction) and sends it now (app/outbox.h's
 * tm_app_outbox_send_one); out gets the item with its outcome. */
int tm_app_webhook_test(tm_app *app, const char *ref, const tm_outbox_config *cfg, tm_outbox_item *out, tm_error *err);
/* The webhook's deliveries, newest first (f's webhook_id is set to it). */
int tm_app_webhook_deliveries(tm_app *app, const char *ref, const tm_outbox_filter *f, tm_outbox_items *out,
			      tm_error *err);

#endif
