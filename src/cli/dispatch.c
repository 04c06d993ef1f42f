/*
 * dispatch.c - from argv to a command: global options anywhere on the line,
 * command words, per-command options, help from the command structs, the
 * database and "today" the flags ask for, and the one place that turns a
 * tm_error into a message and an exit status.
 */
#include <errno.h>
#include <jansson.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "render/json_out.h"
#include "render/json.h"

#include "util/banned.h"

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

void cli_warnings(struct cli_ctx *ctx, const tm_findings *warnings)
{
	for (size_t i = 0; !ctx->json && i < warnings->n; i++)
		tm_buf_printf(&ctx->warn, "tminus: warning: %s (%s)\n  → %s\n", warnings->v[i].message,
			      tm_rule(warnings->v[i].rule)->name, warnings->v[i].hint);
}

void cli_json(struct cli_ctx *ctx, json_t *j)
{
	char *s = tm_json_dumps(j);
	tm_buf_adds(&ctx->out, s);
	free(s);
	json_decref(j);
}

static void drain_stdout(void *arg, tm_buf *out)
{
	(void)arg;
	(void)fwrite(out->s, 1, out->len, stdout); /* a failed write shows in ferror(stdout) at the end */
	tm_buf_reset(out);
}

void cli_json_stream(struct cli_ctx *ctx, struct tm_json_out *w)
{
	(void)ctx;
	tm_json_out_drain(w, (size_t)1 << 20, drain_stdout, NULL);
}

/* Is field the input field a positional argument fills? Its index, else -1. */
static int pos_of(const struct cli_command *c, const char *field)
{
	for (int k = 0; k < CLI_MAX_POS; k++)
		if (c->pos_fields[k] && !strcmp(c->pos_fields[k], field))
			return k;
	return -1;
}

/* Does the command's mode take field f (a change takes no create-only field, and so on)? */
static bool applies(const struct cli_command *c, const tm_field *f)
{
	return !((c->mode == TM_IN_CREATE && (f->flags & TM_IN_CHANGE_ONLY)) ||
		 (c->mode == TM_IN_CHANGE && (f->flags & TM_IN_CREATE_ONLY)));
}

/* How the command line spells a field in messages: --due, the NAME argument, the criteria flags. */
static void spell(const void *vc, const char *field, char *out, size_t n)
{
	const struct cli_command *c = vc;
	int i = c && c->input ? tm_input_field(c->input, field) : -1;
	char name[64];
	if (c && pos_of(c, field) >= 0 && i >= 0) {
		snprintf(out, n, "%s", c->input->fields[i].arg);
		return;
	}
	if (i >= 0 && c->input->fields[i].type == TM_IN_FLAGS) {
		snprintf(out, n, "the criteria (--major, --significant, --enhancement, --bugfix, …)");
		return;
	}
	if (i >= 0) {
		tm_input_cli_name(&c->input->fields[i], name, sizeof(name));
		snprintf(out, n, "--%s", name);
		return;
	}
	snprintf(out, n, "--%s", field);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
}

int cli_input_set(struct cli_ctx *ctx, const struct cli_args *a, const char *field, const char *text)
{
	return tm_input_set(a->cmd->input, field, text, a->input, &ctx->err);
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

/* "[--owner ROLE=PERSON]…": an input field in the synopsis. */
static void synopsis_field(tm_buf *b, const struct cli_command *c, const tm_field *f)
{
	char name[64];
	bool required = c->mode == TM_IN_CREATE && (f->flags & TM_IN_REQUIRED);
	tm_input_cli_name(f, name, sizeof(name));
	tm_buf_printf(b, " %s--%s%s%s", required ? "" : "[", name, f->arg ? " " : "", f->arg ? f->arg : "");
	if (f->cli_off)
		tm_buf_printf(b, "|--%s", f->cli_off);
	tm_buf_printf(b, "%s%s", required ? "" : "]", f->type == TM_IN_TASKS || f->type == TM_IN_OWNERS || f->type == TM_IN_PEOPLE || f->type == TM_IN_REFS || f->type == TM_IN_TEXTS ? "…" : "");
}

/* Writes text from column col on, wrapped at 80 columns with continuation lines at column indent. */
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
	for (const char *p = text; *p;) {
		size_t w = strcspn(p, " ");
		if (col > indent && col + 1 + w > 80) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			(void)fputc(' ', f);
			col++;
		}
		(void)fwrite(p, 1, w, f);
		col += w;
		p += w;
		p += strspn(p, " ");
	}
	(void)fputc('\n', f);
}

