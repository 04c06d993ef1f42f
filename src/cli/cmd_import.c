/*
 * cmd_import.c - tminus import asana|jira|linear|csv FILE.csv --launch LAUNCH
 * [--dry-run] [--create-people] [--as-offsets] [--map 'Header=field,…']:
 * a tool's CSV export becomes the launch's tasks (app/imports.h). FILE "-"
 * reads standard input. (`import workspace FILE.json` is cmd_export.c's: the
 * longer command name wins.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/imports.h"
#include "cli/cli.h"
#include "core/text.h"
#include "present/json_import.h"
#include "render/table.h"

#include "util/banned.h"

#define IMPORT_MAX_BYTES (256u << 20) /* 100,000 rows of a wide Jira export fit well within */

static int read_stdin(tm_buf *out, tm_error *err)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (out->len + n > IMPORT_MAX_BYTES)
			return tm_fail(err, TM_EINVAL, "standard input is too large (more than %u bytes)", IMPORT_MAX_BYTES);
		tm_buf_add(out, chunk, n);
	}
	if (ferror(stdin))
		return tm_fail(err, TM_EIO, "cannot read standard input: %s", tm_strerror(errno));
	return 0;
}

static void render(struct cli_ctx *ctx, const tm_import_report *r)
{
	tm_buf *o = &ctx->out;
	tm_buf_printf(o, "%s %s: %d %s of %s into '%s'\n", r->dry_run ? "would import" : "imported",
		      tm_import_source_names[r->source], r->n_rows, tm_plural(r->n_rows, "row", "rows"), r->file, r->launch);
	tm_buf_printf(o, "%s %d, %s %d, unchanged %d, skipped %d; %d %s kept, %d skipped\n",
		      r->dry_run ? "would create" : "created", r->created, r->dry_run ? "would change" : "changed", r->changed,
		      r->unchanged, r->skipped, r->dependencies, tm_plural(r->dependencies, "dependency", "dependencies"),
		      r->dependencies_skipped);
	if (r->rows.n) {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "LINE", "ACTION", "TASK", "TITLE", "SECTION", "OWNER", "DUE", "DAYS",
							"STATUS", "WAITS", "WHY", NULL });
		for (size_t i = 0; i < r->rows.n; i++) {
			const tm_import_row *row = &r->rows.v[i];
			char line[16], id[24], days[16], waits[16];
			snprintf(line, sizeof(line), "%d", row->line);
			if (row->task_id)
				snprintf(id, sizeof(id), "#%lld", (long long)row->task_id);
			else
				snprintf(id, sizeof(id), "-");
			snprintf(days, sizeof(days), "%d", row->effort_days);
			snprintf(waits, sizeof(waits), "%d", row->n_depends);
			const char *owner = tm_import_text(r, row->owner);
			tm_table_row(&t, (const char *const[]){ line, tm_import_action_names[row->action], id,
								tm_import_text(r, row->title), tm_import_text(r, row->section),
								*owner ? owner : "-", row->due[0] ? row->due : "-", days,
								tm_task_status_name(row->status), waits,
								tm_import_text(r, row->reason) });
		}
		tm_buf_addc(o, '\n');
		tm_table_render(&t, o, ctx->color);
		tm_table_release(&t);
	}
	if (r->people.n) {
		tm_buf_printf(o, "\npeople the file names that are not here:\n");
		for (size_t i = 0; i < r->people.n; i++) {
			const tm_import_person *p = &r->people.v[i];
			tm_buf_printf(o, "  %s%s%s%s  %d %s, %s\n", p->name, p->email[0] ? " <" : "", p->email,
				      p->email[0] ? ">" : "", p->tasks, tm_plural(p->tasks, "task", "tasks"),
				      p->created ? (r->dry_run ? "would be added" : "added") : "left unowned (--create-people adds them)");
		}
	}
	if (r->cycles.n) {
		tm_buf_printf(o, "\ncycles (the closing dependency is skipped):\n");
		for (size_t i = 0; i < r->cycles.n; i++)
			tm_buf_printf(o, "  line %d: %s ('%s' does not wait for '%s')\n", r->cycles.v[i].line, r->cycles.v[i].path,
				      r->cycles.v[i].task, r->cycles.v[i].after);
	}
	if (r->notes.n) {
		tm_buf_addc(o, '\n');
		for (size_t i = 0; i < r->notes.n; i++)
			tm_buf_printf(o, "note: %s\n", r->notes.v[i].text);
	}
	if (r->dry_run)
		tm_buf_printf(o, "\ndry run: nothing was changed\n");
}

static int run_import(struct cli_ctx *ctx, const struct cli_args *a)
{
	const tm_import_input *in = a->input;
	const char *file = a->pos[1];
	tm_buf text = TM_BUF_INIT;
	tm_import_report r = { 0 };
	int rc = !strcmp(file, "-") ? read_stdin(&text, &ctx->err) : tm_read_file(file, IMPORT_MAX_BYTES, &text, &ctx->err);
	if (rc == TM_ENOTFOUND) /* a file not there is a bad argument, not a missing record */
		rc = ctx->err.code = TM_EINVAL;
	if (!rc)
		rc = tm_app_import(ctx->app, in, file, text.s, text.len, &r, &ctx->err);
	if (!rc && ctx->json)
		cli_json(ctx, tm_json_import_report(&r));
	else if (!rc)
		render(ctx, &r);
	tm_import_report_free(&r);
	tm_buf_release(&text);
	return rc;
}

const struct cli_command cmd_import = {
	.name = "import",
	.args = "asana|jira|linear|csv FILE.csv",
	.summary = "add a launch's tasks from Asana's, Jira's or Linear's CSV export, or a CSV of task fields",
	.help = "Reads the tool's own CSV export (FILE - reads standard input): each row becomes a task\n"
		"of the launch with its title, section (Asana's section, Jira's epic or component, Linear's\n"
		"project milestone), owner (a person matched by email, then by name), due date, effort\n"
		"(Jira's original estimate at 8 hours a day, Linear's points at a day each), status,\n"
		"subtasks (their parent waits for them) and dependencies (Asana's Blocked By, Jira's\n"
		"Blocks links, Linear's Blocked by). A cycle in the file is reported by name and its\n"
		"closing dependency skipped. csv reads a header row of task fields (title, section,\n"
		"owner, owner_email, due, effort, status, done, milestone, id, parent, depends_on);\n"
		"--map names other headers. Importing the same file again updates the tasks it made.\n"
		"A bad row is reported as FILE:LINE:COLUMN and nothing is imported: all rows or none.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.input = &tm_import_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "source", NULL },
	.run = run_import,
};
