/*
 * routes_agenda.c - seed 003's cadence over HTTP: a meeting's agenda from the
 * workspace as JSON (with its Markdown), the cadence itself, and its recurring
 * meetings as text/calendar. Reads only: any signed-in user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cadence.h"
#include "http/internal.h"
#include "present/cadence.h"

#include "util/banned.h"

/* An unknown meeting in the path is a page that does not exist. */
static int path_meeting(struct call *c, int *meeting)
{
	*meeting = tm_meeting_parse(c->param[0]);
	if (*meeting < 0)
		return tm_fail(&c->err, TM_ENOTFOUND,
			       "no meeting '%.40s': the meetings are standup, weekly, monthly and quarterly", c->param[0]);
	return 0;
}

/* GET /api/v1/agenda/{meeting}?date=YYYY-MM-DD */
static int h_agenda(struct call *c)
{
	tm_meeting_agenda a;
	int meeting, rc = path_meeting(c, &meeting);
	if (rc)
		return rc;
	if ((rc = tm_app_meeting_agenda(c->app, meeting, tm_call_query(c, "date"), &a, &c->err)))
		return rc;
	tm_reply_json(c->rep, 200, tm_json_meeting_agenda(&a));
	tm_meeting_agenda_release(&a);
	return 0;
}

/* GET /api/v1/agenda?date= : the four meetings, when they recur and their next date. */
static int h_cadence(struct call *c)
{
	tm_cadence cd;
	int rc = tm_app_cadence(c->app, tm_call_query(c, "date"), &cd, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_cadence(&cd));
	return rc;
}

/* GET /api/v1/agenda.ics?date=&meeting= : the recurring meetings (or one) as iCalendar. */
static int h_ics(struct call *c)
{
	tm_cadence cd;
	int only = -1, rc;
	const char *m = tm_call_query(c, "meeting");
	if (m && (only = tm_meeting_parse(m)) < 0)
		return tm_fail_field(&c->err, TM_EINVAL, "meeting",
				     "unknown meeting '%.40s': the meetings are standup, weekly, monthly and quarterly", m);
	if ((rc = tm_app_cadence(c->app, tm_call_query(c, "date"), &cd, &c->err)))
		return rc;
	char *text = NULL;
	if (!(rc = tm_ics_cadence(&cd, only, time(NULL), &text, &c->err)))
		tm_reply_text(c->rep, 200, "text/calendar; charset=utf-8", text, strlen(text));
	free(text);
	return rc;
}

const struct tm_route tm_routes_agenda[] = {
	{ "GET", "/api/v1/agenda", h_cadence, TM_READ },
	{ "GET", "/api/v1/agenda.ics", h_ics, TM_READ },
	{ "GET", "/api/v1/agenda/:", h_agenda, TM_READ },
	{ NULL, NULL, NULL, 0 },
};
