/*
 * csv.c - CSV cells for spreadsheets: RFC 4180 quoting, CRLF, and formula-like cells defused
 * (see csv.h).
 */
#include <string.h>

#include "render/csv.h"

#include "util/banned.h"

bool tm_csv_formula_like(const char *s)
{
	return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void tm_csv_cell(tm_buf *b, const char *s, bool first)
{
	if (!first)
		tm_buf_addc(b, ',');
	if (!s || !*s)
		return;
	bool formula = tm_csv_formula_like(s);
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		tm_buf_addc(b, '"');
	if (formula)
		tm_buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			tm_buf_addc(b, '"');
		tm_buf_addc(b, *p);
	}
	if (quote)
		tm_buf_addc(b, '"');
}

void tm_csv_end(tm_buf *b)
{
	tm_buf_add(b, "\r\n", 2);
}

void tm_csv_write_row(tm_buf *b, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++)
		tm_csv_cell(b, cells[i], i == 0);
	tm_csv_end(b);
}
