/*
 * outbox_row.h - how both engines read an outbox item (store.h): the columns, in this order
 * (sqlite_outbox.c and pg_outbox.c).
 */
#ifndef TM_STORE_OUTBOX_ROW_H
#define TM_STORE_OUTBOX_ROW_H

#include <string.h>

#include "store/row.h"
#include "store/store.h"
#include "util/buf.h"

#define OUTBOX_COLS                                                                                     \
	"id, channel, event, event_key, recipient, coalesce(person_id, 0), coalesce(webhook_id, 0), "  \
	"coalesce(launch_id, 0), subject, body, html, status, attempts, next_at, last_error, created_at, " \
	"coalesce(sent_at, '')"

/* A copy of a column's text ("" for NULL). */
static inline char *tm_outbox_row_dup(const tm_row *r, int col)
{
	const char *t = tm_row_str(r, col);
	return tm_xstrdup(t ? t : "");
}

/* Reads OUTBOX_COLS into it, which owns its texts afterwards (tm_outbox_item_free). */
static inline void tm_row_outbox(const tm_row *r, tm_outbox_item *it)
{
	memset(it, 0, sizeof(*it));
	it->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, it->channel, sizeof(it->channel));
	tm_row_text(r, 2, it->event, sizeof(it->event));
	tm_row_text(r, 3, it->event_key, sizeof(it->event_key));
	tm_row_text(r, 4, it->recipient, sizeof(it->recipient));
	it->person_id = tm_row_i64(r, 5);
	it->webhook_id = tm_row_i64(r, 6);
	it->launch_id = tm_row_i64(r, 7);
	it->subject = tm_outbox_row_dup(r, 8);
	it->body = tm_outbox_row_dup(r, 9);
	it->html = tm_outbox_row_dup(r, 10);
	tm_row_text(r, 11, it->status, sizeof(it->status));
	it->attempts = tm_row_int(r, 12);
	tm_row_text(r, 13, it->next_at, sizeof(it->next_at));
	tm_row_text(r, 14, it->last_error, sizeof(it->last_error));
	tm_row_text(r, 15, it->created_at, sizeof(it->created_at));
	tm_row_text(r, 16, it->sent_at, sizeof(it->sent_at));
}

#endif
