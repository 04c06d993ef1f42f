/*
 * notify.c - who is told what, and when: the pure rules of core/notify.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/metric.h"
#include "core/notify.h"

#include "util/banned.h"

const char *const tm_notify_pref_names[] = {
#define X(e, s) s,
	TM_NOTIFY_PREFS(X)
#undef X
	NULL,
};

const char *const tm_notify_event_names[] = {
#define X(e, s, h) s,
	TM_NOTIFY_EVENTS(X)
#undef X
	NULL,
};

static const char *const event_help[] = {
#define X(e, s, h) h,
	TM_NOTIFY_EVENTS(X)
#undef X
};

const char *const tm_digest_why_names[] = { "overdue", "due", "new", NULL };

int tm_notify_pref_parse(const char *s)
{
	for (int i = 0; s && tm_notify_pref_names[i]; i++)
		if (!strcmp(s, tm_notify_pref_names[i]))
			return i;
	return -1;
}

const char *tm_notify_event_name(int ev)
{
	return ev >= 0 && ev < TM_NEV_COUNT ? tm_notify_event_names[ev] : "";
}

const char *tm_notify_event_help(int ev)
{
	return ev >= 0 && ev < TM_NEV_COUNT ? event_help[ev] : "";
}

int tm_notify_event_parse(const char *s)
{
	for (int i = 0; s && i < TM_NEV_COUNT; i++)
		if (!strcmp(s, tm_notify_event_names[i]))
			return i;
	return -1;
}

/* The next name of a list from *p (blanks and commas around it skipped): its length, 0 at the end. */
static size_t next_name(const char **p, const char **start)
{
	const char *s = *p;
	while (*s == ',' || *s == ' ' || *s == '\t')
		s++;
	const char *e = s;
	while (*e && *e != ',')
		e++;
	const char *end = e;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*start = s;
	*p = e;
	return (size_t)(end - s);
}

int tm_notify_events_normalise(const char *list, tm_buf *out, tm_error *err)
{
	bool seen[TM_NEV_COUNT] = { false };
	const char *p = list ? list : "", *s;
	size_t n;
	int count = 0;
	while ((n = next_name(&p, &s)) > 0 || *p) {
		if (!n)
			continue;
		char name[48];
		int ev = -1;
		if (n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = '\0';
			ev = tm_notify_event_parse(name);
		}
		if (ev < 0 || ev >= TM_NEV_LAUNCH_COUNT) {
			tm_buf known = TM_BUF_INIT;
			for (int i = 0; i < TM_NEV_LAUNCH_COUNT; i++)
				tm_buf_printf(&known, "%s%s", i ? ", " : "", tm_notify_event_names[i]);
			int rc = tm_fail_field(err, TM_EINVAL, "events", "unknown event '%.*s'%s in {} (known: %s)", (int)(n > 60 ? 60 : n),
					       s, ev >= TM_NEV_LAUNCH_COUNT ? " for a webhook" : "", known.s);
			tm_buf_release(&known);
			return rc;
		}
		if (seen[ev])
			return tm_fail_field(err, TM_EINVAL, "events", "event '%s' is named twice", tm_notify_event_names[ev]);
		seen[ev] = true;
		tm_buf_printf(out, "%s%s", count++ ? "," : "", tm_notify_event_names[ev]);
	}
	if (!count)
		return tm_fail_field(err, TM_EINVAL, "events", "{} names no event (give one or more, comma-separated)");
	return 0;
}

bool tm_notify_events_has(const char *list, int ev)
{
	const char *name = tm_notify_event_name(ev), *p = list ? list : "", *s;
	size_t n, len = strlen(name);
	if (!len)
		return false;
	while ((n = next_name(&p, &s)) > 0 || *p)
		if (n == len && !memcmp(s, name, n))
			return true;
	return false;
}

bool tm_notify_digest_day(const tm_calendar *cal, tm_date day)
{
	return tm_cal_is_workday(cal, day);
}

bool tm_notify_weekly_day(const tm_calendar *cal, tm_date day)
{
	if (!tm_cal_is_workday(cal, day))
		return false;
	/* No working day before it in its ISO week. */
	for (tm_date d = day - (tm_date_weekday(day) - 1); d < day; d++)
		if (tm_cal_is_workday(cal, d))
			return false;
	return true;
}

tm_date tm_notify_horizon(const tm_calendar *cal, tm_date day)
{
	return tm_cal_add_workdays(cal, day, 3);
}

int tm_digest_why(const tm_digest_task *t, tm_date day, tm_date horizon, const char *since)
{
	if (t->has_due && t->due < day)
		return TM_DIGEST_OVERDUE;
	if (t->has_due && t->due <= horizon)
		return TM_DIGEST_DUE;
	/* RFC 3339 UTC stamps of one form compare as text. */
	if (since && *since && strcmp(t->updated_at, since) > 0)
		return TM_DIGEST_NEW;
	return -1;
}

static void add_event(tm_day_event *out, int max, int *n, int event, tm_date on, int stage, tm_date from,
		      tm_date day)
{
	if (on > day || on < from || *n >= max)
		return;
	out[*n] = (tm_day_event){ .event = event, .on = on, .stage = stage };
	(*n)++;
}

tm_date tm_notify_events_from(const tm_calendar *cal, tm_date day, tm_date last)
{
	tm_date oldest = day - TM_NOTIFY_LOOKBACK + 1;
	if (last)
		return last + 1 > oldest ? last + 1 : oldest;
	tm_date before = tm_cal_workday_on_or_before(cal, day - 1) + 1;
	return before > oldest ? before : oldest;
}

int tm_notify_day_events(const tm_calendar *cal, tm_date T, tm_date from, tm_date day, tm_day_event *out, int max)
{
	int n = 0;
	add_event(out, max, &n, TM_NEV_GONOGO, tm_cal_add_workdays(cal, T, -2), -1, from, day);
	add_event(out, max, &n, TM_NEV_LAUNCH_DAY, T, -1, from, day);
	for (int s = 0; s < TM_STAGE_COUNT; s++)
		add_event(out, max, &n, TM_NEV_REVIEW_DUE, tm_stage_date(s, T), s, from, day);
	return n;
}

/* Does the '\n'-ended line [s, s + n) appear as a whole line of set? */
static bool has_line(const char *set, const char *s, size_t n)
{
	for (const char *p = set; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !memcmp(p, s, n))
			return true;
		p = e ? e + 1 : p + len;
	}
	return false;
}

/* Appends to out each line of a that b lacks. */
static void minus(const char *a, const char *b, tm_buf *out)
{
	for (const char *p = a; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && !has_line(b, p, len)) {
			tm_buf_add(out, p, len);
			tm_buf_addc(out, '\n');
		}
		p = e ? e + 1 : p + len;
	}
}

bool tm_notify_set_diff(const char *before, const char *now, tm_buf *appeared, tm_buf *cleared)
{
	minus(now, before, appeared);
	minus(before, now, cleared);
	return appeared->len || cleared->len;
}
