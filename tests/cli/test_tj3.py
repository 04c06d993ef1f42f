#!/usr/bin/env python3
"""tminus's critical path method checked against an independent scheduler,
TaskJuggler (Debian's tj3): random launches are planned by both, and every
date of `tminus plan --json` must agree.

Each random launch (one per fixed seed) is a DAG of 20-60 tasks with random
efforts (1-15 working days), milestones (and tasks of 0 days, which plan as
milestones), due dates on any day (weekends and holidays included, some after
launch day T), holidays (single days and runs of days, some added after the
tasks), dependencies that run against the order of the ids, tasks that are in
progress, done or skipped (closed tasks are not planned and what waits for
them is free), and launch days on any day of the week. Every other seed keeps
the tier-4 playbook's two tasks (Release notes, due T-1bd, then the Launch
milestone, due T) as the end of the DAG; the others skip them.

Post-launch work and start constraints: some tasks carry a not-before day
(`task add --not-before`, a date or an offset from T such as T-2w or T+3bd),
and the seeds that keep the playbook add post-launch tasks that wait for the
Launch milestone, due at offsets after T. The Launch milestone and every
task due on or after T cannot start before launch day (T, or the working day
before it when T is none).

The mapping to TaskJuggler, as the issue gives it, is one project with two
independent trees:
  * the backward pass (`b`, `scheduling alap`): each task has `length Nd`
    (or is a `milestone`) and `precedes` its successors and its deadline
    `d<n>`, a milestone with a fixed `start`: for a task, the start of the
    day after its due date (T when it has none); for a milestone, the start
    of its due day itself, where a due day that is no working day counts as
    the working day before (the issue's rule; pinned to a Saturday,
    TaskJuggler's milestone would sit on the Saturday). The latest start and
    finish are the ALAP start and end.
  * the forward pass (`f`, ASAP from --today): the same tasks with `depends`
    and no deadlines. The earliest start and finish are the ASAP start and
    end. A start constraint is TaskJuggler's `start` on a milestone the task
    depends on (`nb<n>` for its not-before day, `L` for launch day), as
    TaskJuggler refuses a `start` beside a `depends` that ends later; a
    constraint before today is today's (the project's start would move back
    with it).
  * holidays are global `leaves holiday`; working hours are the default.
  * a CSV `taskreport` gives every task's start and end.
TaskJuggler's instants become days thus: a task starts on the first working
day whose work (09:00) begins at or after its start; it ends on the last
working day whose work begins before its end (the end is exclusive: an ALAP
task due Monday ends Tuesday 00:00 or at its successor's start, an ASAP task
ends at 17:00); a milestone sits on the first working day whose work begins
at or after its instant. Slack (signed working days from earliest to latest
start), `critical` (the least slack of the work up to launch day, or of any
late task), `feasible` and the shape of the critical path are checked
against TaskJuggler's dates too.

A launch worked by hand (the issue's example with a holiday, weekend due
dates and milestones) pins both schedulers and the conversions to literal
dates, so that a shift of one day cannot hide on both sides.

The seeds are built concurrently (tminus and tj3 are processes); each seed is
a test of its own. A missing tj3 fails every test: `make test` installs it.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_tj3.py
"""
import concurrent.futures
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Workspace, main  # noqa: E402

SEEDS = range(1, 21)
D = dt.date.fromisoformat
DAY = dt.timedelta(days=1)
WORK_BEGINS = dt.time(9, 0)


