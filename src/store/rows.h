/*
 * rows.h - the domain's records read from a row (row.h), written once for
 * both storage engines: each backend selects the same columns in the same
 * order and hands its row to these.
 */
#ifndef TM_STORE_ROWS_H
#define TM_STORE_ROWS_H

#include "core/brief.h"
#include "core/glossary.h"
#include "core/metric.h"
#include "core/model.h"
#include "core/notify.h"
#include "store/row.h"
#include "store/store.h"

/* ---- people, launches, tasks, the calendar ---- */

/* A person: tm_row_person reads these columns of people. */
#define PERSON_COLS "id, name, coalesce(email, ''), role, capacity, title, notify"
void tm_row_person(const tm_row *r, tm_person *p);

/* A launch with its PM's and marketing owner's names: LAUNCH_COLS LAUNCH_FROM, people joined. */
#define LAUNCH_COLS                                                                     \
	"l.id, l.slug, l.name, l.tier, l.date, l.status, l.confidence, "               \
	"coalesce(l.pm_id, 0), coalesce(pm.name, ''), coalesce(l.marketing_id, 0), "   \
	"coalesce(mk.name, ''), l.version, l.tasks_total, l.tasks_done, l.date_changes, l.quadrant"
#define LAUNCH_FROM                                                                     \
	" FROM launches l LEFT JOIN people pm ON pm.id = l.pm_id "                     \
	"LEFT JOIN people mk ON mk.id = l.marketing_id "
void tm_row_launch(const tm_row *r, tm_launch *l);

/*
 * A task with its launch's slug and its owner's name: TASK_COLS_SHARED, then
 * two more columns each engine writes with its own aggregate, the reviewers'
 * names in their order and the approvers' names in theirs, each name followed
 * by char(31) (NULL when none), then TASK_FROM. depends_on is left empty: the
 * dependencies are another query.
 */
#define TASK_COLS_SHARED                                                                 \
	"t.id, t.launch_id, l.slug, t.title, t.section, coalesce(t.owner_id, 0), "       \
	"coalesce(p.name, ''), t.role, t.reviewers, t.due_offset, t.due, t.effort_days, " \
	"t.status, t.required, t.milestone, coalesce(t.source_tier, 0), t.position, t.version, "      \
	"t.not_before_offset, t.not_before, t.stream, t.external, t.co_role, t.product, "
#define TASK_FROM \
	" FROM tasks t JOIN launches l ON l.id = t.launch_id LEFT JOIN people p ON p.id = t.owner_id "
void tm_row_task(const tm_row *r, tm_task *t);

/* A dependency: the task that waits, the task it waits for (of task_deps d). */
#define DEP_COLS "d.task_id, d.after_id"
void tm_row_dep(const tm_row *r, tm_dep *d);

/* Who owns a role on a launch (launch_owners o joined to people p); false for a role tminus does not know. */
#define ROLE_OWNER_COLS "o.role, o.person_id, p.name"
bool tm_row_role_owner(const tm_row *r, tm_role_owner *o);
/* Puts a launch's owners in the order of the roles (pm, pmm, marketing, sales, …), not of their names. */
void tm_role_owners_sort(tm_role_owner *v, size_t n);

/* The DRI of a stream of a launch (launch_dris d joined to people p). */
#define STREAM_DRI_COLS "d.stream, d.person_id, p.name"
void tm_row_stream_dri(const tm_row *r, tm_stream_dri *d);

/* Fills each task's depends_on from its launch's dependencies (deps by task id, tasks in any order). */
void tm_tasks_attach_deps(tm_task *tasks, size_t n, const tm_deps *deps);

/* The calendar: a holiday, a freeze window ("end" is quoted: a reserved word in PostgreSQL). */
#define HOLIDAY_COLS "date, name"
void tm_row_holiday(const tm_row *r, tm_holiday *h);
#define FREEZE_COLS "id, name, start, \"end\""
void tm_row_freeze(const tm_row *r, tm_freeze *f);

/* ---- history, briefs, users and tokens, the audit log ---- */

/* A move of launch day (launch_dates). */
#define DATE_CHANGE_COLS "id, launch_id, from_date, to_date, decided, reason, by, at, public_reason"
void tm_row_date_change(const tm_row *r, tm_date_change *out);

/* An entry of the decision ledger, with its launch's slug ('' for the portfolio); its links are
 * another query (DECISION_LINK_COLS). */
#define DECISION_COLS                                                                                           \
	"d.id, coalesce(d.launch_id, 0), coalesce(l.slug, ''), d.decided, d.what, d.why, d.who, d.at, "         \
	"d.options, d.chosen, d.decided_by"
#define DECISION_FROM " FROM decisions d LEFT JOIN launches l ON l.id = d.launch_id "
void tm_row_decision(const tm_row *r, tm_decision *out);

/* A link of a decision (decision_links k): its decision, kind, record and a label read from the
 * record (the launch's slug, the idea's or roadmap item's title, the experiment's name; NULL when
 * the record is gone since). */
#define DECISION_LINK_COLS                                                                                      \
	"k.decision_id, k.kind, k.ref_id, CASE k.kind "                                                         \
	"WHEN 'launch' THEN (SELECT slug FROM launches WHERE id = k.ref_id) "                                   \
	"WHEN 'idea' THEN (SELECT title FROM ideas WHERE id = k.ref_id) "                                       \
	"WHEN 'experiment' THEN (SELECT name FROM experiments WHERE id = k.ref_id) "                            \
	"WHEN 'roadmap' THEN (SELECT title FROM roadmap_items WHERE id = k.ref_id) END"
