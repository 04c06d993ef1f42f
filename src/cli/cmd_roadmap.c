/*
 * cmd_roadmap.c - tminus roadmap: the three-level roadmap (strategic →
 * initiative → release) as a tree with each release's launches, their dates
 * and readiness; roadmap add|set|rm|show; roadmap review.
 */
#include <stdio.h>
#include <string.h>

#include "app/roadmap.h"
#include "cli/cli.h"
#include "present/json_roadmap.h"

#include "util/banned.h"

/* The colour's name, in its colour on a terminal. */
static void colour_word(struct cli_ctx *ctx, int colour)
{
	static const char *const ansi[] = { "\033[32m", "\033[33m", "\033[31m" };
	if (ctx->color)
		tm_buf_printf(&ctx->out, "%s%s\033[0m", ansi[colour], tm_roadmap_status_names[colour]);
	else
		tm_buf_printf(&ctx->out, "%s", tm_roadmap_status_names[colour]);
}

/* Item i of r and, below it, its launches and ideas, indented by its depth. */
static void item_lines(struct cli_ctx *ctx, const tm_roadmap *r, size_t i)
{
	const tm_roadmap_view *v = &r->items.v[i];
	const tm_roadmap_item *it = &v->item;
	tm_buf *o = &ctx->out;
	int pad = 2 * v->depth;
	tm_buf_printf(o, "%*s#%lld %s: %s [", pad, "", (long long)it->id, tm_roadmap_level_names[it->level], it->title);
	colour_word(ctx, v->colour);
	if (v->colour != it->status)
		tm_buf_printf(o, ", set %s", tm_roadmap_status_names[it->status]);
	tm_buf_printf(o, "]%s%s%s%s\n", it->quarter[0] ? "  " : "", it->quarter, it->owner[0] ? "  owner " : "", it->owner);
	if (v->why_red[0])
		tm_buf_printf(o, "%*s  red: %s\n", pad, "", v->why_red);
	for (int k = 0; k < it->nlaunches; k++) {
		if (v->launch_at[k] < 0)
			continue;
		const tm_roadmap_launch *rl = &r->launches.v[v->launch_at[k]];
		char d[TM_DATE_STRLEN], first[TM_DATE_STRLEN];
		tm_buf_printf(o, "%*s  launch %s  %s  tier %d  %s", pad, "", rl->launch.slug, tm_date_format(rl->launch.date, d),
			      rl->launch.tier, tm_launch_status_name(rl->launch.status));
		if (rl->score >= 0)
			tm_buf_printf(o, "  readiness %d", rl->score);
		if (!rl->done)
			tm_buf_printf(o, "  %s", rl->feasible ? "feasible" : "INFEASIBLE");
		if (rl->slipped)
			tm_buf_printf(o, "  slipped from %s", tm_date_format(rl->first_date, first));
		tm_buf_addc(o, '\n');
	}
	for (int k = 0; k < it->nideas; k++) {
		const tm_roadmap_idea *ri = &r->ideas.v[v->idea_at[k]];
		tm_buf_printf(o, "%*s  idea #%lld %s (%s)\n", pad, "", (long long)ri->id, ri->title,
			      tm_idea_status_names[ri->status]);
	}
}

static void review_line(struct cli_ctx *ctx, const tm_roadmap *r)
{
	char on[TM_DATE_STRLEN];
	if (r->has_review)
		tm_buf_printf(&ctx->out, "Last review: %s%s%s (%d days ago)%s\n", tm_date_format(r->last_review.on, on),
			      r->last_review.by[0] ? " by " : "", r->last_review.by, r->today - r->last_review.on,
			      r->review_due ? ": a review is due (every 6 weeks): tminus roadmap review" : "");
	else if (r->review_due)
		tm_buf_printf(&ctx->out, "No review held yet: a review is due (every 6 weeks): tminus roadmap review\n");
}

