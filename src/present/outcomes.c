/*
 * outcomes.c - the documents after launch day as GFM Markdown (a review of
 * one post-launch stage, the leadership dashboard, the monthly stakeholder
 * update) and the update as a plain-text email body. Every piece of user
 * text goes through tm_md_escape, so a name with a pipe or an asterisk can
 * neither break a table nor turn into emphasis.
 */
#include "present/outcomes.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define EMAIL_WIDTH 76 /* columns of the email body's lines (under 78, as mail clients expect) */
#define TABLE_ROWS 12  /* observations a review's table shows per metric (the latest) */
#define SPARK_MAX 52   /* observations a sparkline draws (the latest: a year of weekly figures) */
#define RISKS_SHOWN 3  /* blocking findings the stakeholder update names per launch */

void tm_md_escape(tm_buf *out, const char *s)
{
	if (!s)
		return;
	/* At the start, what would open a block (a list, a heading underline, an ordered list's "1."). */
	if (*s == '-' || *s == '+' || *s == '=')
		tm_buf_addc(out, '\\');
	const char *digits = s;
	while (*digits >= '0' && *digits <= '9')
		digits++;
	bool ordered = digits > s && (*digits == '.' || *digits == ')');
	for (const char *p = s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			tm_buf_addc(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>|~&#!", *p) || (ordered && p == digits))
			tm_buf_addc(out, '\\');
		tm_buf_addc(out, *p);
	}
}

/* ---- numbers ---- */

static const char *date(tm_date d, char *buf)
{
	return tm_date_format(d, buf);
}

/* A computed figure (the path, a difference) to one decimal, as people read it (values stay within
 * ±TM_METRIC_VALUE_MAX, so ten times one fits a long long; no libm needed). */
static double tenth(double v)
{
	double r = (double)(long long)(v * 10 + (v < 0 ? -0.5 : 0.5)) / 10;
	return r == 0 ? 0 : r; /* no "-0" */
}

static const char *with_unit(double v, const tm_metric *m, char *buf, size_t n)
{
	tm_metric_value_with_unit(v, &m->unit, buf, n);
	return buf;
}

/* A difference in the metric's unit, signed: "+2.5 points" (a % metric moves in points), "-3 days". */
static const char *delta(double d, const tm_metric *m, char *buf, size_t n)
{
	tm_unit u = m->unit;
	char v[48];
	if (u.unit == TM_UNIT_PERCENT)
		u.unit = TM_UNIT_POINTS;
	tm_metric_value_with_unit(tenth(d), &u, v, sizeof(v));
	snprintf(buf, n, "%s%s", tenth(d) > 0 ? "+" : "", v);
	return buf;
}

/* Is a figure ahead of (or on) the path in the metric's good direction? */
static bool ahead(const tm_metric *m, double value, double expected)
{
	return m->down ? value <= expected : value >= expected;
}

/* A one-line chart of the values, ▁ the least and █ the most (all alike: ▄). */
static void sparkline(tm_buf *out, const tm_observations *obs)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	size_t first = obs->n > SPARK_MAX ? obs->n - SPARK_MAX : 0;
	double lo = 0, hi = 0;
	for (size_t i = first; i < obs->n; i++) {
		double v = obs->v[i].value;
		if (i == first || v < lo)
			lo = v;
		if (i == first || v > hi)
			hi = v;
	}
	for (size_t i = first; i < obs->n; i++) {
		int k = hi > lo ? (int)((obs->v[i].value - lo) / (hi - lo) * 7 + 0.5) : 3;
		tm_buf_adds(out, bars[k < 0 ? 0 : k > 7 ? 7 : k]);
	}
}

/* The metric line; md escapes the name for Markdown. */
static void metric_line(const tm_metric_view *v, bool md, tm_buf *out)
{
	const tm_metric_judgement *j = &v->j;
	char a[64], b[64], c[64], d[TM_DATE_STRLEN], e[TM_DATE_STRLEN];
	if (md)
		tm_md_escape(out, v->m.name);
	else
		tm_buf_adds(out, v->m.name);
	if (j->has_observed)
		tm_buf_printf(out, " %s (target %s by %s", with_unit(j->observed, &v->m, a, sizeof(a)),
			      with_unit(j->target, &v->m, b, sizeof(b)), date(j->window_end, d));
	else
		tm_buf_printf(out, " no data yet (baseline %s, target %s by %s", with_unit(v->m.baseline, &v->m, a, sizeof(a)),
			      with_unit(j->target, &v->m, b, sizeof(b)), date(j->window_end, d));
	if (j->state == TM_MS_MET && v->m.sum.met)
		tm_buf_printf(out, ", met on %s", date(v->m.sum.met_on, e));
	else if (j->has_observed && j->has_expected)
		tm_buf_printf(out, ", expected %s", with_unit(tenth(j->expected), &v->m, c, sizeof(c)));
	tm_buf_printf(out, "): %s", tm_metric_state_name(j->state));
	if (j->stale)
		tm_buf_adds(out, " (stale: no figure in the last 14 days)");
}

