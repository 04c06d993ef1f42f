/*
 * sodium.h - libsodium, loaded when an account command or the server first
 * hashes a password or makes a token.
 *
 * Most commands never touch a password or a token, and opening libsodium
 * costs every process its loading, relocation and CPU-feature probing; so
 * tminus opens it with dlopen(), runs sodium_init() once, and calls it
 * through a table filled by dlsym(). The library's own header still gives
 * the types and constants.
 *
 * Call sites stay as they are: including this header (instead of
 * <sodium.h>) turns each name below into a call through the table, which
 * loads the library on first use from any thread. A function missing from
 * the list fails to link, since the library no longer is: add it here. The
 * use cases call tm_sodium_load() (through tm_app_sodium) before their
 * first use, so that a missing library is an error, not a crash.
 */
#ifndef TM_UTIL_SODIUM_H
#define TM_UTIL_SODIUM_H

#include <sodium.h>

#include "util/error.h"

#define TM_SODIUM_FUNCS(X)                  \
	X(crypto_auth_hmacsha256_final)     \
	X(crypto_auth_hmacsha256_init)      \
	X(crypto_auth_hmacsha256_update)    \
	X(crypto_generichash)               \
	X(crypto_generichash_final)         \
	X(crypto_generichash_init)          \
	X(crypto_generichash_update)        \
	X(crypto_hash_sha256)               \
	X(crypto_pwhash_argon2id_str)       \
	X(crypto_pwhash_argon2id_str_verify) \
	X(randombytes_buf)                  \
	X(sodium_bin2base64)                \
	X(sodium_bin2hex)                   \
	X(sodium_hex2bin)                   \
	X(sodium_init)                      \
	X(sodium_memcmp)                    \
	X(sodium_memzero)

/* One pointer per function, each of the function's own type. */
struct tm_sodium_api {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define TM_SODIUM_PTR(name) __typeof__(&name) name;
	TM_SODIUM_FUNCS(TM_SODIUM_PTR)
#undef TM_SODIUM_PTR
};

/*
 * Opens libsodium and runs sodium_init() once, whichever thread asks first
 * (later calls return the first outcome). Fails with TM_EIO naming what is
 * missing: "libsodium is not installed: ...".
 */
int tm_sodium_load(tm_error *err);

/* The table: loads on first use; its pointers are NULL if loading failed. */
const struct tm_sodium_api *tm_sodium_api(void);

#ifndef TM_SODIUM_NO_REDIRECT
#define crypto_auth_hmacsha256_final (tm_sodium_api()->crypto_auth_hmacsha256_final)
#define crypto_auth_hmacsha256_init (tm_sodium_api()->crypto_auth_hmacsha256_init)
#define crypto_auth_hmacsha256_update (tm_sodium_api()->crypto_auth_hmacsha256_update)
#define crypto_generichash (tm_sodium_api()->crypto_generichash)
#define crypto_generichash_final (tm_sodium_api()->crypto_generichash_final)
#define crypto_generichash_init (tm_sodium_api()->crypto_generichash_init)
#define crypto_generichash_update (tm_sodium_api()->crypto_generichash_update)
#define crypto_hash_sha256 (tm_sodium_api()->crypto_hash_sha256)
#define crypto_pwhash_argon2id_str (tm_sodium_api()->crypto_pwhash_argon2id_str)
#define crypto_pwhash_argon2id_str_verify (tm_sodium_api()->crypto_pwhash_argon2id_str_verify)
#define randombytes_buf (tm_sodium_api()->randombytes_buf)
#define sodium_bin2base64 (tm_sodium_api()->sodium_bin2base64)
#define sodium_bin2hex (tm_sodium_api()->sodium_bin2hex)
#define sodium_hex2bin (tm_sodium_api()->sodium_hex2bin)
#define sodium_init (tm_sodium_api()->sodium_init)
#define sodium_memcmp (tm_sodium_api()->sodium_memcmp)
#define sodium_memzero (tm_sodium_api()->sodium_memzero)

/* Every function in the list goes through the table (a name left out would call the library directly). */
#define TM_SODIUM_STR_(x) #x
#define TM_SODIUM_STR(x) TM_SODIUM_STR_(x)
#define TM_SODIUM_ROUTED(name) \
	_Static_assert(sizeof(TM_SODIUM_STR(name)) > sizeof(#name), #name " is not routed through tm_sodium_api()");
TM_SODIUM_FUNCS(TM_SODIUM_ROUTED)
#undef TM_SODIUM_ROUTED
#endif

#endif
