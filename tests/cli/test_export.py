#!/usr/bin/env python3
"""tminus export and tminus import workspace.

The whole workspace: the source is test_copy.py's (the demo and a row in every table). `export --all --format
json` is one JSON document of every table but the transient ones; `import workspace` reads it into an empty
workspace, after which every --json read answers byte for byte as on the source, the next ids handed out are
the same, and exporting the imported workspace gives the very same document; on SQLite, on PostgreSQL and
across (SQLite → PostgreSQL → SQLite). A workspace that holds anything but accounts is refused (exit 4) and a
malformed document (JSON syntax: file:line:column; the rest: where in the document) changes nothing.

A launch: csv (RFC 4180, CRLF, formula-like cells defused with a leading ', the columns `import csv` reads),
json (launch show --json with the brief, metrics, decisions and plan), ics and md; --output writes a file
whole or not at all. These run on the suite's backend (e2e and e2e-pg).
"""
import csv
import io
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from harness import PASSWORD, POSTGRES, SeveralDatabasesCase, Workspace, WorkspaceCase, main  # noqa: E402
from test_copy import FTS_INTERNALS, build_source  # noqa: E402

# The transient tables a workspace document leaves out.
TRANSIENT = {"sessions", "idempotency", "signin_attempts"}


def has_command(ws, *words):
    """Is this command in the binary (another part of issue 15 may not be there yet)?"""
    return "unknown command" not in ws.tm(*words, code=None).stderr


def reads(ws, db):
    """Every --json read of the workspace, by command: (exit status, stdout, stderr)."""
    out = {}

    def read(*args):
        p = ws.tm("--json", *args, db=db, code=None)
        out[" ".join(args)] = (p.returncode, p.stdout, p.stderr)
    for args in (("launch", "list"), ("person", "list"), ("plan", "--all"), ("check", "--all"),
                 ("metric", "status", "--all"), ("backlog", "list"), ("experiment", "list"), ("roadmap",),
                 ("glossary", "list"), ("decision", "list"), ("user", "list"), ("token", "list"),
                 ("audit", "--limit", "1000"), ("holiday", "list"), ("freeze", "list"), ("playbook", "show"),
                 ("calendar", "--from", "2026-10-01", "--to", "2027-06-30")):
        read(*args)
    for user in json.loads(out["user list"][1]):
        read("feed", "show", "--user", user["name"], "--base", "https://launches.example.com")
    if has_command(ws, "notify", "log"):
        read("notify", "log")
    if has_command(ws, "webhook", "list"):
        read("webhook", "list")
    for launch in json.loads(out["launch list"][1]):
        slug = launch["slug"]
        for args in (("launch", "show", slug), ("task", "list", slug), ("plan", slug), ("brief", slug),
                     ("baseline", "list", slug), ("metric", "list", slug), ("decision", "list", slug)):
            read(*args)
    return out


@unittest.skipIf(POSTGRES, "the round trips make their own SQLite and PostgreSQL workspaces whatever the backend: "
                           "run once, in e2e")
