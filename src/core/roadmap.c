/*
 * roadmap.c - the roadmap's tree rules (which parent an item may have) and
 * the colour its launches give it. Pure.
 */
#include "core/roadmap.h"

#include <string.h>

#include "util/banned.h"

const char *const tm_roadmap_level_names[] = { "strategic", "initiative", "release", NULL };
const char *const tm_roadmap_status_names[] = { "green", "yellow", "red", NULL };

static const tm_roadmap_item *find(const tm_roadmap_item *items, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].id == id)
			return &items[i];
	return NULL;
}

/* "a release", "an initiative", "a strategic". */
static const char *article(int level)
{
	static const char *const names[] = { "a strategic", "an initiative", "a release" };
	return level >= 0 && level < TM_LEVEL_COUNT ? names[level] : "an unknown";
}

int tm_roadmap_parent_check(const tm_roadmap_item *items, size_t n, int64_t item_id, int level, int64_t parent_id,
			    tm_error *err)
{
	if (!parent_id)
		return 0;
	if (level == TM_LEVEL_STRATEGIC)
		return tm_fail_field(err, TM_EINVAL, "parent", "a strategic item has no {} (item %lld is given)",
				     (long long)parent_id);
	if (item_id && parent_id == item_id)
		return tm_fail_field(err, TM_EINVAL, "parent", "item %lld cannot be its own {}", (long long)item_id);
	const tm_roadmap_item *p = find(items, n, parent_id);
	if (!p)
		return tm_fail_field(err, TM_EINVAL, "parent", "no roadmap item %lld to be the {}", (long long)parent_id);
	if (p->level != level - 1)
		return tm_fail_field(err, TM_EINVAL, "parent", "invalid {}: the parent of %s item is %s item, and item %lld '%.60s' is %s item",
				     article(level), article(level - 1), (long long)p->id, p->title, article(p->level));
	/* Under itself: walking up from the parent meets the item (a stored tree has no cycle, but a
	 * bound keeps a broken one from looping). */
	size_t steps = 0;
	for (const tm_roadmap_item *up = p; up && item_id && steps <= n; steps++) {
		if (up->id == item_id)
			return tm_fail_field(err, TM_EINVAL, "parent", "invalid {}: item %lld cannot go under item %lld, it would be its own ancestor",
					     (long long)item_id, (long long)parent_id);
		up = up->parent_id ? find(items, n, up->parent_id) : NULL;
	}
	return 0;
}

/* The last day of quarter q ("2027Q1"), or 0 when q is none. */
static tm_date quarter_end(const char *q)
{
	int year, k;
	tm_date first, last;
	if (!q[0] || tm_quarter_parse(q, &year, &k, NULL))
		return 0;
	tm_quarter_bounds(year, k, &first, &last);
	return last;
}

int tm_roadmap_colour(const tm_roadmap_item *it, const tm_roadmap_launch_state *ls, size_t n)
{
	tm_date last = quarter_end(it->quarter);
	for (size_t i = 0; i < n; i++) {
		if (ls[i].done)
			continue;
		if (ls[i].infeasible || (ls[i].slipped && last && ls[i].date > last))
			return TM_RM_RED;
	}
	return it->status;
}

bool tm_roadmap_review_due(size_t n_items, bool has_last, tm_date last, tm_date today)
{
	if (!n_items)
		return false;
	return !has_last || today - last > TM_ROADMAP_REVIEW_DAYS;
}
