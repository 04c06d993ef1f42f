/*
 * sqlite.c - the SQLite backend of the store interface.
 *
 * A thin layer in Fossil's manner: statements are prepared once, cached by
 * their SQL text's address, bound by name, stepped and reset. Parameters are
 * always bound, never pasted into SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

/* ---- transactions ---- */

/*
 * Transactions nest so a use case can run inside a larger one (the demo
 * adds launches through the same use case a user calls): inner begin and
 * commit only count, and an inner rollback always reaches the outer caller
 * as an error, which rolls the whole back.
 */
/* Runs one of the transaction statements, prepared once. */
static int sq_tx(struct sq *s, const char *sql, const char *what, tm_error *err)
{
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

static const char sql_begin[] = "BEGIN", sql_begin_write[] = "BEGIN IMMEDIATE", sql_commit[] = "COMMIT",
		  sql_rollback[] = "ROLLBACK", sql_savepoint[] = "SAVEPOINT step", sql_release[] = "RELEASE step",
		  sql_rollback_to[] = "ROLLBACK TO step";

static const char sql_mark[] = "PRAGMA application_id = " TM_SQLITE_APPLICATION_ID_TEXT;

static int sq_begin(tm_store *st, bool write, tm_error *err)
{
	struct sq *s = SQ(st);
	if (s->depth) {
		s->depth++;
		return 0;
	}
	if (write && s->readonly)
		return sq_readonly_fail(s, err);
	s->depth = 1;
	int rc = sq_tx(s, write ? sql_begin_write : sql_begin, "starting a transaction", err);
	/* A workspace made before workspaces were marked gets its mark with its first write. */
	if (!rc && write && s->unmarked)
		rc = sq_tx(s, sql_mark, "marking the workspace", err);
	if (rc) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->depth = 0;
	}
	return rc;
}

static int sq_commit(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	if (s->depth > 1) {
		s->depth--;
		return 0;
	}
	s->depth = 0;
	s->n_sp = 0;
	int rc = sq_tx(s, sql_commit, "committing", err);
	if (rc) {
		tm_error ignored = TM_ERROR_INIT;
		sq_tx(s, sql_rollback, "rolling back", &ignored);
	} else {
		s->unmarked = false;
	}
	return rc;
}

static void sq_rollback(tm_store *st)
{
	struct sq *s = SQ(st);
	if (s->depth > 1) {
		s->depth--;
		return;
	}
	tm_error ignored = TM_ERROR_INIT;
	if (s->depth)
		sq_tx(s, sql_rollback, "rolling back", &ignored);
	s->depth = 0;
	s->n_sp = 0;
}

static int sq_savepoint(tm_store *st, tm_error *err)
{
	struct sq *s = SQ(st);
	if (!s->depth || s->n_sp >= (int)(sizeof(s->sp_depth) / sizeof(s->sp_depth[0])))
		return tm_fail(err, TM_EINTERNAL, "a savepoint needs an open transaction (and at most 8 at once)");
	int rc = sq_tx(s, sql_savepoint, "starting a savepoint", err);
	if (!rc)
		s->sp_depth[s->n_sp++] = s->depth;
	return rc;
}

static int sq_savepoint_end(tm_store *st, bool undo, tm_error *err)
{
	struct sq *s = SQ(st);
	if (!s->n_sp)
		return tm_fail(err, TM_EINTERNAL, "no savepoint to end");
	/* Whatever the step left open inside is closed with it. */
	s->depth = s->sp_depth[--s->n_sp];
	int rc = undo ? sq_tx(s, sql_rollback_to, "undoing a savepoint", err) : 0;
	return rc ? rc : sq_tx(s, sql_release, "ending a savepoint", err);
}

static bool sq_in_transaction(tm_store *st)
{
	return !sqlite3_get_autocommit(SQ(st)->db);
}

static void sq_close(tm_store *st)
{
	struct sq *s = SQ(st);
	if (!s)
		return;
	if (s->depth) {
		s->depth = 1;
		sq_rollback(st);
	}
	for (int i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].st);
	sqlite3_close(s->db);
	free(s);
}

