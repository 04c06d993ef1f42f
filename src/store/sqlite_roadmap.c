/*
 * sqlite_roadmap.c - the three-level roadmap (core/roadmap.h) on SQLite: its
 * items with the launches and ideas that deliver them, and its reviews. The
 * whole roadmap is three statements (items, their launches, their ideas),
 * however many items it has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

#define ITEM_COLS                                                                                               \
	"r.id, r.title, r.level, r.parent_id, r.owner_id, coalesce(p.name, ''), coalesce(r.quarter, ''), r.status, " \
	"r.version, r.created_at, r.updated_at FROM roadmap_items r LEFT JOIN people p ON p.id = r.owner_id"

static int name_index(const char *const *names, const char *s, int fallback)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return fallback;
}

/* The item in q's row (ITEM_COLS); its links are read apart. */
static void read_item(sqlite3_stmt *q, tm_roadmap_item *it)
{
	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(q, 0);
	sq_col_text(q, 1, it->title, sizeof(it->title));
	it->level = name_index(tm_roadmap_level_names, (const char *)sqlite3_column_text(q, 2), TM_LEVEL_RELEASE);
	it->parent_id = sqlite3_column_int64(q, 3);
	it->owner_id = sqlite3_column_int64(q, 4);
	sq_col_text(q, 5, it->owner, sizeof(it->owner));
	sq_col_text(q, 6, it->quarter, sizeof(it->quarter));
	it->status = name_index(tm_roadmap_status_names, (const char *)sqlite3_column_text(q, 7), TM_RM_GREEN);
	it->version = sqlite3_column_int64(q, 8);
	sq_col_text(q, 9, it->created_at, sizeof(it->created_at));
	sq_col_text(q, 10, it->updated_at, sizeof(it->updated_at));
}

/* The columns add and update both write. */
static void bind_item(sqlite3_stmt *q, const tm_roadmap_item *it)
{
	sq_bind_text(q, ":title", it->title);
	sq_bind_text(q, ":level", tm_roadmap_level_names[it->level]);
	sq_bind_id(q, ":parent", it->parent_id);
	sq_bind_id(q, ":owner", it->owner_id);
	sq_bind_text_or_null(q, ":quarter", it->quarter);
	sq_bind_text(q, ":status", tm_roadmap_status_names[it->status]);
}

/* Replaces the item's launches and ideas with it's lists. */
static int write_links(struct sq *s, const tm_roadmap_item *it, tm_error *err)
{
	static const char *const clear[] = { "DELETE FROM roadmap_launches WHERE item_id = :item",
					     "DELETE FROM roadmap_ideas WHERE item_id = :item" };
	static const char add_launch[] = "INSERT INTO roadmap_launches(item_id, launch_id) VALUES(:item, :ref)";
	static const char add_idea[] = "INSERT INTO roadmap_ideas(item_id, idea_id) VALUES(:item, :ref)";
	int rc = 0;
	for (int k = 0; k < 2 && !rc; k++) {
		sqlite3_stmt *q = sq_stmt(s, k ? clear[1] : clear[0], err);
		if (!q)
			return err->code;
		sq_bind_int(q, ":item", it->id);
		rc = sq_exec_stmt(s, q, "writing a roadmap item's links", err);
	}
	for (int i = 0; i < it->nlaunches && !rc; i++) {
		sqlite3_stmt *q = sq_stmt(s, add_launch, err);
		if (!q)
			return err->code;
		sq_bind_int(q, ":item", it->id);
		sq_bind_int(q, ":ref", it->launches[i]);
		if ((rc = sq_exec_stmt(s, q, "linking a launch to a roadmap item", err)) == TM_ENOTFOUND)
			rc = tm_fail_field(err, TM_ENOTFOUND, "launches", "unknown launch %lld", (long long)it->launches[i]);
	}
	for (int i = 0; i < it->nideas && !rc; i++) {
		sqlite3_stmt *q = sq_stmt(s, add_idea, err);
		if (!q)
			return err->code;
		sq_bind_int(q, ":item", it->id);
		sq_bind_int(q, ":ref", it->ideas[i]);
		if ((rc = sq_exec_stmt(s, q, "linking an idea to a roadmap item", err)) == TM_ENOTFOUND)
			rc = tm_fail_field(err, TM_ENOTFOUND, "ideas", "unknown backlog item %lld", (long long)it->ideas[i]);
	}
	return rc;
}

static int sq_roadmap_add(tm_store *st, tm_roadmap_item *it, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO roadmap_items(id, title, level, parent_id, owner_id, quarter, status) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'roadmap_items'), :title, :level, :parent, :owner, "
		":quarter, :status)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_item(q, it);
	int rc = sq_exec_stmt(s, q, "adding a roadmap item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "adding a roadmap item: unknown parent %lld or owner %lld",
			       (long long)it->parent_id, (long long)it->owner_id);
	if (rc)
		return rc;
	it->id = sqlite3_last_insert_rowid(s->db);
	it->version = 1;
	return write_links(s, it, err);
}

