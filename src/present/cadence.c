/* cadence.c - agendas as Markdown and JSON, the cadence as iCalendar; see cadence.h. */
#include "present/cadence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"
#include "util/buf.h"
#include "util/ical.h"

#include "util/banned.h"

static const char *const weekdays[] = { "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

void tm_agenda_markdown(const tm_meeting_agenda *a, tm_buf *out)
{
	char d[TM_DATE_STRLEN], f[TM_DATE_STRLEN], t[TM_DATE_STRLEN];
	const tm_meeting_info *info = tm_meeting_info_of(a->meeting);
	tm_buf_printf(out, "# %s\n\n", a->title);
	tm_buf_printf(out, "%s %s (%s); it looks at %s to %s.\n", weekdays[tm_date_weekday(a->date)],
		      tm_date_format(a->date, d), info->when, tm_date_format(a->from, f), tm_date_format(a->to, t));
	for (size_t i = 0; i < a->sections.n; i++) {
		const tm_agenda_section *s = &a->sections.v[i];
		tm_buf_printf(out, "\n## %zu. %s (%d min)\n\n", i + 1, s->title, s->minutes);
		if (!s->n) {
			tm_buf_printf(out, "_%s._\n", s->empty);
			continue;
		}
		for (size_t k = s->first; k < s->first + s->n; k++) {
			const tm_agenda_item *it = &a->items.v[k];
			tm_buf_printf(out, "%s- %s\n", it->depth ? "  " : "", it->text);
		}
	}
	if (a->notes.n) {
		tm_buf_adds(out, "\n---\n\n");
		for (size_t i = 0; i < a->notes.n; i++)
			tm_buf_printf(out, "- Note: %s\n", a->notes.v[i].text);
	}
}

static json_t *string_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *tm_json_meeting_agenda(const tm_meeting_agenda *a)
{
	char d[TM_DATE_STRLEN], f[TM_DATE_STRLEN], t[TM_DATE_STRLEN];
	json_t *sections = json_array(), *notes = json_array();
	for (size_t i = 0; i < a->sections.n; i++) {
		const tm_agenda_section *s = &a->sections.v[i];
		json_t *items = json_array();
		for (size_t k = s->first; k < s->first + s->n; k++) {
			const tm_agenda_item *it = &a->items.v[k];
			json_array_append_new(items, json_pack("{s:s, s:i, s:o, s:o, s:o}", "text", it->text, "depth", it->depth,
							       "owner", string_or_null(it->owner), "launch",
							       string_or_null(it->launch), "task",
							       it->task_id ? json_integer(it->task_id) : json_null()));
		}
		json_array_append_new(sections, json_pack("{s:s, s:i, s:o, s:s}", "title", s->title, "minutes", s->minutes,
							  "items", items, "empty", s->empty));
	}
	for (size_t i = 0; i < a->notes.n; i++)
		json_array_append_new(notes, json_string(a->notes.v[i].text));
	tm_buf md = TM_BUF_INIT;
	tm_agenda_markdown(a, &md);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:s}", "meeting", tm_meeting_names[a->meeting],
			      "title", a->title, "date", tm_date_format(a->date, d), "from", tm_date_format(a->from, f), "to",
			      tm_date_format(a->to, t), "period", a->period, "minutes", a->minutes, "sections", sections,
			      "notes", notes, "markdown", md.s);
	tm_buf_release(&md);
	return j;
}

json_t *tm_json_cadence(const tm_cadence *c)
{
	char d[TM_DATE_STRLEN];
	json_t *meetings = json_array();
	for (int i = 0; i < TM_MEET_COUNT; i++) {
		const tm_cadence_event *e = &c->events[i];
		json_t *parts = json_array();
		char start[8];
		snprintf(start, sizeof(start), "%02d:%02d", e->info->hour % 24, e->info->minute % 60);
		for (int k = 0; k < e->n_outline; k++)
			json_array_append_new(parts, json_pack("{s:s, s:i}", "title", e->outline[k].title, "minutes",
							       e->outline[k].minutes));
		json_array_append_new(meetings, json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:o}", "meeting", e->info->name,
							  "title", e->info->title, "minutes", e->info->minutes, "when",
							  e->info->when, "first", tm_date_format(e->first, d), "start", start,
							  "purpose", e->info->purpose, "parts", parts));
	}
	return json_pack("{s:s, s:o}", "from", tm_date_format(c->from, d), "meetings", meetings);
}

