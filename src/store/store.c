/* store.c - which engine a --db names. */
#include <string.h>

#include "store/store.h"

#include "util/banned.h"

bool tm_store_is_pg(const char *db)
{
	if (!strncmp(db, "postgres://", 11) || !strncmp(db, "postgresql://", 13))
		return true;
	/* libpq's keyword=value form ("host=/run/pg dbname=tminus"): a file name has no '=' before a space. */
	const char *eq = strchr(db, '=');
	return eq && eq != db && !memchr(db, '/', (size_t)(eq - db)) && (strchr(db, ' ') || !strncmp(db, "dbname=", 7) ||
									      !strncmp(db, "host=", 5) || !strncmp(db, "service=", 8));
}

int tm_store_open(const char *db, tm_store **out, tm_error *err)
{
	return tm_store_is_pg(db) ? tm_store_open_pg(db, out, err) : tm_store_open_sqlite(db, out, err);
}
