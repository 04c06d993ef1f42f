#!/usr/bin/env bash
# make bench: the figures the issues ask for, printed as tables.
#   bench/cli_bench.py   10,000 launches: launch add, launch list, task list, launch show (+ Taskwarrior)
#   bench/startup_bench.py  tminus --version beside a minimal C program (goal: within 2x)
#   bench/plan_bench.py  1,000 launches x 40 tasks: plan, plan --all, calendar --ics (+ TaskJuggler)
#   bench/http_bench.py  10,000 launches: reads and writes over HTTP (+ nginx)
#   bench/pg_bench.py    the same reads and writes on PostgreSQL, one and two servers; plan --all there
#   bench/metric_bench.py  10,000 launches x 5 metrics x 50 observations: metric status --all, dashboard,
#                        metric record
#   bench/next_bench.py  100,000 ideas: backlog rank; experiment analyze; 2,000 roadmap items over 10,000
#                        launches: roadmap, agenda weekly
#   bench/export_bench.py  the same 10,000 launches: export --all --format json (and import workspace once)
#   bench/import_bench.py  a 10,000-row Asana CSV with 5,000 dependencies: import asana into a new launch
#   bench/notify_bench.py  10,000 launches and 500 people: one notify run pass (digests, events, checks near T)
#   bench/ui_bench.mjs   the web UI in headless Chromium: first page's JavaScript, the launch room,
#                        a quarter of the 10,000-launch portfolio
set -euo pipefail
cd "$(dirname "$0")/.."
TMINUS=${1:-build-bench/tminus}
echo "== start-up (issue: a command loads only what it uses)"
python3 bench/startup_bench.py "$TMINUS"
echo
echo "== command line (issue: the command line on SQLite)"
python3 bench/cli_bench.py "$TMINUS"
echo
echo "== plans (issue: plans that hold)"
python3 bench/plan_bench.py "$TMINUS"
echo
echo "== server (issue: tminus serve)"
python3 bench/http_bench.py "$TMINUS"
echo
echo "== PostgreSQL (issue: one workspace, several tminus serve processes)"
python3 bench/pg_bench.py "$TMINUS"
echo
echo "== metrics (issue: after launch day)"
python3 bench/metric_bench.py "$TMINUS"
echo
echo "== before the next launch (issue: backlog, experiments, roadmap, agendas)"
python3 bench/next_bench.py "$TMINUS"
echo
echo "== export (issue: bring launches in and out)"
python3 bench/export_bench.py "$TMINUS"
echo
echo "== import (issue: bring launches in and out)"
python3 bench/import_bench.py "$TMINUS"
echo
echo "== notifications (issue 15: keep the team told)"
python3 bench/notify_bench.py "$TMINUS"
echo
echo "== web UI (issue: the web UI)"
[[ -d tests/e2e/node_modules/playwright-core ]] ||
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
node bench/ui_bench.mjs "$TMINUS"
