/*
 * validate.c - strict request bodies and request framing (see validate.h).
 * Each resource lists its members in a table: name, type, bounds, and
 * whether a client may write it; one walker enforces the table.
 */
#include "http/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"

enum ftype { F_STRING, F_STRING_OR_NULL, F_INT, F_BOOL, F_IDS, F_OWNERS, F_CRITERIA, F_STRINGS, F_METRICS, F_RESOURCES, F_READONLY };

struct field {
	const char *name;
	int type;          /* enum ftype */
	long long lo, hi;  /* F_INT: range; F_STRING: hi = most bytes; lists: hi = most items */
};

static int fail_ptr(tm_error *err, const char *ptr, const char *fmt, const char *what)
{
	return tm_fail_field(err, TM_EINVAL, ptr, fmt, ptr, what);
}

static int depth_of(const json_t *j, int depth)
{
	int deepest = depth;
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach((json_t *)j, k, v) {
			int d = depth_of(v, depth + 1);
			deepest = d > deepest ? d : deepest;
			if (deepest > TM_JSON_MAX_DEPTH)
				break;
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			int d = depth_of(v, depth + 1);
			deepest = d > deepest ? d : deepest;
			if (deepest > TM_JSON_MAX_DEPTH)
				break;
		}
	}
	return deepest;
}

int tm_req_json(const char *body, size_t len, json_t **out, tm_error *err)
{
	json_error_t jerr;
	size_t bad = 0;
	*out = NULL;
	if (!tm_utf8_valid(body ? body : "", len, &bad))
		return tm_fail_field(err, TM_EINVAL, "/", "the body is not valid UTF-8 (byte %zu)", bad);
	/* jansson refuses \u0000 in strings unless asked, and duplicate keys when asked. */
	json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return tm_fail_field(err, TM_EINVAL, "/", "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column,
				     jerr.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return tm_fail_field(err, TM_EINVAL, "/", "the body must be a JSON object");
	}
	if (depth_of(j, 1) > TM_JSON_MAX_DEPTH) {
		json_decref(j);
		return tm_fail_field(err, TM_EINVAL, "/", "the body is nested deeper than %d levels", TM_JSON_MAX_DEPTH);
	}
	*out = j;
	return 0;
}

static int check_string(json_t *v, const char *ptr, long long max, tm_error *err)
{
	if (!json_is_string(v))
		return fail_ptr(err, ptr, "%s must be a string%s", "");
	if ((long long)json_string_length(v) > max)
		return tm_fail_field(err, TM_EINVAL, ptr, "%s is longer than %lld bytes", ptr, max);
	return 0;
}

