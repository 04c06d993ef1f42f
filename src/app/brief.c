/* brief.c - a launch's brief: read, written as Markdown, and read back from Markdown. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"

#define BRIEF_MAX_BYTES (256 * 1024)

int tm_app_brief(tm_app *app, const char *launch_ref, tm_launch_brief *out, tm_error *err)
{
	const tm_playbook *pb;
	memset(out, 0, sizeof(*out));
	int rc = app->st->ops->launch_find(app->st, launch_ref, &out->launch, err);
	if (!rc)
		rc = app->st->ops->brief_get(app->st, out->launch.id, &out->brief, &out->written, err);
	if (!rc && tm_app_playbook(app, &pb, err) == 0)
		snprintf(out->tier_name, sizeof(out->tier_name), "%s", tm_playbook_tier(pb, out->launch.tier)->name);
	return rc;
}

void tm_app_brief_markdown(const tm_launch_brief *b, tm_buf *out)
{
	tm_brief_markdown(&b->brief, &b->launch, b->tier_name, out);
}

int tm_app_brief_import_text(tm_app *app, const char *launch_ref, const char *text, size_t len, const char *source,
			     tm_launch_brief *out, tm_error *err)
{
	tm_store *st = app->st;
	tm_brief parsed;
	int rc = tm_app_brief(app, launch_ref, out, err);
	if (rc)
		return rc;
	if ((rc = tm_brief_parse(text, len, &parsed, err))) {
		/* "line 12: …" becomes "brief.md:12: …" */
		if (err->line > 0) {
			tm_buf msg = TM_BUF_INIT;
			const char *colon = strchr(err->msg, ':');
			tm_buf_printf(&msg, "%s:%d:%s", source, err->line, colon ? colon + 1 : err->msg);
			memcpy(err->msg, msg.s, msg.len < sizeof(err->msg) - 1 ? msg.len + 1 : sizeof(err->msg) - 1);
			err->msg[sizeof(err->msg) - 1] = '\0';
			snprintf(err->file, sizeof(err->file), "%s", source);
			tm_buf_release(&msg);
		}
		return rc;
	}
	if ((rc = st->ops->begin(st, true, err)))
		return rc;
	rc = st->ops->brief_put(st, out->launch.id, &parsed, err);
	/* A new brief is a new version of its launch (the API's ETag and If-Match). */
	tm_launch l = out->launch;
	if (!rc)
		rc = st->ops->launch_update(st, &l, err);
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
	}
	return rc;
}

int tm_app_brief_import(tm_app *app, const char *launch_ref, const char *path, tm_launch_brief *out, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	int rc = tm_read_file(path, BRIEF_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_app_brief_import_text(app, launch_ref, text.s, text.len, path, out, err);
	tm_buf_release(&text);
	return rc;
}
