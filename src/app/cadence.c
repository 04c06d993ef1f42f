/*
 * cadence.c - the meetings of seed 003's cadence and their agendas from live
 * data (see cadence.h). Each agenda reads what it needs through the store's
 * windows (tasks due in a range, launches in a range), never the whole
 * portfolio's plans: the huddle's blockers come from the readiness rules run
 * on the launches landing within three weeks, each planned alone, so the
 * agenda stays fast on a workspace of thousands of launches.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/backlog.h"
#include "app/cadence.h"
#include "app/experiments.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "app/roadmap.h"
#include "core/text.h"

#include "util/banned.h"

#define HUDDLE_WEEKS_AHEAD 2   /* the huddle's launches: this week's and the two weeks' after */
#define HUDDLE_CHECK_MAX 40    /* launches the huddle checks at most (nearest launch day first) */
#define HUDDLE_LOOKBACK 28     /* days before the week whose overdue tasks the huddle counts (older: the stand-up's) */
#define LIST_MAX 12            /* lines one list of an agenda shows before "and N more" */
#define MONTH_DAYS 30          /* the monthly review looks back this many days */

const char *const tm_meeting_names[] = { "standup", "weekly", "monthly", "quarterly", NULL };

static const tm_meeting_info infos[TM_MEET_COUNT] = {
	{ "standup", "Stand-up", 15, "every working day, 09:30", 9, 30,
	  "what is due today and this week, and what is blocked, by owner" },
	{ "weekly", "Weekly huddle", 45, "every Tuesday, 10:00", 10, 0,
	  "status per team, blockers, dependencies across launches, next steps and owners" },
	{ "monthly", "Monthly review", 90, "first Thursday of the month, 14:00", 14, 0,
	  "metrics and experiments, learnings, and the messaging and priorities to adjust" },
	{ "quarterly", "Quarterly planning", 120, "first Monday of Mar, Jun, Sep and Dec, 10:00", 10, 0,
	  "the roadmap by level, the backlog's top ten by RICE, the next quarter's launches by tier" },
};

/* Each meeting's parts and their minutes (seed 003 gives the huddle's; the others are ours). */
static const struct {
	const char *title;
	int minutes;
} outline[TM_MEET_COUNT][5] = {
	{ { "Due today", 5 }, { "Due this week", 5 }, { "Blocked", 5 } },
	{ { "Status per team", 5 }, { "Blockers", 10 }, { "Dependencies across launches", 15 }, { "Decisions to take", 10 },
	  { "Owners", 5 } },
	{ { "Metrics", 25 }, { "Experiments", 25 }, { "Learnings", 20 }, { "Messaging and priorities to adjust", 20 } },
	{ { "Roadmap by level", 40 }, { "Backlog top ten by RICE", 30 }, { "Launches of the next quarter by tier", 30 },
	  { "Owners to confirm", 20 } },
};

const tm_meeting_info *tm_meeting_info_of(int meeting)
{
	return meeting >= 0 && meeting < TM_MEET_COUNT ? &infos[meeting] : NULL;
}

int tm_meeting_parse(const char *s)
{
	static const struct {
		const char *name;
		int meeting;
	} alias[] = { { "standup", TM_MEET_STANDUP }, { "stand-up", TM_MEET_STANDUP }, { "daily", TM_MEET_STANDUP },
		      { "weekly", TM_MEET_WEEKLY }, { "huddle", TM_MEET_WEEKLY }, { "monthly", TM_MEET_MONTHLY },
		      { "review", TM_MEET_MONTHLY }, { "quarterly", TM_MEET_QUARTERLY }, { "planning", TM_MEET_QUARTERLY } };
	for (size_t i = 0; s && i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcasecmp(s, alias[i].name))
			return alias[i].meeting;
	return -1;
}

void tm_meeting_agenda_release(tm_meeting_agenda *a)
{
	TM_VEC_FREE(&a->sections);
	TM_VEC_FREE(&a->items);
	TM_VEC_FREE(&a->notes);
}

/* ---- building an agenda ---- */

/* Starts the next part of the outline; the items pushed after it are its own. */
static void section(tm_meeting_agenda *a, const char *empty)
{
	size_t k = a->sections.n;
	tm_agenda_section *s = TM_VEC_PUSH(&a->sections);
	snprintf(s->title, sizeof(s->title), "%s", outline[a->meeting][k].title);
	s->minutes = outline[a->meeting][k].minutes;
	s->first = a->items.n;
	snprintf(s->empty, sizeof(s->empty), "%s", empty);
	a->minutes += s->minutes;
}

static tm_agenda_item *item(tm_meeting_agenda *a, int depth, const char *owner, const char *launch, int64_t task,
			    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static tm_agenda_item *item(tm_meeting_agenda *a, int depth, const char *owner, const char *launch, int64_t task,
			    const char *fmt, ...)
{
	tm_agenda_item *it = TM_VEC_PUSH(&a->items);
	va_list ap;
	it->depth = depth;
	snprintf(it->owner, sizeof(it->owner), "%s", owner ? owner : "");
	snprintf(it->launch, sizeof(it->launch), "%s", launch ? launch : "");
	it->task_id = task;
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof(it->text), fmt, ap);
	va_end(ap);
	a->sections.v[a->sections.n - 1].n = a->items.n - a->sections.v[a->sections.n - 1].first;
	return it;
}

/* "and 4 more" after a list cut at LIST_MAX. */
static void more(tm_meeting_agenda *a, size_t shown, size_t all, const char *what)
{
	if (all > shown)
		item(a, 0, NULL, NULL, 0, "and %zu more %s", all - shown, what);
}

/* ---- what the agendas read ---- */

/* The launches the agenda has read, by id, so each is read once. */
typedef struct launch_cache {
	tm_launches v;               /* sorted by id */
} launch_cache;

static int cmp_launch_id(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int launch_of(tm_app *app, launch_cache *c, int64_t id, const tm_launch **out, tm_error *err)
{
	tm_launch key = { .id = id };
	const tm_launch *hit = c->v.n ? bsearch(&key, c->v.v, c->v.n, sizeof(key), cmp_launch_id) : NULL;
	if (!hit) {
		tm_launch l;
		int rc = app->st->ops->launches->get(app->st, id, &l, err);
		if (rc)
			return rc;
		size_t at = 0;
		while (at < c->v.n && c->v.v[at].id < id) /* short lists: a sorted insert */
			at++;
		TM_VEC_PUSH(&c->v);
		memmove(&c->v.v[at + 1], &c->v.v[at], (c->v.n - 1 - at) * sizeof(*c->v.v));
		c->v.v[at] = l;
		hit = &c->v.v[at];
	}
	*out = hit;
	return 0;
}

static bool task_open(const tm_task *t)
{
	return t->status == TM_TASK_TODO || t->status == TM_TASK_IN_PROGRESS || t->status == TM_TASK_AWAITING_APPROVAL;
}

/* By owner ("" last), then due date, then launch, then position. */
static int cmp_by_owner(const void *a, const void *b)
{
	const tm_task *x = a, *y = b;
	if (!x->owner[0] != !y->owner[0])
		return x->owner[0] ? -1 : 1;
	int c = strcmp(x->owner, y->owner);
	if (c)
		return c;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->launch_id != y->launch_id)
		return x->launch_id < y->launch_id ? -1 : 1;
	return x->position - y->position;
}

/* By launch, then due date, then position. */
static int cmp_by_launch(const void *a, const void *b)
{
	const tm_task *x = a, *y = b;
	if (x->launch_id != y->launch_id)
		return x->launch_id < y->launch_id ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->position - y->position;
}

/* Open tasks due in [from, to], any owner. */
static int open_due(tm_app *app, tm_date from, tm_date to, tm_tasks *out, tm_error *err)
{
	tm_tasks all = TM_VEC_INIT;
	int rc = app->st->ops->tasks->list_due(app->st, from, to, 0, false, &all, err);
	size_t keep = 0;
	for (size_t i = 0; i < all.n; i++) {
		if (task_open(&all.v[i]) && !rc)
			all.v[keep++] = all.v[i];
		else
			free(all.v[i].depends_on);
	}
	all.n = keep;
	*out = all;
	return rc;
}