static int check_list(json_t *v, const char *ptr, const struct field *f, tm_error *err)
{
	size_t i;
	json_t *e;
	char sub[160];
	if (!json_is_array(v))
		return fail_ptr(err, ptr, "%s must be an array%s", "");
	if ((long long)json_array_size(v) > f->hi)
		return tm_fail_field(err, TM_EINVAL, ptr, "%s has more than %lld items", ptr, f->hi);
	json_array_foreach(v, i, e) {
		snprintf(sub, sizeof(sub), "%s/%zu", ptr, i);
		if (f->type == F_IDS && !json_is_string(e) && !(json_is_integer(e) && json_integer_value(e) > 0))
			return fail_ptr(err, sub, "%s must be a task id%s", "");
		if (f->type == F_STRINGS) {
			int rc = check_string(e, sub, TM_BRIEF_LINE, err);
			if (rc)
				return rc;
		}
		if (f->type == F_METRICS || f->type == F_RESOURCES) {
			static const char *const metric[] = { "metric", "target", "timeframe", NULL };
			static const char *const resource[] = { "label", "link", NULL };
			const char *const *names = f->type == F_METRICS ? metric : resource;
			const char *k;
			json_t *m;
			if (!json_is_object(e))
				return fail_ptr(err, sub, "%s must be an object%s", "");
			json_object_foreach(e, k, m) {
				char mp[224];
				bool known = false;
				snprintf(mp, sizeof(mp), "%s/%.40s", sub, k);
				for (int n = 0; names[n]; n++)
					known |= !strcmp(names[n], k);
				if (!known)
					return fail_ptr(err, mp, "unknown field %s%s", "");
				int rc = check_string(m, mp, TM_BRIEF_LINE, err);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

static int check_object_of(json_t *v, const char *ptr, bool bools, tm_error *err)
{
	const char *k;
	json_t *m;
	if (!json_is_object(v))
		return fail_ptr(err, ptr, "%s must be an object%s", "");
	json_object_foreach(v, k, m) {
		char mp[160];
		snprintf(mp, sizeof(mp), "%s/%.60s", ptr, k);
		if (bools ? !json_is_boolean(m) : !json_is_string(m))
			return fail_ptr(err, mp, bools ? "%s must be true or false%s" : "%s must be a string%s", "");
	}
	return 0;
}

/* Every member known, writable and of its type. */
static int check_fields(json_t *j, const struct field *fields, tm_error *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		char ptr[96];
		const struct field *f = NULL;
		snprintf(ptr, sizeof(ptr), "/%.80s", k);
		for (int i = 0; fields[i].name && !f; i++)
			if (!strcmp(fields[i].name, k))
				f = &fields[i];
		if (!f)
			return fail_ptr(err, ptr, "unknown field %s%s", "");
		int rc = 0;
		switch (f->type) {
		case F_READONLY:
			return fail_ptr(err, ptr, "%s is read-only%s", "");
		case F_STRING:
			rc = check_string(v, ptr, f->hi, err);
			break;
		case F_STRING_OR_NULL: /* null removes the value */
			rc = json_is_null(v) ? 0 : check_string(v, ptr, f->hi, err);
			break;
		case F_INT:
			if (!json_is_integer(v) || json_integer_value(v) < f->lo || json_integer_value(v) > f->hi)
				rc = tm_fail_field(err, TM_EINVAL, ptr, "%s must be a whole number from %lld to %lld", ptr, f->lo, f->hi);
			break;
		case F_BOOL:
			if (!json_is_boolean(v))
				rc = fail_ptr(err, ptr, "%s must be true or false%s", "");
			break;
		case F_OWNERS:
		case F_CRITERIA:
			rc = check_object_of(v, ptr, f->type == F_CRITERIA, err);
			break;
		default:
			rc = check_list(v, ptr, f, err);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static const char *str(json_t *j, const char *name)
{
	return json_string_value(json_object_get(j, name));
}

static int tri(json_t *j, const char *name)
{
	json_t *v = json_object_get(j, name);
	return v ? json_is_true(v) : -1;
}

#define TEXT TM_TEXT_MAX
#define NAME TM_NAME_MAX

static const struct field launch_fields[] = {
	{ "name", F_STRING, 0, NAME },      { "date", F_STRING, 0, 32 },        { "tier", F_INT, 1, 4 },
	{ "pm", F_STRING, 0, NAME },        { "marketing", F_STRING, 0, NAME }, { "confidence", F_STRING, 0, 32 },
	{ "status", F_STRING, 0, 32 },      { "quadrant", F_STRING, 0, 64 },    { "owners", F_OWNERS, 0, 16 },
	{ "add_channel_tasks", F_BOOL, 0, 0 }, { "criteria", F_CRITERIA, 0, 0 },
	{ "id", F_READONLY, 0, 0 },         { "slug", F_READONLY, 0, 0 },       { "version", F_READONLY, 0, 0 },
	{ "tasks", F_READONLY, 0, 0 },      { "tasks_total", F_READONLY, 0, 0 }, { "tasks_done", F_READONLY, 0, 0 },
	{ "date_changes", F_READONLY, 0, 0 }, { "slips", F_READONLY, 0, 0 },    { "date_history", F_READONLY, 0, 0 },
	{ "notes", F_READONLY, 0, 0 },      { NULL, 0, 0, 0 },
};

int tm_req_launch(json_t *j, bool create, tm_launch_input *in, tm_error *err)
{
	int rc = check_fields(j, launch_fields, err);
	if (rc)
		return rc;
	if (create && json_object_get(j, "status"))
		return tm_fail_field(err, TM_EINVAL, "/status", "/status is set later: a new launch is planned");
	if (!create && json_object_get(j, "date"))
		return tm_fail_field(err, TM_EINVAL, "/date",
				     "/date moves with POST /api/v1/launches/{id}/delay, which records why");
	if (!create && json_object_get(j, "criteria"))
		return tm_fail_field(err, TM_EINVAL, "/criteria", "/criteria only suggests the tier of a new launch");
	memset(in, 0, sizeof(*in));
	in->name = str(j, "name");
	in->date = str(j, "date");
	in->pm = str(j, "pm");
	in->marketing = str(j, "marketing");
	in->confidence = str(j, "confidence");
	in->status = str(j, "status");
	in->quadrant = str(j, "quadrant");
	in->add_channel_tasks = json_is_true(json_object_get(j, "add_channel_tasks"));
	json_t *tier = json_object_get(j, "tier");
	in->tier = tier ? (int)json_integer_value(tier) : 0;
	json_t *owners = json_object_get(j, "owners");
	if (owners) {
		/* "owners": {"sales": "Dana"} → "sales=Dana", the command line's form. The
		 * strings are kept in the json_t itself so they live as long as the input. */
		const char *k;
		json_t *v;
		json_t *texts = json_array();
		json_object_set_new(j, "\001" "owners", texts);
		json_object_foreach(owners, k, v) {
			if ((size_t)in->n_owners >= sizeof(in->owners) / sizeof(in->owners[0]))
				return tm_fail_field(err, TM_EINVAL, "/owners", "/owners names at most %zu roles",
						     sizeof(in->owners) / sizeof(in->owners[0]));
			char buf[TM_NAME_MAX + 48];
			if (strlen(k) > 32 || strchr(k, '='))
				return tm_fail_field(err, TM_EINVAL, "/owners", "/owners takes roles (pm, sales, …) as its keys");
			if (json_string_length(v) > TM_NAME_MAX)
				return tm_fail_field(err, TM_EINVAL, "/owners", "/owners names people (at most %d bytes)", TM_NAME_MAX);
			snprintf(buf, sizeof(buf), "%s=%s", k, json_string_value(v));
			json_t *text = json_string(buf);
			if (!text)
				return tm_fail_field(err, TM_EINVAL, "/owners", "/owners is not valid text");
			json_array_append_new(texts, text);
			in->owners[in->n_owners++] = json_string_value(json_array_get(texts, json_array_size(texts) - 1));
		}
	}
	json_t *crit = json_object_get(j, "criteria");
	if (crit) {
		static const char *const names[] = { "major", "new_market", "revenue_impact", "significant",
						     "existing_market", "enhancement", "bugfix" };
		bool *flags[] = { &in->criteria.major, &in->criteria.new_market, &in->criteria.revenue_impact,
				  &in->criteria.significant, &in->criteria.existing_market, &in->criteria.enhancement,
				  &in->criteria.bugfix };
		const char *k;
		json_t *v;
		json_object_foreach(crit, k, v) {
			size_t i = 0;
			while (i < sizeof(names) / sizeof(names[0]) && strcmp(names[i], k))
				i++;
			if (i == sizeof(names) / sizeof(names[0])) {
				char ptr[96];
				snprintf(ptr, sizeof(ptr), "/criteria/%.60s", k);
				return fail_ptr(err, ptr, "unknown criterion %s%s (major, new_market, revenue_impact, significant, existing_market, enhancement, bugfix)", "");
			}
			*flags[i] = json_is_true(v);
		}
	}
	if (create && !in->name)
		return tm_fail_field(err, TM_EINVAL, "/name", "/name is required");
	if (create && !in->date)
		return tm_fail_field(err, TM_EINVAL, "/date", "/date is required (YYYY-MM-DD)");
	return 0;
}

static const struct field task_fields[] = {
	{ "title", F_STRING, 0, TM_TITLE_MAX }, { "section", F_STRING, 0, NAME }, { "owner", F_STRING, 0, NAME },
	{ "role", F_STRING, 0, 32 },            { "due", F_STRING, 0, 32 },       { "status", F_STRING, 0, 32 },
	{ "effort_days", F_INT, 0, 250 },       { "required", F_BOOL, 0, 0 },     { "milestone", F_BOOL, 0, 0 },
	{ "after", F_IDS, 0, 32 },              { "id", F_READONLY, 0, 0 },       { "launch", F_READONLY, 0, 0 },
	{ "offset", F_READONLY, 0, 0 },         { "depends_on", F_READONLY, 0, 0 }, { "version", F_READONLY, 0, 0 },
	{ "reviewers", F_READONLY, 0, 0 },      { "not_before", F_STRING_OR_NULL, 0, 32 },
	{ "not_before_offset", F_READONLY, 0, 0 }, { NULL, 0, 0, 0 },
};

int tm_req_task(json_t *j, bool create, tm_task_input *in, tm_error *err)
{
	int rc = check_fields(j, task_fields, err);
	if (rc)
		return rc;
	if (!create && json_object_get(j, "after"))
		return tm_fail_field(err, TM_EINVAL, "/after", "/after changes with POST and DELETE /api/v1/tasks/{id}/deps");
	*in = (tm_task_input)TM_TASK_INPUT_INIT;
	in->title = str(j, "title");
	in->section = str(j, "section");
	in->owner = str(j, "owner");
	in->role = str(j, "role");
	in->due = str(j, "due");
	json_t *nb = json_object_get(j, "not_before");
	if (nb)
		in->not_before = json_is_null(nb) ? "" : json_string_value(nb); /* "": remove it */
	in->status = str(j, "status");
	json_t *days = json_object_get(j, "effort_days");
	if (days)
		in->days = (int)json_integer_value(days);
	in->required = tri(j, "required");
	in->milestone = tri(j, "milestone");
	json_t *after = json_object_get(j, "after");
	if (after) {
		size_t i;
		json_t *v;
		json_t *texts = json_array();
		json_object_set_new(j, "\001" "after", texts);
		json_array_foreach(after, i, v) {
			if (json_is_integer(v)) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
				json_array_append_new(texts, json_string(buf));
			} else {
				json_array_append(texts, v);
			}
			in->after[in->n_after++] = json_string_value(json_array_get(texts, i));
		}
	}
	if (create && !in->title)
		return tm_fail_field(err, TM_EINVAL, "/title", "/title is required");
	return 0;
}

int tm_req_delay(json_t *j, const char **to, const char **reason, tm_error *err)
{
	static const struct field fields[] = { { "to", F_STRING, 0, 32 }, { "reason", F_STRING, 0, TEXT }, { NULL, 0, 0, 0 } };
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	*to = str(j, "to");
	*reason = str(j, "reason");
	if (!*to)
		return tm_fail_field(err, TM_EINVAL, "/to", "/to is required (the new launch date, YYYY-MM-DD)");
	if (!*reason)
		return tm_fail_field(err, TM_EINVAL, "/reason", "/reason is required: a moved launch day needs a why for the ledger");
	return 0;
}

int tm_req_dep(json_t *j, const char **after, tm_error *err)
{
	static const struct field fields[] = { { "after", F_STRING, 0, 32 }, { NULL, 0, 0, 0 } };
	json_t *v = json_object_get(j, "after");
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		json_object_set_new(j, "after", json_string(buf));
	}
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	if (!(*after = str(j, "after")))
		return tm_fail_field(err, TM_EINVAL, "/after", "/after is required (the task it waits for)");
	return 0;
}

int tm_req_person(json_t *j, tm_person_input *in, tm_error *err)
{
	static const struct field fields[] = { { "name", F_STRING, 0, NAME }, { "role", F_STRING, 0, 32 },
					       { "email", F_STRING, 0, TM_EMAIL_MAX }, { "id", F_READONLY, 0, 0 },
					       { "capacity", F_READONLY, 0, 0 }, { NULL, 0, 0, 0 } };
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	in->name = str(j, "name");
	in->role = str(j, "role");
	in->email = str(j, "email");
	if (!in->name)
		return tm_fail_field(err, TM_EINVAL, "/name", "/name is required");
	return 0;
}

int tm_req_holiday(json_t *j, const char **date, const char **name, tm_error *err)
{
	static const struct field fields[] = { { "date", F_STRING, 0, 32 }, { "name", F_STRING, 0, NAME }, { NULL, 0, 0, 0 } };
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	*date = str(j, "date");
	*name = str(j, "name");
	if (!*date)
		return tm_fail_field(err, TM_EINVAL, "/date", "/date is required (YYYY-MM-DD)");
	return 0;
}

int tm_req_freeze(json_t *j, const char **from, const char **to, const char **name, tm_error *err)
{
	static const struct field fields[] = { { "from", F_STRING, 0, 32 }, { "to", F_STRING, 0, 32 },
					       { "name", F_STRING, 0, NAME }, { "id", F_READONLY, 0, 0 }, { NULL, 0, 0, 0 } };
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	*from = str(j, "from");
	*to = str(j, "to");
	*name = str(j, "name");
	const char *missing = !*from ? "/from" : !*to ? "/to" : !*name ? "/name" : NULL;
	if (missing)
		return tm_fail_field(err, TM_EINVAL, missing, "%s is required", missing);
	return 0;
}

int tm_req_decision(json_t *j, const char **launch, const char **what, const char **why, tm_error *err)
{
	static const struct field fields[] = { { "launch", F_STRING, 0, TM_SLUG_MAX }, { "what", F_STRING, 0, TEXT },
					       { "why", F_STRING, 0, TEXT }, { "id", F_READONLY, 0, 0 }, { "who", F_READONLY, 0, 0 },
					       { "on", F_READONLY, 0, 0 }, { "at", F_READONLY, 0, 0 }, { NULL, 0, 0, 0 } };
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	*launch = str(j, "launch");
	*what = str(j, "what");
	*why = str(j, "why");
	if (!*what)
		return tm_fail_field(err, TM_EINVAL, "/what", "/what is required");
	return 0;
}

static void copy_text(char *dst, size_t n, json_t *v)
{
	snprintf(dst, n, "%s", json_is_string(v) ? json_string_value(v) : "");
}

int tm_req_brief(json_t *j, tm_brief *out, tm_error *err)
{
	static const struct field fields[] = {
		{ "what", F_STRING, 0, TM_BRIEF_TEXT },           { "why_users", F_STRING, 0, TM_BRIEF_TEXT },
		{ "why_business", F_STRING, 0, TM_BRIEF_TEXT },   { "audience_primary", F_STRING, 0, TM_BRIEF_LINE },
		{ "audience_secondary", F_STRING, 0, TM_BRIEF_LINE }, { "headline", F_STRING, 0, TM_BRIEF_LINE },
		{ "supporting_points", F_STRINGS, 0, TM_BRIEF_ITEMS }, { "competitive", F_STRING, 0, TM_BRIEF_TEXT },
		{ "limitations", F_STRINGS, 0, TM_BRIEF_ITEMS },   { "success_metrics", F_METRICS, 0, TM_BRIEF_ITEMS },
		{ "resources", F_RESOURCES, 0, TM_BRIEF_ITEMS },   { "launch", F_READONLY, 0, 0 },
		{ "written", F_READONLY, 0, 0 },                   { "markdown", F_READONLY, 0, 0 },
		{ NULL, 0, 0, 0 },
	};
	int rc = check_fields(j, fields, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	copy_text(out->what, sizeof(out->what), json_object_get(j, "what"));
	copy_text(out->why_users, sizeof(out->why_users), json_object_get(j, "why_users"));
	copy_text(out->why_business, sizeof(out->why_business), json_object_get(j, "why_business"));
	copy_text(out->audience_primary, sizeof(out->audience_primary), json_object_get(j, "audience_primary"));
	copy_text(out->audience_secondary, sizeof(out->audience_secondary), json_object_get(j, "audience_secondary"));
	copy_text(out->headline, sizeof(out->headline), json_object_get(j, "headline"));
	copy_text(out->competitive, sizeof(out->competitive), json_object_get(j, "competitive"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "supporting_points"), i, v)
		copy_text(out->points[out->n_points++], TM_BRIEF_LINE + 1, v);
	json_array_foreach(json_object_get(j, "limitations"), i, v)
		copy_text(out->limitations[out->n_limitations++], TM_BRIEF_LINE + 1, v);
	json_array_foreach(json_object_get(j, "success_metrics"), i, v) {
		tm_brief_metric *m = &out->metrics[out->n_metrics++];
		copy_text(m->metric, sizeof(m->metric), json_object_get(v, "metric"));
		copy_text(m->target, sizeof(m->target), json_object_get(v, "target"));
		copy_text(m->timeframe, sizeof(m->timeframe), json_object_get(v, "timeframe"));
	}
	json_array_foreach(json_object_get(j, "resources"), i, v) {
		tm_brief_resource *r = &out->resources[out->n_resources++];
		copy_text(r->label, sizeof(r->label), json_object_get(v, "label"));
		copy_text(r->link, sizeof(r->link), json_object_get(v, "link"));
	}
	return 0;
}

/* Decodes one application/x-www-form-urlencoded value into out ('+' is a space). */
static int form_decode(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			char hex[3] = { 0 };
			if (i + 2 >= n)
				return -1;
			hex[0] = s[i + 1];
			hex[1] = s[i + 2];
			char *end = NULL;
			long v = strtol(hex, &end, 16);
			if (*end || end != hex + 2)
				return -1;
			c = (int)v;
			i += 2;
		}
		if (c == 0 || o + 1 >= outsz)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

bool tm_req_form_field(const char *body, size_t len, const char *name, char *out, size_t outsz)
{
	size_t nlen = strlen(name);
	bool found = false;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		const char *eq = memchr(body + i, '=', end - i);
		if (eq && (size_t)(eq - (body + i)) == nlen && !memcmp(body + i, name, nlen)) {
			if (found || form_decode(eq + 1, (size_t)(body + end - (eq + 1)), out, outsz))
				return false;
			found = true;
		}
		i = end + 1;
	}
	return found;
}

int tm_req_login(const char *body, size_t len, bool form, char *user, size_t user_sz, char *password,
		 size_t password_sz, tm_error *err)
{
	user[0] = password[0] = '\0';
	if (form) {
		bool got_user = tm_req_form_field(body, len, "user", user, user_sz);
		bool got_pw = tm_req_form_field(body, len, "password", password, password_sz);
		if (!got_user || !got_pw)
			return tm_fail_field(err, TM_EINVAL, got_user ? "password" : "user",
					     "sign-in needs a user and a password (once each)");
		return 0;
	}
	json_t *j = NULL;
	static const struct field fields[] = { { "user", F_STRING, 0, TM_NAME_MAX }, { "password", F_STRING, 0, 1024 },
					       { NULL, 0, 0, 0 } };
	int rc = tm_req_json(body, len, &j, err);
	if (!rc)
		rc = check_fields(j, fields, err);
	if (!rc && (!str(j, "user") || !str(j, "password")))
		rc = tm_fail_field(err, TM_EINVAL, !str(j, "user") ? "/user" : "/password", "sign-in needs a user and a password");
	if (!rc) {
		snprintf(user, user_sz, "%s", str(j, "user"));
		snprintf(password, password_sz, "%s", str(j, "password"));
	}
	json_decref(j);
	return rc;
}

int tm_req_framing(const tm_framing *f, char *msg, size_t msgsz)
{
	const char *url = f->url ? f->url : "";
	if (f->n_content_length > 1)
		return snprintf(msg, msgsz, "more than one Content-Length header"), 400;
	if (f->n_content_length && f->n_transfer_encoding)
		return snprintf(msg, msgsz, "Content-Length together with Transfer-Encoding"), 400;
	if (f->n_content_length) {
		const char *p = f->content_length ? f->content_length : "";
		if (!*p || strspn(p, "0123456789") != strlen(p))
			return snprintf(msg, msgsz, "Content-Length '%.40s' is not a number", p), 400;
	}
	if (f->n_transfer_encoding &&
	    (f->n_transfer_encoding > 1 || !f->transfer_encoding || strcasecmp(f->transfer_encoding, "chunked")))
		return snprintf(msg, msgsz, "unsupported Transfer-Encoding '%.60s'",
				f->transfer_encoding ? f->transfer_encoding : ""), 501;
	if (f->version && !strcmp(f->version, "HTTP/1.1") && f->n_host != 1)
		return snprintf(msg, msgsz, "HTTP/1.1 needs exactly one Host header"), 400;
	if (url[0] != '/')
		return snprintf(msg, msgsz, "the path must start with '/'"), 400;
	if (f->nul || strstr(url, "%00"))
		return snprintf(msg, msgsz, "the path contains a NUL"), 400;
	/* Dot segments, plain or percent-encoded ("%2e%2e"): nothing is served from outside its tree. */
	for (const char *seg = url; seg && *seg == '/'; seg = strchr(seg + 1, '/')) {
		const char *s = seg + 1;
		size_t len = strcspn(s, "/?"), dots = 0, i = 0;
		bool only_dots = true;
		while (i < len && only_dots) {
			if (s[i] == '.')
				dots++, i++;
			else if (len - i >= 3 && !strncasecmp(s + i, "%2e", 3))
				dots++, i += 3;
			else
				only_dots = false;
		}
		if (only_dots && (dots == 1 || dots == 2))
			return snprintf(msg, msgsz, "the path has a '.' or '..' segment"), 404;
		if (s[len] != '/')
			break;
	}
	return 0;
}
