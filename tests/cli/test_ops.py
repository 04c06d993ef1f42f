#!/usr/bin/env python3
"""The commands for running a workspace, as a user runs them: launch rm,
audit, backup and the calendar feed addresses. Each refusal exits with its
code, says why, and leaves the database exactly as it was."""
import json
import os
import pty
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import PASSWORD, TMINUS, WorkspaceCase, main, sqlite_only  # noqa: E402


class Ops(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.tm("demo")

    def test_launch_rm(self):
        before = self.js("launch", "show", "dark-mode")
        # Not on a terminal: --yes or nothing.
        self.rejected("launch", "rm", "dark-mode", code=2, words="give --yes to confirm (nothing was removed)")
        gone = self.js("launch", "rm", "dark-mode", "--yes")
        self.assertEqual((gone["slug"], gone["id"]), ("dark-mode", before["id"]))
        self.assertEqual(self.query("SELECT count(*) FROM tasks WHERE launch_id = ?", before["id"]), [(0,)])
        self.rejected("launch", "rm", "dark-mode", "--yes", code=3, words="unknown launch 'dark-mode'")
        p = self.tm("launch", "rm", "slack-integration", "--yes")
        self.assertRegex(p.stdout, r"removed launch 'slack-integration' \(#\d+\) with its 19 tasks")

    def test_launch_rm_asks_on_a_terminal(self):
        def on_terminal(answer):
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(TMINUS, [TMINUS, "--db", self.db, "--today", self.today, "launch", "rm", "csv-import-fixes"],
                          self.env)
            out = b""
            while b"[y/N]" not in out:
                out += os.read(fd, 1024)
            os.write(fd, answer + b"\n")
            try:
                while True:
                    chunk = os.read(fd, 1024)
                    if not chunk:
                        break
                    out += chunk
            except OSError:
                pass
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), out.decode()
        before = self.dump()
        code, out = on_terminal(b"n")
        self.assertIn("remove launch 'csv-import-fixes'", out)
        self.assertEqual(code, 2)
        self.assertIn("not confirmed", out)
        self.assertEqual(before, self.dump())
        code, out = on_terminal(b"y")
        self.assertEqual(code, 0, out)
        self.assertIn("removed launch 'csv-import-fixes'", out)

    def test_task_rm_of_a_task_others_wait_for(self):
        tasks = {t["title"]: t for t in self.js("task", "list", "usage-based-billing")}
        launch = tasks["Launch"]
        p = self.rejected("task", "rm", str(launch["id"]), code=4, words="Monitor support tickets")
        self.assertIn("--force", p.stderr)
        gone = self.js("task", "rm", str(launch["id"]), "--force")
        waiting = [t["id"] for t in tasks.values() if launch["id"] in t["depends_on"]]
        self.assertEqual(sorted(gone["no_longer_waiting"]), sorted(waiting))
        after = {t["id"]: t for t in self.js("task", "list", "usage-based-billing")}
        for w in waiting:
            self.assertEqual(sorted(after[w]["depends_on"]), sorted(launch["depends_on"]), "reconnected to what it waited for")

    def test_risky_changes_warn(self):
        self.tm("holiday", "add", "2027-03-17", "Saint Patrick's Day")
        self.tm("freeze", "add", "2027-06-01", "2027-06-15", "Mid-year freeze")
        for date, rule in (("2026-11-02", "launch-day-passed"), ("2027-03-13", "weekend-launch"),
                           ("2027-03-17", "weekend-launch"), ("2027-06-03", "freeze-conflict"),
                           ("2026-12-18", "launch-collision")):
            p = self.tm("launch", "add", f"Risky {date}", "--date", date, "--tier", "1")
            self.assertIn(f"({rule})", p.stderr)
            self.assertTrue(p.stderr.startswith("tminus: warning: "), p.stderr)
            slug = f"risky-{date}"
            self.assertIn(rule, [w["rule"] for w in json.loads(self.tm("--json", "launch", "set", slug, "--confidence",
                                                                       "low").stdout)["warnings"]])
        quiet = self.tm("launch", "add", "Calm", "--date", "2027-04-13", "--tier", "3")
        self.assertEqual(quiet.stderr, "")
        p = self.tm("launch", "delay", "calm", "--to", "2027-06-02", "--reason", "x")
        self.assertIn("(freeze-conflict)", p.stderr)
        p = self.tm("launch", "set", "calm", "--status", "launched")
        self.assertIn("(launched-early)", p.stderr)

    def test_every_change_is_audited_once_with_who_did_it(self):
        n = len(self.js("audit", "--limit", "100000"))
        self.tm("task", "set", "1", "--status", "done")
        self.tm("holiday", "add", "2027-03-03", "Offsite")
        self.rejected("holiday", "add", "2027-03-03", "Again", code=4, words="2027-03-03")
        rows = self.js("audit", "--limit", "100000")
        self.assertEqual(len(rows), n + 2, "one row per change, none for the refused one")
        self.assertEqual([(r["action"], r["who"]) for r in rows[:2]], [("holiday.add", "Riley"), ("task.update", "Riley")])
        self.assertEqual(rows[1]["after"]["status"], "done")
        self.assertNotEqual(rows[1]["before"]["status"], "done")
        table = self.tm("audit", "--limit", "2").stdout
        self.assertIn("holiday.add", table)
        self.assertIn("holiday 2027-03-03", table)
        self.rejected("audit", "--limit", "0", code=2, words="limit")

    @sqlite_only("backup copies the SQLite file; on PostgreSQL it points at pg_dump (tests/cli/test_postgres.py)")
    def test_backup(self):
        out = os.path.join(self.dir, "copy.db")
        self.assertIn("backed up", self.tm("backup", out).stdout)
        con = sqlite3.connect(out)
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone(), ("ok",))
        self.assertEqual(con.execute("SELECT count(*) FROM launches").fetchone()[0], len(self.js("launch", "list")))
        con.close()
        self.rejected("backup", out, code=4, words="already exists")
        self.rejected("backup", os.path.join(self.dir, "no", "such", "dir.db"), code=1, words="cannot")
        self.rejected("backup", code=2, words="FILE")

    def test_feed_addresses(self):
        self.tm("user", "add", "ana", "--role", "editor", "--person", "Ana Silva", input=PASSWORD + "\n")
        self.tm("user", "add", "boss", "--role", "admin", input=PASSWORD + "\n")
        ana = self.js("feed", "show", "--user", "ana", "--base", "https://tminus.example.com/")
        self.assertRegex(ana["launches"], r"^https://tminus\.example\.com/feeds/launches\.ics\?token=tf_\d+_[\w-]+$")
        self.assertRegex(ana["person"], r"^https://tminus\.example\.com/feeds/people/1\.ics\?token=tf_")
        self.assertEqual(self.js("feed", "show", "--user", "ana", "--base", "https://tminus.example.com"), ana,
                         "the address stays the same until reset")
        self.assertIsNone(self.js("feed", "show", "--user", "boss")["person"])
        self.assertIn("not linked to a person", self.tm("feed", "show", "--user", "boss").stdout)
        new = self.js("feed", "reset", "--user", "ana", "--base", "https://tminus.example.com")
        self.assertNotEqual(new["launches"], ana["launches"])
        self.rejected("feed", "show", "--user", "nobody", code=3, words="unknown user 'nobody'")
        self.rejected("feed", "show", code=2, words="missing --user NAME")
        self.rejected("feed", "reset", code=2, words="missing --user NAME")
        self.assertNotIn(new["launches"].split("token=")[1].encode(), self.raw())


if __name__ == "__main__":
    main()
