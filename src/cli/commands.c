/*
 * commands.c - the table of every command, and the task renderings several
 * commands share.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "render/table.h"

#include "util/banned.h"

extern const struct cli_command cmd_demo, cmd_person_add, cmd_person_list, cmd_launch_add, cmd_launch_list,
	cmd_launch_show, cmd_launch_set, cmd_task_list, cmd_task_add, cmd_task_set, cmd_task_done, cmd_task_approve, cmd_task_dep_add,
	cmd_task_dep_rm, cmd_playbook_show, cmd_playbook_check, cmd_playbook_use, cmd_launch_delay, cmd_plan,
	cmd_baseline_save, cmd_baseline_list, cmd_holiday_add, cmd_holiday_rm, cmd_holiday_list, cmd_holiday_import,
	cmd_freeze_add, cmd_freeze_rm, cmd_freeze_list, cmd_calendar, cmd_decision_list, cmd_decision_add, cmd_person_set, cmd_tier_suggest, cmd_brief, cmd_brief_edit,
	cmd_brief_import, cmd_check, cmd_doc, cmd_channels, cmd_task_rm, cmd_serve, cmd_user_add,
	cmd_user_list, cmd_user_set, cmd_user_passwd, cmd_user_rm, cmd_token_create, cmd_token_list, cmd_token_revoke, cmd_audit, cmd_backup, cmd_feed_show, cmd_feed_reset, cmd_launch_rm,
	cmd_copy, cmd_playbook_apply, cmd_triage, cmd_metric_add, cmd_metric_set, cmd_metric_rm, cmd_metric_list,
	cmd_metric_show, cmd_metric_record, cmd_metric_import, cmd_metric_status, cmd_review, cmd_dashboard;
extern const struct cli_command /* issue 14: backlog */ cmd_backlog_add, cmd_backlog_list, cmd_backlog_show, cmd_backlog_set, cmd_backlog_rm, cmd_backlog_rank, cmd_backlog_promote;
extern const struct cli_command /* issue 14: experiment */ cmd_experiment_add, cmd_experiment_list, cmd_experiment_show, cmd_experiment_set, cmd_experiment_rm, cmd_experiment_arm_add, cmd_experiment_arm_rm, cmd_experiment_record, cmd_experiment_analyze, cmd_experiment_close;
extern const struct cli_command /* issue 14: roadmap */ cmd_roadmap, cmd_roadmap_add, cmd_roadmap_set, cmd_roadmap_rm, cmd_roadmap_show, cmd_roadmap_review;
extern const struct cli_command /* issue 14: glossary */ cmd_glossary_add, cmd_glossary_set, cmd_glossary_rm, cmd_glossary_list, cmd_glossary_show, cmd_decision_show;
extern const struct cli_command /* issue 14: agenda */ cmd_agenda;
extern const struct cli_command /* issue 15: sending */ cmd_notify_run, cmd_notify_log;
extern const struct cli_command /* issue 15: notify (D) */ cmd_webhook_add, cmd_webhook_list, cmd_webhook_test, cmd_webhook_rm, cmd_launch_watch, cmd_launch_unwatch;
extern const struct cli_command /* issue 15: export */ cmd_export, cmd_import_workspace;
extern const struct cli_command /* issue 15: import */ cmd_import;

