#!/usr/bin/env python3
"""Batch manifests of N names for scripts/bench-names.sh, one kind each:

  random   random 16-letter names
  fnv      names whose file names ("NAME.png") share the low 19 bits of
           their 64-bit FNV-1a hash: what flooded the old hash set
  prefix   190 equal bytes, then a counter: the longest comparisons a
           search tree of names can be made to do

Each record is NAME<TAB> (an empty text): the record fails at rendering,
so a run costs little besides reading the manifest and checking names.
Usage: crafted_names.py KIND N > manifest
"""
import random
import sys

ALPHABET = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
BITS = 19
MASK = (1 << BITS) - 1
PRIME = 0x100000001B3
OFFSET = 0xCBF29CE484222325


def step(h, c):
    return ((h ^ c) * PRIME) & MASK


def unstep(h, c):
    # (h ^ c) * PRIME is a bijection mod 2^BITS: PRIME is odd.
    return ((h * pow(PRIME, -1, 1 << BITS)) & MASK) ^ c


def loop_blocks(state):
    """4-letter blocks that bring the low hash bits back to state: the
    2 letters forward and the 2 letters backward meet in the middle."""
    forward = {}
    for a in ALPHABET:
        for b in ALPHABET:
            forward.setdefault(step(step(state, a), b), []).append(bytes([a, b]))
    blocks = []
    for c in ALPHABET:
        for d in ALPHABET:
            mid = unstep(unstep(state, d), c)
            for head in forward.get(mid, ()):
                blocks.append(head + bytes([c, d]))
    return blocks


def fnv_names(n):
    state = OFFSET & MASK
    for c in b"f":
        state = step(state, c)
    blocks = loop_blocks(state)
    names, parts = [], 1
    while len(blocks) ** parts < n:
        parts += 1
    for i in range(n):
        name, k = b"f", i
        for _ in range(parts):
            name += blocks[k % len(blocks)]
            k //= len(blocks)
        names.append(name)
    return names


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(1)
    if kind == "random":
        names = [bytes(rng.choice(ALPHABET) for _ in range(16)) for _ in range(n)]
    elif kind == "fnv":
        names = fnv_names(n)
    elif kind == "prefix":
        names = [b"p" * 190 + b"%09d" % i for i in range(n)]
    else:
        sys.exit("kind: random, fnv or prefix")
    out = sys.stdout.buffer
    for name in names:
        out.write(name + b"\t\n")


if __name__ == "__main__":
    main()
