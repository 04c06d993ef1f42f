/* rules.c - the readiness rules, readiness per function and the score; see rules.h. */
#include "core/rules.h"
#include "core/text.h"
#include "core/roadmap.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

static const tm_rule_info rules[] = {
#define X(id, name, sev, desc) { name, TM_SEV_##sev, desc },
	TM_RULES(X)
#undef X
};

const tm_rule_info *tm_rule(int id)
{
	return id >= 0 && id < TM_RULE_COUNT ? &rules[id] : NULL;
}

int tm_rule_parse(const char *name)
{
	for (int i = 0; i < TM_RULE_COUNT; i++)
		if (!strcmp(rules[i].name, name))
			return i;
	return -1;
}

const char *tm_severity_name(int sev)
{
	return sev == TM_SEV_ERROR ? "error" : sev == TM_SEV_WARNING ? "warning" : "info";
}

/* Case-insensitive substring. */
static bool has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

/* Not done nor skipped: awaiting approval is open too (the work is done, the copy is not approved). */
static bool is_open(const tm_task *t)
{
	return t->status == TM_TASK_TODO || t->status == TM_TASK_IN_PROGRESS || t->status == TM_TASK_AWAITING_APPROVAL;
}

static void add(tm_findings *out, const tm_check_input *in, int rule, int sev, int64_t task, const char *hint,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(tm_findings *out, const tm_check_input *in, int rule, int sev, int64_t task, const char *hint,
		const char *fmt, ...)
{
	if (in->only && !in->only[rule])
		return;
	tm_finding *f = TM_VEC_PUSH(out);
	va_list ap;
	f->rule = rule;
	f->severity = sev;
	f->launch_id = in->launch->id;
	f->task_id = task;
	va_start(ap, fmt);
	(void)vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	snprintf(f->hint, sizeof(f->hint), "%s", hint);
}

/* "working day" or "working days", for a count of them. */
static const char *workdays(int n)
{
	return tm_plural(n, "working day", "working days");
}

static const char *day(tm_date d, char *buf)
{
	return tm_date_format(d, buf);
}

/* Working days from today to launch day (negative once it has passed). */
static int days_to_launch(const tm_check_input *in)
{
	return tm_cal_workdays_between(in->cal, in->today, in->launch->date);
}

/* The product's own work: engineering, design, the Product section, milestones, post-launch. */
static bool is_gtm(const tm_task *t)
{
	return !t->milestone && strcasecmp(t->section, "Product") && strcasecmp(t->section, "Post-launch") &&
	       t->role != TM_ROLE_ENG && t->role != TM_ROLE_DESIGN;
}

static const tm_task *find_title(const tm_check_input *in, const char *title)
{
	for (size_t i = 0; i < in->n_tasks; i++)
		if (!strcasecmp(in->tasks[i].title, title))
			return &in->tasks[i];
	return NULL;
}

static void ship_and_forget(const tm_check_input *in, tm_findings *out)
{
	int left = days_to_launch(in);
	if (left < 0 || left > 10 || in->launch->status != TM_LAUNCH_PLANNED)
		return;
	int gtm = 0, started = 0;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!is_gtm(t) || t->status == TM_TASK_SKIPPED)
			continue;
		gtm++;
		started += t->status != TM_TASK_TODO;
	}
	if (!gtm)
		add(out, in, TM_RULE_SHIP_AND_FORGET, TM_SEV_ERROR, 0,
		    "add the tier's GTM tasks (tminus launch set --tier N) or say who tells customers",
		    "'%s' launches in %d %s with no GTM work beyond the product's own", in->launch->name, left, workdays(left));
	else if (!started)
		add(out, in, TM_RULE_SHIP_AND_FORGET, TM_SEV_ERROR, 0,
		    "start the GTM tasks now, or move the launch day (tminus launch delay)",
		    "'%s' launches in %d %s and %s", in->launch->name, left, workdays(left),
		    gtm == 1 ? "its one GTM task has not started" : "none of its GTM tasks has started");
}

static void marketing_surprise(const tm_check_input *in, tm_findings *out)
{
	char d[TM_DATE_STRLEN];
	if (in->launch->tier > 2 || in->launch->status != TM_LAUNCH_PLANNED)
		return;
	if (!in->launch->marketing_id)
		add(out, in, TM_RULE_MARKETING_SURPRISE, TM_SEV_ERROR, 0,
		    "name a marketing owner: tminus launch set LAUNCH --marketing PERSON",
		    "Tier %d launch '%s' has no marketing owner: marketing will learn of it too late", in->launch->tier,
		    in->launch->name);
	const tm_task *m = find_title(in, "Messaging approved");
	if (m && is_open(m) && m->has_due && m->due < in->today)
		add(out, in, TM_RULE_MARKETING_SURPRISE, TM_SEV_ERROR, m->id,
		    "get messaging approved this week, or move launch day",
		    "messaging for '%s' was due to be approved on %s and is not (owner %s)", in->launch->name, day(m->due, d),
		    m->owner[0] ? m->owner : "nobody");
}