/* The day's week: Monday and Sunday. */
static void week_of(tm_date d, tm_date *monday, tm_date *sunday)
{
	*monday = d - (tm_date_weekday(d) - 1);
	*sunday = *monday + 6;
}

/* One task as a line: "Write the blog post (Atlas, Tier 1, launch day 2027-03-02), due 2027-03-01, in progress". */
static void task_line(tm_meeting_agenda *a, int depth, const tm_task *t, const tm_launch *l, const char *extra)
{
	char due[TM_DATE_STRLEN], T[TM_DATE_STRLEN];
	static const char *const status[TM_TASK_STATUS_COUNT] = { [TM_TASK_TODO] = "", [TM_TASK_IN_PROGRESS] = ", in progress",
								  [TM_TASK_AWAITING_APPROVAL] = ", awaiting approval",
								  [TM_TASK_DONE] = ", done", [TM_TASK_SKIPPED] = ", skipped" };
	item(a, depth, t->owner, l->slug, t->id, "%s (%s, Tier %d, launch day %s), due %s%s%s", t->title, l->name, l->tier,
	     tm_date_format(l->date, T), tm_date_format(t->due, due),
	     t->status >= 0 && t->status < TM_TASK_STATUS_COUNT ? status[t->status] : "", extra ? extra : "");
}

/* Tasks grouped under their owners: a line per owner (with how many), a line per task under it. */
static int by_owner(tm_app *app, tm_meeting_agenda *a, launch_cache *lc, tm_task *tasks, size_t n, const char *const *extra,
		    tm_error *err)
{
	size_t shown = 0;
	for (size_t i = 0; i < n && shown < 3 * LIST_MAX;) {
		size_t j = i;
		while (j < n && !strcmp(tasks[j].owner, tasks[i].owner))
			j++;
		item(a, 0, tasks[i].owner, NULL, 0, "%s: %zu %s", tasks[i].owner[0] ? tasks[i].owner : "No owner", j - i,
		     tm_plural((long long)(j - i), "task", "tasks"));
		for (size_t k = i; k < j; k++, shown++) {
			const tm_launch *l;
			int rc = launch_of(app, lc, tasks[k].launch_id, &l, err);
			if (rc)
				return rc;
			task_line(a, 1, &tasks[k], l, extra ? extra[k] : NULL);
		}
		i = j;
	}
	if (shown < n)
		item(a, 0, NULL, NULL, 0, "and %zu more tasks", n - shown);
	return 0;
}

/* ---- the backlog, the experiments and the roadmap, as the agendas quote them ---- */

/* "2000 × 2 × 80% ÷ 4 = 800" or "cannot be scored: lacks reach and effort". */
static void rice_text(const tm_idea *i, char *out, size_t n)
{
	tm_buf b = TM_BUF_INIT;
	tm_rice r = tm_rice_score(i);
	if (r.scored) {
		tm_rice_arithmetic(i, &b);
	} else {
		tm_buf_adds(&b, "cannot be scored: lacks ");
		tm_rice_lacks_text(r.lacks, &b);
	}
	snprintf(out, n, "%s", b.s);
	tm_buf_release(&b);
}

/* One experiment analysed, in a line: its verdict, the best variant's rate against the control's, the
 * p-value, the sample, and the seed's warnings by name. */
static void experiment_text(const tm_experiment_view *v, const tm_experiment_analysis *an, char *out, size_t n)
{
	char best[400] = "", warns[200] = "";
	int b = -1;
	for (size_t i = 0; i < an->n; i++)
		if ((int)i != an->control && (b < 0 || an->arms[i].rate > an->arms[b].rate))
			b = (int)i;
	if (an->winner >= 0 && an->winner != an->control)
		b = an->winner;
	if (an->control >= 0 && b >= 0 && b != an->control) {
		const tm_arm_result *r = &an->arms[b], *c = &an->arms[an->control];
		snprintf(best, sizeof(best), ": %s converts %.1f%% of %lld against the control's %.1f%% of %lld (lift %+.1f%%, p = %.3f)",
			 v->arms.v[b].name, 100 * r->rate, (long long)v->arms.v[b].visitors, 100 * c->rate,
			 (long long)v->arms.v[an->control].visitors, 100 * r->lift_rel, r->p_value);
	}
	for (size_t i = 0, k = 0; i < an->nwarn; i++) {
		const char *name = tm_experiment_warning_names[an->warn[i].rule];
		if (strstr(warns, name))
			continue;
		size_t len = strlen(warns);
		snprintf(warns + len, sizeof(warns) - len, "%s%s", k++ ? ", " : "; warnings: ", name);
	}
	snprintf(out, n, "%s (%s%s%s)%s%s%s", v->e.name, tm_experiment_kind_names[v->e.kind], v->e.owner[0] ? ", owner " : "",
		 v->e.owner, an->control >= 0 ? ", " : ": no control arm", an->control >= 0 ? tm_verdict_names[an->verdict] : "",
		 best);
	size_t len = strlen(out);
	snprintf(out + len, n - len, "%s", warns);
}

/* Analyses v (when it has a control and another arm: *ok). */
static void analyse(const tm_experiment_view *v, tm_experiment_analysis *an, bool *ok)
{
	bool control = false;
	for (size_t i = 0; i < v->arms.n; i++)
		control |= v->arms.v[i].control;
	*ok = control && v->arms.n >= 2 && v->arms.n <= TM_ARMS_MAX;
	memset(an, 0, sizeof(*an));
	if (*ok)
		tm_experiment_analyze(&v->e, v->arms.v, v->arms.n, an);
}

/* ---- the stand-up ---- */

