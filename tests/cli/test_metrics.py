#!/usr/bin/env python3
"""End-to-end tests of issue 13, after launch day, through the real binary: success metrics (metric add, set,
rm, list, show), their observations (metric record, metric import from CSV), the one rule that judges them
(metric status, with "today" pinned: met, missed, no-data, on-track, behind; the straight path, a down-is-good
metric, a target in points or in percent, observations before T, several on one day, a launch delay moving
the window), the post-launch reviews (review LAUNCH STAGE [--done --notes]), the leadership dashboard and the
monthly stakeholder update (doc --all stakeholder-update). Every refusal of the issue's "Bad input" section
exits 2 (or 3 for something that does not exist), names its field or FILE:LINE:COLUMN, and leaves the
database exactly as it was (a full dump before and after).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_metrics.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402

T = "2027-03-01"            # launch day of the test launch, a Monday
WINDOW_END = "2027-06-09"   # T + 100 days
SETUP_DAY = "2027-01-05"    # when the launch and its metrics are made


class Metrics(WorkspaceCase):
    tminus_user = "Test Runner"
    today = SETUP_DAY

    def launch(self, name="Dark mode", date=T, tier=2):
        self.tm("launch", "add", name, "--date", date, "--tier", str(tier), "--pm", "Ana Silva")
        return name.lower().replace(" ", "-")

    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.tm("person", "add", "Bo Chen", "--role", "marketing")

    def activation(self, slug="dark-mode", *more):
        """Activation: up is good, 40% to 50% over 100 days: the path is 40 + (days after T) / 10."""
        return self.js("metric", "add", slug, "Activation rate", "--kind", "activation", "--unit", "%", "--direction",
                       "up", "--baseline", "40", "--target", "50", "--window", "100", "--owner", "Ana Silva",
                       "--source", "Amplitude: activation funnel", *more)

    def churn(self, slug="dark-mode"):
        """Churn: down is good, 5% to 4% (-1pt) over 100 days: the path is 5 - (days after T) / 100."""
        return self.js("metric", "add", slug, "Churn", "--kind", "churn", "--unit", "%", "--direction", "down",
                       "--baseline", "5", "--target", "-1pt", "--window", "100", "--owner", "Bo Chen")

    def status(self, today, slug="dark-mode"):
        return {m["name"]: m for m in self.js("metric", "status", slug, today=today)}

    def record(self, metric, value, on, today=None, slug="dark-mode"):
        return self.js("metric", "record", slug, metric, str(value), "--on", on, today=today or on)


class Definition(Metrics):
    def test_add_list_show_set_rm(self):
        slug = self.launch()
        m = self.activation(slug, "--baseline-on", "2027-01-04")
        self.assertEqual(m["launch"], slug)
        self.assertEqual(m["launch_name"], "Dark mode")
        self.assertEqual((m["name"], m["kind"], m["unit"], m["direction"]), ("Activation rate", "activation", "%", "up"))
        self.assertEqual((m["baseline"], m["baseline_on"], m["target"], m["target_value"]), (40, "2027-01-04", "50", 50))
        self.assertEqual((m["window"], m["window_end"], m["owner"]), (100, WINDOW_END, "Ana Silva"))
        self.assertEqual(m["source"], "Amplitude: activation funnel")
        self.assertEqual((m["status"], m["observations"], m["observed"], m["expected"]), ("no-data", 0, None, None))
        # The text says what was added and how it stands.
        out = self.tm("metric", "add", slug, "Churn", "--kind", "churn", "--unit", "%", "--direction", "down",
                      "--baseline", "5", "--target", "-1pt", "--window", "100").stdout
        self.assertIn("added metric", out)
        self.assertIn("Churn of dark-mode: churn, in %, down is good; baseline 5%; target -1pt (4%) by 2027-06-09", out)
        self.assertIn("no-data", out)

        listed = self.js("metric", "list", slug)
        self.assertEqual([x["name"] for x in listed], ["Activation rate", "Churn"])
        table = self.tm("metric", "list", slug).stdout.splitlines()
        self.assertEqual(table[0].split(), ["ID", "METRIC", "KIND", "UNIT", "GOOD", "BASELINE", "TARGET", "BY", "OWNER",
                                            "OBS", "STATUS"])
        self.assertIn("-1pt (4%)", table[2])
        self.assertIn("Ana Silva", table[1])

        # set: a new target judges it again; --name renames; the metric is named case-insensitively or by id.
        changed = self.js("metric", "set", slug, "activation RATE", "--target", "+25%", "--name", "Activation")
        self.assertEqual((changed["name"], changed["target"], changed["target_value"]), ("Activation", "+25%", 50))
        self.assertGreater(changed["version"], m["version"])
        by_id = self.js("metric", "show", slug, str(m["id"]))
        self.assertEqual(by_id["metric"]["name"], "Activation")
        self.assertEqual(by_id["observations"], [])
        shown = self.tm("metric", "show", slug, "Activation").stdout
        self.assertIn("target     +25% (50%) by 2027-06-09 (100 days after launch day 2027-03-01)", shown)
        self.assertIn("owner      Ana Silva", shown)
        self.assertIn("no observations yet", shown)
        self.rejected("metric", "set", slug, "Activation", code=2, words="nothing to change")

        self.record("Activation", 41, "2027-01-05")
        gone = self.js("metric", "rm", slug, "Activation")
        self.assertEqual(gone["id"], m["id"])
        self.assertEqual([x["name"] for x in self.js("metric", "list", slug)], ["Churn"])
        self.assertIn("removed metric", self.tm("metric", "rm", slug, "Churn").stdout)
        self.assertIn("no metrics for 'dark-mode' yet", self.tm("metric", "list", slug).stdout)

        actions = [a["action"] for a in self.js("audit", "--limit", "20")]
        for action in ("metric.add", "metric.update", "metric.record", "metric.rm"):
            self.assertIn(action, actions)

    def test_targets_in_points_percent_and_currency(self):
        slug = self.launch()
        pts = self.js("metric", "add", slug, "Win rate", "--kind", "conversion", "--unit", "%", "--direction", "up",
                      "--baseline", "40", "--target", "+5pt", "--window", "90")
        pct = self.js("metric", "add", slug, "Adoption", "--kind", "adoption", "--unit", "%", "--direction", "up",
                      "--baseline", "40", "--target", "+5%", "--window", "90")
        self.assertEqual((pts["target"], pts["target_value"]), ("+5pt", 45))
        self.assertEqual((pct["target"], pct["target_value"]), ("+5%", 42))
        arr = self.js("metric", "add", slug, "ARR", "--kind", "revenue", "--unit", "EUR", "--direction", "up",
                      "--baseline", "1000000", "--target", "+20%", "--window", "180")
        self.assertEqual((arr["unit"], arr["target_value"]), ("EUR", 1200000))
        self.assertIn("1200000 EUR", self.tm("metric", "list", slug).stdout)

    def test_options_and_help_come_from_the_input_description(self):
        out = self.tm("metric", "add", "--help").stdout
        for option in ("--kind KIND", "--unit UNIT", "--direction up|down", "--baseline VALUE", "--baseline-on DATE",
                       "--target TARGET", "--window DAYS", "--owner PERSON", "--source TEXT"):
            self.assertIn(option, out)
        self.assertIn("support-tickets", out)
        rec = self.tm("metric", "record", "--help").stdout
        self.assertIn("--on DATE", rec)
        self.assertIn("--note TEXT", rec)
        top = self.tm("--help").stdout
        for command in ("metric add", "metric record", "metric import", "metric status", "review LAUNCH",
                        "dashboard"):
            self.assertIn(command, top)


class Rule(Metrics):
    """The status rule of core/metric.c, through the command line with a pinned --today."""

    def test_the_straight_path_up_and_down(self):
        slug = self.launch()
        self.activation(slug)
        self.churn(slug)
        s = self.status("2027-02-01")
        self.assertEqual([s[n]["status"] for n in ("Activation rate", "Churn")], ["no-data", "no-data"])
        # T + 50 days: the path is halfway, 45% for activation and 4.5% for churn.
        self.record("Activation rate", 44.5, "2027-04-20")
        self.record("Churn", 4.6, "2027-04-20")
        s = self.status("2027-04-20")
        a, c = s["Activation rate"], s["Churn"]
        self.assertEqual((a["status"], a["observed"], a["observed_on"], a["expected"]), ("behind", 44.5, "2027-04-20", 45))
        self.assertEqual((c["status"], c["observed"], c["expected"]), ("behind", 4.6, 4.5))
        self.assertEqual(a["days_left"], 50)
        self.record("Activation rate", 45, "2027-04-20")   # exactly on the path: on-track
        self.record("Churn", 4.4, "2027-04-20")            # below the path, down is good: on-track
        s = self.status("2027-04-20")
        self.assertEqual(s["Activation rate"]["status"], "on-track")
        self.assertEqual(s["Churn"]["status"], "on-track")
        # The table shows the numbers that decided: observed on its date, the path then, target by the end, owner.
        lines = self.tm("metric", "status", slug, today="2027-04-20").stdout.splitlines()
        self.assertEqual(lines[0].split(), ["LAUNCH", "METRIC", "STATUS", "OBSERVED", "ON", "EXPECTED", "TARGET", "BY",
                                            "OWNER"])
        self.assertEqual(lines[1].split(), ["dark-mode", "Activation", "rate", "on-track", "45%", "2027-04-20", "45%", "50%", WINDOW_END, "Ana", "Silva"])
        self.assertEqual(lines[2].split(), ["dark-mode", "Churn", "on-track", "4.4%", "2027-04-20", "4.5%", "4%",
                                            WINDOW_END, "Bo", "Chen"])
        self.assertEqual(lines[3], "2 metrics: 2 on-track")

    def test_the_path_is_read_on_the_observations_own_date(self):
        slug = self.launch()
        self.activation(slug)
        # 42 on T + 10 (path 41) is on-track even read 40 days later, when the path is at 45.
        self.record("Activation rate", 42, "2027-03-11", today="2027-04-20")
        a = self.status("2027-04-20")["Activation rate"]
        self.assertEqual((a["status"], a["expected"], a["observed_on"]), ("on-track", 41, "2027-03-11"))
        # Rounded for people without hiding the difference: 41.5 on T + 17 (path 41.7) is behind.
        self.record("Activation rate", 41.5, "2027-03-18", today="2027-04-20")
        out = self.tm("metric", "status", slug, today="2027-04-20").stdout
        self.assertIn("behind", out)
        self.assertIn("41.7%", out)
        self.assertIn("below the path's 41.7% that day",
                      self.tm("metric", "show", slug, "Activation rate", today="2027-04-20").stdout)

    def test_met_stays_met_missed_after_the_window(self):
        slug = self.launch()
        self.activation(slug)
        self.churn(slug)
        self.record("Activation rate", 50, "2027-04-21")
        self.record("Activation rate", 41, "2027-04-22")  # worse later: it stays met
        a = self.status("2027-04-22")["Activation rate"]
        self.assertEqual((a["status"], a["observed"]), ("met", 41))
        self.assertIn("met (2027-04-21)", self.tm("metric", "status", slug, today="2027-04-22").stdout)
        # The window is over (2027-06-09): churn, never met and never measured, is missed; activation stays met.
        s = self.status("2027-06-10")
        self.assertEqual(s["Activation rate"]["status"], "met")
        self.assertEqual(s["Churn"]["status"], "missed")
        self.assertEqual(s["Churn"]["days_left"], -1)
        self.assertIn("missed: the window ended on 2027-06-09 without reaching 4%",
                      self.tm("metric", "show", slug, "Churn", today="2027-06-10").stdout)
        # On the window's last day it is not missed yet.
        self.assertEqual(self.status("2027-06-09")["Churn"]["status"], "no-data")

    def test_observations_before_launch_day_count_but_never_meet(self):
        slug = self.launch()
        self.activation(slug)
        # Before T the path stands at the baseline: 41 is on-track, 39 behind.
        self.record("Activation rate", 41, "2027-02-15", today="2027-02-20")
        a = self.status("2027-02-20")["Activation rate"]
        self.assertEqual((a["status"], a["expected"], a["observed_on"]), ("on-track", 40, "2027-02-15"))
        self.record("Activation rate", 39, "2027-02-16", today="2027-02-20")
        self.assertEqual(self.status("2027-02-20")["Activation rate"]["status"], "behind")
        # Reaching the target before T is not "met": the target is the window's.
        self.record("Activation rate", 55, "2027-02-20")
        a = self.status("2027-02-20")["Activation rate"]
        self.assertEqual((a["status"], a["observed"]), ("on-track", 55))
        self.assertEqual(self.status("2027-06-10")["Activation rate"]["status"], "missed")

    def test_several_on_one_day_the_last_recorded_is_the_latest(self):
        slug = self.launch()
        self.activation(slug)
        for v in (46, 44, 45.5):
            self.record("Activation rate", v, "2027-04-20")
        a = self.status("2027-04-20")["Activation rate"]
        self.assertEqual((a["status"], a["observed"], a["observations"]), ("on-track", 45.5, 3))
        self.record("Activation rate", 44.9, "2027-04-20")
        self.assertEqual(self.status("2027-04-20")["Activation rate"]["status"], "behind")
        # An older day recorded later does not become the latest.
        self.record("Activation rate", 49, "2027-04-19", today="2027-04-20")
        a = self.status("2027-04-20")["Activation rate"]
        self.assertEqual((a["observed"], a["observed_on"], a["status"]), (44.9, "2027-04-20", "behind"))
        shown = self.js("metric", "show", slug, "Activation rate", today="2027-04-20")
        self.assertEqual([o["value"] for o in shown["observations"]], [49, 46, 44, 45.5, 44.9])
        self.assertEqual({o["by"] for o in shown["observations"]}, {"Test Runner"})

    def test_stale_and_a_delay_moves_the_window(self):
        slug = self.launch()
        self.activation(slug)
        self.record("Activation rate", 41, "2027-03-05")
        a = self.status("2027-04-20")["Activation rate"]
        self.assertTrue(a["stale"])
        self.assertIn("STALE", self.tm("metric", "status", slug, today="2027-04-20").stdout)
        self.assertFalse(self.status("2027-03-10")["Activation rate"]["stale"])
        # Launch day moves two weeks: the window and the path move with it.
        self.tm("launch", "delay", slug, "--to", "2027-03-15", "--reason", "QA found a contrast bug", today="2027-03-02")
        a = self.status("2027-03-05")["Activation rate"]
        self.assertEqual((a["window_end"], a["expected"], a["status"]), ("2027-06-23", 40, "on-track"))

    def test_status_all_and_its_usage(self):
        a, b = self.launch(), self.launch("Usage billing", "2027-03-24", 1)
        self.activation(a)
        self.churn(b)
        every = self.js("metric", "status", "--all", today="2027-04-01")
        self.assertEqual(sorted((m["launch"], m["name"]) for m in every),
                         [("dark-mode", "Activation rate"), ("usage-billing", "Churn")])
        for m in every:
            for key in ("name", "status", "expected", "observed", "target"):
                self.assertIn(key, m)
        text = self.tm("metric", "status", "--all", today="2027-04-01").stdout
        self.assertIn("usage-billing", text)
        self.assertIn("dark-mode", text)
        self.rejected("metric", "status", code=2, words=["LAUNCH", "--all"])
        self.rejected("metric", "status", a, "--all", code=2, words=["LAUNCH", "--all"])
        self.rejected("metric", "status", "no-such-launch", code=3, words="no-such-launch")


class BadInput(Metrics):
    """The issue's "Bad input": exit 2 naming the field (or FILE:LINE:COLUMN), nothing changed."""

    def setUp(self):
        super().setUp()
        self.slug = self.launch()
        self.activation(self.slug)
        self.js("metric", "add", self.slug, "Signups", "--kind", "adoption", "--unit", "count", "--direction", "up",
                "--baseline", "100", "--target", "150", "--window", "90")
        self.record("Activation rate", 41, "2027-01-05")

    def add(self, *args, code=2, words=()):
        base = {"--kind": "adoption", "--unit": "count", "--direction": "up", "--baseline": "100", "--target": "150",
                "--window": "90"}
        given = dict(zip(args[0::2], args[1::2]))
        argv = [x for k, v in {**base, **given}.items() for x in (k, v)]
        return self.rejected("metric", "add", self.slug, "New one", *argv, code=code, words=words)

    def test_values_that_are_not_numbers(self):
        for value in ("NaN", "nan", "inf", "1e400", "12abc", "", "4,5"):
            with self.subTest(value=value):
                self.rejected("metric", "record", self.slug, "Activation rate", value, code=2, words="value")
        self.add("--baseline", "NaN", words="baseline")
        self.add("--baseline", "1e400", words="baseline")

    def test_a_date_in_the_future(self):
        p = self.rejected("metric", "record", self.slug, "Activation rate", "42", "--on", "2027-01-06", code=2,
                          words=["--on", "future"])
        self.assertIn("2027-01-06", p.stderr)
        self.rejected("metric", "record", self.slug, "Activation rate", "42", "--on", "2027-02-30", code=2,
                      words="2027-02-30")

    def test_targets_and_windows(self):
        self.add("--target", "+20%", words=["target", "count"])        # a percentage target on a count metric
        self.add("--window", "0", words="window")
        self.add("--window", "3661", words="window")
        self.add("--target", "90", words="target")                      # not better than the baseline
        self.add("--unit", "%", "--baseline", "40", "--target", "+5pt", "--direction", "down", words="target")
        self.add("--target", "+5pt", words="target")                    # points on a count
        self.add("--unit", "currency", words="unit")
        self.add("--kind", "vanity", words="kind")
        self.add("--direction", "sideways", words="direction")
        self.rejected("metric", "set", self.slug, "Signups", "--target", "+10%", code=2, words=["target", "count"])
        self.rejected("metric", "set", self.slug, "Signups", "--window", "0", code=2, words="window")

    def test_unknown_names(self):
        # A metric name the launch does not have is bad input (2, as the issue lists it, naming the metrics it
        # has), on the command line as in a file (at its line and column, below); an unknown launch is not found.
        self.rejected("metric", "record", self.slug, "Activation", "42", code=2, words="Activation")
        self.rejected("metric", "show", self.slug, "nope", code=2, words="nope")
        self.rejected("metric", "rm", self.slug, "nope", code=2, words="nope")
        self.rejected("metric", "list", "no-such-launch", code=3, words="no-such-launch")
        self.rejected("metric", "add", "no-such-launch", "X", "--kind", "nps", "--unit", "points", "--direction", "up",
                      "--baseline", "10", "--target", "20", "--window", "30", code=3, words="no-such-launch")
        # One name per launch.
        self.rejected("metric", "add", self.slug, "activation rate", "--kind", "activation", "--unit", "%",
                      "--direction", "up", "--baseline", "40", "--target", "50", "--window", "100", code=4,
                      words="Activation rate")

    def test_csv_refusals_name_file_line_and_column(self):
        cases = {
            "missing.csv": ("date,metric\n2027-01-02,Activation rate\n", ":1:", "value"),
            "dup.csv": ("date,metric,value,Value\n2027-01-02,Activation rate,41,42\n", ":1:4", "value"),
            "empty.csv": ("", ":1:1", "empty"),
            "header-only-junk.csv": ("date,metric,value,colour\n", ":1:4", "colour"),
            "bad-value.csv": ("date,metric,value\n2027-01-02,Activation rate,41\n2027-01-03,Activation rate,NaN\n",
                              ":3:3", "value"),
            "bad-date.csv": ("date,metric,value\n2027-13-02,Activation rate,41\n", ":2:1", "date"),
            "future.csv": ("date,metric,value\n2027-01-02,Activation rate,41\n2027-01-09,Activation rate,42\n",
                           ":3:1", "future"),
            "unknown.csv": ("date,metric,value\n2027-01-02,Activation rate,41\n2027-01-02,Activation,41\n", ":3:2",
                            "Activation"),
            "short-row.csv": ("date,metric,value\n2027-01-02,Activation rate\n", ":2:", ""),
        }
        for name, (content, where, word) in cases.items():
            with self.subTest(file=name):
                path = self.write(name, content)
                self.rejected("metric", "import", self.slug, path, code=2, words=[path + where, word])
        self.rejected("metric", "import", self.slug, os.path.join(self.dir, "nowhere.csv"), code=2, words="nowhere.csv")

    def test_csv_with_bom_and_crlf_is_read_all_or_nothing(self):
        before = self.js("metric", "status", self.slug)[0]["observations"]
        path = self.write("weekly.csv", b"\xef\xbb\xbfDate,Metric,Value,Note\r\n2027-01-02,Activation rate,41.5,"
                                        b"\"first, week\"\r\n2027-01-03,signups,120,\r\n2027-01-04,Activation rate,42,\r\n")
        out = self.tm("metric", "import", self.slug, path).stdout
        self.assertIn("imported 3 observations from", out)
        self.assertIn("Signups", out)
        m = {x["name"]: x for x in self.js("metric", "status", self.slug)}
        self.assertEqual(m["Activation rate"]["observations"], before + 2)
        self.assertEqual((m["Signups"]["observed"], m["Signups"]["observed_on"]), (120, "2027-01-03"))
        obs = self.js("metric", "show", self.slug, "Activation rate")["observations"]
        self.assertIn("first, week", [o["note"] for o in obs])
        # --json: how many, and the metrics judged after them.
        path = self.write("more.csv", "metric,value,date\nSignups,125,2027-01-05\n")
        j = self.js("metric", "import", self.slug, path)
        self.assertEqual((j["launch"], j["imported"]), (self.slug, 1))
        self.assertEqual({x["name"]: x["observed"] for x in j["metrics"]}["Signups"], 125)

    def test_usage_errors_say_so_in_json_too(self):
        p = self.tm("--json", "metric", "record", self.slug, "Activation rate", "NaN", code=2)
        self.assertEqual(p.stdout, "")
        self.assertIn('"status":400', p.stderr)
        self.assertIn('"exit":2', p.stderr)


