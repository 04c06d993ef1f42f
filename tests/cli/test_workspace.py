#!/usr/bin/env python3
"""End-to-end tests of opening a workspace: tminus writes nothing to a file
that is not one of its workspaces (another program's SQLite database, a file
that is not SQLite), marks its own with PRAGMA application_id, keeps opening
workspaces made before the mark, reads a workspace whose file or folder is
read-only and refuses writes to it by name, and says when another process
holds the workspace busy.

Read-only files must really be read-only to the process: as root (CI runs as
root, and root writes through permissions) the binary runs as 'nobody' with
setpriv; as anyone else, plain chmod does.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_workspace.py
"""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import TMINUS, WorkspaceCase, hold_write_lock, main, sqlite_only  # noqa: E402
from schema import migrations  # noqa: E402

APP_ID = 1414359406  # "TMin": PRAGMA application_id of every tminus workspace
NOBODY = 65534


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pragma(path, name):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        con.close()


@sqlite_only("files that are not workspaces: SQLite files and folders "
             "(PostgreSQL's foreign and newer schemas: tests/cli/test_postgres.py)")
class Foreign(WorkspaceCase):
    """Files that are not tminus workspaces are refused and left byte for byte as they were."""

    def refused(self, path, words):
        before = digest(path)
        siblings = sorted(os.listdir(self.dir))
        for args in (["launch", "list"], ["person", "add", "Ana", "--role", "pm"], ["demo"]):
            p = self.tm(*args, db=path, code=2)
            self.assertEqual(p.stdout, "")
            self.assertIn(words, p.stderr)
            self.assertEqual(digest(path), before, f"tminus {' '.join(args)} changed {path}")
            self.assertEqual(sorted(os.listdir(self.dir)), siblings, "no journal or WAL file left beside it")
        return p

    def test_another_programs_database(self):
        path = os.path.join(self.dir, "other.db")
        subprocess.run(["sqlite3", path, "create table foo(x); insert into foo values (1)"], check=True)
        p = self.refused(path, f"'{path}' is not a tminus workspace (it holds table foo)")
        self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)

    def test_several_tables_are_named(self):
        path = os.path.join(self.dir, "app.db")
        con = sqlite3.connect(path)
        con.executescript("create table orders(x); create table customers(y);")
        con.close()
        self.refused(path, "(it holds tables customers, orders)")

    def test_a_database_with_tminus_like_tables_but_another_id(self):
        path = os.path.join(self.dir, "marked.db")
        con = sqlite3.connect(path)
        con.executescript("PRAGMA application_id = 42; create table launches(x);")
        con.close()
        self.refused(path, "application id is 42")

    def test_a_file_that_is_not_sqlite(self):
        path = self.write("notes.db", "These are my notes, not a database.\n" * 10)
        self.refused(path, "is not a tminus workspace (it is not a SQLite database)")
        short = self.write("short.db", "hi\n")
        self.refused(short, "it is not a SQLite database")

    def test_a_folder(self):
        p = self.tm("launch", "list", code=None)  # creates the workspace; the folder is next
        self.assertEqual(p.returncode, 0, p.stderr)
        p = self.bare("--db", self.dir, "launch", "list", code=2)
        self.assertIn("it is a folder", p.stderr)


