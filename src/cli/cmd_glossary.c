/* cmd_glossary.c - placeholder: filled in by issue 14. */
#include "cli/cli.h"

#include "util/banned.h"

static int todo(struct cli_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return tm_fail(&ctx->err, TM_EINTERNAL, "not built yet");
}

const struct cli_command cmd_glossary_add = {
	.name = "glossary add",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_glossary_set = {
	.name = "glossary set",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_glossary_rm = {
	.name = "glossary rm",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_glossary_list = {
	.name = "glossary list",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};

const struct cli_command cmd_glossary_show = {
	.name = "glossary show",
	.summary = "(not built yet)",
	.flags = CMD_DB,
	.max_pos = 4,
	.run = todo,
};
