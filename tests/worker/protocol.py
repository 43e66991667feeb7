#!/usr/bin/env python3
"""qr-cli --worker, protocol versions 1 to 3, driven byte by byte as
docs/worker-protocol.md specifies it: frames are packed here by hand, not by a
client library, so a wrong client and a wrong worker cannot agree."""
import fcntl
import os
import random
import select
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import tap_unittest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
QR_CLI = os.environ.get("QR_CLI", os.path.join(HERE, "..", "..", "build", "qr-cli"))
MAX_TEXT = 8192
SET_LEVEL, SET_SIZE, SET_SCALE, SET_MARGIN = 1, 2, 4, 8
SET_FG, SET_BG, SET_TRANSPARENT = 16, 32, 64
# Version 2: flags2 bits, types, symbol bits.
SET_TYPE, SET_VERSION, SET_SYMBOL, SET_DPI = 1, 2, 4, 8
TYPES = ["png", "svg", "eps", "utf8", "ansiutf8", "ascii", "utf8i", "asciii"]
MICRO, BOOST, EIGHT_BIT = 1, 2, 4


def frame(text, flags=0, level=0, margin=0, size=0, scale=0,
          fg=(0, 0, 0), bg=(0, 0, 0), declared_len=None):
    length = len(text) if declared_len is None else declared_len
    return (b"QW" + bytes([1, flags, level, margin])
            + struct.pack("<HH", size, scale) + bytes(fg) + bytes(bg)
            + struct.pack("<I", length) + text)


def frame2(text, flags2=0, type="png", symversion=0, symbol=0, dpi=0,
           reserved=0, **v1_fields):
    """A version 2 request: the version 1 header, its version byte 2, then
    flags2, type, symbol version, symbol bits, dpi and 2 reserved bytes."""
    v1 = frame(text, **v1_fields)
    return (v1[:2] + b"\x02" + v1[3:20]
            + bytes([flags2, TYPES.index(type), symversion, symbol])
            + struct.pack("<HH", dpi, reserved) + text)


def responses(stdout, versions=None):
    """Splits stdout into (status, payload); fails on any stray byte. Every
    response is version 1 unless versions lists each one's."""
    out, pos = [], 0
    while pos < len(stdout):
        header = stdout[pos:pos + 8]
        assert len(header) == 8, f"stray {len(header)} bytes at {pos}"
        magic, version, status, length = struct.unpack("<2sBBI", header)
        want = 1 if versions is None else versions[len(out)]
        assert (magic, version) == (b"QR", want), f"bad header at {pos}: {header!r}"
        payload = stdout[pos + 8:pos + 8 + length]
        assert len(payload) == length, "short payload"
        out.append((status, payload))
        pos += 8 + length
    return out


def run_worker(data, *options):
    p = subprocess.run([QR_CLI, "--worker", *options, "--"], input=data,
                       capture_output=True, timeout=60)
    return p.returncode, responses(p.stdout), p.stderr


def png_info(png):
    """(width, height, bit depth, colour type, {chunk type: data})."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, pos = {}, 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8].decode("ascii")
        chunks[kind] = png[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks["IHDR"][:10])
    return width, height, depth, colour, chunks


def decode_all(pngs):
    """zbarimg's bytes for all PNGs, in order, from one run."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, png in enumerate(pngs):
            path = os.path.join(tmp, f"{i:05}.png")
            with open(path, "wb") as f:
                f.write(png)
            paths.append(path)
        return subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", *paths],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              check=True).stdout


TEXTS = [
    "https://example.com/search?q=qr%20code&lang=en&page=2",
    "二维码测试：你好，世界",
    "日本語のテキスト、QRコード",
    "emoji 🎉🚀 ok",
    "WIFI:T:WPA;S:cafe-guest;P:s3cr3t;;",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD",
    "12345678901234567890",
    "-o/tmp/x", "--help", "$(id)", "; rm -rf /",
]


