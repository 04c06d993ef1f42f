/*
 * json_import.c - an import's report as JSON (issue 15), for `import --json`
 * and POST /launches/{id}/import; see json_import.h.
 */
#include "present/json_import.h"

#include "util/banned.h"

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *tm_json_import_report(const tm_import_report *r)
{
	json_t *rows = json_array(), *people = json_array(), *cycles = json_array(), *notes = json_array();
	for (size_t i = 0; i < r->rows.n; i++) {
		const tm_import_row *row = &r->rows.v[i];
		json_array_append_new(
			rows, json_pack("{s:i, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:i, s:s, s:o, s:i, s:s}", "line", row->line,
					"source_id", tm_import_text(r, row->source_id), "action",
					tm_import_action_names[row->action], "task",
					row->task_id ? json_integer(row->task_id) : json_null(), "title",
					tm_import_text(r, row->title), "section", tm_import_text(r, row->section), "owner",
					text_or_null(tm_import_text(r, row->owner)), "due", text_or_null(row->due),
					"effort_days", row->effort_days, "status", tm_task_status_name(row->status), "parent",
					text_or_null(tm_import_text(r, row->parent)), "depends_on", row->n_depends, "reason",
					tm_import_text(r, row->reason)));
	}
	for (size_t i = 0; i < r->people.n; i++) {
		const tm_import_person *p = &r->people.v[i];
		json_array_append_new(people, json_pack("{s:s, s:o, s:b, s:o, s:i}", "name", p->name, "email",
							text_or_null(p->email), "created", p->created, "person",
							p->person_id ? json_integer(p->person_id) : json_null(), "tasks",
							p->tasks));
	}
	for (size_t i = 0; i < r->cycles.n; i++) {
		const tm_import_cycle *c = &r->cycles.v[i];
		json_array_append_new(cycles, json_pack("{s:s, s:s, s:s, s:i}", "path", c->path, "task", c->task, "after",
							c->after, "line", c->line));
	}
	for (size_t i = 0; i < r->notes.n; i++)
		json_array_append_new(notes, json_string(r->notes.v[i].text));
	json_t *counts = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "rows", r->n_rows, "created", r->created,
				   "changed", r->changed, "unchanged", r->unchanged, "skipped", r->skipped, "dependencies",
				   r->dependencies, "dependencies_skipped", r->dependencies_skipped);
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o}", "source", tm_import_source_names[r->source],
			 "file", r->file, "launch", r->launch, "dry_run", r->dry_run, "counts", counts, "tasks", rows,
			 "people", people, "cycles", cycles, "notes", notes);
}