/* ---- settings ---- */

static int sq_setting_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT value FROM settings WHERE key = :key";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":key", key);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		tm_buf_adds(out, (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a setting");
}

static int sq_setting_set(tm_store *st, const char *key, const char *value, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char set[] = "INSERT INTO settings(key, value) VALUES(:key, :value) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM settings WHERE key = :key";
	sqlite3_stmt *q = sq_stmt(s, value ? set : del, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":key", key);
	if (value)
		sq_bind_text(q, ":value", value);
	return sq_exec_stmt(s, q, "saving a setting", err);
}

/* ---- people ---- */

#define PERSON_COLS "id, name, coalesce(email, ''), role, capacity"

static void read_person(sqlite3_stmt *q, tm_person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(q, 0);
	sq_col_text(q, 1, p->name, sizeof(p->name));
	sq_col_text(q, 2, p->email, sizeof(p->email));
	p->role = tm_role_parse((const char *)sqlite3_column_text(q, 3));
	p->capacity = sqlite3_column_int(q, 4);
}

static int sq_person_add(tm_store *st, tm_person *p, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO people(name, email, role, capacity) "
				  "VALUES(:name, :email, :role, :capacity)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", p->name);
	sq_bind_text_or_null(q, ":email", p->email);
	sq_bind_text(q, ":role", tm_role_name(p->role));
	sq_bind_int(q, ":capacity", p->capacity);
	int rc = sq_exec_stmt(s, q, "adding a person", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "a person named '%s'%s%s%s already exists", p->name,
			       p->email[0] ? " or with email '" : "", p->email, p->email[0] ? "'" : "");
	if (!rc)
		p->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int one_person(struct sq *s, sqlite3_stmt *q, tm_person *out, const char *ref, tm_error *err)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_person(q, out);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a person");
	return tm_fail(err, TM_ENOTFOUND, "unknown person '%s'", ref);
}

static int sq_person_get(tm_store *st, int64_t id, tm_person *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_person(s, q, out, ref, err);
}

static int sq_person_find(tm_store *st, const char *ref, tm_person *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people "
				  "WHERE name = :ref OR email = :ref OR CAST(id AS TEXT) = :ref "
				  "ORDER BY name = :ref DESC LIMIT 1";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":ref", ref);
	return one_person(s, q, out, ref, err);
}

static int sq_person_list(tm_store *st, tm_people *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " PERSON_COLS " FROM people ORDER BY name";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_person(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing people");
}

/* ---- launches ---- */

#define LAUNCH_COLS                                                                     \
	"l.id, l.slug, l.name, l.tier, l.date, l.status, l.confidence, "               \
	"coalesce(l.pm_id, 0), coalesce(pm.name, ''), coalesce(l.marketing_id, 0), "   \
	"coalesce(mk.name, ''), l.version, l.tasks_total, l.tasks_done, l.date_changes, l.quadrant"
#define LAUNCH_FROM                                                                     \
	" FROM launches l LEFT JOIN people pm ON pm.id = l.pm_id "                     \
	"LEFT JOIN people mk ON mk.id = l.marketing_id "

static void read_launch(sqlite3_stmt *q, tm_launch *l)
{
	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(q, 0);
	sq_col_text(q, 1, l->slug, sizeof(l->slug));
	sq_col_text(q, 2, l->name, sizeof(l->name));
	l->tier = sqlite3_column_int(q, 3);
	sq_col_date(q, 4, &l->date);
	l->status = tm_launch_status_parse((const char *)sqlite3_column_text(q, 5));
	l->confidence = tm_confidence_parse((const char *)sqlite3_column_text(q, 6));
	l->pm_id = sqlite3_column_int64(q, 7);
	sq_col_text(q, 8, l->pm, sizeof(l->pm));
	l->marketing_id = sqlite3_column_int64(q, 9);
	sq_col_text(q, 10, l->marketing, sizeof(l->marketing));
	l->version = sqlite3_column_int64(q, 11);
	l->tasks_total = sqlite3_column_int(q, 12);
	l->tasks_done = sqlite3_column_int(q, 13);
	l->date_changes = sqlite3_column_int(q, 14);
	l->quadrant = tm_quadrant_parse((const char *)sqlite3_column_text(q, 15));
}

