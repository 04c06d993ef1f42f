/*
 * backlog.h - the single backlog of seed 003: ideas, personas and questions,
 * each on the product (PM) or market (PMM) track, scored RICE-style
 * (reach × impact × confidence ÷ effort) and moved through their statuses
 * until they are launched, sunset or dropped. Pure: items in, ranks out.
 */
#ifndef TM_BACKLOG_H
#define TM_BACKLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_IDEA_TITLE_MAX 200
#define TM_IDEA_WHY_MAX 500
#define TM_IDEA_REACH_MAX 1e12      /* people or events per quarter */
#define TM_IDEA_EFFORT_MAX 1200.0   /* person-months: a hundred person-years */

enum tm_idea_kind { TM_IDEA_IDEA, TM_IDEA_PERSONA, TM_IDEA_QUESTION, TM_IDEA_KIND_COUNT };
enum tm_idea_track { TM_TRACK_PRODUCT, TM_TRACK_MARKET, TM_TRACK_COUNT };
/* The statuses, in their order of life. SUNSET and DROPPED need a why. */
enum tm_idea_status {
	TM_IDEA_NEW, TM_IDEA_VALIDATING, TM_IDEA_EXPERIMENTING, TM_IDEA_PLANNED, TM_IDEA_LAUNCHED, TM_IDEA_SUNSET,
	TM_IDEA_DROPPED, TM_IDEA_STATUS_COUNT
};
/* RICE impact: 3, 2, 1, 0.5, 0.25 (Intercom's scale). -1 in a tm_idea: not given. */
enum tm_impact { TM_IMPACT_MASSIVE, TM_IMPACT_HIGH, TM_IMPACT_MEDIUM, TM_IMPACT_LOW, TM_IMPACT_MINIMAL, TM_IMPACT_COUNT };
/* RICE confidence: 100 %, 80 %, 50 %. -1 in a tm_idea: not given. */
enum tm_rice_confidence { TM_RICE_CONF_HIGH, TM_RICE_CONF_MEDIUM, TM_RICE_CONF_LOW, TM_RICE_CONF_COUNT };

extern const char *const tm_idea_kind_names[];      /* "idea", "persona", "question", NULL */
extern const char *const tm_idea_track_names[];     /* "product", "market", NULL */
extern const char *const tm_idea_status_names[];    /* "new", …, "dropped", NULL */
extern const char *const tm_impact_names[];         /* "massive", …, "minimal", NULL */
extern const char *const tm_rice_confidence_names[];    /* "high", "medium", "low", NULL */

double tm_impact_factor(int impact);         /* 3, 2, 1, 0.5, 0.25 */
double tm_rice_confidence_factor(int confidence); /* 1.0, 0.8, 0.5 */

/* One backlog item. */
typedef struct tm_idea {
	int64_t id;
	char title[TM_IDEA_TITLE_MAX + 1];
	int kind;                        /* enum tm_idea_kind */
	int track;                       /* enum tm_idea_track */
	int64_t owner_id;                /* 0: none */
	char owner[TM_NAME_MAX + 1];     /* the owner's name, "" when none */
	bool has_reach;
	double reach;                    /* people or events per quarter, >= 0 */
	int impact;                      /* enum tm_impact, -1: not given */
	int confidence;                  /* enum tm_rice_confidence, -1: not given */
	bool has_effort;
	double effort;                   /* person-months, > 0 */
	int status;                      /* enum tm_idea_status */
	char why[TM_IDEA_WHY_MAX + 1];   /* why it was sunset or dropped ("" otherwise) */
	int64_t persona_id;              /* a glossary entry of kind persona it is for, 0: none */
	char persona[TM_NAME_MAX + 1];   /* its term, "" when none */
	int64_t launch_id;               /* the launch it was promoted to, 0: none */
	char launch_slug[TM_SLUG_MAX + 1];
	int64_t version;
	char created_at[32], updated_at[32];
} tm_idea;
typedef TM_VEC(tm_idea) tm_ideas;

typedef struct tm_idea_filter {
	int kind, track, status;         /* -1: any */
	int64_t owner_id;                /* 0: anyone's */
	bool open_only;                  /* leaves out launched, sunset and dropped */
} tm_idea_filter;
#define TM_IDEA_FILTER_ALL { -1, -1, -1, 0, false }

/* A RICE score, or what keeps an item from having one. */
typedef struct tm_rice {
	bool scored;
	double score;                    /* reach × impact × confidence ÷ effort */
	unsigned lacks;                  /* when not scored: 1 << 0 reach, 1 << 1 impact, 1 << 2 confidence, 1 << 3 effort */
} tm_rice;

enum { TM_RICE_LACKS_REACH = 1u << 0, TM_RICE_LACKS_IMPACT = 1u << 1, TM_RICE_LACKS_CONFIDENCE = 1u << 2,
       TM_RICE_LACKS_EFFORT = 1u << 3 };

tm_rice tm_rice_score(const tm_idea *i);
/* "reach, impact and effort": what lacks names (for "cannot be scored: lacks …"). */
void tm_rice_lacks_text(unsigned lacks, tm_buf *out);
/* The arithmetic people check: "2000 × 2 × 80% ÷ 4 = 800". */
void tm_rice_arithmetic(const tm_idea *i, tm_buf *out);

/*
 * Ranks items: order[] gets the indexes of the scored ones, highest RICE first, ties in the order
 * of their ids (stable, whatever the input order), then the unscored ones by id. *scored gets how
 * many are scored. order must hold n.
 */
void tm_rice_rank(const tm_idea *items, size_t n, size_t *order, size_t *scored);

/* What the ranking compares of an item, for a caller that keeps its items in another form. */
typedef struct tm_rice_key {
	double score;                    /* the RICE score (0 when not scored) */
	int64_t id;
	bool scored;
} tm_rice_key;
tm_rice_key tm_rice_key_of(const tm_idea *i);
/* tm_rice_rank over keys: the same order by the same rule. */
void tm_rice_rank_keys(const tm_rice_key *keys, size_t n, size_t *order, size_t *scored);

/* May an item go from status `from` to `to`? (A launched or dropped item is not reopened as new; a
 * sunset or drop needs a why: checked by the use case.) TM_EINVAL names both statuses. */
int tm_idea_status_check(int from, int to, tm_error *err);

#endif
