/* test_graph.c - cycle detection for "waits for" dependencies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/graph.h"

#include "util/banned.h"

static void safe_edges(void **state)
{
	(void)state;
	tm_dep deps[] = { { 2, 1 }, { 3, 2 }, { 4, 2 } }; /* 2 waits for 1, 3 and 4 wait for 2 */
	int64_t cyc[16];
	assert_int_equal(tm_dep_cycle(deps, 3, 5, 4, cyc, 16), 0);
	assert_int_equal(tm_dep_cycle(deps, 3, 3, 1, cyc, 16), 0); /* a shortcut is not a cycle */
	assert_int_equal(tm_dep_cycle(deps, 3, 4, 3, cyc, 16), 0);
	assert_int_equal(tm_dep_cycle(NULL, 0, 1, 2, cyc, 16), 0);
}

static void finds_the_cycle(void **state)
{
	(void)state;
	tm_dep deps[] = { { 15, 12 }, { 20, 15 }, { 21, 20 } };
	int64_t cyc[16];
	char text[128];
	/* 12 waits for 15 closes 12 → 15 → 12 (15 already waits for 12). */
	size_t n = tm_dep_cycle(deps, 3, 12, 15, cyc, 16);
	assert_int_equal(n, 3);
	tm_dep_cycle_format(cyc, n, 1, text, sizeof(text));
	assert_string_equal(text, "#12 → #15 → #12");
	/* 12 waits for 21: 12 → 21 → 20 → 15 → 12. */
	n = tm_dep_cycle(deps, 3, 12, 21, cyc, 16);
	assert_int_equal(n, 5);
	tm_dep_cycle_format(cyc, n, 1, text, sizeof(text));
	assert_string_equal(text, "#12 → #21 → #20 → #15 → #12");
	/* Waiting for itself. */
	n = tm_dep_cycle(deps, 3, 7, 7, cyc, 16);
	assert_int_equal(n, 2);
	tm_dep_cycle_format(cyc, n, 1, text, sizeof(text));
	assert_string_equal(text, "#7 → #7");
}

static void shortest_cycle_in_a_diamond(void **state)
{
	(void)state;
	/* 4 waits for 2 and 3; both wait for 1; 1 waiting for 4 closes two cycles. */
	tm_dep deps[] = { { 4, 2 }, { 4, 3 }, { 2, 1 }, { 3, 1 }, { 3, 5 }, { 5, 6 } };
	int64_t cyc[16];
	size_t n = tm_dep_cycle(deps, 6, 1, 4, cyc, 16);
	assert_int_equal(n, 4);
	assert_int_equal(cyc[0], 1);
	assert_int_equal(cyc[1], 4);
	assert_int_equal(cyc[3], 1);
	assert_true(cyc[2] == 2 || cyc[2] == 3);
	/* A long chain: the cycle is reported whole, or its length when it does not fit. */
	tm_dep chain[100];
	for (int i = 0; i < 100; i++)
		chain[i] = (tm_dep){ i + 1, i };
	assert_int_equal(tm_dep_cycle(chain, 100, 0, 100, cyc, 16), 102);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(safe_edges),
		cmocka_unit_test(finds_the_cycle),
		cmocka_unit_test(shortest_cycle_in_a_diamond),
	};
	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