/* A floating local time (no time zone: each attendee's own clock) on day d. */
static struct icaltimetype local_time(const struct tm_ical *ic, tm_date d, int minutes_of_day)
{
	int y, m, day;
	tm_date_to_ymd(d, &y, &m, &day);
	struct icaltimetype t = ic->icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = day;
	t.is_date = 0;
	t.hour = minutes_of_day / 60;
	t.minute = minutes_of_day % 60;
	t.second = 0;
	return t;
}

/*
 * libical's BYDAY value for "the n-th weekday of the month" (n 0: every such weekday), in the encoding
 * icalrecurrencetype_encode_day documents: weekday + 8 × n.
 */
static short by_day(int iso_weekday, int n)
{
	int wd = iso_weekday == 7 ? ICAL_SUNDAY_WEEKDAY : ICAL_MONDAY_WEEKDAY + (iso_weekday - 1);
	return (short)(wd + 8 * n);
}

int tm_ics_cadence(const tm_cadence *c, int only, time_t stamp_time, char **text_out, tm_error *err)
{
	const struct tm_ical *ic;
	int rc = tm_ical_load(&ic, err);
	if (rc)
		return rc;
	struct icaltimetype stamp = ic->icaltime_from_timet_with_zone(stamp_time, 0, ic->icaltimezone_get_utc_timezone());
	icalcomponent *cal = ic->icalcomponent_new_vcalendar();
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_version("2.0"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_prodid("-//tminus//tminus cadence//EN"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_calscale("GREGORIAN"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalproperty *name = ic->icalproperty_new_x("tminus cadence");
	ic->icalproperty_set_x_name(name, "X-WR-CALNAME");
	ic->icalcomponent_add_property(cal, name);

	for (int i = 0; i < TM_MEET_COUNT; i++) {
		const tm_cadence_event *e = &c->events[i];
		const tm_meeting_info *info = e->info;
		if (only >= 0 && only != i)
			continue;
		char uid[64], summary[128];
		tm_buf desc = TM_BUF_INIT;
		snprintf(uid, sizeof(uid), "cadence-%s@tminus", info->name);
		snprintf(summary, sizeof(summary), "%s (%d min)", info->title, info->minutes);
		tm_buf_printf(&desc, "%s: %s (%s).\n", info->title, info->purpose, info->when);
		for (int k = 0; k < e->n_outline; k++)
			tm_buf_printf(&desc, "%d. %s (%d min)\n", k + 1, e->outline[k].title, e->outline[k].minutes);
		tm_buf_printf(&desc, "The agenda from live data: tminus agenda %s --date DATE", info->name);

		icalcomponent *ev = ic->icalcomponent_new_vevent();
		int start = info->hour * 60 + info->minute;
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_uid(uid));
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtstamp(stamp));
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_summary(summary));
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_description(desc.s));
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtstart(local_time(ic, e->first, start)));
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtend(local_time(ic, e->first, start + info->minutes)));
		tm_buf_release(&desc);

		struct icalrecurrencetype r;
		ic->icalrecurrencetype_clear(&r);
		switch (e->meeting) {
		case TM_MEET_STANDUP:
			r.freq = ICAL_WEEKLY_RECURRENCE;
			for (int d = 1; d <= 5; d++)
				r.by_day[d - 1] = by_day(d, 0);
			break;
		case TM_MEET_WEEKLY:
			r.freq = ICAL_WEEKLY_RECURRENCE;
			r.by_day[0] = by_day(tm_date_weekday(e->first), 0);
			break;
		case TM_MEET_MONTHLY:
			r.freq = ICAL_MONTHLY_RECURRENCE;
			r.by_day[0] = by_day(tm_date_weekday(e->first), 1);
			break;
		default:
			r.freq = ICAL_MONTHLY_RECURRENCE;
			r.interval = 3;
			r.by_day[0] = by_day(tm_date_weekday(e->first), 1);
			break;
		}
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_rrule(r));
		ic->icalcomponent_add_component(cal, ev);
	}
	char *text = ic->icalcomponent_as_ical_string_r(cal);
	ic->icalcomponent_free(cal);
	*text_out = tm_xstrdup(text ? text : "");
	free(text);
	return 0;
}
