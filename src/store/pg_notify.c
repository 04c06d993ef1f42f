/*
 * pg_notify.c - issue 15, placeholder: the PostgreSQL side of store.h's notify sub-table.
 */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_notify_ops tm_pg_notify_ops = { 0 };
