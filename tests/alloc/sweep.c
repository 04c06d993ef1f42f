/*
 * sweep.c - the allocation-failure sweep (issue 16): for each command below, on a small workspace made once,
 * the Nth allocation fails, for every N from 1 to the number of allocations the command makes, and each run
 * must end cleanly.
 *
 * A run is a child forked from this driver after tm_mem_setup() (so SQLite and jansson allocate through
 * util/mem.c): it copies the workspace back from its template, asks util/mem.c to fail the Nth counted
 * allocation from there, runs cli_main() as `tminus` would, and exits with its status (the exit runs
 * LeakSanitizer). The driver then requires, for every N:
 *   - no signal, no AddressSanitizer, UndefinedBehaviorSanitizer or LeakSanitizer report (their exit
 *     status is set below to be distinctive, and their report is looked for on the child's stderr);
 *   - either the command's normal result (same status, same output, the dump of a successful run), or
 *     exit 1 with "out of memory" on stderr and the database's dump the same as before the command -
 *     or, when the message says "what the command changed was saved" (the failure came after the
 *     commit), the dump of a successful run.
 * The dump is made with SQLite: every schema row, every table's rows in rowid order, the application id
 * and user version, and integrity_check's verdict (a file byte for byte the same as the template, with no
 * WAL beside it, is taken as the same dump without reading it). Dumps are made in children of their own:
 * the driver and its workers keep a small heap (AddressSanitizer's quarantine would otherwise grow it to
 * hundreds of megabytes, which every fork would then copy the page tables of).
 *
 * Every command's first few thousand allocations are the same: opening the workspace (its schema read,
 * the checks of what the file is). The counting run of each command records a running hash of its
 * allocations' sizes and call sites (util/mem.h's tm_mem_trace_into); the allocations a command shares
 * with the first command's, in the same order from the same places, were swept with the first command,
 * and the command sweeps from its first allocation of its own. A run failing one of those shared
 * allocations is, up to the failure, the same run in both commands. SWEEP_ALL=1 sweeps them again in
 * every command (about nine times as many runs: 40 minutes on two loaded cores instead of 5).
 *
 * Two workers share the N's of a command (odd and even). The summary gives per command the allocations
 * swept and how the runs ended; any violation prints the command, N, status and the child's stderr, and
 * the driver exits 1.
 *
 * usage: sweep [COMMAND-NAME…]  (default: all; names as in the table, e.g. "plan --all")
 * environment: SWEEP_JOBS (workers, default 2), SWEEP_KEEP=1 (keep the temporary folder), SWEEP_ALL=1 (above),
 *              SWEEP_STRIDE=K (test the sweep itself: only every Kth N - never in the suite).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SWEEP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWEEP_ASAN 1
#endif
#endif
#ifdef SWEEP_ASAN
/* The sanitizer runtime's (<sanitizer/allocator_interface.h>, <sanitizer/lsan_interface.h>: not installed
 * with every compiler). */
size_t __sanitizer_get_current_allocated_bytes(void);
void __lsan_do_leak_check(void);
#endif

#include "cli/cli.h"
#include "util/mem.h"

#include "util/banned.h"

#define SAN_EXIT 86        /* ASan, LSan and UBSan's exit status in a child (below) */
#define CHILD_TIMEOUT 60   /* seconds one run may take before it counts as a hang */
#define MAX_REPORTS 5      /* violations printed per worker and command */

