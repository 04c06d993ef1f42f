/* pg_audit.c - the audit log in PostgreSQL: one row per change, written in the change's transaction. */
#include "store/pg_internal.h"
#include "store/rows.h"

#include "util/banned.h"

static int pg_audit_add(tm_store *st, const tm_audit *a, tm_error *err)
{
	/* id is an identity column, at defaults to tm_now_ms() (the schema). */
	static const char sql[] = "INSERT INTO audit(who, action, target, before, after) VALUES($1, $2, $3, $4, $5)";
	pg_params v = PG_PARAMS_INIT;
	pg_text(&v, a->who);
	pg_text(&v, a->action);
	pg_text(&v, a->target);
	pg_text(&v, a->before);
	pg_text(&v, a->after);
	return pg_do(PG(st), sql, &v, "writing the audit log", err);
}

static int pg_audit_list(tm_store *st, int limit, int offset, tm_audits *out, tm_error *err)
{
	/* LIMIT NULL is no limit, as SQLite's -1; a negative OFFSET is 0 there and an error here. */
	static const char sql[] = "SELECT " AUDIT_COLS " FROM audit ORDER BY id DESC LIMIT $1::bigint OFFSET $2::bigint";
	pg_params v = PG_PARAMS_INIT;
	pg_id(&v, limit > 0 ? limit : 0);
	pg_int(&v, offset > 0 ? offset : 0);
	PGresult *res = pg_run(PG(st), sql, &v, "reading the audit log", err);
	if (!res)
		return err->code;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		tm_row r = pg_row(res, i);
		tm_row_audit(&r, TM_VEC_PUSH(out));
	}
	PQclear(res);
	return 0;
}

const struct tm_store_audit_ops tm_pg_audit_ops = {
	.add = pg_audit_add,
	.list = pg_audit_list,
};
