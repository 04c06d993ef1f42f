/* cmd_task.c - tminus task list | add | set | done | approve | dep add | dep rm */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "present/json_app.h"
#include "render/json.h"

#include "util/banned.h"

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

/* "Ana (PMM), Bo": whose approval is missing. */
static void missing_names(tm_buf *out, const tm_approval_state *s)
{
	for (int i = 0; i < s->n_missing; i++)
		tm_buf_printf(out, "%s%s%s", i ? ", " : "", s->missing[i], !strcmp(s->missing[i], s->pmm) ? " (PMM)" : "");
}

/* One task: its line (and whose approval it awaits), or its JSON with "approval_missing". */
static int render_one(struct cli_ctx *ctx, const char *verb, const tm_task *t)
{
	tm_approval_state s;
	int rc = tm_app_task_approval_state(ctx->app, t, &s, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_task_approval(t, &s));
		return 0;
	}
	cli_task_line(ctx, verb, t);
	if (t->status == TM_TASK_AWAITING_APPROVAL && s.n_missing) {
		tm_buf_printf(&ctx->out, "task %lld is awaiting approval by ", (long long)t->id);
		missing_names(&ctx->out, &s);
		tm_buf_printf(&ctx->out, " ('tminus task approve %lld --as PERSON' once they have)\n", (long long)t->id);
	}
	return 0;
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task t = { 0 };
	int rc = tm_app_task_add(ctx->app, a->pos[0], a->input, &t, &ctx->err);
	if (!rc)
		rc = render_one(ctx, "added", &t);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_add = {
	.name = "task add",
	.args = "LAUNCH TITLE",
	.summary = "add a task to a launch's bill of materials",
	.help = "A due given as an offset (T-3w) moves with the launch day; a date stays put.\n"
		"--not-before gives the day it cannot start before, as an offset or a date\n"
		"(work due on or after launch day never starts before T anyway).\n"
		"--after names a task (by id) this one must wait for; repeat it for several.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_task_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { NULL, "title" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task t = { 0 };
	int rc = tm_app_task_set(ctx->app, a->pos[0], a->input, &t, &ctx->err);
	if (!rc)
		rc = render_one(ctx, "updated", &t);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_set = {
	.name = "task set",
	.args = "TASK",
	.summary = "change a task (TASK is its id)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_task_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_done(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task_input in = { 0 };
	tm_task t = { 0 };
	int rc = tm_input_set(&tm_task_desc, "status", "done", &in, &ctx->err);
	if (!rc)
		rc = tm_app_task_set(ctx->app, a->pos[0], &in, &t, &ctx->err);
	if (!rc)
		rc = render_one(ctx, t.status == TM_TASK_DONE ? "done:" : "not done yet:", &t);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_done = {
	.name = "task done",
	.args = "TASK",
	.summary = "mark a task done",
	.help = "A task that produces external copy (--external) is done once the launch's PMM\n"
		"and its reviewers approved it (tminus task approve): until then it awaits\n"
		"their approval, and this says whose is missing.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_done,
};

static int run_approve(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task t = { 0 };
	tm_approval_state s;
	int rc = tm_app_task_approve(ctx->app, a->pos[0], a->input, &t, &s, &ctx->err);
	if (!rc && ctx->json) {
		cli_json(ctx, tm_json_task_approval(&t, &s));
	} else if (!rc) {
		cli_task_line(ctx, "approved", &t);
		if (!s.n_missing) {
			tm_buf_printf(&ctx->out, "task %lld has every approval it needs%s\n", (long long)t.id,
				      t.status == TM_TASK_DONE ? ": it is done" : "");
		} else {
			tm_buf_printf(&ctx->out, "task %lld still %s approval by ", (long long)t.id,
				      t.status == TM_TASK_AWAITING_APPROVAL ? "awaits" : "needs");
			missing_names(&ctx->out, &s);
			tm_buf_addc(&ctx->out, '\n');
		}
	}
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_approve = {
	.name = "task approve",
	.args = "TASK [--as PERSON]",
	.summary = "approve a task's external copy (the PMM, or one of its reviewers)",
	.help = "Records that the launch's PMM (by default) or the person --as names, who must be\n"
		"its PMM or one of the task's reviewers, approved the task's external copy. A\n"
		"task awaiting approval is done once nobody's approval is missing.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_approve_desc,
	.mode = TM_IN_CREATE,
	.run = run_approve,
};

static int run_dep(struct cli_ctx *ctx, const struct cli_args *a, bool add)
{
	tm_task t = { 0 };
	int rc = add ? tm_app_dep_add(ctx->app, a->pos[0], a->input, &t, &ctx->err)
		     : tm_app_dep_rm(ctx->app, a->pos[0], a->input, &t, &ctx->err);
	if (!rc)
		rc = render_one(ctx, add ? "now waits:" : "no longer waits:", &t);
	tm_task_release(&t);
	return rc;
}

static int run_dep_add(struct cli_ctx *ctx, const struct cli_args *a) { return run_dep(ctx, a, true); }
static int run_dep_rm(struct cli_ctx *ctx, const struct cli_args *a) { return run_dep(ctx, a, false); }

const struct cli_command cmd_task_dep_add = {
	.name = "task dep add",
	.args = "TASK",
	.summary = "make a task wait for another (cycles are refused)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_dep_desc,
	.mode = TM_IN_CREATE,
	.run = run_dep_add,
};

const struct cli_command cmd_task_dep_rm = {
	.name = "task dep rm",
	.args = "TASK",
	.summary = "remove a dependency",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_dep_desc,
	.mode = TM_IN_CREATE,
	.run = run_dep_rm,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_task t = { 0 };
	tm_deps freed = TM_VEC_INIT;
	int rc = tm_app_task_rm(ctx->app, a->pos[0], cli_flag(a, "force"), &t, &freed, &ctx->err);
	if (!rc) {
		if (ctx->json) {
			json_t *ids = json_array();
			for (size_t i = 0; i < freed.n; i++)
				if (i == 0 || freed.v[i].task != freed.v[i - 1].task)
					json_array_append_new(ids, json_integer(freed.v[i].task));
			json_t *j = tm_json_task(&t);
			json_object_set_new(j, "no_longer_waiting", ids);
			cli_json(ctx, j);
		} else {
			cli_task_line(ctx, "removed", &t);
			/* One line per task that waited for it: what it waits for now. */
			for (size_t i = 0; i < freed.n;) {
				size_t j = i;
				if (!freed.v[i].after) {
					tm_buf_printf(&ctx->out, "  #%lld no longer waits for it\n", (long long)freed.v[i++].task);
					continue;
				}
				tm_buf_printf(&ctx->out, "  #%lld now waits for", (long long)freed.v[i].task);
				for (; j < freed.n && freed.v[j].task == freed.v[i].task; j++)
					tm_buf_printf(&ctx->out, " #%lld", (long long)freed.v[j].after);
				tm_buf_adds(&ctx->out, " instead\n");
				i = j;
			}
		}
	}
	TM_VEC_FREE(&freed);
	tm_task_release(&t);
	return rc;
}

const struct cli_command cmd_task_rm = {
	.name = "task rm",
	.args = "TASK",
	.summary = "remove a task (skip it instead to keep a record)",
	.help = "A task others wait for (the Launch milestone above all) is kept unless --force;\n"
		"with it, the tasks that waited for it wait for what it waited for instead.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "force", NULL, "remove it even though others wait for it" } },
	.run = run_rm,
};
