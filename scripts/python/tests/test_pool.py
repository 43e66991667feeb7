"""WorkerPool, AsyncWorkerPool and the default qr_png / qr_png_async:
the burst, event loops, queue bound, timeouts and every error code."""
import asyncio
import errno
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import unittest.mock
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support import (PACKAGE_ROOT, POOL_PATHS, QR_CLI, SILENT_WORKER, children, decode,
                     fake_binary, fake_worker, png_width)
import qr_cli
from qr_cli import AsyncWorkerPool, QrCliError, WorkerPool

BURST = 20000


class Burst(unittest.TestCase):
    """1 worker, timeout 2 s, 20,000 requests at once: all succeed, and no
    worker is killed or started again (the timeout counts from the write,
    not from the queue)."""

    def test_async_pool_gather(self):
        async def main():
            async with AsyncWorkerPool(workers=1, timeout=2, max_queue=BURST,
                                       qr_cli=QR_CLI) as pool:
                pngs = await asyncio.gather(*(pool.qr_png(f"burst {i}") for i in range(BURST)),
                                            return_exceptions=True)
                return pngs, pool.stats()
        pngs, stats = asyncio.run(main())
        failed = [p for p in pngs if not isinstance(p, bytes)]
        self.assertEqual(failed[:3], [])
        self.assertEqual(len(pngs), BURST)
        self.assertEqual(stats, {"workers": 1, "in_flight": 0, "queued": 0, "restarts": 0})
        self.assertEqual(decode(pngs[BURST - 1]), f"burst {BURST - 1}".encode())

    def test_blocking_pool_threads(self):
        # 200 threads keep the queue full; each call blocks its thread.
        with WorkerPool(workers=1, timeout=2, max_queue=BURST, qr_cli=QR_CLI) as pool, \
                ThreadPoolExecutor(200) as threads:
            pngs = list(threads.map(lambda i: pool.qr_png(f"burst {i}"), range(BURST)))
            stats = pool.stats()
        self.assertEqual(len(pngs), BURST)
        self.assertEqual(stats, {"workers": 1, "in_flight": 0, "queued": 0, "restarts": 0})
        self.assertEqual(decode(pngs[7]), b"burst 7")
        self.assertEqual(children(), [])


class EventLoops(unittest.TestCase):
    def tearDown(self):
        qr_cli.close()

    def test_successive_asyncio_run_each_get_their_pool(self):
        # It hung 10 s in the second loop, then failed.
        pids = []
        for i in range(3):
            async def main():
                png = await qr_cli.qr_png_async(f"loop {i}", size=120)
                pool = qr_cli._async_pools[asyncio.get_running_loop()][None]
                pids.extend(pool.pids())
                return png
            started = time.monotonic()
            png = asyncio.run(main())
            self.assertLess(time.monotonic() - started, 5)
            self.assertEqual(png_width(png), 120)
            self.assertEqual(decode(png), f"loop {i}".encode())
        self.assertEqual(len(set(pids)), len(pids))
        # the workers of an ended loop ended with it
        self.assertEqual(children(), [])

    def test_loops_in_threads_at_once(self):
        results = []

        def run(n):
            async def main():
                return await asyncio.gather(*(qr_cli.qr_png_async(f"{n}-{i}") for i in range(50)))
            results.append(asyncio.run(main()))
        threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(sorted(len(r) for r in results), [50, 50, 50])

    def test_a_pool_used_from_another_loop_says_so(self):
        pool = AsyncWorkerPool(workers=1, qr_cli=QR_CLI)
        asyncio.run(pool.qr_png("first"))
        with self.assertRaisesRegex(RuntimeError, "belongs to another event loop"):
            asyncio.run(pool.qr_png("second"))

    def test_sync_default_and_close(self):
        self.assertEqual(decode(qr_cli.qr_png("default", qr_cli=QR_CLI)), b"default")
        self.assertEqual(decode(qr_cli.qr_png("default")), b"default")
        qr_cli.close()
        self.assertEqual(children(), [])
        self.assertEqual(decode(qr_cli.qr_png("again")), b"again")  # a new pool


