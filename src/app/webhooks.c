/*
 * webhooks.c - the webhooks registry (app/webhooks.h): add, list, remove, test, deliveries.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "app/internal.h"
#include "app/notify.h"
#include "app/webhooks.h"
#include "core/netaddr.h"
#include "core/notify.h"
#include "util/sodium.h"

#include "util/banned.h"

/* A webhook as the audit log keeps it: never its secret. */
static json_t *audit_json(const tm_webhook *w)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)w->id, "url", w->url, "events", w->events,
			 "format", w->format, "launch_id", (json_int_t)w->launch_id, "allow_private", w->allow_private);
}

/* http:// or https://, a host, no blanks or control characters. */
static int check_url(const char *url, bool allow_private, tm_error *err)
{
	const char *rest = NULL;
	if (!strncasecmp(url, "https://", 8))
		rest = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		rest = url + 7;
	if (!rest)
		return tm_fail_field(err, TM_EINVAL, "url", "webhook {} '%.80s' is not an http:// or https:// address", url);
	if (!*rest || *rest == '/' || *rest == ':' || *rest == '?' || *rest == '#')
		return tm_fail_field(err, TM_EINVAL, "url", "webhook {} '%.80s' names no host", url);
	for (const unsigned char *s = (const unsigned char *)url; *s; s++)
		if (*s <= ' ' || *s == 0x7f)
			return tm_fail_field(err, TM_EINVAL, "url", "webhook {} holds a blank or a control character");
	const char *at = strchr(rest, '@'), *slash = strchr(rest, '/');
	if (at && (!slash || at < slash))
		return tm_fail_field(err, TM_EINVAL, "url", "webhook {} cannot carry a user name or password");
	if (allow_private)
		return 0;
	/* A host written as an address, or localhost, is refused now; a name is checked again on every
	 * call, once resolved (app/outbox_send.c), since what it resolves to may change. */
	char host[256];
	size_t n = strcspn(rest, "/?#");
	const char *h = rest;
	if (*h == '[') {
		const char *close = memchr(h, ']', n);
		n = close ? (size_t)(close - h - 1) : 0;
		h++;
	} else {
		const char *colon = memchr(h, ':', n);
		if (colon)
			n = (size_t)(colon - h);
	}
	if (!n || n >= sizeof(host))
		return 0;
	memcpy(host, h, n);
	host[n] = '\0';
	unsigned char bytes[16];
	const char *why = NULL;
	if (inet_pton(AF_INET, host, bytes) == 1)
		why = tm_netaddr_private(bytes, 4);
	else if (inet_pton(AF_INET6, host, bytes) == 1)
		why = tm_netaddr_private(bytes, 16);
	else if (!strcasecmp(host, "localhost") || (n > 10 && !strcasecmp(host + n - 10, ".localhost")))
		why = "loopback";
	if (why)
		return tm_fail_field(err, TM_EINVAL, "url",
				     "webhook {} '%.80s' is a %s address: a webhook reaches only public addresses unless an "
				     "admin allows private ones (--allow-private)",
				     url, why);
	return 0;
}

static int parse_ref(const char *ref, int64_t *id, tm_error *err)
{
	const char *s = ref && *ref == '#' ? ref + 1 : ref;
	char *end = NULL;
	long long v = s && *s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown webhook '%s'", ref ? ref : "");
	*id = v;
	return 0;
}

