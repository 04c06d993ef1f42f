/* ical.c - opens libical on first use; see ical.h for why. */
#include "util/ical.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBICAL_SONAME
#define TM_LIBICAL_SONAME "libical.so.3"
#endif

static struct tm_ical api;
static const char *const names[] = { TM_ICAL_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_ICAL_FUNCS(SLOT) };
static struct tm_dl lib = { .what = "libical", .soname = TM_LIBICAL_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]) };

int tm_ical_load(const struct tm_ical **out, tm_error *err)
{
	int rc = tm_dl_load(&lib, err);
	*out = &api;
	return rc;
}
