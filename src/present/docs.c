/* docs.c - the launch documents as GFM Markdown; see docs.h. */
#include "present/docs.h"
#include "core/text.h"
#include "present/outcomes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

/* Table cell text: pipes escaped, newlines folded. */
static void cell(tm_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			tm_buf_adds(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			tm_buf_addc(out, ' ');
		else
			tm_buf_addc(out, *s);
	}
}

static const char *date(tm_date d, char *buf)
{
	return tm_date_format(d, buf);
}

static const char *owner(const tm_task *t)
{
	return t->owner[0] ? t->owner : "_unassigned_";
}

static const tm_task *task_titled(const tm_launch_docs *d, const char *title)
{
	for (size_t i = 0; i < d->detail.tasks.n; i++)
		if (!strcasecmp(d->detail.tasks.v[i].title, title))
			return &d->detail.tasks.v[i];
	return NULL;
}

static const tm_task *task_id(const tm_launch_docs *d, int64_t id)
{
	for (size_t i = 0; i < d->detail.tasks.n; i++)
		if (d->detail.tasks.v[i].id == id)
			return &d->detail.tasks.v[i];
	return NULL;
}

static const char *status_word(const tm_launch_docs *d, const tm_task *t)
{
	if (t->status == TM_TASK_DONE)
		return "done";
	if (t->status == TM_TASK_SKIPPED)
		return "skipped";
	if (t->status == TM_TASK_AWAITING_APPROVAL)
		return "awaiting approval";
	if (t->has_due && t->due < d->today)
		return "**late**";
	return t->status == TM_TASK_IN_PROGRESS ? "in progress" : "to do";
}

static bool is_open(const tm_task *t)
{
	return t->status != TM_TASK_DONE && t->status != TM_TASK_SKIPPED;
}

static void due_of(tm_buf *out, const tm_task *t)
{
	char b[TM_DATE_STRLEN], off[TM_OFFSET_STRLEN];
	if (!t->has_due) {
		/* A product milestone's date is engineering's to give. */
		tm_buf_adds(out, t->product ? "date unknown (engineering gives it)" : "-");
		return;
	}
	tm_buf_adds(out, date(t->due, b));
	if (t->has_offset)
		tm_buf_printf(out, " (%s)", tm_offset_format(&t->offset, off));
}

static void checklist(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_tasks *ts = &d->detail.tasks;
	char b[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Tier %d GTM Checklist: %s\n\nLaunch day **%s** · %s · PM %s · Marketing %s\n", l->tier, l->name,
		      date(l->date, b), d->tier_gtm, l->pm[0] ? l->pm : "_none_", l->marketing[0] ? l->marketing : "_none_");
	const char *section = NULL;
	for (size_t i = 0; i < ts->n; i++) {
		const tm_task *t = &ts->v[i];
		if (t->milestone || !strcasecmp(t->section, "Timeline"))
			continue;
		if (!section || strcmp(section, t->section)) {
			section = t->section;
			tm_buf_printf(out, "\n### %s\n", section);
		}
		tm_buf_printf(out, "- [%c] %s%s — %s, due ", t->status == TM_TASK_DONE ? 'x' : ' ', t->title,
			      t->required ? "" : " _(optional)_", owner(t));
		due_of(out, t);
		if (t->status == TM_TASK_SKIPPED)
			tm_buf_adds(out, " — skipped");
		else if (t->status == TM_TASK_AWAITING_APPROVAL)
			tm_buf_adds(out, " — awaiting approval");
		else if (t->status != TM_TASK_DONE && t->has_due && t->due < d->today)
			tm_buf_adds(out, " — **late**");
		tm_buf_addc(out, '\n');
	}
	tm_buf_adds(out, "\n### Timeline\n\n| Milestone | Date | Owner | Status |\n|-----------|------|-------|--------|\n");
	for (size_t i = 0; i < ts->n; i++) {
		const tm_task *t = &ts->v[i];
		if (!t->milestone)
			continue;
		tm_buf_adds(out, "| ");
		cell(out, t->title);
		tm_buf_adds(out, " | ");
		due_of(out, t);
		tm_buf_adds(out, " | ");
		cell(out, owner(t));
		tm_buf_printf(out, " | %s |\n", status_word(d, t));
	}
}

/* Who reviews a task: the people named, else the playbook's reviewing roles, else "-". */
static void reviewers_cell(tm_buf *out, const tm_task *t)
{
	tm_buf names = TM_BUF_INIT;
	size_t n;
	for (int i = 0; i < tm_task_reviewers(t); i++) {
		const char *name = tm_task_reviewer(t, i, &n);
		tm_buf_printf(&names, "%s%.*s", i ? ", " : "", (int)n, name);
	}
	cell(out, names.len ? names.s : t->reviewers[0] ? t->reviewers : "-");
	tm_buf_release(&names);
}

/* The owner and, when the seed names two, the co-owning role: "Ana Silva + sales". */
static void owner_cell(tm_buf *out, const tm_task *t)
{
	cell(out, owner(t));
	if (t->co_role >= 0 && t->co_role != t->role)
		tm_buf_printf(out, " + %s", tm_role_name(t->co_role));
}

