/*
 * cmd_metric.c - tminus metric add | set | rm | list | show | record | import | status:
 * a launch's success metrics, their observations, and the judgement of each against
 * its target path (the rule is core/metric.c's tm_metric_judge; this only shows the
 * numbers that decided it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/metrics.h"
#include "cli/cli.h"
#include "core/text.h"
#include "present/json_metrics.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

/* ---- the numbers, as people read them ---- */

/* The path's value beside the observation (at least one decimal: "44.0"). */
static void expected_text(const tm_metric_view *v, char *out, size_t n)
{
	tm_metric_expected_text(&v->m, &v->j, 1, out, n);
}

static void value_text(const tm_metric *m, double v, char *out, size_t n)
{
	tm_metric_value_with_unit(v, &m->unit, out, n);
}

/* "48%", or "+20% (48%)" when the target is a change of the baseline. */
static void target_text(const tm_metric_view *v, char *out, size_t n)
{
	char form[48], value[64];
	tm_target_format(&v->m.target, form, sizeof(form));
	value_text(&v->m, v->j.target, value, sizeof(value));
	if (v->m.target.kind == TM_TARGET_VALUE)
		snprintf(out, n, "%s", value);
	else
		snprintf(out, n, "%s (%s)", form, value);
}

/* Why the metric is in its state, in words with the numbers: what `metric status` decides on. */
static void explain(tm_buf *b, const tm_metric_view *v)
{
	const tm_metric_judgement *j = &v->j;
	char obs[80] = "", on[TM_DATE_STRLEN] = "", exp[80], tgt[80], end[TM_DATE_STRLEN], met[TM_DATE_STRLEN];
	if (j->has_observed) {
		value_text(&v->m, j->observed, obs, sizeof(obs));
		tm_date_format(j->observed_on, on);
	}
	expected_text(v, exp, sizeof(exp));
	value_text(&v->m, j->target, tgt, sizeof(tgt));
	tm_date_format(j->window_end, end);
	switch (j->state) {
	case TM_MS_MET:
		tm_buf_printf(b, "met: reached %s on %s (target %s by %s)", tgt, tm_date_format(v->m.sum.met_on, met), tgt, end);
		if (j->has_observed)
			tm_buf_printf(b, "; latest %s on %s", obs, on);
		break;
	case TM_MS_MISSED:
		tm_buf_printf(b, "missed: the window ended on %s without reaching %s", end, tgt);
		if (j->has_observed)
			tm_buf_printf(b, "; latest %s on %s", obs, on);
		else
			tm_buf_adds(b, "; nothing was recorded");
		break;
	case TM_MS_NO_DATA:
		tm_buf_printf(b, "no-data: nothing recorded yet; target %s by %s", tgt, end);
		break;
	default:
		tm_buf_printf(b, "%s: %s on %s, %s the path's %s that day; target %s by %s", tm_metric_state_name(j->state),
			      obs, on,
			      j->state == TM_MS_BEHIND ? (v->m.down ? "above" : "below")
							: (v->m.down ? "at or below" : "at or above"),
			      exp, tgt, end);
		if (j->days_left >= 0)
			tm_buf_printf(b, " (%d %s left)", j->days_left, tm_plural(j->days_left, "day", "days"));
		break;
	}
	if (j->stale && j->has_observed)
		tm_buf_adds(b, "; stale: nothing recorded in the last 14 days");
}

/* The status as the table shows it: "behind", "met (2027-05-02)", "on-track STALE". */
static void status_text(const tm_metric_view *v, char *out, size_t n)
{
	char met[TM_DATE_STRLEN];
	if (v->j.state == TM_MS_MET)
		snprintf(out, n, "met (%s)", tm_date_format(v->m.sum.met_on, met));
	else
		snprintf(out, n, "%s%s", tm_metric_state_name(v->j.state), v->j.stale ? " STALE" : "");
}

