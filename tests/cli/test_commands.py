#!/usr/bin/env python3
"""End-to-end tests of the command line on SQLite (people, launches, the seed
playbook, tasks and dependencies): the binary is run as a user runs it, on a
temporary database, and every rejected command is shown to leave the
database exactly as it was (a full SQL dump before and after).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_commands.py
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import TMINUS, WorkspaceCase, main  # noqa: E402

TODAY = "2026-11-22"
TASK_KEYS = {"id", "launch", "title", "section", "owner", "role", "offset", "due", "effort_days", "status",
             "required", "milestone", "depends_on"}
LAUNCH_KEYS = {"id", "slug", "name", "tier", "date", "status", "confidence", "pm", "marketing"}


class Base(WorkspaceCase):
    today = TODAY

    def team(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm", "--email", "ana@example.com")
        self.tm("person", "add", "Ben Okafor", "--role", "pmm")
        self.tm("person", "add", "Dana Reyes", "--role", "sales")



class SeedPlaybookDates(Base):
    def test_tier1_timeline_for_a_tuesday_launch(self):
        self.team()
        launch = self.js("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1", "--pm", "Ana Silva",
                         "--marketing", "Ben Okafor")
        self.assertEqual(set(launch) & LAUNCH_KEYS, LAUNCH_KEYS)
        due = {t["title"]: t["due"] for t in launch["tasks"]}
        self.assertEqual(due["Messaging approved"], "2027-02-23")
        self.assertEqual(due["Sales training"], "2027-03-02")
        self.assertEqual(due["Content ready"], "2027-03-09")
        self.assertEqual(due["Launch"], "2027-03-16")
        self.assertEqual(due["Full metrics review"], "2027-05-17")  # 2027-05-16 is a Sunday
        self.assertEqual(due["Collect early feedback"], "2027-03-23")
        self.assertEqual(due["Iterate based on learnings"], "2027-06-16")
        self.assertEqual(len(launch["tasks"]), 34)
        for t in launch["tasks"]:
            self.assertEqual(set(t) & TASK_KEYS, TASK_KEYS)

    def test_tier1_checklist_owners_and_dependencies(self):
        self.team()
        tasks = self.js("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1", "--pm", "Ana",
                        "--marketing", "Ben", "--owner", "sales=Dana")["tasks"]
        by = {t["title"]: t for t in tasks}
        sections = {}
        for t in tasks:
            if not t["milestone"] and t["section"] not in ("Post-launch",):
                sections.setdefault(t["section"], []).append(t["title"])
        self.assertEqual(sorted(len(v) for v in sections.values()), [4, 4, 4, 6, 6])
        self.assertEqual(set(sections), {"Positioning", "Marketing Activities", "Sales Enablement",
                                         "Customer Success", "Product"})
        self.assertEqual(by["Messaging approved"]["owner"], "Ben Okafor")      # marketing role
        self.assertEqual(by["Value proposition defined"]["owner"], "Ana Silva")  # pm role
        self.assertTrue(by["Messaging approved"]["milestone"])
        self.assertEqual(by["Messaging approved"]["effort_days"], 0)
        positioning = {by[t]["id"] for t in sections["Positioning"]}
        self.assertTrue(positioning <= set(by["Messaging approved"]["depends_on"]))
        self.assertIn(by["Messaging approved"]["id"], by["Press/analyst outreach"]["depends_on"])
        launch_deps = set(by["Launch"]["depends_on"])
        for m in ("Messaging approved", "Sales training", "Content ready", "Feature flags configured"):
            self.assertIn(by[m]["id"], launch_deps)
        self.assertGreater(by["Video/demo content"]["effort_days"], by["Pricing/packaging confirmed"]["effort_days"])

    def test_lower_tiers(self):
        self.team()
        t2 = self.js("launch", "add", "Two", "--date", "2027-03-16", "--tier", "2")["tasks"]
        optional = {t["title"] for t in t2 if not t["required"]}
        self.assertEqual(optional, {"Blog post", "Email to relevant segment", "Sales enablement brief"})
        t3 = self.js("launch", "add", "Three", "--date", "2027-03-16", "--tier", "3")["tasks"]
        self.assertEqual({t["title"] for t in t3 if not t["milestone"]},
                         {"Changelog entry", "Help docs updated", "In-app notification (if applicable)",
                          "Support team informed"})
        t4 = self.js("launch", "add", "Four", "--date", "2027-03-16", "--tier", "4")["tasks"]
        self.assertEqual([t["title"] for t in t4], ["Release notes", "Launch"])

    def test_offsets_on_custom_tasks(self):
        self.team()
        self.tm("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "4")
        a = self.js("task", "add", "billing", "A", "--due", "T-5bd")
        self.assertEqual((a["offset"], a["due"]), ("T-5bd", "2027-03-09"))
        b = self.js("task", "add", "billing", "B", "--due", "T+10d")
        self.assertEqual(b["due"], "2027-03-26")
        c = self.js("task", "add", "billing", "C", "--due", "2027-03-01")
        self.assertEqual((c["offset"], c["due"]), (None, "2027-03-01"))
        d = self.js("task", "add", "billing", "D", "--due", "T-3d")  # a Saturday moves back to Friday
        self.assertEqual(d["due"], "2027-03-12")


class Commands(Base):
    def test_people(self):
        self.team()
        people = self.js("person", "list")
        self.assertEqual([p["name"] for p in people], ["Ana Silva", "Ben Okafor", "Dana Reyes"])
        self.assertEqual(people[0]["email"], "ana@example.com")
        self.assertIn("Dana Reyes", self.tm("person", "list").stdout)
        self.rejected("person", "add", "ana silva", "--role", "pm", code=4, words="already exists")
        self.rejected("person", "add", "Eve", "--role", "wizard", code=2, words="unknown role 'wizard'")
        self.rejected("person", "add", "Eve", code=2, words="missing --role: the function they work in (pm, pmm,")

    def test_launch_list_filters_and_show(self):
        self.team()
        self.tm("launch", "add", "Alpha", "--date", "2027-01-12", "--tier", "1")
        self.tm("launch", "add", "Beta", "--date", "2027-02-09", "--tier", "3", "--confidence", "low")
        self.tm("launch", "add", "Beta", "--date", "2027-03-09", "--tier", "3")
        slugs = [l["slug"] for l in self.js("launch", "list")]
        self.assertEqual(slugs, ["alpha", "beta", "beta-2"])
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--tier", "3")], ["beta", "beta-2"])
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--from", "2027-02-01", "--to",
                                                     "2027-02-28")], ["beta"])
        show = self.js("launch", "show", "beta")
        self.assertEqual(show["confidence"], "low")
        self.assertEqual(len(show["tasks"]), 5)
        self.assertEqual(self.js("launch", "show", str(show["id"]))["slug"], "beta")
        text = self.tm("launch", "show", "alpha").stdout
        self.assertIn("Messaging approved", text)
        self.assertIn("2027-01-12", text)

    def test_launch_set_tier_up_and_down_and_owner(self):
        self.team()
        self.tm("launch", "add", "Gamma", "--date", "2027-03-16", "--tier", "3", "--pm", "Ana Silva")
        up = self.js("launch", "set", "gamma", "--tier", "1")
        titles = [t["title"] for t in up["tasks"]]
        self.assertEqual(len(titles), len(set(titles)), "no duplicate titles")
        self.assertIn("Value proposition defined", titles)
        self.assertIn("Changelog entry", titles)  # kept from tier 3
        self.assertEqual(len(titles), 5 + 33)
        self.assertTrue(any("raised" in n for n in up["notes"]))
        by = {t["title"]: t for t in up["tasks"]}
        self.assertIn(by["Messaging approved"]["id"], by["Launch"]["depends_on"])
        down = self.js("launch", "set", "gamma", "--tier", "4")
        self.assertEqual(len(down["tasks"]), len(titles))
        self.assertTrue(any("kept all" in n for n in down["notes"]))
        moved = self.js("launch", "set", "gamma", "--pm", "Ben Okafor")
        self.assertEqual({t["owner"] for t in moved["tasks"] if t["role"] == "pm" and t["status"] == "todo"},
                         {"Ben Okafor"})

    def test_tasks(self):
        self.team()
        self.tm("launch", "add", "Delta", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana")
        notes = self.js("task", "list", "delta")[0]
        web = self.js("task", "add", "delta", "Webinar", "--section", "Marketing Activities", "--owner", "Dana",
                      "--days", "2", "--due", "T-1w", "--after", str(notes["id"]))
        self.assertEqual(web["owner"], "Dana Reyes")
        self.assertEqual(web["role"], "sales")
        self.assertEqual(web["depends_on"], [notes["id"]])
        self.assertEqual([t["title"] for t in self.js("task", "list", "delta", "--owner", "Dana")], ["Webinar"])
        self.tm("task", "done", f"#{notes['id']}")
        self.assertEqual([t["title"] for t in self.js("task", "list", "delta", "--status", "done")], ["Release notes"])
        s = self.js("task", "set", str(web["id"]), "--status", "in_progress", "--days", "3", "--due", "2027-03-05")
        self.assertEqual((s["status"], s["effort_days"], s["due"], s["offset"]), ("in_progress", 3, "2027-03-05", None))
        self.assertEqual(self.js("task", "dep", "rm", str(web["id"]), "--after", str(notes["id"]))["depends_on"], [])
        self.assertEqual(self.js("task", "dep", "add", str(web["id"]), "--after", str(notes["id"]))["depends_on"],
                         [notes["id"]])
        launch_ms = next(t for t in self.js("task", "list", "delta") if t["title"] == "Launch")
        self.rejected("task", "rm", str(notes["id"]), code=4, words="--force")
        gone = self.js("task", "rm", str(notes["id"]), "--force")
        self.assertEqual(sorted(gone["no_longer_waiting"]), sorted([web["id"], launch_ms["id"]]))
        self.assertEqual(self.js("task", "list", "delta", "--owner", "Dana")[0]["depends_on"], [])
        self.assertNotIn(notes["id"], [t["id"] for t in self.js("task", "list", "delta")])
        self.rejected("task", "rm", str(notes["id"]), code=3, words="unknown task")

    def test_playbook_show_check_use(self):
        pb = self.js("playbook", "show")
        self.assertEqual([t["tier"] for t in pb["tiers"]], [1, 2, 3, 4])
        self.assertIn("Tier 1: Major launch", self.tm("playbook", "show").stdout)
        small = ("playbook: small\ntiers:\n" + "".join(
            f"  - tier: {n}\n    name: T{n}\n    tasks:\n      - {{title: Only {n}, section: S, owner: pm, due: T-2bd, days: 1}}\n"
            for n in range(1, 5)))
        path = self.write("small.yaml", small)
        self.assertIn("ok", self.tm("playbook", "check", path).stdout)
        self.tm("playbook", "use", path)
        self.assertEqual([t["title"] for t in self.js("launch", "add", "E", "--date", "2027-03-16", "--tier",
                                                       "1")["tasks"]], ["Only 1"])
        self.tm("playbook", "use", "--default")
        self.assertEqual(len(self.js("launch", "add", "F", "--date", "2027-03-16", "--tier", "1")["tasks"]), 34)
        # --playbook FILE for one command
        self.assertEqual(len(self.js("--playbook", path, "launch", "add", "G", "--date", "2027-03-16", "--tier",
                                     "2")["tasks"]), 1)

    def test_playbook_check_reports_file_line_column(self):
        bad = self.write("bad.yaml", "playbook: x\ntiers:\n  - tier: 1\n    name: A\n    tasks:\n"
                                     "      - {title: A, section: S, owner: boss, due: T, days: 1}\n"
                                     "      - {title: B, section: S, owner: pm, due: T-3x, days: 1, after: [nope]}\n")
        p = self.tm("playbook", "check", bad, code=2)
        self.assertIn(f"{bad}:6:39: unknown owner role 'boss'", p.stderr)
        self.assertIn(f"{bad}:7:", p.stderr)
        self.assertIn("invalid offset 'T-3x'", p.stderr)
        self.assertIn("unknown id 'nope'", p.stderr)
        self.assertIn("tier 2 is missing", p.stderr)
        syntax = self.write("syntax.yaml", "playbook: [\n")
        self.assertRegex(self.tm("playbook", "check", syntax, code=2).stderr, r"syntax\.yaml:\d+:\d+: ")

    def test_globals_after_the_command_and_help(self):
        self.team()
        p = subprocess.run([TMINUS, "person", "list", "--json", "--db", self.db], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(json.loads(p.stdout)), 3)
        h = self.tm("launch", "add", "--help")
        self.assertIn("usage: tminus launch add", h.stdout)
        env = dict(self.env, TMINUS_DB=self.db, TMINUS_TODAY="2027-03-16")
        p = subprocess.run([TMINUS, "--json", "launch", "add", "H", "--date", "2027-03-16", "--tier", "4"], env=env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_demo(self):
        info = self.js("demo")
        self.assertEqual(info["people"], 6)
        people = self.js("person", "list")
        self.assertGreaterEqual(len({p["role"] for p in people}), 5)
        launches = self.js("launch", "list")
        self.assertEqual({l["tier"] for l in launches}, {1, 2, 3, 4})
        tasks = [t for l in launches for t in self.js("task", "list", l["slug"])]
        self.assertTrue(any(t["status"] == "done" for t in tasks))
        self.assertTrue(any(t["status"] != "done" and t["due"] and t["due"] < TODAY for t in tasks), "some late")
        self.rejected("demo", code=4, words="not empty")


class BadInput(Base):
    def setUp(self):
        super().setUp()
        self.team()
        self.launch = self.js("launch", "add", "Billing", "--date", "2027-03-16", "--tier", "1", "--pm", "Ana")
        self.ids = {t["title"]: t["id"] for t in self.launch["tasks"]}

    def test_dates_tiers_names(self):
        self.rejected("launch", "add", "X", "--date", "2027-02-30", "--tier", "1", code=2, words="2027-02-30")
        self.rejected("launch", "add", "X", "--date", "16/03/2027", "--tier", "1", code=2, words="YYYY-MM-DD")
        for tier in ("0", "5", "abc"):
            self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", tier, code=2, words="tier")
        self.rejected("launch", "add", "", "--date", "2027-03-16", "--tier", "1", code=2, words="launch name")
        self.rejected("launch", "add", "   ", "--date", "2027-03-16", "--tier", "1", code=2, words="blank")
        self.rejected("launch", "add", "X", "--tier", "1", code=2, words="date")
        self.rejected("launch", "set", "billing", "--tier", "9", code=2, words="tier")
        self.rejected("task", "add", "billing", "Y", "--due", "T-3x", code=2, words="invalid offset 'T-3x'")
        self.rejected("task", "set", str(self.ids["Launch"]), "--status", "finished", code=2, words="finished")

    def test_not_found(self):
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--pm", "Nobody", code=3,
                      words="unknown person 'Nobody'")
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--owner", "sales=Nobody", code=3,
                      words="Nobody")
        self.rejected("launch", "show", "no-such-launch", code=3, words="unknown launch 'no-such-launch'")
        self.rejected("task", "list", "no-such-launch", code=3, words="unknown launch")
        self.rejected("task", "set", "99999", "--status", "done", code=3, words="unknown task #99999")
        self.rejected("task", "add", "billing", "Z", "--owner", "Nobody", code=3, words="Nobody")
        self.rejected("task", "dep", "add", str(self.ids["Launch"]), "--after", "99999", code=3, words="99999")

    def test_cycles_are_refused_and_named(self):
        approved, vp = self.ids["Messaging approved"], self.ids["Value proposition defined"]
        p = self.rejected("task", "dep", "add", str(vp), "--after", str(approved), code=4, words="cycle")
        self.assertIn(f"#{vp} → #{approved} → #{vp}", p.stderr)
        self.rejected("task", "dep", "add", str(vp), "--after", str(vp), code=4, words=f"#{vp} → #{vp}")
        launch = self.ids["Launch"]
        p = self.rejected("task", "dep", "add", str(vp), "--after", str(launch), code=4, words="cycle")
        self.assertRegex(p.stderr, rf"#{vp} → #{launch} → #\d+ → #{vp}")

    def test_malformed_playbook_and_usage(self):
        bad = self.write("bad.yaml", "playbook: x\ntiers: 7\n")
        p = self.rejected("--playbook", bad, "launch", "add", "X", "--date", "2027-03-16", "--tier", "1", code=2,
                          words=f"{bad}:2:")
        self.assertIn("tiers", p.stderr)
        self.rejected("lanch", "list", code=2, words="did you mean 'launch'")
        self.rejected("launch", "list", "--tierr", "1", code=2, words="did you mean '--tier'")
        self.rejected("launch", "set", "billing", "--date", "2027-04-01", code=2, words="launch delay")


if __name__ == "__main__":
    main()