void tm_metric_line(const tm_metric_view *v, tm_buf *out)
{
	metric_line(v, false, out);
}

/* ---- the review of one stage ---- */

static void review_metric(const tm_launch_review *r, size_t i, tm_buf *out)
{
	const tm_metric_view *v = &r->metrics.v[i];
	const tm_observations *obs = &r->obs[i];
	char a[64], b[64], c[64], d[TM_DATE_STRLEN];
	tm_buf_adds(out, "#### ");
	tm_md_escape(out, v->m.name);
	tm_buf_printf(out, ": %s\n\n", tm_metric_state_name(v->j.state));
	metric_line(v, true, out);
	tm_buf_printf(out, "  \nbaseline %s · %s · owner ", with_unit(v->m.baseline, &v->m, a, sizeof(a)),
		      v->m.down ? "down is good" : "up is good");
	tm_md_escape(out, v->m.owner[0] ? v->m.owner : "nobody");
	if (v->m.source[0]) {
		tm_buf_adds(out, " · source ");
		tm_md_escape(out, v->m.source);
	}
	tm_buf_addc(out, '\n');
	if (!obs->n) {
		tm_buf_printf(out, "\nNo figures yet: record one with `tminus metric record %s METRIC VALUE`.\n\n", r->launch.slug);
		return;
	}
	tm_buf_printf(out, "\nTrend%s ", obs->n > SPARK_MAX ? " (the latest figures)" : "");
	sparkline(out, obs);
	tm_buf_printf(out, " · %zu %s\n\n", obs->n, tm_plural((long long)obs->n, "figure", "figures"));
	tm_buf_adds(out, "| Date | Value | On the path | Δ vs path |\n|------|------:|------------:|-----------|\n");
	size_t first = obs->n > TABLE_ROWS ? obs->n - TABLE_ROWS : 0;
	for (size_t k = first; k < obs->n; k++) {
		const tm_observation *o = &obs->v[k];
		double want = tm_metric_expected(&v->m, v->T, o->on);
		tm_buf_printf(out, "| %s | %s | %s | %s (%s) |\n", date(o->on, d), with_unit(o->value, &v->m, a, sizeof(a)),
			      with_unit(tenth(want), &v->m, b, sizeof(b)), delta(o->value - want, &v->m, c, sizeof(c)),
			      tenth(o->value - want) == 0 ? "on the path" : ahead(&v->m, o->value, want) ? "ahead" : "behind");
	}
	if (first)
		tm_buf_printf(out, "\n%zu earlier %s not shown (`tminus metric show %s METRIC`).\n", first,
			      tm_plural((long long)first, "figure", "figures"), r->launch.slug);
	tm_buf_addc(out, '\n');
}

static bool task_late(const tm_task *t, tm_date today)
{
	return t->has_due && t->due < today;
}

