/*
 * rows.c - rows to records, shared by the SQLite and PostgreSQL backends:
 * the column lists each reader expects are defined beside it, so both
 * engines' queries select them alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/rows.h"

#include "util/banned.h"

/* ---- people, launches, tasks, the calendar ---- */

void tm_row_person(const tm_row *r, tm_person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, p->name, sizeof(p->name));
	tm_row_text(r, 2, p->email, sizeof(p->email));
	p->role = tm_role_parse(tm_row_str(r, 3));
	p->capacity = tm_row_int(r, 4);
	tm_row_text(r, 5, p->title, sizeof(p->title));
	p->notify = tm_notify_pref_parse(tm_row_str(r, 6));
	if (p->notify < 0)
		p->notify = TM_NOTIFY_DAILY;
}

void tm_row_launch(const tm_row *r, tm_launch *l)
{
	memset(l, 0, sizeof(*l));
	l->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, l->slug, sizeof(l->slug));
	tm_row_text(r, 2, l->name, sizeof(l->name));
	l->tier = tm_row_int(r, 3);
	tm_row_date(r, 4, &l->date);
	l->status = tm_launch_status_parse(tm_row_str(r, 5));
	l->confidence = tm_confidence_parse(tm_row_str(r, 6));
	l->pm_id = tm_row_i64(r, 7);
	tm_row_text(r, 8, l->pm, sizeof(l->pm));
	l->marketing_id = tm_row_i64(r, 9);
	tm_row_text(r, 10, l->marketing, sizeof(l->marketing));
	l->version = tm_row_i64(r, 11);
	l->tasks_total = tm_row_int(r, 12);
	l->tasks_done = tm_row_int(r, 13);
	l->date_changes = tm_row_int(r, 14);
	l->quadrant = tm_quadrant_parse(tm_row_str(r, 15));
}

void tm_row_task(const tm_row *r, tm_task *t)
{
	memset(t, 0, sizeof(*t));
	t->id = tm_row_i64(r, 0);
	t->launch_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, t->launch_slug, sizeof(t->launch_slug));
	tm_row_text(r, 3, t->title, sizeof(t->title));
	tm_row_text(r, 4, t->section, sizeof(t->section));
	t->owner_id = tm_row_i64(r, 5);
	tm_row_text(r, 6, t->owner, sizeof(t->owner));
	const char *role = tm_row_str(r, 7);
	t->role = role ? tm_role_parse(role) : TM_ROLE_NONE;
	tm_row_text(r, 8, t->reviewers, sizeof(t->reviewers));
	const char *off = tm_row_str(r, 9);
	t->has_offset = off && tm_offset_parse(off, &t->offset, NULL) == 0;
	t->has_due = tm_row_date(r, 10, &t->due);
	t->effort_days = tm_row_int(r, 11);
	t->status = tm_task_status_parse(tm_row_str(r, 12));
	t->required = tm_row_int(r, 13) != 0;
	t->milestone = tm_row_int(r, 14) != 0;
	t->source_tier = tm_row_int(r, 15);
	t->position = tm_row_int(r, 16);
	t->version = tm_row_i64(r, 17);
	const char *nb = tm_row_str(r, 18);
	t->has_nb_offset = nb && tm_offset_parse(nb, &t->nb_offset, NULL) == 0;
	t->has_not_before = tm_row_date(r, 19, &t->not_before);
	tm_row_text(r, 20, t->stream, sizeof(t->stream));
	t->external = tm_row_int(r, 21) != 0;
	const char *co_role = tm_row_str(r, 22);
	t->co_role = co_role ? tm_role_parse(co_role) : TM_ROLE_NONE;
	t->product = tm_row_int(r, 23) != 0;
	tm_row_text(r, 24, t->reviewed_by, sizeof(t->reviewed_by));
	tm_row_text(r, 25, t->approved_by, sizeof(t->approved_by));
}

void tm_row_dep(const tm_row *r, tm_dep *d)
{
	d->task = tm_row_i64(r, 0);
	d->after = tm_row_i64(r, 1);
}

bool tm_row_role_owner(const tm_row *r, tm_role_owner *o)
{
	int role = tm_role_parse(tm_row_str(r, 0));
	if (role < 0)
		return false;
	memset(o, 0, sizeof(*o));
	o->role = role;
	o->person_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, o->person, sizeof(o->person));
	return true;
}

