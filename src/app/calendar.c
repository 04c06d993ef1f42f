/*
 * calendar.c - the workspace's working-day calendar: holidays (typed or
 * imported from iCalendar with libical) and freeze windows. A holiday
 * change moves the open tasks whose due dates follow T, as a weekend would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"
#include "util/ical.h"

#include "util/banned.h"

#define ICS_MAX_BYTES (8 << 20)

int tm_app_calendar_load(tm_app *app, const tm_calendar **out, tm_error *err)
{
	if (!app->cal_loaded) {
		TM_VEC_FREE(&app->holidays);
		free(app->holiday_dates);
		app->holiday_dates = NULL;
		int rc = app->st->ops->calendar->holiday_list(app->st, &app->holidays, err);
		if (rc)
			return rc;
		app->holiday_dates = tm_xmalloc((app->holidays.n ? app->holidays.n : 1) * sizeof(tm_date));
		for (size_t i = 0; i < app->holidays.n; i++)
			app->holiday_dates[i] = app->holidays.v[i].date;
		app->cal.holidays = app->holiday_dates;
		app->cal.n_holidays = app->holidays.n;
		app->cal_loaded = true;
	}
	*out = &app->cal;
	return 0;
}

const tm_calendar *tm_app_calendar(tm_app *app)
{
	static const tm_calendar plain = TM_CALENDAR_PLAIN;
	const tm_calendar *cal = &plain;
	tm_error ignored = TM_ERROR_INIT;
	/* A store that cannot list holidays fails the command elsewhere; plan on weekdays meanwhile. */
	if (tm_app_calendar_load(app, &cal, &ignored))
		return &plain;
	return cal;
}

/*
 * Re-resolves the dates that follow T (due, not-before) of the open tasks of planned launches
 * against the current calendar; only the tasks whose dates change are written (and get a new
 * version) and counted.
 */
static int move_offset_dues(tm_app *app, int *moved, tm_error *err)
{
	tm_store *st = app->st;
	tm_tasks tasks = TM_VEC_INIT;
	tm_launch l = { 0 };
	const tm_calendar *cal;
	int rc;
	*moved = 0;
	app->cal_loaded = false;
	/* Launched launches too: their post-launch work still counts from T. */
	if ((rc = tm_app_calendar_load(app, &cal, err)) || (rc = st->ops->tasks->list_live(st, 0, &tasks, err)))
		goto out;
	for (size_t i = 0; i < tasks.n && !rc; i++) {
		tm_task *t = &tasks.v[i];
		bool changed = false;
		if (!t->has_offset && !t->has_nb_offset)
			continue;
		if (t->launch_id != l.id && (rc = st->ops->launches->get(st, t->launch_id, &l, err)))
			break;
		if ((rc = tm_app_task_follow(t, l.date, cal, &changed, err))) {
			char msg[sizeof(err->msg)];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			rc = tm_fail(err, TM_EINVAL, "launch '%s': %s; move the launch first", l.slug, msg);
			break;
		}
		if (!changed)
			continue;
		rc = st->ops->tasks->update(st, t, err);
		(*moved)++;
	}
out:
	tm_tasks_free(&tasks);
	return rc;
}

/* Adds one holiday inside the caller's transaction; an existing one counts as skipped. */
static int add_one(tm_app *app, tm_date date, const char *name, tm_holiday_result *out, bool skip_existing,
		   tm_error *err)
{
	tm_holiday h = { .date = date };
	snprintf(h.name, sizeof(h.name), "%s", name ? name : "");
	int rc = app->st->ops->calendar->holiday_add(app->st, &h, err);
	if (rc == TM_ECONFLICT && skip_existing) {
		out->skipped++;
		return 0;
	}
	if (!rc)
		out->added++;
	return rc;
}

int tm_app_holiday_add(tm_app *app, const tm_holiday_input *in, tm_holiday_result *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_date d = in->date;
	const char *name = in->name;
	char date[TM_DATE_STRLEN];
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = tm_input_check(&tm_holiday_desc, TM_IN_CREATE, in, err)))
		return rc;
	tm_date_format(d, date);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = add_one(app, d, name, out, false, err);
	if (!rc)
		rc = move_offset_dues(app, &out->moved, err);
	if (!rc)
		rc = tm_app_audit(app, "holiday.add", NULL,
				  json_pack("{s:o, s:s, s:i}", "date", tm_json_date(d), "name", name ? name : "", "tasks_moved",
					    out->moved),
				  err, "holiday %s", date);
	rc = tm_store_finish(st, rc, err);
	app->cal_loaded = false;
	return rc;
}

