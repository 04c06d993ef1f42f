/* people.c - adding and listing the people who own tasks. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/internal.h"
#include "render/json.h"

/* An email as people write them: one '@' with something on each side, no blanks ("" clears it). */
static int check_email(const char *email, tm_error *err)
{
	const char *at = strchr(email, '@');
	if (*email && (!at || at == email || !at[1] || strchr(at + 1, '@') || strchr(email, ' ')))
		return tm_fail_field(err, TM_EINVAL, "email", "invalid email '%.60s'", email);
	return 0;
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
	rc = st->ops->begin(st, true, err);
	if (rc)
		return rc;
	rc = st->ops->person_add(st, &p, err);
	if (!rc)
		rc = tm_app_audit(app, "person.add", NULL, tm_json_person(&p), err, "person %lld", (long long)p.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = p;
	return rc;
}

int tm_app_person_list(tm_app *app, tm_people *out, tm_error *err)
{
	return app->st->ops->person_list(app->st, out, err);
}

/* Does name have a word starting with prefix ("Dana" in "Dana Reyes", "Reyes" too)? */
static bool word_prefix(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *w = name; w && *w; w = strchr(w, ' ')) {
		while (*w == ' ')
			w++;
		if (!strncasecmp(w, prefix, n))
			return true;
	}
	return false;
}

int tm_app_find_person(tm_app *app, const char *ref, tm_person *out, tm_error *err)
{
	int rc = app->st->ops->person_find(app->st, ref, out, err);
	if (rc != TM_ENOTFOUND || strlen(ref) < 2)
		return rc;
	/* Not a full name, email or id: a first name or surname that fits one person. */
	tm_people people = TM_VEC_INIT;
	tm_buf names = TM_BUF_INIT;
	int matches = 0;
	if ((rc = app->st->ops->person_list(app->st, &people, err)))
		goto out;
	for (size_t i = 0; i < people.n; i++)
		if (word_prefix(people.v[i].name, ref)) {
			if (matches++ == 0)
				*out = people.v[i];
			tm_buf_printf(&names, "%s'%s'", matches > 1 ? ", " : "", people.v[i].name);
		}
	if (matches == 0)
		rc = tm_fail(err, TM_ENOTFOUND, "unknown person '%s'", ref);
	else if (matches > 1)
		rc = tm_fail(err, TM_EINVAL, "'%s' could be %s: give the full name or email", ref, names.s);
out:
	TM_VEC_FREE(&people);
	tm_buf_release(&names);
	return rc;
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
	if (TM_GIVEN(in, TM_PI_EMAIL)) {
		if ((rc = check_email(in->email, err)))
			return rc;
		snprintf(p.email, sizeof(p.email), "%s", in->email);
	}
	if ((rc = st->ops->begin(st, true, err)))
		return rc;
	rc = st->ops->person_update(st, &p, err);
	if (rc == TM_ECONFLICT)
		tm_fail(err, TM_ECONFLICT, "another person already has email '%s'", p.email);
	if (!rc)
		rc = tm_app_audit(app, "person.update", tm_json_person(&before), tm_json_person(&p), err, "person %lld",
				  (long long)p.id);
	rc = tm_store_finish(st, rc, err);
	if (!rc)
		*out = p;
	return rc;
}
