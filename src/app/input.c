/*
 * input.c - reading an input by its description (see input.h): from the
 * command line's text, from a JSON body, and its JSON Schema. Every value
 * goes through one parser per type, so the command line and the API accept
 * the same values and say the same thing about a bad one.
 */
#include "app/input.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/metric.h"
#include "core/model.h"
#include "core/tier.h"

#include "util/banned.h"

#define AT(in, f, type) ((type *)((char *)(in) + (f)->offset))

/* Names field in err (the core named its own) and passes rc through. */
static int name_field(tm_error *err, const char *field, int rc)
{
	snprintf(err->field, sizeof(err->field), "%s", field);
	return rc;
}

static uint32_t *given_bits(const tm_input_desc *d, void *in)
{
	return (uint32_t *)((char *)in + d->given_offset);
}

bool tm_input_given(const tm_input_desc *d, const void *in, int i)
{
	uint32_t bits = *(const uint32_t *)((const char *)in + d->given_offset);
	return i >= 0 && i < 32 && (bits >> i) & 1u;
}

static void mark(const tm_input_desc *d, void *in, int i)
{
	*given_bits(d, in) |= 1u << i;
}

int tm_input_field(const tm_input_desc *d, const char *name)
{
	for (int i = 0; d->fields[i].name; i++)
		if (!strcmp(d->fields[i].name, name))
			return i;
	return -1;
}

void tm_input_cli_name(const tm_field *f, char *out, size_t n)
{
	snprintf(out, n, "%s", f->cli ? f->cli : f->name);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
}

/* What a value is called in a message about it: "launch name", "role", "effort days". */
static const char *noun(const tm_input_desc *d, const tm_field *f, char *buf, size_t n)
{
	if (!strcmp(f->name, "name") || !strcmp(f->name, "title"))
		snprintf(buf, n, "%s %s", d->name, f->name);
	else
		snprintf(buf, n, "%s", f->name);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

/* "low, medium or high" */
static void list_values(const char *const *values, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; values[i] && o < n; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%s", i == 0 ? "" : values[i + 1] ? ", " : " or ", values[i]);
}

/* Names of a choice as people type them: any case, and '-', '_', '/' and ' ' alike ("in-progress"). */
static bool same_name(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		x = x == '-' || x == '/' || x == ' ' ? '_' : x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y == '-' || y == '/' || y == ' ' ? '_' : y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

static int parse_choice(const char *what, const tm_field *f, const char *s, int *out, tm_error *err)
{
	char names[400];
	for (int i = 0; f->values[i]; i++)
		if (same_name(f->values[i], s)) {
			*out = i;
			return 0;
		}
	list_values(f->values, names, sizeof(names));
	return tm_fail_field(err, TM_EINVAL, f->name, "unknown %s '%.40s' (%s)", what, s, names);
}

static int parse_int(const char *what, const tm_field *f, const char *s, int *out, tm_error *err)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < f->lo || v > f->hi)
		return tm_fail_field(err, TM_EINVAL, f->name, "invalid %s '%.40s': expected a whole number from %lld to %lld",
				     what, s, f->lo, f->hi);
	*out = (int)v;
	return 0;
}

static int parse_task_id(const tm_field *f, const char *s, int64_t *out, tm_error *err)
{
	const char *p = s[0] == '#' ? s + 1 : s;
	char *end = NULL;
	long long v = *p >= '0' && *p <= '9' && strlen(p) <= 18 ? strtoll(p, &end, 10) : 0;
	if (v <= 0 || *end)
		return tm_fail_field(err, TM_EINVAL, f->name,
				     "invalid task id '%.40s' for {}: tasks are named by number, such as 12 or #12", s);
	*out = v;
	return 0;
}

