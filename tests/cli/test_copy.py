#!/usr/bin/env python3
"""tminus copy: a whole workspace moved between SQLite and PostgreSQL, either way and to the same engine.

The source is the demo workspace with a row in every table (users, tokens, a removed user and launch so the
id counters run ahead of the highest ids, decisions, a delay, a baseline, holidays, a freeze, the playbook
setting, sessions, idempotency keys with a binary body, sign-in attempts, the feed key). After each copy:
every --json read answers the same on both workspaces, the next ids handed out are the same, the counts are
the source's rows table by table, and the source has not changed. A target that holds anything is refused
(exit 4, unchanged) unless --replace; a target that rejects a row half way is left exactly as it was; a bad
--from or --to is one line and exit 2 or 3. PostgreSQL comes from the throwaway cluster of tests/pg.py.
"""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import PASSWORD, SRC, SeveralDatabasesCase, Workspace, is_pg, main  # noqa: E402

# The tables of the schema that are not the workspace's rows: the engines' bookkeeping (counters, schema
# version, the PostgreSQL feed key, which travels on its own).
BOOKKEEPING = {"id_sequence", "sqlite_sequence", "tminus_schema", "secrets"}
# SQLite's search index of the decisions (an FTS5 table and its own tables): not a table copy moves, the
# copy builds it anew from the rows (one segment) where the source grew it a decision at a time, so its
# internal tables differ while it finds the same decisions (test_glossary.py searches a copy).
FTS_INTERNALS = ("decisions_fts", "decisions_fts_data", "decisions_fts_idx", "decisions_fts_docsize",
                 "decisions_fts_config")


