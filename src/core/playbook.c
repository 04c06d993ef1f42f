/*
 * playbook.c - loads and validates a playbook from YAML text.
 *
 * The walk over the document collects every problem it finds (with the
 * line and column of the node at fault) rather than stopping at the first,
 * so `tminus playbook check` can list them all at once.
 */
#include "core/playbook.h"

#include <errno.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/graph.h"
#include "util/mem.h"

#include "util/banned.h"

/* What the walk carries: where problems go and the file's name. */
struct loader {
	const char *filename;
	tm_pb_problems *problems;
	int count;           /* problems found */
	int first_line, first_col;
	char first_msg[256];
};

static void add_problem(struct loader *ld, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_problem(struct loader *ld, int line, int col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A position libfyaml could not give still points into the file. */
	line = line < 1 ? 1 : line;
	col = col < 1 ? 1 : col;
	if (ld->count++ == 0) {
		ld->first_line = line;
		ld->first_col = col;
		snprintf(ld->first_msg, sizeof(ld->first_msg), "%s", msg);
	}
	if (ld->problems) {
		tm_pb_problem *p = TM_VEC_PUSH(ld->problems);
		p->line = line;
		p->column = col;
		snprintf(p->msg, sizeof(p->msg), "%s", msg);
	}
}

/* The position of a node: its own token for scalars, its first key or item otherwise. */
static void node_pos(struct fy_node *n, int *line, int *col)
{
	*line = *col = 0;
	for (int depth = 0; n && depth < 64; depth++) {
		if (fy_node_is_scalar(n)) {
			struct fy_token *t = fy_node_get_scalar_token(n);
			const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
			if (m) {
				*line = m->line + 1;
				*col = m->column + 1;
			}
			return;
		}
		void *it = NULL;
		if (fy_node_is_mapping(n)) {
			struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
			n = p ? fy_node_pair_key(p) : NULL;
		} else {
			n = fy_node_sequence_iterate(n, &it);
		}
	}
}

#define PROBLEM_AT(ld, node, ...)                          \
	do {                                               \
		int l_, c_;                                \
		node_pos((node), &l_, &c_);                \
		add_problem((ld), l_, c_, __VA_ARGS__);    \
	} while (0)

/* A scalar's text as a NUL-terminated copy in buf; false if not a plain scalar. */
static bool scalar_text(struct fy_node *n, char *buf, size_t bufsz, size_t *full_len)
{
	if (!n || !fy_node_is_scalar(n) || fy_node_is_alias(n))
		return false;
	size_t len = 0;
	const char *s = fy_node_get_scalar(n, &len);
	if (!s)
		return false;
	if (full_len)
		*full_len = len;
	size_t k = len < bufsz - 1 ? len : bufsz - 1;
	memcpy(buf, s, k);
	buf[k] = '\0';
	return true;
}

/* Reads a text field into out (at most max bytes); reports problems. */
static void get_text(struct loader *ld, struct fy_node *n, const char *what, char *out, size_t max)
{
	size_t len = 0;
	char tmp[512];
	if (!scalar_text(n, tmp, sizeof(tmp), &len)) {
		PROBLEM_AT(ld, n, "%s must be a text", what);
		return;
	}
	tm_error e = TM_ERROR_INIT;
	if (len > max) {
		PROBLEM_AT(ld, n, "%s is too long (%zu bytes, at most %zu)", what, len, max);
		return;
	}
	if (memchr(fy_node_get_scalar(n, &len), '\0', len) || tm_check_text(what, tmp, max, &e)) {
		PROBLEM_AT(ld, n, "%s", e.msg[0] ? e.msg : "text contains a NUL byte");
		return;
	}
	memcpy(out, tmp, len + 1); /* len <= max, checked above */
}

static bool get_bool(struct loader *ld, struct fy_node *n, const char *what, bool *out)
{
	char tmp[16];
	if (scalar_text(n, tmp, sizeof(tmp), NULL)) {
		if (!strcmp(tmp, "true") || !strcmp(tmp, "yes")) {
			*out = true;
			return true;
		}
		if (!strcmp(tmp, "false") || !strcmp(tmp, "no")) {
			*out = false;
			return true;
		}
	}
	PROBLEM_AT(ld, n, "%s must be true or false", what);
	return false;
}

static bool get_int(struct loader *ld, struct fy_node *n, const char *what, int lo, int hi, int *out)
{
	char tmp[32];
	if (scalar_text(n, tmp, sizeof(tmp), NULL) && tmp[0]) {
		char *end = NULL;
		long v = strtol(tmp, &end, 10);
		if (*end == '\0' && v >= lo && v <= hi) {
			*out = (int)v;
			return true;
		}
	}
	PROBLEM_AT(ld, n, "%s must be a whole number from %d to %d", what, lo, hi);
	return false;
}

/* Reviewers: a list of roles, stored comma-separated. */
static void get_reviewers(struct loader *ld, struct fy_node *n, char *out, size_t outsz)
{
	if (!fy_node_is_sequence(n)) {
		PROBLEM_AT(ld, n, "reviewers must be a list of roles, such as [pm, sales]");
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	size_t used = 0;
	out[0] = '\0';
	while ((item = fy_node_sequence_iterate(n, &it))) {
		char role[32];
		if (!scalar_text(item, role, sizeof(role), NULL) || tm_role_parse(role) < 0) {
			PROBLEM_AT(ld, item, "unknown role '%s' in reviewers (roles: %s)",
				   fy_node_is_scalar(item) ? role : "?", tm_role_names());
			continue;
		}
		int w = snprintf(out + used, outsz - used, "%s%s", used ? "," : "",
				 tm_role_name(tm_role_parse(role)));
		if (w < 0 || (size_t)w >= outsz - used) {
			PROBLEM_AT(ld, item, "too many reviewers");
			return;
		}
		used += (size_t)w;
	}
}

/* A task entry; `after` keys are kept as nodes and resolved once all keys are known. */
struct pending_after {
	struct fy_node *list;
};

/* A role named by a task key (owner, co_owner); false with a problem reported when unknown. */
static bool get_role(struct loader *ld, struct fy_node *v, const char *what, int *out)
{
	char role[32];
	if (scalar_text(v, role, sizeof(role), NULL) && (*out = tm_role_parse(role)) >= 0)
		return true;
	*out = TM_ROLE_NONE;
	PROBLEM_AT(ld, v, "unknown %s role '%s' (roles: %s)", what, fy_node_is_scalar(v) ? role : "?", tm_role_names());
	return false;
}

/* "pmm, keynote, pr": the playbook's stream ids, for messages. */
static void stream_names(const tm_playbook *pb, char *out, size_t outsz)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < pb->n_streams && used < outsz; i++) {
		int w = snprintf(out + used, outsz - used, "%s%s", i ? ", " : "", pb->streams[i].key);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (!pb->n_streams)
		snprintf(out, outsz, "none: list them under the top-level 'streams:'");
}

/* The stream a task or a tier names: its index, or -1 with a problem reported. */
static int get_stream_ref(struct loader *ld, const tm_playbook *pb, struct fy_node *v, const char *what)
{
	char key[TM_STREAM_MAX + 1], names[300];
	if (!scalar_text(v, key, sizeof(key), NULL)) {
		PROBLEM_AT(ld, v, "a stream%s is named by its id, such as pr", what);
		return -1;
	}
	int i = tm_playbook_stream(pb, key);
	if (i < 0) {
		stream_names(pb, names, sizeof(names));
		PROBLEM_AT(ld, v, "unknown stream '%s'%s (streams: %s)", key, what, names);
	}
	return i;
}

static void load_task(struct loader *ld, const tm_playbook *pb, struct fy_node *n, tm_pb_task *t,
		      struct pending_after *pa)
{
	bool have_title = false, have_section = false, have_owner = false, have_due = false,
	     have_days = false;
	struct fy_node *co_node = NULL;
	t->required = true;
	t->role = TM_ROLE_NONE;
	t->co_role = TM_ROLE_NONE;
	int line, col;
	node_pos(n, &line, &col);
	t->line = line;
	if (!fy_node_is_mapping(n)) {
		PROBLEM_AT(ld, n, "a task must be a mapping with title, section, owner, due and days");
		return;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(n, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[32];
		if (!scalar_text(k, key, sizeof(key), NULL)) {
			PROBLEM_AT(ld, k, "task keys must be plain words");
			continue;
		}
		if (!v) {
			PROBLEM_AT(ld, k, "'%s' has no value", key);
			continue;
		}
		if (!strcmp(key, "id")) {
			get_text(ld, v, "id", t->key, TM_PB_KEY_MAX);
		} else if (!strcmp(key, "title")) {
			get_text(ld, v, "title", t->title, TM_TITLE_MAX);
			have_title = true;
		} else if (!strcmp(key, "section")) {
			get_text(ld, v, "section", t->section, TM_SECTION_MAX);
			have_section = true;
		} else if (!strcmp(key, "owner")) {
			have_owner = true;
			get_role(ld, v, "owner", &t->role);
		} else if (!strcmp(key, "co_owner")) {
			if (get_role(ld, v, "co_owner", &t->co_role))
				co_node = v;
		} else if (!strcmp(key, "stream")) {
			int s = get_stream_ref(ld, pb, v, "");
			if (s >= 0)
				snprintf(t->stream, sizeof(t->stream), "%s", pb->streams[s].key);
		} else if (!strcmp(key, "external")) {
			get_bool(ld, v, "external", &t->external);
		} else if (!strcmp(key, "product")) {
			get_bool(ld, v, "product", &t->product);
		} else if (!strcmp(key, "reviewers")) {
			get_reviewers(ld, v, t->reviewers, sizeof(t->reviewers));
		} else if (!strcmp(key, "due")) {
			char due[32];
			tm_error e = TM_ERROR_INIT;
			have_due = true;
			if (!scalar_text(v, due, sizeof(due), NULL))
				PROBLEM_AT(ld, v, "due must be an offset from T, such as T-3w");
			else if (tm_offset_parse(due, &t->due, &e))
				PROBLEM_AT(ld, v, "%s", e.msg);
		} else if (!strcmp(key, "days")) {
			have_days = true;
			get_int(ld, v, "days", 0, 250, &t->effort_days);
		} else if (!strcmp(key, "milestone")) {
			get_bool(ld, v, "milestone", &t->milestone);
		} else if (!strcmp(key, "required")) {
			get_bool(ld, v, "required", &t->required);
		} else if (!strcmp(key, "after")) {
			if (!fy_node_is_sequence(v))
				PROBLEM_AT(ld, v, "after must be a list of task ids, such as [value-prop]");
			else
				pa->list = v;
		} else {
			PROBLEM_AT(ld, k, "unknown task key '%s' (expected id, title, section, owner, co_owner, reviewers, due, days, milestone, required, after, stream, external, product)",
				   key);
		}
	}
	if (!have_title)
		add_problem(ld, line, col, "task has no title");
	if (!have_section)
		add_problem(ld, line, col, "task '%s' has no section", t->title);
	if (!have_owner)
		add_problem(ld, line, col, "task '%s' has no owner role", t->title);
	if (t->product) {
		/* Engineering gives a product milestone its date; the playbook cannot (due stays a plain T, unused). */
		if (!have_due)
			t->due = (tm_offset){ .amount = 0, .unit = 'd' };
		if (!t->milestone)
			add_problem(ld, line, col, "product task '%s' must be a milestone (milestone: true)", t->title);
		if (have_due)
			add_problem(ld, line, col,
				    "product milestone '%s' cannot have a due offset: engineering gives its date (task set ID --due DATE)",
				    t->title);
	} else if (!have_due) {
		add_problem(ld, line, col, "task '%s' has no due offset", t->title);
	}
	if (co_node && t->co_role == t->role)
		PROBLEM_AT(ld, co_node, "task '%s' has co_owner '%s', which is already its owner", t->title,
			   tm_role_name(t->co_role));
	if (t->milestone && t->effort_days > 0)
		add_problem(ld, line, col, "milestone '%s' cannot have days of effort", t->title);
	if (!t->milestone && !have_days)
		add_problem(ld, line, col, "task '%s' has no days of effort (milestones are marked milestone: true)",
			    t->title);
}

static void resolve_after(struct loader *ld, tm_pb_tier *tier, size_t i, struct fy_node *list)
{
	tm_pb_task *t = &tier->tasks.v[i];
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(list, &it))) {
		char key[TM_PB_KEY_MAX + 1];
		if (!scalar_text(item, key, sizeof(key), NULL)) {
			PROBLEM_AT(ld, item, "after lists task ids");
			continue;
		}
		int found = -1;
		for (size_t j = 0; j < tier->tasks.n; j++)
			if (tier->tasks.v[j].key[0] && !strcmp(tier->tasks.v[j].key, key))
				found = (int)j;
		if (found < 0) {
			PROBLEM_AT(ld, item, "task '%s' waits for unknown id '%s' in tier %d", t->title, key, tier->tier);
			continue;
		}
		if (t->n_after >= TM_PB_MAX_AFTER) {
			PROBLEM_AT(ld, item, "task '%s' waits for more than %d tasks", t->title, TM_PB_MAX_AFTER);
			return;
		}
		t->after[t->n_after++] = found;
	}
}

