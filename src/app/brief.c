/* brief.c - a launch's brief: read, written as Markdown, and read back from Markdown. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "core/text.h"

#include "util/banned.h"


int tm_app_brief(tm_app *app, const char *launch_ref, tm_launch_brief *out, tm_error *err)
{
	const tm_playbook *pb;
	memset(out, 0, sizeof(*out));
	int rc = app->st->ops->launches->find(app->st, launch_ref, &out->launch, err);
	if (!rc)
		rc = app->st->ops->briefs->get(app->st, out->launch.id, &out->brief, &out->written, err);
	if (!rc && tm_app_playbook(app, &pb, err) == 0)
		snprintf(out->tier_name, sizeof(out->tier_name), "%s", tm_playbook_tier(pb, out->launch.tier)->name);
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
		rc = st->ops->briefs->put(st, out->launch.id, &parsed, err);
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
	int rc = tm_read_file(path, TM_BRIEF_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_app_brief_import_with(app, launch_ref, text.s, text.len, path, opt, out, err);
	tm_buf_release(&text);
	return rc;
}
