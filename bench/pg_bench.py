#!/usr/bin/env python3
"""PostgreSQL benchmark (issue 11): the same 10,000-launch workspace on SQLite and
on PostgreSQL over its Unix socket (synchronous_commit on, a throwaway cluster
from tests/pg.py), then wrk against

  * GET /api/v1/launches/ID (reads through the server's cache) and
  * PATCH /api/v1/tasks/ID with If-Match, counting only 200 answers,

with one `tminus serve` on SQLite, one on PostgreSQL, and two on PostgreSQL with
the clients split between them; and `plan --all` at 1,000 launches of 40 tasks on
PostgreSQL beside SQLite.  Prints the figures against the issue's goals; a
missed goal is reported, not a failure.

Usage: bench/pg_bench.py PATH/TO/tminus [--launches N] [--duration S]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
import http_bench as hb  # noqa: E402  the wrk scripts, the server, the task pool
import pg  # noqa: E402  the throwaway cluster

TODAY = hb.TODAY


def prepare(tminus, db, launches, tasks=None):
    """A demo portfolio of `launches` launches on db, a bench user and its write token."""
    t0 = time.perf_counter()
    args = [tminus, "--db", db, "--today", TODAY, "--json", "demo", "--launches", str(launches)]
    if tasks:
        args += ["--tasks", str(tasks)]
    info = json.loads(hb.run(args))
    took = time.perf_counter() - t0
    hb.run([tminus, "--db", db, "user", "add", "bench", "--role", "editor"], stdin=(hb.PASSWORD + "\n").encode())
    token = json.loads(hb.run([tminus, "--db", db, "--json", "token", "create", "--user", "bench", "--name", "bench",
                            "--scope", "write"]))["token"]
    return info, took, token


def parallel_wrk(wrk_bin, jobs, duration):
    """Runs one wrk per (url, script, args, connections) at once; their parsed summaries."""
    procs = []
    for url, script, args, conns in jobs:
        hb.drain(int(re.match(r"http://[^:/]+:(\d+)", url).group(1)))
    for url, script, args, conns in jobs:
        cmd = [wrk_bin, "-t", str(max(1, hb.WRK_THREADS // len(jobs))), "-c", str(conns), "-d", f"{duration}s",
               "--timeout", "5s", "-s", script, url, "--"] + args
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    out = []
    for p, job in zip(procs, jobs):
        so, se = p.communicate(timeout=duration + 60)
        if p.returncode:
            hb.die(f"wrk failed ({p.returncode}) on {job[0]}:\n{so}{se}")
        out.append(hb.parse_wrk(so, job[0]))
    return out


def combined(rs):
    """The runs of parallel_wrk as one: summed rates, the worst p99."""
    return {"ok_rps": sum(r["ok_rps"] for r in rs), "p99_us": max(r["p99_us"] for r in rs),
            "p50_us": max(r["p50_us"] for r in rs), "requests": sum(r["requests"] for r in rs),
            "ok": sum(r["ok"] for r in rs), "stale": sum(r["stale"] for r in rs),
            "other": sum(r["other"] for r in rs), "last_other": max(r["last_other"] for r in rs)}


def measure(tminus, wrk_bin, db, token, servers, launches, duration, work, tag):
    """Reads and writes against `servers` tminus serve processes on db, the clients split evenly."""
    procs = []
    try:
        for i in range(servers):
            d = os.path.join(work, f"{tag}-{i}")
            os.makedirs(d, exist_ok=True)
            procs.append(hb.Server(tminus, db, d))
        port = procs[0].port
        tier1 = json.loads(hb.run([tminus, "--db", db, "--today", TODAY, "--json", "launch", "list", "--tier", "1",
                                "--from", TODAY, "--limit", "1"]))
        path = f"/api/v1/launches/{tier1[0]['id']}"
        lua_get = os.path.join(work, "get.lua")
        lua_patch = os.path.join(work, "patch.lua")
        with open(lua_get, "w") as f:
            f.write(hb.LUA_GET)
        with open(lua_patch, "w") as f:
            f.write(hb.LUA_PATCH)
        conns = hb.CONNECTIONS // servers
        jobs = [(f"http://127.0.0.1:{s.port}{path}", lua_get, [token], conns) for s in procs]
        parallel_wrk(wrk_bin, jobs, 2)  # warm-up: every server's cache
        reads = combined(parallel_wrk(wrk_bin, jobs, duration))
        pool = hb.task_pool(port, token, launches, tier1[0]["id"], 10000)
        jobs = []
        share = len(pool) // servers
        for i, s in enumerate(procs):
            pool_file = os.path.join(work, f"{tag}-pool-{i}.txt")
            with open(pool_file, "w") as f:
                f.writelines(f"{t} {v}\n" for t, v in pool[i * share:(i + 1) * share])
            threads = max(1, hb.WRK_THREADS // servers)
            jobs.append((f"http://127.0.0.1:{s.port}/api/v1/tasks/0", lua_patch, [token, pool_file, str(threads)],
                         conns))
        writes = combined(parallel_wrk(wrk_bin, jobs, duration))
        for s in procs:
            if s.proc.poll() is not None:
                hb.die(f"tminus serve exited ({s.proc.returncode}) during the runs; see {s.log_path}")
        return reads, writes
    finally:
        for s in procs:
            s.stop()


def plan_all(tminus, db, times=3):
    """Median seconds of `plan --all` on db."""
    took = []
    for _ in range(times):
        t0 = time.perf_counter()
        hb.run([tminus, "--db", db, "--today", TODAY, "--json", "plan", "--all"])
        took.append(time.perf_counter() - t0)
    return statistics.median(took)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    wrk_bin = hb.need("wrk", "wrk")
    work = tempfile.mkdtemp(prefix="tminus-pg-bench-")
    cluster = pg.Cluster()
    try:
        sq = os.path.join(work, "bench.db")
        info, t_sq, tok_sq = prepare(tminus, sq, args.launches)
        uri = cluster.database()
        _, t_pg, tok_pg = prepare(tminus, uri, args.launches)
        sync = cluster.query(uri, "SELECT current_setting('synchronous_commit')")[0][0]
        version = cluster.query(uri, "SELECT current_setting('server_version')")[0][0]
        print(f"portfolio: {info['launches']} launches, {info['tasks']} tasks (generated in {t_sq:.1f} s on SQLite, "
              f"{t_pg:.1f} s on PostgreSQL {version} over its Unix socket, "
              f"synchronous_commit={sync}); {os.cpu_count()} cores shared by servers, PostgreSQL and wrk")
        figures = {}
        for tag, db, tok, n in (("sqlite", sq, tok_sq, 1), ("pg1", uri, tok_pg, 1), ("pg2", uri, tok_pg, 2)):
            figures[tag] = measure(tminus, wrk_bin, db, tok, n, args.launches, args.duration, work, tag)

        small_sq = os.path.join(work, "plan.db")
        prepare(tminus, small_sq, 1000, 40)
        small_pg = cluster.database()
        prepare(tminus, small_pg, 1000, 40)
        plan_sq, plan_pg = plan_all(tminus, small_sq), plan_all(tminus, small_pg)

        ms = hb.ms
        rs, ws = figures["sqlite"]
        r1, w1 = figures["pg1"]
        r2, w2 = figures["pg2"]
        rows = [
            ("GET launch: SQLite, 1 server", f"{rs['ok_rps']:,.0f} req/s", f"p99 {ms(rs['p99_us'])}", "", None),
            ("GET launch: PostgreSQL, 1 server", f"{r1['ok_rps']:,.0f} req/s", f"p99 {ms(r1['p99_us'])}",
             ">= SQLite's", r1["ok_rps"] >= 0.95 * rs["ok_rps"]),
            ("GET launch: PostgreSQL, 2 servers", f"{r2['ok_rps']:,.0f} req/s", f"p99 {ms(r2['p99_us'])}",
             ">= 1.6x 1 server", r2["ok_rps"] >= 1.6 * r1["ok_rps"]),
            ("PATCH task: SQLite, 1 server", f"{ws['ok_rps']:,.0f} /s", f"p99 {ms(ws['p99_us'])}", "", None),
            ("PATCH task: PostgreSQL, 1 server", f"{w1['ok_rps']:,.0f} /s", f"p99 {ms(w1['p99_us'])}",
             ">= 1000 /s", w1["ok_rps"] >= 1000),
            ("PATCH task: PostgreSQL, 2 servers", f"{w2['ok_rps']:,.0f} /s", f"p99 {ms(w2['p99_us'])}",
             ">= 1000 /s", w2["ok_rps"] >= 1000),
            ("plan --all, 1,000 launches: SQLite", f"{plan_sq:.3f} s", "", "", None),
            ("plan --all, 1,000 launches: PostgreSQL", f"{plan_pg:.3f} s", "", "< 0.5 s", plan_pg < 0.5),
        ]
        print(f"\n{'figure':40} {'rate':>14} {'latency':>16}   {'goal':18} met")
        for name, value, lat, goal, met in rows:
            print(f"{name:40} {value:>14} {lat:>16}   {goal:18} {'' if met is None else ('yes' if met else 'NO')}")
        print(f"  two servers / one: {r2['ok_rps'] / r1['ok_rps']:.2f}x reads, "
              f"{w2['ok_rps'] / w1['ok_rps'] if w1['ok_rps'] else 0:.2f}x writes")
        for tag, (r, w) in figures.items():
            for name, x in (("reads", r), ("writes", w)):
                if x["other"] or x["stale"]:
                    print(f"  {tag} {name}: {x['requests']} requests, {x['ok']} answered 200, {x['stale']} 412, "
                          f"{x['other']} other (last {x['last_other']})")
    finally:
        cluster.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
