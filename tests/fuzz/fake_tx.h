/*
 * fake_tx.h - the fuzz targets' stand-in for a store's transactions and audit log, for the targets
 * whose use case writes (ics, metrics, webhook, workspace). Each target is one file, which includes
 * this once.
 *
 * One write transaction at a time: a read-only or nested begin aborts (the use cases under test
 * open one write transaction). fake.commits and fake.rollbacks count them; an audit record
 * outside a transaction, of another action than fake.action, or that fake_audit_ok() refuses
 * aborts. The target defines what its own state keeps at a commit and drops at a rollback
 * (fake_on_commit, fake_on_rollback) and its extra check of an audit record (fake_audit_ok).
 */
#ifndef TMINUS_FUZZ_FAKE_TX_H
#define TMINUS_FUZZ_FAKE_TX_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static struct fake_tx {
	int in_tx, commits, rollbacks, audits;
	const char *action; /* the one audit action the use case may record */
} fake;

static void fake_on_commit(void);
static void fake_on_rollback(void);
static bool fake_audit_ok(const tm_audit *a);

static inline int fake_audit_add(tm_store *st, const tm_audit *a, tm_error *err)
{
	(void)st, (void)err;
	if (!fake.in_tx || !fake.action || strcmp(a->action, fake.action) || !fake_audit_ok(a))
		abort();
	fake.audits++;
	return 0;
}

static inline int fake_begin(tm_store *st, bool write, tm_error *err)
{
	(void)st, (void)err;
	if (!write || fake.in_tx)
		abort();
	fake.in_tx = 1;
	return 0;
}

static inline int fake_commit(tm_store *st, tm_error *err)
{
	(void)st, (void)err;
	fake.in_tx = 0;
	fake.commits++;
	fake_on_commit();
	return 0;
}

static inline void fake_rollback(tm_store *st)
{
	(void)st;
	fake.in_tx = 0;
	fake.rollbacks++;
	fake_on_rollback();
}

/* Whether a transaction is open (tm_store_commit counts only the outermost commits). */
static inline bool fake_in_transaction(tm_store *st)
{
	(void)st;
	return fake.in_tx;
}

static const struct tm_store_audit_ops fake_audit_ops = { .add = fake_audit_add };
static const struct tm_store_tx_ops fake_tx_ops = { .begin = fake_begin, .commit = fake_commit,
						    .rollback = fake_rollback, .in_transaction = fake_in_transaction };

/* A new input: no transaction, nothing counted. */
static inline void fake_reset(const char *action)
{
	memset(&fake, 0, sizeof(fake));
	fake.action = action;
}

#endif
