/*
 * export.h - a launch out of tminus in each export format, for both front
 * ends (`tminus export LAUNCH --format F`, GET /api/v1/launches/{id}/export):
 *
 *   csv   its tasks (app/export.h's tm_app_export_launch_csv: read back by `tminus import csv`)
 *   json  the launch as `launch show --json`, with "brief", "metrics", "decisions" and "plan"
 *   ics   its calendar: launch day, milestones, a VTODO per task (present/ics.h)
 *   md    its documents: the brief, then the tier checklist (present/docs.h)
 */
#ifndef TM_PRESENT_EXPORT_H
#define TM_PRESENT_EXPORT_H

#include "app/app.h"
#include "app/export.h"
#include "util/buf.h"

/* What a launch export is, for a download's headers. */
typedef struct tm_export_meta {
	const char *content_type;   /* "text/csv; charset=utf-8", static */
	char file_name[160];        /* "SLUG.csv": the launch's slug and the format's extension */
} tm_export_meta;

/*
 * Appends launch's export in format (one of tm_export_formats: TM_EINVAL, field "format", for
 * another) to out and fills meta (when not NULL). TM_ENOTFOUND for an unknown launch.
 */
int tm_export_launch(tm_app *app, const char *launch, const char *format, tm_buf *out, tm_export_meta *meta,
		     tm_error *err);

#endif
