/*
 * sqlite_experiments.c - experiments and their arms (core/experiment.h) on
 * SQLite: tables experiments and experiment_arms of migration 15. Prices,
 * revenue and cost are REAL, bound and read as doubles (never through
 * SQLite's 15-digit text of them). The owner's name, the idea's title and
 * the launch's slug are read back with an experiment by joins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

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

static void bind_double(sqlite3_stmt *q, const char *name, bool has, double v)
{
	int i = sqlite3_bind_parameter_index(q, name);
	if (i > 0) {
		if (has)
			sqlite3_bind_double(q, i, v);
		else
			sqlite3_bind_null(q, i);
	}
}

static bool col_double(sqlite3_stmt *q, int i, double *out)
{
	if (sqlite3_column_type(q, i) == SQLITE_NULL) {
		*out = 0;
		return false;
	}
	*out = sqlite3_column_double(q, i);
	return true;
}

static void read_experiment(sqlite3_stmt *q, tm_experiment *e)
{
	char text[32];
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(q, 0);
	sq_col_text(q, 1, e->name, sizeof(e->name));
	sq_col_text(q, 2, text, sizeof(text));
	e->kind = index_of(tm_experiment_kind_names, text);
	sq_col_text(q, 3, e->hypothesis, sizeof(e->hypothesis));
	e->owner_id = sqlite3_column_int64(q, 4);
	sq_col_text(q, 5, e->owner, sizeof(e->owner));
	e->idea_id = sqlite3_column_int64(q, 6);
	sq_col_text(q, 7, e->idea, sizeof(e->idea));
	e->launch_id = sqlite3_column_int64(q, 8);
	sq_col_text(q, 9, e->launch_slug, sizeof(e->launch_slug));
	e->has_current_price = col_double(q, 10, &e->current_price);
	e->planned_sample = sqlite3_column_int64(q, 11);
	e->monthly_traffic = sqlite3_column_int64(q, 12);
	e->has_cost = col_double(q, 13, &e->cost);
	sq_col_text(q, 14, text, sizeof(text));
	e->status = index_of(tm_experiment_status_names, text);
	sq_col_text(q, 15, text, sizeof(text));
	e->verdict = index_of(tm_verdict_names, text);
	sq_col_text(q, 16, e->result, sizeof(e->result));
	e->decision_id = sqlite3_column_int64(q, 17);
	if (!sq_col_date(q, 18, &e->closed_on))
		e->closed_on = 0;
	e->version = sqlite3_column_int64(q, 19);
	sq_col_text(q, 20, e->created_at, sizeof(e->created_at));
	sq_col_text(q, 21, e->updated_at, sizeof(e->updated_at));
}

static void read_arm(sqlite3_stmt *q, tm_arm *a)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(q, 0);
	a->experiment_id = sqlite3_column_int64(q, 1);
	a->position = sqlite3_column_int(q, 2);
	sq_col_text(q, 3, a->name, sizeof(a->name));
	a->control = sqlite3_column_int(q, 4) != 0;
	a->has_price = col_double(q, 5, &a->price);
	sq_col_text(q, 6, a->message, sizeof(a->message));
	a->visitors = sqlite3_column_int64(q, 7);
	a->conversions = sqlite3_column_int64(q, 8);
	a->has_revenue = col_double(q, 9, &a->revenue_per_conversion);
}

/* The columns add and update both write. */
static void bind_experiment(sqlite3_stmt *q, const tm_experiment *e)
{
	sq_bind_text(q, ":name", e->name);
	sq_bind_text(q, ":kind", tm_experiment_kind_names[e->kind]);
	sq_bind_text(q, ":hypothesis", e->hypothesis);
	sq_bind_id(q, ":owner", e->owner_id);
	sq_bind_id(q, ":idea", e->idea_id);
	sq_bind_id(q, ":launch", e->launch_id);
	bind_double(q, ":current_price", e->has_current_price, e->current_price);
	sq_bind_int(q, ":planned_sample", e->planned_sample);
	sq_bind_int(q, ":monthly_traffic", e->monthly_traffic);
	bind_double(q, ":cost", e->has_cost, e->cost);
	sq_bind_text(q, ":status", tm_experiment_status_names[e->status]);
	sq_bind_text_or_null(q, ":verdict", e->verdict >= 0 && e->verdict < TM_VERDICT_COUNT ? tm_verdict_names[e->verdict] : NULL);
	sq_bind_text(q, ":result", e->result);
	sq_bind_id(q, ":decision", e->decision_id);
	sq_bind_date(q, ":closed_on", e->closed_on != 0, e->closed_on);
}

