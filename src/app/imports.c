/*
 * imports.c - a launch's tasks brought in from Asana, Jira, Linear or a
 * generic CSV (issue 15); see imports.h.
 *
 * core/import.c reads the file into rows and the edges between them (cycles
 * among the rows already broken). Here, in one write transaction (or a
 * preview that takes it all back, for a dry run): the owners are matched to
 * people (by email, then by name) or made, each row becomes a new task or
 * updates the task an earlier import of the same tool made (tasks.source_id),
 * and the edges become dependencies. The dependencies among the tasks of
 * this source are the file's: those it no longer has are removed; those of
 * tasks made here by hand stay, and an edge of the file that would close a
 * cycle through them is skipped and reported like a cycle of the file. One
 * audit row records the import (as playbook apply records the tasks it adds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/imports.h"
#include "app/internal.h"
#include "core/text.h"

#include "util/banned.h"

const char *const tm_import_action_names[] = { "created", "changed", "unchanged", "skipped", NULL };

void tm_import_report_free(tm_import_report *r)
{
	if (!r)
		return;
	TM_VEC_FREE(&r->rows);
	TM_VEC_FREE(&r->people);
	TM_VEC_FREE(&r->cycles);
	TM_VEC_FREE(&r->notes);
	tm_buf_release(&r->pool);
}

const char *tm_import_text(const tm_import_report *r, uint32_t at)
{
	return r->pool.len && at < r->pool.len ? r->pool.s + at : "";
}

static uint32_t keep_text(tm_import_report *r, const char *s)
{
	size_t len = strlen(s);
	if (!len)
		return 0;
	uint32_t at = (uint32_t)r->pool.len;
	tm_buf_add(&r->pool, s, len + 1);
	return at;
}

/* Makes msg (released) err's message, cut to fit (before a character, not inside one). */
/* The reader's "line N: why" as "FILE:LINE:COLUMN: why". */
static int placed(const char *file, tm_error *err)
{
	if (err->code != TM_EINVAL || err->line <= 0 || err->file[0])
		return err->code;
	const char *why = strncmp(err->msg, "line ", 5) ? err->msg : strstr(err->msg, ": ");
	char copy[sizeof(err->msg)];
	snprintf(copy, sizeof(copy), "%s", why && why != err->msg ? why + 2 : err->msg);
	return tm_fail_at(err, file, err->line, err->column, "%s", copy);
}

/* ---- owners ---- */

/* An owner as the file names it, and the person it turned out to be. */
typedef struct owner {
	const char *name, *email;          /* the file's (pool texts) */
	int64_t person_id;                 /* 0: nobody */
	char person[TM_NAME_MAX + 1];
	int role;
	int unknown;                       /* index in the report's people, -1 */
} owner;
typedef TM_VEC(owner) owners;

