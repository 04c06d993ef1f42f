/* cmd_plan.c - tminus plan | baseline save | baseline list */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "present/json_app.h"
#include "present/plan.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static int plan_all(struct cli_ctx *ctx)
{
	tm_portfolio_plan pp;
	int rc = tm_app_plan_all(ctx->app, &pp, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		json_t *launches = json_array(), *load = json_array();
		for (size_t i = 0; i < pp.launches.n; i++) {
			const tm_launch_plan *lp = &pp.launches.v[i];
			json_t *path = json_array();
			for (size_t k = 0; k < lp->plan.n_critical_path; k++)
				json_array_append_new(path, json_integer(lp->plan.tasks[lp->plan.critical_path[k]].id));
			json_array_append_new(launches, json_pack("{s:s, s:o, s:i, s:b, s:i, s:o, s:o}", "launch", lp->launch.slug,
								  "date", tm_json_date(lp->launch.date), "open_tasks",
								  (int)lp->plan.n, "feasible", lp->plan.feasible,
								  "min_slack_days", lp->plan.min_slack, "critical_path", path,
								  "notes", tm_json_notes(&lp->notes)));
		}
		for (size_t i = 0; i < pp.load.n; i++) {
			const tm_load *l = &pp.load.v[i];
			char week[16];
			snprintf(week, sizeof(week), "%04d-W%02d", l->year, l->week);
			json_array_append_new(load, json_pack("{s:s, s:s, s:f, s:i, s:b}", "person", l->person, "week", week,
							      "days", (double)((int)(l->days * 10 + 0.5)) / 10, "capacity",
							      l->capacity, "over", l->over));
		}
		cli_json(ctx, json_pack("{s:o, s:o, s:o, s:i}", "today", tm_json_date(ctx->app->today), "launches", launches, "load",
					load, "overloaded_weeks", pp.overloaded));
	} else {
		int infeasible = 0;
		for (size_t i = 0; i < pp.launches.n; i++)
			infeasible += !pp.launches.v[i].plan.feasible;
		tm_buf_printf(&ctx->out, "%zu planned launches with open work, %d of them cannot make their dates\n\n",
			      pp.launches.n, infeasible);
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "LAUNCH", "DATE", ">OPEN", ">SLACK", "FEASIBLE", NULL });
		for (size_t i = 0; i < pp.launches.n; i++) {
			const tm_launch_plan *lp = &pp.launches.v[i];
			char d[TM_DATE_STRLEN], open[16], slack[16];
			snprintf(open, sizeof(open), "%zu", lp->plan.n);
			snprintf(slack, sizeof(slack), "%d", lp->plan.min_slack);
			tm_table_row(&t, (const char *const[]){ lp->launch.slug, tm_date_format(lp->launch.date, d), open, slack,
							       lp->plan.feasible ? "yes" : "NO" });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
		tm_buf_adds(&ctx->out, "\nLoad per person and ISO week (each task's effort spread from its earliest start to its latest finish):\n");
		tm_table_init(&t, (const char *const[]){ "PERSON", "WEEK", ">BOOKED", ">CAPACITY", "", NULL });
		for (size_t i = 0; i < pp.load.n; i++) {
			const tm_load *l = &pp.load.v[i];
			char week[16], days[16], cap[16];
			snprintf(week, sizeof(week), "%04d-W%02d", l->year, l->week);
			snprintf(days, sizeof(days), "%.1f", l->days);
			snprintf(cap, sizeof(cap), "%d", l->capacity);
			tm_table_row(&t, (const char *const[]){ l->person, week, days, cap, l->over ? "OVER CAPACITY" : "" });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
		if (pp.overloaded)
			tm_buf_printf(&ctx->out, "\n%d person-week%s over capacity (change it with 'tminus person set P --capacity N')\n",
				      pp.overloaded, pp.overloaded == 1 ? "" : "s");
	}
	tm_portfolio_plan_release(&pp);
	return 0;
}

static int plan_against(struct cli_ctx *ctx, const char *launch, const char *name)
{
	tm_comparison c;
	int rc = tm_app_plan_against(ctx->app, launch, name, &c, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_comparison(&c));
	else
		tm_text_comparison(&c, &ctx->out, ctx->color);
	tm_comparison_release(&c);
	return 0;
}

