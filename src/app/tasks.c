/* tasks.c - a launch's bill of materials: listing, adding, changing tasks and their dependencies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"

#define TASK_MAX_DAYS 250

/* Parses "12" or "#12". */
static int parse_task_ref(const char *ref, int64_t *id, tm_error *err)
{
	if (!ref || !*ref)
		return tm_fail_field(err, TM_EINVAL, "task", "missing task id");
	const char *p = ref[0] == '#' ? ref + 1 : ref;
	char *end = NULL;
	long long v = strtoll(p, &end, 10);
	if (!*p || *end || v <= 0 || strlen(p) > 18)
		return tm_fail_field(err, TM_EINVAL, "task", "invalid task id '%.40s': tasks are named by number, such as 12 or #12",
				     ref);
	*id = v;
	return 0;
}

int tm_app_task_get(tm_app *app, const char *task_ref, tm_task *out, tm_error *err)
{
	int64_t id = 0;
	int rc = parse_task_ref(task_ref, &id, err);
	if (!rc)
		rc = app->st->ops->task_get(app->st, id, out, err);
	return rc;
}

int tm_app_person_tasks(tm_app *app, int64_t person_id, tm_tasks *out, tm_error *err)
{
	tm_tasks all = TM_VEC_INIT;
	/* Ten years either side of today: every due date a plan holds. */
	int rc = app->st->ops->task_list_due(app->st, app->today - 3650, app->today + 3650, person_id, false, &all, err);
	for (size_t i = 0; i < all.n; i++) {
		if (!rc && (all.v[i].status == TM_TASK_TODO || all.v[i].status == TM_TASK_IN_PROGRESS)) {
			*TM_VEC_PUSH(out) = all.v[i];
			all.v[i].depends_on = NULL;
		}
	}
	tm_tasks_free(&all);
	return rc;
}

int tm_app_task_list(tm_app *app, const char *launch_ref, const tm_task_query *q, tm_launch *launch,
		     tm_tasks *out, tm_error *err)
{
	tm_task_filter f = TM_TASK_FILTER_ALL;
	int rc;
	if (q && q->status && (f.status = tm_task_status_parse(q->status)) < 0)
		return tm_fail_field(err, TM_EINVAL, "status", "unknown task status '%.40s' (todo, in_progress, done or skipped)",
				     q->status);
	if ((rc = app->st->ops->launch_find(app->st, launch_ref, launch, err)))
		return rc;
	if (q && q->owner) {
		tm_person p;
		if ((rc = tm_app_find_person(app, q->owner, &p, err)))
			return tm_with_field(err, "owner", rc);
		f.owner_id = p.id;
	}
	return app->st->ops->task_list(app->st, launch->id, &f, out, err);
}

int tm_app_resolve(const tm_offset *off, tm_date t, const tm_calendar *cal, const char *title, const char *verb,
		   tm_date *out, tm_error *err)
{
	tm_date d = tm_offset_resolve(off, t, cal);
	if (!tm_date_in_range(d)) {
		char o[TM_OFFSET_STRLEN], a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
		return tm_fail(err, TM_EINVAL, "'%s' %s %s (%s from launch day %s): tminus plans dates from %s", title, verb,
			       tm_date_format(d, b), tm_offset_format(off, o), tm_date_format(t, a), TM_DATE_RANGE_TEXT);
	}
	*out = d;
	return 0;
}

int tm_app_task_follow(tm_task *task, tm_date t, const tm_calendar *cal, bool *moved, tm_error *err)
{
	int rc = 0;
	*moved = false;
	/* A date that does not move is left alone, even one a database from before the range holds. */
	if (task->has_offset && (!task->has_due || tm_offset_resolve(&task->offset, t, cal) != task->due)) {
		if ((rc = tm_app_resolve(&task->offset, t, cal, task->title, "would be due", &task->due, err)))
			return rc;
		task->has_due = *moved = true;
	}
	if (task->has_nb_offset && (!task->has_not_before || tm_offset_resolve(&task->nb_offset, t, cal) != task->not_before)) {
		if ((rc = tm_app_resolve(&task->nb_offset, t, cal, task->title, "could not start before", &task->not_before, err)))
			return rc;
		task->has_not_before = *moved = true;
	}
	return 0;
}

