#!/usr/bin/env python3
"""`launch list` is in date order, then id, however it is read: a whole list
is read in table order and sorted by tminus (a counting sort by date when the
dates are close together, qsort when they span decades), a limited one is
ordered by SQLite. Both must agree with ORDER BY date, id on the database
itself, with every filter, and the table and the JSON must list the same
launches with the same people."""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402


class Lists(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Ana Silva", "--role", "pm")
        self.tm("person", "add", "Ben Okafor", "--role", "marketing")

    def add(self, dates):
        rng = random.Random(7)
        for i, d in enumerate(dates):
            args = ["launch", "add", f"Launch {i}", "--date", d, "--tier", str(rng.randint(1, 4))]
            if i % 3:
                args += ["--pm", "Ana Silva"]
            if i % 2:
                args += ["--marketing", "Ben Okafor"]
            self.tm(*args)

    def expected(self, where="1 = 1", args=()):
        return [r[0] for r in self.query(f"SELECT id FROM launches WHERE {where} ORDER BY date, id", *args)]

    def check(self):
        for opts, where, args in (([], "1 = 1", ()), (["--tier", "2"], "tier = 2", ()),
                                  (["--from", "2027-03-01", "--to", "2030-12-31"], "date BETWEEN ? AND ?",
                                   ("2027-03-01", "2030-12-31"))):
            want = self.expected(where, args)
            got = self.js("launch", "list", *opts)
            self.assertEqual([launch["id"] for launch in got], want, opts)
            for launch in got:
                self.assertEqual(launch["pm"], None if launch["id"] % 3 == 1 else "Ana Silva")
                self.assertEqual(launch["marketing"], "Ben Okafor" if launch["id"] % 2 == 0 else None)
            table = self.tm("launch", "list", *opts).stdout.splitlines()[1:]
            self.assertEqual([int(line.split()[0]) for line in table], want)
            self.assertEqual([launch["id"] for launch in self.js("launch", "list", *opts, "--limit", "3")], want[:3])

    def test_dates_close_together(self):
        rng = random.Random(1)
        self.add([f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(40)] + ["2027-05-05"] * 5)
        self.check()

    def test_dates_decades_apart(self):
        rng = random.Random(2)
        self.add([f"{rng.choice([2027, 2031, 2049, 2075])}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
                  for _ in range(30)])
        self.check()


if __name__ == "__main__":
    main()
