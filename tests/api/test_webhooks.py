#!/usr/bin/env python3
"""Issue 15's webhooks, outbox and watchers over the HTTP API, against a real `tminus serve` on loopback:
webhooks are admins' (editors and viewers 403), added with a secret shown once (never in a list or a
read), their events and address checked (400 naming the member), removed with ETag "webhook-ID-v1"
and If-Match (428 without, 412 stale); a test call to a local receiver with its outcome, the
webhook's deliveries and the outbox log; watchers put and deleted by editors, read by viewers. After
every refusal the database is exactly as it was.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_webhooks.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import hashlib
import hmac
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, main  # noqa: E402
from receivers import HttpReceiver  # noqa: E402


class Webhooks(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    def test_admins_add_read_and_remove_with_etags(self):
        body = {"url": "https://hooks.example.com/services/T0", "events": "launch.day,check.error", "format": "slack",
                "launch": "dark-mode"}
        r, h = self.ok("POST", "/api/v1/webhooks", body, token="admin", status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/webhooks/{h['id']}")
        self.assertEqual(r.getheader("ETag"), f'"webhook-{h["id"]}-v1"')
        self.assertRegex(h["secret"], "^[0-9a-f]{64}$")
        self.assertEqual((h["events"], h["format"], h["allow_private"]), (["launch.day", "check.error"], "slack", False))
        path = f"/api/v1/webhooks/{h['id']}"
        r, got = self.ok("GET", path, token="admin")
        self.assertNotIn("secret", got)
        self.assertEqual(got, {k: v for k, v in h.items() if k != "secret"})
        _, listed = self.ok("GET", "/api/v1/webhooks", token="admin")
        self.assertIn(got, listed)
        self.assertNotIn(h["secret"], json.dumps(listed))
        with self.unchanged():
            self.problem("POST", "/api/v1/webhooks", body, 403, token="editor")
            self.problem("GET", "/api/v1/webhooks", None, 403, token="viewer")
            self.problem("POST", "/api/v1/webhooks", dict(body, events="launch.day,launch.party"), 400,
                         "unknown event 'launch.party'", token="admin", parameter="/events")
            self.problem("POST", "/api/v1/webhooks", dict(body, url="gopher://x.example/"), 400, "http://",
                         token="admin", parameter="/url")
            self.problem("POST", "/api/v1/webhooks", dict(body, launch="no-such-launch"), 400, "no-such-launch",
                         token="admin", parameter="/launch")
            self.problem("POST", "/api/v1/webhooks", dict(body, secret="0" * 64), 400, token="admin")
            # An address of the internal network is refused when the webhook is added, not only when it calls.
            for url, what in [("http://127.0.0.1:8080/h", "loopback"), ("http://[::1]/h", "loopback"),
                              ("http://localhost/h", "loopback"), ("http://10.0.0.7/h", "private"),
                              ("http://169.254.169.254/latest/meta-data", "link-local")]:
                self.problem("POST", "/api/v1/webhooks", dict(body, url=url), 400, f"is a {what} address",
                             token="admin", parameter="/url")
            self.problem("DELETE", path, None, 428, "If-Match", token="admin")
            self.problem("DELETE", path, None, 412, token="admin", headers={"If-Match": '"webhook-999-v1"'})
            self.problem("DELETE", path, None, 403, token="editor", headers={"If-Match": f'"webhook-{h["id"]}-v1"'})
        self.ok("DELETE", path, token="admin", status=204, headers={"If-Match": f'"webhook-{h["id"]}-v1"'})
        self.problem("GET", path, None, 404, "unknown webhook", token="admin")
        audit = self.s.query("SELECT action, after FROM audit WHERE action LIKE 'webhook.%' ORDER BY id")
        self.assertEqual([a[0] for a in audit][-2:], ["webhook.add", "webhook.rm"])
        self.assertNotIn(h["secret"], repr(audit))

    def test_a_test_call_its_deliveries_and_the_outbox(self):
        with HttpReceiver() as hook:
            _, h = self.ok("POST", "/api/v1/webhooks", {"url": hook.url, "events": "launch.day", "allow_private": True},
                           token="admin", status=201)
            _, d = self.ok("POST", f"/api/v1/webhooks/{h['id']}/test", token="admin")
            self.assertEqual((d["event"], d["status"], d["recipient"]), ("webhook.test", "sent", f"webhook:{h['id']}"))
            path, headers, raw = hook.wait_for(1)[0]
            body = json.loads(raw)
            self.assertEqual((body["event"], body["data"]["webhook_id"]), ("webhook.test", h["id"]))
            stamp = headers["x-tminus-timestamp"]
            # The key is the secret as shown (its 64 hex digits' text), as the receiver keeps it.
            want = "sha256=" + hmac.new(h["secret"].encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
            self.assertEqual(headers["x-tminus-signature"], want)
        _, ds = self.ok("GET", f"/api/v1/webhooks/{h['id']}/deliveries", token="admin")
        self.assertEqual([x["id"] for x in ds], [d["id"]])
        _, log = self.ok("GET", "/api/v1/outbox?channel=webhook", token="admin")
        self.assertIn(d["id"], [x["id"] for x in log])
        self.assertTrue(all(x["channel"] == "webhook" for x in log))
        _, sent = self.ok("GET", f"/api/v1/outbox?webhook={h['id']}&status=sent", token="admin")
        self.assertEqual([x["id"] for x in sent], [d["id"]])
        with self.unchanged():
            self.problem("GET", "/api/v1/outbox", None, 403, token="editor")
            self.problem("GET", "/api/v1/outbox?status=lost", None, 400, "lost", token="admin")
            self.problem("POST", f"/api/v1/webhooks/{h['id']}/test", None, 403, token="editor")
            self.problem("POST", "/api/v1/webhooks/999/test", None, 404, token="admin")

    def test_watchers(self):
        _, w = self.ok("PUT", "/api/v1/launches/dark-mode/watchers/Emma%20Berg")
        self.assertEqual(w["launch"], "dark-mode")
        self.assertIn("Emma Berg", [p["name"] for p in w["watchers"]])
        self.ok("PUT", "/api/v1/launches/dark-mode/watchers/Emma%20Berg")
        _, listed = self.ok("GET", "/api/v1/launches/dark-mode/watchers", token="viewer")
        self.assertEqual([p["name"] for p in listed].count("Emma Berg"), 1)
        _, shown = self.ok("GET", "/api/v1/launches/dark-mode", token="viewer")
        self.assertIn("Emma Berg", [p["name"] for p in shown["watchers"]])
        with self.unchanged():
            self.problem("PUT", "/api/v1/launches/dark-mode/watchers/Nobody", None, 404, "unknown person")
            self.problem("PUT", "/api/v1/launches/no-such/watchers/Emma%20Berg", None, 404)
            self.problem("PUT", "/api/v1/launches/dark-mode/watchers/Ana%20Silva", None, 403, token="viewer")
        _, w = self.ok("DELETE", "/api/v1/launches/dark-mode/watchers/Emma%20Berg")
        self.assertNotIn("Emma Berg", [p["name"] for p in w["watchers"]])


if __name__ == "__main__":
    main()
