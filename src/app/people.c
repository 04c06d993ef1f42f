/* people.c - adding and listing the people who own tasks. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "core/text.h"
#include "render/json.h"

#include "util/banned.h"

/* An email as people write them: one '@' with something on each side, no blanks ("" clears it). */
static int check_email(const char *email, tm_error *err)
{
	const char *at = strchr(email, '@');
	if (*email && (!at || at == email || !at[1] || strchr(at + 1, '@') || strchr(email, ' ')))
		return tm_fail_field(err, TM_EINVAL, "email", "invalid email '%.60s'", email);
	return 0;
}

/*
 * The store's unique names and emails ignore case in ASCII only: "LÉA DUBOIS" beside "Léa Dubois"
 * would be two people no command could tell apart.
 */
static int refuse_same_name(tm_app *app, const tm_person *p, tm_error *err)
{
	tm_people people = TM_VEC_INIT;
	int rc = app->st->ops->people->list(app->st, &people, err);
	for (size_t i = 0; i < people.n && !rc; i++) {
		const tm_person *o = &people.v[i];
		if (o->id == p->id)
			continue;
		if (tm_text_equal_fold(o->name, p->name))
			rc = tm_fail_field(err, TM_ECONFLICT, "name", "a person named '%s' already exists", o->name);
		else if (p->email[0] && o->email[0] && tm_text_equal_fold(o->email, p->email))
			rc = tm_fail_field(err, TM_ECONFLICT, "email", "%s already has email '%s'", o->name, o->email);
	}
	TM_VEC_FREE(&people);
	return rc;
}

int tm_app_person_add(tm_app *app, const tm_person_input *in, tm_person *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_person p;
	memset(&p, 0, sizeof(p));
	int rc = tm_input_check(&tm_person_desc, TM_IN_CREATE, in, err);
	if (rc)
		return rc;
	p.role = in->role;
	if (TM_GIVEN(in, TM_PI_EMAIL) && (rc = check_email(in->email, err)))
		return rc;
	snprintf(p.email, sizeof(p.email), "%s", TM_GIVEN(in, TM_PI_EMAIL) ? in->email : "");
	if (strchr(in->name, '@'))
		return tm_fail_field(err, TM_EINVAL, "name", "a person's name cannot contain '@' (that is how emails are told apart)");
	snprintf(p.name, sizeof(p.name), "%s", in->name);
	p.capacity = TM_GIVEN(in, TM_PI_CAPACITY) ? in->capacity : 5;
	snprintf(p.title, sizeof(p.title), "%s", TM_GIVEN(in, TM_PI_TITLE) ? in->title : "");
	p.notify = TM_GIVEN(in, TM_PI_NOTIFY) ? in->notify : TM_NOTIFY_DAILY;
	rc = st->ops->tx->begin(st, true, err);
	if (rc)
		return rc;
	rc = refuse_same_name(app, &p, err);
	if (!rc)
		rc = st->ops->people->add(st, &p, err);
	if (!rc)
		rc = tm_app_audit(app, "person.add", NULL, tm_json_person(&p), err, "person %lld", (long long)p.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = p;
	return rc;
}

int tm_app_person_list(tm_app *app, tm_people *out, tm_error *err)
{
	return app->st->ops->people->list(app->st, out, err);
}

/*
 * The people whose full name or email is ref in any case of any script (whole), else those with a
 * word starting with it ("Dana" in "Dana Reyes", "reyes" too); *matches counts them, out gets the
 * first and names lists them.
 */
static void match_people(const tm_people *people, const char *ref, bool whole, tm_person *out, int *matches,
			 tm_buf *names)
{
	for (size_t i = 0; i < people->n; i++) {
		const tm_person *p = &people->v[i];
		bool hit = whole ? tm_text_equal_fold(p->name, ref) || (p->email[0] && tm_text_equal_fold(p->email, ref))
				 : tm_text_word_prefix_fold(p->name, ref);
		if (!hit)
			continue;
		if ((*matches)++ == 0)
			*out = *p;
		tm_buf_printf(names, "%s'%s'", *matches > 1 ? ", " : "", p->name);
	}
}

int tm_app_find_person(tm_app *app, const char *ref, tm_person *out, tm_error *err)
{
	int rc = app->st->ops->people->find(app->st, ref, out, err);
	if (rc != TM_ENOTFOUND)
		return rc;
	/* Not an id, an email or a name as stored (SQLite folds ASCII only): the full name or email in any
	 * case of any script, else a first name or surname that fits one person. */
	tm_people people = TM_VEC_INIT;
	tm_buf names = TM_BUF_INIT;
	int matches = 0;
	if ((rc = app->st->ops->people->list(app->st, &people, err)))
		goto out;
	match_people(&people, ref, true, out, &matches, &names);
	if (!matches && strlen(ref) >= 2)
		match_people(&people, ref, false, out, &matches, &names);
	if (matches == 0)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown person '%s'", ref);
	else if (matches > 1)
		rc = tm_fail(err, TM_EINVAL, "'%s' could be %s: give the full name or email", ref, names.s);
out:
	TM_VEC_FREE(&people);
	tm_buf_release(&names);
	return rc;
}

int tm_app_person_get(tm_app *app, const char *ref, tm_person *out, tm_error *err)
{
	return tm_app_find_person(app, ref, out, err);
}

int tm_app_person_set(tm_app *app, const char *ref, const tm_person_input *in, tm_person *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_person p;
	int rc = tm_input_check(&tm_person_desc, TM_IN_CHANGE, in, err);
	if (rc || (rc = tm_app_find_person(app, ref, &p, err)))
		return rc;
	tm_person before = p;
	if (TM_GIVEN(in, TM_PI_NAME)) {
		if (strchr(in->name, '@'))
			return tm_fail_field(err, TM_EINVAL, "name", "a person's name cannot contain '@' (that is how emails are told apart)");
		snprintf(p.name, sizeof(p.name), "%s", in->name);
	}
	if (TM_GIVEN(in, TM_PI_CAPACITY))
		p.capacity = in->capacity;
	if (TM_GIVEN(in, TM_PI_ROLE))
		p.role = in->role;
	if (TM_GIVEN(in, TM_PI_TITLE))
		snprintf(p.title, sizeof(p.title), "%s", in->title);
	if (TM_GIVEN(in, TM_PI_NOTIFY))
		p.notify = in->notify;
	if (TM_GIVEN(in, TM_PI_EMAIL)) {
		if ((rc = check_email(in->email, err)))
			return rc;
		snprintf(p.email, sizeof(p.email), "%s", in->email);
	}
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = refuse_same_name(app, &p, err);
	if (!rc && (rc = st->ops->people->update(st, &p, err)) == TM_ECONFLICT)
		tm_fail(err, TM_ECONFLICT, "another person already has the name '%s' or the email '%s'", p.name, p.email);
	if (!rc)
		rc = tm_app_audit(app, "person.update", tm_json_person(&before), tm_json_person(&p), err, "person %lld",
				  (long long)p.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = p;
	return rc;
}
