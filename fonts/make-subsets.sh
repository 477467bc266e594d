#!/bin/sh
# Rebuilds the pinned Noto CJK SC and TC subsets in this folder from Debian's
# fonts-noto-cjk (20220127): every CJK Unified Ideograph of the basic block
# (U+4E00–9FFF, which holds all of GB 2312, GBK's Han characters and the
# 通用规范汉字表's common ones), every GB 2312 symbol, ASCII, Latin-1, general
# punctuation, CJK symbols and punctuation, full-width forms and a few symbol
# blocks, with the layout features paiban uses (halt, palt, vert, kern, …).
# The subsets are renamed "Noto Serif/Sans CJK SC Paiban" so that they never
# collide with a machine's full Noto CJK: fonts.conf puts them first and the
# full fonts after them, for characters outside the subset.
# Needs: fonts-noto-cjk, libharfbuzz-bin (hb-subset), python3-fonttools.
# LXGW WenKai is shipped whole: its licence reserves the name for unmodified fonts.
set -eu
cd "$(dirname "$0")"
noto=/usr/share/fonts/opentype/noto
python3 - > /tmp/paiban-unicodes.txt <<'PY'
cps = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.add(ord(bytes([hi, lo]).decode('gb2312')))
        except UnicodeDecodeError:
            pass
for a, b in [(0x4E00, 0x9FFF), (0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
             (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
             (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0x3200, 0x32FF),
             (0x3300, 0x33FF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]:
    cps.update(range(a, b + 1))
print(','.join('%X' % c for c in sorted(cps)))
PY
# The Traditional Chinese (TC) faces hold the same characters plus Big5's
# (its 13,053 Han characters are all in U+4E00–9FFF; Bopomofo is added), in
# Regular only: a bold TC face is synthesised (fonts.conf). zh-HK text uses
# the TC face too.
python3 - > /tmp/paiban-unicodes-tc.txt <<'PY'
cps = set(int(c, 16) for c in open('/tmp/paiban-unicodes.txt').read().strip().split(','))
for hi in range(0xA1, 0xFA):
    for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        try:
            cps.update(map(ord, bytes([hi, lo]).decode('big5')))
        except UnicodeDecodeError:
            pass
cps.update(range(0x3100, 0x3130))
print(','.join('%X' % c for c in sorted(cps)))
PY
features='halt,palt,vhal,vpal,vert,vrt2,kern,vkrn,mark,mkmk,ccmp,fwid,hwid,pwid,liga,calt,frac,sups,subs'
# Face 2 of each collection is the Simplified Chinese (SC) face.
for spec in "NotoSerifCJK-Regular NotoSerifSC-Regular" "NotoSerifCJK-Bold NotoSerifSC-Bold" \
            "NotoSansCJK-Regular NotoSansSC-Regular" "NotoSansCJK-Bold NotoSansSC-Bold"; do
  set -- $spec
  hb-subset --font-file="$noto/$1.ttc" --face-index=2 --unicodes-file=/tmp/paiban-unicodes.txt \
    --layout-features="$features" --name-IDs='*' --name-languages='*' --output-file="$2.otf"
done
# Face 3 is the Traditional Chinese (TC) face.
for spec in "NotoSerifCJK-Regular NotoSerifTC-Regular" "NotoSansCJK-Regular NotoSansTC-Regular"; do
  set -- $spec
  hb-subset --font-file="$noto/$1.ttc" --face-index=3 --unicodes-file=/tmp/paiban-unicodes-tc.txt \
    --layout-features="$features" --name-IDs='*' --name-languages='*' --output-file="$2.otf"
done
/usr/bin/python3 - <<'PY'
from fontTools.ttLib import TTFont
for loc, style in (('SC', 'Regular'), ('SC', 'Bold'), ('TC', 'Regular')):
    for kind in ('Serif', 'Sans'):
        path = 'Noto%s%s-%s.otf' % (kind, loc, style)
        font = TTFont(path)
        family = 'Noto %s CJK %s Paiban' % (kind, loc)
        ps = 'PaibanNoto%sCJK%s-%s' % (kind, loc.lower(), style)
        for rec in font['name'].names:
            if rec.nameID == 1:
                rec.string = family
            elif rec.nameID == 4:
                rec.string = family + ('' if style == 'Regular' else ' Bold')
            elif rec.nameID == 6:
                rec.string = ps
            elif rec.nameID == 3:
                rec.string = ps + ';paiban subset'
        font.save(path)
PY
[ -e /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ] && cp /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf .
