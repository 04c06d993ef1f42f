/*
 * metrics.h - the use cases after launch day: success metrics and their
 * observations, the post-launch reviews, the leadership dashboard and the
 * monthly stakeholder update (seed 000's post-launch activities, seed 003's
 * metrics that matter). Like app.h: every write runs in one transaction and
 * changes nothing when refused; nothing here prints.
 */
#ifndef TM_APP_METRICS_H
#define TM_APP_METRICS_H

#include "app/app.h"
#include "core/metric.h"

/* ---- metrics ---- */

/* metric add / metric set: described by tm_metric_desc. */
enum {
	TM_MI_NAME, TM_MI_KIND, TM_MI_UNIT, TM_MI_DIRECTION, TM_MI_BASELINE, TM_MI_BASELINE_ON, TM_MI_TARGET,
	TM_MI_WINDOW, TM_MI_OWNER, TM_MI_SOURCE, TM_MI_FIELDS
};
typedef struct tm_metric_input {
	uint32_t given;                        /* 1 << TM_MI_* of each field given */
	char name[TM_METRIC_NAME_MAX + 1];     /* set: renames */
	int kind;                              /* enum tm_metric_kind */
	char unit[24];                         /* tm_unit_parse's forms, checked by the use case */
	int direction;                         /* 0 up is good, 1 down is good */
	double baseline;
	tm_date baseline_on;                   /* when the baseline was measured (not after today) */
	tm_target target;                      /* TM_IN_TARGET: "48", "48%", "+20%", "-3pt" (a JSON number: a value) */
	int window;                            /* days after T */
	char owner[TM_REF_MAX + 1];            /* a person; "" (none / null) clears it */
	char source[TM_METRIC_SOURCE_MAX + 1]; /* "" clears it */
	int64_t if_version;                    /* not an input: change only at this version (0: any) */
} tm_metric_input;
extern const tm_input_desc tm_metric_desc;

/* metric record, and each observation the API posts: described by tm_observation_desc. */
enum { TM_OI_VALUE, TM_OI_ON, TM_OI_NOTE, TM_OI_FIELDS };
typedef struct tm_observation_input {
	uint32_t given;
	double value;                          /* TM_IN_NUMBER */
	tm_date on;                            /* default: today; not after today */
	char note[TM_TEXT_MAX + 1];
} tm_observation_input;
extern const tm_input_desc tm_observation_desc;


/*
 * A metric is named by launch_ref and metric_ref (its name, case-insensitive, or its id); with
 * launch_ref NULL, metric_ref must be its id (the API's /metrics/{id}).
 */
int tm_app_metric_add(tm_app *app, const char *launch_ref, const tm_metric_input *in, tm_metric_view *out,
		      tm_error *err);
/* Changes the fields given (in->if_version: TM_ESTALE when the metric has another version). A change
 * of target, window, direction or baseline is judged again at once. */
int tm_app_metric_set(tm_app *app, const char *launch_ref, const char *metric_ref, const tm_metric_input *in,
		      tm_metric_view *out, tm_error *err);
/* Removes a metric and its observations (if_version 0: any version). */
int tm_app_metric_rm(tm_app *app, const char *launch_ref, const char *metric_ref, int64_t if_version,
		     tm_metric_view *out, tm_error *err);
int tm_app_metric_get(tm_app *app, const char *launch_ref, const char *metric_ref, tm_metric_view *out,
		      tm_error *err);
/* A launch's metrics, judged. */
int tm_app_metric_list(tm_app *app, const char *launch_ref, tm_metric_views *out, tm_error *err);
/* Every metric of every launch not cancelled (launch_ref NULL), or one launch's: metric status. */
int tm_app_metric_status(tm_app *app, const char *launch_ref, tm_metric_views *out, tm_error *err);
/* A metric's observations, oldest first. */
int tm_app_metric_observations(tm_app *app, const char *launch_ref, const char *metric_ref, tm_observations *out,
			       tm_error *err);
/*
 * Records observations of one metric in one transaction: all or none. A bad one is TM_EINVAL naming
 * its field (and, of several, its index: "observations[3]: …"). out (may be NULL) gets the recorded
 * observations with their ids; view (may be NULL) the metric judged after them.
 */
int tm_app_metric_record(tm_app *app, const char *launch_ref, const char *metric_ref,
			 const tm_observation_input *in, size_t n, tm_observations *out, tm_metric_view *view,
			 tm_error *err);
/*
 * metric import: CSV text (source names it in errors: "FILE:LINE:COLUMN: …") with a header row
 * date,metric,value[,note] (any order, any case; a missing or duplicate column is refused), ISO
 * dates; each row is an observation of the launch's metric it names. All rows or none. *imported
 * gets how many were recorded.
 */
int tm_app_metric_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len,
			      const char *source, int *imported, tm_error *err);
int tm_app_metric_import(tm_app *app, const char *launch_ref, const char *path, int *imported, tm_error *err);

