/*
 * test_app_glossary.c - the glossary and the decision ledger through app/ on
 * every backend: terms and personas added, found in any case or by id,
 * changed at their version, removed; a term twice is a conflict; a decision
 * keeps its options, choice, decider and links (checked to exist when
 * recorded); the ledger is searched by words, each word a prefix and all
 * of them required, with hostile text read as plain words; briefs name the
 * personas of their audience. Every refusal names its field and changes
 * nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/backlog.h"
#include "app/experiments.h"
#include "app/glossary.h"
#include "app/roadmap.h"
#include "app_fixture.h"

#include "util/banned.h"

#define LAUNCH "usage-billing"

/* Dana Reyes (pm) and launch usage-billing (tier 2, 1 March 2027). */
static void seed(ws *w)
{
	tm_person_input pi;
	tm_person p;
	tm_launch_input li;
	tm_launch_detail d = { 0 };
	w->app.user = "Riley";
	IN(&tm_person_desc, &pi, "name=Dana Reyes", "role=pm");
	OK(w, tm_app_person_add(&w->app, &pi, &p, &w->err));
	IN(&tm_launch_desc, &li, "name=Usage billing", "date=2027-03-01", "tier=2", "pm=Dana Reyes");
	OK(w, tm_app_launch_add(&w->app, &li, &d, &w->err));
	tm_launch_detail_release(&d);
}

static tm_term add_persona(ws *w)
{
	tm_term_input in;
	tm_term t;
	IN(&tm_term_desc, &in, "term=RevOps Lead", "kind=persona", "role=Head of Revenue Operations",
	   "goals=One forecast the board trusts", "pains=Three spreadsheets that disagree");
	OK(w, tm_app_term_add(&w->app, &in, &t, &w->err));
	return t;
}

static void terms_and_personas_are_kept_and_found(void **state)
{
	ws *w = *state;
	tm_term_input in;
	tm_term arr, p, got;
	tm_terms all = TM_VEC_INIT, personas = TM_VEC_INIT;
	IN(&tm_term_desc, &in, "term=ARR", "definition=Annual recurring revenue");
	OK(w, tm_app_term_add(&w->app, &in, &arr, &w->err));
	assert_int_equal(arr.kind, TM_TERM_TERM);
	assert_int_equal(arr.version, 1);
	p = add_persona(w);
	assert_int_equal(p.kind, TM_TERM_PERSONA);

	/* Found by its term in any case, or by its id. */
	OK(w, tm_app_term_get(&w->app, "revops lead", &got, &w->err));
	assert_int_equal(got.id, p.id);
	assert_string_equal(got.role, "Head of Revenue Operations");
	assert_string_equal(got.pains, "Three spreadsheets that disagree");
	char ref[24];
	OK(w, tm_app_term_get(&w->app, ws_ref(arr.id, ref), &got, &w->err));
	assert_string_equal(got.term, "ARR");

	OK(w, tm_app_term_list(&w->app, NULL, &all, &w->err));
	assert_int_equal(all.n, 2);
	assert_string_equal(all.v[0].term, "ARR");
	assert_string_equal(all.v[1].term, "RevOps Lead");
	OK(w, tm_app_term_list(&w->app, "persona", &personas, &w->err));
	assert_int_equal(personas.n, 1);
	assert_int_equal(personas.v[0].id, p.id);

	/* A change at its version renames it; the old version is stale then. */
	IN(&tm_term_desc, &in, "term=Annual recurring revenue (ARR)", "definition=Yearly value of subscriptions");
	in.if_version = 1;
	OK(w, tm_app_term_set(&w->app, "arr", &in, &got, &w->err));
	assert_int_equal(got.version, 2);
	assert_string_equal(got.term, "Annual recurring revenue (ARR)");
	IN(&tm_term_desc, &in, "definition=again");
	in.if_version = 1;
	REFUSED(w, TM_ESTALE, "changed", tm_app_term_set(&w->app, ws_ref(arr.id, ref), &in, &got, &w->err));

	OK(w, tm_app_term_rm(&w->app, "REVOPS LEAD", 0, &got, &w->err));
	REFUSED(w, TM_ENOTFOUND, "unknown glossary term", tm_app_term_get(&w->app, "RevOps Lead", &got, &w->err));
	TM_VEC_FREE(&all);
	TM_VEC_FREE(&personas);
}

