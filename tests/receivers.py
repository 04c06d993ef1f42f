"""Local receivers for what tminus sends, started and stopped by the tests: a test SMTP server
(Debian's python3-aiosmtpd) that keeps every message it is given, and an HTTP receiver that keeps
every request and can answer the first N with a failure, or redirect. Both listen on loopback on a
free port; nothing leaves the machine.

    with SmtpReceiver() as smtp:            # smtp.url: "smtp://127.0.0.1:PORT"
        ...; smtp.wait_for(1)               # the messages, as email.message.EmailMessage
    with HttpReceiver(fail=3) as hook:      # hook.url: "http://127.0.0.1:PORT/hook"
        ...; hook.requests                  # [(path, headers, body bytes), …] of every request

D's and E's suites may use them too.
"""
import email
import email.policy
import http.server
import os
import socket
import sys
import threading
import time

try:
    import aiosmtpd.controller  # noqa: F401
except ImportError:  # a Python of its own (pyenv, venv) beside Debian's, which has the package
    for d in ("/usr/lib/python3/dist-packages",):
        if os.path.isdir(d) and d not in sys.path:
            sys.path.append(d)
from aiosmtpd.controller import Controller  # noqa: E402


class SmtpReceiver:
    """An SMTP server on 127.0.0.1 that accepts every message (no TLS, no authentication: STARTTLS is not
    offered, so a client that only tries it goes on in the clear)."""

    def __init__(self):
        self.messages = []        # email.message.EmailMessage, in the order received
        self.envelopes = []       # (mail_from, [rcpt_tos]) of each
        self._lock = threading.Lock()
        receiver = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                               policy=email.policy.default)
                with receiver._lock:
                    receiver.messages.append(msg)
                    receiver.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                return "250 OK"

        self._handler = Handler()

    def start(self):
        # aiosmtpd 1.4 cannot listen on port 0 (it connects to its port to see it is up): a port found free.
        for attempt in range(5):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
            try:
                self._controller.start()
                break
            except (OSError, RuntimeError):
                if attempt == 4:
                    raise
        self.url = f"smtp://127.0.0.1:{self.port}"
        return self

    def stop(self):
        self._controller.stop()

    def wait_for(self, n, timeout=10):
        """The messages once there are at least n (fails after timeout seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= n:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.messages)} messages arrived, expected {n}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class HttpReceiver:
    """An HTTP server on 127.0.0.1 that keeps every request; the first `fail` answer `status` (500), and
    with redirect every answer is a 302 to it; delay makes each answer wait. A request is kept once its body
    is read, before the answer: a sender killed meanwhile has delivered it."""

    def __init__(self, fail=0, status=500, redirect=None, answer=b"ok", delay=0):
        self.requests = []        # (path, headers as a dict with lower-case names, body bytes)
        self.fail, self.status, self.redirect, self.answer = fail, status, redirect, answer
        self.delay = delay        # seconds each answer waits (a sender caught mid-way)
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver._lock:
                    receiver.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    k = len(receiver.requests)
                if receiver.redirect:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                failing = k <= receiver.fail
                payload = b"receiver says no\r\nsecond line" if failing else receiver.answer
                self.send_response(receiver.status if failing else 200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:  # the sender is gone (killed mid-way): what it sent is kept all the same
                    pass

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.requests) >= n:
                    return list(self.requests)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.requests)} requests arrived, expected {n}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
