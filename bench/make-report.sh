#!/bin/sh
# Writes the sample briefing with only its first chart to stdout: the
# 5-page A4 report make bench times (about 5,200 characters, one chart, key
# figures, lists and quotes). Used by bench/run.sh and bench/typst.sh.
set -eu
src=${1:-samples/briefing.yaml}
# A chart block runs from "  - chart:" to the next top-level "  - " item.
awk '
  /^  - chart:/ { charts++; skip = charts > 1; if (skip) next }
  /^  - / && !/^  - chart:/ { skip = 0 }
  !skip { print }' "$src"