static void bind_launch(sqlite3_stmt *q, const tm_launch *l)
{
	sq_bind_text(q, ":slug", l->slug);
	sq_bind_text(q, ":name", l->name);
	sq_bind_int(q, ":tier", l->tier);
	sq_bind_date(q, ":date", true, l->date);
	sq_bind_text(q, ":status", tm_launch_status_name(l->status));
	sq_bind_text(q, ":confidence", tm_confidence_name(l->confidence));
	sq_bind_id(q, ":pm", l->pm_id);
	sq_bind_id(q, ":marketing", l->marketing_id);
	sq_bind_int(q, ":date_changes", l->date_changes);
	sq_bind_text_or_null(q, ":quadrant", l->quadrant >= 0 ? tm_quadrant_name(l->quadrant) : NULL);
	sq_bind_int(q, ":id", l->id);
}

static int sq_launch_add(tm_store *st, tm_launch *l, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO launches(id, slug, name, tier, date, status, confidence, pm_id, marketing_id, quadrant) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'launches'), "
		":slug, :name, :tier, :date, :status, :confidence, :pm, :marketing, :quadrant)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_launch(q, l);
	int rc = sq_exec_stmt(s, q, "adding a launch", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "a launch with slug '%s' already exists", l->slug);
	if (!rc) {
		l->id = sqlite3_last_insert_rowid(s->db);
		l->version = 1;
	}
	return rc;
}

static int sq_launch_update(tm_store *st, tm_launch *l, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE launches SET slug = :slug, name = :name, tier = :tier, date = :date, "
		"status = :status, confidence = :confidence, pm_id = :pm, marketing_id = :marketing, "
		"date_changes = :date_changes, quadrant = :quadrant, "
		"version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_launch(q, l);
	int rc = sq_exec_stmt(s, q, "updating a launch", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown launch '%lld'", (long long)l->id);
	if (!rc)
		l->version++;
	return rc;
}

static int one_launch(struct sq *s, sqlite3_stmt *q, tm_launch *out, const char *ref, tm_error *err)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_launch(q, out);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a launch");
	return tm_fail(err, TM_ENOTFOUND, "unknown launch '%s'", ref);
}

static int sq_launch_get(tm_store *st, int64_t id, tm_launch *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_launch(s, q, out, ref, err);
}