/* One option line of --help: the option, its help wrapped beside it. */
static void help_line(FILE *f, const char *left, const char *help)
{
	if (strlen(left) > 24)
		fprintf(f, "  %s\n%27s", left, "");
	else
		fprintf(f, "  %-24s ", left);
	wrap(f, help, 27, 27);
}

/* The help of an input field: its own, with the values or range it takes. */
static void field_help(FILE *out, const tm_field *f)
{
	char name[64], left[96], help[600];
	tm_input_cli_name(f, name, sizeof(name));
	if (f->type == TM_IN_FLAGS) {
		for (int k = 0; tm_criteria_names[k]; k++) {
			snprintf(name, sizeof(name), "--%s", tm_criteria_names[k]);
			for (char *p = name; *p; p++)
				*p = (char)(*p == '_' ? '-' : *p);
			help_line(out, name, tm_criteria_help[k]);
		}
		return;
	}
	snprintf(left, sizeof(left), "--%s%s%s", name, f->arg ? " " : "", f->arg ? f->arg : "");
	size_t o = (size_t)snprintf(help, sizeof(help), "%s", f->help);
	if (f->type == TM_IN_CHOICE) {
		o += (size_t)snprintf(help + o, sizeof(help) - o, ": ");
		for (int k = 0; f->values[k] && o < sizeof(help); k++)
			o += (size_t)snprintf(help + o, sizeof(help) - o, "%s%s", k ? ", " : "", f->values[k]);
	} else if (f->type == TM_IN_INT && o < sizeof(help)) {
		snprintf(help + o, sizeof(help) - o, " (%lld to %lld)", f->lo, f->hi);
	}
	help_line(out, left, help);
	if (f->cli_off) {
		snprintf(left, sizeof(left), "--%s", f->cli_off);
		snprintf(help, sizeof(help), "the opposite of --%s", name);
		help_line(out, left, help);
	}
}

/* The synopsis: the command's own arguments, then its input's options, wrapped between options. */
static void print_synopsis(FILE *f, const struct cli_command *c)
{
	size_t col = (size_t)fprintf(f, "usage: tminus %s%s%s", c->name, c->args && *c->args ? " " : "", c->args ? c->args : "");
	for (int i = 0; c->input && c->input->fields[i].name; i++) {
		tm_buf b = TM_BUF_INIT;
		if (!applies(c, &c->input->fields[i]) || pos_of(c, c->input->fields[i].name) >= 0)
			continue;
		/* Named flags (the criteria) are one option each. */
		int n = c->input->fields[i].type == TM_IN_FLAGS ? TM_CRITERIA_COUNT : 1;
		for (int k = 0; k < n; k++) {
			tm_buf_reset(&b);
			if (c->input->fields[i].type == TM_IN_FLAGS) {
				tm_buf_printf(&b, " [--%s]", tm_criteria_names[k]);
				for (char *p = b.s; *p; p++)
					*p = (char)(*p == '_' ? '-' : *p);
			} else {
				synopsis_field(&b, c, &c->input->fields[i]);
			}
			if (col + b.len > 80) {
				(void)fputs("\n     ", f);
				col = 5;
			}
			(void)fputs(b.s, f);
			col += b.len;
		}
		tm_buf_release(&b);
	}
	(void)fputc('\n', f);
}

static void print_command_help(FILE *f, const struct cli_command *c)
{
	print_synopsis(f, c);
	fprintf(f, "\n%s\n", c->summary);
	if (c->help)
		fprintf(f, "\n%s\n", c->help);
	bool any_input = false;
	for (int i = 0; c->input && c->input->fields[i].name; i++)
		any_input |= applies(c, &c->input->fields[i]) && pos_of(c, c->input->fields[i].name) < 0;
	if (c->opts[0].name || any_input) {
		fprintf(f, "\noptions:\n");
		for (int i = 0; c->input && c->input->fields[i].name; i++)
			if (applies(c, &c->input->fields[i]) && pos_of(c, c->input->fields[i].name) < 0)
				field_help(f, &c->input->fields[i]);
		for (int i = 0; i < CLI_MAX_OPTS && c->opts[i].name; i++) {
			char left[64];
			snprintf(left, sizeof(left), "--%s%s%s", c->opts[i].name, c->opts[i].arg ? " " : "",
				 c->opts[i].arg ? c->opts[i].arg : "");
			help_line(f, left, c->opts[i].help);
		}
	}
	fprintf(f, "\nglobal options: --db PATH, --json, --today DATE, --playbook FILE, --no-color, --help\n");
}