static void a_bad_glossary_entry_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	tm_term_input in;
	tm_term t;
	tm_terms ts = TM_VEC_INIT;
	IN(&tm_term_desc, &in, "term=ARR", "definition=Annual recurring revenue");
	OK(w, tm_app_term_add(&w->app, &in, &t, &w->err));
	add_persona(w);

	/* A term twice, whatever its case, is a conflict. */
	IN(&tm_term_desc, &in, "term=arr", "definition=again");
	REFUSED(w, TM_ECONFLICT, "already", tm_app_term_add(&w->app, &in, &t, &w->err));
	assert_string_equal(w->err.field, "term");
	/* Renamed onto another's term too. */
	IN(&tm_term_desc, &in, "term=ARR");
	REFUSED(w, TM_ECONFLICT, "already", tm_app_term_set(&w->app, "RevOps Lead", &in, &t, &w->err));
	/* A term needs its definition; a role is a persona's. */
	IN(&tm_term_desc, &in, "term=MRR");
	REFUSED(w, TM_EINVAL, "definition", tm_app_term_add(&w->app, &in, &t, &w->err));
	assert_string_equal(w->err.field, "definition");
	IN(&tm_term_desc, &in, "term=MRR", "definition=Monthly recurring revenue", "role=CFO");
	REFUSED(w, TM_EINVAL, "persona", tm_app_term_add(&w->app, &in, &t, &w->err));
	assert_string_equal(w->err.field, "role");
	/* Turning a persona with a role into a term is refused the same way. */
	IN(&tm_term_desc, &in, "kind=term", "definition=a team");
	REFUSED(w, TM_EINVAL, "persona", tm_app_term_set(&w->app, "RevOps Lead", &in, &t, &w->err));
	REFUSED(w, TM_EINVAL, "kind", tm_app_term_list(&w->app, "people", &ts, &w->err));
	REFUSED(w, TM_ENOTFOUND, "unknown glossary term", tm_app_term_rm(&w->app, "MRR", 0, &t, &w->err));
	TM_VEC_FREE(&ts);
}

/* A decision about the launch with two options, one chosen, decided by Dana. */
static tm_decision add_pricing_decision(ws *w, const char *more1, const char *more2)
{
	tm_decision_input in;
	tm_decision d;
	IN(&tm_decision_desc, &in, "launch=" LAUNCH, "what=Annual plans at 12% off", "why=The pricing test paid back in 4 months",
	   "options=Monthly only", "options=Annual at 12% off", "chosen=annual at 12% OFF", "decided_by=dana",
	   more1 ? more1 : "why=The pricing test paid back in 4 months", more2 ? more2 : "what=Annual plans at 12% off");
	OK(w, tm_app_decision_add(&w->app, &in, &d, &w->err));
	return d;
}

