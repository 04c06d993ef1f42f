/*
 * json_backlog.c - the JSON of the backlog: an item with its RICE score, the
 * arithmetic people check, and what keeps an unscored one from a score; the
 * ranking. The command line's --json and the API's bodies, so the two never
 * disagree. Members that may be absent are null, never left out.
 *
 * A ranking of the whole backlog (100,000 items) is written straight out
 * (render/json_out.h) by the command line: a jansson tree of it would cost
 * more than reading and ranking it.
 */
#include "present/json_backlog.h"

#include <math.h>

#include "render/json.h"

#include "util/banned.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static const char *const lacks_names[] = { "reach", "impact", "confidence", "effort" };

json_t *tm_json_idea(const tm_idea *i, int rank)
{
	tm_rice r = tm_rice_score(i);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(i->id));
	if (rank > 0)
		json_object_set_new(o, "rank", json_integer(rank));
	json_object_set_new(o, "title", json_string(i->title));
	json_object_set_new(o, "kind", json_string(tm_idea_kind_names[i->kind]));
	json_object_set_new(o, "track", json_string(tm_idea_track_names[i->track]));
	json_object_set_new(o, "owner", str_or_null(i->owner));
	json_object_set_new(o, "reach", i->has_reach ? json_real(i->reach) : json_null());
	json_object_set_new(o, "impact", i->impact >= 0 ? json_string(tm_impact_names[i->impact]) : json_null());
	json_object_set_new(o, "confidence",
			    i->confidence >= 0 ? json_string(tm_rice_confidence_names[i->confidence]) : json_null());
	json_object_set_new(o, "effort", i->has_effort ? json_real(i->effort) : json_null());
	json_object_set_new(o, "status", json_string(tm_idea_status_names[i->status]));
	json_object_set_new(o, "why", json_string(i->why));
	json_object_set_new(o, "persona", str_or_null(i->persona));
	json_object_set_new(o, "launch", str_or_null(i->launch_slug));
	json_object_set_new(o, "rice", r.scored ? json_real(r.score) : json_null());
	if (r.scored) {
		tm_buf b = TM_BUF_INIT;
		tm_rice_arithmetic(i, &b);
		json_object_set_new(o, "rice_arithmetic", json_string(b.s));
		tm_buf_release(&b);
	} else {
		json_object_set_new(o, "rice_arithmetic", json_null());
	}
	json_t *lacks = json_array();
	for (int k = 0; k < 4; k++)
		if ((r.lacks >> k) & 1u)
			json_array_append_new(lacks, json_string(lacks_names[k]));
	json_object_set_new(o, "lacks", lacks);
	json_object_set_new(o, "version", json_integer(i->version));
	json_object_set_new(o, "created_at", json_string(i->created_at));
	json_object_set_new(o, "updated_at", json_string(i->updated_at));
	return o;
}

static void out_name(tm_json_out *w, const char *key, const char *const *names, int v)
{
	tm_json_out_key(w, key);
	tm_json_out_str(w, v >= 0 ? names[v] : NULL, true);
}

static void out_real(tm_json_out *w, const char *key, bool has, double v)
{
	tm_json_out_key(w, key);
	if (!has) {
		tm_json_out_null(w);
	} else if (v == (double)(long long)v && v > -1e15 && v < 1e15 && !(v == 0 && signbit(v))) {
		/* A whole number, as "%.15g" writes it and jansson's ".0" after it ("2000.0"), without printf:
		 * three reals an item, 100,000 items. The writer appends, so ".0" follows the digits. */
		tm_json_out_int(w, (long long)v);
		tm_buf_add(w->out, ".0", 2);
	} else {
		tm_json_out_real(w, v);
	}
}

/* An item's strings, by TM_RANK_*: a whole item's fields, or where a ranking keeps them. */
typedef const char *idea_strings[TM_RANK_STRINGS];

/* tm_json_out_idea of i's numbers and enums and the strings s; scratch holds the arithmetic (one buffer for
 * every item of a list: no allocation per item). */
