/* test_brief.c - the launch brief round-trips through Markdown; bad Markdown names its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/brief.h"

#include "util/banned.h"

static void round_trip(void **state)
{
	(void)state;
	tm_brief b = { 0 }, back;
	tm_launch l = { .name = "Usage-based billing", .tier = 1, .pm = "Ana Silva", .marketing = "Ben Okafor" };
	l.date = tm_date_from_ymd(2027, 3, 16);
	snprintf(b.what, sizeof(b.what), "Pay for what you use, metered per API call.");
	snprintf(b.why_users, sizeof(b.why_users), "No more overage surprises.");
	snprintf(b.why_business, sizeof(b.why_business), "Opens the SMB segment.");
	snprintf(b.audience_primary, sizeof(b.audience_primary), "SMB developers");
	snprintf(b.audience_secondary, sizeof(b.audience_secondary), "Finance teams");
	snprintf(b.headline, sizeof(b.headline), "Only pay for what you use");
	snprintf(b.points[b.n_points++], TM_BRIEF_LINE + 1, "Per-call metering");
	snprintf(b.points[b.n_points++], TM_BRIEF_LINE + 1, "Budgets and alerts");
	snprintf(b.competitive, sizeof(b.competitive), "Acme bills per seat.");
	snprintf(b.limitations[b.n_limitations++], TM_BRIEF_LINE + 1, "No invoicing in EUR yet");
	b.n_metrics = 1;
	snprintf(b.metrics[0].metric, TM_BRIEF_LINE + 1, "Accounts on usage | seat billing \\ both");
	snprintf(b.metrics[0].target, TM_BRIEF_LINE + 1, "500");
	snprintf(b.metrics[0].timeframe, TM_BRIEF_LINE + 1, "90 days");
	b.n_resources = 1;
	snprintf(b.resources[0].label, TM_BRIEF_LINE + 1, "Product spec");
	snprintf(b.resources[0].link, TM_BRIEF_LINE + 1, "https://example.com/spec");
	tm_buf md = TM_BUF_INIT;
	tm_brief_markdown(&b, &l, "Major launch", &md);
	assert_non_null(strstr(md.s, "## Launch Brief: Usage-based billing"));
	assert_non_null(strstr(md.s, "| Launch Date | 2027-03-16 |"));
	assert_non_null(strstr(md.s, "| PM Owner | Ana Silva |"));
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_brief_parse(md.s, md.len, &back, &err), 0);
	assert_memory_equal(&b, &back, sizeof(b));
	tm_buf_release(&md);
}

static void empty_brief_round_trips_empty(void **state)
{
	(void)state;
	tm_brief b = { 0 }, back;
	tm_launch l = { .name = "X", .tier = 4 };
	tm_buf md = TM_BUF_INIT;
	tm_brief_markdown(&b, &l, "Quiet release", &md);
	assert_non_null(strstr(md.s, "_(to fill in)_"));
	assert_int_equal(tm_brief_parse(md.s, md.len, &back, NULL), 0);
	assert_memory_equal(&b, &back, sizeof(b));
	tm_buf_release(&md);
}

static void errors_name_the_line(void **state)
{
	(void)state;
	static const struct { const char *text; int line; const char *words; } bad[] = {
		{ "### Key Messages\n\nnot numbered\n", 3, "numbered list" },
		{ "## Launch Brief: X\n\n### Mystery\n", 3, "unknown section 'Mystery'" },
		{ "stray text\n", 1, "outside a section" },
		{ "### Success Metrics\n| Metric | Target | Timeframe |\n|---|---|---|\n| only | two |\n", 4, "3 cells" },
		{ "### Limitations / What This Isn't\n1. numbered\n", 2, "bulleted" },
		{ "### Resources\n- no link here\n", 2, "Label: link" },
		{ "### Why It Matters\nsomething\n", 2, "For users" },
		{ "### What We're Launching\nA thing\n# Stray heading\n", 3, "unexpected heading" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tm_brief b;
		tm_error err = TM_ERROR_INIT;
		assert_int_equal(tm_brief_parse(bad[i].text, strlen(bad[i].text), &b, &err), TM_EINVAL);
		assert_int_equal(err.line, bad[i].line);
		assert_non_null(strstr(err.msg, bad[i].words));
	}
}

static void the_title_and_overview_describe_the_launch(void **state)
{
	(void)state;
	tm_brief b;
	tm_brief_overview ov;
	tm_error err = TM_ERROR_INIT;
	const char *md = "## Launch Brief: Événement été\n\n### Overview\n\n| Field | Detail |\n|---|---|\n"
			 "| Launch Date | 2027-03-16 |\n| Launch Tier | 2 (Standard launch) |\n| PM Owner | Léa Dubois |\n"
			 "| Marketing Owner | - |\n| Launch | événement-été |\n\n### What We're Launching\n\nA party.\n";
	assert_int_equal(tm_brief_read(md, strlen(md), &b, &ov, &err), 0);
	assert_string_equal(ov.title, "Événement été");
	assert_string_equal(ov.launch, "événement-été");
	assert_true(ov.has_date);
	assert_int_equal(ov.date, tm_date_from_ymd(2027, 3, 16));
	assert_int_equal(ov.tier, 2);
	assert_string_equal(ov.pm, "Léa Dubois");
	assert_string_equal(ov.marketing, ""); /* "-": not stated */
	assert_int_equal(ov.sections, 1);       /* the Overview is not a section of the brief */
	assert_string_equal(b.what, "A party.");
	/* Nothing but a title and an Overview: no section. */
	const char *bare = "## Launch Brief: X\n\n### Overview\n\n| Launch Tier | 3 |\n";
	assert_int_equal(tm_brief_read(bare, strlen(bare), &b, &ov, &err), 0);
	assert_int_equal(ov.sections, 0);
	assert_int_equal(tm_brief_read("", 0, &b, &ov, &err), 0);
	assert_int_equal(ov.sections, 0);
	/* A date that is not one is an error at its line; tm_brief_parse, which ignores the Overview, reads it. */
	const char *bad = "### Overview\n| Launch Date | 2027-02-30 |\n";
	assert_int_equal(tm_brief_read(bad, strlen(bad), &b, &ov, &err), TM_EINVAL);
	assert_int_equal(err.line, 2);
	assert_int_equal(tm_brief_parse(bad, strlen(bad), &b, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(empty_brief_round_trips_empty),
		cmocka_unit_test(errors_name_the_line),
		cmocka_unit_test(the_title_and_overview_describe_the_launch),
	};
	return cmocka_run_group_tests_name("brief", tests, NULL, NULL);
}
