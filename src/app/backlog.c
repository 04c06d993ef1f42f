/*
 * backlog.c - the single backlog's use cases: items added, changed, removed,
 * listed and ranked by RICE (core/backlog.c's arithmetic), and an idea
 * promoted to a launch through launch add. From then on the idea follows its
 * launch: planned, launched; back to validating when the launch is cancelled
 * or removed (app/launches.c calls tm_app_backlog_follow_launch).
 *
 * Ranking reads the backlog once (one query with the owners', personas' and
 * launches' names) and sorts it in memory: nothing is looked up per item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/backlog.h"
#include "app/internal.h"

#include "util/banned.h"

void tm_backlog_rank_release(tm_backlog_rank *r)
{
	TM_VEC_FREE(&r->rows);
	tm_buf_release(&r->text);
	free(r->order);
	r->order = NULL;
	r->scored = 0;
}

/* Copies the NUL-terminated s into out (outsz bytes: s came from a field of that size). */
static void unpack(const char *s, char *out, size_t outsz)
{
	if (!*s) {
		*out = '\0';
		return;
	}
	size_t n = strlen(s);
	if (n > outsz - 1)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

void tm_backlog_rank_numbers(const tm_backlog_rank *r, size_t k, tm_idea *out)
{
	const tm_rank_row *w = &r->rows.v[r->order[k]];
	/* The row's signed chars are small numbers (-1: not given), not characters:
	 * NOLINTBEGIN(bugprone-signed-char-misuse,cert-str34-c) */
	out->id = w->id;
	out->kind = w->kind;
	out->track = w->track;
	out->owner_id = w->owner_id;
	out->has_reach = w->has_reach;
	out->reach = w->reach;
	out->impact = w->impact;
	out->confidence = w->confidence;
	out->has_effort = w->has_effort;
	out->effort = w->effort;
	out->status = w->status;
	out->persona_id = w->persona_id;
	out->launch_id = w->launch_id;
	out->version = w->version;
	/* NOLINTEND(bugprone-signed-char-misuse,cert-str34-c) */
}

const char *tm_backlog_rank_text(const tm_backlog_rank *r, size_t k, int which)
{
	return r->text.s + r->rows.v[r->order[k]].str[which];
}

void tm_backlog_rank_item(const tm_backlog_rank *r, size_t k, tm_idea *out)
{
	const tm_rank_row *w = &r->rows.v[r->order[k]];
	const char *t = r->text.s;
	tm_backlog_rank_numbers(r, k, out);
	unpack(t + w->str[TM_RANK_TITLE], out->title, sizeof(out->title));
	unpack(t + w->str[TM_RANK_OWNER], out->owner, sizeof(out->owner));
	unpack(t + w->str[TM_RANK_WHY], out->why, sizeof(out->why));
	unpack(t + w->str[TM_RANK_PERSONA], out->persona, sizeof(out->persona));
	unpack(t + w->str[TM_RANK_LAUNCH], out->launch_slug, sizeof(out->launch_slug));
	unpack(t + w->str[TM_RANK_CREATED], out->created_at, sizeof(out->created_at));
	unpack(t + w->str[TM_RANK_UPDATED], out->updated_at, sizeof(out->updated_at));
}

/* What packing keeps while the store scans: the rows, and each one's key. */
struct packing {
	tm_backlog_rank *r;
	TM_VEC(tm_rice_key) keys;
};

static uint32_t pack_text(tm_buf *b, const char *s)
{
	uint32_t at = (uint32_t)b->len;
	tm_buf_add(b, s, strlen(s) + 1);
	return at;
}

static int pack(void *arg, const tm_idea *i)
{
	struct packing *p = arg;
	tm_rank_row *w = TM_VEC_PUSH(&p->r->rows);
	*TM_VEC_PUSH(&p->keys) = tm_rice_key_of(i);
	*w = (tm_rank_row){ .id = i->id, .owner_id = i->owner_id, .persona_id = i->persona_id, .launch_id = i->launch_id,
			    .version = i->version, .reach = i->reach, .effort = i->effort, .kind = (signed char)i->kind,
			    .track = (signed char)i->track, .impact = (signed char)i->impact,
			    .confidence = (signed char)i->confidence, .status = (signed char)i->status,
			    .has_reach = i->has_reach, .has_effort = i->has_effort };
	tm_buf *b = &p->r->text;
	w->str[TM_RANK_TITLE] = pack_text(b, i->title);
	w->str[TM_RANK_OWNER] = pack_text(b, i->owner);
	w->str[TM_RANK_WHY] = pack_text(b, i->why);
	w->str[TM_RANK_PERSONA] = pack_text(b, i->persona);
	w->str[TM_RANK_LAUNCH] = pack_text(b, i->launch_slug);
	w->str[TM_RANK_CREATED] = pack_text(b, i->created_at);
	w->str[TM_RANK_UPDATED] = pack_text(b, i->updated_at);
	return 0;
}

/* "12" or "#12": a backlog item's id. */
static int parse_ref(const char *ref, int64_t *id, tm_error *err)
{
	const char *s = ref && *ref == '#' ? ref + 1 : ref;
	size_t n = s ? strlen(s) : 0;
	if (!n || n > 18 || strspn(s, "0123456789") != n || (*id = strtoll(s, NULL, 10)) <= 0)
		return tm_fail_field(err, TM_EINVAL, "idea", "invalid backlog item '%.40s': an item is named by its number (12 or #12)",
				     ref ? ref : "");
	return 0;
}

static int find_idea(tm_app *app, const char *ref, tm_idea *out, tm_error *err)
{
	int64_t id = 0;
	int rc = parse_ref(ref, &id, err);
	return rc ? rc : app->st->ops->backlog->get(app->st, id, out, err);
}

int tm_app_idea_get(tm_app *app, const char *ref, tm_idea *out, tm_error *err)
{
	return find_idea(app, ref, out, err);
}

/* name's index in names, or TM_EINVAL naming field and the names allowed. */
static int choice(const char *field, const char *const *names, const char *name, int *out, tm_error *err)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], name)) {
			*out = i;
			return 0;
		}
	tm_buf allowed = TM_BUF_INIT;
	for (int i = 0; names[i]; i++)
		tm_buf_printf(&allowed, "%s%s", i ? ", " : "", names[i]);
	int rc = tm_fail_field(err, TM_EINVAL, field, "unknown %s '%.40s' (%s)", field, name, allowed.s);
	tm_buf_release(&allowed);
	return rc;
}

