/* text.c - Unicode case folding for names; see text.h. */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#include "util/banned.h"

/* s case-folded and in NFC, NUL-terminated (malloc'd), or NULL when s is not valid UTF-8 or memory ran out. */
static char *fold(const char *s)
{
	size_t n = 0;
	uint8_t *f = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFC, NULL, &n);
	if (!f)
		return NULL;
	char *out = realloc(f, n + 1);
	if (!out) {
		free(f);
		return NULL;
	}
	out[n] = '\0';
	return out;
}

bool tm_text_equal_fold(const char *a, const char *b)
{
	int cmp = 1;
	if (u8_casecmp((const uint8_t *)a, strlen(a), (const uint8_t *)b, strlen(b), NULL, UNINORM_NFC, &cmp) != 0)
		return strcmp(a, b) == 0;
	return cmp == 0;
}

bool tm_text_word_prefix_fold(const char *name, const char *prefix)
{
	char *fn = fold(name), *fp = fold(prefix);
	bool found = false;
	if (fn && fp && *fp) {
		size_t n = strlen(fp);
		for (const char *w = fn; w && *w && !found; w = strchr(w, ' ')) {
			while (*w == ' ')
				w++;
			found = !strncmp(w, fp, n);
		}
	}
	free(fn);
	free(fp);
	return found;
}
