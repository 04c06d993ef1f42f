#!/usr/bin/env python3
"""End-to-end tests of issue 15's import through the real binary: `tminus import asana|jira|linear|csv FILE
--launch L` on a small realistic export of each tool (tests/cli/import/: Asana's LF file with a quoted note over
two lines, Jira's BOM and CRLF with its repeated Component/s and Outward issue link (Blocks) columns, Linear's
34-column export with an assignee by email and a list of Blocked by ids), each with dependencies, a subtask,
people the workspace does not have, a skipped row and a cycle: the tasks, owners, due dates or offsets, effort,
status, the dependencies kept and the plan honouring them, the cycle reported by name; a re-import updates in
place; --dry-run and every refusal (a bad row, a ragged row, binary, another encoding, an unknown launch or
source or field) change nothing, the refusals naming FILE:LINE:COLUMN.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_import.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ASANA = os.path.join(HERE, "import", "asana.csv")
JIRA = os.path.join(HERE, "import", "jira.csv")
LINEAR = os.path.join(HERE, "import", "linear.csv")
T = "2027-03-01"  # launch day, a Monday


class Import(WorkspaceCase):
    tminus_user = "Test Runner"
    today = "2027-01-05"

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pm", "--email", "ana@example.com")
        self.tm("person", "add", "Bo Chen", "--role", "marketing", "--email", "bo@example.com")
        self.tm("launch", "add", "Usage billing", "--date", T, "--tier", "4", "--pm", "Ana Silva")

    def tasks(self):
        """The launch's tasks by title."""
        return {t["title"]: t for t in self.js("task", "list", "usage-billing")}

    def waits(self, tasks, task, after):
        return tasks[after]["id"] in tasks[task]["depends_on"]


class Asana(Import):
    def progress(self):
        return self.js("launch", "list")[0]["progress"]

    def test_rows_dependencies_plan_and_reimport(self):
        before = self.progress()
        r = self.js("import", "asana", ASANA, "--launch", "usage-billing")
        self.assertEqual(self.progress(), {"done": before["done"] + 1, "total": before["total"] + 11})
        self.assertEqual(r["counts"], {"rows": 11, "created": 11, "changed": 0, "unchanged": 0, "skipped": 0,
                                       "dependencies": 9, "dependencies_skipped": 2})
        self.assertEqual((r["source"], r["launch"], r["dry_run"]), ("asana", "usage-billing", False))
        self.assertEqual([(p["name"], p["email"], p["created"], p["tasks"]) for p in r["people"]],
                         [("Carla Diaz", "carla.diaz@example.com", False, 1), ("Dmitri Volkov", None, False, 1)])
        self.assertEqual(r["cycles"], [{"path": "Embargo agreement → Press release → Analyst briefing → Embargo "
                                                "agreement", "task": "Embargo agreement", "after": "Press release",
                                        "line": 12}])
        self.assertTrue(any("1206181203949999" in n and "not in the file" in n for n in r["notes"]))
        row = {x["title"]: x for x in r["tasks"]}
        self.assertEqual(row["Draft the blog post"]["line"], 4)
        self.assertEqual(row["Review the blog post"]["line"], 6)  # the note's line break moved it down
        self.assertEqual(row["Review the blog post"]["parent"], "Draft the blog post")

        ts = self.tasks()
        self.assertEqual(ts["Write the launch brief"]["status"], "done")
        self.assertEqual((ts["Messaging framework"]["owner"], ts["Messaging framework"]["section"]),
                         ("Bo Chen", "Messaging"))
        self.assertEqual(ts["Messaging framework"]["due"], "2027-02-01")
        self.assertIsNone(ts["Draft the blog post"]["owner"])  # Carla is nobody here: unowned, listed
        self.assertTrue(self.waits(ts, "Messaging framework", "Write the launch brief"))
        self.assertTrue(self.waits(ts, "Draft the blog post", "Review the blog post"))  # the subtask
        self.assertTrue(self.waits(ts, "Sales deck", "Draft the blog post"))  # one of a list in one cell
        self.assertTrue(self.waits(ts, "Sales deck", "Messaging framework"))
        self.assertTrue(self.waits(ts, "Launch day checklist", "Sales training"))  # Blocking and Blocked By: once
        self.assertEqual(ts["Launch day checklist"]["depends_on"], [ts["Sales training"]["id"]])
        self.assertTrue(self.waits(ts, "Press release", "Analyst briefing"))
        self.assertFalse(self.waits(ts, "Embargo agreement", "Press release"))  # the cycle's closing edge

        # The plan computes and honours them: a task starts after what it waits for finishes.
        plan = {t["title"]: t for t in self.js("plan", "usage-billing")["tasks"]}
        for task, after in (("Draft the blog post", "Messaging framework"), ("Sales deck", "Draft the blog post"),
                            ("Sales training", "Sales deck"), ("Press release", "Analyst briefing")):
            self.assertGreater(plan[task]["earliest_start"], plan[after]["earliest_finish"], (task, after))

        # Human output: the table and what was skipped.
        out = self.tm("import", "asana", ASANA, "--launch", "usage-billing").stdout
        self.assertIn("created 0, changed 0, unchanged 11, skipped 0", out)
        self.assertIn("Embargo agreement → Press release", out)
        self.assertIn("Carla Diaz <carla.diaz@example.com>  1 task, left unowned", out)
        self.assertEqual(len(self.tasks()), len(ts))  # nothing twice

        # A changed file updates the same tasks; --create-people makes the people it names.
        with open(ASANA, encoding="utf-8") as f:
            text = f.read().replace("Messaging framework,Messaging,Bo Chen,bo@example.com,2027-01-18,2027-02-01",
                                    "Messaging framework v2,Messaging,Bo Chen,bo@example.com,2027-01-18,2027-02-03")
        r = self.js("import", "asana", self.write("asana2.csv", text), "--launch", "usage-billing",
                    "--create-people")
        self.assertEqual((r["counts"]["created"], r["counts"]["changed"]), (0, 3))
        self.assertEqual({x["title"]: x["reason"] for x in r["tasks"] if x["action"] == "changed"},
                         {"Messaging framework v2": "title, due", "Draft the blog post": "owner",
                          "Sales training": "owner"})
        after = self.tasks()
        self.assertEqual(after["Messaging framework v2"]["id"], ts["Messaging framework"]["id"])
        self.assertEqual(after["Draft the blog post"]["owner"], "Carla Diaz")
        people = {p["name"]: p for p in self.js("person", "list")}
        self.assertEqual((people["Carla Diaz"]["email"], people["Carla Diaz"]["role"]),
                         ("carla.diaz@example.com", "pmm"))
        self.assertIn("Dmitri Volkov", people)
        audit = self.js("audit")
        self.assertTrue(any(a["action"] == "launch.import" for a in (audit if isinstance(audit, list)
                                                                        else audit.get("entries", []))))


