/*
 * mhd.h - GNU libmicrohttpd, loaded when `tminus serve` starts.
 *
 * libmicrohttpd brings GnuTLS and the eight libraries it needs (p11-kit,
 * nettle, hogweed, gmp, idn2, unistring, tasn1, ffi), whose loading and
 * relocation cost every process about 1.6 ms: more than a small command
 * takes. Only the server needs them, so tminus opens libmicrohttpd with
 * dlopen() and calls it through a table filled by dlsym(); the library's
 * own header still gives the types and constants.
 *
 * Call sites stay as they are: including this header (instead of
 * <microhttpd.h>) turns each name below into a call through the table. A
 * function missing from the list fails to link, since the library no longer
 * is: add it here. Call tm_mhd_load() once before any other (tm_http_serve
 * does, before any thread starts), so that a missing library is an error
 * and not a crash.
 */
#ifndef TM_UTIL_MHD_H
#define TM_UTIL_MHD_H

#include <microhttpd.h>

#include "util/error.h"

#define TM_MHD_FUNCS(X)                    \
	X(MHD_add_response_header)         \
	X(MHD_create_response_from_buffer) \
	X(MHD_create_response_from_fd64)   \
	X(MHD_destroy_response)            \
	X(MHD_get_connection_info)         \
	X(MHD_get_connection_values)       \
	X(MHD_get_connection_values_n)     \
	X(MHD_get_daemon_info)             \
	X(MHD_get_reason_phrase_for)       \
	X(MHD_get_version)                 \
	X(MHD_get_response_header)         \
	X(MHD_http_unescape)               \
	X(MHD_lookup_connection_value)     \
	X(MHD_queue_response)              \
	X(MHD_quiesce_daemon)              \
	X(MHD_resume_connection)           \
	X(MHD_set_connection_value)        \
	X(MHD_start_daemon)                \
	X(MHD_stop_daemon)                 \
	X(MHD_suspend_connection)

/* One pointer per function, each of the function's own type. */
struct tm_mhd_api {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define TM_MHD_PTR(name) __typeof__(&name) name;
	TM_MHD_FUNCS(TM_MHD_PTR)
#undef TM_MHD_PTR
};

/*
 * Opens libmicrohttpd once, whichever thread asks first (later calls
 * return the first outcome). Fails with TM_EIO naming what is missing:
 * "libmicrohttpd is not installed: ...".
 */
int tm_mhd_load(tm_error *err);

/* The table: loads on first use; its pointers are NULL if loading failed. */
const struct tm_mhd_api *tm_mhd_api(void);

#ifndef TM_MHD_NO_REDIRECT
#define MHD_add_response_header (tm_mhd_api()->MHD_add_response_header)
#define MHD_create_response_from_buffer (tm_mhd_api()->MHD_create_response_from_buffer)
#define MHD_create_response_from_fd64 (tm_mhd_api()->MHD_create_response_from_fd64)
#define MHD_destroy_response (tm_mhd_api()->MHD_destroy_response)
#define MHD_get_connection_info (tm_mhd_api()->MHD_get_connection_info)
#define MHD_get_connection_values (tm_mhd_api()->MHD_get_connection_values)
#define MHD_get_connection_values_n (tm_mhd_api()->MHD_get_connection_values_n)
#define MHD_get_daemon_info (tm_mhd_api()->MHD_get_daemon_info)
#define MHD_get_reason_phrase_for (tm_mhd_api()->MHD_get_reason_phrase_for)
#define MHD_get_version (tm_mhd_api()->MHD_get_version)
#define MHD_get_response_header (tm_mhd_api()->MHD_get_response_header)
#define MHD_http_unescape (tm_mhd_api()->MHD_http_unescape)
#define MHD_lookup_connection_value (tm_mhd_api()->MHD_lookup_connection_value)
#define MHD_queue_response (tm_mhd_api()->MHD_queue_response)
#define MHD_quiesce_daemon (tm_mhd_api()->MHD_quiesce_daemon)
#define MHD_resume_connection (tm_mhd_api()->MHD_resume_connection)
#define MHD_set_connection_value (tm_mhd_api()->MHD_set_connection_value)
#define MHD_start_daemon (tm_mhd_api()->MHD_start_daemon)
#define MHD_stop_daemon (tm_mhd_api()->MHD_stop_daemon)
#define MHD_suspend_connection (tm_mhd_api()->MHD_suspend_connection)

/* Every function in the list goes through the table (a name left out would call the library directly). */
#define TM_MHD_STR_(x) #x
#define TM_MHD_STR(x) TM_MHD_STR_(x)
#define TM_MHD_ROUTED(name) \
	_Static_assert(sizeof(TM_MHD_STR(name)) > sizeof(#name), #name " is not routed through tm_mhd_api()");
TM_MHD_FUNCS(TM_MHD_ROUTED)
#undef TM_MHD_ROUTED
#endif

#endif
