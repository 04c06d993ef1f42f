/* mhd.c - opens libmicrohttpd on first use; see mhd.h for why. */
#define TM_MHD_NO_REDIRECT
#include "util/mhd.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBMICROHTTPD_SONAME
#define TM_LIBMICROHTTPD_SONAME "libmicrohttpd.so.12"
#endif

static struct tm_mhd_api api;
static const char *const names[] = { TM_MHD_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_MHD_FUNCS(SLOT) };
static struct tm_dl lib = { .what = "libmicrohttpd", .soname = TM_LIBMICROHTTPD_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]) };

int tm_mhd_load(tm_error *err)
{
	return tm_dl_load(&lib, err);
}

const struct tm_mhd_api *tm_mhd_api(void)
{
	tm_dl_ensure(&lib);
	return &api;
}
