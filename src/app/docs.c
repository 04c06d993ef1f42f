/* docs.c - gathers what the launch documents quote (present/docs.c writes them). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"

#include "util/banned.h"

const char *const tm_doc_kinds[] = { "checklist", "bom", "kickoff", "enablement", "comms-plan", "delay-internal",
				     "delay-external", "post-launch", "go-no-go", "digest", NULL };

void tm_launch_docs_release(tm_launch_docs *d)
{
	tm_launch_detail_release(&d->detail);
	tm_checks_free(&d->check);
	tm_launch_plan_release(&d->plan);
	TM_VEC_FREE(&d->people);
}

int tm_app_docs(tm_app *app, const char *launch_ref, tm_launch_docs *out, tm_error *err)
{
	const tm_playbook *pb;
	int rc;
	memset(out, 0, sizeof(*out));
	out->today = app->today;
	if ((rc = tm_app_launch_show(app, launch_ref, &out->detail, err)) ||
	    (rc = tm_app_brief(app, launch_ref, &out->brief, err)) ||
	    (rc = tm_app_check(app, launch_ref, NULL, 0, &out->check, err)) ||
	    (rc = tm_app_plan(app, launch_ref, &out->plan, err)) ||
	    (rc = app->st->ops->people->list(app->st, &out->people, err)) || (rc = tm_app_playbook(app, &pb, err))) {
		tm_launch_docs_release(out);
		return rc;
	}
	snprintf(out->tier_gtm, sizeof(out->tier_gtm), "%s", tm_playbook_tier(pb, out->detail.launch.tier)->gtm);
	return 0;
}
