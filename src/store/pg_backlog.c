/*
 * pg_backlog.c - the backlog of ideas, personas and questions on
 * PostgreSQL: what sqlite_backlog.c does. An item's id is past the highest
 * the table ever held (id_sequence, as launches), taken under the table's id
 * lock. Reach and effort are double precision, sent as "%.17g" and read
 * back from PostgreSQL's shortest exact text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/idea_row.h"
#include "store/pg_internal.h"

#include "util/banned.h"

/* The ideas table's id lock (pg_lock_ids): past the PG_IDS_* of pg_internal.h, which other parts extend. */
#define PG_IDS_IDEAS 24

/* The item in res's row r (IDEA_COLS). */
static void read_idea(const PGresult *res, int r, tm_idea *i)
{
	i->id = pg_col_i64(res, r, IDEA_COL_ID);
	pg_col_text(res, r, IDEA_COL_TITLE, i->title, sizeof(i->title));
	int k = tm_idea_name_index(tm_idea_kind_names, PQgetvalue(res, r, IDEA_COL_KIND));
	i->kind = k >= 0 ? k : TM_IDEA_IDEA;
	k = tm_idea_name_index(tm_idea_track_names, PQgetvalue(res, r, IDEA_COL_TRACK));
	i->track = k >= 0 ? k : TM_TRACK_PRODUCT;
	i->owner_id = pg_col_i64(res, r, IDEA_COL_OWNER_ID);
	pg_col_text(res, r, IDEA_COL_OWNER, i->owner, sizeof(i->owner));
	i->has_reach = !PQgetisnull(res, r, IDEA_COL_REACH);
	i->reach = i->has_reach ? strtod(PQgetvalue(res, r, IDEA_COL_REACH), NULL) : 0;
	i->impact = PQgetisnull(res, r, IDEA_COL_IMPACT) ? -1
							 : tm_idea_name_index(tm_impact_names, PQgetvalue(res, r, IDEA_COL_IMPACT));
	i->confidence = PQgetisnull(res, r, IDEA_COL_CONFIDENCE)
				? -1
				: tm_idea_name_index(tm_rice_confidence_names, PQgetvalue(res, r, IDEA_COL_CONFIDENCE));
	i->has_effort = !PQgetisnull(res, r, IDEA_COL_EFFORT);
	i->effort = i->has_effort ? strtod(PQgetvalue(res, r, IDEA_COL_EFFORT), NULL) : 0;
	k = tm_idea_name_index(tm_idea_status_names, PQgetvalue(res, r, IDEA_COL_STATUS));
	i->status = k >= 0 ? k : TM_IDEA_NEW;
	pg_col_text(res, r, IDEA_COL_WHY, i->why, sizeof(i->why));
	i->persona_id = pg_col_i64(res, r, IDEA_COL_PERSONA_ID);
	pg_col_text(res, r, IDEA_COL_PERSONA, i->persona, sizeof(i->persona));
	i->launch_id = pg_col_i64(res, r, IDEA_COL_LAUNCH_ID);
	pg_col_text(res, r, IDEA_COL_LAUNCH, i->launch_slug, sizeof(i->launch_slug));
	i->version = pg_col_i64(res, r, IDEA_COL_VERSION);
	pg_col_text(res, r, IDEA_COL_CREATED, i->created_at, sizeof(i->created_at));
	pg_col_text(res, r, IDEA_COL_UPDATED, i->updated_at, sizeof(i->updated_at));
}

/* Room for the text of the two doubles. */
struct doubles {
	char v[2][32];
};

/* $1 … $12: the columns add and update both write, in this order. */
static void idea_params(pg_params *a, struct doubles *d, const tm_idea *i)
{
	pg_text(a, i->title);
	pg_text(a, tm_idea_kind_names[i->kind]);
	pg_text(a, tm_idea_track_names[i->track]);
	pg_id(a, i->owner_id);
	snprintf(d->v[0], sizeof(d->v[0]), "%.17g", i->reach);
	pg_text(a, i->has_reach ? d->v[0] : NULL);
	pg_text(a, tm_idea_name_or_null(tm_impact_names, TM_IMPACT_COUNT, i->impact));
	pg_text(a, tm_idea_name_or_null(tm_rice_confidence_names, TM_RICE_CONF_COUNT, i->confidence));
	snprintf(d->v[1], sizeof(d->v[1]), "%.17g", i->effort);
	pg_text(a, i->has_effort ? d->v[1] : NULL);
	pg_text(a, tm_idea_status_names[i->status]);
	pg_text(a, i->why);
	pg_id(a, i->persona_id);
	pg_id(a, i->launch_id);
}

