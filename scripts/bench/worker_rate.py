#!/usr/bin/env python3
"""Raw rate of `qr-cli --worker` fed directly (all requests pipelined from
a file, answers read from a pipe) against libqrpng's in-process rate
(build/bench/render_bench), side by side, alternating, in one run.

    worker_rate.py QR_CLI RENDER_BENCH TEXTS_FILE COUNT ROUNDS

Prints a Markdown table: codes per second of wall time and per CPU
second, with 1 and with 2 processes at once, medians over ROUNDS. On a
shared machine the wall rate moves with other load; the rate per CPU
second is the steadier measure of the work each code costs."""
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from qr_cli._protocol import encode_request  # noqa: E402


def run_in_process(bench, texts_file, count):
    out = subprocess.run([bench, texts_file, str(count)], capture_output=True, check=True)
    _, wall, cpu, _ = out.stdout.split()
    return float(wall), float(cpu)


def start_worker(qr_cli, frames_path):
    # Answers go to a file, not a pipe: with pipes read one after the
    # other, a second worker would stall on its full pipe meanwhile.
    answers = tempfile.TemporaryFile()
    with open(frames_path, "rb") as frames:
        proc = subprocess.Popen([qr_cli, "--worker", "--"], stdin=frames, stdout=answers)
    proc.answers = answers
    return proc


def finish_worker(proc, count):
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.answers.seek(0)
    data = proc.answers.read()
    proc.answers.close()
    pos = answers = 0
    while pos < len(data):
        _, _, code, length = struct.unpack_from("<2sBBI", data, pos)
        assert code == 0, f"request {answers} failed: {data[pos + 8:pos + 8 + length]!r}"
        pos += 8 + length
        answers += 1
    assert (proc.returncode, answers) == (0, count), (proc.returncode, answers)
    return usage.ru_utime + usage.ru_stime


def run_workers(qr_cli, frames_path, count, parallel):
    start = time.monotonic()
    procs = [start_worker(qr_cli, frames_path) for _ in range(parallel)]
    for p in procs:
        os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    wall = time.monotonic() - start
    return wall, sum(finish_worker(p, count) for p in procs)


def run_benches(bench, texts_file, count, parallel):
    start = time.monotonic()
    procs = [subprocess.Popen([bench, texts_file, str(count)], stdout=subprocess.PIPE)
             for _ in range(parallel)]
    cpu = 0.0
    for p in procs:
        cpu += float(p.communicate()[0].split()[2])
        assert p.returncode == 0
    return time.monotonic() - start, cpu


def main():
    qr_cli, bench, texts_file, count, rounds = sys.argv[1:6]
    count, rounds = int(count), int(rounds)
    with open(texts_file, encoding="utf-8") as f:
        texts = [line.rstrip("\n").encode() for line in f if line.strip()]
    with tempfile.NamedTemporaryFile(suffix=".frames") as frames:
        frames.write(b"".join(encode_request(texts[i % len(texts)], {}) for i in range(count)))
        frames.flush()
        results = {}
        for _ in range(rounds):
            for parallel in (1, 2):
                for name, run in (("in-process (render_bench)", lambda p: run_benches(bench, texts_file, count, p)),
                                  ("qr-cli --worker, fed directly", lambda p: run_workers(qr_cli, frames.name, count, p))):
                    results.setdefault((name, parallel), []).append(run(parallel))
    print(f"{count} codes per process, {len(texts)} texts, median of {rounds} rounds\n")
    print("| path | processes | codes/s (wall) | codes per CPU second | per CPU second vs in-process |")
    print("|---|---:|---:|---:|---:|")
    for parallel in (1, 2):
        base = None
        for name in ("in-process (render_bench)", "qr-cli --worker, fed directly"):
            runs = results[(name, parallel)]
            rate = statistics.median(parallel * count / wall for wall, _ in runs)
            per_cpu = statistics.median(parallel * count / cpu for _, cpu in runs)
            base = base or per_cpu
            print(f"| {name} | {parallel} | {rate:,.0f} | {per_cpu:,.0f} | {per_cpu / base:.2f}x |")


if __name__ == "__main__":
    main()
