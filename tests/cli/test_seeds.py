#!/usr/bin/env python3
"""End-to-end tests of issue 12, the seeds' structure of a launch in the plan: the product track
marketing waits for (dates engineering gives, product-slip), the marketing streams and their DRIs
(kickoff, bill of materials, the syncs in the calendar), the PMM's approval of external copy
(task approve, awaiting_approval, unapproved-external-copy), legal approval and the co-owned sales
training, the customer communication hierarchy as tasks (doc comms-plan), the executive sponsor
(the CPO by default), triage of a quarter, and `playbook apply` for launches made before. Every
refusal names its field, exits 2 or 3 and leaves the database as it was.

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_seeds.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402

T = "2027-03-16"  # launch day of the test launches, a Tuesday

PRODUCT = {1: ["Feature defined", "Development start", "Beta launch", "Code complete"],
           2: ["Beta launch", "Code complete"], 3: ["Code complete"], 4: []}
COMMS = ["Beta customers: personal email from the PM", "Power users: segment email + in-app",
         "All users: in-app announcement", "Prospects: marketing campaigns", "Industry/press: PR outreach"]
STREAM_TASKS = {"Press strategy and timing agreed": ("pr", "pmm", "T-4w"),
                "Analyst briefing schedule": ("ar", "pmm", "T-4w"),
                "Keynote segment planned": ("keynote", "exec", "T-2w"),
                "Content plan agreed": ("content", "marketing", "T-4w"),
                "Campaign plan agreed": ("campaign", "marketing", "T-3w"),
                "Website updated": ("web", "marketing", "T-1bd")}
STREAMS = ["pmm", "keynote", "pr", "ar", "content", "campaign", "web"]

# A playbook from before issue 12: no product track, streams, legal approval or comms tasks.
OLD_PLAYBOOK = """playbook: old
tiers:
  - tier: 1
    name: Major launch
    tasks:
      - { id: value-prop, title: Value proposition defined, section: Positioning, owner: pm, due: T-5w, days: 3 }
      - { id: messaging-approved, title: Messaging approved, section: Timeline, owner: marketing, due: T-3w, milestone: true, after: [value-prop] }
      - { id: blog, title: Launch blog post, section: Marketing Activities, owner: marketing, reviewers: [pmm], due: T-1w, days: 3, after: [messaging-approved] }
      - { id: launch, title: Launch, section: Timeline, owner: pm, due: T, milestone: true, after: [messaging-approved, blog] }
  - tier: 2
    name: Standard launch
    tasks:
      - { id: launch, title: Launch, section: Timeline, owner: pm, due: T, milestone: true }
  - tier: 3
    name: Light launch
    tasks:
      - { id: launch, title: Launch, section: Timeline, owner: pm, due: T, milestone: true }
  - tier: 4
    name: Quiet release
    tasks:
      - { id: launch, title: Launch, section: Timeline, owner: pm, due: T, milestone: true }
