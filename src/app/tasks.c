/* tasks.c - a launch's bill of materials: listing, adding, changing tasks and their dependencies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"

#include "util/banned.h"

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
		rc = app->st->ops->tasks->get(app->st, id, out, err);
	return rc;
}

int tm_app_person_tasks(tm_app *app, int64_t person_id, tm_tasks *out, tm_error *err)
{
	/* Every one, with a due date or not: an undated task is still theirs to do. */
	return person_id ? app->st->ops->tasks->list_live(app->st, person_id, out, err) : 0;
}

int tm_app_task_list(tm_app *app, const char *launch_ref, const tm_task_query *q, tm_launch *launch,
		     tm_tasks *out, tm_error *err)
{
	tm_task_filter f = TM_TASK_FILTER_ALL;
	int rc;
	if (q && q->status && (f.status = tm_task_status_parse(q->status)) < 0)
		return tm_fail_field(err, TM_EINVAL, "status", "unknown task status '%.40s' (todo, in_progress, done or skipped)",
				     q->status);
	if ((rc = app->st->ops->launches->find(app->st, launch_ref, launch, err)))
		return rc;
	if (q && q->owner) {
		tm_person p;
		if ((rc = tm_app_find_person(app, q->owner, &p, err)))
			return tm_with_field(err, "owner", rc);
		f.owner_id = p.id;
	}
	return app->st->ops->tasks->list(app->st, launch->id, &f, out, err);
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

/* The people a task's reviewers field names, resolved (ids, in order); when given, t's reviewers' names
 * become theirs too (whose approval an external task needs). */
static int find_reviewers(tm_app *app, const tm_task_input *in, int64_t *ids, tm_task *t, tm_error *err)
{
	size_t at = 0;
	if (TM_GIVEN(in, TM_TI_REVIEWED_BY))
		t->reviewed_by[0] = '\0';
	for (int i = 0; i < in->reviewed_by.n; i++) {
		tm_person p;
		int rc = tm_app_find_person(app, in->reviewed_by.v[i], &p, err);
		if (rc)
			return tm_with_field(err, "reviewed_by", rc);
		ids[i] = p.id;
		int n = snprintf(t->reviewed_by + at, sizeof(t->reviewed_by) - at, "%s\x1f", p.name);
		if (n > 0 && (size_t)n < sizeof(t->reviewed_by) - at)
			at += (size_t)n;
	}
	return 0;
}

/* Applies the fields of in that are given to t; launch gives T for offsets. */
static int apply_input(tm_app *app, const tm_launch *launch, const tm_task_input *in, tm_task *t, tm_error *err)
{
	int rc;
	if (TM_GIVEN(in, TM_TI_TITLE))
		snprintf(t->title, sizeof(t->title), "%s", in->title);
	if (TM_GIVEN(in, TM_TI_SECTION))
		snprintf(t->section, sizeof(t->section), "%s", in->section);
	if (TM_GIVEN(in, TM_TI_ROLE))
		t->role = in->role;
	if (TM_GIVEN(in, TM_TI_OWNER)) {
		tm_person p;
		if ((rc = tm_app_find_person(app, in->owner, &p, err)))
			return tm_with_field(err, "owner", rc);
		t->owner_id = p.id;
		snprintf(t->owner, sizeof(t->owner), "%s", p.name);
		if (!TM_GIVEN(in, TM_TI_ROLE) && t->role < 0)
			t->role = p.role;
	}
	if (TM_GIVEN(in, TM_TI_DUE) && t->product && in->due.is_offset) {
		char o[TM_OFFSET_STRLEN];
		return tm_fail_field(err, TM_EINVAL, "due",
				     "'%s' is a product milestone: engineering gives a product milestone a date (YYYY-MM-DD), "
				     "not an offset from T such as %s",
				     t->title, tm_offset_format(&in->due.offset, o));
	}
	if (TM_GIVEN(in, TM_TI_STREAM)) {
		if (in->stream[0]) {
			const tm_playbook *pb;
			if ((rc = tm_app_playbook(app, &pb, err)))
				return rc;
			if (tm_playbook_stream(pb, in->stream) < 0) {
				tm_buf known = TM_BUF_INIT;
				for (int i = 0; i < pb->n_streams; i++)
					tm_buf_printf(&known, "%s%s", i ? ", " : "", pb->streams[i].key);
				rc = tm_fail_field(err, TM_EINVAL, "stream", "unknown stream '%s' (%s)", in->stream,
						   pb->n_streams ? known.s : "the playbook in force has no streams");
				tm_buf_release(&known);
				return rc;
			}
		}
		snprintf(t->stream, sizeof(t->stream), "%s", in->stream);
	}
	if (TM_GIVEN(in, TM_TI_EXTERNAL))
		t->external = in->external;
	if (TM_GIVEN(in, TM_TI_DUE)) {
		t->has_due = true;
		t->has_offset = in->due.is_offset;
		if (in->due.is_offset) {
			t->offset = in->due.offset;
			if ((rc = tm_app_resolve(&t->offset, launch->date, tm_app_calendar(app), t->title, "would be due", &t->due,
						 err)))
				return tm_with_field(err, "due", rc);
		} else {
			t->due = in->due.date;
		}
	}
	if (TM_GIVEN(in, TM_TI_NOT_BEFORE) && in->not_before.none) {
		t->has_not_before = t->has_nb_offset = false;
	} else if (TM_GIVEN(in, TM_TI_NOT_BEFORE)) {
		t->has_not_before = true;
		t->has_nb_offset = in->not_before.is_offset;
		if (in->not_before.is_offset) {
			t->nb_offset = in->not_before.offset;
			if ((rc = tm_app_resolve(&t->nb_offset, launch->date, tm_app_calendar(app), t->title, "could not start before",
						 &t->not_before, err)))
				return tm_with_field(err, "not_before", rc);
		} else {
			t->not_before = in->not_before.date;
		}
	}
	if (TM_GIVEN(in, TM_TI_STATUS))
		t->status = in->status;
	if (TM_GIVEN(in, TM_TI_MILESTONE))
		t->milestone = in->milestone;
	if (TM_GIVEN(in, TM_TI_REQUIRED))
		t->required = in->required;
	if (TM_GIVEN(in, TM_TI_DAYS))
		t->effort_days = in->effort_days;
	if (t->milestone && t->effort_days > 0) {
		if (TM_GIVEN(in, TM_TI_DAYS))
			return tm_fail_field(err, TM_EINVAL, "effort_days", "a milestone takes no effort: '%s' cannot have %d days",
					     t->title, t->effort_days);
		t->effort_days = 0;
	}
	/* A start that can only come after the deadline is a typing mistake, not a plan. */
	if ((TM_GIVEN(in, TM_TI_DUE) || TM_GIVEN(in, TM_TI_NOT_BEFORE)) && t->has_due && t->has_not_before &&
	    t->not_before > t->due) {
		char d[TM_DATE_STRLEN], nb[TM_DATE_STRLEN];
		return tm_fail_field(err, TM_EINVAL, TM_GIVEN(in, TM_TI_NOT_BEFORE) ? "not_before" : "due",
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
				     "#%lld belongs to launch '%s', not to '%s': a task can only wait for tasks of its own launch",
				     (long long)after->id, after->launch_slug, task->launch_slug);
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
	return app->st->ops->tasks->dep_add(app->st, task->id, after->id, err);
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
	t.co_role = TM_ROLE_NONE;
	t.required = true;
	t.status = TM_TASK_TODO;
	if ((rc = tm_input_check(&tm_task_desc, TM_IN_CREATE, in, err)) ||
	    (rc = st->ops->launches->find(st, launch_ref, &launch, err)))
		return rc;
	snprintf(t.section, sizeof(t.section), "Other");
	t.effort_days = in->milestone ? 0 : 1;
	int64_t reviewers[TM_REVIEWERS_MAX];
	if ((rc = apply_input(app, &launch, in, &t, err)) || (rc = find_reviewers(app, in, reviewers, &t, err)) ||
	    (rc = tm_app_task_settle_approval(app, &launch, TM_TASK_TODO, &t, err)))
		return rc;
	/* Nobody named: the person who owns the task's role on this launch. */
	if (!TM_GIVEN(in, TM_TI_OWNER) && t.role >= 0 && (rc = tm_app_role_owner(app, &launch, t.role, &t.owner_id, err)))
		return rc;
	t.launch_id = launch.id;
	snprintf(t.launch_slug, sizeof(t.launch_slug), "%s", launch.slug);
	for (int i = 0; i < in->after.n; i++) {
		tm_task *a = TM_VEC_PUSH(&afters);
		if ((rc = st->ops->tasks->get(st, in->after.v[i], a, err))) {
			tm_with_field(err, "after", rc);
			goto out;
		}
	}
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = st->ops->tasks->add(st, &t, err);
	if (!rc && in->reviewed_by.n)
		rc = st->ops->tasks->reviewers_set(st, t.id, reviewers, in->reviewed_by.n, err);
	if (!rc && afters.n)
		rc = st->ops->tasks->dep_list(st, launch.id, &deps, err);
	for (size_t i = 0; i < afters.n && !rc; i++)
		rc = add_dep_checked(app, &deps, &t, &afters.v[i], err);
	if (!rc)
		rc = tm_app_audit(app, "task.add", NULL, tm_app_audit_task(app, t.id), err, "task %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->tasks->get(st, t.id, out, err);
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

	if ((rc = tm_input_check(&tm_task_desc, TM_IN_CHANGE, in, err)))
		return rc;
	/* Read, check the version and write inside one write transaction, so two clients holding
	 * the same version cannot both win. */
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_task_get(app, task_ref, &t, err);
	json_t *before = rc ? NULL : tm_json_task(&t);
	int previous = t.status;
	tm_task_release(&t);
	if (!rc && in->if_version > 0 && t.version != in->if_version)
		rc = tm_fail(err, TM_ESTALE, "task #%lld has changed (version %lld, not %lld): read it again",
			     (long long)t.id, (long long)t.version, (long long)in->if_version);
	if (!rc)
		rc = st->ops->launches->get(st, t.launch_id, &launch, err);
	int64_t reviewers[TM_REVIEWERS_MAX];
	if (!rc)
		rc = apply_input(app, &launch, in, &t, err);
	if (!rc)
		rc = find_reviewers(app, in, reviewers, &t, err);
	/* Done, for external copy, is done once approved: until then it awaits the approvals it lacks. */
	/* (A task done before it became external, or before a reviewer joined, stays done.) */
	if (!rc && (TM_GIVEN(in, TM_TI_STATUS) || previous == TM_TASK_AWAITING_APPROVAL))
		rc = tm_app_task_settle_approval(app, &launch, previous, &t, err);
	if (!rc)
		rc = st->ops->tasks->update(st, &t, err);
	/* Back to work after it was done: its copy changes, what was approved is no longer what ships. */
	if (!rc && (previous == TM_TASK_DONE || previous == TM_TASK_AWAITING_APPROVAL) &&
	    (t.status == TM_TASK_TODO || t.status == TM_TASK_IN_PROGRESS) && t.approved_by[0])
		rc = st->ops->tasks->approvals_clear(st, t.id, err);
	if (!rc && TM_GIVEN(in, TM_TI_REVIEWED_BY))
		rc = st->ops->tasks->reviewers_set(st, t.id, reviewers, in->reviewed_by.n, err);
	if (!rc)
		rc = tm_app_audit(app, "task.update", before, tm_app_audit_task(app, t.id), err, "task %lld", (long long)t.id);
	else
		json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->tasks->get(st, t.id, out, err);
	return rc;
}

/* A new version of t as stored (its fields unchanged). */
static int bump_version(tm_app *app, const tm_task *t, tm_error *err)
{
	tm_task copy = *t;
	copy.depends_on = NULL;
	copy.n_depends_on = 0;
	return app->st->ops->tasks->update(app->st, &copy, err);
}

/* Loads both ends of a dependency. */
static int load_pair(tm_app *app, const char *task_ref, const tm_dep_input *in, tm_task *t, tm_task *a, tm_error *err)
{
	int rc = tm_input_check(&tm_dep_desc, TM_IN_CREATE, in, err);
	if (rc || (rc = tm_app_task_get(app, task_ref, t, err)))
		return rc;
	if ((rc = app->st->ops->tasks->get(app->st, in->after, a, err))) {
		tm_task_release(t);
		return tm_with_field(err, "after", rc);
	}
	return 0;
}

int tm_app_dep_add(tm_app *app, const char *task_ref, const tm_dep_input *in, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_task t, a;
	tm_deps deps = TM_VEC_INIT;
	int rc = load_pair(app, task_ref, in, &t, &a, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = st->ops->tasks->dep_list(st, t.launch_id, &deps, err);
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
		rc = st->ops->tasks->get(st, t.id, out, err);
out:
	TM_VEC_FREE(&deps);
	tm_task_release(&t);
	tm_task_release(&a);
	return rc;
}

int tm_app_dep_rm(tm_app *app, const char *task_ref, const tm_dep_input *in, tm_task *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_task t, a;
	bool removed = false;
	int rc = load_pair(app, task_ref, in, &t, &a, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = st->ops->tasks->dep_rm(st, t.id, a.id, &removed, err);
	if (!rc && !removed)
		rc = tm_fail(err, TM_ENOTFOUND, "task #%lld does not wait for #%lld", (long long)t.id, (long long)a.id);
	if (!rc)
		rc = bump_version(app, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "task.dep.remove", tm_json_task(&t), tm_app_audit_task(app, t.id), err, "task %lld",
				  (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->tasks->get(st, t.id, out, err);
out:
	tm_task_release(&t);
	tm_task_release(&a);
	return rc;
}

int tm_app_task_rm(tm_app *app, const char *task_ref, bool force, tm_task *out, tm_deps *freed, tm_error *err)
{
	tm_store *st = app->st;
	tm_deps deps = TM_VEC_INIT;
	tm_buf waiting = TM_BUF_INIT;
	int rc = tm_app_task_get(app, task_ref, out, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->tasks->dep_list(st, out->launch_id, &deps, err);
	int n_waiting = 0;
	for (size_t i = 0; i < deps.n && !rc; i++) {
		if (deps.v[i].after != out->id)
			continue;
		tm_task w;
		if ((rc = st->ops->tasks->get(st, deps.v[i].task, &w, err)))
			break;
		tm_buf_printf(&waiting, "%s#%lld %s", n_waiting++ ? ", " : "", (long long)w.id, w.title);
		tm_task_release(&w);
	}
	if (!rc && n_waiting && !force)
		rc = tm_fail_field(err, TM_ECONFLICT, "force",
				   "%s %s for #%lld %s: remove it anyway with {} (they will wait for what it waited for), "
				   "or set its status to skipped instead",
				   waiting.s, n_waiting == 1 ? "waits" : "wait", (long long)out->id, out->title);
	/* With force, each task that waited for it waits for what it waited for, unless that closes a cycle. */
	for (size_t i = 0; i < deps.n && !rc; i++) {
		if (deps.v[i].after != out->id)
			continue;
		bool linked = false;
		for (int k = 0; k < out->n_depends_on && !rc; k++) {
			int64_t task = deps.v[i].task, after = out->depends_on[k], cycle[8];
			bool dup = false;
			for (size_t j = 0; j < deps.n; j++)
				dup |= deps.v[j].task == task && deps.v[j].after == after;
			if (dup || tm_dep_cycle(deps.v, deps.n, task, after, cycle, 8))
				continue;
			rc = st->ops->tasks->dep_add(st, task, after, err);
			*TM_VEC_PUSH(freed) = (tm_dep){ task, after };
			linked = true;
		}
		if (!linked)
			*TM_VEC_PUSH(freed) = (tm_dep){ deps.v[i].task, 0 };
	}
	if (!rc)
		rc = st->ops->tasks->rm(st, out->id, err);
	if (!rc)
		rc = tm_app_audit(app, "task.remove", tm_json_task(out), NULL, err, "task %lld", (long long)out->id);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&deps);
	tm_buf_release(&waiting);
	return rc;
}
