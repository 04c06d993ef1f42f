/*
 * cmd_notify.c - tminus notify run (one notification pass, then the sending: for cron) and
 * tminus notify log (what the outbox holds, newest first).
 */
#include <stdio.h>
#include <string.h>

#include "app/notify.h"
#include "app/outbox.h"
#include "cli/cli.h"
#include "present/json_outbox.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static const char *one_of(const char *v, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(v, names[i]))
			return names[i];
	return NULL;
}

static void item_table(struct cli_ctx *ctx, const tm_outbox_items *v)
{
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "CHANNEL", "EVENT", "TO", "STATUS", ">TRIES", "NEXT OR SENT", "LAST ERROR",
						 NULL });
	for (size_t i = 0; i < v->n; i++) {
		const tm_outbox_item *it = &v->v[i];
		char id[24], tries[16];
		snprintf(id, sizeof(id), "%lld", (long long)it->id);
		snprintf(tries, sizeof(tries), "%d", it->attempts);
		tm_table_row(&t, (const char *const[]){ id, it->channel, it->event, it->recipient, it->status, tries,
							!strcmp(it->status, "pending") ? it->next_at : it->sent_at,
							it->last_error });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
}

static int run_run(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_outbox_config cfg = { .smtp_url = cli_opt(a, "smtp") };
	tm_notify_report rep = { 0 };
	tm_outbox_result sent = { 0 };
	bool dry = cli_flag(a, "dry-run"), send_only = cli_flag(a, "send-only");
	int limit = 0, rc = cli_int(ctx, a, "limit", 1, 1000000, &limit);
	tm_outbox_config_env(&cfg);
	if (!rc && dry && send_only)
		rc = tm_fail(&ctx->err, TM_EUSAGE, "--dry-run and --send-only do not go together");
	if (!rc && !send_only)
		rc = tm_app_notify_pass(ctx->app, cfg.base_url, dry, &rep, &ctx->err);
	if (!rc && !dry)
		rc = tm_app_outbox_send(ctx->app, &cfg, limit, &sent, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *told = tm_json_outbox_items(&rep.items);
		json_t *j = json_pack("{s:b, s:o, s:i}", "dry_run", dry, "told", told, "already_told", rep.skipped);
		json_object_set_new(j, "sent", dry ? json_null() : tm_json_outbox_result(&sent));
		cli_json(ctx, j);
		goto out;
	}
	if (!send_only) {
		if (rep.rest_day)
			tm_buf_adds(&ctx->out, "not a working day: no digest\n");
		tm_buf_printf(&ctx->out, "%s %zu %s", dry ? "would tell" : "told", rep.items.n,
			      rep.items.n == 1 ? "notification" : "notifications");
		if (rep.skipped)
			tm_buf_printf(&ctx->out, " (%d already told)", rep.skipped);
		tm_buf_adds(&ctx->out, "\n");
		if (rep.items.n)
			item_table(ctx, &rep.items);
	}
	if (!dry) {
		tm_buf_printf(&ctx->out, "sent %d, to retry %d, failed %d\n", sent.sent, sent.retrying, sent.failed);
		if (!cfg.smtp_url)
			tm_buf_adds(&ctx->warn, "no SMTP server (--smtp or TMINUS_SMTP): email waits in the outbox\n");
	}
out:
	tm_notify_report_free(&rep);
	return rc;
}

const struct cli_command cmd_notify_run = {
	.name = "notify run",
	.args = "[--dry-run] [--smtp URL] [--send-only] [--limit N]",
	.summary = "one notification pass (digests, events), then send what is due: for cron",
	.help = "Records in the outbox, in one transaction, each digest and launch event\n"
		"due today for each person and webhook (at most once each), then sends\n"
		"what is due: email over SMTP (--smtp smtp://host:port, else TMINUS_SMTP;\n"
		"STARTTLS when the server offers it, or smtps://; TMINUS_SMTP_USER and\n"
		"TMINUS_SMTP_PASSWORD sign in; TMINUS_MAIL_FROM is the sender), webhook\n"
		"calls over HTTP. A failure is retried after 30 s, 1 min, 2 min, ... (at\n"
		"most an hour apart) for a day, then marked failed: run it every minute or\n"
		"five. TMINUS_NOW (2027-01-04T08:00:00Z) pins the clock.",
	.flags = CMD_DB,
	.opts = { { "dry-run", NULL, "say what would be told; change and send nothing" },
		  { "smtp", "URL", "the SMTP server: smtp://host:port or smtps://host:port" },
		  { "send-only", NULL, "no pass: only send what the outbox holds" },
		  { "limit", "N", "send at most N items" } },
	.run = run_run,
};

static int run_log(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const statuses[] = { "pending", "sent", "failed", NULL };
	static const char *const channels[] = { "email", "webhook", NULL };
	tm_outbox_filter f = { .status = cli_opt(a, "status"), .channel = cli_opt(a, "channel"), .limit = 50 };
	tm_outbox_items v = TM_VEC_INIT;
	int webhook = 0;
	int rc = cli_int(ctx, a, "limit", 1, 100000, &f.limit);
	if (!rc)
		rc = cli_int(ctx, a, "webhook", 1, 2000000000, &webhook);
	f.webhook_id = webhook;
	if (!rc && f.status && !one_of(f.status, statuses))
		rc = tm_fail_field(&ctx->err, TM_EINVAL, "status", "unknown status '%.40s' (pending, sent or failed)", f.status);
	if (!rc && f.channel && !one_of(f.channel, channels))
		rc = tm_fail_field(&ctx->err, TM_EINVAL, "channel", "unknown channel '%.40s' (email or webhook)", f.channel);
	if (!rc)
		rc = tm_app_outbox_log(ctx->app, &f, &v, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_outbox_items(&v));
	else if (!rc && !v.n)
		tm_buf_adds(&ctx->out, "nothing in the outbox\n");
	else if (!rc)
		item_table(ctx, &v);
	tm_outbox_items_free(&v);
	return rc;
}

const struct cli_command cmd_notify_log = {
	.name = "notify log",
	.args = "[--status S] [--channel email|webhook] [--webhook ID] [--limit N]",
	.summary = "the outbox: every email and webhook call, newest first, with its tries and last error",
	.flags = CMD_DB,
	.opts = { { "status", "S", "pending, sent or failed" },
		  { "channel", "C", "email or webhook" },
		  { "webhook", "ID", "one webhook's deliveries" },
		  { "limit", "N", "how many (default 50)" } },
	.run = run_log,
};
