/* pg_idem.c - not written yet: the PostgreSQL side of sqlite_idem.c. */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_idem_ops tm_pg_idem_ops = { 0 };
