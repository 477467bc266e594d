#!/bin/sh
# fuzz/run.sh NAME SECONDS [SEED...] — runs the harness build/fuzz/bin/NAME
# (built by `make fuzz`) for SECONDS under nice, one process, on the corpus
# build/fuzz/corpus/NAME (kept between runs, so a campaign can continue),
# after copying the seeds into it (files, or the files in folders). Uses
# fuzz/NAME.dict and the libFuzzer flags in fuzz/NAME.options when present.
# A crash, hang, leak or sanitizer report is written to
# build/fuzz/crashes/NAME-*; the script then exits 1. FUZZ_BIN=DIR runs the
# harness binaries in DIR (a copy, so a rebuild does not touch a campaign);
# FUZZ_OUT=DIR keeps the corpus, crashes and log there instead of in
# build/fuzz (which `make clean` removes). See docs/testing.md.
set -u
name=$1; secs=$2; shift 2
cd "$(dirname "$0")/.."
bin=${FUZZ_BIN:-build/fuzz/bin}/$name
out=${FUZZ_OUT:-build/fuzz}
corpus=$out/corpus/$name
crashes=$out/crashes
mkdir -p "$corpus" "$crashes"
for s in "$@"; do
  if [ -d "$s" ]; then
    for f in "$s"/*; do [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"; done
  elif [ -f "$s" ]; then
    cp "$s" "$corpus/seed-$(basename "$s")"
  fi
done
dict=""
[ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
opts=""
[ -f "fuzz/$name.options" ] && opts=$(cat "fuzz/$name.options")
log=$out/$name.log
export PAIBAN_DATADIR="${PAIBAN_DATADIR:-$(pwd)}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
echo "fuzz: $name for ${secs}s (log: $log)"
# shellcheck disable=SC2086
nice -n 10 "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$crashes/$name-" $dict $opts "$corpus" > "$log" 2>&1
rc=$?
# The last status line: executions, coverage (edges), features, corpus size.
status=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz: $name: exit $rc, $execs executions; last: $status"
if [ $rc -ne 0 ]; then
  echo "fuzz: $name FAILED — see $log and $crashes/; add the input to tests/fuzz/$name/"
  grep -E 'ERROR:|SUMMARY:|fuzz check failed|Test unit written' "$log" | head -n 10
  exit 1
fi
