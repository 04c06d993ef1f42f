"""What every end-to-end suite shares: a workspace on a temporary database,
tminus run on it as a user runs it, the proof that a rejected command changes
nothing (a full SQL dump before and after), and a real `tminus serve` on that
workspace for the HTTP tests. Each suite puts tests/ on sys.path and imports
what it needs from here; main() ends a run with the line CI reads.

TMINUS names the binary and TMINUS_SRC the source tree (meson sets both); by
default they are build/tminus and the tree this file is in.

TMINUS_TEST_BACKEND chooses the storage engine every Workspace runs on: "sqlite" (the default: a file t.db in
the workspace's directory) or "postgres" (a fresh database on a throwaway cluster that tests/pg.py starts
for the process and removes at its end; self.db is then the database's URI). dump() and query() read either.
A test about SQLite's files themselves is marked @sqlite_only("why") and is skipped, saying why, on PostgreSQL.
"""
import contextlib
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import threading
import unittest

SRC = os.environ.get("TMINUS_SRC") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TMINUS = os.path.abspath(os.environ.get("TMINUS") or os.path.join(SRC, "build", "tminus"))
TODAY = "2026-11-22"                 # a Sunday; each suite or class may pin another
PASSWORD = "correct horse battery"   # of every user the tests create
RUN_TIMEOUT = 300                    # seconds one tminus command may take (sanitizer builds included)
BACKEND = os.environ.get("TMINUS_TEST_BACKEND") or "sqlite"
if BACKEND not in ("sqlite", "postgres"):
    raise SystemExit(f"TMINUS_TEST_BACKEND={BACKEND}: the backends are sqlite and postgres")
SQLITE = BACKEND == "sqlite"
POSTGRES = BACKEND == "postgres"


def is_pg(db):
    """Does db name a PostgreSQL database (the URIs the tests make) rather than a SQLite file?"""
    return db.startswith(("postgres://", "postgresql://"))


def sqlite_only(why):
    """Marks a test (or a class of them) that is about SQLite's files themselves: skipped on PostgreSQL,
    saying why."""
    return unittest.skipUnless(SQLITE, f"SQLite only: {why}")


def pg_cluster():
    """The process's throwaway PostgreSQL cluster (tests/pg.py), started on first use."""
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import pg
    return pg.cluster()


_drops = None


def _drop_later(uri):
    """Drops a workspace's database in the background: dropping takes a checkpoint's time, and the cluster is
    removed at the end of the process anyway."""
    global _drops
    import queue
    if _drops is None:
        _drops = queue.Queue()

        def work():
            while True:
                u = _drops.get()
                try:
                    pg_cluster().drop(u)
                except Exception:  # the cluster may be closing: it is removed whole then
                    pass
        threading.Thread(target=work, daemon=True).start()
    _drops.put(uri)


def environment(tminus_user):
    """The environment tminus runs in: no colour, a known user, and no workspace or date from the caller's
    environment (every command names them with --db and --today)."""
    env = dict(os.environ, NO_COLOR="1", TMINUS_USER=tminus_user)
    for name in ("TMINUS_DB", "TMINUS_TODAY", "TMINUS_PLAYBOOK"):
        env.pop(name, None)
    return env


def _show(args):
    return " ".join(str(a) for a in args)


