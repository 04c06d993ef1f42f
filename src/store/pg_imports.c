/*
 * pg_imports.c - issue 15, placeholder: the PostgreSQL side of store.h's imports sub-table.
 */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_imports_ops tm_pg_imports_ops = { 0 };
