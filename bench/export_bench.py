#!/usr/bin/env python3
"""Export benchmark (issue 15): the 10,000-launch workspace of bench/cli_bench.py (`tminus demo --launches
N`: well over 100,000 tasks) exported whole as one JSON document, `tminus export --all --format json`, timed
as a whole process with its peak memory (goal: under 3 s; the document is streamed as the store reads it, so
the memory stays far below the document's size). Then, once each, `import workspace` of that document into
a new workspace (no goal in the issue: shown for scale) and a check that the imported workspace exports the
very same bytes.

Usage: bench/export_bench.py PATH/TO/tminus [--launches N] [--runs N]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time

import proctime

GOAL = 3.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    work = tempfile.mkdtemp(prefix="tminus-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        db = os.path.join(work, "bench.db")
        env = dict(os.environ, TMINUS_DB=db, TMINUS_TODAY="2026-11-22", NO_COLOR="1")
        t0 = time.perf_counter()
        out = subprocess.run([tminus, "--json", "demo", "--launches", str(args.launches)], env=env, check=True,
                             capture_output=True)
        info = json.loads(out.stdout)
        print(f"portfolio: {info['launches']} launches, {info['tasks']} tasks, {info['people']} people "
              f"(generated in {time.perf_counter() - t0:.1f} s)")
        doc = os.path.join(work, "workspace.json")
        med, rss = proctime.measure(tminus, [tminus, "export", "--all", "--format", "json", "--output", doc],
                                    env, args.runs)
        size = os.path.getsize(doc) / (1 << 20)
        with open(doc, "rb") as f:
            tables = json.load(f)["tables"]
        rows = sum(len(t["rows"]) for t in tables.values())
        print(f"document: {size:.1f} MiB, {rows} rows in {len(tables)} tables")
        print(f"\n{'command':44} {'median':>10} {'peak RSS':>10} {'goal':>8}")
        flag = "" if med < GOAL else "  over goal"
        print(f"{'export --all --format json':44} {med * 1000:8.1f} ms {rss:7.1f} MiB {GOAL * 1000:5.0f} ms{flag}")
        new = os.path.join(work, "imported.db")
        env2 = dict(env, TMINUS_DB=new)
        t0 = time.perf_counter()
        subprocess.run([tminus, "import", "workspace", doc], env=env2, check=True, stdout=subprocess.DEVNULL)
        took = time.perf_counter() - t0
        print(f"{'import workspace (once)':44} {took * 1000:8.1f} ms {'':>10} {'-':>8}")
        again = subprocess.run([tminus, "export", "--all", "--format", "json"], env=env2, check=True,
                               capture_output=True).stdout
        with open(doc, "rb") as f:
            same = f.read() == again
        print(f"the imported workspace exports the same document: {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
