/*
 * dispatch.c - from argv to a command: global options anywhere on the line,
 * command words, per-command options, help from the command structs, the
 * database and "today" the flags ask for, and the one place that turns a
 * tm_error into a message and an exit status.
 */
#include <errno.h>
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "render/json.h"

#define TMINUS_VERSION "0.1.0"

struct globals {
	const char *db, *today, *playbook;
	bool json, help, no_color, version;
};

const char *cli_opt(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < CLI_MAX_OPTS && a->cmd->opts[i].name; i++)
		if (!strcmp(a->cmd->opts[i].name, name))
			return a->val[i];
	return NULL;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	return cli_opt(a, name) != NULL;
}

int cli_multi(const struct cli_args *a, const char *name, const char *const **vals)
{
	for (int i = 0; i < CLI_MAX_OPTS && a->cmd->opts[i].name; i++)
		if (!strcmp(a->cmd->opts[i].name, name)) {
			*vals = a->multi[i];
			return a->nmulti[i];
		}
	*vals = NULL;
	return 0;
}

int cli_int(struct cli_ctx *ctx, const struct cli_args *a, const char *name, int lo, int hi, int *out)
{
	const char *v = cli_opt(a, name);
	if (!v)
		return 0;
	return tm_parse_int(name, v, lo, hi, out, &ctx->err);
}

void cli_json(struct cli_ctx *ctx, json_t *j)
{
	char *s = tm_json_dumps(j);
	tm_buf_adds(&ctx->out, s);
	free(s);
	json_decref(j);
}

/* Levenshtein distance, for "did you mean". */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	int d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			d[i][j] = c < del ? (c < ins ? c : ins) : (del < ins ? del : ins);
		}
	return d[la][lb];
}

/* How many of the command's words match argv; 0 if the command does not match. */
static int match_words(const char *name, int argc, char **argv)
{
	int n = 0;
	const char *p = name;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], p, len))
			return 0;
		n++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void print_command_help(FILE *f, const struct cli_command *c)
{
	fprintf(f, "usage: tminus %s%s%s\n\n%s\n", c->name, c->args && *c->args ? " " : "", c->args ? c->args : "",
		c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	if (c->opts[0].name) {
		fprintf(f, "\noptions:\n");
		for (int i = 0; i < CLI_MAX_OPTS && c->opts[i].name; i++) {
			char left[64];
			snprintf(left, sizeof(left), "--%s%s%s", c->opts[i].name, c->opts[i].arg ? " " : "",
				 c->opts[i].arg ? c->opts[i].arg : "");
			fprintf(f, "  %-24s %s\n", left, c->opts[i].help);
		}
	}
	fprintf(f, "\nglobal options: --db PATH, --json, --today DATE, --playbook FILE, --no-color, --help\n");
}

static void print_usage(FILE *f, const char *group)
{
	if (!group)
		fprintf(f, "tminus %s — plan product launches: tiers, playbooks, tasks, owners and dates\n\n"
			   "usage: tminus [--db PATH] [--json] [--today DATE] COMMAND [ARGS]\n\ncommands:\n",
			TMINUS_VERSION);
	else
		fprintf(f, "usage: tminus %s COMMAND [ARGS]\n\ncommands:\n", group);
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];
		size_t gl = group ? strlen(group) : 0;
		if (group && (strncmp(c->name, group, gl) || c->name[gl] != ' '))
			continue;
		char left[80];
		snprintf(left, sizeof(left), "%s %s", c->name, c->args ? c->args : "");
		if (strlen(left) > 44)
			snprintf(left + 41, sizeof(left) - 41, "...");
		fprintf(f, "  %-46s %s\n", left, c->summary);
	}
	fprintf(f, "\n'tminus COMMAND --help' tells more about one command.\n"
		   "Exit status: 0 ok, 1 blocking problems or internal error, 2 bad input, 3 not found, 4 conflict.\n");
}

