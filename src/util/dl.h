/*
 * dl.h - the one place that opens a shared library at run time and fills a
 * table of its functions (util/mhd.h, util/sodium.h and util/ical.h use it).
 *
 * Each library is opened once per process, whichever of the server's
 * threads asks first; the outcome (success, or the message saying why not)
 * is kept and reported to every later caller. Once it is known, asking
 * again costs one atomic load: no lock.
 */
#ifndef TM_UTIL_DL_H
#define TM_UTIL_DL_H

#include <stdatomic.h>
#include <stddef.h>

#include "util/error.h"

/* A library to open: set the first four fields; the rest is the loader's. */
struct tm_dl {
	const char *what;          /* the library's name for people: "libsodium" */
	const char *soname;        /* what dlopen() opens: "libsodium.so.23" */
	const char *const *names;  /* the functions to look up ... */
	void **const *slots;       /* ... and where each goes (a table's pointer) */
	size_t n;                  /* how many of both */
	int (*started)(void);      /* run once after loading (libsodium's init), negative on failure; or NULL */
	atomic_int done;           /* 1 once the outcome below is final */
	char failure[320];         /* why loading failed, or "" */
};

/*
 * Opens lib the first time (later calls repeat the first outcome); on
 * failure every slot is NULL and err says what is missing, as TM_EIO.
 * A failure for want of memory is not an outcome: TM_ENOMEM (the thread's
 * failure flag set), and the next call tries again.
 */
int tm_dl_load(struct tm_dl *lib, tm_error *err);

/* The same without the message, for the tables' accessors. */
void tm_dl_ensure(struct tm_dl *lib);

/* X-macro helpers for a library's list of functions (see util/mhd.c). */
#define TM_DL_NAME(name) #name,
#define TM_DL_SLOT(table, name) (void **)&(table).name,

#endif
