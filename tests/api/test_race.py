#!/usr/bin/env python3
"""Concurrency of `tminus serve`'s writes, over real loopback HTTP: eight
clients PATCH one task with the same ETag and exactly one wins (the rest get
412), twenty rounds; eight clients send one POST /api/v1/launches with the
same Idempotency-Key at once and exactly one launch is created, every answer
being the replay of the first (status, body, Location) or 409 while it is in
flight; the key with another body is refused with 422.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_race.py
"""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, main  # noqa: E402

CLIENTS = 8


class Race(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(extra=["--threads", str(CLIENTS)])
        cls.s.user("racer", "editor")
        cls.token = cls.s.token("racer", "write")["token"]
        cls.port = cls.s.start().port

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def request(self, method, path, body=None, headers=None):
        """(status, headers as a dict of lower-case names, body bytes)."""
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        r, data = self.s.request(method, path, body=body, headers=h, token=self.token, timeout=30)
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def at_once(self, fn):
        """Runs fn(n) in CLIENTS threads released together; their results in client order."""
        results, barrier = [None] * CLIENTS, threading.Barrier(CLIENTS)

        def client(n):
            barrier.wait()
            try:
                results[n] = fn(n)
            except Exception as e:  # noqa: BLE001 - reported as the client's result
                results[n] = e

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for n, r in enumerate(results):
            self.assertNotIsInstance(r, Exception, f"client {n}: {r!r}")
        return results

    def assert_problem(self, status, headers, data, want):
        self.assertEqual(status, want, data)
        self.assertTrue(headers.get("content-type", "").startswith("application/problem+json"), headers)
        self.assertEqual(json.loads(data)["status"], want)

    def test_eight_patches_one_etag_one_wins(self):
        tid = self.s.query("SELECT t.id FROM tasks t JOIN launches l ON l.id = t.launch_id "
                           "WHERE l.slug = 'faster-search' AND t.milestone = 0 ORDER BY t.id LIMIT 1")[0][0]
        for rnd in range(20):
            status, h, data = self.request("GET", f"/api/v1/tasks/{tid}")
            self.assertEqual(status, 200, data)
            etag, version = h["etag"], json.loads(data)["version"]
            self.assertEqual(etag, f'"task-{tid}-v{version}"')
            titles = [f"Race {rnd} client {n}" for n in range(CLIENTS)]

            def patch(n):
                return self.request("PATCH", f"/api/v1/tasks/{tid}", json.dumps({"title": titles[n]}),
                                    {"If-Match": etag})

            answers = self.at_once(patch)
            statuses = [a[0] for a in answers]
            self.assertEqual(sorted(statuses), [200] + [412] * (CLIENTS - 1), f"round {rnd}: {statuses}")
            won = statuses.index(200)
            for n, (status, h, data) in enumerate(answers):
                if status == 412:
                    self.assert_problem(status, h, data, 412)
            _, h, data = answers[won]
            task = json.loads(data)
            self.assertEqual(task["title"], titles[won], f"round {rnd}")
            self.assertEqual(task["version"], version + 1, f"round {rnd}: one change, one version")
            self.assertEqual(h["etag"], f'"task-{tid}-v{version + 1}"')
            status, h2, now = self.request("GET", f"/api/v1/tasks/{tid}")
            self.assertEqual(json.loads(now)["title"], titles[won], f"round {rnd}: a loser's PATCH landed")
            self.assertEqual(h2["etag"], h["etag"])
            self.assertEqual(self.s.query("SELECT title, version FROM tasks WHERE id = ?", tid),
                             [(titles[won], version + 1)], f"round {rnd}")

    def idempotent_post(self, key, body):
        return self.request("POST", "/api/v1/launches", json.dumps(body), {"Idempotency-Key": key})

    def test_same_idempotency_key_eight_at_once_one_launch(self):
        for rnd in range(5):
            name = f"Idempotent launch {rnd}"
            body = {"name": name, "date": f"2027-05-{4 + rnd:02d}", "tier": 2}
            key = f"race-{os.getpid()}-{rnd}"
            answers = self.at_once(lambda n: self.idempotent_post(key, body))
            statuses = [a[0] for a in answers]
            self.assertTrue(set(statuses) <= {201, 409}, f"round {rnd}: {statuses}")
            created = [a for a in answers if a[0] == 201]
            self.assertTrue(created, f"round {rnd}: no client got the 201: {statuses}")
            first_status, first_h, first_body = created[0]
            self.assertTrue(first_h.get("location"), f"round {rnd}: 201 without Location")
            for status, h, data in answers:
                if status == 409:
                    self.assert_problem(status, h, data, 409)
                else:
                    self.assertEqual((status, h.get("location"), data), (first_status, first_h["location"], first_body),
                                     f"round {rnd}: a replay differs from the first answer")
            launch = json.loads(first_body)
            self.assertEqual(launch["name"], name)
            self.assertTrue(launch["tasks"], "a tier 2 launch gets its playbook's tasks")

            # Once it is done, the key replays the first answer; the launch exists once, whole.
            again = self.idempotent_post(key, body)
            self.assertEqual((again[0], again[1].get("location"), again[2]),
                             (first_status, first_h["location"], first_body), f"round {rnd}: the replay differs")
            rows = self.s.query("SELECT id, tasks_total FROM launches WHERE name = ?", name)
            self.assertEqual(len(rows), 1, f"round {rnd}: {len(rows)} launches named '{name}'")
            self.assertEqual(rows[0], (launch["id"], len(launch["tasks"])))
            self.assertEqual(self.s.query("SELECT count(*) FROM tasks WHERE launch_id = ?", launch["id"]),
                             [(len(launch["tasks"]),)])
            status, _, data = self.request("GET", first_h["location"])
            self.assertEqual(status, 200, f"GET {first_h['location']}: {data[:200]}")
            self.assertEqual(json.loads(data)["id"], launch["id"])
            listed = json.loads(self.request("GET", "/api/v1/launches?limit=1000")[2])
            self.assertEqual([l["id"] for l in listed if l["name"] == name], [launch["id"]])

            # The key with another body is refused and creates nothing.
            before = self.s.query("SELECT count(*) FROM launches")
            other = dict(body, name=name + " (other)")
            self.assert_problem(*self.idempotent_post(key, other), 422)
            self.assert_problem(*self.idempotent_post(key, dict(body, tier=3)), 422)
            self.assertEqual(self.s.query("SELECT count(*) FROM launches"), before)
            self.assertEqual(self.s.query("SELECT count(*) FROM launches WHERE name = ?", name + " (other)"), [(0,)])

    def test_idempotency_key_on_task_post(self):
        lid = self.s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
        path = f"/api/v1/launches/{lid}/tasks"
        body = json.dumps({"title": "Idempotent task", "section": "Race", "effort_days": 2})
        key = f"task-{os.getpid()}"
        answers = self.at_once(lambda n: self.request("POST", path, body, {"Idempotency-Key": key}))
        statuses = [a[0] for a in answers]
        self.assertTrue(set(statuses) <= {201, 409} and 201 in statuses, statuses)
        first = next(a for a in answers if a[0] == 201)
        for a in answers:
            if a[0] == 201:
                self.assertEqual((a[1].get("location"), a[2]), (first[1].get("location"), first[2]))
        again = self.request("POST", path, body, {"Idempotency-Key": key})
        self.assertEqual((again[0], again[1].get("location"), again[2]), (201, first[1].get("location"), first[2]))
        self.assertEqual(self.s.query("SELECT count(*) FROM tasks WHERE launch_id = ? AND title = ?", lid,
                                      "Idempotent task"), [(1,)])
        self.assert_problem(*self.request("POST", path, body.replace("Idempotent", "Other"),
                                          {"Idempotency-Key": key}), 422)


if __name__ == "__main__":
    main()
