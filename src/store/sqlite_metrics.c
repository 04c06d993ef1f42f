/*
 * sqlite_metrics.c - a launch's success metrics, their observations and the
 * post-launch reviews held (core/metric.h). A metric's row carries the
 * summary of its observations (the app keeps it), so listing every metric of
 * every launch is one query that reads no observation.
 *
 * Values are REAL: bound as doubles and read as doubles (a metric's), or
 * through a row whose text of a REAL column is "%.17g" (an observation's):
 * SQLite's own text of a double keeps 15 digits, which would not read back
 * as the value stored.
 */
#include <stdio.h>
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

#define MAX_COLS 24

/* A statement's row whose REAL columns read as exact text (or, skip_reals, as NULL: the caller reads
 * them as doubles itself, which saves formatting and parsing 150,000 of them in a list of every metric). */
struct exact_row {
	sqlite3_stmt *st;
	bool skip_reals;
	char num[MAX_COLS][32];
};

static const char *exact_text(const tm_row *r, int col)
{
	struct exact_row *x = r->res;
	if (col < MAX_COLS && sqlite3_column_type(x->st, col) == SQLITE_FLOAT) {
		if (x->skip_reals)
			return NULL;
		snprintf(x->num[col], sizeof(x->num[col]), "%.17g", sqlite3_column_double(x->st, col));
		return x->num[col];
	}
	return (const char *)sqlite3_column_text(x->st, col);
}

static int64_t exact_i64(const tm_row *r, int col)
{
	return sqlite3_column_int64(((struct exact_row *)r->res)->st, col);
}

static const struct tm_row_ops exact_ops = { .text = exact_text, .i64 = exact_i64 };

static tm_row exact_row(struct exact_row *x, sqlite3_stmt *st)
{
	x->st = st;
	x->skip_reals = false;
	return (tm_row){ &exact_ops, x, 0 };
}

/* A metric of q's row (METRIC_COLS), its doubles read as doubles. */
static void read_metric(struct exact_row *x, const tm_row *r, tm_metric *m)
{
	x->skip_reals = true;
	tm_row_metric(r, m);
	m->baseline = sqlite3_column_double(x->st, METRIC_COL_BASELINE);
	m->target.v = sqlite3_column_double(x->st, METRIC_COL_TARGET);
	if (m->sum.has_latest)
		m->sum.latest = sqlite3_column_double(x->st, METRIC_COL_LATEST);
}

static void bind_double(sqlite3_stmt *q, const char *name, double v)
{
	int i = sqlite3_bind_parameter_index(q, name);
	if (i > 0)
		sqlite3_bind_double(q, i, v);
}

/* The columns add and update both write. */
static void bind_metric(sqlite3_stmt *q, const tm_metric *m)
{
	sq_bind_text(q, ":name", m->name);
	sq_bind_text(q, ":kind", tm_metric_kind_name(m->kind));
	sq_bind_text(q, ":unit", tm_unit_name(&m->unit));
	sq_bind_text(q, ":direction", tm_metric_direction_text(m->down));
	bind_double(q, ":baseline", m->baseline);
	sq_bind_date(q, ":baseline_on", m->has_baseline_on, m->baseline_on);
	sq_bind_text(q, ":target_kind", tm_target_kind_text(m->target.kind));
	bind_double(q, ":target", m->target.v);
	sq_bind_int(q, ":percent_sign", m->target.percent_sign);
	sq_bind_int(q, ":window", m->window);
	sq_bind_id(q, ":owner", m->owner_id);
	sq_bind_text(q, ":source", m->source);
}

static void bind_summary(sqlite3_stmt *q, const tm_metric_summary *sum)
{
	sq_bind_int(q, ":n", sum->n);
	sq_bind_date(q, ":latest_on", sum->has_latest, sum->latest_on);
	if (sum->has_latest)
		bind_double(q, ":latest", sum->latest);
	else
		sqlite3_bind_null(q, sqlite3_bind_parameter_index(q, ":latest"));
	sq_bind_date(q, ":met_on", sum->met, sum->met_on);
}

static int name_taken(const tm_metric *m, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "launch %lld already has a metric named '%s'",
			     (long long)m->launch_id, m->name);
}