static int run_plan(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *explain = cli_opt(a, "explain"), *against = cli_opt(a, "against");
	if (cli_flag(a, "all")) {
		if (a->npos || explain || against)
			return tm_fail(&ctx->err, TM_EUSAGE, "--all plans every launch: give no LAUNCH, --explain or --against");
		return plan_all(ctx);
	}
	if (!a->npos)
		return tm_fail(&ctx->err, TM_EUSAGE, "which launch? (usage: tminus plan LAUNCH, or tminus plan --all)");
	if (explain && against)
		return tm_fail(&ctx->err, TM_EUSAGE, "--explain and --against do not go together");
	if (against)
		return plan_against(ctx, a->pos[0], against);
	tm_launch_plan p;
	int idx = -1;
	int rc = explain ? tm_app_plan_explain(ctx->app, a->pos[0], explain, &p, &idx, &ctx->err)
			 : tm_app_plan(ctx->app, a->pos[0], &p, &ctx->err);
	if (rc)
		return rc;
	if (explain)
		ctx->json ? cli_json(ctx, tm_json_explain(&p, idx)) : tm_text_explain(&p, idx, &ctx->out);
	else if (ctx->json)
		cli_json(ctx, tm_json_plan(&p));
	else {
		const tm_calendar *cal;
		if (!(rc = tm_app_calendar_load(ctx->app, &cal, &ctx->err)))
			tm_text_plan(&p, cal, &ctx->out, ctx->color);
	}
	tm_launch_plan_release(&p);
	return rc;
}

const struct cli_command cmd_plan = {
	.name = "plan",
	.args = "LAUNCH [--explain TASK | --against BASELINE] | --all",
	.summary = "the critical path of a launch's open tasks, a text Gantt, why a task is critical",
	.help = "Schedules the open tasks (not done, not skipped) in working days from today:\n"
		"earliest start and finish forward, latest start and finish back from each\n"
		"task's due date and from what waits for it. Slack is latest start minus\n"
		"earliest start; the critical tasks have the least. --explain TASK tells the\n"
		"chain of deadlines behind a task's latest finish. --all plans every planned\n"
		"launch and books each owner's effort per ISO week against their capacity.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "explain", "TASK", "why this task is critical, or not" },
		  { "against", "BASELINE", "compare with a saved baseline" },
		  { "all", NULL, "every planned launch, and each person's load per week" } },
	.run = run_plan,
};

static int run_save(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_baseline b;
	int rc = tm_app_baseline_save(ctx->app, a->pos[0], a->npos > 1 ? a->pos[1] : NULL, &b, &ctx->err);
	if (rc)
		return rc;
	char d[TM_DATE_STRLEN];
	if (ctx->json)
		cli_json(ctx, json_pack("{s:s, s:s, s:o}", "launch", a->pos[0], "name", b.name, "date", tm_json_date(b.launch_date)));
	else
		tm_buf_printf(&ctx->out, "saved baseline '%s' of %s (launch day %s); compare with 'tminus plan %s --against \"%s\"'\n",
			      b.name, a->pos[0], tm_date_format(b.launch_date, d), a->pos[0], b.name);
	return 0;
}

const struct cli_command cmd_baseline_save = {
	.name = "baseline save",
	.args = "LAUNCH [NAME]",
	.summary = "freeze the current plan under a name (default: today's date)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.run = run_save,
};

static int run_blist(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_baselines bs = TM_VEC_INIT;
	int rc = tm_app_baseline_list(ctx->app, a->pos[0], &bs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, tm_json_baselines(&bs));
	} else if (!bs.n) {
		tm_buf_printf(&ctx->out, "no baselines of %s yet: 'tminus baseline save %s'\n", a->pos[0], a->pos[0]);
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "NAME", "LAUNCH DAY", "SAVED", NULL });
		for (size_t i = 0; i < bs.n; i++) {
			char d[TM_DATE_STRLEN];
			tm_table_row(&t, (const char *const[]){ bs.v[i].name, tm_date_format(bs.v[i].launch_date, d), bs.v[i].at });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&bs);
	return rc;
}

const struct cli_command cmd_baseline_list = {
	.name = "baseline list",
	.args = "LAUNCH",
	.summary = "the saved baselines of a launch",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_blist,
};