/* Significant words of a phrase: letters only, 4+ characters, not the common ones. */
static int words(const char *s, char out[][32], int max)
{
	static const char *const stop[] = { "this", "that", "with", "without", "will", "from", "into", "only", "more",
					    "less", "than", "your", "their", "what", "when", "where", "which", "isn't",
					    "yet", "launch", "launching", "feature", "support", "users", "user", "every",
					    "some", "have", "does", "doesn't", "also", "just", "like", "first", "later" };
	int n = 0;
	for (const char *p = s; *p && n < max;) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		char w[32];
		int k = 0;
		while (*p && (isalpha((unsigned char)*p) || *p == '\'')) {
			if (k < 31)
				w[k++] = (char)tolower((unsigned char)*p);
			p++;
		}
		w[k] = '\0';
		if (k < 4)
			continue;
		bool common = false;
		for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
			common |= !strcmp(w, stop[i]);
		if (!common)
			snprintf(out[n++], 32, "%s", w);
	}
	return n;
}

static void over_promising(const tm_check_input *in, tm_findings *out)
{
	const tm_brief *b = in->brief;
	if (in->launch->tier > 2)
		return;
	if (!b->n_limitations) {
		add(out, in, TM_RULE_OVER_PROMISING, TM_SEV_WARNING, 0,
		    "write what this isn't under 'Limitations / What This Isn't' (tminus brief edit)",
		    "the brief of '%s' lists no limitations: nothing tells marketing what to avoid claiming", in->launch->name);
		return;
	}
	const char *messages[TM_BRIEF_ITEMS + 1];
	int nm = 0;
	if (b->headline[0])
		messages[nm++] = b->headline;
	for (int i = 0; i < b->n_points; i++)
		messages[nm++] = b->points[i];
	for (int l = 0; l < b->n_limitations; l++) {
		char lw[16][32];
		int nl = words(b->limitations[l], lw, 16);
		if (!nl)
			continue;
		for (int m = 0; m < nm; m++) {
			char mw[32][32];
			int nmw = words(messages[m], mw, 32), hits = 0;
			for (int i = 0; i < nl; i++)
				for (int j = 0; j < nmw; j++)
					hits += !strcmp(lw[i], mw[j]);
			if (hits >= (nl < 2 ? nl : 2)) {
				add(out, in, TM_RULE_OVER_PROMISING, TM_SEV_ERROR, 0,
				    "reword the key message or drop the limitation if it no longer holds",
				    "key message \"%s\" claims what a limitation excludes: \"%s\"", messages[m], b->limitations[l]);
				break;
			}
		}
	}
}

/* Tasks that inform or train sales and support. */
static bool informs_sales_or_support(const tm_task *t)
{
	return !strcasecmp(t->section, "Sales Enablement") || has(t->title, "training") || has(t->title, "informed") ||
	       has(t->title, "enablement") || has(t->title, "escalation path");
}

static void under_communicating(const tm_check_input *in, tm_findings *out)
{
	int left = days_to_launch(in);
	if (left < 0 || left > 5 || in->launch->status != TM_LAUNCH_PLANNED || in->launch->tier > 3)
		return;
	int any = 0;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!informs_sales_or_support(t) || t->status == TM_TASK_SKIPPED)
			continue;
		any++;
		if (is_open(t))
			add(out, in, TM_RULE_UNDER_COMMUNICATING, TM_SEV_ERROR, t->id,
			    "finish it before launch day, or sales and support hear about the launch from customers",
			    "'%s' launches in %d %s and '%s' is not done (owner %s)", in->launch->name, left, workdays(left), t->title,
			    t->owner[0] ? t->owner : "nobody");
	}
	if (!any)
		add(out, in, TM_RULE_UNDER_COMMUNICATING, TM_SEV_ERROR, 0,
		    "add a task that informs support and sales (tminus task add LAUNCH \"Support team informed\")",
		    "'%s' launches in %d %s and no task informs or trains sales and support", in->launch->name, left,
		    workdays(left));
}

static void one_size_fits_all(const tm_check_input *in, tm_findings *out)
{
	/* Another tier's checklist. */
	int from_playbook = 0, other = 0, other_tier = 0;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!t->source_tier)
			continue;
		from_playbook++;
		if (t->source_tier != in->launch->tier) {
			other++;
			other_tier = t->source_tier;
		}
	}
	if (from_playbook && other * 2 > from_playbook)
		add(out, in, TM_RULE_ONE_SIZE_FITS_ALL, TM_SEV_WARNING, 0,
		    "skip what this tier does not need, or set the tier the work really is",
		    "%d of the %d playbook %s of tier %d launch '%s' %s from the tier %d checklist", other, from_playbook,
		    tm_plural(from_playbook, "task", "tasks"), in->launch->tier, in->launch->name,
		    tm_plural(other, "comes", "come"), other_tier);
	/* The portfolio: every launch of the last quarter with the same tier. */
	tm_date from = tm_date_add_months(in->today, -3);
	int n = 0, first = 0;
	bool same = true;
	for (size_t i = 0; i < in->n_portfolio; i++) {
		const tm_launch *l = &in->portfolio[i];
		if (l->date < from || l->date > in->today || l->status == TM_LAUNCH_CANCELLED)
			continue;
		if (!n++)
			first = l->tier;
		else if (l->tier != first)
			same = false;
	}
	if (n >= 3 && same)
		add(out, in, TM_RULE_ONE_SIZE_FITS_ALL, TM_SEV_WARNING, 0,
		    "tier each launch on its own merits (tminus tier suggest)",
		    "all %d launches of the last quarter were tier %d: the same GTM for every feature", n, first);
}

