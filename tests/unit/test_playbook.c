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

/* The product track: which milestones each tier tracks, undated, and what waits for them (seed 000). */
static void product_track(void **state)
{
	(void)state;
	static const char *const track[] = { "Feature defined", "Development start", "Beta launch", "Code complete" };
	static const int tracked[TM_TIERS][4] = { { 1, 1, 1, 1 }, { 0, 0, 1, 1 }, { 0, 0, 0, 1 }, { 0, 0, 0, 0 } };
	for (int tier = 1; tier <= TM_TIERS; tier++)
		for (int i = 0; i < 4; i++) {
			int k = tm_pb_tier_find(&pb.tiers[tier - 1], track[i]);
			assert_int_equal(k >= 0, tracked[tier - 1][i]);
			if (k < 0)
				continue;
			const tm_pb_task *t = &pb.tiers[tier - 1].tasks.v[k];
			assert_true(t->product);
			assert_true(t->milestone);
			assert_int_equal(t->role, TM_ROLE_ENG);
			assert_string_equal(t->section, "Product track");
			assert_int_equal(t->due.amount, 0);
		}
	/* Only they are product milestones. */
	int product = 0;
	for (int t = 0; t < TM_TIERS; t++)
		for (size_t i = 0; i < pb.tiers[t].tasks.n; i++)
			product += pb.tiers[t].tasks.v[i].product;
	assert_int_equal(product, 4 + 2 + 1);
	/* Marketing waits for them. */
	assert_true(waits_for(1, "Value proposition defined", "Feature defined"));
	assert_true(waits_for(1, "Target segments identified", "Feature defined"));
	assert_true(waits_for(1, "Content plan agreed", "Development start"));
	assert_true(waits_for(1, "Launch blog post", "Beta launch"));
	assert_true(waits_for(1, "Email announcement (segmented)", "Beta launch"));
	assert_true(waits_for(1, "Video/demo content", "Beta launch"));
	assert_true(waits_for(1, "Content ready", "Code complete"));
	assert_true(waits_for(1, "Social media campaign", "Code complete"));
	assert_true(waits_for(1, "Paid promotion (if applicable)", "Code complete"));
	assert_true(waits_for(2, "Blog post", "Beta launch"));
	assert_true(waits_for(2, "Email to relevant segment", "Beta launch"));
	assert_true(waits_for(2, "Content ready", "Code complete"));
	assert_true(waits_for(3, "Changelog entry", "Code complete"));
	assert_true(waits_for(3, "Help docs updated", "Code complete"));
}

