/* cmark.c - opens cmark-gfm on first use; see cmark.h for why. */
#include "util/cmark.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBCMARK_GFM_SONAME
#define TM_LIBCMARK_GFM_SONAME "libcmark-gfm-extensions.so.0.29.0.gfm.6"
#endif

static struct tm_cmark api;
static const char *const names[] = { TM_CMARK_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_CMARK_FUNCS(SLOT) };

/* The registry of extensions is global and not safe to fill from two threads: filled here, once. */
static int started(void)
{
	api.cmark_gfm_core_extensions_ensure_registered();
	return api.cmark_find_syntax_extension("table") ? 0 : -1;
}

static struct tm_dl lib = { .what = "cmark-gfm", .soname = TM_LIBCMARK_GFM_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]), .started = started };

int tm_cmark_load(const struct tm_cmark **out, tm_error *err)
{
	int rc = tm_dl_load(&lib, err);
	*out = &api;
	return rc;
}
