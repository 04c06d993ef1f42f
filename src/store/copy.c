/*
 * copy.c - the tables `tminus copy` moves, the same in every engine: their
 * names, columns and keys, each table after the ones it refers to, so that
 * rows can be written in this order with every foreign key checked. A new
 * migration that adds a table or a column adds it here too (the CLI test
 * compares this list with the schema).
 *
 * Derived columns travel too (a launch's task counts): each engine's finish
 * makes them again from the copied rows, whatever its triggers did on the way.
 * A metric's summary of its observations travels as it is (no trigger keeps
 * it: the app does). Doubles (metrics' values) travel as text that reads back
 * as the very double: SQLite's copy writes "%.17g" (sqlite_copy.c), PostgreSQL
 * its shortest exact form.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"

#include "util/banned.h"

#define COLS(...) (const char *const[]){ __VA_ARGS__, NULL }

const tm_copy_table tm_copy_tables[] = {
	{ "settings", COLS("key", "value"), "key", -1 },
	{ "people", COLS("id", "name", "email", "role", "capacity", "created_at", "title", "notify"), "id", -1 },
	{ "launches",
	  COLS("id", "slug", "name", "tier", "date", "status", "confidence", "pm_id", "marketing_id", "version",
	       "tasks_total", "tasks_done", "created_at", "updated_at", "date_changes", "quadrant"),
	  "id", -1 },
	{ "launch_owners", COLS("launch_id", "role", "person_id"), "launch_id, role", -1 },
	{ "launch_dris", COLS("launch_id", "stream", "person_id"), "launch_id, stream", -1 },
	{ "launch_watchers", COLS("launch_id", "person_id"), "launch_id, person_id", -1 },
	{ "tasks",
	  COLS("id", "launch_id", "position", "title", "section", "owner_id", "role", "reviewers", "due_offset", "due",
	       "effort_days", "status", "required", "milestone", "source_tier", "version", "created_at", "updated_at",
	       "not_before_offset", "not_before", "stream", "external", "co_role", "product", "source", "source_id"),
	  "id", -1 },
	{ "task_deps", COLS("task_id", "after_id"), "task_id, after_id", -1 },
	{ "task_reviewers", COLS("task_id", "person_id", "position"), "task_id, person_id", -1 },
	{ "task_approvals", COLS("task_id", "person_id", "at", "position"), "task_id, person_id", -1 },
	{ "briefs",
	  COLS("launch_id", "what", "why_users", "why_business", "audience_primary", "audience_secondary", "headline",
	       "competitive", "updated_at"),
	  "launch_id", -1 },
	{ "brief_items", COLS("launch_id", "kind", "position", "a", "b", "c"), "launch_id, kind, position", -1 },
	{ "baselines", COLS("id", "launch_id", "name", "launch_date", "today", "at"), "id", -1 },
	{ "baseline_tasks",
	  COLS("baseline_id", "task_id", "title", "due", "earliest_start", "earliest_finish", "latest_start",
	       "latest_finish", "slack", "critical"),
	  "baseline_id, task_id", -1 },
	{ "launch_dates",
	  COLS("id", "launch_id", "from_date", "to_date", "decided", "reason", "by", "at", "public_reason"), "id", -1 },
	{ "decisions", COLS("id", "launch_id", "decided", "what", "why", "who", "at", "options", "chosen", "decided_by"),
	  "id", -1 },
	{ "decision_links", COLS("decision_id", "kind", "ref_id", "position"), "decision_id, kind, ref_id", -1 },
	{ "glossary",
	  COLS("id", "term", "kind", "definition", "role", "goals", "pains", "version", "created_at", "updated_at"), "id",
	  -1 },
	{ "ideas",
	  COLS("id", "title", "kind", "track", "owner_id", "reach", "impact", "confidence", "effort", "status", "why",
	       "persona_id", "launch_id", "version", "created_at", "updated_at"),
	  "id", -1 },
	{ "experiments",
	  COLS("id", "name", "kind", "hypothesis", "owner_id", "idea_id", "launch_id", "current_price", "planned_sample",
	       "monthly_traffic", "cost", "status", "verdict", "result", "decision_id", "closed_on", "version",
	       "created_at", "updated_at"),
	  "id", -1 },
	{ "experiment_arms",
	  COLS("id", "experiment_id", "position", "name", "control", "price", "message", "visitors", "conversions",
	       "revenue_per_conversion"),
	  "id", -1 },
	/* Level by level, so that each item comes after its parent (of the level above) even when it was
	 * re-parented under an item of a higher id: an ORDER BY both engines read alike. */
	{ "roadmap_items",
	  COLS("id", "title", "level", "parent_id", "owner_id", "quarter", "status", "version", "created_at",
	       "updated_at"),
	  "CASE level WHEN 'strategic' THEN 0 WHEN 'initiative' THEN 1 ELSE 2 END, id", -1 },
	{ "roadmap_launches", COLS("item_id", "launch_id"), "item_id, launch_id", -1 },
	{ "roadmap_ideas", COLS("item_id", "idea_id"), "item_id, idea_id", -1 },
	{ "roadmap_reviews", COLS("id", "held_on", "notes", "by", "at"), "id", -1 },
	{ "metrics",
	  COLS("id", "launch_id", "position", "name", "kind", "unit", "direction", "baseline", "baseline_on",
	       "target_kind", "target", "target_percent_sign", "window_days", "owner_id", "source", "version",
	       "obs_count", "latest_on", "latest_value", "met_on", "created_at", "updated_at"),
	  "id", -1 },
	{ "metric_observations", COLS("id", "metric_id", "on_date", "value", "note", "by", "at"), "id", -1 },
	{ "reviews", COLS("launch_id", "stage", "held_on", "notes", "by", "at"), "launch_id, stage", -1 },
	{ "holidays", COLS("date", "name"), "date", -1 },
	{ "webhooks", COLS("id", "url", "events", "format", "launch_id", "secret", "allow_private", "created_at"), "id", -1 },
	{ "outbox",
	  COLS("id", "channel", "event", "event_key", "recipient", "person_id", "webhook_id", "launch_id", "subject", "body",
	       "html", "status", "attempts", "next_at", "last_error", "created_at", "sent_at"),
	  "id", -1 },
	{ "notify_marks", COLS("key", "value"), "key", -1 },
	{ "freezes", COLS("id", "name", "start", "end"), "id", -1 },
	{ "users",
	  COLS("id", "name", "role", "person_id", "password_hash", "created_at", "feed_generation", "feed_salt",
	       "must_change_password"),
	  "id", -1 },
	{ "tokens", COLS("id", "user_id", "name", "scope", "hash", "created_at", "expires_at", "revoked_at"), "id", -1 },
	{ "sessions", COLS("hash", "user_id", "created_at", "seen_at", "expires_at"), "hash", -1 },
	{ "idempotency",
	  COLS("user_id", "key", "request", "status", "location", "content_type", "body", "created_at"), "user_id, key",
	  6 },
	{ "signin_attempts", COLS("addr", "attempts", "last_at", "wait_until"), "addr", -1 },
	{ "audit", COLS("id", "at", "who", "action", "target", "before", "after"), "id", -1 },
	{ NULL, NULL, NULL, -1 },
};

