#!/usr/bin/python3
"""In-process rate of the two bindings against `qr-cli --worker` fed
directly, side by side, alternating, in one run:

    native_rate.py QR_CLI TEXTS_FILE COUNT ROUNDS

Rows: the CPython extension qr_cli._native (1 and 2 threads), the Node
addon (renderSync on the main thread; render() with 64 promises pending
on libuv's pool), and qr-cli --worker fed a file of request frames (1
and 2 processes). Default options, the texts in turn. Medians over
ROUNDS of codes per wall second and per CPU second (the steadier one on
a shared machine). Needs `make node-addon python-ext` (Debian python3)."""
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.path.insert(0, HERE)
from qr_cli import _native  # noqa: E402
from worker_rate import run_workers  # noqa: E402
from qr_cli._protocol import encode_request  # noqa: E402


def python_ext(texts, count, threads):
    def loop(start):
        for i in range(start, count, threads):
            _native.render(texts[i % len(texts)])
    cpu, wall = time.process_time(), time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    return time.monotonic() - wall, time.process_time() - cpu


def node_addon(texts_file, count, mode):
    out = subprocess.run(["node", os.path.join(HERE, "native_rate.js"), texts_file, str(count), mode],
                         capture_output=True, check=True, text=True).stdout
    r = json.loads(out)
    return r["wall"], r["cpu"]


def main():
    qr_cli, texts_file, count, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(texts_file, encoding="utf-8") as f:
        texts = [line.rstrip("\n").encode() for line in f if line.strip()]
    frames = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"native_rate.{os.getpid()}.frames")
    with open(frames, "wb") as f:
        f.write(b"".join(encode_request(texts[i % len(texts)], {}) for i in range(count)))
    runs = {
        ("Python qr_cli._native, 1 thread", 1): lambda: python_ext(texts, count, 1),
        ("Python qr_cli._native, 2 threads", 1): lambda: python_ext(texts, count, 2),
        ("Node addon renderSync", 1): lambda: node_addon(texts_file, count, "sync"),
        ("Node addon render(), 64 pending", 1): lambda: node_addon(texts_file, count, "async"),
        ("qr-cli --worker fed directly, 1 process", 1): lambda: run_workers(qr_cli, frames, count, 1),
        ("qr-cli --worker fed directly, 2 processes", 2): lambda: run_workers(qr_cli, frames, count, 2),
    }
    results = {key: [] for key in runs}
    try:
        for _ in range(rounds):
            for key, run in runs.items():
                results[key].append(run())
    finally:
        os.unlink(frames)
    print(f"{count} codes per process, {len(texts)} texts, default options, median of {rounds} rounds\n")
    print("| path | codes/s (wall) | codes per CPU second |")
    print("|---|---:|---:|")
    for (name, procs), rs in results.items():
        wall = statistics.median(procs * count / w for w, _ in rs)
        cpu = statistics.median(procs * count / c for _, c in rs)
        print(f"| {name} | {wall:,.0f} | {cpu:,.0f} |")


if __name__ == "__main__":
    main()
