#!/usr/bin/env python3
"""End-to-end tests of plans that hold: the critical path (the issue's
examples), explanations, baselines, delays that ripple, holidays (typed and
imported from iCalendar), freezes, the launch calendar with its conflicts,
and the iCalendar feed read back by a real calendar client (calcurse).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_plans.py
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import TMINUS, WorkspaceCase, main  # noqa: E402


class Base(WorkspaceCase):
    today = "2027-03-01"

    def chain_launch(self):
        """The issue's example: Launch (T, Tue 2027-03-16) waits for A (3 days), which waits for B (2 days)."""
        tasks = self.js("launch", "add", "Chain", "--date", "2027-03-16", "--tier", "4")["tasks"]
        ids = {t["title"]: t["id"] for t in tasks}
        self.tm("task", "set", str(ids["Release notes"]), "--status", "skipped")
        b = self.js("task", "add", "chain", "B", "--days", "2")["id"]
        a = self.js("task", "add", "chain", "A", "--days", "3", "--after", str(b))["id"]
        self.tm("task", "dep", "add", str(ids["Launch"]), "--after", str(a))
        return ids["Launch"], a, b


class Plan(Base):
    def test_issue_example(self):
        launch, a, b = self.chain_launch()
        plan = self.js("plan", "chain")
        self.assertEqual(set(plan), {"launch", "date", "today", "feasible", "critical_path", "tasks", "min_slack_days",
                                     "closed_tasks"})
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertEqual((t[a]["latest_start"], t[a]["latest_finish"]), ("2027-03-11", "2027-03-15"))
        self.assertEqual((t[b]["latest_start"], t[b]["latest_finish"]), ("2027-03-09", "2027-03-10"))
        self.assertEqual((t[b]["earliest_start"], t[b]["earliest_finish"]), ("2027-03-01", "2027-03-02"))
        self.assertEqual(t[b]["slack_days"], 6)
        self.assertTrue(plan["feasible"])
        self.assertEqual(plan["critical_path"], [b, a])  # the launch sits on T: it has no slack to lose
        self.assertEqual(t[launch]["earliest_start"], "2027-03-16")
        self.assertNotIn("Release notes", [x["title"] for x in plan["tasks"]])  # skipped tasks are not planned
        text = self.tm("plan", "chain").stdout
        self.assertIn("critical path: #%d B → #%d A\n" % (b, a), text)
        self.assertIn("Gantt", text)
        self.assertRegex(text, r"#%d B\s+##" % b)

    def test_milestone_deadline_and_infeasible(self):
        tasks = self.js("launch", "add", "Big", "--date", "2027-03-16", "--tier", "1")["tasks"]
        ids = {t["title"]: t["id"] for t in tasks}
        plan = self.js("plan", "big", today="2027-02-01")
        t = {x["id"]: x for x in plan["tasks"]}
        # Messaging approved (T-3w, 2027-02-23) waits for the 2-day messaging hierarchy: it ends the day before.
        self.assertEqual(t[ids["Messaging approved"]]["latest_finish"], "2027-02-23")
        self.assertEqual(t[ids["Messaging hierarchy approved"]]["latest_finish"], "2027-02-22")
        late = self.js("plan", "big", today="2027-03-10")
        self.assertFalse(late["feasible"])
        self.assertLess(min(x["slack_days"] for x in late["tasks"]), 0)
        self.assertIn("NO", self.tm("plan", "big", today="2027-03-10").stdout)

    def test_explain(self):
        launch, a, b = self.chain_launch()
        ex = self.js("plan", "chain", "--explain", str(b))
        self.assertEqual([c["id"] for c in ex["chain"]], [b, a, launch])
        self.assertEqual(ex["chain"][-1]["fixed_by"], "due")
        self.assertTrue(ex["critical"])
        text = self.tm("plan", "chain", "--explain", str(b)).stdout
        self.assertIn("because #%d A waits for it" % a, text)
        self.assertIn("6 working days of slack", text)
        other = self.js("launch", "add", "Other", "--date", "2027-03-16", "--tier", "4")["tasks"][0]["id"]
        self.rejected("plan", "chain", "--explain", str(other), code=2, words="belongs to launch 'other'")

    def test_nothing_to_plan_is_a_clear_empty_answer(self):
        tasks = self.js("launch", "add", "Done", "--date", "2027-03-16", "--tier", "4")["tasks"]
        for t in tasks:
            self.tm("task", "done", str(t["id"]))
        self.assertEqual(self.js("plan", "done")["tasks"], [])
        self.assertIn("nothing left to plan", self.tm("plan", "done").stdout)
        self.rejected("plan", "no-such-launch", code=3, words="unknown launch")

    def test_baselines_and_variance(self):
        launch, a, b = self.chain_launch()
        self.tm("baseline", "save", "chain", "kickoff")
        self.rejected("baseline", "save", "chain", "kickoff", code=4, words="already has a baseline")
        self.assertEqual([x["name"] for x in self.js("baseline", "list", "chain")], ["kickoff"])
        later = self.js("plan", "chain", "--against", "kickoff", today="2027-03-05")
        rows = {r["id"]: r for r in later["tasks"]}
        self.assertEqual(rows[b]["variance_days"], 4)  # B now finishes 4 working days later
        self.assertEqual(rows[b]["baseline_finish"], "2027-03-02")

    def test_plan_all_books_people_per_week(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("launch", "add", "One", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana")
        self.tm("launch", "add", "Two", "--date", "2027-03-17", "--tier", "2", "--pm", "Ana")
        r = self.js("plan", "--all")
        self.assertEqual({l["launch"] for l in r["launches"]}, {"one", "two"})
        weeks = [l for l in r["load"] if l["person"] == "Ana"]
        self.assertTrue(weeks)
        self.assertTrue(any(w["over"] for w in weeks), weeks)
        self.tm("person", "set", "Ana", "--capacity", "7")
        r = self.js("plan", "--all")
        self.assertEqual({w["capacity"] for w in r["load"]}, {7})
        self.rejected("person", "set", "Ana", "--capacity", "9", code=2, words="capacity")


class Delay(Base):
    def test_delay_moves_offsets_keeps_fixed_and_done(self):
        tasks = self.js("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1")["tasks"]
        ids = {t["title"]: t for t in tasks}
        fixed = self.js("task", "add", "billing", "Analyst day", "--due", "2027-03-12")["id"]
        self.tm("task", "done", str(ids["Value proposition defined"]["id"]))
        r = self.js("launch", "delay", "billing", "--to", "2027-04-13", "--reason", "Payments partner certification")
        self.assertEqual((r["from"], r["to"]), ("2027-03-16", "2027-04-13"))
        self.assertIn(fixed, r["fixed"])
        self.assertNotIn(fixed, r["inconsistent"])  # still before T
        now = {t["title"]: t for t in self.js("task", "list", "billing")}
        self.assertEqual(now["Messaging approved"]["due"], "2027-03-23")
        self.assertEqual(now["Launch"]["due"], "2027-04-13")
        self.assertEqual(now["Analyst day"]["due"], "2027-03-12")
        self.assertEqual(now["Value proposition defined"]["due"], ids["Value proposition defined"]["due"])
        show = self.js("launch", "show", "billing")
        self.assertEqual(show["date"], "2027-04-13")
        self.assertEqual(show["slips"], 1)
        self.assertEqual(show["date_history"][0]["reason"], "Payments partner certification")
        self.assertEqual(show["date_history"][0]["by"], "Riley")
        self.assertIn("before delay to 2027-04-13", [b["name"] for b in self.js("baseline", "list", "billing")])
        ledger = self.js("decision", "list", "billing")
        self.assertEqual(len(ledger), 1)
        self.assertEqual((ledger[0]["why"], ledger[0]["who"]), ("Payments partner certification", "Riley"))
        self.assertIn("2027-03-16", ledger[0]["what"])
        # Pulling in past a fixed date flags it.
        r = self.js("launch", "delay", "billing", "--to", "2027-03-10", "--reason", "Competitor announced early")
        self.assertIn(fixed, r["inconsistent"])
        self.assertEqual(self.js("launch", "show", "billing")["slips"], 1)
        self.assertEqual(len(self.js("launch", "show", "billing")["date_history"]), 2)

    def test_bad_delays_change_nothing(self):
        self.tm("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "4")
        self.rejected("launch", "delay", "billing", "--to", "2027-02-30", "--reason", "x", code=2, words="2027-02-30")
        self.rejected("launch", "delay", "billing", "--to", "2027-04-01", code=2, words="--reason")
        self.rejected("launch", "delay", "billing", "--to", "2027-03-16", "--reason", "x", code=2, words="already on")
        self.rejected("launch", "delay", "nope", "--to", "2027-04-01", "--reason", "x", code=3, words="unknown launch")


class LaunchDay(Base):
    """The Launch milestone sits on T, post-launch work starts on T, and any task can have a not-before day.

    The issue's launch: Usage alerts on Tue 2027-03-16, tier 2, planned on Sun 2026-11-22."""
    today = "2026-11-22"

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.tm("launch", "add", "Usage alerts", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana")
        self.ids = {t["title"]: t["id"] for t in self.js("task", "list", "usage-alerts")}

    def plan(self, **kw):
        return {t["id"]: t for t in self.js("plan", "usage-alerts", **kw)["tasks"]}

    def test_launch_and_post_launch_work_start_on_T(self):
        plan = self.js("plan", "usage-alerts")
        t = {x["id"]: x for x in plan["tasks"]}
        launch, monitor = t[self.ids["Launch"]], t[self.ids["Monitor support tickets"]]
        self.assertEqual((launch["earliest_start"], launch["latest_start"]), ("2027-03-16", "2027-03-16"))
        self.assertEqual((monitor["earliest_start"], monitor["earliest_finish"]), ("2027-03-16", "2027-03-16"))
        for title in ("Collect early feedback", "Share initial metrics", "Case study candidates", "Full metrics review",
                      "Iterate based on learnings"):
            self.assertGreaterEqual(t[self.ids[title]]["earliest_start"], "2027-03-16", title)
        # Latest dates come from the deadlines alone: Collect early feedback (3 days, due T+1w Tue 03-23).
        feedback = t[self.ids["Collect early feedback"]]
        self.assertEqual((feedback["latest_start"], feedback["latest_finish"]), ("2027-03-19", "2027-03-23"))
        self.assertEqual(feedback["slack_days"], 3)
        # The least slack and the critical path are those of the work before T, not the 0 of the launch.
        self.assertEqual(plan["min_slack_days"], 71)
        self.assertEqual(plan["critical_path"], [self.ids["Messaging approved"]])
        self.assertFalse(launch["critical"])
        self.assertTrue(plan["feasible"])
        explain = self.tm("plan", "usage-alerts", "--explain", str(self.ids["Monitor support tickets"])).stdout
        self.assertIn("can start on Tue 2027-03-16 at the earliest", explain)
        self.assertIn("cannot start before it", explain)
        ex = self.js("plan", "usage-alerts", "--explain", str(self.ids["Launch"]))
        self.assertEqual(ex["earliest_start_fixed_by"], "launch-day")
        self.assertIn("sits on launch day", ex["explanation"])
        # The Gantt draws no post-launch work before T: the launch's row is blank up to its ◆.
        text = self.tm("plan", "usage-alerts").stdout
        gantt = text[text.index("Gantt"):]
        row = re.search(r"(?m)^#%d Monitor support tickets +(.*)$" % self.ids["Monitor support tickets"], gantt).group(1)
        lrow = re.search(r"(?m)^#%d Launch +(.*)$" % self.ids["Launch"], gantt)
        self.assertEqual(lrow.group(0).index("◆"), len(lrow.group(0)) - len(lrow.group(1)) + len(row) - len(row.lstrip()))
        self.assertRegex(text, r"(?m)^\s*%d\s+◆ Launch\s+-\s+2027-03-16\s+2027-03-16\s+0\s+from launch day" % self.ids["Launch"])

    def test_a_fixed_date_after_T_counts_as_post_launch(self):
        retro = self.js("task", "add", "usage-alerts", "Retro", "--days", "1", "--due", "2027-04-02")["id"]
        self.assertEqual(self.plan()[retro]["earliest_start"], "2027-03-16")
        # The launch on Saturday 2027-03-20: it sits on Friday 03-19 like its deadline; work due T starts then too.
        self.tm("launch", "delay", "usage-alerts", "--to", "2027-03-20", "--reason", "Saturday launch")
        plan = self.js("plan", "usage-alerts")
        t = {x["id"]: x for x in plan["tasks"]}
        for title in ("Launch", "Monitor support tickets"):
            row = t[self.ids[title]]
            self.assertEqual((row["earliest_start"], row["latest_finish"], row["slack_days"]), ("2027-03-19", "2027-03-19", 0))
        self.assertTrue(plan["feasible"], "a weekend launch is not late for sitting on its Friday")
        ex = self.tm("plan", "usage-alerts", "--explain", str(self.ids["Launch"])).stdout
        self.assertIn("(Sat 2027-03-20, counted as Fri 2027-03-19, the working day before)", ex)

    def test_not_before_dates_and_offsets(self):
        blog = self.ids["Blog post"]
        r = self.js("task", "set", str(blog), "--not-before", "2027-03-06")  # a Saturday: Monday is the first day
        self.assertEqual((r["not_before"], r["not_before_offset"]), ("2027-03-06", None))
        t = self.plan()[blog]
        self.assertEqual((t["earliest_start"], t["earliest_finish"]), ("2027-03-08", "2027-03-10"))
        self.assertEqual(t["latest_finish"], "2027-03-08", "not-before moves earliest dates only")
        self.assertLess(t["slack_days"], 0)
        ex = self.js("plan", "usage-alerts", "--explain", str(blog))
        self.assertEqual((ex["earliest_start_fixed_by"], ex["not_before"]), ("not-before", "2027-03-06"))
        self.assertIn("its not-before date is Sat 2027-03-06 and Mon 2027-03-08 is the first working day", ex["explanation"])
        # An offset follows T (and is shown with it); 'none' removes it.
        feedback = self.ids["Collect early feedback"]
        r = self.js("task", "set", str(feedback), "--not-before", "T+2bd")
        self.assertEqual((r["not_before"], r["not_before_offset"]), ("2027-03-18", "T+2bd"))
        listing = self.tm("task", "list", "usage-alerts").stdout
        self.assertIn("NOT BEFORE", listing)
        self.assertRegex(listing, r"Collect early feedback .*2027-03-18 \(T\+2bd\)")
        self.assertIn("not before 2027-03-18", self.tm("task", "set", str(feedback), "--days", "2").stdout)
        self.tm("launch", "delay", "usage-alerts", "--to", "2027-03-23", "--reason", "A week later")
        listed = {t["id"]: t for t in self.js("task", "list", "usage-alerts")}
        self.assertEqual(listed[feedback]["not_before"], "2027-03-25", "T+2bd from the new T, Tue 03-23")
        self.assertEqual(self.plan()[feedback]["earliest_start"], "2027-03-25")
        self.tm("holiday", "add", "2027-03-25", "Day off")
        self.assertEqual({t["id"]: t for t in self.js("task", "list", "usage-alerts")}[feedback]["not_before"], "2027-03-26")
        r = self.js("task", "set", str(feedback), "--not-before", "none")
        self.assertEqual((r["not_before"], r["not_before_offset"]), (None, None))
        self.tm("task", "set", str(blog), "--not-before", "none")
        self.assertNotIn("NOT BEFORE", self.tm("task", "list", "usage-alerts").stdout)
        # Added with one; refused when it makes no sense, changing nothing.
        new = self.js("task", "add", "usage-alerts", "Webinar", "--days", "1", "--due", "T-1bd", "--not-before", "T-1w")
        self.assertEqual((new["due"], new["not_before"]), ("2027-03-22", "2027-03-16"))
        self.rejected("task", "set", str(new["id"]), "--not-before", "2027-03-31", code=2, words="cannot start after its due date")
        self.rejected("task", "set", str(new["id"]), "--due", "2027-03-10", code=2, words="cannot start after its due date")
        self.rejected("task", "set", str(new["id"]), "--not-before", "soon", code=2, words="soon")
        self.rejected("task", "set", str(new["id"]), "--not-before", "1999-12-31", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("task", "set", str(new["id"]), "--not-before", "T+999q", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("task", "add", "usage-alerts", "X", "--not-before", "2200-01-01", code=2, words="2199-12-31")

    def test_a_two_week_slip_shows_on_every_task_that_moved(self):
        fixed = self.js("task", "add", "usage-alerts", "Analyst briefing", "--due", "2027-03-05", "--days", "1")["id"]
        self.tm("launch", "delay", "usage-alerts", "--to", "2027-03-30", "--reason", "Billing provider slipped two weeks")
        cmp = self.js("plan", "usage-alerts", "--against", "before delay to 2027-03-30")
        self.assertEqual((cmp["launch_variance_days"], cmp["date"]), (10, "2027-03-30"))
        rows = {r["id"]: r for r in cmp["tasks"]}
        for title, tid in self.ids.items():
            self.assertEqual(rows[tid]["due_variance_days"], 10, title)
            self.assertEqual(rows[tid]["latest_finish_variance_days"], 10, title)
        self.assertEqual((rows[fixed]["due_variance_days"], rows[fixed]["latest_finish_variance_days"]), (0, 0))
        self.assertEqual((cmp["due_dates_moved"], cmp["latest_finishes_moved"]), (16, 16))
        launch = rows[self.ids["Launch"]]
        self.assertEqual((launch["baseline_due"], launch["current_due"]), ("2027-03-16", "2027-03-30"))
        self.assertEqual((launch["baseline_latest_finish"], launch["current_latest_finish"]), ("2027-03-16", "2027-03-30"))
        self.assertEqual(launch["variance_days"], 10, "the launch's forecast moved with T")
        self.assertEqual(rows[self.ids["Changelog entry"]]["variance_days"], 0, "work before T can still start today")
        text = self.tm("plan", "usage-alerts", "--against", "before delay to 2027-03-30").stdout
        self.assertIn("16 due dates and 16 latest finishes moved", text)
        self.assertRegex(text, r"(?m)^\s*%d\s+Messaging approved\s+2027-03-02 → 03-16\s+\+10\s+2027-03-02 → 03-16\s+\+10"
                         % self.ids["Messaging approved"])
        self.assertRegex(text, r"(?m)^\s*%d\s+Analyst briefing\s+2027-03-05\s+\+0\s" % fixed)


class Range(Base):
    """Every date tminus stores lies in 2000-01-01 .. 2199-12-31, and renders in text, JSON and iCalendar."""

    def test_launch_days_outside_the_range_are_refused(self):
        self.tm("launch", "list")  # the workspace exists: a refusal must leave it as it was
        for date in ("9999-12-31", "1900-01-01", "1999-12-31", "2200-01-01"):
            self.rejected("launch", "add", "Far", "--date", date, "--tier", "4", code=2, words="2000-01-01 to 2199-12-31")
        # A launch whose playbook would put a date outside it is refused too, naming the task.
        p = self.rejected("launch", "add", "Last", "--date", "2199-12-31", "--tier", "1", code=2,
                          words="2000-01-01 to 2199-12-31")
        self.assertIn("'Collect early feedback' would be due 2200-01-07 (T+1w from launch day 2199-12-31)", p.stderr)
        p = self.rejected("launch", "add", "Last", "--date", "2199-12-10", "--tier", "1", code=2, words="2199-12-31")
        self.assertIn("'Case study candidates' would be due 2200-01-10 (T+1m from launch day 2199-12-10)", p.stderr)
        p = self.rejected("launch", "add", "First", "--date", "2000-01-03", "--tier", "4", code=2, words="1999-12-31")
        self.assertIn("'Release notes'", p.stderr)
        self.tm("launch", "add", "Quiet", "--date", "2199-12-31", "--tier", "4")
        self.rejected("launch", "set", "quiet", "--tier", "1", code=2, words="2200-01-07")
        self.rejected("task", "add", "quiet", "Later", "--due", "T+1d", code=2, words="2200-01-01")
        self.rejected("task", "add", "quiet", "Later", "--due", "2200-01-01", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("launch", "delay", "quiet", "--to", "2200-01-03", "--reason", "x", code=2, words="2199-12-31")
        self.rejected("holiday", "add", "2200-01-01", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("holiday", "add", "1999-12-31", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("freeze", "add", "2199-12-01", "2200-01-15", "Into 2200", code=2, words="2000-01-01 to 2199-12-31")
        self.rejected("freeze", "add", "1999-12-01", "2000-01-15", "From 1999", code=2, words="2000-01-01 to 2199-12-31")

    def test_the_edges_render_in_text_json_and_ics(self):
        # The last day: a tier 4 launch (Release notes T-1bd, Launch T); a tier 1 launch whose T+1q is 2199-12-30.
        self.tm("launch", "add", "Quiet", "--date", "2199-12-31", "--tier", "4")
        self.tm("launch", "add", "Big", "--date", "2199-09-30", "--tier", "1")
        self.tm("launch", "add", "Early", "--date", "2000-02-15", "--tier", "1")
        early_task = self.js("task", "add", "early", "Party", "--due", "2000-01-01", "--not-before", "2000-01-01")
        self.assertEqual((early_task["due"], early_task["not_before"]), ("2000-01-01", "2000-01-01"))
        self.tm("holiday", "add", "2000-01-01", "New Year")
        self.tm("holiday", "add", "2199-12-30", "Last Monday")
        self.tm("freeze", "add", "2199-12-24", "2199-12-31", "Last week")
        quiet = {t["title"]: t for t in self.js("task", "list", "quiet")}
        self.assertEqual((quiet["Release notes"]["due"], quiet["Launch"]["due"]), ("2199-12-27", "2199-12-31"))
        big = {t["title"]: t for t in self.js("task", "list", "big")}
        self.assertEqual(big["Iterate based on learnings"]["due"], "2199-12-31", "T+1q, Mon 12-30, is a holiday")
        for launch in ("quiet", "big", "early"):
            text = self.tm("task", "list", launch).stdout
            for t in self.js("task", "list", launch):
                self.assertTrue(t["due"] and "2000-01-01" <= t["due"] <= "2199-12-31", t)
                self.assertRegex(text, r"(?m)^\s*%d\s.*%s" % (t["id"], t["due"]), f"{launch}: the due date shows")
        self.assertIn("2199-12-31", self.tm("launch", "show", "quiet").stdout)
        plan = self.js("plan", "quiet", today="2199-12-01")
        self.assertEqual({t["latest_finish"] for t in plan["tasks"]}, {"2199-12-27", "2199-12-31"})
        self.assertIn("2199-12-31", self.tm("plan", "quiet", today="2199-12-01").stdout)
        self.assertEqual([h["date"] for h in self.js("holiday", "list")], ["2000-01-01", "2199-12-30"])
        ics = subprocess.run([TMINUS, "--db", self.db, "--today", "2199-12-01", "calendar", "--ics", "--from", "2199-12-01",
                              "--to", "2199-12-31"], env=self.env, capture_output=True, text=True, check=True).stdout
        self.assertIn("DTSTART;VALUE=DATE:21991231", ics)
        self.assertIn("DTEND;VALUE=DATE:22000101", ics)
        self.assertNotIn("00000000", ics)
        ics = subprocess.run([TMINUS, "--db", self.db, "--today", "2000-01-01", "calendar", "--ics", "--from", "2000-01-01",
                              "--to", "2000-02-29"], env=self.env, capture_output=True, text=True, check=True).stdout
        self.assertIn("DTSTART;VALUE=DATE:20000101", ics)
        self.assertIn("DTSTART;VALUE=DATE:20000125", ics)
        # Planned from the last days of the range, work runs past 2199 and still renders (and baselines keep it).
        self.js("task", "add", "quiet", "Long", "--days", "30")
        far = self.js("plan", "quiet", today="2199-12-20")
        self.assertTrue(any(t["earliest_finish"] > "2199-12-31" for t in far["tasks"]))
        self.tm("baseline", "save", "quiet", "late", today="2199-12-20")
        rows = self.js("plan", "quiet", "--against", "late", today="2199-12-20")["tasks"]
        self.assertTrue(any(r["baseline_finish"] and r["baseline_finish"].startswith("2200-") for r in rows), rows)

    def test_a_holiday_that_would_push_a_date_out_of_range_is_refused(self):
        # Quiet on Fri 2199-12-27 (a Friday) with work due T+2bd, Tue 2199-12-31: a holiday that day pushes it to 2200.
        self.tm("launch", "add", "Quiet", "--date", "2199-12-27", "--tier", "4")
        self.js("task", "add", "quiet", "Follow-up", "--due", "T+2bd")
        p = self.rejected("holiday", "add", "2199-12-31", code=2, words="2000-01-01 to 2199-12-31")
        self.assertIn("'Follow-up' would be due 2200-01-01", p.stderr)
        self.assertIn("launch 'quiet'", p.stderr)

    def test_import_leaves_out_days_outside_the_range(self):
        ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
               "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:19991231\r\n"
               "DTEND;VALUE=DATE:20000102\r\nSUMMARY:Millennium\r\nEND:VEVENT\r\n"
               "BEGIN:VEVENT\r\nUID:b@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:22000101\r\n"
               "SUMMARY:Far\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        r = self.js("holiday", "import", self.write("m.ics", ics))
        self.assertEqual((r["added"], r["left_out"]), (1, 2))
        self.assertEqual([h["date"] for h in self.js("holiday", "list")], ["2000-01-01"])
        self.assertIn("2 days outside 2000-01-01 to 2199-12-31 left out",
                      self.tm("holiday", "import", self.write("m.ics", ics)).stdout)
        only_far = ics.replace("DTEND;VALUE=DATE:20000102", "DTEND;VALUE=DATE:20000101")
        self.rejected("holiday", "import", self.write("far.ics", only_far), code=2, words="every day it holds is out of range")


class HolidayMoves(Base):
    """A holiday change writes and counts only the tasks whose dates actually move."""
    today = "2026-11-22"

    def versions(self, launch):
        return {t["id"]: (t["version"], t["due"], t.get("not_before")) for t in self.js("task", "list", launch)}

    def test_count_is_exact_and_unmoved_tasks_keep_their_versions(self):
        self.tm("launch", "add", "Usage alerts", "--date", "2027-03-16", "--tier", "2")
        self.tm("launch", "add", "Billing", "--date", "2027-01-13", "--tier", "1")
        before = {**self.versions("usage-alerts"), **self.versions("billing")}
        audit = len(self.js("audit", "--limit", "1000"))
        r = self.js("holiday", "add", "2026-12-27", "A Sunday")
        self.assertEqual(r["tasks_moved"], 0)
        self.assertEqual({**self.versions("usage-alerts"), **self.versions("billing")}, before)
        self.assertRegex(self.tm("holiday", "rm", "2026-12-27").stdout, r"\b0 open tasks with a date counted from T moved")
        self.assertEqual({**self.versions("usage-alerts"), **self.versions("billing")}, before)
        # Tue 2027-03-09: Support team informed, the optional content and Content ready (T-1w) move to Mon 03-08.
        r = self.js("holiday", "add", "2027-03-09", "Team day")
        after = {**self.versions("usage-alerts"), **self.versions("billing")}
        moved = {i for i in before if after[i][1] != before[i][1]}
        self.assertEqual(r["tasks_moved"], len(moved))
        self.assertEqual(len(moved), 5)
        for i in before:
            self.assertEqual(after[i][0], before[i][0] + (i in moved), f"task {i}: a new version only when it moved")
        self.assertIn("5 open tasks with a date counted from T moved", self.tm("holiday", "rm", "2027-03-09").stdout)
        back = {**self.versions("usage-alerts"), **self.versions("billing")}
        self.assertEqual({i: v[1] for i, v in back.items()}, {i: v[1] for i, v in before.items()})
        # Import: the same rule (a Sunday and a moving Tuesday).
        ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
               "BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261227\r\n"
               "SUMMARY:Sunday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        now = {**self.versions("usage-alerts"), **self.versions("billing")}
        self.assertEqual(self.js("holiday", "import", self.write("s.ics", ics))["tasks_moved"], 0)
        self.assertEqual({**self.versions("usage-alerts"), **self.versions("billing")}, now)
        self.assertGreater(len(self.js("audit", "--limit", "1000")), audit)

    def test_dates_from_an_older_database_do_not_count_as_moves(self):
        # A database from before the range: a launch on Mon 1900-01-01 whose Release notes (T-1bd) is 1899-12-29.
        self.tm("launch", "add", "Old", "--date", "2027-03-16", "--tier", "4")
        con = sqlite3.connect(self.db)
        con.execute("UPDATE launches SET date = '1900-01-01' WHERE slug = 'old'")
        con.execute("UPDATE tasks SET due = '1899-12-29' WHERE due_offset = 'T-1bd'")
        con.execute("UPDATE tasks SET due = '1900-01-01' WHERE due_offset = 'T'")
        con.commit()
        con.close()
        self.assertEqual(sorted(t["due"] for t in self.js("task", "list", "old")), ["1899-12-29", "1900-01-01"],
                         "older dates read back")
        before = self.versions("old")
        self.assertEqual(self.js("holiday", "add", "2026-12-27", "A Sunday")["tasks_moved"], 0)
        self.assertEqual(before, self.versions("old"))
        self.assertEqual(self.js("holiday", "rm", "2026-12-27")["tasks_moved"], 0)
        self.assertEqual(before, self.versions("old"))


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
       "BEGIN:VEVENT\r\nUID:h1@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270309\r\n"
       "SUMMARY:Company offsite\r\nEND:VEVENT\r\n"
       "BEGIN:VEVENT\r\nUID:h2@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\n"
       "SUMMARY:Christmas Day\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Calendar(Base):
    def test_holidays_move_due_dates(self):
        self.tm("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1")
        r = self.js("holiday", "add", "2027-02-23", "Team day")
        self.assertGreaterEqual(r["tasks_moved"], 1)
        due = {t["title"]: t["due"] for t in self.js("task", "list", "billing")}
        self.assertEqual(due["Messaging approved"], "2027-02-22")  # before T: the working day before
        self.tm("holiday", "rm", "2027-02-23")
        due = {t["title"]: t["due"] for t in self.js("task", "list", "billing")}
        self.assertEqual(due["Messaging approved"], "2027-02-23")
        self.rejected("holiday", "add", "2027-02-30", code=2, words="2027-02-30")
        self.rejected("holiday", "rm", "2027-01-05", code=3, words="not a holiday")

    def test_import_ics(self):
        r = self.js("holiday", "import", self.write("h.ics", ICS))
        self.assertEqual(r["added"], 5)  # the offsite, and Christmas 2026-2029 (three years ahead of today)
        dates = [h["date"] for h in self.js("holiday", "list")]
        self.assertIn("2027-03-09", dates)
        self.assertIn("2027-12-25", dates)
        self.assertEqual(self.js("holiday", "import", self.write("h.ics", ICS))["skipped"], 5)
        self.rejected("holiday", "import", self.write("bad.ics", "not a calendar\n"), code=2, words="iCalendar")
        # A plan skips holidays.
        launch, a, b = self.chain_launch()
        t = {x["id"]: x for x in self.js("plan", "chain")["tasks"]}
        self.assertEqual(t[b]["latest_start"], "2027-03-08")  # 03-09 is the offsite

    def test_freezes_and_conflicts(self):
        self.tm("freeze", "add", "2027-03-15", "2027-03-19", "Quarter close")
        self.rejected("freeze", "add", "2027-03-19", "2027-03-15", "Backwards", code=2, words="before it starts")
        self.tm("launch", "add", "One", "--date", "2027-03-16", "--tier", "1")
        self.tm("launch", "add", "Two", "--date", "2027-03-24", "--tier", "1")
        self.tm("launch", "add", "Sat", "--date", "2027-03-27", "--tier", "3")
        cal = self.js("calendar", "--from", "2027-03-01", "--to", "2027-03-31")
        rules = {(c["rule"], c["launch"]) for c in cal["conflicts"]}
        ids = {l["slug"]: l["id"] for l in self.js("launch", "list")}
        self.assertIn(("freeze-conflict", ids["one"]), rules)
        self.assertIn(("launch-collision", ids["one"]), rules)
        self.assertIn(("weekend-launch", ids["sat"]), rules)
        kinds = {e["kind"] for e in cal["events"]}
        self.assertEqual(kinds, {"launch", "milestone", "freeze"})
        text = self.tm("calendar", "--from", "2027-03-01", "--to", "2027-03-31").stdout
        self.assertIn("LAUNCH One (tier 1)", text)
        self.assertIn("launch-collision", text)
        self.tm("freeze", "rm", str(self.js("freeze", "list")[0]["id"]))
        self.assertEqual(self.js("freeze", "list"), [])

    def test_ics_feed_is_stable_and_reads_into_calcurse(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1", "--pm", "Ana")
        raw = subprocess.run([TMINUS, "--db", self.db, "calendar", "--ics", "--from", "2027-01-01", "--to",
                              "2027-12-31"], env=self.env, capture_output=True).stdout
        self.assertIn(b"END:VEVENT\r\n", raw)  # RFC 5545 lines end in CRLF
        one = self.tm("calendar", "--ics", "--from", "2027-01-01", "--to", "2027-12-31").stdout
        for prop in ("PRODID:", "X-WR-CALNAME:", "DTSTAMP:", "SUMMARY:Launch: Billing (Tier 1)"):
            self.assertIn(prop, one)
        uid = re.search(r"UID:(launch-\d+@tminus)", one).group(1)
        self.assertIn("SEQUENCE:0", one)
        self.tm("launch", "delay", "billing", "--to", "2027-03-23", "--reason", "QA")
        two = self.tm("calendar", "--ics", "--from", "2027-01-01", "--to", "2027-12-31").stdout
        block = two[two.index("UID:" + uid):]
        block = block[:block.index("END:VEVENT")]
        self.assertIn("SEQUENCE:1", block)
        self.assertIn("DTSTART;VALUE=DATE:20270323", block)
        uids = lambda s: sorted(re.findall(r"UID:(\S+)", s))
        self.assertEqual(uids(one), uids(two))
        todo = self.tm("calendar", "--ics", "--person", "Ana", "--from", "2027-01-01", "--to", "2027-12-31").stdout
        self.assertIn("BEGIN:VTODO", todo)
        self.assertIn("DUE;VALUE=DATE:", todo)
        # A real calendar client reads the launch back.
        calcurse = shutil.which("calcurse")
        self.assertIsNotNone(calcurse, "calcurse is missing: make test installs it")
        home = os.path.join(self.dir, "calcurse")
        os.makedirs(home)
        path = self.write("feed.ics", two)
        p = subprocess.run([calcurse, "-D", home, "-i", path], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("events", p.stdout)
        query = lambda day: subprocess.run([calcurse, "-D", home, "--input-datefmt", "4", "-Q", "--from", day, "--to",
                                            day], capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout
        self.assertIn("Launch: Billing (Tier 1)", query("2027-03-23"))
        self.assertNotIn("Launch: Billing", query("2027-03-16"))
        self.assertIn("Billing: Messaging approved", query("2027-03-02"))


if __name__ == "__main__":
    main()
