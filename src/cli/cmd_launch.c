/* cmd_launch.c - tminus launch add | list | show | set */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"
#include "render/json.h"
#include "render/table.h"
#include "util/fmt.h"

#include "util/banned.h"

static const char *const weekdays[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* "2027-03-16 (Tue, in 38 days)" */
static void when(char *buf, size_t n, tm_date d, tm_date today)
{
	char date[TM_DATE_STRLEN];
	int diff = d - today;
	char rel[48];
	if (diff == 0)
		snprintf(rel, sizeof(rel), "today");
	else if (diff > 0)
		snprintf(rel, sizeof(rel), "in %d day%s", diff, diff == 1 ? "" : "s");
	else
		snprintf(rel, sizeof(rel), "%d day%s ago", -diff, diff == -1 ? "" : "s");
	snprintf(buf, n, "%s (%s, %s)", tm_date_format(d, date), weekdays[tm_date_weekday(d)], rel);
}

static void render_detail(struct cli_ctx *ctx, const tm_launch_detail *d, const char *verb)
{
	const tm_launch *l = &d->launch;
	cli_warnings(ctx, &d->warnings);
	if (ctx->json) {
		cli_json(ctx, tm_json_launch_detail(d));
		return;
	}
	char day[80];
	const tm_playbook *pb = NULL;
	tm_error ignored = TM_ERROR_INIT;
	when(day, sizeof(day), l->date, ctx->app->today);
	if (verb)
		tm_buf_printf(&ctx->out, "%s launch '%s' (#%lld)\n", verb, l->slug, (long long)l->id);
	for (size_t i = 0; i < d->notes.n; i++)
		tm_buf_printf(&ctx->out, "%s\n", d->notes.v[i].text);
	if (verb || d->notes.n)
		tm_buf_addc(&ctx->out, '\n');
	tm_buf_printf(&ctx->out, "%s%s%s  %s(%s, #%lld)%s\n", tm_style_bold(ctx->color), l->name, tm_style_reset(ctx->color),
		      tm_style_dim(ctx->color), l->slug, (long long)l->id, tm_style_reset(ctx->color));
	if (tm_app_playbook(ctx->app, &pb, &ignored) == 0)
		tm_buf_printf(&ctx->out, "  tier        %d, %s (%s)\n", l->tier, tm_playbook_tier(pb, l->tier)->name,
			      tm_playbook_tier(pb, l->tier)->gtm);
	else
		tm_buf_printf(&ctx->out, "  tier        %d\n", l->tier);
	tm_buf_printf(&ctx->out, "  launch day  %s\n", day);
	tm_buf_printf(&ctx->out, "  status      %s, date confidence %s\n", tm_launch_status_name(l->status),
		      tm_confidence_name(l->confidence));
	tm_buf_printf(&ctx->out, "  pm          %s\n", l->pm[0] ? l->pm : "-");
	tm_buf_printf(&ctx->out, "  marketing   %s\n", l->marketing[0] ? l->marketing : "-");
	for (size_t i = 0; i < d->owners.n; i++)
		tm_buf_printf(&ctx->out, "%s%s %s%s", i ? ", " : "  owners      ", tm_role_name(d->owners.v[i].role),
			      d->owners.v[i].person, i + 1 == d->owners.n ? "\n" : "");
	if (d->sponsor.id)
		tm_buf_printf(&ctx->out, "  sponsor     %s%s\n", d->sponsor.name, d->sponsor_default ? " (default: CPO)" : "");
	for (size_t i = 0; i < d->dris.n; i++)
		tm_buf_printf(&ctx->out, "%s%s %s%s", i ? ", " : "  DRIs        ", d->dris.v[i].stream, d->dris.v[i].person,
			      i + 1 == d->dris.n ? "\n" : "");
	if (d->idea_id)
		tm_buf_printf(&ctx->out, "  idea        #%lld %s (tminus backlog show %lld)\n", (long long)d->idea_id, d->idea_title,
			      (long long)d->idea_id);
	tm_buf_printf(&ctx->out, "  progress    %d of %d %s done\n", l->tasks_done, l->tasks_total,
		      tm_plural(l->tasks_total, "task", "tasks"));
	if (d->history.n) {
		int slips = 0;
		for (size_t i = 0; i < d->history.n; i++)
			slips += d->history.v[i].to > d->history.v[i].from;
		tm_buf_printf(&ctx->out, "  history     moved %zu time%s, slipped %d:\n", d->history.n,
			      d->history.n == 1 ? "" : "s", slips);
		for (size_t i = 0; i < d->history.n; i++) {
			const tm_date_change *c = &d->history.v[i];
			char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], on[TM_DATE_STRLEN];
			tm_buf_printf(&ctx->out, "              %s → %s on %s%s%s: %s\n", tm_date_format(c->from, a),
				      tm_date_format(c->to, b), tm_date_format(c->on, on), c->by[0] ? " by " : "", c->by, c->reason);
		}
	}
	tm_buf_addc(&ctx->out, '\n');
	cli_task_table(ctx, d->tasks.v, d->tasks.n);
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_detail d = { 0 };
	int rc = tm_app_launch_add(ctx->app, a->input, &d, &ctx->err);
	if (!rc)
		render_detail(ctx, &d, "created");
	tm_launch_detail_release(&d);
	return rc;
}

