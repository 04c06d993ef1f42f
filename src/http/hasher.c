/*
 * hasher.c - password checks on two low-priority threads of their own.
 *
 * A sign-in hashes a password with argon2id (19 MiB, tens of milliseconds
 * of CPU); done on a worker thread it would stall every other connection
 * that worker serves. Instead the worker suspends the connection and queues
 * the check here. A hasher runs nothing but the hash, at the lowest
 * priority, holding no lock anyone else waits for; a resumer thread at the
 * normal priority then wakes the connection, and the worker finishes the
 * sign-in. Two hashers mean at most two hashes at once, and a flood of
 * sign-ins slows sign-ins, not the API.
 */
#define _GNU_SOURCE 1 /* SCHED_IDLE */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "http/internal.h"

#include "util/banned.h"

#define HASHERS 2
#define QUEUE 64

struct job {
	struct MHD_Connection *conn;
	struct tm_login *login;
};

/* A queue of jobs with its condition. */
struct queue {
	struct job q[QUEUE];
	int head, n;
	pthread_cond_t ready;
};

static struct {
	pthread_mutex_t lock;
	struct queue todo, done;     /* checks to make; connections to resume */
	bool stopping;
	pthread_t threads[HASHERS + 1];
	int started;
} h = { .lock = PTHREAD_MUTEX_INITIALIZER,
	.todo = { .ready = PTHREAD_COND_INITIALIZER },
	.done = { .ready = PTHREAD_COND_INITIALIZER } };

static void push(struct queue *q, struct job j)
{
	q->q[(q->head + q->n) % QUEUE] = j;
	q->n++;
	pthread_cond_signal(&q->ready);
}

/* The next job, or false once stopping and empty. Called with the lock held. */
static bool pop(struct queue *q, struct job *j)
{
	while (!q->n && !h.stopping)
		pthread_cond_wait(&q->ready, &h.lock);
	if (!q->n)
		return false;
	*j = q->q[q->head];
	q->head = (q->head + 1) % QUEUE;
	q->n--;
	return true;
}

static void *hasher(void *arg)
{
	struct job j;
	(void)arg;
	/* The lowest priority there is without privileges: SCHED_IDLE where the kernel has it,
	 * else nice 19 (both apply per thread on Linux). */
	struct sched_param none = { 0 };
	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &none))
		setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
	pthread_mutex_lock(&h.lock);
	while (pop(&h.todo, &j)) {
		pthread_mutex_unlock(&h.lock);
		tm_login_check(j.login);
		pthread_mutex_lock(&h.lock);
		push(&h.done, j);
	}
	pthread_mutex_unlock(&h.lock);
	return NULL;
}

/* Resumes checked connections at the normal priority: libmicrohttpd's resume takes locks its
 * workers need, which a descheduled low-priority thread must never hold. */
static void *resumer(void *arg)
{
	struct job j;
	(void)arg;
	pthread_mutex_lock(&h.lock);
	while (pop(&h.done, &j)) {
		pthread_mutex_unlock(&h.lock);
		MHD_resume_connection(j.conn);
		pthread_mutex_lock(&h.lock);
	}
	pthread_mutex_unlock(&h.lock);
	return NULL;
}

int tm_hasher_start(void)
{
	/* Under the lock: the server's workers are answering already and read started and stopping in
	 * tm_hasher_submit (held while the threads are made; they wait for it on their first pop). */
	int rc = 0;
	pthread_mutex_lock(&h.lock);
	h.stopping = false;
	for (h.started = 0; h.started <= HASHERS; h.started++)
		if (pthread_create(&h.threads[h.started], NULL, h.started < HASHERS ? hasher : resumer, NULL)) {
			rc = -1;
			break;
		}
	pthread_mutex_unlock(&h.lock);
	return rc;
}

void tm_hasher_stop(void)
{
	/* Hashers first: they drain their queue into the resumer's, which drains last. */
	pthread_mutex_lock(&h.lock);
	h.stopping = true;
	pthread_cond_broadcast(&h.todo.ready);
	pthread_mutex_unlock(&h.lock);
	for (int i = 0; i < h.started && i < HASHERS; i++)
		pthread_join(h.threads[i], NULL);
	pthread_mutex_lock(&h.lock);
	pthread_cond_broadcast(&h.done.ready);
	pthread_mutex_unlock(&h.lock);
	if (h.started > HASHERS)
		pthread_join(h.threads[HASHERS], NULL);
	pthread_mutex_lock(&h.lock); /* workers may still be answering (and submitting) */
	h.started = 0;
	pthread_mutex_unlock(&h.lock);
}

bool tm_hasher_submit(struct MHD_Connection *conn, struct tm_login *login)
{
	pthread_mutex_lock(&h.lock);
	bool ok = h.todo.n < QUEUE && !h.stopping && h.started;
	if (ok) {
		/* Suspended before a hasher can see it, so its resume always follows. */
		MHD_suspend_connection(conn);
		push(&h.todo, (struct job){ conn, login });
	}
	pthread_mutex_unlock(&h.lock);
	return ok;
}
