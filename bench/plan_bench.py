#!/usr/bin/env python3
"""Plan benchmark: a portfolio of 1,000 launches with 40 tasks each (the
playbook's shape plus extra deliverables and random dependencies within each
launch), then the median wall time and peak memory of `plan` of one launch,
`plan --all` and `calendar --ics` for the whole year, each run as a whole
process. When TaskJuggler (`tj3`) is installed, the same planned launches are
written as a TaskJuggler project (lengths in working days, `precedes`, a
deadline milestone at the start of the day after each due date, ALAP) at 10,
100 and 1,000 launches, and both are timed.

Usage: bench/plan_bench.py PATH/TO/tminus [--runs N] [--sizes 10,100,1000] [--no-tj]
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from proctime import measure

TODAY = "2026-11-22"


def tminus_json(tminus, env, *args):
    out = subprocess.run([tminus, "--json", *args], env=env, check=True, capture_output=True)
    return json.loads(out.stdout)


def portfolio(tminus, work, n):
    db = os.path.join(work, f"plan{n}.db")
    env = dict(os.environ, TMINUS_DB=db, TMINUS_TODAY=TODAY, NO_COLOR="1")
    info = tminus_json(tminus, env, "demo", "--launches", str(n), "--tasks", "40")
    return env, info


def day_after(date):
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()


def write_tjp(tminus, env, path):
    """The planned launches' open tasks as a TaskJuggler project; returns the task count."""
    launches = tminus_json(tminus, env, "launch", "list", "--status", "planned")
    lines = [f'project bench "Bench" {(datetime.date.fromisoformat(TODAY) - datetime.timedelta(days=400)).isoformat()} +1100d {{',
             '  timezone "UTC"', "}"]
    count = 0
    for launch in launches:
        tasks = [t for t in tminus_json(tminus, env, "task", "list", launch["slug"])
                 if t["status"] in ("todo", "in_progress")]
        if not tasks:
            continue
        ids = {t["id"] for t in tasks}
        succ = {t["id"]: [] for t in tasks}
        for t in tasks:
            for a in t["depends_on"]:
                if a in ids:
                    succ[a].append(t["id"])
        lines.append(f'task l{launch["id"]} "{launch["slug"]}" {{')
        lines.append("  scheduling alap")
        for t in tasks:
            due = t["due"] or launch["date"]
            targets = [f"l{launch['id']}.t{s}" for s in succ[t["id"]]] + [f"l{launch['id']}.d{t['id']}"]
            body = "milestone" if t["milestone"] or t["effort_days"] == 0 else f'length {t["effort_days"]}d'
            lines.append(f'  task t{t["id"]} "{t["id"]}" {{ {body} precedes {", ".join(targets)} }}')
            start = due if (t["milestone"] or t["effort_days"] == 0) else day_after(due)
            lines.append(f'  task d{t["id"]} "deadline" {{ milestone start {start} }}')
            count += 1
        lines.append("}")
    lines += ['taskreport "plan" {', "  formats csv", "  columns id, start, end", "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--no-tj", action="store_true")
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    work = tempfile.mkdtemp(prefix="tminus-plan-bench-")
    try:
        env, info = portfolio(tminus, work, 1000)
        print(f"\nportfolio: {info['launches']} launches, {info['tasks']} tasks")
        one = tminus_json(tminus, env, "launch", "list", "--status", "planned", "--tier", "1", "--limit", "1")[0]["slug"]
        year = TODAY[:4]
        rows = [(f"plan {one}",) + measure(tminus, [tminus, "plan", one], env, args.runs),
                ("plan --all",) + measure(tminus, [tminus, "plan", "--all"], env, args.runs),
                (f"calendar --ics (all of {year})",) + measure(
                    tminus, [tminus, "calendar", "--ics", "--from", f"{year}-01-01", "--to", f"{year}-12-31"], env,
                    args.runs)]
        print(f"\n{'command':44} {'median':>10} {'peak RSS':>10}   (goal: plan --all under 300 ms)")
        for name, med, rss in rows:
            print(f"{name:44} {med * 1000:8.1f} ms {rss:7.1f} MiB")

        tj3 = shutil.which("tj3")
        if args.no_tj:
            return
        if not tj3:
            print("\nTaskJuggler: not installed (apt-get install tj3) — comparison skipped")
            return
        print("\nTaskJuggler 3 against tminus plan --all on the same planned launches (goal: at least 100x"
              " at 10 launches):")
        print(f"{'launches':>9} {'tasks':>7} {'tj3':>10} {'tminus':>10} {'ratio':>8}")
        for n in [int(x) for x in args.sizes.split(",")]:
            env_n, _ = portfolio(tminus, work, n) if n != 1000 else (env, info)
            tjp = os.path.join(work, f"p{n}.tjp")
            tasks = write_tjp(tminus, env_n, tjp)
            # tj3's median of three where it takes seconds (once at 1,000 launches: minutes).
            tj_times = []
            for _ in range(3 if n <= 100 else 1):
                start = time.perf_counter()
                res = subprocess.run([tj3, "--no-color", "-o", work, tjp], capture_output=True, text=True)
                tj_times.append(time.perf_counter() - start)
                if res.returncode != 0:
                    break
            if res.returncode != 0:
                print(f"{n:9} {tasks:7}  tj3 failed: {res.stdout[-300:]} {res.stderr[-300:]}")
                continue
            tj_time = statistics.median(tj_times)
            ours, _ = measure(tminus, [tminus, "plan", "--all"], env_n, 21 if n <= 100 else 5)
            flag = "  under goal" if n == 10 and tj_time / ours < 100 else ""
            print(f"{n:9} {tasks:7} {tj_time:9.2f}s {ours * 1000:8.1f}ms {tj_time / ours:7.0f}x{flag}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
