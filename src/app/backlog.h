/*
 * backlog.h - the use cases of the single backlog (seed 003): ideas, personas
 * and questions on the product and market tracks, scored RICE-style, ranked,
 * and promoted to a launch whose status the idea then follows. Like app.h:
 * every write runs in one transaction and changes nothing when refused;
 * nothing here prints.
 */
#ifndef TM_APP_BACKLOG_H
#define TM_APP_BACKLOG_H

#include "app/app.h"
#include "core/backlog.h"

/* backlog add / backlog set: described by tm_idea_desc. */
enum {
	TM_II_TITLE, TM_II_KIND, TM_II_TRACK, TM_II_OWNER, TM_II_REACH, TM_II_IMPACT, TM_II_CONFIDENCE, TM_II_EFFORT,
	TM_II_STATUS, TM_II_WHY, TM_II_PERSONA, TM_II_FIELDS
};
typedef struct tm_idea_input {
	uint32_t given;                        /* 1 << TM_II_* of each field given */
	char title[TM_IDEA_TITLE_MAX + 1];
	int kind;                              /* enum tm_idea_kind */
	int track;                             /* enum tm_idea_track */
	char owner[TM_REF_MAX + 1];            /* a person; "" (none / null) clears it */
	double reach;                          /* people or events per quarter, 0 … TM_IDEA_REACH_MAX */
	int impact;                            /* enum tm_impact */
	int confidence;                        /* enum tm_rice_confidence */
	double effort;                         /* person-months, > 0 */
	int status;                            /* enum tm_idea_status */
	char why[TM_IDEA_WHY_MAX + 1];         /* needed for sunset and dropped */
	char persona[TM_NAME_MAX + 1];         /* a glossary persona's term or id; "" clears it */
	int64_t if_version;                    /* not an input: change only at this version (0: any) */
} tm_idea_input;
extern const tm_input_desc tm_idea_desc;

/* A list's filter as the front ends give it (names; NULL: any). */
typedef struct tm_idea_query {
	const char *track, *status, *kind, *owner;
} tm_idea_query;

/* One item of a ranking, packed (100,000 of them fit in a few megabytes): its strings are in the
 * ranking's text, at the offsets in str. */
enum { TM_RANK_TITLE, TM_RANK_OWNER, TM_RANK_WHY, TM_RANK_PERSONA, TM_RANK_LAUNCH, TM_RANK_CREATED, TM_RANK_UPDATED,
       TM_RANK_STRINGS };
typedef struct tm_rank_row {
	int64_t id, owner_id, persona_id, launch_id, version;
	double reach, effort;
	signed char kind, track, impact, confidence, status;
	bool has_reach, has_effort;
	uint32_t str[TM_RANK_STRINGS];
} tm_rank_row;

/* backlog rank: the open items (not launched, sunset or dropped) of a track, or of both. */
typedef struct tm_backlog_rank {
	TM_VEC(tm_rank_row) rows;              /* as read, by id */
	tm_buf text;                           /* the rows' strings, each ended by a NUL */
	size_t *order;                         /* indexes into rows: the scored ones by rank, then the unscored */
	size_t scored;                         /* how many of order are scored */
} tm_backlog_rank;

/* The k-th item of the ranking (k < r->rows.n; the first r->scored are ranked 1, 2 …), whole. */
void tm_backlog_rank_item(const tm_backlog_rank *r, size_t k, tm_idea *out);
/* The same without its strings (out's are left as they are: what RICE and the enums need), and one of its
 * strings (TM_RANK_*) where the ranking keeps it: the writers of 100,000 items copy nothing. */
void tm_backlog_rank_numbers(const tm_backlog_rank *r, size_t k, tm_idea *out);
const char *tm_backlog_rank_text(const tm_backlog_rank *r, size_t k, int which);
void tm_backlog_rank_release(tm_backlog_rank *r);

/* An item is named by its id ("12" or "#12"). */
int tm_app_idea_add(tm_app *app, const tm_idea_input *in, tm_idea *out, tm_error *err);
/* Changes the fields given (in->if_version: TM_ESTALE when the item has another version). A status of
 * sunset or dropped needs a why; launched comes from the launch, never by hand. */
int tm_app_idea_set(tm_app *app, const char *ref, const tm_idea_input *in, tm_idea *out, tm_error *err);
/* Removes an item (if_version 0: any); out gets it as it was. */
int tm_app_idea_rm(tm_app *app, const char *ref, int64_t if_version, tm_idea *out, tm_error *err);
int tm_app_idea_get(tm_app *app, const char *ref, tm_idea *out, tm_error *err);
/* By id; an unknown track, status, kind or person is TM_EINVAL naming it. */
int tm_app_idea_list(tm_app *app, const tm_idea_query *q, tm_ideas *out, tm_error *err);
/* One read of the backlog, ranked by RICE (tm_rice_rank). track NULL: both. */
int tm_app_backlog_rank(tm_app *app, const char *track, tm_backlog_rank *out, tm_error *err);
/*
 * Creates the launch of an idea through tm_app_launch_add (the launch input's name defaults to the
 * idea's title) and links them: the idea becomes planned. Refused for an idea already promoted to a
 * launch that is not cancelled, and for one that is sunset or dropped. idea (may be NULL) gets the
 * idea afterwards, out the launch.
 */
int tm_app_idea_promote(tm_app *app, const char *ref, const tm_launch_input *in, tm_idea *idea,
			tm_launch_detail *out, tm_error *err);

/*
 * For app/launches.c, inside its write transaction: the ideas promoted to a launch follow its status
 * (planned → planned, launched → launched, cancelled → validating: the idea is open again and may be
 * promoted anew). Each change is audited.
 */
int tm_app_backlog_follow_launch(tm_app *app, int64_t launch_id, int launch_status, tm_error *err);
/* The same before a launch is removed: its ideas go back to validating (the link goes with it). */
int tm_app_backlog_launch_gone(tm_app *app, int64_t launch_id, tm_error *err);
/* The first idea promoted to a launch (out->id 0: none), for the launch's views. */
int tm_app_backlog_of_launch(tm_app *app, int64_t launch_id, tm_idea *out, tm_error *err);

#endif
