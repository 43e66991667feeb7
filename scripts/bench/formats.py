#!/usr/bin/python3
"""Bytes and render time per output type: qr-cli beside qrencode and segno,
on the article's URL and the benchmark texts (scripts/bench/texts.txt).

usage: formats.py QR_CLI TEXTS_FILE

Every tool at its defaults (qr-cli: 200x200 px, level L, margin 4;
qrencode: 3 px a module, level L, margin 4; segno: level L raised by its
default boost_error, border 4, scale 1, no Micro QR). Times:
  process  one process per text, run one after another (fork+exec+render+
           write), mean ms a text; qr-cli and qrencode
  library  one process for all texts: qr-cli --worker (protocol version 2,
           the type in each frame), segno in this Python process; mean ms
           a text, pipe I/O included for qr-cli
Run it on a quiet machine; the figures are ratios from one run."""
import io
import shutil
import struct
import subprocess
import sys
import time

URL = "https://www.reddit.com/r/rustjerk/top/?t=all"
QR_TYPES = ["png", "svg", "eps", "utf8", "ansiutf8", "ascii"]
QRENCODE_TYPES = {"png": "PNG", "svg": "SVG", "eps": "EPS", "utf8": "UTF8",
                  "ansiutf8": "ANSIUTF8", "ascii": "ASCII"}
SEGNO_KINDS = {"png": "png", "svg": "svg", "eps": "eps", "utf8": "terminal"}


def process_run(argv_of, texts):
    sizes = []
    start = time.perf_counter()
    for t in texts:
        out = subprocess.run(argv_of(t), stdout=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, check=True).stdout
        sizes.append(len(out))
    return sizes, (time.perf_counter() - start) * 1000 / len(texts)


def worker_run(qr_cli, type_index, texts):
    frames = b"".join(
        b"QW" + bytes([2, 0, 0, 0]) + bytes(10) + struct.pack("<I", len(b))
        + bytes([1, type_index, 0, 0]) + bytes(4) + b
        for b in (t.encode() for t in texts))
    start = time.perf_counter()
    out = subprocess.run([qr_cli, "--worker", "--"], input=frames,
                         stdout=subprocess.PIPE, check=True).stdout
    ms = (time.perf_counter() - start) * 1000 / len(texts)
    sizes, pos = [], 0
    while pos < len(out):
        status, length = out[pos + 3], struct.unpack("<I", out[pos + 4:pos + 8])[0]
        assert status == 0
        sizes.append(length)
        pos += 8 + length
    return sizes, ms


def segno_run(kind, texts):
    import segno
    sizes = []
    start = time.perf_counter()
    for t in texts:
        qr = segno.make(t, micro=False)
        if kind == "terminal":
            buf = io.StringIO()
            qr.terminal(out=buf, compact=True)
            sizes.append(len(buf.getvalue().encode()))
        elif kind == "eps":  # segno writes EPS as str
            buf = io.StringIO()
            qr.save(buf, kind=kind)
            sizes.append(len(buf.getvalue().encode()))
        else:
            buf = io.BytesIO()
            qr.save(buf, kind=kind)
            sizes.append(len(buf.getvalue()))
    return sizes, (time.perf_counter() - start) * 1000 / len(texts)


def row(tool, kind, url_bytes, sizes, process_ms, library_ms):
    mean = sum(sizes) / len(sizes)
    fmt = lambda ms: "" if ms is None else f"{ms:.3f}"
    print(f"| {tool} | {kind} | {url_bytes} | {mean:.0f} | {fmt(process_ms)} | {fmt(library_ms)} |")


def main():
    qr_cli, texts_file = sys.argv[1], sys.argv[2]
    with open(texts_file, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f if line.strip()]
    print(f"{len(texts)} texts; mean bytes over them; ms a text\n")
    print("| tool | type | reference URL bytes | mean bytes | process ms | library ms |")
    print("|---|---|---:|---:|---:|---:|")
    has_qrencode = shutil.which("qrencode") is not None
    try:
        import segno  # noqa: F401
        has_segno = True
    except ImportError:
        has_segno = False
    for kind in QR_TYPES:
        argv = lambda t: [qr_cli, "-t", kind, "--", t]
        url_bytes = process_run(argv, [URL])[0][0]
        sizes, process_ms = process_run(argv, texts)
        _, library_ms = worker_run(qr_cli, ["png", "svg", "eps", "utf8", "ansiutf8",
                                            "ascii"].index(kind), texts)
        row("qr-cli", kind, url_bytes, sizes, process_ms, library_ms)
        if has_qrencode:
            q = QRENCODE_TYPES[kind]
            argv = lambda t: ["qrencode", "-t", q, "-o", "-", "--", t]
            url_bytes = process_run(argv, [URL])[0][0]
            sizes, process_ms = process_run(argv, texts)
            row("qrencode", kind, url_bytes, sizes, process_ms, None)
            if kind == "svg":
                argv = lambda t: ["qrencode", "-t", "SVG", "--svg-path", "-o", "-", "--", t]
                url_bytes = process_run(argv, [URL])[0][0]
                sizes, process_ms = process_run(argv, texts)
                row("qrencode --svg-path", kind, url_bytes, sizes, process_ms, None)
        if has_segno and kind in SEGNO_KINDS:
            url_bytes = segno_run(SEGNO_KINDS[kind], [URL])[0][0]
            sizes, library_ms = segno_run(SEGNO_KINDS[kind], texts)
            row(f"segno ({SEGNO_KINDS[kind]})", kind, url_bytes, sizes, None, library_ms)


if __name__ == "__main__":
    main()
