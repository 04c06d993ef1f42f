/*
 * cadence.c - the meetings of seed 003's cadence and their agendas from live
 * data (see cadence.h): what every agenda shares (its parts and lines, the
 * launches and tasks it quotes), the stand-up, and the use cases; the huddle,
 * the monthly review and the quarterly planning each have their file. Each agenda reads what it needs through the store's
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

#include "app/cadence_internal.h"

#include "util/banned.h"


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
void cadence_section(tm_meeting_agenda *a, const char *empty)
{
	size_t k = a->sections.n;
	tm_agenda_section *s = TM_VEC_PUSH(&a->sections);
	snprintf(s->title, sizeof(s->title), "%s", outline[a->meeting][k].title);
	s->minutes = outline[a->meeting][k].minutes;
	s->first = a->items.n;
	snprintf(s->empty, sizeof(s->empty), "%s", empty);
	a->minutes += s->minutes;
}

tm_agenda_item *cadence_item(tm_meeting_agenda *a, int depth, const char *owner, const char *launch, int64_t task,
			    const char *fmt, ...)
{
	tm_agenda_item *it = TM_VEC_PUSH(&a->items);
	va_list ap;
	it->depth = depth;
	snprintf(it->owner, sizeof(it->owner), "%s", owner ? owner : "");
	snprintf(it->launch, sizeof(it->launch), "%s", launch ? launch : "");
	it->task_id = task;
	va_start(ap, fmt);
	(void)vsnprintf(it->text, sizeof(it->text), fmt, ap);
	va_end(ap);
	a->sections.v[a->sections.n - 1].n = a->items.n - a->sections.v[a->sections.n - 1].first;
	return it;
}

/* "and 4 more" after a list cut at LIST_MAX. */
void cadence_more(tm_meeting_agenda *a, size_t shown, size_t all, const char *what)
{
	if (all > shown)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more %s", all - shown, what);
}

/* ---- what the agendas read ---- */

int cadence_cmp_launch_id(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

int cadence_launch_of(tm_app *app, launch_cache *c, int64_t id, const tm_launch **out, tm_error *err)
{
	tm_launch key = { .id = id };
	const tm_launch *hit = c->v.n ? bsearch(&key, c->v.v, c->v.n, sizeof(key), cadence_cmp_launch_id) : NULL;
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

int cadence_cmp_launch_date(const void *a, const void *b)
{
	const tm_launch *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

bool cadence_task_open(const tm_task *t)
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
		if (cadence_task_open(&all.v[i]) && !rc)
			all.v[keep++] = all.v[i];
		else
			free(all.v[i].depends_on);
	}
	all.n = keep;
	*out = all;
	return rc;
}

/* The day's week: Monday and Sunday. */
void cadence_week_of(tm_date d, tm_date *monday, tm_date *sunday)
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
	cadence_item(a, depth, t->owner, l->slug, t->id, "%s (%s, Tier %d, launch day %s), due %s%s%s", t->title, l->name, l->tier,
	     tm_date_format(l->date, T), tm_date_format(t->due, due),
	     t->status >= 0 && t->status < TM_TASK_STATUS_COUNT ? status[t->status] : "", extra ? extra : "");
}

/* Tasks grouped under their owners: a line per owner (with how many), a line per task under it. */
static int by_owner(tm_app *app, tm_meeting_agenda *a, launch_cache *lc, tm_task *tasks, size_t n, const char *const *extra,
		    tm_error *err)
{
	size_t shown = 0;
	/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): a constant, 36 */
	for (size_t i = 0; i < n && shown < 3 * LIST_MAX;) {
		size_t j = i;
		while (j < n && !strcmp(tasks[j].owner, tasks[i].owner))
			j++;
		cadence_item(a, 0, tasks[i].owner, NULL, 0, "%s: %zu %s", tasks[i].owner[0] ? tasks[i].owner : "No owner", j - i,
		     tm_plural((long long)(j - i), "task", "tasks"));
		for (size_t k = i; k < j; k++, shown++) {
			const tm_launch *l;
			int rc = cadence_launch_of(app, lc, tasks[k].launch_id, &l, err);
			if (rc)
				return rc;
			task_line(a, 1, &tasks[k], l, extra ? extra[k] : NULL);
		}
		i = j;
	}
	if (shown < n)
		cadence_item(a, 0, NULL, NULL, 0, "and %zu more tasks", n - shown);
	return 0;
}

/* ---- the backlog, the experiments and the roadmap, as the agendas quote them ---- */

/* "2000 × 2 × 80% ÷ 4 = 800" or "cannot be scored: lacks reach and effort". */
void cadence_rice_text(const tm_idea *i, char *out, size_t n)
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
void cadence_experiment_text(const tm_experiment_view *v, const tm_experiment_analysis *an, char *out, size_t n)
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
void cadence_analyse(const tm_experiment_view *v, tm_experiment_analysis *an, bool *ok)
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
	cadence_week_of(a->date, &monday, &sunday);
	a->from = a->date;
	a->to = sunday;
	tm_date_format(a->date, a->period);
	snprintf(a->title, sizeof(a->title), "Stand-up, %s (%d minutes)", a->period, tm_meeting_info_of(a->meeting)->minutes);
	if ((rc = open_due(app, a->date, a->date, &today, err)) ||
	    (a->date < sunday && (rc = open_due(app, a->date + 1, sunday, &week, err))) ||
	    (rc = open_due(app, a->date - 90, sunday, &recent, err)))
		goto out;
	if (today.n)
		qsort(today.v, today.n, sizeof(*today.v), cmp_by_owner);
	if (week.n)
		qsort(week.v, week.n, sizeof(*week.v), cmp_by_owner);

	cadence_section(a, "nothing is due today");
	if ((rc = by_owner(app, a, &lc, today.v, today.n, NULL, err)))
		goto out;
	char empty[200];
	snprintf(empty, sizeof(empty), "nothing else is due this week (to %s)", tm_date_format(sunday, d1));
	cadence_section(a, empty);
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
			if (cadence_task_open(&dep))
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
	cadence_section(a, "nothing is blocked: no task is overdue, awaiting approval or waiting for an open task");
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
	/* The workspace as it is on the meeting's day: check's rules, metrics and plans judge that day. */
	tm_date today = app->today;
	app->today = out->date;
	switch (meeting) {
	case TM_MEET_STANDUP:
		rc = standup(app, out, err);
		break;
	case TM_MEET_WEEKLY:
		rc = cadence_weekly(app, out, err);
		break;
	case TM_MEET_MONTHLY:
		rc = cadence_monthly(app, out, err);
		break;
	default:
		rc = cadence_quarterly(app, out, err);
		break;
	}
	app->today = today;
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
