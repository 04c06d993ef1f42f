/* sodium.c - opens libsodium on first use; see sodium.h for why. */
#define TM_SODIUM_NO_REDIRECT
#include "util/sodium.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBSODIUM_SONAME
#define TM_LIBSODIUM_SONAME "libsodium.so.23"
#endif

static struct tm_sodium_api api;
static const char *const names[] = { TM_SODIUM_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_SODIUM_FUNCS(SLOT) };

/* libsodium picks its implementations and seeds its generator here. */
static int start(void)
{
	return api.sodium_init();
}

static struct tm_dl lib = { .what = "libsodium", .soname = TM_LIBSODIUM_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]), .started = start };

int tm_sodium_load(tm_error *err)
{
	return tm_dl_load(&lib, err);
}

const struct tm_sodium_api *tm_sodium_api(void)
{
	tm_dl_ensure(&lib);
	return &api;
}
