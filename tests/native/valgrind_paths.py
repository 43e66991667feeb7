"""Every path of qr_cli._native once or a few times, for valgrind
(tests/valgrind/python_ext.t): success with each option and text type,
every error, threads with the GIL released, and module teardown. Exits 0
when every result was as expected."""
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "python"))
from qr_cli import _native  # noqa: E402


def expect(code, text, **opts):
    try:
        _native.render(text, **opts)
    except _native.NativeError as e:
        assert e.code == code, (e.code, e.message)
        return
    raise AssertionError(f"no error for {opts}")


for opts in ({}, {"level": "h"}, {"size": 64}, {"scale": 3}, {"margin": 0},
             {"fg": "#123", "bg": "#abcdef"}, {"bg": "transparent"}):
    assert _native.render("valgrind", **opts).startswith(b"\x89PNG")
for text in ("str é", b"bytes\0nul", bytearray(b"ba"), memoryview(b"xmvx")[1:3]):
    assert _native.render(text).startswith(b"\x89PNG")

for bad_text in (None, 4, "\udc80", memoryview(b"abcd")[::2]):
    expect("QR_INVALID_ARGUMENT", bad_text)
for opts in ({"level": "X"}, {"level": 1}, {"size": 0}, {"size": 2**70}, {"scale": True},
             {"margin": 256}, {"fg": "red"}, {"fg": "#fff\udc80"}, {"bg": "#12345"},
             {"size": 9, "scale": 2}, {"nope": 1}):
    expect("QR_INVALID_ARGUMENT", "x", **opts)
expect("QR_ENCODE", b"")
expect("QR_ENCODE", "a" * 3000)
expect("QR_USAGE", "x", scale=8192)

# More renders in flight than contexts kept (16), from threads.
results = []
threads = [threading.Thread(target=lambda i=i: results.append(_native.render(f"t{i}", level="q")))
           for i in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(results) == 20
print("valgrind_paths: ok")
