/* test_playbook.c - the default playbook encodes seed 000; bad playbooks explain themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/playbook.h"

#include "util/banned.h"

static tm_playbook pb;

static int load_default(void **state)
{
	(void)state;
	size_t len;
	const char *yaml = tm_default_playbook_yaml(&len);
	tm_error err = TM_ERROR_INIT;
	int rc = tm_playbook_load(yaml, len, "default.yaml", &pb, NULL, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	return rc;
}

static int free_default(void **state)
{
	(void)state;
	tm_playbook_release(&pb);
	return 0;
}

static const tm_pb_task *find(int tier, const char *title)
{
	const tm_pb_tier *t = tm_playbook_tier(&pb, tier);
	int i = tm_pb_tier_find(t, title);
	assert_true(i >= 0);
	return &t->tasks.v[i];
}

static bool waits_for(int tier, const char *title, const char *after)
{
	const tm_pb_tier *t = tm_playbook_tier(&pb, tier);
	const tm_pb_task *task = find(tier, title);
	for (int a = 0; a < task->n_after; a++)
		if (!strcmp(t->tasks.v[task->after[a]].title, after))
			return true;
	return false;
}

static void tier_table(void **state)
{
	(void)state;
	assert_string_equal(pb.tiers[0].criteria, "Major feature, new market, revenue impact");
	assert_string_equal(pb.tiers[0].gtm, "Full campaign");
	assert_string_equal(pb.tiers[0].pm_involvement, "Heavy (lead)");
	assert_string_equal(pb.tiers[1].criteria, "Significant feature, existing market");
	assert_string_equal(pb.tiers[1].gtm, "Blog + email + enablement");
	assert_string_equal(pb.tiers[2].gtm, "Changelog + in-app");
	assert_string_equal(pb.tiers[3].criteria, "Bug fix, minor improvement");
	assert_string_equal(pb.tiers[3].pm_involvement, "Minimal");
}

static void tier1_checklist(void **state)
{
	(void)state;
	static const struct { const char *section; const char *titles[6]; } seed[] = {
		{ "Positioning", { "Value proposition defined", "Target segments identified", "Competitive differentiation clear",
				   "Messaging hierarchy approved" } },
		{ "Marketing Activities", { "Launch blog post", "Email announcement (segmented)", "Social media campaign",
					    "Press/analyst outreach", "Video/demo content", "Paid promotion (if applicable)" } },
		{ "Sales Enablement", { "Sales deck updated", "Demo script created", "Competitive battle card", "FAQ document",
					"Training session completed", "Pricing/packaging confirmed" } },
		{ "Customer Success", { "Existing customer communication", "Onboarding materials updated",
					"Success metrics defined", "Escalation path ready" } },
		{ "Product", { "Help documentation", "In-app announcement", "Feature flags configured", "Analytics tracking live" } },
	};
	int checklist = 0;
	for (size_t s = 0; s < sizeof(seed) / sizeof(seed[0]); s++)
		for (int i = 0; i < 6 && seed[s].titles[i]; i++) {
			const tm_pb_task *t = find(1, seed[s].titles[i]);
			assert_string_equal(t->section, seed[s].section);
			assert_false(t->milestone);
			assert_true(t->effort_days > 0);
			assert_true(t->due.amount < 0); /* before launch day */
			checklist++;
		}
	assert_int_equal(checklist, 24);
	size_t n = pb.tiers[0].tasks.n;
	/* + the product track (4), the streams' deliverables (6), the communication hierarchy (5), legal approval */
	assert_int_equal(n, 24 + 4 + 6 + 4 + 6 + 5 + 1);
}

static void tier1_milestones(void **state)
{
	(void)state;
	static const struct { const char *title, *due; int role; } ms[] = {
		{ "Messaging approved", "T-3w", TM_ROLE_MARKETING },
		{ "Sales training", "T-2w", TM_ROLE_PM },
		{ "Content ready", "T-1w", TM_ROLE_MARKETING },
		{ "Launch", "T", TM_ROLE_PM },
	};
	for (size_t i = 0; i < 4; i++) {
		const tm_pb_task *t = find(1, ms[i].title);
		char off[TM_OFFSET_STRLEN];
		assert_true(t->milestone);
		assert_int_equal(t->effort_days, 0);
		assert_string_equal(tm_offset_format(&t->due, off), ms[i].due);
		assert_int_equal(t->role, ms[i].role);
	}
	assert_non_null(strstr(find(1, "Sales training")->reviewers, "sales"));
	/* Each milestone waits for what it certifies. */
	assert_true(waits_for(1, "Messaging approved", "Value proposition defined"));
	assert_true(waits_for(1, "Messaging approved", "Messaging hierarchy approved"));
	assert_true(waits_for(1, "Sales training", "Sales deck updated"));
	assert_true(waits_for(1, "Sales training", "Competitive battle card"));
	assert_true(waits_for(1, "Content ready", "Launch blog post"));
	assert_true(waits_for(1, "Content ready", "Video/demo content"));
	assert_true(waits_for(1, "Launch", "Messaging approved"));
	assert_true(waits_for(1, "Launch", "Sales training"));
	assert_true(waits_for(1, "Launch", "Content ready"));
	assert_true(waits_for(1, "Launch", "Feature flags configured"));
	/* Nothing external is drafted before messaging is approved (seed 001). */
	assert_true(waits_for(1, "Press/analyst outreach", "Messaging approved"));
	assert_true(waits_for(1, "Launch blog post", "Messaging approved"));
}

