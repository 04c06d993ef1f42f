/*
 * notify.c - who is told what (app/notify.h). One pass for a day records, in one transaction, each
 * person's morning digest (their tasks overdue, due in the next 3 working days, or assigned or
 * changed since the last digest), Monday's weekly summary of their launches, and the launch events
 * whose day has come, to the launch's owners and watchers by email and to the webhooks that ask.
 * The outbox's (recipient, event_key) is unique: a second pass tells nothing twice. The pass reads
 * lean rows (store notify ops) and runs `check` only on the launches near their launch day, so a
 * workspace of 10,000 launches costs one scan of the open tasks and a few checks.
 *
 * Marks (notify_marks) keep what the pass saw: "digest.daily" (the day of the last digest, the stamp
 * it counted "new" from, and when it ran), "check:LAUNCH" (the check errors last seen), and
 * "milestone:TASK" (a milestone told).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/internal.h"
#include "app/notify.h"
#include "app/outbox.h"
#include "core/metric.h"
#include "core/notify.h"

#include "util/banned.h"

#define CHECK_AHEAD 21       /* check runs on planned launches whose day is within three weeks (messaging approved at T-3w) */
#define MILESTONE_BACK 30    /* milestones are told of launches whose day is at most this many days past … */
#define MILESTONE_AHEAD 180  /* … or this many ahead */
#define REVIEW_BACK 100      /* the last review (quarter) is 3 months after T, told up to a week late */

void tm_notify_report_free(tm_notify_report *r)
{
	tm_outbox_items_free(&r->items);
}

const char *tm_notify_base_url(void)
{
	const char *b = getenv("TMINUS_BASE_URL");
	return b && *b ? b : NULL;
}

/* What one pass (or one change) is telling, and where it writes. */
struct pass {
	tm_app *app;
	const char *base;            /* links: base URL without its trailing '/', or NULL */
	bool dry_run;
	char now[TM_STAMP_MAX];
	tm_notify_report *out;       /* NULL: not reported (launch delay) */
	tm_webhooks hooks;
	bool hooks_loaded;
};

static void link_to(tm_buf *b, const struct pass *p, const char *slug)
{
	if (p->base)
		tm_buf_printf(b, "%s/launches/%s", p->base, slug);
}

/* Records one item (it's texts are taken over) and reports it. */
static int enqueue(struct pass *p, tm_outbox_item *it, tm_error *err)
{
	tm_store *st = p->app->st;
	bool added = false;
	snprintf(it->status, sizeof(it->status), "pending");
	snprintf(it->created_at, sizeof(it->created_at), "%s", p->now);
	snprintf(it->next_at, sizeof(it->next_at), "%s", p->now);
	int rc = st->ops->outbox->enqueue(st, it, &added, err);
	if (!rc && p->out) {
		if (added) {
			if (p->dry_run)
				it->id = 0;
			*TM_VEC_PUSH(&p->out->items) = *it;
			it->subject = it->body = it->html = NULL;
		} else {
			p->out->skipped++;
		}
	}
	tm_outbox_item_free(it);
	return rc;
}

static bool wants_email(const tm_person *who)
{
	return who->email[0] && who->notify != TM_NOTIFY_OFF;
}

/* One event about a launch, before it is addressed. */
struct event {
	int ev;
	const tm_launch *l;
	char key[120];               /* the event's own part of event_key (recipients are told it once) */
	tm_buf summary;              /* one line */
	tm_buf details;              /* lines of plain text, each '\n'-ended, or "" */
	json_t *data;                /* the event's facts (stolen by tell) */
};

#define EVENT_INIT { 0, NULL, "", TM_BUF_INIT, TM_BUF_INIT, NULL }

static void event_release(struct event *e)
{
	tm_buf_release(&e->summary);
	tm_buf_release(&e->details);
	json_decref(e->data);
	e->data = NULL;
}

/* Slack's mrkdwn escapes only &, < and >. */
static void add_mrkdwn(tm_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			tm_buf_adds(b, "&amp;");
		else if (*s == '<')
			tm_buf_adds(b, "&lt;");
		else if (*s == '>')
			tm_buf_adds(b, "&gt;");
		else
			tm_buf_addc(b, *s);
	}
}

static json_t *launch_json(const struct pass *p, const tm_launch *l)
{
	char d[TM_DATE_STRLEN];
	tm_buf url = TM_BUF_INIT;
	link_to(&url, p, l->slug);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)l->id, "slug", l->slug, "name", l->name,
			      "date", tm_date_format(l->date, d), "status", tm_launch_status_name(l->status), "url",
			      url.len ? url.s : NULL);
	tm_buf_release(&url);
	return j;
}

