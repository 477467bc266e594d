#!/bin/sh
# Writes a Typst source to stdout with the content of a paiban report, for
# make bench's side-by-side runs: KIND is a4 (A4, one column, 宋体 五号
# with 2 em indents, like bench/a4-one-column.yaml) or card (a 1080×1440 px
# card: 810×1080 pt at 96 dpi, like layouts/card.yaml). Reads the YAML that
# bench/make-report.sh, bench/make-long.sh and samples/card.yaml write —
# meta, lead, kpis, heading, text, list, quote and chart blocks — not YAML
# in general. A chart becomes columns drawn with rectangles (Typst has no
# chart library without packages from the network).
set -eu
kind=${1:?usage: make-typst.sh a4|card REPORT.yaml}
src=${2:?usage: make-typst.sh a4|card REPORT.yaml}
awk -v kind="$kind" '
  function esc(s) {
    gsub(/\\/, "\\\\", s)
    gsub(/[#$@<>\[\]_`~=]/, "\\\\&", s)
    while (match(s, /\*\*[^*]+\*\*/))
      s = substr(s, 1, RSTART - 1) "\001" substr(s, RSTART + 2, RLENGTH - 4) "\001" substr(s, RSTART + RLENGTH)
    while (match(s, /\*[^*]+\*/))
      s = substr(s, 1, RSTART - 1) "_" substr(s, RSTART + 1, RLENGTH - 2) "_" substr(s, RSTART + RLENGTH)
    gsub(/\*/, "\\*", s)
    gsub(/\001/, "*", s)
    return s
  }
  function unq(s) {
    sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
    if (s ~ /^".*"$/) s = substr(s, 2, length(s) - 2)
    return s
  }
  # {a: 1, b: x} → f["a"], f["b"]
  function fields(s,   n, i, parts, k) {
    delete f
    sub(/^[ \t]*(- )?\{/, "", s); sub(/\}[ \t]*$/, "", s)
    n = split(s, parts, /, /)
    for (i = 1; i <= n; i++) {
      k = index(parts[i], ":")
      if (k) f[unq(substr(parts[i], 1, k - 1))] = unq(substr(parts[i], k + 1))
    }
  }
  function flush_para() {
    if (para != "") { print esc(para); print ""; para = "" }
  }
  function end_block() {
    flush_para()
    if (mode == "kpis") {
      printf "#grid(columns: %d, gutter: 1em, %s)\n\n", kind == "card" ? 2 : 4, kpis
      kpis = ""
    } else if (mode == "chart") {
      chart_out()
    }
    mode = ""
  }
  function chart_out(   i, j, max, body, h) {
    max = 0
    for (i = 1; i <= nser; i++) for (j = 1; j <= ncat; j++) if (val[i, j] + 0 > max) max = val[i, j] + 0
    if (max <= 0) max = 1
    body = ""
    for (j = 1; j <= ncat; j++) {
      body = body "stack(dir: ttb, spacing: 4pt, box(height: 4cm, align(bottom, stack(dir: ltr, spacing: 2pt"
      for (i = 1; i <= nser; i++) {
        h = val[i, j] / max * 3.6
        body = body sprintf(", stack(dir: ttb, spacing: 2pt, align(center, text(size: 8pt)[%s]), rect(width: 14pt, height: %.2fcm, fill: %s))",
                            val[i, j], h, i == 1 ? "rgb(\"#c8161d\")" : "rgb(\"#e8a33d\")")
      }
      body = body "))), align(center, text(size: 9pt)[" esc(cat[j]) "])),"
    }
    printf "#figure(caption: [%s（%s）])[\n  #grid(columns: %d, gutter: 2em, %s)\n]\n\n", esc(ctitle), esc(cunit), ncat, body
    ncat = 0; nser = 0
  }
  BEGIN {
    if (kind == "card") {
      print "#set page(width: 810pt, height: 1080pt, margin: (x: 63pt, top: 63pt, bottom: 72pt), fill: rgb(\"#fbf7f1\"))"
      print "#set text(font: \"Noto Serif CJK SC Paiban\", size: 24.75pt, lang: \"zh\", region: \"cn\", fill: rgb(\"#1f1f1f\"))"
      print "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.7em, spacing: 0.7em)"
      big = "63pt"; kv = "58.5pt"
    } else {
      print "#set page(paper: \"a4\", margin: (x: 18mm, top: 18mm, bottom: 20mm), footer: context align(center)[— #counter(page).display() —])"
      print "#set text(font: \"Noto Serif CJK SC Paiban\", size: 10.5pt, lang: \"zh\", region: \"cn\", fill: rgb(\"#1a1a1a\"), top-edge: \"ascender\", bottom-edge: \"descender\")"
      print "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.5em, spacing: 0.5em)"
      big = "22pt"; kv = "22pt"
    }
    print "#show heading: set text(font: \"Noto Sans CJK SC Paiban\", fill: rgb(\"#c8161d\"))"
    print "#show heading: set block(above: 1em, below: 0.6em)"
    print ""
  }
  /^meta:/ { section = "meta"; next }
  /^body:/ { section = "body"; if (kind != "card" && masthead != "") {
      printf "#align(center, text(font: \"Noto Serif CJK SC Paiban\", weight: \"bold\", size: 48pt, fill: rgb(\"#c8161d\"))[%s])\n", esc(masthead)
      printf "#line(length: 100%%, stroke: 2pt + rgb(\"#c8161d\"))\n"
    } else if (masthead != "") printf "#text(font: \"Noto Sans CJK SC Paiban\", weight: \"bold\", fill: rgb(\"#c8161d\"))[%s  %s]\n\n", esc(masthead), esc(date)
    if (title != "") printf "#align(%s, text(font: \"Noto Sans CJK SC Paiban\", weight: \"bold\", size: %s)[%s])\n", kind == "card" ? "left" : "center", big, esc(title)
    if (subtitle != "") printf "#align(%s, text(font: \"LXGW WenKai\", size: 1.4em)[%s])\n", kind == "card" ? "left" : "center", esc(subtitle)
    if (byline != "") printf "#align(center, text(font: \"LXGW WenKai\", fill: rgb(\"#6b6b6b\"))[%s])\n", esc(byline)
    print ""
    next }
  section == "meta" && /^  [a-z]+:/ {
    k = $0; sub(/^  /, "", k); v = k; sub(/:.*/, "", k); sub(/^[a-z]+:[ ]*/, "", v); v = unq(v)
    if (k == "masthead") masthead = v; else if (k == "title") title = v
    else if (k == "subtitle") subtitle = v; else if (k == "byline") byline = v; else if (k == "date") date = v
    next }
  section != "body" { next }
  /^  - / {
    end_block()
    line = $0; sub(/^  - /, "", line)
    k = line; sub(/:.*/, "", k); v = line; sub(/^[a-z]+:[ ]*/, "", v)
    if (k == "heading") {
      if (v ~ /^\{/) { fields(v); lvl = f["level"] + 0; v = f["text"] } else lvl = 1
      printf "%s %s\n\n", (lvl >= 2 ? "==" : "="), esc(unq(v))
    } else if (k == "lead") {
      printf "#block(fill: rgb(\"#f7f0e8\"), inset: 10pt, width: 100%%)[#set text(font: \"LXGW WenKai\")\n%s]\n\n", esc(unq(v))
    } else if (k == "quote") {
      printf "#block(inset: (left: 2em, right: 2em))[#set text(font: \"LXGW WenKai\")\n%s]\n\n", esc(unq(v))
    } else if (k == "text") { mode = "text"
    } else if (k == "kpis") { mode = "kpis"
    } else if (k == "list") { mode = "list"; mark = "-"
    } else if (k == "chart") { mode = "chart"; ncat = 0; nser = 0; ctitle = ""; cunit = ""
    }
    next }
  mode == "text" {
    if ($0 ~ /^[ \t]*$/) { flush_para(); next }
    l = $0; sub(/^      /, "", l); para = para l; next }
  mode == "kpis" && /^      - \{/ {
    fields($0)
    kpis = kpis sprintf("[#text(font: \"Noto Sans CJK SC Paiban\", weight: \"bold\", size: %s, fill: rgb(\"#c8161d\"))[%s]#text(font: \"Noto Sans CJK SC Paiban\", fill: rgb(\"#c8161d\"))[%s] \\ #text(font: \"Noto Sans CJK SC Paiban\", size: 0.8em)[%s]], ",
                        kv, esc(f["value"]), esc(f["unit"]), esc(f["label"]))
    next }
  mode == "list" {
    if ($0 ~ /ordered: true/) { mark = "+"; next }
    if ($0 ~ /^ +- /) { l = $0; sub(/^ +- /, "", l); printf "%s %s\n", mark, esc(unq(l)) }
    next }
  mode == "chart" {
    l = $0; sub(/^ +/, "", l)
    if (l ~ /^title:/) { sub(/^title:[ ]*/, "", l); ctitle = unq(l) }
    else if (l ~ /^unit:/) { sub(/^unit:[ ]*/, "", l); cunit = unq(l) }
    else if (l ~ /^categories:/) { sub(/^categories:[ ]*\[/, "", l); sub(/\][ ]*$/, "", l); ncat = split(l, cat, /, /) }
    else if (l ~ /^- \{/) { fields(l); s = f["values"]; nser++
      # values: [31, 14] is split by fields(); take it from the line itself.
      v = l; sub(/.*values: \[/, "", v); sub(/\].*/, "", v); n = split(v, vs, /, /)
      for (j = 1; j <= n; j++) val[nser, j] = vs[j] }
    next }
  END { end_block() }
' "$src"
