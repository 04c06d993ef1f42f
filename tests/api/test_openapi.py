#!/usr/bin/env python3
"""The OpenAPI document kept honest. `tminus serve` serves src/http/openapi.json
as GET /api/v1/openapi.json with the request schemas of the use cases' inputs
made from app/'s one description of each (app/inputs.c). The served document is
valid OpenAPI 3.1 (checked by an independent validator from npm,
tests/api/openapi/validate.mjs), it describes exactly the routes the server's
route tables answer, the CLI's --json outputs and the API's bodies match its
schemas, and every input field is one field everywhere: in the schema, in the
API's validation (a bad value is refused by both, naming the member) and in the
command line's --help.

Run as meson does: TMINUS=path/to/tminus TMINUS_SRC=. python3 tests/api/test_openapi.py
"""
import atexit
import fcntl
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import SRC, Server, main  # noqa: E402

DOC = os.path.join(SRC, "src", "http", "openapi.json")
NODE_DIR = os.path.join(SRC, "tests", "api", "openapi")
METHODS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")

# An initializer of a route table: { "METHOD", "/pattern", handler, … }
ROUTE = re.compile(r'\{\s*"(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE)"\s*,\s*"(/[^"]*)"')


def ensure_node_modules():
    """The validator's packages, installed once: several suites run at once and each may ask, so the
    install holds a lock, and a folder is taken as installed only once npm has written its lockfile in it
    (the last thing npm ci does): a half-installed folder is not."""
    lock_path = os.path.join(tempfile.gettempdir(), "tminus-openapi-npm.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(NODE_DIR, "node_modules", ".package-lock.json")):
            return
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True, text=True)
        if r.returncode:
            raise AssertionError(f"npm ci in {NODE_DIR} failed:\n{r.stdout}{r.stderr}")


_served = {}


def served_path():
    """The document as a real server serves it, saved to a file once per run (removed when the run ends)."""
    if "path" not in _served:
        ws = Server(demo=False)
        try:
            ws.start()
            r, data = ws.request("GET", "/api/v1/openapi.json")
            assert r.status == 200, data[:300]
        finally:
            ws.close()
        fd, path = tempfile.mkstemp(suffix="-openapi.json")
        atexit.register(os.unlink, path)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        _served["path"] = path
    return _served["path"]


def validate(*pairs):
    """Runs the validator on the served document (and SCHEMA=FILE pairs); returns the completed process."""
    ensure_node_modules()
    return subprocess.run(["node", "validate.mjs", served_path(), *pairs], cwd=NODE_DIR,
                          capture_output=True, text=True)


def load_doc():
    with open(served_path(), encoding="utf-8") as f:
        return json.load(f)


def load_source():
    """src/http/openapi.json with the fragments of src/http/openapi/ merged, as the build merges them."""
    sys.path.insert(0, os.path.join(SRC, "scripts"))
    import openapi_merge  # noqa: E402
    return openapi_merge.merge(DOC, glob.glob(os.path.join(SRC, "src", "http", "openapi", "*.json")))


def request_schemas(doc):
    """{schema name: [(method, path)]} of every request body that refers to a components schema."""
    out = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            for media in (op.get("requestBody") or {}).get("content", {}).values():
                ref = (media.get("schema") or {}).get("$ref", "")
                if ref.startswith("#/components/schemas/"):
                    out.setdefault(ref.rsplit("/", 1)[1], []).append((method.upper(), path))
    return out


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
                self.assertIn(name, {"launch", "task", "kind", "date", "id", "person", "name", "stage"}, path)


