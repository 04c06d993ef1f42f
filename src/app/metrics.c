/*
 * metrics.c - a launch's success metrics and their observations: added,
 * changed and removed, recorded one by one or imported from a CSV file, and
 * judged on today against their target path (core/metric.c's one rule).
 *
 * Every write keeps the metric's summary (tm_metric_summarize over its
 * observations) on its row, so listing every metric of the portfolio reads
 * the metrics alone and never an observation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/metrics.h"
#include "core/csv.h"
#include "core/text.h"

#include "util/banned.h"

#define RECORD_MAX 10000               /* observations in one request */
#define IMPORT_MAX_BYTES ((size_t)16 * 1024 * 1024)
#define IMPORT_MAX_ROWS 100000

/* Makes msg (released) err's message, cut to fit (before a character, not inside one). */
/* ---- reading ---- */

/* m judged on today, with its launch l. */
static void view_fill(const tm_app *app, const tm_launch *l, const tm_metric *m, tm_metric_view *out)
{
	memset(out, 0, sizeof(*out));
	out->m = *m;
	if (!out->m.launch_slug[0])
		snprintf(out->m.launch_slug, sizeof(out->m.launch_slug), "%s", l->slug);
	out->T = l->date;
	snprintf(out->launch_name, sizeof(out->launch_name), "%s", l->name);
	out->tier = l->tier;
	out->launch_status = l->status;
	tm_metric_judge(&out->m, l->date, app->today, &out->j);
}

/* "12": a metric's id. */
static bool parse_id(const char *s, int64_t *id)
{
	size_t n = strlen(s);
	if (!n || n > 18 || strspn(s, "0123456789") != n)
		return false;
	*id = strtoll(s, NULL, 10);
	return *id > 0;
}

/* The names of a launch's metrics, for a message: "Activation rate, Churn". */
static void metric_names(const tm_metrics *ms, tm_buf *out)
{
	for (size_t i = 0; i < ms->n; i++)
		tm_buf_printf(out, "%s%s", i ? ", " : "", ms->v[i].name);
}

/* A name that is none of launch l's metrics: the message lists the ones it has. */
static int unknown_metric(tm_app *app, int code, const tm_launch *l, const char *ref, tm_error *err)
{
	tm_metrics ms = TM_VEC_INIT;
	tm_buf names = TM_BUF_INIT;
	tm_error ignored = TM_ERROR_INIT;
	int rc;
	if (app->st->ops->metrics->list(app->st, l->id, &ms, &ignored) == 0)
		metric_names(&ms, &names);
	if (ms.n)
		rc = tm_fail_field(err, code, "metric", "launch '%s' has no metric '%.120s' (its metrics: %.300s)", l->slug, ref,
				   names.s);
	else
		rc = tm_fail_field(err, code, "metric", "launch '%s' has no metric '%.120s' (it has none yet: tminus metric add)",
				   l->slug, ref);
	tm_buf_release(&names);
	TM_VEC_FREE(&ms);
	return rc;
}

/*
 * The metric launch_ref and metric_ref name (its name in any case, else its id), and its launch; with
 * launch_ref NULL, metric_ref is its id.
 */
static int find_metric(tm_app *app, const char *launch_ref, const char *metric_ref, tm_launch *l, tm_metric *m,
		       tm_error *err)
{
	tm_store *st = app->st;
	int64_t id = 0;
	int rc;
	if (!metric_ref || !*metric_ref)
		return tm_fail_field(err, TM_EINVAL, "metric", "missing metric: give its name or id");
	if (!launch_ref) {
		if (!parse_id(metric_ref, &id))
			return tm_fail_field(err, TM_EINVAL, "metric", "invalid metric id '%.40s': a metric is named by its number",
					     metric_ref);
		if ((rc = st->ops->metrics->get(st, id, m, err)))
			return rc;
		return st->ops->launches->get(st, m->launch_id, l, err);
	}
	if ((rc = st->ops->launches->find(st, launch_ref, l, err)))
		return rc;
	rc = st->ops->metrics->find(st, l->id, metric_ref, m, err);
	if (rc == TM_ENOTFOUND && parse_id(metric_ref, &id)) {
		tm_error ignored = TM_ERROR_INIT;
		if (st->ops->metrics->get(st, id, m, &ignored) == 0 && m->launch_id == l->id) {
			tm_error_clear(err);
			return 0;
		}
	}
	/* A name the launch does not have is bad input (exit 2), as in an imported file; an id that
	 * names no metric is a record not found (exit 3, 404). */
	if (rc == TM_ENOTFOUND)
		return unknown_metric(app, id ? TM_ENOTFOUND : TM_EINVAL, l, metric_ref, err);
	return rc;
}

