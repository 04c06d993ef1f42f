#!/usr/bin/env python3
"""HTTP benchmark of `tminus serve`: a portfolio of 10,000 launches, then wrk
(64 connections, 2 threads) against

  * GET /api/v1/launches/ID with a bearer token, and nginx serving the very
    same JSON bytes as a static file on another loopback port (the ratio);
  * PATCH /api/v1/tasks/ID with If-Match, each request changing another task
    (the ETags are read beforehand), counting only 200 answers as acknowledged;
  * the same reads while a login flood (20 wrong passwords a second to
    POST /login, from several loopback addresses) runs beside them;

and the server's peak resident memory (VmHWM) during each run, including while
two sign-ins hash their passwords at once.  Prints a table of figures against
the issue's goals.  A missed goal is reported, not a failure (exit 0); a
missing tool or a server that does not start is (exit 1).

Only loopback addresses are used; every loop is bounded by a count or a time.

Usage: bench/http_bench.py PATH/TO/tminus [--launches N] [--duration S] [--dir DIR]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

TODAY = "2026-11-22"
PASSWORD = "bench-password-not-secret"
CONNECTIONS = 64
WRK_THREADS = 2
SERVER_THREADS = os.cpu_count() if (os.cpu_count() or 0) >= 2 else 2  # what tminus serve picks by itself
FLOOD_RATE = 20                      # wrong passwords per second
FLOOD_ADDRS = [f"127.0.0.{i}" for i in range(2, 42)]   # the rate limit is per address: 0.5/s each
FLOOD_INFLIGHT = 16
SIGNIN_ADDRS = ["127.0.0.20", "127.0.0.21"]

# wrk's Lua side.  done() prints one line the Python side parses.
LUA_COMMON = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 412 then stale = stale + 1
  else other = other + 1; last_other = status end
end
function done(summary, latency, requests)
  local o, s, x, lo = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); s = s + t:get("stale"); x = x + t:get("other")
    if t:get("last_other") ~= 0 then lo = t:get("last_other") end
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d ok=%d stale=%d other=%d last_other=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, o, s, x, lo,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout))
end
"""

LUA_GET = LUA_COMMON + r"""
function init(args)
  ok, stale, other, last_other = 0, 0, 0, 0
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end
"""

# Each thread takes every WRK_THREADS-th line of the pool file ("id version"),
# patches each task once per round, and starts another round (version + 1,
# the other status) only after the whole pool has gone by.
LUA_PATCH = LUA_COMMON + r"""
function init(args)
  ok, stale, other, last_other = 0, 0, 0, 0
  local token, file, nthreads = args[1], args[2], tonumber(args[3])
  pool, n, i, round = {}, 0, 0, 0
  local k = 0
  for line in io.lines(file) do
    if k % nthreads == tid then
      local id, v = line:match("(%d+) (%d+)")
      n = n + 1
      pool[n] = { id, tonumber(v) }
    end
    k = k + 1
  end
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  i = i + 1
  if i > n then i = 1; round = round + 1 end
  local t = pool[i]
  local status = (round % 2 == 0) and "in-progress" or "todo"
  local h = {}   -- wrk.format takes these instead of wrk.headers, not beside them
  for k, v in pairs(wrk.headers) do h[k] = v end
  h["If-Match"] = string.format('"task-%s-v%d"', t[1], t[2] + round)
  return wrk.format("PATCH", "/api/v1/tasks/" .. t[1], h, '{"status":"' .. status .. '"}')
end
"""


def die(msg):
    sys.exit(f"http_bench: {msg}")


