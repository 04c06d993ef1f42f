/* error.c - the error table and the helpers that fill a tm_error. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int exit_status, http_status;
} table[] = {
#define X(name, exit, http, text) { #name, exit, http },
	TM_ERRORS(X)
#undef X
};

#define NCODES ((int)(sizeof(table) / sizeof(table[0])))

void tm_error_clear(tm_error *err)
{
	memset(err, 0, sizeof(*err));
}

static void vfill(tm_error *err, int code, const char *field, const char *fmt, va_list ap)
{
	if (!err)
		return;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
}

int tm_fail(tm_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfill(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int tm_fail_field(tm_error *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfill(err, code, field, fmt, ap);
	va_end(ap);
	return code;
}

int tm_error_exit_status(int code)
{
	return code >= 0 && code < NCODES ? table[code].exit_status : 1;
}

int tm_error_http_status(int code)
{
	return code >= 0 && code < NCODES ? table[code].http_status : 500;
}

const char *tm_error_name(int code)
{
	return code >= 0 && code < NCODES ? table[code].name : "INTERNAL";
}