/* Whose approval external copy has and still needs ("-" for a task that produces none). */
static void approval_cell(const tm_launch_docs *d, tm_buf *out, const tm_task *t)
{
	char missing[TM_APPROVERS_MAX][TM_NAME_MAX + 1];
	size_t len;
	if (!t->external) {
		tm_buf_adds(out, "-");
		return;
	}
	int n = tm_task_missing_approvals(t, d->pmm, missing, TM_APPROVERS_MAX), done = tm_task_approvals(t);
	if (n > TM_APPROVERS_MAX)
		n = TM_APPROVERS_MAX;
	if (n && is_open(t)) {
		tm_buf_adds(out, "**needs** ");
		for (int i = 0; i < n; i++) {
			if (i)
				tm_buf_adds(out, ", ");
			cell(out, missing[i]);
			if (d->pmm[0] && !strcmp(missing[i], d->pmm))
				tm_buf_adds(out, " (PMM)");
		}
		if (done)
			tm_buf_adds(out, "; ");
	} else if (!done) {
		if (is_open(t))
			tm_buf_printf(out, "_no approver yet: name the launch's PMM (`tminus launch set %s --owner pmm=PERSON`)_",
				      d->detail.launch.slug);
		else
			tm_buf_adds(out, "-");
		return;
	}
	if (done) {
		tm_buf_adds(out, "approved by ");
		for (int i = 0; i < done; i++) {
			const char *name = tm_task_approver(t, i, &len);
			tm_buf_printf(out, "%s%.*s", i ? ", " : "", (int)len, name);
		}
	}
}

/* One bill of materials row. */
static void bom_row(const tm_launch_docs *d, tm_buf *out, const tm_task *t)
{
	tm_buf_printf(out, "| %lld | ", (long long)t->id);
	cell(out, t->title);
	tm_buf_adds(out, " | ");
	cell(out, t->section);
	tm_buf_adds(out, " | ");
	owner_cell(out, t);
	tm_buf_adds(out, " | ");
	reviewers_cell(out, t);
	tm_buf_adds(out, " | ");
	due_of(out, t);
	if (t->milestone)
		tm_buf_printf(out, " | - | %s | ", status_word(d, t));
	else
		tm_buf_printf(out, " | %d | %s | ", t->effort_days, status_word(d, t));
	approval_cell(d, out, t);
	tm_buf_adds(out, " | ");
	for (int k = 0; k < t->n_depends_on; k++) {
		const tm_task *a = task_id(d, t->depends_on[k]);
		if (k)
			tm_buf_adds(out, ", ");
		cell(out, a ? a->title : "?");
	}
	tm_buf_adds(out, t->n_depends_on ? " |\n" : "- |\n");
}

static const char bom_head[] = "| # | Deliverable | Swimlane | Owner | Reviewers | Due | Days | Status | Approval | Waits for |\n"
			       "|---|-------------|----------|-------|-----------|-----|------|--------|----------|-----------|\n";

/* The DRI the launch names for a stream, or NULL. */
static const char *dri_of(const tm_launch_docs *d, const char *stream)
{
	for (size_t i = 0; i < d->detail.dris.n; i++)
		if (!strcmp(d->detail.dris.v[i].stream, stream))
			return d->detail.dris.v[i].person;
	return NULL;
}

/* The stream's index in d->streams, or -1 (a stream the tier does not run). */
static int stream_index(const tm_launch_docs *d, const char *key)
{
	for (int i = 0; i < d->n_streams; i++)
		if (!strcmp(d->streams[i].key, key))
			return i;
	return -1;
}

/* A group of the bill of materials: the tasks of one stream ("" for those of none). */
static void bom_group(const tm_launch_docs *d, tm_buf *out, const char *key, bool only)
{
	const tm_tasks *ts = &d->detail.tasks;
	int k = key[0] ? stream_index(d, key) : -1;
	const char *dri = key[0] ? dri_of(d, key) : NULL;
	if (!key[0])
		tm_buf_adds(out, only ? "\n### Deliverables\n\n" : "\n### Other deliverables (no stream)\n\n");
	else
		tm_buf_printf(out, "\n### %s (`%s`) — DRI: %s\n\n", k >= 0 ? d->streams[k].name : key, key,
			      dri ? dri : "_no DRI yet_");
	tm_buf_adds(out, bom_head);
	for (size_t i = 0; i < ts->n; i++)
		if (!strcmp(ts->v[i].stream, key))
			bom_row(d, out, &ts->v[i]);
}

static void bom(const tm_launch_docs *d, tm_buf *out)
{
	const tm_tasks *ts = &d->detail.tasks;
	int external = 0, waiting = 0, groups = 0;
	tm_buf_printf(out, "## Bill of Materials: %s\n\n", d->detail.launch.name);
	for (size_t i = 0; i < ts->n; i++) {
		external += ts->v[i].external;
		waiting += ts->v[i].status == TM_TASK_AWAITING_APPROVAL;
	}
	tm_buf_adds(out, "Every deliverable by marketing stream (seed 001), with its owner, reviewers, date and contingencies.");
	if (external)
		tm_buf_printf(out, " %d produce%s external copy, which counts as done only once the launch's PMM (%s) and the task's "
				   "reviewers approve it (`tminus task approve ID`); %d await%s approval.",
			      external, external == 1 ? "s" : "", d->pmm[0] ? d->pmm : "none named yet", waiting,
			      waiting == 1 ? "s" : "");
	tm_buf_addc(out, '\n');
	/* The tier's streams in the playbook's order, then streams it no longer runs, then the rest. */
	for (int k = 0; k < d->n_streams; k++) {
		bool any = false;
		for (size_t i = 0; i < ts->n && !any; i++)
			any = !strcmp(ts->v[i].stream, d->streams[k].key);
		if (any) {
			bom_group(d, out, d->streams[k].key, false);
			groups++;
		}
	}
	for (size_t i = 0; i < ts->n; i++) {
		const char *key = ts->v[i].stream;
		bool seen = !key[0] || stream_index(d, key) >= 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(ts->v[j].stream, key);
		if (!seen) {
			bom_group(d, out, key, false);
			groups++;
		}
	}
	bool none = false;
	for (size_t i = 0; i < ts->n && !none; i++)
		none = !ts->v[i].stream[0];
	if (none || !ts->n)
		bom_group(d, out, "", !groups);
	tm_buf_adds(out, "\nContingencies: a deliverable is not started before everything it waits for is done "
			 "(for example, nothing external is drafted before the messaging is approved).\n");
}

