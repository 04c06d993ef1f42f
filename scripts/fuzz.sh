#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang (+ASan+UBSan)
# and runs each for FUZZ_SECONDS (default 60, as `make test` runs them; `make
# fuzz` gives 600), FUZZ_JOBS at a time (default 2: the cores of the machine
# the suite is timed on), printing one line per target as it ends. Each reads
# its seed corpus (tests/fuzz/corpus/NAME/) and writes what it finds to a
# scratch directory; a crash, a leak, a sanitizer report or an input slower
# than 10 s is saved under tests/fuzz/artifacts/ and fails the run.
#
# With FUZZ_COVERAGE=1 (`make fuzz`) it then builds the targets again with
# clang's source-based coverage (build-fuzz-cov), replays every seed corpus
# and everything the fuzzing found, and prints the line coverage of each
# parser's source (below: the file, and the functions of it that are the
# parser when the file holds more), then all of them together against the
# goal of 80 %.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
COV_BUILD=${FUZZ_COV_BUILD:-build-fuzz-cov}
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
coverage=${FUZZ_COVERAGE:-0}

# The parsers measured: FILE, then an extended regex of its functions to count ('.' for all), then
# one of those to leave out ('-' for none): what is not reading outside input (a schema for the
# OpenAPI document, a use case beside the parser in the same file).
parsers=(
  "src/core/date.c ^(parse|digits|read_quarter|tm_(date|offset|due|quarter)_parse(_any)?)$ -"
  "src/core/playbook.c . -"
  "src/core/brief.c . -"
  "src/core/csv.c . -"
  "src/core/import.c . -"
  "src/core/netaddr.c . -"
  "src/core/notify.c ^tm_notify_event(s_normalise|_parse)$ -"
  "src/http/validate.c . -"
  "src/http/assets.c ^(tm_accepts_gzip|weight_zero)$ -"
  "src/http/auth.c ^tm_next_ok$ -"
  "src/app/app.c ^tm_parse_int$ -"
  "src/app/input.c . schema|cli_name"
  "src/app/import_workspace.c . -"
  "src/app/calendar.c ^(ical_date|import_event|ical_lines|add_one|tm_app_holiday_import_text)$ -"
  "src/app/webhooks.c ^(check_url|tm_app_webhook_add)$ -"
  "src/app/metrics.c ^(tm_app_metric_import_text|read_header|read_row|read_field|trimmed|observation_of|metric_names)$ -"
  "src/present/markdown.c . -"
)

