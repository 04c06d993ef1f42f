/*
 * cmd_experiment.c - tminus experiment add | list | show | set | rm | arm add |
 * arm rm | record | analyze | close: seed 003's pricing, packaging and
 * messaging experiments. The statistics are core/experiment.c's; this only
 * shows them: per arm the conversion rate with its 95 % Wilson interval, the
 * lift over control, the p-value, revenue per visitor, annual impact,
 * payback and the sample still needed, then the warnings and the verdict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/experiments.h"
#include "cli/cli.h"
#include "core/text.h"
#include "present/json_experiments.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

/* ---- the numbers, as people read them ---- */

static void pct(double v, char *out, size_t n)
{
	snprintf(out, n, "%.2f%%", v * 100);
}

/* 1234567.8 → "1,234,568" (signed when sign). */
static void grouped(double v, bool sign, char *out, size_t n)
{
	char digits[64];
	long long x = llround(fabs(v));
	snprintf(digits, sizeof(digits), "%lld", x);
	size_t len = strlen(digits), k = 0;
	char buf[96];
	if (v < 0 && x)
		buf[k++] = '-';
	else if (sign && x)
		buf[k++] = '+';
	for (size_t i = 0; i < len && k < sizeof(buf) - 2; i++) {
		if (i && (len - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	snprintf(out, n, "%s", buf);
}

static void arm_what(const tm_arm *a, char *out, size_t n)
{
	if (a->has_price)
		snprintf(out, n, "%.2f", a->price);
	else if (a->message[0])
		snprintf(out, n, "\"%.60s%s\"", a->message, strlen(a->message) > 60 ? "…" : "");
	else
		snprintf(out, n, "-");
}

/* The experiment's head: name, kind, status, hypothesis, what it informs. */
static void head(struct cli_ctx *ctx, const tm_experiment *e)
{
	char on[TM_DATE_STRLEN];
	tm_buf_printf(&ctx->out, "%s%s%s (#%lld, %s, %s", tm_style_bold(ctx->color), e->name, tm_style_reset(ctx->color),
		      (long long)e->id, tm_experiment_kind_names[e->kind], tm_experiment_status_names[e->status]);
	if (e->status == TM_EXP_CLOSED)
		tm_buf_printf(&ctx->out, " on %s: %s", tm_date_format(e->closed_on, on),
			      e->verdict >= 0 ? tm_verdict_names[e->verdict] : "-");
	tm_buf_printf(&ctx->out, ")\n  hypothesis  %s\n", e->hypothesis);
	tm_buf_printf(&ctx->out, "  owner       %s\n", e->owner[0] ? e->owner : "none");
	if (e->idea_id)
		tm_buf_printf(&ctx->out, "  idea        #%lld %s\n", (long long)e->idea_id, e->idea);
	if (e->launch_id)
		tm_buf_printf(&ctx->out, "  launch      %s\n", e->launch_slug);
	if (e->has_current_price)
		tm_buf_printf(&ctx->out, "  price now   %.2f\n", e->current_price);
	if (e->planned_sample)
		tm_buf_printf(&ctx->out, "  planned     %lld qualified signups per arm\n", (long long)e->planned_sample);
	if (e->monthly_traffic)
		tm_buf_printf(&ctx->out, "  traffic     %lld visitors a month\n", (long long)e->monthly_traffic);
	if (e->has_cost)
		tm_buf_printf(&ctx->out, "  cost        %.2f\n", e->cost);
	if (e->status == TM_EXP_CLOSED) {
		tm_buf_printf(&ctx->out, "  result      %s\n", e->result);
		if (e->decision_id)
			tm_buf_printf(&ctx->out, "  decision    #%lld (tminus decision show %lld)\n", (long long)e->decision_id,
				      (long long)e->decision_id);
	}
}

static void arms_table(struct cli_ctx *ctx, const tm_experiment_view *v)
{
	if (!v->arms.n) {
		tm_buf_printf(&ctx->out, "\nno arms yet: 'tminus experiment arm add %s control --control', then a variant with "
					 "--price P or --message TEXT\n",
			      v->e.name);
		return;
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ "ARM", "", "PRICE/MESSAGE", ">VISITORS", ">CONVERSIONS", ">REV/CONV", NULL });
	for (size_t i = 0; i < v->arms.n; i++) {
		const tm_arm *a = &v->arms.v[i];
		char what[128], vis[24], conv[24], rev[32] = "";
		arm_what(a, what, sizeof(what));
		snprintf(vis, sizeof(vis), "%lld", (long long)a->visitors);
		snprintf(conv, sizeof(conv), "%lld", (long long)a->conversions);
		if (a->has_revenue)
			snprintf(rev, sizeof(rev), "%.2f", a->revenue_per_conversion);
		tm_table_row(&t, (const char *const[]){ a->name, a->control ? "control" : "", what, vis, conv, rev });
	}
	tm_buf_addc(&ctx->out, '\n');
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
}

static int view_out(struct cli_ctx *ctx, const char *verb, const tm_experiment_view *v)
{
	if (ctx->json) {
		cli_json(ctx, tm_json_experiment(v));
		return 0;
	}
	if (verb)
		tm_buf_printf(&ctx->out, "%s ", verb);
	head(ctx, &v->e);
	arms_table(ctx, v);
	return 0;
}

/* ---- the commands ---- */

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_add(ctx->app, a->input, &v, &ctx->err);
	if (!rc)
		rc = view_out(ctx, "added", &v);
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_add = {
	.name = "experiment add",
	.args = "NAME",
	.summary = "add a pricing, packaging or messaging experiment",
	.help = "Then give it arms: a control (experiment arm add EXP control --control) and one\n"
		"or more variants with a price or a message. Seed 003: price steps of 12-15%\n"
		"around the current price, at least 150-200 qualified signups per arm.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_experiment_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "name" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_set(ctx->app, a->pos[0], a->input, &v, &ctx->err);
	if (!rc)
		rc = view_out(ctx, "updated", &v);
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_set = {
	.name = "experiment set",
	.args = "EXP",
	.summary = "change an experiment (EXP is its name or id; --name renames it)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_experiment_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_rm(ctx->app, a->pos[0], 0, &v, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment(&v));
	else if (!rc)
		tm_buf_printf(&ctx->out, "removed experiment #%lld %s and its %zu %s\n", (long long)v.e.id, v.e.name, v.arms.n,
			      tm_plural((long long)v.arms.n, "arm", "arms"));
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_rm = {
	.name = "experiment rm",
	.args = "EXP",
	.summary = "remove an experiment and its arms",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_views vs = TM_VEC_INIT;
	const char *status = cli_opt(a, "status");
	int st = -1;
	if (status) {
		for (int i = 0; tm_experiment_status_names[i]; i++)
			if (!strcmp(tm_experiment_status_names[i], status))
				st = i;
		if (st < 0)
			return tm_fail_field(&ctx->err, TM_EINVAL, "status", "--status '%.40s': running or closed", status);
	}
	int idea = 0;
	int rc = cli_int(ctx, a, "idea", 1, 2147483647, &idea);
	if (!rc && idea)
		rc = tm_app_experiment_list_idea(ctx->app, idea, st, &vs, &ctx->err);
	else if (!rc)
		rc = tm_app_experiment_list(ctx->app, st, &vs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, tm_json_experiments(&vs));
		goto out;
	}
	if (!vs.n && (idea || st >= 0)) {
		tm_buf_adds(&ctx->out, "no experiments match\n");
		goto out;
	}
	if (!vs.n) {
		tm_buf_adds(&ctx->out, "no experiments yet: 'tminus experiment add NAME --kind pricing|packaging|messaging "
				       "--hypothesis TEXT'\n");
		goto out;
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "EXPERIMENT", "KIND", "STATUS", ">ARMS", ">VISITORS", "VERDICT",
						 "OWNER", "INFORMS", NULL });
	for (size_t i = 0; i < vs.n; i++) {
		const tm_experiment_view *v = &vs.v[i];
		const tm_experiment *e = &v->e;
		char id[24], arms[16], vis[24], informs[240] = "";
		const char *verdict = "-";
		long long visitors = 0;
		bool control = false;
		for (size_t k = 0; k < v->arms.n; k++) {
			visitors += v->arms.v[k].visitors;
			control |= v->arms.v[k].control;
		}
		tm_experiment_analysis an;
		if (e->status == TM_EXP_CLOSED && e->verdict >= 0) {
			verdict = tm_verdict_names[e->verdict];
		} else if (control && v->arms.n >= 2) {
			/* Running: the verdict so far, marked so. */
			tm_experiment_analyze(e, v->arms.v, v->arms.n, &an);
			verdict = an.verdict == TM_VERDICT_NO_DIFFERENCE ? "(no difference yet)"
				  : an.verdict == TM_VERDICT_VARIANT_WINS ? "(variant ahead)"
									  : "(control ahead)";
		}
		snprintf(id, sizeof(id), "%lld", (long long)e->id);
		snprintf(arms, sizeof(arms), "%zu", v->arms.n);
		snprintf(vis, sizeof(vis), "%lld", visitors);
		if (e->idea_id)
			snprintf(informs, sizeof(informs), "idea #%lld%s%s", (long long)e->idea_id, e->launch_id ? ", " : "",
				 e->launch_slug);
		else
			snprintf(informs, sizeof(informs), "%s", e->launch_slug);
		tm_table_row(&t, (const char *const[]){ id, e->name, tm_experiment_kind_names[e->kind],
						       tm_experiment_status_names[e->status], arms, vis, verdict, e->owner,
						       informs });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
out:
	tm_experiment_views_free(&vs);
	return rc;
}

const struct cli_command cmd_experiment_list = {
	.name = "experiment list",
	.summary = "the experiments: kind, status, arms, visitors, verdict",
	.help = "A running experiment's verdict so far is in brackets: 'experiment analyze' says\n"
		"whether it can be trusted yet (peeking, small samples).",
	.flags = CMD_DB,
	.opts = { { "status", "STATUS", "running or closed only" },
		  { "idea", "ID", "only the experiments that inform this backlog item" } },
	.run = run_list,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_get(ctx->app, a->pos[0], &v, &ctx->err);
	if (!rc)
		rc = view_out(ctx, NULL, &v);
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_show = {
	.name = "experiment show",
	.args = "EXP",
	.summary = "an experiment, its arms and their running totals",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};

static int run_arm_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_arm_add(ctx->app, a->pos[0], a->input, &v, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment(&v));
	else if (!rc) {
		tm_buf_printf(&ctx->out, "added arm %s to %s (%zu %s)\n", a->pos[1], v.e.name, v.arms.n,
			      tm_plural((long long)v.arms.n, "arm", "arms"));
		arms_table(ctx, &v);
	}
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_arm_add = {
	.name = "experiment arm add",
	.args = "EXP ARM",
	.summary = "add an arm: the control (--control) or a variant (--price P | --message TEXT)",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_arm_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { NULL, "name" },
	.run = run_arm_add,
};

static int run_arm_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_arm_rm(ctx->app, a->pos[0], a->pos[1], &v, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment(&v));
	else if (!rc)
		tm_buf_printf(&ctx->out, "removed arm %s from %s (%zu left)\n", a->pos[1], v.e.name, v.arms.n);
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_arm_rm = {
	.name = "experiment arm rm",
	.args = "EXP ARM",
	.summary = "remove an arm and its counts",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_arm_rm,
};

static int run_record(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_view v = { 0 };
	int rc = tm_app_experiment_record(ctx->app, a->pos[0], a->pos[1], a->input, &v, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment(&v));
	else if (!rc) {
		for (size_t i = 0; i < v.arms.n; i++) {
			const tm_arm *arm = &v.arms.v[i];
			if (strcasecmp(arm->name, a->pos[1]) && strtoll(a->pos[1][0] == '#' ? a->pos[1] + 1 : a->pos[1], NULL, 10) != arm->id)
				continue;
			char rate[32];
			pct(arm->visitors ? (double)arm->conversions / (double)arm->visitors : 0, rate, sizeof(rate));
			tm_buf_printf(&ctx->out, "recorded %s of %s: %lld conversions of %lld qualified signups (%s) so far\n",
				      arm->name, v.e.name, (long long)arm->conversions, (long long)arm->visitors, rate);
		}
	}
	tm_experiment_view_release(&v);
	return rc;
}

const struct cli_command cmd_experiment_record = {
	.name = "experiment record",
	.args = "EXP ARM",
	.summary = "set an arm's running totals: --visitors N --conversions N",
	.help = "The totals so far replace the ones recorded before (they are not added).\n"
		"--revenue-per-conversion defaults to the arm's price (the control's: the\n"
		"experiment's current price) for revenue per visitor and annual impact.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_arm_record_desc,
	.mode = TM_IN_CREATE,
	.run = run_record,
};

/* The analysis for people: one row per arm, then the warnings and the verdict. */
static void analysis_text(struct cli_ctx *ctx, const tm_experiment_report *r)
{
	const tm_experiment_analysis *an = &r->an;
	const tm_experiment *e = &r->v.e;
	tm_buf_printf(&ctx->out, "%s%s%s (%s): %s\n", tm_style_bold(ctx->color), e->name, tm_style_reset(ctx->color),
		      tm_experiment_kind_names[e->kind], e->hypothesis);
	tm_buf_printf(&ctx->out, "two-sided pooled z-test at alpha 0.05; 95%% Wilson intervals; sample needed at 80%% power");
	if (r->monthly_traffic)
		tm_buf_printf(&ctx->out, "; annual impact at %lld visitors a month", (long long)r->monthly_traffic);
	tm_buf_adds(&ctx->out, "\n\n");
	tm_table t;
	tm_table_init(&t, (const char *const[]){ "ARM", "PRICE/MESSAGE", ">CONV/VISITORS", ">RATE", ">95% CI", ">LIFT", ">P",
						 ">REV/VISITOR", ">ANNUAL", ">PAYBACK", ">STILL NEEDED", NULL });
	for (size_t i = 0; i < an->n; i++) {
		const tm_arm *a = &r->v.arms.v[i];
		const tm_arm_result *x = &an->arms[i];
		char name[80], what[128], cv[48], rate[24], lo[24], hi[24], ci[56], lift[64] = "", p[24] = "", rpv[32] = "",
			annual[48] = "", payback[32] = "", need[48] = "";
		snprintf(name, sizeof(name), "%s%s", a->name, a->control && strcasecmp(a->name, "control") ? " (control)" : "");
		arm_what(a, what, sizeof(what));
		snprintf(cv, sizeof(cv), "%lld/%lld", (long long)a->conversions, (long long)a->visitors);
		pct(x->rate, rate, sizeof(rate));
		pct(x->ci_low, lo, sizeof(lo));
		pct(x->ci_high, hi, sizeof(hi));
		snprintf(ci, sizeof(ci), "%s-%s", lo, hi);
		if (x->has_lift) {
			if (an->arms[an->control].rate > 0)
				snprintf(lift, sizeof(lift), "%+.2fpt (%+.1f%%)", x->lift_abs * 100, x->lift_rel * 100);
			else
				snprintf(lift, sizeof(lift), "%+.2fpt", x->lift_abs * 100);
			snprintf(p, sizeof(p), "%.4f%s", x->p_value, x->significant ? " *" : "");
			if (x->needed_per_arm > 0) {
				int64_t least = a->visitors < r->v.arms.v[an->control].visitors ? a->visitors
												   : r->v.arms.v[an->control].visitors;
				double still = x->needed_per_arm > (double)least ? x->needed_per_arm - (double)least : 0;
				char s[32];
				grouped(still, false, s, sizeof(s));
				snprintf(need, sizeof(need), "%s", still > 0 ? s : "0 (reached)");
			}
		}
		if (x->has_rpv)
			snprintf(rpv, sizeof(rpv), "%.2f", x->rpv);
		if (x->has_annual)
			grouped(x->annual_impact, true, annual, sizeof(annual));
		if (x->has_payback)
			snprintf(payback, sizeof(payback), "%.1f months", x->payback_months);
		tm_table_row(&t, (const char *const[]){ name, what, cv, rate, ci, lift, p, rpv, annual, payback, need });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_adds(&ctx->out, "* significant at alpha 0.05; STILL NEEDED: more qualified signups per arm to detect the "
			       "observed lift at 80% power\n");
	if (an->nwarn) {
		tm_buf_adds(&ctx->out, "\nwarnings:\n");
		for (size_t i = 0; i < an->nwarn; i++)
			tm_buf_printf(&ctx->out, "  %-13s %s\n", tm_experiment_warning_names[an->warn[i].rule], an->warn[i].message);
	}
	tm_buf_printf(&ctx->out, "\nverdict: %s%s%s", tm_style_bold(ctx->color), tm_verdict_names[an->verdict],
		      tm_style_reset(ctx->color));
	if (an->verdict == TM_VERDICT_VARIANT_WINS)
		tm_buf_printf(&ctx->out, " (%s converts significantly better than the control)",
			      r->v.arms.v[an->winner].name);
	else if (an->verdict == TM_VERDICT_CONTROL_WINS)
		tm_buf_adds(&ctx->out, " (every variant converts significantly worse)");
	else
		tm_buf_adds(&ctx->out, " (no variant differs significantly from the control)");
	tm_buf_addc(&ctx->out, '\n');
}

static int run_analyze(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_report r = { 0 };
	int traffic = 0;
	int rc = cli_int(ctx, a, "monthly-traffic", 1, (int)TM_EXPERIMENT_COUNT_MAX, &traffic);
	if (rc)
		return rc;
	rc = tm_app_experiment_analyze(ctx->app, a->pos[0], traffic, &r, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment_analysis(&r));
	else if (!rc)
		analysis_text(ctx, &r);
	tm_experiment_view_release(&r.v);
	return rc;
}

const struct cli_command cmd_experiment_analyze = {
	.name = "experiment analyze",
	.args = "EXP",
	.summary = "each arm's rate, 95% CI, lift, p-value, revenue, payback; warnings; verdict",
	.help = "Per arm: the conversion rate with its 95% Wilson score interval; for each\n"
		"variant the lift over the control (points and percent), the two-sided pooled\n"
		"two-proportion z-test's p-value, revenue per visitor, the annualised revenue\n"
		"impact at the monthly traffic (--monthly-traffic, else the experiment's), the\n"
		"payback period of its cost, and the qualified signups per arm still needed to\n"
		"detect the observed lift at 80% power. Verdict at alpha 0.05: variant-wins,\n"
		"control-wins or no-difference-yet. Warnings: small-sample (< 150 in an arm),\n"
		"price-step (not 12-15% from the current price), too-many-arms (more than three\n"
		"price points), peeking (before the planned sample).",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "monthly-traffic", "N", "visitors a month for the annual impact (this analysis only)" } },
	.run = run_analyze,
};

static int run_close(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_experiment_report r = { 0 };
	int rc = tm_app_experiment_close(ctx->app, a->pos[0], a->input, &r, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_experiment(&r.v));
	else if (!rc) {
		tm_buf_printf(&ctx->out, "closed %s: %s; decision #%lld recorded in the ledger\n", r.v.e.name,
			      tm_verdict_names[r.v.e.verdict], (long long)r.v.e.decision_id);
		if (r.v.e.idea_id)
			tm_buf_printf(&ctx->out, "  informs idea #%lld %s (tminus backlog list shows its status)\n",
				      (long long)r.v.e.idea_id, r.v.e.idea);
	}
	tm_experiment_view_release(&r.v);
	return rc;
}

const struct cli_command cmd_experiment_close = {
	.name = "experiment close",
	.args = "EXP",
	.summary = "close an experiment: its result and a decision in the ledger",
	.help = "Records the verdict of the analysis now, the result (--result) and a decision\n"
		"with the arms as its options and the one chosen (--chosen, default the winner,\n"
		"else the control), linked to the experiment and its idea. The idea it informs\n"
		"becomes planned when a variant won, or takes --idea-status.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_experiment_close_desc,
	.mode = TM_IN_CREATE,
	.run = run_close,
};
