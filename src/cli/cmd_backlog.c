/*
 * cmd_backlog.c - tminus backlog add | list | show | set | rm | rank | promote:
 * the single backlog of ideas, personas and questions on the product and
 * market tracks, ranked by RICE with the arithmetic shown per row (the
 * numbers are core/backlog.c's), and an idea promoted to a launch.
 */
#include <stdio.h>
#include <string.h>

#include "app/backlog.h"
#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"
#include "present/json_backlog.h"
#include "render/json.h"
#include "render/json_out.h"
#include "render/table.h"

#include "util/banned.h"

/* "800", "533.33", "-": an item's RICE score as the table shows it. */
static void rice_text(const tm_idea *i, char *out, size_t n)
{
	tm_rice r = tm_rice_score(i);
	if (!r.scored) {
		snprintf(out, n, "-");
		return;
	}
	tm_buf b = TM_BUF_INIT;
	tm_rice_arithmetic(i, &b);
	const char *eq = strstr(b.s, "= ");
	snprintf(out, n, "%s", eq ? eq + 2 : b.s);
	tm_buf_release(&b);
}

/* One item, field by field (backlog show, and after a change). */
static void idea_lines(struct cli_ctx *ctx, const char *verb, const tm_idea *i)
{
	tm_rice r = tm_rice_score(i);
	tm_buf b = TM_BUF_INIT;
	if (verb)
		tm_buf_printf(&ctx->out, "%s backlog item #%lld\n", verb, (long long)i->id);
	tm_buf_printf(&ctx->out, "%s%s%s  %s(#%lld)%s\n", tm_style_bold(ctx->color), i->title, tm_style_reset(ctx->color),
		      tm_style_dim(ctx->color), (long long)i->id, tm_style_reset(ctx->color));
	tm_buf_printf(&ctx->out, "  kind        %s, %s track\n", tm_idea_kind_names[i->kind], tm_idea_track_names[i->track]);
	tm_buf_printf(&ctx->out, "  status      %s%s%s\n", tm_idea_status_names[i->status], i->why[0] ? ": " : "", i->why);
	tm_buf_printf(&ctx->out, "  owner       %s\n", i->owner[0] ? i->owner : "-");
	tm_buf_printf(&ctx->out, "  persona     %s\n", i->persona[0] ? i->persona : "-");
	tm_rice_arithmetic(i, &b);
	tm_buf_printf(&ctx->out, "  RICE        %s", b.s);
	tm_buf_release(&b);
	if (!r.scored) {
		tm_buf_adds(&ctx->out, " (cannot be scored: lacks ");
		tm_rice_lacks_text(r.lacks, &ctx->out);
		tm_buf_adds(&ctx->out, ")");
	}
	tm_buf_addc(&ctx->out, '\n');
	if (i->launch_id)
		tm_buf_printf(&ctx->out, "  launch      %s (tminus launch show %s)\n", i->launch_slug, i->launch_slug);
}

static int show_idea(struct cli_ctx *ctx, const char *verb, const tm_idea *i)
{
	if (ctx->json)
		cli_json(ctx, tm_json_idea(i, 0));
	else
		idea_lines(ctx, verb, i);
	return 0;
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_idea i;
	int rc = tm_app_idea_add(ctx->app, a->input, &i, &ctx->err);
	return rc ? rc : show_idea(ctx, "added", &i);
}

const struct cli_command cmd_backlog_add = {
	.name = "backlog add",
	.args = "TITLE",
	.summary = "add an idea, persona or question to the backlog (product or market track)",
	.help = "RICE = reach × impact × confidence ÷ effort: reach per quarter; impact\n"
		"massive 3, high 2, medium 1, low 0.5, minimal 0.25; confidence high 100%,\n"
		"medium 80%, low 50%; effort in person-months (more than 0). An item lacking\n"
		"any of the four is listed by 'backlog rank' with what it lacks. --persona\n"
		"names a glossary persona.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_idea_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "title" },
	.run = run_add,
};