void cli_metric_table(struct cli_ctx *ctx, const tm_metric_view *views, size_t n)
{
	tm_table t;
	int counts[TM_METRIC_STATE_COUNT] = { 0 }, stale = 0;
	tm_table_init(&t, (const char *const[]){ "LAUNCH", "METRIC", "STATUS", ">OBSERVED", "ON", ">EXPECTED", ">TARGET", "BY",
						 "OWNER", NULL });
	tm_table_reserve(&t, n, 96);
	for (size_t i = 0; i < n; i++) {
		const tm_metric_view *v = &views[i];
		char status[48], obs[80] = "", on[TM_DATE_STRLEN] = "", exp[80], tgt[80], by[TM_DATE_STRLEN];
		status_text(v, status, sizeof(status));
		if (v->j.has_observed) {
			value_text(&v->m, v->j.observed, obs, sizeof(obs));
			tm_date_format(v->j.observed_on, on);
		}
		expected_text(v, exp, sizeof(exp));
		value_text(&v->m, v->j.target, tgt, sizeof(tgt));
		tm_table_row(&t, (const char *const[]){ v->m.launch_slug, v->m.name, status, obs, on, exp, tgt,
						       tm_date_format(v->j.window_end, by), v->m.owner });
		counts[v->j.state]++;
		stale += v->j.stale;
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_printf(&ctx->out, "%zu %s:", n, tm_plural((long long)n, "metric", "metrics"));
	for (int s = 0, k = 0; s < TM_METRIC_STATE_COUNT; s++)
		if (counts[s])
			tm_buf_printf(&ctx->out, "%s %d %s", k++ ? "," : "", counts[s], tm_metric_state_name(s));
	if (stale)
		tm_buf_printf(&ctx->out, "; %d stale (nothing recorded in the last 14 days)", stale);
	tm_buf_adds(&ctx->out, "\n");
}

/* One metric after a change: its definition on one line, its judgement on the next. */
static void metric_lines(struct cli_ctx *ctx, const char *verb, const tm_metric_view *v)
{
	const tm_metric *m = &v->m;
	char base[80], tgt[120], end[TM_DATE_STRLEN], T[TM_DATE_STRLEN], on[TM_DATE_STRLEN];
	value_text(m, m->baseline, base, sizeof(base));
	target_text(v, tgt, sizeof(tgt));
	tm_buf_printf(&ctx->out, "%s metric #%lld %s of %s: %s, %s%s, %s is good; baseline %s", verb, (long long)m->id,
		      m->name, m->launch_slug, tm_metric_kind_name(m->kind), m->unit.unit == TM_UNIT_COUNT ? "a " : "in ",
		      tm_unit_name(&m->unit), m->down ? "down" : "up", base);
	if (m->has_baseline_on)
		tm_buf_printf(&ctx->out, " (%s)", tm_date_format(m->baseline_on, on));
	tm_buf_printf(&ctx->out, "; target %s by %s (%d %s after launch day %s); owner %s\n", tgt,
		      tm_date_format(v->j.window_end, end), m->window, tm_plural(m->window, "day", "days"),
		      tm_date_format(v->T, T), m->owner[0] ? m->owner : "none");
	tm_buf_adds(&ctx->out, "  ");
	explain(&ctx->out, v);
	tm_buf_addc(&ctx->out, '\n');
}

/* ---- the commands ---- */

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_metric_view v;
	int rc = tm_app_metric_add(ctx->app, a->pos[0], a->input, &v, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_metric(&v));
	else
		metric_lines(ctx, "added", &v);
	return 0;
}

const struct cli_command cmd_metric_add = {
	.name = "metric add",
	.args = "LAUNCH NAME",
	.summary = "add a success metric to a launch, with its baseline, target and window",
	.help = "A target is a value (48, or 48% for a metric in %), a change of the baseline in\n"
		"percent (+20%, -15%; not on a count) or in points (+5pt, -3pt; for % or points).\n"
		"It must be better than the baseline in the good direction. The target path runs\n"
		"straight from the baseline on launch day T to the target on T + window days.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_metric_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { NULL, "name" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_metric_view v;
	int rc = tm_app_metric_set(ctx->app, a->pos[0], a->pos[1], a->input, &v, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_metric(&v));
	else
		metric_lines(ctx, "updated", &v);
	return 0;
}

