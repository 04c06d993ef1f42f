/*
 * test_json_out.c - the JSON writer that long lists use prints what jansson
 * prints for the same values (tm_json_dumps: JSON_INDENT(2)), byte for
 * byte: nesting, empty arrays and objects, every escape; and a launch
 * written by tm_json_out_launch is tm_json_launch's, so the two cannot
 * drift apart unnoticed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "present/json_metrics.h"
#include "render/json.h"
#include "render/json_out.h"
#include "util/fmt.h"

#include "util/banned.h"

/* What tm_json_dumps prints for j (which it takes). */
static char *jansson(json_t *j)
{
	char *s = tm_json_dumps(j);
	json_decref(j);
	return s;
}

static void nesting_and_empties_match_jansson(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_json_out w;
	tm_json_out_init(&w, &b);
	tm_json_out_open(&w, '{');
	tm_json_out_key(&w, "empty array");
	tm_json_out_open(&w, '[');
	tm_json_out_close(&w);
	tm_json_out_key(&w, "empty object");
	tm_json_out_open(&w, '{');
	tm_json_out_close(&w);
	tm_json_out_key(&w, "list");
	tm_json_out_open(&w, '[');
	tm_json_out_int(&w, -9223372036854775807LL - 1);
	tm_json_out_null(&w);
	tm_json_out_open(&w, '[');
	tm_json_out_str(&w, "", false);
	tm_json_out_open(&w, '{');
	tm_json_out_key(&w, "deep");
	tm_json_out_int(&w, 0);
	tm_json_out_close(&w);
	tm_json_out_close(&w);
	tm_json_out_str(&w, "", true);
	tm_json_out_close(&w);
	tm_json_out_close(&w);
	tm_json_out_end(&w);
	char *want = jansson(json_pack("{s:[], s:{}, s:[I, n, [s, {s:i}], n]}", "empty array", "empty object", "list",
				       (json_int_t)(-9223372036854775807LL - 1), "", "deep", 0));
	assert_string_equal(b.s, want);
	free(want);

	tm_buf_reset(&b);
	tm_json_out_init(&w, &b);
	tm_json_out_open(&w, '[');
	tm_json_out_close(&w);
	tm_json_out_end(&w);
	assert_string_equal(b.s, "[]\n");
	tm_buf_release(&b);
}

static void every_escape_matches_jansson(void **state)
{
	(void)state;
	char all[128];
	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	const char *texts[] = { all, "quote \" backslash \\ slash /", "Chloé — ✓ 🚀 \xe2\x80\xa8", "tab\tnew\nline\r" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		tm_buf b = TM_BUF_INIT;
		tm_json_out w;
		tm_json_out_init(&w, &b);
		tm_json_out_open(&w, '[');
		tm_json_out_str(&w, texts[i], false);
		tm_json_out_close(&w);
		tm_json_out_end(&w);
		char *want = jansson(json_pack("[s]", texts[i]));
		assert_string_equal(b.s, want);
		free(want);
		tm_buf_release(&b);
	}
}

static void a_launch_matches_tm_json_launch(void **state)
{
	(void)state;
	tm_launch ls[3];
	memset(ls, 0, sizeof(ls));
	ls[0] = (tm_launch){ .id = 1, .tier = 1, .date = 20000, .status = TM_LAUNCH_PLANNED, .confidence = TM_CONF_HIGH,
			     .pm_id = 3, .version = 2, .tasks_total = 34, .tasks_done = 5,
			     .quadrant = TM_QUADRANT_NONE };
	snprintf(ls[0].slug, sizeof(ls[0].slug), "usage-based-billing");
	snprintf(ls[0].name, sizeof(ls[0].name), "Usage \"based\" billing\\ — ✓");
	snprintf(ls[0].pm, sizeof(ls[0].pm), "Ana Silva");
	ls[1] = (tm_launch){ .id = 9223372036854775807LL, .tier = 4, .date = -1, .status = TM_LAUNCH_CANCELLED,
			     .confidence = TM_CONF_LOW, .marketing_id = 4, .version = 1, .quadrant = 0 };
	snprintf(ls[1].slug, sizeof(ls[1].slug), "x");
	snprintf(ls[1].name, sizeof(ls[1].name), "tab\there\x01");
	snprintf(ls[1].marketing, sizeof(ls[1].marketing), "Ben Okafor");
	ls[2] = ls[0];
	ls[2].quadrant = 1;
	ls[2].pm[0] = '\0';

	json_t *arr = json_array();
	tm_buf b = TM_BUF_INIT;
	tm_json_out w;
	tm_json_out_init(&w, &b);
	tm_json_out_open(&w, '[');
	for (size_t i = 0; i < 3; i++) {
		json_array_append_new(arr, tm_json_launch(&ls[i], NULL));
		tm_json_out_launch(&w, &ls[i]);
	}
	tm_json_out_close(&w);
	tm_json_out_end(&w);
	char *want = jansson(arr);
	assert_string_equal(b.s, want);
	free(want);
	tm_buf_release(&b);
}

