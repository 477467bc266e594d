#!/usr/bin/env python3
"""Writes samples/data/park.png: a small drawn picture (sky, hills, factory
halls, a chimney) for the image block of samples/charts.yaml and the cover
of samples/briefing.yaml; with `logo PATH`, samples/data/logo.png: a round
red emblem with a white tower, the publication's logo on covers and the
closing card. Plain Python, no imaging library: pixels are computed and
written as an RGB (logo: RGBA) PNG."""
import struct
import sys
import zlib

W, H = 480, 270


def pixel(x, y):
    # Sky: light blue fading to white at the horizon.
    t = y / (H * 0.62)
    r, g, b = (int(150 + 100 * t), int(196 + 55 * t), 235)
    # Two hills.
    for cx, cy, rad, col in ((110, 300, 190, (120, 170, 120)), (380, 320, 230, (95, 150, 105))):
        if (x - cx) ** 2 + (y - cy) ** 2 < rad * rad:
            r, g, b = col
    # Ground.
    if y > H * 0.78:
        r, g, b = (88, 128, 90)
    # Factory halls with saw-tooth roofs.
    for x0, x1, top in ((60, 200, 150), (230, 330, 165), (350, 440, 140)):
        if x0 <= x < x1:
            tooth = (x - x0) % 28
            roof = top - (tooth * 12 // 28)
            if roof <= y < H * 0.8:
                r, g, b = (210, 214, 220) if (x - x0) // 28 % 2 else (196, 200, 208)
                # Windows.
                if (y - top) % 26 in range(8, 18) and (x - x0) % 20 in range(6, 14) and y < H * 0.75:
                    r, g, b = (70, 110, 160)
    # A chimney with a red band.
    if 300 <= x < 314 and 70 <= y < 165:
        r, g, b = (200, 22, 29) if 80 <= y < 92 else (230, 230, 232)
    return bytes((r, g, b))


def logo_pixel(x, y, n=128):
    # A red disc with a white ring, a white tower and a base, on transparency.
    cx = cy = (n - 1) / 2
    d2 = (x - cx) ** 2 + (y - cy) ** 2
    r = n / 2 - 1
    if d2 > r * r:
        return bytes((0, 0, 0, 0))
    if (r - 7) ** 2 < d2 < (r - 3) ** 2:
        return bytes((255, 255, 255, 255))
    tower = abs(x - cx) < 9 - (y - 30) * 4 / 70 and 28 <= y < 98
    base = abs(x - cx) < 34 and 92 <= y < 100
    if tower or base:
        return bytes((255, 255, 255, 255))
    return bytes((200, 22, 29, 255))


def main(path, logo=False):
    w, h = (128, 128) if logo else (W, H)
    px = logo_pixel if logo else pixel
    raw = b"".join(b"\0" + b"".join(px(x, y) for x in range(w)) for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6 if logo else 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "logo":
        main(sys.argv[2] if len(sys.argv) > 2 else "samples/data/logo.png", logo=True)
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "samples/data/park.png")
