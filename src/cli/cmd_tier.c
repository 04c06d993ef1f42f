/* cmd_tier.c - tminus tier suggest: which tier a launch deserves, and why. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"

#include "util/banned.h"

static int run_suggest(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_tier_advice adv;
	int rc = tm_app_tier_suggest(ctx->app, a->input, &adv, &ctx->err);
	if (rc)
		return rc;
	const tm_tier_suggestion s = adv.suggestion;
	const tm_pb_tier *t = adv.tier;
	if (ctx->json)
		cli_json(ctx, tm_json_tier_advice(&adv));
	else
		tm_buf_printf(&ctx->out, "tier %d: %s\n%s\nthe playbook brings %zu %s; GTM: %s; PM involvement: %s\n", s.tier,
			      t->name, s.rationale, t->tasks.n, tm_plural((long long)t->tasks.n, "task", "tasks"), t->gtm,
			      t->pm_involvement);
	return 0;
}

const struct cli_command cmd_tier_suggest = {
	.name = "tier suggest",
	.args = "",
	.summary = "the tier a launch deserves, with the reason (seed 000's criteria)",
	.help = "A major feature, a new market or revenue impact: tier 1. A significant feature\n"
		"for the existing market: tier 2. An enhancement or iteration: tier 3. A bug\n"
		"fix or minor improvement: tier 4. Contradictory flags are refused with why.\n"
		"'tminus launch add' takes the same flags instead of --tier.",
	.flags = CMD_DB,
	.input = &tm_tier_desc,
	.mode = TM_IN_CREATE,
	.run = run_suggest,
};