class Calendar:
    """Working days: Monday to Friday minus the holidays."""

    def __init__(self, holidays):
        self.holidays = set(holidays)

    def working(self, day):
        return day.weekday() < 5 and day not in self.holidays

    def on_or_before(self, day):
        while not self.working(day):
            day -= DAY
        return day

    def on_or_after(self, day):
        while not self.working(day):
            day += DAY
        return day

    def between(self, a, b):
        """Signed count of the working days in (a, b]: the slack from earliest to latest start."""
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        return sign * sum(1 for k in range(1, (b - a).days + 1) if self.working(a + k * DAY))

    def resolve(self, offset, t_day):
        """An offset from T as tminus resolves it: T, T±Nd, T±Nw, T±Nbd; off a working day before T to the one
        before, after T to the one after."""
        if offset == "T":
            return t_day
        sign = -1 if offset[1] == "-" else 1
        unit = offset.lstrip("T+-0123456789")
        n = int(offset[2:len(offset) - len(unit)])
        if unit == "bd":
            day, left = t_day, n
            while left:
                day += sign * DAY
                left -= self.working(day)
        else:
            day = t_day + sign * n * (7 if unit == "w" else 1) * DAY
        if self.working(day):
            return day
        return self.on_or_before(day) if sign < 0 else self.on_or_after(day)

    # TaskJuggler's instants as days.
    def first_day_from(self, instant):
        """The first working day whose work begins at or after the instant: a start, or a milestone."""
        day = instant.date()
        if instant.time() > WORK_BEGINS:
            day += DAY
        return self.on_or_after(day)

    def last_day_before(self, instant):
        """The last working day whose work begins before the instant: an (exclusive) end."""
        day = instant.date()
        if instant.time() <= WORK_BEGINS:
            day -= DAY
        return self.on_or_before(day)


class Launch:
    """A launch as both schedulers see it: tasks by key, and dependencies (pred key, succ key)."""

    def __init__(self, t_day, today, holidays):
        self.t, self.today, self.holidays = t_day, today, sorted(holidays)
        self.cal = Calendar(holidays)
        self.tasks = {}     # key -> {"days", "milestone", "due", "status", "nb"}
        self.edges = []
        self.launch_day = self.cal.on_or_before(t_day)  # where the Launch sits, and post-launch work starts

    def is_milestone(self, key):
        t = self.tasks[key]
        return t["milestone"] or t["days"] == 0

    def after_launch(self, key):
        """The Launch milestone and work due on or after T: never before launch day."""
        due = self.tasks[key]["due"]
        return key == "launch" or bool(due and due >= self.t)

    def open(self):
        return [k for k, t in self.tasks.items() if t["status"] in ("todo", "in_progress")]

    def open_edges(self):
        keep = set(self.open())
        return [(p, s) for p, s in self.edges if p in keep and s in keep]


def tjp(launch, name):
    """The launch as a TaskJuggler project; returns its text and the TaskJuggler name of each open task."""
    keys = launch.open()
    names = {k: f"t{n}" for n, k in enumerate(keys)}
    edges = launch.open_edges()
    lines = [f'project p "{name}" {launch.t - 2000 * DAY} +2500d {{', '  timezone "UTC"', "}"]
    for h in launch.holidays:
        lines.append(f'leaves holiday "h{h}" {h}')
    # Backward pass: as late as possible before each task's deadline.
    lines += ['task b "backward" {', "  scheduling alap"]
    for k in keys:
        t, n = launch.tasks[k], names[k]
        due = t["due"] or launch.t
        if launch.is_milestone(k):
            body, deadline = "milestone", launch.cal.on_or_before(due)
        else:
            body, deadline = f"length {t['days']}d", due + DAY
        targets = [f"b.{names[s]}" for p, s in edges if p == k] + [f"b.d{n}"]
        lines.append(f'  task {n} "{n}" {{ {body} precedes {", ".join(targets)} }}')
        lines.append(f'  task d{n} "deadline of {n}" {{ milestone start {deadline} }}')
    lines.append("}")
    # Forward pass: as soon as possible from today.
    lines += ['task f "forward" {', f"  start {launch.today}"]
    if any(launch.after_launch(k) for k in keys):
        lines.append(f'  task L "launch day" {{ milestone start {max(launch.launch_day, launch.today)} }}')
    for k in keys:
        t, n = launch.tasks[k], names[k]
        body = "milestone" if launch.is_milestone(k) else f"length {t['days']}d"
        preds = [f"f.{names[p]}" for p, s in edges if s == k]
        if launch.after_launch(k):
            preds.append("f.L")
        if t.get("nb"):
            lines.append(f'  task nb{n} "not before" {{ milestone start {max(t["nb"], launch.today)} }}')
            preds.append(f"f.nb{n}")
        lines.append(f'  task {n} "{n}" {{ {body}' + (f' depends {", ".join(preds)}' if preds else "") + " }")
    lines += ["}", f'taskreport "{name}" {{', "  formats csv", "  columns id, start, end",
              '  timeformat "%Y-%m-%d %H:%M"', "}"]
    return "\n".join(lines) + "\n", names


