#!/usr/bin/env python3
"""End-to-end tests of the tminus command line, command by command: people,
launches, the seed playbook, tasks and dependencies.

Each test runs the built binary as a user would, on a fresh temporary
SQLite database (tests/harness.py: --db PATH in a temporary directory) with
today pinned to 2026-11-22 (--today), so every date in the output is
reproducible.

What is covered, by class:
  GlobalOptions     --help, global options before or after the command,
                    --db=PATH, TMINUS_DB and TMINUS_TODAY
  People            person add / list, lookup by name (any case) or email
  LaunchAdd         the default playbook's tiers as created tasks, the JSON
                    contract, due dates from offsets, default owners,
                    dependencies, slugs
  Offsets           T, T-3w, T+10d, T-5bd, T+1m (clamped), T+1q and the
                    weekend rule, on custom tasks
  LaunchListShowSet launch list filters, launch show by id or slug, launch
                    set (tier up and down, --pm, --marketing, other fields)
  Owners            role owners stored with the launch, owning the role's
                    later tasks; reviewers
  Tasks             task list filters, task add / set / done / rm, dep add
                    / rm
  Playbooks         playbook show / check / use and --playbook FILE; broken
                    files reported as FILE:LINE:COLUMN: on the right lines
  Demo              tminus demo on a fresh and on a non-empty database
  BadInput          every class of bad input: the right exit status, a
                    message naming the problem, nothing on stdout, and the
                    database exactly as it was (a full SQL dump before and
                    after)

Exit statuses (the spec): 0 ok, 2 bad input or usage, 3 not found,
4 conflict; errors are `tminus: error: ...` on stderr.

Run as meson does:
    TMINUS=build/tminus TMINUS_SRC=. python3 tests/cli/test_commands.py
The last line printed is the summary `N passed, M failed`; the exit status
is non-zero when anything failed. Python 3 standard library only.
"""
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import SRC, TODAY, WorkspaceCase, main  # noqa: E402


LAUNCH_KEYS = {"id", "slug", "name", "tier", "date", "status", "confidence", "pm", "marketing"}
TASK_KEYS = {"id", "launch", "title", "section", "owner", "role", "offset", "due", "effort_days", "status",
             "required", "milestone", "depends_on"}
ROLES = ["pm", "pmm", "marketing", "sales", "cs", "support", "eng", "design", "exec", "legal"]
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The seed's Tier 1 checklist, verbatim, by section.
CHECKLIST = {
    "Positioning": ["Value proposition defined", "Target segments identified", "Competitive differentiation clear",
                    "Messaging hierarchy approved"],
    "Marketing Activities": ["Launch blog post", "Email announcement (segmented)", "Social media campaign",
                             "Press/analyst outreach", "Video/demo content", "Paid promotion (if applicable)"],
    "Sales Enablement": ["Sales deck updated", "Demo script created", "Competitive battle card", "FAQ document",
                         "Training session completed", "Pricing/packaging confirmed"],
    "Customer Success": ["Existing customer communication", "Onboarding materials updated",
                         "Success metrics defined", "Escalation path ready"],
    "Product": ["Help documentation", "In-app announcement", "Feature flags configured", "Analytics tracking live"],
}
MILESTONES = ["Messaging approved", "Sales training", "Content ready", "Launch"]
POST_LAUNCH = ["Monitor support tickets", "Collect early feedback", "Share initial metrics", "Case study candidates",
               "Full metrics review", "Iterate based on learnings"]
LOWER_REQUIRED = ["Changelog entry", "Help docs updated", "In-app notification (if applicable)",
                  "Support team informed"]
TIER2_OPTIONAL = ["Blog post", "Email to relevant segment", "Sales enablement brief", "Legal approval"]
# What the other seeds add to Tier 1 (issue 12): the product track engineering dates (Tier 2 tracks the last two,
# Tier 3 the last), seed 001's stream deliverables, seed 002's legal approval, seed 000's comms hierarchy.
PRODUCT_TRACK = ["Feature defined", "Development start", "Beta launch", "Code complete"]
STREAM_DELIVERABLES = ["Press strategy and timing agreed", "Analyst briefing schedule", "Keynote segment planned",
                       "Content plan agreed", "Campaign plan agreed", "Website updated"]
COMMS = ["Beta customers: personal email from the PM", "Power users: segment email + in-app",
         "All users: in-app announcement", "Prospects: marketing campaigns", "Industry/press: PR outreach"]
TIER1_MORE = PRODUCT_TRACK + STREAM_DELIVERABLES + COMMS + ["Legal approval"]

# A small valid playbook; the tests that check FILE:LINE:COLUMN change single
# lines of it, so its line numbers matter (line 1 is "playbook: tiny").
SMALL_PLAYBOOK = [
    "playbook: tiny",                                                                                          # 1
    "description: four small tiers for the tests",                                                             # 2
    "tiers:",                                                                                                  # 3
    "  - tier: 1",                                                                                             # 4
    "    name: Big",                                                                                           # 5
    "    tasks:",                                                                                              # 6
    "      - { id: brief, title: Write the brief, section: Positioning, owner: pm, due: T-2w, days: 2 }",       # 7
    "      - { id: deal, title: Deal desk ready, section: Sales, owner: sales, due: T-1w, days: 1, after: [brief] }",  # 8
    "      - { id: launch, title: Launch, section: Timeline, owner: pm, due: T, milestone: true, after: [brief, deal] }",  # 9
    "  - tier: 2",                                                                                             # 10
    "    name: Medium",                                                                                        # 11
    "    tasks:",                                                                                              # 12
    "      - { title: Blog it, section: Marketing, owner: marketing, due: T-1w, days: 1 }",                    # 13
    "  - tier: 3",                                                                                             # 14
    "    name: Small",                                                                                         # 15
    "    tasks:",                                                                                              # 16
    "      - { title: Changelog it, section: Product, owner: pm, due: T-1bd, days: 1 }",                       # 17
    "  - tier: 4",                                                                                             # 18
    "    name: Tiny",                                                                                          # 19
    "    tasks:",                                                                                              # 20
    "      - { title: Note it, section: Product, owner: pm, due: T, days: 1 }",                                # 21
]


def iso(d):
    return d.isoformat()


def day(s):
    return datetime.date.fromisoformat(s)


