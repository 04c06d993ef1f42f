#!/usr/bin/env python3
"""Malformed and hostile requests against `tminus serve`, over raw sockets
and http.client: broken request lines and versions, oversized and broken
headers, NUL bytes, ambiguous framing, path traversal, very long URLs,
broken JSON, bodies over 1 MiB, and SQL metacharacters and awkward Unicode
in every string field of POST /api/v1/launches, POST .../tasks and PATCH
/api/v1/tasks/{id}.

Every answer must be a 4xx (505 for an HTTP version the server does not
speak, 501 for a transfer coding it does not know), arrive within a few
seconds, and leave the server up (GET /healthz 200). A connection closed
without an answer counts only where libmicrohttpd closes by design (a
request line it cannot split at all). Strings the server accepts come back
byte-identical; rejected writes change nothing; at the end the SQLite file
passes integrity_check and every table is still there.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_hostile.py
"""
import http.client
import json
import os
import re
import socket
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, main  # noqa: E402

ANSWER_WITHIN = 4.0      # seconds a malformed request may take to be answered

FOURXX = frozenset(range(400, 500))

# Strings for every string field: SQL metacharacters, format directives, markup, bidi controls,
# emoji sequences, combining marks, astral characters, separators and look-alikes of other types.
HOSTILE = [
    "'; DROP TABLE launches; --",
    "Robert'); DROP TABLE tasks;--",
    "\" OR \"1\"=\"1\" --",
    "x' UNION SELECT hash FROM tokens --",
    "1; DELETE FROM launches WHERE 1=1",
    "%s%s%s%s%n%n%x%d%p",
    "back\\slash \\\" and \\u0000 spelled out",
    "<script>alert('x')</script>&amp;",
    "\u202etxet desrever\u202c and \u200fmark\u200e",
    "עברית ومرحبا بالعربية",
    "🚀 Launch 👩🏽‍💻 team 🇪🇺 ❤️",
    "e\u0301\u0301\u0301 Z\u0351\u0308\u0336\u0325algo c\u0327",
    "zero\u200bwidth\u2060joiner\ufeffbom",
    "line\u2028separator\u2029paragraph\u0085nel",
    "𝕋-minus 𝟙𝟚𝟛 \U0010fffd",
    "null",
    "{\"json\": [1, 2]}",
    "../../etc/passwd",
    "%00%2e%2e%2f",
    "*",
    "_%",
    "x" * 120,
    "y" * 5000,
    "a" + "é" * 20,          # 41 bytes: a 40-byte limit cuts inside a character
    "a" + "é" * 100,         # 201 bytes: so does any limit past the length checks
    "tab\there",
    "new\nline",
    "del\x7f",
    "",
    "   ",
]