class Workspace:
    """A temporary directory holding a workspace database (t.db), and tminus run on it.

    Failed expectations raise AssertionError, so the methods serve a test case (WorkspaceCase) and a plain
    object (Server, or a suite's own set-up) alike."""

    today = TODAY                # --today of every command unless a call gives another
    tminus_user = "Riley"        # TMINUS_USER: who the audit, the ledger and delays name
    prefix = "tminus-test-"      # of the temporary directory's name
    dump_leaves_out = ()         # tables whose rows dump() leaves out (they change without a change)

    def __init__(self, today=None, tminus_user=None, parent=None):
        if today:
            self.today = today
        if tminus_user:
            self.tminus_user = tminus_user
        self.open(parent)

    def open(self, parent=None):
        """Makes the directory (inside parent when given) and the environment; on SQLite the database comes
        with the first command, on PostgreSQL it is a new empty database whose schema comes with the first
        command."""
        self.dir = tempfile.mkdtemp(prefix=self.prefix, dir=parent)
        self.db = pg_cluster().database() if POSTGRES else os.path.join(self.dir, "t.db")
        self.env = environment(self.tminus_user)

    def new_db(self, name):
        """Another empty workspace database beside this one: a file name in the directory on SQLite, a new
        database on PostgreSQL (dropped with this workspace)."""
        if not POSTGRES:
            return os.path.join(self.dir, name)
        uri = pg_cluster().database()
        self.__dict__.setdefault("_more_dbs", []).append(uri)
        return uri

    def copy_db(self, name):
        """A copy of the workspace's database, made while nothing uses it: a file name in the directory on
        SQLite, a new database on PostgreSQL (dropped with this workspace)."""
        if not is_pg(self.db):
            path = os.path.join(self.dir, name)
            shutil.copy(self.db, path)
            return path
        uri = pg_cluster().copy(self.db)
        self.__dict__.setdefault("_more_dbs", []).append(uri)
        return uri

    def close(self):
        if POSTGRES:
            for uri in [self.db] + self.__dict__.get("_more_dbs", []):
                if is_pg(uri):
                    _drop_later(uri)
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- running tminus ------------------------------------------------------

    def bare(self, *args, code=0, env=None, input=None, text=True):
        """Runs tminus with exactly these arguments (no --db, no --today); checks the exit status unless code
        is None. Standard input is `input`, or nothing: a command that would ask on a terminal does not wait."""
        argv = [TMINUS, *(str(a) for a in args)]
        p = subprocess.run(argv, env=self.env if env is None else env, capture_output=True, text=text,
                           input=input, stdin=None if input is not None else subprocess.DEVNULL,
                           timeout=RUN_TIMEOUT)
        if code is not None and p.returncode != code:
            out, err = (p.stdout, p.stderr) if text else (p.stdout.decode(errors="replace"),
                                                          p.stderr.decode(errors="replace"))
            raise AssertionError(f"exit {p.returncode}, expected {code}: tminus {_show(argv[1:])}\n"
                                 f"stdout: {out[:3000]}\nstderr: {err[:3000]}")
        return p

    def tm(self, *args, code=0, today=None, db=None, **kw):
        """tminus --db DB --today TODAY ARGS… on the workspace (or on the database db); the completed process.
        Takes bare()'s code, env, input and text too."""
        return self.bare("--db", db or self.db, "--today", today or self.today, *args, code=code, **kw)

    def js(self, *args, code=0, **kw):
        """The same with --json; the parsed document."""
        p = self.tm("--json", *args, code=code, **kw)
        try:
            return json.loads(p.stdout)
        except ValueError:
            raise AssertionError(f"tminus --json {_show(args)} printed no JSON:\n{p.stdout}\nstderr: {p.stderr}")

    # -- the database --------------------------------------------------------

    def exists(self, db=None):
        """Is there a workspace yet: the file on SQLite, the schema (any table) on PostgreSQL."""
        path = db or self.db
        if is_pg(path):
            return bool(pg_cluster().query(path, "SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1"))
        return os.path.exists(path)

    def dump(self, db=None):
        """The full logical contents of the database as text ('' when there is no workspace yet): SQLite's
        .dump, or on PostgreSQL pg_dump's data with each table's rows in a stable order (tests/pg.py)."""
        path = db or self.db
        if is_pg(path):
            return pg_cluster().dump(path, leave_out=self.dump_leaves_out)
        if not os.path.exists(path):
            return ""
        con = sqlite3.connect(path)
        try:
            return "\n".join(line for line in con.iterdump()
                             if not any(line.startswith(f'INSERT INTO "{t}"') for t in self.dump_leaves_out))
        finally:
            con.close()

    def raw(self, db=None):
        """Everything the database holds, as bytes, for "not a byte changed" and "this secret is nowhere in it":
        the SQLite file as it lies on disk (free pages included), or PostgreSQL's data dump with no table left out."""
        path = db or self.db
        if is_pg(path):
            return pg_cluster().dump(path).encode()
        with open(path, "rb") as f:
            return f.read()

    def query(self, sql, *args, db=None):
        """The rows of one SQL statement on the workspace (or on db), ? marking each of args, committed; write it
        so that SQLite and PostgreSQL read it alike."""
        path = db or self.db
        if is_pg(path):
            return pg_cluster().query(path, sql, *args)
        con = sqlite3.connect(path)
        try:
            rows = con.execute(sql, args).fetchall()
            con.commit()  # a test's UPDATE stays
            return rows
        finally:
            con.close()

    def schema_objects(self, db=None):
        """The names of the workspace's tables and triggers, sorted (a hostile input must not drop one)."""
        path = db or self.db
        if is_pg(path):
            rows = self.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
                              "UNION ALL SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = 'public' AND NOT t.tgisinternal", db=path)
        else:
            rows = self.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')", db=path)
        return sorted(r[0] for r in rows)

    def integrity(self, db=None):
        """What is wrong with the database below what tminus reads: SQLite's integrity and foreign-key checks
        ([] when all is well). PostgreSQL checks both at every commit: [] always."""
        path = db or self.db
        if is_pg(path):
            return []
        problems = [r for r in self.query("PRAGMA integrity_check", db=path) if r != ("ok",)]
        return problems + self.query("PRAGMA foreign_key_check", db=path)

    def rejected(self, *args, code, words=(), **kw):
        """The command fails with `code`, says each of `words` in its `tminus: error:` message, prints nothing
        on stdout and leaves the database (db, or the workspace's) exactly as it was. The completed process."""
        db = kw.get("db") or self.db
        if not self.exists(db):
            self.tm("person", "list", db=db)  # a workspace to compare: a refusal must not even create one
        before = self.dump(db)
        p = self.tm(*args, code=code, **kw)
        if not p.stderr.startswith("tminus: error: "):
            raise AssertionError(f"tminus {_show(args)}: stderr does not start with 'tminus: error: ': {p.stderr!r}")
        for w in ([words] if isinstance(words, str) else words):
            if w not in p.stderr:
                raise AssertionError(f"tminus {_show(args)}: {w!r} not in the error {p.stderr!r}")
        if p.stdout != "":
            raise AssertionError(f"tminus {_show(args)} was refused but printed on stdout: {p.stdout!r}")
        if before != self.dump(db):
            raise AssertionError(f"tminus {_show(args)} was refused but changed the database")
        return p

    def write(self, name, content):
        """A file in the workspace's directory (text as UTF-8 with its line ends untouched, or bytes); its path."""
        path = os.path.join(self.dir, name)
        if isinstance(content, bytes):
            with open(path, "wb") as f:
                f.write(content)
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(content)
        return path


