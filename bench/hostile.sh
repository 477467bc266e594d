#!/bin/sh
# bench/hostile.sh: the largest and most hostile inputs the limits allow
# (docs/report.md, "Limits"), and some past them, each rendered once with
# wall time and peak RSS (GNU time). Not part of `make test` (a few minutes);
# docs/testing.md lists the figures. Needs python3 to write the inputs.
set -u
cd "$(dirname "$0")/.."
dir=build/hostile
mkdir -p "$dir"
export PAIBAN_DATADIR="$(pwd)"
python3 - "$dir" <<'PY'
import sys, struct, zlib
d = sys.argv[1]
def w(name, text):
    with open(f"{d}/{name}", "w", encoding="utf-8") as f:
        f.write(text)
# Past the limits: a list of 1,000,000 items (the issue's 12 MB case).
w("list-1m.yaml", "body:\n- list:\n" + "".join(f"  - x{i}\n" for i in range(1000000)))
with open(f"{d}/list-1m.json", "w") as f:
    f.write('{"body": [{"list": [' + ",".join(f'"x{i}"' for i in range(1000000)) + ']}]}')
w("laughs.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "body:\n  - list: *i\n")
# At the limits.
w("list-99k.yaml", "body:\n  - list:\n" + "".join(f"      - 项目{i}\n" for i in range(99000)))
w("han-paragraph-999k.yaml", "body:\n  - text: " + "经开区项目建设稳步推进。" * 83333 + "\n")
w("latin-word-999k.yaml", "body:\n  - text: " + "a" * 999000 + "\n")
w("paragraphs-1m.yaml", "body:\n  - text: |\n" + "".join("      段\n\n" for i in range(1000000)))
w("paragraphs-99k.yaml", "body:\n  - text: |\n" + "".join(f"      第{i}段。\n\n" for i in range(99000)))
w("headings-10k.yaml", "body:\n" + "".join(f"  - heading: 第{i}节\n" for i in range(10000)))
w("nesting-64.yaml", "body:\n  - text: x\nx: " + "[" * 62 + "]" * 62 + "\n")
w("comment-16m.yaml", "body:\n  - text: x\n" + ("# " + "注" * 100 + "\n") * 55000)
w("values-199k.yaml", "body:\n  - text: x\nmeta: {}\n" + "x: [" + ", ".join(["1"] * 199990) + "]\n")
rows = "".join(f"  - [{i}" + ", 单元" * 5 + "]\n" for i in range(2000))
w("table-2000x6.yaml", "body:\n  - table:\n      rows:\n  - [序号" + ", 列" * 5 + "]\n" + rows)
with open(f"{d}/cells-100k.csv", "w") as f:
    f.write("".join("1,2,3,4,5,6,7,8,9,10\n" for i in range(10000)))
w("csv-100k.yaml", "body:\n  - table: {data: cells-100k.csv}\n")
# The data layer: three nested each: over 2,000 rows (8 billion before the
# expansion limit), and one each: over 10,000 rows of a CSV file making
# 10,000 paragraphs.
with open(f"{d}/rows.csv", "w") as f:
    f.write("k,v\n" + "".join(f"r{i},{i}\n" for i in range(2000)))
w("each-nested.yaml", "data:\n  t: {file: rows.csv, key: k}\nbody:\n  - each: t\n    do:\n"
  "      - each: t\n        do:\n          - each: t\n            do:\n              - text: x\n")
with open(f"{d}/rows10k.csv", "w") as f:
    f.write("k,v\n" + "".join(f"r{i},{i * 37}\n" for i in range(10000)))
w("each-10k.yaml", "data:\n  t: {file: rows10k.csv, key: k}\nbody:\n  - each: t\n    do:\n"
  "      - text: \"${row.k}：${row.v | wan}，${row.v | cn}\"\n")
# A 6,324×6,324 px PNG (40 million pixels), one colour.
W = H = 6324
raw = zlib.compress((b"\x00" + b"\x80\x20\x20" * W) * H, 9)
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
open(f"{d}/big.png", "wb").write(png)
w("image-40mpx.yaml", "body:\n  - image: big.png\n")
PY
# The table rows above are indented under the block by hand:
sed -i 's/^  - \[/        - [/' "$dir/table-2000x6.yaml"
run() {
  name=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" timeout 600 ./paiban render "$dir/$name" -q "$@" > "$dir/$name.out" 2>&1
  rc=$?
  set -- $(cat "$dir/time.txt" | tail -n 1)
  msg=$(grep -m1 'error' "$dir/$name.out" | sed 's/^[^ ]* //' | cut -c1-90)
  printf '%-26s exit %-3s %7s s %8.1f MB  %s\n' "$name" "$rc" "$1" "$(echo "$2" | awk '{print $1/1024}')" "$msg"
}
run list-1m.json -l briefing -o "$dir/list-1m.pdf"
for f in list-1m laughs list-99k han-paragraph-999k latin-word-999k paragraphs-1m paragraphs-99k headings-10k \
         nesting-64 comment-16m values-199k table-2000x6 csv-100k each-nested each-10k image-40mpx; do
  run $f.yaml -l briefing -o "$dir/$f.pdf"
done
run han-paragraph-999k.yaml -l long -o "$dir/long.png"
