/*
 * test_import.c - the CSV exports of Asana, Jira and Linear read into tasks
 * (core/import.h): each tool's headers and date formats, Jira's repeated
 * link columns, subtasks and dependencies resolved by id or by title, a list
 * in one cell, the cycles broken at their closing edge, the generic CSV with
 * --map; and every refusal naming its line and column (a ragged row, an
 * unknown status, a duplicate id, a missing column, another encoding).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/import.h"

#include "util/banned.h"

static int parse(int source, const char *text, const tm_import_map *map, tm_import_file *f, tm_error *err)
{
	tm_error_clear(err);
	return tm_import_parse(source, text, strlen(text), map, f, err);
}

/* The row titled title. */
static const tm_import_task *row(const tm_import_file *f, const char *title)
{
	for (size_t i = 0; i < f->tasks.n; i++)
		if (!strcmp(tm_import_str(f, f->tasks.v[i].title), title))
			return &f->tasks.v[i];
	fail_msg("no row '%s'", title);
	return NULL;
}

/* Does row `task` wait for row `after` (a kept edge)? */
static bool waits(const tm_import_file *f, const char *task, const char *after)
{
	int a = (int)(row(f, task) - f->tasks.v), b = (int)(row(f, after) - f->tasks.v);
	for (size_t i = 0; i < f->edges.n; i++)
		if (f->edges.v[i].task == a && f->edges.v[i].after == b && !f->edges.v[i].dropped)
			return true;
	return false;
}

static size_t kept(const tm_import_file *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->edges.n; i++)
		n += !f->edges.v[i].dropped;
	return n;
}

static void dates_as_the_tools_write_them(void **state)
{
	(void)state;
	tm_date d;
	const char *same[] = { "2027-03-12", "2027-03-12T10:00:00.000Z", "2027-03-12 00:00", "12/Mar/27",
			       "12/Mar/27 12:00 AM", "12/mar/2027", "03/12/2027", NULL };
	for (int i = 0; same[i]; i++) {
		assert_int_equal(tm_import_date(same[i], &d), 0);
		assert_int_equal(d, tm_date_from_ymd(2027, 3, 12));
	}
	const char *bad[] = { "2027-02-30", "12/Foo/27", "tomorrow", "2027-3-12x", "12/Mar/27 25:00", "", NULL };
	for (int i = 0; bad[i]; i++)
		assert_int_equal(tm_import_date(bad[i], &d), TM_EINVAL);
}

static void asana_export(void **state)
{
	(void)state;
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	const char *csv =
		"\xEF\xBB\xBFTask ID,Created At,Completed At,Last Modified,Name,Section/Column,Assignee,Assignee Email,"
		"Start Date,Due Date,Tags,Notes,Projects,Parent task,Blocked By (Dependencies),Blocking (Dependencies)\r\n"
		"101,2026-11-02,2026-11-20,2026-11-20,Brief,Planning,Ana Silva,ana@example.com,,2027-01-15,,,P,,,102\r\n"
		"102,2026-11-02,,2026-11-20,Messaging,Messaging,Bo Chen,,,2027-02-01,,\"a, b\nc\",P,,101,\r\n"
		"103,2026-11-02,,2026-11-20,Review,Messaging,,,,,,,P,Messaging,,\r\n"
		"104,2026-11-02,,2026-11-20,Deck,Sales,,,,,,,P,,\"101, 102, 999\",\r\n";
	assert_int_equal(parse(TM_IMPORT_ASANA, csv, NULL, &f, &err), 0);
	assert_int_equal(f.tasks.n, 4);
	const tm_import_task *brief = row(&f, "Brief"), *msg = row(&f, "Messaging"), *deck = row(&f, "Deck");
	assert_string_equal(tm_import_str(&f, brief->source_id), "101");
	assert_string_equal(tm_import_str(&f, brief->section), "Planning");
	assert_string_equal(tm_import_str(&f, brief->owner_email), "ana@example.com");
	assert_int_equal(brief->status, TM_TASK_DONE);
	assert_int_equal(brief->due.date, tm_date_from_ymd(2027, 1, 15));
	assert_int_equal(msg->status, TM_TASK_TODO);
	assert_int_equal(msg->line, 3);
	assert_int_equal(deck->line, 6); /* the notes' line break moved it down */
	/* Blocked By and Blocking say the same once; the subtask (parent by name) is waited for by its parent. */
	assert_true(waits(&f, "Messaging", "Brief"));
	assert_true(waits(&f, "Messaging", "Review"));
	assert_true(waits(&f, "Deck", "Brief"));
	assert_true(waits(&f, "Deck", "Messaging"));
	assert_int_equal(kept(&f), 4);
	assert_int_equal(row(&f, "Review")->parent, (int)(msg - f.tasks.v));
	/* An id in no row is reported, not guessed. */
	assert_int_equal(f.loose.n, 1);
	assert_string_equal(tm_import_str(&f, f.loose.v[0].ref), "999");
	assert_string_equal(f.loose.v[0].why, "not in the file");
	assert_non_null(strstr(f.ignored, "Tags"));
	tm_import_file_release(&f);
}

