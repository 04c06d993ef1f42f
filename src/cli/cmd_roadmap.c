/* cmd_roadmap.c - placeholder: filled in by issue 14. */
#include "cli/cli.h"

#include "util/banned.h"

static int todo(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return tm_fail(&ctx->err, TM_EINTERNAL, "not built yet");
}

const struct cli_command cmd_roadmap = {
	.name = "roadmap",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_roadmap_add = {
	.name = "roadmap add",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_roadmap_set = {
	.name = "roadmap set",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_roadmap_rm = {
	.name = "roadmap rm",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_roadmap_show = {
	.name = "roadmap show",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_roadmap_review = {
	.name = "roadmap review",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};
