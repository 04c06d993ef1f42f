/*
 * fuzz_import.c - the reader of Asana's, Jira's, Linear's and generic CSV
 * exports (tm_import_parse) on arbitrary bytes, the first byte choosing the
 * dialect: it reads every row or names a line of the file; when it reads,
 * every task has a title, every edge joins two rows, and the edges kept
 * have no cycle (each loop it reports closes at an edge it dropped).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/import.h"

#include "util/banned.h"

/* Kahn's algorithm over the kept edges: true when they hold no cycle. */
static bool acyclic(const tm_import_file *f)
{
	size_t n = f->tasks.n;
	int *indeg = calloc(n ? n : 1, sizeof(int)), *queue = malloc((n ? n : 1) * sizeof(int));
	size_t head = 0, tail = 0, seen = 0;
	for (size_t e = 0; e < f->edges.n; e++)
		if (!f->edges.v[e].dropped)
			indeg[f->edges.v[e].task]++;
	for (size_t i = 0; i < n; i++)
		if (!indeg[i])
			queue[tail++] = (int)i;
	while (head < tail) {
		int v = queue[head++];
		seen++;
		for (size_t e = 0; e < f->edges.n; e++)
			if (!f->edges.v[e].dropped && f->edges.v[e].after == v && !--indeg[f->edges.v[e].task])
				queue[tail++] = f->edges.v[e].task;
	}
	free(indeg);
	free(queue);
	return seen == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	if (!size || size > 64 * 1024)
		return 0;
	int source = data[0] % TM_IMPORT_N_SOURCES;
	int rc = tm_import_parse(source, (const char *)data + 1, size - 1, NULL, &f, &err);
	if (rc) {
		if (rc != TM_EINVAL || err.line < 1)
			abort();
	} else {
		for (size_t i = 0; i < f.tasks.n; i++)
			if (!*tm_import_str(&f, f.tasks.v[i].title))
				abort();
		for (size_t e = 0; e < f.edges.n; e++)
			if (f.edges.v[e].task < 0 || (size_t)f.edges.v[e].task >= f.tasks.n || f.edges.v[e].after < 0 ||
			    (size_t)f.edges.v[e].after >= f.tasks.n || f.edges.v[e].task == f.edges.v[e].after)
				abort();
		for (size_t l = 0; l < f.loops.n; l++)
			if (!f.edges.v[f.loops.v[l].edge].dropped)
				abort();
		if (!acyclic(&f))
			abort();
	}
	tm_import_file_release(&f);
	return 0;
}