static void idea_table(struct cli_ctx *ctx, const tm_ideas *is)
{
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "TITLE", "KIND", "TRACK", "STATUS", "OWNER", ">RICE", "LAUNCH", NULL });
	tm_table_reserve(&t, is->n, 96);
	for (size_t k = 0; k < is->n; k++) {
		const tm_idea *i = &is->v[k];
		char id[24], rice[48];
		snprintf(id, sizeof(id), "%lld", (long long)i->id);
		rice_text(i, rice, sizeof(rice));
		tm_table_row(&t, (const char *const[]){ id, i->title, tm_idea_kind_names[i->kind], tm_idea_track_names[i->track],
						       tm_idea_status_names[i->status], i->owner, rice, i->launch_slug });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_printf(&ctx->out, "%zu %s\n", is->n, tm_plural((long long)is->n, "item", "items"));
}

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_idea_query q = { cli_opt(a, "track"), cli_opt(a, "status"), cli_opt(a, "kind"), cli_opt(a, "owner") };
	tm_ideas is = TM_VEC_INIT;
	int rc = tm_app_idea_list(ctx->app, &q, &is, &ctx->err);
	if (!rc && ctx->json) {
		tm_json_out w;
		tm_json_out_init(&w, &ctx->out);
		cli_json_stream(ctx, &w);
		tm_json_out_open(&w, '[');
		for (size_t k = 0; k < is.n; k++)
			tm_json_out_idea(&w, &is.v[k], 0);
		tm_json_out_close(&w);
		tm_json_out_end(&w);
	} else if (!rc) {
		idea_table(ctx, &is);
	}
	TM_VEC_FREE(&is);
	return rc;
}

const struct cli_command cmd_backlog_list = {
	.name = "backlog list",
	.summary = "the backlog by id, with each item's RICE score",
	.flags = CMD_DB,
	.opts = {
		{ "track", "TRACK", "only this track: product or market" },
		{ "status", "STATUS", "only this status (new, validating, experimenting, planned, launched, sunset, dropped)" },
		{ "kind", "KIND", "only this kind: idea, persona or question" },
		{ "owner", "PERSON", "only the items this person owns" },
	},
	.run = run_list,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_idea i;
	int rc = tm_app_idea_get(ctx->app, a->pos[0], &i, &ctx->err);
	return rc ? rc : show_idea(ctx, NULL, &i);
}

const struct cli_command cmd_backlog_show = {
	.name = "backlog show",
	.args = "ID",
	.summary = "one backlog item with its RICE arithmetic and its launch",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_idea i;
	int rc = tm_app_idea_set(ctx->app, a->pos[0], a->input, &i, &ctx->err);
	return rc ? rc : show_idea(ctx, "updated", &i);
}

const struct cli_command cmd_backlog_set = {
	.name = "backlog set",
	.args = "ID",
	.summary = "change a backlog item: its RICE factors, owner, persona or status",
	.help = "--status sunset and --status dropped need --why (seed 003: clear criteria for\n"
		"sunset). An item is launched when the launch it was promoted to is.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_idea_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_idea i;
	int rc = tm_app_idea_rm(ctx->app, a->pos[0], 0, &i, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_idea(&i, 0));
	else
		tm_buf_printf(&ctx->out, "removed backlog item #%lld %s\n", (long long)i.id, i.title);
	return 0;
}

