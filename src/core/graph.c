/* graph.c - cycle detection by breadth-first search from the new edge's end. */
#include "core/graph.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"

#include "util/banned.h"

size_t tm_dep_cycle(const tm_dep *deps, size_t n, int64_t task, int64_t after,
		    int64_t *cycle, size_t max)
{
	if (task == after) {
		if (max >= 2) {
			cycle[0] = task;
			cycle[1] = task;
		}
		return 2;
	}
	/* BFS over "waits for" edges from `after`; reaching `task` means a cycle.
	 * queue[] holds ids; parent[i] the queue index we came from. */
	int64_t *queue = tm_xmalloc((n + 1) * sizeof(*queue));
	size_t *parent = tm_xmalloc((n + 1) * sizeof(*parent));
	size_t head = 0, tail = 0, found = (size_t)-1, len = 0;
	queue[tail] = after;
	parent[tail++] = (size_t)-1;
	while (head < tail && found == (size_t)-1) {
		int64_t cur = queue[head];
		for (size_t i = 0; i < n; i++) {
			if (deps[i].task != cur)
				continue;
			int64_t next = deps[i].after;
			int seen = 0;
			for (size_t j = 0; j < tail; j++)
				if (queue[j] == next) {
					seen = 1;
					break;
				}
			if (seen)
				continue;
			queue[tail] = next;
			parent[tail++] = head;
			if (next == task) {
				found = tail - 1;
				break;
			}
			if (tail > n)
				break;
		}
		head++;
	}
	if (found != (size_t)-1) {
		/* Path from after to task, reversed via parents; cycle = task, after, ..., task. */
		size_t depth = 0;
		for (size_t i = found; i != (size_t)-1; i = parent[i])
			depth++;
		len = depth + 1;
		if (len <= max) {
			cycle[0] = task;
			size_t k = depth;
			for (size_t i = found; i != (size_t)-1; i = parent[i])
				cycle[k--] = queue[i];
		}
	}
	free(queue);
	free(parent);
	return len;
}

void tm_dep_cycle_format(const int64_t *cycle, size_t n, int hash, char *buf, size_t bufsz)
{
	tm_buf b = TM_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		tm_buf_printf(&b, "%s%s%lld", i ? " → " : "", hash ? "#" : "", (long long)cycle[i]);
	snprintf(buf, bufsz, "%s", b.s);
	tm_buf_release(&b);
}