/* --help with --json: the command's arguments and options, and its input's schema (the API's). */
static void print_command_help_json(const struct cli_command *c)
{
	json_t *args = json_array(), *opts = json_array();
	for (int k = 0; k < CLI_MAX_POS && c->input; k++) {
		int i = c->pos_fields[k] ? tm_input_field(c->input, c->pos_fields[k]) : -1;
		if (i >= 0)
			json_array_append_new(args, json_pack("{s:i, s:s, s:s}", "position", k + 1, "name",
							      c->input->fields[i].arg, "field", c->input->fields[i].name));
	}
	for (int i = 0; c->input && c->input->fields[i].name; i++) {
		const tm_field *f = &c->input->fields[i];
		char cli[64], opt[80];
		if (!applies(c, f) || pos_of(c, f->name) >= 0)
			continue;
		tm_input_cli_name(f, cli, sizeof(cli));
		snprintf(opt, sizeof(opt), "--%s", cli);
		json_array_append_new(opts, json_pack("{s:s, s:s?, s:s, s:b, s:s}", "option", f->type == TM_IN_FLAGS ? "" : opt,
						      "argument", f->arg, "field", f->name,
						      "required", c->mode == TM_IN_CREATE && (f->flags & TM_IN_REQUIRED),
						      "help", f->help));
	}
	for (int i = 0; i < CLI_MAX_OPTS && c->opts[i].name; i++) {
		char opt[80];
		snprintf(opt, sizeof(opt), "--%s", c->opts[i].name);
		json_array_append_new(opts, json_pack("{s:s, s:s?, s:s}", "option", opt, "argument", c->opts[i].arg, "help",
						      c->opts[i].help));
	}
	json_t *j = json_pack("{s:s, s:s, s:s?, s:o, s:o}", "command", c->name, "summary", c->summary, "help", c->help,
			      "arguments", args, "options", opts);
	if (c->input)
		json_object_set_new(j, "input", tm_input_schema(c->input, c->mode));
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		puts(text);
	free(text);
	json_decref(j);
}

static void print_usage(FILE *f, const char *group)
{
	if (!group)
		fprintf(f, "tminus %s — plan product launches, then judge their outcomes\n\n"
			   "usage: tminus [--db PATH] [--json] [--today DATE] COMMAND [ARGS]\n\ncommands:\n",
			TMINUS_VERSION);
	else
		fprintf(f, "usage: tminus %s COMMAND [ARGS]\n\ncommands:\n", group);
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_command *c = cli_commands[i];
		size_t gl = group ? strlen(group) : 0;
		if (group && (strncmp(c->name, group, gl) || c->name[gl] != ' '))
			continue;
		/* The command and its arguments (its input's options are in its own --help), the summary
		 * beside them or under them, wrapped. */
		char left[200];
		snprintf(left, sizeof(left), "%s%s%s", c->name, c->args && *c->args ? " " : "", c->args ? c->args : "");
		if (strlen(left) > 36)
			fprintf(f, "  %s\n%40s", left, "");
		else
			fprintf(f, "  %-37s ", left);
		wrap(f, c->summary, 40, 40);
	}
	fprintf(f, "\n'tminus COMMAND --help' tells more about one command.\n"
		   "Exit status: 0 ok; 1 blocking problems, a busy or read-only workspace, or an\n"
		   "internal error; 2 bad input; 3 not found; 4 conflict.\n");
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

/* An option that is a field of the command's input: which field, and for a flag which value. */
struct input_opt {
	int field;
	int value;     /* FLAGS: the criterion */
	bool off;      /* BOOL: the flag that sets it false */
};

static bool find_input_opt(const struct cli_command *c, const char *name, size_t len, struct input_opt *o)
{
	char cli[64];
	for (int i = 0; c->input && c->input->fields[i].name; i++) {
		const tm_field *f = &c->input->fields[i];
		if (pos_of(c, f->name) >= 0)
			continue;
		*o = (struct input_opt){ i, 0, false };
		if (f->type == TM_IN_FLAGS) {
			for (int k = 0; tm_criteria_names[k]; k++) {
				snprintf(cli, sizeof(cli), "%s", tm_criteria_names[k]);
				for (char *p = cli; *p; p++)
					*p = (char)(*p == '_' ? '-' : *p);
				if (strlen(cli) == len && !strncmp(cli, name, len)) {
					o->value = k;
					return true;
				}
			}
			continue;
		}
		tm_input_cli_name(f, cli, sizeof(cli));
		if (strlen(cli) == len && !strncmp(cli, name, len))
			return true;
		if (f->cli_off && strlen(f->cli_off) == len && !strncmp(f->cli_off, name, len)) {
			o->off = true;
			return true;
		}
	}
	return false;
}

