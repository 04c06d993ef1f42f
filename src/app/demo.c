/*
 * demo.c - a realistic workspace to try tminus on: six people across roles
 * and launches of every tier over the next quarter, counted from "today",
 * with the work that should be done by now mostly done and some of it late.
 * With a number of launches it makes a portfolio of that size (benchmarks).
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/backlog.h"
#include "app/experiments.h"
#include "app/glossary.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "app/roadmap.h"

#include "util/banned.h"

static const struct {
	const char *name, *email, *role;
} demo_people[] = {
	{ "Ana Silva", "ana@example.com", "pm" },
	{ "Ben Okafor", "ben@example.com", "pmm" },
	{ "Chloé Martin", "chloe@example.com", "marketing" },
	{ "Dev Patel", "dev@example.com", "sales" },
	{ "Emma Berg", "emma@example.com", "cs" },
	{ "Femi Adeyemi", "femi@example.com", "eng" },
};

static const struct {
	const char *name;
	int tier;
	int days_out;          /* launch day, in calendar days from today */
	const char *confidence;
} demo_launches[] = {
	{ "Team workspaces", 2, -20, "high" },
	{ "Usage-based billing", 1, 24, "medium" },
	{ "Slack integration", 2, 10, "high" },
	{ "Audit log export", 2, 61, "low" },
	{ "Dark mode", 3, 8, "high" },
	{ "Bulk edit for tasks", 3, 33, "medium" },
	{ "CSV import fixes", 4, 3, "high" },
	{ "AI meeting notes", 1, 82, "low" },
	{ "Faster search", 4, 47, "medium" },
};

/* Briefs for the demo's bigger launches, in the seed's Markdown (read with the same parser users get). */
static const struct {
	const char *slug, *quadrant, *markdown;
} demo_briefs[] = {
	{ "usage-based-billing", "attract-innovating",
	  "### What We're Launching\nPay-as-you-go plans metered per API call, with budgets and alerts.\n\n"
	  "### Why It Matters\n**For users:** No more paying for seats nobody uses, and no overage surprises.\n\n"
	  "**For business:** Opens the small-team segment we lose to cheaper tools; expected to lift conversion.\n\n"
	  "### Target Audience\n**Primary:** Developers at teams of 2-20\n**Secondary:** Finance leads who approve tools\n\n"
	  "### Key Messages\n1. Only pay for what you use\n2. Budgets and alerts before the bill\n3. Switch plans any day\n\n"
	  "### Competitive Context\nAcme and Globex bill per seat; we are the first to meter per call.\n\n"
	  "### Limitations / What This Isn't\n- No invoicing in euros yet\n- Annual contracts stay on seat pricing\n\n"
	  "### Success Metrics\n| Metric | Target | Timeframe |\n|---|---|---|\n| Accounts on usage billing | 500 | 90 days |\n"
	  "| Trial-to-paid conversion | +15% | 90 days |\n\n"
	  "### Resources\n- Product spec: https://example.com/specs/usage-billing\n" },
	{ "slack-integration", "delight-catching-up",
	  "### What We're Launching\nLaunch updates and task reminders in Slack.\n\n"
	  "### Why It Matters\n**For users:** Fewer tabs: the plan comes to where the team talks.\n\n"
	  "**For business:** Our most requested integration; protects renewals.\n\n"
	  "### Target Audience\n**Primary:** Teams already on Slack\n\n"
	  "### Key Messages\n1. Your launch plan, in the channel\n\n"
	  "### Limitations / What This Isn't\n- No Microsoft Teams support yet\n\n"
	  "### Success Metrics\n| Metric | Target | Timeframe |\n|---|---|---|\n| Workspaces connected | 300 | 30 days |\n" },
};

/*
 * The success metrics of the launch already out (Team workspaces, seed 003's metrics that matter),
 * with a figure a week from launch day: activation and support tickets on the path, time to first
 * value and expansion revenue behind it, NPS past its target already.
 */
