#!/usr/bin/env python3
"""src/util/banned.h bans what it says, and every C file reads it.

- Each banned call, in a file that includes banned.h last as the project's
  files do, fails to compile with an error naming
  sorry_<function>_is_a_banned_function; the same file calling the safe forms
  instead compiles cleanly with -Wall -Wextra -Werror, plain and fortified
  (where string.h and stdio.h define inline wrappers that must not see the
  macros).
- Every .c file under src/, tests/unit/, tests/fuzz/ and bench/ has
  #include "util/banned.h" as its last #include (a file that forgets it, or
  includes a header after it, fails here).

Run as meson does, with the compiler's command after the script:
TMINUS_SRC=. python3 tests/build/test_banned.py cc
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

SRC = pathlib.Path(os.environ.get("TMINUS_SRC", pathlib.Path(__file__).resolve().parents[2]))
CC = sys.argv[1:] or [os.environ.get("CC", "cc")]
FLAGS = ["-std=c17", "-Wall", "-Wextra", "-Werror", "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE",
         "-I", str(SRC / "src"), "-fsyntax-only"]

# The headers the project's files read: banned.h must come after all of them unharmed.
HEADERS = """\
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
"""

TEMPLATE = HEADERS + """
#include "util/banned.h"

long f(char *dst, size_t n, const char *src, va_list ap, const time_t *t, struct tm *tm);
long f(char *dst, size_t n, const char *src, va_list ap, const time_t *t, struct tm *tm)
{
	(void)dst, (void)n, (void)src, (void)ap, (void)t, (void)tm;
	%s;
	return 0;
}
"""

# Each banned function and a call of it.
BANNED = {
    "strcpy": "strcpy(dst, src)",
    "strcat": "strcat(dst, src)",
    "strncpy": "strncpy(dst, src, n)",
    "strncat": "strncat(dst, src, n)",
    "sprintf": 'sprintf(dst, "%s", src)',
    "vsprintf": "vsprintf(dst, src, ap)",
    "gets": "gets(dst)",
    "atoi": "return atoi(src)",
    "atol": "return atol(src)",
    "atoll": "return atoll(src)",
    "strtok": 'strtok(dst, ",")',
    "gmtime": "return gmtime(t) != NULL",
    "localtime": "return localtime(t) != NULL",
    "ctime": "return ctime(t) != NULL",
    "asctime": "return asctime(tm) != NULL",
}

# What the project calls instead.
SAFE = """\
char *save = NULL, *end = NULL;
	struct tm utc, local;
	snprintf(dst, n, "%s", src);
	vsnprintf(dst, n, src, ap);
	(void)strtok_r(dst, ",", &save);
	(void)fgets(dst, (int)n, stdin);
	(void)gmtime_r(t, &utc);
	(void)localtime_r(t, &local);
	(void)strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &utc);
	return strtol(src, &end, 10)"""


def compile_c(text, *extra):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "banned_probe.c"
        path.write_text(text)
        return subprocess.run([*CC, *FLAGS, *extra, str(path)], capture_output=True, text=True)


class Banned(unittest.TestCase):
    def test_the_safe_forms_compile_after_every_system_header(self):
        for extra in [[], ["-O2", "-U_FORTIFY_SOURCE", "-D_FORTIFY_SOURCE=2"]]:
            with self.subTest(flags=extra):
                p = compile_c(TEMPLATE % SAFE, *extra)
                self.assertEqual(p.returncode, 0, p.stderr)

    def test_each_banned_call_fails_naming_the_function(self):
        for name, call in BANNED.items():
            with self.subTest(function=name):
                p = compile_c(TEMPLATE % call)
                self.assertNotEqual(p.returncode, 0, f"{call} compiled")
                self.assertIn(f"sorry_{name}_is_a_banned_function", p.stderr)

    def test_every_c_file_includes_it_last(self):
        include = re.compile(r"^\s*#\s*include\b.*$", re.M)
        files = [f for d in ["src", "tests/unit", "tests/fuzz", "bench"] for f in sorted((SRC / d).rglob("*.c"))]
        self.assertGreater(len(files), 50, f"no C files under {SRC}")
        wrong = []
        for f in files:
            found = include.findall(f.read_text())
            if not found or found[-1].strip() != '#include "util/banned.h"':
                wrong.append(str(f.relative_to(SRC)))
        self.assertEqual(wrong, [], 'these files do not end their #include lines with #include "util/banned.h"')


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
