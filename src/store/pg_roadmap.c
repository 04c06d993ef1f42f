/*
 * pg_roadmap.c - the three-level roadmap and its reviews on PostgreSQL: what
 * sqlite_roadmap.c does. An item's id is past the highest one the table ever
 * held (id_sequence, as launches); a review's is the table's highest plus
 * one. Each is taken under an advisory lock of this file's, held until the
 * transaction ends, so two servers adding items at once queue for the insert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

/* The advisory locks of this file's ids (the second key; the first is pg_lock_ids'). */
enum { LOCK_ITEMS = 1401, LOCK_REVIEWS = 1402 };

static int lock_ids(struct pg *p, int which, tm_error *err)
{
	static const char sql[] = "SELECT pg_advisory_xact_lock(1414359406, $1::int)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, which);
	return pg_do(p, sql, &a, "waiting for the next id", err);
}

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

/* The item of row i of res (ITEM_COLS); its links are read apart. */
static void read_item(const PGresult *res, int i, tm_roadmap_item *it)
{
	memset(it, 0, sizeof(*it));
	it->id = pg_col_i64(res, i, 0);
	pg_col_text(res, i, 1, it->title, sizeof(it->title));
	it->level = name_index(tm_roadmap_level_names, PQgetvalue(res, i, 2), TM_LEVEL_RELEASE);
	it->parent_id = pg_col_i64(res, i, 3);
	it->owner_id = pg_col_i64(res, i, 4);
	pg_col_text(res, i, 5, it->owner, sizeof(it->owner));
	pg_col_text(res, i, 6, it->quarter, sizeof(it->quarter));
	it->status = name_index(tm_roadmap_status_names, PQgetvalue(res, i, 7), TM_RM_GREEN);
	it->version = pg_col_i64(res, i, 8);
	pg_col_text(res, i, 9, it->created_at, sizeof(it->created_at));
	pg_col_text(res, i, 10, it->updated_at, sizeof(it->updated_at));
}

/* $1 … $6: the columns add and update both write, in this order. */
static void item_params(pg_params *a, const tm_roadmap_item *it)
{
	pg_text(a, it->title);
	pg_text(a, tm_roadmap_level_names[it->level]);
	pg_id(a, it->parent_id);
	pg_id(a, it->owner_id);
	pg_text_or_null(a, it->quarter);
	pg_text(a, tm_roadmap_status_names[it->status]);
}

/* Replaces the item's launches and ideas with its lists. */
static int write_links(struct pg *p, const tm_roadmap_item *it, tm_error *err)
{
	static const char clear_launches[] = "DELETE FROM roadmap_launches WHERE item_id = $1";
	static const char clear_ideas[] = "DELETE FROM roadmap_ideas WHERE item_id = $1";
	static const char add_launch[] = "INSERT INTO roadmap_launches(item_id, launch_id) VALUES($1, $2)";
	static const char add_idea[] = "INSERT INTO roadmap_ideas(item_id, idea_id) VALUES($1, $2)";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, it->id);
	int rc = pg_do(p, clear_launches, &a, "writing a roadmap item's links", err);
	if (!rc)
		rc = pg_do(p, clear_ideas, &a, "writing a roadmap item's links", err);
	for (int i = 0; i < it->nlaunches && !rc; i++) {
		pg_params b = PG_PARAMS_INIT;
		pg_int(&b, it->id);
		pg_int(&b, it->launches[i]);
		if ((rc = pg_do(p, add_launch, &b, "linking a launch to a roadmap item", err)) == TM_ENOTFOUND)
			rc = tm_fail_field(err, TM_ENOTFOUND, "launches", "unknown launch %lld", (long long)it->launches[i]);
	}
	for (int i = 0; i < it->nideas && !rc; i++) {
		pg_params b = PG_PARAMS_INIT;
		pg_int(&b, it->id);
		pg_int(&b, it->ideas[i]);
		if ((rc = pg_do(p, add_idea, &b, "linking an idea to a roadmap item", err)) == TM_ENOTFOUND)
			rc = tm_fail_field(err, TM_ENOTFOUND, "ideas", "unknown backlog item %lld", (long long)it->ideas[i]);
	}
	return rc;
}

