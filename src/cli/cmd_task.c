/* cmd_task.c - tminus task list | add | set | done | dep add | dep rm */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "render/json.h"

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task_query q = { .owner = cli_opt(a, "owner"), .status = cli_opt(a, "status") };
	tm_launch l;
	tm_tasks tasks = TM_VEC_INIT;
	int rc = tm_app_task_list(ctx->app, a->pos[0], &q, &l, &tasks, &ctx->err);
	if (!rc) {
		if (ctx->json)
			cli_json(ctx, tm_json_tasks(tasks.v, tasks.n));
		else if (!tasks.n)
			tm_buf_printf(&ctx->out, "no tasks of '%s' match\n", l.slug);
		else
			cli_task_table(ctx, tasks.v, tasks.n);
	}
	tm_tasks_free(&tasks);
	return rc;
}

const struct cli_command cmd_task_list = {
	.name = "task list",
	.args = "LAUNCH [--owner PERSON] [--status S]",
	.summary = "a launch's tasks in checklist order",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "owner", "PERSON", "only tasks this person owns" },
		  { "status", "S", "todo, in_progress, done or skipped" } },
	.run = run_list,
};

/* Reads the options task add and task set share. */
static int read_input(struct cli_ctx *ctx, const struct cli_args *a, tm_task_input *in)
{
	const char *const *after;
	int rc = 0;
	in->section = cli_opt(a, "section");
	in->owner = cli_opt(a, "owner");
	in->role = cli_opt(a, "role");
	in->due = cli_opt(a, "due");
	in->not_before = cli_opt(a, "not-before");
	in->status = cli_opt(a, "status");
	in->title = cli_opt(a, "title");
	if (cli_flag(a, "milestone"))
		in->milestone = 1;
	if (cli_flag(a, "optional"))
		in->required = 0;
	if (cli_flag(a, "required"))
		in->required = 1;
	rc = cli_int(ctx, a, "days", 0, 1000000, &in->days);
	in->n_after = cli_multi(a, "after", &after);
	for (int i = 0; i < in->n_after; i++)
		in->after[i] = after[i];
	return rc;
}

static void render_one(struct cli_ctx *ctx, const char *verb, const tm_task *t)
{
	if (ctx->json)
		cli_json(ctx, tm_json_task(t));
	else
		cli_task_line(ctx, verb, t);
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task_input in = TM_TASK_INPUT_INIT;
	tm_task t = { 0 };
	int rc = read_input(ctx, a, &in);
	in.title = a->pos[1];
	if (!rc)
		rc = tm_app_task_add(ctx->app, a->pos[0], &in, &t, &ctx->err);
	if (!rc)
		render_one(ctx, "added", &t);
	tm_task_release(&t);
	return rc;
}

#define TASK_FIELD_OPTS                                                                         \
	{ "section", "SECTION", "the swimlane, e.g. 'Sales Enablement'" },                     \
	{ "owner", "PERSON", "who owns it (the DRI)" },                                        \
	{ "role", "ROLE", "the role that owns it (default: the owner's)" },                    \
	{ "due", "OFFSET|DATE", "T-3w, T+10d, T-5bd, T+1m, T+1q, or YYYY-MM-DD" },             \
	{ "not-before", "OFFSET|DATE", "the day it cannot start before (none: no such day)" }, \
	{ "days", "N", "effort in working days" },                                             \
	{ "milestone", NULL, "a milestone: no effort, sits on a day" },                        \
	{ "optional", NULL, "not required for the launch" }