targets=()
for f in tests/fuzz/fuzz_*.c; do
  t=$(basename "$f" .c)
  t=${t#fuzz_}
  [[ -d tests/fuzz/corpus/$t ]] || { echo "fuzz_$t: no seed corpus in tests/fuzz/corpus/$t" >&2; exit 1; }
  targets+=("$t")
done

# Quiet when it builds; the whole output when it does not (a target that fails to link is a failure).
build() {
  local dir=$1
  shift
  [[ -f $dir/build.ninja ]] || CC=clang meson setup "$dir" -Dfuzz=true -Dtests=false "$@" >/dev/null
  local out
  if ! out=$(ninja -C "$dir" $(printf 'tests/fuzz/fuzz_%s ' "${targets[@]}") 2>&1); then
    printf '%s\n' "$out" | tail -30
    exit 1
  fi
}
build "$FUZZ_BUILD" -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p tests/fuzz/artifacts

# One target: fuzzes into $work/found/NAME, says how it went in one line, keeps the log on failure.
run() {
  local t=$1 found=$work/found/$1 log=$work/$1.log
  mkdir -p "$found"
  local start=$SECONDS
  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$FUZZ_BUILD/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
      -timeout=10 -print_final_stats=0 -artifact_prefix="tests/fuzz/artifacts/fuzz_$t-" "$found" \
      "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    local runs
    runs=$(grep -oE "Done [0-9]+ runs" "$log" | tail -1 | grep -oE "[0-9]+" || echo "?")
    printf 'fuzz_%s: ok, %s runs in %ds, %d seeds + %d inputs found\n' "$t" "$runs" $((SECONDS - start)) \
      "$(ls "tests/fuzz/corpus/$t" | wc -l)" "$(ls "$found" | wc -l)"
  else
    printf 'fuzz_%s: FAILED after %ds (%s)\n' "$t" $((SECONDS - start)) \
      "$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 || echo "see the log below")"
    touch "$work/$t.failed"
  fi
}

began=$SECONDS
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do
    wait -n || true
  done
  run "$t" &
done
wait
echo "fuzz: ${#targets[@]} targets, ${secs}s each, $jobs at a time: $((SECONDS - began))s"

status=0
for t in "${targets[@]}"; do
  if [[ -f $work/$t.failed ]]; then
    echo "---- fuzz_$t"
    tail -40 "$work/$t.log"
    status=1
  fi
done
((status == 0)) || exit $status
[[ $coverage == 1 ]] || exit 0

# ---- Line coverage of the parsers, from the seeds and what the fuzzing found.
cov_began=$SECONDS
ver=$(clang --version | grep -oE "version [0-9]+" | grep -oE "[0-9]+" | head -1)
profdata=$(command -v "llvm-profdata-$ver" || command -v llvm-profdata || true)
cov=$(command -v "llvm-cov-$ver" || command -v llvm-cov || true)
[[ -n $profdata && -n $cov ]] || { echo "coverage: needs llvm-profdata and llvm-cov (Debian: llvm-$ver)" >&2; exit 1; }
build "$COV_BUILD" -Dbuildtype=debug -Dc_args='-fprofile-instr-generate -fcoverage-mapping' \
  -Dc_link_args='-fprofile-instr-generate -fcoverage-mapping'
mkdir -p "$work/prof"
objects=()
for t in "${targets[@]}"; do
  # -runs=0: every input once, nothing new.
  LLVM_PROFILE_FILE="$work/prof/$t.profraw" "$COV_BUILD/tests/fuzz/fuzz_$t" -runs=0 \
    "tests/fuzz/corpus/$t" "$work/found/$t" >"$work/$t.replay.log" 2>&1 ||
    { echo "fuzz_$t: the coverage replay failed"; tail -20 "$work/$t.replay.log"; exit 1; }
  objects+=(-object "$COV_BUILD/tests/fuzz/fuzz_$t")
done
"$profdata" merge -sparse "$work"/prof/*.profraw -o "$work/fuzz.profdata"

total=0 missed=0
for p in "${parsers[@]}"; do
  read -r file keep drop <<<"$p"
  # A row per function: NAME REGIONS MISS COVER LINES MISS COVER …; a static one is FILE:NAME. A
  # function linked into several targets is counted once, at its best (the least lines missed).
  read -r lines miss < <("$cov" report -show-functions -instr-profile="$work/fuzz.profdata" \
      -path-equivalence="$(cd "$COV_BUILD" && pwd)/..,$PWD" "${objects[@]:1}" "$file" 2>/dev/null |
    awk -v keep="$keep" -v drop="$drop" '
      NF >= 7 && $1 != "TOTAL" && $2 ~ /^[0-9]+$/ && $5 ~ /^[0-9]+$/ {
        name = $1; sub(/^.*:/, "", name)
        if (name ~ keep && (drop == "-" || name !~ drop) && (!(name in n) || $6 < m[name])) { n[name] = $5; m[name] = $6 }
      }
      END { for (f in n) { l += n[f]; x += m[f] } print l + 0, x + 0 }')
  if ((lines == 0)); then
    echo "coverage: $file: no lines measured (is it linked into a target?)"
    continue
  fi
  awk -v f="$file" -v l="$lines" -v m="$miss" 'BEGIN { printf "coverage: %s %.1f%% (%d of %d lines)\n", f, 100 * (l - m) / l, l - m, l }'
  total=$((total + lines))
  missed=$((missed + miss))
done
awk -v l="$total" -v m="$missed" 'BEGIN { printf "parsers: %.1f%% (goal 80%%; %d of %d lines)\n", 100 * (l - m) / l, l - m, l }'
echo "coverage: built, replayed and reported in $((SECONDS - cov_began))s"
