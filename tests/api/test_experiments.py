#!/usr/bin/env python3
"""Issue 14's experiments over the HTTP API, against a real `tminus serve` on loopback: an experiment is
created, read, changed and removed with ETag and If-Match (named by id or name), given arms, its arms'
running totals recorded, analysed (GET …/analysis, the same figures as `experiment analyze --json`) and
closed into the decision ledger; viewers read and editors write; Idempotency-Key replays; every refusal
of the issue's "Bad input" is 400 (404 not found, 409 conflict) naming its member, and leaves the database
exactly as it was. The bodies match the OpenAPI document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_experiments.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, main  # noqa: E402

BASE = "/api/v1/experiments"


class Api(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        cls.idea = s.js("backlog", "add", "Raise the Pro price", "--kind", "idea", "--track", "market")["id"]
        s.start()

    n = 0

    def new_experiment(self, **fields):
        """A pricing experiment of this test's own with a control and two variants at +12% and +15%."""
        Api.n += 1
        body = dict({"name": f"price-{Api.n}", "kind": "pricing", "hypothesis": "A 12-15% higher price keeps conversion",
                     "current_price": 49, "planned_sample": 200, "owner": "Ana Silva"}, **fields)
        r, e = self.ok("POST", BASE, body, status=201)
        path = f"{BASE}/{e['id']}"
        self.ok("POST", path + "/arms", {"name": "control", "control": True}, status=201)
        self.ok("POST", path + "/arms", {"name": "plus-12", "price": 54.88}, status=201)
        r, e = self.ok("POST", path + "/arms", {"name": "plus-15", "price": 56.35}, status=201)
        return e, path

    def record(self, path, arm, visitors, conversions, **more):
        return self.ok("POST", f"{path}/arms/{arm}/record", dict({"visitors": visitors, "conversions": conversions}, **more))[1]


class Experiments(Api):
    def test_create_read_change_remove_with_etags(self):
        r, e = self.ok("POST", BASE, {"name": "Headline Q1", "kind": "messaging", "hypothesis": "Outcomes beat features",
                                      "idea": self.idea}, status=201)
        self.assertEqual(r.getheader("Location"), f"{BASE}/{e['id']}")
        self.assertEqual(r.getheader("ETag"), f'"experiment-{e["id"]}-v1"')
        self.assertEqual((e["name"], e["kind"], e["status"], e["verdict"], e["arms"], e["idea"]["id"]),
                         ("Headline Q1", "messaging", "running", None, [], self.idea))
        # By id, or by name in any case (URL-encoded).
        _, got = self.ok("GET", f"{BASE}/headline%20q1", token="viewer")
        self.assertEqual(got, e)
        _, listed = self.ok("GET", BASE + "?status=running", token="viewer")
        self.assertIn(e["id"], [x["id"] for x in listed])
        self.problem("GET", BASE + "?status=paused", None, 400, "running or closed", token="viewer")

        path = f"{BASE}/{e['id']}"
        self.problem("PATCH", path, {"hypothesis": "x"}, 428)
        self.problem("PATCH", path, {"hypothesis": "x"}, 412, headers={"If-Match": f'"experiment-{e["id"]}-v9"'})
        r, changed = self.ok("PATCH", path, {"hypothesis": "Outcomes beat features for PMMs", "monthly_traffic": 8000},
                             headers={"If-Match": f'"experiment-{e["id"]}-v1"'})
        self.assertEqual((changed["hypothesis"], changed["monthly_traffic"], changed["version"]),
                         ("Outcomes beat features for PMMs", 8000, 2))
        self.assertEqual(r.getheader("ETag"), f'"experiment-{e["id"]}-v2"')

        # Arms leave the version (and so the ETag) as it is.
        r, withArm = self.ok("POST", path + "/arms", {"name": "control", "control": True, "message": "Plan launches"},
                             status=201)
        self.assertEqual(r.getheader("ETag"), f'"experiment-{e["id"]}-v2"')
        self.assertEqual(withArm["arms"][0]["message"], "Plan launches")
        _, after = self.ok("DELETE", path + "/arms/CONTROL")
        self.assertEqual(after["arms"], [])

        # Viewers read, editors write.
        self.problem("POST", BASE, {"name": "v", "kind": "pricing", "hypothesis": "h"}, 403, token="viewer")
        self.problem("DELETE", path, None, 428)
        r, _ = self.ok("DELETE", path, headers={"If-Match": f'"experiment-{e["id"]}-v2"'}, status=204)
        self.problem("GET", path, None, 404, "unknown experiment", token="viewer")

    def test_record_analyze_close(self):
        e, path = self.new_experiment(idea=self.idea, cost=12000)
        after = self.record(path, "control", 2000, 200)
        self.assertEqual([(a["name"], a["visitors"], a["conversions"]) for a in after["arms"]][0], ("control", 2000, 200))
        self.record(path, "plus-12", 2000, 196)
        self.record(path, "plus-15", 2000, 260, revenue_per_conversion=56.35)
        _, a = self.ok("GET", path + "/analysis?monthly_traffic=10000", token="viewer")
        cli = self.s.js("experiment", "analyze", str(e["id"]), "--monthly-traffic", "10000")
        self.assertEqual(a, cli)
        self.assertEqual((a["verdict"], a["winner"], a["monthly_traffic"]), ("variant-wins", "plus-15", 10000))
        self.assertIsNone(a["arms"][0]["p_value"])
        self.assertLess(a["arms"][2]["p_value"], 0.05)
        self.assertGreater(a["arms"][2]["annual_impact"], 0)
        self.assertIsNotNone(a["arms"][2]["payback_months"])
        self.problem("GET", path + "/analysis?monthly_traffic=-3", None, 400, token="viewer")

        # Close: the decision in the ledger, the idea planned; an Idempotency-Key replays the answer.
        key = {"Idempotency-Key": "close-" + str(e["id"])}
        _, closed = self.ok("POST", path + "/close", {"result": "plus-15 wins"}, headers=key)
        self.assertEqual((closed["status"], closed["verdict"], closed["result"]), ("closed", "variant-wins", "plus-15 wins"))
        _, again = self.ok("POST", path + "/close", {"result": "plus-15 wins"}, headers=key)
        self.assertEqual(again, closed)
        _, d = self.ok("GET", f"/api/v1/decisions/{closed['decision']}", token="viewer")
        self.assertIn({"kind": "experiment", "id": e["id"]}, [{"kind": x["kind"], "id": x["id"]} for x in d["links"]])
        self.assertIn("plus-15", d["chosen"])
        ideas = {i["id"]: i for i in self.s.js("backlog", "list")}
        self.assertEqual(ideas[self.idea]["status"], "planned")
        _, learnt = self.ok("GET", f"{BASE}?idea={self.idea}&status=closed", token="viewer")
        self.assertIn((e["id"], "variant-wins"), [(x["id"], x["verdict"]) for x in learnt])
        self.problem("POST", path + "/close", {"result": "again"}, 409, "was closed on")
        self.problem("POST", path + "/arms/control/record", {"visitors": 1, "conversions": 1}, 409, "was closed on")


