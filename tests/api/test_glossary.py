#!/usr/bin/env python3
"""Issue 14's glossary and decision ledger over the HTTP API, against a real `tminus serve` on loopback:
glossary entries (terms and personas) created, read by term or id, changed and removed with ETag
"term-ID-vN" and If-Match (428 without, 412 when stale), a term twice 409; decisions with options, the
choice, who decided and links checked to exist (400 naming the member), read one by one, searched with
?search= (word starts, every word, hostile text as plain words); viewers read and editors write;
Idempotency-Key replays; after every refusal the database is exactly as it was; the audit rows; the bodies
match the OpenAPI document's schemas.

Run as meson does: TMINUS=path/to/tminus python3 tests/api/test_glossary.py
(TMINUS_TEST_BACKEND=postgres for the same on PostgreSQL).
"""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import ApiCase, Server, main  # noqa: E402

PERSONA = {"term": "RevOps Lead", "kind": "persona", "role": "Head of Revenue Operations",
           "goals": "One forecast the board trusts", "pains": "Three spreadsheets that disagree"}


class Api(ApiCase):
    @classmethod
    def setUpClass(cls):
        s = cls.s = Server()
        cls.tokens = s.team()  # ana (editor, Ana Silva), vic (viewer, Emma Berg), root (admin)
        s.start()

    n = 0

    def unique(self, base):
        Api.n += 1
        return f"{base} {Api.n}"

    def ids(self, query):
        _, ds = self.ok("GET", "/api/v1/decisions?" + urllib.parse.urlencode(query), token="viewer")
        return [d["id"] for d in ds]


