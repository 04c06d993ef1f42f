/*
 * routes_notify.c - who is told what, under /api/v1: the webhooks (admins only: a webhook sends the
 * workspace's news to an address outside it), their deliveries and the outbox (the notification
 * log), and a launch's watchers (editors). A webhook never changes once added, so its ETag is
 * "webhook-ID-v1" and a DELETE sends it in If-Match; adding one answers its secret, once (TM_SECRET:
 * never replayed from an Idempotency-Key); a test sends now, outside the group commit.
 */
#include <stdio.h>
#include <string.h>

#include "app/notify.h"
#include "app/outbox.h"
#include "app/webhooks.h"
#include "http/internal.h"
#include "present/json_notify.h"
#include "present/json_outbox.h"

#include "util/banned.h"

static int h_webhooks(struct call *c)
{
	tm_webhooks ws = TM_VEC_INIT;
	int rc = tm_app_webhook_list(c->app, &ws, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_webhooks(&ws));
	TM_VEC_FREE(&ws);
	return rc;
}

static int h_webhook_add(struct call *c)
{
	json_t *j = NULL;
	tm_webhook_input in = { 0 };
	tm_webhook w;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_webhook_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_webhook_add(c->app, &in, &w, &c->err);
	tm_call_pointer(c, rc);
	if (!rc) {
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		tm_call_etag(c, "webhook", w.id, 1);
		tm_call_created(c, "/api/v1/webhooks/%lld", w.id, tm_json_webhook(&w, true));
	}
	json_decref(j);
	return rc;
}

static int h_webhook_get(struct call *c)
{
	tm_webhook w;
	int rc = tm_app_webhook_get(c->app, c->param[0], &w, &c->err);
	if (!rc) {
		tm_call_etag(c, "webhook", w.id, 1);
		tm_reply_json(c->rep, 200, tm_json_webhook(&w, false));
	}
	return rc;
}

static int h_webhook_rm(struct call *c)
{
	tm_webhook w;
	char id[32];
	int rc = tm_app_webhook_get(c->app, c->param[0], &w, &c->err);
	if (!rc)
		rc = tm_call_if_match(c, "webhook", w.id, 1);
	snprintf(id, sizeof(id), "%lld", rc ? 0LL : (long long)w.id);
	if (!rc)
		rc = tm_app_webhook_rm(c->app, id, &w, &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

static int h_webhook_test(struct call *c)
{
	tm_outbox_config cfg = { 0 };
	tm_outbox_item it = { 0 };
	tm_outbox_config_env(&cfg);
	int rc = tm_app_webhook_test(c->app, c->param[0], &cfg, &it, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_outbox_item(&it));
	tm_outbox_item_free(&it);
	return rc;
}

/* ?status=, ?channel=, ?before= (an id: older ones, for paging) and ?limit= (1-500, default 100). */
static int log_filter(struct call *c, tm_outbox_filter *f)
{
	int limit = 100, before = 0;
	int rc = tm_call_query_int(c, "limit", 100, 1, 500, &limit);
	if (!rc)
		rc = tm_call_query_int(c, "before", 0, 0, 2000000000, &before);
	f->limit = limit;
	f->before_id = before;
	f->status = tm_call_query(c, "status");
	f->channel = tm_call_query(c, "channel");
	if (!rc && f->status && strcmp(f->status, "pending") && strcmp(f->status, "sent") && strcmp(f->status, "failed"))
		rc = tm_fail_field(&c->err, TM_EINVAL, "status", "unknown status '%.40s' (pending, sent or failed)", f->status);
	if (!rc && f->channel && strcmp(f->channel, "email") && strcmp(f->channel, "webhook"))
		rc = tm_fail_field(&c->err, TM_EINVAL, "channel", "unknown channel '%.40s' (email or webhook)", f->channel);
	return rc;
}

static int h_webhook_deliveries(struct call *c)
{
	tm_outbox_filter f = { 0 };
	tm_outbox_items items = TM_VEC_INIT;
	int rc = log_filter(c, &f);
	if (!rc)
		rc = tm_app_webhook_deliveries(c->app, c->param[0], &f, &items, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_deliveries(&items));
	tm_outbox_items_free(&items);
	return rc;
}

/* The notification log: every email and webhook call, newest first (?webhook=ID keeps one's). */
static int h_outbox(struct call *c)
{
	tm_outbox_filter f = { 0 };
	tm_outbox_items items = TM_VEC_INIT;
	int hook = 0;
	int rc = log_filter(c, &f);
	if (!rc)
		rc = tm_call_query_int(c, "webhook", 0, 0, 2000000000, &hook);
	f.webhook_id = hook;
	if (!rc)
		rc = tm_app_outbox_log(c->app, &f, &items, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < items.n; i++) {
			json_t *d = tm_json_outbox_item(&items.v[i]);
			json_object_set_new(d, "channel", json_string(items.v[i].channel));
			json_object_set_new(d, "subject", json_string(items.v[i].subject ? items.v[i].subject : ""));
			json_array_append_new(arr, d);
		}
		tm_reply_json(c->rep, 200, arr);
	}
	tm_outbox_items_free(&items);
	return rc;
}

static int watch(struct call *c, bool on)
{
	tm_launch l;
	tm_person p;
	tm_people watchers = TM_VEC_INIT;
	int rc = tm_app_launch_watch(c->app, c->param[0], c->param[1], on, &l, &p, &watchers, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, json_pack("{s:s, s:o}", "launch", l.slug, "watchers", tm_json_watchers(&watchers)));
	TM_VEC_FREE(&watchers);
	return rc;
}

static int h_watch(struct call *c)
{
	return watch(c, true);
}

static int h_unwatch(struct call *c)
{
	return watch(c, false);
}

static int h_watchers(struct call *c)
{
	tm_people watchers = TM_VEC_INIT;
	int rc = tm_app_launch_watchers(c->app, c->param[0], &watchers, &c->err);
	if (!rc)
		rc = tm_call_list(c, tm_json_watchers(&watchers));
	TM_VEC_FREE(&watchers);
	return rc;
}

const struct tm_route tm_routes_notify[] = {
	{ "GET", "/api/v1/webhooks", h_webhooks, TM_ADMIN },
	{ "POST", "/api/v1/webhooks", h_webhook_add, TM_ADMIN | TM_SECRET },
	{ "GET", "/api/v1/webhooks/:", h_webhook_get, TM_ADMIN },
	{ "DELETE", "/api/v1/webhooks/:", h_webhook_rm, TM_ADMIN },
	{ "POST", "/api/v1/webhooks/:/test", h_webhook_test, TM_ADMIN | TM_SECRET },
	{ "GET", "/api/v1/webhooks/:/deliveries", h_webhook_deliveries, TM_ADMIN },
	{ "GET", "/api/v1/outbox", h_outbox, TM_ADMIN },
	{ "GET", "/api/v1/launches/:/watchers", h_watchers, TM_READ },
	{ "PUT", "/api/v1/launches/:/watchers/:", h_watch, TM_EDIT },
	{ "DELETE", "/api/v1/launches/:/watchers/:", h_unwatch, TM_EDIT },
	{ NULL, NULL, NULL, 0 },
};
