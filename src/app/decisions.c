/*
 * decisions.c - the decision ledger (seed 003: "decisions documented"): what
 * was decided and why, the options considered and the one chosen, who
 * decided, and the launches, backlog items, experiments and roadmap items it
 * is about, each checked to exist when the decision is recorded (the ledger
 * keeps the link if the record goes later). Delays record theirs in delay.c;
 * closing an experiment records its own through the store.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "core/text.h"

#include "util/banned.h"

int tm_app_decision_list(tm_app *app, const char *launch_ref, tm_decisions *out, tm_error *err)
{
	tm_launch l = { 0 };
	int rc = launch_ref ? app->st->ops->launches->find(app->st, launch_ref, &l, err) : 0;
	return rc ? tm_with_field(err, "launch", rc) : app->st->ops->history->decision_list(app->st, l.id, out, err);
}

int tm_app_decision_search(tm_app *app, const char *launch_ref, const char *words, tm_decisions *out, tm_error *err)
{
	tm_launch l = { 0 };
	size_t bad = 0, n = words ? strlen(words) : 0;
	int rc;
	if (!n)
		return tm_app_decision_list(app, launch_ref, out, err);
	if (n > TM_TEXT_MAX)
		return tm_fail_field(err, TM_EINVAL, "search", "the words to search for are too long (%zu bytes, at most %d)",
				     n, TM_TEXT_MAX);
	if (!tm_utf8_valid(words, n, &bad))
		return tm_fail_field(err, TM_EINVAL, "search", "the words to search for are not valid UTF-8 at byte %zu",
				     bad + 1);
	if (launch_ref && (rc = app->st->ops->launches->find(app->st, launch_ref, &l, err)))
		return tm_with_field(err, "launch", rc);
	if ((rc = app->st->ops->history->decision_search(app->st, words, 0, out, err)) || !l.id)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].launch_id == l.id)
			out->v[k++] = out->v[i];
	out->n = k;
	return 0;
}

/* A decision's id: "12" or "#12". */
static int parse_id(const char *ref, const char *what, int64_t *id, tm_error *err)
{
	const char *s = ref && *ref == '#' ? ref + 1 : ref;
	int64_t v = 0;
	if (!s || !*s)
		return tm_fail(err, TM_EINVAL, "missing %s id", what);
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return tm_fail(err, TM_EINVAL, "invalid %s id '%.40s': expected a number such as 12", what, ref);
		v = v * 10 + (*s - '0');
	}
	if (!v)
		return tm_fail(err, TM_EINVAL, "invalid %s id '%.40s': expected a number such as 12", what, ref);
	*id = v;
	return 0;
}

int tm_app_decision_get(tm_app *app, const char *ref, tm_decision *out, tm_error *err)
{
	int64_t id = 0;
	int rc = parse_id(ref, "decision", &id, err);
	return rc ? rc : app->st->ops->history->decision_get(app->st, id, out, err);
}

/* Adds a link to d, once (a record named twice is one link). */
static int add_link(tm_decision *d, int kind, int64_t id, const char *label, const char *field, tm_error *err)
{
	for (int i = 0; i < d->nlinks; i++)
		if (d->links[i].kind == kind && d->links[i].id == id)
			return 0;
	if (d->nlinks >= TM_DECISION_LINKS_MAX)
		return tm_fail_field(err, TM_EINVAL, field, "a decision links at most %d records", TM_DECISION_LINKS_MAX);
	tm_decision_link *k = &d->links[d->nlinks++];
	k->kind = kind;
	k->id = id;
	snprintf(k->label, sizeof(k->label), "%.*s", (int)sizeof(k->label) - 1, label);
	return 0;
}

/* The records the input names, each checked to exist, as links of d. */
static int resolve_links(tm_app *app, const tm_decision_input *in, tm_decision *d, tm_error *err)
{
	tm_store *st = app->st;
	int rc = 0;
	for (int i = 0; !rc && i < in->ideas.n; i++) {
		tm_idea idea;
		int64_t id = 0;
		rc = parse_id(in->ideas.v[i], "backlog item", &id, err);
		rc = rc ? rc : st->ops->backlog->get(st, id, &idea, err);
		if (rc == TM_ENOTFOUND)
			tm_fail(err, rc, "unknown backlog item %lld", (long long)id);
		rc = rc ? tm_with_field(err, "ideas", rc) : add_link(d, TM_LINK_IDEA, idea.id, idea.title, "ideas", err);
	}
	for (int i = 0; !rc && i < in->experiments.n; i++) {
		tm_experiment e;
		rc = st->ops->experiments->find(st, in->experiments.v[i], &e, err);
		rc = rc ? tm_with_field(err, "experiments", rc)
			: add_link(d, TM_LINK_EXPERIMENT, e.id, e.name, "experiments", err);
	}
	for (int i = 0; !rc && i < in->roadmap.n; i++) {
		tm_roadmap_item it;
		int64_t id = 0;
		rc = parse_id(in->roadmap.v[i], "roadmap item", &id, err);
		rc = rc ? rc : st->ops->roadmap->get(st, id, &it, err);
		if (rc == TM_ENOTFOUND)
			tm_fail(err, rc, "unknown roadmap item %lld", (long long)id);
		rc = rc ? tm_with_field(err, "roadmap", rc) : add_link(d, TM_LINK_ROADMAP, it.id, it.title, "roadmap", err);
	}
	return rc;
}

