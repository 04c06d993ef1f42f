/*
 * pg_metrics.c - a launch's success metrics, their observations and the
 * post-launch reviews held, on PostgreSQL: what sqlite_metrics.c does. A
 * metric's id is past the highest one the table ever held (id_sequence, as
 * launches); an observation's is the table's highest plus one. Values are
 * double precision, sent as "%.17g" and read back from PostgreSQL's shortest
 * exact text: both read back as the very double.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

/* Room for the text of a statement's double parameters (pg_params' own holds 23 characters; "%.17g"
 * of a tiny negative value takes 24). */
struct doubles {
	int n;
	char v[4][32];
};

/* A double parameter, in a text that reads back as v. */
static void pg_double(pg_params *a, struct doubles *d, double v)
{
	if (d->n < 4) {
		snprintf(d->v[d->n], sizeof(d->v[d->n]), "%.17g", v);
		pg_text(a, d->v[d->n++]);
	} else {
		pg_text(a, NULL); /* never: no statement here has more than three */
	}
}

/* $1 … $12: the columns add and update both write, in this order. */
static void metric_params(pg_params *a, struct doubles *d, const tm_metric *m)
{
	pg_text(a, m->name);
	pg_text(a, tm_metric_kind_name(m->kind));
	pg_text(a, tm_unit_name(&m->unit));
	pg_text(a, tm_metric_direction_text(m->down));
	pg_double(a, d, m->baseline);
	pg_date(a, m->has_baseline_on, m->baseline_on);
	pg_text(a, tm_target_kind_text(m->target.kind));
	pg_double(a, d, m->target.v);
	pg_int(a, m->target.percent_sign);
	pg_int(a, m->window);
	pg_id(a, m->owner_id);
	pg_text(a, m->source);
}

/* The summary's four columns, in this order. */
static void summary_params(pg_params *a, struct doubles *d, const tm_metric_summary *sum)
{
	pg_int(a, sum->n);
	pg_date(a, sum->has_latest, sum->latest_on);
	if (sum->has_latest)
		pg_double(a, d, sum->latest);
	else
		pg_text(a, NULL);
	pg_date(a, sum->met, sum->met_on);
}

static int name_taken(const tm_metric *m, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "launch %lld already has a metric named '%s'",
			     (long long)m->launch_id, m->name);
}

static int pg_metric_add(tm_store *st, tm_metric *m, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO metrics(id, launch_id, position, name, kind, unit, direction, baseline, baseline_on, "
		"target_kind, target, target_percent_sign, window_days, owner_id, source, obs_count, latest_on, "
		"latest_value, met_on) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM metrics)) + 1 "
		"FROM id_sequence WHERE name = 'metrics'), $13::bigint, "
		"(SELECT coalesce(max(position), 0) + 1 FROM metrics WHERE launch_id = $13::bigint), "
		"$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $15, $16, $17) RETURNING id, position";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d = { 0 };
	metric_params(&a, &d, m);
	pg_int(&a, m->launch_id);
	summary_params(&a, &d, &m->sum);
	if (pg_lock_ids(PG(st), PG_IDS_METRICS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding a metric", err);
	if (!res) {
		if (err->code == TM_ECONFLICT)
			return name_taken(m, err);
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "adding a metric: unknown launch %lld or owner %lld",
				       (long long)m->launch_id, (long long)m->owner_id);
		return err->code;
	}
	m->id = pg_col_i64(res, 0, 0);
	m->position = (int)pg_col_i64(res, 0, 1);
	m->version = 1;
	PQclear(res);
	return 0;
}

/* After a write at a version changed nothing: TM_ESTALE when the metric is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct pg *p, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM metrics WHERE id = $1";
	return pg_stale_or_gone(p, sql, "metric", id, err);
}

static int pg_metric_update(tm_store *st, tm_metric *m, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE metrics SET name = $1, kind = $2, unit = $3, direction = $4, baseline = $5, baseline_on = $6, "
		"target_kind = $7, target = $8, target_percent_sign = $9, window_days = $10, owner_id = $11, "
		"source = $12, version = version + 1, updated_at = tm_now() WHERE id = $13 AND version = $14";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d = { 0 };
	metric_params(&a, &d, m);
	pg_int(&a, m->id);
	pg_int(&a, m->version);
	int rc = pg_do(p, sql, &a, "updating a metric", err);
	if (rc == TM_ECONFLICT)
		return name_taken(m, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a metric: unknown owner %lld", (long long)m->owner_id);
	if (rc)
		return rc;
	if (p->changed == 0)
		return stale_or_gone(p, m->id, err);
	m->version++;
	return 0;
}

static int pg_metric_summary_set(tm_store *st, int64_t id, const tm_metric_summary *sum, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "UPDATE metrics SET obs_count = $1, latest_on = $2, latest_value = $3, met_on = $4 "
				  "WHERE id = $5";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d = { 0 };
	summary_params(&a, &d, sum);
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "keeping a metric's summary", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)id);
	return rc;
}

static int pg_metric_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM metrics WHERE id = $1"; /* its observations go with it (cascade) */
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing a metric", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)id);
	return rc;
}

/* The one metric res holds, or TM_ENOTFOUND naming ref. */
static int one_metric(PGresult *res, tm_metric *out, const char *ref, tm_error *err)
{
	int rc = 0;
	if (PQntuples(res) > 0) {
		tm_row r = pg_row(res, 0);
		tm_row_metric(&r, out);
	} else {
		rc = tm_fail(err, TM_ENOTFOUND, "unknown metric %s", ref);
	}
	PQclear(res);
	return rc;
}

static int pg_metric_get(tm_store *st, int64_t id, tm_metric *out, tm_error *err)
{
	static const char sql[] = "SELECT " METRIC_COLS METRIC_FROM "WHERE m.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a metric", err);
	if (!res)
		return err->code;
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_metric(res, out, ref, err);
}

