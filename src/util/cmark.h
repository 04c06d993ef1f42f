/*
 * cmark.h - cmark-gfm (GitHub's CommonMark with its table, strikethrough,
 * autolink and task-list extensions), loaded when first needed.
 *
 * Only the server's Markdown previews need it, so like libical it is opened
 * with dlopen() on first use (util/dl.h) and called through this table, with
 * cmark-gfm's own headers for the types. One library is opened: the
 * extensions' library, whose dependency (the core library) answers for the
 * core's functions too. The core extensions are registered once, under the
 * loader's lock.
 *
 *   const struct tm_cmark *cm;
 *   if (tm_cmark_load(&cm, err)) return err->code;
 *   cmark_parser *p = cm->cmark_parser_new(CMARK_OPT_DEFAULT);
 */
#ifndef TM_UTIL_CMARK_H
#define TM_UTIL_CMARK_H

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "util/error.h"

#define TM_CMARK_FUNCS(X)                              \
	X(cmark_find_syntax_extension)                 \
	X(cmark_get_default_mem_allocator)             \
	X(cmark_gfm_core_extensions_ensure_registered) \
	X(cmark_node_free)                             \
	X(cmark_parser_attach_syntax_extension)        \
	X(cmark_parser_feed)                           \
	X(cmark_parser_finish)                         \
	X(cmark_parser_free)                           \
	X(cmark_parser_get_syntax_extensions)          \
	X(cmark_parser_new)                            \
	X(cmark_parser_new_with_mem)                   \
	X(cmark_render_html)

struct tm_cmark {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): a declarator, not an expression */
#define X(name) __typeof__(&name) name;
	TM_CMARK_FUNCS(X)
#undef X
};

/* Opens cmark-gfm once, whichever thread asks first (later calls return the same table). */
int tm_cmark_load(const struct tm_cmark **out, tm_error *err);

#endif
