/* cmd_decision.c - tminus decision list | add: the decision ledger (what, why, who, when). */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"


static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_decisions ds = TM_VEC_INIT;
	int rc = tm_app_decision_list(ctx->app, a->npos ? a->pos[0] : NULL, &ds, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ds.n; i++)
			json_array_append_new(arr, tm_json_decision(&ds.v[i]));
		cli_json(ctx, arr);
	} else if (!ds.n) {
		tm_buf_adds(&ctx->out, "no decisions recorded yet\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "DATE", "LAUNCH", "WHO", "WHAT", "WHY", NULL });
		for (size_t i = 0; i < ds.n; i++) {
			char on[TM_DATE_STRLEN];
			tm_table_row(&t, (const char *const[]){ tm_date_format(ds.v[i].on, on), ds.v[i].launch_slug, ds.v[i].who,
							       ds.v[i].what, ds.v[i].why });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&ds);
	return rc;
}

const struct cli_command cmd_decision_list = {
	.name = "decision list",
	.args = "[LAUNCH]",
	.summary = "the decision ledger: date, what, why, who",
	.flags = CMD_DB,
	.max_pos = 1,
	.run = run_list,
};

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_decision d;
	const tm_decision_input *in = a->input;
	/* [LAUNCH] WHAT: with two arguments the first names the launch. */
	int rc = a->npos == 2 ? cli_input_set(ctx, a, "launch", a->pos[0]) : 0;
	rc = rc || a->npos < 2 ? rc : cli_input_set(ctx, a, "what", a->pos[1]);
	rc = rc ? rc : tm_app_decision_add(ctx->app, in, &d, &ctx->err);
	if (rc)
		return rc;
	const char *launch = TM_GIVEN(in, TM_DCI_LAUNCH) ? d.launch_slug : NULL;
	if (ctx->json)
		cli_json(ctx, tm_json_decision(&d));
	else
		tm_buf_printf(&ctx->out, "recorded decision #%lld%s%s\n", (long long)d.id, launch ? " about " : "",
			      launch ? launch : "");
	return 0;
}

const struct cli_command cmd_decision_add = {
	.name = "decision add",
	.args = "[LAUNCH] WHAT",
	.summary = "record a decision in the ledger (who: $TMINUS_USER or $USER)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.input = &tm_decision_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "what" },
	.run = run_add,
};
