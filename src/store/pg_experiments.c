/* pg_experiments.c - placeholder: filled in by issue 14. */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_experiments_ops tm_pg_experiments_ops = { 0 };
