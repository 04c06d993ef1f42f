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
import subprocess

from tmtest import TMINUS, Workspace, main


class Base(Workspace):
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
