/* ical.c - opens libical on first use; see ical.h for why. */
#include "util/ical.h"

#include <dlfcn.h>
#include <stddef.h>

#ifndef TM_LIBICAL_SONAME
#define TM_LIBICAL_SONAME "libical.so.3"
#endif

int tm_ical_load(const struct tm_ical **out, tm_error *err)
{
	static struct tm_ical api;
	static int loaded;
	if (loaded) {
		*out = &api;
		return 0;
	}
	void *h = dlopen(TM_LIBICAL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return tm_fail(err, TM_EIO, "iCalendar needs libical (%s): %s", TM_LIBICAL_SONAME, dlerror());
#define X(name)                                                                               \
	*(void **)&api.name = dlsym(h, #name);                                                \
	if (!api.name)                                                                        \
		return tm_fail(err, TM_EIO, "libical (%s) lacks %s", TM_LIBICAL_SONAME, #name);
	TM_ICAL_FUNCS(X)
#undef X
	loaded = 1;
	*out = &api;
	return 0;
}