static void reals_match_jansson(void **state)
{
	(void)state;
	static const double v[] = { 0, -0.0, 1, -3, 42.4, 0.1 + 0.2, 1e15, 1e20, 1e-5, 123456789.123456789, -1e-300,
				    2.5e-7, 43306.666666666664, 1e100, 3.0e15, 0.000123 };
	json_t *arr = json_array();
	tm_buf b = TM_BUF_INIT;
	tm_json_out w;
	tm_json_out_init(&w, &b);
	tm_json_out_open(&w, '[');
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		json_array_append_new(arr, json_real(v[i]));
		tm_json_out_real(&w, v[i]);
	}
	json_array_append_new(arr, json_true());
	tm_json_out_bool(&w, true);
	json_array_append_new(arr, json_false());
	tm_json_out_bool(&w, false);
	tm_json_out_close(&w);
	tm_json_out_end(&w);
	char *want = jansson(arr);
	assert_string_equal(b.s, want);
	free(want);
	tm_buf_release(&b);
}

static void a_metric_matches_tm_json_metric(void **state)
{
	(void)state;
	tm_metric_view vs[2];
	memset(vs, 0, sizeof(vs));
	tm_metric *m = &vs[0].m;
	m->id = 7;
	m->launch_id = 2;
	snprintf(m->launch_slug, sizeof(m->launch_slug), "usage-billing");
	snprintf(m->name, sizeof(m->name), "Activation \"rate\" ✓");
	m->kind = TM_MK_ACTIVATION;
	m->unit.unit = TM_UNIT_PERCENT;
	m->baseline = 40;
	m->has_baseline_on = true;
	m->baseline_on = 20000;
	m->target = (tm_target){ TM_TARGET_PERCENT, 20, false };
	m->window = 90;
	snprintf(m->owner, sizeof(m->owner), "Ana Silva");
	m->version = 3;
	m->sum.n = 2;
	snprintf(vs[0].launch_name, sizeof(vs[0].launch_name), "Usage billing");
	vs[0].j = (tm_metric_judgement){ .state = TM_MS_BEHIND, .target = 48, .window_end = 20090, .has_observed = true,
					 .observed = 42, .observed_on = 20030, .has_expected = true,
					 .expected = 40 + 8 * 30 / 90.0, .stale = true, .days_left = -3 };
	m = &vs[1].m;
	m->id = 8;
	snprintf(m->launch_slug, sizeof(m->launch_slug), "x");
	snprintf(m->name, sizeof(m->name), "Tickets");
	m->kind = TM_MK_SUPPORT_TICKETS;
	m->unit.unit = TM_UNIT_CURRENCY;
	snprintf(m->unit.currency, sizeof(m->unit.currency), "EUR");
	m->down = true;
	m->baseline = 1e15;
	m->target = (tm_target){ TM_TARGET_VALUE, 0.5, false };
	m->window = 1;
	snprintf(m->source, sizeof(m->source), "Zendesk: tag\tx");
	vs[1].j = (tm_metric_judgement){ .state = TM_MS_NO_DATA, .target = 0.5, .window_end = 1 };

	json_t *arr = json_array();
	tm_buf b = TM_BUF_INIT;
	tm_json_out w;
	tm_json_out_init(&w, &b);
	tm_json_out_open(&w, '[');
	for (size_t i = 0; i < 2; i++) {
		json_array_append_new(arr, tm_json_metric(&vs[i]));
		tm_json_out_metric(&w, &vs[i]);
	}
	tm_json_out_close(&w);
	tm_json_out_end(&w);
	char *want = jansson(arr);
	assert_string_equal(b.s, want);
	free(want);
	tm_buf_release(&b);
}

static void integers_match_printf(void **state)
{
	(void)state;
	long long vs[] = { 0, 7, -7, 10, 99, 100, 123456789, -2147483648LL, 9223372036854775807LL,
			   -9223372036854775807LL - 1 };
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
		char got[TM_INT_STRLEN], want[32];
		char *end = tm_fmt_int(got, vs[i]);
		snprintf(want, sizeof(want), "%lld", vs[i]);
		assert_string_equal(got, want);
		assert_int_equal(end - got, (long)strlen(want));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nesting_and_empties_match_jansson),
		cmocka_unit_test(every_escape_matches_jansson),
		cmocka_unit_test(a_launch_matches_tm_json_launch),
		cmocka_unit_test(integers_match_printf),
		cmocka_unit_test(reals_match_jansson),
		cmocka_unit_test(a_metric_matches_tm_json_metric),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
