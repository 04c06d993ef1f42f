/*
 * rules.h - readiness: the anti-patterns of seed 000 as rules that read a
 * launch the way an experienced product marketer would, the schedule rules
 * from its plan, readiness per function, and a score.
 *
 * Pure: the caller gathers a snapshot (the launch, its tasks, its plan, its
 * brief, the calendar, its neighbours in the portfolio) and gets findings.
 */
#ifndef TM_RULES_H
#define TM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/brief.h"
#include "core/date.h"
#include "core/metric.h"
#include "core/model.h"
#include "core/plan.h"
#include "util/vec.h"

enum tm_severity { TM_SEV_INFO, TM_SEV_WARNING, TM_SEV_ERROR };

#define TM_RULES(X)                                                                                            \
	X(SHIP_AND_FORGET, "ship-and-forget", ERROR,                                                          \
	  "Launching without a GTM plan: launch day is within 10 working days and the launch has no GTM "     \
	  "tasks beyond the product's own, or none of them has started.")                                     \
	X(MARKETING_SURPRISE, "marketing-surprise", ERROR,                                                     \
	  "\"Oh, we're launching tomorrow?\": a Tier 1-2 launch has no marketing owner, or its 'Messaging "  \
	  "approved' milestone is past due and not done.")                                                     \
	X(OVER_PROMISING, "over-promising", ERROR,                                                             \
	  "Marketing claims beyond capability: a Tier 1-2 brief lists no limitations (warning), or a key "    \
	  "message mentions something its limitations exclude (error).")                                      \
	X(UNDER_COMMUNICATING, "under-communicating", ERROR,                                                   \
	  "Internal teams learn from customers: launch day is within 5 working days and the tasks that "      \
	  "inform or train sales and support are not done (or there are none).")                             \
	X(ONE_SIZE_FITS_ALL, "one-size-fits-all", WARNING,                                                     \
	  "Same GTM for every feature: every launch of the last quarter (at least three) has the same tier, " \
	  "or most of a launch's playbook tasks come from another tier's checklist.")                         \
	X(PM_AS_MARKETER, "pm-as-marketer", WARNING,                                                           \
	  "Writing all the copy yourself: the launch's PM owns marketing copy (blog post, emails, social, "   \
	  "press).")                                                                                           \
	X(SALES_BLINDSIDE, "sales-blindside", ERROR,                                                           \
	  "Customers know before the sales team: a customer-facing communication (customer emails, in-app, "  \
	  "blog, press) is due before sales training is due, and training is not done.")                      \
	X(NO_FEEDBACK_LOOP, "no-feedback-loop", WARNING,                                                       \
	  "Not measuring GTM effectiveness: the brief has no success metric with a target and a timeframe, "  \
	  "or the launch has no post-launch review task (tiers 1-3; info for tier 3).")                       \
	X(OVERDUE, "overdue", WARNING, "A task is past its due date and not done (an error for milestones).")  \
	X(AT_RISK, "at-risk", ERROR, "A task has negative slack: even started now it cannot make its dates.") \
	X(UNOWNED, "unowned", WARNING, "An open task has no owner.")                                           \
	X(OWNER_OVERLOAD, "owner-overload", WARNING,                                                           \
	  "Someone who owns open tasks of the launch is booked over their weekly capacity (plan --all).")      \
	X(FREEZE_CONFLICT, "freeze-conflict", ERROR, "Launch day falls inside a freeze window.")               \
	X(LAUNCH_COLLISION, "launch-collision", WARNING,                                                       \
	  "Another Tier 1 launch lands within 10 working days of this Tier 1 launch.")                         \
	X(WEEKEND_LAUNCH, "weekend-launch", WARNING, "Launch day is a Saturday, a Sunday or a holiday.")       \
	X(BRIEF_INCOMPLETE, "brief-incomplete", WARNING,                                                       \
	  "A field the tier requires is empty: tier 1 needs every section of the brief; tier 2 what, why "    \
	  "(users), primary audience, headline, limitations and success metrics; tier 3 what.")                \
	X(DELAY_MESSAGE_UNSET, "delay-message-unset", WARNING,                                                 \
	  "Launch day moved later and customers are not told why: the external delay message still has a "     \
	  "placeholder where the reason that benefits them goes (launch delay --public-reason).")                \
	X(LAUNCH_DAY_PASSED, "launch-day-passed", WARNING,                                                     \
	  "Launch day is in the past and the launch is still planned: mark it launched, or move it.")          \
	X(LAUNCHED_EARLY, "launched-early", WARNING,                                                           \
	  "The launch is marked launched before its launch day while required tasks are still open.")          \
	X(PRODUCT_SLIP, "product-slip", ERROR,                                                                 \
	  "Engineering slipped: a marketing task must start before the product milestone it waits for "       \
	  "(Feature defined, Development start, Beta launch, Code complete) is due, so the plan cannot be "   \
	  "met.")                                                                                              \
	X(UNAPPROVED_EXTERNAL_COPY, "unapproved-external-copy", WARNING,                                       \
	  "External copy (blog, emails, press release, in-app, website, customer communication) lacks the "   \
	  "approval of the launch's PMM or a reviewer (an error within 2 working days of launch day).")     \
	X(METRIC_MISSING, "metric-missing", WARNING,                                                           \
	  "No success metric: a Tier 1 or 2 launch, from 2 weeks before launch day on, has no metric with a "  \
	  "target (the brief's success metrics: tminus metric add).")                                          \
	X(METRIC_STALE, "metric-stale", WARNING,                                                               \
	  "Track progress weekly: a launched launch's metric, not yet met, has had no observation in the last " \
	  "14 days (from 2 weeks after launch day to the end of its window).")                                 \
	X(METRIC_BEHIND, "metric-behind", WARNING,                                                             \
	  "A metric's latest observation is worse than its target path (the straight line from the "         \
	  "baseline at launch day to the target at the window's end).")                                       \
	X(METRIC_MISSED, "metric-missed", ERROR,                                                               \
	  "A metric's window after launch day is over and its target was never reached.")                     \
	X(ROADMAP_REVIEW_DUE, "roadmap-review-due", WARNING,                                                   \
	  "The living roadmap is reviewed every 6 weeks (seed 003): it has items and its last review "         \
	  "(tminus roadmap review) is more than 6 weeks old, or it was never reviewed. About the workspace, "  \
	  "not a launch: check --all reports it.")

