#!/usr/bin/env python3
"""Start-up benchmark: `tminus --version` beside the smallest C program that
prints a line (bench/hello.c, built with the same flags), timed by
bench/proctime.c in one run, the two interleaved so that both see the same
load on the machine. Also says which shared libraries the command maps: a
command loads only what it uses, and --version uses no library of its own.

Goal: tminus --version within 2x of the minimal program.

Usage: bench/startup_bench.py PATH/TO/tminus [--runs N]
(the timer and the minimal program are found in the build's bench/ folder)
"""
import argparse
import os
import re
import subprocess

import proctime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--runs", type=int, default=500)
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    hello = os.path.join(os.path.dirname(proctime.timer(tminus)), "hello")
    proctime.timed(tminus, [[hello], [tminus, "--version"]], None, 1)  # warm the page cache
    (c_med, c_fast, _), (t_med, t_fast, _) = proctime.timed(tminus, [[hello], [tminus, "--version"]], None, args.runs)

    ld = subprocess.run([tminus, "--version"], env=dict(os.environ, LD_DEBUG="files"), capture_output=True,
                        text=True).stderr
    libs = sorted({os.path.basename(m) for m in re.findall(r"\bfile=(\S+)", ld)})

    print(f"{'process':32} {'median':>10} {'fastest 10%':>12}   ({args.runs} runs each, interleaved)")
    print(f"{'minimal C program (bench/hello)':32} {c_med * 1000:7.2f} ms {c_fast * 1000:9.2f} ms")
    print(f"{'tminus --version':32} {t_med * 1000:7.2f} ms {t_fast * 1000:9.2f} ms")
    ratio = t_med / c_med
    print(f"tminus --version / minimal program: {ratio:.2f}x (goal: within 2x)" + ("" if ratio <= 2 else "  over goal"))
    print(f"libraries mapped by tminus --version ({len(libs)}): {' '.join(libs)}")


if __name__ == "__main__":
    main()