/* Distinct owners of a section's tasks, comma-separated. */
static void section_owners(const tm_launch_docs *d, const char *section, tm_buf *out)
{
	const tm_tasks *ts = &d->detail.tasks;
	int n = 0;
	for (size_t i = 0; i < ts->n; i++) {
		const tm_task *t = &ts->v[i];
		if (strcasecmp(t->section, section) || !t->owner[0])
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcasecmp(ts->v[k].section, section) && !strcmp(ts->v[k].owner, t->owner);
		if (seen)
			continue;
		if (n++)
			tm_buf_adds(out, ", ");
		cell(out, t->owner);
	}
	if (!n)
		tm_buf_adds(out, "_no DRI yet_");
}

static void messages(const tm_brief *b, tm_buf *out)
{
	if (!b->headline[0]) {
		tm_buf_adds(out, "_Key messages not written yet (tminus brief edit)._\n");
		return;
	}
	tm_buf_printf(out, "1. **%s**\n", b->headline);
	for (int i = 0; i < b->n_points; i++)
		tm_buf_printf(out, "%d. %s\n", i + 2, b->points[i]);
}

static const char *or_tbd(const char *s)
{
	return s && *s ? s : "_to be written (tminus brief edit)_";
}

/* Seed 002: the executive who owns the launch. */
static void sponsor_line(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch_detail *ld = &d->detail;
	if (ld->sponsor.id)
		tm_buf_printf(out, "Executive sponsor: **%s**%s.\n\n", ld->sponsor.name, ld->sponsor_default ? " (default: CPO)" : "");
	else
		tm_buf_printf(out, "Executive sponsor: _none yet_ (`tminus launch set %s --sponsor PERSON`, or give the CPO "
				   "their title: `tminus person set PERSON --title CPO`).\n\n",
			      ld->launch.slug);
}

static const char *const weekday_names[] = { "", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays" };

/* Seed 001: after the kickoff, the launch splits into the streams its tier runs, each with a DRI. */
static void streams_table(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_tasks *ts = &d->detail.tasks;
	char x[TM_DATE_STRLEN];
	tm_buf_adds(out, "### Streams and their DRIs\n\n");
	if (!d->n_streams) {
		tm_buf_printf(out, "Tier %d runs no marketing streams: the swimlanes below carry the work.\n\n", l->tier);
		return;
	}
	tm_buf_adds(out, "| Stream | What it settles | DRI | Sync | Deliverables |\n|--------|-----------------|-----|------|--------------|\n");
	int missing = 0;
	for (int k = 0; k < d->n_streams; k++) {
		const tm_pb_stream *s = &d->streams[k];
		const char *dri = dri_of(d, s->key);
		int n = 0, open = 0;
		for (size_t i = 0; i < ts->n; i++)
			if (!strcmp(ts->v[i].stream, s->key)) {
				n++;
				open += is_open(&ts->v[i]);
			}
		tm_buf_adds(out, "| ");
		cell(out, s->name);
		tm_buf_adds(out, " | ");
		cell(out, s->about[0] ? s->about : "-");
		tm_buf_adds(out, " | ");
		if (dri) {
			tm_buf_adds(out, "**");
			cell(out, dri);
			tm_buf_adds(out, "**");
		} else {
			missing++;
			tm_buf_printf(out, "_no DRI yet_ (`tminus launch set %s --dri %s=PERSON`)", l->slug, s->key);
			if (d->stream_owner[k][0]) {
				tm_buf_adds(out, "; until then ");
				cell(out, d->stream_owner[k]);
				tm_buf_printf(out, ", the launch's %s owner", s->role >= 0 ? tm_role_name(s->role) : "");
			}
		}
		tm_date first = tm_stream_first_sync(s, l->date);
		if (first > l->date)
			tm_buf_adds(out, " | none before launch day | ");
		else if (s->every_weeks > 1)
			tm_buf_printf(out, " | every %d weeks, %s from %s | ", s->every_weeks,
				      weekday_names[s->weekday >= 1 && s->weekday <= 7 ? s->weekday : 1], date(first, x));
		else
			tm_buf_printf(out, " | weekly, %s from %s | ", weekday_names[s->weekday >= 1 && s->weekday <= 7 ? s->weekday : 1],
				      date(first, x));
		if (n)
			tm_buf_printf(out, "%d (%d open) |\n", n, open);
		else
			tm_buf_adds(out, "none yet |\n");
	}
	if (missing)
		tm_buf_printf(out, "\n%d of %d streams %s no DRI yet: name one with `tminus launch set %s --dri STREAM=PERSON`.\n", missing,
			      d->n_streams, missing == 1 ? "has" : "have", l->slug);
	tm_buf_adds(out, "\nEach sync recurs in the launch calendar (`tminus calendar --ics`) until launch day.\n\n");
}

static void kickoff(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_brief *b = &d->brief.brief;
	char x[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Launch Kickoff: %s\n\nMarketing all-hands, led by product marketing (%s). Launch day **%s**, tier %d (%s).\n\n",
		      l->name, d->pmm[0] ? d->pmm : "no PMM or marketing owner yet", date(l->date, x), l->tier, d->tier_gtm);
	sponsor_line(d, out);
	tm_buf_printf(out, "### The new product area\n\n%s\n\n", or_tbd(b->what));
	tm_buf_printf(out, "### Persona and segment\n\n- **Primary:** %s\n- **Secondary:** %s\n\n", or_tbd(b->audience_primary),
		      or_tbd(b->audience_secondary));
	tm_buf_adds(out, "### Messaging\n\n");
	messages(b, out);
	tm_buf_printf(out, "\n### Positioning and competitive landscape\n\n%s\n\n", or_tbd(b->competitive));
	tm_buf_printf(out, "### Initial ideas for marketing\n\nThe tier brings: %s. Channel leads own the channel strategy and tell product marketing how they will support the launch.\n\n",
		      d->tier_gtm);
	streams_table(d, out);
	tm_buf_adds(out, "### Swimlanes and DRIs\n\n| Swimlane | DRIs | Tasks | Next due |\n|----------|------|-------|----------|\n");
	const tm_tasks *ts = &d->detail.tasks;
	for (size_t i = 0; i < ts->n; i++) {
		const char *sec = ts->v[i].section;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcasecmp(ts->v[k].section, sec);
		if (seen || !strcasecmp(sec, "Timeline"))
			continue;
		int n = 0;
		const tm_task *next = NULL;
		for (size_t k = i; k < ts->n; k++) {
			const tm_task *t = &ts->v[k];
			if (strcasecmp(t->section, sec))
				continue;
			n++;
			if (t->status != TM_TASK_DONE && t->status != TM_TASK_SKIPPED && t->has_due && (!next || t->due < next->due))
				next = t;
		}
		tm_buf_adds(out, "| ");
		cell(out, sec);
		tm_buf_adds(out, " | ");
		section_owners(d, sec, out);
		tm_buf_printf(out, " | %d | ", n);
		if (next) {
			cell(out, next->title);
			tm_buf_printf(out, ", %s", date(next->due, x));
		} else {
			tm_buf_adds(out, "all done");
		}
		tm_buf_adds(out, " |\n");
	}
	tm_buf_adds(out, "\n### Key dates\n\n");
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].milestone && ts->v[i].has_due)
			tm_buf_printf(out, "- **%s** — %s (%s)\n", ts->v[i].title, date(ts->v[i].due, x), owner(&ts->v[i]));
		else if (ts->v[i].milestone && ts->v[i].product)
			tm_buf_printf(out, "- **%s** — date unknown: engineering gives it (`tminus task set %lld --due DATE`)\n",
				      ts->v[i].title, (long long)ts->v[i].id);
}