class Hostile(unittest.TestCase):
    longMessage = False          # the messages below say what was sent and what came back
    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.s.user("mallory", "editor")
        cls.token = cls.s.token("mallory", "write")["token"]
        cls.tables = cls.table_names()
        cls.start_server()
        cls.launch_id = cls.s.query("SELECT id FROM launches WHERE slug = 'dark-mode'")[0][0]
        cls.task_id = cls.s.query("SELECT id FROM tasks WHERE launch_id = ? AND milestone = 0 ORDER BY id LIMIT 1",
                                  cls.launch_id)[0][0]

    @classmethod
    def start_server(cls):
        """(Re)starts the server: after one that died, the test goes on against a new one."""
        cls.s.stop()
        cls.s.start()
        cls.server, cls.port = cls.s.proc, cls.s.port

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    @classmethod
    def table_names(cls):
        return cls.s.schema_objects()

    def dump(self):
        return self.s.dump()

    # ---- transport ----

    def raw(self, data, timeout=ANSWER_WITHIN):
        """Sends bytes on a fresh connection; ('answer', status, bytes), ('closed', None, bytes) when the
        server closed without a status line, or ('timeout', None, bytes) when nothing came in time."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        out, how = b"", None
        try:
            try:
                s.sendall(data)
            except OSError:
                pass                      # it may answer and close before reading everything
            deadline = time.monotonic() + timeout
            while True:
                s.settimeout(max(0.05, deadline - time.monotonic()))
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    how = "timeout"
                    break
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                head, sep, rest = out.partition(b"\r\n\r\n")
                m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
                if sep and m and len(rest) >= int(m.group(1)):
                    break
        finally:
            s.close()
        m = re.match(rb"HTTP/1\.[01] (\d{3}) ", out)
        if m:
            return "answer", int(m.group(1)), out
        return how or "closed", None, out

    def request(self, method, path, body=None, headers=None, token=True, ctype="application/json"):
        """(status, headers as a dict of lower-case names, body bytes)."""
        h = {"Content-Type": ctype} if body is not None and ctype else {}
        h.update(headers or {})
        r, data = self.s.request(method, path, body=body, headers=h, token=self.token if token else None, timeout=15)
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def assert_up(self, after):
        """GET /healthz answers 200; when the server died, it is started again (so the rest still runs)
        and the test fails."""
        try:
            status, _, body = self.request("GET", "/healthz", token=False)
            problem = None if status == 200 else f"/healthz answers {status} after {after}: {body[:200]!r}"
        except (OSError, http.client.HTTPException) as e:
            problem = f"the server is down after {after}: {e!r}"
        if problem is None and self.server.poll() is None:
            return
        time.sleep(0.2)
        code = self.server.poll()
        if code is None:
            self.server.kill()
            self.server.wait()
        else:
            problem = f"the server died (exit status {code}) after {after}"
        type(self).start_server()
        self.fail(problem)

    def assert_rejected(self, what, status, headers, body, allowed=FOURXX):
        """A refusal in allowed, as application/problem+json naming its status."""
        if status not in allowed:
            self.fail(f"{what}: answered {status}, wanted {'a 4xx' if allowed == FOURXX else sorted(allowed)}: "
                      f"{body[:240]!r}")
        ctype = headers.get("content-type", "")
        self.assertTrue(ctype.startswith("application/problem+json"), f"{what}: {status} as {ctype}: {body[:200]!r}")
        try:
            problem = json.loads(body)
        except ValueError:
            problem = None
        self.assertTrue(isinstance(problem, dict) and problem.get("status") == status,
                        f"{what}: {status} with the body {body[:240]!r}")

    # ---- requests MHD parses, or refuses to ----

    def frame_cases(self):
        H = b"Host: tminus.test\r\nConnection: close\r\n"
        A = b"Authorization: Bearer " + self.token.encode() + b"\r\n"
        get = b"GET /healthz HTTP/1.1\r\n" + H
        body_get = lambda extra, body=b"": get + extra + b"\r\n" + body
        versions = FOURXX | {505}
        codings = FOURXX | {501}
        return [
            # (what, bytes, statuses allowed, may MHD close without answering?)
            ("a request line of one word", b"HELLO\r\n\r\n", FOURXX, True),
            ("a request line without a method", b" /healthz HTTP/1.1\r\n" + H + b"\r\n", FOURXX, True),
            ("a method alone", b"GET\r\n" + H + b"\r\n", FOURXX, True),
            ("a TLS ClientHello", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(range(32)) + b"\r\n\r\n",
             FOURXX, True),
            ("no HTTP version", b"GET /healthz\r\n\r\n", FOURXX, False),
            ("a fourth word in the request line", b"GET /healthz HTTP/1.1 extra\r\n" + H + b"\r\n", FOURXX, False),
            ("a control character in the method", b"G\x01T /healthz HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("a NUL in the method", b"GE\x00T /healthz HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("a target without a slash", b"GET healthz HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("a NUL in the target", b"GET /heal\x00thz HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("HTTP/2.0 in an HTTP/1 request line", b"GET /healthz HTTP/2.0\r\n" + H + b"\r\n", versions, False),
            ("HTTP/0.9", b"GET /healthz HTTP/0.9\r\n" + H + b"\r\n", versions, False),
            ("HTTP/x.y", b"GET /healthz HTTP/x.y\r\n" + H + b"\r\n", versions, False),
            ("http/1.1 in lower case", b"GET /healthz http/1.1\r\n" + H + b"\r\n", versions, False),
            ("HTTP/1.10", b"GET /healthz HTTP/1.10\r\n" + H + b"\r\n", versions, False),
            ("HTTP/11", b"GET /healthz HTTP/11\r\n" + H + b"\r\n", versions, False),
            ("a NUL after the version", b"GET /healthz HTTP/1.1\x00\r\n" + H + b"\r\n", versions, False),
            ("a 70 KiB header", get + b"X-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n", FOURXX, False),
            ("100 headers of 1 KiB", get + b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 1024) for i in range(100)) + b"\r\n",
             FOURXX, False),
            ("5000 headers", get + b"".join(b"X-H%d: v\r\n" % i for i in range(5000)) + b"\r\n", FOURXX, False),
            ("a header without a colon", get + b"NoColonHere\r\n\r\n", FOURXX, False),
            ("a NUL in a header name", get + b"X-\x00Note: b\r\n\r\n", FOURXX, False),
            # libmicrohttpd 0.9.75 ends a header value at a NUL, but tminus finds the bytes it hid
            # (test_hidden_header_bytes has more).
            ("a NUL in a header value", get + b"X-Note: a\x00b\r\n\r\n", {400}, False),
            ("a NUL after a valid bearer token", b"GET /api/v1/people HTTP/1.1\r\n" + H +
             b"Authorization: Bearer " + self.token.encode() + b"\x00junk\r\n\r\n", {400}, False),
            ("a NUL after an invalid bearer token", b"GET /api/v1/people HTTP/1.1\r\n" + H +
             b"Authorization: Bearer tm_nope\x00" + self.token.encode() + b"\r\n\r\n", {400}, False),
            ("whitespace between a header name and the colon", get + b"X-Note : b\r\n\r\n", FOURXX, False),
            ("Content-Length with whitespace before the colon (a smuggled request)",
             b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length : 34\r\n\r\n"
             b"GET /api/v1/people HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", FOURXX, False),
            ("two Content-Length headers", body_get(b"Content-Length: 1\r\nContent-Length: 2\r\n", b"xx"), FOURXX,
             False),
            ("two equal Content-Length headers", body_get(b"Content-Length: 1\r\nContent-Length: 1\r\n", b"x"),
             FOURXX, False),
            ("Content-Length: 1, 1", body_get(b"Content-Length: 1, 1\r\n", b"x"), FOURXX, False),
            ("Content-Length: -1", body_get(b"Content-Length: -1\r\n"), FOURXX, False),
            ("Content-Length: +1", body_get(b"Content-Length: +1\r\n", b"x"), FOURXX, False),
            ("Content-Length: 1x", body_get(b"Content-Length: 1x\r\n", b"x"), FOURXX, False),
            ("Content-Length past 2^64", body_get(b"Content-Length: 99999999999999999999999\r\n"), FOURXX, False),
            ("Content-Length with Transfer-Encoding",
             body_get(b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"), FOURXX, False),
            ("Transfer-Encoding: gzip", body_get(b"Transfer-Encoding: gzip\r\n", b"\x1f\x8b\x08\x00"), codings,
             False),
            ("Transfer-Encoding: gzip, chunked", body_get(b"Transfer-Encoding: gzip, chunked\r\n", b"0\r\n\r\n"),
             codings, False),
            ("Transfer-Encoding: identity", body_get(b"Transfer-Encoding: identity\r\n"), codings, False),
            ("Transfer-Encoding: chunked twice",
             body_get(b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", b"0\r\n\r\n"), codings, False),
            ("a chunk size that is not hex", body_get(b"Transfer-Encoding: chunked\r\n", b"ZZ\r\nabc\r\n0\r\n\r\n"),
             FOURXX, False),
            ("a chunk size past 2^64",
             body_get(b"Transfer-Encoding: chunked\r\n", b"FFFFFFFFFFFFFFFFFFFF\r\nab\r\n"), FOURXX, False),
            ("HTTP/1.1 without Host", b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", FOURXX, False),
            ("two Host headers", b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", FOURXX,
             False),
        ] + [
            (f"GET {path}", b"GET " + path.encode() + b" HTTP/1.1\r\n" + H + A + b"\r\n", FOURXX, False)
            for path in ("/api/v1/../../etc/passwd", "/../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd",
                         "/api/v1/launches/%2e%2e", "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                         "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                         "/..%5c..%5cetc%5cpasswd", "/%00", "/healthz%00", "/healthz%00.html", "/api/v1/people%00",
                         f"/api/v1/tasks/{self.task_id}%00", "/api/v1/launches/dark-mode%00.json",
                         "/api/v1/launches/dark-mode%00/plan", "/api/v1/launches/%c0%ae%c0%ae/x")
        ] + [
            ("a 10 KiB path", b"GET /" + b"a" * 10240 + b" HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("a 100 KiB path", b"GET /" + b"a" * 102400 + b" HTTP/1.1\r\n" + H + b"\r\n", FOURXX, False),
            ("a 100 KiB query", b"GET /api/v1/launches?tier=" + b"1" * 102400 + b" HTTP/1.1\r\n" + H + A + b"\r\n",
             FOURXX, False),
            ("800 query parameters", b"GET /api/v1/launches?" + b"&".join(b"p%d=v" % i for i in range(800)) +
             b" HTTP/1.1\r\n" + H + A + b"\r\n", FOURXX | {200}, False),
            # Past what fits in a connection's 64 KiB, libmicrohttpd 0.9.75 tries to answer 431 but has no
            # room left to, and closes the connection; the server stays up for everyone else.
            ("2000 query parameters", b"GET /api/v1/launches?" + b"&".join(b"p%d=v" % i for i in range(2000)) +
             b" HTTP/1.1\r\n" + H + A + b"\r\n", FOURXX | {200}, True),
            ("4000 empty query parameters", b"GET /healthz?" + b"&" * 4000 + b" HTTP/1.1\r\n" + H + b"\r\n",
             FOURXX | {200}, True),
        ]

    def test_framing_and_request_lines(self):
        failures = []
        for what, data, allowed, may_close in self.frame_cases():
            how, status, out = self.raw(data)
            if how == "answer":
                if status not in allowed:
                    failures.append(f"{what}: answered {status}: {out[:160]!r}")
                elif b"root:" in out:
                    failures.append(f"{what}: the answer shows a system file: {out[:160]!r}")
            elif how == "closed" and may_close:
                pass
            else:
                failures.append(f"{what}: " + (f"no answer within {ANSWER_WITHIN:.0f} s" if how == "timeout"
                                               else "closed without an answer"))
            try:
                self.assert_up(what)
            except AssertionError as e:
                failures.append(str(e))
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def tminus_answer(self, what, out, status, words):
        """out is tminus's own answer: status, problem+json with words, and every security header."""
        head, _, body = out.partition(b"\r\n\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.decode("latin-1").partition(":") for line in head.split(b"\r\n")[1:])}
        problems = []
        if not out.startswith(b"HTTP/1.1 %d " % status):
            problems.append(f"answered {out[:40]!r}, wanted {status}")
        for name, want in (("content-type", "application/problem+json; charset=utf-8"),
                           ("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer")):
            if headers.get(name) != want:
                problems.append(f"{name}: {headers.get(name)!r}")
        if "frame-ancestors 'none'" not in headers.get("content-security-policy", ""):
            problems.append("no Content-Security-Policy with frame-ancestors 'none'")
        try:
            detail = json.loads(body)["detail"]
            if words not in detail:
                problems.append(f"the detail {detail!r} does not say {words!r}")
        except (ValueError, KeyError, TypeError):
            problems.append(f"the body is not a problem document: {body[:120]!r}")
        return [f"{what}: {p}" for p in problems]

    def test_hidden_header_bytes(self):
        """Bytes of a header that libmicrohttpd hides from tminus (after a NUL, a folded line) or that
        some agent would read as a line end (a bare CR) make the request a 400, answered by tminus."""
        H = b"Host: tminus.test\r\nConnection: close\r\n"
        people = b"GET /api/v1/people HTTP/1.1\r\n" + H
        token = self.token.encode()
        failures = []
        for what, data, words in (
                ("a NUL after a valid bearer token", people + b"Authorization: Bearer " + token + b"\x00junk\r\n\r\n",
                 "a NUL"),
                ("a NUL ending a valid bearer token", people + b"Authorization: Bearer " + token + b"\x00\r\n\r\n",
                 "a NUL"),
                ("a NUL after the token, then a bare-LF head", b"GET /api/v1/people HTTP/1.1\nHost: x\n"
                 b"Authorization: Bearer " + token + b"\x00junk\n\n", "a NUL"),
                ("a NUL in a header that is not the last", people + b"X-Note: a\x00b\r\nAuthorization: Bearer " +
                 token + b"\r\n\r\n", "a NUL"),
                ("two NULs and a header hidden after them", people + b"X-Note: a\x00\x00Authorization: Bearer " +
                 token + b"\r\n\r\n", "a NUL"),
                ("a NUL at the start of a value", people + b"Authorization: \x00Bearer " + token + b"\r\n\r\n",
                 "a NUL"),
                ("a bare CR after a valid bearer token", people + b"Authorization: Bearer " + token + b"\rjunk\r\n\r\n",
                 "a CR that ends no line"),
                ("a bare CR in a header value", people + b"X-Note: a\rX-Injected: b\r\n\r\n", "a CR that ends no line"),
                ("a control character in a header value", people + b"X-Note: a\x01b\r\n\r\n", "control character"),
                ("DEL in a header value", people + b"X-Note: a\x7fb\r\n\r\n", "control character"),
                ("a header folded onto the next line", people + b"X-Note: a\r\n b\r\n\r\n", "folded"),
                ("a bearer token folded onto the next line", people + b"Authorization: Bearer\r\n " + token +
                 b"\r\n\r\n", "folded")):
            how, status, out = self.raw(data)
            if how != "answer":
                failures.append(f"{what}: {how} without an answer")
            else:
                failures += self.tminus_answer(what, out, 400, words)
            self.assert_up(what)
        # Blanks and tabs in values, bare LF line ends and an empty value are all fine.
        for what, data in (("bare LF line ends", b"GET /api/v1/people HTTP/1.1\nHost: x\nConnection: close\n"
                                                  b"Authorization: Bearer " + token + b"\n\n"),
                           ("blanks before a value", people + b"Authorization:  \t Bearer " + token + b"\r\n\r\n"),
                           ("blanks after a value", people + b"X-Note: a \t \r\nAuthorization: Bearer " + token +
                            b"\r\n\r\n"),
                           ("an empty value", people + b"X-Empty:\r\nX-Blank:   \r\nAuthorization: Bearer " + token +
                            b"\r\n\r\n"),
                           ("a tab in a value", people + b"X-Note: a\tb\r\nAuthorization: Bearer " + token +
                            b"\r\n\r\n")):
            how, status, out = self.raw(data)
            if status != 200:
                failures.append(f"{what}: {how} {status} {out[:200]!r}")
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_libmicrohttpds_own_answers(self):
        """What libmicrohttpd 0.9.75 answers by itself, before tminus sees the request, so without tminus's
        headers: exactly the cases the README lists. A library that answers otherwise fails this test, and
        the README must change with it."""
        H = b"Host: tminus.test\r\nConnection: close\r\n"
        post = b"POST /login HTTP/1.1\r\n" + H + b"Content-Type: application/json\r\n"
        chunked = post + b"Transfer-Encoding: chunked\r\n\r\n"
        failures = []
        for what, data, status, heads in (
                ("a malformed HTTP version", b"GET /healthz HTTP/x.y\r\n" + H + b"\r\n", 400, 1),
                ("no HTTP version", b"GET /healthz\r\n" + H + b"\r\n", 400, 1),
                ("HTTP/2.0 in an HTTP/1 request line", b"GET /healthz HTTP/2.0\r\n" + H + b"\r\n", 505, 1),
                ("HTTP/0.9", b"GET /healthz HTTP/0.9\r\n" + H + b"\r\n", 505, 1),
                ("a header line without a colon", b"GET /healthz HTTP/1.1\r\n" + H + b"NoColon\r\n\r\n", 400, 1),
                ("a NUL in a header name", b"GET /healthz HTTP/1.1\r\n" + H + b"X-\x00Note: b\r\n\r\n", 400, 1),
                ("a Content-Length that is not a number", post + b"Content-Length: 1x\r\n\r\nx", 400, 2),
                ("a Content-Length past 2^64", post + b"Content-Length: 99999999999999999999999\r\n\r\n", 413, 2),
                ("a 100 KiB path", b"GET /" + b"a" * 102400 + b" HTTP/1.1\r\n" + H + b"\r\n", 414, 1),
                ("a 70 KiB header", b"GET /healthz HTTP/1.1\r\n" + H + b"X-Big: " + b"a" * 70000 + b"\r\n\r\n", 431, 1),
                ("a chunk size that is not hex", chunked + b"ZZ\r\nabc\r\n0\r\n\r\n", 400, 1),
                ("a chunk size past 2^64", chunked + b"FFFFFFFFFFFFFFFFFFFF\r\nab\r\n", 413, 1),
                ("a 40,000-byte chunk extension", chunked + b"5;" + b"e" * 40000 + b"\r\nhello\r\n0\r\n\r\n", 500, 1)):
            how, got, out = self.raw(data)
            if how != "answer" or got != status:
                failures.append(f"{what}: {how} {got}, the README says libmicrohttpd answers {status}")
            elif b"Content-Security-Policy" in out:
                failures.append(f"{what}: the answer now has tminus's headers: the README's list is out of date")
            elif out.count(b"HTTP/1.1 %d " % status) != heads:
                failures.append(f"{what}: {out.count(b'HTTP/1.1 ')} header blocks, the README says {heads}")
            self.assert_up(what)
        self.assertFalse(failures, "\n" + "\n".join(failures))

    # ---- broken JSON bodies ----

    def routes(self):
        """(what, method, path, a valid body, its free-text field, a number field, needs If-Match)."""
        return [
            ("POST /api/v1/launches", "POST", "/api/v1/launches",
             {"name": "Hostile base", "date": "2027-06-15", "tier": 4}, "name", "tier", False),
            ("POST /api/v1/launches/{id}/tasks", "POST", f"/api/v1/launches/{self.launch_id}/tasks",
             {"title": "Hostile base task", "section": "Hostile", "effort_days": 1}, "title", "effort_days", False),
            ("PATCH /api/v1/tasks/{id}", "PATCH", f"/api/v1/tasks/{self.task_id}",
             {"title": "Hostile patched title", "effort_days": 1}, "title", "effort_days", True),
        ]

    def etag(self):
        status, h, body = self.request("GET", f"/api/v1/tasks/{self.task_id}")
        self.assertEqual(status, 200, body)
        return h["etag"]

    def send(self, method, path, body, if_match, ctype="application/json", headers=None):
        h = dict(headers or {})
        if if_match:
            h["If-Match"] = self.etag()
        return self.request(method, path, body, h, ctype=ctype)

    @staticmethod
    def with_value(base, field, raw_value):
        """base as JSON with field's value replaced by raw bytes, which need not be valid JSON."""
        text = json.dumps(dict(base, **{field: "@@VALUE@@"}), ensure_ascii=False).encode()
        return text.replace(b'"@@VALUE@@"', raw_value)

    def broken_bodies(self, base, text, num):
        valid = json.dumps(base).encode()
        deep = lambda n: b'{"a":' * n + b'"x"' + b"}" * n
        yield "a truncated body", valid[:-4]
        yield "an open brace", b"{"
        yield "an empty body", b""
        yield "whitespace only", b" \r\n\t "
        yield "a trailing comma", valid[:-1] + b", }"
        yield "single quotes", valid.replace(b'"', b"'")
        yield "trailing garbage", valid + b" garbage"
        yield "two documents", valid + valid
        yield "a comment", valid[:-1] + b" /* comment */ }"
        yield "a duplicate key", valid[:-1] + b', "' + text.encode() + b'": "again"}'
        yield "a key duplicated by an escape", valid[:-1] + b', "\\u00' + b"%02x" % ord(text[0]) + \
            text[1:].encode() + b'": "again"}'
        yield "invalid UTF-8", self.with_value(base, text, b'"bad \xff\xfe bytes"')
        yield "overlong UTF-8", self.with_value(base, text, b'"\xc0\xaf"')
        yield "a UTF-8-encoded surrogate", self.with_value(base, text, b'"\xed\xa0\x80"')
        yield "a lone surrogate escape", self.with_value(base, text, b'"\\ud800"')
        yield "a truncated escape", self.with_value(base, text, b'"\\u12"')
        yield "\\u0000", self.with_value(base, text, b'"a\\u0000b"')
        yield "a raw NUL", self.with_value(base, text, b'"a\x00b"')
        yield "a raw control character", self.with_value(base, text, b'"a\x01b"')
        yield "a raw newline in a string", self.with_value(base, text, b'"a\nb"')
        yield "nesting 33 deep", self.with_value(base, "extra", deep(32))
        yield "nesting 33 deep in a known field", self.with_value(base, text, deep(32))
        yield "100000 open brackets", self.with_value(base, text, b"[" * 100000)
        for n in (b"1e400", b"-1e400", b"99999999999999999999999", b"-99999999999999999999999",
                  b"18446744073709551617", b"-1", b"1.5", b"NaN", b"Infinity", b"0x10", b"01", b'"2"', b"true",
                  b"[2]", b"{}"):
            yield f"{num} = {n.decode()}", self.with_value(base, num, n)
        for v in (b"5", b"[]", b"{}", b"true", b"null", b'["x"]'):
            yield f"{text} = {v.decode()}", self.with_value(base, text, v)
        yield "an unknown field", self.with_value(base, "colour", b'"red"')
        for doc in (b"[]", b'"a string"', b"42", b"null", b"true"):
            yield f"the document {doc.decode()}", doc

    def test_broken_json_bodies(self):
        failures = []
        before = self.dump()
        for what, method, path, base, text, num, needs_etag in self.routes():
            for case, body in self.broken_bodies(base, text, num):
                status, h, data = self.send(method, path, body, needs_etag)
                try:
                    self.assert_rejected(f"{what} with {case}", status, h, data)
                except AssertionError as e:
                    failures.append(str(e))
                self.assert_up(f"{what} with {case}")
            for ctype in ("text/plain", "application/x-www-form-urlencoded", "application/jsonp", None):
                status, h, data = self.send(method, path, json.dumps(base), needs_etag, ctype=ctype)
                try:
                    self.assert_rejected(f"{what} as {ctype}", status, h, data)
                except AssertionError as e:
                    failures.append(str(e))
            status, h, data = self.send(method, path, json.dumps(base), False) if needs_etag else (428, {}, b"")
            if needs_etag:
                try:
                    self.assert_rejected(f"{what} without If-Match", status, h, data, {428})
                except AssertionError as e:
                    failures.append(str(e))
        self.assertFalse(failures, "\n" + "\n".join(failures))
        self.assertEqual(before, self.dump(), "a rejected request changed the database")

    def test_bodies_over_one_mib(self):
        failures = []
        before = self.dump()
        for what, method, path, base, text, num, needs_etag in self.routes():
            big = json.dumps(dict(base, **{text: "x" * (1024 * 1024 + 16)})).encode()
            status, h, data = self.send(method, path, big, needs_etag)
            if status != 413:
                failures.append(f"{what} with a {len(big)}-byte body: {status} {data[:200]!r}")
            self.assert_up(f"{what} with {len(big)} bytes")
            # The same, chunked: no Content-Length to refuse it by.
            chunks = (big[i:i + 65536] for i in range(0, len(big), 65536))
            h = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json"}
            if needs_etag:
                h["If-Match"] = self.etag()
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            try:
                c.request(method, path, body=chunks, headers=h, encode_chunked=True)
                r = c.getresponse()
                data = r.read()
                if r.status != 413:
                    failures.append(f"{what} with a chunked {len(big)}-byte body: {r.status} {data[:200]!r}")
            except (OSError, http.client.HTTPException) as e:
                failures.append(f"{what} with a chunked {len(big)}-byte body: {e!r}")
            finally:
                c.close()
            self.assert_up(f"{what} with {len(big)} bytes chunked")
        self.assertFalse(failures, "\n" + "\n".join(failures))
        self.assertEqual(before, self.dump(), "a refused body changed the database")

    # ---- hostile strings in every string field ----

    def check_launch(self, lid, name):
        """The launch reads back with its name byte-identical, by id and by slug, and its documents render."""
        status, _, data = self.request("GET", f"/api/v1/launches/{lid}")
        self.assertEqual(status, 200, data[:200])
        launch = json.loads(data)
        self.assertEqual(launch["name"].encode(), name.encode(), f"launch #{lid}")
        slug = launch["slug"]
        self.assertTrue(slug and not re.search(r"[/\\\s\x00-\x1f]|^\.\.?$", slug), f"launch #{lid} has slug {slug!r}")
        status, _, data = self.request("GET", "/api/v1/launches/" + urllib.parse.quote(slug, safe=""))
        self.assertEqual(status, 200, f"launch #{lid} by its slug {slug!r}: {data[:200]}")
        self.assertEqual(json.loads(data)["id"], lid, f"slug {slug!r} names another launch")
        listed = json.loads(self.request("GET", "/api/v1/launches?limit=1000")[2])
        self.assertEqual([l["name"] for l in listed if l["id"] == lid], [name])
        for sub in ("plan", "check", "brief", "docs/checklist", "docs/kickoff", "tasks"):
            status, _, data = self.request("GET", f"/api/v1/launches/{lid}/{sub}")
            self.assertEqual(status, 200, f"GET /api/v1/launches/{lid}/{sub} (name {name!r}): {data[:200]}")
        self.assertEqual(self.s.query("SELECT name FROM launches WHERE id = ?", lid), [(name,)])

    def check_task(self, tid, field, value):
        status, _, data = self.request("GET", f"/api/v1/tasks/{tid}")
        self.assertEqual(status, 200, data[:200])
        self.assertEqual(json.loads(data)[field].encode(), value.encode(), f"task #{tid} {field}")
        self.assertEqual(self.s.query(f"SELECT {field} FROM tasks WHERE id = ?", tid), [(value,)])

    def test_hostile_strings_in_every_field(self):
        failures, accepted = [], 0

        def attempt(what, method, path, body, free_text, on_accept, if_match=False):
            nonlocal accepted
            try:
                status, h, data = self.send(method, path, json.dumps(body, ensure_ascii=False).encode(), if_match)
            except (OSError, http.client.HTTPException) as e:
                status = None
                failures.append(f"{what}: no answer: {e!r}")
            try:
                if status is None:
                    pass
                elif 200 <= status < 300 and free_text:
                    accepted += 1
                    on_accept(json.loads(data))
                else:
                    self.assert_rejected(what, status, h, data)
            except AssertionError as e:
                failures.append(str(e))
            try:
                self.assert_up(what)
            except AssertionError as e:
                failures.append(str(e))

        for n, s in enumerate(HOSTILE):
            base = {"name": f"Hostile {n}", "date": "2027-06-15", "tier": 4}
            check = lambda got, s=s: self.check_launch(got["id"], s)
            attempt(f"launch name {s!r}", "POST", "/api/v1/launches", dict(base, name=s), True, check)
            for field in ("date", "pm", "marketing", "confidence", "quadrant"):
                attempt(f"launch {field} {s!r}", "POST", "/api/v1/launches", dict(base, **{field: s}), False, None)
            attempt(f"launch owners key {s!r}", "POST", "/api/v1/launches", dict(base, owners={s: "Ana Silva"}),
                    False, None)
            attempt(f"launch owners value {s!r}", "POST", "/api/v1/launches", dict(base, owners={"sales": s}),
                    False, None)
            attempt(f"launch criteria key {s!r}", "POST", "/api/v1/launches", dict(base, criteria={s: True}),
                    False, None)

            tasks = f"/api/v1/launches/{self.launch_id}/tasks"
            tbase = {"title": f"Hostile task {n}", "section": "Hostile"}
            for field in ("title", "section"):
                check = lambda got, field=field, s=s: self.check_task(got["id"], field, s)
                attempt(f"task {field} {s!r}", "POST", tasks, dict(tbase, **{field: s}), True, check)
            for field in ("owner", "role", "due"):
                attempt(f"task {field} {s!r}", "POST", tasks, dict(tbase, **{field: s}), False, None)
            attempt(f"task after [{s!r}]", "POST", tasks, dict(tbase, after=[s]), False, None)

            patch = f"/api/v1/tasks/{self.task_id}"
            for field in ("title", "section"):
                check = lambda got, field=field, s=s: self.check_task(self.task_id, field, s)
                attempt(f"PATCH {field} {s!r}", "PATCH", patch, {field: s}, True, check, if_match=True)
            for field in ("owner", "role", "due", "status"):
                attempt(f"PATCH {field} {s!r}", "PATCH", patch, {field: s}, False, None, if_match=True)

        print(f"\n{accepted} hostile strings accepted and read back byte-identical", file=sys.stderr)
        self.assertFalse(failures, f"\n{len(failures)} failures:\n" + "\n".join(failures[:60]))
        self.assertGreater(accepted, 0, "no hostile string was accepted anywhere")

    def test_problems_stay_json_whatever_they_quote(self):
        """Error details quote the request: bytes that are not UTF-8, or a quote cut inside a character,
        must still give a problem+json document."""
        failures = []
        cut = "é" * 30           # 60 bytes: any byte limit on a quote falls inside a character
        for path in ("/api/v1/launches/%ff", "/api/v1/launches/%c3", "/api/v1/launches/a%c3%28b",
                     "/api/v1/tasks/%ff", "/api/v1/tasks/1" + "%c3%a9" * 30, "/api/v1/launches/dark-mode/docs/%ff",
                     "/api/v1/launches/dark-mode/docs/" + urllib.parse.quote(cut), "/api/v1/launches?tier=%ff",
                     "/api/v1/launches?status=%fe%ff", "/api/v1/launches?limit=%ff", "/api/v1/launches?from=%ff",
                     "/api/v1/calendar?person=%ff", "/api/v1/launches/dark-mode/tasks?owner=%ff",
                     "/api/v1/launches/dark-mode/tasks?status=" + urllib.parse.quote(cut),
                     "/api/v1/tier-suggestion?major=%ff", "/api/v1/%ff"):
            status, h, data = self.request("GET", path)
            try:
                self.assert_rejected(f"GET {path}", status, h, data)
            except AssertionError as e:
                failures.append(str(e))
            self.assert_up(f"GET {path}")
        patch = f"/api/v1/tasks/{self.task_id}"
        for field in ("role", "due", "status", "owner"):
            status, h, data = self.send("PATCH", patch, json.dumps({field: cut}).encode(), True)
            try:
                self.assert_rejected(f"PATCH {field} {cut!r}", status, h, data)
            except AssertionError as e:
                failures.append(str(e))
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_if_match_must_be_exact(self):
        """Only the ETag itself, quotes and all, lets a PATCH through."""
        failures = []
        before = self.dump()
        tid = self.task_id
        variants = (lambda e, v: e + "junk", lambda e, v: e[:-1] + 'junk"', lambda e, v: e[:-1],
                    lambda e, v: e[1:], lambda e, v: e[1:-1], lambda e, v: "W/" + e,
                    lambda e, v: f'"task-{tid}-v{v}.0"', lambda e, v: f'"task-{tid}-v{v} "',
                    lambda e, v: f'" task-{tid}-v{v}"', lambda e, v: f'"task-{tid}-v0"',
                    lambda e, v: f'"task-{tid}-v-1"', lambda e, v: f'"task-{tid}-v99999999999999999999"',
                    lambda e, v: f'"task-{tid}-v{v + 2 ** 64}"', lambda e, v: f'"task-{tid + 1}-v{v}"',
                    lambda e, v: f'"task-0{tid}-v{v}"', lambda e, v: f'"task-{tid}-v0{v}"',
                    lambda e, v: f'"launch-{tid}-v{v}"', lambda e, v: f'"task-{tid}-v{v}\u00e9"', lambda e, v: "",
                    lambda e, v: '""', lambda e, v: e + "\x7f")
        for make in variants:
            etag = self.etag()
            version = int(re.fullmatch(r'"task-\d+-v(\d+)"', etag).group(1))
            bad = make(etag, version)
            try:
                status, h, data = self.request("PATCH", f"/api/v1/tasks/{tid}",
                                               json.dumps({"title": "Must not land"}).encode(), {"If-Match": bad})
            except (ValueError, http.client.HTTPException):
                continue              # http.client refuses to send it: nothing to test
            try:
                self.assert_rejected(f"If-Match {bad!r}", status, h, data, {400, 412, 428})
            except AssertionError as e:
                failures.append(str(e))
        self.assertFalse(failures, "\n" + "\n".join(failures))
        self.assertEqual(before, self.dump(), "a PATCH with a wrong If-Match changed the task")

    def test_zz_file_intact(self):
        """Runs last: nothing above dropped a table or damaged the file."""
        self.assert_up("every test")
        self.assertEqual(self.table_names(), self.tables, "a table or trigger is gone")
        self.assertEqual(self.s.integrity(), [])
        self.assertGreaterEqual(self.s.query("SELECT count(*) FROM launches")[0][0], 9)
        self.assertGreaterEqual(self.s.query("SELECT count(*) FROM tasks")[0][0], 130)


class SlowClients(unittest.TestCase):
    """Clients that send their requests a little at a time cannot hold the server: a request's head must
    arrive within 10 s and the whole request within 30 s, and one address range may hold at most half
    of the 256 connections while its requests arrive. Only loopback addresses; every loop is bounded."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def healthz(self, source, timeout=5.0):
        """Seconds /healthz took from source, or raises when it does not answer within timeout."""
        t0 = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=timeout, source_address=(source, 0))
        try:
            c.request("GET", "/healthz")
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
        finally:
            c.close()
        return time.monotonic() - t0

    def test_trickling_clients_leave_room_for_others(self):
        # 300 connections from five addresses of one /24 (60 each: under the 64 one address may open),
        # each sending a header line now and then: more than the server's 256 connections.
        socks = []
        try:
            for i in range(300):
                try:
                    sock = socket.create_connection(("127.0.0.1", self.s.port), timeout=2,
                                                    source_address=(f"127.0.2.{1 + i % 5}", 0))
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                    socks.append(sock)
                except OSError:
                    pass                  # refused: the range holds its share already
            took, refused = [], 0
            deadline = time.monotonic() + 6
            n = 0
            while time.monotonic() < deadline:   # six seconds of trickling, a line from each every ~2 s
                for sock in socks[n % 3::3]:
                    try:
                        sock.sendall(b"X-Slow-%d: still coming\r\n" % n)
                    except OSError:
                        refused += 1
                took.append(self.healthz("127.0.0.2"))
                n += 1
                time.sleep(0.6)
            print(f"\n/healthz beside 300 trickling connections: {', '.join(f'{t * 1000:.0f}' for t in took)} ms "
                  f"({refused} sends on refused connections)", file=sys.stderr)
            took.sort()
            self.assertLess(took[len(took) // 2], 0.5, "the median /healthz is slow beside the trickling clients")
        finally:
            for sock in socks:
                sock.close()

    def test_requests_that_never_finish_arriving_are_cut_off(self):
        def closed_after(sock, feed, limit):
            """Seconds until the server closes sock, feeding it (a callable) every second; None if it stays."""
            t0 = time.monotonic()
            sock.settimeout(1.0)
            k = 0
            while time.monotonic() - t0 < limit:
                try:
                    feed(sock, k)
                    k += 1
                    data = sock.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    return time.monotonic() - t0
                if not data:
                    return time.monotonic() - t0
            return None

        results = {}

        def run(name, make, feed, limit):
            try:
                sock = make()
                try:
                    results[name] = closed_after(sock, feed, limit)
                finally:
                    sock.close()
            except Exception as e:  # noqa: BLE001 - reported below
                results[name] = e

        def connect():
            return socket.create_connection(("127.0.0.1", self.s.port), timeout=5, source_address=("127.0.0.3", 0))

        def kept_alive():
            sock = connect()
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data or not data.endswith(b"}\n"):
                data += sock.recv(4096)
            return sock

        def body_head():
            sock = connect()
            sock.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n")
            return sock

        nothing = lambda sock, k: None
        head_lines = lambda sock, k: sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" if k == 0
                                                  else b"X-Slow: %d\r\n" % k)
        body_bytes = lambda sock, k: sock.sendall(b"{" if k == 0 else b" ")
        cases = [("a head sent a line a second", connect, head_lines, 20, 10),
                 ("a connection that sends nothing", connect, nothing, 20, 10),
                 ("a kept-alive connection between requests", kept_alive, nothing, 20, 10),
                 ("a body sent a byte a second", body_head, body_bytes, 40, 30)]
        threads = [threading.Thread(target=run, args=(name, make, feed, limit)) for name, make, feed, limit, _ in cases]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for name, _, _, limit, bound in cases:
            got = results[name]
            if isinstance(got, Exception):
                raise got
            self.assertIsNotNone(got, f"{name}: still open after {limit} s")
            # The guard looks four times a second; the slack above is for a busy machine.
            self.assertTrue(bound - 1 <= got <= bound + 5, f"{name}: closed after {got:.1f} s, not about {bound} s")
        self.assertLess(self.healthz("127.0.0.3"), 5)



if __name__ == "__main__":
    main()
