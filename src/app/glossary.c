/*
 * glossary.c - the shared glossary (seed 003): terms of the team's language
 * and personas, each in one transaction with its audit row. A term is unique
 * whatever its case (the store says so: TM_ECONFLICT on the field term).
 */
#include <stdio.h>
#include <string.h>

#include "app/glossary.h"
#include "app/internal.h"

#include "util/banned.h"

/* The entry as the audit log records it. */
static json_t *term_json(const tm_term *t)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)t->id, "term", t->term, "kind",
			 tm_term_kind_names[t->kind], "definition", t->definition, "role", t->role, "goals", t->goals,
			 "pains", t->pains, "version", (json_int_t)t->version);
}

/* Copies the fields given onto t. */
static void apply(const tm_term_input *in, tm_term *t)
{
	if (TM_GIVEN(in, TM_TI_TERM_TERM))
		snprintf(t->term, sizeof(t->term), "%s", in->term);
	if (TM_GIVEN(in, TM_TI_TERM_KIND))
		t->kind = in->kind;
	if (TM_GIVEN(in, TM_TI_TERM_DEFINITION))
		snprintf(t->definition, sizeof(t->definition), "%s", in->definition);
	if (TM_GIVEN(in, TM_TI_TERM_ROLE))
		snprintf(t->role, sizeof(t->role), "%s", in->role);
	if (TM_GIVEN(in, TM_TI_TERM_GOALS))
		snprintf(t->goals, sizeof(t->goals), "%s", in->goals);
	if (TM_GIVEN(in, TM_TI_TERM_PAINS))
		snprintf(t->pains, sizeof(t->pains), "%s", in->pains);
}

/* What an entry must be, whichever way it came: a term has a definition, and no persona's fields. */
static int check_term(const tm_term *t, tm_error *err)
{
	if (t->kind == TM_TERM_PERSONA)
		return 0;
	if (!t->definition[0])
		return tm_fail_field(err, TM_EINVAL, "definition", "term '%s' needs its definition ({})", t->term);
	static const struct {
		const char *field;
		size_t off;
	} persona_only[] = {
		{ "role", offsetof(tm_term, role) },
		{ "goals", offsetof(tm_term, goals) },
		{ "pains", offsetof(tm_term, pains) },
	};
	for (size_t i = 0; i < sizeof(persona_only) / sizeof(persona_only[0]); i++)
		if (((const char *)t + persona_only[i].off)[0])
			return tm_fail_field(err, TM_EINVAL, persona_only[i].field,
					     "{} is a persona's: '%s' is a term (make it kind persona, or leave {} out)",
					     t->term);
	return 0;
}

static int check_version(const tm_term *t, int64_t if_version, tm_error *err)
{
	if (if_version > 0 && t->version != if_version)
		return tm_fail(err, TM_ESTALE, "glossary term '%s' has changed (version %lld, not %lld): read it again",
			       t->term, (long long)t->version, (long long)if_version);
	return 0;
}

int tm_app_term_add(tm_app *app, const tm_term_input *in, tm_term *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_term t = { .kind = TM_TERM_TERM };
	int rc = tm_input_check(&tm_term_desc, TM_IN_CREATE, in, err);
	if (rc)
		return rc;
	apply(in, &t);
	if ((rc = check_term(&t, err)))
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->glossary->add(st, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "term.add", NULL, term_json(&t), err, "term %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = t;
	return rc;
}

/* The entry ref names, TM_ENOTFOUND naming the field term when none. */
static int find_term(tm_app *app, const char *ref, tm_term *out, tm_error *err)
{
	if (!ref || !*ref)
		return tm_fail_field(err, TM_EINVAL, "term", "missing glossary term: give the term or its id");
	return app->st->ops->glossary->find(app->st, ref, out, err);
}

int tm_app_term_set(tm_app *app, const char *ref, const tm_term_input *in, tm_term *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_term before, t;
	int rc = tm_input_check(&tm_term_desc, TM_IN_CHANGE, in, err);
	if (rc || (rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = find_term(app, ref, &before, err);
	if (!rc)
		rc = check_version(&before, in->if_version, err);
	if (!rc) {
		t = before;
		apply(in, &t);
		rc = check_term(&t, err);
	}
	if (!rc)
		rc = st->ops->glossary->update(st, &t, err);
	if (!rc)
		rc = tm_app_audit(app, "term.set", term_json(&before), term_json(&t), err, "term %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = t;
	return rc;
}

int tm_app_term_rm(tm_app *app, const char *ref, int64_t if_version, tm_term *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_term t;
	int rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = find_term(app, ref, &t, err);
	if (!rc)
		rc = check_version(&t, if_version, err);
	if (!rc)
		rc = st->ops->glossary->rm(st, t.id, err);
	if (!rc)
		rc = tm_app_audit(app, "term.rm", term_json(&t), NULL, err, "term %lld", (long long)t.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = t;
	return rc;
}

int tm_app_term_get(tm_app *app, const char *ref, tm_term *out, tm_error *err)
{
	return find_term(app, ref, out, err);
}

int tm_app_term_list(tm_app *app, const char *kind, tm_terms *out, tm_error *err)
{
	int k = -1;
	if (kind && *kind) {
		for (k = 0; tm_term_kind_names[k] && strcmp(tm_term_kind_names[k], kind); k++)
			;
		if (!tm_term_kind_names[k])
			return tm_fail_field(err, TM_EINVAL, "kind", "unknown kind '%.40s' (term or persona)", kind);
	}
	return app->st->ops->glossary->list(app->st, k, out, err);
}

int tm_app_personas_named(tm_app *app, const char *const *texts, size_t n, tm_terms *out, tm_error *err)
{
	tm_terms all = TM_VEC_INIT;
	int rc = app->st->ops->glossary->list(app->st, TM_TERM_PERSONA, &all, err);
	for (size_t i = 0; !rc && i < all.n; i++) {
		bool named = false;
		for (size_t k = 0; !named && k < n; k++)
			named = tm_glossary_mentions(texts[k], all.v[i].term);
		if (named)
			*TM_VEC_PUSH(out) = all.v[i];
	}
	TM_VEC_FREE(&all);
	return rc;
}