@sqlite_only("PRAGMA application_id and user_version mark a SQLite file")
class Marked(WorkspaceCase):
    def test_a_new_workspace_is_marked_with_its_schema_version(self):
        self.tm("launch", "list")
        self.assertEqual(pragma(self.db, "application_id"), APP_ID)
        self.assertGreaterEqual(pragma(self.db, "user_version"), 6)

    def test_an_empty_file_or_empty_database_becomes_a_workspace(self):
        open(self.db, "w").close()
        self.tm("person", "add", "Ana", "--role", "pm")
        self.assertEqual(pragma(self.db, "application_id"), APP_ID)
        other = os.path.join(self.dir, "blank.db")
        con = sqlite3.connect(other)  # a SQLite database that holds nothing
        con.executescript("CREATE TABLE t(x); DROP TABLE t;")
        con.close()
        self.assertGreater(os.path.getsize(other), 0)
        self.bare("--db", other, "launch", "list")
        self.assertEqual(pragma(other, "application_id"), APP_ID)

    def test_a_workspace_from_before_the_mark_opens_and_is_marked_by_its_next_write(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA application_id = 0")
        con.close()
        self.assertEqual(pragma(self.db, "application_id"), 0)
        self.assertIn("Ana", self.tm("person", "list").stdout)
        self.assertEqual(pragma(self.db, "application_id"), 0, "a read writes nothing")
        before = self.dump()
        self.tm("person", "add", "Ana", "--role", "pm", code=4)  # a rejected write leaves it as it was
        self.assertEqual(pragma(self.db, "application_id"), 0)
        self.assertEqual(before, self.dump())
        self.tm("person", "add", "Ben", "--role", "marketing")
        self.assertEqual(pragma(self.db, "application_id"), APP_ID)
        self.assertIn("Ben", self.tm("person", "list").stdout)

    def test_an_old_schema_is_upgraded_and_marked(self):
        # Schema version 5 as an older tminus wrote it, unmarked: its migrations run, then the mark.
        every = migrations()
        self.assertGreaterEqual(len(every), 6)
        con = sqlite3.connect(self.db)
        for sql in every[:5]:
            con.executescript(sql)
        con.execute("PRAGMA user_version = 5")
        con.close()
        self.tm("person", "add", "Ana", "--role", "pm")
        self.assertEqual(pragma(self.db, "user_version"), len(every))
        self.assertEqual(pragma(self.db, "application_id"), APP_ID)
        fresh = os.path.join(self.dir, "fresh.db")
        self.bare("--db", fresh, "launch", "list")
        self.assertEqual(pragma(fresh, "user_version"), len(every))

    def test_schema_12_keeps_its_people_and_tasks_with_the_seeds_fields_unset(self):
        # Migration 13 adds a task's stream, external copy, co-owner and product flag, a person's title,
        # and the tables of stream DRIs and approvals: rows from before read as none of them.
        every = migrations()
        self.assertGreaterEqual(len(every), 13)
        con = sqlite3.connect(self.db)
        for sql in every[:12]:
            con.executescript(sql)
        con.executescript("INSERT INTO people(id, name, role) VALUES(1, 'Ana Silva', 'pmm');"
                          "INSERT INTO launches(id, slug, name, tier, date) VALUES(1, 'sso', 'SSO', 2, '2027-03-16');"
                          "INSERT INTO tasks(id, launch_id, position, title, role, effort_days) "
                          "VALUES(1, 1, 1, 'Launch blog post', 'marketing', 2);"
                          "INSERT INTO task_reviewers(task_id, person_id, position) VALUES(1, 1, 1);")
        con.execute("PRAGMA user_version = 12")
        con.commit()
        con.close()
        tasks = self.js("task", "list", "sso")
        self.assertEqual([t["title"] for t in tasks], ["Launch blog post"])
        self.assertEqual(pragma(self.db, "user_version"), len(every))
        self.assertEqual(self.query("SELECT stream, external, co_role, product FROM tasks"), [("", 0, None, 0)])
        self.assertEqual(self.query("SELECT title FROM people"), [("",)])
        self.assertEqual(self.query("SELECT count(*) FROM launch_dris"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM task_approvals"), [(0,)])
        # The new tables hang from launches and tasks: removing the launch takes its DRIs and approvals.
        self.query("INSERT INTO launch_dris(launch_id, stream, person_id) VALUES(1, 'pr', 1)")
        self.query("INSERT INTO task_approvals(task_id, person_id, at, position) VALUES(1, 1, '2027-01-04T09:00:00Z', 1)")
        self.tm("launch", "rm", "sso", "--yes")
        self.assertEqual(self.query("SELECT count(*) FROM launch_dris"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM task_approvals"), [(0,)])
        self.assertEqual([p["name"] for p in self.js("person", "list")], ["Ana Silva"])

    def test_schema_13_gains_metrics_observations_and_reviews(self):
        # Migration 14 adds a launch's success metrics (their summary on the row), their observations and the
        # reviews held: a schema-13 workspace keeps its launches and has none of them yet; they hang from the
        # launch (removing it takes them), a metric's name is unique per launch whatever its case, and a removed
        # metric's id is not handed out again.
        every = migrations()
        self.assertGreaterEqual(len(every), 14)
        con = sqlite3.connect(self.db)
        for sql in every[:13]:
            con.executescript(sql)
        con.executescript("INSERT INTO people(id, name, role) VALUES(1, 'Ana Silva', 'pm');"
                          "INSERT INTO launches(id, slug, name, tier, date, status) "
                          "VALUES(1, 'sso', 'SSO', 2, '2027-03-16', 'launched');")
        con.execute("PRAGMA user_version = 13")
        con.commit()
        con.close()
        self.assertEqual([l["slug"] for l in self.js("launch", "list")], ["sso"])
        self.assertEqual(pragma(self.db, "user_version"), len(every))
        for table in ("metrics", "metric_observations", "reviews"):
            self.assertEqual(self.query(f"SELECT count(*) FROM {table}"), [(0,)])
        add = ("INSERT INTO metrics(id, launch_id, position, name, kind, unit, direction, baseline, target_kind, "
               "target, window_days, owner_id) VALUES((SELECT last + 1 FROM id_sequence WHERE name = 'metrics'), "
               "1, ?, ?, 'activation', '%', 'up', 40, 'percent', 20, 90, 1)")
        self.query(add, 1, "Activation rate")
        with self.assertRaises(sqlite3.IntegrityError):
            self.query(add, 2, "ACTIVATION RATE")
        self.query(add, 2, "NPS")
        self.query("DELETE FROM metrics WHERE name = 'NPS'")
        self.query(add, 2, "Churn")
        self.assertEqual(self.query("SELECT id, name FROM metrics ORDER BY id"), [(1, "Activation rate"), (3, "Churn")])
        self.query("INSERT INTO metric_observations(metric_id, on_date, value) VALUES(1, '2027-03-20', 41.5)")
        self.query("INSERT INTO reviews(launch_id, stage, held_on, notes) VALUES(1, 'week-1', '2027-03-23', 'ok')")
        self.tm("launch", "rm", "sso", "--yes")
        for table in ("metrics", "metric_observations", "reviews"):
            self.assertEqual(self.query(f"SELECT count(*) FROM {table}"), [(0,)])
        self.assertEqual(self.query("SELECT last FROM id_sequence WHERE name = 'metrics'"), [(3,)])


@sqlite_only("file and folder permissions of a SQLite workspace")
class ReadOnly(WorkspaceCase):
    """A workspace that cannot be written: reads work, writes say so by name, nothing changes."""

    def setUp(self):
        super().setUp()
        os.chmod(self.dir, 0o755)
        self.tm("demo")
        self.tm("launch", "list")  # the last connection closes: no -wal or -shm is left
        self.assertEqual(sorted(os.listdir(self.dir)), ["t.db"])
        self.root = os.geteuid() == 0
        self.binary = TMINUS
        if self.root:
            # nobody must reach the binary: a copy in the test's folder (the system libraries it links are everyone's).
            self.binary = os.path.join(self.dir, "tminus")
            shutil.copy(TMINUS, self.binary)
            os.chmod(self.binary, 0o755)

    def tearDown(self):
        os.chmod(self.dir, 0o755)
        super().tearDown()

    def reader(self, *args, code=0):
        """Runs tminus as someone who may not write what the test made read-only."""
        cmd = [self.binary, "--db", self.db, "--today", self.today, *args]
        if self.root:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if code is not None:
            self.assertEqual(p.returncode, code, f"tminus {' '.join(args)}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def folder_for_writer(self, writable):
        """The folder writable (or not) by the reader; the file's own mode is set by each test."""
        os.chmod(self.dir, 0o777 if writable and self.root else 0o755 if writable else 0o555)

    def file_for_writer(self, writable):
        os.chmod(self.db, 0o666 if writable else 0o444)
        if self.root and writable:
            os.chown(self.db, NOBODY, NOBODY)

    def check_reads_and_refused_write(self, why):
        before = digest(self.db)
        listing = self.reader("launch", "list").stdout
        self.assertIn("usage-based-billing", listing)
        self.assertIn("Dark mode", self.reader("launch", "show", "dark-mode").stdout)
        self.reader("--json", "check", "--all", code=1)
        self.reader("plan", "usage-based-billing")
        self.reader("doc", "slack-integration", "go-no-go")
        for args in (["person", "add", "Zoé", "--role", "pm"], ["launch", "delay", "dark-mode", "--to", "2026-12-14",
                                                                 "--reason", "QA"], ["task", "done", "17"]):
            p = self.reader(*args, code=1)
            self.assertEqual(p.stdout, "")
            self.assertEqual(p.stderr, f"tminus: error: '{self.db}' is read-only: {why}\n")
        self.assertEqual(digest(self.db), before)

    def test_a_read_only_file(self):
        self.file_for_writer(False)
        self.folder_for_writer(True)
        self.check_reads_and_refused_write("the file is not writable")

    def test_a_read_only_folder(self):
        self.file_for_writer(True)
        self.folder_for_writer(False)
        self.check_reads_and_refused_write(
            "its folder is not writable (SQLite keeps its journal beside the file)")
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(["t.db"] + (["tminus"] if self.root else [])))

    def test_a_read_only_folder_and_a_database_in_rollback_mode(self):
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA journal_mode = DELETE")
        con.close()
        self.file_for_writer(True)
        self.folder_for_writer(False)
        self.check_reads_and_refused_write(
            "its folder is not writable (SQLite keeps its journal beside the file)")

    def test_both(self):
        self.file_for_writer(False)
        self.folder_for_writer(False)
        self.check_reads_and_refused_write("the file is not writable")

    def test_no_new_workspace_in_a_read_only_folder(self):
        self.folder_for_writer(False)
        self.db = os.path.join(self.dir, "new.db")
        p = self.reader("launch", "list", code=1)
        self.assertIn(f"cannot create the workspace '{self.db}': its folder is not writable", p.stderr)
        self.assertFalse(os.path.exists(self.db))

    def test_the_reader_really_cannot_write(self):
        """The harness itself: what the tests call read-only is read-only to the process they run."""
        self.file_for_writer(False)
        self.folder_for_writer(False)
        cmd = ["sh", "-c", f"echo x >> '{self.db}' || exit 7"]
        if self.root:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]
        self.assertEqual(subprocess.run(cmd, capture_output=True).returncode, 7)


@sqlite_only("SQLite's one writer at a time (a file lock); PostgreSQL's writers wait on rows "
             "(tests/api/test_race.py races them)")
class Busy(WorkspaceCase):
    def test_a_write_while_another_process_holds_the_lock_says_busy(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        before = self.dump()
        with hold_write_lock(self.db):
            p = self.tm("person", "add", "Ben", "--role", "pm", code=1)
        self.assertIn("the database is busy", p.stderr)
        self.assertEqual(before, self.dump())
        self.tm("person", "add", "Ben", "--role", "pm")


if __name__ == "__main__":
    main()
