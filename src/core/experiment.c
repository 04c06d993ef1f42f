/*
 * experiment.c - the statistics of seed 003's lightweight experiments; see
 * experiment.h. Every figure is a closed formula over the arms' counts (no
 * iteration but one refinement step of the normal quantile), so analysing
 * an experiment costs microseconds.
 *
 * Formulas, as the tests check them against published worked examples:
 * - normal CDF Φ(z) = erfc(−z/√2)/2 (libm's erfc keeps the tails exact);
 * - its inverse: Acklam's rational approximation, then one Halley step
 *   against Φ, which brings it to double precision;
 * - Wilson score interval (Wilson 1927; Newcombe 1998, method 3);
 * - pooled two-proportion z-test, two-sided p = erfc(|z|/√2);
 * - visitors per arm for p1 → p2 (Fleiss, without continuity correction):
 *   n = (z_{1−α/2}·√(2·p̄·(1−p̄)) + z_{power}·√(p1(1−p1) + p2(1−p2)))² ÷ (p1 − p2)².
 */
#include "core/experiment.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

/* Prices within this of a step's bound count as on it: 49 × 1.12 is 54.88 typed, 54.879999… computed. */
#define STEP_EPS 1e-9

const char *const tm_experiment_kind_names[] = { "pricing", "packaging", "messaging", NULL };
const char *const tm_experiment_status_names[] = { "running", "closed", NULL };
const char *const tm_verdict_names[] = { "no-difference-yet", "variant-wins", "control-wins", NULL };
const char *const tm_experiment_warning_names[] = { "small-sample", "price-step", "too-many-arms", "peeking",
						    "no-control", NULL };

double tm_normal_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

