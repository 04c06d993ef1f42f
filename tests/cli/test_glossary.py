#!/usr/bin/env python3
"""End-to-end tests of issue 14's glossary and decision ledger through the real binary: glossary
add|set|rm|list|show with terms and personas (a term twice is a conflict, exit 4; bad input exit 2 naming
its option; nothing changed by a refusal), briefs naming the personas of their audience, decisions with
their options, choice, decider and links to a backlog item, an experiment and a roadmap item (checked to
exist), decision show and decision list --search (a word's start, every word, hostile text as plain words),
and `tminus copy` carrying the search index (SQLite to SQLite and to PostgreSQL).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_glossary.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import POSTGRES, Workspace, main, pg_cluster  # noqa: E402

HOSTILE = ['"', "*", "NEAR(", "OR", "'", '"usage', "usage\"*", "NEAR(metering", "a OR b", "(", ":*", "!", "&",
           "\\", "-", "AND NOT", "it's", "%", "_"]


class Glossary(unittest.TestCase):
    """One workspace for the class: the glossary, then the ledger over it."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(tminus_user="Riley")
        w.tm("person", "add", "Dana Reyes", "--role", "pm")
        w.tm("launch", "add", "Usage billing", "--date", "2027-03-01", "--tier", "2", "--pm", "Dana Reyes")
        w.tm("glossary", "add", "ARR", "--definition", "Annual recurring revenue")
        cls.persona = w.js("glossary", "add", "RevOps Lead", "--kind", "persona", "--role",
                           "Head of Revenue Operations", "--goals", "One forecast the board trusts", "--pains",
                           "Three spreadsheets that disagree")

    @classmethod
    def tearDownClass(cls):
        cls.w.close()

    def test_terms_and_personas(self):
        w = self.w
        p = self.persona
        self.assertEqual((p["term"], p["kind"], p["role"], p["goals"], p["pains"], p["version"]),
                         ("RevOps Lead", "persona", "Head of Revenue Operations", "One forecast the board trusts",
                          "Three spreadsheets that disagree", 1))
        self.assertEqual(w.js("glossary", "show", "revops lead"), p)
        self.assertEqual(w.js("glossary", "show", f"#{p['id']}"), p)
        self.assertEqual([t["term"] for t in w.js("glossary", "list", "--kind", "persona")], ["RevOps Lead"])
        table = w.tm("glossary", "list").stdout.splitlines()
        self.assertEqual(table[0].split(), ["ID", "TERM", "KIND", "ROLE", "DEFINITION"])
        self.assertIn("Annual recurring revenue", table[1])
        text = w.tm("glossary", "show", "RevOps Lead").stdout
        self.assertIn("role:  Head of Revenue Operations", text)
        self.assertIn("pains: Three spreadsheets that disagree", text)

        t = w.js("glossary", "add", "NRR", "--definition", "Net revenue retention")
        t2 = w.js("glossary", "set", "nrr", "--term", "Net revenue retention (NRR)", "--definition",
                  "Revenue kept from last year's customers, expansion included")
        self.assertEqual((t2["id"], t2["term"], t2["version"]), (t["id"], "Net revenue retention (NRR)", 2))
        self.assertIn("removed term", w.tm("glossary", "rm", "NET REVENUE RETENTION (NRR)").stdout)
        w.rejected("glossary", "show", "NRR", code=3, words="unknown glossary term 'NRR'")
        audit = w.query("SELECT action FROM audit WHERE action LIKE 'term.%' ORDER BY id")
        self.assertEqual([a[0] for a in audit], ["term.add", "term.add", "term.add", "term.set", "term.rm"])

    def test_bad_entries_are_refused_and_change_nothing(self):
        w = self.w
        w.rejected("glossary", "add", "arr", "--definition", "again", code=4, words="already")
        w.rejected("glossary", "set", "RevOps Lead", "--term", "ARR", code=4, words="already")
        w.rejected("glossary", "add", "MRR", code=2, words="--definition")
        w.rejected("glossary", "add", "MRR", "--definition", "Monthly", "--role", "CFO", code=2, words="--role")
        w.rejected("glossary", "add", "MRR", "--kind", "people", "--definition", "x", code=2, words="people")
        w.rejected("glossary", "add", " ", "--definition", "x", code=2, words="blank")
        w.rejected("glossary", "add", "T" * 121, "--definition", "x", code=2, words="too long")
        w.rejected("glossary", "set", "RevOps Lead", "--kind", "term", "--definition", "x", code=2, words="--role")
        w.rejected("glossary", "list", "--kind", "people", code=2, words="kind")
        w.rejected("glossary", "rm", "Nobody", code=3, words="unknown glossary term")

    def test_a_brief_names_the_personas_of_its_audience(self):
        w = self.w
        brief = w.write("brief.md", "# Launch Brief: Usage billing\n\n### Target Audience\n\n"
                                    "**Primary:** the RevOps lead of mid-market SaaS\n\n**Secondary:** Finance teams\n")
        w.tm("brief", "import", "usage-billing", brief)
        self.assertEqual(w.js("brief", "usage-billing")["personas"],
                         [{"term": "RevOps Lead", "role": "Head of Revenue Operations"}])
        p = w.tm("brief", "usage-billing")
        self.assertIn("RevOps Lead (Head of Revenue Operations)", p.stderr)
        self.assertNotIn("RevOps Lead (", p.stdout)  # the Markdown stays what brief import reads


