/* app.c - the application context, the playbook in force, and shared parsing. */
#include "app/app.h"
#include "app/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define PLAYBOOK_MAX_BYTES (1 << 20)

void tm_app_init(tm_app *app, tm_store *st, tm_date today, const char *playbook_path)
{
	/* Field by field: the playbook (tens of KiB) is left alone until it is loaded, which
	 * matters to a server that starts a tm_app for every request. */
	app->st = st;
	app->today = today;
	app->playbook_path = playbook_path;
	app->pb_loaded = false;
	app->pb_source[0] = '\0';
	memset(&app->holidays, 0, sizeof(app->holidays));
	app->holiday_dates = NULL;
	memset(&app->cal, 0, sizeof(app->cal));
	app->cal_loaded = false;
	app->memo = NULL;
	app->memo_stamp[0] = app->memo_stamp[1] = 0;
	app->user = NULL;
}

void tm_app_release(tm_app *app)
{
	TM_VEC_FREE(&app->holidays);
	free(app->holiday_dates);
	app->holiday_dates = NULL;
	app->cal_loaded = false;
	if (app->pb_loaded)
		tm_playbook_release(&app->pb);
	app->pb_loaded = false;
}

void tm_note_add(tm_notes *notes, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(TM_VEC_PUSH(notes)->text, sizeof(notes->v[0].text), fmt, ap);
	va_end(ap);
}

int tm_read_file(const char *path, size_t max, tm_buf *out, tm_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return tm_fail(err, errno == ENOENT ? TM_ENOTFOUND : TM_EIO, "cannot read '%s': %s", path,
			       tm_strerror(errno));
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > max) {
			rc = tm_fail(err, TM_EINVAL, "'%s' is too large (more than %zu bytes)", path, max);
			break;
		}
		tm_buf_add(out, chunk, n);
	}
	if (!rc && ferror(f))
		rc = tm_fail(err, TM_EIO, "cannot read '%s': %s", path, tm_strerror(errno));
	(void)fclose(f); /* read only: nothing of ours is lost */
	return rc;
}

int tm_app_playbook_check(const char *path, tm_playbook *out, tm_pb_problems *problems, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	/* A playbook file that is not there is a bad argument, not a missing record. */
	int rc = tm_read_file(path, PLAYBOOK_MAX_BYTES, &text, err);
	if (rc == TM_ENOTFOUND)
		rc = err->code = TM_EINVAL;
	if (!rc)
		rc = tm_playbook_load(text.s, text.len, path, out, problems, err);
	tm_buf_release(&text);
	return rc;
}

int tm_app_playbook(tm_app *app, const tm_playbook **out, tm_error *err)
{
	if (app->pb_loaded) {
		*out = &app->pb;
		return 0;
	}
	int rc = 0;
	tm_buf text = TM_BUF_INIT;
	if (app->playbook_path) {
		rc = tm_app_playbook_check(app->playbook_path, &app->pb, NULL, err);
		snprintf(app->pb_source, sizeof(app->pb_source), "%s", app->playbook_path);
	} else {
		bool found = false;
		if (app->st)
			rc = app->st->ops->settings->get(app->st, "playbook", &text, &found, err);
		if (!rc && found) {
			rc = tm_playbook_load(text.s, text.len, "workspace playbook", &app->pb, NULL, err);
			snprintf(app->pb_source, sizeof(app->pb_source), "workspace");
		} else if (!rc) {
			size_t len;
			const char *yaml = tm_default_playbook_yaml(&len);
			rc = tm_playbook_load(yaml, len, "default.yaml", &app->pb, NULL, err);
			snprintf(app->pb_source, sizeof(app->pb_source), "built-in default");
		}
	}
	tm_buf_release(&text);
	if (rc)
		return rc;
	app->pb_loaded = true;
	*out = &app->pb;
	return 0;
}

int tm_app_playbook_check_text(const char *text, size_t len, const char *name, tm_playbook *out,
			       tm_pb_problems *problems, tm_error *err)
{
	if (len > PLAYBOOK_MAX_BYTES)
		return tm_fail(err, TM_EINVAL, "'%s' is too large (more than %d bytes)", name, PLAYBOOK_MAX_BYTES);
	if (memchr(text, '\0', len))
		return tm_fail(err, TM_EINVAL, "'%s' is not a text file (it holds a NUL byte)", name);
	return tm_playbook_load(text, len, name, out, problems, err);
}

int tm_app_playbook_set(tm_app *app, const char *text, size_t len, const char *name, tm_pb_problems *problems,
			tm_error *err)
{
	tm_playbook pb;
	int rc = 0;
	if (text) {
		if ((rc = tm_app_playbook_check_text(text, len, name, &pb, problems, err)))
			return rc;
		tm_playbook_release(&pb);
	}
	if ((rc = app->st->ops->tx->begin(app->st, true, err)))
		return rc;
	rc = app->st->ops->settings->set(app->st, "playbook", text, err);
	if (!rc)
		rc = tm_app_audit(app, "playbook.use", NULL, json_pack("{s:s?}", "file", text ? name : NULL), err, "playbook");
	rc = tm_store_finish(app->st, rc, err);
	/* The playbook in force is read again when next asked for. */
	if (!rc && app->pb_loaded) {
		tm_playbook_release(&app->pb);
		app->pb_loaded = false;
	}
	return rc;
}

int tm_app_playbook_use(tm_app *app, const char *path, tm_error *err)
{
	tm_buf text = TM_BUF_INIT;
	int rc = 0;
	if (path) {
		/* A playbook file that is not there is a bad argument, not a missing record. */
		rc = tm_read_file(path, PLAYBOOK_MAX_BYTES, &text, err);
		if (rc == TM_ENOTFOUND)
			rc = err->code = TM_EINVAL;
	}
	if (!rc)
		rc = tm_app_playbook_set(app, path ? text.s : NULL, text.len, path, NULL, err);
	tm_buf_release(&text);
	return rc;
}

int tm_app_playbook_text(tm_app *app, tm_buf *yaml, const char **source, tm_error *err)
{
	bool found = false;
	int rc = 0;
	if (app->playbook_path) {
		*source = "file";
		return tm_read_file(app->playbook_path, PLAYBOOK_MAX_BYTES, yaml, err);
	}
	if (app->st)
		rc = app->st->ops->settings->get(app->st, "playbook", yaml, &found, err);
	if (rc || found) {
		*source = "workspace";
		return rc;
	}
	size_t len;
	const char *text = tm_default_playbook_yaml(&len);
	*source = "default";
	tm_buf_add(yaml, text, len);
	return 0;
}

int tm_parse_int(const char *field, const char *s, int lo, int hi, int *out, tm_error *err)
{
	if (!s || !*s)
		return tm_fail_field(err, TM_EINVAL, field, "missing %s", field);
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		return tm_fail_field(err, TM_EINVAL, field, "invalid %s '%.40s': expected a whole number from %d to %d",
				     field, s, lo, hi);
	*out = (int)v;
	return 0;
}

int tm_parse_tier(const char *s, int *out, tm_error *err)
{
	int v;
	if (!s || !*s)
		return tm_fail_field(err, TM_EINVAL, "tier", "missing tier (1, 2, 3 or 4)");
	char *end = NULL;
	long l = strtol(s, &end, 10);
	if (*end || end == s || l < 1 || l > TM_TIERS)
		return tm_fail_field(err, TM_EINVAL, "tier", "unknown tier '%.40s': tiers are 1, 2, 3 and 4", s);
	v = (int)l;
	*out = v;
	return 0;
}