/* Unique ids and titles, no cycles. */
static void check_tier_graph(struct loader *ld, tm_pb_tier *tier)
{
	TM_VEC(tm_dep) deps = TM_VEC_INIT;
	for (size_t i = 0; i < tier->tasks.n; i++) {
		tm_pb_task *t = &tier->tasks.v[i];
		for (size_t j = 0; j < i; j++) {
			tm_pb_task *u = &tier->tasks.v[j];
			if (t->key[0] && !strcmp(t->key, u->key))
				add_problem(ld, t->line, 1, "id '%s' is used twice in tier %d (first on line %d)", t->key,
					    tier->tier, u->line);
			if (t->title[0] && !strcasecmp(t->title, u->title))
				add_problem(ld, t->line, 1, "title '%s' is used twice in tier %d (first on line %d)",
					    t->title, tier->tier, u->line);
		}
		for (int a = 0; a < t->n_after; a++) {
			int64_t cyc[64];
			size_t nc = tm_dep_cycle(deps.v, deps.n, (int64_t)i, t->after[a], cyc, 64);
			if (nc) {
				tm_buf b = TM_BUF_INIT;
				for (size_t c = 0; c < nc && c < 64; c++)
					tm_buf_printf(&b, "%s%s", c ? " → " : "", tier->tasks.v[cyc[c]].key);
				add_problem(ld, t->line, 1, "dependency cycle in tier %d: %s", tier->tier, b.s);
				tm_buf_release(&b);
				continue;
			}
			tm_dep *d = TM_VEC_PUSH(&deps);
			d->task = (int64_t)i;
			d->after = t->after[a];
		}
	}
	TM_VEC_FREE(&deps);
}

