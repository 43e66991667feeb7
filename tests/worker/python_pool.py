#!/usr/bin/env python3
"""The Python worker pools (scripts/python/qr_cli, WorkerPool and AsyncWorkerPool), blocking and
asyncio, against the real qr-cli (and an echoing fake worker): volume,
failures, recovery (the requests of a worker that died are sent again,
once), a timeout that fails only its own request, clean shutdown."""
import asyncio
import gc
import os
import signal
import sys
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "python", "tests"))
import tap_unittest  # noqa: E402
from protocol import decode_all, png_info  # noqa: E402
from support import children  # noqa: E402  (and scripts/python on sys.path)
from qr_cli import AsyncWorkerPool, QrCliError, WorkerPool  # noqa: E402

TEXTS = [f"https://example.com/item/{i}?ref=pool 二维码 {i}" for i in range(10000)]
SAMPLE = (0, 1, 4999, 9999)


ECHO_WORKER = r"""#!{python}
# A fake `qr-cli --worker`: answers each request with its own text, hangs
# on the text "hang", exits at once on a text starting "die"; each start
# appends its pid to the file named in $STARTS.
import os, sys, time
with open(os.environ["STARTS"], "a") as f:
    f.write(f"{{os.getpid()}}\n")
read, write = sys.stdin.buffer.read, sys.stdout.buffer
while True:
    header = read(20)
    if len(header) < 20:
        break
    text = read(int.from_bytes(header[16:20], "little"))
    if text == b"hang":
        time.sleep(30)
    if text.startswith(b"die"):
        os._exit(3)
    write.write(b"QR\x01\x00" + len(text).to_bytes(4, "little") + text)
    write.flush()
"""


# Version 1 and version 2 frames interleaved on the same workers: each
# answer must be qr-cli's own bytes for its options (the table's later
# options travel in version 2 frames; none at all is a version 1 frame).
MIXED_OPTIONS = [({}, []), ({"symversion": 7}, ["-v", "7"]), ({"dpi": 300}, ["--dpi", "300"]),
                 ({"eight_bit": True, "boost_level": True}, ["-8", "--boost-level"]),
                 ({"micro": True, "level": "m"}, ["-M", "-l", "M"])]
MIXED_TEXTS = [f"{i}{i}{i}" for i in range(1, 8)]
MIXED = [(MIXED_TEXTS[i % len(MIXED_TEXTS)], i % len(MIXED_OPTIONS)) for i in range(2000)]


def mixed_references():
    import subprocess
    from qr_cli import find_qr_cli
    binary = find_qr_cli()
    return {(text, k): subprocess.run([binary, *MIXED_OPTIONS[k][1], "--", text],
                                      stdout=subprocess.PIPE, check=True, timeout=30).stdout
            for text in MIXED_TEXTS for k in range(len(MIXED_OPTIONS))}


def echo_worker(tmp):
    """(path of the fake worker, path of its starts file)."""
    path = os.path.join(tmp, "echo-worker")
    with open(path, "w") as f:
        f.write(ECHO_WORKER.format(python=sys.executable))
    os.chmod(path, 0o755)
    starts = os.path.join(tmp, "starts")
    open(starts, "w").close()
    os.environ["STARTS"] = starts
    return path, starts


def starts(path):
    with open(path) as f:
        return len(f.read().split())


def references(texts):
    """Each text's PNG from a pool that nothing disturbs."""
    with WorkerPool(workers=2) as pool, ThreadPoolExecutor(8) as threads:
        return list(threads.map(pool.qr_png, texts))


def silent_binary(tmp):
    path = os.path.join(tmp, "silent")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec cat >/dev/null\n")
    os.chmod(path, 0o755)
    return path


