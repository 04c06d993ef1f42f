/*
 * test_csv.c - CSV as spreadsheets export it: a byte-order mark and CRLF
 * accepted, quoted commas and newlines kept in their field with each row's
 * own starting line, empty lines skipped, and every refusal naming its line
 * and field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"

#include "util/banned.h"

/* The rows seen, as "LINE:field|field|…" lines. */
typedef struct seen {
	char text[4096];
	int rows;
	int stop_at;                 /* a row number at which the callback fails, 0 never */
} seen;

static int collect(void *arg, const tm_csv_row *row, tm_error *err)
{
	seen *s = arg;
	size_t used = strlen(s->text);
	s->rows++;
	if (s->stop_at && s->rows == s->stop_at)
		return tm_fail(err, TM_EINVAL, "stopped at row %d", s->rows);
	snprintf(s->text + used, sizeof(s->text) - used, "%d:", row->line);
	for (int i = 0; i < row->n; i++) {
		assert_int_equal(strlen(row->v[i]), row->len[i]); /* NUL-ended where len says */
		used = strlen(s->text);
		snprintf(s->text + used, sizeof(s->text) - used, "%s%s", i ? "|" : "", row->v[i]);
	}
	used = strlen(s->text);
	snprintf(s->text + used, sizeof(s->text) - used, "\n");
	return 0;
}

/* Parses text (len: its strlen unless given) and returns what it saw. */
static int parse(const char *text, size_t len, seen *s, tm_error *err)
{
	memset(s, 0, sizeof(*s));
	tm_error_clear(err);
	return tm_csv_parse(text, len, collect, s, err);
}

static void plain_rows(void **state)
{
	(void)state;
	seen s;
	tm_error err = TM_ERROR_INIT;
	const char *t = "date,metric,value,note\n2027-03-01,Activation rate,41.5,first week\n2027-03-08,NPS,32,\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text,
			    "1:date|metric|value|note\n2:2027-03-01|Activation rate|41.5|first week\n3:2027-03-08|NPS|32|\n");
	/* No newline at the end: the last row still counts. */
	t = "a,b\nc,d";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:a|b\n2:c|d\n");
	/* Empty text, or nothing but blank lines: no rows, no error (the caller says the file is empty). */
	assert_int_equal(parse("", 0, &s, &err), 0);
	assert_int_equal(s.rows, 0);
	assert_int_equal(parse("\n\r\n  \n", 6, &s, &err), 0);
	assert_int_equal(s.rows, 0);
	/* Empty fields are fields. */
	assert_int_equal(parse(",,\n", 3, &s, &err), 0);
	assert_string_equal(s.text, "1:||\n");
}

static void bom_and_crlf(void **state)
{
	(void)state;
	seen s;
	tm_error err = TM_ERROR_INIT;
	const char *t = "\xEF\xBB\xBF" "date,metric,value\r\n2027-03-01,NPS,32\r\n2027-03-02,NPS,33\r\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:date|metric|value\n2:2027-03-01|NPS|32\n3:2027-03-02|NPS|33\n");
	/* Old Mac line ends (a lone CR) end lines too. */
	t = "a,b\rc,d\r";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:a|b\n2:c|d\n");
	/* A BOM that is not at the start is the field's text. */
	t = "a,\xEF\xBB\xBF" "b\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:a|\xEF\xBB\xBF" "b\n");
}

static void quoting_and_lines(void **state)
{
	(void)state;
	seen s;
	tm_error err = TM_ERROR_INIT;
	/* A quoted comma, a doubled quote, a quoted newline: the row after it starts on its own line. */
	const char *t = "date,metric,value,note\n"
			"2027-03-01,\"Revenue, net\",1200,\"said \"\"wow\"\"\"\n"
			"2027-03-02,NPS,32,\"two\nlines\"\n"
			"2027-03-03,NPS,33,\"three\r\nlines\r\nhere\"\r\n"
			"2027-03-04,NPS,34,after\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:date|metric|value|note\n"
				    "2:2027-03-01|Revenue, net|1200|said \"wow\"\n"
				    "3:2027-03-02|NPS|32|two\nlines\n"
				    "5:2027-03-03|NPS|33|three\r\nlines\r\nhere\n"
				    "8:2027-03-04|NPS|34|after\n");
	/* Empty lines are skipped, and the next row keeps its real line. */
	t = "a,b\n\n\r\n   \nc,d\n\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:a|b\n5:c|d\n");
	/* A quoted empty line is content, not an empty line. */
	t = "\"\n\",x\ny,z\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:\n|x\n3:y|z\n");
}