/* A tier's `streams: [pr, web]`: the marketing streams it runs. */
static void load_tier_streams(struct loader *ld, const tm_playbook *pb, tm_pb_tier *t, struct fy_node *v)
{
	if (!fy_node_is_sequence(v)) {
		PROBLEM_AT(ld, v, "streams must be a list of stream ids, such as [pmm, pr]");
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(v, &it))) {
		int s = get_stream_ref(ld, pb, item, " in the tier's streams");
		if (s < 0)
			continue;
		bool dup = false;
		for (int i = 0; i < t->n_streams; i++)
			dup |= t->streams[i] == s;
		if (dup) {
			PROBLEM_AT(ld, item, "stream '%s' is listed twice in tier %d", pb->streams[s].key, t->tier);
			continue;
		}
		if (t->n_streams >= (int)(sizeof(t->streams) / sizeof(t->streams[0]))) {
			PROBLEM_AT(ld, item, "a tier runs at most %d streams", (int)(sizeof(t->streams) / sizeof(t->streams[0])));
			return;
		}
		t->streams[t->n_streams++] = s;
	}
}

/* A task's stream is one its tier runs: a deliverable of a stream the launch has no sync for is a typo. */
static void check_tier_task_streams(struct loader *ld, const tm_playbook *pb, const tm_pb_tier *t,
				    struct fy_node *tasks, struct fy_node *streams)
{
	void *it = NULL;
	struct fy_node *item;
	for (size_t i = 0; (item = fy_node_sequence_iterate(tasks, &it)) && i < t->tasks.n; i++) {
		const tm_pb_task *k = &t->tasks.v[i];
		if (!k->stream[0])
			continue;
		int s = tm_playbook_stream(pb, k->stream);
		bool runs = false;
		for (int j = 0; j < t->n_streams; j++)
			runs |= t->streams[j] == s;
		if (runs)
			continue;
		struct fy_node *at = fy_node_is_mapping(item) ? fy_node_mapping_lookup_by_string(item, "stream", (size_t)-1) : NULL;
		if (streams)
			PROBLEM_AT(ld, at ? at : item, "task '%s' is in stream '%s', which tier %d does not run (add it to the tier's streams)",
				   k->title, k->stream, t->tier);
		else
			PROBLEM_AT(ld, at ? at : item, "task '%s' is in stream '%s', which tier %d does not run (the tier lists no streams: add streams: [%s])",
				   k->title, k->stream, t->tier, k->stream);
	}
}