int tm_app_holiday_rm(tm_app *app, const char *date, tm_holiday_result *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_date d;
	bool removed = false;
	int rc;
	memset(out, 0, sizeof(*out));
	/* Any date: a database from before the range may hold a holiday outside it. */
	if ((rc = tm_date_parse_any(date, &d, err)))
		return tm_with_field(err, "date", rc);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->calendar->holiday_rm(st, d, &removed, err);
	if (!rc && !removed)
		rc = tm_fail(err, TM_ENOTFOUND, "%s is not a holiday", date);
	if (!rc)
		rc = move_offset_dues(app, &out->moved, err);
	if (!rc)
		rc = tm_app_audit(app, "holiday.remove", json_pack("{s:o}", "date", tm_json_date(d)),
				  json_pack("{s:i}", "tasks_moved", out->moved), err, "holiday %s", date);
	rc = tm_store_finish(st, rc, err);
	app->cal_loaded = false;
	return rc;
}

int tm_app_holiday_list(tm_app *app, const char *from, const char *to, tm_holidays *out, tm_error *err)
{
	tm_date f = 0, t = 0;
	int rc;
	if (from && (rc = tm_date_parse(from, &f, err)))
		return tm_with_field(err, "from", rc);
	if (to && (rc = tm_date_parse(to, &t, err)))
		return tm_with_field(err, "to", rc);
	tm_holidays all = TM_VEC_INIT;
	rc = app->st->ops->calendar->holiday_list(app->st, &all, err);
	for (size_t i = 0; i < all.n && !rc; i++)
		if ((!from || all.v[i].date >= f) && (!to || all.v[i].date <= t))
			*TM_VEC_PUSH(out) = all.v[i];
	TM_VEC_FREE(&all);
	return rc;
}

/* The civil date of an iCalendar time (a DATE, or a DATE-TIME's date). */
static tm_date ical_date(struct icaltimetype t)
{
	return tm_date_from_ymd(t.year, t.month, t.day);
}

