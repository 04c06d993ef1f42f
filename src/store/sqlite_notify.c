/*
 * sqlite_notify.c - issue 15, placeholder: the SQLite side of store.h's notify sub-table.
 */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_notify_ops tm_sqlite_notify_ops = { 0 };
