/*
 * graph.h - dependency graphs between tasks: "task waits for after".
 *
 * Pure functions over an edge list; ids are whatever the caller uses (task
 * ids in a launch, indices in a playbook tier).
 */
#ifndef TM_GRAPH_H
#define TM_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "util/vec.h"

typedef struct tm_dep {
	int64_t task;   /* the task that waits */
	int64_t after;  /* the task it waits for */
} tm_dep;

typedef TM_VEC(tm_dep) tm_deps;

/*
 * Would adding "task waits for after" close a cycle among deps? Returns the
 * length of the cycle and fills cycle[] (at most max ids) with
 * task, after, ..., task: the chain of waits that leads back to task.
 * Returns 0 when the new edge is safe.
 */
size_t tm_dep_cycle(const tm_dep *deps, size_t n, int64_t task, int64_t after,
		    int64_t *cycle, size_t max);

/* Formats a cycle as "#12 → #15 → #12" (prefix "#" when hash is set) into buf. */
void tm_dep_cycle_format(const int64_t *cycle, size_t n, int hash, char *buf, size_t bufsz);

#endif
