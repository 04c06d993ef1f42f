/*
 * mem_setup.c - points the libraries that allocate for us at util/mem.c, so
 * that their failures set the thread's flag (and, in test builds, can be
 * injected and counted like ours): SQLite through SQLITE_CONFIG_MALLOC,
 * jansson through json_set_alloc_funcs. libcsv is given tm_mem_realloc where
 * a parser is made (core/csv.c). libfyaml 0.7 has no allocator hook (its
 * failures come back as a parse that failed), nor do libical, libpq and
 * libmicrohttpd; cmark-gfm's default allocator is its own.
 */
#include "util/mem.h"

#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/banned.h"

static void *sq_malloc(int n)
{
	return n <= 0 ? NULL : tm_mem_malloc((size_t)n);
}

static void sq_free(void *p)
{
	free(p);
}

static void *sq_realloc(void *p, int n)
{
	return n <= 0 ? NULL : tm_mem_realloc(p, (size_t)n);
}

static int sq_size(void *p)
{
	return p ? (int)malloc_usable_size(p) : 0;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *app)
{
	(void)app;
	return SQLITE_OK;
}

static void sq_shutdown(void *app)
{
	(void)app;
}

#ifdef TM_ALLOC_FAULTS
static void print_count(void)
{
	fprintf(stderr, "tminus: allocations: %ld\n", tm_mem_count());
}
#endif

static void setup(void)
{
	static const sqlite3_mem_methods methods = { sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup,
						     sq_init, sq_shutdown, NULL };
	/* Before SQLite's first use only; a process that used it already keeps SQLite's allocator. */
	(void)sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
	/* No per-allocation statistics: they take SQLite's memory mutex at every allocation, and nothing
	 * here reads them. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	json_set_alloc_funcs(tm_mem_malloc, free);
#ifdef TM_ALLOC_FAULTS
	const char *n = getenv("TMINUS_ALLOC_FAIL");
	if (n && *n)
		tm_mem_fault_at(strtol(n, NULL, 10));
	const char *count = getenv("TMINUS_ALLOC_COUNT");
	if (count && *count && *count != '0')
		atexit(print_count);
#endif
}

void tm_mem_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, setup);
}