/* One link row read: the decision it belongs to, and the link. */
typedef struct tm_decision_link_row {
	int64_t decision_id;
	tm_decision_link link;
} tm_decision_link_row;
typedef TM_VEC(tm_decision_link_row) tm_decision_link_rows;
void tm_row_decision_link(const tm_row *r, tm_decision_link_row *out);
/* Gives each decision of v its links (rows in any order of decisions, in position order within one). */
void tm_decisions_attach_links(tm_decision *v, size_t n, const tm_decision_link_rows *links);
/* The next word of a search (letters, digits, any non-ASCII character) from *p, moving *p past it:
 * its length (0 at the end) and *start. Anything else separates words, so no engine's query syntax
 * ever reaches the engine. */
size_t tm_search_word(const char **p, const char **start);

/* A baseline's head (baselines) and one task of its frozen plan (baseline_tasks). */
#define BASELINE_COLS "id, launch_id, name, launch_date, today, at"
void tm_row_baseline(const tm_row *r, tm_baseline *out);
#define BASELINE_TASK_COLS                                                                                      \
	"task_id, title, due, earliest_start, earliest_finish, latest_start, latest_finish, slack, critical"
void tm_row_baseline_task(const tm_row *r, tm_baseline_task *out);

/* A brief's paragraphs (briefs), and one item of its lists (brief_items), added to the list its
 * kind names (past TM_BRIEF_ITEMS, or of an unknown kind, it is left out). */
#define BRIEF_COLS "what, why_users, why_business, audience_primary, audience_secondary, headline, competitive"
void tm_row_brief(const tm_row *r, tm_brief *out);
#define BRIEF_ITEM_COLS "kind, a, b, c"
void tm_row_brief_item(const tm_row *r, tm_brief *out);

/* A user, with the name of the person they are. */
#define USER_COLS                                                                                               \
	"u.id, u.name, u.role, coalesce(u.person_id, 0), coalesce(p.name, ''), u.password_hash, u.created_at, "     \
	"u.feed_generation, u.feed_salt, u.must_change_password"
#define USER_FROM " FROM users u LEFT JOIN people p ON p.id = u.person_id "
void tm_row_user(const tm_row *r, tm_user *out);

/* An API token, with what its owner is (revoked as 0/1 in both engines: PostgreSQL's IS NOT NULL
 * is a boolean). */
#define TOKEN_COLS                                                                                              \
	"t.id, t.user_id, u.name, t.name, t.scope, t.hash, t.created_at, coalesce(t.expires_at, ''), "          \
	"CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, u.role, coalesce(u.person_id, 0), "                  \
	"coalesce(p.name, ''), u.feed_generation, u.must_change_password"
#define TOKEN_FROM " FROM tokens t JOIN users u ON u.id = t.user_id LEFT JOIN people p ON p.id = u.person_id "
void tm_row_token(const tm_row *r, tm_token *out);

/* ---- success metrics, their observations, the reviews held ---- */

/*
 * A metric with its launch's slug and its owner's name, its summary from its own columns:
 * METRIC_COLS METRIC_FROM. Values are read from their text: an engine hands a double in a form
 * that reads back exactly (PostgreSQL's shortest exact output; the SQLite backend "%.17g").
 */
#define METRIC_COLS                                                                                             \
	"m.id, m.launch_id, l.slug, m.name, m.kind, m.unit, m.direction, m.baseline, m.baseline_on, "          \
	"m.target_kind, m.target, m.target_percent_sign, m.window_days, coalesce(m.owner_id, 0), "             \
	"coalesce(p.name, ''), m.source, m.position, m.version, m.obs_count, m.latest_on, m.latest_value, "    \
	"m.met_on"
#define METRIC_FROM                                                                                             \
	" FROM metrics m JOIN launches l ON l.id = m.launch_id LEFT JOIN people p ON p.id = m.owner_id "
void tm_row_metric(const tm_row *r, tm_metric *out);
/* The double columns of METRIC_COLS, for a backend that reads them as doubles itself. */
enum { METRIC_COL_BASELINE = 7, METRIC_COL_TARGET = 10, METRIC_COL_LATEST = 20 };
/* How a metric's direction and its target's kind are stored (the inverses are the row readers'). */
const char *tm_metric_direction_text(bool down);
const char *tm_target_kind_text(int kind);

/* An observation of a metric (metric_observations). */
#define OBSERVATION_COLS "id, metric_id, on_date, value, note, by, at"
void tm_row_observation(const tm_row *r, tm_observation *out);

/* A review held (reviews); false for a stage tminus does not know. */
#define REVIEW_COLS "launch_id, stage, held_on, notes, by, at"
bool tm_row_review(const tm_row *r, tm_review *out);
/* Puts reviews in the order of their stages (day-1 … quarter), not of their names. */
void tm_reviews_sort(tm_review *v, size_t n);

/* A row of the audit log; its before and after are copied (tm_audit_release frees them). */
#define AUDIT_COLS "id, at, who, action, target, before, after"
void tm_row_audit(const tm_row *r, tm_audit *out);

/* ---- the glossary ---- */

/* A glossary term or persona (glossary). */
#define GLOSSARY_COLS "id, term, kind, definition, role, goals, pains, version, created_at, updated_at"
void tm_row_term(const tm_row *r, tm_term *out);
/* Reads a record's id as a user gives it, "12" or "#12": false when ref is not one. */
bool tm_row_parse_id(const char *ref, int64_t *id);

#endif
