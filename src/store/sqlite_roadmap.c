/* sqlite_roadmap.c - placeholder: filled in by issue 14. */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_roadmap_ops tm_sqlite_roadmap_ops = { 0 };
