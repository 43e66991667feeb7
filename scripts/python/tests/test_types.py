"""The type option (qr-cli -t) on every path: the pools send protocol
version 2 frames, spawn passes -t TYPE. Checked with real tools: SVG
rasterized by rsvg-convert and EPS by Ghostscript, then decoded by zbarimg;
text types byte-equal to `qr-cli -t TYPE -- TEXT`."""
import struct
import subprocess
import tempfile
import unittest
from pathlib import Path

from support import PATHS, PNG_SIGNATURE, QR_CLI, decode
from qr_cli import QrCliError, WorkerPool
from qr_cli._options import TYPES
from qr_cli._protocol import decode_response_header, encode_request

TEXT = "https://example.com/types?q=ünï"
SETTINGS = {"qr_cli": QR_CLI}


def rasterize(kind: str, data: bytes) -> bytes:
    """What zbarimg reads from an SVG or EPS file, through a PNG."""
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d) / f"in.{kind}", Path(d) / "out.png"
        src.write_bytes(data)
        if kind == "svg":
            cmd = ["rsvg-convert", "-b", "white", "-o", str(out), str(src)]
        else:
            cmd = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r72",
                   "-dEPSCrop", f"-sOutputFile={out}", str(src)]
        subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
        return decode(out.read_bytes())


def cli(kind: str, *flags: str) -> bytes:
    return subprocess.run([QR_CLI, "-t", kind, *flags, "--", TEXT], stdout=subprocess.PIPE,
                          check=True).stdout


class EveryPath(unittest.TestCase):
    def test_png_by_default_and_any_case(self):
        for name, render in PATHS.items():
            for options in ({}, {"type": "PNG"}):
                with self.subTest(path=name, options=options):
                    png = render(TEXT, options, SETTINGS)
                    self.assertTrue(png.startswith(PNG_SIGNATURE))
                    self.assertEqual(decode(png).decode(), TEXT)

    def test_svg_and_eps_rasterize_and_decode(self):
        for name, render in PATHS.items():
            with self.subTest(path=name):
                svg = render(TEXT, {"type": "svg"}, SETTINGS)
                self.assertTrue(svg.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"'))
                self.assertEqual(rasterize("svg", svg).decode(), TEXT)
                eps = render(TEXT, {"type": "Eps", "size": 300}, SETTINGS)
                self.assertTrue(eps.startswith(
                    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 300 300\n"))
                self.assertEqual(rasterize("eps", eps).decode(), TEXT)

    def test_every_type_is_the_commands_bytes(self):
        for name, render in PATHS.items():
            for kind in TYPES:
                with self.subTest(path=name, type=kind):
                    got = render(TEXT, {"type": kind.upper(), "level": "m"}, SETTINGS)
                    self.assertIsInstance(got, bytes)
                    self.assertEqual(got, cli(kind, "--level", "M"))

    def test_a_bad_type_is_invalid_argument(self):
        for name, render in PATHS.items():
            for bad in ("gif", "", "png ", 7, b"svg", ["svg"]):
                with self.subTest(path=name, type=bad):
                    with self.assertRaises(QrCliError) as e:
                        render(TEXT, {"type": bad}, SETTINGS)
                    self.assertEqual(e.exception.code, "QR_INVALID_ARGUMENT")

    def test_pool_and_spawn_give_the_same_svg(self):
        options = {"type": "svg", "fg": "#1a4d8f", "bg": "transparent", "scale": 3,
                   "margin": 2, "level": "h"}
        outputs = {name: render(TEXT, options, SETTINGS) for name, render in PATHS.items()}
        self.assertEqual(len(set(outputs.values())), 1, list(outputs))

    def test_a_pools_default_type_and_a_calls_type(self):
        with WorkerPool(workers=1, qr_cli=QR_CLI, type="utf8") as pool:
            self.assertEqual(pool.qr_png(TEXT), cli("utf8"))
            self.assertEqual(pool.qr_png(TEXT, type="ascii"), cli("ascii"))
            self.assertEqual(pool.qr_png(TEXT, type="png"), cli("png"))
        with self.assertRaises(QrCliError) as e:
            WorkerPool(workers=1, qr_cli=QR_CLI, type="jpeg")
        self.assertEqual(e.exception.code, "QR_INVALID_ARGUMENT")


class Frames(unittest.TestCase):
    def test_png_stays_version_1(self):
        for render in ({}, {"type": "png"}):
            frame = encode_request(b"hi", render)
            self.assertEqual((len(frame), frame[2]), (22, 1))

    def test_another_type_is_version_2(self):
        for code, kind in enumerate(TYPES[1:], start=1):
            frame = encode_request(b"hi", {"type": kind, "level": "M"})
            self.assertEqual(len(frame), 30)
            self.assertEqual(frame[2:5], bytes([2, 1, 1]))
            self.assertEqual(struct.unpack_from("<I", frame, 16)[0], 2)
            self.assertEqual(frame[20:28], bytes([1, code, 0, 0, 0, 0, 0, 0]))
            self.assertEqual(frame[28:], b"hi")

    def test_responses_of_version_1_and_2(self):
        for version in (1, 2):
            self.assertEqual(decode_response_header(b"QR" + bytes([version, 0]) + b"\5\0\0\0"),
                             (0, 5))
        with self.assertRaises(QrCliError) as e:
            decode_response_header(b"QR\3\0\5\0\0\0")
        self.assertEqual(e.exception.code, "QR_PROTOCOL")


if __name__ == "__main__":
    unittest.main()
