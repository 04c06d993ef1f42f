/*
 * app_fixture.c - the backends the app/ tests run on, their workspaces, and
 * the snapshot that proves a refused use case changed nothing.
 *
 * A backend is an entry of backends[]: how to open a fresh workspace and,
 * when the engine allows, how to dump everything it holds. PostgreSQL is the
 * second entry: a fresh database per test on the cluster TMINUS_TEST_PG names
 * (tests/pg.py run starts a throwaway one and sets it); the tests do not change.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "app_fixture.h"
#include "util/pq.h"

#include "util/banned.h"

/* ---- SQLite ---- */

static int sqlite_open(const char *dir, tm_store **out, tm_error *err)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/workspace.db", dir);
	return tm_store_open_sqlite(path, out, err);
}

/* One value of a row, typed, so that 1, 1.0, '1' and x'31' differ. */
static void dump_value(sqlite3_stmt *q, int i, tm_buf *out)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_NULL:
		tm_buf_adds(out, "NULL");
		break;
	case SQLITE_INTEGER:
		tm_buf_printf(out, "%lld", (long long)sqlite3_column_int64(q, i));
		break;
	case SQLITE_FLOAT:
		tm_buf_printf(out, "%.17g", sqlite3_column_double(q, i));
		break;
	case SQLITE_TEXT:
		tm_buf_printf(out, "'%s'", (const char *)sqlite3_column_text(q, i));
		break;
	default: {
		const unsigned char *b = sqlite3_column_blob(q, i);
		int n = sqlite3_column_bytes(q, i);
		tm_buf_adds(out, "x'");
		for (int k = 0; k < n; k++)
			tm_buf_printf(out, "%02x", b[k]);
		tm_buf_adds(out, "'");
	}
	}
}

/* Every row of one table, in the order of all its columns (its own order is no promise). */
static int dump_table(sqlite3 *db, const char *table, tm_buf *out)
{
	tm_buf sql = TM_BUF_INIT;
	sqlite3_stmt *q = NULL;
	tm_buf_adds(&sql, "SELECT * FROM \"");
	for (const char *p = table; *p; p++) {
		if (*p == '"')
			tm_buf_addc(&sql, '"');
		tm_buf_addc(&sql, *p);
	}
	tm_buf_adds(&sql, "\"");
	int rc = sqlite3_prepare_v2(db, sql.s, -1, &q, NULL);
	int cols = rc == SQLITE_OK ? sqlite3_column_count(q) : 0;
	sqlite3_finalize(q);
	q = NULL;
	for (int i = 0; i < cols; i++)
		tm_buf_printf(&sql, "%s%d", i ? ", " : " ORDER BY ", i + 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, sql.s, -1, &q, NULL);
	tm_buf_printf(out, "table %s\n", table);
	while (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
		tm_buf_adds(out, " ");
		for (int i = 0; i < cols; i++) {
			tm_buf_printf(out, " %s=", sqlite3_column_name(q, i));
			dump_value(q, i, out);
		}
		tm_buf_addc(out, '\n');
	}
	sqlite3_finalize(q);
	tm_buf_release(&sql);
	return rc == SQLITE_OK ? 0 : rc;
}

/*
 * The whole database, read from a copy made by tm_app_backup (SQLite's online backup): its marks,
 * its schema, and every row of every table, sqlite_sequence (AUTOINCREMENT's counters) included.
 */
