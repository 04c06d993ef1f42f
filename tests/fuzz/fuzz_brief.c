/*
 * fuzz_brief.c - the launch brief's Markdown parser on arbitrary bytes: it
 * reads a brief or names the line it could not read; what it reads renders
 * and parses back to the same brief.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/brief.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tm_brief b, back;
	tm_error err = TM_ERROR_INIT;
	if (size > 64 * 1024)
		return 0;
	if (tm_brief_parse((const char *)data, size, &b, &err) != 0) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	tm_launch l = { .name = "Fuzz", .tier = 1 };
	tm_buf md = TM_BUF_INIT;
	tm_brief_markdown(&b, &l, "Major launch", &md);
	if (tm_brief_parse(md.s, md.len, &back, &err) != 0 || memcmp(&b, &back, sizeof(b)) != 0)
		abort();
	tm_buf_release(&md);
	return 0;
}