static bool is_marketing_copy(const tm_task *t)
{
	return has(t->title, "blog") || has(t->title, "email") || has(t->title, "social") || has(t->title, "press");
}

static void pm_as_marketer(const tm_check_input *in, tm_findings *out)
{
	if (!in->launch->pm_id)
		return;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		/* A task the playbook gives the PM ("Beta customers: personal email from the PM") is theirs by design. */
		if (is_marketing_copy(t) && t->owner_id == in->launch->pm_id && t->role != TM_ROLE_PM &&
		    t->status != TM_TASK_SKIPPED)
			add(out, in, TM_RULE_PM_AS_MARKETER, TM_SEV_WARNING, t->id,
			    "hand it to marketing: tminus task set ID --owner PERSON",
			    "the PM, %s, owns the marketing copy '%s'", in->launch->pm, t->title);
	}
}

/* External copy, or a title that says it reaches customers (tasks from before copy was marked external);
 * the team's own planning of it ("Press strategy and timing agreed") reaches nobody. */
static bool is_customer_facing(const tm_task *t)
{
	if (t->external)
		return true;
	if (has(t->title, "strategy") || has(t->title, "schedule") || has(t->title, " plan "))
		return false;
	return has(t->title, "customer communication") || has(t->title, "email") || has(t->title, "in-app") ||
	       has(t->title, "blog") || has(t->title, "press") || has(t->title, "announcement");
}

static bool is_sales_training(const tm_task *t)
{
	return !strcasecmp(t->title, "Sales training") || has(t->title, "training session") ||
	       has(t->title, "sales enablement");
}

static void sales_blindside(const tm_check_input *in, tm_findings *out)
{
	const tm_task *training = NULL;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (is_sales_training(t) && t->status != TM_TASK_SKIPPED && t->has_due &&
		    (!training || t->due > training->due || (t->milestone && t->due == training->due)))
			training = t;
	}
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!is_customer_facing(t) || !is_open(t) || !t->has_due)
			continue;
		if (!training) {
			if (in->launch->tier <= 2)
				add(out, in, TM_RULE_SALES_BLINDSIDE, TM_SEV_ERROR, t->id,
				    "add sales training before it (tminus task add LAUNCH \"Sales enablement brief\" --due …)",
				    "'%s' goes to customers on %s and no task trains sales", t->title, day(t->due, a));
			continue;
		}
		if (training->status != TM_TASK_DONE && t->due < training->due)
			add(out, in, TM_RULE_SALES_BLINDSIDE, TM_SEV_ERROR, t->id,
			    "move it after the training, or train sales earlier",
			    "customers hear of '%s' through '%s' on %s, before '%s' on %s", in->launch->name, t->title,
			    day(t->due, a), training->title, day(training->due, b));
	}
}

static void no_feedback_loop(const tm_check_input *in, tm_findings *out)
{
	if (in->launch->tier > 3)
		return;
	int sev = in->launch->tier == 3 ? TM_SEV_INFO : TM_SEV_WARNING;
	bool metric = false, review = false;
	for (int i = 0; i < in->brief->n_metrics; i++)
		metric |= in->brief->metrics[i].target[0] && in->brief->metrics[i].timeframe[0];
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		review |= t->status != TM_TASK_SKIPPED &&
			  (has(t->title, "metrics review") || has(t->title, "review") || has(t->title, "retrospective") ||
			   has(t->title, "share initial metrics"));
	}
	if (!metric)
		add(out, in, TM_RULE_NO_FEEDBACK_LOOP, sev, 0,
		    "add success metrics with a target and a timeframe to the brief (tminus brief edit)",
		    "'%s' has no success metric with a target and a timeframe", in->launch->name);
	if (!review)
		add(out, in, TM_RULE_NO_FEEDBACK_LOOP, sev, 0,
		    "add a post-launch review: tminus task add LAUNCH \"Full metrics review\" --due T+2m",
		    "'%s' has no post-launch review task", in->launch->name);
}

