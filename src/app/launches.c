/*
 * launches.c - creating a launch with its tier's playbook, listing, showing
 * and changing launches (a tier change adds what the new tier brings).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/backlog.h"
#include "core/text.h"
#include "app/internal.h"
#include "render/json.h"

#include "util/banned.h"

void tm_launch_detail_release(tm_launch_detail *d)
{
	tm_tasks_free(&d->tasks);
	TM_VEC_FREE(&d->notes);
	TM_VEC_FREE(&d->history);
	TM_VEC_FREE(&d->owners);
	TM_VEC_FREE(&d->dris);
	TM_VEC_FREE(&d->warnings);
	TM_VEC_FREE(&d->watchers);
}

/* Resolves a person reference for a field; 0 id when ref is NULL. */
static int find_person(tm_app *app, const char *field, const char *ref, tm_person *out, tm_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!ref)
		return 0;
	int rc = tm_app_find_person(app, ref, out, err);
	if (rc == TM_ENOTFOUND)
		snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

/* The person who owns a role's tasks on this launch: its PM owns the pm tasks, its marketing owner the
 * marketing and pmm tasks, and the owners it names every other role's (pmm too, when named). */
typedef struct role_owners {
	int64_t id[TM_ROLE_COUNT];
	bool named[TM_ROLE_COUNT];   /* stored for the launch or given now (else pmm follows marketing) */
} role_owners;

/* The owners a launch has (l's pm and marketing, and those stored for it). */
static int stored_owners(tm_app *app, const tm_launch *l, role_owners *ro, tm_error *err)
{
	tm_role_owners stored = TM_VEC_INIT;
	memset(ro, 0, sizeof(*ro));
	ro->id[TM_ROLE_PM] = l->pm_id;
	ro->id[TM_ROLE_MARKETING] = l->marketing_id;
	ro->id[TM_ROLE_PMM] = l->marketing_id;
	int rc = l->id ? app->st->ops->launches->owners(app->st, l->id, &stored, err) : 0;
	for (size_t i = 0; i < stored.n && !rc; i++) {
		ro->id[stored.v[i].role] = stored.v[i].person_id;
		ro->named[stored.v[i].role] = true;
	}
	TM_VEC_FREE(&stored);
	return rc;
}

int tm_app_role_owner(tm_app *app, const tm_launch *l, int role, int64_t *person_id, tm_error *err)
{
	role_owners ro;
	int rc = stored_owners(app, l, &ro, err);
	*person_id = !rc && role >= 0 && role < TM_ROLE_COUNT ? ro.id[role] : 0;
	return rc;
}

/*
 * The owners after this input: those the launch has, then the input's PM and marketing owner (l's
 * pm_id and marketing_id), then the owners it names for roles; a role nobody names follows the launch's
 * PM (pm) or marketing owner (marketing, pmm).
 */
static int parse_owners(tm_app *app, const tm_launch_input *in, tm_launch *l, role_owners *ro, tm_error *err)
{
	int rc = stored_owners(app, l, ro, err);
	for (int i = 0; i < in->owners.n && !rc; i++) {
		tm_person p;
		int r = in->owners.v[i].role;
		if ((rc = find_person(app, "owners", in->owners.v[i].person, &p, err)))
			return rc;
		ro->id[r] = p.id;
		ro->named[r] = true;
	}
	if (!ro->named[TM_ROLE_PM])
		ro->id[TM_ROLE_PM] = l->pm_id;
	if (!ro->named[TM_ROLE_MARKETING])
		ro->id[TM_ROLE_MARKETING] = l->marketing_id;
	if (!ro->named[TM_ROLE_PMM])
		ro->id[TM_ROLE_PMM] = l->marketing_id;
	return rc;
}

/* Stores the owners the input names for roles (inside the transaction), and
 * says when the tier brings no task of that role: the owner will own the role's tasks added later. */
static int store_owners(tm_app *app, const tm_launch_input *in, const tm_launch *l, const role_owners *ro,
			const tm_tasks *tasks, tm_notes *notes, tm_error *err)
{
	const tm_playbook *pb = NULL;
	int rc = 0;
	for (int i = 0; i < in->owners.n && !rc; i++) {
		int r = in->owners.v[i].role;
		if ((rc = app->st->ops->launches->owner_set(app->st, l->id, r, ro->id[r], err)))
			break;
		bool has = false;
		for (size_t k = 0; tasks && k < tasks->n; k++)
			has |= tasks->v[k].role == r;
		if (!has && !(rc = tm_app_playbook(app, &pb, err))) {
			const tm_pb_tier *t = tm_playbook_tier(pb, l->tier);
			for (size_t k = 0; k < t->tasks.n; k++)
				has |= t->tasks.v[k].role == r;
		}
		tm_person p;
		if (!has && !rc && !(rc = app->st->ops->people->get(app->st, ro->id[r], &p, err)))
			tm_note_add(notes, "no tier %d task is owned by %s: %s will own %s tasks added later", l->tier,
				    tm_role_name(r), p.name, tm_role_name(r));
	}
	return rc;
}

/* Finds a free slug for name: "name", "name-2", "name-3" … */
static int unique_slug(tm_app *app, const char *name, char *out, tm_error *err)
{
	char base[61]; /* room for "-NNNNNNNNNN" within TM_SLUG_MAX */
	tm_slugify(name, base, sizeof(base));
	snprintf(out, TM_SLUG_MAX + 1, "%s", base);
	for (int n = 2;; n++) {
		bool taken = false;
		int rc = app->st->ops->launches->slug_taken(app->st, out, &taken, err);
		if (rc || !taken)
			return rc;
		snprintf(out, TM_SLUG_MAX + 1, "%s-%d", base, n);
	}
}

