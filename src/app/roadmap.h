/*
 * roadmap.h - the use cases of seed 003's living roadmap: items at three
 * levels (strategic → initiative → release) with an owner, a target quarter,
 * a status colour and the launches and ideas that deliver them; the tree
 * with each launch's date and readiness, red when a launch cannot make it;
 * and the review held every 6 weeks. Like app.h: every write runs in one
 * transaction, records an audit row and changes nothing when refused.
 */
#ifndef TM_APP_ROADMAP_H
#define TM_APP_ROADMAP_H

#include "app/app.h"
#include "core/backlog.h"
#include "core/roadmap.h"

/* roadmap add / roadmap set: described by tm_roadmap_desc. */
enum {
	TM_RI_TITLE, TM_RI_LEVEL, TM_RI_PARENT, TM_RI_OWNER, TM_RI_QUARTER, TM_RI_STATUS, TM_RI_LAUNCHES, TM_RI_IDEAS,
	TM_RI_FIELDS
};
typedef struct tm_roadmap_input {
	uint32_t given;                        /* 1 << TM_RI_* of each field given */
	char title[TM_ROADMAP_TITLE_MAX + 1];
	int level;                             /* enum tm_roadmap_level; set only when adding */
	int parent;                            /* the parent's id; 0: none */
	char owner[TM_REF_MAX + 1];            /* a person; "" (none / null) clears it */
	char quarter[17];                      /* tm_quarter_parse's forms; "" clears it */
	int status;                            /* enum tm_roadmap_status */
	tm_refs launches;                      /* launches by slug or id (set: replaces them all) */
	tm_refs ideas;                         /* backlog items by id (set: replaces them all) */
	int64_t if_version;                    /* not an input: change only at this version (0: any) */
} tm_roadmap_input;
extern const tm_input_desc tm_roadmap_desc;

/* roadmap review: described by tm_roadmap_review_desc. */
enum { TM_RR_NOTES, TM_RR_FIELDS };
typedef struct tm_roadmap_review_input {
	uint32_t given;
	char notes[TM_TEXT_MAX + 1];
} tm_roadmap_review_input;
extern const tm_input_desc tm_roadmap_review_desc;

/* One launch of the roadmap as the tree shows it. */
typedef struct tm_roadmap_launch {
	tm_launch launch;
	int score;                             /* readiness 0-100 (tminus check), -1 when not checked (done) */
	bool feasible;                         /* its plan can meet T (no at-risk or product-slip finding) */
	bool slipped;                          /* T moved later than first planned */
	bool done;                             /* launched or cancelled */
	tm_date first_date;                    /* T as first planned (its date when it never moved) */
} tm_roadmap_launch;

/* One backlog item behind a roadmap item. */
typedef struct tm_roadmap_idea {
	int64_t id;
	char title[TM_IDEA_TITLE_MAX + 1];
	int status;                            /* enum tm_idea_status */
} tm_roadmap_idea;

/* One item as shown. */
typedef struct tm_roadmap_view {
	tm_roadmap_item item;
	int depth;                             /* 0 at the top of the tree */
	int colour;                            /* enum tm_roadmap_status: shown (tm_roadmap_colour) */
	char why_red[300];                     /* why it is shown red though its owner set another colour, "" */
	int launch_at[TM_ROADMAP_LINKS_MAX];   /* item.launches[i] is the roadmap's launches.v[launch_at[i]] */
	int idea_at[TM_ROADMAP_LINKS_MAX];     /* item.ideas[i] is ideas.v[idea_at[i]] */
} tm_roadmap_view;

typedef struct tm_roadmap_quarter {
	char q[TM_QUARTER_STRLEN];             /* "2027Q1" */
} tm_roadmap_quarter;

/* The roadmap (or one item of it) as the tree shows it. */
typedef struct tm_roadmap {
	TM_VEC(tm_roadmap_view) items;         /* depth first: each item before its children, siblings by id */
	TM_VEC(tm_roadmap_launch) launches;    /* each launch the items name, once */
	TM_VEC(tm_roadmap_idea) ideas;         /* each idea the items name, once */
	bool has_review;
	tm_roadmap_review last_review;         /* when has_review */
	bool review_due;                       /* items and no review in the last 6 weeks (or ever) */
	TM_VEC(tm_roadmap_quarter) quarters;   /* of the items and launches shown, sorted */
	tm_date today;
} tm_roadmap;

void tm_roadmap_release(tm_roadmap *r);

/* What `roadmap` shows: NULL for any. */
typedef struct tm_roadmap_query {
	const char *quarter;                   /* items of this quarter (and the items above them) */
	const char *owner;                     /* items this person owns (and the items above them) */
} tm_roadmap_query;

/* out: the item alone (items.n == 1), with its launches and ideas. */
int tm_app_roadmap_add(tm_app *app, const tm_roadmap_input *in, tm_roadmap *out, tm_error *err);
/* Changes the fields given (in->if_version: TM_ESTALE when the item has another version). */
int tm_app_roadmap_set(tm_app *app, const char *ref, const tm_roadmap_input *in, tm_roadmap *out, tm_error *err);
/* Removes an item; one with items under it is refused (TM_ECONFLICT): move or remove them first. out
 * (may be NULL): the item as it was. */
int tm_app_roadmap_rm(tm_app *app, const char *ref, int64_t if_version, tm_roadmap *out, tm_error *err);
int tm_app_roadmap_get(tm_app *app, const char *ref, tm_roadmap *out, tm_error *err);
/* The tree (q may be NULL), with each launch's date and readiness, the last review and whether one is due. */
int tm_app_roadmap(tm_app *app, const tm_roadmap_query *q, tm_roadmap *out, tm_error *err);
/* Records a review held today by app->user. */
int tm_app_roadmap_review(tm_app *app, const tm_roadmap_review_input *in, tm_roadmap_review *out, tm_error *err);
/* Newest first; limit 0: all. */
int tm_app_roadmap_reviews(tm_app *app, int limit, tm_roadmap_reviews *out, tm_error *err);

#endif
