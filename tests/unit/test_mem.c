/*
 * test_mem.c - allocation without abort (util/mem.h): a failure leaves a
 * tm_buf as it was and sets the thread's flag, tm_x* keeps its caller going
 * from the reserve, the flag is the thread's own, and jansson and SQLite,
 * pointed at the same allocator, report through it too. Builds with
 * -Dalloc_faults=true (the ASan build of `make test`) inject the failures;
 * the others check what needs no injection (a size past what a buffer can
 * hold, the error helpers' UTF-8 cut, tm_strerror's buffer per thread).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/mem.h"

#include "util/banned.h"

static void test_a_size_past_reason_fails_cleanly(void **state)
{
	(void)state;
	tm_mem_begin();
	tm_buf b = TM_BUF_INIT;
	tm_buf_adds(&b, "kept");
	assert_false(tm_mem_failed());
	assert_false(tm_buf_grow(&b, SIZE_MAX - 2));
	assert_true(tm_mem_failed());
	assert_string_equal(b.s, "kept");
	tm_mem_begin();
	assert_false(tm_mem_failed());
	tm_buf_adds(&b, " and more");
	assert_string_equal(b.s, "kept and more");
	tm_buf_release(&b);
}

static void *fail_elsewhere(void *arg)
{
	(void)arg;
	tm_mem_begin();
	tm_buf b = TM_BUF_INIT;
	tm_buf_grow(&b, SIZE_MAX - 2);
	return (void *)(intptr_t)tm_mem_failed();
}

static void test_the_flag_is_the_threads_own(void **state)
{
	(void)state;
	tm_mem_begin();
	pthread_t t;
	void *other = NULL;
	assert_int_equal(pthread_create(&t, NULL, fail_elsewhere, NULL), 0);
	assert_int_equal(pthread_join(t, &other), 0);
	assert_true(other != NULL);
	assert_false(tm_mem_failed());
}

static void test_messages_are_cut_at_a_character(void **state)
{
	(void)state;
	tm_error err = TM_ERROR_INIT;
	char why[600];
	memset(why, 'a', sizeof(why));
	/* "é" (2 bytes) straddling the end of the 512-byte message: left out whole. */
	memcpy(why + 510 - 12, "\xc3\xa9", 2);
	why[sizeof(why) - 1] = '\0';
	tm_error_msgf(&err, "prefix: %s", why);
	size_t len = strlen(err.msg);
	assert_true(len <= sizeof(err.msg) - 1);
	assert_true(((unsigned char)err.msg[len - 1] & 0x80) == 0);
	assert_int_equal(tm_fail_at(&err, "tasks.csv", 7, 3, "no title"), TM_EINVAL);
	assert_string_equal(err.msg, "tasks.csv:7:3: no title");
	assert_string_equal(err.file, "tasks.csv");
	assert_int_equal(err.line, 7);
	assert_int_equal(err.column, 3);
	tm_fail_at(&err, "m.csv", 2, 0, "empty");
	assert_string_equal(err.msg, "m.csv:2: empty");
}

/* tm_strerror: errno's text, in a buffer of the calling thread's own (strerror's may be shared). */
static void *strerror_elsewhere(void *arg)
{
	const char *text = tm_strerror(EACCES);
	snprintf(arg, 128, "%s", text);
	return (void *)text;
}

static void test_strerror_is_the_threads_own(void **state)
{
	(void)state;
	char other[128] = "";
	void *other_buf = NULL;
	pthread_t t;
	const char *mine = tm_strerror(ENOENT);
	assert_string_equal(mine, "No such file or directory");
	assert_int_equal(pthread_create(&t, NULL, strerror_elsewhere, other), 0);
	assert_int_equal(pthread_join(t, &other_buf), 0);
	assert_string_equal(other, "Permission denied");
	assert_ptr_not_equal(other_buf, mine);
	assert_string_equal(mine, "No such file or directory"); /* the other thread did not overwrite it */
	/* A number no error has still reads as text, with the number in it. */
	const char *unknown = tm_strerror(99999);
	assert_true(unknown[0] != '\0');
	assert_non_null(strstr(unknown, "99999"));
}

#ifdef TM_ALLOC_FAULTS
static void test_a_failed_append_keeps_the_text(void **state)
{
	(void)state;
	tm_mem_begin();
	tm_buf b = TM_BUF_INIT;
	tm_buf_adds(&b, "launch");
	tm_mem_fault_at(1);
	tm_buf_printf(&b, " %s", "a string long enough to need more room than the first 64 bytes gave it, surely");
	assert_true(tm_mem_failed());
	assert_string_equal(b.s, "launch");
	assert_int_equal(b.len, 6);
	tm_buf_adds(&b, " day");
	assert_string_equal(b.s, "launch day");
	tm_buf_release(&b);
}

static void test_x_allocations_go_on_from_the_reserve(void **state)
{
	(void)state;
	tm_mem_begin();
	long before = tm_mem_count();
	tm_mem_fault_at(1);
	char *s = tm_xstrdup("still here");
	assert_non_null(s);
	assert_string_equal(s, "still here");
	assert_true(tm_mem_failed());
	assert_true(tm_mem_count() > before);
	free(s);
	tm_mem_begin(); /* takes the reserve again */
	assert_false(tm_mem_failed());
}

static void test_jansson_and_sqlite_report_through_it(void **state)
{
	(void)state;
	tm_mem_setup();
	tm_mem_begin();
	tm_mem_fault_at(1);
	json_t *o = json_object();
	assert_null(o);
	assert_true(tm_mem_failed());

	tm_mem_begin();
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_false(tm_mem_failed());
	int rc = SQLITE_OK;
	/* Some allocation of the statement's preparation and run fails: SQLITE_NOMEM, and the flag. */
	for (long n = 1; n < 200 && rc == SQLITE_OK; n++) {
		tm_mem_begin();
		tm_mem_fault_at(n);
		rc = sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (randomblob(100000))", NULL, NULL, NULL);
		tm_mem_fault_at(0);
	}
	assert_int_equal(rc & 0xff, SQLITE_NOMEM);
	assert_true(tm_mem_failed());
	sqlite3_close(db);
	tm_mem_begin();
}
#endif

int main(void)
{
	tm_mem_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_size_past_reason_fails_cleanly),
		cmocka_unit_test(test_the_flag_is_the_threads_own),
		cmocka_unit_test(test_messages_are_cut_at_a_character),
		cmocka_unit_test(test_strerror_is_the_threads_own),
#ifdef TM_ALLOC_FAULTS
		cmocka_unit_test(test_a_failed_append_keeps_the_text),
		cmocka_unit_test(test_x_allocations_go_on_from_the_reserve),
		cmocka_unit_test(test_jansson_and_sqlite_report_through_it),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