static void load_tier(struct loader *ld, struct fy_node *n, tm_playbook *pb, bool seen[TM_TIERS])
{
	if (!fy_node_is_mapping(n)) {
		PROBLEM_AT(ld, n, "a tier must be a mapping with tier, name and tasks");
		return;
	}
	struct fy_node *num = fy_node_mapping_lookup_by_string(n, "tier", (size_t)-1);
	int tier = 0;
	if (!num) {
		PROBLEM_AT(ld, n, "tier entry has no 'tier' number");
		return;
	}
	if (!get_int(ld, num, "tier", 1, TM_TIERS, &tier))
		return;
	if (seen[tier - 1]) {
		PROBLEM_AT(ld, num, "tier %d is defined twice", tier);
		return;
	}
	seen[tier - 1] = true;
	tm_pb_tier *t = &pb->tiers[tier - 1];
	t->tier = tier;
	struct fy_node *tasks = NULL, *tasks_key = NULL, *streams = NULL;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(n, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[32];
		if (!scalar_text(k, key, sizeof(key), NULL)) {
			PROBLEM_AT(ld, k, "tier keys must be plain words");
			continue;
		}
		if (!strcmp(key, "tier"))
			continue;
		if (!v) {
			PROBLEM_AT(ld, k, "'%s' has no value", key);
		} else if (!strcmp(key, "name")) {
			get_text(ld, v, "name", t->name, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "criteria")) {
			get_text(ld, v, "criteria", t->criteria, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "gtm")) {
			get_text(ld, v, "gtm", t->gtm, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "pm_involvement")) {
			get_text(ld, v, "pm_involvement", t->pm_involvement, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "tasks")) {
			tasks = v;
			tasks_key = k; /* an empty list has no position of its own */
		} else if (!strcmp(key, "streams")) {
			streams = v;
			load_tier_streams(ld, pb, t, v);
		} else {
			PROBLEM_AT(ld, k, "unknown tier key '%s' (expected tier, name, criteria, gtm, pm_involvement, streams, tasks)", key);
		}
	}
	if (!t->name[0])
		PROBLEM_AT(ld, n, "tier %d has no name", tier);
	if (!tasks || !fy_node_is_sequence(tasks) || fy_node_sequence_item_count(tasks) == 0) {
		PROBLEM_AT(ld, tasks_key ? tasks_key : n, "tier %d needs a non-empty list of tasks", tier);
		return;
	}
	int count = fy_node_sequence_item_count(tasks);
	struct pending_after *pa = tm_xcalloc((size_t)count, sizeof(*pa));
	it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(tasks, &it))) {
		size_t idx = t->tasks.n;
		load_task(ld, pb, item, TM_VEC_PUSH(&t->tasks), &pa[idx]);
	}
	for (size_t i = 0; i < t->tasks.n; i++)
		if (pa[i].list)
			resolve_after(ld, t, i, pa[i].list);
	free(pa);
	check_tier_graph(ld, t);
	check_tier_task_streams(ld, pb, t, tasks, streams);
}

