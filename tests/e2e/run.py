#!/usr/bin/env python3
"""Runs the browser tests: installs playwright-core and axe-core from the npm
registry (package-lock.json pins them; no browser is downloaded, Debian's
Chromium is used) when node_modules is missing or older than the lockfile,
then each test script with node: sign-in (signin.mjs), the first admin's
one-time password (password.mjs), and the web UI's pages (ui_*.mjs, on
ui_lib.mjs, among them ui_metrics.mjs: metrics, reviews, the dashboard).

Usage: run.py [SCRIPT.mjs ...] runs only the scripts named (all when none)."""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
stamp = os.path.join(here, "node_modules", ".package-lock.json")
if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(os.path.join(here, "package-lock.json")):
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=here, check=True,
                   env=dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1"))
scripts = ["signin.mjs", "password.mjs"] + sorted(os.path.basename(p) for p in glob.glob(os.path.join(here, "ui_*.mjs"))
                                               if not p.endswith("ui_lib.mjs"))
if len(sys.argv) > 1:
    scripts = [os.path.basename(a) for a in sys.argv[1:]]
failed = []
for script in scripts:
    print(f"== {script}", flush=True)
    if subprocess.run(["node", os.path.join(here, script)]).returncode != 0:
        failed.append(script)
if failed:
    print("failed: " + ", ".join(failed))
sys.exit(1 if failed else 0)