static void enablement(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_brief *b = &d->brief.brief;
	const tm_task *training = task_titled(d, "Sales training");
	const tm_task *pricing = task_titled(d, "Pricing/packaging confirmed");
	const tm_task *faq = task_titled(d, "FAQ document");
	const tm_task *demo = task_titled(d, "Demo script created");
	char x[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Sales Enablement: %s\n\n", l->name);
	if (training && training->has_due)
		tm_buf_printf(out, "Session on **%s**, run by %s; launch day %s.\n\n", date(training->due, x), owner(training),
			      tm_date_format(l->date, (char[TM_DATE_STRLEN]){ 0 }));
	tm_buf_adds(out, "### Agenda (45 min)\n\n");
	tm_buf_printf(out, "1. Overview (10 min)\n   - What we built: %s\n   - Why it matters: %s\n   - Who it's for: %s\n\n",
		      or_tbd(b->what), or_tbd(b->why_users), or_tbd(b->audience_primary));
	tm_buf_printf(out, "2. Demo (15 min)\n   - Live walkthrough%s\n   - Key workflows\n   - Wow moments: %s\n\n",
		      demo ? (demo->status == TM_TASK_DONE ? " (demo script ready)" : " (demo script not ready yet)") : "",
		      b->headline[0] ? b->headline : "_the headline message_");
	tm_buf_printf(out, "3. Selling guide (10 min)\n   - Ideal customer profile: %s\n   - Discovery questions\n   - Competitive positioning: %s\n   - Pricing and packaging: %s\n\n",
		      or_tbd(b->audience_primary), or_tbd(b->competitive),
		      pricing ? (pricing->status == TM_TASK_DONE ? "confirmed" : "**not confirmed yet**") : "no pricing change");
	tm_buf_printf(out, "4. Q&A (10 min)\n   - Open questions%s\n   - Objection handling\n   - Edge cases:",
		      faq ? (faq->status == TM_TASK_DONE ? " (FAQ document ready)" : " (FAQ document not ready yet)") : "");
	if (!b->n_limitations)
		tm_buf_adds(out, " _limitations not written yet_\n");
	else {
		tm_buf_addc(out, '\n');
		for (int i = 0; i < b->n_limitations; i++)
			tm_buf_printf(out, "     - %s\n", b->limitations[i]);
	}
}

/* Seed 000's customer communication hierarchy: who hears of the launch, how and when. */
static const struct {
	const char *audience, *method, *timing;
} hierarchy[] = {
	{ "Beta customers", "Personal email from PM", "Before launch" },
	{ "Power users", "Segment email + in-app", "Launch day" },
	{ "All users", "In-app announcement", "Launch day" },
	{ "Prospects", "Marketing campaigns", "Launch day+" },
	{ "Industry/press", "PR outreach", "Launch day" },
};

/* A customer communication task: in the playbook's section, or titled for one of the hierarchy's audiences. */
static bool is_comms(const tm_task *t)
{
	if (!strcasecmp(t->section, "Customer communication"))
		return true;
	for (size_t i = 0; i < sizeof(hierarchy) / sizeof(hierarchy[0]); i++)
		if (!strncasecmp(t->title, hierarchy[i].audience, strlen(hierarchy[i].audience)))
			return true;
	return false;
}

static void comms_plan(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_tasks *ts = &d->detail.tasks;
	char t[TM_DATE_STRLEN], x[TM_DATE_STRLEN];
	int n = 0, approved = 0, external = 0;
	date(l->date, t);
	tm_buf_printf(out, "## Customer Communication Plan: %s\n\nLaunch day **%s**.\n\n", l->name, t);
	for (size_t i = 0; i < ts->n; i++) {
		const tm_task *c = &ts->v[i];
		if (!is_comms(c))
			continue;
		if (!n++)
			tm_buf_adds(out, "| # | Audience | Communication Method | Owner | Due | Status | Approval |\n"
					 "|---|----------|---------------------|-------|-----|--------|----------|\n");
		/* "Beta customers: personal email from the PM": the audience, then the method. */
		const char *colon = strstr(c->title, ": ");
		tm_buf_printf(out, "| %lld | **", (long long)c->id);
		if (colon) {
			tm_buf mark = TM_BUF_INIT;
			tm_buf_printf(&mark, "%.*s", (int)(colon - c->title), c->title);
			cell(out, mark.s);
			tm_buf_release(&mark);
			tm_buf_adds(out, "** | ");
			cell(out, colon + 2);
		} else {
			cell(out, c->title);
			tm_buf_adds(out, "** | -");
		}
		tm_buf_adds(out, " | ");
		owner_cell(out, c);
		tm_buf_adds(out, " | ");
		due_of(out, c);
		tm_buf_printf(out, " | %s | ", status_word(d, c));
		approval_cell(d, out, c);
		tm_buf_adds(out, " |\n");
		if (c->external) {
			char missing[TM_APPROVERS_MAX][TM_NAME_MAX + 1];
			external++;
			approved += tm_task_missing_approvals(c, d->pmm, missing, TM_APPROVERS_MAX) == 0 && tm_task_approvals(c) > 0;
		}
	}
	if (n) {
		if (external)
			tm_buf_printf(out, "\n%d of %d approved for the external airwaves by %s and the reviewers (`tminus task approve ID`).\n",
				      approved, external, d->pmm[0] ? d->pmm : "the launch's PMM (none named yet)");
	} else {
		tm_buf_printf(out, "This launch has no customer communication tasks yet: nobody is down to tell its customers. "
				   "`tminus playbook apply %s` adds those its tier's playbook has (the default playbook's Tier 1 has a "
				   "\"Customer communication\" task per audience below), or add your own, e.g. `tminus task add %s \"Beta customers: personal "
				   "email from the PM\" --section \"Customer communication\" --due T-2bd`.\n\n"
				   "The hierarchy (seed 000) they follow:\n\n"
				   "| Audience | Communication Method | Timing |\n|----------|---------------------|--------|\n",
			      l->slug, l->slug);
		for (size_t i = 0; i < sizeof(hierarchy) / sizeof(hierarchy[0]); i++)
			tm_buf_printf(out, "| **%s** | %s | %s |\n", hierarchy[i].audience, hierarchy[i].method, hierarchy[i].timing);
	}
	const tm_task *training = task_titled(d, "Sales training");
	if (training && training->has_due)
		tm_buf_printf(out, "\nSales are trained on %s, before any customer hears of the launch.\n", date(training->due, x));
}

static int delay(const tm_launch_docs *d, bool internal, tm_buf *out, tm_error *err)
{
	const tm_launch *l = &d->detail.launch;
	if (!d->detail.history.n)
		return tm_fail(err, TM_EINVAL, "launch '%s' was never delayed: there is no delay to announce", l->slug);
	const tm_date_change *c = &d->detail.history.v[d->detail.history.n - 1];
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN], x[TM_DATE_STRLEN];
	date(c->from, from);
	date(c->to, to);
	if (!internal) {
		/* The team's reason never reaches customers: theirs is given apart, or the copy says it is missing. */
		tm_buf_printf(out, "## Launch Delay Communication: external\n\nSubject: Update on %s\n\n"
				   "We wanted to let you know that %s will launch on %s instead of %s.\n\n",
			      l->name, l->name, to, from);
		if (c->public_reason[0])
			tm_buf_printf(out, "%s\n\n", c->public_reason);
		else
			tm_buf_printf(out, "We made this decision to _[TO DO: the reason that benefits customers; give it with "
					   "`tminus launch delay %s --public-reason TEXT`]_.\n\n",
				      l->slug);
		tm_buf_adds(out, "In the meantime, here's what you can do: _[workaround or interim solution]_\n\n"
				 "Thank you for your patience. We're excited to deliver this to you soon.\n");
		return 0;
	}
	const tm_task *content = task_titled(d, "Content ready");
	const tm_task *training = task_titled(d, "Sales training");
	const tm_task *support = task_titled(d, "Support team informed");
	if (!support)
		support = task_titled(d, "Escalation path ready");
	tm_buf_printf(out, "## Launch Delay Communication: internal\n\nSubject: %s launch moving to %s\n\n**What changed:** %s (decided %s%s%s).\n\n**Impact:**\n",
		      l->name, to, c->reason, date(c->on, x), c->by[0] ? " by " : "", c->by);
	if (content && content->has_due)
		tm_buf_printf(out, "- Marketing: campaign dates move with launch day; content is now due %s (%s)\n",
			      date(content->due, x), owner(content));
	else
		tm_buf_adds(out, "- Marketing: adjust campaign dates to the new launch day\n");
	if (training && training->has_due)
		tm_buf_printf(out, "- Sales: update customer expectations; sales training moves to %s\n", date(training->due, x));
	else
		tm_buf_adds(out, "- Sales: update customer expectations\n");
	if (support && support->has_due)
		tm_buf_printf(out, "- Support: shift training; '%s' is now due %s\n", support->title, date(support->due, x));
	else
		tm_buf_adds(out, "- Support: shift training to the new date\n");
	tm_buf_printf(out, "\n**New timeline:** %s (was %s; moved %zu time%s so far)\n\n**What we need:** ", to, from,
		      d->detail.history.n, d->detail.history.n == 1 ? "" : "s");
	int fixed = 0;
	for (size_t i = 0; i < d->detail.tasks.n; i++) {
		const tm_task *t = &d->detail.tasks.v[i];
		if (!t->has_offset && t->has_due && t->status != TM_TASK_DONE && t->status != TM_TASK_SKIPPED)
			fixed++;
	}
	if (fixed)
		tm_buf_printf(out, "%s to confirm %s against the new launch day.\n",
			      fixed == 1 ? "the owner of the 1 task with a fixed date" : "owners of the tasks with fixed dates",
			      fixed == 1 ? "it" : "them");
	else
		tm_buf_adds(out, "every owner to confirm their new due dates (tminus task list LAUNCH --owner PERSON).\n");
	return 0;
}

