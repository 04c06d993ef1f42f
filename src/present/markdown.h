/*
 * markdown.h - Markdown (a brief, a launch document, unsaved text) as HTML
 * that a page may insert as it is: GitHub-flavoured (tables, strikethrough,
 * autolinks, task lists) through cmark-gfm in its safe mode, so raw HTML in
 * the text never reaches the page (it becomes a comment) and links or images
 * to javascript:, vbscript:, file: or data: (but for images) addresses lose
 * them. Text and attributes are escaped by cmark-gfm.
 */
#ifndef TM_PRESENT_MARKDOWN_H
#define TM_PRESENT_MARKDOWN_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* Appends the HTML of len bytes of Markdown to out; invalid UTF-8 is replaced, never passed on.
 * TM_EIO when cmark-gfm is not installed. */
int tm_markdown_html(const char *md, size_t len, tm_buf *out, tm_error *err);

#endif
