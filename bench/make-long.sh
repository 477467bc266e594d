#!/bin/sh
# Writes a long report (about N characters, default 200,000) to stdout by
# cycling through the paragraphs of samples/briefing.yaml, with a heading every
# eight paragraphs. Used by bench/run.sh.
set -eu
target=${1:-200000}
src=${2:-samples/briefing.yaml}
# Body paragraphs are the indented lines of the `text: |` blocks.
awk -v target="$target" '
  /^  - text: \|/ { inblock = 1; next }
  /^  - / { inblock = 0 }
  inblock && /^      [^ ]/ { sub(/^      /, ""); paras[n++] = $0 }
  END {
    print "meta:"
    print "  masthead: 经开区工作简报"
    print "  title: 长文排版基准"
    print "  date: 2025-03-05"
    print "body:"
    # Han characters are three bytes in UTF-8: count bytes / 3 as characters.
    chars = 0; i = 0
    while (chars < target) {
      if (i % 8 == 0) printf "  - heading: 第%d节 稳住经济发展大盘\n", i / 8 + 1
      printf "  - text: |\n      %s\n", paras[i % n]
      chars += length(paras[i % n]) / 3; i++
    }
  }' "$src"