static void a_decision_keeps_its_options_choice_decider_and_links(void **state)
{
	ws *w = *state;
	seed(w);
	tm_idea_input ii;
	tm_idea idea;
	IN(&tm_idea_desc, &ii, "title=Annual plans", "kind=idea", "track=market");
	OK(w, tm_app_idea_add(&w->app, &ii, &idea, &w->err));
	tm_experiment_input xi;
	tm_experiment_view x = { 0 };
	IN(&tm_experiment_desc, &xi, "name=annual-discount", "kind=pricing", "hypothesis=12% off sells annual plans");
	OK(w, tm_app_experiment_add(&w->app, &xi, &x, &w->err));
	tm_roadmap_input ri;
	tm_roadmap r = { 0 };
	IN(&tm_roadmap_desc, &ri, "title=Grow net revenue retention", "level=strategic");
	OK(w, tm_app_roadmap_add(&w->app, &ri, &r, &w->err));
	char idea_ref[24], item_ref[24], idea_opt[40], exp_opt[160], item_opt[40];
	snprintf(idea_opt, sizeof(idea_opt), "ideas=%s", ws_ref(idea.id, idea_ref));
	snprintf(exp_opt, sizeof(exp_opt), "experiments=%s", x.e.name);
	snprintf(item_opt, sizeof(item_opt), "roadmap=%lld", (long long)r.items.v[0].item.id);
	(void)item_ref;

	tm_decision_input in;
	tm_decision d, got;
	IN(&tm_decision_desc, &in, "launch=" LAUNCH, "what=Annual plans at 12% off",
	   "why=The pricing test paid back in 4 months", "options=Monthly only", "options=Annual at 12% off",
	   "chosen=annual at 12% OFF", "decided_by=dana", idea_opt, exp_opt, item_opt, idea_opt);
	OK(w, tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(d.launch_slug, LAUNCH);
	assert_string_equal(d.options, "Monthly only\nAnnual at 12% off");
	assert_string_equal(d.chosen, "Annual at 12% off"); /* the option's own spelling */
	assert_string_equal(d.decided_by, "Dana Reyes");
	assert_string_equal(d.who, "Riley");
	/* The idea named twice is one link; each keeps the order given and a label. */
	assert_int_equal(d.nlinks, 3);
	assert_int_equal(d.links[0].kind, TM_LINK_IDEA);
	assert_int_equal(d.links[0].id, idea.id);
	assert_string_equal(d.links[0].label, "Annual plans");
	assert_int_equal(d.links[1].kind, TM_LINK_EXPERIMENT);
	assert_string_equal(d.links[1].label, "annual-discount");
	assert_int_equal(d.links[2].kind, TM_LINK_ROADMAP);
	assert_string_equal(d.links[2].label, "Grow net revenue retention");

	char ref[24];
	OK(w, tm_app_decision_get(&w->app, ws_ref(d.id, ref), &got, &w->err));
	assert_int_equal(got.nlinks, 3);
	assert_string_equal(got.chosen, d.chosen);
	assert_string_equal(got.decided_by, "Dana Reyes");

	/* The store finds it from each record it is about, and from its launch. */
	for (int kind = 0; kind < TM_LINK_KIND_COUNT; kind++) {
		tm_decisions linked = TM_VEC_INIT;
		int64_t id = kind == TM_LINK_IDEA ? idea.id : kind == TM_LINK_EXPERIMENT ? x.e.id
							  : kind == TM_LINK_ROADMAP  ? r.items.v[0].item.id
										     : d.launch_id;
		OK(w, w->st->ops->history->decision_linked(w->st, kind, id, &linked, &w->err));
		assert_int_equal(linked.n, 1);
		assert_int_equal(linked.v[0].id, d.id);
		assert_int_equal(linked.v[0].nlinks, 3);
		TM_VEC_FREE(&linked);
	}
	/* The launch's ledger lists it with its links. */
	tm_decisions ds = TM_VEC_INIT;
	OK(w, tm_app_decision_list(&w->app, LAUNCH, &ds, &w->err));
	assert_int_equal(ds.n, 1);
	assert_int_equal(ds.v[0].nlinks, 3);
	TM_VEC_FREE(&ds);
	tm_experiment_view_release(&x);
	tm_roadmap_release(&r);
}

static void a_bad_decision_is_refused_naming_its_field(void **state)
{
	ws *w = *state;
	seed(w);
	tm_decision_input in;
	tm_decision d;
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "options=Monthly", "options=Annual", "chosen=Quarterly");
	REFUSED(w, TM_EINVAL, "not one of the options", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "chosen");
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "options=Monthly", "options=monthly");
	REFUSED(w, TM_EINVAL, "twice", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "options");
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "ideas=999");
	REFUSED(w, TM_ENOTFOUND, "999", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "ideas");
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "experiments=no-such-test");
	REFUSED(w, TM_ENOTFOUND, "no-such-test", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "experiments");
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "roadmap=abc");
	REFUSED(w, TM_EINVAL, "abc", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "roadmap");
	IN(&tm_decision_desc, &in, "what=Annual plans", "why=x", "decided_by=Nobody Here");
	REFUSED(w, TM_ENOTFOUND, "Nobody Here", tm_app_decision_add(&w->app, &in, &d, &w->err));
	assert_string_equal(w->err.field, "decided_by");
	REFUSED(w, TM_ENOTFOUND, "unknown decision", tm_app_decision_get(&w->app, "#404", &d, &w->err));
	REFUSED(w, TM_EINVAL, "invalid decision id", tm_app_decision_get(&w->app, "twelve", &d, &w->err));
}