/* A webhook's body for an event: Slack's incoming-webhook JSON or tminus's own. */
static char *webhook_body(const struct pass *p, const tm_webhook *w, const struct event *e, const char *key)
{
	json_t *j;
	if (!strcmp(w->format, "slack")) {
		tm_buf md = TM_BUF_INIT, url = TM_BUF_INIT;
		if (e->l)
			link_to(&url, p, e->l->slug);
		if (url.len) {
			tm_buf_printf(&md, "*<%s|", url.s);
			add_mrkdwn(&md, e->l->name);
			tm_buf_adds(&md, ">*: ");
		} else if (e->l) {
			tm_buf_adds(&md, "*");
			add_mrkdwn(&md, e->l->name);
			tm_buf_adds(&md, "*: ");
		}
		add_mrkdwn(&md, e->summary.s);
		if (e->details.len) {
			tm_buf_addc(&md, '\n');
			add_mrkdwn(&md, e->details.s);
		}
		tm_buf text = TM_BUF_INIT;
		tm_buf_adds(&text, e->summary.s);
		if (url.len)
			tm_buf_printf(&text, " %s", url.s);
		j = json_pack("{s:s, s:[{s:s, s:{s:s, s:s}}]}", "text", text.s, "blocks", "type", "section", "text", "type",
			      "mrkdwn", "text", md.s);
		tm_buf_release(&md);
		tm_buf_release(&url);
		tm_buf_release(&text);
	} else {
		j = json_pack("{s:s, s:s, s:s, s:o, s:o}", "event", tm_notify_event_name(e->ev), "id", key, "at", p->now,
			      "launch", e->l ? launch_json(p, e->l) : json_null(), "data",
			      e->data ? json_incref(e->data) : json_object());
	}
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s ? s : tm_xstrdup("{}");
}

/* The HTML of an email: a paragraph, lines as a list, a link; every byte of text escaped. */
static char *email_html(const char *greeting, const char *lead, const char *lines, const char *url, const char *foot)
{
	tm_buf h = TM_BUF_INIT;
	tm_buf_adds(&h, "<!DOCTYPE html><html><body>");
	if (greeting) {
		tm_buf_adds(&h, "<p>");
		tm_buf_add_html(&h, greeting);
		tm_buf_adds(&h, "</p>");
	}
	tm_buf_adds(&h, "<p>");
	tm_buf_add_html(&h, lead);
	tm_buf_adds(&h, "</p>");
	bool open = false;
	for (const char *s = lines; s && *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *line = tm_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = '\0';
		if (!strncmp(line, "  - ", 4)) {
			if (!open)
				tm_buf_adds(&h, "<ul>");
			open = true;
			tm_buf_adds(&h, "<li>");
			tm_buf_add_html(&h, line + 4);
			tm_buf_adds(&h, "</li>");
		} else if (n) {
			if (open)
				tm_buf_adds(&h, "</ul>");
			open = false;
			tm_buf_adds(&h, "<h3>");
			tm_buf_add_html(&h, line);
			tm_buf_adds(&h, "</h3>");
		}
		free(line);
		s = e ? e + 1 : s + n;
	}
	if (open)
		tm_buf_adds(&h, "</ul>");
	if (url && *url) {
		tm_buf_adds(&h, "<p><a href=\"");
		tm_buf_add_html(&h, url);
		tm_buf_adds(&h, "\">Open in tminus</a></p>");
	}
	if (foot) {
		tm_buf_adds(&h, "<p style=\"color:#666;font-size:small\">");
		tm_buf_add_html(&h, foot);
		tm_buf_adds(&h, "</p>");
	}
	tm_buf_adds(&h, "</body></html>\n");
	return tm_buf_detach(&h);
}

static int load_hooks(struct pass *p, tm_error *err)
{
	if (p->hooks_loaded)
		return 0;
	p->hooks_loaded = true;
	return p->app->st->ops->notify->webhook_list(p->app->st, &p->hooks, err);
}

