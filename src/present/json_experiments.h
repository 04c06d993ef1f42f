/*
 * json_experiments.h - the JSON of the experiment use cases (app/experiments.h),
 * shared by the command line's --json and the API. Each returns a new reference.
 */
#ifndef TM_PRESENT_JSON_EXPERIMENTS_H
#define TM_PRESENT_JSON_EXPERIMENTS_H

#include <jansson.h>

#include "app/experiments.h"

/* {"id","name","control","price"|null,"message"|null,"visitors","conversions","revenue_per_conversion"|null} */
json_t *tm_json_arm(const tm_arm *a);
/*
 * {"id","name","kind","hypothesis","owner"|null,"idea":{id,title}|null,"launch"|null,"current_price"|null,
 *  "planned_sample"|null,"monthly_traffic"|null,"cost"|null,"status","verdict"|null,"result","decision"|null,
 *  "closed_on"|null,"arms":[…],"visitors","conversions","version","created_at","updated_at"}
 */
json_t *tm_json_experiment(const tm_experiment_view *v);
json_t *tm_json_experiments(const tm_experiment_views *vs);
/*
 * {"experiment","kind","status","alpha","power","monthly_traffic"|null,"current_price"|null,"planned_sample"|null,
 *  "arms":[{"name","control","price"|null,"visitors","conversions","rate","ci_low","ci_high","lift_abs"|null,
 *  "lift_rel"|null,"z"|null,"p_value"|null,"revenue_per_visitor"|null,"annual_impact"|null,"payback_months"|null,
 *  "needed_per_arm"|null,"still_needed"|null,"significant"}],
 *  "warnings":[{"rule","arm"|null,"message"}],"verdict","winner"|null}
 */
json_t *tm_json_experiment_analysis(const tm_experiment_report *r);

#endif
