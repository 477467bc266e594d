#!/bin/sh
# batch-stats.sh FILE.ndjson WALL_SECONDS: from paiban batch --progress json,
# the sum of the jobs' in-process render times, the per-job overhead of the
# batch beyond them (wall × workers − Σ render, per job), and each worker's
# peak RSS after its 10th and its last job.
set -eu
awk -v wall="$2" '
  {
    match($0, /"render_ms": [0-9.]+/); r = substr($0, RSTART + 13, RLENGTH - 13)
    match($0, /"worker": [0-9]+/); w = substr($0, RSTART + 10, RLENGTH - 10)
    match($0, /"rss_kb": [0-9]+/); k = substr($0, RSTART + 10, RLENGTH - 10)
    sum += r; n++; cnt[w]++
    if (cnt[w] == 10) at10[w] = k
    last[w] = k; jobs[w] = cnt[w]
  }
  END {
    nw = 0; for (w in cnt) nw++
    printf "jobs %d, workers %d, wall %.2f s, %.1f jobs/s\n", n, nw, wall, n / wall
    printf "sum of in-process renders %.2f s (%.1f ms a job)\n", sum / 1000, sum / n
    printf "overhead per job beyond the render: %.1f ms\n", (wall * nw * 1000 - sum) / n
    for (w in cnt)
      printf "worker %s: %d jobs, peak RSS after 10 jobs %.1f MB, after %d jobs %.1f MB (%+.1f%%)\n",
        w, jobs[w], at10[w] / 1024, jobs[w], last[w] / 1024, (last[w] - at10[w]) * 100 / at10[w]
  }' "$1"
