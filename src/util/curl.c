/* curl.c - opens libcurl on first use; see curl.h for why. */
#define TM_CURL_NO_REDIRECT
#include "util/curl.h"

#include "util/dl.h"

#include "util/banned.h"

#ifndef TM_LIBCURL_SONAME
#define TM_LIBCURL_SONAME "libcurl.so.4"
#endif

static struct tm_curl_api api;
static const char *const names[] = { TM_CURL_FUNCS(TM_DL_NAME) };
#define SLOT(name) TM_DL_SLOT(api, name)
static void **const slots[] = { TM_CURL_FUNCS(SLOT) };

/* curl_global_init is not thread-safe: the loader runs this once, before any other thread uses curl. */
static int start(void)
{
	return api.curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static struct tm_dl lib = { .what = "libcurl", .soname = TM_LIBCURL_SONAME, .names = names, .slots = slots,
			    .n = sizeof(names) / sizeof(names[0]), .started = start };

int tm_curl_load(tm_error *err)
{
	return tm_dl_load(&lib, err);
}

const struct tm_curl_api *tm_curl_api(void)
{
	tm_dl_ensure(&lib);
	return &api;
}