/* Applies the fields of in that are set to t (validating each); launch gives T for offsets. */
static int apply_input(tm_app *app, const tm_launch *launch, const tm_task_input *in, tm_task *t, tm_error *err)
{
	int rc;
	if (in->title) {
		if ((rc = tm_check_text("task title", in->title, TM_TITLE_MAX, err)))
			return tm_with_field(err, "title", rc);
		snprintf(t->title, sizeof(t->title), "%s", in->title);
	}
	if (in->section) {
		if ((rc = tm_check_text("section", in->section, TM_SECTION_MAX, err)))
			return tm_with_field(err, "section", rc);
		snprintf(t->section, sizeof(t->section), "%s", in->section);
	}
	if (in->role) {
		if ((t->role = tm_role_parse(in->role)) < 0)
			return tm_fail_field(err, TM_EINVAL, "role", "unknown role '%.40s' (one of %s)", in->role, tm_role_names());
	}
	if (in->owner) {
		tm_person p;
		if ((rc = tm_app_find_person(app, in->owner, &p, err)))
			return tm_with_field(err, "owner", rc);
		t->owner_id = p.id;
		snprintf(t->owner, sizeof(t->owner), "%s", p.name);
		if (!in->role && t->role < 0)
			t->role = p.role;
	}
	if (in->due) {
		tm_due due;
		if ((rc = tm_due_parse(in->due, &due, err)))
			return tm_with_field(err, "due", rc);
		t->has_due = true;
		t->has_offset = due.is_offset;
		if (due.is_offset) {
			t->offset = due.offset;
			if ((rc = tm_app_resolve(&due.offset, launch->date, tm_app_calendar(app), t->title, "would be due", &t->due, err)))
				return tm_with_field(err, "due", rc);
		} else {
			t->due = due.date;
		}
	}
	if (in->not_before && (!*in->not_before || !strcasecmp(in->not_before, "none"))) {
		t->has_not_before = t->has_nb_offset = false;
	} else if (in->not_before) {
		tm_due nb;
		if ((rc = tm_due_parse(in->not_before, &nb, err)))
			return tm_with_field(err, "not_before", rc);
		t->has_not_before = true;
		t->has_nb_offset = nb.is_offset;
		if (nb.is_offset) {
			t->nb_offset = nb.offset;
			if ((rc = tm_app_resolve(&nb.offset, launch->date, tm_app_calendar(app), t->title, "could not start before",
						 &t->not_before, err)))
				return tm_with_field(err, "not_before", rc);
		} else {
			t->not_before = nb.date;
		}
	}
	if (in->status) {
		if ((t->status = tm_task_status_parse(in->status)) < 0)
			return tm_fail_field(err, TM_EINVAL, "status", "unknown task status '%.40s' (todo, in_progress, done or skipped)",
					     in->status);
	}
	if (in->milestone >= 0)
		t->milestone = in->milestone;
	if (in->required >= 0)
		t->required = in->required;
	if (in->days >= 0) {
		if (in->days > TASK_MAX_DAYS)
			return tm_fail_field(err, TM_EINVAL, "days", "effort of %d days is more than a year of work (at most %d)",
					     in->days, TASK_MAX_DAYS);
		t->effort_days = in->days;
	}
	if (t->milestone && t->effort_days > 0) {
		if (in->days > 0)
			return tm_fail_field(err, TM_EINVAL, "days", "a milestone takes no effort: '%s' cannot have %d days", t->title,
					     t->effort_days);
		t->effort_days = 0;
	}
	/* A start that can only come after the deadline is a typing mistake, not a plan. */
	if ((in->due || in->not_before) && t->has_due && t->has_not_before && t->not_before > t->due) {
		char d[TM_DATE_STRLEN], nb[TM_DATE_STRLEN];
		return tm_fail_field(err, TM_EINVAL, in->not_before ? "not_before" : "due",
				     "'%s' would be due %s but could not start before %s: a task cannot start after its due date",
				     t->title, tm_date_format(t->due, d), tm_date_format(t->not_before, nb));
	}
	return 0;
}

