#!/usr/bin/env python3
"""End-to-end tests of launch readiness: `tminus check`, `tier suggest`, the
brief (print, import, round trip), and every `doc` kind rendered by a real
GitHub-flavoured Markdown renderer (Debian's cmark-gfm).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_readiness.py
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import SRC, WorkspaceCase, main  # noqa: E402


class Readiness(WorkspaceCase):
    tminus_user = "Test Runner"


BRIEF = """## Launch Brief: Dark mode

### What We're Launching
A dark theme for every screen.

### Why It Matters
**For users:** Less eye strain at night.

**For business:** Our most requested feature.

### Target Audience
**Primary:** Power users working late
**Secondary:** Everyone on OLED phones

### Key Messages
1. Work comfortably, day and night
2. Custom themes for every team

### Competitive Context
Acme shipped dark mode last year.

### Limitations / What This Isn't
- No custom themes yet

### Success Metrics
| Metric | Target | Timeframe |
|--------|--------|-----------|
| Users enabling dark mode | 30% | 30 days |

### Resources
- Product spec: https://example.com/spec
"""


class Check(Readiness):
    def test_rules_are_listed_with_the_score_formula(self):
        out = self.tm("check", "--rules").stdout
        for rule in ["ship-and-forget", "marketing-surprise", "over-promising", "under-communicating",
                     "one-size-fits-all", "pm-as-marketer", "sales-blindside", "no-feedback-loop", "overdue",
                     "at-risk", "unowned", "owner-overload", "freeze-conflict", "launch-collision", "weekend-launch",
                     "brief-incomplete", "metric-missing", "metric-stale", "metric-behind", "metric-missed",
                     "roadmap-review-due"]:
            self.assertIn(rule, out)
        self.assertIn("Readiness score", out)
        rules = self.js("check", "--rules")["rules"]
        self.assertEqual(len(rules), 26)

    def test_check_exits_1_on_errors_and_reports_json(self):
        self.tm("demo")
        p = self.tm("--json", "check", "usage-based-billing", code=1)
        r = json.loads(p.stdout)
        self.assertEqual(r["launch"], "usage-based-billing")
        self.assertTrue(0 <= r["score"] <= 100)
        self.assertTrue(any(f["severity"] == "error" for f in r["findings"]))
        for f in r["findings"]:
            self.assertEqual(set(f), {"rule", "severity", "task", "message", "hint"})
        sev = [{"error": 0, "warning": 1, "info": 2}[f["severity"]] for f in r["findings"]]
        self.assertEqual(sev, sorted(sev), "most severe first")
        self.assertIn("positioning", [x["function"] for x in r["readiness"]])

    def test_a_healthy_small_launch_passes(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("launch", "add", "Fix", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana")
        r = self.js("check", "fix")
        self.assertEqual([f for f in r["findings"] if f["severity"] == "error"], [])
        self.tm("check", "fix", code=0)

    def test_rule_filter_and_unknown_rule(self):
        self.tm("demo")
        r = self.js("check", "usage-based-billing", "--rule", "overdue", code=None)
        self.assertTrue(r["findings"])
        self.assertEqual({f["rule"] for f in r["findings"]}, {"overdue"})
        p = self.rejected("check", "usage-based-billing", "--rule", "no-such-rule", code=2)
        self.assertIn("no-such-rule", p.stderr)

    def test_a_rule_filter_shows_no_score_and_no_function_table(self):
        """A score or a function table built from rules that did not run would be made up."""
        self.tm("demo")
        r = self.js("check", "usage-based-billing", "--rule", "overdue", "--rule", "unowned", code=None)
        self.assertIsNone(r["score"])
        self.assertIsNone(r["readiness"])
        self.assertEqual(r["rules"], ["overdue", "unowned"])
        self.assertTrue(r["findings"])
        self.assertLessEqual({f["rule"] for f in r["findings"]}, {"overdue", "unowned"})
        self.assertEqual(r["errors"], sum(f["severity"] == "error" for f in r["findings"]))
        out = self.tm("check", "usage-based-billing", "--rule", "overdue", code=None).stdout
        self.assertTrue(out.startswith("usage-based-billing: overdue only, "), out)
        self.assertNotIn("readiness", out)
        self.assertNotIn("FUNCTION", out)
        self.assertNotIn("/100", out)
        # A rule with nothing to say: no findings, no score, exit 0.
        r = self.js("check", "csv-import-fixes", "--rule", "launch-collision")
        self.assertEqual((r["findings"], r["score"], r["readiness"]), ([], None, None))
        p = self.tm("check", "--all", "--rule", "freeze-conflict")
        self.assertNotIn("readiness", p.stdout)
        self.assertIn("launches checked, 0 errors", p.stdout)
        # Without a filter: the score and the table as before.
        full = self.js("check", "usage-based-billing", code=None)
        self.assertIsInstance(full["score"], int)
        self.assertNotIn("rules", full)
        self.assertIn("FUNCTION", self.tm("check", "usage-based-billing", code=None).stdout)

    def test_check_all_lists_every_planned_launch(self):
        self.tm("demo")
        r = json.loads(self.tm("--json", "check", "--all", code=None).stdout)
        slugs = {c["launch"] for c in r}
        self.assertIn("usage-based-billing", slugs)
        self.assertNotIn("team-workspaces", slugs)  # launched already

    def test_sales_blindside_fires_when_the_blog_precedes_training(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("person", "add", "Ben", "--role", "marketing")
        self.tm("launch", "add", "Alerts", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana",
                    "--marketing", "Ben")
        self.tm("task", "add", "alerts", "Sales training", "--milestone", "--due", "T-3bd")
        before = [f for f in self.js("check", "alerts", code=None)["findings"] if f["rule"] == "sales-blindside"]
        self.assertTrue(before, "the blog (T-1w) goes out before sales training (T-3bd)")
        tasks = self.js("task", "list", "alerts")
        training = next(t for t in tasks if t["title"] == "Sales training")
        self.tm("task", "set", str(training["id"]), "--due", "T-2w")
        after = [f for f in self.js("check", "alerts", code=None)["findings"] if f["rule"] == "sales-blindside"]
        self.assertEqual(after, [])


class Tier(Readiness):
    def test_suggest(self):
        self.assertEqual(self.js("tier", "suggest", "--major")["tier"], 1)
        self.assertEqual(self.js("tier", "suggest", "--significant", "--existing-market")["tier"], 2)
        self.assertEqual(self.js("tier", "suggest", "--enhancement")["tier"], 3)
        self.assertEqual(self.js("tier", "suggest", "--bugfix")["tier"], 4)
        p = self.tm("tier", "suggest", "--major", "--bugfix", code=2)
        self.assertIn("contradictory", p.stderr)

    def test_launch_add_uses_the_suggestion_and_says_so(self):
        r = self.js("launch", "add", "Payouts", "--date", "2027-03-16", "--new-market")
        self.assertEqual(r["tier"], 1)
        self.assertTrue(any("suggested" in n for n in r["notes"]))
        self.rejected("launch", "add", "Odd", "--date", "2027-03-16", "--bugfix", "--revenue-impact", code=2)


class Brief(Readiness):
    def test_print_import_round_trip(self):
        self.tm("demo")
        md = self.tm("brief", "dark-mode").stdout
        self.assertIn("## Launch Brief: Dark mode", md)
        self.assertIn("| Launch Tier | 3", md)
        path = self.write("brief.md", BRIEF)
        self.tm("brief", "import", "dark-mode", path)
        b = self.js("brief", "dark-mode")
        self.assertEqual(b["headline"], "Work comfortably, day and night")
        self.assertEqual(b["limitations"], ["No custom themes yet"])
        self.assertEqual(b["success_metrics"], [{"metric": "Users enabling dark mode", "target": "30%",
                                                 "timeframe": "30 days"}])
        # What it prints reads back to the same brief.
        again = self.write("again.md", self.tm("brief", "dark-mode").stdout)
        self.tm("brief", "import", "dark-mode", again)
        self.assertEqual(self.js("brief", "dark-mode")["markdown"], b["markdown"])

    def test_over_promising_reads_the_brief(self):
        self.tm("demo")
        self.tm("launch", "set", "dark-mode", "--tier", "2")
        self.tm("brief", "import", "dark-mode", self.write("brief.md", BRIEF))
        rules = [f["rule"] for f in self.js("check", "dark-mode", code=None)["findings"]]
        self.assertIn("over-promising", rules)  # "Custom themes for every team" vs "No custom themes yet"

    def test_unreadable_brief_names_the_line(self):
        self.tm("demo")
        bad = self.write("bad.md", "### Key Messages\n\n1. ok\nnot a list item\n")
        p = self.rejected("brief", "import", "dark-mode", bad, code=2)
        self.assertIn("bad.md:4:", p.stderr)
        self.rejected("brief", "import", "dark-mode", os.path.join(self.dir, "missing.md"), code=2)

    def test_a_file_with_no_section_is_refused_unless_allowed(self):
        self.tm("demo")
        self.tm("brief", "import", "dark-mode", self.write("brief.md", BRIEF))
        for name, text in [("empty.md", ""), ("blank.md", "\n  \n"), ("title.md", "## Launch Brief: Dark mode\n"),
                           ("overview.md", "## Launch Brief: Dark mode\n\n### Overview\n\n| Field | Detail |\n"
                                           "|---|---|\n| Launch Tier | 3 |\n")]:
            path = self.write(name, text)
            p = self.rejected("brief", "import", "dark-mode", path, code=2)
            self.assertIn(f"no brief sections found in {path}", p.stderr)
        self.assertEqual(self.js("brief", "dark-mode")["what"], "A dark theme for every screen.")
        self.tm("brief", "import", "dark-mode", os.path.join(self.dir, "empty.md"), "--allow-empty")
        b = self.js("brief", "dark-mode")
        self.assertEqual((b["what"], b["limitations"]), ("", []))

    def test_a_brief_of_another_launch_is_refused(self):
        self.tm("demo")
        slack = self.write("slack.md", self.tm("brief", "slack-integration").stdout)
        p = self.rejected("brief", "import", "dark-mode", slack, code=2)
        self.assertIn("is the brief of 'Slack integration' (slack-integration), not of 'Dark mode'", p.stderr)
        self.rejected("brief", "import", "dark-mode", slack, "--apply-overview", code=2)
        shouted = self.write("shouted.md", BRIEF.replace("Launch Brief: Dark mode", "Launch Brief: SLACK INTEGRATION"))
        self.rejected("brief", "import", "dark-mode", shouted, code=2)
        row = self.write("row.md", BRIEF.replace("### What We're Launching",
                                                 "### Overview\n\n| Field | Detail |\n|---|---|\n"
                                                 "| Launch | usage-based-billing |\n\n### What We're Launching"))
        p = self.rejected("brief", "import", "dark-mode", row, code=2)
        self.assertIn("the brief of launch 'usage-based-billing', not of 'Dark mode'", p.stderr)
        # Its own brief, in any case, goes in.
        self.tm("brief", "import", "dark-mode", self.write("own.md", BRIEF.replace("Dark mode", "DARK MODE")))

    def test_overview_differences_are_listed_and_applied_only_when_asked(self):
        self.tm("demo")
        md = self.tm("brief", "dark-mode").stdout
        self.assertIn("| Launch Date | 2026-11-30 |", md)
        changed = (md.replace("| Launch Date | 2026-11-30 |", "| Launch Date | 2026-12-14 |")
                     .replace("| PM Owner | Ana Silva |", "| PM Owner | BEN OKAFOR |")
                     .replace("Launch Brief: Dark mode", "Launch Brief: Dark mode everywhere")
                     .replace("### What We're Launching\n\n_(to fill in)_", "### What We're Launching\n\nDark UI."))
        path = self.write("changed.md", changed)
        # Listed, not applied: the brief goes in, the launch stays as it was.
        p = self.tm("brief", "import", "dark-mode", path)
        self.assertIn("differs from the launch (not applied", p.stderr)
        self.assertIn("date      the launch has 2026-11-30, the brief says 2026-12-14", p.stderr)
        self.assertIn("pm        the launch has Ana Silva, the brief says BEN OKAFOR", p.stderr)
        self.assertIn("name      the launch has Dark mode, the brief says Dark mode everywhere", p.stderr)
        launch = self.js("launch", "show", "dark-mode")
        self.assertEqual((launch["name"], launch["date"], launch["pm"]), ("Dark mode", "2026-11-30", "Ana Silva"))
        self.assertEqual(self.js("brief", "dark-mode")["what"], "Dark UI.")
        j = json.loads(self.tm("--json", "brief", "import", "dark-mode", path).stdout)
        self.assertEqual({c["field"]: (c["brief"], c["launch"], c["applied"]) for c in j["overview_changes"]},
                         {"name": ("Dark mode everywhere", "Dark mode", False),
                          "date": ("2026-12-14", "2026-11-30", False), "pm": ("BEN OKAFOR", "Ana Silva", False)})
        # Applied: a new date goes through launch delay, which needs a reason.
        p = self.rejected("brief", "import", "dark-mode", path, "--apply-overview", code=2)
        self.assertIn("the brief moves launch day from 2026-11-30 to 2026-12-14: give the reason (--reason)", p.stderr)
        p = self.tm("brief", "import", "dark-mode", path, "--apply-overview", "--reason", "QA needs a week")
        self.assertIn("date      2026-11-30 → 2026-12-14", p.stdout)
        launch = self.js("launch", "show", "dark-mode")
        self.assertEqual((launch["name"], launch["date"], launch["pm"]), ("Dark mode everywhere", "2026-12-14", "Ben Okafor"))
        history = self.js("decision", "list", "dark-mode")
        self.assertTrue(any(d["why"] == "QA needs a week" for d in history))
        # Now they agree: nothing more to list.
        p = self.tm("brief", "import", "dark-mode", path)
        self.assertEqual(p.stderr, "")
        # A bad Overview date is an error at its line.
        bad = self.write("bad-date.md", changed.replace("2026-12-14", "2026-02-30"))
        p = self.rejected("brief", "import", "dark-mode", bad, code=2)
        self.assertIn("bad-date.md:7: the Launch Date '2026-02-30' is not a date", p.stderr)

    def test_edit_runs_the_editor(self):
        self.tm("demo")
        editor = self.write("editor.sh", "#!/bin/sh\ncat '%s' > \"$1\"\n" % self.write("brief.md", BRIEF))
        os.chmod(editor, 0o755)
        env = dict(self.env, TMINUS_DB=self.db, TMINUS_TODAY=self.today, EDITOR=editor, VISUAL="")
        self.bare("brief", "edit", "dark-mode", env=env)
        self.assertEqual(self.js("brief", "dark-mode")["what"], "A dark theme for every screen.")


class Channels(Readiness):
    def test_mix_and_missing_channel_tasks(self):
        self.tm("demo")
        self.rejected("channels", "ai-meeting-notes", code=2)  # no quadrant yet
        self.rejected("launch", "set", "ai-meeting-notes", "--quadrant", "sideways", code=2)
        self.assertEqual(self.js("launch", "show", "usage-based-billing")["quadrant"], "attract-innovating")
        ch = self.js("channels", "usage-based-billing")
        self.assertEqual(ch["quadrant"], "attract-innovating")
        names = {c["channel"]: c for c in ch["channels"]}
        self.assertTrue(names["blog"]["covered"])
        self.assertFalse(names["webinar"]["covered"])
        before = len(self.js("task", "list", "usage-based-billing"))
        self.tm("launch", "set", "usage-based-billing", "--add-channel-tasks")
        after = self.js("task", "list", "usage-based-billing")
        self.assertEqual(len(after), before + ch["missing"])
        self.assertEqual(self.js("channels", "usage-based-billing")["missing"], 0)
        webinar = next(t for t in after if t["title"] == "Launch webinar")
        self.assertEqual(webinar["role"], "pmm")
        self.assertEqual(webinar["owner"], "Ben Okafor")
        # External copy waits for Messaging approved, as the playbook's own does.
        approved = next(t for t in after if t["title"] == "Messaging approved")
        self.assertIn(approved["id"], webinar["depends_on"])
        # Delighting current users while catching up brings fewer channels than attracting while innovating.
        self.tm("launch", "set", "dark-mode", "--quadrant", "delight-catching-up")
        self.assertLess(len(self.js("channels", "dark-mode")["channels"]), len(ch["channels"]))

    def test_a_skipped_channel_task_is_not_added_again(self):
        self.tm("demo")
        self.tm("launch", "set", "usage-based-billing", "--add-channel-tasks")
        tasks = self.js("task", "list", "usage-based-billing")
        webinar = next(t for t in tasks if t["title"] == "Launch webinar")
        self.tm("task", "set", str(webinar["id"]), "--status", "skipped")
        out = self.tm("launch", "set", "usage-based-billing", "--add-channel-tasks").stdout
        self.assertIn("every channel of the attract-innovating mix already has a task", out)
        self.assertEqual(len(self.js("task", "list", "usage-based-billing")), len(tasks))
        channel = next(c for c in self.js("channels", "usage-based-billing")["channels"] if c["channel"] == "webinar")
        self.assertEqual((channel["tasks"], channel["skipped"]), ([], [webinar["id"]]))
        self.assertIn(f"#{webinar['id']} (skipped)", self.tm("channels", "usage-based-billing").stdout)

    def test_a_channel_waits_for_a_task_id_of_some_tier(self):
        text = open(os.path.join(SRC, "playbooks", "default.yaml"), encoding="utf-8").read()
        head, channels = text.split("\nchannels:", 1)
        bad = self.write("bad.yaml", head + "\nchannels:" + channels.replace("after: [messaging-approved] }",
                                                                           "after: [no-such-task] }", 1))
        p = self.tm("playbook", "check", bad, code=2)
        self.assertIn("channel 'blog' waits for 'no-such-task', which no tier's task has as its id", p.stderr)


class DelayMessages(Readiness):
    """The team's reason for a delay never reaches customers: their reason is given apart, and until it is
    the external message says what is missing and check warns."""

    def test_the_internal_reason_stays_internal(self):
        self.tm("demo")
        self.tm("launch", "delay", "dark-mode", "--to", "2026-12-14", "--reason", "QA found crashers in the theme engine")
        external = self.tm("doc", "dark-mode", "delay-external").stdout
        self.assertNotIn("QA found crashers", external)
        self.assertIn("TO DO: the reason that benefits customers", external)
        self.assertIn("QA found crashers", self.tm("doc", "dark-mode", "delay-internal").stdout)
        found = self.js("check", "dark-mode", "--rule", "delay-message-unset")["findings"]
        self.assertEqual([f["rule"] for f in found], ["delay-message-unset"])
        # Given after the fact, with the public reason alone.
        told = self.js("launch", "delay", "dark-mode", "--public-reason", "Every screen will look right in the dark")
        self.assertEqual((told["from"], told["to"], told["public_reason"]), ("2026-11-30", "2026-12-14",
                                                                            "Every screen will look right in the dark"))
        external = self.tm("doc", "dark-mode", "delay-external").stdout
        self.assertIn("Every screen will look right in the dark", external)
        self.assertNotIn("TO DO", external)
        self.assertEqual(self.js("check", "dark-mode", "--rule", "delay-message-unset")["findings"], [])
        history = self.js("launch", "show", "dark-mode")["date_history"]
        self.assertEqual(history[-1]["public_reason"], "Every screen will look right in the dark")

    def test_given_with_the_delay_or_refused_without_one(self):
        self.tm("demo")
        d = self.js("launch", "delay", "dark-mode", "--to", "2026-12-14", "--reason", "QA", "--public-reason",
                      "Themes arrive in the same release")
        self.assertEqual(d["public_reason"], "Themes arrive in the same release")
        self.assertEqual(self.js("check", "dark-mode", "--rule", "delay-message-unset")["findings"], [])
        self.rejected("launch", "delay", "usage-based-billing", "--public-reason", "x", code=2)
        self.rejected("launch", "delay", "usage-based-billing", "--reason", "x", code=2)
        self.rejected("launch", "delay", "usage-based-billing", "--to", "2027-01-13", code=2)


class Documents(Readiness):
    KINDS = ["checklist", "bom", "kickoff", "enablement", "comms-plan", "delay-internal", "delay-external",
             "post-launch", "go-no-go", "digest"]

    def gfm(self, markdown):
        cmark = shutil.which("cmark-gfm")
        self.assertIsNotNone(cmark, "cmark-gfm is missing: make test installs it (Debian package cmark-gfm)")
        p = subprocess.run([cmark, "-e", "table", "-e", "tasklist"], input=markdown, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        return p.stdout

    def test_every_kind_renders_as_gfm(self):
        self.tm("demo")
        self.tm("brief", "import", "usage-based-billing",
                    self.write("b.md", BRIEF.replace("Launch Brief: Dark mode", "Launch Brief: Usage-based billing")))
        self.tm("launch", "delay", "usage-based-billing", "--to", "2027-01-13", "--reason",
                    "the payments provider's certification slipped", "--public-reason",
                    "We made this decision to ensure invoices are right from day one.")
        html = {}
        for kind in self.KINDS:
            md = self.tm("doc", "usage-based-billing", kind).stdout
            self.assertIn("Usage-based billing", md, kind)
            html[kind] = self.gfm(md)
            self.assertIn("<h2>", html[kind], kind)
        for kind in ["checklist", "bom", "kickoff", "comms-plan", "post-launch", "go-no-go"]:
            self.assertIn("<table>", html[kind], f"{kind} has a table")
        self.assertIn('type="checkbox"', html["checklist"])
        self.assertIn('checked=""', html["checklist"])  # done tasks are [x]
        self.assertIn('type="checkbox"', html["go-no-go"])
        self.assertIn("2027-01-13", html["delay-internal"])
        self.assertIn("ensure invoices are right from day one", html["delay-external"])
        self.assertNotIn("certification", html["delay-external"])
        self.assertIn("certification", html["delay-internal"])
        self.assertIn("No-go", html["go-no-go"])
        self.assertIn("Ben Okafor", html["kickoff"])
        j = self.js("doc", "usage-based-billing", "bom")
        self.assertEqual(j["kind"], "bom")
        self.assertIn("| Deliverable |", j["markdown"])

    def test_go_no_go_blockers_are_required_work_due_by_launch_day(self):
        self.tm("demo")
        slack = {t["title"]: t for t in self.js("task", "list", "slack-integration")}
        launch = slack["Launch"]["id"]
        # Required work of one's own before T, optional work before T, and work that waits for the launch on T.
        self.tm("task", "add", "slack-integration", "Partner webinar", "--due", "T-2bd", "--days", "1")
        self.tm("task", "add", "slack-integration", "Partner newsletter", "--due", "T-2bd", "--days", "1",
                    "--optional")
        self.tm("task", "add", "slack-integration", "Launch-day social posts", "--section", "Marketing Activities",
                    "--due", "T", "--days", "1", "--after", str(launch))
        md = self.tm("doc", "slack-integration", "go-no-go").stdout
        blockers = md.split("### Open blockers")[1].split("###")[0]
        self.assertIn("Partner webinar", blockers)
        self.assertIn("Support team informed", blockers)
        self.assertNotIn("Monitor support tickets", blockers, "post-launch work due on T is no blocker")
        self.assertNotIn("Launch-day social posts", blockers, "what waits for the launch comes after it")
        self.assertNotIn("Partner newsletter", blockers, "optional work is no blocker")
        self.assertNotIn("Blog post", blockers)
        self.assertNotIn("- [ ] Launch ", blockers)

    def test_portfolio_digest(self):
        self.tm("demo")
        self.tm("decision", "add", "usage-based-billing", "Drop the keynote", "--why", "No keynote this quarter")
        md = self.tm("doc", "--all", "digest").stdout
        html = self.gfm(md)
        self.assertIn("<table>", html)
        self.assertIn("Slack integration", md)          # launches within two weeks
        self.assertIn("Messaging approved", md)          # a milestone this week of a launch further out
        self.assertIn("Drop the keynote", md)            # this week's decisions
        self.tm("doc", "--all", "bom", code=2)

    def test_bad_kinds_and_never_delayed(self):
        self.tm("demo")
        p = self.rejected("doc", "usage-based-billing", "press-kit", code=2)
        self.assertIn("press-kit", p.stderr)
        p = self.rejected("doc", "dark-mode", "delay-internal", code=2)
        self.assertIn("never delayed", p.stderr)
        self.rejected("doc", "no-such-launch", "bom", code=3)


class Wording(Readiness):
    def test_counts_of_one_are_singular(self):
        self.tm("person", "add", "Ana", "--role", "pm")
        self.tm("launch", "add", "Fix", "--date", "2027-03-16", "--tier", "4", "--pm", "Ana")
        one = self.write("one.md", "### What We're Launching\nA fix.\n\n### Key Messages\n1. Fixed\n2. Faster\n\n"
                                   "### Limitations / What This Isn't\n- Not new\n\n### Success Metrics\n"
                                   "| Metric | Target | Timeframe |\n|---|---|---|\n| Tickets | -50% | 30 days |\n\n"
                                   "### Resources\n- Spec: https://example.com\n")
        out = self.tm("brief", "import", "fix", one).stdout
        self.assertIn(": 1 supporting point, 1 limitation, 1 success metric, 1 resource", out)
        release = self.js("task", "list", "fix")[0]
        self.tm("task", "rm", str(release["id"]), "--force")
        self.assertIn("0 of 1 task done", self.tm("doc", "fix", "digest").stdout)
        self.assertIn("progress    0 of 1 task done", self.tm("launch", "show", "fix").stdout)
        self.assertIn("1 planned launch ·", self.tm("doc", "--all", "digest").stdout)
        self.assertIn("capacity 1 working day a week", self.tm("person", "set", "Ana", "--capacity", "1").stdout)
        one_task = ("playbook: one\ntiers:\n" + "".join(
            f"  - tier: {n}\n    name: T{n}\n    tasks:\n      - {{title: Only {n}, section: S, owner: pm, due: T-2bd, days: 1}}\n"
            for n in range(1, 5)))
        pb = self.write("one.yaml", one_task)
        self.assertIn("created 1 task from the tier 4 playbook",
                      self.tm("--playbook", pb, "launch", "add", "Tiny", "--date", "2027-03-18", "--tier", "4").stdout)
        self.assertIn("removed launch 'tiny' (#2) with its 1 task\n", self.tm("launch", "rm", "tiny", "--yes").stdout)
        p = self.tm("check", "--all")
        self.assertIn("1 launch checked, 0 errors", p.stdout)
        self.tm("task", "add", "fix", "Changelog", "--due", "2026-11-20", "--days", "1")
        self.assertIn("'Changelog' was due 2026-11-20, owner nobody", self.tm("check", "fix", code=None).stdout)
        self.assertIn("(1 working day ago)", self.tm("check", "fix", code=None, today="2026-11-23").stdout)
        self.assertIn("(2 working days ago)", self.tm("check", "fix", code=None, today="2026-11-24").stdout)

    def test_calendar_for_a_person_has_a_status_column(self):
        self.tm("demo")
        lines = self.tm("calendar", "--person", "Ana", "--to", "2026-12-02").stdout.splitlines()
        header = lines[2]
        self.assertEqual(header.split(), ["DATE", "DAY", "WHAT", "STATUS", "OWNER"])
        at = header.index("STATUS")
        rows = [line for line in lines[3:] if line.startswith("2026-")]
        self.assertTrue(any("Support team informed (dark-mode)" in r for r in rows))
        for r in rows:
            what = r[header.index("WHAT"):at]
            self.assertNotRegex(what, r"\s(todo|in_progress|done|LATE)\s*$", "the status is not part of WHAT: " + r)
            status = r[at:].split()[0]
            self.assertIn(status, {"todo", "in_progress", "done", "LATE", "skipped", "planned", "launched", "-"}, r)


if __name__ == "__main__":
    main()
