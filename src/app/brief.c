/* brief.c - a launch's brief: read, written as Markdown, and read back from Markdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/glossary.h"
#include "app/internal.h"
#include "app/metrics.h"
#include "core/text.h"

#include "util/banned.h"


/*
 * The brief and the metrics are one truth: a success-metrics row of the brief whose name is a
 * metric's is that metric (its target and window), and the metric's row comes first.
 */
void tm_app_brief_merge_metrics(tm_brief *b, const tm_metric *ms, size_t n)
{
	tm_brief_metric own[TM_BRIEF_ITEMS];
	int n_own = 0;
	for (int i = 0; i < b->n_metrics && i < TM_BRIEF_ITEMS; i++) {
		bool named = false;
		for (size_t k = 0; k < n && !named; k++)
			named = tm_text_equal_fold(b->metrics[i].metric, ms[k].name);
		if (!named)
			own[n_own++] = b->metrics[i];
	}
	b->n_metrics = 0;
	for (size_t k = 0; k < n && b->n_metrics < TM_BRIEF_ITEMS; k++) {
		tm_brief_metric *r = &b->metrics[b->n_metrics++];
		memset(r, 0, sizeof(*r));
		snprintf(r->metric, sizeof(r->metric), "%s", ms[k].name);
		tm_target_format(&ms[k].target, r->target, sizeof(r->target));
		snprintf(r->timeframe, sizeof(r->timeframe), "%d %s after launch", ms[k].window, ms[k].window == 1 ? "day" : "days");
	}
	for (int i = 0; i < n_own && b->n_metrics < TM_BRIEF_ITEMS; i++)
		b->metrics[b->n_metrics++] = own[i];
}

/* Fills the brief's success metrics from the launch's metrics. */
static int merge_launch_metrics(tm_app *app, int64_t launch_id, tm_brief *b, tm_error *err)
{
	tm_metrics ms = TM_VEC_INIT;
	int rc = app->st->ops->metrics->list(app->st, launch_id, &ms, err);
	if (!rc)
		tm_app_brief_merge_metrics(b, ms.v, ms.n);
	TM_VEC_FREE(&ms);
	return rc;
}

_Static_assert(sizeof(((tm_launch_brief *)0)->personas[0].term) == TM_TERM_MAX + 1, "a persona's term fits");
_Static_assert(sizeof(((tm_launch_brief *)0)->personas[0].role) == TM_NAME_MAX + 1, "a persona's role fits");

/* The glossary's personas the brief's audience lines name (seed 003: personas the briefs can name). */
static int brief_personas(tm_app *app, tm_launch_brief *out, tm_error *err)
{
	const char *const audience[] = { out->brief.audience_primary, out->brief.audience_secondary };
	tm_terms named = TM_VEC_INIT;
	int rc = tm_app_personas_named(app, audience, 2, &named, err);
	out->n_personas = 0;
	for (size_t i = 0; !rc && i < named.n && out->n_personas < (int)(sizeof(out->personas) / sizeof(out->personas[0]));
	     i++, out->n_personas++) {
		snprintf(out->personas[out->n_personas].term, sizeof(out->personas[0].term), "%s", named.v[i].term);
		snprintf(out->personas[out->n_personas].role, sizeof(out->personas[0].role), "%s", named.v[i].role);
	}
	TM_VEC_FREE(&named);
	return rc;
}

int tm_app_brief(tm_app *app, const char *launch_ref, tm_launch_brief *out, tm_error *err)
{
	const tm_playbook *pb;
	memset(out, 0, sizeof(*out));
	int rc = app->st->ops->launches->find(app->st, launch_ref, &out->launch, err);
	if (!rc)
		rc = app->st->ops->briefs->get(app->st, out->launch.id, &out->brief, &out->written, err);
	if (!rc)
		rc = merge_launch_metrics(app, out->launch.id, &out->brief, err);
	if (!rc && tm_app_playbook(app, &pb, err) == 0)
		snprintf(out->tier_name, sizeof(out->tier_name), "%s", tm_playbook_tier(pb, out->launch.tier)->name);
	if (!rc)
		rc = brief_personas(app, out, err);
	return rc;
}

void tm_app_brief_markdown(const tm_launch_brief *b, tm_buf *out)
{
	tm_brief_markdown(&b->brief, &b->launch, b->tier_name, out);
}

/* "FILE:LINE: why" for an error at a line of the text. */
static void name_source(const char *source, tm_error *err)
{
	if (err->line <= 0)
		return;
	tm_buf msg = TM_BUF_INIT;
	const char *colon = strchr(err->msg, ':');
	tm_buf_printf(&msg, "%s:%d:%s", source, err->line, colon ? colon + 1 : err->msg);
	memcpy(err->msg, msg.s, msg.len < sizeof(err->msg) - 1 ? msg.len + 1 : sizeof(err->msg) - 1);
	err->msg[sizeof(err->msg) - 1] = '\0';
	snprintf(err->file, sizeof(err->file), "%s", source);
	tm_buf_release(&msg);
}