/* Text as a field holds it: not blank, valid UTF-8, no control characters, at most hi bytes. */
static int check_text(const char *what, const tm_field *f, const char *s, tm_error *err)
{
	size_t len = strlen(s);
	if (!len && (f->flags & TM_IN_EMPTY_OK))
		return 0;
	if (!len)
		return tm_fail_field(err, TM_EINVAL, f->name, "%s is empty", what);
	if ((long long)len > f->hi)
		return tm_fail_field(err, TM_EINVAL, f->name, "%s is too long (%zu bytes, at most %lld)", what, len, f->hi);
	size_t bad = 0;
	if (!tm_utf8_valid(s, len, &bad))
		return tm_fail_field(err, TM_EINVAL, f->name, "%s is not valid UTF-8 at byte %zu", what, bad + 1);
	bool blank = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return tm_fail_field(err, TM_EINVAL, f->name, "%s contains a control character at byte %zu", what, i + 1);
		blank &= c == ' ';
	}
	if (blank)
		return tm_fail_field(err, TM_EINVAL, f->name, "%s is blank", what);
	return 0;
}

/* "sales=Dana" or, from JSON, role and person apart. */
static int add_owner(const tm_field *f, const char *role, size_t role_len, const char *person, void *in, tm_error *err)
{
	tm_owner_list *l = AT(in, f, tm_owner_list);
	char name[40];
	snprintf(name, sizeof(name), "%.*s", (int)(role_len < 39 ? role_len : 39), role);
	int r = tm_role_parse(name);
	if (r < 0 || role_len >= sizeof(name))
		return tm_fail_field(err, TM_EINVAL, f->name, "unknown role '%s' in {} (one of %s)", name, tm_role_names());
	if (!*person)
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names no person for the role %s", name);
	if (strlen(person) > TM_REF_MAX)
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names a person in more than %d bytes", TM_REF_MAX);
	for (int i = 0; i < l->n; i++)
		if (l->v[i].role == r)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} names the role %s twice", name);
	if (l->n >= (int)(sizeof(l->v) / sizeof(l->v[0])))
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names too many roles");
	l->v[l->n].role = r;
	snprintf(l->v[l->n].person, sizeof(l->v[l->n].person), "%s", person);
	l->n++;
	return 0;
}

/*
 * "pr=Ana" or, from JSON, stream and person apart; person "" (or "none") removes the stream's DRI.
 * Whether the stream is one of the playbook in force is the use case's to check.
 */
static int add_dri(const tm_field *f, const char *stream, size_t stream_len, const char *person, void *in, tm_error *err)
{
	tm_dri_list *l = AT(in, f, tm_dri_list);
	char name[TM_STREAM_MAX + 1];
	if (!stream_len || stream_len > TM_STREAM_MAX)
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names a stream in 1 to %d characters, such as pr=Ana", TM_STREAM_MAX);
	snprintf(name, sizeof(name), "%.*s", (int)stream_len, stream);
	for (const char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_')
			return tm_fail_field(err, TM_EINVAL, f->name,
					     "invalid stream '%s' in {}: a stream id is lower-case letters, digits, '-' and '_'", name);
	if (same_name(person, "none"))
		person = "";
	if (strlen(person) > TM_REF_MAX)
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names a person in more than %d bytes", TM_REF_MAX);
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].stream, name))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} names the stream %s twice", name);
	if (l->n >= (int)(sizeof(l->v) / sizeof(l->v[0])))
		return tm_fail_field(err, TM_EINVAL, f->name, "{} names too many streams");
	snprintf(l->v[l->n].stream, sizeof(l->v[l->n].stream), "%s", name);
	snprintf(l->v[l->n].person, sizeof(l->v[l->n].person), "%s", person);
	l->n++;
	return 0;
}

/* A metric's value: a number (tm_metric_value_parse: finite, at most TM_METRIC_VALUE_MAX either side). */
static int parse_number(const char *what, const tm_field *f, const char *s, double *out, tm_error *err)
{
	tm_error e = TM_ERROR_INIT;
	double v = 0;
	if (!*s)
		return tm_fail_field(err, TM_EINVAL, f->name, "missing %s: a number such as 41.5, -3 or 1200", what);
	if (tm_metric_value_parse(s, &v, &e)) {
		/* The core's "value '…' is not a number: …", about this field. */
		const char *rest = !strncmp(e.msg, "value ", 6) ? e.msg + 5 : NULL;
		if (rest)
			return tm_fail_field(err, TM_EINVAL, f->name, "%s%s", what, rest);
		return tm_fail_field(err, TM_EINVAL, f->name, "invalid %s '%.40s': %s", what, s, e.msg);
	}
	*out = v;
	return 0;
}

