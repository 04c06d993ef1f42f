/*
 * inputs_notify.c - the input of webhook add (app/webhooks.h), one table (see input.h): the command
 * line's options and --help, the API's validation and the OpenAPI schema WebhookInput come from it.
 * Linked alone by the fuzz target of request bodies: input.h and core only.
 */
#include <stddef.h>

#include "app/webhooks.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)

const char *const tm_webhook_formats[] = { "slack", "json", NULL };

static const tm_field webhook_fields[] = {
	[TM_WI_URL] = { "url", NULL, TM_IN_TEXT, 0, TM_WEBHOOK_URL_MAX, TM_IN_REQUIRED, NULL, "URL",
			"where to POST: an http:// or https:// address (Slack's incoming webhook, or your own receiver)",
			F(tm_webhook_input, url), NULL, NULL },
	[TM_WI_EVENTS] = { "events", NULL, TM_IN_TEXT, 0, TM_WEBHOOK_EVENTS_MAX, TM_IN_REQUIRED, NULL, "E,…",
			   "the events to send, comma-separated: launch.date_changed, check.error, check.cleared, "
			   "milestone.reached, gonogo.due, launch.day, review.due",
			   F(tm_webhook_input, events), NULL, NULL },
	[TM_WI_FORMAT] = { "format", NULL, TM_IN_CHOICE, 0, 0, 0, tm_webhook_formats, "FORMAT",
			   "slack (Slack's incoming-webhook JSON: readable text and blocks) or json (tminus's event JSON, "
			   "the default)", F(tm_webhook_input, format), NULL, NULL },
	[TM_WI_LAUNCH] = { "launch", NULL, TM_IN_TEXT, 0, TM_REF_MAX, 0, NULL, "LAUNCH",
			   "only this launch's events (its slug or id); not given: every launch's",
			   F(tm_webhook_input, launch), NULL, NULL },
	[TM_WI_ALLOW_PRIVATE] = { "allow_private", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
				  "let it call loopback and private network addresses (refused otherwise, so that a webhook "
				  "is no way into the internal network)", F(tm_webhook_input, allow_private), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const webhook_readonly[] = { "id", "secret", "created_at", NULL };

const tm_input_desc tm_webhook_desc = {
	"webhook", "WebhookInput", NULL,
	"A webhook: an HTTP POST on each of the launch events it names, signed with HMAC-SHA256 over the timestamp and "
	"the body (X-Tminus-Signature), with a secret shown once when it is added.",
	webhook_fields, offsetof(tm_webhook_input, given), sizeof(tm_webhook_input), webhook_readonly,
};
