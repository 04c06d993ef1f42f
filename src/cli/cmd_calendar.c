/* cmd_calendar.c - tminus holiday … | freeze … | calendar [--ics] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "render/json.h"
#include "present/ics.h"
#include "present/json_app.h"
#include "render/table.h"

#include "util/banned.h"

static void holiday_result(struct cli_ctx *ctx, const char *verb, const char *what, const tm_holiday_result *r)
{
	if (ctx->json)
		cli_json(ctx, tm_json_holiday_result(r));
	else
		tm_buf_printf(&ctx->out, "%s %s; %d open task%s with a date counted from T moved\n", verb, what, r->moved,
			      r->moved == 1 ? "" : "s");
}

static int run_hadd(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_holiday_result r;
	const tm_holiday_input *in = a->input;
	char date[TM_DATE_STRLEN];
	int rc = tm_app_holiday_add(ctx->app, in, &r, &ctx->err);
	if (!rc)
		holiday_result(ctx, "added holiday", tm_date_format(in->date, date), &r);
	return rc;
}

const struct cli_command cmd_holiday_add = {
	.name = "holiday add",
	.args = "DATE [NAME]",
	.summary = "a day off for everyone: plans skip it, due dates on it move like weekends",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.input = &tm_holiday_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "date", "name" },
	.run = run_hadd,
};

static int run_hrm(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_holiday_result r;
	int rc = tm_app_holiday_rm(ctx->app, a->pos[0], &r, &ctx->err);
	if (!rc)
		holiday_result(ctx, "removed holiday", a->pos[0], &r);
	return rc;
}

const struct cli_command cmd_holiday_rm = {
	.name = "holiday rm",
	.args = "DATE",
	.summary = "remove a holiday",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_hrm,
};

static int run_himport(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_holiday_result r;
	int rc = tm_app_holiday_import(ctx->app, a->pos[0], &r, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json) {
		holiday_result(ctx, "", "", &r);
	} else {
		char what[600];
		int n = snprintf(what, sizeof(what), "%d holiday%s from %s (%d already there", r.added, r.added == 1 ? "" : "s",
				 a->pos[0], r.skipped);
		if (n > 0 && (size_t)n < sizeof(what))
			snprintf(what + n, sizeof(what) - (size_t)n, r.left_out ? "; %d day%s outside %s left out)" : ")", r.left_out,
				 r.left_out == 1 ? "" : "s", TM_DATE_RANGE_TEXT);
		holiday_result(ctx, "imported", what, &r);
	}
	return 0;
}

const struct cli_command cmd_holiday_import = {
	.name = "holiday import",
	.args = "FILE.ics",
	.summary = "read holidays from an iCalendar file (recurring ones for three years)",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_himport,
};

static int run_hlist(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_holidays hs = TM_VEC_INIT;
	int rc = tm_app_holiday_list(ctx->app, cli_opt(a, "from"), cli_opt(a, "to"), &hs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < hs.n; i++)
			json_array_append_new(arr, tm_json_holiday(&hs.v[i]));
		cli_json(ctx, arr);
	} else if (!hs.n) {
		tm_buf_adds(&ctx->out, "no holidays: add one with 'tminus holiday add DATE NAME' or import an .ics file\n");
	} else {
		static const char *const wd[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
		tm_table t;
		tm_table_init(&t, (const char *const[]){ "DATE", "DAY", "NAME", NULL });
		for (size_t i = 0; i < hs.n; i++) {
			char d[TM_DATE_STRLEN];
			tm_table_row(&t, (const char *const[]){ tm_date_format(hs.v[i].date, d), wd[tm_date_weekday(hs.v[i].date)],
							       hs.v[i].name });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&hs);
	return rc;
}

const struct cli_command cmd_holiday_list = {
	.name = "holiday list",
	.args = "[--from DATE] [--to DATE]",
	.summary = "the workspace's holidays",
	.flags = CMD_DB,
	.opts = { { "from", "DATE", "on or after DATE" }, { "to", "DATE", "on or before DATE" } },
	.run = run_hlist,
};

static int run_fadd(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_freeze f;
	int rc = tm_app_freeze_add(ctx->app, a->input, &f, &ctx->err);
	if (rc)
		return rc;
	char s[TM_DATE_STRLEN], e[TM_DATE_STRLEN];
	if (ctx->json)
		cli_json(ctx, tm_json_freeze(&f));
	else
		tm_buf_printf(&ctx->out, "added freeze #%lld '%s' from %s to %s\n", (long long)f.id, f.name,
			      tm_date_format(f.start, s), tm_date_format(f.end, e));
	return 0;
}

const struct cli_command cmd_freeze_add = {
	.name = "freeze add",
	.args = "FROM TO NAME",
	.summary = "a window (inclusive) in which no launch should land",
	.flags = CMD_DB,
	.min_pos = 3,
	.max_pos = 3,
	.input = &tm_freeze_desc,
	.mode = TM_IN_CREATE,
	.pos_fields = { "from", "to", "name" },
	.run = run_fadd,
};

static int run_frm(struct cli_ctx *ctx, const struct cli_args *a)
{
	int rc = tm_app_freeze_rm(ctx->app, a->pos[0], &ctx->err);
	if (!rc)
		ctx->json ? cli_json(ctx, json_pack("{s:s}", "removed", a->pos[0]))
			  : tm_buf_printf(&ctx->out, "removed freeze #%s\n", a->pos[0]);
	return rc;
}

const struct cli_command cmd_freeze_rm = {
	.name = "freeze rm",
	.args = "ID",
	.summary = "remove a freeze window",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 1,
	.run = run_frm,
};

static int run_flist(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_freezes fs = TM_VEC_INIT;
	(void)a;
	int rc = tm_app_freeze_list(ctx->app, &fs, &ctx->err);
	if (rc)
		goto out;
	if (ctx->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < fs.n; i++)
			json_array_append_new(arr, tm_json_freeze(&fs.v[i]));
		cli_json(ctx, arr);
	} else if (!fs.n) {
		tm_buf_adds(&ctx->out, "no freeze windows: add one with 'tminus freeze add FROM TO NAME'\n");
	} else {
		tm_table t;
		tm_table_init(&t, (const char *const[]){ ">ID", "FROM", "TO", "NAME", NULL });
		for (size_t i = 0; i < fs.n; i++) {
			char id[24], s[TM_DATE_STRLEN], e[TM_DATE_STRLEN];
			snprintf(id, sizeof(id), "%lld", (long long)fs.v[i].id);
			tm_table_row(&t, (const char *const[]){ id, tm_date_format(fs.v[i].start, s), tm_date_format(fs.v[i].end, e),
							       fs.v[i].name });
		}
		tm_table_render(&t, &ctx->out, ctx->color);
		tm_table_release(&t);
	}
out:
	TM_VEC_FREE(&fs);
	return rc;
}

const struct cli_command cmd_freeze_list = {
	.name = "freeze list",
	.args = "",
	.summary = "the freeze windows",
	.flags = CMD_DB,
	.run = run_flist,
};


static int run_calendar(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_agenda_query q = { .from = cli_opt(a, "from"), .to = cli_opt(a, "to"), .person = cli_opt(a, "person") };
	tm_agenda ag;
	int rc = 0;
	if (cli_opt(a, "tier") && (rc = tm_parse_tier(cli_opt(a, "tier"), &q.tier, &ctx->err)))
		return rc;
	if ((rc = tm_app_agenda(ctx->app, &q, &ag, &ctx->err)))
		return rc;
	if (cli_flag(a, "ics")) {
		char name[TM_NAME_MAX + 40];
		if (ag.person.id)
			snprintf(name, sizeof(name), "Launch tasks of %s", ag.person.name);
		else
			snprintf(name, sizeof(name), "Launch calendar");
		char *text = NULL;
		rc = tm_ics_agenda(&ag, name, time(NULL), &text, &ctx->err);
		if (!rc)
			tm_buf_adds(&ctx->out, text);
		free(text);
	} else if (ctx->json) {
		cli_json(ctx, tm_json_agenda(&ag));
	} else {
		static const char *const wd[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
		char f[TM_DATE_STRLEN], t[TM_DATE_STRLEN];
		tm_buf_printf(&ctx->out, "Launch calendar %s to %s%s%s\n\n", tm_date_format(ag.from, f), tm_date_format(ag.to, t),
			      ag.person.id ? " for " : "", ag.person.id ? ag.person.name : "");
		/* A status of its own column (a task's, a milestone's LATE or done), titled so it does not read as part of WHAT. */
		tm_table tab;
		tm_table_init(&tab, (const char *const[]){ "DATE", "DAY", "WHAT", "STATUS", "OWNER", NULL });
		for (size_t i = 0; i < ag.events.n; i++) {
			const tm_event *e = &ag.events.v[i];
			const tm_launch *l = e->launch >= 0 ? &ag.launches.v[e->launch] : NULL;
			char d[40], what[TM_TITLE_MAX + TM_NAME_MAX + 40], d2[TM_DATE_STRLEN];
			tm_date_format(e->date, d);
			if (e->kind == TM_EV_FREEZE)
				snprintf(d + 10, sizeof(d) - 10, " → %s", tm_date_format(e->end, d2) + 5);
			const char *tag = "", *owner = "";
			switch (e->kind) {
			case TM_EV_LAUNCH:
				/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): only a freeze has no launch */
				snprintf(what, sizeof(what), "LAUNCH %s (tier %d)", l->name, l->tier);
				owner = l->pm;
				tag = tm_launch_status_name(l->status);
				break;
			case TM_EV_MILESTONE:
				snprintf(what, sizeof(what), "◆ %s: %s", l->name, e->task.title);
				owner = e->task.owner;
				tag = e->task.status == TM_TASK_DONE ? "done"
				      : e->date < ctx->app->today && e->task.status != TM_TASK_SKIPPED ? "LATE"
				      : tm_task_status_name(e->task.status);
				break;
			case TM_EV_TASK:
				snprintf(what, sizeof(what), "%s (%s)", e->task.title, l->slug);
				owner = e->task.owner;
				tag = e->task.status == TM_TASK_DONE ? "done" : e->date < ctx->app->today && e->task.status != TM_TASK_SKIPPED ? "LATE" : tm_task_status_name(e->task.status);
				break;
			case TM_EV_HOLIDAY:
				snprintf(what, sizeof(what), "holiday: %s", e->name);
				break;
			case TM_EV_FREEZE:
				snprintf(what, sizeof(what), "freeze: %s", e->name);
				break;
			}
			tm_table_row(&tab, (const char *const[]){ d, wd[tm_date_weekday(e->date)], what, tag, owner });
		}
		if (ag.events.n)
			tm_table_render(&tab, &ctx->out, ctx->color);
		else
			tm_buf_adds(&ctx->out, "nothing on the calendar in this window\n");
		tm_table_release(&tab);
		if (ag.conflicts.n) {
			tm_buf_printf(&ctx->out, "\n%s%zu conflict%s:%s\n", tm_style_bold(ctx->color), ag.conflicts.n,
				      ag.conflicts.n == 1 ? "" : "s", tm_style_reset(ctx->color));
			for (size_t i = 0; i < ag.conflicts.n; i++)
				tm_buf_printf(&ctx->out, "  %-16s %s\n", ag.conflicts.v[i].rule, ag.conflicts.v[i].message);
		} else {
			tm_buf_adds(&ctx->out, "\nno conflicts\n");
		}
	}
	tm_agenda_release(&ag);
	return rc;
}

const struct cli_command cmd_calendar = {
	.name = "calendar",
	.args = "[--from DATE] [--to DATE] [--person P] [--tier N] [--ics]",
	.summary = "the launch calendar: launch days, milestones, holidays, freezes and conflicts",
	.help = "Without dates it shows today and the quarter ahead. --person adds that person's\n"
		"tasks due. Conflicts: two Tier 1 launches within 10 working days, a launch\n"
		"day in a freeze, on a holiday or on a weekend. --ics writes iCalendar for a\n"
		"calendar client, with stable UIDs (a re-import updates, never duplicates).",
	.flags = CMD_DB,
	.opts = { { "from", "DATE", "first day (default today)" },
		  { "to", "DATE", "last day (default three months after --from)" },
		  { "person", "PERSON", "add this person's tasks (VTODOs with --ics)" },
		  { "tier", "N", "only launches of this tier" },
		  { "ics", NULL, "write iCalendar (RFC 5545) instead" } },
	.run = run_calendar,
};
