#!/usr/bin/env python3
"""Clients for the qr-server suites that curl cannot be: raw requests,
slow and idle connections, load across a SIGTERM. Standard library only;
every loop has a count and every wait a timeout; 127.0.0.1 only.

  client.py raw PORT                 send stdin as is, print the answer
  client.py slowloris PORT N SECS    N partial requests trickling a header
                                     line every 0.5 s while normal requests
                                     are timed; prints JSON
  client.py idle PORT N PID          N keep-alive connections left idle
                                     after one request each; prints JSON
                                     with the server's RSS before and after
  client.py drain PORT PID N         N requests held half-sent, a load of
                                     whole requests, SIGTERM to PID, then
                                     the held requests finished; prints JSON
"""

import json
import os
import signal
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def request(port, path="/qrcode?text=hello", timeout=5.0):
    """One GET on a new connection: (status, body bytes), or raises."""
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
        return read_answer(s)


def read_answer(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {len(data)} bytes")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("body cut short")
        body += chunk
    return status, body[:length]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def raw(port):
    data = sys.stdin.buffer.read()
    with socket.create_connection((HOST, port), timeout=5) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    sys.stdout.buffer.write(out)


def slowloris(port, n, secs):
    slow = []
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=5)
        s.sendall(b"GET /qrcode?text=slow HTTP/1.1\r\nHost: t\r\n")
        slow.append(s)
    latencies, failures = [], 0
    cut = 0
    end = time.monotonic() + secs
    rounds = 0
    while time.monotonic() < end and rounds < 200:
        rounds += 1
        for s in slow:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        t0 = time.monotonic()
        try:
            status, body = request(port, timeout=2)
            if status != 200 or not body.startswith(b"\x89PNG"):
                failures += 1
        except OSError:
            failures += 1
        latencies.append(time.monotonic() - t0)
        time.sleep(0.5)
    for s in slow:
        s.settimeout(0.2)
        try:
            if s.recv(1) == b"":
                cut += 1
        except (ConnectionError, OSError) as e:
            if not isinstance(e, socket.timeout):
                cut += 1
        s.close()
    print(json.dumps({"requests": len(latencies), "failures": failures,
                      "max_latency": max(latencies) if latencies else None,
                      "slow_cut": cut, "slow": n}))


def idle(port, n, pid):
    before = rss_kb(pid)
    conns = []
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        status, _ = read_answer(s)
        if status != 200:
            raise SystemExit(f"healthz answered {status}")
        conns.append(s)
    time.sleep(0.3)
    during = rss_kb(pid)
    t0 = time.monotonic()
    status, body = request(port)
    latency = time.monotonic() - t0
    # Each idle connection still answers.
    alive = 0
    for s in conns[:: max(1, n // 20)]:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        if read_answer(s)[0] == 200:
            alive += 1
    for s in conns:
        s.close()
    print(json.dumps({"rss_before_kb": before, "rss_idle_kb": during,
                      "status": status, "png": body.startswith(b"\x89PNG"),
                      "latency": latency, "checked_alive": alive}))


def drain(port, pid, n):
    held = []
    for i in range(n):
        s = socket.create_connection((HOST, port), timeout=5)
        s.sendall(f"GET /qrcode?text=held-{i} HTTP/1.1\r\nHost: t\r\n".encode())
        held.append(s)
    time.sleep(0.3)  # the server has accepted them all
    results = {"ok": 0, "refused": 0, "reset_before_answer": 0, "bad": 0}
    lock = threading.Lock()
    stop = threading.Event()

    def load():
        for _ in range(2000):
            if stop.is_set():
                return
            try:
                status, body = request(port, timeout=5)
                key = "ok" if status == 200 and body.startswith(b"\x89PNG") else "bad"
            except ConnectionRefusedError:
                key = "refused"
            except (ConnectionError, OSError):
                key = "reset_before_answer"
            with lock:
                results[key] += 1

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.2)
    held_ok = 0
    for i, s in enumerate(held):
        try:
            s.sendall(b"\r\n")
            status, body = read_answer(s)
            if status == 200 and body.startswith(b"\x89PNG"):
                held_ok += 1
        except OSError:
            pass
        s.close()
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(10)
    results["held"] = n
    results["held_ok"] = held_ok
    print(json.dumps(results))


def main(argv):
    cmd = argv[1]
    port = int(argv[2])
    if cmd == "raw":
        raw(port)
    elif cmd == "slowloris":
        slowloris(port, int(argv[3]), float(argv[4]))
    elif cmd == "idle":
        idle(port, int(argv[3]), int(argv[4]))
    elif cmd == "drain":
        drain(port, int(argv[3]), int(argv[4]))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