static int sqlite_dump(tm_app *app, const char *tmp, tm_buf *out, tm_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	tm_buf tables = TM_BUF_INIT; /* the tables' names, each ended by a NUL */
	int rc = tm_app_backup(app, tmp, err);
	if (rc)
		return rc;
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = tm_fail(err, TM_EDB, "cannot open the copy '%s'", tmp);
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM pragma_application_id), "
				   "(SELECT user_version FROM pragma_user_version)", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		tm_buf_printf(out, "sqlite application_id=%d user_version=%d\n", sqlite3_column_int(q, 0),
			      sqlite3_column_int(q, 1));
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", -1, &q,
			       NULL) == SQLITE_OK) {
		while (sqlite3_step(q) == SQLITE_ROW) {
			const char *type = (const char *)sqlite3_column_text(q, 0);
			const char *name = (const char *)sqlite3_column_text(q, 1);
			const char *sql = (const char *)sqlite3_column_text(q, 3);
			tm_buf_printf(out, "schema %s %s: %s\n", type, name, sql ? sql : "");
			if (!strcmp(type, "table"))
				tm_buf_add(&tables, name, strlen(name) + 1);
		}
	}
	sqlite3_finalize(q);
	for (size_t at = 0; at < tables.len && !rc; at += strlen(tables.s + at) + 1)
		if (dump_table(db, tables.s + at, out))
			rc = tm_fail(err, TM_EDB, "cannot read table '%s' of the copy: %s", tables.s + at, sqlite3_errmsg(db));
out:
	tm_buf_release(&tables);
	sqlite3_close(db);
	unlink(tmp);
	return rc;
}

/* ---- PostgreSQL ---- */

/*
 * TMINUS_TEST_PG + NAME + TMINUS_TEST_PG_QUERY is the URI of database NAME on the test cluster (as
 * tests/pg.py run sets them: "postgresql:///" and "?host=DIR&port=PORT&user=tminus").
 */
static int pg_uri(const char *name, char *buf, size_t n, tm_error *err)
{
	const char *prefix = getenv("TMINUS_TEST_PG"), *query = getenv("TMINUS_TEST_PG_QUERY");
	if (!prefix || !*prefix)
		return tm_fail(err, TM_EINVAL, "TMINUS_TEST_PG is not set: run under 'python3 tests/pg.py run -- …'");
	if ((size_t)snprintf(buf, n, "%s%s%s", prefix, name, query ? query : "") >= n)
		return tm_fail(err, TM_EINVAL, "TMINUS_TEST_PG is too long");
	return 0;
}

