/*
 * metric.c - success metrics and the one rule that judges them; see metric.h.
 *
 * Every comparison against a target (reached? at least as good as the path?)
 * allows a relative tolerance of 1e-9 × max(1, |target|), so a value typed as
 * "44.1" meets a path computed as 44.09999999999.
 */
#include "core/metric.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

#include "util/banned.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
/* What an out-of-range value is told (TM_METRIC_VALUE_MAX written out). */
#define TOO_BIG "a metric's values are at most 1000000000000000 (10^15) either side"
_Static_assert((long long)TM_METRIC_VALUE_MAX == 1000000000000000LL, "TOO_BIG says 10^15");

static const char *const kinds[] = {
#define X(id, text) text,
	TM_METRIC_KINDS(X)
#undef X
};

const char *tm_metric_kind_name(int k)
{
	return k >= 0 && k < COUNT(kinds) ? kinds[k] : "";
}

int tm_metric_kind_parse(const char *s)
{
	for (int i = 0; s && i < COUNT(kinds); i++)
		if (!strcasecmp(s, kinds[i]))
			return i;
	return -1;
}

/* ---- units ---- */

static bool is_currency_code(const char *s, bool any_case)
{
	for (int i = 0; i < 3; i++)
		if (!(any_case ? isalpha((unsigned char)s[i]) : (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return s[3] == '\0';
}

int tm_unit_parse(const char *s, tm_unit *out, tm_error *err)
{
	static const struct { const char *name; int unit; } names[] = {
		{ "%", TM_UNIT_PERCENT },   { "percent", TM_UNIT_PERCENT }, { "points", TM_UNIT_POINTS },
		{ "pt", TM_UNIT_POINTS },   { "count", TM_UNIT_COUNT },     { "days", TM_UNIT_DAYS },
	};
	tm_unit u = { 0, "" };
	if (!s || !*s)
		return tm_fail_field(err, TM_EINVAL, "unit", "missing unit: %%, points, count, days or a currency code (EUR)");
	for (int i = 0; i < COUNT(names); i++)
		if (!strcasecmp(s, names[i].name)) {
			u.unit = names[i].unit;
			*out = u;
			return 0;
		}
	const char *code = NULL;
	bool any_case = false;
	if (!strncasecmp(s, "currency:", 9)) {
		code = s + 9;
		any_case = true;
	} else if (strlen(s) == 3) {
		code = s;
	}
	if (code && strlen(code) == 3 && is_currency_code(code, any_case)) {
		u.unit = TM_UNIT_CURRENCY;
		for (int i = 0; i < 3; i++)
			u.currency[i] = (char)toupper((unsigned char)code[i]);
		u.currency[3] = '\0';
		*out = u;
		return 0;
	}
	if (!strcasecmp(s, "currency") || !strncasecmp(s, "currency:", 9))
		return tm_fail_field(err, TM_EINVAL, "unit",
				     "unit '%.40s' needs its currency's three-letter ISO code: EUR or currency:EUR", s);
	return tm_fail_field(err, TM_EINVAL, "unit",
			     "unknown unit '%.40s': %%, points, count, days or a currency's ISO code (EUR)", s);
}

const char *tm_unit_name(const tm_unit *u)
{
	switch (u->unit) {
	case TM_UNIT_PERCENT: return "%";
	case TM_UNIT_POINTS: return "points";
	case TM_UNIT_COUNT: return "count";
	case TM_UNIT_DAYS: return "days";
	case TM_UNIT_CURRENCY: return u->currency;
	default: return "";
	}
}

/* ---- values ---- */

/* Is s[0..n) a decimal number: sign, digits with an optional fraction (a digit at least), optional exponent? */
static bool is_decimal(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && isdigit((unsigned char)s[i]))
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = 0;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, e++;
		if (!e)
			return false;
	}
	return i == n;
}

/* s[0..n) as a number (no NUL needed), within ±TM_METRIC_VALUE_MAX; fails without a message. */
static bool number(const char *s, size_t n, double *out)
{
	char tmp[64];
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n >= sizeof(tmp) || !is_decimal(s, n))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end = NULL;
	errno = 0;
	double v = strtod(tmp, &end);
	if (*end || !isfinite(v) || fabs(v) > TM_METRIC_VALUE_MAX)
		return false;
	*out = v == 0 ? 0.0 : v; /* no -0 */
	return true;
}

