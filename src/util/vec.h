/*
 * vec.h - the one dynamic array idiom.
 *
 *   TM_VEC(tm_task) tasks = TM_VEC_INIT;
 *   tm_task *t = TM_VEC_PUSH(&tasks);    // zeroed new element
 *   ... tasks.v[i], tasks.n ...
 *   TM_VEC_FREE(&tasks);                 // frees the array, not what it points to
 */
#ifndef TM_VEC_H
#define TM_VEC_H

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define TM_VEC(type) struct { type *v; size_t n, cap; }
#define TM_VEC_INIT { NULL, 0, 0 }

/* Makes room for `want` elements of `elem` bytes; used by the macros. */
static inline void tm_vec_grow_(void **v, size_t *cap, size_t want, size_t elem)
{
	if (want <= *cap)
		return;
	size_t c = *cap ? *cap * 2 : 8;
	while (c < want)
		c *= 2;
	*v = tm_xrealloc(*v, c * elem);
	*cap = c;
}

#define TM_VEC_GROW(vec, want) \
	tm_vec_grow_((void **)&(vec)->v, &(vec)->cap, (want), sizeof(*(vec)->v))

/* Appends a zeroed element and evaluates to a pointer to it. */
#define TM_VEC_PUSH(vec)                                                         \
	(TM_VEC_GROW((vec), (vec)->n + 1),                                       \
	 memset(&(vec)->v[(vec)->n], 0, sizeof(*(vec)->v)), &(vec)->v[(vec)->n++])

#define TM_VEC_FREE(vec)                                                         \
	do {                                                                     \
		free((vec)->v);                                                  \
		(vec)->v = NULL;                                                 \
		(vec)->n = (vec)->cap = 0;                                       \
	} while (0)

#endif
