/*
 * import.c - the CSV exports of Asana, Jira and Linear, and a generic CSV of
 * tminus's task fields, read into normalised tasks and the edges between
 * them; see import.h.
 *
 * Each dialect is a table of its real headers and the field each feeds.
 * Rows go through core/csv.h (libcsv); their texts go into one pool so that
 * 100,000 rows stay small. References are resolved through two hash tables
 * (ids, and titles whatever their case), and cycles are broken by
 * tm_import_acyclic: Tarjan's strongly connected components first, so that
 * only the edges inside a knot need the slower check of each edge.
 */
#include "core/import.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"
#include "core/text.h"

#include "util/banned.h"

const char *const tm_import_source_names[] = { "asana", "jira", "linear", "csv", NULL };

/* What a column feeds. */
enum fld {
	F_NONE,
	F_ID,            /* the row's id in the tool */
	F_ALT_ID,        /* another id rows may be named by (Jira's Issue id) */
	F_TITLE,
	F_SECTION,
	F_OWNER,         /* a name (or an email: a value with '@') */
	F_OWNER_EMAIL,
	F_DUE,
	F_EFFORT_DAYS,   /* working days */
	F_EFFORT_SECONDS,/* Jira's Original Estimate: 8 hours (28,800 s) a day */
	F_EFFORT_POINTS, /* Linear's Estimate: a point a day */
	F_DONE,          /* yes/no */
	F_STATUS,        /* a status name */
	F_STATUS_CATEGORY, /* Jira's: To Do, In Progress, Done */
	F_COMPLETED,     /* a completion time: done when not empty */
	F_CANCELED,      /* a cancellation time: skipped when not empty */
	F_STARTED,       /* a start time: in progress when not empty */
	F_PARENT,
	F_WAITS,         /* the row waits for these */
	F_BLOCKS,        /* these wait for the row */
	F_EPIC,          /* Jira's Epic Link: the section is the epic's title, and the epic waits for the row */
	F_COMPONENT,     /* Jira's Component/s: the section when there is no epic */
	F_TYPE,          /* Jira's Issue Type: an Epic is a milestone */
	F_MILESTONE,     /* yes/no */
	F_N
};

/* The generic CSV's field names, in the order of the enum they feed (and what --map names). */
const char *const tm_import_fields[] = { "title",  "section", "owner", "owner_email", "due",       "effort",
					 "done",   "status",  "id",    "parent",      "depends_on", "milestone",
					 "blocks", NULL };
static const int field_codes[] = { F_TITLE, F_SECTION, F_OWNER,  F_OWNER_EMAIL, F_DUE,       F_EFFORT_DAYS,
				   F_DONE,  F_STATUS,  F_ID,     F_PARENT,      F_WAITS,     F_MILESTONE,
				   F_BLOCKS };

typedef struct column_name {
	const char *header;
	int field;
} column_name;

/* Asana's CSV export (project → Export → CSV). */
static const column_name asana_columns[] = {
	{ "Task ID", F_ID },
	{ "Name", F_TITLE },
	{ "Section/Column", F_SECTION },
	{ "Assignee", F_OWNER },
	{ "Assignee Email", F_OWNER_EMAIL },
	{ "Due Date", F_DUE },
	{ "Completed At", F_COMPLETED },
	{ "Parent task", F_PARENT },
	{ "Blocked By (Dependencies)", F_WAITS },
	{ "Blocking (Dependencies)", F_BLOCKS },
	{ NULL, 0 },
};

/* Jira's "Export Excel CSV (all fields)": link and component columns repeat, one per value. */
static const column_name jira_columns[] = {
	{ "Issue key", F_ID },
	{ "Issue id", F_ALT_ID },
	{ "Summary", F_TITLE },
	{ "Issue Type", F_TYPE },
	{ "Status", F_STATUS },
	{ "Status Category", F_STATUS_CATEGORY },
	{ "Assignee", F_OWNER },
	{ "Due date", F_DUE },
	{ "Original Estimate", F_EFFORT_SECONDS },
	{ "Parent", F_PARENT },
	{ "Parent id", F_PARENT },
	{ "Parent key", F_PARENT },
	{ "Sub-tasks", F_WAITS },          /* server exports: the sub-tasks' ids (the parent waits for them) */
	{ "Component/s", F_COMPONENT },
	{ "Custom field (Epic Link)", F_EPIC },
	{ "Outward issue link (Blocks)", F_BLOCKS },
	{ "Inward issue link (Blocks)", F_WAITS },
	{ NULL, 0 },
};

/* Linear's export (Settings → Import / Export → Export CSV). */
static const column_name linear_columns[] = {
	{ "ID", F_ID },
	{ "Title", F_TITLE },
	{ "Status", F_STATUS },
	{ "Estimate", F_EFFORT_POINTS },
	{ "Project Milestone", F_SECTION },
	{ "Assignee", F_OWNER },
	{ "Due Date", F_DUE },
	{ "Started", F_STARTED },
	{ "Completed", F_COMPLETED },
	{ "Canceled", F_CANCELED },
	{ "Parent issue", F_PARENT },
	{ "Blocked by", F_WAITS },
	{ "Blocking", F_BLOCKS },
	{ "Blocks", F_BLOCKS },
	{ NULL, 0 },
};

