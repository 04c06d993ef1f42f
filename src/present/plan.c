/* plan.c - plans as JSON, tables, a text Gantt and explanations; see plan.h. */
#include "present/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/json_app.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static const char *const wd[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* "Tue 2026-11-24" in one of a few rotating buffers. */
static const char *day(tm_date d)
{
	static char buf[6][24];
	static int k;
	char iso[TM_DATE_STRLEN];
	char *b = buf[k++ % 6];
	snprintf(b, 24, "%s %s", wd[tm_date_weekday(d)], tm_date_format(d, iso));
	return b;
}

/* Marks in waits[] the tasks of the plan that wait, directly or through others, for a product milestone
 * engineering has not dated yet. */
static void waits_on_unknown(const tm_launch_plan *p, bool *waits)
{
	const tm_plan *pl = &p->plan;
	size_t *queue = NULL, head = 0, tail = 0;
	for (size_t m = 0; m < pl->n; m++) {
		if (!p->tasks.v[m].product || p->tasks.v[m].has_due)
			continue;
		if (!queue)
			queue = tm_xcalloc(pl->n, sizeof(*queue));
		head = tail = 0;
		queue[tail++] = m;
		while (head < tail) {
			size_t k = queue[head++];
			const tm_task *t = &p->tasks.v[k];
			/* Launch day waits for it too; the work after launch day waits for launch day (app/plan.c). */
			if (k != m && t->milestone && t->has_offset && t->offset.amount == 0)
				continue;
			for (int s = pl->succ_start[k]; s < pl->succ_start[k + 1]; s++) {
				size_t j = (size_t)pl->succ[s];
				if (!waits[j] && j != m) {
					waits[j] = true;
					queue[tail++] = j;
				}
			}
		}
	}
	free(queue);
}

json_t *tm_json_plan(const tm_launch_plan *p)
{
	json_t *path = json_array(), *tasks = json_array();
	bool *waits = tm_xcalloc(p->plan.n ? p->plan.n : 1, sizeof(*waits));
	waits_on_unknown(p, waits);
	for (size_t i = 0; i < p->plan.n_critical_path; i++)
		json_array_append_new(path, json_integer(p->plan.tasks[p->plan.critical_path[i]].id));
	for (size_t i = 0; i < p->plan.n; i++) {
		const tm_plan_task *pt = &p->plan.tasks[i];
		json_t *t = json_pack("{s:I, s:s, s:i, s:b, s:o, s:o, s:o, s:o, s:i, s:b}", "id", (json_int_t)pt->id, "title",
				      p->tasks.v[i].title, "effort_days", pt->effort_days, "milestone", pt->milestone,
				      "earliest_start", tm_json_date(pt->es), "earliest_finish", tm_json_date(pt->ef),
				      "latest_start", tm_json_date(pt->ls), "latest_finish", tm_json_date(pt->lf), "slack_days",
				      pt->slack, "critical", pt->critical);
		if (p->tasks.v[i].status == TM_TASK_AWAITING_APPROVAL)
			json_object_set_new(t, "awaiting_approval", json_true());
		if (p->tasks.v[i].product)
			json_object_set_new(t, "product", json_true());
		if (waits[i])
			json_object_set_new(t, "waits_on_unknown", json_true());
		json_array_append_new(tasks, t);
	}
	free(waits);
	return json_pack("{s:s, s:o, s:o, s:b, s:i, s:i, s:o, s:o, s:o}", "launch", p->launch.slug, "date",
			 tm_json_date(p->launch.date), "today", tm_json_date(p->plan.today), "feasible", p->plan.feasible,
			 "min_slack_days", p->plan.n ? p->plan.min_slack : 0, "closed_tasks", p->closed, "critical_path", path,
			 "tasks", tasks, "notes", tm_json_notes(&p->notes));
}