void tm_review_markdown(const tm_launch_review *r, tm_buf *out)
{
	const tm_launch *l = &r->launch;
	const char *label = tm_stage_label(r->stage);
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], c[TM_DATE_STRLEN];
	tm_buf_printf(out, "## %s review: ", label);
	tm_md_escape(out, l->name);
	tm_buf_printf(out, "\n\nLaunch day **%s** · tier %d · the %s review falls on %s (%s) · today %s\n\n", date(l->date, a),
		      l->tier, label, date(r->on, b), tm_stage_offset(r->stage), date(r->today, c));
	if (r->held) {
		tm_buf_printf(out, "**Held** on %s", date(r->review.held_on, a));
		if (r->review.by[0]) {
			tm_buf_adds(out, " by ");
			tm_md_escape(out, r->review.by);
		}
		tm_buf_adds(out, ".\n\n");
	} else {
		tm_buf_printf(out, "**Not held yet**: record it with `tminus review %s %s --done --notes FILE.md`.\n\n", l->slug,
			      tm_stage_name(r->stage));
	}
	const tm_task *mine = NULL;
	for (size_t i = 0; i < r->open.n; i++)
		if (r->open.v[i].id == r->task_id)
			mine = &r->open.v[i];
	if (!r->task_id)
		tm_buf_printf(out, "The launch has no post-launch task at %s.\n\n", tm_stage_offset(r->stage));
	else if (mine) {
		tm_buf_printf(out, "The stage's task #%lld ", (long long)mine->id);
		tm_md_escape(out, mine->title);
		tm_buf_adds(out, " is still open.\n\n");
	} else
		tm_buf_printf(out, "The stage's task #%lld is done.\n\n", (long long)r->task_id);

	tm_buf_adds(out, "### Metrics\n\n");
	if (!r->metrics.n)
		tm_buf_printf(out, "No success metrics: add them with `tminus metric add %s NAME …` (seed 000's anti-pattern: "
				   "no feedback loop).\n\n", l->slug);
	for (size_t i = 0; i < r->metrics.n; i++)
		review_metric(r, i, out);

	tm_buf_adds(out, "### Open tasks\n\n");
	for (size_t i = 0; i < r->open.n; i++) {
		const tm_task *t = &r->open.v[i];
		tm_buf_printf(out, "- [ ] #%lld ", (long long)t->id);
		tm_md_escape(out, t->title);
		tm_buf_adds(out, " — ");
		tm_md_escape(out, t->owner[0] ? t->owner : "unassigned");
		if (t->has_due)
			tm_buf_printf(out, ", due %s%s", date(t->due, a), task_late(t, r->today) ? " (**late**)" : "");
		tm_buf_addc(out, '\n');
	}
	if (!r->open.n)
		tm_buf_adds(out, "None: every task is done or skipped.\n");

	tm_buf_adds(out, "\n### Decisions since launch\n\n");
	for (size_t i = 0; i < r->decisions.n; i++) {
		const tm_decision *d = &r->decisions.v[i];
		tm_buf_printf(out, "- %s: ", date(d->on, a));
		tm_md_escape(out, d->what);
		if (d->why[0]) {
			tm_buf_adds(out, " — ");
			tm_md_escape(out, d->why);
		}
		if (d->who[0]) {
			tm_buf_adds(out, " (");
			tm_md_escape(out, d->who);
			tm_buf_addc(out, ')');
		}
		tm_buf_addc(out, '\n');
	}
	if (!r->decisions.n)
		tm_buf_adds(out, "None recorded since launch day.\n");

	tm_buf_printf(out, "\n### Questions for the %s review\n\n", label);
	const char *const *q = tm_stage_questions(r->stage);
	for (; q && *q; q++) {
		tm_buf_adds(out, "- [ ] ");
		tm_md_escape(out, *q);
		tm_buf_addc(out, '\n');
	}
	if (r->held && r->review.notes[0]) {
		/* The notes are the team's own Markdown: quoted as written, after a blank line. */
		size_t n = strlen(r->review.notes);
		tm_buf_adds(out, "\n### Notes\n\n");
		tm_buf_adds(out, r->review.notes);
		if (r->review.notes[n - 1] != '\n')
			tm_buf_addc(out, '\n');
	}
}

/* ---- the dashboard ---- */

/* "2 on-track · 1 behind" (the states with metrics, worst last), or "no metrics". */
static void metric_counts(const tm_dashboard_row *r, tm_buf *out)
{
	static const int order[] = { TM_MS_MET, TM_MS_ON_TRACK, TM_MS_NO_DATA, TM_MS_BEHIND, TM_MS_MISSED };
	int n = 0;
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		int c = r->metrics[order[k]];
		if (!c)
			continue;
		tm_buf_printf(out, "%s%d %s", n++ ? " · " : "", c, tm_metric_state_name(order[k]));
	}
	if (!n)
		tm_buf_adds(out, "no metrics");
}

static void slip(const tm_dashboard_row *r, tm_buf *out)
{
	char a[TM_DATE_STRLEN];
	if (!r->moves) {
		tm_buf_adds(out, "-");
		return;
	}
	if (r->slip_days > 0)
		tm_buf_printf(out, "%d %s later", r->slip_days, tm_plural(r->slip_days, "day", "days"));
	else if (r->slip_days < 0)
		tm_buf_printf(out, "%d %s earlier", -r->slip_days, tm_plural(-r->slip_days, "day", "days"));
	else
		tm_buf_adds(out, "back on its first day");
	tm_buf_printf(out, " (first planned %s, moved %d %s)", date(r->first_date, a), r->moves,
		      tm_plural(r->moves, "time", "times"));
}