/* Adds the days one VEVENT covers: DTSTART up to DTEND (exclusive for all-day events), and its recurrences. */
static int import_event(tm_app *app, const struct tm_ical *ic, icalcomponent *ev, tm_holiday_result *out, tm_error *err)
{
	struct icaltimetype start = ic->icalcomponent_get_dtstart(ev);
	struct icaltimetype end = ic->icalcomponent_get_dtend(ev);
	const char *summary = ic->icalcomponent_get_summary(ev);
	char name[TM_NAME_MAX + 1];
	if (ic->icaltime_is_null_time(start))
		return 0;
	snprintf(name, sizeof(name), "%s", summary ? summary : "");
	int days = 1;
	if (!ic->icaltime_is_null_time(end)) {
		days = (int)(ical_date(end) - ical_date(start));
		if (!start.is_date)
			days++;
		if (days < 1)
			days = 1;
		if (days > 366)
			return tm_fail(err, TM_EINVAL, "event '%s' lasts %d days: that is not a holiday", name, days);
	}
	icalproperty *rrule = ic->icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	tm_date horizon_from = app->today - 366, horizon_to = app->today + 3 * 366;
	if (!rrule) {
		for (int k = 0; k < days; k++) {
			if (!tm_date_in_range(ical_date(start) + k)) {
				out->left_out++;
				continue;
			}
			int rc = add_one(app, ical_date(start) + k, name, out, true, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	struct icalrecurrencetype rec = ic->icalproperty_get_rrule(rrule);
	icalrecur_iterator *it = ic->icalrecur_iterator_new(rec, start);
	int rc = 0;
	if (!it)
		return tm_fail(err, TM_EINVAL, "cannot read the recurrence of event '%s'", name);
	for (int guard = 0; guard < 5000 && !rc; guard++) {
		struct icaltimetype occ = ic->icalrecur_iterator_next(it);
		if (ic->icaltime_is_null_time(occ) || ical_date(occ) > horizon_to)
			break;
		if (ical_date(occ) < horizon_from)
			continue;
		for (int k = 0; k < days && !rc; k++) {
			if (tm_date_in_range(ical_date(occ) + k))
				rc = add_one(app, ical_date(occ) + k, name, out, true, err);
			else
				out->left_out++;
		}
	}
	ic->icalrecur_iterator_free(it);
	return rc;
}

/*
 * libical reads almost anything and says little about where it stopped; this says where a text is
 * not iCalendar at all: each line (after unfolding) is NAME[;PARAM=…]:VALUE, and the first is
 * BEGIN:VCALENDAR or BEGIN:VEVENT (RFC 5545 section 3.1).
 */
static int ical_lines(const char *path, const char *text, size_t len, tm_error *err)
{
	int line = 0;
	bool first = true;
	if (memchr(text, '\0', len))
		return tm_fail(err, TM_EINVAL, "%s: not an iCalendar file (it holds a NUL byte)", path);
	for (const char *p = text, *end = text + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		bool folded = n && (p[0] == ' ' || p[0] == '\t');
		if (n && !folded) {
			size_t name = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
			if (!name || name >= n || (p[name] != ':' && p[name] != ';') || !memchr(p, ':', n))
				return tm_fail(err, TM_EINVAL, "%s: not an iCalendar file: line %d is not NAME:VALUE: '%.*s'", path, line,
					       (int)(n > 40 ? 40 : n), p);
			if (first && !(n >= 15 && !strncasecmp(p, "BEGIN:VCALENDAR", 15)) &&
			    !(n >= 12 && !strncasecmp(p, "BEGIN:VEVENT", 12)))
				return tm_fail(err, TM_EINVAL, "%s: not an iCalendar file: line %d: it starts with BEGIN:VCALENDAR, not '%.*s'",
					       path, line, (int)(n > 40 ? 40 : n), p);
			first = false;
		}
		p += eol ? (size_t)(eol - p) + 1 : (size_t)(end - p);
	}
	if (first)
		return tm_fail(err, TM_EINVAL, "%s: not an iCalendar file: it is empty", path);
	return 0;
}

int tm_app_holiday_import(tm_app *app, const char *path, tm_holiday_result *out, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	int rc = tm_read_file(path, ICS_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_app_holiday_import_text(app, text.s, text.len, path, out, err);
	else
		memset(out, 0, sizeof(*out));
	tm_buf_release(&text);
	return rc;
}

int tm_app_holiday_import_text(tm_app *app, const char *text, size_t len, const char *path, tm_holiday_result *out,
			       tm_error *err)
{
	tm_store *st = app->st;
	icalcomponent *cal = NULL;
	const struct tm_ical *ic;
	int rc;
	memset(out, 0, sizeof(*out));
	if (len > ICS_MAX_BYTES)
		return tm_fail(err, TM_EINVAL, "'%s' is too large (more than %d bytes)", path, ICS_MAX_BYTES);
	if ((rc = ical_lines(path, text, len, err)) || (rc = tm_ical_load(&ic, err)))
		return rc;
	ic->icalerror_set_errors_are_fatal(0);
	cal = ic->icalparser_parse_string(text);
	if (!cal || (ic->icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT && ic->icalcomponent_isa(cal) != ICAL_VEVENT_COMPONENT)) {
		rc = tm_fail(err, TM_EINVAL, "%s: not an iCalendar file (no VCALENDAR)", path);
		goto out;
	}
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	if (ic->icalcomponent_isa(cal) == ICAL_VEVENT_COMPONENT) {
		rc = import_event(app, ic, cal, out, err);
	} else {
		for (icalcomponent *ev = ic->icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev && !rc;
		     ev = ic->icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
			rc = import_event(app, ic, ev, out, err);
	}
	if (!rc && out->added == 0 && out->skipped == 0 && out->left_out)
		rc = tm_fail(err, TM_EINVAL, "%s: every day it holds is out of range: tminus plans dates from %s", path,
			     TM_DATE_RANGE_TEXT);
	else if (!rc && out->added == 0 && out->skipped == 0)
		rc = tm_fail(err, TM_EINVAL, "%s: no events with a start date to import", path);
	if (!rc)
		rc = move_offset_dues(app, &out->moved, err);
	if (!rc)
		rc = tm_app_audit(app, "holiday.import", NULL,
				  json_pack("{s:s, s:i, s:i, s:i, s:i}", "file", path, "added", out->added, "skipped", out->skipped,
					    "left_out", out->left_out, "tasks_moved", out->moved),
				  err, "holidays");
	rc = tm_store_finish(st, rc, err);
	app->cal_loaded = false;
out:
	if (cal)
		ic->icalcomponent_free(cal);
	return rc;
}

int tm_app_freeze_add(tm_app *app, const tm_freeze_input *in, tm_freeze *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_freeze f = { 0 };
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	int rc;
	if ((rc = tm_input_check(&tm_freeze_desc, TM_IN_CREATE, in, err)))
		return rc;
	f.start = in->from;
	f.end = in->to;
	if (f.end < f.start)
		return tm_fail_field(err, TM_EINVAL, "to", "the freeze ends (%s) before it starts (%s)", tm_date_format(f.end, to),
				     tm_date_format(f.start, from));
	snprintf(f.name, sizeof(f.name), "%s", in->name);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->calendar->freeze_add(st, &f, err);
	if (!rc)
		rc = tm_app_audit(app, "freeze.add", NULL,
				  json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)f.id, "name", f.name, "from",
					    tm_json_date(f.start), "to", tm_json_date(f.end)),
				  err, "freeze %lld", (long long)f.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = f;
	return rc;
}

int tm_app_freeze_rm(tm_app *app, const char *id, tm_error *err)
{
	tm_store *st = app->st;
	int n = 0;
	bool removed = false;
	int rc = tm_parse_int("freeze id", id, 1, 2000000000, &n, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->calendar->freeze_rm(st, n, &removed, err);
	if (!rc && !removed)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown freeze #%d", n);
	if (!rc)
		rc = tm_app_audit(app, "freeze.remove", json_pack("{s:i}", "id", n), NULL, err, "freeze %d", n);
	rc = tm_store_finish(st, rc, err);
	return rc;
}

int tm_app_freeze_list(tm_app *app, tm_freezes *out, tm_error *err)
{
	return app->st->ops->calendar->freeze_list(app->st, out, err);
}

tm_date tm_stream_first_sync(const tm_pb_stream *s, tm_date t)
{
	static const tm_calendar plain = TM_CALENDAR_PLAIN;
	tm_date d = tm_offset_resolve(&s->from, t, &plain);
	int day = s->weekday >= 1 && s->weekday <= 7 ? s->weekday : 1;
	while (tm_date_weekday(d) != day)
		d++;
	return d;
}

/* The syncs of one planned launch: the streams its tier runs, each with its DRI. */
static int launch_syncs(tm_app *app, const tm_playbook *pb, tm_agenda *a, int li, tm_error *err)
{
	const tm_launch *l = &a->launches.v[li];
	const tm_pb_tier *tier = tm_playbook_tier(pb, l->tier);
	tm_stream_dri_list dris = TM_VEC_INIT;
	int rc = 0;
	if (!tier || !tier->n_streams)
		return 0;
	if ((rc = app->st->ops->launches->dris(app->st, l->id, &dris, err)))
		return rc;
	for (int i = 0; i < tier->n_streams && !rc; i++) {
		if (tier->streams[i] < 0 || tier->streams[i] >= pb->n_streams)
			continue;
		const tm_pb_stream *s = &pb->streams[tier->streams[i]];
		tm_date first = tm_stream_first_sync(s, l->date);
		if (first > l->date)
			continue; /* no sync before launch day */
		tm_stream_sync *y = TM_VEC_PUSH(&a->syncs);
		memset(y, 0, sizeof(*y));
		y->launch = li;
		y->stream = *s;
		y->first = first;
		y->until = l->date;
		for (size_t k = 0; k < dris.n && !y->dri_named; k++)
			if (!strcmp(dris.v[k].stream, s->key)) {
				snprintf(y->dri, sizeof(y->dri), "%s", dris.v[k].person);
				y->dri_named = true;
			}
		if (!y->dri_named) {
			int64_t id = 0;
			tm_person p;
			rc = tm_app_role_owner(app, l, s->role, &id, err);
			if (!rc && id && !(rc = app->st->ops->people->get(app->st, id, &p, err)))
				snprintf(y->dri, sizeof(y->dri), "%s", p.name);
		}
	}
	TM_VEC_FREE(&dris);
	return rc;
}

int tm_app_agenda_syncs(tm_app *app, tm_agenda *a, tm_error *err)
{
	const tm_playbook *pb;
	int rc = tm_app_playbook(app, &pb, err);
	for (size_t i = 0; i < a->launches.n && !rc; i++)
		if (a->launches.v[i].status == TM_LAUNCH_PLANNED)
			rc = launch_syncs(app, pb, a, (int)i, err);
	return rc;
}