/* The Gantt: one column per working day (or per week when the plan is long). */
static void gantt(const tm_launch_plan *p, const tm_calendar *cal, tm_buf *out, bool color)
{
	const tm_plan *pl = &p->plan;
	tm_date first = pl->today, last = p->launch.date;
	/* From the earliest latest-start (or today) to the later of T and the last earliest finish:
	 * post-launch work due months out would otherwise squeeze the weeks that matter. */
	for (size_t i = 0; i < pl->n; i++) {
		if (pl->tasks[i].ef > last)
			last = pl->tasks[i].ef;
		if (pl->tasks[i].ls < first)
			first = pl->tasks[i].ls;
	}
	first = tm_cal_workday_on_or_after(cal, first);
	int days = tm_cal_workdays_between(cal, first, last) + 1;
	int per = days > 80 ? 5 : 1; /* working days per column */
	int cols = (days + per - 1) / per;
	int label = 0;
	for (size_t i = 0; i < pl->n; i++) {
		int w = tm_utf8_width(p->tasks.v[i].title) + 8;
		if (w > label)
			label = w;
	}
	if (label > 44)
		label = 44;
	/* Header: the date of each week's first column. */
	tm_buf_printf(out, "\n%sGantt%s (%s; # critical work, = work, . slack, ◆ milestone, ! latest finish passed)\n",
		      color ? "\033[1m" : "", color ? "\033[0m" : "", per == 1 ? "one column per working day" : "one column per week");
	tm_buf head = TM_BUF_INIT;
	for (int k = 0; k < label; k++)
		tm_buf_addc(&head, ' ');
	/* Marks like "|11-23" over the first column of each week (or every sixth column). */
	tm_date col = first;
	for (int c = 0; c < cols;) {
		bool mark = per == 5 ? c % 6 == 0 : (c == 0 || tm_date_weekday(col) == 1);
		int n = 1;
		if (mark && c + 6 <= cols) {
			char iso[TM_DATE_STRLEN];
			tm_buf_printf(&head, "|%s", tm_date_format(col, iso) + 5);
			n = 6;
		} else {
			tm_buf_addc(&head, ' ');
		}
		c += n;
		col = tm_cal_add_workdays(cal, col, n * per);
	}
	tm_buf_adds(out, head.s);
	tm_buf_addc(out, '\n');
	tm_buf_release(&head);
	for (size_t i = 0; i < pl->n; i++) {
		const tm_plan_task *pt = &pl->tasks[i];
		char lab[TM_TITLE_MAX + 32];
		snprintf(lab, sizeof(lab), "#%lld %s", (long long)pt->id, p->tasks.v[i].title);
		int w = tm_utf8_width(lab);
		if (w > label - 1) {
			/* cut on a character boundary */
			int n = 0, cut = 0;
			for (const unsigned char *s = (const unsigned char *)lab; *s; s++)
				if ((*s & 0xC0) != 0x80 && ++n == label - 2)
					cut = (int)((const char *)s - lab);
			lab[cut] = '\0';
			tm_buf_adds(out, lab);
			tm_buf_adds(out, "…");
			w = label - 1;
		} else {
			tm_buf_adds(out, lab);
		}
		for (; w < label; w++)
			tm_buf_addc(out, ' ');
		if (color && pt->critical)
			tm_buf_adds(out, "\033[31m");
		col = first;
		for (int k = 0; k < cols; k++) {
			tm_date col_end = tm_cal_add_workdays(cal, col, per - 1);
			const char *ch = " ";
			bool work = pt->es <= col_end && pt->ef >= col;
			bool slack = !work && pt->ef < col && pt->lf >= col;
			if (pt->milestone && pt->es >= col && pt->es <= col_end)
				ch = "◆";
			else if (work && !pt->milestone)
				ch = pt->critical ? "#" : "=";
			else if (slack)
				ch = ".";
			if (pt->slack < 0 && pt->lf >= col && pt->lf <= col_end && !work)
				ch = "!";
			tm_buf_adds(out, ch);
			col = tm_cal_add_workdays(cal, col_end, 1);
		}
		if (color && pt->critical)
			tm_buf_adds(out, "\033[0m");
		tm_buf_addc(out, '\n');
	}
}