/* The generic CSV: tminus's own names (and the columns `export --format csv` writes). */
static const column_name csv_columns[] = {
	{ "id", F_ID },
	{ "title", F_TITLE },
	{ "section", F_SECTION },
	{ "owner", F_OWNER },
	{ "owner_email", F_OWNER_EMAIL },
	{ "email", F_OWNER_EMAIL },
	{ "due", F_DUE },
	{ "effort", F_EFFORT_DAYS },
	{ "effort_days", F_EFFORT_DAYS },
	{ "days", F_EFFORT_DAYS },
	{ "done", F_DONE },
	{ "status", F_STATUS },
	{ "milestone", F_MILESTONE },
	{ "parent", F_PARENT },
	{ "depends_on", F_WAITS },
	{ "after", F_WAITS },
	{ "blocks", F_BLOCKS },
	{ NULL, 0 },
};

static const column_name *const dialects[] = { asana_columns, jira_columns, linear_columns, csv_columns };
/* The columns a file must have: its id (the tools) and its title. */
static const char *const required_id[] = { "Task ID", "Issue key", "ID", NULL };
static const char *const required_title[] = { "Name", "Summary", "Title", "title" };

/* Fields whose column may repeat (a list spread over several columns). */
static bool repeatable(int f)
{
	return f == F_WAITS || f == F_BLOCKS || f == F_COMPONENT || f == F_PARENT;
}

void tm_import_loops_free(tm_import_loops *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	TM_VEC_FREE(l);
}

void tm_import_file_release(tm_import_file *f)
{
	TM_VEC_FREE(&f->tasks);
	TM_VEC_FREE(&f->refs);
	TM_VEC_FREE(&f->edges);
	TM_VEC_FREE(&f->loose);
	tm_import_loops_free(&f->loops);
	tm_buf_release(&f->pool);
}

/* ---- the text pool ---- */

static uint32_t pool_add(tm_buf *pool, const char *s, size_t len)
{
	if (!len)
		return 0;
	uint32_t at = (uint32_t)pool->len;
	tm_buf_add(pool, s, len);
	tm_buf_addc(pool, '\0');
	return at;
}

/* ---- a hash table from texts (pool offsets) to row indices ---- */

typedef struct smap {
	uint32_t *key;     /* pool offsets; 0: empty slot */
	int *val;          /* row index, or -2 when several rows have the key */
	size_t cap;        /* a power of two */
	bool fold;         /* keys compared whatever their (ASCII) case */
} smap;

static uint64_t hash_text(const char *s, bool fold)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (fold && c < 128)
			c = (unsigned char)tolower(c);
		h = (h ^ c) * 1099511628211ull;
	}
	return h;
}

static bool same_text(const char *a, const char *b, bool fold)
{
	return fold ? tm_text_equal_fold(a, b) : !strcmp(a, b);
}

static void smap_init(smap *m, size_t n, bool fold)
{
	m->cap = 16;
	while (m->cap < n * 2 + 1)
		m->cap *= 2;
	m->key = tm_xcalloc(m->cap, sizeof(*m->key));
	m->val = tm_xcalloc(m->cap, sizeof(*m->val));
	m->fold = fold;
}

static void smap_free(smap *m)
{
	free(m->key);
	free(m->val);
}

/* The slot of s: where it is, or the empty one where it would go. */
static size_t smap_slot(const smap *m, const tm_buf *pool, const char *s)
{
	size_t i = (size_t)hash_text(s, m->fold) & (m->cap - 1);
	while (m->key[i] && !same_text(pool->s + m->key[i], s, m->fold))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Adds key → row; a key already there becomes ambiguous (-2) unless it is the same row. Returns the
 * row that had it before, or -1. */
static int smap_put(smap *m, const tm_buf *pool, uint32_t key, int row)
{
	size_t i = smap_slot(m, pool, pool->s + key);
	if (!m->key[i]) {
		m->key[i] = key;
		m->val[i] = row;
		return -1;
	}
	int had = m->val[i];
	if (had != row)
		m->val[i] = -2;
	return had;
}

/* The row of s: -1 none, -2 several. */
static int smap_get(const smap *m, const tm_buf *pool, const char *s)
{
	if (!*s)
		return -1;
	size_t i = smap_slot(m, pool, s);
	return m->key[i] ? m->val[i] : -1;
}

/* ---- dates, numbers, flags ---- */

static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
				      "jul", "aug", "sep", "oct", "nov", "dec" };

/* Reads n digits at *p (exactly n when exact, else 1..n) into *out. */
static bool digits(const char **p, int n, bool exact, int *out)
{
	int v = 0, k = 0;
	while (k < n && isdigit((unsigned char)(*p)[k])) {
		v = v * 10 + ((*p)[k] - '0');
		k++;
	}
	if (!k || (exact && k != n))
		return false;
	*p += k;
	*out = v;
	return true;
}

/* What may follow a date: nothing, or a time ("T10:00:00.000Z", " 12:00 AM", " 00:00"). */
static bool time_tail(const char *p)
{
	if (!*p)
		return true;
	if (*p != 'T' && *p != ' ')
		return false;
	p++;
	int h, m;
	if (!digits(&p, 2, false, &h) || *p++ != ':' || !digits(&p, 2, true, &m) || h > 23 || m > 59)
		return false;
	for (; *p; p++) /* seconds, fractions, a zone, AM/PM: read no further */
		if (!strchr("0123456789:.+-Z APMapm", *p))
			return false;
	return true;
}