/* A figure the path computes, to one decimal (without libm: values stay within ±TM_METRIC_VALUE_MAX). */
static double tenth(double v)
{
	double r = (double)(long long)(v * 10 + (v < 0 ? -0.5 : 0.5)) / 10;
	return r == 0 ? 0 : r;
}

/* The metrics' actual figures against their targets, once any was recorded (tm_launch_docs.metrics). */
static void actual_figures(const tm_launch_docs *d, tm_buf *out)
{
	const tm_metric_views *ms = &d->metrics;
	size_t figures = 0;
	char x[TM_DATE_STRLEN];
	for (size_t i = 0; i < ms->n; i++)
		figures += ms->v[i].j.has_observed;
	if (!ms->n)
		return;
	tm_buf_printf(out, "\n### Actual figures\n\nAs of %s", date(d->today, x));
	if (!figures) {
		tm_buf_printf(out, ": no figure recorded yet for its %zu %s (`tminus metric record %s METRIC VALUE`).\n", ms->n,
			      tm_plural((long long)ms->n, "metric", "metrics"), d->detail.launch.slug);
		return;
	}
	tm_buf_adds(out, ".\n\n| Metric | Baseline | Latest | Expected | Target | Status | Owner |\n"
			 "|--------|---------:|-------:|---------:|--------|--------|-------|\n");
	for (size_t i = 0; i < ms->n; i++) {
		const tm_metric_view *v = &ms->v[i];
		char a[64], b[64], c[64], e[64];
		tm_buf_adds(out, "| ");
		tm_md_escape(out, v->m.name);
		tm_metric_value_with_unit(v->m.baseline, &v->m.unit, a, sizeof(a));
		tm_buf_printf(out, " | %s | ", a);
		if (v->j.has_observed) {
			tm_metric_value_with_unit(v->j.observed, &v->m.unit, b, sizeof(b));
			tm_buf_printf(out, "%s (%s)", b, date(v->j.observed_on, x));
		} else
			tm_buf_adds(out, "no data yet");
		if (v->j.has_expected)
			tm_metric_value_with_unit(tenth(v->j.expected), &v->m.unit, c, sizeof(c));
		tm_metric_value_with_unit(v->j.target, &v->m.unit, e, sizeof(e));
		tm_buf_printf(out, " | %s | %s by %s | %s%s | ", v->j.has_expected ? c : "-", e, date(v->j.window_end, x),
			      tm_metric_state_name(v->j.state), v->j.stale ? ", stale" : "");
		tm_md_escape(out, v->m.owner[0] ? v->m.owner : "nobody");
		tm_buf_adds(out, " |\n");
	}
}

