/* store.c - which engine a --db names. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/pq.h"

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

/* The connection string's options, or NULL when it is not one libpq can read. */
static PQconninfoOption *options(const char *db)
{
	tm_error ignored = TM_ERROR_INIT;
	char *msg = NULL;
	if (!tm_store_is_pg(db) || tm_pq_load(&ignored))
		return NULL;
	PQconninfoOption *o = PQconninfoParse(db, &msg);
	PQfreemem(msg);
	return o;
}

bool tm_store_names_password(const char *db)
{
	PQconninfoOption *opts = options(db);
	bool has = false;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && *o->val)
			has = true;
	if (opts)
		PQconninfoFree(opts);
	return has;
}

void tm_store_shown(const char *db, char *out, size_t n)
{
	PQconninfoOption *opts = options(db);
	if (!opts) {
		snprintf(out, n, "%s", tm_store_is_pg(db) ? "a PostgreSQL database" : db);
		return;
	}
	const char *user = "", *host = "", *port = "", *name = "";
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v = o->val && *o->val ? o->val : NULL;
		if (!v)
			continue;
		if (!strcmp(o->keyword, "user"))
			user = v;
		else if (!strcmp(o->keyword, "host"))
			host = v;
		else if (!strcmp(o->keyword, "port"))
			port = v;
		else if (!strcmp(o->keyword, "dbname"))
			name = v;
	}
	if (host[0] == '/')
		snprintf(out, n, "postgresql://%s%s%s%s/%s?host=%s", user, *user ? "@" : "", *port ? ":" : "", port, name, host);
	else
		snprintf(out, n, "postgresql://%s%s%s%s%s/%s", user, *user ? "@" : "", host, *port ? ":" : "", port, name);
	PQconninfoFree(opts);
}