/* mon..fri (or the full name): 1..5, 0 for anything else. */
static int parse_weekday(const char *s)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri" };
	static const char *const full[] = { "monday", "tuesday", "wednesday", "thursday", "friday" };
	for (int i = 0; i < 5; i++)
		if (!strcasecmp(s, days[i]) || !strcasecmp(s, full[i]))
			return i + 1;
	return 0;
}

/* A stream id is a short lower-case word: letters, digits and hyphens (it is typed as --dri pr=PERSON). */
static bool stream_key_ok(const char *k)
{
	if (!*k)
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* One of the top-level `streams:`: { id, name, about, owner, every, day, from }. */
static void load_stream(struct loader *ld, struct fy_node *n, tm_playbook *pb)
{
	if (!fy_node_is_mapping(n)) {
		PROBLEM_AT(ld, n, "a stream is a mapping with id, name, about, owner, every, day and from");
		return;
	}
	if (pb->n_streams >= TM_PB_MAX_STREAMS) {
		PROBLEM_AT(ld, n, "at most %d streams", TM_PB_MAX_STREAMS);
		return;
	}
	tm_pb_stream *s = &pb->streams[pb->n_streams];
	tm_error e = TM_ERROR_INIT;
	memset(s, 0, sizeof(*s));
	s->role = TM_ROLE_NONE;
	s->every_weeks = 1;
	s->weekday = 1;
	tm_offset_parse("T-6w", &s->from, &e);
	struct fy_node *id_node = NULL;
	bool have_owner = false;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(n, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[32], text[64];
		if (!scalar_text(k, key, sizeof(key), NULL) || !v) {
			PROBLEM_AT(ld, k, "stream keys are plain words with a value");
			continue;
		}
		if (!strcmp(key, "id")) {
			size_t len = 0;
			id_node = v;
			if (!scalar_text(v, text, sizeof(text), &len) || len > TM_STREAM_MAX || !stream_key_ok(text))
				PROBLEM_AT(ld, v, "a stream id is a lower-case word of at most %d letters, digits or hyphens, such as pr",
					   TM_STREAM_MAX);
			else
				memcpy(s->key, text, len + 1);
		} else if (!strcmp(key, "name")) {
			get_text(ld, v, "stream name", s->name, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "about")) {
			get_text(ld, v, "stream about", s->about, TM_PB_TEXT_MAX);
		} else if (!strcmp(key, "owner")) {
			have_owner = true;
			get_role(ld, v, "owner", &s->role);
		} else if (!strcmp(key, "every")) {
			get_int(ld, v, "every (weeks between syncs)", 1, 2, &s->every_weeks);
		} else if (!strcmp(key, "day")) {
			if (!scalar_text(v, text, sizeof(text), NULL) || !(s->weekday = parse_weekday(text))) {
				s->weekday = 1;
				PROBLEM_AT(ld, v, "day must be a working day: mon, tue, wed, thu or fri");
			}
		} else if (!strcmp(key, "from")) {
			e = (tm_error)TM_ERROR_INIT;
			if (!scalar_text(v, text, sizeof(text), NULL) || tm_offset_parse(text, &s->from, &e))
				PROBLEM_AT(ld, v, "%s", e.msg[0] ? e.msg : "from must be an offset from T, such as T-6w");
			else if (s->from.amount > 0)
				PROBLEM_AT(ld, v, "a stream's syncs start before launch day: from must be T or earlier, such as T-6w");
		} else {
			PROBLEM_AT(ld, k, "unknown stream key '%s' (expected id, name, about, owner, every, day, from)", key);
		}
	}
	if (!id_node)
		PROBLEM_AT(ld, n, "a stream needs an id, such as pr");
	if (!s->name[0])
		PROBLEM_AT(ld, n, "stream '%s' needs a name, such as PR sync", s->key);
	if (!have_owner)
		PROBLEM_AT(ld, n, "stream '%s' needs an owner role (the role its DRI usually has)", s->key);
	if (s->key[0] && tm_playbook_stream(pb, s->key) >= 0)
		PROBLEM_AT(ld, id_node, "stream id '%s' is used twice", s->key);
	pb->n_streams++;
}

static void load_channel(struct loader *ld, struct fy_node *n, tm_playbook *pb)
{
	if (!fy_node_is_mapping(n)) {
		PROBLEM_AT(ld, n, "a channel is a mapping with id, name, owner, task, due, days and match");
		return;
	}
	if (pb->n_channels >= TM_PB_MAX_CHANNELS) {
		PROBLEM_AT(ld, n, "at most %d channels", TM_PB_MAX_CHANNELS);
		return;
	}
	tm_pb_channel *c = &pb->channels[pb->n_channels++];
	c->role = TM_ROLE_NONE;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(n, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[32], text[64];
		if (!scalar_text(k, key, sizeof(key), NULL) || !v) {
			PROBLEM_AT(ld, k, "channel keys are plain words with a value");
			continue;
		}
		if (!strcmp(key, "id"))
			get_text(ld, v, "channel id", c->key, TM_PB_KEY_MAX);
		else if (!strcmp(key, "name"))
			get_text(ld, v, "channel name", c->name, TM_PB_TEXT_MAX);
		else if (!strcmp(key, "task"))
			get_text(ld, v, "channel task", c->task, TM_TITLE_MAX);
		else if (!strcmp(key, "owner")) {
			if (!scalar_text(v, text, sizeof(text), NULL) || (c->role = tm_role_parse(text)) < 0)
				PROBLEM_AT(ld, v, "unknown owner role (roles: %s)", tm_role_names());
		} else if (!strcmp(key, "due")) {
			tm_error e = TM_ERROR_INIT;
			if (!scalar_text(v, text, sizeof(text), NULL) || tm_offset_parse(text, &c->due, &e))
				PROBLEM_AT(ld, v, "%s", e.msg[0] ? e.msg : "due must be an offset from T");
		} else if (!strcmp(key, "days")) {
			get_int(ld, v, "days", 0, 250, &c->effort_days);
		} else if (!strcmp(key, "after")) {
			void *ai = NULL;
			struct fy_node *m;
			node_pos(v, &c->after_line, &c->after_column);
			if (!fy_node_is_sequence(v))
				PROBLEM_AT(ld, v, "after is a list of task ids, such as [messaging-approved]");
			while (fy_node_is_sequence(v) && (m = fy_node_sequence_iterate(v, &ai))) {
				if (c->n_after >= 4)
					PROBLEM_AT(ld, m, "a channel's task waits for at most 4 tasks");
				else if (!scalar_text(m, c->after[c->n_after++], TM_PB_KEY_MAX + 1, NULL))
					PROBLEM_AT(ld, m, "after lists task ids");
			}
		} else if (!strcmp(key, "match")) {
			void *mi = NULL;
			struct fy_node *m;
			if (!fy_node_is_sequence(v))
				PROBLEM_AT(ld, v, "match is a list of words, such as [blog]");
			while (fy_node_is_sequence(v) && (m = fy_node_sequence_iterate(v, &mi)))
				if (c->n_match < TM_PB_MAX_MATCH && !scalar_text(m, c->match[c->n_match++], 32, NULL))
					PROBLEM_AT(ld, m, "match lists words");
		} else {
			PROBLEM_AT(ld, k, "unknown channel key '%s' (expected id, name, owner, task, due, days, match, after)", key);
		}
	}
	if (!c->key[0] || !c->name[0] || c->role < 0 || !c->task[0])
		PROBLEM_AT(ld, n, "a channel needs an id, a name, an owner role and a task");
	for (int i = 0; i < pb->n_channels - 1; i++)
		if (c->key[0] && !strcmp(pb->channels[i].key, c->key))
			PROBLEM_AT(ld, n, "channel id '%s' is used twice", c->key);
	if (!c->n_match && c->name[0]) { /* covered by a task with the channel's name in its title */
		size_t n = strlen(c->name) < 31 ? strlen(c->name) : 31;
		memcpy(c->match[0], c->name, n);
		c->match[0][n] = '\0';
		c->n_match = 1;
	}
}

static void load_mix(struct loader *ld, struct fy_node *mix, tm_playbook *pb)
{
	if (!fy_node_is_mapping(mix)) {
		PROBLEM_AT(ld, mix, "channel_mix maps a quadrant (attract-innovating …) to tiers and their channels");
		return;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(mix, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[40];
		int q = scalar_text(k, key, sizeof(key), NULL) ? tm_quadrant_parse(key) : -1;
		if (q < 0) {
			PROBLEM_AT(ld, k, "unknown quadrant (attract-innovating, attract-catching-up, delight-innovating, delight-catching-up)");
			continue;
		}
		if (!v || !fy_node_is_mapping(v)) {
			PROBLEM_AT(ld, k, "quadrant '%s' maps tiers 1-4 to lists of channel ids", key);
			continue;
		}
		void *ti = NULL;
		struct fy_node_pair *tp;
		while ((tp = fy_node_mapping_iterate(v, &ti))) {
			int tier = 0;
			struct fy_node *list = fy_node_pair_value(tp);
			if (!get_int(ld, fy_node_pair_key(tp), "tier", 1, TM_TIERS, &tier))
				continue;
			if (!list || !fy_node_is_sequence(list)) {
				PROBLEM_AT(ld, fy_node_pair_key(tp), "tier %d of '%s' needs a list of channel ids", tier, key);
				continue;
			}
			void *ci = NULL;
			struct fy_node *cn;
			while ((cn = fy_node_sequence_iterate(list, &ci))) {
				char id[TM_PB_KEY_MAX + 1];
				int found = -1;
				if (scalar_text(cn, id, sizeof(id), NULL))
					for (int c = 0; c < pb->n_channels; c++)
						if (!strcmp(pb->channels[c].key, id))
							found = c;
				if (found < 0) {
					PROBLEM_AT(ld, cn, "unknown channel '%s' in the mix", fy_node_is_scalar(cn) ? id : "?");
					continue;
				}
				if (pb->n_mix[q][tier - 1] < TM_PB_MAX_CHANNELS)
					pb->mix[q][tier - 1][pb->n_mix[q][tier - 1]++] = found;
			}
		}
	}
}

static void load_root(struct loader *ld, struct fy_node *root, tm_playbook *pb)
{
	if (!root || !fy_node_is_mapping(root)) {
		add_problem(ld, 1, 1, "a playbook is a mapping with 'playbook', 'description' and 'tiers'");
		return;
	}
	struct fy_node *tiers = NULL, *channels = NULL, *mix = NULL, *streams = NULL;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(root, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		char key[32];
		if (!scalar_text(k, key, sizeof(key), NULL)) {
			PROBLEM_AT(ld, k, "top-level keys must be plain words");
			continue;
		}
		if (!v)
			PROBLEM_AT(ld, k, "'%s' has no value", key);
		else if (!strcmp(key, "playbook"))
			get_text(ld, v, "playbook name", pb->name, TM_PB_TEXT_MAX);
		else if (!strcmp(key, "description"))
			get_text(ld, v, "description", pb->description, sizeof(pb->description) - 1);
		else if (!strcmp(key, "tiers"))
			tiers = v;
		else if (!strcmp(key, "channels"))
			channels = v;
		else if (!strcmp(key, "channel_mix"))
			mix = v;
		else if (!strcmp(key, "streams"))
			streams = v;
		else
			PROBLEM_AT(ld, k, "unknown key '%s' (expected playbook, description, streams, tiers, channels, channel_mix)", key);
	}
	/* Streams first: tiers and tasks name them. */
	if (streams) {
		void *si = NULL;
		struct fy_node *sn;
		if (!fy_node_is_sequence(streams))
			PROBLEM_AT(ld, streams, "'streams' must be a list of streams, each { id, name, about, owner, every, day, from }");
		while (fy_node_is_sequence(streams) && (sn = fy_node_sequence_iterate(streams, &si)))
			load_stream(ld, sn, pb);
	}
	if (channels) {
		void *ci = NULL;
		struct fy_node *c;
		if (!fy_node_is_sequence(channels))
			PROBLEM_AT(ld, channels, "'channels' must be a list");
		while (fy_node_is_sequence(channels) && (c = fy_node_sequence_iterate(channels, &ci)))
			load_channel(ld, c, pb);
	}
	if (mix)
		load_mix(ld, mix, pb);
	if (!tiers || !fy_node_is_sequence(tiers)) {
		PROBLEM_AT(ld, tiers ? tiers : root, "'tiers' must be a list of the four tiers");
		return;
	}
	bool seen[TM_TIERS] = { false };
	void *ti = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(tiers, &ti)))
		load_tier(ld, item, pb, seen);
	for (int i = 0; i < TM_TIERS; i++)
		if (!seen[i])
			PROBLEM_AT(ld, tiers, "tier %d is missing (a playbook defines tiers 1 to 4)", i + 1);
	/* A channel's task waits for tier tasks by id: each id names a task of some tier. */
	for (int i = 0; i < pb->n_channels; i++)
		for (int a = 0; a < pb->channels[i].n_after; a++) {
			bool found = false;
			for (int t = 0; t < TM_TIERS; t++)
				found |= tm_pb_tier_find_key(&pb->tiers[t], pb->channels[i].after[a]) >= 0;
			if (!found)
				add_problem(ld, pb->channels[i].after_line, pb->channels[i].after_column,
					    "channel '%s' waits for '%s', which no tier's task has as its id", pb->channels[i].key,
					    pb->channels[i].after[a]);
		}
}