/* Checks that `after` can be a predecessor of `task` and adds the edge. deps is the launch's graph. */
static int add_dep_checked(tm_app *app, tm_deps *deps, const tm_task *task, const tm_task *after, tm_error *err)
{
	if (after->launch_id != task->launch_id)
		return tm_fail_field(err, TM_EINVAL, "after",
				     "task #%lld belongs to launch '%s' and #%lld to '%s': a task can only wait for tasks of its own launch",
				     (long long)task->id, task->launch_slug, (long long)after->id, after->launch_slug);
	for (size_t i = 0; i < deps->n; i++)
		if (deps->v[i].task == task->id && deps->v[i].after == after->id)
			return tm_fail(err, TM_ECONFLICT, "task #%lld already waits for #%lld", (long long)task->id,
				       (long long)after->id);
	int64_t cycle[64];
	size_t n = tm_dep_cycle(deps->v, deps->n, task->id, after->id, cycle, 64);
	if (n) {
		char text[400];
		if (n <= 64)
			tm_dep_cycle_format(cycle, n, 1, text, sizeof(text));
		else
			snprintf(text, sizeof(text), "a chain of %zu tasks", n);
		return tm_fail_field(err, TM_ECONFLICT, "after", "#%lld cannot wait for #%lld: that would close the cycle %s",
				     (long long)task->id, (long long)after->id, text);
	}
	tm_dep *d = TM_VEC_PUSH(deps);
	d->task = task->id;
	d->after = after->id;
	return app->st->ops->dep_add(app->st, task->id, after->id, err);
}

