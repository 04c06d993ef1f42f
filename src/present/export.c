/*
 * export.c - a launch in each export format (present/export.h): the same
 * renderings the launch's own commands print, gathered into one document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/outbox.h"
#include "present/docs.h"
#include "present/export.h"
#include "present/ics.h"
#include "present/json_app.h"
#include "present/json_metrics.h"
#include "present/plan.h"
#include "render/json.h"

#include "util/banned.h"

/* json: `launch show --json`'s object with the launch's brief, metrics, decisions and plan beside its tasks. */
static int export_json(tm_app *app, const char *launch, tm_buf *out, tm_error *err)
{
	tm_launch_docs d = { 0 };
	tm_decisions decisions = TM_VEC_INIT;
	int rc = tm_app_docs(app, launch, &d, err);
	if (!rc)
		rc = tm_app_decision_list(app, launch, &decisions, err);
	if (!rc) {
		json_t *j = tm_json_launch_detail(&d.detail), *ds = json_array();
		json_object_set_new(j, "brief", tm_json_brief(&d.brief));
		json_object_set_new(j, "metrics", tm_json_metrics(&d.metrics));
		for (size_t i = 0; i < decisions.n; i++)
			json_array_append_new(ds, tm_json_decision(&decisions.v[i]));
		json_object_set_new(j, "decisions", ds);
		json_object_set_new(j, "plan", tm_json_plan(&d.plan));
		char *s = tm_json_dumps(j);
		tm_buf_adds(out, s);
		free(s);
		json_decref(j);
	}
	TM_VEC_FREE(&decisions);
	tm_launch_docs_release(&d);
	return rc;
}

/* md: the brief, then the tier checklist, as `brief show` and `doc checklist` print them. */
static int export_md(tm_app *app, const char *launch, tm_buf *out, tm_error *err)
{
	tm_launch_docs d = { 0 };
	int rc = tm_app_docs(app, launch, &d, err);
	if (!rc) {
		tm_app_brief_markdown(&d.brief, out);
		tm_buf_adds(out, "\n---\n\n");
		rc = tm_doc_render(&d, "checklist", out, err);
	}
	tm_launch_docs_release(&d);
	return rc;
}

/* The export's DTSTAMP: now, as tm_app_now says (TMINUS_NOW pins it, so that an export can be compared). */
static time_t stamp_now(void)
{
	char now[TM_STAMP_MAX];
	struct tm t = { 0 };
	tm_app_now(now);
	/* NOLINTNEXTLINE(cert-err34-c): 4 digits at most, checked */
	if (sscanf(now, "%4d-%2d-%2dT%2d:%2d:%2d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour, &t.tm_min,
		   &t.tm_sec) != 6)
		return time(NULL);
	t.tm_year -= 1900;
	t.tm_mon -= 1;
	return timegm(&t);
}

/* ics: launch day, each milestone as an all-day event and each other dated task as a VTODO. */
static int export_ics(tm_app *app, const char *launch, tm_buf *out, tm_error *err)
{
	tm_launch_detail d = { 0 };
	tm_agenda a = { 0 };
	char *text = NULL;
	int rc = tm_app_launch_show(app, launch, &d, err);
	if (rc)
		goto out;
	a.from = a.to = d.launch.date;
	*TM_VEC_PUSH(&a.launches) = d.launch;
	tm_event *e = TM_VEC_PUSH(&a.events);
	memset(e, 0, sizeof(*e));
	e->kind = TM_EV_LAUNCH;
	e->date = e->end = d.launch.date;
	for (size_t i = 0; i < d.tasks.n; i++) {
		const tm_task *t = &d.tasks.v[i];
		if (!t->has_due)
			continue;
		e = TM_VEC_PUSH(&a.events);
		memset(e, 0, sizeof(*e));
		e->kind = t->milestone ? TM_EV_MILESTONE : TM_EV_TASK;
		e->date = e->end = t->due;
		e->task = *t;
		e->task.depends_on = NULL; /* a view of d's task: d frees it */
		e->task.n_depends_on = 0;
		if (t->due < a.from)
			a.from = t->due;
		if (t->due > a.to)
			a.to = t->due;
	}
	if (!(rc = tm_ics_agenda(&a, d.launch.name, stamp_now(), &text, err)))
		tm_buf_adds(out, text);
out:
	free(text);
	TM_VEC_FREE(&a.events);
	TM_VEC_FREE(&a.launches);
	tm_launch_detail_release(&d);
	return rc;
}

int tm_export_launch(tm_app *app, const char *launch, const char *format, tm_buf *out, tm_export_meta *meta,
		     tm_error *err)
{
	int rc = tm_export_check_format(format, err);
	if (rc)
		return rc;
	if (meta) {
		tm_launch l;
		if ((rc = tm_app_launch_get(app, launch, &l, err)))
			return rc;
		meta->content_type = tm_export_content_type(format);
		snprintf(meta->file_name, sizeof(meta->file_name), "%s.%s", l.slug, tm_export_extension(format));
	}
	if (!strcmp(format, "csv"))
		return tm_app_export_launch_csv(app, launch, out, err);
	if (!strcmp(format, "json"))
		return export_json(app, launch, out, err);
	if (!strcmp(format, "md"))
		return export_md(app, launch, out, err);
	return export_ics(app, launch, out, err);
}