def build_source(ws):
    """The demo and a row in every table of ws.db (a SQLite file)."""
    ws.tm("demo")
    ws.tm("playbook", "use", os.path.join(SRC, "playbooks", "default.yaml"))
    dark = ws.js("launch", "show", "dark-mode")
    ws.tm("decision", "add", "dark-mode", "Ship without the beta flag", "--why", "the beta found nothing")
    ws.tm("decision", "add", "Freeze pricing until Q2", "--why", "sales asked")
    ws.tm("roadmap", "review", "--notes", "Billing v1 moved to Q1")
    ws.tm("launch", "delay", "dark-mode", "--to", "2027-01-19", "--reason", "design review slipped",
          "--public-reason", "a little later than planned")
    ws.tm("baseline", "save", "usage-based-billing", "kickoff")
    ws.tm("holiday", "add", "2026-12-24", "Christmas Eve")
    ws.tm("holiday", "add", "2026-12-25", "Christmas Day")
    ws.tm("freeze", "add", "2026-12-21", "2027-01-03", "Year-end freeze")
    ws.tm("user", "add", "ana", "--role", "editor", "--person", "Ana Silva", input=PASSWORD + "\n")
    ws.tm("user", "add", "temp", "--role", "viewer", input=PASSWORD + "\n")
    ws.tm("user", "add", "root", "--role", "admin", input=PASSWORD + "\n")
    ws.tm("user", "rm", "temp")
    ws.js("token", "create", "--user", "ana", "--name", "ci", "--scope", "write")
    old = ws.js("token", "create", "--user", "root", "--name", "old", "--scope", "read")
    ws.tm("token", "revoke", str(old["id"]))
    ws.tm("feed", "show", "--user", "ana")  # makes the feed key
    ws.tm("launch", "rm", "faster-search", "--yes")  # the launch and task counters now run past the highest ids
    ana = ws.query("SELECT id FROM users WHERE name = 'ana'")[0][0]
    ws.query("INSERT INTO sessions(hash, user_id, created_at, seen_at, expires_at) "
             "VALUES('ab' || hex(randomblob(30)), ?, '2026-11-22T09:00:00Z', '2026-11-22T09:05:00Z', "
             "'2026-11-29T09:00:00Z')", ana)
    ws.query("INSERT INTO idempotency(user_id, key, request, status, location, content_type, body, created_at) "
             "VALUES(?, 'key-1', 'f00d', 201, '/api/v1/launches/3', 'application/json', ?, '2026-11-22T09:01:00Z')",
             ana, b'{"id": 3}\x00\xff\xfe binary')
    ws.query("INSERT INTO signin_attempts(addr, attempts, last_at, wait_until) VALUES('192.0.2.7', 3, 1795000000, "
             "1795000004)")
    # Migration 13's rows: a person's title, a task's stream and co-owner, a stream's DRI, an approval.
    ws.query("UPDATE people SET title = 'CPO' WHERE id = (SELECT min(id) FROM people)")
    ws.query("UPDATE tasks SET stream = 'pr', external = 1, co_role = 'sales', product = 0 "
             "WHERE id = (SELECT min(id) FROM tasks)")
    ws.query("INSERT INTO launch_dris(launch_id, stream, person_id) SELECT min(l.id), 'pr', min(p.id) "
             "FROM launches l, people p")
    ws.query("INSERT INTO task_approvals(task_id, person_id, at, position) SELECT min(t.id), min(p.id), "
             "'2026-11-22T09:02:00Z', 1 FROM tasks t, people p")
    # Migration 14's rows: a metric and its observations whose values must arrive as the very doubles (the
    # round trip's dump compares them to the last bit): 0.1 + 0.2 and 2/3 need 17 digits (SQLite's own text of
    # a double has 15), and SQLite's own reading of -449.2960122699387, PostgreSQL's text of that double, is
    # one unit off; and a review held.
    ws.query("INSERT INTO metrics(id, launch_id, position, name, kind, unit, direction, baseline, baseline_on, "
             "target_kind, target, target_percent_sign, window_days, owner_id, source, obs_count, latest_on, "
             "latest_value, met_on) SELECT (SELECT last + 1 FROM id_sequence WHERE name = 'metrics'), min(l.id), 99, "
             "'Copy exactness', 'custom', 'EUR', 'up', 0.1 + 0.2, '2026-11-01', 'value', 1.0 / 3 + 1, 0, 120, min(p.id), "
             "'the ledger', 3, '2026-11-21', 2.0 / 3, NULL FROM launches l, people p")
    metric = ws.query("SELECT id FROM metrics WHERE name = 'Copy exactness'")[0][0]
    for on, value in (("2026-11-19", 7e-300), ("2026-11-20", -449.2960122699387), ("2026-11-21", 2.0 / 3)):
        ws.query("INSERT INTO metric_observations(metric_id, on_date, value, note, by, at) "
                 "VALUES(?, ?, ?, 'by hand', 'ana', '2026-11-22T09:03:00Z')", metric, on, value)
    ws.query("INSERT INTO reviews(launch_id, stage, held_on, notes, by, at) SELECT min(id), 'month-2', '2026-11-21', "
             "'## Retrospective\n- ship smaller', 'ana', '2026-11-21T16:00:00Z' FROM launches WHERE true "
             "ON CONFLICT DO NOTHING")
    # Migration 16's rows (issue 15): an imported task's source, a person's reminders, a watcher, a webhook
    # (its secret travels), an email sent and a webhook call waiting in the outbox, a notification mark.
    ws.query("UPDATE tasks SET source = 'asana', source_id = '1204567890' WHERE id = (SELECT max(id) FROM tasks)")
    ws.tm("person", "set", "Ben Okafor", "--notify", "weekly")
    ws.tm("launch", "watch", "usage-based-billing", "Ben Okafor")
    ws.tm("webhook", "add", "https://hooks.example.com/services/T0/B0/x", "--events",
          "launch.date_changed,check.error", "--format", "slack", "--launch", "usage-based-billing", "--allow-private")
    ws.query("INSERT INTO outbox(channel, event, event_key, recipient, person_id, webhook_id, launch_id, subject, "
             "body, html, status, attempts, next_at, last_error, created_at, sent_at) "
             "SELECT 'email', 'digest.daily', 'digest.daily:2026-11-20', p.email, p.id, NULL, NULL, "
             "'Your tasks today', 'Due soon:\n- Help docs', '<p>Due soon</p>', 'sent', 1, '2026-11-20T08:00:00Z', '', "
             "'2026-11-20T07:00:00Z', '2026-11-20T07:00:05Z' FROM people p WHERE p.id = (SELECT min(id) FROM people)")
    ws.query("INSERT INTO outbox(channel, event, event_key, recipient, person_id, webhook_id, launch_id, subject, "
             "body, html, status, attempts, next_at, last_error, created_at, sent_at) "
             "SELECT 'webhook', 'launch.date_changed', 'launch.date_changed:' || w.launch_id || ':1', "
             "'webhook:' || w.id, NULL, w.id, w.launch_id, '', '{\"text\": \"moved\"}', '', 'pending', 2, "
             "'2026-11-22T09:10:00Z', 'HTTP 502: bad gateway', '2026-11-22T09:05:00Z', NULL FROM webhooks w")
    ws.query("INSERT INTO notify_marks(key, value) SELECT 'check:' || min(id), 'tier-gtm-gap' FROM launches")
    return dark


