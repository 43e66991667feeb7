"""qr_cli._native (scripts/python/qr_cli/_native.c): every option byte for
byte against qr-cli, every error code, text types, many threads decoding
with zbarimg, and 100,000 renders with the RSS flat. TAP for prove (run by
python.t with Debian's /usr/bin/python3, which built the extension).
Needs QR_CLI (make test sets it)."""
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "python"))
sys.path.insert(0, str(ROOT / "tests" / "support"))
import tap_unittest  # noqa: E402
from qr_cli import _native  # noqa: E402

CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
QR_CLI = os.environ.get("QR_CLI") or str(ROOT / "build" / "qr-cli")


def cli_png(text: str, argv) -> bytes:
    return subprocess.run([QR_CLI, "--keep-newline", "-i", "-", *argv], input=text.encode(),
                          capture_output=True, check=True).stdout


def zbar(png: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        out = subprocess.run(["zbarimg", "-q", "--raw", f.name], capture_output=True, check=True)
    return out.stdout.decode().removesuffix("\n")


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def error_text(c) -> str:
    return c["text_repeat"][0] * c["text_repeat"][1] if "text_repeat" in c else c["text"]


class NativeTest(unittest.TestCase):
    @contextlib.contextmanager
    def subTest(self, msg=None, **params):  # noqa: N802 - unittest's name
        # tap_unittest prints no line for a failed subtest: fail the test
        # itself, naming the case.
        try:
            yield
        except AssertionError as e:
            raise AssertionError(f"{params}: {e}") from None

    def assert_error(self, code, status, fn, *args, **kwargs):
        with self.assertRaises(_native.NativeError) as cm:
            fn(*args, **kwargs)
        e = cm.exception
        self.assertEqual((e.code, e.status), (code, status), e.message)
        self.assertEqual(str(e), e.message)
        self.assertTrue(e.message)
        return e

    def test_every_option_is_byte_for_byte_qr_cli(self):
        for text in CASES["texts"]:
            for case in CASES["options"]:
                want = cli_png(text, case["argv"])
                with self.subTest(text=text, opts=case["opts"]):
                    self.assertEqual(_native.render(text, **case["opts"]), want)
                    self.assertEqual(_native.render(text.encode(), **case["opts"]), want)

    def test_the_tables_later_options_are_byte_for_byte_qr_cli(self):
        # symversion, micro, boost_level, eight_bit, dpi: the extension reads
        # every row of libqrpng's option table by its identifier.
        for text, opts, argv in [
                ("https://example.com/v", {"symversion": 10}, ["-v", "10"]),
                ("12345", {"micro": True}, ["-M"]),
                ("12345", {"micro": True, "type": "utf8"}, ["-M", "-t", "utf8"]),
                ("12345", {"micro": True, "symversion": 4, "level": "q"},
                 ["-M", "-v", "4", "-l", "Q"]),
                ("https://example.com/b", {"boost_level": True}, ["--boost-level"]),
                ("12345678", {"eight_bit": True}, ["-8"]),
                ("https://example.com/d", {"dpi": 300}, ["--dpi", "300"]),
                ("https://example.com/d", {"dpi": 1, "type": "svg"}, ["--dpi", "1", "-t", "svg"]),
                ("12345", {"micro": False, "boost_level": False, "eight_bit": False}, [])]:
            with self.subTest(opts=opts):
                self.assertEqual(_native.render(text, **opts), cli_png(text, argv))
        self.assertIn(b"pHYs", _native.render("x", dpi=300))

    def test_the_tables_later_options_refuse_bad_values(self):
        for opts in ({"symversion": 0}, {"symversion": 41}, {"symversion": "1"},
                     {"symversion": True}, {"dpi": 0}, {"dpi": 65536}, {"dpi": 2**70},
                     {"dpi": 3.0}, {"micro": 1}, {"micro": "yes"}, {"boost_level": 0},
                     {"eight_bit": b"1"}, {"boost-level": True}, {"eightBit": True},
                     {"8bit": True}, {"dpi\0x": 300}, {"micro\0": True}, {"": 1}):
            with self.subTest(opts=opts):
                self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, "x", **opts)
        # Micro QR's limits (versions 1..4, no level H): the package's code too.
        for opts, words in (({"micro": True, "symversion": 5}, "1..4 for Micro QR"),
                            ({"micro": True, "level": "H"}, "not H")):
            with self.subTest(opts=opts):
                e = self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, "x", **opts)
                self.assertIn(words, e.message)

    def test_codes_decode_with_zbarimg(self):
        for text in ("https://example.com/qr?id=42", "Héllo wörld, 多言語"):
            for level in "LMQH":
                self.assertEqual(zbar(_native.render(text, level=level)), text)

    def test_text_types(self):
        want = _native.render(b"abc")
        self.assertEqual(_native.render("abc"), want)
        self.assertEqual(_native.render(bytearray(b"abc")), want)
        self.assertEqual(_native.render(memoryview(b"xxabcxx")[2:5]), want)
        self.assertEqual(_native.render(array("B", b"abc")), want)
        for bad in (None, 42, 4.2, ["a"], {"a": 1}, object(), "\udc80"):
            with self.subTest(text=bad):
                self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, bad)
        # A non-contiguous view has no plain bytes to render.
        self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, memoryview(b"abcdef")[::2])

    def test_invalid_options(self):
        for case in CASES["invalid"]:
            with self.subTest(opts=case["opts"]):
                self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, "x", **case["opts"])
        for kwargs in ({"size": 2**70}, {"margin": -2**70}, {"level": b"L"}, {"fg": "#fff\udc80"},
                       {"timeout": 5}, {"qr_cli": "x"}):
            with self.subTest(opts=kwargs):
                self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, "x", **kwargs)
        # Options are keyword-only; a missing text is the same error.
        self.assert_error("QR_INVALID_ARGUMENT", None, _native.render, "x", "L")
        self.assert_error("QR_INVALID_ARGUMENT", None, _native.render)
        # None is the default, as in the package.
        self.assertEqual(_native.render("x", level=None, size=None, scale=None, margin=None,
                                        fg=None, bg=None), _native.render("x"))

    def test_library_failures_carry_code_and_status(self):
        for c in CASES["render_errors"]:
            with self.subTest(case=c.get("text", c.get("text_repeat"))):
                self.assert_error(c["code"], c["status"], _native.render, error_text(c), **c["opts"])
        self.assertIn("empty", self.assert_error("QR_ENCODE", 2, _native.render, b"").message)

    def test_error_class(self):
        self.assertTrue(issubclass(_native.NativeError, Exception))
        self.assertEqual(_native.NativeError.__module__, "qr_cli._native")
        self.assertEqual(_native.MAX_TEXT, 7089)

    def test_threads_render_concurrently_and_correctly(self):
        texts = [f"thread text {i} " + "z" * (i % 97) for i in range(400)]
        levels = "LMQH"
        start = threading.Barrier(8)

        def job(i):
            if i < 8:
                start.wait()
            return _native.render(texts[i], level=levels[i % 4])

        with ThreadPoolExecutor(max_workers=8) as pool:
            pngs = list(pool.map(job, range(len(texts))))
        for i in range(0, len(texts), 50):
            self.assertEqual(zbar(pngs[i]), texts[i])
        for i, text in enumerate(texts):
            self.assertEqual(pngs[i], _native.render(text, level=levels[i % 4]))

    def test_100000_renders_rss_flat(self):
        # Errors of every kind mixed in; two threads, so contexts are shared
        # across threads as in a server. A leak of 50 bytes a render would
        # add 3.5 MB over the 70,000 renders after warm-up.
        def loop(start, count):
            for i in range(start, start + count):
                kind = i % 10
                if kind == 0:
                    self.assertRaises(_native.NativeError, _native.render, b"")
                elif kind == 1:
                    self.assertRaises(_native.NativeError, _native.render, "x", size=-i)
                elif kind == 2:
                    self.assertRaises(_native.NativeError, _native.render, "x", scale=8000)
                else:
                    _native.render(f"loop {i}", scale=2, margin=1)

        samples = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            for block in range(10):
                list(pool.map(lambda s: loop(s, 5000), (block * 10000, block * 10000 + 5000)))
                samples.append(rss_bytes())
        mb = [f"{s / 1048576:.1f}" for s in samples]
        print(f"# rss (MB) every 10,000 renders: {' '.join(mb)}", flush=True)
        grown = max(samples[3:]) - samples[2]
        self.assertLess(grown, 2 * 1048576, f"RSS grew {grown / 1048576:.1f} MB after warm-up")