enum tm_rule_id {
#define X(id, name, sev, desc) TM_RULE_##id,
	TM_RULES(X)
#undef X
	TM_RULE_COUNT
};

typedef struct tm_rule_info {
	const char *name;
	int severity;            /* the rule's usual severity */
	const char *description;
} tm_rule_info;

const tm_rule_info *tm_rule(int id);
/* The rule id for a name, or -1. */
int tm_rule_parse(const char *name);
const char *tm_severity_name(int sev);

typedef struct tm_finding {
	int rule;                /* enum tm_rule_id */
	int severity;
	int64_t launch_id;
	int64_t task_id;         /* 0 when it is about the launch */
	char message[512];
	char hint[300];
} tm_finding;

typedef TM_VEC(tm_finding) tm_findings;

/* Someone's booking in one week, for owner-overload. */
typedef struct tm_overload {
	int64_t person_id;
	char person[TM_NAME_MAX + 1];
	int year, week, capacity;
	double days;
} tm_overload;

typedef struct tm_check_input {
	const tm_launch *launch;
	const tm_task *tasks;            /* every task of the launch */
	size_t n_tasks;
	const tm_plan *plan;             /* the plan of its open tasks (plan->tasks[i].id) */
	const tm_brief *brief;
	bool brief_written;
	const tm_calendar *cal;
	const tm_freeze *freezes;
	size_t n_freezes;
	const tm_launch *portfolio;      /* every launch that is not cancelled (for collisions, one-size) */
	size_t n_portfolio;
	const tm_overload *overloads;    /* over-capacity weeks of people owning this launch's open tasks */
	size_t n_overloads;
	const tm_date_change *last_move; /* the last move of launch day, NULL when it never moved */
	const char *pmm;                 /* the launch's PMM (approves external copy), "" or NULL when none */
	const tm_metric *metrics;        /* the launch's success metrics (sum filled), NULL when none */
	size_t n_metrics;
	tm_date today;
	const bool *only;                /* TM_RULE_COUNT flags: the rules to run; NULL runs every rule */
} tm_check_input;

/* Evaluates every rule (or in->only's); findings are appended, most severe first within this launch. */
void tm_check_launch(const tm_check_input *in, tm_findings *out);

/*
 * The findings about the workspace rather than one launch: roadmap-review-due, appended to out when the
 * roadmap (n_items items) has a review due today (tm_roadmap_review_due); launch_id 0. only as in
 * tm_check_input (NULL: every rule).
 */
void tm_check_roadmap(size_t n_items, bool has_review, tm_date last_review, tm_date today, const bool *only,
		      tm_findings *out);

/* Readiness of one function (positioning, marketing, sales, customer success, product, support, legal). */
typedef struct tm_function_readiness {
	char function[32];
	int done, open, late;
	int worst;                       /* worst severity of its findings, -1 none */
	int worst_rule;                  /* the rule behind it, -1 none */
} tm_function_readiness;

#define TM_FUNCTIONS 7
/* Fills readiness per function; returns how many functions the launch has tasks in. */
int tm_readiness(const tm_check_input *in, const tm_findings *findings, tm_function_readiness out[TM_FUNCTIONS]);
/* The function a task belongs to (index into the TM_FUNCTIONS list), -1 for none (timeline, post-launch). */
int tm_task_function(const tm_task *t);

/*
 * The readiness score, 0-100 (documented in `check --rules`):
 *   50 × (required tasks due by today that are done / required tasks due by today; 1 when none is due)
 * + 30 × clamp((least slack + 5) / 10, 0, 1)
 * + 20 − 10 per error − 3 per warning (not below 0)
 */
int tm_readiness_score(const tm_check_input *in, const tm_findings *findings);

#endif
