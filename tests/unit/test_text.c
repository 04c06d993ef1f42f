/*
 * test_text.c - the text rules everything user-given passes through: UTF-8
 * validation, making text valid UTF-8 for error details and logs, and the
 * HTML escaping of every byte a page shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/model.h"
#include "util/buf.h"

static void sanitized(const char *in, const char *want)
{
	tm_buf b = TM_BUF_INIT;
	size_t bad = 0;
	tm_utf8_sanitize(in, &b);
	assert_string_equal(b.s, want);
	assert_true(tm_utf8_valid(b.s, b.len, &bad));
	tm_buf_release(&b);
}

static void sanitize_keeps_valid_text(void **state)
{
	(void)state;
	sanitized("", "");
	sanitized("plain ascii", "plain ascii");
	sanitized("Chloé Martin — ✓ 🚀", "Chloé Martin — ✓ 🚀");
}

static void sanitize_replaces_each_bad_byte(void **state)
{
	(void)state;
	sanitized("\xff", "\xEF\xBF\xBD");
	sanitized("a\xffz", "a\xEF\xBF\xBDz");
	/* "é" cut in half, as a %.40s of a longer name can leave it. */
	sanitized("caf\xc3", "caf\xEF\xBF\xBD");
	/* An overlong '/' and a UTF-16 surrogate are not UTF-8. */
	sanitized("\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD");
	sanitized("\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	/* A lone continuation byte between good characters. */
	sanitized("é\x80é", "é\xEF\xBF\xBDé");
}

static void utf8_validation(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(tm_utf8_valid("héllo", strlen("héllo"), &bad));
	assert_false(tm_utf8_valid("ab\xff", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(tm_utf8_valid("\xf4\x90\x80\x80", 4, &bad)); /* past U+10FFFF */
}

static void html_escaping(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_buf_add_html(&b, "<script>alert('x') & \"y\"</script>");
	assert_string_equal(b.s, "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	tm_buf_reset(&b);
	tm_buf_add_html(&b, NULL);
	assert_string_equal(b.s, "");
	tm_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sanitize_keeps_valid_text),
		cmocka_unit_test(sanitize_replaces_each_bad_byte),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(html_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