static int sq_launch_find(tm_store *st, const char *ref, tm_launch *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char by_slug[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.slug = :ref";
	static const char by_id[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.id = :id";
	bool numeric = ref[0] != '\0' && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 19;
	sqlite3_stmt *q = sq_stmt(s, numeric ? by_id : by_slug, err);
	if (!q)
		return err->code;
	if (numeric)
		sq_bind_int(q, ":id", strtoll(ref, NULL, 10));
	else
		sq_bind_text(q, ":ref", ref);
	return one_launch(s, q, out, ref, err);
}

/* A launch's place in a list: by date, then id (what ORDER BY l.date, l.id gives). */
struct list_key {
	tm_date date;
	int64_t id;
	size_t at; /* where the launch is now */
};

static int cmp_list_key(const void *a, const void *b)
{
	const struct list_key *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * Fills src[j] with the index of the launch that goes to place j. The
 * launches come in id order, so a stable counting sort by date gives (date,
 * id) in one pass when the dates span no more than a few days per launch;
 * qsort otherwise.
 */
static void list_order(const tm_launch *v, size_t n, size_t *src)
{
	tm_date lo = v[0].date, hi = v[0].date;
	for (size_t i = 1; i < n; i++) {
		lo = v[i].date < lo ? v[i].date : lo;
		hi = v[i].date > hi ? v[i].date : hi;
	}
	size_t span = (size_t)((int64_t)hi - lo) + 1;
	if (span <= 4 * n + 4096) {
		size_t *next = tm_xcalloc(span, sizeof(*next)); /* first free place of each date */
		for (size_t i = 0; i < n; i++)
			if (v[i].date != hi)
				next[v[i].date - lo + 1]++;
		for (size_t d = 1; d < span; d++)
			next[d] += next[d - 1];
		for (size_t i = 0; i < n; i++)
			src[next[v[i].date - lo]++] = i;
		free(next);
		return;
	}
	struct list_key *keys = tm_xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct list_key){ v[i].date, v[i].id, i };
	qsort(keys, n, sizeof(*keys), cmp_list_key);
	for (size_t j = 0; j < n; j++)
		src[j] = keys[j].at;
	free(keys);
}

/* Puts v[0..n), read in id order, in list order, moving each launch once along its cycle. */
static void sort_launches(tm_launch *v, size_t n)
{
	if (n < 2)
		return;
	size_t *src = tm_xmalloc(n * sizeof(*src));
	list_order(v, n, src);
	/* A place already filled has src[j] == j. */
	for (size_t j = 0; j < n; j++) {
		if (src[j] == j)
			continue;
		tm_launch held = v[j];
		size_t k = j;
		while (src[k] != j) {
			size_t from = src[k];
			v[k] = v[from];
			src[k] = k;
			k = from;
		}
		v[k] = held;
		src[k] = k;
	}
	free(src);
}

/* A person's name by id, for the launches of a list. */
struct list_name {
	int64_t id;
	char name[TM_NAME_MAX + 1];
};

static int cmp_list_name(const void *a, const void *b)
{
	int64_t x = ((const struct list_name *)a)->id, y = ((const struct list_name *)b)->id;
	return (x > y) - (x < y);
}

static void copy_name(const struct list_name *names, size_t n, int64_t id, char out[TM_NAME_MAX + 1])
{
	struct list_name key = { .id = id };
	const struct list_name *hit = id ? bsearch(&key, names, n, sizeof(key), cmp_list_name) : NULL;
	if (hit)
		memcpy(out, hit->name, sizeof(hit->name));
}

/* Fills the PM and marketing names of v[0..n) from one read of the people table. */
static int name_launches(struct sq *s, tm_launch *v, size_t n, tm_error *err)
{
	static const char sql[] = "SELECT id, name FROM people ORDER BY id";
	TM_VEC(struct list_name) names = TM_VEC_INIT;
	if (!n)
		return 0;
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct list_name *p = TM_VEC_PUSH(&names);
		p->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, p->name, sizeof(p->name));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		TM_VEC_FREE(&names);
		return sq_db_fail(s, err, "listing launches");
	}
	for (size_t i = 0; i < n; i++) {
		copy_name(names.v, names.n, v[i].pm_id, v[i].pm);
		copy_name(names.v, names.n, v[i].marketing_id, v[i].marketing);
	}
	TM_VEC_FREE(&names);
	return 0;
}

/*
 * Two shapes of one query. With a limit or an offset, SQLite walks the date
 * index and stops early. Without, walking the index costs a seek into the
 * table for every launch, and joining people two more: a third of the time
 * of listing 10,000 launches. So a whole list is read in table order (by id,
 * which costs SQLite nothing), sorted here into the same order, and named
 * from one read of the people table.
 * The columns are LAUNCH_COLS's, with the names left empty until then.
 */
#define LIST_COLS                                                                       \
	"l.id, l.slug, l.name, l.tier, l.date, l.status, l.confidence, "               \
	"coalesce(l.pm_id, 0), '', coalesce(l.marketing_id, 0), '', "                  \
	"l.version, l.tasks_total, l.tasks_done, l.date_changes, l.quadrant FROM launches l "
#define LIST_WHERE                                                                      \
	"WHERE (:tier = 0 OR l.tier = :tier) AND (:status IS NULL OR l.status = :status) "     \
	"AND (:from IS NULL OR l.date >= :from) AND (:to IS NULL OR l.date <= :to) "

