"""The options added with libqrpng's option table (symversion, micro,
boost_level, eight_bit, dpi) on every path: the worker pools (blocking and
asyncio, version 2 frames), spawn (--NAME=VALUE), and the native extension
(blocking and asyncio). Each answer is byte for byte what qr-cli gives for
the same options on its command line; a bad value of each is
QR_INVALID_ARGUMENT before any process or C code."""
import asyncio
import subprocess
import unittest
from typing import Any, Callable, Dict, List, Tuple

from support import QR_CLI, decode
import qr_cli
from qr_cli import QrCliError

Case = Tuple[str, Dict[str, Any], List[str]]  # text, options, qr-cli flags
CASES: List[Case] = [
    ("https://example.com/v", {"symversion": 10}, ["-v", "10"]),
    ("https://example.com/v", {"symversion": 40, "level": "h"}, ["--symversion=40", "-l", "H"]),
    ("12345", {"micro": True}, ["-M"]),
    ("12345", {"micro": True, "type": "utf8"}, ["-M", "-t", "utf8"]),
    ("12345", {"micro": True, "symversion": 3, "level": "m"}, ["-M", "-v", "3", "-l", "M"]),
    ("https://example.com/boost", {"boost_level": True}, ["--boost-level"]),
    ("12345678", {"eight_bit": True}, ["-8"]),
    ("https://example.com/dpi", {"dpi": 300}, ["--dpi", "300"]),
    ("https://example.com/dpi", {"dpi": 65535, "scale": 2}, ["-d", "65535", "--scale", "2"]),
    ("12345", {"micro": False, "boost_level": False, "eight_bit": False}, []),
    ("mixed", {"boost_level": True, "eight_bit": True, "dpi": 72, "type": "svg"},
     ["--boost-level", "-8", "--dpi", "72", "-t", "svg"]),
]
class ClaimsToBeBool:
    """isinstance(x, bool) is True, but it is no bool."""
    @property  # type: ignore[misc]
    def __class__(self) -> type:  # noqa: D401
        return bool


BAD: List[Dict[str, Any]] = [
    {"symversion": 0}, {"symversion": 41}, {"symversion": "10"}, {"symversion": True},
    {"symversion": 2.0}, {"symversion": 2**80},
    {"dpi": 0}, {"dpi": 65536}, {"dpi": -1}, {"dpi": "300"}, {"dpi": 300.0},
    {"micro": 1}, {"micro": "yes"}, {"micro": 0},
    {"boost_level": 1}, {"boost_level": "true"},
    {"eight_bit": 1}, {"eight_bit": b"1"}, {"eight_bit": [True]},
    {"micro": ClaimsToBeBool()}, {"boost_level": ClaimsToBeBool()},
    {"eight_bit": ClaimsToBeBool()},
    {"micro": True, "symversion": 5}, {"micro": True, "level": "H"},
    {"boost-level": True}, {"8bit": True}, {"eightBit": True},
]


def cli(text: str, flags: List[str]) -> bytes:
    return subprocess.run([QR_CLI, *flags, "--", text], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, check=True, timeout=30).stdout


Batch = Callable[[List[Tuple[str, Dict[str, Any]]]], List[Any]]