static void schedule_rules(const tm_check_input *in, tm_findings *out)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!is_open(t))
			continue;
		if (t->has_due && t->due < in->today) {
			/* Due on Friday and read on Sunday: no working day has passed since, and none is counted. */
			int ago = tm_cal_workdays_between(in->cal, t->due, in->today);
			char since[40] = "";
			if (ago > 0)
				snprintf(since, sizeof(since), " (%d %s ago)", ago, workdays(ago));
			add(out, in, TM_RULE_OVERDUE, t->milestone ? TM_SEV_ERROR : TM_SEV_WARNING, t->id,
			    "finish it, re-plan it (task set ID --due …), or skip it if it no longer applies",
			    "'%s' was due %s%s, owner %s", t->title, day(t->due, a), since, t->owner[0] ? t->owner : "nobody");
		}
		if (!t->owner_id)
			add(out, in, TM_RULE_UNOWNED, TM_SEV_WARNING, t->id, "give it a DRI: tminus task set ID --owner PERSON",
			    "'%s'%s%s%s has no owner", t->title, t->role >= 0 ? " (a task for " : "",
			    t->role >= 0 ? tm_role_name(t->role) : "", t->role >= 0 ? ")" : "");
	}
	if (in->plan) {
		for (size_t i = 0; i < in->plan->n; i++) {
			const tm_plan_task *p = &in->plan->tasks[i];
			if (p->slack >= 0)
				continue;
			const tm_task *t = NULL;
			for (size_t k = 0; k < in->n_tasks && !t; k++)
				if (in->tasks[k].id == p->id)
					t = &in->tasks[k];
			/* A product milestone engineering has not dated yet only sits where what waits for it
			 * needs it: the plan notes it as unknown, and the late work after it is at risk itself. */
			if (t && t->product && !t->has_due)
				continue;
			add(out, in, TM_RULE_AT_RISK, TM_SEV_ERROR, p->id,
			    "cut scope, add people, or move the date; 'tminus plan LAUNCH --explain ID' shows the chain",
			    "'%s' has %d %s of negative slack: it should have started by %s and can only finish on %s",
			    t ? t->title : "?", -p->slack, workdays(-p->slack), day(p->ls, a), day(p->ef, b));
		}
	}
	/* One finding per person, listing their overbooked weeks. */
	for (size_t i = 0; i < in->n_overloads; i++) {
		const tm_overload *o = &in->overloads[i];
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = in->overloads[k].person_id == o->person_id;
		if (seen)
			continue;
		char weeks[300] = "";
		int n = 0;
		for (size_t k = i; k < in->n_overloads; k++) {
			const tm_overload *w = &in->overloads[k];
			size_t used = strlen(weeks);
			if (w->person_id != o->person_id || used > sizeof(weeks) - 40)
				continue;
			snprintf(weeks + used, sizeof(weeks) - used, "%s%04d-W%02d: %.1f days", n++ ? ", " : "", w->year, w->week,
				 w->days);
		}
		add(out, in, TM_RULE_OWNER_OVERLOAD, TM_SEV_WARNING, 0,
		    "move work to someone else or spread it out (tminus plan --all shows every week)",
		    "%s is booked over their capacity of %d %s a week in %d %s (%s)", o->person, o->capacity,
		    workdays(o->capacity), n, tm_plural(n, "week", "weeks"), weeks);
	}
}

static void calendar_rules(const tm_check_input *in, tm_findings *out)
{
	const tm_launch *l = in->launch;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	if (l->status != TM_LAUNCH_PLANNED)
		return;
	for (size_t i = 0; i < in->n_freezes; i++)
		if (l->date >= in->freezes[i].start && l->date <= in->freezes[i].end)
			add(out, in, TM_RULE_FREEZE_CONFLICT, TM_SEV_ERROR, 0, "move launch day out of the freeze (tminus launch delay)",
			    "'%s' launches on %s, inside the freeze '%s' (%s to %s)", l->name, day(l->date, a), in->freezes[i].name,
			    day(in->freezes[i].start, b), tm_date_format(in->freezes[i].end, (char[TM_DATE_STRLEN]){ 0 }));
	if (tm_date_weekday(l->date) > 5 || tm_cal_is_holiday(in->cal, l->date))
		add(out, in, TM_RULE_WEEKEND_LAUNCH, TM_SEV_WARNING, 0, "launch on a working day, when people can respond",
		    "'%s' launches on %s, a %s", l->name, day(l->date, a),
		    tm_date_weekday(l->date) > 5 ? "weekend" : "holiday");
	if (l->tier != 1)
		return;
	for (size_t i = 0; i < in->n_portfolio; i++) {
		const tm_launch *o = &in->portfolio[i];
		if (o->id == l->id || o->tier != 1 || o->status == TM_LAUNCH_CANCELLED)
			continue;
		int gap = tm_cal_workdays_between(in->cal, l->date, o->date);
		if (gap < 0)
			gap = -gap;
		if (gap <= 10)
			add(out, in, TM_RULE_LAUNCH_COLLISION, TM_SEV_WARNING, 0,
			    "space Tier 1 launches at least two weeks apart so each gets the market's attention",
			    "Tier 1 launches '%s' (%s) and '%s' (%s) are %d %s apart", l->name, day(l->date, a), o->name,
			    day(o->date, b), gap, workdays(gap));
	}
}