double tm_normal_quantile(double p)
{
	/* Acklam's coefficients (relative error below 1.15e-9 before the refinement). */
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				    1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				    6.680131188771972e+01,  -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				    -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				    3.754408661907416e+00 };
	const double lo = 0.02425, hi = 1 - lo;
	double q, r, x;
	if (!(p > 0))
		return -HUGE_VAL;
	if (!(p < 1))
		return HUGE_VAL;
	if (p < lo) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p <= hi) {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	} else {
		q = sqrt(-2 * log1p(-p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	/* One Halley step against Φ itself. */
	double e = tm_normal_cdf(x) - p;
	double u = e * 2.50662827463100050242 /* √(2π) */ * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

void tm_wilson(int64_t x, int64_t n, double alpha, double *low, double *high)
{
	if (n <= 0) {
		*low = 0;
		*high = 1;
		return;
	}
	double z = tm_normal_quantile(1 - alpha / 2), z2 = z * z, nn = (double)n, p = (double)x / nn;
	double denom = 1 + z2 / nn;
	double centre = (p + z2 / (2 * nn)) / denom;
	double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
	*low = centre - half;
	*high = centre + half;
	/* The interval of 0 (or n) successes starts (or ends) at the bound itself: no rounding noise past it. */
	if (x <= 0 || *low < 0)
		*low = 0;
	if (x >= n || *high > 1)
		*high = 1;
}

void tm_two_proportion_z(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double *z, double *p)
{
	*z = 0;
	*p = 1;
	if (n1 <= 0 || n2 <= 0)
		return;
	double p1 = (double)x1 / (double)n1, p2 = (double)x2 / (double)n2;
	double pooled = (double)(x1 + x2) / (double)(n1 + n2);
	double se = sqrt(pooled * (1 - pooled) * (1.0 / (double)n1 + 1.0 / (double)n2));
	if (!(se > 0))
		return;
	*z = (p1 - p2) / se;
	*p = erfc(fabs(*z) / sqrt(2.0));
	if (*p > 1)
		*p = 1;
}

double tm_sample_size(double p1, double p2, double alpha, double power)
{
	if (p1 == p2 || p1 < 0 || p1 > 1 || p2 < 0 || p2 > 1)
		return 0;
	double za = tm_normal_quantile(1 - alpha / 2), zb = tm_normal_quantile(power);
	double pbar = (p1 + p2) / 2, diff = p1 - p2;
	double a = za * sqrt(2 * pbar * (1 - pbar)) + zb * sqrt(p1 * (1 - p1) + p2 * (1 - p2));
	/* A whole visitor: the fraction is rounded up (less would fall short of the power asked). */
	return ceil(a * a / (diff * diff) - 1e-9);
}

int tm_arm_counts_check(int64_t visitors, int64_t conversions, tm_error *err)
{
	if (visitors < 0)
		return tm_fail_field(err, TM_EINVAL, "visitors", "{} %lld is negative: a count of qualified signups is 0 or more",
				     (long long)visitors);
	if (conversions < 0)
		return tm_fail_field(err, TM_EINVAL, "conversions", "{} %lld is negative: a count of conversions is 0 or more",
				     (long long)conversions);
	if (visitors > TM_EXPERIMENT_COUNT_MAX)
		return tm_fail_field(err, TM_EINVAL, "visitors", "{} %lld is more than %lld", (long long)visitors,
				     (long long)TM_EXPERIMENT_COUNT_MAX);
	if (conversions > visitors)
		return tm_fail_field(err, TM_EINVAL, "conversions",
				     "{} %lld is more than the %lld visitors: only a visitor can convert", (long long)conversions,
				     (long long)visitors);
	return 0;
}

/* ---- the analysis ---- */

static void warn(tm_experiment_analysis *out, int rule, int arm, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn(tm_experiment_analysis *out, int rule, int arm, const char *fmt, ...)
{
	if (out->nwarn >= sizeof(out->warn) / sizeof(out->warn[0]))
		return;
	tm_experiment_warn *w = &out->warn[out->nwarn++];
	w->rule = rule;
	w->arm = arm;
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(w->message, sizeof(w->message), fmt, ap);
	va_end(ap);
}

/* What one conversion of arm a brings: its revenue per conversion, else its price (the control's, else the
 * current price). false when none is known. */
static bool revenue_of(const tm_experiment *e, const tm_arm *a, double *out)
{
	if (a->has_revenue) {
		*out = a->revenue_per_conversion;
		return true;
	}
	if (a->has_price) {
		*out = a->price;
		return true;
	}
	if (a->control && e->has_current_price) {
		*out = e->current_price;
		return true;
	}
	return false;
}

/* The price arm a shows (a control without one shows the current price); false when none. */
static bool price_of(const tm_experiment *e, const tm_arm *a, double *out)
{
	if (a->has_price) {
		*out = a->price;
		return true;
	}
	if (a->control && e->has_current_price) {
		*out = e->current_price;
		return true;
	}
	return false;
}

static void warnings(const tm_experiment *e, const tm_arm *arms, size_t n, tm_experiment_analysis *out)
{
	double points[TM_ARMS_MAX];
	size_t npoints = 0;
	int64_t smallest = -1;
	int smallest_arm = -1;
	for (size_t i = 0; i < n; i++) {
		const tm_arm *a = &arms[i];
		if (a->visitors < TM_SMALL_SAMPLE_MIN)
			warn(out, TM_WARN_SMALL_SAMPLE, (int)i,
			     "arm '%s' has %lld qualified %s: fewer than %d (seed 003: at least 150-200 per test)", a->name,
			     (long long)a->visitors, a->visitors == 1 ? "signup" : "signups", TM_SMALL_SAMPLE_MIN);
		if (!a->control && a->has_price && e->has_current_price && e->current_price > 0) {
			double step = (a->price - e->current_price) / e->current_price, mag = fabs(step);
			if (mag > TM_PRICE_STEP_HIGH + STEP_EPS || mag < TM_PRICE_STEP_LOW - STEP_EPS)
				warn(out, TM_WARN_PRICE_STEP, (int)i,
				     "arm '%s' at %.2f is %+.1f%% from the current price %.2f: steps of 12-15%% are what the seed "
				     "advises",
				     a->name, a->price, step * 100, e->current_price);
		}
		double price;
		if (price_of(e, a, &price)) {
			bool seen = false;
			for (size_t k = 0; k < npoints && !seen; k++)
				seen = fabs(points[k] - price) <= STEP_EPS * (fabs(price) > 1 ? fabs(price) : 1);
			if (!seen)
				points[npoints++] = price;
		}
		if (smallest < 0 || a->visitors < smallest) {
			smallest = a->visitors;
			smallest_arm = (int)i;
		}
	}
	if (npoints > TM_PRICE_POINTS_MAX)
		warn(out, TM_WARN_TOO_MANY_ARMS, -1, "%zu price points at once: test at most %d (the control and two steps)",
		     npoints, TM_PRICE_POINTS_MAX);
	if (e->planned_sample > 0 && smallest >= 0 && smallest < e->planned_sample)
		warn(out, TM_WARN_PEEKING, smallest_arm,
		     "analysed before the planned sample: arm '%s' has %lld of the %lld qualified signups planned per arm; "
		     "a verdict now is peeking",
		     arms[smallest_arm].name, (long long)smallest, (long long)e->planned_sample);
}

void tm_experiment_analyze(const tm_experiment *e, const tm_arm *arms, size_t n, tm_experiment_analysis *out)
{
	memset(out, 0, sizeof(*out));
	if (n > TM_ARMS_MAX)
		n = TM_ARMS_MAX;
	out->n = n;
	out->control = -1;
	out->winner = -1;
	out->verdict = TM_VERDICT_NO_DIFFERENCE;
	for (size_t i = 0; i < n; i++) {
		tm_arm_result *r = &out->arms[i];
		const tm_arm *a = &arms[i];
		r->rate = a->visitors > 0 ? (double)a->conversions / (double)a->visitors : 0;
		tm_wilson(a->conversions, a->visitors, TM_ALPHA, &r->ci_low, &r->ci_high);
		r->p_value = 1;
		double rev;
		if (revenue_of(e, a, &rev)) {
			r->has_rpv = true;
			r->rpv = r->rate * rev;
		}
		if (a->control && out->control < 0)
			out->control = (int)i;
	}
	warnings(e, arms, n, out);
	if (out->control < 0) {
		warn(out, TM_WARN_NO_CONTROL, -1, "no control arm: add one with 'experiment arm add EXP NAME --control'");
		return;
	}
	const tm_arm *c = &arms[out->control];
	const tm_arm_result *cr = &out->arms[out->control];
	int best = -1, below = 0, variants = 0;
	for (size_t i = 0; i < n; i++) {
		if ((int)i == out->control)
			continue;
		tm_arm_result *r = &out->arms[i];
		const tm_arm *a = &arms[i];
		variants++;
		r->has_lift = true;
		r->lift_abs = r->rate - cr->rate;
		r->lift_rel = cr->rate > 0 ? r->lift_abs / cr->rate : 0;
		tm_two_proportion_z(a->conversions, a->visitors, c->conversions, c->visitors, &r->z, &r->p_value);
		r->significant = a->visitors > 0 && c->visitors > 0 && r->p_value < TM_ALPHA;
		r->needed_per_arm = tm_sample_size(cr->rate, r->rate, TM_ALPHA, TM_POWER);
		if (r->has_rpv && cr->has_rpv && e->monthly_traffic > 0) {
			r->has_annual = true;
			r->annual_impact = (r->rpv - cr->rpv) * (double)e->monthly_traffic * 12;
			if (e->has_cost && r->annual_impact > 0) {
				r->has_payback = true;
				r->payback_months = e->cost / (r->annual_impact / 12);
			}
		}
		if (r->significant && r->lift_abs > 0 && (best < 0 || r->rate > out->arms[best].rate))
			best = (int)i;
		if (r->significant && r->lift_abs < 0)
			below++;
	}
	if (best >= 0) {
		out->verdict = TM_VERDICT_VARIANT_WINS;
		out->winner = best;
	} else if (variants > 0 && below == variants) {
		out->verdict = TM_VERDICT_CONTROL_WINS;
		out->winner = out->control;
	}
}