const struct cli_command cmd_metric_set = {
	.name = "metric set",
	.args = "LAUNCH METRIC",
	.summary = "change a metric (METRIC is its name or id; --name renames it)",
	.help = "A new target, window, direction or baseline judges the metric again at once.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_metric_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_metric_view v;
	int rc = tm_app_metric_rm(ctx->app, a->pos[0], a->pos[1], 0, &v, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_metric(&v));
	else
		tm_buf_printf(&ctx->out, "removed metric #%lld %s of %s and its %d %s\n", (long long)v.m.id, v.m.name,
			      v.m.launch_slug, v.m.sum.n, tm_plural(v.m.sum.n, "observation", "observations"));
	return 0;
}

const struct cli_command cmd_metric_rm = {
	.name = "metric rm",
	.args = "LAUNCH METRIC",
	.summary = "remove a metric and its observations",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_rm,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_metric_views vs = TM_VEC_INIT;
	int rc = tm_app_metric_list(ctx->app, a->pos[0], &vs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, tm_json_metrics(&vs));
		goto out;
	}
	if (!vs.n) {
		tm_buf_printf(&ctx->out, "no metrics for '%s' yet: add one with 'tminus metric add %s NAME --kind K --unit U "
					 "--direction up|down --baseline V --target T --window DAYS'\n",
			      a->pos[0], a->pos[0]);
		goto out;
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "METRIC", "KIND", "UNIT", "GOOD", ">BASELINE", ">TARGET", "BY", "OWNER",
						 ">OBS", "STATUS", NULL });
	for (size_t i = 0; i < vs.n; i++) {
		const tm_metric_view *v = &vs.v[i];
		char id[24], base[80], tgt[120], by[TM_DATE_STRLEN], obs[16], status[48];
		snprintf(id, sizeof(id), "%lld", (long long)v->m.id);
		value_text(&v->m, v->m.baseline, base, sizeof(base));
		target_text(v, tgt, sizeof(tgt));
		snprintf(obs, sizeof(obs), "%d", v->m.sum.n);
		status_text(v, status, sizeof(status));
		tm_table_row(&t, (const char *const[]){ id, v->m.name, tm_metric_kind_name(v->m.kind), tm_unit_name(&v->m.unit),
						       v->m.down ? "down" : "up", base, tgt,
						       tm_date_format(v->j.window_end, by), v->m.owner, obs, status });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
out:
	TM_VEC_FREE(&vs);
	return rc;
}

