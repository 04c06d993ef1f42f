/* cmd_triage.c - tminus triage [--quarter Q]: a quarter's launches by impact against marketing effort */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"

static void render(struct cli_ctx *ctx, const tm_triage *t)
{
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	tm_buf_printf(&ctx->out, "%s%s%s (%s to %s): %zu planned %s, marketing and PMM capacity %.1f days a week\n",
		      tm_style_bold(ctx->color), t->quarter, tm_style_reset(ctx->color), tm_date_format(t->from, from),
		      tm_date_format(t->to, to), t->rows.n, tm_plural((long long)t->rows.n, "launch", "launches"), t->capacity);
	tm_buf_adds(&ctx->out, "impact is the tier's weight (Tier 1 8, Tier 2 4, Tier 3 2, Tier 4 1); among equal impact, "
			       "the RICE score of the backlog idea behind a launch ranks it (revenue targets are not kept yet)\n\n");
	if (!t->rows.n) {
		tm_buf_adds(&ctx->out, "no planned launch in the quarter\n");
		return;
	}
	tm_table tab;
	tm_table_init(&tab, (const char *const[]){ ">#", "LAUNCH", ">TIER", "DATE", ">IMPACT", ">RICE", ">EFFORT", ">PER WEEK",
						  ">IMPACT/DAY", "MOVE DOWN", NULL });
	for (size_t i = 0; i < t->rows.n; i++) {
		const tm_triage_row *r = &t->rows.v[i];
		char rank[24], tier[16], date[TM_DATE_STRLEN], impact[16], rice[48], effort[48], week[48], ratio[48], move[32];
		snprintf(rank, sizeof(rank), "%zu", i + 1);
		snprintf(tier, sizeof(tier), "%d", r->launch.tier);
		snprintf(impact, sizeof(impact), "%d", r->impact);
		if (r->has_rice)
			snprintf(rice, sizeof(rice), "%.2f", r->rice);
		else
			snprintf(rice, sizeof(rice), "-");
		snprintf(effort, sizeof(effort), "%.1f d", r->effort_days);
		snprintf(week, sizeof(week), "%.1f d", r->per_week);
		snprintf(ratio, sizeof(ratio), "%.2f", r->ratio);
		snprintf(move, sizeof(move), "%s", r->move_down ? "to tier " : "");
		if (r->move_down)
			snprintf(move + strlen(move), sizeof(move) - strlen(move), "%d", r->launch.tier + 1);
		tm_table_row(&tab, (const char *const[]){ rank, r->launch.name, tier, tm_date_format(r->launch.date, date),
							 impact, rice, effort, week, ratio, move });
	}
	tm_table_render(&tab, &ctx->out, ctx->color);
	tm_table_release(&tab);

	tm_buf_adds(&ctx->out, "\nmarketing demand by week (working days):\n");
	tm_table_init(&tab, (const char *const[]){ "WEEK", "MONDAY", ">DEMAND", ">CAPACITY", "", NULL });
	for (size_t i = 0; i < t->weeks.n; i++) {
		const tm_triage_week *w = &t->weeks.v[i];
		char name[16], monday[TM_DATE_STRLEN], demand[32], cap[32];
		snprintf(name, sizeof(name), "%04d-W%02d", w->year, w->week);
		snprintf(demand, sizeof(demand), "%.1f", w->demand);
		snprintf(cap, sizeof(cap), "%.1f", w->capacity);
		tm_table_row(&tab, (const char *const[]){ name, tm_date_format(w->monday, monday), demand, cap,
							 w->over ? "OVER" : "" });
	}
	tm_table_render(&tab, &ctx->out, ctx->color);
	tm_table_release(&tab);

	if (!t->over_weeks) {
		tm_buf_adds(&ctx->out, "\nthe team's capacity covers every week of the quarter\n");
		return;
	}
	tm_buf_printf(&ctx->out, "\noversubscribed in %d of %zu weeks:", t->over_weeks, t->weeks.n);
	for (size_t i = 0, n = 0; i < t->weeks.n; i++)
		if (t->weeks.v[i].over)
			tm_buf_printf(&ctx->out, "%s %04d-W%02d", n++ ? "," : "", t->weeks.v[i].year, t->weeks.v[i].week);
	tm_buf_addc(&ctx->out, '\n');
	bool any = false;
	for (size_t i = 0; i < t->rows.n; i++)
		any |= t->rows.v[i].move_down;
	if (!any) {
		tm_buf_adds(&ctx->out, "no launch has a lower tier to go to: add capacity or move a launch day\n");
		return;
	}
	tm_buf_adds(&ctx->out, "suggested moves (lowest impact for the effort first; the tasks stay, skip those the lower "
			       "tier does not bring):\n");
	for (size_t i = t->rows.n; i-- > 0;) {
		const tm_triage_row *r = &t->rows.v[i];
		if (r->move_down)
			tm_buf_printf(&ctx->out, "  tminus launch set %s --tier %d   # %s, %.1f days a week\n", r->launch.slug,
				      r->launch.tier + 1, r->launch.name, r->per_week);
	}
}

static int run_triage(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_triage t;
	int rc = tm_app_triage(ctx->app, cli_opt(a, "quarter"), &t, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_triage(&t));
	else
		render(ctx, &t);
	tm_triage_release(&t);
	return 0;
}

const struct cli_command cmd_triage = {
	.name = "triage",
	.args = "[--quarter Q]",
	.summary = "a quarter's launches by impact against the marketing effort they ask for",
	.help = "Ranks the planned launches of a quarter (default: today's) by expected impact,\n"
		"with the open marketing and PMM effort each asks for, in all and per week until\n"
		"launch day, and the marketing team's demand against its capacity week by week.\n"
		"When a week is oversubscribed, it suggests the low-impact launches to move down\n"
		"a tier on purpose ('tminus launch set LAUNCH --tier N').",
	.flags = CMD_DB,
	.opts = { { "quarter", "Q", "the quarter, such as 2027Q1 (default: today's)" } },
	.run = run_triage,
};
