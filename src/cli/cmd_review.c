/*
 * cmd_review.c - tminus review LAUNCH [STAGE] [--done --notes FILE.md]: the post-launch
 * review of one stage (seed 000's Day 1 … Quarter), and tminus dashboard [--quarter Q]:
 * leadership's one screen of a quarter's launches.
 */
#include <stdio.h>
#include <string.h>

#include "app/metrics.h"
#include "cli/cli.h"
#include "core/text.h"
#include "present/json_metrics.h"
#include "present/outcomes.h"
#include "render/table.h"

#include "util/banned.h"

/* "day-1, week-1, …, quarter" */
static void stage_names(char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (int s = 0; s < TM_STAGE_COUNT && o < n; s++)
		o += (size_t)snprintf(out + o, n - o, "%s%s", s ? ", " : "", tm_stage_name(s));
}

static int run_review(struct cli_ctx *ctx, const struct cli_args *a)
{
	int stage = -1, rc;
	bool done = cli_flag(a, "done");
	const char *notes_path = cli_opt(a, "notes");
	char names[160];
	tm_buf notes = TM_BUF_INIT;
	tm_launch_review r;
	stage_names(names, sizeof(names));
	if (a->npos == 2 && (stage = tm_stage_parse(a->pos[1])) < 0)
		return tm_fail(&ctx->err, TM_EUSAGE, "unknown review stage '%.60s': STAGE is one of %s", a->pos[1], names);
	if (notes_path && !done)
		return tm_fail_field(&ctx->err, TM_EUSAGE, "notes", "--notes goes with --done (recording the review)");
	if (done && stage < 0)
		return tm_fail(&ctx->err, TM_EUSAGE, "--done needs the STAGE that was held (one of %s)", names);
	if (!done) {
		if ((rc = tm_app_review(ctx->app, a->pos[0], stage, &r, &ctx->err)))
			return rc;
	} else {
		/* One byte more than allowed, so the use case can say the notes are too long. */
		if (notes_path && (rc = tm_read_file(notes_path, TM_REVIEW_NOTES_MAX + 1, &notes, &ctx->err)))
			return rc;
		rc = tm_app_review_done(ctx->app, a->pos[0], stage, notes.s, notes.len, &r, &ctx->err);
		tm_buf_release(&notes);
		if (rc)
			return rc;
	}
	if (ctx->json) {
		cli_json(ctx, tm_json_review(&r));
	} else if (done) {
		char on[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "recorded the %s review of %s, held on %s by %s", tm_stage_label(r.stage), r.launch.slug,
			      tm_date_format(r.review.held_on, on), r.review.by[0] ? r.review.by : "nobody named");
		if (r.task_id)
			tm_buf_printf(&ctx->out, "; its task #%lld is done", (long long)r.task_id);
		else
			tm_buf_adds(&ctx->out, "; the launch has no post-launch task for it");
		tm_buf_printf(&ctx->out, "\n'tminus review %s %s' shows it with its notes\n", r.launch.slug, tm_stage_name(r.stage));
	} else {
		tm_review_markdown(&r, &ctx->out);
	}
	tm_launch_review_release(&r);
	return 0;
}

const struct cli_command cmd_review = {
	.name = "review",
	.args = "LAUNCH [STAGE] [--done [--notes FILE.md]]",
	.summary = "a post-launch review (day-1 … quarter) as Markdown, or record that it was held",
	.help = "STAGE is day-1, week-1, week-2, month-1, month-2 or quarter (default: the latest\n"
		"whose day has come). The document has the metrics with their status and their\n"
		"observations, the tasks still open, the decisions since launch day and the\n"
		"stage's questions. --done records that the review was held today (not before\n"
		"launch day), with the notes of --notes, and ticks the stage's post-launch task.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.opts = { { "done", NULL, "record that the review was held today" },
		  { "notes", "FILE.md", "the review's notes (Markdown), with --done" } },
	.run = run_review,
};

/* ---- the dashboard ---- */

/* Before T: "72/100, 2 blocking, 3 warnings"; after: "2 on-track, 1 behind" or "no metrics". */
static void outcome_text(const tm_dashboard_row *r, char *out, size_t n)
{
	size_t o = 0;
	if (!r->launched) {
		snprintf(out, n, "readiness %d/100, %d blocking, %d %s", r->score, r->errors, r->warnings,
			 tm_plural(r->warnings, "warning", "warnings"));
		return;
	}
	out[0] = '\0';
	/* Worst first: what leadership reads first. */
	static const int order[] = { TM_MS_MISSED, TM_MS_BEHIND, TM_MS_NO_DATA, TM_MS_ON_TRACK, TM_MS_MET };
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]) && o < n; k++)
		if (r->metrics[order[k]])
			o += (size_t)snprintf(out + o, n - o, "%s%d %s", o ? ", " : "", r->metrics[order[k]],
					      tm_metric_state_name(order[k]));
	if (!o)
		snprintf(out, n, "no metrics");
}

