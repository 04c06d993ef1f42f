#!/usr/bin/env python3
"""End-to-end tests of issue 14's backlog through the real binary: backlog add, list, show, set, rm; backlog rank
with RICE = reach × impact × confidence ÷ effort (impact 3 / 2 / 1 / 0.5 / 0.25, confidence 100 / 80 / 50 %), the
arithmetic per row, ties ranked by id, the unscored items with what they lack; the statuses with --why on sunset
and drop; backlog promote, which creates the launch and links both ways (launch show names the idea, the idea
follows the launch: planned, launched, validating again when the launch is cancelled or removed). Every refusal
of the issue's "Bad input" exits 2 (4 for a conflict, 3 for an item that is not there), names its field, and
leaves the database exactly as it was.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_backlog.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402


class Backlog(WorkspaceCase):
    today = "2027-01-11"

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pm")

    def add(self, title, *more, kind="idea", track="product"):
        return self.js("backlog", "add", title, "--kind", kind, "--track", track, *more)

    def scored(self):
        """Four items: two tie at 800 (ids 1 and 3), one scores 750, one lacks three factors."""
        a = self.add("Usage-based pricing", "--track", "market", "--owner", "Ana Silva", "--reach", "2000",
                     "--impact", "high", "--confidence", "medium", "--effort", "4")
        b = self.add("SSO for teams", "--reach", "500", "--impact", "massive", "--confidence", "high", "--effort", "2")
        c = self.add("Audit log export", "--reach", "800", "--impact", "high", "--confidence", "medium",
                     "--effort", "1.6")
        d = self.add("Who signs the contract?", "--reach", "40", kind="question", track="market")
        return a, b, c, d


class Scoring(Backlog):
    def test_add_show_list(self):
        a, _, _, d = self.scored()
        self.assertEqual((a["id"], a["title"], a["kind"], a["track"], a["owner"], a["status"]),
                         (1, "Usage-based pricing", "idea", "market", "Ana Silva", "new"))
        self.assertEqual((a["reach"], a["impact"], a["confidence"], a["effort"]), (2000, "high", "medium", 4))
        self.assertEqual((a["rice"], a["rice_arithmetic"], a["lacks"]), (800, "2000 × 2 × 80% ÷ 4 = 800", []))
        self.assertEqual((d["rice"], d["rice_arithmetic"], d["lacks"]), (None, None, ["impact", "confidence", "effort"]))
        self.assertEqual(self.js("backlog", "show", "#1"), a)
        out = self.tm("backlog", "show", "4").stdout
        self.assertIn("40 × ? × ? ÷ ? (cannot be scored: lacks impact, confidence and effort)", out)
        self.assertEqual([i["id"] for i in self.js("backlog", "list", "--track", "market")], [1, 4])
        self.assertEqual([i["id"] for i in self.js("backlog", "list", "--kind", "question")], [4])
        self.assertEqual([i["id"] for i in self.js("backlog", "list", "--owner", "Ana")], [1])
        table = self.tm("backlog", "list").stdout.splitlines()
        self.assertEqual(table[0].split(), ["ID", "TITLE", "KIND", "TRACK", "STATUS", "OWNER", "RICE", "LAUNCH"])
        self.assertIn("750", table[2])
        self.assertEqual(table[-1], "4 items")

    def test_rank_shows_the_arithmetic_ties_by_id_and_what_unscored_items_lack(self):
        self.scored()
        r = self.js("backlog", "rank")
        self.assertEqual([(i["rank"], i["id"], i["rice"]) for i in r["ranked"]], [(1, 1, 800), (2, 3, 800), (3, 2, 750)])
        self.assertEqual(r["ranked"][1]["rice_arithmetic"], "800 × 2 × 80% ÷ 1.6 = 800")
        self.assertEqual(r["ranked"][2]["rice_arithmetic"], "500 × 3 × 100% ÷ 2 = 750")
        self.assertEqual([(i["id"], i["lacks"]) for i in r["unscored"]], [(4, ["impact", "confidence", "effort"])])
        text = self.tm("backlog", "rank").stdout.splitlines()
        self.assertEqual(text[0].split()[:6], ["RANK", "ID", "TITLE", "TRACK", "STATUS", "RICE"])
        self.assertTrue(text[1].split()[:2] == ["1", "1"] and text[1].endswith("2000 × 2 × 80% ÷ 4 = 800"), text[1])
        self.assertTrue(text[2].endswith("800 × 2 × 80% ÷ 1.6 = 800"), text[2])
        self.assertIn("3 items ranked; 1 cannot be scored:", text)
        self.assertIn("  #4 Who signs the contract? (market): lacks impact, confidence and effort", text)
        # A track ranks its own; the impact and confidence scales are the issue's.
        self.assertEqual([i["id"] for i in self.js("backlog", "rank", "--track", "product")["ranked"]], [3, 2])
        self.js("backlog", "set", "3", "--impact", "minimal", "--confidence", "low")
        self.assertEqual(self.js("backlog", "show", "3")["rice_arithmetic"], "800 × 0.25 × 50% ÷ 1.6 = 62.5")
        self.js("backlog", "set", "4", "--impact", "low", "--confidence", "high", "--effort", "0.5")
        r = self.js("backlog", "rank")
        self.assertEqual([i["id"] for i in r["ranked"]], [1, 2, 3, 4])
        self.assertEqual(r["ranked"][3]["rice_arithmetic"], "40 × 0.5 × 100% ÷ 0.5 = 40")
        self.assertEqual(r["unscored"], [])

    def test_an_item_names_a_glossary_persona(self):
        self.tm("glossary", "add", "Ops Olga", "--kind", "persona", "--role", "Head of RevOps")
        self.tm("glossary", "add", "ARR", "--kind", "term", "--definition", "annual recurring revenue")
        i = self.add("Usage alerts for RevOps", "--persona", "ops olga", track="market")
        self.assertEqual(i["persona"], "Ops Olga")
        self.rejected("backlog", "add", "X", "--kind", "idea", "--track", "market", "--persona", "ARR", code=2,
                      words="not a persona")
        self.assertIsNone(self.js("backlog", "set", str(i["id"]), "--persona", "")["persona"])

    def test_ties_rank_by_id_whatever_the_insertion(self):
        # Ten items with the same score, added in id order but changed in reverse: still ranked by id.
        for k in range(10):
            self.add(f"Idea {k}", "--reach", "100", "--impact", "medium", "--confidence", "high", "--effort", "1")
        for k in range(10, 0, -1):
            self.js("backlog", "set", str(k), "--reach", "100")
        self.assertEqual([i["id"] for i in self.js("backlog", "rank")["ranked"]], list(range(1, 11)))


class Statuses(Backlog):
    def test_sunset_and_drop_need_why_and_leave_the_ranking(self):
        self.scored()
        self.rejected("backlog", "set", "2", "--status", "dropped", code=2, words=("--why", "dropped"))
        self.rejected("backlog", "set", "2", "--status", "sunset", code=2, words="--why")
        self.rejected("backlog", "set", "2", "--why", "no buyer", code=2, words="--why")
        i = self.js("backlog", "set", "2", "--status", "dropped", "--why", "no buyer in the segment")
        self.assertEqual((i["status"], i["why"]), ("dropped", "no buyer in the segment"))
        self.assertNotIn(2, [x["id"] for x in self.js("backlog", "rank")["ranked"]])
        self.rejected("backlog", "set", "2", "--status", "new", code=2, words="dropped")
        i = self.js("backlog", "set", "2", "--status", "validating")
        self.assertEqual((i["status"], i["why"]), ("validating", ""))
        self.rejected("backlog", "set", "2", "--status", "launched", code=2, words="launch")
        self.rejected("backlog", "add", "X", "--kind", "idea", "--track", "product", "--status", "planned", code=2,
                      words="its status changes later")

    def test_rm(self):
        self.scored()
        self.assertIn("removed backlog item #2 SSO for teams", self.tm("backlog", "rm", "2").stdout)
        self.assertEqual([i["id"] for i in self.js("backlog", "list")], [1, 3, 4])
        self.rejected("backlog", "rm", "2", code=3, words="unknown backlog item 2")
        # Ids are never handed out again.
        self.assertEqual(self.add("Next")["id"], 5)


class BadInput(Backlog):
    def test_refusals_name_the_field_and_change_nothing(self):
        self.scored()
        base = ("backlog", "add", "X", "--kind", "idea", "--track", "product")
        self.rejected(*base, "--effort", "0", code=2, words=("--effort", "more than 0"))
        self.rejected(*base, "--effort", "-2", code=2, words="--effort")
        self.rejected("backlog", "set", "1", "--effort", "0", code=2, words="--effort")
        self.rejected(*base, "--impact", "huge", code=2, words=("impact", "massive, high, medium, low or minimal"))
        self.rejected(*base, "--confidence", "90", code=2, words=("confidence", "high, medium or low"))
        self.rejected(*base, "--reach", "-1", code=2, words="--reach")
        self.rejected(*base, "--reach", "lots", code=2, words="reach")
        self.rejected(*base, "--owner", "Nobody", code=2, words="Nobody")
        self.rejected(*base, "--persona", "Nobody", code=2, words=("persona", "Nobody"))
        self.rejected("backlog", "add", "X", "--kind", "epic", "--track", "product", code=2, words="kind")
        self.rejected("backlog", "add", "X", "--kind", "idea", code=2, words="--track")
        self.rejected("backlog", "list", "--track", "sales", code=2, words=("track", "product, market"))
        self.rejected("backlog", "rank", "--track", "sales", code=2, words="track")
        self.rejected("backlog", "show", "99", code=3, words="unknown backlog item 99")
        self.rejected("backlog", "show", "pricing", code=2, words="by its number")


class Promote(Backlog):
    def test_promote_links_both_ways_and_the_idea_follows_the_launch(self):
        self.scored()
        launch = self.js("backlog", "promote", "1", "--date", "2027-03-01", "--tier", "2", "--pm", "Ana Silva")
        self.assertEqual((launch["slug"], launch["name"], launch["tier"], launch["date"]),
                         ("usage-based-pricing", "Usage-based pricing", 2, "2027-03-01"))
        self.assertEqual(launch["idea"], {"id": 1, "title": "Usage-based pricing"})
        self.assertTrue(launch["tasks"])
        idea = self.js("backlog", "show", "1")
        self.assertEqual((idea["status"], idea["launch"]), ("planned", "usage-based-pricing"))
        self.assertEqual(self.js("launch", "show", "usage-based-pricing")["idea"], {"id": 1, "title": "Usage-based pricing"})
        self.assertIn("idea        #1 Usage-based pricing", self.tm("launch", "show", "usage-based-pricing").stdout)
        self.assertIsNone(self.js("launch", "add", "Other", "--date", "2027-04-05", "--tier", "4")["idea"])
        # Promoted once: a second promotion is a conflict.
        self.rejected("backlog", "promote", "1", "--date", "2027-04-01", "--tier", "3", code=4, words="promoted already")
        # The launch's status leads the idea's.
        self.tm("launch", "set", "usage-based-pricing", "--status", "launched")
        self.assertEqual(self.js("backlog", "show", "1")["status"], "launched")
        self.assertNotIn(1, [i["id"] for i in self.js("backlog", "rank")["ranked"]])
        self.tm("launch", "set", "usage-based-pricing", "--status", "cancelled")
        self.assertEqual(self.js("backlog", "show", "1")["status"], "validating")
        # A cancelled launch frees the idea for another promotion, by criteria this time, under another name.
        again = self.js("backlog", "promote", "1", "--date", "2027-05-03", "--major", "--name", "Pricing v2")
        self.assertEqual((again["slug"], again["idea"]["id"]), ("pricing-v2", 1))
        self.assertEqual(self.js("backlog", "show", "1")["launch"], "pricing-v2")
        # Removing the launch opens the idea again and unlinks it.
        self.tm("launch", "rm", "pricing-v2", "--yes")
        idea = self.js("backlog", "show", "1")
        self.assertEqual((idea["status"], idea["launch"]), ("validating", None))

    def test_promote_refusals(self):
        self.scored()
        self.rejected("backlog", "promote", "1", "--tier", "2", code=2, words="--date")
        self.rejected("backlog", "promote", "1", "--date", "2027-03-01", code=2, words="--tier")
        self.rejected("backlog", "promote", "9", "--date", "2027-03-01", "--tier", "2", code=3, words="9")
        self.js("backlog", "set", "2", "--status", "sunset", "--why", "the market moved")
        self.rejected("backlog", "promote", "2", "--date", "2027-03-01", "--tier", "2", code=2, words="sunset")
        text = self.tm("backlog", "promote", "3", "--date", "2027-03-01", "--tier", "3").stdout
        self.assertIn("promoted backlog item #3 Audit log export to launch 'audit-log-export'", text)
        self.assertIn("the item is planned now", text)

    def test_triage_ranks_launches_of_equal_impact_by_their_ideas_rice(self):
        self.add("Big bet", "--reach", "1000", "--impact", "high", "--confidence", "high", "--effort", "2")
        self.add("Small bet", "--reach", "100", "--impact", "high", "--confidence", "high", "--effort", "2")
        self.tm("launch", "add", "Plain", "--date", "2027-03-01", "--tier", "2")
        self.js("backlog", "promote", "2", "--date", "2027-03-02", "--tier", "2")
        self.js("backlog", "promote", "1", "--date", "2027-03-03", "--tier", "2")
        rows = self.js("triage", "--quarter", "2027Q1")["launches"]
        self.assertEqual([(r["launch"]["slug"], r["impact"], r["rice"]) for r in rows],
                         [("big-bet", 4, 1000), ("small-bet", 4, 100), ("plain", 4, None)])
        self.assertIn("RICE", self.tm("triage", "--quarter", "2027Q1").stdout)


if __name__ == "__main__":
    main()
