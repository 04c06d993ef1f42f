"""A throwaway PostgreSQL cluster for the tests: initdb as an unprivileged user in a fresh temporary folder,
listening only on a Unix socket in that folder, stopped and removed at the end — also when a test fails, the
test process is sent SIGTERM, or it is killed outright (a watchdog process removes the cluster when its parent
is gone). No test depends on a server the machine happens to run.

    c = Cluster()                  # initdb + start
    uri = c.database()             # a new empty database: postgresql:///tN?host=DIR&port=PORT&user=tminus
    c.query(uri, "SELECT count(*) FROM launches WHERE slug = ?", "x")   # rows, as tuples
    c.copy(uri)                    # a new database with the same contents
    c.dump(uri)                    # the data as text, stable across runs (see dump())
    c.stop("immediate"); c.start() # an outage and the recovery, same folder and socket
    c.close()                      # stop and remove everything

cluster() is one shared Cluster per process, closed at exit.

As a command, `python3 tests/pg.py run -- CMD…` starts a cluster, runs CMD with TMINUS_TEST_PG set to the
prefix of a database URI (TMINUS_TEST_PG + NAME + TMINUS_TEST_PG_QUERY is a URI; see run()), and always
removes the cluster; its exit status is CMD's. The binaries are the newest /usr/lib/postgresql/*/bin
(TMINUS_PG_BIN names another folder).
"""
import atexit
import concurrent.futures
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

USER = "tminus"  # the cluster's superuser (initdb -U); connections are trusted over the private socket


def bindir():
    """The folder of initdb, pg_ctl, psql and pg_dump: TMINUS_PG_BIN, or the newest installed version's."""
    env = os.environ.get("TMINUS_PG_BIN")
    if env:
        return env

    def version(d):
        m = re.search(r"/postgresql/(\d+)(?:\.(\d+))?/bin$", d)
        return (int(m.group(1)), int(m.group(2) or 0)) if m else (0, 0)

    dirs = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.isfile(os.path.join(d, "initdb"))]
    if not dirs:
        raise RuntimeError("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb "
                           "(apt-get install postgresql, or set TMINUS_PG_BIN)")
    return max(dirs, key=version)


