/*
 * plan.h - the critical path method over a launch's open tasks, in working
 * days, finish-to-start.
 *
 * A task with effort d occupies d consecutive working days; a milestone
 * (d = 0) occupies none and sits on a day. A successor starts no earlier
 * than the working day after its predecessor's last working day (the same
 * day when the predecessor is a milestone). The forward pass runs from
 * today; the backward pass from the deadlines: a task's latest finish is its
 * own due date or, if earlier, what its successors' latest starts allow;
 * a task with no due date is due by launch day T.
 *
 * Start constraints (TaskJuggler's `start`): a task never starts before its
 * own not-before day (the working day on or after it), and the launch-day
 * milestone and every task due on or after T never start before launch day
 * (T, or the working day before it when T is none, where the launch
 * milestone's deadline sits too). They move earliest dates only: latest
 * dates come from the deadlines alone.
 *
 * Slack is latest start minus earliest start. The critical tasks are those
 * with the least slack among the work that leads up to launch day: the launch
 * milestone and the work after it start on launch day whatever happens
 * before, so their slack (often 0: the launch sits on T) says only whether
 * they fit before their own due dates, and they count only when that slack
 * is negative.
 */
#ifndef TM_PLAN_H
#define TM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/graph.h"
#include "util/error.h"

typedef struct tm_plan_input {
	int64_t id;
	int effort_days;
	bool milestone;
	bool has_due;
	tm_date due;
	bool is_launch;     /* the launch-day milestone: where the critical path ends */
	bool has_not_before;
	tm_date not_before; /* when has_not_before: the task cannot start before this day */
} tm_plan_input;

/* What fixed a task's earliest start, when no predecessor did. */
enum tm_es_reason {
	TM_ES_TODAY = -1,      /* today: nothing else holds it back */
	TM_ES_NOT_BEFORE = -2, /* its own not-before day */
	TM_ES_LAUNCH_DAY = -3, /* launch day: the launch milestone, and work due on or after T */
	/* >= 0: the index of the predecessor whose earliest finish fixed it */
};

/* Why a task's latest finish is what it is. */
enum tm_lf_reason {
	TM_LF_OWN_DUE = -1,   /* its own due date */
	TM_LF_LAUNCH_DAY = -2, /* no due date: launch day T */
	/* >= 0: the index of the successor whose latest start fixed it */
};

typedef struct tm_plan_task {
	int64_t id;
	int effort_days;
	bool milestone;
	tm_date es, ef, ls, lf;   /* earliest/latest start and finish (working days) */
	int slack;                /* working days from es to ls; negative when late */
	bool critical;
	int lf_reason;            /* enum tm_lf_reason or a successor's index */
	int es_reason;            /* enum tm_es_reason or the index of the predecessor that fixed es */
	bool after_launch;        /* the launch milestone or due on or after T: cannot start before launch day */
	tm_date not_before;       /* the day its own constraint names (when es_reason is TM_ES_NOT_BEFORE) */
} tm_plan_task;

typedef struct tm_plan {
	tm_date t, today;
	tm_date launch_day;       /* the working day the launch milestone sits on: T, or the one before */
	tm_plan_task *tasks;      /* in the input's order */
	size_t n;
	int *succ_start, *succ;   /* successors of task i: succ[succ_start[i] .. succ_start[i+1]) */
	int *pred_start, *pred;   /* predecessors, likewise */
	int min_slack;            /* the critical tasks' slack (see above) */
	bool feasible;            /* no negative slack */
	int *critical_path;       /* indices, from a task with no open predecessor to the launch */
	size_t n_critical_path;
} tm_plan;

/*
 * Plans n open tasks. deps may name tasks that are not in the input (done
 * or skipped ones): those constraints are already met and are ignored.
 * Returns TM_ECONFLICT if the dependencies contain a cycle.
 */
int tm_plan_compute(const tm_plan_input *in, size_t n, const tm_dep *deps, size_t n_deps, tm_date t, tm_date today,
		    const tm_calendar *cal, tm_plan *out, tm_error *err);
void tm_plan_release(tm_plan *p);

/* Index of the task with this id, or -1. */
int tm_plan_find(const tm_plan *p, int64_t id);

#endif
