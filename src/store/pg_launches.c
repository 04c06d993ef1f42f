/*
 * pg_launches.c - launches, the owners they name for each role, and their
 * removal with everything that hangs from them, on PostgreSQL: what
 * sqlite_launches.c does. A whole list is one query with the people joined
 * and sorted by the server (SQLite's read-in-id-order-and-sort-here is a
 * SQLite speed trick that buys nothing over a network).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

/* $1 … $9: the columns add and update both set, in this order. */
static void launch_params(pg_params *a, const tm_launch *l)
{
	pg_text(a, l->slug);
	pg_text(a, l->name);
	pg_int(a, l->tier);
	pg_date(a, true, l->date);
	pg_text(a, tm_launch_status_name(l->status));
	pg_text(a, tm_confidence_name(l->confidence));
	pg_id(a, l->pm_id);
	pg_id(a, l->marketing_id);
	pg_text_or_null(a, l->quadrant >= 0 ? tm_quadrant_name(l->quadrant) : NULL);
}

/*
 * The next id is past the highest one the table ever held (id_sequence.last, SQLite's rule) and
 * past every id it holds now: so the counter needs to be written only when the highest row goes,
 * not by every insert (which, in a transaction adding thousands, leaves the counter's row a chain
 * of thousands of versions that every next insert walks).
 */