/* Tells a launch event to its audience by email and to the webhooks that ask for it. */
static int tell(struct pass *p, struct event *e, tm_error *err)
{
	tm_store *st = p->app->st;
	tm_people people = TM_VEC_INIT;
	tm_buf url = TM_BUF_INIT, subject = TM_BUF_INIT, text = TM_BUF_INIT;
	int rc = st->ops->notify->audience(st, e->l->id, &people, err);
	if (!rc)
		rc = load_hooks(p, err);
	if (rc)
		goto out;
	link_to(&url, p, e->l->slug);
	tm_buf_printf(&subject, "[tminus] %s: %s", e->l->name, e->summary.s);
	tm_buf_printf(&text, "%s: %s\n\n%s", e->l->name, e->summary.s, e->details.s);
	if (url.len)
		tm_buf_printf(&text, "%s%s\n", e->details.len ? "\n" : "", url.s);
	tm_buf_printf(&text, "%s-- \nYou get this as an owner or watcher of %s (tminus launch unwatch %s \"YOU\" stops "
		      "watching).\n", e->details.len || url.len ? "\n" : "", e->l->slug, e->l->slug);
	for (size_t i = 0; i < people.n && !rc; i++) {
		const tm_person *who = &people.v[i];
		if (!wants_email(who))
			continue;
		tm_outbox_item it = { 0 };
		snprintf(it.channel, sizeof(it.channel), "email");
		snprintf(it.event, sizeof(it.event), "%s", tm_notify_event_name(e->ev));
		snprintf(it.event_key, sizeof(it.event_key), "%s", e->key);
		snprintf(it.recipient, sizeof(it.recipient), "%s", who->email);
		it.person_id = who->id;
		it.launch_id = e->l->id;
		it.subject = tm_xstrdup(subject.s);
		it.body = tm_xstrdup(text.s);
		tm_buf lead = TM_BUF_INIT;
		tm_buf_printf(&lead, "%s: %s", e->l->name, e->summary.s);
		char foot[400];
		snprintf(foot, sizeof(foot), "You get this as an owner or watcher of %s.", e->l->slug);
		it.html = email_html(NULL, lead.s, e->details.s, url.s, foot);
		tm_buf_release(&lead);
		rc = enqueue(p, &it, err);
	}
	for (size_t i = 0; i < p->hooks.n && !rc; i++) {
		const tm_webhook *w = &p->hooks.v[i];
		if (!tm_notify_events_has(w->events, e->ev) || (w->launch_id && w->launch_id != e->l->id))
			continue;
		tm_outbox_item it = { 0 };
		snprintf(it.channel, sizeof(it.channel), "webhook");
		snprintf(it.event, sizeof(it.event), "%s", tm_notify_event_name(e->ev));
		snprintf(it.event_key, sizeof(it.event_key), "%s", e->key);
		snprintf(it.recipient, sizeof(it.recipient), "webhook:%lld", (long long)w->id);
		it.webhook_id = w->id;
		it.launch_id = e->l->id;
		it.subject = tm_xstrdup(subject.s);
		it.body = webhook_body(p, w, e, e->key);
		rc = enqueue(p, &it, err);
	}
out:
	TM_VEC_FREE(&people);
	tm_buf_release(&url);
	tm_buf_release(&subject);
	tm_buf_release(&text);
	event_release(e);
	return rc;
}

/* ---- launch.date_changed: told by launch delay in its own transaction ---- */

int tm_notify_launch_moved(tm_app *app, const tm_delay_result *r, tm_error *err)
{
	struct pass p = { .app = app, .base = tm_notify_base_url() };
	struct event e = EVENT_INIT;
	char from[TM_DATE_STRLEN], to[TM_DATE_STRLEN];
	tm_app_now(p.now);
	if (!p.now[0])
		tm_app_utc(p.now, sizeof(p.now), 0);
	e.ev = TM_NEV_DATE_CHANGED;
	e.l = &r->after;
	tm_date_format(r->before.date, from);
	tm_date_format(r->after.date, to);
	snprintf(e.key, sizeof(e.key), "launch.date_changed:%lld:%lld", (long long)r->after.id, (long long)r->change.id);
	tm_buf_printf(&e.summary, "launch day moved from %s to %s", from, to);
	tm_buf_printf(&e.details, "Why: %s\n", r->change.reason);
	tm_buf_printf(&e.details, "Ripple: %zu task%s moved with T, %zu fixed date%s kept, %zu now on the other side of T, "
		      "%d done kept\n", r->moved.n, r->moved.n == 1 ? "" : "s", r->fixed.n, r->fixed.n == 1 ? "" : "s",
		      r->inconsistent.n, r->done_kept);
	for (size_t i = 0; i < r->inconsistent.n && i < 10; i++) {
		char d[TM_DATE_STRLEN];
		tm_buf_printf(&e.details, "  - %s (fixed on %s)\n", r->inconsistent.v[i].title,
			      tm_date_format(r->inconsistent.v[i].due, d));
	}
	e.data = json_pack("{s:s, s:s, s:s, s:{s:i, s:i, s:i, s:i}}", "from", from, "to", to, "reason", r->change.reason,
			   "ripple", "moved", (int)r->moved.n, "fixed", (int)r->fixed.n, "inconsistent", (int)r->inconsistent.n,
			   "done_kept", r->done_kept);
	int rc = tell(&p, &e, err);
	TM_VEC_FREE(&p.hooks);
	return rc;
}

/* ---- the pass ---- */

static const tm_person *person_by_id(const tm_people *people, int64_t id)
{
	size_t lo = 0, hi = people->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (people->v[mid].id == id)
			return &people->v[mid];
		if (people->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const tm_person *)a)->id, y = ((const tm_person *)b)->id;
	return (x > y) - (x < y);
}

static int launch_by_id(const void *a, const void *b)
{
	int64_t x = ((const tm_launch *)a)->id, y = ((const tm_launch *)b)->id;
	return (x > y) - (x < y);
}

