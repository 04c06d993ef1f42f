/*
 * brief.c - the launch brief as Markdown, both ways. The parser is line
 * based and strict about structure (it says which line it could not read
 * and why) but lenient about spacing, bullets and the placeholder text.
 */
#include "core/brief.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <strings.h>

#include "util/banned.h"

#define PLACEHOLDER "_(to fill in)_"

static const char *or_placeholder(const char *s)
{
	return s && *s ? s : PLACEHOLDER;
}

/* A table cell: '|' escaped as '\|' (and '\' as '\\') so the row splits where it should. */
static void cell(tm_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			tm_buf_addc(out, '\\');
		tm_buf_addc(out, *s);
	}
}

/*
 * A resource as a line that reads back the same: "- Label: link", unless the
 * label holds ": " (the parser splits at the first) or the line would pass for
 * "[label](link)"; then that form, whose label cannot hold "](".
 */
static void resource_line(const tm_brief_resource *r, tm_buf *out)
{
	bool looks_bracketed = r->label[0] == '[' && (strstr(r->label, "](") || strstr(r->link, "]("));
	if ((strstr(r->label, ": ") || looks_bracketed) && !strstr(r->label, "]("))
		tm_buf_printf(out, "- [%s](%s)\n", r->label, r->link);
	else
		tm_buf_printf(out, "- %s: %s\n", r->label, r->link);
}

void tm_brief_markdown(const tm_brief *b, const tm_launch *l, const char *tier_name, tm_buf *out)
{
	char d[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Launch Brief: %s\n\n", l->name);
	tm_buf_adds(out, "### Overview\n\n| Field | Detail |\n|-------|--------|\n");
	tm_buf_printf(out, "| Launch Date | %s |\n", tm_date_format(l->date, d));
	tm_buf_printf(out, "| Launch Tier | %d (%s) |\n", l->tier, tier_name ? tier_name : "");
	tm_buf_printf(out, "| PM Owner | %s |\n", l->pm[0] ? l->pm : "-");
	tm_buf_printf(out, "| Marketing Owner | %s |\n\n", l->marketing[0] ? l->marketing : "-");
	tm_buf_printf(out, "### What We're Launching\n\n%s\n\n", or_placeholder(b->what));
	tm_buf_printf(out, "### Why It Matters\n\n**For users:** %s\n\n**For business:** %s\n\n", or_placeholder(b->why_users),
		      or_placeholder(b->why_business));
	tm_buf_printf(out, "### Target Audience\n\n**Primary:** %s\n\n**Secondary:** %s\n\n",
		      or_placeholder(b->audience_primary), or_placeholder(b->audience_secondary));
	tm_buf_printf(out, "### Key Messages\n\n1. %s\n", or_placeholder(b->headline));
	for (int i = 0; i < b->n_points; i++)
		tm_buf_printf(out, "%d. %s\n", i + 2, b->points[i]);
	if (!b->n_points)
		tm_buf_printf(out, "2. %s\n", PLACEHOLDER);
	tm_buf_printf(out, "\n### Competitive Context\n\n%s\n\n", or_placeholder(b->competitive));
	tm_buf_adds(out, "### Limitations / What This Isn't\n\n");
	for (int i = 0; i < b->n_limitations; i++)
		tm_buf_printf(out, "- %s\n", b->limitations[i]);
	if (!b->n_limitations)
		tm_buf_printf(out, "- %s\n", PLACEHOLDER);
	tm_buf_adds(out, "\n### Success Metrics\n\n| Metric | Target | Timeframe |\n|--------|--------|-----------|\n");
	for (int i = 0; i < b->n_metrics; i++) {
		tm_buf_adds(out, "| ");
		cell(out, b->metrics[i].metric);
		tm_buf_adds(out, " | ");
		cell(out, b->metrics[i].target);
		tm_buf_adds(out, " | ");
		cell(out, b->metrics[i].timeframe);
		tm_buf_adds(out, " |\n");
	}
	if (!b->n_metrics)
		tm_buf_printf(out, "| %s | | |\n", PLACEHOLDER);
	tm_buf_adds(out, "\n### Resources\n\n");
	for (int i = 0; i < b->n_resources; i++)
		resource_line(&b->resources[i], out);
	if (!b->n_resources)
		tm_buf_printf(out, "- %s\n", PLACEHOLDER);
}

enum section { S_NONE, S_OVERVIEW, S_WHAT, S_WHY, S_AUDIENCE, S_MESSAGES, S_COMPETITIVE, S_LIMITS, S_METRICS, S_RESOURCES };

static const struct {
	const char *prefix;
	enum section s;
} sections[] = {
	{ "overview", S_OVERVIEW },           { "what we're launching", S_WHAT }, { "what we’re launching", S_WHAT },
	{ "why it matters", S_WHY },          { "target audience", S_AUDIENCE },  { "key messages", S_MESSAGES },
	{ "competitive context", S_COMPETITIVE }, { "limitations", S_LIMITS }, { "success metrics", S_METRICS },
	{ "resources", S_RESOURCES },
};

/* Trims spaces in place; returns s. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static bool is_placeholder(const char *s)
{
	return !strcmp(s, PLACEHOLDER) || !strcmp(s, "-") || !*s;
}

struct parser {
	int line;
	tm_error *err;
	tm_brief_overview *ov;  /* what the title and the Overview say, or NULL */
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tm_fail(p->err, TM_EINVAL, "line %d: %s", p->line, msg);
	if (p->err)
		p->err->line = p->line;
	return TM_EINVAL;
}

