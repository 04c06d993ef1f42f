/*
 * glossary.c - the glossary's names, and whether a text mentions a term (a
 * brief's audience lines name the personas it speaks to).
 */
#include <stddef.h>
#include <string.h>

#include "core/glossary.h"

#include "util/banned.h"

const char *const tm_term_kind_names[] = { "term", "persona", NULL };

static bool word_char(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

bool tm_glossary_mentions(const char *text, const char *term)
{
	size_t n = term ? strlen(term) : 0;
	if (!text || !n)
		return false;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if (s != (const unsigned char *)text && word_char(s[-1]) && word_char(*s))
			continue;
		size_t i = 0;
		while (i < n && s[i] && fold(s[i]) == fold((unsigned char)term[i]))
			i++;
		if (i == n && !(word_char((unsigned char)term[n - 1]) && word_char(s[n])))
			return true;
	}
	return false;
}
