/*
 * tier.h - which tier a launch deserves, from seed 000's criteria:
 * a major feature, a new market or revenue impact is Tier 1; a significant
 * feature for the existing market Tier 2; an enhancement or iteration Tier 3;
 * a bug fix or minor improvement Tier 4.
 */
#ifndef TM_TIER_H
#define TM_TIER_H

#include <stdbool.h>

#include "util/error.h"

/*   name             what it says of the launch */
#define TM_CRITERIA(X)                                                  \
	X(major, "a major feature (tier 1)")                            \
	X(new_market, "opens a new market (tier 1)")                    \
	X(revenue_impact, "moves revenue (tier 1)")                     \
	X(significant, "a significant feature (tier 2)")                \
	X(existing_market, "for the market already served")             \
	X(enhancement, "an enhancement or iteration (tier 3)")          \
	X(bugfix, "a bug fix or minor improvement (tier 4)")

typedef struct tm_tier_criteria {
#define X(name, help) bool name;
	TM_CRITERIA(X)
#undef X
} tm_tier_criteria;

enum {
#define X(name, help) TM_CRITERION_##name,
	TM_CRITERIA(X)
#undef X
	TM_CRITERIA_COUNT
};

/* The criteria's names ("major", "new_market", …) and help, in TM_CRITERIA's order, NULL-terminated. */
extern const char *const tm_criteria_names[];
extern const char *const tm_criteria_help[];
/* Criterion i of c. */
bool *tm_tier_criterion(tm_tier_criteria *c, int i);

typedef struct tm_tier_suggestion {
	int tier;
	char rationale[512];   /* why, in the seed's words */
} tm_tier_suggestion;

/* Fails with TM_EINVAL when no criterion is given or two contradict each other, saying why. */
int tm_tier_suggest(const tm_tier_criteria *c, tm_tier_suggestion *out, tm_error *err);
/* True when any criterion is set. */
bool tm_tier_criteria_any(const tm_tier_criteria *c);

#endif
