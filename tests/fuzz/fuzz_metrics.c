/*
 * fuzz_metrics.c - `metric import FILE.csv` / POST .../metrics/import
 * (tm_app_metric_import_text in app/metrics.c: its header and rows over
 * the CSV reader, each field as the observation's input reads it) on
 * arbitrary bytes, for a launch with two metrics, over a store that keeps
 * observations in memory. Whatever the input, the import either refuses
 * it with TM_EINVAL naming "FILE:LINE:COLUMN", having stored nothing that
 * stays, or records every row (at least one) in one transaction: each an
 * observation of one of the launch's metrics on a day within the dates
 * tminus keeps and not after today, with a finite value; each metric it
 * touched summed up again once; one audit record.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/metrics.h"
#include "store/store.h"
#include "fake_tx.h"

#include "util/banned.h"

#define TODAY_Y 2027
#define N_METRICS 2

static struct {
	int summaries;
	tm_observations obs;          /* added in this input */
} state;

static int launch_find(tm_store *st, const char *ref, tm_launch *out, tm_error *err)
{
	(void)st, (void)err;
	memset(out, 0, sizeof(*out));
	out->id = 7;
	snprintf(out->slug, sizeof(out->slug), "%s", ref);
	snprintf(out->name, sizeof(out->name), "Spring release");
	out->date = tm_date_from_ymd(TODAY_Y, 3, 1);
	return 0;
}
static const struct tm_store_launches_ops launches_ops = { .find = launch_find };

static int metric_list(tm_store *st, int64_t launch_id, tm_metrics *out, tm_error *err)
{
	static const char *const names[N_METRICS] = { "Signups", "Churn rate" };
	(void)st, (void)err;
	for (int i = 0; i < N_METRICS; i++) {
		tm_metric *m = TM_VEC_PUSH(out);
		memset(m, 0, sizeof(*m));
		m->id = i + 1;
		m->launch_id = launch_id;
		snprintf(m->name, sizeof(m->name), "%s", names[i]);
		m->kind = i;
		m->down = i == 1;
		m->window = 30;
	}
	return 0;
}
static int obs_add(tm_store *st, tm_observation *o, tm_error *err)
{
	(void)st, (void)err;
	if (!fake.in_tx || o->metric_id < 1 || o->metric_id > N_METRICS || !tm_date_in_range(o->on) ||
	    o->on > tm_date_from_ymd(TODAY_Y, 3, 16) || !isfinite(o->value))
		abort();
	o->id = (int64_t)state.obs.n + 1;
	*TM_VEC_PUSH(&state.obs) = *o;
	return 0;
}
static int obs_list(tm_store *st, int64_t metric_id, tm_date from, tm_date to, tm_observations *out, tm_error *err)
{
	(void)st, (void)from, (void)to, (void)err;
	for (size_t i = 0; i < state.obs.n; i++)
		if (state.obs.v[i].metric_id == metric_id)
			*TM_VEC_PUSH(out) = state.obs.v[i];
	return 0;
}
static int summary_set(tm_store *st, int64_t id, const tm_metric_summary *s, tm_error *err)
{
	(void)st, (void)s, (void)err;
	if (!fake.in_tx || id < 1 || id > N_METRICS)
		abort();
	state.summaries++;
	return 0;
}
static const struct tm_store_metrics_ops metrics_ops = {
	.list = metric_list, .obs_add = obs_add, .obs_list = obs_list, .summary_set = summary_set,
};

static void fake_on_commit(void)
{
}
static void fake_on_rollback(void)
{
	state.obs.n = 0;
}
static bool fake_audit_ok(const tm_audit *a)
{
	(void)a;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tm_store_ops ops = {
		.name = "fuzz", .tx = &fake_tx_ops, .launches = &launches_ops, .metrics = &metrics_ops, .audit = &fake_audit_ops,
	};
	tm_store st = { .ops = &ops };
	tm_app app;
	tm_error err = TM_ERROR_INIT;
	int imported = -1;
	if (size > 64 * 1024)
		return 0;
	TM_VEC_FREE(&state.obs);
	memset(&state, 0, sizeof(state));
	fake_reset("metric.record");
	tm_app_init(&app, &st, tm_date_from_ymd(TODAY_Y, 3, 16), NULL);
	int rc = tm_app_metric_import_text(&app, "spring-release", (const char *)data, size, "obs.csv", &imported, &err);
	tm_app_release(&app);
	if (fake.in_tx)
		abort();
	if (rc) {
		if (rc != TM_EINVAL || strncmp(err.msg, "obs.csv:", 8) || fake.commits || imported != 0)
			abort();
	} else {
		if (fake.commits != 1 || fake.audits != 1 || imported < 1 || (size_t)imported != state.obs.n ||
		    state.summaries < 1 || state.summaries > N_METRICS)
			abort();
	}
	return 0;
}
