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
 */
#ifndef TM_PLAN_H
#define TM_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "core/graph.h"

typedef struct tm_plan_input {
	int64_t id;
	int effort_days;
	bool milestone;
	bool has_due;
	tm_date due;
	bool is_launch;     /* the launch-day milestone: where the critical path ends */
} tm_plan_input;

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
	int es_reason;            /* index of the predecessor that fixed es, -1: today */
} tm_plan_task;

typedef struct tm_plan {
	tm_date t, today;
	tm_plan_task *tasks;      /* in the input's order */
	size_t n;
	int *succ_start, *succ;   /* successors of task i: succ[succ_start[i] .. succ_start[i+1]) */
	int *pred_start, *pred;   /* predecessors, likewise */
	int min_slack;
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
