#!/usr/bin/env python3
"""The commands for running a workspace, as a user runs them: launch rm,
audit, backup and the calendar feed addresses. Each refusal exits with its
code, says why, and leaves the database exactly as it was."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmtest import Workspace, main  # noqa: E402


class Ops(Workspace):
    def setUp(self):
        super().setUp()
        self.tm("demo")

    def test_launch_rm(self):
        before = self.js("launch", "show", "dark-mode")
        gone = self.js("launch", "rm", "dark-mode")
        self.assertEqual((gone["slug"], gone["id"]), ("dark-mode", before["id"]))
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT count(*) FROM tasks WHERE launch_id = ?", (before["id"],)).fetchone(), (0,))
        con.close()
        self.rejected("launch", "rm", "dark-mode", code=3, words="unknown launch 'dark-mode'")
        p = self.tm("launch", "rm", "slack-integration")
        self.assertRegex(p.stdout, r"removed launch 'slack-integration' \(#\d+\) with its 16 tasks")

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
        self.tm("user", "add", "ana", "--role", "editor", "--person", "Ana Silva", input_text="correct horse battery\n")
        self.tm("user", "add", "boss", "--role", "admin", input_text="correct horse battery\n")
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
        with open(self.db, "rb") as f:
            self.assertNotIn(new["launches"].split("token=")[1].encode(), f.read())


if __name__ == "__main__":
    main()
