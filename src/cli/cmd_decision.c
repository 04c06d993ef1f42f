/*
 * cmd_decision.c - tminus decision list | add | show: the decision ledger (what, why, the options
 * considered and the one chosen, who decided, when, and what it is about), searched by words.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_decisions ds = TM_VEC_INIT;
	const char *launch = a->npos ? a->pos[0] : NULL, *words = cli_opt(a, "search");
	int rc = words ? tm_app_decision_search(ctx->app, launch, words, &ds, &ctx->err)
		       : tm_app_decision_list(ctx->app, launch, &ds, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ds.n; i++)
			json_array_append_new(arr, tm_json_decision(&ds.v[i]));
		cli_json(ctx, arr);
	} else if (!ds.n) {
		tm_buf_adds(&ctx->out, words ? "no decision matches\n" : "no decisions recorded yet\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "ID", "DATE", "LAUNCH", "WHO", "WHAT", "CHOSEN", "WHY", NULL });
		for (size_t i = 0; i < ds.n; i++) {
			const tm_decision *d = &ds.v[i];
			char on[TM_DATE_STRLEN], id[24];
			snprintf(id, sizeof(id), "%lld", (long long)d->id);
			tm_table_row(&t, (const char *const[]){ id, tm_date_format(d->on, on), d->launch_slug,
							       d->decided_by[0] ? d->decided_by : d->who, d->what, d->chosen,
							       d->why });
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
	.args = "[LAUNCH] [--search WORDS]",
	.summary = "the decision ledger, or the decisions that match words",
	.help = "--search finds the decisions whose what, why, options or choice hold every\n"
		"word given (a word's start is enough: 'pric' finds 'pricing'), best match\n"
		"first. Words are plain text: quotes, stars and operators are no syntax.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "search", "WORDS", "only the decisions holding every word (a prefix of a word matches)" } },
	.run = run_list,
};

/* The people and records a decision names, as lines of decision show. */
static void show_text(struct cli_ctx *ctx, const tm_decision *d)
{
	char on[TM_DATE_STRLEN];
	tm_buf *o = &ctx->out;
	tm_buf_printf(o, "decision #%lld, %s%s%s\n", (long long)d->id, tm_date_format(d->on, on),
		      d->launch_slug[0] ? ", about " : "", d->launch_slug);
	tm_buf_printf(o, "what:       %s\n", d->what);
	tm_buf_printf(o, "why:        %s\n", d->why);
	if (d->options[0]) {
		tm_buf_adds(o, "options:\n");
		for (const char *p = d->options; *p;) {
			const char *nl = strchr(p, '\n');
			int n = nl ? (int)(nl - p) : (int)strlen(p);
			bool chosen = (size_t)n == strlen(d->chosen) && !strncmp(p, d->chosen, (size_t)n);
			tm_buf_printf(o, "  %s %.*s%s\n", chosen ? "*" : "-", n, p, chosen ? "  (chosen)" : "");
			p += n + (nl != NULL);
		}
	} else if (d->chosen[0]) {
		tm_buf_printf(o, "chosen:     %s\n", d->chosen);
	}
	tm_buf_printf(o, "decided by: %s\n", d->decided_by[0] ? d->decided_by : d->who[0] ? d->who : "-");
	tm_buf_printf(o, "recorded:   %s by %s\n", d->at, d->who[0] ? d->who : "-");
	for (int i = 0; i < d->nlinks; i++)
		tm_buf_printf(o, "%s %-10s #%lld %s\n", i ? "           " : "about:     ",
			      tm_link_kind_names[d->links[i].kind], (long long)d->links[i].id,
			      d->links[i].label[0] ? d->links[i].label : "(removed since)");
}

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_decision d;
	int rc = tm_app_decision_get(ctx->app, a->pos[0], &d, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_decision(&d));
	else
		show_text(ctx, &d);
	return 0;
}

const struct cli_command cmd_decision_show = {
	.name = "decision show",
	.args = "ID",
	.summary = "one decision: its options, choice, who decided and what it is about",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
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
	.help = "Give the options considered with --option (once each) and the one taken\n"
		"with --chosen; what it is about with --idea, --experiment and --roadmap\n"
		"(each repeatable, checked to exist).",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.input = &tm_decision_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "what" },
	.run = run_add,
};