class Base(WorkspaceCase):
    """A fresh workspace per test, a team, the MUST-HOLD launch, and checks of the JSON contract."""

    def playbook_file(self, name, replace=None, drop=()):
        """SMALL_PLAYBOOK with some lines (1-based) replaced or dropped; returns (path, lines)."""
        lines = list(SMALL_PLAYBOOK)
        for n, text in (replace or {}).items():
            lines[n - 1] = text
        lines = [l for i, l in enumerate(lines, 1) if i not in drop]
        return self.write(name, "\n".join(lines) + "\n"), lines

    # -- a workspace -------------------------------------------------------

    def team(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm", "--email", "ana@example.com")
        self.tm("person", "add", "Ben Okafor", "--role", "pmm", "--email", "ben@example.com")
        self.tm("person", "add", "Mia Chen", "--role", "marketing")
        self.tm("person", "add", "Dana Reyes", "--role", "sales")
        self.tm("person", "add", "Emma Berg", "--role", "cs")
        self.tm("person", "add", "Omar Haddad", "--role", "pm")

    def billing(self, tier=1, **kw):
        """The MUST-HOLD launch: Tuesday 2027-03-16, Ana as PM, Mia as marketing owner."""
        return self.js("launch", "add", "Usage-based billing", "--date", "2027-03-16", "--tier", tier,
                       "--pm", "Ana Silva", "--marketing", "Mia Chen", **kw)

    # -- checks ------------------------------------------------------------

    def assert_launch_json(self, l, with_tasks):
        self.assertTrue(LAUNCH_KEYS <= set(l), f"launch keys {sorted(l)}")
        self.assertIs(type(l["id"]), int)
        self.assertIsInstance(l["slug"], str)
        self.assertRegex(l["slug"], r"^[a-z0-9]+(-[a-z0-9]+)*$")
        self.assertIsInstance(l["name"], str)
        self.assertIs(type(l["tier"]), int)
        self.assertIn(l["tier"], (1, 2, 3, 4))
        self.assertRegex(l["date"], DATE_RE)
        self.assertIn(l["status"], ("planned", "launched", "cancelled"))
        self.assertIn(l["confidence"], ("low", "medium", "high"))
        for k in ("pm", "marketing"):
            self.assertTrue(l[k] is None or isinstance(l[k], str), f"{k}: {l[k]!r}")
        if with_tasks:
            self.assertIsInstance(l["tasks"], list)
            for t in l["tasks"]:
                self.assert_task_json(t)
                self.assertEqual(t["launch"], l["slug"])

    def assert_task_json(self, t):
        self.assertTrue(TASK_KEYS <= set(t), f"task keys {sorted(t)}")
        self.assertIs(type(t["id"]), int)
        for k in ("launch", "title", "section"):
            self.assertIsInstance(t[k], str)
        for k in ("owner", "role", "offset", "due"):
            self.assertTrue(t[k] is None or isinstance(t[k], str), f"{k}: {t[k]!r}")
        if t["role"] is not None:
            self.assertIn(t["role"], ROLES)
        if t["offset"] is not None:
            self.assertRegex(t["offset"], r"^T([+-]\d+(d|bd|w|m|q))?$")
        if t["due"] is not None:
            self.assertRegex(t["due"], DATE_RE)
        self.assertIs(type(t["effort_days"]), int)
        self.assertIn(t["status"], ("todo", "in_progress", "done", "skipped", "awaiting_approval"))
        self.assertIs(type(t["required"]), bool)
        self.assertIs(type(t["milestone"]), bool)
        self.assertIsInstance(t["depends_on"], list)
        for d in t["depends_on"]:
            self.assertIs(type(d), int)


class GlobalOptions(Base):
    def test_help_on_commands_exits_0_with_usage(self):
        for words in (["launch", "add"], ["task", "dep", "add"], ["person", "add"], ["playbook", "check"]):
            p = self.tm(*words, "--help")
            self.assertIn("usage: tminus " + " ".join(words), p.stdout)
            self.assertEqual(p.stderr, "")
        out = self.tm("launch", "add", "--help").stdout
        for opt in ("--date", "--tier", "--pm", "--marketing", "--owner", "--confidence"):
            self.assertIn(opt, out)
        # --help before the command, too; and no database is touched
        out = self.tm("--help", "task", "add").stdout
        self.assertIn("usage: tminus task add", out)
        self.assertFalse(self.exists(), "--help created the database")

    def test_top_level_and_group_help(self):
        out = self.tm("--help").stdout
        for cmd in ("person add", "launch add", "launch list", "task dep add", "playbook check", "demo"):
            self.assertIn(cmd, out)
        out = self.tm("task", "--help").stdout
        self.assertIn("task done", out)
        self.assertNotIn("launch add", out)

    def test_help_is_whole(self):
        # The top-level list names every command with all its arguments, uncut, within 80 columns;
        # a sub-group ("task dep") prints its own commands, not its parent's.
        out = self.tm("--help").stdout
        self.assertIn("check LAUNCH | --all [--rule RULE]… | --rules", out)
        self.assertNotIn("...", out)
        self.assertTrue(all(len(line) <= 80 for line in out.splitlines()), out)
        out = self.tm("task", "dep", "--help").stdout
        self.assertIn("task dep add", out)
        self.assertNotIn("task done", out)
        out = self.tm("launch", "add", "--help").stdout
        self.assertTrue(all(len(line) <= 80 for line in out.splitlines() if not line.startswith("global")), out)

    def test_errors_are_json_with_json(self):
        # With --json, an error is the API's problem object on stderr; the exit code stays.
        p = self.tm("--json", "launch", "add", "Broken", "--date", "2027-02-10", "--tier", "9", code=None)
        self.assertEqual((p.returncode, p.stdout), (2, ""))
        problem = json.loads(p.stderr)
        self.assertEqual(problem["status"], 400)
        self.assertEqual(problem["title"], "Bad Request")
        self.assertEqual(problem["parameter"], "--tier")
        self.assertIn("from 1 to 4", problem["detail"])
        p = self.tm("--json", "launch", "show", "nope", code=None)
        self.assertEqual((p.returncode, json.loads(p.stderr)["status"]), (3, 404))
        p = self.tm("--json", "launch", "add", "X", "--colour", "red", code=None)
        self.assertEqual((p.returncode, json.loads(p.stderr)["status"]), (2, 400))

    def test_waiting_across_launches_names_the_task_that_exists(self):
        self.tm("launch", "add", "Alpha", "--date", "2027-01-12", "--tier", "4")
        self.tm("launch", "add", "Beta", "--date", "2027-01-19", "--tier", "4")
        other = self.js("task", "list", "alpha")[0]["id"]
        p = self.tm("task", "add", "beta", "New", "--after", str(other), code=None)
        self.assertEqual(p.returncode, 2)
        self.assertIn(f"#{other} belongs to launch 'alpha', not to 'beta'", p.stderr)
        self.assertNotIn("#0", p.stderr)

    def test_a_number_out_of_range_names_the_real_limit(self):
        self.tm("launch", "add", "Alpha", "--date", "2027-01-12", "--tier", "4")
        for bad in ("abc", "251"):
            p = self.tm("task", "add", "alpha", "Big", "--days", bad, code=None)
            self.assertEqual(p.returncode, 2)
            self.assertIn("from 0 to 250", p.stderr)

    def test_global_options_after_the_command(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.tm("launch", "add", "Alpha", "--date", "2027-01-12", "--tier", "4")
        out = self.bare("launch", "list", "--json", "--db", self.db).stdout
        self.assertEqual([l["slug"] for l in json.loads(out)], ["alpha"])
        # mixed in among the command's own options and arguments
        out = self.bare("launch", "add", "Beta", "--db", self.db, "--date", "2027-01-19", "--json", "--tier", "3",
                        "--today", TODAY).stdout
        self.assertEqual(json.loads(out)["slug"], "beta")
        out = self.bare("launch", "list", "--db=" + self.db, "--json").stdout
        self.assertEqual([l["slug"] for l in json.loads(out)], ["alpha", "beta"])

    def test_today_before_after_and_from_the_environment(self):
        self.tm("launch", "add", "Alpha", "--date", "2027-03-16", "--tier", "4")
        out = self.tm("launch", "show", "alpha").stdout
        self.assertIn("in 114 days", out)  # 2026-11-22 → 2027-03-16
        out = self.bare("launch", "show", "alpha", "--db", self.db, "--today", "2027-03-16").stdout
        self.assertIn("today", out)
        self.assertNotIn("in 114 days", out)
        env = dict(self.env, TMINUS_TODAY="2027-03-06", TMINUS_DB=self.db)
        out = self.bare("launch", "show", "alpha", env=env).stdout
        self.assertIn("in 10 days", out)

    def test_db_from_the_environment(self):
        env = dict(self.env, TMINUS_DB=self.db, TMINUS_TODAY=TODAY)
        self.bare("person", "add", "Ana Silva", "--role", "pm", env=env)
        self.assertEqual([p["name"] for p in self.js("person", "list")], ["Ana Silva"])


class People(Base):
    def test_add_and_list(self):
        out = self.tm("person", "add", "Ana Silva", "--role", "pm", "--email", "ana@example.com").stdout
        self.assertIn("Ana Silva", out)
        p = self.js("person", "add", "Ben Okafor", "--role", "pmm")
        self.assertEqual((p["name"], p["role"]), ("Ben Okafor", "pmm"))
        people = self.js("person", "list")
        self.assertEqual(sorted(x["name"] for x in people), ["Ana Silva", "Ben Okafor"])
        ana = next(x for x in people if x["name"] == "Ana Silva")
        self.assertEqual((ana["role"], ana["email"]), ("pm", "ana@example.com"))
        out = self.tm("person", "list").stdout
        self.assertIn("Ana Silva", out)
        self.assertIn("Ben Okafor", out)

    def test_every_role_is_accepted(self):
        for i, role in enumerate(ROLES):
            self.tm("person", "add", f"Person {chr(65 + i)}", "--role", role)
        self.assertEqual(sorted(p["role"] for p in self.js("person", "list")), sorted(ROLES))

    def test_owners_named_by_name_in_any_case_or_by_email(self):
        self.team()
        for ref in ("Ana Silva", "ana silva", "ANA SILVA", "ana@example.com"):
            l = self.js("launch", "add", f"L {ref}", "--date", "2027-03-16", "--tier", "4", "--pm", ref)
            self.assertEqual(l["pm"], "Ana Silva", ref)
        self.assertEqual(len(self.js("person", "list")), 6, "no one was created on the way")
        self.assertEqual([p["name"] for p in self.js("person", "list")],
                         ["Ana Silva", "Ben Okafor", "Dana Reyes", "Emma Berg", "Mia Chen", "Omar Haddad"], "by name")

    def test_duplicate_person_is_a_conflict(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.rejected("person", "add", "Ana Silva", "--role", "pmm", code=4, words="Ana Silva")
        # names are matched in any case, so the same name in another case is the same person
        self.rejected("person", "add", "ana silva", "--role", "pm", code=4, words="already exists")
        self.assertEqual(len(self.js("person", "list")), 1)


class LaunchAdd(Base):
    def setUp(self):
        super().setUp()
        self.team()

    def test_json_contract(self):
        l = self.billing()
        self.assert_launch_json(l, with_tasks=True)
        self.assertEqual((l["name"], l["slug"], l["tier"], l["date"]),
                         ("Usage-based billing", "usage-based-billing", 1, "2027-03-16"))
        self.assertEqual((l["status"], l["confidence"]), ("planned", "medium"))
        self.assertEqual((l["pm"], l["marketing"]), ("Ana Silva", "Mia Chen"))
        ids = {t["id"] for t in l["tasks"]}
        self.assertEqual(len(ids), len(l["tasks"]), "task ids are unique")
        for t in l["tasks"]:
            self.assertTrue(set(t["depends_on"]) <= ids, f"{t['title']} waits for a task of another launch")
            self.assertNotIn(t["id"], t["depends_on"])
            self.assertEqual(t["status"], "todo")
        # without --pm / --marketing, and with a confidence
        bare = self.js("launch", "add", "Bare", "--date", "2027-03-16", "--tier", "4", "--confidence", "high")
        self.assert_launch_json(bare, with_tasks=True)
        self.assertEqual((bare["pm"], bare["marketing"], bare["confidence"]), (None, None, "high"))
        self.assertTrue(all(t["owner"] is None for t in bare["tasks"]))

    def test_tier1_brings_the_seed_checklist_milestones_and_post_launch(self):
        tasks = self.billing()["tasks"]
        self.assertEqual(len(tasks), 50)
        titles = [t["title"] for t in tasks]
        self.assertEqual(len(set(titles)), 50, "no duplicate titles")
        expected = [x for v in CHECKLIST.values() for x in v] + MILESTONES + POST_LAUNCH + TIER1_MORE
        self.assertEqual(sorted(titles), sorted(expected))
        by = {t["title"]: t for t in tasks}
        for section, items in CHECKLIST.items():
            for title in items:
                self.assertEqual(by[title]["section"], section, title)
                self.assertFalse(by[title]["milestone"], title)
        self.assertEqual(sorted(t["title"] for t in tasks if t["milestone"]), sorted(MILESTONES + PRODUCT_TRACK))
        for m in MILESTONES + PRODUCT_TRACK:
            self.assertEqual(by[m]["effort_days"], 0, m)
        for t in tasks:
            if not t["milestone"]:
                self.assertGreater(t["effort_days"], 0, t["title"])
        self.assertEqual(by["Messaging approved"]["role"], "marketing")
        self.assertEqual({t["section"] for t in tasks if t["title"] in POST_LAUNCH}, {by["Full metrics review"]["section"]})
        self.assertNotIn(by["Full metrics review"]["section"], CHECKLIST)
        self.assertEqual(by["Full metrics review"]["section"], "Post-launch")
        self.assertGreater(by["Video/demo content"]["effort_days"], by["Pricing/packaging confirmed"]["effort_days"])

    def test_must_hold_dates_for_a_tuesday_launch(self):
        self.assertEqual(day("2027-03-16").isoweekday(), 2)
        by = {t["title"]: t for t in self.billing()["tasks"]}
        due = {k: v["due"] for k, v in by.items()}
        off = {k: v["offset"] for k, v in by.items()}
        self.assertEqual((off["Messaging approved"], due["Messaging approved"]), ("T-3w", "2027-02-23"))
        self.assertEqual((off["Sales training"], due["Sales training"]), ("T-2w", "2027-03-02"))
        self.assertEqual((off["Content ready"], due["Content ready"]), ("T-1w", "2027-03-09"))
        self.assertEqual((off["Launch"], due["Launch"]), ("T", "2027-03-16"))
        self.assertEqual(due["Monitor support tickets"], "2027-03-16")  # T
        self.assertEqual(due["Collect early feedback"], "2027-03-23")  # T+1w
        self.assertEqual(due["Share initial metrics"], "2027-03-30")  # T+2w
        self.assertEqual(due["Case study candidates"], "2027-04-16")  # T+1m
        self.assertEqual(day("2027-05-16").isoweekday(), 7)
        self.assertEqual(due["Full metrics review"], "2027-05-17")  # T+2m is a Sunday: next working day
        self.assertEqual(due["Iterate based on learnings"], "2027-06-16")  # T+1q
        for t in by.values():
            if t["title"] in PRODUCT_TRACK:  # no date until engineering gives one
                self.assertEqual((t["offset"], t["due"]), (None, None), t["title"])
                continue
            self.assertIsNotNone(t["offset"], t["title"])
            self.assertLess(day(t["due"]).isoweekday(), 6, f"{t['title']} due on a weekend")
            if t["title"] in POST_LAUNCH or t["offset"] == "T":  # the comms hierarchy's launch-day messages too
                self.assertGreaterEqual(t["due"], "2027-03-16")
            elif t["title"] != "Launch":
                self.assertLess(t["due"], "2027-03-16", t["title"])

    def test_default_owners_from_pm_marketing_and_owner_role(self):
        tasks = self.billing()["tasks"]
        for t in tasks:
            if t["role"] == "pm":
                self.assertEqual(t["owner"], "Ana Silva", t["title"])
            elif t["role"] in ("marketing", "pmm"):
                self.assertEqual(t["owner"], "Mia Chen", t["title"])
            else:
                self.assertIsNone(t["owner"], f"{t['title']} ({t['role']}) has no default owner")
        self.assertTrue({t["role"] for t in tasks} >= {"pm", "pmm", "marketing", "cs"})
        self.assertEqual({t["title"]: t["owner"] for t in tasks}["Messaging approved"], "Mia Chen")
        # --owner ROLE=PERSON for another role
        tasks = self.js("launch", "add", "Other", "--date", "2027-03-16", "--tier", "1", "--pm", "Ana",
                        "--marketing", "Mia Chen", "--owner", "cs=Emma Berg", "--owner", "sales=Dana Reyes")["tasks"]
        cs = [t for t in tasks if t["role"] == "cs"]
        self.assertTrue(cs)
        self.assertEqual({t["owner"] for t in cs}, {"Emma Berg"})
        # the marketing owner may work in another role (Ben is a pmm); first names will do
        by = {t["title"]: t for t in self.js("launch", "add", "Third", "--date", "2027-03-16", "--tier", "1", "--pm",
                                             "Ana", "--marketing", "Ben", "--owner", "sales=Dana")["tasks"]}
        self.assertEqual(by["Messaging approved"]["owner"], "Ben Okafor")      # marketing role
        self.assertEqual(by["Value proposition defined"]["owner"], "Ana Silva")  # pm role

    def test_owner_sales_owns_sales_role_tasks(self):
        # The default playbook has no sales-owned task: a playbook with one shows --owner sales=Dana at work.
        path, _ = self.playbook_file("small.yaml")
        tasks = self.js("--playbook", path, "launch", "add", "Deals", "--date", "2027-03-16", "--tier", "1",
                        "--pm", "Ana Silva", "--owner", "sales=Dana")["tasks"]
        by = {t["title"]: t for t in tasks}
        self.assertEqual((by["Deal desk ready"]["role"], by["Deal desk ready"]["owner"]), ("sales", "Dana Reyes"))
        self.assertEqual(by["Write the brief"]["owner"], "Ana Silva")

    def test_default_playbook_dependencies(self):
        tasks = self.billing()["tasks"]
        by = {t["title"]: t for t in tasks}
        ids = {t["title"]: t["id"] for t in tasks}
        deps = {t["title"]: set(t["depends_on"]) for t in tasks}
        section_of = {t["id"]: t["section"] for t in tasks}
        self.assertTrue({ids[x] for x in CHECKLIST["Positioning"]} <= deps["Messaging approved"])
        sales = deps["Sales training"]
        self.assertTrue({ids[x] for x in ("Sales deck updated", "Demo script created", "Competitive battle card",
                                          "FAQ document")} <= sales)
        self.assertEqual({section_of[i] for i in sales}, {"Sales Enablement"})
        content = deps["Content ready"]
        self.assertTrue({ids[x] for x in ("Launch blog post", "Email announcement (segmented)",
                                          "Social media campaign", "Video/demo content")} <= content)
        # Content waits for the work and for engineering's Code complete (the product track).
        self.assertEqual({section_of[i] for i in content}, {"Marketing Activities", "Product track"})
        self.assertIn(ids["Code complete"], content)
        launch = deps["Launch"]
        self.assertTrue({ids["Messaging approved"], ids["Sales training"], ids["Content ready"]} <= launch)
        self.assertTrue({ids[x] for x in CHECKLIST["Product"]} <= launch)
        self.assertIn(ids["Legal approval"], launch)
        for t in ("Launch blog post", "Press/analyst outreach"):
            self.assertIn(ids["Messaging approved"], deps[t], t)
        # the direction: the milestone waits for the work, not the other way round
        self.assertNotIn(ids["Messaging approved"], deps["Value proposition defined"])
        self.assertEqual(by["Value proposition defined"]["depends_on"], [ids["Feature defined"]])

    def test_lower_tiers(self):
        t2 = self.js("launch", "add", "Two", "--date", "2027-03-16", "--tier", "2")["tasks"]
        titles2 = {t["title"] for t in t2}
        self.assertTrue(set(LOWER_REQUIRED) <= titles2)
        self.assertTrue(set(POST_LAUNCH) <= titles2)
        self.assertIn("Launch", {t["title"] for t in t2 if t["milestone"]})
        self.assertEqual({t["title"] for t in t2 if not t["required"]}, set(TIER2_OPTIONAL))
        self.assertEqual(titles2 - set(LOWER_REQUIRED) - set(TIER2_OPTIONAL) - set(POST_LAUNCH),
                         {t["title"] for t in t2 if t["milestone"]}, "the rest are milestones")
        self.assertEqual({t["title"] for t in t2 if t["product"]}, {"Beta launch", "Code complete"})
        t3 = self.js("launch", "add", "Three", "--date", "2027-03-16", "--tier", "3")["tasks"]
        self.assertEqual(sorted(t["title"] for t in t3), sorted(LOWER_REQUIRED + ["Launch", "Code complete"]))
        self.assertEqual({t["title"] for t in t3 if not t["milestone"]}, set(LOWER_REQUIRED))
        self.assertTrue(all(t["required"] for t in t3))
        t4 = self.js("launch", "add", "Four", "--date", "2027-03-16", "--tier", "4")["tasks"]
        self.assertEqual([t["title"] for t in t4], ["Release notes", "Launch"])
        launch4 = next(t for t in t4 if t["title"] == "Launch")
        self.assertTrue(launch4["milestone"])
        self.assertEqual(launch4["due"], "2027-03-16")

    def test_slugs(self):
        a = self.js("launch", "add", "Usage-based billing", "--date", "2027-03-16", "--tier", "4")
        b = self.js("launch", "add", "Usage-based billing", "--date", "2027-04-13", "--tier", "4")
        c = self.js("launch", "add", "Usage-based billing", "--date", "2027-05-11", "--tier", "4")
        self.assertEqual((a["slug"], b["slug"]), ("usage-based-billing", "usage-based-billing-2"))
        self.assertEqual(len({a["slug"], b["slug"], c["slug"]}), 3)
        self.assertEqual(self.js("launch", "add", "Dark Mode", "--date", "2027-03-16", "--tier", "4")["slug"],
                         "dark-mode")
        self.assertEqual(self.js("launch", "show", "usage-based-billing-2")["date"], "2027-04-13")

    def test_text_output(self):
        out = self.tm("launch", "add", "Usage-based billing", "--date", "2027-03-16", "--tier", "1",
                            "--pm", "Ana").stdout
        self.assertIn("usage-based-billing", out)
        self.assertIn("created 50 tasks from the tier 1 playbook", out)
        self.assertIn("Messaging approved", out)
        self.assertIn("2027-02-23", out)


class Offsets(Base):
    """Custom tasks on launches whose T is known; the weekday of each date is checked too."""

    def setUp(self):
        super().setUp()
        self.tm("launch", "add", "Tue", "--date", "2027-03-16", "--tier", "4")  # a Tuesday
        self.tm("launch", "add", "End", "--date", "2027-03-31", "--tier", "4")  # a Wednesday, a month's last day

    def due(self, launch, due):
        t = self.js("task", "add", launch, f"Task {due}", "--due", due)
        return t["offset"], t["due"]

    def test_spec_examples(self):
        self.assertEqual(self.due("tue", "T-5bd"), ("T-5bd", "2027-03-09"))
        self.assertEqual(self.due("tue", "T+10d")[1], "2027-03-26")
        self.assertEqual(self.due("tue", "T-3w"), ("T-3w", "2027-02-23"))
        self.assertEqual(self.due("tue", "T"), ("T", "2027-03-16"))

    def test_a_date_stays_a_date(self):
        self.assertEqual(self.due("tue", "2027-03-01"), (None, "2027-03-01"))
        t = self.js("task", "add", "tue", "Fixed", "--due", "2027-04-02")  # after T: still a date
        self.assertEqual((t["offset"], t["due"]), (None, "2027-04-02"))
        stored = next(x for x in self.js("task", "list", "tue") if x["id"] == t["id"])
        self.assertEqual((stored["offset"], stored["due"]), (None, "2027-04-02"))

    def test_working_days(self):
        self.assertEqual(self.due("tue", "T-1bd")[1], "2027-03-15")  # Monday
        self.assertEqual(self.due("tue", "T-2bd")[1], "2027-03-12")  # over the weekend to Friday
        self.assertEqual(self.due("tue", "T+4bd")[1], "2027-03-22")  # Wed Thu Fri Mon

    def test_weekend_moves_back_before_t_and_forward_after_t(self):
        self.assertEqual(day("2027-03-13").isoweekday(), 6)
        self.assertEqual(self.due("tue", "T-3d")[1], "2027-03-12")  # Saturday → Friday
        self.assertEqual(self.due("tue", "T-2d")[1], "2027-03-12")  # Sunday → Friday
        self.assertEqual(day("2027-03-20").isoweekday(), 6)
        self.assertEqual(self.due("tue", "T+4d")[1], "2027-03-22")  # Saturday → Monday
        self.assertEqual(self.due("tue", "T+5d")[1], "2027-03-22")  # Sunday → Monday

    def test_months_are_calendar_months_clamped_to_the_month_end(self):
        self.assertEqual(self.due("end", "T+1m"), ("T+1m", "2027-04-30"))  # April has no 31st (a Friday)
        self.assertEqual(self.due("end", "T+2m")[1], "2027-05-31")  # a Monday
        self.assertEqual(self.due("end", "T+1q"), ("T+1q", "2027-06-30"))  # 3 months, clamped
        self.assertEqual(day("2027-02-28").isoweekday(), 7)
        self.assertEqual(self.due("end", "T-1m")[1], "2027-02-26")  # Feb 28 is a Sunday, before T → Friday
        self.assertEqual(self.due("tue", "T+1q")[1], "2027-06-16")


class LaunchListShowSet(Base):
    def setUp(self):
        super().setUp()
        self.team()

    def test_list_filters(self):
        self.tm("launch", "add", "Alpha", "--date", "2027-01-12", "--tier", "1")
        self.tm("launch", "add", "Beta", "--date", "2027-02-09", "--tier", "3")
        self.tm("launch", "add", "Gamma", "--date", "2027-02-28", "--tier", "3")
        self.tm("launch", "add", "Delta", "--date", "2027-03-09", "--tier", "2")
        all_ = self.js("launch", "list")
        for l in all_:
            self.assert_launch_json(l, with_tasks=False)
        self.assertEqual([l["slug"] for l in all_], ["alpha", "beta", "gamma", "delta"])  # by date
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--tier", "3")], ["beta", "gamma"])
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--tier", "4")], [])
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--from", "2027-02-09")],
                         ["beta", "gamma", "delta"])  # inclusive
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--to", "2027-02-28")],
                         ["alpha", "beta", "gamma"])  # inclusive
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--from", "2027-02-01", "--to",
                                                     "2027-02-28", "--tier", "3")], ["beta", "gamma"])
        self.tm("launch", "set", "gamma", "--status", "cancelled")
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--status", "cancelled")], ["gamma"])
        self.assertEqual([l["slug"] for l in self.js("launch", "list", "--status", "planned")],
                         ["alpha", "beta", "delta"])
        out = self.tm("launch", "list", "--tier", "3").stdout
        self.assertIn("beta", out)
        self.assertNotIn("alpha", out)

    def test_show_by_slug_and_id(self):
        l = self.billing(tier=3)
        by_slug = self.js("launch", "show", "usage-based-billing")
        by_id = self.js("launch", "show", l["id"])
        self.assert_launch_json(by_slug, with_tasks=True)
        self.assertEqual(by_slug["id"], l["id"])
        self.assertEqual(by_id["slug"], "usage-based-billing")
        self.assertEqual([t["id"] for t in by_slug["tasks"]], [t["id"] for t in l["tasks"]])
        self.assertEqual(len(by_slug["tasks"]), 6)  # Tier 3 tracks Code complete
        out = self.tm("launch", "show", "usage-based-billing").stdout
        for text in ("Usage-based billing", "2027-03-16", "Ana Silva", "Changelog entry", "Support team informed"):
            self.assertIn(text, out)

    def test_raising_the_tier_adds_the_new_tiers_tasks(self):
        l = self.billing(tier=3)
        before = {t["title"]: t for t in l["tasks"]}
        up = self.js("launch", "set", "usage-based-billing", "--tier", "1")
        self.assertEqual(up["tier"], 1)
        titles = [t["title"] for t in up["tasks"]]
        self.assertEqual(len(titles), len(set(titles)), "no duplicate titles")
        for items in CHECKLIST.values():
            self.assertTrue(set(items) <= set(titles))
        self.assertTrue(set(MILESTONES + POST_LAUNCH + LOWER_REQUIRED) <= set(titles))
        self.assertEqual(len(titles), len(set(before) | {x for v in CHECKLIST.values() for x in v} |
                                          set(MILESTONES) | set(POST_LAUNCH) | set(TIER1_MORE)))
        by = {t["title"]: t for t in up["tasks"]}
        for title, t in before.items():
            self.assertEqual(by[title]["id"], t["id"], f"{title} was kept, not recreated")
        self.assertEqual(by["Messaging approved"]["due"], "2027-02-23")
        self.assertEqual(by["Value proposition defined"]["owner"], "Ana Silva")
        self.assertIn(by["Messaging approved"]["id"], by["Launch"]["depends_on"])
        self.assertEqual(len(self.js("task", "list", "usage-based-billing")), len(titles))
        self.assertTrue(any("raised" in n for n in up["notes"]), up["notes"])

    def test_lowering_the_tier_keeps_every_task_with_a_note(self):
        l = self.billing(tier=1)
        down = self.js("launch", "set", "usage-based-billing", "--tier", "3")
        self.assertEqual(down["tier"], 3)
        self.assertEqual(sorted(t["id"] for t in down["tasks"]), sorted(t["id"] for t in l["tasks"]))
        self.assertTrue(down.get("notes"), "a note says the tasks were kept")
        self.assertTrue(any("kept" in n or "keep" in n for n in down["notes"]), down["notes"])
        self.assertTrue(any("kept all" in n for n in down["notes"]), down["notes"])
        out = self.tm("launch", "set", "usage-based-billing", "--tier", "4").stdout
        self.assertIn("kept", out)
        self.assertIn("50", out)  # the note counts what was kept
        self.assertEqual(self.js("launch", "show", "usage-based-billing")["tier"], 4)
        self.assertEqual(sorted(t["id"] for t in self.js("task", "list", "usage-based-billing")),
                         sorted(t["id"] for t in l["tasks"]))

    def test_new_pm_takes_over_open_pm_tasks(self):
        l = self.billing(tier=1)
        by = {t["title"]: t for t in l["tasks"]}
        done = by["Value proposition defined"]
        self.assertEqual(done["role"], "pm")
        self.tm("task", "done", done["id"])
        moved = self.js("launch", "set", "usage-based-billing", "--pm", "Omar Haddad")
        self.assertEqual(moved["pm"], "Omar Haddad")
        for t in moved["tasks"]:
            if t["id"] == done["id"]:
                self.assertEqual(t["owner"], "Ana Silva", "done work keeps who did it")
            elif t["role"] == "pm":
                self.assertEqual(t["owner"], "Omar Haddad", t["title"])
            elif t["role"] in ("marketing", "pmm"):
                self.assertEqual(t["owner"], "Mia Chen", t["title"])

    def test_new_marketing_owner_takes_over_marketing_and_pmm_tasks(self):
        self.billing(tier=1)
        moved = self.js("launch", "set", "usage-based-billing", "--marketing", "ben@example.com")
        self.assertEqual(moved["marketing"], "Ben Okafor")
        mk = [t for t in moved["tasks"] if t["role"] in ("marketing", "pmm")]
        self.assertTrue(mk)
        self.assertEqual({t["owner"] for t in mk}, {"Ben Okafor"})
        self.assertEqual({t["owner"] for t in moved["tasks"] if t["role"] == "pm"}, {"Ana Silva"})

    def test_other_fields(self):
        self.billing(tier=2)
        s = self.js("launch", "set", "usage-based-billing", "--confidence", "low", "--name", "Metered billing",
                    "--status", "launched")
        self.assertEqual((s["confidence"], s["name"], s["status"]), ("low", "Metered billing", "launched"))
        s = self.js("launch", "show", "usage-based-billing")
        self.assertEqual((s["confidence"], s["name"], s["status"]), ("low", "Metered billing", "launched"))


