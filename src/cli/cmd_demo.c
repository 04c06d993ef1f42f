/* cmd_demo.c - tminus demo: a realistic workspace to try everything on. */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"

#include "util/banned.h"

static int run_demo(struct cli_ctx *ctx, const struct cli_args *a)
{
	int n = 0, tasks = 0;
	tm_demo_result r;
	int rc = cli_int(ctx, a, "launches", 1, 100000, &n);
	if (!rc)
		rc = cli_int(ctx, a, "tasks", 1, 500, &tasks);
	if (!rc && tasks && !n)
		rc = tm_fail_field(&ctx->err, TM_EUSAGE, "tasks", "--tasks goes with --launches N");
	if (!rc)
		rc = tm_app_demo(ctx->app, n, tasks, &r, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, json_pack("{s:s, s:i, s:i, s:i}", "db", ctx->db_shown, "people", r.people, "launches",
					r.launches, "tasks", r.tasks));
	else
		tm_buf_printf(&ctx->out,
			      "demo workspace ready in %s: %d people, %d launches, %d tasks\n"
			      "try: tminus launch list, tminus launch show usage-based-billing, tminus task list dark-mode --status todo\n",
			      ctx->db_shown, r.people, r.launches, r.tasks);
	return 0;
}

const struct cli_command cmd_demo = {
	.name = "demo",
	.args = "[--launches N [--tasks M]]",
	.summary = "fill an empty workspace with a demo team and launches",
	.help = "Six people across roles and launches of all four tiers over the next quarter,\n"
		"counted from today (--today pins it): work due before today is mostly done,\n"
		"some of it late. --launches N makes a portfolio of N generated launches instead.",
	.flags = CMD_DB,
	.opts = { { "launches", "N", "generate N launches of mixed tiers (for benchmarks)" },
		  { "tasks", "M", "with --launches: pad each launch to M tasks with random extra dependencies" } },
	.run = run_demo,
};
