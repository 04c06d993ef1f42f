/*
 * experiments.h - the use cases of seed 003's lightweight experiments on
 * pricing, packaging and messaging: an experiment with its hypothesis, the
 * idea or launch it informs and its arms (a control and variants with a
 * price or a message), the arms' running totals, the analysis
 * (core/experiment.c's statistics) and the close, which records the result,
 * a decision in the ledger and feeds the idea. Like app.h: every write runs
 * in one transaction, records one audit row, and changes nothing when
 * refused; nothing here prints.
 */
#ifndef TM_APP_EXPERIMENTS_H
#define TM_APP_EXPERIMENTS_H

#include "app/app.h"
#include "core/experiment.h"

/* experiment add / experiment set: described by tm_experiment_desc. */
enum {
	TM_XI_NAME, TM_XI_KIND, TM_XI_HYPOTHESIS, TM_XI_CURRENT_PRICE, TM_XI_PLANNED_SAMPLE, TM_XI_MONTHLY_TRAFFIC,
	TM_XI_COST, TM_XI_OWNER, TM_XI_IDEA, TM_XI_LAUNCH, TM_XI_FIELDS
};
typedef struct tm_experiment_input {
	uint32_t given;                          /* 1 << TM_XI_* of each field given */
	char name[TM_EXPERIMENT_NAME_MAX + 1];   /* set: renames */
	int kind;                                /* enum tm_experiment_kind */
	char hypothesis[TM_TEXT_MAX + 1];
	double current_price;                    /* > 0 */
	int planned_sample;                      /* qualified signups planned per arm, 0: none */
	int monthly_traffic;                     /* visitors a month, for the annualised impact; 0: not given */
	double cost;                             /* what shipping the variant costs, >= 0 */
	char owner[TM_REF_MAX + 1];              /* a person; "" (none / null) clears it */
	int idea;                                /* a backlog item's id; 0 clears it */
	char launch[TM_SLUG_MAX + 1];            /* a launch; "" clears it */
	int64_t if_version;                      /* not an input: change only at this version (0: any) */
} tm_experiment_input;
extern const tm_input_desc tm_experiment_desc;

/* experiment arm add: described by tm_arm_desc. A variant needs a price or a message. */
enum { TM_XA_NAME, TM_XA_CONTROL, TM_XA_PRICE, TM_XA_MESSAGE, TM_XA_FIELDS };
typedef struct tm_arm_input {
	uint32_t given;
	char name[TM_ARM_NAME_MAX + 1];
	bool control;                            /* the experiment's one control */
	double price;                            /* > 0 */
	char message[TM_TEXT_MAX + 1];
} tm_arm_input;
extern const tm_input_desc tm_arm_desc;

/* experiment record: an arm's running totals, described by tm_arm_record_desc. */
enum { TM_XR_VISITORS, TM_XR_CONVERSIONS, TM_XR_REVENUE, TM_XR_FIELDS };
typedef struct tm_arm_record_input {
	uint32_t given;
	int visitors;                            /* qualified signups so far (checked: >= 0) */
	int conversions;                         /* of them, converted so far (checked: 0 … visitors) */
	double revenue_per_conversion;           /* >= 0 */
} tm_arm_record_input;
extern const tm_input_desc tm_arm_record_desc;

/* experiment close: described by tm_experiment_close_desc. */
enum { TM_XC_RESULT, TM_XC_DECISION, TM_XC_CHOSEN, TM_XC_DECIDED_BY, TM_XC_IDEA_STATUS, TM_XC_FIELDS };
typedef struct tm_experiment_close_input {
	uint32_t given;
	char result[TM_TEXT_MAX + 1];            /* what was learnt: the decision's why */
	char decision[TM_TEXT_MAX + 1];          /* what was decided (default: "Ship ARM" / "Keep the control") */
	char chosen[TM_ARM_NAME_MAX + 1];        /* the arm chosen (default: the analysis' winner, else the control) */
	char decided_by[TM_REF_MAX + 1];         /* a person (default: the experiment's owner) */
	int idea_status;                         /* index of tm_close_idea_statuses: the idea's status after */
} tm_experiment_close_input;
extern const tm_input_desc tm_experiment_close_desc;
/* The statuses a close may give the idea: "validating", "planned", "dropped", "sunset", NULL. */
extern const char *const tm_close_idea_statuses[];

/* An experiment with its arms. */
typedef struct tm_experiment_view {
	tm_experiment e;
	tm_arms arms;                            /* by position */
} tm_experiment_view;
typedef TM_VEC(tm_experiment_view) tm_experiment_views;

void tm_experiment_view_release(tm_experiment_view *v);
void tm_experiment_views_free(tm_experiment_views *vs);

/* An experiment analysed. */
typedef struct tm_experiment_report {
	tm_experiment_view v;
	int64_t monthly_traffic;                 /* the traffic the annual impact was computed at (0: none) */
	tm_experiment_analysis an;
} tm_experiment_report;

/* An experiment is named by ref: its name (any case), its id, or #id. */
int tm_app_experiment_add(tm_app *app, const tm_experiment_input *in, tm_experiment_view *out, tm_error *err);
/* Changes the fields given (in->if_version: TM_ESTALE when it has another version). */
int tm_app_experiment_set(tm_app *app, const char *ref, const tm_experiment_input *in, tm_experiment_view *out,
			  tm_error *err);
/* Removes an experiment and its arms (if_version 0: any); out gets what was removed. */
int tm_app_experiment_rm(tm_app *app, const char *ref, int64_t if_version, tm_experiment_view *out, tm_error *err);
int tm_app_experiment_get(tm_app *app, const char *ref, tm_experiment_view *out, tm_error *err);
/* status -1: any; by id. */
int tm_app_experiment_list(tm_app *app, int status, tm_experiment_views *out, tm_error *err);
/* The experiments that inform backlog item idea_id (their verdicts are what the idea learnt); status -1: any; by id. */
int tm_app_experiment_list_idea(tm_app *app, int64_t idea_id, int status, tm_experiment_views *out, tm_error *err);

/* Adds an arm (one control per experiment; at most TM_ARMS_MAX; not to a closed experiment). */
int tm_app_experiment_arm_add(tm_app *app, const char *ref, const tm_arm_input *in, tm_experiment_view *out,
			      tm_error *err);
int tm_app_experiment_arm_rm(tm_app *app, const char *ref, const char *arm, tm_experiment_view *out, tm_error *err);
/* Sets an arm's running totals (and its revenue per conversion when given). */
int tm_app_experiment_record(tm_app *app, const char *ref, const char *arm, const tm_arm_record_input *in,
			     tm_experiment_view *out, tm_error *err);

/*
 * Analyses an experiment: refused (TM_EINVAL, field "arms") without a control or with fewer than two
 * arms. monthly_traffic > 0 replaces the experiment's own for this analysis (nothing is stored).
 */
int tm_app_experiment_analyze(tm_app *app, const char *ref, int64_t monthly_traffic, tm_experiment_report *out,
			      tm_error *err);
/*
 * Closes an experiment (refused as analyze is, and when closed already: TM_ECONFLICT): records the
 * verdict, the result and today, a decision in the ledger (options: the arms; chosen; linked to the
 * experiment and to the idea it informs, about its launch), and, when it informs an idea, gives the
 * idea the status asked (default: planned when a variant won, else as it is).
 */
int tm_app_experiment_close(tm_app *app, const char *ref, const tm_experiment_close_input *in,
			    tm_experiment_report *out, tm_error *err);

#endif