static int pg_idea_add(tm_store *st, tm_idea *i, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO ideas(id, title, kind, track, owner_id, reach, impact, confidence, effort, status, why, "
		"persona_id, launch_id) VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM ideas)) + 1 "
		"FROM id_sequence WHERE name = 'ideas'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	idea_params(&a, &d, i);
	if (pg_lock_ids(PG(st), PG_IDS_IDEAS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a backlog item", err);
	if (!res) {
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "adding a backlog item: unknown owner, persona or launch");
		return err->code;
	}
	i->id = pg_col_i64(res, 0, 0);
	i->version = 1;
	PQclear(res);
	return 0;
}

static int pg_idea_update(tm_store *st, tm_idea *i, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE ideas SET title = $1, kind = $2, track = $3, owner_id = $4, reach = $5, impact = $6, "
		"confidence = $7, effort = $8, status = $9, why = $10, persona_id = $11, launch_id = $12, "
		"version = version + 1, updated_at = tm_now() WHERE id = $13 AND version = $14";
	static const char version[] = "SELECT version FROM ideas WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	idea_params(&a, &d, i);
	pg_int(&a, i->id);
	pg_int(&a, i->version);
	int rc = pg_do(p, sql, &a, "updating a backlog item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a backlog item: unknown owner, persona or launch");
	if (rc)
		return rc;
	if (p->changed > 0) {
		i->version++;
		return 0;
	}
	pg_params b = PG_PARAMS_INIT;
	pg_int(&b, i->id);
	PGresult *res = pg_run(p, version, &b, "reading a backlog item", err);
	if (!res)
		return err->code;
	bool there = PQntuples(res) > 0;
	int64_t now = there ? pg_col_i64(res, 0, 0) : 0;
	PQclear(res);
	if (there)
		return tm_fail(err, TM_ESTALE, "backlog item %lld was changed since it was read (now version %lld)",
			       (long long)i->id, (long long)now);
	return tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)i->id);
}

static int pg_idea_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM ideas WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a backlog item", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)id);
	return rc;
}

static int pg_idea_get(tm_store *st, int64_t id, tm_idea *out, tm_error *err)
{
	static const char sql[] = "SELECT " IDEA_COLS IDEA_FROM "WHERE i.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a backlog item", err);
	if (!res)
		return err->code;
	int rc = 0;
	if (PQntuples(res) > 0) {
		memset(out, 0, sizeof(*out));
		read_idea(res, 0, out);
	} else {
		rc = tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)id);
	}
	PQclear(res);
	return rc;
}

/* Appends every row of res to out. */
static void read_all(PGresult *res, tm_ideas *out)
{
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int r = 0; r < n; r++)
		read_idea(res, r, TM_VEC_PUSH(out));
	PQclear(res);
}

/* The items a filter keeps, by id (PQclear it), or NULL with err set. */
static PGresult *list_result(tm_store *st, const tm_idea_filter *f, tm_error *err)
{
	static const char sql[] = "SELECT " IDEA_COLS IDEA_FROM
				  "WHERE ($1::text IS NULL OR i.kind = $1) AND ($2::text IS NULL OR i.track = $2) "
				  "AND ($3::text IS NULL OR i.status = $3) AND ($4::bigint IS NULL OR i.owner_id = $4) "
				  "AND ($5::int = 0 OR i.status NOT IN ('launched', 'sunset', 'dropped')) ORDER BY i.id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, tm_idea_name_or_null(tm_idea_kind_names, TM_IDEA_KIND_COUNT, f->kind));
	pg_text(&a, tm_idea_name_or_null(tm_idea_track_names, TM_TRACK_COUNT, f->track));
	pg_text(&a, tm_idea_name_or_null(tm_idea_status_names, TM_IDEA_STATUS_COUNT, f->status));
	pg_id(&a, f->owner_id);
	pg_int(&a, f->open_only);
	return pg_run(PG(st), sql, &a, "listing the backlog", err);
}

static int pg_idea_list(tm_store *st, const tm_idea_filter *f, tm_ideas *out, tm_error *err)
{
	PGresult *res = list_result(st, f, err);
	if (!res)
		return err->code;
	read_all(res, out);
	return 0;
}

static int pg_idea_scan(tm_store *st, const tm_idea_filter *f, int (*fn)(void *arg, const tm_idea *i), void *arg,
			tm_error *err)
{
	PGresult *res = list_result(st, f, err);
	if (!res)
		return err->code;
	tm_idea i;
	memset(&i, 0, sizeof(i));
	int rc = 0, n = PQntuples(res);
	for (int r = 0; r < n && !rc; r++) {
		read_idea(res, r, &i);
		rc = fn(arg, &i);
	}
	PQclear(res);
	return rc;
}

static int pg_idea_by_launch(tm_store *st, int64_t launch_id, tm_ideas *out, tm_error *err)
{
	static const char sql[] = "SELECT " IDEA_COLS IDEA_FROM "WHERE i.launch_id = $1 ORDER BY i.id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing a launch's backlog items", err);
	if (!res)
		return err->code;
	read_all(res, out);
	return 0;
}

const struct tm_store_backlog_ops tm_pg_backlog_ops = {
	.add = pg_idea_add,
	.update = pg_idea_update,
	.rm = pg_idea_rm,
	.get = pg_idea_get,
	.list = pg_idea_list,
	.by_launch = pg_idea_by_launch,
	.scan = pg_idea_scan,
};
