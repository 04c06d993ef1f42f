/* internal.h - helpers the use-case files share, not part of the app interface. */
#ifndef TM_APP_INTERNAL_H
#define TM_APP_INTERNAL_H

#include <stdio.h>

#include <jansson.h>

#include "app/app.h"

/* The working-day calendar of the workspace. */
const tm_calendar *tm_app_calendar(tm_app *app);

/*
 * A person by id, full name or email (any case), else by a first name or
 * surname that fits exactly one person; ambiguity is an error naming them.
 */
int tm_app_find_person(tm_app *app, const char *ref, tm_person *out, tm_error *err);

/*
 * The date an offset from launch day t gives on the calendar, refused (TM_EINVAL) outside the
 * range tminus plans, naming the task: "'Iterate' would be due 2200-03-31 (T+1q from launch day …)".
 * verb is "would be due" or "could not start before".
 */
int tm_app_resolve(const tm_offset *off, tm_date t, const tm_calendar *cal, const char *title, const char *verb,
		   tm_date *out, tm_error *err);
/*
 * Moves a task's dates that follow T (due, not-before) to launch day t on the calendar; *moved
 * says whether either changed. A date that would leave the range tminus plans is refused.
 */
int tm_app_task_follow(tm_task *task, tm_date t, const tm_calendar *cal, bool *moved, tm_error *err);

/* Who owns a role's tasks on launch l (0: nobody): its PM, its marketing owner, or the owner it names. */
int tm_app_role_owner(tm_app *app, const tm_launch *l, int role, int64_t *person_id, tm_error *err);

/* The launch's PMM (approves external copy): its owner of role pmm, else its marketing owner; id 0: none. */
int tm_app_launch_pmm(tm_app *app, const tm_launch *l, tm_person *out, tm_error *err);
/*
 * A task set done (or awaiting approval) whose status its approvals decide (approve.c): an external
 * task still missing approvals awaits them, one that has them all is done. previous: its status before.
 */
int tm_app_task_settle_approval(tm_app *app, const tm_launch *l, int previous, tm_task *t, tm_error *err);

/*
 * The brief and the metrics are one truth (brief.c): fills b's success metrics with the launch's metrics
 * ms (name, target, "N days after launch") first, then b's own rows that name none of them.
 */
void tm_app_brief_merge_metrics(tm_brief *b, const tm_metric *ms, size_t n);

/* Saves plan p as a baseline named name (NULL: today's date) inside the caller's transaction. */
int tm_app_baseline_save_in_tx(tm_app *app, const tm_launch_plan *p, const char *name, tm_baseline *out,
			       tm_error *err);

/*
 * Records one change in the audit log, inside the caller's write transaction.
 * before and after are new references (stolen), NULL for a creation or a removal.
 */
int tm_app_audit(tm_app *app, const char *action, json_t *before, json_t *after, tm_error *err, const char *target_fmt,
		 ...) __attribute__((format(printf, 6, 7)));
/* The stored task / launch as JSON (a new reference), NULL when it is gone. */
json_t *tm_app_audit_task(tm_app *app, int64_t id);
json_t *tm_app_audit_launch(tm_app *app, int64_t id);

/* Hex BLAKE2b-256 of a token or session id: only this is ever stored. */
void tm_app_token_hash(const char *text, char hex[65]);
/* The UTC time plus_seconds from now, RFC 3339. */
void tm_app_utc(char *buf, size_t n, long plus_seconds);
/* Opens and starts libsodium once (util/sodium.h): an error if it is not installed. */
int tm_app_sodium(tm_error *err);

/*
 * A preview (a dry run): the use cases run as they would, in a write transaction (or a savepoint of
 * the caller's), and tm_app_preview_end takes back everything they wrote, so the database is left as
 * it was, byte for byte when no transaction was open. *nested says which of the two was begun.
 */
int tm_app_preview_begin(tm_app *app, bool *nested, tm_error *err);
void tm_app_preview_end(tm_app *app, bool nested);

/* Names the field at fault in err and passes rc through. */
static inline int tm_with_field(tm_error *err, const char *field, int rc)
{
	if (rc && err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

#endif
