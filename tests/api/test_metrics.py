#!/usr/bin/env python3
"""Issue 13 over the HTTP API, against a real `tminus serve` on loopback: a launch's success metrics
(create, read, change and remove with ETag and If-Match), their observations (one, an array, or
{"observations": […]}, all or nothing, a bad one named by its JSON pointer in the body), the CSV import
(BOM and CRLF read, a bad line named with its number), metric status across the workspace, the leadership
dashboard, the stakeholder update and the post-launch reviews; viewers read and editors write;
Idempotency-Key replays; the read cache never answers a metric read made stale by a write; and after
every refusal the database is exactly as it was. The bodies match the OpenAPI document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_metrics.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, TODAY, main  # noqa: E402

PAST = "2026-10-01"      # launch day of the launched launches (TODAY is 2026-11-22)
FUTURE = "2027-03-16"    # of the ones still planned
ACTIVATION = {"name": "Activation rate", "kind": "activation", "unit": "%", "direction": "up", "baseline": 40,
              "baseline_on": "2026-09-15", "target": "+5pt", "window": 90, "owner": "Ana Silva",
              "source": "Amplitude: activation funnel"}


class Api(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    n = 0

    def new_launch(self, date=PAST, tier=2):
        """A launch of this test's own (the server's workspace is shared by the class)."""
        Api.n += 1
        name = f"Outcome {Api.n}"
        self.s.tm("launch", "add", name, "--date", date, "--tier", str(tier), "--pm", "Ana Silva",
                  "--marketing", "Ben Okafor")
        return name.lower().replace(" ", "-")

    def new_metric(self, slug, **fields):
        body = dict(ACTIVATION, **fields)
        r, m = self.ok("POST", f"/api/v1/launches/{slug}/metrics", body, status=201)
        return m, r.getheader("ETag")

    def audit(self, action):
        return self.s.query("SELECT target, after FROM audit WHERE action = ? ORDER BY id", action)

    def observations(self, metric_id):
        return self.s.query("SELECT value FROM metric_observations WHERE metric_id = ? ORDER BY id", metric_id)


class Metrics(Api):
    def test_create_read_change_remove_with_etags(self):
        slug = self.new_launch()
        r, m = self.ok("POST", f"/api/v1/launches/{slug}/metrics", ACTIVATION, status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/metrics/{m['id']}")
        self.assertEqual(r.getheader("ETag"), f'"metric-{m["id"]}-v1"')
        self.assertEqual((m["launch"], m["name"], m["unit"], m["target"], m["target_value"], m["window"], m["owner"],
                          m["status"], m["observations"]),
                         (slug, "Activation rate", "%", "+5pt", 45, 90, "Ana Silva", "no-data", 0))
        self.assertEqual(m["window_end"], "2026-12-30")
        path = f"/api/v1/metrics/{m['id']}"
        r, got = self.ok("GET", path, token="viewer")
        self.assertEqual(got, m)
        self.assertEqual(r.getheader("ETag"), f'"metric-{m["id"]}-v1"')
        _, listed = self.ok("GET", f"/api/v1/launches/{slug}/metrics", token="viewer")
        self.assertEqual(listed, [m])

        # A change needs the ETag: none is 428, an old one 412, and neither changes anything.
        self.problem("PATCH", path, {"window": 60}, 428, "If-Match")
        r, changed = self.ok("PATCH", path, {"window": 60, "target": "48%", "name": "Activation"},
                             headers={"If-Match": f'"metric-{m["id"]}-v1"'})
        self.assertEqual((changed["window"], changed["target"], changed["target_value"], changed["name"],
                          changed["version"]), (60, "48%", 48, "Activation", 2))
        self.assertEqual(r.getheader("ETag"), f'"metric-{m["id"]}-v2"')
        self.problem("PATCH", path, {"window": 30}, 412, "changed", headers={"If-Match": f'"metric-{m["id"]}-v1"'})
        self.problem("DELETE", path, None, 428, "If-Match")
        self.problem("DELETE", path, None, 412, "changed", headers={"If-Match": f'"metric-{m["id"]}-v1"'})
        # Removed with its observations.
        self.ok("POST", f"{path}/observations", {"value": 41, "on": "2026-10-10"}, status=201)
        r, _ = self.ok("DELETE", path, headers={"If-Match": f'"metric-{m["id"]}-v2"'}, status=204)
        self.problem("GET", path, None, 404, "unknown metric")
        self.assertEqual(self.observations(m["id"]), [])
        self.assertEqual(self.s.query("SELECT COUNT(*) FROM metrics WHERE id = ?", m["id"]), [(0,)])
        actions = [a for (a,) in self.s.query("SELECT action FROM audit WHERE target LIKE ? ORDER BY id",
                                               f"%metric {m['id']}%")]
        self.assertEqual(actions, ["metric.add", "metric.update", "metric.record", "metric.rm"])

    def test_bad_metrics_are_refused_naming_the_member(self):
        slug = self.new_launch()
        url = f"/api/v1/launches/{slug}/metrics"
        cases = [
            ({"window": 0}, "/window"),
            ({"window": 3661}, "/window"),
            ({"unit": "count", "baseline": 100, "target": "+20%"}, "/target"),   # a percentage on a count
            ({"unit": "count", "baseline": 100, "target": "+5pt"}, "/target"),
            ({"target": 30}, "/target"),                                         # worse than the baseline
            ({"direction": "down", "target": "+5pt"}, "/target"),
            ({"unit": "currency"}, "/unit"),
            ({"kind": "vanity"}, "/kind"),
            ({"baseline": "NaN"}, "/baseline"),
            ({"baseline": "inf"}, "/baseline"),
            ({"baseline": "1e400"}, "/baseline"),
            ({"baseline": "12abc"}, "/baseline"),
            ({"baseline": 1e16}, "/baseline"),
            ({"baseline_on": "2026-12-01"}, "/baseline_on"),                     # after today
            ({"owner": "Nobody Here"}, "/owner"),
            ({"status": "met"}, "/status"),                                      # read-only
            ({"colour": "red"}, "/colour"),
        ]
        with self.unchanged():
            for fields, pointer in cases:
                with self.subTest(fields):
                    self.problem("POST", url, dict(ACTIVATION, **fields), 400, parameter=pointer, check=False)
            body = dict(ACTIVATION)
            del body["window"]
            self.problem("POST", url, body, 400, parameter="/window", check=False)
        # A number too large for a double, written as a JSON number, names its member too.
        text = json.dumps(dict(ACTIVATION, baseline=0)).replace('"baseline": 0', '"baseline": 1e400')
        p = self.problem("POST", url, text, 400, "1e400", headers={"Content-Type": "application/json"},
                         parameter="/baseline")
        self.assertIn("out of range", p["detail"])
        # The name is the launch's own: a second one is a conflict.
        self.new_metric(slug)
        self.problem("POST", url, ACTIVATION, 409, "already")
        self.problem("POST", url, "name=x", 415, headers={"Content-Type": "application/x-www-form-urlencoded"})

    def test_unknown_metrics_and_launches_are_404(self):
        with self.unchanged():
            self.unknown_are_404()

    def unknown_are_404(self):
        for method, path in [("GET", "/api/v1/metrics/99999"), ("GET", "/api/v1/metrics/abc"),
                             ("GET", "/api/v1/metrics/99999/observations"),
                             ("PATCH", "/api/v1/metrics/99999"), ("DELETE", "/api/v1/metrics/99999"),
                             ("POST", "/api/v1/metrics/99999/observations"),
                             ("GET", "/api/v1/launches/no-such-launch/metrics"),
                             ("POST", "/api/v1/launches/no-such-launch/metrics"),
                             ("POST", "/api/v1/launches/no-such-launch/observations"),
                             ("GET", "/api/v1/launches/no-such-launch/reviews/day-1")]:
            with self.subTest(f"{method} {path}"):
                body = {"value": 1} if path.endswith("observations") else ACTIVATION if method == "POST" else None
                headers = {"If-Match": '"metric-99999-v1"'} if method in ("PATCH", "DELETE") else None
                if path.endswith("/launches/no-such-launch/observations"):
                    body, headers = "date,metric,value\n", {"Content-Type": "text/csv"}
                self.problem(method, path, body if method != "PATCH" else {"window": 5}, 404, headers=headers,
                             check=False)

    def test_roles_viewers_read_editors_write(self):
        slug = self.new_launch()
        m, etag = self.new_metric(slug)
        path = f"/api/v1/metrics/{m['id']}"
        with self.unchanged():
            for p in [path, f"{path}/observations", f"/api/v1/launches/{slug}/metrics", "/api/v1/metrics",
                      "/api/v1/dashboard", "/api/v1/stakeholder-update", f"/api/v1/launches/{slug}/reviews/week-1"]:
                with self.subTest(p):
                    self.ok("GET", p, token="viewer")
                    self.problem("GET", p, None, 401, token=None, check=False)
        writes = [("POST", f"/api/v1/launches/{slug}/metrics", dict(ACTIVATION, name="Churn"), None),
                  ("PATCH", path, {"window": 30}, {"If-Match": etag}),
                  ("DELETE", path, None, {"If-Match": etag}),
                  ("POST", f"{path}/observations", {"value": 41}, None),
                  ("POST", f"/api/v1/launches/{slug}/observations", "date,metric,value\n2026-10-05,Activation rate,41\n",
                   {"Content-Type": "text/csv"}),
                  ("POST", f"/api/v1/launches/{slug}/reviews/day-1", {"notes": "fine"}, None)]
        with self.unchanged():
            for method, p, body, headers in writes:
                for token in ("viewer", "editor_read"):
                    with self.subTest(f"{method} {p} as {token}"):
                        self.problem(method, p, body, 403, token=token, headers=headers, check=False)


class Observations(Api):
    def test_one_many_or_a_list_recorded_and_judged(self):
        slug = self.new_launch()
        m, etag = self.new_metric(slug)
        url = f"/api/v1/metrics/{m['id']}/observations"
        r, one = self.ok("POST", url, {"value": 41, "on": "2026-10-08", "note": "week 1"}, status=201)
        self.assertEqual(r.getheader("Location"), url)
        self.assertEqual(r.getheader("ETag"), etag)  # observations leave the metric's version as it is
        self.assertEqual([(o["on"], o["value"], o["note"], o["by"]) for o in one["observations"]],
                         [("2026-10-08", 41, "week 1", "ana")])
        self.assertEqual((one["metric"]["observations"], one["metric"]["observed"]), (1, 41))
        _, many = self.ok("POST", url, [{"value": "41.5", "on": "2026-10-15"}, {"value": 42}], status=201)
        self.assertEqual([(o["on"], o["value"]) for o in many["observations"]], [("2026-10-15", 41.5), (TODAY, 42)])
        # On 2026-11-22, 52 days into a 90-day window, the path from 40 to 45 expects 42.89: 42 is behind.
        self.assertEqual(many["metric"]["status"], "behind")
        self.assertAlmostEqual(many["metric"]["expected"], 40 + 5 * 52 / 90, places=9)
        _, listed = self.ok("POST", url, {"observations": [{"value": 44, "on": "2026-11-20"}, {"value": 43.5}]},
                            status=201)
        self.assertEqual(len(listed["observations"]), 2)
        # Several on one day: the last recorded is the latest (43.5 today, after 42 today): on track now.
        self.assertEqual((listed["metric"]["observed"], listed["metric"]["status"]), (43.5, "on-track"))
        _, all_ = self.ok("GET", url, token="viewer")
        self.assertEqual([o["value"] for o in all_], [41, 41.5, 44, 42, 43.5])  # oldest first, by day
        rows = [json.loads(a) for t, a in self.audit("metric.record") if t == f"metric {m['id']}"]
        self.assertEqual([len(a) for a in rows], [1, 2, 2], "one audit row per request, after = its observations")
        # Reaching the target within the window: met, and it stays met.
        _, met = self.ok("POST", url, {"value": 45.5, "on": "2026-11-21"}, status=201)
        self.assertEqual(met["metric"]["status"], "met")
        _, after = self.ok("POST", url, {"value": 30}, status=201)
        self.assertEqual(after["metric"]["status"], "met")

    def test_a_bad_observation_refuses_the_whole_request_naming_its_pointer(self):
        slug = self.new_launch()
        m, _ = self.new_metric(slug)
        url = f"/api/v1/metrics/{m['id']}/observations"
        good = [{"value": 41, "on": "2026-10-05"}, {"value": 41.2, "on": "2026-10-06"}, {"value": 41.4}]
        cases = [
            ({"observations": good + [{"value": "abc"}]}, "/observations/3/value", "not a number"),
            ({"observations": good + [{"value": "NaN"}]}, "/observations/3/value", "NaN"),
            ({"observations": good + [{"value": "inf"}]}, "/observations/3/value", "inf"),
            ({"observations": good + [{"value": "1e400"}]}, "/observations/3/value", "out of range"),
            ({"observations": good + [{"value": ""}]}, "/observations/3/value", "value"),
            ({"observations": good + [{"value": True}]}, "/observations/3/value", "/observations/3/value"),
            ({"observations": good + [{"value": 1e16}]}, "/observations/3/value", "/observations/3/value"),
            ({"observations": good + [{"on": "2026-10-07"}]}, "/observations/3/value", "/observations/3/value"),
            ({"observations": good + [{"value": 1, "when": "x"}]}, "/observations/3/when", "unknown"),
            ({"observations": good + [{"value": 1, "on": "2026-13-01"}]}, "/observations/3/on", "no month 13"),
            ({"observations": good + [{"value": 1, "on": "2026-11-23"}]}, "/observations/3/on", "in the future"),
            ({"observations": good + [{"value": 1, "id": 7}]}, "/observations/3/id", "read-only"),
            ({"observations": good + [12]}, "/observations/3", "must be an observation"),
            (good + [{"value": 1, "on": "2027-01-01"}], "/3/on", "in the future"),
            (good[:1] + [{"value": "12abc"}], "/1/value", "not a number"),
            ({"value": 1, "on": "2026-11-23"}, "/on", "in the future"),
            ({"value": "1e400"}, "/value", "out of range"),
            ({"observations": []}, "/observations", "no observations"),
            ([], "/", "no observations"),
            ({"observations": good, "metric": 3}, "/metric", "unknown"),
            ({"observations": {"value": 1}}, "/observations", "array"),
        ]
        with self.unchanged():
            for body, pointer, words in cases:
                with self.subTest(body=body):
                    self.problem("POST", url, body, 400, words, parameter=pointer, check=False)
            # Numbers too large for a double, as JSON numbers: named by their pointer all the same.
            for text, pointer in [('{"observations": [{"value": 41}, {"value": 1e400}]}', "/observations/1/value"),
                                  ('[{"value": -1E+999, "on": "2026-10-05"}]', "/0/value"),
                                  ('{"value": 123456789012345678901234567890}', "/value")]:
                with self.subTest(text):
                    self.problem("POST", url, text, 400, headers={"Content-Type": "application/json"},
                                 parameter=pointer, check=False)
        self.problem("POST", url, '{"value": NaN}', 400, "malformed JSON", headers={"Content-Type": "application/json"})
        self.problem("POST", url, "value=1", 415, headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.problem("POST", url, [{"value": 1}] * 1001, 400, "at most 1000", parameter="/")
        self.assertEqual(self.observations(m["id"]), [])
        self.ok("POST", url, {"observations": good}, status=201)
        self.assertEqual(self.observations(m["id"]), [(41,), (41.2,), (41.4,)])

    def test_if_match_when_sent_must_be_current(self):
        slug = self.new_launch()
        m, etag = self.new_metric(slug)
        url = f"/api/v1/metrics/{m['id']}/observations"
        self.problem("POST", url, {"value": 41}, 412, headers={"If-Match": f'"metric-{m["id"]}-v9"'})
        self.ok("POST", url, {"value": 41}, headers={"If-Match": etag}, status=201)

    def test_an_idempotency_key_replays_the_first_answer(self):
        slug = self.new_launch()
        url = f"/api/v1/launches/{slug}/metrics"
        key = {"Idempotency-Key": f"metric-{slug}"}
        r1, first = self.ok("POST", url, ACTIVATION, headers=key, status=201)
        r2, again = self.ok("POST", url, ACTIVATION, headers=key, status=201)
        self.assertEqual(again, first)
        self.assertEqual(r2.getheader("Location"), r1.getheader("Location"))
        self.assertEqual(r2.getheader("Idempotent-Replayed"), "true")
        self.assertEqual(self.s.query("SELECT COUNT(*) FROM metrics m JOIN launches l ON l.id = m.launch_id "
                                      "WHERE l.slug = ?", slug), [(1,)])
        self.problem("POST", url, dict(ACTIVATION, name="Churn"), 422, "another request", headers=key)
        obs = f"/api/v1/metrics/{first['id']}/observations"
        okey = {"Idempotency-Key": f"obs-{slug}"}
        _, o1 = self.ok("POST", obs, [{"value": 41}, {"value": 42}], headers=okey, status=201)
        r, o2 = self.ok("POST", obs, [{"value": 41}, {"value": 42}], headers=okey, status=201)
        self.assertEqual((o2, r.getheader("Idempotent-Replayed")), (o1, "true"))
        self.assertEqual(self.observations(first["id"]), [(41,), (42,)])
        csv = "date,metric,value\n2026-10-05,Activation rate,40.5\n"
        ckey = {"Idempotency-Key": f"csv-{slug}", "Content-Type": "text/csv"}
        self.ok("POST", f"/api/v1/launches/{slug}/observations", csv, headers=ckey)
        r, _ = self.ok("POST", f"/api/v1/launches/{slug}/observations", csv, headers=ckey)
        self.assertEqual(r.getheader("Idempotent-Replayed"), "true")
        self.assertEqual(self.observations(first["id"]), [(41,), (42,), (40.5,)])

    def test_reads_are_never_stale_after_a_write(self):
        # The server keeps each thread's answers to reads until anything is written: read every view of the
        # metric often enough to fill every worker's cache, write, and read them all again.
        slug = self.new_launch()
        m, etag = self.new_metric(slug)
        views = [f"/api/v1/metrics/{m['id']}", f"/api/v1/metrics/{m['id']}/observations",
                 f"/api/v1/launches/{slug}/metrics", "/api/v1/metrics?status=no-data,on-track,behind,met,missed",
                 f"/api/v1/launches/{slug}/reviews/week-1"]

        def mine(path, body):
            if path.endswith("/observations"):
                return body
            if isinstance(body, list):
                return next(x for x in body if x["id"] == m["id"])
            if "stage" in body:
                return next(x for x in body["metrics"] if x["id"] == m["id"])
            return body

        for _ in range(8):
            for v in views:
                _, body = self.ok("GET", v, token="viewer")
                got = mine(v, body)
                self.assertEqual(got if v.endswith("/observations") else got["status"], [] if v.endswith(
                    "/observations") else "no-data", v)
        self.ok("POST", f"/api/v1/metrics/{m['id']}/observations", {"value": 44}, status=201)
        for _ in range(8):
            for v in views:
                _, body = self.ok("GET", v, token="viewer")
                got = mine(v, body)
                if v.endswith("/observations"):
                    self.assertEqual([o["value"] for o in got], [44], v)
                else:
                    self.assertEqual((got["status"], got["observed"]), ("on-track", 44), v)
        r, _ = self.ok("PATCH", f"/api/v1/metrics/{m['id']}", {"target": 50}, headers={"If-Match": etag})
        for _ in range(8):
            _, got = self.ok("GET", f"/api/v1/metrics/{m['id']}", token="viewer")
            self.assertEqual((got["target"], got["status"], got["version"]), ("50", "behind", 2))


class Import(Api):
    def post_csv(self, slug, text, status=200, **kw):
        body = text if isinstance(text, bytes) else text.encode()
        return self.ok("POST", f"/api/v1/launches/{slug}/observations", body, headers={"Content-Type": "text/csv"},
                       status=status, **kw)

    def test_a_csv_with_a_bom_and_crlf_is_imported(self):
        slug = self.new_launch()
        a, _ = self.new_metric(slug)
        c, _ = self.new_metric(slug, name="Churn", kind="churn", direction="down", baseline=5, target="-1pt", owner=None)
        text = ("\ufeffMetric,Date,Value,Note\r\nactivation RATE,2026-10-08,41,week 1\r\nChurn,2026-10-08,4.8,\r\n"
                "Activation rate,2026-10-15,41.5,\"after the fix, finally\"\r\n")
        _, out = self.post_csv(slug, text.encode("utf-8"))
        self.assertEqual(out["imported"], 3)
        self.assertEqual({x["name"]: x["observations"] for x in out["metrics"]}, {"Activation rate": 2, "Churn": 1})
        _, obs = self.ok("GET", f"/api/v1/metrics/{a['id']}/observations")
        self.assertEqual([(o["on"], o["value"], o["note"]) for o in obs],
                         [("2026-10-08", 41, "week 1"), ("2026-10-15", 41.5, "after the fix, finally")])
        self.assertEqual(self.observations(c["id"]), [(4.8,)])
        targets = [t for t, _ in self.audit("metric.record")]
        self.assertIn("launch", targets[-1])

    def test_a_bad_file_imports_nothing_and_names_its_line(self):
        slug = self.new_launch()
        self.new_metric(slug)
        url = f"/api/v1/launches/{slug}/observations"
        csv = {"Content-Type": "text/csv"}
        head = "date,metric,value\r\n"
        good = "2026-10-08,Activation rate,41\r\n2026-10-09,Activation rate,41.1\r\n"
        cases = [
            (head + good + "2026-10-10,Activation rate,4x1\r\n", "csv:4:3:"),
            (head + good + "2026-10-10,Activation rate,NaN\r\n", "csv:4:3:"),
            (head + good + "2026-10-10,Activation rate,inf\r\n", "csv:4:3:"),
            (head + good + "2026-10-10,Activation rate,1e400\r\n", "csv:4:3:"),
            (head + good + "2026-12-10,Activation rate,41\r\n", "in the future"),
            (head + good + "2026-10-10,Retention,41\r\n", "csv:4:2: unknown metric 'Retention'"),
            ("date,value\n2026-10-08,41\n", "no 'metric' column"),
            ("date,metric,value,Date\n", "twice"),
            ("", "empty"),
            (head, "no observation"),
            ("\ufeff" + head + good + "10/10/2026,Activation rate,41\r\n", "csv:4:1:"),
        ]
        with self.unchanged():
            for text, words in cases:
                with self.subTest(text):
                    self.problem("POST", url, text, 400, words, headers=csv, check=False)
        self.problem("POST", url, head + good, 415, "text/csv", headers={"Content-Type": "text/plain"})
        self.problem("POST", url, {"date": "2026-10-08"}, 415, "text/csv")
        big = head + "2026-10-08,Activation rate,41,{}\r\n".format("x" * 900) * 1300  # over 1 MiB
        self.assertGreater(len(big), 1 << 20)
        self.problem("POST", url, big, 413, headers=csv)
        _, ms = self.ok("GET", f"/api/v1/launches/{slug}/metrics")
        self.assertEqual(ms[0]["observations"], 0)


class Status(Api):
    def test_status_across_the_workspace_with_a_filter(self):
        slug = self.new_launch()
        m, _ = self.new_metric(slug)
        self.ok("POST", f"/api/v1/metrics/{m['id']}/observations", {"value": 41}, status=201)  # behind
        _, every = self.ok("GET", "/api/v1/metrics", token="viewer")
        cli = self.s.js("metric", "status", "--all")
        self.assertEqual(every, cli[:100])
        _, behind = self.ok("GET", "/api/v1/metrics?status=behind", token="viewer")
        self.assertIn(m["id"], [x["id"] for x in behind])
        self.assertEqual({x["status"] for x in behind}, {"behind"})
        _, two = self.ok("GET", "/api/v1/metrics?status=behind,met", token="viewer")
        self.assertEqual(two, [x for x in cli if x["status"] in ("behind", "met")][:100])
        p = self.problem("GET", "/api/v1/metrics?status=late", None, 400, "on-track", token="viewer")
        self.assertEqual(p["parameter"], "status")
        self.problem("GET", "/api/v1/metrics?limit=0", None, 400, token="viewer", parameter="limit")

    def test_the_dashboard_and_the_stakeholder_update(self):
        slug = self.new_launch(date="2026-11-10", tier=1)
        m, _ = self.new_metric(slug)
        self.ok("POST", f"/api/v1/metrics/{m['id']}/observations", {"value": 40.1, "on": "2026-11-20"}, status=201)
        _, d = self.ok("GET", "/api/v1/dashboard?quarter=2026Q4", token="viewer")
        self.assertEqual((d["quarter"], d["from"], d["to"], d["today"]), ("2026Q4", "2026-10-01", "2026-12-31", TODAY))
        row = next(x for x in d["launches"] if x["launch"] == slug)
        self.assertEqual((row["launched"], row["score"], row["metrics"]["behind"]), (True, None, 1))
        self.assertIn(m["id"], [x["id"] for x in d["behind"]])
        self.assertEqual(d, self.s.js("dashboard", "--quarter", "2026Q4"))
        _, same = self.ok("GET", "/api/v1/dashboard?quarter=2026-Q4", token="viewer")
        self.assertEqual(same, d)
        self.problem("GET", "/api/v1/dashboard?quarter=2026Q5", None, 400, token="viewer", parameter="quarter")
        _, u = self.ok("GET", "/api/v1/stakeholder-update?month=2026-11", token="viewer")
        self.assertEqual((u["month"], u["from"], u["to"]), ("2026-11", "2026-11-01", "2026-11-30"))
        self.assertIn(slug, [x["slug"] for x in u["shipped"]])
        self.assertIn(m["id"], [x["id"] for x in u["moved"]])
        self.assertIn("Activation rate", u["markdown"])
        self.assertTrue(u["text"])
        self.problem("GET", "/api/v1/stakeholder-update?month=2026-13", None, 400, token="viewer", parameter="month")
        _, default = self.ok("GET", "/api/v1/stakeholder-update", token="viewer")
        self.assertEqual(default["month"], "2026-10")  # the month before today's


class Reviews(Api):
    def test_a_review_read_then_held(self):
        slug = self.new_launch()
        m, _ = self.new_metric(slug)
        self.ok("POST", f"/api/v1/metrics/{m['id']}/observations", {"value": 41, "on": "2026-10-08"}, status=201)
        url = f"/api/v1/launches/{slug}/reviews/week-1"
        _, r = self.ok("GET", url, token="viewer")
        self.assertEqual((r["launch"], r["stage"], r["label"], r["on"], r["held"], r["notes"]),
                         (slug, "week-1", "Week 1", "2026-10-08", False, None))
        self.assertEqual([o["value"] for o in r["metrics"][0]["observations"]], [41])
        self.assertIn("Week 1", r["markdown"])
        task = r["task"]
        self.assertIsNotNone(task)
        held_before = len(self.audit("review.done"))
        _, alias = self.ok("GET", f"/api/v1/launches/{slug}/reviews/Week%201", token="viewer")
        self.assertEqual(alias["stage"], "week-1")
        self.problem("GET", f"/api/v1/launches/{slug}/reviews/week-9", None, 404, "day-1", token="viewer")
        self.problem("POST", url, {"notes": "x", "by": "me"}, 400, parameter="/")
        self.problem("POST", url, {"notes": 12}, 400, parameter="/notes")
        self.problem("POST", url, {"notes": "x" * 16001}, 400)
        _, held = self.ok("POST", url, {"notes": "# Week 1\n\nAdoption is slow in EMEA.\n"})
        self.assertEqual((held["held"], held["held_on"], held["by"], held["notes"]),
                         (True, TODAY, "ana", "# Week 1\n\nAdoption is slow in EMEA.\n"))
        _, t = self.ok("GET", f"/api/v1/tasks/{task}")
        self.assertEqual(t["status"], "done")
        _, again = self.ok("GET", url, token="viewer")
        self.assertEqual((again["held"], again["notes"]), (True, held["notes"]))
        # Held again as Markdown, it replaces the notes.
        _, md = self.ok("POST", url, "Second thoughts.\n", headers={"Content-Type": "text/markdown"})
        self.assertEqual(md["notes"], "Second thoughts.\n")
        self.assertEqual(len(self.audit("review.done")), held_before + 2)
        # The stages: the day each falls on (T = PAST), which is current on TODAY, which were held.
        _, st = self.ok("GET", f"/api/v1/launches/{slug}/reviews", token="viewer")
        self.assertEqual((st["launch"], st["date"], st["today"]), (slug, PAST, TODAY))
        self.assertEqual([(s["stage"], s["on"]) for s in st["stages"]],
                         [("day-1", "2026-10-01"), ("week-1", "2026-10-08"), ("week-2", "2026-10-15"),
                          ("month-1", "2026-11-01"), ("month-2", "2026-12-01"), ("quarter", "2027-01-01")])
        self.assertEqual(st["current"], "month-1")  # the latest whose day has come on 2026-11-22
        self.assertEqual([s["stage"] for s in st["stages"] if s["held"]], ["week-1"])
        self.assertEqual([(s["held_on"], s["by"]) for s in st["stages"] if s["held"]], [(TODAY, "ana")])
        self.problem("GET", "/api/v1/launches/no-such-launch/reviews", None, 404, token="viewer")

    def test_a_review_before_launch_day_is_refused(self):
        slug = self.new_launch(date=FUTURE)
        self.problem("POST", f"/api/v1/launches/{slug}/reviews/day-1", {"notes": "too early"}, 400, "launch day")
        self.problem("POST", f"/api/v1/launches/{slug}/reviews/day-1", "notes", 415,
                     headers={"Content-Type": "text/plain"})


class Documented(Api):
    """The bodies the routes answer match the OpenAPI document's schemas (closed: no undescribed member)."""

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        slug = self.new_launch()
        m, _ = self.new_metric(slug)
        self.new_metric(slug, name="Tickets", kind="support-tickets", unit="count", direction="down", baseline=120,
                        target=90, owner=None, baseline_on="2026-09-01")
        _, rec = self.ok("POST", f"/api/v1/metrics/{m['id']}/observations",
                         {"observations": [{"value": 41, "on": "2026-10-08"}, {"value": 42}]}, status=201)
        _, imp = self.ok("POST", f"/api/v1/launches/{slug}/observations",
                         b"date,metric,value\n2026-10-09,Tickets,118\n", headers={"Content-Type": "text/csv"})
        _, held = self.ok("POST", f"/api/v1/launches/{slug}/reviews/day-1", {"notes": "ok"})
        bodies = [("ObservationsRecorded", rec), ("ObservationsImported", imp), ("Review", held)]
        for schema, path in [("LaunchMetric", f"/api/v1/metrics/{m['id']}"),
                             ("LaunchMetric[]", f"/api/v1/launches/{slug}/metrics"),
                             ("LaunchMetric[]", "/api/v1/metrics"),
                             ("Observation[]", f"/api/v1/metrics/{m['id']}/observations"),
                             ("Review", f"/api/v1/launches/{slug}/reviews/week-2"),
                             ("ReviewStages", f"/api/v1/launches/{slug}/reviews"),
                             ("Dashboard", "/api/v1/dashboard?quarter=2026Q4"),
                             ("StakeholderUpdate", "/api/v1/stakeholder-update?month=2026-11"),
                             ("Problem", "/api/v1/metrics/99999")]:
            r, data = self.req("GET", path, token="viewer")
            self.assertEqual(r.status, 404 if schema == "Problem" else 200, data)
            bodies.append((schema, json.loads(data)))
        pairs = [f"{schema}={self.s.write(f'body-{i}.json', json.dumps(body))}" for i, (schema, body) in enumerate(bodies)]
        # And what the schemas refuse, the server refuses: a body of the wrong shape.
        pairs.append(f"!ObservationInput={self.s.write('bad-obs.json', json.dumps({'value': True}))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
