/* internal.h - helpers the use-case files share, not part of the app interface. */
#ifndef TM_APP_INTERNAL_H
#define TM_APP_INTERNAL_H

#include <stdio.h>

#include "app/app.h"

/* The working-day calendar of the workspace. */
const tm_calendar *tm_app_calendar(tm_app *app);

/*
 * A person by id, full name or email (any case), else by a first name or
 * surname that fits exactly one person; ambiguity is an error naming them.
 */
int tm_app_find_person(tm_app *app, const char *ref, tm_person *out, tm_error *err);

/* Saves plan p as a baseline named name (NULL: today's date) inside the caller's transaction. */
int tm_app_baseline_save_in_tx(tm_app *app, const tm_launch_plan *p, const char *name, tm_baseline *out,
			       tm_error *err);

/* Names the field at fault in err and passes rc through. */
static inline int tm_with_field(tm_error *err, const char *field, int rc)
{
	if (rc && err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

#endif
