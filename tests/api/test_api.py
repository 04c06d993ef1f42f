#!/usr/bin/env python3
"""The HTTP API over real loopback HTTP against a real `tminus serve` and its
SQLite file: the read routes return the CLI's --json contract, errors are
RFC 9457 problem+json, every response carries the security headers, the
framing checks libmicrohttpd 0.9.75 lets through are enforced, oversized
bodies get 413, and SIGTERM stops the server cleanly.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_api.py
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import PASSWORD, Server, WorkspaceCase, main  # noqa: E402


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.db = cls.s.db
        cls.s.user("ana", "editor", "Ana Silva")
        cls.token = cls.s.token("ana", "read")["token"]
        revoked = cls.s.token("ana", "read")
        cls.s.tm("token", "revoke", str(revoked["id"]))
        cls.revoked = revoked["token"]
        cls.writer = cls.s.token("ana", "write")["token"]
        cls.s.start()
        cls.server, cls.port, cls.log = cls.s.proc, cls.s.port, cls.s.log

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def request(self, method, path, body=None, headers=None, token=True):
        """The server's request() with the read token by default; a str token is the whole Authorization
        header (another scheme, a revoked or broken token), a false one sends none."""
        h = dict(headers or {})
        if token is True:
            token = "Bearer " + self.token
        if token:
            h["Authorization"] = token
        return self.s.request(method, path, body=body, headers=h, timeout=10)

    def get_json(self, path, status=200):
        r, data = self.request("GET", path)
        self.assertEqual(r.status, status, data)
        return r, json.loads(data)

    def raw(self, text):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        s.sendall(text.encode())
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out and b"Content-Length" in out:
                head, _, rest = out.partition(b"\r\n\r\n")
                n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
                if len(rest) >= n:
                    break
        s.close()
        return int(out.split(b" ", 2)[1])

    def assert_problem(self, r, data, status, words):
        self.assertEqual(r.status, status, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
        p = json.loads(data)
        self.assertEqual(p["status"], status)
        self.assertIn(words, p["detail"])
        return p

    def test_health_and_security_headers(self):
        r, body = self.get_json("/healthz")
        self.assertEqual(body, {"status": "ok"})
        self.assertIn("frame-ancestors 'none'", r.getheader("Content-Security-Policy"))
        self.assertEqual(r.getheader("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.getheader("Referrer-Policy"), "no-referrer")
        self.assertIn("charset=utf-8", r.getheader("Content-Type"))

    def test_launches_match_the_cli(self):
        _, api = self.get_json("/api/v1/launches?limit=1000")
        cli = self.s.js("launch", "list")
        self.assertEqual(api, cli)
        r, page = self.get_json("/api/v1/launches?limit=2&tier=2")
        self.assertEqual(len(page), 2)
        self.assertEqual({l["tier"] for l in page}, {2})
        self.assertIn('offset=2', r.getheader("Link"))
        self.assertIn('rel="next"', r.getheader("Link"))
        r, last = self.get_json("/api/v1/launches?limit=1000")
        self.assertIsNone(r.getheader("Link"))

    def test_launch_tasks_plan_docs_people(self):
        r, launch = self.get_json("/api/v1/launches/usage-based-billing")
        self.assertEqual(launch["tier"], 1)
        self.assertEqual(len(launch["tasks"]), 34)
        self.assertTrue(r.getheader("ETag").startswith('"'))
        _, by_id = self.get_json(f"/api/v1/launches/{launch['id']}")
        self.assertEqual(by_id["slug"], "usage-based-billing")
        _, tasks = self.get_json("/api/v1/launches/usage-based-billing/tasks?status=done")
        self.assertTrue(all(t["status"] == "done" for t in tasks))
        _, task = self.get_json(f"/api/v1/tasks/{launch['tasks'][0]['id']}")
        self.assertEqual(task["title"], "Value proposition defined")
        _, plan = self.get_json("/api/v1/launches/usage-based-billing/plan")
        self.assertEqual(plan["launch"], "usage-based-billing")
        self.assertTrue(plan["critical_path"])
        r, md = self.request("GET", "/api/v1/launches/usage-based-billing/docs/checklist")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/markdown"))
        self.assertIn(b"## Tier 1 GTM Checklist", md)
        _, people = self.get_json("/api/v1/people")
        self.assertEqual(len(people), 6)

    def test_tokens(self):
        for auth in (False, "Bearer tm_nope", "Bearer " + self.revoked, "Basic YW5hOmFuYQ==", "Bearer " + self.token[:-1]):
            r, data = self.request("GET", "/api/v1/people", token=auth)
            self.assert_problem(r, data, 401, "bearer token")
            self.assertIn("Bearer", r.getheader("WWW-Authenticate"))
        r, _ = self.request("GET", "/healthz", token=False)
        self.assertEqual(r.status, 200)
        with open(self.db, "rb") as f:
            self.assertNotIn(self.token.encode(), f.read(), "only a hash of the token is stored")
        dump = subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, text=True).stdout
        self.assertNotIn(self.token, dump)
        self.assertNotIn(PASSWORD, dump)
        self.assertIn("$argon2id$", dump)

    def dump(self):
        return self.s.dump()

    def patch(self, task, body, etag=None, token=None, ctype="application/json"):
        h = {"Content-Type": ctype}
        if etag:
            h["If-Match"] = etag
        raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self.request("PATCH", f"/api/v1/tasks/{task}", body=raw, headers=h,
                            token=token or "Bearer " + self.writer)

    def test_patch_with_if_match(self):
        tid = self.get_json("/api/v1/launches/dark-mode")[1]["tasks"][0]["id"]
        r, task = self.get_json(f"/api/v1/tasks/{tid}")
        etag = r.getheader("ETag")
        before = self.dump()
        self.assert_problem(*self.patch(tid, {"status": "done"}), 428, "If-Match")
        self.assert_problem(*self.patch(tid, {"status": "done"}, etag, token="Bearer " + self.token), 403, "read")
        self.assert_problem(*self.patch(tid, {"status": "done"}, f'"task-{tid}-v999"'), 412, "changed")
        self.assert_problem(*self.patch(tid, {"status": "done"}, etag, ctype="text/plain"), 415, "application/json")
        self.assert_problem(*self.patch(tid, '{"status": "done", "status": "todo"}', etag), 400, "duplicate")
        self.assert_problem(*self.patch(tid, '{"status": "do', etag), 400, "malformed JSON")
        p = self.assert_problem(*self.patch(tid, {"id": 5}, etag), 400, "read-only")
        self.assertEqual(p["parameter"], "/id")
        p = self.assert_problem(*self.patch(tid, {"colour": "red"}, etag), 400, "unknown field")
        self.assertEqual(p["parameter"], "/colour")
        p = self.assert_problem(*self.patch(tid, {"effort_days": "three"}, etag), 400, "effort_days")
        self.assertEqual(p["parameter"], "/effort_days")
        self.assert_problem(*self.patch(tid, {"status": "finished"}, etag), 400, "finished")
        nested = {"title": "x"}
        for _ in range(40):
            nested = {"a": nested}
        self.assert_problem(*self.patch(tid, {"title": "x", "due": "T-1w", "owner": nested}, etag), 400, "")
        self.assertEqual(before, self.dump(), "rejected PATCHes change nothing")
        r, data = self.patch(tid, {"status": "in_progress", "effort_days": 2}, etag)
        self.assertEqual(r.status, 200, data)
        self.assertEqual(json.loads(data)["status"], "in_progress")
        self.assertNotEqual(r.getheader("ETag"), etag)
        self.assert_problem(*self.patch(tid, {"status": "done"}, etag), 412, "changed")

    def test_eight_clients_race_one_wins(self):
        tid = self.get_json("/api/v1/launches/faster-search")[1]["tasks"][0]["id"]
        for round_ in range(10):
            etag = self.request("GET", f"/api/v1/tasks/{tid}")[0].getheader("ETag")
            results, barrier = [], threading.Barrier(8)

            def client(n):
                barrier.wait()
                r, _ = self.patch(tid, {"title": f"Release notes {round_}-{n}"}, etag)
                results.append(r.status)

            threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(sorted(results), [200] + [412] * 7, f"round {round_}: {results}")

    def test_check_brief_calendar_and_more(self):
        _, check = self.get_json("/api/v1/launches/usage-based-billing/check")
        cli = self.s.tm("--json", "check", "usage-based-billing", code=None)  # exits 1 on blocking problems
        self.assertEqual(check, json.loads(cli.stdout))
        _, brief = self.get_json("/api/v1/launches/usage-based-billing/brief")
        self.assertEqual(brief["headline"], "Only pay for what you use")
        _, cal = self.get_json("/api/v1/calendar?from=2026-11-22&to=2026-12-31")
        self.assertIn("launch", {e["kind"] for e in cal["events"]})
        _, tier = self.get_json("/api/v1/tier-suggestion?significant=true&existing-market=true")
        self.assertEqual(tier["tier"], 2)
        self.assert_problem(*self.request("GET", "/api/v1/tier-suggestion?major=true&bugfix=true"), 400,
                            "contradictory")
        for path in ("/api/v1/holidays", "/api/v1/freezes", "/api/v1/decisions"):
            _, body = self.get_json(path)
            self.assertIsInstance(body, list)

    def test_errors_are_problems(self):
        self.assert_problem(*self.request("GET", "/api/v1/launches/nope"), 404, "unknown launch 'nope'")
        self.assert_problem(*self.request("GET", "/api/v1/tasks/999999"), 404, "unknown task")
        self.assert_problem(*self.request("GET", "/api/v1/tasks/abc"), 400, "invalid task id")
        p = self.assert_problem(*self.request("GET", "/api/v1/launches?limit=5000"), 400, "limit")
        self.assertEqual(p["parameter"], "limit")
        self.assert_problem(*self.request("GET", "/api/v1/launches?tier=9"), 400, "tier")
        self.assert_problem(*self.request("GET", "/api/v1/nothing-here"), 404, "no such resource")
        r, data = self.request("DELETE", "/api/v1/people")
        self.assert_problem(r, data, 405, "method")
        self.assertEqual(r.getheader("Allow"), "GET, POST")
        self.assert_problem(*self.request("GET", "/api/v1/launches/usage-based-billing/docs/press-kit"), 404,
                            "press-kit")

    def test_body_limit(self):
        r, data = self.request("POST", "/api/v1/launches", body=b"x" * (1024 * 1024 + 10),
                               headers={"Content-Type": "application/json"})
        self.assert_problem(r, data, 413, "1 MiB")

    def test_framing_checks(self):
        base = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
        self.assertEqual(self.raw(base + "Connection: close\r\n\r\n"), 200)
        self.assertEqual(self.raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"), 400)
        self.assertEqual(self.raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n"
                                  "Connection: close\r\n\r\nx"), 400)
        self.assertEqual(self.raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                                  "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"), 400)
        self.assertIn(self.raw("GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                      (400, 404))

    def test_zz_sigterm_stops_cleanly(self):
        self.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.wait(timeout=10), 0)
        with open(self.log.name) as f:
            log = f.read()
        lines = [json.loads(l) for l in log.splitlines() if l.startswith("{")]
        self.assertTrue(lines)
        self.assertTrue(all(set(l) == {"ts", "method", "path", "status", "ms"} for l in lines))
        self.assertFalse(any("?" in l["path"] for l in lines), "query strings never reach the log")


class Accounts(WorkspaceCase):
    """The account commands from the command line, and their bad input."""

    def test_users_and_tokens(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.tm("user", "add", "ana", "--role", "admin", "--person", "Ana", input="a long passphrase\n")
        self.tm("user", "add", "vic", "--role", "viewer", input="another passphrase\n")
        users = json.loads(self.tm("--json", "user", "list").stdout)
        self.assertEqual([(u["name"], u["role"], u["person"]) for u in users],
                         [("ana", "admin", "Ana Silva"), ("vic", "viewer", None)])
        self.assertIn("short", self.tm("user", "add", "bo", "--role", "editor", input="short\n", code=2).stderr)
        self.assertIn("role", self.tm("user", "add", "bo", "--role", "boss", input="a long passphrase\n",
                                      code=2).stderr)
        self.assertIn("already exists", self.tm("user", "add", "ANA", "--role", "viewer",
                                                input="a long passphrase\n", code=4).stderr)
        self.assertIn("viewer", self.tm("token", "create", "--user", "vic", "--name", "x", "--scope", "write",
                                        code=2).stderr)
        t = json.loads(self.tm("--json", "token", "create", "--user", "ana", "--name", "ci", "--scope", "write",
                               "--expires", "30").stdout)
        self.assertTrue(t["token"].startswith("tm_"))
        self.assertTrue(t["expires_at"])
        listed = json.loads(self.tm("--json", "token", "list").stdout)
        self.assertEqual([x["name"] for x in listed], ["ci"])
        self.assertNotIn(t["token"], json.dumps(listed))
        self.tm("user", "passwd", "ana", input="a new long passphrase\n")
        self.assertTrue(json.loads(self.tm("--json", "token", "list").stdout)[0]["revoked"])
        self.tm("user", "rm", "vic")
        self.assertEqual(len(json.loads(self.tm("--json", "user", "list").stdout)), 1)
        self.tm("user", "rm", "vic", code=3)


if __name__ == "__main__":
    main()