static int name_taken(const char *name, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "an experiment named '%s' exists already", name);
}

static int sq_exp_add(tm_store *st, tm_experiment *e, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO experiments(id, name, kind, hypothesis, owner_id, idea_id, launch_id, current_price, "
		"planned_sample, monthly_traffic, cost, status, verdict, result, decision_id, closed_on) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'experiments'), :name, :kind, :hypothesis, :owner, "
		":idea, :launch, :current_price, :planned_sample, :monthly_traffic, :cost, :status, :verdict, :result, "
		":decision, :closed_on)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_experiment(q, e);
	int rc = sq_exec_stmt(s, q, "adding an experiment", err);
	if (rc == TM_ECONFLICT)
		return name_taken(e->name, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "adding an experiment: unknown owner, idea or launch");
	if (!rc) {
		e->id = sqlite3_last_insert_rowid(s->db);
		e->version = 1;
	}
	return rc;
}

/* After a write at a version changed nothing: TM_ESTALE when the experiment is there, else TM_ENOTFOUND. */
static int stale_or_gone(struct sq *s, int64_t id, tm_error *err)
{
	static const char sql[] = "SELECT version FROM experiments WHERE id = :id";
	return sq_stale_or_gone(s, sql, "experiment", id, err);
}

static int sq_exp_update(tm_store *st, tm_experiment *e, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE experiments SET name = :name, kind = :kind, hypothesis = :hypothesis, owner_id = :owner, "
		"idea_id = :idea, launch_id = :launch, current_price = :current_price, planned_sample = :planned_sample, "
		"monthly_traffic = :monthly_traffic, cost = :cost, status = :status, verdict = :verdict, result = :result, "
		"decision_id = :decision, closed_on = :closed_on, version = version + 1, "
		"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id AND version = :version";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_experiment(q, e);
	sq_bind_int(q, ":id", e->id);
	sq_bind_int(q, ":version", e->version);
	int rc = sq_exec_stmt(s, q, "updating an experiment", err);
	if (rc == TM_ECONFLICT)
		return name_taken(e->name, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating an experiment: unknown owner, idea, launch or decision");
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return stale_or_gone(s, e->id, err);
	e->version++;
	return 0;
}

static int sq_exp_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM experiments WHERE id = :id"; /* its arms go with it (cascade) */
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing an experiment", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown experiment %lld", (long long)id);
	return rc;
}

/* The one experiment q finds: 0, TM_ENOTFOUND (err untouched, *found false) or a database error. */
static int one(struct sq *s, sqlite3_stmt *q, tm_experiment *out, bool *found, tm_error *err)
{
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		read_experiment(q, out);
	sqlite3_reset(q);
	*found = step == SQLITE_ROW;
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		return 0;
	return sq_db_fail(s, err, "reading an experiment");
}

static int sq_exp_get(tm_store *st, int64_t id, tm_experiment *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE e.id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	bool found;
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = one(s, q, out, &found, err);
	if (!rc && !found)
		return tm_fail_field(err, TM_ENOTFOUND, "experiment", "unknown experiment %lld", (long long)id);
	return rc;
}

static int sq_exp_find(tm_store *st, const char *ref, tm_experiment *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE e.name = :name COLLATE NOCASE";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	bool found;
	if (!q)
		return err->code;
	sq_bind_text(q, ":name", ref);
	int rc = one(s, q, out, &found, err);
	if (rc || found)
		return rc;
	/* Not a name: an id ("12" or "#12"). */
	const char *digits = ref[0] == '#' ? ref + 1 : ref;
	size_t n = strlen(digits);
	if (n && n <= 18 && strspn(digits, "0123456789") == n) {
		tm_error ignored = TM_ERROR_INIT;
		if (sq_exp_get(st, strtoll(digits, NULL, 10), out, &ignored) == 0)
			return 0;
		if (ignored.code != TM_ENOTFOUND) {
			*err = ignored;
			return err->code;
		}
	}
	return tm_fail_field(err, TM_ENOTFOUND, "experiment", "unknown experiment '%.120s'", ref);
}