static void brief_incomplete(const tm_check_input *in, tm_findings *out)
{
	const tm_brief *b = in->brief;
	const char *missing[12];
	int n = 0, tier = in->launch->tier;
	if (tier >= 4)
		return;
	if (!b->what[0])
		missing[n++] = "What We're Launching";
	if (tier <= 2 && !b->why_users[0])
		missing[n++] = "Why It Matters (users)";
	if (tier == 1 && !b->why_business[0])
		missing[n++] = "Why It Matters (business)";
	if (tier <= 2 && !b->audience_primary[0])
		missing[n++] = "Target Audience (primary)";
	if (tier == 1 && !b->audience_secondary[0])
		missing[n++] = "Target Audience (secondary)";
	if (tier <= 2 && !b->headline[0])
		missing[n++] = "Key Messages (headline)";
	if (tier == 1 && !b->n_points)
		missing[n++] = "Key Messages (supporting points)";
	if (tier == 1 && !b->competitive[0])
		missing[n++] = "Competitive Context";
	if (tier <= 2 && !b->n_limitations)
		missing[n++] = "Limitations";
	if (tier <= 2 && !b->n_metrics)
		missing[n++] = "Success Metrics";
	if (tier == 1 && !b->n_resources)
		missing[n++] = "Resources";
	if (!n)
		return;
	char list[600] = "";
	for (int i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", missing[i]);
	add(out, in, TM_RULE_BRIEF_INCOMPLETE, TM_SEV_WARNING, 0, "fill it in: tminus brief edit LAUNCH",
	    "the brief of tier %d launch '%s' lacks %s", tier, in->launch->name, list);
}

static int cmp_severity(const void *a, const void *b)
{
	const tm_finding *x = a, *y = b;
	if (x->severity != y->severity)
		return y->severity - x->severity;
	return x->rule - y->rule;
}

static void delay_message_unset(const tm_check_input *in, tm_findings *out)
{
	const tm_date_change *c = in->last_move;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	if (!c || c->to <= c->from || c->public_reason[0] || in->launch->status != TM_LAUNCH_PLANNED)
		return;
	char hint[200];
	snprintf(hint, sizeof(hint), "give the reason that benefits customers: tminus launch delay %s --public-reason TEXT",
		 in->launch->slug);
	add(out, in, TM_RULE_DELAY_MESSAGE_UNSET, TM_SEV_WARNING, 0, hint,
	    "'%s' moved from %s to %s and customers are not told why: the external delay message has a placeholder",
	    in->launch->name, day(c->from, a), day(c->to, b));
}

/* The launch's status against its day: planned with the day gone, or launched early with work open. */
static void launch_day_rules(const tm_check_input *in, tm_findings *out)
{
	const tm_launch *l = in->launch;
	char a[TM_DATE_STRLEN], hint[200];
	snprintf(hint, sizeof(hint), "mark it launched (tminus launch set %s --status launched) or move it (tminus launch delay)",
		 l->slug);
	if (l->status == TM_LAUNCH_PLANNED && l->date < in->today)
		add(out, in, TM_RULE_LAUNCH_DAY_PASSED, TM_SEV_WARNING, 0, hint,
		    "'%s' was to launch on %s, which has passed, and it is still planned", l->name, day(l->date, a));
	if (l->status != TM_LAUNCH_LAUNCHED || l->date <= in->today)
		return;
	int open = 0;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		open += t->required && is_open(t) &&
			(!t->has_due || t->due <= l->date) && !(t->milestone && t->has_offset && t->offset.amount == 0);
	}
	if (open)
		add(out, in, TM_RULE_LAUNCHED_EARLY, TM_SEV_WARNING, 0, "finish or skip the open required tasks, or keep it planned",
		    "'%s' is marked launched before its launch day %s with %d required %s open", l->name, day(l->date, a), open,
		    tm_plural(open, "task", "tasks"));
}

static const tm_task *find_id(const tm_check_input *in, int64_t id)
{
	for (size_t i = 0; i < in->n_tasks; i++)
		if (in->tasks[i].id == id)
			return &in->tasks[i];
	return NULL;
}

/*
 * An open task waits directly for a product milestone that engineering dates D, and the plan needs it
 * started before the first day D lets it start (D itself, or the working day after when D is none:
 * a milestone's successor may start on its day): the plan cannot be met because engineering slipped.
 */