int tm_metric_value_parse(const char *s, double *out, tm_error *err)
{
	double v;
	if (!s || !*s)
		return tm_fail_field(err, TM_EINVAL, "value", "missing value: a number such as 41.5, -3 or 1200");
	if (!number(s, strlen(s), &v)) {
		char *end = NULL;
		errno = 0;
		double loose = strtod(s, &end);
		bool numeric = end != s && !*end && is_decimal(s, strlen(s));
		if (numeric && (isinf(loose) || fabs(loose) > TM_METRIC_VALUE_MAX))
			return tm_fail_field(err, TM_EINVAL, "value", "value '%.40s' is out of range: %s", s, TOO_BIG);
		return tm_fail_field(err, TM_EINVAL, "value",
				     "value '%.40s' is not a number: write a decimal such as 41.5, -3 or 1200", s);
	}
	*out = v;
	return 0;
}

void tm_metric_value_format(double v, char *out, size_t n)
{
	char e[40], digits[16], res[64];
	if (!n)
		return;
	if (!isfinite(v)) {
		snprintf(out, n, "%g", v);
		return;
	}
	if (v == 0) {
		snprintf(out, n, "0");
		return;
	}
	/* Ten significant digits, rounded: "d.ddddddddde±x". */
	snprintf(e, sizeof(e), "%.9e", fabs(v));
	char *x = strchr(e, 'e');
	int exp = x ? (int)strtol(x + 1, NULL, 10) : 0;
	if (!x || exp < -7 || exp > 20) {
		snprintf(out, n, "%.10g", v);
		return;
	}
	int nd = 0;
	for (const char *p = e; p < x; p++)
		if (isdigit((unsigned char)*p))
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	size_t o = 0;
	if (v < 0)
		res[o++] = '-';
	if (exp >= 0) {
		for (int i = 0; i <= exp; i++)
			res[o++] = (char)(i < nd ? digits[i] : '0');
		if (nd > exp + 1) {
			res[o++] = '.';
			for (int i = exp + 1; i < nd; i++)
				res[o++] = digits[i];
		}
	} else {
		res[o++] = '0';
		res[o++] = '.';
		for (int i = 0; i < -exp - 1; i++)
			res[o++] = '0';
		for (int i = 0; i < nd; i++)
			res[o++] = digits[i];
	}
	res[o] = '\0';
	snprintf(out, n, "%s", res);
}

void tm_metric_value_with_unit(double v, const tm_unit *u, char *out, size_t n)
{
	char s[64];
	tm_metric_value_format(v, s, sizeof(s));
	bool one = !strcmp(s, "1") || !strcmp(s, "-1");
	switch (u->unit) {
	case TM_UNIT_PERCENT: snprintf(out, n, "%s%%", s); break;
	case TM_UNIT_POINTS: snprintf(out, n, "%s %s", s, one ? "point" : "points"); break;
	case TM_UNIT_DAYS: snprintf(out, n, "%s %s", s, one ? "day" : "days"); break;
	case TM_UNIT_CURRENCY: snprintf(out, n, "%s %s", s, u->currency); break;
	default: snprintf(out, n, "%s", s); break;
	}
}

/* ---- targets ---- */

int tm_target_parse(const char *s, tm_target *out, tm_error *err)
{
	static const char forms[] = "a value (48, 48%), a change in percent of the baseline (+20%, -15%) or in points "
				    "(+5pt, -3pt)";
	tm_target t = { TM_TARGET_VALUE, 0, false };
	if (!s)
		s = "";
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return tm_fail_field(err, TM_EINVAL, "target", "missing target: %s", forms);
	bool sign = s[0] == '+' || s[0] == '-';
	size_t num = n;
	if (n >= 2 && !strncasecmp(s + n - 2, "pt", 2) && !(n >= 3 && isalpha((unsigned char)s[n - 3]))) {
		if (!sign)
			return tm_fail_field(err, TM_EINVAL, "target",
					     "target '%.*s': a change in points needs its sign (+5pt or -3pt)", (int)(n > 40 ? 40 : n),
					     s);
		t.kind = TM_TARGET_POINTS;
		num = n - 2;
	} else if (s[n - 1] == '%') {
		if (sign)
			t.kind = TM_TARGET_PERCENT;
		else
			t.percent_sign = true;
		num = n - 1;
	}
	if (!number(s, num, &t.v))
		return tm_fail_field(err, TM_EINVAL, "target", "invalid target '%.*s': %s", (int)(n > 40 ? 40 : n), s, forms);
	*out = t;
	return 0;
}