void tm_text_plan(const tm_launch_plan *p, const tm_calendar *cal, tm_buf *out, bool color)
{
	const tm_plan *pl = &p->plan;
	tm_buf_printf(out, "Plan of %s (%s): launch day %s, today %s\n", p->launch.name, p->launch.slug, day(p->launch.date),
		      day(pl->today));
	if (!pl->n) {
		tm_buf_printf(out, "nothing left to plan: %s %d %s done or skipped\n", p->closed == 1 ? "its" : "all",
			      p->closed, p->closed == 1 ? "task is" : "tasks are");
		return;
	}
	if (pl->feasible)
		tm_buf_printf(out, "feasible: yes, the least slack is %d working day%s\n", pl->min_slack,
			      pl->min_slack == 1 ? "" : "s");
	else {
		int late = 0;
		for (size_t i = 0; i < pl->n; i++)
			late += pl->tasks[i].slack < 0;
		tm_buf_printf(out, "feasible: NO, %d task%s cannot make %s dates (up to %d working day%s late)\n", late,
			      late == 1 ? "" : "s", late == 1 ? "its" : "their", -pl->min_slack, pl->min_slack == -1 ? "" : "s");
	}
	tm_buf_adds(out, "critical path: ");
	for (size_t i = 0; i < pl->n_critical_path; i++)
		tm_buf_printf(out, "%s#%lld %s", i ? " → " : "", (long long)pl->tasks[pl->critical_path[i]].id,
			      p->tasks.v[pl->critical_path[i]].title);
	tm_buf_adds(out, "\n\n");
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "TASK", ">DAYS", "EARLIEST", "LATEST", ">SLACK", "", NULL });
	for (size_t i = 0; i < pl->n; i++) {
		const tm_plan_task *pt = &pl->tasks[i];
		char id[24], days[12], early[40], late[40], slack[12];
		char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
		snprintf(id, sizeof(id), "%lld", (long long)pt->id);
		snprintf(days, sizeof(days), "%d", pt->effort_days);
		if (pt->milestone) {
			snprintf(early, sizeof(early), "%s", tm_date_format(pt->es, a));
			snprintf(late, sizeof(late), "%s", tm_date_format(pt->lf, b));
		} else {
			snprintf(early, sizeof(early), "%s → %s", tm_date_format(pt->es, a), tm_date_format(pt->ef, b) + 5);
			snprintf(late, sizeof(late), "%s → %s", tm_date_format(pt->ls, a), tm_date_format(pt->lf, b) + 5);
		}
		snprintf(slack, sizeof(slack), "%d", pt->slack);
		char title[TM_TITLE_MAX + 8];
		snprintf(title, sizeof(title), "%s%s", pt->milestone ? "◆ " : "", p->tasks.v[i].title);
		/* Why a task that is not critical may show little slack: its start is held back on purpose. */
		const tm_task *tk = &p->tasks.v[i];
		const char *note = pt->slack < 0 ? "LATE" : pt->critical ? "critical" : pt->es_reason == TM_ES_LAUNCH_DAY ? "from launch day"
				   : tk->status == TM_TASK_AWAITING_APPROVAL ? "awaiting approval"
				   : tk->product && !tk->has_due ? "no date yet"
				   : tk->product ? "engineering's date"
				   : pt->es_reason == TM_ES_NOT_BEFORE ? "not before" : "";
		tm_table_row(&t, (const char *const[]){ id, title, pt->milestone ? "-" : days, early, late, slack, note });
	}
	tm_table_render(&t, out, color);
	tm_table_release(&t);
	if (p->notes.n)
		tm_buf_addc(out, '\n');
	for (size_t i = 0; i < p->notes.n; i++)
		tm_buf_printf(out, "note: %s\n", p->notes.v[i].text);
	gantt(p, cal, out, color);
}

