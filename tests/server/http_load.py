#!/usr/bin/env python3
"""A bounded HTTP load for the server tests: COUNT requests of
GET /qrcode?text=<i> over CONCURRENCY keep-alive connections to HOST:PORT,
each answer kept (status, body) so the test can check every one. With
--kill PID --after N, SIGKILL goes to PID once N answers are in, while the
other connections are mid-request. Prints one JSON object: the count of each
status, the answers that were not a whole PNG, and errors (a request that
got no answer at all). Every request has a deadline (--timeout), so a hung
server fails the test instead of holding it.

    http_load.py HOST PORT COUNT CONCURRENCY [--kill PID --after N]
                 [--timeout SECONDS] [--save DIR]
"""
import argparse
import http.client
import json
import os
import signal
import threading
import urllib.parse

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def text_of(i):
    return f"failover request {i} https://example.com/?n={i}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("concurrency", type=int)
    ap.add_argument("--kill", type=int)
    ap.add_argument("--after", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--save", help="write each PNG body to DIR/<i>.png")
    args = ap.parse_args()

    lock = threading.Lock()
    next_index = [0]
    done = [0]
    statuses, bad_bodies, errors = {}, [], []
    killed = [args.kill is None]

    def take():
        with lock:
            if next_index[0] >= args.count:
                return None
            next_index[0] += 1
            return next_index[0] - 1

    def finish(i, status, body, error):
        with lock:
            done[0] += 1
            if error is not None:
                errors.append(f"{i}: {error}")
            else:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200 and not body.startswith(PNG_SIGNATURE):
                    bad_bodies.append(i)
                if status == 200 and args.save:
                    with open(os.path.join(args.save, f"{i}.png"), "wb") as f:
                        f.write(body)
            if not killed[0] and done[0] >= args.after:
                killed[0] = True
                os.kill(args.kill, signal.SIGKILL)

    def client():
        conn = None
        while (i := take()) is not None:
            path = "/qrcode?text=" + urllib.parse.quote(text_of(i), safe="")
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(args.host, args.port, timeout=args.timeout)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                finish(i, response.status, body, None)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                finish(i, None, b"", f"{type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"statuses": {str(k): v for k, v in sorted(statuses.items())},
                      "bad_bodies": bad_bodies, "errors": errors[:20],
                      "error_count": len(errors), "killed": args.kill is not None and killed[0]}))


if __name__ == "__main__":
    main()
