/*
 * input.h - each use case's input, described once (in the spirit of tmux's
 * options-table.c).
 *
 * A description lists the fields of one typed input struct: name, type,
 * limits, allowed values, whether it is required, and its help. The command
 * line's options and --help, the API's JSON validation, the OpenAPI
 * document's request schemas and the web UI's forms are all made from it, so
 * adding a field is a change in one place. Parsing fills the struct and marks
 * the field given; a bad value is reported by field ("{}" in the message is
 * the front end's spelling of it: --due, /due).
 */
#ifndef TM_APP_INPUT_H
#define TM_APP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct json_t;

enum tm_in_type {
	TM_IN_TEXT,      /* a string: char[hi + 1]; not blank, valid UTF-8, no control characters, at most hi bytes */
	TM_IN_INT,       /* int in [lo, hi] */
	TM_IN_BOOL,      /* bool; a flag on the command line */
	TM_IN_DATE,      /* tm_date, YYYY-MM-DD */
	TM_IN_DUE,       /* tm_due: an offset from T (T-3w) or a date */
	TM_IN_CHOICE,    /* int: the index of one of values[] */
	TM_IN_PERSON,    /* char[TM_REF_MAX + 1]: a person's name, email or id */
	TM_IN_TASK,      /* int64_t: a task id, 12 or #12 */
	TM_IN_TASKS,     /* tm_id_list: task ids (a repeated option, a JSON array) */
	TM_IN_OWNERS,    /* tm_owner_list: role → person (ROLE=PERSON, repeated; a JSON object) */
	TM_IN_FLAGS,     /* tm_tier_criteria: named flags (--major …; a JSON object of booleans) */
	TM_IN_PEOPLE,    /* tm_ref_list: people (a repeated option, "none" for nobody; a JSON array) */
	TM_IN_DRIS,      /* tm_dri_list: stream → person (STREAM=PERSON, repeated; a JSON object; "none" removes) */
	TM_IN_NUMBER,    /* double: tm_metric_value_parse (a JSON number, or a string of one: "12.5") */
	TM_IN_TARGET,    /* tm_target: tm_target_parse ("48", "+20%", "-3pt"; a JSON number is a value) */
	TM_IN_REFS,      /* tm_refs: records named by slug, name or id (a repeated option, "none" for none; a JSON
			  * array of strings or ids), checked by the use case; hi: most items */
	TM_IN_TEXTS,     /* tm_texts: short texts, each as TM_IN_TEXT at most TM_TEXTS_LEN bytes (a repeated option; a
			  * JSON array of strings), in the order given; hi: most items */
};

enum {
	TM_IN_REQUIRED = 1 << 0,     /* must be given when creating */
	TM_IN_CREATE_ONLY = 1 << 1,  /* refused when changing (refusal says why) */
	TM_IN_CHANGE_ONLY = 1 << 2,  /* refused when creating (refusal says why) */
	TM_IN_EMPTY_OK = 1 << 3,     /* TEXT: "" is allowed (it clears the value) */
	TM_IN_NULLABLE = 1 << 4,     /* DUE: "none" (JSON null) removes the date; PERSON: the person ("" in the struct) */
};

/* Whether a description is read for creating a record or for changing one. */
enum tm_in_mode { TM_IN_CREATE, TM_IN_CHANGE };

#define TM_REF_MAX 254    /* a person's name, email or id */
#define TM_ID_LIST_MAX 32

typedef struct tm_id_list {
	int n;
	int64_t v[TM_ID_LIST_MAX];
} tm_id_list;

typedef struct tm_ref_list {
	int n;
	char v[4][TM_REF_MAX + 1];       /* names, emails or ids */
} tm_ref_list;

#define TM_REFS_MAX 64    /* items of a TM_IN_REFS list */
#define TM_REFS_LEN 80    /* bytes of one: a launch's slug, a name or an id */

typedef struct tm_refs {
	int n;
	char v[TM_REFS_MAX][TM_REFS_LEN + 1];
} tm_refs;

