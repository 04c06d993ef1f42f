#!/usr/bin/env python3
"""The faults a production service meets (issue 16), with the real binary, a
real SQLite file and real HTTP over loopback:

- a full disk, played by a file-size limit (RLIMIT_FSIZE) just above the
  files there are: a command fails with one line naming the workspace and
  exit 1 (507 in --json), the server answers 507 problem+json and keeps
  serving reads; the database is as it was (dump, integrity_check), and
  writes succeed again as soon as the limit is lifted, without a restart;
- busy: eight HTTP writers for 60 s and command-line writers on the same
  file: no 5xx, no command failing before its busy timeout, the WAL under
  64 MiB, and a command that waits a second says so, once;
- SIGTERM under load: every request the server took is answered whole,
  the process ends within 5 s and leaves no -wal or -shm file (with and
  without serve --notify's thread);
- backup under load: `tminus backup` while four writers run for 30 s gives
  a file that passes integrity_check and holds every write acknowledged
  before the backup started.

SQLite only: these are about SQLite's files and locks.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_faults.py
(TMINUS_FAULTS_BUSY_SECONDS and TMINUS_FAULTS_BACKUP_SECONDS change the two
loads' lengths, 60 and 30 s by default.)
"""
import collections
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import RUN_TIMEOUT, TMINUS, Server, Workspace, fresh_request, hold_write_lock, main, sqlite_only  # noqa: E402

BUSY_SECONDS = float(os.environ.get("TMINUS_FAULTS_BUSY_SECONDS", "60"))
BACKUP_SECONDS = float(os.environ.get("TMINUS_FAULTS_BACKUP_SECONDS", "30"))
BUSY_TIMEOUT = 5.0            # seconds a connection waits for another's lock (src/store/sqlite_internal.h)
WAL_CEILING = 64 << 20        # the most the WAL may hold under load
UNLIMITED = resource.RLIM_INFINITY


def size(path):
    """A file's size, 0 when it is not there."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def fsize_limit(limit):
    """A preexec_fn that sets the child's file-size limit (soft; the hard one stays, so it could rise again)."""
    def set_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return set_limit


class Client:
    """HTTP requests to one server with one token, each on a fresh connection that closes after its answer,
    classified: an answer (status, body) that arrived whole, or why not."""

    def __init__(self, port, token, timeout=30):
        self.port, self.token, self.timeout = port, token, timeout

    def call(self, method, path, body=None, headers=None):
        """("answer", status, body, seconds, response), ("not taken", why) or ("broken", why): see
        harness.fresh_request."""
        return fresh_request(self.port, self.token, method, path, body, headers, self.timeout)

    def launch_or_task(self, lid, label, k, i, every, date, tier):
        """A writer's ith write: every `every`th a new launch on date with tier, the others a task of launch
        lid; (is_launch, name, outcome of call)."""
        if i % every == 0:
            name = f"{label} launch {k}-{i}"
            return True, name, self.call("POST", "/api/v1/launches", {"name": name, "date": date, "tier": tier})
        name = f"{label} task {k}-{i}"
        return False, name, self.call("POST", f"/api/v1/launches/{lid}/tasks", {"title": name})


