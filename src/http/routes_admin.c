/*
 * routes_admin.c - running the workspace from the API as `tminus user`,
 * `token`, `playbook`, `holiday import` and `feed show` run it from the
 * command line, calling the same use cases: users (a new one gets a
 * one-time password, answered once), tokens (the secret answered once),
 * the playbook in force (YAML in, the checker's LINE:COLUMN problems out),
 * an iCalendar import of holidays, and the signed-in user's feed addresses.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "http/internal.h"
#include "present/ics.h"
#include "present/json_app.h"
#include "util/sodium.h"

#include "util/banned.h"

/* Whether the request's Content-Type is one of types (parameters such as charset aside). */
static bool content_type_is(struct call *c, const char *const *types)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	size_t n = ctype ? strcspn(ctype, "; \t") : 0;
	for (int i = 0; ctype && types[i]; i++)
		if (n == strlen(types[i]) && !strncasecmp(ctype, types[i], n))
			return true;
	return false;
}

/* ---- users ---- */

static int h_users(struct call *c)
{
	tm_users us = TM_VEC_INIT;
	int rc = tm_app_user_list(c->app, &us, &c->err);
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < us.n; i++)
			json_array_append_new(arr, tm_json_user(&us.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&us);
	return rc;
}

/* The answer holds the one-time password: never stored, never cached (TM_SECRET). */
static int h_user_add(struct call *c)
{
	json_t *j = NULL;
	tm_user_input in = { 0 };
	tm_user u;
	char password[TM_PASSWORD_TEXT];
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_user_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_user_invite(c->app, &in, password, &u, &c->err);
	tm_call_pointer(c, rc);
	if (!rc) {
		json_t *body = tm_json_user(&u);
		json_object_set_new(body, "password", json_string(password));
		sodium_memzero(password, sizeof(password));
		char loc[TM_NAME_MAX * 3 + 32];
		size_t o = (size_t)snprintf(loc, sizeof(loc), "/api/v1/users/");
		/* The name as one path segment: anything but unreserved characters percent-encoded. */
		for (const unsigned char *p = (const unsigned char *)u.name; *p && o + 4 < sizeof(loc); p++)
			o += (size_t)snprintf(loc + o, sizeof(loc) - o,
					      strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~", *p) ? "%c" : "%%%02X",
					      *p);
		tm_reply_header(c->rep, "Location", loc);
		tm_reply_header(c->rep, "Cache-Control", "no-store");
		tm_reply_json(c->rep, 201, body);
	}
	json_decref(j);
	return rc;
}

static int h_user_set(struct call *c)
{
	json_t *j = NULL;
	tm_user_input in = { 0 };
	tm_user u;
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_user_desc, TM_IN_CHANGE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_user_change(c->app, c->param[0], &in, &u, &c->err);
	tm_call_pointer(c, rc);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_user(&u));
	json_decref(j);
	return rc;
}

static int h_user_rm(struct call *c)
{
	int rc = tm_app_user_rm(c->app, c->param[0], &c->err);
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* ---- tokens ---- */

static int h_tokens(struct call *c)
{
	tm_tokens ts = TM_VEC_INIT;
	int rc = tm_app_token_list(c->app, tm_call_query(c, "user"), &ts, &c->err);
	if (rc == TM_ENOTFOUND)
		snprintf(c->err.field, sizeof(c->err.field), "user"); /* a query parameter naming nobody: 400 */
	if (!rc) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ts.n; i++)
			json_array_append_new(arr, tm_json_token(&ts.v[i]));
		rc = tm_call_list(c, arr);
	}
	TM_VEC_FREE(&ts);
	return rc;
}

/* The answer holds the token: only its hash is ever stored (TM_SECRET). */
static int h_token_add(struct call *c)
{
	json_t *j = NULL;
	tm_token_input in = { 0 };
	tm_token t;
	char text[TM_TOKEN_TEXT];
	int rc = tm_call_body(c, &j);
	if (!rc)
		rc = tm_input_from_json(&tm_token_desc, TM_IN_CREATE, j, &in, &c->err);
	if (!rc)
		rc = tm_app_token_make(c->app, &in, text, &t, &c->err);
	tm_call_pointer(c, rc);
	if (!rc) {
		tm_reply_header(c->rep, "Cache-Control", "no-store");
		tm_reply_json(c->rep, 201, tm_json_token_created(&t, text));
		sodium_memzero(text, sizeof(text));
	}
	json_decref(j);
	return rc;
}

