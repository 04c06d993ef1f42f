/*
 * copy.c - tminus copy: a whole workspace into another, whichever engine
 * each is on (SQLite to PostgreSQL, back, or SQLite to SQLite as a compacting
 * copy). Every row of every table travels with its id, then the id counters
 * and the feed key, so the two workspaces answer every read alike, hand out
 * the same next ids, and feed addresses keep working.
 *
 * The source is read in one transaction (one moment of it, even while a
 * server writes); the target is written in one, so a refusal or a failure
 * half way leaves it as it was. The store does the reading and writing
 * (store.h's copy sub-table); this file only decides.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/copy.h"
#include "store/store.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)

static const tm_field copy_fields[] = {
	[TM_CI_FROM] = { "from", NULL, TM_IN_TEXT, 0, TM_DB_MAX, TM_IN_REQUIRED, NULL, "DB",
			 "the workspace to copy: a SQLite file, or a PostgreSQL connection string (postgres://…)",
			 F(tm_copy_input, from), NULL, NULL },
	[TM_CI_TO] = { "to", NULL, TM_IN_TEXT, 0, TM_DB_MAX, TM_IN_REQUIRED, NULL, "DB",
		       "the workspace to write: a SQLite file (made when there is none) or a PostgreSQL connection string",
		       F(tm_copy_input, to), NULL, NULL },
	[TM_CI_REPLACE] = { "replace", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			    "replace everything the target holds (without it, a target that holds anything is refused)",
			    F(tm_copy_input, replace), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_copy_desc = {
	"copy", NULL, NULL, "A whole workspace copied into another, on any storage engine, with the same ids.",
	copy_fields, offsetof(tm_copy_input, given), sizeof(tm_copy_input), NULL,
};

/* A row read from the source goes straight to the target's writer. */
struct pump {
	tm_store *dst;
	tm_copy_writer *w;
	int64_t rows;
};

static int pump_row(void *arg, const tm_cell *row, tm_error *err)
{
	struct pump *p = arg;
	p->rows++;
	return p->dst->ops->copy->put(p->w, row, err);
}

/* Refuses a target that holds any row, naming what it holds; *held is whether it holds any. */
static int check_empty(tm_store *dst, const tm_copy_input *in, const char *shown, bool *held, tm_error *err)
{
	char what[300];
	int rc = tm_copy_held(dst, NULL, held, what, sizeof(what), err);
	if (rc)
		return rc;
	if (*held && !in->replace)
		return tm_fail_field(err, TM_ECONFLICT, "replace",
				     "'%s' is not empty (%s): give {} to replace everything in it, or copy to a new workspace",
				     shown, what);
	return 0;
}

/* Every table, the id counters and the feed key, inside the two open transactions. */
static int copy_all(tm_store *src, tm_store *dst, const tm_copy_input *in, tm_copy_result *out, tm_error *err)
{
	const struct tm_store_copy_ops *r = src->ops->copy, *w = dst->ops->copy;
	bool held = false;
	int rc = check_empty(dst, in, out->to, &held, err);
	if (rc)
		return rc;
	if (held && (rc = w->clear(dst, err)))
		return rc;
	out->replaced = held;
	for (int i = 0; i < TM_COPY_MAX_TABLES && tm_copy_tables[i].name; i++) {
		const tm_copy_table *t = &tm_copy_tables[i];
		struct pump p = { dst, NULL, 0 };
		if ((rc = w->writer(dst, t, &p.w, err)))
			return rc;
		rc = r->read(src, t, pump_row, &p, err);
		int end = w->writer_end(p.w, rc == 0, err);
		if (rc || (rc = end))
			return rc;
		out->v[out->n++] = (tm_copy_count){ t->name, p.rows };
	}
	int64_t last[TM_COUNTERS];
	if ((rc = r->counters(src, last, err)) || (rc = w->finish(dst, last, err)))
		return rc;
	unsigned char key[32];
	bool found = false;
	if (!(rc = r->feed_key_get(src, key, &found, err)) && found)
		rc = w->feed_key_set(dst, key, err);
	memset(key, 0, sizeof(key));
	return rc;
}

int tm_app_copy(const tm_copy_input *in, tm_copy_result *out, tm_error *err)
{
	tm_store *src = NULL, *dst = NULL;
	bool src_open = false, dst_open = false;
	int rc = tm_input_check(&tm_copy_desc, TM_IN_CREATE, in, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	tm_store_shown(in->from, out->from, sizeof(out->from));
	tm_store_shown(in->to, out->to, sizeof(out->to));
	if (tm_store_same(in->from, in->to))
		return tm_fail_field(err, TM_EUSAGE, "to", "'%s' is both the workspace copied and the one written: give another {}",
				     out->to);
	if ((rc = tm_store_open_existing(in->from, &src, err)) || (rc = tm_store_open(in->to, &dst, err)))
		goto out;
	if ((rc = dst->ops->copy->bulk(dst, err)) || (rc = src->ops->tx->begin(src, false, err)))
		goto out;
	src_open = true;
	if ((rc = dst->ops->tx->begin(dst, true, err)))
		goto out;
	/* NOLINTNEXTLINE(clang-analyzer-deadcode.DeadStores): kept in step with the transaction, for a goto out below */
	dst_open = true;
	rc = copy_all(src, dst, in, out, err);
	dst_open = false;
	rc = tm_store_finish(dst, rc, err);
out:
	if (dst_open)
		dst->ops->tx->rollback(dst);
	if (src_open)
		src->ops->tx->rollback(src);
	tm_store_close(dst);
	tm_store_close(src);
	if (rc)
		out->n = 0;
	return rc;
}
