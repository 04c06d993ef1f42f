#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (+ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 10; `make fuzz` gives 300). The seed corpora in
# tests/fuzz/corpus/ are read, new inputs go to a scratch directory, and any
# crash is saved under tests/fuzz/artifacts/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
secs=${FUZZ_SECONDS:-10}

[[ -f $FUZZ_BUILD/build.ninja ]] ||
  CC=clang meson setup "$FUZZ_BUILD" -Dfuzz=true -Dtests=false -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
# Quiet when it builds; the whole output when it does not (a target that fails to link is a failure).
if ! out=$(ninja -C "$FUZZ_BUILD" 2>&1); then
  printf '%s\n' "$out" | tail -30
  exit 1
fi

mkdir -p tests/fuzz/artifacts
status=0
for t in date playbook brief csv import request framing workspace; do
  scratch=$(mktemp -d)
  echo "fuzz_$t: ${secs}s"
  if ! UBSAN_OPTIONS=halt_on_error=1 "$FUZZ_BUILD/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
      -print_final_stats=0 -artifact_prefix=tests/fuzz/artifacts/ "$scratch" "tests/fuzz/corpus/$t" \
      >"$scratch.log" 2>&1; then
    tail -40 "$scratch.log"
    status=1
  else
    grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$scratch.log" | tail -1
  fi
  rm -rf "$scratch" "$scratch.log"
done
exit $status