class Fork(unittest.TestCase):
    def test_a_forked_child_gets_its_own_shared_pool(self):
        # A pre-forking server imports and uses qr_png, then forks.
        parent_png = qr_cli.qr_png("parent", qr_cli=QR_CLI)
        parent_pids = qr_cli._pools[QR_CLI].pids()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its answer through the pipe, then _exit
            status = 1
            try:
                png = qr_cli.qr_png("child", qr_cli=QR_CLI)
                mine = qr_cli._pools[QR_CLI].pids()
                os.write(write_end, png if not set(mine) & set(parent_pids) else b"shared")
                qr_cli.close()
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as answer:
            child_png = answer.read()
        self.assertEqual(os.waitpid(pid, 0)[1], 0)
        self.assertEqual(decode(child_png), b"child")
        self.assertEqual(decode(parent_png), b"parent")
        self.assertEqual(decode(qr_cli.qr_png("parent again", qr_cli=QR_CLI)), b"parent again")
        qr_cli.close()


def decode_all(pngs):
    """zbarimg's bytes for all PNGs, in order, from one run."""
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, png in enumerate(pngs):
            path = Path(d) / f"{i:04}.png"
            path.write_bytes(png)
            paths.append(str(path))
        return subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", *paths],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout


def load(render, who, count=200, threads=4):
    """count renders of texts of its own from threads at once: (texts, results),
    a result being the PNG or the exception."""
    texts = [f"{who} {os.getpid()} request {i}" for i in range(count)]

    def one(text):
        try:
            return render(text)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            return e
    with ThreadPoolExecutor(threads) as pool:
        return texts, list(pool.map(one, texts))


def verdict(texts, results):
    """"ok", or what is wrong: errors, or answers that are not their own text."""
    errors = [r for r in results if not isinstance(r, bytes)]
    if errors:
        return f"{len(errors)} of {len(results)} failed: {errors[0]!r}"
    if decode_all(results) != "".join(texts).encode():
        mine = sum(1 for t, r in zip(texts, results) if decode_all([r]) == t.encode())
        return f"only {mine} of {len(results)} answers decode to their own text"
    return "ok"