static void post_launch(const tm_launch_docs *d, tm_buf *out)
{
	const tm_tasks *ts = &d->detail.tasks;
	char x[TM_DATE_STRLEN];
	int n = 0;
	tm_buf_printf(out, "## Post-Launch GTM Activities: %s\n\nLaunch day **%s**.\n\n", d->detail.launch.name,
		      date(d->detail.launch.date, x));
	tm_buf_adds(out, "| Timeframe | Activity | Date | Owner | Status |\n|-----------|----------|------|-------|--------|\n");
	for (size_t i = 0; i < ts->n; i++) {
		const tm_task *t = &ts->v[i];
		if (strcasecmp(t->section, "Post-launch"))
			continue;
		char off[TM_OFFSET_STRLEN];
		tm_buf_printf(out, "| %s | ", t->has_offset ? tm_offset_format(&t->offset, off) : "-");
		cell(out, t->title);
		tm_buf_printf(out, " | %s | ", t->has_due ? date(t->due, x) : "-");
		cell(out, owner(t));
		tm_buf_printf(out, " | %s |\n", status_word(d, t));
		n++;
	}
	if (!n)
		tm_buf_adds(out, "| - | _no post-launch activities: add a metrics review (no-feedback-loop)_ | - | - | - |\n");
	const tm_brief *b = &d->brief.brief;
	if (b->n_metrics) {
		tm_buf_adds(out, "\n### Success metrics\n\n| Metric | Target | Timeframe |\n|--------|--------|-----------|\n");
		for (int i = 0; i < b->n_metrics; i++) {
			tm_buf_adds(out, "| ");
			cell(out, b->metrics[i].metric);
			tm_buf_adds(out, " | ");
			cell(out, b->metrics[i].target);
			tm_buf_adds(out, " | ");
			cell(out, b->metrics[i].timeframe);
			tm_buf_adds(out, " |\n");
		}
	}
	actual_figures(d, out);
}