class PipelinedRequests(unittest.TestCase):
    def test_many_pipelined_requests_decode_back_in_order(self):
        texts = [(TEXTS[i % len(TEXTS)] + f" #{i}").encode() for i in range(400)]
        code, resp, err = run_worker(b"".join(frame(t) for t in texts))
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [0] * len(texts))
        for _, png in resp:
            self.assertEqual(png_info(png)[:2], (200, 200))
        self.assertEqual(decode_all([p for _, p in resp]), b"".join(texts))

    def test_text_bytes_are_binary_safe(self):
        text = bytes(range(1, 256)) + b"\0tail"
        code, resp, _ = run_worker(frame(text) + frame(b"after"))
        self.assertEqual(code, 0)
        self.assertEqual([s for s, _ in resp], [0, 0])
        self.assertEqual(decode_all([resp[1][1]]), b"after")

    def test_empty_input_exits_0_with_no_output(self):
        self.assertEqual(run_worker(b""), (0, [], b""))


class Overrides(unittest.TestCase):
    def one(self, text=b"override", *options, **fields):
        code, resp, err = run_worker(frame(text, **fields) + frame(b"next"), *options)
        self.assertEqual((code, err), (0, b""))
        self.assertEqual(len(resp), 2)
        return resp[0]

    def test_size(self):
        status, png = self.one(flags=SET_SIZE, size=321)
        self.assertEqual((status, png_info(png)[:2]), (0, (321, 321)))

    def test_scale_and_margin(self):
        # "override" is a version 1 symbol: 21 modules plus 2 margins.
        status, png = self.one(flags=SET_SCALE | SET_MARGIN, scale=3, margin=1)
        self.assertEqual((status, png_info(png)[0]), (0, (21 + 2) * 3))

    def test_level_h_makes_a_bigger_symbol(self):
        text = b"x" * 40
        width = {lvl: png_info(self.one(text, flags=SET_LEVEL | SET_SCALE, level=lvl,
                                        scale=1, margin=0)[1])[0] for lvl in (0, 3)}
        self.assertGreater(width[3], width[0])

    def test_colours_give_a_two_entry_palette(self):
        status, png = self.one(flags=SET_FG | SET_BG, fg=(0x1a, 0x4d, 0x8f), bg=(0xff, 0xee, 0xdd))
        _, _, depth, colour, chunks = png_info(png)
        self.assertEqual((status, depth, colour), (0, 1, 3))
        self.assertEqual(chunks["PLTE"], bytes([0xff, 0xee, 0xdd, 0x1a, 0x4d, 0x8f]))
        self.assertNotIn("tRNS", chunks)

    def test_transparent_background(self):
        status, png = self.one(flags=SET_TRANSPARENT)
        self.assertEqual(status, 0)
        self.assertIn("tRNS", png_info(png)[4])

    def test_start_options_are_the_defaults(self):
        code, resp, _ = run_worker(frame(b"a") + frame(b"b", flags=SET_SIZE, size=90),
                                   "--scale", "5", "--margin", "0")
        self.assertEqual(code, 0)
        self.assertEqual(png_info(resp[0][1])[0], 21 * 5)
        self.assertEqual(png_info(resp[1][1])[0], 90)  # size clears the default scale

    def test_no_flags_ignores_the_fields(self):
        status, png = self.one(size=999, scale=9, level=3, fg=(1, 2, 3))
        self.assertEqual((status, png_info(png)[:4]), (0, (200, 200, 1, 0)))

    def test_bad_overrides_fail_with_status_1_and_the_worker_goes_on(self):
        bad = [dict(flags=0x80), dict(flags=SET_LEVEL, level=4),
               dict(flags=SET_SIZE | SET_SCALE, size=100, scale=2),
               dict(flags=SET_SCALE, scale=0), dict(flags=SET_SIZE, size=0),
               dict(flags=SET_SIZE, size=9000),
               dict(flags=SET_FG | SET_BG, fg=(9, 9, 9), bg=(9, 9, 9))]
        data = b"".join(frame(b"bad", **fields) + frame(b"good") for fields in bad)
        code, resp, err = run_worker(data)
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [1, 0] * len(bad))
        for _, message in resp[::2]:
            self.assertTrue(message and b"\n" not in message, message)