int tm_app_idea_list(tm_app *app, const tm_idea_query *q, tm_ideas *out, tm_error *err)
{
	tm_idea_filter f = TM_IDEA_FILTER_ALL;
	tm_person p;
	int rc = 0;
	if (q && q->track && *q->track)
		rc = choice("track", tm_idea_track_names, q->track, &f.track, err);
	if (!rc && q && q->status && *q->status)
		rc = choice("status", tm_idea_status_names, q->status, &f.status, err);
	if (!rc && q && q->kind && *q->kind)
		rc = choice("kind", tm_idea_kind_names, q->kind, &f.kind, err);
	if (!rc && q && q->owner && *q->owner) {
		if ((rc = tm_app_find_person(app, q->owner, &p, err)))
			return tm_with_field(err, "owner", rc == TM_ENOTFOUND ? (err->code = TM_EINVAL) : rc);
		f.owner_id = p.id;
	}
	return rc ? rc : app->st->ops->backlog->list(app->st, &f, out, err);
}

int tm_app_backlog_rank(tm_app *app, const char *track, tm_backlog_rank *out, tm_error *err)
{
	tm_idea_filter f = TM_IDEA_FILTER_ALL;
	struct packing p = { out, TM_VEC_INIT };
	memset(out, 0, sizeof(*out));
	tm_buf_init(&out->text);
	f.open_only = true;
	/* One scan of the backlog, each item packed as it comes: never 100,000 whole records at once. */
	int rc = track && *track ? choice("track", tm_idea_track_names, track, &f.track, err) : 0;
	if (!rc)
		rc = app->st->ops->backlog->scan(app->st, &f, pack, &p, err);
	if (!rc) {
		out->order = tm_xmalloc((out->rows.n ? out->rows.n : 1) * sizeof(*out->order));
		tm_rice_rank_keys(p.keys.v, p.keys.n, out->order, &out->scored);
	}
	TM_VEC_FREE(&p.keys);
	if (rc)
		tm_backlog_rank_release(out);
	return rc;
}

