/*
 * json.h - domain values as JSON (jansson), the contract the CLI's --json,
 * the API and the tests share. Each function returns a new reference.
 */
#ifndef TM_RENDER_JSON_H
#define TM_RENDER_JSON_H

#include <jansson.h>

#include "core/model.h"
#include "core/playbook.h"
#include "render/json_out.h"

/* "YYYY-MM-DD" */
json_t *tm_json_date(tm_date d);
json_t *tm_json_person(const tm_person *p);
json_t *tm_json_task(const tm_task *t);
json_t *tm_json_tasks(const tm_task *tasks, size_t n);
/* A launch; with tasks (not NULL) adds the "tasks" array. */
json_t *tm_json_launch(const tm_launch *l, const tm_tasks *tasks);
/* tm_json_launch(l, NULL) written straight out, for long lists: keep the two in step
 * (tests/unit/test_json_out.c compares them). */
void tm_json_out_launch(tm_json_out *w, const tm_launch *l);
json_t *tm_json_playbook(const tm_playbook *pb);
/* Dumps with the house style (2-space indent, key order kept, UTF-8 as is) and a newline. */
/*
 * Numbers with a fraction are written with 15 significant digits, the most a double holds
 * for any decimal: what people typed reads back as typed (42.4, not 42.399999999999999),
 * and a computed figure (a target path's value) is not shown with noise digits.
 */
#define TM_JSON_REALS JSON_REAL_PRECISION(15)

char *tm_json_dumps(const json_t *j);

#endif
