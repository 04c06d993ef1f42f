/*
 * model.h - the domain values the layers pass between them: people,
 * launches, tasks, and the fixed vocabularies (roles, statuses) with the
 * text each has in the CLI, JSON and the database.
 *
 * Strings are fixed-size arrays with documented limits: every value is a
 * plain struct that can be copied, kept in a TM_VEC and freed with it.
 */
#ifndef TM_MODEL_H
#define TM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_NAME_MAX 120     /* person and launch names, in bytes */
#define TM_TITLE_MAX 200    /* task titles */
#define TM_SECTION_MAX 60   /* checklist sections */
#define TM_EMAIL_MAX 254
#define TM_SLUG_MAX 80
#define TM_REVIEWERS_MAX 4  /* people who review one task */
#define TM_STREAM_MAX 32    /* a marketing stream's id in the playbook ("pr") */
#define TM_STREAM_NAME_MAX 200 /* its name ("PR sync"), as long as the playbook's texts */
#define TM_APPROVERS_MAX 6  /* approvals one task keeps (the PMM and its reviewers) */

#define TM_ROLES(X)                                  \
	X(PM, "pm", "product management")            \
	X(PMM, "pmm", "product marketing")           \
	X(MARKETING, "marketing", "marketing")       \
	X(SALES, "sales", "sales")                   \
	X(CS, "cs", "customer success")              \
	X(SUPPORT, "support", "support")             \
	X(ENG, "eng", "engineering")                 \
	X(DESIGN, "design", "design")                \
	X(EXEC, "exec", "leadership")                \
	X(LEGAL, "legal", "legal")

enum tm_role {
	TM_ROLE_NONE = -1,
#define X(id, text, label) TM_ROLE_##id,
	TM_ROLES(X)
#undef X
	TM_ROLE_COUNT
};

#define TM_TASK_STATUSES(X)        \
	X(TODO, "todo")            \
	X(IN_PROGRESS, "in_progress") \
	X(DONE, "done")            \
	X(SKIPPED, "skipped")      \
	X(AWAITING_APPROVAL, "awaiting_approval")

enum tm_task_status {
#define X(id, text) TM_TASK_##id,
	TM_TASK_STATUSES(X)
#undef X
	TM_TASK_STATUS_COUNT
};

#define TM_LAUNCH_STATUSES(X)   \
	X(PLANNED, "planned")   \
	X(LAUNCHED, "launched") \
	X(CANCELLED, "cancelled")

enum tm_launch_status {
#define X(id, text) TM_LAUNCH_##id,
	TM_LAUNCH_STATUSES(X)
#undef X
	TM_LAUNCH_STATUS_COUNT
};

#define TM_CONFIDENCES(X) X(LOW, "low") X(MEDIUM, "medium") X(HIGH, "high")

enum tm_confidence {
#define X(id, text) TM_CONF_##id,
	TM_CONFIDENCES(X)
#undef X
	TM_CONF_COUNT
};

/* seed 001's channel quadrants: who it is for × how new it is. */
#define TM_QUADRANTS(X)                                  \
	X(ATTRACT_INNOVATING, "attract-innovating")     \
	X(ATTRACT_CATCHING_UP, "attract-catching-up")   \
	X(DELIGHT_INNOVATING, "delight-innovating")     \
	X(DELIGHT_CATCHING_UP, "delight-catching-up")

enum tm_quadrant {
	TM_QUADRANT_NONE = -1,
#define X(id, text) TM_Q_##id,
	TM_QUADRANTS(X)
#undef X
	TM_QUADRANT_COUNT
};

const char *tm_quadrant_name(int q);
/* Accepts "attract-innovating" and "attract/innovating"; -1 when unknown. */
int tm_quadrant_parse(const char *s);

const char *tm_role_name(int role);
const char *tm_role_label(int role);
/* Each returns the value or -1 for an unknown name. */
int tm_role_parse(const char *s);
const char *tm_task_status_name(int st);
int tm_task_status_parse(const char *s);
const char *tm_launch_status_name(int st);
int tm_launch_status_parse(const char *s);
const char *tm_confidence_name(int c);
int tm_confidence_parse(const char *s);
/* "pm, pmm, marketing, …": the valid names, for error messages. */
const char *tm_role_names(void);

