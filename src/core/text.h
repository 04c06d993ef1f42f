/*
 * text.h - text as people read it, in every script: case-insensitive
 * comparison by Unicode case folding (libunistring, so "LÉA DUBOIS" is
 * "Léa Dubois" and "STRASSE" is "Straße"), and the words a count needs
 * ("1 task", "2 tasks"). Pure: no I/O.
 */
#ifndef TM_TEXT_H
#define TM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Does a equal b once both are case-folded and in NFC? (Invalid UTF-8 compares bytewise.) */
bool tm_text_equal_fold(const char *a, const char *b);

/*
 * Does a word of name (words are separated by spaces) start with prefix, both
 * case-folded? "dub" finds "Léa Dubois", "LÉA" too.
 */
bool tm_text_word_prefix_fold(const char *name, const char *prefix);

/* one when n is 1, else many: tm_plural(n, "task", "tasks"). */
static inline const char *tm_plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

#endif
