/* cmd_serve.c - tminus serve: the JSON API over HTTP (first part: read routes, loopback). */
#include <stdio.h>

#include "cli/cli.h"
#include "http/http.h"

static int run_serve(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_serve_options opt = { .db_path = ctx->db_path, .listen = cli_opt(a, "listen"), .threads = 4,
				 .has_today = ctx->today_pinned, .today = ctx->app->today,
				 .playbook_path = ctx->app->playbook_path };
	int rc = cli_int(ctx, a, "threads", 1, 64, &opt.threads);
	if (!rc)
		rc = tm_http_serve(&opt, &ctx->err);
	return rc;
}

const struct cli_command cmd_serve = {
	.name = "serve",
	.args = "[--listen ADDR:PORT] [--threads N]",
	.summary = "serve the JSON API over HTTP (read routes for now; see the README)",
	.help = "Listens on 127.0.0.1:8080 by default. Routes: /healthz, /api/v1/launches\n"
		"(tier, status, from, to, limit, offset; a Link header for the next page),\n"
		"/api/v1/launches/{id or slug}, …/tasks, …/plan, …/docs/{kind},\n"
		"/api/v1/tasks/{id}, /api/v1/people. Errors are application/problem+json.\n"
		"Accounts and writes come with the rest of the server issue.",
	.flags = CMD_DB,
	.opts = { { "listen", "ADDR:PORT", "where to listen (default 127.0.0.1:8080)" },
		  { "threads", "N", "worker threads (default 4)" } },
	.run = run_serve,
};
