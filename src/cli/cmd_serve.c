/* cmd_serve.c - tminus serve: the JSON API, sign-in and calendar feeds over HTTP. */
#include <stdio.h>
#include <unistd.h>

#include "app/outbox.h"
#include "cli/cli.h"
#include "http/http.h"
#include "util/curl.h"
#include "util/mhd.h"
#include "util/sodium.h"

#include "util/banned.h"

static int run_serve(struct cli_ctx *ctx, const struct cli_args *a)
{
	/* One worker per core: more only adds switching (the sign-in hashers have threads of their own). */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	tm_serve_options opt = { .db_path = ctx->db_path, .db_shown = ctx->db_shown, .listen = cli_opt(a, "listen"),
				 .threads = cores < 2 ? 2 : cores > 64 ? 64 : (int)cores,
				 .has_today = ctx->today_pinned, .today = ctx->app->today,
				 .playbook_path = ctx->app->playbook_path };
	int rc = cli_int(ctx, a, "threads", 1, 64, &opt.threads);
	opt.per_address = 64;
	opt.behind_proxy = cli_flag(a, "behind-proxy");
	if (!rc)
		rc = cli_int(ctx, a, "per-address", 1, 1000, &opt.per_address);
	/* serve --notify: the notification pass and the sending, on a thread of the server. */
	tm_notifier_options notify = { .db_path = ctx->db_path, .cfg = { .smtp_url = cli_opt(a, "smtp") },
				       .every_seconds = 60, .has_today = ctx->today_pinned, .today = ctx->app->today,
				       .playbook_path = ctx->app->playbook_path };
	if (!rc && cli_flag(a, "notify")) {
		tm_outbox_config_env(&notify.cfg);
		rc = cli_int(ctx, a, "notify-every", 1, 86400, &notify.every_seconds);
		opt.notify = &notify;
	} else if (!rc && (cli_opt(a, "smtp") || cli_opt(a, "notify-every"))) {
		rc = tm_fail_field(&ctx->err, TM_EUSAGE, cli_opt(a, "smtp") ? "smtp" : "notify-every",
				   "--%s goes with --notify", cli_opt(a, "smtp") ? "smtp" : "notify-every");
	}
	/* The server's libraries, opened before any thread starts (most commands never load them). */
	if (!rc)
		rc = tm_mhd_load(&ctx->err);
	if (!rc)
		rc = tm_sodium_load(&ctx->err);
	if (!rc && opt.notify)
		rc = tm_curl_load(&ctx->err);
	if (!rc)
		rc = tm_http_serve(&opt, &ctx->err);
	return rc;
}

const struct cli_command cmd_serve = {
	.name = "serve",
	.args = "[--listen ADDR:PORT] [--threads N] [--behind-proxy] [--notify]",
	.summary = "serve the JSON API, sign-in and calendar feeds over HTTP",
	.help = "Listens on 127.0.0.1:8080 by default (put nginx in front for TLS: see\n"
		"contrib/). The API is described at /api/v1/openapi.json; clients send\n"
		"'Authorization: Bearer TOKEN' (tminus token create) or sign in at /login.\n"
		"On a workspace without users it creates 'admin' and prints a one-time\n"
		"password. Feeds: /feeds/launches.ics and /feeds/people/ID.ics (tminus feed\n"
		"show). SIGTERM finishes the requests in flight, then stops.\n"
		"--notify also runs the notification pass and sends what is due every\n"
		"minute, as 'tminus notify run' does (--smtp, else TMINUS_SMTP, for email).",
	.flags = CMD_DB,
	.opts = { { "listen", "ADDR:PORT", "where to listen (default 127.0.0.1:8080)" },
		  { "threads", "N", "worker threads (default: one per core, at least 2)" },
		  { "per-address", "N", "connections one client address may hold open (default 64)" },
		  { "behind-proxy", NULL, "a reverse proxy on this machine sets X-Real-IP: limit sign-ins by it" },
		  { "notify", NULL, "send reminders, digests and webhook calls on the server's own schedule" },
		  { "smtp", "URL", "with --notify: the SMTP server (smtp://host:port or smtps://host:port)" },
		  { "notify-every", "SECONDS", "with --notify: between rounds (default 60)" } },
	.run = run_serve,
};