static int run_tree(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap r;
	tm_roadmap_query q = { cli_opt(a, "quarter"), cli_opt(a, "owner") };
	int rc = tm_app_roadmap(ctx->app, &q, &r, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		/* Written straight out: a tree of thousands of items and launches is never built as JSON values. */
		tm_json_out w;
		tm_json_out_init(&w, &ctx->out);
		cli_json_stream(ctx, &w);
		tm_json_out_roadmap(&w, &r);
		tm_json_out_end(&w);
	} else if (!r.items.n) {
		tm_buf_printf(&ctx->out, "No roadmap items%s: add one with tminus roadmap add TITLE --level strategic\n",
			      q.quarter || q.owner ? " match" : "");
	} else {
		for (size_t i = 0; i < r.items.n; i++)
			item_lines(ctx, &r, i);
		review_line(ctx, &r);
	}
	tm_roadmap_release(&r);
	return 0;
}

const struct cli_command cmd_roadmap = {
	.name = "roadmap",
	.args = "[--quarter Q] [--owner PERSON]",
	.summary = "the roadmap as a tree: strategic items, initiatives, releases and their launches",
	.help = "Each item shows its colour: the one its owner set, or red when one of its launches\n"
		"cannot make its date (its plan has tasks that cannot meet their dates) or slipped\n"
		"past the item's quarter. Each launch shows its date, tier, status, readiness score\n"
		"(tminus check) and whether its plan is feasible. --quarter and --owner show the\n"
		"items that match and the items above them.",
	.flags = CMD_DB,
	.max_pos = 0,
	.opts = { { "quarter", "Q", "items targeting this quarter (2027Q1, 2027-Q1, Q1 2027)" },
		  { "owner", "PERSON", "items this person owns" } },
	.run = run_tree,
};

/* The one item r holds, or a note of what was done. */
static int one_item(struct cli_ctx *ctx, const char *verb, tm_roadmap *r)
{
	if (ctx->json) {
		cli_json(ctx, tm_json_roadmap_item(r, 0));
	} else {
		if (verb)
			tm_buf_printf(&ctx->out, "%s roadmap item #%lld\n", verb, (long long)r->items.v[0].item.id);
		r->items.v[0].depth = 0;
		item_lines(ctx, r, 0);
	}
	tm_roadmap_release(r);
	return 0;
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap r;
	int rc = tm_app_roadmap_add(ctx->app, a->input, &r, &ctx->err);
	return rc ? rc : one_item(ctx, "added", &r);
}

const struct cli_command cmd_roadmap_add = {
	.name = "roadmap add",
	.args = "TITLE",
	.summary = "add a roadmap item: strategic, initiative (under a strategic item) or release (under an initiative)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_roadmap_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "title" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap r;
	int rc = tm_app_roadmap_set(ctx->app, a->pos[0], a->input, &r, &ctx->err);
	return rc ? rc : one_item(ctx, "changed", &r);
}

const struct cli_command cmd_roadmap_set = {
	.name = "roadmap set",
	.args = "ID",
	.summary = "change a roadmap item (--launch and --idea replace its lists; none empties one)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_roadmap_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap r;
	int rc = tm_app_roadmap_rm(ctx->app, a->pos[0], 0, &r, &ctx->err);
	return rc ? rc : one_item(ctx, "removed", &r);
}

const struct cli_command cmd_roadmap_rm = {
	.name = "roadmap rm",
	.args = "ID",
	.summary = "remove a roadmap item (refused while items are under it: move or remove them first)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap r;
	int rc = tm_app_roadmap_get(ctx->app, a->pos[0], &r, &ctx->err);
	return rc ? rc : one_item(ctx, NULL, &r);
}

const struct cli_command cmd_roadmap_show = {
	.name = "roadmap show",
	.args = "ID",
	.summary = "one roadmap item with its launches (date, readiness, feasibility) and ideas",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};

static int run_review(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_roadmap_review rv;
	int rc = tm_app_roadmap_review(ctx->app, a->input, &rv, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_roadmap_review(&rv));
	} else {
		char on[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "recorded the roadmap review of %s; the next is due in 6 weeks\n",
			      tm_date_format(rv.on, on));
	}
	return 0;
}

const struct cli_command cmd_roadmap_review = {
	.name = "roadmap review",
	.args = "",
	.summary = "record a review of the roadmap held today (seed 003: every 6 weeks)",
	.flags = CMD_DB,
	.max_pos = 0,
	.input = &tm_roadmap_review_desc,
	.mode = TM_IN_CREATE,
	.run = run_review,
};
