/*
 * test_text.c - the text rules everything user-given passes through: UTF-8
 * validation, making text valid UTF-8 for error details and logs, the
 * HTML escaping of every byte a page shows, names compared in any case of
 * any script, slugs and table widths in every script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/model.h"
#include "core/text.h"
#include "render/table.h"
#include "util/buf.h"

#include "util/banned.h"

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

static void names_compare_in_any_case_of_any_script(void **state)
{
	(void)state;
	assert_true(tm_text_equal_fold("LÉA DUBOIS", "Léa Dubois"));
	assert_true(tm_text_equal_fold("léa dubois", "Le\xcc\x81" "a Dubois")); /* é composed and decomposed */
	assert_true(tm_text_equal_fold("STRASSE", "Straße"));
	assert_true(tm_text_equal_fold("ΣΟΦΊΑ", "σοφία"));
	assert_true(tm_text_equal_fold("ДМИТРИЙ", "Дмитрий"));
	assert_false(tm_text_equal_fold("Léa", "Lea"));
	assert_true(tm_text_word_prefix_fold("Léa Dubois", "DUB"));
	assert_true(tm_text_word_prefix_fold("Léa Dubois", "LÉA"));
	assert_true(tm_text_word_prefix_fold("Jürgen Groß", "gross"));
	assert_false(tm_text_word_prefix_fold("Léa Dubois", "ubois"));
	assert_false(tm_text_word_prefix_fold("Léa Dubois", ""));
	assert_string_equal(tm_plural(1, "task", "tasks"), "task");
	assert_string_equal(tm_plural(0, "task", "tasks"), "tasks");
	assert_string_equal(tm_plural(2, "working day", "working days"), "working days");
}

static void slug(const char *name, size_t size, const char *want)
{
	char out[128];
	assert_true(size <= sizeof(out));
	tm_slugify(name, out, size);
	assert_string_equal(out, want);
	size_t bad;
	assert_true(tm_utf8_valid(out, strlen(out), &bad));
}

static void slugs_keep_letters_of_every_script(void **state)
{
	(void)state;
	slug("Usage-based billing", 61, "usage-based-billing");
	slug("Événement été", 61, "événement-été");
	slug("E\xcc\x81" "ve\xcc\x81" "nement", 61, "événement"); /* decomposed: the same slug */
	slug("日本語ローンチ", 61, "日本語ローンチ");
	slug("Запуск продукта 2", 61, "запуск-продукта-2");
	slug("ΑΛΦΑ / Beta", 61, "αλφα-beta");
	slug("हिन्दी लॉन्च", 61, "हिन्दी-लॉन्च");
	slug("  --Dark   mode!!  ", 61, "dark-mode");
	slug("2027", 61, "launch-2027");
	slug("🚀🚀", 61, "launch");
	slug("", 61, "launch");
	/* Cut on a character boundary: "é" is two bytes and does not fit in the last one. */
	slug("aé", 3, "a");
	slug("ééé", 6, "éé");
	slug("日本語", 7, "日本");
}

static void widths_are_display_columns(void **state)
{
	(void)state;
	assert_int_equal(tm_utf8_width("abc"), 3);
	assert_int_equal(tm_utf8_width("Léa"), 3);
	assert_int_equal(tm_utf8_width("Le\xcc\x81" "a"), 3);
	assert_int_equal(tm_utf8_width("日本語"), 6);
	assert_int_equal(tm_utf8_width("🚀 go"), 5);
	assert_int_equal(tm_utf8_width("◆ →"), 3);
	/* A table lines its columns up on the screen, not on the byte or code point count. */
	tm_table t;
	tm_buf out = TM_BUF_INIT;
	tm_table_init(&t, (const char *const[]){ "NAME", "TIER", NULL });
	tm_table_row(&t, (const char *const[]){ "日本語ローンチ", "4" });
	tm_table_row(&t, (const char *const[]){ "Dark mode", "3" });
	tm_table_row(&t, (const char *const[]){ "🚀 Rocket", "1" });
	tm_table_render(&t, &out, false);
	assert_string_equal(out.s, "NAME            TIER\n"
				   "日本語ローンチ  4\n"
				   "Dark mode       3\n"
				   "🚀 Rocket       1\n");
	tm_table_release(&t);
	tm_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sanitize_keeps_valid_text),
		cmocka_unit_test(sanitize_replaces_each_bad_byte),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(html_escaping),
		cmocka_unit_test(names_compare_in_any_case_of_any_script),
		cmocka_unit_test(slugs_keep_letters_of_every_script),
		cmocka_unit_test(widths_are_display_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