def run_worker_v2(data, versions, *options):
    p = subprocess.run([QR_CLI, "--worker", *options, "--"], input=data,
                       capture_output=True, timeout=60)
    return p.returncode, responses(p.stdout, versions), p.stderr


class Version2(unittest.TestCase):
    def test_each_frame_is_answered_in_its_own_version(self):
        data = frame(b"one") + frame2(b"two") + frame(b"three")
        code, resp, err = run_worker_v2(data, [1, 2, 1])
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [0, 0, 0])
        self.assertEqual(decode_all([p for _, p in resp]), b"onetwothree")

    def test_every_type(self):
        url = b"https://www.reddit.com/r/rustjerk/top/?t=all"
        data = b"".join(frame2(url, SET_TYPE, t) for t in TYPES)
        code, resp, err = run_worker_v2(data, [2] * len(TYPES))
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [0] * len(TYPES))
        got = dict(zip(TYPES, (p for _, p in resp)))
        self.assertEqual(png_info(got["png"])[:2], (200, 200))
        self.assertTrue(got["svg"].startswith(b'<svg xmlns="http://www.w3.org/2000/svg" width="200"'))
        self.assertLessEqual(len(got["svg"]), 1420)
        self.assertTrue(got["eps"].startswith(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 200 200\n"))
        for t in ("utf8", "ansiutf8", "utf8i"):
            self.assertEqual(got[t].count(b"\n"), 19)  # (29 + 8 + 1) / 2 lines
        for t in ("ascii", "asciii"):
            self.assertEqual(got[t].count(b"\n"), 37)
        # The same bytes as the command line makes.
        for t in TYPES:
            single = subprocess.run([QR_CLI, "-t", t, "--", url.decode()],
                                    capture_output=True, check=True).stdout
            self.assertEqual(got[t], single, t)

    def test_the_start_type_is_the_default_and_a_request_overrides_it(self):
        data = frame(b"a") + frame2(b"b") + frame2(b"c", SET_TYPE, "png")
        code, resp, _ = run_worker_v2(data, [1, 2, 2], "-t", "svg")
        self.assertEqual(code, 0)
        self.assertTrue(resp[0][1].startswith(b"<svg"))
        self.assertTrue(resp[1][1].startswith(b"<svg"))
        self.assertEqual(png_info(resp[2][1])[:2], (200, 200))

    def test_symbol_fields(self):
        data = (frame2(b"hi", SET_VERSION | SET_TYPE, "ascii", symversion=10)
                + frame2(b"12345", SET_SYMBOL | SET_TYPE, "ascii", symbol=MICRO, margin=0,
                         flags=SET_MARGIN)
                + frame2(b"12345678901234567890", SET_SYMBOL | SET_TYPE, "ascii",
                         symbol=EIGHT_BIT, flags=SET_MARGIN, margin=0)
                + frame2(b"hi", SET_DPI, dpi=300))
        code, resp, err = run_worker_v2(data, [2] * 4)
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [0] * 4)
        self.assertEqual(resp[0][1].count(b"\n"), 17 + 4 * 10 + 8)   # version 10
        self.assertEqual(resp[1][1].count(b"\n"), 11)                # M1
        self.assertEqual(resp[2][1].count(b"\n"), 25)                # version 2
        phys = png_info(resp[3][1])[4]["pHYs"]
        self.assertEqual(phys, struct.pack(">IIB", 11811, 11811, 1))

    def test_boost_level(self):
        plain = frame2(b"hello", SET_TYPE, "svg")
        boosted = frame2(b"hello", SET_TYPE | SET_SYMBOL, "svg", symbol=BOOST)
        code, resp, _ = run_worker_v2(plain + boosted, [2, 2])
        self.assertEqual(code, 0)
        self.assertNotEqual(resp[0][1], resp[1][1])
        single = subprocess.run([QR_CLI, "-t", "svg", "--boost-level", "hello"],
                                capture_output=True, check=True).stdout
        self.assertEqual(resp[1][1], single)

    def test_bad_version_2_fields_fail_with_status_1_and_the_worker_goes_on(self):
        bad = [dict(flags2=0x10), dict(flags2=SET_SYMBOL, symbol=8),
               dict(flags2=SET_TYPE, type="png", reserved=1),
               dict(flags2=SET_VERSION, symversion=41),
               dict(flags2=SET_VERSION | SET_SYMBOL, symversion=5, symbol=MICRO)]
        data = b"".join(frame2(b"bad", **f) + frame2(b"good") for f in bad)
        data += frame2(b"x", flags2=SET_TYPE)[:21] + b"\x08" + frame2(b"x")[22:]
        code, resp, err = run_worker_v2(data, [2] * (2 * len(bad) + 1))
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [1, 0] * len(bad) + [1])
        self.assertIn(b"type 8", resp[-1][1])

    def test_micro_too_long_is_status_2(self):
        code, resp, _ = run_worker_v2(frame2(b"x" * 30, SET_SYMBOL, symbol=MICRO), [2])
        self.assertEqual((code, resp[0][0]), (0, 2))
        self.assertIn(b"Micro QR", resp[0][1])

    def test_a_cut_version_2_frame_is_answered_in_version_2(self):
        code, resp, err = run_worker_v2(frame2(b"hello")[:24], [2])
        self.assertEqual(code, 1)
        self.assertEqual(resp[0][0], 1)
        self.assertIn(b"truncated", err)


