/*
 * fuzz_date.c - the date, offset and due parsers on arbitrary bytes, with
 * the invariants they promise: what parses formats back to itself, and a
 * resolved offset lands on a working day on the right side of T.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	tm_date d;
	tm_error err = TM_ERROR_INIT;
	if (tm_date_parse(s, &d, &err) == 0) {
		char back[TM_DATE_STRLEN];
		if (strcmp(tm_date_format(d, back), s) != 0)
			abort();
	} else if (!err.msg[0]) {
		abort(); /* every rejection explains itself */
	}

	tm_offset off;
	tm_error err2 = TM_ERROR_INIT;
	if (tm_offset_parse(s, &off, &err2) == 0) {
		char text[TM_OFFSET_STRLEN];
		tm_offset again;
		if (tm_offset_parse(tm_offset_format(&off, text), &again, NULL) != 0 || again.amount != off.amount ||
		    again.unit != off.unit)
			abort();
		tm_calendar cal = TM_CALENDAR_PLAIN;
		tm_date t = tm_date_from_ymd(2027, 3, 16);
		tm_date due = tm_offset_resolve(&off, t, &cal);
		if (off.amount != 0 && !tm_cal_is_workday(&cal, due))
			abort();
		if ((off.amount < 0 && due >= t) || (off.amount > 0 && due <= t))
			abort();
	} else if (!err2.msg[0]) {
		abort();
	}

	tm_due due;
	tm_due_parse(s, &due, NULL);
	return 0;
}
