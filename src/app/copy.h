/*
 * copy.h - tminus copy: a whole workspace moved to another, between any two
 * storage engines, with the same ids, in one transaction on the target.
 */
#ifndef TM_APP_COPY_H
#define TM_APP_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "app/input.h"
#include "util/error.h"

#define TM_DB_MAX 4095   /* a workspace's file name or connection string */

/* copy: described by tm_copy_desc. */
enum { TM_CI_FROM, TM_CI_TO, TM_CI_REPLACE, TM_CI_FIELDS };
typedef struct tm_copy_input {
	uint32_t given;              /* 1 << TM_CI_* of each field given */
	char from[TM_DB_MAX + 1];    /* the workspace copied (a SQLite file or a PostgreSQL connection string) */
	char to[TM_DB_MAX + 1];      /* the workspace written */
	bool replace;                /* replace whatever the target holds */
} tm_copy_input;
extern const tm_input_desc tm_copy_desc;

/* How many rows of one table were copied. */
typedef struct tm_copy_count {
	const char *table;           /* the table's name ("launches"), static */
	int64_t rows;
} tm_copy_count;

#define TM_COPY_MAX_TABLES 48

typedef struct tm_copy_result {
	char from[512], to[512];     /* the workspaces, as messages name them (no password) */
	bool replaced;               /* --replace removed rows the target held */
	int n;                       /* tables, in the order they were copied */
	tm_copy_count v[TM_COPY_MAX_TABLES];
} tm_copy_result;

/*
 * Copies every row of every table of in->from into in->to (made if it is a new SQLite file), with
 * the id counters and the feed key, in one transaction on the target. A target that holds any row
 * is refused (TM_ECONFLICT) unless in->replace.
 */
int tm_app_copy(const tm_copy_input *in, tm_copy_result *out, tm_error *err);

#endif
