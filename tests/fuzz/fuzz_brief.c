/*
 * fuzz_brief.c - the launch brief's Markdown parser on arbitrary bytes: it
 * reads a brief or names the line it could not read; what it reads renders
 * and parses back to the same brief. Read with its Overview (brief import:
 * tm_brief_read), it reads the same brief, and the Overview's date is one
 * tminus plans and its tier 0 to 4.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/brief.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tm_brief b, back, with_ov;
	tm_brief_overview ov;
	tm_error err = TM_ERROR_INIT, err_ov = TM_ERROR_INIT;
	if (size > 64 * 1024)
		return 0;
	int rc_ov = tm_brief_read((const char *)data, size, &with_ov, &ov, &err_ov);
	if (rc_ov ? !err_ov.msg[0]
		  : (ov.has_date && !tm_date_in_range(ov.date)) || ov.tier < 0 || ov.tier > 4 || ov.sections < 0 ||
			    strlen(ov.title) > TM_NAME_MAX)
		abort();
	if (tm_brief_parse((const char *)data, size, &b, &err) != 0) {
		if (!err.msg[0] || !rc_ov)
			abort();
		return 0;
	}
	if (!rc_ov && memcmp(&b, &with_ov, sizeof(b)) != 0)
		abort();
	tm_launch l = { .name = "Fuzz", .tier = 1 };
	tm_buf md = TM_BUF_INIT;
	tm_brief_markdown(&b, &l, "Major launch", &md);
	if (tm_brief_parse(md.s, md.len, &back, &err) != 0 || memcmp(&b, &back, sizeof(b)) != 0)
		abort();
	tm_buf_release(&md);
	return 0;
}
