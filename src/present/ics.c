/* ics.c - the agenda as an iCalendar document; see ics.h. */
#include "present/ics.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/ical.h"

#include "util/banned.h"

static struct icaltimetype ical_day(const struct tm_ical *ic, tm_date d)
{
	int y, m, day;
	tm_date_to_ymd(d, &y, &m, &day);
	struct icaltimetype t = ic->icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = day;
	t.is_date = 1;
	return t;
}

/* An all-day VEVENT from first to last (inclusive). */
static icalcomponent *all_day(const struct tm_ical *ic, const char *uid, const char *summary, const char *description, tm_date first,
			      tm_date last, int sequence, struct icaltimetype stamp)
{
	icalcomponent *ev = ic->icalcomponent_new_vevent();
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_uid(uid));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtstamp(stamp));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_sequence(sequence));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_summary(summary));
	if (description && *description)
		ic->icalcomponent_add_property(ev, ic->icalproperty_new_description(description));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtstart(ical_day(ic, first)));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_dtend(ical_day(ic, last + 1)));
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	return ev;
}

/* ISO weekday (1 Monday … 7 Sunday) as libical's BYDAY value. */
static short ical_weekday(int iso)
{
	return (short)(iso == 7 ? ICAL_SUNDAY_WEEKDAY : ICAL_MONDAY_WEEKDAY + (iso - 1));
}

/*
 * A stream's recurring sync (seed 001): an all-day VEVENT on its weekday from its first sync, every
 * stream.every_weeks weeks until launch day. The UID stays with the launch and the stream; SEQUENCE
 * follows the launch's date changes as its other events do.
 */
static icalcomponent *sync_event(const struct tm_ical *ic, const tm_stream_sync *y, const tm_launch *l,
				 struct icaltimetype stamp)
{
	char uid[96 + TM_STREAM_MAX], summary[512], desc[1024], t[TM_DATE_STRLEN];
	snprintf(uid, sizeof(uid), "sync-%lld-%s@tminus", (long long)l->id, y->stream.key);
	snprintf(summary, sizeof(summary), "%s: %s", y->stream.name, l->name);
	if (y->dri_named)
		snprintf(desc, sizeof(desc), "%s of '%s' (Tier %d), launch day %s: %s. DRI: %s.", y->stream.name, l->name,
			 l->tier, tm_date_format(l->date, t), y->stream.about, y->dri);
	else
		snprintf(desc, sizeof(desc), "%s of '%s' (Tier %d), launch day %s: %s. No DRI named yet%s%s%s (tminus launch set %s --dri %s=PERSON).",
			 y->stream.name, l->name, l->tier, tm_date_format(l->date, t), y->stream.about,
			 y->dri[0] ? "; until one is, " : "", y->dri, y->dri[0] ? " leads it as the launch's owner of its role" : "",
			 l->slug, y->stream.key);
	icalcomponent *ev = all_day(ic, uid, summary, desc, y->first, y->first, l->date_changes, stamp);
	struct icalrecurrencetype r;
	ic->icalrecurrencetype_clear(&r);
	r.freq = ICAL_WEEKLY_RECURRENCE;
	r.interval = (short)(y->stream.every_weeks > 0 ? y->stream.every_weeks : 1);
	r.until = ical_day(ic, y->until);
	r.by_day[0] = ical_weekday(y->stream.weekday);
	ic->icalcomponent_add_property(ev, ic->icalproperty_new_rrule(r));
	return ev;
}