class Representations(unittest.TestCase):
    """The CLI's --json outputs, and the API's bodies, match the document's schemas (closed: a field the
    document does not describe is an error)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Server()

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def check(self, pairs):
        args = [f"{schema}={self.ws.write(f'{i}.json', text)}" for i, (schema, text) in enumerate(pairs)]
        r = validate(*args)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")

    def test_cli_json_matches_the_schemas(self):
        tm = lambda *a: self.ws.tm("--json", *a).stdout
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
                        "--days", "2", "--after", "109")),
            ("Task", tm("task", "dep", "add", "110", "--after", "109")),
            ("Task", tm("task", "dep", "rm", "110", "--after", "109")),
            ("LaunchWithTasks", tm("launch", "add", "Usage alerts", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana",
                                   "--marketing", "ben@example.com", "--owner", "sales=Dana", "--quadrant",
                                   "attract-innovating")),
            ("LaunchWithTasks", tm("launch", "set", "usage-alerts", "--tier", "1", "--confidence", "high")),
        ]
        self.check(pairs)

    def check_output(self, launch):
        # check exits 1 when it finds blocking problems; its JSON is on stdout either way.
        r = self.ws.tm("--json", "check", launch, code=None)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return r.stdout

    def test_api_bodies_match_the_schemas(self):
        ws = Server()
        try:
            ws.user("ana", "editor", "Ana Silva")
            ws.user("root", "admin")
            token = lambda user: ws.js("token", "create", "--user", user, "--name", "openapi", "--scope", "read")["token"]
            ana, root = token("ana"), token("root")
            ws.tm("holiday", "add", "2026-12-25", "Christmas")
            ws.tm("freeze", "add", "2026-12-20", "2027-01-02", "Year end")
            ws.tm("decision", "add", "dark-mode", "Ship without themes", "--why", "themes slip")
            ws.tm("baseline", "save", "usage-based-billing", "kickoff")
            ws.start()
            try:
                gets = [
                    ("Health", "/healthz", None),
                    ("Me", "/api/v1/me", ana),
                    ("Launch[]", "/api/v1/launches", ana),
                    ("LaunchWithTasks", "/api/v1/launches/usage-based-billing", ana),
                    ("Task[]", "/api/v1/launches/usage-based-billing/tasks", ana),
                    ("Task", "/api/v1/tasks/24", ana),
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
                    ("Launch[]", "/api/v1/launches?with=readiness&owner=Ana", ana),
                    ("Task[]", "/api/v1/me/tasks", ana),
                    ("PlanExplanation", "/api/v1/launches/usage-based-billing/plan?explain=24", ana),
                    ("PlanComparison", "/api/v1/launches/usage-based-billing/plan?against=kickoff", ana),
                    ("Baseline[]", "/api/v1/launches/usage-based-billing/baselines", ana),
                    ("Load", "/api/v1/load?from=2026-11-02&to=2027-01-31", ana),
                    ("Problem", "/api/v1/launches?owner=Nobody", ana),
                    ("Problem", "/api/v1/load?from=2026-13-01", ana),
                    ("User[]", "/api/v1/users", root),
                    ("Token[]", "/api/v1/tokens", root),
                    ("Playbook", "/api/v1/playbook", ana),
                    ("Feeds", "/api/v1/me/feeds", ana),
                    ("Feeds", "/api/v1/me/feeds", root),
                    ("Brief", "/api/v1/launches/usage-based-billing/brief?format=html", ana),
                    ("DocumentHtml", "/api/v1/launches/usage-based-billing/docs/kickoff?format=html", ana),
                    ("Problem", "/api/v1/launches/no-such-launch", ana),
                    ("Problem", "/api/v1/launches?limit=0", ana),
                    ("Problem", "/api/v1/launches", None),
                ]
                # Answers to bodies (the admin's write token made here: the ones above only read).
                admin = ws.js("token", "create", "--user", "root", "--name", "w", "--scope", "write")["token"]
                yaml = {"Content-Type": "application/yaml"}
                posts = [
                    ("UserCreated", "POST", "/api/v1/users", {"name": "bo", "role": "editor", "person": "Ana Silva"},
                     None, 201),
                    ("User", "PATCH", "/api/v1/users/bo", {"role": "viewer", "person": None}, None, 200),
                    ("TokenCreated", "POST", "/api/v1/tokens", {"user": "bo", "name": "ci", "scope": "read",
                                                                "expires_days": 30}, None, 201),
                    ("PlaybookCheck", "POST", "/api/v1/playbook/check", json.loads(ws.request(
                        "GET", "/api/v1/playbook", token=ana)[1])["yaml"], yaml, 200),
                    ("PlaybookProblem", "POST", "/api/v1/playbook/check", "playbook: x\ntiers: 3\n", yaml, 422),
                    ("MarkdownHtml", "POST", "/api/v1/markdown", "# Hi *there*", {"Content-Type": "text/markdown"}, 200),
                    ("HolidaysAdded", "POST", "/api/v1/holidays/import",
                     "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\n"
                     "SUMMARY:New year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", {"Content-Type": "text/calendar"}, 200),
                ]
                pairs, failures = [], []
                for i, (schema, method, path, body, headers, status) in enumerate(posts):
                    r, data = ws.request(method, path, body, headers=headers, token=admin)
                    if r.status != status:
                        failures.append(f"{method} {path}: {r.status} {data[:200]!r}")
                    else:
                        pairs.append(f"{schema}={ws.write(f'api-post-{i}.json', data.decode())}")
                for i, (schema, path, tok) in enumerate(gets):
                    r, data = ws.request("GET", path, token=tok)
                    want = (200,) if schema != "Problem" else (400, 401, 404)
                    ctype = r.getheader("Content-Type") or ""
                    if r.status not in want:
                        failures.append(f"GET {path}: {r.status} {data[:200]!r}")
                    elif schema == "Problem" and not ctype.startswith("application/problem+json"):
                        failures.append(f"GET {path}: Content-Type {ctype}")
                    else:
                        pairs.append(f"{schema}={ws.write(f'api-{i}.json', data.decode())}")
                writer = ws.js("token", "create", "--user", "ana", "--name", "openapi-w", "--scope", "write")["token"]
                posts = [
                    ("LaunchWithTasks", "/api/v1/launches?dry_run=true",
                     {"name": "Usage alerts", "date": "2027-03-16", "criteria": {"major": True}, "pm": "Ana"}),
                    ("DelayPreview", "/api/v1/launches/dark-mode/delay?dry_run=true",
                     {"to": "2026-12-24", "reason": "QA found bugs"}),
                ]
                for i, (schema, path, body) in enumerate(posts):
                    r, data = ws.request("POST", path, body=body, token=writer)
                    if r.status != 200:
                        failures.append(f"POST {path}: {r.status} {data[:200]!r}")
                    else:
                        pairs.append(f"{schema}={ws.write(f'api-dry-{i}.json', data.decode())}")
            finally:
                ws.stop()
            self.assertEqual(failures, [])
            r = validate(*pairs)
            self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")
        finally:
            ws.close()


# The command that takes each input, and the route that takes it as a body.
INPUTS = {
    "LaunchInput": ("launch add", "POST", "/api/v1/launches"),
    "LaunchPatch": ("launch set", "PATCH", "/api/v1/launches/dark-mode"),
    "TaskInput": ("task add", "POST", "/api/v1/launches/dark-mode/tasks"),
    "TaskPatch": ("task set", "PATCH", "/api/v1/tasks/109"),
    "DelayInput": ("launch delay", "POST", "/api/v1/launches/dark-mode/delay"),
    "DependencyInput": ("task dep add", "POST", "/api/v1/tasks/110/deps"),
    "ApprovalInput": ("task approve", "POST", "/api/v1/tasks/110/approve"),
    "PersonInput": ("person add", "POST", "/api/v1/people"),
    "PersonPatch": ("person set", "PATCH", "/api/v1/people/Ana%20Silva"),
    "HolidayInput": ("holiday add", "POST", "/api/v1/holidays"),
    "FreezeInput": ("freeze add", "POST", "/api/v1/freezes"),
    "DecisionInput": ("decision add", "POST", "/api/v1/decisions"),
    "UserInput": ("user add", "POST", "/api/v1/users"),
    "UserPatch": ("user set", "PATCH", "/api/v1/users/root"),
    "TokenInput": ("token create", "POST", "/api/v1/tokens"),
    "MetricInput": ("metric add", "POST", "/api/v1/launches/dark-mode/metrics"),
    "MetricPatch": ("metric set", "PATCH", "/api/v1/metrics/1"),
    "TermInput": ("glossary add", "POST", "/api/v1/glossary"),
    "TermPatch": ("glossary set", "PATCH", "/api/v1/glossary/1"),
    "IdeaInput": ("backlog add", "POST", "/api/v1/backlog"),
    "IdeaPatch": ("backlog set", "PATCH", "/api/v1/backlog/1"),
    "ExperimentInput": ("experiment add", "POST", "/api/v1/experiments"),
    "ExperimentPatch": ("experiment set", "PATCH", "/api/v1/experiments/1"),
    "ArmInput": ("experiment arm add", "POST", "/api/v1/experiments/1/arms"),
    "ArmRecord": ("experiment record", "POST", "/api/v1/experiments/1/arms/control/record"),
    "ExperimentClose": ("experiment close", "POST", "/api/v1/experiments/1/close"),
    "RoadmapInput": ("roadmap add", "POST", "/api/v1/roadmap"),
    "RoadmapPatch": ("roadmap set", "PATCH", "/api/v1/roadmap/1"),
    "RoadmapReviewInput": ("roadmap review", "POST", "/api/v1/roadmap/reviews"),
    "WebhookInput": ("webhook add", "POST", "/api/v1/webhooks"),
}


def wrong_value(schema):
    """A JSON value of the wrong type for a property's schema."""
    kind = schema.get("type")
    if kind == "string" or "enum" in schema:
        return 12345
    if kind in ("integer", "boolean"):
        return "not one"
    if kind == "array":
        return {"not": "an array"}
    if kind == "object":
        return ["not", "an object"]
    return True  # oneOf integer | string


