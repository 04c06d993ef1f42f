/* pq.c - opens libpq on first use; see pq.h for why. */
#define TM_PQ_NO_REDIRECT
#include "util/pq.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBPQ_SONAME
#define TM_LIBPQ_SONAME "libpq.so.5"
#endif

static struct tm_pq_api api;
static const char *const names[] = { TM_PQ_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_PQ_FUNCS(SLOT) };

static struct tm_dl lib = { .what = "libpq", .soname = TM_LIBPQ_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]) };

int tm_pq_load(tm_error *err)
{
	return tm_dl_load(&lib, err);
}

const struct tm_pq_api *tm_pq_api(void)
{
	tm_dl_ensure(&lib);
	return &api;
}
