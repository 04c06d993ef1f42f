/*
 * sqlite_history.c - what happened to a launch: the history of its launch
 * day, the decision ledger and saved baselines.
 */
#include <string.h>

#include "store/rows.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

static int sq_date_change_add(tm_store *st, tm_date_change *c, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO launch_dates(launch_id, from_date, to_date, decided, reason, public_reason, by) "
				  "VALUES(:launch, :from, :to, :decided, :reason, :public, :by)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", c->launch_id);
	sq_bind_date(q, ":from", true, c->from);
	sq_bind_date(q, ":to", true, c->to);
	sq_bind_date(q, ":decided", true, c->on);
	sq_bind_text(q, ":reason", c->reason);
	sq_bind_text(q, ":public", c->public_reason);
	sq_bind_text(q, ":by", c->by);
	int rc = sq_exec_stmt(s, q, "recording a date change", err);
	if (!rc)
		c->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_date_change_list(tm_store *st, int64_t launch_id, tm_date_changes *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DATE_CHANGE_COLS " FROM launch_dates WHERE launch_id = :launch ORDER BY id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_date_change(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing date changes");
}

static int sq_date_change_set_public(tm_store *st, int64_t id, const char *text, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE launch_dates SET public_reason = :text WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	sq_bind_text(q, ":text", text);
	return sq_exec_stmt(s, q, "recording what customers are told", err);
}

/* Adds a decision's words to the search index (decisions_fts, external content: kept by the store,
 * as a trigger may not write a virtual table in a workspace opened with trusted_schema off). */
static int index_decision(struct sq *s, const tm_decision *d, tm_error *err)
{
	static const char sql[] = "INSERT INTO decisions_fts(rowid, what, why, options, chosen) "
				  "VALUES(:id, :what, :why, :options, :chosen)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", d->id);
	sq_bind_text(q, ":what", d->what);
	sq_bind_text(q, ":why", d->why);
	sq_bind_text(q, ":options", d->options);
	sq_bind_text(q, ":chosen", d->chosen);
	return sq_exec_stmt(s, q, "indexing a decision for search", err);
}

static int sq_decision_add(tm_store *st, tm_decision *d, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO decisions(launch_id, decided, what, why, who, options, chosen, decided_by) "
				  "VALUES(:launch, :decided, :what, :why, :who, :options, :chosen, :decided_by) RETURNING id, at";
	/* A link named twice is kept once, where it was first named. */
	static const char link[] = "INSERT INTO decision_links(decision_id, kind, ref_id, position) "
				   "VALUES(:decision, :kind, :ref, :position) ON CONFLICT DO NOTHING";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_id(q, ":launch", d->launch_id);
	sq_bind_date(q, ":decided", true, d->on);
	sq_bind_text(q, ":what", d->what);
	sq_bind_text(q, ":why", d->why);
	sq_bind_text(q, ":who", d->who);
	sq_bind_text(q, ":options", d->options);
	sq_bind_text(q, ":chosen", d->chosen);
	sq_bind_text(q, ":decided_by", d->decided_by);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		d->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, d->at, sizeof(d->at));
		rc = sqlite3_step(q);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "recording a decision");
	if ((rc = index_decision(s, d, err)))
		return rc;
	for (int i = 0; i < d->nlinks && i < TM_DECISION_LINKS_MAX; i++) {
		if (d->links[i].kind < 0 || d->links[i].kind >= TM_LINK_KIND_COUNT)
			return tm_fail(err, TM_EINTERNAL, "recording a decision: link %d has no kind", i + 1);
		if (!(q = sq_stmt(s, link, err)))
			return err->code;
		sq_bind_int(q, ":decision", d->id);
		sq_bind_text(q, ":kind", tm_link_kind_names[d->links[i].kind]);
		sq_bind_int(q, ":ref", d->links[i].id);
		sq_bind_int(q, ":position", i + 1);
		if ((rc = sq_exec_stmt(s, q, "recording a decision's links", err)))
			return rc;
	}
	return 0;
}

/* Reads the decisions q selects (DECISION_COLS, the launch or id bound by the caller), then the
 * links of those that links selects (DECISION_LINK_COLS, the same parameter); NULL links: one
 * decision, whose links are read by its id. */
static int read_decisions(struct sq *s, sqlite3_stmt *q, const char *links, int64_t param, tm_decisions *out,
			  const char *what, tm_error *err)
{
	size_t first = out->n;
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, what);
	if (out->n == first)
		return 0;
	if (!(q = sq_stmt(s, links, err)))
		return err->code;
	sq_bind_int(q, ":p", param);
	tm_decision_link_rows lr = TM_VEC_INIT;
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision_link(&r, TM_VEC_PUSH(&lr));
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		tm_decisions_attach_links(out->v + first, out->n - first, &lr);
	TM_VEC_FREE(&lr);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, what);
}