def need(tool, package):
    path = shutil.which(tool)
    if not path:
        die(f"'{tool}' is missing: apt-get install {package} (scripts/deps.sh bench)")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True)
    if p.returncode:
        die(f"command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
    return p.stdout


class Memory:
    """Samples the server's VmRSS every 20 ms and reads VmHWM; can reset the peak
    (clear_refs 5) so each run gets its own."""

    def __init__(self, pid):
        self.pid = pid
        self.peak_kb = 0
        self.stop = threading.Event()
        self.can_reset = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _field(self, name):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(name + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _loop(self):
        while not self.stop.wait(0.02):
            self.peak_kb = max(self.peak_kb, self._field("VmRSS"))

    def begin(self):
        """Starts a run: resets the kernel's high-water mark when allowed."""
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            self.can_reset = False
        self.peak_kb = self._field("VmRSS")

    def end(self):
        """The run's peak in MiB (the kernel's VmHWM, and the sampled peak)."""
        return max(self._field("VmHWM"), self.peak_kb) / 1024.0


def parse_wrk(out, what):
    m = re.search(r"^WRK (.*)$", out, re.M)
    if not m:
        die(f"wrk ({what}) printed no summary:\n{out}")
    r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    r["seconds"] = r["duration_us"] / 1e6
    r["rps"] = r["requests"] / r["seconds"] if r["seconds"] else 0.0
    r["ok_rps"] = r["ok"] / r["seconds"] if r["seconds"] else 0.0
    return r


def connections_to(port):
    """The server's connections on port that it has not closed yet (ESTABLISHED, CLOSE_WAIT, ...:
    neither LISTEN nor TIME_WAIT), from /proc/net/tcp."""
    n = 0
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                local, remote, state = line.split()[1:4]
                if int(local.split(":")[1], 16) == port and state not in ("0A", "06"):
                    n += 1
    except OSError:
        return 0
    return n


def drain(port, limit=10.0):
    """Waits (at most limit seconds) until no client connection to port is left: the server
    allows 64 connections per address, as many as wrk opens."""
    deadline = time.monotonic() + limit
    while connections_to(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.2)


def wrk(wrk_bin, url, script, args, duration):
    port = int(re.match(r"http://[^:/]+:(\d+)", url).group(1))
    drain(port)
    cmd = [wrk_bin, "-t", str(WRK_THREADS), "-c", str(CONNECTIONS), "-d", f"{duration}s", "--timeout", "5s",
           "-s", script, url, "--"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    if p.returncode:
        die(f"wrk failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    drain(port)
    return parse_wrk(p.stdout, url)


class Server:
    def __init__(self, tminus, db, work):
        self.log_path = os.path.join(work, "serve.log")
        self.log = open(self.log_path, "w")   # the access log: one line a request, never a pipe that fills
        self.proc = subprocess.Popen([tminus, "--db", db, "--today", TODAY, "serve", "--listen", "127.0.0.1:0",
                                      "--threads", str(SERVER_THREADS)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 15
        self.port = None
        while time.monotonic() < deadline and self.proc.poll() is None:
            with open(self.log_path) as f:
                m = re.search(r"serving .* on http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.05)
        if not self.port:
            self.stop()
            with open(self.log_path) as f:
                die(f"tminus serve did not start:\n{f.read()[-2000:]}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Nginx:
    def __init__(self, nginx_bin, prefix, path, body):
        self.prefix = prefix
        root = os.path.join(self.prefix, "www")
        target = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(target))
        with open(target, "wb") as f:
            f.write(body)
        # Workers run as nobody when started by root: let them read the file.
        for d in (self.prefix, *(os.path.join(root, *path.strip("/").split("/")[:i])
                                       for i in range(len(path.strip("/").split("/"))))):
            os.chmod(d, 0o755)
        os.chmod(target, 0o644)
        self.port = free_port()
        conf = os.path.join(self.prefix, "nginx.conf")
        p = self.prefix
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2;
daemon off;
pid {p}/nginx.pid;
error_log {p}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {p}/client_body;
    proxy_temp_path {p}/proxy;
    fastcgi_temp_path {p}/fastcgi;
    uwsgi_temp_path {p}/uwsgi;
    scgi_temp_path {p}/scgi;
    default_type application/json;
    server {{
        listen 127.0.0.1:{self.port};
        root {root};
        location / {{ }}
    }}
}}
""")
        self.proc = subprocess.Popen([nginx_bin, "-p", self.prefix, "-c", conf], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", path)
                r = c.getresponse()
                got = r.read()
                c.close()
                if r.status != 200 or got != body:
                    self.stop()
                    die(f"nginx answered {r.status} with {len(got)} bytes instead of the {len(body)} bytes "
                        f"(see {p}/error.log)")
                return
            except OSError:
                time.sleep(0.05)
        err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
        self.stop()
        die(f"nginx did not start on 127.0.0.1:{self.port}\n{err}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)   # graceful: workers finish, then the master exits
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def api(port, method, path, token=None, body=None, headers=None, source=None, timeout=10):
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                   source_address=(source, 0) if source else None)
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


def task_pool(port, token, launches, skip_launch, want):
    """(task id, version) of open tasks, read from GET /api/v1/launches/ID, at most `want`."""
    pool = []
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for lid in range(1, launches + 1):
            if len(pool) >= want:
                break
            if lid == skip_launch:
                continue
            c.request("GET", f"/api/v1/launches/{lid}", headers={"Authorization": f"Bearer {token}"})
            r = c.getresponse()
            body = r.read()
            if r.status != 200:
                continue
            for t in json.loads(body).get("tasks", []):
                if t.get("status") == "todo" and not t.get("milestone"):
                    pool.append((t["id"], t["version"]))
    finally:
        c.close()
    return pool[:want]


def login_flood(port, seconds, stop, counts):
    """FLOOD_RATE wrong passwords a second to POST /login, round-robin over FLOOD_ADDRS, each in
    its own thread (a sign-in that hashes takes longer than the interval); at most FLOOD_INFLIGHT
    at once, the ticks beyond that counted as "skipped"."""
    body = "user=bench&password=wrong-password"
    hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
    slots = threading.BoundedSemaphore(FLOOD_INFLIGHT)
    lock = threading.Lock()
    workers = []

    def one(addr):
        try:
            status = api(port, "POST", "/login", body=body, headers=hdrs, source=addr, timeout=10)[0]
        except OSError:
            status = "error"
        finally:
            slots.release()
        with lock:
            counts[status] = counts.get(status, 0) + 1

    t0 = time.monotonic()
    for i in range(int(seconds * FLOOD_RATE)):
        if stop.is_set():
            break
        wait = t0 + i / FLOOD_RATE - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        if not slots.acquire(blocking=False):
            with lock:
                counts["skipped"] = counts.get("skipped", 0) + 1
            continue
        w = threading.Thread(target=one, args=(FLOOD_ADDRS[i % len(FLOOD_ADDRS)],), daemon=True)
        w.start()
        workers.append(w)
    for w in workers:
        w.join(15)


def two_signins(port):
    """Two correct sign-ins at once; their statuses."""
    out = [None, None]
    body = f"user=bench&password={PASSWORD}"
    hdrs = {"Content-Type": "application/x-www-form-urlencoded"}

    def one(i):
        try:
            out[i] = api(port, "POST", "/login", body=body, headers=hdrs, source=SIGNIN_ADDRS[i])[0]
        except OSError as e:
            out[i] = str(e)

    ts = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    return out


def ms(us):
    return f"{us / 1000:.2f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tminus")
    ap.add_argument("--launches", type=int, default=10000)
    ap.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    ap.add_argument("--dir", help="where the workspace goes (default: a temporary directory); "
                                  "its file system decides what an fsync costs")
    args = ap.parse_args()
    tminus = os.path.abspath(args.tminus)
    if not os.access(tminus, os.X_OK):
        die(f"no tminus binary at {tminus}")
    wrk_bin = need("wrk", "wrk")
    nginx_bin = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if not nginx_bin:
        die("'nginx' is missing: apt-get install nginx (scripts/deps.sh bench)")

    work = tempfile.mkdtemp(prefix="tminus-http-bench-", dir=args.dir)
    nginx_prefix = tempfile.mkdtemp(prefix="tminus-http-bench-nginx-")   # no secrets: workers may read it
    server = nginx = None
    try:
        db = os.path.join(work, "bench.db")
        t0 = time.perf_counter()
        info = json.loads(run([tminus, "--db", db, "--today", TODAY, "--json", "demo", "--launches",
                               str(args.launches)]))
        print(f"portfolio: {info['launches']} launches, {info['tasks']} tasks (generated in "
              f"{time.perf_counter() - t0:.1f} s); workspace on {fs_type(work)}")
        run([tminus, "--db", db, "user", "add", "bench", "--role", "editor"], stdin=(PASSWORD + "\n").encode())
        token = json.loads(run([tminus, "--db", db, "--json", "token", "create", "--user", "bench", "--name",
                                "bench", "--scope", "write"]))["token"]
        tier1 = json.loads(run([tminus, "--db", db, "--today", TODAY, "--json", "launch", "list", "--tier", "1",
                                "--from", TODAY, "--limit", "1"]))
        if not tier1:
            die("the portfolio has no tier 1 launch after today")
        launch_id = tier1[0]["id"]
        path = f"/api/v1/launches/{launch_id}"

        server = Server(tminus, db, work)
        mem = Memory(server.proc.pid)
        base = f"http://127.0.0.1:{server.port}"
        status, _, body = api(server.port, "GET", path, token)
        if status != 200:
            die(f"GET {path} answered {status}: {body[:300]!r}")
        print(f"server: {base}/ ({SERVER_THREADS} threads); reading {path} "
              f"({len(json.loads(body)['tasks'])} tasks, {len(body)} bytes); wrk {WRK_THREADS} threads, "
              f"{CONNECTIONS} connections, {args.duration} s a run")

        lua_get = os.path.join(work, "get.lua")
        lua_patch = os.path.join(work, "patch.lua")
        with open(lua_get, "w") as f:
            f.write(LUA_GET)
        with open(lua_patch, "w") as f:
            f.write(LUA_PATCH)

        # Reads.
        wrk(wrk_bin, base + path, lua_get, [token], 2)        # warm-up, not counted
        mem.begin()
        reads = wrk(wrk_bin, base + path, lua_get, [token], args.duration)
        rss_reads = mem.end()

        # The same bytes from nginx.
        nginx = Nginx(nginx_bin, nginx_prefix, path, body)
        wrk(wrk_bin, f"http://127.0.0.1:{nginx.port}{path}", lua_get, [token], 2)
        static = wrk(wrk_bin, f"http://127.0.0.1:{nginx.port}{path}", lua_get, [token], args.duration)
        nginx.stop()
        nginx = None

        # Writes: enough ETags that a task comes round again only long after its last patch.
        want = 10000
        t0 = time.perf_counter()
        pool = task_pool(server.port, token, args.launches, launch_id, want)
        if len(pool) < 1000:
            die(f"only {len(pool)} open tasks to patch")
        pool_file = os.path.join(work, "pool.txt")
        with open(pool_file, "w") as f:
            f.writelines(f"{i} {v}\n" for i, v in pool)
        print(f"writes: {len(pool)} open tasks' ETags read in {time.perf_counter() - t0:.1f} s")
        mem.begin()
        writes = wrk(wrk_bin, base + "/api/v1/tasks/0", lua_patch, [token, pool_file, str(WRK_THREADS)],
                     args.duration)
        rss_writes = mem.end()
        # An acknowledged write is there to read back: the second task of each wrk thread's share
        # (wrk calls request() once before the run to check the script: the first is never sent).
        for tid, v in pool[WRK_THREADS:2 * WRK_THREADS]:
            st, hdrs, _ = api(server.port, "GET", f"/api/v1/tasks/{tid}", token)
            etag = hdrs.get("ETag", "")
            if writes["ok"] and (st != 200 or etag == f'"task-{tid}-v{v}"'):
                print(f"note: task {tid} answered {st} with ETag {etag or 'none'} after the writes "
                      f"(it was v{v} before)")

        # Two sign-ins hashing at once.
        mem.begin()
        signins = two_signins(server.port)
        time.sleep(0.1)
        rss_signin = mem.end()
        has_login = not any(st in (404, 405, 501) for st in signins)
        if has_login and signins != [200, 200]:
            print(f"note: the two sign-ins answered {signins}")

        # Reads beside a login flood.
        flood_counts, flood = {}, None
        if has_login:
            stop = threading.Event()
            flood = threading.Thread(target=login_flood, args=(server.port, args.duration, stop, flood_counts),
                                     daemon=True)
            mem.begin()
            flood.start()
            flooded = wrk(wrk_bin, base + path, lua_get, [token], args.duration)
            stop.set()
            flood.join(15)
            rss_flood = mem.end()
        if server.proc.poll() is not None:
            die(f"tminus serve exited ({server.proc.returncode}) during the runs; see {server.log_path}")
        mem.stop.set()

        # The table.
        ratio = reads["ok_rps"] / static["ok_rps"] if static["ok_rps"] else 0.0
        rss_peak = max(rss_reads, rss_writes, rss_signin, *( [rss_flood] if has_login else []))
        rows = [
            ("reads: GET launch, tminus", f"{reads['ok_rps']:,.0f} req/s", "", None),
            ("reads: same bytes, nginx", f"{static['ok_rps']:,.0f} req/s", "", None),
            ("reads: tminus / nginx", f"{ratio:.0%}", ">= 50%", ratio >= 0.5),
            ("reads: p50 / p99", f"{ms(reads['p50_us'])} / {ms(reads['p99_us'])}", "p99 < 10 ms",
             reads["p99_us"] < 10000),
            ("nginx: p50 / p99", f"{ms(static['p50_us'])} / {ms(static['p99_us'])}", "", None),
            ("writes: acknowledged PATCH", f"{writes['ok_rps']:,.0f} /s", ">= 1000 /s", writes["ok_rps"] >= 1000),
            ("writes: p50 / p99", f"{ms(writes['p50_us'])} / {ms(writes['p99_us'])}", "", None),
            ("RSS: reads", f"{rss_reads:.1f} MiB", "", None),
            ("RSS: writes", f"{rss_writes:.1f} MiB", "", None),
            ("RSS: two sign-ins hashing", f"{rss_signin:.1f} MiB" if has_login else "n/a (no /login yet)", "", None),
        ]
        if has_login:
            rows.append(("RSS: login flood + reads", f"{rss_flood:.1f} MiB", "", None))
            rows.append(("reads under login flood: p99", ms(flooded["p99_us"]), "< 50 ms", flooded["p99_us"] < 50000))
            rows.append(("reads under login flood", f"{flooded['ok_rps']:,.0f} req/s", "", None))
        else:
            rows.append(("reads under login flood: p99", "n/a (no /login yet)", "< 50 ms", None))
        rows.append(("RSS: peak of all runs", f"{rss_peak:.1f} MiB" + ("" if mem.can_reset else " (cumulative)"),
                     "< 100 MB", rss_peak * 1048576 < 100e6))
        print(f"\n{'figure':32} {'value':>24}   {'goal':12} met")
        for name, value, goal, met in rows:
            print(f"{name:32} {value:>24}   {goal:12} {'' if met is None else ('yes' if met else 'NO')}")

        notes = []
        for name, r in (("reads", reads), ("nginx", static), ("writes", writes)) + \
                (( ("flooded reads", flooded), ) if has_login else ()):
            errs = {k: r[k] for k in ("connect", "read", "write", "timeout") if r[k]}
            if r["other"] or r["stale"] or errs:
                notes.append(f"{name}: {r['requests']} requests, {r['ok']} answered 200, {r['stale']} 412, "
                             f"{r['other']} other (last {r['last_other']}); socket errors {errs or 'none'}")
        if writes["requests"] > len(pool):
            notes.append(f"writes: {writes['requests']} requests over {len(pool)} tasks (each came round "
                         f"{writes['requests'] / len(pool):.1f} times)")
        if has_login:
            notes.append("login flood: " + ", ".join(f"{k}: {v}" for k, v in sorted(flood_counts.items(), key=str))
                         + f" (answers by status, from {len(FLOOD_ADDRS)} addresses, {FLOOD_RATE}/s asked)")
        for n in notes:
            print("  " + n)
    finally:
        if nginx:
            nginx.stop()
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(nginx_prefix, ignore_errors=True)


def fs_type(path):
    """The file system type of path, from /proc/self/mounts (the longest matching mount point)."""
    best, kind = "", "?"
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and (path == parts[1] or path.startswith(parts[1].rstrip("/") + "/")) \
                        and len(parts[1]) >= len(best):
                    best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


if __name__ == "__main__":
    main()