int tm_app_metric_get(tm_app *app, const char *launch_ref, const char *metric_ref, tm_metric_view *out,
		      tm_error *err)
{
	tm_launch l;
	tm_metric m;
	int rc = find_metric(app, launch_ref, metric_ref, &l, &m, err);
	if (!rc)
		view_fill(app, &l, &m, out);
	return rc;
}

/* Appends launch l's metrics ms, judged, to out. */
static void views_push(tm_app *app, const tm_launch *l, const tm_metrics *ms, tm_metric_views *out)
{
	TM_VEC_GROW(out, out->n + ms->n);
	for (size_t i = 0; i < ms->n; i++)
		view_fill(app, l, &ms->v[i], &out->v[out->n++]);
}

int tm_app_metric_list(tm_app *app, const char *launch_ref, tm_metric_views *out, tm_error *err)
{
	tm_launch l;
	tm_metrics ms = TM_VEC_INIT;
	int rc = app->st->ops->launches->find(app->st, launch_ref, &l, err);
	if (!rc)
		rc = app->st->ops->metrics->list(app->st, l.id, &ms, err);
	if (!rc)
		views_push(app, &l, &ms, out);
	TM_VEC_FREE(&ms);
	return rc;
}

/* A launch's place in the portfolio, by id. */
struct launch_index {
	int64_t id;
	size_t at;
};

static int cmp_launch_index(const void *a, const void *b)
{
	int64_t x = ((const struct launch_index *)a)->id, y = ((const struct launch_index *)b)->id;
	return (x > y) - (x < y);
}

/* The launch of id in index (sorted by id) of all, NULL when none. */
static const tm_launch *launch_of(const tm_launches *all, const struct launch_index *index, int64_t id)
{
	struct launch_index key = { .id = id };
	const struct launch_index *hit = all->n ? bsearch(&key, index, all->n, sizeof(key), cmp_launch_index) : NULL;
	return hit ? &all->v[hit->at] : NULL;
}

/*
 * Judges ms (a vector the caller gives up) into out, but the metrics whose launch (in all, by index) is
 * cancelled or gone. When out is empty, the metrics' own memory becomes the views': 50,000 metrics are
 * judged without a second 50 MB copy, whose fresh pages would cost more than judging them.
 */
static void views_of(tm_app *app, tm_metrics *ms, const tm_launches *all, const struct launch_index *index,
		     tm_metric_views *out)
{
	const tm_launch *l = NULL;
	size_t kept = 0, dropped = 0, n = ms->n;
	if (out->n) {
		TM_VEC_GROW(out, out->n + n);
		for (size_t i = 0; i < n; i++) {
			if (!l || l->id != ms->v[i].launch_id)
				l = launch_of(all, index, ms->v[i].launch_id);
			if (l && l->status != TM_LAUNCH_CANCELLED)
				view_fill(app, l, &ms->v[i], &out->v[out->n++]);
		}
		TM_VEC_FREE(ms);
		return;
	}
	/* In place, from the last: view i ends past metric i's bytes and before view i + 1, so metrics
	 * 0 … i − 1, not judged yet, are left whole. A metric left out leaves a view of launch id 0. */
	_Static_assert(sizeof(tm_metric_view) >= sizeof(tm_metric), "a view holds its metric");
	char *bytes = tm_xrealloc(ms->v, (n ? n : 1) * sizeof(tm_metric_view));
	tm_metric_view *vs = (tm_metric_view *)(void *)bytes;
	for (size_t i = n; i-- > 0;) {
		tm_metric m;
		memcpy(&m, bytes + i * sizeof(tm_metric), sizeof(m));
		if (!l || l->id != m.launch_id)
			l = launch_of(all, index, m.launch_id);
		if (l && l->status != TM_LAUNCH_CANCELLED) {
			view_fill(app, l, &m, &vs[i]);
		} else {
			vs[i].m.launch_id = 0;
			dropped++;
		}
	}
	for (size_t i = 0; i < n && dropped; i++)
		if (vs[i].m.launch_id && kept++ != i)
			vs[kept - 1] = vs[i];
	if (!dropped)
		kept = n;
	out->v = vs;
	out->n = kept;
	out->cap = n ? n : 1;
	ms->v = NULL;
	ms->n = ms->cap = 0;
}

