/*
 * app_fixture.h - what the tests of app/ share: the storage backends they
 * run on, a fresh workspace for every test, inputs built through app/'s
 * input descriptions, and a snapshot of everything a workspace holds, by
 * which a refused use case is shown to have changed nothing.
 *
 * The tests call app/ (tm_app_*) and open and close stores, and nothing
 * else of store/: nothing in them knows which backend runs, so each test
 * runs once per backend (TMINUS_TEST_BACKENDS, comma-separated names; unset:
 * every backend in app_fixture.c's table: "sqlite", and "postgres" when
 * TMINUS_TEST_PG names a cluster — `python3 tests/pg.py run -- TEST` starts a
 * throwaway one and sets it).
 */
#ifndef TM_TEST_APP_FIXTURE_H
#define TM_TEST_APP_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"

/* A storage engine the tests run on. */
typedef struct app_backend {
	const char *name;  /* as TMINUS_TEST_BACKENDS names it */
	/* Opens a new, empty workspace keeping its files in dir (a fresh directory of its own). */
	int (*open)(const char *dir, tm_store **out, tm_error *err);
	/*
	 * Appends what the engine holds below app/'s reads (every row of every table, the schema,
	 * id counters) to out, so that a snapshot misses nothing a refused call could have left;
	 * NULL when the engine has no such view. tmp names a file it may write and must remove.
	 */
	int (*dump)(tm_app *app, const char *tmp, tm_buf *out, tm_error *err);
	/* Removes what open() made outside dir, after the store is closed (NULL: nothing to remove). */
	void (*close)(const char *dir);
} app_backend;

/* One test's workspace (cmocka's state). */
typedef struct ws {
	const app_backend *be;
	char dir[256];     /* its files: removed with it */
	tm_store *st;
	tm_app app;        /* today is WS_TODAY */
	tm_error err;      /* the error of the call under test */
	int dumps;         /* the backend's dumps so far (their file names) */
} ws;

/* "Today" in every test: Monday 4 January 2027. */
#define WS_TODAY "2027-01-04"

/* cmocka's setup and teardown: a new workspace on the backend being run, and its removal. */
int ws_setup(void **state);
int ws_teardown(void **state);
#define WS_TEST(f) cmocka_unit_test_setup_teardown(f, ws_setup, ws_teardown)

/*
 * The i-th backend to run (0, 1, …): makes it the one ws_setup opens and names the group "GROUP
 * (BACKEND)" in name. False after the last, or on a name TMINUS_TEST_BACKENDS gives that no backend
 * has (then ws_exit fails).
 */
bool ws_backend(int i, const char *group, char *name, size_t n);
/* The exit status: failed tests, or an unknown backend, fail. */
int ws_exit(int failed);

/* main(): runs the tests once on every backend. */
#define WS_MAIN(group, tests)                                                    \
	do {                                                                     \
		int failed_ = 0;                                                 \
		char name_[128];                                                 \
		for (int i_ = 0; ws_backend(i_, group, name_, sizeof(name_)); i_++) \
			failed_ += cmocka_run_group_tests_name(name_, tests, NULL, NULL); \
		return ws_exit(failed_);                                         \
	} while (0)

/* ---- inputs ---- */

/*
 * Makes in (of description d) exactly the given fields: each argument is "field=value", the value as
 * the command line gives it ("due=T-3w", "owners=sales=Sam", "milestone=true"); a value the
 * description refuses fails the test.
 */
void ws_input(const char *file, int line, const tm_input_desc *d, void *in, ...);
#define IN(d, in, ...) ws_input(__FILE__, __LINE__, d, in, __VA_ARGS__, (const char *)NULL)

/* ---- calls ---- */

/* Asserts that call (which reports into w->err) succeeded, and prints its error if not. */
#define OK(w, call)                                                                               \
	do {                                                                                      \
		tm_error_clear(&(w)->err);                                                        \
		int rc_ = (call);                                                                 \
		if (rc_)                                                                          \
			fail_msg("%s: %s: %s", #call, tm_error_name(rc_), (w)->err.msg);         \
	} while (0)

/*
 * Asserts that call (which reports into w->err) was refused with code, that its message holds says
 * (unless NULL) and has no trailing period, and that it changed nothing: the workspace's snapshot
 * is the same before and after, and no transaction is left open.
 */
#define REFUSED(w, code, says, call)                                                         \
	do {                                                                                 \
		tm_buf before_ = TM_BUF_INIT;                                                \
		ws_snapshot(w, &before_);                                                    \
		tm_error_clear(&(w)->err);                                                   \
		int rc_ = (call);                                                            \
		bool ok_ = ws_check_refused(w, &before_, rc_, code, says, #call);            \
		tm_buf_release(&before_);                                                    \
		if (!ok_)                                                                    \
			fail();                                                              \
	} while (0)

/* REFUSED's checks, printing what is wrong; true when all hold. */
bool ws_check_refused(ws *w, const tm_buf *before, int rc, int code, const char *says, const char *what);

/* ---- the workspace as text ---- */

/*
 * Everything the workspace holds, as text, through app/'s reads (people, launches with their tasks,
 * dependencies, owners, date history, briefs and baselines, decisions, holidays, freezes, the audit
 * log, users and tokens), then through the backend's dump when it has one.
 */
void ws_snapshot(ws *w, tm_buf *out);

/* ---- small helpers ---- */

/* A second connection to w's workspace (two senders at once); close it with its tx->close. */
int ws_open_again(ws *w, tm_store **out, tm_error *err);

tm_date D(const char *s);
/* "#12", in buf (24 bytes). */
const char *ws_ref(int64_t id, char *buf);
/* The task titled title in tasks; fails the test if there is none. */
const tm_task *ws_task(const tm_tasks *tasks, const char *title);
/* Has task t a dependency on after? */
bool ws_waits_for(const tm_task *t, int64_t after);

#endif