static int sq_metric_add(tm_store *st, tm_metric *m, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char next[] = "SELECT coalesce(max(position), 0) + 1 FROM metrics WHERE launch_id = :launch";
	static const char sql[] =
		"INSERT INTO metrics(id, launch_id, position, name, kind, unit, direction, baseline, baseline_on, "
		"target_kind, target, target_percent_sign, window_days, owner_id, source, obs_count, latest_on, "
		"latest_value, met_on) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'metrics'), :launch, :position, :name, :kind, "
		":unit, :direction, :baseline, :baseline_on, :target_kind, :target, :percent_sign, :window, :owner, "
		":source, :n, :latest_on, :latest, :met_on)";
	sqlite3_stmt *q = sq_stmt(s, next, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", m->launch_id);
	int step = sqlite3_step(q);
	int position = step == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_reset(q);
	if (step != SQLITE_ROW)
		return sq_db_fail(s, err, "adding a metric");
	if (!(q = sq_stmt(s, sql, err)))
		return err->code;
	sq_bind_int(q, ":launch", m->launch_id);
	sq_bind_int(q, ":position", position);
	bind_metric(q, m);
	bind_summary(q, &m->sum);
	int rc = sq_exec_stmt(s, q, "adding a metric", err);
	if (rc == TM_ECONFLICT)
		return name_taken(m, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "adding a metric: unknown launch %lld or owner %lld",
			       (long long)m->launch_id, (long long)m->owner_id);
	if (!rc) {
		m->id = sqlite3_last_insert_rowid(s->db);
		m->position = position;
		m->version = 1;
	}
	return rc;
}

/* After a write at a version changed nothing: TM_ESTALE when the metric is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct sq *s, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM metrics WHERE id = :id";
	return sq_stale_or_gone(s, sql, "metric", id, err);
}

static int sq_metric_update(tm_store *st, tm_metric *m, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE metrics SET name = :name, kind = :kind, unit = :unit, direction = :direction, "
		"baseline = :baseline, baseline_on = :baseline_on, target_kind = :target_kind, target = :target, "
		"target_percent_sign = :percent_sign, window_days = :window, owner_id = :owner, source = :source, "
		"version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
		"WHERE id = :id AND version = :version";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_metric(q, m);
	sq_bind_int(q, ":id", m->id);
	sq_bind_int(q, ":version", m->version);
	int rc = sq_exec_stmt(s, q, "updating a metric", err);
	if (rc == TM_ECONFLICT)
		return name_taken(m, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a metric: unknown owner %lld", (long long)m->owner_id);
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return stale_or_gone(s, m->id, err);
	m->version++;
	return 0;
}

static int sq_metric_summary_set(tm_store *st, int64_t id, const tm_metric_summary *sum, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE metrics SET obs_count = :n, latest_on = :latest_on, latest_value = :latest, "
				  "met_on = :met_on WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_summary(q, sum);
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "keeping a metric's summary", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)id);
	return rc;
}

static int sq_metric_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM metrics WHERE id = :id"; /* its observations go with it (cascade) */
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a metric", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)id);
	return rc;
}

/* The one metric q finds, or TM_ENOTFOUND with what (a printf of ref). */
static int one_metric(struct sq *s, sqlite3_stmt *q, tm_metric *out, const char *ref, tm_error *err)
{
	struct exact_row x;
	tm_row r = exact_row(&x, q);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		read_metric(&x, &r, out);
	sqlite3_reset(q);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a metric");
	return tm_fail(err, TM_ENOTFOUND, "unknown metric %s", ref);
}

static int sq_metric_get(tm_store *st, int64_t id, tm_metric *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " METRIC_COLS METRIC_FROM "WHERE m.id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	return one_metric(s, q, out, ref, err);
}

static int sq_metric_find(tm_store *st, int64_t launch_id, const char *name, tm_metric *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " METRIC_COLS METRIC_FROM
				  "WHERE m.launch_id = :launch AND m.name = :name COLLATE NOCASE";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":name", name);
	char ref[TM_METRIC_NAME_MAX + 8];
	snprintf(ref, sizeof(ref), "'%s'", name);
	return one_metric(s, q, out, ref, err);
}

