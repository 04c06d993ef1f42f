#!/usr/bin/env python3
"""The server over a workspace it cannot write, or that another process holds:
errors are classified by code (src/util/error.h), not by their text. A busy
workspace answers 503 with Retry-After; a read-only one serves reads and
answers writes 503 naming the file. And a slug in any script is reached by
its percent-encoded UTF-8 in the path.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_storage.py
"""
import json
import os
import shutil
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import TMINUS, Server, hold_write_lock, main, sqlite_only  # noqa: E402

NOBODY = 65534


class Storage(unittest.TestCase):
    @sqlite_only("SQLite's write lock held by another process (PostgreSQL's outage: tests/api/test_multi.py)")
    def test_a_busy_workspace_is_503_with_retry_after_and_changes_nothing(self):
        s = Server()
        try:
            s.user("w", "admin")
            token = s.token("w", "write")["token"]
            s.start()
            before = s.dump()
            with hold_write_lock(s.db):
                r, data = s.request("POST", "/api/v1/people", {"name": "Dana Reyes", "role": "sales"}, token=token)
            self.assertEqual(r.status, 503, data)
            self.assertEqual(r.getheader("Retry-After"), "1")
            self.assertIn("busy", json.loads(data)["detail"])
            self.assertEqual(before, s.dump())
            r, data = s.request("POST", "/api/v1/people", {"name": "Dana Reyes", "role": "sales"}, token=token)
            self.assertEqual(r.status, 201, data)
        finally:
            s.close()

    @sqlite_only("a read-only SQLite file")
    def test_a_read_only_workspace_serves_reads_and_refuses_writes_by_name(self):
        s = Server()
        try:
            s.user("w", "admin")
            token = s.token("w", "write")["token"]
            s.tm("launch", "list")
            before = s.dump()
            cmd = [TMINUS]
            if os.geteuid() == 0:
                # root writes through permissions: the server runs as nobody, from a copy it can reach.
                copy = os.path.join(s.dir, "tminus")
                shutil.copy(TMINUS, copy)
                os.chmod(copy, 0o755)
                cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", copy]
            os.chmod(s.dir, 0o755)
            os.chmod(s.db, 0o444)
            s.start(command=cmd)
            r, data = s.request("GET", "/api/v1/launches/dark-mode", token=token)
            self.assertEqual(r.status, 200, data)
            r, data = s.request("POST", "/api/v1/people", {"name": "Dana Reyes", "role": "sales"}, token=token)
            self.assertEqual(r.status, 503, data)
            self.assertIsNone(r.getheader("Retry-After"), "waiting does not make a file writable")
            self.assertEqual(json.loads(data)["detail"], f"'{s.db}' is read-only: the file is not writable")
            s.stop()
            self.assertEqual(before, s.dump())
        finally:
            os.chmod(s.dir, 0o755)
            s.close()

    def test_a_slug_in_any_script_is_reached_percent_encoded(self):
        s = Server(demo=False)
        try:
            s.user("w", "admin")
            token = s.token("w", "write")["token"]
            s.start()
            r, data = s.request("POST", "/api/v1/launches", {"name": "Événement été", "date": "2027-03-16", "tier": 4},
                                token=token)
            self.assertEqual(r.status, 201, data)
            self.assertEqual(json.loads(data)["slug"], "événement-été")
            self.assertEqual(r.getheader("Location"), f"/api/v1/launches/{json.loads(data)['id']}")
            path = "/api/v1/launches/" + urllib.parse.quote("événement-été")
            self.assertEqual(path, "/api/v1/launches/%C3%A9v%C3%A9nement-%C3%A9t%C3%A9")
            for suffix in ("", "/brief", "/tasks"):
                r, data = s.request("GET", path + suffix, token=token)
                self.assertEqual(r.status, 200, (suffix, data))
        finally:
            s.close()


if __name__ == "__main__":
    main()
