/* sqlite_internal.h - what the SQLite backend's files share. */
#ifndef TM_SQLITE_INTERNAL_H
#define TM_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

extern const char *const tm_sqlite_migrations[];
extern const int tm_sqlite_n_migrations;

#endif
