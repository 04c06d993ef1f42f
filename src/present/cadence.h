/*
 * cadence.h - the meetings' agendas (app/cadence.h) as Markdown and JSON,
 * and the cadence's four recurring meetings as iCalendar (RFC 5545), written
 * with libical: a VEVENT per meeting with its local start time, its length
 * and an RRULE (every working day, every Tuesday, the first Thursday of each
 * month, the first Monday of each quarter's last month), its parts and their minutes in
 * the description. UIDs are stable ("cadence-weekly@tminus") so a client
 * that subscribes updates the meetings instead of duplicating them.
 */
#ifndef TM_PRESENT_CADENCE_H
#define TM_PRESENT_CADENCE_H

#include <time.h>

#include <jansson.h>

#include "app/cadence.h"

/* "# Title", a line on the period, then "## N. Part (M min)" with its items as a list (sub-items
 * indented) or its empty line in italics, and the notes last. */
void tm_agenda_markdown(const tm_meeting_agenda *a, tm_buf *out);
/* {"meeting","title","date","from","to","period","minutes","sections":[{"title","minutes",
 *  "items":[{"text","depth","owner"|null,"launch"|null,"task"|null}],"empty"}],"notes":[…],"markdown"} */
json_t *tm_json_meeting_agenda(const tm_meeting_agenda *a);
/* {"from","meetings":[{"meeting","title","minutes","when","first","start","purpose","parts":[{"title","minutes"}]}]} */
json_t *tm_json_cadence(const tm_cadence *c);
/* Writes a malloc'd iCalendar text to *text: every meeting (only -1) or one (enum tm_meeting); stamp is
 * the DTSTAMP (the export's UTC time). */
int tm_ics_cadence(const tm_cadence *c, int only, time_t stamp, char **text, tm_error *err);

#endif
