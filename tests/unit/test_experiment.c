/*
 * test_experiment.c - the statistics of core/experiment.c against published worked examples, to the
 * fourth decimal: the standard normal table, Newcombe's (1998) Wilson intervals, a textbook
 * two-proportion z-test (the Physicians' Health Study's aspirin trial, as in Agresti's Categorical
 * Data Analysis §2.2), Fleiss' sample size; then the analysis: lifts, revenue, payback, the
 * verdicts and the four warnings of seed 003.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/experiment.h"

#include "util/banned.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 0.00005)

static void normal_table(void **state)
{
	(void)state;
	NEAR(tm_normal_cdf(0), 0.5);
	NEAR(tm_normal_cdf(1), 0.8413);
	NEAR(tm_normal_cdf(1.96), 0.9750);
	NEAR(tm_normal_cdf(-1.645), 0.0500);
	NEAR(tm_normal_cdf(-3), 0.0013);
	NEAR(tm_normal_quantile(0.975), 1.9600);
	NEAR(tm_normal_quantile(0.8), 0.8416);
	NEAR(tm_normal_quantile(0.95), 1.6449);
	NEAR(tm_normal_quantile(0.005), -2.5758);
	NEAR(tm_normal_quantile(0.5), 0);
	/* The inverse is exact to far more than four decimals, tails too. */
	for (double p = 1e-10; p < 1; p = p < 0.01 ? p * 10 : p + 0.01)
		assert_true(fabs(tm_normal_cdf(tm_normal_quantile(p)) - p) < 1e-12 * (p < 0.5 ? 1 : 1e3) + p * 1e-12);
}

/* Newcombe, R. G. (1998), Two-sided confidence intervals for the single proportion: comparison of seven
 * methods, Statistics in Medicine 17, 857-872, Table I, method 3 (Wilson score, no continuity correction). */
static void wilson_newcombe(void **state)
{
	(void)state;
	static const struct {
		int64_t x, n;
		double lo, hi;
	} ex[] = {
		{ 81, 263, 0.2553, 0.3662 }, { 15, 148, 0.0624, 0.1605 }, { 0, 20, 0.0, 0.1611 }, { 1, 29, 0.0061, 0.1718 },
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		double lo, hi;
		tm_wilson(ex[i].x, ex[i].n, 0.05, &lo, &hi);
		NEAR(lo, ex[i].lo);
		NEAR(hi, ex[i].hi);
	}
	double lo, hi;
	tm_wilson(29, 29, 0.05, &lo, &hi); /* the mirror of 0/29 */
	NEAR(lo, 0.8830);
	assert_true(hi == 1.0);
	tm_wilson(0, 0, 0.05, &lo, &hi);
	assert_true(lo == 0 && hi == 1);
}

/* Physicians' Health Study: myocardial infarction in 189 of 11,034 on placebo and 104 of 11,037 on
 * aspirin; the pooled z is 5.00 (p < 0.0001). */
static void two_proportion_textbook(void **state)
{
	(void)state;
	double z, p;
	tm_two_proportion_z(189, 11034, 104, 11037, &z, &p);
	NEAR(z, 5.0014);
	assert_true(p < 1e-6 && p > 5e-7);
	tm_two_proportion_z(104, 11037, 189, 11034, &z, &p);
	NEAR(z, -5.0014);
	/* 40/200 against 30/200: z 1.3159, p 0.1882 (not significant). */
	tm_two_proportion_z(40, 200, 30, 200, &z, &p);
	NEAR(z, 1.3159);
	NEAR(p, 0.1882);
	/* Undefined: no visitors, or every rate 0 or 1. */
	tm_two_proportion_z(0, 0, 5, 10, &z, &p);
	assert_true(z == 0 && p == 1);
	tm_two_proportion_z(0, 10, 0, 10, &z, &p);
	assert_true(z == 0 && p == 1);
}

/* Fleiss' formula without continuity correction: 10% → 12% needs 3,841 per arm at α 0.05 and 80% power;
 * 5% → 10% needs 435; 20% → 25% 1,094. */
static void sample_size(void **state)
{
	(void)state;
	assert_true(tm_sample_size(0.10, 0.12, 0.05, 0.8) == 3841);
	assert_true(tm_sample_size(0.05, 0.10, 0.05, 0.8) == 435);
	assert_true(tm_sample_size(0.20, 0.25, 0.05, 0.8) == 1094);
	assert_true(tm_sample_size(0.12, 0.10, 0.05, 0.8) == 3841);
	assert_true(tm_sample_size(0.1, 0.1, 0.05, 0.8) == 0);
}

static void counts(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_arm_counts_check(100, 10, &err), 0);
	assert_int_equal(tm_arm_counts_check(100, 101, &err), TM_EINVAL);
	assert_string_equal(err.field, "conversions");
	assert_non_null(strstr(err.msg, "more than the 100 visitors"));
	assert_int_equal(tm_arm_counts_check(-1, 0, &err), TM_EINVAL);
	assert_string_equal(err.field, "visitors");
	assert_int_equal(tm_arm_counts_check(10, -2, &err), TM_EINVAL);
	assert_string_equal(err.field, "conversions");
}

static tm_arm arm(const char *name, bool control, double price, int64_t visitors, int64_t conversions)
{
	tm_arm a;
	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "%s", name);
	a.control = control;
	a.has_price = price > 0;
	a.price = price;
	a.visitors = visitors;
	a.conversions = conversions;
	return a;
}

