/* cmd_ops.c - running a workspace: tminus audit, backup, feed show|reset, launch rm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/ics.h"
#include "present/json_app.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static int run_audit(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_audits as = TM_VEC_INIT;
	int limit = 50;
	int rc = cli_int(ctx, a, "limit", 1, 100000, &limit);
	if (!rc)
		rc = tm_app_audit_list(ctx->app, limit, 0, &as, &ctx->err);
	if (!rc && ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < as.n; i++)
			json_array_append_new(arr, tm_json_audit(&as.v[i]));
		cli_json(ctx, arr);
	} else if (!rc && !as.n) {
		tm_buf_adds(&ctx->out, "nothing has changed yet\n");
	} else if (!rc) {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ ">ID", "AT", "WHO", "ACTION", "TARGET", NULL });
		for (size_t i = 0; i < as.n; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)as.v[i].id);
			tm_table_row(&t, (const char *const[]){ id, as.v[i].at, as.v[i].who, as.v[i].action, as.v[i].target });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
	tm_audits_free(&as);
	return rc;
}

const struct cli_command cmd_audit = {
	.name = "audit",
	.args = "[--limit N]",
	.summary = "the audit log: who changed what, newest first",
	.help = "Every change, from the command line or the server, is recorded in the\n"
		"transaction that makes it: who, when, the action, and the record's JSON\n"
		"before and after (in --json).",
	.flags = CMD_DB,
	.opts = { { "limit", "N", "how many entries (default 50)" } },
	.run = run_audit,
};

static int run_backup(struct cli_ctx *ctx, const struct cli_args *a)
{
	int rc = tm_app_backup(ctx->app, a->pos[0], &ctx->err);
	if (!rc)
		ctx->json ? cli_json(ctx, json_pack("{s:s}", "backup", a->pos[0]))
			  : tm_buf_printf(&ctx->out, "backed up %s to %s\n", ctx->db_shown, a->pos[0]);
	return rc;
}

const struct cli_command cmd_backup = {
	.name = "backup",
	.args = "FILE",
	.summary = "copy the workspace to a new file, safely while the server runs",
	.help = "Uses SQLite's online backup: writers carry on while it copies, and the\n"
		"copy is one consistent moment. FILE must not exist yet.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_backup,
};

/* The feed addresses of a user, for the server at --base. */
static void print_feeds(struct cli_ctx *ctx, const struct cli_args *a, const tm_user *u, const char *token)
{
	const char *base = cli_opt(a, "base") ? cli_opt(a, "base") : "http://127.0.0.1:8080";
	char launches[TM_FEED_URL_MAX], person[TM_FEED_URL_MAX];
	tm_feed_addresses(base, u, token, launches, person);
	if (ctx->json) {
		cli_json(ctx, json_pack("{s:s, s:s, s:o}", "user", u->name, "launches", launches, "person",
					person[0] ? json_string(person) : json_null()));
		return;
	}
	tm_buf_printf(&ctx->out, "launch calendar:   %s\n", launches);
	if (person[0])
		tm_buf_printf(&ctx->out, "%s's tasks: %s\n", u->person, person);
	else
		tm_buf_printf(&ctx->out, "(no tasks feed: '%s' is not linked to a person; see 'tminus user add --person')\n", u->name);
	tm_buf_adds(&ctx->out, "subscribe to these in Google Calendar or Outlook; 'tminus feed reset' replaces the token\n");
}

static int run_feed_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_user u;
	char token[TM_TOKEN_TEXT];
	int rc = tm_app_feed_token(ctx->app, cli_opt(a, "user"), &u, token, &ctx->err);
	if (!rc)
		print_feeds(ctx, a, &u, token);
	return rc;
}

static int run_feed_reset(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_user u;
	char token[TM_TOKEN_TEXT];
	int rc = tm_app_feed_reset(ctx->app, cli_opt(a, "user"), &u, token, &ctx->err);
	if (!rc) {
		if (!ctx->json)
			tm_buf_adds(&ctx->out, "the old feed addresses stop working now; the new ones:\n");
		print_feeds(ctx, a, &u, token);
	}
	return rc;
}

const struct cli_command cmd_feed_show = {
	.name = "feed show",
	.args = "--user NAME [--base URL]",
	.summary = "a user's calendar feed addresses (launches, and their own tasks)",
	.flags = CMD_DB,
	.opts = { { "user", "NAME", "whose feeds" }, { "base", "URL", "the server's address (default http://127.0.0.1:8080)" } },
	.run = run_feed_show,
};

const struct cli_command cmd_feed_reset = {
	.name = "feed reset",
	.args = "--user NAME [--base URL]",
	.summary = "replace a user's feed token (the old addresses stop working)",
	.flags = CMD_DB,
	.opts = { { "user", "NAME", "whose feeds" }, { "base", "URL", "the server's address (default http://127.0.0.1:8080)" } },
	.run = run_feed_reset,
};

/* Asks on the terminal whether to go on; false unless the answer is yes. */
static bool confirmed(const char *question)
{
	char answer[16] = "";
	fprintf(stderr, "%s [y/N] ", question);
	(void)fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static int run_launch_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch l;
	int rc = tm_app_launch_get(ctx->app, a->pos[0], &l, &ctx->err);
	if (rc)
		return rc;
	/* Removing is for good: a person at a terminal says so, a script says --yes. */
	if (!cli_flag(a, "yes")) {
		char q[300];
		snprintf(q, sizeof(q), "remove launch '%s' (#%lld) with its %d %s, brief, baselines and history for good?", l.slug,
			 (long long)l.id, l.tasks_total, l.tasks_total == 1 ? "task" : "tasks");
		if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
			return tm_fail_field(&ctx->err, TM_EUSAGE, "yes",
					     "launch rm removes '%s' and its %d %s for good: give --yes to confirm (nothing was removed)",
					     l.slug, l.tasks_total, l.tasks_total == 1 ? "task" : "tasks");
		if (!confirmed(q))
			return tm_fail(&ctx->err, TM_EUSAGE, "not confirmed: launch '%s' is kept", l.slug);
	}
	rc = tm_app_launch_rm(ctx->app, a->pos[0], &l, &ctx->err);
	if (!rc)
		ctx->json ? cli_json(ctx, tm_json_launch(&l, NULL))
			  : tm_buf_printf(&ctx->out, "removed launch '%s' (#%lld) with its %d %s\n", l.slug, (long long)l.id,
					  l.tasks_total, tm_plural(l.tasks_total, "task", "tasks"));
	return rc;
}

const struct cli_command cmd_launch_rm = {
	.name = "launch rm",
	.args = "LAUNCH",
	.summary = "remove a launch with its tasks, brief, baselines and history",
	.help = "Asks first on a terminal; elsewhere (scripts, CI) it needs --yes.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "yes", NULL, "remove it without asking" } },
	.run = run_launch_rm,
};
