/*
 * test_app_people.c - people through app/ on every backend: a person is
 * found by id, email, full name, first name or surname, in any case of any
 * script; a second person by the same name or email (in any case, in any
 * Unicode normal form) is refused, as are names and emails no command could
 * tell apart, and each refusal changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "app_fixture.h"

#include "util/banned.h"

static tm_person add_person(ws *w, const char *name, const char *role, const char *email)
{
	tm_person_input in;
	tm_person p;
	char n[160], r[40], e[300];
	snprintf(n, sizeof(n), "name=%s", name);
	snprintf(r, sizeof(r), "role=%s", role);
	snprintf(e, sizeof(e), "email=%s", email ? email : "");
	if (email)
		IN(&tm_person_desc, &in, n, r, e);
	else
		IN(&tm_person_desc, &in, n, r);
	OK(w, tm_app_person_add(&w->app, &in, &p, &w->err));
	return p;
}

/* Who ref names, as person set resolves it (a change of capacity to 4: harmless). */
static int64_t who(ws *w, const char *ref)
{
	tm_person_input in;
	tm_person p;
	IN(&tm_person_desc, &in, "capacity=4");
	OK(w, tm_app_person_set(&w->app, ref, &in, &p, &w->err));
	return p.id;
}

static void people_are_listed_as_added(void **state)
{
	ws *w = *state;
	tm_person dana = add_person(w, "Dana Reyes", "pm", "dana.reyes@example.com");
	tm_person lea = add_person(w, "Léa Dubois", "marketing", NULL);
	tm_people all = TM_VEC_INIT;
	OK(w, tm_app_person_list(&w->app, &all, &w->err));
	assert_int_equal(all.n, 2);
	assert_true(dana.id > 0 && lea.id > 0 && dana.id != lea.id);
	for (size_t i = 0; i < all.n; i++) {
		const tm_person *p = &all.v[i];
		const tm_person *want = p->id == dana.id ? &dana : &lea;
		assert_int_equal(p->id, want->id);
		assert_string_equal(p->name, want->name);
		assert_string_equal(p->email, want->email);
		assert_int_equal(p->role, want->role);
		assert_int_equal(p->capacity, 5); /* the default */
	}
	assert_int_equal(dana.role, TM_ROLE_PM);
	assert_string_equal(lea.email, "");
	TM_VEC_FREE(&all);
}

static void people_are_found_in_any_case_of_any_script(void **state)
{
	ws *w = *state;
	tm_person dana = add_person(w, "Dana Reyes", "pm", "dana.reyes@example.com");
	tm_person lea = add_person(w, "Léa Dubois", "marketing", "lea@example.com");
	tm_person zoe = add_person(w, "Zoë Ångström", "sales", NULL);
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)lea.id);

	const struct {
		const char *ref;
		int64_t id;
	} found[] = {
		{ "Dana Reyes", dana.id },
		{ "dana reyes", dana.id },
		{ "DANA REYES", dana.id },
		{ "DANA.REYES@EXAMPLE.COM", dana.id },
		{ "Dana", dana.id },   /* a first name that fits one person */
		{ "reyes", dana.id },  /* a surname, in another case */
		{ id, lea.id },
		{ "Léa Dubois", lea.id },
		{ "LÉA DUBOIS", lea.id },        /* É folds to é: beyond SQLite's ASCII NOCASE */
		{ "Le\xcc\x81" "a Dubois", lea.id }, /* e + combining acute: the same name in NFD */
		{ "léa", lea.id },
		{ "zoË ÅNGSTRÖM", zoe.id },
		{ "ångström", zoe.id },
	};
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		int64_t got = who(w, found[i].ref);
		if (got != found[i].id)
			fail_msg("'%s' found person %lld, not %lld", found[i].ref, (long long)got, (long long)found[i].id);
	}
}

static void an_unknown_or_ambiguous_reference_is_refused(void **state)
{
	ws *w = *state;
	tm_person_input in;
	tm_person p;
	add_person(w, "Dana Reyes", "pm", NULL);
	add_person(w, "Dana Smith", "pmm", NULL);
	IN(&tm_person_desc, &in, "capacity=3");
	REFUSED(w, TM_ENOTFOUND, "unknown person 'Nobody'", tm_app_person_set(&w->app, "Nobody", &in, &p, &w->err));
	REFUSED(w, TM_EINVAL, "'Dana' could be 'Dana Reyes', 'Dana Smith'",
		tm_app_person_set(&w->app, "Dana", &in, &p, &w->err));
	/* A reference too short to be a word prefix is not one. */
	REFUSED(w, TM_ENOTFOUND, NULL, tm_app_person_set(&w->app, "D", &in, &p, &w->err));
}