static int standup(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_date monday, sunday;
	tm_tasks today = TM_VEC_INIT, week = TM_VEC_INIT, recent = TM_VEC_INIT, blocked = TM_VEC_INIT;
	tm_deps deps = TM_VEC_INIT;     /* the dependencies of launch deps_of's tasks */
	int64_t deps_of = 0;
	launch_cache lc = { TM_VEC_INIT };
	char **why = NULL;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	int rc;
	week_of(a->date, &monday, &sunday);
	a->from = a->date;
	a->to = sunday;
	tm_date_format(a->date, a->period);
	snprintf(a->title, sizeof(a->title), "Stand-up, %s (%d minutes)", a->period, infos[a->meeting].minutes);
	if ((rc = open_due(app, a->date, a->date, &today, err)) ||
	    (a->date < sunday && (rc = open_due(app, a->date + 1, sunday, &week, err))) ||
	    (rc = open_due(app, a->date - 90, sunday, &recent, err)))
		goto out;
	if (today.n)
		qsort(today.v, today.n, sizeof(*today.v), cmp_by_owner);
	if (week.n)
		qsort(week.v, week.n, sizeof(*week.v), cmp_by_owner);

	section(a, "nothing is due today");
	if ((rc = by_owner(app, a, &lc, today.v, today.n, NULL, err)))
		goto out;
	char empty[200];
	snprintf(empty, sizeof(empty), "nothing else is due this week (to %s)", tm_date_format(sunday, d1));
	section(a, empty);
	if ((rc = by_owner(app, a, &lc, week.v, week.n, NULL, err)))
		goto out;

	/* Blocked: overdue, awaiting an approval, or waiting for a task that is still open. The tasks due in a
	 * window come without their dependencies: each launch's are read once, for the tasks due this week. */
	why = tm_xcalloc(recent.n ? recent.n : 1, sizeof(*why));
	if (recent.n)
		qsort(recent.v, recent.n, sizeof(*recent.v), cmp_by_launch);
	for (size_t i = 0; i < recent.n; i++) {
		tm_task *t = &recent.v[i];
		char reason[400] = "";
		if (t->due < a->date)
			snprintf(reason, sizeof(reason), ", overdue since %s", tm_date_format(t->due, d2));
		else if (t->status == TM_TASK_AWAITING_APPROVAL)
			snprintf(reason, sizeof(reason), ": its copy needs approving");
		if (!reason[0] && deps_of != t->launch_id) {
			deps.n = 0;
			if ((rc = app->st->ops->tasks->dep_list(app->st, t->launch_id, &deps, err)))
				goto out;
			deps_of = t->launch_id;
		}
		for (size_t k = 0; !reason[0] && k < deps.n; k++) {
			if (deps.v[k].task != t->id)
				continue;
			tm_task dep;
			if ((rc = app->st->ops->tasks->get(app->st, deps.v[k].after, &dep, err)))
				goto out;
			if (task_open(&dep))
				snprintf(reason, sizeof(reason), ", waiting for '%.150s' (%s, %s)", dep.title,
					 dep.owner[0] ? dep.owner : "no owner", tm_task_status_name(dep.status));
			free(dep.depends_on);
		}
		if (!reason[0])
			continue;
		tm_task *b = TM_VEC_PUSH(&blocked);
		*b = *t;
		b->depends_on = NULL;
		b->n_depends_on = 0;
		why[blocked.n - 1] = tm_xstrdup(reason);
	}
	/* Sorting moves the tasks: sort their reasons with them (by index). */
	size_t *order = tm_xcalloc(blocked.n ? blocked.n : 1, sizeof(*order));
	tm_task *sorted = tm_xcalloc(blocked.n ? blocked.n : 1, sizeof(*sorted));
	char **reasons = tm_xcalloc(blocked.n ? blocked.n : 1, sizeof(*reasons));
	for (size_t i = 0; i < blocked.n; i++)
		order[i] = i;
	for (size_t i = 1; i < blocked.n; i++) /* insertion sort: stable, and the list is short */
		for (size_t k = i; k > 0 && cmp_by_owner(&blocked.v[order[k - 1]], &blocked.v[order[k]]) > 0; k--) {
			size_t tmp = order[k];
			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	for (size_t i = 0; i < blocked.n; i++) {
		sorted[i] = blocked.v[order[i]];
		reasons[i] = why[order[i]];
	}
	section(a, "nothing is blocked: no task is overdue, awaiting approval or waiting for an open task");
	rc = by_owner(app, a, &lc, sorted, blocked.n, (const char *const *)reasons, err);
	free(order);
	free(sorted);
	free(reasons);
out:
	for (size_t i = 0; why && i < blocked.n; i++)
		free(why[i]);
	free(why);
	tm_tasks_free(&today);
	tm_tasks_free(&week);
	tm_tasks_free(&recent);
	TM_VEC_FREE(&deps);
	TM_VEC_FREE(&blocked);
	TM_VEC_FREE(&lc.v);
	return rc;
}

/* ---- the weekly huddle ---- */

/* Runs the readiness rules on one launch, planned alone (check.c's check, without owner-overload). */
static int check_launch(tm_app *app, const tm_launch *l, const tm_launches *portfolio, const tm_freezes *freezes,
			tm_findings *out, tm_error *err)
{
	tm_launch_plan lp;
	tm_tasks tasks = TM_VEC_INIT;
	tm_metrics metrics = TM_VEC_INIT;
	tm_date_changes history = TM_VEC_INIT;
	tm_brief brief;
	bool written = false;
	const tm_calendar *cal;
	tm_person pmm = { 0 };
	bool only[TM_RULE_COUNT];
	char ref[32];
	snprintf(ref, sizeof(ref), "%lld", (long long)l->id);
	int rc = tm_app_plan(app, ref, &lp, err);
	if (rc)
		return rc;
	if ((rc = tm_app_calendar_load(app, &cal, err)) ||
	    (rc = app->st->ops->tasks->list(app->st, l->id, NULL, &tasks, err)) ||
	    (rc = app->st->ops->briefs->get(app->st, l->id, &brief, &written, err)) ||
	    (rc = app->st->ops->history->date_change_list(app->st, l->id, &history, err)) ||
	    (rc = app->st->ops->metrics->list(app->st, l->id, &metrics, err)))
		goto out;
	tm_app_brief_merge_metrics(&brief, metrics.v, metrics.n);
	bool external = false;
	for (size_t i = 0; i < tasks.n && !external; i++)
		external = tasks.v[i].external;
	if (external && (rc = tm_app_launch_pmm(app, l, &pmm, err)))
		goto out;
	for (int r = 0; r < TM_RULE_COUNT; r++)
		only[r] = r != TM_RULE_OWNER_OVERLOAD;
	tm_check_input in = {
		.launch = &lp.launch, .tasks = tasks.v, .n_tasks = tasks.n, .plan = &lp.plan, .brief = &brief,
		.brief_written = written, .cal = cal, .freezes = freezes->v, .n_freezes = freezes->n,
		.portfolio = portfolio->v, .n_portfolio = portfolio->n,
		.last_move = history.n ? &history.v[history.n - 1] : NULL, .pmm = pmm.name,
		.metrics = metrics.n ? metrics.v : NULL, .n_metrics = metrics.n, .today = app->today, .only = only,
	};
	tm_check_launch(&in, out);
out:
	tm_launch_plan_release(&lp);
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&metrics);
	TM_VEC_FREE(&history);
	return rc;
}

