#!/usr/bin/env python3
"""End-to-end tests of issue 14's roadmap through the real binary: items at three levels (roadmap add, set, rm,
show), the tree (`tminus roadmap [--quarter Q] [--owner P] [--json]`) with each release's launches, their dates
and readiness, red when a launch is infeasible or slipped past the item's quarter; `roadmap review` and the
`roadmap-review-due` rule of `check --all`; `tminus copy` of a roadmap whose item has a parent of a higher id
(re-parented). Every refusal of the issue's bad input exits 2 (3 for something that does not exist, 4 for an item
with items under it), names its field, and leaves the database exactly as it was (a full dump before and after).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_roadmap.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Workspace, main  # noqa: E402

TODAY = "2027-01-11"


class Roadmap(unittest.TestCase):
    """One workspace for the class: Ana (pm) and Bo (marketing), launches sso (tier 2, 2027-03-10) and
    rush (tier 1, 2027-01-14: a tier 1 checklist three days before T cannot be done), and a tree:
    1 Win mid-market (strategic, Ana, 2027Q2) > 2 SSO everywhere (initiative, Bo, 2027Q1) > 3 SSO GA (release,
    2027Q1, sso) and 4 Rush (release, 2027Q1, rush)."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(today=TODAY)
        w.tm("person", "add", "Ana Silva", "--role", "pm")
        w.tm("person", "add", "Bo Chen", "--role", "marketing")
        w.tm("launch", "add", "SSO", "--date", "2027-03-10", "--tier", "2", "--pm", "Ana Silva")
        w.tm("launch", "add", "Rush", "--date", "2027-01-14", "--tier", "1", "--pm", "Ana Silva", "--marketing", "Bo Chen")
        w.tm("roadmap", "add", "Win mid-market", "--level", "strategic", "--owner", "Ana Silva", "--quarter", "2027-Q2")
        w.tm("roadmap", "add", "SSO everywhere", "--level", "initiative", "--parent", "1", "--owner", "Bo Chen",
             "--quarter", "Q1 2027")
        w.tm("roadmap", "add", "SSO GA", "--level", "release", "--parent", "2", "--quarter", "2027Q1", "--launch", "sso",
             "--status", "yellow")
        w.tm("roadmap", "add", "Rush", "--level", "release", "--parent", "2", "--quarter", "2027Q1", "--launch", "rush")

    @classmethod
    def tearDownClass(cls):
        cls.w.close()

    def test_the_tree(self):
        out = self.w.tm("roadmap").stdout
        lines = out.splitlines()
        self.assertEqual(lines[0], "#1 strategic: Win mid-market [green]  2027Q2  owner Ana Silva")
        self.assertEqual(lines[1], "  #2 initiative: SSO everywhere [green]  2027Q1  owner Bo Chen")
        self.assertEqual(lines[2], "    #3 release: SSO GA [yellow]  2027Q1")
        self.assertRegex(lines[3], r"^      launch sso  2027-03-10  tier 2  planned  readiness \d+  feasible$")
        # The rush cannot make its day: red, though its owner left it green, and the reason is shown.
        self.assertEqual(lines[4], "    #4 release: Rush [red, set green]  2027Q1")
        self.assertEqual(lines[5], "      red: launch 'rush' cannot make 2027-01-14: its plan has tasks that cannot meet "
                                   "their dates")
        self.assertIn("INFEASIBLE", lines[6])
        self.assertIn("No review held yet: a review is due", out)

        doc = self.w.js("roadmap")
        self.assertEqual([(i["id"], i["depth"], i["colour"]) for i in doc["items"]],
                         [(1, 0, "green"), (2, 1, "green"), (3, 2, "yellow"), (4, 2, "red")])
        sso = doc["items"][2]["launches"][0]
        self.assertEqual((sso["slug"], sso["date"], sso["feasible"], sso["slipped"]), ("sso", "2027-03-10", True, False))
        self.assertFalse(doc["items"][3]["launches"][0]["feasible"])
        self.assertEqual(doc["quarters"], ["2027Q1", "2027Q2"])
        self.assertTrue(doc["review_due"])
        self.assertIsNone(doc["last_review"])
        # Filters keep the items above what matches.
        self.assertEqual([i["id"] for i in self.w.js("roadmap", "--quarter", "2027Q2")["items"]], [1])
        self.assertEqual([i["id"] for i in self.w.js("roadmap", "--owner", "Bo Chen")["items"]], [1, 2])
        self.assertEqual([i["id"] for i in self.w.js("roadmap", "--quarter", "q1-2027")["items"]], [1, 2, 3, 4])
        shown = self.w.js("roadmap", "show", "3")
        self.assertEqual((shown["title"], shown["parent"], shown["depth"]), ("SSO GA", 2, 2))
        self.assertIn("#3 release: SSO GA [yellow]", self.w.tm("roadmap", "show", "#3").stdout)

    def test_refusals_exit_2_3_or_4_and_change_nothing(self):
        w = self.w
        w.rejected("roadmap", "add", "x", "--level", "release", "--parent", "1", code=2,
                   words=["invalid --parent: the parent of a release item is an initiative item, and item 1 "
                          "'Win mid-market' is a strategic item"])
        w.rejected("roadmap", "add", "x", "--level", "strategic", "--parent", "1", code=2,
                   words="a strategic item has no --parent")
        w.rejected("roadmap", "set", "2", "--parent", "2", code=2, words="its own --parent")
        w.rejected("roadmap", "set", "3", "--parent", "1", code=2, words="--parent")
        w.rejected("roadmap", "set", "3", "--level", "initiative", code=2, words="keeps its level")
        w.rejected("roadmap", "add", "x", "--level", "release", "--quarter", "2027Q5", code=2,
                   words="invalid quarter '2027Q5'")
        w.rejected("roadmap", "add", "x", "--level", "rung", code=2, words="unknown level 'rung'")
        w.rejected("roadmap", "add", "x", "--level", "release", "--launch", "nope", code=3, words="unknown launch 'nope'")
        w.rejected("roadmap", "add", "x", "--level", "release", "--idea", "77", code=3, words="77")
        w.rejected("roadmap", "add", "x", "--level", "release", "--owner", "Nobody", code=3, words="Nobody")
        w.rejected("roadmap", "rm", "2", code=4, words="has items under it (item 3 'SSO GA')")
        w.rejected("roadmap", "show", "99", code=3, words="unknown roadmap item 99")
        w.rejected("roadmap", "--quarter", "later", code=2, words="invalid quarter")
        w.rejected("roadmap", "set", "3", code=2, words="nothing to change")


