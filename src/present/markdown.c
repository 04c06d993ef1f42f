/* markdown.c - Markdown to safe HTML with cmark-gfm; see markdown.h. */
#include "present/markdown.h"

#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/cmark.h"
#include "util/mem.h"

#include "util/banned.h"

/* cmark-gfm keeps the characters that start an extension's inlines ('~', '|' …) in a table
 * shared by the process, set when a parse begins and cleared when it ends: two parses at once
 * would see each other's. One at a time, then; a brief takes well under a millisecond. */
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;

/*
 * cmark-gfm's own allocator calls abort() when memory runs out, which would end the server, and
 * cmark-gfm uses what it allocates without a check (nor would the reserve of util/mem.h keep a large
 * parse going). Ours keeps every block of a parse in a list and, when one cannot be had, jumps back
 * to tm_markdown_html, which frees the whole list: the parse is abandoned, and the request ends in a
 * 503 (the allocation set the thread's failure flag). One parse at a time (the lock below), so the
 * list and the jump are the process's.
 */
struct block {
	struct block *prev, *next;
	max_align_t align[];   /* what cmark-gfm is given starts here, aligned for anything */
};

static struct block *blocks;
static jmp_buf *bail;

static void *link_block(struct block *b)
{
	b->prev = NULL;
	b->next = blocks;
	if (blocks)
		blocks->prev = b;
	blocks = b;
	return b->align;
}

static void unlink_block(struct block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		blocks = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

static void *md_calloc(size_t n, size_t size)
{
	struct block *b = NULL;
	if (!size || n <= (SIZE_MAX - sizeof(*b)) / size)
		b = tm_mem_calloc(1, sizeof(*b) + n * size);
	if (!b)
		longjmp(*bail, 1);
	return link_block(b);
}

static void *md_realloc(void *p, size_t size)
{
	if (!p)
		return md_calloc(1, size);
	struct block *b = (struct block *)((char *)p - offsetof(struct block, align));
	unlink_block(b);
	struct block *nb = size <= SIZE_MAX - sizeof(*b) ? tm_mem_realloc(b, sizeof(*b) + size) : NULL;
	if (!nb) {
		link_block(b);
		longjmp(*bail, 1);
	}
	return link_block(nb);
}

static void md_free(void *p)
{
	if (!p)
		return;
	struct block *b = (struct block *)((char *)p - offsetof(struct block, align));
	unlink_block(b);
	free(b);
}

static void free_blocks(void)
{
	while (blocks) {
		struct block *b = blocks;
		blocks = b->next;
		free(b);
	}
}

static cmark_mem allocator = { md_calloc, md_realloc, md_free };

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
	int rc = tm_cmark_load(&cm, err);
	if (rc)
		return rc;
	jmp_buf jump;
	pthread_mutex_lock(&parsing);
	bail = &jump;
	if (setjmp(jump)) {
		/* An allocation failed inside cmark-gfm: all it had is freed at once. */
		free_blocks();
		bail = NULL;
		pthread_mutex_unlock(&parsing);
		return tm_fail(err, TM_ENOMEM, "out of memory while rendering Markdown");
	}
	cmark_parser *p = cm->cmark_parser_new_with_mem(options, &allocator);
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		cmark_syntax_extension *e = cm->cmark_find_syntax_extension(extensions[i]);
		if (e)
			cm->cmark_parser_attach_syntax_extension(p, e);
	}
	cm->cmark_parser_feed(p, md ? md : "", md ? len : 0);
	cmark_node *doc = cm->cmark_parser_finish(p);
	char *html = cm->cmark_render_html(doc, options, cm->cmark_parser_get_syntax_extensions(p));
	add_html(out, html);
	md_free(html);
	cm->cmark_node_free(doc);
	cm->cmark_parser_free(p);
	bail = NULL;
	pthread_mutex_unlock(&parsing);
	return 0;
}