class BadInput(Api):
    def test_counts_arms_and_analysis_refused_naming_the_member(self):
        e, path = self.new_experiment()
        self.record(path, "control", 100, 10)
        self.problem("POST", path + "/arms/control/record", {"visitors": 100, "conversions": 101}, 400,
                     "more than the 100 visitors", parameter="/conversions")
        self.problem("POST", path + "/arms/control/record", {"visitors": -1, "conversions": 0}, 400,
                     parameter="/visitors")
        self.problem("POST", path + "/arms/control/record", {"visitors": 10, "conversions": -2}, 400,
                     parameter="/conversions")
        self.problem("POST", path + "/arms/control/record", {"visitors": 10}, 400, parameter="/conversions")
        self.problem("POST", path + "/arms/control/record", {"visitors": "ten", "conversions": 1}, 400,
                     parameter="/visitors")
        self.problem("POST", path + "/arms/nope/record", {"visitors": 1, "conversions": 1}, 404, "no arm 'nope'")
        self.problem("POST", f"{BASE}/nope/arms/control/record", {"visitors": 1, "conversions": 1}, 404)
        self.problem("POST", path + "/arms", {"name": "second", "control": True}, 409, "has a control already",
                     parameter="/control")
        self.problem("POST", path + "/arms", {"name": "plus-20"}, 400, "neither the control nor a variant")
        self.problem("POST", path + "/arms", {"name": "plus-20", "price": 0}, 400, parameter="/price")
        self.problem("POST", BASE, {"name": e["name"].upper(), "kind": "pricing", "hypothesis": "h"}, 409,
                     "exists already", parameter="/name")
        self.problem("POST", BASE, {"name": "x", "kind": "discount", "hypothesis": "h"}, 400, parameter="/kind")
        self.problem("POST", BASE, {"name": "x", "kind": "pricing"}, 400, parameter="/hypothesis")
        # One arm, or no control: analysis and close refuse.
        _, one = self.ok("POST", BASE, {"name": "lonely", "kind": "messaging", "hypothesis": "h"}, status=201)
        lonely = f"{BASE}/{one['id']}"
        self.ok("POST", lonely + "/arms", {"name": "a", "message": "A"}, status=201)
        self.problem("GET", lonely + "/analysis", None, 400, "has 1 arm", token="viewer")
        self.problem("POST", lonely + "/close", {"result": "r"}, 400, "has 1 arm")
        self.ok("POST", lonely + "/arms", {"name": "b", "message": "B"}, status=201)
        self.problem("GET", lonely + "/analysis", None, 400, "no control arm", token="viewer")
        self.problem("POST", lonely + "/close", {"result": "r"}, 400, "no control arm")


class Documented(Api):
    """The bodies the routes answer match the OpenAPI document's schemas (closed: no undescribed member)."""

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        e, path = self.new_experiment(idea=self.idea, cost=500)
        self.record(path, "control", 300, 30)
        self.record(path, "plus-12", 300, 45, revenue_per_conversion=50)
        bodies = []
        for schema, url in [("Experiment", path), ("Experiment[]", BASE),
                            ("ExperimentAnalysis", path + "/analysis?monthly_traffic=1000")]:
            r, data = self.req("GET", url, token="viewer")
            self.assertEqual(r.status, 200, data)
            bodies.append((schema, json.loads(data)))
        _, closed = self.ok("POST", path + "/close", {"result": "done", "chosen": "plus-12", "decided_by": "Ana Silva"})
        bodies.append(("Experiment", closed))
        pairs = [f"{schema}={self.s.write(f'exp-body-{i}.json', json.dumps(body))}" for i, (schema, body) in enumerate(bodies)]
        pairs.append(f"!ArmRecord={self.s.write('bad-record.json', json.dumps({'visitors': -1, 'conversions': 0}))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
