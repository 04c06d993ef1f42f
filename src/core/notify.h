/*
 * notify.h - who is told what, and when (issue 15), as pure rules: the event names, each person's
 * choice of reminders, which days digests go out on, which of a person's tasks a digest lists,
 * which dated launch events (go/no-go due, launch day, a post-launch review due) fall on a day,
 * and the difference between two sets of check errors. No clock, no I/O: "today" and "now" are
 * the caller's.
 */
#ifndef TM_CORE_NOTIFY_H
#define TM_CORE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

/* What a person asked to be sent (people.notify). */
#define TM_NOTIFY_PREFS(X) X(DAILY, "daily") X(WEEKLY, "weekly") X(OFF, "off")
enum tm_notify_pref {
#define X(e, s) TM_NOTIFY_##e,
	TM_NOTIFY_PREFS(X)
#undef X
	TM_NOTIFY_PREF_COUNT
};
extern const char *const tm_notify_pref_names[];   /* "daily", "weekly", "off", NULL */
/* The pref a name is, or -1. */
int tm_notify_pref_parse(const char *s);

/* Every event the outbox tells, by name. The launch events come first: a webhook may ask for those. */
#define TM_NOTIFY_EVENTS(X)                                        \
	X(DATE_CHANGED, "launch.date_changed", "the launch date changed") \
	X(CHECK_ERROR, "check.error", "a check error appeared")          \
	X(CHECK_CLEARED, "check.cleared", "a check error cleared")       \
	X(MILESTONE, "milestone.reached", "a milestone was reached")     \
	X(GONOGO, "gonogo.due", "go/no-go is due (T-2 working days)")    \
	X(LAUNCH_DAY, "launch.day", "launch day")                        \
	X(REVIEW_DUE, "review.due", "a post-launch review is due")       \
	X(WEBHOOK_TEST, "webhook.test", "a webhook's test")              \
	X(DIGEST_DAILY, "digest.daily", "a person's morning digest")     \
	X(DIGEST_WEEKLY, "digest.weekly", "a person's weekly summary")
enum tm_notify_event {
#define X(e, s, h) TM_NEV_##e,
	TM_NOTIFY_EVENTS(X)
#undef X
	TM_NEV_COUNT
};
/* The events a webhook may ask for: the launch events (not the test, not the digests). */
#define TM_NEV_LAUNCH_COUNT TM_NEV_WEBHOOK_TEST
extern const char *const tm_notify_event_names[];  /* by enum, NULL-terminated */
const char *tm_notify_event_name(int ev);
/* What an event is, for people ("launch day"). */
const char *tm_notify_event_help(int ev);
/* The event a name is, or -1. */
int tm_notify_event_parse(const char *s);

/*
 * A webhook's list of events, "launch.day, check.error" (commas, blanks around names ignored):
 * each must be a launch event, none twice, at least one. Writes the list normalised ("a,b", in the
 * order given) into out; TM_EINVAL on field "events" naming the first unknown name.
 */
int tm_notify_events_normalise(const char *list, tm_buf *out, tm_error *err);
/* Does a normalised list ("a,b") hold the event ev? */
bool tm_notify_events_has(const char *list, int ev);

/* Digests go out on working days only (Monday to Friday, not a holiday of the calendar). */
bool tm_notify_digest_day(const tm_calendar *cal, tm_date day);
/* The weekly summary goes out on the week's first working day: Monday, or the day after a Monday holiday. */
bool tm_notify_weekly_day(const tm_calendar *cal, tm_date day);
/* The last day a morning digest looks ahead to: 3 working days after day. */
tm_date tm_notify_horizon(const tm_calendar *cal, tm_date day);

/* Why a task is in a digest, in the order a digest lists them. */
enum tm_digest_why { TM_DIGEST_OVERDUE, TM_DIGEST_DUE, TM_DIGEST_NEW, TM_DIGEST_WHY_COUNT };
extern const char *const tm_digest_why_names[];    /* "overdue", "due", "new" */

/* One open task as digests see it. */
typedef struct tm_digest_task {
	int64_t id, launch_id, owner_id;
	char launch_slug[81];
	char launch_name[121];
	char title[201];
	bool has_due;
	tm_date due;
	char updated_at[24];     /* RFC 3339 UTC: its last change */
} tm_digest_task;
typedef TM_VEC(tm_digest_task) tm_digest_tasks;

/*
 * Why t goes in a digest of day (horizon: tm_notify_horizon's), or -1 when it does not: overdue
 * (due before day), due (due by the horizon), new (assigned or changed after since, an RFC 3339
 * stamp of the digest before; "" when there was none: nothing is new).
 */
int tm_digest_why(const tm_digest_task *t, tm_date day, tm_date horizon, const char *since);

/* A dated launch event that falls on a day. */
typedef struct tm_day_event {
	int event;               /* TM_NEV_GONOGO, TM_NEV_LAUNCH_DAY, TM_NEV_REVIEW_DUE */
	tm_date on;              /* the day it is due */
	int stage;               /* review.due: enum tm_review_stage; else -1 */
} tm_day_event;

/* How many days late a dated event may still be told (the pass did not run for a while). */
#define TM_NOTIFY_LOOKBACK 7

/*
 * The first day whose dated events a pass on day tells: the day after the last day a pass told
 * events (last; 0: none ever), at most TM_NOTIFY_LOOKBACK days back; with none, the day after the
 * working day before day (Monday's first pass tells the weekend's events too).
 */
tm_date tm_notify_events_from(const tm_calendar *cal, tm_date day, tm_date last);

/*
 * The dated events of a launch on day T that are due within [from, day]: go/no-go at T-2 working
 * days, launch day at T, each post-launch review stage on its day (tm_stage_date). Writes at most
 * max into out; returns how many.
 */
int tm_notify_day_events(const tm_calendar *cal, tm_date T, tm_date from, tm_date day, tm_day_event *out, int max);

/*
 * Check errors as a set of lines (one per error, "rule task-id message", sorted, '\n'-ended):
 * the lines of now missing from before go to appeared, those of before missing from now to
 * cleared (both '\n'-ended lines). Returns true when either has any.
 */
bool tm_notify_set_diff(const char *before, const char *now, tm_buf *appeared, tm_buf *cleared);

#endif
