#!/usr/bin/env python3
"""The built binary is hardened, whatever the build: a position-independent
executable, bound at start (BIND_NOW) with its relocations read-only after
(full RELRO), a stack protector (__stack_chk_fail), and, where the build
fortifies (TMINUS_FORTIFY=1: optimised and without sanitizers, see
meson.build), the checked __*_chk variants of string and memory calls.

Read with binutils' readelf.  Run as meson does:
TMINUS=path/to/tminus TMINUS_FORTIFY=1 python3 tests/build/test_hardening.py
"""
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import TMINUS, main  # noqa: E402

FORTIFY = os.environ.get("TMINUS_FORTIFY", "1") == "1"


def readelf(*args):
    return subprocess.run(["readelf", "--wide", *args, TMINUS], capture_output=True, text=True, check=True).stdout


@unittest.skipUnless(shutil.which("readelf"), "readelf is missing (apt-get install binutils)")
class Hardening(unittest.TestCase):
    def test_position_independent(self):
        self.assertTrue(re.search(r"Type:\s+DYN", readelf("--file-header")), "not a PIE: it loads at a fixed address")
        self.assertTrue(re.search(r"FLAGS_1.*\bPIE\b", readelf("--dynamic")), "the dynamic section does not say PIE")

    def test_full_relro(self):
        dynamic = readelf("--dynamic")
        self.assertTrue(re.search(r"\(FLAGS\)\s+.*\bBIND_NOW\b", dynamic), "no BIND_NOW: symbols are bound lazily")
        self.assertTrue(re.search(r"FLAGS_1.*\bNOW\b", dynamic), "FLAGS_1 lacks NOW")
        self.assertTrue("GNU_RELRO" in readelf("--program-headers"), "no GNU_RELRO segment")

    def test_stack_protector(self):
        self.assertTrue("__stack_chk_fail" in readelf("--dyn-syms"), "no __stack_chk_fail: built without a stack protector")

    def test_fortified(self):
        if not FORTIFY:
            self.skipTest("this build does not fortify (unoptimised or sanitized: see meson.build)")
        checked = sorted(set(re.findall(r"\b(__\w+_chk)\b", readelf("--dyn-syms"))) - {"__stack_chk_fail"})
        self.assertTrue(checked, "no __*_chk calls: built without _FORTIFY_SOURCE")
        self.assertIn("__snprintf_chk", checked, "snprintf, used everywhere, is not the checked variant")


if __name__ == "__main__":
    main()