class Glossary(Api):
    def test_create_read_change_remove_with_etags(self):
        term = self.unique("RevOps Lead")
        r, p = self.ok("POST", "/api/v1/glossary", dict(PERSONA, term=term), status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/glossary/{p['id']}")
        self.assertEqual(r.getheader("ETag"), f'"term-{p["id"]}-v1"')
        self.assertEqual((p["term"], p["kind"], p["role"], p["version"]), (term, "persona", PERSONA["role"], 1))
        by_term = "/api/v1/glossary/" + urllib.parse.quote(term.upper())
        _, got = self.ok("GET", by_term, token="viewer")
        self.assertEqual(got, p)
        _, listed = self.ok("GET", "/api/v1/glossary?kind=persona", token="viewer")
        self.assertIn(p, listed)
        self.assertNotIn(p, self.ok("GET", "/api/v1/glossary?kind=term", token="viewer")[1])

        path = f"/api/v1/glossary/{p['id']}"
        with self.unchanged():
            self.problem("PATCH", path, {"goals": "x"}, 428, "If-Match")
            self.problem("DELETE", path, None, 428, "If-Match")
        r, changed = self.ok("PATCH", path, {"goals": "A forecast within 2%"},
                             headers={"If-Match": f'"term-{p["id"]}-v1"'})
        self.assertEqual((changed["goals"], changed["version"]), ("A forecast within 2%", 2))
        self.assertEqual(r.getheader("ETag"), f'"term-{p["id"]}-v2"')
        with self.unchanged():
            self.problem("PATCH", path, {"goals": "y"}, 412, headers={"If-Match": f'"term-{p["id"]}-v1"'})
        self.ok("DELETE", path, headers={"If-Match": f'"term-{p["id"]}-v2"'}, status=204)
        self.problem("GET", path, None, 404, "unknown glossary term", token="viewer")
        audit = self.s.query("SELECT action FROM audit WHERE target = ? ORDER BY id", f"term {p['id']}")
        self.assertEqual([a[0] for a in audit], ["term.add", "term.set", "term.rm"])

    def test_bad_entries_are_refused_naming_the_member(self):
        term = self.unique("ARR")
        _, t = self.ok("POST", "/api/v1/glossary", {"term": term, "definition": "Annual recurring revenue"}, status=201)
        with self.unchanged():
            self.problem("POST", "/api/v1/glossary", {"term": term.lower(), "definition": "again"}, 409, "already",
                         parameter="/term")
            self.problem("POST", "/api/v1/glossary", {"term": "MRR"}, 400, "/definition", parameter="/definition")
            self.problem("POST", "/api/v1/glossary", {"term": "MRR", "definition": "x", "role": "CFO"}, 400,
                         "/role", parameter="/role")
            self.problem("POST", "/api/v1/glossary", {"term": "MRR", "definition": "x", "kind": "people"}, 400,
                         parameter="/kind")
            self.problem("POST", "/api/v1/glossary", {"definition": "x"}, 400, parameter="/term")
            self.problem("POST", "/api/v1/glossary", {"term": "MRR", "definition": "x", "version": 3}, 400)
            self.problem("GET", "/api/v1/glossary?kind=people", None, 400, token="viewer")
            self.problem("PATCH", f"/api/v1/glossary/{t['id']}", {"term": "x"}, 403, token="viewer",
                         headers={"If-Match": f'"term-{t["id"]}-v1"'})
            self.problem("POST", "/api/v1/glossary", {"term": "MRR", "definition": "x"}, 403, token="viewer")

    def test_idempotency_key_replays(self):
        body = {"term": self.unique("Churn"), "definition": "Customers lost in a period"}
        h = {"Idempotency-Key": self.unique("key").replace(" ", "-")}
        _, a = self.ok("POST", "/api/v1/glossary", body, status=201, headers=h)
        _, b = self.ok("POST", "/api/v1/glossary", body, status=201, headers=h)
        self.assertEqual(a, b)
        self.assertEqual(self.s.query("SELECT count(*) FROM glossary WHERE term = ?", body["term"])[0][0], 1)


class Decisions(Api):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.s
        cls.idea = json.loads(s.tm("--json", "backlog", "add", "Annual plans", "--kind", "idea", "--track",
                                   "market").stdout)
        cls.exp = json.loads(s.tm("--json", "experiment", "add", "annual-discount", "--kind", "pricing",
                                  "--hypothesis", "12% off sells annual plans").stdout)

    def test_a_decision_with_options_choice_decider_and_links(self):
        body = {"what": "Annual plans at 12% off", "why": "The pricing test paid back in 4 months",
                "options": ["Monthly only", "Annual at 12% off"], "chosen": "annual at 12% off",
                "decided_by": "Ana Silva", "ideas": [self.idea["id"]], "experiments": ["annual-discount"]}
        r, d = self.ok("POST", "/api/v1/decisions", body, status=201)
        self.assertEqual(r.getheader("Location"), f"/api/v1/decisions/{d['id']}")
        self.assertEqual((d["options"], d["chosen"], d["decided_by"], d["launch"]),
                         (["Monthly only", "Annual at 12% off"], "Annual at 12% off", "Ana Silva", None))
        self.assertEqual(d["links"], [{"kind": "idea", "id": self.idea["id"], "label": "Annual plans"},
                                      {"kind": "experiment", "id": self.exp["id"], "label": "annual-discount"}])
        self.assertEqual(d["on"], d["date"])
        _, got = self.ok("GET", f"/api/v1/decisions/{d['id']}", token="viewer")
        self.assertEqual(got, d)
        self.assertIn(d["id"], self.ids({"search": "annual monthl"}))
        audit = self.s.query("SELECT after FROM audit WHERE action = 'decision.add' AND target = ?", f"decision {d['id']}")
        self.assertEqual(json.loads(audit[0][0])["chosen"], "Annual at 12% off")

    def test_bad_decisions_are_refused_naming_the_member(self):
        base = {"what": "x", "why": "y"}
        with self.unchanged():
            self.problem("POST", "/api/v1/decisions", dict(base, options=["A", "B"], chosen="C"), 400,
                         "/chosen", parameter="/chosen")
            self.problem("POST", "/api/v1/decisions", dict(base, options="A"), 400, parameter="/options")
            self.problem("POST", "/api/v1/decisions", dict(base, options=["A", 3]), 400, parameter="/options")
            self.problem("POST", "/api/v1/decisions", dict(base, ideas=[99999]), 400, "99999", parameter="/ideas")
            self.problem("POST", "/api/v1/decisions", dict(base, experiments=["nope"]), 400, parameter="/experiments")
            self.problem("POST", "/api/v1/decisions", dict(base, decided_by="Nobody Here"), 400,
                         parameter="/decided_by")
            self.problem("POST", "/api/v1/decisions", dict(base, links=[]), 400, parameter="/links")
            self.problem("POST", "/api/v1/decisions", base, 403, token="viewer")
            self.problem("GET", "/api/v1/decisions/99999", None, 404, token="viewer")
            self.problem("GET", "/api/v1/decisions/abc", None, 404, token="viewer")
            self.problem("GET", "/api/v1/decisions?search=%FF%FE", None, 400, parameter="search", token="viewer")

    def test_search_is_plain_words(self):
        _, d = self.ok("POST", "/api/v1/decisions", {"what": 'Use "usage-based" NEAR(metering) wording OR not',
                                                     "why": "it's what they say *"}, status=201)
        for words in ['"', "*", "NEAR(", "OR", "'", "(", ":*", "!", "&", "\\", "a OR b", "AND NOT"]:
            with self.subTest(words):
                self.ok("GET", "/api/v1/decisions?" + urllib.parse.urlencode({"search": words}), token="viewer")
        self.assertEqual(self.ids({"search": '"usage NEAR(meter'}), [d["id"]])
        self.assertEqual(self.ids({"search": '"'}), [])
        self.assertEqual(self.ids({"search": "usage nothing-like-it"}), [])

    def test_bodies_match_the_schemas(self):
        from test_openapi import validate  # the same validator and served document as the openapi suite
        _, t = self.ok("POST", "/api/v1/glossary", dict(PERSONA, term=self.unique("Buyer")), status=201)
        _, d = self.ok("POST", "/api/v1/decisions", {"what": "w", "why": "y", "options": ["a", "b"], "chosen": "a",
                                                     "ideas": [self.idea["id"]]}, status=201)
        bodies = [("Term", t), ("Decision", d)]
        for schema, path in [("Term", f"/api/v1/glossary/{t['id']}"), ("Term[]", "/api/v1/glossary"),
                             ("Decision", f"/api/v1/decisions/{d['id']}"), ("Decision[]", "/api/v1/decisions"),
                             ("Decision[]", "/api/v1/decisions?search=w"), ("Problem", "/api/v1/glossary/nope")]:
            r, data = self.req("GET", path, token="viewer")
            self.assertEqual(r.status, 404 if schema == "Problem" else 200, data)
            bodies.append((schema, json.loads(data)))
        pairs = [f"{schema}={self.s.write(f'body-{i}.json', json.dumps(body))}" for i, (schema, body) in enumerate(bodies)]
        pairs.append(f"!TermInput={self.s.write('bad-term.json', json.dumps({'term': 3}))}")
        pairs.append(f"!DecisionInput={self.s.write('bad-decision.json', json.dumps({'what': 'x', 'options': 'a'}))}")
        r = validate(*pairs)
        self.assertEqual(r.returncode, 0, f"validate.mjs:\n{r.stdout}{r.stderr}")


if __name__ == "__main__":
    main()
