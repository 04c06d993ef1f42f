/*
 * pg_experiments.c - experiments and their arms on PostgreSQL: what
 * sqlite_experiments.c does. Ids are past the highest the table ever held
 * (id_sequence, as launches), taken under the table's id lock. Prices,
 * revenue and cost are double precision, sent as "%.17g" and read back from
 * PostgreSQL's shortest exact text: both read back as the very double.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

#include "util/banned.h"

/* The id locks of experiments and of their arms (pg_lock_ids): past the PG_IDS_* of pg_internal.h,
 * which other parts extend (the backlog's is 24). */
#define PG_IDS_EXPERIMENTS 29
#define PG_IDS_EXPERIMENT_ARMS 30

#define EXP_COLS                                                                                                    \
	"e.id, e.name, e.kind, e.hypothesis, e.owner_id, p.name, e.idea_id, i.title, e.launch_id, l.slug, "          \
	"e.current_price, e.planned_sample, e.monthly_traffic, e.cost, e.status, e.verdict, e.result, e.decision_id, " \
	"e.closed_on, e.version, e.created_at, e.updated_at "
#define EXP_FROM                                                                                                   \
	"FROM experiments e LEFT JOIN people p ON p.id = e.owner_id LEFT JOIN ideas i ON i.id = e.idea_id "          \
	"LEFT JOIN launches l ON l.id = e.launch_id "
#define ARM_COLS                                                                                                   \
	"id, experiment_id, position, name, control, price, message, visitors, conversions, revenue_per_conversion "

static int index_of(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static bool col_double(const PGresult *res, int r, int c, double *out)
{
	if (PQgetisnull(res, r, c)) {
		*out = 0;
		return false;
	}
	*out = strtod(PQgetvalue(res, r, c), NULL);
	return true;
}

static void read_experiment(const PGresult *res, int r, tm_experiment *e)
{
	memset(e, 0, sizeof(*e));
	e->id = pg_col_i64(res, r, 0);
	pg_col_text(res, r, 1, e->name, sizeof(e->name));
	e->kind = index_of(tm_experiment_kind_names, PQgetvalue(res, r, 2));
	if (e->kind < 0)
		e->kind = TM_EXP_PRICING;
	pg_col_text(res, r, 3, e->hypothesis, sizeof(e->hypothesis));
	e->owner_id = pg_col_i64(res, r, 4);
	pg_col_text(res, r, 5, e->owner, sizeof(e->owner));
	e->idea_id = pg_col_i64(res, r, 6);
	pg_col_text(res, r, 7, e->idea, sizeof(e->idea));
	e->launch_id = pg_col_i64(res, r, 8);
	pg_col_text(res, r, 9, e->launch_slug, sizeof(e->launch_slug));
	e->has_current_price = col_double(res, r, 10, &e->current_price);
	e->planned_sample = pg_col_i64(res, r, 11);
	e->monthly_traffic = pg_col_i64(res, r, 12);
	e->has_cost = col_double(res, r, 13, &e->cost);
	e->status = index_of(tm_experiment_status_names, PQgetvalue(res, r, 14));
	if (e->status < 0)
		e->status = TM_EXP_RUNNING;
	e->verdict = PQgetisnull(res, r, 15) ? -1 : index_of(tm_verdict_names, PQgetvalue(res, r, 15));
	pg_col_text(res, r, 16, e->result, sizeof(e->result));
	e->decision_id = pg_col_i64(res, r, 17);
	if (PQgetisnull(res, r, 18) || tm_date_parse_any(PQgetvalue(res, r, 18), &e->closed_on, NULL))
		e->closed_on = 0;
	e->version = pg_col_i64(res, r, 19);
	pg_col_text(res, r, 20, e->created_at, sizeof(e->created_at));
	pg_col_text(res, r, 21, e->updated_at, sizeof(e->updated_at));
}

static void read_arm(const PGresult *res, int r, tm_arm *a)
{
	memset(a, 0, sizeof(*a));
	a->id = pg_col_i64(res, r, 0);
	a->experiment_id = pg_col_i64(res, r, 1);
	a->position = (int)pg_col_i64(res, r, 2);
	pg_col_text(res, r, 3, a->name, sizeof(a->name));
	a->control = pg_col_i64(res, r, 4) != 0;
	a->has_price = col_double(res, r, 5, &a->price);
	pg_col_text(res, r, 6, a->message, sizeof(a->message));
	a->visitors = pg_col_i64(res, r, 7);
	a->conversions = pg_col_i64(res, r, 8);
	a->has_revenue = col_double(res, r, 9, &a->revenue_per_conversion);
}

/* Room for the text of a statement's doubles. */
struct doubles {
	char v[2][32];
};

static void pg_double(pg_params *a, char *buf, size_t n, bool has, double v)
{
	snprintf(buf, n, "%.17g", v);
	pg_text(a, has ? buf : NULL);
}

/* $1 … $15: the columns add and update both write, in this order. */
static void experiment_params(pg_params *a, struct doubles *d, const tm_experiment *e)
{
	pg_text(a, e->name);
	pg_text(a, tm_experiment_kind_names[e->kind]);
	pg_text(a, e->hypothesis);
	pg_id(a, e->owner_id);
	pg_id(a, e->idea_id);
	pg_id(a, e->launch_id);
	/* cppcheck-suppress uninitvar ; d->v[0] is where pg_double writes the number */
	pg_double(a, d->v[0], sizeof(d->v[0]), e->has_current_price, e->current_price);
	pg_int(a, e->planned_sample);
	pg_int(a, e->monthly_traffic);
	pg_double(a, d->v[1], sizeof(d->v[1]), e->has_cost, e->cost);
	pg_text(a, tm_experiment_status_names[e->status]);
	pg_text(a, e->verdict >= 0 && e->verdict < TM_VERDICT_COUNT ? tm_verdict_names[e->verdict] : NULL);
	pg_text(a, e->result);
	pg_id(a, e->decision_id);
	pg_date(a, e->closed_on != 0, e->closed_on);
}

static int name_taken(const char *name, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "an experiment named '%s' exists already", name);
}

