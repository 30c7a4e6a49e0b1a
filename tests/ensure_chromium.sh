#!/usr/bin/env bash
# Find Debian's Chromium for the browser tests and benchmarks, or install it when this machine can
# (root with apt-get, as on CI and a fresh Debian); otherwise say so: the browser tests are then
# skipped, naming what is missing, and every other test runs. CHROMIUM names another binary.
set -uo pipefail
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
    exit 0
fi
if [ -n "${CHROMIUM:-}" ]; then
    echo "make: CHROMIUM=$CHROMIUM is not an executable: the browser tests will be skipped" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "make: installing Debian's chromium for the browser tests (apt-get install chromium) ..." >&2
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
        exit 0
    fi
    echo "make: apt-get could not install chromium: the browser tests will be skipped" >&2
    exit 0
fi
echo "make: no Chromium at $chromium and no way to install it here (needs root and apt-get):" \
     "the browser tests will be skipped; install Debian's chromium or set CHROMIUM to run them" >&2