/* The nearest option name to a typo, or NULL. */
static const char *nearest_option(const struct cli_command *c, const char *given, char *buf, size_t n)
{
	const char *best = NULL;
	int bd = 3;
	for (int j = 0; j < CLI_MAX_OPTS && c->opts[j].name; j++) {
		int d = distance(given, c->opts[j].name);
		if (d < bd) {
			bd = d;
			best = c->opts[j].name;
		}
	}
	for (int i = 0; c->input && c->input->fields[i].name; i++) {
		char cli[64];
		tm_input_cli_name(&c->input->fields[i], cli, sizeof(cli));
		int d = distance(given, cli);
		if (d < bd && pos_of(c, c->input->fields[i].name) < 0 && c->input->fields[i].type != TM_IN_FLAGS) {
			bd = d;
			snprintf(buf, n, "%s", cli);
			best = buf;
		}
	}
	return best;
}

/* Parses the command's own options, its input's options and the positional arguments. */
static int parse_args(const struct cli_command *c, int argc, char **argv, struct cli_args *a, tm_error *err)
{
	bool ended = false;
	int rc;
	void *input = a->input;
	memset(a, 0, sizeof(*a));
	a->cmd = c;
	a->input = input;
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
		struct input_opt io;
		for (int j = 0; j < CLI_MAX_OPTS && c->opts[j].name; j++)
			if (strlen(c->opts[j].name) == len && !strncmp(c->opts[j].name, name, len))
				k = j;
		bool is_input = k < 0 && find_input_opt(c, name, len, &io);
		char given[64], buf[64];
		snprintf(given, sizeof(given), "%.*s", (int)(len < 60 ? len : 60), name);
		if (k < 0 && !is_input) {
			const char *best = nearest_option(c, given, buf, sizeof(buf));
			if (best)
				return tm_fail(err, TM_EUSAGE, "unknown option '--%s' for 'tminus %s'; did you mean '--%s'?", given,
					       c->name, best);
			return tm_fail(err, TM_EUSAGE, "unknown option '--%s' for 'tminus %s' (see 'tminus %s --help')", given,
				       c->name, c->name);
		}
		const char *arg = k >= 0 ? c->opts[k].arg : io.off ? NULL : c->input->fields[io.field].arg;
		const char *val = "";
		if (arg) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return tm_fail_field(err, TM_EUSAGE, given, "--%s needs a value (%s)", given, arg);
		} else if (eq) {
			return tm_fail_field(err, TM_EUSAGE, given, "--%s takes no value", given);
		}
		if (is_input) {
			const tm_field *f = &c->input->fields[io.field];
			if (f->type == TM_IN_BOOL || f->type == TM_IN_FLAGS)
				tm_input_set_flag(c->input, io.field, io.value, !io.off, a->input);
			else if ((rc = tm_input_set_text(c->input, io.field, val, a->input, err)))
				return rc;
			continue;
		}
		a->val[k] = val;
		if (a->nmulti[k] >= CLI_MAX_VALUES)
			return tm_fail_field(err, TM_EUSAGE, c->opts[k].name, "--%s given more than %d times", c->opts[k].name,
					     CLI_MAX_VALUES);
		a->multi[k][a->nmulti[k]++] = val;
	}
	if (a->npos < c->min_pos)
		return tm_fail(err, TM_EUSAGE, "missing arguments (usage: tminus %s %s)", c->name, c->args);
	for (int k = 0; k < a->npos; k++)
		if (c->pos_fields[k] && (rc = tm_input_set(c->input, c->pos_fields[k], a->pos[k], a->input, err)))
			return rc;
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): a command with an input has a->input (dispatch allocates it) */
	if (c->input && c->mode == TM_IN_CHANGE && !*(const uint32_t *)((const char *)a->input + c->input->given_offset)) {
		tm_buf names = TM_BUF_INIT;
		for (int i = 0; c->input->fields[i].name; i++) {
			char cli[64];
			if (!applies(c, &c->input->fields[i]))
				continue;
			tm_input_cli_name(&c->input->fields[i], cli, sizeof(cli));
			tm_buf_printf(&names, "%s--%s", names.len ? ", " : "", cli);
		}
		rc = tm_fail(err, TM_EUSAGE, "nothing to change: give %s", names.s);
		tm_buf_release(&names);
		return rc;
	}
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
			return tm_fail(err, TM_EIO, "cannot create directory '%s': %s", buf, tm_strerror(errno));
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
		if (tm_store_names_password(s))
			fprintf(stderr, "tminus: warning: the connection string holds a password, which ps and the shell's history "
					"show: give it in PGPASSWORD or ~/.pgpass instead\n");
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