int tm_import_date(const char *s, tm_date *out)
{
	const char *p = s;
	int y, m, d;
	while (*p == ' ')
		p++;
	if (digits(&p, 4, true, &y) && *p == '-') { /* 2027-03-12[T…] */
		p++;
		if (!digits(&p, 2, true, &m) || *p++ != '-' || !digits(&p, 2, true, &d) || !time_tail(p))
			return TM_EINVAL;
	} else {
		p = s;
		while (*p == ' ')
			p++;
		if (!digits(&p, 2, false, &d) || *p++ != '/')
			return TM_EINVAL;
		if (isalpha((unsigned char)*p)) { /* Jira: 12/Mar/27, 12/Mar/2027 */
			m = 0;
			for (int i = 0; i < 12 && !m; i++)
				if (!strncasecmp(p, months[i], 3))
					m = i + 1;
			if (!m || p[3] != '/')
				return TM_EINVAL;
			p += 4;
		} else { /* US: 03/12/2027 (month first) */
			int first = d;
			if (!digits(&p, 2, false, &d) || *p++ != '/')
				return TM_EINVAL;
			m = first;
		}
		const char *yp = p;
		if (!digits(&p, 4, false, &y))
			return TM_EINVAL;
		if (p - yp == 2)
			y += 2000;
		else if (p - yp != 4)
			return TM_EINVAL;
		if (!time_tail(p))
			return TM_EINVAL;
	}
	if (!tm_date_valid_ymd(y, m, d))
		return TM_EINVAL;
	*out = tm_date_from_ymd(y, m, d);
	return 0;
}

static bool yes(const char *s)
{
	return !strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true") || !strcmp(s, "1") ||
	       !strcasecmp(s, "x") || !strcasecmp(s, "done");
}

static bool no(const char *s)
{
	return !*s || !strcasecmp(s, "no") || !strcasecmp(s, "n") || !strcasecmp(s, "false") || !strcmp(s, "0");
}

/* A whole number or a decimal ("3", "2.5"); false if it is neither. */
static bool number(const char *s, double *out)
{
	char *end = NULL;
	if (!*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return false;
	double v = strtod(s, &end);
	if (*end || v < 0 || v > 1e9)
		return false;
	*out = v;
	return true;
}

/* A tool's status words: done, in progress, cancelled (skip), else to do. -1: skip. */
static int tool_status(const char *s)
{
	static const char *const done[] = { "done", "closed", "resolved", "complete", "completed", "shipped", NULL };
	static const char *const doing[] = { "in progress", "in review", "in_progress", "started", "in development",
					     "review", NULL };
	static const char *const gone[] = { "canceled", "cancelled", "won't do", "won't fix", "wont do", "duplicate",
					    "skipped", NULL };
	for (int i = 0; done[i]; i++)
		if (!strcasecmp(s, done[i]))
			return TM_TASK_DONE;
	for (int i = 0; doing[i]; i++)
		if (!strcasecmp(s, doing[i]))
			return TM_TASK_IN_PROGRESS;
	for (int i = 0; gone[i]; i++)
		if (!strcasecmp(s, gone[i]))
			return -1;
	return TM_TASK_TODO;
}

/* ---- reading rows ---- */

typedef struct reader {
	tm_import_file *f;
	const tm_import_map *map;
	tm_error *err;
	int source;
	bool header;
	int n_cols;
	int field[TM_CSV_MAX_FIELDS];  /* what each column feeds */
	int col_of[F_N];               /* the first column of each field, -1 */
	tm_buf cell;                   /* scratch */
} reader;

static int fail_at(tm_error *err, int line, int column, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "line N: why", with err->line and err->column (0: the whole row) set, as core/csv.h reports. */
static int fail_at(tm_error *err, int line, int column, const char *fmt, ...)
{
	char why[400];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	int rc = tm_fail(err, TM_EINVAL, "line %d: %s", line, why);
	if (err) {
		err->line = line;
		err->column = column;
	}
	return rc;
}

/* A cell without the blanks around it (and without the ' a tool puts before text a spreadsheet could
 * take for a formula: Linear's "'=…"). */
static const char *cell_text(reader *r, const tm_csv_row *row, int c, size_t *len)
{
	const char *s = row->v[c];
	size_t n = row->len[c];
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n > 1 && s[0] == '\'' && strchr("=+-@", s[1]))
		s++, n--;
	tm_buf_reset(&r->cell);
	tm_buf_add(&r->cell, s, n);
	*len = n;
	return r->cell.s;
}

static int field_by_name(const char *name)
{
	for (int i = 0; tm_import_fields[i]; i++)
		if (!strcasecmp(name, tm_import_fields[i]))
			return field_codes[i];
	return F_NONE;
}

static int read_header(reader *r, const tm_csv_row *row)
{
	tm_import_file *f = r->f;
	const column_name *cols = dialects[r->source];
	size_t ign = 0;
	for (int i = 0; i < F_N; i++)
		r->col_of[i] = -1;
	for (int c = 0; c < row->n; c++) {
		size_t len;
		char name[200];
		snprintf(name, sizeof(name), "%s", cell_text(r, row, c, &len));
		int fld = F_NONE;
		for (int k = 0; r->map && k < r->map->n && fld == F_NONE; k++)
			if (tm_text_equal_fold(name, r->map->v[k].header))
				fld = field_by_name(r->map->v[k].field);
		for (int k = 0; cols[k].header && fld == F_NONE; k++)
			if (tm_text_equal_fold(name, cols[k].header))
				fld = cols[k].field;
		/* Jira spells a few headers two ways over its versions. */
		if (fld == F_NONE && r->source == TM_IMPORT_JIRA) {
			if (tm_text_equal_fold(name, "Components"))
				fld = F_COMPONENT;
			else if (tm_text_equal_fold(name, "Epic Link"))
				fld = F_EPIC;
		}
		r->field[c] = fld;
		if (fld == F_NONE) {
			if (name[0] && ign + strlen(name) + 3 < sizeof(f->ignored)) {
				int n = snprintf(f->ignored + ign, sizeof(f->ignored) - ign, "%s%s", ign ? ", " : "", name);
				ign += (size_t)n;
			}
			continue;
		}
		if (r->col_of[fld] >= 0 && !repeatable(fld))
			return fail_at(r->err, row->line, c + 1, "the column '%s' appears twice (columns %d and %d)", name,
				       r->col_of[fld] + 1, c + 1);
		if (r->col_of[fld] < 0)
			r->col_of[fld] = c;
	}
	if (r->source != TM_IMPORT_CSV && r->col_of[F_ID] < 0)
		return fail_at(r->err, row->line, 1,
			       "no '%s' column: is this %s's CSV export? (its header row names %s, %s, …)",
			       required_id[r->source], tm_import_source_names[r->source], required_id[r->source],
			       required_title[r->source]);
	if (r->col_of[F_TITLE] < 0)
		return fail_at(r->err, row->line, 1,
			       r->source == TM_IMPORT_CSV
				       ? "no '%s' column: the header row names task fields (title, section, owner, due, "
					 "effort, status, id, parent, depends_on …) or --map names them"
				       : "no '%s' column: is this the tool's own CSV export?",
			       required_title[r->source]);
	r->n_cols = row->n;
	r->header = true;
	return 0;
}

/* Copies a text field into the pool, refusing one over max bytes. */
static int text_field(reader *r, const tm_csv_row *row, int c, const char *what, size_t max, bool cut, uint32_t *out)
{
	size_t len;
	const char *s = cell_text(r, row, c, &len);
	if (len > max) {
		if (!cut)
			return fail_at(r->err, row->line, c + 1, "%s is too long: at most %zu bytes", what, max);
		len = max;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80) /* a whole character */
			len--;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && !(cut && (s[i] == '\n' || s[i] == '\r')))
			return fail_at(r->err, row->line, c + 1, "%s holds a line break or a control character", what);
	*out = pool_add(&r->f->pool, s, len);
	return 0;
}