def taskjuggler(tj3, directory, launch, name):
    """TaskJuggler's plan: {key: (earliest start, earliest finish, latest start, latest finish)} of the open tasks."""
    text, names = tjp(launch, name)
    path = os.path.join(directory, name + ".tjp")
    with open(path, "w") as f:
        f.write(text)
    p = subprocess.run([tj3, "--silent", "--no-color", "-o", directory, path], capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"tj3 failed on {path}:\n{p.stdout[-3000:]}{p.stderr[-3000:]}")
    rows = {}
    with open(os.path.join(directory, name + ".csv")) as f:
        for row in csv.DictReader(f, delimiter=";"):
            rows[row["Id"]] = tuple(dt.datetime.strptime(row[c], "%Y-%m-%d %H:%M") for c in ("Start", "End"))
    cal, out = launch.cal, {}
    for k, n in names.items():
        (fs, fe), (bs, be) = rows[f"f.{n}"], rows[f"b.{n}"]
        if launch.is_milestone(k):
            es = ef = cal.first_day_from(fs)
            ls = lf = cal.first_day_from(bs)
        else:
            es, ef = cal.first_day_from(fs), cal.last_day_before(fe)
            ls, lf = cal.first_day_from(bs), cal.last_day_before(be)
        out[k] = (es, ef, ls, lf)
    return out