/* "#41 Messaging approved" */
static void name(tm_buf *out, const tm_launch_plan *p, int i)
{
	tm_buf_printf(out, "#%lld %s", (long long)p->plan.tasks[i].id, p->tasks.v[i].title);
}

void tm_text_explain(const tm_launch_plan *p, int idx, tm_buf *out)
{
	const tm_plan *pl = &p->plan;
	const tm_plan_task *t = &pl->tasks[idx];
	char off[TM_OFFSET_STRLEN];
	name(out, p, idx);
	if (t->milestone)
		tm_buf_printf(out, " (milestone) can happen on %s at the earliest", day(t->es));
	else
		tm_buf_printf(out, " (%d working day%s) can start on %s at the earliest and finish on %s", t->effort_days,
			      t->effort_days == 1 ? "" : "s", day(t->es), day(t->ef));
	if (t->es_reason >= 0) {
		tm_buf_adds(out, ", because it waits for ");
		name(out, p, t->es_reason);
		tm_buf_printf(out, " (earliest finish %s)", day(pl->tasks[t->es_reason].ef));
	} else if (t->es_reason == TM_ES_NOT_BEFORE) {
		const tm_task *tk = &p->tasks.v[idx];
		char off[TM_OFFSET_STRLEN];
		tm_buf_printf(out, ", because its not-before date is %s%s%s%s", day(t->not_before), tk->has_nb_offset ? " (" : "",
			      tk->has_nb_offset ? tm_offset_format(&tk->nb_offset, off) : "", tk->has_nb_offset ? ")" : "");
		if (t->es > t->not_before)
			tm_buf_printf(out, " and %s is the first working day from then", day(t->es));
	} else if (t->es_reason == TM_ES_LAUNCH_DAY) {
		const tm_task *tk = &p->tasks.v[idx];
		if (tk->milestone && tk->has_offset && tk->offset.amount == 0) /* the launch itself */
			tm_buf_adds(out, ", because it sits on launch day");
		else
			tm_buf_adds(out, ", because work due on or after launch day cannot start before it");
		if (pl->launch_day != pl->t)
			tm_buf_printf(out, " (%s, counted as %s, the working day before)", day(pl->t), day(pl->launch_day));
	} else {
		tm_buf_adds(out, " (nothing it waits for is open)");
	}
	tm_buf_adds(out, ".\n\n");
	tm_buf_printf(out, "It must %s by %s:\n", t->milestone ? "happen" : "finish", day(t->lf));
	/* The chain of successors that fixes the latest finish, down to a deadline. */
	int cur = idx;
	for (int guard = 0; guard < (int)pl->n + 1; guard++) {
		const tm_plan_task *c = &pl->tasks[cur];
		const tm_task *ct = &p->tasks.v[cur];
		tm_buf_adds(out, "  ");
		name(out, p, cur);
		if (c->lf_reason == TM_LF_OWN_DUE) {
			tm_buf_printf(out, " is due %s%s%s%s — its own deadline\n", day(ct->due), ct->has_offset ? " (" : "",
				      ct->has_offset ? tm_offset_format(&ct->offset, off) : "", ct->has_offset ? ")" : "");
			break;
		}
		if (c->lf_reason == TM_LF_LAUNCH_DAY) {
			tm_buf_printf(out, " has no due date, so it must be done by launch day %s\n", day(p->launch.date));
			break;
		}
		int s = c->lf_reason;
		tm_buf_printf(out, " must %s by %s, because ", c->milestone ? "happen" : "finish", day(c->lf));
		name(out, p, s);
		tm_buf_printf(out, " waits for it and must %s by %s\n", pl->tasks[s].milestone ? "happen" : "start",
			      day(pl->tasks[s].ls));
		cur = s;
	}
	tm_buf_adds(out, "\n");
	if (t->slack > 0)
		tm_buf_printf(out, "So it may start as late as %s: %d working day%s of slack.", day(t->ls), t->slack,
			      t->slack == 1 ? "" : "s");
	else if (t->slack == 0 && t->after_launch && !t->critical)
		tm_buf_printf(out, "So it must start on %s, its earliest start: no slack at all.", day(t->ls));
	else if (t->slack == 0)
		tm_buf_printf(out, "So it must start on %s, its earliest start: no slack at all, a day late here is a day late at the end of the chain.",
			      day(t->ls));
	else
		tm_buf_printf(out, "It should have started by %s: even started as early as possible it is %d working day%s late.",
			      day(t->ls), -t->slack, t->slack == -1 ? "" : "s");
	if (t->critical)
		tm_buf_printf(out, " It is critical: no open task in the launch has less slack (%d).\n", pl->min_slack);
	else if (t->after_launch)
		tm_buf_printf(out, " It is not critical: it cannot start before launch day whatever happens first, and the critical tasks, "
			      "the work leading up to launch day, have %d working day%s of slack.\n", pl->min_slack,
			      pl->min_slack == 1 || pl->min_slack == -1 ? "" : "s");
	else
		tm_buf_printf(out, " It is not critical: the critical tasks have %d working day%s of slack.\n", pl->min_slack,
			      pl->min_slack == 1 || pl->min_slack == -1 ? "" : "s");
}