class Owners(Base):
    """Role owners belong to the launch: stored, shown, and given the role's tasks added later;
    tasks take reviewers, and a playbook task starts with the owners of its reviewing roles."""

    def setUp(self):
        super().setUp()
        for name, role in (("Ana Silva", "pm"), ("Ben Okafor", "pmm"), ("Dana Reyes", "sales"), ("Sam Lee", "sales")):
            self.tm("person", "add", name, "--role", role)

    def test_owners_are_stored_and_own_later_tasks(self):
        out = self.tm("launch", "add", "Alerts", "--date", "2027-03-16", "--tier", "3", "--pm", "Ana",
                            "--owner", "sales=Dana").stdout
        self.assertIn("no tier 3 task is owned by sales: Dana Reyes will own sales tasks added later", out)
        self.assertIn("owners      sales Dana Reyes", out)
        self.assertEqual(self.js("launch", "show", "alerts")["owners"], {"sales": "Dana Reyes"})
        # A task of the role, added later, is theirs.
        self.assertEqual(self.js("task", "add", "alerts", "Sales one-pager", "--role", "sales")["owner"], "Dana Reyes")
        # So are the tasks a raised tier brings, and the owners of reviewing roles review.
        self.tm("launch", "set", "alerts", "--tier", "1")
        tasks = {t["title"]: t for t in self.js("task", "list", "alerts")}
        self.assertEqual(tasks["Training session completed"]["reviewed_by"], ["Dana Reyes"])
        sales = [t for t in tasks.values() if t["role"] == "sales"]
        self.assertTrue(sales and all(t["owner"] == "Dana Reyes" for t in sales), sales)
        # A new owner takes over the role's open tasks the former owner held.
        out = self.tm("launch", "set", "alerts", "--owner", "sales=Sam").stdout
        self.assertIn("now owned by 'Sam'", out)
        sales = [t for t in self.js("task", "list", "alerts") if t["role"] == "sales"]
        self.assertTrue(all(t["owner"] == "Sam Lee" for t in sales), sales)
        self.assertEqual(self.js("launch", "show", "alerts")["owners"], {"sales": "Sam Lee"})

    def test_reviewers(self):
        self.tm("launch", "add", "Alerts", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana")
        tid = self.js("task", "add", "alerts", "Partner FAQ", "--reviewer", "Dana", "--reviewer", "ben")["id"]
        self.assertEqual(self.js("task", "list", "alerts")[-1]["reviewed_by"], ["Dana Reyes", "Ben Okafor"])
        doc = self.tm("doc", "alerts", "bom").stdout
        self.assertIn("Dana Reyes, Ben Okafor", doc)
        self.assertEqual(self.js("task", "set", tid, "--reviewer", "Sam")["reviewed_by"], ["Sam Lee"])
        self.assertEqual(self.js("task", "set", tid, "--reviewer", "none")["reviewed_by"], [])
        before = self.dump()
        p = self.tm("task", "set", tid, "--reviewer", "Nobody", code=None)
        self.assertEqual(p.returncode, 3)
        self.assertIn("Nobody", p.stderr)
        p = self.tm("task", "set", tid, *sum((["--reviewer", "Ana"] for _ in range(5)), []), code=None)
        self.assertEqual(p.returncode, 2)
        self.assertIn("more than 4", p.stderr)
        self.assertEqual(before, self.dump())


class Tasks(Base):
    def setUp(self):
        super().setUp()
        self.team()
        self.launch = self.billing(tier=1)
        self.by = {t["title"]: t for t in self.launch["tasks"]}

    def test_list_and_filters(self):
        tasks = self.js("task", "list", "usage-based-billing")
        self.assertEqual([t["id"] for t in tasks], [t["id"] for t in self.launch["tasks"]])
        for t in tasks:
            self.assert_task_json(t)
        self.assertEqual(self.js("task", "list", self.launch["id"]), tasks, "by id as by slug")
        ana = self.js("task", "list", "usage-based-billing", "--owner", "ana silva")
        self.assertTrue(ana)
        self.assertEqual({t["owner"] for t in ana}, {"Ana Silva"})
        self.assertEqual(sorted(t["id"] for t in ana), sorted(t["id"] for t in tasks if t["owner"] == "Ana Silva"))
        self.assertEqual(self.js("task", "list", "usage-based-billing", "--owner", "ana@example.com"), ana)
        self.assertEqual(self.js("task", "list", "usage-based-billing", "--owner", "Dana Reyes"), [])
        self.assertEqual(len(self.js("task", "list", "usage-based-billing", "--status", "todo")), 50)
        self.assertEqual(self.js("task", "list", "usage-based-billing", "--status", "done"), [])
        self.tm("task", "done", self.by["FAQ document"]["id"])
        self.tm("task", "set", self.by["Demo script created"]["id"], "--status", "in_progress")
        self.assertEqual([t["title"] for t in self.js("task", "list", "usage-based-billing", "--status", "done")],
                         ["FAQ document"])
        self.assertEqual([t["title"] for t in self.js("task", "list", "usage-based-billing", "--status",
                                                      "in_progress")], ["Demo script created"])
        self.assertEqual(len(self.js("task", "list", "usage-based-billing", "--status", "todo")), 48)
        # both filters at once
        self.assertEqual([t["title"] for t in self.js("task", "list", "usage-based-billing", "--owner", "Mia Chen",
                                                      "--status", "done")], ["FAQ document"])
        out = self.tm("task", "list", "usage-based-billing", "--status", "done").stdout
        self.assertIn("FAQ document", out)
        self.assertNotIn("Launch blog post", out)

    def test_add_with_everything(self):
        pre = self.by["Messaging approved"]
        t = self.js("task", "add", "usage-based-billing", "Launch webinar", "--section", "Marketing Activities",
                    "--owner", "Dana", "--due", "T+1w", "--days", "4", "--after", pre["id"],
                    "--after", f"#{self.by['Content ready']['id']}")
        self.assert_task_json(t)
        self.assertEqual((t["title"], t["section"], t["owner"], t["role"]),
                         ("Launch webinar", "Marketing Activities", "Dana Reyes", "sales"))
        self.assertEqual((t["offset"], t["due"], t["effort_days"]), ("T+1w", "2027-03-23", 4))
        self.assertEqual(sorted(t["depends_on"]), sorted([pre["id"], self.by["Content ready"]["id"]]))
        self.assertEqual((t["status"], t["required"], t["milestone"], t["launch"]),
                         ("todo", True, False, "usage-based-billing"))
        self.assertIn(t["id"], [x["id"] for x in self.js("task", "list", "usage-based-billing")])
        ms = self.js("task", "add", "usage-based-billing", "Go/no-go", "--milestone", "--due", "T-1w")
        self.assertEqual((ms["milestone"], ms["effort_days"], ms["due"]), (True, 0, "2027-03-09"))
        opt = self.js("task", "add", "usage-based-billing", "Podcast", "--optional")
        self.assertFalse(opt["required"])
        self.assertEqual(len(self.js("task", "list", "usage-based-billing")), 53)

    def test_set_done_and_hash_ids(self):
        t = self.by["Launch blog post"]
        s = self.js("task", "set", t["id"], "--status", "in_progress", "--owner", "Ben", "--days", "5",
                    "--title", "Launch blog post (long form)")
        self.assertEqual((s["status"], s["owner"], s["effort_days"], s["title"]),
                         ("in_progress", "Ben Okafor", 5, "Launch blog post (long form)"))
        s = self.js("task", "set", f"#{t['id']}", "--due", "2027-03-05")
        self.assertEqual((s["offset"], s["due"]), (None, "2027-03-05"))
        s = self.js("task", "set", t["id"], "--due", "T-2w")
        self.assertEqual((s["offset"], s["due"]), ("T-2w", "2027-03-02"))
        # The blog is external copy: done waits for the PMM's approval (issue 12), given here first.
        self.tm("task", "approve", f"#{t['id']}")
        d = self.js("task", "done", f"#{t['id']}")
        self.assertEqual(d["status"], "done")
        self.assertEqual(self.js("task", "done", self.by["FAQ document"]["id"])["status"], "done")
        now = {x["id"]: x for x in self.js("task", "list", "usage-based-billing")}
        self.assertEqual(now[t["id"]]["status"], "done")
        self.assertEqual(now[self.by["FAQ document"]["id"]]["status"], "done")
        self.assertEqual(now[t["id"]]["title"], "Launch blog post (long form)")
        self.assertEqual(self.js("launch", "show", "usage-based-billing")["tasks"],
                         self.js("task", "list", "usage-based-billing"))
        out = self.tm("task", "done", self.by["Social media campaign"]["id"]).stdout
        self.assertIn("Social media campaign", out)

    def test_dep_add_and_rm(self):
        a, b = self.by["Escalation path ready"], self.by["Feature flags configured"]
        self.assertNotIn(b["id"], a["depends_on"])
        added = self.js("task", "dep", "add", a["id"], "--after", b["id"])
        self.assertEqual(sorted(added["depends_on"]), sorted(a["depends_on"] + [b["id"]]))
        shown = {t["id"]: t for t in self.js("task", "list", "usage-based-billing")}
        self.assertIn(b["id"], shown[a["id"]]["depends_on"])
        removed = self.js("task", "dep", "rm", f"#{a['id']}", "--after", f"#{b['id']}")
        self.assertEqual(removed["depends_on"], a["depends_on"])
        # a playbook dependency can go too; once it is gone, the reverse is no cycle any more
        launch, flags = self.by["Launch"], self.by["Feature flags configured"]
        self.assertIn(flags["id"], launch["depends_on"])
        self.assertNotIn(flags["id"], self.js("task", "dep", "rm", launch["id"], "--after", flags["id"])["depends_on"])
        shown = {t["id"]: t for t in self.js("task", "list", "usage-based-billing")}
        self.assertNotIn(flags["id"], shown[launch["id"]]["depends_on"])
        self.assertEqual(self.js("task", "dep", "add", flags["id"], "--after", launch["id"])["depends_on"],
                         [launch["id"]])

    def test_rm_of_a_task_others_wait_for(self):
        # Release notes of a tier 4 launch, done, with the Launch milestone and a custom task waiting for it.
        self.tm("launch", "add", "Delta", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana")
        notes = self.js("task", "list", "delta")[0]
        web = self.js("task", "add", "delta", "Webinar", "--section", "Marketing Activities", "--owner", "Dana",
                      "--days", "2", "--due", "T-1w", "--after", notes["id"])
        self.tm("task", "done", f"#{notes['id']}")
        launch_ms = next(t for t in self.js("task", "list", "delta") if t["title"] == "Launch")
        self.rejected("task", "rm", notes["id"], code=4, words="--force")
        gone = self.js("task", "rm", notes["id"], "--force")
        self.assertEqual(sorted(gone["no_longer_waiting"]), sorted([web["id"], launch_ms["id"]]))
        self.assertEqual(self.js("task", "list", "delta", "--owner", "Dana")[0]["depends_on"], [])
        self.assertNotIn(notes["id"], [t["id"] for t in self.js("task", "list", "delta")])
        self.rejected("task", "rm", notes["id"], code=3, words="unknown task")


class Playbooks(Base):
    def test_show(self):
        pb = self.js("playbook", "show")
        self.assertEqual([t["tier"] for t in pb["tiers"]], [1, 2, 3, 4])
        t1 = [x["title"] for x in pb["tiers"][0]["tasks"]]
        self.assertEqual(sorted(t1), sorted([x for v in CHECKLIST.values() for x in v] + MILESTONES + POST_LAUNCH +
                                            TIER1_MORE))
        self.assertEqual(sorted(x["title"] for x in pb["tiers"][2]["tasks"]),
                         sorted(LOWER_REQUIRED + ["Launch", "Code complete"]))
        self.assertEqual(sorted(x["title"] for x in pb["tiers"][3]["tasks"]), ["Launch", "Release notes"])
        ma = next(x for x in pb["tiers"][0]["tasks"] if x["title"] == "Messaging approved")
        self.assertEqual((ma["due"], ma["owner"], ma["milestone"]), ("T-3w", "marketing", True))
        # the playbook is what launch add uses
        for tier in (1, 2, 3, 4):
            made = self.js("launch", "add", f"T{tier}", "--date", "2027-03-16", "--tier", tier)["tasks"]
            self.assertEqual(sorted(t["title"] for t in made),
                             sorted(x["title"] for x in pb["tiers"][tier - 1]["tasks"]))
        out = self.tm("playbook", "show").stdout
        for text in ("Tier 1: Major launch", "Tier 4", "Messaging approved", "T-3w", "Release notes"):
            self.assertIn(text, out)

    def test_check_a_good_file(self):
        path, _ = self.playbook_file("good.yaml")
        p = self.tm("playbook", "check", path)
        self.assertIn("ok", p.stdout)
        self.assertEqual(p.stderr, "")
        default = os.path.join(SRC, "playbooks", "default.yaml")
        self.assertIn("ok", self.tm("playbook", "check", default).stdout)

    def check_problems(self, path):
        """playbook check FILE fails with exit 2; returns [(line, column, message)] from stderr."""
        err = self.tm("playbook", "check", path, code=2).stderr
        found = [(int(m.group(1)), int(m.group(2)), m.group(3))
                 for m in re.finditer(re.escape(path) + r":(\d+):(\d+): (.*)", err)]
        self.assertTrue(found, f"no FILE:LINE:COLUMN: problem on stderr:\n{err}")
        self.assertIn("tminus: error: ", err)
        return found

    def test_check_names_every_problem_at_its_line_and_column(self):
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

    def test_check_yaml_syntax_error(self):
        path, _ = self.playbook_file("syntax.yaml", {11: "    name: Medium: Big"})
        problems = self.check_problems(path)
        self.assertEqual(problems[0][0], 11, problems)

    def test_check_unknown_owner_role(self):
        path, lines = self.playbook_file("role.yaml", {8: SMALL_PLAYBOOK[7].replace("owner: sales", "owner: boss")})
        problems = self.check_problems(path)
        self.assertEqual(len(problems), 1, problems)
        line, col, msg = problems[0]
        self.assertEqual((line, col), (8, lines[7].index("boss") + 1))
        self.assertIn("boss", msg)

    def test_check_unknown_after_id(self):
        path, lines = self.playbook_file("after.yaml", {8: SMALL_PLAYBOOK[7].replace("[brief]", "[nope]")})
        problems = self.check_problems(path)
        self.assertEqual(len(problems), 1, problems)
        line, col, msg = problems[0]
        self.assertEqual((line, col), (8, lines[7].index("nope") + 1))
        self.assertIn("nope", msg)

    def test_check_cycle_in_after(self):
        path, _ = self.playbook_file("cycle.yaml", {7: SMALL_PLAYBOOK[6].replace("days: 2 }", "days: 2, after: [launch] }")})
        problems = self.check_problems(path)
        for line, col, msg in problems:
            self.assertIn("cycle", msg)
            self.assertIn(line, (7, 9), "the line of a task in the cycle")
            self.assertGreaterEqual(col, 1)
        self.assertTrue(any("brief" in m and "launch" in m for _, _, m in problems), problems)

    def test_check_missing_tier(self):
        path, _ = self.playbook_file("three.yaml", drop=(18, 19, 20, 21))
        problems = self.check_problems(path)
        self.assertEqual(len(problems), 1, problems)
        line, col, msg = problems[0]
        self.assertIn("tier 4", msg)
        self.assertIn(line, (3, 4), "the tiers list")

    def test_check_bad_offset_and_several_problems(self):
        path, lines = self.playbook_file("offset.yaml", {13: SMALL_PLAYBOOK[12].replace("T-1w", "T-1x")})
        [(line, col, msg)] = self.check_problems(path)
        self.assertEqual((line, col), (13, lines[12].index("T-1x") + 1))
        self.assertIn("T-1x", msg)
        path, lines = self.playbook_file("two.yaml", {8: SMALL_PLAYBOOK[7].replace("owner: sales", "owner: boss"),
                                                      17: SMALL_PLAYBOOK[16].replace("T-1bd", "T-3x")})
        problems = self.check_problems(path)
        self.assertEqual(sorted(p[0] for p in problems), [8, 17], problems)

    def test_check_empty_task_list_points_at_its_tier(self):
        path, lines = self.playbook_file("empty.yaml", {16: "    tasks: []"}, drop=(17,))
        problems = self.check_problems(path)
        self.assertEqual(len(problems), 1, problems)
        line, col, msg = problems[0]
        self.assertIn("tier 3", msg)
        self.assertIn(line, (14, 15, 16), f"the tier 3 entry (lines 14-16), not line {line}")

    def test_use_a_file_and_go_back_to_the_default(self):
        path, _ = self.playbook_file("small.yaml")
        self.tm("launch", "add", "Before", "--date", "2027-03-16", "--tier", "1")
        self.tm("playbook", "use", path)
        self.assertEqual(self.js("playbook", "show")["playbook"], "tiny")
        made = self.js("launch", "add", "After", "--date", "2027-03-16", "--tier", "1")["tasks"]
        self.assertEqual([t["title"] for t in made], ["Write the brief", "Deal desk ready", "Launch"])
        self.assertEqual(len(self.js("task", "list", "before")), 50, "existing launches keep their tasks")
        os.remove(path)  # the workspace keeps its own copy
        self.assertEqual(len(self.js("launch", "add", "Later", "--date", "2027-03-16", "--tier", "4")["tasks"]), 1)
        self.tm("playbook", "use", "--default")
        self.assertEqual(len(self.js("launch", "add", "Again", "--date", "2027-03-16", "--tier", "1")["tasks"]), 50)

    def test_playbook_option_for_one_command(self):
        path, _ = self.playbook_file("small.yaml")
        made = self.js("--playbook", path, "launch", "add", "One", "--date", "2027-03-16", "--tier", "2")["tasks"]
        self.assertEqual([t["title"] for t in made], ["Blog it"])
        self.assertEqual(self.js("playbook", "show", "--playbook", path)["playbook"], "tiny")
        # not stored: the next command uses the default again
        self.assertEqual(len(self.js("launch", "add", "Two", "--date", "2027-03-16", "--tier", "2")["tasks"]),
                         len(self.js("playbook", "show")["tiers"][1]["tasks"]))
        self.assertEqual(self.js("playbook", "show")["playbook"], "default")


class Demo(Base):
    def test_demo_fills_a_fresh_database(self):
        self.assertEqual(self.js("demo")["people"], 6)
        people = self.js("person", "list")
        self.assertEqual(len(people), 6)
        self.assertTrue(all(p["role"] in ROLES for p in people))
        self.assertGreaterEqual(len({p["role"] for p in people}), 5, "across roles")
        launches = self.js("launch", "list")
        self.assertEqual({l["tier"] for l in launches}, {1, 2, 3, 4})
        quarter = iso(day(TODAY) + datetime.timedelta(days=92))
        upcoming = {l["tier"] for l in launches if TODAY <= l["date"] <= quarter}
        self.assertEqual(upcoming, {1, 2, 3, 4}, "launches of all four tiers over the next quarter")
        tasks = [t for l in launches for t in self.js("task", "list", l["slug"])]
        self.assertTrue(any(t["status"] == "done" for t in tasks), "some tasks done")
        late = [t for t in tasks if t["status"] != "done" and t["due"] and t["due"] < TODAY]
        self.assertTrue(late, "some tasks late")

    def test_demo_refuses_a_non_empty_database(self):
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.rejected("demo", code=4, words="not empty")
        other = self.new_db("other.db")
        self.tm("demo", db=other)
        before = self.dump(other)
        err = self.tm("demo", db=other, code=4).stderr
        self.assertIn("tminus: error: ", err)
        self.assertEqual(before, self.dump(other))


class BadInput(Base):
    """Every rejected command: right exit status, a message naming the problem, nothing changed."""

    def setUp(self):
        super().setUp()
        self.team()
        self.launch = self.billing(tier=1)
        self.by = {t["title"]: t["id"] for t in self.launch["tasks"]}

    def test_impossible_and_malformed_dates(self):
        self.rejected("launch", "add", "X", "--date", "2027-02-30", "--tier", "1", code=2, words="2027-02-30")
        self.rejected("launch", "add", "X", "--date", "2026-02-29", "--tier", "1", code=2, words="2026-02-29")
        self.rejected("launch", "add", "X", "--date", "16/03/2027", "--tier", "1", code=2,
                      words=("16/03/2027", "YYYY-MM-DD"))
        self.rejected("task", "add", "usage-based-billing", "X", "--due", "2027-02-30", code=2, words="2027-02-30")
        self.rejected("launch", "list", "--from", "2027-13-01", code=2, words="2027-13-01")
        self.rejected("launch", "list", "--today", "2027-02-30", code=2, words="2027-02-30")

    def test_bad_tiers(self):
        for tier in ("0", "5", "abc", "-1", "1.5"):
            self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", tier, code=2, words=("tier", tier))
        self.rejected("launch", "set", "usage-based-billing", "--tier", "5", code=2, words="tier")
        self.rejected("launch", "list", "--tier", "0", code=2, words="tier")

    def test_unknown_person(self):
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--pm", "Nobody", code=3,
                      words="unknown person 'Nobody'")
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--marketing", "nobody@example.com",
                      code=3, words="nobody@example.com")
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--owner", "sales=Zed Zulu",
                      code=3, words="Zed Zulu")
        self.rejected("launch", "set", "usage-based-billing", "--pm", "Nobody", code=3, words="Nobody")
        self.rejected("task", "add", "usage-based-billing", "X", "--owner", "Nobody", code=3, words="Nobody")
        self.rejected("task", "set", self.by["FAQ document"], "--owner", "Nobody", code=3, words="Nobody")
        self.rejected("task", "list", "usage-based-billing", "--owner", "Nobody", code=3, words="Nobody")
        self.assertNotIn("Nobody", [p["name"] for p in self.js("person", "list")], "never silently created")

    def test_unknown_launch(self):
        self.rejected("launch", "show", "no-such-launch", code=3, words="unknown launch 'no-such-launch'")
        self.rejected("launch", "show", "9999", code=3, words="9999")
        self.rejected("launch", "set", "no-such-launch", "--tier", "2", code=3, words="no-such-launch")
        self.rejected("task", "list", "no-such-launch", code=3, words=("unknown launch", "no-such-launch"))
        self.rejected("task", "add", "no-such-launch", "X", code=3, words="no-such-launch")

    def test_unknown_task(self):
        self.rejected("task", "done", "99999", code=3, words="99999")
        self.rejected("task", "set", "#99999", "--status", "done", code=3, words="99999")
        self.rejected("task", "set", "99999", "--status", "done", code=3, words="unknown task #99999")
        self.rejected("task", "dep", "add", self.by["Launch"], "--after", "99999", code=3, words="99999")
        self.rejected("task", "dep", "add", "99999", "--after", self.by["Launch"], code=3, words="99999")
        self.rejected("task", "dep", "rm", "99999", "--after", self.by["Launch"], code=3, words="99999")
        self.rejected("task", "add", "usage-based-billing", "X", "--after", "99999", code=3, words="99999")

    def test_bad_offsets(self):
        for off in ("T-3x", "T3w", "T+w"):
            self.rejected("task", "add", "usage-based-billing", "X", "--due", off, code=2,
                          words=f"invalid offset '{off}'")
        self.rejected("task", "add", "usage-based-billing", "X", "--due", "X-3w", code=2, words="X-3w")
        self.rejected("task", "set", self.by["FAQ document"], "--due", "T-3x", code=2, words="T-3x")

    def test_missing_names(self):
        self.rejected("launch", "add", "--date", "2027-03-16", "--tier", "1", code=2)
        self.rejected("launch", "add", "", "--date", "2027-03-16", "--tier", "1", code=2, words="launch name")
        self.rejected("launch", "add", "   ", "--date", "2027-03-16", "--tier", "1", code=2, words="blank")
        self.rejected("person", "add", "--role", "pm", code=2)
        self.rejected("person", "add", "Eve", code=2, words="missing --role: the function they work in (pm, pmm,")
        self.rejected("person", "add", "", "--role", "pm", code=2, words="name")
        self.rejected("task", "add", "usage-based-billing", code=2)
        self.rejected("task", "add", "usage-based-billing", "", code=2, words="title")
        self.rejected("launch", "add", "X", "--tier", "1", code=2, words="date")

    def test_other_bad_values(self):
        self.rejected("person", "add", "Eve", "--role", "wizard", code=2, words="unknown role 'wizard'")
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--confidence", "sure",
                      code=2, words="sure")
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--owner", "boss=Ana",
                      code=2, words="boss")
        self.rejected("task", "set", self.by["FAQ document"], "--status", "finished", code=2, words="finished")
        self.rejected("task", "list", "usage-based-billing", "--status", "finished", code=2, words="finished")
        self.rejected("launch", "list", "--status", "done", code=2, words="done")
        self.rejected("task", "done", "abc", code=2, words="abc")
        self.rejected("launch", "set", "usage-based-billing", "--date", "2027-04-01", code=2, words="launch delay")

    def cycle_chain(self, err):
        m = re.search(r"#\d+(?: → #\d+)+", err)
        self.assertIsNotNone(m, f"no '#a → #b → #a' chain in: {err}")
        return [int(x) for x in re.findall(r"#(\d+)", m.group(0))]

    def test_cycles_are_refused_and_named(self):
        deps = {t["id"]: set(t["depends_on"]) for t in self.launch["tasks"]}
        ma, vp, launch = self.by["Messaging approved"], self.by["Value proposition defined"], self.by["Launch"]
        err = self.rejected("task", "dep", "add", vp, "--after", ma, code=4, words="cycle").stderr
        self.assertIn(f"#{vp} → #{ma} → #{vp}", err)
        err = self.rejected("task", "dep", "add", vp, "--after", vp, code=4).stderr
        self.assertIn(f"#{vp} → #{vp}", err)
        # a longer cycle: each step of the named chain is a real dependency
        err = self.rejected("task", "dep", "add", f"#{vp}", "--after", f"#{launch}", code=4, words="cycle").stderr
        chain = self.cycle_chain(err)
        self.assertEqual(chain[:2], [vp, launch])
        self.assertEqual(chain[-1], vp)
        self.assertGreater(len(chain), 3)
        for a, b in zip(chain[1:], chain[2:]):
            self.assertIn(b, deps[a], f"#{a} does not wait for #{b}: {err}")
        # a cycle through a custom task
        t = self.js("task", "add", "usage-based-billing", "Custom", "--after", launch)["id"]
        err = self.rejected("task", "dep", "add", launch, "--after", t, code=4).stderr
        self.assertIn(f"#{launch} → #{t} → #{launch}", err)

    def test_malformed_playbook_option(self):
        path, lines = self.playbook_file("bad.yaml", {8: SMALL_PLAYBOOK[7].replace("owner: sales", "owner: boss")})
        err = self.rejected("--playbook", path, "launch", "add", "X", "--date", "2027-03-16", "--tier", "1",
                            code=2).stderr
        self.assertIn(f"{path}:8:{lines[7].index('boss') + 1}:", err)
        path, _ = self.playbook_file("syntax.yaml", {11: "    name: Medium: Big"})
        err = self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "4", "--playbook", path,
                            code=2).stderr
        self.assertRegex(err, re.escape(path) + r":11:\d+: ")
        self.rejected("playbook", "use", path, code=2, words=f"{path}:11:")
        bad = self.write("tiers.yaml", "playbook: x\ntiers: 7\n")
        self.rejected("--playbook", bad, "launch", "add", "X", "--date", "2027-03-16", "--tier", "1", code=2,
                      words=(f"{bad}:2:", "tiers"))

    def test_duplicate_person(self):
        self.rejected("person", "add", "Ana Silva", "--role", "pm", code=4, words="Ana Silva")

    def test_unknown_option_suggests_the_nearest(self):
        self.rejected("launch", "list", "--tierr", "1", code=2, words=("--tierr", "did you mean '--tier'"))
        self.rejected("launch", "add", "X", "--date", "2027-03-16", "--tier", "1", "--markting", "Mia", code=2,
                      words=("--markting", "--marketing"))
        self.rejected("task", "add", "usage-based-billing", "X", "--owne", "Ana", code=2, words="--owner")

    def test_unknown_command(self):
        self.rejected("lanch", "list", code=2, words=("lanch", "did you mean 'launch'"))
        self.rejected("launch", "lst", code=2, words=("lst", "launch list"))
        self.rejected("frobnicate", code=2, words="frobnicate")


if __name__ == "__main__":
    main()
