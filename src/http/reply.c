/*
 * reply.c - what every handler uses: the reply it fills (never the socket),
 * RFC 9457 problems, and the call's parameters, bodies, versions and pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http/internal.h"
#include "http/validate.h"
#include "render/json.h"

#include "util/banned.h"

/* ---- replies ---- */

void tm_reply_init(struct tm_reply *r)
{
	memset(r, 0, sizeof(*r));
	tm_buf_init(&r->body);
	r->status = 200;
	r->body_fd = -1;
}

/* Closes a file body the reply still owns. */
static void drop_file(struct tm_reply *r)
{
	if (r->body_fd >= 0)
		close(r->body_fd);
	r->body_fd = -1;
	r->body_fd_size = 0;
}

void tm_reply_release(struct tm_reply *r)
{
	tm_buf_release(&r->body);
	drop_file(r);
}

void tm_reply_header(struct tm_reply *r, const char *name, const char *value)
{
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name)) {
			snprintf(r->headers[i].value, sizeof(r->headers[0].value), "%s", value);
			return;
		}
	if (r->n_headers >= TM_REPLY_MAX_HEADERS)
		return;
	snprintf(r->headers[r->n_headers].name, sizeof(r->headers[0].name), "%s", name);
	snprintf(r->headers[r->n_headers].value, sizeof(r->headers[0].value), "%s", value);
	r->n_headers++;
}

const char *tm_reply_get_header(const struct tm_reply *r, const char *name)
{
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void tm_reply_text(struct tm_reply *r, int status, const char *content_type, const char *s, size_t n)
{
	r->status = status;
	drop_file(r);
	tm_buf_reset(&r->body);
	tm_buf_add(&r->body, s, n);
	snprintf(r->content_type, sizeof(r->content_type), "%s", content_type);
}

void tm_reply_file(struct tm_reply *r, int status, const char *content_type, int fd, uint64_t size)
{
	tm_reply_text(r, status, content_type, "", 0);
	r->body_fd = fd;
	r->body_fd_size = size;
}

void tm_reply_json(struct tm_reply *r, int status, json_t *j)
{
	/* The CLI's --json, compact: the same document in fewer bytes. */
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | TM_JSON_REALS);
	json_decref(j);
	tm_reply_text(r, status, "", s ? s : "null", s ? strlen(s) : 4);
	tm_buf_addc(&r->body, '\n');
	free(s);
}

/* text as a JSON string, made valid UTF-8 first (details may quote what a client sent). */
static json_t *utf8_string(const char *text)
{
	tm_buf b = TM_BUF_INIT;
	tm_utf8_sanitize(text, &b);
	json_t *j = json_string(b.s);
	tm_buf_release(&b);
	return j;
}

void tm_reply_problem(struct tm_reply *r, int status, const char *detail, const char *parameter)
{
	tm_reply_problem_with(r, status, detail, parameter, NULL, NULL);
}

void tm_reply_problem_with(struct tm_reply *r, int status, const char *detail, const char *parameter,
			   const char *member, json_t *value)
{
	const char *title = MHD_get_reason_phrase_for((unsigned)status);
	json_t *j = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank", "title", title ? title : "Error", "status",
			      status, "detail", utf8_string(detail));
	if (parameter && *parameter)
		json_object_set_new(j, "parameter", utf8_string(parameter));
	if (member && value)
		json_object_set_new(j, member, value);
	else
		json_decref(value);
	/* An error replaces whatever a handler had set, but keeps Allow, Retry-After and auth challenges. */
	int keep = 0;
	for (int i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, "Allow") || !strcasecmp(r->headers[i].name, "Retry-After") ||
		    !strcasecmp(r->headers[i].name, "WWW-Authenticate") || !strcasecmp(r->headers[i].name, "Set-Cookie"))
			r->headers[keep++] = r->headers[i];
	r->n_headers = keep;
	tm_reply_json(r, status, j);
	snprintf(r->content_type, sizeof(r->content_type), "application/problem+json; charset=utf-8");
}

/* ---- helpers for handlers ---- */