static int read_cell(reader *r, const tm_csv_row *row, int c, tm_import_task *t)
{
	tm_import_file *f = r->f;
	size_t len;
	const char *s = cell_text(r, row, c, &len);
	int fld = r->field[c];
	double v;
	tm_error e = TM_ERROR_INIT;
	if (!len && fld != F_TITLE)
		return 0;
	switch (fld) {
	case F_ID:
		return text_field(r, row, c, "the id", TM_IMPORT_ID_MAX, false, &t->source_id);
	case F_ALT_ID:
		return text_field(r, row, c, "the id", TM_IMPORT_ID_MAX, false, &t->alt_id);
	case F_TITLE:
		if (!len)
			return fail_at(r->err, row->line, c + 1, "a task needs a title: this one is empty");
		return text_field(r, row, c, "the title", TM_TITLE_MAX, false, &t->title);
	case F_SECTION:
	case F_COMPONENT:
		if (fld == F_COMPONENT && t->section)
			return 0; /* the first component */
		return text_field(r, row, c, "the section", TM_SECTION_MAX, true, &t->section);
	case F_EPIC:
		return text_field(r, row, c, "the epic", TM_IMPORT_ID_MAX, false, &t->parent_ref);
	case F_OWNER:
		t->owner_column = c + 1;
		if (memchr(s, '@', len) && !memchr(s, ' ', len) && !t->owner_email)
			return text_field(r, row, c, "the assignee's email", TM_EMAIL_MAX, false, &t->owner_email);
		return text_field(r, row, c, "the assignee's name", TM_NAME_MAX, false, &t->owner_name);
	case F_OWNER_EMAIL:
		if (!memchr(s, '@', len))
			return fail_at(r->err, row->line, c + 1, "'%.60s' is not an email address", s);
		if (!t->owner_column)
			t->owner_column = c + 1;
		return text_field(r, row, c, "the assignee's email", TM_EMAIL_MAX, false, &t->owner_email);
	case F_DUE:
		if (r->source == TM_IMPORT_CSV && (s[0] == 'T' || s[0] == 't')) {
			if (tm_due_parse(s, &t->due, &e))
				return fail_at(r->err, row->line, c + 1, "%s", e.msg);
		} else if (tm_import_date(s, &t->due.date)) {
			return fail_at(r->err, row->line, c + 1,
				       "'%.40s' is not a date (2027-03-12, 12/Mar/27 or 03/12/2027)%s", s,
				       r->source == TM_IMPORT_CSV ? " or an offset from T (T-3w)" : "");
		} else {
			t->due.is_offset = false;
		}
		t->has_due = true;
		return 0;
	case F_EFFORT_DAYS:
	case F_EFFORT_SECONDS:
	case F_EFFORT_POINTS:
		if (!number(s, &v))
			return fail_at(r->err, row->line, c + 1, "'%.40s' is not a number%s", s,
				       fld == F_EFFORT_SECONDS ? " of seconds" : fld == F_EFFORT_POINTS ? " of points" : " of days");
		if (fld == F_EFFORT_SECONDS)
			v /= 28800.0; /* an 8-hour working day */
		v = v > (double)(int)v ? (double)(int)v + 1 : v; /* whole days, rounded up */
		if (v > 999)
			return fail_at(r->err, row->line, c + 1, "an effort of %.0f working days is more than 999", v);
		t->has_effort = true;
		t->effort_days = (int)v;
		return 0;
	case F_DONE:
		if (!yes(s) && !no(s))
			return fail_at(r->err, row->line, c + 1, "'%.40s' is not yes or no", s);
		if (yes(s))
			t->status = TM_TASK_DONE;
		return 0;
	case F_MILESTONE:
		if (!yes(s) && !no(s))
			return fail_at(r->err, row->line, c + 1, "'%.40s' is not yes or no", s);
		t->milestone = yes(s);
		return 0;
	case F_STATUS:
		if (r->source == TM_IMPORT_CSV) {
			int st = tm_task_status_parse(s);
			if (st < 0) { /* a word of the tools' ("Done", "In Progress"), else a mistake */
				st = tool_status(s);
				if (st == TM_TASK_TODO && strcasecmp(s, "to do") && strcasecmp(s, "open"))
					return fail_at(r->err, row->line, c + 1,
						       "unknown status '%.40s' (todo, in_progress, done or skipped)", s);
			}
			if (st == TM_TASK_SKIPPED || st == -1) {
				t->skip = true;
				t->reason = pool_add(&f->pool, "skipped in the file", 19);
			} else if (st != TM_TASK_AWAITING_APPROVAL) {
				t->status = st;
			}
			return 0;
		}
		if (r->col_of[F_STATUS_CATEGORY] >= 0 && tool_status(s) != -1)
			return 0; /* the category says it */
		/* fallthrough */
	case F_STATUS_CATEGORY: {
		int st = tool_status(s);
		if (st == -1) {
			char why[120];
			int n = snprintf(why, sizeof(why), "%s in %s", s, tm_import_source_names[r->source]);
			t->skip = true;
			t->reason = pool_add(&f->pool, why, n > 0 && (size_t)n < sizeof(why) ? (size_t)n : sizeof(why) - 1);
		} else if (t->status != TM_TASK_DONE) {
			t->status = st;
		}
		return 0;
	}
	case F_COMPLETED:
		t->status = TM_TASK_DONE;
		return 0;
	case F_CANCELED:
		t->skip = true;
		t->reason = pool_add(&f->pool, "canceled in linear", 18);
		return 0;
	case F_STARTED:
		if (t->status == TM_TASK_TODO)
			t->status = TM_TASK_IN_PROGRESS;
		return 0;
	case F_TYPE:
		if (!strcasecmp(s, "Epic") || !strcasecmp(s, "Milestone"))
			t->milestone = true;
		return 0;
	case F_PARENT:
		if (t->parent_ref) /* Jira: "Parent" and "Parent id" name the same parent */
			return 0;
		return text_field(r, row, c, "the parent", TM_IMPORT_ID_MAX, false, &t->parent_ref);
	case F_WAITS:
	case F_BLOCKS: {
		tm_import_ref *ref = TM_VEC_PUSH(&f->refs);
		ref->text = pool_add(&f->pool, s, len);
		ref->column = c + 1;
		ref->blocks = fld == F_BLOCKS;
		t->n_refs++;
		return 0;
	}
	default:
		return 0;
	}
}

