/* model.c - the vocabularies' text forms and small value helpers. */
#include "core/model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "util/banned.h"

static const char *const role_names[] = {
#define X(id, text, label) text,
	TM_ROLES(X)
#undef X
};
static const char *const role_labels[] = {
#define X(id, text, label) label,
	TM_ROLES(X)
#undef X
};
static const char *const task_status_names[] = {
#define X(id, text) text,
	TM_TASK_STATUSES(X)
#undef X
};
static const char *const launch_status_names[] = {
#define X(id, text) text,
	TM_LAUNCH_STATUSES(X)
#undef X
};
static const char *const confidence_names[] = {
#define X(id, text) text,
	TM_CONFIDENCES(X)
#undef X
};

static const char *const quadrant_names[] = {
#define X(id, text) text,
	TM_QUADRANTS(X)
#undef X
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int lookup(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *tm_role_name(int r) { return r >= 0 && r < COUNT(role_names) ? role_names[r] : ""; }
const char *tm_role_label(int r) { return r >= 0 && r < COUNT(role_labels) ? role_labels[r] : ""; }
int tm_role_parse(const char *s) { return lookup(role_names, COUNT(role_names), s); }

const char *const tm_link_kind_names[] = { "launch", "idea", "experiment", "roadmap", NULL };

const char *tm_role_names(void)
{
	return "pm, pmm, marketing, sales, cs, support, eng, design, exec, legal";
}

const char *tm_task_status_name(int s)
{
	return s >= 0 && s < COUNT(task_status_names) ? task_status_names[s] : "";
}

int tm_task_status_parse(const char *s)
{
	int v = lookup(task_status_names, COUNT(task_status_names), s);
	if (v < 0 && s && strcasecmp(s, "in-progress") == 0)
		v = TM_TASK_IN_PROGRESS;
	if (v < 0 && s && strcasecmp(s, "awaiting-approval") == 0)
		v = TM_TASK_AWAITING_APPROVAL;
	return v;
}

const char *tm_launch_status_name(int s)
{
	return s >= 0 && s < COUNT(launch_status_names) ? launch_status_names[s] : "";
}

int tm_launch_status_parse(const char *s) { return lookup(launch_status_names, COUNT(launch_status_names), s); }

const char *tm_confidence_name(int c)
{
	return c >= 0 && c < COUNT(confidence_names) ? confidence_names[c] : "";
}

const char *tm_quadrant_name(int q)
{
	return q >= 0 && q < COUNT(quadrant_names) ? quadrant_names[q] : "";
}

int tm_quadrant_parse(const char *s)
{
	char buf[32];
	if (!s || strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *p = buf; *p; p++)
		if (*p == '/' || *p == ' ' || *p == '_')
			*p = '-';
	return lookup(quadrant_names, COUNT(quadrant_names), buf);
}

int tm_confidence_parse(const char *s) { return lookup(confidence_names, COUNT(confidence_names), s); }

/* Names each ended by '\x1f' in one field: how many, and the i-th. */
static int names_count(const char *names)
{
	int n = 0;
	for (const char *p = names; *p; p++)
		n += *p == '\x1f';
	return n;
}

static const char *names_at(const char *names, int i, size_t *len)
{
	const char *p = names;
	for (; *p && i > 0; i--)
		p += strcspn(p, "\x1f") + 1;
	if (!*p)
		return NULL;
	*len = strcspn(p, "\x1f");
	return p;
}

int tm_task_reviewers(const tm_task *t) { return names_count(t->reviewed_by); }
const char *tm_task_reviewer(const tm_task *t, int i, size_t *len) { return names_at(t->reviewed_by, i, len); }
int tm_task_approvals(const tm_task *t) { return names_count(t->approved_by); }
const char *tm_task_approver(const tm_task *t, int i, size_t *len) { return names_at(t->approved_by, i, len); }

static bool names_have(const char *names, const char *name, size_t len)
{
	size_t l;
	while ((names = names_at(names, 0, &l)) != NULL) {
		if (l == len && strncasecmp(names, name, len) == 0)
			return true;
		names += l + 1;
	}
	return false;
}

int tm_task_missing_approvals(const tm_task *t, const char *pmm, char (*missing)[TM_NAME_MAX + 1], int max)
{
	if (!t->external)
		return 0;
	int n = 0;
	/* The PMM first, then each reviewer not already named. */
	const char *who[1 + TM_REVIEWERS_MAX];
	size_t len[1 + TM_REVIEWERS_MAX];
	int k = 0;
	if (pmm && *pmm) {
		who[k] = pmm;
		len[k++] = strlen(pmm);
	}
	for (int i = 0; i < TM_REVIEWERS_MAX; i++) {
		size_t l;
		const char *r = tm_task_reviewer(t, i, &l);
		if (!r)
			break;
		bool dup = false;
		for (int j = 0; j < k; j++)
			dup |= len[j] == l && strncasecmp(who[j], r, l) == 0;
		if (!dup) {
			who[k] = r;
			len[k++] = l;
		}
	}
	for (int j = 0; j < k; j++) {
		if (names_have(t->approved_by, who[j], len[j]))
			continue;
		if (n < max) {
			size_t l = len[j] < TM_NAME_MAX ? len[j] : TM_NAME_MAX;
			memcpy(missing[n], who[j], l);
			missing[n][l] = '\0';
		}
		n++;
	}
	return n;
}

void tm_task_release(tm_task *t)
{
	free(t->depends_on);
	t->depends_on = NULL;
	t->n_depends_on = 0;
}

void tm_audit_release(tm_audit *a)
{
	free(a->before);
	free(a->after);
	a->before = a->after = NULL;
}

void tm_audits_free(tm_audits *a)
{
	for (size_t i = 0; i < a->n; i++)
		tm_audit_release(&a->v[i]);
	TM_VEC_FREE(a);
}

void tm_tasks_free(tm_tasks *tasks)
{
	for (size_t i = 0; i < tasks->n; i++)
		tm_task_release(&tasks->v[i]);
	TM_VEC_FREE(tasks);
}

/* Letters and digits of every script, and the marks that belong to them (é decomposed, Devanagari vowel signs). */
static bool slug_char(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_M) ||
	       uc_is_general_category(c, UC_CATEGORY_Nd);
}

void tm_slugify(const char *name, char *out, size_t outsz)
{
	size_t n = 0, len = 0;
	bool hyphen = false, all_digits = true;
	/* Lower case in NFC first: "É" and "E\u0301" give the same slug. */
	uint8_t *lower = u8_tolower((const uint8_t *)name, strlen(name), NULL, UNINORM_NFC, NULL, &len);
	const uint8_t *p = lower ? lower : (const uint8_t *)"";
	if (!lower)
		len = 0;
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, p + i, len - i);
		if (k <= 0)
			break;
		if (!slug_char(c) || c == 0xFFFD) {
			hyphen = true;
			i += (size_t)k;
			continue;
		}
		size_t need = (size_t)k + (hyphen && n > 0 ? 1 : 0);
		if (n + need + 1 > outsz)
			break; /* never half a character */
		if (hyphen && n > 0)
			out[n++] = '-';
		hyphen = false;
		memcpy(out + n, p + i, (size_t)k);
		n += (size_t)k;
		if (c < '0' || c > '9')
			all_digits = false;
		i += (size_t)k;
	}
	free(lower);
	out[n] = '\0';
	if (n == 0) {
		snprintf(out, outsz, "launch");
	} else if (all_digits) {
		char tmp[TM_SLUG_MAX + 1];
		snprintf(tmp, sizeof(tmp), "%s", out);
		snprintf(out, outsz, "launch-%s", tmp);
	}
}

