#!/usr/bin/env python3
"""Issue 15 over the HTTP API, against a real `tminus serve` on loopback: a launch's tasks imported from a
tool's CSV export (POST /api/v1/launches/{launch}/import: the file as the body, the tool and the options in
the query; the dry run saves nothing; a real import is one transaction and a bad row, named FILE:LINE:COLUMN,
imports nothing; importing again updates in place; the body limit is raised to 16 MiB for this route, for a
client that signs in); a launch exported as csv, json, ics and md (the right Content-Type and
Content-Disposition, the CSV read back by the importer); the whole workspace as one JSON document, out (GET
/api/v1/export, admins, sent from a file: byte for byte the command line's) and back into an empty workspace
(POST /api/v1/import/workspace: the reads answer alike after it; a non-empty workspace or a broken document
changes nothing). Roles: viewers export, editors import, admins move workspaces. The bodies match the OpenAPI
document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_io.py
"""
import csv
import http.client
import io
import json
import os
import re
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SRC, ApiCase, Server, main  # noqa: E402

# A generic CSV (tminus's own field names), with a dependency, a subtask, an owner no person matches (named
# after the test, so that each test's is new) and a cycle.
def plan(newcomer="Zed Newcomer"):
    return (
        "id,title,section,owner,due,effort,depends_on,parent\r\n"
        "p1,Pricing page copy,Content,Ana Silva,2027-02-15,3,,\r\n"
        "p2,\"Launch blog post, long form\",Content,Ben Okafor,2027-02-22,2,p1,\r\n"
        f"p3,Sales deck,Sales Enablement,{newcomer},2027-02-18,4,,\r\n"
        "p4,Deck screenshots,Sales Enablement,,2027-02-10,1,,p3\r\n"
        "p5,Loop one,Launch,,2027-02-20,1,p6,\r\n"
        "p6,Loop two,Launch,,2027-02-21,1,p5,\r\n"
    )


PLAN = plan()
CSV = {"Content-Type": "text/csv; charset=utf-8"}


def import_path(slug, **q):
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return f"/api/v1/launches/{slug}/import" + (f"?{query}" if query else "")