def random_launch(seed):
    """One seed's launch as a recipe: what to create in tminus, in which order."""
    rnd = random.Random(seed)
    t_day = D("2027-05-03") + rnd.randint(0, 120) * DAY
    near = rnd.random() < 0.25                              # today too close to T: negative slack
    today = t_day - (rnd.randint(15, 45) if near else rnd.randint(120, 220)) * DAY
    holidays = set()
    if seed % 5:                                             # every fifth seed has no holidays at all
        for _ in range(rnd.randint(1, 6)):
            start = t_day + rnd.randint(-110, 12) * DAY
            for k in range(rnd.choice([1, 1, 1, 2, 3, 5])):
                holidays.add(start + k * DAY)
        if rnd.random() < 0.15:
            holidays.add(t_day)
    n = rnd.randint(20, 60)
    tasks = []
    for i in range(n):
        r = rnd.random()
        milestone, days = False, 0
        if r < 0.12:
            milestone = True
        elif r < 0.15:
            days = 0                                         # no effort: planned as a milestone
        elif r < 0.80:
            days = rnd.randint(1, 5)
        else:
            days = rnd.randint(6, 15)
        due = t_day + rnd.randint(-80, 10) * DAY if rnd.random() < 0.35 else None
        s = rnd.random()
        status = "todo" if s < 0.82 else "in_progress" if s < 0.90 else "done" if s < 0.95 else "skipped"
        window = list(range(max(0, i - 8), i))              # recent predecessors: long chains
        preds = sorted(rnd.sample(window, min(len(window), rnd.choice([0, 1, 1, 2, 2, 3])))) if i else []
        tasks.append({"days": days, "milestone": milestone, "due": due, "status": status, "after": preds})
    order = list(range(n))                                   # creation order: a few tasks come late, so that
    for _ in range(4):                                       # some dependencies point to higher ids
        a, b = sorted(rnd.sample(range(n), 2))
        order.insert(b, order.pop(a))
    hols = sorted(holidays)
    rnd.shuffle(hols)
    late = set(hols[: rnd.randint(0, len(hols) // 2)])       # added after the tasks: offset dues must follow
    keep_playbook = seed % 2 == 1
    sinks = [i for i in range(n) if not any(i in t["after"] for t in tasks)]
    to_launch = [i for i in sinks if rnd.random() < 0.6] if keep_playbook else []
    # Start constraints and post-launch work draw from their own generator: the draws above stay as they were.
    extra = random.Random(seed * 7919)
    cal = Calendar(holidays)
    offsets = ["T-3w", "T-10d", "T-5bd", "T-1w", "T-2d", "T", "T+2d", "T+1w", "T+3bd"]
    for t in tasks:
        if extra.random() < 0.18:
            nb = extra.choice(offsets) if extra.random() < 0.5 else t_day + extra.randint(-90, 15) * DAY
            day = cal.resolve(nb, t_day) if isinstance(nb, str) else nb
            if not t["due"] or day <= t["due"] - 10 * DAY:   # never after its due date: tminus refuses that
                t["nb"] = nb
    post = []
    if keep_playbook:
        for k in range(extra.randint(2, 5)):
            nb = extra.choice([None, None, "T+2d", "T+1w", t_day + extra.randint(0, 12) * DAY])
            due = extra.choice(["T", "T+3d", "T+1w", "T+5bd", "T+2w"])
            if nb and (cal.resolve(nb, t_day) if isinstance(nb, str) else nb) > cal.resolve(due, t_day) - 10 * DAY:
                nb = None  # never after its due date: tminus refuses that
            post.append({"days": extra.choice([0, 1, 1, 2, 3, 5]), "due": due, "nb": nb, "status": "in_progress" if extra.random() < 0.2 else "todo"})
    return {"seed": seed, "near": near, "t": t_day, "today": today, "holidays": holidays, "late_holidays": late,
            "tasks": tasks, "order": order, "keep_playbook": keep_playbook, "to_launch": to_launch, "post": post}


def build(recipe, name, directory):
    """Creates the recipe's launch in a workspace of its own (in directory); returns the model, the tminus ids and
    the plan."""
    today, t_day = recipe["today"], recipe["t"]
    tminus = Workspace(today=today.isoformat(), parent=directory).js
    launch = Launch(t_day, today, recipe["holidays"])
    for h in sorted(recipe["holidays"] - recipe["late_holidays"]):
        tminus("holiday", "add", h.isoformat(), f"day off {h}")
    made = tminus("launch", "add", name, "--date", t_day.isoformat(), "--tier", "4")
    slug = made["slug"]
    playbook = {t["title"]: t["id"] for t in made["tasks"]}
    if set(playbook) != {"Release notes", "Launch"}:
        raise AssertionError(f"the tier-4 playbook brought {made['tasks']}")
    if recipe["keep_playbook"]:
        # Release notes (1 day, due T-1bd: the working day before T) -> Launch (a milestone due T).
        launch.tasks["notes"] = {"days": 1, "milestone": False, "status": "todo",
                                 "due": launch.cal.on_or_before(t_day - DAY)}
        launch.tasks["launch"] = {"days": 0, "milestone": True, "status": "todo", "due": t_day}
        launch.edges.append(("notes", "launch"))
    else:
        for tid in playbook.values():
            tminus("task", "set", str(tid), "--status", "skipped")
    tasks, ids, later = recipe["tasks"], {}, []
    for i in recipe["order"]:
        t = tasks[i]
        args = ["task", "add", slug, f"task {i}"]
        args += ["--milestone"] if t["milestone"] else ["--days", str(t["days"])]
        if t["due"]:
            args += ["--due", t["due"].isoformat()]
        nb = t.get("nb")
        if nb:
            args += ["--not-before", nb if isinstance(nb, str) else nb.isoformat()]
        for p in t["after"]:
            if p in ids:
                args += ["--after", str(ids[p])]
            else:
                later.append((p, i))
        ids[i] = tminus(*args)["id"]
        launch.tasks[i] = dict(t)
        if nb:  # offsets as the final calendar resolves them: tminus re-resolves them as holidays come
            launch.tasks[i]["nb"] = launch.cal.resolve(nb, t_day) if isinstance(nb, str) else nb
        launch.edges += [(p, i) for p in t["after"]]
    for p, i in later:
        tminus("task", "dep", "add", str(ids[i]), "--after", str(ids[p]))
    for i in recipe["to_launch"]:
        tminus("task", "dep", "add", str(playbook["Launch"]), "--after", str(ids[i]))
        launch.edges.append((i, "launch"))
    for k, t in enumerate(recipe.get("post", [])):
        # Post-launch work: waits for the Launch milestone, due at an offset after T.
        key = f"post{k}"
        args = ["task", "add", slug, key, "--due", t["due"], "--after", str(playbook["Launch"])]
        args += ["--milestone"] if t["days"] == 0 else ["--days", str(t["days"])]
        if t["nb"]:
            args += ["--not-before", t["nb"] if isinstance(t["nb"], str) else t["nb"].isoformat()]
        ids[key] = tminus(*args)["id"]
        if t["status"] != "todo":
            tminus("task", "set", str(ids[key]), "--status", t["status"])
        nb = t["nb"] and (launch.cal.resolve(t["nb"], t_day) if isinstance(t["nb"], str) else t["nb"])
        launch.tasks[key] = {"days": t["days"], "milestone": t["days"] == 0, "status": t["status"],
                             "due": launch.cal.resolve(t["due"], t_day), "nb": nb, "offset": t["due"]}
        launch.edges.append(("launch", key))
    for i, t in enumerate(tasks):
        if t["status"] != "todo":
            tminus("task", "set", str(ids[i]), "--status", t["status"])
    for h in sorted(recipe["late_holidays"]):
        tminus("holiday", "add", h.isoformat())
    ids.update({"notes": playbook["Release notes"], "launch": playbook["Launch"]})
    listed = {t["id"]: t for t in tminus("task", "list", slug)}
    if recipe["keep_playbook"]:
        if listed[ids["notes"]]["due"] != launch.tasks["notes"]["due"].isoformat():
            raise AssertionError(f"{name}: Release notes is due {listed[ids['notes']]['due']}; T-1bd is "
                                 f"{launch.tasks['notes']['due']}, the working day before T {t_day}")
    for key, t in launch.tasks.items():  # offsets resolved the same way on both sides
        got = listed[ids[key]]
        want = (t["due"] and t["due"].isoformat(), t.get("nb") and t["nb"].isoformat())
        if (got["due"], got["not_before"]) != want:
            raise AssertionError(f"{name}: task {key} is due {got['due']}, not before {got['not_before']} in tminus; "
                                 f"the model says {want}")
    return launch, ids, tminus("plan", slug)


def both(tj3, directory, recipe, name):
    launch, ids, plan = build(recipe, name, directory)
    return launch, ids, plan, taskjuggler(tj3, directory, launch, name)


class TaskJugglerAgrees(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tj3 = shutil.which("tj3")
        cls.dir = tempfile.mkdtemp(prefix="tminus-tj3-")
        cls.pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2)))
        cls.seeds = {}
        if cls.tj3:
            cls.seeds = {seed: cls.pool.submit(both, cls.tj3, cls.dir, random_launch(seed), f"seed{seed}")
                         for seed in SEEDS}

    @classmethod
    def tearDownClass(cls):
        for f in cls.seeds.values():
            f.cancel()
        cls.pool.shutdown(wait=True)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        if not self.tj3:
            self.fail("tj3 (TaskJuggler) is not on PATH: `make test` installs it (Debian package tj3)")

    def compare(self, launch, ids, plan, theirs, name):
        """Every date and slack, `critical`, `feasible` and the critical path of tminus's plan against TaskJuggler's."""
        key_of = {v: k for k, v in ids.items()}
        mine = {key_of[p["id"]]: p for p in plan["tasks"]}
        self.assertEqual(sorted(map(str, mine)), sorted(map(str, launch.open())), f"{name}: the planned tasks")
        self.assertEqual(plan["date"], launch.t.isoformat())
        slack, wrong = {}, []
        for k, (es, ef, ls, lf) in theirs.items():
            t, p = launch.tasks[k], mine[k]
            slack[k] = launch.cal.between(es, ls)
            expected = {"earliest_start": es, "earliest_finish": ef, "latest_start": ls, "latest_finish": lf,
                        "slack_days": slack[k]}
            for field, want in expected.items():
                got = p[field]
                if got != (want if field == "slack_days" else want.isoformat()):
                    kind = "milestone" if t["milestone"] else f"{t['days']} days"
                    wrong.append(f"task {k} (id {ids[k]}, {kind}, due {t['due'] or 'T'}): {field} {got} in tminus, "
                                 f"{want} in TaskJuggler")
        if wrong:
            self.fail(f"{name} (T {launch.t}, today {launch.today}, holidays {[str(h) for h in launch.holidays]}): "
                      f"{len(wrong)} differences:\n  " + "\n  ".join(wrong[:12]))
        # Critical: the least slack of the work up to launch day, or of any late task; of all when nothing else.
        counts = {k for k in slack if not launch.after_launch(k) or slack[k] < 0} or set(slack)
        least = min(slack[k] for k in counts)
        for k, p in mine.items():
            self.assertEqual(p["critical"], k in counts and slack[k] == least,
                             f"{name}, task {k}: critical (least slack {least})")
        self.assertEqual(plan["min_slack_days"], least, f"{name}: the least slack")
        self.assertEqual(plan["feasible"], min(slack.values()) >= 0, f"{name}: feasible")
        for k in mine:
            if launch.after_launch(k):
                self.assertGreaterEqual(mine[k]["earliest_start"], launch.launch_day.isoformat(), f"{name}: {k}")
        path = [key_of[i] for i in plan["critical_path"]]
        edges = set(launch.open_edges())
        self.assertTrue(path, f"{name}: an empty critical path")
        for k in path:
            self.assertTrue(mine[k]["critical"], f"{name}: {k} on the critical path is not critical")
        for a, b in zip(path, path[1:]):
            self.assertIn((a, b), edges, f"{name}: the critical path {path} steps from {a} to {b}, no dependency")
        self.assertFalse([p for p, s in edges if s == path[0] and mine[p]["critical"]],
                         f"{name}: the critical path {path} does not start where it can")
        if "launch" in mine and mine["launch"]["critical"]:
            self.assertEqual(path[-1], "launch", f"{name}: the critical path ends at the Launch milestone")

    def check_seed(self, seed):
        name = f"seed{seed}"
        launch, ids, plan, theirs = self.seeds[seed].result()
        self.compare(launch, ids, plan, theirs, name)
        if random_launch(seed)["near"]:   # meant to be late: some task must have negative slack
            self.assertFalse(plan["feasible"], f"{name}: today {launch.today} was meant to be too late")

    def test_seeds_cover_the_cases(self):
        """The fixed seeds exercise what they claim to (checked on the recipes)."""
        seen = dict.fromkeys(["T on a weekend", "T a holiday", "no holidays, efforts over a week",
                              "holidays added after the tasks", "today too late", "playbook kept", "playbook skipped",
                              "due on a weekend", "milestone due on a weekend", "due on a holiday", "due after T",
                              "0-day task", "in_progress", "done", "skipped", "dependency on a later id",
                              "not-before date", "not-before offset", "post-launch work", "post-launch not-before"], 0)
        tasks = 0
        for seed in SEEDS:
            r = random_launch(seed)
            created = {i: n for n, i in enumerate(r["order"])}
            tasks += len(r["tasks"])
            seen["T on a weekend"] += r["t"].weekday() >= 5
            seen["T a holiday"] += r["t"] in r["holidays"]
            seen["no holidays, efforts over a week"] += not r["holidays"] and any(t["days"] > 6 for t in r["tasks"])
            seen["holidays added after the tasks"] += bool(r["late_holidays"])
            seen["today too late"] += r["near"]
            seen["playbook kept" if r["keep_playbook"] else "playbook skipped"] += 1
            for i, t in enumerate(r["tasks"]):
                due = t["due"]
                seen["due on a weekend"] += bool(due and due.weekday() >= 5)
                seen["milestone due on a weekend"] += bool(due and due.weekday() >= 5 and t["milestone"])
                seen["due on a holiday"] += bool(due and due in r["holidays"])
                seen["due after T"] += bool(due and due > r["t"])
                seen["0-day task"] += not t["milestone"] and t["days"] == 0
                seen[t["status"]] = seen.get(t["status"], 0) + 1
                seen["dependency on a later id"] += sum(created[p] > created[i] for p in t["after"])
                nb = t.get("nb")
                seen["not-before offset" if isinstance(nb, str) else "not-before date"] += bool(nb)
            seen["post-launch work"] += len(r["post"])
            seen["post-launch not-before"] += sum(bool(p["nb"]) for p in r["post"])
        self.assertEqual([k for k, v in seen.items() if not v], [], seen)
        self.assertGreater(tasks, 600)

    def test_hand_computed_launch(self):
        """The issue's example and a few edges worked by hand: both schedulers must give these literal dates.

        T is Tue 2027-03-16, Wed 2027-03-10 is a holiday, today is Mon 2027-02-22. The Launch milestone (due T)
        waits for A (3 days), which waits for B (2 days), which waits for milestone N, which waits for E (2 days).
        Backward: A Thu 11 - Mon 15; B must end before Thu 11 and skips the holiday: Mon 8 - Tue 9; N sits on
        Mon 8 (B's latest start); E ends the working day before: Thu 4 - Fri 5. Milestone M is due Sat 2027-03-06,
        which counts as Fri 5; C (1 day) precedes it: Thu 4. F (4 days, due Sun 2027-03-14) ends Fri 12 and
        spans the holiday: Mon 8 - Fri 12. Release notes is due T-1bd, Mon 15, and precedes Launch: Mon 15.
        Forward from today: E Mon 22 - Tue 23, N Wed 24, B Wed 24 - Thu 25, A Fri 26 - Tue 2; the Launch sits on
        T, Tue 16, however early A ends; C Mon 22, M Tue 23, F Mon 22 - Thu 25, Release notes Mon 22.
        G (1 day, no due date: due by T) cannot start before T-2w, Tue 2027-03-02: Tue 2, latest Tue 16.
        After the launch: P (2 days, due T+1w, Tue 23) starts on T: Tue 16 - Wed 17, latest Mon 22 - Tue 23;
        Q (1 day, due T+2w, Tue 30) cannot start before Sat 2027-03-20: Mon 22, latest Tue 30.
        Slack: 8 on E, N, B, A, C and M (critical), 9 on G, 10 on F, 14 on Release notes; 0 on the Launch, 4 on P
        and 6 on Q, which start on launch day and so are not what is critical. The critical path runs E, N, B, A.
        """
        recipe = {"t": D("2027-03-16"), "today": D("2027-02-22"), "holidays": {D("2027-03-10")},
                  "late_holidays": set(), "keep_playbook": True, "order": [0, 1, 2, 3, 4, 5, 6, 7], "to_launch": [1],
                  "tasks": [
                      {"days": 2, "milestone": False, "due": None, "status": "todo", "after": [5]},           # B
                      {"days": 3, "milestone": False, "due": None, "status": "todo", "after": [0]},           # A
                      {"days": 1, "milestone": False, "due": None, "status": "todo", "after": []},            # C
                      {"days": 0, "milestone": True, "due": D("2027-03-06"), "status": "todo", "after": [2]},  # M
                      {"days": 2, "milestone": False, "due": None, "status": "todo", "after": []},            # E
                      {"days": 0, "milestone": True, "due": None, "status": "todo", "after": [4]},            # N
                      {"days": 4, "milestone": False, "due": D("2027-03-14"), "status": "in_progress",
                       "after": []},                                                                          # F
                      {"days": 1, "milestone": False, "due": None, "status": "todo", "after": [], "nb": "T-2w"},  # G
                  ],
                  "post": [{"days": 2, "due": "T+1w", "nb": None, "status": "todo"},                         # P
                           {"days": 1, "due": "T+2w", "nb": D("2027-03-20"), "status": "todo"}]}              # Q
        launch, ids, plan, theirs = both(self.tj3, self.dir, recipe, "hand")
        expected = {  # key: (earliest start, earliest finish, latest start, latest finish)
            0: ("2027-02-24", "2027-02-25", "2027-03-08", "2027-03-09"),
            1: ("2027-02-26", "2027-03-02", "2027-03-11", "2027-03-15"),
            2: ("2027-02-22", "2027-02-22", "2027-03-04", "2027-03-04"),
            3: ("2027-02-23", "2027-02-23", "2027-03-05", "2027-03-05"),
            4: ("2027-02-22", "2027-02-23", "2027-03-04", "2027-03-05"),
            5: ("2027-02-24", "2027-02-24", "2027-03-08", "2027-03-08"),
            6: ("2027-02-22", "2027-02-25", "2027-03-08", "2027-03-12"),
            7: ("2027-03-02", "2027-03-02", "2027-03-16", "2027-03-16"),
            "notes": ("2027-02-22", "2027-02-22", "2027-03-15", "2027-03-15"),
            "launch": ("2027-03-16", "2027-03-16", "2027-03-16", "2027-03-16"),
            "post0": ("2027-03-16", "2027-03-17", "2027-03-22", "2027-03-23"),
            "post1": ("2027-03-22", "2027-03-22", "2027-03-30", "2027-03-30")}
        self.assertEqual({k: tuple(d.isoformat() for d in v) for k, v in theirs.items()}, expected, "TaskJuggler")
        by_id = {p["id"]: p for p in plan["tasks"]}
        fields = ("earliest_start", "earliest_finish", "latest_start", "latest_finish")
        self.assertEqual({k: tuple(by_id[ids[k]][f] for f in fields) for k in expected}, expected, "tminus")
        self.compare(launch, ids, plan, theirs, "hand")
        slack = {k: 8 for k in (0, 1, 2, 3, 4, 5)}
        slack.update({6: 10, 7: 9, "notes": 14, "launch": 0, "post0": 4, "post1": 6})
        self.assertEqual({k: by_id[ids[k]]["slack_days"] for k in slack}, slack)
        self.assertEqual({k for k in slack if by_id[ids[k]]["critical"]}, {0, 1, 2, 3, 4, 5})
        self.assertEqual(plan["critical_path"], [ids[4], ids[5], ids[0], ids[1]])
        self.assertTrue(plan["feasible"])

for _seed in SEEDS:
    setattr(TaskJugglerAgrees, f"test_seed_{_seed:02d}", lambda self, seed=_seed: self.check_seed(seed))

if __name__ == "__main__":
    main()
