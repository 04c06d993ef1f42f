#!/usr/bin/env python3
"""Runs the browser tests: installs playwright-core from the npm registry
(package-lock.json pins it; no browser is downloaded, Debian's Chromium is
used) when node_modules is missing, then each test script with node: sign-in
(signin.mjs) and the first admin's one-time password (password.mjs)."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
if not os.path.isdir(os.path.join(here, "node_modules", "playwright-core")):
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=here, check=True,
                   env=dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1"))
failed = 0
for script in ("signin.mjs", "password.mjs"):
    failed += subprocess.run(["node", os.path.join(here, script)]).returncode != 0
sys.exit(1 if failed else 0)
