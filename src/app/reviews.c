/*
 * reviews.c - the post-launch reviews of seed 000 (Day 1 … Quarter): what a
 * review of one stage quotes (the metrics judged with their observations, the
 * tasks still open, the decisions since launch day, the stage's questions)
 * and the record that it was held, which ticks the stage's post-launch task
 * ("no feedback loop" is the anti-pattern it answers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "render/json.h"

#include "util/banned.h"

void tm_launch_review_release(tm_launch_review *r)
{
	if (r->obs)
		for (size_t i = 0; i < r->metrics.n; i++)
			TM_VEC_FREE(&r->obs[i]);
	free(r->obs);
	r->obs = NULL;
	TM_VEC_FREE(&r->metrics);
	tm_tasks_free(&r->open);
	TM_VEC_FREE(&r->decisions);
}

/* The latest stage whose day has come on today, else day-1 (a review asked for before T). */
static int current_stage(tm_date T, tm_date today)
{
	int s = TM_STAGE_DAY_1;
	for (int k = 0; k < TM_STAGE_COUNT; k++)
		if (tm_stage_date(k, T) <= today)
			s = k;
	return s;
}

static int check_stage(int stage, tm_error *err)
{
	if (stage < -1 || stage >= TM_STAGE_COUNT)
		return tm_fail_field(err, TM_EINVAL, "stage",
				     "unknown review stage %d (day-1, week-1, week-2, month-1, month-2 or quarter)", stage);
	return 0;
}

/* The stage's post-launch task of a launch: in section Post-launch, due at the stage's offset (0: none). */
static const tm_task *stage_task(const tm_tasks *tasks, int stage)
{
	for (size_t i = 0; i < tasks->n; i++) {
		const tm_task *t = &tasks->v[i];
		char off[TM_OFFSET_STRLEN];
		if (t->has_offset && !strcasecmp(t->section, "Post-launch") &&
		    !strcmp(tm_offset_format(&t->offset, off), tm_stage_offset(stage)))
			return t;
	}
	return NULL;
}

static bool task_open(const tm_task *t)
{
	return t->status != TM_TASK_DONE && t->status != TM_TASK_SKIPPED;
}

/* Fills out for launch l (read already) and stage (resolved). */
static int gather(tm_app *app, const tm_launch *l, int stage, tm_launch_review *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_task_filter f = TM_TASK_FILTER_ALL;
	tm_tasks tasks = TM_VEC_INIT;
	tm_decisions decisions = TM_VEC_INIT;
	tm_reviews held = TM_VEC_INIT;
	char ref[32];
	int rc;

	out->launch = *l;
	out->stage = stage;
	out->on = tm_stage_date(stage, l->date);
	out->today = app->today;
	snprintf(ref, sizeof(ref), "%lld", (long long)l->id);
	if ((rc = tm_app_metric_list(app, ref, &out->metrics, err)))
		goto out;
	out->obs = tm_xcalloc(out->metrics.n ? out->metrics.n : 1, sizeof(*out->obs));
	for (size_t i = 0; i < out->metrics.n && !rc; i++)
		rc = st->ops->metrics->obs_list(st, out->metrics.v[i].m.id, 0, 0, &out->obs[i], err);
	if (rc || (rc = st->ops->tasks->list(st, l->id, &f, &tasks, err)))
		goto out;
	const tm_task *mine = stage_task(&tasks, stage);
	out->task_id = mine ? mine->id : 0;
	/* The open tasks move over to out (their dependency lists with them); the rest are freed below. */
	for (size_t i = 0; i < tasks.n; i++) {
		if (task_open(&tasks.v[i])) {
			*TM_VEC_PUSH(&out->open) = tasks.v[i];
			tasks.v[i].depends_on = NULL;
			tasks.v[i].n_depends_on = 0;
		}
	}
	if ((rc = st->ops->history->decision_list(st, l->id, &decisions, err)))
		goto out;
	for (size_t i = 0; i < decisions.n; i++)
		if (decisions.v[i].on >= l->date)
			*TM_VEC_PUSH(&out->decisions) = decisions.v[i];
	if ((rc = st->ops->metrics->review_list(st, l->id, &held, err)))
		goto out;
	for (size_t i = 0; i < held.n; i++)
		if (held.v[i].stage == stage) {
			out->held = true;
			out->review = held.v[i];
		}
out:
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&decisions);
	TM_VEC_FREE(&held);
	return rc;
}

int tm_app_review(tm_app *app, const char *launch_ref, int stage, tm_launch_review *out, tm_error *err)
{
	tm_launch l;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = check_stage(stage, err)) || (rc = app->st->ops->launches->find(app->st, launch_ref, &l, err)))
		return rc;
	if (stage < 0)
		stage = current_stage(l.date, app->today);
	if ((rc = gather(app, &l, stage, out, err)))
		tm_launch_review_release(out);
	return rc;
}

