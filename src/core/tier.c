/* tier.c - tier suggestion from the seed's criteria; see tier.h. */
#include "core/tier.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

const char *const tm_criteria_names[] = {
#define X(name, help) #name,
	TM_CRITERIA(X)
#undef X
	NULL
};

const char *const tm_criteria_help[] = {
#define X(name, help) help,
	TM_CRITERIA(X)
#undef X
	NULL
};

bool *tm_tier_criterion(tm_tier_criteria *c, int i)
{
	bool *flags[] = {
#define X(name, help) &c->name,
		TM_CRITERIA(X)
#undef X
	};
	return i >= 0 && i < TM_CRITERIA_COUNT ? flags[i] : NULL;
}

bool tm_tier_criteria_any(const tm_tier_criteria *c)
{
	return c->major || c->new_market || c->revenue_impact || c->significant || c->existing_market || c->enhancement ||
	       c->bugfix;
}

int tm_tier_suggest(const tm_tier_criteria *c, tm_tier_suggestion *out, tm_error *err)
{
	/* The size of the change: at most one. */
	const char *sizes[4];
	int n = 0;
	if (c->major)
		sizes[n++] = "--major";
	if (c->significant)
		sizes[n++] = "--significant";
	if (c->enhancement)
		sizes[n++] = "--enhancement";
	if (c->bugfix)
		sizes[n++] = "--bugfix";
	memset(out, 0, sizeof(*out));
	if (!tm_tier_criteria_any(c))
		return tm_fail(err, TM_EINVAL, "no criteria: describe the launch with --major, --new-market, --revenue-impact, "
					       "--significant, --existing-market, --enhancement or --bugfix");
	if (n > 1)
		return tm_fail(err, TM_EINVAL, "contradictory criteria: %s and %s describe different sizes of change; give one",
			       sizes[0], sizes[1]);
	if (c->new_market && c->existing_market)
		return tm_fail(err, TM_EINVAL, "contradictory criteria: a launch is for a new market or for the existing one, not both");
	if (c->bugfix && (c->new_market || c->revenue_impact))
		return tm_fail(err, TM_EINVAL, "contradictory criteria: a bug fix or minor improvement does not %s; if it does, it is not a minor change (drop --bugfix)",
			       c->new_market ? "open a new market" : "have revenue impact");
	if (c->enhancement && c->new_market)
		return tm_fail(err, TM_EINVAL, "contradictory criteria: an iteration on an existing feature does not open a new market");
	if (c->major || c->new_market || c->revenue_impact) {
		out->tier = 1;
		snprintf(out->rationale, sizeof(out->rationale), "Tier 1 (full campaign, PM leads): %s%s%s%s%s",
			 c->major ? "a major feature" : "", c->major && (c->new_market || c->revenue_impact) ? ", " : "",
			 c->new_market ? "a new market" : "", c->new_market && c->revenue_impact ? ", " : "",
			 c->revenue_impact ? "revenue impact" : "");
	} else if (c->significant) {
		out->tier = 2;
		snprintf(out->rationale, sizeof(out->rationale),
			 "Tier 2 (blog + email + enablement, PM coordinates): a significant feature for the existing market");
	} else if (c->enhancement) {
		out->tier = 3;
		snprintf(out->rationale, sizeof(out->rationale),
			 "Tier 3 (changelog + in-app, PM informs): an enhancement or iteration");
	} else if (c->bugfix) {
		out->tier = 4;
		snprintf(out->rationale, sizeof(out->rationale), "Tier 4 (release notes only): a bug fix or minor improvement");
	} else {
		return tm_fail(err, TM_EINVAL, "--existing-market alone does not size the launch: add --significant, --enhancement or --bugfix");
	}
	return 0;
}
