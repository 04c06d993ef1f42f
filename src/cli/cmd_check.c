/* cmd_check.c - tminus check [LAUNCH | --all] [--rule R]… | check --rules */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"


static void check_text(struct cli_ctx *ctx, const tm_launch_check *c)
{
	bool color = ctx->color;
	tm_buf_printf(&ctx->out, "%s%s%s: ", tm_style_bold(color), c->launch.slug, tm_style_reset(color));
	if (c->partial) {
		/* Only the rules asked for ran: a score or a function table would weigh rules that did not. */
		int n = 0;
		for (int r = 0; r < TM_RULE_COUNT; r++)
			if (c->rules[r])
				tm_buf_printf(&ctx->out, "%s%s", n++ ? ", " : "", tm_rule(r)->name);
		tm_buf_adds(&ctx->out, " only, ");
	} else {
		tm_buf_printf(&ctx->out, "readiness %d/100, ", c->score);
	}
	tm_buf_printf(&ctx->out, "%d %s, %d %s\n", c->errors, tm_plural(c->errors, "error", "errors"), c->warnings,
		      tm_plural(c->warnings, "warning", "warnings"));
	for (size_t i = 0; i < c->findings.n; i++) {
		const tm_finding *f = &c->findings.v[i];
		const char *st = f->severity == TM_SEV_ERROR ? tm_style_red(color) : "";
		char task[32] = "";
		if (f->task_id)
			snprintf(task, sizeof(task), " #%lld", (long long)f->task_id);
		tm_buf_printf(&ctx->out, "  %s%-7s%s %-19s%s %s\n", st, tm_severity_name(f->severity), tm_style_reset(color),
			      tm_rule(f->rule)->name, task, f->message);
		tm_buf_printf(&ctx->out, "  %s%27s→ %s%s\n", tm_style_dim(color), "", f->hint, tm_style_reset(color));
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ "  FUNCTION", ">DONE", ">OPEN", ">LATE", "WORST FINDING", NULL });
	int rows = 0;
	for (int k = 0; k < TM_FUNCTIONS; k++) {
		const tm_function_readiness *r = &c->readiness[k];
		if (!r->done && !r->open)
			continue;
		char fn[40], d[12], o[12], l[12], w[64] = "";
		snprintf(fn, sizeof(fn), "  %s", r->function);
		snprintf(d, sizeof(d), "%d", r->done);
		snprintf(o, sizeof(o), "%d", r->open);
		snprintf(l, sizeof(l), "%d", r->late);
		if (r->worst >= 0)
			snprintf(w, sizeof(w), "%s (%s)", tm_severity_name(r->worst), tm_rule(r->worst_rule)->name);
		tm_table_row(&t, (const char *const[]){ fn, d, o, l, w });
		rows++;
	}
	if (rows && !c->partial) {
		tm_buf_addc(&ctx->out, '\n');
		tm_table_render(&t, &ctx->out, color);
	}
	tm_table_release(&t);
}

static void rules_text(struct cli_ctx *ctx)
{
	if (ctx->json) {
		json_t *arr = json_array();
		for (int i = 0; i < TM_RULE_COUNT; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "rule", tm_rule(i)->name, "severity",
							     tm_severity_name(tm_rule(i)->severity), "description",
							     tm_rule(i)->description));
		cli_json(ctx, json_pack("{s:o, s:s}", "rules", arr, "score",
					"50 x (required tasks due by today that are done / required tasks due by today, 1 when none is due) "
					"+ 30 x clamp((least slack in working days + 5) / 10, 0, 1) "
					"+ max(0, 20 - 10 per error - 3 per warning)"));
		return;
	}
	for (int i = 0; i < TM_RULE_COUNT; i++)
		tm_buf_printf(&ctx->out, "%-19s %-7s %s\n", tm_rule(i)->name, tm_severity_name(tm_rule(i)->severity),
			      tm_rule(i)->description);
	tm_buf_adds(&ctx->out,
		    "\nReadiness score, 0-100:\n"
		    "  50 × the share of required tasks due by today that are done (all 50 when none is due yet)\n"
		    "+ 30 × how much slack the critical path has: 0 at -5 working days or less, 30 at +5 or more\n"
		    "+ 20 − 10 per error − 3 per warning (not below 0)\n"
		    "\n'tminus check' exits 1 when it finds any error, so a release pipeline can gate on it.\n");
}