/* Appends text to a paragraph field (joined by spaces), checking the limit. */
static int append(struct parser *p, char *field, size_t max, const char *text)
{
	if (is_placeholder(text))
		return 0;
	size_t have = strlen(field), add = strlen(text) + (have ? 1 : 0);
	if (have + add > max)
		return fail(p, "the text is too long (at most %zu bytes)", max);
	/* field is a char[max + 1] (TM_BRIEF_TEXT + 1 and the like): the joined text and its NUL fit. */
	snprintf(field + have, max + 1 - have, "%s%s", have ? " " : "", text);
	return 0;
}

/* "- item" or "* item" → item; NULL if not a bullet. */
static char *bullet(char *s)
{
	if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		return trim(s + 2);
	return NULL;
}

/* "12. item" → item; NULL if not a numbered item. */
static char *numbered(char *s)
{
	char *q = s;
	while (isdigit((unsigned char)*q))
		q++;
	if (q != s && (*q == '.' || *q == ')') && q[1] == ' ')
		return trim(q + 2);
	return NULL;
}

/* Splits a table row "| a | b | c |" into cells (unescaping "\|" and "\\"); returns the count. */
static int cells(char *s, char **out, int max)
{
	int n = 0;
	char *r = s, *w = s, *start = s;
	if (*r == '|')
		r++, w++, start = w;
	for (;; r++) {
		if (*r == '\\' && (r[1] == '|' || r[1] == '\\')) {
			*w++ = *++r;
			continue;
		}
		if (*r == '|' || *r == '\0') {
			bool end = *r == '\0';
			*w = '\0';
			if (n < max && !(end && !*trim(start)))
				out[n++] = trim(start);
			if (end)
				break;
			start = ++w;
			continue;
		}
		*w++ = *r;
	}
	return n;
}

static int copy_line(struct parser *p, char *dst, const char *src)
{
	if (is_placeholder(src))
		return 0;
	if (strlen(src) > TM_BRIEF_LINE)
		return fail(p, "the item is too long (at most %d bytes)", TM_BRIEF_LINE);
	snprintf(dst, TM_BRIEF_LINE + 1, "%s", src);
	return 0;
}

/* "-" and the placeholder are "not stated". */
static void copy_stated(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", is_placeholder(src) ? "" : src);
}

