#!/usr/bin/env python3
"""Before-the-next-launch benchmark (issue 14): the median wall time, processor time (user + system) and peak
memory, each command run as a whole process the way a user runs it, of

  backlog rank --json      over 100,000 ideas on both tracks, most scored, some not   (goal: under 0.3 s)
  experiment analyze --json  a pricing experiment, a control and two variants      (goal: under 20 ms)
  roadmap --json           2,000 items (40 strategic, 360 initiatives, 1,600 releases) delivered by the
                           10,000 launches of the portfolio                         (goal: under 0.3 s)
  agenda weekly --json     the weekly huddle of that 10,000-launch workspace         (goal: under 0.5 s)

The portfolio is `tminus demo --launches N` (built on /dev/shm when there is one, where SQLite's syncs cost
nothing, then moved beside the other files); the roadmap items and their links, a backlog of 1,000 items
beside the launches, and the 100,000 ideas of the ranking's own workspace (a copy of a freshly migrated one
with the demo's people) are bulk SQL inserts, written as the store writes them (the same columns and texts,
id_sequence kept by its triggers). The experiment is made through the command line. Before timing, a few
generated rows are read back through the app (`backlog show`, `roadmap show`) to check they are its own.

Usage: bench/next_bench.py PATH/TO/tminus [--launches N] [--ideas N] [--runs N] [--keep]
"""
import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import proctime

TODAY = "2026-11-22"
PEOPLE = 6  # the demo's people, ids 1 … 6
IMPACTS = ["massive", "high", "medium", "low", "minimal"]
CONFIDENCES = ["high", "medium", "low"]
STATUSES = ["new", "new", "new", "validating", "experimenting", "planned"]
WORDS = ["usage", "alerts", "billing", "search", "exports", "sso", "audit", "slack", "mobile", "reports", "api",
         "onboarding", "pricing", "messaging", "trial", "teams", "roles", "webhooks", "budgets", "insights"]


def tm(tminus, env, *args):
    return subprocess.run([tminus, *args], env=env, check=True, capture_output=True, text=True).stdout


def quarter(date):
    y, m = int(date[:4]), int(date[5:7])
    return f"{y}Q{(m - 1) // 3 + 1}"


def ideas(con, n, seed, persona_ids=()):
    """n backlog items: ideas, questions and personas on both tracks; nine in ten scored, the rest lacking
    something (a question lacks all four)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        kind = "question" if i % 25 == 0 else "persona" if i % 97 == 0 else "idea"
        track = "product" if i % 2 == 0 else "market"
        scored = kind == "idea" and i % 10 != 3
        title = f"{rnd.choice(WORDS).capitalize()} {rnd.choice(WORDS)} {rnd.choice(WORDS)} #{i + 1}"
        reach = rnd.choice([100, 250, 500, 800, 1000, 1500, 2000, 5000, 10000]) if scored or i % 3 else None
        impact = rnd.choice(IMPACTS) if scored else None
        confidence = rnd.choice(CONFIDENCES) if scored else None
        effort = rnd.choice([0.5, 1, 1.5, 2, 3, 4, 6, 8]) if scored else None
        owner = 1 + i % PEOPLE if i % 5 else None
        persona = persona_ids[i % len(persona_ids)] if persona_ids and i % 7 == 0 else None
        rows.append((title, kind, track, owner, reach, impact, confidence, effort, rnd.choice(STATUSES), persona))
    con.executemany("INSERT INTO ideas(title, kind, track, owner_id, reach, impact, confidence, effort, status, "
                    "persona_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    f"'{TODAY}T09:00:00Z', '{TODAY}T09:00:00Z')", rows)


def roadmap(con, strategic=40, per_strategic=9, releases=1600):
    """strategic × per_strategic initiatives and `releases` releases spread under them, each release delivered
    by an equal share of every launch (by date), its quarter its launches' first."""
    launches = con.execute("SELECT id, date FROM launches ORDER BY date, id").fetchall()
    per = max(1, len(launches) // releases)
    item = 0

    def add(title, level, parent, q, status):
        nonlocal item
        item += 1
        con.execute("INSERT INTO roadmap_items(id, title, level, parent_id, owner_id, quarter, status, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (item, title, level, parent, 1 + item % PEOPLE, q, status, f"{TODAY}T09:00:00Z",
                     f"{TODAY}T09:00:00Z"))
        return item

    first_q, last_q = quarter(launches[0][1]), quarter(launches[-1][1])
    initiatives = []
    for s in range(strategic):
        sid = add(f"Strategic goal {s + 1}", "strategic", None, last_q if s % 2 else first_q, "green")
        for k in range(per_strategic):
            initiatives.append(add(f"Initiative {s + 1}.{k + 1}", "initiative", sid, None, ["green", "yellow"][k % 2]))
    links = []
    for r in range(releases):
        mine = launches[r * per:(r + 1) * per] if r < releases - 1 else launches[r * per:]
        rid = add(f"Release {r + 1}", "release", initiatives[r % len(initiatives)], quarter(mine[0][1]) if mine else None,
                  ["green", "green", "yellow", "red"][r % 4])
        links += [(rid, lid) for lid, _ in mine]
    con.executemany("INSERT INTO roadmap_launches(item_id, launch_id) VALUES (?, ?)", links)
    return item, len(links)