/* Takes the global options out of argv (anywhere before "--"); returns the new argc. */
static int take_globals(int argc, char **argv, struct globals *g, tm_error *err)
{
	int out = 0;
	bool ended = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *name = NULL;
		if (ended || a[0] != '-' || a[1] != '-') {
			if (!strcmp(a, "-h") && !ended) {
				g->help = true;
				continue;
			}
			argv[out++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			ended = true;
			argv[out++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--json")) { g->json = true; continue; }
		if (!strcmp(a, "--help")) { g->help = true; continue; }
		if (!strcmp(a, "--no-color")) { g->no_color = true; continue; }
		if (!strcmp(a, "--version")) { g->version = true; continue; }
		static const char *const names[] = { "db", "today", "playbook" };
		const char **slots[] = { &g->db, &g->today, &g->playbook };
		for (int k = 0; k < 3; k++) {
			size_t l = strlen(names[k]);
			if (!strncmp(a + 2, names[k], l) && (a[2 + l] == '\0' || a[2 + l] == '=')) {
				slot = slots[k];
				name = names[k];
				if (a[2 + l] == '=') {
					*slot = a + 3 + l;
				} else if (i + 1 < argc) {
					*slot = argv[++i];
				} else {
					return -tm_fail_field(err, TM_EUSAGE, name, "--%s needs a value", name);
				}
				break;
			}
		}
		if (!slot)
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

/* Parses the command's own options and positional arguments. */
static int parse_args(const struct cli_command *c, int argc, char **argv, struct cli_args *a, tm_error *err)
{
	bool ended = false;
	memset(a, 0, sizeof(*a));
	a->cmd = c;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (ended || s[0] != '-' || s[1] == '\0' || (s[1] != '-' && (s[1] < 'a' || s[1] > 'z'))) {
			if (a->npos >= CLI_MAX_POS || a->npos >= c->max_pos)
				return tm_fail(err, TM_EUSAGE, "unexpected argument '%.60s' (usage: tminus %s %s)", s, c->name,
					       c->args);
			a->pos[a->npos++] = s;
			continue;
		}
		if (!strcmp(s, "--")) {
			ended = true;
			continue;
		}
		if (s[1] != '-')
			return tm_fail(err, TM_EUSAGE, "unknown option '%.40s': options are spelled out, such as --tier", s);
		const char *name = s + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		int k = -1;
		for (int j = 0; j < CLI_MAX_OPTS && c->opts[j].name; j++)
			if (strlen(c->opts[j].name) == len && !strncmp(c->opts[j].name, name, len))
				k = j;
		if (k < 0) {
			const char *best = NULL;
			int bd = 3;
			char given[64];
			snprintf(given, sizeof(given), "%.*s", (int)(len < 60 ? len : 60), name);
			for (int j = 0; j < CLI_MAX_OPTS && c->opts[j].name; j++) {
				int d = distance(given, c->opts[j].name);
				if (d < bd) {
					bd = d;
					best = c->opts[j].name;
				}
			}
			if (best)
				return tm_fail(err, TM_EUSAGE, "unknown option '--%s' for 'tminus %s'; did you mean '--%s'?", given,
					       c->name, best);
			return tm_fail(err, TM_EUSAGE, "unknown option '--%s' for 'tminus %s' (see 'tminus %s --help')", given,
				       c->name, c->name);
		}
		const char *val = "";
		if (c->opts[k].arg) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return tm_fail_field(err, TM_EUSAGE, c->opts[k].name, "--%s needs a value (%s)", c->opts[k].name,
						     c->opts[k].arg);
		} else if (eq) {
			return tm_fail_field(err, TM_EUSAGE, c->opts[k].name, "--%s takes no value", c->opts[k].name);
		}
		a->val[k] = val;
		if (a->nmulti[k] >= CLI_MAX_VALUES)
			return tm_fail_field(err, TM_EUSAGE, c->opts[k].name, "--%s given more than %d times", c->opts[k].name,
					     CLI_MAX_VALUES);
		a->multi[k][a->nmulti[k]++] = val;
	}
	if (a->npos < c->min_pos)
		return tm_fail(err, TM_EUSAGE, "missing arguments (usage: tminus %s %s)", c->name, c->args);
	return 0;
}

/* --today, else TMINUS_TODAY, else the local date. */
static int resolve_today(const char *opt, tm_date *out, tm_error *err)
{
	const char *s = opt ? opt : getenv("TMINUS_TODAY");
	if (s && *s) {
		int rc = tm_date_parse(s, out, err);
		if (rc) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", err->msg);
			tm_fail_field(err, rc, "today", "%s: %.300s", opt ? "--today" : "TMINUS_TODAY", why);
		}
		return rc;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	*out = tm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

/* mkdir -p for the directory part of path. */
static int make_parent_dirs(const char *path, tm_error *err)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) && errno != EEXIST)
			return tm_fail(err, TM_EIO, "cannot create directory '%s': %s", buf, strerror(errno));
		*p = '/';
	}
	return 0;
}

/* --db, else TMINUS_DB, else $XDG_DATA_HOME/tminus/tminus.db (~/.local/share by default). */
static int resolve_db(const char *opt, char *out, size_t outsz, tm_error *err)
{
	const char *s = opt ? opt : getenv("TMINUS_DB");
	if (s && *s) {
		snprintf(out, outsz, "%s", s);
		return 0;
	}
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(out, outsz, "%s/tminus/tminus.db", xdg);
	else if (home && *home)
		snprintf(out, outsz, "%s/.local/share/tminus/tminus.db", home);
	else
		return tm_fail(err, TM_EUSAGE, "no database: give --db PATH or set TMINUS_DB");
	return make_parent_dirs(out, err);
}

