#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it. Each suite runs once, in the build where it checks most:
#   1. the normal build (-Werror), for what needs a build without sanitizers: its hardening (suite
#      build), the browser tests, the end-to-end and API suites on PostgreSQL (suites e2e-pg,
#      api-pg: each starts a throwaway cluster of its own with tests/pg.py and removes it at the
#      end), and suite plain: the faults (a full disk, 60 s of concurrent writers, SIGTERM and
#      backups under load, at full figures) and the server under an address-space limit (which a
#      sanitizer's reserved memory defeats)
#   2. the unit and CLI suites, on SQLite and (unit-pg) PostgreSQL, built with ASan+UBSan and
#      -Dalloc_faults (any report fails the run), with the allocation-failure sweep (suite alloc)
#   3. the HTTP suite on SQLite against a ThreadSanitizer build of the server (scripts/tsan.sh),
#      and beside it (the HTTP tests mostly wait on their clients) valgrind over the CLI paths (any
#      leak or error fails the run), and at the lowest priority every libFuzzer target for a
#      minute of the clock (FUZZ_SECONDS), two at a time, and clang-tidy and cppcheck over src/
#      (scripts/lint.sh)
# Ends with one line "N passed, M failed" and a non-zero exit on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
ASAN_BUILD=${ASAN_BUILD:-build-asan}
passed=0
failed=0

# Counts a meson build's test results from its testlog.
count_meson() {
  local log=$1/meson-logs/testlog.json
  [[ -f $log ]] || { failed=$((failed + 1)); return; }
  read -r p f < <(python3 -c '
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    else: f += 1
print(p, f)' "$log")
  passed=$((passed + p))
  failed=$((failed + f))
}

# Each step's heading, and how long the one before it took (the run must stay under 30 minutes on 2 cores).
started=$SECONDS
last=$SECONDS
step() {
  (( SECONDS > started )) && printf '(%ds)\n' $((SECONDS - last))
  last=$SECONDS
  printf '\n== %s\n' "$*"
}

step "build ($BUILD)"
[[ -f $BUILD/build.ninja ]] || meson setup "$BUILD" >/dev/null
if ninja -C "$BUILD"; then
  step "tests ($BUILD): the build itself, browser, PostgreSQL, faults"
  meson test -C "$BUILD" --print-errorlogs --no-rebuild --suite build --suite browser --suite e2e-pg --suite api-pg --suite plain
  count_meson "$BUILD"
else
  failed=$((failed + 1))
fi

step "build with ASan+UBSan ($ASAN_BUILD)"
[[ -f $ASAN_BUILD/build.ninja ]] ||
  meson setup "$ASAN_BUILD" -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=all -Dalloc_faults=true >/dev/null
# The allocation-failure tests (unit mem, the sweep) run in this build: it can fail its Nth allocation.
meson configure "$ASAN_BUILD" -Dalloc_faults=true >/dev/null
if ninja -C "$ASAN_BUILD"; then
  step "tests under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$ASAN_BUILD" --print-errorlogs --no-rebuild --no-suite browser --no-suite e2e-pg --no-suite api-pg \
      --no-suite api
  count_meson "$ASAN_BUILD"
else
  failed=$((failed + 1))
fi

step "ThreadSanitizer over the HTTP suite; beside it valgrind, the fuzz targets, clang-tidy and cppcheck"
# The HTTP tests mostly wait on their clients, and valgrind keeps one core: the fuzz targets (each run for
# FUZZ_SECONDS of the clock, libFuzzer's -max_total_time, and saying how many inputs it ran) and the
# static analysis take the CPU the two leave, at the lowest priority so that the tests' clients and
# servers come first.
# Starts a command beside the TSan suite, its output kept for after: beside "heading" CMD...
beside_pids=()
beside_logs=()
beside_heads=()
beside() {
  local log
  log=$(mktemp)
  beside_heads+=("$1")
  shift
  "$@" >"$log" 2>&1 &
  beside_pids+=($!)
  beside_logs+=("$log")
}
beside "valgrind over the CLI paths" tests/valgrind.sh "$BUILD/tminus"
beside "fuzz targets (${FUZZ_SECONDS:-60}s each, two at a time)" \
  env FUZZ_SECONDS="${FUZZ_SECONDS:-60}" nice -n 19 scripts/fuzz.sh
beside "clang-tidy and cppcheck over src/" nice -n 19 scripts/lint.sh "$BUILD"
# The faults suite's loads (60 s of writers, 30 s of backups) prove their figures in step 1; here they
# run 10 s each, for what TSan sees on the same paths.
if TMINUS_FAULTS_BUSY_SECONDS=10 TMINUS_FAULTS_BACKUP_SECONDS=10 scripts/tsan.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
echo "(the ThreadSanitizer suite ended after $((SECONDS - last))s)"
for i in "${!beside_pids[@]}"; do
  if wait "${beside_pids[$i]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  echo "-- ${beside_heads[$i]}"
  cat "${beside_logs[$i]}"
  rm -f "${beside_logs[$i]}"
done

step "done in $((SECONDS - started))s"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