static int sq_launch_list(tm_store *st, const tm_launch_filter *f, tm_launches *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char paged[] = "SELECT " LIST_COLS LIST_WHERE "ORDER BY l.date, l.id LIMIT :limit OFFSET :offset";
	static const char whole[] = "SELECT " LIST_COLS LIST_WHERE "ORDER BY l.id"; /* table order: no sorting */
	bool is_paged = f->limit > 0 || f->offset > 0;
	sqlite3_stmt *q = sq_stmt(s, is_paged ? paged : whole, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":tier", f->tier);
	sq_bind_text_or_null(q, ":status", f->status >= 0 ? tm_launch_status_name(f->status) : NULL);
	sq_bind_date(q, ":from", f->has_from, f->from);
	sq_bind_date(q, ":to", f->has_to, f->to);
	sq_bind_int(q, ":limit", f->limit > 0 ? f->limit : -1);
	sq_bind_int(q, ":offset", f->offset);
	size_t first = out->n;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_launch(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "listing launches");
	if (!is_paged)
		sort_launches(out->v + first, out->n - first);
	return name_launches(s, out->v + first, out->n - first, err);
}

static int sq_launch_count(tm_store *st, int64_t *n, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT count(*) FROM launches";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc = sqlite3_step(q);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "counting launches");
}

static int sq_slug_taken(tm_store *st, const char *slug, bool *taken, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT 1 FROM launches WHERE slug = :slug";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":slug", slug);
	int rc = sqlite3_step(q);
	*taken = rc == SQLITE_ROW;
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "checking a slug");
}

/* ---- tasks ---- */

#define TASK_COLS                                                                        \
	"t.id, t.launch_id, l.slug, t.title, t.section, coalesce(t.owner_id, 0), "       \
	"coalesce(p.name, ''), t.role, t.reviewers, t.due_offset, t.due, t.effort_days, " \
	"t.status, t.required, t.milestone, coalesce(t.source_tier, 0), t.position, t.version, "      \
	"t.not_before_offset, t.not_before, "                                                          \
	"(SELECT group_concat(name || char(31), '') FROM (SELECT rp.name FROM task_reviewers r "     \
	"JOIN people rp ON rp.id = r.person_id WHERE r.task_id = t.id ORDER BY r.position))"
#define TASK_FROM \
	" FROM tasks t JOIN launches l ON l.id = t.launch_id LEFT JOIN people p ON p.id = t.owner_id "

static void read_task(sqlite3_stmt *q, tm_task *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(q, 0);
	t->launch_id = sqlite3_column_int64(q, 1);
	sq_col_text(q, 2, t->launch_slug, sizeof(t->launch_slug));
	sq_col_text(q, 3, t->title, sizeof(t->title));
	sq_col_text(q, 4, t->section, sizeof(t->section));
	t->owner_id = sqlite3_column_int64(q, 5);
	sq_col_text(q, 6, t->owner, sizeof(t->owner));
	const char *role = (const char *)sqlite3_column_text(q, 7);
	t->role = role ? tm_role_parse(role) : TM_ROLE_NONE;
	sq_col_text(q, 8, t->reviewers, sizeof(t->reviewers));
	const char *off = (const char *)sqlite3_column_text(q, 9);
	t->has_offset = off && tm_offset_parse(off, &t->offset, NULL) == 0;
	t->has_due = sq_col_date(q, 10, &t->due);
	t->effort_days = sqlite3_column_int(q, 11);
	t->status = tm_task_status_parse((const char *)sqlite3_column_text(q, 12));
	t->required = sqlite3_column_int(q, 13) != 0;
	t->milestone = sqlite3_column_int(q, 14) != 0;
	t->source_tier = sqlite3_column_int(q, 15);
	t->position = sqlite3_column_int(q, 16);
	t->version = sqlite3_column_int64(q, 17);
	const char *nb = (const char *)sqlite3_column_text(q, 18);
	t->has_nb_offset = nb && tm_offset_parse(nb, &t->nb_offset, NULL) == 0;
	t->has_not_before = sq_col_date(q, 19, &t->not_before);
	sq_col_text(q, 20, t->reviewed_by, sizeof(t->reviewed_by));
}

