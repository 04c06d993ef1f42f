/* cmd_doc.c - tminus doc LAUNCH KIND: the documents a launch needs, as Markdown; doc --all digest | stakeholder-update. */
#include <jansson.h>
#include <string.h>

#include "app/metrics.h"
#include "cli/cli.h"
#include "present/docs.h"
#include "present/json_metrics.h"
#include "present/outcomes.h"

#include "util/banned.h"

/* tminus doc --all digest: the portfolio's weekly status. */
static int portfolio_digest(struct cli_ctx *ctx)
{
	tm_checks checks;
	tm_agenda week;
	tm_decisions decisions = TM_VEC_INIT;
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	tm_agenda_query q = { .from = tm_date_format(ctx->app->today, from), .to = tm_date_format(ctx->app->today + 6, to) };
	int rc = tm_app_check(ctx->app, NULL, NULL, 0, &checks, &ctx->err);
	if (rc)
		return rc;
	if ((rc = tm_app_agenda(ctx->app, &q, &week, &ctx->err))) {
		tm_checks_free(&checks);
		return rc;
	}
	rc = tm_app_decision_list(ctx->app, NULL, &decisions, &ctx->err);
	if (!rc) {
		tm_buf md = TM_BUF_INIT;
		tm_doc_portfolio_digest(&checks, &week, &decisions, ctx->app->today, &md);
		if (ctx->json)
			cli_json(ctx, json_pack("{s:n, s:s, s:s}", "launch", "kind", "digest", "markdown", md.s));
		else
			tm_buf_add(&ctx->out, md.s, md.len);
		tm_buf_release(&md);
	}
	TM_VEC_FREE(&decisions);
	tm_agenda_release(&week);
	tm_checks_free(&checks);
	return rc;
}

/* tminus doc --all stakeholder-update: seed 003's monthly email, as Markdown or (--text) its plain-text body. */
static int stakeholder_update(struct cli_ctx *ctx, const struct cli_args *a)
{
	tm_stakeholder_update u;
	int rc = tm_app_stakeholder_update(ctx->app, cli_opt(a, "month"), &u, &ctx->err);
	if (rc)
		return rc;
	if (ctx->json)
		cli_json(ctx, tm_json_stakeholder_update(&u));
	else if (cli_flag(a, "text"))
		tm_stakeholder_text(&u, &ctx->out);
	else
		tm_stakeholder_markdown(&u, &ctx->out);
	tm_stakeholder_update_release(&u);
	return 0;
}

static int run_doc(struct cli_ctx *ctx, const struct cli_args *a)
{
	bool update = cli_flag(a, "all") && a->npos == 1 && !strcmp(a->pos[0], "stakeholder-update");
	if (!update && cli_flag(a, "month"))
		return tm_fail_field(&ctx->err, TM_EUSAGE, "month", "--month goes with the stakeholder update: tminus doc --all "
									"stakeholder-update --month YYYY-MM");
	if (!update && cli_flag(a, "text"))
		return tm_fail_field(&ctx->err, TM_EUSAGE, "text", "--text goes with the stakeholder update: tminus doc --all "
								       "stakeholder-update --text");
	if (update)
		return stakeholder_update(ctx, a);
	if (cli_flag(a, "all")) {
		if (a->npos != 1 || strcmp(a->pos[0], "digest"))
			return tm_fail(&ctx->err, TM_EUSAGE, "--all goes with the digest or the stakeholder update: tminus doc "
							     "--all digest, or tminus doc --all stakeholder-update");
		return portfolio_digest(ctx);
	}
	if (a->npos != 2)
		return tm_fail(&ctx->err, TM_EUSAGE, "missing arguments (usage: tminus doc LAUNCH KIND, or tminus doc --all "
						     "digest|stakeholder-update)");
	const char *kind = a->pos[1];
	int rc = tm_doc_check_kind(kind, &ctx->err); /* before any database work */
	if (rc)
		return rc;
	tm_launch_docs d;
	rc = tm_app_docs(ctx->app, a->pos[0], &d, &ctx->err);
	if (rc)
		return rc;
	tm_buf md = TM_BUF_INIT;
	rc = tm_doc_render(&d, kind, &md, &ctx->err);
	if (!rc) {
		if (ctx->json)
			cli_json(ctx, json_pack("{s:s, s:s, s:s}", "launch", d.detail.launch.slug, "kind", kind, "markdown", md.s));
		else
			tm_buf_add(&ctx->out, md.s, md.len);
	}
	tm_buf_release(&md);
	tm_launch_docs_release(&d);
	return rc;
}

const struct cli_command cmd_doc = {
	.name = "doc",
	.args = "LAUNCH KIND | --all digest|stakeholder-update",
	.summary = "a launch document as Markdown: checklist, bom, kickoff, enablement, comms-plan, delay-internal, …",
	.help = "Kinds: checklist (the tier checklist, [x] for done), bom (the bill of materials),\n"
		"kickoff (the marketing all-hands brief), enablement (the 45-minute sales\n"
		"session), comms-plan (who hears when), delay-internal and delay-external (the\n"
		"latest delay), post-launch, go-no-go (readiness, blockers, a recommendation),\n"
		"digest (the weekly status; --all digest for the portfolio). Every one renders\n"
		"as GitHub-flavoured Markdown. --all stakeholder-update is the monthly email to\n"
		"stakeholders (launches shipped and coming, metrics that moved, decisions,\n"
		"risks) of --month (default: the month before today's); --text gives it as a\n"
		"plain-text email body.",
	.flags = CMD_DB,
	.min_pos = 1,
	.max_pos = 2,
	.opts = { { "all", NULL, "the portfolio (with digest or stakeholder-update)" },
		  { "month", "YYYY-MM", "the stakeholder update's month (default: the month before today's)" },
		  { "text", NULL, "the stakeholder update as a plain-text email body" } },
	.run = run_doc,
};