static void task_line(tm_buf *b, const tm_digest_task *t)
{
	char d[TM_DATE_STRLEN];
	tm_buf_printf(b, "  - %s (%s", t->title, t->launch_name);
	if (t->has_due)
		tm_buf_printf(b, ", due %s", tm_date_format(t->due, d));
	tm_buf_printf(b, ", task %lld)\n", (long long)t->id);
}

/* One person's digest of the tasks [first, last) of theirs (all due by the horizon, or new). */
static int daily_digest(struct pass *p, const tm_person *who, const tm_digest_task *v, size_t n, tm_date horizon,
			const char *since, tm_error *err)
{
	static const char *const heads[TM_DIGEST_WHY_COUNT] = { "Overdue", "Due in the next 3 working days",
								 "Assigned or changed since your last digest" };
	tm_buf lines = TM_BUF_INIT, subject = TM_BUF_INIT, text = TM_BUF_INIT;
	int count[TM_DIGEST_WHY_COUNT] = { 0 }, total = 0, rc = 0;
	char day[TM_DATE_STRLEN];
	tm_date_format(p->app->today, day);
	for (int why = 0; why < TM_DIGEST_WHY_COUNT; why++) {
		for (size_t i = 0; i < n; i++) {
			if (tm_digest_why(&v[i], p->app->today, horizon, since) != why)
				continue;
			if (!count[why]++)
				tm_buf_printf(&lines, "%s%s\n", total ? "\n" : "", heads[why]);
			task_line(&lines, &v[i]);
			total++;
		}
	}
	if (!total)
		goto out; /* an empty day is skipped */
	tm_buf_printf(&subject, "[tminus] %s: ", day);
	const char *sep = "";
	for (int why = 0; why < TM_DIGEST_WHY_COUNT; why++)
		if (count[why]) {
			tm_buf_printf(&subject, "%s%d %s", sep, count[why], why == TM_DIGEST_OVERDUE ? "overdue" :
					why == TM_DIGEST_DUE ? "due soon" : "new");
			sep = ", ";
		}
	char foot[512];
	snprintf(foot, sizeof(foot), "You get this digest on working days (notify: daily). tminus person set \"%s\" --notify "
		 "weekly|off changes it.", who->name);
	tm_buf_printf(&text, "Good morning %s,\n\nYour tasks on %s:\n\n%s", who->name, day, lines.s);
	if (p->base)
		tm_buf_printf(&text, "\n%s/my\n", p->base);
	tm_buf_printf(&text, "\n-- \n%s\n", foot);
	tm_outbox_item it = { 0 };
	snprintf(it.channel, sizeof(it.channel), "email");
	snprintf(it.event, sizeof(it.event), "digest.daily");
	snprintf(it.event_key, sizeof(it.event_key), "digest.daily:%s", day);
	snprintf(it.recipient, sizeof(it.recipient), "%s", who->email);
	it.person_id = who->id;
	it.subject = tm_buf_detach(&subject);
	it.body = tm_buf_detach(&text);
	char greeting[200], lead[80], url[600] = "";
	snprintf(greeting, sizeof(greeting), "Good morning %s,", who->name);
	snprintf(lead, sizeof(lead), "Your tasks on %s:", day);
	if (p->base)
		snprintf(url, sizeof(url), "%s/my", p->base);
	it.html = email_html(greeting, lead, lines.s, url, foot);
	rc = enqueue(p, &it, err);
out:
	tm_buf_release(&lines);
	tm_buf_release(&subject);
	tm_buf_release(&text);
	return rc;
}

/* The mark "digest.daily": "DAY SINCE AT" — the day of the last digests, the stamp they counted new
 * from ("-": none) and when they were made. A second pass on the same day counts from the same
 * stamp; the next day's counts from when the first pass of the day before ran. */
static int digest_since(struct pass *p, char since[TM_STAMP_MAX], tm_error *err)
{
	tm_store *st = p->app->st;
	tm_buf mark = TM_BUF_INIT;
	bool found = false;
	char day[TM_DATE_STRLEN], mday[16] = "", msince[TM_STAMP_MAX] = "", mat[TM_STAMP_MAX] = "";
	int rc = st->ops->notify->mark_get(st, "digest.daily", &mark, &found, err);
	tm_date_format(p->app->today, day);
	if (!rc && found)
		(void)sscanf(mark.s, "%15s %23s %23s", mday, msince, mat); /* a field it cannot read stays "" */
	since[0] = '\0';
	if (!rc && found && !strcmp(mday, day)) {
		snprintf(since, TM_STAMP_MAX, "%s", strcmp(msince, "-") ? msince : "");
	} else if (!rc) {
		if (found && strcmp(mday, day) < 0)
			snprintf(since, TM_STAMP_MAX, "%s", mat);
		tm_buf_reset(&mark);
		tm_buf_printf(&mark, "%s %s %s", day, since[0] ? since : "-", p->now);
		rc = st->ops->notify->mark_set(st, "digest.daily", mark.s, err);
	}
	tm_buf_release(&mark);
	return rc;
}