def cpu_time(cmd, env, runs):
    """The median processor time (user + system) of cmd over runs: what the command itself costs, which a
    machine busy with other work leaves as it is while the wall time grows."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def measure(tminus, cmd, env, runs):
    """(median wall seconds, peak RSS MiB, median processor seconds) of cmd."""
    med, peak = proctime.measure(tminus, cmd, env, runs)
    return med, peak, cpu_time(cmd, env, runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--ideas", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--keep", action="store_true", help="keep the workspaces (their folder is printed)")
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)

    work = tempfile.mkdtemp(prefix="tminus-next-bench-")
    shm = tempfile.mkdtemp(prefix="tminus-next-bench-", dir="/dev/shm") if os.path.isdir("/dev/shm") else None
    try:
        gen = shm or work
        # The ranking's workspace: migrated by its first command, the demo's people, 100,000 ideas.
        ideas_db = os.path.join(gen, "ideas.db")
        ienv = dict(os.environ, TMINUS_DB=ideas_db, TMINUS_TODAY=TODAY, NO_COLOR="1")
        for name, role in [("Ana Silva", "pm"), ("Ben Okafor", "pmm"), ("Chloé Martin", "marketing"),
                           ("Dev Patel", "sales"), ("Emma Berg", "cs"), ("Femi Adeyemi", "eng")]:
            tm(tminus, ienv, "person", "add", name, "--role", role)
        tm(tminus, ienv, "glossary", "add", "Platform Priya", "--kind", "persona", "--role", "Head of Platform")
        t0 = time.perf_counter()
        con = sqlite3.connect(ideas_db)
        with con:
            ideas(con, args.ideas, 14, persona_ids=(1,))
        con.close()
        t1 = time.perf_counter()

        # The portfolio: the demo at N launches, 2,000 roadmap items over it, a backlog of 1,000 beside it.
        db = os.path.join(gen, "bench.db")
        env = dict(os.environ, TMINUS_DB=db, TMINUS_TODAY=TODAY, NO_COLOR="1")
        info = json.loads(tm(tminus, env, "--json", "demo", "--launches", str(args.launches)))
        t2 = time.perf_counter()
        con = sqlite3.connect(db)
        with con:
            items, links = roadmap(con)
            ideas(con, 1000, 3)
        con.close()
        t3 = time.perf_counter()
        if shm:
            for name in ("ideas.db", "bench.db"):
                shutil.move(os.path.join(shm, name), os.path.join(work, name))
                if os.path.exists(os.path.join(shm, name + ".feed-key")):
                    shutil.move(os.path.join(shm, name + ".feed-key"), os.path.join(work, name + ".feed-key"))
            ideas_db, db = os.path.join(work, "ideas.db"), os.path.join(work, "bench.db")
            ienv["TMINUS_DB"], env["TMINUS_DB"] = ideas_db, db
        print(f"backlog: {args.ideas} ideas ({t1 - t0:.1f} s); portfolio: {info['launches']} launches, "
              f"{info['tasks']} tasks (demo {t2 - t1:.1f} s), {items} roadmap items delivered by {links} launch links "
              f"and 1000 more ideas ({t3 - t2:.1f} s)")

        # The generated rows read back through the app as its own.
        idea = json.loads(tm(tminus, ienv, "--json", "backlog", "show", "2"))
        assert idea["id"] == 2 and idea["title"].endswith("#2"), idea
        item = json.loads(tm(tminus, env, "--json", "roadmap", "show", "401"))
        assert item["level"] == "release" and item["launches"], item
        # The experiment, through the command line: 12 and 15 % steps, 1,500 qualified signups per arm.
        tm(tminus, env, "experiment", "add", "Bench pricing", "--kind", "pricing", "--hypothesis",
           "A 12 to 15 percent higher price keeps conversion", "--current-price", "20", "--planned-sample", "1500",
           "--monthly-traffic", "8000", "--cost", "12000")
        for arm, flag, value, conv in [("control", "--control", None, 180), ("plus-12", "--price", "22.40", 140),
                                       ("plus-15", "--price", "23", 128)]:
            tm(tminus, env, "experiment", "arm", "add", "Bench pricing", arm, *([flag] + ([value] if value else [])))
            tm(tminus, env, "experiment", "record", "Bench pricing", arm, "--visitors", "1500", "--conversions",
               str(conv), "--revenue-per-conversion", "240")
        ranked = json.loads(tm(tminus, ienv, "--json", "backlog", "rank"))
        weekly = json.loads(tm(tminus, env, "--json", "agenda", "weekly"))
        print(f"backlog rank: {len(ranked['ranked'])} ranked, {len(ranked['unscored'])} unscored; agenda weekly: "
              + ", ".join(f"{s['title']} {len(s['items'])}" for s in weekly["sections"]))

        rows = [("backlog rank --json (%d ideas)" % args.ideas, 0.3,
                 measure(tminus, [tminus, "--json", "backlog", "rank"], ienv, args.runs)),
                ("experiment analyze --json", 0.020,
                 measure(tminus, [tminus, "--json", "experiment", "analyze", "Bench pricing"], env, args.runs)),
                ("roadmap --json (%d items)" % items, 0.3, measure(tminus, [tminus, "--json", "roadmap"], env, args.runs)),
                ("agenda weekly --json", 0.5, measure(tminus, [tminus, "--json", "agenda", "weekly"], env, args.runs)),
                ("agenda weekly (Markdown)", 0.5, measure(tminus, [tminus, "agenda", "weekly"], env, args.runs))]
        print(f"\n{'command':44} {'median':>10} {'cpu':>10} {'peak RSS':>10} {'goal':>8}")
        for label, goal, (med, rss, cpu) in rows:
            flag = "" if med < goal else "  over goal" if cpu >= goal else "  over goal (wall; not in processor time)"
            print(f"{label:44} {med * 1000:8.1f} ms {cpu * 1000:7.1f} ms {rss:7.1f} MiB {goal * 1000:5.0f} ms{flag}")
    finally:
        if args.keep:
            print(f"workspaces kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        if shm:
            shutil.rmtree(shm, ignore_errors=True)


if __name__ == "__main__":
    main()
