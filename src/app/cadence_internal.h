/*
 * cadence_internal.h - what the agendas of the cadence share (cadence.c): the
 * parts and lines of an agenda, the launches and tasks they quote, the
 * backlog's and the experiments' figures in a line, and each meeting's
 * builder (cadence_huddle.c, cadence_review.c, cadence_planning.c).
 */
#ifndef TM_APP_CADENCE_INTERNAL_H
#define TM_APP_CADENCE_INTERNAL_H

#include "app/backlog.h"
#include "app/cadence.h"
#include "app/experiments.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "app/roadmap.h"
#include "core/text.h"

#define LIST_MAX 12            /* lines one list of an agenda shows before "and N more" */

/* Starts the next part of the meeting's outline; the lines added after it are its own. */
void cadence_section(tm_meeting_agenda *a, const char *empty);
/* Adds a line to the current part. */
tm_agenda_item *cadence_item(tm_meeting_agenda *a, int depth, const char *owner, const char *launch, int64_t task,
			     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* "and 4 more WHAT" after a list of all cut at shown. */
void cadence_more(tm_meeting_agenda *a, size_t shown, size_t all, const char *what);

/* The launches the agenda has read, by id, so each is read once. */
typedef struct launch_cache {
	tm_launches v;               /* sorted by id */
} launch_cache;

/* By id; by launch day, then slug. */
int cadence_cmp_launch_id(const void *a, const void *b);
int cadence_cmp_launch_date(const void *a, const void *b);
/* The launch of id, read once into c. */
int cadence_launch_of(tm_app *app, launch_cache *c, int64_t id, const tm_launch **out, tm_error *err);
/* To do, in progress or awaiting approval. */
bool cadence_task_open(const tm_task *t);
/* The Monday and Sunday of d's week. */
void cadence_week_of(tm_date d, tm_date *monday, tm_date *sunday);
/* "2000 × 2 × 80% ÷ 4 = 800", or what keeps an item from a score. */
void cadence_rice_text(const tm_idea *i, char *out, size_t n);
/* An experiment analysed, in a line: its verdict, its best variant against the control, the warnings. */
void cadence_experiment_text(const tm_experiment_view *v, const tm_experiment_analysis *an, char *out, size_t n);
/* Analyses v when it has a control and another arm (*ok). */
void cadence_analyse(const tm_experiment_view *v, tm_experiment_analysis *an, bool *ok);

/* The meetings (a->meeting and a->date set): each fills its period, title and parts. */
int cadence_weekly(tm_app *app, tm_meeting_agenda *a, tm_error *err);
int cadence_monthly(tm_app *app, tm_meeting_agenda *a, tm_error *err);
int cadence_quarterly(tm_app *app, tm_meeting_agenda *a, tm_error *err);

#endif