class Io(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    n = 0
    playbook = {}  # the ids of the tasks each new launch's tier brought

    def new_launch(self):
        """A launch of this test's own (the server's workspace is shared by the class), tier 4: its
        playbook's few tasks are left out of added()."""
        Io.n += 1
        name = f"Imported {Io.n}"
        self.s.tm("launch", "add", name, "--date", "2027-03-16", "--tier", "4", "--pm", "Ana Silva",
                  "--marketing", "Ben Okafor")
        slug = name.lower().replace(" ", "-")
        Io.playbook[slug] = {t["id"] for t in self.s.js("task", "list", slug)}
        return slug

    def added(self, slug):
        """The launch's tasks but those its tier brought."""
        return [t for t in self.s.js("task", "list", slug) if t["id"] not in Io.playbook.get(slug, ())]

    def imported(self, slug, text=PLAN, status=201, headers=None, **q):
        r, report = self.ok("POST", import_path(slug, **dict({"source": "csv"}, **q)), text, status=status,
                            headers=dict(CSV, **(headers or {})))
        return r, report


class Import(Io):
    def test_the_dry_run_says_what_would_happen_and_saves_nothing(self):
        slug = self.new_launch()
        before = self.s.dump()
        _, report = self.imported(slug, plan("Dry Newcomer"), status=200, dry_run="true", file="plan.csv")
        self.assertEqual(before, self.s.dump(), "a dry run changed the database")
        self.assertEqual((report["source"], report["file"], report["launch"], report["dry_run"]),
                         ("csv", "plan.csv", slug, True))
        c = report["counts"]
        self.assertEqual((c["rows"], c["created"], c["changed"], c["skipped"]), (6, 6, 0, 0))
        self.assertEqual([t["action"] for t in report["tasks"]], ["created"] * 6)
        self.assertEqual([t["line"] for t in report["tasks"]], [2, 3, 4, 5, 6, 7])
        self.assertTrue(all(t["task"] is None for t in report["tasks"]), "a dry run names tasks it did not make")
        self.assertEqual(report["tasks"][1]["title"], "Launch blog post, long form")
        # The owner no person matches is listed, not made (no create_people); the cycle is named.
        self.assertEqual([(p["name"], p["created"]) for p in report["people"]], [("Dry Newcomer", False)])
        self.assertEqual(len(report["cycles"]), 1, report["cycles"])
        self.assertIn("Loop one", report["cycles"][0]["path"])
        self.assertIn("Loop two", report["cycles"][0]["path"])
        self.assertEqual(self.added(slug), [])

    def test_an_import_makes_the_tasks_with_their_dependencies_and_again_updates_them(self):
        slug = self.new_launch()
        r, report = self.imported(slug, plan("Zed Newcomer"), create_people="true")
        self.assertEqual(r.getheader("Location"), f"/api/v1/launches/{slug}/tasks")
        self.assertFalse(report["dry_run"])
        self.assertEqual(report["counts"]["created"], 6)
        made = {t["title"]: t for t in self.added(slug)}
        self.assertEqual(len(made), 6)
        self.assertEqual(sorted(t["task"] for t in report["tasks"]), sorted(t["id"] for t in made.values()))
        blog, copy = made["Launch blog post, long form"], made["Pricing page copy"]
        self.assertEqual((blog["section"], blog["owner"], blog["due"], blog["effort_days"]),
                         ("Content", "Ben Okafor", "2027-02-22", 2))
        self.assertIn(copy["id"], blog["depends_on"])
        # The subtask: its parent waits for it. The unknown owner was made a person and owns the deck.
        self.assertIn(made["Deck screenshots"]["id"], made["Sales deck"]["depends_on"])
        self.assertEqual(made["Sales deck"]["owner"], "Zed Newcomer")
        self.assertEqual([(p["name"], p["created"]) for p in report["people"]], [("Zed Newcomer", True)])
        # The cycle's closing edge is skipped: one of the two waits for the other, not both.
        loops = made["Loop one"]["depends_on"] + made["Loop two"]["depends_on"]
        self.assertEqual(len(loops), 1, loops)
        # The plan is computed over the imported dependencies: the blog post starts after the copy is done.
        _, schedule = self.ok("GET", f"/api/v1/launches/{slug}/plan", token="viewer")
        at = {t["id"]: t for t in schedule["tasks"]}
        self.assertGreater(at[blog["id"]]["earliest_start"], at[copy["id"]]["earliest_finish"])

        # Again, one title changed: nothing doubled, the task updated in place.
        again = PLAN.replace("Pricing page copy", "Pricing page copy v2")
        _, report = self.imported(slug, again, status=200)
        self.assertEqual((report["counts"]["created"], report["counts"]["changed"], report["counts"]["unchanged"]),
                         (0, 1, 5))
        after = {t["id"]: t for t in self.added(slug)}
        self.assertEqual(set(after), {t["id"] for t in made.values()})
        self.assertEqual(after[copy["id"]]["title"], "Pricing page copy v2")

    def test_a_bad_row_names_its_file_line_and_column_and_imports_nothing(self):
        slug = self.new_launch()
        bad = PLAN + "p7,Bad date,Content,,the day after,1,,\r\n"
        p = self.problem("POST", import_path(slug, source="csv", file="q1%20plan.csv"), bad, 400,
                         headers=CSV, words=("q1 plan.csv:8:",))
        self.assertNotIn("parameter", p)
        self.assertEqual(self.added(slug), [])
        # Without ?file= the body is named "body"; a ragged row is refused alike.
        self.problem("POST", import_path(slug, source="csv"), PLAN + "p8,Ragged\r\n", 400, headers=CSV,
                     words=("body:8",))
        # Bytes that are not UTF-8 (Latin-1) are refused, not imported as mojibake.
        self.problem("POST", import_path(slug, source="csv"), PLAN.replace("Pricing", "Pr\xe9cis").encode("latin-1"),
                     400, headers=CSV, words=("UTF-8",))

    def test_refusals_change_nothing(self):
        slug = self.new_launch()
        with self.unchanged():
            self.problem("POST", import_path(slug), PLAN, 400, headers=CSV, parameter="source", words=("source",))
            self.problem("POST", import_path(slug, source="excel"), PLAN, 400, headers=CSV, parameter="source",
                         words=("excel",))
            self.problem("POST", import_path(slug, source="csv", dry_run="maybe"), PLAN, 400, headers=CSV,
                         parameter="dry_run")
            self.problem("POST", import_path(slug, source="csv", create_people="yes"), PLAN, 400, headers=CSV,
                         parameter="create_people")
            self.problem("POST", import_path(slug, source="csv"), PLAN, 415, headers={"Content-Type": "text/plain"},
                         words=("text/csv",))
            self.problem("POST", import_path(slug, source="csv"), {"tasks": []}, 415)
            self.problem("POST", import_path("no-such-launch", source="csv"), PLAN, 404, headers=CSV,
                         words=("no-such-launch",))
            self.problem("POST", import_path(slug, source="csv"), PLAN, 403, headers=CSV, token="viewer")
            self.problem("POST", import_path(slug, source="csv"), PLAN, 403, headers=CSV, token="editor_read")
            self.problem("POST", import_path(slug, source="csv"), PLAN, 401, headers=CSV, token=None)
            self.problem("POST", import_path(slug, source="csv", map="Task%20Name%3Dnonsense"), PLAN, 400,
                         headers=CSV, words=("nonsense",))
        self.assertEqual(self.added(slug), [])

    def test_the_body_limit_is_16_mib_for_those_who_sign_in(self):
        slug = self.new_launch()
        # 2 MiB (over every other route's 1 MiB) is read: refused for its bad row, not for its size.
        filler = "p{n},Task {n},Content,,2027-02-{d:02d},1,,\r\n"
        rows = [filler.format(n=i, d=1 + i % 28) for i in range(40000)]
        body = "id,title,section,owner,due,effort,depends_on,parent\r\n" + "".join(rows) + "bad,row\r\n"
        self.assertGreater(len(body), 1 << 20)
        with self.unchanged():
            self.problem("POST", import_path(slug, source="csv"), body, 400, headers=CSV, words=("body:40002",))
            # A stranger's body is held to 1 MiB (checked before who is asking).
            self.problem("POST", import_path(slug, source="csv"), body, 413, headers=CSV, token=None,
                         words=("1 MiB",))
            # Over 16 MiB: refused from its Content-Length, before it is read (none is sent here).
            c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=20)
            try:
                c.putrequest("POST", import_path(slug, source="csv"))
                for k, v in {"Content-Type": "text/csv", "Content-Length": str((16 << 20) + 1),
                             "Authorization": "Bearer " + self.tokens["editor"]}.items():
                    c.putheader(k, v)
                c.endheaders()
                r = c.getresponse()
                self.assertEqual(r.status, 413)
                self.assertIn("16 MiB", json.loads(r.read())["detail"])
            finally:
                c.close()

    def test_only_two_large_bodies_are_read_at_once(self):
        # Credentials are checked once the body is in: a forged Cookie must not make the server hold
        # 16 MiB bodies on every connection. Two large uploads are read at a time; a third waits (503).
        slug = self.new_launch()
        held = []

        def start(cookie, timeout=20):
            c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=timeout)
            c.putrequest("POST", import_path(slug, source="csv"))
            for k, v in {"Content-Type": "text/csv", "Content-Length": str(8 << 20), "Cookie": cookie}.items():
                c.putheader(k, v)
            c.endheaders()
            c.send(b"id,title\r\n")  # the head is read, the body has begun
            return c

        try:
            held = [start("tminus_session=forged1"), start("tminus_session=forged2")]
            # The server reads the two heads in its own time: until it has, a third may still get a slot
            # (and waits for its body): try again until the third is turned away.
            for _ in range(100):
                third = start("tminus_session=forged3", timeout=0.5)
                try:
                    r = third.getresponse()
                    break
                except (TimeoutError, OSError):
                    third.close()
            self.assertEqual(r.status, 503)
            self.assertEqual(r.getheader("Retry-After"), "5")
            self.assertIn("large uploads", json.loads(r.read())["detail"])
            third.close()
        finally:
            for c in held:
                c.close()
        # Once they are gone, a real import goes through (the slots are given back).
        for _ in range(50):
            r, _ = self.req("POST", import_path(slug, source="csv", dry_run="true"), "id,title\r\np1,A task\r\n",
                            headers=CSV)
            if r.status != 503:
                break
            time.sleep(0.1)
        self.assertEqual(r.status, 200)

    def test_an_idempotency_key_replays_the_import(self):
        slug = self.new_launch()
        key = {"Idempotency-Key": "import-" + uuid.uuid4().hex}
        _, first = self.imported(slug, headers=key)
        _, second = self.imported(slug, headers=key)
        self.assertEqual(first, second)
        self.assertEqual(len(self.added(slug)), 6)

    def test_the_tools_own_exports_are_read(self):
        # Each tool's sample of the command line's tests, as its export comes out: a dry run reads it whole.
        for source in ("asana", "jira", "linear"):
            with self.subTest(source):
                path = os.path.join(SRC, "tests", "cli", "import", f"{source}.csv")
                if not os.path.exists(path):
                    self.skipTest(f"no sample {path}")
                with open(path, "rb") as f:
                    text = f.read()
                slug = self.new_launch()
                _, report = self.ok("POST", import_path(slug, source=source, dry_run="true", file=f"{source}.csv"),
                                    text, headers=CSV)
                self.assertEqual(report["source"], source)
                self.assertGreater(report["counts"]["created"], 0, report)
                self.assertGreater(report["counts"]["dependencies"], 0, report)
                self.assertEqual(self.added(slug), [])

    def test_the_report_matches_the_openapi_schema(self):
        import test_openapi
        slug = self.new_launch()
        _, dry = self.req("POST", import_path(slug, source="csv", dry_run="true"), PLAN, headers=CSV)
        _, real = self.req("POST", import_path(slug, source="csv"), PLAN, headers=CSV)
        pairs = [f"ImportReport={self.s.write('dry.json', dry.decode())}",
                 f"ImportReport={self.s.write('real.json', real.decode())}"]
        r = test_openapi.validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


