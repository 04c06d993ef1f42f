#!/usr/bin/env python3
"""What the web UI's settings and previews use, over real HTTP against a real
`tminus serve`: users (a one-time password answered once, which lets its user
in only to choose their own; never the last admin removed or demoted), tokens
(the secret answered once, never listed), the playbook in force (YAML in, the
checker's line and column out), an iCalendar import of holidays, the signed-in
user's feed addresses, and Markdown rendered as safe HTML. Admin routes refuse
editors and viewers; every refusal is a problem document and changes nothing.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_admin_api.py
"""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, main  # noqa: E402

YAML = {"Content-Type": "application/yaml"}
ICS = {"Content-Type": "text/calendar"}
MD = {"Content-Type": "text/markdown"}


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

    def req(self, method, path, body=None, token=None, headers=None):
        return self.s.request(method, path, body=body, headers=headers, token=token or self.admin)

    def ok(self, method, path, body=None, status=200, token=None, headers=None):
        r, data = self.req(method, path, body, token, headers)
        self.assertEqual(r.status, status, data)
        return r, (json.loads(data) if data and "json" in (r.getheader("Content-Type") or "") else data)

    def problem(self, method, path, body=None, status=400, words="", pointer=None, token=None, headers=None):
        """Refused with status and words as problem+json, and the database exactly as before."""
        before = self.s.dump()
        r, data = self.req(method, path, body, token, headers)
        self.assertEqual(r.status, status, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"), r.getheader("Content-Type"))
        p = json.loads(data)
        self.assertEqual(p["status"], status)
        self.assertIn(words, p["detail"])
        if pointer is not None:
            self.assertEqual(p.get("parameter"), pointer, p)
        self.assertEqual(before, self.s.dump(), f"{method} {path} was refused but changed the database")
        return p

    def login(self, user, password):
        r, data = self.s.request("POST", "/login", {"user": user, "password": password})
        return r, json.loads(data)


class Roles(Base):
    ROUTES = [("GET", "/api/v1/users", None, None), ("POST", "/api/v1/users", {"name": "x", "role": "viewer"}, None),
              ("PATCH", "/api/v1/users/ana", {"role": "admin"}, None), ("DELETE", "/api/v1/users/vic", None, None),
              ("GET", "/api/v1/tokens", None, None),
              ("POST", "/api/v1/tokens", {"user": "ana", "name": "x", "scope": "read"}, None),
              ("DELETE", "/api/v1/tokens/1", None, None), ("PUT", "/api/v1/playbook", "playbook: x\n", YAML),
              ("DELETE", "/api/v1/playbook", None, None),
              ("POST", "/api/v1/holidays/import", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", ICS)]

    def test_editors_and_viewers_get_403_on_admin_routes(self):
        for token, who in ((self.editor, "editor"), (self.viewer, "viewer")):
            for method, path, body, headers in self.ROUTES:
                with self.subTest(f"{who} {method} {path}"):
                    self.problem(method, path, body, 403, "only admins", token=token, headers=headers)

    def test_a_read_token_of_an_admin_cannot_change_anything(self):
        for method, path, body, headers in self.ROUTES:
            if method != "GET":
                with self.subTest(f"{method} {path}"):
                    self.problem(method, path, body, 403, "can only read", token=self.admin_read, headers=headers)

    def test_nobody_signed_in_gets_401(self):
        r, _ = self.s.request("GET", "/api/v1/users")
        self.assertEqual(r.status, 401)
        r, _ = self.s.request("GET", "/api/v1/me/feeds")
        self.assertEqual(r.status, 401)


class Users(Base):
    def test_list_never_shows_passwords(self):
        _, users = self.ok("GET", "/api/v1/users")
        by = {u["name"]: u for u in users}
        self.assertEqual(by["ana"]["role"], "editor")
        self.assertEqual(by["ana"]["person"], "Ana Silva")
        self.assertIsNone(by["root"]["person"])
        self.assertFalse(by["ana"]["must_change_password"])
        for u in users:
            self.assertEqual(set(u), {"id", "name", "role", "person", "created_at", "must_change_password"})
        # The same users as the command line lists.
        self.assertEqual(users, self.s.js("user", "list"))

    def test_a_new_user_signs_in_once_to_choose_a_password(self):
        r, u = self.ok("POST", "/api/v1/users", {"name": "dana", "role": "editor", "person": "Ben"}, status=201)
        self.assertEqual(r.getheader("Location"), "/api/v1/users/dana")
        self.assertEqual(r.getheader("Cache-Control"), "no-store")
        self.assertEqual((u["name"], u["role"], u["person"], u["must_change_password"]),
                         ("dana", "editor", "Ben Okafor", True))
        once = u["password"]
        self.assertGreaterEqual(len(once), 16)
        # Kept only as an argon2id hash; the answer was not kept for an Idempotency-Key replay.
        self.assertNotIn(once, self.s.dump())
        self.assertEqual(self.s.query("SELECT must_change_password FROM users WHERE name = 'dana'"), [(1,)])
        # Signed in with it, dana may do nothing but choose her own password.
        r, me = self.login("dana", once)
        self.assertEqual(r.status, 200, me)
        cookie = re.match(r"tminus_session=([^;]+)", r.getheader("Set-Cookie")).group(1)
        h = {"X-CSRF-Token": me["csrf"]}
        r, data = self.s.request("GET", "/api/v1/launches", cookie=cookie)
        self.assertEqual(r.status, 403, data)
        self.assertIn("must choose a new password", json.loads(data)["detail"])
        r, data = self.s.request("POST", "/api/v1/me/password", {"current": once, "new": "dana's own passphrase"},
                                 cookie=cookie, headers=h)
        self.assertEqual(r.status, 200, data)
        r, me = self.login("dana", "dana's own passphrase")
        self.assertEqual(r.status, 200, me)
        self.assertEqual(self.s.query("SELECT must_change_password FROM users WHERE name = 'dana'"), [(0,)])
        r, _ = self.login("dana", once)
        self.assertEqual(r.status, 401)
        self.s.tm("user", "rm", "dana")

    def test_a_retried_add_does_not_make_a_second_user(self):
        key = {"Idempotency-Key": "add-eve-1"}
        r, u = self.ok("POST", "/api/v1/users", {"name": "eve", "role": "viewer"}, status=201, headers=key)
        self.problem("POST", "/api/v1/users", {"name": "eve", "role": "viewer"}, 409, "already exists", headers=key)
        self.assertEqual(self.s.query("SELECT count(*) FROM users WHERE name = 'eve'"), [(1,)])
        self.assertEqual(self.s.query("SELECT count(*) FROM idempotency"), [(0,)])
        self.s.tm("user", "rm", "eve")

    def test_bad_users_are_refused_naming_the_field(self):
        for body, words, pointer in (({"role": "editor"}, "missing /name", "/name"),
                                     ({"name": "x"}, "missing /role", "/role"),
                                     ({"name": "x", "role": "boss"}, "unknown role 'boss'", "/role"),
                                     ({"name": "x", "role": "viewer", "person": "Nobody Here"}, "Nobody Here",
                                      "/person"),
                                     ({"name": "x", "role": "viewer", "password": "mine"}, "read-only", "/password"),
                                     ({"name": "x", "role": "viewer", "email": "x@y"}, "unknown field", "/email"),
                                     ({"name": 12, "role": "viewer"}, "string", "/name"),
                                     ({"name": "", "role": "viewer"}, "", "/name")):
            with self.subTest(body):
                self.problem("POST", "/api/v1/users", body, 400, words, pointer)
        self.problem("POST", "/api/v1/users", {"name": "ana", "role": "viewer"}, 409, "already exists")
        self.problem("POST", "/api/v1/users", "name=x", 415, "application/json", headers={"Content-Type": "text/plain"})
        self.problem("POST", "/api/v1/users", "{", 400, headers={"Content-Type": "application/json"})

    def test_change_a_role_and_a_person(self):
        self.s.user("fay", "viewer", "Emma Berg")
        _, u = self.ok("PATCH", "/api/v1/users/fay", {"role": "editor"})
        self.assertEqual((u["role"], u["person"]), ("editor", "Emma Berg"))
        _, u = self.ok("PATCH", "/api/v1/users/fay", {"person": "Ana"})
        self.assertEqual((u["role"], u["person"]), ("editor", "Ana Silva"))
        _, u = self.ok("PATCH", "/api/v1/users/fay", {"person": None})
        self.assertIsNone(u["person"])
        self.assertEqual(self.s.js("user", "list")[1]["name"], "fay")
        self.problem("PATCH", "/api/v1/users/fay", {"name": "gus"}, 400, "does not change", "/name")
        self.problem("PATCH", "/api/v1/users/fay", {"role": "owner"}, 400, "unknown role", "/role")
        self.problem("PATCH", "/api/v1/users/fay", {"person": "Nobody Here"}, 400, "Nobody Here", "/person")
        self.problem("PATCH", "/api/v1/users/nobody", {"role": "viewer"}, 404, "unknown user 'nobody'")
        self.ok("DELETE", "/api/v1/users/fay", status=204)
        self.problem("DELETE", "/api/v1/users/fay", None, 404, "unknown user 'fay'")

    def test_never_the_last_admin(self):
        self.problem("PATCH", "/api/v1/users/root", {"role": "editor"}, 409, "'root' is the last admin")
        self.problem("DELETE", "/api/v1/users/root", None, 409, "'root' is the last admin")
        # With a second admin, either may go; then the other is the last.
        self.s.user("kim", "admin")
        _, u = self.ok("PATCH", "/api/v1/users/kim", {"role": "viewer"})
        self.assertEqual(u["role"], "viewer")
        self.ok("PATCH", "/api/v1/users/kim", {"role": "admin"})
        self.ok("DELETE", "/api/v1/users/kim", status=204)
        self.problem("DELETE", "/api/v1/users/root", None, 409, "last admin")
        # The command line keeps the same rule.
        self.s.rejected("user", "rm", "root", code=4, words="last admin")
        self.s.rejected("user", "set", "root", "--role", "viewer", code=4, words="last admin")

    def test_removing_a_user_ends_their_tokens(self):
        self.s.user("gil", "editor")
        tok = self.s.token("gil", "write")["token"]
        r, _ = self.s.request("GET", "/api/v1/me", token=tok)
        self.assertEqual(r.status, 200)
        self.ok("DELETE", "/api/v1/users/gil", status=204)
        r, _ = self.s.request("GET", "/api/v1/me", token=tok)
        self.assertEqual(r.status, 401)


class Tokens(Base):
    def test_create_list_revoke(self):
        r, t = self.ok("POST", "/api/v1/tokens", {"user": "ana", "name": "ci", "scope": "read", "expires_days": 30},
                       status=201)
        self.assertEqual(r.getheader("Cache-Control"), "no-store")
        self.assertTrue(t["token"].startswith("tm_"))
        self.assertEqual((t["user"], t["name"], t["scope"], t["revoked"]), ("ana", "ci", "read", False))
        self.assertTrue(t["expires_at"])
        self.assertNotIn(t["token"], self.s.dump())  # only its hash
        # It works, for reading only.
        r, _ = self.s.request("GET", "/api/v1/launches", token=t["token"])
        self.assertEqual(r.status, 200)
        # Listed without the secret, as the command line lists it.
        _, ts = self.ok("GET", "/api/v1/tokens")
        mine = next(x for x in ts if x["id"] == t["id"])
        self.assertNotIn("token", mine)
        self.assertNotIn("hash", mine)
        self.assertNotIn(t["token"], json.dumps(ts))
        self.assertEqual(ts, self.s.js("token", "list"))
        _, only = self.ok("GET", "/api/v1/tokens?user=ana")
        self.assertEqual({x["user"] for x in only}, {"ana"})
        self.problem("GET", "/api/v1/tokens?user=nobody", None, 400, "unknown user 'nobody'")
        # Revoked, it stops at once.
        self.ok("DELETE", f"/api/v1/tokens/{t['id']}", status=204)
        r, _ = self.s.request("GET", "/api/v1/launches", token=t["token"])
        self.assertEqual(r.status, 401)
        self.problem("DELETE", f"/api/v1/tokens/{t['id']}", None, 404, "no live token")
        self.problem("DELETE", "/api/v1/tokens/999999", None, 404, "no live token")
        self.problem("DELETE", "/api/v1/tokens/abc", None, 404)

    def test_bad_tokens_are_refused(self):
        for body, status, words, pointer in (
                ({"user": "ana", "name": "x", "scope": "admin"}, 400, "unknown scope", "/scope"),
                ({"user": "ana", "name": "x"}, 400, "missing /scope", "/scope"),
                ({"name": "x", "scope": "read"}, 400, "missing /user", "/user"),
                ({"user": "nobody", "name": "x", "scope": "read"}, 400, "unknown user 'nobody'", "/user"),
                ({"user": "vic", "name": "x", "scope": "write"}, 400, "viewer", "/scope"),
                ({"user": "ana", "name": "x", "scope": "read", "expires_days": 0}, 400, "1 to 3650", "/expires_days"),
                ({"user": "ana", "name": "x", "scope": "read", "expires_days": "7"}, 400, "whole number",
                 "/expires_days"),
                ({"user": "ana", "name": "x", "scope": "read", "token": "tm_mine"}, 400, "read-only", "/token")):
            with self.subTest(body):
                self.problem("POST", "/api/v1/tokens", body, status, words, pointer)


DEFAULT_PLAYBOOK = os.path.join(os.environ.get("TMINUS_SRC", os.path.join(os.path.dirname(__file__), "..", "..")),
                                "playbooks", "default.yaml")


class Playbook(Base):
    def test_read_check_use_and_reset(self):
        _, pb = self.ok("GET", "/api/v1/playbook", token=self.viewer)
        self.assertEqual(pb["source"], "default")
        with open(DEFAULT_PLAYBOOK, encoding="utf-8") as f:
            self.assertEqual(pb["yaml"], f.read())
        # A changed copy: checked (nothing saved), then made the workspace's.
        mine = pb["yaml"].replace("playbook: default", "playbook: ours", 1)
        self.assertNotEqual(mine, pb["yaml"])
        before = self.s.dump()
        _, check = self.ok("POST", "/api/v1/playbook/check", mine, token=self.viewer, headers=YAML)
        self.assertEqual((check["ok"], check["name"], check["errors"]), (True, "ours", []))
        self.assertGreater(check["tasks"], 10)
        self.assertEqual(before, self.s.dump())
        _, now = self.ok("PUT", "/api/v1/playbook", mine, headers={"Content-Type": "text/yaml; charset=utf-8"})
        self.assertEqual((now["source"], now["name"], now["yaml"]), ("workspace", "ours", mine))
        _, pb = self.ok("GET", "/api/v1/playbook")
        self.assertEqual((pb["source"], pb["name"]), ("workspace", "ours"))
        self.assertEqual(self.s.js("playbook", "show")["playbook"], "ours")
        _, back = self.ok("DELETE", "/api/v1/playbook")
        self.assertEqual((back["source"], back["name"]), ("default", "default"))
        self.assertEqual(self.s.js("playbook", "show")["source"], "built-in default")

    def test_an_invalid_playbook_says_where(self):
        bad = "playbook: broken\ntiers:\n  - tier: 9\n    name: x\n"
        path = self.s.write("bad.yaml", bad)
        cli = self.s.tm("--json", "playbook", "check", path, code=2)
        want = [{"line": p["line"], "column": p["column"], "message": p["message"]}
                for p in json.loads(cli.stdout)["problems"]]
        self.assertTrue(want)
        for method, path_, token in (("POST", "/api/v1/playbook/check", self.viewer), ("PUT", "/api/v1/playbook", None)):
            with self.subTest(method):
                p = self.problem(method, path_, bad, 422, "playbook:", token=token, headers=YAML)
                self.assertEqual(p["errors"], want)  # the checker's LINE:COLUMN, as playbook check prints them
                self.assertIn(f"playbook:{want[0]['line']}:{want[0]['column']}:", p["detail"])
        _, pb = self.ok("GET", "/api/v1/playbook")
        self.assertEqual(pb["source"], "default")
        p = self.problem("PUT", "/api/v1/playbook", "tiers: [unclosed\n", 422, "", headers=YAML)
        self.assertTrue(p["errors"][0]["line"] >= 1)

    def test_only_yaml_is_taken(self):
        self.problem("PUT", "/api/v1/playbook", {"playbook": "x"}, 415, "application/yaml")
        self.problem("POST", "/api/v1/playbook/check", "playbook: x\n", 415, "YAML", headers={"Content-Type": "text/plain"})
        self.problem("PUT", "/api/v1/playbook", b"playbook: \xff\n", 400, "UTF-8", headers=YAML)
        self.problem("PUT", "/api/v1/playbook", b"playbook: a\x00b\n", 400, "NUL", headers=YAML)


class HolidayImport(Base):
    CAL = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
           "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTART;VALUE=DATE:20270104\r\nSUMMARY:Winter day\r\nEND:VEVENT\r\n"
           "BEGIN:VEVENT\r\nUID:b@test\r\nDTSTART;VALUE=DATE:20270105\r\nSUMMARY:Second day\r\nEND:VEVENT\r\n"
           "END:VCALENDAR\r\n")

    def test_import_as_the_command_line_does(self):
        _, r = self.ok("POST", "/api/v1/holidays/import", self.CAL, headers=ICS)
        self.assertEqual((r["added"], r["skipped"], r["left_out"]), (2, 0, 0))
        _, hs = self.ok("GET", "/api/v1/holidays?from=2027-01-01&to=2027-01-31")
        self.assertEqual([(h["date"], h["name"]) for h in hs], [("2027-01-04", "Winter day"), ("2027-01-05", "Second day")])
        # Again: nothing new.
        _, r = self.ok("POST", "/api/v1/holidays/import", self.CAL, headers=ICS)
        self.assertEqual((r["added"], r["skipped"]), (0, 2))
        for d in ("2027-01-04", "2027-01-05"):
            self.ok("DELETE", f"/api/v1/holidays/{d}", status=204)

    def test_malformed_calendars_say_where(self):
        for body, words in (("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis is not a line\r\nEND:VCALENDAR\r\n", "line 3"),
                            ("hello\r\n", "line 1"),
                            ("SUMMARY:x\r\n", "starts with BEGIN:VCALENDAR"),
                            ("", "empty"),
                            ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events")):
            with self.subTest(body):
                self.problem("POST", "/api/v1/holidays/import", body, 400, words, headers=ICS)
        self.problem("POST", "/api/v1/holidays/import", self.CAL, 415, "text/calendar",
                     headers={"Content-Type": "text/plain"})


class Feeds(Base):
    def test_the_signed_in_users_addresses(self):
        _, f = self.ok("GET", "/api/v1/me/feeds", token=self.viewer)
        cli = self.s.js("feed", "show", "--user", "vic", "--base", f"http://127.0.0.1:{self.s.port}")
        self.assertEqual(f, {"launches": cli["launches"], "tasks": cli["person"]})
        r, data = self.s.request("GET", f["launches"].split(str(self.s.port), 1)[1])
        self.assertEqual(r.status, 200)
        self.assertIn(b"BEGIN:VCALENDAR", data)
        # An admin who is nobody has no tasks feed.
        _, f = self.ok("GET", "/api/v1/me/feeds")
        self.assertIsNone(f["tasks"])

    def test_the_host_the_client_asked_for(self):
        _, f = self.ok("GET", "/api/v1/me/feeds", token=self.viewer, headers={"Host": "launches.example.com"})
        self.assertTrue(f["launches"].startswith("http://launches.example.com/feeds/launches.ics?token=tf_"), f)
        # Not behind a proxy: what a client says in X-Forwarded-* is not believed.
        _, f = self.ok("GET", "/api/v1/me/feeds", token=self.viewer,
                       headers={"Host": "a.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
        self.assertTrue(f["launches"].startswith("http://a.example/"), f)
        self.problem("GET", "/api/v1/me/feeds", None, 400, "not a host name", token=self.viewer,
                     headers={"Host": "a\"b<c>"})

    def test_behind_a_proxy(self):
        s = Server(extra=["--behind-proxy"])
        try:
            s.user("ana", "editor", "Ana Silva")
            tok = s.token("ana", "read")["token"]
            s.start()
            r, data = s.request("GET", "/api/v1/me/feeds", token=tok,
                                headers={"X-Forwarded-Host": "plan.example.com", "X-Forwarded-Proto": "https"})
            self.assertEqual(r.status, 200, data)
            f = json.loads(data)
            self.assertTrue(f["launches"].startswith("https://plan.example.com/feeds/launches.ics?token="), f)
            self.assertRegex(f["tasks"], r"^https://plan\.example\.com/feeds/people/\d+\.ics\?token=tf_")
        finally:
            s.close()


HOSTILE = ("# Brief\n\n<script>alert('brief')</script>\n\n<img src=x onerror=alert(1)>\n\n"
           "[click me](javascript:alert(document.cookie)) and [mail](mailto:a@example.com)\n\n"
           "<a href=\"javascript:alert(2)\">raw link</a>\n\n| a | b |\n|---|---|\n| ~~old~~ | www.example.com |\n\n"
           "- [x] done\n- [ ] todo\n")


def assert_inert(test, html):
    """No live script: no tag or attribute of the text's own, no javascript: address."""
    low = html.lower()
    for bad in ("<script", "<img src=\"x\"", "onerror", "javascript:alert(2)", "href=\"javascript:", "<a href=\"javascript"):
        test.assertNotIn(bad, low, html)
    for tag in re.findall(r"<\s*([a-zA-Z0-9]+)", html):
        test.assertIn(tag.lower(), {"h1", "h2", "h3", "p", "a", "table", "thead", "tbody", "tr", "th", "td", "del", "ul",
                                    "li", "span", "em", "strong", "code", "pre", "ol", "blockquote", "hr", "br"}, html)


class Markdown(Base):
    def test_preview_is_safe_html(self):
        before = self.s.dump()
        _, out = self.ok("POST", "/api/v1/markdown", HOSTILE, token=self.viewer, headers=MD)
        html = out["html"]
        assert_inert(self, html)
        self.assertIn("<!-- raw HTML omitted -->", html)
        self.assertIn("<h1>Brief</h1>", html)
        self.assertIn("<table>", html)
        self.assertIn("<del>old</del>", html)
        self.assertIn('<a href="http://www.example.com">', html)
        self.assertIn('<a href="mailto:a@example.com">mail</a>', html)
        self.assertIn('<span class="task-box done" role="img" aria-label="done">\u2611</span> done', html)
        self.assertNotIn("<input", html)
        self.assertEqual(before, self.s.dump())

    def test_preview_refusals(self):
        self.problem("POST", "/api/v1/markdown", {"md": "x"}, 415, "text/markdown", token=self.viewer)
        self.problem("POST", "/api/v1/markdown", b"\xff\xfe", 400, "UTF-8", token=self.viewer, headers=MD)
        self.problem("POST", "/api/v1/markdown", "x" * (256 * 1024 + 1), 413, "larger than a brief", token=self.viewer,
                     headers=MD)

    def test_a_hostile_brief_never_comes_out_live(self):
        r, brief = self.ok("GET", "/api/v1/launches/dark-mode/brief", token=self.editor)
        section = "### What We're Launching\n\n"
        body = brief["markdown"].replace(section, section + HOSTILE.replace("# Brief\n\n", "") + "\n", 1)
        self.ok("PUT", "/api/v1/launches/dark-mode/brief", body, token=self.editor,
                headers={"Content-Type": "text/markdown", "If-Match": r.getheader("ETag")})
        _, plain = self.ok("GET", "/api/v1/launches/dark-mode/brief", token=self.viewer)
        self.assertNotIn("html", plain)
        _, brief = self.ok("GET", "/api/v1/launches/dark-mode/brief?format=html", token=self.viewer)
        self.assertEqual(brief["markdown"], plain["markdown"])
        self.assertIn("<script>", brief["markdown"], "the Markdown itself is kept as written")
        assert_inert(self, brief["html"])
        self.assertIn("<!-- raw HTML omitted -->", brief["html"])
        self.problem("GET", "/api/v1/launches/dark-mode/brief?format=pdf", None, 400, "markdown or html", "format",
                     token=self.viewer)

    def test_documents_as_html(self):
        r, md = self.req("GET", "/api/v1/launches/usage-based-billing/docs/kickoff", token=self.viewer)
        self.assertEqual(r.status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/markdown"))
        _, doc = self.ok("GET", "/api/v1/launches/usage-based-billing/docs/kickoff?format=html", token=self.viewer)
        self.assertEqual(set(doc), {"kind", "markdown", "html"})
        self.assertEqual((doc["kind"], doc["markdown"]), ("kickoff", md.decode()))
        self.assertIn("<h2>Launch Kickoff: Usage-based billing</h2>", doc["html"])
        assert_inert(self, doc["html"])
        self.problem("GET", "/api/v1/launches/usage-based-billing/docs/nope?format=html", None, 404, token=self.viewer)


if __name__ == "__main__":
    main()
