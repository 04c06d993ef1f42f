/*
 * pg_outbox.c - issue 15, placeholder: the PostgreSQL side of store.h's outbox sub-table.
 */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_outbox_ops tm_pg_outbox_ops = { 0 };