# Run in a child interpreter, so a crash (a read of freed memory, a
# segfault) is a failed test with its output, not the end of the suite.
HOSTILE_BUFFERS = r"""
import sys, threading
sys.path.insert(0, sys.argv[1])
from qr_cli import _native

TEXT = b"buffer held for the whole render"
want = _native.render(TEXT, size=200, level="M", fg="#123", type="png")
grown = bytearray(TEXT)
results = []

def resize():
    # Resizing a buffer that is exported raises BufferError; growing it
    # reallocates it, so a pointer taken before would dangle.
    try:
        grown.extend(b"!" * 100000)
    except BufferError:
        results.append("pinned")

class ResizingIndex:           # not an int: refused, and never asked
    def __index__(self):
        resize(); return 200

class ResizingInt(int):        # an int subclass: its plain value is read
    def __index__(self):
        resize(); return 7
    def __int__(self):
        resize(); return 7

class ResizingStr(str):        # a str subclass: its plain value is read
    def __str__(self):
        resize(); return "#fff"
    def __eq__(self, other):
        resize(); return False
    __hash__ = str.__hash__
    def upper(self):
        resize(); return "H"
    def lower(self):
        resize(); return "svg"

def case(name, text, **options):
    try:
        png = _native.render(text, **options)
        print(name, "same" if png == want else "different")
    except _native.NativeError as e:
        print(name, e.code)

view = memoryview(grown)
case("index", view, size=ResizingIndex(), level="M", fg="#123")
case("int", view, size=ResizingInt(200), level="M", fg="#123")
case("str-level", view, size=200, level=ResizingStr("M"), fg="#123")
case("str-fg", view, size=200, level="M", fg=ResizingStr("#123"), type=ResizingStr("png"))
case("bytearray-int", grown, size=ResizingInt(200), level="M", fg="#123")
case("bytearray-str", grown, size=200, level=ResizingStr("M"), fg=ResizingStr("#123"))
view.release()
print("resized", len(grown) == len(TEXT), results.count("pinned") == 0)

# Another thread resizes the bytearray while renders run with the GIL
# released: each render sees the text whole, before or after a resize.
data = bytearray(TEXT)
short = _native.render(bytes(data), level="M")
long_ = _native.render(bytes(data) + b"!" * 64, level="M")
stop = threading.Event()
refused = [0]
def churn():
    while not stop.is_set():
        try:
            data.extend(b"!" * 64)
            del data[len(TEXT):]
        except BufferError:
            refused[0] += 1
churner = threading.Thread(target=churn)
churner.start()
try:
    seen = set()
    for _ in range(400):
        png = _native.render(data, level="M")
        seen.add("short" if png == short else "long" if png == long_ else "other")
finally:
    stop.set()
    churner.join()
print("churn", "whole" if seen <= {"short", "long"} else sorted(seen), refused[0] > 0)
"""