static void bind_task(sqlite3_stmt *q, const tm_task *t)
{
	char off[TM_OFFSET_STRLEN], nb[TM_OFFSET_STRLEN];
	sq_bind_int(q, ":id", t->id);
	sq_bind_int(q, ":launch", t->launch_id);
	sq_bind_int(q, ":position", t->position);
	sq_bind_text(q, ":title", t->title);
	sq_bind_text(q, ":section", t->section);
	sq_bind_id(q, ":owner", t->owner_id);
	sq_bind_text_or_null(q, ":role", t->role >= 0 ? tm_role_name(t->role) : NULL);
	sq_bind_text(q, ":reviewers", t->reviewers);
	sq_bind_text_or_null(q, ":offset", t->has_offset ? tm_offset_format(&t->offset, off) : NULL);
	sq_bind_date(q, ":due", t->has_due, t->due);
	sq_bind_text_or_null(q, ":nb_offset", t->has_nb_offset ? tm_offset_format(&t->nb_offset, nb) : NULL);
	sq_bind_date(q, ":not_before", t->has_not_before, t->not_before);
	sq_bind_int(q, ":effort", t->effort_days);
	sq_bind_text(q, ":status", tm_task_status_name(t->status));
	sq_bind_int(q, ":required", t->required);
	sq_bind_int(q, ":milestone", t->milestone);
	sq_bind_id(q, ":source_tier", t->source_tier);
}

static int sq_task_add(tm_store *st, tm_task *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO tasks(id, launch_id, position, title, section, owner_id, role, reviewers, "
		"due_offset, due, not_before_offset, not_before, effort_days, status, required, milestone, source_tier) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'tasks'), :launch, coalesce(:position, (SELECT coalesce(max(position), 0) + 1 FROM tasks "
		"WHERE launch_id = :launch)), :title, :section, :owner, :role, :reviewers, :offset, :due, "
		":nb_offset, :not_before, :effort, :status, :required, :milestone, :source_tier)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_task(q, t);
	if (!t->position)
		sqlite3_bind_null(q, sqlite3_bind_parameter_index(q, ":position"));
	int rc = sq_exec_stmt(s, q, "adding a task", err);
	if (!rc) {
		t->id = sqlite3_last_insert_rowid(s->db);
		t->version = 1;
	}
	return rc;
}

static int sq_task_update(tm_store *st, tm_task *t, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE tasks SET position = :position, title = :title, section = :section, "
		"owner_id = :owner, role = :role, reviewers = :reviewers, due_offset = :offset, due = :due, "
		"not_before_offset = :nb_offset, not_before = :not_before, effort_days = :effort, status = :status, required = :required, milestone = :milestone, "
		"source_tier = :source_tier, version = version + 1, "
		"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_task(q, t);
	int rc = sq_exec_stmt(s, q, "updating a task", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)t->id);
	if (!rc)
		t->version++;
	return rc;
}

/* Fills each task's depends_on from the launch's dependency rows. */
static int attach_deps(struct sq *s, int64_t launch_id, tm_task *tasks, size_t n, tm_error *err)
{
	tm_deps deps = TM_VEC_INIT;
	int rc = s->base.ops->dep_list(&s->base, launch_id, &deps, err);
	if (rc)
		goto out;
	/* deps are ordered by task id; tasks by position: match by scanning. */
	for (size_t i = 0; i < n; i++) {
		int cnt = 0;
		for (size_t j = 0; j < deps.n; j++)
			cnt += deps.v[j].task == tasks[i].id;
		if (!cnt)
			continue;
		tasks[i].depends_on = tm_xmalloc((size_t)cnt * sizeof(int64_t));
		for (size_t j = 0; j < deps.n; j++)
			if (deps.v[j].task == tasks[i].id)
				tasks[i].depends_on[tasks[i].n_depends_on++] = deps.v[j].after;
	}
out:
	TM_VEC_FREE(&deps);
	return rc;
}

