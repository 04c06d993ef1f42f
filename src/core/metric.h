/*
 * metric.h - a launch's success metrics (seed 003's "metrics that matter",
 * seed 000's success-metrics line of the brief) and the one rule that judges
 * them against their targets, and the post-launch review stages of seed 000.
 *
 * A metric has a baseline, a target (a value, or a change from the baseline
 * in percent or in points) and a window of days after launch day T. Its
 * target path is the straight line from the baseline at T to the target at
 * T + window. Pure: values in, judgements out.
 */
#ifndef TM_METRIC_H
#define TM_METRIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/model.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_METRIC_NAME_MAX 120   /* "Activation rate" */
#define TM_METRIC_SOURCE_MAX 300 /* "Amplitude: activation funnel" */
#define TM_METRIC_WINDOW_MAX 3660 /* days after T: ten years */
#define TM_METRIC_VALUE_MAX 1e15 /* |value| a metric holds (baseline, target, observation) */
#define TM_REVIEW_NOTES_MAX 16000 /* a review's notes, Markdown, in bytes */

#define TM_METRIC_KINDS(X)                     \
	X(ACTIVATION, "activation")            \
	X(TIME_TO_VALUE, "time-to-value")      \
	X(ADOPTION, "adoption")                \
	X(RETENTION, "retention")              \
	X(CHURN, "churn")                      \
	X(EXPANSION, "expansion")              \
	X(CONVERSION, "conversion")            \
	X(REVENUE, "revenue")                  \
	X(NPS, "nps")                          \
	X(PIPELINE, "pipeline")                \
	X(SUPPORT_TICKETS, "support-tickets")  \
	X(CUSTOM, "custom")

enum tm_metric_kind {
#define X(id, text) TM_MK_##id,
	TM_METRIC_KINDS(X)
#undef X
	TM_METRIC_KIND_COUNT
};

const char *tm_metric_kind_name(int k);
int tm_metric_kind_parse(const char *s);    /* -1 when unknown */

/* Units: "%", "points", "count", "days", or a currency's ISO 4217 code ("EUR"). */
enum tm_metric_unit { TM_UNIT_PERCENT, TM_UNIT_POINTS, TM_UNIT_COUNT, TM_UNIT_DAYS, TM_UNIT_CURRENCY };

typedef struct tm_unit {
	int unit;                /* enum tm_metric_unit */
	char currency[4];        /* TM_UNIT_CURRENCY: "EUR"; else "" */
} tm_unit;

/*
 * Parses a unit: "%" or "percent"; "points" or "pt"; "count"; "days"; "EUR" (three capital
 * letters) or "currency:EUR". "currency" alone is refused (it needs its code). TM_EINVAL with a
 * message naming the accepted forms.
 */
int tm_unit_parse(const char *s, tm_unit *out, tm_error *err);
/* "%", "points", "count", "days", "EUR": what tm_unit_parse reads back. */
const char *tm_unit_name(const tm_unit *u);

/*
 * A target: a value in the metric's unit, or a change from the baseline. Forms (tm_target_parse):
 *   "48", "48.5", "-3"      a value (a plain number, signed or not, is always a value)
 *   "48%"                   a value, only for a metric in % (checked by tm_metric_check)
 *   "+20%", "-15%"          a change of the baseline by that percent of it (48 = 40 +20%)
 *   "+5pt", "-3pt"          a change in points (45 = 40 +5pt), only for a metric in % or points
 */
enum tm_target_kind { TM_TARGET_VALUE, TM_TARGET_PERCENT, TM_TARGET_POINTS };

typedef struct tm_target {
	int kind;                /* enum tm_target_kind */
	double v;                /* VALUE: the value; PERCENT, POINTS: the signed change */
	bool percent_sign;       /* VALUE written "48%" */
} tm_target;

/* TM_EINVAL when s is none of the forms above (message says which forms are accepted). */
int tm_target_parse(const char *s, tm_target *out, tm_error *err);
/* The target as tm_target_parse reads it back: "48", "48%", "+20%", "-3pt". */
void tm_target_format(const tm_target *t, char *out, size_t n);