int tm_app_metric_status(tm_app *app, const char *launch_ref, tm_metric_views *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launches all = TM_VEC_INIT;
	tm_metrics ms = TM_VEC_INIT;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	struct launch_index *index = NULL;
	if (launch_ref)
		return tm_app_metric_list(app, launch_ref, out, err);
	/* The whole portfolio: one read of the launches, one of the metrics (their summaries judge them). */
	int rc = st->ops->launches->list(st, &f, &all, err);
	if (!rc)
		rc = st->ops->metrics->list(st, 0, &ms, err);
	if (!rc && ms.n) {
		index = tm_xcalloc(all.n ? all.n : 1, sizeof(*index));
		for (size_t i = 0; i < all.n; i++)
			index[i] = (struct launch_index){ all.v[i].id, i };
		if (all.n)
			qsort(index, all.n, sizeof(*index), cmp_launch_index);
		views_of(app, &ms, &all, index, out);
	}
	free(index);
	TM_VEC_FREE(&ms);
	TM_VEC_FREE(&all);
	return rc;
}

int tm_app_metric_observations(tm_app *app, const char *launch_ref, const char *metric_ref, tm_observations *out,
			       tm_error *err)
{
	tm_launch l;
	tm_metric m;
	int rc = find_metric(app, launch_ref, metric_ref, &l, &m, err);
	if (!rc)
		rc = app->st->ops->metrics->obs_list(app->st, m.id, 0, 0, out, err);
	return rc;
}

/* ---- the audit log's JSON ---- */

static json_t *metric_json(const tm_metric *m)
{
	char target[64], on[TM_DATE_STRLEN];
	tm_target_format(&m->target, target, sizeof(target));
	if (m->has_baseline_on)
		tm_date_format(m->baseline_on, on);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:s?, s:s, s:i, s:s?, s:s?, s:I}", "id", (json_int_t)m->id,
			 "launch", m->launch_slug, "name", m->name, "kind", tm_metric_kind_name(m->kind), "unit",
			 tm_unit_name(&m->unit), "direction", m->down ? "down" : "up", "baseline", m->baseline, "baseline_on",
			 m->has_baseline_on ? on : NULL, "target", target, "window", m->window, "owner",
			 m->owner[0] ? m->owner : NULL, "source", m->source[0] ? m->source : NULL, "version",
			 (json_int_t)m->version);
}

static json_t *observation_json(const tm_observation *o, const char *metric)
{
	char on[TM_DATE_STRLEN];
	return json_pack("{s:I, s:s?, s:s, s:f, s:s?}", "id", (json_int_t)o->id, "metric", metric, "on",
			 tm_date_format(o->on, on), "value", o->value, "note", o->note[0] ? o->note : NULL);
}

/* ---- writing ---- */