static int sq_decision_list(tm_store *st, int64_t launch_id, tm_decisions *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE :p = 0 OR d.launch_id = :p ORDER BY d.decided, d.id";
	/* Two statements, so that a launch's links are found through its decisions' index, not a scan. */
	static const char all_links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k WHERE :p = 0 "
					"ORDER BY k.decision_id, k.position";
	static const char links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k "
				    "WHERE k.decision_id IN (SELECT id FROM decisions WHERE launch_id = :p) "
				    "ORDER BY k.decision_id, k.position";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":p", launch_id);
	return read_decisions(s, q, launch_id ? links : all_links, launch_id, out, "listing decisions", err);
}

static int sq_decision_get(tm_store *st, int64_t id, tm_decision *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM "WHERE d.id = :p";
	static const char links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k WHERE k.decision_id = :p "
				    "ORDER BY k.position";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":p", id);
	tm_decisions one = TM_VEC_INIT;
	int rc = read_decisions(s, q, links, id, &one, "reading a decision", err);
	if (!rc && !one.n)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown decision %lld", (long long)id);
	if (!rc)
		*out = one.v[0];
	TM_VEC_FREE(&one);
	return rc;
}

static int sq_decision_linked(tm_store *st, int kind, int64_t id, tm_decisions *out, tm_error *err)
{
	struct sq *s = SQ(st);
	/* The decision ids first, then the decisions and their links by those ids (a temporary table
	 * would be a write; the ids are few). */
	static const char sql[] = "SELECT " DECISION_COLS DECISION_FROM
				  "WHERE d.id IN (SELECT decision_id FROM decision_links WHERE kind = :kind AND ref_id = :p) "
				  "OR (:kind = 'launch' AND d.launch_id = :p) ORDER BY d.decided, d.id";
	static const char links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k "
				    "WHERE k.decision_id IN (SELECT decision_id FROM decision_links WHERE kind = :kind AND ref_id = :p "
				    "UNION SELECT id FROM decisions WHERE :kind = 'launch' AND launch_id = :p) "
				    "ORDER BY k.decision_id, k.position";
	if (kind < 0 || kind >= TM_LINK_KIND_COUNT)
		return tm_fail(err, TM_EINTERNAL, "no kind of link %d", kind);
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":p", id);
	sq_bind_text(q, ":kind", tm_link_kind_names[kind]);
	size_t first = out->n;
	int rc;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return sq_db_fail(s, err, "listing the decisions of a record");
	if (out->n == first)
		return 0;
	if (!(q = sq_stmt(s, links, err)))
		return err->code;
	sq_bind_int(q, ":p", id);
	sq_bind_text(q, ":kind", tm_link_kind_names[kind]);
	tm_decision_link_rows lr = TM_VEC_INIT;
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision_link(&r, TM_VEC_PUSH(&lr));
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		tm_decisions_attach_links(out->v + first, out->n - first, &lr);
	TM_VEC_FREE(&lr);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing the decisions of a record");
}

/*
 * The FTS5 query of the user's words: each word quoted as a string and searched as a prefix
 * ("pric"* finds pricing), all of them required (FTS5's implicit AND). A word holds letters and
 * digits only (tm_search_word), so quotes, stars, NEAR( and OR reach FTS5 as separators, never as
 * its syntax. Empty when there is no word.
 */
static void fts_query(const char *words, tm_buf *out)
{
	const char *p = words, *w;
	size_t n;
	while ((n = tm_search_word(&p, &w)) > 0)
		tm_buf_printf(out, "%s\"%.*s\"*", out->len ? " " : "", (int)n, w);
}

