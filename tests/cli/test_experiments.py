#!/usr/bin/env python3
"""End-to-end tests of issue 14's experiments through the real binary: experiment add, arm add/rm, record
(running totals), list, show, set, rm, analyze (the readable table and --json) and close (a decision in the
ledger, the idea moved on). The statistics are checked against an independent computation with Python's
statistics.NormalDist (rate, Wilson interval, pooled z, two-sided p) to the fourth decimal, for random
counts. Every refusal of the issue's "Bad input" exits 2 (3 not found, 4 conflict), names its field and
leaves the database exactly as it was (a full dump before and after).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_experiments.py
"""
import math
import os
import random
import sys
from statistics import NormalDist

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402

N = NormalDist()


def wilson(x, n, alpha=0.05):
    if n == 0:
        return 0.0, 1.0
    z = N.inv_cdf(1 - alpha / 2)
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def ztest(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    return z, 2 * (1 - N.cdf(abs(z)))


class Experiments(WorkspaceCase):
    tminus_user = "Test Runner"
    today = "2027-02-01"

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pmm")
        self.idea = self.js("backlog", "add", "Raise the Pro price", "--kind", "idea", "--track", "market")["id"]

    def pricing(self, *more):
        """pro-price: 49 today, 2000 planned per arm, for the idea; control, plus-12 at 54.88, plus-15 at 56.35."""
        e = self.js("experiment", "add", "pro-price", "--kind", "pricing", "--hypothesis",
                    "A 12-15% higher Pro price keeps conversion", "--current-price", "49", "--planned-sample", "2000",
                    "--owner", "Ana Silva", "--idea", str(self.idea), *more)
        self.tm("experiment", "arm", "add", "pro-price", "control", "--control")
        self.tm("experiment", "arm", "add", "pro-price", "plus-12", "--price", "54.88")
        self.tm("experiment", "arm", "add", "pro-price", "plus-15", "--price", "56.35")
        return e

    def record(self, arm, visitors, conversions, *more, exp="pro-price"):
        return self.js("experiment", "record", exp, arm, "--visitors", str(visitors), "--conversions",
                       str(conversions), *more)


class Lifecycle(Experiments):
    def test_add_arms_record_list_show_set_rm(self):
        e = self.pricing("--cost", "12000")
        self.assertEqual((e["name"], e["kind"], e["status"], e["owner"]), ("pro-price", "pricing", "running", "Ana Silva"))
        self.assertEqual(e["idea"], {"id": self.idea, "title": "Raise the Pro price"})
        self.assertEqual((e["current_price"], e["planned_sample"], e["cost"], e["verdict"]), (49, 2000, 12000, None))
        # The idea it informs is being experimented on.
        ideas = {i["id"]: i for i in self.js("backlog", "list")}
        self.assertEqual(ideas[self.idea]["status"], "experimenting")

        after = self.record("PLUS-12", 300, 31, "--revenue-per-conversion", "50")
        arms = {a["name"]: a for a in after["arms"]}
        self.assertEqual((arms["plus-12"]["visitors"], arms["plus-12"]["conversions"]), (300, 31))
        self.assertEqual(arms["plus-12"]["revenue_per_conversion"], 50)
        self.assertEqual((arms["control"]["control"], arms["plus-15"]["price"]), (True, 56.35))
        # Running totals replace the ones before.
        self.assertEqual(self.record("plus-12", 400, 40)["visitors"], 400)
        out = self.tm("experiment", "record", "pro-price", "plus-15", "--visitors", "200", "--conversions", "30").stdout
        self.assertIn("recorded plus-15 of pro-price: 30 conversions of 200 qualified signups (15.00%) so far", out)

        listed = self.tm("experiment", "list").stdout.splitlines()
        self.assertEqual(listed[0].split()[:6], ["ID", "EXPERIMENT", "KIND", "STATUS", "ARMS", "VISITORS"])
        self.assertIn("pro-price", listed[1])
        self.assertIn("600", listed[1])
        self.assertEqual([x["name"] for x in self.js("experiment", "list", "--status", "running")], ["pro-price"])
        self.assertEqual(self.js("experiment", "list", "--status", "closed"), [])
        shown = self.tm("experiment", "show", str(e["id"])).stdout
        self.assertIn("hypothesis  A 12-15% higher Pro price keeps conversion", shown)
        self.assertIn("idea        #%d Raise the Pro price" % self.idea, shown)
        self.assertIn("54.88", shown)

        changed = self.js("experiment", "set", "pro-price", "--name", "pro-price-q1", "--monthly-traffic", "12000")
        self.assertEqual((changed["name"], changed["monthly_traffic"]), ("pro-price-q1", 12000))
        self.assertGreater(changed["version"], e["version"])
        self.assertEqual(len(self.js("experiment", "arm", "rm", "pro-price-q1", "plus-15")["arms"]), 2)
        self.assertIn("removed experiment", self.tm("experiment", "rm", "pro-price-q1").stdout)
        self.assertEqual(self.js("experiment", "list"), [])
        actions = [a["action"] for a in self.js("audit", "--limit", "30")]
        for action in ("experiment.add", "experiment.arm.add", "experiment.record", "experiment.update",
                       "experiment.arm.rm", "experiment.rm"):
            self.assertIn(action, actions)

    def test_analyze_shows_the_table_warnings_and_verdict(self):
        self.pricing("--cost", "12000")
        self.record("control", 2000, 200)
        self.record("plus-12", 2000, 196)
        self.record("plus-15", 1500, 150)
        out = self.tm("experiment", "analyze", "pro-price", "--monthly-traffic", "10000").stdout
        header = [line for line in out.splitlines() if line.startswith("ARM")][0]
        for col in ("CONV/VISITORS", "RATE", "95% CI", "LIFT", "P", "REV/VISITOR", "ANNUAL", "PAYBACK", "STILL NEEDED"):
            self.assertIn(col, header)
        row = [line for line in out.splitlines() if line.startswith("plus-12")][0]
        self.assertIn("196/2000", row)
        self.assertIn("9.80%", row)
        self.assertIn("-0.20pt (-2.0%)", row)
        self.assertIn("+57,389", row)  # (0.098 × 54.88 − 0.1 × 49) × 10,000 × 12
        self.assertIn("peeking", out)
        self.assertIn("verdict: no-difference-yet", out)

        a = self.js("experiment", "analyze", "pro-price")
        self.assertEqual((a["experiment"], a["alpha"], a["power"], a["verdict"], a["winner"]),
                         ("pro-price", 0.05, 0.8, "no-difference-yet", None))
        control = a["arms"][0]
        for key in ("lift_abs", "lift_rel", "p_value", "z", "annual_impact"):
            self.assertIsNone(control[key], key)
        self.assertEqual([w["rule"] for w in a["warnings"]], ["peeking"])
        self.assertEqual(a["warnings"][0]["arm"], "plus-15")
        self.assertAlmostEqual(a["arms"][1]["revenue_per_visitor"], 0.098 * 54.88, places=9)

        # The seed's warnings: small samples, steps outside 12-15%, more than three price points.
        self.tm("experiment", "arm", "add", "pro-price", "plus-25", "--price", "61.25")
        self.record("plus-25", 100, 9)
        rules = {(w["rule"], w["arm"]) for w in self.js("experiment", "analyze", "pro-price")["warnings"]}
        self.assertIn(("small-sample", "plus-25"), rules)
        self.assertIn(("price-step", "plus-25"), rules)
        self.assertIn(("too-many-arms", None), rules)
        self.assertNotIn(("price-step", "plus-12"), rules)

        # A winner: plus-15 significantly above the control.
        self.record("plus-15", 2000, 260)
        a = self.js("experiment", "analyze", "pro-price")
        self.assertEqual((a["verdict"], a["winner"]), ("variant-wins", "plus-15"))
        self.assertTrue(a["arms"][2]["significant"])

    def test_close_records_a_decision_and_feeds_the_idea(self):
        self.pricing()
        self.record("control", 2000, 200)
        self.record("plus-12", 2000, 196)
        self.record("plus-15", 2000, 260)
        out = self.tm("experiment", "close", "pro-price", "--result", "plus-15 converts better at a higher price").stdout
        self.assertIn("closed pro-price: variant-wins", out)
        e = self.js("experiment", "show", "pro-price")
        self.assertEqual((e["status"], e["verdict"], e["closed_on"]), ("closed", "variant-wins", "2027-02-01"))
        self.assertEqual(e["result"], "plus-15 converts better at a higher price")
        decisions = [d for d in self.js("decision", "list") if d["id"] == e["decision"]]
        self.assertEqual(len(decisions), 1)
        d = decisions[0]
        self.assertIn("ship plus-15", d["what"])
        self.assertEqual(d["why"], "plus-15 converts better at a higher price")
        self.assertEqual(d["decided_by"], "Ana Silva")
        self.assertEqual(len(d["options"]), 3)
        self.assertIn("plus-15", d["chosen"])
        links = {(x["kind"], x["id"]) for x in d["links"]}
        self.assertEqual(links, {("experiment", e["id"]), ("idea", self.idea)})
        ideas = {i["id"]: i for i in self.js("backlog", "list")}
        self.assertEqual(ideas[self.idea]["status"], "planned")
        # What the idea learnt: its experiments with their verdicts.
        learnt = self.js("experiment", "list", "--idea", str(self.idea))
        self.assertEqual([(x["name"], x["verdict"]) for x in learnt], [("pro-price", "variant-wins")])
        self.assertEqual(self.js("experiment", "list", "--idea", str(self.idea), "--status", "running"), [])
        self.rejected("experiment", "close", "pro-price", "--result", "again", code=4, words="closed on 2027-02-01")
        self.rejected("experiment", "record", "pro-price", "control", "--visitors", "3000", "--conversions", "300",
                      code=4, words="closed")


class Statistics(Experiments):
    """Rate, Wilson interval, z and p for random counts, against statistics.NormalDist, to the fourth decimal."""

    def test_random_counts_match_an_independent_computation(self):
        rng = random.Random(14)
        self.js("experiment", "add", "headline", "--kind", "messaging", "--hypothesis", "Outcomes beat features")
        self.tm("experiment", "arm", "add", "headline", "control", "--control", "--message", "Plan launches")
        self.tm("experiment", "arm", "add", "headline", "outcomes", "--message", "Ship launches on time")
        self.tm("experiment", "arm", "add", "headline", "speed", "--message", "Launch in half the time")
        for _ in range(12):
            counts = {}
            for arm in ("control", "outcomes", "speed"):
                n = rng.randint(1, 50000)
                x = rng.randint(0, n) if rng.random() < 0.2 else int(n * rng.uniform(0.01, 0.3))
                counts[arm] = (n, x)
                self.record(arm, n, x, exp="headline")
            a = self.js("experiment", "analyze", "headline")
            cn, cx = counts["control"]
            for got in a["arms"]:
                n, x = counts[got["name"]]
                lo, hi = wilson(x, n)
                with self.subTest(arm=got["name"], n=n, x=x):
                    self.assertAlmostEqual(got["rate"], x / n, places=4)
                    self.assertAlmostEqual(got["ci_low"], lo, places=4)
                    self.assertAlmostEqual(got["ci_high"], hi, places=4)
                    if got["control"]:
                        continue
                    z, p = ztest(x, n, cx, cn)
                    self.assertAlmostEqual(got["z"], z, places=4)
                    self.assertAlmostEqual(got["p_value"], p, places=4)
                    self.assertAlmostEqual(got["lift_abs"], x / n - cx / cn, places=4)
                    self.assertEqual(got["significant"], p < 0.05)


class BadInput(Experiments):
    """The issue's "Bad input": exit 2 naming the field (3 not found, 4 a conflict), nothing changed."""

    def setUp(self):
        super().setUp()
        self.pricing()
        self.record("control", 100, 10)

    def test_counts(self):
        self.rejected("experiment", "record", "pro-price", "control", "--visitors", "100", "--conversions", "101",
                      code=2, words=["--conversions", "more than the 100 visitors"])
        self.rejected("experiment", "record", "pro-price", "control", "--visitors", "-5", "--conversions", "0",
                      code=2, words=["visitors", "-5", "from 0"])
        self.rejected("experiment", "record", "pro-price", "control", "--visitors", "10", "--conversions", "-1",
                      code=2, words=["conversions", "-1", "from 0"])
        self.rejected("experiment", "record", "pro-price", "control", "--visitors", "ten", "--conversions", "1",
                      code=2, words="visitors")
        self.rejected("experiment", "record", "pro-price", "control", "--conversions", "1", code=2, words="--visitors")
        self.rejected("experiment", "record", "pro-price", "plus-99", "--visitors", "1", "--conversions", "1", code=3,
                      words=["plus-99", "control, plus-12, plus-15"])
        self.rejected("experiment", "record", "nope", "control", "--visitors", "1", "--conversions", "1", code=3,
                      words="nope")

    def test_arms_and_experiments(self):
        self.rejected("experiment", "arm", "add", "pro-price", "other", "--control", code=4,
                      words=["--control", "has a control already"])
        self.rejected("experiment", "arm", "add", "pro-price", "Plus-12", "--price", "60", code=4, words="plus-12")
        self.rejected("experiment", "arm", "add", "pro-price", "plus-20", code=2, words="neither the control nor")
        self.rejected("experiment", "arm", "add", "pro-price", "a/b", "--price", "60", code=2, words="'/'")
        self.rejected("experiment", "add", "q1/pro", "--kind", "pricing", "--hypothesis", "h", code=2, words="'/'")
        self.rejected("experiment", "arm", "add", "pro-price", "plus-20", "--price", "-3", code=2, words="--price")
        self.rejected("experiment", "add", "PRO-PRICE", "--kind", "pricing", "--hypothesis", "h", code=4,
                      words="exists already")
        self.rejected("experiment", "add", "x", "--kind", "discount", "--hypothesis", "h", code=2, words=["kind", "discount"])
        self.rejected("experiment", "add", "x", "--kind", "pricing", code=2, words="--hypothesis")
        self.rejected("experiment", "add", "x", "--kind", "pricing", "--hypothesis", "h", "--current-price", "0",
                      code=2, words="--current-price")
        self.rejected("experiment", "add", "x", "--kind", "pricing", "--hypothesis", "h", "--idea", "99", code=3,
                      words="99")
        self.rejected("experiment", "analyze", "pro-price", "--monthly-traffic", "-1", code=2, words="monthly-traffic")

    def test_no_control_or_one_arm(self):
        self.js("experiment", "add", "headline", "--kind", "messaging", "--hypothesis", "h")
        self.tm("experiment", "arm", "add", "headline", "outcomes", "--message", "Ship on time")
        self.rejected("experiment", "analyze", "headline", code=2, words=["has 1 arm", "control"])
        self.rejected("experiment", "close", "headline", "--result", "r", code=2, words="has 1 arm")
        self.tm("experiment", "arm", "add", "headline", "speed", "--message", "Launch faster")
        self.rejected("experiment", "analyze", "headline", code=2, words="no control arm")
        self.rejected("experiment", "close", "headline", "--result", "r", code=2, words="no control arm")
        self.rejected("experiment", "close", "pro-price", "--result", "r", "--chosen", "nope", code=2,
                      words=["--chosen", "nope"])


if __name__ == "__main__":
    main()