/*
 * For the use cases that move launch day (app/delay.c): judges the launch's metrics again from their
 * observations, inside the open write transaction (the window starts at the new T).
 */
int tm_app_metrics_refresh(tm_app *app, int64_t launch_id, tm_date T, tm_error *err);

/* ---- post-launch reviews ---- */

/* What a review document quotes. */
typedef struct tm_launch_review {
	tm_launch launch;
	int stage;                             /* enum tm_review_stage */
	tm_date on;                            /* the stage's day (tm_stage_date) */
	tm_metric_views metrics;
	tm_observations *obs;                  /* obs[i]: metrics.v[i]'s observations, oldest first */
	tm_tasks open;                         /* the launch's tasks still open */
	tm_decisions decisions;                /* decisions recorded since T */
	bool held;                             /* the review was recorded (tminus review … --done) */
	tm_review review;                      /* when held */
	int64_t task_id;                       /* the stage's post-launch task (0: the launch has none) */
	tm_date today;
} tm_launch_review;

void tm_launch_review_release(tm_launch_review *r);
/* The review of one stage (-1: the latest stage whose day has come, else day-1). */
int tm_app_review(tm_app *app, const char *launch_ref, int stage, tm_launch_review *out, tm_error *err);
/*
 * Records that the review happened (today, by app->user), with its notes (Markdown, at most
 * TM_REVIEW_NOTES_MAX bytes, valid UTF-8), and marks the stage's post-launch task done (the task
 * whose due offset is the stage's, in section Post-launch). Refused before launch day T (TM_EINVAL);
 * held again, it replaces the earlier record. out is the review afterwards.
 */
int tm_app_review_done(tm_app *app, const char *launch_ref, int stage, const char *notes, size_t len,
		       tm_launch_review *out, tm_error *err);
/* Every review held of a launch. */
int tm_app_review_list(tm_app *app, const char *launch_ref, tm_reviews *out, tm_error *err);

/* A launch's review stages: the day each falls on, which were held, and the one tminus review LAUNCH
 * shows (the latest whose day has come, else day-1), so that no front end counts the days itself. */
typedef struct tm_review_stages {
	tm_launch launch;
	int current;                           /* enum tm_review_stage */
	tm_date on[TM_STAGE_COUNT];            /* tm_stage_date of each stage */
	tm_reviews held;                       /* the reviews held, by stage */
	tm_date today;
} tm_review_stages;

void tm_review_stages_release(tm_review_stages *s);
int tm_app_review_stages(tm_app *app, const char *launch_ref, tm_review_stages *out, tm_error *err);

/* ---- the leadership dashboard ---- */

typedef struct tm_dashboard_row {
	tm_launch launch;
	bool launched;                         /* T is today or past (after T: metric status; before: readiness) */
	int score;                             /* readiness 0-100 before T, -1 after */
	int errors, warnings;                  /* blocking and other findings before T */
	int metrics[TM_METRIC_STATE_COUNT];    /* after T: how many metrics in each state */
	tm_date first_date;                    /* launch day as first planned (== launch.date when never moved) */
	int slip_days;                         /* launch.date − first_date in calendar days (0: never slipped) */
	int moves;                             /* how many times T moved */
} tm_dashboard_row;

typedef struct tm_dashboard {
	char quarter[8];                       /* "2027Q1" */
	tm_date from, to;                      /* the quarter's first and last day */
	TM_VEC(tm_dashboard_row) rows;         /* by tier, then date, then slug */
	tm_metric_views behind;                /* metrics behind or missed of the quarter's launches, worst first */
	int by_tier[5];                        /* launches per tier (index 1..4) */
	tm_date today;
} tm_dashboard;

void tm_dashboard_release(tm_dashboard *d);
/* quarter "2027Q1" (also "2027-Q1", "q1 2027"); NULL: today's quarter. */
int tm_app_dashboard(tm_app *app, const char *quarter, tm_dashboard *out, tm_error *err);

/* ---- the monthly stakeholder update (seed 003) ---- */

typedef struct tm_metric_move {
	tm_metric_view v;
	bool has_from;
	double from;                           /* the last observation before the month (else the baseline) */
	double to;                             /* the last observation within the month */
	tm_date to_on;
} tm_metric_move;

typedef struct tm_stakeholder_update {
	int year, month;
	tm_date from, to;                      /* the month's first and last day */
	tm_launches shipped;                   /* launch day within the month, not cancelled */
	tm_launches coming;                    /* launch day within the next two months, not cancelled */
	TM_VEC(tm_metric_move) moved;          /* metrics with an observation within the month */
	tm_decisions decisions;                /* decided within the month */
	tm_checks risks;                       /* the coming launches' checks (their blocking findings) */
	tm_date today;
} tm_stakeholder_update;

void tm_stakeholder_update_release(tm_stakeholder_update *u);
/* month "2027-03"; NULL: the month before today's (the email goes out after the month). */
int tm_app_stakeholder_update(tm_app *app, const char *month, tm_stakeholder_update *out, tm_error *err);

#endif