/* "pmm, keynote, pr …": the playbook's stream ids, for a message. */
static void stream_names(const tm_playbook *pb, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < pb->n_streams && o < n; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%s", i ? ", " : "", pb->streams[i].key);
	if (!pb->n_streams)
		snprintf(out, n, "the playbook in force has none");
}

/*
 * The input's DRIs checked against the playbook in force (a stream it does not have is TM_EINVAL on
 * "dris") and their people found (ids[i], 0: the stream's DRI is removed). Before the transaction.
 */
static int parse_dris(tm_app *app, const tm_dri_list *in, int64_t *ids, tm_error *err)
{
	const tm_playbook *pb;
	int rc = in->n ? tm_app_playbook(app, &pb, err) : 0;
	for (int i = 0; i < in->n && !rc; i++) {
		tm_person p;
		if (tm_playbook_stream(pb, in->v[i].stream) < 0) {
			char names[400];
			stream_names(pb, names, sizeof(names));
			return tm_fail_field(err, TM_EINVAL, "dris", "unknown stream '%s' (%s)", in->v[i].stream, names);
		}
		ids[i] = 0;
		if (in->v[i].person[0] && !(rc = find_person(app, "dris", in->v[i].person, &p, err)))
			ids[i] = p.id;
	}
	return rc;
}

/* Stores the DRIs parse_dris checked (inside the transaction); notes a stream the launch's tier does not run. */
static int store_dris(tm_app *app, const tm_launch *l, const tm_dri_list *in, const int64_t *ids, tm_notes *notes,
		      tm_error *err)
{
	const tm_playbook *pb;
	int rc = in->n ? tm_app_playbook(app, &pb, err) : 0;
	for (int i = 0; i < in->n && !rc; i++) {
		/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): parse_dris set ids[0..in->n), and in->n stays */
		if ((rc = app->st->ops->launches->dri_set(app->st, l->id, in->v[i].stream, ids[i], err)))
			break;
		const tm_pb_tier *t = tm_playbook_tier(pb, l->tier);
		int s = tm_playbook_stream(pb, in->v[i].stream);
		bool runs = false;
		for (int k = 0; k < t->n_streams; k++)
			runs |= t->streams[k] == s;
		if (ids[i] && !runs)
			tm_note_add(notes, "tier %d runs no %s stream (%s): its DRI is kept for when the launch does", l->tier,
				    in->v[i].stream, pb->streams[s].name);
	}
	return rc;
}

/*
 * The sponsor as the owners' list sees it: --sponsor P is --owner exec=P (the exec tasks go to them). A
 * launch that names exec both ways is refused. *clear: the sponsor was given as nobody (back to the CPO).
 */
static int sponsor_owner(const tm_launch_input *in, tm_launch_input *out, bool *clear, tm_error *err)
{
	*out = *in;
	*clear = false;
	if (!TM_GIVEN(in, TM_LI_SPONSOR))
		return 0;
	for (int i = 0; i < in->owners.n; i++)
		if (in->owners.v[i].role == TM_ROLE_EXEC)
			return tm_fail_field(err, TM_EINVAL, "sponsor",
					     "{} and the owner of exec name the same thing (the executive sponsor): give one");
	if (!in->sponsor[0]) {
		*clear = true;
		return 0;
	}
	if (out->owners.n >= (int)(sizeof(out->owners.v) / sizeof(out->owners.v[0])))
		return tm_fail_field(err, TM_EINVAL, "owners", "{} names too many roles");
	out->owners.v[out->owners.n].role = TM_ROLE_EXEC;
	snprintf(out->owners.v[out->owners.n].person, sizeof(out->owners.v[0].person), "%s", in->sponsor);
	out->owners.n++;
	return 0;
}

/* find_person names the field a person is not found for: "owners" for the sponsor's exec row is "sponsor". */
static int sponsor_field(const tm_launch_input *in, int rc, tm_error *err)
{
	if (rc == TM_ENOTFOUND && TM_GIVEN(in, TM_LI_SPONSOR) && !strcmp(err->field, "owners")) {
		bool named = false;
		for (int i = 0; i < in->owners.n; i++)
			named |= !strcmp(in->owners.v[i].person, in->sponsor);
		if (!named || strstr(err->msg, in->sponsor))
			snprintf(err->field, sizeof(err->field), "sponsor");
	}
	return rc;
}

/*
 * Adds the tasks of tier `tier` that the launch does not have yet (matched
 * by title), and the dependencies the playbook gives between them and the
 * tasks already there. existing may be empty (a new launch).
 */