/* Seed 001's streams, the ones each tier runs, and their Tier 1 deliverables. */
static void streams(void **state)
{
	(void)state;
	static const struct { const char *key, *name; int role; } st[] = {
		{ "pmm", "PMM sync", TM_ROLE_PMM },		{ "keynote", "Keynote sync", TM_ROLE_EXEC },
		{ "pr", "PR sync", TM_ROLE_PMM },		{ "ar", "AR sync", TM_ROLE_PMM },
		{ "content", "Content sync", TM_ROLE_MARKETING }, { "campaign", "Campaign sync", TM_ROLE_MARKETING },
		{ "web", "Web sync", TM_ROLE_MARKETING },
	};
	assert_int_equal(pb.n_streams, 7);
	for (int i = 0; i < 7; i++) {
		int k = tm_playbook_stream(&pb, st[i].key);
		char off[TM_OFFSET_STRLEN];
		assert_int_equal(k, i);
		assert_string_equal(pb.streams[k].name, st[i].name);
		assert_int_equal(pb.streams[k].role, st[i].role);
		assert_true(pb.streams[k].about[0]);
		assert_true(pb.streams[k].every_weeks == 1 || pb.streams[k].every_weeks == 2);
		assert_true(pb.streams[k].weekday >= 1 && pb.streams[k].weekday <= 5);
		assert_string_equal(tm_offset_format(&pb.streams[k].from, off), "T-6w");
	}
	assert_int_equal(tm_playbook_stream(&pb, "nope"), -1);
	assert_int_equal(pb.tiers[0].n_streams, 7);
	assert_int_equal(pb.tiers[1].n_streams, 3);
	assert_string_equal(pb.streams[pb.tiers[1].streams[0]].key, "pmm");
	assert_string_equal(pb.streams[pb.tiers[1].streams[1]].key, "content");
	assert_string_equal(pb.streams[pb.tiers[1].streams[2]].key, "campaign");
	assert_int_equal(pb.tiers[2].n_streams, 0);
	assert_int_equal(pb.tiers[3].n_streams, 0);
	static const struct { const char *title, *stream, *due; int role; } dl[] = {
		{ "Press strategy and timing agreed", "pr", "T-4w", TM_ROLE_PMM },
		{ "Analyst briefing schedule", "ar", "T-4w", TM_ROLE_PMM },
		{ "Keynote segment planned", "keynote", "T-2w", TM_ROLE_EXEC },
		{ "Content plan agreed", "content", "T-4w", TM_ROLE_MARKETING },
		{ "Campaign plan agreed", "campaign", "T-3w", TM_ROLE_MARKETING },
		{ "Website updated", "web", "T-1bd", TM_ROLE_MARKETING },
	};
	for (size_t i = 0; i < sizeof(dl) / sizeof(dl[0]); i++) {
		const tm_pb_task *t = find(1, dl[i].title);
		char off[TM_OFFSET_STRLEN];
		assert_string_equal(t->stream, dl[i].stream);
		assert_int_equal(t->role, dl[i].role);
		assert_string_equal(tm_offset_format(&t->due, off), dl[i].due);
		assert_true(t->effort_days > 0);
	}
	assert_true(find(1, "Website updated")->external);
	/* Existing tasks carry their streams. */
	assert_string_equal(find(1, "Sales deck updated")->stream, "pmm");
	assert_string_equal(find(1, "FAQ document")->stream, "pmm");
	assert_string_equal(find(1, "Launch blog post")->stream, "content");
	assert_string_equal(find(1, "Video/demo content")->stream, "content");
	assert_string_equal(find(1, "Social media campaign")->stream, "campaign");
	assert_string_equal(find(1, "Press/analyst outreach")->stream, "pr");
	assert_string_equal(find(1, "Industry/press: PR outreach")->stream, "pr");
	assert_string_equal(find(1, "Value proposition defined")->stream, "");
}

/* External copy, legal approval, the co-owned sales training and the communication hierarchy. */
static void approvals_legal_and_comms(void **state)
{
	(void)state;
	const char *external[] = { "Launch blog post", "Email announcement (segmented)", "Press/analyst outreach",
				   "In-app announcement", "Website updated", "Existing customer communication",
				   "Social media campaign", "Paid promotion (if applicable)" };
	for (size_t i = 0; i < sizeof(external) / sizeof(external[0]); i++)
		assert_true(find(1, external[i])->external);
	assert_false(find(1, "Sales deck updated")->external);
	assert_false(find(2, "Changelog entry")->external); /* the PM's */
	assert_true(find(2, "Blog post")->external);
	/* Legal approval (seed 002): Tier 1 required, Tier 2 optional, the Launch waits for it. */
	for (int tier = 1; tier <= 2; tier++) {
		const tm_pb_task *l = find(tier, "Legal approval");
		char off[TM_OFFSET_STRLEN];
		assert_int_equal(l->role, TM_ROLE_LEGAL);
		assert_int_equal(l->required, tier == 1);
		assert_string_equal(tm_offset_format(&l->due, off), "T-1w");
		assert_true(waits_for(tier, "Launch", "Legal approval"));
	}
	assert_int_equal(tm_pb_tier_find(&pb.tiers[2], "Legal approval"), -1);
	/* "Sales training (PM + Sales)". */
	assert_int_equal(find(1, "Sales training")->role, TM_ROLE_PM);
	assert_int_equal(find(1, "Sales training")->co_role, TM_ROLE_SALES);
	assert_int_equal(find(1, "Launch blog post")->co_role, TM_ROLE_NONE);
	/* The communication hierarchy, each waiting for messaging and for sales to know first. */
	static const struct { const char *title, *due; int role; } comms[] = {
		{ "Beta customers: personal email from the PM", "T-2bd", TM_ROLE_PM },
		{ "Power users: segment email + in-app", "T", TM_ROLE_MARKETING },
		{ "All users: in-app announcement", "T", TM_ROLE_PM },
		{ "Prospects: marketing campaigns", "T", TM_ROLE_MARKETING },
		{ "Industry/press: PR outreach", "T", TM_ROLE_PMM },
	};
	for (size_t i = 0; i < 5; i++) {
		const tm_pb_task *t = find(1, comms[i].title);
		char off[TM_OFFSET_STRLEN];
		assert_string_equal(t->section, "Customer communication");
		assert_string_equal(tm_offset_format(&t->due, off), comms[i].due);
		assert_int_equal(t->role, comms[i].role);
		assert_true(t->external);
		assert_true(waits_for(1, comms[i].title, "Messaging approved"));
		assert_true(waits_for(1, comms[i].title, "Sales training"));
	}
}