static int cmp_launch_date(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* A finding with the launch it is about, for sorting the huddle's blockers. */
typedef struct blocker {
	tm_finding f;
	size_t launch;               /* index into the huddle's launches */
} blocker;

static int cmp_blocker(const void *a, const void *b)
{
	const blocker *x = a, *y = b;
	if (x->f.severity != y->f.severity)
		return y->f.severity - x->f.severity;
	if (x->launch != y->launch)
		return x->launch < y->launch ? -1 : 1;
	return x->f.rule - y->f.rule;
}

/* A person's open tasks across launches (the huddle's dependencies). */
typedef struct person_load {
	char name[TM_NAME_MAX + 1];
	int tasks;
	int64_t launches[8];
	int per_launch[8];
	int n_launches;              /* distinct launches (counted past 8 too) */
} person_load;

static int cmp_load(const void *a, const void *b)
{
	const person_load *x = a, *y = b;
	if (x->n_launches != y->n_launches)
		return y->n_launches - x->n_launches;
	if (x->tasks != y->tasks)
		return y->tasks - x->tasks;
	return strcmp(x->name, y->name);
}

/* The huddle's status per team: the tasks due this week (done or not), overdue and due next week, by role. */
static void team_status(tm_meeting_agenda *a, const tm_tasks *tasks, tm_date monday, tm_date sunday)
{
	for (int role = -1; role < TM_ROLE_COUNT; role++) {
		int due = 0, done = 0, overdue = 0, next = 0, open = 0;
		for (size_t i = 0; i < tasks->n; i++) {
			const tm_task *t = &tasks->v[i];
			int r = t->role >= 0 && t->role < TM_ROLE_COUNT ? t->role : -1;
			if (r != role || t->milestone)
				continue;
			bool is_open = task_open(t);
			if (t->due >= monday && t->due <= sunday) {
				due++;
				done += t->status == TM_TASK_DONE || t->status == TM_TASK_SKIPPED;
			}
			if (is_open && t->due < a->date)
				overdue++;
			if (is_open && t->due > sunday)
				next++;
			open += is_open;
		}
		if (!due && !overdue && !next)
			continue;
		char since[TM_DATE_STRLEN];
		item(a, 0, NULL, NULL, 0, "%s%s%s%s: %d of %d %s due this week done, %d overdue (due since %s), %d due next week",
		     role < 0 ? "no role" : tm_role_label(role), role < 0 ? "" : " (", role < 0 ? "" : tm_role_name(role),
		     role < 0 ? "" : ")", done, due, tm_plural(due, "task", "tasks"), overdue,
		     tm_date_format(monday - HUDDLE_LOOKBACK, since), next);
		(void)open;
	}
}

static int weekly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_date monday, sunday;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches near = TM_VEC_INIT, focus = TM_VEC_INIT;
	tm_freezes freezes = TM_VEC_INIT;
	tm_tasks tasks = TM_VEC_INIT;
	TM_VEC(blocker) blockers = TM_VEC_INIT;
	TM_VEC(person_load) loads = TM_VEC_INIT;
	launch_cache lc = { TM_VEC_INIT };
	tm_roadmap_items roadmap = TM_VEC_INIT;
	tm_experiment_views experiments = TM_VEC_INIT;
	tm_ideas questions = TM_VEC_INIT;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	int y, w, rc;

	week_of(a->date, &monday, &sunday);
	a->from = monday;
	a->to = sunday;
	tm_date_iso_week(a->date, &y, &w);
	snprintf(a->period, sizeof(a->period), "%04d-W%02d", y, w);
	snprintf(a->title, sizeof(a->title), "Weekly huddle, week %s (%d minutes)", a->period, infos[a->meeting].minutes);
	tm_date horizon = sunday + 7 * HUDDLE_WEEKS_AHEAD;

	/* The launches landing this week or the two after (and the Tier 1 ones a little either side, which
	 * the collision rule weighs), and the tasks due from four weeks before this one to next week's end. */
	f.has_from = f.has_to = true;
	f.from = monday - 21;
	f.to = horizon + 21;
	if ((rc = st->ops->launches->list(st, &f, &near, err)) || (rc = st->ops->calendar->freeze_list(st, &freezes, err)) ||
	    (rc = st->ops->tasks->list_due(st, monday - HUDDLE_LOOKBACK, sunday + 7, 0, false, &tasks, err)))
		goto out;
	size_t keep = 0;
	for (size_t i = 0; i < near.n; i++) {
		if (near.v[i].status == TM_LAUNCH_CANCELLED)
			continue;
		near.v[keep++] = near.v[i];
		if (near.v[i].status == TM_LAUNCH_PLANNED && near.v[i].date >= monday && near.v[i].date <= horizon)
			*TM_VEC_PUSH(&focus) = near.v[i];
	}
	near.n = keep;
	if (focus.n)
		qsort(focus.v, focus.n, sizeof(*focus.v), cmp_launch_date);
	for (size_t i = 0; i < focus.n; i++)
		*TM_VEC_PUSH(&lc.v) = focus.v[i];
	if (lc.v.n)
		qsort(lc.v.v, lc.v.n, sizeof(*lc.v.v), cmp_launch_id);

	/* 1. Status per team. */
	snprintf(d1, sizeof(d1), "%s", "");
	char empty[300];
	snprintf(empty, sizeof(empty), "no launch lands by %s and no task is due this week", tm_date_format(horizon, d2));
	section(a, empty);
	if (focus.n) {
		tm_buf names = TM_BUF_INIT;
		for (size_t i = 0; i < focus.n && i < 8; i++)
			tm_buf_printf(&names, "%s%s (Tier %d, %s)", i ? ", " : "", focus.v[i].name, focus.v[i].tier,
				      tm_date_format(focus.v[i].date, d1));
		if (focus.n > 8)
			tm_buf_printf(&names, " and %zu more", focus.n - 8);
		item(a, 0, NULL, NULL, 0, "%zu %s %s by %s: %s", focus.n, tm_plural((long long)focus.n, "launch", "launches"),
		     focus.n == 1 ? "lands" : "land", tm_date_format(horizon, d2), names.s);
		tm_buf_release(&names);
	}
	team_status(a, &tasks, monday, sunday);

	/* 2. Blockers: the readiness rules on the nearest launches. */
	size_t checked = focus.n < HUDDLE_CHECK_MAX ? focus.n : HUDDLE_CHECK_MAX;
	for (size_t i = 0; i < checked; i++) {
		tm_findings found = TM_VEC_INIT;
		if ((rc = check_launch(app, &focus.v[i], &near, &freezes, &found, err))) {
			TM_VEC_FREE(&found);
			goto out;
		}
		for (size_t k = 0; k < found.n; k++) {
			if (found.v[k].severity < TM_SEV_WARNING)
				continue;
			blocker *b = TM_VEC_PUSH(&blockers);
			b->f = found.v[k];
			b->launch = i;
		}
		TM_VEC_FREE(&found);
	}
	if (focus.n > checked)
		tm_note_add(&a->notes, "blockers: the %zu launches nearest launch day were checked, %zu later ones were not",
			    checked, focus.n - checked);
	if (blockers.n)
		qsort(blockers.v, blockers.n, sizeof(*blockers.v), cmp_blocker);
	section(a, checked ? "check finds nothing blocking the launches of the next three weeks"
			   : "no planned launch lands within the next three weeks");
	size_t errors = 0;
	for (size_t i = 0; i < blockers.n; i++)
		errors += blockers.v[i].f.severity == TM_SEV_ERROR;
	for (size_t i = 0; i < blockers.n && i < LIST_MAX; i++) {
		const blocker *b = &blockers.v[i];
		const tm_launch *l = &focus.v[b->launch];
		const char *owner = l->pm;
		for (size_t k = 0; b->f.task_id && k < tasks.n; k++)
			if (tasks.v[k].id == b->f.task_id)
				owner = tasks.v[k].owner;
		item(a, 0, owner, l->slug, b->f.task_id, "%s (%s): %s, %s: %s", l->name, tm_date_format(l->date, d1),
		     tm_rule(b->f.rule)->name, tm_severity_name(b->f.severity), b->f.message);
	}
	more(a, blockers.n < LIST_MAX ? blockers.n : LIST_MAX, blockers.n, "findings (tminus check)");
	if (blockers.n)
		tm_note_add(&a->notes, "blockers: %zu %s and %zu %s on %zu %s", errors, tm_plural((long long)errors, "error", "errors"),
			    blockers.n - errors, tm_plural((long long)(blockers.n - errors), "warning", "warnings"), checked,
			    tm_plural((long long)checked, "launch", "launches"));

	/* 3. Dependencies across launches: people on several, product milestones marketing waits for, launches
	 * close together. */
	section(a, "no one's open work spans two launches, and no launch waits on another");
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!task_open(t) || !t->owner[0] || t->due < monday || t->due > sunday + 7)
			continue;
		person_load *p = NULL;
		for (size_t k = 0; k < loads.n && !p; k++)
			if (!strcmp(loads.v[k].name, t->owner))
				p = &loads.v[k];
		if (!p) {
			p = TM_VEC_PUSH(&loads);
			snprintf(p->name, sizeof(p->name), "%s", t->owner);
		}
		p->tasks++;
		int at = -1;
		for (int k = 0; k < p->n_launches && k < 8 && at < 0; k++)
			if (p->launches[k] == t->launch_id)
				at = k;
		if (at < 0) {
			if (p->n_launches < 8) {
				p->launches[p->n_launches] = t->launch_id;
				p->per_launch[p->n_launches] = 0;
				at = p->n_launches;
			}
			p->n_launches++;
		}
		if (at >= 0)
			p->per_launch[at]++;
	}
	if (loads.n)
		qsort(loads.v, loads.n, sizeof(*loads.v), cmp_load);
	size_t shared = 0;
	for (size_t i = 0; i < loads.n; i++) {
		const person_load *p = &loads.v[i];
		if (p->n_launches < 2)
			continue;
		if (++shared > LIST_MAX / 2)
			continue;
		tm_buf b = TM_BUF_INIT;
		for (int k = 0; k < p->n_launches && k < 8; k++) {
			const tm_launch *l;
			if ((rc = launch_of(app, &lc, p->launches[k], &l, err))) {
				tm_buf_release(&b);
				goto out;
			}
			tm_buf_printf(&b, "%s%s %d", k ? ", " : "", l->name, p->per_launch[k]);
		}
		item(a, 0, p->name, NULL, 0, "%s has %d open tasks across %d launches due by %s: %s", p->name, p->tasks,
		     p->n_launches, tm_date_format(sunday + 7, d1), b.s);
		tm_buf_release(&b);
	}
	if (shared > LIST_MAX / 2)
		item(a, 0, NULL, NULL, 0, "and %zu more people with work on several launches", shared - LIST_MAX / 2);
	size_t waits = 0;
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!t->product || !task_open(t) || t->due > sunday + 7 || t->due < monday)
			continue;
		if (++waits > LIST_MAX / 2)
			continue;
		const tm_launch *l;
		if ((rc = launch_of(app, &lc, t->launch_id, &l, err)))
			goto out;
		item(a, 0, t->owner, l->slug, t->id, "%s waits on engineering's '%s' due %s (%s)", l->name, t->title,
			     tm_date_format(t->due, d1), t->owner[0] ? t->owner : "no owner");
	}
	if (waits > LIST_MAX / 2)
		item(a, 0, NULL, NULL, 0, "and %zu more product milestones due this week or next, by %s", waits - LIST_MAX / 2,
		     tm_date_format(sunday + 7, d1));
	size_t pairs = 0;
	for (size_t i = 0; i < focus.n; i++)
		for (size_t k = i + 1; k < focus.n; k++) {
			const tm_launch *x = &focus.v[i], *z = &focus.v[k];
			if (x->tier > 2 || z->tier > 2 || z->date - x->date > 7)
				continue;
			if (++pairs <= LIST_MAX / 2)
				item(a, 0, NULL, x->slug, 0, "%s (Tier %d, %s) and %s (Tier %d, %s) land %d days apart: one audience, one "
				     "sales team, one set of channels", x->name, x->tier, tm_date_format(x->date, d1), z->name, z->tier,
				     tm_date_format(z->date, d2), (int)(z->date - x->date));
		}
	if (pairs > LIST_MAX / 2)
		item(a, 0, NULL, NULL, 0, "and %zu more pairs of Tier 1-2 launches within a week of each other", pairs - LIST_MAX / 2);
	/* A roadmap item delivered by several launches, one of them landing soon, needs them all. */
	if ((rc = st->ops->roadmap->list(st, &roadmap, err)))
		goto out;
	size_t joint = 0;
	for (size_t i = 0; i < roadmap.n; i++) {
		const tm_roadmap_item *it = &roadmap.v[i];
		bool soon = false;
		for (int k = 0; k < it->nlaunches && !soon; k++)
			for (size_t j = 0; j < focus.n && !soon; j++)
				soon = focus.v[j].id == it->launches[k];
		if (!soon || it->nlaunches < 2)
			continue;
		if (++joint > LIST_MAX / 2)
			continue;
		tm_buf b = TM_BUF_INIT;
		for (int k = 0; k < it->nlaunches && k < 6; k++) {
			const tm_launch *l;
			if ((rc = launch_of(app, &lc, it->launches[k], &l, err))) {
				tm_buf_release(&b);
				goto out;
			}
			tm_buf_printf(&b, "%s%s (%s, %s)", k ? ", " : "", l->name, tm_date_format(l->date, d1),
				      tm_launch_status_name(l->status));
		}
		item(a, 0, it->owner, NULL, 0, "Roadmap %s '%s'%s%s needs its %d launches together: %s", tm_roadmap_level_names[it->level],
		     it->title, it->owner[0] ? " of " : "", it->owner, it->nlaunches, b.s);
		tm_buf_release(&b);
	}
	if (joint > LIST_MAX / 2)
		item(a, 0, NULL, NULL, 0, "and %zu more roadmap items delivered by several launches", joint - LIST_MAX / 2);

	/* 4. Decisions to take. */
	section(a, "no decision is waiting: every launch of the next three weeks has a confident date");
	size_t decisions = 0;
	for (size_t i = 0; i < focus.n; i++) {
		const tm_launch *l = &focus.v[i];
		if (l->confidence != TM_CONF_LOW && l->date >= a->date)
			continue;
		if (++decisions > LIST_MAX)
			continue;
		if (l->date < a->date)
			item(a, 0, l->pm, l->slug, 0, "%s: launch day %s has passed and it is still planned: mark it launched or move it "
			     "(tminus launch delay %s --to DATE)", l->name, tm_date_format(l->date, d1), l->slug);
		else
			item(a, 0, l->pm, l->slug, 0, "%s: go or move? Launch day %s has low date confidence (%d of %d tasks done)",
			     l->name, tm_date_format(l->date, d1), l->tasks_done, l->tasks_total);
	}
	more(a, decisions < LIST_MAX ? decisions : LIST_MAX, decisions, "launches to decide on");
	/* Experiments with a verdict or their planned sample: close them (the result goes to the ledger). */
	if ((rc = tm_app_experiment_list(app, TM_EXP_RUNNING, &experiments, err)))
		goto out;
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		tm_experiment_analysis an;
		bool ok, reached = v->e.planned_sample > 0;
		analyse(v, &an, &ok);
		for (size_t k = 0; k < v->arms.n; k++)
			reached = reached && v->arms.v[k].visitors >= v->e.planned_sample;
		if (!ok || (an.verdict == TM_VERDICT_NO_DIFFERENCE && !reached))
			continue;
		char text[TM_AGENDA_TEXT_MAX + 1];
		experiment_text(v, &an, text, sizeof(text));
		item(a, 0, v->e.owner, v->e.launch_slug, 0, "Close the experiment %s (tminus experiment close '%s')", text, v->e.name);
	}
	/* The backlog's open questions. */
	tm_idea_filter qf = TM_IDEA_FILTER_ALL;
	qf.kind = TM_IDEA_QUESTION;
	qf.open_only = true;
	if ((rc = st->ops->backlog->list(st, &qf, &questions, err)))
		goto out;
	for (size_t i = 0; i < questions.n && i < LIST_MAX / 2; i++) {
		const tm_idea *q = &questions.v[i];
		if (q->status != TM_IDEA_NEW && q->status != TM_IDEA_VALIDATING)
			continue;
		item(a, 0, q->owner, NULL, 0, "Answer the %s question #%lld '%s' (%s%s%s)", tm_idea_track_names[q->track],
		     (long long)q->id, q->title, tm_idea_status_names[q->status], q->owner[0] ? ", owner " : ", no owner",
		     q->owner);
	}

	/* 5. Owners. */
	section(a, "every task due by next week and every launch of the next three weeks has its owners");
	size_t unowned = 0;
	for (size_t i = 0; i < tasks.n; i++) {
		const tm_task *t = &tasks.v[i];
		if (!task_open(t) || t->owner[0] || t->due > sunday + 7 || ++unowned > LIST_MAX)
			continue;
		const tm_launch *l;
		if ((rc = launch_of(app, &lc, t->launch_id, &l, err)))
			goto out;
		item(a, 0, NULL, l->slug, t->id, "Needs an owner: '%s' (%s) due %s%s%s", t->title, l->name,
			     tm_date_format(t->due, d1), t->role >= 0 ? ", role " : "", t->role >= 0 ? tm_role_name(t->role) : "");
	}
	more(a, unowned < LIST_MAX ? unowned : LIST_MAX, unowned, "tasks without an owner");
	size_t ownerless = 0;
	for (size_t i = 0; i < focus.n; i++) {
		const tm_launch *l = &focus.v[i];
		if ((l->pm[0] && l->marketing[0]) || ++ownerless > LIST_MAX)
			continue;
		item(a, 0, NULL, l->slug, 0, "%s (%s) has no %s", l->name, tm_date_format(l->date, d1),
		     !l->pm[0] && !l->marketing[0] ? "PM and no marketing owner" : !l->pm[0] ? "PM" : "marketing owner");
	}
	more(a, ownerless < LIST_MAX ? ownerless : LIST_MAX, ownerless, "launches without a PM or a marketing owner");
	for (size_t i = 0; i < experiments.n; i++)
		if (!experiments.v[i].e.owner[0])
			item(a, 0, NULL, experiments.v[i].e.launch_slug, 0, "The running experiment '%s' has no owner",
			     experiments.v[i].e.name);
