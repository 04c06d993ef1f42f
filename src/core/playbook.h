/*
 * playbook.h - what a tier brings to a launch: its checklist tasks by
 * section, milestones at offsets from T, and post-launch activities, with
 * the role that owns each, its effort and the tasks it waits for.
 *
 * Loaded from YAML (libfyaml) held in memory: the built-in default
 * (playbooks/default.yaml) or a team's own file. Loading validates
 * everything and reports each problem with its line and column, so a user's
 * file either loads whole or explains itself.
 */
#ifndef TM_PLAYBOOK_H
#define TM_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/model.h"
#include "util/error.h"
#include "util/vec.h"

#define TM_PB_KEY_MAX 48
#define TM_PB_TEXT_MAX 200
#define TM_PB_MAX_AFTER 32
#define TM_TIERS 4

typedef struct tm_pb_task {
	char key[TM_PB_KEY_MAX + 1];      /* id other tasks name in `after`, or "" */
	char title[TM_TITLE_MAX + 1];
	char section[TM_SECTION_MAX + 1]; /* swimlane: Positioning, Timeline, Post-launch … */
	int role;                         /* owning role (enum tm_role) */
	char reviewers[TM_SECTION_MAX + 1]; /* comma-separated roles */
	tm_offset due;
	int effort_days;                  /* 0 for milestones */
	bool milestone;
	bool required;
	char stream[TM_STREAM_MAX + 1];   /* the marketing stream it is a deliverable of, "" if none */
	bool external;                    /* produces external copy: the PMM approves it */
	int co_role;                      /* a second owning role ("PM + Sales"), TM_ROLE_NONE if none */
	bool product;                     /* a product-track milestone: no offset, engineering gives the date */
	int after[TM_PB_MAX_AFTER];       /* indices into the tier's tasks */
	int n_after;
	int line;                         /* where it was defined, for messages */
} tm_pb_task;

typedef struct tm_pb_tier {
	int tier;                             /* 1..4 */
	char name[TM_PB_TEXT_MAX + 1];        /* "Major launch" */
	char criteria[TM_PB_TEXT_MAX + 1];    /* when to use it */
	char gtm[TM_PB_TEXT_MAX + 1];         /* GTM investment */
	char pm_involvement[TM_PB_TEXT_MAX + 1];
	TM_VEC(tm_pb_task) tasks;             /* in checklist order */
	int streams[16];                      /* the marketing streams it runs: indices into tm_playbook.streams */
	int n_streams;
} tm_pb_tier;

#define TM_PB_MAX_STREAMS 16

/* A marketing stream of seed 001 (PR sync, web sync …): its DRI's sync meets at a cadence. */
typedef struct tm_pb_stream {
	char key[TM_STREAM_MAX + 1];          /* "pr" */
	char name[TM_PB_TEXT_MAX + 1];        /* "PR sync" */
	char about[TM_PB_TEXT_MAX + 1];       /* "press strategy, message and timing" */
	int role;                             /* the role its DRI usually has (default DRI: the launch's owner of it) */
	int every_weeks;                      /* cadence: 1 weekly, 2 every other week */
	int weekday;                          /* 1 Monday … 5 Friday */
	tm_offset from;                       /* the first sync: on or after this offset from T (T-6w) */
} tm_pb_stream;

#define TM_PB_MAX_CHANNELS 24
#define TM_PB_MAX_MATCH 6

/* A channel of seed 001's mix: who owns it and the task that covers it. */
typedef struct tm_pb_channel {
	char key[TM_PB_KEY_MAX + 1];          /* "blog" */
	char name[TM_PB_TEXT_MAX + 1];        /* "Blog post" */
	int role;                             /* the role that owns the channel */
	char task[TM_TITLE_MAX + 1];          /* the task added when the channel is missing */
	tm_offset due;
	int effort_days;
	char match[TM_PB_MAX_MATCH][32];      /* words in a task title that mean the channel is covered */
	int n_match;
	char after[4][TM_PB_KEY_MAX + 1];     /* ids of tier tasks its task waits for (when the tier has them) */
	int n_after;
	int after_line, after_column;         /* where `after` is, for messages */
} tm_pb_channel;

typedef struct tm_playbook {
	char name[TM_PB_TEXT_MAX + 1];
	char description[TM_PB_TEXT_MAX * 2 + 1];
	tm_pb_tier tiers[TM_TIERS];           /* tiers[i].tier == i + 1 */
	tm_pb_stream streams[TM_PB_MAX_STREAMS];
	int n_streams;
	tm_pb_channel channels[TM_PB_MAX_CHANNELS];
	int n_channels;
	/* The channel mix: indices into channels for each quadrant and tier. */
	int mix[TM_QUADRANT_COUNT][TM_TIERS][TM_PB_MAX_CHANNELS];
	int n_mix[TM_QUADRANT_COUNT][TM_TIERS];
} tm_playbook;

/* One problem found while loading: position in the file and what is wrong. */
typedef struct tm_pb_problem {
	int line, column;
	char msg[256];
} tm_pb_problem;

typedef TM_VEC(tm_pb_problem) tm_pb_problems;

/*
 * Parses and validates YAML text. On success fills *pb (release with
 * tm_playbook_release) and returns 0. On failure returns TM_EINVAL, appends
 * every problem found to *problems (if not NULL) and describes the first in
 * err as "FILE:LINE:COLUMN: message" with err->file/line/column set.
 */
int tm_playbook_load(const char *text, size_t len, const char *filename, tm_playbook *pb,
		     tm_pb_problems *problems, tm_error *err);
void tm_playbook_release(tm_playbook *pb);

const tm_pb_tier *tm_playbook_tier(const tm_playbook *pb, int tier);
/* Finds a task of the tier by title (case-insensitive); -1 when absent. */
/* The index of the task with this id in a tier, or -1. */
int tm_pb_tier_find_key(const tm_pb_tier *t, const char *key);
int tm_pb_tier_find(const tm_pb_tier *t, const char *title);

/* The index of the stream with this id, or -1. */
int tm_playbook_stream(const tm_playbook *pb, const char *key);

/* The built-in default playbook's YAML (playbooks/default.yaml, compiled in). */
const char *tm_default_playbook_yaml(size_t *len);

#endif
