/*
 * fmt.h - integers in decimal without printf.
 *
 * snprintf parses its format on every call: about 700 instructions for one
 * integer, which adds up in a list of ten thousand rows (a sixth of
 * `launch list` went to it). The output is snprintf("%lld")'s.
 */
#ifndef TM_UTIL_FMT_H
#define TM_UTIL_FMT_H

/* Room for any long long and its NUL: "-9223372036854775808". */
#define TM_INT_STRLEN 21

/* Writes v and a NUL at buf (TM_INT_STRLEN bytes); returns the end (where the NUL is). */
static inline char *tm_fmt_int(char *buf, long long v)
{
	char digits[20];
	int n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*buf++ = '-';
	while (n)
		*buf++ = digits[--n];
	*buf = '\0';
	return buf;
}

#endif