/* Is ref (a slug, an id or a name in any case) this launch? */
static bool is_launch(const tm_launch *l, const char *ref)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)l->id);
	return !strcmp(ref, l->slug) || !strcmp(ref, id) || tm_text_equal_fold(ref, l->name);
}

/* Refuses a brief whose title or Overview names another launch: it was written for that one. */
static int refuse_other_launch(tm_app *app, const tm_launch *l, const tm_brief_overview *ov, const char *source,
			       tm_error *err)
{
	tm_launches all = TM_VEC_INIT;
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	int rc = 0;
	if (ov->launch[0] && !is_launch(l, ov->launch))
		return tm_fail(err, TM_EINVAL, "%s is the brief of launch '%s', not of '%s' (%s): nothing imported", source,
			       ov->launch, l->name, l->slug);
	if (!ov->title[0] || tm_text_equal_fold(ov->title, l->name))
		return 0;
	if ((rc = app->st->ops->launches->list(app->st, &f, &all, err)))
		return rc;
	for (size_t i = 0; i < all.n && !rc; i++)
		if (all.v[i].id != l->id && (tm_text_equal_fold(all.v[i].name, ov->title) || !strcmp(all.v[i].slug, ov->title)))
			rc = tm_fail(err, TM_EINVAL,
				     "%s is the brief of '%s' (%s), not of '%s' (%s): nothing imported (import it into %s)", source,
				     all.v[i].name, all.v[i].slug, l->name, l->slug, all.v[i].slug);
	TM_VEC_FREE(&all);
	return rc;
}

/* Does the Overview's owner (a person reference) name the launch's (id, name)? */
static bool same_person(tm_app *app, const char *ref, int64_t id, const char *name)
{
	tm_person p;
	tm_error ignored = TM_ERROR_INIT;
	if (tm_text_equal_fold(ref, name))
		return true;
	return id && tm_app_find_person(app, ref, &p, &ignored) == 0 && p.id == id;
}

static void change(tm_launch_brief *out, const char *field, const char *brief, const char *launch)
{
	tm_brief_change *c = &out->changes[out->n_changes++];
	c->field = field;
	snprintf(c->brief, sizeof(c->brief), "%s", brief);
	snprintf(c->launch, sizeof(c->launch), "%s", launch[0] ? launch : "-");
}

/* What the title and the Overview say that the launch does not ("-" and blanks say nothing). */
static void overview_changes(tm_app *app, const tm_launch *l, const tm_brief_overview *ov, tm_launch_brief *out)
{
	char a[TM_DATE_STRLEN], b[TM_DATE_STRLEN], t1[8], t2[8];
	out->n_changes = 0;
	if (ov->title[0] && !tm_text_equal_fold(ov->title, l->name))
		change(out, "name", ov->title, l->name);
	if (ov->has_date && ov->date != l->date)
		change(out, "date", tm_date_format(ov->date, a), tm_date_format(l->date, b));
	if (ov->tier && ov->tier != l->tier) {
		snprintf(t1, sizeof(t1), "%d", ov->tier);
		snprintf(t2, sizeof(t2), "%d", l->tier);
		change(out, "tier", t1, t2);
	}
	if (ov->pm[0] && !same_person(app, ov->pm, l->pm_id, l->pm))
		change(out, "pm", ov->pm, l->pm);
	if (ov->marketing[0] && !same_person(app, ov->marketing, l->marketing_id, l->marketing))
		change(out, "marketing", ov->marketing, l->marketing);
}

/* Is this text "not stated" ("", "-", "—", "n/a")? */
static bool unstated(const char *s)
{
	return !*s || !strcmp(s, "-") || !strcmp(s, "\u2014") || tm_text_equal_fold(s, "n/a") || tm_text_equal_fold(s, "tbd");
}