@sqlite_only("a file-size limit on SQLite's files")
class DiskFull(unittest.TestCase):
    def setUp(self):
        self.w = Workspace()
        self.w.tm("demo")

    def tearDown(self):
        self.w.close()

    def run_limited(self, *args, limit):
        return subprocess.run([TMINUS, "--db", self.w.db, "--today", self.w.today, *args], env=self.w.env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=RUN_TIMEOUT,
                              preexec_fn=fsize_limit(limit))

    def csv(self, name, rows, tag):
        return self.w.write(name, "title,section\n" + "".join(
            f"{tag} task {i}: a title long enough to take some room,Imported\n" for i in range(rows)))

    def full(self, args, limit, json_out=False):
        """args under the limit: exit 1, one line naming the workspace (a 507 problem with --json), nothing
        changed, the database sound."""
        w = self.w
        before = w.dump()
        p = self.run_limited(*args, limit=limit)
        self.assertEqual(p.returncode, 1, (args, p.stdout, p.stderr))
        self.assertEqual(p.stdout, "", args)
        if json_out:
            problem = json.loads(p.stderr)
            self.assertEqual((problem["status"], problem["title"]), (507, "Insufficient Storage"), args)
            line = problem["detail"]
        else:
            self.assertEqual(p.stderr.count("\n"), 1, (args, p.stderr))
            self.assertTrue(p.stderr.startswith("tminus: error: "), (args, p.stderr))
            line = p.stderr
        self.assertIn(f"the disk holding {w.db} is full", line, args)
        self.assertTrue(line.rstrip().endswith(": nothing was changed"), (args, line))
        self.assertEqual(before, w.dump(), f"{args} failed for room but changed the database")
        self.assertEqual(w.integrity(), [], args)

    def test_commands_that_cannot_grow_the_wal_change_nothing_and_work_once_there_is_room(self):
        w = self.w
        brief = w.tm("brief", "dark-mode").stdout
        self.assertIn("_(to fill in)_", brief)
        brief = w.write("brief.md", brief.replace("_(to fill in)_", "A long paragraph about the launch. " * 40, 1))
        holder = sqlite3.connect(w.db)
        try:
            # Another connection keeps the WAL, as a running server's do: each command appends to it
            # instead of starting it over. Grow it past the database, so that a limit just above both
            # files stops every write and nothing else.
            holder.execute("SELECT count(*) FROM launches").fetchall()
            rounds = 0
            while size(w.db + "-wal") <= size(w.db):
                w.tm("import", "csv", self.csv(f"grow{rounds}.csv", 500, f"Grow {rounds}"), "--launch", "dark-mode")
                rounds += 1
            limit = max(size(w.db), size(w.db + "-wal")) + 1
            writes = [("task", "add", "dark-mode", "Written when there is room"),
                      ("launch", "add", "Room launch", "--date", "2027-03-03", "--tier", "1"),
                      ("person", "add", "Zoe Quinn", "--role", "sales"),
                      ("holiday", "add", "2027-01-04", "Room day"),
                      ("brief", "import", "dark-mode", brief),
                      ("import", "csv", self.csv("more.csv", 50, "More"), "--launch", "dark-mode")]
            for args in writes:
                self.full(args, limit)
                self.assertLessEqual(size(w.db + "-wal"), limit)
            self.full(("--json", "task", "add", "dark-mode", "Written when there is room"), limit, json_out=True)
            # The limit lifted: the same commands go through.
            for args in writes:
                p = self.run_limited(*args, limit=UNLIMITED)
                self.assertEqual(p.returncode, 0, (args, p.stderr))
        finally:
            holder.close()
        self.assertEqual(w.query("SELECT count(*) FROM tasks WHERE title = 'Written when there is room'"), [(1,)])
        self.assertEqual(w.query("SELECT count(*) FROM launches WHERE name = 'Room launch'"), [(1,)])
        self.assertEqual(w.integrity(), [])

    def test_a_big_import_past_the_limit_changes_nothing(self):
        # Nothing else open: the command starts the WAL afresh, and a limit just above the database
        # (and the WAL index) stops the import once its WAL outgrows that, mid-transaction.
        w = self.w
        self.assertEqual(size(w.db + "-wal"), 0)
        big = self.csv("big.csv", 6000, "Big")
        limit = max(size(w.db), size(w.db + "-wal"), 32768) + 1
        self.full(("import", "csv", big, "--launch", "dark-mode"), limit)
        p = self.run_limited("import", "csv", big, "--launch", "dark-mode", limit=UNLIMITED)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(w.query("SELECT count(*) FROM tasks WHERE title LIKE 'Big task %'"), [(6000,)])


