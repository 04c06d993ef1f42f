/* json.c - domain values as JSON; see json.h for the contract. */
#include "render/json.h"
#include "core/notify.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#include "util/banned.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *date_or_null(bool has, tm_date d)
{
	char buf[TM_DATE_STRLEN];
	return has ? json_string(tm_date_format(d, buf)) : json_null();
}

json_t *tm_json_date(tm_date d)
{
	char buf[TM_DATE_STRLEN];
	return json_string(tm_date_format(d, buf));
}

json_t *tm_json_person(const tm_person *p)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:i, s:s, s:s}", "id", (json_int_t)p->id, "name", p->name, "email",
			 str_or_null(p->email), "role", tm_role_name(p->role), "capacity", p->capacity, "title", p->title,
			 "notify", p->notify >= 0 && p->notify < TM_NOTIFY_PREF_COUNT ? tm_notify_pref_names[p->notify] : "daily");
}

/* "pm,sales" as ["pm", "sales"]. */
static json_t *roles_array(const char *csv)
{
	json_t *a = json_array();
	const char *p = csv;
	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p = c ? c + 1 : NULL;
	}
	return a;
}

/* The reviewers' names, ["Dev Patel", "Ana Silva"]. */
static json_t *reviewers_array(const tm_task *t)
{
	json_t *a = json_array();
	size_t n;
	for (int i = 0; i < tm_task_reviewers(t); i++) {
		const char *name = tm_task_reviewer(t, i, &n); /* sets n: not in the same call's arguments */
		json_array_append_new(a, json_stringn(name, n));
	}
	return a;
}

/* The names of those who approved it, in the order they did ["Ana Silva"]. */
static json_t *approvers_array(const tm_task *t)
{
	json_t *a = json_array();
	size_t n;
	for (int i = 0; i < tm_task_approvals(t); i++) {
		const char *name = tm_task_approver(t, i, &n);
		json_array_append_new(a, json_stringn(name, n));
	}
	return a;
}

json_t *tm_json_task(const tm_task *t)
{
	char off[TM_OFFSET_STRLEN];
	json_t *deps = json_array();
	for (int i = 0; i < t->n_depends_on; i++)
		json_array_append_new(deps, json_integer(t->depends_on[i]));
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:s, s:b, s:b, s:o, s:o, s:I}",
			 "id", (json_int_t)t->id, "launch", t->launch_slug, "title", t->title, "section", t->section,
			 "owner", str_or_null(t->owner), "role", str_or_null(t->role >= 0 ? tm_role_name(t->role) : NULL),
			 "offset", t->has_offset ? json_string(tm_offset_format(&t->offset, off)) : json_null(),
			 "due", date_or_null(t->has_due, t->due), "effort_days", t->effort_days, "status",
			 tm_task_status_name(t->status), "required", t->required, "milestone", t->milestone, "depends_on",
			 deps, "reviewers", roles_array(t->reviewers), "version", (json_int_t)t->version);
	/* The day it cannot start before, and the offset from T it follows (both null when none). */
	json_object_set_new(j, "not_before", date_or_null(t->has_not_before, t->not_before));
	json_object_set_new(j, "not_before_offset",
			    t->has_nb_offset ? json_string(tm_offset_format(&t->nb_offset, off)) : json_null());
	json_object_set_new(j, "reviewed_by", reviewers_array(t));
	/* Seed 001's streams and approvals, seed 000's co-owner and product track. */
	json_object_set_new(j, "stream", str_or_null(t->stream));
	json_object_set_new(j, "external", json_boolean(t->external));
	json_object_set_new(j, "co_role", t->co_role >= 0 ? json_string(tm_role_name(t->co_role)) : json_null());
	json_object_set_new(j, "product", json_boolean(t->product));
	json_object_set_new(j, "approved_by", approvers_array(t));
	return j;
}

json_t *tm_json_tasks(const tm_task *tasks, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, tm_json_task(&tasks[i]));
	return a;
}

json_t *tm_json_launch(const tm_launch *l, const tm_tasks *tasks)
{
	char date[TM_DATE_STRLEN];
	json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:I, s:{s:i, s:i}}", "id",
			      (json_int_t)l->id, "slug", l->slug, "name", l->name, "tier", l->tier, "date",
			      tm_date_format(l->date, date), "status", tm_launch_status_name(l->status), "confidence",
			      tm_confidence_name(l->confidence), "pm", str_or_null(l->pm), "marketing",
			      str_or_null(l->marketing), "version", (json_int_t)l->version, "progress", "done",
			      l->tasks_done, "total", l->tasks_total);
	json_object_set_new(j, "quadrant", l->quadrant >= 0 ? json_string(tm_quadrant_name(l->quadrant)) : json_null());
	if (tasks)
		json_object_set_new(j, "tasks", tm_json_tasks(tasks->v, tasks->n));
	return j;
}