int tm_app_webhook_add(tm_app *app, const tm_webhook_input *in, tm_webhook *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_webhook w;
	tm_buf events = TM_BUF_INIT;
	memset(&w, 0, sizeof(w));
	int rc = tm_input_check(&tm_webhook_desc, TM_IN_CREATE, in, err);
	if (!rc)
		rc = check_url(in->url, in->allow_private, err);
	if (!rc)
		rc = tm_notify_events_normalise(in->events, &events, err);
	if (!rc && events.len >= sizeof(w.events))
		rc = tm_fail_field(err, TM_EINVAL, "events", "too many events");
	if (rc)
		goto out;
	snprintf(w.url, sizeof(w.url), "%s", in->url);
	snprintf(w.events, sizeof(w.events), "%s", events.s);
	snprintf(w.format, sizeof(w.format), "%s", tm_webhook_formats[TM_GIVEN(in, TM_WI_FORMAT) ? in->format : 1]);
	w.allow_private = TM_GIVEN(in, TM_WI_ALLOW_PRIVATE) && in->allow_private;
	if (TM_GIVEN(in, TM_WI_LAUNCH)) {
		tm_launch l;
		if ((rc = tm_app_launch_get(app, in->launch, &l, err))) {
			if (rc == TM_ENOTFOUND)
				tm_fail_field(err, TM_ENOTFOUND, "launch", "unknown launch '%s'", in->launch);
			goto out;
		}
		w.launch_id = l.id;
	}
	if ((rc = tm_app_sodium(err)))
		goto out;
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(w.secret, sizeof(w.secret), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = st->ops->notify->webhook_add(st, &w, err);
	if (!rc)
		rc = tm_app_audit(app, "webhook.add", NULL, audit_json(&w), err, "webhook %lld", (long long)w.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = w;
out:
	tm_buf_release(&events);
	return rc;
}

int tm_app_webhook_list(tm_app *app, tm_webhooks *out, tm_error *err)
{
	return app->st->ops->notify->webhook_list(app->st, out, err);
}

int tm_app_webhook_get(tm_app *app, const char *ref, tm_webhook *out, tm_error *err)
{
	int64_t id = 0;
	int rc = parse_ref(ref, &id, err);
	return rc ? rc : app->st->ops->notify->webhook_get(app->st, id, out, err);
}

int tm_app_webhook_rm(tm_app *app, const char *ref, tm_webhook *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc = tm_app_webhook_get(app, ref, out, err);
	if (rc || (rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->notify->webhook_rm(st, out->id, err);
	if (!rc)
		rc = tm_app_audit(app, "webhook.rm", audit_json(out), NULL, err, "webhook %lld", (long long)out->id);
	return tm_store_finish(st, rc, err);
}

int tm_app_webhook_test(tm_app *app, const char *ref, const tm_outbox_config *cfg, tm_outbox_item *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_webhook w;
	tm_outbox_item it = { 0 };
	char now[TM_STAMP_MAX];
	bool added = false;
	memset(out, 0, sizeof(*out));
	int rc = tm_app_webhook_get(app, ref, &w, err);
	if (rc)
		return rc;
	tm_app_now(now);
	if (!now[0])
		tm_app_utc(now, sizeof(now), 0);
	snprintf(it.channel, sizeof(it.channel), "webhook");
	snprintf(it.event, sizeof(it.event), "webhook.test");
	/* Each test is its own event: the stamp and a random part, so two tests in a second both go. */
	unsigned char raw[4] = { 0 };
	char nonce[9] = "00000000";
	if (!tm_app_sodium(NULL)) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
	}
	snprintf(it.event_key, sizeof(it.event_key), "webhook.test:%s:%s", now, nonce);
	snprintf(it.recipient, sizeof(it.recipient), "webhook:%lld", (long long)w.id);
	it.webhook_id = w.id;
	snprintf(it.status, sizeof(it.status), "pending");
	snprintf(it.created_at, sizeof(it.created_at), "%s", now);
	snprintf(it.next_at, sizeof(it.next_at), "%s", now);
	it.subject = tm_xstrdup("[tminus] webhook test");
	const char *base = cfg && cfg->base_url ? cfg->base_url : tm_notify_base_url();
	json_t *j;
	if (!strcmp(w.format, "slack")) {
		char text[300];
		snprintf(text, sizeof(text), "tminus webhook %lld works: this is a test%s%s", (long long)w.id, base ? " from " : "",
			 base ? base : "");
		j = json_pack("{s:s, s:[{s:s, s:{s:s, s:s}}]}", "text", text, "blocks", "type", "section", "text", "type", "mrkdwn",
			      "text", text);
	} else {
		j = json_pack("{s:s, s:s, s:s, s:n, s:{s:I, s:s}}", "event", "webhook.test", "id", it.event_key, "at", now, "launch",
			      "data", "webhook_id", (json_int_t)w.id, "message", "a test of this webhook");
	}
	char *body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	it.body = body ? body : tm_xstrdup("{}");
	if ((rc = st->ops->tx->begin(st, true, err))) {
		tm_outbox_item_free(&it);
		return rc;
	}
	rc = st->ops->outbox->enqueue(st, &it, &added, err);
	rc = tm_store_finish(st, rc, err);
	int64_t id = it.id;
	tm_outbox_item_free(&it);
	if (rc)
		return rc;
	return tm_app_outbox_send_one(app, cfg, id, out, err);
}

int tm_app_webhook_deliveries(tm_app *app, const char *ref, const tm_outbox_filter *f, tm_outbox_items *out,
			      tm_error *err)
{
	tm_webhook w;
	int rc = tm_app_webhook_get(app, ref, &w, err);
	if (rc)
		return rc;
	tm_outbox_filter mine = f ? *f : (tm_outbox_filter){ 0 };
	mine.webhook_id = w.id;
	mine.channel = "webhook";
	return tm_app_outbox_log(app, &mine, out, err);
}
