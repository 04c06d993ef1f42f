/* mem.c - counted allocation, the thread's failure flag and the reserve; see mem.h. */
#include "util/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/banned.h"

#define TM_RESERVE (1u << 20)

static _Thread_local bool failed;
static _Atomic(void *) reserve;

#ifdef TM_ALLOC_FAULTS
static atomic_long counted, fail_at;

void tm_mem_fault_at(long n)
{
	atomic_store(&fail_at, n > 0 ? atomic_load(&counted) + n : 0);
}

long tm_mem_count(void)
{
	return atomic_load(&counted);
}

static uint64_t *trace_v, trace_h;
static long trace_cap, trace_base;

void tm_mem_trace_into(uint64_t *v, long cap)
{
	trace_v = v;
	trace_cap = cap;
	trace_base = atomic_load(&counted);
	trace_h = 14695981039346656037u; /* FNV-1a's offset basis */
}

/* Is this allocation (n bytes, for caller) the one the test asked to fail? */
static bool injected_(size_t n, const void *caller)
{
	long i = atomic_fetch_add_explicit(&counted, 1, memory_order_relaxed) + 1;
	long at = atomic_load_explicit(&fail_at, memory_order_relaxed);
	if (trace_v && i - trace_base - 1 < trace_cap) {
		trace_h = (trace_h ^ (uint64_t)n ^ ((uint64_t)(uintptr_t)caller << 17)) * 1099511628211u;
		trace_v[i - trace_base - 1] = trace_h;
	}
	return at && i == at;
}
#define injected(n) injected_((n), __builtin_return_address(0))
#else
void tm_mem_trace_into(uint64_t *v, long cap)
{
	(void)v;
	(void)cap;
}

void tm_mem_fault_at(long n)
{
	(void)n;
}

long tm_mem_count(void)
{
	return 0;
}

#define injected(n) false
#endif

void tm_mem_fail(void)
{
	failed = true;
}

bool tm_mem_failed(void)
{
	return failed;
}

bool tm_mem_begin(void)
{
	failed = false;
	if (!atomic_load(&reserve)) {
		void *r = malloc(TM_RESERVE);
		void *none = NULL;
		if (r && !atomic_compare_exchange_strong(&reserve, &none, r))
			free(r);
		return r != NULL;
	}
	return true;
}

/* Hands the reserve back to the system, for the allocation that failed to be tried again. */
static void release_reserve(void)
{
	free(atomic_exchange(&reserve, NULL));
}

void *tm_mem_malloc(size_t n)
{
	void *p = injected(n) ? NULL : malloc(n ? n : 1);
	if (!p)
		failed = true;
	return p;
}

void *tm_mem_calloc(size_t n, size_t size)
{
	void *p = injected(n * size) ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (!p)
		failed = true;
	return p;
}

void *tm_mem_realloc(void *p, size_t n)
{
	void *q = injected(n) ? NULL : realloc(p, n ? n : 1);
	if (!q)
		failed = true;
	return q;
}

/* The last resort: nothing left even after the reserve. Ends the process without abort(): the
 * open transaction was never committed, so the database rolls it back. */
static void *out_of_memory(void)
{
	static const char msg[] = "tminus: error: out of memory\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
	_exit(1);
}

/*
 * A large block (a list of 50,000 metrics, a long --json answer) is asked to be backed by huge
 * pages where the kernel gives them on request (transparent_hugepage "madvise"): filling it then
 * costs a page fault every 2 MiB instead of every 4 KiB, which on a virtual machine is most of the
 * time such a command takes. Only a hint: nothing changes where the kernel says no.
 */
#define TM_HUGE_MIN (4u << 20)

void tm_mem_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n < TM_HUGE_MIN)
		return;
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, e = ((uintptr_t)p + n) & ~(uintptr_t)4095;
	if (e > a)
		/* NOLINTNEXTLINE(performance-no-int-to-ptr): p rounded to a page */
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *tm_xmalloc(size_t n)
{
	void *p = tm_mem_malloc(n);
	if (!p && (release_reserve(), !(p = malloc(n ? n : 1))))
		return out_of_memory();
	tm_mem_huge(p, n);
	return p;
}

void *tm_xcalloc(size_t n, size_t size)
{
	void *p = tm_mem_calloc(n, size);
	if (!p && (release_reserve(), !(p = calloc(n ? n : 1, size ? size : 1))))
		return out_of_memory();
	return p;
}

void *tm_xrealloc(void *p, size_t n)
{
	void *q = tm_mem_realloc(p, n);
	if (!q && (release_reserve(), !(q = realloc(p, n ? n : 1))))
		return out_of_memory();
	tm_mem_huge(q, n);
	return q;
}

char *tm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = tm_xmalloc(n);
	memcpy(d, s, n);
	return d;
}
