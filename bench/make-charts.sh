#!/bin/sh
# Writes a report with N charts (default 50) to stdout, cycling through the
# chart types with generated data (12 categories for lines, 6 for bars, 5
# slices, 2 rings), a heading every ten charts. Used by bench/run.sh.
set -eu
n=${1:-50}
awk -v n="$n" '
  function values(k, base, step,   s, i) {
    s = ""
    for (i = 0; i < k; i++)
      s = s (i ? ", " : "") sprintf("%.1f", base + step * i + (i * 37 % 11))
    return s
  }
  function cats(k, suffix,   s, i) {
    s = ""
    for (i = 1; i <= k; i++)
      s = s (i > 1 ? ", " : "") i suffix
    return s
  }
  BEGIN {
    split("column bar line area combo pie donut compare progress column", types, " ")
    print "meta:"
    print "  masthead: 经开区工作简报"
    print "  title: 图表排版基准"
    print "  date: 2025-03-05"
    print "body:"
    for (c = 0; c < n; c++) {
      if (c % 10 == 0) printf "  - heading: 第%d组图表\n", c / 10 + 1
      t = types[c % 10 + 1]
      print "  - chart:"
      printf "      type: %s\n", t
      printf "      title: 第%d张图 主要指标%s\n", c + 1, t
      if (t == "pie" || t == "donut") {
        print "      unit: 亿元"
        print "      categories: [制造业, 基础设施, 社会民生, 生态环保, 其他]"
        printf "      series:\n        - {values: [%s]}\n", values(5, 10 + c, 4)
      } else if (t == "compare") {
        print "      unit: \"%\""
        print "      categories: [濮上实验学校, 全市平均]"
        printf "      series:\n        - {values: [%d, 12.9]}\n", 40 + c % 20
      } else if (t == "progress") {
        print "      categories: [民生支出占比, 项目建成投产率]"
        printf "      series:\n        - {values: [76, %d]}\n", 30 + c % 60
      } else if (t == "combo") {
        print "      unit: 亿元"
        print "      unit-right: \"%\""
        printf "      categories: [%s]\n", cats(6, "年")
        printf "      series:\n        - {name: 生产总值, values: [%s]}\n", values(6, 200 + c, 15)
        printf "        - {name: 增速, type: line, values: [%s]}\n", values(6, 3, 0.5)
      } else {
        k = (t == "line" || t == "area") ? 12 : 6
        print "      unit: 万元"
        printf "      categories: [%s]\n", cats(k, (k == 12 ? "月" : "季度"))
        printf "      series:\n        - {name: 工业, values: [%s]}\n", values(k, 12000 + 100 * c, 900)
        if (c % 2) printf "        - {name: 服务业, values: [%s]}\n", values(k, 8000, 700)
      }
    }
  }'
