#!/usr/bin/env python3
"""End-to-end tests of issue 15's "who is told what" through the real binary: person --notify, launch
watch|unwatch (the launch JSON lists watchers), webhook add|list|test|rm (a secret shown once, unknown
events and bad addresses refused, exit 2 naming the option, nothing changed), and `notify run` on a
pinned --today: who gets a digest (due in 3 working days, overdue, assigned or changed since the last
digest; notify off and no email get none), nothing on a weekend or a holiday, nothing twice, a dry run
changes nothing; the launch events (go/no-go at T-2 working days, launch day, a moved launch day) to
owners, watchers and webhooks, delivered to local receivers (tests/receivers.py).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_notify.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import email.policy
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Workspace, main  # noqa: E402
from receivers import HttpReceiver, SmtpReceiver  # noqa: E402

MONDAY = "2027-01-04"
LAUNCH = "usage-billing"     # Thursday 14 January 2027


def seed(w):
    w.tm("person", "add", "Dana Reyes", "--role", "pm", "--email", "dana@example.com")
    w.tm("person", "add", "Sam Ortiz", "--role", "sales", "--email", "sam@example.com", "--notify", "off")
    w.tm("person", "add", "Kim Lee", "--role", "pmm", "--email", "kim@example.com", "--notify", "weekly")
    w.tm("person", "add", "Lee Park", "--role", "cs", "--email", "lee@example.com")
    w.tm("person", "add", "Ann Bo", "--role", "support")
    w.tm("holiday", "add", "2027-01-06", "Epiphany")
    w.tm("launch", "add", "Usage billing", "--date", "2027-01-14", "--tier", "3", "--pm", "Dana Reyes")


def told(doc, event=None, to=None):
    return [t for t in doc["told"] if (event is None or t["event"] == event) and (to is None or t["recipient"] == to)]


class Registry(unittest.TestCase):
    """People's choice, watchers and webhooks: one workspace."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(today=MONDAY)
        seed(w)

    @classmethod
    def tearDownClass(cls):
        cls.w.close()

    def test_a_persons_choice(self):
        w = self.w
        p = w.js("person", "set", "Lee Park", "--notify", "weekly")
        self.assertEqual(p["notify"], "weekly")
        people = {p["name"]: p["notify"] for p in w.js("person", "list")}
        self.assertEqual((people["Dana Reyes"], people["Sam Ortiz"], people["Lee Park"]), ("daily", "off", "weekly"))
        w.tm("person", "set", "Lee Park", "--notify", "daily")
        w.rejected("person", "set", "Lee Park", "--notify", "hourly", code=2, words="unknown notify 'hourly'")

    def test_watchers(self):
        w = self.w
        doc = w.js("launch", "watch", LAUNCH, "Ann Bo")
        self.assertEqual([p["name"] for p in doc["watchers"]], ["Ann Bo"])
        p = w.tm("launch", "watch", LAUNCH, "Ann Bo")
        self.assertIn("gets no email (no email address)", p.stderr)
        w.tm("launch", "watch", LAUNCH, "Kim Lee")
        self.assertEqual([p["name"] for p in w.js("launch", "show", LAUNCH)["watchers"]], ["Ann Bo", "Kim Lee"])
        doc = w.js("launch", "unwatch", LAUNCH, "Ann Bo")
        self.assertEqual([p["name"] for p in doc["watchers"]], ["Kim Lee"])
        w.tm("launch", "unwatch", LAUNCH, "Kim Lee")
        w.rejected("launch", "watch", LAUNCH, "Nobody", code=3, words="unknown person 'Nobody'")
        w.rejected("launch", "watch", "no-such-launch", "Kim Lee", code=3, words="no-such-launch")
        actions = [a[0] for a in w.query("SELECT action FROM audit WHERE action LIKE 'launch.%watch' ORDER BY id")]
        self.assertEqual(actions, ["launch.watch", "launch.watch", "launch.unwatch", "launch.unwatch"])

    def test_webhooks(self):
        w = self.w
        hook = w.js("webhook", "add", "https://hooks.example.com/services/T0", "--events", "launch.day, gonogo.due",
                    "--format", "slack", "--launch", LAUNCH)
        self.assertEqual(len(hook["secret"]), 64)
        self.assertEqual((hook["events"], hook["format"]), (["launch.day", "gonogo.due"], "slack"))
        text = w.tm("webhook", "add", "https://example.org/tminus", "--events", "check.error").stdout
        self.assertIn("secret: ", text)
        listed = w.js("webhook", "list")
        self.assertEqual([h["url"] for h in listed], ["https://hooks.example.com/services/T0",
                                                       "https://example.org/tminus"])
        self.assertNotIn("secret", listed[0])
        self.assertNotIn(hook["secret"], w.tm("webhook", "list").stdout)
        self.assertIsNotNone(listed[0]["launch_id"])
        self.assertIsNone(listed[1]["launch_id"])
        w.rejected("webhook", "add", "https://x.example", "--events", "launch.day,launch.party", code=2,
                   words=["--events", "unknown event 'launch.party'"])
        w.rejected("webhook", "add", "https://x.example", "--events", "digest.daily", code=2, words="for a webhook")
        w.rejected("webhook", "add", "https://x.example", code=2, words="--events")
        w.rejected("webhook", "add", "file:///etc/passwd", "--events", "launch.day", code=2, words="http://")
        w.rejected("webhook", "add", "https://x.example", "--events", "launch.day", "--format", "xml", code=2,
                   words="unknown format 'xml'")
        w.rejected("webhook", "add", "https://x.example", "--events", "launch.day", "--launch", "nope", code=3,
                   words="nope")
        removed = w.js("webhook", "rm", str(listed[1]["id"]))
        self.assertEqual(removed["url"], "https://example.org/tminus")
        w.rejected("webhook", "rm", str(listed[1]["id"]), code=3, words="unknown webhook")
        w.rejected("webhook", "test", "99", code=3, words="unknown webhook")
        w.tm("webhook", "rm", str(hook["id"]))
        self.assertEqual(w.js("webhook", "list"), [])