int tm_app_backlog_of_launch(tm_app *app, int64_t launch_id, tm_idea *out, tm_error *err)
{
	tm_ideas is = TM_VEC_INIT;
	memset(out, 0, sizeof(*out));
	int rc = app->st->ops->backlog->by_launch(app->st, launch_id, &is, err);
	if (!rc && is.n)
		*out = is.v[0];
	TM_VEC_FREE(&is);
	return rc;
}

/* ---- the audit log's JSON ---- */

static json_t *idea_json(const tm_idea *i)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(i->id));
	json_object_set_new(o, "title", json_string(i->title));
	json_object_set_new(o, "kind", json_string(tm_idea_kind_names[i->kind]));
	json_object_set_new(o, "track", json_string(tm_idea_track_names[i->track]));
	json_object_set_new(o, "owner", i->owner[0] ? json_string(i->owner) : json_null());
	json_object_set_new(o, "reach", i->has_reach ? json_real(i->reach) : json_null());
	json_object_set_new(o, "impact", i->impact >= 0 ? json_string(tm_impact_names[i->impact]) : json_null());
	json_object_set_new(o, "confidence",
			    i->confidence >= 0 ? json_string(tm_rice_confidence_names[i->confidence]) : json_null());
	json_object_set_new(o, "effort", i->has_effort ? json_real(i->effort) : json_null());
	json_object_set_new(o, "status", json_string(tm_idea_status_names[i->status]));
	json_object_set_new(o, "why", json_string(i->why));
	json_object_set_new(o, "persona", i->persona[0] ? json_string(i->persona) : json_null());
	json_object_set_new(o, "launch", i->launch_slug[0] ? json_string(i->launch_slug) : json_null());
	json_object_set_new(o, "version", json_integer(i->version));
	return o;
}

/* ---- writing ---- */

/* A status that needs a why. */
static bool needs_why(int status)
{
	return status == TM_IDEA_SUNSET || status == TM_IDEA_DROPPED;
}

/* The persona ref names (a glossary term of kind persona, or its id) into i. */
static int set_persona(tm_app *app, const char *ref, tm_idea *i, tm_error *err)
{
	tm_term t;
	if (!*ref) {
		i->persona_id = 0;
		i->persona[0] = '\0';
		return 0;
	}
	if (!app->st->ops->glossary->find)
		return tm_fail_field(err, TM_EINVAL, "persona", "unknown persona '%.80s': the glossary is not there yet", ref);
	int rc = app->st->ops->glossary->find(app->st, ref, &t, err);
	if (rc == TM_ENOTFOUND)
		return tm_fail_field(err, TM_EINVAL, "persona",
				     "unknown persona '%.80s': add it to the glossary first (tminus glossary add TERM --kind persona)",
				     ref);
	if (rc)
		return tm_with_field(err, "persona", rc);
	if (t.kind != TM_TERM_PERSONA)
		return tm_fail_field(err, TM_EINVAL, "persona", "'%.80s' is a glossary term, not a persona", t.term);
	i->persona_id = t.id;
	snprintf(i->persona, sizeof(i->persona), "%s", t.term);
	return 0;
}