/* A review record as the audit log keeps it. */
static json_t *review_json(const tm_review *r, const char *slug, int64_t task_id)
{
	char d[TM_DATE_STRLEN];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "launch", slug, "stage", tm_stage_name(r->stage), "held_on",
			 tm_date_format(r->held_on, d), "notes", r->notes, "by", r->by, "task", (json_int_t)task_id);
}

/* Sets the stage's task done through the tasks use case (its approvals, version and audit row). */
static int tick_task(tm_app *app, const tm_task *t, tm_error *err)
{
	tm_task_input in;
	tm_task done = { 0 };
	char ref[24];
	memset(&in, 0, sizeof(in));
	in.given = 1u << TM_TI_STATUS;
	in.status = TM_TASK_DONE;
	snprintf(ref, sizeof(ref), "%lld", (long long)t->id);
	int rc = tm_app_task_set(app, ref, &in, &done, err);
	tm_task_release(&done);
	return rc;
}

int tm_app_review_done(tm_app *app, const char *launch_ref, int stage, const char *notes, size_t len,
		       tm_launch_review *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	tm_tasks tasks = TM_VEC_INIT;
	tm_reviews held = TM_VEC_INIT;
	tm_review r;
	json_t *before = NULL;
	size_t bad = 0;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (!notes)
		notes = "";
	if ((rc = check_stage(stage, err)))
		return rc;
	if (len > TM_REVIEW_NOTES_MAX)
		return tm_fail_field(err, TM_EINVAL, "notes", "the review's notes are too long (%zu bytes, at most %d)", len,
				     TM_REVIEW_NOTES_MAX);
	const char *nul = memchr(notes, '\0', len);
	if (nul)
		bad = (size_t)(nul - notes);
	if (nul || !tm_utf8_valid(notes, len, &bad))
		return tm_fail_field(err, TM_EINVAL, "notes", "the review's notes are not valid UTF-8 text (byte %zu)", bad + 1);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	if ((rc = st->ops->launches->find(st, launch_ref, &l, err)))
		goto out;
	if (stage < 0)
		stage = current_stage(l.date, app->today);
	if (l.status == TM_LAUNCH_CANCELLED) {
		rc = tm_fail(err, TM_EINVAL, "'%s' is cancelled: a cancelled launch holds no post-launch review", l.slug);
		goto out;
	}
	if (app->today < l.date) {
		rc = tm_fail(err, TM_EINVAL,
			     "the %s review of '%s' cannot be held before launch day %s (today is %s): a review looks back at a launch",
			     tm_stage_label(stage), l.slug, tm_date_format(l.date, a), tm_date_format(app->today, b));
		goto out;
	}
	r.launch_id = l.id;
	r.stage = stage;
	r.held_on = app->today;
	memcpy(r.notes, notes, len);
	r.notes[len] = '\0';
	snprintf(r.by, sizeof(r.by), "%s", app->user ? app->user : "");
	tm_app_utc(r.at, sizeof(r.at), 0);
	tm_task_filter f = TM_TASK_FILTER_ALL;
	if ((rc = st->ops->metrics->review_list(st, l.id, &held, err)) || (rc = st->ops->tasks->list(st, l.id, &f, &tasks, err)))
		goto out;
	const tm_task *t = stage_task(&tasks, stage);
	for (size_t i = 0; i < held.n && !before; i++)
		if (held.v[i].stage == stage)
			before = review_json(&held.v[i], l.slug, t ? t->id : 0);
	if ((rc = st->ops->metrics->review_put(st, &r, err)))
		goto out;
	if (t && t->status != TM_TASK_DONE && (rc = tick_task(app, t, err)))
		goto out;
	rc = tm_app_audit(app, "review.done", before, review_json(&r, l.slug, t ? t->id : 0), err, "launch %lld review %s",
			  (long long)l.id, tm_stage_name(stage));
	before = NULL;
out:
	json_decref(before);
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&held);
	if ((rc = tm_store_finish(st, rc, err)))
		return rc;
	if ((rc = gather(app, &l, stage, out, err)))
		tm_launch_review_release(out);
	return rc;
}

int tm_app_review_list(tm_app *app, const char *launch_ref, tm_reviews *out, tm_error *err)
{
	tm_launch l;
	int rc = app->st->ops->launches->find(app->st, launch_ref, &l, err);
	return rc ? rc : app->st->ops->metrics->review_list(app->st, l.id, out, err);
}

void tm_review_stages_release(tm_review_stages *s)
{
	TM_VEC_FREE(&s->held);
}

int tm_app_review_stages(tm_app *app, const char *launch_ref, tm_review_stages *out, tm_error *err)
{
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = app->st->ops->launches->find(app->st, launch_ref, &out->launch, err)))
		return rc;
	out->today = app->today;
	out->current = current_stage(out->launch.date, app->today);
	for (int k = 0; k < TM_STAGE_COUNT; k++)
		out->on[k] = tm_stage_date(k, out->launch.date);
	if ((rc = app->st->ops->metrics->review_list(app->st, out->launch.id, &out->held, err)))
		tm_review_stages_release(out);
	return rc;
}
