#!/usr/bin/env python3
"""End-to-end tests of issue 15's sending, through the real binary and local receivers (tests/receivers.py):
email over SMTP as multipart plain text + HTML with List-Unsubscribe; a webhook call signed with HMAC-SHA256
over timestamp and body, checked by the receiver with Python's hmac; retries with backoff (30 s, 1 min, 2 min…)
driven by a pinned clock (TMINUS_NOW), a receiver that fails three times getting exactly one delivery; a
redirect not followed; loopback refused unless the webhook allows private addresses; failed after a day;
`notify log` and its filters; and `serve --notify` killed with SIGKILL mid-way losing no delivery.

The outbox rows are put in with SQL (the notification pass that makes them is D's, tested in test_notify.py),
so that each test knows exactly what is due.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_outbox.py
"""
import email.policy
import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, WorkspaceCase, main  # noqa: E402
from receivers import HttpReceiver, SmtpReceiver  # noqa: E402

T0 = "2027-01-04T08:00:00Z"       # a Monday morning: when every item below is made
T0_EPOCH = 1799049600
SECRET = "5f1d3c0a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060504"


def at(seconds):
    """T0 plus seconds, as a stamp."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0_EPOCH + seconds))


class Outbox:
    """What the tests share: outbox rows and webhooks put in with SQL, and the sender run at a pinned time."""

    def setup_workspace(self):
        self.tm("person", "list")  # the workspace, its schema at the latest migration

    def webhook(self, wid, url, allow_private=True):
        self.query("INSERT INTO webhooks(id, url, events, format, secret, allow_private, created_at) "
                   "VALUES (?, ?, 'webhook.test', 'json', ?, ?, ?)", wid, url, SECRET, 1 if allow_private else 0, T0)

    def item(self, iid, channel="webhook", webhook=1, to=None, subject="", body='{"event":"webhook.test"}', html="",
             created=T0, event="webhook.test"):
        self.query("INSERT INTO outbox(id, channel, event, event_key, recipient, webhook_id, subject, body, html, "
                   "next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   iid, channel, event, f"{event}:{iid}", to or f"webhook:{webhook}",
                   webhook if channel == "webhook" else None, subject, body, html, created, created)

    def send(self, now, *extra, code=0):
        env = dict(self.env, TMINUS_NOW=now)
        env.pop("TMINUS_SMTP", None)
        return self.tm("--json", "notify", "run", "--send-only", *extra, env=env, code=code)

    def outbox(self, *args):
        return {i["id"]: i for i in self.js("notify", "log", *args)}


class Sending(Outbox, WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.setup_workspace()

    def test_email_is_multipart_with_list_unsubscribe(self):
        self.item(1, channel="email", to="dana@example.com", subject="Your tasks — Monday",
                  body="Two tasks are due.\nWrite the FAQ (due Wed)\n", html="<p>Two tasks are due.</p>",
                  event="digest.daily")
        # Without an SMTP server the email waits: no attempt is counted.
        out = json.loads(self.send(T0).stdout)
        self.assertEqual(out["sent"], {"sent": 0, "retrying": 0, "failed": 0})
        self.assertEqual(self.outbox()[1]["status"], "pending")
        self.assertEqual(self.outbox()[1]["attempts"], 0)
        with SmtpReceiver() as smtp:
            out = json.loads(self.send(T0, "--smtp", smtp.url).stdout)
            self.assertEqual(out["sent"]["sent"], 1)
            [msg] = smtp.wait_for(1)
            self.assertEqual(smtp.envelopes[0], ("tminus@localhost", ["dana@example.com"]))
        self.assertEqual(msg["To"], "dana@example.com")
        self.assertEqual(msg["Subject"], "Your tasks — Monday")
        self.assertEqual(msg["Date"], "Mon, 04 Jan 2027 08:00:00 +0000")
        self.assertIn("mailto:tminus@localhost", msg["List-Unsubscribe"])
        self.assertTrue(msg["Message-ID"].startswith("<tminus.1."))
        self.assertTrue(msg.is_multipart())
        alt = [p for p in msg.walk() if p.get_content_type() == "multipart/alternative"]
        self.assertEqual(len(alt), 1)
        kinds = [p.get_content_type() for p in alt[0].iter_parts()]
        self.assertEqual(kinds, ["text/plain", "text/html"])
        plain, html = [p.get_content() for p in alt[0].iter_parts()]
        self.assertEqual(plain.replace("\r\n", "\n"), "Two tasks are due.\nWrite the FAQ (due Wed)\n")
        self.assertEqual(html, "<p>Two tasks are due.</p>")
        item = self.outbox("--status", "sent")[1]
        self.assertEqual((item["attempts"], item["sent_at"], item["last_error"]), (1, T0, ""))
        # Sent once: a second run sends nothing.
        with SmtpReceiver() as smtp:
            self.send(at(3600), "--smtp", smtp.url)
            time.sleep(0.2)
            self.assertEqual(smtp.messages, [])

    def test_webhook_is_signed_and_verified_by_the_receiver(self):
        with HttpReceiver() as hook:
            self.webhook(1, hook.url)
            self.item(7, body='{"event":"webhook.test","text":"Dark mode: T-2"}')
            out = json.loads(self.send(T0).stdout)
            self.assertEqual(out["sent"]["sent"], 1)
            [(path, headers, body)] = hook.requests
        self.assertEqual(path, "/hook")
        self.assertEqual(body, b'{"event":"webhook.test","text":"Dark mode: T-2"}')
        self.assertEqual(headers["content-type"], "application/json")
        self.assertEqual(headers["x-tminus-event"], "webhook.test")
        self.assertEqual(headers["x-tminus-delivery"], "7")
        self.assertEqual(headers["x-tminus-timestamp"], str(T0_EPOCH))
        expected = hmac.new(SECRET.encode(), headers["x-tminus-timestamp"].encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        self.assertTrue(hmac.compare_digest(headers["x-tminus-signature"], "sha256=" + expected))
        self.assertEqual(self.outbox("--channel", "webhook", "--webhook", "1")[7]["status"], "sent")

    def test_three_failures_then_exactly_one_delivery(self):
        with HttpReceiver(fail=3) as hook:
            self.webhook(1, hook.url)
            self.item(1)
            retries = [30, 30 + 60, 30 + 60 + 120]   # 30 s, then 1 min, then 2 min
            now = 0
            for k, due in enumerate(retries):
                out = json.loads(self.send(at(now)).stdout)
                self.assertEqual(out["sent"], {"sent": 0, "retrying": 1, "failed": 0})
                item = self.outbox()[1]
                self.assertEqual((item["status"], item["attempts"], item["next_at"]), ("pending", k + 1, at(due)))
                self.assertEqual(item["last_error"], "HTTP 500: receiver says no second line")
                # Not due before its time: nothing is sent.
                self.send(at(due - 1))
                self.assertEqual(len(hook.requests), k + 1)
                now = due
            out = json.loads(self.send(at(now)).stdout)
            self.assertEqual(out["sent"], {"sent": 1, "retrying": 0, "failed": 0})
            self.send(at(86400))
            self.assertEqual(len(hook.requests), 4)
            self.assertEqual({h["x-tminus-delivery"] for _, h, _ in hook.requests}, {"1"})
        item = self.outbox()[1]
        self.assertEqual((item["status"], item["attempts"], item["last_error"], item["sent_at"]),
                         ("sent", 4, "", at(210)))

    def test_a_failing_webhook_holds_back_its_other_items_without_a_timeout_each(self):
        with HttpReceiver(fail=1) as hook:
            self.webhook(1, hook.url)
            self.item(1)
            self.item(2)
            out = json.loads(self.send(at(0)).stdout)
            # One call failed; the second item waits as long as the first without a call of its own.
            self.assertEqual(out["sent"], {"sent": 0, "retrying": 1, "failed": 0})
            self.assertEqual(len(hook.requests), 1)
            items = self.outbox()
            self.assertEqual((items[1]["attempts"], items[1]["next_at"]), (1, at(30)))
            self.assertEqual((items[2]["status"], items[2]["attempts"], items[2]["next_at"]), ("pending", 0, at(30)))
            out = json.loads(self.send(at(30)).stdout)
            self.assertEqual(out["sent"], {"sent": 2, "retrying": 0, "failed": 0})
            self.assertEqual(sorted(h["x-tminus-delivery"] for _, h, _ in hook.requests), ["1", "1", "2"])

    def test_a_redirect_is_not_followed(self):
        with HttpReceiver() as inside, HttpReceiver(redirect=None) as hook:
            hook.redirect = inside.url
            self.webhook(1, hook.url)
            self.item(1)
            out = json.loads(self.send(T0).stdout)
            self.assertEqual(out["sent"]["retrying"], 1)
            self.assertEqual(len(hook.requests), 1)
            self.assertEqual(inside.requests, [])
        item = self.outbox()[1]
        self.assertIn("HTTP 302: a redirect to '" + inside.url + "', not followed", item["last_error"])

    def test_private_addresses_are_refused_unless_allowed(self):
        with HttpReceiver() as hook:
            self.webhook(1, hook.url, allow_private=False)
            self.webhook(2, hook.url.replace("127.0.0.1", "localhost"), allow_private=False)
            self.item(1, webhook=1)
            self.item(2, webhook=2)
            out = json.loads(self.send(T0).stdout)
            self.assertEqual(out["sent"], {"sent": 0, "retrying": 0, "failed": 2})
            self.assertEqual(hook.requests, [])
        log = self.outbox("--status", "failed")
        self.assertIn("refused: '127.0.0.1' is 127.0.0.1 (loopback)", log[1]["last_error"])
        self.assertIn("refused: 'localhost'", log[2]["last_error"])
        self.assertIn("loopback", log[2]["last_error"])

    def test_failed_after_a_day(self):
        with HttpReceiver(fail=1000) as hook:
            self.webhook(1, hook.url)
            self.item(1)
            self.send(T0)
            self.assertEqual(self.outbox()[1]["status"], "pending")
            out = json.loads(self.send(at(86400 + 1)).stdout)
            self.assertEqual(out["sent"], {"sent": 0, "retrying": 0, "failed": 1})
            item = self.outbox()[1]
            self.assertEqual((item["status"], item["attempts"]), ("failed", 2))
            self.send(at(2 * 86400))
            self.assertEqual(len(hook.requests), 2)

    def test_log_filters_and_refusals(self):
        self.item(1, channel="email", to="a@example.com", event="digest.daily")
        self.item(2, channel="email", to="b@example.com", event="digest.daily")
        self.assertEqual(list(self.outbox()), [2, 1])
        self.assertEqual(list(self.outbox("--limit", "1")), [2])
        self.assertEqual(self.outbox("--status", "sent"), {})
        self.assertEqual(self.js("notify", "log", "--channel", "webhook"), [])
        text = self.tm("notify", "log").stdout
        self.assertIn("b@example.com", text)
        self.assertIn("pending", text)
        self.rejected("notify", "log", "--status", "lost", code=2, words=["unknown status 'lost'"])
        self.rejected("notify", "log", "--channel", "pigeon", code=2, words=["unknown channel 'pigeon'"])
        self.rejected("notify", "run", "--dry-run", "--send-only", code=2, words=["--send-only"])
        self.rejected("serve", "--smtp", "smtp://127.0.0.1:25", code=2, words=["--smtp goes with --notify"])


class NotifyServer(Outbox, Server):
    """A `tminus serve --notify` on a workspace of its own, sending every second."""


class ServeNotify(WorkspaceCase):
    """serve --notify sends on its own schedule, and a SIGKILL mid-way loses nothing."""

    N = 12

    def test_sigkill_loses_no_delivery(self):
        srv = NotifyServer(demo=False, extra=["--notify", "--notify-every", "1"])
        try:
            with HttpReceiver(delay=0.3) as hook:
                srv.setup_workspace()
                srv.webhook(1, hook.url)
                for i in range(1, self.N + 1):
                    srv.item(i)
                base = srv.env
                srv.env = dict(base, TMINUS_NOW=T0)
                srv.start()
                hook.wait_for(4, timeout=30)
                srv.kill()
                self.assertLess(len(hook.requests), self.N)
                # Restarted once the lease of what it held has run out (10 minutes): it sends the rest.
                srv.env = dict(base, TMINUS_NOW=at(700))
                srv.start()
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and set(srv.outbox("--status", "sent")) != set(range(1, self.N + 1)):
                    time.sleep(0.2)
                srv.stop()
                self.assertEqual(srv.proc.returncode, 0, "serve --notify did not stop cleanly on SIGTERM")
                with open(srv.log.name) as f:
                    self.assertIn("SIGTERM received", f.read())
                delivered = [int(h["x-tminus-delivery"]) for _, h, _ in hook.requests]
            self.assertEqual(set(delivered), set(range(1, self.N + 1)), f"a delivery was lost: {delivered}")
            self.assertLessEqual(len(delivered) - len(set(delivered)), 1,
                                 f"more than the one in flight was sent twice: {delivered}")
            self.assertEqual(set(srv.outbox("--status", "sent")), set(range(1, self.N + 1)))
        finally:
            srv.close()


if __name__ == "__main__":
    main()
