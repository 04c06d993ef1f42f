/* docs.c - gathers what the launch documents quote (present/docs.c writes them). */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/metrics.h"

#include "util/banned.h"

const char *const tm_doc_kinds[] = { "checklist", "bom", "kickoff", "enablement", "comms-plan", "delay-internal",
				     "delay-external", "post-launch", "go-no-go", "digest", NULL };

void tm_launch_docs_release(tm_launch_docs *d)
{
	tm_launch_detail_release(&d->detail);
	tm_checks_free(&d->check);
	tm_launch_plan_release(&d->plan);
	TM_VEC_FREE(&d->people);
	TM_VEC_FREE(&d->metrics);
}

/* The name of launch l's owner of a role into name ("" when nobody owns it). */
static int person_of_role(tm_app *app, const tm_launch *l, int role, char name[TM_NAME_MAX + 1], tm_error *err)
{
	int64_t id = 0;
	tm_person p;
	name[0] = '\0';
	int rc = tm_app_role_owner(app, l, role, &id, err);
	if (!rc && id && !(rc = app->st->ops->people->get(app->st, id, &p, err)))
		snprintf(name, TM_NAME_MAX + 1, "%s", p.name);
	return rc;
}

/* The streams the launch's tier runs, each with the launch's owner of its role (its DRI until one is named). */
static int streams(tm_app *app, const tm_playbook *pb, const tm_pb_tier *tier, tm_launch_docs *out, tm_error *err)
{
	int rc = 0;
	out->n_streams = 0;
	for (int i = 0; i < tier->n_streams && out->n_streams < TM_PB_MAX_STREAMS && !rc; i++) {
		int k = tier->streams[i];
		if (k < 0 || k >= pb->n_streams)
			continue;
		out->streams[out->n_streams] = pb->streams[k];
		rc = person_of_role(app, &out->detail.launch, pb->streams[k].role, out->stream_owner[out->n_streams], err);
		out->n_streams++;
	}
	return rc;
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
	const tm_pb_tier *tier = tm_playbook_tier(pb, out->detail.launch.tier);
	snprintf(out->tier_gtm, sizeof(out->tier_gtm), "%s", tier->gtm);
	/* The launch's success metrics judged on today: the post-launch document's actual figures. */
	if ((rc = streams(app, pb, tier, out, err)) || (rc = person_of_role(app, &out->detail.launch, TM_ROLE_PMM, out->pmm, err)) ||
	    (rc = tm_app_metric_list(app, launch_ref, &out->metrics, err))) {
		tm_launch_docs_release(out);
		return rc;
	}
	return 0;
}
