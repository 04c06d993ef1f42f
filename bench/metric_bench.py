#!/usr/bin/env python3
"""Metrics benchmark (issue 13, after launch day): a portfolio of 10,000 launches, 5 success metrics each
(50,000) and 50 observations per metric (2.5 million), then the median wall time and peak memory of
`metric status --all --json` and `dashboard --json` (goal: under 0.5 s each: they read the metrics' rows,
whose summary of their observations the app keeps, never the observations) and of `metric record` (goal:
under 20 ms), each run as a whole process the way a user runs it.

The portfolio is `tminus demo --launches N` (built on /dev/shm when there is one, where SQLite's syncs cost
nothing, then moved beside the other files); the metrics and observations are bulk SQL inserts into the
SQLite file, and each metric's summary columns are computed there exactly as core/metric.h defines them
(how many, the latest by date then id, the first day within [T, T + window] an observation reached the
target in the good direction). The generated values keep clear of the targets (by a few percent of the
distance from baseline to target), so the 1e-9 tolerance of tm_metric_reaches never decides anything.
Before timing, a sample of metrics is checked against the app's own summary (`metric show --json`).

Usage: bench/metric_bench.py PATH/TO/tminus [--launches N] [--runs N]
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import proctime

TODAY = "2026-11-22"
OBSERVATIONS = 50  # per metric, a week apart

# The five metrics of every launch: seed 003's metrics that matter, with a target of each form.
METRICS = [
    # name, kind, unit, direction, baseline, target kind, target, window (days after T)
    ("Activation rate", "activation", "%", "up", 40.0, "percent", 20.0, 90),
    ("Time to first value", "time-to-value", "days", "down", 14.0, "value", 7.0, 90),
    ("NPS", "nps", "points", "up", 30.0, "points", 10.0, 180),
    ("Logo churn", "churn", "%", "down", 5.0, "points", -2.0, 180),
    ("Expansion ARR", "revenue", "EUR", "up", 100000.0, "value", 150000.0, 365),
]

# The target as a value (tm_metric_target_value) of a metrics row m.
TARGET_VALUE = ("(CASE m.target_kind WHEN 'percent' THEN m.baseline * (1 + m.target / 100.0) "
                "WHEN 'points' THEN m.baseline + m.target ELSE m.target END)")


def generate(db, today):
    """Adds the metrics and their observations to the workspace db, and their summaries."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA cache_size = -262144")
    with con:
        con.execute("CREATE TEMP TABLE spec(k INTEGER PRIMARY KEY, name TEXT, kind TEXT, unit TEXT, "
                    "direction TEXT, baseline REAL, target_kind TEXT, target REAL, window INTEGER)")
        con.executemany("INSERT INTO spec VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(k + 1,) + m for k, m in enumerate(METRICS)])
        # Launches the workspace gave metrics already (the demo's launched one) keep theirs.
        con.execute("INSERT INTO metrics(launch_id, position, name, kind, unit, direction, baseline, target_kind, "
                    "target, window_days, owner_id, source) "
                    "SELECT l.id, s.k, s.name, s.kind, s.unit, s.direction, s.baseline, s.target_kind, s.target, "
                    "s.window, l.pm_id, 'bench: generated' FROM launches l, spec s "
                    "WHERE NOT EXISTS (SELECT 1 FROM metrics m WHERE m.launch_id = l.id) ORDER BY l.id, s.k")
        # A week apart, the last one on the window's end or today, whichever comes first (some before T). Each
        # metric follows its path at a pace of its own: 0.6 and 0.9 of it (behind, missed), 1.05 and 1.3 (on
        # track, met), give or take 1% of the baseline-to-target distance; every other one leaves its last two
        # weeks out of the window's end (stale where the window is still running).
        con.execute(f"""
            WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < {OBSERVATIONS - 1}),
            m AS (SELECT m.id, m.baseline, {TARGET_VALUE} AS tv, m.window_days AS w, l.date AS t,
                         min(date(l.date, '+' || m.window_days || ' days'), :today) AS last,
                         (CASE m.id % 4 WHEN 0 THEN 0.6 WHEN 1 THEN 0.9 WHEN 2 THEN 1.05 ELSE 1.3 END) AS pace,
                         (m.id % 2) * 14 AS gap
                  FROM metrics m JOIN launches l ON l.id = m.launch_id WHERE m.source = 'bench: generated'),
            o AS (SELECT m.id, date(m.last, '-' || ((({OBSERVATIONS - 1} - i.n) * 7) + m.gap) || ' days') AS d,
                         i.n, m.baseline, m.tv, m.w, m.t, m.pace FROM m, i)
            INSERT INTO metric_observations(metric_id, on_date, value, note, by, at)
            SELECT id, d,
                   round(baseline + (tv - baseline) * (pace * max(0, min(1, (julianday(d) - julianday(t)) / w))
                         + ((id * 7919 + n * 104729) % 1000 - 500) / 50000.0), 4),
                   '', 'bench', '{TODAY}T09:00:00Z'
            FROM o ORDER BY id, n""", {"today": today})
        # The summaries, as tm_metric_summarize makes them.
        con.execute(f"""
            UPDATE metrics AS m SET
              obs_count = (SELECT count(*) FROM metric_observations o WHERE o.metric_id = m.id),
              latest_on = (SELECT o.on_date FROM metric_observations o WHERE o.metric_id = m.id
                           ORDER BY o.on_date DESC, o.id DESC LIMIT 1),
              latest_value = (SELECT o.value FROM metric_observations o WHERE o.metric_id = m.id
                              ORDER BY o.on_date DESC, o.id DESC LIMIT 1),
              met_on = (SELECT min(o.on_date) FROM metric_observations o, launches l
                        WHERE o.metric_id = m.id AND l.id = m.launch_id AND o.on_date >= l.date
                          AND o.on_date <= date(l.date, '+' || m.window_days || ' days')
                          AND CASE m.direction WHEN 'down' THEN o.value <= {TARGET_VALUE}
                                               ELSE o.value >= {TARGET_VALUE} END)
            WHERE m.source = 'bench: generated'""")
    counts = con.execute("SELECT (SELECT count(*) FROM metrics), (SELECT count(*) FROM metric_observations), "
                         "(SELECT count(*) FROM metrics WHERE met_on IS NOT NULL)").fetchone()
    con.close()
    return counts


def tm(tminus, env, *args):
    return subprocess.run([tminus, *args], env=env, check=True, capture_output=True, text=True).stdout


def check_summaries(tminus, env, db, sample=12):
    """The generated summaries are the app's own: `metric record` of a metric makes the app sum up its
    observations again (tm_metric_summarize); the row's count, latest and met day must be what the
    generator wrote plus that one observation. Done on a copy of the workspace."""
    probe = db + ".probe"
    shutil.copyfile(db, probe)
    penv = dict(env, TMINUS_DB=probe)
    con = sqlite3.connect(probe)
    rows = con.execute("SELECT m.id, l.slug, m.name, m.obs_count, m.latest_on, m.latest_value, m.met_on "
                       "FROM metrics m JOIN launches l ON l.id = m.launch_id "
                       "WHERE m.source = 'bench: generated' ORDER BY (m.id * 2654435761) % 1000003 "
                       f"LIMIT {sample}").fetchall()
    con.close()
    for mid, slug, name, n, latest_on, latest, met_on in rows:
        # An observation before all the others changes neither the latest nor (before T) the met day.
        tm(tminus, penv, "metric", "record", slug, name, "0", "--on", "2020-01-06")
        con = sqlite3.connect(probe)
        got = con.execute("SELECT obs_count, latest_on, latest_value, met_on FROM metrics WHERE id = ?",
                          (mid,)).fetchone()
        con.close()
        if got != (n + 1, latest_on, latest, met_on):
            sys.exit(f"generated summary of metric {mid} ({slug} / {name}) is not the app's: "
                     f"{(n, latest_on, latest, met_on)} generated, the app makes {got} with one more")
    os.remove(probe)
    return len(rows)


def measure(tminus, cmd, env, runs, make_cmd=None):
    """(median seconds, peak RSS MiB) of cmd, or of make_cmd(i) for a command that changes each run."""
    if not make_cmd:
        return proctime.measure(tminus, cmd, env, runs)
    proctime.timed(tminus, [make_cmd(-1)], env, 1)  # warm the page cache
    results = [proctime.timed(tminus, [make_cmd(i)], env, 1)[0] for i in range(runs)]
    return statistics.median(r[0] for r in results), max(r[2] for r in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)

    work = tempfile.mkdtemp(prefix="tminus-metric-bench-")
    shm = tempfile.mkdtemp(prefix="tminus-metric-bench-", dir="/dev/shm") if os.path.isdir("/dev/shm") else None
    try:
        db = os.path.join(work, "bench.db")
        gen_db = os.path.join(shm, "bench.db") if shm else db
        env = dict(os.environ, TMINUS_DB=gen_db, TMINUS_TODAY=TODAY, NO_COLOR="1")
        t0 = time.perf_counter()
        info = json.loads(tm(tminus, env, "--json", "demo", "--launches", str(args.launches)))
        t1 = time.perf_counter()
        metrics, observations, met = generate(gen_db, TODAY)
        t2 = time.perf_counter()
        if shm:
            shutil.move(gen_db, db)
            if os.path.exists(gen_db + ".feed-key"):
                shutil.move(gen_db + ".feed-key", db + ".feed-key")
        env["TMINUS_DB"] = db
        print(f"portfolio: {info['launches']} launches, {info['tasks']} tasks; {metrics} metrics ({met} met), "
              f"{observations} observations (demo {t1 - t0:.1f} s, metrics {t2 - t1:.1f} s)")
        checked = check_summaries(tminus, env, db)
        print(f"summaries: {checked} sampled metrics sum up as the app sums them")

        status = json.loads(tm(tminus, env, "--json", "metric", "status", "--all"))
        states = {}
        for m in status:
            states[m["status"]] = states.get(m["status"], 0) + 1
        print("metric status --all: " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
        con = sqlite3.connect(db)
        slug, name = con.execute("SELECT l.slug, m.name FROM metrics m JOIN launches l ON l.id = m.launch_id "
                                 "WHERE l.status = 'launched' AND m.source = 'bench: generated' "
                                 "ORDER BY l.id DESC LIMIT 1").fetchone()
        con.close()

        rows = []
        rows.append(("metric status --all --json",)
                    + measure(tminus, [tminus, "--json", "metric", "status", "--all"], env, args.runs))
        rows.append(("metric status --all",) + measure(tminus, [tminus, "metric", "status", "--all"], env, args.runs))
        rows.append(("dashboard --json",) + measure(tminus, [tminus, "--json", "dashboard"], env, args.runs))
        rows.append((f"metric record ({OBSERVATIONS} + n observations)",) + measure(
            tminus, None, env, args.runs,
            make_cmd=lambda i: [tminus, "metric", "record", slug, name, f"{42.5 + i / 100:.2f}", "--note", "bench"]))
        goals = [0.5, 0.5, 0.5, 0.020]
        print(f"\n{'command':44} {'median':>10} {'peak RSS':>10} {'goal':>8}")
        for (label, med, rss), goal in zip(rows, goals):
            flag = "" if med < goal else "  over goal"
            print(f"{label:44} {med * 1000:8.1f} ms {rss:7.1f} MiB {goal * 1000:5.0f} ms{flag}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if shm:
            shutil.rmtree(shm, ignore_errors=True)


if __name__ == "__main__":
    main()
