#!/usr/bin/env python3
"""A command loads only the libraries it uses. libmicrohttpd (and the GnuTLS
stack it brings), libsodium and libical are opened with dlopen() by the
commands that need them: every other command starts without them, which is
most of a small command's start-up time. The commands that do need them
still work: `serve` answers over HTTP, `user add` hashes a password,
`calendar --ics` writes iCalendar.

The dynamic loader itself says what it maps (LD_DEBUG=files), and a running
server's /proc/PID/maps shows what it holds. On a PostgreSQL workspace every
command opens libpq, and with it what libpq itself links (Debian's brings
GnuTLS through LDAP): those are libpq's, not the server's, and are allowed
then; libmicrohttpd never is."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import PASSWORD, Server, WorkspaceCase, main  # noqa: E402

# (libunistring is GnuTLS's too, but every command uses it for names in every script.)
SERVER = ("libmicrohttpd", "libgnutls", "libp11-kit", "libnettle", "libhogweed", "libgmp", "libidn2",
          "libtasn1", "libffi")
SODIUM = ("libsodium",)
ICAL = ("libical", "libicu")
CURL = ("libcurl",)  # the outbox's sending (issue 15), and the TLS stack it brings


def base(path):
    """libsodium.so.23 -> libsodium"""
    return os.path.basename(path).split(".so")[0]


def needed_by(path):
    """The base names of every library path links, directly or not (ldd)."""
    p = subprocess.run(["ldd", path], capture_output=True, text=True)
    return {base(m) for m in re.findall(r"^\s*(\S+\.so[.\d]*)", p.stdout, re.M)}


class Libraries(WorkspaceCase):
    def setUp(self):
        super().setUp()
        self.tm("demo")

    def loaded(self, *args, input=None, code=0):
        """Runs tminus under LD_DEBUG=files: the base names of every library the loader opened."""
        env = dict(self.env, LD_DEBUG="files", LD_DEBUG_OUTPUT=os.path.join(self.dir, "ld"))
        self.tm(*args, env=env, input=input, code=code)
        libs, self.libpq = set(), None
        for name in os.listdir(self.dir):
            if name.startswith("ld."):
                path = os.path.join(self.dir, name)
                with open(path) as f:
                    files = re.findall(r"\bfile=(\S+)", f.read())
                libs |= {base(m) for m in files}
                self.libpq = next((m for m in files if base(m) == "libpq" and os.path.isabs(m)), self.libpq)
                os.remove(path)
        self.assertIn("libc", libs, "LD_DEBUG=files printed nothing")
        return libs

    def assert_none(self, libs, names, cmd):
        """None of names is mapped, but for what libpq links when the command opened it (a PostgreSQL
        workspace); the HTTP server's own library never."""
        allowed = needed_by(self.libpq) - {"libmicrohttpd"} if self.libpq else set()
        found = sorted(lib for lib in libs if lib.startswith(names) and lib not in allowed)
        self.assertEqual(found, [], f"tminus {cmd} maps {found}")

    def test_everyday_commands_start_without_the_server_libraries(self):
        slug = self.js("launch", "list")[0]["slug"]
        for args in (["--version"], ["--help"], ["launch", "list"], ["--json", "launch", "list"],
                     ["launch", "show", slug], ["task", "list", slug], ["plan", slug], ["plan", "--all"],
                     ["person", "list"], ["doc", slug, "checklist"],
                     ["launch", "add", "Libraries", "--date", "2027-03-16", "--tier", "2", "--pm", "Ana Silva"]):
            cmd = " ".join(args)
            libs = self.loaded(*args)
            self.assert_none(libs, SERVER + SODIUM + ICAL + CURL, cmd)
        self.assert_none(self.loaded("check", "--all", code=1), SERVER + SODIUM + ICAL + CURL, "check --all")
        self.assert_none(self.loaded("notify", "log"), SERVER + SODIUM + ICAL + CURL, "notify log")
        # Nothing to send: the sending library stays closed.
        self.assert_none(self.loaded("notify", "run", "--send-only"), SERVER + ICAL + CURL, "notify run --send-only")

    def test_account_commands_load_libsodium_only(self):
        libs = self.loaded("user", "add", "ana", "--role", "editor", input=PASSWORD + "\n")
        self.assertIn("libsodium", libs)
        self.assert_none(libs, SERVER + ICAL, "user add")
        token = self.loaded("token", "create", "--user", "ana", "--name", "ci", "--scope", "read")
        self.assertIn("libsodium", token)
        self.assert_none(token, SERVER, "token create")
        self.assertEqual([u["name"] for u in self.js("user", "list")], ["ana"])

    def test_calendar_export_loads_libical_only(self):
        libs = self.loaded("calendar", "--ics")
        self.assertTrue(any(lib.startswith("libical") for lib in libs), sorted(libs))
        self.assert_none(libs, SERVER + SODIUM, "calendar --ics")


class Serve(WorkspaceCase):
    def test_serve_maps_its_libraries_and_answers(self):
        srv = Server()
        try:
            srv.user("ana", "editor")
            token = srv.token("ana", "read")["token"]
            srv.start()
            with open(f"/proc/{srv.proc.pid}/maps") as f:
                maps = {base(line.split()[-1]) for line in f if "/" in line}
            self.assertIn("libmicrohttpd", maps)
            self.assertIn("libsodium", maps)
            r, body = srv.request("GET", "/api/v1/launches", token=token)
            self.assertEqual(r.status, 200, body)
            self.assertTrue(json.loads(body))
            r, _ = srv.request("GET", "/api/v1/launches", token=token + "x")
            self.assertEqual(r.status, 401)
        finally:
            srv.close()


if __name__ == "__main__":
    main()