/* A row of the Overview table: what the brief says of its launch (tm_brief_read compares it with the launch). */
static int overview_row(struct parser *p, char *line, tm_brief_overview *ov)
{
	char *c[8];
	if (line[0] != '|')
		return 0; /* prose around the table is the writer's */
	int n = cells(line, c, 8);
	if (n < 2 || !ov)
		return 0;
	const char *field = c[0], *value = c[1];
	if (!strcasecmp(field, "Launch Date") && !is_placeholder(value)) {
		tm_error e = TM_ERROR_INIT;
		if (tm_date_parse(value, &ov->date, &e))
			return fail(p, "the Launch Date '%.40s' is not a date (YYYY-MM-DD)", value);
		ov->has_date = true;
	} else if (!strcasecmp(field, "Launch Tier") && !is_placeholder(value)) {
		if (value[0] < '1' || value[0] > '4' || isdigit((unsigned char)value[1]))
			return fail(p, "the Launch Tier '%.40s' is not a tier (1 to 4)", value);
		ov->tier = value[0] - '0';
	} else if (!strcasecmp(field, "PM Owner") || !strcasecmp(field, "PM")) {
		copy_stated(ov->pm, sizeof(ov->pm), value);
	} else if (!strcasecmp(field, "Marketing Owner") || !strcasecmp(field, "Marketing")) {
		copy_stated(ov->marketing, sizeof(ov->marketing), value);
	} else if (!strcasecmp(field, "Launch")) {
		copy_stated(ov->launch, sizeof(ov->launch), value);
	}
	return 0;
}

static int parse_line(struct parser *p, enum section sec, char *line, tm_brief *b, char **lastp, size_t *lastmax)
{
	char *item;
	switch (sec) {
	case S_NONE:
		return fail(p, "text outside a section: expected a '### ' heading such as '### What We're Launching'");
	case S_OVERVIEW:
		return overview_row(p, line, p->ov);
	case S_WHAT:
		*lastp = b->what, *lastmax = TM_BRIEF_TEXT;
		return append(p, b->what, TM_BRIEF_TEXT, line);
	case S_COMPETITIVE:
		*lastp = b->competitive, *lastmax = TM_BRIEF_TEXT;
		return append(p, b->competitive, TM_BRIEF_TEXT, line);
	case S_WHY:
	case S_AUDIENCE: {
		static const struct { const char *label; size_t off, max; enum section s; } labels[] = {
			{ "**For users:**", offsetof(tm_brief, why_users), TM_BRIEF_TEXT, S_WHY },
			{ "**For business:**", offsetof(tm_brief, why_business), TM_BRIEF_TEXT, S_WHY },
			{ "**Primary:**", offsetof(tm_brief, audience_primary), TM_BRIEF_LINE, S_AUDIENCE },
			{ "**Secondary:**", offsetof(tm_brief, audience_secondary), TM_BRIEF_LINE, S_AUDIENCE },
		};
		for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
			size_t n = strlen(labels[i].label);
			if (labels[i].s == sec && !strncasecmp(line, labels[i].label, n)) {
				*lastp = (char *)b + labels[i].off;
				*lastmax = labels[i].max;
				return append(p, *lastp, labels[i].max, trim(line + n));
			}
		}
		if (*lastp)
			return append(p, *lastp, *lastmax, line); /* a continuation line */
		return fail(p, "expected %s", sec == S_WHY ? "'**For users:** …' or '**For business:** …'"
							   : "'**Primary:** …' or '**Secondary:** …'");
	}
	case S_MESSAGES:
		if (!(item = numbered(line)) && !(item = bullet(line)))
			return fail(p, "key messages are a numbered list: '1. headline', '2. supporting point'");
		if (is_placeholder(item))
			return 0;
		if (!b->headline[0])
			return copy_line(p, b->headline, item);
		if (b->n_points >= TM_BRIEF_ITEMS)
			return fail(p, "at most %d supporting points", TM_BRIEF_ITEMS);
		return copy_line(p, b->points[b->n_points++], item);
	case S_LIMITS:
		if (!(item = bullet(line)))
			return fail(p, "limitations are a bulleted list: '- what this isn't'");
		if (is_placeholder(item))
			return 0;
		if (b->n_limitations >= TM_BRIEF_ITEMS)
			return fail(p, "at most %d limitations", TM_BRIEF_ITEMS);
		return copy_line(p, b->limitations[b->n_limitations++], item);
	case S_METRICS: {
		char *c[8];
		if (line[0] != '|')
			return fail(p, "success metrics are a table: '| Metric | Target | Timeframe |'");
		int n = cells(line, c, 8);
		if (n >= 1 && (strspn(c[0], "-: ") == strlen(c[0]) || !strcasecmp(c[0], "metric")))
			return 0; /* header or separator row */
		if (n >= 1 && is_placeholder(c[0]))
			return 0;
		if (n != 3)
			return fail(p, "a metric row needs 3 cells (metric, target, timeframe), found %d", n);
		if (b->n_metrics >= TM_BRIEF_ITEMS)
			return fail(p, "at most %d metrics", TM_BRIEF_ITEMS);
		tm_brief_metric *m = &b->metrics[b->n_metrics++];
		int rc = copy_line(p, m->metric, c[0]);
		if (!rc)
			rc = copy_line(p, m->target, c[1]);
		if (!rc)
			rc = copy_line(p, m->timeframe, c[2]);
		return rc;
	}
	case S_RESOURCES: {
		if (!(item = bullet(line)))
			return fail(p, "resources are a bulleted list: '- Product spec: https://…'");
		if (is_placeholder(item))
			return 0;
		if (b->n_resources >= TM_BRIEF_ITEMS)
			return fail(p, "at most %d resources", TM_BRIEF_ITEMS);
		tm_brief_resource *r = &b->resources[b->n_resources];
		char *colon = strstr(item, ": ");
		if (item[0] == '[' && strstr(item, "](")) { /* [label](link) */
			char *mid = strstr(item, "](");
			*mid = '\0';
			char *link = mid + 2;
			size_t ln = strlen(link);
			if (ln && link[ln - 1] == ')')
				link[ln - 1] = '\0';
			if (copy_line(p, r->label, trim(item + 1)) || copy_line(p, r->link, trim(link)))
				return TM_EINVAL;
		} else if (colon) {
			*colon = '\0';
			if (copy_line(p, r->label, trim(item)) || copy_line(p, r->link, trim(colon + 2)))
				return TM_EINVAL;
		} else {
			return fail(p, "a resource is '- Label: link' or '- [Label](link)'");
		}
		if (!r->link[0] || !strcmp(r->link, "[link]")) {
			memset(r, 0, sizeof(*r)); /* the template's empty slot: nothing of it stays */
			return 0;
		}
		b->n_resources++;
		return 0;
	}
	}
	return 0;
}

