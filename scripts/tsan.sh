#!/usr/bin/env bash
# ThreadSanitizer over the HTTP suite: a TSan build of tminus (build-tsan/, made if missing) serving the
# API tests, any report failing the run. Ends with one line "tsan: N passed, M failed" and a non-zero
# exit on any failure.
#
#   scripts/tsan.sh              every test of the meson suite "api", "multi" (two servers on one
#                                throwaway PostgreSQL cluster: the PostgreSQL store on the workers'
#                                threads) and outbox's ServeNotify (`serve --notify`'s notifier thread)
#   scripts/tsan.sh quick        only the tests that drive the server from many threads at once (below)
#   scripts/tsan.sh NAME...      the named tests (meson's names: race, server, ...; outbox:ServeNotify
#                                runs one class of a suite)
#
# Measured on the 2-core test machine while other builds ran (load 4 to 11): the whole run 5.5 to 6
# minutes, quick 4; most of it is the tests' own waiting (slow clients, sign-in delays, SIGKILL rounds),
# which TSan does not slow. A race needs two threads touching the same memory, and quick keeps the suites where the
# server has several at work on shared state: eight clients at once on one task and one
# Idempotency-Key (race: the write batcher, the keys in flight); four writers under SIGKILL (crash);
# sign-ins on the hashers' threads and the resumer, sessions, SIGTERM with requests in flight, backup
# while serving, connections per address (server); slow and hostile clients against the guard thread
# (hostile); a busy or read-only workspace, retried (storage); eight clients reading at once (api);
# password changes on the hashers (admin_api); the notifier thread sending beside the workers
# (outbox:ServeNotify). The rest (backlog, experiments, roadmap, glossary, agenda, io, webhooks,
# seeds, metrics, openapi, multi) send one request at a time, each to routes of its own: they still
# find a global their routes share without a lock, since TSan reports two threads' accesses that
# nothing orders even when they do not overlap in time and the requests land on different workers,
# but quick leaves them out when two minutes matter more.
#
# Every report counts: data races, lock-order inversions (potential deadlocks), use after free across
# threads, thread leaks. TSan writes each process's report to a file of its own (log_path), so a
# report from a server whose exit status no test looks at is seen too, and stops that process
# (halt_on_error, exit status 66). tminus opens libmicrohttpd, libsodium, libcurl, libical, libpq and
# cmark-gfm with dlopen() and they are not instrumented: TSan sees their locks (it intercepts
# pthread_*) but not their memory accesses. tests/tsan.supp, if present, holds suppressions for races
# inside those libraries only, each with the reason; there are none today.
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${TSAN_BUILD:-build-tsan}
LOGS=$BUILD/tsan-logs
QUICK_TESTS=(race crash server hostile storage api admin_api outbox:ServeNotify)

if [[ ! -f $BUILD/build.ninja ]]; then
  # clang where there is one (its TSan runtime is linked in whole); gcc's (libtsan) finds the same.
  # Optimised (-O2 -g), as TSan's authors advise: server and hostile took 153 s here against 181 s
  # at -O0; meson.build leaves _FORTIFY_SOURCE out of sanitizer builds whatever the optimisation.
  cc=${CC:-$(command -v clang || echo gcc)}
  CC=$cc meson setup "$BUILD" -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null ||
    { echo "tsan: cannot configure $BUILD"; echo "tsan: 0 passed, 1 failed"; exit 1; }
fi
if [[ $(meson introspect --buildoptions "$BUILD" |
        python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "b_sanitize"][0])') != thread ]]; then
  echo "tsan: $BUILD is not a ThreadSanitizer build (b_sanitize=thread)"
  echo "tsan: 0 passed, 1 failed"
  exit 1
fi
# Only the binary: the API tests need nothing else from the build.
if ! ninja -C "$BUILD" tminus >/dev/null; then
  ninja -C "$BUILD" tminus | tail -30
  echo "tsan: 0 passed, 1 failed"
  exit 1
fi

if [[ $# -eq 0 ]]; then
  set -- @api multi outbox:ServeNotify
elif [[ $1 == quick ]]; then
  set -- "${QUICK_TESTS[@]}"
fi

# The tests as meson registered them (tests/meson.build): name, command and environment. NAME:CLASS
# runs one class of a unittest suite; @SUITE every test of a meson suite.
plan=$(meson introspect --tests "$BUILD" | python3 -c '
import json, shlex, sys
tests = json.load(sys.stdin)
for want in sys.argv[1:]:
    name, _, cls = want.partition(":")
    if name.startswith("@"):
        found = [t for t in tests if "tminus:" + name[1:] in t["suite"]]
    else:
        found = [t for t in tests if t["name"] == name and not any(s.endswith("-pg") for s in t["suite"])] or \
                [t for t in tests if t["name"] == name]
        found = found[:1]
    if not found:
        sys.exit("tsan: no test named " + name)
    for t in found:
        env = " ".join(shlex.quote(f"{k}={v}") for k, v in t["env"].items())
        cmd = " ".join(shlex.quote(a) for a in t["cmd"] + ([cls] if cls else []))
        print("\t".join([t["name"] + (":" + cls if cls else ""), str(t["timeout"] or 600), env, cmd]))
' "$@") || { echo "tsan: 0 passed, 1 failed"; exit 1; }

supp=
[[ -f tests/tsan.supp ]] && supp=" suppressions=$PWD/tests/tsan.supp"
rm -rf "$LOGS"
mkdir -p "$LOGS"
passed=0
failed=0
start=$SECONDS
while IFS=$'\t' read -r name timeout env cmd; do
  dir=$LOGS/${name//:/-}
  mkdir -p "$dir"
  t0=$SECONDS
  eval "env $env TSAN_OPTIONS='halt_on_error=1 exitcode=66 second_deadlock_stack=1 log_path=$(cd "$dir" && pwd)/report$supp'" \
    "timeout $timeout $cmd" >"$dir.out" 2>&1
  rc=$?
  reports=$(find "$dir" -name 'report*' | wc -l)
  if [[ $rc -eq 0 && $reports -eq 0 ]]; then
    passed=$((passed + 1))
    printf 'ok    %-22s %4ds  %s\n' "$name" $((SECONDS - t0)) "$(tail -n 1 "$dir.out")"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-22s %4ds  exit %d, %d ThreadSanitizer report(s): %s\n' "$name" $((SECONDS - t0)) "$rc" \
      "$reports" "$(tail -n 1 "$dir.out")"
    [[ $rc -ne 0 ]] && tail -n 40 "$dir.out" | sed 's/^/      /'
    for f in $(find "$dir" -name 'report*' | head -n 3); do
      sed 's/^/      /' "$f" | head -n 60
    done
  fi
done <<<"$plan"

echo "tsan: took $((SECONDS - start))s; logs and reports in $LOGS"
echo "tsan: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