void tm_dashboard_markdown(const tm_dashboard *d, tm_buf *out)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], c[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Leadership dashboard: %s\n\n%s to %s · today %s · %zu %s", d->quarter, date(d->from, a),
		      date(d->to, b), date(d->today, c), d->rows.n, tm_plural((long long)d->rows.n, "launch", "launches"));
	int shown = 0;
	for (int t = 1; t <= 4; t++)
		if (d->by_tier[t])
			tm_buf_printf(out, "%s%d of tier %d", shown++ ? ", " : " (", d->by_tier[t], t);
	tm_buf_adds(out, shown ? ")\n" : "\n");
	for (int t = 1; t <= 4; t++) {
		if (!d->by_tier[t])
			continue;
		tm_buf_printf(out, "\n### Tier %d\n\n| Launch | Date | Status | Readiness or metrics | Slipped |\n"
				   "|--------|------|--------|----------------------|---------|\n", t);
		for (size_t i = 0; i < d->rows.n; i++) {
			const tm_dashboard_row *r = &d->rows.v[i];
			if (r->launch.tier != t)
				continue;
			tm_buf_adds(out, "| ");
			tm_md_escape(out, r->launch.name);
			tm_buf_printf(out, " | %s | %s | ", date(r->launch.date, a), tm_launch_status_name(r->launch.status));
			if (r->launched)
				metric_counts(r, out);
			else
				tm_buf_printf(out, "readiness %d/100 · %d %s · %d %s", r->score, r->errors,
					      tm_plural(r->errors, "error", "errors"), r->warnings,
					      tm_plural(r->warnings, "warning", "warnings"));
			tm_buf_adds(out, " | ");
			slip(r, out);
			tm_buf_adds(out, " |\n");
		}
	}
	if (!d->rows.n)
		tm_buf_adds(out, "\nNo launch this quarter.\n");
	tm_buf_adds(out, "\n### Metrics behind\n\n");
	if (!d->behind.n) {
		tm_buf_adds(out, "None: every metric of the quarter's launches is on track, met or without data yet.\n");
		return;
	}
	tm_buf_adds(out, "| Launch | Metric | Status | Observed | Expected | Target | Owner |\n"
			 "|--------|--------|--------|---------:|---------:|--------|-------|\n");
	for (size_t i = 0; i < d->behind.n; i++) {
		const tm_metric_view *v = &d->behind.v[i];
		char x[64], y[64], z[64];
		tm_buf_adds(out, "| ");
		tm_md_escape(out, v->launch_name);
		tm_buf_adds(out, " | ");
		tm_md_escape(out, v->m.name);
		tm_buf_printf(out, " | %s | ", tm_metric_state_name(v->j.state));
		if (v->j.has_observed)
			tm_buf_printf(out, "%s (%s)", with_unit(v->j.observed, &v->m, x, sizeof(x)), date(v->j.observed_on, a));
		else
			tm_buf_adds(out, "no data");
		tm_buf_printf(out, " | %s | %s by %s | ",
			      v->j.has_expected ? with_unit(tenth(v->j.expected), &v->m, y, sizeof(y)) : "-",
			      with_unit(v->j.target, &v->m, z, sizeof(z)), date(v->j.window_end, b));
		tm_md_escape(out, v->m.owner[0] ? v->m.owner : "nobody");
		tm_buf_adds(out, " |\n");
	}
}

/* ---- the stakeholder update ---- */

static const char *const months[] = { "January", "February", "March",     "April",   "May",      "June",
				      "July",    "August",   "September", "October", "November", "December" };

static const char *month_name(const tm_stakeholder_update *u)
{
	return u->month >= 1 && u->month <= 12 ? months[u->month - 1] : "?";
}

/* A metric that moved: "32% → 34.6% (+2.6 points) by 2027-03-16, on-track, target 40% by 2027-05-31". */
static void move_text(const tm_metric_move *mv, tm_buf *out)
{
	const tm_metric *m = &mv->v.m;
	char a[64], b[64], c[64], d[64], x[TM_DATE_STRLEN], y[TM_DATE_STRLEN];
	tm_buf_printf(out, "%s → %s (%s) by %s, %s, target %s by %s", with_unit(mv->from, m, a, sizeof(a)),
		      with_unit(mv->to, m, b, sizeof(b)), delta(mv->to - mv->from, m, c, sizeof(c)), date(mv->to_on, x),
		      tm_metric_state_name(mv->v.j.state), with_unit(mv->v.j.target, m, d, sizeof(d)),
		      date(mv->v.j.window_end, y));
}