int tm_copy_ncols(const tm_copy_table *t)
{
	int n = 0;
	while (t->cols[n])
		n++;
	return n;
}

void tm_copy_columns(tm_buf *b, const tm_copy_table *t)
{
	for (int i = 0; t->cols[i]; i++)
		tm_buf_printf(b, "%s\"%s\"", i ? ", " : "", t->cols[i]);
}

int tm_store_open_existing(const char *db, tm_store **out, tm_error *err)
{
	struct stat sb;
	char shown[512];
	if (!tm_store_is_pg(db) && stat(db, &sb) != 0) {
		tm_store_shown(db, shown, sizeof(shown));
		return tm_fail(err, TM_ENOTFOUND, "no workspace at '%s'", shown);
	}
	return tm_store_open(db, out, err);
}

bool tm_store_same(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	if (tm_store_is_pg(a) || tm_store_is_pg(b))
		return false;
	/* Two spellings of one file ("w.db", "./w.db"): the same file on the same device. */
	struct stat sa, sb;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int tm_copy_held(tm_store *st, bool (*skip)(const tm_copy_table *t), bool *held, char *what, size_t whatsz,
		 tm_error *err)
{
	size_t o = 0;
	int named = 0;
	*held = false;
	what[0] = '\0';
	for (int i = 0; tm_copy_tables[i].name; i++) {
		int64_t n = 0;
		int rc = st->ops->copy->rows(st, &tm_copy_tables[i], &n, err);
		if (rc)
			return rc;
		if (!n)
			continue;
		*held = true;
		if (skip && skip(&tm_copy_tables[i]))
			continue;
		if (named < 4 && o < whatsz)
			o += (size_t)snprintf(what + o, whatsz - o, "%s%lld %s", named ? ", " : "", (long long)n,
					      tm_copy_tables[i].name);
		else if (named == 4 && o < whatsz)
			o += (size_t)snprintf(what + o, whatsz - o, ", …");
		named++;
	}
	return 0;
}