/* After a write at a version changed nothing: TM_ESTALE when the item is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct sq *s, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM roadmap_items WHERE id = :id";
	return sq_stale_or_gone(s, sql, "roadmap item", id, err);
}

static int sq_roadmap_update(tm_store *st, tm_roadmap_item *it, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE roadmap_items SET title = :title, level = :level, parent_id = :parent, owner_id = :owner, "
		"quarter = :quarter, status = :status, version = version + 1, "
		"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id AND version = :version";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_item(q, it);
	sq_bind_int(q, ":id", it->id);
	sq_bind_int(q, ":version", it->version);
	int rc = sq_exec_stmt(s, q, "updating a roadmap item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a roadmap item: unknown parent %lld or owner %lld",
			       (long long)it->parent_id, (long long)it->owner_id);
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return stale_or_gone(s, it->id, err);
	it->version++;
	return write_links(s, it, err);
}

static int sq_roadmap_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM roadmap_items WHERE id = :id"; /* its links go with it (cascade) */
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a roadmap item", err);
	if (rc == TM_ENOTFOUND || rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "roadmap item %lld has items under it", (long long)id);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown roadmap item %lld", (long long)id);
	return rc;
}

/* Appends the ids q returns (one column) to ids, at most max; returns how many. */
static int read_ids(struct sq *s, sqlite3_stmt *q, int64_t *ids, int max, int *n, tm_error *err)
{
	int step;
	*n = 0;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		if (*n < max)
			ids[(*n)++] = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a roadmap item's links");
}

static int sq_roadmap_get(tm_store *st, int64_t id, tm_roadmap_item *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " ITEM_COLS " WHERE r.id = :id";
	static const char launches[] = "SELECT launch_id FROM roadmap_launches WHERE item_id = :id ORDER BY launch_id";
	static const char ideas[] = "SELECT idea_id FROM roadmap_ideas WHERE item_id = :id ORDER BY idea_id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		read_item(q, out);
	sqlite3_reset(q);
	if (step == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown roadmap item %lld", (long long)id);
	if (step != SQLITE_ROW)
		return sq_db_fail(s, err, "reading a roadmap item");
	int rc;
	if (!(q = sq_stmt(s, launches, err)))
		return err->code;
	sq_bind_int(q, ":id", id);
	if ((rc = read_ids(s, q, out->launches, TM_ROADMAP_LINKS_MAX, &out->nlaunches, err)))
		return rc;
	if (!(q = sq_stmt(s, ideas, err)))
		return err->code;
	sq_bind_int(q, ":id", id);
	return read_ids(s, q, out->ideas, TM_ROADMAP_LINKS_MAX, &out->nideas, err);
}

/* The item of id among items (sorted by id), or NULL. */
static tm_roadmap_item *by_id(tm_roadmap_items *items, int64_t id)
{
	size_t lo = 0, hi = items->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < items->n && items->v[lo].id == id ? &items->v[lo] : NULL;
}

static int cmp_level_id(const void *a, const void *b)
{
	const tm_roadmap_item *x = a, *y = b;
	if (x->level != y->level)
		return x->level - y->level;
	return (x->id > y->id) - (x->id < y->id);
}

static int sq_roadmap_list(tm_store *st, tm_roadmap_items *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " ITEM_COLS " ORDER BY r.id";
	static const char *const links[] = { "SELECT item_id, launch_id FROM roadmap_launches ORDER BY item_id, launch_id",
					     "SELECT item_id, idea_id FROM roadmap_ideas ORDER BY item_id, idea_id" };
	int step, rc = 0;
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_item(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (step != SQLITE_DONE)
		rc = sq_db_fail(s, err, "listing the roadmap");
	for (int k = 0; k < 2 && !rc; k++) {
		if (!(q = sq_stmt(s, links[k], err))) {
			rc = err->code;
			break;
		}
		tm_roadmap_item *it = NULL;
		while ((step = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t item = sqlite3_column_int64(q, 0);
			if (!it || it->id != item)
				it = by_id(out, item);
			if (!it)
				continue;
			if (k == 0 && it->nlaunches < TM_ROADMAP_LINKS_MAX)
				it->launches[it->nlaunches++] = sqlite3_column_int64(q, 1);
			else if (k == 1 && it->nideas < TM_ROADMAP_LINKS_MAX)
				it->ideas[it->nideas++] = sqlite3_column_int64(q, 1);
		}
		sqlite3_reset(q);
		if (step != SQLITE_DONE)
			rc = sq_db_fail(s, err, "listing the roadmap's links");
	}
	if (rc) {
		TM_VEC_FREE(out);
		return rc;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), cmp_level_id);
	return 0;
}

static int sq_roadmap_review_add(tm_store *st, tm_roadmap_review *r, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO roadmap_reviews(id, held_on, notes, by) "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM roadmap_reviews), :on, :notes, :by)";
	static const char back[] = "SELECT id, at FROM roadmap_reviews WHERE id = (SELECT max(id) FROM roadmap_reviews)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_date(q, ":on", true, r->on);
	sq_bind_text(q, ":notes", r->notes);
	sq_bind_text(q, ":by", r->by);
	int rc = sq_exec_stmt(s, q, "recording a roadmap review", err);
	if (rc)
		return rc;
	if (!(q = sq_stmt(s, back, err)))
		return err->code;
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		r->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, r->at, sizeof(r->at));
	}
	sqlite3_reset(q);
	return step == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading a roadmap review back");
}