def _sync_pool(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    with qr_cli.WorkerPool(workers=1, qr_cli=QR_CLI) as pool:
        return [_outcome(lambda: pool.qr_png(text, **options)) for text, options in calls]


def _async_pool(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    async def main() -> List[Any]:
        async with qr_cli.AsyncWorkerPool(workers=1, qr_cli=QR_CLI) as pool:
            return [await _async_outcome(pool.qr_png(text, **options))
                    for text, options in calls]
    return asyncio.run(main())


def _spawn(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    return [_outcome(lambda: qr_cli.spawn_qr_png(text, qr_cli=QR_CLI, **options))
            for text, options in calls]


def _spawn_async(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    async def main() -> List[Any]:
        return [await _async_outcome(qr_cli.spawn_qr_png_async(text, qr_cli=QR_CLI, **options))
                for text, options in calls]
    return asyncio.run(main())


def _native(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    return [_outcome(lambda: qr_cli.qr_png(text, impl="native", **options))
            for text, options in calls]


def _native_async(calls: List[Tuple[str, Dict[str, Any]]]) -> List[Any]:
    async def main() -> List[Any]:
        return [await _async_outcome(qr_cli.qr_png_async(text, impl="native", **options))
                for text, options in calls]
    return asyncio.run(main())


def _outcome(call: Callable[[], bytes]) -> Any:
    try:
        return call()
    except QrCliError as e:
        return e


async def _async_outcome(call: Any) -> Any:
    try:
        return await call
    except QrCliError as e:
        return e


PATHS: Dict[str, Batch] = {"WorkerPool": _sync_pool, "AsyncWorkerPool": _async_pool,
                           "spawn_qr_png": _spawn, "spawn_qr_png_async": _spawn_async,
                           "native": _native, "native_async": _native_async}


def native_built() -> bool:
    try:
        from qr_cli import _native  # noqa: F401
    except ImportError:
        return False
    return True


class EveryPath(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.want = [cli(text, flags) for text, _options, flags in CASES]
        cls.paths = dict(PATHS)
        if not native_built():
            del cls.paths["native"], cls.paths["native_async"]

    def test_the_commands_bytes(self):
        for name, batch in self.paths.items():
            got = batch([(text, options) for text, options, _flags in CASES])
            for (text, options, flags), want, answer in zip(CASES, self.want, got):
                with self.subTest(path=name, options=options):
                    self.assertIsInstance(answer, bytes, answer)
                    self.assertEqual(answer, want)

    def test_the_options_change_the_image(self):
        # So that the byte comparisons above say something: each option's
        # image differs from the one without it, and still decodes.
        for text, options, flags in CASES[:9]:
            with self.subTest(options=options):
                png = cli(text, flags)
                self.assertNotEqual(png, cli(text, [f for f in flags if f in ("-t", "utf8")]))
                if "type" not in options and not options.get("micro"):  # zbar reads no Micro QR
                    self.assertEqual(decode(png).decode(), text)
        self.assertIn(b"pHYs", cli("x", ["--dpi", "300"]))
        self.assertNotIn(b"pHYs", cli("x", []))

    def test_bad_values_are_invalid_argument(self):
        for name, batch in self.paths.items():
            got = batch([("x", options) for options in BAD])
            for options, answer in zip(BAD, got):
                with self.subTest(path=name, options=options):
                    self.assertIsInstance(answer, QrCliError, answer)
                    self.assertEqual(answer.code, "QR_INVALID_ARGUMENT")
                    self.assertIsNone(answer.status)

    def test_pool_defaults_and_a_calls_override(self):
        plain, micro = cli("12345", []), cli("12345", ["-M"])
        dpi = cli("12345", ["--dpi", "300"])
        with qr_cli.WorkerPool(workers=1, qr_cli=QR_CLI, micro=True) as pool:
            self.assertEqual(pool.qr_png("12345"), micro)
            self.assertEqual(pool.qr_png("12345", micro=False), plain)
            self.assertEqual(pool.qr_png("12345", micro=None), micro)

        async def main() -> None:
            async with qr_cli.AsyncWorkerPool(workers=1, qr_cli=QR_CLI, dpi=300) as pool:
                self.assertEqual(await pool.qr_png("12345"), dpi)
                self.assertEqual(await pool.qr_png("12345", micro=True),
                                 cli("12345", ["-M", "--dpi", "300"]))
        asyncio.run(main())
        for bad in ({"dpi": 0}, {"micro": "on"}, {"symversion": 41}):
            with self.subTest(default=bad):
                with self.assertRaises(QrCliError) as caught:
                    qr_cli.WorkerPool(qr_cli=QR_CLI, **bad)
                self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")

    def test_messages(self):
        for options, message in [
                ({"symversion": 41},
                 "invalid symversion 41: expected a version, 1 to 40 (1 to 4 for Micro QR)"),
                ({"dpi": "300"}, "invalid dpi '300': expected dots per inch, 1 to 65535"),
                ({"micro": 1}, "invalid micro 1: expected true or false"),
                ({"micro": True, "symversion": 5}, "version must be 1..4 for Micro QR (got 5)"),
                ({"micro": True, "level": "h"}, "Micro QR has levels L, M and Q, not H"),
                ({"eightBit": True}, "unknown option 'eightBit'")]:
            with self.subTest(options=options):
                with self.assertRaises(QrCliError) as caught:
                    qr_cli.spawn_qr_png("x", qr_cli=QR_CLI, **options)
                self.assertIn(message, caught.exception.message)


if __name__ == "__main__":
    unittest.main()