int tm_ics_agenda(const tm_agenda *a, const char *calname, time_t stamp_time, char **text_out, tm_error *err)
{
	const struct tm_ical *ic;
	int rc = tm_ical_load(&ic, err);
	if (rc)
		return rc;
	struct icaltimetype stamp = ic->icaltime_from_timet_with_zone(stamp_time, 0, ic->icaltimezone_get_utc_timezone());
	icalcomponent *cal = ic->icalcomponent_new_vcalendar();
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_version("2.0"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_prodid("-//tminus//tminus launch calendar//EN"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_calscale("GREGORIAN"));
	ic->icalcomponent_add_property(cal, ic->icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalproperty *name = ic->icalproperty_new_x(calname);
	ic->icalproperty_set_x_name(name, "X-WR-CALNAME");
	ic->icalcomponent_add_property(cal, name);

	for (size_t i = 0; i < a->events.n; i++) {
		const tm_event *e = &a->events.v[i];
		const tm_launch *l = e->launch >= 0 ? &a->launches.v[e->launch] : NULL;
		char uid[96], summary[512], desc[512], d[TM_DATE_STRLEN];
		switch (e->kind) {
		case TM_EV_LAUNCH:
			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): only a freeze has no launch */
			snprintf(uid, sizeof(uid), "launch-%lld@tminus", (long long)l->id);
			snprintf(summary, sizeof(summary), "Launch: %s (Tier %d)", l->name, l->tier);
			snprintf(desc, sizeof(desc), "PM: %s. Marketing: %s. Date confidence: %s. %d of %d %s done.",
				 l->pm[0] ? l->pm : "none", l->marketing[0] ? l->marketing : "none",
				 tm_confidence_name(l->confidence), l->tasks_done, l->tasks_total,
				 tm_plural(l->tasks_total, "task", "tasks"));
			ic->icalcomponent_add_component(cal, all_day(ic, uid, summary, desc, e->date, e->end, l->date_changes, stamp));
			break;
		case TM_EV_MILESTONE:
			snprintf(uid, sizeof(uid), "task-%lld@tminus", (long long)e->task.id);
			snprintf(summary, sizeof(summary), "%s: %s", l->name, e->task.title);
			snprintf(desc, sizeof(desc), "Milestone of '%s' (Tier %d), launch day %s. Owner: %s. Status: %s.",
				/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): only a freeze has no launch */
				 l->name, l->tier, tm_date_format(l->date, d), e->task.owner[0] ? e->task.owner : "none",
				 tm_task_status_name(e->task.status));
			ic->icalcomponent_add_component(cal, all_day(ic, uid, summary, desc, e->date, e->end, l->date_changes, stamp));
			break;
		case TM_EV_TASK: {
			icalcomponent *todo = ic->icalcomponent_new_vtodo();
			snprintf(uid, sizeof(uid), "task-%lld@tminus", (long long)e->task.id);
			snprintf(summary, sizeof(summary), "%s (%s)", e->task.title, l->name);
			snprintf(desc, sizeof(desc), "%s, %d working day%s of effort, for '%s' launching %s.", e->task.section,
				/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): only a freeze has no launch */
				 e->task.effort_days, e->task.effort_days == 1 ? "" : "s", l->name, tm_date_format(l->date, d));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_uid(uid));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_dtstamp(stamp));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_sequence(l->date_changes));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_summary(summary));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_description(desc));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_due(ical_day(ic, e->date)));
			ic->icalcomponent_add_property(todo, ic->icalproperty_new_status(
				e->task.status == TM_TASK_DONE ? ICAL_STATUS_COMPLETED :
				e->task.status == TM_TASK_IN_PROGRESS ? ICAL_STATUS_INPROCESS :
				e->task.status == TM_TASK_SKIPPED ? ICAL_STATUS_CANCELLED : ICAL_STATUS_NEEDSACTION));
			ic->icalcomponent_add_component(cal, todo);
			break;
		}
		case TM_EV_HOLIDAY:
			snprintf(uid, sizeof(uid), "holiday-%s@tminus", tm_date_format(e->date, d));
			snprintf(summary, sizeof(summary), "Holiday: %s", e->name[0] ? e->name : "no work");
			ic->icalcomponent_add_component(cal, all_day(ic, uid, summary, NULL, e->date, e->end, 0, stamp));
			break;
		case TM_EV_FREEZE:
			snprintf(uid, sizeof(uid), "freeze-%lld@tminus", (long long)e->id);
			snprintf(summary, sizeof(summary), "Freeze: %s", e->name);
			ic->icalcomponent_add_component(cal, all_day(ic, uid, summary, "No launch should land in this window.", e->date,
								  e->end, 0, stamp));
			break;
		}
	}
	for (size_t i = 0; i < a->syncs.n; i++)
		ic->icalcomponent_add_component(cal, sync_event(ic, &a->syncs.v[i], &a->launches.v[a->syncs.v[i].launch], stamp));
	char *text = ic->icalcomponent_as_ical_string_r(cal);
	ic->icalcomponent_free(cal);
	*text_out = tm_xstrdup(text ? text : "");
	free(text);
	return 0;
}

void tm_feed_addresses(const char *base, const tm_user *u, const char *token, char launches[TM_FEED_URL_MAX],
		       char tasks[TM_FEED_URL_MAX])
{
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	if (bl > 400)
		bl = 400; /* with the token, the longest address still fits */
	snprintf(launches, TM_FEED_URL_MAX, "%.*s/feeds/launches.ics?token=%s", (int)bl, base, token);
	tasks[0] = '\0';
	if (u->person_id)
		snprintf(tasks, TM_FEED_URL_MAX, "%.*s/feeds/people/%lld.ics?token=%s", (int)bl, base, (long long)u->person_id,
			 token);
}