static void jira_export_with_repeated_columns(void **state)
{
	(void)state;
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	const char *csv =
		"Summary,Issue key,Issue id,Issue Type,Status,Assignee,Due date,Original Estimate,Component/s,Component/s,"
		"Custom field (Epic Link),Outward issue link (Blocks),Outward issue link (Blocks),Inward issue link (Blocks),"
		"Parent,Status Category\n"
		"Readiness,L-1,10001,Epic,In Progress,Ana,,,,,,,,,,In Progress\n"
		"Copy,L-2,10002,Story,In Review,Bo,15/Feb/27 12:00 AM,57600,Web,Docs,L-1,L-3,L-4,,,In Progress\n"
		"Build,L-3,10003,Task,To Do,,2027-02-22,144000,,,L-1,,,L-2,,To Do\n"
		"Notes,L-4,10004,Task,Closed,,,100,Docs,,,,,,,Done\n"
		"Shots,L-5,10005,Sub-task,To Do,,,,,,,,,,10004,To Do\n"
		"Old,L-6,10006,Task,Won't Do,,,,,,,,,,,Done\n";
	assert_int_equal(parse(TM_IMPORT_JIRA, csv, NULL, &f, &err), 0);
	const tm_import_task *epic = row(&f, "Readiness"), *copy = row(&f, "Copy"), *build = row(&f, "Build");
	assert_true(epic->milestone);
	assert_int_equal(copy->effort_days, 2);  /* 57,600 s: two 8-hour days */
	assert_int_equal(build->effort_days, 5);
	assert_int_equal(row(&f, "Notes")->effort_days, 1); /* rounded up */
	assert_int_equal(copy->due.date, tm_date_from_ymd(2027, 2, 15));
	assert_int_equal(copy->status, TM_TASK_IN_PROGRESS);
	assert_int_equal(row(&f, "Notes")->status, TM_TASK_DONE);
	/* An epic's stories are in its section; a component otherwise (the first). */
	assert_string_equal(tm_import_str(&f, copy->section), "Readiness");
	assert_string_equal(tm_import_str(&f, row(&f, "Notes")->section), "Docs");
	assert_true(waits(&f, "Build", "Copy"));     /* outward on Copy and inward on Build: one edge */
	assert_true(waits(&f, "Notes", "Copy"));     /* the second Outward column */
	assert_true(waits(&f, "Notes", "Shots"));    /* Parent is the numeric Issue id */
	assert_true(waits(&f, "Readiness", "Copy")); /* the epic waits for its stories */
	assert_true(row(&f, "Old")->skip);
	assert_string_equal(tm_import_str(&f, row(&f, "Old")->reason), "Won't Do in jira");
	assert_int_equal(kept(&f), 5);
	tm_import_file_release(&f);

	/* A server export names sub-tasks on the parent's row instead (and the same parent twice is once). */
	const char *server = "Issue key,Issue id,Summary,Sub-tasks,Parent id,Parent key\n"
			     "S-1,1,Parent,\"2, 3\",,\n"
			     "S-2,2,Child,,1,S-1\n"
			     "S-3,3,Other child,,,\n";
	assert_int_equal(parse(TM_IMPORT_JIRA, server, NULL, &f, &err), 0);
	assert_true(waits(&f, "Parent", "Child"));
	assert_true(waits(&f, "Parent", "Other child"));
	assert_int_equal(kept(&f), 2);
	tm_import_file_release(&f);
}