class Export(Io):
    def test_each_format_with_its_type_and_file_name(self):
        types = {"csv": "text/csv", "json": "application/json", "ics": "text/calendar", "md": "text/markdown"}
        for fmt, ctype in types.items():
            with self.subTest(fmt):
                r, data = self.req("GET", f"/api/v1/launches/dark-mode/export?format={fmt}", token="viewer")
                self.assertEqual(r.status, 200, data)
                self.assertTrue(r.getheader("Content-Type").startswith(ctype), r.getheader("Content-Type"))
                self.assertEqual(r.getheader("Content-Disposition"), f'attachment; filename="dark-mode.{fmt}"')
                # The same document as the command line's (an iCalendar's DTSTAMP is the second it was made).
                stamp = lambda b: re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:-", b)
                self.assertEqual(stamp(self.s.tm("export", "dark-mode", "--format", fmt, text=False).stdout), stamp(data))
        _, data = self.req("GET", "/api/v1/launches/dark-mode/export?format=json", token="viewer")
        doc = json.loads(data)
        self.assertEqual(doc["slug"], "dark-mode")
        self.assertEqual(len(doc["tasks"]), len(self.s.js("task", "list", "dark-mode")))
        _, data = self.req("GET", "/api/v1/launches/dark-mode/export?format=ics", token="viewer")
        self.assertTrue(data.startswith(b"BEGIN:VCALENDAR\r\n"), data[:40])

    def test_the_csv_is_safe_in_a_spreadsheet_and_reads_back(self):
        slug = self.new_launch()
        self.s.tm("task", "add", slug, "=HYPERLINK(\"http://evil.example\",\"x\")", "--due", "T-2w", "--days", "1")
        self.s.tm("task", "add", slug, "Brief, signed off", "--due", "T-1w", "--days", "1", "--after",
                  str(self.added(slug)[0]["id"]))
        self.assertEqual(len(self.added(slug)), 2)
        r, data = self.req("GET", f"/api/v1/launches/{slug}/export?format=csv", token="viewer")
        self.assertEqual(r.status, 200, data)
        self.assertIn(b"\r\n", data)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        titles = [row[rows[0].index("title")] for row in rows[1:]]
        self.assertIn("'=HYPERLINK(\"http://evil.example\",\"x\")", titles)
        # Read back into another launch by the generic importer: the same tasks and the dependency.
        other = self.new_launch()
        self.imported(other, data.decode("utf-8"))
        back = {t["title"]: t for t in self.added(other)}
        self.assertIn("Brief, signed off", back)
        self.assertEqual(len(back["Brief, signed off"]["depends_on"]), 1)

    def test_refusals(self):
        self.problem("GET", "/api/v1/launches/dark-mode/export?format=xlsx", None, 400, parameter="format",
                     words=("xlsx",), check=False)
        self.problem("GET", "/api/v1/launches/dark-mode/export", None, 400, parameter="format", check=False)
        self.problem("GET", "/api/v1/launches/no-such-launch/export?format=csv", None, 404, check=False)
        self.problem("GET", "/api/v1/launches/dark-mode/export?format=csv", None, 401, token=None, check=False)