/* Keeps m's summary: its observations summed up again for launch day T (inside the open transaction). */
static int summarize(tm_app *app, tm_metric *m, tm_date T, tm_error *err)
{
	tm_observations obs = TM_VEC_INIT;
	tm_metric_summary s;
	int rc = app->st->ops->metrics->obs_list(app->st, m->id, 0, 0, &obs, err);
	if (!rc) {
		tm_metric_summarize(m, T, obs.v, obs.n, &s);
		rc = app->st->ops->metrics->summary_set(app->st, m->id, &s, err);
	}
	if (!rc)
		/* cppcheck-suppress uninitStructMember ; set when rc is 0, and read only then */
		m->sum = s;
	TM_VEC_FREE(&obs);
	return rc;
}

int tm_app_metrics_refresh(tm_app *app, int64_t launch_id, tm_date T, tm_error *err)
{
	tm_metrics ms = TM_VEC_INIT;
	int rc = app->st->ops->metrics->list(app->st, launch_id, &ms, err);
	for (size_t i = 0; i < ms.n && !rc; i++)
		rc = summarize(app, &ms.v[i], T, err);
	TM_VEC_FREE(&ms);
	return rc;
}

/* Refuses a name another metric of the launch has (any case). */
static int name_free(tm_app *app, const tm_metric *m, tm_error *err)
{
	tm_metric other;
	tm_error ignored = TM_ERROR_INIT;
	if (app->st->ops->metrics->find(app->st, m->launch_id, m->name, &other, &ignored) == 0 && other.id != m->id)
		return tm_fail_field(err, TM_ECONFLICT, "name", "launch '%s' has a metric named '%s' already", m->launch_slug,
				     other.name);
	return 0;
}

/* Applies the fields of in that are given to m and checks the metric they make. */
static int apply_input(tm_app *app, const tm_metric_input *in, tm_metric *m, tm_error *err)
{
	char on[TM_DATE_STRLEN], today[TM_DATE_STRLEN];
	int rc;
	if (TM_GIVEN(in, TM_MI_NAME))
		snprintf(m->name, sizeof(m->name), "%s", in->name);
	if (TM_GIVEN(in, TM_MI_KIND))
		m->kind = in->kind;
	if (TM_GIVEN(in, TM_MI_UNIT) && (rc = tm_unit_parse(in->unit, &m->unit, err)))
		return tm_with_field(err, "unit", rc);
	if (TM_GIVEN(in, TM_MI_DIRECTION))
		m->down = in->direction == 1;
	if (TM_GIVEN(in, TM_MI_BASELINE))
		m->baseline = in->baseline;
	if (TM_GIVEN(in, TM_MI_BASELINE_ON)) {
		if (in->baseline_on > app->today)
			return tm_fail_field(err, TM_EINVAL, "baseline_on",
					     "{} %s is in the future (today is %s): a baseline is what was measured before launch",
					     tm_date_format(in->baseline_on, on), tm_date_format(app->today, today));
		m->has_baseline_on = true;
		m->baseline_on = in->baseline_on;
	}
	if (TM_GIVEN(in, TM_MI_TARGET))
		m->target = in->target;
	if (TM_GIVEN(in, TM_MI_WINDOW))
		m->window = in->window;
	if (TM_GIVEN(in, TM_MI_OWNER)) {
		tm_person p;
		if (!in->owner[0]) {
			m->owner_id = 0;
			m->owner[0] = '\0';
		} else if ((rc = tm_app_find_person(app, in->owner, &p, err))) {
			return tm_with_field(err, "owner", rc);
		} else {
			m->owner_id = p.id;
			snprintf(m->owner, sizeof(m->owner), "%s", p.name);
		}
	}
	if (TM_GIVEN(in, TM_MI_SOURCE))
		snprintf(m->source, sizeof(m->source), "%s", in->source);
	return tm_metric_check(m, err);
}