class InputsDescribedOnce(unittest.TestCase):
    """Each input is described once, in app/: the schema the server publishes, what the API refuses,
    and the command line's options and --help all come from that one description."""

    @classmethod
    def setUpClass(cls):
        cls.doc = load_doc()
        cls.ws = Server()
        cls.ws.user("root", "admin")
        cls.token = cls.ws.js("token", "create", "--user", "root", "--name", "t", "--scope", "write")["token"]
        cls.ws.start()

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def test_every_request_body_is_an_input_of_app(self):
        # The brief is a document (Markdown or its JSON); sign-in and the password change carry secrets and
        # HTML forms and are read by src/http/validate.c; a workspace document is GET /api/v1/export's
        # own answer, read back whole by app/export.c. Every other body is an input of app/.
        others = {"BriefInput", "LoginInput", "PasswordInput", "PasswordForm", "WorkspaceDocument"}
        self.assertEqual(set(request_schemas(self.doc)) - others, set(INPUTS))

    def test_the_command_line_takes_the_same_fields(self):
        for schema, (command, _, _) in INPUTS.items():
            with self.subTest(schema):
                helped = self.ws.js(*command.split(), "--help")
                self.assertEqual(helped["input"], self.doc["components"]["schemas"][schema])
                fields = {o["field"] for o in helped["options"] if "field" in o}
                fields |= {a["field"] for a in helped["arguments"]}
                self.assertEqual(fields, set(helped["input"]["properties"]))
                text = self.ws.tm(*command.split(), "--help").stdout
                for o in helped["options"]:
                    self.assertIn(o["option"] or "--major", text)

    def etag(self, path):
        r, _ = self.ws.request("GET", path, token=self.token)
        return r.getheader("ETag")

    def test_a_value_of_the_wrong_type_is_refused_by_both(self):
        pairs = []
        for schema, (_, method, path) in INPUTS.items():
            for prop, sub in self.doc["components"]["schemas"][schema]["properties"].items():
                with self.subTest(f"{schema}.{prop}"):
                    body = {prop: wrong_value(sub)}
                    # Users and people have no versions: their PATCH takes no If-Match.
                    versioned = "/users/" not in path and "/people/" not in path
                    headers = {"If-Match": self.etag(path)} if method == "PATCH" and versioned else None
                    r, data = self.ws.request(method, path, body, headers=headers, token=self.token)
                    self.assertEqual(r.status, 400, data)
                    problem = json.loads(data)
                    self.assertTrue(problem["parameter"].startswith("/" + prop), problem)
                    self.assertIn("/" + prop, problem["detail"])
                    pairs.append(f"!{schema}={self.ws.write(f'wrong-{schema}-{prop}.json', json.dumps(body))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")

    def test_a_body_the_schema_accepts_is_accepted(self):
        body = {"name": "Described once", "date": "2027-04-06", "tier": 2, "pm": "Ana Silva", "marketing": "Ben Okafor",
                "owners": {"sales": "Dev Patel"}, "confidence": "high", "quadrant": "attract-innovating",
                "add_channel_tasks": True}
        r = validate(f"LaunchInput={self.ws.write('good-launch.json', json.dumps(body))}")
        self.assertEqual(r.returncode, 0, r.stderr)
        r, data = self.ws.request("POST", "/api/v1/launches", body, token=self.token)
        self.assertEqual(r.status, 201, data)


class Served(unittest.TestCase):
    def test_server_serves_the_document(self):
        ws = Server()
        try:
            ws.start()
            try:
                r, data = ws.request("GET", "/api/v1/openapi.json")  # open: no token
            finally:
                ws.stop()
            self.assertEqual(r.status, 200, data[:300])
            self.assertIn("json", r.getheader("Content-Type") or "")
            served, source = json.loads(data), load_source()
            # The source plus the generated input schemas, nothing else changed.
            generated = set(served["components"]["schemas"]) - set(source["components"]["schemas"])
            self.assertTrue({"LaunchInput", "LaunchPatch", "TaskInput", "TaskPatch", "DelayInput"} <= generated, generated)
            for name in generated:
                del served["components"]["schemas"][name]
            self.assertEqual(served, source)
            # Every request body's schema exists in the served document.
            doc = json.loads(data)
            for name in request_schemas(doc):
                self.assertIn(name, doc["components"]["schemas"], name)
        finally:
            ws.close()


if __name__ == "__main__":
    main()