void tm_json_out_launch(tm_json_out *w, const tm_launch *l)
{
	char date[TM_DATE_STRLEN];
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "id");
	tm_json_out_int(w, l->id);
	tm_json_out_key(w, "slug");
	tm_json_out_str(w, l->slug, false);
	tm_json_out_key(w, "name");
	tm_json_out_str(w, l->name, false);
	tm_json_out_key(w, "tier");
	tm_json_out_int(w, l->tier);
	tm_json_out_key(w, "date");
	tm_json_out_str(w, tm_date_format(l->date, date), false);
	tm_json_out_key(w, "status");
	tm_json_out_str(w, tm_launch_status_name(l->status), false);
	tm_json_out_key(w, "confidence");
	tm_json_out_str(w, tm_confidence_name(l->confidence), false);
	tm_json_out_key(w, "pm");
	tm_json_out_str(w, l->pm, true);
	tm_json_out_key(w, "marketing");
	tm_json_out_str(w, l->marketing, true);
	tm_json_out_key(w, "version");
	tm_json_out_int(w, l->version);
	tm_json_out_key(w, "progress");
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "done");
	tm_json_out_int(w, l->tasks_done);
	tm_json_out_key(w, "total");
	tm_json_out_int(w, l->tasks_total);
	tm_json_out_close(w);
	tm_json_out_key(w, "quadrant");
	tm_json_out_str(w, l->quadrant >= 0 ? tm_quadrant_name(l->quadrant) : NULL, false);
	tm_json_out_close(w);
}

json_t *tm_json_playbook(const tm_playbook *pb)
{
	json_t *tiers = json_array();
	for (int i = 0; i < TM_TIERS; i++) {
		const tm_pb_tier *t = &pb->tiers[i];
		json_t *tasks = json_array();
		for (size_t k = 0; k < t->tasks.n; k++) {
			const tm_pb_task *pt = &t->tasks.v[k];
			char off[TM_OFFSET_STRLEN];
			json_t *after = json_array();
			for (int a = 0; a < pt->n_after; a++) {
				const tm_pb_task *dep = &t->tasks.v[pt->after[a]];
				json_array_append_new(after, json_string(dep->title));
			}
			json_t *j = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o, s:i, s:b, s:b, s:o}", "id", str_or_null(pt->key),
					      "title", pt->title, "section", pt->section, "owner", tm_role_name(pt->role),
					      "reviewers", roles_array(pt->reviewers), "due",
					      pt->product ? json_null() : json_string(tm_offset_format(&pt->due, off)), "effort_days",
					      pt->effort_days, "milestone", pt->milestone, "required", pt->required, "after", after);
			json_object_set_new(j, "co_owner", pt->co_role >= 0 ? json_string(tm_role_name(pt->co_role)) : json_null());
			json_object_set_new(j, "stream", str_or_null(pt->stream));
			json_object_set_new(j, "external", json_boolean(pt->external));
			json_object_set_new(j, "product", json_boolean(pt->product));
			json_array_append_new(tasks, j);
		}
		json_t *ts = json_array();
		for (int k = 0; k < t->n_streams; k++)
			if (t->streams[k] >= 0 && t->streams[k] < pb->n_streams)
				json_array_append_new(ts, json_string(pb->streams[t->streams[k]].key));
		json_array_append_new(tiers, json_pack("{s:i, s:s, s:s, s:s, s:s, s:o, s:o}", "tier", t->tier, "name", t->name,
						       "criteria", t->criteria, "gtm", t->gtm, "pm_involvement",
						       t->pm_involvement, "streams", ts, "tasks", tasks));
	}
	/* Seed 001's streams: each DRI's sync, its cadence and its first day. */
	static const char *const days[] = { "", "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	json_t *streams = json_array();
	for (int k = 0; k < pb->n_streams; k++) {
		const tm_pb_stream *st = &pb->streams[k];
		char off[TM_OFFSET_STRLEN];
		json_array_append_new(streams, json_pack("{s:s, s:s, s:s, s:o, s:i, s:s, s:s}", "id", st->key, "name", st->name,
							 "about", st->about,
							 "owner", st->role >= 0 ? json_string(tm_role_name(st->role)) : json_null(),
							 "every", st->every_weeks, "day",
							 days[st->weekday >= 1 && st->weekday <= 7 ? st->weekday : 0], "from",
							 tm_offset_format(&st->from, off)));
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "playbook", pb->name, "description", pb->description, "streams", streams,
			 "tiers", tiers);
}

char *tm_json_dumps(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | TM_JSON_REALS);
	if (!s)
		return tm_xstrdup("null\n");
	tm_buf b = TM_BUF_INIT;
	tm_buf_adds(&b, s);
	tm_buf_addc(&b, '\n');
	free(s);
	return tm_buf_detach(&b);
}