/* Length of the UTF-8 sequence at p, or 0 if it is not valid UTF-8. */
static int utf8_seq(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	int n = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n || (n == 2 && p[0] < 0xC2) || p[0] > 0xF4)
		return 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	unsigned cp = p[0] & (0x7F >> n);
	for (int i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

bool tm_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* utf8_seq reads up to 4 bytes: only trust it with that many left. */
		unsigned char tmp[4] = { 0, 0, 0, 0 };
		size_t left = len - i < 4 ? len - i : 4;
		memcpy(tmp, p + i, left);
		int n = utf8_seq(tmp);
		if (!n || (size_t)n > left) {
			if (bad_at)
				*bad_at = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

int tm_check_text(const char *what, const char *s, size_t max, tm_error *err)
{
	if (!s || !*s)
		return tm_fail(err, TM_EINVAL, "missing %s", what);
	size_t len = strlen(s);
	if (len > max)
		return tm_fail(err, TM_EINVAL, "%s is too long (%zu bytes, at most %zu)", what, len, max);
	bool blank = true;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p < 0x20 || *p == 0x7F)
			return tm_fail(err, TM_EINVAL, "%s contains a control character at byte %zu",
				       what, (size_t)(p - (const unsigned char *)s) + 1);
		int n = utf8_seq(p);
		if (!n)
			return tm_fail(err, TM_EINVAL, "%s is not valid UTF-8 at byte %zu", what,
				       (size_t)(p - (const unsigned char *)s) + 1);
		if (*p != ' ')
			blank = false;
		p += n;
	}
	if (blank)
		return tm_fail(err, TM_EINVAL, "%s is blank", what);
	return 0;
}

static const char *const user_roles[] = { "viewer", "editor", "admin" };

const char *tm_user_role_name(int r)
{
	return r >= 0 && r < COUNT(user_roles) ? user_roles[r] : "";
}

int tm_user_role_parse(const char *s)
{
	return lookup(user_roles, COUNT(user_roles), s);
}

void tm_utf8_sanitize(const char *s, tm_buf *out)
{
	size_t n = strlen(s), bad = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (len && i + len <= n && tm_utf8_valid(s + i, len, &bad)) {
			tm_buf_add(out, s + i, len);
			i += len;
		} else {
			tm_buf_adds(out, "\xEF\xBF\xBD");
			i++;
		}
	}
}