const struct cli_command cmd_launch_add = {
	.name = "launch add",
	.args = "NAME",
	.summary = "plan a launch with its tier's checklist and milestones",
	.help = "Creates the launch and every task its tier's playbook brings, with due dates\n"
		"counted back from launch day T (T-3w, T-2w, T-1w …) and the dependencies\n"
		"between them. Dates that land on a weekend move to the previous working day\n"
		"before T and to the next one after T. Without --tier, the criteria flags\n"
		"(see 'tminus tier suggest') choose the tier, and the output says why.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_launch_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "name" },
	.run = run_add,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_query q = { .status = cli_opt(a, "status"), .from = cli_opt(a, "from"), .to = cli_opt(a, "to") };
	tm_launches ls = TM_VEC_INIT;
	int rc = 0;
	if (cli_opt(a, "tier"))
		rc = tm_parse_tier(cli_opt(a, "tier"), &q.tier, &ctx->err);
	if (!rc)
		rc = cli_int(ctx, a, "limit", 1, 1000000, &q.limit);
	if (!rc)
		rc = tm_app_launch_list(ctx->app, &q, &ls, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		/* Written straight out (about 340 bytes a launch): a jansson tree of 10,000 launches
		 * took most of the time. */
		tm_json_out w;
		tm_json_out_init(&w, &ctx->out);
		cli_json_stream(ctx, &w);
		tm_json_out_open(&w, '[');
		for (size_t i = 0; i < ls.n; i++)
			tm_json_out_launch(&w, &ls.v[i]);
		tm_json_out_close(&w);
		tm_json_out_end(&w);
	} else if (!ls.n) {
		tm_buf_adds(&ctx->out, "no launches match\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ ">ID", "LAUNCH", "NAME", ">TIER", "DATE", "STATUS", "CONFIDENCE",
							 "PM", "MARKETING", ">DONE", NULL });
		for (size_t i = 0; i < ls.n; i++) {
			const tm_launch *l = &ls.v[i];
			char id[TM_INT_STRLEN], tier[TM_INT_STRLEN], date[TM_DATE_STRLEN], done[2 * TM_INT_STRLEN];
			tm_fmt_int(id, l->id);
			tm_fmt_int(tier, l->tier);
			char *slash = tm_fmt_int(done, l->tasks_done);
			*slash = '/';
			tm_fmt_int(slash + 1, l->tasks_total);
			tm_table_row(&t, (const char *const[]){ id, l->slug, l->name, tier, tm_date_format(l->date, date),
							       tm_launch_status_name(l->status), tm_confidence_name(l->confidence),
							       l->pm, l->marketing, done });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&ls);
	return rc;
}

const struct cli_command cmd_launch_list = {
	.name = "launch list",
	.args = "[--tier N] [--status S] [--from DATE] [--to DATE]",
	.summary = "list launches by date",
	.flags = CMD_DB,
	.opts = { { "tier", "N", "only this tier" },
		  { "status", "S", "planned, launched or cancelled" },
		  { "from", "DATE", "launch day on or after DATE" },
		  { "to", "DATE", "launch day on or before DATE" },
		  { "limit", "N", "at most N launches" } },
	.run = run_list,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_detail d = { 0 };
	int rc = tm_app_launch_show(ctx->app, a->pos[0], &d, &ctx->err);
	if (!rc)
		render_detail(ctx, &d, NULL);
	tm_launch_detail_release(&d);
	return rc;
}

const struct cli_command cmd_launch_show = {
	.name = "launch show",
	.args = "LAUNCH",
	.summary = "a launch with its tasks (LAUNCH is an id or a slug)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_detail d = { 0 };
	int rc = tm_app_launch_set(ctx->app, a->pos[0], a->input, &d, &ctx->err);
	if (!rc)
		render_detail(ctx, &d, "updated");
	tm_launch_detail_release(&d);
	return rc;
}

