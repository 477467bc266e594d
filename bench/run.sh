#!/bin/sh
# make bench: times `paiban render` on the sample briefing (PDF), the social
# card (PNG), a generated 200,000-character report (PDF), a generated report
# of 50 charts of every type (PDF; target under 1 s), and the social pack from
# the sample briefing in one command (card series, cover, long image), and a
# report computed from a 2,000-row CSV by 100 expressions against the same
# report with its numbers typed in, and a batch of 200 jobs with -j 1 and
# -j 2 (bench/make-batch.sh). Reports the median wall time
# (hyperfine) and the median peak RSS (GNU time) over several runs.
set -eu
runs=${RUNS:-10}
sh tools/install-deps.sh bench
mkdir -p build/bench
sh bench/make-long.sh 200000 > build/bench/long.yaml
sh bench/make-charts.sh 50 > build/bench/charts.yaml
sh bench/make-data.sh build/bench/data
echo "long report: $(grep -v '^ *- heading\|^meta\|^  [a-z]*:' build/bench/long.yaml | tr -d ' \n' | wc -m) characters"
# Warm the font cache once so every timed run sees the same state.
./paiban render samples/card.yaml -l card -o build/bench/card.png

bench() {
  name=$1; shift
  hyperfine --style none --warmup 2 --runs "$runs" --export-json build/bench/$name.json \
    "$*" >/dev/null 2>&1
  wall=$(sed -n 's/.*"median": \([0-9.]*\).*/\1/p' build/bench/$name.json | head -n 1)
  rss=$(for i in $(seq "$runs"); do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; done |
        sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  printf '%-26s median wall %7.3f s   median peak RSS %6.1f MB\n' "$name" "$wall" \
    "$(echo "$rss" | awk '{ print $1 / 1024 }')"
}

bench briefing-pdf ./paiban render samples/briefing.yaml -l briefing -o build/bench/briefing.pdf
bench card-png ./paiban render samples/card.yaml -l card -o build/bench/card.png
bench long-200k-pdf ./paiban render build/bench/long.yaml -l briefing -o build/bench/long.pdf
bench social-pack ./paiban render samples/briefing.yaml -l card,cover,long -o build/bench/pack/
bench charts-50-pdf ./paiban render build/bench/charts.yaml -l briefing -o build/bench/charts.pdf
bench data-typed ./paiban render build/bench/data/typed.yaml -l briefing -o build/bench/data-typed.pdf
bench data-2000rows-100expr ./paiban render build/bench/data/data.yaml -l briefing -o build/bench/data.pdf
# The data layer's cost: the same report with its numbers typed in vs
# computed from a 2,000-row CSV by 100 expressions (target: under 20 ms).
awk -v a="$(sed -n 's/.*"median": \([0-9.]*\).*/\1/p' build/bench/data-2000rows-100expr.json | head -n 1)" \
    -v b="$(sed -n 's/.*"median": \([0-9.]*\).*/\1/p' build/bench/data-typed.json | head -n 1)" \
    'BEGIN { printf "data layer cost            %+.1f ms (median, computed minus typed)\n", (a - b) * 1000 }'
# Batch throughput: 200 jobs (monthly bulletin PDFs and area cards) with one
# worker and with two, every job rendered (--force); the per-job overhead
# beyond an in-process render, and each worker's peak RSS after 10 jobs and
# at the end (it should stay flat).
sh bench/make-batch.sh build/bench/batch
for j in 1 2; do
  start=$(date +%s.%N)
  ./paiban batch build/bench/batch/batch.yaml -j $j --force --progress json \
    > build/bench/batch-j$j.ndjson 2> build/bench/batch-j$j.log
  end=$(date +%s.%N)
  echo "batch -j $j:"
  sh bench/batch-stats.sh build/bench/batch-j$j.ndjson "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" | sed 's/^/  /'
done