out:
	tm_experiment_views_free(&experiments);
	TM_VEC_FREE(&questions);
	TM_VEC_FREE(&roadmap);
	TM_VEC_FREE(&near);
	TM_VEC_FREE(&focus);
	TM_VEC_FREE(&freezes);
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&blockers);
	TM_VEC_FREE(&loads);
	TM_VEC_FREE(&lc.v);
	return rc;
}

/* ---- the monthly review ---- */

/* Worst first: missed, behind, no data, on track, met; then by launch day. */
static int cmp_view(const void *a, const void *b)
{
	static const int rank[TM_METRIC_STATE_COUNT] = { [TM_MS_MISSED] = 0, [TM_MS_BEHIND] = 1, [TM_MS_NO_DATA] = 2,
							 [TM_MS_ON_TRACK] = 3, [TM_MS_MET] = 4 };
	const tm_metric_view *x = a, *y = b;
	if (rank[x->j.state] != rank[y->j.state])
		return rank[x->j.state] - rank[y->j.state];
	if (x->T != y->T)
		return x->T < y->T ? -1 : 1;
	int c = strcmp(x->m.launch_slug, y->m.launch_slug);
	return c ? c : x->m.position - y->m.position;
}

/* Views by launch. */
static int cmp_view_launch(const void *a, const void *b)
{
	const tm_metric_view *x = *(const tm_metric_view *const *)a, *y = *(const tm_metric_view *const *)b;
	if (x->m.launch_id != y->m.launch_id)
		return x->m.launch_id < y->m.launch_id ? -1 : 1;
	return x->m.position - y->m.position;
}