static int digests(struct pass *p, const tm_people *people, const tm_calendar *cal, char since[TM_STAMP_MAX],
		   tm_error *err)
{
	tm_store *st = p->app->st;
	tm_digest_tasks tasks = TM_VEC_INIT;
	tm_launch_people involved = TM_VEC_INIT;
	tm_launches launches = TM_VEC_INIT;
	tm_date today = p->app->today, horizon = tm_notify_horizon(cal, today), week_end = today + (7 - tm_date_weekday(today));
	bool weekly = tm_notify_weekly_day(cal, today);
	int rc = digest_since(p, since, err);
	if (!rc)
		rc = st->ops->notify->digest_tasks(st, horizon > week_end ? horizon : week_end, since, &tasks, err);
	for (size_t i = 0; i < tasks.n && !rc;) {
		size_t j = i;
		while (j < tasks.n && tasks.v[j].owner_id == tasks.v[i].owner_id)
			j++;
		const tm_person *who = person_by_id(people, tasks.v[i].owner_id);
		if (who && wants_email(who) && who->notify == TM_NOTIFY_DAILY)
			rc = daily_digest(p, who, &tasks.v[i], j - i, horizon, since, err);
		i = j;
	}
	if (rc || !weekly)
		goto out;
	/* Monday's summary: each person's planned launches, how ready, and their tasks due this week. */
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	f.status = TM_LAUNCH_PLANNED;
	f.has_from = true;
	f.from = today;
	if ((rc = st->ops->notify->involved(st, today, &involved, err)) ||
	    (rc = st->ops->launches->list(st, &f, &launches, err)))
		goto out;
	char week[16];
	int wy, ww;
	tm_date_iso_week(today, &wy, &ww);
	snprintf(week, sizeof(week), "%04d-W%02d", wy, ww);
	if (launches.n)
		qsort(launches.v, launches.n, sizeof(*launches.v), launch_by_id);
	size_t t = 0, inv = 0;
	for (size_t k = 0; k < people->n && !rc; k++) {
		const tm_person *who = &people->v[k];
		tm_buf lines = TM_BUF_INIT;
		int n_launches = 0, n_tasks = 0;
		/* involved is by person, people by id: one walk through both. */
		while (inv < involved.n && involved.v[inv].person_id < who->id)
			inv++;
		for (; inv < involved.n && involved.v[inv].person_id == who->id; inv++) {
			tm_launch key = { .id = involved.v[inv].launch_id };
			const tm_launch *l =
				launches.n ? bsearch(&key, launches.v, launches.n, sizeof(*launches.v), launch_by_id) : NULL;
			if (!l)
				continue;
			char d[TM_DATE_STRLEN];
			if (!n_launches++)
				tm_buf_adds(&lines, "Your launches\n");
			tm_buf_printf(&lines, "  - %s on %s: %d of %d tasks done (%d%%), %d day%s to go\n", l->name,
				      tm_date_format(l->date, d), l->tasks_done, l->tasks_total,
				      l->tasks_total ? l->tasks_done * 100 / l->tasks_total : 100, l->date - today,
				      l->date - today == 1 ? "" : "s");
		}
		while (t < tasks.n && tasks.v[t].owner_id < who->id)
			t++;
		for (size_t i = t; i < tasks.n && tasks.v[i].owner_id == who->id; i++) {
			if (!tasks.v[i].has_due || tasks.v[i].due > week_end)
				continue;
			if (!n_tasks++)
				tm_buf_printf(&lines, "%sYour tasks due this week or overdue\n", n_launches ? "\n" : "");
			task_line(&lines, &tasks.v[i]);
		}
		if (wants_email(who) && (n_launches || n_tasks)) {
			tm_outbox_item it = { 0 };
			char foot[512], lead[80], url[600] = "";
			snprintf(foot, sizeof(foot), "You get this summary on Mondays (notify: %s). tminus person set \"%s\" "
				 "--notify off stops it.", tm_notify_pref_names[who->notify], who->name);
			snprintf(lead, sizeof(lead), "Your week %s:", week);
			if (p->base)
				snprintf(url, sizeof(url), "%s/my", p->base);
			snprintf(it.channel, sizeof(it.channel), "email");
			snprintf(it.event, sizeof(it.event), "digest.weekly");
			snprintf(it.event_key, sizeof(it.event_key), "digest.weekly:%s", week);
			snprintf(it.recipient, sizeof(it.recipient), "%s", who->email);
			it.person_id = who->id;
			tm_buf s = TM_BUF_INIT;
			tm_buf_printf(&s, "[tminus] week %s: %d launch%s, %d task%s due", week, n_launches, n_launches == 1 ? "" : "es",
				      n_tasks, n_tasks == 1 ? "" : "s");
			it.subject = tm_buf_detach(&s);
			tm_buf_printf(&s, "Good morning %s,\n\n%s\n\n%s%s%s\n-- \n%s\n", who->name, lead, lines.s, url, url[0] ? "\n" : "",
				      foot);
			it.body = tm_buf_detach(&s);
			char greeting[200];
			snprintf(greeting, sizeof(greeting), "Good morning %s,", who->name);
			it.html = email_html(greeting, lead, lines.s, url, foot);
			rc = enqueue(p, &it, err);
		}
		tm_buf_release(&lines);
	}
out:
	TM_VEC_FREE(&tasks);
	TM_VEC_FREE(&involved);
	TM_VEC_FREE(&launches);
	return rc;
}

