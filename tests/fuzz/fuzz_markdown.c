/*
 * fuzz_markdown.c - Markdown into HTML that a page inserts as it is
 * (tm_markdown_html in present/markdown.c: a brief, a launch document,
 * unsaved text from the web UI) on arbitrary bytes. Whatever the text, the
 * HTML is valid UTF-8 made only of the tags cmark-gfm writes for Markdown
 * (and the task boxes markdown.c puts in), each with only their own
 * attributes, every attribute value quoted, no link to a javascript:,
 * vbscript:, file: or data: address (but PNG, GIF, JPEG and WebP images), and raw HTML
 * never more than cmark-gfm's "raw HTML omitted" comment.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"
#include "present/markdown.h"

#include "util/banned.h"

static const char *const tags[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
				    "code", "em", "strong", "a", "img", "hr", "br", "table", "thead", "tbody", "tr",
				    "th", "td", "del", "span", "section", "sup", "div", NULL };
static const char *const attrs[] = { "href", "src", "alt", "title", "start", "align", "class", "role",
				     "aria-label", "lang", NULL };

static bool listed(const char *const *list, const char *s, size_t n)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncmp(list[i], s, n))
			return true;
	return false;
}

/* A link's or an image's address as a browser reads its scheme: case folded. A data: address is
 * allowed only as a PNG, GIF, JPEG or WebP image (cmark-gfm's rule), which runs nothing. */
static bool dangerous(const char *v, size_t n)
{
	char lower[16] = "";
	size_t k = 0;
	for (; k < n && k + 1 < sizeof(lower); k++)
		lower[k] = (char)tolower((unsigned char)v[k]);
	lower[k] = '\0';
	if (!strncmp(lower, "javascript:", 11) || !strncmp(lower, "vbscript:", 9) || !strncmp(lower, "file:", 5))
		return true;
	return !strncmp(lower, "data:", 5) && strncmp(lower, "data:image/png", 14) && strncmp(lower, "data:image/gif", 14) &&
	       strncmp(lower, "data:image/jpe", 14) && strncmp(lower, "data:image/web", 14);
}

/* Checks one tag from its '<'; returns where it ends (after '>'), or aborts. */
static const char *tag_at(const char *p)
{
	static const char omitted[] = "<!-- raw HTML omitted -->";
	if (!strncmp(p, omitted, sizeof(omitted) - 1))
		return p + sizeof(omitted) - 1;
	p++;
	if (*p == '/')
		p++;
	const char *name = p;
	while (isalnum((unsigned char)*p))
		p++;
	size_t name_len = (size_t)(p - name);
	if (!listed(tags, name, name_len))
		abort();
	for (;;) {
		p += strspn(p, " ");
		if (*p == '>')
			return p + 1;
		if (p[0] == '/' && p[1] == '>')
			return p + 2;
		const char *attr = p;
		while (isalnum((unsigned char)*p) || *p == '-')
			p++;
		size_t attr_len = (size_t)(p - attr);
		/* The task boxes cmark-gfm writes are replaced by markdown.c: none stays. */
		if (!listed(attrs, attr, attr_len))
			abort();
		if (p[0] != '=' || p[1] != '"')
			abort();
		p += 2;
		const char *v = p, *end = strchr(p, '"');
		if (!end || memchr(v, '<', (size_t)(end - v)) || memchr(v, '>', (size_t)(end - v)))
			abort();
		if ((!strncmp(attr, "href", 4) || !strncmp(attr, "src", 3)) &&
		    dangerous(v, (size_t)(end - v)))
			abort();
		p = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tm_buf html = TM_BUF_INIT;
	tm_error err = TM_ERROR_INIT;
	if (size > 64 * 1024)
		return 0;
	if (tm_markdown_html((const char *)data, size, &html, &err) != 0)
		abort(); /* any text renders (cmark-gfm is installed where the fuzzers run) */
	if (html.len && (strlen(html.s) != html.len || !tm_utf8_valid(html.s, html.len, NULL)))
		abort();
	for (const char *p = html.len ? html.s : ""; (p = strchr(p, '<'));)
		p = tag_at(p);
	/* Outside tags a '>' is text, and text is escaped. */
	for (const char *p = html.len ? html.s : ""; *p; p++) {
		if (*p == '<')
			p = tag_at(p) - 1;
		else if (*p == '>' || *p == '"')
			abort();
	}
	tm_buf_release(&html);
	return 0;
}
