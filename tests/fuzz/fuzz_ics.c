/*
 * fuzz_ics.c - the iCalendar importer (`holiday import FILE.ics`, POST
 * /api/v1/holidays/import: tm_app_holiday_import_text in app/calendar.c,
 * its line check and libical) on arbitrary bytes, over a store that keeps
 * holidays in memory (no database: the ops below check what they are
 * handed). Whatever the input, the importer either refuses it with
 * TM_EINVAL and a message, having written nothing that stays, or adds at
 * least one holiday: distinct days inside the dates tminus plans, counted
 * exactly, in one transaction that commits with its audit record.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "store/store.h"
#include "fake_tx.h"

#include "util/banned.h"

#define MAX_DAYS (200 * 366)     /* every day tminus plans (TM_DATE_RANGE_TEXT) */

static struct ics_state {
	int n, kept;                  /* holidays added in this input; those committed */
	tm_date days[MAX_DAYS];
	unsigned char taken[MAX_DAYS / 8 + 1]; /* by day from 2000-01-01: a holiday is there */
} state;

static bool taken(tm_date d, bool set)
{
	int i = d - tm_date_from_ymd(2000, 1, 1);
	bool was = state.taken[i / 8] & (1u << (i % 8));
	if (set)
		state.taken[i / 8] |= (unsigned char)(1u << (i % 8));
	else
		state.taken[i / 8] &= (unsigned char)~(1u << (i % 8));
	return was;
}

static int holiday_add(tm_store *st, const tm_holiday *h, tm_error *err)
{
	(void)st;
	if (!fake.in_tx || !tm_date_in_range(h->date) || strlen(h->name) > TM_NAME_MAX)
		abort();
	if (taken(h->date, true))
		return tm_fail(err, TM_ECONFLICT, "there is a holiday on that day already");
	if (state.n == MAX_DAYS)
		abort();
	state.days[state.n++] = h->date;
	return 0;
}
static int holiday_list(tm_store *st, tm_holidays *out, tm_error *err)
{
	(void)st, (void)err;
	for (int i = 0; i < state.n; i++)
		*TM_VEC_PUSH(out) = (tm_holiday){ .date = state.days[i] };
	return 0;
}
static const struct tm_store_calendar_ops calendar_ops = { .holiday_add = holiday_add, .holiday_list = holiday_list };

/* No tasks: the days the file holds are what is checked here, not the tasks they move. */
static int list_live(tm_store *st, int64_t owner_id, tm_tasks *out, tm_error *err)
{
	(void)st, (void)owner_id, (void)out, (void)err;
	return 0;
}
static const struct tm_store_tasks_ops tasks_ops = { .list_live = list_live };

static void fake_on_commit(void)
{
	state.kept = state.n;
}
static void fake_on_rollback(void)
{
	while (state.n > state.kept)
		taken(state.days[--state.n], false);
}
static bool fake_audit_ok(const tm_audit *a)
{
	(void)a;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tm_store_ops ops = {
		.name = "fuzz", .tx = &fake_tx_ops, .tasks = &tasks_ops, .calendar = &calendar_ops, .audit = &fake_audit_ops,
	};
	tm_store st = { .ops = &ops };
	tm_app app;
	tm_holiday_result res;
	tm_error err = TM_ERROR_INIT;
	if (size > 64 * 1024)
		return 0;
	/* As the server and the command line hand it over: the bytes, and a NUL after them. */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	while (state.n)
		taken(state.days[--state.n], false);
	memset(&state, 0, offsetof(struct ics_state, days));
	fake_reset("holiday.import");
	/* A fixed "today": recurrences are expanded from a year before to three after it. */
	tm_app_init(&app, &st, tm_date_from_ymd(2027, 3, 16), NULL);
	int rc = tm_app_holiday_import_text(&app, text, size, "fuzz.ics", &res, &err);
	if (fake.in_tx)
		abort();
	if (rc) {
		if (rc != TM_EINVAL || !err.msg[0] || fake.commits || state.kept)
			abort();
	} else {
		if (fake.commits != 1 || fake.rollbacks || fake.audits != 1 || res.added + res.skipped < 1 ||
		    res.added != state.kept || res.left_out < 0 || res.moved != 0)
			abort();
	}
	tm_app_release(&app);
	free(text);
	return 0;
}