json_t *tm_json_explain(const tm_launch_plan *p, int idx)
{
	const tm_plan *pl = &p->plan;
	const tm_plan_task *t = &pl->tasks[idx];
	json_t *chain = json_array();
	int cur = idx;
	for (int guard = 0; guard < (int)pl->n + 1; guard++) {
		const tm_plan_task *c = &pl->tasks[cur];
		const char *why = c->lf_reason == TM_LF_OWN_DUE ? "due" : c->lf_reason == TM_LF_LAUNCH_DAY ? "launch-day" : "successor";
		json_array_append_new(chain, json_pack("{s:I, s:s, s:o, s:o, s:s}", "id", (json_int_t)c->id, "title",
						       p->tasks.v[cur].title, "latest_start", tm_json_date(c->ls), "latest_finish",
						       tm_json_date(c->lf), "fixed_by", why));
		if (c->lf_reason < 0)
			break;
		cur = c->lf_reason;
	}
	tm_buf text = TM_BUF_INIT;
	tm_text_explain(p, idx, &text);
	const char *es_by = t->es_reason >= 0 ? "predecessor" : t->es_reason == TM_ES_NOT_BEFORE ? "not-before"
			    : t->es_reason == TM_ES_LAUNCH_DAY ? "launch-day" : "today";
	json_t *j = json_pack("{s:s, s:I, s:s, s:b, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:s}", "launch", p->launch.slug, "task",
			      (json_int_t)t->id, "title", p->tasks.v[idx].title, "critical", t->critical, "slack_days",
			      t->slack, "min_slack_days", pl->min_slack, "earliest_start", tm_json_date(t->es), "earliest_finish",
			      tm_json_date(t->ef), "latest_start", tm_json_date(t->ls), "latest_finish", tm_json_date(t->lf), "chain", chain,
			      "explanation", text.s);
	/* What fixed the earliest start: today, a predecessor (its id), the task's not-before date, or launch day. */
	json_object_set_new(j, "earliest_start_fixed_by", json_string(es_by));
	json_object_set_new(j, "earliest_start_after",
			    t->es_reason >= 0 ? json_integer(pl->tasks[t->es_reason].id) : json_null());
	json_object_set_new(j, "not_before",
			    p->tasks.v[idx].has_not_before ? tm_json_date(p->tasks.v[idx].not_before) : json_null());
	tm_buf_release(&text);
	return j;
}