typedef struct tm_person {
	int64_t id;
	char name[TM_NAME_MAX + 1];
	char email[TM_EMAIL_MAX + 1];   /* "" when none */
	int role;                       /* enum tm_role */
	int capacity;                   /* working days a week they can give */
	char title[TM_NAME_MAX + 1];    /* job title, "" when none ("CPO" makes them every launch's default sponsor) */
	int notify;                     /* what they are sent: enum tm_notify_pref (core/notify.h), 0 daily */
} tm_person;

typedef struct tm_launch {
	int64_t id;
	char slug[TM_SLUG_MAX + 1];
	char name[TM_NAME_MAX + 1];
	int tier;                        /* 1..4 */
	tm_date date;                    /* launch day T */
	int status;                      /* enum tm_launch_status */
	int confidence;                  /* enum tm_confidence */
	int64_t pm_id, marketing_id;     /* 0 when unset */
	char pm[TM_NAME_MAX + 1];        /* the people's names, "" when unset */
	char marketing[TM_NAME_MAX + 1];
	int64_t version;                 /* bumped on every change (ETag) */
	int tasks_total, tasks_done;     /* kept by the store */
	int date_changes;                /* how many times T moved (iCalendar SEQUENCE) */
	int quadrant;                    /* enum tm_quadrant, TM_QUADRANT_NONE when unset */
} tm_launch;

typedef struct tm_task {
	int64_t id;
	int64_t launch_id;
	char launch_slug[TM_SLUG_MAX + 1];
	char title[TM_TITLE_MAX + 1];
	char section[TM_SECTION_MAX + 1];
	int64_t owner_id;                /* 0 when unowned */
	char owner[TM_NAME_MAX + 1];
	int role;                        /* the role that owns it, or TM_ROLE_NONE */
	char reviewers[TM_SECTION_MAX + 1]; /* the playbook's reviewing roles, comma-separated, "" if none */
	char reviewed_by[TM_REVIEWERS_MAX * (TM_NAME_MAX + 1)]; /* the reviewers' names, each ended by '\x1f' */
	bool has_offset;
	tm_offset offset;                /* when has_offset: due follows T */
	bool has_due;
	tm_date due;
	bool has_nb_offset;
	tm_offset nb_offset;             /* when has_nb_offset: the not-before date follows T */
	bool has_not_before;
	tm_date not_before;              /* when has_not_before: the task cannot start before this day */
	int effort_days;                 /* working days; 0 for a milestone */
	int status;                      /* enum tm_task_status */
	bool required;
	bool milestone;
	int source_tier;                 /* tier whose playbook created it, 0 if added by hand */
	char stream[TM_STREAM_MAX + 1];  /* the marketing stream it is a deliverable of (seed 001), "" if none */
	bool external;                   /* produces external copy: needs the PMM's (and reviewers') approval */
	int co_role;                     /* a second owning role ("PM + Sales"), or TM_ROLE_NONE */
	bool product;                    /* a product-track milestone: engineering owns its fixed date (has_due, no offset) */
	char approved_by[TM_APPROVERS_MAX * (TM_NAME_MAX + 1)]; /* who approved it, each name ended by '\x1f', in order */
	int position;                    /* order within the launch's checklist */
	int64_t version;
	/* Filled by the store on reads: the ids this task waits for. */
	int64_t *depends_on;
	int n_depends_on;
} tm_task;

/* Who owns one role's tasks on a launch. */
typedef struct tm_role_owner {
	int role;                        /* enum tm_role */
	int64_t person_id;
	char person[TM_NAME_MAX + 1];
} tm_role_owner;

/* Who is directly responsible for one marketing stream of a launch (seed 001's DRIs). */
typedef struct tm_stream_dri {
	char stream[TM_STREAM_MAX + 1];  /* the playbook's stream id: "pr" */
	int64_t person_id;
	char person[TM_NAME_MAX + 1];
	char name[TM_STREAM_NAME_MAX + 1]; /* the stream's name in the playbook in force ("PR sync"), "" if unknown: app fills it */
} tm_stream_dri;

/* A day off for the whole workspace. */
typedef struct tm_holiday {
	tm_date date;
	char name[TM_NAME_MAX + 1];
} tm_holiday;

/* A window in which no launch should land. */
typedef struct tm_freeze {
	int64_t id;
	tm_date start, end;              /* inclusive */
	char name[TM_NAME_MAX + 1];
} tm_freeze;

