/* cmd_copy.c - tminus copy: a whole workspace into another, on any storage engine. */
#include <stdio.h>

#include "app/copy.h"
#include "cli/cli.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static int run_copy(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_copy_result res;
	int rc = tm_app_copy(a->input, &res, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		json_t *counts = json_object();
		for (int i = 0; i < res.n; i++)
			json_object_set_new(counts, res.v[i].table, json_integer(res.v[i].rows));
		cli_json(ctx, counts);
		return 0;
	}
	tm_table t;
	int64_t total = 0;
	tm_table_init(&t, (const char *const[]){ "TABLE", ">ROWS", NULL });
	for (int i = 0; i < res.n; i++) {
		char rows[24];
		snprintf(rows, sizeof(rows), "%lld", (long long)res.v[i].rows);
		tm_table_row(&t, (const char *const[]){ res.v[i].table, rows });
		total += res.v[i].rows;
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_printf(&ctx->out, "copied %s to %s: %lld rows in %d tables%s\n", res.from, res.to, (long long)total, res.n,
		      res.replaced ? ", replacing what it held" : "");
	return 0;
}

const struct cli_command cmd_copy = {
	.name = "copy",
	.args = "",
	.summary = "copy a whole workspace into another (SQLite or PostgreSQL, either way)",
	.help = "Every row of every table moves with its id, with the id counters and the\n"
		"feed key, so every read of the two workspaces answers alike and feed\n"
		"addresses keep working. The target is written in one transaction: a\n"
		"failure leaves it as it was. A target that holds anything is refused\n"
		"unless --replace is given. SQLite to SQLite makes a compact copy.",
	.input = &tm_copy_desc,
	.mode = TM_IN_CREATE,
	.run = run_copy,
};
