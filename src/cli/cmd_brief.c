/* cmd_brief.c - tminus brief LAUNCH | brief edit LAUNCH | brief import LAUNCH FILE.md */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/text.h"
#include "present/json_app.h"

#include "util/banned.h"


static void render(struct cli_ctx *ctx, const tm_launch_brief *lb)
{
	if (ctx->json)
		cli_json(ctx, tm_json_brief(lb));
	else
		tm_app_brief_markdown(lb, &ctx->out);
}

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_brief lb;
	int rc = tm_app_brief(ctx->app, a->pos[0], &lb, &ctx->err);
	if (!rc)
		render(ctx, &lb);
	/* The personas its audience names, beside the Markdown (which brief import reads back as it is). */
	for (int i = 0; !rc && !ctx->json && i < lb.n_personas; i++)
		tm_buf_printf(&ctx->warn, "%s%s%s%s%s", i ? ", " : "tminus: the audience names the persona(s) ",
			      lb.personas[i].term, lb.personas[i].role[0] ? " (" : "", lb.personas[i].role,
			      lb.personas[i].role[0] ? ")" : "");
	if (!rc && !ctx->json && lb.n_personas)
		tm_buf_adds(&ctx->warn, ": tminus glossary show TERM\n");
	return rc;
}

const struct cli_command cmd_brief = {
	.name = "brief",
	.args = "LAUNCH",
	.summary = "the launch brief as Markdown, in seed 000's layout",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};

/* The import's options from --allow-empty, --apply-overview and --reason. */
static tm_brief_import_options import_options(const struct cli_args *a)
{
	return (tm_brief_import_options){ .allow_empty = cli_flag(a, "allow-empty"),
					  .apply_overview = cli_flag(a, "apply-overview"),
					  .reason = cli_opt(a, "reason") };
}

/* The Overview's differences: applied (in the output), or listed on stderr with how to apply them. */
static void overview_text(struct cli_ctx *ctx, const tm_launch_brief *lb)
{
	if (!lb->n_changes)
		return;
	tm_buf *b = lb->applied ? &ctx->out : &ctx->warn;
	tm_buf_adds(b, lb->applied ? "applied to the launch from the brief's Overview:\n"
				   : "tminus: the brief's Overview differs from the launch (not applied: --apply-overview "
				     "applies it, a new date with --reason):\n");
	for (int i = 0; i < lb->n_changes; i++) {
		const tm_brief_change *c = &lb->changes[i];
		if (lb->applied)
			tm_buf_printf(b, "  %-9s %s → %s\n", c->field, c->launch, c->brief);
		else
			tm_buf_printf(b, "  %-9s the launch has %s, the brief says %s\n", c->field, c->launch, c->brief);
	}
}

static int run_import(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_brief lb;
	tm_brief_import_options opt = import_options(a);
	int rc = tm_app_brief_import(ctx->app, a->pos[0], a->pos[1], &opt, &lb, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		cli_json(ctx, tm_json_brief_import(&lb));
		return 0;
	}
	tm_buf_printf(&ctx->out, "brief of %s read from %s: %d supporting %s, %d %s, %d success %s, %d %s\n", lb.launch.slug,
		      a->pos[1], lb.brief.n_points, tm_plural(lb.brief.n_points, "point", "points"), lb.brief.n_limitations,
		      tm_plural(lb.brief.n_limitations, "limitation", "limitations"), lb.brief.n_metrics,
		      tm_plural(lb.brief.n_metrics, "metric", "metrics"), lb.brief.n_resources,
		      tm_plural(lb.brief.n_resources, "resource", "resources"));
	overview_text(ctx, &lb);
	return 0;
}

const struct cli_command cmd_brief_import = {
	.name = "brief import",
	.args = "LAUNCH FILE.md",
	.summary = "read a brief back from Markdown (a wiki page, a pull request)",
	.help = "The file has the layout 'tminus brief' prints. A section or line that cannot\n"
		"be read is reported as FILE:LINE: why, and nothing is changed. A file with no\n"
		"section of the brief is refused (it would clear the brief) unless --allow-empty,\n"
		"and so is a brief whose title or Overview names another launch. Where the title's\n"
		"name or the Overview's date, tier, PM or marketing owner differ from the launch,\n"
		"they are listed, and applied only with --apply-overview: a new date through\n"
		"'launch delay' (it needs --reason), the rest as 'launch set' would.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.opts = { { "allow-empty", NULL, "import even a file with no section of the brief (clears the brief)" },
		  { "apply-overview", NULL, "apply the title's name and the Overview's date, tier and owners to the launch" },
		  { "reason", "TEXT", "why launch day moves, when --apply-overview changes the date" } },
	.run = run_import,
};

/* Runs $VISUAL or $EDITOR (else vi) on path through the shell, as git does. */
static int edit_file(const char *path, tm_error *err)
{
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	pid_t pid = fork();
	if (pid < 0)
		return tm_fail(err, TM_EIO, "cannot start the editor: %s", tm_strerror(errno));
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return tm_fail(err, TM_EIO, "the editor '%s' failed (exit %d): the brief is unchanged", editor,
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

static int run_edit(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_launch_brief lb;
	tm_buf md = TM_BUF_INIT;
	char path[] = "/tmp/tminus-brief-XXXXXX.md";
	int rc = tm_app_brief(ctx->app, a->pos[0], &lb, &ctx->err);
	if (rc)
		return rc;
	tm_app_brief_markdown(&lb, &md);
	int fd = mkstemps(path, 3);
	if (fd < 0) {
		rc = tm_fail(&ctx->err, TM_EIO, "cannot create a temporary file: %s", tm_strerror(errno));
		goto out;
	}
	if (write(fd, md.s, md.len) != (ssize_t)md.len) {
		close(fd);
		rc = tm_fail(&ctx->err, TM_EIO, "cannot write %s: %s", path, tm_strerror(errno));
		goto out;
	}
	close(fd);
	tm_brief_import_options opt = import_options(a);
	if (!(rc = edit_file(path, &ctx->err)))
		rc = tm_app_brief_import(ctx->app, a->pos[0], path, &opt, &lb, &ctx->err);
	if (rc == TM_EINVAL) {
		/* Keep the user's text: say where it is. */
		tm_buf_printf(&ctx->warn, "tminus: your edit is kept in %s; fix it and run 'tminus brief import %s %s'\n", path,
			      a->pos[0], path);
		goto out_keep;
	}
	if (!rc && !ctx->json)
		overview_text(ctx, &lb);
	if (!rc)
		ctx->json ? cli_json(ctx, tm_json_brief_import(&lb)) : render(ctx, &lb);
out:
	unlink(path);
out_keep:
	tm_buf_release(&md);
	return rc;
}

const struct cli_command cmd_brief_edit = {
	.name = "brief edit",
	.args = "LAUNCH",
	.summary = "edit the brief in $VISUAL or $EDITOR and read it back",
	.help = "Read back as 'brief import' reads a file, with the same options.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.opts = { { "allow-empty", NULL, "keep an edit that removed every section (clears the brief)" },
		  { "apply-overview", NULL, "apply the title's name and the Overview's date, tier and owners to the launch" },
		  { "reason", "TEXT", "why launch day moves, when --apply-overview changes the date" } },
	.run = run_edit,
};
