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
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

enum tm_import_source { TM_IMPORT_ASANA, TM_IMPORT_JIRA, TM_IMPORT_LINEAR, TM_IMPORT_CSV, TM_IMPORT_N_SOURCES };
/* "asana", "jira", "linear", "csv", NULL */
extern const char *const tm_import_source_names[];

#define TM_IMPORT_ROWS_MAX 100000      /* data rows of one file */
#define TM_IMPORT_ID_MAX 127           /* bytes of a source's id */
#define TM_IMPORT_COLUMNS_MAX 256      /* columns of one file (Jira repeats its link columns) */

/* One row of the file, normalised. Its texts are offsets into tm_import_file.pool (tm_import_str). */
typedef struct tm_import_task {
	int line;                          /* where the row starts in the file, from 1 */
	uint32_t source_id;                /* the tool's id ("" generic row without one: its title stands for it) */
	uint32_t alt_id;                   /* a second id other rows may use (Jira's numeric "Issue id"), "" */
	uint32_t title;
	uint32_t section;                  /* "" when none */
	uint32_t owner_name;               /* "" when unassigned */
	uint32_t owner_email;              /* "" when the file has none */
	uint32_t parent_ref;               /* the parent as the file names it, "" when none */
	uint32_t reason;                   /* skip: why */
	int owner_column;                  /* the column the owner came from, from 1 */
	bool has_due;
	tm_due due;                        /* a date (the tools), or an offset too (generic csv: "T-3w") */
	bool has_effort;
	int effort_days;                   /* working days */
	int status;                        /* enum tm_task_status: todo, in_progress, done */
	bool milestone;                    /* the tool says so (a Jira epic, generic "milestone") */
	bool skip;                         /* not imported (cancelled, …): reason says why */
	int parent;                        /* resolved: its index in tasks, -1 */
	uint32_t refs_at, n_refs;          /* the row's references in tm_import_file.refs */
} tm_import_task;
typedef TM_VEC(tm_import_task) tm_import_tasks;

/* A cell of references from one row to others as the file writes it: one id or title, or a list of
 * them separated by commas or semicolons (a cell that names one row whole is not split; semicolons separate when there are any, else commas). */
typedef struct tm_import_ref {
	uint32_t text;                     /* in the pool */
	int column;                        /* where it was, from 1 */
	bool blocks;                       /* the row blocks these (they wait for it); else the row waits for them */
} tm_import_ref;
typedef TM_VEC(tm_import_ref) tm_import_refs;

/* An edge between rows: tasks[task] waits for tasks[after]. */
typedef struct tm_import_edge {
	int task, after;
	int row;                           /* the row whose cell names it */
	bool subtask;                      /* a parent waiting for its subtask */
	bool dropped;                      /* closes a cycle: not kept */
} tm_import_edge;
typedef TM_VEC(tm_import_edge) tm_import_edges;

/* A reference no row answers, several rows answer, or to a row not imported: not kept. */
typedef struct tm_import_loose {
	int task;                          /* the row */
	uint32_t ref;                      /* in the pool */
	char why[80];                      /* "not in the file", "names 2 rows", "is not imported" */
} tm_import_loose;
typedef TM_VEC(tm_import_loose) tm_import_looses;

/* A cycle found: path[0] waits for path[1] … which waits for path[0] (node indices, n of them). */
typedef struct tm_import_loop {
	size_t edge;                       /* the closing edge dropped (index in the edges) */
	int *path;                         /* owned */
	int n;
} tm_import_loop;
typedef TM_VEC(tm_import_loop) tm_import_loops;
void tm_import_loops_free(tm_import_loops *l);

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
	tm_import_edges edges;             /* resolved, in file order, each once */
	tm_import_looses loose;
	tm_import_loops loops;             /* the cycles among the rows (their closing edges dropped) */
	tm_buf pool;                       /* the texts, each NUL-ended; offset 0 is "" */
	char ignored[1000];                 /* the header's columns no field reads, comma-separated (a note) */
} tm_import_file;

/* A text of f (an offset into its pool). */
static inline const char *tm_import_str(const tm_import_file *f, uint32_t at)
{
	return f->pool.s + at;
}

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

/*
 * Keeps a graph of nodes 0..n-1 free of cycles: walks edges in order and drops (dropped = true) each
 * edge from index first_droppable on that would close a cycle with the edges kept before it (edges
 * before first_droppable are kept as they are: they must be acyclic). Each cycle goes to loops
 * (when not NULL). Edges already dropped are ignored. Linear in the graph outside its strongly
 * connected parts.
 */
void tm_import_acyclic(int n, tm_import_edge *edges, size_t n_edges, size_t first_droppable, tm_import_loops *loops);

/* Reads a date as the tools write it: 2027-03-12, 2027-03-12T10:00:00.000Z, 12/Mar/27 [12:00 AM],
 * 12/Mar/2027, 03/12/2027 (US: Asana's older exports). 0 or TM_EINVAL. */
int tm_import_date(const char *s, tm_date *out);

#endif