int tm_pb_tier_find_key(const tm_pb_tier *t, const char *key)
{
	for (size_t i = 0; i < t->tasks.n; i++)
		if (t->tasks.v[i].key[0] && !strcmp(t->tasks.v[i].key, key))
			return (int)i;
	return -1;
}

int tm_playbook_load(const char *text, size_t len, const char *filename, tm_playbook *pb,
		     tm_pb_problems *problems, tm_error *err)
{
	struct loader ld = { .filename = filename ? filename : "<playbook>", .problems = problems };
	struct fy_diag_cfg dcfg;
	struct fy_diag *diag = NULL;
	struct fy_document *doc = NULL;
	int rc = 0;

	memset(pb, 0, sizeof(*pb));
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = NULL;
	dcfg.colorize = false;
	diag = fy_diag_create(&dcfg);
	if (!diag) {
		tm_mem_fail();
		rc = tm_fail(err, TM_ENOMEM, "out of memory while reading %s", ld.filename);
		goto out;
	}
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG,
		.diag = diag,
	};
	/* libfyaml is lenient with broken UTF-8 and NUL bytes: refuse them here, with their position. */
	size_t bad = len, invalid = 0;
	const char *nul = memchr(text, '\0', len);
	if (nul)
		bad = (size_t)(nul - text);
	if (!tm_utf8_valid(text, bad, &invalid))
		bad = invalid;
	if (bad < len) {
		int line = 1, col = 1;
		for (size_t i = 0; i < bad; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		add_problem(&ld, line, col, "%s: a playbook is UTF-8 text",
			    text[bad] == '\0' ? "NUL byte" : "invalid UTF-8");
	} else {
		/* libfyaml allocates with malloc, which no hook of ours sees: a parse that failed for want of
		 * memory (errno ENOMEM) is said as such, not as a file that is not YAML. */
		errno = 0;
		doc = fy_document_build_from_string(&cfg, text, len);
		if (!doc && errno == ENOMEM) {
			tm_mem_fail();
			rc = tm_fail(err, TM_ENOMEM, "out of memory while reading %s", ld.filename);
			goto out;
		}
		if (!doc) {
			void *it = NULL;
			struct fy_diag_error *de;
			while ((de = fy_diag_errors_iterate(diag, &it)))
				add_problem(&ld, de->line, de->column, "%s", de->msg); /* already 1-based */
			if (!ld.count)
				add_problem(&ld, 1, 1, "the file is not valid YAML");
		} else {
			load_root(&ld, fy_document_root(doc), pb);
		}
	}
	if (ld.count) {
		tm_fail(err, TM_EINVAL, "%s:%d:%d: %s", ld.filename, ld.first_line, ld.first_col, ld.first_msg);
		if (err) {
			snprintf(err->file, sizeof(err->file), "%s", ld.filename);
			err->line = ld.first_line;
			err->column = ld.first_col;
		}
		tm_playbook_release(pb);
		rc = TM_EINVAL;
	}
out:
	fy_document_destroy(doc);
	if (diag)
		fy_diag_destroy(diag);
	return rc;
}

void tm_playbook_release(tm_playbook *pb)
{
	for (int i = 0; i < TM_TIERS; i++)
		TM_VEC_FREE(&pb->tiers[i].tasks);
}

const tm_pb_tier *tm_playbook_tier(const tm_playbook *pb, int tier)
{
	return tier >= 1 && tier <= TM_TIERS ? &pb->tiers[tier - 1] : NULL;
}

int tm_playbook_stream(const tm_playbook *pb, const char *key)
{
	for (int i = 0; key && i < pb->n_streams; i++)
		if (!strcmp(pb->streams[i].key, key))
			return i;
	return -1;
}

int tm_pb_tier_find(const tm_pb_tier *t, const char *title)
{
	for (size_t i = 0; i < t->tasks.n; i++)
		if (!strcasecmp(t->tasks.v[i].title, title))
			return (int)i;
	return -1;
}
