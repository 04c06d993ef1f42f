/*
 * sqlite_outbox.c - issue 15, placeholder: the SQLite side of store.h's outbox sub-table.
 */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_outbox_ops tm_sqlite_outbox_ops = { 0 };