#define STREAMS "streams:\n  - {id: pr, name: PR sync, owner: pmm, every: 2, day: tue, from: T-6w}\n"

/* The new keys load, and old playbooks without them still do. */
static void new_keys(void **state)
{
	(void)state;
	const char *yaml = "playbook: x\n" STREAMS "tiers:\n  - tier: 1\n    name: A\n    streams: [pr]\n    tasks:\n"
			   "      - {id: cc, title: Code complete, section: Product track, owner: eng, milestone: true, product: true}\n"
			   "      - {title: B, section: S, owner: pm, co_owner: sales, due: T, days: 1, stream: pr, external: yes, after: [cc]}\n"
			   TIERS_234;
	tm_playbook p;
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_playbook_load(yaml, strlen(yaml), "t.yaml", &p, NULL, &err), 0);
	assert_int_equal(p.n_streams, 1);
	assert_string_equal(p.streams[0].key, "pr");
	assert_int_equal(p.streams[0].every_weeks, 2);
	assert_int_equal(p.streams[0].weekday, 2);
	assert_int_equal(p.tiers[0].n_streams, 1);
	assert_true(p.tiers[0].tasks.v[0].product);
	assert_string_equal(p.tiers[0].tasks.v[1].stream, "pr");
	assert_true(p.tiers[0].tasks.v[1].external);
	assert_int_equal(p.tiers[0].tasks.v[1].co_role, TM_ROLE_SALES);
	assert_int_equal(p.tiers[1].tasks.v[0].co_role, TM_ROLE_NONE);
	assert_false(p.tiers[1].tasks.v[0].external);
	tm_playbook_release(&p);
	/* A stream's every, day and from have defaults: weekly, Monday, T-6w. */
	yaml = "playbook: x\nstreams:\n  - {id: web, name: Web sync, owner: marketing}\n"
	       "tiers:\n  - tier: 1\n    name: A\n    tasks:\n      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234;
	assert_int_equal(tm_playbook_load(yaml, strlen(yaml), "t.yaml", &p, NULL, &err), 0);
	char off[TM_OFFSET_STRLEN];
	assert_int_equal(p.streams[0].every_weeks, 1);
	assert_int_equal(p.streams[0].weekday, 1);
	assert_string_equal(tm_offset_format(&p.streams[0].from, off), "T-6w");
	assert_int_equal(p.tiers[0].n_streams, 0);
	tm_playbook_release(&p);
	/* The channels corpus file of old (no streams, no new keys) loads unchanged. */
	yaml = "playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234;
	assert_int_equal(tm_playbook_load(yaml, strlen(yaml), "t.yaml", &p, NULL, &err), 0);
	assert_int_equal(p.n_streams, 0);
	assert_false(p.tiers[0].tasks.v[0].product);
	assert_int_equal(p.tiers[0].tasks.v[0].co_role, TM_ROLE_NONE);
	assert_string_equal(p.tiers[0].tasks.v[0].stream, "");
	tm_playbook_release(&p);
}

#define TIER1(task) "tiers:\n  - tier: 1\n    name: A\n    streams: [pr]\n    tasks:\n      - " task "\n" TIERS_234

