/*
 * idea_row.h - how both engines read a backlog item: the columns, in this
 * order, and the stored names back to their enums (sqlite_backlog.c and
 * pg_backlog.c).
 */
#ifndef TM_STORE_IDEA_ROW_H
#define TM_STORE_IDEA_ROW_H

#include <string.h>

#include "core/backlog.h"

#define IDEA_COLS                                                                                               \
	"i.id, i.title, i.kind, i.track, coalesce(i.owner_id, 0), coalesce(p.name, ''), i.reach, i.impact, "   \
	"i.confidence, i.effort, i.status, i.why, coalesce(i.persona_id, 0), coalesce(g.term, ''), "           \
	"coalesce(i.launch_id, 0), coalesce(l.slug, ''), i.version, i.created_at, i.updated_at"
#define IDEA_FROM                                                                                               \
	" FROM ideas i LEFT JOIN people p ON p.id = i.owner_id LEFT JOIN glossary g ON g.id = i.persona_id "   \
	"LEFT JOIN launches l ON l.id = i.launch_id "
enum {
	IDEA_COL_ID, IDEA_COL_TITLE, IDEA_COL_KIND, IDEA_COL_TRACK, IDEA_COL_OWNER_ID, IDEA_COL_OWNER, IDEA_COL_REACH,
	IDEA_COL_IMPACT, IDEA_COL_CONFIDENCE, IDEA_COL_EFFORT, IDEA_COL_STATUS, IDEA_COL_WHY, IDEA_COL_PERSONA_ID,
	IDEA_COL_PERSONA, IDEA_COL_LAUNCH_ID, IDEA_COL_LAUNCH, IDEA_COL_VERSION, IDEA_COL_CREATED, IDEA_COL_UPDATED
};

/* The index of s in names (NULL-terminated), or -1 (NULL and unknown names alike). */
static inline int tm_idea_name_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* The stored name of an enum value, NULL for -1 (not given). */
static inline const char *tm_idea_name_or_null(const char *const *names, int count, int v)
{
	return v >= 0 && v < count ? names[v] : NULL;
}

#endif