int tm_app_metric_add(tm_app *app, const char *launch_ref, const tm_metric_input *in, tm_metric_view *out,
		      tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	tm_metric m;
	int rc;
	memset(&m, 0, sizeof(m));
	if ((rc = tm_input_check(&tm_metric_desc, TM_IN_CREATE, in, err)) ||
	    (rc = st->ops->launches->find(st, launch_ref, &l, err)))
		return rc;
	m.launch_id = l.id;
	snprintf(m.launch_slug, sizeof(m.launch_slug), "%s", l.slug);
	if ((rc = apply_input(app, in, &m, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = name_free(app, &m, err);
	if (!rc)
		rc = st->ops->metrics->add(st, &m, err);
	if (!rc)
		rc = tm_app_audit(app, "metric.add", NULL, metric_json(&m), err, "metric %lld", (long long)m.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->metrics->get(st, m.id, &m, err);
	if (!rc)
		view_fill(app, &l, &m, out);
	return rc;
}

/* Refuses a change of a metric read at another version. */
static int check_version(const tm_metric *m, int64_t if_version, tm_error *err)
{
	if (if_version > 0 && m->version != if_version)
		return tm_fail(err, TM_ESTALE, "metric '%s' of launch '%s' has changed (version %lld, not %lld): read it again",
			       m->name, m->launch_slug, (long long)m->version, (long long)if_version);
	return 0;
}

int tm_app_metric_set(tm_app *app, const char *launch_ref, const char *metric_ref, const tm_metric_input *in,
		      tm_metric_view *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	tm_metric m;
	json_t *before = NULL;
	int rc;
	if ((rc = tm_input_check(&tm_metric_desc, TM_IN_CHANGE, in, err)))
		return rc;
	/* Read, check the version and write in one write transaction: two clients holding one version cannot both win. */
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = find_metric(app, launch_ref, metric_ref, &l, &m, err);
	if (!rc)
		rc = check_version(&m, in->if_version, err);
	if (!rc) {
		before = metric_json(&m);
		rc = apply_input(app, in, &m, err);
	}
	if (!rc && TM_GIVEN(in, TM_MI_NAME))
		rc = name_free(app, &m, err);
	if (!rc)
		rc = st->ops->metrics->update(st, &m, err);
	/* What decides its judgement changed: its observations are summed up again. */
	if (!rc && (TM_GIVEN(in, TM_MI_TARGET) || TM_GIVEN(in, TM_MI_WINDOW) || TM_GIVEN(in, TM_MI_DIRECTION) ||
		    TM_GIVEN(in, TM_MI_BASELINE) || TM_GIVEN(in, TM_MI_UNIT)))
		rc = summarize(app, &m, l.date, err);
	if (!rc) {
		rc = tm_app_audit(app, "metric.update", before, metric_json(&m), err, "metric %lld", (long long)m.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = st->ops->metrics->get(st, m.id, &m, err);
	if (!rc)
		view_fill(app, &l, &m, out);
	return rc;
}

int tm_app_metric_rm(tm_app *app, const char *launch_ref, const char *metric_ref, int64_t if_version,
		     tm_metric_view *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	tm_metric m;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = find_metric(app, launch_ref, metric_ref, &l, &m, err);
	if (!rc)
		rc = check_version(&m, if_version, err);
	if (!rc)
		rc = st->ops->metrics->rm(st, m.id, err);
	if (!rc)
		rc = tm_app_audit(app, "metric.rm", metric_json(&m), NULL, err, "metric %lld", (long long)m.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		view_fill(app, &l, &m, out);
	return rc;
}

/* ---- observations ---- */

/* One observation as given, checked: its value, its day (today unless given, never after today) and note. */
static int observation_of(tm_app *app, const tm_observation_input *in, tm_observation *o, tm_error *err)
{
	char on[TM_DATE_STRLEN], today[TM_DATE_STRLEN];
	int rc = tm_input_check(&tm_observation_desc, TM_IN_CREATE, in, err);
	if (rc)
		return rc;
	memset(o, 0, sizeof(*o));
	o->value = in->value;
	o->on = TM_GIVEN(in, TM_OI_ON) ? in->on : app->today;
	if (!tm_date_in_range(o->on))
		return tm_fail_field(err, TM_EINVAL, "on", "{} %s is outside the dates tminus keeps (%s)",
				     tm_date_format(o->on, on), TM_DATE_RANGE_TEXT);
	if (o->on > app->today)
		return tm_fail_field(err, TM_EINVAL, "on",
				     "{} %s is in the future (today is %s): record a value once it is measured",
				     tm_date_format(o->on, on), tm_date_format(app->today, today));
	if (TM_GIVEN(in, TM_OI_NOTE))
		snprintf(o->note, sizeof(o->note), "%s", in->note);
	snprintf(o->by, sizeof(o->by), "%s", app->user ? app->user : "");
	return 0;
}

/* Records obs (n) of metric m of launch l and sums the metric up again, inside the open transaction. */
static int record_in_tx(tm_app *app, const tm_launch *l, tm_metric *m, tm_observation *obs, size_t n, tm_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		obs[i].metric_id = m->id;
		rc = app->st->ops->metrics->obs_add(app->st, &obs[i], err);
	}
	if (!rc)
		rc = summarize(app, m, l->date, err);
	return rc;
}

int tm_app_metric_record(tm_app *app, const char *launch_ref, const char *metric_ref,
			 const tm_observation_input *in, size_t n, tm_observations *out, tm_metric_view *view,
			 tm_error *err)
{
	tm_store *st = app->st;
	tm_observations obs = TM_VEC_INIT;
	tm_launch l;
	tm_metric m;
	int rc = 0;
	if (!n)
		return tm_fail_field(err, TM_EINVAL, "observations", "no observation to record: give a value");
	if (n > RECORD_MAX)
		return tm_fail_field(err, TM_EINVAL, "observations", "%zu observations in one request: at most %d", n, RECORD_MAX);
	TM_VEC_GROW(&obs, n);
	for (size_t i = 0; i < n && !rc; i++) {
		if (n == 1) {
			rc = observation_of(app, &in[i], &obs.v[i], err);
			continue;
		}
		/* Of several, the bad one is named by its place: "observations[3]: …", field observations/3/value. */
		tm_error e = TM_ERROR_INIT;
		if ((rc = observation_of(app, &in[i], &obs.v[i], &e))) {
			err->code = rc;
			tm_error_msgf(err, "observations[%zu]: %s", i, e.msg);
			snprintf(err->field, sizeof(err->field), "observations/%zu%s%.40s", i, e.field[0] ? "/" : "", e.field);
		}
	}
	if (rc)
		goto out;
	obs.n = n;
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	rc = find_metric(app, launch_ref, metric_ref, &l, &m, err);
	if (!rc)
		rc = record_in_tx(app, &l, &m, obs.v, obs.n, err);
	if (!rc) {
		json_t *after = json_array();
		for (size_t i = 0; i < obs.n; i++)
			json_array_append_new(after, observation_json(&obs.v[i], NULL));
		rc = tm_app_audit(app, "metric.record", NULL, after, err, "metric %lld", (long long)m.id);
	}
	rc = tm_store_finish(st, rc, err);
	if (rc)
		goto out;
	if (out) {
		TM_VEC_GROW(out, out->n + obs.n);
		for (size_t i = 0; i < obs.n; i++)
			out->v[out->n++] = obs.v[i];
	}
	if (view)
		view_fill(app, &l, &m, view);
out:
	TM_VEC_FREE(&obs);
	return rc;
}

/* ---- CSV import ---- */

enum { COL_DATE, COL_METRIC, COL_VALUE, COL_NOTE, COLS };
static const char *const col_names[COLS] = { "date", "metric", "value", "note" };
/* The observation input's field each column fills (tm_observation_desc). */
static const char *const col_fields[COLS] = { "on", NULL, "value", "note" };

/* An imported row: the observation and the index of its metric among the launch's. */
struct import_row {
	size_t metric;
	tm_observation o;
};

struct import {
	tm_app *app;
	const char *source;
	const tm_launch *l;
	tm_metrics metrics;        /* the launch's */
	int col[COLS];             /* the header's column of each (from 0), -1 absent */
	int n_cols;                /* the header's columns */
	bool header;               /* read */
	TM_VEC(struct import_row) rows;
};

/* A field without the spaces around it, in buf (n bytes). */
static const char *trimmed(const char *s, size_t len, char *buf, size_t n)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), s);
	return buf;
}

static int read_header(struct import *im, const tm_csv_row *row, tm_error *err)
{
	char name[64];
	for (int c = 0; c < COLS; c++)
		im->col[c] = -1;
	for (int j = 0; j < row->n; j++) {
		int c = 0;
		trimmed(row->v[j], row->len[j], name, sizeof(name));
		while (c < COLS && !tm_text_equal_fold(name, col_names[c]))
			c++;
		if (c == COLS)
			return tm_fail_at(err, im->source, row->line, j + 1,
				  "unknown column '%.40s': the header row names the columns date, metric, value and optionally "
				  "note, in any order",
				  name);
		if (im->col[c] >= 0)
			return tm_fail_at(err, im->source, row->line, j + 1, "the column '%s' appears twice (columns %d and %d)", col_names[c],
				  im->col[c] + 1, j + 1);
		im->col[c] = j;
	}
	for (int c = 0; c < COL_NOTE; c++)
		if (im->col[c] < 0)
			return tm_fail_at(err, im->source, row->line, 1,
				  "the header row has no '%s' column: it names the columns date, metric, value and optionally "
				  "note, in any order",
				  col_names[c]);
	im->n_cols = row->n;
	im->header = true;
	return 0;
}

/* A field checked as the observation's input checks it, its message placed at the field. */
static int read_field(struct import *im, const tm_csv_row *row, int c, const char *text, tm_observation_input *in,
		      tm_error *err)
{
	tm_error e = TM_ERROR_INIT;
	int rc = tm_input_set(&tm_observation_desc, col_fields[c], text, in, &e);
	return rc ? tm_fail_at(err, im->source, row->line, im->col[c] + 1, "%s", e.msg) : 0;
}

static int read_row(void *arg, const tm_csv_row *row, tm_error *err)
{
	struct import *im = arg;
	char text[TM_TEXT_MAX + 1];
	tm_observation_input in = { 0 };
	if (!im->header)
		return read_header(im, row, err);
	if (im->rows.n >= IMPORT_MAX_ROWS)
		return tm_fail_at(err, im->source, row->line, 0, "more than %d rows: import them in several files", IMPORT_MAX_ROWS);
	/* Cells past the header's (a spreadsheet's trailing commas) may only be empty. */
	for (int j = im->n_cols; j < row->n; j++) {
		if (*trimmed(row->v[j], row->len[j], text, 8))
			return tm_fail_at(err, im->source, row->line, j + 1, "a value past the header's %d columns", im->n_cols);
	}
	for (int c = 0; c < COLS; c++) {
		if (im->col[c] < 0)
			continue;
		if (im->col[c] >= row->n) {
			if (c == COL_NOTE)
				continue;
			return tm_fail_at(err, im->source, row->line, im->col[c] + 1, "the row has no %s (column %d)", col_names[c], im->col[c] + 1);
		}
		const char *s = row->v[im->col[c]];
		size_t len = row->len[im->col[c]];
		if (len > TM_TEXT_MAX)
			return tm_fail_at(err, im->source, row->line, im->col[c] + 1, "the %s is too long (%zu bytes, at most %d)", col_names[c], len,
				  TM_TEXT_MAX);
		trimmed(s, len, text, sizeof(text));
		if (c == COL_METRIC) {
			size_t k = 0;
			if (!text[0])
				return tm_fail_at(err, im->source, row->line, im->col[c] + 1, "the row names no metric");
			while (k < im->metrics.n && !tm_text_equal_fold(im->metrics.v[k].name, text))
				k++;
			if (k == im->metrics.n) {
				tm_buf names = TM_BUF_INIT;
				metric_names(&im->metrics, &names);
				int rc = tm_fail_at(err, im->source, row->line, im->col[c] + 1, "unknown metric '%.120s' of launch '%s' (%s%.300s)",
					    text, im->l->slug, im->metrics.n ? "its metrics: " : "it has none yet: tminus metric add",
					    im->metrics.n ? names.s : "");
				tm_buf_release(&names);
				return rc;
			}
			struct import_row *r = TM_VEC_PUSH(&im->rows);
			r->metric = k;
			continue;
		}
		if (c == COL_NOTE && !text[0])
			continue;
		int rc = read_field(im, row, c, text, &in, err);
		if (rc)
			return rc;
	}
	/* The metric's column may come after the others: its row was pushed then. */
	struct import_row *r = &im->rows.v[im->rows.n - 1];
	tm_error e = TM_ERROR_INIT;
	int rc = observation_of(im->app, &in, &r->o, &e);
	if (rc) {
		int c = !strcmp(e.field, "on") ? COL_DATE : !strcmp(e.field, "note") ? COL_NOTE : COL_VALUE;
		im->rows.n--;
		return tm_fail_at(err, im->source, row->line, im->col[c] + 1, "%s", e.msg);
	}
	return 0;
}

int tm_app_metric_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len,
			      const char *source, int *imported, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l;
	struct import im = { .app = app, .source = source && *source ? source : "import", .l = &l };
	json_t *after = NULL;
	int rc;
	*imported = 0;
	if ((rc = st->ops->launches->find(st, launch_ref, &l, err)) ||
	    (rc = st->ops->metrics->list(st, l.id, &im.metrics, err)))
		goto out;
	if ((rc = tm_csv_parse(text ? text : "", text ? len : 0, read_row, &im, err))) {
		/* The parser's own "line N: why" becomes "FILE:LINE:COLUMN: why". */
		if (!err->file[0] && err->line > 0) {
			const char *why = strncmp(err->msg, "line ", 5) ? err->msg : strstr(err->msg, ": ");
			char copy[sizeof(err->msg)];
			snprintf(copy, sizeof(copy), "%s", why && why != err->msg ? why + 2 : err->msg);
			rc = tm_fail_at(err, im.source, err->line, err->column, "%s", copy);
		}
		goto out;
	}
	if (!im.header) {
		rc = tm_fail_at(err, im.source, 1, 1, "the file is empty: it needs the header row date,metric,value[,note] and a row per "
					 "observation");
		goto out;
	}
	if (!im.rows.n) {
		rc = tm_fail_at(err, im.source, 2, 1, "no observation after the header row: nothing imported");
		goto out;
	}
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	/* Each metric's rows in the file's order, then its summary once. */
	after = json_array();
	for (size_t k = 0; k < im.metrics.n && !rc; k++) {
		bool any = false;
		for (size_t i = 0; i < im.rows.n && !rc; i++) {
			struct import_row *r = &im.rows.v[i];
			if (r->metric != k)
				continue;
			r->o.metric_id = im.metrics.v[k].id;
			rc = st->ops->metrics->obs_add(st, &r->o, err);
			any = true;
		}
		if (!rc && any)
			rc = summarize(app, &im.metrics.v[k], l.date, err);
	}
	for (size_t i = 0; i < im.rows.n && !rc; i++)
		json_array_append_new(after, observation_json(&im.rows.v[i].o, im.metrics.v[im.rows.v[i].metric].name));
	if (!rc) {
		rc = tm_app_audit(app, "metric.record", NULL, after, err, "launch %lld", (long long)l.id);
		after = NULL;
	}
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*imported = (int)im.rows.n;
out:
	json_decref(after);
	TM_VEC_FREE(&im.metrics);
	TM_VEC_FREE(&im.rows);
	return rc;
}

int tm_app_metric_import(tm_app *app, const char *launch_ref, const char *path, int *imported, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	*imported = 0;
	/* A file that is not there is a bad argument, not a missing record. */
	int rc = tm_read_file(path, IMPORT_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_app_metric_import_text(app, launch_ref, text.s, text.len, path, imported, err);
	tm_buf_release(&text);
	return rc;
}
