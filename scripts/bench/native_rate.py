#!/usr/bin/python3
"""In-process rate of the two bindings against `qr-cli --worker`, side
by side, alternating, in one run:

    native_rate.py QR_CLI TEXTS_FILE COUNT ROUNDS

Rows, bare: the CPython extension qr_cli._native (1 and 2 threads), the
Node addon (renderSync on the main thread; render() with 64 promises
pending on libuv's pool), and qr-cli --worker fed a file of request
frames (1 and 2 processes). Then through the host packages, as a server
calls them: Node's createPool() with 2 qr-cli workers against
createPool({ impl: 'native' }), 64 requests pending; Python's
WorkerPool(workers=2) against qr_png(impl="native"), from 8 threads.
CPU counts the host and its qr-cli children. Default options, the texts
in turn. Medians over ROUNDS of codes per wall second and per CPU second
(the steadier one on a shared machine), and CPU microseconds per code.
Needs `make node-addon python-ext` (Debian python3)."""
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
import qr_cli  # noqa: E402
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


def children_cpu():
    """CPU seconds so far of this process's children (qr-cli workers)."""
    ticks = 0
    for task in os.listdir("/proc/self/task"):
        try:  # a thread (and its entry) may be gone by now
            with open(f"/proc/self/task/{task}/children") as f:
                pids = f.read().split()
        except FileNotFoundError:
            continue
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def python_package(texts, count, impl, threads=8):
    """count codes through the package from threads, as a threaded server."""
    pool = qr_cli.WorkerPool(workers=2) if impl == "worker" else None
    render = pool.qr_png if pool else (lambda t: qr_cli.qr_png(t, impl="native"))
    for i in range(200):  # warm-up: workers started
        render(texts[i % len(texts)])

    def loop(start):
        for i in range(start, count, threads):
            render(texts[i % len(texts)])
    cpu, children, wall = time.process_time(), children_cpu(), time.monotonic()
    with ThreadPoolExecutor(threads) as executor:
        list(executor.map(loop, range(threads)))
    wall = time.monotonic() - wall
    cpu = time.process_time() - cpu + children_cpu() - children
    if pool:
        pool.close()
    return wall, cpu


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
        ("Node createPool(), 2 qr-cli workers, 64 pending", 1):
            lambda: node_addon(texts_file, count, "pool-worker"),
        ("Node createPool({ impl: 'native' }), 64 pending", 1):
            lambda: node_addon(texts_file, count, "pool-native"),
        ("Python WorkerPool(workers=2), 8 threads", 1): lambda: python_package(texts, count, "worker"),
        ("Python qr_png(impl=\"native\"), 8 threads", 1): lambda: python_package(texts, count, "native"),
    }
    results = {key: [] for key in runs}
    try:
        for _ in range(rounds):
            for key, run in runs.items():
                results[key].append(run())
    finally:
        os.unlink(frames)
    print(f"{count} codes per process, {len(texts)} texts, default options, median of {rounds} rounds\n")
    print("| path | codes/s (wall) | codes per CPU second | CPU µs per code |")
    print("|---|---:|---:|---:|")
    for (name, procs), rs in results.items():
        wall = statistics.median(procs * count / w for w, _ in rs)
        cpu = statistics.median(procs * count / c for _, c in rs)
        print(f"| {name} | {wall:,.0f} | {cpu:,.0f} | {1e6 / cpu:,.0f} |")


if __name__ == "__main__":
    main()
