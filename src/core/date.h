/*
 * date.h - civil dates (no time zone), working-day calendars and offsets
 * from launch day T such as "T-3w", "T+10d", "T-5bd", "T+1m", "T+1q".
 *
 * A tm_date counts days since 1970-01-01, so date arithmetic is integer
 * arithmetic. Pure: no clock, no I/O. "Today" is the caller's business.
 */
#ifndef TM_DATE_H
#define TM_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

typedef int tm_date;

/*
 * The dates tminus plans: every date it stores (launch days, due and
 * not-before dates, holidays, freezes, "today") lies in this range, so every
 * stored date can be typed back in and renders as four-digit-year text, JSON
 * and iCalendar. A date that an offset from T would put outside it is
 * refused, not clamped.
 */
#define TM_DATE_MIN_YEAR 2000
#define TM_DATE_MAX_YEAR 2199
#define TM_DATE_RANGE_TEXT "2000-01-01 to 2199-12-31"
#define TM_DATE_STRLEN 11 /* "YYYY-MM-DD" and its NUL */

/* A valid civil date within the range above. */
bool tm_date_valid_ymd(int y, int m, int d);
/* Is the date within the range above? */
bool tm_date_in_range(tm_date date);
tm_date tm_date_from_ymd(int y, int m, int d);
void tm_date_to_ymd(tm_date date, int *y, int *m, int *d);
/* Strict YYYY-MM-DD within the range above; names the problem (and the range). */
int tm_date_parse(const char *s, tm_date *out, tm_error *err);
/*
 * Strict YYYY-MM-DD with any four-digit year: for dates tminus wrote itself
 * and reads back (a plan's dates past the range in a baseline, a database from
 * before the range), and for removing what such a database holds.
 */
int tm_date_parse_any(const char *s, tm_date *out, tm_error *err);
/*
 * Writes YYYY-MM-DD into buf (at least TM_DATE_STRLEN bytes); returns buf.
 * A date before 0000-01-01 or after 9999-12-31 (no stored date is; a plan
 * computed from such dates could be) is written as that bound.
 */
char *tm_date_format(tm_date date, char *buf);
/* ISO weekday: 1 Monday ... 7 Sunday. */
int tm_date_weekday(tm_date date);
int tm_days_in_month(int y, int m);
/* Adds calendar months, clamping the day to the end of the target month. */
tm_date tm_date_add_months(tm_date date, int months);
/* ISO 8601 week: year and week number (1..53). */
void tm_date_iso_week(tm_date date, int *year, int *week);

/*
 * A working-day calendar: Monday to Friday minus holidays. holidays is
 * sorted ascending without duplicates and owned by the caller.
 */
typedef struct tm_calendar {
	const tm_date *holidays;
	size_t n_holidays;
} tm_calendar;

#define TM_CALENDAR_PLAIN { NULL, 0 }

bool tm_cal_is_holiday(const tm_calendar *cal, tm_date date);
bool tm_cal_is_workday(const tm_calendar *cal, tm_date date);
/* The nearest working day on or before (after) date. */
tm_date tm_cal_workday_on_or_before(const tm_calendar *cal, tm_date date);
tm_date tm_cal_workday_on_or_after(const tm_calendar *cal, tm_date date);
/* Steps n working days (negative: backwards) from date. */
tm_date tm_cal_add_workdays(const tm_calendar *cal, tm_date date, int n);
/* Working days in (a, b]: how many steps from a reach b; negative if b < a. */
int tm_cal_workdays_between(const tm_calendar *cal, tm_date a, tm_date b);

/* An offset from T. */
enum tm_offset_unit {
	TM_UNIT_DAY = 'd',      /* calendar days */
	TM_UNIT_BDAY = 'b',     /* working days */
	TM_UNIT_WEEK = 'w',     /* 7 calendar days */
	TM_UNIT_MONTH = 'm',    /* calendar months, clamped to month end */
	TM_UNIT_QUARTER = 'q',  /* three calendar months */
};

#define TM_OFFSET_MAX_AMOUNT 999
#define TM_OFFSET_STRLEN 16

typedef struct tm_offset {
	int amount;  /* signed: negative before T, 0 for T itself */
	char unit;   /* an enum tm_offset_unit; 'd' when amount is 0 */
} tm_offset;

/* Parses "T", "T-3w", "T+10d", "T-5bd", "T+1m", "T+1q" (also lower-case t). */
int tm_offset_parse(const char *s, tm_offset *out, tm_error *err);
/* Canonical text: "T", "T-3w", "T-5bd". buf holds TM_OFFSET_STRLEN bytes. */
char *tm_offset_format(const tm_offset *off, char *buf);
/*
 * The due date of an offset from launch day t. A date that falls on a
 * non-working day moves to the previous working day for offsets before T and
 * to the next one for offsets after T; T itself never moves.
 */
tm_date tm_offset_resolve(const tm_offset *off, tm_date t, const tm_calendar *cal);
/*
 * The same, refusing (TM_EINVAL) a date outside the range tminus plans; the
 * message names the offset, T and the date it would give.
 */
int tm_offset_resolve_in_range(const tm_offset *off, tm_date t, const tm_calendar *cal, tm_date *out, tm_error *err);

/* A due given as either an offset or a date ("T-3w" or "2027-03-01"). */
typedef struct tm_due {
	bool none;         /* no date at all: an optional date removed ("none", JSON null) */
	bool is_offset;
	tm_offset offset;  /* when is_offset */
	tm_date date;      /* when !is_offset */
} tm_due;

int tm_due_parse(const char *s, tm_due *out, tm_error *err);

/* ---- quarters ("2027Q1"): the one parser, for the dashboard, triage and the roadmap ---- */

#define TM_QUARTER_STRLEN 7 /* "2027Q1" and its NUL */

/*
 * "2027Q1", "2027-Q1", "2027 Q1", "Q1 2027", "q1-2027" (any case), within the years tminus plans.
 * TM_EINVAL naming the field "quarter".
 */
int tm_quarter_parse(const char *s, int *year, int *q, tm_error *err);
/* Writes "2027Q1" into buf (TM_QUARTER_STRLEN bytes); returns buf. */
char *tm_quarter_format(int year, int q, char *buf);
/* The quarter's first and last day. */
void tm_quarter_bounds(int year, int q, tm_date *first, tm_date *last);
/* The quarter a date falls in. */
void tm_quarter_of(tm_date date, int *year, int *q);

#endif