/*
 * A number given by a person or a file: decimal, optional sign, fraction and exponent; not NaN,
 * not infinite, |v| at most TM_METRIC_VALUE_MAX, nothing after it. TM_EINVAL otherwise.
 */
int tm_metric_value_parse(const char *s, double *out, tm_error *err);
/* v at most 10 significant digits, no trailing zeros ("45.2", "1200", "-3"). */
void tm_metric_value_format(double v, char *out, size_t n);
/* v with its unit: "45.2%", "12 points", "1200", "3.5 days", "1200 EUR". */
void tm_metric_value_with_unit(double v, const tm_unit *u, char *out, size_t n);

/* What the latest observations of a metric come to (kept with it: see tm_metric_summarize). */
typedef struct tm_metric_summary {
	int n;                   /* how many observations */
	bool has_latest;
	tm_date latest_on;       /* the latest observation: the greatest (date, id) */
	double latest;
	bool met;
	tm_date met_on;          /* the first day an observation within [T, T + window] reached the target */
} tm_metric_summary;

typedef struct tm_metric {
	int64_t id;
	int64_t launch_id;
	char launch_slug[TM_SLUG_MAX + 1];     /* filled on reads */
	char name[TM_METRIC_NAME_MAX + 1];
	int kind;                              /* enum tm_metric_kind */
	tm_unit unit;
	bool down;                             /* direction: false up is good, true down is good */
	double baseline;
	bool has_baseline_on;
	tm_date baseline_on;                   /* when the baseline was measured */
	tm_target target;
	int window;                            /* days after T, 1..TM_METRIC_WINDOW_MAX */
	int64_t owner_id;                      /* 0: none */
	char owner[TM_NAME_MAX + 1];           /* filled on reads */
	char source[TM_METRIC_SOURCE_MAX + 1]; /* "Amplitude: activation funnel", "" none */
	int position;                          /* order within the launch */
	int64_t version;                       /* bumped on every change of the fields above (ETag) */
	tm_metric_summary sum;                 /* kept by the app on every change (not the version) */
} tm_metric;

typedef struct tm_observation {
	int64_t id;
	int64_t metric_id;
	tm_date on;
	double value;
	char note[TM_TEXT_MAX + 1];            /* "" none */
	char by[TM_NAME_MAX + 1];              /* who recorded it */
	char at[32];                           /* when, RFC 3339 UTC */
} tm_observation;

typedef TM_VEC(tm_metric) tm_metrics;
typedef TM_VEC(tm_observation) tm_observations;

/* The target as a value in the metric's unit: VALUE as is, PERCENT baseline × (1 + v/100), POINTS baseline + v. */
double tm_metric_target_value(const tm_metric *m);
/* Does value reach the target in the metric's good direction (≥ up, ≤ down; within 1e-9 relative)? */
bool tm_metric_reaches(const tm_metric *m, double value);

/*
 * Checks a metric's fields together: the name (tm_check_text), kind, window 1..max, the target's
 * form for the unit ("48%" only in %, points only in % or points; a change in percent not on a
 * count, whose target is a count), the target on the good side of the baseline (above it when up
 * is good, below when down), values within ±TM_METRIC_VALUE_MAX. err->field names the field
 * ("target", "window", "unit", "baseline").
 */
int tm_metric_check(const tm_metric *m, tm_error *err);

/* The target path on day d: baseline at T and before, target at T + window and after, a straight line between. */
double tm_metric_expected(const tm_metric *m, tm_date T, tm_date d);

/*
 * Sums up observations (any order) for metric m of a launch on T: how many, the latest (greatest
 * date, then greatest id: of several on one day the last recorded counts), and the first day one
 * within [T, T + window] reached the target. An observation before T is kept as the latest but
 * never meets the target (the target is the window's), nor does one after the window.
 */
void tm_metric_summarize(const tm_metric *m, tm_date T, const tm_observation *obs, size_t n, tm_metric_summary *out);

#define TM_METRIC_STATES(X)        \
	X(NO_DATA, "no-data")      \
	X(ON_TRACK, "on-track")    \
	X(BEHIND, "behind")        \
	X(MET, "met")              \
	X(MISSED, "missed")

