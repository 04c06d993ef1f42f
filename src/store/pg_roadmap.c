/* pg_roadmap.c - placeholder: filled in by issue 14. */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_roadmap_ops tm_pg_roadmap_ops = { 0 };