static int h_token_rm(struct call *c)
{
	int rc = tm_app_token_revoke(c->app, c->param[0], &c->err);
	if (rc == TM_EINVAL) {
		rc = c->err.code = TM_ENOTFOUND; /* /tokens/abc names nothing */
		c->err.field[0] = '\0';
	}
	if (!rc)
		tm_reply_text(c->rep, 204, "text/plain; charset=utf-8", "", 0);
	return rc;
}

/* ---- the playbook ---- */

static const char *const yaml_types[] = { "application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml", NULL };

/* {"source","name","yaml"}: the playbook in force. */
static int reply_playbook(struct call *c)
{
	tm_buf yaml = TM_BUF_INIT;
	const char *source = "default";
	const tm_playbook *pb;
	int rc = tm_app_playbook(c->app, &pb, &c->err);
	if (!rc)
		rc = tm_app_playbook_text(c->app, &yaml, &source, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200,
			      json_pack("{s:s, s:s, s:s, s:s%}", "source", source, "name", pb->name, "description",
					pb->description, "yaml", yaml.s, yaml.len));
	tm_buf_release(&yaml);
	return rc;
}

static int h_playbook(struct call *c)
{
	return reply_playbook(c);
}

/* A playbook that is not one: 422 with every problem's line and column, as `playbook check` prints them. */
static void reply_problems(struct call *c, const tm_pb_problems *problems)
{
	json_t *errors = json_array();
	for (size_t i = 0; i < problems->n; i++)
		json_array_append_new(errors, json_pack("{s:i, s:i, s:s}", "line", problems->v[i].line, "column",
							problems->v[i].column, "message", problems->v[i].msg));
	tm_reply_problem_with(c->rep, 422, c->err.msg, NULL, "errors", errors);
}

/* The body as a playbook's text: YAML, valid UTF-8. */
static int playbook_body(struct call *c)
{
	size_t bad = 0;
	if (!content_type_is(c, yaml_types))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "a playbook is YAML: send it as application/yaml or text/yaml");
	if (!tm_utf8_valid(c->body ? c->body : "", c->len, &bad))
		return tm_fail(&c->err, TM_EINVAL, "the playbook is not valid UTF-8 (byte %zu)", bad);
	return 0;
}

static int h_playbook_put(struct call *c)
{
	tm_pb_problems problems = TM_VEC_INIT;
	int rc = playbook_body(c);
	if (!rc)
		rc = tm_app_playbook_set(c->app, c->body ? c->body : "", c->len, "playbook", &problems, &c->err);
	if (rc == TM_EINVAL && problems.n) {
		reply_problems(c, &problems);
		rc = 0; /* answered; nothing was written */
	} else if (!rc) {
		rc = reply_playbook(c);
	}
	TM_VEC_FREE(&problems);
	return rc;
}

static int h_playbook_check(struct call *c)
{
	tm_pb_problems problems = TM_VEC_INIT;
	tm_playbook pb;
	int rc = playbook_body(c);
	if (!rc)
		rc = tm_app_playbook_check_text(c->body ? c->body : "", c->len, "playbook", &pb, &problems, &c->err);
	if (rc == TM_EINVAL && problems.n) {
		reply_problems(c, &problems);
		rc = 0;
	} else if (!rc) {
		size_t n = 0;
		for (int i = 0; i < TM_TIERS; i++)
			n += pb.tiers[i].tasks.n;
		tm_reply_json(c->rep, 200, json_pack("{s:b, s:s, s:i, s:[]}", "ok", 1, "name", pb.name, "tasks", (int)n, "errors"));
		tm_playbook_release(&pb);
	}
	TM_VEC_FREE(&problems);
	return rc;
}