static int sq_roadmap_review_list(tm_store *st, int limit, tm_roadmap_reviews *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT id, held_on, notes, by, at FROM roadmap_reviews ORDER BY held_on DESC, id DESC "
				  "LIMIT :limit";
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":limit", limit > 0 ? limit : -1);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		tm_roadmap_review *r = TM_VEC_PUSH(out);
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(q, 0);
		sq_col_date(q, 1, &r->on);
		sq_col_text(q, 2, r->notes, sizeof(r->notes));
		sq_col_text(q, 3, r->by, sizeof(r->by));
		sq_col_text(q, 4, r->at, sizeof(r->at));
	}
	sqlite3_reset(q);
	if (step != SQLITE_DONE) {
		TM_VEC_FREE(out);
		return sq_db_fail(s, err, "listing the roadmap's reviews");
	}
	return 0;
}


/* One open task's planning fields from its columns as text (the id, launch, effort, status, milestone,
 * due offset, due, not-before and product columns of open_work's query). */
static void fill_work(tm_roadmap_work *w, int64_t id, int64_t launch_id, int effort, const char *status, bool milestone,
		      const char *offset, const char *due, const char *not_before, bool product)
{
	tm_error ignored = TM_ERROR_INIT;
	tm_offset off;
	w->launch_id = launch_id;
	w->in.id = id;
	/* Awaiting approval: the work is done, only the approval is left (it takes no effort). */
	w->in.effort_days = status && !strcmp(status, "awaiting_approval") ? 0 : effort;
	w->in.milestone = milestone;
	w->in.has_due = due && *due && !tm_date_parse_any(due, &w->in.due, &ignored);
	w->in.has_not_before = not_before && *not_before && !tm_date_parse_any(not_before, &w->in.not_before, &ignored);
	w->in.is_launch = milestone && offset && *offset && !tm_offset_parse(offset, &off, &ignored) && off.amount == 0;
	w->product = product;
}

static int sq_roadmap_open_work(tm_store *st, tm_roadmap_works *out, tm_deps *deps, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char deps_sql[] = "SELECT task_id, after_id FROM task_deps";
	static const char sql[] = "SELECT id, launch_id, effort_days, status, milestone, due_offset, due, not_before, product FROM tasks "
		"WHERE status IN ('todo', 'in_progress', 'awaiting_approval')";
	memset(out, 0, sizeof(*out));
	memset(deps, 0, sizeof(*deps));
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		fill_work(TM_VEC_PUSH(out), sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int(q, 2),
			  (const char *)sqlite3_column_text(q, 3), sqlite3_column_int(q, 4) != 0,
			  (const char *)sqlite3_column_text(q, 5), (const char *)sqlite3_column_text(q, 6),
			  (const char *)sqlite3_column_text(q, 7), sqlite3_column_int(q, 8) != 0);
	sqlite3_reset(q);
	if (step == SQLITE_DONE && (q = sq_stmt(s, deps_sql, err)) != NULL) {
		while ((step = sqlite3_step(q)) == SQLITE_ROW)
			*TM_VEC_PUSH(deps) = (tm_dep){ sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1) };
		sqlite3_reset(q);
	}
	if (!q || step != SQLITE_DONE) {
		TM_VEC_FREE(out);
		TM_VEC_FREE(deps);
		return q ? sq_db_fail(s, err, "reading the open work of the planned launches") : err->code;
	}
	return 0;
}

const struct tm_store_roadmap_ops tm_sqlite_roadmap_ops = {
	.add = sq_roadmap_add,
	.update = sq_roadmap_update,
	.rm = sq_roadmap_rm,
	.get = sq_roadmap_get,
	.list = sq_roadmap_list,
	.review_add = sq_roadmap_review_add,
	.review_list = sq_roadmap_review_list,
	.open_work = sq_roadmap_open_work,
};
