#!/bin/sh
# The layering rule of docs/architecture.md, checked: a file in src/PHASE/
# includes project headers only from its own phase or an earlier one, and
# no two modules (x.c + x.h) include each other, directly or in a circle.
# Prints each violation and exits 1; `make test` runs it.
set -u
cd "$(dirname "$0")/.."
phases="base model parse style frame compose boxes flow export app"
rank() {
  i=0
  for p in $phases; do
    [ "$p" = "$1" ] && { echo $i; return; }
    i=$((i + 1))
  done
  echo 99
}
phase_of() {
  case "$1" in
  */*) echo "${1%%/*}" ;;
  *) echo app ;;
  esac
}
bad=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in $(cd src && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
  from=$(phase_of "$f")
  fr=$(rank "$from")
  if [ "$fr" = 99 ]; then
    echo "src/$f: not in a phase folder ($phases)"
    bad=1
    continue
  fi
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "src/$f"); do
    [ "$h" = config.h ] && continue
    if [ ! -f "src/$h" ]; then
      echo "src/$f: includes \"$h\", which is not a path under src/"
      bad=1
      continue
    fi
    to=$(phase_of "$h")
    if [ "$(rank "$to")" -gt "$fr" ]; then
      echo "src/$f: $from includes $h, a header of the later phase $to"
      bad=1
    fi
    a=${f%.[ch]}; b=${h%.h}
    [ "$a" != "$b" ] && echo "$a $b" >> "$edges"
  done
done
if ! tsort "$edges" > /dev/null 2> "$edges.err"; then
  echo "include cycle between modules:"
  sed 's/^tsort: /  /' "$edges.err"
  bad=1
fi
rm -f "$edges.err"
[ $bad -eq 0 ] && echo "layers: ok ($(cd src && find . -name '*.[ch]' | wc -l) files, phases: $phases)"
exit $bad