static void slip_text(const tm_dashboard_row *r, char *out, size_t n)
{
	char first[TM_DATE_STRLEN];
	if (!r->slip_days && !r->moves) {
		snprintf(out, n, "-");
		return;
	}
	tm_date_format(r->first_date, first);
	if (r->slip_days > 0)
		snprintf(out, n, "+%d %s (was %s, %d %s)", r->slip_days, tm_plural(r->slip_days, "day", "days"), first,
			 r->moves, tm_plural(r->moves, "move", "moves"));
	else if (r->slip_days < 0)
		snprintf(out, n, "%d %s (was %s, %d %s)", r->slip_days, tm_plural(-r->slip_days, "day", "days"), first,
			 r->moves, tm_plural(r->moves, "move", "moves"));
	else
		snprintf(out, n, "same day after %d %s", r->moves, tm_plural(r->moves, "move", "moves"));
}

static void render_dashboard(struct cli_ctx *ctx, const tm_dashboard *d)
{
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN], today[TM_DATE_STRLEN];
	size_t slipped = 0;
	tm_buf_printf(&ctx->out, "%s%s%s (%s to %s), today %s: %zu %s", tm_style_bold(ctx->color), d->quarter,
		      tm_style_reset(ctx->color), tm_date_format(d->from, from), tm_date_format(d->to, to),
		      tm_date_format(d->today, today), d->rows.n, tm_plural((long long)d->rows.n, "launch", "launches"));
	for (int t = 1, k = 0; t <= 4; t++)
		if (d->by_tier[t])
			tm_buf_printf(&ctx->out, "%s Tier %d: %d", k++ ? "," : " —", t, d->by_tier[t]);
	tm_buf_adds(&ctx->out, "\n\n");
	if (!d->rows.n) {
		tm_buf_adds(&ctx->out, "no launch in the quarter\n");
		return;
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">TIER", "LAUNCH", "DATE", "STATUS", "READINESS / METRICS", "SLIPPED", NULL });
	for (size_t i = 0; i < d->rows.n; i++) {
		const tm_dashboard_row *r = &d->rows.v[i];
		char tier[8], date[TM_DATE_STRLEN], outcome[160], slip[96];
		snprintf(tier, sizeof(tier), "%d", r->launch.tier);
		outcome_text(r, outcome, sizeof(outcome));
		slip_text(r, slip, sizeof(slip));
		slipped += r->slip_days > 0;
		tm_table_row(&t, (const char *const[]){ tier, r->launch.name, tm_date_format(r->launch.date, date),
						       tm_launch_status_name(r->launch.status), outcome, slip });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	if (slipped)
		tm_buf_printf(&ctx->out, "%zu of %zu %s slipped\n", slipped, d->rows.n,
			      tm_plural((long long)d->rows.n, "launch", "launches"));
	if (!d->behind.n) {
		tm_buf_adds(&ctx->out, "\nno metric is behind or missed\n");
		return;
	}
	tm_buf_adds(&ctx->out, "\nmetrics behind or missed, with their owners:\n");
	cli_metric_table(ctx, d->behind.v, d->behind.n);
}

static int run_dashboard(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_dashboard d;
	int rc = tm_app_dashboard(ctx->app, cli_opt(a, "quarter"), &d, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_dashboard(&d));
	else if (cli_flag(a, "markdown"))
		tm_dashboard_markdown(&d, &ctx->out);
	else
		render_dashboard(ctx, &d);
	tm_dashboard_release(&d);
	return 0;
}

const struct cli_command cmd_dashboard = {
	.name = "dashboard",
	.args = "[--quarter Q] [--markdown]",
	.summary = "leadership's screen: a quarter's launches, slips and metrics behind",
	.help = "Each launch of the quarter (default: today's) by tier, then date: before launch\n"
		"day its readiness score and blocking findings, from launch day on how many of\n"
		"its metrics are in each status; how far its date slipped from the first one\n"
		"planned; then every metric behind or missed, worst first, with its owner.",
	.flags = CMD_DB,
	.opts = { { "quarter", "Q", "the quarter, such as 2027Q1 (default: today's)" },
		  { "markdown", NULL, "the same as a Markdown document" } },
	.run = run_dashboard,
};
