/*
 * outbox_send.h - one attempt to send one outbox item: an email over SMTP, a webhook call over
 * HTTP, both through libcurl (util/curl.h). app/outbox.c decides when, and records the outcome.
 */
#ifndef TM_APP_OUTBOX_SEND_H
#define TM_APP_OUTBOX_SEND_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "app/outbox.h"

/* What one attempt came to. */
typedef struct tm_send_result {
	bool ok;
	bool permanent;            /* retrying cannot help (an address refused, a URL tminus does not call) */
	char error[300];           /* why not, with what the other end said, trimmed */
} tm_send_result;

/* An RFC 3339 UTC stamp ("2027-01-04T08:00:00Z") as seconds since 1970; false if it is not one. */
bool tm_stamp_parse(const char *s, int64_t *out);
/* Seconds since 1970 as an RFC 3339 UTC stamp. */
void tm_stamp_format(int64_t t, char out[TM_STAMP_MAX]);

/* Sends it (an email) over cfg's SMTP server: multipart/alternative plain text and HTML. */
void tm_send_email(const tm_outbox_config *cfg, const tm_outbox_item *it, const char *now, tm_send_result *out);
/* POSTs its body to the webhook, signed; never follows a redirect; refuses private addresses unless
 * the webhook allows them, and connects only to the address it checked. */
void tm_send_webhook(const tm_webhook *w, const tm_outbox_item *it, const char *now, tm_send_result *out);

#endif