class Changes(unittest.TestCase):
    def setUp(self):
        self.w = Workspace(today=TODAY)
        self.w.tm("person", "add", "Ana Silva", "--role", "pm")
        self.w.tm("launch", "add", "SSO", "--date", "2027-03-10", "--tier", "3", "--pm", "Ana Silva")

    def tearDown(self):
        self.w.close()

    def test_slip_past_the_quarter_turns_red_and_review_clears_the_rule(self):
        w = self.w
        w.tm("roadmap", "add", "SSO GA", "--level", "release", "--quarter", "2027Q1", "--launch", "sso")
        # Never reviewed: check --all warns about the workspace (a warning: exit 0).
        doc = w.js("check", "--all")
        [ws] = [c for c in doc if c.get("workspace")]
        self.assertEqual([f["rule"] for f in ws["findings"]], ["roadmap-review-due"])
        self.assertIn("has never been reviewed", w.tm("check", "--all", "--rule", "roadmap-review-due").stdout)
        self.assertIn("recorded the roadmap review of 2027-01-11",
                      w.tm("roadmap", "review", "--notes", "SSO on track").stdout)
        self.assertFalse([c for c in w.js("check", "--all") if c.get("workspace")])
        # Six weeks and a day later it is due again.
        later = w.tm("check", "--all", "--rule", "roadmap-review-due", today="2027-02-23").stdout
        self.assertIn("was last reviewed on 2027-01-11, 43 days ago", later)
        self.assertNotIn("roadmap-review-due", w.tm("check", "--all", today="2027-02-22").stdout)

        # A slip within the quarter is not red; past its last day it is.
        w.tm("launch", "delay", "sso", "--to", "2027-03-24", "--reason", "vendor")
        self.assertEqual(w.js("roadmap")["items"][0]["colour"], "green")
        w.tm("launch", "delay", "sso", "--to", "2027-04-07", "--reason", "vendor again")
        it = w.js("roadmap")["items"][0]
        self.assertEqual((it["colour"], it["status"]), ("red", "green"))
        self.assertEqual(it["why_red"], "launch 'sso' slipped from 2027-03-10 to 2027-04-07, past 2027Q1")
        self.assertEqual(it["launches"][0]["first_date"], "2027-03-10")
        self.assertIn("slipped from 2027-03-10", w.tm("roadmap").stdout)
        # Moved to the next quarter, it is green again.
        w.tm("roadmap", "set", "1", "--quarter", "2027Q2")
        self.assertEqual(w.js("roadmap")["items"][0]["colour"], "green")
        # Removing a leaf is audited and leaves the launch alone.
        removed = w.js("roadmap", "rm", "1")
        self.assertEqual(removed["title"], "SSO GA")
        self.assertEqual(w.js("roadmap")["items"], [])
        self.assertEqual(w.js("launch", "show", "sso")["slug"], "sso")
        actions = [a for (a,) in w.query("SELECT action FROM audit WHERE action LIKE 'roadmap.%' ORDER BY id")]
        self.assertEqual(actions, ["roadmap.add", "roadmap.review", "roadmap.set", "roadmap.rm"])

    def test_copy_of_an_item_whose_parent_has_a_higher_id(self):
        w = self.w
        w.tm("roadmap", "add", "Old bet", "--level", "strategic")
        w.tm("roadmap", "add", "SSO", "--level", "initiative", "--parent", "1")
        w.tm("roadmap", "add", "SSO GA", "--level", "release", "--parent", "2", "--launch", "sso")
        w.tm("roadmap", "add", "New bet", "--level", "strategic")
        w.tm("roadmap", "set", "2", "--parent", "4")  # 2 is now under 4: a parent of a higher id
        w.tm("roadmap", "review", "--notes", "re-parented SSO")
        before = w.js("roadmap")
        self.assertEqual([(i["id"], i["parent"]) for i in before["items"]], [(1, None), (4, None), (2, 4), (3, 2)])
        # To the same engine, and to a SQLite file (from PostgreSQL when the suite runs there).
        for target in (w.new_db("copy.db"), os.path.join(w.dir, "copy-file.db")):
            with self.subTest(target=target):
                counts = w.js("copy", "--from", w.db, "--to", target)
                self.assertTrue(counts)
                self.assertEqual(w.js("roadmap", db=target), before)
                self.assertEqual(w.integrity(db=target), [])
                # The ids go on where they stopped.
                self.assertEqual(w.js("roadmap", "add", "After", "--level", "strategic", db=target)["id"], 5)


if __name__ == "__main__":
    main()
