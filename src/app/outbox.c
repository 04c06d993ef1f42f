/*
 * outbox.c - issue 15, placeholder (C): sending what the outbox holds (app/outbox.h).
 */
#include <stdlib.h>

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

void tm_app_now(char out[TM_STAMP_MAX])
{
	out[0] = '\0';
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
	(void)app, (void)f, (void)out;
	return tm_fail(err, TM_EINVAL, "the outbox is not built yet");
}