def frame3(text, options=b"", reserved=(0, 0, 0), declared_options=None):
    """A version 3 request: a 12-byte header, option lines, the text."""
    olen = len(options) if declared_options is None else declared_options
    return (b"QW" + bytes([3, reserved[0]]) + struct.pack("<H", olen)
            + bytes(reserved[1:]) + struct.pack("<I", len(text)) + options
            + text)


def option_table():
    """libqrpng's option table (tests/support/option_table.c): one dict a
    row."""
    path = os.environ.get("OPTION_TABLE",
                          os.path.join(HERE, "..", "..", "build", "tests", "option_table"))
    out = subprocess.run([path], capture_output=True, check=True, text=True).stdout
    keys = ["name", "identifier", "short", "value", "default", "min", "max"]
    return [dict(zip(keys, line.split("\t"))) for line in out.splitlines()]


def cli_file(text, *args):
    """What `qr-cli ARGS -- TEXT` writes."""
    return subprocess.run([QR_CLI, *args, "--", text], capture_output=True,
                          check=True).stdout


class Version3(unittest.TestCase):
    """Options by name, as libqrpng's option table names them: the same
    file as the command line with the same options."""

    CASES = [
        (b"level=Q", ["-l", "Q"]),
        (b"size=300", ["--size=300"]),
        (b"scale=3\n", ["--scale=3"]),
        (b"margin=0", ["-m", "0"]),
        (b"fg=#1a4d8f\nbg=#fed", ["--fg", "#1a4d8f", "--bg", "#fed"]),
        (b"bg=transparent", ["--bg", "transparent"]),
        (b"type=svg", ["-t", "svg"]),
        (b"type=EPS", ["-t", "eps"]),
        (b"symversion=10", ["-v", "10"]),
        (b"boost-level", ["--boost-level"]),
        (b"boost_level=true\n\n", ["--boost-level"]),
        (b"8bit", ["-8"]),
        (b"eight_bit=1", ["-8"]),
        (b"dpi=300", ["--dpi", "300"]),
        (b"size=100\nsize=120", ["-s", "120"]),
        (b"", []),
    ]

    def test_each_option_gives_the_command_lines_file(self):
        text = b"https://example.com/v3?q=1"
        data = b"".join(frame3(text, o) for o, _ in self.CASES)
        code, resp, err = run_worker_v2(data, [3] * len(self.CASES))
        self.assertEqual((code, err), (0, b""))
        for (options, argv), (status, payload) in zip(self.CASES, resp):
            self.assertEqual(status, 0, options)
            self.assertEqual(payload, cli_file(text, *argv), options)

    def test_every_row_of_the_table_is_an_option_here(self):
        rows = option_table()
        self.assertEqual(len(rows), 12)
        data = b""
        for row in rows:
            value = row["default"] if row["min"] == "-" else row["min"]
            value = {"type": "utf8", "bg": "#fff", "scale": "2", "symversion": "1",
                     "-": "L"}.get(row["name"], value) if value == "-" or \
                row["name"] in ("bg", "scale", "type") else value
            line = row["name"] if row["value"] == "-" else f"{row['name']}={value}"
            data += frame3(b"123", line.encode())
        code, resp, err = run_worker_v2(data, [3] * len(rows))
        self.assertEqual((code, err), (0, b""))
        for row, (status, payload) in zip(rows, resp):
            self.assertEqual(status, 0, (row, payload[:100]))

    def test_a_flag_set_false_turns_a_worker_default_off(self):
        data = frame3(b"12345", b"micro=false") + frame3(b"12345")
        p = subprocess.run([QR_CLI, "--worker", "--micro", "-t", "utf8", "--"],
                           input=data, capture_output=True, timeout=60)
        resp = responses(p.stdout, [3, 3])
        self.assertEqual(resp[0], (0, cli_file(b"12345", "-t", "utf8")))
        self.assertEqual(resp[1], (0, cli_file(b"12345", "-t", "utf8", "-M")))

    def test_a_bad_option_fails_its_request_alone(self):
        bad = [
            (b"colour=red", "unknown option 'colour'"),
            (b"size=0", "invalid size '0': expected a whole number of pixels, 1 to 8192"),
            (b"level", "option 'level' needs a value"),
            (b"micro=maybe", "invalid micro 'maybe': expected true or false"),
            (b"size=100\nscale=2", "give a size or a scale, not both"),
            (b"fg=#fff", "dark and light colours are the same"),
            (b"type=\x1b[31m", "invalid type '\\x1B[31m': expected png"),
            (b"size=1\x002", "options hold a NUL byte"),
        ]
        data = b"".join(frame3(b"x", o) for o, _ in bad)
        data += frame3(b"x", reserved=(0, 1, 0)) + frame3(b"still served")
        code, resp, err = run_worker_v2(data, [3] * (len(bad) + 2))
        self.assertEqual((code, err), (0, b""))
        for (options, want), (status, payload) in zip(bad, resp):
            self.assertEqual(status, 1, options)
            self.assertTrue(payload.decode().startswith(want), (payload, want))
        self.assertEqual(resp[-2], (1, b"reserved bytes 3, 6 and 7 must be 0"))
        self.assertEqual(resp[-1][0], 0)
        self.assertEqual(decode_all([resp[-1][1]]), b"still served")

    def test_options_over_the_limit_end_the_worker_at_once(self):
        # Only the header: the worker must not wait for 2000 bytes.
        p = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdin.write(frame3(b"x", declared_options=2000)[:12])
        p.stdin.flush()
        out, err = p.communicate(timeout=10)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(responses(out, [3]),
                         [(1, b"bad frame: options length 2000 is over the limit of 1024 bytes")])
        self.assertIn(b"options length 2000", err)

    def test_a_frame_cut_inside_its_options_is_truncated(self):
        code, resp, err = run_worker_v2(frame3(b"x", b"size=300")[:15], [3])
        self.assertEqual(code, 1)
        self.assertEqual(resp, [(1, b"truncated frame: input ended 15 bytes into a frame")])


