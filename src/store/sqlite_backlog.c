/*
 * sqlite_backlog.c - the backlog of ideas, personas and questions
 * (core/backlog.h) on SQLite. An item is read with the names of its owner,
 * persona and launch in one query (idea_row.h), so ranking the whole
 * backlog is one statement that looks nothing else up. Reach and effort are
 * REAL, bound and read as doubles.
 */
#include <stdio.h>
#include <string.h>

#include "store/idea_row.h"
#include "store/sqlite_internal.h"

#include "util/banned.h"

/* Copies a text column into out (at most outsz - 1 bytes); "" for NULL. */
static void col_text(sqlite3_stmt *q, int col, char *out, size_t outsz)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(q, col) : 0;
	if (n > outsz - 1)
		n = outsz - 1;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

/* The item in q's row (IDEA_COLS), into i (zeroed by the caller or TM_VEC_PUSH). */
static void read_idea(sqlite3_stmt *q, tm_idea *i)
{
	i->id = sqlite3_column_int64(q, IDEA_COL_ID);
	col_text(q, IDEA_COL_TITLE, i->title, sizeof(i->title));
	int k = tm_idea_name_index(tm_idea_kind_names, (const char *)sqlite3_column_text(q, IDEA_COL_KIND));
	i->kind = k >= 0 ? k : TM_IDEA_IDEA;
	k = tm_idea_name_index(tm_idea_track_names, (const char *)sqlite3_column_text(q, IDEA_COL_TRACK));
	i->track = k >= 0 ? k : TM_TRACK_PRODUCT;
	i->owner_id = sqlite3_column_int64(q, IDEA_COL_OWNER_ID);
	col_text(q, IDEA_COL_OWNER, i->owner, sizeof(i->owner));
	i->has_reach = sqlite3_column_type(q, IDEA_COL_REACH) != SQLITE_NULL;
	i->reach = i->has_reach ? sqlite3_column_double(q, IDEA_COL_REACH) : 0;
	i->impact = tm_idea_name_index(tm_impact_names, (const char *)sqlite3_column_text(q, IDEA_COL_IMPACT));
	i->confidence = tm_idea_name_index(tm_rice_confidence_names, (const char *)sqlite3_column_text(q, IDEA_COL_CONFIDENCE));
	i->has_effort = sqlite3_column_type(q, IDEA_COL_EFFORT) != SQLITE_NULL;
	i->effort = i->has_effort ? sqlite3_column_double(q, IDEA_COL_EFFORT) : 0;
	k = tm_idea_name_index(tm_idea_status_names, (const char *)sqlite3_column_text(q, IDEA_COL_STATUS));
	i->status = k >= 0 ? k : TM_IDEA_NEW;
	col_text(q, IDEA_COL_WHY, i->why, sizeof(i->why));
	i->persona_id = sqlite3_column_int64(q, IDEA_COL_PERSONA_ID);
	col_text(q, IDEA_COL_PERSONA, i->persona, sizeof(i->persona));
	i->launch_id = sqlite3_column_int64(q, IDEA_COL_LAUNCH_ID);
	col_text(q, IDEA_COL_LAUNCH, i->launch_slug, sizeof(i->launch_slug));
	i->version = sqlite3_column_int64(q, IDEA_COL_VERSION);
	col_text(q, IDEA_COL_CREATED, i->created_at, sizeof(i->created_at));
	col_text(q, IDEA_COL_UPDATED, i->updated_at, sizeof(i->updated_at));
}

static void bind_double_or_null(sqlite3_stmt *q, const char *name, bool has, double v)
{
	int k = sqlite3_bind_parameter_index(q, name);
	if (k > 0) {
		if (has)
			sqlite3_bind_double(q, k, v);
		else
			sqlite3_bind_null(q, k);
	}
}

/* The columns add and update both write. */
static void bind_idea(sqlite3_stmt *q, const tm_idea *i)
{
	sq_bind_text(q, ":title", i->title);
	sq_bind_text(q, ":kind", tm_idea_kind_names[i->kind]);
	sq_bind_text(q, ":track", tm_idea_track_names[i->track]);
	sq_bind_id(q, ":owner", i->owner_id);
	bind_double_or_null(q, ":reach", i->has_reach, i->reach);
	sq_bind_text_or_null(q, ":impact", tm_idea_name_or_null(tm_impact_names, TM_IMPACT_COUNT, i->impact));
	sq_bind_text_or_null(q, ":confidence",
			     tm_idea_name_or_null(tm_rice_confidence_names, TM_RICE_CONF_COUNT, i->confidence));
	bind_double_or_null(q, ":effort", i->has_effort, i->effort);
	sq_bind_text(q, ":status", tm_idea_status_names[i->status]);
	sq_bind_text(q, ":why", i->why);
	sq_bind_id(q, ":persona", i->persona_id);
	sq_bind_id(q, ":launch", i->launch_id);
}

