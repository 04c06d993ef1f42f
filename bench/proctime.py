"""What the benchmarks share: tminus commands timed as whole processes by
bench/proctime.c, built beside tminus (build-bench/bench/proctime).

Timing in C rather than from Python leaves out Python's own process start
(about a millisecond, more than a small command takes), and the peak
resident size it reports is the command's own: a child of Python reports
Python's resident size as its peak when that is larger, which hid the peak
of every command smaller than the benchmark script.
"""
import os
import subprocess
import sys


def timer(tminus):
    build = os.path.dirname(os.path.abspath(tminus))
    path = os.path.join(build, "bench", "proctime")
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} is missing: build it (ninja -C {build})")
    return path


def timed(tminus, cmds, env, runs):
    """Runs each command of cmds `runs` times, the commands interleaved round by round.
    Returns, in order, (median seconds, fastest tenth seconds, peak RSS MiB) for each."""
    argv = [timer(tminus), str(runs)]
    for i, cmd in enumerate(cmds):
        argv += (["--"] if i else []) + list(cmd)
    p = subprocess.run(argv, env=env, capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"benchmark command failed: {p.stderr}")
    rows = [line.split() for line in p.stdout.splitlines()]
    return [(int(r[0]) / 1e6, int(r[1]) / 1e6, int(r[2]) / 1024) for r in rows]


def measure(tminus, cmd, env, runs):
    """(median seconds, peak RSS MiB) of cmd, after one run that warms the page cache."""
    timed(tminus, [cmd], env, 1)
    med, _, peak = timed(tminus, [cmd], env, runs)[0]
    return med, peak
