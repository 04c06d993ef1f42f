/*
 * delay.c - moving a launch day. Tasks whose due date follows T move with
 * it, fixed dates stay (and are reported when T passes them), done work
 * never moves. The plan is saved as a baseline first, the move goes into
 * the launch's history and the decision ledger, all in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "app/notify.h"
#include "render/json.h"

#include "util/banned.h"

void tm_delay_result_release(tm_delay_result *r)
{
	tm_tasks_free(&r->moved);
	tm_tasks_free(&r->fixed);
	tm_tasks_free(&r->inconsistent);
	TM_VEC_FREE(&r->warnings);
}

static int side(tm_date d, tm_date t)
{
	return d < t ? -1 : d > t;
}

/* Records what customers are told of the last move of launch day (it was not given when it moved). */
static int tell_customers(tm_app *app, const char *launch_ref, const char *text, tm_delay_result *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_date_changes history = TM_VEC_INIT;
	int rc = st->ops->launches->find(st, launch_ref, &out->before, err);
	if (!rc)
		rc = st->ops->history->date_change_list(st, out->before.id, &history, err);
	if (!rc && !history.n)
		rc = tm_fail_field(err, TM_EINVAL, "public_reason",
				   "launch '%s' has not moved: what customers are told goes with a move (give the new date and the reason too)",
				   out->before.slug);
	if (!rc) {
		out->change = history.v[history.n - 1];
		snprintf(out->change.public_reason, sizeof(out->change.public_reason), "%s", text);
		out->told = true;
		rc = st->ops->tx->begin(st, true, err);
		if (!rc) {
			rc = st->ops->history->date_change_set_public(st, out->change.id, text, err);
			if (!rc)
				rc = tm_app_audit(app, "launch.delay.public_reason", NULL, json_pack("{s:s}", "public_reason", text), err,
						  "launch %lld", (long long)out->before.id);
			rc = tm_store_finish(st, rc, err);
		}
	}
	if (!rc)
		out->after = out->before;
	TM_VEC_FREE(&history);
	return rc;
}