static int add_tier_tasks(tm_app *app, const tm_launch *l, const tm_pb_tier *tier, const role_owners *ro,
			  const tm_tasks *existing, int *added, tm_error *err)
{
	tm_store *st = app->st;
	const tm_calendar *cal = tm_app_calendar(app);
	int64_t *ids = tm_xcalloc(tier->tasks.n ? tier->tasks.n : 1, sizeof(*ids));
	bool *is_new = tm_xcalloc(tier->tasks.n ? tier->tasks.n : 1, sizeof(*is_new));
	tm_deps deps = TM_VEC_INIT;
	int rc = 0, pos = 0;
	*added = 0;
	for (size_t i = 0; i < existing->n; i++)
		if (existing->v[i].position > pos)
			pos = existing->v[i].position;
	for (size_t i = 0; i < tier->tasks.n && !rc; i++) {
		const tm_pb_task *pt = &tier->tasks.v[i];
		for (size_t j = 0; j < existing->n; j++)
			if (!strcasecmp(existing->v[j].title, pt->title))
				ids[i] = existing->v[j].id;
		if (ids[i])
			continue;
		tm_task t;
		memset(&t, 0, sizeof(t));
		t.launch_id = l->id;
		t.position = ++pos;
		snprintf(t.title, sizeof(t.title), "%s", pt->title);
		snprintf(t.section, sizeof(t.section), "%s", pt->section);
		snprintf(t.reviewers, sizeof(t.reviewers), "%s", pt->reviewers);
		t.role = pt->role;
		t.owner_id = pt->role >= 0 ? ro->id[pt->role] : 0;
		/* Seed 001's stream and external copy, seed 000's co-owner; a product milestone's date is
		 * engineering's to give (task set --due), not an offset from T. */
		snprintf(t.stream, sizeof(t.stream), "%s", pt->stream);
		t.external = pt->external;
		t.co_role = pt->co_role;
		t.product = pt->product;
		t.has_offset = !pt->product;
		t.offset = pt->due;
		t.has_due = !pt->product;
		if (!pt->product && (rc = tm_app_resolve(&pt->due, l->date, cal, pt->title, "would be due", &t.due, err)))
			break;
		t.effort_days = pt->effort_days;
		t.status = TM_TASK_TODO;
		t.required = pt->required;
		t.milestone = pt->milestone;
		t.source_tier = tier->tier;
		rc = st->ops->tasks->add(st, &t, err);
		ids[i] = t.id;
		is_new[i] = true;
		(*added)++;
		/* The playbook's reviewing roles, as the people who own them on this launch. */
		int64_t people[TM_REVIEWERS_MAX];
		int n = 0;
		for (const char *r = pt->reviewers; !rc && r && *r;) {
			char role[24];
			size_t len = strcspn(r, ",");
			snprintf(role, sizeof(role), "%.*s", (int)(len < 23 ? len : 23), r);
			int k = tm_role_parse(role);
			bool dup = false;
			for (int j = 0; k >= 0 && j < n; j++)
				dup |= people[j] == ro->id[k];
			if (k >= 0 && ro->id[k] && ro->id[k] != t.owner_id && !dup && n < TM_REVIEWERS_MAX)
				people[n++] = ro->id[k];
			r = r[len] ? r + len + 1 : NULL;
		}
		if (!rc && n)
			rc = st->ops->tasks->reviewers_set(st, t.id, people, n, err);
	}
	if (!rc && existing->n)
		rc = st->ops->tasks->dep_list(st, l->id, &deps, err);
	for (size_t i = 0; i < tier->tasks.n && !rc; i++) {
		const tm_pb_task *pt = &tier->tasks.v[i];
		for (int a = 0; a < pt->n_after && !rc; a++) {
			int j = pt->after[a];
			if (!is_new[i] && !is_new[j])
				continue; /* both were there: the user's dependencies stand */
			if (existing->n) {
				int64_t cyc[8];
				bool dup = false;
				for (size_t k = 0; k < deps.n; k++)
					dup |= deps.v[k].task == ids[i] && deps.v[k].after == ids[j];
				if (dup || tm_dep_cycle(deps.v, deps.n, ids[i], ids[j], cyc, 8))
					continue; /* the user rewired these tasks: do not fight it */
				tm_dep *d = TM_VEC_PUSH(&deps);
				d->task = ids[i];
				d->after = ids[j];
			}
			rc = st->ops->tasks->dep_add(st, ids[i], ids[j], err);
		}
	}
	TM_VEC_FREE(&deps);
	free(ids);
	free(is_new);
	return rc;
}

/*
 * The launch's executive sponsor (seed 002): the owner of its exec role, else the person whose title
 * is CPO (any case), its sponsor by default. out->id 0: neither.
 */
static int find_sponsor(tm_app *app, const tm_role_owners *owners, tm_person *out, bool *by_default, tm_error *err)
{
	memset(out, 0, sizeof(*out));
	*by_default = false;
	for (size_t i = 0; i < owners->n; i++)
		if (owners->v[i].role == TM_ROLE_EXEC)
			return app->st->ops->people->get(app->st, owners->v[i].person_id, out, err);
	tm_people people = TM_VEC_INIT;
	int rc = app->st->ops->people->list(app->st, &people, err);
	for (size_t i = 0; i < people.n && !rc; i++)
		if (tm_text_equal_fold(people.v[i].title, "CPO")) {
			*out = people.v[i];
			*by_default = true;
			break;
		}
	TM_VEC_FREE(&people);
	return rc;
}