const char *tm_call_query(struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *tm_call_header(struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

int tm_call_query_bool(struct call *c, const char *name, bool *out)
{
	const char *v = tm_call_query(c, name);
	*out = v && (!strcmp(v, "true") || !strcmp(v, "1"));
	if (v && strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0"))
		return tm_fail_field(&c->err, TM_EINVAL, name, "%s is true or false, not '%.20s'", name, v);
	return 0;
}

int tm_call_query_int(struct call *c, const char *name, int def, int lo, int hi, int *out)
{
	const char *v = tm_call_query(c, name);
	*out = def;
	if (!v)
		return 0;
	int rc = tm_parse_int(name, v, lo, hi, out, &c->err);
	if (rc)
		snprintf(c->err.field, sizeof(c->err.field), "%s", name);
	return rc;
}

int tm_call_body(struct call *c, json_t **out)
{
	const char *ctype = tm_call_header(c, "Content-Type");
	*out = NULL;
	if (!ctype || strncasecmp(ctype, "application/json", 16) || (ctype[16] && ctype[16] != ';' && ctype[16] != ' '))
		return tm_fail(&c->err, TM_EUNSUPPORTED, "the body must be application/json");
	return tm_req_json(c->body, c->len, out, &c->err);
}

void tm_call_etag(struct call *c, const char *kind, int64_t id, int64_t version)
{
	char v[96];
	snprintf(v, sizeof(v), "\"%s-%lld-v%lld\"", kind, (long long)id, (long long)version);
	tm_reply_header(c->rep, "ETag", v);
}

int tm_call_if_match(struct call *c, const char *kind, int64_t id, int64_t version)
{
	const char *h = tm_call_header(c, "If-Match");
	char want[96];
	if (!h || !strcmp(h, "*"))
		return tm_fail(&c->err, TM_EPRECONDITION, "If-Match is required: send the ETag you read (%s %lld)", kind,
			       (long long)id);
	snprintf(want, sizeof(want), "\"%s-%lld-v%lld\"", kind, (long long)id, (long long)version);
	if (tm_req_etag_listed(h, want))
		return 0;
	return tm_fail(&c->err, TM_ESTALE, "%s %lld has changed since you read it (now %s): read it again", kind,
		       (long long)id, want);
}

void tm_call_created(struct call *c, const char *location_fmt, int64_t id, json_t *body)
{
	char loc[256];
	snprintf(loc, sizeof(loc), location_fmt, (long long)id);
	tm_reply_header(c->rep, "Location", loc);
	tm_reply_json(c->rep, 201, body);
}

int tm_call_pointer(struct call *c, int rc)
{
	if (rc && c->err.field[0] && c->err.field[0] != '/') {
		char f[sizeof(c->err.field)];
		snprintf(f, sizeof(f), "/%.*s", (int)sizeof(f) - 2, c->err.field);
		memcpy(c->err.field, f, sizeof(f));
	}
	return rc;
}

int tm_call_query_input(struct call *c, const tm_input_desc *d, const char *field, const char *text, void *in)
{
	tm_spell_fn spell = c->err.spell;
	c->err.spell = NULL;
	int rc = tm_input_set(d, field, text, in, &c->err);
	c->err.spell = spell;
	return rc;
}

int tm_call_page(struct call *c, int *limit, int *offset)
{
	int rc = tm_call_query_int(c, "limit", 100, 1, 1000, limit);
	return rc ? rc : tm_call_query_int(c, "offset", 0, 0, 100000000, offset);
}

/* Appends k=v of every query argument but limit and offset, URL-encoded. */
struct link_args {
	tm_buf *b;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct link_args *la = cls;
	(void)kind;
	if (!key || !strcmp(key, "limit") || !strcmp(key, "offset") || !strcmp(key, "token"))
		return MHD_YES;
	tm_buf_printf(la->b, "&%s=", key);
	for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			tm_buf_add(la->b, (const char *)p, 1);
		else
			tm_buf_printf(la->b, "%%%02X", *p);
	}
	return MHD_YES;
}

int tm_call_list(struct call *c, json_t *arr)
{
	int limit, offset;
	int rc = tm_call_page(c, &limit, &offset);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	size_t n = json_array_size(arr);
	json_t *page = json_array();
	for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit; i++)
		json_array_append(page, json_array_get(arr, i));
	json_decref(arr);
	if ((size_t)offset + (size_t)limit < n)
		tm_call_link_next(c, limit, offset);
	tm_reply_json(c->rep, 200, page);
	return 0;
}

void tm_call_link_next(struct call *c, int limit, int offset)
{
	tm_buf b = TM_BUF_INIT;
	struct link_args la = { &b };
	const char *q = strchr(c->url, '?');
	tm_buf_printf(&b, "<%.*s?limit=%d&offset=%d", q ? (int)(q - c->url) : (int)strlen(c->url), c->url, limit,
		      offset + limit);
	MHD_get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, add_arg, &la);
	tm_buf_adds(&b, ">; rel=\"next\"");
	tm_reply_header(c->rep, "Link", b.s);
	tm_buf_release(&b);
}
