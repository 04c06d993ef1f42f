/*
 * approve.c - approving external copy (seed 001: the PMM is the ultimate
 * approver of what hits the external airwaves). A task that produces external
 * copy counts as done only once the launch's PMM and every person who reviews
 * it approved it: until then `done` leaves it awaiting_approval.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"

#include "util/banned.h"

int tm_app_launch_pmm(tm_app *app, const tm_launch *l, tm_person *out, tm_error *err)
{
	int64_t id = 0;
	memset(out, 0, sizeof(*out));
	int rc = tm_app_role_owner(app, l, TM_ROLE_PMM, &id, err);
	if (!rc && id)
		rc = app->st->ops->people->get(app->st, id, out, err);
	return rc;
}

/* The state of t given its launch's PMM's name. */
static void state_of(const tm_task *t, const char *pmm, tm_approval_state *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->pmm, sizeof(out->pmm), "%s", pmm);
	int n = tm_task_missing_approvals(t, pmm, out->missing, TM_APPROVERS_MAX);
	out->n_missing = n < TM_APPROVERS_MAX ? n : TM_APPROVERS_MAX;
}

int tm_app_task_approval_state(tm_app *app, const tm_task *t, tm_approval_state *out, tm_error *err)
{
	tm_launch l;
	tm_person pmm;
	memset(out, 0, sizeof(*out));
	if (!t->external)
		return 0;
	int rc = app->st->ops->launches->get(app->st, t->launch_id, &l, err);
	if (!rc)
		rc = tm_app_launch_pmm(app, &l, &pmm, err);
	if (!rc)
		state_of(t, pmm.name, out);
	return rc;
}

int tm_app_task_settle_approval(tm_app *app, const tm_launch *l, int previous, tm_task *t, tm_error *err)
{
	if (t->status != TM_TASK_DONE && t->status != TM_TASK_AWAITING_APPROVAL)
		return 0;
	if (!t->external) {
		if (t->status == TM_TASK_AWAITING_APPROVAL && previous != TM_TASK_AWAITING_APPROVAL)
			return tm_fail_field(err, TM_EINVAL, "status",
					     "task %lld produces no external copy: it awaits nobody's approval (set it done)",
					     (long long)t->id);
		t->status = TM_TASK_DONE;
		return 0;
	}
	tm_person pmm;
	tm_approval_state s;
	int rc = tm_app_launch_pmm(app, l, &pmm, err);
	if (rc)
		return rc;
	state_of(t, pmm.name, &s);
	t->status = s.n_missing ? TM_TASK_AWAITING_APPROVAL : TM_TASK_DONE;
	return 0;
}

/* Is name one of the task's reviewers? */
static bool reviews(const tm_task *t, const char *name)
{
	size_t len, n = strlen(name);
	for (int i = 0; i < TM_REVIEWERS_MAX; i++) {
		const char *r = tm_task_reviewer(t, i, &len);
		if (!r)
			break;
		if (len == n && strncasecmp(r, name, n) == 0)
			return true;
	}
	return false;
}

int tm_app_task_approve(tm_app *app, const char *task_ref, const tm_approve_input *in, tm_task *out,
			tm_approval_state *state, tm_error *err)
{
	tm_store *st = app->st;
	tm_task t = { 0 };
	tm_launch l;
	tm_person pmm = { 0 }, who = { 0 };
	json_t *before = NULL;
	int rc;
	memset(state, 0, sizeof(*state));
	if ((rc = tm_input_check(&tm_approve_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = tm_app_task_get(app, task_ref, &t, err);
	if (!rc)
		rc = st->ops->launches->get(st, t.launch_id, &l, err);
	if (!rc && !t.external)
		rc = tm_fail(err, TM_EINVAL, "task %lld produces no external copy: nothing to approve", (long long)t.id);
	if (!rc)
		rc = tm_app_launch_pmm(app, &l, &pmm, err);
	if (!rc && TM_GIVEN(in, TM_API_AS)) {
		if ((rc = tm_app_find_person(app, in->as, &who, err)))
			tm_with_field(err, "as", rc);
	} else if (!rc) {
		if (!pmm.id)
			rc = tm_fail_field(err, TM_EINVAL, "as",
					   "launch '%s' names no PMM (no pmm owner, no marketing owner): say who approves with {}",
					   l.slug);
		who = pmm;
	}
	if (!rc && who.id != pmm.id && !reviews(&t, who.name))
		rc = tm_fail_field(err, TM_EINVAL, "as", "'%s' is neither the launch's PMM nor a reviewer of task %lld",
				   who.name, (long long)t.id);
	if (!rc) {
		char at[40];
		tm_app_utc(at, sizeof(at), 0);
		before = tm_json_task(&t);
		rc = st->ops->tasks->approve(st, t.id, who.id, at, err);
	}
	/* Read back with the approval; a task awaiting approval that now has them all is done. An
	 * approval is a change of the task: a new version (the API's ETag) either way. */
	if (!rc) {
		int64_t id = t.id;
		tm_task_release(&t);
		rc = st->ops->tasks->get(st, id, &t, err);
	}
	if (!rc) {
		state_of(&t, pmm.name, state);
		if (t.status == TM_TASK_AWAITING_APPROVAL && !state->n_missing)
			t.status = TM_TASK_DONE;
		tm_task copy = t;
		copy.depends_on = NULL;
		copy.n_depends_on = 0;
		rc = st->ops->tasks->update(st, &copy, err);
	}
	if (!rc) {
		rc = tm_app_audit(app, "task.approve", before, tm_app_audit_task(app, t.id), err, "task %lld", (long long)t.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->tasks->get(st, t.id, out, err);
	tm_task_release(&t);
	return rc;
}
