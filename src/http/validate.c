/*
 * validate.c - strict request bodies and request framing (see validate.h).
 * The brief and the sign-in list their members in a table (name, type,
 * bounds, whether a client may write it); one walker enforces it. The use
 * cases' inputs are described in app/ (app/inputs.c).
 */
#include "http/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model.h"

#include "util/banned.h"

enum ftype { F_STRING, F_STRINGS, F_METRICS, F_RESOURCES, F_READONLY };

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
		{ "overview_changes", F_READONLY, 0, 0 },          { "personas", F_READONLY, 0, 0 },
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
			/* Two hex digits: strtol alone would take "%-1", "%+f" and "% 5" too. */
			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2]))
				return -1;
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			c = (int)strtol(hex, NULL, 16);
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

bool tm_req_etag_listed(const char *header, const char *etag)
{
	size_t len = strlen(etag);
	/* A list of tags matches when one of them is the current one. */
	for (const char *p = header; *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == len && !strncmp(p, etag, n))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}
