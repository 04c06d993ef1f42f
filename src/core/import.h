/*
 * import.h - the CSV exports of Asana, Jira and Linear, and a generic CSV of
 * tminus's task fields, read into one normalised list of tasks with their
 * subtasks and dependencies (issue 15). Pure: text in, tasks out; the app
 * (app/imports.c) matches people and earlier imports and writes.
 *
 * Each tool's dialect names its real columns (matched whatever their case)
 * and reads its date formats; a header a tool repeats (Jira's "Outward issue
 * link (Blocks)", one column per link) is read as one list. References to
 * other rows (a parent, the tasks a row waits for) are resolved by the
 * source's id first, then by a title that only one row has; the edges that
 * close a cycle are dropped and reported by name.
 */
#ifndef TM_CORE_IMPORT_H
#define TM_CORE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "util/error.h"
#include "util/vec.h"

enum tm_import_source { TM_IMPORT_ASANA, TM_IMPORT_JIRA, TM_IMPORT_LINEAR, TM_IMPORT_CSV, TM_IMPORT_N_SOURCES };
/* "asana", "jira", "linear", "csv", NULL */
extern const char *const tm_import_source_names[];

#define TM_IMPORT_ROWS_MAX 100000      /* data rows of one file */
#define TM_IMPORT_ID_MAX 127           /* bytes of a source's id */
#define TM_IMPORT_COLUMNS_MAX 256      /* columns of one file (Jira repeats its link columns) */

/* One row of the file, normalised. */
typedef struct tm_import_task {
	int line;                          /* where the row starts in the file, from 1 */
	char source_id[TM_IMPORT_ID_MAX + 1]; /* the tool's id ("" generic row without one: its title is used) */
	char title[TM_TITLE_MAX + 1];
	char section[TM_SECTION_MAX + 1];  /* "" when none */
	char owner_name[TM_NAME_MAX + 1];  /* "" when unassigned */
	char owner_email[TM_EMAIL_MAX + 1];
	int owner_column;                  /* the column the owner came from (errors), from 1 */
	bool has_due;
	tm_due due;                        /* a date (the tools), or an offset (generic csv: "T-3w") */
	bool has_effort;
	int effort_days;                   /* working days */
	bool done;
	bool milestone;                    /* the tool says so (Asana/Jira type, or generic "milestone") */
	bool skip;                         /* not imported (cancelled, …): reason says why */
	char reason[120];
	char parent_ref[TM_IMPORT_ID_MAX + 1]; /* the parent as the file names it, "" when none */
	int parent;                        /* resolved: its index in tasks, -1 */
	uint32_t refs_at, n_refs;          /* the row's waits in tm_import_file.refs */
} tm_import_task;
typedef TM_VEC(tm_import_task) tm_import_tasks;

/* A reference from one row to another as the file writes it. */
typedef struct tm_import_ref {
	char ref[TM_IMPORT_ID_MAX + 1];    /* an id or a title */
	int column;                        /* where it was, from 1 */
	bool blocks;                       /* the row blocks ref (ref waits for the row); else the row waits for ref */
} tm_import_ref;
typedef TM_VEC(tm_import_ref) tm_import_refs;

/* An edge between rows: tasks[task] waits for tasks[after]. */
typedef struct tm_import_edge {
	int task, after;
	bool subtask;                      /* a parent waiting for its subtask */
	bool dropped;                      /* closes a cycle: not kept */
} tm_import_edge;
typedef TM_VEC(tm_import_edge) tm_import_edges;

/* A reference no row answers, or one several rows answer. */
typedef struct tm_import_loose {
	int task;                          /* the row */
	char ref[TM_IMPORT_ID_MAX + 1];
	char why[80];                      /* "not in the file", "names 2 rows" */
} tm_import_loose;
typedef TM_VEC(tm_import_loose) tm_import_looses;

/* A cycle found, as the rows it goes through: path[0] waits for path[1] … which waits for path[0]. */
typedef struct tm_import_loop {
	int edge;                          /* the closing edge dropped (index in edges) */
	int *path;                         /* row indices, n of them (owned) */
	int n;
} tm_import_loop;
typedef TM_VEC(tm_import_loop) tm_import_loops;

/* A generic CSV's own header for a field: --map "Task Name=title,Owner=owner". */
typedef struct tm_import_map_item {
	char header[128];
	char field[24];                    /* one of tm_import_fields */
} tm_import_map_item;
typedef struct tm_import_map {
	int n;
	tm_import_map_item v[32];
} tm_import_map;

/* The generic CSV's fields: title, section, owner, owner_email, due, effort, done, status, id, parent,
 * depends_on, milestone (NULL-ended). */
extern const char *const tm_import_fields[];

typedef struct tm_import_file {
	int source;                        /* enum tm_import_source */
	tm_import_tasks tasks;             /* in file order */
	tm_import_refs refs;               /* every row's references, by tasks[i].refs_at */
	tm_import_edges edges;             /* resolved, in file order (subtasks after each row's own) */
	tm_import_looses loose;
	tm_import_loops loops;
	char ignored[400];                 /* the header's columns read by no field, comma-separated (a note) */
} tm_import_file;

/* Parses "Header=field,…" (a header may be quoted "…" when it has a comma or '='). TM_EINVAL naming the
 * field map for an unknown field or a malformed item. */
int tm_import_map_parse(const char *text, tm_import_map *out, tm_error *err);

/*
 * Reads text (len bytes) as source's CSV export: every row or TM_EINVAL "line L, column C: …" with
 * err->line and err->column set (a missing required column names line 1). Refuses: more than
 * TM_IMPORT_ROWS_MAX rows, a ragged row (not as many fields as the header), bytes that are not
 * UTF-8 (binary, another encoding), a file with no header. map (may be NULL) adds headers. Then
 * resolves parents and references into edges and drops each edge that closes a cycle (first in
 * file order kept). out is released with tm_import_file_release, also after a failure.
 */
int tm_import_parse(int source, const char *text, size_t len, const tm_import_map *map, tm_import_file *out,
		    tm_error *err);
void tm_import_file_release(tm_import_file *f);

/* Reads a date as the tools write it: 2027-03-12, 2027-03-12T10:00:00.000Z, 12/Mar/27 [12:00 AM],
 * 12/Mar/2027, 03/12/2027 (US: Asana's older exports). 0 or TM_EINVAL. */
int tm_import_date(const char *s, tm_date *out);

#endif