enum tm_metric_state {
#define X(id, text) TM_MS_##id,
	TM_METRIC_STATES(X)
#undef X
	TM_METRIC_STATE_COUNT
};

const char *tm_metric_state_name(int s);
int tm_metric_state_parse(const char *s);

/*
 * The judgement of one metric on today (the rule, documented in the README):
 *   met       an observation within [T, T + window] reached the target (it stays met);
 *   missed    today is after T + window and it was never met (with or without observations);
 *   no-data   no observation yet;
 *   on-track  the latest observation is at least as good as the target path on its own date;
 *   behind    it is worse.
 * stale: T + 14 days ≤ today ≤ T + window, not met, and no observation dated within the 14 days
 * up to today ("track progress weekly").
 */
typedef struct tm_metric_judgement {
	int state;                 /* enum tm_metric_state */
	double target;             /* tm_metric_target_value */
	tm_date window_end;        /* T + window */
	bool has_observed;
	double observed;           /* the latest observation */
	tm_date observed_on;
	bool has_expected;
	double expected;           /* the path on observed_on (when has_observed) */
	bool stale;
	int days_left;             /* days from today to window_end (negative after it) */
} tm_metric_judgement;

void tm_metric_judge(const tm_metric *m, tm_date T, tm_date today, tm_metric_judgement *out);

/*
 * The path's value (j->expected) as people read it beside the metric's own figures, with its unit:
 * as many decimals as the baseline, target and observation are written with (at least
 * min_decimals), more when rounding would make it read the same as the observation it differs from
 * (so "41.5 behind 41.5" cannot happen). "-" when the judgement has no expected value.
 */
void tm_metric_expected_text(const tm_metric *m, const tm_metric_judgement *j, int min_decimals, char *out, size_t n);

/* A metric judged on today, with its launch's day and name (what every listing of metrics shows). */
typedef struct tm_metric_view {
	tm_metric m;
	tm_metric_judgement j;
	tm_date T;                             /* its launch's day */
	char launch_name[TM_NAME_MAX + 1];
	int tier;
	int launch_status;                     /* enum tm_launch_status */
} tm_metric_view;
typedef TM_VEC(tm_metric_view) tm_metric_views;

/* ---- post-launch reviews (seed 000's post-launch GTM activities) ---- */

#define TM_REVIEW_STAGES(X)                       \
	X(DAY_1, "day-1", "Day 1", "T")           \
	X(WEEK_1, "week-1", "Week 1", "T+1w")     \
	X(WEEK_2, "week-2", "Week 2", "T+2w")     \
	X(MONTH_1, "month-1", "Month 1", "T+1m")  \
	X(MONTH_2, "month-2", "Month 2", "T+2m")  \
	X(QUARTER, "quarter", "Quarter", "T+1q")

enum tm_review_stage {
#define X(id, name, label, offset) TM_STAGE_##id,
	TM_REVIEW_STAGES(X)
#undef X
	TM_STAGE_COUNT
};

const char *tm_stage_name(int s);           /* "week-2" */
const char *tm_stage_label(int s);          /* "Week 2" */
const char *tm_stage_offset(int s);         /* "T+2w": the due offset of its post-launch task */
/* "week-2", "week2", "Week 2" (any case); -1 when unknown. */
int tm_stage_parse(const char *s);
/* The day a stage falls on for launch day T (the offset resolved in calendar days, not working days). */
tm_date tm_stage_date(int s, tm_date T);
/* The stage's questions (seed 000: sales feedback at week 2, retrospective prompts at month 2), NULL-terminated. */
const char *const *tm_stage_questions(int s);

/* A review that was held. */
typedef struct tm_review {
	int64_t launch_id;
	int stage;                               /* enum tm_review_stage */
	tm_date held_on;
	char notes[TM_REVIEW_NOTES_MAX + 1];     /* Markdown */
	char by[TM_NAME_MAX + 1];
	char at[32];
} tm_review;

typedef TM_VEC(tm_review) tm_reviews;

#endif