/* go/no-go due, launch day, a review due: each on its day, or the next pass's (a weekend's on Monday). */
static int dated_events(struct pass *p, const tm_launch *l, const tm_calendar *cal, tm_date from, tm_error *err)
{
	tm_day_event evs[2 + TM_STAGE_COUNT];
	int n = tm_notify_day_events(cal, l->date, from, p->app->today, evs, (int)(sizeof(evs) / sizeof(evs[0]))), rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		struct event e = EVENT_INIT;
		char on[TM_DATE_STRLEN], T[TM_DATE_STRLEN];
		tm_date_format(evs[i].on, on);
		tm_date_format(l->date, T);
		e.ev = evs[i].event;
		e.l = l;
		if (e.ev == TM_NEV_REVIEW_DUE) {
			snprintf(e.key, sizeof(e.key), "review.due:%lld:%s", (long long)l->id, tm_stage_name(evs[i].stage));
			tm_buf_printf(&e.summary, "the %s post-launch review is due (%s)", tm_stage_label(evs[i].stage), on);
			tm_buf_printf(&e.details, "tminus review %s --stage %s\n", l->slug, tm_stage_name(evs[i].stage));
			e.data = json_pack("{s:s, s:s}", "stage", tm_stage_name(evs[i].stage), "due", on);
		} else if (e.ev == TM_NEV_GONOGO) {
			snprintf(e.key, sizeof(e.key), "gonogo.due:%lld:%s", (long long)l->id, T);
			tm_buf_printf(&e.summary, "go/no-go is due today (%s), 2 working days before launch day %s", on, T);
			tm_buf_printf(&e.details, "tminus check %s\n", l->slug);
			e.data = json_pack("{s:s, s:s}", "due", on, "launch_day", T);
		} else {
			snprintf(e.key, sizeof(e.key), "launch.day:%lld:%s", (long long)l->id, T);
			tm_buf_printf(&e.summary, "launch day is today (%s)", T);
			e.data = json_pack("{s:s}", "launch_day", T);
		}
		rc = tell(p, &e, err);
	}
	return rc;
}

/* Milestones done since the pass before (since: its stamp; "" on the first pass: none, so that a
 * workspace's history is not told all at once), each told once (the mark "milestone:TASK"). */
static int milestones(struct pass *p, const char *since, tm_error *err)
{
	tm_store *st = p->app->st;
	tm_digest_tasks done = TM_VEC_INIT;
	tm_date today = p->app->today;
	int rc = st->ops->notify->milestones_done(st, today - MILESTONE_BACK, today + MILESTONE_AHEAD, &done, err);
	for (size_t i = 0; i < done.n && !rc; i++) {
		const tm_digest_task *t = &done.v[i];
		if (!since[0] || strcmp(t->updated_at, since) <= 0)
			continue;
		char key[64];
		bool found = false;
		tm_buf seen = TM_BUF_INIT;
		snprintf(key, sizeof(key), "milestone:%lld", (long long)t->id);
		rc = st->ops->notify->mark_get(st, key, &seen, &found, err);
		tm_buf_release(&seen);
		if (rc || found)
			continue;
		tm_launch l;
		if ((rc = st->ops->launches->get(st, t->launch_id, &l, err)))
			break;
		struct event e = EVENT_INIT;
		e.ev = TM_NEV_MILESTONE;
		e.l = &l;
		snprintf(e.key, sizeof(e.key), "milestone.reached:%lld", (long long)t->id);
		tm_buf_printf(&e.summary, "milestone reached: %s", t->title);
		e.data = json_pack("{s:I, s:s}", "task_id", (json_int_t)t->id, "title", t->title);
		if (!(rc = tell(p, &e, err)))
			rc = st->ops->notify->mark_set(st, key, p->now, err);
	}
	TM_VEC_FREE(&done);
	return rc;
}

