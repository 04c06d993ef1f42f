/*
 * test_csv_out.c - the CSV writer (render/csv.c): RFC 4180 quoting, CRLF,
 * formula-like cells defused with a leading ', and what it writes read back
 * field for field by the CSV reader the importers use (core/csv.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"
#include "render/csv.h"

#include "util/banned.h"

static void cell_is(const char *in, const char *out)
{
	tm_buf b = TM_BUF_INIT;
	tm_csv_cell(&b, in, true);
	assert_string_equal(b.s, out);
	tm_buf_release(&b);
}

static void test_cells(void **state)
{
	(void)state;
	cell_is("plain", "plain");
	cell_is("", "");
	cell_is(NULL, "");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("cr\rhere", "\"cr\rhere\"");
	cell_is("T-3w", "T-3w");
	cell_is("a=b", "a=b");
}

static void test_formulas_are_defused(void **state)
{
	(void)state;
	cell_is("=SUM(A1:A2)", "'=SUM(A1:A2)");
	cell_is("+1 upsell", "'+1 upsell");
	cell_is("-2", "'-2");
	cell_is("@channel", "'@channel");
	cell_is("\tcmd", "'\tcmd");
	cell_is("\rcmd", "\"'\rcmd\"");
	cell_is("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_true(tm_csv_formula_like("=1"));
	assert_false(tm_csv_formula_like("1="));
	assert_false(tm_csv_formula_like(NULL));
}

static void test_rows_end_with_crlf(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_csv_write_row(&b, (const char *const[]){ "id", "title" }, 2);
	tm_csv_write_row(&b, (const char *const[]){ "1", "a, b" }, 2);
	assert_string_equal(b.s, "id,title\r\n1,\"a, b\"\r\n");
	tm_buf_release(&b);
}

typedef struct seen {
	int rows;
	char fields[8][64];
} seen;

static int collect(void *arg, const tm_csv_row *row, tm_error *err)
{
	(void)err;
	seen *s = arg;
	for (int i = 0; i < row->n && i < 8; i++)
		snprintf(s->fields[i], sizeof(s->fields[i]), "%s", row->v[i]);
	s->rows++;
	return 0;
}

static void test_reads_back(void **state)
{
	(void)state;
	const char *const cells[] = { "Comma, \"quoted\"", "two\r\nlines", "=1+1", "", "naïve ✓" };
	tm_buf b = TM_BUF_INIT;
	tm_csv_write_row(&b, cells, 5);
	seen s = { 0 };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_csv_parse(b.s, b.len, collect, &s, &err), 0);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.fields[0], cells[0]);
	assert_string_equal(s.fields[1], cells[1]);
	assert_string_equal(s.fields[2], "'=1+1"); /* the importers take the ' off again (core/import.c) */
	assert_string_equal(s.fields[3], "");
	assert_string_equal(s.fields[4], cells[4]);
	tm_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_formulas_are_defused),
		cmocka_unit_test(test_rows_end_with_crlf),
		cmocka_unit_test(test_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