static int h_playbook_rm(struct call *c)
{
	int rc = tm_app_playbook_set(c->app, NULL, 0, NULL, NULL, &c->err);
	return rc ? rc : reply_playbook(c);
}

/* ---- holidays from an iCalendar file ---- */

static int h_holiday_import(struct call *c)
{
	static const char *const ics[] = { "text/calendar", NULL };
	tm_holiday_result r;
	if (!content_type_is(c, ics))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "holidays to import are an iCalendar file: send it as text/calendar");
	int rc = tm_app_holiday_import_text(c->app, c->body ? c->body : "", c->len, "the calendar", &r, &c->err);
	if (!rc)
		tm_reply_json(c->rep, 200, tm_json_holiday_result(&r));
	return rc;
}

/* ---- the signed-in user's calendar feeds ---- */

/* This server's address as the client reached it: the Host it asked for (behind a proxy, the
 * X-Forwarded-Host and X-Forwarded-Proto the proxy sets), over TLS or not. */
static int base_url(struct call *c, char *out, size_t n)
{
	const char *host = NULL, *proto = NULL;
	size_t hl;
	if (c->opt->behind_proxy) {
		host = tm_call_header(c, "X-Forwarded-Host");
		proto = tm_call_header(c, "X-Forwarded-Proto");
	}
	if (!host)
		host = tm_call_header(c, "Host");
	if (!host || !*host)
		host = c->opt->listen ? c->opt->listen : "127.0.0.1:8080";
	hl = strcspn(host, ", \t"); /* a proxy chain's first: the client's */
	if (!hl || hl > 255 || strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]_") < hl)
		return tm_fail_field(&c->err, TM_EINVAL, "Host", "'%.60s' is not a host name to make addresses with", host);
	bool tls = MHD_get_connection_info(c->conn, MHD_CONNECTION_INFO_PROTOCOL) != NULL;
	const char *scheme = proto ? (!strncasecmp(proto, "https", 5) ? "https" : "http") : tls ? "https" : "http";
	snprintf(out, n, "%s://%.*s", scheme, (int)hl, host);
	return 0;
}

static int h_my_feeds(struct call *c)
{
	tm_user u;
	char token[TM_TOKEN_TEXT], base[300], launches[TM_FEED_URL_MAX], tasks[TM_FEED_URL_MAX];
	int rc = base_url(c, base, sizeof(base));
	if (!rc)
		rc = tm_app_feed_token(c->app, c->who.user.name, &u, token, &c->err);
	if (!rc) {
		tm_feed_addresses(base, &u, token, launches, tasks);
		tm_reply_header(c->rep, "Cache-Control", "no-store");
		tm_reply_json(c->rep, 200, json_pack("{s:s, s:o}", "launches", launches, "tasks",
						     tasks[0] ? json_string(tasks) : json_null()));
		sodium_memzero(token, sizeof(token));
	}
	return rc;
}

const struct tm_route tm_routes_admin[] = {
	{ "GET", "/api/v1/users", h_users, TM_ADMIN },
	{ "POST", "/api/v1/users", h_user_add, TM_ADMIN | TM_SECRET },
	{ "PATCH", "/api/v1/users/:", h_user_set, TM_ADMIN },
	{ "DELETE", "/api/v1/users/:", h_user_rm, TM_ADMIN },
	{ "GET", "/api/v1/tokens", h_tokens, TM_ADMIN },
	{ "POST", "/api/v1/tokens", h_token_add, TM_ADMIN | TM_SECRET },
	{ "DELETE", "/api/v1/tokens/:", h_token_rm, TM_ADMIN },
	{ "GET", "/api/v1/playbook", h_playbook, TM_READ },
	{ "PUT", "/api/v1/playbook", h_playbook_put, TM_ADMIN },
	{ "DELETE", "/api/v1/playbook", h_playbook_rm, TM_ADMIN },
	{ "POST", "/api/v1/playbook/check", h_playbook_check, TM_READ | TM_PURE },
	{ "POST", "/api/v1/holidays/import", h_holiday_import, TM_ADMIN },
	{ "GET", "/api/v1/me/feeds", h_my_feeds, TM_READ },
	{ NULL, NULL, NULL, 0 },
};
