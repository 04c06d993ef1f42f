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
        self.assertEqual(len(launch["tasks"]), 50)
        self.assertTrue(r.getheader("ETag").startswith('"'))
        _, by_id = self.get_json(f"/api/v1/launches/{launch['id']}")
        self.assertEqual(by_id["slug"], "usage-based-billing")
        _, tasks = self.get_json("/api/v1/launches/usage-based-billing/tasks?status=done")
        self.assertTrue(all(t["status"] == "done" for t in tasks))
        _, task = self.get_json(f"/api/v1/tasks/{launch['tasks'][0]['id']}")
        self.assertEqual(task["title"], "Feature defined")  # the product track comes first
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
        self.assertNotIn(self.token.encode(), self.s.raw(), "only a hash of the token is stored")
        dump = self.s.dump()
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
        # A task with effort (the product track's Code complete, first, is a milestone).
        tid = next(t for t in self.get_json("/api/v1/launches/dark-mode")[1]["tasks"] if not t["milestone"])["id"]
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


class UiApi(unittest.TestCase):
    """What the web UI asks of the API beyond the command line's routes: today in /me, readiness and an owner
    filter on the launch list, dry runs of a new launch and of a delay, why a task is critical, the plan against
    a baseline, the baselines, and the team's load with the tasks behind each week."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.s.user("ana", "editor", "Ana Silva")
        cls.s.user("vic", "viewer")
        cls.s.user("root", "admin")
        cls.s.tm("freeze", "add", "2026-12-21", "2027-01-04", "Year end")
        cls.s.tm("baseline", "save", "usage-based-billing", "kickoff")
        cls.writer = cls.s.token("ana", "write")["token"]
        cls.viewer = cls.s.token("vic", "read")["token"]
        cls.admin = cls.s.token("root", "write")["token"]
        cls.s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def call(self, method, path, body=None, token=None):
        r, data = self.s.request(method, path, body=body, token=token or self.writer)
        return r, json.loads(data) if data else None

    def ok(self, path):
        r, body = self.call("GET", path)
        self.assertEqual(r.status, 200, body)
        return body

    def problem(self, method, path, status, parameter, body=None, token=None):
        r, p = self.call(method, path, body, token)
        self.assertEqual(r.status, status, p)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
        self.assertEqual(p.get("parameter"), parameter, p)
        return p

    def test_me_says_today(self):
        me = self.ok("/api/v1/me")
        self.assertEqual(me["today"], self.s.today)
        self.assertEqual(me["person"], "Ana Silva")
        self.assertIsInstance(me["person_id"], int)

    def test_my_tasks_name_their_launch_and_due_date(self):
        tasks = self.ok("/api/v1/me/tasks?limit=1000")
        self.assertTrue(tasks)
        names = {l["slug"]: l["name"] for l in self.ok("/api/v1/launches?limit=1000")}
        for t in tasks:
            self.assertEqual(t["launch_name"], names[t["launch"]])
            self.assertIn("due", t)
            self.assertEqual(t["owner"], "Ana Silva")

    def test_readiness_on_the_list_is_the_checks(self):
        launches = self.ok("/api/v1/launches?with=readiness&limit=1000")
        self.assertEqual(len(launches), len(self.ok("/api/v1/launches?limit=1000")))
        for l in launches:
            check = self.ok(f"/api/v1/launches/{l['slug']}/check")
            self.assertEqual(l["readiness"], {k: check[k] for k in ("score", "errors", "warnings")}, l["slug"])
        self.assertNotIn("readiness", self.ok("/api/v1/launches")[0])
        self.problem("GET", "/api/v1/launches?with=everything", 400, "with")

    def test_readiness_follows_every_change_of_the_load(self):
        """Each worker thread remembers everyone's load between reads: a change made elsewhere (the command line)
        or through the server must show in the next check, as the command line computes it."""
        def cli(slug):
            c = json.loads(self.s.tm("--json", "check", slug, code=None).stdout)  # 1 on any error finding
            return {k: c[k] for k in ("score", "errors", "warnings")}, sorted((f["rule"], f["message"]) for f in c["findings"])

        def api(slug):
            c = self.ok(f"/api/v1/launches/{slug}/check")
            listed = next(l for l in self.ok("/api/v1/launches?with=readiness&limit=1000") if l["slug"] == slug)
            self.assertEqual(listed["readiness"], {k: c[k] for k in ("score", "errors", "warnings")})
            return {k: c[k] for k in ("score", "errors", "warnings")}, sorted((f["rule"], f["message"]) for f in c["findings"])

        slug = "usage-based-billing"
        for _ in range(3):  # every worker thread makes its memo
            self.assertEqual(api(slug), cli(slug))
        before = api(slug)
        self.assertIn("owner-overload", [rule for rule, _ in before[1]])
        people = [p["name"] for p in json.loads(self.s.tm("--json", "person", "list").stdout)]
        for name in people:                                            # another process: nobody overloaded
            self.s.tm("person", "set", name, "--capacity", "7")
        after = api(slug)
        self.assertEqual(after, cli(slug))
        self.assertNotEqual(after, before)  # Ana is booked over 7 days a week no more in 2026-W52
        for name in people:
            self.s.tm("person", "set", name, "--capacity", "5")
        self.assertEqual(api(slug), before)
        r, _ = self.call("PATCH", "/api/v1/people/Ana%20Silva", {"capacity": 7}, token=self.admin)  # the server's own write
        self.assertEqual(r.status, 200)
        self.assertEqual(api(slug), cli(slug))
        r, _ = self.call("PATCH", "/api/v1/people/Ana%20Silva", {"capacity": 5}, token=self.admin)
        self.assertEqual(api(slug), before)
        # A dry run computes a check on a state it then rolls back: nothing of it may be remembered.
        r, _ = self.call("POST", f"/api/v1/launches/{slug}/delay?dry_run=true", {"to": "2027-03-03", "reason": "x"})
        self.assertEqual(r.status, 200)
        self.assertEqual(api(slug), before)

    def test_owner_filter(self):
        everyone = self.ok("/api/v1/launches?limit=1000")
        ana = self.ok("/api/v1/launches?owner=Ana%20Silva&limit=1000")
        self.assertEqual([l["slug"] for l in ana],
                         [l["slug"] for l in everyone if "Ana Silva" in (l["pm"], l["marketing"])])
        # A role owner named on a launch counts too.
        self.s.tm("person", "add", "Dana Reyes", "--role", "sales")
        r, _ = self.call("PATCH", "/api/v1/launches/dark-mode", {"owners": {"sales": "Dana"}})
        self.assertEqual(r.status, 428)  # needs If-Match: read it first
        etag = self.s.request("GET", "/api/v1/launches/dark-mode", token=self.writer)[0].getheader("ETag")
        r, body = self.s.request("PATCH", "/api/v1/launches/dark-mode", body={"owners": {"sales": "Dana"}},
                                 headers={"If-Match": etag}, token=self.writer)
        self.assertEqual(r.status, 200, body)
        self.assertEqual([l["slug"] for l in self.ok("/api/v1/launches?owner=Dana")], ["dark-mode"])
        before = self.s.dump()
        p = self.problem("GET", "/api/v1/launches?owner=Nobody", 404, "owner")
        self.assertIn("unknown person 'Nobody'", p["detail"])
        self.assertEqual(before, self.s.dump())

    def test_dry_run_of_a_new_launch_saves_nothing(self):
        body = {"name": "Usage alerts", "date": "2027-03-16", "criteria": {"major": True}, "pm": "Ana"}
        before, raw = self.s.dump(), self.s.raw()
        r, out = self.call("POST", "/api/v1/launches?dry_run=true", body)
        self.assertEqual(r.status, 200, out)
        self.assertIsNone(r.getheader("Location"))
        self.assertTrue(out["dry_run"])
        self.assertEqual(out["tier"], 1)
        self.assertEqual(out["tier_suggestion"]["tier"], 1)
        self.assertIn("major", out["tier_suggestion"]["rationale"])
        self.assertEqual(len(out["tasks"]), 50)
        self.assertTrue(all(t["launch"] == "usage-alerts" for t in out["tasks"]))
        self.assertEqual(before, self.s.dump(), "a dry run saves nothing")
        self.assertEqual(raw, self.s.raw(), "not a byte of the database")
        self.problem("GET", "/api/v1/launches/usage-alerts", 404, None)
        # Without criteria there is no suggestion; refused input is refused as a real create would be.
        _, out = self.call("POST", "/api/v1/launches?dry_run=1", {"name": "Tiny fix", "date": "2027-03-16", "tier": 4})
        self.assertNotIn("tier_suggestion", out)
        self.problem("POST", "/api/v1/launches?dry_run=true", 400, "/tier", {"name": "No tier", "date": "2027-03-16"})
        self.problem("POST", "/api/v1/launches?dry_run=true", 400, "/pm",
                     {"name": "X", "date": "2027-03-16", "tier": 2, "pm": "Nobody"})
        self.problem("POST", "/api/v1/launches?dry_run=maybe", 400, "dry_run", body)
        self.problem("POST", "/api/v1/launches?dry_run=true", 403, None, body, token=self.viewer)
        self.problem("POST", "/api/v1/launches/dark-mode/tasks?dry_run=true", 400, "dry_run", {"title": "x"})
        self.assertEqual(before, self.s.dump())
        # The real thing still works, and is what the dry run showed.
        r, real = self.call("POST", "/api/v1/launches", body)
        self.assertEqual(r.status, 201, real)
        self.assertEqual([t["title"] for t in real["tasks"]], [t["title"] for t in out_tasks(self, body)])
        self.call("DELETE", "/api/v1/launches/usage-alerts")

    def test_dry_run_of_a_delay(self):
        before, raw = self.s.dump(), self.s.raw()
        r, out = self.call("POST", "/api/v1/launches/dark-mode/delay?dry_run=true",
                           {"to": "2026-12-26", "reason": "QA found bugs"})
        self.assertEqual(r.status, 200, out)
        self.assertTrue(out["dry_run"])
        self.assertEqual(out["to"], "2026-12-26")
        self.assertTrue(out["moved"])
        self.assertEqual(sorted(t["id"] for t in out["moved_tasks"]), sorted(out["moved"]))
        rules = {f["rule"] for f in out["findings"]}
        self.assertIn("weekend-launch", rules)   # a Saturday
        self.assertIn("freeze-conflict", rules)  # inside the year-end freeze
        self.assertEqual(out["readiness"]["errors"], sum(f["severity"] == "error" for f in out["findings"]))
        self.assertEqual(before, self.s.dump(), "a dry run saves nothing")
        self.assertEqual(raw, self.s.raw(), "not a byte of the database")
        cli = self.s.js("launch", "delay", "dark-mode", "--to", "2026-12-26", "--reason", "QA found bugs", "--dry-run")
        self.assertEqual(cli, out, "the command line previews the same move")
        text = self.s.tm("launch", "delay", "dark-mode", "--to", "2026-12-26", "--reason", "QA", "--dry-run").stdout
        self.assertIn("nothing saved", text)
        self.assertIn("freeze-conflict", text)
        self.assertIn("--dry-run", self.s.tm("launch", "delay", "--help").stdout)
        self.problem("POST", "/api/v1/launches/dark-mode/delay?dry_run=true", 400, "/to", {"reason": "x"})
        self.problem("POST", "/api/v1/launches/dark-mode/delay?dry_run=true", 400, "/to",
                     {"to": "2026-02-30", "reason": "x"})
        self.problem("POST", "/api/v1/launches/nope/delay?dry_run=true", 404, None, {"to": "2026-12-26", "reason": "x"})
        self.assertEqual(before, self.s.dump())

    def test_explain_against_and_baselines(self):
        plan = self.ok("/api/v1/launches/usage-based-billing/plan")
        task = plan["critical_path"][0]
        explain = self.ok(f"/api/v1/launches/usage-based-billing/plan?explain={task}")
        self.assertEqual(explain, self.s.js("plan", "usage-based-billing", "--explain", str(task)))
        self.assertTrue(explain["critical"])
        against = self.ok("/api/v1/launches/usage-based-billing/plan?against=kickoff")
        self.assertEqual(against, self.s.js("plan", "usage-based-billing", "--against", "kickoff"))
        self.assertEqual({t["id"] for t in against["tasks"]}, {t["id"] for t in plan["tasks"]})
        self.assertTrue(all(t["baseline_finish"] for t in against["tasks"]))
        baselines = self.ok("/api/v1/launches/usage-based-billing/baselines")
        self.assertEqual(baselines, self.s.js("baseline", "list", "usage-based-billing"))
        self.assertEqual([b["name"] for b in baselines], ["kickoff"])
        self.assertEqual(self.ok("/api/v1/launches/dark-mode/baselines"), [])
        other = self.ok("/api/v1/launches/dark-mode")["tasks"][0]["id"]
        self.assertIn("belongs to launch", self.problem(
            "GET", f"/api/v1/launches/usage-based-billing/plan?explain={other}", 400, "explain")["detail"])
        self.problem("GET", "/api/v1/launches/usage-based-billing/plan?explain=abc", 400, "explain")
        self.problem("GET", "/api/v1/launches/usage-based-billing/plan?against=nope", 400, "against")
        self.problem("GET", "/api/v1/launches/usage-based-billing/plan?against=kickoff&explain=1", 400, "against")
        self.problem("GET", "/api/v1/launches/nope/baselines", 404, None)

    def test_load_is_plan_all_with_its_tasks(self):
        load = self.ok("/api/v1/load?from=2026-11-02&to=2027-01-31")
        self.assertEqual(load["from"], "2026-11-02")
        self.assertEqual(load["to"], "2027-01-31")
        self.assertEqual(len(load["weeks"]), 13)
        self.assertEqual(load["weeks"][0], {"week": "2026-W45", "start": "2026-11-02"})
        cli = self.s.js("plan", "--all")["load"]
        booked = {(l["person"], l["week"]): l for l in cli}
        people = self.ok("/api/v1/people")
        self.assertEqual([p["name"] for p in load["people"]], [p["name"] for p in people])
        tasks = {}
        for p in load["people"]:
            self.assertEqual(len(p["weeks"]), 13)
            for cell in p["weeks"]:
                want = booked.get((p["name"], cell["week"]))
                self.assertAlmostEqual(cell["days"], want["days"] if want else 0.0, places=1)
                self.assertEqual(cell["over"], bool(want and want["over"]))
                self.assertEqual(cell["capacity"], p["capacity"])
                self.assertEqual(cell["task_count"], len(cell["tasks"]))
                self.assertAlmostEqual(sum(t["days"] for t in cell["tasks"]), cell["days"], delta=0.05 * len(cell["tasks"]) + 0.05)
                for t in cell["tasks"]:
                    tasks[t["id"]] = (t, p["name"])
        self.assertEqual(load["overloaded_weeks"], sum(c["over"] for p in load["people"] for c in p["weeks"]))
        self.assertTrue(tasks)
        for tid, (t, person) in list(tasks.items())[:10]:
            real = self.ok(f"/api/v1/tasks/{tid}")
            self.assertEqual((real["title"], real["launch"], real["owner"]), (t["title"], t["launch"], person))
        self.assertEqual(len(self.ok("/api/v1/load")["weeks"]), 12)
        for query, parameter in (("from=2026-13-01", "from"), ("to=tomorrow", "to"),
                                 ("from=2026-11-02&to=2026-11-01", "to"), ("from=2026-01-01&to=2027-06-01", "to")):
            self.problem("GET", f"/api/v1/load?{query}", 400, parameter)


def out_tasks(case, body):
    """The tasks a dry run of body shows (asked again, so the comparison does not lean on one answer)."""
    r, out = case.call("POST", "/api/v1/launches?dry_run=true", body)
    return out["tasks"]


if __name__ == "__main__":
    main()
