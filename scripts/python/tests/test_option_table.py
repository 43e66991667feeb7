"""The package's render options against libqrpng's option table, as
build/tests/option_table prints it ($OPTION_TABLE, which `make test`
exports; else the checkout's build): names (the table's identifiers),
qr-cli long names, kinds, ranges and the defaults the package states. A
new row in the table fails here until the package learns it."""
import os
import subprocess
import typing
import unittest
from pathlib import Path
from typing import List

from support import PACKAGE_ROOT
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
        assert len(row) == 7, row  # NAME IDENTIFIER SHORT VALUE DEFAULT MIN MAX
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
            name, identifier, _short, value, default, low, high = row
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
                    with self.assertRaisesRegex(qr_cli.QrCliError,
                                                f"{option.name} must be a whole number "
                                                f"{option.low} to {option.high}, not {bad}"):
                        _options.check_render({option.name: bad})

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
