/*
 * plan.c - schedules: one launch's plan, why a task is critical, baselines
 * and the variance against them, and the whole portfolio with each
 * person's load per ISO week.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"

#include "util/banned.h"

void tm_launch_plan_release(tm_launch_plan *p)
{
	tm_tasks_free(&p->tasks);
	tm_plan_release(&p->plan);
	TM_VEC_FREE(&p->notes);
}

/* Open: still to finish. Work awaiting approval is done but does not count as done yet. */
static bool is_open(const tm_task *t)
{
	return t->status == TM_TASK_TODO || t->status == TM_TASK_IN_PROGRESS || t->status == TM_TASK_AWAITING_APPROVAL;
}

/* The launch-day milestone: where a launch's critical path ends. */
static bool is_launch_task(const tm_task *t)
{
	return t->milestone && t->has_offset && t->offset.amount == 0;
}

/* Plans tasks[0..n) (all open, one launch) with the given dependencies. */
static int plan_tasks(tm_app *app, const tm_launch *l, const tm_task *tasks, size_t n, const tm_dep *deps,
		      size_t n_deps, tm_plan *out, tm_error *err)
{
	const tm_calendar *cal;
	int rc = tm_app_calendar_load(app, &cal, err);
	if (rc)
		return rc;
	tm_plan_input *in = tm_xcalloc(n ? n : 1, sizeof(*in));
	for (size_t i = 0; i < n; i++) {
		in[i].id = tasks[i].id;
		/* Awaiting approval: the work is done, only the approval is left (it takes no effort). */
		in[i].effort_days = tasks[i].status == TM_TASK_AWAITING_APPROVAL ? 0 : tasks[i].effort_days;
		in[i].milestone = tasks[i].milestone;
		in[i].has_due = tasks[i].has_due;
		in[i].due = tasks[i].due;
		in[i].is_launch = is_launch_task(&tasks[i]);
		in[i].has_not_before = tasks[i].has_not_before;
		in[i].not_before = tasks[i].not_before;
		/* A product milestone engineering dated happens on that day, not before (on a day off: the
		 * working day after it, when the work that waits for it can start). Its deadline is what
		 * waits for it needs, not the date itself: its slack says how far engineering may slip
		 * before marketing's plan breaks, and a slip past it is negative slack (check's
		 * product-slip names it). */
		if (tasks[i].product && tasks[i].has_due) {
			in[i].has_due = false;
			in[i].has_not_before = true;
			in[i].not_before = tm_cal_workday_on_or_after(cal, tasks[i].due);
		}
	}
	rc = tm_plan_compute(in, n, deps, n_deps, l->date, app->today, cal, out, err);
	free(in);
	return rc;
}

/*
 * What the plan cannot know: for each product milestone with no date yet, a note naming the open
 * tasks that wait for it, directly or through others ("'Code complete' has no date yet (engineering
 * gives it): 4 tasks wait for it: Content ready, …"). The plan holds them as if it were met today.
 */
static void waiting_notes(tm_launch_plan *lp)
{
	const tm_plan *pl = &lp->plan;
	bool *seen = NULL;
	size_t *queue = NULL;
	for (size_t m = 0; m < pl->n; m++) {
		const tm_task *ms = &lp->tasks.v[m];
		if (!ms->product || ms->has_due)
			continue;
		if (!seen) {
			seen = tm_xcalloc(pl->n, sizeof(*seen));
			queue = tm_xcalloc(pl->n, sizeof(*queue));
		}
		memset(seen, 0, pl->n * sizeof(*seen));
		size_t head = 0, tail = 0;
		seen[m] = true;
		queue[tail++] = m;
		while (head < tail) {
			size_t k = queue[head++];
			/* Launch day waits for it too; the work after launch day waits for launch day. */
			if (k != m && is_launch_task(&lp->tasks.v[k]))
				continue;
			for (int s = pl->succ_start[k]; s < pl->succ_start[k + 1]; s++) {
				size_t j = (size_t)pl->succ[s];
				if (!seen[j]) {
					seen[j] = true;
					queue[tail++] = j;
				}
			}
		}
		if (tail == 1)
			continue;
		tm_note note;
		size_t at = (size_t)snprintf(note.text, sizeof(note.text),
					     "'%s' has no date yet (engineering gives it): %zu task%s wait%s for it:", ms->title,
					     tail - 1, tail == 2 ? "" : "s", tail == 2 ? "s" : "");
		/* In the plan's order (the checklist's), as many as the note holds with room for ", …". */
		const size_t room = sizeof(note.text) - 6;
		size_t named = 0;
		for (size_t j = 0; j < pl->n && at < room; j++) {
			if (!seen[j] || j == m)
				continue;
			char one[TM_TITLE_MAX + 4];
			int w = snprintf(one, sizeof(one), "%s %s", named ? "," : "", lp->tasks.v[j].title);
			if (w < 0 || at + (size_t)w >= room) {
				memcpy(note.text + at, ", …", sizeof(", …"));
				break;
			}
			memcpy(note.text + at, one, (size_t)w + 1);
			at += (size_t)w;
			named++;
		}
		*TM_VEC_PUSH(&lp->notes) = note;
	}
	free(seen);
	free(queue);
}

