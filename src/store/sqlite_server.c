/*
 * sqlite_server.c - what the server keeps beside the plans: the audit log,
 * idempotency keys, sign-in sessions (by the hash of their id), feed token
 * generations and the feed key file beside the database, launch removal and
 * the online backup.
 */
#include <errno.h>
#include <fcntl.h>
#include "util/sodium.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_internal.h"

#include "util/banned.h"

void tm_audits_free(tm_audits *a)
{
	for (size_t i = 0; i < a->n; i++)
		tm_audit_release(&a->v[i]);
	TM_VEC_FREE(a);
}

int sq_launch_rm(tm_store *st, int64_t id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM launches WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", id);
	int rc = sq_exec_stmt(s, q, "removing a launch", err);
	if (!rc && !sqlite3_changes(s->db))
		return tm_fail(err, TM_ENOTFOUND, "unknown launch %lld", (long long)id);
	return rc;
}

static void bind_text_or_null(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);
	if (i > 0 && v)
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
	else if (i > 0)
		sqlite3_bind_null(q, i);
}

int sq_audit_add(tm_store *st, const tm_audit *a, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "INSERT INTO audit(who, action, target, before, after) "
				  "VALUES(:who, :action, :target, :before, :after)";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":who", a->who);
	sq_bind_text(q, ":action", a->action);
	sq_bind_text(q, ":target", a->target);
	bind_text_or_null(q, ":before", a->before);
	bind_text_or_null(q, ":after", a->after);
	return sq_exec_stmt(s, q, "writing the audit log", err);
}

static char *col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? tm_xstrdup((const char *)t) : NULL;
}

int sq_audit_list(tm_store *st, int limit, int offset, tm_audits *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT id, at, who, action, target, before, after FROM audit "
				  "ORDER BY id DESC LIMIT :limit OFFSET :offset";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":limit", limit > 0 ? limit : -1);
	sq_bind_int(q, ":offset", offset);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		tm_audit *a = TM_VEC_PUSH(out);
		memset(a, 0, sizeof(*a));
		a->id = sqlite3_column_int64(q, 0);
		sq_col_text(q, 1, a->at, sizeof(a->at));
		sq_col_text(q, 2, a->who, sizeof(a->who));
		sq_col_text(q, 3, a->action, sizeof(a->action));
		sq_col_text(q, 4, a->target, sizeof(a->target));
		a->before = col_dup(q, 5);
		a->after = col_dup(q, 6);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading the audit log");
}

int sq_idem_get(tm_store *st, int64_t user_id, const char *key, tm_idem *out, bool *found, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT request, status, location, content_type, body FROM idempotency "
				  "WHERE user_id = :user AND key = :key "
				  "AND created_at > strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	sq_bind_text(q, ":key", key);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->user_id = user_id;
		snprintf(out->key, sizeof(out->key), "%s", key);
		sq_col_text(q, 0, out->request, sizeof(out->request));
		out->status = sqlite3_column_int(q, 1);
		sq_col_text(q, 2, out->location, sizeof(out->location));
		sq_col_text(q, 3, out->content_type, sizeof(out->content_type));
		out->body_len = (size_t)sqlite3_column_bytes(q, 4);
		out->body = tm_xmalloc(out->body_len + 1);
		if (out->body_len)
			memcpy(out->body, sqlite3_column_blob(q, 4), out->body_len);
		out->body[out->body_len] = '\0';
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "reading an idempotency key");
}

