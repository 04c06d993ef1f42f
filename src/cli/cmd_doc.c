/* cmd_doc.c - tminus doc LAUNCH KIND: the documents a launch needs, as Markdown. */
#include <jansson.h>
#include <string.h>

#include "cli/cli.h"
#include "render/docs.h"

static int run_doc(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *kind = a->pos[1];
	bool known = false;
	for (int i = 0; tm_doc_kinds[i]; i++)
		known |= !strcmp(tm_doc_kinds[i], kind);
	if (!known) {
		tm_buf probe = TM_BUF_INIT;
		int rc = tm_doc_render(NULL, kind, &probe, &ctx->err); /* the unknown-kind message */
		tm_buf_release(&probe);
		return rc;
	}
	tm_launch_docs d;
	int rc = tm_app_docs(ctx->app, a->pos[0], &d, &ctx->err);
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
	.args = "LAUNCH KIND",
	.summary = "a launch document as Markdown: checklist, bom, kickoff, enablement, comms-plan, delay-internal, …",
	.help = "Kinds: checklist (the tier checklist, [x] for done), bom (the bill of materials),\n"
		"kickoff (the marketing all-hands brief), enablement (the 45-minute sales\n"
		"session), comms-plan (who hears when), delay-internal and delay-external (the\n"
		"latest delay), post-launch, go-no-go (readiness, blockers, a recommendation),\n"
		"digest (the weekly status). Every one renders as GitHub-flavoured Markdown.",
	.flags = CMD_DB,
	.min_pos = 2,
	.max_pos = 2,
	.run = run_doc,
};