#define DEMO_LAUNCHED "team-workspaces"
static const struct {
	const char *name, *kind, *unit, *direction, *baseline, *target, *window, *owner, *source;
	double week[3]; /* the figures on T, T+1w and T+2w */
} demo_metrics[] = {
	{ "Activation rate", "activation", "%", "up", "32", "+8pt", "90", "Ana Silva", "Amplitude: activation funnel",
	  { 32.1, 33.4, 34.6 } },
	{ "Time to first value", "time-to-value", "days", "down", "6", "4", "60", "Femi Adeyemi",
	  "Warehouse: onboarding events", { 6, 5.9, 5.8 } },
	{ "NPS", "nps", "points", "up", "31", "+5pt", "90", "Emma Berg", "Delighted: quarterly survey", { 31, 33, 36.5 } },
	{ "Support tickets", "support-tickets", "count", "down", "120", "100", "30", "Emma Berg", "Zendesk: workspaces tag",
	  { 131, 112, 104 } },
	{ "Expansion revenue", "revenue", "EUR", "up", "42000", "+20%", "90", "Dev Patel", "Stripe: seat upgrades",
	  { 42000, 42600, 43100 } },
};

/* The reviews the team held, each on its stage's day, with its notes (Markdown). */
static const struct {
	int stage;
	const char *notes;
} demo_reviews[] = {
	{ TM_STAGE_DAY_1, "Ticket spike on launch day (131), mostly questions on inviting guests to a workspace.\n\n"
			  "- Emma adds a help article on guest invites\n- Ana watches the onboarding funnel daily this week\n" },
	{ TM_STAGE_WEEK_1, "Activation is ahead of its path; time to first value has barely moved.\n\n"
			   "- The onboarding checklist redesign goes into the next sprint (Femi)\n"
			   "- Dev collects the first expansion deals for the week 2 review\n" },
};

/*
 * Gives the launched demo launch its metrics, a figure a week up to today, and the reviews held so
 * far, as the team would have recorded them: each review on its stage's day, by the launch's PM
 * (pinned, so that the demo is the same whoever runs it).
 */
static int launched_outcomes(tm_app *app, tm_error *err)
{
	tm_launch l;
	const char *user = app->user;
	tm_date today = app->today;
	int rc = app->st->ops->launches->find(app->st, DEMO_LAUNCHED, &l, err);
	if (rc || l.date > today)
		return rc;
	app->user = "Ana Silva";
	for (size_t i = 0; i < sizeof(demo_metrics) / sizeof(demo_metrics[0]) && !rc; i++) {
		tm_metric_input in;
		tm_metric_view v;
		char on[TM_DATE_STRLEN];
		memset(&in, 0, sizeof(in));
		rc = tm_input_set(&tm_metric_desc, "name", demo_metrics[i].name, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "kind", demo_metrics[i].kind, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "unit", demo_metrics[i].unit, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "direction", demo_metrics[i].direction, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "baseline", demo_metrics[i].baseline, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "baseline_on", tm_date_format(l.date - 7, on), &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "target", demo_metrics[i].target, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "window", demo_metrics[i].window, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "owner", demo_metrics[i].owner, &in, err);
		rc = rc ? rc : tm_input_set(&tm_metric_desc, "source", demo_metrics[i].source, &in, err);
		if (!rc)
			rc = tm_app_metric_add(app, DEMO_LAUNCHED, &in, &v, err);
		tm_observation_input obs[3];
		size_t n = 0;
		for (int k = 0; k < 3 && l.date + 7 * k <= today; k++, n++) {
			memset(&obs[n], 0, sizeof(obs[n]));
			obs[n].given = 1u << TM_OI_VALUE | 1u << TM_OI_ON;
			obs[n].value = demo_metrics[i].week[k];
			obs[n].on = l.date + 7 * k;
		}
		if (!rc && n)
			rc = tm_app_metric_record(app, DEMO_LAUNCHED, demo_metrics[i].name, obs, n, NULL, NULL, err);
	}
	for (size_t i = 0; i < sizeof(demo_reviews) / sizeof(demo_reviews[0]) && !rc; i++) {
		tm_launch_review r;
		tm_date day = tm_stage_date(demo_reviews[i].stage, l.date);
		if (day > today)
			continue;
		app->today = day;
		rc = tm_app_review_done(app, DEMO_LAUNCHED, demo_reviews[i].stage, demo_reviews[i].notes,
					strlen(demo_reviews[i].notes), &r, err);
		if (!rc)
			tm_launch_review_release(&r);
		app->today = today;
	}
	app->user = user;
	return rc;
}