class Reviews(Metrics):
    def test_review_document_and_recording_it(self):
        slug = self.launch()
        self.activation(slug)
        self.record("Activation rate", 41, "2027-03-10")
        j = self.js("review", slug, "week-2", today="2027-03-20")
        self.assertEqual((j["launch"], j["stage"], j["label"], j["on"], j["held"]),
                         (slug, "week-2", "Week 2", "2027-03-15", False))
        self.assertIsNotNone(j["task"])
        self.assertEqual(j["metrics"][0]["name"], "Activation rate")
        self.assertEqual([o["value"] for o in j["metrics"][0]["observations"]], [41])
        self.assertTrue(j["questions"])
        text = self.tm("review", slug, "week-2", today="2027-03-20").stdout
        self.assertEqual(text, j["markdown"])
        self.assertTrue(text.startswith("#"))
        self.assertIn("Activation rate", text)
        self.assertIn(j["questions"][0], text)
        # The latest stage whose day has come is the default: day 20 after T is week-2 (month-1 falls on T+1m).
        self.assertEqual(self.js("review", slug, today="2027-03-20")["stage"], "week-2")

        notes = self.write("notes.md", "# Week 2\n\nSales likes it; the contrast bug costs us demos.\n")
        out = self.tm("review", slug, "Week 2", "--done", "--notes", notes, today="2027-03-20").stdout
        self.assertIn("recorded the Week 2 review of dark-mode, held on 2027-03-20 by Test Runner", out)
        self.assertIn(f"task #{j['task']} is done", out)
        tasks = {t["id"]: t for t in self.js("task", "list", slug)}
        self.assertEqual(tasks[j["task"]]["status"], "done")
        held = self.js("review", slug, "week-2", today="2027-03-21")
        self.assertEqual((held["held"], held["held_on"], held["by"]), (True, "2027-03-20", "Test Runner"))
        self.assertIn("the contrast bug costs us demos", held["notes"])
        self.assertIn("the contrast bug costs us demos", self.tm("review", slug, "week-2", today="2027-03-21").stdout)
        self.assertIn("review.done", [a["action"] for a in self.js("audit", "--limit", "5")])

    def test_review_refusals(self):
        slug = self.launch()
        notes = self.write("notes.md", "held\n")
        self.rejected("review", slug, "week-9", code=2, words=["week-9", "day-1", "quarter"])
        self.rejected("review", slug, "day-1", "--done", "--notes", notes, today="2027-02-28", code=2,
                      words="launch day")
        self.rejected("review", slug, "day-1", "--notes", notes, today="2027-03-02", code=2, words="--done")
        self.rejected("review", slug, "--done", today="2027-03-02", code=2, words="STAGE")
        # A notes file that is not there is not found (3), as tminus's other files are.
        self.rejected("review", slug, "day-1", "--done", "--notes", os.path.join(self.dir, "none.md"),
                      today="2027-03-02", code=3, words="none.md")
        self.rejected("review", "no-such-launch", code=3, words="no-such-launch")


