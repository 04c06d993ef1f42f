/* cmd_agenda.c - tminus agenda [standup|weekly|monthly|quarterly] [--date D] [--ics]: seed 003's cadence */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/cadence.h"
#include "cli/cli.h"
#include "present/cadence.h"
#include "render/table.h"

#include "util/banned.h"

/* The cadence itself: the four meetings, when they recur and their first date. */
static void render_cadence(struct cli_ctx *ctx, const tm_cadence *c)
{
	char d[TM_DATE_STRLEN];
	tm_table tab;
	tm_table_init(&tab, (const char *const[]){ "MEETING", ">MINUTES", "WHEN", "NEXT", NULL });
	for (int i = 0; i < TM_MEET_COUNT; i++) {
		const tm_cadence_event *e = &c->events[i];
		char minutes[16];
		snprintf(minutes, sizeof(minutes), "%d", e->info->minutes);
		tm_table_row(&tab, (const char *const[]){ e->info->name, minutes, e->info->when, tm_date_format(e->first, d) });
	}
	tm_table_render(&tab, &ctx->out, ctx->color);
	tm_table_release(&tab);
	tm_buf_adds(&ctx->out, "\na meeting's agenda from the workspace: tminus agenda MEETING [--date DATE]");
	tm_buf_adds(&ctx->out, "\nthe recurring meetings as iCalendar: tminus agenda --ics\n");
}

static int run_agenda(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *date = cli_opt(a, "date");
	int meeting = -1, rc;
	if (a->npos) {
		meeting = tm_meeting_parse(a->pos[0]);
		if (meeting < 0)
			return tm_fail_field(&ctx->err, TM_EINVAL, "meeting",
					     "unknown meeting '%.40s': the meetings are standup, weekly, monthly and quarterly", a->pos[0]);
	}
	if (cli_flag(a, "ics") || meeting < 0) {
		tm_cadence c;
		if ((rc = tm_app_cadence(ctx->app, date, &c, &ctx->err)))
			return rc;
		if (cli_flag(a, "ics")) {
			char *text = NULL;
			rc = tm_ics_cadence(&c, meeting, time(NULL), &text, &ctx->err);
			if (!rc)
				tm_buf_adds(&ctx->out, text);
			free(text);
		} else if (ctx->json) {
			cli_json(ctx, tm_json_cadence(&c));
		} else {
			render_cadence(ctx, &c);
		}
		return rc;
	}
	tm_meeting_agenda ag;
	if ((rc = tm_app_meeting_agenda(ctx->app, meeting, date, &ag, &ctx->err)))
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_meeting_agenda(&ag));
	else
		tm_agenda_markdown(&ag, &ctx->out);
	tm_meeting_agenda_release(&ag);
	return 0;
}

const struct cli_command cmd_agenda = {
	.name = "agenda",
	.args = "[standup|weekly|monthly|quarterly] [--date D] [--ics]",
	.summary = "a meeting's agenda from the workspace (seed 003's cadence)",
	.help = "Writes the agenda of a meeting of the cadence as Markdown, from the workspace as\n"
		"it is on --date (default: today): the 15-minute stand-up (what is due today\n"
		"and this week, what is blocked, by owner), the 45-minute weekly huddle (status\n"
		"per team, blockers from check, dependencies across launches, decisions to\n"
		"take, owners), the 90-minute monthly review (metrics and experiments,\n"
		"learnings, messaging and priorities to adjust) and the 120-minute quarterly\n"
		"planning of the next quarter (the roadmap by level, the backlog's top ten by\n"
		"RICE, the launches by tier). With no meeting it lists the cadence; --ics\n"
		"writes the recurring meetings (or the one named) as iCalendar.",
	.flags = CMD_DB,
	.max_pos = 1,
	.opts = { { "date", "DATE", "the day the meeting is held (default: today)" },
		  { "ics", NULL, "write the recurring meetings as iCalendar (RFC 5545)" } },
	.run = run_agenda,
};
