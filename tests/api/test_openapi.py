#!/usr/bin/env python3
"""src/http/openapi.json kept honest: it is valid OpenAPI 3.1 (checked by an
independent validator from npm, tests/api/openapi/validate.mjs), it describes
exactly the routes the server's route tables answer, the CLI's --json outputs
and the API's bodies match its schemas, and `tminus serve` serves it as
GET /api/v1/openapi.json.

Run as meson does: TMINUS=path/to/tminus TMINUS_SRC=. python3 tests/api/test_openapi.py
"""
import glob
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apitest  # noqa: E402

SRC = os.environ.get("TMINUS_SRC", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TMINUS = os.environ.get("TMINUS", os.path.join(SRC, "build", "tminus"))
DOC = os.path.join(SRC, "src", "http", "openapi.json")
NODE_DIR = os.path.join(SRC, "tests", "api", "openapi")
TODAY = "2026-11-22"
METHODS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")

# An initializer of a route table: { "METHOD", "/pattern", handler, … }
ROUTE = re.compile(r'\{\s*"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE)"\s*,\s*"(/[^"]*)"')


def ensure_node_modules():
    if os.path.isdir(os.path.join(NODE_DIR, "node_modules")):
        return
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True, text=True)
    if r.returncode:
        raise AssertionError(f"npm ci in {NODE_DIR} failed:\n{r.stdout}{r.stderr}")


def validate(*pairs):
    """Runs the validator on the document (and SCHEMA=FILE pairs); returns the completed process."""
    ensure_node_modules()
    return subprocess.run(["node", "validate.mjs", "../../../src/http/openapi.json", *pairs], cwd=NODE_DIR,
                          capture_output=True, text=True)


def load_doc():
    with open(DOC, encoding="utf-8") as f:
        return json.load(f)


def shape(path):
    """A path with its parameters as ':' segments, as the server's route patterns write them:
    /api/v1/tasks/{task} → /api/v1/tasks/:, /feeds/people/{person}.ics → /feeds/people/:.ics."""
    return "/".join(re.sub(r"\{[^}]+\}", ":", seg) for seg in path.split("/"))


def server_routes():
    routes = set()
    for c in sorted(glob.glob(os.path.join(SRC, "src", "http", "*.c"))):
        with open(c, encoding="utf-8") as f:
            text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)  # not the examples in comments
        routes |= {(m.group(1), m.group(2)) for m in ROUTE.finditer(text)}
    return routes


def documented_operations(doc):
    return {(m.upper(), shape(p)) for p, item in doc["paths"].items() for m in item if m in METHODS}