static int load_detail(tm_app *app, int64_t launch_id, tm_launch_detail *out, tm_error *err)
{
	const tm_playbook *pb;
	int rc = app->st->ops->launches->get(app->st, launch_id, &out->launch, err);
	if (!rc)
		rc = app->st->ops->tasks->list(app->st, launch_id, NULL, &out->tasks, err);
	if (!rc)
		rc = app->st->ops->history->date_change_list(app->st, launch_id, &out->history, err);
	if (!rc)
		rc = app->st->ops->launches->owners(app->st, launch_id, &out->owners, err);
	if (!rc)
		rc = app->st->ops->launches->dris(app->st, launch_id, &out->dris, err);
	if (!rc)
		rc = app->st->ops->notify->watchers(app->st, launch_id, &out->watchers, err);
	/* Each stream by its name in the playbook in force ("" for a stream it no longer has). */
	if (!rc && out->dris.n && !(rc = tm_app_playbook(app, &pb, err)))
		for (size_t i = 0; i < out->dris.n; i++) {
			int k = tm_playbook_stream(pb, out->dris.v[i].stream);
			snprintf(out->dris.v[i].name, sizeof(out->dris.v[i].name), "%s", k >= 0 ? pb->streams[k].name : "");
		}
	if (!rc)
		rc = find_sponsor(app, &out->owners, &out->sponsor, &out->sponsor_default, err);
	/* The backlog item it came from (backlog promote): launch show and its JSON name it. */
	tm_idea idea;
	if (!rc && !(rc = tm_app_backlog_of_launch(app, launch_id, &idea, err)) && idea.id) {
		out->idea_id = idea.id;
		snprintf(out->idea_title, sizeof(out->idea_title), "%s", idea.title);
	}
	return rc;
}

/* Does a task title mention one of the channel's words? */
static bool covers(const tm_pb_channel *c, const char *title)
{
	for (int m = 0; m < c->n_match; m++) {
		size_t n = strlen(c->match[m]);
		for (const char *p = title; *p; p++)
			if (!strncasecmp(p, c->match[m], n))
				return true;
	}
	return false;
}

int tm_app_channels(tm_app *app, const char *launch_ref, tm_launch_channels *out, tm_error *err)
{
	const tm_playbook *pb;
	tm_tasks tasks = TM_VEC_INIT;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = app->st->ops->launches->find(app->st, launch_ref, &out->launch, err)) || (rc = tm_app_playbook(app, &pb, err)))
		return rc;
	if (out->launch.quadrant < 0)
		return tm_fail_field(err, TM_EINVAL, "quadrant",
				     "launch '%s' has no quadrant yet: tminus launch set %s --quadrant attract-innovating|attract-catching-up|delight-innovating|delight-catching-up",
				     out->launch.slug, out->launch.slug);
	if ((rc = app->st->ops->tasks->list(app->st, out->launch.id, NULL, &tasks, err)))
		return rc;
	int q = out->launch.quadrant, t = out->launch.tier - 1;
	for (int i = 0; i < pb->n_mix[q][t]; i++) {
		tm_channel_use *u = &out->uses[out->n_uses++];
		u->channel = &pb->channels[pb->mix[q][t][i]];
		/* A skipped task covers its channel too: the team chose not to do it, and it is not added again. */
		for (size_t k = 0; k < tasks.n && u->n_tasks < 8; k++)
			if (covers(u->channel, tasks.v[k].title)) {
				u->skipped[u->n_tasks] = tasks.v[k].status == TM_TASK_SKIPPED;
				u->task_ids[u->n_tasks++] = tasks.v[k].id;
			}
		out->missing += !u->n_tasks;
	}
	tm_tasks_free(&tasks);
	return 0;
}

/* The launch's task that a playbook task id of its tier names (matched by title), or 0. */
static int64_t task_by_key(const tm_playbook *pb, const tm_launch *l, const tm_tasks *tasks, const char *key)
{
	const tm_pb_tier *tier = tm_playbook_tier(pb, l->tier);
	int i = tm_pb_tier_find_key(tier, key);
	for (size_t k = 0; i >= 0 && k < tasks->n; k++)
		if (!strcasecmp(tasks->v[k].title, tier->tasks.v[i].title) && tasks->v[k].status != TM_TASK_SKIPPED)
			return tasks->v[k].id;
	return 0;
}

/* Adds a task for each channel of the mix the launch does not cover (inside the caller's transaction),
 * waiting for the tasks the channel names (external copy waits for Messaging approved). */
static int add_channel_tasks(tm_app *app, const tm_launch *l, const role_owners *ro, int *added, tm_error *err)
{
	tm_launch_channels ch;
	tm_tasks tasks = TM_VEC_INIT;
	const tm_playbook *pb;
	char ref[32];
	int rc, pos = 0;
	*added = 0;
	snprintf(ref, sizeof(ref), "%lld", (long long)l->id);
	if ((rc = tm_app_playbook(app, &pb, err)) || (rc = tm_app_channels(app, ref, &ch, err)) ||
	    (rc = app->st->ops->tasks->list(app->st, l->id, NULL, &tasks, err)))
		goto out;
	for (size_t i = 0; i < tasks.n; i++)
		pos = tasks.v[i].position > pos ? tasks.v[i].position : pos;
	for (int i = 0; i < ch.n_uses && !rc; i++) {
		const tm_pb_channel *c = ch.uses[i].channel;
		if (ch.uses[i].n_tasks)
			continue;
		tm_task t = { .launch_id = l->id, .position = ++pos, .role = c->role, .co_role = TM_ROLE_NONE, .status = TM_TASK_TODO,
			      .required = true, .has_offset = true, .has_due = true, .offset = c->due,
			      .effort_days = c->effort_days };
		snprintf(t.title, sizeof(t.title), "%s", c->task);
		snprintf(t.section, sizeof(t.section), "Channels");
		t.owner_id = c->role >= 0 ? ro->id[c->role] : 0;
		rc = tm_app_resolve(&c->due, l->date, tm_app_calendar(app), t.title, "would be due", &t.due, err);
		if (!rc)
			rc = app->st->ops->tasks->add(app->st, &t, err);
		for (int a = 0; a < c->n_after && !rc; a++) {
			int64_t after = task_by_key(pb, l, &tasks, c->after[a]);
			if (after)
				rc = app->st->ops->tasks->dep_add(app->st, t.id, after, err);
		}
		(*added)++;
	}
out:
	tm_tasks_free(&tasks);
	return rc;
}

int tm_app_launch_add(tm_app *app, const tm_launch_input *given, tm_launch_detail *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_input with_sponsor;
	const tm_launch_input *in = &with_sponsor;
	int64_t dri_ids[16];
	bool clear_sponsor;
	const tm_playbook *pb;
	tm_launch l;
	tm_person pm, mk;
	role_owners ro;
	tm_tasks none = TM_VEC_INIT;
	tm_notes owner_notes = TM_VEC_INIT;
	int added = 0, rc;

	memset(&l, 0, sizeof(l));
	if ((rc = tm_input_check(&tm_launch_desc, TM_IN_CREATE, given, err)) ||
	    (rc = sponsor_owner(given, &with_sponsor, &clear_sponsor, err)))
		return rc;
	l.quadrant = TM_GIVEN(in, TM_LI_QUADRANT) ? in->quadrant : TM_QUADRANT_NONE;
	if (in->add_channel_tasks && l.quadrant < 0)
		return tm_fail_field(err, TM_EINVAL, "quadrant", "adding the channel tasks needs a quadrant ({})");
	l.date = in->date;
	tm_tier_suggestion sug = { 0 };
	bool suggested = tm_tier_criteria_any(&in->criteria);
	bool tiered = TM_GIVEN(in, TM_LI_TIER);
	if (suggested && (rc = tm_tier_suggest(&in->criteria, &sug, err)))
		return tm_with_field(err, "criteria", rc);
	if (!tiered && !suggested)
		return tm_fail_field(err, TM_EINVAL, "tier",
				     "missing {}: give a tier from 1 to 4, or describe the launch (major, significant, enhancement, bugfix, new market, revenue impact) and tminus suggests one");
	l.tier = tiered ? in->tier : sug.tier;
	l.confidence = TM_GIVEN(in, TM_LI_CONFIDENCE) ? in->confidence : TM_CONF_MEDIUM;
	l.status = TM_LAUNCH_PLANNED;
	snprintf(l.name, sizeof(l.name), "%s", given->name);
	if ((rc = tm_app_playbook(app, &pb, err)))
		return rc;
	if ((rc = find_person(app, "pm", TM_GIVEN(in, TM_LI_PM) ? in->pm : NULL, &pm, err)) ||
	    (rc = find_person(app, "marketing", TM_GIVEN(in, TM_LI_MARKETING) ? in->marketing : NULL, &mk, err)))
		return rc;
	l.pm_id = pm.id;
	l.marketing_id = mk.id;
	if ((rc = sponsor_field(given, parse_owners(app, in, &l, &ro, err), err)) ||
	    (rc = parse_dris(app, &in->dris, dri_ids, err)))
		return rc;

	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = unique_slug(app, l.name, l.slug, err);
	if (!rc)
		rc = st->ops->launches->add(st, &l, err);
	if (!rc)
		rc = store_owners(app, in, &l, &ro, NULL, &owner_notes, err);
	if (!rc)
		rc = store_dris(app, &l, &in->dris, dri_ids, &owner_notes, err);
	if (!rc)
		rc = add_tier_tasks(app, &l, tm_playbook_tier(pb, l.tier), &ro, &none, &added, err);
	int channel_tasks = 0;
	if (!rc && in->add_channel_tasks)
		rc = add_channel_tasks(app, &l, &ro, &channel_tasks, err);
	if (!rc)
		rc = tm_app_audit(app, "launch.add", NULL, tm_app_audit_launch(app, l.id), err, "launch %lld", (long long)l.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		rc = load_detail(app, l.id, out, err);
	if (!rc && suggested && !tiered)
		tm_note_add(&out->notes, "tier %d suggested from the criteria: %s", sug.tier, sug.rationale);
	else if (!rc && suggested && sug.tier != in->tier)
		tm_note_add(&out->notes, "you chose tier %d; the criteria suggest tier %d (%s)", in->tier, sug.tier, sug.rationale);
	if (!rc)
		tm_note_add(&out->notes, "created %d %s from the tier %d playbook (%s)", added, tm_plural(added, "task", "tasks"), l.tier,
			    tm_playbook_tier(pb, l.tier)->name);
	if (!rc && channel_tasks)
		tm_note_add(&out->notes, "added %d channel %s for the %s mix", channel_tasks, tm_plural(channel_tasks, "task", "tasks"),
			    tm_quadrant_name(l.quadrant));
	for (size_t i = 0; !rc && i < owner_notes.n; i++)
		*TM_VEC_PUSH(&out->notes) = owner_notes.v[i];
	TM_VEC_FREE(&owner_notes);
	if (!rc && (rc = tm_app_change_warnings(app, l.id, &out->warnings, err)) == 0)
		out->warned = true;
	return rc;
}

int tm_app_launch_add_preview(tm_app *app, const tm_launch_input *in, tm_launch_detail *out, tm_error *err)
{
	bool nested;
	memset(out, 0, sizeof(*out));
	int rc = tm_app_preview_begin(app, &nested, err);
	if (rc)
		return rc;
	rc = tm_app_launch_add(app, in, out, err);
	tm_app_preview_end(app, nested);
	return rc;
}

int tm_app_launch_get(tm_app *app, const char *ref, tm_launch *out, tm_error *err)
{
	return app->st->ops->launches->find(app->st, ref, out, err);
}

int tm_app_launch_show(tm_app *app, const char *ref, tm_launch_detail *out, tm_error *err)
{
	tm_launch l;
	int rc = app->st->ops->launches->find(app->st, ref, &l, err);
	if (rc)
		return rc;
	return load_detail(app, l.id, out, err);
}

/* Gives a role's open tasks that the old owner (or nobody) held to the new owner. */
static int reassign_role(tm_app *app, const tm_tasks *tasks, int role, int64_t old_id, int64_t new_id,
			 int *moved, tm_error *err)
{
	for (size_t i = 0; i < tasks->n; i++) {
		tm_task t = tasks->v[i];
		if (t.role != role || t.status == TM_TASK_DONE || t.status == TM_TASK_SKIPPED)
			continue;
		if (t.owner_id != old_id && t.owner_id != 0)
			continue;
		if (t.owner_id == new_id)
			continue;
		t.owner_id = new_id;
		t.depends_on = NULL;
		int rc = app->st->ops->tasks->update(app->st, &t, err);
		if (rc)
			return rc;
		(*moved)++;
	}
	return 0;
}

/* reassign_role for a changed --pm or --marketing, with a note of what moved. */
static int reassign_owner(tm_app *app, const tm_tasks *tasks, int role, int64_t old_id, int64_t new_id,
			  tm_notes *notes, tm_error *err)
{
	int moved = 0;
	if (old_id == new_id)
		return 0;
	int rc = reassign_role(app, tasks, role, old_id, new_id, &moved, err);
	if (!rc && moved)
		tm_note_add(notes, "%d open %s %s now owned by the new owner", moved, tm_role_name(role), tm_plural(moved, "task", "tasks"));
	return rc;
}

/* The launch's DRIs and sponsor as the audit log records them beside the launch: {"dris": {...}, "sponsor": …}. */
static json_t *audit_people(tm_app *app, int64_t launch_id, json_t *j)
{
	tm_launch_detail d;
	tm_error ignored = TM_ERROR_INIT;
	memset(&d, 0, sizeof(d));
	if (!j)
		return NULL;
	if (!app->st->ops->launches->owners(app->st, launch_id, &d.owners, &ignored) &&
	    !app->st->ops->launches->dris(app->st, launch_id, &d.dris, &ignored)) {
		json_t *dris = json_object();
		for (size_t i = 0; i < d.dris.n; i++)
			json_object_set_new(dris, d.dris.v[i].stream, json_string(d.dris.v[i].person));
		json_object_set_new(j, "dris", dris);
		const char *sponsor = NULL;
		for (size_t i = 0; i < d.owners.n; i++)
			if (d.owners.v[i].role == TM_ROLE_EXEC)
				sponsor = d.owners.v[i].person;
		json_object_set_new(j, "sponsor", sponsor ? json_string(sponsor) : json_null());
	}
	tm_launch_detail_release(&d);
	return j;
}

int tm_app_launch_set(tm_app *app, const char *ref, const tm_launch_input *given, tm_launch_detail *out,
		      tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_input with_sponsor;
	const tm_launch_input *in = &with_sponsor;
	int64_t dri_ids[16];
	bool clear_sponsor;
	bool people = TM_GIVEN(given, TM_LI_DRIS) || TM_GIVEN(given, TM_LI_SPONSOR);
	json_t *audit_before = NULL;
	tm_launch l, before;
	tm_tasks tasks = TM_VEC_INIT;
	tm_notes notes = TM_VEC_INIT;
	const tm_playbook *pb = NULL;
	role_owners ro;
	int rc;

	if ((rc = tm_input_check(&tm_launch_desc, TM_IN_CHANGE, given, err)) ||
	    (rc = sponsor_owner(given, &with_sponsor, &clear_sponsor, err)) || (rc = st->ops->launches->find(st, ref, &l, err)))
		return rc;
	before = l;
	if (TM_GIVEN(in, TM_LI_NAME))
		snprintf(l.name, sizeof(l.name), "%s", given->name);
	if (TM_GIVEN(in, TM_LI_TIER))
		l.tier = in->tier;
	if (TM_GIVEN(in, TM_LI_CONFIDENCE))
		l.confidence = in->confidence;
	if (TM_GIVEN(in, TM_LI_QUADRANT))
		l.quadrant = in->quadrant;
	if (in->add_channel_tasks && l.quadrant < 0)
		return tm_fail_field(err, TM_EINVAL, "quadrant", "adding the channel tasks needs a quadrant ({})");
	if (TM_GIVEN(in, TM_LI_STATUS))
		l.status = in->status;
	tm_person p;
	if (TM_GIVEN(in, TM_LI_PM)) {
		if ((rc = find_person(app, "pm", in->pm, &p, err)))
			return rc;
		l.pm_id = p.id;
	}
	if (TM_GIVEN(in, TM_LI_MARKETING)) {
		if ((rc = find_person(app, "marketing", in->marketing, &p, err)))
			return rc;
		l.marketing_id = p.id;
	}
	if ((rc = sponsor_field(given, parse_owners(app, in, &l, &ro, err), err)) ||
	    (rc = parse_dris(app, &in->dris, dri_ids, err)))
		return rc;
	if (l.tier != before.tier && (rc = tm_app_playbook(app, &pb, err)))
		return rc;

	role_owners was;
	if ((rc = stored_owners(app, &before, &was, err)))
		return rc;

	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->launches->update(st, &l, err);
	/* The ideas promoted to it follow its status: planned, launched, validating again when cancelled. */
	if (!rc && l.status != before.status)
		rc = tm_app_backlog_follow_launch(app, l.id, l.status, err);
	if (!rc)
		rc = st->ops->tasks->list(st, l.id, NULL, &tasks, err);
	if (!rc && people)
		audit_before = audit_people(app, l.id, tm_json_launch(&before, NULL));
	if (!rc)
		rc = store_owners(app, in, &l, &ro, &tasks, &notes, err);
	if (!rc)
		rc = store_dris(app, &l, &in->dris, dri_ids, &notes, err);
	/* No sponsor named: the CPO is the launch's sponsor by default again. */
	if (!rc && clear_sponsor && was.named[TM_ROLE_EXEC])
		rc = st->ops->launches->owner_set(st, l.id, TM_ROLE_EXEC, 0, err);
	/* Tier 1 is the biggest launch: a smaller number raises the tier. */
	if (!rc && l.tier > before.tier) {
		const tm_pb_tier *nt = tm_playbook_tier(pb, l.tier);
		int kept = 0;
		for (size_t i = 0; i < tasks.n; i++)
			kept += tasks.v[i].source_tier && tm_pb_tier_find(nt, tasks.v[i].title) < 0;
		tm_note_add(&notes, "tier lowered from %d to %d (less go-to-market work): kept all %zu %s, %d of which tier %d does not bring (skip them with 'tminus task set ID --status skipped')",
			    before.tier, l.tier, tasks.n, tm_plural((long long)tasks.n, "task", "tasks"), kept, l.tier);
	}
	if (!rc && l.tier < before.tier) {
		int added = 0;
		rc = add_tier_tasks(app, &l, tm_playbook_tier(pb, l.tier), &ro, &tasks, &added, err);
		if (!rc)
			tm_note_add(&notes, "tier raised from %d to %d (more go-to-market work): added %d %s the tier %d playbook brings", before.tier,
				    l.tier, added, tm_plural(added, "task", "tasks"), l.tier);
	}
	rc = rc ? rc : reassign_owner(app, &tasks, TM_ROLE_PM, was.id[TM_ROLE_PM], ro.id[TM_ROLE_PM], &notes, err);
	rc = rc ? rc : reassign_owner(app, &tasks, TM_ROLE_MARKETING, was.id[TM_ROLE_MARKETING], ro.id[TM_ROLE_MARKETING],
				      &notes, err);
	rc = rc ? rc : reassign_owner(app, &tasks, TM_ROLE_PMM, was.id[TM_ROLE_PMM], ro.id[TM_ROLE_PMM], &notes, err);
	if (!rc && in->add_channel_tasks) {
		int added = 0;
		rc = add_channel_tasks(app, &l, &ro, &added, err);
		if (!rc && added)
			tm_note_add(&notes, "added %d channel %s for the %s mix", added, tm_plural(added, "task", "tasks"),
				    tm_quadrant_name(l.quadrant));
		else if (!rc)
			tm_note_add(&notes, "every channel of the %s mix already has a task", tm_quadrant_name(l.quadrant));
	}
	/* A role's open tasks that its former owner or nobody held go to the owner named now. */
	for (int i = 0; i < in->owners.n && !rc; i++) {
		int r = in->owners.v[i].role, moved = 0;
		if (r == TM_ROLE_PM || r == TM_ROLE_MARKETING || r == TM_ROLE_PMM)
			continue; /* reassign_owner moved them */
		rc = reassign_role(app, &tasks, r, was.id[r], ro.id[r], &moved, err);
		if (!rc && moved)
			tm_note_add(&notes, "%d open %s task%s now owned by '%s'", moved, tm_role_name(r), moved == 1 ? "" : "s",
				    in->owners.v[i].person);
	}
	if (!rc && people)
		rc = tm_app_audit(app, "launch.update", audit_before, audit_people(app, l.id, tm_app_audit_launch(app, l.id)),
				  err, "launch %lld", (long long)l.id);
	else if (!rc)
		rc = tm_app_audit(app, "launch.update", tm_json_launch(&before, NULL), tm_app_audit_launch(app, l.id), err,
				  "launch %lld", (long long)l.id);
	else
		json_decref(audit_before);
	rc = tm_store_finish(st, rc, err);
	tm_tasks_free(&tasks);
	if (!rc)
		rc = load_detail(app, l.id, out, err);
	if (!rc) {
		out->notes = notes;
		notes.v = NULL;
		notes.n = 0;
	}
	TM_VEC_FREE(&notes);
	if (!rc && (rc = tm_app_change_warnings(app, l.id, &out->warnings, err)) == 0)
		out->warned = true;
	return rc;
}

int tm_app_launch_rm(tm_app *app, const char *ref, tm_launch *out, tm_error *err)
{
	tm_store *st = app->st;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = st->ops->launches->find(st, ref, out, err);
	if (!rc)
		rc = tm_app_backlog_launch_gone(app, out->id, err); /* its ideas are open again */
	if (!rc)
		rc = st->ops->launches->rm(st, out->id, err);
	if (!rc)
		rc = tm_app_audit(app, "launch.remove", tm_json_launch(out, NULL), NULL, err, "launch %lld",
				  (long long)out->id);
	return tm_store_finish(st, rc, err);
}

int tm_app_launch_list(tm_app *app, const tm_launch_query *q, tm_launches *out, tm_error *err)
{
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	int rc;
	if (q->tier && (q->tier < 1 || q->tier > TM_TIERS))
		return tm_fail_field(err, TM_EINVAL, "tier", "unknown tier '%d': tiers are 1, 2, 3 and 4", q->tier);
	f.tier = q->tier;
	if (q->status && (f.status = tm_launch_status_parse(q->status)) < 0)
		return tm_fail_field(err, TM_EINVAL, "status", "unknown launch status '%.40s' (planned, launched or cancelled)",
				     q->status);
	if (q->from) {
		if ((rc = tm_date_parse(q->from, &f.from, err)))
			return tm_with_field(err, "from", rc);
		f.has_from = true;
	}
	if (q->to) {
		if ((rc = tm_date_parse(q->to, &f.to, err)))
			return tm_with_field(err, "to", rc);
		f.has_to = true;
	}
	if (f.has_from && f.has_to && f.to < f.from)
		return tm_fail_field(err, TM_EINVAL, "to", "--to %s is before --from %s", q->to, q->from);
	if (q->owner) {
		tm_person p;
		if ((rc = tm_app_find_person(app, q->owner, &p, err)))
			return tm_with_field(err, "owner", rc);
		f.owner_id = p.id;
	}
	f.limit = q->limit;
	f.offset = q->offset;
	return app->st->ops->launches->list(app->st, &f, out, err);
}

int tm_app_tier_suggest(tm_app *app, const tm_tier_input *in, tm_tier_advice *out, tm_error *err)
{
	const tm_playbook *pb;
	int rc = tm_tier_suggest(&in->criteria, &out->suggestion, err);
	if (!rc && (rc = tm_app_playbook(app, &pb, err)) == 0)
		out->tier = tm_playbook_tier(pb, out->suggestion.tier);
	return rc;
}

/* Keeps the dependencies on tasks the launch had: a dry run's new tasks have no ids (they were taken back). */
static void forget_new_ids(tm_tasks *added, const tm_tasks *had)
{
	for (size_t i = 0; i < added->n; i++) {
		tm_task *t = &added->v[i];
		int n = 0;
		for (int k = 0; k < t->n_depends_on; k++) {
			bool kept = false;
			for (size_t j = 0; j < had->n && !kept; j++)
				kept = had->v[j].id == t->depends_on[k];
			if (kept)
				t->depends_on[n++] = t->depends_on[k];
		}
		t->n_depends_on = n;
		t->id = 0;
		t->version = 0;
	}
}

int tm_app_playbook_apply(tm_app *app, const char *launch_ref, bool dry_run, tm_launch_detail *out, tm_error *err)
{
	tm_store *st = app->st;
	const tm_playbook *pb;
	tm_tasks had = TM_VEC_INIT, now = TM_VEC_INIT;
	role_owners ro;
	bool nested = false;
	int added = 0, rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->ops->launches->find(st, launch_ref, &out->launch, err)) || (rc = tm_app_playbook(app, &pb, err)) ||
	    (rc = stored_owners(app, &out->launch, &ro, err)))
		return rc;
	if ((rc = dry_run ? tm_app_preview_begin(app, &nested, err) : st->ops->tx->begin(st, true, err)))
		return rc;
	const tm_pb_tier *tier = tm_playbook_tier(pb, out->launch.tier);
	rc = st->ops->tasks->list(st, out->launch.id, NULL, &had, err);
	if (!rc)
		rc = add_tier_tasks(app, &out->launch, tier, &ro, &had, &added, err);
	if (!rc)
		rc = st->ops->tasks->list(st, out->launch.id, NULL, &now, err);
	/* The tasks it added: those the launch did not have (in checklist order). */
	for (size_t i = 0; i < now.n && !rc; i++) {
		bool old = false;
		for (size_t j = 0; j < had.n && !old; j++)
			old = had.v[j].id == now.v[i].id;
		if (old)
			continue;
		*TM_VEC_PUSH(&out->tasks) = now.v[i];
		now.v[i].depends_on = NULL; /* moved */
		now.v[i].n_depends_on = 0;
	}
	if (!rc && !dry_run && added) {
		json_t *titles = json_array();
		for (size_t i = 0; i < out->tasks.n; i++)
			json_array_append_new(titles, json_string(out->tasks.v[i].title));
		rc = tm_app_audit(app, "launch.playbook_apply", NULL, json_pack("{s:I, s:o}", "tier", (json_int_t)out->launch.tier,
									       "added", titles),
				  err, "launch %lld", (long long)out->launch.id);
	}
	if (dry_run)
		tm_app_preview_end(app, nested);
	else
		rc = tm_store_finish(st, rc, err);
	if (!rc && dry_run)
		forget_new_ids(&out->tasks, &had);
	if (!rc && !dry_run)
		rc = st->ops->launches->get(st, out->launch.id, &out->launch, err);
	if (!rc && !added)
		tm_note_add(&out->notes, "'%s' has every task of the tier %d playbook (%s): nothing to add", out->launch.slug,
			    out->launch.tier, tier->name);
	else if (!rc)
		tm_note_add(&out->notes, "%s %d %s of the tier %d playbook (%s) that '%s' lacked", dry_run ? "would add" : "added",
			    added, tm_plural(added, "task", "tasks"), out->launch.tier, tier->name, out->launch.slug);
	tm_tasks_free(&had);
	tm_tasks_free(&now);
	if (rc)
		tm_launch_detail_release(out);
	return rc;
}
