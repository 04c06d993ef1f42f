/*
 * roadmap.h - seed 003's living roadmap in three tiers: strategic items,
 * the initiatives under them, the releases under those (each delivered by
 * launches and backed by ideas), each with an owner, a target quarter and a
 * status colour, and a review every 6 weeks. Pure: the tree's rules and the
 * colour a release's launches give it.
 */
#ifndef TM_ROADMAP_H
#define TM_ROADMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "core/plan.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_ROADMAP_TITLE_MAX 200
#define TM_ROADMAP_REVIEW_DAYS 42    /* seed 003: "reviews every 6 weeks" */
#define TM_ROADMAP_LINKS_MAX 64      /* launches or ideas one item names */

enum tm_roadmap_level { TM_LEVEL_STRATEGIC, TM_LEVEL_INITIATIVE, TM_LEVEL_RELEASE, TM_LEVEL_COUNT };
enum tm_roadmap_status { TM_RM_GREEN, TM_RM_YELLOW, TM_RM_RED, TM_RM_STATUS_COUNT };

extern const char *const tm_roadmap_level_names[];   /* "strategic", "initiative", "release", NULL */
extern const char *const tm_roadmap_status_names[];  /* "green", "yellow", "red", NULL */

typedef struct tm_roadmap_item {
	int64_t id;
	char title[TM_ROADMAP_TITLE_MAX + 1];
	int level;                       /* enum tm_roadmap_level */
	int64_t parent_id;               /* an item of the level above; 0: none (a strategic item never has one) */
	int64_t owner_id;                /* 0: none */
	char owner[TM_NAME_MAX + 1];
	char quarter[8];                 /* "2027Q1", "" when none */
	int status;                      /* enum tm_roadmap_status, as set by its owner */
	int64_t launches[TM_ROADMAP_LINKS_MAX];  /* the launches that deliver it (ids) */
	int nlaunches;
	int64_t ideas[TM_ROADMAP_LINKS_MAX];     /* the backlog items behind it (ids) */
	int nideas;
	int64_t version;
	char created_at[32], updated_at[32];
} tm_roadmap_item;
typedef TM_VEC(tm_roadmap_item) tm_roadmap_items;

/* A review of the roadmap held. */
typedef struct tm_roadmap_review {
	int64_t id;
	tm_date on;
	char notes[TM_TEXT_MAX + 1];
	char by[TM_NAME_MAX + 1];
	char at[32];
} tm_roadmap_review;
typedef TM_VEC(tm_roadmap_review) tm_roadmap_reviews;

/*
 * May item (its id 0 when new) have parent_id as its parent, among all the items? A strategic item
 * has none; an initiative's parent is strategic, a release's an initiative (a missing parent is
 * allowed: an orphan initiative or release is shown at the top). Refuses a parent that does not
 * exist, is at the wrong level, or is the item itself or under it. TM_EINVAL naming "parent".
 */
int tm_roadmap_parent_check(const tm_roadmap_item *items, size_t n, int64_t item_id, int level, int64_t parent_id,
			    tm_error *err);

/*
 * One open task of a launch, lean: what planning it reads (app/plan.c's plan of a launch), so
 * that the feasibility of thousands of launches is had without reading each task whole.
 */
typedef struct tm_roadmap_work {
	int64_t launch_id;
	tm_plan_input in;                /* due as stored; awaiting approval: effort 0; is_launch set */
	bool product;                    /* a product milestone: its date is a not-before (app/plan.c) */
} tm_roadmap_work;
typedef TM_VEC(tm_roadmap_work) tm_roadmap_works;

/* What one launch of an item tells its colour. */
typedef struct tm_roadmap_launch_state {
	tm_date date;                    /* launch day T */
	bool infeasible;                 /* its plan cannot meet T */
	bool slipped;                    /* T moved later than first planned */
	bool done;                       /* launched or cancelled */
} tm_roadmap_launch_state;

/*
 * The colour shown: red when one of its launches is infeasible, or has slipped and lands after
 * the item's quarter (quarter "" : never); else the colour its owner set.
 */
int tm_roadmap_colour(const tm_roadmap_item *it, const tm_roadmap_launch_state *ls, size_t n);

/*
 * Is a review of the roadmap due today? Only when it has items: the last review (has_last) is more
 * than TM_ROADMAP_REVIEW_DAYS old, or none was ever held.
 */
bool tm_roadmap_review_due(size_t n_items, bool has_last, tm_date last, tm_date today);

#endif
