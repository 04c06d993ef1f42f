#!/usr/bin/env python3
"""The README's tour is real: every `console` block is run as written, in one
workspace, with "today" pinned, and what it shows must be what tminus prints.

- `$ ` starts a command (run with bash, stderr merged into stdout, `tminus`
  on PATH); the lines after it, up to the next command, are its output.
- A line `…` (or ` …`) stands for lines left out; a line ending in ` …` is
  the start of a longer line. Everything else must match exactly, in order.
- `<!-- tour: COMMAND -->` before a block runs a command nobody needs to see
  (the workspace the prose describes); `<!-- tour: not checked, WHY -->`
  skips a block (a server with random tokens, say).

Run as meson does: TMINUS=build/tminus python3 tests/readme/test_readme.py
`--show` prints each command's whole output instead, to write the README from.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SRC = os.environ.get("TMINUS_SRC", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TMINUS = os.path.abspath(os.environ.get("TMINUS", os.path.join(SRC, "build", "tminus")))
TODAY = "2026-11-22"
GAP = "…"


def blocks(text):
    """[(line number, hidden setup commands, [(command, [expected lines])])] of the checked console blocks."""
    lines = text.splitlines()
    out, setup, skip = [], [], False
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r"<!-- tour: (.*) -->", line.strip())
        if m:
            if m.group(1).startswith("not checked"):
                skip = True
            else:
                setup.append(m.group(1))
        elif line.strip() == "```console":
            start, cmds = i + 1, []
            i += 1
            while lines[i].strip() != "```":
                if lines[i].startswith("$ "):
                    cmds.append((lines[i][2:], []))
                elif cmds:
                    cmds[-1][1].append(lines[i])
                i += 1
            if not skip:
                out.append((start, setup, cmds))
            setup, skip = [], False
        elif line.strip() and not line.startswith("<!--"):
            pass
        i += 1
    return out


def matches(expected, actual):
    """None when the expected lines (with gaps) fit the actual output, else why not."""
    if not expected:
        return None if not actual else f"prints {actual[0]!r}, the README shows nothing"
    segments, current = [], []
    for line in expected:
        if line.strip() == GAP:
            segments.append(current)
            current = []
        else:
            current.append(line.rstrip())
    segments.append(current)
    actual = [a.rstrip() for a in actual]

    def same(e, a):
        return a.startswith(e[:-2].rstrip()) if e.endswith(" " + GAP) else a == e

    pos = 0
    for k, seg in enumerate(segments):
        first, last = k == 0, k == len(segments) - 1 and bool(seg)
        if not seg:
            continue
        found = None
        for at in ([pos] if first else range(pos, len(actual) - len(seg) + 1)):
            if at + len(seg) <= len(actual) and all(same(e, a) for e, a in zip(seg, actual[at:at + len(seg)])):
                found = at
                if not last or at + len(seg) == len(actual):
                    break
        if found is None:
            return f"not found in order: {seg[0]!r}" + (f" … ({len(seg)} lines)" if len(seg) > 1 else "")
        pos = found + len(seg)
    if segments[-1] and pos != len(actual):
        return f"output goes on after {segments[-1][-1]!r}: {actual[pos]!r}"
    return None


class Tour(unittest.TestCase):
    maxDiff = None

    def test_every_console_block_is_what_tminus_prints(self):
        with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
            found = blocks(f.read())
        self.assertGreaterEqual(len(found), 3, "the README's tour has its console blocks")
        work = tempfile.mkdtemp(prefix="tminus-readme-")
        bindir = os.path.join(work, "bin")
        os.mkdir(bindir)
        os.symlink(TMINUS, os.path.join(bindir, "tminus"))
        env = {"PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "HOME": work, "LANG": "C.UTF-8",
               "TMINUS_DB": "r.db", "TMINUS_TODAY": TODAY, "TMINUS_USER": "ana", "NO_COLOR": "1"}
        show = "--show" in sys.argv
        try:
            for start, setup, cmds in found:
                for cmd in setup:
                    subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True, check=True)
                for cmd, expected in cmds:
                    p = subprocess.run(["bash", "-c", "exec 2>&1\n" + cmd], cwd=work, env=env, capture_output=True,
                                       text=True, timeout=120)
                    actual = p.stdout.splitlines()
                    if show:
                        print(f"$ {cmd}\n" + p.stdout, end="")
                        continue
                    why = matches(expected, actual)
                    self.assertIsNone(why, f"README.md line {start}: $ {cmd}\n{why}\n--- tminus printed:\n{p.stdout}")
        finally:
            shutil.rmtree(work, ignore_errors=True)


class Matching(unittest.TestCase):
    """The comparison itself can fail."""

    def test_gaps_and_prefixes(self):
        out = ["a", "b", "c", "d"]
        self.assertIsNone(matches(["a", "…", "d"], out))
        self.assertIsNone(matches(["a", "b …", "…"], out))
        self.assertIsNotNone(matches(["a", "c"], out))
        self.assertIsNotNone(matches(["a", "b"], out), "the end must be shown or left out with …")
        self.assertIsNotNone(matches(["…", "d", "c"], out))
        self.assertIsNone(matches([], []))
        self.assertIsNotNone(matches([], ["x"]))


if __name__ == "__main__":
    argv = [a for a in sys.argv if a != "--show"]
    result = unittest.main(argv=argv, exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
