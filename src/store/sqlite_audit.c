/* sqlite_audit.c - the audit log: one row per change, written in the change's transaction. */
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static void bind_text_or_null(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);
	if (i > 0 && v)
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
	else if (i > 0)
		sqlite3_bind_null(q, i);
}

static int sq_audit_add(tm_store *st, const tm_audit *a, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO audit(who, action, target, before, after) "
				  "VALUES(:who, :action, :target, :before, :after)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":who", a->who);
	sq_bind_text(q, ":action", a->action);
	sq_bind_text(q, ":target", a->target);
	bind_text_or_null(q, ":before", a->before);
	bind_text_or_null(q, ":after", a->after);
	return sq_exec_stmt(s, q, "writing the audit log", err);
}

static int sq_audit_list(tm_store *st, int limit, int offset, tm_audits *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " AUDIT_COLS " FROM audit "
				  "ORDER BY id DESC LIMIT :limit OFFSET :offset";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":limit", limit > 0 ? limit : -1);
	sq_bind_int(q, ":offset", offset);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_audit(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading the audit log");
}

const struct tm_store_audit_ops tm_sqlite_audit_ops = {
	.add = sq_audit_add,
	.list = sq_audit_list,
};