"""


class Seeds(WorkspaceCase):
    tminus_user = "Test Runner"

    def team(self):
        """Ana the PM, Ben the PMM, Chloé in marketing, Dev in sales, Lee in legal, Eve an executive, Fred
        an engineer, and Pia a second PMM who is no owner of the launches."""
        for name, role in [("Ana", "pm"), ("Ben", "pmm"), ("Chloé", "marketing"), ("Dev", "sales"),
                           ("Lee", "legal"), ("Eve", "exec"), ("Fred", "eng"), ("Pia", "pmm")]:
            self.tm("person", "add", name, "--role", role)

    def launch(self, name="Alerts", tier=1, date=T, *more):
        self.tm("launch", "add", name, "--date", date, "--tier", str(tier), "--pm", "Ana", "--marketing", "Chloé",
                "--owner", "pmm=Ben", *more)
        return name.lower().replace(" ", "-")

    def tasks(self, slug):
        return {t["title"]: t for t in self.js("task", "list", slug)}


class ProductTrack(Seeds):
    def test_each_tier_tracks_its_product_milestones_with_no_date(self):
        self.team()
        for tier in (1, 2, 3, 4):
            slug = self.launch(f"Tier {tier} thing", tier)
            tasks = self.js("task", "list", slug)
            product = [t for t in tasks if t.get("product")]
            self.assertEqual([t["title"] for t in product], PRODUCT[tier], f"tier {tier}")
            for t in product:
                self.assertEqual((t["milestone"], t["role"], t["section"], t["due"], t["offset"]),
                                 (True, "eng", "Product track", None, None), t)

    def test_marketing_tasks_wait_for_the_matching_milestone(self):
        self.team()
        t = self.tasks(self.launch())
        waits = {title: set(t[title]["depends_on"]) for title in t}
        for title, milestone in [("Value proposition defined", "Feature defined"),
                                 ("Target segments identified", "Feature defined"),
                                 ("Content plan agreed", "Development start"),
                                 ("Launch blog post", "Beta launch"), ("Email announcement (segmented)", "Beta launch"),
                                 ("Video/demo content", "Beta launch"), ("Content ready", "Code complete"),
                                 ("Social media campaign", "Code complete"),
                                 ("Paid promotion (if applicable)", "Code complete")]:
            self.assertIn(t[milestone]["id"], waits[title], f"{title} waits for {milestone}")
        t2 = self.tasks(self.launch("Standard", 2))
        self.assertIn(t2["Beta launch"]["id"], t2["Blog post"]["depends_on"])
        self.assertIn(t2["Beta launch"]["id"], t2["Email to relevant segment"]["depends_on"])
        self.assertIn(t2["Code complete"]["id"], t2["Content ready"]["depends_on"])
        t3 = self.tasks(self.launch("Light", 3))
        self.assertIn(t3["Code complete"]["id"], t3["Changelog entry"]["depends_on"])
        self.assertIn(t3["Code complete"]["id"], t3["Help docs updated"]["depends_on"])

    def test_an_unknown_date_is_named_in_the_plan(self):
        self.team()
        slug = self.launch()
        plan = self.js("plan", slug)
        notes = plan["notes"]
        cc = [n for n in notes if n.startswith("'Code complete' has no date yet (engineering gives it)")]
        self.assertEqual(len(cc), 1, notes)
        self.assertIn("Content ready", cc[0])
        self.assertIn("Social media campaign", cc[0])
        self.assertEqual(len([n for n in notes if "has no date yet" in n]), 4, notes)
        out = self.tm("plan", slug).stdout
        self.assertIn("'Code complete' has no date yet (engineering gives it)", out)
        # A tier without product milestones has nothing to say.
        self.assertEqual(self.js("plan", self.launch("Quiet", 4))["notes"], [])

    def test_engineering_dates_a_milestone_even_after_launch_day_and_check_says_it_slipped(self):
        self.team()
        slug = self.launch()
        t = self.tasks(slug)
        cc = t["Code complete"]["id"]
        # An offset is refused: engineering gives dates, not offsets from T.
        p = self.rejected("task", "set", str(cc), "--due", "T-3w", code=2)
        self.assertIn("'Code complete' is a product milestone", p.stderr)
        self.assertIn("not an offset from T", p.stderr)
        # An early date: the plan can be met, nothing slipped.
        self.tm("task", "set", str(cc), "--due", "2027-02-15")
        self.assertEqual(self.tasks(slug)["Code complete"]["due"], "2027-02-15")
        notes = self.js("plan", slug)["notes"]
        self.assertFalse(any(n.startswith("'Code complete'") for n in notes), notes)
        found = self.js("check", slug, "--rule", "product-slip", code=None)["findings"]
        self.assertEqual(found, [])
        # Code complete slips past launch day: accepted (it is the news), re-planned, and check names it.
        self.tm("task", "set", str(cc), "--due", "2027-03-23")
        self.assertEqual(self.tasks(slug)["Code complete"]["due"], "2027-03-23")
        plan = self.js("plan", slug)
        planned = {x["title"]: x for x in plan["tasks"]}
        self.assertEqual(planned["Code complete"]["earliest_start"], "2027-03-23")
        self.assertGreaterEqual(planned["Content ready"]["earliest_start"], "2027-03-23")
        self.assertFalse(plan["feasible"], "engineering slipped past launch day")
        r = self.js("check", slug, "--rule", "product-slip", code=1)
        slips = r["findings"]
        self.assertTrue(slips)
        self.assertTrue(all(f["severity"] == "error" for f in slips))
        words = " ".join(f["message"] for f in slips)
        self.assertIn("waits for 'Code complete', which engineering dates 2027-03-23", words)
        self.assertIn("engineering slipped, the plan cannot be met", words)
        self.assertIn("Content ready", words)
        self.assertTrue(any("launch delay" in f["hint"] for f in slips), slips)
        self.assertIn("product-slip", self.tm("check", slug, code=1).stdout)

    def test_a_date_after_launch_day_is_for_product_milestones_only(self):
        self.team()
        t = self.tasks(self.launch())
        # The blog's date after launch day is what it always was (accepted or not, unchanged by issue 12):
        # the product milestone's is accepted.
        self.tm("task", "set", str(t["Beta launch"]["id"]), "--due", "2027-04-01")
        self.assertEqual(self.tasks("alerts")["Beta launch"]["due"], "2027-04-01")


class Streams(Seeds):
    def test_tier_1_has_every_stream_and_their_deliverables(self):
        self.team()
        t = self.tasks(self.launch())
        for title, (stream, role, offset) in STREAM_TASKS.items():
            self.assertEqual((t[title]["stream"], t[title]["role"], t[title]["offset"]), (stream, role, offset), title)
        self.assertTrue(t["Website updated"]["external"])
        self.assertIn(t["Development start"]["id"], t["Content plan agreed"]["depends_on"])
        for title, stream in [("Sales deck updated", "pmm"), ("Demo script created", "pmm"),
                              ("Competitive battle card", "pmm"), ("FAQ document", "pmm"),
                              ("Launch blog post", "content"), ("Video/demo content", "content"),
                              ("Email announcement (segmented)", "campaign"), ("Social media campaign", "campaign"),
                              ("Paid promotion (if applicable)", "campaign"), ("Press/analyst outreach", "pr")]:
            self.assertEqual(t[title]["stream"], stream, title)
        self.assertIn(t["Value proposition defined"]["stream"], (None, ""), "no stream")

    def test_dris_are_set_shown_and_removed(self):
        self.team()
        slug = self.launch()
        r = self.js("launch", "set", slug, "--dri", "pr=Pia", "--dri", "web=Chloé")
        self.assertIn("dris", r)
        dris = {d["stream"]: d for d in self.js("launch", "show", slug)["dris"]}
        pia = self.js("person", "list")
        pia_id = next(p["id"] for p in pia if p["name"] == "Pia")
        self.assertEqual((dris["pr"]["name"], dris["pr"]["person"], dris["pr"]["person_id"]), ("PR sync", "Pia", pia_id))
        self.assertEqual(dris["web"]["person"], "Chloé")
        self.assertIn("Pia", self.tm("launch", "show", slug).stdout)
        self.tm("launch", "set", slug, "--dri", "pr=none")
        dris = {d["stream"]: d for d in self.js("launch", "show", slug)["dris"]}
        self.assertNotEqual(dris.get("pr", {}).get("person"), "Pia")
        self.assertEqual(dris["web"]["person"], "Chloé")

    def test_kickoff_names_every_dri_and_the_bom_groups_by_stream(self):
        self.team()
        slug = self.launch()
        self.tm("launch", "set", slug, "--dri", "pr=Pia", "--dri", "keynote=Eve")
        kickoff = self.tm("doc", slug, "kickoff").stdout
        for name in ["PMM sync", "Keynote sync", "PR sync", "AR sync", "Content sync", "Campaign sync", "Web sync"]:
            self.assertIn(name, kickoff)
        pr_line = next(line for line in kickoff.splitlines() if "PR sync" in line)
        self.assertIn("Pia", pr_line)
        keynote_line = next(line for line in kickoff.splitlines() if "Keynote sync" in line)
        self.assertIn("Eve", keynote_line)
        bom = self.tm("doc", slug, "bom").stdout
        # Each stream's deliverables follow its heading, before the next stream's.
        heads = [(bom.index(n), n) for n in ["PR sync", "AR sync", "Web sync", "Content sync"] if n in bom]
        self.assertEqual(len(heads), 4, bom)
        for title, (stream, _, _) in STREAM_TASKS.items():
            if stream not in ("pr", "ar", "web", "content"):
                continue
            head = {"pr": "PR sync", "ar": "AR sync", "web": "Web sync", "content": "Content sync"}[stream]
            at = bom.index(title)
            before = max((i, n) for i, n in heads if i < at)
            self.assertEqual(before[1], head, f"{title} is in {head}'s group")

    def test_tier_2_runs_three_streams_and_lower_tiers_none(self):
        self.team()
        kick2 = self.tm("doc", self.launch("Standard", 2), "kickoff").stdout
        self.assertIn("Content sync", kick2)
        self.assertNotIn("PR sync", kick2)
        self.assertNotIn("Keynote sync", kick2)

    def test_the_calendar_carries_the_recurring_syncs(self):
        self.team()
        slug = self.launch()
        self.tm("launch", "set", slug, "--dri", "pr=Pia")
        ics = self.tm("calendar", "--ics", "--from", "2027-01-01", "--to", "2027-03-31").stdout
        self.assertIn("PR sync", ics)
        events = ics.split("BEGIN:VEVENT")[1:]
        pr = [e for e in events if "PR sync" in e]
        self.assertTrue(pr, "the PR sync is an event")
        self.assertTrue(any("RRULE:FREQ=WEEKLY" in e for e in pr), pr[0])
        self.assertTrue(any("Pia" in e for e in pr), "the sync names its DRI")
        # Tier 1 runs seven streams, each its sync.
        for name in ["PMM sync", "Keynote sync", "AR sync", "Content sync", "Campaign sync", "Web sync"]:
            self.assertIn(name, ics)
        self.assertTrue(any("UNTIL=20270316" in e or "UNTIL=2027031" in e for e in pr), pr[0])


class Approval(Seeds):
    def setUp(self):
        super().setUp()
        self.team()
        self.slug = self.launch()
        t = self.tasks(self.slug)
        self.blog = t["Launch blog post"]["id"]
        self.vp = t["Value proposition defined"]["id"]

    def test_external_copy_waits_for_the_pmm_and_every_reviewer(self):
        blog = str(self.blog)
        self.tm("task", "set", blog, "--reviewer", "Ben", "--reviewer", "Dev")
        self.assertTrue(self.tasks(self.slug)["Launch blog post"]["external"])
        p = self.tm("task", "set", blog, "--status", "done")
        self.assertIn(f"task {blog} is awaiting approval by Ben (PMM), Dev", p.stdout)
        t = self.tasks(self.slug)["Launch blog post"]
        self.assertEqual(t["status"], "awaiting_approval")
        single = self.js("task", "set", blog, "--days", "3")
        self.assertEqual(single["status"], "awaiting_approval")
        self.assertEqual(single["approved_by"], [])
        self.assertEqual(single["approval_missing"], ["Ben", "Dev"])
        # The PMM approves by default; Dev's approval is still missing.
        r = self.js("task", "approve", blog)
        self.assertEqual((r["status"], r["approved_by"], r["approval_missing"]), ("awaiting_approval", ["Ben"], ["Dev"]))
        # The last approval makes it done.
        r = self.js("task", "approve", blog, "--as", "Dev")
        self.assertEqual((r["status"], r["approved_by"], r["approval_missing"]), ("done", ["Ben", "Dev"], []))
        self.assertEqual(self.tasks(self.slug)["Launch blog post"]["status"], "done")

    def test_approved_first_then_done_at_once(self):
        blog = str(self.blog)
        out = self.tm("task", "approve", blog).stdout
        self.assertIn("Ben", out)
        self.assertEqual(self.tasks(self.slug)["Launch blog post"]["status"], "todo")
        r = self.js("task", "done", blog)
        self.assertEqual(r["status"], "done")

    def test_task_done_on_unapproved_copy_leaves_it_awaiting(self):
        p = self.tm("task", "done", str(self.blog))
        self.assertIn(f"task {self.blog} is awaiting approval by Ben (PMM)", p.stdout)
        self.assertEqual(self.tasks(self.slug)["Launch blog post"]["status"], "awaiting_approval")

    def test_refused_approvals_change_nothing(self):
        blog = str(self.blog)
        self.tm("task", "set", blog, "--status", "done")
        p = self.rejected("task", "approve", blog, "--as", "Ana", code=2)
        self.assertIn(f"'Ana' is neither the launch's PMM nor a reviewer of task {blog}", p.stderr)
        self.assertIn("as", p.stderr)
        p = self.rejected("task", "approve", str(self.vp), code=2)
        self.assertIn(f"task {self.vp} produces no external copy: nothing to approve", p.stderr)
        self.rejected("task", "approve", blog, "--as", "Nobody", code=3)
        self.rejected("task", "approve", "99999", code=3)

    def test_unapproved_external_copy_is_an_error_two_working_days_before_launch(self):
        blog = str(self.blog)
        far = [f for f in self.js("check", self.slug, code=None)["findings"] if f["rule"] == "unapproved-external-copy"]
        self.assertTrue(far)
        self.assertEqual({f["severity"] for f in far}, {"warning"})
        self.assertTrue(any(f["task"] == self.blog for f in far), far)
        near = [f for f in self.js("check", self.slug, code=None, today="2027-03-12")["findings"]
                if f["rule"] == "unapproved-external-copy"]
        self.assertEqual({f["severity"] for f in near}, {"error"}, near)
        # Approved or skipped: nothing to say about it.
        self.tm("task", "approve", blog)
        near = [f for f in self.js("check", self.slug, code=None, today="2027-03-12")["findings"]
                if f["rule"] == "unapproved-external-copy"]
        self.assertFalse(any(f["task"] == self.blog for f in near), near)

    def test_legal_approval_and_the_sales_co_owner(self):
        t = self.tasks(self.slug)
        legal = t["Legal approval"]
        self.assertEqual((legal["role"], legal["offset"], legal["effort_days"], legal["required"]),
                         ("legal", "T-1w", 2, True))
        self.assertIn(legal["id"], t["Launch"]["depends_on"])
        self.assertEqual(t["Sales training"]["co_role"], "sales")
        self.assertIsNone(t["Launch blog post"]["co_role"])
        t2 = self.tasks(self.launch("Standard", 2))
        self.assertFalse(t2["Legal approval"]["required"])
        self.assertNotIn("Legal approval", self.tasks(self.launch("Light", 3)))

    def test_the_comms_hierarchy_is_tasks_and_the_comms_plan_lists_them(self):
        t = self.tasks(self.slug)
        for title in COMMS:
            c = t[title]
            self.assertEqual(c["section"], "Customer communication", title)
            self.assertTrue(c["external"], title)
            self.assertLessEqual({t["Messaging approved"]["id"], t["Sales training"]["id"]}, set(c["depends_on"]))
        self.assertEqual((t[COMMS[0]]["role"], t[COMMS[0]]["offset"]), ("pm", "T-2bd"))
        self.assertEqual(t[COMMS[1]]["offset"], "T")
        self.assertEqual(t[COMMS[4]]["stream"], "pr")
        self.tm("task", "approve", str(t[COMMS[0]]["id"]))
        plan = self.tm("doc", self.slug, "comms-plan").stdout
        for title in COMMS:
            self.assertIn(title.split(":")[0], plan)
        beta = next(line for line in plan.splitlines() if "Beta customers" in line)
        self.assertIn("Ana", beta)
        self.assertIn("2027-03-12", beta)  # T-2bd
        self.assertIn("Ben", beta)  # approved by the PMM
        # A launch without them still gets a comms plan.
        light = self.tm("doc", self.launch("Light", 3), "comms-plan").stdout
        self.assertIn("This launch has no customer communication tasks yet", light)
        self.assertNotIn("Beta customers: personal email from the PM |", light)


class Sponsor(Seeds):
    def test_the_cpo_by_default_a_named_sponsor_otherwise(self):
        self.team()
        slug = self.launch()
        self.assertIsNone(self.js("launch", "show", slug)["sponsor"])
        cal = self.js("person", "add", "Cal", "--role", "exec", "--title", "CPO")
        self.assertEqual(cal["title"], "CPO")
        s = self.js("launch", "show", slug)["sponsor"]
        self.assertEqual((s["id"], s["name"], s["default"]), (cal["id"], "Cal", True))
        self.assertIn("(default: CPO)", self.tm("launch", "show", slug).stdout)
        self.tm("launch", "set", slug, "--sponsor", "Eve")
        s = self.js("launch", "show", slug)["sponsor"]
        self.assertEqual((s["name"], s["default"]), ("Eve", False))
        self.assertNotIn("(default: CPO)", self.tm("launch", "show", slug).stdout)
        self.tm("launch", "set", slug, "--sponsor", "none")
        self.assertEqual(self.js("launch", "show", slug)["sponsor"]["name"], "Cal")
        # The title is a person's like any field, any case.
        self.tm("person", "set", "Cal", "--title", "")
        self.tm("person", "set", "Eve", "--title", "cpo")
        s = self.js("launch", "show", slug)["sponsor"]
        self.assertEqual((s["name"], s["default"]), ("Eve", True))
        self.assertEqual(next(p for p in self.js("person", "list") if p["name"] == "Eve")["title"], "cpo")


class Triage(Seeds):
    def test_a_quarter_ranked_by_impact_against_effort(self):
        self.team()
        self.launch("Big", 1, "2027-02-16")
        self.launch("Medium", 2, "2027-02-23")
        self.launch("Small", 3, "2027-03-02")
        self.launch("Next quarter", 1, "2027-05-04")
        r = self.js("triage", "--quarter", "2027Q1")
        self.assertEqual((r["quarter"], r["from"], r["to"]), ("2027Q1", "2027-01-01", "2027-03-31"))
        self.assertEqual(r["capacity"], 15.0, "Ben, Chloé and Pia, the marketing and PMM people, 5 days a week each")
        rows = r["launches"]
        slugs = [x["launch"]["slug"] for x in rows]
        self.assertEqual(slugs[:3], ["big", "medium", "small"])
        self.assertNotIn("next-quarter", slugs)
        self.assertGreater(rows[0]["effort_days"], rows[2]["effort_days"])
        self.assertEqual([x["impact"] for x in rows], [8, 4, 2])
        out = self.tm("triage", "--quarter", "2027Q1").stdout
        self.assertIn("Big", out)
        self.assertNotIn("Next quarter", out)
        # The default quarter is today's.
        self.tm("triage")
        self.js("triage", "--quarter", "2027-Q1")

    def test_an_oversubscribed_team_moves_low_impact_launches_down(self):
        self.team()
        for person in ("Ben", "Chloé", "Pia"):
            self.tm("person", "set", person, "--capacity", "1")
        for n in range(4):
            self.launch(f"Launch {n}", 1 if n == 0 else 2, f"2027-02-{16 + n}")
        r = self.js("triage", "--quarter", "2027Q1")
        rows = r["launches"]
        self.assertTrue(any(w["over"] for w in r["weeks"]), r["weeks"])
        self.assertEqual(r["over_weeks"], sum(w["over"] for w in r["weeks"]))
        self.assertTrue(all(w["over"] == (w["demand"] > w["capacity"]) for w in r["weeks"]), r["weeks"])
        moved = [x for x in rows if x["move_down"]]
        self.assertTrue(moved)
        self.assertFalse(rows[0]["move_down"], "the Tier 1 launch has the highest impact")
        out = self.tm("triage", "--quarter", "2027Q1").stdout
        self.assertIn("launch set", out)
        self.assertIn("--tier 3", out)

    def test_a_bad_quarter_names_the_field(self):
        self.team()
        self.launch()
        for bad in ("2027Q5", "2027", "Q1", "next"):
            p = self.rejected("triage", "--quarter", bad, code=2)
            self.assertIn("quarter", p.stderr)


class PlaybookApply(Seeds):
    def test_an_old_launch_gets_what_the_playbook_has_and_it_lacks(self):
        self.team()
        old = self.write("old.yaml", OLD_PLAYBOOK)
        self.tm("--playbook", old, "launch", "add", "Old", "--date", T, "--tier", "1", "--pm", "Ana",
                "--marketing", "Chloé", "--owner", "pmm=Ben")
        before = self.tasks("old")
        self.assertEqual(len(before), 4)
        self.assertNotIn("Code complete", before)
        fresh = self.tasks(self.launch("Fresh", 1))
        # Listed first, nothing changed.
        dump = self.dump()
        dry = self.js("playbook", "apply", "old", "--dry-run")
        self.assertEqual(dump, self.dump(), "--dry-run changes nothing")
        would = [t["title"] for t in (dry["tasks"] if isinstance(dry, dict) else dry)]
        self.assertEqual(sorted(would), sorted(set(fresh) - set(before)))
        text = self.tm("playbook", "apply", "old", "--dry-run").stdout
        self.assertIn("Code complete", text)
        self.assertIn("Legal approval", text)
        self.assertEqual(dump, self.dump())
        # Applied: the launch has every task of the tier, once, and the new ones wait for what it had.
        self.tm("playbook", "apply", "old")
        after = self.js("task", "list", "old")
        titles = [t["title"] for t in after]
        self.assertEqual(sorted(titles), sorted(fresh))
        self.assertEqual(len(titles), len(set(titles)))
        by = {t["title"]: t for t in after}
        self.assertEqual(by["Launch blog post"]["id"], before["Launch blog post"]["id"])
        self.assertIn(before["Launch blog post"]["id"], by["Content ready"]["depends_on"])
        self.assertEqual(by["Press strategy and timing agreed"]["stream"], "pr")
        self.assertTrue(by["Website updated"]["external"])
        # Nothing more to add.
        again = self.js("playbook", "apply", "old", "--dry-run")
        self.assertEqual(again["tasks"] if isinstance(again, dict) else again, [])

    def test_a_workspace_playbook_then_back_to_the_default(self):
        self.team()
        old = self.write("old.yaml", OLD_PLAYBOOK)
        self.tm("playbook", "use", old)
        self.launch()
        self.assertEqual(len(self.tasks("alerts")), 4)
        self.tm("playbook", "use", "--default")
        self.tm("playbook", "apply", "alerts")
        t = self.tasks("alerts")
        for title in PRODUCT[1] + COMMS + list(STREAM_TASKS) + ["Legal approval"]:
            self.assertIn(title, t)
        self.assertIn(t["Legal approval"]["id"], t["Launch"]["depends_on"])

    def test_refusals(self):
        self.team()
        self.rejected("playbook", "apply", "no-such-launch", code=3)
        self.rejected("playbook", "apply", "no-such-launch", "--dry-run", code=3)


class BadInput(Seeds):
    def setUp(self):
        super().setUp()
        self.team()
        self.slug = self.launch()

    def test_a_dri_for_an_unknown_stream(self):
        p = self.rejected("launch", "set", self.slug, "--dri", "foo=Ana", code=2)
        self.assertIn("unknown stream 'foo' (pmm, keynote, pr, ar, content, campaign, web)", p.stderr)

    def test_a_dri_who_is_no_person(self):
        p = self.rejected("launch", "set", self.slug, "--dri", "pr=Nobody", code=3)
        self.assertIn("Nobody", p.stderr)
        # One refused DRI refuses them all.
        self.rejected("launch", "set", self.slug, "--dri", "web=Chloé", "--dri", "pr=Nobody", code=3)
        self.rejected("launch", "set", self.slug, "--dri", "web", code=2)

    def test_a_sponsor_who_is_no_person(self):
        p = self.rejected("launch", "set", self.slug, "--sponsor", "Nobody", code=3)
        self.assertIn("Nobody", p.stderr)

    def test_an_approval_by_someone_else(self):
        blog = self.tasks(self.slug)["Launch blog post"]["id"]
        p = self.rejected("task", "approve", str(blog), "--as", "Lee", code=2)
        self.assertIn("'Lee' is neither the launch's PMM nor a reviewer", p.stderr)

    def test_a_title_too_long(self):
        p = self.rejected("person", "set", "Eve", "--title", "x" * 500, code=2)
        self.assertIn("title", p.stderr)


if __name__ == "__main__":
    main()