int tm_app_launch_delay(tm_app *app, const char *launch_ref, const tm_delay_input *in, tm_delay_result *out,
			tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_plan plan = { 0 };
	tm_tasks tasks = TM_VEC_INIT;
	const tm_calendar *cal;
	tm_date new_t;
	char from_s[TM_DATE_STRLEN], to_s[TM_DATE_STRLEN];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = tm_input_check(&tm_delay_desc, TM_IN_CREATE, in, err)))
		return rc;
	if (!TM_GIVEN(in, TM_DI_TO) && !TM_GIVEN(in, TM_DI_REASON) && TM_GIVEN(in, TM_DI_PUBLIC_REASON))
		return tell_customers(app, launch_ref, in->public_reason, out, err);
	if (!TM_GIVEN(in, TM_DI_TO))
		return tm_fail_field(err, TM_EINVAL, "to", "missing {}: the new launch day, YYYY-MM-DD");
	if (!TM_GIVEN(in, TM_DI_REASON))
		return tm_fail_field(err, TM_EINVAL, "reason", "missing {}: a moved launch day needs a why for the team and the ledger");
	new_t = in->to;
	if ((rc = tm_app_calendar_load(app, &cal, err)) || (rc = tm_app_plan(app, launch_ref, &plan, err)))
		return rc;
	out->before = plan.launch;
	if (plan.launch.status != TM_LAUNCH_PLANNED) {
		rc = tm_fail(err, TM_ECONFLICT, "launch '%s' is %s: only a planned launch can move", plan.launch.slug,
			     tm_launch_status_name(plan.launch.status));
		goto out;
	}
	if (new_t == plan.launch.date) {
		rc = tm_fail_field(err, TM_EINVAL, "to", "launch '%s' is already on %s", plan.launch.slug,
				   tm_date_format(new_t, to_s));
		goto out;
	}
	tm_date_format(plan.launch.date, from_s);
	tm_date_format(new_t, to_s);

	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	/* 1. A baseline of the plan as it was. */
	{
		char name[TM_NAME_MAX + 1];
		tm_baselines existing = TM_VEC_INIT;
		snprintf(name, sizeof(name), "before delay to %s", to_s);
		rc = st->ops->history->baseline_list(st, plan.launch.id, &existing, err);
		for (int k = 2; !rc; k++) {
			bool taken = false;
			for (size_t i = 0; i < existing.n; i++)
				taken |= !strcmp(existing.v[i].name, name);
			if (!taken)
				break;
			snprintf(name, sizeof(name), "before delay to %s (%d)", to_s, k);
		}
		TM_VEC_FREE(&existing);
		if (!rc)
			rc = tm_app_baseline_save_in_tx(app, &plan, name, &out->baseline, err);
	}
	/* 2. The launch day. */
	out->after = plan.launch;
	out->after.date = new_t;
	out->after.date_changes++;
	if (!rc)
		rc = st->ops->launches->update(st, &out->after, err);
	/* 3. Its tasks. */
	if (!rc)
		rc = st->ops->tasks->list(st, plan.launch.id, NULL, &tasks, err);
	for (size_t i = 0; i < tasks.n && !rc; i++) {
		tm_task t = tasks.v[i];
		if (t.status == TM_TASK_DONE || t.status == TM_TASK_SKIPPED) {
			out->done_kept++;
			continue;
		}
		t.depends_on = NULL;
		t.n_depends_on = 0;
		bool moved = false;
		if ((t.has_offset || t.has_nb_offset) && (rc = tm_app_task_follow(&t, new_t, cal, &moved, err)))
			break;
		if (moved) {
			rc = st->ops->tasks->update(st, &t, err);
			*TM_VEC_PUSH(&out->moved) = t;
		}
		if (!t.has_offset && t.has_due) {
			*TM_VEC_PUSH(&out->fixed) = t;
			if (side(t.due, plan.launch.date) != side(t.due, new_t))
				*TM_VEC_PUSH(&out->inconsistent) = t;
		}
	}
	/* 4. Its metrics: their window starts at the new T, so each is judged again from its observations. */
	if (!rc)
		rc = tm_app_metrics_refresh(app, plan.launch.id, new_t, err);
	/* 5. History and ledger. */
	out->change = (tm_date_change){ .launch_id = plan.launch.id, .from = plan.launch.date, .to = new_t, .on = app->today };
	snprintf(out->change.reason, sizeof(out->change.reason), "%s", in->reason);
	snprintf(out->change.public_reason, sizeof(out->change.public_reason), "%s", in->public_reason);
	snprintf(out->change.by, sizeof(out->change.by), "%s", app->user ? app->user : "");
	if (!rc)
		rc = st->ops->history->date_change_add(st, &out->change, err);
	if (!rc) {
		tm_decision d = { .launch_id = plan.launch.id, .on = app->today };
		snprintf(d.what, sizeof(d.what), "%s launch day of '%s' from %s to %s", new_t > plan.launch.date ? "Delayed" : "Pulled in",
			 plan.launch.name, from_s, to_s);
		snprintf(d.why, sizeof(d.why), "%s", in->reason);
		snprintf(d.who, sizeof(d.who), "%s", app->user ? app->user : "");
		rc = st->ops->history->decision_add(st, &d, err);
	}
	/* 6. Its owners, watchers and webhooks are told, in this transaction (app/notify.h). */
	if (!rc)
		rc = tm_notify_launch_moved(app, out, err);
	if (!rc)
		rc = tm_app_audit(app, "launch.delay", tm_json_launch(&out->before, NULL),
				  tm_app_audit_launch(app, plan.launch.id), err, "launch %lld", (long long)plan.launch.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->launches->get(st, plan.launch.id, &out->after, err);
	if (!rc)
		rc = tm_app_change_warnings(app, plan.launch.id, &out->warnings, err);
out:
	tm_tasks_free(&tasks);
	tm_launch_plan_release(&plan);
	if (rc)
		tm_delay_result_release(out);
	return rc;
}

int tm_app_launch_delay_preview(tm_app *app, const char *launch_ref, const tm_delay_input *in, tm_delay_result *out,
				tm_launch_check *check, tm_error *err)
{
	tm_checks checks = TM_VEC_INIT;
	bool nested;
	memset(out, 0, sizeof(*out));
	memset(check, 0, sizeof(*check));
	int rc = tm_app_preview_begin(app, &nested, err);
	if (rc)
		return rc;
	rc = tm_app_launch_delay(app, launch_ref, in, out, err);
	if (!rc) {
		char id[32];
		snprintf(id, sizeof(id), "%lld", (long long)out->after.id);
		if ((rc = tm_app_check(app, id, NULL, 0, &checks, err)) == 0) {
			*check = checks.v[0];
			checks.n = 0; /* its findings are check's now */
		} else {
			tm_delay_result_release(out);
		}
	}
	tm_app_preview_end(app, nested);
	tm_checks_free(&checks);
	return rc;
}