/* Words for generated portfolios: "Smart reports", "Team billing v3" … */
static const char *const adjectives[] = { "Smart", "Team", "Bulk", "Live", "Secure", "Instant", "Shared",
					  "Custom", "Mobile", "Advanced", "Guided", "Scheduled" };
static const char *const nouns[] = { "reports", "billing", "search", "dashboards", "exports", "alerts",
				     "approvals", "templates", "workflows", "analytics", "permissions", "sync" };

/* A small deterministic generator (xorshift), so demos and benchmarks repeat exactly. */
static unsigned next_rand(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Marks tasks due before today done, except one in four that is late. */
static int progress(tm_app *app, tm_launch_detail *d, unsigned *seed, tm_error *err)
{
	for (size_t i = 0; i < d->tasks.n; i++) {
		tm_task t = d->tasks.v[i];
		if (!t.has_due || t.due >= app->today)
			continue;
		t.status = next_rand(seed) % 4 == 0 ? TM_TASK_IN_PROGRESS : TM_TASK_DONE;
		t.depends_on = NULL;
		int rc = app->st->ops->tasks->update(app->st, &t, err);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Pads a generated launch to n_tasks with extra deliverables and adds random
 * dependencies within it (none that would close a cycle): the shape of a
 * real bill of materials, for benchmarks.
 */
static int pad_launch(tm_app *app, tm_launch_detail *d, int n_tasks, unsigned *seed, tm_error *err)
{
	tm_store *st = app->st;
	tm_deps deps = TM_VEC_INIT;
	int rc = st->ops->tasks->dep_list(st, d->launch.id, &deps, err);
	for (int k = (int)d->tasks.n; k < n_tasks && !rc; k++) {
		tm_task t = { .launch_id = d->launch.id, .role = TM_ROLE_PMM, .status = TM_TASK_TODO, .required = true };
		unsigned r = next_rand(seed);
		snprintf(t.title, sizeof(t.title), "Extra deliverable %d", k + 1);
		snprintf(t.section, sizeof(t.section), "Marketing Activities");
		t.owner_id = d->launch.marketing_id ? d->launch.marketing_id : d->launch.pm_id;
		t.effort_days = 1 + (int)(r % 5);
		t.has_offset = t.has_due = true;
		t.offset = (tm_offset){ .amount = -(int)(2 + r / 5 % 25), .unit = TM_UNIT_BDAY };
		rc = tm_app_resolve(&t.offset, d->launch.date, tm_app_calendar(app), t.title, "would be due", &t.due, err);
		if (!rc)
			rc = st->ops->tasks->add(st, &t, err);
		if (!rc)
			*TM_VEC_PUSH(&d->tasks) = t;
	}
	/* A few more dependencies between random pairs, later task waiting for earlier. */
	for (int k = 0; k < n_tasks / 5 && !rc && d->tasks.n > 2; k++) {
		size_t a = next_rand(seed) % d->tasks.n, b = next_rand(seed) % d->tasks.n;
		int64_t cyc[4];
		int64_t ta = d->tasks.v[a].id, tb = d->tasks.v[b].id;
		bool dup = false;
		for (size_t i = 0; i < deps.n; i++)
			dup |= deps.v[i].task == ta && deps.v[i].after == tb;
		if (a == b || dup || tm_dep_cycle(deps.v, deps.n, ta, tb, cyc, 4))
			continue;
		rc = st->ops->tasks->dep_add(st, ta, tb, err);
		*TM_VEC_PUSH(&deps) = (tm_dep){ ta, tb };
	}
	TM_VEC_FREE(&deps);
	return rc;
}

/* ---- before the next launch (issue 14): the glossary, the backlog, experiments, the roadmap, decisions ---- */

/*
 * Fills an input of description d from "field=value" texts (NULL-terminated), as the command line would:
 * a repeated field (launches, options) is given once per value.
 */
static int demo_input(const tm_input_desc *d, void *in, const char *const *fv, tm_error *err)
{
	memset(in, 0, d->size);
	for (size_t i = 0; fv[i]; i++) {
		char name[40];
		const char *eq = strchr(fv[i], '=');
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - fv[i]) : 0, fv[i]);
		int rc = tm_input_set(d, name, eq ? eq + 1 : "", in, err);
		if (rc)
			return rc;
	}
	return 0;
}

#define FV(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The shared language of seed 003, and its two personas. */
static const char *const *const demo_terms[] = {
	FV("term=Activation", "definition=A new workspace that plans its first launch within 7 days of signing up: the "
	   "number the product and marketing tracks both answer to."),
	FV("term=Qualified signup", "definition=A trial signup from a team of 2 to 200 people with a verified work email: "
	   "the unit every pricing and messaging experiment counts (150 to 200 per arm at least)."),
	FV("term=Launch tier", "definition=How much go-to-market a launch gets: Tier 1 a full campaign, Tier 2 a focused "
	   "one, Tier 3 an announcement, Tier 4 release notes only."),
	FV("term=RICE", "definition=Reach x impact x confidence / effort: how the single backlog is ranked."),
	FV("term=Platform Priya", "kind=persona", "definition=The engineering lead who adopts tminus for her team.",
	   "role=Head of Platform Engineering at a 50-person SaaS company",
	   "goals=Ship integrations without babysitting them; keep tool costs predictable",
	   "pains=Seat-based tools charge for people who never log in; launch plans live in five places"),
	FV("term=Finance Frank", "kind=persona", "definition=The finance lead who approves the tools a team buys.",
	   "role=Finance lead who approves software spend", "goals=One bill he can forecast a quarter ahead",
	   "pains=Usage bills that spike without warning; paying for unused seats"),
};

/* The single backlog: both tracks, scored and not, with their personas (ids 1 … in this order). */
static const char *const *const demo_ideas[] = {
	FV("title=Usage alerts before the bill", "kind=idea", "track=product", "owner=Ana Silva", "reach=2000", "impact=high",
	   "confidence=medium", "effort=2", "persona=Finance Frank", "status=validating"),
	FV("title=Single sign-on for small teams", "kind=idea", "track=product", "owner=Ana Silva", "reach=800", "impact=medium",
	   "confidence=high", "effort=3", "persona=Platform Priya"),
	FV("title=Offline mode for launch plans", "kind=idea", "track=product", "owner=Femi Adeyemi", "reach=300", "impact=low",
	   "confidence=low", "effort=6"),
	FV("title=Metered plans per API call", "kind=idea", "track=product", "owner=Ana Silva", "reach=5000", "impact=massive",
	   "confidence=medium", "effort=8", "persona=Platform Priya", "status=planned"),
	FV("title=Bulk actions in the API", "kind=idea", "track=product", "owner=Femi Adeyemi", "reach=1200", "impact=high",
	   "confidence=medium", "effort=2.5", "persona=Platform Priya"),
	FV("title=Which plan limits do small teams hit first?", "kind=question", "track=product", "owner=Femi Adeyemi"),
	FV("title=Audit trail for workspace admins", "kind=idea", "track=product", "owner=Femi Adeyemi", "reach=400", "impact=high",
	   "confidence=high", "effort=1.5", "status=planned"),
	FV("title=Show the per-call price on the pricing page", "kind=idea", "track=market", "owner=Ben Okafor", "reach=6000",
	   "impact=medium", "confidence=medium", "effort=1", "persona=Finance Frank", "status=experimenting"),
	FV("title=Developer-first messaging", "kind=idea", "track=market", "owner=Ben Okafor", "reach=4000", "impact=high",
	   "confidence=low", "effort=1", "persona=Platform Priya", "status=experimenting"),
	FV("title=Case study with a 20-person team", "kind=idea", "track=market", "owner=Chloé Martin", "reach=1500",
	   "impact=medium", "confidence=high", "effort=0.5"),
	FV("title=Do finance leads read the changelog?", "kind=question", "track=market", "owner=Chloé Martin",
	   "status=validating", "persona=Finance Frank"),
	FV("title=Finance lead at a small team", "kind=persona", "track=market", "owner=Ben Okafor", "reach=900"),
	FV("title=Partner webinar series", "kind=idea", "track=market", "owner=Chloé Martin", "reach=900", "impact=low",
	   "confidence=medium", "effort=2", "status=dropped", "why=No partner signed up for the first two dates"),
};

/* An experiment's arms and their running totals. */
static const struct {
	const char *const *arm;
	const char *visitors, *conversions, *revenue;
} demo_arms[2][3] = {
	/* Pricing, 12 and 15 % above today's price: at the planned 1,500 qualified signups each, both lose
	 * conversions clearly (12.0 % against 9.3 % and 8.5 %): the control wins. */
	{ { FV("name=control", "control=true", "price=20"), "1500", "180", "240" },
	  { FV("name=plus-12", "price=22.40"), "1500", "140", "268.80" },
	  { FV("name=plus-15", "price=23"), "1500", "128", "276" } },
	/* Messaging: the developer-first headline converts better already, before the planned sample. */
	{ { FV("name=control", "control=true", "message=Budgets and alerts before the bill"), "1000", "80", NULL },
	  { FV("name=dev-first", "message=Only pay for the API calls you make"), "1000", "118", NULL },
	  { NULL, NULL, NULL, NULL } },
};

static int demo_experiments(tm_app *app, tm_error *err)
{
	const char *const *const exps[] = {
		FV("name=Usage pricing step", "kind=pricing",
		   "hypothesis=A per-call price 12 to 15 percent higher keeps trial-to-paid conversion within a point",
		   "current_price=20", "planned_sample=1500", "monthly_traffic=8000", "cost=12000", "owner=Ben Okafor",
		   "idea=8", "launch=usage-based-billing"),
		FV("name=Developer-first headline", "kind=messaging",
		   "hypothesis=Leading with paying only for the calls you make converts more developers than budgets and alerts",
		   "planned_sample=2000", "monthly_traffic=8000", "owner=Ben Okafor", "idea=9", "launch=usage-based-billing"),
	};
	int rc = 0;
	for (size_t e = 0; e < 2 && !rc; e++) {
		tm_experiment_input xi;
		tm_experiment_view v;
		memset(&v, 0, sizeof(v));
		if ((rc = demo_input(&tm_experiment_desc, &xi, exps[e], err)) || (rc = tm_app_experiment_add(app, &xi, &v, err)))
			break;
		char name[TM_EXPERIMENT_NAME_MAX + 1];
		snprintf(name, sizeof(name), "%s", v.e.name);
		tm_experiment_view_release(&v);
		for (size_t a = 0; a < 3 && demo_arms[e][a].arm && !rc; a++) {
			tm_arm_input ai;
			tm_arm_record_input ri;
			memset(&v, 0, sizeof(v));
			if (!(rc = demo_input(&tm_arm_desc, &ai, demo_arms[e][a].arm, err)))
				rc = tm_app_experiment_arm_add(app, name, &ai, &v, err);
			tm_experiment_view_release(&v);
			char visitors[40], conversions[40], revenue[60];
			snprintf(visitors, sizeof(visitors), "visitors=%s", demo_arms[e][a].visitors);
			snprintf(conversions, sizeof(conversions), "conversions=%s", demo_arms[e][a].conversions);
			snprintf(revenue, sizeof(revenue), "revenue_per_conversion=%s",
				 demo_arms[e][a].revenue ? demo_arms[e][a].revenue : "");
			memset(&v, 0, sizeof(v));
			if (!rc)
				rc = demo_input(&tm_arm_record_desc, &ri,
						demo_arms[e][a].revenue ? FV(visitors, conversions, revenue) : FV(visitors, conversions), err);
			if (!rc)
				rc = tm_app_experiment_record(app, name, ai.name, &ri, &v, err);
			tm_experiment_view_release(&v);
		}
	}
	return rc;
}

/* The quarter of a day as the roadmap writes it ("quarter=2027Q1"). */
static void quarter_field(tm_date d, char out[32])
{
	int y, q;
	char text[TM_QUARTER_STRLEN];
	tm_quarter_of(d, &y, &q);
	snprintf(out, 32, "quarter=%s", tm_quarter_format(y, q, text));
}

/* Two strategic items, three initiatives under them and four releases delivered by the demo's launches. */
static int demo_roadmap(tm_app *app, tm_error *err)
{
	char now[32], next[32], billing[32], slack[32], bulk[32], audit[32];
	tm_launch l;
	int rc = 0;
	quarter_field(app->today, now);
	quarter_field(tm_date_add_months(app->today, 3), next);
	static const struct {
		const char *slug;
		char *q;
	} dated[] = { { "usage-based-billing", NULL }, { "slack-integration", NULL }, { "bulk-edit-for-tasks", NULL },
		      { "audit-log-export", NULL } };
	char *qs[] = { billing, slack, bulk, audit };
	for (size_t i = 0; i < 4 && !rc; i++) {
		(void)dated[i].q;
		if (!(rc = tm_app_launch_get(app, dated[i].slug, &l, err)))
			quarter_field(l.date, qs[i]);
	}
	/* Ids 1 … 9 in this order: parents are named by id. */
	const char *const *const items[] = {
		FV("title=Win small teams", "level=strategic", "owner=Ana Silva", now, "status=green"),
		FV("title=Earn enterprise trust", "level=strategic", "owner=Ana Silva", next, "status=yellow"),
		FV("title=Pay only for what you use", "level=initiative", "parent=1", "owner=Ben Okafor", now, "status=yellow",
		   "ideas=4"),
		FV("title=Work where the team already works", "level=initiative", "parent=1", "owner=Ana Silva", now,
		   "status=green"),
		FV("title=Admin and compliance", "level=initiative", "parent=2", "owner=Femi Adeyemi", next, "status=green",
		   "ideas=7"),
		FV("title=Usage-based billing GA", "level=release", "parent=3", "owner=Ana Silva", billing, "status=yellow",
		   "launches=usage-based-billing", "ideas=4", "ideas=8"),
		FV("title=Slack integration", "level=release", "parent=4", "owner=Ben Okafor", slack, "status=green",
		   "launches=slack-integration"),
		FV("title=Bulk editing", "level=release", "parent=4", "owner=Femi Adeyemi", bulk, "status=green",
		   "launches=bulk-edit-for-tasks", "ideas=5"),
		FV("title=Audit log export", "level=release", "parent=5", "owner=Femi Adeyemi", audit, "status=green",
		   "launches=audit-log-export", "ideas=7"),
	};
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]) && !rc; i++) {
		tm_roadmap_input ri;
		tm_roadmap r;
		memset(&r, 0, sizeof(r));
		if (!(rc = demo_input(&tm_roadmap_desc, &ri, items[i], err)))
			rc = tm_app_roadmap_add(app, &ri, &r, err);
		tm_roadmap_release(&r);
	}
	return rc;
}