void tm_target_format(const tm_target *t, char *out, size_t n)
{
	char v[64];
	tm_metric_value_format(t->kind == TM_TARGET_VALUE ? t->v : fabs(t->v), v, sizeof(v));
	switch (t->kind) {
	case TM_TARGET_PERCENT: snprintf(out, n, "%s%s%%", t->v < 0 ? "-" : "+", v); break;
	case TM_TARGET_POINTS: snprintf(out, n, "%s%spt", t->v < 0 ? "-" : "+", v); break;
	default: snprintf(out, n, "%s%s", v, t->percent_sign ? "%" : ""); break;
	}
}

double tm_metric_target_value(const tm_metric *m)
{
	switch (m->target.kind) {
	case TM_TARGET_PERCENT: return m->baseline * (1 + m->target.v / 100);
	case TM_TARGET_POINTS: return m->baseline + m->target.v;
	default: return m->target.v;
	}
}

/* The slack every comparison against the target allows. */
static double tolerance(double target)
{
	double a = fabs(target);
	return 1e-9 * (a > 1 ? a : 1);
}

/* Is a at least as good as b in m's good direction (within the tolerance of the target)? */
static bool at_least(const tm_metric *m, double a, double b, double target)
{
	return m->down ? a <= b + tolerance(target) : a >= b - tolerance(target);
}

bool tm_metric_reaches(const tm_metric *m, double value)
{
	double target = tm_metric_target_value(m);
	return at_least(m, value, target, target);
}

static bool in_range(double v)
{
	return isfinite(v) && fabs(v) <= TM_METRIC_VALUE_MAX;
}

int tm_metric_check(const tm_metric *m, tm_error *err)
{
	char t[64], b[64], v[64];
	if (tm_check_text("metric name", m->name, TM_METRIC_NAME_MAX, err)) {
		if (err)
			snprintf(err->field, sizeof(err->field), "name");
		return TM_EINVAL;
	}
	if (m->kind < 0 || m->kind >= TM_METRIC_KIND_COUNT)
		return tm_fail_field(err, TM_EINVAL, "kind", "unknown metric kind: activation, time-to-value, adoption, "
				     "retention, churn, expansion, conversion, revenue, nps, pipeline, support-tickets or custom");
	if (m->unit.unit < TM_UNIT_PERCENT || m->unit.unit > TM_UNIT_CURRENCY ||
	    (m->unit.unit == TM_UNIT_CURRENCY && !is_currency_code(m->unit.currency, false)))
		return tm_fail_field(err, TM_EINVAL, "unit", "unknown unit: %%, points, count, days or a currency's ISO code (EUR)");
	if (m->window < 1 || m->window > TM_METRIC_WINDOW_MAX)
		return tm_fail_field(err, TM_EINVAL, "window", "the window must be 1 to %d days after launch day, not %d",
				     TM_METRIC_WINDOW_MAX, m->window);
	if (!in_range(m->baseline))
		return tm_fail_field(err, TM_EINVAL, "baseline", "the baseline is out of range: %s", TOO_BIG);
	if (strlen(m->source) > TM_METRIC_SOURCE_MAX || !tm_utf8_valid(m->source, strlen(m->source), NULL))
		return tm_fail_field(err, TM_EINVAL, "source", "the source must be valid UTF-8 of at most %d bytes",
				     TM_METRIC_SOURCE_MAX);
	tm_target_format(&m->target, t, sizeof(t));
	const tm_target *tg = &m->target;
	if (tg->kind < TM_TARGET_VALUE || tg->kind > TM_TARGET_POINTS || !in_range(tg->v))
		return tm_fail_field(err, TM_EINVAL, "target", "the target is out of range: %s", TOO_BIG);
	if (tg->kind == TM_TARGET_VALUE && tg->percent_sign && m->unit.unit != TM_UNIT_PERCENT)
		return tm_fail_field(err, TM_EINVAL, "target", "target '%s' is a percentage and the metric is in %s: write it %s",
				     t, tm_unit_name(&m->unit), (tm_metric_value_format(tg->v, v, sizeof(v)), v));
	if (tg->kind == TM_TARGET_PERCENT && m->unit.unit == TM_UNIT_COUNT)
		return tm_fail_field(err, TM_EINVAL, "target",
				     "target '%s' is a percentage target on a count metric: a count's target is a count", t);
	if (tg->kind == TM_TARGET_POINTS && m->unit.unit != TM_UNIT_PERCENT && m->unit.unit != TM_UNIT_POINTS)
		return tm_fail_field(err, TM_EINVAL, "target",
				     "target '%s' is a change in points, which only a metric in %% or points has (this one is "
				     "in %s)", t, tm_unit_name(&m->unit));
	double target = tm_metric_target_value(m);
	if (!in_range(target))
		return tm_fail_field(err, TM_EINVAL, "target", "target '%s' is out of range: %s", t, TOO_BIG);
	if (m->down ? !(target < m->baseline) : !(target > m->baseline)) {
		tm_metric_value_with_unit(target, &m->unit, v, sizeof(v));
		tm_metric_value_with_unit(m->baseline, &m->unit, b, sizeof(b));
		return tm_fail_field(err, TM_EINVAL, "target",
				     "target '%s' (%s) must be %s the baseline %s: %s is good for this metric", t, v,
				     m->down ? "below" : "above", b, m->down ? "down" : "up");
	}
	return 0;
}