/* A metric's target: a value ("48", "48%") or a change from the baseline ("+20%", "-3pt"). */
static int parse_target(const tm_field *f, const char *s, tm_target *out, tm_error *err)
{
	tm_target t = { 0 };
	int rc = tm_target_parse(s, &t, err);
	if (rc)
		return name_field(err, f->name, rc);
	*out = t;
	return 0;
}

int tm_input_set_text(const tm_input_desc *d, int i, const char *s, void *in, tm_error *err)
{
	const tm_field *f = &d->fields[i];
	char what[64];
	int rc = 0;
	if (!s)
		s = "";
	noun(d, f, what, sizeof(what));
	switch (f->type) {
	case TM_IN_TEXT:
		if (!(rc = check_text(what, f, s, err)))
			snprintf(AT(in, f, char), (size_t)f->hi + 1, "%s", s);
		break;
	case TM_IN_PERSON:
		if ((f->flags & TM_IN_NULLABLE) && (!*s || same_name(s, "none")))
			*AT(in, f, char) = '\0'; /* nobody: the link is removed */
		else if (!*s)
			rc = tm_fail_field(err, TM_EINVAL, f->name, "missing %s: give a person's name, email or id", what);
		else if (strlen(s) > TM_REF_MAX)
			rc = tm_fail_field(err, TM_EINVAL, f->name, "%s is too long to name a person (at most %d bytes)", what,
					   TM_REF_MAX);
		else
			snprintf(AT(in, f, char), TM_REF_MAX + 1, "%s", s);
		break;
	case TM_IN_INT:
		rc = parse_int(what, f, s, AT(in, f, int), err);
		break;
	case TM_IN_BOOL:
		if (!strcmp(s, "true") || !strcmp(s, "1") || !*s)
			*AT(in, f, bool) = true;
		else if (!strcmp(s, "false") || !strcmp(s, "0"))
			*AT(in, f, bool) = false;
		else
			rc = tm_fail_field(err, TM_EINVAL, f->name, "%s is true or false, not '%.40s'", what, s);
		break;
	case TM_IN_DATE:
		if ((rc = tm_date_parse(s, AT(in, f, tm_date), err)))
			snprintf(err->field, sizeof(err->field), "%s", f->name);
		break;
	case TM_IN_DUE:
		if ((f->flags & TM_IN_NULLABLE) && (!*s || same_name(s, "none"))) {
			*AT(in, f, tm_due) = (tm_due){ .none = true };
			break;
		}
		if ((rc = tm_due_parse(s, AT(in, f, tm_due), err)))
			snprintf(err->field, sizeof(err->field), "%s", f->name);
		break;
	case TM_IN_CHOICE:
		rc = parse_choice(what, f, s, AT(in, f, int), err);
		break;
	case TM_IN_TASK:
		rc = parse_task_id(f, s, AT(in, f, int64_t), err);
		break;
	case TM_IN_PEOPLE: {
		tm_ref_list *l = AT(in, f, tm_ref_list);
		if (same_name(s, "none")) {
			l->n = 0;
			break;
		}
		if (!*s || strlen(s) > TM_REF_MAX)
			return tm_fail_field(err, TM_EINVAL, f->name, "%s names a person by name, email or id (at most %d bytes)",
					     what, TM_REF_MAX);
		if (l->n >= f->hi || l->n >= (int)(sizeof(l->v) / sizeof(l->v[0])))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} names more than %lld people", f->hi);
		snprintf(l->v[l->n++], TM_REF_MAX + 1, "%s", s);
		break;
	}
	case TM_IN_REFS: {
		tm_refs *l = AT(in, f, tm_refs);
		if (same_name(s, "none")) {
			l->n = 0;
			break;
		}
		if (!*s || strlen(s) > TM_REFS_LEN)
			return tm_fail_field(err, TM_EINVAL, f->name, "%s names one by its slug, name or id (at most %d bytes)", what,
					     TM_REFS_LEN);
		if (l->n >= f->hi || l->n >= TM_REFS_MAX)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} names more than %lld", f->hi);
		snprintf(l->v[l->n++], TM_REFS_LEN + 1, "%s", s);
		break;
	}
	case TM_IN_TEXTS: {
		tm_texts *l = AT(in, f, tm_texts);
		tm_field one = *f;
		one.hi = TM_TEXTS_LEN;
		if ((rc = check_text(what, &one, s, err)))
			return rc;
		if (l->n >= f->hi || l->n >= TM_TEXTS_MAX)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} has more than %lld items", f->hi);
		snprintf(l->v[l->n++], TM_TEXTS_LEN + 1, "%s", s);
		break;
	}
	case TM_IN_TASKS: {
		tm_id_list *l = AT(in, f, tm_id_list);
		if (l->n >= f->hi || l->n >= TM_ID_LIST_MAX)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} names more than %lld tasks", f->hi);
		if (!(rc = parse_task_id(f, s, &l->v[l->n], err)))
			l->n++;
		break;
	}
	case TM_IN_OWNERS: {
		const char *eq = strchr(s, '=');
		if (!eq || eq == s)
			return tm_fail_field(err, TM_EINVAL, f->name, "invalid {} '%.60s': expected ROLE=PERSON, such as sales=Dana", s);
		rc = add_owner(f, s, (size_t)(eq - s), eq + 1, in, err);
		break;
	}
	case TM_IN_DRIS: {
		const char *eq = strchr(s, '=');
		if (!eq || eq == s)
			return tm_fail_field(err, TM_EINVAL, f->name,
					     "invalid {} '%.60s': expected STREAM=PERSON, such as pr=Ana (pr=none: nobody)", s);
		rc = add_dri(f, s, (size_t)(eq - s), eq + 1, in, err);
		break;
	}
	case TM_IN_NUMBER:
		/* cppcheck-suppress invalidPointerCast ; a field of in at the offset its description gives */
		rc = parse_number(what, f, s, AT(in, f, double), err);
		break;
	case TM_IN_TARGET:
		rc = parse_target(f, s, AT(in, f, tm_target), err);
		break;
	case TM_IN_FLAGS: {
		int k = 0;
		while (tm_criteria_names[k] && strcmp(tm_criteria_names[k], s))
			k++;
		if (!tm_criteria_names[k])
			return tm_fail_field(err, TM_EINVAL, f->name, "unknown criterion '%.40s' in {}", s);
		*tm_tier_criterion(AT(in, f, tm_tier_criteria), k) = true;
		break;
	}
	}
	if (!rc)
		mark(d, in, i);
	return rc;
}