static int read_row(void *arg, const tm_csv_row *row, tm_error *err)
{
	reader *r = arg;
	tm_import_file *f = r->f;
	(void)err;
	if (!r->header)
		return read_header(r, row);
	/* Cells past the header's may only be empty (a spreadsheet's trailing commas); fewer is ragged. */
	for (int c = r->n_cols; c < row->n; c++)
		if (row->len[c])
			return fail_at(r->err, row->line, c + 1,
				       "%d fields where the header row has %d: every row needs as many (a ragged row)", row->n,
				       r->n_cols);
	if (row->n < r->n_cols)
		return fail_at(r->err, row->line, row->n + 1,
			       "%d %s where the header row has %d: every row needs as many (a ragged row)", row->n,
			       row->n == 1 ? "field" : "fields", r->n_cols);
	if (f->tasks.n >= TM_IMPORT_ROWS_MAX)
		return fail_at(r->err, row->line, 0, "more than %d rows: import them in several files", TM_IMPORT_ROWS_MAX);
	tm_import_task *t = TM_VEC_PUSH(&f->tasks);
	t->line = row->line;
	t->parent = -1;
	t->status = TM_TASK_TODO;
	t->refs_at = (uint32_t)f->refs.n;
	/* The title first (the others' messages may name it), then the columns in order. */
	int rc = read_cell(r, row, r->col_of[F_TITLE], t);
	for (int c = 0; c < r->n_cols && !rc; c++)
		if (c != r->col_of[F_TITLE] && r->field[c] != F_NONE)
			rc = read_cell(r, row, c, t);
	if (!rc && r->source != TM_IMPORT_CSV && !t->source_id)
		rc = fail_at(r->err, row->line, r->col_of[F_ID] + 1, "the row has no id: %s's export gives every row one",
			     tm_import_source_names[r->source]);
	if (!rc && t->milestone) {
		t->effort_days = 0;
		t->has_effort = false;
	}
	return rc;
}

