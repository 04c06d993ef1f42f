/*
 * curl.h - libcurl, loaded when the outbox first sends an email or a webhook call.
 *
 * libcurl pulls in a TLS library and a dozen others (OpenSSL or GnuTLS, nghttp2, libssh2,
 * Kerberos, LDAP…), which no command that does not send should pay for: tminus opens it with
 * dlopen(), runs curl_global_init() once, and calls it through a table filled by dlsym(), as
 * util/sodium.h does libsodium. The library's own header still gives the types and constants.
 *
 * Including this header (instead of <curl/curl.h>) turns each name below into a call through the
 * table. curl's compile-time type checks of curl_easy_setopt are macros over the same names, so
 * they are turned off here (CURL_DISABLE_TYPECHECK): pass long, pointers and callbacks as its
 * documentation says. Callers call tm_curl_load() first, so that a missing library is an error.
 */
#ifndef TM_UTIL_CURL_H
#define TM_UTIL_CURL_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "util/error.h"

#define TM_CURL_FUNCS(X)            \
	X(curl_easy_cleanup)        \
	X(curl_easy_getinfo)        \
	X(curl_easy_init)           \
	X(curl_easy_perform)        \
	X(curl_easy_setopt)         \
	X(curl_easy_strerror)       \
	X(curl_free)                \
	X(curl_global_init)         \
	X(curl_mime_addpart)        \
	X(curl_mime_data)           \
	X(curl_mime_encoder)        \
	X(curl_mime_free)           \
	X(curl_mime_headers)        \
	X(curl_mime_init)           \
	X(curl_mime_subparts)       \
	X(curl_mime_type)           \
	X(curl_slist_append)        \
	X(curl_slist_free_all)      \
	X(curl_url)                 \
	X(curl_url_cleanup)         \
	X(curl_url_get)             \
	X(curl_url_set)

/* One pointer per function, each of the function's own type. */
struct tm_curl_api {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define TM_CURL_PTR(name) __typeof__(&name) name;
	TM_CURL_FUNCS(TM_CURL_PTR)
#undef TM_CURL_PTR
};

/* Opens libcurl and runs curl_global_init() once, whichever thread asks first (later calls return
 * the first outcome). Fails with TM_EIO naming what is missing: "libcurl is not installed: ...". */
int tm_curl_load(tm_error *err);

/* The table: loads on first use; its pointers are NULL if loading failed. */
const struct tm_curl_api *tm_curl_api(void);

#ifndef TM_CURL_NO_REDIRECT
/* curl.h's own macros for these two (they check the count of arguments) give way to the table. */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup (tm_curl_api()->curl_easy_cleanup)
#define curl_easy_getinfo (tm_curl_api()->curl_easy_getinfo)
#define curl_easy_init (tm_curl_api()->curl_easy_init)
#define curl_easy_perform (tm_curl_api()->curl_easy_perform)
#define curl_easy_setopt (tm_curl_api()->curl_easy_setopt)
#define curl_easy_strerror (tm_curl_api()->curl_easy_strerror)
#define curl_free (tm_curl_api()->curl_free)
#define curl_global_init (tm_curl_api()->curl_global_init)
#define curl_mime_addpart (tm_curl_api()->curl_mime_addpart)
#define curl_mime_data (tm_curl_api()->curl_mime_data)
#define curl_mime_encoder (tm_curl_api()->curl_mime_encoder)
#define curl_mime_free (tm_curl_api()->curl_mime_free)
#define curl_mime_headers (tm_curl_api()->curl_mime_headers)
#define curl_mime_init (tm_curl_api()->curl_mime_init)
#define curl_mime_subparts (tm_curl_api()->curl_mime_subparts)
#define curl_mime_type (tm_curl_api()->curl_mime_type)
#define curl_slist_append (tm_curl_api()->curl_slist_append)
#define curl_slist_free_all (tm_curl_api()->curl_slist_free_all)
#define curl_url (tm_curl_api()->curl_url)
#define curl_url_cleanup (tm_curl_api()->curl_url_cleanup)
#define curl_url_get (tm_curl_api()->curl_url_get)
#define curl_url_set (tm_curl_api()->curl_url_set)

/* Every function in the list goes through the table (a name left out would call the library directly). */
#define TM_CURL_STR_(x) #x
#define TM_CURL_STR(x) TM_CURL_STR_(x)
#define TM_CURL_ROUTED(name) \
	_Static_assert(sizeof(TM_CURL_STR(name)) > sizeof(#name), #name " is not routed through tm_curl_api()");
TM_CURL_FUNCS(TM_CURL_ROUTED)
#undef TM_CURL_ROUTED
#endif

#endif
