/* json_roadmap.c - the roadmap as JSON (see json_roadmap.h). */
#include "present/json_roadmap.h"

#include "util/banned.h"

static json_t *launch_json(const tm_roadmap_launch *rl)
{
	char d[TM_DATE_STRLEN], first[TM_DATE_STRLEN];
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:b, s:b, s:s}", "slug", rl->launch.slug, "name", rl->launch.name,
			 "date", tm_date_format(rl->launch.date, d), "tier", rl->launch.tier, "status",
			 tm_launch_status_name(rl->launch.status), "score", rl->score >= 0 ? json_integer(rl->score) : json_null(),
			 "feasible", rl->feasible, "slipped", rl->slipped, "first_date", tm_date_format(rl->first_date, first));
}

json_t *tm_json_roadmap_item(const tm_roadmap *r, size_t i)
{
	const tm_roadmap_view *v = &r->items.v[i];
	const tm_roadmap_item *it = &v->item;
	json_t *launches = json_array(), *ideas = json_array();
	for (int k = 0; k < it->nlaunches; k++)
		if (v->launch_at[k] >= 0)
			json_array_append_new(launches, launch_json(&r->launches.v[v->launch_at[k]]));
	for (int k = 0; k < it->nideas; k++) {
		const tm_roadmap_idea *ri = &r->ideas.v[v->idea_at[k]];
		json_array_append_new(ideas, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ri->id, "title", ri->title, "status",
						       tm_idea_status_names[ri->status]));
	}
	return json_pack("{s:I, s:s, s:s, s:o, s:i, s:s?, s:s?, s:s, s:s, s:s?, s:o, s:o, s:I, s:s, s:s}", "id",
			 (json_int_t)it->id, "title", it->title, "level", tm_roadmap_level_names[it->level], "parent",
			 it->parent_id ? json_integer(it->parent_id) : json_null(), "depth", v->depth, "owner",
			 it->owner[0] ? it->owner : NULL, "quarter", it->quarter[0] ? it->quarter : NULL, "status",
			 tm_roadmap_status_names[it->status], "colour", tm_roadmap_status_names[v->colour], "why_red",
			 v->why_red[0] ? v->why_red : NULL, "launches", launches, "ideas", ideas, "version",
			 (json_int_t)it->version, "created_at", it->created_at, "updated_at", it->updated_at);
}

json_t *tm_json_roadmap_review(const tm_roadmap_review *rv)
{
	char on[TM_DATE_STRLEN];
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)rv->id, "on", tm_date_format(rv->on, on), "by", rv->by,
			 "notes", rv->notes, "at", rv->at);
}

json_t *tm_json_roadmap(const tm_roadmap *r)
{
	json_t *items = json_array(), *quarters = json_array();
	char today[TM_DATE_STRLEN];
	for (size_t i = 0; i < r->items.n; i++)
		json_array_append_new(items, tm_json_roadmap_item(r, i));
	for (size_t i = 0; i < r->quarters.n; i++)
		json_array_append_new(quarters, json_string(r->quarters.v[i].q));
	return json_pack("{s:o, s:o, s:b, s:o, s:s}", "items", items, "last_review",
			 r->has_review ? tm_json_roadmap_review(&r->last_review) : json_null(), "review_due", r->review_due,
			 "quarters", quarters, "today", tm_date_format(r->today, today));
}

json_t *tm_json_roadmap_reviews(const tm_roadmap_reviews *rs)
{
	json_t *items = json_array();
	for (size_t i = 0; i < rs->n; i++)
		json_array_append_new(items, tm_json_roadmap_review(&rs->v[i]));
	return json_pack("{s:o}", "items", items);
}

/* ---- written straight out (tm_json_out), in the order of the objects above ---- */

static void out_review(tm_json_out *w, const tm_roadmap_review *rv)
{
	char on[TM_DATE_STRLEN];
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "id");
	tm_json_out_int(w, rv->id);
	tm_json_out_key(w, "on");
	tm_json_out_str(w, tm_date_format(rv->on, on), false);
	tm_json_out_key(w, "by");
	tm_json_out_str(w, rv->by, false);
	tm_json_out_key(w, "notes");
	tm_json_out_str(w, rv->notes, false);
	tm_json_out_key(w, "at");
	tm_json_out_str(w, rv->at, false);
	tm_json_out_close(w);
}

