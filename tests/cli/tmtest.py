"""What the end-to-end tests share: a workspace on a temporary database,
running the tminus binary as a user would, and the proof that a rejected
command changes nothing (a full SQL dump before and after).

TMINUS names the binary (meson sets it); each test class sets `today`.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

TMINUS = os.environ.get("TMINUS", "build/tminus")


class Workspace(unittest.TestCase):
    today = "2026-11-22"
    user = "Riley"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tminus-test-")
        self.db = os.path.join(self.dir, "t.db")
        self.env = dict(os.environ, NO_COLOR="1", TMINUS_USER=self.user)
        self.env.pop("TMINUS_DB", None)
        self.env.pop("TMINUS_TODAY", None)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def tm(self, *args, code=0, today=None, input_text=None):
        """Runs tminus on the workspace; checks the exit status unless code is None."""
        p = subprocess.run([TMINUS, "--db", self.db, "--today", today or self.today, *args], env=self.env,
                           capture_output=True, text=True, input=input_text)
        if code is not None:
            self.assertEqual(p.returncode, code, f"tminus {' '.join(args)}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def js(self, *args, code=0, today=None):
        return json.loads(self.tm("--json", *args, code=code, today=today).stdout)

    def dump(self):
        con = sqlite3.connect(self.db)
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()

    def rejected(self, *args, code, words):
        """The command fails with `code`, says `words` in its error, prints nothing and changes nothing."""
        before = self.dump()
        p = self.tm(*args, code=code)
        self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)
        self.assertIn(words, p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertEqual(before, self.dump(), f"tminus {' '.join(args)} changed the database")
        return p

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", newline="") as f:
            f.write(text)
        return path


def main():
    """Runs the module's tests and ends with the line CI reads: 'N passed, M failed'."""
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
