#!/usr/bin/env bash
# make bench: the figures the issues ask for, printed as a table.
set -euo pipefail
cd "$(dirname "$0")/.."
TMINUS=${1:-build-bench/tminus}
python3 bench/cli_bench.py "$TMINUS"
