/*
 * imports.h - issue 15: a launch's tasks brought in from the CSV export of
 * Asana, Jira or Linear, or from a generic CSV whose header names tminus's
 * task fields. The rows become tasks of the launch with their owners, due
 * dates, effort, status, subtasks and dependencies; a re-import updates the
 * tasks it made (matched by the tool's id, stored in tasks.source_id). Like
 * app.h: a real import is one transaction and changes nothing when refused
 * (a bad row is "FILE:LINE:COLUMN: …"); a dry run changes nothing and says
 * what it would do. Nothing here prints.
 */
#ifndef TM_APP_IMPORTS_H
#define TM_APP_IMPORTS_H

#include "app/app.h"
#include "core/import.h"

/* tminus import SOURCE FILE / POST /launches/{id}/import: described by tm_import_desc. */
enum { TM_IMP_SOURCE, TM_IMP_LAUNCH, TM_IMP_MAP, TM_IMP_DRY_RUN, TM_IMP_CREATE_PEOPLE, TM_IMP_AS_OFFSETS, TM_IMP_FIELDS };
#define TM_IMPORT_MAP_MAX 1000          /* bytes of --map */
typedef struct tm_import_input {
	uint32_t given;                      /* 1 << TM_IMP_* of each field given */
	int source;                          /* enum tm_import_source (asana, jira, linear, csv) */
	char launch[TM_SLUG_MAX + 1];        /* the launch's slug or id */
	char map[TM_IMPORT_MAP_MAX + 1];     /* "Header=field,…": more headers for the tool's (csv: any) */
	bool dry_run;                        /* say what would be done; change nothing */
	bool create_people;                  /* add the owners no person matches (else: listed, tasks unowned) */
	bool as_offsets;                     /* due dates become offsets from T in calendar days ("T-12d") */
} tm_import_input;
extern const tm_input_desc tm_import_desc;

/* What happens to one row. */
enum tm_import_action {
	TM_IMPORT_CREATED,     /* a new task */
	TM_IMPORT_CHANGED,     /* the task an earlier import made, updated */
	TM_IMPORT_UNCHANGED,   /* that task, already as the row says */
	TM_IMPORT_SKIPPED,     /* not imported (reason says why) */
};
extern const char *const tm_import_action_names[]; /* "created", "changed", "unchanged", "skipped" */

/* One row of the file and what became of it. Its texts are in the report's pool (tm_import_text). */
typedef struct tm_import_row {
	int line;                            /* the row's line in the file, from 1 */
	int action;                          /* enum tm_import_action */
	int64_t task_id;                     /* the task (0: a creation in a dry run, or skipped) */
	uint32_t source_id;                  /* its id in the tool ("" for a generic row without one) */
	uint32_t title, section;
	uint32_t owner;                      /* the person it is assigned to, "" when unowned */
	uint32_t parent;                     /* a subtask's parent (its title), "" when none */
	uint32_t reason;                     /* skipped: why; changed: the fields changed ("title, due") */
	char due[TM_OFFSET_STRLEN];          /* "2027-03-12", "T-12d", "" when none */
	int effort_days;
	int status;                          /* enum tm_task_status */
	int n_depends;                       /* the tasks it waits for from the file (subtasks too) */
} tm_import_row;
typedef TM_VEC(tm_import_row) tm_import_rows;

/* An owner named by the file that no person matched. */
typedef struct tm_import_person {
	char name[TM_NAME_MAX + 1];
	char email[TM_EMAIL_MAX + 1];        /* "" when the file has none */
	bool created;                        /* added (create_people; in a dry run: would be) */
	int64_t person_id;                   /* when created and not a dry run */
	int tasks;                           /* the rows it owns */
} tm_import_person;
typedef TM_VEC(tm_import_person) tm_import_people;

/* A cycle of dependencies in the source: its closing edge is skipped. */
typedef struct tm_import_cycle {
	char path[1000];                     /* the titles, "A → B → C → A" */
	char task[TM_TITLE_MAX + 1];         /* the closing edge skipped: task no longer waits for after */
	char after[TM_TITLE_MAX + 1];
	int line;                            /* the line of the row that names the closing edge */
} tm_import_cycle;
typedef TM_VEC(tm_import_cycle) tm_import_cycles;

typedef struct tm_import_report {
	int source;                          /* enum tm_import_source */
	char file[300];                      /* the name the file was given ("-": stdin) */
	char launch[TM_SLUG_MAX + 1];        /* the launch's slug */
	int64_t launch_id;
	bool dry_run;
	int n_rows;                          /* data rows read */
	int created, changed, unchanged, skipped;
	int dependencies;                    /* edges kept (dependencies + subtasks) */
	int dependencies_skipped;            /* to a task not in the file, or closing a cycle */
	tm_import_rows rows;                 /* in file order */
	tm_import_people people;             /* owners not matched, in first-seen order */
	tm_import_cycles cycles;
	tm_notes notes;                      /* other things worth saying (columns ignored, …) */
	tm_buf pool;                         /* the rows' texts, each NUL-ended; offset 0 is "" */
} tm_import_report;

/* A row's text (an offset into r->pool). */
const char *tm_import_text(const tm_import_report *r, uint32_t at);

void tm_import_report_free(tm_import_report *r);

/*
 * Imports text (len bytes of CSV; file_name names it in errors: "FILE:LINE:COLUMN: …") into the
 * launch in->launch from the tool in->source. A bad file or row is TM_EINVAL and nothing is
 * imported; an unknown launch TM_ENOTFOUND. With in->dry_run nothing changes and out says what
 * would. out is filled on success (release it with tm_import_report_free, also after a failure).
 */
int tm_app_import(tm_app *app, const tm_import_input *in, const char *file_name, const char *text, size_t len,
		  tm_import_report *out, tm_error *err);

#endif
