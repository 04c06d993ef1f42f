/* markdown.c - Markdown to safe HTML with cmark-gfm; see markdown.h. */
#include "present/markdown.h"

#include <pthread.h>
#include <string.h>

#include "util/cmark.h"

#include "util/banned.h"

/* cmark-gfm keeps the characters that start an extension's inlines ('~', '|' …) in a table
 * shared by the process, set when a parse begins and cleared when it ends: two parses at once
 * would see each other's. One at a time, then; a brief takes well under a millisecond. */
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;

static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

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
	cmark_parser *p = cm->cmark_parser_new(options);
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
		tm_buf_add(out, html, strlen(html));
	else
		rc = tm_fail(err, TM_EINTERNAL, "out of memory while rendering Markdown");
	cmark_mem *mem = cm->cmark_get_default_mem_allocator();
	if (html)
		mem->free(html);
	if (doc)
		cm->cmark_node_free(doc);
	cm->cmark_parser_free(p);
	return rc;
}