#define TM_TEXTS_MAX 12    /* items of a TM_IN_TEXTS list */
#define TM_TEXTS_LEN 200   /* bytes of one */

typedef struct tm_texts {
	int n;
	char v[TM_TEXTS_MAX][TM_TEXTS_LEN + 1];
} tm_texts;

typedef struct tm_owner_input {
	int role;                        /* enum tm_role */
	char person[TM_REF_MAX + 1];     /* name, email or id */
} tm_owner_input;

typedef struct tm_owner_list {
	int n;
	tm_owner_input v[16];
} tm_owner_list;

typedef struct tm_dri_input {
	char stream[33];                 /* a stream id of the playbook in force ("pr"), checked by the use case */
	char person[TM_REF_MAX + 1];     /* name, email or id; "" removes the stream's DRI */
} tm_dri_input;

typedef struct tm_dri_list {
	int n;
	tm_dri_input v[16];
} tm_dri_list;

typedef struct tm_field {
	const char *name;          /* the JSON member ("effort_days") */
	const char *cli;           /* the command-line option when it differs ("days"), else NULL: name with '-' for '_' */
	int type;                  /* enum tm_in_type */
	long long lo, hi;          /* INT: range; TEXT: most bytes; TASKS: most items */
	unsigned flags;
	const char *const *values; /* CHOICE: the allowed names, NULL-terminated, in the enum's order */
	const char *arg;           /* the command line's placeholder ("DATE"), NULL for a flag */
	const char *help;          /* one line, for --help, the schema's description and the form's label */
	size_t offset;             /* where the value goes in the input struct */
	const char *refusal;       /* CREATE_ONLY / CHANGE_ONLY: why it is refused in the other mode */
	const char *cli_off;       /* BOOL: the command line's flag that sets it false ("optional"), or NULL */
} tm_field;

typedef struct tm_input_desc {
	const char *name;              /* "launch": names the schemas (LaunchInput, LaunchPatch) */
	const char *create_schema;     /* OpenAPI component of a creation, NULL when there is none */
	const char *change_schema;     /* of a change, NULL when there is none */
	const char *summary;           /* the schema's description */
	const tm_field *fields;        /* indexed by the struct's field enum, ended by a NULL name */
	size_t given_offset;           /* the struct's uint32_t bit set of the fields given */
	size_t size;                   /* sizeof the input struct */
	const char *const *readonly;   /* JSON members a client reads but may not send, NULL-terminated */
} tm_input_desc;

/* Every description the server and the OpenAPI document know, NULL-terminated. */
extern const tm_input_desc *const tm_inputs[];

/* Was field i (an enum of the struct's fields) of an input struct given? */
#define TM_GIVEN(in, i) ((((in)->given) >> (i)) & 1u)

/* Was field i given? */
bool tm_input_given(const tm_input_desc *d, const void *in, int i);
/* The index of the field named name (its JSON name), or -1. */
int tm_input_field(const tm_input_desc *d, const char *name);
/* The field's command-line option, without the dashes ("add-channel-tasks"). */
void tm_input_cli_name(const tm_field *f, char *out, size_t n);

/* Sets field i from text (the command line): parsed, checked and marked given. */
int tm_input_set_text(const tm_input_desc *d, int i, const char *text, void *in, tm_error *err);
/* The same by the field's name (code that builds an input, such as the demo). */
int tm_input_set(const tm_input_desc *d, const char *name, const char *text, void *in, tm_error *err);
/* Sets a BOOL field, or one flag (value index) of a FLAGS field. */
void tm_input_set_flag(const tm_input_desc *d, int i, int value, bool on, void *in);
/* Fills in from a JSON object, strictly: unknown and read-only members, types, limits, the mode's refusals. */
int tm_input_from_json(const tm_input_desc *d, int mode, struct json_t *obj, void *in, tm_error *err);
/* What every input needs once parsed: the required fields (creating) and the mode's refusals. */
int tm_input_check(const tm_input_desc *d, int mode, const void *in, tm_error *err);
/* The JSON Schema of a creation or a change (a new reference). */
struct json_t *tm_input_schema(const tm_input_desc *d, int mode);

#endif
