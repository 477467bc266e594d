#!/bin/sh
# Runs every Check test program given on the command line from the project's
# top folder, then prints one closing line: "N passed, N failed".
set -u
export PAIBAN_SRCDIR="$(pwd)"
export PAIBAN_TMPDIR="$(pwd)/build/tmp"
export CK_DEFAULT_TIMEOUT="${CK_DEFAULT_TIMEOUT:-60}"
# For sanitizer builds: the libraries' own caches are not our leaks.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
mkdir -p "$PAIBAN_TMPDIR"
passed=0; failed=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  # Check prints "NN%: Checks: C, Failures: F, Errors: E".
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
  if [ -n "$line" ]; then
    c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    passed=$((passed + c - f - e)); failed=$((failed + f + e))
  fi
  [ $rc -eq 0 ] || { [ -n "$line" ] || failed=$((failed + 1)); }
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