/* Decisions with the options weighed, the one chosen and who decided, linked to what they are about. */
static const char *const *const demo_decisions[] = {
	FV("launch=usage-based-billing", "what=Price usage-based billing per API call",
	   "why=Nine of twelve small teams interviewed pay for seats nobody uses", "options=Per seat",
	   "options=Per API call", "options=Seats plus overage", "chosen=Per API call", "decided_by=Ana Silva", "ideas=4",
	   "experiments=Usage pricing step", "roadmap=6"),
	FV("launch=slack-integration", "what=Ship Slack before Microsoft Teams",
	   "why=78 percent of trial workspaces connect Slack in their first week", "options=Slack first",
	   "options=Teams first", "options=Both at once", "chosen=Slack first", "decided_by=Ben Okafor", "roadmap=7"),
	FV("what=Drop the partner webinar series", "why=No partner signed up for the first two dates",
	   "options=Keep trying for a quarter", "options=Drop it", "chosen=Drop it", "decided_by=Chloé Martin", "ideas=13"),
};

static int before_next_launch(tm_app *app, tm_error *err)
{
	const char *user = app->user;
	int rc = 0;
	app->user = "Ana Silva";
	for (size_t i = 0; i < sizeof(demo_terms) / sizeof(demo_terms[0]) && !rc; i++) {
		tm_term_input ti;
		tm_term t;
		if (!(rc = demo_input(&tm_term_desc, &ti, demo_terms[i], err)))
			rc = tm_app_term_add(app, &ti, &t, err);
	}
	/* An item starts new: its status (and why, for a drop) comes after, as a team moves it on. */
	for (size_t i = 0; i < sizeof(demo_ideas) / sizeof(demo_ideas[0]) && !rc; i++) {
		tm_idea_input ii;
		tm_idea idea;
		const char *add[16] = { NULL }, *later[3] = { NULL };
		for (size_t k = 0, na = 0, nl = 0; demo_ideas[i][k] && na < 15 && nl < 2; k++) {
			if (!strncmp(demo_ideas[i][k], "status=", 7) || !strncmp(demo_ideas[i][k], "why=", 4))
				later[nl++] = demo_ideas[i][k];
			else
				add[na++] = demo_ideas[i][k];
		}
		if (!(rc = demo_input(&tm_idea_desc, &ii, add, err)))
			rc = tm_app_idea_add(app, &ii, &idea, err);
		if (!rc && later[0]) {
			char ref[24];
			snprintf(ref, sizeof(ref), "%lld", (long long)idea.id);
			if (!(rc = demo_input(&tm_idea_desc, &ii, later, err)))
				rc = tm_app_idea_set(app, ref, &ii, &idea, err);
		}
	}
	if (!rc)
		rc = demo_experiments(app, err);
	if (!rc)
		rc = demo_roadmap(app, err);
	for (size_t i = 0; i < sizeof(demo_decisions) / sizeof(demo_decisions[0]) && !rc; i++) {
		tm_decision_input di;
		tm_decision d;
		if (!(rc = demo_input(&tm_decision_desc, &di, demo_decisions[i], err)))
			rc = tm_app_decision_add(app, &di, &d, err);
	}
	app->user = user;
	return rc;
}

