#!/bin/sh
# Installs the Debian packages paiban needs to build, test and render, when any is missing.
# Used by `make demo`, `make bench` and `.ci/run`. Needs root (or sudo) only when something is missing.
set -e
PKGS="build-essential pkg-config libpango1.0-dev libcairo2-dev libharfbuzz-dev \
libpng-dev libisal-dev libyaml-dev libhyphen-dev libicu-dev libqrencode-dev libjpeg-dev \
librsvg2-dev libqpdf-dev check libsubunit-dev poppler-utils qpdf zbar-tools parallel"
# `install-deps.sh bench` adds GNU time, which `make bench` uses; `fuzz` adds
# clang with libFuzzer and valgrind (`make fuzz`, `make valgrind`).
[ "${1:-}" = bench ] && PKGS="$PKGS time"
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang libclang-rt-14-dev valgrind python3 time"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "paiban: installing missing packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
