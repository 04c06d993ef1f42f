/*
 * agenda.c - the launch calendar: launch days, milestones, a person's tasks,
 * holidays and freezes in a window, and the conflicts a release manager
 * wants to hear about (two Tier 1 launches too close, a launch day in a
 * freeze, on a holiday or on a weekend).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"

#include "util/banned.h"

#define COLLISION_WORKDAYS 10

void tm_agenda_release(tm_agenda *a)
{
	for (size_t i = 0; i < a->events.n; i++)
		tm_task_release(&a->events.v[i].task);
	TM_VEC_FREE(&a->events);
	TM_VEC_FREE(&a->conflicts);
	TM_VEC_FREE(&a->syncs);
	TM_VEC_FREE(&a->launches);
}

static int cmp_event(const void *a, const void *b)
{
	const tm_event *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->kind - y->kind;
}

static int find_launch(const tm_agenda *a, int64_t id)
{
	for (size_t i = 0; i < a->launches.n; i++)
		if (a->launches.v[i].id == id)
			return (int)i;
	return -1;
}

static void conflict(tm_agenda *a, const char *rule, tm_date date, int64_t launch, int64_t other, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void conflict(tm_agenda *a, const char *rule, tm_date date, int64_t launch, int64_t other, const char *fmt, ...)
{
	tm_conflict *c = TM_VEC_PUSH(&a->conflicts);
	va_list ap;
	snprintf(c->rule, sizeof(c->rule), "%s", rule);
	c->date = date;
	c->launch_id = launch;
	c->other_id = other;
	va_start(ap, fmt);
	(void)vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
}

/* Conflicts of the launches in the window with the calendar and each other. */
static void find_conflicts(tm_agenda *a, const tm_calendar *cal, const tm_freezes *freezes, const tm_holidays *hols)
{
	static const char *const wd[] = { "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
	for (size_t i = 0; i < a->launches.n; i++) {
		const tm_launch *l = &a->launches.v[i];
		char d[TM_DATE_STRLEN];
		tm_date_format(l->date, d);
		if (tm_date_weekday(l->date) > 5)
			conflict(a, "weekend-launch", l->date, l->id, 0, "'%s' launches on a %s (%s)", l->name,
				 wd[tm_date_weekday(l->date)], d);
		for (size_t h = 0; h < hols->n; h++)
			if (hols->v[h].date == l->date)
				conflict(a, "holiday-launch", l->date, l->id, 0, "'%s' launches on a holiday, %s (%s)", l->name,
					 hols->v[h].name[0] ? hols->v[h].name : "unnamed", d);
		for (size_t f = 0; f < freezes->n; f++)
			if (l->date >= freezes->v[f].start && l->date <= freezes->v[f].end)
				conflict(a, "freeze-conflict", l->date, l->id, 0, "'%s' launches on %s, inside the freeze '%s'",
					 l->name, d, freezes->v[f].name);
		if (l->tier != 1)
			continue;
		for (size_t j = i + 1; j < a->launches.n; j++) {
			const tm_launch *m = &a->launches.v[j];
			if (m->tier != 1)
				continue;
			int gap = tm_cal_workdays_between(cal, l->date, m->date);
			if (gap > COLLISION_WORKDAYS)
				break; /* launches are sorted by date */
			char e[TM_DATE_STRLEN];
			conflict(a, "launch-collision", m->date, l->id, m->id,
				 "two Tier 1 launches %d working day%s apart: '%s' on %s and '%s' on %s (keep at least %d)", gap,
				 gap == 1 ? "" : "s", l->name, d, m->name, tm_date_format(m->date, e), COLLISION_WORKDAYS + 1);
		}
	}
}

int tm_app_agenda(tm_app *app, const tm_agenda_query *q, tm_agenda *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_tasks tasks = TM_VEC_INIT, mine = TM_VEC_INIT;
	tm_freezes freezes = TM_VEC_INIT;
	tm_holidays hols = TM_VEC_INIT;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	const tm_calendar *cal;
	int rc;
	memset(out, 0, sizeof(*out));
	out->from = app->today;
	out->to = tm_date_add_months(app->today, 3);
	if (q->from && (rc = tm_date_parse(q->from, &out->from, err)))
		return tm_with_field(err, "from", rc);
	if (q->to && (rc = tm_date_parse(q->to, &out->to, err)))
		return tm_with_field(err, "to", rc);
	if (q->from && !q->to)
		out->to = tm_date_add_months(out->from, 3);
	if (out->to < out->from)
		return tm_fail_field(err, TM_EINVAL, "to", "the window ends before it starts");
	if (q->tier && (q->tier < 1 || q->tier > TM_TIERS))
		return tm_fail_field(err, TM_EINVAL, "tier", "unknown tier '%d': tiers are 1, 2, 3 and 4", q->tier);
	if (q->person && (rc = tm_app_find_person(app, q->person, &out->person, err)))
		return tm_with_field(err, "person", rc);
	if ((rc = tm_app_calendar_load(app, &cal, err)))
		return rc;
	f.has_from = f.has_to = true;
	f.from = out->from;
	f.to = out->to;
	f.tier = q->tier;
	if ((rc = st->ops->launches->list(st, &f, &out->launches, err)) ||
	    (rc = st->ops->tasks->list_due(st, out->from, out->to, 0, true, &tasks, err)) ||
	    (out->person.id && (rc = st->ops->tasks->list_due(st, out->from, out->to, out->person.id, false, &mine, err))) ||
	    (rc = st->ops->calendar->freeze_list(st, &freezes, err)) ||
	    (rc = st->ops->calendar->holiday_list(st, &hols, err)))
		goto out;
	/* Every milestone, and with --person that person's other tasks too. */
	for (size_t i = 0; i < mine.n; i++) {
		if (mine.v[i].milestone)
			continue;
		*TM_VEC_PUSH(&tasks) = mine.v[i];
		mine.v[i].depends_on = NULL;
	}
	/* Cancelled launches are not on the calendar. */
	size_t keep = 0;
	for (size_t i = 0; i < out->launches.n; i++)
		if (out->launches.v[i].status != TM_LAUNCH_CANCELLED)
			out->launches.v[keep++] = out->launches.v[i];
	out->launches.n = keep;
	for (size_t i = 0; i < out->launches.n; i++) {
		tm_event *e = TM_VEC_PUSH(&out->events);
		e->kind = TM_EV_LAUNCH;
		e->date = e->end = out->launches.v[i].date;
		e->launch = (int)i;
	}
	for (size_t i = 0; i < tasks.n; i++) {
		tm_task *t = &tasks.v[i];
		/* The launch-day milestone is the launch itself. */
		if (t->milestone && t->has_offset && t->offset.amount == 0)
			continue;
		int l = find_launch(out, t->launch_id);
		if (l < 0) {
			/* A milestone or task of a launch that lands outside the window: fetch the launch once. */
			tm_launch extra;
			if ((rc = st->ops->launches->get(st, t->launch_id, &extra, err)))
				goto out;
			if (q->tier && extra.tier != q->tier)
				continue;
			*TM_VEC_PUSH(&out->launches) = extra;
			l = (int)out->launches.n - 1;
		}
		tm_event *e = TM_VEC_PUSH(&out->events);
		e->kind = t->milestone ? TM_EV_MILESTONE : TM_EV_TASK;
		e->date = e->end = t->due;
		e->launch = l;
		e->task = *t;
		t->depends_on = NULL;
	}
	for (size_t i = 0; i < hols.n; i++) {
		if (hols.v[i].date < out->from || hols.v[i].date > out->to)
			continue;
		tm_event *e = TM_VEC_PUSH(&out->events);
		e->kind = TM_EV_HOLIDAY;
		e->launch = -1;
		e->date = e->end = hols.v[i].date;
		snprintf(e->name, sizeof(e->name), "%s", hols.v[i].name);
	}
	for (size_t i = 0; i < freezes.n; i++) {
		if (freezes.v[i].end < out->from || freezes.v[i].start > out->to)
			continue;
		tm_event *e = TM_VEC_PUSH(&out->events);
		e->kind = TM_EV_FREEZE;
		e->launch = -1;
		e->date = freezes.v[i].start;
		e->end = freezes.v[i].end;
		e->id = freezes.v[i].id;
		snprintf(e->name, sizeof(e->name), "%s", freezes.v[i].name);
	}
	if (out->events.n) /* qsort must not see the NULL of an empty vector */
		qsort(out->events.v, out->events.n, sizeof(tm_event), cmp_event);
	/* Only launches in the window take part in conflicts (the extra ones sit at the end, out of order). */
	size_t in_window = 0;
	while (in_window < out->launches.n && out->launches.v[in_window].date >= out->from &&
	       out->launches.v[in_window].date <= out->to)
		in_window++;
	size_t all = out->launches.n;
	out->launches.n = in_window;
	find_conflicts(out, cal, &freezes, &hols);
	out->launches.n = all;
	rc = tm_app_agenda_syncs(app, out, err);
out:
	tm_tasks_free(&tasks);
	tm_tasks_free(&mine);
	TM_VEC_FREE(&freezes);
	TM_VEC_FREE(&hols);
	if (rc)
		tm_agenda_release(out);
	return rc;
}