static void out_idea(tm_json_out *w, const tm_idea *i, const idea_strings s, int rank, tm_buf *scratch)
{
	tm_rice r = tm_rice_score(i);
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "id");
	tm_json_out_int(w, i->id);
	if (rank > 0) {
		tm_json_out_key(w, "rank");
		tm_json_out_int(w, rank);
	}
	tm_json_out_key(w, "title");
	tm_json_out_str(w, s[TM_RANK_TITLE], false);
	out_name(w, "kind", tm_idea_kind_names, i->kind);
	out_name(w, "track", tm_idea_track_names, i->track);
	tm_json_out_key(w, "owner");
	tm_json_out_str(w, s[TM_RANK_OWNER], true);
	out_real(w, "reach", i->has_reach, i->reach);
	out_name(w, "impact", tm_impact_names, i->impact);
	out_name(w, "confidence", tm_rice_confidence_names, i->confidence);
	out_real(w, "effort", i->has_effort, i->effort);
	out_name(w, "status", tm_idea_status_names, i->status);
	tm_json_out_key(w, "why");
	tm_json_out_str(w, s[TM_RANK_WHY], false);
	tm_json_out_key(w, "persona");
	tm_json_out_str(w, s[TM_RANK_PERSONA], true);
	tm_json_out_key(w, "launch");
	tm_json_out_str(w, s[TM_RANK_LAUNCH], true);
	out_real(w, "rice", r.scored, r.score);
	tm_json_out_key(w, "rice_arithmetic");
	if (r.scored) {
		tm_buf_reset(scratch);
		tm_rice_arithmetic(i, scratch);
		tm_json_out_str(w, scratch->s, false);
	} else {
		tm_json_out_null(w);
	}
	tm_json_out_key(w, "lacks");
	tm_json_out_open(w, '[');
	for (int k = 0; k < 4; k++)
		if ((r.lacks >> k) & 1u)
			tm_json_out_str(w, lacks_names[k], false);
	tm_json_out_close(w);
	tm_json_out_key(w, "version");
	tm_json_out_int(w, i->version);
	tm_json_out_key(w, "created_at");
	tm_json_out_str(w, s[TM_RANK_CREATED], false);
	tm_json_out_key(w, "updated_at");
	tm_json_out_str(w, s[TM_RANK_UPDATED], false);
	tm_json_out_close(w);
}

void tm_json_out_idea(tm_json_out *w, const tm_idea *i, int rank)
{
	idea_strings s = { [TM_RANK_TITLE] = i->title,     [TM_RANK_OWNER] = i->owner,
			   [TM_RANK_WHY] = i->why,         [TM_RANK_PERSONA] = i->persona,
			   [TM_RANK_LAUNCH] = i->launch_slug, [TM_RANK_CREATED] = i->created_at,
			   [TM_RANK_UPDATED] = i->updated_at };
	tm_buf scratch = TM_BUF_INIT;
	out_idea(w, i, s, rank, &scratch);
	tm_buf_release(&scratch);
}

/* The k-th item of a ranking, from where the ranking keeps it. */
static void out_ranked(tm_json_out *w, const tm_backlog_rank *r, size_t k, tm_idea *numbers, int rank, tm_buf *scratch)
{
	idea_strings s;
	tm_backlog_rank_numbers(r, k, numbers);
	for (int j = 0; j < TM_RANK_STRINGS; j++)
		s[j] = tm_backlog_rank_text(r, k, j);
	out_idea(w, numbers, s, rank, scratch);
}

json_t *tm_json_ideas(const tm_ideas *is)
{
	json_t *a = json_array();
	for (size_t k = 0; k < is->n; k++)
		json_array_append_new(a, tm_json_idea(&is->v[k], 0));
	return a;
}

json_t *tm_json_backlog_rank(const tm_backlog_rank *r)
{
	json_t *ranked = json_array(), *unscored = json_array();
	tm_idea i;
	for (size_t k = 0; k < r->rows.n; k++) {
		tm_backlog_rank_item(r, k, &i);
		if (k < r->scored)
			json_array_append_new(ranked, tm_json_idea(&i, (int)k + 1));
		else
			json_array_append_new(unscored, tm_json_idea(&i, 0));
	}
	return json_pack("{s:o, s:o}", "ranked", ranked, "unscored", unscored);
}

void tm_json_out_backlog_rank(tm_json_out *w, const tm_backlog_rank *r)
{
	tm_idea i; /* its numbers only: the strings are read where the ranking keeps them */
	tm_buf scratch = TM_BUF_INIT;
	tm_json_out_open(w, '{');
	tm_json_out_key(w, "ranked");
	tm_json_out_open(w, '[');
	for (size_t k = 0; k < r->scored; k++)
		out_ranked(w, r, k, &i, (int)k + 1, &scratch);
	tm_json_out_close(w);
	tm_json_out_key(w, "unscored");
	tm_json_out_open(w, '[');
	for (size_t k = r->scored; k < r->rows.n; k++)
		out_ranked(w, r, k, &i, 0, &scratch);
	tm_json_out_close(w);
	tm_json_out_close(w);
	tm_buf_release(&scratch);
}