static int pg_roadmap_add(tm_store *st, tm_roadmap_item *it, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"INSERT INTO roadmap_items(id, title, level, parent_id, owner_id, quarter, status) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM roadmap_items)) + 1 "
		"FROM id_sequence WHERE name = 'roadmap_items'), $1, $2, $3, $4, $5, $6) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	item_params(&a, it);
	if (lock_ids(p, LOCK_ITEMS, err))
		return err->code;
	PGresult *res = pg_run(p, sql, &a, "adding a roadmap item", err);
	if (!res) {
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "adding a roadmap item: unknown parent %lld or owner %lld",
				       (long long)it->parent_id, (long long)it->owner_id);
		return err->code;
	}
	it->id = pg_col_i64(res, 0, 0);
	it->version = 1;
	PQclear(res);
	return write_links(p, it, err);
}

/* After a write at a version changed nothing: TM_ESTALE when the item is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct pg *p, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM roadmap_items WHERE id = $1";
	return pg_stale_or_gone(p, sql, "roadmap item", id, err);
}

static int pg_roadmap_update(tm_store *st, tm_roadmap_item *it, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE roadmap_items SET title = $1, level = $2, parent_id = $3, owner_id = $4, quarter = $5, status = $6, "
		"version = version + 1, updated_at = tm_now() WHERE id = $7 AND version = $8";
	pg_params a = PG_PARAMS_INIT;
	item_params(&a, it);
	pg_int(&a, it->id);
	pg_int(&a, it->version);
	int rc = pg_do(p, sql, &a, "updating a roadmap item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a roadmap item: unknown parent %lld or owner %lld",
			       (long long)it->parent_id, (long long)it->owner_id);
	if (rc)
		return rc;
	if (p->changed == 0)
		return stale_or_gone(p, it->id, err);
	it->version++;
	return write_links(p, it, err);
}

static int pg_roadmap_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM roadmap_items WHERE id = $1"; /* its links go with it (cascade) */
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a roadmap item", err);
	if (rc == TM_ENOTFOUND || rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "roadmap item %lld has items under it", (long long)id);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown roadmap item %lld", (long long)id);
	return rc;
}

static int pg_roadmap_get(tm_store *st, int64_t id, tm_roadmap_item *out, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT " ITEM_COLS " WHERE r.id = $1";
	static const char links[] = "SELECT 0, launch_id FROM roadmap_launches WHERE item_id = $1 "
				    "UNION ALL SELECT 1, idea_id FROM roadmap_ideas WHERE item_id = $1 ORDER BY 1, 2";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(p, sql, &a, "reading a roadmap item", err);
	if (!res)
		return err->code;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return tm_fail(err, TM_ENOTFOUND, "unknown roadmap item %lld", (long long)id);
	}
	read_item(res, 0, out);
	PQclear(res);
	if (!(res = pg_run(p, links, &a, "reading a roadmap item's links", err)))
		return err->code;
	for (int i = 0; i < PQntuples(res); i++) {
		int64_t ref = pg_col_i64(res, i, 1);
		if (pg_col_i64(res, i, 0) == 0 && out->nlaunches < TM_ROADMAP_LINKS_MAX)
			out->launches[out->nlaunches++] = ref;
		else if (pg_col_i64(res, i, 0) == 1 && out->nideas < TM_ROADMAP_LINKS_MAX)
			out->ideas[out->nideas++] = ref;
	}
	PQclear(res);
	return 0;
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

static int pg_roadmap_list(tm_store *st, tm_roadmap_items *out, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "SELECT " ITEM_COLS " ORDER BY r.id";
	static const char links[] = "SELECT 0, item_id, launch_id FROM roadmap_launches "
				    "UNION ALL SELECT 1, item_id, idea_id FROM roadmap_ideas ORDER BY 1, 2, 3";
	memset(out, 0, sizeof(*out));
	PGresult *res = pg_run(p, sql, NULL, "listing the roadmap", err);
	if (!res)
		return err->code;
	for (int i = 0; i < PQntuples(res); i++)
		read_item(res, i, TM_VEC_PUSH(out));
	PQclear(res);
	if (!(res = pg_run(p, links, NULL, "listing the roadmap's links", err))) {
		TM_VEC_FREE(out);
		return err->code;
	}
	tm_roadmap_item *it = NULL;
	for (int i = 0; i < PQntuples(res); i++) {
		int64_t item = pg_col_i64(res, i, 1), ref = pg_col_i64(res, i, 2);
		if (!it || it->id != item)
			it = by_id(out, item);
		if (!it)
			continue;
		if (pg_col_i64(res, i, 0) == 0 && it->nlaunches < TM_ROADMAP_LINKS_MAX)
			it->launches[it->nlaunches++] = ref;
		else if (pg_col_i64(res, i, 0) == 1 && it->nideas < TM_ROADMAP_LINKS_MAX)
			it->ideas[it->nideas++] = ref;
	}
	PQclear(res);
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), cmp_level_id);
	return 0;
}