double tm_metric_expected(const tm_metric *m, tm_date T, tm_date d)
{
	double target = tm_metric_target_value(m);
	if (d <= T)
		return m->baseline;
	if (m->window <= 0 || d >= T + m->window)
		return target;
	return m->baseline + (target - m->baseline) * (double)(d - T) / m->window;
}

void tm_metric_summarize(const tm_metric *m, tm_date T, const tm_observation *obs, size_t n, tm_metric_summary *out)
{
	memset(out, 0, sizeof(*out));
	int64_t latest_id = 0;
	for (size_t i = 0; i < n; i++) {
		const tm_observation *o = &obs[i];
		out->n++;
		if (!out->has_latest || o->on > out->latest_on || (o->on == out->latest_on && o->id > latest_id)) {
			out->has_latest = true;
			out->latest_on = o->on;
			out->latest = o->value;
			latest_id = o->id;
		}
		if (o->on >= T && o->on <= T + m->window && tm_metric_reaches(m, o->value) && (!out->met || o->on < out->met_on)) {
			out->met = true;
			out->met_on = o->on;
		}
	}
}

static const char *const states[] = {
#define X(id, text) text,
	TM_METRIC_STATES(X)
#undef X
};

const char *tm_metric_state_name(int s)
{
	return s >= 0 && s < COUNT(states) ? states[s] : "";
}

int tm_metric_state_parse(const char *s)
{
	for (int i = 0; s && i < COUNT(states); i++)
		if (!strcasecmp(s, states[i]))
			return i;
	return -1;
}

void tm_metric_judge(const tm_metric *m, tm_date T, tm_date today, tm_metric_judgement *out)
{
	const tm_metric_summary *s = &m->sum;
	memset(out, 0, sizeof(*out));
	out->target = tm_metric_target_value(m);
	out->window_end = T + m->window;
	out->days_left = out->window_end - today;
	if (s->has_latest) {
		out->has_observed = true;
		out->observed = s->latest;
		out->observed_on = s->latest_on;
		out->has_expected = true;
		out->expected = tm_metric_expected(m, T, s->latest_on);
	}
	if (s->met)
		out->state = TM_MS_MET;
	else if (today > out->window_end)
		out->state = TM_MS_MISSED;
	else if (!s->has_latest)
		out->state = TM_MS_NO_DATA;
	else
		out->state = at_least(m, out->observed, out->expected, out->target) ? TM_MS_ON_TRACK : TM_MS_BEHIND;
	/* "Track progress weekly": nothing dated within the 14 days up to today (today - 13 .. today). */
	out->stale = !s->met && today >= T + 14 && today <= out->window_end && (!s->has_latest || s->latest_on < today - 13);
}

/* ---- post-launch reviews ---- */

static const struct {
	const char *name, *label, *offset;
} stages[] = {
#define X(id, name, label, offset) { name, label, offset },
	TM_REVIEW_STAGES(X)
#undef X
};

const char *tm_stage_name(int s)
{
	return s >= 0 && s < COUNT(stages) ? stages[s].name : "";
}

const char *tm_stage_label(int s)
{
	return s >= 0 && s < COUNT(stages) ? stages[s].label : "";
}

const char *tm_stage_offset(int s)
{
	return s >= 0 && s < COUNT(stages) ? stages[s].offset : "";
}