/* Applies the fields of in that are given to i and checks the item they make. */
static int apply_input(tm_app *app, const tm_idea_input *in, tm_idea *i, tm_error *err)
{
	int rc, from = i->status;
	if (TM_GIVEN(in, TM_II_TITLE))
		snprintf(i->title, sizeof(i->title), "%s", in->title);
	if (TM_GIVEN(in, TM_II_KIND))
		i->kind = in->kind;
	if (TM_GIVEN(in, TM_II_TRACK))
		i->track = in->track;
	if (TM_GIVEN(in, TM_II_OWNER)) {
		tm_person p;
		if (!in->owner[0]) {
			i->owner_id = 0;
			i->owner[0] = '\0';
		} else if ((rc = tm_app_find_person(app, in->owner, &p, err))) {
			/* A name that is nobody's is bad input, as in the other inputs that name a person. */
			if (rc == TM_ENOTFOUND)
				err->code = rc = TM_EINVAL;
			return tm_with_field(err, "owner", rc);
		} else {
			i->owner_id = p.id;
			snprintf(i->owner, sizeof(i->owner), "%s", p.name);
		}
	}
	if (TM_GIVEN(in, TM_II_REACH)) {
		if (!(in->reach >= 0) || in->reach > TM_IDEA_REACH_MAX)
			return tm_fail_field(err, TM_EINVAL, "reach",
					     "{} must be 0 or more (people or events per quarter, at most 1e12), not %g", in->reach);
		i->has_reach = true;
		i->reach = in->reach;
	}
	if (TM_GIVEN(in, TM_II_IMPACT))
		i->impact = in->impact;
	if (TM_GIVEN(in, TM_II_CONFIDENCE))
		i->confidence = in->confidence;
	if (TM_GIVEN(in, TM_II_EFFORT)) {
		if (!(in->effort > 0) || in->effort > TM_IDEA_EFFORT_MAX)
			return tm_fail_field(err, TM_EINVAL, "effort",
					     "{} must be more than 0 person-months (at most %g), not %g: RICE divides by it",
					     TM_IDEA_EFFORT_MAX, in->effort);
		i->has_effort = true;
		i->effort = in->effort;
	}
	if (TM_GIVEN(in, TM_II_PERSONA) && (rc = set_persona(app, in->persona, i, err)))
		return rc;
	if (TM_GIVEN(in, TM_II_STATUS) && in->status != from) {
		if (in->status == TM_IDEA_LAUNCHED)
			return tm_fail_field(err, TM_EINVAL, "status",
					     "an item is launched when its launch is: promote it (tminus backlog promote) and "
					     "set the launch's status");
		if ((rc = tm_idea_status_check(from, in->status, err)))
			return rc;
		if (needs_why(in->status) && (!TM_GIVEN(in, TM_II_WHY) || !in->why[0]))
			return tm_fail_field(err, TM_EINVAL, "why", "missing {}: say why the item is %s (seed 003: clear criteria for sunset)",
					     tm_idea_status_names[in->status]);
		i->status = in->status;
		if (!needs_why(i->status))
			i->why[0] = '\0';
	}
	if (TM_GIVEN(in, TM_II_WHY)) {
		if (!needs_why(i->status))
			return tm_fail_field(err, TM_EINVAL, "why",
					     "{} is for an item that is sunset or dropped; this one is %s",
					     tm_idea_status_names[i->status]);
		snprintf(i->why, sizeof(i->why), "%s", in->why);
	}
	return 0;
}