class Jira(Import):
    def test_epics_estimates_offsets_and_people(self):
        r = self.js("import", "jira", JIRA, "--launch", "usage-billing", "--create-people", "--as-offsets")
        self.assertEqual((r["counts"]["created"], r["counts"]["skipped"], r["counts"]["dependencies"]), (7, 1, 8))
        skipped = [x for x in r["tasks"] if x["action"] == "skipped"]
        self.assertEqual([(x["title"], x["reason"]) for x in skipped],
                         [("Legacy pricing page, old plans", "Won't Do in jira")])
        self.assertEqual([(p["name"], p["created"], p["tasks"]) for p in r["people"]], [("Erik Lund", True, 2)])
        self.assertEqual(r["cycles"][0]["path"], "QA sign-off → Go/no-go meeting → QA sign-off")
        self.assertEqual(r["cycles"][0]["line"], 9)
        ts = self.tasks()
        copy, build, notes = ts["Pricing page copy"], ts["Pricing page build"], ts["Release notes"]
        self.assertEqual((copy["offset"], copy["due"], copy["effort_days"]), ("T-14d", "2027-02-15", 2))
        self.assertEqual((build["offset"], build["effort_days"], build["owner"]), ("T-7d", 5, "Erik Lund"))
        self.assertEqual(copy["section"], "Launch readiness")  # the epic's
        self.assertEqual(notes["section"], "Docs")             # the component
        self.assertEqual(notes["status"], "done")
        self.assertEqual(copy["status"], "in_progress")
        self.assertTrue(ts["Launch readiness"]["milestone"])
        self.assertTrue(self.waits(ts, "Launch readiness", "Pricing page copy"))  # the epic waits for its stories
        self.assertTrue(self.waits(ts, "Pricing page build", "Pricing page copy"))
        self.assertTrue(self.waits(ts, "Release notes", "Pricing page copy"))  # the second Outward column
        self.assertTrue(self.waits(ts, "Release notes", "Screenshots for the release notes"))  # Parent: Issue id
        self.assertEqual({p["name"]: p["role"] for p in self.js("person", "list")}["Erik Lund"], "eng")
        # The offsets follow the launch when it moves.
        self.tm("launch", "delay", "usage-billing", "--to", "2027-03-08", "--reason", "a test")
        self.assertEqual(self.tasks()["Pricing page copy"]["due"], "2027-02-22")