/* "90 days", "12 weeks", "3 months" (30 days each), optionally "after launch" or "after launch day". */
static bool parse_timeframe(const char *s, int *days)
{
	char words[6][16];
	int n = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		if (n == 6 || len >= sizeof(words[0]))
			return false;
		for (size_t i = 0; i < len; i++)
			words[n][i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		words[n++][len] = '\0';
		p += len;
	}
	if (n < 2 || strspn(words[0], "0123456789") != strlen(words[0]) || strlen(words[0]) > 5)
		return false;
	long v = strtol(words[0], NULL, 10);
	const char *u = words[1];
	int per = !strcmp(u, "day") || !strcmp(u, "days") ? 1 : !strcmp(u, "week") || !strcmp(u, "weeks") ? 7
		: !strcmp(u, "month") || !strcmp(u, "months") ? 30 : 0;
	if (!per)
		return false;
	bool tail = n == 2 || (n == 4 && !strcmp(words[2], "after") && !strcmp(words[3], "launch")) ||
		    (n == 5 && !strcmp(words[2], "after") && !strcmp(words[3], "launch") && !strcmp(words[4], "day"));
	if (!tail || v * per > 100000)
		return false;
	*days = (int)(v * per);
	return true;
}

/* A metric the brief changes: its id and the change, as metric set reads it. */
struct metric_change {
	int64_t id;
	char name[TM_METRIC_NAME_MAX + 1];
	tm_metric_input in;
};

/*
 * Takes the brief's rows that name one of the launch's metrics out of b: each says that metric's target
 * and window, kept in changes when they differ from the metric's. A target or timeframe that cannot be
 * read is refused naming the row.
 */
static int metric_rows(tm_app *app, const tm_launch *l, const char *source, tm_brief *b, struct metric_change *changes,
		       int *n_changes, tm_error *err)
{
	tm_metrics ms = TM_VEC_INIT;
	int keep = 0, rc = app->st->ops->metrics->list(app->st, l->id, &ms, err);
	*n_changes = 0;
	for (int i = 0; i < b->n_metrics && !rc; i++) {
		const tm_brief_metric *row = &b->metrics[i];
		const tm_metric *m = NULL;
		for (size_t k = 0; k < ms.n && !m; k++)
			if (tm_text_equal_fold(row->metric, ms.v[k].name))
				m = &ms.v[k];
		if (!m) {
			b->metrics[keep++] = *row;
			continue;
		}
		struct metric_change *c = &changes[*n_changes];
		memset(c, 0, sizeof(*c));
		c->id = m->id;
		c->in.if_version = m->version;
		snprintf(c->name, sizeof(c->name), "%s", m->name);
		if (!unstated(row->target)) {
			tm_target t;
			tm_error e = TM_ERROR_INIT;
			if (tm_target_parse(row->target, &t, &e)) {
				rc = tm_fail(err, TM_EINVAL,
					     "%s: the success metric '%s' has the target '%.60s', which is not a value (48, 48%%) or "
					     "a change from its baseline (+20%%, -3pt): nothing imported",
					     source, row->metric, row->target);
				break;
			}
			if (t.kind != m->target.kind || t.v != m->target.v) {
				c->in.target = t;
				c->in.given |= 1u << TM_MI_TARGET;
			}
		}
		if (!unstated(row->timeframe)) {
			int days = 0;
			if (!parse_timeframe(row->timeframe, &days)) {
				rc = tm_fail(err, TM_EINVAL,
					     "%s: the success metric '%s' has the timeframe '%.60s', which is not N days, N weeks "
					     "or N months (after launch): nothing imported",
					     source, row->metric, row->timeframe);
				break;
			}
			if (days != m->window) {
				c->in.window = days;
				c->in.given |= 1u << TM_MI_WINDOW;
			}
		}
		if (c->in.given)
			(*n_changes)++;
	}
	if (!rc)
		b->n_metrics = keep;
	TM_VEC_FREE(&ms);
	return rc;
}

/* Applies the brief's changes of its launch's metrics (metric set) inside the caller's transaction. */
static int apply_metric_changes(tm_app *app, const tm_launch *l, const char *source, const struct metric_change *changes,
				int n, tm_error *err)
{
	for (int i = 0; i < n; i++) {
		char id[24];
		tm_metric_view v;
		snprintf(id, sizeof(id), "%lld", (long long)changes[i].id);
		int rc = tm_app_metric_set(app, l->slug, id, &changes[i].in, &v, err);
		if (rc) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", err->msg);
			return tm_fail(err, rc, "%.120s: the success metric '%s': %.300s: nothing imported", source,
				       changes[i].name, why);
		}
	}
	return 0;
}

/* Applies the Overview's changes inside the caller's transaction: the date as a delay, the rest as
 * launch set, each read through its use case's input description like any other value. */