void tm_role_owners_sort(tm_role_owner *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j].role < v[j - 1].role; j--) {
			tm_role_owner t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

void tm_row_stream_dri(const tm_row *r, tm_stream_dri *d)
{
	memset(d, 0, sizeof(*d));
	tm_row_text(r, 0, d->stream, sizeof(d->stream));
	d->person_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, d->person, sizeof(d->person));
}

/* A task's id and where it is in the list, sorted by id, to find a dependency's task in log time. */
typedef struct task_at {
	int64_t id;
	size_t i;
} task_at;

static int cmp_task_at(const void *a, const void *b)
{
	int64_t x = ((const task_at *)a)->id, y = ((const task_at *)b)->id;
	return x < y ? -1 : x > y;
}

void tm_tasks_attach_deps(tm_task *tasks, size_t n, const tm_deps *deps)
{
	/* Each dependency's task found by id (tasks are in checklist order), counted, then filled in the
	 * dependencies' order: n log n, where a scan of every dependency per task was n × deps (100,000
	 * imported tasks). */
	if (!n || !deps->n)
		return;
	task_at *by_id = tm_xmalloc(n * sizeof(*by_id));
	size_t *of = tm_xmalloc(deps->n * sizeof(*of));
	for (size_t i = 0; i < n; i++) {
		by_id[i].id = tasks[i].id;
		by_id[i].i = i;
	}
	qsort(by_id, n, sizeof(*by_id), cmp_task_at);
	int *cnt = tm_xcalloc(n, sizeof(*cnt));
	for (size_t j = 0; j < deps->n; j++) {
		task_at key = { deps->v[j].task, 0 };
		const task_at *hit = bsearch(&key, by_id, n, sizeof(*by_id), cmp_task_at);
		of[j] = hit ? hit->i : (size_t)-1;
		if (hit)
			cnt[hit->i]++;
	}
	for (size_t i = 0; i < n; i++)
		if (cnt[i])
			tasks[i].depends_on = tm_xmalloc((size_t)cnt[i] * sizeof(int64_t));
	for (size_t j = 0; j < deps->n; j++)
		if (of[j] != (size_t)-1) {
			tm_task *t = &tasks[of[j]];
			t->depends_on[t->n_depends_on++] = deps->v[j].after;
		}
	free(cnt);
	free(of);
	free(by_id);
}

void tm_row_holiday(const tm_row *r, tm_holiday *h)
{
	memset(h, 0, sizeof(*h));
	tm_row_date(r, 0, &h->date);
	tm_row_text(r, 1, h->name, sizeof(h->name));
}

void tm_row_freeze(const tm_row *r, tm_freeze *f)
{
	memset(f, 0, sizeof(*f));
	f->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, f->name, sizeof(f->name));
	tm_row_date(r, 2, &f->start);
	tm_row_date(r, 3, &f->end);
}

/* ---- history, briefs, users and tokens, the audit log ---- */

void tm_row_date_change(const tm_row *r, tm_date_change *c)
{
	c->id = tm_row_i64(r, 0);
	c->launch_id = tm_row_i64(r, 1);
	tm_row_date(r, 2, &c->from);
	tm_row_date(r, 3, &c->to);
	tm_row_date(r, 4, &c->on);
	tm_row_text(r, 5, c->reason, sizeof(c->reason));
	tm_row_text(r, 6, c->by, sizeof(c->by));
	tm_row_text(r, 7, c->at, sizeof(c->at));
	tm_row_text(r, 8, c->public_reason, sizeof(c->public_reason));
}

void tm_row_decision(const tm_row *r, tm_decision *d)
{
	d->id = tm_row_i64(r, 0);
	d->launch_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, d->launch_slug, sizeof(d->launch_slug));
	tm_row_date(r, 3, &d->on);
	tm_row_text(r, 4, d->what, sizeof(d->what));
	tm_row_text(r, 5, d->why, sizeof(d->why));
	tm_row_text(r, 6, d->who, sizeof(d->who));
	tm_row_text(r, 7, d->at, sizeof(d->at));
	tm_row_text(r, 8, d->options, sizeof(d->options));
	tm_row_text(r, 9, d->chosen, sizeof(d->chosen));
	tm_row_text(r, 10, d->decided_by, sizeof(d->decided_by));
	d->nlinks = 0;
}

