#!/bin/sh
# `make valgrind`: the samples under valgrind's memcheck, with
# tests/valgrind.supp (each suppression there explains a library's own
# memory). Prints one line per sample and fails unless every run has 0
# errors and 0 bytes definitely lost. Takes about half a minute a sample.
set -u
cd "$(dirname "$0")/.."
out=build/tmp/valgrind
mkdir -p "$out"
export PAIBAN_DATADIR="$(pwd)"
# libjpeg-turbo's SIMD code computes on whole vectors of which only some
# lanes hold pixels; memcheck cannot follow that and reports uninitialised
# bytes reaching the PDF (news.yaml's photo). The plain C decoder gives the
# same pixels and no report, and the PDFs are byte-identical run to run.
export JSIMD_FORCENONE=1
bad=0
for spec in "briefing.yaml briefing pdf" "gongwen.yaml gongwen pdf" "card.yaml card png" \
            "charts.yaml briefing png" "news.yaml news pdf" "monthly/report.yaml briefing pdf"; do
  set -- $spec
  base=$(basename "$1" .yaml)
  log=$out/$base-$2.log
  valgrind --leak-check=full --show-leak-kinds=definite,possible --errors-for-leak-kinds=definite,possible \
    --suppressions=tests/valgrind.supp --error-exitcode=99 \
    ./paiban render "samples/$1" -l "$2" -o "$out/$base.$3" -q > "$log" 2>&1
  rc=$?
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log")
  supp=$(sed -n 's/.*ERROR SUMMARY: .*suppressed: \([0-9]*\) from.*/\1/p' "$log")
  echo "valgrind: samples/$1 -l $2 ($3): ${errors:-?} errors, ${lost:-0} bytes definitely lost, $supp suppressed (exit $rc; $log)"
  [ "$rc" -eq 0 ] && [ "${errors:-1}" = 0 ] && [ "${lost:-0}" = 0 ] || bad=1
done
exit $bad
