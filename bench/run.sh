#!/bin/sh
# make bench: times `paiban render`, whole process, on
#   report-1col-pdf     the sample briefing with one chart, A4, one column (5 pages)
#   long-217k-1col-pdf  a generated 217,000-character report, A4, one column
#   long-217k-2col-pdf  the same in the two-column briefing layout
#   card-png            the social card, 1080×1440 px PNG
#   briefing-pdf        the sample briefing as it is (two columns, three charts)
#   social-pack         the sample briefing as card series, cover and long image
#   charts-50-pdf       a generated report of 50 charts of every type
# and prints the median wall time, CPU time (user + system) and peak RSS of
# RUNS runs (default 10, after 2 warm-up runs) for each, with the load
# average before and after (the machine may be shared: compare CPU times).
# When Node.js is installed, the first three documents also go through
# Typst 0.14 (@myriaddreamin/typst-ts-node-compiler 0.7.0 from npm, put in
# build/typst; bench/typst.js, sources from bench/make-typst.sh, the same
# pinned fonts) in the same run, and the ratio Typst / paiban of the wall
# times is printed. Without node or npm, or offline, Typst is skipped.
# Then the data layer's cost (a report computed from a 2,000-row CSV by 100
# expressions against the same report with its numbers typed in; target
# under 20 ms) and a batch of 200 jobs with -j 1 and -j 2 (bench/make-batch.sh).
# PAIBAN=path times another build of paiban (a before/after comparison).
set -eu
runs=${RUNS:-10}
bin=${PAIBAN:-./paiban}
sh tools/install-deps.sh bench
b=build/bench
mkdir -p $b
sh bench/make-report.sh > $b/report.yaml
sh bench/make-long.sh 207000 > $b/long.yaml # about 217,000 characters as counted below
sh bench/make-charts.sh 50 > $b/charts.yaml
sh bench/make-data.sh $b/data
# The sample briefing's cover picture and logo, next to the reports that
# name them (a report reads files below its own folder only).
cp samples/data/park.png samples/data/logo.png $b/data/
echo "long report: $(grep -v '^ *- heading\|^meta\|^  [a-z]*:' $b/long.yaml | tr -d ' \n' | wc -m) characters"

# Typst, when it can be had.
typst=""
if command -v node >/dev/null 2>&1; then
  pkg=build/typst/node_modules/@myriaddreamin/typst-ts-node-compiler
  if [ ! -d $pkg ] && command -v npm >/dev/null 2>&1; then
    echo "installing Typst 0.14 (npm @myriaddreamin/typst-ts-node-compiler@0.7.0) into build/typst"
    mkdir -p build/typst
    (cd build/typst && npm install --no-audit --no-fund --silent \
       @myriaddreamin/typst-ts-node-compiler@0.7.0 >/dev/null 2>&1) || true
  fi
  if [ -d $pkg ]; then
    sh bench/make-typst.sh a4 $b/report.yaml > $b/report.typ
    sh bench/make-typst.sh a4 $b/long.yaml > $b/long.typ
    sh bench/make-typst.sh card samples/card.yaml > $b/card.typ
    if node bench/typst.js fonts $b/card.typ $b/typst-card.pdf; then
      typst=yes
    else
      echo "Typst does not run here: skipped"
    fi
  else
    echo "Typst is not installed (npm missing or offline): skipped"
  fi
else
  echo "node is not installed: Typst skipped"
fi

# Warm the font cache once so every timed run sees the same state.
$bin render samples/card.yaml -l card -o $b/card.png

# measure CMD…: RUNS runs after 2 warm-ups; sets wall, cpu (s) and rss (MB),
# each the median. bash's `time` gives wall and CPU to the millisecond (GNU
# time's to 10 ms); GNU time gives the peak RSS.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() {
  "$@" >/dev/null 2>&1; "$@" >/dev/null 2>&1
  : > $b/times
  bash -c 'TIMEFORMAT="%3R %3U %3S"; out=$1; shift; n=$1; shift
           for i in $(seq "$n"); do
             { time /usr/bin/time -a -o "$out.rss" -f %M "$@" >/dev/null 2>&1; } 2>> "$out"
           done' sh $b/times "$runs" "$@"
  wall=$(awk '{ print $1 }' $b/times | median)
  cpu=$(awk '{ print $2 + $3 }' $b/times | median)
  rss=$(awk '{ print $1 / 1024 }' $b/times.rss | median)
  rm -f $b/times.rss
}
show() {
  printf '%-20s %-7s wall %6.3f s   cpu %6.3f s   peak RSS %6.1f MB\n' "$1" "$2" "$wall" "$cpu" "$rss"
}
# bench NAME TYPST-SOURCE|- CMD…
bench() {
  name=$1; typ=$2; shift 2
  measure "$@"
  show "$name" paiban
  if [ -n "$typst" ] && [ "$typ" != - ]; then
    pw=$wall
    measure node bench/typst.js fonts $b/$typ $b/typst-out.pdf
    show "" typst
    printf '%-20s %-7s Typst / paiban: %.1f× the wall time\n' "" "" "$(echo "$wall $pw" | awk '{ print $1 / $2 }')"
  fi
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, medians"
bench report-1col-pdf report.typ $bin render $b/report.yaml -l bench/a4-one-column.yaml -o $b/report.pdf
bench long-217k-1col-pdf long.typ $bin render $b/long.yaml -l bench/a4-one-column.yaml -o $b/long-1col.pdf
bench long-217k-2col-pdf - $bin render $b/long.yaml -l briefing -o $b/long-2col.pdf
bench card-png card.typ $bin render samples/card.yaml -l card -o $b/card.png
bench briefing-pdf - $bin render samples/briefing.yaml -l briefing -o $b/briefing.pdf
bench social-pack - $bin render samples/briefing.yaml -l card,cover,long -o $b/pack/
bench charts-50-pdf - $bin render $b/charts.yaml -l briefing -o $b/charts.pdf
[ -z "$typst" ] || echo "(Typst writes the card as a PDF: this build of Typst has no PNG output)"
# The data layer's cost: the same report with its numbers typed in vs
# computed from a 2,000-row CSV by 100 expressions (target: under 20 ms).
bench data-typed - $bin render $b/data/typed.yaml -l briefing -o $b/data-typed.pdf
typed=$wall
bench data-2000rows-100expr - $bin render $b/data/data.yaml -l briefing -o $b/data.pdf
awk -v a="$wall" -v b="$typed" \
    'BEGIN { printf "%-20s %-7s %+.1f ms (median wall, computed minus typed)\n", "data layer cost", "", (a - b) * 1000 }'
# Batch throughput: 200 jobs (monthly bulletin PDFs and area cards) with one
# worker and with two, every job rendered (--force); the per-job overhead
# beyond an in-process render, and each worker's peak RSS after 10 jobs and
# at the end (it should stay flat).
sh bench/make-batch.sh $b/batch
for j in 1 2; do
  start=$(date +%s.%N)
  $bin batch $b/batch/batch.yaml -j $j --force --progress json \
    > $b/batch-j$j.ndjson 2> $b/batch-j$j.log
  end=$(date +%s.%N)
  echo "batch -j $j:"
  sh bench/batch-stats.sh $b/batch-j$j.ndjson "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" | sed 's/^/  /'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