void tm_row_decision_link(const tm_row *r, tm_decision_link_row *out)
{
	memset(out, 0, sizeof(*out));
	out->decision_id = tm_row_i64(r, 0);
	const char *kind = tm_row_str(r, 1);
	out->link.kind = TM_LINK_LAUNCH;
	for (int k = 0; kind && tm_link_kind_names[k]; k++)
		if (!strcmp(kind, tm_link_kind_names[k]))
			out->link.kind = k;
	out->link.id = tm_row_i64(r, 2);
	/* A title longer than the label is cut at a character's start, never inside one. */
	tm_row_text(r, 3, out->link.label, sizeof(out->link.label));
	unsigned char *l = (unsigned char *)out->link.label;
	size_t n = strlen(out->link.label), i = n;
	while (i && (l[i - 1] & 0xC0) == 0x80)
		i--;
	if (i && l[i - 1] >= 0xC0 && n - (i - 1) < (size_t)(l[i - 1] >= 0xF0 ? 4 : l[i - 1] >= 0xE0 ? 3 : 2))
		l[i - 1] = '\0';
}

static int by_decision_id(const void *a, const void *b)
{
	const tm_decision *x = *(const tm_decision *const *)a, *y = *(const tm_decision *const *)b;
	return (x->id > y->id) - (x->id < y->id);
}