static void findings_list(const tm_launch_check *c, tm_buf *out)
{
	if (!c->findings.n) {
		tm_buf_adds(out, "No findings.\n");
		return;
	}
	for (size_t i = 0; i < c->findings.n; i++) {
		const tm_finding *f = &c->findings.v[i];
		tm_buf_printf(out, "- **%s** `%s`: %s — _%s_\n", tm_severity_name(f->severity), tm_rule(f->rule)->name, f->message,
			      f->hint);
	}
}

/* The launch milestone itself (T), or work that follows it: post-launch activities, and what waits for the launch. */
static bool is_launch_or_after(const tm_launch_docs *d, const tm_task *t)
{
	if (t->milestone && t->has_offset && t->offset.amount == 0)
		return true;
	if (!strcasecmp(t->section, "Post-launch"))
		return true;
	for (int k = 0; k < t->n_depends_on; k++) {
		const tm_task *a = task_id(d, t->depends_on[k]);
		if (a && a->milestone && a->has_offset && a->offset.amount == 0)
			return true;
	}
	return false;
}

static void go_no_go(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_launch_check *c = &d->check.v[0];
	char x[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Go/No-Go Review: %s\n\nLaunch day **%s** · tier %d · readiness **%d/100** · reviewed %s\n\n",
		      l->name, date(l->date, x), l->tier, c->score, tm_date_format(d->today, (char[TM_DATE_STRLEN]){ 0 }));
	tm_buf_adds(out, "### Readiness by function\n\n| Function | Done | Open | Late | Worst finding |\n|----------|------|------|------|---------------|\n");
	for (int k = 0; k < TM_FUNCTIONS; k++) {
		const tm_function_readiness *r = &c->readiness[k];
		if (!r->done && !r->open)
			continue;
		tm_buf_printf(out, "| %s | %d | %d | %d | %s%s%s%s |\n", r->function, r->done, r->open, r->late,
			      r->worst >= 0 ? tm_severity_name(r->worst) : "-", r->worst >= 0 ? " (`" : "",
			      r->worst >= 0 ? tm_rule(r->worst_rule)->name : "", r->worst >= 0 ? "`)" : "");
	}
	tm_buf_adds(out, "\n### Open blockers\n\n");
	int n = 0;
	for (size_t i = 0; i < d->detail.tasks.n; i++) {
		const tm_task *t = &d->detail.tasks.v[i];
		if (!t->required || !strcasecmp(t->section, "Optional") || t->status == TM_TASK_DONE ||
		    t->status == TM_TASK_SKIPPED || !t->has_due || t->due > l->date || is_launch_or_after(d, t))
			continue;
		tm_buf_printf(out, "- [ ] %s — %s, due %s%s\n", t->title, owner(t), date(t->due, x),
			      t->due < d->today ? " (**late**)" : "");
		n++;
	}
	if (!n)
		tm_buf_adds(out, "None: every required task before launch day is done.\n");
	tm_buf_adds(out, "\n### Findings\n\n");
	findings_list(c, out);
	const tm_finding *decider = c->findings.n ? &c->findings.v[0] : NULL;
	tm_buf_adds(out, "\n### Recommendation\n\n");
	if (c->errors)
		tm_buf_printf(out, "**No-go.** %d blocking finding%s; the first is `%s`: %s\n", c->errors, c->errors == 1 ? "" : "s",
			      tm_rule(decider->rule)->name, decider->message);
	else if (c->warnings)
		tm_buf_printf(out, "**Go with risks.** No blocking finding; %d warning%s, the first `%s`: %s\n", c->warnings,
			      c->warnings == 1 ? "" : "s", tm_rule(decider->rule)->name, decider->message);
	else
		tm_buf_adds(out, "**Go.** No findings.\n");
}

static void digest(const tm_launch_docs *d, tm_buf *out)
{
	const tm_launch *l = &d->detail.launch;
	const tm_launch_check *c = &d->check.v[0];
	tm_date week_end = d->today + 6, week_ago = d->today - 7;
	char x[TM_DATE_STRLEN], y[TM_DATE_STRLEN];
	tm_buf_printf(out, "## Weekly Status: %s\n\nWeek of %s · launch day %s · readiness %d/100 · %d of %d %s done\n\n",
		      l->name, date(d->today, x), date(l->date, y), c->score, l->tasks_done, l->tasks_total,
		      tm_plural(l->tasks_total, "task", "tasks"));
	static const char *const heads[] = { "### Due this week", "### Overdue" };
	for (int part = 0; part < 2; part++) {
		int n = 0;
		tm_buf_printf(out, "%s\n\n", heads[part]);
		for (size_t i = 0; i < d->detail.tasks.n; i++) {
			const tm_task *t = &d->detail.tasks.v[i];
			if (t->status == TM_TASK_DONE || t->status == TM_TASK_SKIPPED || !t->has_due)
				continue;
			bool in = part == 0 ? t->due >= d->today && t->due <= week_end : t->due < d->today;
			if (!in)
				continue;
			tm_buf_printf(out, "- %s — %s, due %s\n", t->title, owner(t), date(t->due, x));
			n++;
		}
		if (!n)
			tm_buf_adds(out, "Nothing.\n");
		tm_buf_addc(out, '\n');
	}
	tm_buf_adds(out, "### Blockers\n\n");
	int blockers = 0;
	for (size_t i = 0; i < c->findings.n; i++)
		if (c->findings.v[i].severity == TM_SEV_ERROR) {
			tm_buf_printf(out, "- `%s`: %s\n", tm_rule(c->findings.v[i].rule)->name, c->findings.v[i].message);
			blockers++;
		}
	if (!blockers)
		tm_buf_adds(out, "None.\n");
	tm_buf_printf(out, "\n### Findings\n\n%d error%s, %d warning%s (tminus check %s).\n\n", c->errors,
		      c->errors == 1 ? "" : "s", c->warnings, c->warnings == 1 ? "" : "s", l->slug);
	tm_buf_adds(out, "### What changed since last week\n\n");
	int changes = 0;
	for (size_t i = 0; i < d->detail.history.n; i++) {
		const tm_date_change *ch = &d->detail.history.v[i];
		if (ch->on < week_ago)
			continue;
		tm_buf_printf(out, "- Launch day moved from %s to %s: %s\n", date(ch->from, x), date(ch->to, y), ch->reason);
		changes++;
	}
	if (!changes)
		tm_buf_adds(out, "- Launch day unchanged.\n");
}

