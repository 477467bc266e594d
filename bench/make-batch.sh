#!/bin/sh
# make-batch.sh DIR: a batch of 200 jobs for make bench — the sample
# monthly bulletin as a PDF for three months (105 jobs) and a 小红书 card
# per area (95 jobs), made distinct by an `edition` variable.
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
cp -r samples/monthly/. "$dir/"
for f in report.yaml area-card.yaml; do
  sed -i 's/^vars:$/vars:\n  edition: {type: integer, default: 1}/' "$dir/$f"
  printf '  - text: 第${edition}版。\n' >> "$dir/$f"
done
b=$(seq -s, 1 35); c=$(seq -s, 1 19)
cat > "$dir/batch.yaml" <<EOT
jobs:
  - name: bulletin
    report: report.yaml
    vars: {period: [2025-02, 2025-03, 2025-04], edition: [$b]}
    layouts: [briefing]
    output: out/\${period}/\${edition}.pdf
  - name: card
    report: area-card.yaml
    vars: {period: 2025-04, edition: [$c]}
    for-each: {data: "data/areas-\${period}.csv", key: 区域, var: area}
    layouts: [card]
    output: out/cards/\${edition}/\${area}.png
EOT
