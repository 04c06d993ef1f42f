/*
 * test_metric.c - success metrics: units, targets and values as people type
 * them, the checks that refuse a metric that cannot be judged, and the one
 * rule that judges a metric (met, missed, no-data, on-track, behind, stale)
 * at its edges; the post-launch review stages of seed 000.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/metric.h"

#include "util/banned.h"

static tm_date D(const char *s)
{
	tm_date d = 0;
	assert_int_equal(tm_date_parse(s, &d, NULL), 0);
	return d;
}

/* A metric "Activation rate" in unit (a tm_unit_parse text), baseline, target (a tm_target_parse text), window. */
static tm_metric mk(const char *unit, bool down, double baseline, const char *target, int window)
{
	tm_metric m;
	tm_error err = TM_ERROR_INIT;
	memset(&m, 0, sizeof(m));
	m.id = 1;
	m.launch_id = 1;
	snprintf(m.name, sizeof(m.name), "Activation rate");
	m.kind = TM_MK_ACTIVATION;
	assert_int_equal(tm_unit_parse(unit, &m.unit, &err), 0);
	m.down = down;
	m.baseline = baseline;
	assert_int_equal(tm_target_parse(target, &m.target, &err), 0);
	m.window = window;
	return m;
}

static tm_observation ob(int64_t id, const char *on, double v)
{
	tm_observation o;
	memset(&o, 0, sizeof(o));
	o.id = id;
	o.metric_id = 1;
	o.on = D(on);
	o.value = v;
	return o;
}

/* Summarizes obs into m (as the app keeps it) and judges it on today. */
static tm_metric_judgement judge(tm_metric *m, tm_date T, const tm_observation *obs, size_t n, const char *today)
{
	tm_metric_judgement j;
	tm_metric_summarize(m, T, obs, n, &m->sum);
	tm_metric_judge(m, T, D(today), &j);
	return j;
}

static void kinds_and_states(void **state)
{
	(void)state;
	for (int k = 0; k < TM_METRIC_KIND_COUNT; k++)
		assert_int_equal(tm_metric_kind_parse(tm_metric_kind_name(k)), k);
	assert_string_equal(tm_metric_kind_name(TM_MK_TIME_TO_VALUE), "time-to-value");
	assert_int_equal(tm_metric_kind_parse("support-tickets"), TM_MK_SUPPORT_TICKETS);
	assert_int_equal(tm_metric_kind_parse("NPS"), TM_MK_NPS);
	assert_int_equal(tm_metric_kind_parse("velocity"), -1);
	assert_string_equal(tm_metric_kind_name(TM_METRIC_KIND_COUNT), "");
	for (int s = 0; s < TM_METRIC_STATE_COUNT; s++)
		assert_int_equal(tm_metric_state_parse(tm_metric_state_name(s)), s);
	assert_string_equal(tm_metric_state_name(TM_MS_ON_TRACK), "on-track");
	assert_string_equal(tm_metric_state_name(TM_MS_NO_DATA), "no-data");
	assert_int_equal(tm_metric_state_parse("late"), -1);
}