json_t *tm_json_comparison(const tm_comparison *c)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < c->rows.n; i++) {
		const tm_variance *v = &c->rows.v[i];
		bool both = v->in_baseline && v->in_plan;
		json_t *row = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)v->task_id, "title",
					v->title, "baseline_finish", v->in_baseline ? tm_json_date(v->base_ef) : json_null(),
					"current_finish", v->in_plan ? tm_json_date(v->cur_ef) : json_null(), "baseline_due",
					v->base_has_due ? tm_json_date(v->base_due) : json_null(), "current_due",
					v->cur_has_due ? tm_json_date(v->cur_due) : json_null(), "variance_days",
					both ? json_integer(v->variance) : json_null(), "moved_launch", v->moved_launch);
		json_object_set_new(row, "due_variance_days",
				    both && v->base_has_due && v->cur_has_due ? json_integer(v->due_variance) : json_null());
		json_object_set_new(row, "baseline_latest_finish", v->in_baseline ? tm_json_date(v->base_lf) : json_null());
		json_object_set_new(row, "current_latest_finish", v->in_plan ? tm_json_date(v->cur_lf) : json_null());
		json_object_set_new(row, "latest_finish_variance_days", both ? json_integer(v->lf_variance) : json_null());
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:b, s:o}", "launch", c->current.launch.slug, "baseline",
			 c->baseline.name, "baseline_date", tm_json_date(c->baseline.launch_date), "date",
			 tm_json_date(c->current.launch.date), "launch_variance_days", c->launch_variance, "due_dates_moved",
			 c->due_moved, "latest_finishes_moved", c->lf_moved, "feasible", c->current.plan.feasible, "tasks", rows);
}

/* "2027-03-16", "2027-03-16 → 03-30", "2026-12-30 → 2027-01-13": a date then and now. */
static void span(char *buf, size_t n, bool has_a, tm_date a, bool has_b, tm_date b)
{
	char x[TM_DATE_STRLEN], y[TM_DATE_STRLEN];
	if (has_a && has_b && a != b) {
		tm_date_format(a, x);
		tm_date_format(b, y);
		snprintf(buf, n, "%s → %s", x, strncmp(x, y, 4) ? y : y + 5);
	} else if (has_a || has_b) {
		snprintf(buf, n, "%s", tm_date_format(has_a ? a : b, x));
	} else {
		buf[0] = '\0';
	}
}

void tm_text_comparison(const tm_comparison *c, tm_buf *out, bool color)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	tm_buf_printf(out, "%s against baseline '%s' (saved %s): launch day %s then, %s now (%+d working day%s)\n",
		      c->current.launch.slug, c->baseline.name, c->baseline.at, tm_date_format(c->baseline.launch_date, a),
		      tm_date_format(c->current.launch.date, b), c->launch_variance,
		      c->launch_variance == 1 || c->launch_variance == -1 ? "" : "s");
	tm_buf_printf(out, "%d due date%s and %d latest finish%s moved; ± counts working days: DUE and LATEST FINISH are the\n"
		      "deadlines (latest finish: what the due date and the tasks waiting allow), FINISH the forecast\n"
		      "(earliest finish from today)\n\n",
		      c->due_moved, c->due_moved == 1 ? "" : "s", c->lf_moved, c->lf_moved == 1 ? "" : "es");
	tm_table t;
	tm_table_init(&t, (const char *const[]){ ">ID", "TASK", "DUE", ">±DUE", "LATEST FINISH", ">±LATEST", "FINISH",
						 ">±FINISH", "", NULL });
	int moved = 0;
	for (size_t i = 0; i < c->rows.n; i++) {
		const tm_variance *v = &c->rows.v[i];
		bool both = v->in_baseline && v->in_plan;
		char id[24], due[40], lf[40], ef[40], dv[16] = "", lv[16] = "", fv[16] = "";
		snprintf(id, sizeof(id), "%lld", (long long)v->task_id);
		span(due, sizeof(due), v->base_has_due, v->base_due, v->cur_has_due, v->cur_due);
		span(lf, sizeof(lf), v->in_baseline, v->base_lf, v->in_plan, v->cur_lf);
		span(ef, sizeof(ef), v->in_baseline, v->base_ef, v->in_plan, v->cur_ef);
		if (both && v->base_has_due && v->cur_has_due)
			snprintf(dv, sizeof(dv), "%+d", v->due_variance);
		if (both) {
			snprintf(lv, sizeof(lv), "%+d", v->lf_variance);
			snprintf(fv, sizeof(fv), "%+d", v->variance);
		}
		const char *note = v->moved_launch ? "moved the launch" : !v->in_plan ? "closed since" : !v->in_baseline ? "new" : "";
		moved += v->moved_launch;
		tm_table_row(&t, (const char *const[]){ id, v->title, due, dv, lf, lv, ef, fv, note });
	}
	tm_table_render(&t, out, color);
	tm_table_release(&t);
	if (moved)
		tm_buf_printf(out, "\n%d slip%s on the critical path moved the launch\n", moved, moved == 1 ? "" : "s");
}

