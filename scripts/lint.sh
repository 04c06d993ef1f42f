#!/usr/bin/env bash
# Static analysis of src/ (issue 16): clang-tidy with the repository's .clang-tidy (bugprone,
# CERT, the static analyzer, concurrency, performance) over every src/**/*.c, and cppcheck
# over src/. A finding that is not a bug is suppressed where it is, with its reason
# (/* NOLINTNEXTLINE(check): why */, /* cppcheck-suppress id ; why */); anything else fails.
# Usage: scripts/lint.sh [BUILD_DIR [FILE.c...]]   (default build/, every src/**/*.c; it needs
#        compile_commands.json and the generated sources, so a built tree: meson setup build &&
#        ninja -C build). Files named: clang-tidy over those only (cppcheck still over src/).
# Env:   JOBS (default: the number of CPUs) clang-tidy processes at once.
# Prints the findings, then "lint: clang-tidy N findings, cppcheck M findings"; exits 1 if any.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
shift || true
jobs=${JOBS:-$(nproc)}

if [[ ! -f $build/compile_commands.json ]]; then
  echo "lint: no $build/compile_commands.json: run  meson setup $build && ninja -C $build" >&2
  exit 2
fi
tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
cppcheck=$(command -v cppcheck || true)
if [[ -z $tidy || -z $cppcheck ]]; then
  echo "lint: needs clang-tidy and cppcheck (scripts/deps.sh test)" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clang-tidy: one process per file. Not several files to a process: clang-tidy 14's static
# analyzer carries state from one file to the next (its va_list checker then reports every
# vsnprintf after a va_start as reading an uninitialised va_list).
mkdir "$tmp/tidy"
if [[ $# -gt 0 ]]; then printf '%s\n' "$@"; else find src -name '*.c' | sort; fi |
  xargs -P "$jobs" -I{} sh -c 'log="$4/$(echo "$3" | tr / _)"; "$1" -p "$2" --quiet "$3" >"$log.log" 2>&1; echo $? >"$log.rc"' \
    sh "$tidy" "$build" {} "$tmp/tidy"

# A finding is "FILE:LINE:COL: warning|error: text [check]" (the text may run over several lines),
# its path made relative to the repository; a header's finding is reported by each file that
# includes it, and counted once.
norm() { sed -E -e "s#^$root/##" -e "s#^([^:]*/)?\.\./##"; }
cat "$tmp"/tidy/*.log | norm | grep -E '^[^ :]+:[0-9]+:[0-9]+: (warning|error): ' |
  sort -u >"$tmp/tidy.findings" || true
# Anything clang-tidy could not parse (a missing header, a flag it does not know) is a finding too.
# (A file that does not compile is reported as FILE:LINE:COL: error: ... above.)
cat "$tmp"/tidy/*.log | norm | grep -E '^(error|Error)' | grep -v '^Error while processing' |
  sort -u >>"$tmp/tidy.findings" || true
# And a clang-tidy that crashed (it exits 1 for findings, more for a crash) on the file it was given.
for f in "$tmp"/tidy/*.rc; do
  rc=$(cat "$f")
  if [[ $rc -gt 1 ]]; then
    echo "$(basename "$f" .rc | tr _ /): clang-tidy exited with status $rc" >>"$tmp/tidy.findings"
  fi
done
tidy_n=$(wc -l <"$tmp/tidy.findings")
if [[ $tidy_n -gt 0 ]]; then
  echo "== clang-tidy"
  # Each file's whole report (the analyzer's notes show the path to the finding).
  for f in "$tmp"/tidy/*.log; do
    grep -qE ': (warning|error): |^(error|Error)' "$f" || [[ $(cat "${f%.log}.rc") -gt 1 ]] || continue
    norm <"$f" | grep -vE '^[0-9]+ (warnings?|errors?)( and [0-9]+ (warnings?|errors?))? generated\.$|^[0-9]+ warnings? treated as errors?$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Error while processing'
  done
  grep 'clang-tidy exited' "$tmp/tidy.findings" || true
fi

# cppcheck: jansson's iteration macros, which it cannot see (system headers are not read), as a
# library description; without it every file that iterates over JSON stops at "unknown macro".
cat >"$tmp/jansson.cfg" <<'EOF'
<?xml version="1.0"?>
<def format="2">
  <define name="json_array_foreach(array, index, value)" value="for (index = 0; index &lt; json_array_size(array) &amp;&amp; (value = json_array_get(array, index)); index++)"/>
  <define name="json_object_foreach(object, key, value)" value="for (key = json_object_iter_key(json_object_iter(object)); key &amp;&amp; (value = json_object_iter_value(json_object_key_to_iter(key))); key = json_object_iter_key(json_object_iter_next(object, json_object_key_to_iter(key))))"/>
</def>
EOF
mkdir -p "$build/cppcheck"
# Suppressed here rather than in place:
#  missingIncludeSystem  system headers are not given to it (-I src only), by design: it checks the
#                        project's code, not glibc's.
#  ctuuninitvar in three files: the whole-program check takes a pointer stored in a struct or
#                        written through by memset or snprintf for a read of what it points at:
#                        tm_app_backlog_rank and tm_brief_read empty *out and *ov (memset) before
#                        they read them, pg_backlog.c's idea_params writes d->v[0] (snprintf).
#                        cppcheck 2.10 does not apply inline suppressions to whole-program
#                        findings, so they are named by file; any other file's still fails.
"$cppcheck" -j "$jobs" --quiet --std=c11 -I src --library=posix --library="$tmp/jansson.cfg" \
  --enable=warning,performance,portability --inline-suppr \
  --suppress=missingIncludeSystem \
  --suppress=ctuuninitvar:src/app/backlog.c --suppress=ctuuninitvar:src/core/brief.c \
  --suppress=ctuuninitvar:src/store/pg_backlog.c \
  --cppcheck-build-dir="$build/cppcheck" \
  --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
  src >"$tmp/cppcheck.out" 2>&1 || true
grep -E '^[^ :]+:[0-9]+:[0-9]+: [a-z]+: ' "$tmp/cppcheck.out" | sort -u >"$tmp/cppcheck.findings" || true
cpp_n=$(wc -l <"$tmp/cppcheck.findings")
if [[ $cpp_n -gt 0 ]]; then
  echo "== cppcheck"
  cat "$tmp/cppcheck.out"
fi

echo "lint: clang-tidy $tidy_n findings, cppcheck $cpp_n findings"
[[ $tidy_n -eq 0 && $cpp_n -eq 0 ]]