static int run_check(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *const *rules;
	int n_rules = cli_multi(a, "rule", &rules);
	if (cli_flag(a, "rules")) {
		rules_text(ctx);
		return 0;
	}
	bool all = cli_flag(a, "all");
	if (all == (a->npos == 1))
		return tm_fail(&ctx->err, TM_EUSAGE, "check one LAUNCH, or every planned launch with --all");
	tm_checks checks;
	int rc = tm_app_check(ctx->app, all ? NULL : a->pos[0], rules, n_rules, &checks, &ctx->err);
	if (rc)
		return rc;
	/* --all: the workspace's own findings too (roadmap-review-due), as one more entry with no launch. */
	tm_launch_check ws = { .partial = true, .score = -1 };
	if (all && (rc = tm_app_check_workspace(ctx->app, rules, n_rules, &ws.findings, &ctx->err))) {
		tm_checks_free(&checks);
		return rc;
	}
	for (size_t i = 0; i < ws.findings.n; i++) {
		ws.rules[ws.findings.v[i].rule] = true;
		ws.errors += ws.findings.v[i].severity == TM_SEV_ERROR;
		ws.warnings += ws.findings.v[i].severity == TM_SEV_WARNING;
	}
	int errors = ws.errors;
	for (size_t i = 0; i < checks.n; i++)
		errors += checks.v[i].errors;
	if (ctx->json) {
		if (all) {
			json_t *arr = json_array();
			for (size_t i = 0; i < checks.n; i++)
				json_array_append_new(arr, tm_json_check(&checks.v[i]));
			if (ws.findings.n) {
				json_t *j = tm_json_check(&ws);
				json_object_set_new(j, "launch", json_null());
				json_object_set_new(j, "workspace", json_true());
				json_array_append_new(arr, j);
			}
			cli_json(ctx, arr);
		} else {
			cli_json(ctx, tm_json_check(&checks.v[0]));
		}
	} else {
		for (size_t i = 0; i < checks.n; i++) {
			if (i)
				tm_buf_addc(&ctx->out, '\n');
			check_text(ctx, &checks.v[i]);
		}
		if (ws.findings.n) {
			snprintf(ws.launch.slug, sizeof(ws.launch.slug), "workspace");
			if (checks.n)
				tm_buf_addc(&ctx->out, '\n');
			check_text(ctx, &ws);
		}
		if (all)
			tm_buf_printf(&ctx->out, "\n%zu %s checked, %d %s\n", checks.n, tm_plural((long long)checks.n, "launch", "launches"),
				      errors, tm_plural(errors, "error", "errors"));
	}
	ctx->exit_status = errors ? 1 : 0;
	TM_VEC_FREE(&ws.findings);
	tm_checks_free(&checks);
	return 0;
}

const struct cli_command cmd_check = {
	.name = "check",
	.args = "LAUNCH | --all [--rule RULE]… | --rules",
	.summary = "find the anti-patterns a launch is heading for; exits 1 on any error",
	.help = "Reads the launch the way an experienced product marketer would: ship-and-forget,\n"
		"marketing-surprise, over-promising, under-communicating, one-size-fits-all,\n"
		"pm-as-marketer, sales-blindside, no-feedback-loop, the schedule (overdue, at-risk,\n"
		"unowned, owner-overload), the calendar (freeze-conflict, launch-collision,\n"
		"weekend-launch) and brief-incomplete. Each finding names the launch, the task\n"
		"and the people, and says how to fix it. --rules lists them with the score formula.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "all", NULL, "every planned launch" },
		  { "rule", "RULE", "only this rule (repeatable): no score or function table then" },
		  { "rules", NULL, "list the rules and the readiness score formula" } },
	.run = run_check,
};
