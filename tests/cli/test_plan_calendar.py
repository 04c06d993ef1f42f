#!/usr/bin/env python3
"""End-to-end tests of the issue "Plans that hold": the working-day calendar
(holidays typed and imported from iCalendar, freeze windows), the critical
path plan (the issue's MUST-HOLD example, milestones, slack, infeasibility,
--explain, baselines, --all with people's load), launch delays with their
history and decision ledger, and the launch calendar: agenda, conflicts and
the iCalendar feed read back by a real calendar client (calcurse).

Self-contained (Python 3 standard library only). Every test works on a fresh
temporary database with a pinned --today. Run it as:

    TMINUS=path/to/tminus TMINUS_SRC=/path/to/repo python3 tests/cli/test_plan_calendar.py

It ends with one line, 'N passed, M failed', and exits non-zero on failure.
"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

SRC = os.environ.get("TMINUS_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TMINUS = os.path.abspath(os.environ.get("TMINUS") or os.path.join(SRC, "build", "tminus"))

D = datetime.date.fromisoformat


def iso(d):
    return d.isoformat()


# ---------------------------------------------------------------------------
# iCalendar reading (RFC 5545: unfold, split into components and properties)
# ---------------------------------------------------------------------------

def unfold(text):
    """The logical lines of an iCalendar text (CRLF + space/tab continues a line)."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def components(text, kind):
    """Every BEGIN:kind … END:kind block as a dict: property name -> (params, value); repeated names keep the first."""
    out, cur, depth = [], None, 0
    for line in unfold(text):
        if line == "BEGIN:" + kind:
            cur, depth = {}, 0
            continue
        if cur is None:
            continue
        if line == "END:" + kind and depth == 0:
            out.append(cur)
            cur = None
            continue
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        if depth or ":" not in line:
            continue
        head, value = line.split(":", 1)
        name, _, params = head.partition(";")
        cur.setdefault(name, (params, value))
    return out


def ics_unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


# ---------------------------------------------------------------------------
# The workspace every test runs in
# ---------------------------------------------------------------------------

