/* internal.h - helpers the use-case files share, not part of the app interface. */
#ifndef TM_APP_INTERNAL_H
#define TM_APP_INTERNAL_H

#include <stdio.h>

#include "app/app.h"

/* The working-day calendar of the workspace. */
const tm_calendar *tm_app_calendar(tm_app *app);

/* Names the field at fault in err and passes rc through. */
static inline int tm_with_field(tm_error *err, const char *field, int rc)
{
	if (rc && err)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

#endif
