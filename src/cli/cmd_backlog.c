/* cmd_backlog.c - placeholder: filled in by issue 14. */
#include "cli/cli.h"

#include "util/banned.h"

static int todo(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return tm_fail(&ctx->err, TM_EINTERNAL, "not built yet");
}

const struct cli_command cmd_backlog_add = {
	.name = "backlog add",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_list = {
	.name = "backlog list",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_show = {
	.name = "backlog show",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_set = {
	.name = "backlog set",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_rm = {
	.name = "backlog rm",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_rank = {
	.name = "backlog rank",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_backlog_promote = {
	.name = "backlog promote",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};