class WorkspaceCase(Workspace, unittest.TestCase):
    """A test case with a fresh workspace for each test."""

    def __init__(self, methodName="runTest"):
        unittest.TestCase.__init__(self, methodName)

    def setUp(self):
        self.open()

    def tearDown(self):
        self.close()


class SeveralDatabasesCase(WorkspaceCase):
    """A test case whose tests make more databases beside their workspace: files in its folder (file) and
    PostgreSQL databases of the test cluster (new_pg), dropped when the workspace closes."""

    def new_pg(self):
        uri = pg_cluster().database()
        self.__dict__.setdefault("_more_dbs", []).append(uri)
        return uri

    def close(self):
        for uri in self.__dict__.get("_more_dbs", []):
            try:
                pg_cluster().drop(uri)
            except Exception:
                pass
        self.__dict__["_more_dbs"] = []
        super().close()

    def file(self, name):
        return os.path.join(self.dir, name)


class Server(Workspace):
    """A workspace (the demo's unless demo=False), users and tokens made with the command line, and a real
    `tminus serve` on it on a free loopback port."""

    tminus_user = "cli"
    prefix = "tminus-api-"
    # A sign-in touches its session, and a wrong password is counted against its address (the sign-in
    # limits every server shares): neither is a change of the workspace.
    dump_leaves_out = ("sessions", "signin_attempts")

    def __init__(self, demo=True, extra=(), **kw):
        super().__init__(**kw)
        self.proc = None
        self.log = None
        self.starts = 0
        self.extra = list(extra)
        if demo:
            self.tm("demo")

    def user(self, name, role, person=None, password=PASSWORD):
        args = ["user", "add", name, "--role", role] + (["--person", person] if person else [])
        self.tm(*args, input=password + "\n")

    def token(self, user, scope, expires=None):
        args = ["token", "create", "--user", user, "--name", f"{user}-{scope}", "--scope", scope]
        if expires:
            args += ["--expires", str(expires)]
        return self.js(*args)

    def team(self):
        """The users the API suites sign in as, each with their tokens: ana (editor, Ana Silva), vic (viewer,
        Emma Berg) and root (admin). Returns the tokens by name: editor, editor_read, viewer, admin, admin_read."""
        self.user("ana", "editor", "Ana Silva")
        self.user("vic", "viewer", "Emma Berg")
        self.user("root", "admin")
        return {"editor": self.token("ana", "write")["token"], "editor_read": self.token("ana", "read")["token"],
                "viewer": self.token("vic", "read")["token"], "admin": self.token("root", "write")["token"],
                "admin_read": self.token("root", "read")["token"]}

    def start(self, command=None):
        """Starts `tminus serve` (as `command` when given: another copy of the binary, or one run as another
        user) and waits for the address it prints; stderr goes to server.log (server-N.log from the second
        start on). Returns the server."""
        self.starts += 1
        name = "server.log" if self.starts == 1 else f"server-{self.starts}.log"
        self.log = open(os.path.join(self.dir, name), "w+")
        argv = [*(command or [TMINUS]), "--db", self.db, "--today", self.today, "serve", "--listen", "127.0.0.1:0",
                *self.extra]
        self.proc = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.log)
        self.port = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(self.log.name) as f:
                text = f.read()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
            if m:
                self.port = int(m.group(1))
                self.stderr_at_start = text
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.kill()
        with open(self.log.name) as f:
            raise AssertionError("the server did not start: " + f.read()[-3000:])

    def stop(self):
        """SIGTERM, and SIGKILL after ten seconds."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()

    def kill(self):
        """SIGKILL: the server gets no chance to finish anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.log:
            self.log.close()

    def close(self):
        self.stop()
        super().close()

    def request(self, method, path, body=None, headers=None, token=None, cookie=None, timeout=20):
        """One request on a fresh connection: (response, body bytes). A dict or list body is sent as JSON, a
        str as UTF-8 (http.client would send ISO-8859-1)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        if cookie:
            h["Cookie"] = "tminus_session=" + cookie
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
        finally:
            c.close()
        return r, data


def fresh_request(port, token, method, path, body=None, headers=None, timeout=30):
    """One request with a bearer token on a fresh connection that closes after the answer, classified for the
    suites that load or kill the server: ("answer", status, body, seconds, response) when the answer arrived
    whole, ("not taken", why) when no connection could be made (refused, or never accepted), ("broken", why)
    when the connection was made but no whole answer came back (the request may have reached the server)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.monotonic()
    try:
        c.connect()
    except OSError as e:
        c.close()
        return ("not taken", repr(e))
    h = {"Authorization": "Bearer " + token, "Connection": "close"}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    try:
        c.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=h)
        r = c.getresponse()
        data = r.read()          # raises IncompleteRead when the body is cut short
        return ("answer", r.status, data, time.monotonic() - start, r)
    except (OSError, http.client.HTTPException) as e:
        return ("broken", repr(e))
    finally:
        c.close()


