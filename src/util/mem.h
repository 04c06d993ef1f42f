/*
 * mem.h - allocation, and what happens when there is none.
 *
 * No failed allocation ends the process with abort(). A failure anywhere in a
 * thread (the project's buffers and vectors, SQLite, jansson, libcsv, cmark:
 * all allocate through tm_mem_malloc) marks that thread's failure flag, which
 * stays set until tm_mem_begin() (sticky, like ferror), and the caller goes on
 * with what it has: tm_buf drops the append and keeps its text valid, jansson
 * returns NULL, SQLite answers SQLITE_NOMEM. The flag is read where work
 * ends: the store's commit rolls back instead (TM_ENOMEM, nothing changed),
 * the command line says "out of memory" and exits 1, the server answers 503
 * with Retry-After and serves the next request.
 *
 * tm_x* allocations, whose callers use the memory at once (a vector's new
 * element, a copied string), are kept going by a reserve: on a failure the
 * flag is set, the reserve (1 MiB) is handed back to the system, and the
 * allocation is tried again; tm_mem_begin() takes the reserve again for the
 * next command or request. Only when that fails too does the process end
 * (exit status 1, "out of memory"), the database rolling back the transaction
 * it never committed.
 *
 * Test builds (-Dalloc_faults=true) can fail the Nth counted allocation once
 * (TMINUS_ALLOC_FAIL=N in the environment, or tm_mem_fault_at) and count them
 * (TMINUS_ALLOC_COUNT=1 prints "tminus: allocations: N" on stderr at exit);
 * elsewhere the check compiles away. Counting and failing are a relaxed atomic
 * and a branch, never a lock.
 */
#ifndef TM_MEM_H
#define TM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Counted allocation that may fail (NULL, and the thread's flag set). */
void *tm_mem_malloc(size_t n);
void *tm_mem_calloc(size_t n, size_t size);
void *tm_mem_realloc(void *p, size_t n);

/* Allocation whose caller uses the memory at once: the reserve keeps it going (see above). */
void *tm_xmalloc(size_t n);
void *tm_xcalloc(size_t n, size_t size);
void *tm_xrealloc(void *p, size_t n);
char *tm_xstrdup(const char *s);

/* Asks the kernel for huge pages behind a block of 4 MiB or more (a hint; see mem.c). */
void tm_mem_huge(void *p, size_t n);

/* Starts a command or a request: clears this thread's flag and takes the reserve again. False when the
 * reserve could not be taken (memory is short now): a server then answers 503 at once rather than run
 * code whose tm_x* allocations would have nothing to fall back on. */
bool tm_mem_begin(void);
/* Has an allocation failed in this thread since tm_mem_begin()? */
bool tm_mem_failed(void);
/* Marks this thread's flag (a library reported a failure of its own). */
void tm_mem_fail(void);

/* Points SQLite, jansson and the rest at tm_mem_malloc (once; before the first
 * database is opened) and reads TMINUS_ALLOC_FAIL / TMINUS_ALLOC_COUNT in test builds. */
void tm_mem_setup(void);

/* Test builds: the nth counted allocation from now fails (once); 0: none. */
void tm_mem_fault_at(long n);
/* Test builds: counted allocations so far (0 elsewhere). */
long tm_mem_count(void);
/* Test builds: from now on, v[i] holds a running hash of the sizes and call sites of the counted
 * allocations 1 … i+1 (at most cap of them), so that two runs can tell how many first allocations they
 * share; NULL stops. One thread's allocations only (the allocation-failure sweep's commands). */
void tm_mem_trace_into(uint64_t *v, long cap);

#endif
