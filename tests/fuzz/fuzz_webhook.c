/*
 * fuzz_webhook.c - a webhook's address and events as an admin types them
 * (`webhook add URL --events …`, POST /api/v1/webhooks): the text of each
 * field (tm_input_set_text), then tm_app_webhook_add's checks of the URL
 * (app/webhooks.c, core/netaddr.c) and of the events (core/notify.c), over
 * a store that takes the webhook. The first byte's low bit allows private
 * addresses; the rest is the URL, a newline, the events.
 *
 * Invariants: a refusal says why and stores nothing; a webhook stored has
 * an http:// or https:// address with a host, no blank or control
 * character, no user name or password, and, unless private addresses are
 * allowed, no host written as a loopback, private, link-local or other
 * non-public IPv4 or IPv6 address (checked here with inet_pton on the host
 * as a browser would read it) and no localhost.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/webhooks.h"
#include "store/store.h"
#include "fake_tx.h"

#include "util/banned.h"

static struct {
	int stored;
	tm_webhook w;
} state;

static int webhook_add(tm_store *st, tm_webhook *w, tm_error *err)
{
	(void)st, (void)err;
	if (!fake.in_tx)
		abort();
	w->id = 1;
	state.w = *w;
	state.stored++;
	return 0;
}
static const struct tm_store_notify_ops notify_ops = { .webhook_add = webhook_add };

static void fake_on_commit(void)
{
}
static void fake_on_rollback(void)
{
	abort(); /* the checks come before the transaction */
}
/* The secret is never written to the audit log. */
static bool fake_audit_ok(const tm_audit *a)
{
	return !a->after || !strstr(a->after, state.w.secret);
}

/* Not public, by the address blocks of RFC 6890 (IPv4) and RFC 4291/4193/6052/3056 (IPv6). */
static bool v4_private(const unsigned char *a)
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) || (a[0] == 172 && a[1] >= 16 && a[1] <= 31) ||
	       (a[0] == 192 && a[1] == 168) || (a[0] == 100 && a[1] >= 64 && a[1] <= 127) || a[0] >= 224;
}
static bool v6_private(const unsigned char *a)
{
	static const unsigned char zero[16], nat64[12] = { 0, 0x64, 0xff, 0x9b };
	if (!memcmp(a, zero, 12) || (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff))
		return true; /* ::, ::1, IPv4-compatible and IPv4-mapped */
	if (!memcmp(a, nat64, 12))
		return v4_private(a + 12);
	if (a[0] == 0x20 && a[1] == 0x02)
		return v4_private(a + 2);
	return (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0x80)) || a[0] == 0xff;
}

static void stored_ok(const char *url, bool allow_private)
{
	const char *rest = !strncasecmp(url, "https://", 8) ? url + 8 : !strncasecmp(url, "http://", 7) ? url + 7 : NULL;
	if (!rest || !*rest || strchr("/:?#", *rest))
		abort();
	for (const unsigned char *s = (const unsigned char *)url; *s; s++)
		if (*s <= ' ' || *s == 0x7f)
			abort();
	size_t authority = strcspn(rest, "/?#");
	if (memchr(rest, '@', authority) && memchr(rest, '@', strcspn(rest, "/")))
		abort();
	if (allow_private)
		return;
	char host[256];
	const char *h = rest;
	size_t n = authority;
	if (*h == '[') {
		const char *close = memchr(h, ']', n);
		if (!close)
			return;
		h++;
		n = (size_t)(close - h);
	} else if (memchr(h, ':', n)) {
		n = (size_t)((const char *)memchr(h, ':', n) - h);
	}
	if (n >= sizeof(host))
		return;
	memcpy(host, h, n);
	host[n] = '\0';
	unsigned char a[16];
	if ((inet_pton(AF_INET, host, a) == 1 && v4_private(a)) || (inet_pton(AF_INET6, host, a) == 1 && v6_private(a)) ||
	    !strcasecmp(host, "localhost") || (n > 10 && !strcasecmp(host + n - 10, ".localhost")))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tm_store_ops ops = { .name = "fuzz", .tx = &fake_tx_ops, .notify = &notify_ops, .audit = &fake_audit_ops };
	tm_store st = { .ops = &ops };
	tm_app app;
	tm_error err = TM_ERROR_INIT;
	if (size < 1 || size > 4096)
		return 0;
	char *text = malloc(size), *url = text, *events = NULL;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if ((events = strchr(text, '\n')))
		*events++ = '\0';
	tm_webhook_input *in = calloc(1, sizeof(*in));
	memset(&state, 0, sizeof(state));
	fake_reset("webhook.add");
	int rc = tm_input_set_text(&tm_webhook_desc, TM_WI_URL, url, in, &err);
	if (!rc && events)
		rc = tm_input_set_text(&tm_webhook_desc, TM_WI_EVENTS, events, in, &err);
	if (!rc && (data[0] & 1))
		tm_input_set_flag(&tm_webhook_desc, TM_WI_ALLOW_PRIVATE, 0, true, in);
	if (rc) {
		if (!err.msg[0])
			abort();
		goto out;
	}
	tm_webhook w;
	tm_app_init(&app, &st, tm_date_from_ymd(2027, 3, 16), NULL);
	rc = tm_app_webhook_add(&app, in, &w, &err);
	tm_app_release(&app);
	if (fake.in_tx)
		abort();
	if (rc) {
		if (rc != TM_EINVAL || !err.msg[0] || state.stored)
			abort();
	} else {
		if (state.stored != 1 || fake.audits != 1 || strcmp(w.url, url) || !w.events[0] || strlen(w.secret) != 64)
			abort();
		stored_ok(w.url, data[0] & 1);
	}
out:
	free(in);
	free(text);
	return 0;
}