static int pg_exp_add(tm_store *st, tm_experiment *e, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO experiments(id, name, kind, hypothesis, owner_id, idea_id, launch_id, current_price, "
		"planned_sample, monthly_traffic, cost, status, verdict, result, decision_id, closed_on) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM experiments)) + 1 FROM id_sequence "
		"WHERE name = 'experiments'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
		"RETURNING id, created_at, updated_at";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	experiment_params(&a, &d, e);
	if (pg_lock_ids(PG(st), PG_IDS_EXPERIMENTS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding an experiment", err);
	if (!res) {
		if (err->code == TM_ECONFLICT)
			return name_taken(e->name, err);
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "adding an experiment: unknown owner, idea or launch");
		return err->code;
	}
	e->id = pg_col_i64(res, 0, 0);
	pg_col_text(res, 0, 1, e->created_at, sizeof(e->created_at));
	pg_col_text(res, 0, 2, e->updated_at, sizeof(e->updated_at));
	e->version = 1;
	PQclear(res);
	return 0;
}

/* After a write at a version changed nothing: TM_ESTALE when the experiment is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct pg *p, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM experiments WHERE id = $1";
	return pg_stale_or_gone(p, sql, "experiment", id, err);
}

static int pg_exp_update(tm_store *st, tm_experiment *e, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] =
		"UPDATE experiments SET name = $1, kind = $2, hypothesis = $3, owner_id = $4, idea_id = $5, launch_id = $6, "
		"current_price = $7, planned_sample = $8, monthly_traffic = $9, cost = $10, status = $11, verdict = $12, "
		"result = $13, decision_id = $14, closed_on = $15, version = version + 1, updated_at = tm_now() "
		"WHERE id = $16 AND version = $17";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	experiment_params(&a, &d, e);
	pg_int(&a, e->id);
	pg_int(&a, e->version);
	int rc = pg_do(p, sql, &a, "updating an experiment", err);
	if (rc == TM_ECONFLICT)
		return name_taken(e->name, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating an experiment: unknown owner, idea, launch or decision");
	if (rc)
		return rc;
	if (p->changed == 0)
		return stale_or_gone(p, e->id, err);
	e->version++;
	return 0;
}

static int pg_exp_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM experiments WHERE id = $1"; /* its arms go with it (cascade) */
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	int rc = pg_do(p, sql, &a, "removing an experiment", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown experiment %lld", (long long)id);
	return rc;
}

static int pg_exp_get(tm_store *st, int64_t id, tm_experiment *out, tm_error *err)
{
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE e.id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, id);
	PGresult *res = pg_run(PG(st), sql, &a, "reading an experiment", err);
	if (!res)
		return err->code;
	int rc = 0;
	if (PQntuples(res) > 0)
		read_experiment(res, 0, out);
	else
		rc = tm_fail_field(err, TM_ENOTFOUND, "experiment", "unknown experiment %lld", (long long)id);
	PQclear(res);
	return rc;
}

static int pg_exp_find(tm_store *st, const char *ref, tm_experiment *out, tm_error *err)
{
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE lower(e.name) = lower($1)";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, ref);
	PGresult *res = pg_run(PG(st), sql, &a, "reading an experiment", err);
	if (!res)
		return err->code;
	bool found = PQntuples(res) > 0;
	if (found)
		read_experiment(res, 0, out);
	PQclear(res);
	if (found)
		return 0;
	/* Not a name: an id ("12" or "#12"). */
	const char *digits = ref[0] == '#' ? ref + 1 : ref;
	size_t n = strlen(digits);
	if (n && n <= 18 && strspn(digits, "0123456789") == n) {
		tm_error ignored = TM_ERROR_INIT;
		if (pg_exp_get(st, strtoll(digits, NULL, 10), out, &ignored) == 0)
			return 0;
		if (ignored.code != TM_ENOTFOUND) {
			*err = ignored;
			return err->code;
		}
	}
	return tm_fail_field(err, TM_ENOTFOUND, "experiment", "unknown experiment '%.120s'", ref);
}

static int pg_exp_list(tm_store *st, int status, tm_experiments *out, tm_error *err)
{
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE $1::text IS NULL OR e.status = $1 ORDER BY e.id";
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, status >= 0 && status < TM_EXP_STATUS_COUNT ? tm_experiment_status_names[status] : NULL);
	PGresult *res = pg_run(PG(st), sql, &a, "listing experiments", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int r = 0; r < n; r++)
		read_experiment(res, r, &out->v[out->n++]);
	PQclear(res);
	return 0;
}