static void linear_export_and_a_cycle(void **state)
{
	(void)state;
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	const char *csv = "ID,Title,Status,Estimate,Assignee,Due Date,Started,Completed,Canceled,Parent issue,"
			  "Project Milestone,Blocked by\n"
			  "E-1,API,Done,3,ana@example.com,2027-02-10,,2027-01-15T16:00:00.000Z,,,Beta,\n"
			  "E-2,Dashboard,In Progress,5,Frank Ortiz,,2027-01-19T09:00:00.000Z,,,,GA,E-1\n"
			  "E-3,Emails,Todo,2,,,,,,E-2,GA,\"E-1, E-4\"\n"
			  "E-4,Load test,Todo,,,,,,,,GA,E-5\n"
			  "E-5,Budget,Todo,,,,,,,,GA,E-6\n"
			  "E-6,Limits,Todo,,,,,,,,GA,E-4\n"
			  "E-7,Old,Canceled,1,,,,,2026-11-20T09:15:00.000Z,,,E-1\n";
	assert_int_equal(parse(TM_IMPORT_LINEAR, csv, NULL, &f, &err), 0);
	assert_string_equal(tm_import_str(&f, row(&f, "API")->owner_email), "ana@example.com");
	assert_string_equal(tm_import_str(&f, row(&f, "Dashboard")->owner_name), "Frank Ortiz");
	assert_int_equal(row(&f, "Dashboard")->status, TM_TASK_IN_PROGRESS);
	assert_int_equal(row(&f, "API")->status, TM_TASK_DONE);
	assert_int_equal(row(&f, "Dashboard")->effort_days, 5);
	assert_string_equal(tm_import_str(&f, row(&f, "API")->section), "Beta");
	assert_true(row(&f, "Old")->skip);
	assert_true(waits(&f, "Dashboard", "Emails")); /* the parent waits for its sub-issue */
	assert_true(waits(&f, "Emails", "API"));
	assert_true(waits(&f, "Emails", "Load test"));
	/* Load test → Budget → Limits → Load test: the edge read last (Limits waits for Load test) is dropped. */
	assert_int_equal(f.loops.n, 1);
	const tm_import_loop *l = &f.loops.v[0];
	assert_int_equal(l->n, 4);
	assert_string_equal(tm_import_str(&f, f.tasks.v[l->path[0]].title), "Limits");
	assert_string_equal(tm_import_str(&f, f.tasks.v[l->path[1]].title), "Load test");
	assert_string_equal(tm_import_str(&f, f.tasks.v[l->path[2]].title), "Budget");
	assert_string_equal(tm_import_str(&f, f.tasks.v[l->path[3]].title), "Limits");
	assert_true(waits(&f, "Load test", "Budget"));
	assert_true(waits(&f, "Budget", "Limits"));
	assert_false(waits(&f, "Limits", "Load test"));
	/* A skipped row's edges are reported, not kept. */
	assert_int_equal(f.loose.n, 1);
	assert_non_null(strstr(f.loose.v[0].why, "not imported"));
	tm_import_file_release(&f);
}

static void generic_csv_and_map(void **state)
{
	(void)state;
	tm_import_file f;
	tm_import_map map;
	tm_error err = TM_ERROR_INIT;
	const char *csv = "Task Name,Owner,due,Days,status,depends_on,milestone\n"
			  "Kickoff,Ana,T-6w,,done,,yes\n"
			  "\"Plan, with a comma\",Bo,2027-02-01,3,in_progress,Kickoff,no\n"
			  "Ship,,T,2,todo,\"Kickoff; Plan, with a comma\",\n";
	assert_int_equal(tm_import_map_parse("Task Name=title, Owner = owner ,Days=effort", &map, &err), 0);
	assert_int_equal(map.n, 3);
	assert_int_equal(parse(TM_IMPORT_CSV, csv, &map, &f, &err), 0);
	const tm_import_task *k = row(&f, "Kickoff"), *p = row(&f, "Plan, with a comma");
	assert_true(k->due.is_offset);
	assert_int_equal(k->due.offset.amount, -6);
	assert_int_equal(k->due.offset.unit, TM_UNIT_WEEK);
	assert_true(k->milestone);
	assert_int_equal(k->status, TM_TASK_DONE);
	assert_int_equal(p->effort_days, 3);
	assert_int_equal(p->status, TM_TASK_IN_PROGRESS);
	/* A cell that names a row whole is one reference; else a list, by semicolons when it has any. */
	assert_true(waits(&f, "Plan, with a comma", "Kickoff"));
	assert_true(waits(&f, "Ship", "Kickoff"));
	assert_true(waits(&f, "Ship", "Plan, with a comma"));
	tm_import_file_release(&f);

	assert_int_equal(tm_import_map_parse("Task Name=titel", &map, &err), TM_EINVAL);
	assert_string_equal(err.field, "map");
	assert_non_null(strstr(err.msg, "unknown task field 'titel'"));
	assert_int_equal(tm_import_map_parse("Task Name", &map, &err), TM_EINVAL);
	assert_int_equal(tm_import_map_parse("\"Owner, main\"=owner", &map, &err), 0);
	assert_string_equal(map.v[0].header, "Owner, main");
}

/* A refusal at line/column whose message holds says. */
static void refused(int source, const char *csv, int line, int column, const char *says)
{
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	int rc = parse(source, csv, NULL, &f, &err);
	if (rc != TM_EINVAL || err.line != line || err.column != column || !strstr(err.msg, says))
		fail_msg("'%s': rc %d, %d:%d: %s (wanted %d:%d: %s)", csv, rc, err.line, err.column, err.msg, line, column,
			 says);
	tm_import_file_release(&f);
}