int tm_app_plan(tm_app *app, const char *launch_ref, tm_launch_plan *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_tasks all = TM_VEC_INIT;
	tm_deps deps = TM_VEC_INIT;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = st->ops->launches->find(st, launch_ref, &out->launch, err)) ||
	    (rc = st->ops->tasks->list(st, out->launch.id, NULL, &all, err)) ||
	    (rc = st->ops->tasks->dep_list(st, out->launch.id, &deps, err)))
		goto out;
	for (size_t i = 0; i < all.n; i++) {
		if (is_open(&all.v[i])) {
			*TM_VEC_PUSH(&out->tasks) = all.v[i];
			all.v[i].depends_on = NULL; /* moved */
		} else {
			out->closed++;
		}
	}
	rc = plan_tasks(app, &out->launch, out->tasks.v, out->tasks.n, deps.v, deps.n, &out->plan, err);
	if (!rc)
		waiting_notes(out);
out:
	tm_tasks_free(&all);
	TM_VEC_FREE(&deps);
	if (rc)
		tm_launch_plan_release(out);
	return rc;
}

int tm_app_plan_explain(tm_app *app, const char *launch_ref, const char *task_ref, tm_launch_plan *out, int *index,
			tm_error *err)
{
	tm_task t;
	int rc = tm_app_task_get(app, task_ref, &t, err);
	if (rc)
		return tm_with_field(err, "explain", rc);
	tm_task_release(&t);
	if ((rc = tm_app_plan(app, launch_ref, out, err)))
		return rc;
	if (t.launch_id != out->launch.id) {
		rc = tm_fail_field(err, TM_EINVAL, "explain", "task #%lld belongs to launch '%s', not '%s'", (long long)t.id,
				   t.launch_slug, out->launch.slug);
	} else if ((*index = tm_plan_find(&out->plan, t.id)) < 0) {
		rc = tm_fail_field(err, TM_EINVAL, "explain", "task #%lld is %s: only open tasks are planned", (long long)t.id,
				   tm_task_status_name(t.status));
	}
	if (rc)
		tm_launch_plan_release(out);
	return rc;
}

int tm_app_baseline_save_in_tx(tm_app *app, const tm_launch_plan *p, const char *name, tm_baseline *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_baselines existing = TM_VEC_INIT;
	tm_baseline b = { .launch_id = p->launch.id, .launch_date = p->launch.date, .today = app->today };
	int rc;
	if (name) {
		if ((rc = tm_check_text("baseline name", name, TM_NAME_MAX, err)))
			return tm_with_field(err, "name", rc);
		snprintf(b.name, sizeof(b.name), "%s", name);
	} else {
		char d[TM_DATE_STRLEN];
		if ((rc = st->ops->history->baseline_list(st, p->launch.id, &existing, err)))
			return rc;
		tm_date_format(app->today, d);
		snprintf(b.name, sizeof(b.name), "%s", d);
		for (int k = 2;; k++) {
			bool taken = false;
			for (size_t i = 0; i < existing.n; i++)
				taken |= !strcmp(existing.v[i].name, b.name);
			if (!taken)
				break;
			snprintf(b.name, sizeof(b.name), "%s-%d", d, k);
		}
		TM_VEC_FREE(&existing);
	}
	tm_baseline_task *rows = tm_xcalloc(p->plan.n ? p->plan.n : 1, sizeof(*rows));
	for (size_t i = 0; i < p->plan.n; i++) {
		const tm_plan_task *pt = &p->plan.tasks[i];
		rows[i].task_id = pt->id;
		snprintf(rows[i].title, sizeof(rows[i].title), "%s", p->tasks.v[i].title);
		rows[i].has_due = p->tasks.v[i].has_due;
		rows[i].due = p->tasks.v[i].due;
		rows[i].es = pt->es;
		rows[i].ef = pt->ef;
		rows[i].ls = pt->ls;
		rows[i].lf = pt->lf;
		rows[i].slack = pt->slack;
		rows[i].critical = pt->critical;
	}
	rc = st->ops->history->baseline_add(st, &b, rows, p->plan.n, err);
	free(rows);
	if (!rc)
		*out = b;
	return rc;
}

