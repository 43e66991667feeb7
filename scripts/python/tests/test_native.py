"""impl="native": qr_png and qr_png_async over the C extension qr_cli._native
(make python-ext). The same bytes as the worker path, every error code the
native path gives, and QR_NATIVE_UNAVAILABLE when the extension is missing."""
import asyncio
import subprocess
import sys
import unittest
from concurrent.futures import ThreadPoolExecutor

from support import PACKAGE_ROOT, QR_CLI, decode
import qr_cli
from qr_cli import QrCliError, WorkerPool

CASES = [
    ("https://www.reddit.com/r/rustjerk/top/?t=all", {}),
    ("二维码 テスト 😀", {"level": "h", "size": 333, "margin": 0}),
    (b"\x01\xff\xfe\x80", {"scale": 3, "fg": "#123", "bg": "transparent"}),
    (bytearray(b"HELLO WORLD 0123456789"), {"level": "Q", "fg": "#1a4d8f", "bg": "#FFEECC"}),
    ("x" * 2953, {"level": "L", "size": 1}),
]


class NativeRenders(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pool = WorkerPool(workers=1, qr_cli=QR_CLI)
        cls.addClassCleanup(cls.pool.close)

    def test_same_bytes_as_the_worker_pool_and_they_decode(self):
        for text, options in CASES:
            with self.subTest(options=options):
                self.assertEqual(qr_cli.qr_png(text, impl="native", **options),
                                 self.pool.qr_png(text, **options))
        png = qr_cli.qr_png(CASES[1][0], impl="native", **CASES[1][1])
        self.assertEqual(decode(png), CASES[1][0].encode())

    def test_async_runs_in_the_executor_with_the_same_bytes(self):
        texts = [f"https://example.com/item/{i}" for i in range(200)]

        async def main():
            return await asyncio.gather(*(qr_cli.qr_png_async(t, impl="native", level="M")
                                          for t in texts))
        pngs = asyncio.run(main())
        for text, png in zip(texts[:5], pngs):
            self.assertEqual(png, self.pool.qr_png(text, level="M"))
        self.assertEqual(decode(pngs[199]), texts[199].encode())

    def test_threads_render_in_parallel_correctly(self):
        texts = [f"thread {i} 中文" for i in range(400)]
        with ThreadPoolExecutor(max_workers=16) as ex:
            pngs = list(ex.map(lambda t: qr_cli.qr_png(t, impl="native"), texts))
        self.assertEqual(pngs[123], self.pool.qr_png(texts[123]))
        self.assertEqual(decode(pngs[399]), texts[399].encode())

    def test_timeout_and_qr_cli_are_checked_but_do_not_apply(self):
        self.assertEqual(qr_cli.qr_png("x", impl="native", timeout=0.5, qr_cli="/nonexistent"),
                         self.pool.qr_png("x"))


class NativeErrors(unittest.TestCase):
    def assert_error(self, code, status, text, pattern=None, **options):
        for call in ("sync", "async"):
            with self.subTest(call=call, code=code, options=options):
                with self.assertRaises(QrCliError) as caught:
                    if call == "sync":
                        qr_cli.qr_png(text, impl="native", **options)
                    else:
                        asyncio.run(qr_cli.qr_png_async(text, impl="native", **options))
                self.assertEqual(caught.exception.code, code, caught.exception.message)
                self.assertEqual(caught.exception.status, status)
                if pattern:
                    self.assertRegex(caught.exception.message, pattern)

    def test_invalid_argument_before_any_c_code(self):
        for text, options in [(42, {}), (None, {}), ("a\0b", {}), ("x", {"level": "X"}),
                              ("x", {"size": 0}), ("x", {"scale": True}), ("x", {"margin": 256}),
                              ("x", {"fg": "red"}), ("x", {"bg": "#12"}), ("x", {"size": 10, "scale": 2}),
                              ("x", {"fg": "#fff", "bg": "#ffffff"}), ("x", {"nope": 1}),
                              ("x", {"timeout": 0}), ("x", {"qr_cli": ""})]:
            self.assert_error("QR_INVALID_ARGUMENT", None, text, **options)
        for impl in ("js", None, "NATIVE"):
            with self.assertRaises(QrCliError) as caught:
                qr_cli.qr_png("x", impl=impl)
            self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")

    def test_encode_for_an_empty_text_or_one_too_long(self):
        self.assert_error("QR_ENCODE", 2, "", "empty")
        self.assert_error("QR_ENCODE", 2, "x" * 7090, "too long")
        self.assert_error("QR_ENCODE", 2, "x" * 5000, "too long", level="H")

    def test_usage_for_an_image_over_8192_px_as_qr_cli(self):
        self.assert_error("QR_USAGE", 1, "x", "8192", scale=8000)



class Hostile(Exception):
    """What the hostile arguments below raise."""


class LyingStr(str):
    """A str whose methods and comparisons raise: a check that calls them
    runs the caller's code and lets its exception out."""
    def lower(self):
        raise Hostile("lower")

    def upper(self):
        raise Hostile("upper")

    def __eq__(self, other):
        raise Hostile("__eq__")

    def __contains__(self, item):
        raise Hostile("__contains__")

    __hash__ = str.__hash__


class LyingInt(int):
    def __le__(self, other):
        raise Hostile("__le__")

    __ge__ = __lt__ = __gt__ = __le__

    def __float__(self):
        raise Hostile("__float__")


class BadRepr:
    def __repr__(self):
        raise Hostile("__repr__")


class LiarStr:
    __class__ = property(lambda self: str)


class LiarInt:
    __class__ = property(lambda self: int)


class RaisingBytes(bytearray):
    def __bytes__(self):
        raise Hostile("__bytes__")


# (text, options): each once made a check raise Hostile (or OverflowError)
# instead of QrCliError.
HOSTILE_CALLS = [
    ("x", {"level": LyingStr("L")}), ("x", {"type": LyingStr("png")}),
    ("x", {"bg": LyingStr("#fff")}), ("x", {"fg": LyingStr("#000")}),
    ("x", {"size": LyingInt(200)}), ("x", {"margin": LyingInt(2)}),
    ("x", {"timeout": LyingInt(5)}), ("x", {"timeout": 10**400}),
    ("x", {"size": BadRepr()}), ("x", {"qr_cli": LyingStr(QR_CLI)}),
    (RaisingBytes(b"x"), {}),
]


class HostileArguments(unittest.TestCase):
    """Arguments whose dunder methods raise, on every path: a QrCliError
    (never the caller's exception, never a render of something else); where
    the check ran the caller's code, the exception is kept as __cause__."""

    def check(self, call):
        try:
            result = call()
        except QrCliError as e:
            self.assertEqual(e.code, "QR_INVALID_ARGUMENT", e.message)
            return e
        # Accepted: then it must be the plain value's image.
        self.assertTrue(result.startswith(b"\x89PNG"))
        return None

    def test_every_path_answers_with_the_error_class(self):
        paths = {
            "native": lambda t, o: qr_cli.qr_png(t, impl="native", **o),
            "native_async": lambda t, o: asyncio.run(qr_cli.qr_png_async(t, impl="native", **o)),
            "worker": lambda t, o: qr_cli.qr_png(t, **{"qr_cli": QR_CLI, **o}),
            "spawn": lambda t, o: qr_cli.spawn_qr_png(t, **{"qr_cli": QR_CLI, **o}),
        }
        for name, path in paths.items():
            for i, (text, options) in enumerate(HOSTILE_CALLS):
                with self.subTest(path=name, case=i):
                    self.check(lambda: path(text, options))
        for i, settings in enumerate([{"level": LyingStr("M")}, {"timeout": LyingInt(3)},
                                      {"scale": BadRepr()}, {"qr_cli": LyingStr(QR_CLI)}]):
            with self.subTest(settings=i):
                def make():
                    with WorkerPool(workers=1, **settings) as pool:
                        return pool.qr_png("x")
                self.check(make)
        qr_cli.close()

    def test_the_cause_is_kept(self):
        # An object that claims to be a str (isinstance believes __class__)
        # fails where its plain value is taken; that error is the cause.
        for i, (text, options) in enumerate([(LiarStr(), {}), ("x", {"level": LiarStr()}),
                                             ("x", {"fg": LiarStr()}), ("x", {"size": LiarInt()})]):
            with self.subTest(case=i):
                with self.assertRaises(QrCliError) as caught:
                    qr_cli.qr_png(text, impl="native", **options)
                self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
                self.assertIsInstance(caught.exception.__cause__, TypeError)
        with self.assertRaises(QrCliError) as caught:
            qr_cli.qr_png("x", impl="native", size=BadRepr())
        self.assertTrue(caught.exception.message.startswith("invalid size <BadRepr object>: "),
                        caught.exception.message)

    def test_subclasses_are_read_as_their_plain_values(self):
        want = qr_cli.qr_png("x", impl="native", level="Q", size=120, fg="#123", bg="#fff")
        got = qr_cli.qr_png(RaisingBytes(b"x"), impl="native", level=LyingStr("q"),
                            size=LyingInt(120), fg=LyingStr("#123"), bg=LyingStr("#FFF"),
                            type=LyingStr("PNG"), timeout=LyingInt(5))
        self.assertEqual(got, want)

    def test_an_extension_failure_keeps_its_cause(self):
        with self.assertRaises(QrCliError) as caught:
            qr_cli.qr_png("", impl="native")
        self.assertEqual(type(caught.exception.__cause__).__name__, "NativeError")


class NativeMissing(unittest.TestCase):
    def test_unavailable_when_the_extension_is_hidden(self):
        # A fresh interpreter where importing qr_cli._native fails, as when it is not built.
        script = "\n".join([
            "import asyncio, sys",
            f"sys.path.insert(0, {str(PACKAGE_ROOT)!r})",
            "sys.modules['qr_cli._native'] = None",
            "import qr_cli",
            "for call in (lambda: qr_cli.qr_png('x', impl='native'),",
            "             lambda: asyncio.run(qr_cli.qr_png_async('x', impl='native'))):",
            "    try:",
            "        call()",
            "    except qr_cli.QrCliError as e:",
            "        print(e.code, e.status, e.message)",
            f"print(len(qr_cli.spawn_qr_png('still works', qr_cli={QR_CLI!r})) > 0)",
        ])
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual(len(lines), 3, done.stdout)
        for line in lines[:2]:
            self.assertRegex(line, r"^QR_NATIVE_UNAVAILABLE None .*make python-ext")
        self.assertEqual(lines[2], "True")


if __name__ == "__main__":
    unittest.main()