static void a_name_or_email_taken_in_any_case_is_refused(void **state)
{
	ws *w = *state;
	tm_person_input in;
	tm_person p;
	add_person(w, "Dana Reyes", "pm", "dana.reyes@example.com");
	add_person(w, "Léa Dubois", "marketing", "lea@example.com");

	IN(&tm_person_desc, &in, "name=dana reyes", "role=pm");
	REFUSED(w, TM_ECONFLICT, "a person named 'Dana Reyes' already exists",
		tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=LÉA DUBOIS", "role=pmm");
	REFUSED(w, TM_ECONFLICT, "a person named 'Léa Dubois' already exists",
		tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=Le\xcc\x81" "a Dubois", "role=pmm");
	REFUSED(w, TM_ECONFLICT, "already exists", tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=Dana R", "role=pm", "email=DANA.REYES@Example.com");
	REFUSED(w, TM_ECONFLICT, "Dana Reyes already has email 'dana.reyes@example.com'",
		tm_app_person_add(&w->app, &in, &p, &w->err));

	/* A change to a taken name or email likewise. */
	IN(&tm_person_desc, &in, "name=DANA REYES");
	REFUSED(w, TM_ECONFLICT, "already exists", tm_app_person_set(&w->app, "Léa Dubois", &in, &p, &w->err));
	IN(&tm_person_desc, &in, "email=Lea@Example.com");
	REFUSED(w, TM_ECONFLICT, "already has email", tm_app_person_set(&w->app, "Dana Reyes", &in, &p, &w->err));

	/* Another name is another person, even one that differs only by an accent. */
	add_person(w, "Lea Dubois", "pmm", NULL);
}

static void names_and_emails_are_checked(void **state)
{
	ws *w = *state;
	tm_person_input in;
	tm_person p;
	tm_error err = TM_ERROR_INIT;
	add_person(w, "Dana Reyes", "pm", NULL);

	IN(&tm_person_desc, &in, "name=dana@example.com", "role=pm");
	REFUSED(w, TM_EINVAL, "cannot contain '@'", tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=Ana Silva", "role=pm", "email=ana.example.com");
	REFUSED(w, TM_EINVAL, "invalid email 'ana.example.com'", tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=Ana Silva", "role=pm", "email=ana@@example.com");
	REFUSED(w, TM_EINVAL, "invalid email", tm_app_person_add(&w->app, &in, &p, &w->err));
	IN(&tm_person_desc, &in, "name=Ana Silva");
	REFUSED(w, TM_EINVAL, NULL, tm_app_person_add(&w->app, &in, &p, &w->err));
	assert_string_equal(w->err.field, "role");
	IN(&tm_person_desc, &in, "email=dana");
	REFUSED(w, TM_EINVAL, "invalid email", tm_app_person_set(&w->app, "Dana Reyes", &in, &p, &w->err));

	/* What the description itself refuses never reaches the use case. */
	memset(&in, 0, sizeof(in));
	assert_int_equal(tm_input_set(&tm_person_desc, "role", "wizard", &in, &err), TM_EINVAL);
	assert_string_equal(err.field, "role");
	assert_int_equal(tm_input_set(&tm_person_desc, "capacity", "8", &in, &err), TM_EINVAL);
	assert_string_equal(err.field, "capacity");
	assert_int_equal(in.given, 0);
}

static void person_set_changes_only_what_is_given(void **state)
{
	ws *w = *state;
	tm_person_input in;
	tm_person p;
	tm_person dana = add_person(w, "Dana Reyes", "pm", "dana.reyes@example.com");
	IN(&tm_person_desc, &in, "role=exec", "capacity=2");
	OK(w, tm_app_person_set(&w->app, "dana", &in, &p, &w->err));
	assert_int_equal(p.id, dana.id);
	assert_string_equal(p.name, "Dana Reyes");
	assert_string_equal(p.email, "dana.reyes@example.com");
	assert_int_equal(p.role, TM_ROLE_EXEC);
	assert_int_equal(p.capacity, 2);
	IN(&tm_person_desc, &in, "email=");
	OK(w, tm_app_person_set(&w->app, "Dana Reyes", &in, &p, &w->err));
	assert_string_equal(p.email, "");
	assert_int_equal(p.capacity, 2);
}

static void a_title_is_kept_changed_and_cleared(void **state)
{
	ws *w = *state;
	tm_person_input in;
	tm_person p;
	tm_people people = TM_VEC_INIT;
	tm_error err = TM_ERROR_INIT;
	IN(&tm_person_desc, &in, "name=Cal Reyes", "role=exec", "title=CPO");
	OK(w, tm_app_person_add(&w->app, &in, &p, &w->err));
	assert_string_equal(p.title, "CPO");
	IN(&tm_person_desc, &in, "capacity=3");
	OK(w, tm_app_person_set(&w->app, "Cal", &in, &p, &w->err));
	assert_string_equal(p.title, "CPO");
	IN(&tm_person_desc, &in, "title=Chief Product Officer");
	OK(w, tm_app_person_set(&w->app, "Cal", &in, &p, &w->err));
	OK(w, tm_app_person_list(&w->app, &people, &w->err));
	assert_string_equal(people.v[0].title, "Chief Product Officer");
	TM_VEC_FREE(&people);
	IN(&tm_person_desc, &in, "title=");
	OK(w, tm_app_person_set(&w->app, "Cal", &in, &p, &w->err));
	assert_string_equal(p.title, "");
	memset(&in, 0, sizeof(in));
	char longer[TM_NAME_MAX + 10];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(tm_input_set(&tm_person_desc, "title", longer, &in, &err), TM_EINVAL);
	assert_string_equal(err.field, "title");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		WS_TEST(people_are_listed_as_added),
		WS_TEST(people_are_found_in_any_case_of_any_script),
		WS_TEST(an_unknown_or_ambiguous_reference_is_refused),
		WS_TEST(a_name_or_email_taken_in_any_case_is_refused),
		WS_TEST(names_and_emails_are_checked),
		WS_TEST(person_set_changes_only_what_is_given),
		WS_TEST(a_title_is_kept_changed_and_cleared),
	};
	WS_MAIN("app people", tests);
}
