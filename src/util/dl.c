/* dl.c - opens a library on first use and fills its table; see dl.h. */
#include "util/dl.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"

#include "util/banned.h"

/* Held only while a library is being opened: the first calls, never the later ones. */
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static void clear(struct tm_dl *lib)
{
	for (size_t i = 0; i < lib->n; i++)
		*lib->slots[i] = NULL;
}

/* dlopen() failed for want of memory (mapping the library's segments, the loader's own allocations): a
 * failure of the moment, which the next call tries again rather than repeats. */
static bool short_of_memory(int e, const char *why)
{
	return e == ENOMEM || strstr(why, "map segment") || strstr(why, "allocate memory");
}

/* Opens the library and fills its table; false when it failed only for want of memory. */
static bool load(struct tm_dl *lib)
{
	errno = 0;
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		int e = errno;
		const char *why = dlerror();
		snprintf(lib->failure, sizeof(lib->failure), "%s is not installed: %s", lib->what, why ? why : "?");
		return !short_of_memory(e, why ? why : "");
	}
	for (size_t i = 0; i < lib->n; i++) {
		if (!(*lib->slots[i] = dlsym(h, lib->names[i]))) {
			snprintf(lib->failure, sizeof(lib->failure), "%s (%s) lacks %s", lib->what, lib->soname,
				 lib->names[i]);
			clear(lib);
			dlclose(h);
			return true;
		}
	}
	if (lib->started && lib->started() < 0) {
		snprintf(lib->failure, sizeof(lib->failure), "%s (%s) could not start", lib->what, lib->soname);
		clear(lib);
		dlclose(h);
	}
	/* The handle stays open for the life of the process: the table points into it. */
	return true;
}

/* Loads lib unless done; false (why in why) when this attempt failed for want of memory. */
static bool ensure(struct tm_dl *lib, char *why, size_t whysz)
{
	if (atomic_load_explicit(&lib->done, memory_order_acquire))
		return true;
	bool ok = true;
	pthread_mutex_lock(&loading);
	if (!atomic_load_explicit(&lib->done, memory_order_relaxed)) {
		lib->failure[0] = '\0';
		if (load(lib)) {
			atomic_store_explicit(&lib->done, 1, memory_order_release);
		} else {
			snprintf(why, whysz, "%s", lib->failure);
			lib->failure[0] = '\0';
			ok = false;
		}
	}
	pthread_mutex_unlock(&loading);
	return ok;
}

void tm_dl_ensure(struct tm_dl *lib)
{
	char why[sizeof(lib->failure)];
	if (!ensure(lib, why, sizeof(why)))
		tm_mem_fail();
}

int tm_dl_load(struct tm_dl *lib, tm_error *err)
{
	char why[sizeof(lib->failure)];
	if (!ensure(lib, why, sizeof(why))) {
		tm_mem_fail();
		return tm_fail(err, TM_ENOMEM, "out of memory while loading %s (%s)", lib->what, why);
	}
	if (lib->failure[0])
		return tm_fail(err, TM_EIO, "%s", lib->failure);
	return 0;
}