int tm_brief_parse(const char *text, size_t len, tm_brief *out, tm_error *err)
{
	return tm_brief_read(text, len, out, NULL, err);
}

int tm_brief_read(const char *text, size_t len, tm_brief *out, tm_brief_overview *ov, tm_error *err)
{
	struct parser p = { 0, err, ov };
	if (ov)
		memset(ov, 0, sizeof(*ov));
	enum section sec = S_NONE;
	char *last = NULL;
	size_t lastmax = 0;
	memset(out, 0, sizeof(*out));
	size_t bad;
	if (memchr(text, '\0', len) || !tm_utf8_valid(text, len, &bad))
		return tm_fail(err, TM_EINVAL, "the brief is not UTF-8 text");
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char buf[4096];
		p.line++;
		if (n >= sizeof(buf)) {
			return fail(&p, "the line is too long (over %zu bytes)", sizeof(buf) - 1);
		}
		memcpy(buf, text + pos, n);
		buf[n] = '\0';
		pos += n + (nl ? 1 : 0);
		char *line = trim(buf);
		if (!*line) {
			if (sec == S_WHY || sec == S_AUDIENCE)
				last = NULL; /* a blank line ends a labelled paragraph */
			continue;
		}
		if (!strncmp(line, "### ", 4)) {
			char *h = trim(line + 4);
			sec = S_NONE;
			for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
				if (!strncasecmp(h, sections[i].prefix, strlen(sections[i].prefix)))
					sec = sections[i].s;
			if (sec == S_NONE)
				return fail(&p, "unknown section '%s' (expected Overview, What We're Launching, Why It Matters, Target Audience, Key Messages, Competitive Context, Limitations / What This Isn't, Success Metrics, Resources)",
					    h);
			if (ov && sec != S_OVERVIEW)
				ov->sections++;
			last = NULL;
			continue;
		}
		if (line[0] == '#') {
			if (sec == S_NONE) {
				/* The title: "## Launch Brief: NAME" names the launch. */
				char *t = line + strspn(line, "#");
				t += strspn(t, " \t");
				if (ov && !strncasecmp(t, "Launch Brief:", 13))
					snprintf(ov->title, sizeof(ov->title), "%s", trim(t + 13));
				continue;
			}
			return fail(&p, "unexpected heading '%s': sections start with '### '", line);
		}
		int rc = parse_line(&p, sec, line, out, &last, &lastmax);
		if (rc)
			return rc;
	}
	return 0;
}