static int add_one(tm_app *app, const char *name, int tier, tm_date date, const char *confidence,
		   unsigned *seed, int n_tasks, tm_demo_result *out, tm_error *err)
{
	char datebuf[TM_DATE_STRLEN];
	tm_launch_detail d;
	memset(&d, 0, sizeof(d));
	tm_launch_input in = { 0 };
	char tierbuf[8];
	static const char *const owners[] = { "marketing=Chloé Martin", "sales=Dev Patel", "cs=Emma Berg", "support=Emma Berg",
					      "eng=Femi Adeyemi" };
	snprintf(tierbuf, sizeof(tierbuf), "%d", tier);
	int rc = tm_input_set(&tm_launch_desc, "name", name, &in, err);
	rc = rc ? rc : tm_input_set(&tm_launch_desc, "date", tm_date_format(date, datebuf), &in, err);
	rc = rc ? rc : tm_input_set(&tm_launch_desc, "tier", tierbuf, &in, err);
	rc = rc ? rc : tm_input_set(&tm_launch_desc, "pm", "Ana Silva", &in, err);
	rc = rc || tier > 2 ? rc : tm_input_set(&tm_launch_desc, "marketing", "Ben Okafor", &in, err);
	rc = rc ? rc : tm_input_set(&tm_launch_desc, "confidence", confidence, &in, err);
	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]) && !rc; i++)
		rc = tm_input_set(&tm_launch_desc, "owners", owners[i], &in, err);
	if (!rc)
		rc = tm_app_launch_add(app, &in, &d, err);
	if (!rc && n_tasks > (int)d.tasks.n)
		rc = pad_launch(app, &d, n_tasks, seed, err);
	if (!rc)
		rc = progress(app, &d, seed, err);
	if (!rc && date < app->today) {
		d.launch.status = TM_LAUNCH_LAUNCHED;
		rc = app->st->ops->launches->update(app->st, &d.launch, err);
	}
	if (!rc) {
		out->launches++;
		out->tasks += (int)d.tasks.n;
	}
	tm_launch_detail_release(&d);
	return rc;
}