class Leadership(Metrics):
    """The dashboard and the monthly stakeholder update."""

    def portfolio(self):
        a = self.launch()                                  # 2027-03-01, tier 2: launched by 2027-03-20
        b = self.launch("Usage billing", "2027-03-24", 1)  # tier 1, slips a week
        self.tm("launch", "delay", b, "--to", "2027-03-31", "--reason", "billing API late", today="2027-01-06")
        self.activation(a)
        self.churn(a)
        self.record("Activation rate", 41, "2027-03-15")   # path 41.4: behind
        self.record("Churn", 4.8, "2027-03-15")            # path 4.86: on-track
        return a, b

    def test_dashboard(self):
        a, b = self.portfolio()
        d = self.js("dashboard", "--quarter", "2027Q1", today="2027-03-20")
        self.assertEqual((d["quarter"], d["from"], d["to"], d["today"]), ("2027Q1", "2027-01-01", "2027-03-31",
                                                                         "2027-03-20"))
        self.assertEqual((d["by_tier"]["1"], d["by_tier"]["2"]), (1, 1))
        rows = {r["launch"]: r for r in d["launches"]}
        self.assertEqual([r["launch"] for r in d["launches"]], [b, a])   # by tier
        self.assertEqual((rows[b]["launched"], rows[b]["slip_days"], rows[b]["moves"], rows[b]["first_date"]),
                         (False, 7, 1, "2027-03-24"))
        self.assertIsInstance(rows[b]["score"], int)
        self.assertEqual((rows[a]["launched"], rows[a]["score"], rows[a]["slip_days"]), (True, None, 0))
        self.assertEqual((rows[a]["metrics"]["behind"], rows[a]["metrics"]["on-track"]), (1, 1))
        self.assertEqual([(m["name"], m["owner"]) for m in d["behind"]], [("Activation rate", "Ana Silva")])

        text = self.tm("dashboard", "--quarter", "2027Q1", today="2027-03-20").stdout
        self.assertIn("2027Q1 (2027-01-01 to 2027-03-31), today 2027-03-20: 2 launches", text)
        lines = text.splitlines()
        billing = next(x for x in lines if "Usage billing" in x)
        self.assertIn("+7 days (was 2027-03-24, 1 move)", billing)
        self.assertIn("readiness", billing)
        dark = next(x for x in lines if "Dark mode" in x)
        self.assertIn("1 behind, 1 on-track", dark)
        behind = next(x for x in lines if x.startswith("dark-mode") and "Activation rate" in x)
        self.assertIn("Ana Silva", behind)
        self.assertIn("41%", behind)
        md = self.tm("dashboard", "--quarter", "2027Q1", "--markdown", today="2027-03-20").stdout
        self.assertTrue(md.startswith("#"))
        self.assertIn("Usage billing", md)
        # Today's quarter by default.
        self.assertEqual(self.js("dashboard", today="2027-05-02")["quarter"], "2027Q2")
        self.rejected("dashboard", "--quarter", "2027Q5", code=2, words="quarter")

    def test_stakeholder_update(self):
        a, b = self.portfolio()
        u = self.js("doc", "--all", "stakeholder-update", "--month", "2027-03", today="2027-04-02")
        self.assertEqual((u["month"], u["from"], u["to"]), ("2027-03", "2027-03-01", "2027-03-31"))
        self.assertEqual(sorted(x["slug"] for x in u["shipped"]), [a, b])
        moved = {m["name"]: m for m in u["moved"]}
        self.assertEqual((moved["Activation rate"]["from"], moved["Activation rate"]["to"],
                          moved["Activation rate"]["to_on"]), (40, 41, "2027-03-15"))
        md = self.tm("doc", "--all", "stakeholder-update", "--month", "2027-03", today="2027-04-02").stdout
        self.assertEqual(md, u["markdown"])
        self.assertIn("Activation rate", md)
        text = self.tm("doc", "--all", "stakeholder-update", "--month", "2027-03", "--text", today="2027-04-02").stdout
        self.assertEqual(text, u["text"])
        self.assertTrue(text.startswith("Subject:"))
        self.assertTrue(all(len(line) < 78 for line in text.splitlines()))
        # The month before today's by default.
        self.assertEqual(self.js("doc", "--all", "stakeholder-update", today="2027-04-02")["month"], "2027-03")
        self.rejected("doc", "--all", "stakeholder-update", "--month", "2027-13", code=2, words="month")
        self.rejected("doc", a, "checklist", "--month", "2027-03", code=2, words="--month")
        self.rejected("doc", "--all", "digest", "--text", code=2, words="--text")
        self.rejected("doc", "--all", "roadmap", code=2, words="stakeholder-update")

    def test_post_launch_document_still_renders(self):
        a, _ = self.portfolio()
        out = self.tm("doc", a, "post-launch", today="2027-03-20").stdout
        self.assertIn("Activation rate", out)


if __name__ == "__main__":
    main()
