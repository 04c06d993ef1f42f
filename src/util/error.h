/*
 * error.h - the error every layer fills and only main() turns into an exit.
 *
 * Functions return an int status (0 success, else a TM_E* code) and fill a
 * tm_error. The codes, their exit statuses and HTTP statuses live in one
 * table (TM_ERRORS), as libuv keeps its errno map. Callers decide by code,
 * never by matching the message's text.
 *
 * NOTWORKSPACE: --db names a file that is not a tminus workspace (another
 *   program's SQLite database, or not SQLite at all); nothing was written to it.
 * BUSY: another process held the workspace's write lock past the busy
 *   timeout; the same command is worth retrying (the server adds Retry-After).
 * READONLY: the workspace file or its folder cannot be written; reads still
 *   work. 503 on the server: it is up and serving reads, writes need an
 *   operator to make the file writable again.
 * RETRY: PostgreSQL ended the transaction for a concurrent one (a serialization
 *   failure, a deadlock, an id taken at the same moment): running the whole use
 *   case again will do; the server does so a few times before answering 503.
 * UNREACHABLE: the database server cannot be reached (stopped, refusing, lost the
 *   connection); 503 with Retry-After on the server, which reconnects by itself.
 * NOMEM: an allocation failed (util/mem.h); the transaction was rolled back. 503 with
 *   Retry-After on the server, which stays up.
 * FULL: the disk holding the workspace is full, or a file-size limit was reached
 *   (SQLITE_FULL, ENOSPC, EFBIG; PostgreSQL's disk_full); the transaction was rolled
 *   back and writes work again as soon as there is room. 507 on the server.
 */
#ifndef TM_ERROR_H
#define TM_ERROR_H

#include <stddef.h>

/*   name        exit  http  meaning */
#define TM_ERRORS(X)                                             \
	X(OK,          0, 200, "success")                        \
	X(INVAL,       2, 400, "bad input")                      \
	X(USAGE,       2, 400, "bad usage")                      \
	X(NOTFOUND,    3, 404, "not found")                      \
	X(CONFLICT,    4, 409, "conflict")                       \
	X(STALE,       4, 412, "changed since it was read")      \
	X(PRECONDITION, 2, 428, "precondition required")         \
	X(FORBIDDEN,   2, 403, "forbidden")                      \
	X(UNSUPPORTED, 2, 415, "unsupported media type")         \
	X(NOTWORKSPACE, 2, 500, "not a tminus workspace")        \
	X(BUSY,        1, 503, "the workspace is busy")          \
	X(READONLY,    1, 503, "the workspace is read-only")     \
	X(RETRY,       1, 503, "a concurrent change got in the way") \
	X(UNREACHABLE, 3, 503, "the database is unreachable")    \
	X(NOMEM,       1, 503, "out of memory")                  \
	X(FULL,        1, 507, "the disk is full")               \
	X(IO,          1, 500, "input/output error")             \
	X(DB,          1, 500, "database error")                 \
	X(INTERNAL,    1, 500, "internal error")

enum tm_code {
#define X(name, exit, http, text) TM_E##name,
	TM_ERRORS(X)
#undef X
};

/*
 * How a front end spells a field: "--due" on the command line, "/due" in the API.
 * A use case names the field by its name in app/'s input tables ("due") and may
 * write "{}" in its message where the front end's spelling belongs.
 */
typedef void (*tm_spell_fn)(const void *ctx, const char *field, char *out, size_t n);

typedef struct tm_error {
	int code;            /* an enum tm_code */
	char msg[512];       /* lower-case, no trailing period, subject quoted */
	char field[64];      /* the option or JSON field at fault, or "" */
	char file[256];      /* the file at fault (playbook, brief), or "" */
	int line, column;    /* 1-based position in `file`, 0 when unknown */
	tm_spell_fn spell;   /* the front end's spelling of fields, NULL: the field's own name */
	const void *spell_ctx;  /* what spell needs to know (the command being run) */
} tm_error;

#define TM_ERROR_INIT { 0, "", "", "", 0, 0, NULL, NULL }

/* Fills err and returns code, so callers can `return tm_fail(...)`. */
int tm_fail(tm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, naming the field (option or JSON member) that is wrong; "{}" in fmt is the
 * field as the front end spells it. */
int tm_fail_field(tm_error *err, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* TM_EINVAL with "FILE:LINE:COLUMN: why" (column 0: "FILE:LINE: why"), and err's file, line and column
 * set: a bad row or line of a file read in (an import, a metrics CSV). */
int tm_fail_at(tm_error *err, const char *file, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Sets err's message alone, cut at a character boundary when it is longer than the message holds. */
void tm_error_msgf(tm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#if defined(__clang_analyzer__) && !defined(TM_ERROR_C)
/* For clang's static analyzer (clang-tidy, scripts/lint.sh), which knows a function of another file
 * by its prototype only: that these return their code, so that it does not follow a failure on as
 * if it were success (0) into what the caller does only on success. Not in a build. */
#define tm_fail(err, code, ...) (tm_fail((err), (code), __VA_ARGS__), (code))
#define tm_fail_field(err, code, ...) (tm_fail_field((err), (code), __VA_ARGS__), (code))
#endif
/* Empties err, keeping its spelling. */
void tm_error_clear(tm_error *err);
/* The field as err's front end spells it. */
void tm_error_spell(const tm_error *err, const char *field, char *out, size_t n);

int tm_error_exit_status(int code);
int tm_error_http_status(int code);
const char *tm_error_name(int code);
/* The reason phrase of an HTTP status ("Bad Request"), for problem+json titles. */
const char *tm_http_reason(int status);
/* tm_strerror(e) for any thread: POSIX lets strerror share one buffer between threads (the server
 * has several), so this is strerror_r into a buffer of the calling thread's, valid until that
 * thread's next call. */
const char *tm_strerror(int e);

#endif
