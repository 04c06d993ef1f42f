/*
 * ics.h - the launch calendar as iCalendar (RFC 5545), written with libical:
 * an all-day VEVENT per launch day ("Launch: NAME (Tier N)"), milestone,
 * holiday and freeze, with a person a VTODO with DUE per task of theirs, and
 * a weekly VEVENT (RRULE until T) per marketing stream sync of each planned
 * launch's tier ("PR sync: NAME", its DRI in the description; seed 001).
 * UIDs are stable across exports (launch-ID@tminus, task-ID@tminus,
 * sync-LAUNCH-STREAM@tminus …) and
 * SEQUENCE counts the launch's date changes, so a client that re-reads the
 * feed updates its events instead of duplicating them.
 */
#ifndef TM_PRESENT_ICS_H
#define TM_PRESENT_ICS_H

#include <time.h>

#include "app/app.h"

#define TM_FEED_URL_MAX 700

/* A user's calendar feed addresses on the server at base (a trailing '/' is ignored): the launch
 * calendar, and their own tasks' when they are a person ("" otherwise). The token is the user's feed
 * token (tm_app_feed_token). `tminus feed show` and GET /api/v1/me/feeds give these. */
void tm_feed_addresses(const char *base, const tm_user *u, const char *token, char launches[TM_FEED_URL_MAX],
		       char tasks[TM_FEED_URL_MAX]);

/* Writes a malloc'd iCalendar text to *text; stamp is the DTSTAMP (the export's UTC time). */
int tm_ics_agenda(const tm_agenda *a, const char *calname, time_t stamp, char **text, tm_error *err);

#endif