/* The sanitizers' options, whatever the environment says: a report ends the child with SAN_EXIT. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);
const char *__asan_default_options(void)
{
	return "exitcode=86:detect_leaks=1:abort_on_error=0:print_summary=1";
}
const char *__ubsan_default_options(void)
{
	return "exitcode=86:halt_on_error=1:print_stacktrace=1";
}
const char *__lsan_default_options(void)
{
	return "exitcode=86";
}

#define TODAY "2025-03-03"

static const char brief_md[] =
	"## Launch Brief: Alpha\n\n### Overview\n\n| Field | Detail |\n|-------|--------|\n"
	"| Launch Date | 2025-04-01 |\n| Launch Tier | 3 (Light launch) |\n| PM Owner | Ana |\n| Marketing Owner | Bo |\n\n"
	"### What We're Launching\n\nA checkout in one step.\n\n### Why It Matters\n\n**For users:** fewer clicks\n\n"
	"**For business:** more orders\n\n### Target Audience\n\n**Primary:** shops\n\n**Secondary:** _(to fill in)_\n\n"
	"### Key Messages\n\n1. Pay in one step\n2. _(to fill in)_\n\n### Competitive Context\n\n_(to fill in)_\n\n"
	"### Limitations / What This Isn't\n\n- No refunds yet\n\n### Success Metrics\n\n| Metric | Target | Timeframe |\n"
	"|--------|--------|-----------|\n| Conversion | +5% | 30 days |\n\n### Resources\n\n- _(to fill in)_\n";

static const char holidays_ics[] =
	"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tminus sweep//EN\r\n"
	"BEGIN:VEVENT\r\nUID:memorial@sweep\r\nDTSTART;VALUE=DATE:20250526\r\nSUMMARY:Memorial Day\r\nEND:VEVENT\r\n"
	"BEGIN:VEVENT\r\nUID:july4@sweep\r\nDTSTART;VALUE=DATE:20250704\r\nRRULE:FREQ=YEARLY\r\n"
	"SUMMARY:Independence Day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/* The workspace: two people, a tier-3 and a tier-4 launch, a holiday, a freeze. */
static const char *const setup[][12] = {
	{ "person", "add", "Ana", "--role", "pm" },
	{ "person", "add", "Bo", "--role", "marketing" },
	{ "launch", "add", "Alpha", "--date", "2025-04-01", "--tier", "3", "--pm", "Ana", "--marketing", "Bo" },
	{ "launch", "add", "Beta", "--date", "2025-04-15", "--tier", "4", "--pm", "Ana" },
	{ "holiday", "add", "2025-04-18", "Good Friday" },
	{ "freeze", "add", "2025-04-28", "2025-05-02", "Quarter close" },
	{ "task", "set", "5", "--status", "done" },
};

/* The commands swept (names for the summary and the command line; "@brief" and "@ics" are the fixture files). */
struct command {
	const char *name;
	const char *argv[16];
};

static const struct command commands[] = {
	{ "launch add", { "launch", "add", "Gamma", "--date", "2025-05-06", "--tier", "3", "--pm", "Ana" } },
	{ "task add", { "task", "add", "alpha", "Write the FAQ", "--owner", "Bo", "--due", "T-3bd", "--after", "2" } },
	{ "task set", { "task", "set", "3", "--title", "Docs updated", "--owner", "Bo", "--days", "2" } },
	{ "dep add", { "task", "dep", "add", "4", "--after", "5" } },
	{ "launch delay", { "launch", "delay", "alpha", "--to", "2025-04-08", "--reason", "QA found a blocker" } },
	{ "plan", { "plan", "alpha" } },
	{ "plan --all", { "plan", "--all" } },
	{ "check --all", { "check", "--all" } },
	{ "doc", { "doc", "alpha", "kickoff" } },
	{ "brief import", { "brief", "import", "alpha", "@brief" } },
	{ "calendar --ics", { "calendar", "--ics" } },
	{ "holiday import", { "holiday", "import", "@ics" } },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static char dir[4096];                  /* the temporary folder */
/* The counting runs' allocation traces (util/mem.h's tm_mem_trace_into), in memory shared with the
 * children: the last counting run's, and the first command's. */
#define TRACE_MAX (1L << 20)
static uint64_t *trace_run, *trace_first;
static long first_count = -1;
static const char *first_name;
static bool sweep_all;  /* SWEEP_ALL=1: sweep the shared opening again in every command */
static char tmpl[4200], brief_path[4200], ics_path[4200];

/* ---- small helpers (the driver's own allocations are plain malloc: nothing here is under test) ---- */

struct str {
	char *s;
	size_t len, cap;
};

static void str_add(struct str *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			fprintf(stderr, "sweep: out of memory\n");
			exit(2);
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void str_printf(struct str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void str_printf(struct str *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(tmp)) {
		char *big = malloc((size_t)n + 1);
		if (!big)
			exit(2);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		str_add(b, big, (size_t)n);
		free(big);
	} else if (n > 0) {
		str_add(b, tmp, (size_t)n);
	}
}

static void str_free(struct str *b)
{
	free(b->s);
	*b = (struct str){ 0 };
}

static bool str_eq(const struct str *a, const struct str *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->s, b->s, a->len));
}