class Replay(unittest.TestCase):
    """Version 1 and 2 frames recorded before version 3 existed, and the
    replies the worker gave them then: byte for byte the same now (the
    files are in tests/worker/replay/; an upgrade of libpng or zlib that
    changes the PNG bytes means recording them again)."""

    def replay(self, replies, *options):
        here = os.path.join(HERE, "replay")
        with open(os.path.join(here, "v1-v2-requests.bin"), "rb") as f:
            requests = f.read()
        with open(os.path.join(here, replies), "rb") as f:
            want = f.read()
        p = subprocess.run([QR_CLI, "--worker", *options, "--"], input=requests,
                           capture_output=True, timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, b""))
        # EPS files name the library's version (%%Creator): the recording
        # was made by 1.3.0.
        got = p.stdout.replace(b"libqrpng " + qrpng_version(), b"libqrpng 1.3.0")
        self.assertEqual(len(got), len(want))
        self.assertEqual(got, want)

    def test_version_1_and_2_replies_are_unchanged(self):
        self.replay("v1-v2-replies.bin")

    def test_unchanged_with_worker_defaults_too(self):
        self.replay("v1-v2-replies-with-defaults.bin", "-l", "M", "--bg",
                    "transparent", "--scale", "3")


def qrpng_version():
    out = subprocess.run([QR_CLI, "--version"], capture_output=True, check=True).stdout
    return out.split(b"libqrpng ")[1].split(b";")[0]