int tm_app_baseline_save(tm_app *app, const char *launch_ref, const char *name, tm_baseline *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_launch_plan p;
	int rc = tm_app_plan(app, launch_ref, &p, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)) == 0) {
		rc = tm_app_baseline_save_in_tx(app, &p, name, out, err);
		if (!rc)
			rc = tm_app_audit(app, "baseline.add", NULL, json_pack("{s:s, s:s}", "launch", p.launch.slug, "name", out->name),
					  err, "launch %lld", (long long)p.launch.id);
		rc = tm_store_finish(st, rc, err);
	}
	tm_launch_plan_release(&p);
	return rc;
}

int tm_app_baseline_list(tm_app *app, const char *launch_ref, tm_baselines *out, tm_error *err)
{
	tm_launch l;
	int rc = app->st->ops->launches->find(app->st, launch_ref, &l, err);
	return rc ? rc : app->st->ops->history->baseline_list(app->st, l.id, out, err);
}

void tm_comparison_release(tm_comparison *c)
{
	tm_launch_plan_release(&c->current);
	TM_VEC_FREE(&c->rows);
}

int tm_app_plan_against(tm_app *app, const char *launch_ref, const char *baseline, tm_comparison *out, tm_error *err)
{
	tm_baseline_tasks base = TM_VEC_INIT;
	const tm_calendar *cal;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = tm_app_plan(app, launch_ref, &out->current, err)))
		return rc;
	if ((rc = app->st->ops->history->baseline_find(app->st, out->current.launch.id, baseline, &out->baseline, &base,
						       err)) ||
	    (rc = tm_app_calendar_load(app, &cal, err)))
		goto out;
	const tm_plan *p = &out->current.plan;
	out->launch_variance = tm_cal_workdays_between(cal, out->baseline.launch_date, out->current.launch.date);
	/* Every task of the baseline, then those added since. */
	for (size_t i = 0; i < base.n; i++) {
		tm_variance *v = TM_VEC_PUSH(&out->rows);
		v->task_id = base.v[i].task_id;
		snprintf(v->title, sizeof(v->title), "%s", base.v[i].title);
		v->in_baseline = true;
		v->base_ef = base.v[i].ef;
		v->base_lf = base.v[i].lf;
		v->base_has_due = base.v[i].has_due;
		v->base_due = base.v[i].due;
		int k = tm_plan_find(p, v->task_id);
		if (k >= 0) {
			v->in_plan = true;
			v->cur_ef = p->tasks[k].ef;
			v->cur_lf = p->tasks[k].lf;
			v->cur_has_due = out->current.tasks.v[k].has_due;
			v->cur_due = out->current.tasks.v[k].due;
			v->variance = tm_cal_workdays_between(cal, v->base_ef, v->cur_ef);
			v->lf_variance = tm_cal_workdays_between(cal, v->base_lf, v->cur_lf);
			v->moved_launch = v->variance > 0 && p->tasks[k].critical && (p->min_slack < 0 || out->launch_variance > 0);
			if (v->base_has_due && v->cur_has_due) {
				v->due_variance = tm_cal_workdays_between(cal, v->base_due, v->cur_due);
				out->due_moved += v->due_variance != 0;
			}
			out->lf_moved += v->lf_variance != 0;
		}
	}
	for (size_t k = 0; k < p->n; k++) {
		bool known = false;
		for (size_t i = 0; i < base.n && !known; i++)
			known = base.v[i].task_id == p->tasks[k].id;
		if (known)
			continue;
		tm_variance *v = TM_VEC_PUSH(&out->rows);
		v->task_id = p->tasks[k].id;
		snprintf(v->title, sizeof(v->title), "%s", out->current.tasks.v[k].title);
		v->in_plan = true;
		v->cur_ef = p->tasks[k].ef;
		v->cur_lf = p->tasks[k].lf;
		v->cur_has_due = out->current.tasks.v[k].has_due;
		v->cur_due = out->current.tasks.v[k].due;
	}