const struct cli_command *const cli_commands[] = {
	&cmd_launch_add,     &cmd_launch_list,    &cmd_launch_show,    &cmd_launch_set,     &cmd_launch_delay,
	&cmd_task_list,      &cmd_task_add,       &cmd_task_set,       &cmd_task_done,      &cmd_task_approve,   &cmd_task_rm,
	&cmd_task_dep_add,   &cmd_task_dep_rm,    &cmd_plan,           &cmd_baseline_save,  &cmd_baseline_list,
	&cmd_check,          &cmd_doc,            &cmd_brief,          &cmd_brief_edit,     &cmd_brief_import,
	&cmd_channels,       &cmd_tier_suggest,   &cmd_calendar,       &cmd_holiday_add,    &cmd_holiday_list,
	&cmd_holiday_rm,     &cmd_holiday_import, &cmd_freeze_add,     &cmd_freeze_list,    &cmd_freeze_rm,
	&cmd_decision_list,  &cmd_decision_add,   &cmd_person_add,     &cmd_person_list,    &cmd_person_set,
	&cmd_playbook_show,  &cmd_playbook_check, &cmd_playbook_use,   &cmd_demo,           &cmd_serve,
	&cmd_user_add,       &cmd_user_list,      &cmd_user_set,       &cmd_user_passwd,    &cmd_user_rm,
	&cmd_token_create,
	&cmd_token_list,     &cmd_token_revoke,   &cmd_feed_show,      &cmd_feed_reset,     &cmd_audit,
	&cmd_backup,         &cmd_launch_rm,      &cmd_copy,           &cmd_playbook_apply, &cmd_triage,
	/* After launch day (issue 13): success metrics, post-launch reviews, the leadership dashboard. */
	&cmd_metric_add,     &cmd_metric_set,     &cmd_metric_rm,      &cmd_metric_list,    &cmd_metric_show,
	&cmd_metric_record,  &cmd_metric_import,  &cmd_metric_status,  &cmd_review,         &cmd_dashboard,
	/* Before the next launch (issue 14): backlog. */
	&cmd_backlog_add, &cmd_backlog_list, &cmd_backlog_show, &cmd_backlog_set, &cmd_backlog_rm, &cmd_backlog_rank, &cmd_backlog_promote,
	/* Before the next launch (issue 14): experiment. */
	&cmd_experiment_add, &cmd_experiment_list, &cmd_experiment_show, &cmd_experiment_set, &cmd_experiment_rm, &cmd_experiment_arm_add, &cmd_experiment_arm_rm, &cmd_experiment_record, &cmd_experiment_analyze, &cmd_experiment_close,
	/* Before the next launch (issue 14): roadmap. */
	&cmd_roadmap, &cmd_roadmap_add, &cmd_roadmap_set, &cmd_roadmap_rm, &cmd_roadmap_show, &cmd_roadmap_review,
	/* Before the next launch (issue 14): glossary. */
	&cmd_glossary_add, &cmd_glossary_set, &cmd_glossary_rm, &cmd_glossary_list, &cmd_glossary_show, &cmd_decision_show,
	/* Before the next launch (issue 14): agenda. */
	&cmd_agenda,
	/* Keeping the team told (issue 15): sending. */
	&cmd_notify_run, &cmd_notify_log,
	/* Keep the team told (issue 15): webhooks and watchers. */
	&cmd_webhook_add, &cmd_webhook_list, &cmd_webhook_test, &cmd_webhook_rm, &cmd_launch_watch, &cmd_launch_unwatch,
	/* Bring launches in and out (issue 15): export. */
	&cmd_export, &cmd_import_workspace,
	/* Bring launches in and out (issue 15): import. */
	&cmd_import,
	NULL,
};

static bool late(const struct cli_ctx *ctx, const tm_task *t)
{
	return t->has_due && t->due < ctx->app->today && t->status != TM_TASK_DONE && t->status != TM_TASK_SKIPPED;
}