/* The ids of a search's decisions, in order, as "1,3". */
static const char *found(ws *w, const char *launch, const char *words, char *buf, size_t n)
{
	tm_decisions ds = TM_VEC_INIT;
	OK(w, tm_app_decision_search(&w->app, launch, words, &ds, &w->err));
	buf[0] = '\0';
	for (size_t i = 0, k = 0; i < ds.n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%lld", i ? "," : "", (long long)ds.v[i].id);
	TM_VEC_FREE(&ds);
	return buf;
}

static void the_ledger_is_searched_by_words_never_by_query_syntax(void **state)
{
	ws *w = *state;
	seed(w);
	char buf[64];
	tm_decision a = add_pricing_decision(w, NULL, NULL);
	tm_decision_input in;
	tm_decision b, c;
	IN(&tm_decision_desc, &in, "what=Hold the launch announcement", "why=Sales were not trained on pricing yet");
	OK(w, tm_app_decision_add(&w->app, &in, &b, &w->err));
	IN(&tm_decision_desc, &in, "what=Use \"usage-based\" NEAR(metering) wording OR not",
	   "why=Customers' own words: it's what they say *", "options=Café copy", "options=Plain copy",
	   "chosen=Café copy");
	OK(w, tm_app_decision_add(&w->app, &in, &c, &w->err));
	char ids[3][24];
	snprintf(ids[0], sizeof(ids[0]), "%lld", (long long)a.id);
	snprintf(ids[1], sizeof(ids[1]), "%lld", (long long)b.id);
	snprintf(ids[2], sizeof(ids[2]), "%lld", (long long)c.id);

	/* A word's start finds it, in what, why, the options or the choice, in any case. */
	assert_string_equal(found(w, NULL, "ANNUAL", buf, sizeof(buf)), ids[0]);
	assert_string_equal(found(w, NULL, "pai bac", buf, sizeof(buf)), ids[0]);
	assert_string_equal(found(w, NULL, "monthly", buf, sizeof(buf)), ids[0]);
	/* Every word must match: pricing alone finds two, with "trained" one. */
	assert_int_equal(strlen(found(w, NULL, "pricing", buf, sizeof(buf))), strlen(ids[0]) + 1 + strlen(ids[1]));
	assert_string_equal(found(w, NULL, "pricing trained", buf, sizeof(buf)), ids[1]);
	assert_string_equal(found(w, NULL, "pricing nothing-like-it", buf, sizeof(buf)), "");
	/* A launch keeps its own. */
	assert_string_equal(found(w, LAUNCH, "pricing", buf, sizeof(buf)), ids[0]);

	/* Hostile text is words and separators, never the engine's syntax: no error, and what it says is found. */
	static const char *const hostile[] = { "\"", "*", "NEAR(", "OR", "'", "\"usage", "usage\"*", "NEAR(metering",
					       "it's", "a OR b", "(", "^", ":*", "!", "&", "\\", "-", "AND NOT" };
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		tm_decisions ds = TM_VEC_INIT;
		OK(w, tm_app_decision_search(&w->app, NULL, hostile[i], &ds, &w->err));
		TM_VEC_FREE(&ds);
	}
	assert_string_equal(found(w, NULL, "\"usage", buf, sizeof(buf)), ids[2]);
	assert_string_equal(found(w, NULL, "NEAR(metering", buf, sizeof(buf)), ids[2]);
	assert_string_equal(found(w, NULL, "OR", buf, sizeof(buf)), ids[2]);
	assert_string_equal(found(w, NULL, "\"", buf, sizeof(buf)), "");
	assert_string_equal(found(w, NULL, "'", buf, sizeof(buf)), "");
	assert_string_equal(found(w, NULL, "caf", buf, sizeof(buf)), ids[2]);
	/* An empty search lists the ledger. */
	assert_int_equal(strlen(found(w, NULL, "", buf, sizeof(buf))) > 0, 1);
	tm_decisions ds = TM_VEC_INIT;
	REFUSED(w, TM_EINVAL, "UTF-8", tm_app_decision_search(&w->app, NULL, "\xff\xfe", &ds, &w->err));
	assert_string_equal(w->err.field, "search");
	REFUSED(w, TM_ENOTFOUND, "unknown launch", tm_app_decision_search(&w->app, "nope", "pricing", &ds, &w->err));
	TM_VEC_FREE(&ds);
}