/* A launch's metrics: how many are missed or behind of how many. */
typedef struct launch_score {
	const tm_metric_view *v;     /* one of its metrics (its launch's name and slug) */
	int bad, total;
} launch_score;

/* Most missed or behind first, then the larger share, then the earlier launch day. */
static int cmp_score(const void *a, const void *b)
{
	const launch_score *x = a, *y = b;
	if (x->bad != y->bad)
		return y->bad - x->bad;
	if (x->bad * y->total != y->bad * x->total)
		return y->bad * x->total - x->bad * y->total;
	if (x->v->T != y->v->T)
		return x->v->T < y->v->T ? -1 : 1;
	return strcmp(x->v->m.launch_slug, y->v->m.launch_slug);
}

/* A metric's figure as people read it: two decimals at most, with its unit. */
static void figure(double v, const tm_unit *u, char *out, size_t n)
{
	tm_metric_value_with_unit(round(v * 100) / 100, u, out, n);
}

static int monthly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	tm_metrics ms = TM_VEC_INIT;
	tm_metric_views views = TM_VEC_INIT;
	tm_decisions ds = TM_VEC_INIT;
	tm_experiment_views experiments = TM_VEC_INIT;
	tm_ideas ideas = TM_VEC_INIT;
	tm_idea_filter all_ideas = TM_IDEA_FILTER_ALL;
	tm_backlog_rank rank;
	const tm_metric_view **by_launch = NULL;
	TM_VEC(launch_score) scores = TM_VEC_INIT;
	char d1[TM_DATE_STRLEN], d2[TM_DATE_STRLEN];
	int states[TM_METRIC_STATE_COUNT] = { 0 };
	int rc;
	memset(&rank, 0, sizeof(rank));

	a->from = a->date - (MONTH_DAYS - 1);
	a->to = a->date;
	snprintf(a->period, sizeof(a->period), "%s to %s", tm_date_format(a->from, d1), tm_date_format(a->to, d2));
	snprintf(a->title, sizeof(a->title), "Monthly review, %s (%d minutes)", a->period, infos[a->meeting].minutes);
	/* The launches that have a metric window open in the period: launched by its end, within a year. */
	f.has_from = f.has_to = true;
	f.from = a->date - 400;
	f.to = a->date;
	if ((rc = st->ops->launches->list(st, &f, &ls, err)) || (rc = st->ops->metrics->list(st, 0, &ms, err)) ||
	    (rc = st->ops->history->decision_list(st, 0, &ds, err)))
		goto out;
	if (ls.n)
		qsort(ls.v, ls.n, sizeof(*ls.v), cmp_launch_id);
	for (size_t i = 0; i < ms.n; i++) {
		tm_launch key = { .id = ms.v[i].launch_id };
		const tm_launch *l = ls.n ? bsearch(&key, ls.v, ls.n, sizeof(key), cmp_launch_id) : NULL;
		if (!l || l->status == TM_LAUNCH_CANCELLED)
			continue;
		tm_metric_view v;
		memset(&v, 0, sizeof(v));
		v.m = ms.v[i];
		v.T = l->date;
		snprintf(v.m.launch_slug, sizeof(v.m.launch_slug), "%s", l->slug);
		snprintf(v.launch_name, sizeof(v.launch_name), "%s", l->name);
		v.tier = l->tier;
		v.launch_status = l->status;
		tm_metric_judge(&v.m, l->date, a->date, &v.j);
		/* A window over before the period, met or missed then, is last month's news. */
		if (v.j.window_end < a->from)
			continue;
		states[v.j.state]++;
		*TM_VEC_PUSH(&views) = v;
	}
	if (views.n)
		qsort(views.v, views.n, sizeof(*views.v), cmp_view);

	/* 1. Metrics. */
	section(a, "no launch has a success metric with its window open in the period (tminus metric add)");
	if (views.n)
		item(a, 0, NULL, NULL, 0, "%zu %s of launches in their window: %d missed, %d behind, %d with no data, %d on track, %d met",
		     views.n, tm_plural((long long)views.n, "metric", "metrics"), states[TM_MS_MISSED], states[TM_MS_BEHIND],
		     states[TM_MS_NO_DATA], states[TM_MS_ON_TRACK], states[TM_MS_MET]);
	for (size_t i = 0; i < views.n && i < LIST_MAX; i++) {
		const tm_metric_view *v = &views.v[i];
		char obs[64] = "no observation yet", target[64], path[64] = "";
		figure(v->j.target, &v->m.unit, target, sizeof(target));
		if (v->j.has_observed) {
			char val[48];
			figure(v->j.observed, &v->m.unit, val, sizeof(val));
			snprintf(obs, sizeof(obs), "%s on %s", val, tm_date_format(v->j.observed_on, d1));
		}
		if (v->j.has_expected && v->j.state != TM_MS_MET) {
			char val[48];
			figure(v->j.expected, &v->m.unit, val, sizeof(val));
			snprintf(path, sizeof(path), ", path %s", val);
		}
		item(a, 0, v->m.owner, v->m.launch_slug, 0, "%s: %s %s, %s%s (target %s by %s)%s", v->launch_name, v->m.name,
		     tm_metric_state_name(v->j.state), obs, path, target, tm_date_format(v->j.window_end, d2),
		     v->m.owner[0] ? "" : ", no owner");
	}
	more(a, views.n < LIST_MAX ? views.n : LIST_MAX, views.n, "metrics (tminus metric status)");

	/* 2. Experiments: the running ones analysed, and those closed in the period with their result. */
	if ((rc = tm_app_experiment_list(app, -1, &experiments, err)))
		goto out;
	section(a, "no experiment ran in the period (tminus experiment add)");
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		char text[TM_AGENDA_TEXT_MAX + 1];
		if (v->e.status == TM_EXP_CLOSED) {
			if (v->e.closed_on < a->from || v->e.closed_on > a->to)
				continue;
			item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s (%s) closed %s: %s%s%s", v->e.name,
			     tm_experiment_kind_names[v->e.kind], tm_date_format(v->e.closed_on, d1),
			     v->e.verdict >= 0 && v->e.verdict < TM_VERDICT_COUNT ? tm_verdict_names[v->e.verdict] : "no verdict",
			     v->e.result[0] ? ", " : "", v->e.result);
			continue;
		}
		tm_experiment_analysis an;
		bool ok;
		analyse(v, &an, &ok);
		if (!ok) {
			item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s (%s): cannot be analysed yet, it needs a control and a variant",
			     v->e.name, tm_experiment_kind_names[v->e.kind]);
			continue;
		}
		experiment_text(v, &an, text, sizeof(text));
		item(a, 0, v->e.owner, v->e.launch_slug, 0, "%s", text);
	}

	/* 3. Learnings: the decisions recorded in the period. */
	section(a, "no decision was recorded in the period (tminus decision add)");
	size_t nd = 0;
	for (size_t i = ds.n; i-- > 0;) {
		const tm_decision *d = &ds.v[i];
		if (d->on < a->from || d->on > a->to)
			continue;
		if (++nd > LIST_MAX)
			continue;
		item(a, 0, d->decided_by[0] ? d->decided_by : d->who, d->launch_slug, 0, "%s%s%s: %s%s%s%s%s%s, decided by %s",
		     tm_date_format(d->on, d1), d->launch_slug[0] ? ", " : "", d->launch_slug, d->what,
		     d->chosen[0] ? " (chose: " : "", d->chosen, d->chosen[0] ? ")" : "", d->why[0] ? "; why: " : "", d->why,
		     d->decided_by[0] ? d->decided_by : d->who[0] ? d->who : "nobody named");
	}
	more(a, nd < LIST_MAX ? nd : LIST_MAX, nd, "decisions (tminus decision list)");
	if ((rc = st->ops->backlog->list(st, &all_ideas, &ideas, err)))
		goto out;
	for (size_t i = 0; i < ideas.n; i++) {
		const tm_idea *it = &ideas.v[i];
		tm_date on = 0;
		if ((it->status != TM_IDEA_SUNSET && it->status != TM_IDEA_DROPPED) || strlen(it->updated_at) < 10)
			continue;
		char day[TM_DATE_STRLEN];
		snprintf(day, sizeof(day), "%.10s", it->updated_at);
		tm_error ignored = { 0 };
		if (tm_date_parse_any(day, &on, &ignored) || on < a->from || on > a->to)
			continue;
		item(a, 0, it->owner, it->launch_slug, 0, "%s: #%lld '%s' %s: %s", day, (long long)it->id, it->title,
		     tm_idea_status_names[it->status], it->why[0] ? it->why : "no reason given");
	}

	/* 4. Messaging and priorities to adjust: the launches whose metrics are missed or behind. */
	section(a, "no launch's metrics call for a change of messaging or priority");
	/* Each launch's metrics counted once (by launch), the launches with most missed or behind first. */
	if (views.n) {
		by_launch = tm_xcalloc(views.n, sizeof(*by_launch));
		for (size_t i = 0; i < views.n; i++)
			by_launch[i] = &views.v[i];
		qsort(by_launch, views.n, sizeof(*by_launch), cmp_view_launch);
	}
	for (size_t i = 0; i < views.n;) {
		size_t j = i;
		launch_score *sc = NULL;
		for (; j < views.n && by_launch[j]->m.launch_id == by_launch[i]->m.launch_id; j++) {
			bool bad = by_launch[j]->j.state == TM_MS_MISSED || by_launch[j]->j.state == TM_MS_BEHIND;
			if (bad && !sc) {
				sc = TM_VEC_PUSH(&scores);
				sc->v = by_launch[i];
			}
			if (sc)
				sc->bad += bad;
		}
		if (sc)
			sc->total = (int)(j - i);
		i = j;
	}
	if (scores.n)
		qsort(scores.v, scores.n, sizeof(*scores.v), cmp_score);
	for (size_t i = 0; i < scores.n && i < LIST_MAX / 2; i++)
		item(a, 0, NULL, scores.v[i].v->m.launch_slug, 0,
		     "%s: %d of %d metrics missed or behind: revisit its messaging and whether its follow-up work comes first",
		     scores.v[i].v->launch_name, scores.v[i].bad, scores.v[i].total);
	more(a, scores.n < LIST_MAX / 2 ? scores.n : LIST_MAX / 2, scores.n, "launches with metrics missed or behind");
	for (size_t i = 0; i < experiments.n; i++) {
		const tm_experiment_view *v = &experiments.v[i];
		tm_experiment_analysis an;
		bool ok;
		if (v->e.kind != TM_EXP_MESSAGING || v->e.status != TM_EXP_RUNNING)
			continue;
		analyse(v, &an, &ok);
		if (!ok || an.verdict != TM_VERDICT_VARIANT_WINS || an.winner < 0)
			continue;
		const tm_arm *w = &v->arms.v[an.winner];
		item(a, 0, v->e.owner, v->e.launch_slug, 0, "Messaging: '%s' wins %s (lift %+.1f%%, p = %.3f): adopt %s%s%s",
		     w->name, v->e.name, 100 * an.arms[an.winner].lift_rel, an.arms[an.winner].p_value,
		     w->message[0] ? "\"" : "its message", w->message, w->message[0] ? "\"" : "");
	}
	/* Priorities: the backlog's top five by RICE among what is still being weighed. */
	if ((rc = tm_app_backlog_rank(app, NULL, &rank, err)))
		goto out;
	for (size_t i = 0, shown = 0; i < rank.scored && shown < 5; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		const tm_idea *it = &idea;
		if (it->status > TM_IDEA_EXPERIMENTING)
			continue;
		char rice[200];
		rice_text(it, rice, sizeof(rice));
		item(a, 0, it->owner, NULL, 0, "Priority %zu: #%lld '%s' (%s, %s): RICE %s", ++shown, (long long)it->id, it->title,
		     tm_idea_track_names[it->track], tm_idea_status_names[it->status], rice);
	}