const struct cli_command cmd_task_add = {
	.name = "task add",
	.args = "LAUNCH TITLE [--section S] [--owner P] [--due OFFSET|DATE] [--not-before OFFSET|DATE] [--days N] [--after TASK]…",
	.summary = "add a task to a launch's bill of materials",
	.help = "A due given as an offset (T-3w) moves with the launch day; a date stays put.\n"
		"--not-before gives the day it cannot start before, as an offset or a date\n"
		"(work due on or after launch day never starts before T anyway).\n"
		"--after names a task (by id) this one must wait for; repeat it for several.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.opts = { TASK_FIELD_OPTS, { "after", "TASK", "a task it waits for (repeatable)" } },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task_input in = TM_TASK_INPUT_INIT;
	tm_task t = { 0 };
	int rc = read_input(ctx, a, &in);
	if (!rc && !in.title && !in.section && !in.owner && !in.role && !in.due && !in.not_before && !in.status && in.days < 0 &&
	    in.milestone < 0 && in.required < 0)
		rc = tm_fail(&ctx->err, TM_EUSAGE, "nothing to change: give --status, --owner, --due, --not-before, --days, --title, --section or --role");
	if (!rc)
		rc = tm_app_task_set(ctx->app, a->pos[0], &in, &t, &ctx->err);
	if (!rc)
		render_one(ctx, "updated", &t);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_set = {
	.name = "task set",
	.args = "TASK [--status S] [--owner P] [--due OFFSET|DATE] [--not-before OFFSET|DATE|none] [--days N] [--title T] [--section S]",
	.summary = "change a task (TASK is its id)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "status", "S", "todo, in_progress, done or skipped" },
		  { "title", "TITLE", "a new title" },
		  TASK_FIELD_OPTS,
		  { "required", NULL, "required for the launch" } },
	.run = run_set,
};

static int run_done(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task_input in = TM_TASK_INPUT_INIT;
	tm_task t = { 0 };
	in.status = "done";
	int rc = tm_app_task_set(ctx->app, a->pos[0], &in, &t, &ctx->err);
	if (!rc)
		render_one(ctx, "done:", &t);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_done = {
	.name = "task done",
	.args = "TASK",
	.summary = "mark a task done",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_done,
};

static int run_dep(struct cli_ctx *ctx, const struct cli_args *a, bool add)
{
	tm_task t = { 0 };
	const char *after = cli_opt(a, "after");
	int rc = add ? tm_app_dep_add(ctx->app, a->pos[0], after, &t, &ctx->err)
		     : tm_app_dep_rm(ctx->app, a->pos[0], after, &t, &ctx->err);
	if (!rc)
		render_one(ctx, add ? "now waits:" : "no longer waits:", &t);
	tm_task_release(&t);
	return rc;
}

static int run_dep_add(struct cli_ctx *ctx, const struct cli_args *a) { return run_dep(ctx, a, true); }
static int run_dep_rm(struct cli_ctx *ctx, const struct cli_args *a) { return run_dep(ctx, a, false); }

const struct cli_command cmd_task_dep_add = {
	.name = "task dep add",
	.args = "TASK --after TASK",
	.summary = "make a task wait for another (cycles are refused)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "after", "TASK", "the task it must wait for" } },
	.run = run_dep_add,
};

const struct cli_command cmd_task_dep_rm = {
	.name = "task dep rm",
	.args = "TASK --after TASK",
	.summary = "remove a dependency",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "after", "TASK", "the task it no longer waits for" } },
	.run = run_dep_rm,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task t = { 0 };
	tm_deps freed = TM_VEC_INIT;
	int rc = tm_app_task_rm(ctx->app, a->pos[0], &t, &freed, &ctx->err);
	if (!rc) {
		if (ctx->json) {
			json_t *ids = json_array();
			for (size_t i = 0; i < freed.n; i++)
				json_array_append_new(ids, json_integer(freed.v[i].task));
			json_t *j = tm_json_task(&t);
			json_object_set_new(j, "no_longer_waiting", ids);
			cli_json(ctx, j);
		} else {
			cli_task_line(ctx, "removed", &t);
			for (size_t i = 0; i < freed.n; i++)
				tm_buf_printf(&ctx->out, "  #%lld no longer waits for it\n", (long long)freed.v[i].task);
		}
	}
	TM_VEC_FREE(&freed);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_rm = {
	.name = "task rm",
	.args = "TASK",
	.summary = "remove a task (what waited for it stops waiting; skip it instead to keep a record)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};