class Workspace(Io):
    def test_the_workspace_goes_out_as_the_command_line_writes_it(self):
        r, data = self.req("GET", "/api/v1/export", token="admin_read")
        self.assertEqual(r.status, 200, data[:300])
        self.assertTrue(r.getheader("Content-Type").startswith("application/json"))
        self.assertRegex(r.getheader("Content-Disposition"), r'^attachment; filename="tminus-workspace-\d{4}-\d\d-\d\d\.json"$')
        self.assertEqual(int(r.getheader("Content-Length")), len(data))
        doc = json.loads(data)
        self.assertEqual((doc["tminus"], doc["format"]), ("workspace", 1))
        self.assertNotIn("sessions", doc["tables"])
        cli = self.s.tm("export", "--all", "--format", "json", text=False).stdout
        self.assertEqual(cli, data)
        self.problem("GET", "/api/v1/export", None, 403, token="editor", check=False)
        self.problem("GET", "/api/v1/export", None, 401, token=None, check=False)

    def test_read_back_into_an_empty_workspace_every_read_answers_alike(self):
        _, doc = self.req("GET", "/api/v1/export", token="admin")
        target = Server(demo=False)
        try:
            target.user("boss", "admin")
            admin = target.token("boss", "write")["token"]
            target.start()
            h = {"Content-Type": "application/json"}
            # Refusals first: nothing written.
            before = target.dump()
            for body, status, words in [(doc[:-40], 400, "body:"), (b'{"tminus": "workspace"}', 400, "body"),
                                        (doc, 415, "application/json")]:
                r, data = target.request("POST", "/api/v1/import/workspace", body,
                                         headers=h if status != 415 else {"Content-Type": "text/plain"}, token=admin)
                self.assertEqual(r.status, status, data[:300])
                self.assertIn(words, json.loads(data)["detail"])
            self.assertEqual(target.request("POST", "/api/v1/import/workspace", doc, headers=h)[0].status, 401)
            self.assertEqual(before, target.dump())

            r, data = target.request("POST", "/api/v1/import/workspace", doc, headers=h, token=admin)
            self.assertEqual(r.status, 201, data[:300])
            written = json.loads(data)
            self.assertGreater(written["tables"]["launches"], 0)
            # The accounts are the document's now: the source's tokens sign in, the importer's is gone.
            self.assertEqual(target.request("GET", "/api/v1/me", token=admin)[0].status, 401)
            for path in ["/api/v1/launches", "/api/v1/launches/dark-mode", "/api/v1/launches/dark-mode/plan",
                         "/api/v1/people", "/api/v1/launches/usage-based-billing/tasks", "/api/v1/decisions"]:
                with self.subTest(path):
                    want = self.req("GET", path, token="viewer")[1]
                    got = target.request("GET", path, token=self.tokens["viewer"])[1]
                    self.assertEqual(want, got)
            # Not empty any more: a second import is 409 and changes nothing.
            before = target.dump()
            r, data = target.request("POST", "/api/v1/import/workspace", doc, headers=h, token=self.tokens["admin"])
            self.assertEqual(r.status, 409, data[:300])
            self.assertEqual(before, target.dump())
        finally:
            target.close()

    def test_only_admins_import_a_workspace(self):
        with self.unchanged():
            self.problem("POST", "/api/v1/import/workspace", {"tminus": "workspace"}, 403, token="editor")


if __name__ == "__main__":
    main()