/* The options, one per line, and the one chosen in its spelling among them. */
static int set_options(const tm_decision_input *in, tm_decision *d, tm_error *err)
{
	tm_buf opts = TM_BUF_INIT;
	int rc = 0, chosen = -1;
	for (int i = 0; i < in->options.n; i++) {
		for (int j = 0; j < i; j++)
			if (tm_text_equal_fold(in->options.v[i], in->options.v[j])) {
				rc = tm_fail_field(err, TM_EINVAL, "options", "option '%s' is given twice", in->options.v[i]);
				goto out;
			}
		if (TM_GIVEN(in, TM_DCI_CHOSEN) && tm_text_equal_fold(in->options.v[i], in->chosen))
			chosen = i;
		tm_buf_printf(&opts, "%s%s", i ? "\n" : "", in->options.v[i]);
	}
	if (opts.len > TM_TEXT_MAX) {
		rc = tm_fail_field(err, TM_EINVAL, "options", "the options are too long together (%zu bytes, at most %d)",
				   opts.len, TM_TEXT_MAX);
		goto out;
	}
	if (TM_GIVEN(in, TM_DCI_CHOSEN) && in->options.n && chosen < 0) {
		tm_buf names = TM_BUF_INIT;
		for (int i = 0; i < in->options.n; i++)
			tm_buf_printf(&names, "%s'%s'", i ? ", " : "", in->options.v[i]);
		rc = tm_fail_field(err, TM_EINVAL, "chosen", "{} '%s' is not one of the options (%s)", in->chosen, names.s);
		tm_buf_release(&names);
		goto out;
	}
	snprintf(d->options, sizeof(d->options), "%s", opts.s);
	snprintf(d->chosen, sizeof(d->chosen), "%s", chosen >= 0 ? in->options.v[chosen] : in->chosen);
out:
	tm_buf_release(&opts);
	return rc;
}

/* The decision as the audit log records it. */
static json_t *audit_json(const tm_decision *d)
{
	json_t *links = json_array();
	for (int i = 0; i < d->nlinks; i++)
		json_array_append_new(links, json_pack("{s:s, s:I}", "kind", tm_link_kind_names[d->links[i].kind], "id",
						       (json_int_t)d->links[i].id));
	return json_pack("{s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "launch", d->launch_id ? d->launch_slug : NULL, "what",
			 d->what, "why", d->why, "options", d->options, "chosen", d->chosen, "decided_by", d->decided_by,
			 "links", links);
}

int tm_app_decision_add(tm_app *app, const tm_decision_input *in, tm_decision *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch l = { 0 };
	tm_decision d = { .on = app->today };
	int rc;
	if ((rc = tm_input_check(&tm_decision_desc, TM_IN_CREATE, in, err)))
		return rc;
	if ((rc = set_options(in, &d, err)))
		return rc;
	snprintf(d.what, sizeof(d.what), "%s", in->what);
	snprintf(d.why, sizeof(d.why), "%s", in->why);
	snprintf(d.who, sizeof(d.who), "%s", app->user ? app->user : "");
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	if (TM_GIVEN(in, TM_DCI_LAUNCH) && (rc = st->ops->launches->find(st, in->launch, &l, err)))
		rc = tm_with_field(err, "launch", rc);
	d.launch_id = l.id;
	snprintf(d.launch_slug, sizeof(d.launch_slug), "%s", l.slug);
	if (!rc && TM_GIVEN(in, TM_DCI_DECIDED_BY) && in->decided_by[0]) {
		tm_person p;
		if ((rc = tm_app_find_person(app, in->decided_by, &p, err)))
			rc = tm_with_field(err, "decided_by", rc);
		else
			snprintf(d.decided_by, sizeof(d.decided_by), "%s", p.name);
	}
	if (!rc)
		rc = resolve_links(app, in, &d, err);
	if (!rc)
		rc = st->ops->history->decision_add(st, &d, err);
	if (!rc)
		rc = tm_app_audit(app, "decision.add", NULL, audit_json(&d), err, "decision %lld", (long long)d.id);
	rc = tm_store_finish(st, rc, err);
	/* Read back, with the links' labels as every read gives them. */
	if (!rc && st->ops->history->decision_get(st, d.id, out, err))
		*out = d;
	return rc;
}