int tm_app_idea_add(tm_app *app, const tm_idea_input *in, tm_idea *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_idea i;
	int rc;
	memset(&i, 0, sizeof(i));
	i.impact = i.confidence = -1;
	i.status = TM_IDEA_NEW;
	if ((rc = tm_input_check(&tm_idea_desc, TM_IN_CREATE, in, err)) || (rc = apply_input(app, in, &i, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->backlog->add(st, &i, err);
	if (!rc)
		rc = tm_app_audit(app, "idea.add", NULL, idea_json(&i), err, "idea %lld", (long long)i.id);
	rc = tm_store_finish(st, rc, err);
	return rc ? rc : st->ops->backlog->get(st, i.id, out, err);
}

/* Refuses a change of an item read at another version. */
static int check_version(const tm_idea *i, int64_t if_version, tm_error *err)
{
	if (if_version > 0 && i->version != if_version)
		return tm_fail(err, TM_ESTALE, "backlog item %lld has changed (version %lld, not %lld): read it again",
			       (long long)i->id, (long long)i->version, (long long)if_version);
	return 0;
}

int tm_app_idea_set(tm_app *app, const char *ref, const tm_idea_input *in, tm_idea *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_idea i;
	json_t *before = NULL;
	int rc;
	if ((rc = tm_input_check(&tm_idea_desc, TM_IN_CHANGE, in, err)))
		return rc;
	/* Read, check the version and write in one write transaction: two clients holding one version cannot both win. */
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = find_idea(app, ref, &i, err);
	if (!rc)
		rc = check_version(&i, in->if_version, err);
	if (!rc) {
		before = idea_json(&i);
		rc = apply_input(app, in, &i, err);
	}
	if (!rc)
		rc = st->ops->backlog->update(st, &i, err);
	if (!rc) {
		rc = tm_app_audit(app, "idea.update", before, idea_json(&i), err, "idea %lld", (long long)i.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	return rc ? rc : st->ops->backlog->get(st, i.id, out, err);
}

int tm_app_idea_rm(tm_app *app, const char *ref, int64_t if_version, tm_idea *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = find_idea(app, ref, out, err);
	if (!rc)
		rc = check_version(out, if_version, err);
	if (!rc)
		rc = st->ops->backlog->rm(st, out->id, err);
	if (!rc)
		rc = tm_app_audit(app, "idea.rm", idea_json(out), NULL, err, "idea %lld", (long long)out->id);
	return tm_store_finish(st, rc, err);
}

/* Copies at most max bytes of s into out (out holds max + 1), never cutting a UTF-8 character. */
static void copy_cut(char *out, size_t max, const char *s)
{
	size_t n = strlen(s);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

int tm_app_idea_promote(tm_app *app, const char *ref, const tm_launch_input *in, tm_idea *idea,
			tm_launch_detail *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_input li = *in;
	tm_idea i;
	tm_launch was;
	json_t *before = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = find_idea(app, ref, &i, err);
	if (!rc && (i.status == TM_IDEA_SUNSET || i.status == TM_IDEA_DROPPED || i.status == TM_IDEA_LAUNCHED))
		rc = tm_fail(err, TM_EINVAL, "backlog item %lld is %s: only an open item is promoted to a launch",
			     (long long)i.id, tm_idea_status_names[i.status]);
	if (!rc && i.launch_id && st->ops->launches->get(st, i.launch_id, &was, err) == 0 &&
	    was.status != TM_LAUNCH_CANCELLED)
		rc = tm_fail_field(err, TM_ECONFLICT, "idea", "backlog item %lld is promoted already, to launch '%s'",
				   (long long)i.id, was.slug);
	if (!rc && !TM_GIVEN(&li, TM_LI_NAME)) {
		copy_cut(li.name, TM_NAME_MAX, i.title);
		li.given |= 1u << TM_LI_NAME;
	}
	if (!rc)
		rc = tm_app_launch_add(app, &li, out, err);
	if (!rc) {
		before = idea_json(&i);
		i.launch_id = out->launch.id;
		snprintf(i.launch_slug, sizeof(i.launch_slug), "%s", out->launch.slug);
		i.status = TM_IDEA_PLANNED;
		i.why[0] = '\0';
		rc = st->ops->backlog->update(st, &i, err);
	}
	if (!rc) {
		rc = tm_app_audit(app, "idea.promote", before, idea_json(&i), err, "idea %lld", (long long)i.id);
		before = NULL;
	}
	json_decref(before);
	rc = tm_store_finish(st, rc, err);
	if (!rc) {
		out->idea_id = i.id;
		snprintf(out->idea_title, sizeof(out->idea_title), "%s", i.title);
	}
	if (!rc && idea)
		rc = st->ops->backlog->get(st, i.id, idea, err);
	if (rc)
		tm_launch_detail_release(out);
	return rc;
}

/* Moves the open ideas promoted to launch_id to status to, inside the caller's write transaction. */
static int follow(tm_app *app, int64_t launch_id, int to, bool unlink, tm_error *err)
{
	tm_ideas is = TM_VEC_INIT;
	int rc = app->st->ops->backlog->by_launch(app->st, launch_id, &is, err);
	for (size_t k = 0; k < is.n && !rc; k++) {
		tm_idea *i = &is.v[k];
		/* One the user sunset or dropped keeps the status they gave it. */
		if (needs_why(i->status) || (i->status == to && !unlink))
			continue;
		json_t *before = idea_json(i);
		i->status = to;
		if (unlink) {
			i->launch_id = 0;
			i->launch_slug[0] = '\0';
		}
		rc = app->st->ops->backlog->update(app->st, i, err);
		if (!rc)
			rc = tm_app_audit(app, "idea.update", before, idea_json(i), err, "idea %lld", (long long)i->id);
		else
			json_decref(before);
	}
	TM_VEC_FREE(&is);
	return rc;
}

int tm_app_backlog_follow_launch(tm_app *app, int64_t launch_id, int launch_status, tm_error *err)
{
	int to = launch_status == TM_LAUNCH_LAUNCHED ? TM_IDEA_LAUNCHED
		 : launch_status == TM_LAUNCH_CANCELLED ? TM_IDEA_VALIDATING
							 : TM_IDEA_PLANNED;
	return follow(app, launch_id, to, false, err);
}

int tm_app_backlog_launch_gone(tm_app *app, int64_t launch_id, tm_error *err)
{
	return follow(app, launch_id, TM_IDEA_VALIDATING, true, err);
}
