/* cmd_playbook.c - tminus playbook show | check | use | apply */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	const tm_playbook *pb;
	(void)a;
	int rc = tm_app_playbook(ctx->app, &pb, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		json_t *j = tm_json_playbook(pb);
		json_object_set_new(j, "source", json_string(ctx->app->pb_source));
		cli_json(ctx, j);
		return 0;
	}
	tm_buf_printf(&ctx->out, "playbook '%s' (%s)\n%s\n", pb->name, ctx->app->pb_source, pb->description);
	for (int i = 0; i < TM_TIERS; i++) {
		const tm_pb_tier *t = &pb->tiers[i];
		tm_buf_printf(&ctx->out, "\n%sTier %d: %s%s\n  criteria: %s · GTM: %s · PM involvement: %s\n\n",
			      tm_style_bold(ctx->color), t->tier, t->name, tm_style_reset(ctx->color), t->criteria, t->gtm,
			      t->pm_involvement);
		tm_table tab;
		tm_table_init(&tab, (const char *const[]){ "SECTION", "TASK", "OWNER", "DUE", ">DAYS", "WAITS FOR", NULL });
		for (size_t k = 0; k < t->tasks.n; k++) {
			const tm_pb_task *pt = &t->tasks.v[k];
			char off[TM_OFFSET_STRLEN], days[16], owner[80], title[TM_TITLE_MAX + 32];
			tm_buf after = TM_BUF_INIT;
			for (int d = 0; d < pt->n_after; d++)
				tm_buf_printf(&after, "%s%s", d ? ", " : "", t->tasks.v[pt->after[d]].title);
			snprintf(days, sizeof(days), "%d", pt->effort_days);
			snprintf(owner, sizeof(owner), "%s%s%s", tm_role_name(pt->role), pt->reviewers[0] ? " + " : "",
				 pt->reviewers);
			snprintf(title, sizeof(title), "%s%s%s", pt->milestone ? "◆ " : "", pt->title,
				 pt->required ? "" : " (optional)");
			tm_table_row(&tab, (const char *const[]){ pt->section, title, owner, tm_offset_format(&pt->due, off),
								 pt->milestone ? "-" : days, after.s });
			tm_buf_release(&after);
		}
		tm_table_render(&tab, &ctx->out, ctx->color);
		tm_table_release(&tab);
	}
	return 0;
}

const struct cli_command cmd_playbook_show = {
	.name = "playbook show",
	.args = "",
	.summary = "the playbook in force: tiers, checklists, milestones, post-launch work",
	.help = "The playbook in force is --playbook FILE if given, else the workspace's\n"
		"(see 'tminus playbook use'), else the built-in default from seed 000.",
	.flags = CMD_DB,
	.run = run_show,
};

static int run_check(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_playbook pb;
	tm_pb_problems problems = TM_VEC_INIT;
	const char *path = a->pos[0];
	int rc = tm_app_playbook_check(path, &pb, &problems, &ctx->err);
	if (!rc) {
		size_t n = 0;
		for (int i = 0; i < TM_TIERS; i++)
			n += pb.tiers[i].tasks.n;
		if (ctx->json)
			cli_json(ctx, json_pack("{s:s, s:b, s:[], s:i}", "file", path, "ok", 1, "problems", "tasks", (int)n));
		else
			tm_buf_printf(&ctx->out, "%s: ok (playbook '%s', 4 tiers, %zu %s)\n", path, pb.name, n,
				      tm_plural((long long)n, "task", "tasks"));
		tm_playbook_release(&pb);
	} else if (problems.n) {
		for (size_t i = 0; i < problems.n; i++)
			tm_buf_printf(&ctx->warn, "%s:%d:%d: %s\n", path, problems.v[i].line, problems.v[i].column,
				      problems.v[i].msg);
		if (ctx->json) {
			json_t *arr = json_array();
			for (size_t i = 0; i < problems.n; i++)
				json_array_append_new(arr, json_pack("{s:i, s:i, s:s}", "line", problems.v[i].line, "column",
								     problems.v[i].column, "message", problems.v[i].msg));
			cli_json(ctx, json_pack("{s:s, s:b, s:o}", "file", path, "ok", 0, "problems", arr));
			/* The JSON document is the answer: print it even though the command fails. */
			(void)fwrite(ctx->out.s, 1, ctx->out.len, stdout);
			tm_buf_reset(&ctx->out);
		}
		tm_fail(&ctx->err, TM_EINVAL, "%zu problem%s in %s", problems.n, problems.n == 1 ? "" : "s", path);
	}
	TM_VEC_FREE(&problems);
	return rc;
}

const struct cli_command cmd_playbook_check = {
	.name = "playbook check",
	.args = "FILE",
	.summary = "validate a playbook file, reporting FILE:LINE:COLUMN: problem",
	.min_pos = 1,
	.max_pos = 1,
	.run = run_check,
};

static int run_use(struct cli_ctx *ctx, const struct cli_args *a)
{
	bool deflt = cli_flag(a, "default");
	if (deflt == (a->npos == 1))
		return tm_fail(&ctx->err, TM_EUSAGE, "give a playbook FILE or --default");
	int rc = tm_app_playbook_use(ctx->app, deflt ? NULL : a->pos[0], &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, json_pack("{s:s}", "playbook", deflt ? "default" : a->pos[0]));
	else if (deflt)
		tm_buf_adds(&ctx->out, "the workspace uses the built-in default playbook again\n");
	else
		tm_buf_printf(&ctx->out, "the workspace now uses the playbook in %s (a copy is kept in the database)\n",
			      a->pos[0]);
	return 0;
}

const struct cli_command cmd_playbook_use = {
	.name = "playbook use",
	.args = "FILE | --default",
	.summary = "make a playbook file the workspace's (new launches follow it)",
	.help = "The file is checked, then its text is stored in the workspace, so the server\n"
		"and every teammate use the same playbook. Existing launches keep their tasks.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "default", NULL, "go back to the built-in default" } },
	.run = run_use,
};

static int run_apply(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_detail d;
	bool dry = cli_flag(a, "dry-run");
	int rc = tm_app_playbook_apply(ctx->app, a->pos[0], dry, &d, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_playbook_apply(&d, dry));
	} else {
		for (size_t i = 0; i < d.notes.n; i++)
			tm_buf_printf(&ctx->out, "%s%s\n", d.notes.v[i].text, dry && d.tasks.n ? " (dry run: nothing saved)" : "");
		if (d.tasks.n) {
			tm_buf_addc(&ctx->out, '\n');
			cli_task_table(ctx, d.tasks.v, d.tasks.n);
		}
	}
	tm_launch_detail_release(&d);
	return 0;
}

const struct cli_command cmd_playbook_apply = {
	.name = "playbook apply",
	.args = "LAUNCH",
	.summary = "add to a launch what its tier's playbook has and it lacks",
	.help = "Adds the tasks of the launch's tier in the playbook in force that the launch\n"
		"does not have (matched by title, any case), with the playbook's dependencies\n"
		"on the tasks it has, their streams, external copy and product track. Existing\n"
		"tasks are left as they are. --dry-run lists what it would add and saves nothing.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "dry-run", NULL, "list the tasks it would add; save nothing" } },
	.run = run_apply,
};
