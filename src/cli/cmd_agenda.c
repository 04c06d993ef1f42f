/* cmd_agenda.c - placeholder: filled in by issue 14. */
#include "cli/cli.h"

#include "util/banned.h"

static int todo(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return tm_fail(&ctx->err, TM_EINTERNAL, "not built yet");
}

const struct cli_command cmd_agenda = {
	.name = "agenda",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};