/* People told of a launch's events beside its owners (issue 15): customer success watches billing, sales
 * the Slack integration. */
static int demo_watchers(tm_app *app, tm_error *err)
{
	static const struct {
		const char *launch, *person;
	} watch[] = { { "usage-based-billing", "Emma Berg" }, { "slack-integration", "Dev Patel" } };
	tm_store *st = app->st;
	int rc = 0;
	for (size_t i = 0; i < sizeof(watch) / sizeof(watch[0]) && !rc; i++) {
		tm_launch l;
		tm_person p;
		if (!(rc = st->ops->launches->find(st, watch[i].launch, &l, err)) &&
		    !(rc = st->ops->people->find(st, watch[i].person, &p, err)))
			rc = st->ops->notify->watch(st, l.id, p.id, true, err);
	}
	return rc;
}

int tm_app_demo(tm_app *app, int n_launches, int n_tasks, tm_demo_result *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_people people = TM_VEC_INIT;
	int64_t count = 0;
	unsigned seed = 20261122u;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = st->ops->launches->count(st, &count, err)) || (rc = st->ops->people->list(st, &people, err)))
		goto out;
	if (count || people.n) {
		rc = tm_fail(err, TM_ECONFLICT, "the workspace is not empty (%lld launches, %zu people): the demo needs a fresh database (--db PATH)",
			     (long long)count, people.n);
		goto out;
	}
	/* One transaction for the whole demo: the use cases below nest inside it. */
	if ((rc = st->ops->tx->begin(st, true, err)))
		goto out;
	for (size_t i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]) && !rc; i++) {
		tm_person p;
		memset(&p, 0, sizeof(p));
		snprintf(p.name, sizeof(p.name), "%s", demo_people[i].name);
		snprintf(p.email, sizeof(p.email), "%s", demo_people[i].email);
		p.role = tm_role_parse(demo_people[i].role);
		p.capacity = 5;
		/* Engineering reads the Monday summary only (issue 15's reminders); the others a daily digest. */
		p.notify = p.role == TM_ROLE_ENG ? TM_NOTIFY_WEEKLY : TM_NOTIFY_DAILY;
		rc = st->ops->people->add(st, &p, err);
		out->people += !rc;
	}
	if (n_launches <= 0) {
		for (size_t i = 0; i < sizeof(demo_launches) / sizeof(demo_launches[0]) && !rc; i++) {
			/* Launch on a working day, as a team would plan it. */
			tm_date date = tm_cal_workday_on_or_after(tm_app_calendar(app), app->today + demo_launches[i].days_out);
			rc = add_one(app, demo_launches[i].name, demo_launches[i].tier, date, demo_launches[i].confidence, &seed,
				     0, out, err);
		}
	} else {
		static const char *const conf[] = { "low", "medium", "high" };
		for (int i = 0; i < n_launches && !rc; i++) {
			char name[TM_NAME_MAX + 1];
			unsigned r = next_rand(&seed);
			snprintf(name, sizeof(name), "%s %s %d", adjectives[r % 12], nouns[(r / 12) % 12], i + 1);
			/* Mixed tiers, more small launches than big ones, spread over a year either side of today. */
			static const int tiers[] = { 1, 1, 2, 2, 3, 3, 3, 4 };
			int tier = tiers[(r / 144) % 8];
			tm_date date = tm_cal_workday_on_or_after(NULL, app->today - 365 + (int)((r / 1152) % 730));
			rc = add_one(app, name, tier, date, conf[(r / 7) % 3], &seed, n_tasks, out, err);
		}
	}
	/* The bigger launches get a brief (read with the parser users get) and a channel quadrant. */
	for (size_t i = 0; n_launches <= 0 && i < sizeof(demo_briefs) / sizeof(demo_briefs[0]) && !rc; i++) {
		tm_launch_brief lb;
		tm_launch_input in = { 0 };
		tm_launch_detail d = { 0 };
		rc = tm_input_set(&tm_launch_desc, "quadrant", demo_briefs[i].quadrant, &in, err);
		rc = rc ? rc : tm_app_brief_import_text(app, demo_briefs[i].slug, demo_briefs[i].markdown, strlen(demo_briefs[i].markdown),
					      "demo brief", &lb, err);
		if (!rc)
			rc = tm_app_launch_set(app, demo_briefs[i].slug, &in, &d, err);
		tm_launch_detail_release(&d);
	}
	if (n_launches <= 0 && !rc)
		rc = demo_watchers(app, err);
	if (n_launches <= 0 && !rc)
		rc = launched_outcomes(app, err);
	if (n_launches <= 0 && !rc)
		rc = before_next_launch(app, err);
	rc = tm_store_finish(st, rc, err);
out:
	TM_VEC_FREE(&people);
	return rc;
}