out:
	free(by_launch);
	TM_VEC_FREE(&scores);
	tm_backlog_rank_release(&rank);
	tm_experiment_views_free(&experiments);
	TM_VEC_FREE(&ideas);
	TM_VEC_FREE(&ls);
	TM_VEC_FREE(&ms);
	TM_VEC_FREE(&views);
	TM_VEC_FREE(&ds);
	return rc;
}

/* ---- the quarterly planning ---- */

static int cmp_tier_date(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier - y->tier;
	return cmp_launch_date(a, b);
}

static int quarterly(tm_app *app, tm_meeting_agenda *a, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	tm_roadmap rm;
	tm_backlog_rank rank;
	char d1[TM_DATE_STRLEN];
	int y, m, d, rc;
	memset(&rm, 0, sizeof(rm));
	memset(&rank, 0, sizeof(rank));

	tm_date_to_ymd(a->date, &y, &m, &d);
	int q = (m - 1) / 3 + 1;
	if (++q > 4) {
		q = 1;
		y++;
	}
	a->from = tm_date_from_ymd(y, 3 * q - 2, 1);
	a->to = tm_date_add_months(a->from, 3) - 1;
	snprintf(a->period, sizeof(a->period), "%04dQ%d", y, q);
	snprintf(a->title, sizeof(a->title), "Quarterly planning for %s (%d minutes)", a->period, infos[a->meeting].minutes);
	f.has_from = f.has_to = true;
	f.from = a->from;
	f.to = a->to;
	if ((rc = st->ops->launches->list(st, &f, &ls, err)))
		goto out;
	size_t keep = 0;
	for (size_t i = 0; i < ls.n; i++)
		if (ls.v[i].status != TM_LAUNCH_CANCELLED)
			ls.v[keep++] = ls.v[i];
	ls.n = keep;
	if (ls.n)
		qsort(ls.v, ls.n, sizeof(*ls.v), cmp_tier_date);

	/* 1. The roadmap of the quarter (and the items above), by level, with the colour shown and its launches. */
	tm_roadmap_query rq = { .quarter = a->period, .owner = NULL };
	if ((rc = tm_app_roadmap(app, &rq, &rm, err)))
		goto out;
	section(a, "no roadmap item targets the quarter (tminus roadmap add TITLE --level … --quarter)");
	for (int level = 0; level < TM_LEVEL_COUNT; level++) {
		size_t n = 0;
		for (size_t i = 0; i < rm.items.n; i++)
			n += rm.items.v[i].item.level == level;
		if (!n)
			continue;
		static const char *const plural[] = { "Strategic items", "Initiatives", "Releases" };
		item(a, 0, NULL, NULL, 0, "%s: %zu", plural[level], n);
		for (size_t i = 0, shown = 0; i < rm.items.n; i++) {
			const tm_roadmap_view *v = &rm.items.v[i];
			if (v->item.level != level)
				continue;
			if (++shown > LIST_MAX) {
				if (shown == LIST_MAX + 1)
					item(a, 1, NULL, NULL, 0, "and %zu more", n - LIST_MAX);
				continue;
			}
			tm_buf b = TM_BUF_INIT;
			for (int k = 0; k < v->item.nlaunches && k < 6; k++) {
				const tm_roadmap_launch *rl = &rm.launches.v[v->launch_at[k]];
				tm_buf_printf(&b, "%s%s (%s%s%s)", k ? ", " : "; launches: ", rl->launch.name,
					      tm_date_format(rl->launch.date, d1), rl->slipped ? ", slipped" : "",
					      rl->done ? "" : rl->feasible ? "" : ", infeasible");
			}
			item(a, 1, v->item.owner, NULL, 0, "#%lld %s (%s, %s, %s%s%s)%s%s", (long long)v->item.id, v->item.title,
			     v->item.owner[0] ? v->item.owner : "no owner", v->item.quarter[0] ? v->item.quarter : "no quarter",
			     tm_roadmap_status_names[v->colour], v->why_red[0] ? ": " : "", v->why_red, b.s, "");
			tm_buf_release(&b);
		}
	}
	if (rm.review_due)
		item(a, 0, NULL, NULL, 0, "The roadmap's review is due (every 6 weeks): tminus roadmap review");

	/* 2. The backlog's top ten by RICE, with the arithmetic, and what cannot be scored. */
	if ((rc = tm_app_backlog_rank(app, NULL, &rank, err)))
		goto out;
	section(a, "no backlog item can be ranked yet (tminus backlog add … --reach --impact --confidence --effort)");
	for (size_t i = 0; i < rank.scored && i < 10; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		const tm_idea *it = &idea;
		char rice[200];
		rice_text(it, rice, sizeof(rice));
		item(a, 0, it->owner, it->launch_slug, 0, "%zu. #%lld %s (%s %s, %s%s%s%s%s): %s", i + 1, (long long)it->id, it->title,
		     tm_idea_track_names[it->track], tm_idea_kind_names[it->kind], tm_idea_status_names[it->status],
		     it->owner[0] ? ", owner " : ", no owner", it->owner, it->persona[0] ? ", for " : "", it->persona, rice);
	}
	if (rank.rows.n > rank.scored)
		item(a, 0, NULL, NULL, 0, "%zu more %s cannot be scored yet (tminus backlog rank lists what each lacks)",
		     rank.rows.n - rank.scored, tm_plural((long long)(rank.rows.n - rank.scored), "item", "items"));

	/* 3. Launches of the next quarter by tier. */
	section(a, "no launch is planned in the quarter yet");
	for (size_t i = 0; i < ls.n;) {
		size_t j = i;
		while (j < ls.n && ls.v[j].tier == ls.v[i].tier)
			j++;
		item(a, 0, NULL, NULL, 0, "Tier %d: %zu %s", ls.v[i].tier, j - i, tm_plural((long long)(j - i), "launch", "launches"));
		for (size_t k = i; k < j && k < i + LIST_MAX; k++) {
			const tm_launch *l = &ls.v[k];
			item(a, 1, l->pm, l->slug, 0, "%s, %s: PM %s, marketing %s, date confidence %s, %d of %d tasks done", l->name,
			     tm_date_format(l->date, d1), l->pm[0] ? l->pm : "none", l->marketing[0] ? l->marketing : "none",
			     tm_confidence_name(l->confidence), l->tasks_done, l->tasks_total);
		}
		if (j - i > LIST_MAX)
			item(a, 1, NULL, NULL, 0, "and %zu more Tier %d launches", j - i - LIST_MAX, ls.v[i].tier);
		i = j;
	}

	/* 4. Owners to confirm. */
	section(a, "every launch of the quarter has a PM and a marketing owner");
	size_t missing = 0;
	for (size_t i = 0; i < ls.n; i++) {
		const tm_launch *l = &ls.v[i];
		if (l->pm[0] && l->marketing[0])
			continue;
		if (++missing <= LIST_MAX)
			item(a, 0, NULL, l->slug, 0, "%s (Tier %d, %s) has no %s", l->name, l->tier, tm_date_format(l->date, d1),
			     !l->pm[0] && !l->marketing[0] ? "PM and no marketing owner" : !l->pm[0] ? "PM" : "marketing owner");
	}
	more(a, missing < LIST_MAX ? missing : LIST_MAX, missing, "launches without their owners");
	for (size_t i = 0; i < rm.items.n; i++)
		if (!rm.items.v[i].item.owner[0])
			item(a, 0, NULL, NULL, 0, "Roadmap %s #%lld '%s' has no owner", tm_roadmap_level_names[rm.items.v[i].item.level],
			     (long long)rm.items.v[i].item.id, rm.items.v[i].item.title);
	for (size_t i = 0; i < rank.scored && i < 10; i++) {
		tm_idea idea;
		tm_backlog_rank_item(&rank, i, &idea);
		if (!idea.owner[0])
			item(a, 0, NULL, NULL, 0, "Backlog #%lld '%s' (top ten) has no owner", (long long)idea.id, idea.title);
	}
out:
	tm_roadmap_release(&rm);
	tm_backlog_rank_release(&rank);
	TM_VEC_FREE(&ls);
	return rc;
}