/* A name for someone the file knows only by email: "dana.reyes@x" → "Dana Reyes". */
static void name_from_email(const char *email, char *out, size_t n)
{
	size_t k = 0;
	bool up = true;
	for (const char *p = email; *p && *p != '@' && k + 1 < n; p++) {
		char c = *p;
		if (c == '.' || c == '_' || c == '-' || c == '+') {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
			up = true;
			continue;
		}
		out[k++] = (char)(up && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
		up = false;
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

/* The role a person made by an import gets: the tool's people are engineers (Jira, Linear), or product
 * marketing's (Asana and spreadsheets: where launch plans are kept). */
static int role_for(int source)
{
	return source == TM_IMPORT_JIRA || source == TM_IMPORT_LINEAR ? TM_ROLE_ENG : TM_ROLE_PMM;
}

typedef struct job {
	tm_app *app;
	const tm_import_input *in;
	const char *file;
	tm_import_file f;
	tm_import_report *r;
	tm_launch launch;
	tm_people people;
	owners owners;
	int *owner_of;                     /* row → index in owners, -1 */
} job;

static int find_owner(job *j, const char *name, const char *email)
{
	for (size_t i = 0; i < j->owners.n; i++)
		if (!strcmp(j->owners.v[i].name, name) && !strcmp(j->owners.v[i].email, email))
			return (int)i;
	owner *o = TM_VEC_PUSH(&j->owners);
	o->name = name;
	o->email = email;
	o->role = TM_ROLE_NONE;
	o->unknown = -1;
	const tm_person *hit = NULL;
	for (size_t k = 0; k < j->people.n && !hit && *email; k++)
		if (j->people.v[k].email[0] && tm_text_equal_fold(j->people.v[k].email, email))
			hit = &j->people.v[k];
	for (size_t k = 0; k < j->people.n && !hit && *name; k++)
		if (tm_text_equal_fold(j->people.v[k].name, name))
			hit = &j->people.v[k];
	if (hit) {
		o->person_id = hit->id;
		snprintf(o->person, sizeof(o->person), "%s", hit->name);
		o->role = hit->role;
	}
	return (int)(j->owners.n - 1);
}

/* Matches every row's owner; makes the people no one matched when asked to (in the open transaction). */
static int match_owners(job *j, tm_error *err)
{
	tm_import_file *f = &j->f;
	int rc = 0;
	j->owner_of = tm_xmalloc((f->tasks.n ? f->tasks.n : 1) * sizeof(int));
	for (size_t i = 0; i < f->tasks.n && !rc; i++) {
		tm_import_task *t = &f->tasks.v[i];
		j->owner_of[i] = -1;
		if (t->skip || (!t->owner_name && !t->owner_email))
			continue;
		int k = find_owner(j, tm_import_str(f, t->owner_name), tm_import_str(f, t->owner_email));
		j->owner_of[i] = k;
		owner *o = &j->owners.v[k];
		if (o->person_id || o->unknown >= 0) {
			if (o->unknown >= 0)
				j->r->people.v[o->unknown].tasks++;
			continue;
		}
		tm_import_person *u = TM_VEC_PUSH(&j->r->people);
		o->unknown = (int)(j->r->people.n - 1);
		u->tasks = 1;
		snprintf(u->email, sizeof(u->email), "%s", o->email);
		if (*o->name)
			snprintf(u->name, sizeof(u->name), "%s", o->name);
		else
			name_from_email(o->email, u->name, sizeof(u->name));
		if (!j->in->create_people)
			continue;
		/* Through the person use case (its checks, its audit row), inside this transaction. */
		tm_person_input pin = { 0 };
		tm_person p;
		tm_error e = TM_ERROR_INIT;
		const char *role = tm_role_name(role_for(j->f.source));
		if (!(rc = tm_input_set(&tm_person_desc, "name", u->name, &pin, &e)) &&
		    !(rc = tm_input_set(&tm_person_desc, "role", role, &pin, &e)) && u->email[0])
			rc = tm_input_set(&tm_person_desc, "email", u->email, &pin, &e);
		if (!rc)
			rc = tm_app_person_add(j->app, &pin, &p, &e);
		if (rc == TM_ECONFLICT && !*o->name && u->email[0]) {
			/* The name made from the email is someone else's: the email itself is the name then. */
			tm_error_clear(&e);
			pin.given = 0;
			tm_buf alt = TM_BUF_INIT;
			tm_buf_printf(&alt, "%.60s (%.50s)", u->name, u->email);
			snprintf(u->name, sizeof(u->name), "%.*s", (int)strcspn(alt.s, "@"), alt.s);
			if (strchr(alt.s, '@'))
				snprintf(u->name + strlen(u->name), sizeof(u->name) - strlen(u->name), ")");
			tm_buf_release(&alt);
			if (!(rc = tm_input_set(&tm_person_desc, "name", u->name, &pin, &e)) &&
			    !(rc = tm_input_set(&tm_person_desc, "role", role, &pin, &e)))
				rc = tm_input_set(&tm_person_desc, "email", u->email, &pin, &e);
			if (!rc)
				rc = tm_app_person_add(j->app, &pin, &p, &e);
		}
		if (rc) {
			rc = tm_fail_at(err, j->file, t->line, t->owner_column, "the assignee '%s' cannot be added: %s", u->name, e.msg);
			break;
		}
		u->created = true;
		u->person_id = p.id;
		o->person_id = p.id;
		snprintf(o->person, sizeof(o->person), "%s", p.name);
		o->role = p.role;
	}
	return rc;
}

/* ---- tasks ---- */

typedef struct id_node {
	int64_t id;
	int node;
} id_node;

static int cmp_id_node(const void *a, const void *b)
{
	int64_t x = ((const id_node *)a)->id, y = ((const id_node *)b)->id;
	return x < y ? -1 : x > y;
}

static int cmp_source(const void *a, const void *b)
{
	return strcmp(((const tm_task_source *)a)->source_id, ((const tm_task_source *)b)->source_id);
}

/* The key a row is stored under: its id, or (a generic row without one) its title, cut to fit. */
static void row_key(const tm_import_file *f, const tm_import_task *t, char out[128])
{
	const char *k = tm_import_str(f, t->source_id ? t->source_id : t->title);
	size_t n = strlen(k);
	if (n > 127) {
		n = 127;
		while (n && ((unsigned char)k[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, k, n);
	out[n] = '\0';
}

/* The due a row gives, as the task keeps it: a date, or (as_offsets, or an offset in the file) an
 * offset from T in calendar days that resolves to it. */
static void row_due(job *j, const tm_import_task *t, tm_task *task, bool *far)
{
	*far = false;
	task->has_due = t->has_due;
	task->has_offset = false;
	if (!t->has_due)
		return;
	if (t->due.is_offset) {
		task->has_offset = true;
		task->offset = t->due.offset;
		task->due = tm_offset_resolve(&t->due.offset, j->launch.date, tm_app_calendar(j->app));
		return;
	}
	task->due = t->due.date;
	if (!j->in->as_offsets)
		return;
	int days = t->due.date - j->launch.date;
	if (days < -TM_OFFSET_MAX_AMOUNT || days > TM_OFFSET_MAX_AMOUNT) {
		*far = true;
		return;
	}
	task->has_offset = true;
	task->offset.amount = days;
	task->offset.unit = TM_UNIT_DAY;
	task->due = tm_offset_resolve(&task->offset, j->launch.date, tm_app_calendar(j->app));
}

static void add_change(char *list, size_t n, const char *what)
{
	size_t len = strlen(list);
	snprintf(list + len, n - len, "%s%s", len ? ", " : "", what);
}

/* Fills task from row i; `changes` gets the fields that differ from what it was (an existing task). */
static void fill_task(job *j, size_t i, tm_task *task, bool existing, char *changes, size_t n)
{
	tm_import_file *f = &j->f;
	const tm_import_task *t = &f->tasks.v[i];
	tm_task was = *task;
	const char *title = tm_import_str(f, t->title);
	const char *section = tm_import_str(f, t->section);
	snprintf(task->title, sizeof(task->title), "%s", title);
	if (*section)
		snprintf(task->section, sizeof(task->section), "%s", section);
	else if (!existing)
		snprintf(task->section, sizeof(task->section), "Other");
	int k = j->owner_of[i];
	task->owner_id = k >= 0 ? j->owners.v[k].person_id : 0;
	snprintf(task->owner, sizeof(task->owner), "%s", k >= 0 && task->owner_id ? j->owners.v[k].person : "");
	if (!existing)
		task->role = k >= 0 && task->owner_id ? j->owners.v[k].role : TM_ROLE_NONE;
	bool far;
	row_due(j, t, task, &far);
	if (far)
		tm_note_add(&j->r->notes, "line %d: '%.80s' is due more than %d days from T: kept as a date", t->line, title,
			    TM_OFFSET_MAX_AMOUNT);
	task->milestone = t->milestone;
	if (t->has_effort)
		task->effort_days = t->effort_days;
	else if (!existing)
		task->effort_days = t->milestone ? 0 : 1;
	if (task->milestone)
		task->effort_days = 0;
	task->status = t->status;
	if (!existing)
		return;
	changes[0] = '\0';
	if (strcmp(was.title, task->title))
		add_change(changes, n, "title");
	if (strcmp(was.section, task->section))
		add_change(changes, n, "section");
	if (was.owner_id != task->owner_id)
		add_change(changes, n, "owner");
	if (was.has_due != task->has_due || was.has_offset != task->has_offset ||
	    (task->has_due && was.due != task->due) ||
	    (task->has_offset && (was.offset.amount != task->offset.amount || was.offset.unit != task->offset.unit)))
		add_change(changes, n, "due");
	if (was.effort_days != task->effort_days)
		add_change(changes, n, "effort");
	if (was.status != task->status)
		add_change(changes, n, "status");
	if (was.milestone != task->milestone)
		add_change(changes, n, "milestone");
}

static void report_row(job *j, size_t i, int action, int64_t task_id, const tm_task *task, const char *reason)
{
	tm_import_file *f = &j->f;
	const tm_import_task *t = &f->tasks.v[i];
	tm_import_row *row = &j->r->rows.v[i];
	row->line = t->line;
	row->action = action;
	row->task_id = task_id;
	row->source_id = keep_text(j->r, tm_import_str(f, t->source_id));
	row->title = keep_text(j->r, tm_import_str(f, t->title));
	row->parent = t->parent >= 0 ? keep_text(j->r, tm_import_str(f, f->tasks.v[t->parent].title)) : 0;
	row->reason = keep_text(j->r, reason ? reason : "");
	if (!task) {
		row->section = keep_text(j->r, tm_import_str(f, t->section));
		row->status = t->status;
		return;
	}
	row->section = keep_text(j->r, task->section);
	row->owner = keep_text(j->r, task->owner);
	if (task->has_offset)
		tm_offset_format(&task->offset, row->due);
	else if (task->has_due)
		tm_date_format(task->due, row->due);
	row->effort_days = task->effort_days;
	row->status = task->status;
}

/* Writes every row: each new task, or the update of the task an earlier import made. ids[i] gets row
 * i's task (0: skipped). */
static int write_tasks(job *j, tm_tasks *had, int64_t *ids, tm_error *err)
{
	tm_store *st = j->app->st;
	tm_import_file *f = &j->f;
	const char *source = tm_import_source_names[f->source];
	tm_task_sources sources = TM_VEC_INIT;
	int rc = st->ops->imports->sources(st, j->launch.id, source, &sources, err);
	if (rc)
		return rc;
	if (sources.n)
		qsort(sources.v, sources.n, sizeof(*sources.v), cmp_source);
	/* The launch's tasks by id, to find an earlier import's. */
	id_node *by_id = tm_xmalloc((had->n ? had->n : 1) * sizeof(*by_id));
	int position = 0;
	for (size_t k = 0; k < had->n; k++) {
		by_id[k].id = had->v[k].id;
		by_id[k].node = (int)k;
		if (had->v[k].position > position)
			position = had->v[k].position;
	}
	if (had->n)
		qsort(by_id, had->n, sizeof(*by_id), cmp_id_node);
	bool *seen = tm_xcalloc(sources.n ? sources.n : 1, sizeof(bool));
	TM_VEC_GROW(&j->r->rows, f->tasks.n);
	j->r->rows.n = f->tasks.n;
	memset(j->r->rows.v, 0, f->tasks.n * sizeof(*j->r->rows.v));
	for (size_t i = 0; i < f->tasks.n && !rc; i++) {
		const tm_import_task *t = &f->tasks.v[i];
		ids[i] = 0;
		tm_task_source key = { 0 };
		row_key(f, t, key.source_id);
		tm_task_source *src =
			sources.n ? bsearch(&key, sources.v, sources.n, sizeof(*sources.v), cmp_source) : NULL;
		id_node *hit = NULL;
		if (src) {
			id_node probe = { src->task_id, 0 };
			hit = had->n ? bsearch(&probe, by_id, had->n, sizeof(*by_id), cmp_id_node) : NULL;
			seen[src - sources.v] = true;
		}
		if (t->skip && hit && had->v[hit->node].status != TM_TASK_SKIPPED) {
			/* Cancelled in the tool since an earlier import made it: skipped here too. */
			tm_task *task = &had->v[hit->node];
			char why[200];
			task->status = TM_TASK_SKIPPED;
			if ((rc = st->ops->tasks->update(st, task, err)))
				break;
			snprintf(why, sizeof(why), "status (%s)", tm_import_str(f, t->reason));
			report_row(j, i, TM_IMPORT_CHANGED, task->id, task, why);
			j->r->changed++;
			continue;
		}
		if (t->skip) {
			report_row(j, i, TM_IMPORT_SKIPPED, hit ? had->v[hit->node].id : 0, NULL, tm_import_str(f, t->reason));
			j->r->rows.v[i].status = TM_TASK_SKIPPED;
			j->r->skipped++;
			continue;
		}
		char changes[120] = "";
		if (hit) {
			tm_task *task = &had->v[hit->node];
			fill_task(j, i, task, true, changes, sizeof(changes));
			if (changes[0] && (rc = st->ops->tasks->update(st, task, err)))
				break;
			ids[i] = task->id;
			report_row(j, i, changes[0] ? TM_IMPORT_CHANGED : TM_IMPORT_UNCHANGED, task->id, task, changes);
			if (changes[0])
				j->r->changed++;
			else
				j->r->unchanged++;
			continue;
		}
		tm_task task;
		memset(&task, 0, sizeof(task));
		task.launch_id = j->launch.id;
		snprintf(task.launch_slug, sizeof(task.launch_slug), "%s", j->launch.slug);
		task.co_role = TM_ROLE_NONE;
		task.required = true;
		task.position = ++position;
		fill_task(j, i, &task, false, changes, sizeof(changes));
		if ((rc = st->ops->tasks->add(st, &task, err)) ||
		    (rc = st->ops->imports->set_source(st, task.id, source, key.source_id, err)))
			break;
		ids[i] = task.id;
		report_row(j, i, TM_IMPORT_CREATED, task.id, &task, NULL);
		j->r->created++;
	}
	size_t left = 0;
	for (size_t k = 0; k < sources.n; k++)
		left += !seen[k];
	if (!rc && left)
		tm_note_add(&j->r->notes, "%zu %s imported from %s earlier %s not in this file: left as %s", left,
			    tm_plural((long long)left, "task", "tasks"), source, left == 1 ? "is" : "are",
			    left == 1 ? "it is" : "they are");
	free(seen);
	free(by_id);
	TM_VEC_FREE(&sources);
	return rc;
}

/* ---- dependencies ---- */

static void cycle_text(job *j, const int *path, int n, const int64_t *node_task, const tm_tasks *all,
		       const tm_tasks *made, int line)
{
	/* Titles: a node is a task of the launch (all), or one made by this import (made). */
	tm_import_cycle *c = TM_VEC_PUSH(&j->r->cycles);
	tm_buf b = TM_BUF_INIT;
	(void)node_task;
	for (int k = 0; k < n; k++) {
		int v = path[k];
		const char *title = (size_t)v < all->n ? all->v[v].title : made->v[(size_t)v - all->n].title;
		tm_buf_printf(&b, "%s%s", k ? " → " : "", title);
		if (k == 0)
			snprintf(c->task, sizeof(c->task), "%s", title);
		if (k == 1)
			snprintf(c->after, sizeof(c->after), "%s", title);
	}
	snprintf(c->path, sizeof(c->path), "%s", b.s);
	if (b.len >= sizeof(c->path)) { /* cut before a character, with an ellipsis */
		size_t cut = sizeof(c->path) - 4;
		while (cut && ((unsigned char)c->path[cut] & 0xC0) == 0x80)
			cut--;
		snprintf(c->path + cut, sizeof(c->path) - cut, "…");
	}
	c->line = line;
	tm_buf_release(&b);
}

/*
 * The file's edges become dependencies. Nodes: the launch's tasks before the import (had), then the
 * tasks the import made. Edges kept as they are: the dependencies not between two tasks of the file.
 * Those between two of its tasks are the file's to say: removed when it no longer has them.
 */
static int write_deps(job *j, const tm_tasks *had, const int64_t *ids, tm_error *err)
{
	tm_store *st = j->app->st;
	tm_import_file *f = &j->f;
	tm_deps deps = TM_VEC_INIT;
	tm_import_edges g = TM_VEC_INIT;
	tm_tasks made = TM_VEC_INIT;
	tm_import_loops loops = TM_VEC_INIT;
	int rc = st->ops->tasks->dep_list(st, j->launch.id, &deps, err);
	if (rc)
		return rc;
	/* Node of each task id: the launch's tasks, then the new ones (in row order). */
	size_t n_nodes = had->n;
	for (size_t i = 0; i < f->tasks.n; i++)
		if (j->r->rows.v[i].action == TM_IMPORT_CREATED)
			n_nodes++;
	id_node *map = tm_xmalloc((n_nodes ? n_nodes : 1) * sizeof(*map));
	int64_t *node_task = tm_xmalloc((n_nodes ? n_nodes : 1) * sizeof(*node_task));
	size_t m = 0;
	for (size_t k = 0; k < had->n; k++, m++) {
		map[m].id = node_task[m] = had->v[k].id;
		map[m].node = (int)m;
	}
	for (size_t i = 0; i < f->tasks.n; i++)
		if (j->r->rows.v[i].action == TM_IMPORT_CREATED) {
			tm_task *t = TM_VEC_PUSH(&made);
			snprintf(t->title, sizeof(t->title), "%s", tm_import_str(f, f->tasks.v[i].title));
			map[m].id = node_task[m] = ids[i];
			map[m].node = (int)m;
			m++;
		}
	qsort(map, n_nodes, sizeof(*map), cmp_id_node);
#define NODE(id) (((id_node *)bsearch(&(id_node){ (id), 0 }, map, n_nodes, sizeof(*map), cmp_id_node))->node)
	/* Which tasks are the file's. */
	bool *of_file = tm_xcalloc(n_nodes ? n_nodes : 1, sizeof(bool));
	for (size_t i = 0; i < f->tasks.n; i++)
		if (ids[i])
			of_file[NODE(ids[i])] = true;
	/* The file's edges as node pairs (kept ones only: the reader dropped its own cycles). */
	tm_import_edges want = TM_VEC_INIT;
	int *edge_row = NULL;
	for (size_t e = 0; e < f->edges.n; e++) {
		const tm_import_edge *fe = &f->edges.v[e];
		if (fe->dropped || !ids[fe->task] || !ids[fe->after])
			continue;
		tm_import_edge *w = TM_VEC_PUSH(&want);
		w->task = NODE(ids[fe->task]);
		w->after = NODE(ids[fe->after]);
		w->subtask = fe->subtask;
	}
	edge_row = tm_xmalloc((want.n ? want.n : 1) * sizeof(int));
	{
		size_t w = 0;
		for (size_t e = 0; e < f->edges.n; e++) {
			const tm_import_edge *fe = &f->edges.v[e];
			if (fe->dropped || !ids[fe->task] || !ids[fe->after])
				continue;
			edge_row[w++] = fe->row;
		}
	}
	/* Existing dependencies: between two of the file's tasks, kept only if the file has them. */
	uint64_t *wanted = tm_xcalloc(want.n * 2 + 16, sizeof(uint64_t));
	size_t wcap = want.n * 2 + 16;
	for (size_t w = 0; w < want.n; w++) {
		uint64_t k = ((uint64_t)(uint32_t)want.v[w].task << 32 | (uint32_t)want.v[w].after) + 1;
		size_t s = (size_t)(k * 0x9E3779B97F4A7C15ull) % wcap;
		while (wanted[s] && wanted[s] != k)
			s = (s + 1) % wcap;
		wanted[s] = k;
	}
	uint64_t *present = tm_xcalloc(deps.n * 2 + 16, sizeof(uint64_t));
	size_t pcap = deps.n * 2 + 16;
	for (size_t d = 0; d < deps.n && !rc; d++) {
		int a = NODE(deps.v[d].task), b = NODE(deps.v[d].after);
		uint64_t k = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1;
		if (of_file[a] && of_file[b]) {
			size_t s = (size_t)(k * 0x9E3779B97F4A7C15ull) % wcap;
			while (wanted[s] && wanted[s] != k)
				s = (s + 1) % wcap;
			if (!wanted[s]) {
				bool removed = false;
				rc = st->ops->tasks->dep_rm(st, deps.v[d].task, deps.v[d].after, &removed, err);
				continue;
			}
		}
		size_t s = (size_t)(k * 0x9E3779B97F4A7C15ull) % pcap;
		while (present[s] && present[s] != k)
			s = (s + 1) % pcap;
		present[s] = k;
		tm_import_edge *e = TM_VEC_PUSH(&g);
		e->task = a;
		e->after = b;
	}
	size_t fixed = g.n;
	/* Then the file's edges the launch lacks, each checked against cycles through the ones kept. */
	int *g_row = tm_xmalloc((want.n ? want.n : 1) * sizeof(int));
	for (size_t w = 0; w < want.n && !rc; w++) {
		uint64_t k = ((uint64_t)(uint32_t)want.v[w].task << 32 | (uint32_t)want.v[w].after) + 1;
		size_t s = (size_t)(k * 0x9E3779B97F4A7C15ull) % pcap;
		while (present[s] && present[s] != k)
			s = (s + 1) % pcap;
		if (present[s])
			continue;
		g_row[g.n - fixed] = edge_row[w];
		*TM_VEC_PUSH(&g) = want.v[w];
	}
	if (!rc)
		tm_import_acyclic((int)n_nodes, g.v, g.n, fixed, &loops);
	for (size_t e = fixed; e < g.n && !rc; e++)
		if (!g.v[e].dropped)
			rc = st->ops->tasks->dep_add(st, node_task[g.v[e].task], node_task[g.v[e].after], err);
	for (size_t l = 0; l < loops.n && !rc; l++) {
		cycle_text(j, loops.v[l].path, loops.v[l].n, node_task, had, &made,
			   f->tasks.v[g_row[loops.v[l].edge - fixed]].line);
		j->r->dependencies_skipped++;
	}
	/* What the report counts: each row's kept edges. */
	if (!rc) {
		j->r->dependencies = (int)want.n - (int)loops.n;
		for (size_t i = 0; i < f->tasks.n; i++)
			j->r->rows.v[i].n_depends = 0;
		for (size_t e = 0; e < f->edges.n; e++) {
			const tm_import_edge *fe = &f->edges.v[e];
			if (!fe->dropped && ids[fe->task] && ids[fe->after])
				j->r->rows.v[fe->task].n_depends++;
		}
		for (size_t l = 0; l < loops.n; l++) {
			const tm_import_edge *ge = &g.v[loops.v[l].edge];
			for (size_t i = 0; i < f->tasks.n; i++)
				/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): a loop is made of g's edges: g.v is set */
				if (ids[i] == node_task[ge->task] && j->r->rows.v[i].n_depends > 0) {
					j->r->rows.v[i].n_depends--;
					break;
				}
		}
	}
#undef NODE
	free(g_row);
	free(present);
	free(wanted);
	free(edge_row);
	TM_VEC_FREE(&want);
	free(of_file);
	free(map);
	free(node_task);
	tm_import_loops_free(&loops);
	TM_VEC_FREE(&g);
	tm_tasks_free(&made);
	TM_VEC_FREE(&deps);
	return rc;
}

/* The reader's own findings: cycles among the rows, references to nothing. */
static void report_file(job *j)
{
	tm_import_file *f = &j->f;
	tm_tasks none = TM_VEC_INIT, titles = TM_VEC_INIT;
	if (f->loops.n) {
		for (size_t i = 0; i < f->tasks.n; i++)
			snprintf(TM_VEC_PUSH(&titles)->title, sizeof(none.v->title), "%s", tm_import_str(f, f->tasks.v[i].title));
		for (size_t l = 0; l < f->loops.n; l++) {
			const tm_import_edge *e = &f->edges.v[f->loops.v[l].edge];
			int line = f->tasks.v[e->row].line;
			cycle_text(j, f->loops.v[l].path, f->loops.v[l].n, NULL, &none, &titles, line);
		}
	}
	j->r->dependencies_skipped += (int)f->loops.n + (int)f->loose.n;
	for (size_t k = 0; k < f->loose.n; k++) {
		const tm_import_loose *lo = &f->loose.v[k];
		tm_note_add(&j->r->notes, "line %d: '%.60s' waits for '%.60s', %s: that dependency is skipped",
			    f->tasks.v[lo->task].line, tm_import_str(f, f->tasks.v[lo->task].title), tm_import_str(f, lo->ref),
			    lo->why);
	}
	if (f->ignored[0])
		tm_note_add(&j->r->notes, "columns not read: %.240s%s", f->ignored, strlen(f->ignored) > 240 ? " …" : "");
	tm_tasks_free(&titles);
}

static int audit(job *j, tm_error *err)
{
	json_t *created = json_array(), *changed = json_array();
	for (size_t i = 0; i < j->r->rows.n; i++) {
		const tm_import_row *row = &j->r->rows.v[i];
		if (row->action == TM_IMPORT_CREATED)
			json_array_append_new(created, json_integer(row->task_id));
		else if (row->action == TM_IMPORT_CHANGED)
			json_array_append_new(changed, json_integer(row->task_id));
	}
	json_t *after = json_pack("{s:s, s:s, s:o, s:o, s:i, s:i}", "source", tm_import_source_names[j->f.source], "file",
				  j->file, "created", created, "changed", changed, "dependencies", j->r->dependencies,
				  "skipped", j->r->skipped);
	return tm_app_audit(j->app, "launch.import", NULL, after, err, "launch %lld", (long long)j->launch.id);
}

int tm_app_import(tm_app *app, const tm_import_input *in, const char *file_name, const char *text, size_t len,
		  tm_import_report *out, tm_error *err)
{
	tm_store *st = app->st;
	job j = { .app = app, .in = in, .r = out };
	tm_import_map map = { 0 };
	tm_tasks had = TM_VEC_INIT;
	int64_t *ids = NULL;
	bool nested = false, open = false;
	int rc;

	memset(out, 0, sizeof(*out));
	out->pool = (tm_buf)TM_BUF_INIT;
	tm_buf_addc(&out->pool, '\0'); /* offset 0: "" */
	j.file = file_name && *file_name ? file_name : "import";
	snprintf(out->file, sizeof(out->file), "%s", j.file);
	if ((rc = tm_input_check(&tm_import_desc, TM_IN_CREATE, in, err)))
		return rc;
	out->source = in->source;
	out->dry_run = in->dry_run;
	if (TM_GIVEN(in, TM_IMP_MAP) && (rc = tm_import_map_parse(in->map, &map, err)))
		return rc;
	if ((rc = st->ops->launches->find(st, in->launch, &j.launch, err)))
		return rc;
	snprintf(out->launch, sizeof(out->launch), "%s", j.launch.slug);
	out->launch_id = j.launch.id;
	if (tm_import_parse(in->source, text, len, &map, &j.f, err)) {
		rc = placed(j.file, err);
		goto out;
	}
	out->n_rows = (int)j.f.tasks.n;
	if ((rc = in->dry_run ? tm_app_preview_begin(app, &nested, err) : st->ops->tx->begin(st, true, err)))
		goto out;
	/* NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores): kept in step with the transaction, for a goto out below */
	open = true;
	ids = tm_xcalloc(j.f.tasks.n ? j.f.tasks.n : 1, sizeof(*ids));
	if (!(rc = st->ops->people->list(st, &j.people, err)) && !(rc = match_owners(&j, err)) &&
	    !(rc = st->ops->tasks->list(st, j.launch.id, NULL, &had, err)) && !(rc = write_tasks(&j, &had, ids, err)))
		rc = write_deps(&j, &had, ids, err);
	if (!rc)
		report_file(&j);
	if (!rc && !in->dry_run && (out->created || out->changed || out->people.n))
		rc = audit(&j, err);
	if (in->dry_run)
		tm_app_preview_end(app, nested);
	else
		rc = tm_store_finish(st, rc, err);
	open = false;
	if (!rc && in->dry_run) { /* nothing was made: no ids to show */
		for (size_t i = 0; i < out->rows.n; i++)
			if (out->rows.v[i].action == TM_IMPORT_CREATED)
				out->rows.v[i].task_id = 0;
		for (size_t i = 0; i < out->people.n; i++)
			out->people.v[i].person_id = 0;
	}
out:
	if (open)
		st->ops->tx->rollback(st);
	free(ids);
	free(j.owner_of);
	TM_VEC_FREE(&j.owners);
	TM_VEC_FREE(&j.people);
	tm_tasks_free(&had);
	tm_import_file_release(&j.f);
	return rc;
}
