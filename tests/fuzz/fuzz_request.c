/*
 * fuzz_request.c - every request body validator of the server (validate.c)
 * on arbitrary bytes. The first byte picks the resource; the rest is the
 * body. Invariants: a refusal explains itself and names where (a JSON
 * pointer, or the form field); an accepted body yields only valid UTF-8
 * strings within their limits, and required members are there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/validate.h"

static void text_ok(const char *s, size_t max)
{
	size_t bad;
	if (s && (strlen(s) > max || !tm_utf8_valid(s, strlen(s), &bad)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	tm_error err = TM_ERROR_INIT;
	int which = data[0] % 11, rc;

	if (which == 10) {
		char user[TM_NAME_MAX + 1], pw[1100];
		rc = tm_req_login(body, len, data[0] & 0x80, user, sizeof(user), pw, sizeof(pw), &err);
		if (rc ? !err.msg[0] || !err.field[0] : strlen(user) >= sizeof(user))
			abort();
		return 0;
	}
	json_t *j = NULL;
	rc = tm_req_json(body, len, &j, &err);
	if (rc) {
		if (!err.msg[0] || err.field[0] != '/' || j)
			abort();
		return 0;
	}
	tm_launch_input li;
	tm_task_input ti;
	tm_person_input pi = { 0 };
	tm_brief *b = malloc(sizeof(*b));
	const char *s1 = NULL, *s2 = NULL, *s3 = NULL;
	switch (which) {
	case 0:
	case 1:
		rc = tm_req_launch(j, which == 0, &li, &err);
		if (!rc) {
			text_ok(li.name, TM_NAME_MAX);
			for (int i = 0; i < li.n_owners; i++)
				if (!li.owners[i] || !strchr(li.owners[i], '='))
					abort();
			if (which == 0 && (!li.name || !li.date))
				abort();
		}
		break;
	case 2:
	case 3:
		rc = tm_req_task(j, which == 2, &ti, &err);
		if (!rc) {
			text_ok(ti.title, TM_TITLE_MAX);
			for (int i = 0; i < ti.n_after; i++)
				if (!ti.after[i])
					abort();
			if (which == 2 && !ti.title)
				abort();
		}
		break;
	case 4:
		rc = tm_req_delay(j, &s1, &s2, &err);
		if (!rc && (!s1 || !s2))
			abort();
		break;
	case 5:
		rc = tm_req_dep(j, &s1, &err);
		if (!rc && !s1)
			abort();
		break;
	case 6:
		rc = tm_req_person(j, &pi, &err);
		if (!rc && !pi.name)
			abort();
		break;
	case 7:
		rc = tm_req_holiday(j, &s1, &s2, &err);
		if (!rc && !s1)
			abort();
		break;
	case 8:
		rc = tm_req_freeze(j, &s1, &s2, &s3, &err);
		if (!rc && (!s1 || !s2 || !s3))
			abort();
		break;
	default:
		rc = tm_req_brief(j, b, &err);
		if (!rc) {
			text_ok(b->what, TM_BRIEF_TEXT);
			if (b->n_points > TM_BRIEF_ITEMS || b->n_metrics > TM_BRIEF_ITEMS)
				abort();
		}
		rc = rc ? rc : tm_req_decision(j, &s1, &s2, &s3, &err);
		break;
	}
	if (rc && (!err.msg[0] || !err.field[0]))
		abort();
	free(b);
	json_decref(j);
	return 0;
}
