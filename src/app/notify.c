/*
 * notify.c - issue 15, placeholder (D): who is told what (app/notify.h).
 */
#include "app/notify.h"

#include "util/banned.h"

void tm_notify_report_free(tm_notify_report *r)
{
	tm_outbox_items_free(&r->items);
}

int tm_app_notify_pass(tm_app *app, const char *base_url, bool dry_run, tm_notify_report *out, tm_error *err)
{
	(void)app, (void)base_url, (void)dry_run, (void)out;
	return tm_fail(err, TM_EINVAL, "notifications are not built yet");
}