@contextlib.contextmanager
def hold_write_lock(db):
    """Another process holds the workspace's write lock for the duration of the with block (SQLite only: its
    one writer at a time is a file lock)."""
    if is_pg(db):
        raise unittest.SkipTest("SQLite only: a workspace's write lock is SQLite's file lock")
    p = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys\n"
                          "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                          "c.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\nsys.stdin.read()\n"
                          "c.execute('ROLLBACK')\n", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        if line != "locked\n":
            raise AssertionError(f"the lock holder did not take the lock: {line!r}")
        yield p
    finally:
        p.communicate("")


class ApiCase(unittest.TestCase):
    """Tests over one real server shared by the class: cls.s (a Server, started by the class's setUpClass)
    and cls.tokens (the team's tokens by role: editor, viewer, admin). Requests, answers, and refusals
    that must leave the database as it was."""
    s = None
    tokens = {}
    _quiet = 0  # inside unchanged(): the block checks the database once, not each refusal

    @classmethod
    def tearDownClass(cls):
        if cls.s:
            cls.s.close()

    def req(self, method, path, body=None, token="editor", headers=None):
        return self.s.request(method, path, body=body, headers=headers, token=self.tokens[token] if token else None)

    def ok(self, method, path, body=None, token="editor", status=200, headers=None):
        r, data = self.req(method, path, body, token, headers)
        self.assertEqual(r.status, status, data)
        ctype = r.getheader("Content-Type") or ""
        return r, json.loads(data) if data and ctype.startswith("application/json") else data

    @contextlib.contextmanager
    def unchanged(self):
        """The refusals inside the block leave the database as it was: one dump before and one after (a
        dump per refusal costs seconds on PostgreSQL)."""
        before = self.s.dump()
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1
        self.assertEqual(before, self.s.dump(), "a refusal changed the database")

    def problem(self, method, path, body, status, words=(), token="editor", headers=None, parameter=None, check=True):
        """Refused with status (and the parameter, and words in the detail) as problem+json, nothing changed
        (checked here, unless check is False or an unchanged() block around it checks)."""
        check = check and not self._quiet
        before = self.s.dump() if check else None
        r, data = self.req(method, path, body, token, headers)
        self.assertEqual(r.status, status, data)
        self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"), r.getheader("Content-Type"))
        p = json.loads(data)
        self.assertEqual(p["status"], status)
        for w in [words] if isinstance(words, str) else words:
            self.assertIn(w, p["detail"])
        if parameter is not None:
            self.assertEqual(p.get("parameter"), parameter, p)
        if check:
            self.assertEqual(before, self.s.dump(), f"{method} {path} was refused but changed the database")
        return p


def main():
    """Runs the calling module's tests and ends with the line CI reads: 'N passed, M failed' (and ', K skipped'
    when some were). Exits non-zero when anything failed, or when no test ran."""
    if not (os.path.isfile(TMINUS) and os.access(TMINUS, os.X_OK)):
        print(f"tminus binary not found at {TMINUS} (set TMINUS)", file=sys.stderr)
        print("0 passed, 1 failed")
        sys.exit(1)
    if POSTGRES:
        print("backend: postgres (a throwaway cluster from tests/pg.py)", file=sys.stderr)
    result = unittest.main(module="__main__", exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    sys.stderr.flush()
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    sys.exit(1 if failed or not result.testsRun else 0)
