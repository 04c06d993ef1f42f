/*
 * brief.h - the launch brief of seed 000: what we're launching, why it
 * matters (users, business), audiences, key messages (a headline and
 * supporting points), competitive context, limitations, success metrics
 * (metric, target, timeframe) and resources. It renders as Markdown in the
 * seed's layout and parses back from the same Markdown, so a brief can
 * round-trip through a wiki or a pull request. Pure: text in, text out.
 */
#ifndef TM_BRIEF_H
#define TM_BRIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "util/buf.h"
#include "util/error.h"

#define TM_BRIEF_TEXT 2000   /* a paragraph */
#define TM_BRIEF_LINE 300    /* a list item or table cell */
#define TM_BRIEF_ITEMS 12    /* items per list */

typedef struct tm_brief_metric {
	char metric[TM_BRIEF_LINE + 1];
	char target[TM_BRIEF_LINE + 1];
	char timeframe[TM_BRIEF_LINE + 1];
} tm_brief_metric;

typedef struct tm_brief_resource {
	char label[TM_BRIEF_LINE + 1];
	char link[TM_BRIEF_LINE + 1];
} tm_brief_resource;

typedef struct tm_brief {
	char what[TM_BRIEF_TEXT + 1];             /* What We're Launching */
	char why_users[TM_BRIEF_TEXT + 1];        /* Why It Matters: for users */
	char why_business[TM_BRIEF_TEXT + 1];     /* … for business */
	char audience_primary[TM_BRIEF_LINE + 1];
	char audience_secondary[TM_BRIEF_LINE + 1];
	char headline[TM_BRIEF_LINE + 1];         /* Key Messages 1 */
	char points[TM_BRIEF_ITEMS][TM_BRIEF_LINE + 1]; /* supporting points */
	int n_points;
	char competitive[TM_BRIEF_TEXT + 1];      /* Competitive Context */
	char limitations[TM_BRIEF_ITEMS][TM_BRIEF_LINE + 1]; /* what this isn't */
	int n_limitations;
	tm_brief_metric metrics[TM_BRIEF_ITEMS];
	int n_metrics;
	tm_brief_resource resources[TM_BRIEF_ITEMS];
	int n_resources;
} tm_brief;

/*
 * What a brief's Markdown says about its launch besides the brief itself: the
 * title ("## Launch Brief: NAME") and the Overview table's rows. Empty
 * strings and "-" are "not stated".
 */
typedef struct tm_brief_overview {
	int sections;                     /* sections of the brief found (What We're Launching … Resources; not the Overview) */
	char title[TM_NAME_MAX + 1];      /* the launch name in the title, or "" */
	char launch[TM_NAME_MAX + 1];     /* an optional "Launch" row: the launch's slug, id or name */
	bool has_date;
	tm_date date;                     /* Launch Date */
	int tier;                         /* Launch Tier, 0 when not stated */
	char pm[TM_NAME_MAX + 1];         /* PM Owner */
	char marketing[TM_NAME_MAX + 1];  /* Marketing Owner */
} tm_brief_overview;

/* Renders the brief for launch l (names, dates, owners in the Overview table). */
void tm_brief_markdown(const tm_brief *b, const tm_launch *l, const char *tier_name, tm_buf *out);
/*
 * Parses the Markdown layout tm_brief_markdown writes (the title and the
 * Overview table describe the launch, not the brief: see tm_brief_read). On failure: TM_EINVAL with err->line set and a
 * message "line N: …".
 */
int tm_brief_parse(const char *text, size_t len, tm_brief *out, tm_error *err);
/* The same, and what the title and the Overview say (ov; a bad Launch Date or Launch Tier is an error at its line). */
int tm_brief_read(const char *text, size_t len, tm_brief *out, tm_brief_overview *ov, tm_error *err);

#endif
