/*
 * audit.c - the audit log: every use case that changes the workspace records
 * one row (who, when, what, its JSON before and after) inside its own
 * transaction, so a change and its audit row land together or not at all.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"

#include "util/banned.h"

static char *dump_compact(json_t *j)
{
	if (!j)
		return NULL;
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

int tm_app_audit(tm_app *app, const char *action, json_t *before, json_t *after, tm_error *err, const char *target_fmt,
		 ...)
{
	tm_audit a = { 0 };
	va_list ap;
	va_start(ap, target_fmt);
	(void)vsnprintf(a.target, sizeof(a.target), target_fmt, ap);
	va_end(ap);
	snprintf(a.who, sizeof(a.who), "%s", app->user && *app->user ? app->user : "unknown");
	snprintf(a.action, sizeof(a.action), "%s", action);
	a.before = dump_compact(before);
	a.after = dump_compact(after);
	int rc = app->st->ops->audit->add(app->st, &a, err);
	tm_audit_release(&a);
	return rc;
}

json_t *tm_app_audit_task(tm_app *app, int64_t id)
{
	tm_task t = { 0 };
	tm_error ignored = TM_ERROR_INIT;
	if (app->st->ops->tasks->get(app->st, id, &t, &ignored))
		return NULL;
	json_t *j = tm_json_task(&t);
	tm_task_release(&t);
	return j;
}

json_t *tm_app_audit_launch(tm_app *app, int64_t id)
{
	tm_launch l;
	tm_error ignored = TM_ERROR_INIT;
	if (app->st->ops->launches->get(app->st, id, &l, &ignored))
		return NULL;
	return tm_json_launch(&l, NULL);
}

int tm_app_audit_list(tm_app *app, int limit, int offset, tm_audits *out, tm_error *err)
{
	return app->st->ops->audit->list(app->st, limit, offset, out, err);
}