static void out_launch(tm_json_out *w, const tm_roadmap_launch *rl)
{
	char d[TM_DATE_STRLEN];
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "slug");
	tm_json_out_str(w, rl->launch.slug, false);
	tm_json_out_key(w, "name");
	tm_json_out_str(w, rl->launch.name, false);
	tm_json_out_key(w, "date");
	tm_json_out_str(w, tm_date_format(rl->launch.date, d), false);
	tm_json_out_key(w, "tier");
	tm_json_out_int(w, rl->launch.tier);
	tm_json_out_key(w, "status");
	tm_json_out_str(w, tm_launch_status_name(rl->launch.status), false);
	tm_json_out_key(w, "score");
	if (rl->score >= 0)
		tm_json_out_int(w, rl->score);
	else
		tm_json_out_null(w);
	tm_json_out_key(w, "feasible");
	tm_json_out_bool(w, rl->feasible);
	tm_json_out_key(w, "slipped");
	tm_json_out_bool(w, rl->slipped);
	tm_json_out_key(w, "first_date");
	tm_json_out_str(w, tm_date_format(rl->first_date, d), false);
	tm_json_out_close(w);
}

static void out_item(tm_json_out *w, const tm_roadmap *r, size_t i)
{
	const tm_roadmap_view *v = &r->items.v[i];
	const tm_roadmap_item *it = &v->item;
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "id");
	tm_json_out_int(w, it->id);
	tm_json_out_key(w, "title");
	tm_json_out_str(w, it->title, false);
	tm_json_out_key(w, "level");
	tm_json_out_str(w, tm_roadmap_level_names[it->level], false);
	tm_json_out_key(w, "parent");
	if (it->parent_id)
		tm_json_out_int(w, it->parent_id);
	else
		tm_json_out_null(w);
	tm_json_out_key(w, "depth");
	tm_json_out_int(w, v->depth);
	tm_json_out_key(w, "owner");
	tm_json_out_str(w, it->owner, true);
	tm_json_out_key(w, "quarter");
	tm_json_out_str(w, it->quarter, true);
	tm_json_out_key(w, "status");
	tm_json_out_str(w, tm_roadmap_status_names[it->status], false);
	tm_json_out_key(w, "colour");
	tm_json_out_str(w, tm_roadmap_status_names[v->colour], false);
	tm_json_out_key(w, "why_red");
	tm_json_out_str(w, v->why_red, true);
	tm_json_out_key(w, "launches");
	tm_json_out_open(w, '[');
	for (int k = 0; k < it->nlaunches; k++)
		if (v->launch_at[k] >= 0)
			out_launch(w, &r->launches.v[v->launch_at[k]]);
	tm_json_out_close(w);
	tm_json_out_key(w, "ideas");
	tm_json_out_open(w, '[');
	for (int k = 0; k < it->nideas; k++) {
		const tm_roadmap_idea *ri = &r->ideas.v[v->idea_at[k]];
		tm_json_out_open(w, '{');
		tm_json_out_key(w, "id");
		tm_json_out_int(w, ri->id);
		tm_json_out_key(w, "title");
		tm_json_out_str(w, ri->title, false);
		tm_json_out_key(w, "status");
		tm_json_out_str(w, tm_idea_status_names[ri->status], false);
		tm_json_out_close(w);
	}
	tm_json_out_close(w);
	tm_json_out_key(w, "version");
	tm_json_out_int(w, it->version);
	tm_json_out_key(w, "created_at");
	tm_json_out_str(w, it->created_at, false);
	tm_json_out_key(w, "updated_at");
	tm_json_out_str(w, it->updated_at, false);
	tm_json_out_close(w);
}

void tm_json_out_roadmap(tm_json_out *w, const tm_roadmap *r)
{
	char today[TM_DATE_STRLEN];
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "items");
	tm_json_out_open(w, '[');
	for (size_t i = 0; i < r->items.n; i++)
		out_item(w, r, i);
	tm_json_out_close(w);
	tm_json_out_key(w, "last_review");
	if (r->has_review)
		out_review(w, &r->last_review);
	else
		tm_json_out_null(w);
	tm_json_out_key(w, "review_due");
	tm_json_out_bool(w, r->review_due);
	tm_json_out_key(w, "quarters");
	tm_json_out_open(w, '[');
	for (size_t i = 0; i < r->quarters.n; i++)
		tm_json_out_str(w, r->quarters.v[i].q, false);
	tm_json_out_close(w);
	tm_json_out_key(w, "today");
	tm_json_out_str(w, tm_date_format(r->today, today), false);
	tm_json_out_close(w);
}
