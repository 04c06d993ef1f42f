#!/usr/bin/env python3
"""`tminus serve` as the team uses it, over real HTTP on loopback against a
real server and its SQLite file: every write route with its versions and
errors (the database exactly as before after each refusal), every role,
tokens, sign-in sessions with CSRF and rate limits, calendar feeds,
idempotency keys, the audit log, the first admin and backups.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_server.py
"""
import base64
import datetime
import gzip
import hashlib
import http.client
import json
import os
import re
import socket
import sqlite3
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import PASSWORD, Server, main, sqlite_only  # noqa: E402
import schema  # noqa: E402


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        for name, token in s.team().items():
            setattr(cls, name, token)
        s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def req(self, method, path, body=None, token=None, headers=None, **kw):
        return self.s.request(method, path, body=body, headers=headers,
                              token=self.editor if token is None else token or None, **kw)

    def ok(self, method, path, body=None, status=200, **kw):
        r, data = self.req(method, path, body, **kw)
        self.assertEqual(r.status, status, data)
        return r, (json.loads(data) if data and "json" in (r.getheader("Content-Type") or "") else data)

    def problem(self, method, path, body=None, status=400, words="", pointer=None, **kw):
        """The request is refused with status and words, as problem+json, and changes nothing."""
        before = self.s.dump()
        r, data = self.req(method, path, body, **kw)
        self.assertEqual(r.status, status, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"), r.getheader("Content-Type"))
        p = json.loads(data)
        self.assertEqual(p["status"], status)
        self.assertIn(words, p["detail"])
        if pointer is not None:
            self.assertEqual(p.get("parameter"), pointer, p)
        self.assertEqual(before, self.s.dump(), f"{method} {path} changed the database")
        return r, p

    def etag(self, path):
        r, _ = self.ok("GET", path)
        return r.getheader("ETag")

    def audit_rows(self):
        return self.s.query("SELECT count(*) FROM audit")[0][0]


class Launches(Base):
    def test_create_read_change_delete(self):
        rows = self.audit_rows()
        r, body = self.ok("POST", "/api/v1/launches", {"name": "Audit trail", "date": "2027-02-10", "tier": 2,
                                                        "pm": "Ana", "confidence": "high"}, status=201)
        loc = r.getheader("Location")
        self.assertEqual(loc, f"/api/v1/launches/{body['id']}")
        self.assertEqual(r.getheader("ETag"), f'"launch-{body["id"]}-v1"')
        self.assertEqual(body["tier"], 2)
        self.assertGreater(len(body["tasks"]), 5, "the tier 2 playbook brings its tasks")
        self.assertEqual(self.audit_rows(), rows + 1)
        who, action = self.s.query("SELECT who, action FROM audit ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual((who, action), ("ana", "launch.add"))
        # The API's representation is the command line's --json.
        _, got = self.ok("GET", loc)
        cli = json.loads(self.s.tm("--json", "launch", "show", body["slug"]).stdout)
        self.assertEqual(got, cli)
        etag = self.etag(loc)
        self.problem("PATCH", loc, {"confidence": "low"}, 428, "If-Match")
        self.problem("PATCH", loc, {"confidence": "low"}, 412, "changed", headers={"If-Match": '"launch-1-v9"'})
        self.problem("PATCH", loc, {"confidence": "low"}, 428, "If-Match", headers={"If-Match": "*"})
        self.problem("PATCH", loc, {"date": "2027-03-01"}, 400, "delay", "/date", headers={"If-Match": etag})
        self.problem("PATCH", loc, {"tier": 7}, 400, "1 to 4", "/tier", headers={"If-Match": etag})
        self.problem("PATCH", loc, {"pm": "Nobody Here"}, 400, "Nobody Here", "/pm", headers={"If-Match": etag})
        r, changed = self.ok("PATCH", loc, {"confidence": "low", "name": "Audit trail v2"}, headers={"If-Match": etag})
        self.assertEqual((changed["confidence"], changed["name"], changed["version"]), ("low", "Audit trail v2", 2))
        self.assertEqual(r.getheader("ETag"), f'"launch-{body["id"]}-v2"')
        self.problem("PATCH", loc, {"confidence": "high"}, 412, "changed", headers={"If-Match": etag})
        self.problem("DELETE", loc, None, 428, "If-Match")
        self.ok("DELETE", loc, headers={"If-Match": r.getheader("ETag")}, status=204)
        self.problem("GET", loc, None, 404, "unknown launch")
        self.assertEqual(self.s.query("SELECT count(*) FROM tasks WHERE launch_id = ?", body["id"])[0][0], 0)

    def test_bad_bodies_name_the_member(self):
        good = {"name": "Bad bodies", "date": "2027-02-10", "tier": 3}
        for body, words, pointer in (
                ({**good, "colour": "red"}, "unknown field", "/colour"),
                ({**good, "id": 4}, "read-only", "/id"),
                ({**good, "tier": "3"}, "whole number", "/tier"),
                ({**good, "tier": 5}, "1 to 4", "/tier"),
                ({**good, "name": 7}, "string", "/name"),
                ({**good, "name": "x" * 500}, "too long", "/name"),
                ({"date": "2027-02-10", "tier": 3}, "missing /name", "/name"),
                ({**good, "date": "2027-02-30"}, "2027-02-30", "/date"),
                ({**good, "owners": {"sales": 5}}, "string", "/owners/sales"),
                ({**good, "criteria": {"huge": True}}, "unknown criterion", "/criteria/huge"),
                ({**good, "status": "launched"}, "later", "/status")):
            self.problem("POST", "/api/v1/launches", body, 400, words, pointer)
        for raw, words in ((b'{"name": "a", "name": "b"}', "duplicate"), (b'{"name": ', "malformed JSON"),
                           (b'["a"]', "object"), (b'{"name": "\\u0000"}', "malformed JSON"),
                           (b'{"name": "\xff"}', "UTF-8"), (b"{" + b'"a":{' * 40 + b"}" * 41, "nested")):
            self.problem("POST", "/api/v1/launches", raw, 400, words, headers={"Content-Type": "application/json"})
        self.problem("POST", "/api/v1/launches", b"name=x", 415, "application/json",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})

    def test_delay_moves_the_plan_and_records_why(self):
        _, l = self.ok("POST", "/api/v1/launches", {"name": "Slipping", "date": "2027-03-01", "tier": 2}, status=201)
        path = f"/api/v1/launches/{l['id']}/delay"
        self.problem("POST", path, {"to": "2027-03-15"}, 400, "reason", "/reason")
        self.problem("POST", path, {"to": "someday", "reason": "x"}, 400, "someday")
        self.problem("POST", path, {"to": "2027-03-15", "reason": "x"}, 412, "changed",
                     headers={"If-Match": f'"launch-{l["id"]}-v7"'})
        r, d = self.ok("POST", path, {"to": "2027-03-15", "reason": "legal review"})
        self.assertEqual((d["from"], d["to"], d["reason"]), ("2027-03-01", "2027-03-15", "legal review"))
        self.assertTrue(d["moved"])
        self.assertEqual(r.getheader("ETag"), f'"launch-{l["id"]}-v2"')
        _, ledger = self.ok("GET", f"/api/v1/decisions?launch={l['slug']}")
        self.assertIn("legal review", [x["why"] for x in ledger])
        self.assertEqual(ledger[-1]["who"], "ana")

    def test_a_task_others_wait_for_needs_force_and_a_risky_day_warns(self):
        _, l = self.ok("POST", "/api/v1/launches", {"name": "Forced", "date": "2027-04-03", "tier": 2}, status=201)
        self.assertIn("weekend-launch", [w["rule"] for w in l["warnings"]])
        launch = next(t for t in l["tasks"] if t["title"] == "Launch")
        r, _ = self.ok("GET", f"/api/v1/tasks/{launch['id']}")
        path, etag = f"/api/v1/tasks/{launch['id']}", {"If-Match": r.getheader("ETag")}
        _, p = self.problem("DELETE", path, None, 409, "?force=true", headers=etag)
        self.assertIn("Monitor support tickets", p["detail"])
        self.problem("DELETE", path + "?force=maybe", None, 400, "true or false", headers=etag)
        self.ok("DELETE", path + "?force=true", headers=etag, status=204)
        waiting = [t for t in self.ok("GET", f"/api/v1/launches/{l['id']}/tasks")[1] if t["section"] == "Post-launch"]
        self.assertTrue(waiting and all(set(launch["depends_on"]) <= set(t["depends_on"]) for t in waiting), waiting)

    def test_a_removed_tasks_id_and_etag_never_name_another(self):
        _, l = self.ok("POST", "/api/v1/launches", {"name": "Reused ids", "date": "2027-04-07", "tier": 4}, status=201)
        _, t = self.ok("POST", f"/api/v1/launches/{l['id']}/tasks", {"title": "Highest id"}, status=201)
        stale = f'"task-{t["id"]}-v1"'
        self.ok("DELETE", f"/api/v1/tasks/{t['id']}", headers={"If-Match": stale}, status=204)
        _, t2 = self.ok("POST", f"/api/v1/launches/{l['id']}/tasks", {"title": "Next one"}, status=201)
        self.assertGreater(t2["id"], t["id"], "a removed task's id is not handed out again")
        self.problem("PATCH", f"/api/v1/tasks/{t['id']}", {"status": "done"}, 404, "unknown task",
                     headers={"If-Match": stale})
        r, _ = self.ok("GET", f"/api/v1/launches/{l['id']}")
        self.ok("DELETE", f"/api/v1/launches/{l['id']}", headers={"If-Match": r.getheader("ETag")}, status=204)
        _, l2 = self.ok("POST", "/api/v1/launches", {"name": "Reused ids", "date": "2027-04-07", "tier": 4}, status=201)
        self.assertGreater(l2["id"], l["id"], "a removed launch's id is not handed out again")

    def test_owners_and_reviewers(self):
        # A launch's role owners are stored and read back; a task's reviewers are people.
        _, l = self.ok("POST", "/api/v1/launches", {"name": "Owned", "date": "2027-04-06", "tier": 2,
                                                     "owners": {"sales": "Dev Patel", "cs": "Emma Berg"}}, status=201)
        self.assertEqual(l["owners"], {"sales": "Dev Patel", "cs": "Emma Berg"})
        self.problem("POST", "/api/v1/launches", {"name": "x", "date": "2027-04-06", "tier": 2,
                                                  "owners": {"wizard": "Dev Patel"}}, 400, "unknown role", "/owners/wizard")
        _, t = self.ok("POST", f"/api/v1/launches/{l['id']}/tasks", {"title": "Pilot accounts", "role": "sales",
                                                                     "reviewed_by": ["Ana Silva"]}, status=201)
        self.assertEqual((t["owner"], t["reviewed_by"]), ("Dev Patel", ["Ana Silva"]))
        r, _ = self.ok("GET", f"/api/v1/tasks/{t['id']}")
        _, t2 = self.ok("PATCH", f"/api/v1/tasks/{t['id']}", {"reviewed_by": []}, headers={"If-Match": r.getheader("ETag")})
        self.assertEqual(t2["reviewed_by"], [])
        self.problem("PATCH", f"/api/v1/tasks/{t['id']}", {"reviewed_by": ["Nobody"]}, 400, "Nobody", "/reviewed_by",
                     headers={"If-Match": f'"task-{t["id"]}-v{t2["version"]}"'})

    def test_tasks_and_dependencies(self):
        _, l = self.ok("POST", "/api/v1/launches", {"name": "With tasks", "date": "2027-04-01", "tier": 4}, status=201)
        base = f"/api/v1/launches/{l['id']}/tasks"
        r, a = self.ok("POST", base, {"title": "Write the FAQ", "due": "T-1w", "effort_days": 2}, status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/tasks/{a['id']}")
        _, b = self.ok("POST", base, {"title": "Train support", "after": [a["id"]], "owner": "Ana"}, status=201)
        self.assertEqual(b["depends_on"], [a["id"]])
        self.problem("POST", base, {"effort_days": 2}, 400, "missing /title", "/title")
        self.problem("POST", base, {"title": "x", "effort_days": 999}, 400, "0 to 250", "/effort_days")
        self.problem("POST", base, {"title": "x", "after": [999999]}, 400, "999999", "/after")
        self.problem("POST", "/api/v1/launches/no-such-launch/tasks", {"title": "x"}, 404, "no-such-launch")
        # A dependency that would close a cycle is refused, naming the cycle.
        r, p = self.problem("POST", f"/api/v1/tasks/{a['id']}/deps", {"after": b["id"]}, 409, "→")
        _, a2 = self.ok("POST", f"/api/v1/tasks/{a['id']}/deps", {"after": l["tasks"][0]["id"]})
        self.assertIn(l["tasks"][0]["id"], a2["depends_on"])
        etag = self.etag(f"/api/v1/tasks/{a['id']}")
        self.problem("DELETE", f"/api/v1/tasks/{a['id']}/deps?after={l['tasks'][0]['id']}", None, 428, "If-Match")
        _, a3 = self.ok("DELETE", f"/api/v1/tasks/{a['id']}/deps?after={l['tasks'][0]['id']}",
                        headers={"If-Match": etag})
        self.assertNotIn(l["tasks"][0]["id"], a3["depends_on"])
        self.problem("PATCH", f"/api/v1/tasks/{b['id']}", {"after": [1]}, 400, "deps", "/after",
                     headers={"If-Match": self.etag(f"/api/v1/tasks/{b['id']}")})
        self.problem("DELETE", f"/api/v1/tasks/{a['id']}", None, 412, "changed", headers={"If-Match": etag})
        self.problem("DELETE", f"/api/v1/tasks/{a['id']}", None, 409, "Train support",
                     headers={"If-Match": self.etag(f"/api/v1/tasks/{a['id']}")})
        self.ok("DELETE", f"/api/v1/tasks/{a['id']}?force=true",
                headers={"If-Match": self.etag(f"/api/v1/tasks/{a['id']}")}, status=204)
        _, b2 = self.ok("GET", f"/api/v1/tasks/{b['id']}")
        self.assertEqual(b2["depends_on"], [], "the removed task no longer holds anyone (it waited for nothing)")

    def test_brief_round_trip(self):
        path = "/api/v1/launches/usage-based-billing/brief"
        r, brief = self.ok("GET", path)
        etag = r.getheader("ETag")
        md = brief["markdown"].replace(brief["headline"], "Pay for what you use, nothing more")
        self.problem("PUT", path, md, 428, "If-Match", headers={"Content-Type": "text/markdown"})
        r, put = self.ok("PUT", path, md, headers={"Content-Type": "text/markdown", "If-Match": etag})
        self.assertEqual(put["headline"], "Pay for what you use, nothing more")
        self.assertNotEqual(r.getheader("ETag"), etag)
        fields = {k: v for k, v in put.items() if k not in ("launch", "written", "markdown", "overview_changes", "personas")}
        fields["limitations"] = fields["limitations"] + ["No invoicing in euros yet"]
        r, put2 = self.ok("PUT", path, fields, headers={"If-Match": r.getheader("ETag")})
        self.assertIn("No invoicing in euros yet", put2["limitations"])
        self.problem("PUT", path, {**fields, "markdown": "x"}, 400, "read-only", "/markdown",
                     headers={"If-Match": r.getheader("ETag")})
        self.problem("PUT", path, "## Launch Brief: x\n\n### Nonsense heading\n", 400, "brief:",
                     headers={"Content-Type": "text/markdown", "If-Match": r.getheader("ETag")})
        cli = json.loads(self.s.tm("--json", "brief", "usage-based-billing").stdout)
        self.assertEqual(cli, {k: v for k, v in put2.items() if k != "overview_changes"})
        self.assertEqual(put2["overview_changes"], [])

    def test_brief_put_guards_as_brief_import_does(self):
        _, l = self.ok("POST", "/api/v1/launches", {"name": "Briefed", "date": "2027-04-13", "tier": 2}, status=201)
        path = f"/api/v1/launches/{l['id']}/brief"
        r, brief = self.ok("GET", path)
        md = lambda: {"Content-Type": "text/markdown", "If-Match": self.etag(f"/api/v1/launches/{l['id']}")}
        # An empty text would wipe the brief: refused unless asked for.
        self.problem("PUT", path, "\n", 400, "no brief sections found", headers=md())
        self.ok("PUT", path + "?allow_empty=true", "\n", headers=md())
        # The Overview's new date is listed, applied only when asked, and then needs a reason.
        text = brief["markdown"].replace("2027-04-13", "2027-04-20") + "\n### What We're Launching\n\nAlerts.\n"
        _, put = self.ok("PUT", path, text, headers=md())
        self.assertEqual(put["overview_changes"], [{"field": "date", "brief": "2027-04-20", "launch": "2027-04-13",
                                                    "applied": False}])
        self.assertEqual(self.ok("GET", f"/api/v1/launches/{l['id']}")[1]["date"], "2027-04-13")
        self.problem("PUT", path + "?apply_overview=true", text, 400, "?reason=", headers=md())
        self.problem("PUT", path + "?apply_overview=maybe", text, 400, "true or false", headers=md())
        r, put = self.ok("PUT", path + "?apply_overview=true&reason=Legal%20review", text, headers=md())
        self.assertTrue(put["overview_changes"][0]["applied"])
        _, now = self.ok("GET", f"/api/v1/launches/{l['id']}")
        self.assertEqual(now["date"], "2027-04-20")
        self.assertEqual(r.getheader("ETag"), f'"launch-{l["id"]}-v{now["version"]}"')


class Workspace(Base):
    def test_holidays_freezes_decisions_people(self):
        # The working-day calendar shapes every plan: admins change it.
        self.problem("POST", "/api/v1/holidays", {"date": "2027-05-05", "name": "Company day"}, 403, "admins")
        self.problem("POST", "/api/v1/freezes", {"from": "2027-06-01", "to": "2027-06-05", "name": "x"}, 403, "admins")
        r, h = self.ok("POST", "/api/v1/holidays", {"date": "2027-05-05", "name": "Company day"}, token=self.admin,
                       status=201)
        self.assertEqual(r.getheader("Location"), "/api/v1/holidays/2027-05-05")
        self.assertEqual(h["added"], 1)
        _, hs = self.ok("GET", "/api/v1/holidays?from=2027-05-01&to=2027-05-31")
        self.assertEqual(hs, [{"date": "2027-05-05", "name": "Company day"}])
        self.problem("POST", "/api/v1/holidays", {"date": "2027-05-05", "name": "Again"}, 409, "2027-05-05",
                     token=self.admin)
        self.problem("POST", "/api/v1/holidays", {"date": "May 5"}, 400, "May 5", token=self.admin)
        self.problem("DELETE", "/api/v1/holidays/2027-05-05", None, 403, "admins")
        self.ok("DELETE", "/api/v1/holidays/2027-05-05", token=self.admin, status=204)
        self.problem("DELETE", "/api/v1/holidays/2027-05-05", None, 404, "not a holiday", token=self.admin)
        r, f = self.ok("POST", "/api/v1/freezes", {"from": "2027-06-01", "to": "2027-06-05", "name": "Board week"},
                       token=self.admin, status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/freezes/{f['id']}")
        self.problem("POST", "/api/v1/freezes", {"from": "2027-06-05", "to": "2027-06-01", "name": "x"}, 400, "before",
                     token=self.admin)
        self.problem("DELETE", f"/api/v1/freezes/{f['id']}", None, 403, "admins")
        self.ok("DELETE", f"/api/v1/freezes/{f['id']}", token=self.admin, status=204)
        self.problem("DELETE", f"/api/v1/freezes/{f['id']}", None, 404, "freeze", token=self.admin)
        _, d = self.ok("POST", "/api/v1/decisions", {"what": "One launch a week", "why": "focus"}, status=201)
        self.assertEqual((d["who"], d["what"]), ("ana", "One launch a week"))
        self.assertTrue(d["recorded_at"])
        self.problem("POST", "/api/v1/decisions", {"what": "x"}, 400, "why", "/why")
        self.problem("POST", "/api/v1/people", {"name": "Zed", "role": "pm"}, 403, "admins")
        _, p = self.ok("POST", "/api/v1/people", {"name": "Zed Brown", "role": "pm"}, token=self.admin, status=201)
        self.assertEqual(p["name"], "Zed Brown")
        self.problem("POST", "/api/v1/people", {"name": "Zed Brown", "role": "pm"}, 409, "Zed Brown", token=self.admin)
        self.problem("POST", "/api/v1/people", {"name": "Ann", "role": "wizard"}, 400, "wizard", "/role",
                     token=self.admin)
        # The Location of a new person answers, and a person changes as `tminus person set` changes them.
        r, _ = self.req("POST", "/api/v1/people", {"name": "Yan Ito", "role": "cs"}, token=self.admin)
        _, got = self.ok("GET", r.getheader("Location"), token=self.viewer)
        self.assertEqual((got["name"], got["role"]), ("Yan Ito", "cs"))
        self.problem("PATCH", f"/api/v1/people/{got['id']}", {"capacity": 3}, 403, "admins")
        _, changed = self.ok("PATCH", f"/api/v1/people/{got['id']}", {"capacity": 3, "email": "yan@example.com"},
                             token=self.admin)
        self.assertEqual((changed["capacity"], changed["email"]), (3, "yan@example.com"))
        cli = {p["name"]: p for p in json.loads(self.s.tm("--json", "person", "list").stdout)}
        self.assertEqual((cli["Yan Ito"]["capacity"], cli["Yan Ito"]["email"]), (3, "yan@example.com"))
        self.problem("PATCH", "/api/v1/people/Yan%20Ito", {"name": "Zed Brown"}, 409, "Zed Brown", token=self.admin)
        self.problem("PATCH", "/api/v1/people/Yan%20Ito", {"capacity": 9}, 400, "capacity", "/capacity",
                     token=self.admin)
        self.problem("PATCH", "/api/v1/people/Yan%20Ito", {"id": 4}, 400, "id", "/id", token=self.admin)
        self.problem("GET", "/api/v1/people/nobody", None, 404, "nobody", token=self.viewer)

    def test_tier_suggestion_is_the_command_lines(self):
        """GET /api/v1/tier-suggestion answers what `tminus --json tier suggest` prints, and refuses what it
        refuses with the same words, the flags spelt as query parameters."""
        for flags in (["--major"], ["--new-market"], ["--revenue-impact"], ["--significant"], ["--enhancement"],
                      ["--bugfix"], ["--significant", "--existing-market"], ["--enhancement", "--existing-market"],
                      ["--major", "--revenue-impact"]):
            query = "&".join(f"{f[2:]}=true" for f in flags) + "&bugfix=false" * ("--bugfix" not in flags)
            with self.subTest(flags=flags):
                cli = json.loads(self.s.tm("--json", "tier", "suggest", *flags).stdout)
                _, api = self.ok("GET", "/api/v1/tier-suggestion?" + query, token=self.viewer)
                self.assertEqual(api, cli)
        for flags in ([], ["--major", "--bugfix"], ["--existing-market"], ["--new-market", "--existing-market"],
                      ["--bugfix", "--revenue-impact"], ["--enhancement", "--new-market"]):
            with self.subTest(flags=flags):
                p = self.s.tm("--json", "tier", "suggest", *flags, code=None)
                self.assertEqual(p.returncode, 2, p.stderr)
                words = re.sub(r"--([a-z-]+)", r"\1=true", json.loads(p.stderr)["detail"])
                query = "&".join(f"{f[2:]}=true" for f in flags)
                _, problem = self.problem("GET", "/api/v1/tier-suggestion?" + query, None, 400, words,
                                          token=self.viewer)
                self.assertEqual(problem["detail"], words)

    def test_audit_log(self):
        self.problem("GET", "/api/v1/audit", None, 403, "admins")
        before = self.audit_rows()
        self.ok("POST", "/api/v1/decisions", {"what": "Audit me", "why": "because"}, status=201)
        r, rows = self.ok("GET", "/api/v1/audit?limit=2", token=self.admin)
        self.assertEqual(len(rows), 2)
        self.assertEqual((rows[0]["who"], rows[0]["action"]), ("ana", "decision.add"))
        self.assertIsNone(rows[0]["before"])
        self.assertEqual(rows[0]["after"]["what"], "Audit me")
        self.assertIn("offset=2", r.getheader("Link"))
        self.assertEqual(self.audit_rows(), before + 1)
        cli = json.loads(self.s.tm("--json", "audit", "--limit", "2").stdout)
        self.assertEqual(cli, rows)
        # A task change keeps the task before and after.
        tid = self.ok("GET", "/api/v1/launches/dark-mode")[1]["tasks"][1]["id"]
        self.ok("PATCH", f"/api/v1/tasks/{tid}", {"status": "in-progress"},
                headers={"If-Match": self.etag(f"/api/v1/tasks/{tid}")})
        _, rows = self.ok("GET", "/api/v1/audit?limit=1", token=self.admin)
        self.assertEqual(rows[0]["action"], "task.update")
        self.assertEqual(rows[0]["after"]["status"], "in_progress")
        self.assertNotEqual(rows[0]["before"]["status"], "in_progress")

    def test_idempotency_key(self):
        body = {"name": "Exactly once", "date": "2027-07-01", "tier": 4}
        h = {"Idempotency-Key": "launch-exactly-once-1"}
        r1, d1 = self.req("POST", "/api/v1/launches", body, headers=h)
        r2, d2 = self.req("POST", "/api/v1/launches", body, headers=h)
        self.assertEqual((r1.status, r2.status), (201, 201))
        self.assertEqual(d1, d2)
        self.assertEqual(r1.getheader("Location"), r2.getheader("Location"))
        self.assertEqual(self.s.query("SELECT count(*) FROM launches WHERE name = 'Exactly once'")[0][0], 1)
        self.problem("POST", "/api/v1/launches", {**body, "tier": 3}, 422, "another request", headers=h)
        self.problem("POST", "/api/v1/launches", body, 400, "Idempotency-Key", headers={"Idempotency-Key": "a b"})
        # The key is stored in the transaction of what it created.
        self.assertEqual(self.s.query("SELECT status FROM idempotency WHERE key = ?", h["Idempotency-Key"]), [(201,)])


class Roles(Base):
    def writes(self):
        """Every write route, with a body an editor could send."""
        tid = self.ok("GET", "/api/v1/launches/dark-mode")[1]["tasks"][2]["id"]
        return [("POST", "/api/v1/launches", {"name": "Nope", "date": "2027-01-05", "tier": 4}),
                ("PATCH", "/api/v1/launches/dark-mode", {"confidence": "low"}),
                ("DELETE", "/api/v1/launches/dark-mode", None),
                ("POST", "/api/v1/launches/dark-mode/delay", {"to": "2027-02-01", "reason": "x"}),
                ("POST", "/api/v1/launches/dark-mode/tasks", {"title": "x"}),
                ("PUT", "/api/v1/launches/dark-mode/brief", {"what": "x"}),
                ("PATCH", f"/api/v1/tasks/{tid}", {"status": "done"}),
                ("DELETE", f"/api/v1/tasks/{tid}", None),
                ("POST", f"/api/v1/tasks/{tid}/deps", {"after": tid - 1}),
                ("DELETE", f"/api/v1/tasks/{tid}/deps?after={tid - 1}", None),
                ("POST", "/api/v1/people", {"name": "Nope", "role": "pm"}),
                ("POST", "/api/v1/holidays", {"date": "2027-08-08"}),
                ("DELETE", "/api/v1/holidays/2026-12-25", None),
                ("POST", "/api/v1/freezes", {"from": "2027-08-01", "to": "2027-08-02", "name": "x"}),
                ("DELETE", "/api/v1/freezes/1", None),
                ("POST", "/api/v1/decisions", {"what": "x", "why": "y"})]

    def test_viewers_and_read_tokens_cannot_write(self):
        for method, path, body in self.writes():
            with self.subTest(method=method, path=path):
                admin_only = path.startswith(("/api/v1/people", "/api/v1/holidays", "/api/v1/freezes"))
                self.problem(method, path, body, 403, "admins" if admin_only else "viewer", token=self.viewer,
                             headers={"If-Match": '"launch-5-v1"'})
                self.problem(method, path, body, 403, "admins" if admin_only else "read", token=self.editor_read,
                             headers={"If-Match": '"launch-5-v1"'})

    def test_no_token_or_a_dead_one_is_401(self):
        dead = self.s.token("ana", "read")
        self.s.tm("token", "revoke", str(dead["id"]))
        expired = self.s.token("ana", "read", expires=1)
        self.s.query("UPDATE tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?", expired["id"])
        for token in (False, "tm_nope", dead["token"], expired["token"]):
            for method, path, body in [("GET", "/api/v1/launches", None), ("GET", "/api/v1/me", None)] + self.writes():
                with self.subTest(token=token, path=path):
                    r, p = self.problem(method, path, body, 401, "sign in", token=token)
                    self.assertIn("Bearer", r.getheader("WWW-Authenticate"))

    def test_admin_only(self):
        for token in (self.editor, self.viewer):
            self.problem("GET", "/api/v1/audit", None, 403, "admins", token=token)
            self.problem("POST", "/api/v1/people", {"name": "Nope", "role": "pm"}, 403, "admins", token=token)
        self.ok("GET", "/api/v1/audit", token=self.admin)

    def test_viewers_read_everything(self):
        for path in ("/api/v1/launches", "/api/v1/launches/dark-mode", "/api/v1/launches/dark-mode/tasks",
                     "/api/v1/launches/dark-mode/plan", "/api/v1/launches/dark-mode/check",
                     "/api/v1/launches/dark-mode/brief", "/api/v1/launches/dark-mode/docs/checklist",
                     "/api/v1/people", "/api/v1/holidays", "/api/v1/freezes", "/api/v1/decisions", "/api/v1/calendar",
                     "/api/v1/tier-suggestion?major=true", "/api/v1/me"):
            with self.subTest(path=path):
                self.ok("GET", path, token=self.viewer)
        _, me = self.ok("GET", "/api/v1/me", token=self.viewer)
        self.assertEqual((me["user"], me["role"], me["person"]), ("vic", "viewer", "Emma Berg"))
        # A user linked to a person sees that person's tasks as their own.
        _, mine = self.ok("GET", "/api/v1/me/tasks", token=self.viewer)
        self.assertTrue(mine)
        self.assertTrue(all(t["owner"] == "Emma Berg" and t["status"] in ("todo", "in_progress") for t in mine), mine)
        dues = [t["due"] for t in mine]
        self.assertEqual(dues, sorted(dues, key=lambda d: (d is None, d or "")), "by due date, undated last")
        r, page = self.ok("GET", "/api/v1/me/tasks?limit=1", token=self.viewer)
        self.assertEqual(page, mine[:1])
        self.assertIn("offset=1", r.getheader("Link"))
        _, ana = self.ok("GET", "/api/v1/me/tasks", token=self.editor)
        self.assertTrue(all(t["owner"] == "Ana Silva" for t in ana))
        self.assertNotEqual(ana, mine, "one user's list is not another's (never cached across users)")
        self.problem("GET", "/api/v1/me/tasks", None, 404, "not linked", token=self.admin)
        # A task with no due date is still theirs to do.
        _, undated = self.ok("POST", "/api/v1/launches/dark-mode/tasks", {"title": "Whenever", "owner": "Emma Berg"},
                             status=201)
        _, mine = self.ok("GET", "/api/v1/me/tasks", token=self.viewer)
        self.assertEqual((mine[-1]["id"], mine[-1]["due"]), (undated["id"], None))
        # Every list pages the same way.
        r, people = self.ok("GET", "/api/v1/people?limit=2&offset=1", token=self.viewer)
        self.assertEqual(len(people), 2)
        self.assertIn("offset=3", r.getheader("Link"))
        self.problem("GET", "/api/v1/holidays?limit=0", None, 400, "limit", "limit", token=self.viewer)

    def test_the_database_holds_no_secret(self):
        raw = self.s.raw()
        for secret in (self.editor, self.viewer, self.admin, self.editor_read, PASSWORD):
            self.assertNotIn(secret.encode(), raw)
        dump = self.s.dump()
        self.assertEqual(dump.count("$argon2id$"), 3)


def utc_ago(**delta):
    """A UTC timestamp as tminus writes them ('YYYY-MM-DDTHH:MM:SSZ'), delta before now."""
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Sessions(Base):
    def login(self, user="ana", password=PASSWORD, source=None, form=False):
        c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=20,
                                       source_address=(source, 0) if source else None)
        if form:
            body, ctype = f"user={user}&password={password.replace(' ', '+')}", "application/x-www-form-urlencoded"
        else:
            body, ctype = json.dumps({"user": user, "password": password}), "application/json"
        c.request("POST", "/login", body=body, headers={"Content-Type": ctype})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def session(self, user="ana"):
        r, data = self.login(user)
        self.assertEqual(r.status, 200, data)
        cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
        return cookie, json.loads(data)["csrf"]

    def test_sign_in_sets_a_safe_cookie(self):
        r, data = self.login(form=True)
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/")
        cookie = r.getheader("Set-Cookie")
        for attr in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="):
            self.assertIn(attr, cookie)
        self.assertNotIn("Secure", cookie, "plain HTTP on loopback")
        c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=20)
        c.request("POST", "/login", body=json.dumps({"user": "ana", "password": PASSWORD}),
                  headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https"})
        r = c.getresponse()
        r.read()
        self.assertIn("Secure", r.getheader("Set-Cookie"), "behind a TLS proxy")
        r, page = self.req("GET", "/login", token=False)
        self.assertEqual(r.status, 200)
        self.assertIn(b'<form method="post" action="/login">', page)
        self.assertTrue(r.getheader("Content-Type").startswith("text/html; charset=utf-8"))

    def test_cookie_changes_need_csrf_and_the_same_origin(self):
        cookie, csrf = self.session()
        other_cookie, other_csrf = self.session("vic")
        _, me = self.ok("GET", "/api/v1/me", token=False, cookie=cookie)
        self.assertEqual((me["user"], me["csrf"]), ("ana", csrf))
        body = {"name": "Via cookie", "date": "2027-09-01", "tier": 4}
        for headers, words in (({}, "X-CSRF-Token"), ({"X-CSRF-Token": "nope"}, "X-CSRF-Token"),
                               ({"X-CSRF-Token": other_csrf}, "X-CSRF-Token"),
                               ({"X-CSRF-Token": csrf, "Origin": "https://evil.example"}, "cross-origin"),
                               ({"X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"}, "cross-site")):
            with self.subTest(headers=headers):
                self.problem("POST", "/api/v1/launches", body, 403, words, token=False, cookie=cookie, headers=headers)
        # A browser's own form post under Referrer-Policy: no-referrer says "Origin: null"; Sec-Fetch-Site decides.
        self.problem("POST", "/api/v1/launches", body, 403, "cross-origin", token=False, cookie=cookie,
                     headers={"X-CSRF-Token": csrf, "Origin": "null"})
        host = f"127.0.0.1:{self.s.port}"
        r, d = self.ok("POST", "/api/v1/launches", body, token=False, cookie=cookie, status=201,
                       headers={"X-CSRF-Token": csrf, "Origin": f"http://{host}"})
        self.assertEqual(self.s.query("SELECT who FROM audit ORDER BY id DESC LIMIT 1"), [("ana",)])
        # A viewer's session is still a viewer.
        self.problem("POST", "/api/v1/launches", body, 403, "viewer", token=False, cookie=other_cookie,
                     headers={"X-CSRF-Token": other_csrf})
        # Nothing changes state on GET.
        self.problem("GET", "/logout", None, 405, "method", token=False, cookie=cookie)
        self.problem("POST", "/logout", None, 403, "X-CSRF-Token", token=False, cookie=cookie)
        self.ok("POST", "/logout", token=False, cookie=cookie, headers={"X-CSRF-Token": csrf}, status=204)
        self.problem("GET", "/api/v1/me", None, 401, "sign in", token=False, cookie=cookie)

    def test_a_browser_form_signs_in_and_out(self):
        c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=20)
        c.request("POST", "/login", body="user=ana&password=" + PASSWORD.replace(" ", "+"),
                  headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "null",
                           "Sec-Fetch-Site": "same-origin"})
        r = c.getresponse()
        r.read()
        self.assertEqual((r.status, r.getheader("Location")), (303, "/"))
        cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
        r, page = self.req("GET", "/", token=False, cookie=cookie)
        self.assertEqual(r.status, 200)
        self.assertIn(b'<div id="app">', page)
        csrf = json.loads(self.req("GET", "/api/v1/me", token=False, cookie=cookie)[1])["csrf"]
        self.problem("POST", "/logout", "csrf=forged", 403, "X-CSRF-Token", token=False, cookie=cookie,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        r, _ = self.req("POST", "/logout", "csrf=" + csrf, token=False, cookie=cookie,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((r.status, r.getheader("Location")), (303, "/login"))
        r, _ = self.req("GET", "/", token=False, cookie=cookie)
        self.assertEqual((r.status, r.getheader("Location")), (303, "/login"))
        # A wrong password and a cross-site form come back as the page and a refusal.
        r, _ = self.req("POST", "/login", "user=ana&password=nope", token=False,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((r.status, r.getheader("Location")), (303, "/login?error=signin"))
        self.problem("POST", "/login", "user=ana&password=" + PASSWORD, 403, "cross-site", token=False,
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"})
        r, page = self.req("GET", "/login?error=signin", token=False)
        self.assertIn(b"Unknown user or wrong password", page)
        self.assertIn("style-src 'sha256-", r.getheader("Content-Security-Policy"))
        self.assertNotIn("script-src", r.getheader("Content-Security-Policy"))

    def test_a_shared_link_opens_after_signing_in(self):
        r, _ = self.req("GET", "/launches/usage-based-billing", token=False)
        self.assertEqual((r.status, r.getheader("Location")), (303, "/login?next=/launches/usage-based-billing"))
        r, page = self.req("GET", "/login?next=/launches/usage-based-billing", token=False)
        self.assertIn(b'<input type="hidden" name="next" value="/launches/usage-based-billing">', page)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        creds = "user=ana&password=" + PASSWORD.replace(" ", "+")
        r, _ = self.req("POST", "/login", creds + "&next=/launches/usage-based-billing", token=False, headers=form)
        self.assertEqual((r.status, r.getheader("Location")), (303, "/launches/usage-based-billing"))
        r, _ = self.req("POST", "/login", "user=ana&password=nope&next=/my", token=False, headers=form)
        self.assertEqual(r.getheader("Location"), "/login?error=signin&next=/my")
        # Never another origin, the API or a path that is not a plain page's.
        for bad in ("//evil.example/x", "/\\evil.example", "https://evil.example/", "/api/v1/launches",
                    "/logout", "/my%0d%0aSet-Cookie:x", "/../login", "javascript:alert(1)"):
            r, _ = self.req("POST", "/login", creds + "&next=" + bad.replace("%", "%25"), token=False, headers=form)
            self.assertEqual((r.status, r.getheader("Location")), (303, "/"), bad)
            r, page = self.req("GET", "/login?next=" + bad.replace("%", "%25"), token=False)
            self.assertNotIn(b'name="next"', page, bad)

    def test_the_web_ui_is_served_from_the_binary(self):
        cookie, _ = self.session("ana")
        # Every page of the UI is index.html, never cached, under the strict policy for scripts.
        for path in ("/", "/launches", "/launches/usage-based-billing", "/launches/2/delay", "/launches/new",
                     "/my", "/people", "/settings", "/dashboard", "/backlog", "/experiments", "/experiments/1",
                     "/roadmap", "/glossary", "/decisions"):
            r, page = self.req("GET", path, token=False, cookie=cookie)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.getheader("Cache-Control"), "no-store", path)
            csp = r.getheader("Content-Security-Policy")
            self.assertIn("script-src 'self';", csp)
            self.assertIn("style-src 'self';", csp)
            self.assertIn("default-src 'none'", csp)
            self.assertNotIn("unsafe", csp)
            self.assertNotIn(b"<script>", page)
            self.assertNotIn(b"style=", page)
        # Not signed in: the sign-in page.
        r, _ = self.req("GET", "/my", token=False)
        self.assertEqual((r.status, r.getheader("Location")), (303, "/login?next=/my"))
        # What index.html names, and what the scripts import, is there, hashed and immutable.
        todo = re.findall(rb'(?:src|href)="(/assets/[^"]+)"', page)
        self.assertGreaterEqual(len(todo), 3, page)
        seen = set()
        while todo:
            path = todo.pop().decode()
            if path in seen:
                continue
            seen.add(path)
            r, plain = self.req("GET", path, token=False, headers={"Accept-Encoding": "identity"})
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.getheader("Cache-Control"), "public, max-age=31536000, immutable", path)
            self.assertIsNone(r.getheader("Content-Encoding"))
            self.assertRegex(path, r"-[A-Za-z0-9]{8}\.(js|css|svg)$")
            want = {"js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}[path.rsplit(".", 1)[1]]
            self.assertTrue(r.getheader("Content-Type").startswith(want), (path, r.getheader("Content-Type")))
            for enc in ("gzip", "br, gzip;q=0.5", "*"):
                r, packed = self.req("GET", path, token=False, headers={"Accept-Encoding": enc})
                if r.getheader("Content-Encoding") == "gzip":
                    self.assertEqual(gzip.decompress(packed), plain, path)
                    self.assertEqual(r.getheader("Vary"), "Accept-Encoding")
                else:
                    self.assertEqual(packed, plain)
            if path.endswith(".js"):
                self.assertNotIn(b"eval(", plain)
                todo += [b"/assets/" + m for m in re.findall(rb'["/]\.?/?((?:[a-z_]+|chunk)-[A-Z0-9]{8}\.js)"', plain)]
        self.assertGreater(len([p for p in seen if p.endswith(".js")]), 3, seen)
        # A client refusing gzip gets the bytes as they are.
        main_js = next(p for p in seen if p.startswith("/assets/main-") and p.endswith(".js"))
        r, _ = self.req("GET", main_js, token=False, headers={"Accept-Encoding": "gzip;q=0"})
        self.assertIsNone(r.getheader("Content-Encoding"))
        self.problem("GET", "/assets/nothing-12345678.js", None, 404, "nothing-12345678.js", token=False)
        self.problem("GET", "/assets/..%2F..%2Fetc%2Fpasswd", None, 404, "", token=False)

    def test_wrong_password_and_unknown_user_look_the_same(self):
        r1, d1 = self.login("ana", "wrong password!", source="127.0.0.9")
        r2, d2 = self.login("nobody-at-all", "wrong password!", source="127.0.0.9")
        self.assertEqual((r1.status, r2.status), (401, 401))
        self.assertEqual(d1, d2)

    def test_failed_sign_ins_are_slowed_per_address_without_locking_the_user_out(self):
        statuses = [self.login("ana", f"guess {i}", source="127.0.0.7")[0].status for i in range(7)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertEqual(statuses[6], 429)
        r, p = self.login("ana", PASSWORD, source="127.0.0.7")
        self.assertEqual(r.status, 429, "the attacker's address waits, even with the right password")
        self.assertGreater(int(r.getheader("Retry-After")), 0)
        r, _ = self.login("ana", PASSWORD, source="127.0.0.8")
        self.assertEqual(r.status, 200, "ana signs in from her own address")

    def sign_ins_at_once(self, pairs):
        """Sends one sign-in per (source address, user, password) on connections opened beforehand, all
        at once, and returns each answer's (status, Retry-After, detail)."""
        socks = [socket.create_connection(("127.0.0.1", self.s.port), timeout=60, source_address=(src, 0))
                 for src, _, _ in pairs]
        try:
            for sock, (_, user, password) in zip(socks, pairs):
                body = json.dumps({"user": user, "password": password}).encode()
                sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                             b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            out = []
            for sock in socks:
                data = b""
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                status = int(head.split()[1])
                m = re.search(rb"\r\nRetry-After: *(\d+)", head, re.I)
                out.append((status, int(m.group(1)) if m else None, json.loads(body).get("detail", "")))
            return out
        finally:
            for sock in socks:
                sock.close()

    def test_sign_ins_sent_at_once_are_counted_before_they_are_checked(self):
        answers = self.sign_ins_at_once([("127.0.0.40", "ana", f"guess {i}") for i in range(63)])
        statuses = [a[0] for a in answers]
        self.assertLessEqual(statuses.count(401), 5, f"more than five passwords were checked: {statuses}")
        self.assertEqual(statuses.count(401) + statuses.count(429), 63, statuses)
        self.assertTrue(all(a[1] and a[1] > 0 for a in answers if a[0] == 429), answers)
        r, _ = self.login("ana", PASSWORD, source="127.0.0.41")
        self.assertEqual(r.status, 200, "ana signs in from her own address")

    def test_at_most_five_checks_of_one_users_password_at_once(self):
        answers = self.sign_ins_at_once([(f"127.0.1.{i}", "vic", "wrong password") for i in range(1, 21)])
        refused = [a for a in answers if a[0] == 429]
        self.assertGreaterEqual(len(refused), 8, f"twenty checks of vic's password ran at once: {answers}")
        self.assertTrue(all(a[1] == 1 and "as this user" in a[2] for a in refused), refused)
        self.assertEqual(len(refused) + [a[0] for a in answers].count(401), 20, answers)
        r, _ = self.login("vic", PASSWORD, source="127.0.1.30")
        self.assertEqual(r.status, 200, "the checks ended: vic signs in")

    def test_sessions_end_with_logout_password_change_and_removal(self):
        self.s.user("tmp", "editor")
        cookie, _ = self.session("tmp")
        token = self.s.token("tmp", "write")["token"]
        self.ok("GET", "/api/v1/me", token=False, cookie=cookie)
        self.s.tm("user", "passwd", "tmp", input="another good password\n")
        self.problem("GET", "/api/v1/me", None, 401, "sign in", token=False, cookie=cookie)
        self.problem("GET", "/api/v1/me", None, 401, "sign in", token=token)
        r, data = self.login("tmp", "another good password")
        cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
        self.s.tm("user", "rm", "tmp")
        self.problem("GET", "/api/v1/me", None, 401, "sign in", token=False, cookie=cookie)

    def test_idle_and_absolute_expiry(self):
        for column, value in (("seen_at", "2020-01-01T00:00:00Z"), ("expires_at", "2020-01-01T00:00:00Z")):
            cookie, _ = self.session("vic")
            self.ok("GET", "/api/v1/me", token=False, cookie=cookie)
            self.s.query(f"UPDATE sessions SET {column} = ?", value)
            self.problem("GET", "/api/v1/me", None, 401, "sign in", token=False, cookie=cookie)

    def test_use_keeps_a_session_alive(self):
        cookie, _ = self.session("vic")
        self.s.query("UPDATE sessions SET seen_at = ?", utc_ago(minutes=10))
        self.ok("GET", "/api/v1/launches?limit=1", token=False, cookie=cookie)
        seen = self.s.query("SELECT count(*) FROM sessions WHERE seen_at > ?", utc_ago(minutes=1))
        self.assertGreaterEqual(seen[0][0], 1, "a request moves the idle clock")

    def test_session_ids_and_csrf_tokens_are_not_stored(self):
        cookie, csrf = self.session()
        dump = self.s.query("SELECT * FROM sessions")
        self.assertNotIn(cookie, repr(dump))
        self.assertNotIn(csrf, repr(dump))


class Feeds(Base):
    def feeds(self, user):
        return json.loads(self.s.tm("--json", "feed", "show", "--user", user, "--base",
                                    f"http://127.0.0.1:{self.s.port}").stdout)

    def get(self, url, headers=None):
        path = url.split(str(self.s.port), 1)[1]
        return self.req("GET", path, token=False, headers=headers)

    def test_subscribed_calendars(self):
        ana = self.feeds("ana")
        r, ics = self.get(ana["launches"])
        self.assertEqual(r.status, 200, ics)
        self.assertTrue(r.getheader("Content-Type").startswith("text/calendar"))
        self.assertIn(b"BEGIN:VCALENDAR", ics)
        self.assertIn(b"Launch: Usage-based billing", ics)
        etag = r.getheader("ETag")
        r, body = self.get(ana["launches"], {"If-None-Match": etag})
        self.assertEqual((r.status, body), (304, b""))
        r, mine = self.get(ana["person"])
        self.assertEqual(r.status, 200)
        self.assertIn(b"BEGIN:VTODO", mine)
        # Wrong, missing or another user's token: as if the feed did not exist.
        vic = self.feeds("vic")
        token = ana["launches"].split("token=")[1]
        for path in ("/feeds/launches.ics", "/feeds/launches.ics?token=tf_1_nope",
                     "/feeds/launches.ics?token=" + token[:-2],
                     ana["person"].split(str(self.s.port))[1].split("?")[0] + "?token=" + vic["launches"].split("token=")[1]):
            with self.subTest(path=path):
                self.problem("GET", path, None, 404, "no such feed", token=False)
        self.assertIsNone(self.feeds("root")["person"], "root is no person: no tasks feed")
        self.problem("GET", "/feeds/people/nobody-at-all.ics?token=" + token, None, 404, "no such feed", token=False)
        # A change moves the ETag.
        self.ok("POST", "/api/v1/launches", {"name": "New in the feed", "date": "2027-01-12", "tier": 3}, status=201)
        r, _ = self.get(ana["launches"], {"If-None-Match": etag})
        self.assertEqual(r.status, 200)
        self.assertNotEqual(r.getheader("ETag"), etag)
        # Reset: the old address stops working at once.
        new = json.loads(self.s.tm("--json", "feed", "reset", "--user", "ana", "--base",
                                   f"http://127.0.0.1:{self.s.port}").stdout)
        self.assertEqual(self.get(ana["launches"])[0].status, 404)
        self.assertEqual(self.get(new["launches"])[0].status, 200)
        self.assertNotIn(new["launches"].split("token=")[1].encode(), self.s.raw())
        # The access log never shows a token.
        with open(self.s.log.name) as f:
            log = f.read()
        self.assertIn('"path":"/feeds/launches.ics"', log)
        self.assertNotIn("tf_", log)

    def test_a_removed_users_feed_never_comes_back(self):
        # The newest user is removed and one of the same name added: an id that could be reused.
        self.s.user("gone", "viewer", "Emma Berg")
        old = self.feeds("gone")
        self.assertEqual(self.get(old["launches"])[0].status, 200)
        old_id = self.s.query("SELECT id FROM users WHERE name = 'gone'")[0][0]
        self.s.tm("user", "rm", "gone")
        self.s.user("gone", "viewer", "Emma Berg")
        new = self.feeds("gone")
        self.assertNotEqual(self.s.query("SELECT id FROM users WHERE name = 'gone'")[0][0], old_id, "an id came back")
        self.assertNotEqual(new["launches"], old["launches"])
        self.assertNotEqual(new["person"], old["person"])
        for url in (old["launches"], old["person"]):
            self.assertEqual(self.get(url)[0].status, 404, f"the removed user's feed {url} still opens")
        self.assertEqual(self.get(new["launches"])[0].status, 200)
        # Even with the same id and generation (as a reused id would give), the salt differs.
        self.s.query("UPDATE users SET id = ? WHERE name = 'gone'", old_id)
        again = self.feeds("gone")
        self.assertTrue(again["launches"].split("token=")[1].startswith(f"tf_{old_id}_"))
        self.assertNotEqual(again["launches"], old["launches"])
        self.assertEqual(self.get(old["launches"])[0].status, 404)
        self.s.tm("user", "rm", "gone")

    @sqlite_only("the feed key's file beside the SQLite file (PostgreSQL keeps it in the table secrets, "
                 "where tminus copy carries it)")
    def test_the_feed_key_is_kept_outside_the_database(self):
        ana = self.feeds("ana")
        key_file = self.s.db + ".feed-key"
        st = os.stat(key_file)
        self.assertEqual(st.st_mode & 0o777, 0o600, "the key file is for its owner only")
        with open(key_file) as f:
            key = bytes.fromhex(f.read().strip())
        self.assertEqual(len(key), 32)
        with open(self.s.db, "rb") as f:
            raw = f.read()
        self.assertNotIn(key, raw)
        self.assertNotIn(key.hex().encode(), raw)
        self.assertEqual(self.s.query("SELECT count(*) FROM settings WHERE key LIKE '%secret%'"), [(0,)])
        # What a copy of the database holds is not enough: the token needs the key file too.
        uid, gen, salt = self.s.query("SELECT id, feed_generation, feed_salt FROM users WHERE name = 'ana'")[0]
        mac = hashlib.blake2b(f"feed:{uid}:{gen}:{salt}".encode(), key=key, digest_size=24).digest()
        token = f"tf_{uid}_" + base64.urlsafe_b64encode(mac).decode().rstrip("=")
        self.assertEqual(ana["launches"].split("token=")[1], token)
        # A key file others can read is refused, not used; a feed then says the server is at fault.
        os.chmod(key_file, 0o644)
        try:
            p = self.s.tm("feed", "show", "--user", "ana", code=None)
            self.assertEqual(p.returncode, 1)
            self.assertIn("can be read by others", p.stderr)
            r, data = self.get(ana["launches"])
            self.assertEqual(r.status, 500, data)
            self.assertIn(b"feed key", data)
            self.assertNotIn(self.s.dir.encode(), data, "the key's path is for the server's log only")
        finally:
            os.chmod(key_file, 0o600)
        with open(key_file, "w") as f:
            f.write("not a key\n")
        p = self.s.tm("feed", "show", "--user", "ana", code=None)
        self.assertIn("damaged", p.stderr)
        # Without its key file (a restored backup), a new key is made and every address changes.
        os.unlink(key_file)
        new = self.feeds("ana")
        self.assertNotEqual(new["launches"], ana["launches"])
        self.assertEqual(self.get(ana["launches"])[0].status, 404)
        self.assertEqual(self.get(new["launches"])[0].status, 200)
        copy = os.path.join(self.s.dir, "feeds-backup.db")
        self.s.tm("backup", copy)
        self.assertFalse(os.path.exists(copy + ".feed-key"), "a backup holds no feed key")


class OneTimePassword(unittest.TestCase):
    """The first admin's password is printed where others may read it: it lets the admin in once, to
    choose their own, and to nothing else."""

    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        s.start()                         # a workspace without users: the first admin is made
        cls.once = re.search(r"one-time password: (\S+)", s.stderr_at_start).group(1)
        s.user("ana", "editor", "Ana Silva")

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def sign_in(self, user, password):
        r, data = self.s.request("POST", "/login", {"user": user, "password": password})
        self.assertEqual(r.status, 200, data)
        return re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1), json.loads(data)

    def refused(self, method, path, body=None, status=403, words="", **kw):
        before = self.s.dump()
        r, data = self.s.request(method, path, body=body, **kw)
        self.assertEqual(r.status, status, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
        p = json.loads(data)
        self.assertIn(words, p["detail"])
        self.assertEqual(before, self.s.dump(), f"{method} {path} changed the database")
        return p

    def test_a_one_time_password_opens_only_the_way_to_a_new_one(self):
        s = self.s
        self.assertEqual(s.query("SELECT must_change_password FROM users WHERE name = 'admin'"), [(1,)])
        cookie, me = self.sign_in("admin", self.once)
        self.assertTrue(me["must_change_password"])
        csrf = me["csrf"]
        h = {"X-CSRF-Token": csrf}
        for method, path, body in (("GET", "/api/v1/me", None), ("GET", "/api/v1/launches", None),
                                   ("GET", "/api/v1/audit", None), ("POST", "/api/v1/people", {"name": "X", "role": "pm"}),
                                   ("POST", "/api/v1/decisions", {"what": "x", "why": "y"})):
            p = self.refused(method, path, body, 403, "must choose a new password", cookie=cookie, headers=h)
            self.assertIn("POST /api/v1/me/password", p["detail"])
        # The browser lands on the page to choose one; the start page sends it there too.
        r, _ = s.request("GET", "/", cookie=cookie)
        self.assertEqual((r.status, r.getheader("Location")), (303, "/password"))
        r, page = s.request("GET", "/password", cookie=cookie)
        self.assertEqual(r.status, 200)
        self.assertIn(b"one-time password", page)
        self.assertIn(csrf.encode(), page)
        # Mistakes change nothing and say what is wrong.
        url = "/api/v1/me/password"
        self.refused("POST", url, {"current": self.once, "new": "a brand new passphrase"}, 403, "X-CSRF-Token",
                     cookie=cookie)
        p = self.refused("POST", url, {"current": "not it at all", "new": "a brand new passphrase"}, 403,
                         "current password is wrong", cookie=cookie, headers=h)
        self.assertEqual(p["parameter"], "/current")
        for body, words, pointer in (({"current": self.once, "new": self.once}, "differ", "/new"),
                                     ({"current": self.once, "new": "short"}, "too short", "/new"),
                                     ({"current": self.once, "new": "x" * 1025}, "too long", "/new"),
                                     ({"current": self.once}, "required", "/new"),
                                     ({"new": "a brand new passphrase"}, "required", "/current"),
                                     ({"current": self.once, "new": 12345678}, "string", "/new"),
                                     ({"current": self.once, "new": "a brand new passphrase", "user": "x"},
                                      "unknown field", "/user")):
            p = self.refused("POST", url, body, 400, words, cookie=cookie, headers=h)
            if pointer:
                self.assertEqual(p.get("parameter"), pointer, p)
        self.refused("POST", url, "current=x", 415, "application/json", cookie=cookie,
                     headers=dict(h, **{"Content-Type": "text/plain"}))
        # The right current password and a new one: the flag goes, the session is a new one.
        audit = s.query("SELECT count(*) FROM audit WHERE action = 'user.password'")[0][0]
        r, data = s.request("POST", url, {"current": self.once, "new": "a brand new passphrase"}, cookie=cookie,
                            headers=h)
        self.assertEqual(r.status, 200, data)
        me = json.loads(data)
        self.assertFalse(me["must_change_password"])
        self.assertNotEqual(me["csrf"], csrf)
        new_cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
        self.assertNotEqual(new_cookie, cookie)
        self.assertEqual(s.query("SELECT must_change_password FROM users WHERE name = 'admin'"), [(0,)])
        self.assertEqual(s.query("SELECT count(*) FROM audit WHERE action = 'user.password'")[0][0], audit + 1)
        self.refused("GET", "/api/v1/me", None, 401, "sign in", cookie=cookie)
        r, data = s.request("GET", "/api/v1/launches", cookie=new_cookie)
        self.assertEqual(r.status, 200, data)
        r, _ = s.request("GET", "/", cookie=new_cookie)
        self.assertEqual(r.status, 200)
        # The one-time password is spent.
        r, _ = s.request("POST", "/login", {"user": "admin", "password": self.once})
        self.assertEqual(r.status, 401)
        self.sign_in("admin", "a brand new passphrase")

    def test_any_user_changes_their_own_password(self):
        s = self.s
        token = s.token("ana", "write")["token"]
        other = s.token("ana", "read")["token"]
        self.refused("POST", "/api/v1/me/password", {"current": PASSWORD, "new": "another passphrase"}, 403, "read",
                     token=other)
        r, data = s.request("POST", "/api/v1/me/password", {"current": PASSWORD, "new": "another passphrase"},
                            token=token)
        self.assertEqual(r.status, 200, data)
        self.assertIsNone(r.getheader("Set-Cookie"), "a token's change starts no session")
        # As with 'tminus user passwd', every token of hers ends.
        for t in (token, other):
            r, _ = s.request("GET", "/api/v1/me", token=t)
            self.assertEqual(r.status, 401)
        self.sign_in("ana", "another passphrase")
        s.tm("user", "passwd", "ana", input=PASSWORD + "\n")

    def test_tminus_user_passwd_ends_the_one_time_password(self):
        fresh = Server(demo=False)
        try:
            fresh.start()
            once = re.search(r"one-time password: (\S+)", fresh.stderr_at_start).group(1)
            fresh.tm("user", "passwd", "admin", input="chosen by the owner\n")
            r, data = fresh.request("POST", "/login", {"user": "admin", "password": "chosen by the owner"})
            self.assertEqual(r.status, 200, data)
            self.assertFalse(json.loads(data)["must_change_password"])
            cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
            r, _ = fresh.request("GET", "/api/v1/audit", cookie=cookie)
            self.assertEqual(r.status, 200)
            r, _ = fresh.request("POST", "/login", {"user": "admin", "password": once})
            self.assertEqual(r.status, 401)
        finally:
            fresh.close()


class Operations(unittest.TestCase):
    def test_first_serve_creates_an_admin_once(self):
        s = Server(demo=False)
        try:
            s.start()
            m = re.search(r"one-time password: (\S+)", s.stderr_at_start)
            self.assertTrue(m, s.stderr_at_start)
            r, data = s.request("POST", "/login", {"user": "admin", "password": m.group(1)})
            self.assertEqual(r.status, 200, data)
            self.assertEqual(json.loads(data)["role"], "admin")
            s.stop()
            s.start()
            self.assertNotIn("one-time password", s.stderr_at_start)
        finally:
            s.close()

    @staticmethod
    def writers(s, token, stop, acknowledged, n=3):
        """Threads that create launches until stop is set; acknowledged gets each 201's id."""
        def run(k):
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r, data = s.request("POST", "/api/v1/launches", {"name": f"Busy {k}-{i}", "date": "2027-05-03",
                                                                     "tier": 3}, token=token)
                except OSError:
                    return  # the server went away
                if r.status == 201:
                    acknowledged.append(json.loads(data)["id"])
        threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
        for t in threads:
            t.start()
        return threads

    @sqlite_only("backup copies the SQLite file; on PostgreSQL it points at pg_dump")
    def test_backup_while_serving(self):
        s = Server()
        try:
            s.user("w", "editor")
            token = s.token("w", "write")["token"]
            s.start()
            before = s.query("SELECT count(*) FROM launches")[0][0]
            stop, acked = threading.Event(), []
            threads = self.writers(s, token, stop, acked)
            time.sleep(0.3)
            out = os.path.join(s.dir, "copy.db")
            p = s.tm("backup", out)
            stop.set()
            for t in threads:
                t.join()
            self.assertIn("backed up", p.stdout)
            con = sqlite3.connect(out)
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone(), ("ok",))
            self.assertEqual(con.execute("PRAGMA foreign_key_check").fetchall(), [])
            copied = con.execute("SELECT count(*) FROM launches").fetchone()[0]
            # One consistent moment: every launch in the copy is whole.
            self.assertEqual(con.execute("SELECT count(*) FROM launches l WHERE l.tasks_total != "
                                         "(SELECT count(*) FROM tasks t WHERE t.launch_id = l.id)").fetchone()[0], 0)
            con.close()
            self.assertTrue(acked, "the writers wrote while the backup ran")
            self.assertTrue(before <= copied <= before + len(acked) + 3, (before, copied, len(acked)))
            p = s.tm("backup", out, code=None)
            self.assertEqual(p.returncode, 4)
            self.assertIn("already exists", p.stderr)
        finally:
            s.close()

    def test_the_read_cache_stays_within_its_budget(self):
        s = Server(demo=False)
        try:
            s.tm("demo", "--launches", "3000")
            s.user("r", "viewer")
            token = s.token("r", "read")["token"]
            s.start()
            with open(f"/proc/{s.proc.pid}/maps") as f:
                maps = f.read()
            # gcc links a sanitizer's run time as a library, clang into the binary (its messages are there).
            with open(f"/proc/{s.proc.pid}/exe", "rb") as f:
                exe = f.read()
            if "libasan" in maps or "libtsan" in maps or b"AddressSanitizer:" in exe or b"ThreadSanitizer:" in exe:
                self.skipTest("under a sanitizer the resident size measures the sanitizer's own memory (shadow)")
            sizes = 0
            for offset in range(0, 3000, 7):  # 429 different large pages, each kept if it may be
                r, data = s.request("GET", f"/api/v1/launches?limit=1000&offset={offset}", token=token)
                self.assertEqual(r.status, 200)
                sizes += len(data)
            with open(f"/proc/{s.proc.pid}/status") as f:
                rss = int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) * 1024
            self.assertGreater(sizes, 64 << 20, "the pages add up to far more than the budget")
            # Two worker threads keep 8 MiB each at most; kept whole, the pages would need 70 MiB more.
            self.assertLess(rss, 48 << 20, f"the server holds {rss >> 20} MiB after {sizes >> 20} MiB of answers")
        finally:
            s.close()

    def test_behind_a_proxy_sign_in_limits_count_the_real_client(self):
        def attempts(s, real_ip, n, password="wrong password"):
            out = []
            for _ in range(n):
                r, _ = s.request("POST", "/login", {"user": "ana", "password": password},
                                 headers={"X-Real-IP": real_ip} if real_ip else None)
                out.append(r.status)
            return out
        proxied, direct = Server(demo=False, extra=["--behind-proxy"]), Server(demo=False)
        try:
            for s in (proxied, direct):
                s.tm("person", "add", "Ana Silva", "--role", "pm")
                s.user("ana", "editor", "Ana Silva")
                s.start()
            # Behind nginx every connection is 127.0.0.1: the limit follows X-Real-IP. After five free
            # failures each wait doubles (1 s, 2 s, 4 s): on a loaded machine one answer may come after
            # the first second, never after all three.
            got = attempts(proxied, "203.0.113.7", 8)
            self.assertEqual(got[:5], [401] * 5)
            self.assertIn(429, got[5:])
            self.assertEqual(attempts(proxied, "198.51.100.9", 1, PASSWORD), [200], "another client signs in")
            # Without --behind-proxy the header is anyone's to write, so it is not believed.
            self.assertEqual(attempts(direct, "203.0.113.7", 4), [401] * 4)
            got = attempts(direct, "198.51.100.9", 4)
            self.assertEqual(got[0], 401)
            self.assertIn(429, got[1:], "all of them came from 127.0.0.1")
        finally:
            proxied.close()
            direct.close()

    @sqlite_only("a workspace an older tminus left at schema 6 is a SQLite file (PostgreSQL starts at the "
                 "current schema)")
    def test_upgrade_from_schema_6_keeps_accounts_and_reuses_no_id(self):
        s = Server(demo=False)
        try:
            for name in ("a", "b", "c"):
                s.user(name, "editor")
            s.token("c", "read")
            b_token = s.token("b", "write")["token"]
            s.tm("user", "rm", "c")           # id 3 and token 1 are free again under schema 6
            con = sqlite3.connect(s.db)
            con.execute("INSERT INTO sessions(hash, user_id, seen_at, expires_at) VALUES('ab', 2, 'x', 'y')")
            con.commit()
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            # The database as tminus left it at schema 6 (the migration's input): built from migrations 1 to 6,
            # with this workspace's rows copied in (the freed ids stay free, as schema 6 kept them).
            os.rename(s.db, s.db + ".new")
            schema.create(s.db, 6)
            con = sqlite3.connect(s.db)
            con.executescript(f"""
                ATTACH '{s.db}.new' AS new;
                INSERT INTO people SELECT id, name, email, role, capacity, created_at FROM new.people;
                INSERT INTO users SELECT id, name, role, person_id, password_hash, created_at, feed_generation FROM new.users;
                INSERT INTO tokens SELECT id, user_id, name, scope, hash, created_at, expires_at, revoked_at FROM new.tokens;
                INSERT INTO sessions SELECT hash, user_id, created_at, seen_at, expires_at FROM new.sessions;
                INSERT INTO audit SELECT * FROM new.audit;
                INSERT INTO settings VALUES('feed_secret', '{"ab" * 32}');
                DETACH new;
            """)
            con.close()
            os.remove(s.db + ".new")
            s.tm("user", "list")              # any command brings the schema up to date
            self.assertEqual(s.query("PRAGMA user_version")[0][0], len(schema.migrations()))
            self.assertEqual(s.query("SELECT id, name, must_change_password FROM users ORDER BY id"),
                             [(1, "a", 0), (2, "b", 0)])
            salts = [r[0] for r in s.query("SELECT feed_salt FROM users")]
            self.assertTrue(all(re.fullmatch(r"[0-9a-f]{32}", x) for x in salts) and salts[0] != salts[1], salts)
            self.assertEqual(s.query("SELECT user_id FROM sessions"), [(2,)], "sessions survive the upgrade")
            self.assertEqual(s.query("SELECT count(*) FROM settings WHERE key = 'feed_secret'"), [(0,)])
            self.assertEqual(s.query("PRAGMA foreign_key_check"), [])
            self.assertEqual(s.query("PRAGMA integrity_check"), [("ok",)])
            s.user("d", "viewer")
            self.assertEqual(s.query("SELECT id FROM users WHERE name = 'd'"), [(4,)], "user 3 once existed")
            self.assertEqual(s.token("d", "read")["id"], 3, "tokens 1 and 2 once existed")
            s.start()
            r, data = s.request("GET", "/api/v1/me", token=b_token)
            self.assertEqual(r.status, 200, data)
            s.tm("user", "rm", "b")
            self.assertEqual(s.query("SELECT count(*) FROM sessions"), [(0,)], "removal still cascades")
        finally:
            s.close()

    def test_connections_per_address_are_limited(self):
        s = Server(extra=["--per-address", "4"])
        try:
            s.start()
            # Each hog is answered once and kept open, so the server has accepted and counted
            # all four before the fifth knocks (its threads accept in parallel: a connection
            # merely queued could otherwise be the one turned away).
            hogs = []
            for _ in range(4):
                hog = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5, source_address=("127.0.0.5", 0))
                hog.request("GET", "/healthz")
                reply = hog.getresponse()
                reply.read()
                self.assertEqual(reply.status, 200)
                hogs.append(hog)
            # A fifth from the same address is turned away at once...
            extra = socket.create_connection(("127.0.0.1", s.port), source_address=("127.0.0.5", 0), timeout=5)
            extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                answer = extra.recv(100)
            except (ConnectionResetError, socket.timeout):
                answer = b""
            self.assertEqual(answer, b"", "the address already holds its share of connections")
            extra.close()
            # ...while everyone else is served.
            c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5, source_address=("127.0.0.6", 0))
            c.request("GET", "/healthz")
            self.assertEqual(c.getresponse().status, 200)
            c.close()
            for hog in hogs:
                hog.close()
        finally:
            s.close()

    def test_sigterm_finishes_and_exits_zero(self):
        s = Server()
        try:
            s.user("w", "editor")
            token = s.token("w", "write")["token"]
            s.start()
            stop, acked = threading.Event(), []
            threads = self.writers(s, token, stop, acked)
            # Writes under way when the signal comes: wait for the first acknowledged one (a loaded
            # machine on PostgreSQL may take more than the half second that is enough elsewhere).
            deadline = time.monotonic() + 60
            while not acked and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            s.proc.terminate()
            self.assertEqual(s.proc.wait(10), 0)
            stop.set()
            for t in threads:
                t.join()
            self.assertIn("SIGTERM received", open(s.log.name).read())
            # Nothing half-written: every acknowledged launch is there whole, and the file is sound.
            self.assertTrue(acked)
            for launch in acked:
                total, tasks = s.query("SELECT tasks_total, (SELECT count(*) FROM tasks WHERE launch_id = l.id) "
                                       "FROM launches l WHERE id = ?", launch)[0]
                self.assertEqual(total, tasks)
                self.assertGreater(tasks, 0)
            self.assertEqual(s.integrity(), [])
            self.assertEqual(s.query("SELECT count(*) FROM launches l WHERE l.tasks_total != "
                                     "(SELECT count(*) FROM tasks t WHERE t.launch_id = l.id)"), [(0,)])
        finally:
            s.close()


if __name__ == "__main__":
    main()