static int sq_decision_search(tm_store *st, const char *words, int limit, tm_decisions *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " DECISION_COLS " FROM decisions_fts f JOIN decisions d ON d.id = f.rowid "
				  "LEFT JOIN launches l ON l.id = d.launch_id WHERE decisions_fts MATCH :q "
				  "ORDER BY f.rank, d.id LIMIT :limit";
	static const char links[] = "SELECT " DECISION_LINK_COLS " FROM decision_links k "
				    "WHERE k.decision_id IN (SELECT f.rowid FROM decisions_fts f WHERE decisions_fts MATCH :q) "
				    "ORDER BY k.decision_id, k.position";
	tm_buf match = TM_BUF_INIT;
	int rc = 0;
	fts_query(words ? words : "", &match);
	if (!match.len)
		goto out;
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q) {
		rc = err->code;
		goto out;
	}
	sq_bind_text(q, ":q", match.s);
	sq_bind_int(q, ":limit", limit > 0 ? limit : -1);
	size_t first = out->n;
	tm_row r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = sq_db_fail(s, err, "searching decisions");
		goto out;
	}
	rc = 0;
	if (out->n == first)
		goto out;
	if (!(q = sq_stmt(s, links, err))) {
		rc = err->code;
		goto out;
	}
	sq_bind_text(q, ":q", match.s);
	tm_decision_link_rows lr = TM_VEC_INIT;
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_decision_link(&r, TM_VEC_PUSH(&lr));
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		tm_decisions_attach_links(out->v + first, out->n - first, &lr);
	TM_VEC_FREE(&lr);
	rc = rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "searching decisions");
out:
	tm_buf_release(&match);
	return rc;
}

static int sq_baseline_add(tm_store *st, tm_baseline *b, const tm_baseline_task *tasks, size_t n, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] = "INSERT INTO baselines(launch_id, name, launch_date, today) "
				   "VALUES(:launch, :name, :launch_date, :today)";
	static const char row[] = "INSERT INTO baseline_tasks(baseline_id, task_id, title, due, earliest_start, "
				  "earliest_finish, latest_start, latest_finish, slack, critical) "
				  "VALUES(:baseline, :task, :title, :due, :es, :ef, :ls, :lf, :slack, :critical)";
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", b->launch_id);
	sq_bind_text(q, ":name", b->name);
	sq_bind_date(q, ":launch_date", true, b->launch_date);
	sq_bind_date(q, ":today", true, b->today);
	int rc = sq_exec_stmt(s, q, "saving a baseline", err);
	if (rc == TM_ECONFLICT)
		return tm_fail(err, TM_ECONFLICT, "the launch already has a baseline named '%s'", b->name);
	if (rc)
		return rc;
	b->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < n && !rc; i++) {
		const tm_baseline_task *t = &tasks[i];
		if (!(q = sq_stmt(s, row, err)))
			return err->code;
		sq_bind_int(q, ":baseline", b->id);
		sq_bind_int(q, ":task", t->task_id);
		sq_bind_text(q, ":title", t->title);
		sq_bind_date(q, ":due", t->has_due, t->due);
		sq_bind_date(q, ":es", true, t->es);
		sq_bind_date(q, ":ef", true, t->ef);
		sq_bind_date(q, ":ls", true, t->ls);
		sq_bind_date(q, ":lf", true, t->lf);
		sq_bind_int(q, ":slack", t->slack);
		sq_bind_int(q, ":critical", t->critical);
		rc = sq_exec_stmt(s, q, "saving a baseline", err);
	}
	return rc;
}

static int sq_baseline_find(tm_store *st, int64_t launch_id, const char *name, tm_baseline *out,
			    tm_baseline_tasks *tasks, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char head[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = :launch AND name = :name";
	static const char rows[] = "SELECT " BASELINE_TASK_COLS " FROM baseline_tasks WHERE baseline_id = :baseline "
				   "ORDER BY task_id";
	sqlite3_stmt *q = sq_stmt(s, head, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	sq_bind_text(q, ":name", name);
	tm_row r = sq_row(q);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		tm_row_baseline(&r, out);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "unknown baseline '%s'", name);
	if (rc != SQLITE_ROW)
		return sq_db_fail(s, err, "reading a baseline");
	if (!(q = sq_stmt(s, rows, err)))
		return err->code;
	sq_bind_int(q, ":baseline", out->id);
	r = sq_row(q);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_baseline_task(&r, TM_VEC_PUSH(tasks));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading a baseline");
}

static int sq_baseline_list(tm_store *st, int64_t launch_id, tm_baselines *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " BASELINE_COLS " FROM baselines WHERE launch_id = :launch ORDER BY id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	tm_row r = sq_row(q);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		tm_row_baseline(&r, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing baselines");
}

const struct tm_store_history_ops tm_sqlite_history_ops = {
	.date_change_add = sq_date_change_add,
	.date_change_list = sq_date_change_list,
	.date_change_set_public = sq_date_change_set_public,
	.decision_add = sq_decision_add,
	.decision_list = sq_decision_list,
	.decision_get = sq_decision_get,
	.decision_linked = sq_decision_linked,
	.decision_search = sq_decision_search,
	.baseline_add = sq_baseline_add,
	.baseline_find = sq_baseline_find,
	.baseline_list = sq_baseline_list,
};
