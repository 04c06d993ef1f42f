/* cmd_experiment.c - placeholder: filled in by issue 14. */
#include "cli/cli.h"

#include "util/banned.h"

static int todo(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return tm_fail(&ctx->err, TM_EINTERNAL, "not built yet");
}

const struct cli_command cmd_experiment_add = {
	.name = "experiment add",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_list = {
	.name = "experiment list",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_show = {
	.name = "experiment show",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_set = {
	.name = "experiment set",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_rm = {
	.name = "experiment rm",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_arm_add = {
	.name = "experiment arm add",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_arm_rm = {
	.name = "experiment arm rm",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_record = {
	.name = "experiment record",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_analyze = {
	.name = "experiment analyze",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_experiment_close = {
	.name = "experiment close",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};