static void bad_new_keys(void **state)
{
	(void)state;
	/* Line 9 is the task line of TIER1 after "playbook: x" and the two lines of STREAMS. */
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: pm, due: T, days: 1, stream: tv}"), 9, 68,
		       "unknown stream 'tv' (streams: pr)");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: pm, due: T, days: 1, external: maybe}"), 9, 70,
		       "external must be true or false");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: pm, due: T, days: 1, co_owner: boss}"), 9, 70,
		       "unknown co_owner role 'boss'");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: pm, due: T, days: 1, co_owner: pm}"), 9, 70,
		       "co_owner 'pm', which is already its owner");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: pm, due: T, days: 1, product: 3}"), 9, 69,
		       "product must be true or false");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: eng, due: T-2w, milestone: true, product: true}"), 9, 10,
		       "product milestone 'A' cannot have a due offset");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: eng, days: 2, product: true}"), 9, 10,
		       "product task 'A' must be a milestone");
	expect_problem("playbook: x\n" STREAMS TIER1("{title: A, section: S, owner: eng, milestone: true}"), 9, 10,
		       "task 'A' has no due offset");
	/* A tier's streams. */
	expect_problem("playbook: x\n" STREAMS "tiers:\n  - tier: 1\n    name: A\n    streams: [pr, web]\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234, 7, 19, "unknown stream 'web' in the tier's streams (streams: pr)");
	expect_problem("playbook: x\n" STREAMS "tiers:\n  - tier: 1\n    name: A\n    streams: [pr, pr]\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234, 7, 19, "stream 'pr' is listed twice in tier 1");
	expect_problem("playbook: x\n" STREAMS "tiers:\n  - tier: 1\n    name: A\n    streams: pr\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234, 7, 14, "streams must be a list of stream ids");
	expect_problem("playbook: x\n" STREAMS "tiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1, stream: pr}\n" TIERS_234, 8, 68,
		       "task 'A' is in stream 'pr', which tier 1 does not run");
	expect_problem("playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
		       "      - {title: A, section: S, owner: pm, due: T, days: 1, stream: pr}\n" TIERS_234, 6, 68,
		       "unknown stream 'pr' (streams: none");
	/* The streams themselves. */
	const char *tiers = "tiers:\n  - tier: 1\n    name: A\n    tasks:\n      - {title: A, section: S, owner: pm, due: T, days: 1}\n" TIERS_234;
	char y[2048];
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm, every: 3}\n%s", tiers);
	expect_problem(y, 3, 48, "every (weeks between syncs) must be a whole number from 1 to 2");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm, day: sat}\n%s", tiers);
	expect_problem(y, 3, 46, "day must be a working day: mon, tue, wed, thu or fri");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm, from: T+1w}\n%s", tiers);
	expect_problem(y, 3, 47, "from must be T or earlier");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm, from: soon}\n%s", tiers);
	expect_problem(y, 3, 47, "soon");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: boss}\n%s", tiers);
	expect_problem(y, 3, 36, "unknown owner role 'boss'");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: P R, name: PR sync, owner: pmm}\n%s", tiers);
	expect_problem(y, 3, 10, "a stream id is a lower-case word");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm, colour: red}\n%s", tiers);
	expect_problem(y, 3, 41, "unknown stream key 'colour'");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, owner: pmm}\n%s", tiers);
	expect_problem(y, 3, 6, "stream 'pr' needs a name");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {name: PR sync, owner: pmm}\n%s", tiers);
	expect_problem(y, 3, 6, "a stream needs an id");
	snprintf(y, sizeof(y), "playbook: x\nstreams:\n  - {id: pr, name: PR sync}\n%s", tiers);
	expect_problem(y, 3, 6, "stream 'pr' needs an owner role");
	snprintf(y, sizeof(y),
		 "playbook: x\nstreams:\n  - {id: pr, name: PR sync, owner: pmm}\n  - {id: pr, name: Press, owner: pmm}\n%s", tiers);
	expect_problem(y, 4, 10, "stream id 'pr' is used twice");
	snprintf(y, sizeof(y), "playbook: x\nstreams: pr\n%s", tiers);
	expect_problem(y, 2, 10, "'streams' must be a list");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(product_track), cmocka_unit_test(streams), cmocka_unit_test(approvals_legal_and_comms),
		cmocka_unit_test(new_keys), cmocka_unit_test(bad_new_keys),
		cmocka_unit_test(tier_table),  cmocka_unit_test(tier1_checklist), cmocka_unit_test(tier1_milestones),
		cmocka_unit_test(post_launch), cmocka_unit_test(lower_tiers),     cmocka_unit_test(bad_playbooks),
	};
	return cmocka_run_group_tests_name("playbook", tests, load_default, free_default);
}