const struct cli_command cmd_metric_list = {
	.name = "metric list",
	.args = "LAUNCH",
	.summary = "a launch's metrics: baseline, target, window, owner and status",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_list,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_metric_view v;
	tm_observations obs = TM_VEC_INIT;
	int rc = tm_app_metric_get(ctx->app, a->pos[0], a->pos[1], &v, &ctx->err);
	if (!rc)
		rc = tm_app_metric_observations(ctx->app, a->pos[0], a->pos[1], &obs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, json_pack("{s:o, s:o}", "metric", tm_json_metric(&v), "observations", tm_json_observations(&obs)));
		goto out;
	}
	const tm_metric *m = &v.m;
	char base[80], tgt[120], end[TM_DATE_STRLEN], T[TM_DATE_STRLEN], on[TM_DATE_STRLEN];
	value_text(m, m->baseline, base, sizeof(base));
	target_text(&v, tgt, sizeof(tgt));
	tm_buf_printf(&ctx->out, "%s%s%s (%s, metric #%lld)\n", tm_style_bold(ctx->color), m->name, tm_style_reset(ctx->color),
		      m->launch_slug, (long long)m->id);
	tm_buf_printf(&ctx->out, "  kind       %s\n  unit       %s\n  good       %s\n  baseline   %s", tm_metric_kind_name(m->kind),
		      tm_unit_name(&m->unit), m->down ? "down (lower is better)" : "up (higher is better)", base);
	if (m->has_baseline_on)
		tm_buf_printf(&ctx->out, " (%s)", tm_date_format(m->baseline_on, on));
	tm_buf_printf(&ctx->out, "\n  target     %s by %s (%d %s after launch day %s)\n", tgt, tm_date_format(v.j.window_end, end),
		      m->window, tm_plural(m->window, "day", "days"), tm_date_format(v.T, T));
	tm_buf_printf(&ctx->out, "  owner      %s\n", m->owner[0] ? m->owner : "none");
	if (m->source[0])
		tm_buf_printf(&ctx->out, "  source     %s\n", m->source);
	tm_buf_adds(&ctx->out, "  status     ");
	explain(&ctx->out, &v);
	tm_buf_adds(&ctx->out, "\n\n");
	if (!obs.n) {
		tm_buf_printf(&ctx->out, "no observations yet: 'tminus metric record %s \"%s\" VALUE [--on DATE]'\n", m->launch_slug,
			      m->name);
		goto out;
	}
	/* Each observation beside the path's value on its day: the series the status comes from. */
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "DATE", ">VALUE", ">PATH", "NOTE", "BY", NULL });
	for (size_t i = 0; i < obs.n; i++) {
		const tm_observation *o = &obs.v[i];
		tm_metric_view at = v;
		char id[24], date[TM_DATE_STRLEN], val[80], path[80];
		at.j.has_observed = at.j.has_expected = true;
		at.j.observed = o->value;
		at.j.expected = tm_metric_expected(m, v.T, o->on);
		snprintf(id, sizeof(id), "%lld", (long long)o->id);
		value_text(m, o->value, val, sizeof(val));
		expected_text(&at, path, sizeof(path));
		tm_table_row(&t, (const char *const[]){ id, tm_date_format(o->on, date), val, path, o->note, o->by });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
out:
	TM_VEC_FREE(&obs);
	return rc;
}

const struct cli_command cmd_metric_show = {
	.name = "metric show",
	.args = "LAUNCH METRIC",
	.summary = "a metric, its judgement and its observations beside the target path",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_show,
};

static int run_record(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_observations obs = TM_VEC_INIT;
	tm_metric_view v;
	int rc = tm_app_metric_record(ctx->app, a->pos[0], a->pos[1], a->input, 1, &obs, &v, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, json_pack("{s:o, s:o}", "metric", tm_json_metric(&v), "observations", tm_json_observations(&obs)));
		goto out;
	}
	for (size_t i = 0; i < obs.n; i++) {
		char val[80], on[TM_DATE_STRLEN];
		value_text(&v.m, obs.v[i].value, val, sizeof(val));
		tm_buf_printf(&ctx->out, "recorded %s of %s: %s on %s (observation #%lld)\n", v.m.name, v.m.launch_slug, val,
			      tm_date_format(obs.v[i].on, on), (long long)obs.v[i].id);
	}
	tm_buf_adds(&ctx->out, "  ");
	explain(&ctx->out, &v);
	tm_buf_addc(&ctx->out, '\n');
out:
	TM_VEC_FREE(&obs);
	return rc;
}

const struct cli_command cmd_metric_record = {
	.name = "metric record",
	.args = "LAUNCH METRIC VALUE",
	.summary = "record a metric's value (today's, or --on DATE's)",
	.help = "VALUE is a number in the metric's unit (41.5 for 41.5%). A date after today is\n"
		"refused; one before launch day is kept (it can be the latest, never 'met').\n"
		"Several values on one day are kept; the last recorded is the latest.",
	.flags = CMD_DB,
	.min_pos = 3,
	.max_pos = 3,
	.input = &tm_observation_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { NULL, NULL, "value" },
	.run = run_record,
};

