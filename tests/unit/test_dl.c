/*
 * test_dl.c - the run-time loader behind util/mhd.h, util/sodium.h and
 * util/ical.h: a missing library or function is an error that says what is
 * missing (never a crash, never a half-filled table), the first outcome is
 * kept, and threads racing to be first all see one load.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/dl.h"

#include "util/banned.h"

/* Two functions of libm, the way a library's table holds them. */
static struct {
	double (*cos)(double);
	double (*sqrt)(double);
} m;
static const char *const m_names[] = { "cos", "sqrt" };
static void **const m_slots[] = { (void **)&m.cos, (void **)&m.sqrt };

static int starts;
static int start_ok(void)
{
	starts++;
	return 1; /* libsodium's "already started" is a success too */
}

static void opens_and_fills_the_table(void **state)
{
	(void)state;
	static struct tm_dl lib = { .what = "libm", .soname = "libm.so.6", .names = m_names, .slots = m_slots, .n = 2,
				    .started = start_ok };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_dl_load(&lib, &err), 0);
	assert_non_null(m.cos);
	assert_true(m.sqrt(16.0) == 4.0);
	assert_int_equal(tm_dl_load(&lib, &err), 0);
	assert_int_equal(starts, 1);
}

static void a_missing_library_says_so(void **state)
{
	(void)state;
	static struct tm_dl lib = { .what = "libnothing", .soname = "libtminus-no-such-library.so.9", .names = m_names,
				    .slots = m_slots, .n = 2 };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_dl_load(&lib, &err), TM_EIO);
	assert_non_null(strstr(err.msg, "libnothing is not installed: "));
	assert_non_null(strstr(err.msg, "libtminus-no-such-library.so.9"));
	tm_error again = TM_ERROR_INIT;
	assert_int_equal(tm_dl_load(&lib, &again), TM_EIO);
	assert_string_equal(again.msg, err.msg);
}

static void a_missing_function_leaves_no_half_table(void **state)
{
	(void)state;
	static const char *const names[] = { "cos", "tm_no_such_function" };
	static struct tm_dl lib = { .what = "libm", .soname = "libm.so.6", .names = names, .slots = m_slots, .n = 2 };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_dl_load(&lib, &err), TM_EIO);
	assert_string_equal(err.msg, "libm (libm.so.6) lacks tm_no_such_function");
	assert_null(m.cos);
	assert_null(m.sqrt);
}

static int start_fails(void)
{
	return -1;
}

static void a_library_that_cannot_start_is_an_error(void **state)
{
	(void)state;
	static struct tm_dl lib = { .what = "libm", .soname = "libm.so.6", .names = m_names, .slots = m_slots, .n = 2,
				    .started = start_fails };
	tm_error err = TM_ERROR_INIT;
	assert_int_equal(tm_dl_load(&lib, &err), TM_EIO);
	assert_string_equal(err.msg, "libm (libm.so.6) could not start");
	assert_null(m.cos);
}

/* Eight threads ask for the same library at once: it starts once and all see it loaded. */
static struct tm_dl raced = { .what = "libm", .soname = "libm.so.6", .names = m_names, .slots = m_slots, .n = 2,
			      .started = start_ok };
static pthread_barrier_t gate;

static void *racer(void *arg)
{
	tm_error err = TM_ERROR_INIT;
	pthread_barrier_wait(&gate);
	*(int *)arg = tm_dl_load(&raced, &err) == 0 && m.cos != NULL;
	return NULL;
}

static void threads_racing_load_once(void **state)
{
	(void)state;
	pthread_t t[8];
	int ok[8] = { 0 };
	starts = 0;
	pthread_barrier_init(&gate, NULL, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, racer, &ok[i]), 0);
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		assert_true(ok[i]);
	}
	pthread_barrier_destroy(&gate);
	assert_int_equal(starts, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_and_fills_the_table),
		cmocka_unit_test(a_missing_library_says_so),
		cmocka_unit_test(a_missing_function_leaves_no_half_table),
		cmocka_unit_test(a_library_that_cannot_start_is_an_error),
		cmocka_unit_test(threads_racing_load_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