const struct cli_command cmd_backlog_rm = {
	.name = "backlog rm",
	.args = "ID",
	.summary = "remove a backlog item (experiments and roadmap items forget it)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

/* The ranking as people read it: a row per scored item with its arithmetic, then what the others lack. */
static void rank_text(struct cli_ctx *ctx, const tm_backlog_rank *r)
{
	tm_table t;
	tm_buf arith = TM_BUF_INIT;
	tm_table_init(&t, (const char *const[]){ ">RANK", ">ID", "TITLE", "TRACK", "STATUS", ">RICE", "REACH × IMPACT × CONFIDENCE ÷ EFFORT", NULL });
	tm_table_reserve(&t, r->scored, 120);
	tm_idea item; /* its numbers only: the title is read where the ranking keeps it */
	const tm_idea *i = &item;
	for (size_t k = 0; k < r->scored; k++) {
		tm_backlog_rank_numbers(r, k, &item);
		char rank[24], id[24], rice[48];
		snprintf(rank, sizeof(rank), "%zu", k + 1);
		snprintf(id, sizeof(id), "%lld", (long long)i->id);
		tm_buf_reset(&arith);
		tm_rice_arithmetic(i, &arith);
		const char *eq = strstr(arith.s, " = ");
		snprintf(rice, sizeof(rice), "%s", eq ? eq + 3 : "");
		tm_table_row(&t, (const char *const[]){ rank, id, tm_backlog_rank_text(r, k, TM_RANK_TITLE),
						       tm_idea_track_names[i->track],
						       tm_idea_status_names[i->status], rice, arith.s });
	}
	if (r->scored)
		tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_printf(&ctx->out, "%zu %s ranked", r->scored, tm_plural((long long)r->scored, "item", "items"));
	if (r->scored < r->rows.n) {
		size_t n = r->rows.n - r->scored;
		tm_buf_printf(&ctx->out, "; %zu cannot be scored:\n", n);
		for (size_t k = r->scored; k < r->rows.n; k++) {
			tm_backlog_rank_numbers(r, k, &item);
			tm_buf_printf(&ctx->out, "  #%lld %s (%s): lacks ", (long long)i->id, tm_backlog_rank_text(r, k, TM_RANK_TITLE),
				      tm_idea_track_names[i->track]);
			tm_rice_lacks_text(tm_rice_score(i).lacks, &ctx->out);
			tm_buf_addc(&ctx->out, '\n');
		}
	} else {
		tm_buf_addc(&ctx->out, '\n');
	}
	tm_buf_release(&arith);
}

static int run_rank(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_backlog_rank r;
	int rc = tm_app_backlog_rank(ctx->app, cli_opt(a, "track"), &r, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		tm_json_out w;
		/* Written to stdout a megabyte at a time: 100,000 items are 60 MB of JSON. */
		tm_json_out_init(&w, &ctx->out);
		cli_json_stream(ctx, &w);
		tm_json_out_backlog_rank(&w, &r);
		tm_json_out_end(&w);
	} else {
		rank_text(ctx, &r);
	}
	tm_backlog_rank_release(&r);
	return 0;
}

const struct cli_command cmd_backlog_rank = {
	.name = "backlog rank",
	.summary = "the open backlog ranked by RICE with its arithmetic, and what the unscored lack",
	.help = "RICE = reach × impact × confidence ÷ effort. Ties keep the order of the items'\n"
		"ids. Launched, sunset and dropped items are left out. --json gives\n"
		"{\"ranked\": [...], \"unscored\": [...]}, each item with its id, title, rice,\n"
		"rice_arithmetic and lacks.",
	.flags = CMD_DB,
	.opts = {
		{ "track", "TRACK", "only this track: product or market" },
	},
	.run = run_rank,
};

static int run_promote(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_detail d = { 0 };
	tm_idea i;
	int rc = tm_app_idea_promote(ctx->app, a->pos[0], a->input, &i, &d, &ctx->err);
	if (rc)
		return rc;
	cli_warnings(ctx, &d.warnings);
	if (ctx->json) {
		cli_json(ctx, tm_json_launch_detail(&d));
	} else {
		char day[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "promoted backlog item #%lld %s to launch '%s' (#%lld): tier %d, launch day %s\n",
			      (long long)i.id, i.title, d.launch.slug, (long long)d.launch.id, d.launch.tier,
			      tm_date_format(d.launch.date, day));
		for (size_t k = 0; k < d.notes.n; k++)
			tm_buf_printf(&ctx->out, "%s\n", d.notes.v[k].text);
		tm_buf_printf(&ctx->out, "the item is %s now, and follows the launch's status (tminus launch show %s)\n",
			      tm_idea_status_names[i.status], d.launch.slug);
	}
	tm_launch_detail_release(&d);
	return 0;
}

const struct cli_command cmd_backlog_promote = {
	.name = "backlog promote",
	.args = "ID",
	.summary = "create the launch of an idea (--date, --tier or criteria); the idea follows it",
	.help = "Creates the launch as 'launch add' does, named after the idea unless --name is\n"
		"given, and links the two: 'launch show' names the idea, and the idea is\n"
		"planned, then launched when the launch is (validating again if the launch is\n"
		"cancelled or removed).",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_launch_desc,
	.mode = TM_IN_CREATE,
	.run = run_promote,
};
