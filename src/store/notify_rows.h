/*
 * notify_rows.h - the rows the notification pass reads (store.h's notify sub-table), read the same
 * way for both engines: each backend selects these columns in this order.
 */
#ifndef TM_STORE_NOTIFY_ROWS_H
#define TM_STORE_NOTIFY_ROWS_H

#include "core/notify.h"
#include "store/row.h"
#include "store/store.h"

/* A task as digests see it: DIGEST_TASK_COLS DIGEST_TASK_FROM. */
#define DIGEST_TASK_COLS "t.id, t.launch_id, coalesce(t.owner_id, 0), l.slug, l.name, t.title, t.due, t.updated_at"
#define DIGEST_TASK_FROM " FROM tasks t JOIN launches l ON l.id = t.launch_id "

static inline void tm_row_digest_task(const tm_row *r, tm_digest_task *t)
{
	memset(t, 0, sizeof(*t));
	t->id = tm_row_i64(r, 0);
	t->launch_id = tm_row_i64(r, 1);
	t->owner_id = tm_row_i64(r, 2);
	tm_row_text(r, 3, t->launch_slug, sizeof(t->launch_slug));
	tm_row_text(r, 4, t->launch_name, sizeof(t->launch_name));
	tm_row_text(r, 5, t->title, sizeof(t->title));
	t->has_due = tm_row_date(r, 6, &t->due);
	tm_row_text(r, 7, t->updated_at, sizeof(t->updated_at));
}

/* A webhook: WEBHOOK_COLS from webhooks. */
#define WEBHOOK_COLS "id, url, events, format, coalesce(launch_id, 0), secret, allow_private, created_at"

static inline void tm_row_webhook(const tm_row *r, tm_webhook *w)
{
	memset(w, 0, sizeof(*w));
	w->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, w->url, sizeof(w->url));
	tm_row_text(r, 2, w->events, sizeof(w->events));
	tm_row_text(r, 3, w->format, sizeof(w->format));
	w->launch_id = tm_row_i64(r, 4);
	tm_row_text(r, 5, w->secret, sizeof(w->secret));
	w->allow_private = tm_row_i64(r, 6) != 0;
	tm_row_text(r, 7, w->created_at, sizeof(w->created_at));
}

/* The people who hear of a launch's events (:l / $1 the launch), each once. */
#define AUDIENCE_IDS(L)                                                                                        \
	"SELECT pm_id FROM launches WHERE id = " L " UNION SELECT marketing_id FROM launches WHERE id = " L        \
	" UNION SELECT person_id FROM launch_owners WHERE launch_id = " L                                          \
	" UNION SELECT person_id FROM launch_watchers WHERE launch_id = " L

/* (person, launch) of planned launches on or after (F) that the person is involved in. */
#define INVOLVED_SQL(F)                                                                                         \
	"SELECT x.person_id, x.launch_id FROM (SELECT pm_id AS person_id, id AS launch_id FROM launches "         \
	"WHERE status = 'planned' AND date >= " F " AND pm_id IS NOT NULL "                                        \
	"UNION SELECT marketing_id, id FROM launches WHERE status = 'planned' AND date >= " F                      \
	" AND marketing_id IS NOT NULL "                                                                            \
	"UNION SELECT o.person_id, o.launch_id FROM launch_owners o JOIN launches l ON l.id = o.launch_id "       \
	"WHERE l.status = 'planned' AND l.date >= " F " "                                                          \
	"UNION SELECT w.person_id, w.launch_id FROM launch_watchers w JOIN launches l ON l.id = w.launch_id "     \
	"WHERE l.status = 'planned' AND l.date >= " F ") x JOIN launches l2 ON l2.id = x.launch_id "              \
	"ORDER BY x.person_id, l2.date, x.launch_id"

#define DIGEST_WHERE(TO, SINCE)                                                                                 \
	"WHERE t.owner_id IS NOT NULL AND t.status IN ('todo', 'in_progress', 'awaiting_approval') "              \
	"AND l.status != 'cancelled' AND (t.due <= " TO " OR t.updated_at > " SINCE ") "                          \
	"ORDER BY t.owner_id, t.due IS NULL, t.due, t.id"

#define MILESTONES_WHERE(FROM, TO)                                                                              \
	"WHERE t.milestone <> 0 AND t.status = 'done' AND l.status != 'cancelled' AND l.date BETWEEN " FROM        \
	" AND " TO " ORDER BY t.id"

#endif
