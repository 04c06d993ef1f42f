/*
 * json_metrics.h - the JSON of the after-launch use cases (metrics, their
 * observations, reviews, the dashboard, the stakeholder update), shared by
 * the command line's --json and the API. Each returns a new reference.
 */
#ifndef TM_PRESENT_JSON_METRICS_H
#define TM_PRESENT_JSON_METRICS_H

#include <jansson.h>

#include "app/metrics.h"
#include "render/json_out.h"

/*
 * One metric: {"id","launch","launch_name","name","kind","unit","direction":"up"|"down",
 * "baseline","baseline_on"|null,"target":"+20%","target_value","window","window_end",
 * "owner"|null,"source","version","observations":n,
 * "status","expected"|null,"observed"|null,"observed_on"|null,"stale","days_left"}.
 */
json_t *tm_json_metric(const tm_metric_view *v);
/* tm_json_metric written straight out, byte for byte as tm_json_dumps() prints it (long lists:
 * metric status --all over 50,000 metrics). */
void tm_json_out_metric(tm_json_out *w, const tm_metric_view *v);
/* [tm_json_metric, …] */
json_t *tm_json_metrics(const tm_metric_views *vs);
/* {"id","metric","on","value","note","by","at"} */
json_t *tm_json_observation(const tm_observation *o);
json_t *tm_json_observations(const tm_observations *os);
/* {"launch","stage","label","on","held","held_on","notes","by","task","metrics":[…with "observations":[…]],
 *  "open_tasks":[…],"decisions":[…],"questions":[…],"markdown"} (markdown: tm_review_markdown) */
json_t *tm_json_review(const tm_launch_review *r);
/* {"launch","stage","held_on","notes","by","at"} */
json_t *tm_json_review_record(const tm_review *r, const char *launch_slug);
/* {launch, date, today, current, stages: [{stage, label, on, held, held_on, by}]}: GET /launches/{l}/reviews. */
json_t *tm_json_review_stages(const tm_review_stages *s);
/* {"quarter","from","to","today","by_tier":{"1":n,…},"launches":[{"launch","name","tier","date","status",
 *  "launched","score","errors","warnings","metrics":{"on-track":n,…},"first_date","slip_days","moves"}],
 *  "behind":[tm_json_metric…]} */
json_t *tm_json_dashboard(const tm_dashboard *d);
/* {"month","from","to","shipped":[…],"coming":[…],"moved":[{metric…,"from","to","to_on"}],
 *  "decisions":[…],"risks":[…],"markdown","text"} */
json_t *tm_json_stakeholder_update(const tm_stakeholder_update *u);

#endif