class EncodingFailures(unittest.TestCase):
    def test_texts_that_cannot_be_encoded_fail_with_status_2(self):
        rng = random.Random(4)
        too_long = bytes(rng.randrange(256) for _ in range(3000))
        data = (frame(b"") + frame(b"ok") + frame(too_long) + frame(b"9" * 7090)
                + frame(b"x" * MAX_TEXT) + frame(b"still here"))
        code, resp, err = run_worker(data)
        self.assertEqual((code, err), (0, b""))
        self.assertEqual([s for s, _ in resp], [2, 0, 2, 2, 2, 0])
        self.assertEqual(resp[0][1], b"text is empty")
        self.assertEqual(decode_all([resp[5][1]]), b"still here")


class BadFrames(unittest.TestCase):
    def assert_fatal(self, data, answered, words):
        code, resp, err = run_worker(data)
        self.assertEqual(code, 1)
        self.assertEqual([s for s, _ in resp], [0] * answered + [1])
        self.assertIn(words, resp[-1][1])
        self.assertEqual(err.count(b"\n"), 1)
        self.assertIn(words, err)

    def test_length_over_the_limit(self):
        self.assert_fatal(frame(b"a") + frame(b"", declared_len=MAX_TEXT + 1) + frame(b"b"),
                          1, b"over the limit")

    def test_huge_length_is_refused_without_waiting_for_it(self):
        self.assert_answered_while_open(frame(b"", declared_len=0xFFFFFFFF), b"over the limit")

    def test_bad_magic_is_refused_at_once(self):
        self.assert_answered_while_open(b"X", b"magic")

    def test_bad_version_is_refused_at_once(self):
        self.assert_answered_while_open(b"QW\x04", b"version")

    def assert_answered_while_open(self, data, words):
        """The answer comes although stdin stays open: no hang."""
        p = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            p.stdin.write(frame(b"first") + data)
            p.stdin.flush()
            self.assertEqual(p.wait(timeout=10), 1)
            self.assertTrue(select.select([p.stdout], [], [], 10)[0])
            resp = responses(p.stdout.read())
            self.assertEqual([s for s, _ in resp], [0, 1])
            self.assertIn(words, resp[1][1])
        finally:
            p.kill()
            p.wait()
            for f in (p.stdin, p.stdout, p.stderr):
                f.close()

    def test_eof_inside_the_text(self):
        self.assert_fatal(frame(b"a") + frame(b"hello")[:-2], 1, b"truncated frame")

    def test_eof_inside_the_header(self):
        self.assert_fatal(frame(b"a") + frame(b"b") + frame(b"hello")[:7], 2,
                          b"truncated frame")

    def test_random_garbage(self):
        rng = random.Random(1)
        for trial in range(50):
            garbage = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
            if garbage.startswith(b"QW"):
                continue
            code, resp, _ = run_worker(frame(b"ok") + garbage)
            self.assertEqual(code, 1, trial)
            self.assertEqual([s for s, _ in resp], [0, 1], trial)

    def test_garbage_after_a_valid_header_prefix(self):
        rng = random.Random(2)
        for trial in range(50):
            tail = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
            code, resp, _ = run_worker(b"QW\x01" + tail)
            self.assertIn(code, (0, 1), trial)
            self.assertTrue(resp, trial)  # every frame answered, the last one failed
            self.assertEqual(resp[-1][0], 1, trial)