json_t *tm_json_baselines(const tm_baselines *bs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < bs->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:s}", "name", bs->v[i].name, "date",
						     tm_json_date(bs->v[i].launch_date), "today", tm_json_date(bs->v[i].today),
						     "saved_at", bs->v[i].at));
	return arr;
}

/* Working days in tenths, as plan --all prints them. */
static double tenths(double days)
{
	return (double)(int)(days * 10 + 0.5) / 10;
}

json_t *tm_json_load(const tm_load_report *r, tm_date today, size_t max_tasks)
{
	json_t *weeks = json_array(), *people = json_array();
	char name[16];
	for (int w = 0; w < r->n_weeks; w++) {
		const tm_load_cell *c = &r->cells.v[w];
		snprintf(name, sizeof(name), "%04d-W%02d", c->year, c->week);
		json_array_append_new(weeks, json_pack("{s:s, s:o}", "week", name, "start",
						       tm_json_date(r->from + (tm_date)(7 * w))));
	}
	for (size_t k = 0; k < r->people.n; k++) {
		const tm_person *p = &r->people.v[k];
		json_t *cells = json_array();
		for (int w = 0; w < r->n_weeks; w++) {
			const tm_load_cell *c = &r->cells.v[k * (size_t)r->n_weeks + (size_t)w];
			json_t *tasks = json_array();
			for (size_t t = 0; t < c->n_tasks && t < max_tasks; t++) {
				const tm_load_task *lt = &r->tasks.v[c->first_task + t];
				const tm_launch_plan *lp = &r->plan.launches.v[lt->launch];
				json_array_append_new(tasks, json_pack("{s:I, s:s, s:s, s:s, s:f}", "id", (json_int_t)lt->task_id,
								       "title", lp->tasks.v[lt->index].title, "launch",
								       lp->launch.slug, "launch_name", lp->launch.name, "days",
								       tenths(lt->days)));
			}
			snprintf(name, sizeof(name), "%04d-W%02d", c->year, c->week);
			json_array_append_new(cells, json_pack("{s:s, s:f, s:i, s:b, s:I, s:o}", "week", name, "days",
							       tenths(c->days), "capacity", c->capacity, "over", c->over,
							       "task_count", (json_int_t)c->n_tasks, "tasks", tasks));
		}
		json_array_append_new(people, json_pack("{s:I, s:s, s:s, s:i, s:o}", "id", (json_int_t)p->id, "name", p->name,
							"role", tm_role_name(p->role), "capacity", p->capacity, "weeks", cells));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:i}", "from", tm_json_date(r->from), "to", tm_json_date(r->to), "today",
			 tm_json_date(today), "weeks", weeks, "people", people, "overloaded_weeks", r->overloaded);
}