static int run_import(struct cli_ctx *ctx, const struct cli_args *a)
{
	int imported = 0;
	tm_metric_views vs = TM_VEC_INIT;
	int rc = tm_app_metric_import(ctx->app, a->pos[0], a->pos[1], &imported, &ctx->err);
	if (!rc)
		rc = tm_app_metric_list(ctx->app, a->pos[0], &vs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		const char *slug = vs.n ? vs.v[0].m.launch_slug : a->pos[0];
		cli_json(ctx, json_pack("{s:s, s:i, s:o}", "launch", slug, "imported", imported, "metrics", tm_json_metrics(&vs)));
		goto out;
	}
	tm_buf_printf(&ctx->out, "imported %d %s from %s\n\n", imported, tm_plural(imported, "observation", "observations"),
		      a->pos[1]);
	cli_metric_table(ctx, vs.v, vs.n);
out:
	TM_VEC_FREE(&vs);
	return rc;
}

const struct cli_command cmd_metric_import = {
	.name = "metric import",
	.args = "LAUNCH FILE.csv",
	.summary = "record many values from a CSV file: date,metric,value[,note]",
	.help = "The first row names the columns (date, metric, value and optionally note, in any\n"
		"order); each further row is one value of the launch's metric it names, on an ISO\n"
		"date. A UTF-8 BOM and CRLF line ends are fine. A bad row is reported as\n"
		"FILE:LINE:COLUMN and nothing is imported: all rows or none.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_import,
};

static int run_status(struct cli_ctx *ctx, const struct cli_args *a)
{
	bool all = cli_flag(a, "all");
	if (all && a->npos)
		return tm_fail(&ctx->err, TM_EUSAGE, "give a LAUNCH or --all, not both");
	if (!all && !a->npos)
		return tm_fail(&ctx->err, TM_EUSAGE,
			       "metric status needs a LAUNCH, or --all for every launch's metrics (tminus metric status "
			       "[LAUNCH | --all])");
	tm_metric_views vs = TM_VEC_INIT;
	int rc = tm_app_metric_status(ctx->app, all ? NULL : a->pos[0], &vs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		/* Written straight out: a jansson tree of 50,000 metrics cost most of the time. */
		tm_json_out w;
		tm_json_out_init(&w, &ctx->out);
		cli_json_stream(ctx, &w);
		tm_json_out_open(&w, '[');
		for (size_t i = 0; i < vs.n; i++)
			tm_json_out_metric(&w, &vs.v[i]);
		tm_json_out_close(&w);
		tm_json_out_end(&w);
	} else if (!vs.n && all)
		tm_buf_adds(&ctx->out, "no launch has a metric yet: 'tminus metric add LAUNCH NAME …' adds one\n");
	else if (!vs.n)
		tm_buf_printf(&ctx->out, "no metrics for '%s' yet: 'tminus metric add %s NAME …' adds one\n", a->pos[0], a->pos[0]);
	else
		cli_metric_table(ctx, vs.v, vs.n);
out:
	TM_VEC_FREE(&vs);
	return rc;
}

const struct cli_command cmd_metric_status = {
	.name = "metric status",
	.args = "[LAUNCH | --all]",
	.summary = "each metric against its target: met, missed, no-data, on-track or behind",
	.help = "met: a value within the window (T to T + window days) reached the target; it\n"
		"stays met. missed: the window is over and it never did. no-data: nothing\n"
		"recorded. Otherwise the latest value is compared with the straight path from\n"
		"the baseline (on T) to the target (on T + window) on that value's own date:\n"
		"on-track when at least as good, behind when worse. STALE: launched, inside the\n"
		"window, and nothing recorded in the last 14 days.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "all", NULL, "every launch's metrics (launches not cancelled)" } },
	.run = run_status,
};