def _free_port():
    """A port number no one listens on over TCP: the socket's name (.s.PGSQL.PORT) in a private folder could be
    anything, but a number that is free everywhere keeps every tool's view of it unambiguous."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def _uri_dbname(uri):
    m = re.match(r"postgres(?:ql)?://[^/]*/([^?]+)", uri)
    if not m:
        raise ValueError(f"not a database URI of this cluster: {uri}")
    return m.group(1)


# The watchdog: a process of its own session that waits for its parent's pipe to close (the parent exited,
# however it did) and then stops the cluster and removes its folder if close() has not.
_WATCHDOG = r"""
import os, shutil, subprocess, sys
pg_ctl, data, top, runas = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.stdin.buffer.read()
if os.path.isdir(data):
    subprocess.run(runas + [pg_ctl, "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=top)
shutil.rmtree(top, ignore_errors=True)
"""


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder (self.dir): the data in DIR/data, the socket
    DIR/.s.PGSQL.PORT, the server's log DIR/log."""

    def __init__(self, bin=None):
        self.bin = bin or bindir()
        self.port = _free_port()
        self.closed = False
        self.counter = 0
        self.lock = threading.Lock()
        self.spare = None  # the next database(), being made in the background (a Future)
        self.maker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-createdb")
        self.dir = tempfile.mkdtemp(prefix="tminus-pg-")
        os.chmod(self.dir, 0o755)  # clients of any user may reach the socket
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "log")
        # As root, the server runs as nobody (PostgreSQL refuses to run as root); otherwise as ourselves.
        self.runas = []
        if os.geteuid() == 0:
            self.runas = ["runuser", "-u", "nobody", "--"]
            shutil.chown(self.dir, "nobody")
        self.watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, self._tool("pg_ctl"), self.data, self.dir, *self.runas],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            self._as_server(["initdb", "-D", self.data, "-A", "trust", "-U", USER, "--locale=C", "-E", "UTF8",
                             "--no-instructions"], what="initdb")
            with open(os.path.join(self.data, "postgresql.auto.conf"), "a") as f:
                # Only the Unix socket in our folder; fsync and synchronous_commit keep their defaults.
                f.write(f"listen_addresses = ''\nunix_socket_directories = '{self.dir}'\nport = {self.port}\n"
                        "max_connections = 200\n")
            self.start()
        except BaseException:
            self.close()
            raise

    # -- the server -----------------------------------------------------------

    def _tool(self, name):
        return os.path.join(self.bin, name)

    def _as_server(self, argv, what, timeout=120):
        p = subprocess.run(self.runas + [self._tool(argv[0]), *argv[1:]], cwd=self.dir, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL, timeout=timeout)
        if p.returncode != 0:
            log = ""
            if os.path.exists(self.logfile):
                with open(self.logfile, errors="replace") as f:
                    log = f.read()[-3000:]
            raise RuntimeError(f"{what} failed ({p.returncode}): {p.stdout[-2000:]}{p.stderr[-2000:]}\n{log}")
        return p

    def start(self):
        """Starts the server on the same data and socket (after stop(): the recovery from an outage)."""
        self._as_server(["pg_ctl", "-D", self.data, "-l", self.logfile, "-w", "-t", "60", "start"], what="pg_ctl start")

    def stop(self, mode="fast"):
        """Stops the server: "fast" (clients disconnected, a clean shutdown) or "immediate" (as if the power went)."""
        if mode not in ("smart", "fast", "immediate"):
            raise ValueError(mode)
        self._as_server(["pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop"], what="pg_ctl stop")

    def running(self):
        p = subprocess.run(self.runas + [self._tool("pg_ctl"), "-D", self.data, "status"], cwd=self.dir,
                           capture_output=True, stdin=subprocess.DEVNULL)
        return p.returncode == 0

    def close(self):
        """Stops the server (immediately: nothing in it is kept) and removes the folder. Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        self.maker.shutdown(wait=False, cancel_futures=True)
        if os.path.isdir(self.data):
            subprocess.run(self.runas + [self._tool("pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "-t", "30",
                                         "stop"], cwd=self.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
        w = getattr(self, "watchdog", None)
        if w:
            try:
                w.stdin.close()
                w.wait(30)
            except (OSError, subprocess.TimeoutExpired):
                pass

    # -- databases ------------------------------------------------------------

    def uri(self, name):
        """The libpq URI of database name on this cluster."""
        return f"postgresql:///{name}?host={self.dir}&port={self.port}&user={USER}"

    def uri_prefix(self):
        """(prefix, query): prefix + NAME + query is the URI of database NAME."""
        return f"postgresql:///", f"?host={self.dir}&port={self.port}&user={USER}"

    def _psql(self, uri, script, variables=(), check=True):
        argv = [self._tool("psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", uri]
        for k, v in variables:
            argv += ["-v", f"{k}={v}"]
        p = subprocess.run(argv, input=script, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PGCONNECT_TIMEOUT="10"))
        if check and p.returncode != 0:
            raise RuntimeError(f"psql: {p.stderr.strip()}\n{script}")
        return p

    def _create(self):
        with self.lock:
            self.counter += 1
            name = f"t{self.counter}"
        self._psql(self.uri("postgres"), f"CREATE DATABASE {_quote_ident(name)};\n")
        return self.uri(name)

    def database(self):
        """A new, empty database; its URI. Making one copies template1 and waits for its WAL to be on disk
        (half a second on a busy machine), so the next one is made in the background while a test runs."""
        with self.lock:
            spare, self.spare = self.spare, None
        uri = None
        if spare:
            try:
                uri = spare.result()
            except Exception:  # made while the server was stopped, say: make it now
                uri = None
        if uri is None:
            uri = self._create()
        with self.lock:
            if not self.closed and self.spare is None:
                try:
                    self.spare = self.maker.submit(self._create)
                except RuntimeError:  # shut down
                    pass
        return uri

    def copy(self, uri):
        """A new database holding what uri's holds (CREATE DATABASE … TEMPLATE: no one may be connected to it);
        its URI."""
        with self.lock:
            self.counter += 1
            name = f"t{self.counter}"
        self._psql(self.uri("postgres"), f"CREATE DATABASE {_quote_ident(name)} "
                                         f"TEMPLATE {_quote_ident(_uri_dbname(uri))};\n")
        return self.uri(name)

    def drop(self, uri):
        """Drops the database of uri (its connections are ended first)."""
        name = _uri_dbname(uri)
        self._psql(self.uri("postgres"), f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE);\n")

    def query(self, uri, sql, *params):
        """The rows of one SQL statement, as tuples of Python values (numbers as int or float, text as str, NULL
        as None, bytea as bytes); [] for a statement that returns no rows. Each ? is a parameter, in order (as
        sqlite3's), sent as a literal that PostgreSQL types by where it stands."""
        variables = []
        parts = sql.split("?")
        if len(parts) - 1 != len(params):
            raise ValueError(f"{len(parts) - 1} placeholders, {len(params)} parameters: {sql}")
        text = parts[0]
        for i, (param, rest) in enumerate(zip(params, parts[1:])):
            if param is None:
                text += "NULL" + rest
                continue
            if isinstance(param, bool):
                param = int(param)
            if isinstance(param, (bytes, bytearray)):
                variables.append((f"p{i}", "\\x" + bytes(param).hex()))
                text += f":'p{i}'::bytea" + rest
                continue
            variables.append((f"p{i}", str(param)))
            text += f":'p{i}'" + rest
        stmt = text.strip().rstrip(";")
        if re.match(r"(?is)^\s*(select|with|values|table)\b", stmt):
            script = f"SELECT row_to_json(q) FROM ({stmt}) AS q;\n"
            p = self._psql(uri, script, variables)
            rows = []
            for line in p.stdout.split("\n"):  # not splitlines(): text may hold U+2028 and the like
                if not line:
                    continue
                pairs = json.loads(line, object_pairs_hook=lambda kv: kv)
                rows.append(tuple(_value(v) for _, v in pairs))
            return rows
        if re.search(r"(?is)\breturning\b", stmt):
            script = f"WITH q AS ({stmt}) SELECT row_to_json(q) FROM q;\n"
            p = self._psql(uri, script, variables)
            return [tuple(_value(v) for _, v in json.loads(line, object_pairs_hook=lambda kv: kv))
                    for line in p.stdout.split("\n") if line]
        self._psql(uri, stmt + ";\n", variables)
        return []

    def dump(self, uri, leave_out=()):
        """The data of the database as text (pg_dump --data-only): the lines that differ between two dumps of
        the same data left out (comments, settings, the \\restrict key, identities' setval), and each table's rows
        sorted, so that the physical order of rows does not matter. The tables named in leave_out lose their
        rows (those that change without a change)."""
        p = subprocess.run([self._tool("pg_dump"), "--data-only", "--no-owner", "--no-privileges", "-d", uri],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise RuntimeError(f"pg_dump: {p.stderr.strip()}")
        out = []
        rows = None     # the rows of the COPY being read
        skip = False    # a left-out table's COPY
        for line in p.stdout.split("\n"):
            if rows is not None:
                if line == "\\.":
                    if not skip:
                        out.extend(sorted(rows))
                    out.append(line)
                    rows = None
                else:
                    rows.append(line)
                continue
            if not line or line.startswith("--") or line.startswith("SET ") or line.startswith("\\restrict") \
                    or line.startswith("\\unrestrict") or line.startswith("SELECT pg_catalog.set_config(") \
                    or line.startswith("SELECT pg_catalog.setval("):
                continue
            m = re.match(r"COPY (?:public\.)?\"?([^\" (]+)\"? \(", line)
            if m:
                rows = []
                skip = m.group(1) in leave_out
            out.append(line)
        return "\n".join(out) + "\n"


def _value(v):
    if isinstance(v, str) and v.startswith("\\x") and re.fullmatch(r"\\x[0-9a-f]*", v):
        return bytes.fromhex(v[2:])
    return v


_shared = None
_shared_lock = threading.Lock()


def _close_shared():
    global _shared
    c, _shared = _shared, None
    if c:
        c.close()


def _on_sigterm(signum, frame):
    _close_shared()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def cluster():
    """The process's one shared Cluster, started on first use; closed at exit, and on SIGTERM."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Cluster()
            atexit.register(_close_shared)
            if threading.current_thread() is threading.main_thread() and \
                    signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, _on_sigterm)
        return _shared


def run(argv):
    """`run -- CMD…`: CMD under a fresh cluster, with TMINUS_TEST_PG (the URI up to the database's name) and
    TMINUS_TEST_PG_QUERY (the rest: ?host=…) set; the cluster's maintenance database is TMINUS_TEST_PG +
    "postgres" + TMINUS_TEST_PG_QUERY. The exit status is CMD's."""
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: pg.py run -- COMMAND [ARG…]", file=sys.stderr)
        return 2
    c = cluster()
    prefix, query = c.uri_prefix()
    env = dict(os.environ, TMINUS_TEST_PG=prefix, TMINUS_TEST_PG_QUERY=query)
    child = subprocess.Popen(argv, env=env)

    def forward(signum, frame):
        child.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        rc = child.wait()
    finally:
        _close_shared()
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "run":
        sys.exit(run(sys.argv[2:]))
    print("usage: pg.py run -- COMMAND [ARG…]", file=sys.stderr)
    sys.exit(2)