@sqlite_only("a file-size limit on SQLite's files")
class DiskFullServer(unittest.TestCase):
    def test_the_server_answers_507_keeps_reading_and_writes_again_once_there_is_room(self):
        s = Server()
        try:
            s.user("w", "admin")
            client = Client(s.start().port, s.token("w", "write")["token"])
            lid = s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
            tid = s.query("SELECT id FROM tasks WHERE launch_id = ? AND milestone = 0 LIMIT 1", lid)[0][0]
            reads = ["/api/v1/launches", f"/api/v1/launches/{lid}", f"/api/v1/launches/{lid}/tasks",
                     f"/api/v1/tasks/{tid}", "/api/v1/people"]
            for i in range(3):
                got = client.call("POST", f"/api/v1/launches/{lid}/tasks", {"title": f"Before the limit {i}"})
                self.assertEqual(got[:2], ("answer", 201), got)
            # No file may grow past the largest there is now.
            limit = max(size(s.db), size(s.db + "-wal")) + 1
            hard = resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE)[1]
            resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE, (limit, hard))
            # Writes of each kind until each has been refused: a small one may still fit in what room is
            # left after a big one was refused, but none may change anything when refused.
            kinds = [lambda i: ("POST", "/api/v1/launches", {"name": f"Full {i}", "date": "2027-03-03", "tier": 1}),
                     lambda i: ("POST", f"/api/v1/launches/{lid}/tasks", {"title": f"Full {i}"}),
                     lambda i: ("PATCH", f"/api/v1/tasks/{tid}", {"title": f"Full {i}"}),
                     lambda i: ("POST", "/api/v1/people", {"name": f"Full {i}", "role": "sales"})]
            refused = collections.Counter()
            written = collections.Counter()
            for i in range(300):
                if min(refused[k] for k in range(len(kinds))) >= 2:
                    break
                kind = i % len(kinds) if refused[0] else 0     # big writes until the first refusal
                method, path, body = kinds[kind](i)
                headers = None
                if method == "PATCH":
                    got = client.call("GET", path)
                    self.assertEqual(got[:2], ("answer", 200), got)
                    headers = {"If-Match": got[4].getheader("ETag")}
                before = s.dump()
                got = client.call(method, path, body, headers)
                self.assertEqual(got[0], "answer", got)
                status, data, seconds, r = got[1:]
                if status in (200, 201):
                    written[kind] += 1
                    continue
                refused[kind] += 1
                self.assertEqual(status, 507, data)
                self.assertLess(seconds, BUSY_TIMEOUT, "a refusal for room took as long as a busy timeout")
                self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
                problem = json.loads(data)
                self.assertEqual(problem["status"], 507)
                self.assertIn(f"the disk holding {s.db} is full", problem["detail"])
                self.assertTrue(problem["detail"].endswith(": nothing was changed"), problem)
                self.assertEqual(before, s.dump(), f"{method} {path} was refused for room but changed the database")
                self.assertEqual(s.integrity(), [])
                for read in reads:
                    got = client.call("GET", read)
                    self.assertEqual(got[:2], ("answer", 200), (read, got))
                self.assertLessEqual(size(s.db + "-wal"), limit)
            else:
                self.fail(f"under a limit of {limit} bytes, writes were refused {dict(refused)} times by kind "
                          f"and went through {dict(written)} times")
            self.assertGreater(written[0], 0, "the limit left no room at all: it should stop a write midway")
            # Room again, and the same server writes.
            resource.prlimit(s.proc.pid, resource.RLIMIT_FSIZE, (UNLIMITED, hard))
            got = client.call("POST", "/api/v1/launches", {"name": "Room again", "date": "2027-03-03", "tier": 1})
            self.assertEqual(got[:2], ("answer", 201), got)
            got = client.call("POST", f"/api/v1/launches/{lid}/tasks", {"title": "Room again"})
            self.assertEqual(got[:2], ("answer", 201), got)
            self.assertIsNone(s.proc.poll(), "the server stopped")
            s.stop()
            self.assertEqual(s.query("SELECT count(*) FROM launches WHERE name = 'Room again'"), [(1,)])
            self.assertEqual(s.query("SELECT count(*) FROM launches WHERE name LIKE 'Full %'"), [(written[0],)])
            self.assertEqual(s.query("SELECT count(*) FROM people WHERE name LIKE 'Full %'"), [(written[3],)])
            self.assertEqual(s.integrity(), [])
        finally:
            s.close()


