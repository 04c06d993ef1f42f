/*
 * docs.h - the documents a launch needs, as GitHub-flavoured Markdown filled
 * with the launch's real names, dates and owners: the tier checklist, the
 * bill of materials, the kickoff brief (seed 001), the sales enablement
 * agenda and customer communication plan (seed 000), the two delay
 * messages, the post-launch plan, the go/no-go review and a weekly digest.
 */
#ifndef TM_PRESENT_DOCS_H
#define TM_PRESENT_DOCS_H

#include "app/app.h"
#include "util/buf.h"

/* 0 when kind is one of tm_doc_kinds, else TM_EINVAL naming the kinds. */
int tm_doc_check_kind(const char *kind, tm_error *err);
/* Writes document kind (one of tm_doc_kinds); TM_EINVAL for an unknown kind or a delay message of a launch never delayed. */
int tm_doc_render(const tm_launch_docs *d, const char *kind, tm_buf *out, tm_error *err);

/* The weekly status of the portfolio: launches soon, milestones this week, blockers, decisions of the week. */
void tm_doc_portfolio_digest(const tm_checks *checks, const tm_agenda *week, const tm_decisions *decisions, tm_date today,
			     tm_buf *out);

#endif