static void post_launch(void **state)
{
	(void)state;
	static const struct { const char *title, *due; } post[] = {
		{ "Monitor support tickets", "T" },  { "Collect early feedback", "T+1w" },
		{ "Share initial metrics", "T+2w" }, { "Case study candidates", "T+1m" },
		{ "Full metrics review", "T+2m" },   { "Iterate based on learnings", "T+1q" },
	};
	for (int tier = 1; tier <= 2; tier++)
		for (size_t i = 0; i < 6; i++) {
			char off[TM_OFFSET_STRLEN];
			const tm_pb_task *t = find(tier, post[i].title);
			assert_string_equal(tm_offset_format(&t->due, off), post[i].due);
			assert_string_equal(t->section, "Post-launch");
		}
	assert_int_equal(tm_pb_tier_find(&pb.tiers[2], "Collect early feedback"), -1);
}

static void lower_tiers(void **state)
{
	(void)state;
	const char *req[] = { "Changelog entry", "Help docs updated", "In-app notification (if applicable)",
			      "Support team informed" };
	const char *opt[] = { "Blog post", "Email to relevant segment", "Sales enablement brief" };
	for (int tier = 2; tier <= 3; tier++)
		for (int i = 0; i < 4; i++)
			assert_true(find(tier, req[i])->required);
	for (int i = 0; i < 3; i++) {
		assert_false(find(2, opt[i])->required);
		assert_int_equal(tm_pb_tier_find(&pb.tiers[2], opt[i]), -1);
	}
	assert_int_equal(pb.tiers[2].tasks.n, 6); /* with Code complete */
	assert_int_equal(pb.tiers[3].tasks.n, 2);
	assert_true(waits_for(4, "Launch", "Release notes"));
	/* Every task of every tier has an owner role; every non-milestone some effort. */
	for (int t = 0; t < TM_TIERS; t++)
		for (size_t i = 0; i < pb.tiers[t].tasks.n; i++) {
			const tm_pb_task *k = &pb.tiers[t].tasks.v[i];
			assert_true(k->role >= 0);
			assert_true(k->milestone ? k->effort_days == 0 : k->effort_days > 0);
		}
	/* Effort is realistic: a demo video takes longer than confirming pricing. */
	assert_true(find(1, "Video/demo content")->effort_days > find(1, "Pricing/packaging confirmed")->effort_days);
}

/* Loads text expected to fail and checks the first problem's position and words. */
static void expect_problem(const char *yaml, int line, int col, const char *words)
{
	tm_playbook p;
	tm_pb_problems probs = TM_VEC_INIT;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_playbook_load(yaml, strlen(yaml), "t.yaml", &p, &probs, &err), TM_EINVAL);
	assert_true(probs.n >= 1);
	bool found = false;
	for (size_t i = 0; i < probs.n; i++)
		if (strstr(probs.v[i].msg, words) && probs.v[i].line == line && (col == 0 || probs.v[i].column == col))
			found = true;
	if (!found)
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "  got %d:%d: %s\n", probs.v[i].line, probs.v[i].column, probs.v[i].msg);
	assert_true(found);
	assert_non_null(strstr(err.msg, "t.yaml:"));
	TM_VEC_FREE(&probs);
}

#define TIERS_234 \
	"  - tier: 2\n    name: B\n    tasks:\n      - {title: X, section: S, owner: pm, due: T, days: 1}\n" \
	"  - tier: 3\n    name: C\n    tasks:\n      - {title: X, section: S, owner: pm, due: T, days: 1}\n" \
	"  - tier: 4\n    name: D\n    tasks:\n      - {title: X, section: S, owner: pm, due: T, days: 1}\n"

static void bad_playbooks(void **state)
{
	(void)state;
	expect_problem("playbook: [\n", 2, 0, "");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: boss, due: T, days: 1}\n" TIERS_234,
		       6, 39, "unknown owner role 'boss'");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T-3x, days: 1}\n" TIERS_234,
		       6, 0, "invalid offset 'T-3x'");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1, after: [nope]}\n" TIERS_234,
		       6, 0, "unknown id 'nope'");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {id: a, title: A, section: S, owner: pm, due: T, days: 1, after: [b]}\n"
		       "      - {id: b, title: B, section: S, owner: pm, due: T, days: 1, after: [a]}\n" TIERS_234,
		       7, 0, "cycle");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1}\n"
		       "  - tier: 2\n    name: B\n    tasks:\n      - {title: X, section: S, owner: pm, due: T, days: 1}\n",
		       3, 0, "tier 3 is missing");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1, colour: red}\n" TIERS_234,
		       6, 0, "unknown task key 'colour'");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: M, section: S, owner: pm, due: T, days: 2, milestone: true}\n" TIERS_234,
		       6, 0, "cannot have days");
	expect_problem("playbook: x\ntiers:\n  - tier: 7\n", 3, 11, "tier must be a whole number from 1 to 4");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: many}\n" TIERS_234,
		       6, 0, "days must be a whole number");
	expect_problem("- just\n- a list\n", 1, 1, "a playbook is a mapping");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tier_table),  cmocka_unit_test(tier1_checklist), cmocka_unit_test(tier1_milestones),
		cmocka_unit_test(post_launch), cmocka_unit_test(lower_tiers),     cmocka_unit_test(bad_playbooks),
	};
	return cmocka_run_group_tests_name("playbook", tests, load_default, free_default);
}
