/*
 * test_markdown.c - Markdown as safe HTML (present/markdown.c): the GitHub
 * extensions the previews use work, raw HTML and script addresses never come
 * out live, and arbitrary bytes (random, and every prefix of a hostile text)
 * are rendered without a crash into HTML that holds no raw tag of theirs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "present/markdown.h"

#include "util/banned.h"

static char *render(const char *md, size_t len)
{
	tm_buf out = TM_BUF_INIT;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_markdown_html(md, len, &out, &err), 0);
	return tm_buf_detach(&out);
}

static bool one_of(const char *s, size_t n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncmp(s, list[i], n))
			return true;
	return false;
}

static bool starts_with_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if ((*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s) != *prefix)
			return false;
	return true;
}

/*
 * Nothing the text wrote can run: every tag is one cmark-gfm makes for Markdown, with only its
 * own attributes, and no address is a script's (javascript:, vbscript:, data: but for images).
 * Raw HTML may only be the comment that says it was left out.
 */
static void assert_inert(const char *html)
{
	static const char *const tags[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em", "strong", "del",
					    "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "table", "thead",
					    "tbody", "tr", "th", "td", "span", NULL };
	static const char *const attrs[] = { "href", "src", "alt", "title", "class", "type", "checked", "disabled",
					     "align", "start", "role", "aria-label", NULL };
	for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
		if (!strncmp(p, "<!--", 4)) {
			if (strncmp(p, "<!-- raw HTML omitted -->", 25))
				fail_msg("a comment of the text's own: %.60s", p);
			p += 25;
			continue;
		}
		p += 1 + (p[1] == '/');
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!one_of(p, n, tags))
			fail_msg("a tag of the text's own: <%.40s", p);
		p += n;
		while (*p && *p != '>') {
			p += strspn(p, " /");
			if (*p == '>')
				break;
			size_t an = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			if (!an || !one_of(p, an, attrs))
				fail_msg("an attribute of the text's own: %.40s", p);
			bool address = (an == 4 && !strncmp(p, "href", 4)) || (an == 3 && !strncmp(p, "src", 3));
			p += an;
			if (*p != '=')
				continue;
			if (p[1] != '"')
				fail_msg("an unquoted attribute: %.40s", p);
			const char *v = p + 2, *q = strchr(v, '"');
			assert_non_null(q);
			if (address && (starts_with_nocase(v, "javascript:") || starts_with_nocase(v, "vbscript:") ||
					(starts_with_nocase(v, "data:") && !starts_with_nocase(v, "data:image/"))))
				fail_msg("a script's address: %.60s", v);
			p = q + 1;
		}
	}
}

static void extensions_work(void **state)
{
	(void)state;
	const char *md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n- [ ] todo\n";
	char *html = render(md, strlen(md));
	assert_non_null(strstr(html, "<table>"));
	assert_non_null(strstr(html, "<del>gone</del>"));
	assert_non_null(strstr(html, "<a href=\"http://www.example.com\">"));
	/* A task list's boxes are shown as what they mean, not as form controls without labels. */
	assert_non_null(strstr(html, "<span class=\"task-box done\" role=\"img\" aria-label=\"done\">\xe2\x98\x91</span> done"));
	assert_non_null(strstr(html, "<span class=\"task-box\" role=\"img\" aria-label=\"to do\">\xe2\x98\x90</span> todo"));
	assert_null(strstr(html, "<input"));
	free(html);
}

static const char hostile[] =
	"# Brief <b>bold</b>\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
	"[click](javascript:alert(1)) [v](vbscript:msgbox) [d](data:text/html,<script>alert(1)</script>)\n\n"
	"![img](javascript:alert(1)) <javascript:alert(1)> [ok](https://example.com \"t\\\"onload=x\")\n\n"
	"<div onload=\"x\">raw block</div>\n\n```html\n<script>in a fence</script>\n```\n\n| <svg/onload=1> |\n|---|\n";

static void raw_html_and_script_links_are_inert(void **state)
{
	(void)state;
	char *html = render(hostile, strlen(hostile));
	assert_inert(html);
	assert_non_null(strstr(html, "<!-- raw HTML omitted -->"));
	assert_non_null(strstr(html, "&lt;script&gt;in a fence&lt;/script&gt;")); /* code is shown, escaped */
	assert_non_null(strstr(html, "<a href=\"https://example.com\""));
	free(html);
}

static void every_prefix_is_inert(void **state)
{
	(void)state;
	for (size_t n = 0; n <= strlen(hostile); n++) {
		char *html = render(hostile, n);
		assert_inert(html);
		free(html);
	}
}

static void random_bytes_are_rendered(void **state)
{
	(void)state;
	static const char alphabet[] = "<>&\"'`*_~|[]()!#-+:/\\ \n\tajs\x80\xff\xc3\xa9";
	unsigned seed = 12345;
	char buf[600];
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % (int)sizeof(buf));
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		char *html = render(buf, n);
		assert_inert(html);
		free(html);
	}
}

static void nothing_is_empty(void **state)
{
	(void)state;
	char *html = render(NULL, 0);
	assert_string_equal(html, "");
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extensions_work),
		cmocka_unit_test(raw_html_and_script_links_are_inert),
		cmocka_unit_test(every_prefix_is_inert),
		cmocka_unit_test(random_bytes_are_rendered),
		cmocka_unit_test(nothing_is_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
