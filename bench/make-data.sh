#!/bin/sh
# make-data.sh DIR: a report that reads a 2,000-row CSV and evaluates 100
# expressions (DIR/data.yaml, DIR/rows.csv), and the same report with the
# resulting numbers typed in (DIR/typed.yaml). make bench renders both: the
# difference is the cost of the data layer (issue target: under 20 ms).
set -eu
dir=$1
mkdir -p "$dir"
awk 'BEGIN {
  print "编号,区域,投资额,增速" > "'"$dir"'/rows.csv"
  for (i = 1; i <= 2000; i++)
    printf "R%04d,区域%d,%d.%d,%d.%d\n", i, i % 50, 100 + (i * 37) % 900, i % 10, (i * 7) % 15, i % 10 > "'"$dir"'/rows.csv"
}'
awk -v dir="$dir" 'BEGIN {
  data = dir "/data.yaml"; typed = dir "/typed.yaml"
  print "vars:\n  period: {type: month, default: 2025-04}\ndata:\n  d: {file: rows.csv, key: 编号}" > data
  print "meta:\n  title: \"${period | ytd}投资情况\"\nbody:" > data
  print "meta:\n  title: 1—4月投资情况\nbody:" > typed
  n = 0
  for (p = 0; p < 10; p++) {
    line = "  - text: \""; tline = "  - text: \""
    for (k = 0; k < 10; k++) {
      i = p * 173 + k * 17 + 1
      v = 100 + (i * 37) % 900; f = i % 10; g = (i * 7) % 15
      id = sprintf("R%04d", i)
      if (n % 2 == 0) {
        line = line "区域" id "完成投资${d." id ".投资额 | fixed(1)}亿元，"
        tline = tline "区域" id "完成投资" v "." f "亿元，"
      } else {
        line = line "同比${d." id ".增速 | growth}；"
        tline = tline "同比" (g == 0 && f == 0 ? "持平" : "增长" g "." f "%") "；"
      }
      n++
    }
    print line "\"" > data; print tline "\"" > typed
  }
}'
