#!/usr/bin/env python3
"""End-to-end tests of the issue "Plans that hold": the working-day calendar
(holidays typed and imported from iCalendar, freeze windows, the range of
dates tminus keeps), the critical path plan (the issue's MUST-HOLD example,
milestones, launch day and post-launch work, not-before dates, slack,
infeasibility, --explain, baselines, --all with people's load), launch delays
with their history and decision ledger, and the launch calendar: agenda,
conflicts and the iCalendar feed read back by a real calendar client
(calcurse).

Every test works on a fresh temporary database with a pinned --today
(tests/harness.py). Run it as:

    TMINUS=path/to/tminus TMINUS_SRC=/path/to/repo python3 tests/cli/test_plans.py

It ends with one line, 'N passed, M failed', and exits non-zero on failure.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402

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
# The workspace every test runs in, and the building blocks of the tests
# ---------------------------------------------------------------------------

class Base(WorkspaceCase):
    today = "2027-03-01"  # a Monday

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
        """The iCalendar feed as text; its bytes are kept in raw_ics (a caller checks the CRLF line ends there)."""
        self.raw_ics = self.tm("calendar", "--ics", *args, text=False).stdout
        return self.raw_ics.decode("utf-8")

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

class Holidays(Base):
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
        # The T-1w work: five marketing tasks, onboarding, escalation, Legal approval and Content ready.
        self.assertRegex(self.tm("holiday", "add", "2027-03-09").stdout, r"\b9 open tasks\b.*moved")

    def test_bad_holidays_change_nothing(self):
        self.add_launch("Big", "2027-03-16", 1)
        self.tm("holiday", "add", "2027-02-23", "Team day")
        self.rejected("holiday", "add", "2027-02-30", code=2, words="2027-02-30")
        self.rejected("holiday", "add", "2027-13-01", code=2)
        self.rejected("holiday", "add", "next-monday", code=2)
        self.rejected("holiday", "rm", "2027-02-24", code=3, words="not a holiday")
        self.rejected("holiday", "rm", "2027-02-30", code=2)
        self.rejected("holiday", "add", "2027-02-23", code=4)  # already a holiday


class HolidayMoves(Base):
    """A holiday change writes and counts only the tasks whose dates actually move."""
    today = "2026-11-22"

    def versions(self, launch):
        return {t["id"]: (t["version"], t["due"], t.get("not_before")) for t in self.js("task", "list", launch)}

    def test_post_launch_work_of_a_launched_launch_moves_too(self):
        # Launched, its post-launch work still counts from T: a holiday moves it like any other.
        self.tm("launch", "add", "Shipped", "--date", "2027-01-05", "--tier", "2")
        self.tm("launch", "set", "shipped", "--status", "launched")
        feedback = next(t for t in self.js("task", "list", "shipped") if t["title"] == "Collect early feedback")
        self.assertEqual(feedback["due"], "2027-01-12")
        self.assertEqual(self.js("holiday", "add", "2027-01-12", "Team day")["tasks_moved"], 1)
        feedback = next(t for t in self.js("task", "list", "shipped") if t["title"] == "Collect early feedback")
        self.assertEqual(feedback["due"], "2027-01-13")

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
        # Tue 2027-03-09: Support team informed, the optional content, Legal approval (optional in Tier 2) and
        # Content ready (T-1w) move to Mon 03-08.
        r = self.js("holiday", "add", "2027-03-09", "Team day")
        after = {**self.versions("usage-alerts"), **self.versions("billing")}
        moved = {i for i in before if after[i][1] != before[i][1]}
        self.assertEqual(r["tasks_moved"], len(moved))
        self.assertEqual(len(moved), 6)
        for i in before:
            self.assertEqual(after[i][0], before[i][0] + (i in moved), f"task {i}: a new version only when it moved")
        self.assertIn("6 open tasks with a date counted from T moved", self.tm("holiday", "rm", "2027-03-09").stdout)
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
        self.query("UPDATE launches SET date = '1900-01-01' WHERE slug = 'old'")
        self.query("UPDATE tasks SET due = '1899-12-29' WHERE due_offset = 'T-1bd'")
        self.query("UPDATE tasks SET due = '1900-01-01' WHERE due_offset = 'T'")
        self.assertEqual(sorted(t["due"] for t in self.js("task", "list", "old")), ["1899-12-29", "1900-01-01"],
                         "older dates read back")
        before = self.versions("old")
        self.assertEqual(self.js("holiday", "add", "2026-12-27", "A Sunday")["tasks_moved"], 0)
        self.assertEqual(before, self.versions("old"))
        self.assertEqual(self.js("holiday", "rm", "2026-12-27")["tasks_moved"], 0)
        self.assertEqual(before, self.versions("old"))


ICS_OFFSITE_CHRISTMAS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:h1@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270309\r\n"
    "SUMMARY:Company offsite\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:h2@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\n"
    "SUMMARY:Christmas Day\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


ICS_HOLIDAYS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//holidays//EN\r\n"
    "BEGIN:VEVENT\r\nUID:offsite@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270309\r\n"
    "SUMMARY:Company offsite\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:break@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20271227\r\n"
    "DTEND;VALUE=DATE:20271229\r\nSUMMARY:Winter break\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:newyear@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20200101\r\n"
    "RRULE:FREQ=YEARLY\r\nSUMMARY:New Year's Day\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n")


class HolidayImport(Base):
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

    def test_import_an_offsite_and_christmas_for_three_years(self):
        r = self.js("holiday", "import", self.write("h.ics", ICS_OFFSITE_CHRISTMAS))
        self.assertEqual(r["added"], 5)  # the offsite, and Christmas 2026-2029 (three years ahead of today)
        dates = [h["date"] for h in self.js("holiday", "list")]
        self.assertIn("2027-03-09", dates)
        self.assertIn("2027-12-25", dates)
        self.assertEqual(self.js("holiday", "import", self.write("h.ics", ICS_OFFSITE_CHRISTMAS))["skipped"], 5)
        self.rejected("holiday", "import", self.write("bad.ics", "not a calendar\n"), code=2, words="iCalendar")
        # A plan skips holidays.
        launch, a, b = self.chain_launch()
        t = {x["id"]: x for x in self.js("plan", "chain")["tasks"]}
        self.assertEqual(t[b]["latest_start"], "2027-03-08")  # 03-09 is the offsite

    def test_a_file_that_is_not_icalendar_changes_nothing(self):
        self.add_launch("Big", "2027-03-30", 1)
        self.tm("holiday", "add", "2027-03-10")
        self.rejected("holiday", "import", self.write("notes.ics", "Dear team,\nno work on Friday.\n"), code=2)
        self.rejected("holiday", "import", self.write("data.ics", b"\x00\x01\x02\xff\xfe"), code=2)
        before = self.dump()
        p = self.tm("holiday", "import", os.path.join(self.dir, "missing.ics"), code=None)
        self.assertNotEqual(p.returncode, 0, "importing a file that does not exist must fail")
        self.assertTrue(p.stderr.startswith("tminus: error: "), p.stderr)
        self.assertEqual(before, self.dump())


# ---------------------------------------------------------------------------
# Freeze windows
# ---------------------------------------------------------------------------

class Freezes(Base):
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
        self.rejected("freeze", "add", "2027-04-09", "2027-04-05", "Backwards", code=2, words="before it starts")
        self.rejected("freeze", "add", "2027-04-31", "2027-05-05", "Bad date", code=2, words="2027-04-31")
        self.rejected("freeze", "rm", "999", code=3)


# ---------------------------------------------------------------------------
# The range of dates: 2000-01-01 to 2199-12-31
# ---------------------------------------------------------------------------

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
                if t["product"]:  # no date until engineering gives one
                    self.assertIsNone(t["due"])
                    continue
                self.assertTrue(t["due"] and "2000-01-01" <= t["due"] <= "2199-12-31", t)
                self.assertRegex(text, r"(?m)^\s*%d\s.*%s" % (t["id"], t["due"]), f"{launch}: the due date shows")
        self.assertIn("2199-12-31", self.tm("launch", "show", "quiet").stdout)
        plan = self.js("plan", "quiet", today="2199-12-01")
        self.assertEqual({t["latest_finish"] for t in plan["tasks"]}, {"2199-12-27", "2199-12-31"})
        self.assertIn("2199-12-31", self.tm("plan", "quiet", today="2199-12-01").stdout)
        self.assertEqual([h["date"] for h in self.js("holiday", "list")], ["2000-01-01", "2199-12-30"])
        ics = self.tm("calendar", "--ics", "--from", "2199-12-01", "--to", "2199-12-31", today="2199-12-01").stdout
        self.assertIn("DTSTART;VALUE=DATE:21991231", ics)
        self.assertIn("DTEND;VALUE=DATE:22000101", ics)
        self.assertNotIn("00000000", ics)
        ics = self.tm("calendar", "--ics", "--from", "2000-01-01", "--to", "2000-02-29", today="2000-01-01").stdout
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


# ---------------------------------------------------------------------------
# The plan: critical path method
# ---------------------------------------------------------------------------

class CriticalPath(Base):
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
        self.assertEqual(set(plan), {"launch", "date", "today", "feasible", "critical_path", "tasks", "min_slack_days",
                                     "closed_tasks", "notes"})
        self.assertEqual(plan["notes"], [], "no product milestone waits for a date")
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
        plan = json.loads(self.bare("--db", self.db, "--json", "plan", "chain", env=env).stdout)
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
        self.assertRegex(text, r"#%d B\s+##" % b)
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
        self.assertEqual(rows[listed["Messaging approved"]["id"]]["latest_finish"], "2027-02-23")
        self.assertEqual(rows[listed["Messaging hierarchy approved"]["id"]]["latest_finish"], "2027-02-22")
        self.assertEqual(rows[listed["Training session completed"]["id"]]["latest_finish"], "2027-03-01")
        # Planned from 2027-03-10, Messaging approved (due 02-23) is already late.
        late = self.js("plan", "big", today="2027-03-10")
        self.assertFalse(late["feasible"])
        self.assertLess(min(x["slack_days"] for x in late["tasks"]), 0)
        self.assertIn("NO", self.tm("plan", "big", today="2027-03-10").stdout)

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
        self.rejected("plan", "no-such-launch", code=3, words=("unknown launch", "no-such-launch"))
        self.rejected("plan", "no-such-launch", "--explain", "1", code=3)


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
            # The product track's milestones have no due date (engineering has not given one) to move.
            due = None if title in ("Beta launch", "Code complete") else 10
            self.assertEqual(rows[tid]["due_variance_days"], due, title)
            self.assertEqual(rows[tid]["latest_finish_variance_days"], 10, title)
        self.assertEqual((rows[fixed]["due_variance_days"], rows[fixed]["latest_finish_variance_days"]), (0, 0))
        self.assertEqual((cmp["due_dates_moved"], cmp["latest_finishes_moved"]), (17, 19))
        launch = rows[self.ids["Launch"]]
        self.assertEqual((launch["baseline_due"], launch["current_due"]), ("2027-03-16", "2027-03-30"))
        self.assertEqual((launch["baseline_latest_finish"], launch["current_latest_finish"]), ("2027-03-16", "2027-03-30"))
        self.assertEqual(launch["variance_days"], 10, "the launch's forecast moved with T")
        self.assertEqual(rows[self.ids["Changelog entry"]]["variance_days"], 0, "work before T can still start today")
        text = self.tm("plan", "usage-alerts", "--against", "before delay to 2027-03-30").stdout
        self.assertIn("17 due dates and 19 latest finishes moved", text)
        self.assertRegex(text, r"(?m)^\s*%d\s+Messaging approved\s+2027-03-02 → 03-16\s+\+10\s+2027-03-02 → 03-16\s+\+10"
                         % self.ids["Messaging approved"])
        self.assertRegex(text, r"(?m)^\s*%d\s+Analyst briefing\s+2027-03-05\s+\+0\s" % fixed)


class Explain(Base):
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
        self.assertIn("because #%d A waits for it" % a, text)
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
        self.rejected("plan", "chain", "--explain", str(other), code=2, words="belongs to launch 'other'")
        self.rejected("plan", "chain", "--explain", "9999", code=3)


class Baselines(Base):
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
        self.rejected("baseline", "save", "chain", "kickoff", code=4, words=("already has a baseline", "kickoff"))
        self.add_launch("Other", "2027-03-23", 4)
        self.tm("baseline", "save", "other", "kickoff")  # names are per launch
        self.assertEqual([x["name"] for x in self.js("baseline", "list", "chain")], ["kickoff"])
        self.rejected("baseline", "save", "nope", "x", code=3)
        self.rejected("baseline", "list", "nope", code=3)
        self.rejected("plan", "chain", "--against", "no-such-baseline", code=3)


class PlanAll(Base):
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
        self.assertEqual({p for p, _ in load}, {"Ana", "Bo"}, "work nobody owns books nobody")
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

class Delays(Base):
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
        # Pulling in past a fixed date flags it, and is no slip.
        r = self.js("launch", "delay", "billing", "--to", "2027-03-10", "--reason", "Competitor announced early")
        self.assertIn(early_fixed, r["inconsistent"], "03-12 was before T and is now after it")
        show = self.js("launch", "show", "billing")
        self.assertEqual(show["slips"], 1)
        self.assertEqual(len(show["date_history"]), 2)
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
        self.rejected("launch", "delay", "billing", "--to", "2027-04-01", code=2, words="--reason")
        self.rejected("launch", "delay", "billing", "--to", "2027-03-16", "--reason", "x", code=2, words="already on")
        self.rejected("launch", "delay", "billing", "--to", "2027-04-01", "--reason", "", code=2)
        self.rejected("launch", "delay", "billing", "--reason", "x", code=2)
        self.rejected("launch", "delay", "nope", "--to", "2027-04-01", "--reason", "x", code=3, words="unknown launch")
        self.assertEqual(self.js("launch", "show", "billing")["date_history"], [])
        self.assertEqual(self.js("decision", "list"), [])


class Decisions(Base):
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

class LaunchCalendar(Base):
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
        self.assertEqual({e["kind"] for e in ev}, {"launch", "milestone", "holiday", "freeze"})
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

class ICalendarFeed(Base):
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
        tasks = self.js("task", "list", "billing")
        milestones = [t for t in tasks if t["milestone"] and t["title"] != "Launch" and not t["product"]]
        self.assertTrue(milestones)
        # A product milestone has no day until engineering gives it one: nothing to put in a calendar.
        for m in (t for t in tasks if t["product"]):
            self.assertIsNone(m["due"])
            self.assertFalse([s for s in events if m["title"] in s], m["title"])
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
        self.assertRegex(before_b["UID"][1], r"^launch-\d+@tminus$")
        self.assertEqual(before_b["SEQUENCE"][1], "0")
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
        self.assertTrue(any("Billing: Messaging approved" in x for x in days.get(messaging, [])), days.get(messaging))
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


if __name__ == "__main__":
    main()