@sqlite_only("SQLite's write lock and WAL")
class Busy(unittest.TestCase):
    def test_a_command_says_once_that_it_waits_and_gives_up_at_its_busy_timeout(self):
        s = Server()
        try:
            s.user("w", "editor")
            client = Client(s.start().port, s.token("w", "write")["token"])
            argv = [TMINUS, "--db", s.db, "--today", s.today, "task", "add", "dark-mode"]
            # Held 1.6 s: the command says so after a second, once, and goes through; the server says nothing.
            with hold_write_lock(s.db):
                start = time.monotonic()
                p = subprocess.Popen(argv + ["Waited for"], env=s.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                answer = []
                t = threading.Thread(target=lambda: answer.append(
                    client.call("POST", "/api/v1/launches/dark-mode/tasks", {"title": "Waited for too"})))
                t.start()
                time.sleep(1.6)
            out, err = p.communicate(timeout=RUN_TIMEOUT)
            t.join()
            self.assertEqual(p.returncode, 0, err)
            self.assertGreaterEqual(time.monotonic() - start, 1.6)
            self.assertEqual(err, f"tminus: waiting for another writer on {s.db}…\n")
            self.assertIn("Waited for", out)
            self.assertEqual(answer[0][:2], ("answer", 201), answer)
            # Held past the busy timeout: the command waits it out, then fails as busy, having said so once.
            with hold_write_lock(s.db):
                start = time.monotonic()
                p = subprocess.run(argv + ["Never"], env=s.env, stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True, timeout=RUN_TIMEOUT)
                took = time.monotonic() - start
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertGreaterEqual(took, BUSY_TIMEOUT)
            self.assertLess(took, BUSY_TIMEOUT + 3)
            lines = p.stderr.splitlines()
            self.assertEqual(lines[0], f"tminus: waiting for another writer on {s.db}…")
            self.assertEqual(len(lines), 2, p.stderr)
            self.assertRegex(lines[1], r"^tminus: error: the database is busy .*: try again$")
            s.stop()
            with open(s.log.name) as f:
                self.assertNotIn("waiting for another writer", f.read())
            self.assertEqual(s.query("SELECT count(*) FROM tasks WHERE title IN ('Waited for', 'Never')"), [(1,)])
        finally:
            s.close()

    def test_eight_http_writers_and_command_line_writers_on_one_file(self):
        s = Server()
        try:
            s.user("w", "editor")
            client = Client(s.start().port, s.token("w", "write")["token"])
            lid = s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
            stop = threading.Event()
            lock = threading.Lock()
            statuses = collections.Counter()       # every HTTP answer's status, and every other outcome
            exits = collections.Counter()          # every command's exit status
            odd = []                               # what no client should meet
            acked_tasks, acked_launches, cli_tasks = set(), set(), set()
            notices = [0]
            wal_max = [0]

            def http_writer(k):
                i = 0
                while not stop.is_set():
                    i += 1
                    is_launch, name, got = client.launch_or_task(lid, "Busy", k, i, 4, "2027-06-09", 4)
                    with lock:
                        if got[0] != "answer":
                            statuses[got[0]] += 1
                            odd.append(got)
                            continue
                        statuses[got[1]] += 1
                        if got[1] != 201:
                            odd.append(got[1:3])
                        elif is_launch:
                            acked_launches.add((json.loads(got[2])["id"], name))
                        else:
                            acked_tasks.add((json.loads(got[2])["id"], name))

            def cli_writer(k):
                i = 0
                while not stop.is_set():
                    i += 1
                    title = f"Command task {k}-{i}"
                    start = time.monotonic()
                    p = subprocess.run([TMINUS, "--db", s.db, "--today", s.today, "task", "add", "dark-mode", title],
                                       env=s.env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                       timeout=RUN_TIMEOUT)
                    took = time.monotonic() - start
                    lines = p.stderr.splitlines()
                    waited = [ln for ln in lines if ln.startswith("tminus: waiting for another writer on ")]
                    with lock:
                        exits[p.returncode] += 1
                        notices[0] += len(waited)
                        if p.returncode == 0:
                            cli_tasks.add(title)
                        # A busy error is fair only once the busy timeout has passed; nothing else is.
                        busy_late = (p.returncode == 1 and took >= BUSY_TIMEOUT and "busy" in p.stderr)
                        if (p.returncode and not busy_late) or len(waited) > 1 or \
                                len(lines) - len(waited) > int(busy_late):
                            odd.append(("command", p.returncode, round(took, 2), p.stderr))

            threads = [threading.Thread(target=http_writer, args=(k,)) for k in range(8)]
            threads += [threading.Thread(target=cli_writer, args=(k,)) for k in range(2)]
            start = time.monotonic()
            for t in threads:
                t.start()
            while time.monotonic() - start < BUSY_SECONDS:
                wal_max[0] = max(wal_max[0], size(s.db + "-wal"))
                time.sleep(0.1)
            stop.set()
            for t in threads:
                t.join(timeout=60)
                self.assertFalse(t.is_alive(), "a writer hangs")
            print(f"\nbusy: {BUSY_SECONDS:.0f} s; HTTP {dict(statuses)}; commands' exits {dict(exits)}, "
                  f"{notices[0]} said they waited; the WAL reached {wal_max[0] / (1 << 20):.1f} MiB", file=sys.stderr)
            self.assertEqual(odd, [], f"{len(odd)} outcomes no writer should meet")
            self.assertEqual(set(statuses), {201}, statuses)
            self.assertGreater(statuses[201], 100 * BUSY_SECONDS / 60)
            self.assertGreater(exits[0], 10 * BUSY_SECONDS / 60, exits)
            self.assertLess(wal_max[0], WAL_CEILING)
            with open(s.log.name) as f:
                self.assertNotIn("waiting for another writer", f.read())
            s.stop()
            self.assertEqual(s.integrity(), [])
            tasks = set(s.query("SELECT id, title FROM tasks WHERE launch_id = ?", lid))
            self.assertEqual(acked_tasks - tasks, set(), "acknowledged tasks are missing")
            self.assertEqual(cli_tasks - {t for _, t in tasks}, set(), "tasks the command line added are missing")
            launches = set(s.query("SELECT id, name FROM launches"))
            self.assertEqual(acked_launches - launches, set(), "acknowledged launches are missing")
        finally:
            s.close()


@sqlite_only("the WAL and WAL-index files a stop must not leave")
class Stop(unittest.TestCase):
    def test_sigterm_under_load_answers_every_request_taken(self):
        s = Server()
        try:
            s.user("w", "editor")
            token = s.token("w", "write")["token"]
            lid = s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
            for extra in ([], ["--notify", "--notify-every", "1"]):
                with self.subTest(serve=" ".join(["serve"] + extra)):
                    s.extra = extra
                    self.stop_under_load(s, Client(s.start().port, token), lid)
        finally:
            s.close()

    def stop_under_load(self, s, client, lid):
        stop = threading.Event()
        lock = threading.Lock()
        outcomes = collections.Counter()
        broken, acked = [], set()

        def run(k):
            i = 0
            while not stop.is_set():
                i += 1
                if i % 2:
                    title = f"Stop {s.starts}-{k}-{i}"
                    got = client.call("POST", f"/api/v1/launches/{lid}/tasks", {"title": title})
                else:
                    got = client.call("GET", f"/api/v1/launches/{lid}/tasks" if i % 4 else "/api/v1/launches")
                with lock:
                    if got[0] == "answer":
                        outcomes[got[1]] += 1
                        if got[1] == 201:
                            acked.add(json.loads(got[2])["id"])
                    else:
                        outcomes[got[0]] += 1
                        if got[0] == "broken":
                            broken.append(got[1])
                if got[0] == "not taken":
                    return    # the server is gone: this client is done

        threads = [threading.Thread(target=run, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        with lock:
            before = sum(outcomes.values())
        start = time.monotonic()
        s.proc.terminate()
        try:
            s.proc.wait(10)
        except subprocess.TimeoutExpired:
            s.kill()
            self.fail("the server did not end within 10 s of SIGTERM")
        took = time.monotonic() - start
        stop.set()
        for t in threads:
            t.join(timeout=30)
            self.assertFalse(t.is_alive(), "a client hangs")
        s.log.close()
        print(f"\nSIGTERM after {before} requests: {dict(outcomes)}; the server ended in {took:.2f} s",
              file=sys.stderr)
        self.assertEqual(broken, [], "requests the server took and did not answer whole")
        self.assertEqual(set(outcomes) - {200, 201, "not taken"}, set(), outcomes)
        self.assertGreater(outcomes[201], 10)
        self.assertEqual(s.proc.returncode, 0)
        self.assertLess(took, 5.0)
        for suffix in ("-wal", "-shm"):
            self.assertFalse(os.path.exists(s.db + suffix), f"the stop left {s.db}{suffix}")
        with open(s.log.name) as f:
            self.assertIn("SIGTERM received", f.read())
        self.assertEqual(s.integrity(), [])
        have = {r[0] for r in s.query("SELECT id FROM tasks WHERE launch_id = ?", lid)}
        self.assertEqual(acked - have, set(), "acknowledged tasks are missing")


@sqlite_only("backup copies the SQLite file")
class Backup(unittest.TestCase):
    def test_backup_under_load_holds_every_write_acknowledged_before_it(self):
        s = Server()
        try:
            s.user("w", "editor")
            client = Client(s.start().port, s.token("w", "write")["token"])
            lid = s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
            stop = threading.Event()
            lock = threading.Lock()
            tasks, launches, odd = [], [], []

            def writer(k):
                i = 0
                while not stop.is_set():
                    i += 1
                    is_launch, name, got = client.launch_or_task(lid, "Backup", k, i, 5, "2027-04-14", 2)
                    with lock:
                        if got[0] != "answer" or got[1] != 201:
                            odd.append(got[:3])
                        else:
                            (launches if is_launch else tasks).append((json.loads(got[2])["id"], name))

            threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
            start = time.monotonic()
            for t in threads:
                t.start()
            copies = []
            # Three backups over the load, the last one of the biggest file.
            for n, at in enumerate((0.3, 0.6, 0.9)):
                while time.monotonic() - start < at * BACKUP_SECONDS:
                    time.sleep(0.05)
                with lock:
                    acked = (list(tasks), list(launches))
                out = os.path.join(s.dir, f"backup-{n}.db")
                began = time.monotonic()
                p = s.tm("backup", out)
                copies.append((out, acked, time.monotonic() - began))
                self.assertIn("backed up", p.stdout)
            while time.monotonic() - start < BACKUP_SECONDS:
                time.sleep(0.05)
            stop.set()
            for t in threads:
                t.join(timeout=60)
                self.assertFalse(t.is_alive(), "a writer hangs")
            self.assertEqual(odd, [], "answers no writer should get")
            for out, (acked_tasks, acked_launches), took in copies:
                con = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
                try:
                    self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)], out)
                    self.assertEqual(con.execute("PRAGMA foreign_key_check").fetchall(), [], out)
                    have_tasks = set(con.execute("SELECT id, title FROM tasks WHERE launch_id = ?", (lid,)).fetchall())
                    have_launches = set(con.execute("SELECT id, name FROM launches").fetchall())
                    # One moment: every launch in the copy is whole.
                    self.assertEqual(con.execute("SELECT count(*) FROM launches l WHERE l.tasks_total != "
                                                 "(SELECT count(*) FROM tasks t WHERE t.launch_id = l.id)").fetchone(),
                                     (0,), out)
                finally:
                    con.close()
                self.assertTrue(acked_tasks and acked_launches, "the writers wrote before the backup")
                self.assertEqual(set(acked_tasks) - have_tasks, set(), f"{out} lacks acknowledged tasks")
                self.assertEqual(set(acked_launches) - have_launches, set(), f"{out} lacks acknowledged launches")
                print(f"\nbackup of {size(out) >> 10} KiB in {took:.2f} s under load: holds the "
                      f"{len(acked_tasks)} tasks and {len(acked_launches)} launches acknowledged before it",
                      file=sys.stderr)
            s.stop()
            self.assertEqual(s.integrity(), [])
        finally:
            s.close()


if __name__ == "__main__":
    main()