static int sq_exp_list(tm_store *st, int status, tm_experiments *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " EXP_COLS EXP_FROM "WHERE :status IS NULL OR e.status = :status ORDER BY e.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text_or_null(q, ":status", status >= 0 && status < TM_EXP_STATUS_COUNT ? tm_experiment_status_names[status] : NULL);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_experiment(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing experiments");
}

static void bind_arm(sqlite3_stmt *q, const tm_arm *a)
{
	sq_bind_text(q, ":name", a->name);
	sq_bind_int(q, ":control", a->control);
	bind_double(q, ":price", a->has_price, a->price);
	sq_bind_text(q, ":message", a->message);
	sq_bind_int(q, ":visitors", a->visitors);
	sq_bind_int(q, ":conversions", a->conversions);
	bind_double(q, ":revenue", a->has_revenue, a->revenue_per_conversion);
}

static int arm_taken(const tm_arm *a, tm_error *err)
{
	return tm_fail_field(err, TM_ECONFLICT, "name", "the experiment has an arm named '%s' already", a->name);
}

static int sq_arm_add(tm_store *st, tm_arm *a, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char next[] = "SELECT coalesce(max(position), 0) + 1 FROM experiment_arms WHERE experiment_id = :exp";
	static const char sql[] =
		"INSERT INTO experiment_arms(id, experiment_id, position, name, control, price, message, visitors, "
		"conversions, revenue_per_conversion) "
		"VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'experiment_arms'), :exp, :position, :name, :control, "
		":price, :message, :visitors, :conversions, :revenue)";
	sqlite3_stmt *q = sq_stmt(s, next, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":exp", a->experiment_id);
	int step = sqlite3_step(q);
	int position = step == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_reset(q);
	if (step != SQLITE_ROW)
		return sq_db_fail(s, err, "adding an arm");
	if (!(q = sq_stmt(s, sql, err)))
		return err->code;
	sq_bind_int(q, ":exp", a->experiment_id);
	sq_bind_int(q, ":position", position);
	bind_arm(q, a);
	int rc = sq_exec_stmt(s, q, "adding an arm", err);
	if (rc == TM_ECONFLICT)
		return arm_taken(a, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "unknown experiment %lld", (long long)a->experiment_id);
	if (!rc) {
		a->id = sqlite3_last_insert_rowid(s->db);
		a->position = position;
	}
	return rc;
}

static int sq_arm_update(tm_store *st, const tm_arm *a, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE experiment_arms SET name = :name, control = :control, price = :price, "
				  "message = :message, visitors = :visitors, conversions = :conversions, "
				  "revenue_per_conversion = :revenue WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_arm(q, a);
	sq_bind_int(q, ":id", a->id);
	int rc = sq_exec_stmt(s, q, "updating an arm", err);
	if (rc == TM_ECONFLICT)
		return arm_taken(a, err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown arm %lld", (long long)a->id);
	return rc;
}

static int sq_arm_rm(tm_store *st, int64_t arm_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM experiment_arms WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", arm_id);
	int rc = sq_exec_stmt(s, q, "removing an arm", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown arm %lld", (long long)arm_id);
	return rc;
}

static int sq_arms(tm_store *st, int64_t experiment_id, tm_arms *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " ARM_COLS "FROM experiment_arms WHERE experiment_id = :exp ORDER BY position, id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":exp", experiment_id);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_arm(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing an experiment's arms");
}

const struct tm_store_experiments_ops tm_sqlite_experiments_ops = {
	.add = sq_exp_add,
	.update = sq_exp_update,
	.rm = sq_exp_rm,
	.get = sq_exp_get,
	.find = sq_exp_find,
	.list = sq_exp_list,
	.arm_add = sq_arm_add,
	.arm_update = sq_arm_update,
	.arm_rm = sq_arm_rm,
	.arms = sq_arms,
};