class Workspaces(SeveralDatabasesCase):
    """The whole workspace out and back in."""

    @classmethod
    def setUpClass(cls):
        cls.src = Workspace()
        cls.src.dump_leaves_out = FTS_INTERNALS
        cls.src.db = os.path.join(cls.src.dir, "source.db")
        build_source(cls.src)
        cls.src_dump = cls.src.dump()
        cls.doc_path = os.path.join(cls.src.dir, "workspace.json")
        p = cls.src.tm("--json", "export", "--all", "--format", "json", "--output", cls.doc_path)
        cls.summary = json.loads(p.stdout)
        with open(cls.doc_path, encoding="utf-8") as f:
            cls.doc_text = f.read()
        cls.doc = json.loads(cls.doc_text)
        cls.src_reads = reads(cls.src, cls.src.db)

    @classmethod
    def tearDownClass(cls):
        cls.src.close()

    def tearDown(self):
        self.assertEqual(self.src.dump(), self.src_dump, "the source changed")
        super().tearDown()

    def assertSameReads(self, db):
        got = reads(self, db)
        self.assertEqual(sorted(got), sorted(self.src_reads))
        for cmd, expected in self.src_reads.items():
            self.assertEqual(got[cmd], expected, f"tminus --json {cmd} differs on {db}")
        self.assertGreater(len(json.loads(self.src_reads["audit --limit 1000"][1])), 10)

    def import_into(self, db, path=None):
        res = self.js("import", "workspace", path or self.doc_path, db=db)
        self.assertEqual(res["tables"], {t: len(v["rows"]) for t, v in self.doc["tables"].items()})
        return res

    def export(self, db):
        return self.tm("export", "--all", "--format", "json", db=db).stdout

    # -- the document ------------------------------------------------------------

    def test_the_document(self):
        doc = self.doc
        self.assertEqual((doc["tminus"], doc["format"]), ("workspace", 1))
        self.assertIsInstance(doc["schema"], int)
        self.assertEqual(self.summary["file"], self.doc_path)
        self.assertEqual(self.summary["bytes"], len(self.doc_text.encode()))
        # Every table of the workspace but the transient ones and the engine's bookkeeping, each with a row.
        tables = {r[0] for r in self.src.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        expected = tables - TRANSIENT - set(FTS_INTERNALS) - {"id_sequence", "sqlite_sequence"}
        self.assertEqual(set(doc["tables"]), expected)
        for name, t in doc["tables"].items():
            cols = [r[1] for r in self.src.query(f'PRAGMA table_info("{name}")')]
            self.assertEqual(sorted(t["columns"]), sorted(cols), name)
            n = self.src.query(f'SELECT count(*) FROM "{name}"')[0][0]
            self.assertEqual(len(t["rows"]), n, name)
            for row in t["rows"]:
                self.assertEqual(len(row), len(t["columns"]))
                self.assertTrue(all(c is None or isinstance(c, str) for c in row), row)
        # The password hashes, token hashes, webhooks' secrets and the feed key travel (every read, feed
        # addresses too, is the same after the move).
        users = doc["tables"]["users"]
        hashes = [r[users["columns"].index("password_hash")] for r in users["rows"]]
        self.assertTrue(all(h and h.startswith("$argon2id$") for h in hashes), hashes)
        secret = self.src.query("SELECT secret FROM webhooks")[0][0]
        self.assertIn(f'"{secret}"', self.doc_text)
        with open(self.src.db + ".feed-key") as f:
            self.assertEqual(doc["feed_key"], f.read().strip())
        # The counters run past the highest ids (a launch was removed).
        launches = doc["tables"]["launches"]
        self.assertGreater(doc["counters"]["launches"], max(int(r[0]) for r in launches["rows"]))
        # Exported as it is read: one row a line, and a newline at the end.
        self.assertTrue(self.doc_text.endswith("}\n"))
        self.assertIn('\n        ["1", ', self.doc_text)
        # Without --output it goes to stdout, the same bytes.
        self.assertEqual(self.src.tm("export", "--all", "--format", "json").stdout, self.doc_text)

    # -- round trips -------------------------------------------------------------

    def test_sqlite_round_trip_is_identical(self):
        to = self.file("new.db")
        res = self.import_into(to)
        self.assertEqual(res["schema"], self.doc["schema"])
        self.assertSameReads(to)
        self.assertEqual(self.export(to), self.doc_text)
        self.assertEqual(self.integrity(to), [])
        # The next launch, task and user get the same ids on both sides (on a copy of the source, which is kept).
        copy = self.file("copy.db")
        self.tm("copy", "--from", self.src.db, "--to", copy)
        for db in (to, copy):
            self.js("launch", "add", "After import", "--date", "2027-03-02", "--tier", "4", db=db)
        a = self.js("launch", "list", db=to)
        b = self.js("launch", "list", db=copy)
        self.assertEqual(max(x["id"] for x in a), max(x["id"] for x in b))

    def test_stdin_and_postgres_and_back(self):
        pg = self.new_pg()
        # A document PostgreSQL refuses half way (a task of a launch it does not hold) leaves it as it was.
        d = json.loads(self.doc_text)
        tasks = d["tables"]["tasks"]
        tasks["rows"][-1][tasks["columns"].index("launch_id")] = "999"
        p = self.rejected("import", "workspace", self.write("bad.json", json.dumps(d)), code=2, db=pg,
                          words="bad.json: tables.tasks")
        self.assertEqual(p.stderr.count("\n"), 1)
        self.assertEqual(self.tm("--json", "launch", "list", db=pg).stdout.strip(), "[]")
        with open(self.doc_path, encoding="utf-8") as f:
            p = self.tm("--json", "import", "workspace", "-", db=pg, input=f.read())
        self.assertEqual(json.loads(p.stdout)["file"], "stdin")
        self.assertSameReads(pg)
        # PostgreSQL's document goes back into SQLite, and reads as the source still.
        doc2 = self.file("from-pg.json")
        self.tm("export", "--all", "--format", "json", "--output", doc2, db=pg)
        back = self.file("back.db")
        self.import_into(back, doc2)
        self.assertSameReads(back)
        self.assertEqual(self.export(back), self.doc_text)

    def test_accounts_are_replaced(self):
        # A new server's workspace holds its admin (a user, a token, a session): the document replaces them.
        to = self.file("server.db")
        self.tm("user", "add", "first-admin", "--role", "admin", input=PASSWORD + "\n", db=to)
        self.js("token", "create", "--user", "first-admin", "--name", "setup", "--scope", "write", db=to)
        self.import_into(to)
        self.assertSameReads(to)
        self.assertNotIn("first-admin", self.tm("user", "list", db=to).stdout)

    # -- refusals ----------------------------------------------------------------

    def test_refuses_a_workspace_that_holds_anything(self):
        to = self.file("busy.db")
        self.tm("person", "add", "Zoe Park", "--role", "pm", db=to)
        p = self.rejected("import", "workspace", self.doc_path, code=4, db=to,
                          words=("the workspace is not empty (1 people)", "new workspace"))
        self.assertEqual(p.stderr.count("\n"), 1)

    def test_a_malformed_document_names_what_and_where_and_changes_nothing(self):
        to = self.file("target.db")
        good = self.doc

        def variant(fn):
            d = json.loads(self.doc_text)
            fn(d)
            return json.dumps(d, indent=1)

        def drop(d, table):
            del d["tables"][table]

        def set_cell(d, table, col, value, row=0):
            t = d["tables"][table]
            t["rows"][row][t["columns"].index(col)] = value
        cases = [
            ('{\n  "tminus": "workspace",\n  "format": 1,\n  "schema": %d,\n  "tables": {,\n}' % good["schema"],
             "doc.json:5:14: a value expected, not ','"),
            ('{"tminus": "workspace", "format": 1 1}', "doc.json:1:37: '}' expected (or ',') to close the object"),
            ('{"tminus": "workspace", "format": 1, "tables": {}}', '"schema" must be an integer, before "tables"'),
            ("", "doc.json:1:1: the document ends too early"),
            (self.doc_text[:len(self.doc_text) // 2], "doc.json:"),
            ("[]", "doc.json: not a workspace document"),
            (variant(lambda d: d.update(tminus="launch")), '"tminus" must be "workspace"'),
            (variant(lambda d: d.update(format=2)), '"format" must be 1'),
            (variant(lambda d: d.update(schema=good["schema"] - 1)),
             f"schema {good['schema'] - 1}: this tminus reads workspace documents of schema {good['schema']}"),
            (variant(lambda d: drop(d, "tasks")), "doc.json: tables.tasks is missing"),
            (variant(lambda d: d["tables"].update(tasks=d["tables"].pop("tasks"))),
             "doc.json: tables.tasks is missing (before tables.task_deps)"),
            (variant(lambda d: d["tables"]["people"]["rows"].append(d["tables"]["people"]["rows"][0])),
             "doc.json: tables.people.rows[6]: copying people: already exists"),
            (variant(lambda d: d["tables"].update(sessions={"columns": [], "rows": []})),
             "tables.sessions: not a table of a workspace document"),
            (variant(lambda d: d["tables"]["people"]["columns"].__setitem__(1, "nom")),
             "tables.people.columns[1]: unknown column 'nom'"),
            (variant(lambda d: d["tables"]["tasks"]["rows"][3].pop()),
             "tables.tasks.rows[3]: a row of another length"),
            (variant(lambda d: set_cell(d, "launches", "tier", 2)),
             "tables.launches.rows[0][3] (tier): a string or null is expected"),
            (variant(lambda d: set_cell(d, "tasks", "launch_id", "999", row=5)), "tables.tasks.rows[5]: "),
            (variant(lambda d: d["counters"].pop("audit")), "counters.audit: a whole number"),
            (variant(lambda d: d.update(feed_key="not a key")), "feed_key: 64 hexadecimal digits"),
        ]
        for text, words in cases:
            path = self.write("doc.json", text)
            p = self.rejected("import", "workspace", path, code=2, db=to, words=words)
            self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
            self.assertEqual(self.tm("--json", "launch", "list", db=to).stdout.strip(), "[]")
        self.rejected("import", "workspace", self.file("nowhere.json"), code=3, db=to, words="nowhere.json")
        # The error as JSON names the file, line and column.
        path = self.write("doc.json", '{"tminus": "workspace",\n "format": 1 1}')
        p = self.tm("--json", "import", "workspace", path, db=to, code=2)
        self.assertIn("doc.json:2:", json.loads(p.stderr)["detail"])


class Launches(WorkspaceCase):
    """A launch out in each format (on the suite's backend)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        ws = cls.ws
        ws.tm("demo")
        launch = ws.js("launch", "add", "Odd names", "--date", "2027-03-02", "--tier", "4")
        cls.slug = launch["slug"]
        cls.titles = ['=HYPERLINK("http://evil.example","x")', "+1 upsell", "-2 price cut", "@channel ping",
                      'Comma, "quoted"']
        ids = [ws.js("task", "add", cls.slug, t, "--due", "2027-02-01")["id"] for t in cls.titles]
        ws.tm("task", "dep", "add", str(ids[1]), "--after", str(ids[0]))
        ws.tm("task", "dep", "add", str(ids[1]), "--after", str(ids[2]))
        cls.ids = ids

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def setUp(self):
        self.open()
        self.db = self.ws.db

    def tearDown(self):
        import shutil
        shutil.rmtree(self.dir, ignore_errors=True)

    def file(self, name):
        return os.path.join(self.dir, name)

    def export(self, *args):
        """The export's bytes as text (CRLF kept)."""
        return self.tm("export", *args, text=False).stdout.decode()

    def test_csv(self):
        before = self.dump()
        raw = self.export(self.slug, "--format", "csv")
        self.assertEqual(self.dump(), before)
        self.assertTrue(raw.endswith("\r\n"))
        self.assertNotIn("\n", raw.replace("\r\n", ""))
        rows = list(csv.DictReader(io.StringIO(raw, newline="")))
        self.assertEqual(list(rows[0]), ["id", "title", "section", "owner", "owner_email", "due", "effort", "status",
                                         "milestone", "depends_on"])
        shown = self.js("launch", "show", self.slug)["tasks"]
        self.assertEqual([int(r["id"]) for r in rows], [t["id"] for t in shown])
        by_id = {int(r["id"]): r for r in rows}
        # Formula-like cells get a leading ' (the spreadsheet shows them); the others are as they are.
        self.assertEqual([by_id[i]["title"] for i in self.ids],
                         ["'" + t if t[0] in "=+-@" else t for t in self.titles])
        self.assertIn('"\'=HYPERLINK(""http://evil.example"",""x"")"', raw)
        self.assertIn(',"Comma, ""quoted""",', raw)
        self.assertEqual(sorted(by_id[self.ids[1]]["depends_on"].split(",")), sorted([str(self.ids[0]),
                                                                                       str(self.ids[2])]))
        self.assertEqual(by_id[self.ids[0]]["due"], "2027-02-01")
        milestones = {t["id"] for t in shown if t.get("milestone")}
        self.assertEqual({int(r["id"]) for r in rows if r["milestone"] == "yes"}, milestones)

    def test_csv_reads_back_with_import_csv(self):
        if not has_command(self, "import", "csv"):
            self.skipTest("tminus import csv is not in this build yet")
        path = self.write("odd.csv", self.export(self.slug, "--format", "csv"))
        new = self.js("launch", "add", "Odd names again", "--date", "2027-03-02", "--tier", "4")["slug"]
        before = {t["title"] for t in self.js("launch", "show", new)["tasks"]}
        self.tm("import", "csv", path, "--launch", new)
        got = [t for t in self.js("launch", "show", new)["tasks"] if t["title"] not in before]
        self.assertEqual(sorted(t["title"] for t in got), sorted(self.titles))
        by_title = {t["title"]: t for t in got}
        self.assertEqual(len(by_title[self.titles[1]]["depends_on"]), 2)
        self.assertEqual(by_title[self.titles[0]]["due"], "2027-02-01")

    def test_json(self):
        doc = json.loads(self.export(self.slug, "--format", "json"))
        shown = self.js("launch", "show", self.slug)
        self.assertEqual({k: v for k, v in doc.items() if k in shown}, shown)
        self.assertEqual(set(doc) - set(shown), {"brief", "metrics", "decisions", "plan"})
        self.assertEqual(doc["plan"], self.js("plan", self.slug))
        # A launch with metrics and decisions (the demo's first) has them in its document.
        first = self.js("launch", "list")[0]["slug"]
        doc = json.loads(self.export(first, "--format", "json"))
        self.assertEqual(doc["decisions"], self.js("decision", "list", first))
        self.assertEqual([m["name"] for m in doc["metrics"]], [m["name"] for m in self.js("metric", "list", first)])
        self.assertEqual(doc["brief"], self.js("brief", first))

    def test_ics_and_md(self):
        ics = self.export(self.slug, "--format", "ics")
        self.assertTrue(ics.startswith("BEGIN:VCALENDAR"))
        launch = self.js("launch", "show", self.slug)
        self.assertIn(f"UID:launch-{launch['id']}@tminus", ics)
        for i in self.ids:
            self.assertIn(f"UID:task-{i}@tminus", ics)
        self.assertEqual(ics.count("BEGIN:VTODO"), sum(1 for t in launch["tasks"] if t.get("due") and
                                                        not t.get("milestone")))
        # TMINUS_NOW pins the DTSTAMP: the same export twice is the same text.
        env = dict(self.env, TMINUS_NOW="2027-01-04T08:00:00Z")
        pinned = [self.tm("export", self.slug, "--format", "ics", env=env).stdout for _ in range(2)]
        self.assertEqual(pinned[0], pinned[1])
        self.assertIn("DTSTAMP:20270104T080000Z", pinned[0])
        md = self.export(self.slug, "--format", "md")
        self.assertIn("## Launch Brief: Odd names", md)
        self.assertIn(self.tm("doc", self.slug, "checklist").stdout.strip()[:40], md)

    def test_output_file(self):
        out = self.file("launch.csv")
        res = self.js("export", self.slug, "--format", "csv", "--output", out)
        with open(out, newline="") as f:
            text = f.read()
        self.assertEqual(text, self.export(self.slug, "--format", "csv"))
        self.assertEqual(res, {"file": out, "format": "csv", "content_type": "text/csv; charset=utf-8",
                               "bytes": len(text.encode())})
        # A file that cannot be written: an error, and nothing left behind.
        bad = os.path.join(self.dir, "no-such-dir", "x.json")
        self.rejected("export", "--all", "--format", "json", "--output", bad, code=1, words="no-such-dir")
        self.assertEqual(os.listdir(self.dir), ["launch.csv"])

    def test_refusals(self):
        for args, code, words in (
                (["nowhere", "--format", "csv"], 3, "nowhere"),
                ([self.slug, "--format", "xlsx"], 2, "unknown format 'xlsx' for --format: give csv, json, ics or md"),
                ([self.slug], 2, "--format"),
                (["--all", "--format", "csv"], 2, "json only"),
                ([self.slug, "--all", "--format", "json"], 2, "not both"),
                (["--format", "json"], 2, "--all"),
        ):
            self.rejected("export", *args, code=code, words=words)


if __name__ == "__main__":
    main()
