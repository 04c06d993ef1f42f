/* pg_glossary.c - placeholder: filled in by issue 14. */
#include "store/pg_internal.h"

#include "util/banned.h"

const struct tm_store_glossary_ops tm_pg_glossary_ops = { 0 };