out:
	TM_VEC_FREE(&base);
	if (rc)
		tm_comparison_release(out);
	return rc;
}

void tm_portfolio_plan_release(tm_portfolio_plan *p)
{
	for (size_t i = 0; i < p->launches.n; i++)
		tm_launch_plan_release(&p->launches.v[i]);
	TM_VEC_FREE(&p->launches);
	TM_VEC_FREE(&p->load);
}

/*
 * How a task's effort is booked: spread evenly over the working days of its window, from its
 * earliest start to the later of its latest and earliest finish. False for what books nothing
 * (a milestone).
 */
static bool task_window(const tm_plan_task *pt, const tm_calendar *cal, tm_date *last, double *per_day)
{
	if (pt->milestone)
		return false;
	*last = pt->lf > pt->ef ? pt->lf : pt->ef;
	int window = tm_cal_workdays_between(cal, pt->es, *last) + 1;
	*per_day = (double)pt->effort_days / (window > 0 ? window : 1);
	return true;
}

/*
 * Calls book(week, days, arg) for each week from the one of `from` that the task's window
 * [es, last] meets, with the effort that falls in it: per_day times its working days, counted
 * a week at a time (tm_cal_workdays_between counts, it does not walk).
 */
static void book_weeks(const tm_plan_task *pt, tm_date last, double per_day, const tm_calendar *cal, tm_date from,
		       tm_date to, void (*book)(size_t week, double days, void *arg), void *arg)
{
	tm_date a = pt->es > from ? pt->es : from, b = last < to ? last : to;
	for (tm_date monday = from + (a - from) / 7 * 7; monday <= b; monday += 7) {
		tm_date s = monday > a ? monday : a, e = monday + 6 < b ? monday + 6 : b;
		int n = tm_cal_workdays_between(cal, s - 1, e);
		if (n > 0)
			book((size_t)((monday - from) / 7), per_day * n, arg);
	}
}

struct grid_row {
	double *row;
};

static void book_grid(size_t week, double days, void *arg)
{
	((struct grid_row *)arg)->row[week] += days;
}

/* Over capacity, as people see it: tenths are what they read. */
static bool over_capacity(double days, int capacity)
{
	return days > capacity + 0.05;
}

/* The index in people of the person with this id, people->n when none. */
static size_t person_index(const tm_people *people, int64_t id)
{
	size_t k = 0;
	while (k < people->n && people->v[k].id != id)
		k++;
	return k;
}

/*
 * Books each open task's effort on its owner (task_window) into a dense
 * people × ISO-week grid starting at this week: no per-day records to sort,
 * so the whole portfolio books in a few milliseconds.
 */
static void book_load(tm_portfolio_plan *pp, const tm_people *people, const tm_calendar *cal, tm_date today)
{
	tm_date base = today - (tm_date_weekday(today) - 1); /* this week's Monday */
	tm_date end = base;
	for (size_t l = 0; l < pp->launches.n; l++)
		for (size_t i = 0; i < pp->launches.v[l].plan.n; i++) {
			const tm_plan_task *pt = &pp->launches.v[l].plan.tasks[i];
			tm_date last = pt->lf > pt->ef ? pt->lf : pt->ef;
			if (last > end)
				end = last;
		}
	/* NOLINTNEXTLINE(bugprone-misplaced-widening-cast): end >= base, a few hundred days */
	size_t weeks = (size_t)((end - base) / 7 + 1), np = people->n;
	if (!np)
		return;
	double *grid = tm_xcalloc(np * weeks, sizeof(double));
	for (size_t l = 0; l < pp->launches.n; l++) {
		const tm_launch_plan *lp = &pp->launches.v[l];
		for (size_t i = 0; i < lp->plan.n; i++) {
			const tm_plan_task *pt = &lp->plan.tasks[i];
			size_t who = person_index(people, lp->tasks.v[i].owner_id);
			tm_date last;
			double per_day;
			if (who == np || !task_window(pt, cal, &last, &per_day))
				continue;
			struct grid_row r = { grid + who * weeks };
			book_weeks(pt, last, per_day, cal, base, end, book_grid, &r);
		}
	}
	for (size_t k = 0; k < np; k++)
		for (size_t w = 0; w < weeks; w++) {
			double days = grid[k * weeks + w];
			if (days < 0.05)
				continue;
			tm_load *ld = TM_VEC_PUSH(&pp->load);
			ld->person_id = people->v[k].id;
			snprintf(ld->person, sizeof(ld->person), "%s", people->v[k].name);
			tm_date_iso_week(base + (tm_date)(7 * w), &ld->year, &ld->week);
			ld->days = days;
			ld->capacity = people->v[k].capacity;
			ld->over = over_capacity(days, ld->capacity);
			pp->overloaded += ld->over;
		}
	free(grid);
}

