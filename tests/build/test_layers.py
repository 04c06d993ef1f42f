#!/usr/bin/env python3
"""The folders of src/ include one another one way, down the layers of the
README's architecture:

    main.c → cli/ → http/ → present/ → app/ → store/, render/ → core/ → util/

Every `#include "folder/file.h"` in src/ is an edge from the including
file's folder to the included one (system headers, in <>, and a folder's
own headers are not edges). The test fails on a folder it does not place
(add it to ALLOWED, with the folders it may include, before its first
file), on an edge ALLOWED does not list (naming the file and line), and on
any cycle among the folders, whatever ALLOWED says.

Run as meson does: TMINUS_SRC=. python3 tests/build/test_layers.py
With --graph it prints the folder → folder edges and exits.
"""
import os
import re
import sys
import unittest

SRC = os.path.join(os.environ.get("TMINUS_SRC", "."), "src")

# Each folder and the folders its files may include: only ones below it.
# "main" is src/ itself (main.c).
BELOW_APP = {"store", "render", "core", "util"}
ALLOWED = {
    "util": set(),                                   # buffers, vectors, errors, libraries opened at run time
    "core": {"util"},                                # the pure domain
    "render": {"core", "util"},                      # domain values as JSON and tables
    "store": {"core", "util"},                       # the storage interface and its backends
    "app": BELOW_APP,                                # the use cases (render/ for the audit log's JSON)
    "present": {"app"} | BELOW_APP,                  # the use cases' results, for both front ends
    "http": {"present", "app"} | BELOW_APP,          # the server
    "cli": {"http", "present", "app"} | BELOW_APP,   # the command line (serve starts http/)
    "main": {"cli", "http", "present", "app"} | BELOW_APP,
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/[^"]+"')


def folder_of(path):
    """The top folder under src/ of a file ("main" for src/ itself)."""
    rel = os.path.relpath(path, SRC).split(os.sep)
    return rel[0] if len(rel) > 1 else "main"


def includes(src=SRC):
    """Every edge between two folders: (from, to, "src/…:line")."""
    found = []
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            here = folder_of(path)
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if m and m.group(1) != here:
                        found.append((here, m.group(1), f"{os.path.relpath(path, os.path.dirname(src))}:{n}"))
    return found


def cycles(edges):
    """The strongly connected components of more than one folder (Tarjan), each sorted."""
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                found.append(sorted(scc))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def forbidden(found, allowed=ALLOWED):
    """The includes allowed does not list, as messages naming file and line."""
    bad = []
    for a, b, where in found:
        if a not in allowed:
            bad.append(f"{where}: folder {a}/ is not placed in a layer (add it to ALLOWED in {__file__})")
        elif b not in allowed[a]:
            may = ", ".join(sorted(allowed[a])) or "nothing of tminus"
            bad.append(f"{where}: {a}/ includes {b}/, which is not below it ({a}/ may include: {may})")
    return bad


class Layers(unittest.TestCase):
    def test_sources_found(self):
        self.assertTrue(os.path.isfile(os.path.join(SRC, "main.c")), f"no {SRC}/main.c: set TMINUS_SRC")
        self.assertGreater(len(includes()), 50, "too few includes found: is TMINUS_SRC the source tree?")

    def test_every_folder_placed(self):
        folders = {d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d))}
        self.assertEqual(folders - set(ALLOWED), set(), "folders of src/ missing from ALLOWED")

    def test_no_forbidden_include(self):
        bad = forbidden(includes())
        self.assertFalse(bad, "includes against the layers:\n" + "\n".join(bad))

    def test_no_cycle(self):
        found = cycles((a, b) for a, b, _ in includes())
        self.assertFalse(found, "folders that include each other: " + "; ".join(" ⇄ ".join(c) for c in found))

    def test_allowed_is_one_way(self):
        self.assertFalse(cycles((a, b) for a, bs in ALLOWED.items() for b in bs), "ALLOWED itself has a cycle")

    def test_checks_catch_what_they_should(self):
        # The checks themselves, on made-up graphs: a cycle through three folders, and the
        # edges the layers forbid (core/ to anything but util/, store/ to app/, app/ to the
        # front ends, render/ to app/).
        self.assertEqual(cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]), [["a", "b", "c"]])
        self.assertEqual(cycles([("app", "render"), ("render", "core")]), [])
        for a, b in [("core", "store"), ("core", "render"), ("store", "app"), ("store", "http"), ("app", "cli"),
                     ("app", "http"), ("app", "present"), ("render", "app"), ("util", "core")]:
            self.assertTrue(forbidden([(a, b, "x.c:1")]), f"{a} → {b} should be refused")
        self.assertTrue(forbidden([("newdir", "util", "x.c:1")]))


def graph():
    counts = {}
    for a, b, _ in includes():
        counts[(a, b)] = counts.get((a, b), 0) + 1
    for (a, b), n in sorted(counts.items()):
        print(f"{a:8} → {b:8} {n:3} include(s)")
    found = cycles(counts)
    print("cycles: " + ("; ".join(" ⇄ ".join(c) for c in found) if found else "none"))


if __name__ == "__main__":
    if sys.argv[1:] == ["--graph"]:
        graph()
        sys.exit(0)
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
