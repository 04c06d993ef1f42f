/*
 * fuzz_request.c - every request body the server reads, on arbitrary bytes:
 * the inputs app/ describes (tm_input_from_json), the brief and the sign-in
 * (validate.c). The first byte picks which; the rest is the body. Invariants: a refusal explains itself and names where (a JSON
 * pointer, or the form field); an accepted body yields only valid UTF-8
 * strings within their limits, and required members are there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/input.h"
#include "http/validate.h"

#include "util/banned.h"

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
	int rc;

	if (data[0] == 0xFF) {
		char user[TM_NAME_MAX + 1], pw[1100];
		rc = tm_req_login(body, len, len & 1, user, sizeof(user), pw, sizeof(pw), &err);
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
	/* Bytes 0..: an input of app/ (each described once in app/inputs.c) in either mode, or the brief. */
	int n_inputs = 0;
	while (tm_inputs[n_inputs])
		n_inputs++;
	int pick = data[0] % (2 * n_inputs + 1);
	if (pick < 2 * n_inputs) {
		const tm_input_desc *d = tm_inputs[pick / 2];
		int mode = pick % 2 ? TM_IN_CHANGE : TM_IN_CREATE;
		void *in = calloc(1, d->size);
		rc = tm_input_from_json(d, mode, j, in, &err);
		for (int i = 0; !rc && d->fields[i].name; i++) {
			const tm_field *f = &d->fields[i];
			bool given = tm_input_given(d, in, i);
			/* Accepted: every required field there (creating), every text valid and within its limit. */
			if (mode == TM_IN_CREATE && (f->flags & TM_IN_REQUIRED) && !given)
				abort();
			if (given && f->type == TM_IN_TEXT)
				text_ok((const char *)in + f->offset, (size_t)f->hi);
		}
		free(in);
	} else {
		tm_brief *b = malloc(sizeof(*b));
		rc = tm_req_brief(j, b, &err);
		if (!rc) {
			text_ok(b->what, TM_BRIEF_TEXT);
			if (b->n_points > TM_BRIEF_ITEMS || b->n_metrics > TM_BRIEF_ITEMS)
				abort();
		}
		free(b);
	}
	if (rc && (!err.msg[0] || !err.field[0]))
		abort();
	json_decref(j);
	return 0;
}