static bool has_warning(const tm_experiment_analysis *an, int rule, int arm)
{
	for (size_t i = 0; i < an->nwarn; i++)
		if (an->warn[i].rule == rule && (arm == -2 || an->warn[i].arm == arm))
			return true;
	return false;
}

static void analysis_pricing(void **state)
{
	(void)state;
	tm_experiment e;
	memset(&e, 0, sizeof(e));
	e.kind = TM_EXP_PRICING;
	e.has_current_price = true;
	e.current_price = 49;
	e.planned_sample = 2000;
	e.monthly_traffic = 10000;
	e.has_cost = true;
	e.cost = 12000;
	tm_arm arms[3] = { arm("control", true, 0, 2000, 200), arm("plus-12", false, 54.88, 2000, 196),
			   arm("plus-15", false, 56.35, 2000, 150) };
	tm_experiment_analysis an;
	tm_experiment_analyze(&e, arms, 3, &an);
	assert_int_equal(an.control, 0);
	assert_false(an.arms[0].has_lift);
	NEAR(an.arms[0].rate, 0.1);
	NEAR(an.arms[0].rpv, 4.9);
	/* plus-12: 9.8% vs 10%: no significant change; its revenue per visitor 0.098 × 54.88 = 5.37824. */
	NEAR(an.arms[1].lift_abs, -0.002);
	NEAR(an.arms[1].lift_rel, -0.02);
	assert_false(an.arms[1].significant);
	NEAR(an.arms[1].rpv, 5.3782);
	NEAR(an.arms[1].annual_impact, (5.37824 - 4.9) * 10000 * 12);
	assert_true(an.arms[1].has_payback);
	NEAR(an.arms[1].payback_months, 12000 / ((5.37824 - 4.9) * 10000));
	/* plus-15: 7.5% vs 10%: significantly below. */
	assert_true(an.arms[2].significant);
	assert_true(an.arms[2].z < 0);
	/* One variant significantly below, one not: no difference yet. */
	assert_int_equal(an.verdict, TM_VERDICT_NO_DIFFERENCE);
	assert_int_equal(an.winner, -1);
	assert_false(has_warning(&an, TM_WARN_PRICE_STEP, -2));
	assert_false(has_warning(&an, TM_WARN_SMALL_SAMPLE, -2));
	assert_false(has_warning(&an, TM_WARN_PEEKING, -2));
	assert_false(has_warning(&an, TM_WARN_TOO_MANY_ARMS, -2));

	/* Both below: the control wins. */
	arms[1].conversions = 150;
	tm_experiment_analyze(&e, arms, 3, &an);
	assert_int_equal(an.verdict, TM_VERDICT_CONTROL_WINS);
	assert_int_equal(an.winner, 0);

	/* A variant significantly above wins (the best of such). */
	arms[1].conversions = 260;
	arms[2].conversions = 280;
	tm_experiment_analyze(&e, arms, 3, &an);
	assert_int_equal(an.verdict, TM_VERDICT_VARIANT_WINS);
	assert_int_equal(an.winner, 2);
	assert_true(an.arms[2].needed_per_arm > 0 && an.arms[2].needed_per_arm < 2000);
}

static void analysis_warnings(void **state)
{
	(void)state;
	tm_experiment e;
	memset(&e, 0, sizeof(e));
	e.has_current_price = true;
	e.current_price = 100;
	e.planned_sample = 200;
	tm_arm arms[5] = { arm("control", true, 0, 180, 18), arm("plus-10", false, 110, 149, 20),
			   arm("plus-12", false, 112, 200, 20), arm("plus-15", false, 115, 200, 20),
			   arm("plus-20", false, 120, 200, 20) };
	tm_experiment_analysis an;
	tm_experiment_analyze(&e, arms, 5, &an);
	assert_true(has_warning(&an, TM_WARN_SMALL_SAMPLE, 1));
	assert_false(has_warning(&an, TM_WARN_SMALL_SAMPLE, 0));
	assert_true(has_warning(&an, TM_WARN_PRICE_STEP, 1));  /* 10%: below 12% */
	assert_false(has_warning(&an, TM_WARN_PRICE_STEP, 2)); /* 12% and 15%: within */
	assert_false(has_warning(&an, TM_WARN_PRICE_STEP, 3));
	assert_true(has_warning(&an, TM_WARN_PRICE_STEP, 4));  /* 20%: above 15% */
	assert_true(has_warning(&an, TM_WARN_TOO_MANY_ARMS, -1)); /* 5 price points */
	assert_true(has_warning(&an, TM_WARN_PEEKING, 1));     /* 149 of 200 planned */
	/* Three price points are fine. */
	tm_experiment_analyze(&e, arms, 3, &an);
	assert_false(has_warning(&an, TM_WARN_TOO_MANY_ARMS, -2));
	/* No control: no lift, the no-control warning, no verdict. */
	arms[0].control = false;
	tm_experiment_analyze(&e, arms, 3, &an);
	assert_int_equal(an.control, -1);
	assert_true(has_warning(&an, TM_WARN_NO_CONTROL, -1));
	assert_int_equal(an.verdict, TM_VERDICT_NO_DIFFERENCE);
	assert_false(an.arms[1].has_lift);
	assert_string_equal(tm_experiment_warning_names[TM_WARN_PEEKING], "peeking");
	assert_string_equal(tm_verdict_names[TM_VERDICT_VARIANT_WINS], "variant-wins");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normal_table),	    cmocka_unit_test(wilson_newcombe),
		cmocka_unit_test(two_proportion_textbook), cmocka_unit_test(sample_size),
		cmocka_unit_test(counts),	    cmocka_unit_test(analysis_pricing),
		cmocka_unit_test(analysis_warnings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