/* Lower-case letters and digits only: "Week 2", "week-2" and "week2" all read "week2". */
static void squash(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (; *s && o + 1 < n; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
		else if (*s != ' ' && *s != '-' && *s != '_')
			out[o++] = '?'; /* anything else keeps it from matching */
	out[o] = '\0';
}

int tm_stage_parse(const char *s)
{
	char want[32], have[32];
	if (!s || strlen(s) > 20)
		return -1;
	squash(s, want, sizeof(want));
	for (int i = 0; i < COUNT(stages); i++) {
		squash(stages[i].name, have, sizeof(have));
		if (want[0] && !strcmp(want, have))
			return i;
	}
	return -1;
}

tm_date tm_stage_date(int s, tm_date T)
{
	switch (s) {
	case TM_STAGE_WEEK_1: return T + 7;
	case TM_STAGE_WEEK_2: return T + 14;
	case TM_STAGE_MONTH_1: return tm_date_add_months(T, 1);
	case TM_STAGE_MONTH_2: return tm_date_add_months(T, 2);
	case TM_STAGE_QUARTER: return tm_date_add_months(T, 3);
	default: return T;
	}
}

/* Seed 000's post-launch GTM activities, as the questions each review asks. */
static const char *const q_day_1[] = {
	"What are the support tickets about since launch, and how many are there? Which need a fix or a help-center article?",
	"What are people saying on social media and in the community? Anything to answer today?",
	"Did anything break in the launch itself (emails, in-app announcement, website, pricing page)?",
	NULL,
};
static const char *const q_week_1[] = {
	"What early feedback came in from customers, beta users and the field, and what does it say?",
	"What does initial adoption look like against the baseline: who is trying it, and where do they drop off?",
	"Which metric has no observation yet, and who records it?",
	NULL,
};
static const char *const q_week_2[] = {
	"What are prospects asking sales about the launch?",
	"Which objections come up most, and do the objection-handling answers work?",
	"Does the battlecard and the positioning hold up against the competition in real deals?",
	"Which deals has the launch influenced (opened, advanced, won or lost)?",
	"Which initial metrics are shared with the team, and what do they show?",
	NULL,
};
static const char *const q_month_1[] = {
	"Which customers are case-study candidates, and who asks them?",
	"What do the full metrics show against their target path: which are on track, which are behind, and why?",
	"What should change in messaging, enablement or the product to close a gap?",
	NULL,
};
static const char *const q_month_2[] = {
	"In the full metrics review, where does each metric stand against its target, and what decided it?",
	"What went well?",
	"What did not go well?",
	"What should change in the playbook for the next launch?",
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one question, two lines */
	"Which anti-patterns showed (ship and forget, marketing surprise, over-promising, under-communicating, "
	"one-size-fits-all, PM as marketer, sales blindside, no feedback loop)?",
	NULL,
};
static const char *const q_quarter[] = {
	"What did the launch achieve against each target, and what did it teach?",
	"What do we iterate on based on these learnings: product, positioning, pricing, enablement?",
	"Which metrics keep being tracked, and which are retired?",
	NULL,
};

const char *const *tm_stage_questions(int s)
{
	static const char *const none[] = { NULL };
	static const char *const *const all[] = { q_day_1, q_week_1, q_week_2, q_month_1, q_month_2, q_quarter };
	_Static_assert(sizeof(all) / sizeof(all[0]) == TM_STAGE_COUNT, "one list of questions per stage");
	return s >= 0 && s < COUNT(all) ? all[s] : none;
}

/* How many decimals v is written with ("41.5": 1, "1200": 0, "1e+12": 0). */
static int decimals(double v)
{
	char s[64];
	tm_metric_value_format(v, s, sizeof(s));
	if (strchr(s, 'e'))
		return 0;
	const char *dot = strchr(s, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

/* v rounded to d decimals, as printf rounds it. */
static double round_to(double v, int d)
{
	char s[400];
	snprintf(s, sizeof(s), "%.*f", d, v);
	double r = strtod(s, NULL);
	return r == 0 ? 0 : r; /* no "-0" */
}

void tm_metric_expected_text(const tm_metric *m, const tm_metric_judgement *j, int min_decimals, char *out, size_t n)
{
	if (!j->has_expected) {
		snprintf(out, n, "-");
		return;
	}
	int d = decimals(m->baseline), k = decimals(j->target);
	d = k > d ? k : d;
	if (j->has_observed && (k = decimals(j->observed)) > d)
		d = k;
	if (d < min_decimals)
		d = min_decimals;
	double e = round_to(j->expected, d);
	while (d < 9 && j->has_observed && j->observed != j->expected && round_to(j->observed, d) == e)
		e = round_to(j->expected, ++d);
	tm_metric_value_with_unit(e, &m->unit, out, n);
}
