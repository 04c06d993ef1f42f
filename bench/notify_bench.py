#!/usr/bin/env python3
"""Notification benchmark (issue 15, keep the team told): one `notify run` pass over a portfolio of
10,000 launches and 500 people (goal: under 1 s). The pass reads the open tasks due within the week or
changed since the last digest (one scan), the launches whose day is near (go/no-go, launch day, the
reviews up to a quarter after), the milestones done, and runs `check` only on the planned launches within
three weeks of their day: never on the whole portfolio.

The portfolio is `tminus demo --launches N` (on /dev/shm when there is one, then moved beside the other
files); 494 more people with email addresses are bulk SQL inserts, the tasks are spread over the 500
people, every tenth launch gets two watchers, and a handful of webhooks ask for every event. Timed: the
pass as a dry run (computed, then rolled back: every run sees the same workspace) and one real pass on
a copy without the webhooks (it records the digests and events in the outbox; no SMTP server is given and
no webhook is called, so nothing is sent: the sending is not the pass).

Usage: bench/notify_bench.py PATH/TO/tminus [--launches N] [--people N] [--runs N]
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time

import proctime

TODAY = "2026-11-23"   # a Monday: the daily digests and the weekly summaries both go


def tm(tminus, env, *args):
    return subprocess.run([tminus, *args], env=env, check=True, capture_output=True, text=True).stdout


def spread(db, people, webhooks=5):
    con = sqlite3.connect(db)
    have = con.execute("SELECT count(*) FROM people").fetchone()[0]
    con.executemany("INSERT INTO people(name, email, role, capacity, title, notify) VALUES(?, ?, 'eng', 5, '', ?)",
                    [(f"Bench Person {i}", f"bench{i}@example.com", "weekly" if i % 7 == 0 else
                      "off" if i % 13 == 0 else "daily") for i in range(have, people)])
    ids = [r[0] for r in con.execute("SELECT id FROM people ORDER BY id")]
    con.execute("CREATE TEMP TABLE who(k INTEGER PRIMARY KEY, id INTEGER)")
    con.executemany("INSERT INTO who VALUES(?, ?)", list(enumerate(ids)))
    n = len(ids)
    con.execute(f"UPDATE tasks SET owner_id = (SELECT id FROM who WHERE k = tasks.id % {n})")
    con.execute(f"INSERT OR IGNORE INTO launch_watchers(launch_id, person_id) SELECT l.id, w.id FROM launches l "
                f"JOIN who w ON w.k IN (l.id % {n}, (l.id * 7 + 3) % {n}) WHERE l.id % 10 = 0")
    for i in range(webhooks):
        con.execute("INSERT INTO webhooks(id, url, events, format, launch_id, secret, allow_private) "
                    "VALUES(?, ?, ?, 'json', NULL, ?, 0)",
                    (i + 1, f"https://hooks.example.com/{i}", "launch.date_changed,check.error,check.cleared,"
                     "milestone.reached,gonogo.due,launch.day,review.due", "0" * 64))
    con.commit()
    counts = (con.execute("SELECT count(*) FROM people").fetchone()[0],
              con.execute("SELECT count(*) FROM launch_watchers").fetchone()[0])
    con.close()
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--people", type=int, default=500)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)

    work = tempfile.mkdtemp(prefix="tminus-notify-bench-")
    shm = tempfile.mkdtemp(prefix="tminus-notify-bench-", dir="/dev/shm") if os.path.isdir("/dev/shm") else None
    try:
        db = os.path.join(work, "bench.db")
        gen_db = os.path.join(shm, "bench.db") if shm else db
        env = dict(os.environ, TMINUS_DB=gen_db, TMINUS_TODAY=TODAY, NO_COLOR="1")
        env.pop("TMINUS_SMTP", None)
        t0 = time.perf_counter()
        info = json.loads(tm(tminus, env, "--json", "demo", "--launches", str(args.launches)))
        people, watchers = spread(gen_db, args.people)
        t1 = time.perf_counter()
        if shm:
            shutil.move(gen_db, db)
            if os.path.exists(gen_db + ".feed-key"):
                shutil.move(gen_db + ".feed-key", db + ".feed-key")
        env["TMINUS_DB"] = db
        print(f"portfolio: {info['launches']} launches, {info['tasks']} tasks, {people} people, {watchers} watchers "
              f"(made in {t1 - t0:.1f} s)")
        dry = json.loads(tm(tminus, env, "--json", "notify", "run", "--dry-run"))
        kinds = {}
        for t in dry["told"]:
            kinds[t["event"]] = kinds.get(t["event"], 0) + 1
        print("one pass tells: " + ", ".join(f"{n} {e}" for e, n in sorted(kinds.items())))

        rows = [("notify run --dry-run",) + proctime.measure(tminus, [tminus, "notify", "run", "--dry-run"], env,
                                                             args.runs)]
        copy = os.path.join(work, "real.db")
        shutil.copyfile(db, copy)
        con = sqlite3.connect(copy)   # no webhook calls in the timing: the sending is not the pass
        con.execute("DELETE FROM webhooks")
        con.commit()
        con.close()
        renv = dict(env, TMINUS_DB=copy)
        med, _, peak = proctime.timed(tminus, [[tminus, "notify", "run"]], renv, 1)[0]
        rows.append(("notify run (records the outbox, once)", med, peak))
        again = proctime.timed(tminus, [[tminus, "notify", "run"]], renv, 1)[0]
        rows.append(("notify run again (nothing new)", again[0], again[2]))
        print(f"\n{'command':44} {'median':>10} {'peak RSS':>10} {'goal':>8}")
        for label, med, rss in rows:
            flag = "" if med < 1.0 else "  over goal"
            print(f"{label:44} {med * 1000:8.1f} ms {rss:7.1f} MiB {1000:5.0f} ms{flag}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if shm:
            shutil.rmtree(shm, ignore_errors=True)


if __name__ == "__main__":
    main()