static int sq_idea_add(tm_store *st, tm_idea *i, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"INSERT INTO ideas(id, title, kind, track, owner_id, reach, impact, confidence, effort, status, why, "
		"persona_id, launch_id) VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'ideas'), :title, :kind, "
		":track, :owner, :reach, :impact, :confidence, :effort, :status, :why, :persona, :launch)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_idea(q, i);
	int rc = sq_exec_stmt(s, q, "adding a backlog item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "adding a backlog item: unknown owner, persona or launch");
	if (!rc) {
		i->id = sqlite3_last_insert_rowid(s->db);
		i->version = 1;
	}
	return rc;
}

static int sq_idea_update(tm_store *st, tm_idea *i, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] =
		"UPDATE ideas SET title = :title, kind = :kind, track = :track, owner_id = :owner, reach = :reach, "
		"impact = :impact, confidence = :confidence, effort = :effort, status = :status, why = :why, "
		"persona_id = :persona, launch_id = :launch, version = version + 1, "
		"updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id AND version = :version";
	static const char version[] = "SELECT version FROM ideas WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	bind_idea(q, i);
	sq_bind_int(q, ":id", i->id);
	sq_bind_int(q, ":version", i->version);
	int rc = sq_exec_stmt(s, q, "updating a backlog item", err);
	if (rc == TM_ENOTFOUND)
		return tm_fail(err, TM_ENOTFOUND, "updating a backlog item: unknown owner, persona or launch");
	if (rc)
		return rc;
	if (sqlite3_changes(s->db) > 0) {
		i->version++;
		return 0;
	}
	if (!(q = sq_stmt(s, version, err)))
		return err->code;
	sq_bind_int(q, ":id", i->id);
	int step = sqlite3_step(q);
	int64_t now = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (step == SQLITE_ROW)
		return tm_fail(err, TM_ESTALE, "backlog item %lld was changed since it was read (now version %lld)",
			       (long long)i->id, (long long)now);
	if (step != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a backlog item");
	return tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)i->id);
}

static int sq_idea_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	/* Experiments forget it (ON DELETE SET NULL), roadmap items lose the link (CASCADE). */
	static const char sql[] = "DELETE FROM ideas WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a backlog item", err);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)id);
	return rc;
}

static int sq_idea_get(tm_store *st, int64_t id, tm_idea *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " IDEA_COLS IDEA_FROM "WHERE i.id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		read_idea(q, out);
	}
	sqlite3_reset(q);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return sq_db_fail(s, err, "reading a backlog item");
	return tm_fail(err, TM_ENOTFOUND, "unknown backlog item %lld", (long long)id);
}

/* The items a filter keeps, by id. */
static const char list_sql[] = "SELECT " IDEA_COLS IDEA_FROM
			       "WHERE (:kind IS NULL OR i.kind = :kind) AND (:track IS NULL OR i.track = :track) "
			       "AND (:status IS NULL OR i.status = :status) AND (:owner IS NULL OR i.owner_id = :owner) "
			       "AND (:open = 0 OR i.status NOT IN ('launched', 'sunset', 'dropped')) ORDER BY i.id";

static void bind_filter(sqlite3_stmt *q, const tm_idea_filter *f)
{
	sq_bind_text_or_null(q, ":kind", tm_idea_name_or_null(tm_idea_kind_names, TM_IDEA_KIND_COUNT, f->kind));
	sq_bind_text_or_null(q, ":track", tm_idea_name_or_null(tm_idea_track_names, TM_TRACK_COUNT, f->track));
	sq_bind_text_or_null(q, ":status", tm_idea_name_or_null(tm_idea_status_names, TM_IDEA_STATUS_COUNT, f->status));
	sq_bind_id(q, ":owner", f->owner_id);
	sq_bind_int(q, ":open", f->open_only);
}

static int sq_idea_list(tm_store *st, const tm_idea_filter *f, tm_ideas *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char count[] = "SELECT count(*) FROM ideas";
	sqlite3_stmt *q = sq_stmt(s, count, err);
	if (!q)
		return err->code;
	/* The whole backlog (100,000 items for backlog rank) is sized once, not copied at every doubling. */
	if (sqlite3_step(q) == SQLITE_ROW)
		TM_VEC_GROW(out, out->n + (size_t)sqlite3_column_int64(q, 0));
	sqlite3_reset(q);
	if (!(q = sq_stmt(s, list_sql, err)))
		return err->code;
	bind_filter(q, f);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_idea(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing the backlog");
}

static int sq_idea_scan(tm_store *st, const tm_idea_filter *f, int (*fn)(void *arg, const tm_idea *i), void *arg,
			tm_error *err)
{
	struct sq *s = SQ(st);
	sqlite3_stmt *q = sq_stmt(s, list_sql, err);
	if (!q)
		return err->code;
	bind_filter(q, f);
	tm_idea i;
	memset(&i, 0, sizeof(i));
	int step, rc = 0;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		read_idea(q, &i);
		rc = fn(arg, &i);
	}
	sqlite3_reset(q);
	if (rc)
		return rc;
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing the backlog");
}

static int sq_idea_by_launch(tm_store *st, int64_t launch_id, tm_ideas *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT " IDEA_COLS IDEA_FROM "WHERE i.launch_id = :launch ORDER BY i.id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":launch", launch_id);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		read_idea(q, TM_VEC_PUSH(out));
	sqlite3_reset(q);
	return step == SQLITE_DONE ? 0 : sq_db_fail(s, err, "listing a launch's backlog items");
}

const struct tm_store_backlog_ops tm_sqlite_backlog_ops = {
	.add = sq_idea_add,
	.update = sq_idea_update,
	.rm = sq_idea_rm,
	.get = sq_idea_get,
	.list = sq_idea_list,
	.by_launch = sq_idea_by_launch,
	.scan = sq_idea_scan,
};