static int pg_roadmap_review_add(tm_store *st, tm_roadmap_review *r, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "INSERT INTO roadmap_reviews(id, held_on, notes, by) "
				  "VALUES((SELECT coalesce(max(id), 0) + 1 FROM roadmap_reviews), $1, $2, $3) RETURNING id, at";
	pg_params a = PG_PARAMS_INIT;
	pg_date(&a, true, r->on);
	pg_text(&a, r->notes);
	pg_text(&a, r->by);
	if (lock_ids(p, LOCK_REVIEWS, err))
		return err->code;
	PGresult *res = pg_run(p, sql, &a, "recording a roadmap review", err);
	if (!res)
		return err->code;
	r->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, r->at, sizeof(r->at));
	PQclear(res);
	return 0;
}

static int pg_roadmap_review_list(tm_store *st, int limit, tm_roadmap_reviews *out, tm_error *err)
{
	static const char sql[] = "SELECT id, held_on, notes, by, at FROM roadmap_reviews ORDER BY held_on DESC, id DESC "
				  "LIMIT $1";
	pg_params a = PG_PARAMS_INIT;
	if (limit > 0)
		pg_int(&a, limit);
	else
		pg_text(&a, NULL); /* LIMIT NULL: all */
	memset(out, 0, sizeof(*out));
	PGresult *res = pg_run(PG(st), sql, &a, "listing the roadmap's reviews", err);
	if (!res)
		return err->code;
	for (int i = 0; i < PQntuples(res); i++) {
		tm_roadmap_review *r = TM_VEC_PUSH(out);
		memset(r, 0, sizeof(*r));
		r->id = pg_col_i64(res, i, 0);
		tm_error ignored = TM_ERROR_INIT;
		if (tm_date_parse_any(PQgetvalue(res, i, 1), &r->on, &ignored))
			r->on = 0;
		pg_col_text(res, i, 2, r->notes, sizeof(r->notes));
		pg_col_text(res, i, 3, r->by, sizeof(r->by));
		pg_col_text(res, i, 4, r->at, sizeof(r->at));
	}
	PQclear(res);
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

/* A boolean or integer column read as true or false ("t", "1"). */
static bool col_bool(const PGresult *res, int i, int col)
{
	const char *v = PQgetvalue(res, i, col);
	return v && (v[0] == 't' || (v[0] >= '1' && v[0] <= '9'));
}

static int pg_roadmap_open_work(tm_store *st, tm_roadmap_works *out, tm_deps *deps, tm_error *err)
{
	static const char deps_sql[] = "SELECT task_id, after_id FROM task_deps";
	static const char sql[] = "SELECT id, launch_id, effort_days, status, milestone, due_offset, due, not_before, product FROM tasks "
		"WHERE status IN ('todo', 'in_progress', 'awaiting_approval')";
	memset(out, 0, sizeof(*out));
	memset(deps, 0, sizeof(*deps));
	PGresult *res = pg_run(PG(st), sql, NULL, "reading the open work of the planned launches", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	if (n)
		TM_VEC_GROW(out, (size_t)n);
	for (int i = 0; i < n; i++)
		fill_work(TM_VEC_PUSH(out), pg_col_i64(res, i, 0), pg_col_i64(res, i, 1), (int)pg_col_i64(res, i, 2),
			  PQgetvalue(res, i, 3), col_bool(res, i, 4), PQgetisnull(res, i, 5) ? NULL : PQgetvalue(res, i, 5),
			  PQgetisnull(res, i, 6) ? NULL : PQgetvalue(res, i, 6), PQgetisnull(res, i, 7) ? NULL : PQgetvalue(res, i, 7),
			  col_bool(res, i, 8));
	PQclear(res);
	if (!(res = pg_run(PG(st), deps_sql, NULL, "reading the dependencies of the open work", err))) {
		TM_VEC_FREE(out);
		return err->code;
	}
	n = PQntuples(res);
	if (n)
		TM_VEC_GROW(deps, (size_t)n);
	for (int i = 0; i < n; i++)
		*TM_VEC_PUSH(deps) = (tm_dep){ pg_col_i64(res, i, 0), pg_col_i64(res, i, 1) };
	PQclear(res);
	return 0;
}

const struct tm_store_roadmap_ops tm_pg_roadmap_ops = {
	.add = pg_roadmap_add,
	.update = pg_roadmap_update,
	.rm = pg_roadmap_rm,
	.get = pg_roadmap_get,
	.list = pg_roadmap_list,
	.review_add = pg_roadmap_review_add,
	.review_list = pg_roadmap_review_list,
	.open_work = pg_roadmap_open_work,
};
