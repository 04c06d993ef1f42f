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
		n += (int)((lacks >> b) & 1u);
	for (int b = 0; b < 4; b++) {
		if (!((lacks >> b) & 1u))
			continue;
		k++;
		tm_buf_printf(out, "%s%s", k == 1 ? "" : k == n ? " and " : ", ", names[b]);
	}
}

/* The decimal digits of n (< 10^18) into out, which holds 20; their count. */
static int digits(unsigned long long n, char *out)
{
	char rev[20];
	int k = 0, len = 0;
	do {
		rev[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k)
		out[len++] = rev[--k];
	return len;
}

/* v as people write it: "2000", "0.5", "533.33" (rounded to two decimals, no trailing zeros). Written
 * without printf: backlog rank writes three of them per item, for 100,000 items. */
static void number(double v, tm_buf *out)
{
	char s[48];
	int n = 0;
	if (!isfinite(v) || fabs(v) >= 1e15) {
		n = snprintf(s, sizeof(s), "%.0f", v);
		tm_buf_add(out, s, (size_t)n);
		return;
	}
	double cents = nearbyint(v * 100);
	if (cents == 0) {
		tm_buf_addc(out, '0');
		return;
	}
	if (cents < 0) {
		s[n++] = '-';
		cents = -cents;
	}
	unsigned long long c = (unsigned long long)cents;
	n += digits(c / 100, s + n);
	unsigned frac = (unsigned)(c % 100);
	if (frac) {
		s[n++] = '.';
		s[n++] = (char)('0' + frac / 10);
		if (frac % 10)
			s[n++] = (char)('0' + frac % 10);
	}
	tm_buf_add(out, s, (size_t)n);
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
		tm_buf_adds(out, i->confidence == TM_RICE_CONF_HIGH ? "100%" : i->confidence == TM_RICE_CONF_MEDIUM ? "80%" : "50%");
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

tm_rice_key tm_rice_key_of(const tm_idea *i)
{
	tm_rice r = tm_rice_score(i);
	return (tm_rice_key){ r.scored ? r.score : 0, i->id, r.scored };
}

void tm_rice_rank_keys(const tm_rice_key *keys, size_t n, size_t *order, size_t *scored)
{
	size_t k = 0;
	*scored = 0;
	if (!n)
		return;
	struct ranked *r = tm_xmalloc(n * sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		/* Compared at a millionth: 800 × 2 × 80% ÷ 1.6 ties with 2000 × 2 × 80% ÷ 4 whatever the last bit. */
		r[i] = (struct ranked){ keys[i].scored ? nearbyint(keys[i].score * 1e6) : 0, keys[i].id, i, keys[i].scored };
		k += keys[i].scored;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++)
		order[i] = r[i].at;
	*scored = k;
	free(r);
}

void tm_rice_rank(const tm_idea *items, size_t n, size_t *order, size_t *scored)
{
	tm_rice_key *keys = tm_xmalloc((n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = tm_rice_key_of(&items[i]);
	tm_rice_rank_keys(keys, n, order, scored);
	free(keys);
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