class Telling(unittest.TestCase):
    """The notification pass over days of one launch: one workspace, the days in order."""

    @classmethod
    def setUpClass(cls):
        w = cls.w = Workspace(today=MONDAY)
        seed(w)
        w.tm("launch", "watch", LAUNCH, "Lee Park")
        w.tm("launch", "watch", LAUNCH, "Ann Bo")
        w.tm("launch", "watch", LAUNCH, "Sam Ortiz")
        cls.hook = HttpReceiver().start()
        cls.hook_id = w.js("webhook", "add", cls.hook.url, "--events", "gonogo.due,launch.day,launch.date_changed",
                           "--allow-private")["id"]

    @classmethod
    def tearDownClass(cls):
        cls.hook.stop()
        cls.w.close()

    def run_pass(self, today, *extra, code=0):
        return self.w.js("notify", "run", *extra, today=today, code=code)

    def test_1_monday_digests_once(self):
        w = self.w
        before = w.dump()
        dry = self.run_pass(MONDAY, "--dry-run")
        self.assertEqual(w.dump(), before)
        self.assertTrue(dry["dry_run"])
        self.assertEqual(len(told(dry, "digest.daily", "dana@example.com")), 1)
        with SmtpReceiver() as smtp:
            doc = self.run_pass(MONDAY, "--smtp", smtp.url)
            daily = told(doc, "digest.daily")
            self.assertEqual([t["recipient"] for t in daily], ["dana@example.com"])   # Sam: off; Kim: weekly
            weekly = sorted(t["recipient"] for t in told(doc, "digest.weekly"))
            self.assertEqual(weekly, ["dana@example.com", "lee@example.com"])   # her launch; his watched one
            self.assertEqual([t["event"] for t in dry["told"]], [t["event"] for t in doc["told"]])
            emails = [t for t in doc["told"] if t["channel"] == "email"]
            msgs = smtp.wait_for(len(emails))
            digest = [m for m in msgs if "due soon" in m["Subject"]]
            self.assertEqual(len(digest), 1)
            self.assertEqual(digest[0]["To"], "dana@example.com")
            body = digest[0].get_body(("plain",)).get_content()
            self.assertIn("Due in the next 3 working days", body)
            self.assertIn("Usage billing", body)
            html = digest[0].get_body(("html",)).get_content()
            self.assertIn("<ul>", html)
        again = self.run_pass(MONDAY)
        self.assertEqual(told(again, "digest.daily") + told(again, "digest.weekly"), [])
        self.assertGreaterEqual(again["already_told"], 2)

    def test_2_nothing_on_a_holiday_or_a_weekend(self):
        w = self.w
        for day in ("2027-01-06", "2027-01-09", "2027-01-10"):
            before = w.dump()
            doc = self.run_pass(day)
            self.assertEqual(doc["told"], [], day)
            self.assertEqual(w.dump(), before, day)
        self.assertIn("not a working day", w.tm("notify", "run", today="2027-01-09").stdout)

    def test_3_newly_assigned_tasks_next_working_day(self):
        w = self.w
        time.sleep(1.1)   # updated_at has whole seconds: the task is changed after Monday's pass
        task = w.js("task", "add", LAUNCH, "Pricing page FAQ", "--owner", "Kim Lee", "--due", "2027-02-15")
        w.js("task", "set", str(task["id"]), "--owner", "Dana Reyes")
        doc = self.run_pass("2027-01-05")
        dana = told(doc, "digest.daily", "dana@example.com")
        self.assertEqual(len(dana), 1)
        self.assertIn("new", dana[0]["subject"])
        body = w.query("SELECT body FROM outbox WHERE id = ?", dana[0]["id"])[0][0]
        self.assertIn("Assigned or changed since your last digest", body)
        self.assertIn("Pricing page FAQ", body)
        self.assertEqual(told(doc, "digest.daily", "kim@example.com"), [])  # weekly

    def test_4_go_no_go_and_launch_day_to_owners_watchers_and_webhooks(self):
        # Tuesday 12 January is T-2 working days before Thursday 14.
        doc = self.run_pass("2027-01-12")
        gonogo = sorted(t["recipient"] for t in told(doc, "gonogo.due"))
        self.assertEqual(gonogo, ["dana@example.com", "lee@example.com", f"webhook:{self.hook_id}"])
        got = self.hook.wait_for(1)
        body = json.loads(got[-1][2])
        self.assertEqual(body["event"], "gonogo.due")
        self.assertEqual(body["launch"]["slug"], LAUNCH)
        self.assertEqual(body["data"]["launch_day"], "2027-01-14")
        self.assertEqual(got[-1][1]["x-tminus-event"], "gonogo.due")
        doc = self.run_pass("2027-01-14")
        self.assertEqual(told(doc, "gonogo.due"), [])
        self.assertEqual(sorted(t["recipient"] for t in told(doc, "launch.day")),
                         ["dana@example.com", "lee@example.com", f"webhook:{self.hook_id}"])
        self.assertEqual(told(self.run_pass("2027-01-14"), "launch.day"), [])

    def test_5_a_moved_launch_day_is_told_by_the_delay(self):
        w = self.w
        w.tm("launch", "delay", LAUNCH, "--to", "2027-01-28", "--reason", "The billing <provider> is late")
        rows = w.query("SELECT recipient, body, html FROM outbox WHERE event = 'launch.date_changed' ORDER BY recipient")
        self.assertEqual([r[0] for r in rows], ["dana@example.com", "lee@example.com", f"webhook:{self.hook_id}"])
        self.assertIn("moved from 2027-01-14 to 2027-01-28", rows[0][1])
        self.assertIn("The billing &lt;provider&gt; is late", rows[0][2])
        hook = json.loads(rows[2][1])
        self.assertEqual((hook["data"]["from"], hook["data"]["to"]), ("2027-01-14", "2027-01-28"))
        w.rejected("launch", "delay", LAUNCH, "--to", "2027-01-28", "--reason", "again", code=2, words="already")

    def test_6_webhook_test(self):
        w = self.w
        n = len(self.hook.requests)
        doc = w.js("webhook", "test", str(self.hook_id))
        self.assertEqual(doc["status"], "sent")
        got = self.hook.wait_for(n + 1)
        self.assertEqual(json.loads(got[-1][2])["event"], "webhook.test")
        with HttpReceiver(fail=5) as bad:
            hid = w.js("webhook", "add", bad.url, "--events", "launch.day", "--allow-private")["id"]
            p = w.tm("webhook", "test", str(hid), code=1)
            self.assertIn("not delivered", p.stdout)
            w.tm("webhook", "rm", str(hid))


if __name__ == "__main__":
    main()
