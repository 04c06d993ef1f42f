/* ics.c - the agenda as an iCalendar document; see ics.h. */
#include "render/ics.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static struct icaltimetype ical_day(tm_date d)
{
	int y, m, day;
	tm_date_to_ymd(d, &y, &m, &day);
	struct icaltimetype t = icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = day;
	t.is_date = 1;
	return t;
}

/* An all-day VEVENT from first to last (inclusive). */
static icalcomponent *all_day(const char *uid, const char *summary, const char *description, tm_date first,
			      tm_date last, int sequence, struct icaltimetype stamp)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, icalproperty_new_sequence(sequence));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (description && *description)
		icalcomponent_add_property(ev, icalproperty_new_description(description));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(ical_day(first)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(ical_day(last + 1)));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

char *tm_ics_agenda(const tm_agenda *a, const char *calname, time_t stamp_time)
{
	struct icaltimetype stamp = icaltime_from_timet_with_zone(stamp_time, 0, icaltimezone_get_utc_timezone());
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//tminus//tminus launch calendar//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalproperty *name = icalproperty_new_x(calname);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(cal, name);

	for (size_t i = 0; i < a->events.n; i++) {
		const tm_event *e = &a->events.v[i];
		const tm_launch *l = e->launch >= 0 ? &a->launches.v[e->launch] : NULL;
		char uid[96], summary[512], desc[512], d[TM_DATE_STRLEN];
		switch (e->kind) {
		case TM_EV_LAUNCH:
			snprintf(uid, sizeof(uid), "launch-%lld@tminus", (long long)l->id);
			snprintf(summary, sizeof(summary), "Launch: %s (Tier %d)", l->name, l->tier);
			snprintf(desc, sizeof(desc), "PM: %s. Marketing: %s. Date confidence: %s. %d of %d tasks done.",
				 l->pm[0] ? l->pm : "none", l->marketing[0] ? l->marketing : "none",
				 tm_confidence_name(l->confidence), l->tasks_done, l->tasks_total);
			icalcomponent_add_component(cal, all_day(uid, summary, desc, e->date, e->end, l->date_changes, stamp));
			break;
		case TM_EV_MILESTONE:
			snprintf(uid, sizeof(uid), "task-%lld@tminus", (long long)e->task.id);
			snprintf(summary, sizeof(summary), "%s: %s", l->name, e->task.title);
			snprintf(desc, sizeof(desc), "Milestone of '%s' (Tier %d), launch day %s. Owner: %s. Status: %s.",
				 l->name, l->tier, tm_date_format(l->date, d), e->task.owner[0] ? e->task.owner : "none",
				 tm_task_status_name(e->task.status));
			icalcomponent_add_component(cal, all_day(uid, summary, desc, e->date, e->end, l->date_changes, stamp));
			break;
		case TM_EV_TASK: {
			icalcomponent *todo = icalcomponent_new_vtodo();
			snprintf(uid, sizeof(uid), "task-%lld@tminus", (long long)e->task.id);
			snprintf(summary, sizeof(summary), "%s (%s)", e->task.title, l->name);
			snprintf(desc, sizeof(desc), "%s, %d working day%s of effort, for '%s' launching %s.", e->task.section,
				 e->task.effort_days, e->task.effort_days == 1 ? "" : "s", l->name, tm_date_format(l->date, d));
			icalcomponent_add_property(todo, icalproperty_new_uid(uid));
			icalcomponent_add_property(todo, icalproperty_new_dtstamp(stamp));
			icalcomponent_add_property(todo, icalproperty_new_sequence(l->date_changes));
			icalcomponent_add_property(todo, icalproperty_new_summary(summary));
			icalcomponent_add_property(todo, icalproperty_new_description(desc));
			icalcomponent_add_property(todo, icalproperty_new_due(ical_day(e->date)));
			icalcomponent_add_property(todo, icalproperty_new_status(
				e->task.status == TM_TASK_DONE ? ICAL_STATUS_COMPLETED :
				e->task.status == TM_TASK_IN_PROGRESS ? ICAL_STATUS_INPROCESS :
				e->task.status == TM_TASK_SKIPPED ? ICAL_STATUS_CANCELLED : ICAL_STATUS_NEEDSACTION));
			icalcomponent_add_component(cal, todo);
			break;
		}
		case TM_EV_HOLIDAY:
			snprintf(uid, sizeof(uid), "holiday-%s@tminus", tm_date_format(e->date, d));
			snprintf(summary, sizeof(summary), "Holiday: %s", e->name[0] ? e->name : "no work");
			icalcomponent_add_component(cal, all_day(uid, summary, NULL, e->date, e->end, 0, stamp));
			break;
		case TM_EV_FREEZE:
			snprintf(uid, sizeof(uid), "freeze-%lld@tminus", (long long)e->id);
			snprintf(summary, sizeof(summary), "Freeze: %s", e->name);
			icalcomponent_add_component(cal, all_day(uid, summary, "No launch should land in this window.", e->date,
								  e->end, 0, stamp));
			break;
		}
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	char *out = tm_xstrdup(text ? text : "");
	free(text);
	return out;
}
