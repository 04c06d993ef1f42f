/* plan.c - forward and backward passes of the critical path method; see plan.h. */
#include "core/plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#include "util/banned.h"

/* Sorted (id, index) pairs, to map dependency ids to input indices. */
typedef struct id_index {
	int64_t id;
	int index;
} id_index;

static int cmp_id(const void *a, const void *b)
{
	int64_t x = ((const id_index *)a)->id, y = ((const id_index *)b)->id;
	return x < y ? -1 : x > y;
}

static int lookup(const id_index *map, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (map[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && map[lo].id == id ? map[lo].index : -1;
}

/* Builds CSR adjacency (start[n+1], list) from (from, to) pairs. */
static void build_adjacency(size_t n, const int *from, const int *to, size_t m, int **start_out, int **list_out)
{
	int *start = tm_xcalloc(n + 1, sizeof(int));
	int *list = tm_xmalloc((m ? m : 1) * sizeof(int));
	for (size_t e = 0; e < m; e++)
		start[from[e] + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	int *fill = tm_xmalloc((n ? n : 1) * sizeof(int));
	memcpy(fill, start, n * sizeof(int));
	for (size_t e = 0; e < m; e++)
		list[fill[from[e]]++] = to[e];
	free(fill);
	*start_out = start;
	*list_out = list;
}

int tm_plan_find(const tm_plan *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->tasks[i].id == id)
			return (int)i;
	return -1;
}

int tm_plan_compute(const tm_plan_input *in, size_t n, const tm_dep *deps, size_t n_deps, tm_date t, tm_date today,
		    const tm_calendar *cal, tm_plan *out, tm_error *err)
{
	int rc = 0;
	memset(out, 0, sizeof(*out));
	out->t = t;
	out->today = today;
	out->n = n;
	out->tasks = tm_xcalloc(n ? n : 1, sizeof(tm_plan_task));
	out->feasible = true;

	id_index *map = tm_xmalloc((n ? n : 1) * sizeof(*map));
	for (size_t i = 0; i < n; i++)
		map[i] = (id_index){ in[i].id, (int)i };
	qsort(map, n, sizeof(*map), cmp_id);

	/* Edges between open tasks: pred → succ. */
	int *e_pred = tm_xmalloc((n_deps ? n_deps : 1) * sizeof(int));
	int *e_succ = tm_xmalloc((n_deps ? n_deps : 1) * sizeof(int));
	size_t m = 0;
	for (size_t e = 0; e < n_deps; e++) {
		int s = lookup(map, n, deps[e].task), p = lookup(map, n, deps[e].after);
		if (s < 0 || p < 0)
			continue;
		e_pred[m] = p;
		e_succ[m] = s;
		m++;
	}
	build_adjacency(n, e_pred, e_succ, m, &out->succ_start, &out->succ);
	build_adjacency(n, e_succ, e_pred, m, &out->pred_start, &out->pred);
	free(e_pred);
	free(e_succ);
	free(map);

	/* Topological order (Kahn). */
	int *order = tm_xmalloc((n ? n : 1) * sizeof(int));
	int *indeg = tm_xcalloc(n ? n : 1, sizeof(int));
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < n; i++) {
		indeg[i] = out->pred_start[i + 1] - out->pred_start[i];
		if (!indeg[i])
			order[tail++] = (int)i;
	}
	while (head < tail) {
		int i = order[head++];
		for (int k = out->succ_start[i]; k < out->succ_start[i + 1]; k++)
			if (--indeg[out->succ[k]] == 0)
				order[tail++] = out->succ[k];
	}
	free(indeg);
	if (tail != n) {
		rc = tm_fail(err, TM_ECONFLICT, "the tasks' dependencies contain a cycle");
		goto out;
	}

	/* Forward pass: today, the start constraints, then the predecessors (ties name the first). */
	tm_date start0 = tm_cal_workday_on_or_after(cal, today);
	out->launch_day = tm_cal_workday_on_or_before(cal, t);
	for (size_t k = 0; k < n; k++) {
		int i = order[k];
		tm_plan_task *pt = &out->tasks[i];
		pt->id = in[i].id;
		pt->effort_days = in[i].milestone ? 0 : in[i].effort_days;
		pt->milestone = in[i].milestone || pt->effort_days == 0;
		pt->after_launch = in[i].is_launch || (in[i].has_due && in[i].due >= t);
		pt->es = start0;
		pt->es_reason = TM_ES_TODAY;
		if (in[i].has_not_before) {
			pt->not_before = in[i].not_before;
			tm_date cand = tm_cal_workday_on_or_after(cal, in[i].not_before);
			if (cand > pt->es) {
				pt->es = cand;
				pt->es_reason = TM_ES_NOT_BEFORE;
			}
		}
		if (pt->after_launch && out->launch_day > pt->es) {
			pt->es = out->launch_day;
			pt->es_reason = TM_ES_LAUNCH_DAY;
		}
		for (int q = out->pred_start[i]; q < out->pred_start[i + 1]; q++) {
			const tm_plan_task *p = &out->tasks[out->pred[q]];
			tm_date cand = p->milestone ? p->ef : tm_cal_add_workdays(cal, p->ef, 1);
			if (cand > pt->es) {
				pt->es = cand;
				pt->es_reason = out->pred[q];
			}
		}
		pt->ef = pt->milestone ? pt->es : tm_cal_add_workdays(cal, pt->es, pt->effort_days - 1);
	}

	/* Backward pass. */
	for (size_t k = n; k-- > 0;) {
		int i = order[k];
		tm_plan_task *pt = &out->tasks[i];
		if (in[i].has_due) {
			pt->lf = tm_cal_workday_on_or_before(cal, in[i].due);
			pt->lf_reason = TM_LF_OWN_DUE;
		} else {
			pt->lf = tm_cal_workday_on_or_before(cal, t);
			pt->lf_reason = TM_LF_LAUNCH_DAY;
		}
		for (int q = out->succ_start[i]; q < out->succ_start[i + 1]; q++) {
			const tm_plan_task *s = &out->tasks[out->succ[q]];
			tm_date cand = pt->milestone ? s->ls : tm_cal_add_workdays(cal, s->ls, -1);
			if (cand < pt->lf) {
				pt->lf = cand;
				pt->lf_reason = out->succ[q];
			}
		}
		pt->ls = pt->milestone ? pt->lf : tm_cal_add_workdays(cal, pt->lf, -(pt->effort_days - 1));
		pt->slack = tm_cal_workdays_between(cal, pt->es, pt->ls);
	}

	/* Critical tasks: the least slack of the work up to launch day, or of any late task (see plan.h);
	 * of every task when nothing leads up to launch day any more. */
	bool *counts = tm_xcalloc(n ? n : 1, sizeof(bool));
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= counts[i] = !out->tasks[i].after_launch || out->tasks[i].slack < 0;
	bool first = true;
	out->min_slack = 0;
	for (size_t i = 0; i < n; i++) {
		if (any && !counts[i])
			continue;
		if (first || out->tasks[i].slack < out->min_slack)
			out->min_slack = out->tasks[i].slack;
		first = false;
	}
	for (size_t i = 0; i < n; i++) {
		out->tasks[i].critical = (!any || counts[i]) && out->tasks[i].slack == out->min_slack;
		if (out->tasks[i].slack < 0)
			out->feasible = false;
	}
	free(counts);

	/* The critical path: back from the launch (or the last critical task) through critical predecessors. */
	int end = -1;
	for (size_t i = 0; i < n; i++) {
		if (!out->tasks[i].critical)
			continue;
		if (in[i].is_launch) {
			end = (int)i;
			break;
		}
		if (end < 0 || out->tasks[i].lf > out->tasks[end].lf)
			end = (int)i;
	}
	if (end >= 0) {
		out->critical_path = tm_xmalloc(n * sizeof(int));
		for (int cur = end; cur >= 0;) {
			out->critical_path[out->n_critical_path++] = cur;
			int next = -1;
			for (int q = out->pred_start[cur]; q < out->pred_start[cur + 1]; q++) {
				int p = out->pred[q];
				if (out->tasks[p].critical && (next < 0 || out->tasks[p].ef > out->tasks[next].ef))
					next = p;
			}
			cur = next;
		}
		for (size_t a = 0, b = out->n_critical_path - 1; a < b; a++, b--) {
			int tmp = out->critical_path[a];
			out->critical_path[a] = out->critical_path[b];
			out->critical_path[b] = tmp;
		}
	}
out:
	free(order);
	if (rc)
		tm_plan_release(out);
	return rc;
}

void tm_plan_release(tm_plan *p)
{
	free(p->tasks);
	free(p->succ_start);
	free(p->succ);
	free(p->pred_start);
	free(p->pred);
	free(p->critical_path);
	memset(p, 0, sizeof(*p));
}
