/*
 * cadence.h - seed 003's fixed cadence, with each meeting's agenda written
 * from the workspace as it is: the 15-minute stand-up (what is due today and
 * this week, what is blocked, by owner), the 45-minute weekly huddle (the
 * seed's five parts: 5 minutes of status per team, 10 of blockers, 15 of
 * dependencies, 10 to decide next steps, 5 to assign owners), the 90-minute
 * monthly review (metrics and experiments, learnings, messaging and
 * priorities to adjust) and the quarterly planning (the roadmap by level,
 * the backlog's top ten by RICE, the next quarter's launches by tier).
 *
 * An agenda is sections of items; each item is one line of text that names
 * real launches, tasks, people and numbers, with the launch, task and owner
 * it is about beside it for the front ends. Reads only; nothing here prints.
 */
#ifndef TM_APP_CADENCE_H
#define TM_APP_CADENCE_H

#include "app/app.h"

enum tm_meeting { TM_MEET_STANDUP, TM_MEET_WEEKLY, TM_MEET_MONTHLY, TM_MEET_QUARTERLY, TM_MEET_COUNT };

/* "standup", "weekly", "monthly", "quarterly", NULL */
extern const char *const tm_meeting_names[];
/* The meeting a name gives ("stand-up", "huddle", "review" and "planning" too); -1 when unknown. */
int tm_meeting_parse(const char *s);

/* One recurring meeting of the cadence, as the iCalendar feed and the agendas' headings give it. */
typedef struct tm_meeting_info {
	const char *name;        /* "weekly" */
	const char *title;       /* "Weekly huddle" */
	int minutes;             /* 15, 45, 90, 120 */
	const char *when;        /* "every working day at 09:30" (people's words) */
	int hour, minute;        /* the local (floating) start time */
	const char *purpose;     /* one line: what the meeting is for */
} tm_meeting_info;

const tm_meeting_info *tm_meeting_info_of(int meeting);

#define TM_AGENDA_TEXT_MAX 600
#define TM_AGENDA_TITLE_MAX 160

/* One line of an agenda. */
typedef struct tm_agenda_item {
	int depth;                         /* 0: a line of the section; 1: under the line before (an owner's task) */
	char text[TM_AGENDA_TEXT_MAX + 1]; /* what is said, Markdown-free plain text */
	char owner[TM_NAME_MAX + 1];       /* the person it is about or falls to, "" none */
	char launch[TM_SLUG_MAX + 1];      /* the launch it is about (slug), "" none */
	int64_t task_id;                   /* the task it is about, 0 none */
} tm_agenda_item;

/* One part of a meeting, with its minutes and its items (items.v[first .. first + n)). */
typedef struct tm_agenda_section {
	char title[TM_AGENDA_TITLE_MAX + 1];
	int minutes;
	size_t first, n;
	char empty[TM_AGENDA_TEXT_MAX + 1];  /* what to say when it has no item */
} tm_agenda_section;

typedef struct tm_meeting_agenda {
	int meeting;                       /* enum tm_meeting */
	tm_date date;                      /* the day it is held */
	tm_date from, to;                  /* the period it looks at (the week, the month, the next quarter) */
	int minutes;                       /* the sum of its sections' */
	char title[TM_AGENDA_TITLE_MAX + 1];  /* "Weekly huddle, week 2027-W09 (45 minutes)" */
	char period[64];                   /* "2027-W09", "2027-03-02", "2027-02", "2027Q2" */
	TM_VEC(tm_agenda_section) sections;
	TM_VEC(tm_agenda_item) items;
	tm_notes notes;                    /* what the agenda left out and why (a long list cut short …) */
} tm_meeting_agenda;

void tm_meeting_agenda_release(tm_meeting_agenda *a);

/*
 * The agenda of a meeting held on date (NULL: today; YYYY-MM-DD, a bad one is TM_EINVAL on field
 * "date"), the workspace judged as on that day (check's rules, plans, metrics). The weekly huddle looks at the ISO week of date and checks the planned launches whose day
 * falls within it or the two weeks after (the readiness rules, but owner-overload, which needs every
 * launch's plan: plan --all); the monthly review at the 30 days up to date; the quarterly planning at the
 * quarter after date's.
 */
int tm_app_meeting_agenda(tm_app *app, int meeting, const char *date, tm_meeting_agenda *out, tm_error *err);

/* One occurrence of the cadence's meetings: the first on or after a day, and how it recurs. */
typedef struct tm_cadence_event {
	int meeting;                       /* enum tm_meeting */
	tm_date first;                     /* its first occurrence on or after the day asked */
	const tm_meeting_info *info;
	tm_agenda_section outline[6];      /* its parts and their minutes (titles only) */
	int n_outline;
} tm_cadence_event;

typedef struct tm_cadence {
	tm_date from;
	tm_cadence_event events[TM_MEET_COUNT];
} tm_cadence;

/*
 * The four recurring meetings from date (NULL: today): the stand-up every working day, the huddle
 * every Tuesday, the monthly review the first Thursday of each month, the quarterly planning of the
 * next quarter the first Monday of each quarter's last month (March, June, September, December).
 */
int tm_app_cadence(tm_app *app, const char *date, tm_cadence *out, tm_error *err);

#endif