static void product_slip(const tm_check_input *in, tm_findings *out)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], hint[300];
	if (!in->plan || in->launch->status == TM_LAUNCH_CANCELLED)
		return;
	snprintf(hint, sizeof(hint),
		 "move launch day (tminus launch delay %s --to DATE --reason TEXT), cut scope (tminus task set ID "
		 "--status skipped), or ask engineering for the date back",
		 in->launch->slug);
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		int pi = is_open(t) && !t->product ? tm_plan_find(in->plan, t->id) : -1;
		if (pi < 0)
			continue;
		const tm_plan_task *p = &in->plan->tasks[pi];
		/* The latest of the dated product milestones it waits for decides; one finding per task. */
		const tm_task *worst = NULL;
		tm_date worst_start = 0;
		for (int d = 0; d < t->n_depends_on; d++) {
			const tm_task *m = find_id(in, t->depends_on[d]);
			if (!m || !m->product || !m->has_due || !is_open(m))
				continue;
			tm_date start = tm_cal_workday_on_or_after(in->cal, m->due);
			if (p->ls < start && (!worst || start > worst_start)) {
				worst = m;
				worst_start = start;
			}
		}
		if (worst)
			add(out, in, TM_RULE_PRODUCT_SLIP, TM_SEV_ERROR, t->id, hint,
			    "'%s' must start by %s but waits for '%s', which engineering dates %s: engineering slipped, the "
			    "plan cannot be met",
			    t->title, day(p->ls, a), worst->title, day(worst->due, b));
	}
}

/* External copy that is not done (or is done and awaits approval) while its approvers have not approved it. */
static void unapproved_external_copy(const tm_check_input *in, tm_findings *out)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], hint[300];
	if (in->launch->status == TM_LAUNCH_CANCELLED)
		return;
	int left = days_to_launch(in);
	int sev = left <= 2 ? TM_SEV_ERROR : TM_SEV_WARNING;
	const char *pmm = in->pmm ? in->pmm : "";
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		char missing[TM_APPROVERS_MAX][TM_NAME_MAX + 1];
		if (!t->external || !is_open(t))
			continue;
		int n = tm_task_missing_approvals(t, pmm, missing, TM_APPROVERS_MAX);
		if (n <= 0)
			continue;
		tm_buf whob = TM_BUF_INIT;
		for (int k = 0; k < n && k < TM_APPROVERS_MAX; k++)
			tm_buf_printf(&whob, "%s%s%s", k ? ", " : "", missing[k],
				      pmm[0] && !strcasecmp(missing[k], pmm) ? " (PMM)" : "");
		const char *who = whob.s ? whob.s : "";
		char when[120];
		if (left < 0)
			snprintf(when, sizeof(when), "launch day %s has passed", day(in->launch->date, b));
		else if (left == 0)
			snprintf(when, sizeof(when), "launch day is today (%s)", day(in->launch->date, b));
		else
			snprintf(when, sizeof(when), "launch day %s is in %d %s", day(in->launch->date, b), left, workdays(left));
		snprintf(hint, sizeof(hint), "the PMM or a reviewer approves it: tminus task approve %lld [--as PERSON]",
			 (long long)t->id);
		if (t->status == TM_TASK_AWAITING_APPROVAL)
			add(out, in, TM_RULE_UNAPPROVED_EXTERNAL_COPY, sev, t->id, hint,
			    "'%s' is done but awaits approval by %s before it goes out; %s", t->title, who, when);
		else if (t->has_due)
			add(out, in, TM_RULE_UNAPPROVED_EXTERNAL_COPY, sev, t->id, hint,
			    "'%s' (due %s) is external copy not yet approved by %s; %s", t->title, day(t->due, a), who, when);
		else
			add(out, in, TM_RULE_UNAPPROVED_EXTERNAL_COPY, sev, t->id, hint,
			    "'%s' is external copy not yet approved by %s; %s", t->title, who, when);
		tm_buf_release(&whob);
	}
}

/* ---- success metrics after launch day (tm_metric_judge decides; these rules report) ---- */