static __attribute__((noreturn)) void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("sweep: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* The whole file into b (empty if it is absent). */
static void read_file(const char *path, struct str *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char tmp[65536];
	ssize_t n;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		str_add(b, tmp, (size_t)n);
	close(fd);
}

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd))
		die("cannot write %s: %s", path, strerror(errno));
}

/* Copies a file with read and write only: the child does it before its fault is armed, and no counted
 * allocation may happen then. */
static int copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (in < 0 || out < 0)
		return -1;
	static char tmp[1 << 16];
	ssize_t n;
	while ((n = read(in, tmp, sizeof(tmp))) > 0)
		if (write(out, tmp, (size_t)n) != n)
			return -1;
	close(in);
	return close(out) || n < 0 ? -1 : 0;
}

/* ---- the dump ---- */

/* The length of the wall-clock time stamp that starts s (2026-12-03T14:23:45Z, with a fraction of a second or
 * not), or 0. */
static int timestamp(const char *s, int n)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	int k = 0;
	for (; shape[k]; k++)
		if (k >= n || (shape[k] == 'd' ? s[k] < '0' || s[k] > '9' : s[k] != shape[k]))
			return 0;
	if (k < n && s[k] == '.')
		for (k++; k < n && s[k] >= '0' && s[k] <= '9'; k++)
			;
	return k < n && s[k] == 'Z' ? k + 1 : 0;
}

/* Whether dumps leave wall-clock time stamps out: a run that changed the workspace made them at its own
 * moment, which is not the successful run's. (Never when a dump is to equal the one before the command:
 * a failed run may not even touch a time stamp.) */
static bool mask_times;

static void dump_value(struct str *b, sqlite3_stmt *q, int i)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_NULL:
		str_add(b, "N", 1);
		break;
	case SQLITE_INTEGER:
		str_printf(b, "I%lld", (long long)sqlite3_column_int64(q, i));
		break;
	case SQLITE_FLOAT:
		str_printf(b, "F%.17g", sqlite3_column_double(q, i));
		break;
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(q, i);
		int n = sqlite3_column_bytes(q, i);
		if (!mask_times) {
			str_printf(b, "T%d:", n);
			str_add(b, t, (size_t)n);
			break;
		}
		str_add(b, "T:", 2);
		for (int k = 0; k < n;) {
			int len = timestamp(t + k, n - k);
			if (len) {
				str_add(b, "<time>", 6);
				k += len;
			} else {
				str_add(b, t + k++, 1);
			}
		}
		break;
	}
	default: {
		const void *p = sqlite3_column_blob(q, i);
		int n = sqlite3_column_bytes(q, i);
		str_printf(b, "B%d:", n);
		if (n)
			str_add(b, p, (size_t)n);
	}
	}
	str_add(b, "|", 1);
}

/* A dump of the database at path: the schema, every table's rows in rowid order (or by every column, for a
 * table without rowid), and the pragmas that mark a workspace. */
