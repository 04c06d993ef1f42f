#!/usr/bin/env python3
"""Issue 12 over the HTTP API, against a real `tminus serve` on loopback: an approval of external copy
is the signed-in user's person's (nobody approves for someone else), a launch's stream DRIs and
executive sponsor through PATCH (400 for an unknown stream, 404 for somebody who is no person, the
database as it was after each refusal), triage of a quarter, and `playbook apply` with its dry run.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_seeds.py
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, main  # noqa: E402


class Seeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin, no person)
        s.user("ben", "editor", "Ben Okafor")
        s.user("dev", "editor", "Dev Patel")
        cls.tokens["ben"] = s.token("ben", "write")["token"]
        cls.tokens["dev"] = s.token("dev", "write")["token"]
        s.tm("person", "add", "Cal Reyes", "--role", "exec")
        s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    n = 0

    def new_launch(self, tier=1, date="2027-03-16"):
        """A launch of this test's own (the server's workspace is shared by the class)."""
        Seeds.n += 1
        name = f"Seeds {Seeds.n}"
        self.s.tm("launch", "add", name, "--date", date, "--tier", str(tier), "--pm", "Ana Silva",
                  "--marketing", "Ben Okafor")
        return name.lower().replace(" ", "-")

    def req(self, method, path, body=None, token="editor", headers=None):
        return self.s.request(method, path, body=body, headers=headers, token=self.tokens[token] if token else None)

    def ok(self, method, path, body=None, token="editor", status=200, headers=None):
        r, data = self.req(method, path, body, token, headers)
        self.assertEqual(r.status, status, data)
        return r, json.loads(data) if data else None

    def problem(self, method, path, body, status, words, token="editor", headers=None):
        """Refused with status and words as problem+json, and nothing changed."""
        before = self.s.dump()
        r, data = self.req(method, path, body, token, headers)
        statuses = status if isinstance(status, tuple) else (status,)
        self.assertIn(r.status, statuses, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"), r.getheader("Content-Type"))
        p = json.loads(data)
        self.assertEqual(p["status"], r.status)
        for w in [words] if isinstance(words, str) else words:
            self.assertIn(w, p["detail"])
        self.assertEqual(before, self.s.dump(), f"{method} {path} was refused but changed the database")
        return p

    def tasks(self, slug):
        _, tasks = self.ok("GET", f"/api/v1/launches/{slug}/tasks")
        return {t["title"]: t for t in tasks}

    def etag(self, path):
        r, _ = self.ok("GET", path)
        return r.getheader("ETag")


class Approve(Seeds):
    def test_the_signed_in_users_person_approves(self):
        slug = self.new_launch()
        t = self.tasks(slug)
        blog = t["Launch blog post"]
        self.assertTrue(blog["external"])
        path = f"/api/v1/tasks/{blog['id']}"
        # Done while unapproved: it waits for the PMM's approval.
        _, got = self.ok("PATCH", path, {"status": "done"}, headers={"If-Match": self.etag(path)})
        self.assertEqual(got["status"], "awaiting_approval")
        self.assertEqual(got["approval_missing"], ["Ben Okafor"])
        # Ana is neither the launch's PMM nor a reviewer of the blog.
        self.problem("POST", path + "/approve", {}, 400, "neither the launch's PMM nor a reviewer", token="editor")
        # Ben may not approve for Ana, nor Ana for Ben.
        self.problem("POST", path + "/approve", {"as": "Ana Silva"}, 403, "nobody approves for someone else",
                     token="ben")
        self.problem("POST", path + "/approve", {"as": "Ben Okafor"}, 403, "nobody approves for someone else")
        # A viewer approves nothing; a user who is no person cannot approve.
        r, _ = self.req("POST", path + "/approve", {}, token="viewer")
        self.assertEqual(r.status, 403)
        r, _ = self.req("POST", path + "/approve", {}, token="admin")
        self.assertIn(r.status, (400, 403))
        self.assertEqual(self.tasks(slug)["Launch blog post"]["status"], "awaiting_approval")
        # Ben, the PMM, approves as himself (naming himself is the same): done.
        _, got = self.ok("POST", path + "/approve", {"as": "Ben Okafor"}, token="ben")
        self.assertEqual((got["status"], got["approved_by"], got["approval_missing"]), ("done", ["Ben Okafor"], []))
        _, again = self.ok("GET", path)
        self.assertEqual(again["approved_by"], ["Ben Okafor"])
        cli = json.loads(self.s.tm("--json", "task", "list", slug).stdout)
        self.assertEqual(next(x for x in cli if x["id"] == blog["id"])["status"], "done")

    def test_a_named_reviewer_approves_too(self):
        slug = self.new_launch()
        email = self.tasks(slug)["Email announcement (segmented)"]
        path = f"/api/v1/tasks/{email['id']}"
        self.ok("PATCH", path, {"reviewed_by": ["Ben Okafor", "Dev Patel"]}, headers={"If-Match": self.etag(path)})
        _, got = self.ok("POST", path + "/approve", {}, token="dev")
        self.assertEqual(got["approved_by"], ["Dev Patel"])
        self.assertEqual(got["approval_missing"], ["Ben Okafor"])
        self.assertEqual(got["status"], "todo")

    def test_not_external_and_unknown_task(self):
        slug = self.new_launch()
        vp = self.tasks(slug)["Value proposition defined"]
        self.problem("POST", f"/api/v1/tasks/{vp['id']}/approve", {}, 400, "produces no external copy", token="ben")
        self.problem("POST", "/api/v1/tasks/999999/approve", {}, 404, "task", token="ben")
        blog = self.tasks(slug)["Launch blog post"]
        self.problem("POST", f"/api/v1/tasks/{blog['id']}/approve", {"colour": "red"}, 400, "colour", token="ben")


class Launches(Seeds):
    def test_dris_and_sponsor(self):
        slug = self.new_launch()
        path = f"/api/v1/launches/{slug}"
        _, got = self.ok("PATCH", path, {"dris": {"pr": "Dev Patel", "web": "Ana Silva"}},
                         headers={"If-Match": self.etag(path)})
        dris = {d["stream"]: d for d in got["dris"]}
        self.assertEqual((dris["pr"]["person"], dris["pr"]["name"]), ("Dev Patel", "PR sync"))
        self.assertEqual(dris["web"]["person"], "Ana Silva")
        _, got = self.ok("PATCH", path, {"dris": {"pr": None}, "sponsor": "Cal Reyes"},
                         headers={"If-Match": self.etag(path)})
        self.assertNotEqual({d["stream"]: d for d in got["dris"]}.get("pr", {}).get("person"), "Dev Patel")
        self.assertEqual((got["sponsor"]["name"], got["sponsor"]["default"]), ("Cal Reyes", False))
        _, shown = self.ok("GET", path)
        self.assertEqual(shown, json.loads(self.s.tm("--json", "launch", "show", slug).stdout))

    def test_refusals_name_the_field_and_change_nothing(self):
        slug = self.new_launch()
        path = f"/api/v1/launches/{slug}"
        tag = {"If-Match": self.etag(path)}
        p = self.problem("PATCH", path, {"dris": {"foo": "Ana Silva"}}, 400, "unknown stream 'foo'", headers=tag)
        self.assertTrue(p.get("parameter", "").startswith("/dris"), p)
        # Somebody who is no person: not found, as the command line's exit 3.
        p = self.problem("PATCH", path, {"dris": {"pr": "Nobody Here"}}, 404, "Nobody Here", headers=tag)
        self.assertTrue(p.get("parameter", "/dris").startswith("/dris"), p)
        self.problem("PATCH", path, {"dris": {"pr": 7}}, 400, "string", headers=tag)
        self.problem("PATCH", path, {"dris": ["pr"]}, 400, "dris", headers=tag)
        p = self.problem("PATCH", path, {"sponsor": "Nobody Here"}, 404, "Nobody Here", headers=tag)
        self.assertEqual(p.get("parameter", "/sponsor"), "/sponsor")
        self.problem("PATCH", path, {"sponsor": 3}, 400, "sponsor", headers=tag)
        self.problem("PATCH", path, {"dris": {"pr": "Ana Silva"}}, 403, "", token="viewer", headers=tag)

    def test_playbook_apply_dry_run_then_apply(self):
        slug = self.new_launch(tier=3)
        path = f"/api/v1/launches/{slug}/playbook-apply"
        before = self.s.dump()
        _, dry = self.ok("POST", path + "?dry_run=1", {})
        self.assertEqual(before, self.s.dump(), "a dry run changes nothing")
        self.assertEqual(dry["tasks"] if isinstance(dry, dict) else dry, [], "a new launch lacks nothing")
        self.problem("POST", "/api/v1/launches/no-such-launch/playbook-apply", {}, 404, "launch")
        r, _ = self.req("POST", path, {}, token="viewer")
        self.assertEqual(r.status, 403)


class Triage(Seeds):
    def test_the_quarter_matches_the_cli(self):
        _, got = self.ok("GET", "/api/v1/triage?quarter=2027Q1", token="viewer")
        cli = json.loads(self.s.tm("--json", "triage", "--quarter", "2027Q1").stdout)
        self.assertEqual(got, cli)
        _, now = self.ok("GET", "/api/v1/triage")
        self.assertEqual(now, json.loads(self.s.tm("--json", "triage").stdout))
        for bad in ("2027Q5", "soon", "2027"):
            self.problem("GET", f"/api/v1/triage?quarter={bad}", None, 400, "quarter")
        r, _ = self.req("GET", "/api/v1/triage", token=None)
        self.assertEqual(r.status, 401)


if __name__ == "__main__":
    main()
