#!/usr/bin/env python3
"""tminus's critical path method checked against an independent scheduler,
TaskJuggler (Debian's tj3): random launches (DAGs of 20-60 tasks with random
efforts, milestones, due dates and holidays) are planned by both, and every
task's latest start and latest finish must agree.

The mapping, as the issue gives it: each task has `length Nd` and `precedes`
its successors; a due date is a milestone the task precedes, placed at the
start of the day after the due date; a milestone's own due date places it at
the start of that day; a task with no due date is due by launch day T;
holidays are `leaves holiday`; scheduling is ALAP; a CSV `taskreport` gives
the starts and ends. TaskJuggler's end of a task is the first instant after
its last working hour, so the last working day is the one before that
instant. Due dates are drawn on working days (tminus moves a milestone due on
a weekend to the Friday; TaskJuggler would pin it to the weekend itself).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_tj3.py
"""
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

TMINUS = os.environ.get("TMINUS", "build/tminus")
T = dt.date(2027, 6, 15)          # a Tuesday
TODAY = "2026-11-02"
SEEDS = range(1, 13)


def working(day, holidays):
    return day.weekday() < 5 and day not in holidays


def previous_working(day, holidays):
    day -= dt.timedelta(days=1)
    while not working(day, holidays):
        day -= dt.timedelta(days=1)
    return day


class TaskJugglerAgrees(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tj3 = shutil.which("tj3")

    def setUp(self):
        self.assertIsNotNone(self.tj3, "tj3 is missing: make test installs it (Debian package tj3)")
        self.dir = tempfile.mkdtemp(prefix="tminus-tj3-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def tm(self, db, *args):
        p = subprocess.run([TMINUS, "--db", db, "--today", TODAY, "--json", *args], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, f"tminus {' '.join(args)}: {p.stderr}")
        return json.loads(p.stdout)

    def random_launch(self, seed):
        rnd = random.Random(seed)
        n = rnd.randint(20, 60)
        workdays = [T - dt.timedelta(days=k) for k in range(1, 120)]
        workdays = [d for d in workdays if d.weekday() < 5]
        holidays = set(rnd.sample(workdays[5:80], rnd.randint(0, 4)))
        tasks = []
        for i in range(n):
            milestone = rnd.random() < 0.15
            due = None
            if rnd.random() < 0.35:
                due = rnd.choice([d for d in workdays[:70] if d not in holidays])
            after = sorted(set(rnd.sample(range(i), min(i, rnd.randint(0, 3))))) if i else []
            tasks.append({"days": 0 if milestone else rnd.randint(1, 5), "milestone": milestone, "due": due,
                          "after": after})
        return tasks, holidays

    def plan_with_tminus(self, tasks, holidays, db, t_day=T):
        for h in sorted(holidays):
            self.tm(db, "holiday", "add", h.isoformat())
        start = self.tm(db, "launch", "add", "Random", "--date", t_day.isoformat(), "--tier", "4")["tasks"]
        for t in start:  # only the random tasks are planned
            self.tm(db, "task", "set", str(t["id"]), "--status", "skipped")
        ids = []
        for i, t in enumerate(tasks):
            args = ["task", "add", "random", f"task {i}"]
            args += ["--milestone"] if t["milestone"] else ["--days", str(t["days"])]
            if t["due"]:
                args += ["--due", t["due"].isoformat()]
            for a in t["after"]:
                args += ["--after", str(ids[a])]
            ids.append(self.tm(db, *args)["id"])
        plan = self.tm(db, "plan", "random")
        by_id = {p["id"]: p for p in plan["tasks"]}
        return [by_id[i] for i in ids]

    def plan_with_tj3(self, tasks, holidays, name, t_day=T):
        succ = {i: [] for i in range(len(tasks))}
        for i, t in enumerate(tasks):
            for a in t["after"]:
                succ[a].append(i)
        lines = [f'project p "{name}" 2025-01-01 +1000d {{', '  timezone "UTC"', "}"]
        for h in sorted(holidays):
            lines.append(f'leaves holiday "h{h.isoformat()}" {h.isoformat()}')
        lines += ['task l "Launch" {', "  scheduling alap"]
        for i, t in enumerate(tasks):
            due = t["due"] or t_day
            targets = [f"l.t{s}" for s in succ[i]] + [f"l.d{i}"]
            body = "milestone" if t["milestone"] else f"length {t['days']}d"
            lines.append(f'  task t{i} "t{i}" {{ {body} precedes {", ".join(targets)} }}')
            deadline = due if t["milestone"] else due + dt.timedelta(days=1)
            lines.append(f'  task d{i} "deadline" {{ milestone start {deadline.isoformat()} }}')
        lines += ["}", 'taskreport "plan" {', "  formats csv", "  columns id, start, end",
                  '  timeformat "%Y-%m-%d %H:%M"', "}"]
        path = os.path.join(self.dir, f"{name}.tjp")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        p = subprocess.run([self.tj3, "--no-color", "-o", self.dir, path], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr[-2000:])
        rows = {}
        with open(os.path.join(self.dir, "plan.csv")) as f:
            for row in csv.DictReader(f, delimiter=";"):
                rows[row["Id"]] = (dt.datetime.strptime(row["Start"], "%Y-%m-%d %H:%M"),
                                   dt.datetime.strptime(row["End"], "%Y-%m-%d %H:%M"))
        out = []
        for i, t in enumerate(tasks):
            start, end = rows[f"l.t{i}"]
            if t["milestone"]:
                out.append((start.date(), start.date()))
                continue
            # The end is the first instant after the last working hour: step back into that hour.
            last = end - dt.timedelta(minutes=1)
            day = last.date()
            if last.hour < 9:                      # before the day's work began: the previous working day
                day = previous_working(day, holidays)
            elif not working(day, holidays):       # a weekend or holiday evening: the working day before
                day = previous_working(day + dt.timedelta(days=1), holidays)
            out.append((start.date(), day))
        return out

    def test_random_launches(self):
        compared = 0
        for seed in SEEDS:
            with self.subTest(seed=seed):
                tasks, holidays = self.random_launch(seed)
                db = os.path.join(self.dir, f"s{seed}.db")
                ours = self.plan_with_tminus(tasks, holidays, db)
                theirs = self.plan_with_tj3(tasks, holidays, f"s{seed}")
                for i, (mine, (ls, lf)) in enumerate(zip(ours, theirs)):
                    self.assertEqual((mine["latest_start"], mine["latest_finish"]), (ls.isoformat(), lf.isoformat()),
                                     f"seed {seed}, task {i} ({tasks[i]}): tminus vs TaskJuggler")
                    compared += 1
        self.assertGreater(compared, 300)

    def test_the_issue_example(self):
        # Launch (T) waits for A (3 days), which waits for B (2 days): both schedulers agree with the issue.
        tasks = [{"days": 2, "milestone": False, "due": None, "after": []},
                 {"days": 3, "milestone": False, "due": None, "after": [0]},
                 {"days": 0, "milestone": True, "due": dt.date(2027, 3, 16), "after": [1]}]
        t_day = dt.date(2027, 3, 16)
        theirs = self.plan_with_tj3(tasks, set(), "example", t_day)
        ours = self.plan_with_tminus(tasks, set(), os.path.join(self.dir, "example.db"), t_day)
        expected = [("2027-03-09", "2027-03-10"), ("2027-03-11", "2027-03-15"), ("2027-03-16", "2027-03-16")]
        self.assertEqual([(a.isoformat(), b.isoformat()) for a, b in theirs], expected)
        self.assertEqual([(m["latest_start"], m["latest_finish"]) for m in ours], expected)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