static void launch_text(const tm_launch *l, bool md, tm_buf *out)
{
	char a[TM_DATE_STRLEN];
	if (md) {
		tm_buf_adds(out, "**");
		tm_md_escape(out, l->name);
		tm_buf_adds(out, "**");
	} else
		tm_buf_adds(out, l->name);
	tm_buf_printf(out, " — tier %d, launch day %s", l->tier, date(l->date, a));
}

/* The sections of the update, as Markdown (md) or as the email's plain text (one item per line, unwrapped). */
typedef void (*section_fn)(tm_buf *out, const char *heading);
typedef void (*item_fn)(tm_buf *out, const char *text);

static void md_heading(tm_buf *out, const char *heading)
{
	tm_buf_printf(out, "\n### %s\n\n", heading);
}

static void text_heading(tm_buf *out, const char *heading)
{
	tm_buf_printf(out, "\n%s\n", heading);
	for (int i = tm_utf8_width(heading); i > 0; i--)
		tm_buf_addc(out, '-');
	tm_buf_addc(out, '\n');
}

/* Appends text wrapped at EMAIL_WIDTH columns, the first line after prefix, the rest indented as deep. */
static void wrap(tm_buf *out, const char *prefix, const char *text)
{
	int indent = tm_utf8_width(prefix), col = indent;
	tm_buf_adds(out, prefix);
	const char *p = text;
	bool first = true;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		char word[1024];
		size_t n = (size_t)(end - p) < sizeof(word) - 1 ? (size_t)(end - p) : sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		int w = tm_utf8_width(word);
		if (!first && col + 1 + w > EMAIL_WIDTH) {
			tm_buf_printf(out, "\n%*s", indent, "");
			col = indent;
			first = true;
		}
		/* A word wider than a whole line is cut at character boundaries. */
		if (first && col + w > EMAIL_WIDTH) {
			for (const char *q = word; *q;) {
				size_t len = 1;
				while (((unsigned char)q[len] & 0xC0) == 0x80)
					len++;
				char ch[8] = { 0 };
				memcpy(ch, q, len < sizeof(ch) ? len : sizeof(ch) - 1);
				int cw = tm_utf8_width(ch);
				if (col + cw > EMAIL_WIDTH) {
					tm_buf_printf(out, "\n%*s", indent, "");
					col = indent;
				}
				tm_buf_add(out, q, len);
				col += cw;
				q += len;
			}
			first = false;
			p = end;
			continue;
		}
		if (!first) {
			tm_buf_addc(out, ' ');
			col++;
		}
		tm_buf_adds(out, word);
		col += w;
		first = false;
		p = end;
	}
	tm_buf_addc(out, '\n');
}

/* Writes the update in either form; md false is the email body without its Subject line. */
static void update(const tm_stakeholder_update *u, bool md, tm_buf *out)
{
	section_fn heading = md ? md_heading : text_heading;
	tm_buf item = TM_BUF_INIT;
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN];
	tm_buf lead = TM_BUF_INIT;
	tm_buf_printf(&lead, "Where our launches stood in %s %d (%s to %s): %zu shipped, %zu coming in the next two months, "
			     "%zu %s moved, %zu %s taken.",
		      month_name(u), u->year, date(u->from, a), date(u->to, b), u->shipped.n, u->coming.n, u->moved.n,
		      tm_plural((long long)u->moved.n, "metric", "metrics"), u->decisions.n,
		      tm_plural((long long)u->decisions.n, "decision", "decisions"));
	if (md)
		tm_buf_printf(out, "%s\n", lead.s);
	else
		wrap(out, "", lead.s);
	tm_buf_release(&lead);

#define ITEM()                                                   \
	do {                                                     \
		if (md)                                          \
			tm_buf_printf(out, "- %s\n", item.s);    \
		else                                             \
			wrap(out, "- ", item.s);                 \
		tm_buf_reset(&item);                             \
	} while (0)