static int cmp_dep_task(const void *a, const void *b)
{
	int64_t x = ((const tm_dep *)a)->task, y = ((const tm_dep *)b)->task;
	return x < y ? -1 : x > y;
}

int tm_app_plan_all(tm_app *app, tm_portfolio_plan *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_tasks tasks = TM_VEC_INIT;
	tm_deps deps = TM_VEC_INIT, mine = TM_VEC_INIT;
	tm_launches launches = TM_VEC_INIT;
	tm_people people = TM_VEC_INIT;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	const tm_calendar *cal;
	int rc;
	memset(out, 0, sizeof(*out));
	f.status = TM_LAUNCH_PLANNED;
	if ((rc = tm_app_calendar_load(app, &cal, err)) || (rc = st->ops->launches->list(st, &f, &launches, err)) ||
	    (rc = st->ops->tasks->list_open(st, &tasks, err)) || (rc = st->ops->tasks->dep_list_open(st, &deps, err)) ||
	    (rc = st->ops->people->list(st, &people, err)))
		goto out;
	/* Dependencies sorted by task id; tasks come grouped by launch. */
	if (deps.n) /* qsort must not see the NULL of an empty vector */
		qsort(deps.v, deps.n, sizeof(tm_dep), cmp_dep_task);
	for (size_t li = 0; li < launches.n && !rc; li++) {
		const tm_launch *l = &launches.v[li];
		/* tasks are ordered by launch id, launches by date: find this launch's run. */
		size_t a = 0, b;
		{
			size_t lo = 0, hi = tasks.n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (tasks.v[mid].launch_id < l->id)
					lo = mid + 1;
				else
					hi = mid;
			}
			a = lo;
		}
		for (b = a; b < tasks.n && tasks.v[b].launch_id == l->id; b++)
			;
		if (a == b)
			continue;
		mine.n = 0;
		for (size_t i = a; i < b; i++) {
			/* the deps of task i: binary search the sorted list */
			size_t lo = 0, hi = deps.n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (deps.v[mid].task < tasks.v[i].id)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < deps.n && deps.v[lo].task == tasks.v[i].id; lo++)
				*TM_VEC_PUSH(&mine) = deps.v[lo];
		}
		tm_launch_plan *lp = TM_VEC_PUSH(&out->launches);
		lp->launch = *l;
		for (size_t i = a; i < b; i++) {
			tm_task *t = TM_VEC_PUSH(&lp->tasks);
			*t = tasks.v[i];
			t->depends_on = NULL; /* the plan has the dependencies; tasks keeps its lists */
			t->n_depends_on = 0;
		}
		rc = plan_tasks(app, l, lp->tasks.v, lp->tasks.n, mine.v, mine.n, &lp->plan, err);
		if (!rc)
			waiting_notes(lp);
	}
	if (rc)
		goto out;
	book_load(out, &people, cal, app->today);
out:
	tm_tasks_free(&tasks);
	TM_VEC_FREE(&deps);
	TM_VEC_FREE(&mine);
	TM_VEC_FREE(&launches);
	TM_VEC_FREE(&people);
	if (rc)
		tm_portfolio_plan_release(out);
	return rc;
}

void tm_load_report_release(tm_load_report *r)
{
	tm_portfolio_plan_release(&r->plan);
	TM_VEC_FREE(&r->people);
	TM_VEC_FREE(&r->cells);
	TM_VEC_FREE(&r->tasks);
}

