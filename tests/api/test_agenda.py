#!/usr/bin/env python3
"""Seed 003's cadence over the HTTP API, against a real `tminus serve` on the demo workspace: GET
/api/v1/agenda/{meeting}?date= answers the meeting's agenda (its parts with their minutes, items naming
launches, tasks and people, and the same Markdown as `tminus agenda`), GET /api/v1/agenda the cadence, GET
/api/v1/agenda.ics the recurring meetings as text/calendar; any signed-in user reads them, nobody else; an
unknown meeting is 404, a bad date or meeting parameter 400; reading changes nothing; the bodies match the
OpenAPI document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_agenda.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import Server, main  # noqa: E402

DAY = "2026-12-01"  # a Tuesday: the demo's launches of December are within the huddle's three weeks


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor), vic (viewer), root (admin)
        s.start()

    @classmethod
    def tearDownClass(cls):
        cls.s.close()

    def get(self, path, token="viewer", status=200):
        r, data = self.s.request("GET", path, token=self.tokens[token] if token else None)
        self.assertEqual(r.status, status, data)
        return r, data

    def test_a_meetings_agenda_is_the_command_lines(self):
        before = self.s.dump()
        for meeting, minutes, parts in [("standup", 15, 3), ("weekly", 45, 5), ("monthly", 90, 4), ("quarterly", 120, 4)]:
            r, data = self.get(f"/api/v1/agenda/{meeting}?date={DAY}")
            self.assertTrue(r.getheader("Content-Type").startswith("application/json"))
            j = json.loads(data)
            self.assertEqual((j["meeting"], j["date"], j["minutes"], len(j["sections"])), (meeting, DAY, minutes, parts))
            self.assertEqual(sum(s["minutes"] for s in j["sections"]), minutes)
            self.assertEqual(j["markdown"], self.s.tm("agenda", meeting, "--date", DAY).stdout)
        j = json.loads(self.get(f"/api/v1/agenda/weekly?date={DAY}")[1])
        self.assertEqual([s["title"] for s in j["sections"]], ["Status per team", "Blockers", "Dependencies across launches",
                                                               "Decisions to take", "Owners"])
        self.assertIn("Slack integration (Tier 2, 2026-12-02)", j["sections"][0]["items"][0]["text"])
        blockers = j["sections"][1]["items"]
        self.assertTrue(blockers)
        self.assertTrue(all(i["launch"] for i in blockers if not i["text"].startswith("and ")))
        # A stand-up's task lines name their task and owner.
        standup = json.loads(self.get(f"/api/v1/agenda/standup?date={DAY}")[1])
        tasks = [i for s in standup["sections"] for i in s["items"] if i["depth"] == 1]
        self.assertTrue(tasks)
        self.assertTrue(all(isinstance(i["task"], int) and i["launch"] for i in tasks))
        # Without a date: today's (the server's --today).
        self.assertEqual(json.loads(self.get("/api/v1/agenda/weekly")[1])["date"], self.s.today)
        # Aliases name the same meeting.
        self.assertEqual(json.loads(self.get(f"/api/v1/agenda/huddle?date={DAY}")[1])["meeting"], "weekly")
        self.assertEqual(before, self.s.dump())

    def test_the_cadence_and_its_icalendar(self):
        c = json.loads(self.get(f"/api/v1/agenda?date={DAY}")[1])
        self.assertEqual([(m["meeting"], m["first"]) for m in c["meetings"]],
                         [("standup", "2026-12-01"), ("weekly", "2026-12-01"), ("monthly", "2026-12-03"),
                          ("quarterly", "2026-12-07")])
        r, data = self.get(f"/api/v1/agenda.ics?date={DAY}")
        self.assertTrue(r.getheader("Content-Type").startswith("text/calendar"))
        text = data.decode("utf-8").replace("\r\n ", "")
        self.assertEqual(text.count("BEGIN:VEVENT"), 4)
        self.assertIn("UID:cadence-monthly@tminus", text)
        self.assertIn("RRULE:FREQ=MONTHLY;BYDAY=1TH", text)
        self.assertIn("DTSTART:20261203T140000", text)
        one = self.get("/api/v1/agenda.ics?meeting=weekly")[1].decode("utf-8")
        self.assertEqual(one.count("BEGIN:VEVENT"), 1)
        self.assertIn("RRULE:FREQ=WEEKLY;BYDAY=TU", one)

    def test_who_may_read_and_what_is_refused(self):
        for token in ("viewer", "editor_read", "admin"):
            self.get("/api/v1/agenda/weekly", token=token)
        self.get("/api/v1/agenda/weekly", token=None, status=401)
        self.get("/api/v1/agenda.ics", token=None, status=401)
        for path, status, says in [("/api/v1/agenda/yearly", 404, "no meeting 'yearly'"),
                                   ("/api/v1/agenda/weekly?date=2026-02-30", 400, "invalid date '2026-02-30'"),
                                   ("/api/v1/agenda?date=soon", 400, "invalid date 'soon'"),
                                   ("/api/v1/agenda.ics?meeting=yearly", 400, "unknown meeting 'yearly'")]:
            r, data = self.get(path, status=status)
            self.assertTrue(r.getheader("Content-Type").startswith("application/problem+json"))
            self.assertIn(says, json.loads(data)["detail"])

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        bodies = []
        for schema, path in [("MeetingAgenda", f"/api/v1/agenda/standup?date={DAY}"),
                             ("MeetingAgenda", f"/api/v1/agenda/weekly?date={DAY}"),
                             ("MeetingAgenda", f"/api/v1/agenda/monthly?date={DAY}"),
                             ("MeetingAgenda", f"/api/v1/agenda/quarterly?date={DAY}"),
                             ("Cadence", "/api/v1/agenda"),
                             ("Problem", "/api/v1/agenda/yearly")]:
            r, data = self.s.request("GET", path, token=self.tokens["viewer"])
            bodies.append((schema, json.loads(data)))
        pairs = [f"{schema}={self.s.write(f'body-{i}.json', json.dumps(body))}" for i, (schema, body) in enumerate(bodies)]
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
