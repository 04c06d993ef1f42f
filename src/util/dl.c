/* dl.c - opens a library on first use and fills its table; see dl.h. */
#include "util/dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/banned.h"

/* Held only while a library is being opened: the first calls, never the later ones. */
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static void clear(struct tm_dl *lib)
{
	for (size_t i = 0; i < lib->n; i++)
		*lib->slots[i] = NULL;
}

static void load(struct tm_dl *lib)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lib->failure, sizeof(lib->failure), "%s is not installed: %s", lib->what, dlerror());
		return;
	}
	for (size_t i = 0; i < lib->n; i++) {
		if (!(*lib->slots[i] = dlsym(h, lib->names[i]))) {
			snprintf(lib->failure, sizeof(lib->failure), "%s (%s) lacks %s", lib->what, lib->soname,
				 lib->names[i]);
			clear(lib);
			dlclose(h);
			return;
		}
	}
	if (lib->started && lib->started() < 0) {
		snprintf(lib->failure, sizeof(lib->failure), "%s (%s) could not start", lib->what, lib->soname);
		clear(lib);
		dlclose(h);
	}
	/* The handle stays open for the life of the process: the table points into it. */
}

void tm_dl_ensure(struct tm_dl *lib)
{
	if (atomic_load_explicit(&lib->done, memory_order_acquire))
		return;
	pthread_mutex_lock(&loading);
	if (!atomic_load_explicit(&lib->done, memory_order_relaxed)) {
		load(lib);
		atomic_store_explicit(&lib->done, 1, memory_order_release);
	}
	pthread_mutex_unlock(&loading);
}

int tm_dl_load(struct tm_dl *lib, tm_error *err)
{
	tm_dl_ensure(lib);
	if (lib->failure[0])
		return tm_fail(err, TM_EIO, "%s", lib->failure);
	return 0;
}
