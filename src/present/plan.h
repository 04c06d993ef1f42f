/*
 * plan.h - plans for people and programs: the --json contract of `plan`,
 * the table and text Gantt, and "why is this task critical?" in words.
 */
#ifndef TM_PRESENT_PLAN_H
#define TM_PRESENT_PLAN_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "util/buf.h"

/* {"launch","date","today","feasible","critical_path":[ids],"tasks":[…]} */
json_t *tm_json_plan(const tm_launch_plan *p);
/* The plan's table and text Gantt. */
void tm_text_plan(const tm_launch_plan *p, const tm_calendar *cal, tm_buf *out, bool color);
/* The chain of successors and deadlines that fixes task idx's latest finish, and its slack, in words. */
void tm_text_explain(const tm_launch_plan *p, int idx, tm_buf *out);
json_t *tm_json_explain(const tm_launch_plan *p, int idx);
/* A plan against a baseline: each task's due date, latest finish and forecast finish, then and now. */
json_t *tm_json_comparison(const tm_comparison *c);
void tm_text_comparison(const tm_comparison *c, tm_buf *out, bool color);
/* [{"name","date","today","saved_at"}]: the saved baselines of a launch (baseline list). */
json_t *tm_json_baselines(const tm_baselines *bs);
/*
 * The load of a range of ISO weeks: {"from","to","today","weeks":[{"week","start"}],"people":[{"id","name",
 * "role","capacity","weeks":[{"week","days","capacity","over","task_count","tasks":[{"id","title",
 * "launch","launch_name","days"}]}]}],"overloaded_weeks"}; each cell lists at most max_tasks tasks,
 * the largest shares first (task_count counts them all).
 */
json_t *tm_json_load(const tm_load_report *r, tm_date today, size_t max_tasks);

#endif