class Workspace(unittest.TestCase):
    today = "2027-03-01"  # a Monday
    user = "Riley"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tminus-plan-cal-")
        self.db = os.path.join(self.dir, "t.db")
        self.env = dict(os.environ, NO_COLOR="1", TMINUS_USER=self.user)
        self.env.pop("TMINUS_DB", None)
        self.env.pop("TMINUS_TODAY", None)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- running tminus --------------------------------------------------------

    def run_tm(self, *args, today=None, env=None, use_today=True):
        argv = [TMINUS, "--db", self.db]
        if use_today:
            argv += ["--today", today or self.today]
        return subprocess.run(argv + list(args), env=env or self.env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)

    def tm(self, *args, code=0, today=None, env=None):
        """Runs tminus; checks the exit status unless code is None."""
        p = self.run_tm(*args, today=today, env=env)
        if code is not None:
            self.assertEqual(p.returncode, code,
                             f"tminus {' '.join(args)} exited {p.returncode}, expected {code}\n"
                             f"stdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def js(self, *args, code=0, today=None, env=None):
        p = self.tm("--json", *args, code=code, today=today, env=env)
        try:
            return json.loads(p.stdout)
        except ValueError:
            self.fail(f"tminus --json {' '.join(args)} printed no JSON: {p.stdout!r}")

    def dump(self):
        con = sqlite3.connect(self.db)
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()

    def rejected(self, *args, code, words=None):
        """The command fails with `code` and a 'tminus: error: …' line, and changes nothing in the database."""
        self.tm("holiday", "list")  # make sure the database exists before the first dump
        before = self.dump()
        p = self.tm(*args, code=code)
        self.assertTrue(p.stderr.startswith("tminus: error: "), f"tminus {' '.join(args)}: stderr {p.stderr!r}")
        if words:
            self.assertIn(words, p.stderr)
        self.assertEqual(before, self.dump(), f"rejected 'tminus {' '.join(args)}' changed the database")
        return p

    def write(self, name, text, binary=False):
        path = os.path.join(self.dir, name)
        with (open(path, "wb") if binary else open(path, "w", newline="")) as f:
            f.write(text)
        return path

    # -- building blocks ---------------------------------------------------------

    def add_launch(self, name, date, tier, *extra):
        return self.js("launch", "add", name, "--date", date, "--tier", str(tier), *extra)

    def tasks(self, launch):
        return {t["title"]: t for t in self.js("task", "list", launch)}

    def add_task(self, launch, title, *extra):
        return self.js("task", "add", launch, title, *extra)["id"]

    def chain_launch(self):
        """The issue's MUST-HOLD example: launch 'Chain' on Tue 2027-03-16 (tier 4), 'Release notes' skipped,
        the Launch milestone waits for A (3 days), A waits for B (2 days). Returns (launch id, a, b)."""
        created = self.add_launch("Chain", "2027-03-16", 4)
        ids = {t["title"]: t["id"] for t in created["tasks"]}
        self.assertEqual(set(ids), {"Release notes", "Launch"}, "tier 4 should bring 'Release notes' and 'Launch'")
        self.tm("task", "set", str(ids["Release notes"]), "--status", "skipped")
        a = self.add_task("chain", "A", "--days", "3")
        b = self.add_task("chain", "B", "--days", "2")
        self.tm("task", "dep", "add", str(ids["Launch"]), "--after", str(a))
        self.tm("task", "dep", "add", str(a), "--after", str(b))
        return ids["Launch"], a, b

    def holidays(self):
        return {D(h["date"]) for h in self.js("holiday", "list")}

    def workdays_between(self, a, b, holidays=()):
        """Working days from a to b, as the spec counts slack: positive when b is later, negative when earlier."""
        a, b = D(a), D(b)
        sign, lo, hi = (1, a, b) if b >= a else (-1, b, a)
        n, d = 0, lo
        while d < hi:
            d += datetime.timedelta(days=1)
            if d.weekday() < 5 and d not in holidays:
                n += 1
        return sign * n

    @staticmethod
    def is_workday(d, holidays=()):
        d = D(d) if isinstance(d, str) else d
        return d.weekday() < 5 and d not in holidays

    def prev_workday(self, d, holidays=()):
        d = D(d) - datetime.timedelta(days=1)
        while not self.is_workday(d, holidays):
            d -= datetime.timedelta(days=1)
        return iso(d)

    @staticmethod
    def next_day(d):
        return iso(D(d) + datetime.timedelta(days=1))

    def ics(self, *args):
        """The iCalendar feed as text (raw bytes checked for CRLF by the caller if needed)."""
        p = subprocess.run([TMINUS, "--db", self.db, "--today", self.today, "calendar", "--ics", *args],
                           env=self.env, capture_output=True, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        self.raw_ics = p.stdout
        return p.stdout.decode("utf-8")

    def calcurse(self):
        path = shutil.which("calcurse")
        if path is None:
            self.fail("calcurse is not installed: the iCalendar feed must be checked with a real calendar client "
                      "(Debian package 'calcurse'; 'make test' installs it)")
        return path

    def calcurse_import(self, text):
        """Imports an iCalendar text into a fresh calcurse directory; returns a query function day-range -> {date: [items]}."""
        cc = self.calcurse()
        home = tempfile.mkdtemp(prefix="calcurse-", dir=self.dir)
        path = self.write(os.path.basename(home) + ".ics", text)
        p = subprocess.run([cc, "-D", home, "-i", path], capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, f"calcurse -i failed: {p.stdout}{p.stderr}")
        self.assertRegex(p.stdout, r"\b0 skipped\b", f"calcurse skipped items of the feed: {p.stdout}")

        def query(first, last):
            q = subprocess.run([cc, "-D", home, "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d", "-Q",
                                "--filter-type", "cal", "--from", first, "--to", last],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
            self.assertEqual(q.returncode, 0, f"calcurse -Q failed: {q.stdout}{q.stderr}")
            days, day = {}, None
            for line in q.stdout.splitlines():
                m = re.match(r"^(\d{4}-\d{2}-\d{2}):$", line)
                if m:
                    day = m.group(1)
                    days.setdefault(day, [])
                elif line.strip() and day:
                    days[day].append(re.sub(r"^\s*[*?-]\s*", "", line).strip())
            return days

        return p.stdout, query


# ---------------------------------------------------------------------------
# The working-day calendar: holidays
# ---------------------------------------------------------------------------

class Holidays(Workspace):
    today = "2027-02-01"

    def test_add_list_filter_and_remove(self):
        r = self.js("holiday", "add", "2027-04-05", "Easter Monday")
        self.assertEqual(r["added"], 1)
        self.tm("holiday", "add", "2027-12-24")
        self.tm("holiday", "add", "2027-05-25", "Spring day")
        listed = self.js("holiday", "list")
        self.assertEqual([h["date"] for h in listed], ["2027-04-05", "2027-05-25", "2027-12-24"], "sorted by date")
        self.assertEqual({h["date"]: h["name"] for h in listed}["2027-04-05"], "Easter Monday")
        window = self.js("holiday", "list", "--from", "2027-05-01", "--to", "2027-06-30")
        self.assertEqual([h["date"] for h in window], ["2027-05-25"])
        text = self.tm("holiday", "list").stdout
        self.assertRegex(text, r"2027-04-05\s+Mon\s+Easter Monday")
        self.assertIn("2027-12-24", text)
        self.tm("holiday", "rm", "2027-05-25")
        self.assertEqual([h["date"] for h in self.js("holiday", "list")], ["2027-04-05", "2027-12-24"])

    def test_before_T_a_holiday_moves_due_dates_to_the_previous_working_day(self):
        # T is Mon 2027-03-15: T-1w is Mon 2027-03-08; its previous working day is Fri 2027-03-05.
        self.add_launch("Mon", "2027-03-15", 4)
        prep = self.add_task("mon", "Prep", "--due", "T-1w")
        before = self.tasks("mon")
        self.assertEqual(before["Prep"]["due"], "2027-03-08")
        r = self.js("holiday", "add", "2027-03-08", "Team day")
        after = self.tasks("mon")
        self.assertEqual(after["Prep"]["due"], "2027-03-05")
        self.assertEqual(after["Prep"]["offset"], "T-1w", "the offset is kept, only the resolved date moves")
        moved = [t for t in after if after[t]["due"] != before[t]["due"]]
        self.assertEqual(r["tasks_moved"], len(moved), f"tasks_moved should count the moved tasks {moved}")
        self.assertIn(prep, [after[t]["id"] for t in moved])

    def test_after_T_a_holiday_moves_due_dates_to_the_next_working_day(self):
        self.add_launch("Mon", "2027-03-15", 4)
        self.add_task("mon", "Review", "--due", "T+1w")
        self.assertEqual(self.tasks("mon")["Review"]["due"], "2027-03-22")
        p = self.tm("holiday", "add", "2027-03-22", "Post-launch day off")
        self.assertEqual(self.tasks("mon")["Review"]["due"], "2027-03-23")
        self.assertRegex(p.stdout, r"\b1 open task\b.*moved", "the command says how many tasks moved")

    def test_fixed_dates_done_and_skipped_tasks_do_not_move(self):
        self.add_launch("Mon", "2027-03-15", 4)
        fixed = self.add_task("mon", "Fixed", "--due", "2027-03-08")
        done = self.add_task("mon", "Done", "--due", "T-1w")
        skipped = self.add_task("mon", "Skipped", "--due", "T-1w")
        open_ = self.add_task("mon", "Open", "--due", "T-1w")
        self.tm("task", "done", str(done))
        self.tm("task", "set", str(skipped), "--status", "skipped")
        r = self.js("holiday", "add", "2027-03-08")
        after = self.tasks("mon")
        self.assertEqual(after["Fixed"]["due"], "2027-03-08", "a fixed date is not an offset from T")
        self.assertEqual(after["Done"]["due"], "2027-03-08", "done work never moves")
        self.assertEqual(after["Skipped"]["due"], "2027-03-08", "only open tasks are re-resolved")
        self.assertEqual(after["Open"]["due"], "2027-03-05")
        self.assertEqual(r["tasks_moved"], 1)
        del fixed, open_

    def test_business_day_offsets_count_holidays_as_days_off(self):
        self.add_launch("Mon", "2027-03-15", 4)
        self.add_task("mon", "Biz", "--due", "T-5bd")
        self.assertEqual(self.tasks("mon")["Biz"]["due"], "2027-03-08")
        self.tm("holiday", "add", "2027-03-10")
        # Five working days before Mon 03-15 without Wed 03-10: 12, 11, 9, 8, 5.
        self.assertEqual(self.tasks("mon")["Biz"]["due"], "2027-03-05")
        self.assertEqual(self.tasks("mon")["Release notes"]["due"], "2027-03-12")  # T-1bd untouched

    def test_removing_a_holiday_moves_tasks_back_and_says_how_many(self):
        self.add_launch("Big", "2027-03-16", 1)
        original = self.tasks("big")
        three_weeks = sorted(t for t in original if original[t]["offset"] == "T-3w")
        self.assertTrue(three_weeks)
        self.assertEqual({original[t]["due"] for t in three_weeks}, {"2027-02-23"})
        r = self.js("holiday", "add", "2027-02-23", "Team day")
        self.assertEqual(r["tasks_moved"], len(three_weeks))
        moved = self.tasks("big")
        self.assertEqual({moved[t]["due"] for t in three_weeks}, {"2027-02-22"})
        for t in original:
            if t not in three_weeks:
                self.assertEqual(moved[t]["due"], original[t]["due"], t)
        r = self.js("holiday", "rm", "2027-02-23")
        self.assertEqual(r["tasks_moved"], len(three_weeks))
        self.assertEqual({t: x["due"] for t, x in self.tasks("big").items()},
                         {t: x["due"] for t, x in original.items()})
        self.assertRegex(self.tm("holiday", "add", "2027-03-09").stdout, r"\b8 open tasks\b.*moved")

    def test_bad_holidays_change_nothing(self):
        self.add_launch("Big", "2027-03-16", 1)
        self.tm("holiday", "add", "2027-02-23", "Team day")
        self.rejected("holiday", "add", "2027-02-30", code=2, words="2027-02-30")
        self.rejected("holiday", "add", "2027-13-01", code=2)
        self.rejected("holiday", "add", "next-monday", code=2)
        self.rejected("holiday", "rm", "2027-02-24", code=3, words="not a holiday")
        self.rejected("holiday", "rm", "2027-02-30", code=2)
        self.rejected("holiday", "add", "2027-02-23", code=4)  # already a holiday


ICS_HOLIDAYS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//holidays//EN\r\n"
    "BEGIN:VEVENT\r\nUID:offsite@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270309\r\n"
    "SUMMARY:Company offsite\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:break@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20271227\r\n"
    "DTEND;VALUE=DATE:20271229\r\nSUMMARY:Winter break\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:newyear@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20200101\r\n"
    "RRULE:FREQ=YEARLY\r\nSUMMARY:New Year's Day\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n")


class HolidayImport(Workspace):
    def test_import_one_off_multi_day_and_yearly_events(self):
        r = self.js("holiday", "import", self.write("h.ics", ICS_HOLIDAYS))
        listed = {h["date"]: h["name"] for h in self.js("holiday", "list")}
        self.assertEqual(r["added"], len(listed))
        self.assertEqual(listed.get("2027-03-09"), "Company offsite")
        # An all-day event over two days (DTEND is exclusive) is two holidays.
        self.assertEqual(listed.get("2027-12-27"), "Winter break")
        self.assertEqual(listed.get("2027-12-28"), "Winter break")
        self.assertNotIn("2027-12-29", listed)
        # A yearly event is expanded for about three years around today (2027-03-01), not from 2020 forever.
        new_years = sorted(d for d, n in listed.items() if n == "New Year's Day")
        for year in (2028, 2029):
            self.assertIn(f"{year}-01-01", new_years)
        self.assertTrue(all(2024 <= int(d[:4]) <= 2031 for d in new_years), new_years)
        self.assertTrue(3 <= len(new_years) <= 8, new_years)
        # A second import adds nothing.
        again = self.js("holiday", "import", self.write("h.ics", ICS_HOLIDAYS))
        self.assertEqual(again["added"], 0)
        self.assertEqual(again["skipped"], len(listed))
        self.assertEqual({h["date"] for h in self.js("holiday", "list")}, set(listed))

    def test_imported_holidays_move_tasks_and_shape_the_plan(self):
        launch, a, b = self.chain_launch()
        self.add_launch("Big", "2027-03-30", 1)
        before = self.tasks("big")
        r = self.js("holiday", "import", self.write("h.ics", ICS_HOLIDAYS))
        after = self.tasks("big")
        moved = [t for t in after if after[t]["due"] != before[t]["due"]]
        self.assertGreater(len(moved), 0, "T-3w of 2027-03-30 is the imported offsite 2027-03-09")
        self.assertEqual(r["tasks_moved"], len(moved))
        self.assertEqual(after["Messaging approved"]["due"], "2027-03-08")
        plan = {t["id"]: t for t in self.js("plan", "chain")["tasks"]}
        # B must finish the working day before A's latest start (Thu 03-11): Wed 03-10, starting Mon 03-08
        # because Tue 03-09 is now a day off.
        self.assertEqual((plan[b]["latest_start"], plan[b]["latest_finish"]), ("2027-03-08", "2027-03-10"))
        self.assertEqual(plan[b]["slack_days"], 5)

    def test_a_file_that_is_not_icalendar_changes_nothing(self):
        self.add_launch("Big", "2027-03-30", 1)
        self.tm("holiday", "add", "2027-03-10")
        self.rejected("holiday", "import", self.write("notes.ics", "Dear team,\nno work on Friday.\n"), code=2)
        self.rejected("holiday", "import", self.write("data.ics", b"\x00\x01\x02\xff\xfe", binary=True), code=2)
        before = self.dump()
        p = self.tm("holiday", "import", os.path.join(self.dir, "missing.ics"), code=None)
        self.assertNotEqual(p.returncode, 0, "importing a file that does not exist must fail")
        self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)
        self.assertEqual(before, self.dump())


# ---------------------------------------------------------------------------
# Freeze windows
# ---------------------------------------------------------------------------

class Freezes(Workspace):
    def test_add_list_remove(self):
        q = self.js("freeze", "add", "2027-04-05", "2027-04-09", "Quarter close")
        self.assertEqual((q["from"], q["to"], q["name"]), ("2027-04-05", "2027-04-09", "Quarter close"))
        one = self.js("freeze", "add", "2027-06-01", "2027-06-01", "One day")  # a one-day window is fine
        listed = self.js("freeze", "list")
        self.assertEqual([(f["id"], f["from"], f["to"], f["name"]) for f in listed],
                         [(q["id"], "2027-04-05", "2027-04-09", "Quarter close"),
                          (one["id"], "2027-06-01", "2027-06-01", "One day")])
        self.assertRegex(self.tm("freeze", "list").stdout, r"2027-04-05\s+2027-04-09\s+Quarter close")
        self.tm("freeze", "rm", str(q["id"]))
        self.assertEqual([f["id"] for f in self.js("freeze", "list")], [one["id"]])

    def test_bad_freezes_change_nothing(self):
        self.tm("freeze", "add", "2027-04-05", "2027-04-09", "Quarter close")
        self.rejected("freeze", "add", "2027-04-09", "2027-04-05", "Backwards", code=2)
        self.rejected("freeze", "add", "2027-04-31", "2027-05-05", "Bad date", code=2, words="2027-04-31")
        self.rejected("freeze", "rm", "999", code=3)


# ---------------------------------------------------------------------------
# The plan: critical path method
# ---------------------------------------------------------------------------

class CriticalPath(Workspace):
    def check_plan_invariants(self, launch, plan, holidays=frozenset()):
        """What any CPM plan must satisfy, checked task by task and edge by edge."""
        listed = {t["id"]: t for t in self.js("task", "list", launch)}
        rows = {t["id"]: t for t in plan["tasks"]}
        open_ids = {i for i, t in listed.items() if t["status"] not in ("done", "skipped")}
        self.assertEqual(set(rows), open_ids, "the plan covers exactly the open tasks")
        for i, r in rows.items():
            for k in ("earliest_start", "earliest_finish", "latest_start", "latest_finish"):
                self.assertTrue(self.is_workday(r[k], holidays), f"#{i} {k} {r[k]} is not a working day")
            eff = r["effort_days"]
            self.assertEqual(eff, 0 if listed[i]["milestone"] else listed[i]["effort_days"])
            span = max(eff - 1, 0)
            self.assertEqual(self.workdays_between(r["earliest_start"], r["earliest_finish"], holidays), span, r)
            self.assertEqual(self.workdays_between(r["latest_start"], r["latest_finish"], holidays), span, r)
            self.assertGreaterEqual(r["earliest_start"], plan["today"])
            self.assertEqual(r["slack_days"],
                             self.workdays_between(r["earliest_start"], r["latest_start"], holidays),
                             f"#{i}: slack is latest start - earliest start in working days")
            due = listed[i]["due"] or plan["date"]
            self.assertLessEqual(r["latest_finish"], due, f"#{i} may not finish after its deadline")
        for i in rows:
            for p in listed[i]["depends_on"]:
                if p not in rows:
                    continue
                pr, sr = rows[p], rows[i]
                if pr["effort_days"]:
                    self.assertGreater(sr["earliest_start"], pr["earliest_finish"], f"#{i} after #{p}")
                    self.assertLess(pr["latest_finish"], sr["latest_start"], f"#{p} before #{i}")
                else:
                    self.assertGreaterEqual(sr["earliest_start"], pr["earliest_finish"], f"#{i} after #{p}")
                    self.assertLessEqual(pr["latest_finish"], sr["latest_start"], f"#{p} before #{i}")
        # The launch milestone and work due on or after T start on launch day at the earliest: never before T
        # (or the working day before it when T is none), nor before their own not-before day.
        launch_day = self.prev_workday(self.next_day(plan["date"]), holidays)
        after_launch = {i for i in rows if (listed[i]["due"] and listed[i]["due"] >= plan["date"])
                        or (listed[i]["milestone"] and listed[i]["offset"] == "T")}
        for i in after_launch:
            self.assertGreaterEqual(rows[i]["earliest_start"], launch_day, f"#{i} is launch-day work")
        for i in rows:
            if listed[i]["not_before"]:
                self.assertGreaterEqual(rows[i]["earliest_start"], listed[i]["not_before"], f"#{i} not before")
        # Critical: the least slack of the work up to launch day, or of anything late (README).
        counts = {i for i, r in rows.items() if i not in after_launch or r["slack_days"] < 0} or set(rows)
        least = min(rows[i]["slack_days"] for i in counts)
        for i, r in rows.items():
            self.assertEqual(r["critical"], i in counts and r["slack_days"] == least, f"#{i}: critical means the least slack")
        self.assertEqual(plan["min_slack_days"], least)
        self.assertEqual(plan["feasible"], min(r["slack_days"] for r in rows.values()) >= 0)
        path = plan["critical_path"]
        self.assertTrue(path, "a plan with open tasks has a critical path")
        for p, s in zip(path, path[1:]):
            self.assertIn(p, listed[s]["depends_on"], f"critical path {path}: #{s} does not wait for #{p}")
        return rows

    def test_the_issue_example_must_hold(self):
        launch, a, b = self.chain_launch()
        plan = self.js("plan", "chain")
        self.assertLessEqual({"launch", "date", "today", "feasible", "critical_path", "tasks"}, set(plan))
        self.assertEqual((plan["launch"], plan["date"], plan["today"]), ("chain", "2027-03-16", "2027-03-01"))
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertEqual(set(t), {launch, a, b}, "the skipped 'Release notes' is not planned")
        for row in plan["tasks"]:
            self.assertLessEqual({"id", "title", "effort_days", "earliest_start", "earliest_finish", "latest_start",
                                  "latest_finish", "slack_days", "critical"}, set(row))
        self.assertEqual((t[a]["latest_start"], t[a]["latest_finish"]), ("2027-03-11", "2027-03-15"))
        self.assertEqual((t[b]["latest_start"], t[b]["latest_finish"]), ("2027-03-09", "2027-03-10"))
        self.assertEqual((t[b]["earliest_start"], t[b]["earliest_finish"]), ("2027-03-01", "2027-03-02"))
        self.assertEqual((t[a]["earliest_start"], t[a]["earliest_finish"]), ("2027-03-03", "2027-03-05"))
        self.assertEqual(t[launch]["latest_finish"], "2027-03-16")
        self.assertEqual((t[a]["effort_days"], t[b]["effort_days"], t[launch]["effort_days"]), (3, 2, 0))
        # The launch sits on T: no slack of its own, and not critical for that; B and A lead up to it.
        self.assertEqual((t[launch]["earliest_start"], t[launch]["latest_start"]), ("2027-03-16", "2027-03-16"))
        self.assertEqual([t[i]["slack_days"] for i in (b, a, launch)], [6, 6, 0])
        self.assertEqual([t[i]["critical"] for i in (b, a, launch)], [True, True, False])
        self.assertTrue(plan["feasible"])
        self.assertEqual(plan["min_slack_days"], 6)
        self.assertEqual(plan["critical_path"], [b, a])
        self.check_plan_invariants("chain", plan)

    def test_the_issue_example_with_TMINUS_TODAY(self):
        launch, a, b = self.chain_launch()
        env = dict(self.env, TMINUS_TODAY="2027-03-01")
        p = self.run_tm("--json", "plan", "chain", env=env, use_today=False)
        self.assertEqual(p.returncode, 0, p.stderr)
        plan = json.loads(p.stdout)
        self.assertEqual(plan["today"], "2027-03-01")
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertEqual(t[b]["earliest_start"], "2027-03-01")
        self.assertEqual(t[a]["latest_start"], "2027-03-11")

    def test_human_output_has_a_table_and_a_gantt(self):
        launch, a, b = self.chain_launch()
        text = self.tm("plan", "chain").stdout
        self.assertIn("2027-03-16", text)
        self.assertRegex(text, r"feasible:\s*yes")
        self.assertIn("critical path: #%d B → #%d A\n" % (b, a), text)
        self.assertRegex(text, r"(?m)^\s*%d\s+◆ Launch\s+-\s+2027-03-16\s+2027-03-16\s+0\s+from launch day" % launch)
        # The table: one row per open task with its dates and slack.
        self.assertRegex(text, r"(?m)^\s*%d\s+A\s+3\s+2027-03-03 → 03-05\s+2027-03-11 → 03-15\s+6\s+critical" % a)
        self.assertRegex(text, r"(?m)^\s*%d\s+B\s+2\s+2027-03-01 → 03-02\s+2027-03-09 → 03-10\s+6\s+critical" % b)
        self.assertNotIn("Release notes", text)
        # The Gantt: one column per working day from today; B works the first two, A the next three.
        gantt = text[text.index("Gantt"):]
        rows = {m.group(1): m.group(0) for m in re.finditer(r"(?m)^#(\d+) [^\n]*$", gantt)}
        self.assertEqual(set(rows), {str(launch), str(a), str(b)})
        bar = gantt.index("|03-01")
        col = bar - (gantt.rfind("\n", 0, bar) + 1)  # the column of today, Mon 03-01
        brow, arow = rows[str(b)], rows[str(a)]
        self.assertEqual(brow[col:col + 2], "##", brow)
        self.assertEqual(arow[col + 2:col + 5], "###", arow)
        self.assertEqual(arow[col:col + 2].strip(), "", "A cannot start before B is done")
        self.assertEqual(rows[str(launch)].rstrip()[-1], "◆", rows[str(launch)])
        self.assertEqual(rows[str(launch)].index("◆"), col + 11, "the launch sits on T, Tue 03-16, 11 working days on")

    def test_milestone_at_T_minus_3w_waiting_for_a_one_day_task(self):
        self.add_launch("Gate", "2027-03-16", 4)
        gate = self.add_task("gate", "Messaging gate", "--milestone", "--due", "T-3w")
        prep = self.add_task("gate", "Prep", "--days", "1")
        self.tm("task", "dep", "add", str(gate), "--after", str(prep))
        self.assertEqual(self.tasks("gate")["Messaging gate"]["due"], "2027-02-23")
        t = {x["id"]: x for x in self.js("plan", "gate", today="2027-02-01")["tasks"]}
        self.assertEqual(t[gate]["latest_finish"], "2027-02-23")
        self.assertEqual((t[prep]["latest_start"], t[prep]["latest_finish"]), ("2027-02-22", "2027-02-22"),
                         "a 1-day task before a milestone finishes the working day before it")
        # With that Monday a holiday, the task must be done the Friday before.
        self.tm("holiday", "add", "2027-02-22")
        t = {x["id"]: x for x in self.js("plan", "gate", today="2027-02-01")["tasks"]}
        self.assertEqual(t[prep]["latest_finish"], "2027-02-19")

    def test_tier_1_milestone_ends_its_inputs_the_working_day_before(self):
        self.add_launch("Big", "2027-03-16", 1)
        listed = self.tasks("big")
        plan = self.js("plan", "big", today="2027-02-01")
        rows = self.check_plan_invariants("big", plan)
        for title in ("Messaging approved", "Sales training", "Content ready"):
            ms = listed[title]
            self.assertTrue(ms["milestone"])
            self.assertEqual(rows[ms["id"]]["latest_finish"], ms["due"])
            for p in ms["depends_on"]:
                if rows[p]["effort_days"]:
                    # Work a milestone waits for ends by the working day before it (earlier if due earlier or
                    # if something else waits for it too).
                    self.assertLessEqual(rows[p]["latest_finish"], self.prev_workday(ms["due"]),
                                         f"#{p} feeds milestone {title} due {ms['due']}")
        self.assertEqual(rows[listed["Messaging hierarchy approved"]["id"]]["latest_finish"], "2027-02-22")
        self.assertEqual(rows[listed["Training session completed"]["id"]]["latest_finish"], "2027-03-01")

    def test_weekends_and_holidays_are_not_working_days(self):
        launch, a, b = self.chain_launch()
        self.tm("holiday", "add", "2027-03-02")
        self.tm("holiday", "add", "2027-03-09")
        # Today is Saturday: work starts on Monday; B's two days skip the Tuesday holiday.
        plan = self.js("plan", "chain", today="2027-02-27")
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertEqual((t[b]["earliest_start"], t[b]["earliest_finish"]), ("2027-03-01", "2027-03-03"))
        self.assertEqual((t[a]["earliest_start"], t[a]["earliest_finish"]), ("2027-03-04", "2027-03-08"))
        self.assertEqual(t[launch]["earliest_start"], "2027-03-16", "the launch sits on T")
        self.assertEqual((t[b]["latest_start"], t[b]["latest_finish"]), ("2027-03-08", "2027-03-10"))
        self.assertEqual(t[b]["slack_days"], 4)
        self.check_plan_invariants("chain", plan, {D("2027-03-02"), D("2027-03-09")})

    def test_late_plans_are_infeasible_with_negative_slack(self):
        launch, a, b = self.chain_launch()
        plan = self.js("plan", "chain", today="2027-03-10")
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertFalse(plan["feasible"])
        # B can finish 03-11 at the earliest but must finish by 03-10: 1 working day late.
        self.assertEqual(t[b]["slack_days"], -1)
        self.assertEqual([t[i]["slack_days"] for i in (b, a, launch)], [-1, -1, -1])
        self.assertEqual(plan["critical_path"], [b, a, launch])
        self.check_plan_invariants("chain", plan)
        text = self.tm("plan", "chain", today="2027-03-10").stdout
        self.assertRegex(text, r"feasible:\s*NO")

    def test_slack_and_criticality_hold_across_a_tier_1_plan(self):
        self.add_launch("Big", "2027-03-16", 1)
        self.tm("holiday", "add", "2027-02-15", "Presidents' Day")
        for today in ("2027-02-01", "2027-02-20", "2027-03-08"):
            with self.subTest(today=today):
                plan = self.js("plan", "big", today=today)
                self.check_plan_invariants("big", plan, {D("2027-02-15")})

    def test_critical_path_is_a_chain_of_least_slack_tasks(self):
        # Planned six weeks out, the tightest task of a tier 1 launch has its own T-5w deadline: the critical
        # tasks (least slack) are upstream of the launch, and the critical path is the chain of them, which
        # reaches the launch only when the launch itself has the least slack (README, "How plans are computed").
        self.add_launch("Big", "2027-03-16", 1)
        launch_id = self.tasks("big")["Launch"]["id"]
        plan = self.js("plan", "big", today="2027-02-01")
        path = plan["critical_path"]
        rows = {t["id"]: t for t in plan["tasks"]}
        least = plan["min_slack_days"]
        self.assertTrue(path)
        self.assertTrue(all(rows[i]["slack_days"] == least and rows[i]["critical"] for i in path))
        self.assertEqual(path[-1] == launch_id, rows[launch_id]["critical"])
        text = self.tm("plan", "big", today="2027-02-01").stdout
        self.assertIn("critical path: #%d " % path[0], text)

    def test_a_launch_with_nothing_open_is_a_clear_empty_answer(self):
        created = self.add_launch("Quiet", "2027-03-16", 4)
        for t in created["tasks"]:
            self.tm("task", "done", str(t["id"]))
        plan = self.js("plan", "quiet")
        self.assertEqual(plan["tasks"], [])
        self.assertEqual(plan["critical_path"], [])
        self.assertEqual(plan["launch"], "quiet")
        text = self.tm("plan", "quiet").stdout
        self.assertIn("nothing left to plan", text)
        self.assertNotIn("Gantt", text)

    def test_plan_of_an_unknown_launch(self):
        self.add_launch("Chain", "2027-03-16", 4)
        self.rejected("plan", "no-such-launch", code=3, words="no-such-launch")
        self.rejected("plan", "no-such-launch", "--explain", "1", code=3)


class Explain(Workspace):
    def test_explain_names_the_chain_of_successors_and_the_deadline(self):
        launch, a, b = self.chain_launch()
        ex = self.js("plan", "chain", "--explain", str(b))
        self.assertEqual([c["id"] for c in ex["chain"]], [b, a, launch])
        self.assertEqual([c["latest_finish"] for c in ex["chain"]], ["2027-03-10", "2027-03-15", "2027-03-16"])
        self.assertEqual(ex["chain"][-1]["fixed_by"], "due")
        self.assertTrue(ex["critical"])
        self.assertEqual(ex["slack_days"], 6)
        self.assertIsInstance(ex["explanation"], str)
        text = self.tm("plan", "chain", "--explain", str(b)).stdout
        self.assertEqual(text.strip(), ex["explanation"].strip(), "the words are the JSON's explanation")
        self.assertIn("#%d A waits for it" % a, text)
        self.assertIn("2027-03-10", text)
        self.assertIn("2027-03-16", text)
        self.assertIn("6 working days of slack", text)
        self.assertRegex(text, r"[Ii]t is critical")

    def test_explain_a_task_bounded_by_launch_day_and_one_not_critical(self):
        launch, a, b = self.chain_launch()
        loose = self.add_task("chain", "Loose", "--days", "2")
        gated = self.add_task("chain", "Gated", "--days", "1", "--due", "2027-03-03")
        ex = self.js("plan", "chain", "--explain", str(loose))
        self.assertEqual([c["id"] for c in ex["chain"]], [loose])
        self.assertFalse(ex["critical"])
        self.assertIn("launch", ex["chain"][0]["fixed_by"])
        self.assertIn("not critical", ex["explanation"])
        ex = self.js("plan", "chain", "--explain", str(gated))
        self.assertEqual(ex["chain"][0]["fixed_by"], "due")
        self.assertTrue(ex["critical"], "due Wed 03-03 with 2 days of slack, less than the chain's 6")
        self.assertEqual(ex["slack_days"], 2)

    def test_explain_a_task_of_another_launch_or_an_unknown_task(self):
        launch, a, b = self.chain_launch()
        other = self.add_launch("Other", "2027-03-23", 4)["tasks"][0]["id"]
        self.rejected("plan", "chain", "--explain", str(other), code=2, words="other")
        self.rejected("plan", "chain", "--explain", "9999", code=3)


class Baselines(Workspace):
    def test_save_list_and_compare(self):
        launch, a, b = self.chain_launch()
        saved = self.js("baseline", "save", "chain", "kickoff")
        self.assertEqual((saved["name"], saved["date"]), ("kickoff", "2027-03-16"))
        self.tm("baseline", "save", "chain")  # default name: today's date
        names = [x["name"] for x in self.js("baseline", "list", "chain")]
        self.assertEqual(sorted(names), sorted(["kickoff", "2027-03-01"]))
        self.assertIn("kickoff", self.tm("baseline", "list", "chain").stdout)
        # Three working days later nothing is done: every finish slips by 3 working days.
        cmp = self.js("plan", "chain", "--against", "kickoff", today="2027-03-04")
        rows = {r["id"]: r for r in cmp["tasks"]}
        self.assertEqual(set(rows), {launch, a, b})
        self.assertEqual((rows[b]["baseline_finish"], rows[b]["current_finish"]), ("2027-03-02", "2027-03-05"))
        self.assertEqual((rows[a]["baseline_finish"], rows[a]["current_finish"]), ("2027-03-05", "2027-03-10"))
        self.assertEqual([rows[i]["variance_days"] for i in (b, a, launch)], [3, 3, 0], "the launch stays on T")
        self.assertEqual((rows[launch]["baseline_due"], rows[launch]["current_due"]), ("2027-03-16", "2027-03-16"))
        text = self.tm("plan", "chain", "--against", "kickoff", today="2027-03-04").stdout
        self.assertIn("kickoff", text)
        self.assertRegex(text, r"(?m)^\s*%d\s+B\b.*2027-03-02 → 03-05\s+\+3" % b)

    def test_variance_counts_working_days(self):
        launch, a, b = self.chain_launch()
        self.tm("baseline", "save", "chain", "kickoff")
        self.tm("holiday", "add", "2027-03-02")  # B's second day moves over the holiday
        rows = {r["id"]: r for r in self.js("plan", "chain", "--against", "kickoff")["tasks"]}
        self.assertEqual(rows[b]["current_finish"], "2027-03-03")
        self.assertEqual(rows[b]["variance_days"], 1, "Tue 03-02 to Wed 03-03 over a holiday is 1 working day")

    def test_bad_baselines_change_nothing(self):
        self.chain_launch()
        self.tm("baseline", "save", "chain", "kickoff")
        self.rejected("baseline", "save", "chain", "kickoff", code=4, words="kickoff")
        self.add_launch("Other", "2027-03-23", 4)
        self.tm("baseline", "save", "other", "kickoff")  # names are per launch
        self.assertEqual([x["name"] for x in self.js("baseline", "list", "chain")], ["kickoff"])
        self.rejected("baseline", "save", "nope", "x", code=3)
        self.rejected("baseline", "list", "nope", code=3)
        self.rejected("plan", "chain", "--against", "no-such-baseline", code=3)


class PlanAll(Workspace):
    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("person", "add", "Bo", "--role", "eng")
        self.add_launch("One", "2027-03-16", 4)
        self.add_launch("Two", "2027-03-23", 4)
        # Ana: 5 + 2 days that must both be done in ISO week 2027-W09 (Mon 03-01 .. Fri 03-05).
        self.add_task("one", "Big job", "--owner", "Ana", "--days", "5", "--due", "2027-03-05")
        self.add_task("two", "Side job", "--owner", "Ana", "--days", "2", "--due", "2027-03-05")
        # Bo: 3 days anywhere in two weeks: 1.5 a week.
        self.add_task("one", "Eng job", "--owner", "Bo", "--days", "3", "--due", "2027-03-12")

    def load(self):
        r = self.js("plan", "--all")
        self.assertEqual({l["launch"] for l in r["launches"]}, {"one", "two"})
        return r, {(x["person"], x["week"]): x for x in r["load"]}

    def test_load_per_person_and_iso_week_against_default_capacity(self):
        r, load = self.load()
        for l in r["launches"]:
            self.assertTrue(l["feasible"], l)
            self.assertTrue(l["critical_path"], l)
        for row in r["load"]:
            self.assertLessEqual({"person", "week", "days", "capacity", "over"}, set(row))
            self.assertRegex(row["week"], r"^\d{4}-W\d{2}$")
        ana = load[("Ana", "2027-W09")]
        self.assertAlmostEqual(ana["days"], 7.0)
        self.assertEqual(ana["capacity"], 5)
        self.assertTrue(ana["over"])
        self.assertAlmostEqual(load[("Bo", "2027-W09")]["days"] + load[("Bo", "2027-W10")]["days"], 3.0)
        self.assertFalse(load[("Bo", "2027-W09")]["over"])
        self.assertFalse(any(p == "Ana" and w != "2027-W09" for p, w in load))
        text = self.tm("plan", "--all").stdout
        self.assertRegex(text, r"Ana\s+2027-W09\s+7(\.0)?\s+5")

    def test_capacity_decides_what_is_over(self):
        self.tm("person", "set", "Ana", "--capacity", "7")
        _, load = self.load()
        self.assertEqual(load[("Ana", "2027-W09")]["capacity"], 7)
        self.assertFalse(load[("Ana", "2027-W09")]["over"], "7 days booked against a capacity of 7")
        self.assertEqual(load[("Bo", "2027-W09")]["capacity"], 5)
        self.tm("person", "set", "Ana", "--capacity", "6")
        _, load = self.load()
        self.assertTrue(load[("Ana", "2027-W09")]["over"])

    def test_bad_capacity_changes_nothing(self):
        self.rejected("person", "set", "Ana", "--capacity", "8", code=2, words="capacity")
        self.rejected("person", "set", "Ana", "--capacity", "-1", code=2)
        self.rejected("person", "set", "Nobody", "--capacity", "3", code=3)


# ---------------------------------------------------------------------------
# Delays and the decision ledger
# ---------------------------------------------------------------------------

class Delays(Workspace):
    today = "2027-02-01"

    def test_delay_moves_offsets_keeps_fixed_dates_and_done_work(self):
        created = self.add_launch("Billing", "2027-03-16", 1)
        before = self.tasks("billing")
        early_fixed = self.add_task("billing", "Analyst day", "--due", "2027-03-12")
        late_fixed = self.add_task("billing", "Partner webinar", "--due", "2027-03-18")
        done = before["Value proposition defined"]["id"]
        self.tm("task", "done", str(done))
        r = self.js("launch", "delay", "billing", "--to", "2027-03-23", "--reason", "Payments partner certification")
        self.assertEqual((r["from"], r["to"]), ("2027-03-16", "2027-03-23"))
        self.assertIn(early_fixed, r["fixed"])
        self.assertIn(late_fixed, r["fixed"])
        self.assertIn(late_fixed, r["inconsistent"], "03-18 was after T and is now before it")
        self.assertNotIn(early_fixed, r["inconsistent"], "03-12 is before T both times")
        after = self.tasks("billing")
        offsets = [t for t in before if before[t]["offset"] and t != "Value proposition defined"]
        self.assertEqual(sorted(r["moved"]), sorted(before[t]["id"] for t in offsets))
        for t in offsets:
            # A one-week delay of a Tuesday launch moves every offset by exactly one week here (no holidays).
            self.assertEqual(D(after[t]["due"]) - D(before[t]["due"]), datetime.timedelta(days=7), t)
        self.assertEqual(after["Launch"]["due"], "2027-03-23")
        self.assertEqual(after["Messaging approved"]["due"], "2027-03-02")
        self.assertEqual(after["Value proposition defined"]["due"], before["Value proposition defined"]["due"])
        self.assertEqual(after["Analyst day"]["due"], "2027-03-12")
        self.assertEqual(after["Partner webinar"]["due"], "2027-03-18")
        text = self.tm("launch", "show", "billing").stdout
        self.assertIn("2027-03-23", text)
        del created

    def test_delay_reports_fixed_dates_on_the_other_side_in_words(self):
        self.add_launch("Billing", "2027-03-16", 4)
        self.add_task("billing", "Partner webinar", "--due", "2027-03-18")
        text = self.tm("launch", "delay", "billing", "--to", "2027-03-23", "--reason", "QA").stdout
        self.assertIn("2027-03-16", text)
        self.assertIn("2027-03-23", text)
        self.assertIn("Partner webinar", text)
        self.assertIn("before delay to 2027-03-23", text)

    def test_history_slips_baseline_and_ledger(self):
        self.add_launch("Billing", "2027-03-16", 4)
        self.js("launch", "delay", "billing", "--to", "2027-03-23", "--reason", "Payments partner certification")
        show = self.js("launch", "show", "billing")
        self.assertEqual(show["date"], "2027-03-23")
        self.assertEqual(show["slips"], 1)
        self.assertEqual(show["date_history"], [{"from": "2027-03-16", "to": "2027-03-23", "decided": self.today,
                                                 "reason": "Payments partner certification", "public_reason": None,
                                                 "by": "Riley"}])
        baselines = {x["name"]: x for x in self.js("baseline", "list", "billing")}
        self.assertIn("before delay to 2027-03-23", baselines)
        self.assertEqual(baselines["before delay to 2027-03-23"]["date"], "2027-03-16",
                         "the automatic baseline is saved before T moves")
        cmp = self.js("plan", "billing", "--against", "before delay to 2027-03-23")
        launch_row = next(r for r in cmp["tasks"] if r["title"] == "Launch")
        self.assertEqual((launch_row["baseline_due"], launch_row["current_due"]), ("2027-03-16", "2027-03-23"))
        ledger = self.js("decision", "list", "billing")
        self.assertEqual(len(ledger), 1)
        d = ledger[0]
        self.assertEqual((d["date"], d["why"], d["who"]), (self.today, "Payments partner certification", "Riley"))
        self.assertIn("2027-03-16", d["what"])
        self.assertIn("2027-03-23", d["what"])
        text = self.tm("decision", "list", "billing").stdout
        self.assertIn("Payments partner certification", text)
        self.assertIn("Riley", text)
        # A second delay: the history grows in order.
        self.js("launch", "delay", "billing", "--to", "2027-03-30", "--reason", "Legal review")
        show = self.js("launch", "show", "billing")
        self.assertEqual([(h["from"], h["to"]) for h in show["date_history"]],
                         [("2027-03-16", "2027-03-23"), ("2027-03-23", "2027-03-30")])
        self.assertEqual(show["slips"], 2)
        self.assertEqual(len(self.js("decision", "list", "billing")), 2)

    def test_who_falls_back_to_USER(self):
        self.add_launch("Billing", "2027-03-16", 4)
        env = dict(self.env, USER="sam")
        env.pop("TMINUS_USER")
        self.js("launch", "delay", "billing", "--to", "2027-03-23", "--reason", "QA", env=env)
        self.assertEqual(self.js("launch", "show", "billing")["date_history"][0]["by"], "sam")
        self.assertEqual(self.js("decision", "list")[0]["who"], "sam")

    def test_delay_onto_a_holiday_calendar(self):
        self.add_launch("Billing", "2027-03-16", 1)
        self.tm("holiday", "add", "2027-03-09", "Offsite")
        self.js("launch", "delay", "billing", "--to", "2027-03-30", "--reason", "QA")
        # T-3w of 2027-03-30 is the offsite: the working day before.
        self.assertEqual(self.tasks("billing")["Messaging approved"]["due"], "2027-03-08")

    def test_pulling_in_may_make_the_plan_infeasible(self):
        launch, a, b = self.chain_launch()
        self.assertTrue(self.js("plan", "chain", today="2027-03-01")["feasible"])
        r = self.js("launch", "delay", "chain", "--to", "2027-03-03", "--reason", "Competitor announced early",
                    today="2027-03-01")
        self.assertEqual((r["from"], r["to"]), ("2027-03-16", "2027-03-03"))
        self.assertEqual(self.tasks("chain")["Launch"]["due"], "2027-03-03")
        self.assertEqual(self.tasks("chain")["Release notes"]["due"], "2027-03-15", "a skipped task does not move")
        plan = self.js("plan", "chain", today="2027-03-01")
        self.assertFalse(plan["feasible"])
        t = {x["id"]: x for x in plan["tasks"]}
        self.assertEqual(t[launch]["slack_days"], -3)  # can happen 03-08 at the earliest, due 03-03
        self.assertTrue(all(x["slack_days"] < 0 for x in plan["tasks"]))
        hist = self.js("launch", "show", "chain")["date_history"]
        self.assertEqual((hist[-1]["from"], hist[-1]["to"]), ("2027-03-16", "2027-03-03"))

    def test_bad_delays_change_nothing(self):
        self.add_launch("Billing", "2027-03-16", 4)
        self.rejected("launch", "delay", "billing", "--to", "2027-02-30", "--reason", "x", code=2, words="2027-02-30")
        self.rejected("launch", "delay", "billing", "--to", "2027-04-01", code=2, words="reason")
        self.rejected("launch", "delay", "billing", "--to", "2027-04-01", "--reason", "", code=2)
        self.rejected("launch", "delay", "billing", "--reason", "x", code=2)
        self.rejected("launch", "delay", "nope", "--to", "2027-04-01", "--reason", "x", code=3)
        self.assertEqual(self.js("launch", "show", "billing")["date_history"], [])
        self.assertEqual(self.js("decision", "list"), [])


class Decisions(Workspace):
    def test_record_and_list_by_hand(self):
        self.add_launch("Billing", "2027-03-16", 4)
        self.add_launch("Other", "2027-03-23", 4)
        d = self.js("decision", "add", "billing", "Drop the webinar", "--why", "No speaker")
        self.assertEqual((d["what"], d["why"], d["who"], d["date"]), ("Drop the webinar", "No speaker", "Riley",
                                                                      self.today))
        env = dict(self.env, TMINUS_USER="Kim")
        self.tm("decision", "add", "Quarterly freeze policy", "--why", "Board ask", env=env)
        self.tm("decision", "add", "other", "Ship dark", "--why", "Risk", env=env)
        everything = self.js("decision", "list")
        self.assertEqual([x["what"] for x in everything], ["Drop the webinar", "Quarterly freeze policy", "Ship dark"])
        self.assertEqual([x["who"] for x in everything], ["Riley", "Kim", "Kim"])
        billing = self.js("decision", "list", "billing")
        self.assertEqual([x["what"] for x in billing], ["Drop the webinar"])
        text = self.tm("decision", "list").stdout
        for word in ("Drop the webinar", "No speaker", "Quarterly freeze policy", "Board ask", "Kim", self.today):
            self.assertIn(word, text)

    def test_bad_decisions_change_nothing(self):
        self.add_launch("Billing", "2027-03-16", 4)
        self.rejected("decision", "add", "billing", "Drop the webinar", code=2, words="--why")
        self.rejected("decision", "add", "nope", "Drop the webinar", "--why", "x", code=3)
        self.rejected("decision", "list", "nope", code=3)


# ---------------------------------------------------------------------------
# The launch calendar: agenda and conflicts
# ---------------------------------------------------------------------------

class LaunchCalendar(Workspace):
    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("person", "add", "Bo", "--role", "marketing")
        self.tm("freeze", "add", "2027-04-05", "2027-04-09", "Quarter close")
        self.tm("holiday", "add", "2027-05-25", "Spring day")
        self.add_launch("Alpha", "2027-04-06", 1, "--pm", "Ana")  # in the freeze
        self.add_launch("Beta", "2027-04-19", 1, "--marketing", "Bo")  # 9 working days after Alpha
        self.add_launch("Sat", "2027-04-24", 3)  # a Saturday
        self.add_launch("Hol", "2027-05-25", 4)  # on a holiday
        self.ids = {l["slug"]: l["id"] for l in self.js("launch", "list")}

    def test_agenda_has_launch_days_milestones_holidays_and_freezes(self):
        cal = self.js("calendar", "--from", "2027-04-01", "--to", "2027-05-31")
        self.assertEqual((cal["from"], cal["to"]), ("2027-04-01", "2027-05-31"))
        ev = cal["events"]
        self.assertEqual([e["date"] for e in ev], sorted(e["date"] for e in ev), "in date order")
        launches = {(e["launch"], e["date"]) for e in ev if e["kind"] == "launch"}
        self.assertEqual(launches, {("alpha", "2027-04-06"), ("beta", "2027-04-19"), ("sat", "2027-04-24"),
                                    ("hol", "2027-05-25")})
        milestones = {(e["launch"], e["title"], e["date"]) for e in ev if e["kind"] == "milestone"}
        self.assertIn(("beta", "Content ready", "2027-04-12"), milestones)
        self.assertIn(("beta", "Sales training", "2027-04-05"), milestones)
        self.assertNotIn(("alpha", "Content ready", "2027-03-30"), milestones, "outside the window")
        self.assertTrue(all("2027-04-01" <= e["date"] <= "2027-05-31" for e in ev if e["kind"] != "freeze"))
        self.assertIn(("2027-05-25", "Spring day"), {(e["date"], e["title"]) for e in ev if e["kind"] == "holiday"})
        freeze = [e for e in ev if e["kind"] == "freeze"]
        self.assertEqual([(e["date"], e["end"], e["title"]) for e in freeze],
                         [("2027-04-05", "2027-04-09", "Quarter close")])
        self.assertNotIn("task", {e["kind"] for e in ev}, "without --person only milestones, not tasks")
        text = self.tm("calendar", "--from", "2027-04-01", "--to", "2027-05-31").stdout
        self.assertRegex(text, r"2027-04-06\s+Tue\s+LAUNCH Alpha \(tier 1\)")
        self.assertIn("Beta: Content ready", text)
        self.assertIn("Quarter close", text)
        self.assertIn("Spring day", text)

    def test_conflicts_with_rule_ids(self):
        cal = self.js("calendar", "--from", "2027-04-01", "--to", "2027-05-31")
        got = {(c["rule"], c["launch"]) for c in cal["conflicts"]}
        self.assertEqual(got, {("freeze-conflict", self.ids["alpha"]), ("launch-collision", self.ids["alpha"]),
                               ("weekend-launch", self.ids["sat"]), ("holiday-launch", self.ids["hol"])})
        collision = next(c for c in cal["conflicts"] if c["rule"] == "launch-collision")
        self.assertEqual(collision["other"], self.ids["beta"])
        text = self.tm("calendar", "--from", "2027-04-01", "--to", "2027-05-31").stdout
        for rule in ("launch-collision", "freeze-conflict", "holiday-launch", "weekend-launch"):
            self.assertIn(rule, text)
        # Only in the window: May alone has the holiday launch and nothing else.
        may = self.js("calendar", "--from", "2027-05-01", "--to", "2027-05-31")
        self.assertEqual({c["rule"] for c in may["conflicts"]}, {"holiday-launch"})

    def test_collision_is_within_ten_working_days_holidays_included(self):
        self.add_launch("Gamma", "2027-06-07", 1)  # Mon
        self.add_launch("Delta", "2027-06-22", 1)  # Tue: 11 working days later
        self.add_launch("Minor", "2027-06-08", 2)  # tier 2 never collides
        window = ("--from", "2027-06-01", "--to", "2027-06-30")
        self.assertEqual(self.js("calendar", *window)["conflicts"], [])
        self.tm("holiday", "add", "2027-06-14")  # now 10 working days apart
        rules = [(c["rule"], c["launch"], c["other"]) for c in self.js("calendar", *window)["conflicts"]]
        self.assertEqual(rules, [("launch-collision", self.slug_id("gamma"), self.slug_id("delta"))])

    def slug_id(self, slug):
        return {l["slug"]: l["id"] for l in self.js("launch", "list")}[slug]

    def test_freeze_is_inclusive_and_sunday_is_a_weekend(self):
        self.add_launch("Last", "2027-04-09", 3)  # the freeze's last day
        self.add_launch("After", "2027-04-12", 3)
        self.add_launch("Sun", "2027-06-06", 4)
        cal = self.js("calendar", "--from", "2027-04-01", "--to", "2027-06-30")
        got = {(c["rule"], c["launch"]) for c in cal["conflicts"]}
        self.assertIn(("freeze-conflict", self.slug_id("last")), got)
        self.assertNotIn(("freeze-conflict", self.slug_id("after")), got)
        self.assertIn(("weekend-launch", self.slug_id("sun")), got)

    def test_default_window_is_today_and_the_quarter_ahead(self):
        cal = self.js("calendar", today="2027-03-20")
        self.assertEqual(cal["from"], "2027-03-20")
        self.assertEqual(cal["to"], "2027-06-20")
        self.assertEqual({e["launch"] for e in cal["events"] if e["kind"] == "launch"}, {"alpha", "beta", "sat", "hol"})
        later = self.js("calendar", today="2027-05-01")
        self.assertEqual({e["launch"] for e in later["events"] if e["kind"] == "launch"}, {"hol"})

    def test_tier_filter(self):
        cal = self.js("calendar", "--from", "2027-04-01", "--to", "2027-05-31", "--tier", "3")
        self.assertEqual({e["launch"] for e in cal["events"] if e["kind"] in ("launch", "milestone")}, {"sat"})
        self.assertEqual({c["rule"] for c in cal["conflicts"]}, {"weekend-launch"})
        self.rejected("calendar", "--tier", "9", code=2)

    def test_person_adds_their_tasks(self):
        window = ("--from", "2027-03-01", "--to", "2027-04-30")
        cal = self.js("calendar", *window, "--person", "Ana")
        tasks = [e for e in cal["events"] if e["kind"] == "task"]
        self.assertTrue(tasks)
        self.assertTrue(all(e["owner"] == "Ana" for e in tasks), tasks)
        ana = {(t["title"], t["due"]) for t in self.js("task", "list", "alpha", "--owner", "Ana")
               if not t["milestone"] and "2027-03-01" <= t["due"] <= "2027-04-30"}
        self.assertEqual({(e["title"], e["date"]) for e in tasks}, ana)
        text = self.tm("calendar", *window, "--person", "Ana").stdout
        self.assertIn("Value proposition defined", text)
        self.assertIn("LAUNCH Beta", text, "launch days of every launch stay on a personal calendar")

    def test_person_keeps_every_milestone(self):
        # The agenda is launch days, milestones, holidays, freezes; --person ADDS that person's tasks.
        window = ("--from", "2027-03-01", "--to", "2027-04-30")
        everyone = {(e["launch"], e["title"], e["date"]) for e in self.js("calendar", *window)["events"]
                    if e["kind"] == "milestone"}
        ana = {(e["launch"], e["title"], e["date"]) for e in self.js("calendar", *window, "--person", "Ana")["events"]
               if e["kind"] == "milestone"}
        self.assertIn(("beta", "Content ready", "2027-04-12"), everyone)
        # The iCalendar feed of the same person must keep the milestones' VEVENTs too.
        feed = self.ics(*window, "--person", "Ana")
        summaries = {ics_unescape(e["SUMMARY"][1]) for e in components(feed, "VEVENT")}
        missing_in_feed = {m for m in everyone if f"{m[0].capitalize()}: {m[1]}" not in summaries}
        self.assertEqual((everyone - ana, missing_in_feed), (set(), set()),
                         "milestones dropped by --person Ana (agenda, iCalendar feed)")

    def test_bad_calendar_queries_change_nothing(self):
        self.rejected("calendar", "--person", "Nobody", code=3)
        self.rejected("calendar", "--from", "2027-05-01", "--to", "2027-04-01", code=2)
        self.rejected("calendar", "--from", "2027-02-30", code=2)


# ---------------------------------------------------------------------------
# The iCalendar feed, read back by calcurse
# ---------------------------------------------------------------------------

class ICalendarFeed(Workspace):
    window = ("--from", "2027-03-01", "--to", "2027-06-30")

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("freeze", "add", "2027-04-05", "2027-04-09", "Quarter close")
        self.add_launch("Billing", "2027-04-13", 1, "--pm", "Ana")
        self.add_launch("Search", "2027-05-18", 2)

    def launch_event(self, text, name):
        found = [e for e in components(text, "VEVENT") if ics_unescape(e["SUMMARY"][1]).startswith(f"Launch: {name}")]
        self.assertEqual(len(found), 1, f"one VEVENT for launch {name}")
        return found[0]

    def test_feed_is_well_formed_rfc_5545(self):
        text = self.ics(*self.window)
        raw = self.raw_ics
        self.assertTrue(raw.startswith(b"BEGIN:VCALENDAR\r\n"), raw[:40])
        self.assertTrue(raw.endswith(b"END:VCALENDAR\r\n"), raw[-40:])
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""), "every line ends in CRLF")
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, f"line longer than 75 octets: {line!r}")
        head = unfold(text)
        self.assertIn("VERSION:2.0", head)
        self.assertTrue(any(l.startswith("PRODID:") and len(l) > 7 for l in head))
        self.assertTrue(any(l.startswith("X-WR-CALNAME:") and len(l) > 13 for l in head))
        uids = []
        for kind in ("VEVENT", "VTODO"):
            for c in components(text, kind):
                self.assertRegex(c["DTSTAMP"][1], r"^\d{8}T\d{6}Z$")
                self.assertRegex(c["SEQUENCE"][1], r"^\d+$")
                uids.append(c["UID"][1])
        self.assertEqual(len(uids), len(set(uids)), "UIDs are unique")

    def test_launch_days_and_milestones_are_all_day_events(self):
        text = self.ics(*self.window)
        billing = self.launch_event(text, "Billing")
        self.assertEqual(ics_unescape(billing["SUMMARY"][1]), "Launch: Billing (Tier 1)")
        self.assertEqual(billing["DTSTART"], ("VALUE=DATE", "20270413"))
        self.assertEqual(billing["DTEND"], ("VALUE=DATE", "20270414"), "an all-day event ends the next day")
        search = self.launch_event(text, "Search")
        self.assertEqual(ics_unescape(search["SUMMARY"][1]), "Launch: Search (Tier 2)")
        self.assertEqual(search["DTSTART"], ("VALUE=DATE", "20270518"))
        events = {ics_unescape(e["SUMMARY"][1]): e for e in components(text, "VEVENT")}
        milestones = [t for t in self.js("task", "list", "billing") if t["milestone"] and t["title"] != "Launch"]
        self.assertTrue(milestones)
        for m in milestones:
            summary = next((s for s in events if m["title"] in s and "Billing" in s), None)
            self.assertIsNotNone(summary, f"milestone {m['title']} is in the feed: {sorted(events)}")
            self.assertEqual(events[summary]["DTSTART"], ("VALUE=DATE", m["due"].replace("-", "")))
        self.assertEqual(components(text, "VTODO"), [], "tasks only with --person")

    def test_person_feed_has_their_tasks_as_todos_with_due(self):
        text = self.ics(*self.window, "--person", "Ana")
        todos = components(text, "VTODO")
        ana = [t for t in self.js("task", "list", "billing", "--owner", "Ana") if not t["milestone"]
               and "2027-03-01" <= t["due"] <= "2027-06-30"]
        self.assertEqual(len(todos), len(ana))
        by_summary = {ics_unescape(t["SUMMARY"][1]): t for t in todos}
        for t in ana:
            todo = next(v for s, v in by_summary.items() if t["title"] in s)
            self.assertEqual(todo["DUE"], ("VALUE=DATE", t["due"].replace("-", "")))
        self.launch_event(text, "Billing")
        self.launch_event(text, "Search")

    def test_uids_are_stable_and_sequence_grows_when_a_launch_is_delayed(self):
        one = self.ics(*self.window)
        again = self.ics(*self.window)
        strip = lambda s: re.sub(r"DTSTAMP:\S+", "", s)
        self.assertEqual(strip(one), strip(again), "exports of an unchanged workspace differ only in DTSTAMP")
        before_b, before_s = self.launch_event(one, "Billing"), self.launch_event(one, "Search")
        self.js("launch", "delay", "billing", "--to", "2027-04-20", "--reason", "QA")
        two = self.ics(*self.window)
        uids = lambda s: sorted(c["UID"][1] for c in components(s, "VEVENT"))
        self.assertEqual(uids(one), uids(two), "a delay updates events, never replaces them")
        after_b, after_s = self.launch_event(two, "Billing"), self.launch_event(two, "Search")
        self.assertEqual(after_b["UID"], before_b["UID"])
        self.assertEqual(int(after_b["SEQUENCE"][1]), int(before_b["SEQUENCE"][1]) + 1)
        self.assertEqual(before_b["DTSTART"][1], "20270413")
        self.assertEqual(after_b["DTSTART"][1], "20270420")
        self.assertEqual(after_s["SEQUENCE"], before_s["SEQUENCE"], "the other launch did not change")
        self.js("launch", "delay", "billing", "--to", "2027-04-27", "--reason", "Legal")
        three = self.launch_event(self.ics(*self.window), "Billing")
        self.assertEqual(int(three["SEQUENCE"][1]), int(before_b["SEQUENCE"][1]) + 2)
        # The person feed names the launch by the same UID.
        self.assertEqual(self.launch_event(self.ics(*self.window, "--person", "Ana"), "Billing")["UID"],
                         before_b["UID"])

    def test_calcurse_reads_the_launches_back_before_and_after_a_delay(self):
        report, query = self.calcurse_import(self.ics(*self.window))
        self.assertRegex(report, r"\b\d+ events\b")
        days = query("2027-03-01", "2027-06-30")
        launches = {d: [x for x in items if x.startswith("Launch: ")] for d, items in days.items()}
        launches = {d: x for d, x in launches.items() if x}
        self.assertEqual(launches, {"2027-04-13": ["Launch: Billing (Tier 1)"],
                                    "2027-05-18": ["Launch: Search (Tier 2)"]})
        messaging = self.tasks("billing")["Messaging approved"]["due"]
        self.assertTrue(any("Messaging approved" in x for x in days.get(messaging, [])), days.get(messaging))
        # The freeze spans its five days.
        self.assertEqual([d for d, items in sorted(days.items()) if any("Quarter close" in x for x in items)],
                         ["2027-04-05", "2027-04-06", "2027-04-07", "2027-04-08", "2027-04-09"])
        self.js("launch", "delay", "billing", "--to", "2027-04-20", "--reason", "QA")
        _, query = self.calcurse_import(self.ics(*self.window))
        days = query("2027-03-01", "2027-06-30")
        self.assertIn("Launch: Billing (Tier 1)", days.get("2027-04-20", []))
        self.assertNotIn("Launch: Billing (Tier 1)", days.get("2027-04-13", []))
        self.assertIn("Launch: Search (Tier 2)", days.get("2027-05-18", []))

    def test_calcurse_reads_names_with_commas_semicolons_and_unicode(self):
        name = "Zahlungen, Größe; Café — a long launch name that must be folded over lines"
        self.add_launch(name, "2027-06-08", 3)
        text = self.ics(*self.window)
        for line in self.raw_ics.split(b"\r\n"):
            line.decode("utf-8")  # folding never splits a UTF-8 character
        self.assertEqual(ics_unescape(self.launch_event(text, "Zahlungen")["SUMMARY"][1]), f"Launch: {name} (Tier 3)")
        _, query = self.calcurse_import(text)
        self.assertIn(f"Launch: {name} (Tier 3)", query("2027-06-08", "2027-06-08").get("2027-06-08", []))

    def test_calcurse_reads_the_person_feed(self):
        report, query = self.calcurse_import(self.ics(*self.window, "--person", "Ana"))
        ana = [t for t in self.js("task", "list", "billing", "--owner", "Ana") if not t["milestone"]
               and "2027-03-01" <= t["due"] <= "2027-06-30"]
        self.assertRegex(report, r"\b%d todos\b" % len(ana))
        self.assertIn("Launch: Billing (Tier 1)", query("2027-04-13", "2027-04-13").get("2027-04-13", []))


def main():
    if not os.path.exists(TMINUS):
        print(f"tminus binary not found at {TMINUS} (set TMINUS)", file=sys.stderr)
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    sys.stderr.flush()
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.testsRun else 0)


if __name__ == "__main__":
    main()
