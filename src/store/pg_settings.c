/*
 * pg_settings.c - the workspace's settings (key → text) and its feed key,
 * for PostgreSQL. SQLite keeps the feed key in a file beside the database;
 * several servers share one PostgreSQL database and no file, so here the
 * key is a row of `secrets` (64 hex digits), made by whichever server needs
 * it first. Whoever can read that table can make feed tokens: grant it to
 * tminus's role only.
 */
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"
#include "util/sodium.h"

#include "util/banned.h"

static int pg_setting_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = $1";
	return pg_key_get(PG(st), sql, key, out, found, "reading a setting", err);
}

static int pg_setting_set(tm_store *st, const char *key, const char *value, tm_error *err)
{
	static const char set[] = "INSERT INTO settings(key, value) VALUES($1, $2) "
				  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM settings WHERE key = $1";
	return pg_key_set(PG(st), set, del, key, value, "saving a setting", err);
}

/* Reads the key's row: *found false when there is none yet. */
static int read_feed_key(struct pg *p, unsigned char key[32], bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM secrets WHERE name = 'feed_key'";
	pg_params a = PG_PARAMS_INIT;
	PGresult *res = pg_run(p, sql, &a, "reading the feed key", err);
	if (!res)
		return err->code;
	int rc = 0;
	*found = PQntuples(res) > 0;
	if (*found && (PQgetlength(res, 0, 0) != 64 ||
		       sodium_hex2bin(key, 32, PQgetvalue(res, 0, 0), 64, NULL, NULL, NULL)))
		rc = tm_fail(err, TM_EIO, "the feed key in the database is damaged (it holds 64 hex digits): restore it "
			     "from a backup, or delete the row 'feed_key' of the table secrets to make a new one (every "
			     "feed address changes)");
	PQclear(res);
	return rc;
}

/* Makes the key unless there is one: two servers making it at once both keep the first one
 * stored (the second insert waits for the first and does nothing), and both read that back. */
static int make_feed_key(struct pg *p, tm_error *err)
{
	static const char sql[] = "INSERT INTO secrets(name, value) VALUES('feed_key', $1) ON CONFLICT (name) DO NOTHING";
	unsigned char raw[32];
	char hex[65];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	pg_params a = PG_PARAMS_INIT;
	pg_text(&a, hex);
	int rc = pg_do(p, sql, &a, "making the feed key", err);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

/*
 * The key is made on a connection of its own, committed at once: made in the caller's
 * transaction, it would be lost with a rollback after a feed address made from it was handed
 * out, and a transaction's snapshot would not see one another server made meanwhile.
 */
static int pg_feed_key(tm_store *st, unsigned char key[32], tm_error *err)
{
	struct pg *p = PG(st), *side = NULL;
	bool found = false;
	int rc = read_feed_key(p, key, &found, err);
	if (rc || found)
		return rc;
	side = tm_xcalloc(1, sizeof(*side));
	memcpy(side->conninfo, p->conninfo, sizeof(side->conninfo));
	if (!(rc = pg_connect(side, err)) && !(rc = make_feed_key(side, err)) &&
	    !(rc = read_feed_key(side, key, &found, err)) && !found)
		rc = tm_fail(err, TM_EIO, "the feed key vanished as it was made");
	if (side->conn)
		PQfinish(side->conn);
	free(side);
	return rc;
}

const struct tm_store_settings_ops tm_pg_settings_ops = {
	.get = pg_setting_get,
	.set = pg_setting_set,
	.feed_key = pg_feed_key,
};