class Workspace(apitest.Server):
    """A demo workspace in a temporary directory, the CLI on it, and its server (apitest)."""

    def __init__(self):
        super().__init__(demo=True)

    def cli(self, *args, stdin=None):
        return self.tm(*args, input=stdin).stdout

    def save(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


class Server:
    """The workspace's real `tminus serve` on a free loopback port."""

    def __init__(self, ws):
        self.ws = ws.start()

    def get(self, path, token=None):
        return self.ws.request("GET", path, token=token)

    def close(self):
        self.ws.stop()


class OpenApiDocument(unittest.TestCase):
    maxDiff = None

    def test_document_is_valid_openapi_3_1(self):
        r = validate()
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")
        self.assertEqual(load_doc()["openapi"], "3.1.0")

    def test_the_validator_rejects_a_broken_document(self):
        # The check can fail: a path parameter without its declaration and a misspelt type.
        doc = load_doc()
        path = next(p for p in doc["paths"] if "{task}" in p)
        doc["paths"][path].pop("parameters", None)
        for item in doc["paths"][path].values():
            item.pop("parameters", None)
        doc["components"]["schemas"]["Problem"]["properties"]["status"]["type"] = "integr"
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(doc, f)
        try:
            ensure_node_modules()
            r = subprocess.run(["node", "validate.mjs", f.name], cwd=NODE_DIR, capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("{task}", r.stderr)
        self.assertIn("integr", r.stderr)

    def test_every_route_is_described(self):
        routes = server_routes()
        self.assertTrue(routes, "no route table initializers found in src/http/*.c")
        missing = sorted(routes - documented_operations(load_doc()))
        self.assertEqual(missing, [], "routes the server answers that openapi.json does not describe")

    def test_every_operation_has_a_route(self):
        extra = sorted(documented_operations(load_doc()) - server_routes())
        self.assertEqual(extra, [], "operations openapi.json describes that no route answers")

    def test_path_parameters_are_the_contracts(self):
        doc = load_doc()
        for path in doc["paths"]:
            for name in re.findall(r"\{([^}]+)\}", path):
                self.assertIn(name, {"launch", "task", "kind", "date", "id", "person"}, path)


class Representations(unittest.TestCase):
    """The CLI's --json outputs, and the API's bodies, match the document's schemas (closed: a field the
    document does not describe is an error)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def check(self, pairs):
        args = [f"{schema}={self.ws.save(f'{i}.json', text)}" for i, (schema, text) in enumerate(pairs)]
        r = validate(*args)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")

    def test_cli_json_matches_the_schemas(self):
        tm = lambda *a: self.ws.cli("--json", *a)
        pairs = [
            ("Launch[]", tm("launch", "list")),
            ("LaunchWithTasks", tm("launch", "show", "usage-based-billing")),
            ("Task[]", tm("task", "list", "dark-mode")),
            ("Plan", tm("plan", "usage-based-billing")),
            ("Check", self.check_output("usage-based-billing")),
            ("Brief", tm("brief", "usage-based-billing")),
            ("Brief", tm("brief", "dark-mode")),
            ("Person[]", tm("person", "list")),
            ("Person", tm("person", "add", "Dana Reyes", "--role", "sales", "--email", "dana@example.com")),
            ("HolidaysAdded", tm("holiday", "add", "2026-12-25", "Christmas")),
            ("Holiday[]", tm("holiday", "list")),
            ("Freeze", tm("freeze", "add", "2026-12-20", "2027-01-02", "Year end")),
            ("Freeze[]", tm("freeze", "list")),
            ("Decision", tm("decision", "add", "dark-mode", "Ship without themes", "--why", "themes slip")),
            ("DelayResult", tm("launch", "delay", "dark-mode", "--to", "2026-12-07", "--reason", "QA found bugs")),
            ("LaunchWithTasks", tm("launch", "show", "dark-mode")),
            ("Decision[]", tm("decision", "list")),
            ("Agenda", tm("calendar", "--from", "2026-11-22", "--to", "2027-01-31", "--person", "Ana Silva")),
            ("TierSuggestion", tm("tier", "suggest", "--major")),
            ("Task", tm("task", "add", "dark-mode", "Partner webinar", "--owner", "Dana", "--due", "T-5bd",
                        "--days", "2", "--after", "83")),
            ("Task", tm("task", "dep", "add", "84", "--after", "83")),
            ("Task", tm("task", "dep", "rm", "84", "--after", "83")),
            ("LaunchWithTasks", tm("launch", "add", "Usage alerts", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana",
                                   "--marketing", "ben@example.com", "--owner", "sales=Dana", "--quadrant",
                                   "attract-innovating")),
            ("LaunchWithTasks", tm("launch", "set", "usage-alerts", "--tier", "1", "--confidence", "high")),
        ]
        self.check(pairs)

    def check_output(self, launch):
        # check exits 1 when it finds blocking problems; its JSON is on stdout either way.
        r = subprocess.run([TMINUS, "--db", self.ws.db, "--today", TODAY, "--json", "check", launch],
                           capture_output=True, text=True)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return r.stdout

    def test_api_bodies_match_the_schemas(self):
        ws = Workspace()
        try:
            ws.cli("user", "add", "ana", "--role", "editor", "--person", "Ana Silva", stdin="correct horse battery\n")
            ws.cli("user", "add", "root", "--role", "admin", stdin="correct horse battery\n")
            token = lambda user: json.loads(ws.cli("--json", "token", "create", "--user", user, "--name", "openapi",
                                                   "--scope", "read"))["token"]
            ana, root = token("ana"), token("root")
            ws.cli("holiday", "add", "2026-12-25", "Christmas")
            ws.cli("freeze", "add", "2026-12-20", "2027-01-02", "Year end")
            ws.cli("decision", "add", "dark-mode", "Ship without themes", "--why", "themes slip")
            server = Server(ws)
            try:
                gets = [
                    ("Health", "/healthz", None),
                    ("Me", "/api/v1/me", ana),
                    ("Launch[]", "/api/v1/launches", ana),
                    ("LaunchWithTasks", "/api/v1/launches/usage-based-billing", ana),
                    ("Task[]", "/api/v1/launches/usage-based-billing/tasks", ana),
                    ("Task", "/api/v1/tasks/17", ana),
                    ("Plan", "/api/v1/launches/usage-based-billing/plan", ana),
                    ("Check", "/api/v1/launches/usage-based-billing/check", ana),
                    ("Brief", "/api/v1/launches/usage-based-billing/brief", ana),
                    ("Person[]", "/api/v1/people", ana),
                    ("Holiday[]", "/api/v1/holidays", ana),
                    ("Freeze[]", "/api/v1/freezes", ana),
                    ("Decision[]", "/api/v1/decisions", ana),
                    ("Agenda", "/api/v1/calendar?person=Ana%20Silva", ana),
                    ("TierSuggestion", "/api/v1/tier-suggestion?major=true", ana),
                    ("AuditEntry[]", "/api/v1/audit", root),
                    ("Problem", "/api/v1/launches/no-such-launch", ana),
                    ("Problem", "/api/v1/launches?limit=0", ana),
                    ("Problem", "/api/v1/launches", None),
                ]
                pairs, failures = [], []
                for i, (schema, path, tok) in enumerate(gets):
                    r, data = server.get(path, tok)
                    want = (200,) if schema != "Problem" else (400, 401, 404)
                    ctype = r.getheader("Content-Type") or ""
                    if r.status not in want:
                        failures.append(f"GET {path}: {r.status} {data[:200]!r}")
                    elif schema == "Problem" and not ctype.startswith("application/problem+json"):
                        failures.append(f"GET {path}: Content-Type {ctype}")
                    else:
                        pairs.append(f"{schema}={ws.save(f'api-{i}.json', data.decode())}")
            finally:
                server.close()
            self.assertEqual(failures, [])
            r = validate(*pairs)
            self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")
        finally:
            ws.close()


class Served(unittest.TestCase):
    def test_server_serves_the_document(self):
        ws = Workspace()
        try:
            server = Server(ws)
            try:
                r, data = server.get("/api/v1/openapi.json")  # open: no token
            finally:
                server.close()
            self.assertEqual(r.status, 200, data[:300])
            self.assertIn("json", r.getheader("Content-Type") or "")
            self.assertEqual(json.loads(data), load_doc())
        finally:
            ws.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