def counts(ws, db):
    """Rows per table of the workspace db, bookkeeping left out."""
    if is_pg(db):
        tables = [r[0] for r in ws.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", db=db)]
    else:
        tables = [r[0] for r in ws.query("SELECT name FROM sqlite_master WHERE type = 'table'", db=db)]
    return {t: ws.query(f'SELECT count(*) FROM "{t}"', db=db)[0][0] for t in tables
            if t not in BOOKKEEPING and t not in FTS_INTERNALS}


class Copy(SeveralDatabasesCase):
    dump_leaves_out = FTS_INTERNALS

    @classmethod
    def setUpClass(cls):
        cls.src = Workspace()
        cls.src.dump_leaves_out = FTS_INTERNALS
        cls.src.db = os.path.join(cls.src.dir, "source.db")
        build_source(cls.src)
        cls.src_dump = cls.src.dump()
        cls.src_counts = counts(cls.src, cls.src.db)
        cls.src_reads = None

    @classmethod
    def tearDownClass(cls):
        cls.src.close()

    def tearDown(self):
        self.assertEqual(self.src.dump(), self.src_dump, "the source changed")
        super().tearDown()

    # -- helpers ---------------------------------------------------------------

    def pg(self):
        """A new empty PostgreSQL database, dropped with the workspace."""
        return self.new_pg()

    def copy(self, frm, to, *more):
        """tminus copy --json; the counts."""
        return self.js("copy", "--from", frm, "--to", to, *more)

    def reads(self, db):
        """Every --json read of the workspace, by command."""
        out = {}

        def read(*args):
            p = self.tm("--json", *args, db=db, code=None)
            out[" ".join(args)] = (p.returncode, p.stdout, p.stderr)
        read("launch", "list")
        read("person", "list")
        read("plan", "--all")
        read("audit", "--limit", "1000")
        read("user", "list")
        read("token", "list")
        read("calendar", "--from", "2026-10-01", "--to", "2027-06-30")
        read("holiday", "list")
        read("freeze", "list")
        read("decision", "list")
        read("playbook", "show")
        read("check")
        read("feed", "show", "--user", "ana")
        read("feed", "show", "--user", "root")
        read("notify", "log")
        read("webhook", "list")
        for launch in json.loads(out["launch list"][1]):
            slug = launch["slug"]
            read("launch", "show", slug)
            read("task", "list", slug)
            read("plan", slug)
            read("brief", slug)
            read("baseline", "list", slug)
        read("plan", "usage-based-billing", "--against", "kickoff")
        return out

    def source_reads(self):
        if Copy.src_reads is None:
            Copy.src_reads = self.reads(self.src.db)
        return Copy.src_reads

    def assertSameReads(self, db, expected=None):
        expected = expected or self.source_reads()
        got = self.reads(db)
        self.assertEqual(sorted(got), sorted(expected))
        for cmd in expected:
            self.assertEqual(got[cmd], expected[cmd], f"tminus --json {cmd} differs on {db}")
        self.assertEqual(expected["launch list"][0], 0)
        self.assertGreater(len(json.loads(expected["audit --limit 1000"][1])), 10)

    def assertSameNextIds(self, a, b):
        """The next launch, task, user, token and audit entry get the same ids in both workspaces."""
        def next_ids(db):
            launch = self.js("launch", "add", "Copy check", "--date", "2027-03-02", "--tier", "4", db=db)
            task = self.js("task", "add", launch["slug"], "One more thing", db=db)
            self.tm("user", "add", "zed", "--role", "viewer", input=PASSWORD + "\n", db=db)
            user = [u for u in self.js("user", "list", db=db) if u["name"] == "zed"][0]
            token = self.js("token", "create", "--user", "zed", "--name", "z", "--scope", "read", db=db)
            audit = self.js("audit", "--limit", "1", db=db)[0]
            return launch["id"], task.get("id", task.get("task", {}).get("id")), user["id"], token["id"], audit["id"]
        ids_a, ids_b = next_ids(a), next_ids(b)
        self.assertEqual(ids_a, ids_b)
        return ids_a

    def assertCounts(self, got):
        self.assertEqual(got, self.src_counts)
        for table, n in got.items():
            self.assertGreater(n, 0, f"the source has no row in {table}: the test would not show it is copied")

    # -- the directions --------------------------------------------------------

    def test_sqlite_to_sqlite_is_the_same_workspace(self):
        to = self.file("copy.db")
        got = self.copy(self.src.db, to)
        self.assertCounts(got)
        self.assertEqual(list(got), [t for t in got])  # one object of counts, in the order copied
        # The same rows, ids and counters: SQLite's own dump of both is the same text.
        self.assertEqual(self.dump(to), self.src_dump)
        self.assertSameReads(to)
        # The feed key travelled beside the file: the feed addresses above were the same.
        with open(self.src.db + ".feed-key") as a, open(to + ".feed-key") as b:
            self.assertEqual(a.read(), b.read())
        self.assertEqual(os.stat(to + ".feed-key").st_mode & 0o777, 0o600)
        # A launch, task, user and token removed before the copy keep their ids unused in the copy too.
        backup = self.file("again.db")
        self.copy(self.src.db, backup)
        ids = self.assertSameNextIds(to, backup)
        self.assertEqual(ids[0], self.src.query("SELECT last FROM id_sequence WHERE name = 'launches'")[0][0] + 1)

    def test_sqlite_to_postgres_and_back(self):
        pg1, pg2, back = self.pg(), self.pg(), self.file("back.db")
        self.assertCounts(self.copy(self.src.db, pg1))
        self.assertSameReads(pg1)
        self.assertEqual(counts(self, pg1), self.src_counts)
        # PostgreSQL → PostgreSQL, then PostgreSQL → SQLite: the round trip is the source, row for row.
        self.assertCounts(self.copy(pg1, pg2))
        self.assertSameReads(pg2)
        self.assertCounts(self.copy(pg2, back))
        self.assertEqual(self.dump(back), self.src_dump)
        # The feed key is the row of secrets on PostgreSQL, the file beside the database on SQLite.
        with open(self.src.db + ".feed-key") as f:
            key = f.read().strip()
        self.assertEqual(self.query("SELECT value FROM secrets WHERE name = 'feed_key'", db=pg2), [(key,)])
        with open(back + ".feed-key") as f:
            self.assertEqual(f.read().strip(), key)
        # The next ids: PostgreSQL's id_sequence and audit identity as SQLite's counters.
        self.assertSameNextIds(pg1, back)
        self.assertSameNextIds(pg2, self.copy_of_source())

    def copy_of_source(self):
        path = self.file(f"src{len(os.listdir(self.dir))}.db")
        self.copy(self.src.db, path)
        return path

    def test_postgres_to_sqlite_of_a_workspace_made_on_postgres(self):
        # A workspace that lived on PostgreSQL (its ids, counters and audit identity PostgreSQL's own).
        made = self.pg()
        self.tm("demo", db=made)
        self.tm("holiday", "add", "2026-12-24", "Christmas Eve", db=made)
        self.tm("launch", "rm", "dark-mode", "--yes", db=made)
        expected = self.reads(made)
        to = self.file("from-pg.db")
        got = self.copy(made, to)
        self.assertEqual(got, counts(self, made))
        self.assertSameReads(to, expected)
        self.assertSameNextIds(made, to)

    # -- refusals ----------------------------------------------------------------

    def test_refuses_a_target_that_holds_anything(self):
        for target in (self.file("busy.db"), self.pg()):
            self.tm("person", "add", "Zoe Park", "--role", "pm", db=target)
            before = self.dump(target)
            p = self.tm("copy", "--from", self.src.db, "--to", target, code=4)
            self.assertRegex(p.stderr, r"^tminus: error: '[^']+' is not empty \(1 people, 1 audit\): give --replace")
            self.assertEqual(p.stderr.count("\n"), 1)
            self.assertEqual(p.stdout, "")
            self.assertEqual(self.dump(target), before)
            # --json: the problem object, exit 4.
            p = self.tm("--json", "copy", "--from", self.src.db, "--to", target, code=4)
            self.assertEqual(json.loads(p.stderr)["parameter"], "--replace")
            self.assertEqual(self.dump(target), before)

    def test_replace(self):
        for target in (self.file("old.db"), self.pg()):
            self.tm("demo", db=target, today="2026-01-05")
            self.tm("person", "add", "Zoe Park", "--role", "pm", db=target)
            got = self.copy(self.src.db, target, "--replace")
            self.assertCounts(got)
            self.assertSameReads(target)
            self.assertNotIn("Zoe Park", self.tm("person", "list", db=target).stdout)
            p = self.tm("copy", "--from", self.src.db, "--to", target, "--replace")
            self.assertIn("replacing what it held", p.stdout)

    def test_bad_from_or_to(self):
        new = self.file("new.db")
        cases = [
            (["--from", self.file("missing.db"), "--to", new], 3, "no workspace at"),
            (["--from", self.src.db, "--to", self.src.db], 2, "is both the workspace copied and the one written"),
            (["--from", self.src.db, "--to", "postgresql://tminus@/nowhere?host=" + self.file("no-socket")], 3,
             "postgresql://tminus@"),
            (["--from", "postgresql://tminus:s3cret@/x?host=" + self.file("no-socket"), "--to", new], 3, "tminus@"),
            (["--from", self.src.db], 2, "--to"),
            (["--to", new], 2, "--from"),
        ]
        notes = self.write("notes.txt", "not a workspace\n" * 100)
        cases.append((["--from", notes, "--to", new], 2, "notes.txt"))
        for args, code, words in cases:
            p = self.tm("copy", *args, code=code)
            self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)
            self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
            self.assertIn(words, p.stderr)
            self.assertNotIn("s3cret", p.stderr)
            self.assertEqual(p.stdout, "")
        self.assertFalse(os.path.exists(new), "a refused copy made its target")

    # -- one transaction -----------------------------------------------------------

    def test_a_failure_half_way_leaves_the_target_as_it_was(self):
        # The target takes every table until the audit log, the last one copied, then rejects a row.
        lite = self.file("picky.db")
        self.tm("person", "list", db=lite)
        self.query("CREATE TRIGGER picky BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'picky: no audit here'); END",
                   db=lite)
        pgdb = self.pg()
        self.tm("person", "list", db=pgdb)
        # (A constraint, not a trigger: the copy turns the target's own triggers off while it writes.)
        self.query("ALTER TABLE audit ADD CONSTRAINT picky CHECK (action = 'no audit here')", db=pgdb)
        for target in (lite, pgdb):
            for replace in ([], ["--replace"]):
                before = self.dump(target)
                p = self.tm("copy", "--from", self.src.db, "--to", target, *replace, code=1)
                self.assertIn("copying audit", p.stderr)
                self.assertIn("picky", p.stderr)
                self.assertEqual(p.stderr.count("\n"), 1)
                self.assertEqual(self.dump(target), before)
                self.assertEqual(self.tm("--json", "launch", "list", db=target).stdout.strip(), "[]")
                # A target that held something, replaced and then failing, keeps what it held.
                self.query("INSERT INTO holidays(date, name) VALUES('2027-05-01', 'May Day') ON CONFLICT DO NOTHING", db=target)
            self.assertEqual(self.query("SELECT name FROM holidays", db=target), [("May Day",)])

    # -- backup on PostgreSQL --------------------------------------------------------

    def test_backup_on_postgres_names_pg_dump(self):
        uri = self.pg()
        self.copy(self.src.db, uri)
        out = self.file("b.dump")
        p = self.tm("backup", out, db=uri, code=2)
        self.assertRegex(p.stderr, r"^tminus: error: a PostgreSQL workspace is backed up with pg_dump, not tminus "
                                   r"backup: pg_dump --format=custom --file='[^']*b\.dump' 'postgresql://")
        self.assertEqual(p.stderr.count("\n"), 1)
        self.assertFalse(os.path.exists(out))
        # The SQLite workspace it came from backs up as before.
        self.tm("backup", self.file("lite.bak"), db=self.src.db)
        self.assertTrue(os.path.exists(self.file("lite.bak")))


if __name__ == "__main__":
    main()