/* The tasks of the cells are gathered as (cell, task) pairs first, then sorted by cell, largest share first. */
static int cmp_load_task(const void *a, const void *b)
{
	const tm_load_task *x = a, *y = b;
	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	return (x->task_id > y->task_id) - (x->task_id < y->task_id);
}

#define LOAD_MAX_WEEKS 53

/* A task's share of one of its owner's weeks, into the report (book_weeks' callback). */
struct share {
	tm_load_report *r;
	size_t row;                  /* the owner's first cell */
	size_t launch, index;
	int64_t task_id;
};

static void book_share(size_t week, double days, void *arg)
{
	struct share *sh = arg;
	tm_load_task *t = TM_VEC_PUSH(&sh->r->tasks);
	*t = (tm_load_task){ .cell = sh->row + week, .launch = sh->launch, .index = sh->index, .task_id = sh->task_id,
			     .days = days };
	sh->r->cells.v[t->cell].days += days;
}

int tm_app_load(tm_app *app, const char *from, const char *to, tm_load_report *out, tm_error *err)
{
	const tm_calendar *cal;
	tm_date first = app->today, last;
	int rc;
	memset(out, 0, sizeof(*out));
	if (from && (rc = tm_date_parse(from, &first, err)))
		return tm_with_field(err, "from", rc);
	last = first + 7 * 11; /* a quarter: this week and the eleven after it */
	if (to && (rc = tm_date_parse(to, &last, err)))
		return tm_with_field(err, "to", rc);
	if (last < first)
		return tm_fail_field(err, TM_EINVAL, "to", "to %s is before from %s", to, from ? from : "(today)");
	out->from = first - (tm_date_weekday(first) - 1);  /* Monday of the first week */
	out->to = last + (7 - tm_date_weekday(last));      /* Sunday of the last */
	out->n_weeks = (int)((out->to - out->from + 1) / 7);
	if (out->n_weeks > LOAD_MAX_WEEKS)
		return tm_fail_field(err, TM_EINVAL, "to", "at most %d weeks at once: from %s to %s spans %d", LOAD_MAX_WEEKS,
				     from ? from : "(today)", to ? to : "(a quarter on)", out->n_weeks);
	tm_people people = TM_VEC_INIT;
	if ((rc = tm_app_calendar_load(app, &cal, err)) || (rc = tm_app_plan_all(app, &out->plan, err)) ||
	    (rc = app->st->ops->people->list(app->st, &people, err)))
		goto out;
	size_t np = people.n, nw = (size_t)out->n_weeks;
	for (size_t k = 0; k < np; k++)
		*TM_VEC_PUSH(&out->people) = people.v[k];
	for (size_t k = 0; k < np * nw; k++) {
		tm_load_cell *c = TM_VEC_PUSH(&out->cells);
		c->monday = out->from + (tm_date)(7 * (k % nw));
		tm_date_iso_week(c->monday, &c->year, &c->week);
		c->capacity = people.v[k / nw].capacity;
	}
	/* Each task's share of each week of the range, booked as plan --all books it. */
	for (size_t l = 0; l < out->plan.launches.n; l++) {
		const tm_launch_plan *lp = &out->plan.launches.v[l];
		for (size_t i = 0; i < lp->plan.n; i++) {
			const tm_plan_task *pt = &lp->plan.tasks[i];
			size_t who = person_index(&people, lp->tasks.v[i].owner_id);
			tm_date end;
			double per_day;
			if (who == np || !task_window(pt, cal, &end, &per_day) || end < out->from || pt->es > out->to)
				continue;
			struct share sh = { out, who * nw, l, i, pt->id };
			book_weeks(pt, end, per_day, cal, out->from, out->to, book_share, &sh);
		}
	}
	if (out->tasks.n)
		qsort(out->tasks.v, out->tasks.n, sizeof(tm_load_task), cmp_load_task);
	for (size_t t = 0; t < out->tasks.n; t++) {
		tm_load_cell *c = &out->cells.v[out->tasks.v[t].cell];
		if (!c->n_tasks)
			c->first_task = t;
		c->n_tasks++;
	}
	for (size_t k = 0; k < out->cells.n; k++) {
		tm_load_cell *c = &out->cells.v[k];
		c->over = over_capacity(c->days, c->capacity);
		out->overloaded += c->over;
	}
out:
	TM_VEC_FREE(&people);
	if (rc)
		tm_load_report_release(out);
	return rc;
}