static void dump(const char *path, struct str *b)
{
	sqlite3 *db = NULL;
	b->len = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open %s to dump it: %s", path, db ? sqlite3_errmsg(db) : "no memory");
	sqlite3_busy_timeout(db, 10000);
	sqlite3_stmt *s = NULL, *q = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &q, NULL) || sqlite3_step(q) != SQLITE_ROW)
		die("dump of %s: %s", path, sqlite3_errmsg(db));
	str_printf(b, "application_id %lld\n", (long long)sqlite3_column_int64(q, 0));
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) || sqlite3_step(q) != SQLITE_ROW)
		die("dump of %s: %s", path, sqlite3_errmsg(db));
	str_printf(b, "user_version %lld\n", (long long)sqlite3_column_int64(q, 0));
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", -1, &s,
			       NULL))
		die("dump of %s: %s", path, sqlite3_errmsg(db));
	struct str tables = { 0 };
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *sql = (const char *)sqlite3_column_text(s, 3);
		str_printf(b, "%s %s %s;\n", type, name, sql ? sql : "");
		if (!strcmp(type, "table") && !(sql && !strncmp(sql, "CREATE VIRTUAL", 14)))
			str_add(&tables, name, strlen(name) + 1);
	}
	if (rc != SQLITE_DONE)
		die("dump of %s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	for (size_t off = 0; off < tables.len; off += strlen(tables.s + off) + 1) {
		const char *name = tables.s + off;
		char *sql = sqlite3_mprintf("SELECT rowid, * FROM \"%w\" ORDER BY rowid", name);
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
			/* WITHOUT ROWID: by every column. */
			sqlite3_free(sql);
			sql = sqlite3_mprintf("SELECT * FROM \"%w\" LIMIT 0", name);
			if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
				die("dump of %s: %s", path, sqlite3_errmsg(db));
			int n = sqlite3_column_count(q);
			sqlite3_finalize(q);
			sqlite3_free(sql);
			struct str order = { 0 };
			for (int i = 1; i <= n; i++)
				str_printf(&order, "%s%d", i > 1 ? "," : "", i);
			sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY %s", name, order.s);
			str_free(&order);
			if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
				die("dump of %s: %s", path, sqlite3_errmsg(db));
		}
		sqlite3_free(sql);
		str_printf(b, "-- %s\n", name);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(q); i++)
				dump_value(b, q, i);
			str_add(b, "\n", 1);
		}
		if (rc != SQLITE_DONE)
			die("dump of %s: %s", path, sqlite3_errmsg(db));
		sqlite3_finalize(q);
	}
	str_free(&tables);
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) || sqlite3_step(q) != SQLITE_ROW)
		die("integrity_check of %s: %s", path, sqlite3_errmsg(db));
	const char *ok = (const char *)sqlite3_column_text(q, 0);
	str_printf(b, "integrity %s\n", ok ? ok : "?");
	sqlite3_finalize(q);
	sqlite3_close(db);
}

/* Waits for a child; returns its exit status, or -1 for a signal. */
static int wait_child(pid_t pid)
{
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

/* Writes the dump of db to the file out, in a child (time stamps left out when mask). */
static void dump_to(const char *db, const char *out, bool mask)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		struct str b = { 0 };
		mask_times = mask;
		dump(db, &b);
		write_file(out, b.s, b.len);
		_exit(0);
	}
	if (wait_child(pid))
		die("could not dump %s", db);
}

/* Do two files hold the same bytes? (Read a block at a time: no heap.) */
static bool same_bytes(const char *a, const char *b)
{
	static char x[1 << 16], y[1 << 16];
	int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC);
	bool same = fa >= 0 && fb >= 0;
	while (same) {
		ssize_t n = read(fa, x, sizeof(x)), m = read(fb, y, sizeof(y));
		if (n != m || n < 0 || memcmp(x, y, (size_t)n))
			same = false;
		if (n <= 0)
			break;
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* Is the dump of db the one in the file want (made with the same mask)? Dumped in a child; the answer is
 * its exit status. */
static bool same_dump_as(const char *db, const char *want, bool mask)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		struct str b = { 0 }, w = { 0 };
		mask_times = mask;
		dump(db, &b);
		read_file(want, &w);
		_exit(str_eq(&b, &w) ? 0 : 1);
	}
	int st = wait_child(pid);
	if (st != 0 && st != 1)
		die("could not dump %s", db);
	return st == 0;
}