/* The one place an error leaves: a line for people, or with --json the API's problem object. */
static int report(struct cli_ctx *ctx, int rc)
{
	if (!rc)
		return 0;
	const char *detail = ctx->err.msg[0] ? ctx->err.msg : tm_error_name(rc);
	if (ctx->json) {
		int status = tm_error_http_status(rc);
		char field[96] = "";
		if (ctx->err.field[0])
			tm_error_spell(&ctx->err, ctx->err.field, field, sizeof(field));
		json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:s?, s:i}", "type", "about:blank", "title", tm_http_reason(status), "status", status, "detail",
				      detail, "parameter", field[0] ? field : NULL, "exit", tm_error_exit_status(rc));
		char *text = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
		fprintf(stderr, "%s\n", text ? text : "{\"title\":\"Error\"}");
		free(text);
		json_decref(j);
	} else {
		fprintf(stderr, "tminus: error: %s\n", detail);
	}
	return tm_error_exit_status(rc);
}

#define CLI_MAX_TRIES 8

/* A command run again must find its input again: not one that reads standard input or a terminal. */
static bool retriable(const struct cli_command *cmd)
{
	static const char *const once[] = { "brief edit", "launch rm", "user add", "user passwd", "serve" };
	for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++)
		if (!strcmp(cmd->name, once[i]))
			return false;
	return true;
}