/* ---- references ---- */

typedef struct resolver {
	tm_import_file *f;
	smap ids, titles;
	smap keys;                     /* the titles of rows without an id (exact) */
	tm_buf scratch;
	/* edges seen: (task, after) pairs, to keep each once */
	uint64_t *pairs;
	size_t pairs_cap;
} resolver;

static bool pair_add(resolver *z, int task, int after)
{
	uint64_t k = ((uint64_t)(uint32_t)task << 32 | (uint32_t)after) + 1;
	size_t i = (size_t)(k * 0x9E3779B97F4A7C15ull) & (z->pairs_cap - 1);
	while (z->pairs[i] && z->pairs[i] != k)
		i = (i + 1) & (z->pairs_cap - 1);
	if (z->pairs[i])
		return false;
	z->pairs[i] = k;
	return true;
}

/* The row a reference names: by id, then by a title only one row has. -1 none, -2 several. */
static int lookup(const resolver *z, const char *ref)
{
	int i = smap_get(&z->ids, &z->f->pool, ref);
	return i != -1 ? i : smap_get(&z->titles, &z->f->pool, ref);
}

static void loose(resolver *z, int task, const char *ref, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void loose(resolver *z, int task, const char *ref, const char *fmt, ...)
{
	tm_import_loose *l = TM_VEC_PUSH(&z->f->loose);
	va_list ap;
	l->task = task;
	l->ref = pool_add(&z->f->pool, ref, strlen(ref));
	va_start(ap, fmt);
	(void)vsnprintf(l->why, sizeof(l->why), fmt, ap);
	va_end(ap);
}

/* An edge task waits for after, once, unless either end is not imported. */
static void edge(resolver *z, int task, int after, bool subtask, const char *ref, int from)
{
	tm_import_file *f = z->f;
	if (task == after) {
		loose(z, from, ref, "is the task itself");
		return;
	}
	if (f->tasks.v[task].skip || f->tasks.v[after].skip) {
		loose(z, from, ref, "%s is not imported", f->tasks.v[task].skip ? "the waiting task" : "that task");
		return;
	}
	if (!pair_add(z, task, after))
		return;
	tm_import_edge *e = TM_VEC_PUSH(&f->edges);
	e->task = task;
	e->after = after;
	e->row = from;
	e->subtask = subtask;
}

/* The rows a reference names (ref is in z->scratch-independent storage). */
static void one_ref(resolver *z, int row, const char *ref, bool blocks)
{
	int j = lookup(z, ref);
	if (j == -1)
		loose(z, row, ref, "not in the file");
	else if (j == -2)
		loose(z, row, ref, "names several rows");
	else if (blocks)
		edge(z, j, row, false, ref, row);
	else
		edge(z, row, j, false, ref, row);
}

static int resolve(tm_import_file *f, tm_error *err)
{
	resolver z = { .f = f, .scratch = TM_BUF_INIT };
	size_t n = f->tasks.n;
	smap_init(&z.ids, n * 2, false);
	smap_init(&z.keys, n, false);
	smap_init(&z.titles, n, true);
	z.pairs_cap = 16;
	while (z.pairs_cap < (n + f->refs.n) * 4)
		z.pairs_cap *= 2;
	z.pairs = tm_xcalloc(z.pairs_cap, sizeof(*z.pairs));
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		tm_import_task *t = &f->tasks.v[i];
		int had = smap_put(t->source_id ? &z.ids : &z.keys, &f->pool, t->source_id ? t->source_id : t->title, (int)i);
		/* A row is found again by its id (a generic row without one: its title) on the next import. */
		if (had >= 0 && t->source_id)
			rc = fail_at(err, t->line, 0, "the id '%s' is also on line %d: each row needs its own",
				     tm_import_str(f, t->source_id), f->tasks.v[had].line);
		else if (had >= 0)
			rc = fail_at(err, t->line, 0,
				     "the title '%s' is also on line %d: without an id column the title names the task "
				     "(add an id column, or make the titles differ)",
				     tm_import_str(f, t->title), f->tasks.v[had].line);
		if (t->alt_id)
			smap_put(&z.ids, &f->pool, t->alt_id, (int)i);
		smap_put(&z.titles, &f->pool, t->title, (int)i);
	}
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		tm_import_task *t = &f->tasks.v[i];
		for (uint32_t k = 0; k < t->n_refs; k++) {
			const tm_import_ref *ref = &f->refs.v[t->refs_at + k];
			/* pool texts move when the pool grows: copy the cell first */
			tm_buf_reset(&z.scratch);
			tm_buf_adds(&z.scratch, tm_import_str(f, ref->text));
			char *cell = tm_xstrdup(z.scratch.s);
			if (lookup(&z, cell) >= 0) {
				one_ref(&z, (int)i, cell, ref->blocks);
			} else {
				/* Semicolons when there are any (so titles may hold commas), else commas. */
				const char *seps = strchr(cell, ';') ? ";" : ",";
				for (char *p = cell; *p;) {
					size_t len = strcspn(p, seps);
					char *end = p + len, keep = *end;
					*end = '\0';
					char *s = p, *e = end;
					while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
						s++;
					while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
						*--e = '\0';
					if (*s)
						one_ref(&z, (int)i, s, ref->blocks);
					p = keep ? end + 1 : end;
				}
			}
			free(cell);
		}
		if (t->parent_ref) {
			char *pr = tm_xstrdup(tm_import_str(f, t->parent_ref));
			int j = lookup(&z, pr);
			if (j == -1)
				loose(&z, (int)i, pr, "not in the file");
			else if (j == -2)
				loose(&z, (int)i, pr, "names several rows");
			else {
				t->parent = j;
				edge(&z, j, (int)i, true, pr, (int)i);
			}
			free(pr);
		}
	}
	/* Jira: a task of an epic is in the epic's section, when it has none of its own. */
	for (size_t i = 0; i < n; i++) {
		tm_import_task *t = &f->tasks.v[i];
		if (f->source == TM_IMPORT_JIRA && t->parent >= 0 && f->tasks.v[t->parent].milestone) {
			const char *title = tm_import_str(f, f->tasks.v[t->parent].title);
			size_t len = strlen(title);
			if (len > TM_SECTION_MAX) {
				len = TM_SECTION_MAX;
				while (len && ((unsigned char)title[len] & 0xC0) == 0x80)
					len--;
			}
			char copy[TM_SECTION_MAX + 1];
			snprintf(copy, sizeof(copy), "%.*s", (int)len, title);
			t->section = pool_add(&f->pool, copy, len);
		}
	}