/* ---- the use cases ---- */

static int day_of(tm_app *app, const char *date, tm_date *out, tm_error *err)
{
	if (!date) {
		*out = app->today;
		return 0;
	}
	return tm_with_field(err, "date", tm_date_parse(date, out, err));
}

int tm_app_meeting_agenda(tm_app *app, int meeting, const char *date, tm_meeting_agenda *out, tm_error *err)
{
	int rc;
	memset(out, 0, sizeof(*out));
	if (meeting < 0 || meeting >= TM_MEET_COUNT)
		return tm_fail_field(err, TM_EINVAL, "meeting", "unknown meeting: the meetings are standup, weekly, monthly and quarterly");
	out->meeting = meeting;
	if ((rc = day_of(app, date, &out->date, err)))
		return rc;
	if ((rc = tm_app_begin_read(app, err)))
		return rc;
	switch (meeting) {
	case TM_MEET_STANDUP:
		rc = standup(app, out, err);
		break;
	case TM_MEET_WEEKLY:
		rc = weekly(app, out, err);
		break;
	case TM_MEET_MONTHLY:
		rc = monthly(app, out, err);
		break;
	default:
		rc = quarterly(app, out, err);
		break;
	}
	rc = tm_app_finish(app, rc, err);
	if (rc)
		tm_meeting_agenda_release(out);
	return rc;
}

/* The first day on or after d that is ISO weekday wd. */
static tm_date next_weekday(tm_date d, int wd)
{
	return d + (wd - tm_date_weekday(d) + 7) % 7;
}

/* The first weekday wd of the month of d. */
static tm_date first_in_month(tm_date d, int wd)
{
	int y, m, day;
	tm_date_to_ymd(d, &y, &m, &day);
	return next_weekday(tm_date_from_ymd(y, m, 1), wd);
}

int tm_app_cadence(tm_app *app, const char *date, tm_cadence *out, tm_error *err)
{
	tm_date d;
	int y, m, day;
	memset(out, 0, sizeof(*out));
	int rc = day_of(app, date, &d, err);
	if (rc)
		return rc;
	out->from = d;
	tm_date_to_ymd(d, &y, &m, &day);
	tm_date standup = tm_date_weekday(d) <= 5 ? d : next_weekday(d, 1);
	tm_date huddle = next_weekday(d, 2);
	tm_date review = first_in_month(d, 4);
	if (review < d)
		review = first_in_month(tm_date_add_months(tm_date_from_ymd(y, m, 1), 1), 4);
	/* The quarter is planned before it starts: in the last month of the one before. */
	tm_date qlast = tm_date_from_ymd(y, 3 * ((m - 1) / 3) + 3, 1);
	tm_date planning = first_in_month(qlast, 1);
	if (planning < d)
		planning = first_in_month(tm_date_add_months(qlast, 3), 1);
	const tm_date firsts[TM_MEET_COUNT] = { standup, huddle, review, planning };
	for (int i = 0; i < TM_MEET_COUNT; i++) {
		tm_cadence_event *e = &out->events[i];
		e->meeting = i;
		e->first = firsts[i];
		e->info = &infos[i];
		for (int k = 0; k < 5 && outline[i][k].title; k++) {
			snprintf(e->outline[k].title, sizeof(e->outline[k].title), "%s", outline[i][k].title);
			e->outline[k].minutes = outline[i][k].minutes;
			e->n_outline++;
		}
	}
	if (!tm_date_in_range(planning) || !tm_date_in_range(review))
		return tm_fail_field(err, TM_EINVAL, "date", "the cadence from that day runs past %s", TM_DATE_RANGE_TEXT);
	return 0;
}