#define TM_TEXT_MAX 1000             /* reasons, decisions */

/* One move of a launch day, with why and by whom. */
typedef struct tm_date_change {
	int64_t id;
	int64_t launch_id;
	tm_date from, to;
	tm_date on;                      /* the day it was decided ("today") */
	char reason[TM_TEXT_MAX + 1];        /* why, for the team */
	char public_reason[TM_TEXT_MAX + 1]; /* what customers are told, "" until given */
	char by[TM_NAME_MAX + 1];
	char at[32];                     /* UTC timestamp it was recorded */
} tm_date_change;

/* What a decision is about besides its launch: a launch, a backlog item, an experiment, a roadmap item. */
enum tm_link_kind { TM_LINK_LAUNCH, TM_LINK_IDEA, TM_LINK_EXPERIMENT, TM_LINK_ROADMAP, TM_LINK_KIND_COUNT };
extern const char *const tm_link_kind_names[];  /* "launch", "idea", "experiment", "roadmap", NULL */
#define TM_DECISION_LINKS_MAX 16
typedef struct tm_decision_link {
	int kind;                        /* enum tm_link_kind */
	int64_t id;
	char label[TM_SLUG_MAX + 1];     /* read back: the launch's slug, else "" (a title is the front end's to fetch) */
} tm_decision_link;

/* An entry of the decision ledger. */
typedef struct tm_decision {
	int64_t id;
	int64_t launch_id;               /* 0: about the whole portfolio */
	char launch_slug[TM_SLUG_MAX + 1];
	tm_date on;
	char what[TM_TEXT_MAX + 1];
	char why[TM_TEXT_MAX + 1];
	char who[TM_NAME_MAX + 1];       /* who recorded it */
	char at[32];
	char options[TM_TEXT_MAX + 1];   /* the options considered, one per line; "" when none were recorded */
	char chosen[TM_TEXT_MAX + 1];    /* the option chosen; "" when not recorded */
	char decided_by[TM_NAME_MAX + 1];  /* who decided; "" when the recorder did */
	int nlinks;
	tm_decision_link links[TM_DECISION_LINKS_MAX];  /* what else it is about (the launch is launch_id) */
} tm_decision;

/* A frozen plan of one launch. */
typedef struct tm_baseline {
	int64_t id;
	int64_t launch_id;
	char name[TM_NAME_MAX + 1];
	tm_date launch_date;             /* T when it was saved */
	tm_date today;                   /* "today" when it was saved */
	char at[32];
} tm_baseline;

typedef struct tm_baseline_task {
	int64_t task_id;
	char title[TM_TITLE_MAX + 1];
	bool has_due;
	tm_date due;
	tm_date es, ef, ls, lf;
	int slack;
	bool critical;
} tm_baseline_task;

enum tm_user_role { TM_USER_VIEWER, TM_USER_EDITOR, TM_USER_ADMIN };
const char *tm_user_role_name(int r);
int tm_user_role_parse(const char *s);

/* Someone who signs in to the server. */
typedef struct tm_user {
	int64_t id;
	char name[TM_NAME_MAX + 1];
	int role;                        /* enum tm_user_role */
	int64_t person_id;               /* the person they are, 0 if none */
	char person[TM_NAME_MAX + 1];
	char password_hash[160];         /* argon2id, libsodium's string format */
	char created_at[32];
	int64_t feed_generation;         /* part of the feed token; bumped by `feed reset` */
	char feed_salt[33];              /* 32 random hex digits in the feed token, set when the user is made */
	bool must_change_password;       /* signs in only to choose a new password (a one-time password) */
} tm_user;

/* A bearer token for API clients; only a hash of it is ever stored. */
typedef struct tm_token {
	int64_t id;
	int64_t user_id;
	char user[TM_NAME_MAX + 1];
	int user_role;                   /* the owner's enum tm_user_role */
	int64_t user_person_id;          /* the person the owner is, 0 if none */
	char user_person[TM_NAME_MAX + 1];
	int64_t user_feed_generation;
	bool user_must_change_password;  /* the owner must choose a new password before anything else */
	char name[TM_NAME_MAX + 1];      /* the label its owner gave it */
	bool write;                      /* scope: write (else read) */
	char hash[65];                   /* hex BLAKE2b-256 of the token */
	char created_at[32];
	char expires_at[32];             /* "" when it never expires */
	bool revoked;
} tm_token;