static int pg_metric_find(tm_store *st, int64_t launch_id, const char *name, tm_metric *out, tm_error *err)
{
	static const char sql[] = "SELECT " METRIC_COLS METRIC_FROM
				  "WHERE m.launch_id = $1 AND lower(m.name) = lower($2::text COLLATE \"C\")";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	pg_text(&a, name);
	PGresult *res = pg_run(PG(st), sql, &a, "reading a metric", err);
	if (!res)
		return err->code;
	char ref[TM_METRIC_NAME_MAX + 8];
	snprintf(ref, sizeof(ref), "'%s'", name);
	return one_metric(res, out, ref, err);
}

static int pg_metric_list(tm_store *st, int64_t launch_id, tm_metrics *out, tm_error *err)
{
	static const char one[] = "SELECT " METRIC_COLS METRIC_FROM "WHERE m.launch_id = $1 ORDER BY m.position, m.id";
	static const char all[] = "SELECT " METRIC_COLS METRIC_FROM
				  "WHERE l.status <> 'cancelled' ORDER BY m.launch_id, m.position, m.id";
	pg_params a = PG_PARAMS_INIT;
	if (launch_id)
		pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), launch_id ? one : all, &a, "listing metrics", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int i = 0; i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_metric(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_obs_add(tm_store *st, tm_observation *o, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO metric_observations(id, metric_id, on_date, value, note, by, at) "
		"VALUES((SELECT coalesce(max(id), 0) + 1 FROM metric_observations), $1, $2, $3, $4, $5, "
		"coalesce($6, tm_now())) RETURNING id, at";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d = { 0 };
	pg_int(&a, o->metric_id);
	pg_date(&a, true, o->on);
	pg_double(&a, &d, o->value);
	pg_text(&a, o->note);
	pg_text(&a, o->by);
	pg_text_or_null(&a, o->at);
	if (pg_lock_ids(PG(st), PG_IDS_OBSERVATIONS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "recording an observation", err);
	if (!res) {
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)o->metric_id);
		return err->code;
	}
	o->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, o->at, sizeof(o->at));
	PQclear(res);
	return 0;
}

static int pg_obs_list(tm_store *st, int64_t metric_id, tm_date from, tm_date to, tm_observations *out,
		       tm_error *err)
{
	static const char sql[] = "SELECT " OBSERVATION_COLS " FROM metric_observations WHERE metric_id = $1 "
				  "AND ($2::text IS NULL OR on_date >= $2) AND ($3::text IS NULL OR on_date <= $3) "
				  "ORDER BY on_date, id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, metric_id);
	pg_date(&a, from != 0, from);
	pg_date(&a, to != 0, to);
	PGresult *res = pg_run(PG(st), sql, &a, "listing observations", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int i = 0; i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_observation(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

static int pg_review_put(tm_store *st, const tm_review *rv, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO reviews(launch_id, stage, held_on, notes, by, at) "
		"VALUES($1, $2, $3, $4, $5, coalesce($6, tm_now())) "
		"ON CONFLICT (launch_id, stage) DO UPDATE SET held_on = excluded.held_on, notes = excluded.notes, "
		"by = excluded.by, at = excluded.at";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, rv->launch_id);
	pg_text(&a, tm_stage_name(rv->stage));
	pg_date(&a, true, rv->held_on);
	pg_text(&a, rv->notes);
	pg_text(&a, rv->by);
	pg_text_or_null(&a, rv->at);
	int rc = pg_do(PG(st), sql, &a, "recording a review", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "unknown launch %lld", (long long)rv->launch_id);
	return rc;
}

static int pg_review_list(tm_store *st, int64_t launch_id, tm_reviews *out, tm_error *err)
{
	static const char sql[] = "SELECT " REVIEW_COLS " FROM reviews WHERE launch_id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, launch_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing reviews", err);
	if (!res)
		return err->code;
	size_t first = out->n;
	tm_review rv;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		if (tm_row_review(&r, &rv))
			*TM_VEC_PUSH(out) = rv;
	}
	PQclear(res);
	tm_reviews_sort(out->v + first, out->n - first);
	return 0;
}

const struct tm_store_metrics_ops tm_pg_metrics_ops = {
	.add = pg_metric_add,
	.update = pg_metric_update,
	.summary_set = pg_metric_summary_set,
	.rm = pg_metric_rm,
	.get = pg_metric_get,
	.find = pg_metric_find,
	.list = pg_metric_list,
	.obs_add = pg_obs_add,
	.obs_list = pg_obs_list,
	.review_put = pg_review_put,
	.review_list = pg_review_list,
};
