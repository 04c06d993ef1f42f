/*
 * outcomes.h - the documents after launch day, as GitHub-flavoured Markdown
 * (checked with cmark-gfm like the other documents): a post-launch review of
 * one stage, the leadership dashboard, and the monthly stakeholder update (as
 * Markdown and as a plain-text email body).
 */
#ifndef TM_PRESENT_OUTCOMES_H
#define TM_PRESENT_OUTCOMES_H

#include "app/metrics.h"
#include "util/buf.h"

/* The review document: metrics with their status and a table of observations, open tasks,
 * decisions since launch, the stage's questions, and the notes when it was held. */
void tm_review_markdown(const tm_launch_review *r, tm_buf *out);
/* The dashboard as Markdown (the web UI's preview and `dashboard --markdown`). */
void tm_dashboard_markdown(const tm_dashboard *d, tm_buf *out);
/* The stakeholder update: Markdown, and the same as a plain-text email body (no Markdown marks,
 * lines under 78 columns, a Subject: line first). */
void tm_stakeholder_markdown(const tm_stakeholder_update *u, tm_buf *out);
void tm_stakeholder_text(const tm_stakeholder_update *u, tm_buf *out);
/*
 * User text (a name, a title, a decision) as inline GFM Markdown: the characters that would
 * open emphasis, code, links, HTML, entities, strikethrough or a table cell (\ ` * _ [ ] < > | ~ & # !)
 * are backslash-escaped, a leading - + = or "1." that would open a block too, and line ends
 * become spaces. Fit for a table cell as well.
 */
void tm_md_escape(tm_buf *out, const char *s);
/* "a metric line": "Activation rate 41.5% (target 48% by 2027-06-01, expected 44.1%): behind". */
void tm_metric_line(const tm_metric_view *v, tm_buf *out);

#endif
