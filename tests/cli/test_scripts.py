#!/usr/bin/env python3
"""End-to-end tests of text in every script: people are found by their names
in any case ("LÉA DUBOIS" is Léa Dubois), two people cannot differ only by
case, slugs keep the letters of every script, and tables line up on the
screen (a CJK character or an emoji takes two columns).

Run as meson does: TMINUS=path/to/tminus python3 tests/cli/test_scripts.py
"""
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import WorkspaceCase, main  # noqa: E402


def columns(text):
    """Display width as a terminal shows it: East Asian wide and fullwidth take two columns."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class People(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.tm("person", "add", "Léa Dubois", "--role", "pm", "--email", "lea@example.com")
        self.tm("person", "add", "Jürgen Groß", "--role", "marketing")
        self.tm("person", "add", "Дмитрий Соколов", "--role", "sales")

    def test_a_full_name_in_any_case_of_any_script(self):
        r = self.js("launch", "add", "Alerts", "--date", "2027-03-16", "--tier", "1", "--pm", "LÉA DUBOIS",
                    "--marketing", "jürgen gross", "--owner", "cs=ДМИТРИЙ СОКОЛОВ")
        self.assertEqual((r["pm"], r["marketing"]), ("Léa Dubois", "Jürgen Groß"))
        self.assertIn("Дмитрий Соколов", {t["owner"] for t in self.js("task", "list", "alerts")})
        tasks = self.js("task", "list", "alerts", "--owner", "léa dubois")
        self.assertTrue(tasks)
        self.assertEqual({t["owner"] for t in tasks}, {"Léa Dubois"})
        self.assertIn("for Léa Dubois", self.tm("calendar", "--person", "LÉA DUBOIS", "--to", "2027-04-30").stdout)

    def test_a_first_name_or_surname_in_any_case(self):
        self.assertEqual(self.js("person", "set", "LÉA", "--capacity", "3")["name"], "Léa Dubois")
        self.assertEqual(self.js("person", "set", "GROSS", "--capacity", "3")["name"], "Jürgen Groß")
        self.assertEqual(self.js("person", "set", "соколов", "--capacity", "3")["name"], "Дмитрий Соколов")
        self.assertEqual(self.js("person", "set", "LEA@EXAMPLE.COM", "--capacity", "4")["name"], "Léa Dubois")
        self.rejected("person", "set", "Lea Dubois", "--capacity", "3", code=3, words="unknown person 'Lea Dubois'")

    def test_two_people_cannot_differ_only_by_case(self):
        self.rejected("person", "add", "LÉA DUBOIS", "--role", "pm", code=4,
                      words="a person named 'Léa Dubois' already exists")
        self.rejected("person", "add", "jürgen groß", "--role", "pm", code=4, words="'Jürgen Groß' already exists")


class Slugs(WorkspaceCase):
    def test_slugs_keep_letters_of_every_script(self):
        for name, slug in [("Événement été", "événement-été"), ("日本語ローンチ", "日本語ローンチ"),
                           ("Запуск: продукт", "запуск-продукт"), ("2027", "launch-2027"),
                           ("Événement été", "événement-été-2")]:
            r = self.js("launch", "add", name, "--date", "2027-03-16", "--tier", "4")
            self.assertEqual(r["slug"], slug)
            self.assertEqual(self.js("launch", "show", slug)["name"], name)
        self.assertIn("日本語ローンチ", self.tm("brief", "日本語ローンチ").stdout)


class Tables(WorkspaceCase):
    def test_columns_line_up_on_the_screen(self):
        self.tm("person", "add", "山田 太郎", "--role", "pm")
        for name, date in [("日本語ローンチ", "2027-03-16"), ("Dark mode", "2027-03-17"), ("🚀 Rocket", "2027-03-18"),
                           ("Café crème", "2027-03-19")]:
            self.tm("launch", "add", name, "--date", date, "--tier", "4", "--pm", "山田")
        lines = self.tm("launch", "list").stdout.splitlines()
        at = columns(lines[0][:lines[0].index("DATE")])
        for line in lines[1:]:
            self.assertEqual(columns(line[:line.index("2027-")]), at, "DATE starts in one column:\n" + "\n".join(lines))
        ends = {columns(line) for line in lines[1:]}
        self.assertEqual(len(ends), 1, "every row ends in the same column:\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
