/*
 * batch.c - group commit: the writes that arrive while one commit is being
 * made durable are made in the next transaction together, each in a
 * savepoint of its own so that one refused change takes back only itself.
 *
 * With synchronous=FULL every commit waits for the disk; one commit per
 * write would cap the server at what the disk's flushes allow. Here the
 * first writer to find no batch running becomes its leader: it takes every
 * write queued so far, runs them on its own connection (a follower's request
 * is read from the follower's connection, whose thread waits), commits once,
 * and only then are they all acknowledged. Writers queue here rather than
 * in SQLite's busy handler, which sleeps in growing steps. A database whose
 * writers do not wait for one another (PostgreSQL) needs none of this: there
 * each write is its own transaction on its thread's connection.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"

#include "util/banned.h"

#define MAX_BATCH 64

struct job {
	struct call *c;
	int (*step)(struct call *c, void *arg);
	void *arg;
	int rc;
	bool done;
	struct job *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static struct job *head, **tail = &head;
static bool leading;

/* Runs one job in a savepoint, with the leader's store in place of the follower's. */
static void run_job(tm_store *st, struct job *j)
{
	tm_app *theirs = j->c->app, mine;
	tm_app_init(&mine, st, theirs->today, theirs->playbook_path);
	mine.user = theirs->user;
	j->c->app = &mine;
	/* The job's allocations are counted apart from the leader's (util/mem.h's flag is the thread's):
	 * one that ran short of memory takes back only itself, as a refused one does. */
	bool leader_failed = tm_mem_failed();
	tm_mem_begin();
	j->rc = tm_app_savepoint(&mine, &j->c->err);
	if (!j->rc) {
		j->rc = j->step(j->c, j->arg);
		if (!j->rc && tm_mem_failed())
			j->rc = tm_fail(&j->c->err, TM_ENOMEM, "out of memory: nothing was changed");
		tm_error ignored = TM_ERROR_INIT;
		int end = tm_app_savepoint_end(&mine, j->rc != 0, j->rc ? &ignored : &j->c->err);
		if (!j->rc)
			j->rc = end;
	}
	tm_mem_begin();
	if (leader_failed)
		tm_mem_fail();
	j->c->app = theirs;
	tm_app_release(&mine);
}

/*
 * One transaction for the batch; a failed commit fails every job that had succeeded. Should the
 * database end the transaction itself (a full disk, an I/O error), what ran is gone and nothing
 * more runs: a later step would otherwise commit on its own, unseen.
 */
static void run_batch(tm_app *leader, struct job *batch)
{
	tm_error err = TM_ERROR_INIT;
	int rc = tm_app_begin_write(leader, &err);
	for (struct job *j = batch; j && !rc; j = j->next) {
		run_job(leader->st, j);
		if (!tm_app_in_transaction(leader)) {
			/* A database server gone, or a change to run again, says so (503 with Retry-After). */
			bool why = j->rc == TM_EUNREACHABLE || j->rc == TM_ERETRY || j->rc == TM_EBUSY;
			rc = why ? tm_fail(&err, j->rc, "%s", j->c->err.msg)
				 : tm_fail(&err, TM_EDB, "the database ended the transaction: %s", j->rc ? j->c->err.msg : "try again");
		}
	}
	if (!rc)
		rc = tm_app_finish(leader, 0, &err);
	else
		tm_app_finish(leader, rc, &err); /* rolls back what is left, and resets the nesting count */
	tm_cache_wrote(); /* the leader's connection wrote: its thread's cached reads are stale */
	for (struct job *j = batch; j; j = j->next)
		if (rc && !j->rc) {
			j->rc = rc;
			j->c->err = err;
		}
}

int tm_batch_write(struct call *c, int (*step)(struct call *c, void *arg), void *arg)
{
	/* A database whose writers go on at once makes each durable in its own commit, and gathers
	 * concurrent commits into one flush itself: each write in its own transaction, here. */
	if (tm_app_parallel_writes(c->app)) {
		int rc = tm_app_begin_write(c->app, &c->err);
		if (!rc)
			rc = tm_app_finish(c->app, step(c, arg), &c->err);
		tm_cache_wrote();
		return rc;
	}
	struct job me = { .c = c, .step = step, .arg = arg };
	pthread_mutex_lock(&lock);
	*tail = &me;
	tail = &me.next;
	while (!me.done) {
		if (leading) {
			pthread_cond_wait(&finished, &lock);
			continue;
		}
		/* Lead: take what is queued (at most MAX_BATCH), in arrival order. */
		leading = true;
		struct job *batch = head, *last = head;
		for (int n = 1; n < MAX_BATCH && last->next; n++)
			last = last->next;
		head = last->next;
		if (!head)
			tail = &head;
		last->next = NULL;
		pthread_mutex_unlock(&lock);
		run_batch(c->app, batch);
		pthread_mutex_lock(&lock);
		for (struct job *j = batch, *next; j; j = next) {
			next = j->next; /* a follower's job lives on its stack: read it before it may return */
			j->done = true;
		}
		leading = false;
		pthread_cond_broadcast(&finished);
	}
	pthread_mutex_unlock(&lock);
	return me.rc;
}
