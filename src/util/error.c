/* error.c - the error table and the helpers that fill a tm_error. */
#define TM_ERROR_C /* the functions themselves, not the analyzer's model of them (error.h) */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

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
	tm_spell_fn spell = err->spell;
	const void *ctx = err->spell_ctx;
	memset(err, 0, sizeof(*err));
	err->spell = spell;
	err->spell_ctx = ctx;
}

void tm_error_spell(const tm_error *err, const char *field, char *out, size_t n)
{
	if (err && err->spell)
		err->spell(err->spell_ctx, field, out, n);
	else
		snprintf(out, n, "%s", field);
}

static void vfill(tm_error *err, int code, const char *field, const char *fmt, va_list ap)
{
	char spelled[96], format[768];
	size_t o = 0;
	if (!err)
		return;
	err->code = code;
	/* "{}" in the format becomes the field as the front end spells it ('%' doubled). */
	tm_error_spell(err, field ? field : "", spelled, sizeof(spelled));
	for (const char *p = fmt; *p && o + 1 < sizeof(format); p++) {
		if (field && p[0] == '{' && p[1] == '}') {
			for (const char *s = spelled; *s && o + 2 < sizeof(format); s++) {
				if (*s == '%')
					format[o++] = '%';
				format[o++] = *s;
			}
			p++;
			continue;
		}
		format[o++] = *p;
	}
	format[o] = '\0';
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	(void)vsnprintf(err->msg, sizeof(err->msg), format, ap);
#pragma GCC diagnostic pop
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

/* Ends msg before a character that snprintf cut short (n: what snprintf wanted to write). */
static void cut_at_char(char *msg, int n)
{
	size_t len = strlen(msg), k = len;
	if (n < 0 || (size_t)n <= len)
		return;
	while (k && ((unsigned char)msg[k - 1] & 0xC0) == 0x80)
		k--;
	if (!k || ((unsigned char)msg[k - 1] & 0xC0) != 0xC0)
		return;
	unsigned char lead = (unsigned char)msg[k - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (len - (k - 1) < want)
		msg[k - 1] = '\0';
}

static void vmsgf(tm_error *err, const char *fmt, va_list ap)
{
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	cut_at_char(err->msg, n);
}

void tm_error_msgf(tm_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsgf(err, fmt, ap);
	va_end(ap);
}

int tm_fail_at(tm_error *err, const char *file, int line, int column, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(why, sizeof(why), fmt, ap); /* cut to the message's size, as it is meant to be */
	va_end(ap);
	tm_error_clear(err);
	err->code = TM_EINVAL;
	if (column > 0)
		tm_error_msgf(err, "%s:%d:%d: %s", file, line, column, why);
	else
		tm_error_msgf(err, "%s:%d: %s", file, line, why);
	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	err->column = column;
	return TM_EINVAL;
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

const char *tm_http_reason(int status)
{
	static const struct {
		int status;
		const char *reason;
	} reasons[] = {
		{ 200, "OK" },
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 409, "Conflict" },
		{ 412, "Precondition Failed" },
		{ 413, "Content Too Large" },
		{ 415, "Unsupported Media Type" },
		{ 422, "Unprocessable Content" },
		{ 428, "Precondition Required" },
		{ 429, "Too Many Requests" },
		{ 500, "Internal Server Error" },
		{ 503, "Service Unavailable" },
		{ 507, "Insufficient Storage" },
	};
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return status >= 500 ? "Server Error" : "Error";
}

const char *tm_strerror(int e)
{
	static _Thread_local char text[128];
	if (strerror_r(e, text, sizeof(text)) != 0) /* the XSI strerror_r: 0 or an error number */
		snprintf(text, sizeof(text), "error %d", e);
	return text;
}
