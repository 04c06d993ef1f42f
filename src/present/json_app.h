/*
 * json_app.h - the JSON of use-case results, shared by the command line's
 * --json and the API, so the two can never disagree. Each returns a new
 * reference.
 */
#ifndef TM_PRESENT_JSON_APP_H
#define TM_PRESENT_JSON_APP_H

#include <jansson.h>

#include "app/app.h"

/* {"launch","score","errors","warnings","findings":[{"rule","severity","task","message","hint"}],"readiness":[…]} */
json_t *tm_json_check(const tm_launch_check *c);
/* A check summed up: {"score","errors","warnings"} (the list's with=readiness). */
json_t *tm_json_readiness(const tm_launch_check *c);
/* The brief's fields and its Markdown. */
json_t *tm_json_brief(const tm_launch_brief *lb);
json_t *tm_json_decision(const tm_decision *d);
/* {"from","to","events":[…],"conflicts":[…]} */
json_t *tm_json_agenda(const tm_agenda *ag);
/* A launch with its tasks, notes, date history and slips (launch show, launch add, the API's launch). */
json_t *tm_json_launch_detail(const tm_launch_detail *d);
/* What a delay did: {"launch","from","to","reason","date_changes","baseline","moved","fixed","inconsistent","done_kept"} */
json_t *tm_json_delay(const tm_delay_result *r);
/* A delay's dry run: tm_json_delay's members, "dry_run": true, "moved_tasks" (the moved tasks with their
 * new dates), and the launch's check after the move: "findings" and "readiness" (tm_json_readiness). */
json_t *tm_json_delay_preview(const tm_delay_result *r, const tm_launch_check *after);
json_t *tm_json_tier_advice(const tm_tier_advice *a);
/* A brief read back: the brief, and each Overview difference with whether it was applied. */
json_t *tm_json_brief_import(const tm_launch_brief *lb);
/* {"id","at","who","action","target","before","after"} */
json_t *tm_json_audit(const tm_audit *a);
json_t *tm_json_holiday(const tm_holiday *h);
json_t *tm_json_freeze(const tm_freeze *f);
/* Notes as an array of their texts (a plan's "notes": what it cannot know). */
json_t *tm_json_notes(const tm_notes *notes);
/* {"id","name","role","person","created_at","must_change_password"}: never the password's hash. */
json_t *tm_json_user(const tm_user *u);
/* {"id","user","name","scope","created_at","expires_at","revoked"}: never the token or its hash. */
json_t *tm_json_token(const tm_token *t);
/* A token just made: the above with "token", its text, shown this once. */
json_t *tm_json_token_created(const tm_token *t, const char *text);
/* {"added","skipped","tasks_moved"} */
json_t *tm_json_holiday_result(const tm_holiday_result *r);
/* One task as tm_json_task with "approval_missing": [names] (whose approval its external copy still
 * lacks, the PMM first; [] when none or not external): the answer about a single task. */
json_t *tm_json_task_approval(const tm_task *t, const tm_approval_state *s);

/* {"launch","dry_run","tasks","notes"}: what playbook apply added (or would add: ids 0) to a launch. */
json_t *tm_json_playbook_apply(const tm_launch_detail *d, bool dry_run);
/* {"quarter","from","to","capacity","over_weeks","impact","launches":[…],"weeks":[…]}: a quarter's triage. */
json_t *tm_json_triage(const tm_triage *t);

#endif