int sq_idem_put(tm_store *st, const tm_idem *in, tm_error *err)
{
	struct sq *s = SQ(st);
	/* Keys live a day: older ones are dropped as new ones come. */
	static const char prune[] = "DELETE FROM idempotency WHERE user_id = :user "
				    "AND created_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')";
	static const char sql[] = "INSERT OR REPLACE INTO idempotency(user_id, key, request, status, location, content_type, body) "
				  "VALUES(:user, :key, :request, :status, :location, :ctype, :body)";
	sqlite3_stmt *q = sq_stmt(s, prune, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", in->user_id);
	int rc = sq_exec_stmt(s, q, "pruning idempotency keys", err);
	if (rc || !(q = sq_stmt(s, sql, err)))
		return rc ? rc : err->code;
	sq_bind_int(q, ":user", in->user_id);
	sq_bind_text(q, ":key", in->key);
	sq_bind_text(q, ":request", in->request);
	sq_bind_int(q, ":status", in->status);
	sq_bind_text(q, ":location", in->location);
	sq_bind_text(q, ":ctype", in->content_type);
	sqlite3_bind_blob(q, sqlite3_bind_parameter_index(q, ":body"), in->body ? in->body : "", (int)in->body_len,
			  SQLITE_TRANSIENT);
	return sq_exec_stmt(s, q, "saving an idempotency key", err);
}

int sq_session_add(tm_store *st, const char *hash, int64_t user_id, const char *now, const char *expires, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char prune[] = "DELETE FROM sessions WHERE expires_at <= :now";
	static const char sql[] = "INSERT INTO sessions(hash, user_id, created_at, seen_at, expires_at) "
				  "VALUES(:hash, :user, :now, :now, :expires)";
	sqlite3_stmt *q = sq_stmt(s, prune, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":now", now);
	int rc = sq_exec_stmt(s, q, "pruning sessions", err);
	if (rc || !(q = sq_stmt(s, sql, err)))
		return rc ? rc : err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_int(q, ":user", user_id);
	sq_bind_text(q, ":now", now);
	sq_bind_text(q, ":expires", expires);
	return sq_exec_stmt(s, q, "starting a session", err);
}

int sq_session_find(tm_store *st, const char *hash, const char *now, const char *idle_since, tm_user *out,
		    char seen_at[32], tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "SELECT user_id, seen_at FROM sessions WHERE hash = :hash AND expires_at > :now "
				  "AND seen_at > :idle";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_text(q, ":now", now);
	sq_bind_text(q, ":idle", idle_since);
	int rc = sqlite3_step(q);
	int64_t user_id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	if (rc == SQLITE_ROW)
		sq_col_text(q, 1, seen_at, 32);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return tm_fail(err, TM_ENOTFOUND, "no such session");
	if (rc != SQLITE_ROW)
		return sq_db_fail(s, err, "reading a session");
	return sq_user_get(st, user_id, out, err);
}

int sq_session_touch(tm_store *st, const char *hash, const char *now, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE sessions SET seen_at = :now WHERE hash = :hash";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	sq_bind_text(q, ":now", now);
	return sq_exec_stmt(s, q, "touching a session", err);
}

int sq_session_rm(tm_store *st, const char *hash, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM sessions WHERE hash = :hash";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_text(q, ":hash", hash);
	return sq_exec_stmt(s, q, "ending a session", err);
}

int sq_session_rm_user(tm_store *st, int64_t user_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "DELETE FROM sessions WHERE user_id = :user";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":user", user_id);
	return sq_exec_stmt(s, q, "ending a user's sessions", err);
}

int sq_user_feed_bump(tm_store *st, int64_t user_id, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "UPDATE users SET feed_generation = feed_generation + 1 WHERE id = :id";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	sq_bind_int(q, ":id", user_id);
	return sq_exec_stmt(s, q, "replacing a feed token", err);
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
		return tm_fail(err, TM_EIO, "cannot create the feed key beside the database ('%s'): %s", path, strerror(errno));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, 65, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	hex[64] = '\n';
	if (write(fd, hex, 65) != 65 || fsync(fd))
		rc = tm_fail(err, TM_EIO, "cannot write the feed key '%s': %s", tmp, strerror(errno));
	sodium_memzero(hex, sizeof(hex));
	close(fd);
	if (!rc && link(tmp, path) && errno != EEXIST)
		rc = tm_fail(err, TM_EIO, "cannot create the feed key '%s': %s", path, strerror(errno));
	unlink(tmp);
	return rc;
}

int sq_feed_key(tm_store *st, unsigned char key[32], tm_error *err)
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
			return tm_fail(err, TM_EIO, "cannot read the feed key '%s': %s", path, strerror(errno));
		if (attempt == 0) {
			int rc = make_feed_key(path, err);
			if (rc)
				return rc;
		}
	}
	return tm_fail(err, TM_EIO, "the feed key '%s' vanished as it was made", path);
}

int sq_data_version(tm_store *st, int64_t *out, tm_error *err)
{
	struct sq *s = SQ(st);
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *q = sq_stmt(s, sql, err);
	if (!q)
		return err->code;
	int rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : sq_db_fail(s, err, "reading the data version");
}

int sq_backup(tm_store *st, const char *path, tm_error *err)
{
	struct sq *s = SQ(st);
	sqlite3 *dst = NULL;
	int rc = 0;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = tm_fail(err, TM_EIO, "cannot create '%s': %s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		rc = tm_fail(err, TM_EIO, "cannot back up to '%s': %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	/* Steps of 256 pages: writers get the lock between steps; a step that finds the
	 * source busy or changed simply goes on. */
	int step;
	while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED)
		if (step != SQLITE_OK)
			sqlite3_sleep(10);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE)
		rc = tm_fail(err, TM_EIO, "backing up to '%s' failed: %s", path, sqlite3_errstr(step));
out:
	sqlite3_close(dst);
	return rc;
}
