/*
 * cli.h - commands as data (git's commands[], tmux's cmd_entry): each
 * command is a const struct with its name, usage, help, options and flags;
 * one table lists them; the dispatcher parses options, opens the database
 * when the flags ask for it, prints help from the struct and suggests the
 * nearest name for a typo. A command's run() calls app/ and renders the
 * result into ctx->out; it never prints or exits itself.
 */
#ifndef TM_CLI_H
#define TM_CLI_H

#include <stdbool.h>

#include "app/app.h"
#include "util/buf.h"

struct cli_ctx;
struct cli_args;
struct json_t;

enum {
	CMD_DB = 1 << 0,      /* opens the workspace database */
};

#define CLI_MAX_OPTS 16
#define CLI_MAX_VALUES 32
#define CLI_MAX_POS 8

struct cli_opt {
	const char *name;     /* long name without dashes */
	const char *arg;      /* placeholder ("DATE") or NULL for a flag */
	const char *help;
};

struct cli_command {
	const char *name;     /* words, e.g. "task dep add" */
	const char *args;     /* synopsis after the name */
	const char *summary;  /* one line for lists */
	const char *help;     /* more, or NULL */
	unsigned flags;
	int min_pos, max_pos; /* positional arguments accepted */
	struct cli_opt opts[CLI_MAX_OPTS];
	/* The use case's input as app/ describes it: its fields are options too, with their help. */
	const tm_input_desc *input;
	int mode;                              /* enum tm_in_mode: which of the input's fields apply */
	const char *pos_fields[CLI_MAX_POS];   /* the input field each positional argument fills, or NULL */
	int (*run)(struct cli_ctx *ctx, const struct cli_args *a);
};

struct cli_args {
	const struct cli_command *cmd;
	const char *val[CLI_MAX_OPTS];                 /* last value; "" for a set flag; NULL if absent */
	const char *multi[CLI_MAX_OPTS][CLI_MAX_VALUES]; /* every value, for repeatable options */
	int nmulti[CLI_MAX_OPTS];
	const char *pos[CLI_MAX_POS];
	int npos;
	void *input;          /* the command's input struct, filled from its options and positionals, or NULL */
};

struct cli_ctx {
	tm_app *app;
	bool json;            /* --json: one JSON document on stdout */
	bool color;           /* stdout is a terminal and NO_COLOR is unset */
	tm_buf out;           /* what goes to stdout */
	tm_buf warn;          /* notes for stderr */
	tm_error err;
	const char *db_path;         /* --db as given (a file, or a PostgreSQL connection string) */
	char db_shown[1024];         /* the same for messages: no password in it */
	int exit_status;      /* a successful run's exit status (check: 1 when it finds errors) */
	bool today_pinned;    /* --today or TMINUS_TODAY was given */
};

/* Option value by name, or NULL. */
const char *cli_opt(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
/* All values of a repeatable option; returns the count. */
int cli_multi(const struct cli_args *a, const char *name, const char *const **vals);
/* Sets a field of the command's input from text (errors spelled as options). */
int cli_input_set(struct cli_ctx *ctx, const struct cli_args *a, const char *field, const char *text);
/* Parses an integer option (absent: *out unchanged, 0 returned). */
int cli_int(struct cli_ctx *ctx, const struct cli_args *a, const char *name, int lo, int hi, int *out);

/* What a change risks, on stderr (with --json the document carries them as "warnings"). */
void cli_warnings(struct cli_ctx *ctx, const tm_findings *warnings);

struct tm_json_out;
/* Writes a long JSON document to stdout as it is made (a megabyte at a time), not held whole in
 * ctx->out: for a read command, once everything it prints is known (nothing may fail after). */
void cli_json_stream(struct cli_ctx *ctx, struct tm_json_out *w);

/* Emits a JSON value (stealing the reference) into ctx->out. */
void cli_json(struct cli_ctx *ctx, struct json_t *j);

/* The table of every command, NULL-terminated. */
extern const struct cli_command *const cli_commands[];

/* Renders a task table (shared by launch show and task list). */
void cli_task_table(struct cli_ctx *ctx, const tm_task *tasks, size_t n);
/* One line about a task, for commands that change one. */
void cli_task_line(struct cli_ctx *ctx, const char *verb, const tm_task *t);

struct tm_metric_view;
/* The metric status table (metric status, metric import, dashboard's metrics behind): launch, metric,
 * status, observed on its date, the path's value then, target by the window's end, owner; and a line
 * counting each status. */
void cli_metric_table(struct cli_ctx *ctx, const struct tm_metric_view *views, size_t n);


int cli_main(int argc, char **argv);

#endif