/* ---- one run ---- */

struct slot {
	char dir[4200], db[4300], out[4300], err[4300];
	bool clean;           /* the workspace is the template's bytes (the last run changed nothing) */
};

struct result {
	int status;           /* exit status, or -1 */
	int sig;              /* the signal that ended it, or 0 */
	long count;           /* counted allocations (the counting run) */
	struct str out, err;
};

static void slot_init(struct slot *s, int k)
{
	s->clean = false;
	snprintf(s->dir, sizeof(s->dir), "%s/slot%d", dir, k);
	if (mkdir(s->dir, 0700) && errno != EEXIST)
		die("mkdir %s: %s", s->dir, strerror(errno));
	snprintf(s->db, sizeof(s->db), "%s/w.db", s->dir);
	snprintf(s->out, sizeof(s->out), "%s/stdout", s->dir);
	snprintf(s->err, sizeof(s->err), "%s/stderr", s->dir);
}

static void remove_db(const char *db, bool keep_db)
{
	char p[4400];
	if (!keep_db)
		unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", db);
	unlink(p);
}

/*
 * Runs argv (without "tminus") in a child on the slot's workspace: restored from template first unless
 * template is NULL; fault: the allocation to fail (0: none, -1: count them). Fills r.
 */
static void run(struct slot *s, const char *const *argv, const char *template, long fault, struct result *r)
{
	int pipefd[2];
	if (pipe(pipefd))
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(pipefd[0]);
		alarm(CHILD_TIMEOUT);
		int in = open("/dev/null", O_RDONLY);
		int out = open(s->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = open(s->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(120);
		close(in);
		close(out);
		close(err);
		if (template) {
			remove_db(s->db, s->clean);
			if (!s->clean && copy_file(template, s->db))
				_exit(121);
		}
		char *args[40];
		int n = 0;
		args[n++] = (char *)"tminus";
		args[n++] = (char *)"--db";
		args[n++] = (char *)s->db;
		args[n++] = (char *)"--today";
		args[n++] = (char *)TODAY;
		for (int i = 0; argv[i]; i++)
			args[n++] = (char *)(!strcmp(argv[i], "@brief") ? brief_path
					     : !strcmp(argv[i], "@ics") ? ics_path : argv[i]);
		args[n] = NULL;
#ifdef SWEEP_ASAN
		size_t held = __sanitizer_get_current_allocated_bytes();
#endif
		tm_mem_fault_at(fault > 0 ? fault : 0);
		if (fault < 0)
			tm_mem_trace_into(trace_run, TRACE_MAX);
		long before = tm_mem_count();
		int status = cli_main(n, args);
		long count = tm_mem_count() - before;
		if (fflush(NULL) || write(pipefd[1], &count, sizeof(count)) != sizeof(count))
			_exit(122);
		close(pipefd[1]);
#ifdef SWEEP_ASAN
		/* The leak check LeakSanitizer makes at exit, but only when the command did not give back every
		 * byte it took: with as many bytes allocated as before, nothing can have leaked (the driver's
		 * memory is out of the command's reach), and the check (a third of a run's time) is skipped. */
		if (__sanitizer_get_current_allocated_bytes() != held)
			__lsan_do_leak_check();
#endif
		_exit(status);
	}
	close(pipefd[1]);
	s->clean = false;
	long count = -1;
	if (read(pipefd[0], &count, sizeof(count)) != sizeof(count))
		count = -1;
	close(pipefd[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	r->sig = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
	r->count = count;
	read_file(s->out, &r->out);
	read_file(s->err, &r->err);
}

/* Did a sanitizer speak? */
static const char *sanitizer_report(const struct str *err)
{
	static const char *const marks[] = { "AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
					     "runtime error:", "==ERROR" };
	for (size_t i = 0; err->s && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(err->s, marks[i]))
			return marks[i];
	return NULL;
}

/* ---- the sweep of one command ---- */

enum outcome { O_NOMEM, O_NOMEM_SAVED, O_NORMAL, O_VIOLATION, O_N };

struct tally {
	long n[O_N];
};

struct reference {
	const struct command *c;
	char before[4200], after[4200];   /* files with the dumps before (exact) and after a successful run
					   * (time stamps left out) */
	struct result ok;                 /* the successful run */
};

/* Is the slot's database the same as the dump in the file want (made with the same mask)? When want_file
 * is given and the database holds its bytes, with no WAL beside it, it is (cheaply); the slot is then clean,
 * and the next run need not copy it. */
static bool same_dump(struct slot *s, const char *want, bool mask, const char *want_file)
{
	char wal[4400];
	struct stat st;
	snprintf(wal, sizeof(wal), "%s-wal", s->db);
	if (want_file && stat(wal, &st) != 0 && same_bytes(s->db, want_file))
		return s->clean = true;
	return same_dump_as(s->db, want, mask);
}

/* Judges one run; returns its outcome, and why in why for a violation. */
static enum outcome judge(const struct reference *ref, struct slot *s, const struct result *r, char *why,
			  size_t whysz)
{
	const char *san = sanitizer_report(&r->err);
	if (r->sig) {
		snprintf(why, whysz, "killed by signal %d (%s)", r->sig, strsignal(r->sig));
		return O_VIOLATION;
	}
	if (r->status == SAN_EXIT || san) {
		snprintf(why, whysz, "sanitizer report (%s, exit %d)", san ? san : "?", r->status);
		return O_VIOLATION;
	}
	if (r->status >= 120 && r->status <= 122) {
		snprintf(why, whysz, "the child could not set up (exit %d)", r->status);
		return O_VIOLATION;
	}
	bool nomem = r->err.s && strstr(r->err.s, "out of memory");
	if (!nomem) {
		if (r->status != ref->ok.status) {
			snprintf(why, whysz, "exit %d without \"out of memory\" (a successful run exits %d)", r->status,
				 ref->ok.status);
			return O_VIOLATION;
		}
		if (!str_eq(&r->out, &ref->ok.out)) {
			snprintf(why, whysz, "exit %d, no \"out of memory\", but the output differs from a successful run's",
				 r->status);
			return O_VIOLATION;
		}
		if (!same_dump(s, ref->after, true, NULL)) {
			snprintf(why, whysz, "exit %d, no \"out of memory\", but the database differs from a successful run's",
				 r->status);
			return O_VIOLATION;
		}
		return O_NORMAL;
	}
	if (r->status != 1) {
		snprintf(why, whysz, "\"out of memory\" but exit %d (want 1)", r->status);
		return O_VIOLATION;
	}
	if (strstr(r->err.s, "what the command changed was saved")) {
		if (!same_dump(s, ref->after, true, NULL)) {
			snprintf(why, whysz, "says what it changed was saved, but the dump differs from a successful run's");
			return O_VIOLATION;
		}
		return O_NOMEM_SAVED;
	}
	if (!same_dump(s, ref->before, false, tmpl)) {
		snprintf(why, whysz, "\"out of memory\" but the database changed (its dump differs from before the command)");
		return O_VIOLATION;
	}
	return O_NOMEM;
}

/* Shared between the workers and the driver. */
struct shared {
	struct tally t[8];
	long violations[8];
	long normal_at[8][4];   /* the first N's (and the allocations the run made) that ended normally */
	long normal_count[8][4];
};

static long stride = 1;

/* Worker k of jobs: the N ≡ k+1 (mod jobs) of the command. */
static void worker(const struct reference *ref, int k, int jobs, long from, long count, struct shared *sh)
{
	struct slot s;
	slot_init(&s, k);
	struct result r = { 0 };
	int printed = 0;
	for (long n = from + k; n <= count; n += (long)jobs * stride) {
		char why[300];
		run(&s, ref->c->argv, tmpl, n, &r);
		enum outcome o = judge(ref, &s, &r, why, sizeof(why));
		if (o == O_NORMAL && sh->t[k].n[o] < 4) {
			sh->normal_at[k][sh->t[k].n[o]] = n;
			sh->normal_count[k][sh->t[k].n[o]] = r.count;
		}
		sh->t[k].n[o]++;
		if (o != O_VIOLATION)
			continue;
		sh->violations[k]++;
		if (printed++ < MAX_REPORTS)
			fprintf(stderr, "\nFAIL %s, allocation %ld of %ld failing: %s\n--- stderr of the run:\n%s---\n",
				ref->c->name, n, count, why, r.err.s ? r.err.s : "");
	}
	str_free(&r.out);
	str_free(&r.err);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sweeps one command; returns its violations. */
static long sweep(const struct command *c, int jobs, struct shared *sh)
{
	struct slot s0;
	slot_init(&s0, 0);
	struct reference ref = { .c = c };
	double t0 = now();
	snprintf(ref.before, sizeof(ref.before), "%s/before.dump", dir);
	snprintf(ref.after, sizeof(ref.after), "%s/after.dump", dir);
	dump_to(tmpl, ref.before, false);
	run(&s0, c->argv, tmpl, -1, &ref.ok);
	if (ref.ok.sig || ref.ok.status == SAN_EXIT || sanitizer_report(&ref.ok.err) || ref.ok.count <= 0 ||
	    (ref.ok.err.s && strstr(ref.ok.err.s, "error:")))
		die("%s: the run without a failure went wrong (exit %d, signal %d, %ld allocations):\n%s", c->name,
		    ref.ok.status, ref.ok.sig, ref.ok.count, ref.ok.err.s ? ref.ok.err.s : "");
	dump_to(s0.db, ref.after, true);
	long count = ref.ok.count;
	/* The allocations this command's run shares with the first command's (the same sizes from the same
	 * places, in the same order: opening the workspace, mostly) were swept there; this one sweeps from
	 * the first allocation of its own. */
	long shared = 0;
	if (first_count < 0) {
		memcpy(trace_first, trace_run, sizeof(*trace_run) * (size_t)(count < TRACE_MAX ? count : TRACE_MAX));
		first_count = count;
		first_name = c->name;
	} else if (!sweep_all) {
		while (shared < count && shared < first_count && shared < TRACE_MAX && trace_run[shared] == trace_first[shared])
			shared++;
		/* Never the whole run: a command whose allocations all match another's would sweep nothing. */
		if (shared >= count)
			shared = 0;
	}
	memset(sh, 0, sizeof(*sh));
	pid_t pids[8];
	fflush(NULL);
	for (int k = 0; k < jobs; k++) {
		pids[k] = fork();
		if (pids[k] < 0)
			die("fork: %s", strerror(errno));
		if (pids[k] == 0) {
			worker(&ref, k, jobs, shared + 1, count, sh);
			fflush(NULL);
			_exit(0);
		}
	}
	bool lost = false;
	for (int k = 0; k < jobs; k++) {
		int ws;
		while (waitpid(pids[k], &ws, 0) < 0)
			if (errno != EINTR)
				die("waitpid: %s", strerror(errno));
		if (!WIFEXITED(ws) || WEXITSTATUS(ws))
			lost = true;
	}
	struct tally t = { 0 };
	long v = 0;
	for (int k = 0; k < jobs; k++) {
		for (int o = 0; o < O_N; o++)
			t.n[o] += sh->t[k].n[o];
		v += sh->violations[k];
	}
	if (lost) {
		fprintf(stderr, "FAIL %s: a worker of the sweep died\n", c->name);
		v++;
	}
	printf("%-15s %6ld allocations: %6ld out of memory, nothing changed; %5ld out of memory after the save; "
	       "%4ld normal; %ld violations (%.0f s)\n",
	       c->name, count, t.n[O_NOMEM], t.n[O_NOMEM_SAVED], t.n[O_NORMAL], t.n[O_VIOLATION], now() - t0);
	if (shared)
		printf("  allocations 1-%ld are %s's first %ld (the same sizes from the same places): swept there, "
		       "%ld to %ld here\n", shared, first_name, shared, shared + 1, count);
	/* A failed allocation sets the flag, which the command line reads once the command is done: a run that
	 * ended normally failed after that (closing the workspace, say), and its output and database were
	 * found to be a successful run's. */
	for (int k = 0; k < jobs; k++)
		for (int i = 0; i < 4 && i < sh->t[k].n[O_NORMAL]; i++)
			printf("  note: allocation %ld failing ended normally, as a successful run (that run made %ld)\n",
			       sh->normal_at[k][i], sh->normal_count[k][i]);
	fflush(stdout);
	str_free(&ref.ok.out);
	str_free(&ref.ok.err);
	return v;
}

static void remove_tree(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", path, (char *)NULL);
		_exit(127);
	}
	int ws;
	if (pid > 0)
		waitpid(pid, &ws, 0);
}

int main(int argc, char **argv)
{
	/* The allocator of SQLite and jansson is util/mem.c's from here on, in the driver and every child. */
	tm_mem_setup();
	/* The reserve of util/mem.c, taken here once rather than by every child (each would map it anew). */
	tm_mem_begin();
	/* Who the audit log names: given, so that no run looks itself up in the password database (whose
	 * buffers libc keeps, and which would send every run through the full leak check). */
	setenv("TMINUS_USER", "sweep", 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	int jobs = getenv("SWEEP_JOBS") ? (int)strtol(getenv("SWEEP_JOBS"), NULL, 10) : 2;
	if (jobs < 1 || jobs > 8)
		jobs = 2;
	if (getenv("SWEEP_STRIDE"))
		stride = strtol(getenv("SWEEP_STRIDE"), NULL, 10);
	if (stride < 1)
		stride = 1;
	const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(dir, sizeof(dir), "%s/tminus-sweep-XXXXXX", tmp);
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(tmpl, sizeof(tmpl), "%s/template.db", dir);
	snprintf(brief_path, sizeof(brief_path), "%s/brief.md", dir);
	snprintf(ics_path, sizeof(ics_path), "%s/holidays.ics", dir);
	write_file(brief_path, brief_md, sizeof(brief_md) - 1);
	write_file(ics_path, holidays_ics, sizeof(holidays_ics) - 1);

	/* The workspace, made once with the command line itself. */
	struct slot s0;
	slot_init(&s0, 0);
	struct result r = { 0 };
	remove_db(s0.db, false);
	for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
		run(&s0, setup[i], NULL, 0, &r);
		if (r.status || r.sig)
			die("setting up the workspace: '%s %s' exited %d:\n%s", setup[i][0], setup[i][1], r.status,
			    r.err.s ? r.err.s : "");
	}
	if (copy_file(s0.db, tmpl))
		die("cannot copy the workspace to %s", tmpl);
	str_free(&r.out);
	str_free(&r.err);

	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	trace_run = mmap(NULL, sizeof(uint64_t) * TRACE_MAX, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	trace_first = mmap(NULL, sizeof(uint64_t) * TRACE_MAX, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (trace_run == MAP_FAILED || trace_first == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	sweep_all = getenv("SWEEP_ALL") && *getenv("SWEEP_ALL") && *getenv("SWEEP_ALL") != '0';
	printf("allocation-failure sweep: %d workers%s, workspace %s\n", jobs, stride > 1 ? " (SWEEP_STRIDE: NOT every N)" : "",
	       dir);
	double t0 = now();
	long violations = 0, swept = 0;
	for (size_t i = 0; i < NCOMMANDS; i++) {
		bool chosen = argc < 2;
		for (int a = 1; a < argc; a++)
			chosen |= !strcmp(argv[a], commands[i].name);
		if (!chosen)
			continue;
		violations += sweep(&commands[i], jobs, sh);
		swept++;
	}
	printf("%ld commands swept in %.0f s: %ld violations\n", swept, now() - t0, violations);
	if (!getenv("SWEEP_KEEP") || !*getenv("SWEEP_KEEP"))
		remove_tree(dir);
	return violations || !swept ? 1 : 0;
}
