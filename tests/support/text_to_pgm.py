#!/usr/bin/env python3
"""Reads qr-cli's terminal text output (stdin) back into a bitmap and
writes it as a binary PGM (stdout) that zbarimg decodes.

usage: text_to_pgm.py TYPE   (utf8, ansiutf8, utf8i, ascii, asciii)

The reading follows docs/output.md: utf8 and ansiutf8 draw light
modules with the half blocks U+2580, U+2584 and U+2588 (two module rows a
line), utf8i draws dark ones; ascii draws a dark module as "##" and a
light one as two spaces, asciii the other way round. ansiutf8's colour
escapes are dropped. Any other character is an error, so a writer that
prints something else fails the test rather than decoding by luck."""
import re
import sys

PIXELS = 4   # per module
QUIET = 4    # extra light modules around, so margin 0 decodes too
HALVES = {" ": (0, 0), "\u2580": (1, 0), "\u2584": (0, 1), "\u2588": (1, 1)}


def modules(kind, text):
    """Rows of booleans, True for dark."""
    if kind == "ansiutf8":
        text = re.sub("\x1b\\[[0-9;]*m", "", text)
    lines = text.split("\n")
    if lines[-1] != "":
        raise SystemExit("output does not end with a newline")
    lines = lines[:-1]
    rows = []
    if kind in ("utf8", "ansiutf8", "utf8i"):
        dark_drawn = kind == "utf8i"
        for line in lines:
            top, bottom = [], []
            for ch in line:
                if ch not in HALVES:
                    raise SystemExit(f"unexpected character {ch!r}")
                t, b = HALVES[ch]
                top.append(bool(t) == dark_drawn)
                bottom.append(bool(b) == dark_drawn)
            rows += [top, bottom]
    elif kind in ("ascii", "asciii"):
        dark_drawn = kind == "ascii"
        for line in lines:
            if len(line) % 2:
                raise SystemExit("odd line length")
            row = []
            for i in range(0, len(line), 2):
                cell = line[i:i + 2]
                if cell not in ("##", "  "):
                    raise SystemExit(f"unexpected cell {cell!r}")
                row.append((cell == "##") == dark_drawn)
            rows.append(row)
    else:
        raise SystemExit(f"unknown type {kind}")
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise SystemExit("lines of different widths")
    return rows


def main():
    kind = sys.argv[1]
    rows = modules(kind, sys.stdin.buffer.read().decode("utf-8"))
    width = len(rows[0]) + 2 * QUIET
    light_row = [False] * width
    grid = [light_row] * QUIET + [[False] * QUIET + r + [False] * QUIET
                                  for r in rows] + [light_row] * QUIET
    out = bytearray(f"P5\n{width * PIXELS} {len(grid) * PIXELS}\n255\n", "ascii")
    for row in grid:
        line = b"".join(b"\x00" * PIXELS if dark else b"\xff" * PIXELS
                        for dark in row)
        out += line * PIXELS
    sys.stdout.buffer.write(out)


if __name__ == "__main__":
    main()
