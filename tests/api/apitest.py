"""What the API tests share: a demo workspace, users and tokens made with the
command line, a real `tminus serve` on a free loopback port, and requests
over real HTTP.

TMINUS names the binary (meson sets it).
"""
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

TMINUS = os.environ.get("TMINUS", "build/tminus")
TODAY = "2026-11-22"
PASSWORD = "correct horse battery"


class Server:
    """A workspace and the server on it."""

    def __init__(self, demo=True, extra=()):
        self.dir = tempfile.mkdtemp(prefix="tminus-api-")
        self.db = os.path.join(self.dir, "t.db")
        self.proc = None
        self.extra = list(extra)
        if demo:
            self.tm("demo")

    def tm(self, *args, input=None, check=True):
        p = subprocess.run([TMINUS, "--db", self.db, "--today", TODAY, *args], input=input, capture_output=True,
                           text=True, env=dict(os.environ, TMINUS_USER="cli"))
        if check and p.returncode:
            raise AssertionError(f"tminus {' '.join(args)} failed: {p.stderr}")
        return p

    def user(self, name, role, person=None):
        args = ["user", "add", name, "--role", role] + (["--person", person] if person else [])
        self.tm(*args, input=PASSWORD + "\n")

    def token(self, user, scope, expires=None):
        args = ["--json", "token", "create", "--user", user, "--name", f"{user}-{scope}", "--scope", scope]
        if expires:
            args += ["--expires", str(expires)]
        return json.loads(self.tm(*args).stdout)

    def start(self):
        self.log = open(os.path.join(self.dir, "server.log"), "w+")
        self.proc = subprocess.Popen([TMINUS, "--db", self.db, "--today", TODAY, "serve", "--listen", "127.0.0.1:0",
                                      *self.extra], stdout=subprocess.DEVNULL, stderr=self.log)
        self.port = None
        for _ in range(500):
            with open(self.log.name) as f:
                text = f.read()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
            if m:
                self.port = int(m.group(1))
                self.stderr_at_start = text
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError("the server did not start: " + open(self.log.name).read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def request(self, method, path, body=None, headers=None, token=None, cookie=None):
        """One request on a fresh connection: (response, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        if cookie:
            h["Cookie"] = "tminus_session=" + cookie
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")  # http.client would send ISO-8859-1
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def dump(self):
        con = sqlite3.connect(self.db)
        try:
            return "\n".join(line for line in con.iterdump()
                             if "INSERT INTO \"sessions\"" not in line)  # sign-in touches are not changes
        finally:
            con.close()

    def query(self, sql, *args):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()


def main():
    """Runs the module's tests and ends with the line CI reads: 'N passed, M failed'."""
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"{result.testsRun - failed - skipped} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    sys.exit(1 if failed else 0)