class CommandLine(unittest.TestCase):
    def test_worker_takes_no_text_or_files(self):
        for args in (["--worker", "--", "text"], ["--worker", "-o", "x.png"],
                     ["--worker", "-i", "-"], ["--worker", "--keep-newline"]):
            p = subprocess.run([QR_CLI, *args], input=b"", capture_output=True)
            self.assertEqual((p.returncode, p.stdout), (1, b""), args)
            self.assertIn(b"--worker", p.stderr)

    def test_worker_and_end_of_options_start_the_worker(self):
        p = subprocess.run([QR_CLI, "--worker", "--"], input=frame(b"started"),
                           capture_output=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(responses(p.stdout)[0][0], 0)

    def test_a_lone_worker_argument_is_a_text(self):
        # A web user's text "--worker" must never start a worker that
        # waits on the host's stdin: a lone argument is always the text.
        p = subprocess.run([QR_CLI, "--worker"], input=frame(b"ignored"),
                           capture_output=True, timeout=10)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(decode_all([p.stdout]), b"--worker")

    def test_the_text_worker_is_still_encodable_after_dashes(self):
        p = subprocess.run([QR_CLI, "--", "--worker"], capture_output=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(decode_all([p.stdout]), b"--worker")


class SharedDescriptors(unittest.TestCase):
    """The worker's stdin and stdout are open files its parent (or a whole
    shell pipeline) shares: their flags are not the worker's to change."""

    def _answer_one(self, proc, out_r):
        proc.stdin.write(frame(b"shared"))
        proc.stdin.flush()
        got = b""
        while len(got) < 8 or len(got) < 8 + struct.unpack("<I", got[4:8])[0]:
            ready, _, _ = select.select([out_r], [], [], 10)
            self.assertTrue(ready, "no answer in 10 s")
            got += os.read(out_r, 65536)
        self.assertEqual(responses(got)[0][0], 0)

    def test_sigkill_leaves_a_shared_output_pipe_blocking(self):
        out_r, out_w = os.pipe()
        self.addCleanup(os.close, out_r)
        proc = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=subprocess.PIPE,
                                stdout=out_w)
        try:
            self._answer_one(proc, out_r)
            # The worker is serving: its output is still the parent's
            # blocking pipe, and stays so when the worker dies uncleanly.
            self.assertFalse(fcntl.fcntl(out_w, fcntl.F_GETFL) & os.O_NONBLOCK)
            proc.kill()
            proc.wait(10)
            self.assertFalse(fcntl.fcntl(out_w, fcntl.F_GETFL) & os.O_NONBLOCK)
            os.write(out_w, b"x" * 65536)  # a full pipe would need O_NONBLOCK unset
        finally:
            os.close(out_w)
            proc.stdin.close()
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def test_a_non_blocking_stdin_is_waited_for(self):
        in_r, in_w = os.pipe()
        fcntl.fcntl(in_r, fcntl.F_SETFL,
                    fcntl.fcntl(in_r, fcntl.F_GETFL) | os.O_NONBLOCK)
        proc = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=in_r,
                                stdout=subprocess.PIPE)
        os.close(in_r)
        try:
            time.sleep(0.3)  # no data yet: a worker that does not wait fails
            os.write(in_w, frame(b"late"))
            os.close(in_w)
            out, _ = proc.communicate(timeout=30)
            self.assertEqual(proc.returncode, 0)
            self.assertEqual(decode_all([responses(out)[0][1]]), b"late")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    tap_unittest.main()
