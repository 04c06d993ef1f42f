/*
 * outbox.c - issue 15, placeholder (C): sending what the outbox holds (app/outbox.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/outbox.h"

#include "util/banned.h"

void tm_outbox_item_free(tm_outbox_item *it)
{
	free(it->subject);
	free(it->body);
	free(it->html);
	it->subject = it->body = it->html = NULL;
}

void tm_outbox_items_free(tm_outbox_items *s)
{
	for (size_t i = 0; i < s->n; i++)
		tm_outbox_item_free(&s->v[i]);
	TM_VEC_FREE(s);
}

void tm_outbox_config_env(tm_outbox_config *cfg)
{
	(void)cfg;
}

/* True when s is "YYYY-MM-DDTHH:MM:SSZ". */
static bool is_stamp(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	return s[sizeof(shape) - 1] == '\0';
}

void tm_app_now(char out[TM_STAMP_MAX])
{
	const char *pin = getenv("TMINUS_NOW");
	if (pin && is_stamp(pin)) {
		snprintf(out, TM_STAMP_MAX, "%s", pin);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, TM_STAMP_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int tm_app_outbox_send(tm_app *app, const tm_outbox_config *cfg, int limit, tm_outbox_result *out, tm_error *err)
{
	(void)app, (void)cfg, (void)limit, (void)out;
	return tm_fail(err, TM_EINVAL, "sending is not built yet");
}

int tm_app_outbox_send_one(tm_app *app, const tm_outbox_config *cfg, int64_t id, tm_outbox_item *out, tm_error *err)
{
	(void)app, (void)cfg, (void)id, (void)out;
	return tm_fail(err, TM_EINVAL, "sending is not built yet");
}

int tm_app_outbox_log(tm_app *app, const tm_outbox_filter *f, tm_outbox_items *out, tm_error *err)
{
	return app->st->ops->outbox->log(app->st, f, out, err);
}