int tm_input_set(const tm_input_desc *d, const char *name, const char *text, void *in, tm_error *err)
{
	int i = tm_input_field(d, name);
	if (i < 0)
		return tm_fail(err, TM_EINTERNAL, "no field '%s' in the %s input", name, d->name);
	return tm_input_set_text(d, i, text, in, err);
}

void tm_input_set_flag(const tm_input_desc *d, int i, int value, bool on, void *in)
{
	const tm_field *f = &d->fields[i];
	if (f->type == TM_IN_FLAGS)
		*tm_tier_criterion(AT(in, f, tm_tier_criteria), value) = on;
	else if (f->type == TM_IN_BOOL)
		*AT(in, f, bool) = on;
	else
		return;
	mark(d, in, i);
}

/* A JSON value of the field's type, read as the command line reads its text. */
static int from_json_value(const tm_input_desc *d, int i, json_t *v, void *in, tm_error *err)
{
	const tm_field *f = &d->fields[i];
	char num[32];
	switch (f->type) {
	case TM_IN_INT:
		if (!json_is_integer(v) || json_integer_value(v) < f->lo || json_integer_value(v) > f->hi)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be a whole number from %lld to %lld", f->lo, f->hi);
		*AT(in, f, int) = (int)json_integer_value(v);
		mark(d, in, i);
		return 0;
	case TM_IN_BOOL:
		if (!json_is_boolean(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be true or false");
		*AT(in, f, bool) = json_is_true(v);
		mark(d, in, i);
		return 0;
	case TM_IN_TASK:
		if (json_is_integer(v) && json_integer_value(v) > 0) {
			*AT(in, f, int64_t) = json_integer_value(v);
			mark(d, in, i);
			return 0;
		}
		if (!json_is_string(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be a task id");
		return tm_input_set_text(d, i, json_string_value(v), in, err);
	case TM_IN_TASKS: {
		size_t k;
		json_t *e;
		if (!json_is_array(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of task ids");
		if ((long long)json_array_size(v) > f->hi)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} has more than %lld items", f->hi);
		AT(in, f, tm_id_list)->n = 0;
		json_array_foreach(v, k, e) {
			int rc;
			if (json_is_integer(e) && json_integer_value(e) > 0) {
				snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(e));
				rc = tm_input_set_text(d, i, num, in, err);
			} else if (json_is_string(e)) {
				rc = tm_input_set_text(d, i, json_string_value(e), in, err);
			} else {
				rc = tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of task ids (item %zu is not)", k);
			}
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_REFS: {
		size_t k;
		json_t *e;
		if (!json_is_array(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array");
		if ((long long)json_array_size(v) > f->hi)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} has more than %lld items", f->hi);
		AT(in, f, tm_refs)->n = 0;
		json_array_foreach(v, k, e) {
			int rc;
			if (json_is_integer(e) && json_integer_value(e) > 0) {
				snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(e));
				rc = tm_input_set_text(d, i, num, in, err);
			} else if (json_is_string(e) && !same_name(json_string_value(e), "none")) {
				rc = tm_input_set_text(d, i, json_string_value(e), in, err);
			} else {
				rc = tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of slugs, names or ids (item %zu is not)", k);
			}
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_TEXTS: {
		size_t k;
		json_t *e;
		if (!json_is_array(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of strings");
		if ((long long)json_array_size(v) > f->hi)
			return tm_fail_field(err, TM_EINVAL, f->name, "{} has more than %lld items", f->hi);
		AT(in, f, tm_texts)->n = 0;
		json_array_foreach(v, k, e) {
			int rc = json_is_string(e) && strlen(json_string_value(e)) == json_string_length(e)
					 ? tm_input_set_text(d, i, json_string_value(e), in, err)
					 : tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of strings (item %zu is not)", k);
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_PEOPLE: {
		size_t k;
		json_t *e;
		if (!json_is_array(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of people");
		AT(in, f, tm_ref_list)->n = 0;
		json_array_foreach(v, k, e) {
			int rc = json_is_string(e) && !same_name(json_string_value(e), "none")
					 ? tm_input_set_text(d, i, json_string_value(e), in, err)
					 : tm_fail_field(err, TM_EINVAL, f->name, "{} must be an array of people's names (item %zu is not)", k);
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_OWNERS: {
		const char *k;
		json_t *e;
		if (!json_is_object(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an object of role: person");
		AT(in, f, tm_owner_list)->n = 0;
		json_object_foreach(v, k, e) {
			char sub[64];
			snprintf(sub, sizeof(sub), "%s/%.40s", f->name, k);
			if (!json_is_string(e))
				return tm_fail_field(err, TM_EINVAL, sub, "{} must be a string: the person who owns %.40s tasks", k);
			int rc = add_owner(f, k, strlen(k), json_string_value(e), in, err);
			if (rc)
				snprintf(err->field, sizeof(err->field), "%s", sub);
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_DRIS: {
		const char *k;
		json_t *e;
		if (!json_is_object(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an object of stream: person (null: nobody)");
		AT(in, f, tm_dri_list)->n = 0;
		json_object_foreach(v, k, e) {
			char sub[64];
			snprintf(sub, sizeof(sub), "%s/%.40s", f->name, k);
			if (!json_is_string(e) && !json_is_null(e))
				return tm_fail_field(err, TM_EINVAL, sub, "{} must be a string (the stream's DRI) or null (nobody)");
			if (json_is_string(e) && strlen(json_string_value(e)) != json_string_length(e))
				return tm_fail_field(err, TM_EINVAL, sub, "{} contains a NUL character");
			int rc = add_dri(f, k, strlen(k), json_is_null(e) ? "" : json_string_value(e), in, err);
			if (rc)
				snprintf(err->field, sizeof(err->field), "%s", sub);
			if (rc)
				return rc;
		}
		mark(d, in, i);
		return 0;
	}
	case TM_IN_NUMBER:
	case TM_IN_TARGET: {
		/* A JSON number is a value; a string is read as the command line reads it ("12.5", "+20%"). */
		if (json_is_number(v)) {
			double x = json_number_value(v);
			if (!(x >= -TM_METRIC_VALUE_MAX && x <= TM_METRIC_VALUE_MAX))
				return tm_fail_field(err, TM_EINVAL, f->name, "{} must be a number from -1e15 to 1e15");
			if (f->type == TM_IN_NUMBER)
				/* cppcheck-suppress invalidPointerCast ; a field of in at the offset its description gives */
				*AT(in, f, double) = x;
			else
				*AT(in, f, tm_target) = (tm_target){ .kind = TM_TARGET_VALUE, .v = x };
			mark(d, in, i);
			return 0;
		}
		if (!json_is_string(v))
			return tm_fail_field(err, TM_EINVAL, f->name, f->type == TM_IN_NUMBER
							      ? "{} must be a number (or a string of one, such as \"12.5\")"
							      : "{} must be a number (a value) or a string: \"48%%\", \"+20%%\", \"-3pt\"");
		if (strlen(json_string_value(v)) != json_string_length(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} contains a NUL character");
		return tm_input_set_text(d, i, json_string_value(v), in, err);
	}
	case TM_IN_FLAGS: {
		const char *k;
		json_t *e;
		if (!json_is_object(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be an object of true or false");
		json_object_foreach(v, k, e) {
			int n = 0;
			char names[200];
			while (tm_criteria_names[n] && strcmp(tm_criteria_names[n], k))
				n++;
			char sub[64];
			snprintf(sub, sizeof(sub), "%s/%.40s", f->name, k);
			if (!tm_criteria_names[n]) {
				list_values(tm_criteria_names, names, sizeof(names));
				return tm_fail_field(err, TM_EINVAL, sub, "unknown criterion {} (%s)", names);
			}
			if (!json_is_boolean(e))
				return tm_fail_field(err, TM_EINVAL, sub, "{} must be true or false");
			*tm_tier_criterion(AT(in, f, tm_tier_criteria), n) = json_is_true(e);
		}
		mark(d, in, i);
		return 0;
	}
	default:
		if (json_is_null(v) && (f->flags & TM_IN_NULLABLE))
			return tm_input_set_text(d, i, "none", in, err);
		if (!json_is_string(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} must be a string");
		if (strlen(json_string_value(v)) != json_string_length(v))
			return tm_fail_field(err, TM_EINVAL, f->name, "{} contains a NUL character");
		return tm_input_set_text(d, i, json_string_value(v), in, err);
	}
}

static int refuse(const tm_field *f, int mode, tm_error *err)
{
	if ((mode == TM_IN_CREATE && (f->flags & TM_IN_CHANGE_ONLY)) || (mode == TM_IN_CHANGE && (f->flags & TM_IN_CREATE_ONLY)))
		return tm_fail_field(err, TM_EINVAL, f->name, "%s", f->refusal ? f->refusal : "{} cannot be given here");
	return 0;
}

int tm_input_from_json(const tm_input_desc *d, int mode, json_t *obj, void *in, tm_error *err)
{
	const char *k;
	json_t *v;
	if (!json_is_object(obj))
		return tm_fail(err, TM_EINVAL, "the body must be a JSON object");
	json_object_foreach(obj, k, v) {
		int i = tm_input_field(d, k);
		char field[64];
		size_t o = 0;
		/* The member as a JSON pointer token: '~' and '/' escaped (RFC 6901). */
		for (const char *p = k; *p && o + 3 < sizeof(field); p++) {
			if (*p == '~' || *p == '/') {
				field[o++] = '~';
				field[o++] = *p == '~' ? '0' : '1';
			} else {
				field[o++] = *p;
			}
		}
		field[o] = '\0';
		if (i < 0 && !*k)
			return tm_fail_field(err, TM_EINVAL, "/", "unknown field '' (a member with an empty name)");
		if (i < 0) {
			for (int r = 0; d->readonly && d->readonly[r]; r++)
				if (!strcmp(d->readonly[r], k))
					return tm_fail_field(err, TM_EINVAL, field, "{} is read-only");
			return tm_fail_field(err, TM_EINVAL, field, "unknown field {}");
		}
		int rc = refuse(&d->fields[i], mode, err);
		if (!rc)
			rc = from_json_value(d, i, v, in, err);
		if (rc)
			return rc;
	}
	return tm_input_check(d, mode, in, err);
}

int tm_input_check(const tm_input_desc *d, int mode, const void *in, tm_error *err)
{
	for (int i = 0; d->fields[i].name; i++) {
		const tm_field *f = &d->fields[i];
		int rc = tm_input_given(d, in, i) ? refuse(f, mode, err) : 0;
		if (rc)
			return rc;
		if (mode == TM_IN_CREATE && (f->flags & TM_IN_REQUIRED) && !tm_input_given(d, in, i)) {
			char names[400] = "";
			if (f->type == TM_IN_CHOICE)
				list_values(f->values, names, sizeof(names));
			return tm_fail_field(err, TM_EINVAL, f->name, "missing {}: %s%s%s%s", f->help, names[0] ? " (" : "", names,
					     names[0] ? ")" : "");
		}
	}
	return 0;
}

static json_t *field_schema(const tm_field *f)
{
	json_t *s = NULL;
	switch (f->type) {
	case TM_IN_TEXT:
	case TM_IN_PERSON:
		s = json_pack("{s:s, s:I, s:I}", "type", "string", "minLength", (json_int_t)!(f->flags & TM_IN_EMPTY_OK),
			      "maxLength", (json_int_t)(f->type == TM_IN_PERSON ? TM_REF_MAX : f->hi));
		if (f->flags & TM_IN_NULLABLE)
			json_object_set_new(s, "type", json_pack("[s,s]", "string", "null"));
		break;
	case TM_IN_INT:
		s = json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)f->lo, "maximum", (json_int_t)f->hi);
		break;
	case TM_IN_BOOL:
		s = json_pack("{s:s}", "type", "boolean");
		break;
	case TM_IN_DATE:
		s = json_pack("{s:s, s:s}", "type", "string", "format", "date");
		break;
	case TM_IN_DUE:
		s = (f->flags & TM_IN_NULLABLE) ? json_pack("{s:[s,s]}", "type", "string", "null") : json_pack("{s:s}", "type", "string");
		break;
	case TM_IN_CHOICE: {
		json_t *e = json_array();
		for (int i = 0; f->values[i]; i++)
			json_array_append_new(e, json_string(f->values[i]));
		s = json_pack("{s:s, s:o}", "type", "string", "enum", e);
		break;
	}
	case TM_IN_TASK:
		s = json_pack("{s:[{s:s, s:i}, {s:s, s:s}]}", "oneOf", "type", "integer", "minimum", 1, "type", "string",
			      "pattern", "^#?[0-9]+$");
		break;
	case TM_IN_PEOPLE:
		s = json_pack("{s:s, s:I, s:{s:s, s:i}}", "type", "array", "maxItems", (json_int_t)f->hi, "items", "type", "string",
			      "minLength", 1);
		break;
	case TM_IN_TEXTS:
		s = json_pack("{s:s, s:I, s:{s:s, s:i, s:i}}", "type", "array", "maxItems", (json_int_t)f->hi, "items", "type",
			      "string", "minLength", 1, "maxLength", TM_TEXTS_LEN);
		break;
	case TM_IN_REFS:
		s = json_pack("{s:s, s:I, s:{s:[{s:s, s:i}, {s:s, s:i, s:i}]}}", "type", "array", "maxItems", (json_int_t)f->hi,
			      "items", "oneOf", "type", "integer", "minimum", 1, "type", "string", "minLength", 1, "maxLength",
			      TM_REFS_LEN);
		break;
	case TM_IN_TASKS:
		s = json_pack("{s:s, s:I, s:{s:[{s:s, s:i}, {s:s, s:s}]}}", "type", "array", "maxItems", (json_int_t)f->hi,
			      "items", "oneOf", "type", "integer", "minimum", 1, "type", "string", "pattern", "^#?[0-9]+$");
		break;
	case TM_IN_OWNERS: {
		json_t *roles = json_array();
		for (int r = 0; r < TM_ROLE_COUNT; r++)
			json_array_append_new(roles, json_string(tm_role_name(r)));
		s = json_pack("{s:s, s:{s:o}, s:{s:s, s:i}}", "type", "object", "propertyNames", "enum", roles,
			      "additionalProperties", "type", "string", "minLength", 1);
		break;
	}
	case TM_IN_DRIS:
		s = json_pack("{s:s, s:I, s:{s:s, s:i, s:i}, s:{s:[s,s], s:i}}", "type", "object", "maxProperties", (json_int_t)16,
			      "propertyNames", "pattern", "^[a-z0-9_-]+$", "minLength", 1, "maxLength", TM_STREAM_MAX,
			      "additionalProperties", "type", "string", "null", "maxLength", TM_REF_MAX);
		break;
	case TM_IN_NUMBER: /* a value: a number, or a string of one */
	case TM_IN_TARGET: /* a number is a value; a string is any of tm_target_parse's forms ("+20%") */
		s = json_pack("{s:[{s:s, s:f, s:f}, {s:s, s:i, s:i}]}", "oneOf", "type", "number", "minimum", -TM_METRIC_VALUE_MAX,
			      "maximum", TM_METRIC_VALUE_MAX, "type", "string", "minLength", 1, "maxLength", 40);
		break;
	case TM_IN_FLAGS: {
		json_t *props = json_object();
		for (int i = 0; tm_criteria_names[i]; i++)
			json_object_set_new(props, tm_criteria_names[i],
					    json_pack("{s:s, s:s}", "type", "boolean", "description", tm_criteria_help[i]));
		s = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props, "additionalProperties", 0);
		break;
	}
	}
	if (s && f->help)
		json_object_set_new(s, "description", json_string(f->help));
	return s;
}

json_t *tm_input_schema(const tm_input_desc *d, int mode)
{
	json_t *props = json_object(), *required = json_array();
	for (int i = 0; d->fields[i].name; i++) {
		const tm_field *f = &d->fields[i];
		if ((mode == TM_IN_CREATE && (f->flags & TM_IN_CHANGE_ONLY)) ||
		    (mode == TM_IN_CHANGE && (f->flags & TM_IN_CREATE_ONLY)))
			continue;
		json_object_set_new(props, f->name, field_schema(f));
		if (mode == TM_IN_CREATE && (f->flags & TM_IN_REQUIRED))
			json_array_append_new(required, json_string(f->name));
	}
	json_t *s = json_pack("{s:s, s:s, s:o, s:b}", "type", "object", "description", d->summary ? d->summary : "",
			      "properties", props, "additionalProperties", 0);
	if (json_array_size(required))
		json_object_set_new(s, "required", required);
	else
		json_decref(required);
	return s;
}