def forked(child, limit=30):
    """Runs child() in a forked process (its str result comes back through
    a pipe; an exception is reported); returns (pid, a function that
    waits for it and gives its result)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            try:
                answer = child()
            except BaseException as e:  # noqa: BLE001 - the parent reports it
                answer = f"child raised {e!r}"
            os.write(write_end, answer.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result():
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = -1
        with os.fdopen(read_end, "rb") as answer:
            return status, answer.read().decode()
    return pid, result


class PoolsAcrossFork(unittest.TestCase):
    """A pool made and used before os.fork() (gunicorn's preload_app,
    multiprocessing's fork): the child starts workers of its own and never
    touches the parent's; both render at once, each answer its own text."""

    def test_blocking_pool(self):
        with WorkerPool(workers=2, timeout=5, qr_cli=QR_CLI) as pool:
            self.assertEqual(decode(pool.qr_png("before the fork")), b"before the fork")
            parent_pids = pool.pids()

            def child():
                texts, results = load(pool.qr_png, "child")
                shared = set(pool.pids()) & set(parent_pids)
                pool.close()  # ends the child's workers only
                return verdict(texts, results) + (f"; shares {shared}" if shared else "")
            pid, child_result = forked(child)
            texts, results = load(pool.qr_png, "parent")
            parent = verdict(texts, results)
            self.assertEqual((child_result(), parent), ((0, "ok"), "ok"))
            # the child neither used, killed nor waited for the parent's workers
            self.assertEqual(pool.pids(), parent_pids)
            self.assertEqual(pool.stats()["restarts"], 0)
            texts, results = load(pool.qr_png, "parent after", count=50)
            self.assertEqual(verdict(texts, results), "ok")
        self.assertEqual(children(), [])

    def test_forks_while_the_parent_renders(self):
        # Forks taken while parent threads are writing to the workers and
        # reading their answers: the child may inherit half a frame in a
        # write buffer and locks held by those threads.
        with WorkerPool(workers=2, timeout=5, qr_cli=QR_CLI) as pool, \
                WorkerPool(workers=1, qr_cli=QR_CLI) as reference:
            stop, wrong, rendered = threading.Event(), [], [0]

            def hammer(k):
                for i in range(100000):
                    if stop.is_set():
                        return
                    text = f"parent {k} {i}"
                    try:
                        if pool.qr_png(text) != reference.qr_png(text):
                            wrong.append(text)
                    except QrCliError as e:
                        wrong.append(e)
                    rendered[0] += 1
            threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
            for t in threads:
                t.start()
            try:
                answers = []
                for n in range(10):
                    time.sleep(0.05)

                    def child():
                        with WorkerPool(workers=1, qr_cli=QR_CLI) as own:
                            texts = [f"child {n} {i}" for i in range(10)]
                            same = sum(pool.qr_png(t) == own.qr_png(t) for t in texts)
                        return f"{same} of 10"
                    answers.append(forked(child, limit=20)[1]())
            finally:
                stop.set()
                for t in threads:
                    t.join(30)
            self.assertEqual(answers, [(0, "10 of 10")] * 10)
            self.assertEqual(wrong[:3], [])
            self.assertGreater(rendered[0], 0)
            self.assertEqual(pool.stats()["restarts"], 0)
        self.assertEqual(children(), [])

    def test_the_parent_closes_at_once_while_a_child_lives(self):
        # The child holds no copy of the workers' pipes: they see the end of
        # their input when the parent closes, not when the child exits.
        pool = WorkerPool(workers=2, qr_cli=QR_CLI)
        pool.qr_png("before the fork")
        release, hold = os.pipe()
        self.addCleanup(os.close, release)
        self.addCleanup(os.close, hold)
        pid, child_result = forked(lambda: "ok" if os.read(release, 1) == b"!" else "no")
        try:
            started = time.monotonic()
            pool.close()
            took = time.monotonic() - started
        finally:
            os.write(hold, b"!")
        self.assertEqual(child_result(), (0, "ok"))
        self.assertLess(took, 1.0)
        self.assertEqual(children(), [])

    def test_asyncio_pool(self):
        # The parent's pool runs in a loop of its own thread while the
        # child, forked from the main thread, uses it in a loop of its own.
        loop = asyncio.new_event_loop()
        runner = threading.Thread(target=loop.run_forever)
        runner.start()
        pool = AsyncWorkerPool(workers=2, timeout=5, qr_cli=QR_CLI)

        def in_parent_loop(text):
            return asyncio.run_coroutine_threadsafe(pool.qr_png(text), loop).result(30)
        try:
            self.assertEqual(decode(in_parent_loop("before the fork")), b"before the fork")
            parent_pids = pool.pids()

            def child():
                async def main():
                    texts = [f"child {os.getpid()} request {i}" for i in range(200)]
                    results = await asyncio.gather(*(pool.qr_png(t) for t in texts),
                                                   return_exceptions=True)
                    shared = set(pool.pids()) & set(parent_pids)
                    await pool.aclose()
                    return verdict(texts, results) + (f"; shares {shared}" if shared else "")
                return asyncio.run(main())
            pid, child_result = forked(child)
            texts, results = load(in_parent_loop, "parent")
            parent = verdict(texts, results)
            self.assertEqual((child_result(), parent), ((0, "ok"), "ok"))
            self.assertEqual(pool.pids(), parent_pids)
            texts, results = load(in_parent_loop, "parent after", count=50)
            self.assertEqual(verdict(texts, results), "ok")
        finally:
            asyncio.run_coroutine_threadsafe(pool.aclose(), loop).result(30)
            loop.call_soon_threadsafe(loop.stop)
            runner.join(30)
            loop.close()
        self.assertEqual(children(), [])


# A parent with both kinds of pool in use forks; the child uses them, then
# ends as a program does (finalizers, not os._exit). The parent's workers
# must be untouched by the child's whole life and end.
FORK_AND_EXIT = r"""
import asyncio, os, sys, threading
sys.path.insert(0, sys.argv[1])
import qr_cli
blocking = qr_cli.WorkerPool(workers=2, qr_cli=sys.argv[2])
aio = qr_cli.AsyncWorkerPool(workers=2, qr_cli=sys.argv[2])
loop = asyncio.new_event_loop()
runner = threading.Thread(target=loop.run_forever, daemon=True)
runner.start()
def in_loop(coroutine):
    return asyncio.run_coroutine_threadsafe(coroutine, loop).result(30)
blocking.qr_png("parent"); in_loop(aio.qr_png("parent"))
before = blocking.pids() + aio.pids()
pid = os.fork()
if pid == 0:
    assert blocking.qr_png("child").startswith(b"\x89PNG")
    assert asyncio.run(aio.qr_png("child")).startswith(b"\x89PNG")
    assert not set(blocking.pids() + aio.pids()) & set(before)
    sys.exit(0)  # no close(): the pools are finalized with the program
_, status = os.waitpid(pid, 0)
alive = all(os.path.exists(f"/proc/{p}") for p in before)
same = blocking.pids() + aio.pids() == before
works = blocking.qr_png("after").startswith(b"\x89PNG") and \
    in_loop(aio.qr_png("after")).startswith(b"\x89PNG")
blocking.close(); in_loop(aio.aclose())
loop.call_soon_threadsafe(loop.stop); runner.join(10)
print(status, alive, same, works)
"""


class ForkedChildEnds(unittest.TestCase):
    def test_a_child_that_exits_leaves_the_parents_workers_alone(self):
        done = subprocess.run([sys.executable, "-c", FORK_AND_EXIT, str(PACKAGE_ROOT), QR_CLI],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((done.stdout, done.stderr), ("0 True True True\n", ""))


class TimeoutFromWrite(unittest.TestCase):
    def test_queued_time_does_not_count(self):
        # One request at a time, 0.3 s each, timeout 0.5 s: four requests
        # queued at once take 1.2 s and all succeed.
        with tempfile.TemporaryDirectory() as d:
            slow = fake_binary(d, "while [ \"$(head -c 21 | wc -c)\" -eq 21 ]; do\n"
                                  "  sleep 0.3; printf 'QR\\001\\000\\003\\000\\000\\000png'\ndone")
            with WorkerPool(workers=1, max_in_flight=1, timeout=0.5, qr_cli=slow) as pool, \
                    ThreadPoolExecutor(4) as threads:
                self.assertEqual(list(threads.map(pool.qr_png, "abcd")), [b"png"] * 4)

            async def main():
                async with AsyncWorkerPool(workers=1, max_in_flight=1, timeout=0.5,
                                           qr_cli=slow) as pool:
                    return await asyncio.gather(*(pool.qr_png(t) for t in "abcd"))
            self.assertEqual(asyncio.run(main()), [b"png"] * 4)


def one_in_flight_one_queued(pool, threads):
    """Two calls from threads to a one-slot pool: (in flight, queued)."""
    in_flight = threads.submit(pool.qr_png, "in flight")
    while pool.stats()["in_flight"] == 0:
        time.sleep(0.01)
    queued = threads.submit(pool.qr_png, "queued")
    while pool.stats()["queued"] == 0:
        time.sleep(0.01)
    return in_flight, queued


class Failures(unittest.TestCase):
    """Every error code a pool can give, through both pools (QR_IO and
    QR_SIGNAL belong to spawn: a worker's exit is QR_WORKER_DIED)."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def expect(self, code, status=None, text="x", options=None, **settings):
        errors = []
        for name, call in POOL_PATHS.items():
            with self.subTest(path=name, code=code):
                started = time.monotonic()
                with self.assertRaises(QrCliError) as caught:
                    call(text, options or {}, {"workers": 1, **settings})
                self.assertEqual((caught.exception.code, caught.exception.status), (code, status))
                self.assertLess(time.monotonic() - started, 5)
                errors.append(caught.exception)
        self.assertEqual(children(), [])
        return errors

    def test_answers_with_a_status(self):
        for status, code in [(1, "QR_USAGE"), (2, "QR_ENCODE"), (4, "QR_INTERNAL")]:
            worker = fake_worker(self.dir.name, f"QR\\001\\{status:03o}\\004\\000\\000\\000oops")
            for e in self.expect(code, status, qr_cli=worker):
                self.assertEqual(str(e), "qr-cli: oops")
                self.assertEqual(e.stderr, "")
        for e in self.expect("QR_ENCODE", 2, text="", qr_cli=QR_CLI):  # the real worker
            self.assertEqual(str(e), "qr-cli: text is empty")

    def test_not_found_and_spawn(self):
        for e in self.expect("QR_NOT_FOUND", qr_cli="/nonexistent/qr-cli"):
            self.assertIn("/nonexistent/qr-cli", str(e))
        refusal = OSError(errno.EAGAIN, "Resource temporarily unavailable")
        with unittest.mock.patch("subprocess.Popen", side_effect=refusal):
            with self.assertRaises(QrCliError) as caught:
                POOL_PATHS["WorkerPool"]("x", {}, {"qr_cli": QR_CLI})
        self.assertEqual(caught.exception.code, "QR_SPAWN")

        async def refused():
            with unittest.mock.patch("asyncio.create_subprocess_exec", side_effect=refusal):
                async with AsyncWorkerPool(qr_cli=QR_CLI) as pool:
                    await pool.qr_png("x")
        with self.assertRaises(QrCliError) as caught:
            asyncio.run(refused())
        self.assertEqual(caught.exception.code, "QR_SPAWN")

    def test_no_thread_for_the_reader_is_spawn(self):
        refusal = RuntimeError("can't start new thread")
        with unittest.mock.patch("threading.Thread.start", side_effect=refusal):
            with self.assertRaises(QrCliError) as caught:
                POOL_PATHS["WorkerPool"]("x", {}, {"qr_cli": QR_CLI})
        self.assertEqual(caught.exception.code, "QR_SPAWN")
        self.assertIs(caught.exception.__cause__, refusal)
        self.assertEqual(children(), [])

    def test_timeout_kills_a_silent_worker(self):
        silent = fake_binary(self.dir.name, SILENT_WORKER)
        for e in self.expect("QR_TIMEOUT", qr_cli=silent, timeout=0.3):
            self.assertIn("0.3 s", str(e))

    def test_timeout_settles_when_a_grandchild_holds_the_pipes(self):
        pids = Path(self.dir.name) / "pids"
        wrapper = fake_binary(self.dir.name, f"sleep 30 &\necho $! >> '{pids}'\nexec cat >/dev/null")
        try:
            self.expect("QR_TIMEOUT", qr_cli=wrapper, timeout=0.3)
        finally:
            for pid in pids.read_text().split():
                try:
                    os.kill(int(pid), 9)
                except ProcessLookupError:
                    pass

    def test_worker_death_and_bad_frames(self):
        dies = fake_worker(self.dir.name, "", after="echo 'qr-cli: worker: boom' >&2\nexit 4")
        for e in self.expect("QR_WORKER_DIED", qr_cli=dies):
            self.assertEqual(str(e), "qr-cli worker exited with status 4: qr-cli: worker: boom")
        garbage = fake_worker(self.dir.name, "XYZ\\001\\000\\000\\000\\000")
        for e in self.expect("QR_PROTOCOL", qr_cli=garbage):
            self.assertIn("bad response header", str(e))
        huge = fake_worker(self.dir.name, "QR\\001\\000\\377\\377\\377\\377")
        for e in self.expect("QR_PROTOCOL", qr_cli=huge):
            self.assertIn("4294967295-byte answer", str(e))
        unknown_status = fake_worker(self.dir.name, "QR\\001\\011\\000\\000\\000\\000")
        self.expect("QR_PROTOCOL", 9, qr_cli=unknown_status)

    def test_busy_at_once_when_the_queue_is_full(self):
        silent = fake_binary(self.dir.name, SILENT_WORKER)
        with WorkerPool(workers=1, max_in_flight=1, max_queue=1, timeout=2, qr_cli=silent) as pool, \
                ThreadPoolExecutor(2) as threads:
            first, queued = one_in_flight_one_queued(pool, threads)
            started = time.monotonic()
            with self.assertRaises(QrCliError) as caught:
                pool.qr_png("one too many")
            self.assertEqual(caught.exception.code, "QR_POOL_BUSY")
            self.assertLess(time.monotonic() - started, 0.5)
            self.assertEqual(pool.stats()["queued"], 1)
            self.assertEqual(first.exception(5).code, "QR_TIMEOUT")
            self.assertEqual(queued.exception(5).code, "QR_TIMEOUT")

        async def main():
            async with AsyncWorkerPool(workers=1, max_in_flight=1, max_queue=1, timeout=1,
                                       qr_cli=silent) as pool:
                tasks = [asyncio.ensure_future(pool.qr_png(t)) for t in ("a", "b")]
                await asyncio.sleep(0.2)
                with self.assertRaises(QrCliError) as caught:
                    await pool.qr_png("one too many")
                self.assertEqual(caught.exception.code, "QR_POOL_BUSY")
                self.assertEqual(pool.stats()["queued"], 1)
                return await asyncio.gather(*tasks, return_exceptions=True)
        self.assertEqual([e.code for e in asyncio.run(main())], ["QR_TIMEOUT", "QR_TIMEOUT"])

    def test_closed_before_and_while_waiting(self):
        silent = fake_binary(self.dir.name, SILENT_WORKER)
        with WorkerPool(workers=1, max_in_flight=1, qr_cli=silent) as pool, \
                ThreadPoolExecutor(2) as threads:
            in_flight, waiting = one_in_flight_one_queued(pool, threads)
            pool.close(grace=0.2)
            self.assertEqual(waiting.exception(5).code, "QR_POOL_CLOSED")
            self.assertEqual(in_flight.exception(5).code, "QR_POOL_CLOSED")
            with self.assertRaises(QrCliError) as caught:
                pool.qr_png("late")
            self.assertEqual(caught.exception.code, "QR_POOL_CLOSED")

        async def main():
            pool = AsyncWorkerPool(workers=1, max_in_flight=1, qr_cli=silent)
            tasks = [asyncio.ensure_future(pool.qr_png(t)) for t in ("a", "b")]
            await asyncio.sleep(0.2)
            await pool.aclose(grace=0.2)
            with self.assertRaises(QrCliError) as caught:
                await pool.qr_png("late")
            self.assertEqual(caught.exception.code, "QR_POOL_CLOSED")
            return await asyncio.gather(*tasks, return_exceptions=True)
        self.assertEqual([e.code for e in asyncio.run(main())],
                         ["QR_POOL_CLOSED", "QR_POOL_CLOSED"])
        self.assertEqual(children(), [])

    def test_render_defaults_and_overrides(self):
        with WorkerPool(workers=1, qr_cli=QR_CLI, scale=2, margin=0) as pool:
            self.assertEqual(png_width(pool.qr_png("x")), 42)
            self.assertEqual(png_width(pool.qr_png("x", size=99)), 99)
            with self.assertRaises(QrCliError) as caught:
                pool.qr_png("x", qr_cli=QR_CLI)  # a pool setting, not a call option
            self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")


if __name__ == "__main__":
    unittest.main()
