"""The one validation module, the binary lookup and importing the package
from anywhere."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import unittest.mock
from pathlib import Path

from support import PACKAGE_ROOT, PATHS, QR_CLI, decode
import qr_cli
from qr_cli import QrCliError, _lookup, _options

BAD_OPTIONS = [
    {"bogus": 1}, {"output": "/tmp/x"}, {"size": 0}, {"size": 8193}, {"size": "200"},
    {"size": True}, {"scale": 0}, {"scale": 8193}, {"size": 100, "scale": 2}, {"margin": -1},
    {"margin": 256}, {"level": "Z"}, {"level": 1}, {"fg": "red"}, {"fg": "#12345"},
    {"fg": "123456"}, {"bg": "#ggg"}, {"fg": "#fff"}, {"fg": "#123", "bg": "#112233"},
    {"timeout": 0}, {"timeout": -1}, {"timeout": float("nan")}, {"timeout": "1"},
]
BAD_TEXTS = [None, 123, ["x"], "a\0b", b"a\0b", "\ud800"]


class Validation(unittest.TestCase):
    def test_every_path_refuses_the_same_arguments_before_running_anything(self):
        # A binary that must never run: validation comes first.
        with tempfile.TemporaryDirectory() as d:
            marker = Path(d) / "ran"
            binary = Path(d) / "qr-cli"
            binary.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 0\n")
            binary.chmod(0o755)
            for name, call in PATHS.items():
                settings = {"qr_cli": str(binary)}
                for options in BAD_OPTIONS:
                    with self.subTest(path=name, options=options):
                        with self.assertRaises(QrCliError) as caught:
                            call("x", options, settings)
                        self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
                        self.assertIsNone(caught.exception.status)
                for text in BAD_TEXTS:
                    with self.subTest(path=name, text=text):
                        with self.assertRaises(QrCliError) as caught:
                            call(text, {}, settings)
                        self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
            self.assertFalse(marker.exists())

    def test_default_functions_refuse_unknown_options_with_the_error_class(self):
        import asyncio
        for call in (lambda: qr_cli.qr_png("x", outptu="x"),
                     lambda: asyncio.run(qr_cli.qr_png_async("x", outptu="x"))):
            with self.assertRaises(QrCliError) as caught:
                call()
            self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")
            self.assertIn("unknown option 'outptu'", str(caught.exception))

    def test_pool_settings_are_checked(self):
        for settings in [{"workers": 0}, {"workers": 257}, {"max_in_flight": 0},
                         {"max_queue": -1}, {"timeout": 0}, {"qr_cli": 5}, {"bogus": 1},
                         {"size": 9000}]:
            for pool in (qr_cli.WorkerPool, qr_cli.AsyncWorkerPool):
                with self.subTest(pool=pool.__name__, settings=settings):
                    with self.assertRaises(QrCliError) as caught:
                        pool(**settings)
                    self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")

    def test_normalised_values_and_flags(self):
        render = _options.check_render({"level": "h", "fg": "#ABC", "bg": "transparent",
                                        "scale": 3, "margin": 0})
        self.assertEqual(render, {"level": "H", "fg": "#aabbcc", "bg": "transparent",
                                  "scale": 3, "margin": 0})
        self.assertEqual(_options.argv(render), ["--level=H", "--scale=3", "--margin=0",
                                                 "--fg=#aabbcc", "--bg=transparent"])
        # a call's size replaces a pool's default scale
        self.assertEqual(_options.merge_render({"scale": 4, "level": "M"}, {"size": 300}),
                         {"level": "M", "size": 300})

    def test_limits_are_the_clis(self):
        for name, value in [("size", 8192), ("scale", 8192), ("margin", 255), ("size", 1)]:
            self.assertEqual(_options.check_render({name: value}), {name: value})
        too_big = subprocess.run([QR_CLI, "--size", "8193", "x"], capture_output=True)
        self.assertEqual(too_big.returncode, 1)  # the CLI refuses it too


class Lookup(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.env = unittest.mock.patch.dict(os.environ)
        self.env.start()
        self.addCleanup(self.env.stop)
        os.environ.pop("QR_CLI", None)

    def test_found_on_path_with_qr_cli_unset(self):
        bin_dir = Path(self.dir.name) / "bin"
        bin_dir.mkdir()
        (bin_dir / "qr-cli").symlink_to(os.path.abspath(QR_CLI))
        os.environ["PATH"] = f"{bin_dir}:/usr/bin:/bin"
        self.assertEqual(qr_cli.find_qr_cli(), str(bin_dir / "qr-cli"))
        # and used by every path
        for name, call in PATHS.items():
            with self.subTest(path=name):
                self.assertEqual(decode(call("on PATH", {}, {"workers": 1} if "Pool" in name
                                             else {})), b"on PATH")

    def test_order_option_then_env_then_path_then_checkout(self):
        one = Path(self.dir.name) / "one"
        shutil.copy(QR_CLI, one)
        os.environ["PATH"] = "/nonexistent-dir"
        with unittest.mock.patch.object(_lookup, "CHECKOUT_BINARY", Path(QR_CLI).resolve()):
            self.assertEqual(qr_cli.find_qr_cli(), str(Path(QR_CLI).resolve()))
            os.environ["QR_CLI"] = str(one)
            self.assertEqual(qr_cli.find_qr_cli(), str(one))
            self.assertEqual(qr_cli.find_qr_cli(QR_CLI), os.path.abspath(QR_CLI))

    def test_not_found_names_every_place_tried(self):
        os.environ["PATH"] = "/nonexistent-dir::/also-not"
        with unittest.mock.patch.object(_lookup, "CHECKOUT_BINARY", Path("/no/build/qr-cli")):
            with self.assertRaises(QrCliError) as caught:
                qr_cli.find_qr_cli()
        error = caught.exception
        self.assertEqual(error.code, "QR_NOT_FOUND")
        self.assertEqual(error.tried, ("/nonexistent-dir/qr-cli (PATH)", "/also-not/qr-cli (PATH)",
                                       "/no/build/qr-cli (this checkout's build)"))
        self.assertEqual(str(error), f"no runnable qr-cli: tried {', '.join(error.tried)}; build it "
                         "(make), install qr-cli on PATH (make && make install in a qr-cli "
                         "checkout), or give its path in qr_cli= or $QR_CLI")
        # Not running from a checkout (CHECKOUT_BINARY None): PATH alone.
        with unittest.mock.patch.object(_lookup, "CHECKOUT_BINARY", None):
            with self.assertRaises(QrCliError) as caught:
                qr_cli.find_qr_cli()
            self.assertEqual(caught.exception.tried, ("/nonexistent-dir/qr-cli (PATH)",
                                                      "/also-not/qr-cli (PATH)"))
            self.assertTrue(str(caught.exception).endswith("; install qr-cli on PATH (make && "
                            "make install in a qr-cli checkout), or give its path in qr_cli= "
                            "or $QR_CLI"), str(caught.exception))
            os.environ["PATH"] = ""
            with self.assertRaises(QrCliError) as caught:
                qr_cli.find_qr_cli()
            self.assertEqual(caught.exception.tried, ())
            self.assertIn("tried nothing (PATH is empty)", str(caught.exception))
        # a wrong explicit setting does not fall back to another binary
        not_executable = Path(self.dir.name) / "qr-cli"
        not_executable.write_text("")
        os.environ["PATH"] = f"{self.dir.name}:/nonexistent-dir"
        for setting, tried in [
                ({"qr_cli": str(not_executable)}, [f"{not_executable} (qr_cli=: not executable)"]),
                ({"qr_cli": "qr-cli"}, [f"{not_executable} (qr_cli= on PATH: not executable)",
                                        "/nonexistent-dir/qr-cli (qr_cli= on PATH)"]),
                ({"env": "/no/such/qr-cli"}, ["/no/such/qr-cli ($QR_CLI)"])]:
            if "env" in setting:
                os.environ["QR_CLI"] = setting["env"]
            with self.assertRaises(QrCliError) as caught:
                qr_cli.find_qr_cli(setting.get("qr_cli"))
            self.assertEqual(caught.exception.code, "QR_NOT_FOUND")
            self.assertEqual(list(caught.exception.tried), tried)
            self.assertIn(tried[0], str(caught.exception))


class Checkout(unittest.TestCase):
    """The checkout's build/qr-cli is a place only for the package running
    from the checkout itself: <repo>/scripts/python with <repo>/lib/qrpng.h."""

    def test_this_package_runs_from_this_checkout(self):
        repo = PACKAGE_ROOT.resolve().parent.parent
        self.assertEqual(_lookup.CHECKOUT_ROOT, repo)
        self.assertEqual(_lookup.CHECKOUT_BINARY, repo / "build" / "qr-cli")
        env = {k: v for k, v in os.environ.items() if k not in ("QR_CLI", "PYTHONPATH")}
        with tempfile.TemporaryDirectory() as d:
            env["PATH"] = d
            done = subprocess.run([sys.executable, "-c", "import qr_cli; print(qr_cli.find_qr_cli())"],
                                  cwd=PACKAGE_ROOT, env=env, capture_output=True, text=True)
        self.assertEqual(done.stdout, f"{repo / 'build' / 'qr-cli'}\n", done.stderr)

    def test_anywhere_else_is_no_checkout(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            (root / "lib").mkdir()
            (root / "lib" / "qrpng.h").write_text("")
            for folder in [root / "venv" / "lib" / "python3.11" / "site-packages", root / "app",
                           root / "scripts" / "node", root, Path("/")]:
                self.assertIsNone(_lookup.checkout_root(folder), folder)
            self.assertEqual(_lookup.checkout_root(root / "scripts" / "python"), root)
            (root / "lib" / "qrpng.h").unlink()
            self.assertIsNone(_lookup.checkout_root(root / "scripts" / "python"))

    def test_a_copy_in_a_venv_never_runs_venv_lib_build_qr_cli(self):
        # A copy of qr_cli at venv/lib/python3/site-packages/, with a working
        # qr-cli at venv/lib/build/qr-cli (where the old lookup, four
        # folders above _lookup.py, looked) and none on PATH.
        with tempfile.TemporaryDirectory() as d:
            venv_lib = Path(d) / "venv" / "lib"
            site = venv_lib / "python3" / "site-packages"
            shutil.copytree(PACKAGE_ROOT / "qr_cli", site / "qr_cli",
                            ignore=shutil.ignore_patterns("__pycache__", "_native*.so"))
            (venv_lib / "build").mkdir()
            (venv_lib / "build" / "qr-cli").symlink_to(os.path.abspath(QR_CLI))
            empty = Path(d) / "empty"
            empty.mkdir()
            env = {k: v for k, v in os.environ.items() if k not in ("QR_CLI", "PYTHONPATH")}
            env["PATH"] = f"{empty}:/nonexistent-dir"
            done = subprocess.run(
                [sys.executable, "-c", "import qr_cli\ntry:\n    print(qr_cli.find_qr_cli())\n"
                 "except qr_cli.QrCliError as e:\n    print(e.code, list(e.tried), str(e))"],
                cwd=site, env=env, capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.startswith(
            f"QR_NOT_FOUND ['{empty}/qr-cli (PATH)', '/nonexistent-dir/qr-cli (PATH)'] "), done.stdout)
        self.assertNotIn("build", done.stdout)


class Import(unittest.TestCase):
    def test_a_copy_anywhere_imports(self):
        # At the top of a file system the checkout check must not fail (a
        # walk up the folders once raised IndexError there).
        self.assertIsNone(_lookup.checkout_root(Path("/")))
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(PACKAGE_ROOT / "qr_cli", Path(d) / "qr_cli")
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            done = subprocess.run([sys.executable, "-c", "import qr_cli; print(qr_cli.__file__)"],
                                  cwd=d, env=env, capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(done.stdout.startswith(d), done.stdout)

    def test_public_api(self):
        for name in ["qr_png", "qr_png_async", "spawn_qr_png", "spawn_qr_png_async",
                     "WorkerPool", "AsyncWorkerPool", "close", "QrCliError", "find_qr_cli"]:
            self.assertIn(name, qr_cli.__all__)
            self.assertTrue(hasattr(qr_cli, name), name)
        self.assertTrue((PACKAGE_ROOT / "qr_cli" / "py.typed").exists())
        self.assertEqual(len(qr_cli.CODES), 14)


if __name__ == "__main__":
    unittest.main()
