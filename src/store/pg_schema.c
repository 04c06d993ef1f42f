/*
 * pg_schema.c - the PostgreSQL schema: SQLite's numbered migrations
 * (sqlite_schema.c), one for one, in PostgreSQL's dialect. The tables and
 * columns are the same, so rows map to records alike (rows.c) and `tminus
 * copy` moves a workspace either way. tminus_schema.version records how many
 * have run. A migration is never edited once released: add the next one.
 *
 * The dialect: integers are BIGINT (booleans stay 0/1 integers), text is
 * TEXT COLLATE "C" so that it sorts by bytes as SQLite's does, dates and
 * timestamps are text in the same formats (tm_now()), SQLite's NOCASE
 * uniqueness is a unique index on lower(), and the triggers are PL/pgSQL.
 */
#include "store/pg_internal.h"

#include "util/banned.h"

#define T "TEXT COLLATE \"C\""
#define NOW "tm_now()"

const char *const tm_pg_migrations[] = {
	/* 1: people, launches, tasks and their dependencies, settings. */
	"CREATE FUNCTION tm_now() RETURNS text LANGUAGE sql STABLE AS\n"
	"  $$SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')$$;\n"
	"CREATE FUNCTION tm_now_ms() RETURNS text LANGUAGE sql VOLATILE AS\n"
	"  $$SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')$$;\n"
	"CREATE TABLE settings(\n"
	"  key   " T " PRIMARY KEY,\n"
	"  value " T " NOT NULL\n"
	");\n"
	"CREATE TABLE people(\n"
	"  id         BIGINT PRIMARY KEY,\n"
	"  name       " T " NOT NULL,\n"
	"  email      " T ",\n"
	"  role       " T " NOT NULL,\n"
	"  capacity   BIGINT NOT NULL DEFAULT 5,\n"
	"  created_at " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE UNIQUE INDEX people_name ON people(lower(name));\n"
	"CREATE UNIQUE INDEX people_email ON people(lower(email));\n"
	"CREATE TABLE launches(\n"
	"  id           BIGINT PRIMARY KEY,\n"
	"  slug         " T " NOT NULL UNIQUE,\n"
	"  name         " T " NOT NULL,\n"
	"  tier         BIGINT NOT NULL CHECK (tier BETWEEN 1 AND 4),\n"
	"  date         " T " NOT NULL,\n"
	"  status       " T " NOT NULL DEFAULT 'planned',\n"
	"  confidence   " T " NOT NULL DEFAULT 'medium',\n"
	"  pm_id        BIGINT REFERENCES people(id),\n"
	"  marketing_id BIGINT REFERENCES people(id),\n"
	"  version      BIGINT NOT NULL DEFAULT 1,\n"
	"  tasks_total  BIGINT NOT NULL DEFAULT 0,\n"
	"  tasks_done   BIGINT NOT NULL DEFAULT 0,\n"
	"  created_at   " T " NOT NULL DEFAULT " NOW ",\n"
	"  updated_at   " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE INDEX launches_by_date ON launches(date);\n"
	"CREATE TABLE tasks(\n"
	"  id          BIGINT PRIMARY KEY,\n"
	"  launch_id   BIGINT NOT NULL REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  position    BIGINT NOT NULL,\n"
	"  title       " T " NOT NULL,\n"
	"  section     " T " NOT NULL DEFAULT '',\n"
	"  owner_id    BIGINT REFERENCES people(id),\n"
	"  role        " T ",\n"
	"  reviewers   " T " NOT NULL DEFAULT '',\n"
	"  due_offset  " T ",\n"
	"  due         " T ",\n"
	"  effort_days BIGINT NOT NULL DEFAULT 0 CHECK (effort_days >= 0),\n"
	"  status      " T " NOT NULL DEFAULT 'todo',\n"
	"  required    BIGINT NOT NULL DEFAULT 1,\n"
	"  milestone   BIGINT NOT NULL DEFAULT 0,\n"
	"  source_tier BIGINT,\n"
	"  version     BIGINT NOT NULL DEFAULT 1,\n"
	"  created_at  " T " NOT NULL DEFAULT " NOW ",\n"
	"  updated_at  " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE INDEX tasks_by_launch ON tasks(launch_id, status);\n"
	"CREATE INDEX tasks_by_owner ON tasks(owner_id);\n"
	"CREATE TABLE task_deps(\n"
	"  task_id  BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,\n"
	"  after_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY (task_id, after_id)\n"
	");\n"
	"CREATE INDEX task_deps_by_after ON task_deps(after_id);\n"
	/* The launch's task counters, as SQLite's tasks_count_* triggers keep them. */
	"CREATE FUNCTION tasks_count() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"BEGIN\n"
	"  IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
	"    UPDATE launches SET tasks_total = tasks_total - 1, tasks_done = tasks_done - (OLD.status = 'done')::int\n"
	"    WHERE id = OLD.launch_id;\n"
	"  END IF;\n"
	"  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
	"    UPDATE launches SET tasks_total = tasks_total + 1, tasks_done = tasks_done + (NEW.status = 'done')::int\n"
	"    WHERE id = NEW.launch_id;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_count();\n"
	"CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_count();\n"
	"CREATE TRIGGER tasks_count_update AFTER UPDATE OF status, launch_id ON tasks FOR EACH ROW\n"
	"  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.launch_id IS DISTINCT FROM NEW.launch_id)\n"
	"  EXECUTE FUNCTION tasks_count();\n",

	/* 2: the working-day calendar, launch-day history, the decision ledger, baselines. */
	"ALTER TABLE launches ADD COLUMN date_changes BIGINT NOT NULL DEFAULT 0;\n"
	"CREATE TABLE holidays(\n"
	"  date " T " PRIMARY KEY,\n"
	"  name " T " NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE TABLE freezes(\n"
	"  id    BIGINT PRIMARY KEY,\n"
	"  name  " T " NOT NULL,\n"
	"  start " T " NOT NULL,\n"
	"  \"end\" " T " NOT NULL,\n"
	"  CHECK (start <= \"end\")\n"
	");\n"
	"CREATE TABLE launch_dates(\n"
	"  id        BIGINT PRIMARY KEY,\n"
	"  launch_id BIGINT NOT NULL REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  from_date " T " NOT NULL,\n"
	"  to_date   " T " NOT NULL,\n"
	"  decided   " T " NOT NULL,\n"
	"  reason    " T " NOT NULL,\n"
	"  by        " T " NOT NULL DEFAULT '',\n"
	"  at        " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE INDEX launch_dates_by_launch ON launch_dates(launch_id);\n"
	"CREATE TABLE decisions(\n"
	"  id        BIGINT PRIMARY KEY,\n"
	"  launch_id BIGINT REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  decided   " T " NOT NULL,\n"
	"  what      " T " NOT NULL,\n"
	"  why       " T " NOT NULL,\n"
	"  who       " T " NOT NULL DEFAULT '',\n"
	"  at        " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE INDEX decisions_by_launch ON decisions(launch_id);\n"
	"CREATE INDEX tasks_by_due ON tasks(due);\n"
	"CREATE TABLE baselines(\n"
	"  id          BIGINT PRIMARY KEY,\n"
	"  launch_id   BIGINT NOT NULL REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  name        " T " NOT NULL,\n"
	"  launch_date " T " NOT NULL,\n"
	"  today       " T " NOT NULL,\n"
	"  at          " T " NOT NULL DEFAULT " NOW ",\n"
	"  UNIQUE (launch_id, name)\n"
	");\n"
	"CREATE TABLE baseline_tasks(\n"
	"  baseline_id     BIGINT NOT NULL REFERENCES baselines(id) ON DELETE CASCADE,\n"
	"  task_id         BIGINT NOT NULL,\n"
	"  title           " T " NOT NULL,\n"
	"  due             " T ",\n"
	"  earliest_start  " T " NOT NULL,\n"
	"  earliest_finish " T " NOT NULL,\n"
	"  latest_start    " T " NOT NULL,\n"
	"  latest_finish   " T " NOT NULL,\n"
	"  slack           BIGINT NOT NULL,\n"
	"  critical        BIGINT NOT NULL,\n"
	"  PRIMARY KEY (baseline_id, task_id)\n"
	");\n",

	/* 3: launch briefs (seed 000's template). */
	"CREATE TABLE briefs(\n"
	"  launch_id          BIGINT PRIMARY KEY REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  what               " T " NOT NULL DEFAULT '',\n"
	"  why_users          " T " NOT NULL DEFAULT '',\n"
	"  why_business       " T " NOT NULL DEFAULT '',\n"
	"  audience_primary   " T " NOT NULL DEFAULT '',\n"
	"  audience_secondary " T " NOT NULL DEFAULT '',\n"
	"  headline           " T " NOT NULL DEFAULT '',\n"
	"  competitive        " T " NOT NULL DEFAULT '',\n"
	"  updated_at         " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE TABLE brief_items(\n"
	"  launch_id BIGINT NOT NULL REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  kind      " T " NOT NULL,\n"
	"  position  BIGINT NOT NULL,\n"
	"  a         " T " NOT NULL,\n"
	"  b         " T " NOT NULL DEFAULT '',\n"
	"  c         " T " NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (launch_id, kind, position)\n"
	");\n",

	/* 4: the channel quadrant of seed 001. */
	"ALTER TABLE launches ADD COLUMN quadrant " T ";\n",

	/* 5: users and API tokens for `tminus serve`. */
	"CREATE TABLE users(\n"
	"  id            BIGINT PRIMARY KEY,\n"
	"  name          " T " NOT NULL,\n"
	"  role          " T " NOT NULL,\n"
	"  person_id     BIGINT REFERENCES people(id),\n"
	"  password_hash " T " NOT NULL,\n"
	"  created_at    " T " NOT NULL DEFAULT " NOW "\n"
	");\n"
	"CREATE UNIQUE INDEX users_name ON users(lower(name));\n"
	"CREATE TABLE tokens(\n"
	"  id         BIGINT PRIMARY KEY,\n"
	"  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
	"  name       " T " NOT NULL,\n"
	"  scope      " T " NOT NULL,\n"
	"  hash       " T " NOT NULL UNIQUE,\n"
	"  created_at " T " NOT NULL DEFAULT " NOW ",\n"
	"  expires_at " T ",\n"
	"  revoked_at " T "\n"
	");\n"
	"CREATE INDEX tokens_by_user ON tokens(user_id);\n",

	/* 6: the audit log, idempotency keys, sign-in sessions, feed token generations. */
	"CREATE TABLE audit(\n"
	"  id     BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
	"  at     " T " NOT NULL DEFAULT tm_now_ms(),\n"
	"  who    " T " NOT NULL,\n"
	"  action " T " NOT NULL,\n"
	"  target " T " NOT NULL,\n"
	"  before " T ",\n"
	"  after  " T "\n"
	");\n"
	"CREATE TABLE idempotency(\n"
	"  user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
	"  key          " T " NOT NULL,\n"
	"  request      " T " NOT NULL,\n"
	"  status       BIGINT NOT NULL,\n"
	"  location     " T " NOT NULL DEFAULT '',\n"
	"  content_type " T " NOT NULL DEFAULT '',\n"
	"  body         BYTEA NOT NULL,\n"
	"  created_at   " T " NOT NULL DEFAULT " NOW ",\n"
	"  PRIMARY KEY (user_id, key)\n"
	");\n"
	"CREATE TABLE sessions(\n"
	"  hash       " T " PRIMARY KEY,\n"
	"  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
	"  created_at " T " NOT NULL DEFAULT " NOW ",\n"
	"  seen_at    " T " NOT NULL,\n"
	"  expires_at " T " NOT NULL\n"
	");\n"
	"CREATE INDEX sessions_by_user ON sessions(user_id);\n"
	"ALTER TABLE users ADD COLUMN feed_generation BIGINT NOT NULL DEFAULT 1;\n",

	/* 7: the day before which a task cannot start. */
	"ALTER TABLE tasks ADD COLUMN not_before_offset " T ";\n"
	"ALTER TABLE tasks ADD COLUMN not_before " T ";\n",

	/* 8: who owns each role's tasks on a launch, and who reviews a task. */
	"CREATE TABLE launch_owners(\n"
	"  launch_id BIGINT NOT NULL REFERENCES launches(id) ON DELETE CASCADE,\n"
	"  role      " T " NOT NULL,\n"
	"  person_id BIGINT NOT NULL REFERENCES people(id),\n"
	"  PRIMARY KEY (launch_id, role)\n"
	");\n"
	"CREATE TABLE task_reviewers(\n"
	"  task_id   BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,\n"
	"  person_id BIGINT NOT NULL REFERENCES people(id),\n"
	"  position  BIGINT NOT NULL,\n"
	"  PRIMARY KEY (task_id, person_id)\n"
	");\n",

	/* 9: user and token ids are never reused (SQLite's AUTOINCREMENT: here rows of id_sequence kept
	 * by triggers, which migration 11 extends to launches and tasks), each user has a random feed
	 * salt, and a user may have to choose a password first. SQLite moves the feed secret to a file
	 * beside the database; several servers share nothing but the database, so here it is a row of
	 * secrets. */
	"ALTER TABLE users ADD COLUMN feed_salt " T " NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);\n"
	"ALTER TABLE users ALTER COLUMN feed_salt DROP DEFAULT;\n"
	"ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;\n"
	"CREATE TABLE id_sequence(\n"
	"  name " T " PRIMARY KEY,  -- the table whose ids it hands out\n"
	"  last BIGINT NOT NULL     -- the highest id the table ever held\n"
	");\n"
	"INSERT INTO id_sequence VALUES('users', (SELECT coalesce(max(id), 0) FROM users)),\n"
	"  ('tokens', (SELECT coalesce(max(id), 0) FROM tokens));\n"
	/* An insert takes greatest(last, max(id)) + 1; last only has to remember the ids that are gone, so it
	 * moves when rows are removed, once a statement (a row updated by every insert of a bulk load would
	 * grow a version each time, and every later insert would walk them). */
	"CREATE FUNCTION id_sequence_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"BEGIN\n"
	"  UPDATE id_sequence SET last = greatest(last, (SELECT max(id) FROM gone)) WHERE name = TG_TABLE_NAME;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER users_id_sequence AFTER DELETE ON users REFERENCING OLD TABLE AS gone\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION id_sequence_keep();\n"
	"CREATE TRIGGER tokens_id_sequence AFTER DELETE ON tokens REFERENCING OLD TABLE AS gone\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION id_sequence_keep();\n"
	"CREATE TABLE secrets(\n"
	"  name  " T " PRIMARY KEY,  -- 'feed_key'\n"
	"  value " T " NOT NULL      -- 64 hex digits\n"
	");\n"
	"DELETE FROM settings WHERE key = 'feed_secret';\n",

	/* 10: what customers are told when a launch moves. */
	"ALTER TABLE launch_dates ADD COLUMN public_reason " T " NOT NULL DEFAULT '';\n",

	/* 11: a removed launch's or task's id is never handed out again. */
	"INSERT INTO id_sequence VALUES('launches', (SELECT coalesce(max(id), 0) FROM launches)),\n"
	"  ('tasks', (SELECT coalesce(max(id), 0) FROM tasks));\n"
	"CREATE TRIGGER launches_id_sequence AFTER DELETE ON launches REFERENCING OLD TABLE AS gone\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION id_sequence_keep();\n"
	"CREATE TRIGGER tasks_id_sequence AFTER DELETE ON tasks REFERENCING OLD TABLE AS gone\n"
	"  FOR EACH STATEMENT EXECUTE FUNCTION id_sequence_keep();\n",
	/* 12: failed sign-ins per client address, counted by every server of the workspace. */
	"CREATE TABLE signin_attempts(\n"
	"  addr       " T " PRIMARY KEY,\n"
	"  attempts   BIGINT NOT NULL,\n"
	"  last_at    BIGINT NOT NULL,\n"
	"  wait_until BIGINT NOT NULL\n"
	");\n",
};

const int tm_pg_n_migrations = (int)(sizeof(tm_pg_migrations) / sizeof(tm_pg_migrations[0]));