class Decisions(unittest.TestCase):
    """One workspace: a launch, an idea, an experiment and a roadmap item, and the decisions about them."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(tminus_user="Riley")
        w.tm("person", "add", "Dana Reyes", "--role", "pm")
        w.tm("launch", "add", "Usage billing", "--date", "2027-03-01", "--tier", "2", "--pm", "Dana Reyes")
        cls.idea = w.js("backlog", "add", "Annual plans", "--kind", "idea", "--track", "market")
        cls.exp = w.js("experiment", "add", "annual-discount", "--kind", "pricing", "--hypothesis",
                       "12% off sells annual plans")
        cls.item = w.js("roadmap", "add", "Grow net revenue retention", "--level", "strategic")
        cls.item_id = cls.item["id"] if "id" in cls.item else cls.item["items"][0]["id"]
        cls.d = w.js("decision", "add", "usage-billing", "Annual plans at 12% off", "--why",
                     "The pricing test paid back in 4 months", "--option", "Monthly only", "--option",
                     "Annual at 12% off", "--chosen", "annual at 12% off", "--decided-by", "dana", "--idea",
                     str(cls.idea["id"]), "--experiment", "annual-discount", "--roadmap", str(cls.item_id))
        cls.other = w.js("decision", "add", "Hold the announcement", "--why", "Sales were not trained on pricing yet")
        cls.hostile = w.js("decision", "add", 'Use "usage-based" NEAR(metering) wording OR not', "--why",
                           "Customers' own words: it's what they say *", "--option", "Café copy", "--option",
                           "Plain copy", "--chosen", "Café copy")

    @classmethod
    def tearDownClass(cls):
        cls.w.close()

    def ids(self, *args):
        return [d["id"] for d in self.w.js("decision", "list", *args)]

    def test_a_decision_keeps_options_choice_decider_and_links(self):
        d = self.d
        self.assertEqual((d["launch"], d["what"], d["options"], d["chosen"], d["decided_by"], d["who"]),
                         ("usage-billing", "Annual plans at 12% off", ["Monthly only", "Annual at 12% off"],
                          "Annual at 12% off", "Dana Reyes", "Riley"))
        self.assertEqual(d["links"], [
            {"kind": "idea", "id": self.idea["id"], "label": "Annual plans"},
            {"kind": "experiment", "id": self.exp["id"], "label": "annual-discount"},
            {"kind": "roadmap", "id": self.item_id, "label": "Grow net revenue retention"},
        ])
        self.assertEqual(self.w.js("decision", "show", str(d["id"])), d)
        self.assertEqual(self.w.js("decision", "show", f"#{d['id']}"), d)
        text = self.w.tm("decision", "show", str(d["id"])).stdout
        self.assertIn("* Annual at 12% off  (chosen)", text)
        self.assertIn("- Monthly only", text)
        self.assertIn("decided by: Dana Reyes", text)
        self.assertIn(f"experiment #{self.exp['id']} annual-discount", text)
        # The portfolio decision has none of them.
        o = self.other
        self.assertEqual((o["launch"], o["options"], o["chosen"], o["decided_by"], o["links"]),
                         (None, [], None, None, []))
        self.assertEqual(self.ids("usage-billing"), [d["id"]])
        table = self.w.tm("decision", "list").stdout.splitlines()
        self.assertEqual(table[0].split(), ["ID", "DATE", "LAUNCH", "WHO", "WHAT", "CHOSEN", "WHY"])

    def test_bad_decisions_are_refused_and_change_nothing(self):
        w = self.w
        w.rejected("decision", "add", "X", "--why", "y", "--option", "A", "--option", "B", "--chosen", "C", code=2,
                   words=["--chosen", "not one of the options"])
        w.rejected("decision", "add", "X", "--why", "y", "--option", "A", "--option", "a", code=2, words="twice")
        w.rejected("decision", "add", "X", "--why", "y", "--idea", "999", code=3, words="999")
        w.rejected("decision", "add", "X", "--why", "y", "--experiment", "no-such", code=3, words="no-such")
        w.rejected("decision", "add", "X", "--why", "y", "--roadmap", "abc", code=2, words="abc")
        w.rejected("decision", "add", "X", "--why", "y", "--decided-by", "Nobody Here", code=3, words="Nobody Here")
        w.rejected("decision", "add", "X", "--why", "y", "--option", "", code=2, words="empty")
        w.rejected("decision", "show", "404", code=3, words="unknown decision 404")
        w.rejected("decision", "show", "twelve", code=2, words="twelve")
        w.rejected("decision", "list", "--search", "pricing", "nope", code=3, words="nope")

    def test_search_finds_word_starts_and_needs_every_word(self):
        d, o, h = self.d["id"], self.other["id"], self.hostile["id"]
        self.assertEqual(self.ids("--search", "ANNUAL"), [d])
        self.assertEqual(self.ids("--search", "pai bac"), [d])           # why
        self.assertEqual(self.ids("--search", "monthly"), [d])           # an option
        self.assertEqual(sorted(self.ids("--search", "pricing")), sorted([d, o]))
        self.assertEqual(self.ids("--search", "pricing trained"), [o])
        self.assertEqual(self.ids("--search", "pricing nothing-like-it"), [])
        self.assertEqual(self.ids("usage-billing", "--search", "pricing"), [d])
        self.assertEqual(self.ids("--search", "caf"), [h])
        self.assertIn("no decision matches", self.w.tm("decision", "list", "--search", "zzz").stdout)

    def test_hostile_text_is_plain_words(self):
        h = self.hostile["id"]
        for words in HOSTILE:
            with self.subTest(words):
                self.w.js("decision", "list", "--search", words)
        self.assertEqual(self.ids("--search", '"usage'), [h])
        self.assertEqual(self.ids("--search", "NEAR(metering"), [h])
        self.assertEqual(self.ids("--search", "OR"), [h])
        self.assertEqual(self.ids("--search", '"'), [])
        self.assertEqual(self.ids("--search", "'"), [])

    def test_copy_keeps_the_search(self):
        """tminus copy writes the decisions row by row: the search index comes with them (SQLite rebuilds
        it at the copy's end; PostgreSQL's is a column of the row). A workspace of its own: the ledger and
        the records it links, nothing else."""
        w = Workspace(tminus_user="Riley")
        targets = [os.path.join(w.dir, "copy.db")]
        try:
            w.tm("launch", "add", "Usage billing", "--date", "2027-03-01", "--tier", "2")
            idea = w.js("backlog", "add", "Annual plans", "--kind", "idea", "--track", "market")
            d = w.js("decision", "add", "usage-billing", "Annual plans at 12% off", "--why", "Paid back in 4 months",
                     "--option", "Monthly only", "--option", "Annual at 12% off", "--chosen", "Annual at 12% off",
                     "--idea", str(idea["id"]))
            other = w.js("decision", "add", "Hold the announcement", "--why", "Sales not trained on pricing")
            if not POSTGRES:
                targets.append(pg_cluster().database())
            for target in targets:
                with self.subTest(target=target.split("?")[0]):
                    w.tm("copy", "--from", w.db, "--to", target)
                    got = [x["id"] for x in w.js("decision", "list", "--search", "pricing", db=target)]
                    self.assertEqual(got, [other["id"]])
                    got = [x["id"] for x in w.js("decision", "list", "--search", "monthl", db=target)]
                    self.assertEqual(got, [d["id"]])
                    self.assertEqual(w.js("decision", "show", str(d["id"]), db=target), d)
                    # A decision added to the copy is found too, and so are the copied ones still.
                    n = w.js("decision", "add", "Price annual plans yearly", "--why", "x", db=target)
                    got = sorted(x["id"] for x in w.js("decision", "list", "--search", "pric", db=target))
                    self.assertEqual(got, sorted([other["id"], n["id"]]))
        finally:
            for target in targets[1:]:
                pg_cluster().drop(target)
            w.close()

if __name__ == "__main__":
    main()
