/* markdown.c - Markdown to safe HTML with cmark-gfm; see markdown.h. */
#include "present/markdown.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/cmark.h"
#include "util/mem.h"

#include "util/banned.h"

/* cmark-gfm keeps the characters that start an extension's inlines ('~', '|' …) in a table
 * shared by the process, set when a parse begins and cleared when it ends: two parses at once
 * would see each other's. One at a time, then; a brief takes well under a millisecond. */
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;

/* cmark-gfm's own allocator calls abort() when memory runs out, which would end the server; and
 * cmark-gfm uses what it allocates without a check. Ours marks the thread's failure flag and keeps
 * it going from the reserve (util/mem.h): the request then ends in a 503. */
static cmark_mem allocator = { tm_xcalloc, tm_xrealloc, free };

static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

/* A task list's boxes are shown, not filled in: cmark-gfm writes each as a disabled checkbox, a
 * form control without a label to a screen reader. Each becomes a box that says what it means.
 * In safe mode these exact strings can only come from the tasklist extension: a text's own
 * "<input" is escaped. */
static const struct {
	const char *from, *to;
} boxes[] = {
	{ "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
	  "<span class=\"task-box done\" role=\"img\" aria-label=\"done\">\xe2\x98\x91</span>" },
	{ "<input type=\"checkbox\" disabled=\"\" />",
	  "<span class=\"task-box\" role=\"img\" aria-label=\"to do\">\xe2\x98\x90</span>" },
};

static void add_html(tm_buf *out, const char *html)
{
	for (const char *p = html, *lt; *p; p = lt) {
		lt = strstr(p, "<input ");
		if (!lt) {
			tm_buf_adds(out, p);
			return;
		}
		tm_buf_add(out, p, (size_t)(lt - p));
		size_t i = 0;
		while (i < sizeof(boxes) / sizeof(boxes[0]) && strncmp(lt, boxes[i].from, strlen(boxes[i].from)))
			i++;
		if (i < sizeof(boxes) / sizeof(boxes[0])) {
			tm_buf_adds(out, boxes[i].to);
			lt += strlen(boxes[i].from);
		} else {
			tm_buf_add(out, lt, 1);
			lt++;
		}
	}
}

int tm_markdown_html(const char *md, size_t len, tm_buf *out, tm_error *err)
{
	const struct tm_cmark *cm;
	/* CMARK_OPT_SAFE is cmark-gfm's default (CMARK_OPT_UNSAFE is never given): said anyway. */
	const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	cmark_node *doc = NULL;
	char *html = NULL;
	int rc = tm_cmark_load(&cm, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&parsing);
	cmark_parser *p = cm->cmark_parser_new_with_mem(options, &allocator);
	if (!p) {
		pthread_mutex_unlock(&parsing);
		return tm_fail(err, TM_EINTERNAL, "out of memory while reading Markdown");
	}
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *e = cm->cmark_find_syntax_extension(extensions[i]);
		if (e)
			cm->cmark_parser_attach_syntax_extension(p, e);
	}
	cm->cmark_parser_feed(p, md ? md : "", md ? len : 0);
	doc = cm->cmark_parser_finish(p);
	if (doc)
		html = cm->cmark_render_html(doc, options, cm->cmark_parser_get_syntax_extensions(p));
	pthread_mutex_unlock(&parsing);
	if (html)
		add_html(out, html);
	else
		rc = tm_fail(err, TM_EINTERNAL, "out of memory while rendering Markdown");
	free(html);
	if (doc)
		cm->cmark_node_free(doc);
	cm->cmark_parser_free(p);
	return rc;
}
