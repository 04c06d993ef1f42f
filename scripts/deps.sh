#!/usr/bin/env bash
# Installs the Debian packages tminus needs to build and test (when root), or
# prints the one command to run. Quiet when everything is there already.
# Usage: scripts/deps.sh [build|test|bench]   (each includes the ones before)
set -euo pipefail

level=${1:-build}
pkgs=(gcc make pkg-config meson ninja-build xxd python3
      libsqlite3-dev libjansson-dev libfyaml-dev libical-dev libcmocka-dev
      libmicrohttpd-dev libsodium-dev libunistring-dev nodejs
      libcmark-gfm-dev libcmark-gfm-extensions-dev libpq-dev libcsv-dev libcurl4-openssl-dev)
# The web UI is bundled at build time from the npm registry (web/package-lock.json), as are the
# test tools (the OpenAPI validator, playwright-core); Debian's npm only when the machine has
# no npm of its own.
command -v npm >/dev/null || pkgs+=(npm)
if [[ $level == test || $level == bench ]]; then
  pkgs+=(libcmocka-dev clang libclang-rt-14-dev llvm-14 valgrind sqlite3 tj3 calcurse cmark-gfm chromium postgresql
         python3-aiosmtpd clang-tidy cppcheck)
fi
if [[ $level == bench ]]; then
  pkgs+=(taskwarrior tj3 wrk nginx)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "tminus needs these Debian packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -qq >&2
${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