static void refusals_name_line_and_column(void **state)
{
	(void)state;
	refused(TM_IMPORT_CSV, "title,due\nA,2027-01-02\nB\n", 3, 2, "a ragged row");
	refused(TM_IMPORT_CSV, "title,due\nA,2027-01-02,x\n", 2, 3, "a ragged row");
	refused(TM_IMPORT_CSV, "title,due\nA,2027-02-30\n", 2, 2, "not a date");
	refused(TM_IMPORT_CSV, "title,status\nA,weird\n", 2, 2, "unknown status 'weird'");
	refused(TM_IMPORT_CSV, "title,effort\nA,lots\n", 2, 2, "not a number");
	refused(TM_IMPORT_CSV, "due,title\n2027-01-02,\n", 2, 2, "needs a title");
	refused(TM_IMPORT_CSV, "title\nA\nA\n", 3, 0, "also on line 2");
	refused(TM_IMPORT_CSV, "owner\nAna\n", 1, 1, "no 'title' column");
	refused(TM_IMPORT_CSV, "title,title\nA,B\n", 1, 2, "appears twice");
	refused(TM_IMPORT_CSV, "title\n", 2, 1, "nothing to import");
	refused(TM_IMPORT_CSV, "", 1, 1, "the file is empty");
	refused(TM_IMPORT_CSV, "title\nCaf\xe9\n", 2, 1, "invalid UTF-8");
	refused(TM_IMPORT_CSV, "title\n\"open\n", 2, 1, "never closed");
	refused(TM_IMPORT_ASANA, "Name,Due Date\nA,2027-01-02\n", 1, 1, "no 'Task ID' column");
	refused(TM_IMPORT_JIRA, "Issue key,Summary\nL-1,A\nL-1,B\n", 3, 0, "the id 'L-1' is also on line 2");
	refused(TM_IMPORT_LINEAR, "ID,Title\n,A\n", 2, 1, "has no id");
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	const char utf16[] = "\xFF\xFEt\0i\0t\0l\0e\0";
	assert_int_equal(tm_import_parse(TM_IMPORT_CSV, utf16, sizeof(utf16) - 1, NULL, &f, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "UTF-16"));
	tm_import_file_release(&f);
	const char nul[] = "title\nA\0B\n";
	assert_int_equal(tm_import_parse(TM_IMPORT_CSV, nul, sizeof(nul) - 1, NULL, &f, &err), TM_EINVAL);
	assert_non_null(strstr(err.msg, "NUL"));
	tm_import_file_release(&f);
}

static void too_many_rows(void **state)
{
	(void)state;
	tm_buf b = TM_BUF_INIT;
	tm_import_file f;
	tm_error err = TM_ERROR_INIT;
	tm_buf_adds(&b, "title\n");
	for (int i = 0; i <= TM_IMPORT_ROWS_MAX; i++)
		tm_buf_printf(&b, "t%d\n", i);
	assert_int_equal(tm_import_parse(TM_IMPORT_CSV, b.s, b.len, NULL, &f, &err), TM_EINVAL);
	assert_int_equal(err.line, TM_IMPORT_ROWS_MAX + 2);
	assert_non_null(strstr(err.msg, "more than 100000 rows"));
	tm_import_file_release(&f);
	tm_buf_release(&b);
}

/* tm_import_acyclic keeps the fixed edges and drops only later ones, each closing edge once. */
static void acyclic_keeps_what_is_fixed(void **state)
{
	(void)state;
	tm_import_edge e[] = {
		{ .task = 0, .after = 1 }, /* fixed: 0 waits for 1 */
		{ .task = 1, .after = 2 }, /* 1 waits for 2 */
		{ .task = 2, .after = 0 }, /* closes 0 → 1 → 2 → 0 */
		{ .task = 3, .after = 2 }, /* fine */
		{ .task = 2, .after = 3 }, /* closes 2 ↔ 3 */
	};
	tm_import_loops loops = TM_VEC_INIT;
	tm_import_acyclic(4, e, 5, 1, &loops);
	assert_false(e[0].dropped);
	assert_false(e[1].dropped);
	assert_true(e[2].dropped);
	assert_false(e[3].dropped);
	assert_true(e[4].dropped);
	assert_int_equal(loops.n, 2);
	assert_int_equal(loops.v[0].edge, 2);
	assert_int_equal(loops.v[0].n, 4);
	tm_import_loops_free(&loops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_as_the_tools_write_them),
		cmocka_unit_test(asana_export),
		cmocka_unit_test(jira_export_with_repeated_columns),
		cmocka_unit_test(linear_export_and_a_cycle),
		cmocka_unit_test(generic_csv_and_map),
		cmocka_unit_test(refusals_name_line_and_column),
		cmocka_unit_test(too_many_rows),
		cmocka_unit_test(acyclic_keeps_what_is_fixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
