"""The package's render options against libqrpng's option table, as
build/tests/option_table prints it ($OPTION_TABLE, which `make test`
exports; else the checkout's build): names (the table's identifiers),
qr-cli long names, kinds, ranges, the defaults the package states and the
words a bad value is refused in (EXPECTS), on every path. A new row in the
table fails here until the package learns it."""
import asyncio
import os
import subprocess
import typing
import unittest
from pathlib import Path
from typing import Dict, List

from support import PACKAGE_ROOT, QR_CLI
import qr_cli
from qr_cli import _options, _protocol

REPO = PACKAGE_ROOT.parent.parent
TABLE = Path(os.environ.get("OPTION_TABLE") or REPO / "build" / "tests" / "option_table")


def table_rows() -> List[List[str]]:
    if not TABLE.exists():
        raise unittest.SkipTest(f"{TABLE} is not built: make build/tests/option_table")
    out = subprocess.run([str(TABLE)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         check=True, text=True, timeout=30).stdout
    rows = [line.split("\t") for line in out.splitlines() if line]
    for row in rows:
        # NAME IDENTIFIER SHORT VALUE DEFAULT MIN MAX EXPECTS
        assert len(row) == 8, row
    return rows


class SameAsTheTable(unittest.TestCase):
    def test_types_are_the_format_table_in_order(self):
        table_rows()  # skips when the table is not built
        out = subprocess.run([str(TABLE), "--types"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, check=True, text=True,
                             timeout=30).stdout
        self.assertEqual(list(_options.TYPES), [line.split("\t")[0] for line in out.splitlines()])

    def test_names_in_the_tables_order(self):
        rows = table_rows()
        self.assertEqual(list(_options.RENDER_OPTIONS), [row[1] for row in rows])
        self.assertEqual([o.flag for o in _options.OPTIONS], [row[0] for row in rows])

    def test_kinds_ranges_and_defaults(self):
        for row in table_rows():
            name, identifier, _short, value, default, low, high, _expects = row
            option = _options.OPTION_BY_NAME[identifier]
            with self.subTest(option=identifier):
                if low != "-":
                    self.assertEqual(option.kind, "number")
                    self.assertEqual((option.low, option.high), (int(low), int(high)))
                elif value == "-":
                    self.assertEqual(option.kind, "flag")
                else:
                    self.assertEqual(option.kind, "string")
                # The package states a default exactly where the table has one.
                self.assertEqual(option.default, None if default == "-" else default)

    def test_type_hints_name_every_option(self):
        hints = typing.get_type_hints(qr_cli.RenderOptions)
        self.assertEqual(list(hints), list(_options.RENDER_OPTIONS))
        kinds = {"number": int, "flag": bool, "string": str}
        for option in _options.OPTIONS:
            with self.subTest(option=option.name):
                self.assertEqual(hints[option.name], typing.Optional[kinds[option.kind]])

    def test_every_number_is_checked_at_its_ends(self):
        for option in _options.OPTIONS:
            if option.kind != "number":
                continue
            assert option.low is not None and option.high is not None
            with self.subTest(option=option.name):
                for good in (option.low, option.high):
                    self.assertEqual(_options.check_render({option.name: good}),
                                     {option.name: good})
                for bad in (option.low - 1, option.high + 1):
                    with self.assertRaises(qr_cli.QrCliError) as caught:
                        _options.check_render({option.name: bad})
                    self.assertEqual(caught.exception.message,
                                     f"invalid {option.name} {bad}: {option.expects}")

    def test_expects_is_the_tables_words(self):
        # The package's copy of what each option takes, word for word.
        for row in table_rows():
            with self.subTest(option=row[1]):
                self.assertEqual(_options.OPTION_BY_NAME[row[1]].expects, row[7])

    def test_the_native_extension_takes_every_identifier(self):
        try:
            from qr_cli import _native
        except ImportError:
            self.skipTest("the native extension is not built (make python-ext)")
        rows = table_rows()
        # Every keyword of the table is known to it (None: the default) ...
        nones = {row[1]: None for row in rows}
        self.assertEqual(_native.render("x", **nones), _native.render("x"))
        # ... and one that is not is refused.
        with self.assertRaises(_native.NativeError) as caught:
            _native.render("x", boost=True)
        self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")


# One bad value of each render option: out of range, of the wrong type or a
# string the option does not take.
BAD: Dict[str, object] = {
    "level": "X", "size": 0, "scale": 8193, "margin": 256, "fg": "red",
    "bg": "#12345", "type": "gif", "symversion": 41, "micro": 1,
    "boost_level": "yes", "eight_bit": 0, "dpi": 2**70,
}


class RefusedInTheTablesWords(unittest.TestCase):
    """Every path refuses a bad value with "invalid NAME VALUE: " and the
    table's EXPECTS text (the table's, not the package's copy, so a copy
    that drifts fails here too)."""

    def expects(self) -> Dict[str, str]:
        rows = table_rows()
        self.assertEqual(sorted(BAD), sorted(row[1] for row in rows))
        return {row[1]: row[7] for row in rows}

    def check(self, path: str, name: str, expects: str, call) -> None:
        with self.subTest(path=path, option=name):
            with self.assertRaises(qr_cli.QrCliError) as caught:
                call()
            e = caught.exception
            self.assertEqual(e.code, "QR_INVALID_ARGUMENT")
            self.assertTrue(e.message.startswith(f"invalid {name} "), e.message)
            self.assertTrue(e.message.endswith(": " + expects), e.message)

    def test_blocking_paths(self):
        expects = self.expects()
        with qr_cli.WorkerPool(workers=1, qr_cli=QR_CLI) as pool:
            for name, words in expects.items():
                bad = {name: BAD[name]}
                self.check("pool", name, words, lambda: pool.qr_png("x", **bad))
                self.check("pool defaults", name, words,
                           lambda: qr_cli.WorkerPool(qr_cli=QR_CLI, **bad))
                self.check("spawn", name, words,
                           lambda: qr_cli.spawn_qr_png("x", qr_cli=QR_CLI, **bad))
                self.check("native", name, words,
                           lambda: qr_cli.qr_png("x", impl="native", **bad))
            # Still answers after all of that.
            self.assertTrue(pool.qr_png("x").startswith(b"\x89PNG"))

    def test_async_paths(self):
        expects = self.expects()

        async def main() -> None:
            async with qr_cli.AsyncWorkerPool(workers=1, qr_cli=QR_CLI) as pool:
                for name, words in expects.items():
                    bad = {name: BAD[name]}
                    with self.subTest(path="async pool", option=name):
                        with self.assertRaises(qr_cli.QrCliError) as caught:
                            await pool.qr_png("x", **bad)
                        self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
                        self.assertTrue(caught.exception.message.endswith(": " + words),
                                        caught.exception.message)
                    self.check("async pool defaults", name, words,
                               lambda: qr_cli.AsyncWorkerPool(qr_cli=QR_CLI, **bad))
                self.assertTrue((await pool.qr_png("x")).startswith(b"\x89PNG"))
        asyncio.run(asyncio.wait_for(main(), 30))

    def test_micro_combinations_in_the_librarys_words(self):
        # What qr-cli says after "qr-cli: " for -M -v 5 and -M -l H.
        for options, words in (({"micro": True, "symversion": 5},
                                "version must be 1..4 for Micro QR (got 5)"),
                               ({"micro": True, "level": "h"},
                                "Micro QR has levels L, M and Q, not H")):
            cli = subprocess.run([QR_CLI, "-M", "-v", "5" if "symversion" in options else "1",
                                  *(["-l", "H"] if "level" in options else []), "x"],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, timeout=30)
            self.assertEqual(cli.stderr.strip(), "qr-cli: " + words)
            for path, call in (("spawn", lambda: qr_cli.spawn_qr_png("x", qr_cli=QR_CLI,
                                                                      **options)),
                               ("native", lambda: qr_cli.qr_png("x", impl="native", **options))):
                with self.subTest(path=path, options=options):
                    with self.assertRaises(qr_cli.QrCliError) as caught:
                        call()
                    self.assertEqual(caught.exception.message, words)

    def test_a_long_value_is_cut(self):
        with self.assertRaises(qr_cli.QrCliError) as caught:
            _options.check_render({"fg": "#" + "a" * 5000})
        message = caught.exception.message
        self.assertLess(len(message), 120, message)
        self.assertTrue(message.startswith("invalid fg '#aaaa"), message)
        self.assertTrue(message.endswith("...: expected a hex colour like #000000"), message)


class Frames(unittest.TestCase):
    def test_no_options_is_the_version_1_frame_of_before(self):
        self.assertEqual(_protocol.encode_request(b"hi", {}),
                         b"QW\x01\x00\x00\x00\x00\x00\x00\x00" + b"\0" * 6
                         + b"\x02\x00\x00\x00hi")

    def test_version_2_fields(self):
        frame = _protocol.encode_request(b"hi", {"symversion": 3, "micro": True,
                                                 "eight_bit": True, "dpi": 300})
        self.assertEqual(frame[2], 2)
        self.assertEqual(frame[20:28], bytes([2 | 4 | 8, 0, 3, 1 | 4]) + (300).to_bytes(2, "little")
                         + b"\0\0")
        self.assertEqual(frame[28:], b"hi")
        # A flag given as off still sends the symbol bits (over a pool default).
        frame = _protocol.encode_request(b"hi", {"boost_level": False})
        self.assertEqual(frame[20:28], bytes([4, 0, 0, 0, 0, 0, 0, 0]))
        frame = _protocol.encode_request(b"hi", {"boost_level": True, "type": "svg"})
        self.assertEqual(frame[20:24], bytes([1 | 4, 1, 0, 2]))


if __name__ == "__main__":
    unittest.main()
