/*
 * sqlite_imports.c - issue 15, placeholder: the SQLite side of store.h's imports sub-table.
 */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_imports_ops tm_sqlite_imports_ops = { 0 };
