#!/usr/bin/env python3
"""Crash safety of `tminus serve`: four writers create launches, add tasks
and PATCH tasks (If-Match) while the server is SIGKILLed at a random moment,
twenty times over on one workspace. After every kill the database (SQLite's
file, or PostgreSQL's with TMINUS_TEST_BACKEND=postgres) must hold every write the server acknowledged (a 2xx whose status and body
arrived whole), nothing half-written (a launch is there with all its
playbook tasks or not at all), pass integrity and foreign-key checks (SQLite's
PRAGMAs; PostgreSQL enforces both at every commit), and
carry one audit row per acknowledged change (at most one more per write
that was in flight at the kill).

Only the timing is random; what is asserted is decided by what the server
answered.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_crash.py
(TMINUS_CRASH_ROUNDS=N changes the number of rounds, 20 by default.)
"""
import json
import os
import random
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, fresh_request, main  # noqa: E402

ROUNDS = int(os.environ.get("TMINUS_CRASH_ROUNDS", "20"))
WRITERS = 4
TIME_BUDGET = 80.0          # seconds for all rounds; the test stops early rather than run long
OPS = ("launch", "task", "patch", "task", "patch", "patch")


class Ledger:
    """What the clients sent and what the server acknowledged, over all rounds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.launches = {}        # id -> {"name", "tier", "tasks": set of ids from the 201 body}
        self.tasks = {}           # id -> {"launch", "title", "section"}, from 201s of POST tasks
        self.patches = {}         # task id -> list of {"version", "title", "effort_days"} acknowledged
        self.known = {}           # task id -> {"launch", "version", "title", "effort_days"} as first known
        self.inflight = []        # writes sent whose answer did not arrive whole
        self.answered_names = set()   # launch names whose POST got a complete non-2xx answer
        self.unexpected = []      # complete answers no writer should get
        self.counts = {"launch": 0, "task": 0, "patch": 0, "stale": 0}
        self.landed = set()       # launch names in flight at a kill that turned out to be committed

    def acked_changes(self):
        return len(self.launches) + len(self.tasks) + sum(len(p) for p in self.patches.values())


class InFlight(Exception):
    """The request reached the server but its answer did not come back whole."""


class Unreachable(Exception):
    """Nothing was sent: the server is gone."""


class Crash(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.db = cls.s.db
        cls.s.user("writer", "editor", password="crash safe passphrase")
        cls.token = cls.s.js("token", "create", "--user", "writer", "--name", "crash", "--scope", "write")["token"]
        # What the playbook gives each tier, from the command line on a copy (the API must agree).
        ref = cls.s.copy_db("ref.db")
        cls.cli_tier_tasks = {}
        for tier in (2, 3):
            made = cls.s.js("launch", "add", f"Ref {tier}", "--date", "2027-04-14", "--tier", str(tier), db=ref)
            cls.cli_tier_tasks[tier] = len(made["tasks"])

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    # ---- the server ----

    def start_server(self, rnd):
        """A server on the file the last kill left (server-N.log holds its stderr); its port."""
        try:
            return self.s.start().port
        except AssertionError as e:
            self.fail(f"round {rnd}: the server did not start on the file the last kill left:\n{e}")

    # ---- one request, classified ----

    def call(self, port, method, path, body=None, headers=None):
        """(status, headers, body) of a complete answer; InFlight when the request may have reached the
        server but the answer did not arrive whole; Unreachable when nothing could be sent."""
        got = fresh_request(port, self.token, method, path, body, headers, timeout=15)
        if got[0] == "not taken":
            raise Unreachable(got[1])
        if got[0] == "broken":
            raise InFlight(got[1])
        return got[1], got[4], got[2]

    # ---- a writer ----

    def writer(self, rnd, w, port, stop, ledger):
        rng = random.Random(rnd * 100 + w)   # which task or launch to pick; not what is asserted
        i = 0
        while not stop.is_set():
            op = OPS[(i + w) % len(OPS)]
            i += 1
            try:
                if op == "launch":
                    self.post_launch(rnd, w, i, port, ledger)
                elif op == "task":
                    self.post_task(rnd, w, i, port, ledger, rng)
                else:
                    self.patch_task(rnd, w, i, port, ledger, rng)
            except (InFlight, Unreachable):
                return

    def post_launch(self, rnd, w, i, port, ledger):
        tier = 2 if i % 2 else 3
        name = f"Crash r{rnd} w{w} n{i}"
        body = {"name": name, "date": f"2027-{1 + (i + w) % 12:02d}-{10 + rnd % 15:02d}", "tier": tier}
        try:
            status, r, data = self.call(port, "POST", "/api/v1/launches", body)
        except InFlight as e:
            with ledger.lock:
                ledger.inflight.append({"kind": "launch", "name": name, "tier": tier, "why": str(e)})
            raise
        with ledger.lock:
            if status != 201:
                ledger.answered_names.add(name)
                ledger.unexpected.append(("POST /api/v1/launches", body, status, data[:300]))
                return
            try:
                got = json.loads(data)
                lid, tasks = got["id"], got["tasks"]
            except (ValueError, KeyError, TypeError) as e:
                ledger.unexpected.append(("POST /api/v1/launches: 201 without the launch and its tasks", body,
                                          status, data[:300]))
                return
            ledger.counts["launch"] += 1
            ledger.launches[lid] = {"name": name, "tier": tier, "tasks": {t["id"] for t in tasks}}
            for t in (t for t in tasks if not t["milestone"]):   # milestones take no effort: not PATCHed
                ledger.known.setdefault(t["id"], {"launch": lid, "version": t["version"], "title": t["title"],
                                                  "effort_days": t["effort_days"]})

    def post_task(self, rnd, w, i, port, ledger, rng):
        with ledger.lock:
            targets = sorted(ledger.launches) or [self.demo_launch]
        lid = rng.choice(targets)
        title = f"Crash task r{rnd} w{w} n{i}"
        body = {"title": title, "section": "Crash tests", "effort_days": 1 + i % 3}
        try:
            status, r, data = self.call(port, "POST", f"/api/v1/launches/{lid}/tasks", body)
        except InFlight as e:
            with ledger.lock:
                ledger.inflight.append({"kind": "task", "launch": lid, "title": title, "why": str(e)})
            raise
        with ledger.lock:
            if status != 201:
                ledger.unexpected.append((f"POST /api/v1/launches/{lid}/tasks", body, status, data[:300]))
                return
            try:
                t = json.loads(data)
                tid = t["id"]
            except (ValueError, KeyError, TypeError):
                ledger.unexpected.append(("POST tasks: 201 without the task", body, status, data[:300]))
                return
            ledger.counts["task"] += 1
            ledger.tasks[tid] = {"launch": lid, "title": title, "section": "Crash tests"}
            ledger.known.setdefault(tid, {"launch": lid, "version": t.get("version", 1), "title": title,
                                          "effort_days": body["effort_days"]})

    def patch_task(self, rnd, w, i, port, ledger, rng):
        with ledger.lock:
            tid = rng.choice(sorted(ledger.known))
        status, r, data = self.call(port, "GET", f"/api/v1/tasks/{tid}")  # a read: InFlight here is harmless
        if status != 200:
            with ledger.lock:
                ledger.unexpected.append((f"GET /api/v1/tasks/{tid}", None, status, data[:300]))
            return
        etag = r.getheader("ETag")
        body = {"title": f"Patched r{rnd} w{w} n{i}", "effort_days": 1 + (i + w) % 7}
        try:
            status, r, data = self.call(port, "PATCH", f"/api/v1/tasks/{tid}", body, {"If-Match": etag})
        except InFlight as e:
            with ledger.lock:
                ledger.inflight.append({"kind": "patch", "task": tid, "title": body["title"],
                                        "effort_days": body["effort_days"], "why": str(e)})
            raise
        with ledger.lock:
            if status == 412:            # another writer got there first: not a change
                ledger.counts["stale"] += 1
                return
            if status != 200:
                ledger.unexpected.append((f"PATCH /api/v1/tasks/{tid}", body, status, data[:300]))
                return
            got = json.loads(data)
            ledger.counts["patch"] += 1
            ledger.patches.setdefault(tid, []).append({"version": got["version"], "title": body["title"],
                                                       "effort_days": body["effort_days"]})

    # ---- the checks after a kill ----

    def check_file(self, rnd, ledger, audit_base):
        where = f"after the kill of round {rnd}"
        q = self.s.query
        self.assertEqual(self.s.integrity(), [], where)
        launches = {row[0]: row[1:] for row in q("SELECT id, name, tier, tasks_total FROM launches")}
        tasks = {row[0]: row[1:] for row in q(
            "SELECT id, launch_id, title, section, effort_days, version FROM tasks")}
        by_launch = {}
        for tid, (lid, *_rest) in tasks.items():
            by_launch.setdefault(lid, set()).add(tid)
        for lid, (name, tier, total) in launches.items():
            self.assertEqual(total, len(by_launch.get(lid, ())),
                             f"{where}: launch #{lid} counts {total} tasks but has {len(by_launch.get(lid, ()))}")
        names = {}
        for lid, (name, _, _) in launches.items():
            names.setdefault(name, []).append(lid)

        # The playbook's task count per tier: what acknowledged launches of that tier got, else the CLI's.
        tier_tasks = {}
        for lid, l in ledger.launches.items():
            tier_tasks.setdefault(l["tier"], set()).add(len(l["tasks"]))
        for tier, counts in tier_tasks.items():
            self.assertEqual(len(counts), 1, f"tier {tier} launches got different task counts: {counts}")
        expect_tier = {t: (tier_tasks[t].copy().pop() if t in tier_tasks else n)
                       for t, n in self.cli_tier_tasks.items()}

        inflight_tasks = {}
        for f in ledger.inflight:
            if f["kind"] == "task":
                inflight_tasks.setdefault(f["launch"], []).append(f["title"])

        # Every acknowledged launch, whole, with every task added to it.
        for lid, l in ledger.launches.items():
            self.assertIn(lid, launches, f"{where}: acknowledged launch #{lid} '{l['name']}' is gone")
            self.assertEqual(launches[lid][:2], (l["name"], l["tier"]), f"{where}: launch #{lid}")
            self.assertEqual(names[l["name"]], [lid], f"{where}: '{l['name']}' is there more than once")
            have = by_launch.get(lid, set())
            missing = l["tasks"] - have
            self.assertFalse(missing, f"{where}: launch #{lid} lost tasks {sorted(missing)} of its 201")
        for lid in set(by_launch) & (set(ledger.launches) | {self.demo_launch}):
            want = (ledger.launches[lid]["tasks"] if lid in ledger.launches else self.demo_tasks)
            added = {tid for tid, t in ledger.tasks.items() if t["launch"] == lid}
            extra = by_launch[lid] - want - added
            maybe = inflight_tasks.get(lid, [])
            self.assertLessEqual(len(extra), len(maybe),
                                 f"{where}: launch #{lid} has tasks nobody added: {sorted(extra)}")
            for tid in extra:
                self.assertIn(tasks[tid][1], maybe, f"{where}: task #{tid} of launch #{lid} came from nowhere")

        # Launches that were never acknowledged: only ones in flight at a kill, and then whole.
        inflight_names = {f["name"]: f["tier"] for f in ledger.inflight if f["kind"] == "launch"}
        acked_ids = set(ledger.launches)
        for lid, (name, tier, _) in launches.items():
            if not name.startswith("Crash r") or lid in acked_ids:
                continue
            self.assertNotIn(name, ledger.answered_names,
                             f"{where}: launch '{name}' was refused with an error but is in the file")
            self.assertIn(name, inflight_names, f"{where}: launch #{lid} '{name}' came from nowhere")
            ledger.landed.add(name)
            self.assertEqual(names[name], [lid], f"{where}: '{name}' is there more than once")
            self.assertEqual(tier, inflight_names[name], f"{where}: launch #{lid}")
            self.assertEqual(len(by_launch.get(lid, ())), expect_tier[tier],
                             f"{where}: launch #{lid} '{name}' (tier {tier}, in flight at a kill) is half there: "
                             f"{len(by_launch.get(lid, ()))} tasks, its playbook gives {expect_tier[tier]}")

        # Every acknowledged task, in its launch.
        for tid, t in ledger.tasks.items():
            self.assertIn(tid, tasks, f"{where}: acknowledged task #{tid} '{t['title']}' is gone")
            self.assertEqual(tasks[tid][0], t["launch"], f"{where}: task #{tid} moved")
            self.assertEqual(tasks[tid][2], t["section"], f"{where}: task #{tid}")

        # Every task's title and effort: its last acknowledged PATCH (or how it was made), unless a
        # PATCH in flight at a kill landed after it.
        inflight_patches = {}
        for f in ledger.inflight:
            if f["kind"] == "patch":
                inflight_patches.setdefault(f["task"], []).append((f["title"], f["effort_days"]))
        for tid, k in ledger.known.items():
            self.assertIn(tid, tasks, f"{where}: task #{tid} '{k['title']}' is gone")
            _, title, _, effort, version = tasks[tid]
            acked = sorted(ledger.patches.get(tid, []), key=lambda p: p["version"])
            versions = [p["version"] for p in acked]
            self.assertEqual(len(versions), len(set(versions)),
                             f"{where}: two acknowledged PATCHes of task #{tid} got one version: {versions}")
            last = acked[-1] if acked else k
            if version == last["version"]:
                self.assertEqual((title, effort), (last["title"], last["effort_days"]),
                                 f"{where}: task #{tid} at version {version}")
            else:
                self.assertGreater(version, last["version"],
                                   f"{where}: task #{tid} went back from version {last['version']} to {version}")
                maybe = inflight_patches.get(tid, [])
                self.assertLessEqual(version - last["version"], len(maybe),
                                     f"{where}: task #{tid} is at version {version}, its last acknowledged "
                                     f"PATCH made {last['version']}, and nothing else was in flight")
                self.assertIn((title, effort), maybe, f"{where}: task #{tid} holds a value nobody sent")

        # The audit log: one row per acknowledged change, at most one more per write in flight.
        rows = q("SELECT id, who, action, target, before, after FROM audit WHERE id > ? ORDER BY id", audit_base)
        acked, inflight = ledger.acked_changes(), len(ledger.inflight)
        self.assertGreaterEqual(len(rows), acked, f"{where}: {len(rows)} audit rows for {acked} acknowledged "
                                                  f"changes")
        self.assertLessEqual(len(rows), acked + inflight,
                             f"{where}: {len(rows)} audit rows for {acked} acknowledged changes and {inflight} "
                             f"in flight")
        for row in rows:
            self.assertEqual(row[1], "writer", f"{where}: audit row {row[:4]} names the wrong user")
        audited = {}
        for _, _, action, target, _, after in rows:
            audited.setdefault(target, []).append((action, after))
        for lid in ledger.launches:
            self.assertTrue(any(a.startswith("launch.") for a, _ in audited.get(f"launch {lid}", [])),
                            f"{where}: no audit row for acknowledged launch #{lid}")
        for tid in ledger.tasks:
            self.assertTrue(any(a.startswith("task.") for a, _ in audited.get(f"task {tid}", [])),
                            f"{where}: no audit row for acknowledged task #{tid}")
        for tid, ps in ledger.patches.items():
            seen = set()
            for action, after in audited.get(f"task {tid}", []):
                try:
                    seen.add(json.loads(after)["version"])
                except (TypeError, ValueError, KeyError):
                    pass
            for p in ps:
                self.assertIn(p["version"], seen,
                              f"{where}: no audit row shows task #{tid} at the version {p['version']} "
                              f"its acknowledged PATCH made")

    def test_sigkill_loses_nothing_acknowledged(self):
        q = self.s.query
        audit_base = q("SELECT coalesce(max(id), 0) FROM audit")[0][0]  # fails when there is no audit table
        demo = q("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
        type(self).demo_launch = demo
        ledger = Ledger()
        for tid, lid, title, effort, version in q(
                "SELECT id, launch_id, title, effort_days, version FROM tasks WHERE milestone = 0"):
            ledger.known[tid] = {"launch": lid, "version": version, "title": title, "effort_days": effort}
        type(self).demo_tasks = {r[0] for r in q("SELECT id FROM tasks WHERE launch_id = ?", demo)}

        started = time.monotonic()
        rounds = 0
        for rnd in range(ROUNDS):
            if rounds >= 1 and time.monotonic() - started > TIME_BUDGET:
                break
            port = self.start_server(rnd)
            stop = threading.Event()
            threads = [threading.Thread(target=self.writer, args=(rnd, w, port, stop, ledger), daemon=True)
                       for w in range(WRITERS)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.2, 1.5))
            self.s.kill()
            stop.set()
            for t in threads:
                t.join(timeout=30)
                self.assertFalse(t.is_alive(), "a writer hangs after the kill")
            rounds += 1
            self.assertFalse(ledger.unexpected, f"round {rnd}: answers no writer should get "
                                                f"(first 5 of {len(ledger.unexpected)}): {ledger.unexpected[:5]}")
            self.check_file(rnd, ledger, audit_base)
        print(f"\n{rounds} rounds; acknowledged {ledger.counts['launch']} launches, {ledger.counts['task']} tasks, "
              f"{ledger.counts['patch']} PATCHes ({ledger.counts['stale']} lost an If-Match race); "
              f"{len(ledger.inflight)} writes in flight at a kill, of which {len(ledger.landed)} launches landed whole",
              file=sys.stderr)
        self.assertGreaterEqual(rounds, min(ROUNDS, 20), "too few rounds ran in the time budget")
        for kind in ("launch", "task", "patch"):
            self.assertGreater(ledger.counts[kind], 0, f"no {kind} write was ever acknowledged")


if __name__ == "__main__":
    main()