int tm_app_task_add(tm_app *app, const char *launch_ref, const tm_task_input *in, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch launch;
	tm_task t;
	tm_deps deps = TM_VEC_INIT;
	tm_tasks afters = TM_VEC_INIT;
	int rc;

	memset(&t, 0, sizeof(t));
	t.role = TM_ROLE_NONE;
	t.required = true;
	t.status = TM_TASK_TODO;
	if ((rc = st->ops->launch_find(st, launch_ref, &launch, err)))
		return rc;
	if (!in->title)
		return tm_fail_field(err, TM_EINVAL, "title", "missing task title");
	snprintf(t.section, sizeof(t.section), "Other");
	t.effort_days = in->milestone > 0 ? 0 : 1;
	if ((rc = apply_input(app, &launch, in, &t, err)))
		return rc;
	t.launch_id = launch.id;
	snprintf(t.launch_slug, sizeof(t.launch_slug), "%s", launch.slug);
	for (int i = 0; i < in->n_after; i++) {
		tm_task *a = TM_VEC_PUSH(&afters);
		if ((rc = tm_app_task_get(app, in->after[i], a, err))) {
			tm_with_field(err, "after", rc);
			goto out;
		}
	}
	if ((rc = st->ops->begin(st, true, err)))
		goto out;
	rc = st->ops->task_add(st, &t, err);
	if (!rc && afters.n)
		rc = st->ops->dep_list(st, launch.id, &deps, err);
	for (size_t i = 0; i < afters.n && !rc; i++)
		rc = add_dep_checked(app, &deps, &t, &afters.v[i], err);
	if (!rc)
		rc = tm_app_audit(app, "task.add", NULL, tm_app_audit_task(app, t.id), err, "task %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->task_get(st, t.id, out, err);
out:
	TM_VEC_FREE(&deps);
	tm_tasks_free(&afters);
	return rc;
}

int tm_app_task_set(tm_app *app, const char *task_ref, const tm_task_input *in, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch launch;
	tm_task t = { 0 };
	int rc;

	if (in->n_after)
		return tm_fail_field(err, TM_EINVAL, "after", "dependencies change with 'tminus task dep add|rm'");
	/* Read, check the version and write inside one write transaction, so two clients holding
	 * the same version cannot both win. */
	if ((rc = st->ops->begin(st, true, err)))
		return rc;
	rc = tm_app_task_get(app, task_ref, &t, err);
	json_t *before = rc ? NULL : tm_json_task(&t);
	tm_task_release(&t);
	if (!rc && in->if_version > 0 && t.version != in->if_version)
		rc = tm_fail(err, TM_ESTALE, "task #%lld has changed (version %lld, not %lld): read it again",
			     (long long)t.id, (long long)t.version, (long long)in->if_version);
	if (!rc)
		rc = st->ops->launch_get(st, t.launch_id, &launch, err);
	if (!rc)
		rc = apply_input(app, &launch, in, &t, err);
	if (!rc)
		rc = st->ops->task_update(st, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "task.update", before, tm_app_audit_task(app, t.id), err, "task %lld", (long long)t.id);
	else
		json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->task_get(st, t.id, out, err);
	return rc;
}

/* A new version of t as stored (its fields unchanged). */
static int bump_version(tm_app *app, const tm_task *t, tm_error *err)
{
	tm_task copy = *t;
	copy.depends_on = NULL;
	copy.n_depends_on = 0;
	return app->st->ops->task_update(app->st, &copy, err);
}

/* Loads both ends of a dependency. */
static int load_pair(tm_app *app, const char *task_ref, const char *after_ref, tm_task *t, tm_task *a, tm_error *err)
{
	int rc = tm_app_task_get(app, task_ref, t, err);
	if (rc)
		return rc;
	if (!after_ref) {
		tm_task_release(t);
		return tm_fail_field(err, TM_EINVAL, "after", "missing --after TASK");
	}
	if ((rc = tm_app_task_get(app, after_ref, a, err))) {
		tm_task_release(t);
		return tm_with_field(err, "after", rc);
	}
	return 0;
}

int tm_app_dep_add(tm_app *app, const char *task_ref, const char *after_ref, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_task t, a;
	tm_deps deps = TM_VEC_INIT;
	int rc = load_pair(app, task_ref, after_ref, &t, &a, err);
	if (rc)
		return rc;
	if ((rc = st->ops->begin(st, true, err)))
		goto out;
	rc = st->ops->dep_list(st, t.launch_id, &deps, err);
	if (!rc)
		rc = add_dep_checked(app, &deps, &t, &a, err);
	/* What a task waits for is part of it: a new version (the API's ETag). */
	if (!rc)
		rc = bump_version(app, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "task.dep.add", tm_json_task(&t), tm_app_audit_task(app, t.id), err, "task %lld",
				  (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->task_get(st, t.id, out, err);
out:
	TM_VEC_FREE(&deps);
	tm_task_release(&t);
	tm_task_release(&a);
	return rc;
}

int tm_app_dep_rm(tm_app *app, const char *task_ref, const char *after_ref, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_task t, a;
	bool removed = false;
	int rc = load_pair(app, task_ref, after_ref, &t, &a, err);
	if (rc)
		return rc;
	if ((rc = st->ops->begin(st, true, err)))
		goto out;
	rc = st->ops->dep_rm(st, t.id, a.id, &removed, err);
	if (!rc && !removed)
		rc = tm_fail(err, TM_ENOTFOUND, "task #%lld does not wait for #%lld", (long long)t.id, (long long)a.id);
	if (!rc)
		rc = bump_version(app, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "task.dep.remove", tm_json_task(&t), tm_app_audit_task(app, t.id), err, "task %lld",
				  (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->task_get(st, t.id, out, err);
out:
	tm_task_release(&t);
	tm_task_release(&a);
	return rc;
}

int tm_app_task_rm(tm_app *app, const char *task_ref, tm_task *out, tm_deps *freed, tm_error *err)
{
	tm_store *st = app->st;
	tm_deps deps = TM_VEC_INIT;
	int rc = tm_app_task_get(app, task_ref, out, err);
	if (rc)
		return rc;
	if ((rc = st->ops->begin(st, true, err)))
		return rc;
	rc = st->ops->dep_list(st, out->launch_id, &deps, err);
	for (size_t i = 0; i < deps.n && !rc; i++)
		if (deps.v[i].after == out->id)
			*TM_VEC_PUSH(freed) = deps.v[i];
	if (!rc)
		rc = st->ops->task_rm(st, out->id, err);
	if (!rc)
		rc = tm_app_audit(app, "task.remove", tm_json_task(out), NULL, err, "task %lld", (long long)out->id);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&deps);
	return rc;
}
