/*
 * sqlite_settings.c - the workspace's settings (key → text) and its feed
 * key, kept in a file beside the database rather than in it, so that a copy
 * of the database yields no feed token.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_internal.h"
#include "util/sodium.h"

#include "util/banned.h"

static int sq_setting_get(tm_store *st, const char *key, tm_buf *out, bool *found, tm_error *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = :key";
	return sq_key_get(SQ(st), sql, key, out, found, "reading a setting", err);
}

static int sq_setting_set(tm_store *st, const char *key, const char *value, tm_error *err)
{
	static const char set[] = "INSERT INTO settings(key, value) VALUES(:key, :value) "
				  "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM settings WHERE key = :key";
	return sq_key_set(SQ(st), set, del, key, value, "saving a setting", err);
}

/* Reads the key file at path: 64 hex digits (a newline may follow), readable by its owner only. */
static int read_feed_key(const char *path, int fd, unsigned char key[32], tm_error *err)
{
	struct stat sb;
	char text[70];
	ssize_t n = 0, got;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode))
		return tm_fail(err, TM_EIO, "the feed key '%s' is not a regular file", path);
	if (sb.st_mode & 077)
		return tm_fail(err, TM_EIO, "the feed key '%s' can be read by others (mode %04o): 'chmod 600' it, or remove it "
			       "to make a new one (every feed address changes)", path, (unsigned)(sb.st_mode & 07777));
	while (n < (ssize_t)sizeof(text) && (got = read(fd, text + n, sizeof(text) - (size_t)n)) > 0)
		n += got;
	if (n > 64 && text[64] == '\n')
		n--;
	if (n != 64 || sodium_hex2bin(key, 32, text, 64, NULL, NULL, NULL))
		return tm_fail(err, TM_EIO, "the feed key '%s' is damaged (it holds 64 hex digits): restore it from where you "
			       "keep it, or remove it to make a new one (every feed address changes)", path);
	return 0;
}

/* Makes the key file: written whole under a temporary name, then linked into place, which
 * fails if another process made one meanwhile (then that one is used). */
static int make_feed_key(const char *path, tm_error *err)
{
	unsigned char raw[32];
	char hex[66], tmp[4200];
	int rc = 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp))
		return tm_fail(err, TM_EIO, "the database's path is too long for a feed key beside it");
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return tm_fail(err, TM_EIO, "cannot create the feed key beside the database ('%s'): %s", path, tm_strerror(errno));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, 65, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	hex[64] = '\n';
	if (write(fd, hex, 65) != 65 || fsync(fd))
		rc = tm_fail(err, TM_EIO, "cannot write the feed key '%s': %s", tmp, tm_strerror(errno));
	sodium_memzero(hex, sizeof(hex));
	close(fd);
	if (!rc && link(tmp, path) && errno != EEXIST)
		rc = tm_fail(err, TM_EIO, "cannot create the feed key '%s': %s", path, tm_strerror(errno));
	unlink(tmp);
	return rc;
}

static int sq_feed_key(tm_store *st, unsigned char key[32], tm_error *err)
{
	struct sq *s = SQ(st);
	const char *db = sqlite3_db_filename(s->db, "main");
	char path[4096];
	if (!db || !*db)
		return tm_fail(err, TM_EIO, "a workspace without a file has no place for its feed key");
	if ((size_t)snprintf(path, sizeof(path), "%s.feed-key", db) >= sizeof(path))
		return tm_fail(err, TM_EIO, "the database's path is too long for a feed key beside it");
	for (int attempt = 0; attempt < 2; attempt++) {
		int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			int rc = read_feed_key(path, fd, key, err);
			close(fd);
			return rc;
		}
		if (errno != ENOENT)
			return tm_fail(err, TM_EIO, "cannot read the feed key '%s': %s", path, tm_strerror(errno));
		if (attempt == 0) {
			int rc = make_feed_key(path, err);
			if (rc)
				return rc;
		}
	}
	return tm_fail(err, TM_EIO, "the feed key '%s' vanished as it was made", path);
}

const struct tm_store_settings_ops tm_sqlite_settings_ops = {
	.get = sq_setting_get,
	.set = sq_setting_set,
	.feed_key = sq_feed_key,
};