class BlockingPool(unittest.TestCase):
    def test_10000_requests_none_fails_a_sample_decodes(self):
        with WorkerPool(workers=2) as pool, ThreadPoolExecutor(16) as threads:
            pngs = list(threads.map(pool.qr_png, TEXTS))
        self.assertTrue(all(png_info(p)[:2] == (200, 200) for p in pngs))
        self.assertEqual(decode_all([pngs[i] for i in SAMPLE]),
                         "".join(TEXTS[i] for i in SAMPLE).encode())
        self.assertEqual(children(), [])

    def test_2000_mixed_version_1_and_2_requests_are_qr_clis_bytes(self):
        want = mixed_references()
        with WorkerPool(workers=2) as pool, ThreadPoolExecutor(8) as threads:
            got = list(threads.map(lambda c: pool.qr_png(c[0], **MIXED_OPTIONS[c[1]][0]), MIXED))
        self.assertEqual(sum(g != want[c] for c, g in zip(MIXED, got)), 0)
        self.assertEqual(children(), [])

    def test_options_and_failures(self):
        with WorkerPool(workers=1) as pool:
            png = pool.qr_png(b"sized", size=321, level="h", fg="#1a4d8f", bg="transparent")
            self.assertEqual(png_info(png)[0], 321)
            self.assertIn("tRNS", png_info(png)[4])
            # the worker's own answers (2), the client's checks (None)
            for text, options, status in [("", {}, 2), ("x" * 3000, {}, 2), ("x" * 9000, {}, 2),
                                          ("x", {"size": 9000}, None), ("x", {"level": "Z"}, None)]:
                with self.assertRaises(QrCliError) as caught:
                    pool.qr_png(text, **options)
                self.assertEqual(caught.exception.status, status, (text[:5], options))

    def test_a_killed_worker_is_replaced_and_its_requests_sent_again(self):
        texts = TEXTS[:3000]
        with WorkerPool(workers=2) as pool:
            pool.qr_png("start")
            victim = pool.pids()[0]
            done = []

            def one(text):
                if len(done) == 500:
                    os.kill(victim, signal.SIGKILL)
                try:
                    return pool.qr_png(text)
                except QrCliError as e:
                    return e
                finally:
                    done.append(1)

            with ThreadPoolExecutor(16) as threads:
                results = list(threads.map(one, texts))
            failed = [r for r in results if isinstance(r, QrCliError)]
            self.assertEqual(failed[:3], [])
            self.assertEqual(pool.stats()["restarts"], 1)
            self.assertNotIn(victim, pool.pids())
        # every answer is its own text's image, byte for byte
        self.assertEqual([i for i, (a, b) in enumerate(zip(results, references(texts)))
                          if a != b], [])
        self.assertEqual(children(), [])

    def test_one_timeout_fails_only_its_own_request(self):
        with tempfile.TemporaryDirectory() as tmp:
            worker, started = echo_worker(tmp)
            with WorkerPool(workers=1, qr_cli=worker, timeout=10) as pool, \
                    ThreadPoolExecutor(32) as threads:
                hang = threads.submit(pool.qr_png, "hang", timeout=0.5)
                while pool.stats()["in_flight"] == 0:
                    time.sleep(0.01)
                texts = [f"behind {i}" for i in range(31)]
                others = [threads.submit(pool.qr_png, t) for t in texts]
                self.assertEqual(hang.exception(5).code, "QR_TIMEOUT")
                answers = [f.exception(10) or f.result() for f in others]
                self.assertEqual(answers, [t.encode() for t in texts])
                self.assertEqual(starts(started), 2)
        self.assertEqual(children(), [])

    def test_a_request_is_tried_twice_at_most(self):
        with tempfile.TemporaryDirectory() as tmp:
            worker, started = echo_worker(tmp)
            with WorkerPool(workers=1, qr_cli=worker) as pool:
                with self.assertRaises(QrCliError) as caught:
                    pool.qr_png("die now")
                self.assertEqual(caught.exception.code, "QR_WORKER_DIED")
                self.assertIn("status 3", caught.exception.message)
                self.assertEqual(starts(started), 2)
                self.assertEqual(pool.qr_png("after"), b"after")
        self.assertEqual(children(), [])

    def test_timeout_kills_a_silent_worker(self):
        with tempfile.TemporaryDirectory() as tmp:
            with WorkerPool(workers=1, qr_cli=silent_binary(tmp), timeout=0.3) as pool:
                with self.assertRaises(QrCliError) as caught:
                    pool.qr_png("x")
                self.assertEqual(caught.exception.code, "QR_TIMEOUT")
        self.assertEqual(children(), [])

    def test_close_leaves_no_child_and_refuses_more(self):
        pool = WorkerPool(workers=2)
        pool.qr_png("a")
        pids = pool.pids()
        pool.close()
        self.assertEqual(children(), [])
        self.assertFalse(any(os.path.exists(f"/proc/{p}") for p in pids))
        with self.assertRaises(QrCliError) as caught:
            pool.qr_png("late")
        self.assertEqual(caught.exception.code, "QR_POOL_CLOSED")


