#!/usr/bin/env python3
"""Import benchmark (issue 15): a 10,000-row Asana CSV export with 5,000 dependencies (each "Blocked By" an
earlier task, by its Task ID; 50 assignees, 40 of them people of the workspace, by email; 20 sections; a due
date on every row) imported into a new launch, `tminus import asana FILE --launch L`, timed as a whole process
on a fresh copy of the workspace each run (goal: under 1 s). Then, for scale, the same file again (a re-import:
every task found by its id, unchanged) and a dry run, once each.

Usage: bench/import_bench.py PATH/TO/tminus [--rows N] [--deps N] [--runs N]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time

GOAL = 1.0
HEADER = ("Task ID,Created At,Completed At,Last Modified,Name,Section/Column,Assignee,Assignee Email,Start Date,"
          "Due Date,Tags,Notes,Projects,Parent task,Blocked By (Dependencies),Blocking (Dependencies)")


def make_csv(path, rows, deps):
    rnd = random.Random(15)
    waits = set(rnd.sample(range(1, rows), deps))
    with open(path, "w", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(rows):
            tid = 1206000000000000 + i
            who = i % 50
            due = f"2027-{1 + (i % 5):02d}-{1 + (i % 28):02d}"
            blocked = str(1206000000000000 + rnd.randrange(i)) if i in waits else ""
            done = "2026-12-01" if i % 10 == 0 else ""
            f.write(f"{tid},2026-11-02,{done},2026-12-01,Task {i} of the launch plan,Section {i % 20},"
                    f"Person {who},person{who}@example.com,,{due},,\"Notes, with a comma\",Launch,,{blocked},\r\n")


def run(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--deps", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    work = tempfile.mkdtemp(prefix="tminus-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        base = os.path.join(work, "base.db")
        env = dict(os.environ, TMINUS_DB=base, TMINUS_TODAY="2026-11-22", NO_COLOR="1")
        for k in range(40):
            subprocess.run([tminus, "person", "add", f"Person {k}", "--role", "eng", "--email",
                            f"person{k}@example.com"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([tminus, "launch", "add", "Big import", "--date", "2027-06-01", "--tier", "4"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        csv = os.path.join(work, "asana.csv")
        make_csv(csv, args.rows, args.deps)
        cmd = [tminus, "import", "asana", csv, "--launch", "big-import"]
        times = []
        db = os.path.join(work, "run.db")
        for _ in range(args.runs):
            shutil.copyfile(base, db)
            times.append(run(cmd, dict(env, TMINUS_DB=db)))
        med = statistics.median(times)
        size = os.path.getsize(csv) / (1 << 20)
        print(f"file: {args.rows} rows, {args.deps} dependencies, {size:.1f} MiB")
        print(f"\n{'command':44} {'median':>10} {'goal':>8}")
        flag = "" if med < GOAL else "  over goal"
        print(f"{'import asana (a new launch)':44} {med * 1000:8.1f} ms {GOAL * 1000:5.0f} ms{flag}")
        again = run(cmd, dict(env, TMINUS_DB=db))
        print(f"{'import asana again (all unchanged, once)':44} {again * 1000:8.1f} ms {'-':>8}")
        shutil.copyfile(base, db)
        dry = run(cmd + ["--dry-run"], dict(env, TMINUS_DB=db))
        print(f"{'import asana --dry-run (once)':44} {dry * 1000:8.1f} ms {'-':>8}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
