#!/usr/bin/env python3
"""Issue 14's backlog over the HTTP API, against a real `tminus serve` on loopback: items created, read,
changed and removed with ETag "idea-ID-vN" and If-Match (428 without, 412 stale), listed with the track,
status, kind and owner filters, ranked by RICE (GET /backlog/rank: the arithmetic per item, ties by id, the
unscored with what they lack), and an idea promoted to a launch (201 the launch JSON with its idea; the idea
planned, then launched with its launch). Viewers read and editors write; an Idempotency-Key replays; every
write is audited; every refusal of the issue's bad input is 400 naming its member (409 for a second
promotion) and leaves the database exactly as it was. The bodies match the OpenAPI document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_backlog.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, main  # noqa: E402

PRICING = {"title": "Usage-based pricing", "kind": "idea", "track": "market", "owner": "Ana Silva", "reach": 2000,
           "impact": "high", "confidence": "medium", "effort": 4}


class Api(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server(demo=False)
        s.tm("person", "add", "Ana Silva", "--role", "pm")
        s.tm("person", "add", "Emma Berg", "--role", "marketing")
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    def new(self, **fields):
        r, i = self.ok("POST", "/api/v1/backlog", dict(PRICING, **fields), status=201)
        self.assertEqual(r.getheader("ETag"), f'"idea-{i["id"]}-v1"')
        self.assertEqual(r.getheader("Location"), f"/api/v1/backlog/{i['id']}")
        return i


class Items(Api):
    def test_create_read_change_remove(self):
        i = self.new(title="Seat-based add-on")
        self.assertEqual((i["rice"], i["rice_arithmetic"], i["lacks"], i["status"], i["owner"]),
                         (800, "2000 × 2 × 80% ÷ 4 = 800", [], "new", "Ana Silva"))
        url = f"/api/v1/backlog/{i['id']}"
        r, got = self.ok("GET", url, token="viewer")
        self.assertEqual(got, i)
        etag = r.getheader("ETag")
        with self.unchanged():
            self.problem("PATCH", url, {"effort": 2}, 428)
            self.problem("PATCH", url, {"effort": 2}, 412, headers={"If-Match": f'"idea-{i["id"]}-v9"'})
            self.problem("PATCH", url, {"effort": 2}, 403, token="viewer", headers={"If-Match": etag})
            self.problem("PATCH", url, {"effort": 0}, 400, "more than 0", parameter="/effort", headers={"If-Match": etag})
            self.problem("PATCH", url, {"status": "dropped"}, 400, "/why", parameter="/why", headers={"If-Match": etag})
            self.problem("PATCH", url, {"status": "launched"}, 400, "promote", headers={"If-Match": etag})
            self.problem("GET", "/api/v1/backlog/99999", None, 404, token="viewer")
            self.problem("GET", "/api/v1/backlog/pricing", None, 404, token="viewer")
        r, changed = self.ok("PATCH", url, {"status": "dropped", "why": "no buyer", "effort": 2}, headers={"If-Match": etag})
        self.assertEqual((changed["status"], changed["why"], changed["rice"], changed["version"]), ("dropped", "no buyer", 1600, 2))
        self.assertEqual(r.getheader("ETag"), f'"idea-{i["id"]}-v2"')
        self.problem("DELETE", url, None, 412, headers={"If-Match": etag})
        self.ok("DELETE", url, headers={"If-Match": r.getheader("ETag")}, status=204)
        self.problem("GET", url, None, 404, token="viewer")
        audit = [a for (a,) in self.s.query("SELECT action FROM audit WHERE target = ? ORDER BY id", f"idea {i['id']}")]
        self.assertEqual(audit, ["idea.add", "idea.update", "idea.rm"])

    def test_bad_input_is_400_naming_the_member_and_changes_nothing(self):
        with self.unchanged():
            for body, member, words in [({"effort": 0}, "/effort", "more than 0"), ({"effort": -1}, "/effort", "effort"),
                                        ({"impact": "huge"}, "/impact", "massive"), ({"confidence": "90%"}, "/confidence", "high"),
                                        ({"reach": -5}, "/reach", "0 or more"), ({"owner": "Nobody"}, "/owner", "Nobody"),
                                        ({"persona": "Ops Olga"}, "/persona", "Ops Olga"), ({"kind": "epic"}, "/kind", "kind"),
                                        ({"status": "planned"}, "/status", "status"), ({"rice": 5}, "/rice", "rice")]:
                self.problem("POST", "/api/v1/backlog", dict(PRICING, **body), 400, words, parameter=member)
            self.problem("POST", "/api/v1/backlog", {"title": "No track", "kind": "idea"}, 400, parameter="/track")
            self.problem("POST", "/api/v1/backlog", PRICING, 403, token="viewer")
            self.problem("GET", "/api/v1/backlog?track=sales", None, 400, "sales", token="viewer")
            self.problem("GET", "/api/v1/backlog/rank?track=sales", None, 400, "sales", token="viewer")

    def test_an_idempotency_key_replays_the_first_answer(self):
        key = {"Idempotency-Key": "idea-replay"}
        r1, first = self.ok("POST", "/api/v1/backlog", dict(PRICING, title="Replayed"), headers=key, status=201)
        r2, again = self.ok("POST", "/api/v1/backlog", dict(PRICING, title="Replayed"), headers=key, status=201)
        self.assertEqual((again, r2.getheader("Idempotent-Replayed")), (first, "true"))
        self.assertEqual(self.s.query("SELECT COUNT(*) FROM ideas WHERE title = ?", "Replayed"), [(1,)])


class Ranking(Api):
    def test_list_filters_and_rank(self):
        a = self.new(title="Rank A", track="product", reach=800, effort=1.6)   # 800
        b = self.new(title="Rank B", track="product", impact="massive", confidence="high", reach=500, effort=2)  # 750
        c = self.new(title="Rank C", track="product", reach=2000, effort=4)   # 800
        _, d = self.ok("POST", "/api/v1/backlog", {"title": "Rank D", "kind": "question", "track": "product",
                                                    "impact": "low", "reach": 40}, status=201)
        mine = {a["id"], b["id"], c["id"], d["id"]}
        _, listed = self.ok("GET", "/api/v1/backlog?track=product&kind=question", token="viewer")
        self.assertEqual([x["id"] for x in listed if x["id"] in mine], [d["id"]])
        _, listed = self.ok("GET", "/api/v1/backlog?owner=Ana%20Silva&track=product", token="viewer")
        self.assertEqual([x["id"] for x in listed if x["id"] in mine], [a["id"], b["id"], c["id"]])
        _, r = self.ok("GET", "/api/v1/backlog/rank?track=product", token="viewer")
        ranked = [(x["id"], x["rice"]) for x in r["ranked"] if x["id"] in mine]
        self.assertEqual(ranked, [(a["id"], 800), (c["id"], 800), (b["id"], 750)])
        ranks = [x["rank"] for x in r["ranked"]]
        self.assertEqual(ranks, list(range(1, len(ranks) + 1)))
        self.assertEqual([(x["lacks"], x["rice"], x["rice_arithmetic"]) for x in r["unscored"] if x["id"] == d["id"]],
                         [(["confidence", "effort"], None, None)])


class Promote(Api):
    def test_promote_creates_the_launch_and_the_idea_follows_it(self):
        i = self.new(title="Promoted pricing")
        url = f"/api/v1/backlog/{i['id']}/promote"
        with self.unchanged():
            self.problem("POST", url, {"tier": 2}, 400, parameter="/date")
            self.problem("POST", url, {"date": "2027-03-01"}, 400, parameter="/tier")
            self.problem("POST", url, {"date": "2027-03-01", "tier": 2}, 403, token="viewer")
            self.problem("POST", "/api/v1/backlog/99999/promote", {"date": "2027-03-01", "tier": 2}, 404)
        r, launch = self.ok("POST", url, {"date": "2027-03-01", "tier": 2, "pm": "Ana Silva"}, status=201)
        self.assertEqual((launch["slug"], launch["tier"], launch["idea"]),
                         ("promoted-pricing", 2, {"id": i["id"], "title": "Promoted pricing"}))
        self.assertEqual(r.getheader("Location"), f"/api/v1/launches/{launch['id']}")
        _, idea = self.ok("GET", f"/api/v1/backlog/{i['id']}", token="viewer")
        self.assertEqual((idea["status"], idea["launch"]), ("planned", "promoted-pricing"))
        r, shown = self.ok("GET", "/api/v1/launches/promoted-pricing", token="viewer")
        self.assertEqual(shown["idea"], {"id": i["id"], "title": "Promoted pricing"})
        with self.unchanged():
            self.problem("POST", url, {"date": "2027-04-01", "tier": 3, "name": "Again"}, 409, "promoted already")
        self.ok("PATCH", "/api/v1/launches/promoted-pricing", {"status": "launched"},
                headers={"If-Match": r.getheader("ETag")})
        _, idea = self.ok("GET", f"/api/v1/backlog/{i['id']}", token="viewer")
        self.assertEqual(idea["status"], "launched")


class Documented(Api):
    """The bodies the routes answer match the OpenAPI document's schemas."""

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        i = self.new(title="Documented")
        self.ok("POST", "/api/v1/backlog", {"title": "Documented question", "kind": "question", "track": "market"},
                status=201)
        _, launch = self.ok("POST", f"/api/v1/backlog/{i['id']}/promote", {"date": "2027-05-03", "criteria": {"major": True}},
                            status=201)
        bodies = [("LaunchWithTasks", launch)]
        for schema, path in [("Idea", f"/api/v1/backlog/{i['id']}"), ("Idea[]", "/api/v1/backlog"),
                             ("BacklogRank", "/api/v1/backlog/rank"), ("Problem", "/api/v1/backlog/99999")]:
            r, data = self.req("GET", path, token="viewer")
            self.assertEqual(r.status, 404 if schema == "Problem" else 200, data)
            bodies.append((schema, json.loads(data)))
        pairs = [f"{schema}={self.s.write(f'body-{k}.json', json.dumps(body))}" for k, (schema, body) in enumerate(bodies)]
        pairs.append(f"!IdeaInput={self.s.write('bad-idea.json', json.dumps({'title': 'X', 'kind': 'idea', 'track': 'pm'}))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
