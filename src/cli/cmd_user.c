/* cmd_user.c - tminus user add | list | passwd | rm, token create | list | revoke: the server's accounts. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"

/* A password from standard input: one line when piped, prompted without echo on a terminal. */
static int read_password(struct cli_ctx *ctx, char *buf, size_t n)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		(void)fputs("password: ", stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		(void)fputc('\n', stderr);
	}
	if (!got)
		return tm_fail_field(&ctx->err, TM_EINVAL, "password", "no password on standard input");
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int run_add(struct cli_ctx *ctx, const struct cli_args *a)
{
	char pw[1100];
	tm_user u;
	int rc = read_password(ctx, pw, sizeof(pw));
	if (!rc)
		rc = tm_app_user_add(ctx->app, a->input, pw, &u, &ctx->err);
	memset(pw, 0, sizeof(pw));
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_user(&u));
	else
		tm_buf_printf(&ctx->out, "added user %s (%s)\n", u.name, tm_user_role_name(u.role));
	return 0;
}

const struct cli_command cmd_user_add = {
	.name = "user add",
	.args = "NAME",
	.summary = "add a user of the server (the password is read from standard input)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_user_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "name" },
	.run = run_add,
};

static int run_set(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_user u;
	int rc = tm_app_user_change(ctx->app, a->pos[0], a->input, &u, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_user(&u));
	else
		tm_buf_printf(&ctx->out, "user %s is %s%s%s\n", u.name, tm_user_role_name(u.role), u.person[0] ? ", " : "",
			      u.person);
	return 0;
}

const struct cli_command cmd_user_set = {
	.name = "user set",
	.args = "NAME",
	.summary = "change a user's role or the person they are (never the last admin's role)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.input = &tm_user_desc,
	.mode = TM_IN_CHANGE,
	.run = run_set,
};

static int run_list(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_users us = TM_VEC_INIT;
	(void)a;
	int rc = tm_app_user_list(ctx->app, &us, &ctx->err);
	if (!rc && ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < us.n; i++)
			json_array_append_new(arr, tm_json_user(&us.v[i]));
		cli_json(ctx, arr);
	} else if (!rc) {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "NAME", "ROLE", "PERSON", "SINCE", NULL });
		for (size_t i = 0; i < us.n; i++)
			tm_table_row(&t, (const char *const[]){ us.v[i].name, tm_user_role_name(us.v[i].role), us.v[i].person,
							       us.v[i].created_at });
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
	TM_VEC_FREE(&us);
	return rc;
}

const struct cli_command cmd_user_list = {
	.name = "user list",
	.args = "",
	.summary = "the users of the server",
	.flags = CMD_DB,
	.run = run_list,
};

static int run_passwd(struct cli_ctx *ctx, const struct cli_args *a)
{
	char pw[1100];
	int rc = read_password(ctx, pw, sizeof(pw));
	if (!rc)
		rc = tm_app_user_passwd(ctx->app, a->pos[0], pw, &ctx->err);
	memset(pw, 0, sizeof(pw));
	if (!rc && !ctx->json)
		tm_buf_printf(&ctx->out, "changed the password of %s; their tokens are revoked\n", a->pos[0]);
	else if (!rc)
		cli_json(ctx, json_pack("{s:s}", "user", a->pos[0]));
	return rc;
}

const struct cli_command cmd_user_passwd = {
	.name = "user passwd",
	.args = "NAME",
	.summary = "change a password (from standard input); revokes the user's tokens",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_passwd,
};

static int run_rm(struct cli_ctx *ctx, const struct cli_args *a)
{
	int rc = tm_app_user_rm(ctx->app, a->pos[0], &ctx->err);
	if (!rc)
		ctx->json ? cli_json(ctx, json_pack("{s:s}", "removed", a->pos[0]))
			  : tm_buf_printf(&ctx->out, "removed user %s and their tokens\n", a->pos[0]);
	return rc;
}

const struct cli_command cmd_user_rm = {
	.name = "user rm",
	.args = "NAME",
	.summary = "remove a user and their tokens",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_rm,
};

static int run_tcreate(struct cli_ctx *ctx, const struct cli_args *a)
{
	char text[TM_TOKEN_TEXT];
	tm_token t;
	int rc = tm_app_token_make(ctx->app, a->input, text, &t, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_token_created(&t, text));
	else
		tm_buf_printf(&ctx->out, "%s\n(token #%lld for %s, %s%s%s; shown once: only its hash is kept)\n", text,
			      (long long)t.id, t.user, t.write ? "write" : "read", t.expires_at[0] ? ", expires " : "",
			      t.expires_at);
	memset(text, 0, sizeof(text));
	return 0;
}

const struct cli_command cmd_token_create = {
	.name = "token create",
	.args = "",
	.summary = "a bearer token for API clients, printed once",
	.flags = CMD_DB,
	.input = &tm_token_desc,
	.mode = TM_IN_CREATE,
	.run = run_tcreate,
};

static int run_tlist(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_tokens ts = TM_VEC_INIT;
	int rc = tm_app_token_list(ctx->app, cli_opt(a, "user"), &ts, &ctx->err);
	if (!rc && ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < ts.n; i++)
			json_array_append_new(arr, tm_json_token(&ts.v[i]));
		cli_json(ctx, arr);
	} else if (!rc) {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ ">ID", "USER", "NAME", "SCOPE", "CREATED", "EXPIRES", "", NULL });
		for (size_t i = 0; i < ts.n; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)ts.v[i].id);
			tm_table_row(&t, (const char *const[]){ id, ts.v[i].user, ts.v[i].name, ts.v[i].write ? "write" : "read",
							       ts.v[i].created_at, ts.v[i].expires_at, ts.v[i].revoked ? "revoked" : "" });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
	TM_VEC_FREE(&ts);
	return rc;
}

const struct cli_command cmd_token_list = {
	.name = "token list",
	.args = "[--user NAME]",
	.summary = "API tokens (never the tokens themselves)",
	.flags = CMD_DB,
	.opts = { { "user", "NAME", "only this user's" } },
	.run = run_tlist,
};

static int run_trevoke(struct cli_ctx *ctx, const struct cli_args *a)
{
	int rc = tm_app_token_revoke(ctx->app, a->pos[0], &ctx->err);
	if (!rc)
		ctx->json ? cli_json(ctx, json_pack("{s:s}", "revoked", a->pos[0]))
			  : tm_buf_printf(&ctx->out, "revoked token #%s\n", a->pos[0]);
	return rc;
}

const struct cli_command cmd_token_revoke = {
	.name = "token revoke",
	.args = "ID",
	.summary = "stop a token working at once",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_trevoke,
};