static int pg_launch_add(tm_store *st, tm_launch *l, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO launches(id, slug, name, tier, date, status, confidence, pm_id, marketing_id, quadrant) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM launches)) + 1 "
		"FROM id_sequence WHERE name = 'launches'), "
		"$1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
	pg_params a = PG_PARAMS_INIT;
	launch_params(&a, l);
	if (pg_lock_ids(PG(st), PG_IDS_LAUNCHES, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a launch", err);
	if (!res) {
		if (err->code == TM_ECONFLICT)
			return tm_fail(err, TM_ECONFLICT, "a launch with slug '%s' already exists", l->slug);
		return err->code;
	}
	l->id = pg_col_i64(res, 0, 0);
	l->version = 1;
	PQclear(res);
	return 0;
}

static int pg_launch_update(tm_store *st, tm_launch *l, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE launches SET slug = $1, name = $2, tier = $3, date = $4, "
		"status = $5, confidence = $6, pm_id = $7, marketing_id = $8, "
		"quadrant = $9, date_changes = $10, "
		"version = version + 1, updated_at = tm_now() WHERE id = $11 "
		/* at the version the use case read, unless this transaction wrote it since */
		"AND (version = $12 OR xmin = pg_current_xact_id()::xid)";
	pg_params a = PG_PARAMS_INIT;
	launch_params(&a, l);
	pg_int(&a, l->date_changes);
	pg_int(&a, l->id);
	pg_int(&a, l->version);
	int rc = pg_do(p, sql, &a, "updating a launch", err);
	if (!rc && p->changed == 0)
		return pg_gone_or_changed(p, "launches", l->id, err) ? err->code
			: tm_fail(err, TM_ENOTFOUND, "unknown launch '%lld'", (long long)l->id);
	if (!rc)
		l->version++;
	return rc;
}

/* The one launch res holds, or TM_ENOTFOUND naming ref. */
static int one_launch(PGresult *res, tm_launch *out, const char *ref, tm_error *err)
{
	int rc = 0;
	if (PQntuples(res) > 0) {
		tm_row r = pg_row(res, 0);
		tm_row_launch(&r, out);
	} else {
		rc = tm_fail(err, TM_ENOTFOUND, "unknown launch '%s'", ref);
	}
	PQclear(res);
	return rc;
}

static int pg_launch_get(tm_store *st, int64_t id, tm_launch *out, tm_error *err)
{
	static const char sql[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a launch", err);
	if (!res)
		return err->code;
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_launch(res, out, ref, err);
}

static int pg_launch_find(tm_store *st, const char *ref, tm_launch *out, tm_error *err)
{
	static const char by_slug[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.slug = $1";
	static const char by_id[] = "SELECT " LAUNCH_COLS LAUNCH_FROM "WHERE l.id = $1";
	bool numeric = ref[0] != '\0' && strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 19;
	pg_params a = PG_PARAMS_INIT;
	if (numeric)
		pg_int(&a, strtoll(ref, NULL, 10));
	else
		pg_text(&a, ref);
	PGresult *res = pg_run(PG(st), numeric ? by_id : by_slug, &a, "reading a launch", err);
	if (!res)
		return err->code;
	return one_launch(res, out, ref, err);
}

static int pg_launch_list(tm_store *st, const tm_launch_filter *f, tm_launches *out, tm_error *err)
{
	/* A NULL limit is no limit. */
	static const char sql[] =
		"SELECT " LAUNCH_COLS LAUNCH_FROM
		"WHERE ($1::bigint = 0 OR l.tier = $1) AND ($2::text IS NULL OR l.status = $2) "
		"AND ($3::text IS NULL OR l.date >= $3) AND ($4::text IS NULL OR l.date <= $4) "
		"AND ($5::bigint = 0 OR l.pm_id = $5 OR l.marketing_id = $5 OR EXISTS "
		"(SELECT 1 FROM launch_owners o WHERE o.launch_id = l.id AND o.person_id = $5)) "
		"ORDER BY l.date, l.id LIMIT $6::bigint OFFSET $7::bigint";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, f->tier);
	pg_text_or_null(&a, f->status >= 0 ? tm_launch_status_name(f->status) : NULL);
	pg_date(&a, f->has_from, f->from);
	pg_date(&a, f->has_to, f->to);
	pg_int(&a, f->owner_id);
	pg_id(&a, f->limit > 0 ? f->limit : 0);
	pg_int(&a, f->offset > 0 ? f->offset : 0); /* SQLite takes a negative offset as none */
	PGresult *res = pg_run(PG(st), sql, &a, "listing launches", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int i = 0; i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_launch(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_launch_count(tm_store *st, int64_t *n, tm_error *err)
{
	static const char sql[] = "SELECT count(*) FROM launches";
	*n = 0;
	PGresult *res = pg_run(PG(st), sql, NULL, "counting launches", err);
	if (!res)
		return err->code;
	*n = pg_col_i64(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_slug_taken(tm_store *st, const char *slug, bool *taken, tm_error *err)
{
	static const char sql[] = "SELECT 1 FROM launches WHERE slug = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, slug);
	*taken = false;
	PGresult *res = pg_run(PG(st), sql, &a, "checking a slug", err);
	if (!res)
		return err->code;
	*taken = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int pg_launch_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM launches WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a launch", err);
	if (!rc && !p->changed)
		return tm_fail(err, TM_ENOTFOUND, "unknown launch %lld", (long long)id);
	return rc;
}

static int pg_launch_owners(tm_store *st, int64_t launch_id, tm_role_owners *out, tm_error *err)
{
	static const char sql[] = "SELECT " ROLE_OWNER_COLS " FROM launch_owners o JOIN people p ON p.id = o.person_id "
				  "WHERE o.launch_id = $1 ORDER BY o.role";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a launch's owners", err);
	if (!res)
		return err->code;
	size_t first = out->n;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_role_owner o;
		if (tm_row_role_owner(&r, &o))
			*TM_VEC_PUSH(out) = o;
	}
	PQclear(res);
	tm_role_owners_sort(out->v + first, out->n - first);
	return 0;
}

static int pg_launch_owner_set(tm_store *st, int64_t launch_id, int role, int64_t person_id, tm_error *err)
{
	static const char sql[] = "INSERT INTO launch_owners(launch_id, role, person_id) VALUES($1, $2, $3) "
				  "ON CONFLICT (launch_id, role) DO UPDATE SET person_id = excluded.person_id";
	static const char rm[] = "DELETE FROM launch_owners WHERE launch_id = $1 AND role = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, tm_role_name(role));
	if (person_id)
		pg_int(&a, person_id);
	return pg_do(PG(st), person_id ? sql : rm, &a, "setting a launch's owner", err);
}

static int pg_launch_dris(tm_store *st, int64_t launch_id, tm_stream_dri_list *out, tm_error *err)
{
	static const char sql[] = "SELECT " STREAM_DRI_COLS " FROM launch_dris d JOIN people p ON p.id = d.person_id "
				  "WHERE d.launch_id = $1 ORDER BY d.stream";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a launch's DRIs", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_stream_dri(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_launch_dri_set(tm_store *st, int64_t launch_id, const char *stream, int64_t person_id, tm_error *err)
{
	static const char set[] = "INSERT INTO launch_dris(launch_id, stream, person_id) VALUES($1, $2, $3) "
				  "ON CONFLICT (launch_id, stream) DO UPDATE SET person_id = excluded.person_id";
	static const char rm[] = "DELETE FROM launch_dris WHERE launch_id = $1 AND stream = $2";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, stream);
	if (person_id)
		pg_int(&a, person_id);
	return pg_do(PG(st), person_id ? set : rm, &a, "setting a launch's DRI", err);
}

const struct tm_store_launches_ops tm_pg_launches_ops = {
	.add = pg_launch_add,
	.update = pg_launch_update,
	.get = pg_launch_get,
	.find = pg_launch_find,
	.list = pg_launch_list,
	.count = pg_launch_count,
	.slug_taken = pg_slug_taken,
	.rm = pg_launch_rm,
	.owners = pg_launch_owners,
	.owner_set = pg_launch_owner_set,
	.dris = pg_launch_dris,
	.dri_set = pg_launch_dri_set,
};