out:
	smap_free(&z.ids);
	smap_free(&z.keys);
	smap_free(&z.titles);
	free(z.pairs);
	tm_buf_release(&z.scratch);
	return rc;
}

/* ---- cycles ---- */

typedef struct graph {
	int n;
	int *head;      /* first edge slot of each node */
	int *next;      /* next edge slot of the same node */
	int *to;        /* slot → the node it leads to */
	int *idx;       /* slot → the edge index */
	int used;
} graph;

static void graph_init(graph *g, int n, size_t slots)
{
	g->n = n;
	g->head = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	for (int i = 0; i < n; i++)
		g->head[i] = -1;
	g->next = tm_xmalloc((slots ? slots : 1) * sizeof(int));
	g->to = tm_xmalloc((slots ? slots : 1) * sizeof(int));
	g->idx = tm_xmalloc((slots ? slots : 1) * sizeof(int));
	g->used = 0;
}

static void graph_add(graph *g, int from, int to, int edge_index)
{
	int s = g->used++;
	g->to[s] = to;
	g->idx[s] = edge_index;
	g->next[s] = g->head[from];
	g->head[from] = s;
}

static void graph_free(graph *g)
{
	free(g->head);
	free(g->next);
	free(g->to);
	free(g->idx);
}

/* Tarjan's strongly connected components, without recursion: comp[v] for each node. */
static void components(const graph *g, int *comp)
{
	int n = g->n, counter = 0, ncomp = 0, sp = 0, cs = 0;
	int *index = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int *low = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int *stack = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	bool *on = tm_xcalloc((size_t)(n ? n : 1), sizeof(bool));
	int *call = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int)); /* the DFS path */
	int *it = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));   /* each node's next edge slot */
	for (int i = 0; i < n; i++)
		index[i] = -1;
	for (int root = 0; root < n; root++) {
		if (index[root] >= 0)
			continue;
		call[cs++] = root;
		index[root] = low[root] = counter++;
		stack[sp++] = root;
		on[root] = true;
		it[root] = g->head[root];
		while (cs) {
			int v = call[cs - 1];
			if (it[v] >= 0) {
				int s = it[v];
				it[v] = g->next[s];
				int w = g->to[s];
				if (index[w] < 0) {
					index[w] = low[w] = counter++;
					stack[sp++] = w;
					on[w] = true;
					it[w] = g->head[w];
					call[cs++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				int w;
				do {
					w = stack[--sp];
					on[w] = false;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			cs--;
			if (cs) {
				int u = call[cs - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	free(index);
	free(low);
	free(stack);
	free(on);
	free(call);
	free(it);
}

/* A path from `from` to `to` over the kept edges of g (nodes of one component): filled into path
 * (from … to), its length returned, 0 when there is none. mark/prev are scratch of g->n. */
static int find_path(const graph *g, int from, int to, int *mark, int stamp, int *prev, int *queue, int *path)
{
	int head = 0, tail = 0;
	queue[tail++] = from;
	mark[from] = stamp;
	prev[from] = -1;
	while (head < tail) {
		int v = queue[head++];
		if (v == to)
			break;
		for (int s = g->head[v]; s >= 0; s = g->next[s]) {
			int w = g->to[s];
			if (mark[w] != stamp) {
				mark[w] = stamp;
				prev[w] = v;
				queue[tail++] = w;
			}
		}
	}
	if (mark[to] != stamp)
		return 0;
	int len = 0;
	for (int v = to; v >= 0; v = prev[v])
		path[len++] = v;
	for (int i = 0; i < len / 2; i++) {
		int x = path[i];
		path[i] = path[len - 1 - i];
		path[len - 1 - i] = x;
	}
	return len;
}

void tm_import_acyclic(int n, tm_import_edge *edges, size_t n_edges, size_t first_droppable, tm_import_loops *loops)
{
	graph all, kept;
	int *comp = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	graph_init(&all, n, n_edges);
	for (size_t i = 0; i < n_edges; i++)
		if (!edges[i].dropped)
			graph_add(&all, edges[i].task, edges[i].after, (int)i);
	components(&all, comp);
	/* Only edges inside a component can close a cycle: add them one by one in order, each after
	 * checking that its far end does not already reach its near end. */
	graph_init(&kept, n, n_edges);
	int *mark = tm_xcalloc((size_t)(n ? n : 1), sizeof(int));
	int *prev = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int *queue = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int *path = tm_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int stamp = 0;
	for (size_t i = 0; i < n_edges; i++) {
		tm_import_edge *e = &edges[i];
		if (e->dropped || comp[e->task] != comp[e->after])
			continue;
		if (i >= first_droppable) {
			int len = find_path(&kept, e->after, e->task, mark, ++stamp, prev, queue, path);
			if (len) {
				e->dropped = true;
				if (loops) {
					tm_import_loop *l = TM_VEC_PUSH(loops);
					l->edge = i;
					l->n = len + 1;
					l->path = tm_xmalloc((size_t)(len + 1) * sizeof(int));
					l->path[0] = e->task;
					memcpy(l->path + 1, path, (size_t)len * sizeof(int));
				}
				continue;
			}
		}
		graph_add(&kept, e->task, e->after, (int)i);
	}
	free(mark);
	free(prev);
	free(queue);
	free(path);
	free(comp);
	graph_free(&all);
	graph_free(&kept);
}

/* ---- the map and the whole file ---- */

int tm_import_map_parse(const char *text, tm_import_map *out, tm_error *err)
{
	memset(out, 0, sizeof(*out));
	const char *p = text ? text : "";
	while (*p) {
		char header[128], field[24];
		size_t h = 0;
		while (*p == ' ')
			p++;
		if (*p == '"') { /* a quoted header: "Owner, main"=owner */
			p++;
			while (*p && *p != '"' && h + 1 < sizeof(header))
				header[h++] = *p++;
			if (*p != '"')
				return tm_fail_field(err, TM_EINVAL, "map", "a quote that is never closed in '%.80s'", text);
			p++;
		} else {
			while (*p && *p != '=' && *p != ',' && h + 1 < sizeof(header))
				header[h++] = *p++;
		}
		while (h && header[h - 1] == ' ')
			h--;
		header[h] = '\0';
		if (*p != '=' || !h)
			return tm_fail_field(err, TM_EINVAL, "map",
					     "'%.80s' is not HEADER=FIELD (such as 'Task Name=title,Owner=owner')", text);
		p++;
		size_t k = 0;
		while (*p == ' ')
			p++;
		while (*p && *p != ',' && k + 1 < sizeof(field))
			field[k++] = *p++;
		while (k && field[k - 1] == ' ')
			k--;
		field[k] = '\0';
		if (field_by_name(field) == F_NONE) {
			tm_buf known = TM_BUF_INIT;
			for (int i = 0; tm_import_fields[i]; i++)
				tm_buf_printf(&known, "%s%s", i ? ", " : "", tm_import_fields[i]);
			int rc = tm_fail_field(err, TM_EINVAL, "map", "unknown task field '%.40s' for '%s' (%s)", field, header,
					       known.s);
			tm_buf_release(&known);
			return rc;
		}
		if (out->n == (int)(sizeof(out->v) / sizeof(out->v[0])))
			return tm_fail_field(err, TM_EINVAL, "map", "more than %d headers mapped",
					     (int)(sizeof(out->v) / sizeof(out->v[0])));
		snprintf(out->v[out->n].header, sizeof(out->v[0].header), "%s", header);
		snprintf(out->v[out->n].field, sizeof(out->v[0].field), "%s", field);
		out->n++;
		if (*p == ',')
			p++;
	}
	return 0;
}

int tm_import_parse(int source, const char *text, size_t len, const tm_import_map *map, tm_import_file *out,
		    tm_error *err)
{
	reader r = { .f = out, .map = map, .err = err, .source = source, .cell = TM_BUF_INIT };
	memset(out, 0, sizeof(*out));
	out->pool = (tm_buf)TM_BUF_INIT;
	out->source = source;
	tm_buf_addc(&out->pool, '\0'); /* offset 0: "" */
	if (source < 0 || source >= TM_IMPORT_N_SOURCES)
		return tm_fail_field(err, TM_EINVAL, "source", "unknown source");
	/* Another encoding: UTF-16 (a byte-order mark, or NULs between letters) is named as such. */
	if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
			 ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF)))
		return fail_at(err, 1, 1, "the file is UTF-16: save it as UTF-8 (CSV UTF-8)");
	int rc = tm_csv_parse(text ? text : "", text ? len : 0, read_row, &r, err);
	if (!rc && !r.header)
		rc = fail_at(err, 1, 1, "the file is empty: it needs a header row and a row per task");
	else if (!rc && !out->tasks.n)
		rc = fail_at(err, 2, 1, "no task after the header row: nothing to import");
	if (!rc)
		rc = resolve(out, err);
	if (!rc) {
		tm_import_acyclic((int)out->tasks.n, out->edges.v, out->edges.n, 0, &out->loops);
	}
	tm_buf_release(&r.cell);
	return rc;
}
