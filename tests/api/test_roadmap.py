#!/usr/bin/env python3
"""Issue 14's roadmap over the HTTP API, against a real `tminus serve` on loopback: items created, read,
changed and removed with ETag "roadmap-ID-vN" and If-Match (428 without, 412 stale); the tree
(GET /roadmap: depth first, with each launch's date, readiness and feasibility, the colour shown, the last
review and whether one is due, filtered by quarter and owner); reviews (POST and GET /roadmap/reviews).
Viewers read and editors write; an Idempotency-Key replays; every write is audited; a parent of the wrong
level or the item itself, an unknown launch, idea or owner and a bad quarter are 400 naming the member,
an item with items under it is 409, and none of them changes the database. The bodies match the OpenAPI
document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_roadmap.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, main  # noqa: E402


class Api(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server(demo=False, today="2027-01-11")
        s.tm("person", "add", "Ana Silva", "--role", "pm")
        s.tm("person", "add", "Emma Berg", "--role", "marketing")
        s.tm("launch", "add", "SSO", "--date", "2027-03-10", "--tier", "2", "--pm", "Ana Silva")
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    def new(self, **fields):
        r, it = self.ok("POST", "/api/v1/roadmap", fields, status=201)
        self.assertEqual(r.getheader("ETag"), f'"roadmap-{it["id"]}-v1"')
        self.assertEqual(r.getheader("Location"), f"/api/v1/roadmap/{it['id']}")
        return it


class Items(Api):
    def test_tree_create_change_remove(self):
        s = self.new(title="Win mid-market", level="strategic", owner="Ana Silva", quarter="2027-Q2")
        i = self.new(title="SSO everywhere", level="initiative", parent=s["id"], quarter="Q1 2027")
        rel = self.new(title="SSO GA", level="release", parent=i["id"], quarter="2027Q1", launches=["sso"],
                       status="yellow")
        self.assertEqual((rel["level"], rel["parent"], rel["depth"], rel["quarter"], rel["status"], rel["colour"]),
                         ("release", i["id"], 2, "2027Q1", "yellow", "yellow"))
        [l] = rel["launches"]
        self.assertEqual((l["slug"], l["date"], l["tier"], l["status"], l["feasible"], l["slipped"]),
                         ("sso", "2027-03-10", 2, "planned", True, False))
        self.assertIsInstance(l["score"], int)

        _, tree = self.ok("GET", "/api/v1/roadmap", token="viewer")
        mine = [x for x in tree["items"] if x["id"] in (s["id"], i["id"], rel["id"])]
        self.assertEqual([(x["id"], x["depth"]) for x in mine], [(s["id"], 0), (i["id"], 1), (rel["id"], 2)])
        self.assertIn("2027Q1", tree["quarters"])
        self.assertIn("review_due", tree)
        _, q2 = self.ok("GET", "/api/v1/roadmap?quarter=2027Q2", token="viewer")
        self.assertEqual([x["id"] for x in q2["items"]], [s["id"]])
        _, bo = self.ok("GET", "/api/v1/roadmap?owner=Ana%20Silva", token="viewer")
        self.assertIn(s["id"], [x["id"] for x in bo["items"]])
        self.problem("GET", "/api/v1/roadmap?quarter=2027Q9", None, 400, "invalid quarter", token="viewer")

        url = f"/api/v1/roadmap/{rel['id']}"
        r, got = self.ok("GET", url, token="viewer")
        self.assertEqual(got["id"], rel["id"])
        etag = r.getheader("ETag")
        # If-Match: needed, and current.
        self.problem("PATCH", url, {"status": "red"}, 428)
        self.problem("PATCH", url, {"status": "red"}, 412, headers={"If-Match": '"roadmap-1-v9"'})
        r, changed = self.ok("PATCH", url, {"status": "red", "launches": [], "title": "SSO GA (EU)"},
                             headers={"If-Match": etag})
        self.assertEqual((changed["status"], changed["colour"], changed["launches"], changed["version"]),
                         ("red", "red", [], 2))
        self.assertEqual(r.getheader("ETag"), f'"roadmap-{rel["id"]}-v2"')
        # Viewers read only.
        self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "strategic"}, 403, token="viewer")
        # An item with items under it stays.
        r, _ = self.ok("GET", f"/api/v1/roadmap/{i['id']}")
        with self.unchanged():
            self.problem("DELETE", f"/api/v1/roadmap/{i['id']}", None, 409, "has items under it",
                         headers={"If-Match": r.getheader("ETag")})
        r, _ = self.ok("GET", url)
        self.ok("DELETE", url, headers={"If-Match": r.getheader("ETag")}, status=204)
        self.problem("GET", url, None, 404, token="viewer")
        self.problem("GET", "/api/v1/roadmap/abc", None, 404, token="viewer")
        audit = [a for (a,) in self.s.query("SELECT action FROM audit WHERE target = ? ORDER BY id", f"roadmap {rel['id']}")]
        self.assertEqual(audit, ["roadmap.add", "roadmap.set", "roadmap.rm"])

    def test_refusals_name_the_member_and_change_nothing(self):
        s = self.new(title="Refusals", level="strategic")
        i = self.new(title="Refusals initiative", level="initiative", parent=s["id"])
        with self.unchanged():
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "parent": s["id"]}, 400,
                         "the parent of a release item is an initiative item", parameter="/parent")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "strategic", "parent": s["id"]}, 400,
                         "a strategic item has no /parent", parameter="/parent")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "launches": ["nope"]}, 400,
                         "nope", parameter="/launches")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "ideas": [999]}, 400,
                         parameter="/ideas")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "owner": "Nobody"}, 400,
                         parameter="/owner")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "quarter": "2027Q5"}, 400,
                         "invalid quarter", parameter="/quarter")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "tier"}, 400, parameter="/level")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "launches": "sso"}, 400,
                         parameter="/launches")
            self.problem("POST", "/api/v1/roadmap", {"title": "x", "level": "release", "colour": "red"}, 400)
            r, _ = self.ok("GET", f"/api/v1/roadmap/{i['id']}")
            self.problem("PATCH", f"/api/v1/roadmap/{i['id']}", {"parent": i["id"]}, 400, "its own /parent",
                         headers={"If-Match": r.getheader("ETag")}, parameter="/parent")
            self.problem("PATCH", f"/api/v1/roadmap/{i['id']}", {"level": "release"}, 400, "keeps its level",
                         headers={"If-Match": r.getheader("ETag")}, parameter="/level")

    def test_idempotency_key_replays(self):
        body = {"title": "Once", "level": "strategic"}
        h = {"Idempotency-Key": "roadmap-once-1"}
        r1, a = self.ok("POST", "/api/v1/roadmap", body, status=201, headers=h)
        r2, b = self.ok("POST", "/api/v1/roadmap", body, status=201, headers=h)
        self.assertEqual(a["id"], b["id"])
        self.assertEqual(len([1 for (t,) in self.s.query("SELECT title FROM roadmap_items") if t == "Once"]), 1)


class Reviews(Api):
    def test_review_recorded_and_listed(self):
        self.new(title="Reviewed", level="strategic")
        r, rv = self.ok("POST", "/api/v1/roadmap/reviews", {"notes": "moved SSO to Q2"}, status=201)
        self.assertEqual((rv["on"], rv["notes"], rv["by"]), ("2027-01-11", "moved SSO to Q2", "ana"))
        _, listed = self.ok("GET", "/api/v1/roadmap/reviews", token="viewer")
        self.assertEqual(listed["items"][0], rv)
        _, tree = self.ok("GET", "/api/v1/roadmap", token="viewer")
        self.assertEqual(tree["last_review"], rv)
        self.assertFalse(tree["review_due"])
        self.problem("POST", "/api/v1/roadmap/reviews", {"notes": 12}, 400, parameter="/notes")
        self.problem("POST", "/api/v1/roadmap/reviews", {}, 403, token="viewer")


class Documented(Api):
    """The bodies the routes answer match the OpenAPI document's schemas."""

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        s = self.new(title="Documented", level="strategic")
        self.new(title="Documented release", level="release", launches=["sso"], quarter="2027Q1")
        self.ok("POST", "/api/v1/roadmap/reviews", {"notes": "documented"}, status=201)
        bodies = []
        for schema, path in [("RoadmapItem", f"/api/v1/roadmap/{s['id']}"), ("Roadmap", "/api/v1/roadmap"),
                             ("RoadmapReview", None), ("Problem", "/api/v1/roadmap/99999")]:
            if path is None:
                _, listed = self.ok("GET", "/api/v1/roadmap/reviews", token="viewer")
                bodies.append((schema, listed["items"][0]))
                continue
            r, data = self.req("GET", path, token="viewer")
            self.assertEqual(r.status, 404 if schema == "Problem" else 200, data)
            bodies.append((schema, json.loads(data)))
        pairs = [f"{schema}={self.s.write(f'body-{k}.json', json.dumps(body))}" for k, (schema, body) in enumerate(bodies)]
        pairs.append(f"!RoadmapInput={self.s.write('bad-item.json', json.dumps({'title': 'X', 'level': 'tier'}))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