static void refusals(void **state)
{
	(void)state;
	seen s;
	tm_error err = TM_ERROR_INIT;
	/* An unterminated quote: the line it opened on. */
	const char *t = "date,metric,value,note\n2027-03-01,NPS,32,ok\n2027-03-02,NPS,33,\"never closed\n2027-03-03,NPS,34,x\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 4);
	assert_non_null(strstr(err.msg, "line 3: "));
	assert_non_null(strstr(err.msg, "never closed"));
	assert_int_equal(s.rows, 2); /* the rows before it were handed over; the caller imports nothing */
	/* A quote in the middle of a field. */
	t = "a,b\nc,d\"e\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	assert_non_null(strstr(err.msg, "line 2: a quote in the middle of a field"));
	t = "a,\"b\"c\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 2);
	/* Too many fields. */
	char wide[2 * (TM_CSV_MAX_FIELDS + 2) + 8] = "ok\n";
	for (int i = 0; i <= TM_CSV_MAX_FIELDS; i++)
		snprintf(wide + strlen(wide), sizeof(wide) - strlen(wide), "%s%d", i ? "," : "", i % 10);
	assert_int_equal(parse(wide, strlen(wide), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, TM_CSV_MAX_FIELDS + 1);
	assert_non_null(strstr(err.msg, "line 2: too many fields"));
	/* Exactly the most is fine. */
	wide[strlen(wide) - 2] = '\0';
	assert_int_equal(parse(wide, strlen(wide), &s, &err), 0);
	assert_int_equal(s.rows, 2);
	/* A field too long. */
	static char big[TM_CSV_FIELD_MAX + 40];
	memset(big, 0, sizeof(big));
	snprintf(big, sizeof(big), "a\nb,");
	memset(big + 4, 'x', TM_CSV_FIELD_MAX + 1);
	assert_int_equal(parse(big, strlen(big), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	big[strlen(big) - 1] = '\0'; /* exactly the most */
	assert_int_equal(parse(big, strlen(big), &s, &err), 0);
	/* Invalid UTF-8, on the line of the bad byte inside a quoted field that spans lines. */
	t = "a,b\nc,\"fine\n\xC3\x28 bad\"\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.column, 2);
	assert_non_null(strstr(err.msg, "line 3: invalid UTF-8"));
	t = "\xFF\xFE" "a,b\n"; /* UTF-16's byte-order mark: not UTF-8 */
	assert_int_equal(parse(t, strlen(t), &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 1);
	/* A NUL byte. */
	static const char nul[] = "a,b\nc,d\0e\n";
	assert_int_equal(parse(nul, sizeof(nul) - 1, &s, &err), TM_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 2);
	assert_non_null(strstr(err.msg, "NUL"));
	/* Valid UTF-8 of every length is fine. */
	t = "Événement,日本語,😀\n";
	assert_int_equal(parse(t, strlen(t), &s, &err), 0);
	assert_string_equal(s.text, "1:Événement|日本語|😀\n");
}

static void callback_stops(void **state)
{
	(void)state;
	seen s;
	tm_error err = TM_ERROR_INIT;
	const char *t = "a\nb\nc\nd\n";
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(tm_csv_parse(t, strlen(t), collect, &s, &err), TM_EINVAL);
	assert_string_equal(err.msg, "stopped at row 2");
	assert_int_equal(s.rows, 2); /* nothing after it */
	/* The same for the last row, handed over at the end of the text. */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(tm_csv_parse("a\nb", 3, collect, &s, &err), TM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_rows), cmocka_unit_test(bom_and_crlf), cmocka_unit_test(quoting_and_lines),
		cmocka_unit_test(refusals),   cmocka_unit_test(callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
