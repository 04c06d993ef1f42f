#!/usr/bin/env python3
"""Seed 003's cadence through the binary: `tminus agenda standup|weekly|monthly|quarterly [--date D]` writes
the meeting's agenda as Markdown from the workspace (real launches, tasks, people and numbers, each part with
its minutes: the huddle's five parts 5/10/15/10/5), `--json` the same as one document, `agenda` alone lists
the cadence, and `--ics` writes the recurring meetings as iCalendar (one VEVENT each, stable UIDs, RRULEs).
A bad date or an unknown meeting exits 2 naming it and changes nothing.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_agenda.py
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Workspace, main  # noqa: E402

TODAY = "2027-01-04"  # a Monday


class Agenda(unittest.TestCase):
    """One workspace for the class: three people, two launches within the next three weeks and one next
    quarter, a task due today, one waiting for it, one overdue, a metric behind and a decision."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(today=TODAY, tminus_user="Dana Reyes")
        w.tm("person", "add", "Dana Reyes", "--role", "pm")
        w.tm("person", "add", "Léa Dubois", "--role", "marketing")
        w.tm("person", "add", "Sam Ortiz", "--role", "sales")
        w.tm("launch", "add", "Smart inbox", "--date", "2027-01-13", "--tier", "2", "--pm", "Dana Reyes",
             "--marketing", "Léa Dubois")
        w.tm("launch", "add", "Team spaces", "--date", "2027-01-15", "--tier", "1", "--pm", "Dana Reyes")
        w.tm("launch", "add", "Audit log", "--date", "2027-04-12", "--tier", "3", "--pm", "Dana Reyes")
        w.tm("launch", "add", "Dark mode", "--date", "2026-12-01", "--tier", "3", "--pm", "Dana Reyes",
             today="2026-11-20")
        call = w.js("task", "add", "smart-inbox", "Call the pilot customers", "--owner", "Sam Ortiz", "--due",
                    "2027-01-04", "--section", "Sales")
        deck = w.js("task", "add", "smart-inbox", "Pilot deck", "--owner", "Léa Dubois", "--due", "2027-01-08",
                    "--section", "Sales")
        w.tm("task", "dep", "add", str(deck["id"]), "--after", str(call["id"]))
        w.tm("task", "add", "team-spaces", "Price sheet", "--owner", "Sam Ortiz", "--due", "2026-12-30",
             "--section", "Sales")
        w.tm("metric", "add", "dark-mode", "Activation rate", "--kind", "activation", "--unit", "%", "--direction",
             "up", "--baseline", "40", "--target", "50", "--window", "100", "--owner", "Dana Reyes")
        w.tm("metric", "record", "dark-mode", "Activation rate", "41", "--on", "2026-12-31")
        w.tm("decision", "add", "smart-inbox", "Ship the inbox to pilot customers first",
             "--why", "the pilot found two blocking bugs")
        cls.call_id = call["id"]

    @classmethod
    def tearDownClass(cls):
        cls.w.close()

    def md(self, *args, **kw):
        return self.w.tm("agenda", *args, **kw).stdout

    def part(self, text, title):
        """The lines of the part titled title ("## N. Title (M min)") of a Markdown agenda."""
        m = re.search(r"^## \d\. " + re.escape(title) + r" \(\d+ min\)\n\n(.*?)(?=^## |^---|\Z)", text, re.S | re.M)
        self.assertIsNotNone(m, f"no part {title!r} in:\n{text}")
        return m.group(1)

    def test_standup_names_due_and_blocked_by_owner(self):
        out = self.md("standup")
        self.assertTrue(out.startswith("# Stand-up, 2027-01-04 (15 minutes)\n"), out)
        today = self.part(out, "Due today")
        self.assertIn("- Sam Ortiz: 1 task\n  - Call the pilot customers (Smart inbox, Tier 2, launch day 2027-01-13), "
                      "due 2027-01-04\n", today)
        self.assertIn("Pilot deck (Smart inbox", self.part(out, "Due this week"))
        blocked = self.part(out, "Blocked")
        lea = blocked[blocked.index("- Léa Dubois: "):]
        lea = lea[:lea.index("\n- ")]
        self.assertIn("\n  - Pilot deck (Smart inbox, Tier 2, launch day 2027-01-13), due 2027-01-08, "
                      "waiting for 'Call the pilot customers' (Sam Ortiz, todo)", lea)
        # Each blocked task says why: overdue, waiting for an open task, or its copy awaiting approval.
        for line in blocked.splitlines():
            if line.startswith("  - "):
                self.assertRegex(line, r", (overdue since \d{4}-\d\d-\d\d|waiting for '.*' \(.*\))$|: its copy needs approving$")
        self.assertIn("Price sheet (Team spaces, Tier 1, launch day 2027-01-15), due 2026-12-30, overdue since 2026-12-30",
                      blocked)
        # Held on Friday: the call is overdue, and the deck is today's.
        friday = self.md("standup", "--date", "2027-01-08")
        self.assertIn("Pilot deck", self.part(friday, "Due today"))
        self.assertIn("Call the pilot customers (Smart inbox, Tier 2, launch day 2027-01-13), due 2027-01-04, overdue since",
                      self.part(friday, "Blocked"))

    def test_weekly_huddle_has_the_seeds_five_parts(self):
        out = self.md("weekly", "--date", "2027-01-05")
        self.assertTrue(out.startswith("# Weekly huddle, week 2027-W01 (45 minutes)\n"), out)
        parts = re.findall(r"^## (\d)\. (.*) \((\d+) min\)$", out, re.M)
        self.assertEqual(parts, [("1", "Status per team", "5"), ("2", "Blockers", "10"),
                                 ("3", "Dependencies across launches", "15"), ("4", "Decisions to take", "10"),
                                 ("5", "Owners", "5")])
        self.assertIn("2 launches land by 2027-01-24: Smart inbox (Tier 2, 2027-01-13), Team spaces (Tier 1, 2027-01-15)",
                      self.part(out, "Status per team"))
        self.assertIn("- Team spaces (2027-01-15): marketing-surprise, error: ", self.part(out, "Blockers"))
        deps = self.part(out, "Dependencies across launches")
        self.assertRegex(deps, r"Dana Reyes has \d+ open tasks across 2 launches due by 2027-01-17: ")
        self.assertIn("Smart inbox (Tier 2, 2027-01-13) and Team spaces (Tier 1, 2027-01-15) land 2 days apart", deps)
        self.assertIn("Team spaces (2027-01-15) has no marketing owner", self.part(out, "Owners"))
        # The same agenda as JSON: its parts, minutes and items with what each is about.
        j = self.w.js("agenda", "weekly", "--date", "2027-01-05")
        self.assertEqual((j["meeting"], j["date"], j["from"], j["to"], j["period"], j["minutes"]),
                         ("weekly", "2027-01-05", "2027-01-04", "2027-01-10", "2027-W01", 45))
        self.assertEqual([(s["title"], s["minutes"]) for s in j["sections"]],
                         [("Status per team", 5), ("Blockers", 10), ("Dependencies across launches", 15),
                          ("Decisions to take", 10), ("Owners", 5)])
        blocker = next(i for i in j["sections"][1]["items"] if i["text"].startswith("Team spaces (2027-01-15): marketing-surprise"))
        self.assertEqual(blocker["launch"], "team-spaces")
        self.assertEqual(j["markdown"], out)

    def test_monthly_review_judges_metrics_and_lists_decisions(self):
        out = self.md("monthly")
        self.assertTrue(out.startswith("# Monthly review, 2026-12-06 to 2027-01-04 (90 minutes)\n"), out)
        self.assertIn("- Dark mode: Activation rate behind, 41% on 2026-12-31, path 43% (target 50% by 2027-03-11)",
                      self.part(out, "Metrics"))
        self.assertIn("2027-01-04, smart-inbox: Ship the inbox to pilot customers first; why: the pilot found two "
                      "blocking bugs", self.part(out, "Learnings"))
        self.assertIn("Dark mode: 1 of 1 metrics missed or behind", self.part(out, "Messaging and priorities to adjust"))
        self.assertEqual(sum(int(m) for m in re.findall(r"^## \d\. .* \((\d+) min\)$", out, re.M)), 90)

    def test_quarterly_planning_lists_the_next_quarter_by_tier(self):
        out = self.md("quarterly")
        self.assertTrue(out.startswith("# Quarterly planning for 2027Q2 (120 minutes)\n"), out)
        launches = self.part(out, "Launches of the next quarter by tier")
        self.assertIn("- Tier 3: 1 launch\n  - Audit log, 2027-04-12: PM Dana Reyes, marketing none", launches)
        self.assertNotIn("Smart inbox", launches)
        self.assertIn("Audit log (Tier 3, 2027-04-12) has no marketing owner", self.part(out, "Owners to confirm"))

    def test_the_cadence_and_its_icalendar(self):
        table = self.md()
        self.assertRegex(table, r"\nweekly +45  every Tuesday, 10:00 +2027-01-05\n")
        self.assertRegex(table, r"monthly\s+90\s+first Thursday of the month, 14:00\s+2027-01-07")
        self.assertTrue(all(len(line) <= 80 for line in table.splitlines()), table)
        c = self.w.js("agenda")
        self.assertEqual([(m["meeting"], m["minutes"], m["first"], m["start"]) for m in c["meetings"]],
                         [("standup", 15, "2027-01-04", "09:30"), ("weekly", 45, "2027-01-05", "10:00"),
                          ("monthly", 90, "2027-01-07", "14:00"), ("quarterly", 120, "2027-03-01", "10:00")])
        self.assertEqual([p["minutes"] for p in c["meetings"][1]["parts"]], [5, 10, 15, 10, 5])
        ics = self.md("--ics")
        lines = ics.replace("\r\n ", "").splitlines()  # unfolded
        self.assertEqual(lines[0], "BEGIN:VCALENDAR")
        self.assertEqual(lines.count("BEGIN:VEVENT"), 4)
        for uid, start, end, rule in [
                ("cadence-standup@tminus", "20270104T093000", "20270104T094500", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
                ("cadence-weekly@tminus", "20270105T100000", "20270105T104500", "FREQ=WEEKLY;BYDAY=TU"),
                ("cadence-monthly@tminus", "20270107T140000", "20270107T153000", "FREQ=MONTHLY;BYDAY=1TH"),
                ("cadence-quarterly@tminus", "20270301T100000", "20270301T120000", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO")]:
            at = lines.index("UID:" + uid)
            event = lines[at:lines.index("END:VEVENT", at)]
            self.assertIn("DTSTART:" + start, event)
            self.assertIn("DTEND:" + end, event)
            self.assertIn("RRULE:" + rule, event)
        self.assertIn("2. Blockers (10 min)", ics.replace("\r\n ", ""))
        one = self.md("weekly", "--ics")
        self.assertEqual(one.count("BEGIN:VEVENT"), 1)
        self.assertIn("UID:cadence-weekly@tminus", one)

    def test_bad_input_is_refused(self):
        self.w.rejected("agenda", "weekly", "--date", "2027-02-30", code=2, words=("invalid date '2027-02-30'",))
        self.w.rejected("agenda", "yearly", code=2, words=("unknown meeting 'yearly'", "standup, weekly"))
        self.w.rejected("agenda", "--ics", "--date", "tomorrow", code=2, words=("invalid date 'tomorrow'",))
        self.w.rejected("agenda", "weekly", "monthly", code=2)


class Demo(unittest.TestCase):
    """Every agenda of the demo workspace names its real launches and people."""

    def test_each_meeting_of_the_demo(self):
        w = Workspace(today="2026-11-22")
        try:
            w.tm("demo")
            for meeting in ("standup", "weekly", "monthly", "quarterly"):
                j = w.js("agenda", meeting)
                self.assertEqual(j["meeting"], meeting)
                self.assertTrue(any(s["items"] for s in j["sections"]), meeting)
            self.assertIn("Usage-based billing", w.tm("agenda", "weekly", "--date", "2026-12-01").stdout)
            # The demo's backlog, experiments and roadmap in the meetings that weigh them.
            weekly = w.tm("agenda", "weekly").stdout
            self.assertIn("Close the experiment Usage pricing step (pricing, owner Ben Okafor), control-wins: plus-12 "
                          "converts 9.3% of 1500 against the control's 12.0% of 1500", weekly)
            self.assertIn("Answer the market question #11 'Do finance leads read the changelog?'", weekly)
            monthly = w.tm("agenda", "monthly").stdout
            self.assertIn("Messaging: 'dev-first' wins Developer-first headline", monthly)
            self.assertIn("warnings: peeking", monthly)
            self.assertIn("Drop the partner webinar series (chose: Drop it)", monthly)
            quarterly = w.tm("agenda", "quarterly").stdout
            self.assertIn("1. #8 Show the per-call price on the pricing page (market idea, experimenting, owner Ben Okafor, "
                          "for Finance Frank): 6000 × 1 × 80% ÷ 1 = 4800", quarterly)
            self.assertIn("#9 Audit log export (Femi Adeyemi, 2027Q1, green); launches: Audit log export", quarterly)
        finally:
            w.close()


if __name__ == "__main__":
    main()
