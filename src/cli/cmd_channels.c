/* cmd_channels.c - tminus channels LAUNCH: the channel mix for the launch's quadrant and tier. */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "render/table.h"

#include "util/banned.h"

static int run_channels(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_channels ch;
	int rc = tm_app_channels(ctx->app, a->pos[0], &ch, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		json_t *arr = json_array();
		for (int i = 0; i < ch.n_uses; i++) {
			json_t *ids = json_array();
			json_t *skipped = json_array();
			for (int k = 0; k < ch.uses[i].n_tasks; k++)
				json_array_append_new(ch.uses[i].skipped[k] ? skipped : ids, json_integer(ch.uses[i].task_ids[k]));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:o, s:b}", "channel", ch.uses[i].channel->key,
							     "name", ch.uses[i].channel->name, "owner",
							     tm_role_name(ch.uses[i].channel->role), "tasks", ids, "skipped", skipped,
							     "covered", ch.uses[i].n_tasks > 0));
		}
		cli_json(ctx, json_pack("{s:s, s:s, s:i, s:o, s:i}", "launch", ch.launch.slug, "quadrant",
					tm_quadrant_name(ch.launch.quadrant), "tier", ch.launch.tier, "channels", arr, "missing",
					ch.missing));
		return 0;
	}
	tm_buf_printf(&ctx->out, "%s: %s, tier %d — %d channel%s, %d without a task\n\n", ch.launch.slug,
		      tm_quadrant_name(ch.launch.quadrant), ch.launch.tier, ch.n_uses, ch.n_uses == 1 ? "" : "s", ch.missing);
	tm_table t;
	tm_table_init(&t, (const char *const[]){ "CHANNEL", "OWNER", "TASKS", NULL });
	for (int i = 0; i < ch.n_uses; i++) {
		tm_buf ids = TM_BUF_INIT;
		for (int k = 0; k < ch.uses[i].n_tasks; k++)
			tm_buf_printf(&ids, "%s#%lld%s", k ? " " : "", (long long)ch.uses[i].task_ids[k],
				      ch.uses[i].skipped[k] ? " (skipped)" : "");
		tm_table_row(&t, (const char *const[]){ ch.uses[i].channel->name, tm_role_name(ch.uses[i].channel->role),
						       ch.uses[i].n_tasks ? ids.s : "MISSING" });
		tm_buf_release(&ids);
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	if (ch.missing)
		tm_buf_printf(&ctx->out, "\nadd the missing ones with 'tminus launch set %s --add-channel-tasks'\n", ch.launch.slug);
	return 0;
}

const struct cli_command cmd_channels = {
	.name = "channels",
	.args = "LAUNCH",
	.summary = "the channel mix of the launch's quadrant and tier, and which channels have tasks",
	.help = "Quadrants (seed 001): attract-innovating, attract-catching-up, delight-innovating,\n"
		"delight-catching-up — likely to attract new customers or delights current users,\n"
		"by innovating or catching up. Set one with 'tminus launch set LAUNCH --quadrant Q'.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_channels,
};
