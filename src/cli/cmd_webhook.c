/*
 * cmd_webhook.c - who is told what, on the command line: tminus webhook add | list | test | rm (the
 * webhooks called on launch events), and tminus launch watch | unwatch (the people told of a launch's
 * events beside its owners). A person's choice of reminders is person set --notify (cmd_person.c).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/notify.h"
#include "app/outbox.h"
#include "app/webhooks.h"
#include "cli/cli.h"
#include "present/json_notify.h"
#include "present/json_outbox.h"
#include "render/table.h"

#include "util/banned.h"

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_webhook w;
	int rc = tm_app_webhook_add(ctx->app, a->input, &w, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_webhook(&w, true));
	} else {
		tm_buf_printf(&ctx->out, "added webhook %lld: %s (%s) on %s\n", (long long)w.id, w.url, w.format, w.events);
		tm_buf_printf(&ctx->out, "secret: %s\n", w.secret);
		tm_buf_adds(&ctx->out, "keep it now: it is not shown again. Each call carries X-Tminus-Timestamp and\n"
				       "X-Tminus-Signature: sha256=HEX of HMAC-SHA256(secret, timestamp + \".\" + body).\n");
	}
	return 0;
}

const struct cli_command cmd_webhook_add = {
	.name = "webhook add",
	.args = "URL --events E,… [--format F] [--launch L] [--allow-private]",
	.summary = "call a URL on launch events (Slack's incoming webhook, or tminus's event JSON)",
	.help = "Events: launch.date_changed, check.error, check.cleared, milestone.reached, gonogo.due,\n"
		"launch.day, review.due. Each call is an HTTP POST signed with HMAC-SHA256 over the timestamp\n"
		"and the body; the secret is shown once, now. Calls to loopback and private addresses are\n"
		"refused unless --allow-private; redirects are never followed. Failed calls are retried with\n"
		"backoff for a day (tminus notify log --webhook ID).",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_webhook_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "url" },
	.run = run_add,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	tm_webhooks ws = TM_VEC_INIT;
	int rc = tm_app_webhook_list(ctx->app, &ws, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, tm_json_webhooks(&ws));
	} else if (!ws.n) {
		tm_buf_adds(&ctx->out, "no webhooks (tminus webhook add URL --events …)\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ ">ID", "URL", "FORMAT", "LAUNCH", "EVENTS", "PRIVATE", NULL });
		for (size_t i = 0; i < ws.n; i++) {
			char id[24], launch[24];
			snprintf(id, sizeof(id), "%lld", (long long)ws.v[i].id);
			if (ws.v[i].launch_id)
				snprintf(launch, sizeof(launch), "%lld", (long long)ws.v[i].launch_id);
			else
				snprintf(launch, sizeof(launch), "all");
			tm_table_row(&t, (const char *const[]){ id, ws.v[i].url, ws.v[i].format, launch, ws.v[i].events,
							       ws.v[i].allow_private ? "allowed" : "" });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&ws);
	return rc;
}

const struct cli_command cmd_webhook_list = {
	.name = "webhook list",
	.summary = "the webhooks, by id (their secrets are never shown again)",
	.flags = CMD_DB,
	.run = run_list,
};

static int run_test(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_outbox_config cfg = { 0 };
	tm_outbox_item it = { 0 };
	cfg.base_url = cli_opt(a, "base");
	tm_outbox_config_env(&cfg);
	int rc = tm_app_webhook_test(ctx->app, a->pos[0], &cfg, &it, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_outbox_item(&it));
	else if (!strcmp(it.status, "sent"))
		tm_buf_printf(&ctx->out, "webhook %lld: test delivered (delivery %lld)\n", (long long)it.webhook_id, (long long)it.id);
	else
		tm_buf_printf(&ctx->out, "webhook %lld: test not delivered (%s, attempt %d): %s\n", (long long)it.webhook_id,
			      it.status, it.attempts, it.last_error[0] ? it.last_error : "no answer");
	if (strcmp(it.status, "sent"))
		ctx->exit_status = 1;
	tm_outbox_item_free(&it);
	return 0;
}

const struct cli_command cmd_webhook_test = {
	.name = "webhook test",
	.args = "ID [--base URL]",
	.summary = "send a webhook.test event to a webhook now and say how it went (exit 1: not delivered)",
	.help = "A test that fails stays in the outbox and is retried like any delivery (notify run).",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "base", "URL", "tminus's address, named in the test" } },
	.run = run_test,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_webhook w;
	int rc = tm_app_webhook_rm(ctx->app, a->pos[0], &w, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_webhook(&w, false));
	else
		tm_buf_printf(&ctx->out, "removed webhook %lld (%s) and its deliveries\n", (long long)w.id, w.url);
	return 0;
}

const struct cli_command cmd_webhook_rm = {
	.name = "webhook rm",
	.args = "ID",
	.summary = "remove a webhook and its deliveries",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

static int watch(struct cli_ctx *ctx, const struct cli_args *a, bool on)
{
	tm_launch l;
	tm_person p;
	tm_people watchers = TM_VEC_INIT;
	int rc = tm_app_launch_watch(ctx->app, a->pos[0], a->pos[1], on, &l, &p, &watchers, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, json_pack("{s:s, s:s, s:b, s:o}", "launch", l.slug, "person", p.name, "watching", on, "watchers",
					tm_json_watchers(&watchers)));
	} else {
		tm_buf_printf(&ctx->out, "%s %s watching %s\n", p.name, on ? "is" : "is no longer", l.slug);
		if (on && (!p.email[0] || p.notify == TM_NOTIFY_OFF))
			tm_buf_printf(&ctx->warn, "note: %s gets no email (%s)\n", p.name,
				      p.email[0] ? "notify is off" : "no email address");
	}
	TM_VEC_FREE(&watchers);
	return 0;
}

static int run_watch(struct cli_ctx *ctx, const struct cli_args *a)
{
	return watch(ctx, a, true);
}

static int run_unwatch(struct cli_ctx *ctx, const struct cli_args *a)
{
	return watch(ctx, a, false);
}

const struct cli_command cmd_launch_watch = {
	.name = "launch watch",
	.args = "LAUNCH PERSON",
	.summary = "tell a person of a launch's events (date changed, check errors, milestones, go/no-go …)",
	.help = "A launch's PM, marketing owner and role owners hear of its events already; a watcher\n"
		"is anyone else. Email goes to people with an email address and notify not off.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_watch,
};

const struct cli_command cmd_launch_unwatch = {
	.name = "launch unwatch",
	.args = "LAUNCH PERSON",
	.summary = "stop telling a person of a launch's events",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_unwatch,
};