void tm_decisions_attach_links(tm_decision *v, size_t n, const tm_decision_link_rows *links)
{
	if (!n || !links->n)
		return;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	tm_decision **by_id = tm_xmalloc(n * sizeof(*by_id));
	for (size_t i = 0; i < n; i++)
		by_id[i] = &v[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	qsort(by_id, n, sizeof(*by_id), by_decision_id);
	for (size_t j = 0; j < links->n; j++) {
		tm_decision key = { .id = links->v[j].decision_id }, *kp = &key;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
		tm_decision **hit = bsearch(&kp, by_id, n, sizeof(*by_id), by_decision_id);
		if (hit && (*hit)->nlinks < TM_DECISION_LINKS_MAX)
			(*hit)->links[(*hit)->nlinks++] = links->v[j].link;
	}
	free(by_id);
}

size_t tm_search_word(const char **p, const char **start)
{
	const unsigned char *s = (const unsigned char *)*p;
	while (*s && !(*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
		s++;
	*start = (const char *)s;
	while (*s && (*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
		s++;
	*p = (const char *)s;
	return (size_t)(s - (const unsigned char *)*start);
}

void tm_row_baseline(const tm_row *r, tm_baseline *b)
{
	memset(b, 0, sizeof(*b));
	b->id = tm_row_i64(r, 0);
	b->launch_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, b->name, sizeof(b->name));
	tm_row_date(r, 3, &b->launch_date);
	tm_row_date(r, 4, &b->today);
	tm_row_text(r, 5, b->at, sizeof(b->at));
}

void tm_row_baseline_task(const tm_row *r, tm_baseline_task *t)
{
	t->task_id = tm_row_i64(r, 0);
	tm_row_text(r, 1, t->title, sizeof(t->title));
	t->has_due = tm_row_date(r, 2, &t->due);
	tm_row_date(r, 3, &t->es);
	tm_row_date(r, 4, &t->ef);
	tm_row_date(r, 5, &t->ls);
	tm_row_date(r, 6, &t->lf);
	t->slack = tm_row_int(r, 7);
	t->critical = tm_row_int(r, 8) != 0;
}

void tm_row_brief(const tm_row *r, tm_brief *b)
{
	tm_row_text(r, 0, b->what, sizeof(b->what));
	tm_row_text(r, 1, b->why_users, sizeof(b->why_users));
	tm_row_text(r, 2, b->why_business, sizeof(b->why_business));
	tm_row_text(r, 3, b->audience_primary, sizeof(b->audience_primary));
	tm_row_text(r, 4, b->audience_secondary, sizeof(b->audience_secondary));
	tm_row_text(r, 5, b->headline, sizeof(b->headline));
	tm_row_text(r, 6, b->competitive, sizeof(b->competitive));
}

void tm_row_brief_item(const tm_row *r, tm_brief *b)
{
	const char *kind = tm_row_str(r, 0);
	if (!kind)
		return;
	if (!strcmp(kind, "point") && b->n_points < TM_BRIEF_ITEMS)
		tm_row_text(r, 1, b->points[b->n_points++], TM_BRIEF_LINE + 1);
	else if (!strcmp(kind, "limitation") && b->n_limitations < TM_BRIEF_ITEMS)
		tm_row_text(r, 1, b->limitations[b->n_limitations++], TM_BRIEF_LINE + 1);
	else if (!strcmp(kind, "metric") && b->n_metrics < TM_BRIEF_ITEMS) {
		tm_brief_metric *m = &b->metrics[b->n_metrics++];
		tm_row_text(r, 1, m->metric, sizeof(m->metric));
		tm_row_text(r, 2, m->target, sizeof(m->target));
		tm_row_text(r, 3, m->timeframe, sizeof(m->timeframe));
	} else if (!strcmp(kind, "resource") && b->n_resources < TM_BRIEF_ITEMS) {
		tm_brief_resource *res = &b->resources[b->n_resources++];
		tm_row_text(r, 1, res->label, sizeof(res->label));
		tm_row_text(r, 2, res->link, sizeof(res->link));
	}
}

void tm_row_user(const tm_row *r, tm_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, u->name, sizeof(u->name));
	u->role = tm_user_role_parse(tm_row_str(r, 2));
	u->person_id = tm_row_i64(r, 3);
	tm_row_text(r, 4, u->person, sizeof(u->person));
	tm_row_text(r, 5, u->password_hash, sizeof(u->password_hash));
	tm_row_text(r, 6, u->created_at, sizeof(u->created_at));
	u->feed_generation = tm_row_i64(r, 7);
	tm_row_text(r, 8, u->feed_salt, sizeof(u->feed_salt));
	u->must_change_password = tm_row_int(r, 9) != 0;
}

void tm_row_token(const tm_row *r, tm_token *t)
{
	memset(t, 0, sizeof(*t));
	const char *scope = tm_row_str(r, 4);
	t->id = tm_row_i64(r, 0);
	t->user_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, t->user, sizeof(t->user));
	tm_row_text(r, 3, t->name, sizeof(t->name));
	t->write = scope && !strcmp(scope, "write");
	tm_row_text(r, 5, t->hash, sizeof(t->hash));
	tm_row_text(r, 6, t->created_at, sizeof(t->created_at));
	tm_row_text(r, 7, t->expires_at, sizeof(t->expires_at));
	t->revoked = tm_row_int(r, 8) != 0;
	t->user_role = tm_user_role_parse(tm_row_str(r, 9));
	t->user_person_id = tm_row_i64(r, 10);
	tm_row_text(r, 11, t->user_person, sizeof(t->user_person));
	t->user_feed_generation = tm_row_i64(r, 12);
	t->user_must_change_password = tm_row_int(r, 13) != 0;
}

/* ---- success metrics, their observations, the reviews held ---- */

/* A double column (its exact text, see METRIC_COLS); 0 for NULL. */
static double row_f64(const tm_row *r, int col)
{
	const char *t = tm_row_str(r, col);
	return t ? strtod(t, NULL) : 0;
}

const char *tm_metric_direction_text(bool down)
{
	return down ? "down" : "up";
}

const char *tm_target_kind_text(int kind)
{
	return kind == TM_TARGET_PERCENT ? "percent" : kind == TM_TARGET_POINTS ? "points" : "value";
}

static int target_kind_parse(const char *s)
{
	if (s && !strcmp(s, "percent"))
		return TM_TARGET_PERCENT;
	if (s && !strcmp(s, "points"))
		return TM_TARGET_POINTS;
	return TM_TARGET_VALUE;
}

/* A unit as stored: tm_unit_name's text ("%", "points", "count", "days", "EUR"). */
static void unit_read(const char *s, tm_unit *u)
{
	memset(u, 0, sizeof(*u));
	if (!s || !strcmp(s, "count"))
		u->unit = TM_UNIT_COUNT;
	else if (!strcmp(s, "%"))
		u->unit = TM_UNIT_PERCENT;
	else if (!strcmp(s, "points"))
		u->unit = TM_UNIT_POINTS;
	else if (!strcmp(s, "days"))
		u->unit = TM_UNIT_DAYS;
	else if (strlen(s) == 3) {
		u->unit = TM_UNIT_CURRENCY;
		memcpy(u->currency, s, 4);
	} else {
		tm_error ignored = TM_ERROR_INIT; /* another spelling tm_unit_parse reads */
		if (tm_unit_parse(s, u, &ignored))
			*u = (tm_unit){ TM_UNIT_COUNT, "" };
	}
}

void tm_row_metric(const tm_row *r, tm_metric *m)
{
	memset(m, 0, sizeof(*m));
	m->id = tm_row_i64(r, 0);
	m->launch_id = tm_row_i64(r, 1);
	tm_row_text(r, 2, m->launch_slug, sizeof(m->launch_slug));
	tm_row_text(r, 3, m->name, sizeof(m->name));
	int kind = tm_metric_kind_parse(tm_row_str(r, 4) ? tm_row_str(r, 4) : "");
	m->kind = kind >= 0 ? kind : TM_MK_CUSTOM;
	unit_read(tm_row_str(r, 5), &m->unit);
	const char *dir = tm_row_str(r, 6);
	m->down = dir && !strcmp(dir, "down");
	m->baseline = row_f64(r, 7);
	m->has_baseline_on = tm_row_date(r, 8, &m->baseline_on);
	m->target.kind = target_kind_parse(tm_row_str(r, 9));
	m->target.v = row_f64(r, 10);
	m->target.percent_sign = tm_row_int(r, 11) != 0;
	m->window = tm_row_int(r, 12);
	m->owner_id = tm_row_i64(r, 13);
	tm_row_text(r, 14, m->owner, sizeof(m->owner));
	tm_row_text(r, 15, m->source, sizeof(m->source));
	m->position = tm_row_int(r, 16);
	m->version = tm_row_i64(r, 17);
	m->sum.n = tm_row_int(r, 18);
	m->sum.has_latest = tm_row_date(r, 19, &m->sum.latest_on);
	m->sum.latest = m->sum.has_latest ? row_f64(r, 20) : 0;
	m->sum.met = tm_row_date(r, 21, &m->sum.met_on);
}

void tm_row_observation(const tm_row *r, tm_observation *o)
{
	memset(o, 0, sizeof(*o));
	o->id = tm_row_i64(r, 0);
	o->metric_id = tm_row_i64(r, 1);
	tm_row_date(r, 2, &o->on);
	o->value = row_f64(r, 3);
	tm_row_text(r, 4, o->note, sizeof(o->note));
	tm_row_text(r, 5, o->by, sizeof(o->by));
	tm_row_text(r, 6, o->at, sizeof(o->at));
}

bool tm_row_review(const tm_row *r, tm_review *out)
{
	const char *stage = tm_row_str(r, 1);
	int s = stage ? tm_stage_parse(stage) : -1;
	if (s < 0)
		return false;
	memset(out, 0, sizeof(*out));
	out->launch_id = tm_row_i64(r, 0);
	out->stage = s;
	tm_row_date(r, 2, &out->held_on);
	tm_row_text(r, 3, out->notes, sizeof(out->notes));
	tm_row_text(r, 4, out->by, sizeof(out->by));
	tm_row_text(r, 5, out->at, sizeof(out->at));
	return true;
}

void tm_reviews_sort(tm_review *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j].stage < v[j - 1].stage; j--) {
			tm_review t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* The column's text, copied; NULL for SQL NULL. */
static char *row_dup(const tm_row *r, int col)
{
	const char *t = tm_row_str(r, col);
	return t ? tm_xstrdup(t) : NULL;
}

void tm_row_audit(const tm_row *r, tm_audit *a)
{
	memset(a, 0, sizeof(*a));
	a->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, a->at, sizeof(a->at));
	tm_row_text(r, 2, a->who, sizeof(a->who));
	tm_row_text(r, 3, a->action, sizeof(a->action));
	tm_row_text(r, 4, a->target, sizeof(a->target));
	a->before = row_dup(r, 5);
	a->after = row_dup(r, 6);
}

/* ---- the glossary ---- */

void tm_row_term(const tm_row *r, tm_term *t)
{
	memset(t, 0, sizeof(*t));
	t->id = tm_row_i64(r, 0);
	tm_row_text(r, 1, t->term, sizeof(t->term));
	const char *kind = tm_row_str(r, 2);
	t->kind = kind && !strcmp(kind, "persona") ? TM_TERM_PERSONA : TM_TERM_TERM;
	tm_row_text(r, 3, t->definition, sizeof(t->definition));
	tm_row_text(r, 4, t->role, sizeof(t->role));
	tm_row_text(r, 5, t->goals, sizeof(t->goals));
	tm_row_text(r, 6, t->pains, sizeof(t->pains));
	t->version = tm_row_i64(r, 7);
	tm_row_text(r, 8, t->created_at, sizeof(t->created_at));
	tm_row_text(r, 9, t->updated_at, sizeof(t->updated_at));
}

bool tm_row_parse_id(const char *ref, int64_t *id)
{
	const char *s = ref && *ref == '#' ? ref + 1 : ref;
	int64_t v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return v > 0;
}