class Linear(Import):
    def test_dry_run_then_import(self):
        before = self.dump()
        r = self.js("import", "linear", LINEAR, "--launch", "usage-billing", "--dry-run")
        self.assertEqual(self.dump(), before)
        self.assertTrue(r["dry_run"])
        self.assertEqual((r["counts"]["created"], r["counts"]["skipped"]), (6, 1))
        self.assertTrue(all(x["task"] is None for x in r["tasks"]))
        self.assertIn("dry run: nothing was changed",
                      self.tm("import", "linear", LINEAR, "--launch", "usage-billing", "--dry-run").stdout)
        self.assertEqual(self.dump(), before)

        r = self.js("import", "linear", LINEAR, "--launch", "usage-billing")
        self.assertEqual(r["counts"]["created"], 6)
        self.assertEqual([(p["name"], p["email"], p["tasks"]) for p in r["people"]],
                         [("Frank Ortiz", "frank.ortiz@example.com", 2)])
        self.assertEqual(r["cycles"][0]["path"], "Performance budget → Load test → Performance budget")
        ts = self.tasks()
        self.assertNotIn("Old CSV export", ts)  # canceled
        api, dash = ts["Usage metering API"], ts["Billing dashboard"]
        self.assertEqual((api["owner"], api["status"], api["effort_days"], api["section"]),
                         ("Ana Silva", "done", 3, "Beta"))
        self.assertEqual((dash["owner"], dash["status"], dash["section"]), (None, "in_progress", "GA"))
        self.assertTrue(self.waits(ts, "Billing dashboard", "Invoice emails"))  # the parent issue waits
        self.assertTrue(self.waits(ts, "Docs for billing", "Billing dashboard"))  # "ENG-102, ENG-103"
        self.assertTrue(self.waits(ts, "Docs for billing", "Invoice emails"))
        self.assertEqual(self.js("plan", "usage-billing")["launch"], "usage-billing")


class Generic(Import):
    def test_csv_with_map_and_stdin(self):
        text = ("Task Name,Owner,due,Days,status,depends_on\r\n"
                "Kickoff,Ana Silva,T-6w,,done,\r\n"
                "\"Plan, with a comma\",bo@example.com,2027-02-01,3,in_progress,Kickoff\r\n"
                "Ship,,T,2,todo,\"Kickoff; Plan, with a comma\"\r\n")
        p = self.tm("--json", "import", "csv", "-", "--launch", "usage-billing", "--map",
                    "Task Name=title,Days=effort", input=text)
        self.assertIn('"created": 3', p.stdout)
        ts = self.tasks()
        self.assertEqual((ts["Kickoff"]["offset"], ts["Kickoff"]["status"]), ("T-6w", "done"))
        self.assertEqual((ts["Plan, with a comma"]["owner"], ts["Plan, with a comma"]["effort_days"]), ("Bo Chen", 3))
        self.assertTrue(self.waits(ts, "Ship", "Plan, with a comma"))
        self.assertTrue(self.waits(ts, "Ship", "Kickoff"))
        # `import workspace` is export's command, not a source of this one.
        p = self.tm("import", "workspace", self.write("w.json", "{}"), code=None)
        self.assertNotIn("unknown source", p.stderr)


class Refusals(Import):
    def test_each_refusal_changes_nothing(self):
        bad_date = self.write("bad.csv", "title,due\nA,2027-01-02\nB,2027-02-30\n")
        self.rejected("import", "csv", bad_date, "--launch", "usage-billing", code=2,
                      words=[f"{bad_date}:3:2: '2027-02-30' is not a date"])
        ragged = self.write("ragged.csv", "title,due\nA,2027-01-02\nB\n")
        self.rejected("import", "csv", ragged, "--launch", "usage-billing", code=2, words=[f"{ragged}:3:2:", "ragged"])
        binary = self.write("bin.csv", b"title\nA\x00\x01\x02\n")
        self.rejected("import", "csv", binary, "--launch", "usage-billing", code=2, words=["NUL byte"])
        latin = self.write("latin.csv", "title\nCafé\n".encode("latin-1"))
        self.rejected("import", "csv", latin, "--launch", "usage-billing", code=2, words=[f"{latin}:2:1:", "UTF-8"])
        utf16 = self.write("utf16.csv", "title\nA\n".encode("utf-16"))
        self.rejected("import", "csv", utf16, "--launch", "usage-billing", code=2, words=["UTF-16"])
        self.rejected("import", "jira", ASANA, "--launch", "usage-billing", code=2, words=["no 'Issue key' column"])
        self.rejected("import", "asana", ASANA, "--launch", "nope", code=3, words=["unknown launch 'nope'"])
        self.rejected("import", "trello", ASANA, "--launch", "usage-billing", code=2, words=["trello"])
        self.rejected("import", "csv", os.path.join(self.dir, "missing.csv"), "--launch", "usage-billing", code=2,
                      words=["cannot read"])
        self.rejected("import", "csv", bad_date, "--launch", "usage-billing", "--map", "A=titel", code=2,
                      words=["unknown task field 'titel'"])
        self.rejected("import", "csv", bad_date, code=2, words=["--launch"])
        # A bad row after good ones: none of them is imported.
        with open(ASANA, encoding="utf-8") as f:
            text = f.read().replace("2027-02-24", "24/Foo/27")
        self.rejected("import", "asana", self.write("late.csv", text), "--launch", "usage-billing", code=2,
                      words=[":8:10: '24/Foo/27' is not a date"])


if __name__ == "__main__":
    main()