/* $1 … $7: the columns arm_add and arm_update both write, in this order. */
static void arm_params(pg_params *a, struct doubles *d, const tm_arm *arm)
{
	pg_text(a, arm->name);
	pg_int(a, arm->control);
	/* cppcheck-suppress uninitvar ; d->v[0] is where pg_double writes the number */
	pg_double(a, d->v[0], sizeof(d->v[0]), arm->has_price, arm->price);
	pg_text(a, arm->message);
	pg_int(a, arm->visitors);
	pg_int(a, arm->conversions);
	pg_double(a, d->v[1], sizeof(d->v[1]), arm->has_revenue, arm->revenue_per_conversion);
}

static int arm_taken(const tm_arm *a, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "the experiment has an arm named '%s' already", a->name);
}

static int pg_arm_add(tm_store *st, tm_arm *arm, tm_error *err)
{
	static const char sql[] =
		"INSERT INTO experiment_arms(id, experiment_id, position, name, control, price, message, visitors, "
		"conversions, revenue_per_conversion) "
		"VALUES((SELECT greatest(last, (SELECT coalesce(max(id), 0) FROM experiment_arms)) + 1 FROM id_sequence "
		"WHERE name = 'experiment_arms'), $8::bigint, "
		"(SELECT coalesce(max(position), 0) + 1 FROM experiment_arms WHERE experiment_id = $8::bigint), "
		"$1, $2, $3, $4, $5, $6, $7) RETURNING id, position";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	arm_params(&a, &d, arm);
	pg_int(&a, arm->experiment_id);
	if (pg_lock_ids(PG(st), PG_IDS_EXPERIMENT_ARMS, err))
		return err->code;
	PGresult *res = pg_run(PG(st), sql, &a, "adding an arm", err);
	if (!res) {
		if (err->code == TM_ECONFLICT)
			return arm_taken(arm, err);
		if (err->code == TM_ENOTFOUND)
			return tm_fail(err, TM_ENOTFOUND, "unknown experiment %lld", (long long)arm->experiment_id);
		return err->code;
	}
	arm->id = pg_col_i64(res, 0, 0);
	arm->position = (int)pg_col_i64(res, 0, 1);
	PQclear(res);
	return 0;
}

static int pg_arm_update(tm_store *st, const tm_arm *arm, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "UPDATE experiment_arms SET name = $1, control = $2, price = $3, message = $4, "
				  "visitors = $5, conversions = $6, revenue_per_conversion = $7 WHERE id = $8";
	pg_params a = PG_PARAMS_INIT;
	struct doubles d;
	arm_params(&a, &d, arm);
	pg_int(&a, arm->id);
	int rc = pg_do(p, sql, &a, "updating an arm", err);
	if (rc == TM_ECONFLICT)
		return arm_taken(arm, err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown arm %lld", (long long)arm->id);
	return rc;
}

static int pg_arm_rm(tm_store *st, int64_t arm_id, tm_error *err)
{
	struct pg *p = PG(st);
	static const char sql[] = "DELETE FROM experiment_arms WHERE id = $1";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, arm_id);
	int rc = pg_do(p, sql, &a, "removing an arm", err);
	if (!rc && p->changed == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown arm %lld", (long long)arm_id);
	return rc;
}

static int pg_arms(tm_store *st, int64_t experiment_id, tm_arms *out, tm_error *err)
{
	static const char sql[] = "SELECT " ARM_COLS "FROM experiment_arms WHERE experiment_id = $1 ORDER BY position, id";
	pg_params a = PG_PARAMS_INIT;
	pg_int(&a, experiment_id);
	PGresult *res = pg_run(PG(st), sql, &a, "listing an experiment's arms", err);
	if (!res)
		return err->code;
	int n = PQntuples(res);
	TM_VEC_GROW(out, out->n + (size_t)n);
	for (int r = 0; r < n; r++)
		read_arm(res, r, &out->v[out->n++]);
	PQclear(res);
	return 0;
}

const struct tm_store_experiments_ops tm_pg_experiments_ops = {
	.add = pg_exp_add,
	.update = pg_exp_update,
	.rm = pg_exp_rm,
	.get = pg_exp_get,
	.find = pg_exp_find,
	.list = pg_exp_list,
	.arm_add = pg_arm_add,
	.arm_update = pg_arm_update,
	.arm_rm = pg_arm_rm,
	.arms = pg_arms,
};