static void metric_rules(const tm_check_input *in, tm_findings *out)
{
	const tm_launch *l = in->launch;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], hint[600]; /* add() keeps what a finding's hint holds */
	if (l->status == TM_LAUNCH_CANCELLED)
		return;
	if (!in->n_metrics) {
		int days = l->date - in->today;
		if (l->tier > 2 || days > 14)
			return;
		char when[80];
		if (days > 0)
			snprintf(when, sizeof(when), "launches in %d %s (%s)", days, tm_plural(days, "day", "days"), day(l->date, a));
		else if (days == 0)
			snprintf(when, sizeof(when), "launches today (%s)", day(l->date, a));
		else
			snprintf(when, sizeof(when), "launched on %s", day(l->date, a));
		snprintf(hint, sizeof(hint),
			 "add the brief's success metrics: tminus metric add %s NAME --kind KIND --unit UNIT --direction up "
			 "--baseline VALUE --target VALUE --window DAYS",
			 l->slug);
		add(out, in, TM_RULE_METRIC_MISSING, TM_SEV_WARNING, 0, hint,
		    "Tier %d launch '%s' %s and has no success metric with a target", l->tier, l->name, when);
		return;
	}
	for (size_t i = 0; i < in->n_metrics; i++) {
		const tm_metric *m = &in->metrics[i];
		tm_metric_judgement j;
		char obs[64], exp[64], tgt[64];
		tm_metric_judge(m, l->date, in->today, &j);
		tm_metric_value_with_unit(j.target, &m->unit, tgt, sizeof(tgt));
		if (j.has_observed)
			tm_metric_value_with_unit(j.observed, &m->unit, obs, sizeof(obs));
		if (j.stale && l->date <= in->today) {
			snprintf(hint, sizeof(hint), "record this week's figure: tminus metric record %s \"%s\" VALUE [--on DATE]",
				 l->slug, m->name);
			if (j.has_observed)
				add(out, in, TM_RULE_METRIC_STALE, TM_SEV_WARNING, 0, hint,
				    "%s was last observed on %s (%d days ago, %s); its window runs to %s", m->name,
				    day(j.observed_on, a), in->today - j.observed_on, obs, day(j.window_end, b));
			else
				add(out, in, TM_RULE_METRIC_STALE, TM_SEV_WARNING, 0, hint,
				    "%s has no observation %d days after launch day; its window runs to %s", m->name,
				    in->today - l->date, day(j.window_end, b));
		}
		if (j.state == TM_MS_BEHIND) {
			tm_metric_expected_text(m, &j, 0, exp, sizeof(exp));
			snprintf(hint, sizeof(hint),
				 "act on it (its owner: %s), or record a newer figure: tminus metric record %s \"%s\" VALUE",
				 m->owner[0] ? m->owner : "nobody", l->slug, m->name);
			add(out, in, TM_RULE_METRIC_BEHIND, TM_SEV_WARNING, 0, hint,
			    "%s is %s, the path expects %s by %s; target %s by %s", m->name, obs, exp, day(j.observed_on, a), tgt,
			    day(j.window_end, b));
		} else if (j.state == TM_MS_MISSED) {
			snprintf(hint, sizeof(hint),
				 "hold the review and record what was learned: tminus review %s quarter --done --notes FILE.md",
				 l->slug);
			if (j.has_observed)
				add(out, in, TM_RULE_METRIC_MISSED, TM_SEV_ERROR, 0, hint,
				    "%s missed its target %s by %s: the latest observation is %s on %s", m->name, tgt,
				    day(j.window_end, b), obs, day(j.observed_on, a));
			else
				add(out, in, TM_RULE_METRIC_MISSED, TM_SEV_ERROR, 0, hint,
				    "%s missed its target %s by %s: it was never observed", m->name, tgt, day(j.window_end, b));
		}
	}
}

void tm_check_launch(const tm_check_input *in, tm_findings *out)
{
	/* Each evaluator and the rules it reports: one runs only when a rule of its is asked for. */
	static const struct {
		void (*run)(const tm_check_input *in, tm_findings *out);
		int rules[4];
		int n;
	} evaluators[] = {
		{ ship_and_forget, { TM_RULE_SHIP_AND_FORGET }, 1 },
		{ marketing_surprise, { TM_RULE_MARKETING_SURPRISE }, 1 },
		{ over_promising, { TM_RULE_OVER_PROMISING }, 1 },
		{ under_communicating, { TM_RULE_UNDER_COMMUNICATING }, 1 },
		{ one_size_fits_all, { TM_RULE_ONE_SIZE_FITS_ALL }, 1 },
		{ pm_as_marketer, { TM_RULE_PM_AS_MARKETER }, 1 },
		{ sales_blindside, { TM_RULE_SALES_BLINDSIDE }, 1 },
		{ no_feedback_loop, { TM_RULE_NO_FEEDBACK_LOOP }, 1 },
		{ schedule_rules, { TM_RULE_OVERDUE, TM_RULE_AT_RISK, TM_RULE_UNOWNED, TM_RULE_OWNER_OVERLOAD }, 4 },
		{ calendar_rules, { TM_RULE_FREEZE_CONFLICT, TM_RULE_LAUNCH_COLLISION, TM_RULE_WEEKEND_LAUNCH }, 3 },
		{ brief_incomplete, { TM_RULE_BRIEF_INCOMPLETE }, 1 },
		{ delay_message_unset, { TM_RULE_DELAY_MESSAGE_UNSET }, 1 },
		{ launch_day_rules, { TM_RULE_LAUNCH_DAY_PASSED, TM_RULE_LAUNCHED_EARLY }, 2 },
		{ product_slip, { TM_RULE_PRODUCT_SLIP }, 1 },
		{ unapproved_external_copy, { TM_RULE_UNAPPROVED_EXTERNAL_COPY }, 1 },
		{ metric_rules, { TM_RULE_METRIC_MISSING, TM_RULE_METRIC_STALE, TM_RULE_METRIC_BEHIND, TM_RULE_METRIC_MISSED }, 4 },
	};
	size_t first = out->n;
	for (size_t i = 0; i < sizeof(evaluators) / sizeof(evaluators[0]); i++) {
		bool wanted = !in->only;
		for (int k = 0; k < evaluators[i].n && !wanted; k++)
			wanted = in->only[evaluators[i].rules[k]];
		if (wanted)
			evaluators[i].run(in, out); /* add() keeps only the rules asked for */
	}
	if (out->n > first) /* an empty vector's array is NULL, which qsort must not see */
		qsort(out->v + first, out->n - first, sizeof(tm_finding), cmp_severity);
}