static int sq_task_get(tm_store *st, int64_t id, tm_task *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM "WHERE t.id = :id";
	static const char deps_sql[] = "SELECT after_id FROM task_deps WHERE task_id = :id ORDER BY after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return sq_db_fail(s, err, "reading a task");
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	}
	read_task(q, out);
	sqlite3_reset(q);
	q = sq_stmt(s, deps_sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	TM_VEC(int64_t) ids = TM_VEC_INIT;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*TM_VEC_PUSH(&ids) = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	out->depends_on = ids.v;
	out->n_depends_on = (int)ids.n;
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading dependencies");
}

static int sq_task_list(tm_store *st, int64_t launch_id, const tm_task_filter *f, tm_tasks *out,
			tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.launch_id = :launch AND (:owner = 0 OR t.owner_id = :owner) "
				  "AND (:status IS NULL OR t.status = :status) ORDER BY t.position, t.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_int(q, ":owner", f ? f->owner_id : 0);
	sq_bind_text_or_null(q, ":status", f && f->status >= 0 ? tm_task_status_name(f->status) : NULL);
	size_t first = out->n;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_task(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "listing tasks");
	return attach_deps(s, launch_id, out->v + first, out->n - first, err);
}

static int sq_dep_add(tm_store *st, int64_t task, int64_t after, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO task_deps(task_id, after_id) VALUES(:task, :after)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task);
	sq_bind_int(q, ":after", after);
	int rc = sq_exec_stmt(s, q, "adding a dependency", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "task #%lld already waits for #%lld", (long long)task,
			       (long long)after);
	return rc;
}

static int sq_dep_rm(tm_store *st, int64_t task, int64_t after, bool *removed, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM task_deps WHERE task_id = :task AND after_id = :after";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":task", task);
	sq_bind_int(q, ":after", after);
	int rc = sq_exec_stmt(s, q, "removing a dependency", err);
	*removed = !rc && sqlite3_changes(s->db) > 0;
	return rc;
}

static int sq_dep_list(tm_store *st, int64_t launch_id, tm_deps *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT d.task_id, d.after_id FROM task_deps d "
				  "JOIN tasks t ON t.id = d.task_id WHERE t.launch_id = :launch "
				  "ORDER BY d.task_id, d.after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_dep *d = TM_VEC_PUSH(out);
		d->task = sqlite3_column_int64(q, 0);
		d->after = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing dependencies");
}

static int sq_task_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM tasks WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a task", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown task #%lld", (long long)id);
	return rc;
}

static int sq_task_list_open(tm_store *st, tm_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress') "
				  "ORDER BY t.launch_id, t.position, t.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_task(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing open tasks");
}

static int sq_dep_list_open(tm_store *st, tm_deps *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT d.task_id, d.after_id FROM task_deps d JOIN tasks t ON t.id = d.task_id "
				  "JOIN launches l ON l.id = t.launch_id "
				  "WHERE l.status = 'planned' AND t.status IN ('todo', 'in_progress') "
				  "ORDER BY d.task_id, d.after_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_dep *d = TM_VEC_PUSH(out);
		d->task = sqlite3_column_int64(q, 0);
		d->after = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing dependencies");
}

static int sq_task_list_due(tm_store *st, tm_date from, tm_date to, int64_t owner_id, bool milestones_only,
			    tm_tasks *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " TASK_COLS TASK_FROM
				  "WHERE t.due BETWEEN :from AND :to AND l.status != 'cancelled' "
				  "AND (:owner = 0 OR t.owner_id = :owner) AND (:milestones = 0 OR t.milestone = 1) "
				  "ORDER BY t.due, t.launch_id, t.position";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":from", true, from);
	sq_bind_date(q, ":to", true, to);
	sq_bind_int(q, ":owner", owner_id);
	sq_bind_int(q, ":milestones", milestones_only);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		read_task(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing tasks by due date");
}

