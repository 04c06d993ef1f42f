/*
 * tier.h - which tier a launch deserves, from seed 000's criteria:
 * a major feature, a new market or revenue impact is Tier 1; a significant
 * feature for the existing market Tier 2; an enhancement or iteration Tier 3;
 * a bug fix or minor improvement Tier 4.
 */
#ifndef TM_TIER_H
#define TM_TIER_H

#include <stdbool.h>

#include "core/error.h"

typedef struct tm_tier_criteria {
	bool major;            /* a major feature */
	bool new_market;       /* opens a new market */
	bool revenue_impact;   /* moves revenue */
	bool significant;      /* a significant feature */
	bool existing_market;  /* for the market we already serve */
	bool enhancement;      /* an enhancement or iteration */
	bool bugfix;           /* a bug fix or minor improvement */
} tm_tier_criteria;

typedef struct tm_tier_suggestion {
	int tier;
	char rationale[512];   /* why, in the seed's words */
} tm_tier_suggestion;

/* Fails with TM_EINVAL when no criterion is given or two contradict each other, saying why. */
int tm_tier_suggest(const tm_tier_criteria *c, tm_tier_suggestion *out, tm_error *err);
/* True when any criterion is set. */
bool tm_tier_criteria_any(const tm_tier_criteria *c);

#endif