#define NONE(text)                                               \
	do {                                                     \
		if (md)                                          \
			tm_buf_printf(out, "%s\n", text);        \
		else                                             \
			wrap(out, "", text);                     \
	} while (0)

	heading(out, "Shipped");
	for (size_t i = 0; i < u->shipped.n; i++) {
		launch_text(&u->shipped.v[i], md, &item);
		ITEM();
	}
	if (!u->shipped.n)
		NONE("No launch this month.");

	heading(out, "Coming in the next two months");
	for (size_t i = 0; i < u->coming.n; i++) {
		launch_text(&u->coming.v[i], md, &item);
		for (size_t k = 0; k < u->risks.n; k++)
			if (u->risks.v[k].launch.id == u->coming.v[i].id)
				tm_buf_printf(&item, " (%d blocking %s)", u->risks.v[k].errors,
					      tm_plural(u->risks.v[k].errors, "finding", "findings"));
		ITEM();
	}
	if (!u->coming.n)
		NONE("Nothing planned yet.");

	heading(out, "Metrics that moved");
	for (size_t i = 0; i < u->moved.n; i++) {
		const tm_metric_move *mv = &u->moved.v[i];
		if (md) {
			tm_md_escape(&item, mv->v.launch_name);
			tm_buf_adds(&item, " · **");
			tm_md_escape(&item, mv->v.m.name);
			tm_buf_adds(&item, "**: ");
		} else
			tm_buf_printf(&item, "%s · %s: ", mv->v.launch_name, mv->v.m.name);
		move_text(mv, &item);
		ITEM();
	}
	if (!u->moved.n)
		NONE("No figure recorded this month.");

	heading(out, "Decisions");
	for (size_t i = 0; i < u->decisions.n; i++) {
		const tm_decision *d = &u->decisions.v[i];
		tm_buf_printf(&item, "%s %s: ", date(d->on, a), d->launch_slug[0] ? d->launch_slug : "portfolio");
		if (md)
			tm_md_escape(&item, d->what);
		else
			tm_buf_adds(&item, d->what);
		if (d->why[0]) {
			tm_buf_adds(&item, " — ");
			if (md)
				tm_md_escape(&item, d->why);
			else
				tm_buf_adds(&item, d->why);
		}
		ITEM();
	}
	if (!u->decisions.n)
		NONE("None recorded this month.");

	heading(out, "Risks");
	size_t n_risks = 0;
	for (size_t i = 0; i < u->risks.n; i++) {
		const tm_launch_check *c = &u->risks.v[i];
		for (size_t k = 0; k < c->findings.n && k < RISKS_SHOWN; k++) {
			const tm_finding *f = &c->findings.v[k];
			if (md) {
				tm_buf_adds(&item, "**");
				tm_md_escape(&item, u->risks.v[i].launch.name);
				tm_buf_printf(&item, "** `%s`: ", tm_rule(f->rule)->name);
				tm_md_escape(&item, f->message);
			} else
				tm_buf_printf(&item, "%s, %s: %s", u->risks.v[i].launch.name, tm_rule(f->rule)->name, f->message);
			ITEM();
			n_risks++;
		}
		/* A stakeholder reads the worst few; the launch's check has them all. */
		if (c->findings.n > RISKS_SHOWN) {
			size_t more = c->findings.n - RISKS_SHOWN;
			if (md) {
				tm_buf_adds(&item, "**");
				tm_md_escape(&item, c->launch.name);
				tm_buf_adds(&item, "**");
			} else
				tm_buf_adds(&item, c->launch.name);
			tm_buf_printf(&item, ": %zu more blocking %s (%stminus check %s%s)", more,
				      tm_plural((long long)more, "finding", "findings"), md ? "`" : "", c->launch.slug, md ? "`" : "");
			ITEM();
		}
	}
	if (!n_risks)
		NONE("None: no blocking finding on the coming launches.");
#undef ITEM
#undef NONE
	tm_buf_release(&item);
}

void tm_stakeholder_markdown(const tm_stakeholder_update *u, tm_buf *out)
{
	tm_buf_printf(out, "## Stakeholder update: %s %d\n\n", month_name(u), u->year);
	update(u, true, out);
}

void tm_stakeholder_text(const tm_stakeholder_update *u, tm_buf *out)
{
	tm_buf subject = TM_BUF_INIT;
	tm_buf_printf(&subject, "Subject: Launch update, %s %d: %zu shipped, %zu coming", month_name(u), u->year,
		      u->shipped.n, u->coming.n);
	/* A Subject line is one line: the header is short enough by construction. */
	tm_buf_printf(out, "%s\n\n", subject.s);
	tm_buf_release(&subject);
	update(u, false, out);
}
