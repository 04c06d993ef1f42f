/* cmd_person.c - tminus person add | list | set */
#include <stdio.h>

#include "cli/cli.h"
#include "core/text.h"
#include "render/json.h"
#include "render/table.h"

#include "util/banned.h"

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_person p;
	int rc = tm_app_person_add(ctx->app, a->input, &p, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_person(&p));
	else
		tm_buf_printf(&ctx->out, "added %s (%s%s%s%s%s) as person #%lld\n", p.name, tm_role_name(p.role),
			      p.title[0] ? ", " : "", p.title, p.email[0] ? ", " : "", p.email, (long long)p.id);
	return 0;
}

const struct cli_command cmd_person_add = {
	.name = "person add",
	.args = "NAME",
	.summary = "add someone who can own tasks",
	.help = "People are named in other commands by name (any case) or email.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_person_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "name" },
	.run = run_add,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_people people = TM_VEC_INIT;
	(void)a;
	int rc = tm_app_person_list(ctx->app, &people, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < people.n; i++)
			json_array_append_new(arr, tm_json_person(&people.v[i]));
		cli_json(ctx, arr);
	} else if (!people.n) {
		tm_buf_adds(&ctx->out, "no people yet: add one with 'tminus person add NAME --role ROLE'\n");
	} else {
		tm_table t;
		/* TITLE only when someone has one: most workspaces name none (the CPO is the default sponsor). */
		bool titled = false;
		for (size_t i = 0; i < people.n; i++)
			titled |= people.v[i].title[0] != '\0';
		if (titled)
			tm_table_init(&t, (const char *const[]){ ">ID", "NAME", "ROLE", "TITLE", "EMAIL", ">CAPACITY", NULL });
		else
			tm_table_init(&t, (const char *const[]){ ">ID", "NAME", "ROLE", "EMAIL", ">CAPACITY", NULL });
		for (size_t i = 0; i < people.n; i++) {
			char id[24], cap[24];
			const tm_person *p = &people.v[i];
			snprintf(id, sizeof(id), "%lld", (long long)p->id);
			snprintf(cap, sizeof(cap), "%d d/wk", p->capacity);
			if (titled)
				tm_table_row(&t, (const char *const[]){ id, p->name, tm_role_name(p->role), p->title, p->email, cap });
			else
				tm_table_row(&t, (const char *const[]){ id, p->name, tm_role_name(p->role), p->email, cap });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&people);
	return rc;
}

const struct cli_command cmd_person_list = {
	.name = "person list",
	.args = "",
	.summary = "list the people in the workspace",
	.flags = CMD_DB,
	.run = run_list,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_person p;
	int rc = tm_app_person_set(ctx->app, a->pos[0], a->input, &p, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_person(&p));
	else
		tm_buf_printf(&ctx->out, "updated %s (%s%s%s%s%s), capacity %d working %s a week\n", p.name, tm_role_name(p.role),
			      p.title[0] ? ", " : "", p.title, p.email[0] ? ", " : "", p.email, p.capacity,
			      tm_plural(p.capacity, "day", "days"));
	return 0;
}

const struct cli_command cmd_person_set = {
	.name = "person set",
	.args = "PERSON",
	.summary = "change someone's name, role, title, email or weekly capacity",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_person_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};