/* A connection to database name of the test cluster, or NULL (err says why). */
static PGconn *pg_connect(const char *name, tm_error *err)
{
	char uri[1024];
	if (pg_uri(name, uri, sizeof(uri), err) || tm_pq_load(err))
		return NULL;
	const char *keys[] = { "dbname", NULL }, *values[] = { uri, NULL };
	PGconn *c = PQconnectdbParams(keys, values, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		tm_fail(err, TM_EUNREACHABLE, "cannot connect to the test cluster (%s): %s", uri,
			c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Runs sql on database name of the test cluster. */
static int pg_admin(const char *name, const char *sql, tm_error *err)
{
	PGconn *c = pg_connect(name, err);
	if (!c)
		return err->code;
	PGresult *r = PQexec(c, sql);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = tm_fail(err, TM_EDB, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* The database of the workspace being run (one at a time: cmocka runs a test after another). */
static char pg_current[64];

static int pg_open(const char *dir, tm_store **out, tm_error *err)
{
	static int n;
	char sql[128], uri[1024];
	(void)dir;
	snprintf(pg_current, sizeof(pg_current), "app_%ld_%d", (long)getpid(), ++n);
	snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", pg_current);
	int rc = pg_admin("postgres", sql, err);
	if (!rc)
		rc = pg_uri(pg_current, uri, sizeof(uri), err);
	if (!rc)
		rc = tm_store_open_pg(uri, out, err);
	return rc;
}

static void pg_close(const char *dir)
{
	char sql[128];
	tm_error err = TM_ERROR_INIT;
	(void)dir;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", pg_current);
	if (pg_admin("postgres", sql, &err))
		fprintf(stderr, "cannot drop the test database: %s\n", err.msg);
}

/* The rows of sql, each as " name=value …" (values quoted, NULL bare), after a "title" line. */
static int pg_dump_rows(PGconn *c, const char *title, const char *sql, tm_buf *out, tm_error *err)
{
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		int rc = tm_fail(err, TM_EDB, "%s: %s", sql, PQerrorMessage(c));
		PQclear(r);
		return rc;
	}
	tm_buf_printf(out, "%s\n", title);
	for (int i = 0; i < PQntuples(r); i++) {
		tm_buf_adds(out, " ");
		for (int k = 0; k < PQnfields(r); k++) {
			if (PQgetisnull(r, i, k))
				tm_buf_adds(out, " NULL");
			else
				tm_buf_printf(out, " '%s'", PQgetvalue(r, i, k));
		}
		tm_buf_addc(out, '\n');
	}
	PQclear(r);
	return 0;
}

/*
 * The whole database, read on a connection of its own: the schema (tables' columns, indexes, triggers,
 * functions), then every row of every table, in the order of all its columns (bytea as hex). The
 * identity sequence of the audit is left out: PostgreSQL's sequences do not roll back, by design.
 */
static int pg_dump(tm_app *app, const char *tmp, tm_buf *out, tm_error *err)
{
	(void)app;
	(void)tmp;
	PGconn *c = pg_connect(pg_current, err);
	if (!c)
		return err->code;
	int rc = pg_dump_rows(c, "schema columns",
			      "SELECT table_name, column_name, data_type, collation_name, is_nullable, column_default "
			      "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, ordinal_position",
			      out, err);
	if (!rc)
		rc = pg_dump_rows(c, "schema indexes",
				  "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1", out, err);
	if (!rc)
		rc = pg_dump_rows(c, "schema triggers",
				  "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
				  "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
				  "WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2",
				  out, err);
	if (!rc)
		rc = pg_dump_rows(c, "schema functions",
				  "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
				  "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1, 2",
				  out, err);
	PGresult *tables = rc ? NULL
			      : PQexec(c, "SELECT c.relname, quote_ident(c.relname), "
					  "(SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 "
					  "AND NOT a.attisdropped) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
					  "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1");
	if (!rc && PQresultStatus(tables) != PGRES_TUPLES_OK)
		rc = tm_fail(err, TM_EDB, "cannot list the tables: %s", PQerrorMessage(c));
	for (int i = 0; !rc && i < PQntuples(tables); i++) {
		tm_buf sql = TM_BUF_INIT, title = TM_BUF_INIT;
		int cols = (int)strtol(PQgetvalue(tables, i, 2), NULL, 10);
		tm_buf_printf(&sql, "SELECT * FROM %s", PQgetvalue(tables, i, 1));
		for (int k = 0; k < cols; k++)
			tm_buf_printf(&sql, "%s%d", k ? ", " : " ORDER BY ", k + 1);
		tm_buf_printf(&title, "table %s", PQgetvalue(tables, i, 0));
		rc = pg_dump_rows(c, title.s, sql.s, out, err);
		tm_buf_release(&sql);
		tm_buf_release(&title);
	}
	PQclear(tables);
	PQfinish(c);
	return rc;
}

/* The engines, in the order they run. */
static const app_backend backends[] = {
	{ "sqlite", sqlite_open, sqlite_dump, NULL },
	{ "postgres", pg_open, pg_dump, pg_close },
};
#define N_BACKENDS (sizeof(backends) / sizeof(backends[0]))

int ws_open_again(ws *w, tm_store **out, tm_error *err)
{
	char uri[1024];
	if (!strcmp(w->be->name, "sqlite"))
		return sqlite_open(w->dir, out, err);
	int rc = pg_uri(pg_current, uri, sizeof(uri), err);
	return rc ? rc : tm_store_open_pg(uri, out, err);
}

/* ---- running on every backend ---- */

static const app_backend *current;
static bool unknown_backend;

bool ws_backend(int i, const char *group, char *name, size_t n)
{
	const char *list = getenv("TMINUS_TEST_BACKENDS");
	current = NULL;
	if (!list || !*list) {
		/* The i-th backend that can run here: PostgreSQL needs a cluster. */
		for (size_t b = 0, k = 0; b < N_BACKENDS && !current; b++) {
			const char *pg = getenv("TMINUS_TEST_PG");
			if (!strcmp(backends[b].name, "postgres") && !(pg && *pg))
				continue;
			if ((int)k++ == i)
				current = &backends[b];
		}
		if (!current)
			return false;
	} else {
		/* The i-th name of the list. */
		const char *p = list;
		for (int k = 0; k < i && p; k++)
			p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
		if (!p)
			return false;
		size_t len = strcspn(p, ",");
		for (size_t b = 0; b < N_BACKENDS && !current; b++)
			if (strlen(backends[b].name) == len && !strncmp(backends[b].name, p, len))
				current = &backends[b];
		if (!current) {
			fprintf(stderr, "TMINUS_TEST_BACKENDS names '%.*s', which is not a backend (they are:", (int)len, p);
			for (size_t b = 0; b < N_BACKENDS; b++)
				fprintf(stderr, " %s", backends[b].name);
			fprintf(stderr, ")\n");
			unknown_backend = true;
			return false;
		}
	}
	snprintf(name, n, "%s (%s)", group, current->name);
	printf("# %s\n", name); /* cmocka's own lines do not name the group */
	fflush(stdout);
	return true;
}

int ws_exit(int failed)
{
	return failed || unknown_backend ? 1 : 0;
}

int ws_setup(void **state)
{
	ws *w = calloc(1, sizeof(*w));
	const char *tmp = getenv("TMPDIR");
	tm_date today;
	tm_error err = TM_ERROR_INIT;
	if (!w || !current)
		goto fail;
	w->be = current;
	w->err = (tm_error)TM_ERROR_INIT;
	snprintf(w->dir, sizeof(w->dir), "%s/tminus-app-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(w->dir)) {
		perror(w->dir);
		goto fail;
	}
	if (w->be->open(w->dir, &w->st, &err)) {
		fprintf(stderr, "cannot open a %s workspace in %s: %s\n", w->be->name, w->dir, err.msg);
		rmdir(w->dir);
		goto fail;
	}
	if (tm_date_parse(WS_TODAY, &today, &err)) {
		tm_store_close(w->st);
		goto fail;
	}
	tm_app_init(&w->app, w->st, today, NULL);
	*state = w;
	return 0;
fail:
	free(w);
	return -1;
}

int ws_teardown(void **state)
{
	ws *w = *state;
	tm_app_release(&w->app);
	tm_store_close(w->st);
	if (w->be->close)
		w->be->close(w->dir);
	/* Whatever the backend kept there: the database, its journal, the feed key, the dumps. */
	DIR *d = opendir(w->dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char path[600];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", w->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	int rc = rmdir(w->dir);
	free(w);
	return rc;
}

/* ---- inputs ---- */

void ws_input(const char *file, int line, const tm_input_desc *d, void *in, ...)
{
	va_list ap;
	const char *arg;
	memset(in, 0, d->size);
	va_start(ap, in);
	while ((arg = va_arg(ap, const char *)) != NULL) {
		char name[64];
		const char *eq = strchr(arg, '=');
		tm_error err = TM_ERROR_INIT;
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
		snprintf(name, sizeof(name), "%.*s", (int)len, arg);
		if (tm_input_set(d, name, eq ? eq + 1 : "", in, &err)) {
			print_error("%s: %s refuses '%s': %s\n", d->name, name, arg, err.msg);
			va_end(ap);
			_fail(file, line);
			return;
		}
	}
	va_end(ap);
}

/* ---- the snapshot ---- */

/* Reads into the snapshot must work: a failed one fails the test. */
#define READ(call)                                                                          \
	do {                                                                                \
		tm_error err_ = TM_ERROR_INIT;                                              \
		tm_error *err = &err_;                                                      \
		int rc_ = (call);                                                           \
		if (rc_)                                                                    \
			fail_msg("snapshot: %s: %s", #call, err_.msg);                       \
	} while (0)

static void add_date(tm_buf *out, const char *name, bool has, tm_date d)
{
	char s[TM_DATE_STRLEN];
	tm_buf_printf(out, " %s=%s", name, has ? tm_date_format(d, s) : "-");
}

static void add_offset(tm_buf *out, const char *name, bool has, const tm_offset *off)
{
	char s[TM_OFFSET_STRLEN];
	tm_buf_printf(out, " %s=%s", name, has ? tm_offset_format(off, s) : "-");
}

static void snap_person(tm_buf *out, const tm_person *p)
{
	tm_buf_printf(out, "person %lld name='%s' email='%s' role=%d capacity=%d\n", (long long)p->id, p->name, p->email,
		      p->role, p->capacity);
}

static void snap_launch(tm_buf *out, const tm_launch *l)
{
	tm_buf_printf(out, "launch %lld slug=%s name='%s' tier=%d status=%d confidence=%d quadrant=%d pm=%lld'%s' "
			   "marketing=%lld'%s' version=%lld tasks=%d/%d date_changes=%d",
		      (long long)l->id, l->slug, l->name, l->tier, l->status, l->confidence, l->quadrant, (long long)l->pm_id,
		      l->pm, (long long)l->marketing_id, l->marketing, (long long)l->version, l->tasks_done, l->tasks_total,
		      l->date_changes);
	add_date(out, "date", true, l->date);
	tm_buf_addc(out, '\n');
}

static void snap_task(tm_buf *out, const tm_task *t)
{
	tm_buf_printf(out, "  task %lld launch=%lld/%s title='%s' section='%s' owner=%lld'%s' role=%d reviewers='%s' "
			   "reviewed_by='",
		      (long long)t->id, (long long)t->launch_id, t->launch_slug, t->title, t->section, (long long)t->owner_id,
		      t->owner, t->role, t->reviewers);
	for (const char *p = t->reviewed_by; *p; p++)
		tm_buf_addc(out, *p == '\x1f' ? '|' : *p);
	tm_buf_addc(out, '\'');
	add_offset(out, "offset", t->has_offset, &t->offset);
	add_date(out, "due", t->has_due, t->due);
	add_offset(out, "nb_offset", t->has_nb_offset, &t->nb_offset);
	add_date(out, "not_before", t->has_not_before, t->not_before);
	tm_buf_printf(out, " effort=%d status=%d required=%d milestone=%d source_tier=%d position=%d version=%lld after=[",
		      t->effort_days, t->status, t->required, t->milestone, t->source_tier, t->position,
		      (long long)t->version);
	for (int i = 0; i < t->n_depends_on; i++)
		tm_buf_printf(out, "%s%lld", i ? "," : "", (long long)t->depends_on[i]);
	tm_buf_adds(out, "]\n");
}

/* A launch's baselines, each with the plan it froze (as a comparison with today's reads it). */
static void snap_baselines(tm_app *app, const tm_launch *l, tm_buf *out)
{
	tm_baselines bs = TM_VEC_INIT;
	READ(tm_app_baseline_list(app, l->slug, &bs, err));
	for (size_t i = 0; i < bs.n; i++) {
		const tm_baseline *b = &bs.v[i];
		tm_comparison c;
		memset(&c, 0, sizeof(c));
		tm_buf_printf(out, "  baseline %lld name='%s' at=%s", (long long)b->id, b->name, b->at);
		add_date(out, "launch_date", true, b->launch_date);
		add_date(out, "today", true, b->today);
		tm_buf_addc(out, '\n');
		READ(tm_app_plan_against(app, l->slug, b->name, &c, err));
		for (size_t k = 0; k < c.rows.n; k++) {
			const tm_variance *v = &c.rows.v[k];
			if (!v->in_baseline)
				continue;
			tm_buf_printf(out, "    froze task %lld '%s'", (long long)v->task_id, v->title);
			add_date(out, "ef", true, v->base_ef);
			add_date(out, "lf", true, v->base_lf);
			add_date(out, "due", v->base_has_due, v->base_due);
			tm_buf_addc(out, '\n');
		}
		tm_comparison_release(&c);
	}
	TM_VEC_FREE(&bs);
}

static void snap_launches(tm_app *app, tm_buf *out)
{
	tm_launches all = TM_VEC_INIT;
	tm_launch_query q = { 0 };
	READ(tm_app_launch_list(app, &q, &all, err));
	for (size_t i = 0; i < all.n; i++) {
		tm_launch_detail d;
		tm_launch_brief b;
		tm_buf md = TM_BUF_INIT;
		memset(&d, 0, sizeof(d));
		snap_launch(out, &all.v[i]);
		READ(tm_app_launch_show(app, all.v[i].slug, &d, err));
		for (size_t k = 0; k < d.tasks.n; k++)
			snap_task(out, &d.tasks.v[k]);
		for (size_t k = 0; k < d.owners.n; k++)
			tm_buf_printf(out, "  owner role=%d person=%lld'%s'\n", d.owners.v[k].role,
				      (long long)d.owners.v[k].person_id, d.owners.v[k].person);
		for (size_t k = 0; k < d.history.n; k++) {
			const tm_date_change *c = &d.history.v[k];
			tm_buf_printf(out, "  moved %lld reason='%s' public='%s' by='%s' at=%s", (long long)c->id, c->reason,
				      c->public_reason, c->by, c->at);
			add_date(out, "from", true, c->from);
			add_date(out, "to", true, c->to);
			add_date(out, "on", true, c->on);
			tm_buf_addc(out, '\n');
		}
		tm_launch_detail_release(&d);
		READ(tm_app_brief(app, all.v[i].slug, &b, err));
		tm_app_brief_markdown(&b, &md);
		tm_buf_printf(out, "  brief written=%d\n%s\n", b.written, md.s);
		tm_buf_release(&md);
		snap_baselines(app, &all.v[i], out);
	}
	TM_VEC_FREE(&all);
}

static void snap_calendar(tm_app *app, tm_buf *out)
{
	tm_holidays hs = TM_VEC_INIT;
	tm_freezes fs = TM_VEC_INIT;
	READ(tm_app_holiday_list(app, NULL, NULL, &hs, err));
	for (size_t i = 0; i < hs.n; i++) {
		tm_buf_printf(out, "holiday name='%s'", hs.v[i].name);
		add_date(out, "date", true, hs.v[i].date);
		tm_buf_addc(out, '\n');
	}
	READ(tm_app_freeze_list(app, &fs, err));
	for (size_t i = 0; i < fs.n; i++) {
		tm_buf_printf(out, "freeze %lld name='%s'", (long long)fs.v[i].id, fs.v[i].name);
		add_date(out, "from", true, fs.v[i].start);
		add_date(out, "to", true, fs.v[i].end);
		tm_buf_addc(out, '\n');
	}
	TM_VEC_FREE(&hs);
	TM_VEC_FREE(&fs);
}

static void snap_ledgers(tm_app *app, tm_buf *out)
{
	tm_decisions ds = TM_VEC_INIT;
	tm_audits as = TM_VEC_INIT;
	tm_users us = TM_VEC_INIT;
	tm_tokens ts = TM_VEC_INIT;
	READ(tm_app_decision_list(app, NULL, &ds, err));
	for (size_t i = 0; i < ds.n; i++) {
		const tm_decision *d = &ds.v[i];
		tm_buf_printf(out, "decision %lld launch=%lld/%s what='%s' why='%s' who='%s' at=%s", (long long)d->id,
			      (long long)d->launch_id, d->launch_slug, d->what, d->why, d->who, d->at);
		add_date(out, "on", true, d->on);
		tm_buf_addc(out, '\n');
	}
	READ(tm_app_audit_list(app, 0, 0, &as, err));
	for (size_t i = 0; i < as.n; i++) {
		const tm_audit *a = &as.v[i];
		tm_buf_printf(out, "audit %lld at=%s who='%s' action=%s target='%s' before=%s after=%s\n", (long long)a->id,
			      a->at, a->who, a->action, a->target, a->before ? a->before : "-", a->after ? a->after : "-");
	}
	READ(tm_app_user_list(app, &us, err));
	for (size_t i = 0; i < us.n; i++)
		tm_buf_printf(out, "user %lld name='%s' role=%d person=%lld hash=%s feed=%lld\n", (long long)us.v[i].id,
			      us.v[i].name, us.v[i].role, (long long)us.v[i].person_id, us.v[i].password_hash,
			      (long long)us.v[i].feed_generation);
	READ(tm_app_token_list(app, NULL, &ts, err));
	tm_buf_printf(out, "tokens %zu\n", ts.n);
	TM_VEC_FREE(&ds);
	tm_audits_free(&as);
	TM_VEC_FREE(&us);
	TM_VEC_FREE(&ts);
}

void ws_snapshot(ws *w, tm_buf *out)
{
	tm_people people = TM_VEC_INIT;
	READ(tm_app_person_list(&w->app, &people, err));
	for (size_t i = 0; i < people.n; i++)
		snap_person(out, &people.v[i]);
	TM_VEC_FREE(&people);
	snap_launches(&w->app, out);
	snap_calendar(&w->app, out);
	snap_ledgers(&w->app, out);
	if (w->be->dump) {
		char tmp[600];
		snprintf(tmp, sizeof(tmp), "%s/dump-%d", w->dir, ++w->dumps);
		READ(w->be->dump(&w->app, tmp, out, err));
	}
}

/* The first line where a and b differ, with the line before it, printed. */
static void print_difference(const char *a, const char *b)
{
	int line = 1;
	const char *la = a, *lb = b, *prev = NULL;
	while (*la && *lb) {
		size_t na = strcspn(la, "\n"), nb = strcspn(lb, "\n");
		if (na != nb || memcmp(la, lb, na)) {
			if (prev)
				print_error("  %.*s\n", (int)strcspn(prev, "\n"), prev);
			print_error("line %d before: %.*s\nline %d after:  %.*s\n", line, (int)na, la, line, (int)nb, lb);
			return;
		}
		prev = la;
		la += na + (la[na] == '\n');
		lb += nb + (lb[nb] == '\n');
		line++;
	}
	print_error("line %d: %s\n", line, *la ? "lines are gone after" : "lines were added after");
}

bool ws_check_refused(ws *w, const tm_buf *before, int rc, int code, const char *says, const char *what)
{
	bool ok = true;
	tm_buf after = TM_BUF_INIT;
	tm_error probe = TM_ERROR_INIT;
	size_t len = strlen(w->err.msg);
	if (rc != code || w->err.code != code) {
		print_error("%s: expected %s, got %s (err.code %s): %s\n", what, tm_error_name(code), tm_error_name(rc),
			    tm_error_name(w->err.code), w->err.msg);
		ok = false;
	}
	if (says && !strstr(w->err.msg, says)) {
		print_error("%s: the message does not say \"%s\": %s\n", what, says, w->err.msg);
		ok = false;
	}
	if (!len || w->err.msg[len - 1] == '.') {
		print_error("%s: the message is empty or ends in a period: \"%s\"\n", what, w->err.msg);
		ok = false;
	}
	/* No transaction left open: neither the engine's, nor one the store still counts as open (a
	 * savepoint needs one). */
	if (tm_app_in_transaction(&w->app)) {
		print_error("%s: left a transaction open\n", what);
		ok = false;
	}
	if (tm_app_savepoint(&w->app, &probe) == 0) {
		print_error("%s: the store still counts a transaction as open (a savepoint could start)\n", what);
		tm_app_savepoint_end(&w->app, true, &probe);
		ok = false;
	}
	ws_snapshot(w, &after);
	if (strcmp(before->s, after.s)) {
		print_error("%s: the refused call changed the workspace\n", what);
		print_difference(before->s, after.s);
		ok = false;
	}
	tm_buf_release(&after);
	return ok;
}

/* ---- small helpers ---- */

tm_date D(const char *s)
{
	tm_date d = 0;
	tm_error err = TM_ERROR_INIT;
	if (tm_date_parse(s, &d, &err))
		fail_msg("bad date in a test: %s", s);
	return d;
}

const char *ws_ref(int64_t id, char *buf)
{
	snprintf(buf, 24, "#%lld", (long long)id);
	return buf;
}

const tm_task *ws_task(const tm_tasks *tasks, const char *title)
{
	for (size_t i = 0; i < tasks->n; i++)
		if (!strcmp(tasks->v[i].title, title))
			return &tasks->v[i];
	fail_msg("no task '%s'", title);
	return NULL;
}

bool ws_waits_for(const tm_task *t, int64_t after)
{
	for (int i = 0; i < t->n_depends_on; i++)
		if (t->depends_on[i] == after)
			return true;
	return false;
}