static int sq_person_update(tm_store *st, const tm_person *p, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE people SET name = :name, email = :email, role = :role, capacity = :capacity "
				  "WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", p->id);
	sq_bind_text(q, ":name", p->name);
	sq_bind_text_or_null(q, ":email", p->email);
	sq_bind_text(q, ":role", tm_role_name(p->role));
	sq_bind_int(q, ":capacity", p->capacity);
	int rc = sq_exec_stmt(s, q, "updating a person", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown person #%lld", (long long)p->id);
	return rc;
}

static const struct tm_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.setting_get = sq_setting_get,
	.setting_set = sq_setting_set,
	.person_add = sq_person_add,
	.person_get = sq_person_get,
	.person_find = sq_person_find,
	.person_list = sq_person_list,
	.launch_add = sq_launch_add,
	.launch_update = sq_launch_update,
	.launch_get = sq_launch_get,
	.launch_find = sq_launch_find,
	.launch_list = sq_launch_list,
	.launch_count = sq_launch_count,
	.slug_taken = sq_slug_taken,
	.launch_owners = sq_launch_owners,
	.launch_owner_set = sq_launch_owner_set,
	.task_reviewers_set = sq_task_reviewers_set,
	.task_add = sq_task_add,
	.task_update = sq_task_update,
	.task_get = sq_task_get,
	.task_rm = sq_task_rm,
	.task_list = sq_task_list,
	.dep_add = sq_dep_add,
	.dep_rm = sq_dep_rm,
	.dep_list = sq_dep_list,
	.task_list_open = sq_task_list_open,
	.dep_list_open = sq_dep_list_open,
	.task_list_due = sq_task_list_due,
	.person_update = sq_person_update,
	.holiday_add = sq_holiday_add,
	.holiday_rm = sq_holiday_rm,
	.holiday_list = sq_holiday_list,
	.freeze_add = sq_freeze_add,
	.freeze_rm = sq_freeze_rm,
	.freeze_list = sq_freeze_list,
	.date_change_add = sq_date_change_add,
	.date_change_list = sq_date_change_list,
	.date_change_set_public = sq_date_change_set_public,
	.decision_add = sq_decision_add,
	.decision_list = sq_decision_list,
	.baseline_add = sq_baseline_add,
	.baseline_find = sq_baseline_find,
	.baseline_list = sq_baseline_list,
	.brief_get = sq_brief_get,
	.brief_put = sq_brief_put,
	.user_add = sq_user_add,
	.user_find = sq_user_find,
	.user_list = sq_user_list,
	.user_set_password = sq_user_set_password,
	.user_rm = sq_user_rm,
	.token_add = sq_token_add,
	.token_find = sq_token_find,
	.token_list = sq_token_list,
	.token_revoke = sq_token_revoke,
	.token_revoke_all = sq_token_revoke_all,
	.user_get = sq_user_get,
	.launch_rm = sq_launch_rm,
	.audit_add = sq_audit_add,
	.audit_list = sq_audit_list,
	.idem_get = sq_idem_get,
	.idem_put = sq_idem_put,
	.session_add = sq_session_add,
	.session_find = sq_session_find,
	.session_touch = sq_session_touch,
	.session_rm = sq_session_rm,
	.session_rm_user = sq_session_rm_user,
	.user_feed_bump = sq_user_feed_bump,
	.feed_key = sq_feed_key,
	.backup = sq_backup,
	.savepoint = sq_savepoint,
	.savepoint_end = sq_savepoint_end,
	.in_transaction = sq_in_transaction,
	.data_version = sq_data_version,
};

int tm_store_open_sqlite(const char *path, tm_store **out, tm_error *err)
{
	struct sq *s = tm_xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	int rc = sq_open(s, path, err);
	if (rc) {
		sqlite3_close(s->db);
		free(s);
		return rc;
	}
	*out = &s->base;
	return 0;
}

void tm_tasks_free(tm_tasks *tasks)
{
	for (size_t i = 0; i < tasks->n; i++)
		tm_task_release(&tasks->v[i]);
	TM_VEC_FREE(tasks);
}