int tm_doc_check_kind(const char *kind, tm_error *err)
{
	for (int i = 0; tm_doc_kinds[i]; i++)
		if (!strcmp(tm_doc_kinds[i], kind))
			return 0;
	return tm_fail_field(err, TM_EINVAL, "kind",
			     "unknown document '%.40s' (checklist, bom, kickoff, enablement, comms-plan, delay-internal, delay-external, post-launch, go-no-go, digest)",
			     kind);
}

int tm_doc_render(const tm_launch_docs *d, const char *kind, tm_buf *out, tm_error *err)
{
	int rc = tm_doc_check_kind(kind, err);
	if (rc)
		return rc;
	if (!strcmp(kind, "checklist"))
		checklist(d, out);
	else if (!strcmp(kind, "bom"))
		bom(d, out);
	else if (!strcmp(kind, "kickoff"))
		kickoff(d, out);
	else if (!strcmp(kind, "enablement"))
		enablement(d, out);
	else if (!strcmp(kind, "comms-plan"))
		comms_plan(d, out);
	else if (!strcmp(kind, "delay-internal") || !strcmp(kind, "delay-external"))
		return delay(d, !strcmp(kind, "delay-internal"), out, err);
	else if (!strcmp(kind, "post-launch"))
		post_launch(d, out);
	else if (!strcmp(kind, "go-no-go"))
		go_no_go(d, out);
	else /* digest: tm_doc_check_kind allowed nothing else */
		digest(d, out);
	return 0;
}

void tm_doc_portfolio_digest(const tm_checks *checks, const tm_agenda *week, const tm_decisions *decisions, tm_date today,
			     tm_buf *out)
{
	char x[TM_DATE_STRLEN], y[TM_DATE_STRLEN];
	int late = 0;
	for (size_t i = 0; i < checks->n; i++)
		late += checks->v[i].errors > 0;
	tm_buf_printf(out, "## Weekly Portfolio Status\n\nWeek of %s · %zu planned %s · %d with blocking findings\n\n",
		      date(today, x), checks->n, tm_plural((long long)checks->n, "launch", "launches"), late);
	tm_buf_adds(out, "### Launching in the next two weeks\n\n| Launch | Tier | Date | Readiness | Errors | Warnings |\n"
			 "|--------|------|------|-----------|--------|----------|\n");
	int soon = 0;
	for (size_t i = 0; i < checks->n; i++) {
		const tm_launch_check *c = &checks->v[i];
		if (c->launch.date < today || c->launch.date > today + 14)
			continue;
		tm_buf_adds(out, "| ");
		cell(out, c->launch.name);
		tm_buf_printf(out, " | %d | %s | %d/100 | %d | %d |\n", c->launch.tier, date(c->launch.date, x), c->score, c->errors,
			      c->warnings);
		soon++;
	}
	if (!soon)
		tm_buf_adds(out, "| _none_ | | | | | |\n");
	tm_buf_adds(out, "\n### Milestones this week\n\n");
	int ms = 0;
	for (size_t i = 0; i < week->events.n; i++) {
		const tm_event *e = &week->events.v[i];
		if (e->kind != TM_EV_MILESTONE)
			continue;
		tm_buf_printf(out, "- %s: %s — %s, %s%s\n", week->launches.v[e->launch].name, e->task.title, date(e->date, x),
			      owner(&e->task), e->task.status == TM_TASK_DONE ? " (done)" : "");
		ms++;
	}
	if (!ms)
		tm_buf_adds(out, "None.\n");
	tm_buf_adds(out, "\n### Blockers\n\n");
	int blockers = 0;
	for (size_t i = 0; i < checks->n; i++)
		for (size_t k = 0; k < checks->v[i].findings.n; k++) {
			const tm_finding *f = &checks->v[i].findings.v[k];
			if (f->severity != TM_SEV_ERROR)
				continue;
			tm_buf_printf(out, "- **%s** `%s`: %s\n", checks->v[i].launch.slug, tm_rule(f->rule)->name, f->message);
			blockers++;
			break; /* the worst per launch; tminus check LAUNCH has the rest */
		}
	if (!blockers)
		tm_buf_adds(out, "None.\n");
	tm_buf_adds(out, "\n### Decisions since last week\n\n");
	int n = 0;
	for (size_t i = 0; i < decisions->n; i++) {
		const tm_decision *d = &decisions->v[i];
		if (d->on < today - 7)
			continue;
		tm_buf_printf(out, "- %s%s%s: %s — %s", date(d->on, y), d->launch_slug[0] ? " " : "", d->launch_slug, d->what,
			      d->why);
		if (d->who[0])
			tm_buf_printf(out, " (%s)", d->who);
		tm_buf_addc(out, '\n');
		n++;
	}
	if (!n)
		tm_buf_adds(out, "None.\n");
}