/* One row of the audit log: who changed what, when, and how it looked before and after. */
typedef struct tm_audit {
	int64_t id;
	char at[32];                     /* RFC 3339 UTC, milliseconds */
	char who[TM_NAME_MAX + 1];       /* the signed-in user, or the command line's $TMINUS_USER / $USER */
	char action[40];                 /* "launch.add", "task.update", … */
	char target[80];                 /* "launch 12", "task 40", "holiday 2026-12-25" */
	char *before, *after;            /* JSON text (owned), NULL for a creation / a removal */
} tm_audit;

void tm_audit_release(tm_audit *a);

/* The first answer to a POST with an Idempotency-Key, replayed to its retries. */
typedef struct tm_idem {
	int64_t user_id;
	char key[256];
	char request[65];                /* hex BLAKE2b of method, path and body */
	int status;
	char location[256];
	char *body;                      /* owned */
	size_t body_len;
	char content_type[64];
} tm_idem;

/* How many people review t, and the i-th one's name (len bytes, not NUL-ended; NULL past the last). */
int tm_task_reviewers(const tm_task *t);
const char *tm_task_reviewer(const tm_task *t, int i, size_t *len);

/* How many people approved t, and the i-th one's name (as tm_task_reviewer). */
int tm_task_approvals(const tm_task *t);
const char *tm_task_approver(const tm_task *t, int i, size_t *len);

/*
 * Whose approval an external task still needs before it counts as done (seed 001: PMM is the
 * ultimate approver of what hits the external airwaves): the launch's PMM (pmm, "" when the
 * launch names none) and every person who reviews it, less those in t->approved_by. Writes up to
 * max names to missing and returns how many are missing (0 for a task that is not external).
 */
int tm_task_missing_approvals(const tm_task *t, const char *pmm, char (*missing)[TM_NAME_MAX + 1], int max);

/* Frees what a task owns (its dependency list), not the task itself. */
void tm_task_release(tm_task *t);

/* Lists of the values above, as the store reads them and the use cases pass them on. */
typedef TM_VEC(tm_person) tm_people;
typedef TM_VEC(tm_launch) tm_launches;
typedef TM_VEC(tm_task) tm_tasks;
typedef TM_VEC(tm_holiday) tm_holidays;
typedef TM_VEC(tm_freeze) tm_freezes;
typedef TM_VEC(tm_date_change) tm_date_changes;
typedef TM_VEC(tm_decision) tm_decisions;
typedef TM_VEC(tm_baseline) tm_baselines;
typedef TM_VEC(tm_baseline_task) tm_baseline_tasks;
typedef TM_VEC(tm_user) tm_users;
typedef TM_VEC(tm_token) tm_tokens;
typedef TM_VEC(tm_audit) tm_audits;
typedef TM_VEC(tm_role_owner) tm_role_owners;
typedef TM_VEC(tm_stream_dri) tm_stream_dri_list;

/* Frees the tasks' dependency lists and the array. */
void tm_tasks_free(tm_tasks *tasks);

/* Frees every entry's JSON and the array. */
void tm_audits_free(tm_audits *a);

/*
 * A slug from a name: its letters and digits, of every script, lower-cased
 * (NFC) and joined by single hyphens ("Événement été" → "événement-été",
 * "日本語ローンチ" stays itself), cut at outsz bytes on a character boundary;
 * "launch" when nothing is left, prefixed with "launch-" when it is all ASCII
 * digits (a bare number names a launch by id). Nothing in it needs escaping in
 * a path; URLs percent-encode it as UTF-8.
 */
void tm_slugify(const char *name, char *out, size_t outsz);

/* Is s[0..len) valid UTF-8 (no overlongs, surrogates)? *bad_at gets the first bad byte's offset. */
bool tm_utf8_valid(const char *s, size_t len, size_t *bad_at);

/* Appends s to out as valid UTF-8: a byte that starts no valid sequence becomes U+FFFD. */
void tm_utf8_sanitize(const char *s, tm_buf *out);

/* Validates a user-given name: not empty, not blank, at most max bytes, valid UTF-8, no control characters. */
int tm_check_text(const char *what, const char *s, size_t max, tm_error *err);

#endif
