/*
 * cmd_glossary.c - tminus glossary add | set | rm | list | show: the team's
 * shared language, and its personas (kind persona: a role, goals, pains) that
 * backlog items and briefs name.
 */
#include <jansson.h>
#include <stdio.h>

#include "app/glossary.h"
#include "cli/cli.h"
#include "present/json_glossary.h"
#include "render/table.h"

#include "util/banned.h"

/* The entry as people read it: its term and kind, then each field given. */
static void term_lines(struct cli_ctx *ctx, const tm_term *t)
{
	tm_buf *o = &ctx->out;
	tm_buf_printf(o, "%s (%s #%lld, version %lld)\n", t->term, tm_term_kind_names[t->kind], (long long)t->id,
		      (long long)t->version);
	if (t->definition[0])
		tm_buf_printf(o, "  %s\n", t->definition);
	if (t->role[0])
		tm_buf_printf(o, "  role:  %s\n", t->role);
	if (t->goals[0])
		tm_buf_printf(o, "  goals: %s\n", t->goals);
	if (t->pains[0])
		tm_buf_printf(o, "  pains: %s\n", t->pains);
}

static int done(struct cli_ctx *ctx, const char *verb, const tm_term *t)
{
	if (ctx->json)
		cli_json(ctx, tm_json_term(t));
	else
		tm_buf_printf(&ctx->out, "%s %s '%s' (#%lld)\n", verb, tm_term_kind_names[t->kind], t->term,
			      (long long)t->id);
	return 0;
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_term t;
	int rc = tm_app_term_add(ctx->app, a->input, &t, &ctx->err);
	return rc ? rc : done(ctx, "added", &t);
}

const struct cli_command cmd_glossary_add = {
	.name = "glossary add",
	.args = "TERM",
	.summary = "add a term of the shared language, or a persona (--kind persona)",
	.help = "A term needs --definition. A persona (seed 003: personas in the glossary) has\n"
		"a --role, --goals and --pains; backlog items and briefs name it by its term.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_term_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "term" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_term t;
	int rc = tm_app_term_set(ctx->app, a->pos[0], a->input, &t, &ctx->err);
	return rc ? rc : done(ctx, "updated", &t);
}

const struct cli_command cmd_glossary_set = {
	.name = "glossary set",
	.args = "TERM",
	.summary = "change a glossary entry (TERM is the term or its id; --term renames it)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_term_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_term t;
	int rc = tm_app_term_rm(ctx->app, a->pos[0], 0, &t, &ctx->err);
	return rc ? rc : done(ctx, "removed", &t);
}

const struct cli_command cmd_glossary_rm = {
	.name = "glossary rm",
	.args = "TERM",
	.summary = "remove a glossary entry (backlog items naming the persona forget it)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_terms ts = TM_VEC_INIT;
	int rc = tm_app_term_list(ctx->app, cli_opt(a, "kind"), &ts, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		cli_json(ctx, tm_json_terms(&ts));
	} else if (!ts.n) {
		tm_buf_adds(&ctx->out, "the glossary is empty\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "ID", "TERM", "KIND", "ROLE", "DEFINITION", NULL });
		for (size_t i = 0; i < ts.n; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)ts.v[i].id);
			tm_table_row(&t, (const char *const[]){ id, ts.v[i].term, tm_term_kind_names[ts.v[i].kind],
							       ts.v[i].role, ts.v[i].definition });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&ts);
	return rc;
}

const struct cli_command cmd_glossary_list = {
	.name = "glossary list",
	.args = "[--kind term|persona]",
	.summary = "the glossary: terms and personas, by term",
	.flags = CMD_DB,
	.opts = { { "kind", "KIND", "only terms or only personas" } },
	.run = run_list,
};

static int run_show(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_term t;
	int rc = tm_app_term_get(ctx->app, a->pos[0], &t, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_term(&t));
	else
		term_lines(ctx, &t);
	return 0;
}

const struct cli_command cmd_glossary_show = {
	.name = "glossary show",
	.args = "TERM",
	.summary = "one glossary entry: its definition, or a persona's role, goals and pains",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_show,
};
