/*
 * dashboard.c - what leadership reads (seed 003: "a concise dashboard that
 * ties roadmapping decisions to development cadence and launching
 * milestones"): the quarter's launches by tier with their readiness before
 * launch day or their metrics after it, how far their dates slipped, and the
 * metrics behind with their owners; and the monthly stakeholder email
 * (shipped, coming, metrics that moved, decisions, risks).
 *
 * The dashboard reads the metrics rows once (their summaries are kept on
 * them) and checks the launches still to come in one call, so it stays fast
 * on a workspace of thousands of launches.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/metrics.h"

#include "util/banned.h"

void tm_dashboard_release(tm_dashboard *d)
{
	TM_VEC_FREE(&d->rows);
	TM_VEC_FREE(&d->behind);
}

void tm_stakeholder_update_release(tm_stakeholder_update *u)
{
	TM_VEC_FREE(&u->shipped);
	TM_VEC_FREE(&u->coming);
	TM_VEC_FREE(&u->moved);
	TM_VEC_FREE(&u->decisions);
	tm_checks_free(&u->risks);
}

/* ---- quarters and months ---- */

/* Reads "2027", the year of a month; p moves past it. */
static bool read_year(const char **p, int *year)
{
	int y = 0, n = 0;
	while (isdigit((unsigned char)**p) && n < 5) {
		y = y * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*year = y;
	return n == 4;
}

/* "2027-03". */
static int parse_month(const char *s, int *year, int *month, tm_error *err)
{
	const char *p = s;
	bool ok = read_year(&p, year) && *p == '-' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && !p[3];
	if (ok) {
		*month = (p[1] - '0') * 10 + (p[2] - '0');
		ok = *month >= 1 && *month <= 12 && tm_date_in_range(tm_date_from_ymd(*year, *month, 1)) &&
		     tm_date_in_range(tm_date_from_ymd(*year, *month, tm_days_in_month(*year, *month)));
	}
	if (!ok)
		return tm_fail_field(err, TM_EINVAL, "month", "invalid month '%.40s': write it as YYYY-MM, such as 2027-03", s);
	return 0;
}

/* ---- the dashboard ---- */

static int cmp_rows(const void *a, const void *b)
{
	const tm_dashboard_row *x = a, *y = b;
	if (x->launch.tier != y->launch.tier)
		return x->launch.tier - y->launch.tier;
	if (x->launch.date != y->launch.date)
		return x->launch.date < y->launch.date ? -1 : 1;
	return strcmp(x->launch.slug, y->launch.slug);
}

/* How far a metric is from where it should be, as a share of the way from baseline to target (0 none). */
static double shortfall(const tm_metric_view *v)
{
	double span = v->j.target - v->m.baseline;
	if (span == 0)
		return 0;
	double want = v->j.state == TM_MS_MISSED || !v->j.has_expected ? v->j.target : v->j.expected;
	if (!v->j.has_observed)
		return 1 + (v->j.state == TM_MS_MISSED);
	double gap = (want - v->j.observed) / span; /* positive: short of it in the good direction */
	return v->j.state == TM_MS_MISSED ? 1 + gap : gap;
}

/* Worst first: missed before behind, then the larger shortfall, then the earlier launch, then by name. */
static int cmp_worst(const void *a, const void *b)
{
	const tm_metric_view *x = a, *y = b;
	bool xm = x->j.state == TM_MS_MISSED, ym = y->j.state == TM_MS_MISSED;
	if (xm != ym)
		return xm ? -1 : 1;
	double sx = shortfall(x), sy = shortfall(y);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	if (x->T != y->T)
		return x->T < y->T ? -1 : 1;
	int c = strcmp(x->m.launch_slug, y->m.launch_slug);
	return c ? c : strcmp(x->m.name, y->m.name);
}

/* A launch id and its row, to find a metric's launch among the quarter's. */
struct row_index {
	int64_t id;
	size_t at;
};

static int cmp_index(const void *a, const void *b)
{
	const struct row_index *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The view of metric m of the launch of row r, judged on today. */
static void view_of(const tm_metric *m, const tm_launch *l, tm_date today, tm_metric_view *v)
{
	memset(v, 0, sizeof(*v));
	v->m = *m;
	v->T = l->date;
	snprintf(v->m.launch_slug, sizeof(v->m.launch_slug), "%s", l->slug);
	snprintf(v->launch_name, sizeof(v->launch_name), "%s", l->name);
	v->tier = l->tier;
	v->launch_status = l->status;
	tm_metric_judge(m, l->date, today, &v->j);
}

/* Readiness of the rows before launch day, in one check of them all. */
static int readiness(tm_app *app, tm_dashboard *d, tm_error *err)
{
	tm_launches before = TM_VEC_INIT;
	tm_checks checks = TM_VEC_INIT;
	for (size_t i = 0; i < d->rows.n; i++)
		if (!d->rows.v[i].launched)
			*TM_VEC_PUSH(&before) = d->rows.v[i].launch;
	int rc = tm_app_check_launches(app, before.v, before.n, &checks, err);
	for (size_t i = 0, k = 0; !rc && i < d->rows.n && k < checks.n; i++) {
		tm_dashboard_row *r = &d->rows.v[i];
		if (r->launched)
			continue;
		r->score = checks.v[k].score;
		r->errors = checks.v[k].errors;
		r->warnings = checks.v[k].warnings;
		k++;
	}
	tm_checks_free(&checks);
	TM_VEC_FREE(&before);
	return rc;
}

/* Each metric of the quarter's launches: counted on its row after launch day, listed when behind or missed. */
static int metrics(tm_app *app, tm_dashboard *d, tm_error *err)
{
	tm_metrics all = TM_VEC_INIT;
	struct row_index *index = NULL;
	size_t n = d->rows.n;
	int rc = app->st->ops->metrics->list(app->st, 0, &all, err);
	if (rc || !n || !all.n)
		goto out;
	index = tm_xcalloc(n, sizeof(*index));
	for (size_t i = 0; i < n; i++)
		index[i] = (struct row_index){ d->rows.v[i].launch.id, i };
	qsort(index, n, sizeof(*index), cmp_index);
	for (size_t i = 0; i < all.n; i++) {
		struct row_index key = { .id = all.v[i].launch_id };
		const struct row_index *hit = bsearch(&key, index, n, sizeof(key), cmp_index);
		if (!hit)
			continue;
		tm_dashboard_row *r = &d->rows.v[hit->at];
		tm_metric_view v;
		view_of(&all.v[i], &r->launch, d->today, &v);
		if (r->launched)
			r->metrics[v.j.state]++;
		if (v.j.state == TM_MS_BEHIND || v.j.state == TM_MS_MISSED)
			*TM_VEC_PUSH(&d->behind) = v;
	}
	if (d->behind.n)
		qsort(d->behind.v, d->behind.n, sizeof(*d->behind.v), cmp_worst);
out:
	free(index);
	TM_VEC_FREE(&all);
	return rc;
}

/* Each row's first launch day and how far it slipped since (only a launch that moved has a history to read). */
static int slips(tm_app *app, tm_dashboard *d, tm_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < d->rows.n && !rc; i++) {
		tm_dashboard_row *r = &d->rows.v[i];
		r->first_date = r->launch.date;
		if (!r->launch.date_changes)
			continue;
		tm_date_changes h = TM_VEC_INIT;
		if (!(rc = app->st->ops->history->date_change_list(app->st, r->launch.id, &h, err)) && h.n) {
			r->first_date = h.v[0].from;
			r->moves = (int)h.n;
			r->slip_days = r->launch.date - r->first_date;
		}
		TM_VEC_FREE(&h);
	}
	return rc;
}

int tm_app_dashboard(tm_app *app, const char *quarter, tm_dashboard *out, tm_error *err)
{
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	int year = 0, q = 1, rc;

	memset(out, 0, sizeof(*out));
	out->today = app->today;
	if (quarter) {
		if ((rc = tm_quarter_parse(quarter, &year, &q, err)))
			return rc;
	} else {
		tm_quarter_of(app->today, &year, &q);
	}
	tm_quarter_format(year, q, out->quarter);
	tm_quarter_bounds(year, q, &out->from, &out->to);
	f.has_from = f.has_to = true;
	f.from = out->from;
	f.to = out->to;
	if ((rc = app->st->ops->launches->list(app->st, &f, &ls, err)))
		goto out;
	for (size_t i = 0; i < ls.n; i++) {
		if (ls.v[i].status == TM_LAUNCH_CANCELLED)
			continue;
		tm_dashboard_row *r = TM_VEC_PUSH(&out->rows);
		r->launch = ls.v[i];
		r->launched = ls.v[i].date <= app->today;
		r->score = -1;
		if (ls.v[i].tier >= 1 && ls.v[i].tier <= 4)
			out->by_tier[ls.v[i].tier]++;
	}
	if (out->rows.n)
		qsort(out->rows.v, out->rows.n, sizeof(*out->rows.v), cmp_rows);
	if ((rc = readiness(app, out, err)) || (rc = metrics(app, out, err)) || (rc = slips(app, out, err)))
		goto out;
out:
	TM_VEC_FREE(&ls);
	if (rc)
		tm_dashboard_release(out);
	return rc;
}

/* ---- the stakeholder update ---- */

/* The launches whose day falls within [from, to], not cancelled, by date. */
static int launches_between(tm_app *app, tm_date from, tm_date to, tm_launches *out, tm_error *err)
{
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	tm_launches ls = TM_VEC_INIT;
	f.has_from = f.has_to = true;
	f.from = from;
	f.to = to;
	int rc = app->st->ops->launches->list(app->st, &f, &ls, err);
	for (size_t i = 0; !rc && i < ls.n; i++)
		if (ls.v[i].status != TM_LAUNCH_CANCELLED)
			*TM_VEC_PUSH(out) = ls.v[i];
	TM_VEC_FREE(&ls);
	return rc;
}

/* The metrics with an observation within the month, each with where it stood before and at the end of it. */
static int moved(tm_app *app, tm_stakeholder_update *u, tm_error *err)
{
	tm_store *st = app->st;
	tm_metrics all = TM_VEC_INIT;
	int rc = st->ops->metrics->list(st, 0, &all, err);
	for (size_t i = 0; i < all.n && !rc; i++) {
		const tm_metric *m = &all.v[i];
		/* Its latest observation is before the month: none is within it (nothing to read). */
		if (!m->sum.n || !m->sum.has_latest || m->sum.latest_on < u->from)
			continue;
		tm_observations obs = TM_VEC_INIT;
		tm_launch l;
		if ((rc = st->ops->metrics->obs_list(st, m->id, 0, 0, &obs, err)) ||
		    (rc = st->ops->launches->get(st, m->launch_id, &l, err))) {
			TM_VEC_FREE(&obs);
			break;
		}
		tm_metric_move mv;
		memset(&mv, 0, sizeof(mv));
		bool within = false;
		mv.has_from = true;
		mv.from = m->baseline;
		for (size_t k = 0; k < obs.n; k++) { /* by date, then id: the last one of a day is the latest */
			if (obs.v[k].on < u->from)
				mv.from = obs.v[k].value;
			else if (obs.v[k].on <= u->to) {
				within = true;
				mv.to = obs.v[k].value;
				mv.to_on = obs.v[k].on;
			}
		}
		if (within) {
			view_of(m, &l, u->today, &mv.v);
			*TM_VEC_PUSH(&u->moved) = mv;
		}
		TM_VEC_FREE(&obs);
	}
	TM_VEC_FREE(&all);
	return rc;
}

/* The coming launches' blocking findings: one check per launch that has any, its findings the errors only. */
static int risks(tm_app *app, tm_stakeholder_update *u, tm_error *err)
{
	tm_checks checks = TM_VEC_INIT;
	int rc = tm_app_check_launches(app, u->coming.v, u->coming.n, &checks, err);
	for (size_t i = 0; !rc && i < checks.n; i++) {
		tm_launch_check *c = &checks.v[i];
		if (!c->errors)
			continue;
		tm_launch_check *r = TM_VEC_PUSH(&u->risks);
		*r = *c;
		memset(&r->findings, 0, sizeof(r->findings));
		for (size_t k = 0; k < c->findings.n; k++)
			if (c->findings.v[k].severity == TM_SEV_ERROR)
				*TM_VEC_PUSH(&r->findings) = c->findings.v[k];
	}
	tm_checks_free(&checks);
	return rc;
}

int tm_app_stakeholder_update(tm_app *app, const char *month, tm_stakeholder_update *out, tm_error *err)
{
	tm_decisions all = TM_VEC_INIT;
	int year, m, day, rc;

	memset(out, 0, sizeof(*out));
	out->today = app->today;
	if (month) {
		if ((rc = parse_month(month, &year, &m, err)))
			return rc;
	} else {
		/* The email goes out after the month it tells of. */
		tm_date_to_ymd(tm_date_add_months(app->today, -1), &year, &m, &day);
	}
	out->year = year;
	out->month = m;
	out->from = tm_date_from_ymd(year, m, 1);
	out->to = tm_date_add_months(out->from, 1) - 1;
	/* Shipped is what launched within the month by today; the rest of the month (this month's
	 * update, or a month to come) is coming, with the two months after it. */
	tm_date shipped_to = out->to < app->today ? out->to : app->today;
	tm_date coming_from = shipped_to + 1 > out->from ? shipped_to + 1 : out->from;
	tm_date coming_to = tm_date_add_months(out->to + 1, 2) - 1;
	if (!tm_date_in_range(coming_to))
		coming_to = out->to;
	if ((shipped_to >= out->from && (rc = launches_between(app, out->from, shipped_to, &out->shipped, err))) ||
	    (rc = launches_between(app, coming_from, coming_to, &out->coming, err)) || (rc = moved(app, out, err)) ||
	    (rc = app->st->ops->history->decision_list(app->st, 0, &all, err)) || (rc = risks(app, out, err)))
		goto out;
	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].on >= out->from && all.v[i].on <= out->to)
			*TM_VEC_PUSH(&out->decisions) = all.v[i];
out:
	TM_VEC_FREE(&all);
	if (rc)
		tm_stakeholder_update_release(out);
	return rc;
}
