/*
 * sqlite_launches.c - launches, the owners they name for each role, and
 * their removal with everything that hangs from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"
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
		tm_row r = sq_row(q);
		tm_row_launch(&r, out);
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
	/* cppcheck-suppress duplicateAssignExpression ; both start at the first date */
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
	const struct list_name *hit = id && n ? bsearch(&key, names, n, sizeof(key), cmp_list_name) : NULL;
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
 * The columns are LAUNCH_COLS's (rows.h), with the names left empty until then.
 */
#define LIST_COLS                                                                       \
	"l.id, l.slug, l.name, l.tier, l.date, l.status, l.confidence, "               \
	"coalesce(l.pm_id, 0), '', coalesce(l.marketing_id, 0), '', "                  \
	"l.version, l.tasks_total, l.tasks_done, l.date_changes, l.quadrant FROM launches l "
#define LIST_WHERE                                                                      \
	"WHERE (:tier = 0 OR l.tier = :tier) AND (:status IS NULL OR l.status = :status) "     \
	"AND (:from IS NULL OR l.date >= :from) AND (:to IS NULL OR l.date <= :to) "          \
	"AND (:owner = 0 OR l.pm_id = :owner OR l.marketing_id = :owner OR EXISTS "            \
	"(SELECT 1 FROM launch_owners o WHERE o.launch_id = l.id AND o.person_id = :owner)) "

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
	sq_bind_int(q, ":owner", f->owner_id);
	sq_bind_int(q, ":limit", f->limit > 0 ? f->limit : -1);
	sq_bind_int(q, ":offset", f->offset);
	size_t first = out->n;
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_launch(&r, TM_VEC_PUSH(out));
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

static int sq_launch_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM launches WHERE id = :id";
	/* Its decisions go with it (ON DELETE CASCADE): their words leave the search index first, which
	 * the store keeps (sqlite_history.c), or a later decision given the same id would match them. */
	static const char unindex[] = "INSERT INTO decisions_fts(decisions_fts, rowid, what, why, options, chosen) "
				      "SELECT 'delete', id, what, why, options, chosen FROM decisions WHERE launch_id = :id";
	sqlite3_stmt *q = sq_stmt(s, unindex, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a launch's decisions from the search index", err);
	if (rc)
		return rc;
	if (!(q = sq_stmt(s, sql, err)))
		return err->code;
	sq_bind_int(q, ":id", id);
	rc = sq_exec_stmt(s, q, "removing a launch", err);
	if (!rc && !sqlite3_changes(s->db))
		return tm_fail(err, TM_ENOTFOUND, "unknown launch %lld", (long long)id);
	return rc;
}

static int sq_launch_owners(tm_store *st, int64_t launch_id, tm_role_owners *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " ROLE_OWNER_COLS " FROM launch_owners o JOIN people p ON p.id = o.person_id "
				  "WHERE o.launch_id = :launch";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	int rc;
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	size_t first = out->n;
	tm_row r = sq_row(q);
	tm_role_owner o;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (tm_row_role_owner(&r, &o))
			*TM_VEC_PUSH(out) = o;
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a launch's owners");
	tm_role_owners_sort(out->v + first, out->n - first);
	return 0;
}

static int sq_launch_owner_set(tm_store *st, int64_t launch_id, int role, int64_t person_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO launch_owners(launch_id, role, person_id) VALUES(:launch, :role, :person) "
				  "ON CONFLICT(launch_id, role) DO UPDATE SET person_id = excluded.person_id";
	static const char rm[] = "DELETE FROM launch_owners WHERE launch_id = :launch AND role = :role";
	sqlite3_stmt *q = sq_stmt(s, person_id ? sql : rm, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":role", tm_role_name(role));
	if (person_id)
		sq_bind_int(q, ":person", person_id);
	return sq_exec_stmt(s, q, "setting a launch's owner", err);
}

static int sq_launch_dris(tm_store *st, int64_t launch_id, tm_stream_dri_list *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " STREAM_DRI_COLS " FROM launch_dris d JOIN people p ON p.id = d.person_id "
				  "WHERE d.launch_id = :launch ORDER BY d.stream";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	int rc;
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_stream_dri(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a launch's DRIs");
}

static int sq_launch_dri_set(tm_store *st, int64_t launch_id, const char *stream, int64_t person_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char set[] = "INSERT INTO launch_dris(launch_id, stream, person_id) VALUES(:launch, :stream, :person) "
				  "ON CONFLICT(launch_id, stream) DO UPDATE SET person_id = excluded.person_id";
	static const char rm[] = "DELETE FROM launch_dris WHERE launch_id = :launch AND stream = :stream";
	sqlite3_stmt *q = sq_stmt(s, person_id ? set : rm, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":stream", stream);
	if (person_id)
		sq_bind_int(q, ":person", person_id);
	return sq_exec_stmt(s, q, "setting a launch's DRI", err);
}

const struct tm_store_launches_ops tm_sqlite_launches_ops = {
	.add = sq_launch_add,
	.update = sq_launch_update,
	.get = sq_launch_get,
	.find = sq_launch_find,
	.list = sq_launch_list,
	.count = sq_launch_count,
	.slug_taken = sq_slug_taken,
	.rm = sq_launch_rm,
	.owners = sq_launch_owners,
	.owner_set = sq_launch_owner_set,
	.dris = sq_launch_dris,
	.dri_set = sq_launch_dri_set,
};