class AsyncPool(unittest.TestCase):
    def run_async(self, coroutine):
        return asyncio.run(coroutine)

    def test_10000_requests_none_fails_a_sample_decodes(self):
        async def main():
            async with AsyncWorkerPool(workers=2) as pool:
                return await asyncio.gather(*(pool.qr_png(t) for t in TEXTS))
        pngs = self.run_async(main())
        self.assertEqual(len(pngs), 10000)
        self.assertEqual(decode_all([pngs[i] for i in SAMPLE]),
                         "".join(TEXTS[i] for i in SAMPLE).encode())
        self.assertEqual(children(), [])

    def test_2000_mixed_version_1_and_2_requests_are_qr_clis_bytes(self):
        want = mixed_references()

        async def main():
            async with AsyncWorkerPool(workers=2) as pool:
                return await asyncio.gather(*(pool.qr_png(t, **MIXED_OPTIONS[k][0])
                                              for t, k in MIXED))
        got = self.run_async(main())
        self.assertEqual(sum(g != want[c] for c, g in zip(MIXED, got)), 0)
        self.assertEqual(children(), [])

    def test_failures_carry_the_exit_code_class(self):
        async def main():
            async with AsyncWorkerPool(workers=1) as pool:
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("")
                self.assertEqual(caught.exception.status, 2)
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("x", scale=9000)
                self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
                return await pool.qr_png("after", margin=0, scale=2)
        self.assertEqual(png_info(self.run_async(main()))[0], 21 * 2)

    def test_a_killed_worker_is_replaced_and_its_requests_sent_again(self):
        texts = TEXTS[:3000]

        async def main():
            async with AsyncWorkerPool(workers=2) as pool:
                await pool.qr_png("start")
                victim = pool.pids()[0]

                async def one(i, text):
                    if i == 500:
                        os.kill(victim, signal.SIGKILL)
                    await asyncio.sleep(0)
                    return await pool.qr_png(text)
                results = await asyncio.gather(*(one(i, t) for i, t in enumerate(texts)),
                                               return_exceptions=True)
                after = await asyncio.gather(*(pool.qr_png(t) for t in TEXTS[:200]))
                return victim, results, after, pool.pids(), pool.stats()
        victim, results, after, pids, stats = self.run_async(main())
        failed = [r for r in results if isinstance(r, Exception)]
        self.assertEqual(failed[:3], [])
        self.assertEqual(stats["restarts"], 1)
        self.assertEqual(len(after), 200)
        self.assertNotIn(victim, pids)
        self.assertEqual([i for i, (a, b) in enumerate(zip(results, references(texts)))
                          if a != b], [])
        self.assertEqual(children(), [])

    def test_one_timeout_fails_only_its_own_request(self):
        async def main(worker):
            async with AsyncWorkerPool(workers=1, qr_cli=worker, timeout=10) as pool:
                hang = asyncio.ensure_future(pool.qr_png("hang", timeout=0.5))
                while pool.stats()["in_flight"] == 0:
                    await asyncio.sleep(0.01)
                texts = [f"behind {i}" for i in range(31)]
                answers = await asyncio.gather(*(pool.qr_png(t) for t in texts),
                                               return_exceptions=True)
                return texts, answers, await asyncio.gather(hang, return_exceptions=True)
        with tempfile.TemporaryDirectory() as tmp:
            worker, started = echo_worker(tmp)
            texts, answers, (hang,) = self.run_async(main(worker))
            self.assertEqual(getattr(hang, "code", hang), "QR_TIMEOUT")
            self.assertEqual(answers, [t.encode() for t in texts])
            self.assertEqual(starts(started), 2)
        self.assertEqual(children(), [])

    def test_callers_cancelled_while_their_worker_dies_leave_no_unread_error(self):
        # A caller cancelled while its request is in flight: when the worker
        # dies, nothing is left for asyncio to report as "never retrieved".
        reports = []

        async def main(worker):
            asyncio.get_running_loop().set_exception_handler(lambda _, c: reports.append(c))
            async with AsyncWorkerPool(workers=1, qr_cli=worker) as pool:
                hang = asyncio.ensure_future(pool.qr_png("hang"))
                tasks = [asyncio.ensure_future(pool.qr_png(f"t{i}")) for i in range(8)]
                while pool.stats()["in_flight"] < 9:
                    await asyncio.sleep(0.01)
                for task in tasks[::2] + [hang]:
                    task.cancel()
                await asyncio.sleep(0)
                os.kill(pool.pids()[0], signal.SIGKILL)
                return await asyncio.gather(*tasks, return_exceptions=True)
        with tempfile.TemporaryDirectory() as tmp:
            worker, _ = echo_worker(tmp)
            results = self.run_async(main(worker))
        gc.collect()  # an unread error is reported when its future is freed
        self.assertEqual(results[1::2], [b"t1", b"t3", b"t5", b"t7"])
        self.assertEqual([c.get("message") for c in reports], [])
        self.assertEqual(children(), [])

    def test_a_request_is_tried_twice_at_most(self):
        async def main(worker, started):
            async with AsyncWorkerPool(workers=1, qr_cli=worker) as pool:
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("die now")
                tries = starts(started)
                return caught.exception, tries, await pool.qr_png("after")
        with tempfile.TemporaryDirectory() as tmp:
            worker, started = echo_worker(tmp)
            error, tries, after = self.run_async(main(worker, started))
            self.assertEqual(error.code, "QR_WORKER_DIED")
            self.assertIn("status 3", error.message)
            self.assertEqual(tries, 2)
            self.assertEqual(after, b"after")
        self.assertEqual(children(), [])

    def test_timeout_and_missing_binary(self):
        async def main(tmp):
            async with AsyncWorkerPool(workers=1, qr_cli=silent_binary(tmp), timeout=0.3) as pool:
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("x")
                self.assertEqual(caught.exception.code, "QR_TIMEOUT")
            async with AsyncWorkerPool(workers=1, qr_cli="/nonexistent/qr-cli") as pool:
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("x")
                self.assertEqual(caught.exception.code, "QR_NOT_FOUND")
                self.assertIn("/nonexistent/qr-cli", caught.exception.message)
        with tempfile.TemporaryDirectory() as tmp:
            self.run_async(main(tmp))
        self.assertEqual(children(), [])


if __name__ == "__main__":
    tap_unittest.main()