static const char *const functions[TM_FUNCTIONS] = { "positioning", "marketing", "sales", "customer success",
						     "product", "support", "legal" };

int tm_task_function(const tm_task *t)
{
	static const struct { const char *section; int f; } by_section[] = {
		{ "Positioning", 0 }, { "Marketing Activities", 1 }, { "Sales Enablement", 2 },
		{ "Customer Success", 3 }, { "Product", 4 }, { "Legal", 6 },
		{ "Customer communication", 3 }, /* seed 000's hierarchy: customer success, like existing customers' */
		{ "Product track", 4 },
	};
	for (size_t i = 0; i < sizeof(by_section) / sizeof(by_section[0]); i++)
		if (!strcasecmp(t->section, by_section[i].section))
			return by_section[i].f;
	if (!strcasecmp(t->section, "Post-launch") || (t->milestone && t->has_offset && t->offset.amount == 0))
		return -1;
	if (has(t->title, "legal"))
		return 6;
	if (has(t->title, "support"))
		return 5;
	if (has(t->title, "sales"))
		return 2;
	switch (t->role) {
	case TM_ROLE_PMM: return 0;
	case TM_ROLE_MARKETING: return 1;
	case TM_ROLE_SALES: return 2;
	case TM_ROLE_CS: return 3;
	case TM_ROLE_SUPPORT: return 5;
	case TM_ROLE_LEGAL: return 6;
	case TM_ROLE_PM:
	case TM_ROLE_ENG:
	case TM_ROLE_DESIGN: return 4;
	default: return -1;
	}
}

int tm_readiness(const tm_check_input *in, const tm_findings *findings, tm_function_readiness out[TM_FUNCTIONS])
{
	int used = 0;
	for (int f = 0; f < TM_FUNCTIONS; f++) {
		memset(&out[f], 0, sizeof(out[f]));
		snprintf(out[f].function, sizeof(out[f].function), "%s", functions[f]);
		out[f].worst = out[f].worst_rule = -1;
	}
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		int f = tm_task_function(t);
		if (f < 0 || t->status == TM_TASK_SKIPPED)
			continue;
		if (!out[f].done && !out[f].open)
			used++;
		if (t->status == TM_TASK_DONE)
			out[f].done++;
		else {
			out[f].open++;
			out[f].late += t->has_due && t->due < in->today;
		}
		for (size_t k = 0; k < findings->n; k++) {
			const tm_finding *fd = &findings->v[k];
			if (fd->task_id == t->id && fd->severity > out[f].worst) {
				out[f].worst = fd->severity;
				out[f].worst_rule = fd->rule;
			}
		}
	}
	return used;
}

int tm_readiness_score(const tm_check_input *in, const tm_findings *findings)
{
	int due = 0, done = 0, errors = 0, warnings = 0;
	for (size_t i = 0; i < in->n_tasks; i++) {
		const tm_task *t = &in->tasks[i];
		if (!t->required || t->status == TM_TASK_SKIPPED || !t->has_due || t->due > in->today)
			continue;
		due++;
		done += t->status == TM_TASK_DONE;
	}
	double progress = due ? (double)done / due : 1.0;
	int slack = in->plan && in->plan->n ? in->plan->min_slack : 5;
	double s = (slack + 5) / 10.0;
	s = s < 0 ? 0 : s > 1 ? 1 : s;
	for (size_t i = 0; i < findings->n; i++) {
		if (findings->v[i].launch_id != in->launch->id)
			continue;
		errors += findings->v[i].severity == TM_SEV_ERROR;
		warnings += findings->v[i].severity == TM_SEV_WARNING;
	}
	int f = 20 - 10 * errors - 3 * warnings;
	f = f < 0 ? 0 : f;
	int score = (int)(50 * progress + 30 * s + 0.5) + f;
	return score > 100 ? 100 : score;
}

void tm_check_roadmap(size_t n_items, bool has_review, tm_date last_review, tm_date today, const bool *only,
		      tm_findings *out)
{
	if ((only && !only[TM_RULE_ROADMAP_REVIEW_DUE]) || !tm_roadmap_review_due(n_items, has_review, last_review, today))
		return;
	tm_finding *f = TM_VEC_PUSH(out);
	char on[TM_DATE_STRLEN];
	f->rule = TM_RULE_ROADMAP_REVIEW_DUE;
	f->severity = TM_SEV_WARNING;
	if (has_review)
		snprintf(f->message, sizeof(f->message),
			 "the roadmap (%zu %s) was last reviewed on %s, %d days ago: it is reviewed every 6 weeks", n_items,
			 n_items == 1 ? "item" : "items", tm_date_format(last_review, on), today - last_review);
	else
		snprintf(f->message, sizeof(f->message), "the roadmap (%zu %s) has never been reviewed: it is reviewed every 6 weeks",
			 n_items, n_items == 1 ? "item" : "items");
	snprintf(f->hint, sizeof(f->hint), "hold the review and record it: tminus roadmap review --notes TEXT");
}