static int finding_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The check errors of a launch as sorted lines "rule task message". */
static void error_set(const tm_launch_check *c, tm_buf *out)
{
	size_t n = 0;
	char **lines = tm_xcalloc(c->findings.n + 1, sizeof(*lines));
	for (size_t i = 0; i < c->findings.n; i++) {
		const tm_finding *f = &c->findings.v[i];
		if (f->severity != TM_SEV_ERROR)
			continue;
		tm_buf b = TM_BUF_INIT;
		tm_buf_printf(&b, "%s %lld ", tm_rule(f->rule)->name, (long long)f->task_id);
		for (const char *s = f->message; *s; s++)
			tm_buf_addc(&b, (char)(*s == '\n' ? ' ' : *s));
		lines[n++] = tm_buf_detach(&b);
	}
	qsort(lines, n, sizeof(*lines), finding_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(lines[i], lines[i - 1]))
			tm_buf_printf(out, "%s\n", lines[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}


/* "rule task message" lines as "  - message (rule)" lines; data gets them as objects. */
static void error_lines(const char *set, tm_buf *details, json_t *arr)
{
	for (const char *s = set; *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char rule[64] = "";
		long long task = 0;
		int used = 0;
		char *line = tm_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = '\0';
		/* NOLINTNEXTLINE(cert-err34-c): a line tminus wrote */
		if (sscanf(line, "%63s %lld %n", rule, &task, &used) >= 2 && used > 0) {
			tm_buf_printf(details, "  - %s (%s)\n", line + used, rule);
			json_array_append_new(arr, json_pack("{s:s, s:I, s:s}", "rule", rule, "task_id", (json_int_t)task, "message",
							     line + used));
		}
		free(line);
		s = e ? e + 1 : s + n;
	}
}

/* Tells l's people of check errors that appeared or cleared (kind, its key's prefix "check.error",
 * lines as error_set gives them), the summary said as fmt with the count and a plural "s". */
static int tell_errors(struct pass *p, const tm_launch *l, int kind, const char *prefix, const char *day,
		       const char *lines, const char *fmt, tm_error *err) __attribute__((format(printf, 7, 0)));
static int tell_errors(struct pass *p, const tm_launch *l, int kind, const char *prefix, const char *day,
		       const char *lines, const char *fmt, tm_error *err)
{
	struct event e = EVENT_INIT;
	e.ev = kind;
	e.l = l;
	snprintf(e.key, sizeof(e.key), "%s:%lld:%s", prefix, (long long)l->id, day);
	json_t *arr = json_array();
	error_lines(lines, &e.details, arr);
	tm_buf_printf(&e.summary, fmt, json_array_size(arr), json_array_size(arr) == 1 ? "" : "s");
	e.data = json_pack("{s:o}", "errors", arr);
	return tell(p, &e, err);
}

static int checks(struct pass *p, const tm_launches *near, tm_error *err)
{
	tm_store *st = p->app->st;
	tm_launches planned = TM_VEC_INIT;
	tm_checks results = TM_VEC_INIT;
	tm_date today = p->app->today;
	int rc = 0;
	for (size_t i = 0; i < near->n; i++)
		if (near->v[i].status == TM_LAUNCH_PLANNED && near->v[i].date >= today && near->v[i].date <= today + CHECK_AHEAD)
			*TM_VEC_PUSH(&planned) = near->v[i];
	/* check's owner-overload rule needs everyone's load for the weeks ahead, plan --all's costly part (a
	 * second over 10,000 launches); it is a warning, and the pass compares errors only: check gets an
	 * empty load through the memo a long-lived front end keeps, as if it had made it already. */
	tm_app_memo lean = { .valid = true, .today = today, .stamp = { p->app->memo_stamp[0], p->app->memo_stamp[1] } };
	struct tm_app_memo *kept = p->app->memo;
	p->app->memo = &lean;
	if (planned.n)
		rc = tm_app_check_launches(p->app, planned.v, planned.n, &results, err);
	p->app->memo = kept;
	tm_app_memo_release(&lean);
	if (rc)
		goto out;
	if (p->out)
		p->out->checked = (int)planned.n;
	for (size_t i = 0; i < results.n && !rc; i++) {
		const tm_launch *l = &planned.v[i];
		tm_buf now = TM_BUF_INIT, before = TM_BUF_INIT, appeared = TM_BUF_INIT, cleared = TM_BUF_INIT;
		char key[64], day[TM_DATE_STRLEN];
		bool found = false;
		snprintf(key, sizeof(key), "check:%lld", (long long)l->id);
		tm_date_format(today, day);
		error_set(&results.v[i], &now);
		rc = st->ops->notify->mark_get(st, key, &before, &found, err);
		if (!rc && tm_notify_set_diff(before.s, now.s, &appeared, &cleared)) {
			if (appeared.len)
				rc = tell_errors(p, l, TM_NEV_CHECK_ERROR, "check.error", day, appeared.s, "check found %zu new error%s", err);
			if (!rc && cleared.len)
				rc = tell_errors(p, l, TM_NEV_CHECK_CLEARED, "check.cleared", day, cleared.s, "%zu check error%s cleared", err);
			if (!rc)
				rc = st->ops->notify->mark_set(st, key, now.len ? now.s : NULL, err);
		}
		tm_buf_release(&now);
		tm_buf_release(&before);
		tm_buf_release(&appeared);
		tm_buf_release(&cleared);
	}
out:
	TM_VEC_FREE(&planned);
	tm_checks_free(&results);
	return rc;
}

int tm_app_notify_pass(tm_app *app, const char *base_url, bool dry_run, tm_notify_report *out, tm_error *err)
{
	tm_store *st = app->st;
	struct pass p = { .app = app, .dry_run = dry_run, .out = out };
	tm_people people = TM_VEC_INIT;
	tm_launches near = TM_VEC_INIT;
	const tm_calendar *cal;
	char base[1024] = "";
	int rc;
	memset(out, 0, sizeof(*out));
	out->dry_run = dry_run;
	out->today = app->today;
	if (base_url && *base_url) {
		snprintf(base, sizeof(base), "%s", base_url);
		size_t n = strlen(base);
		while (n && base[n - 1] == '/')
			base[--n] = '\0';
		p.base = base;
	}
	tm_app_now(p.now);
	if (!p.now[0])
		tm_app_utc(p.now, sizeof(p.now), 0);
	if ((rc = tm_app_calendar_load(app, &cal, err)))
		return rc;
	if (!tm_notify_digest_day(cal, app->today)) {
		out->rest_day = true;
		return 0;
	}
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	if ((rc = st->ops->people->list(st, &people, err)))
		goto out;
	if (people.n)
		qsort(people.v, people.n, sizeof(*people.v), by_id);
	char since[TM_STAMP_MAX] = "";
	if ((rc = digests(&p, &people, cal, since, err)))
		goto out;
	/* The launches near their day: go/no-go and launch day ahead, the reviews up to a quarter after. */
	tm_launch_filter f = TM_LAUNCH_FILTER_ALL;
	f.has_from = f.has_to = true;
	f.from = app->today - REVIEW_BACK;
	f.to = app->today + CHECK_AHEAD;
	if ((rc = st->ops->launches->list(st, &f, &near, err)))
		goto out;
	/* The mark "events.day": the last day a pass told dated events. */
	tm_buf mark = TM_BUF_INIT;
	bool found = false;
	tm_date last = 0, from;
	char day[TM_DATE_STRLEN];
	rc = st->ops->notify->mark_get(st, "events.day", &mark, &found, err);
	if (!rc && found && tm_date_parse_any(mark.s, &last, NULL))
		last = 0;
	tm_buf_release(&mark);
	from = tm_notify_events_from(cal, app->today, last);
	for (size_t i = 0; i < near.n && !rc; i++)
		if (near.v[i].status != TM_LAUNCH_CANCELLED)
			rc = dated_events(&p, &near.v[i], cal, from, err);
	if (!rc && app->today > last)
		rc = st->ops->notify->mark_set(st, "events.day", tm_date_format(app->today, day), err);
	if (!rc)
		rc = milestones(&p, since, err);
	if (!rc)
		rc = checks(&p, &near, err);
out:
	if (dry_run && !rc) {
		st->ops->tx->rollback(st);
	} else {
		rc = tm_store_finish(st, rc, err);
	}
	TM_VEC_FREE(&people);
	TM_VEC_FREE(&near);
	TM_VEC_FREE(&p.hooks);
	if (rc)
		tm_notify_report_free(out);
	return rc;
}

/* ---- watchers ---- */

int tm_app_launch_watchers(tm_app *app, const char *launch_ref, tm_people *out, tm_error *err)
{
	tm_launch l;
	int rc = tm_app_launch_get(app, launch_ref, &l, err);
	return rc ? rc : app->st->ops->notify->watchers(app->st, l.id, out, err);
}

int tm_app_launch_watch(tm_app *app, const char *launch_ref, const char *person_ref, bool on, tm_launch *launch,
			tm_person *who, tm_people *watchers, tm_error *err)
{
	tm_store *st = app->st;
	tm_people before = TM_VEC_INIT;
	int rc = tm_app_launch_get(app, launch_ref, launch, err);
	if (!rc)
		rc = tm_app_find_person(app, person_ref, who, err);
	if (rc)
		return rc;
	if ((rc = st->ops->tx->begin(st, true, err)))
		return rc;
	rc = st->ops->notify->watchers(st, launch->id, &before, err);
	bool was = false;
	for (size_t i = 0; i < before.n; i++)
		was |= before.v[i].id == who->id;
	if (!rc && was != on) {
		rc = st->ops->notify->watch(st, launch->id, who->id, on, err);
		if (!rc)
			rc = tm_app_audit(app, on ? "launch.watch" : "launch.unwatch", on ? NULL : json_pack("{s:I}", "person_id", (json_int_t)who->id),
					  on ? json_pack("{s:I}", "person_id", (json_int_t)who->id) : NULL, err, "launch %lld",
					  (long long)launch->id);
	}
	if (!rc && watchers)
		rc = st->ops->notify->watchers(st, launch->id, watchers, err);
	rc = tm_store_finish(st, rc, err);
	TM_VEC_FREE(&before);
	if (rc && watchers)
		TM_VEC_FREE(watchers);
	return rc;
}