static void units(void **state)
{
	(void)state;
	tm_unit u;
	tm_error err = TM_ERROR_INIT;
	static const struct { const char *in; int unit; const char *name; } ok[] = {
		{ "%", TM_UNIT_PERCENT, "%" },          { "percent", TM_UNIT_PERCENT, "%" },
		{ "points", TM_UNIT_POINTS, "points" }, { "pt", TM_UNIT_POINTS, "points" },
		{ "count", TM_UNIT_COUNT, "count" },    { "days", TM_UNIT_DAYS, "days" },
		{ "EUR", TM_UNIT_CURRENCY, "EUR" },     { "currency:USD", TM_UNIT_CURRENCY, "USD" },
		{ "currency:gbp", TM_UNIT_CURRENCY, "GBP" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(&u, 0x55, sizeof(u));
		assert_int_equal(tm_unit_parse(ok[i].in, &u, &err), 0);
		assert_int_equal(u.unit, ok[i].unit);
		assert_string_equal(tm_unit_name(&u), ok[i].name);
		/* What it writes reads back the same. */
		tm_unit back;
		assert_int_equal(tm_unit_parse(tm_unit_name(&u), &back, &err), 0);
		assert_int_equal(back.unit, u.unit);
		assert_string_equal(back.currency, u.currency);
	}
	assert_string_equal(u.currency, "GBP");
	assert_int_equal(tm_unit_parse("count", &u, &err), 0);
	assert_string_equal(u.currency, "");
	/* Currency needs its code; unknown units and lower-case bare codes are refused. */
	static const char *const bad[] = { "currency", "currency:", "currency:EURO", "eur", "EURO", "euros", "", "E1R", "%%" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_error_clear(&err);
		assert_int_equal(tm_unit_parse(bad[i], &u, &err), TM_EINVAL);
		assert_string_equal(err.field, "unit");
	}
	tm_error_clear(&err);
	assert_int_equal(tm_unit_parse("currency", &u, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "ISO code"));
}

static void values_parse(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	double v;
	static const struct { const char *in; double v; } ok[] = {
		{ "41.5", 41.5 }, { "-3", -3 },   { "+2", 2 },  { "1e3", 1000 }, { "1.5E-2", 0.015 },
		{ ".5", 0.5 },    { "7.", 7 },    { " 8 ", 8 }, { "1e15", 1e15 }, { "-1000000000000000", -1e15 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		v = -99;
		assert_int_equal(tm_metric_value_parse(ok[i].in, &v, &err), 0);
		assert_true(v == ok[i].v);
	}
	/* No negative zero stored. */
	assert_int_equal(tm_metric_value_parse("-0", &v, &err), 0);
	assert_false(signbit(v));
	static const char *const bad[] = { "NaN", "nan", "inf", "-Infinity", "1e400", "-1e400", "1e16", "1000000000000001",
					   "",    "12abc", "abc", "0x10", "1,5", "1.2.3", "e5", "+", "-", ".", "1e", "12 3",
					   "١٢" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_error_clear(&err);
		v = 42;
		if (tm_metric_value_parse(bad[i], &v, &err) != TM_EINVAL)
			fail_msg("'%s' was read as %g", bad[i], v);
		assert_string_equal(err.field, "value");
		assert_true(v == 42); /* untouched */
		assert_true(strlen(err.msg) > 10);
	}
	assert_int_equal(tm_metric_value_parse("1e400", &v, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "out of range"));
	assert_int_equal(tm_metric_value_parse("12abc", &v, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "'12abc' is not a number"));
	assert_int_equal(tm_metric_value_parse(NULL, &v, &err), TM_EINVAL);
}

static void values_format(void **state)
{
	(void)state;
	char s[64];
	static const struct { double v; const char *out; } cases[] = {
		{ 45.2, "45.2" },
		{ 1200, "1200" },
		{ -3, "-3" },
		{ 0, "0" },
		{ -0.0, "0" },
		{ 0.1 + 0.2, "0.3" },
		{ 1e12, "1000000000000" },
		{ 1e15, "1000000000000000" },
		{ -1e15, "-1000000000000000" },
		{ 123456789012345, "123456789000000" },
		{ 1.0 / 3, "0.3333333333" },
		{ 200.0 / 3, "66.66666667" },
		{ 0.000123, "0.000123" },
		{ 9999999999.5, "10000000000" },
		{ 44.1, "44.1" },
		{ 1e-12, "1e-12" }, /* not an ordinary number: the exponent stays */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tm_metric_value_format(cases[i].v, s, sizeof(s));
		assert_string_equal(s, cases[i].out);
	}
	/* What it writes parses back to the value it stands for. */
	static const double back[] = { 45.2, -3, 1e15, 0.000123, 1234.5678 };
	for (size_t i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		double v;
		tm_metric_value_format(back[i], s, sizeof(s));
		assert_int_equal(tm_metric_value_parse(s, &v, NULL), 0);
		assert_true(v == back[i]);
	}
	tm_unit u;
	static const struct { const char *unit; double v; const char *out; } with[] = {
		{ "%", 45.2, "45.2%" },   { "points", 12, "12 points" }, { "points", 1, "1 point" },
		{ "count", 1200, "1200" }, { "days", 3.5, "3.5 days" },   { "days", 1, "1 day" },
		{ "EUR", 1200, "1200 EUR" }, { "%", -2, "-2%" },
	};
	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		assert_int_equal(tm_unit_parse(with[i].unit, &u, NULL), 0);
		tm_metric_value_with_unit(with[i].v, &u, s, sizeof(s));
		assert_string_equal(s, with[i].out);
	}
}

static void targets(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	tm_target t;
	char s[64];
	static const struct { const char *in; int kind; double v; bool pct; const char *out; } ok[] = {
		{ "48", TM_TARGET_VALUE, 48, false, "48" },
		{ "48.5", TM_TARGET_VALUE, 48.5, false, "48.5" },
		{ "-3", TM_TARGET_VALUE, -3, false, "-3" }, /* a plain signed number is a value */
		{ "+3", TM_TARGET_VALUE, 3, false, "3" },
		{ "48%", TM_TARGET_VALUE, 48, true, "48%" },
		{ "+20%", TM_TARGET_PERCENT, 20, false, "+20%" },
		{ "-15%", TM_TARGET_PERCENT, -15, false, "-15%" },
		{ "+5pt", TM_TARGET_POINTS, 5, false, "+5pt" },
		{ "-3pt", TM_TARGET_POINTS, -3, false, "-3pt" },
		{ "+2.5pt", TM_TARGET_POINTS, 2.5, false, "+2.5pt" },
		{ "-3PT", TM_TARGET_POINTS, -3, false, "-3pt" },
		{ " +20% ", TM_TARGET_PERCENT, 20, false, "+20%" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(tm_target_parse(ok[i].in, &t, &err), 0);
		assert_int_equal(t.kind, ok[i].kind);
		assert_true(t.v == ok[i].v);
		assert_int_equal(t.percent_sign, ok[i].pct);
		tm_target_format(&t, s, sizeof(s));
		assert_string_equal(s, ok[i].out);
		/* Round trip: the text reads back to the same target. */
		tm_target back;
		assert_int_equal(tm_target_parse(s, &back, &err), 0);
		assert_int_equal(back.kind, t.kind);
		assert_true(back.v == t.v);
		assert_int_equal(back.percent_sign, t.percent_sign);
	}
	static const char *const bad[] = { "", "abc", "5pt", "+pt", "+%", "48%%", "+5 points", "NaN%", "+inf%", "1e400",
					   "48 EUR", "%48", "+5ptx", "twenty" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_error_clear(&err);
		if (tm_target_parse(bad[i], &t, &err) != TM_EINVAL)
			fail_msg("target '%s' was read", bad[i]);
		assert_string_equal(err.field, "target");
	}
	assert_int_equal(tm_target_parse("5pt", &t, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "sign"));
	assert_int_equal(tm_target_parse("abc", &t, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "+20%"));
	/* The target as a value: a change applies to the baseline. */
	tm_metric m = mk("%", false, 40, "+20%", 90);
	assert_true(tm_metric_target_value(&m) == 48);
	m = mk("%", false, 40, "+5pt", 90);
	assert_true(tm_metric_target_value(&m) == 45);
	m = mk("%", false, 40, "48%", 90);
	assert_true(tm_metric_target_value(&m) == 48);
	m = mk("%", true, 5, "-15%", 90);
	assert_true(fabs(tm_metric_target_value(&m) - 4.25) < 1e-12);
}

static void check_refusals(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	/* Accepted: one of each form where it fits. */
	tm_metric good[] = {
		mk("%", false, 40, "48%", 90),   mk("%", false, 40, "+5pt", 90), mk("%", false, 40, "+20%", 90),
		mk("points", false, 30, "+5pt", 90), mk("count", false, 100, "500", 1),
		mk("EUR", false, 1000, "+20%", TM_METRIC_WINDOW_MAX), mk("%", true, 5, "-2pt", 180),
		mk("days", true, 10, "-15%", 90),
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		tm_error_clear(&err);
		if (tm_metric_check(&good[i], &err))
			fail_msg("metric %zu refused: %s", i, err.msg);
	}
	struct { tm_metric m; const char *field, *says; } bad[] = {
		{ mk("count", false, 100, "+20%", 90), "target", "percentage target on a count metric" },
		{ mk("count", false, 100, "+5pt", 90), "target", "points" },
		{ mk("count", false, 100, "48%", 90), "target", "percentage" },
		{ mk("EUR", false, 100, "+5pt", 90), "target", "points" },
		{ mk("%", false, 40, "30", 90), "target", "above the baseline" },
		{ mk("%", false, 40, "40", 90), "target", "above the baseline" },
		{ mk("%", false, 40, "-5pt", 90), "target", "above" },
		{ mk("%", true, 5, "7", 90), "target", "below the baseline" },
		{ mk("%", true, 5, "+1pt", 90), "target", "below" },
		{ mk("count", false, 0, "+20%", 90), "target", "" },
		{ mk("%", false, 40, "48", 0), "window", "1 to 3660" },
		{ mk("%", false, 40, "48", -5), "window", "" },
		{ mk("%", false, 40, "48", TM_METRIC_WINDOW_MAX + 1), "window", "" },
		{ mk("EUR", false, 1e15, "+20%", 90), "target", "" },
	};
	bad[9].m.unit.unit = TM_UNIT_PERCENT; /* a change of 20% of a baseline of 0 is no change */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_error_clear(&err);
		if (tm_metric_check(&bad[i].m, &err) != TM_EINVAL)
			fail_msg("metric %zu accepted", i);
		assert_string_equal(err.field, bad[i].field);
		if (!strstr(err.msg, bad[i].says))
			fail_msg("metric %zu: '%s' does not say '%s'", i, err.msg, bad[i].says);
	}
	tm_metric m = mk("%", false, 40, "48", 90);
	m.name[0] = '\0';
	assert_int_equal(tm_metric_check(&m, &err), TM_EINVAL);
	assert_string_equal(err.field, "name");
	m = mk("%", false, 40, "48", 90);
	m.baseline = NAN;
	assert_int_equal(tm_metric_check(&m, &err), TM_EINVAL);
	assert_string_equal(err.field, "baseline");
	m = mk("%", false, 40, "48", 90);
	m.kind = TM_METRIC_KIND_COUNT;
	assert_int_equal(tm_metric_check(&m, &err), TM_EINVAL);
	assert_string_equal(err.field, "kind");
	m = mk("EUR", false, 40, "48", 90);
	snprintf(m.unit.currency, sizeof(m.unit.currency), "eu");
	assert_int_equal(tm_metric_check(&m, &err), TM_EINVAL);
	assert_string_equal(err.field, "unit");
	/* The message names the numbers with their unit. */
	m = mk("%", false, 40, "-5pt", 90);
	assert_int_equal(tm_metric_check(&m, &err), TM_EINVAL);
	assert_string_equal(err.msg, "target '-5pt' (35%) must be above the baseline 40%: up is good for this metric");
}

static void path_and_reaching(void **state)
{
	(void)state;
	tm_date T = D("2027-03-01");
	tm_metric m = mk("%", false, 40, "48%", 80);
	assert_true(tm_metric_expected(&m, T, T - 10) == 40); /* before T: the baseline */
	assert_true(tm_metric_expected(&m, T, T) == 40);
	assert_true(tm_metric_expected(&m, T, T + 40) == 44);
	assert_true(tm_metric_expected(&m, T, T + 20) == 42);
	assert_true(tm_metric_expected(&m, T, T + 80) == 48);
	assert_true(tm_metric_expected(&m, T, T + 200) == 48); /* after the window: the target */
	/* Up is good: at or above, with a relative tolerance of 1e-9. */
	assert_true(tm_metric_reaches(&m, 48));
	assert_true(tm_metric_reaches(&m, 49));
	assert_true(tm_metric_reaches(&m, 48 - 1e-10));
	assert_false(tm_metric_reaches(&m, 48 - 1e-6));
	assert_false(tm_metric_reaches(&m, 47.9));
	/* Down is good: at or below. */
	tm_metric churn = mk("%", true, 5, "-2pt", 100);
	assert_true(tm_metric_expected(&churn, T, T + 50) == 4);
	assert_true(tm_metric_reaches(&churn, 3));
	assert_true(tm_metric_reaches(&churn, 2.5));
	assert_true(tm_metric_reaches(&churn, 3 + 1e-10));
	assert_false(tm_metric_reaches(&churn, 3.1));
	/* The tolerance grows with the target: 1e-9 of 1e12 is 1000. */
	tm_metric big = mk("EUR", false, 1e11, "1e12", 90);
	assert_true(tm_metric_reaches(&big, 1e12 - 500));
	assert_false(tm_metric_reaches(&big, 1e12 - 5000));
}

static void summary(void **state)
{
	(void)state;
	tm_date T = D("2027-03-01");
	tm_metric m = mk("%", false, 40, "48%", 30); /* window ends 2027-03-31 */
	tm_metric_summary s;
	tm_metric_summarize(&m, T, NULL, 0, &s);
	assert_int_equal(s.n, 0);
	assert_false(s.has_latest);
	assert_false(s.met);
	/* Any order; of several on one day the last recorded (greatest id) is the latest. */
	tm_observation obs[] = {
		ob(5, "2027-03-20", 46), ob(2, "2027-03-10", 49), ob(9, "2027-03-20", 45), ob(7, "2027-03-20", 47),
		ob(3, "2027-03-15", 48),
	};
	tm_metric_summarize(&m, T, obs, 5, &s);
	assert_int_equal(s.n, 5);
	assert_true(s.has_latest);
	assert_int_equal(s.latest_on, D("2027-03-20"));
	assert_true(s.latest == 45);
	assert_true(s.met);
	assert_int_equal(s.met_on, D("2027-03-10")); /* the first day it reached the target */
	/* Before T: the latest, never met. After the window: never met either. */
	tm_observation early[] = { ob(1, "2027-02-20", 50), ob(2, "2027-04-01", 60) };
	tm_metric_summarize(&m, T, early, 1, &s);
	assert_true(s.has_latest);
	assert_int_equal(s.latest_on, D("2027-02-20"));
	assert_false(s.met);
	tm_metric_summarize(&m, T, early, 2, &s);
	assert_int_equal(s.latest_on, D("2027-04-01"));
	assert_false(s.met);
	/* On T and on the window's last day it counts. */
	tm_observation edges[] = { ob(1, "2027-03-31", 48) };
	tm_metric_summarize(&m, T, edges, 1, &s);
	assert_true(s.met);
	edges[0].on = T;
	tm_metric_summarize(&m, T, edges, 1, &s);
	assert_true(s.met);
	assert_int_equal(s.met_on, T);
}

static void judgement_states(void **state)
{
	(void)state;
	tm_date T = D("2027-03-01");
	tm_metric m = mk("%", false, 40, "48%", 80); /* the path: +0.1 a day; ends 2027-05-20 */
	tm_metric_judgement j;

	/* No data, within the window, then after it. */
	j = judge(&m, T, NULL, 0, "2027-03-10");
	assert_int_equal(j.state, TM_MS_NO_DATA);
	assert_false(j.has_observed);
	assert_false(j.has_expected);
	assert_int_equal(j.window_end, D("2027-05-20"));
	assert_int_equal(j.days_left, D("2027-05-20") - D("2027-03-10"));
	assert_true(j.target == 48);
	j = judge(&m, T, NULL, 0, "2027-05-20"); /* the window's last day: not over yet */
	assert_int_equal(j.state, TM_MS_NO_DATA);
	assert_int_equal(j.days_left, 0);
	j = judge(&m, T, NULL, 0, "2027-05-21");
	assert_int_equal(j.state, TM_MS_MISSED);
	assert_int_equal(j.days_left, -1);

	/* Exactly on the path on its date (T+40: 44) is on track; a hair below is behind. */
	tm_observation on[] = { ob(1, "2027-04-10", 44) };
	j = judge(&m, T, on, 1, "2027-04-12");
	assert_int_equal(j.state, TM_MS_ON_TRACK);
	assert_true(j.has_observed && j.has_expected);
	assert_true(j.observed == 44);
	assert_true(j.expected == 44);
	assert_int_equal(j.observed_on, D("2027-04-10"));
	on[0].value = 44 - 1e-11; /* within the tolerance */
	assert_int_equal(judge(&m, T, on, 1, "2027-04-12").state, TM_MS_ON_TRACK);
	on[0].value = 43.99;
	assert_int_equal(judge(&m, T, on, 1, "2027-04-12").state, TM_MS_BEHIND);
	/* The path's value on the observation's own date, not today's. */
	on[0].value = 44;
	j = judge(&m, T, on, 1, "2027-05-19");
	assert_int_equal(j.state, TM_MS_ON_TRACK);
	assert_true(j.expected == 44);

	/* Met stays met, even when a later figure falls back and after the window. */
	tm_observation met[] = { ob(1, "2027-04-01", 48.5), ob(2, "2027-04-20", 41) };
	j = judge(&m, T, met, 2, "2027-04-25");
	assert_int_equal(j.state, TM_MS_MET);
	assert_true(j.observed == 41);
	j = judge(&m, T, met, 2, "2028-01-01");
	assert_int_equal(j.state, TM_MS_MET);

	/* Missed: the window is over and it was never met, whatever the latest says. */
	tm_observation close[] = { ob(1, "2027-05-10", 47.9) };
	assert_int_equal(judge(&m, T, close, 1, "2027-05-20").state, TM_MS_ON_TRACK);
	j = judge(&m, T, close, 1, "2027-05-21");
	assert_int_equal(j.state, TM_MS_MISSED);
	assert_true(j.observed == 47.9);
	/* Reached only after the window: still missed. */
	tm_observation late[] = { ob(1, "2027-05-25", 50) };
	assert_int_equal(judge(&m, T, late, 1, "2027-05-26").state, TM_MS_MISSED);

	/* Several on one day: the last recorded decides. */
	tm_observation same[] = { ob(8, "2027-04-10", 45), ob(3, "2027-04-10", 43) };
	j = judge(&m, T, same, 2, "2027-04-10");
	assert_int_equal(j.state, TM_MS_ON_TRACK);
	assert_true(j.observed == 45);
	same[0].id = 2;
	j = judge(&m, T, same, 2, "2027-04-10");
	assert_int_equal(j.state, TM_MS_BEHIND);
	assert_true(j.observed == 43);

	/* An observation before T: the latest, judged against the baseline; never met. */
	tm_observation before[] = { ob(1, "2027-02-20", 41) };
	j = judge(&m, T, before, 1, "2027-02-25");
	assert_int_equal(j.state, TM_MS_ON_TRACK);
	assert_true(j.expected == 40);
	before[0].value = 39;
	assert_int_equal(judge(&m, T, before, 1, "2027-02-25").state, TM_MS_BEHIND);
	before[0].value = 60;
	assert_int_equal(judge(&m, T, before, 1, "2027-03-05").state, TM_MS_ON_TRACK); /* not met */
}

static void judgement_down_and_target_forms(void **state)
{
	(void)state;
	tm_date T = D("2027-03-01");
	/* Churn, down is good: 5% to 3% over 100 days; on T+50 the path expects 4%. */
	tm_metric churn = mk("%", true, 5, "-2pt", 100);
	tm_observation o[] = { ob(1, "2027-04-20", 3.9) };
	tm_metric_judgement j = judge(&churn, T, o, 1, "2027-04-21");
	assert_true(j.expected == 4);
	assert_int_equal(j.state, TM_MS_ON_TRACK);
	o[0].value = 4;
	assert_int_equal(judge(&churn, T, o, 1, "2027-04-21").state, TM_MS_ON_TRACK);
	o[0].value = 4.1;
	assert_int_equal(judge(&churn, T, o, 1, "2027-04-21").state, TM_MS_BEHIND);
	o[0].value = 3;
	assert_int_equal(judge(&churn, T, o, 1, "2027-04-21").state, TM_MS_MET);
	o[0].value = 2.9; /* below the target is better still */
	assert_int_equal(judge(&churn, T, o, 1, "2027-04-21").state, TM_MS_MET);

	/* A target in points and one in percent of the same baseline are different targets. */
	tm_metric pts = mk("%", false, 40, "+5pt", 90);  /* 45% */
	tm_metric pct = mk("%", false, 40, "+5%", 90);   /* 42% */
	tm_observation x[] = { ob(1, "2027-05-30", 43) }; /* T + 90 */
	j = judge(&pts, T, x, 1, "2027-06-05");
	assert_true(j.target == 45);
	assert_int_equal(j.state, TM_MS_MISSED);
	j = judge(&pct, T, x, 1, "2027-06-05");
	assert_true(j.target == 42);
	assert_int_equal(j.state, TM_MS_MET);
}

static void staleness(void **state)
{
	(void)state;
	tm_date T = D("2027-03-01");
	tm_metric m = mk("%", false, 40, "48%", 80); /* ends 2027-05-20 */
	/* No observation: not stale until T + 14, then stale. */
	assert_false(judge(&m, T, NULL, 0, "2027-03-14").stale);
	assert_true(judge(&m, T, NULL, 0, "2027-03-15").stale);
	/* The latest within the 14 days up to today (today - 13 .. today) keeps it fresh. */
	tm_observation o[] = { ob(1, "2027-04-01", 41) };
	assert_false(judge(&m, T, o, 1, "2027-04-14").stale); /* 13 days ago */
	assert_true(judge(&m, T, o, 1, "2027-04-15").stale);  /* 14 days ago */
	/* Not stale once met, nor after the window (then it is missed). */
	o[0].value = 48;
	assert_false(judge(&m, T, o, 1, "2027-05-01").stale);
	o[0].value = 41;
	assert_true(judge(&m, T, o, 1, "2027-05-20").stale);
	assert_false(judge(&m, T, o, 1, "2027-05-21").stale);
	/* A figure from before launch is old news two weeks after it. */
	tm_observation pre[] = { ob(1, "2027-02-27", 41) };
	assert_true(judge(&m, T, pre, 1, "2027-03-15").stale);
}

static void review_stages(void **state)
{
	(void)state;
	assert_int_equal(TM_STAGE_COUNT, 6);
	assert_string_equal(tm_stage_name(TM_STAGE_WEEK_2), "week-2");
	assert_string_equal(tm_stage_label(TM_STAGE_WEEK_2), "Week 2");
	assert_string_equal(tm_stage_offset(TM_STAGE_WEEK_2), "T+2w");
	assert_string_equal(tm_stage_offset(TM_STAGE_DAY_1), "T");
	assert_string_equal(tm_stage_offset(TM_STAGE_QUARTER), "T+1q");
	assert_string_equal(tm_stage_name(TM_STAGE_COUNT), "");
	for (int s = 0; s < TM_STAGE_COUNT; s++) {
		assert_int_equal(tm_stage_parse(tm_stage_name(s)), s);
		assert_int_equal(tm_stage_parse(tm_stage_label(s)), s);
		const char *const *q = tm_stage_questions(s);
		int n = 0;
		while (q[n])
			n++;
		assert_true(n >= 3);
	}
	assert_int_equal(tm_stage_parse("week2"), TM_STAGE_WEEK_2);
	assert_int_equal(tm_stage_parse("WEEK 2"), TM_STAGE_WEEK_2);
	assert_int_equal(tm_stage_parse("Month-2"), TM_STAGE_MONTH_2);
	assert_int_equal(tm_stage_parse("day1"), TM_STAGE_DAY_1);
	assert_int_equal(tm_stage_parse("week-3"), -1);
	assert_int_equal(tm_stage_parse("week/2"), -1);
	assert_int_equal(tm_stage_parse(""), -1);
	assert_int_equal(tm_stage_parse(NULL), -1);
	assert_null(tm_stage_questions(-1)[0]);
	/* Calendar days and months from T (a month clamps to its end). */
	tm_date T = D("2027-01-31");
	assert_int_equal(tm_stage_date(TM_STAGE_DAY_1, T), T);
	assert_int_equal(tm_stage_date(TM_STAGE_WEEK_1, T), D("2027-02-07"));
	assert_int_equal(tm_stage_date(TM_STAGE_WEEK_2, T), D("2027-02-14"));
	assert_int_equal(tm_stage_date(TM_STAGE_MONTH_1, T), D("2027-02-28"));
	assert_int_equal(tm_stage_date(TM_STAGE_MONTH_2, T), D("2027-03-31"));
	assert_int_equal(tm_stage_date(TM_STAGE_QUARTER, T), D("2027-04-30"));
	/* Seed 000's questions: sales feedback at week 2, the retrospective at month 2. */
	char all[4000];
	static const struct { int stage; const char *words[5]; } says[] = {
		{ TM_STAGE_DAY_1, { "support tickets", "social" } },
		{ TM_STAGE_WEEK_1, { "early feedback", "adoption" } },
		{ TM_STAGE_WEEK_2, { "prospects", "objections", "battlecard", "positioning", "deals" } },
		{ TM_STAGE_MONTH_1, { "case-study", "full metrics" } },
		{ TM_STAGE_MONTH_2, { "went well", "did not go well", "playbook", "anti-patterns", "full metrics" } },
		{ TM_STAGE_QUARTER, { "iterate", "learnings" } },
	};
	for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		all[0] = '\0';
		for (const char *const *q = tm_stage_questions(says[i].stage); *q; q++)
			snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s\n", *q);
		for (int w = 0; w < 5 && says[i].words[w]; w++)
			if (!strstr(all, says[i].words[w]))
				fail_msg("stage %s does not ask about '%s'", tm_stage_name(says[i].stage), says[i].words[w]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_and_states), cmocka_unit_test(units),
		cmocka_unit_test(values_parse),     cmocka_unit_test(values_format),
		cmocka_unit_test(targets),          cmocka_unit_test(check_refusals),
		cmocka_unit_test(path_and_reaching), cmocka_unit_test(summary),
		cmocka_unit_test(judgement_states), cmocka_unit_test(judgement_down_and_target_forms),
		cmocka_unit_test(staleness),        cmocka_unit_test(review_stages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