static void a_removed_launch_takes_its_decisions_out_of_the_search(void **state)
{
	ws *w = *state;
	seed(w);
	char buf[64];
	tm_decision a = add_pricing_decision(w, NULL, NULL);
	tm_launch gone;
	OK(w, tm_app_launch_rm(&w->app, LAUNCH, &gone, &w->err));
	assert_string_equal(found(w, NULL, "annual", buf, sizeof(buf)), "");
	/* A later decision that gets the same id is found by its own words only. */
	tm_decision_input in;
	tm_decision b;
	IN(&tm_decision_desc, &in, "what=Keep the freeze", "why=December");
	OK(w, tm_app_decision_add(&w->app, &in, &b, &w->err));
	(void)a;
	assert_string_equal(found(w, NULL, "annual", buf, sizeof(buf)), "");
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)b.id);
	assert_string_equal(found(w, NULL, "freeze", buf, sizeof(buf)), id);
}

static void a_text_names_the_personas_it_mentions(void **state)
{
	ws *w = *state;
	add_persona(w);
	tm_term_input in;
	tm_term t;
	tm_terms named = TM_VEC_INIT;
	IN(&tm_term_desc, &in, "term=Ops", "kind=persona", "role=Operations");
	OK(w, tm_app_term_add(&w->app, &in, &t, &w->err));
	IN(&tm_term_desc, &in, "term=Lead", "definition=A prospect who raised a hand");
	OK(w, tm_app_term_add(&w->app, &in, &t, &w->err));
	const char *const audience[] = { "Mid-market finance teams", "the revops lead of each account" };
	OK(w, tm_app_personas_named(&w->app, audience, 2, &named, &w->err));
	/* "RevOps Lead" is named (any case); "Ops" is not (inside "revops"); "Lead" is a term, no persona. */
	assert_int_equal(named.n, 1);
	assert_string_equal(named.v[0].term, "RevOps Lead");
	TM_VEC_FREE(&named);
	assert_true(tm_glossary_mentions("for the RevOps Lead.", "revops lead"));
	assert_false(tm_glossary_mentions("RevOps Leads", "RevOps Lead"));
	assert_false(tm_glossary_mentions("", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(terms_and_personas_are_kept_and_found),
		WS_TEST(a_bad_glossary_entry_is_refused_naming_its_field),
		WS_TEST(a_decision_keeps_its_options_choice_decider_and_links),
		WS_TEST(a_bad_decision_is_refused_naming_its_field),
		WS_TEST(the_ledger_is_searched_by_words_never_by_query_syntax),
		WS_TEST(a_removed_launch_takes_its_decisions_out_of_the_search),
		WS_TEST(a_text_names_the_personas_it_mentions),
	};
	WS_MAIN("app glossary", tests);
}