int cli_main(int argc, char **argv)
{
	struct globals g = { 0 };
	struct cli_ctx ctx = { .out = TM_BUF_INIT, .warn = TM_BUF_INIT };
	struct cli_args args = { 0 };
	tm_store *st = NULL;
	tm_app app;
	bool app_ready = false;
	char dbpath[4096];
	int rc = 0, status = 0;

	tm_mem_setup();
	tm_mem_begin();
	/* A write past the file-size limit fails (EFBIG, said as a full disk) instead of killing the process. */
	(void)signal(SIGXFSZ, SIG_IGN); /* fails only for a bad signal number */
	argc = take_globals(argc - 1, argv + 1, &g, &ctx.err);
	argv++;
	ctx.json = g.json;
	ctx.err.spell = spell;
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
		/* A group name alone ("tminus launch", "tminus task dep"), or a typo: the longest group argv names. */
		char grp[96] = "";
		for (int w = 1; w <= argc && w <= 3; w++) {
			char cand[96];
			size_t n = 0;
			for (int k = 0; k < w; k++)
				n += (size_t)snprintf(cand + n, sizeof(cand) - n, "%s%s", k ? " " : "", argv[k]);
			for (int i = 0; n < sizeof(cand) && cli_commands[i]; i++)
				if (!strncmp(cli_commands[i]->name, cand, n) && cli_commands[i]->name[n] == ' ') {
					snprintf(grp, sizeof(grp), "%s", cand);
					break;
				}
		}
		bool group = grp[0] != '\0';
		int grp_words = 0;
		for (const char *p = grp; group && *p; p++)
			grp_words += *p == ' ';
		grp_words += group;
		if (group && (argc == grp_words || g.help)) {
			print_usage(g.help ? stdout : stderr, grp);
			status = g.help ? 0 : 2;
			goto out;
		}
		/* Suggest the nearest command (within the group when the first word is one). */
		char given[sizeof(grp) + 64]; /* the group, a space, and the word after it */
		if (group)
			snprintf(given, sizeof(given), "%s %s", grp, argv[grp_words]);
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
		if (g.json)
			print_command_help_json(cmd);
		else
			print_command_help(stdout, cmd);
		goto out;
	}
	ctx.err.spell_ctx = cmd;
	args.input = cmd->input ? calloc(1, cmd->input->size) : NULL;
	if (cmd->input && !args.input) {
		status = report(&ctx, tm_fail(&ctx.err, TM_ENOMEM, "out of memory: nothing was changed"));
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
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): nothing sets the environment between the two getenv */
	ctx.today_pinned = g.today || (getenv("TMINUS_TODAY") && *getenv("TMINUS_TODAY"));
	ctx.color = !g.no_color && !g.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (cmd->flags & CMD_DB) {
		if ((rc = resolve_db(g.db, dbpath, sizeof(dbpath), &ctx.err)) ||
		    (rc = tm_store_open(dbpath, &st, &ctx.err))) {
			status = report(&ctx, rc);
			goto out;
		}
		ctx.db_path = dbpath;
		tm_store_shown(dbpath, ctx.db_shown, sizeof(ctx.db_shown));
		/* Someone is waiting at a terminal: a wait for another writer is said, not silent. */
		tm_store_wait_aloud(st);
	}
	tm_app_init(&app, st, today, g.playbook);
	/* Who the decision ledger and the audit log name: $TMINUS_USER, $USER, else the login name. */
	app.user = getenv("TMINUS_USER") ? getenv("TMINUS_USER") : getenv("USER");
	if (!app.user || !*app.user) {
		/* cppcheck-suppress getpwuidCalled ; one thread still: a command (serve) starts the others later */
		/* NOLINTNEXTLINE(concurrency-mt-unsafe): one thread still, as above */
		struct passwd *pw = getpwuid(getuid());
		app.user = pw ? pw->pw_name : NULL;
	}
	const char *user = app.user;
	app_ready = true;
	ctx.app = &app;
	unsigned commits = st ? st->commits : 0;
	rc = cmd->run(&ctx, &args);
	/* A change another process's got in the way of (TM_ERETRY: on PostgreSQL a serialization failure,
	 * a deadlock, an id taken at once) was rolled back whole: run it again, fresh, a few times. */
	for (int tries = 1; rc == TM_ERETRY && tries < CLI_MAX_TRIES && retriable(cmd); tries++) {
		tm_buf_reset(&ctx.out);
		tm_buf_reset(&ctx.warn);
		ctx.err = (tm_error)TM_ERROR_INIT;
		ctx.err.spell = spell;
		ctx.err.spell_ctx = cmd;
		ctx.exit_status = 0;
		tm_app_release(&app);
		tm_app_init(&app, st, today, g.playbook);
		app.user = user;
		free(args.input);
		memset(&args, 0, sizeof(args));
		args.input = cmd->input ? calloc(1, cmd->input->size) : NULL;
		if (cmd->input && !args.input) {
			rc = tm_fail(&ctx.err, TM_ENOMEM, "out of memory: nothing was changed");
			break;
		}
		if ((rc = parse_args(cmd, argc - words, argv + words, &args, &ctx.err)))
			break;
		unsigned ms = 1u << (tries < 6 ? tries : 6); /* 2, 4 … 64 ms, jittered */
		/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): ms <= 64 */
		struct timespec pause = { 0, (long)(ms * 500000u) + (long)(clock() % (ms * 1000000u)) };
		nanosleep(&pause, NULL);
		rc = cmd->run(&ctx, &args);
	}
	/* Short of memory somewhere: the answer may lack parts, so it is not shown. A write saw the flag
	 * at its commit and rolled back; one committed before the failure (reading back what it made, say)
	 * stays, and the message must say so rather than the store's "nothing was changed". */
	if (tm_mem_failed() || rc == TM_ENOMEM) {
		if (st && st->commits != commits)
			rc = tm_fail(&ctx.err, TM_ENOMEM, "out of memory while preparing the answer (what the command changed was saved)");
		else if (rc != TM_ENOMEM)
			rc = tm_fail(&ctx.err, TM_ENOMEM, "out of memory: nothing was changed");
	}
	if (ctx.warn.len && rc != TM_ENOMEM)
		(void)fputs(ctx.warn.s, stderr);
	if (rc) {
		status = report(&ctx, rc);
		goto out;
	}
	(void)fwrite(ctx.out.s, 1, ctx.out.len, stdout); /* a failed write shows in ferror(stdout) below */
	status = ctx.exit_status;
	if (fflush(stdout) != 0 || ferror(stdout))
		status = 1;
out:
	free(args.input);
	if (app_ready)
		tm_app_release(&app);
	tm_store_close(st);
	tm_buf_release(&ctx.out);
	tm_buf_release(&ctx.warn);
	return status;
}