static int report(struct cli_ctx *ctx, int rc)
{
	if (!rc)
		return 0;
	fprintf(stderr, "tminus: error: %s\n", ctx->err.msg[0] ? ctx->err.msg : tm_error_name(rc));
	return tm_error_exit_status(rc);
}

int cli_main(int argc, char **argv)
{
	struct globals g = { 0 };
	struct cli_ctx ctx = { .out = TM_BUF_INIT, .warn = TM_BUF_INIT };
	struct cli_args args;
	tm_store *st = NULL;
	tm_app app;
	bool app_ready = false;
	char dbpath[4096];
	int rc = 0, status = 0;

	argc = take_globals(argc - 1, argv + 1, &g, &ctx.err);
	argv++;
	if (argc < 0) {
		status = report(&ctx, -argc);
		goto out;
	}
	if (g.version) {
		printf("tminus %s\n", TMINUS_VERSION);
		goto out;
	}
	const struct cli_command *cmd = NULL;
	int words = 0;
	for (int i = 0; cli_commands[i]; i++) {
		int n = match_words(cli_commands[i]->name, argc, argv);
		if (n > words) {
			words = n;
			cmd = cli_commands[i];
		}
	}
	if (!cmd) {
		if (argc == 0) {
			print_usage(g.help ? stdout : stderr, NULL);
			status = g.help ? 0 : 2;
			goto out;
		}
		/* A group name alone ("tminus launch"), or a typo. */
		bool group = false;
		for (int i = 0; cli_commands[i]; i++) {
			size_t l = strlen(argv[0]);
			if (!strncmp(cli_commands[i]->name, argv[0], l) && cli_commands[i]->name[l] == ' ')
				group = true;
		}
		if (group && (argc == 1 || g.help)) {
			print_usage(g.help ? stdout : stderr, argv[0]);
			status = g.help ? 0 : 2;
			goto out;
		}
		/* Suggest the nearest command (within the group when the first word is one). */
		char given[96];
		if (group)
			snprintf(given, sizeof(given), "%s %s", argv[0], argv[1]);
		else
			snprintf(given, sizeof(given), "%s", argv[0]);
		const char *best = NULL;
		int best_len = 0, bd = 3;
		for (int i = 0; cli_commands[i]; i++) {
			const char *name = cli_commands[i]->name;
			int len = group ? (int)strlen(name) : (int)strcspn(name, " ");
			char cand[64];
			snprintf(cand, sizeof(cand), "%.*s", len, name);
			int d = distance(given, cand);
			if (d < bd) {
				bd = d;
				best = name;
				best_len = len;
			}
		}
		if (best)
			fprintf(stderr, "tminus: error: unknown command '%s'; did you mean '%.*s'?\n", given, best_len, best);
		else
			fprintf(stderr, "tminus: error: unknown command '%s' (see 'tminus --help')\n", given);
		status = 2;
		goto out;
	}
	if (g.help) {
		print_command_help(stdout, cmd);
		goto out;
	}
	if ((rc = parse_args(cmd, argc - words, argv + words, &args, &ctx.err))) {
		status = report(&ctx, rc);
		goto out;
	}
	tm_date today;
	if ((rc = resolve_today(g.today, &today, &ctx.err))) {
		status = report(&ctx, rc);
		goto out;
	}
	ctx.json = g.json;
	ctx.today_pinned = g.today || (getenv("TMINUS_TODAY") && *getenv("TMINUS_TODAY"));
	ctx.color = !g.no_color && !g.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (cmd->flags & CMD_DB) {
		if ((rc = resolve_db(g.db, dbpath, sizeof(dbpath), &ctx.err)) ||
		    (rc = tm_store_open_sqlite(dbpath, &st, &ctx.err))) {
			status = report(&ctx, rc);
			goto out;
		}
		ctx.db_path = dbpath;
	}
	tm_app_init(&app, st, today, g.playbook);
	/* Who the decision ledger and the audit log name: $TMINUS_USER, $USER, else the login name. */
	app.user = getenv("TMINUS_USER") ? getenv("TMINUS_USER") : getenv("USER");
	if (!app.user || !*app.user) {
		struct passwd *pw = getpwuid(getuid());
		app.user = pw ? pw->pw_name : NULL;
	}
	app_ready = true;
	ctx.app = &app;
	rc = cmd->run(&ctx, &args);
	if (ctx.warn.len)
		fputs(ctx.warn.s, stderr);
	if (rc) {
		status = report(&ctx, rc);
		goto out;
	}
	fwrite(ctx.out.s, 1, ctx.out.len, stdout);
	status = ctx.exit_status;
	if (fflush(stdout) != 0)
		status = 1;
out:
	if (app_ready)
		tm_app_release(&app);
	tm_store_close(st);
	tm_buf_release(&ctx.out);
	tm_buf_release(&ctx.warn);
	return status;
}