const struct cli_command cmd_launch_set = {
	.name = "launch set",
	.args = "LAUNCH",
	.summary = "change a launch; raising the tier adds the tasks the new tier brings",
	.help = "Raising the tier adds the tasks of the new tier's playbook that the launch\n"
		"lacks (matched by title), with their dependencies. Lowering it keeps every\n"
		"task and says how many the lower tier would not bring. A new --pm or\n"
		"--marketing takes over the open tasks of their roles. --dri STREAM=PERSON\n"
		"names the DRI of one of the playbook's marketing streams (pr=none: nobody).\n"
		"--sponsor names the executive sponsor (the owner of exec; none: back to the\n"
		"person titled CPO). The launch day moves with 'tminus launch delay'.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_launch_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static void task_rows(struct cli_ctx *ctx, const char *title, const tm_tasks *ts)
{
	if (!ts->n)
		return;
	tm_buf_printf(&ctx->out, "\n%s:\n", title);
	for (size_t i = 0; i < ts->n; i++) {
		char d[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "  #%lld %s, due %s\n", (long long)ts->v[i].id, ts->v[i].title,
			      ts->v[i].has_due ? tm_date_format(ts->v[i].due, d) : "-");
	}
}

/* --dry-run: what the move would do and the rules that would fire after it; nothing is saved. */
static int delay_preview(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_delay_result r;
	tm_launch_check after;
	int rc = tm_app_launch_delay_preview(ctx->app, a->pos[0], a->input, &r, &after, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_delay_preview(&r, &after));
	} else if (r.told) {
		tm_buf_printf(&ctx->out, "dry run: customers would be told why '%s' moved: %s (nothing saved)\n", r.after.slug,
			      r.change.public_reason);
	} else {
		char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "dry run, nothing saved: %s '%s' from %s to %s (%+d days) would\n",
			      r.after.date > r.before.date ? "delaying" : "pulling in", r.after.slug,
			      tm_date_format(r.before.date, from), tm_date_format(r.after.date, to), r.after.date - r.before.date);
		tm_buf_printf(&ctx->out, "move %zu task%s with T, keep %zu fixed date%s, leave %d done or skipped\n", r.moved.n,
			      r.moved.n == 1 ? "" : "s", r.fixed.n, r.fixed.n == 1 ? "" : "s", r.done_kept);
		task_rows(ctx, "would move", &r.moved);
		task_rows(ctx, "fixed dates that would be on the other side of launch day", &r.inconsistent);
		tm_buf_printf(&ctx->out, "\nreadiness after the move: score %d, %d error%s, %d warning%s\n", after.score, after.errors,
			      after.errors == 1 ? "" : "s", after.warnings, after.warnings == 1 ? "" : "s");
		for (size_t i = 0; i < after.findings.n; i++) {
			const tm_finding *f = &after.findings.v[i];
			tm_buf_printf(&ctx->out, "  %-7s %-20s %s\n", tm_severity_name(f->severity), tm_rule(f->rule)->name,
				      f->message);
		}
	}
	tm_delay_result_release(&r);
	TM_VEC_FREE(&after.findings);
	return 0;
}

static int run_delay(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_delay_result r;
	if (cli_flag(a, "dry-run"))
		return delay_preview(ctx, a);
	int rc = tm_app_launch_delay(ctx->app, a->pos[0], a->input, &r, &ctx->err);
	if (rc)
		return rc;
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	tm_date_format(r.before.date, from);
	tm_date_format(r.after.date, to);
	cli_warnings(ctx, &r.warnings);
	if (ctx->json) {
		cli_json(ctx, tm_json_delay(&r));
	} else if (r.told) {
		tm_buf_printf(&ctx->out, "customers are told why '%s' moved from %s to %s: %s\n"
					 "see the message with 'tminus doc %s delay-external'\n",
			      r.after.slug, tm_date_format(r.change.from, from), tm_date_format(r.change.to, to),
			      r.change.public_reason, r.after.slug);
	} else {
		tm_buf_printf(&ctx->out, "%s '%s' from %s to %s (%+d days); saved baseline '%s' first\n",
			      r.after.date > r.before.date ? "delayed" : "pulled in", r.after.slug, from, to,
			      r.after.date - r.before.date, r.baseline.name);
		tm_buf_printf(&ctx->out, "%zu task%s moved with T, %zu kept a fixed date, %d done or skipped did not move\n",
			      r.moved.n, r.moved.n == 1 ? "" : "s", r.fixed.n, r.done_kept);
		task_rows(ctx, "moved", &r.moved);
		task_rows(ctx, "fixed dates now on the other side of launch day (check them)", &r.inconsistent);
		tm_buf_printf(&ctx->out, "\nrecorded in the decision ledger; see the new plan with 'tminus plan %s'\n", r.after.slug);
		if (!r.change.public_reason[0])
			tm_buf_printf(&ctx->out, "customers are not told why yet: give the reason that benefits them with "
						 "'tminus launch delay %s --public-reason TEXT'\n",
				      r.after.slug);
	}
	tm_delay_result_release(&r);
	return 0;
}

const struct cli_command cmd_launch_delay = {
	.name = "launch delay",
	.args = "LAUNCH",
	.summary = "move launch day T; tasks counted from T move with it",
	.help = "Saves the current plan as a baseline, moves T, moves every open task whose\n"
		"due date is an offset from T, keeps fixed dates (and names those now on the\n"
		"other side of T), never moves done work, and records the move in the launch's\n"
		"history and the decision ledger. Pulling a launch in is the same command.\n"
		"--dry-run shows what the move would do and which readiness rules would fire\n"
		"after it (freeze, holiday, collision, at-risk …), and saves nothing.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "dry-run", NULL, "show what the move would do and the rules that would fire; save nothing" } },
	.input = &tm_delay_desc,
	.mode = TM_IN_CREATE,
	.run = run_delay,
};
