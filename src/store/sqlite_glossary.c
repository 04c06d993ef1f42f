/* sqlite_glossary.c - placeholder: filled in by issue 14. */
#include "store/sqlite_internal.h"

#include "util/banned.h"

const struct tm_store_glossary_ops tm_sqlite_glossary_ops = { 0 };
