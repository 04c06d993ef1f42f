/*
 * experiment.h - seed 003's lightweight experiments on pricing, packaging and
 * messaging, and their honest statistics: each arm's conversion rate with a
 * 95 % Wilson score interval, the lift over control, a pooled two-sided
 * two-proportion z-test, revenue per visitor, the annualised revenue impact
 * and the payback period, the sample still needed at 80 % power, a verdict
 * at α = 0.05, and the seed's warnings (small samples, price steps outside
 * 12–15 %, too many price points, peeking). Pure: counts in, figures out.
 */
#ifndef TM_EXPERIMENT_H
#define TM_EXPERIMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_EXPERIMENT_NAME_MAX 120
#define TM_ARM_NAME_MAX 60
#define TM_ARMS_MAX 8
#define TM_EXPERIMENT_COUNT_MAX 1000000000LL   /* visitors, conversions, planned sample, monthly traffic */
#define TM_EXPERIMENT_MONEY_MAX 1e12           /* prices, revenue per conversion, cost */

enum tm_experiment_kind { TM_EXP_PRICING, TM_EXP_PACKAGING, TM_EXP_MESSAGING, TM_EXP_KIND_COUNT };
enum tm_experiment_status { TM_EXP_RUNNING, TM_EXP_CLOSED, TM_EXP_STATUS_COUNT };
enum tm_verdict { TM_VERDICT_NO_DIFFERENCE, TM_VERDICT_VARIANT_WINS, TM_VERDICT_CONTROL_WINS, TM_VERDICT_COUNT };

extern const char *const tm_experiment_kind_names[];   /* "pricing", "packaging", "messaging", NULL */
extern const char *const tm_experiment_status_names[]; /* "running", "closed", NULL */
extern const char *const tm_verdict_names[];           /* "no-difference-yet", "variant-wins", "control-wins", NULL */

typedef struct tm_arm {
	int64_t id;
	int64_t experiment_id;
	int position;                    /* order within the experiment */
	char name[TM_ARM_NAME_MAX + 1];
	bool control;
	bool has_price;
	double price;
	char message[TM_TEXT_MAX + 1];   /* a messaging variant's text, "" when none */
	int64_t visitors;                /* qualified signups shown this arm (running total) */
	int64_t conversions;             /* of them, how many converted (<= visitors) */
	bool has_revenue;
	double revenue_per_conversion;
} tm_arm;
typedef TM_VEC(tm_arm) tm_arms;

typedef struct tm_experiment {
	int64_t id;
	char name[TM_EXPERIMENT_NAME_MAX + 1];
	int kind;                        /* enum tm_experiment_kind */
	char hypothesis[TM_TEXT_MAX + 1];
	int64_t owner_id;                /* 0: none */
	char owner[TM_NAME_MAX + 1];
	int64_t idea_id;                 /* the backlog item it informs, 0: none */
	char idea[201];                  /* its title */
	int64_t launch_id;               /* the launch it informs, 0: none */
	char launch_slug[TM_SLUG_MAX + 1];
	bool has_current_price;
	double current_price;
	int64_t planned_sample;          /* per arm, 0: none planned */
	int64_t monthly_traffic;         /* visitors a month, for the annualised impact; 0: not given */
	bool has_cost;
	double cost;                     /* what shipping the variant costs, for the payback period */
	int status;                      /* enum tm_experiment_status */
	int verdict;                     /* closed: the verdict recorded (enum tm_verdict), else -1 */
	char result[TM_TEXT_MAX + 1];    /* closed: the result recorded */
	int64_t decision_id;             /* closed: its entry in the decision ledger */
	tm_date closed_on;               /* 0 while running */
	int64_t version;
	char created_at[32], updated_at[32];
} tm_experiment;
typedef TM_VEC(tm_experiment) tm_experiments;

/* ---- the statistics (each checked against published worked examples in the tests) ---- */

/* The standard normal CDF, and its inverse (p in (0, 1)). */
double tm_normal_cdf(double z);
double tm_normal_quantile(double p);
/* The Wilson score interval of x successes in n trials at confidence 1 − alpha (n 0: [0, 1]). */
void tm_wilson(int64_t x, int64_t n, double alpha, double *low, double *high);
/* Pooled two-sided two-proportion z-test: z and its p-value (both 0 and 1 when undefined). */
void tm_two_proportion_z(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double *z, double *p);
/* Visitors per arm needed to detect p1 → p2 (two-sided alpha, power), or 0 when p1 == p2. */
double tm_sample_size(double p1, double p2, double alpha, double power);

/* One arm analysed. Lift and p are against the control; has_lift false for the control itself. */
typedef struct tm_arm_result {
	double rate, ci_low, ci_high;
	bool has_lift;
	double lift_abs, lift_rel;       /* rate − control's; (rate − control's) ÷ control's (0 when control's is 0) */
	double z, p_value;
	bool has_rpv;
	double rpv;                      /* revenue per visitor: rate × revenue per conversion */
	bool has_annual;
	double annual_impact;            /* (rpv − control's rpv) × monthly traffic × 12 */
	bool has_payback;
	double payback_months;           /* cost ÷ monthly impact, when the impact is positive */
	double needed_per_arm;           /* visitors per arm to detect the observed effect at 80 % power (0: none) */
	bool significant;                /* p < alpha */
} tm_arm_result;

enum tm_experiment_warning {
	TM_WARN_SMALL_SAMPLE,            /* fewer than 150 qualified signups in an arm */
	TM_WARN_PRICE_STEP,              /* a price more than 15 % or less than 12 % from the current price */
	TM_WARN_TOO_MANY_ARMS,           /* more than three price points at once */
	TM_WARN_PEEKING,                 /* analysed before the planned sample size was reached */
	TM_WARN_NO_CONTROL,              /* no control arm (no analysis is possible) */
	TM_WARN_COUNT
};
extern const char *const tm_experiment_warning_names[]; /* "small-sample", "price-step", "too-many-arms", "peeking", "no-control" */

typedef struct tm_experiment_warn {
	int rule;                        /* enum tm_experiment_warning */
	int arm;                         /* the arm's index, -1: the whole experiment */
	char message[320];
} tm_experiment_warn;

#define TM_SMALL_SAMPLE_MIN 150
#define TM_PRICE_STEP_LOW 0.12
#define TM_PRICE_STEP_HIGH 0.15
#define TM_PRICE_POINTS_MAX 3
#define TM_ALPHA 0.05
#define TM_POWER 0.80

typedef struct tm_experiment_analysis {
	size_t n;                        /* arms analysed (== arms given) */
	tm_arm_result arms[TM_ARMS_MAX];
	int control;                     /* the control's index, -1: none */
	int verdict;                     /* enum tm_verdict */
	int winner;                      /* the winning arm's index (variant or control), -1: none */
	size_t nwarn;
	tm_experiment_warn warn[TM_ARMS_MAX * 2 + 4];
} tm_experiment_analysis;

/*
 * Analyses an experiment's arms (in their order). The verdict: a variant wins when its rate is
 * significantly above the control's (the best such, by rate); the control wins when every variant
 * is significantly below it; else no difference yet. alpha TM_ALPHA.
 */
void tm_experiment_analyze(const tm_experiment *e, const tm_arm *arms, size_t n, tm_experiment_analysis *out);

/* Checks an arm's counts: conversions <= visitors, both >= 0 (TM_EINVAL naming the field). */
int tm_arm_counts_check(int64_t visitors, int64_t conversions, tm_error *err);

#endif
