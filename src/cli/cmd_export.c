/*
 * cmd_export.c - tminus export LAUNCH --format csv|json|ics|md [--output FILE],
 * tminus export --all --format json, and tminus import workspace FILE.json.
 *
 * The export is the command's output: on stdout as it is (also with --json,
 * since the json format already is one JSON document), or with --output in
 * FILE, written under a temporary name beside it and renamed once whole, so
 * that a failure half way never leaves half a document behind; --json then
 * prints what was written. The workspace document goes out a megabyte at a
 * time as the store reads it, never held whole.
 *
 * "import workspace" is two words: the dispatcher takes the command that
 * matches the most words, so it wins over `import SOURCE FILE`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/export.h"
#include "cli/cli.h"
#include "present/export.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

/* Where the export goes: stdout, or a temporary file renamed to path once whole. */
struct sink {
	const char *path;        /* --output, or NULL for stdout */
	char tmp[4200];          /* the temporary file beside it */
	FILE *f;
	long long bytes;
};

static int sink_open(struct sink *s, const char *path, tm_error *err)
{
	s->path = path;
	s->bytes = 0;
	if (!path) {
		s->f = stdout;
		return 0;
	}
	if ((size_t)snprintf(s->tmp, sizeof(s->tmp), "%s.XXXXXX", path) >= sizeof(s->tmp))
		return tm_fail_field(err, TM_EINVAL, "output", "the file name given to {} is too long");
	int fd = mkstemp(s->tmp);
	if (fd < 0 || !(s->f = fdopen(fd, "wb"))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		s->tmp[0] = '\0';
		return tm_fail_field(err, TM_EIO, "output", "cannot write '%s': %s", path, tm_strerror(e));
	}
	return 0;
}

static int sink_write(void *arg, const char *data, size_t len, tm_error *err)
{
	struct sink *s = arg;
	if (len && fwrite(data, 1, len, s->f) != len)
		return tm_fail(err, TM_EIO, "cannot write '%s': %s", s->path ? s->path : "stdout", tm_strerror(errno));
	s->bytes += (long long)len;
	return 0;
}

/* Ends the export: renames the file into place when ok, else removes it. */
static int sink_close(struct sink *s, int rc, tm_error *err)
{
	if (!s->path) {
		if (!rc && fflush(stdout) != 0)
			rc = tm_fail(err, TM_EIO, "cannot write to stdout: %s", tm_strerror(errno));
		return rc;
	}
	if (s->f && fclose(s->f) != 0 && !rc)
		rc = tm_fail(err, TM_EIO, "cannot write '%s': %s", s->path, tm_strerror(errno));
	s->f = NULL;
	if (!rc && rename(s->tmp, s->path) != 0)
		rc = tm_fail(err, TM_EIO, "cannot write '%s': %s", s->path, tm_strerror(errno));
	if (rc && s->tmp[0])
		unlink(s->tmp);
	return rc;
}

static void wrote(struct cli_ctx *ctx, const struct sink *s, const char *what, const char *format)
{
	if (!s->path)
		return;
	if (ctx->json) {
		json_t *j = json_object();
		json_object_set_new(j, "file", json_string(s->path));
		json_object_set_new(j, "format", json_string(format));
		json_object_set_new(j, "content_type", json_string(tm_export_content_type(format)));
		json_object_set_new(j, "bytes", json_integer(s->bytes));
		cli_json(ctx, j);
	} else {
		tm_buf_printf(&ctx->out, "exported %s to %s (%lld bytes)\n", what, s->path, s->bytes);
	}
}

