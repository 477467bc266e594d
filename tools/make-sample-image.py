#!/usr/bin/env python3
"""Writes samples/data/park.png: a small drawn picture (sky, hills, factory
halls, a chimney) for the image block of samples/charts.yaml. Plain Python,
no imaging library: pixels are computed and written as an RGB PNG."""
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


def main(path):
    raw = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(W)) for y in range(H))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "samples/data/park.png")