static int sq_metric_list(tm_store *st, int64_t launch_id, tm_metrics *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char one[] = "SELECT " METRIC_COLS METRIC_FROM "WHERE m.launch_id = :launch ORDER BY m.position, m.id";
	static const char all[] = "SELECT " METRIC_COLS METRIC_FROM
				  "WHERE l.status <> 'cancelled' ORDER BY m.launch_id, m.position, m.id";
	sqlite3_stmt *q = sq_stmt(s, launch_id ? one : all, err);
	if (!q)
		return err->code;
	if (launch_id) {
		sq_bind_int(q, ":launch", launch_id);
	} else {
		/* The whole portfolio's (50,000 metrics): the list is sized once, not copied at every doubling. */
		sqlite3_stmt *c = sq_stmt(s, "SELECT count(*) FROM metrics", err);
		if (!c)
			return err->code;
		if (sqlite3_step(c) == SQLITE_ROW)
			TM_VEC_GROW(out, out->n + (size_t)sqlite3_column_int64(c, 0));
		sqlite3_reset(c);
	}
	struct exact_row x;
	tm_row r = exact_row(&x, q);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_metric(&x, &r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing metrics");
}

static int sq_obs_add(tm_store *st, tm_observation *o, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO metric_observations(metric_id, on_date, value, note, by, at) "
		"VALUES(:metric, :on, :value, :note, :by, coalesce(:at, strftime('%Y-%m-%dT%H:%M:%SZ','now')))";
	static const char at[] = "SELECT at FROM metric_observations WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":metric", o->metric_id);
	sq_bind_date(q, ":on", true, o->on);
	bind_double(q, ":value", o->value);
	sq_bind_text(q, ":note", o->note);
	sq_bind_text(q, ":by", o->by);
	sq_bind_text_or_null(q, ":at", o->at);
	int rc = sq_exec_stmt(s, q, "recording an observation", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "unknown metric %lld", (long long)o->metric_id);
	if (rc)
		return rc;
	o->id = sqlite3_last_insert_rowid(s->db);
	if (o->at[0])
		return 0;
	if (!(q = sq_stmt(s, at, err)))
		return err->code;
	sq_bind_int(q, ":id", o->id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		sq_col_text(q, 0, o->at, sizeof(o->at));
	sqlite3_reset(q);
	return step == SQLITE_ROW ? 0 : sq_db_fail(s, err, "recording an observation");
}

static int sq_obs_list(tm_store *st, int64_t metric_id, tm_date from, tm_date to, tm_observations *out,
		       tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " OBSERVATION_COLS " FROM metric_observations WHERE metric_id = :metric "
				  "AND (:from IS NULL OR on_date >= :from) AND (:to IS NULL OR on_date <= :to) "
				  "ORDER BY on_date, id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":metric", metric_id);
	sq_bind_date(q, ":from", from != 0, from);
	sq_bind_date(q, ":to", to != 0, to);
	struct exact_row x;
	tm_row r = exact_row(&x, q);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_observation(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing observations");
}

static int sq_review_put(tm_store *st, const tm_review *rv, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO reviews(launch_id, stage, held_on, notes, by, at) "
		"VALUES(:launch, :stage, :held_on, :notes, :by, coalesce(:at, strftime('%Y-%m-%dT%H:%M:%SZ','now'))) "
		"ON CONFLICT(launch_id, stage) DO UPDATE SET held_on = excluded.held_on, notes = excluded.notes, "
		"by = excluded.by, at = excluded.at";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", rv->launch_id);
	sq_bind_text(q, ":stage", tm_stage_name(rv->stage));
	sq_bind_date(q, ":held_on", true, rv->held_on);
	sq_bind_text(q, ":notes", rv->notes);
	sq_bind_text(q, ":by", rv->by);
	sq_bind_text_or_null(q, ":at", rv->at);
	int rc = sq_exec_stmt(s, q, "recording a review", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "unknown launch %lld", (long long)rv->launch_id);
	return rc;
}

static int sq_review_list(tm_store *st, int64_t launch_id, tm_reviews *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " REVIEW_COLS " FROM reviews WHERE launch_id = :launch";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	size_t first = out->n;
	tm_row r = sq_row(q);
	tm_review rv;
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		if (tm_row_review(&r, &rv))
			*TM_VEC_PUSH(out) = rv;
	sqlite3_reset(q);
	if (step != SQLITE_DONE)
		return sq_db_fail(s, err, "listing reviews");
	tm_reviews_sort(out->v + first, out->n - first);
	return 0;
}

const struct tm_store_metrics_ops tm_sqlite_metrics_ops = {
	.add = sq_metric_add,
	.update = sq_metric_update,
	.summary_set = sq_metric_summary_set,
	.rm = sq_metric_rm,
	.get = sq_metric_get,
	.find = sq_metric_find,
	.list = sq_metric_list,
	.obs_add = sq_obs_add,
	.obs_list = sq_obs_list,
	.review_put = sq_review_put,
	.review_list = sq_review_list,
};