static int run_export(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *format = cli_opt(a, "format"), *output = cli_opt(a, "output");
	bool all = cli_flag(a, "all");
	struct sink s = { 0 };
	int rc;
	if (!format)
		return tm_fail_field(&ctx->err, TM_EUSAGE, "format", "give {}: csv, json, ics or md");
	if (all == (a->npos == 1))
		return tm_fail(&ctx->err, TM_EUSAGE, all ? "give a LAUNCH or --all, not both" : "give a LAUNCH, or --all for the whole workspace");
	if ((rc = tm_export_check_format(format, &ctx->err)))
		return rc;
	if (all && strcmp(format, "json"))
		return tm_fail_field(&ctx->err, TM_EUSAGE, "format", "the whole workspace exports as json only: give {} json");
	if (all) {
		if ((rc = sink_open(&s, output, &ctx->err)))
			return rc;
		rc = tm_app_export_workspace(ctx->app, sink_write, &s, &ctx->err);
		if (!(rc = sink_close(&s, rc, &ctx->err)))
			wrote(ctx, &s, "the workspace", format);
		return rc;
	}
	tm_buf text = TM_BUF_INIT;
	tm_export_meta meta;
	if (!(rc = tm_export_launch(ctx->app, a->pos[0], format, &text, &meta, &ctx->err)) &&
	    !(rc = sink_open(&s, output, &ctx->err))) {
		rc = sink_write(&s, text.s, text.len, &ctx->err);
		if (!(rc = sink_close(&s, rc, &ctx->err))) {
			char what[200];
			snprintf(what, sizeof(what), "launch '%s' as %s", a->pos[0], format);
			wrote(ctx, &s, what, format);
		}
	}
	tm_buf_release(&text);
	return rc;
}

const struct cli_command cmd_export = {
	.name = "export",
	.args = "LAUNCH|--all --format FORMAT [--output FILE]",
	.summary = "a launch as csv, json, ics or md; or the whole workspace as one JSON document",
	.help = "csv: the launch's tasks, read back by 'tminus import csv' (cells that\n"
		"begin with =, +, -, @ get a leading ' so spreadsheets show, not run, them).\n"
		"json: the launch as 'launch show --json' with its brief, metrics, decisions\n"
		"and plan. ics: its launch day, milestones and tasks. md: its brief and\n"
		"checklist. --all --format json: every table of the workspace (not the\n"
		"sessions; users' password hashes and webhooks' secrets included, the\n"
		"feed key not), which 'tminus import workspace' reads into a new workspace.\n"
		"The document goes to stdout, or to --output FILE (written whole or not at\n"
		"all; --json then says what was written).",
	.flags = CMD_DB,
	.min_pos = 0,
	.max_pos = 1,
	.opts = {
		{ "format", "FORMAT", "csv, json, ics or md (--all: json)" },
		{ "all", NULL, "the whole workspace instead of one launch" },
		{ "output", "FILE", "write the export to FILE instead of stdout" },
	},
	.run = run_export,
};

static int run_import_workspace(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *file = a->pos[0], *name = strcmp(file, "-") ? file : "stdin";
	tm_buf text = TM_BUF_INIT;
	tm_workspace_import_result res;
	int rc = tm_read_file(strcmp(file, "-") ? file : "/dev/stdin", TM_EXPORT_DOC_MAX, &text, &ctx->err);
	if (!rc)
		rc = tm_app_import_workspace(ctx->app, name, text.s, text.len, &res, &ctx->err);
	tm_buf_release(&text);
	if (rc)
		return rc;
	int64_t total = 0;
	for (int i = 0; i < res.n; i++)
		total += res.v[i].rows;
	if (ctx->json) {
		json_t *j = json_object(), *counts = json_object();
		for (int i = 0; i < res.n; i++)
			json_object_set_new(counts, res.v[i].table, json_integer(res.v[i].rows));
		json_object_set_new(j, "file", json_string(name));
		json_object_set_new(j, "schema", json_integer(res.schema));
		json_object_set_new(j, "rows", json_integer(total));
		json_object_set_new(j, "tables", counts);
		cli_json(ctx, j);
		return 0;
	}
	tm_table t;
	tm_table_init(&t, (const char *const[]){ "TABLE", ">ROWS", NULL });
	for (int i = 0; i < res.n; i++) {
		char rows[24];
		snprintf(rows, sizeof(rows), "%lld", (long long)res.v[i].rows);
		tm_table_row(&t, (const char *const[]){ res.v[i].table, rows });
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
	tm_buf_printf(&ctx->out, "imported %s into %s: %lld rows in %d tables\n", name, ctx->db_shown, (long long)total,
		      res.n);
	return 0;
}

const struct cli_command cmd_import_workspace = {
	.name = "import workspace",
	.args = "FILE.json",
	.summary = "read a workspace document (export --all --format json) into an empty workspace",
	.help = "Every table of the document is written in one transaction, with the id\n"
		"counters, so every read answers as it did in the exported workspace. The\n"
		"workspace must be empty (its users and tokens may be there: they are\n"
		"replaced by the document's). A malformed document is refused naming what\n"
		"is wrong and where, and nothing is written. FILE '-' reads stdin.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_import_workspace,
};
