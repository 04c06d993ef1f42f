/* pg_backlog.c - placeholder: filled in by issue 14. */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_backlog_ops tm_pg_backlog_ops = { 0 };
