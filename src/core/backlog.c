/*
 * backlog.c - the backlog's names, RICE (reach × impact × confidence ÷
 * effort, Intercom's scale: impact 3 / 2 / 1 / 0.5 / 0.25, confidence 100 /
 * 80 / 50 %), the arithmetic as people check it, the ranking, and which
 * status may follow which. Pure: no I/O.
 */
#include "core/backlog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

const char *const tm_idea_kind_names[] = { "idea", "persona", "question", NULL };
const char *const tm_idea_track_names[] = { "product", "market", NULL };
const char *const tm_idea_status_names[] = { "new",      "validating", "experimenting", "planned",
					     "launched", "sunset",     "dropped",       NULL };
const char *const tm_impact_names[] = { "massive", "high", "medium", "low", "minimal", NULL };
const char *const tm_rice_confidence_names[] = { "high", "medium", "low", NULL };

_Static_assert(sizeof(tm_idea_kind_names) / sizeof(tm_idea_kind_names[0]) == TM_IDEA_KIND_COUNT + 1, "kinds");
_Static_assert(sizeof(tm_idea_track_names) / sizeof(tm_idea_track_names[0]) == TM_TRACK_COUNT + 1, "tracks");
_Static_assert(sizeof(tm_idea_status_names) / sizeof(tm_idea_status_names[0]) == TM_IDEA_STATUS_COUNT + 1, "statuses");
_Static_assert(sizeof(tm_impact_names) / sizeof(tm_impact_names[0]) == TM_IMPACT_COUNT + 1, "impacts");
_Static_assert(sizeof(tm_rice_confidence_names) / sizeof(tm_rice_confidence_names[0]) == TM_RICE_CONF_COUNT + 1,
	       "confidences");

double tm_impact_factor(int impact)
{
	static const double f[TM_IMPACT_COUNT] = { 3, 2, 1, 0.5, 0.25 };
	return impact >= 0 && impact < TM_IMPACT_COUNT ? f[impact] : 0;
}

double tm_rice_confidence_factor(int confidence)
{
	static const double f[TM_RICE_CONF_COUNT] = { 1.0, 0.8, 0.5 };
	return confidence >= 0 && confidence < TM_RICE_CONF_COUNT ? f[confidence] : 0;
}

tm_rice tm_rice_score(const tm_idea *i)
{
	tm_rice r = { false, 0, 0 };
	if (!i->has_reach || !(i->reach >= 0))
		r.lacks |= TM_RICE_LACKS_REACH;
	if (i->impact < 0 || i->impact >= TM_IMPACT_COUNT)
		r.lacks |= TM_RICE_LACKS_IMPACT;
	if (i->confidence < 0 || i->confidence >= TM_RICE_CONF_COUNT)
		r.lacks |= TM_RICE_LACKS_CONFIDENCE;
	if (!i->has_effort || !(i->effort > 0))
		r.lacks |= TM_RICE_LACKS_EFFORT;
	if (r.lacks)
		return r;
	r.scored = true;
	r.score = i->reach * tm_impact_factor(i->impact) * tm_rice_confidence_factor(i->confidence) / i->effort;
	return r;
}

void tm_rice_lacks_text(unsigned lacks, tm_buf *out)
{
	static const char *const names[] = { "reach", "impact", "confidence", "effort" };
	int n = 0, k = 0;
	for (int b = 0; b < 4; b++)
		n += (lacks >> b) & 1u;
	for (int b = 0; b < 4; b++) {
		if (!((lacks >> b) & 1u))
			continue;
		k++;
		tm_buf_printf(out, "%s%s", k == 1 ? "" : k == n ? " and " : ", ", names[b]);
	}
}

/* v as people write it: "2000", "0.5", "533.33" (at most two decimals, no trailing zeros). */
static void number(double v, tm_buf *out)
{
	char s[64];
	if (fabs(v - nearbyint(v)) < 1e-9 && fabs(v) < 1e15) {
		snprintf(s, sizeof(s), "%.0f", nearbyint(v) == 0 ? 0.0 : nearbyint(v));
	} else {
		snprintf(s, sizeof(s), "%.2f", v);
		size_t n = strlen(s);
		while (n > 0 && s[n - 1] == '0')
			s[--n] = '\0';
		if (n > 0 && s[n - 1] == '.')
			s[--n] = '\0';
	}
	tm_buf_adds(out, s);
}

void tm_rice_arithmetic(const tm_idea *i, tm_buf *out)
{
	tm_rice r = tm_rice_score(i);
	if (r.lacks & TM_RICE_LACKS_REACH)
		tm_buf_adds(out, "?");
	else
		number(i->reach, out);
	tm_buf_adds(out, " × ");
	if (r.lacks & TM_RICE_LACKS_IMPACT)
		tm_buf_adds(out, "?");
	else
		number(tm_impact_factor(i->impact), out);
	tm_buf_adds(out, " × ");
	if (r.lacks & TM_RICE_LACKS_CONFIDENCE)
		tm_buf_adds(out, "?");
	else
		tm_buf_printf(out, "%.0f%%", tm_rice_confidence_factor(i->confidence) * 100);
	tm_buf_adds(out, " ÷ ");
	if (r.lacks & TM_RICE_LACKS_EFFORT)
		tm_buf_adds(out, "?");
	else
		number(i->effort, out);
	if (r.scored) {
		tm_buf_adds(out, " = ");
		number(r.score, out);
	}
}

/* One item's place in the ranking. */
struct ranked {
	double score;
	int64_t id;
	size_t at;
	bool scored;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->scored != y->scored)
		return x->scored ? -1 : 1;
	if (x->scored && x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

void tm_rice_rank(const tm_idea *items, size_t n, size_t *order, size_t *scored)
{
	size_t k = 0;
	*scored = 0;
	if (!n)
		return;
	struct ranked *r = tm_xmalloc(n * sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		tm_rice s = tm_rice_score(&items[i]);
		/* Compared at a millionth: 800 × 2 × 80% ÷ 1.6 ties with 2000 × 2 × 80% ÷ 4 whatever the last bit. */
		r[i] = (struct ranked){ s.scored ? nearbyint(s.score * 1e6) : 0, items[i].id, i, s.scored };
		k += s.scored;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++)
		order[i] = r[i].at;
	*scored = k;
	free(r);
}

int tm_idea_status_check(int from, int to, tm_error *err)
{
	if (to < 0 || to >= TM_IDEA_STATUS_COUNT)
		return tm_fail_field(err, TM_EINVAL, "status", "unknown status");
	if (from < 0 || from >= TM_IDEA_STATUS_COUNT || from == to)
		return 0;
	const char *f = tm_idea_status_names[from], *t = tm_idea_status_names[to];
	switch (from) {
	case TM_IDEA_LAUNCHED:
		if (to != TM_IDEA_SUNSET)
			return tm_fail_field(err, TM_EINVAL, "status",
					     "an item that is %s cannot become %s: it can only be sunset (with why)", f, t);
		break;
	case TM_IDEA_SUNSET:
		return tm_fail_field(err, TM_EINVAL, "status", "an item that is %s cannot become %s: its life is over", f, t);
	case TM_IDEA_DROPPED:
		if (to != TM_IDEA_VALIDATING && to != TM_IDEA_EXPERIMENTING)
			return tm_fail_field(err, TM_EINVAL, "status",
					     "an item that is %s cannot become %s: reconsider it as validating or experimenting",
					     f, t);
		break;
	default:
		break;
	}
	return 0;
}
