/*
 * signin.c - how many sign-ins a client address may try: TM_SIGNIN_FREE,
 * then each waits twice as long as the one before (1, 2, 4 … seconds, at
 * most TM_SIGNIN_MAX_WAIT), so an attacker slows only themselves and never
 * locks a user out. An attempt counts when it is let through to its password
 * check, not when the check fails, so attempts sent all at once cannot all be
 * checked before the first failure is known; a success starts the count
 * afresh. The count lives in the workspace: every server on it (and one
 * restarted) slows the same address.
 */
#include <time.h>

#include "app/app.h"

#include "util/banned.h"

/* After TM_SIGNIN_FREE attempts, the address waits from now. */
static void hold_back(tm_signin *a, int64_t now)
{
	if (a->attempts >= TM_SIGNIN_FREE) {
		int shift = a->attempts - TM_SIGNIN_FREE;
		int64_t w = shift > 8 ? TM_SIGNIN_MAX_WAIT : (int64_t)1 << shift;
		int64_t until = now + (w > TM_SIGNIN_MAX_WAIT ? TM_SIGNIN_MAX_WAIT : w);
		if (until > a->until)
			a->until = until;
	}
}

/* Begins the write transaction the address's attempts are read and kept in, and reads them. */
static int begin_attempts(tm_store *st, const char *addr, tm_signin *a, bool *found, tm_error *err)
{
	int rc = st->ops->tx->begin(st, true, err);
	if (!rc && (rc = st->ops->signin->get(st, addr, a, found, err)))
		st->ops->tx->rollback(st);
	return rc;
}

int tm_app_signin_admit(tm_app *app, const char *addr, bool *admitted, long *wait, tm_error *err)
{
	tm_store *st = app->st;
	int64_t now = (int64_t)time(NULL);
	tm_signin a;
	bool found;
	*admitted = false;
	*wait = 1;
	int rc = begin_attempts(st, addr, &a, &found, err);
	if (rc)
		return rc;
	if (now - a.last > TM_SIGNIN_FORGET)
		a.attempts = 0, a.until = 0;
	if (a.until > now) {
		*wait = (long)(a.until - now);
		st->ops->tx->rollback(st);
		return 0;
	}
	a.attempts++;
	a.last = now;
	hold_back(&a, now);
	rc = st->ops->signin->put(st, &a, now - TM_SIGNIN_FORGET, err);
	if ((rc = tm_store_finish(st, rc, err)))
		return rc;
	*admitted = true;
	return 0;
}

int tm_app_signin_verdict(tm_app *app, const char *addr, bool succeeded, tm_error *err)
{
	tm_store *st = app->st;
	int64_t now = (int64_t)time(NULL);
	tm_signin a;
	bool found;
	int rc = begin_attempts(st, addr, &a, &found, err);
	if (rc || !found)
		return rc ? rc : tm_store_finish(st, 0, err);
	int64_t until = a.until;
	if (succeeded)
		a.attempts = 0, a.until = 0;
	else
		hold_back(&a, now); /* the wait runs from the verdict, not from when the check began */
	if (succeeded || a.until != until)
		rc = st->ops->signin->put(st, &a, now - TM_SIGNIN_FORGET, err);
	return tm_store_finish(st, rc, err);
}