void cli_task_table(struct cli_ctx *ctx, const tm_task *tasks, size_t n)
{
	tm_table t;
	/* NOT BEFORE only when some task has such a day: most bills of materials have none. */
	bool nb_column = false;
	for (size_t i = 0; i < n; i++)
		nb_column |= tasks[i].has_not_before;
	if (nb_column)
		tm_table_init(&t, (const char *const[]){ ">ID", "SECTION", "TASK", "OWNER", "DUE", "NOT BEFORE", ">DAYS", "STATUS",
							 "WAITS FOR", NULL });
	else
		tm_table_init(&t, (const char *const[]){ ">ID", "SECTION", "TASK", "OWNER", "DUE", ">DAYS", "STATUS", "WAITS FOR",
							 NULL });
	for (size_t i = 0; i < n; i++) {
		const tm_task *k = &tasks[i];
		char id[24], due[40] = "", nb[40] = "", days[16], title[TM_TITLE_MAX + 32], status[40], off[TM_OFFSET_STRLEN],
			date[TM_DATE_STRLEN], owner[TM_NAME_MAX + 40];
		if (k->has_not_before)
			snprintf(nb, sizeof(nb), "%s%s%s%s", tm_date_format(k->not_before, date), k->has_nb_offset ? " (" : "",
				 k->has_nb_offset ? tm_offset_format(&k->nb_offset, off) : "", k->has_nb_offset ? ")" : "");
		tm_buf after = TM_BUF_INIT;
		/* A task not saved (a dry run's) has no id yet. */
		snprintf(id, sizeof(id), k->id ? "%lld" : "-", (long long)k->id);
		if (k->has_due)
			snprintf(due, sizeof(due), "%s%s%s%s", tm_date_format(k->due, date), k->has_offset ? " (" : "",
				 k->has_offset ? tm_offset_format(&k->offset, off) : "", k->has_offset ? ")" : "");
		snprintf(days, sizeof(days), "%d", k->effort_days);
		snprintf(title, sizeof(title), "%s%s%s", k->milestone ? "◆ " : "", k->title, k->required ? "" : " (optional)");
		snprintf(status, sizeof(status), "%s%s", tm_task_status_name(k->status), late(ctx, k) ? " LATE" : "");
		if (k->owner[0])
			snprintf(owner, sizeof(owner), "%s", k->owner);
		else if (k->role >= 0)
			snprintf(owner, sizeof(owner), "(%s)", tm_role_name(k->role));
		else
			owner[0] = '\0';
		for (int d = 0; d < k->n_depends_on; d++)
			tm_buf_printf(&after, "%s#%lld", d ? " " : "", (long long)k->depends_on[d]);
		if (nb_column)
			tm_table_row(&t, (const char *const[]){ id, k->section, title, owner, due, nb, k->milestone ? "-" : days, status,
							       after.s });
		else
			tm_table_row(&t, (const char *const[]){ id, k->section, title, owner, due, k->milestone ? "-" : days, status,
							       after.s });
		tm_buf_release(&after);
	}
	tm_table_render(&t, &ctx->out, ctx->color);
	tm_table_release(&t);
}

void cli_task_line(struct cli_ctx *ctx, const char *verb, const tm_task *t)
{
	char date[TM_DATE_STRLEN];
	tm_buf_printf(&ctx->out, "%s #%lld %s (%s) — %s, owner %s, due %s, %d day%s", verb, (long long)t->id, t->title,
		      t->launch_slug, tm_task_status_name(t->status), t->owner[0] ? t->owner : "none",
		      t->has_due ? tm_date_format(t->due, date) : "none", t->effort_days, t->effort_days == 1 ? "" : "s");
	if (t->has_not_before)
		tm_buf_printf(&ctx->out, ", not before %s", tm_date_format(t->not_before, date));
	if (t->n_depends_on) {
		tm_buf_adds(&ctx->out, ", waits for");
		for (int i = 0; i < t->n_depends_on; i++)
			tm_buf_printf(&ctx->out, " #%lld", (long long)t->depends_on[i]);
	}
	/* The reviewers: ", reviewed by A, B and C". */
	int names = tm_task_reviewers(t);
	for (int k = 0; k < names; k++) {
		size_t n;
		const char *name = tm_task_reviewer(t, k, &n);
		tm_buf_printf(&ctx->out, "%s%.*s", k == 0 ? ", reviewed by " : k + 1 == names ? " and " : ", ", (int)n, name);
	}
	tm_buf_addc(&ctx->out, '\n');
}