class HostileBuffers(unittest.TestCase):
    """The text's buffer is held (PyObject_GetBuffer) for the whole call,
    after every option is read, and released on every path."""

    def test_a_resized_exporter_never_reaches_freed_memory(self):
        done = subprocess.run([sys.executable, "-c", HOSTILE_BUFFERS, str(ROOT / "scripts" / "python")],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, f"crashed: {done.returncode}\n{done.stdout}{done.stderr}")
        self.assertEqual(done.stdout.splitlines(), [
            "index QR_INVALID_ARGUMENT",     # a non-int is refused, its __index__ never runs
            "int same", "str-level same", "str-fg same", "bytearray-int same",
            "bytearray-str same",
            "resized True True",             # no dunder ran: nothing tried to resize
            "churn whole True",              # whole texts only; resizes refused mid-render
        ], done.stderr)

    def test_the_buffer_is_released_on_every_path(self):
        # After each call, success or error, the bytearray can be resized
        # again: no export left behind.
        data = bytearray(b"released")
        calls = [lambda: _native.render(data), lambda: _native.render(data, size=0),
                 lambda: _native.render(data, level="Z"), lambda: _native.render(data, fg=1),
                 lambda: _native.render(data, size=100, scale=2),
                 lambda: _native.render(data, scale=8000), lambda: _native.render(data, bogus=1),
                 lambda: _native.render(bytearray(b"x" * 8000))]
        for i, call in enumerate(calls):
            with self.subTest(call=i):
                try:
                    call()
                except _native.NativeError:
                    pass
                data.extend(b"!")
                del data[-1:]


if __name__ == "__main__":
    tap_unittest.main()
