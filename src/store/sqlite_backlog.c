/* sqlite_backlog.c - placeholder: filled in by issue 14. */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_backlog_ops tm_sqlite_backlog_ops = { 0 };