static int apply_overview(tm_app *app, const tm_launch_brief *lb, const tm_brief_import_options *opt, tm_error *err)
{
	tm_launch_input in = { 0 };
	tm_delay_input delay = { 0 };
	int rc = 0;
	for (int i = 0; i < lb->n_changes && !rc; i++) {
		const tm_brief_change *c = &lb->changes[i];
		if (!strcmp(c->field, "date"))
			rc = tm_input_set(&tm_delay_desc, "to", c->brief, &delay, err);
		else
			rc = tm_input_set(&tm_launch_desc, c->field, c->brief, &in, err);
	}
	if (!rc && TM_GIVEN(&delay, TM_DI_TO)) {
		tm_delay_result dr = { 0 };
		char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
		if (opt->reason && (rc = tm_input_set(&tm_delay_desc, "reason", opt->reason, &delay, err)))
			return rc;
		if (!opt->reason)
			return tm_fail_field(err, TM_EINVAL, "reason",
					     "the brief moves launch day from %s to %s: give the reason ({}), which launch delay records",
					     tm_date_format(lb->launch.date, from), tm_date_format(delay.to, to));
		rc = tm_app_launch_delay(app, lb->launch.slug, &delay, &dr, err);
		if (!rc)
			tm_delay_result_release(&dr);
	}
	if (!rc && in.given) {
		tm_launch_detail d = { 0 };
		rc = tm_app_launch_set(app, lb->launch.slug, &in, &d, err);
		if (!rc)
			tm_launch_detail_release(&d);
	}
	return rc;
}

int tm_app_brief_import_with(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     const tm_brief_import_options *opt, tm_launch_brief *out, tm_error *err)
{
	static const tm_brief_import_options defaults = { 0 };
	tm_store *st = app->st;
	tm_brief parsed;
	tm_brief_overview ov;
	if (!opt)
		opt = &defaults;
	int rc = tm_app_brief(app, launch_ref, out, err);
	if (rc)
		return rc;
	if ((rc = tm_brief_read(text, len, &parsed, &ov, err))) {
		name_source(source, err); /* "line 12: …" becomes "brief.md:12: …" */
		return rc;
	}
	/* A text with no section (an empty file, the wrong file) would wipe the brief. */
	if (!ov.sections && !opt->allow_empty)
		return tm_fail(err, TM_EINVAL,
			       "no brief sections found in %s (expected headings such as '### What We're Launching'): nothing "
			       "imported; to clear the brief, import it with --allow-empty",
			       source);
	if ((rc = refuse_other_launch(app, &out->launch, &ov, source, err)))
		return rc;
	/* The rows that name a metric change the metric, and are not kept in the brief. */
	struct metric_change changes[TM_BRIEF_ITEMS];
	int n_changes = 0;
	if ((rc = metric_rows(app, &out->launch, source, &parsed, changes, &n_changes, err)))
		return rc;
	overview_changes(app, &out->launch, &ov, out);
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	if (opt->apply_overview && out->n_changes) {
		rc = apply_overview(app, out, opt, err);
		/* The launch as the applied changes left it: its new version is the one the brief bumps. */
		if (!rc)
			rc = st->ops->launches->get(st, out->launch.id, &out->launch, err);
	}
	if (!rc)
		rc = apply_metric_changes(app, &out->launch, source, changes, n_changes, err);
	if (!rc)
		rc = st->ops->briefs->put(st, out->launch.id, &parsed, err);
	/* What the brief reads as now: its own rows after the metrics'. */
	if (!rc)
		rc = merge_launch_metrics(app, out->launch.id, &parsed, err);
	/* A new brief is a new version of its launch (the API's ETag and If-Match). */
	tm_launch l = out->launch;
	if (!rc)
		rc = st->ops->launches->update(st, &l, err);
	if (!rc) {
		tm_buf before = TM_BUF_INIT, after = TM_BUF_INIT;
		tm_launch_brief nb = *out;
		nb.brief = parsed;
		nb.written = true;
		if (out->written)
			tm_app_brief_markdown(out, &before);
		tm_app_brief_markdown(&nb, &after);
		rc = tm_app_audit(app, "brief.update", out->written ? json_string(before.s) : NULL, json_string(after.s), err,
				  "launch %lld", (long long)l.id);
		tm_buf_release(&before);
		tm_buf_release(&after);
	}
	rc = tm_store_finish(st, rc, err);
	if (!rc) {
		out->brief = parsed;
		out->written = true;
		out->launch = l;
		out->applied = opt->apply_overview && out->n_changes;
	}
	return rc;
}

int tm_app_brief_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     tm_launch_brief *out, tm_error *err)
{
	return tm_app_brief_import_with(app, launch_ref, text, len, source, NULL, out, err);
}

int tm_app_brief_import(tm_app *app, const char *launch_ref, const char *path, const tm_brief_import_options *opt,
			tm_launch_brief *out, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): a constant, 256 KiB */
	int rc = tm_read_file(path, TM_BRIEF_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_app_brief_import_with(app, launch_ref, text.s, text.len, path, opt, out, err);
	tm_buf_release(&text);
	return rc;
}
