"""The package installed as a user would, offline: a fresh venv of
Debian's python3 (--system-site-packages for its setuptools and wheel),
`pip install --no-index --no-build-isolation` of a copy of scripts/python,
then the quick start from outside the tree with qr-cli found on PATH."""
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from support import PACKAGE_ROOT, QR_CLI, decode

# Debian's interpreter: python3-venv, python3-setuptools, python3-wheel and
# python3-pip-whl (scripts/debian-packages.txt) belong to it.
SYSTEM_PYTHON = "/usr/bin/python3"

QUICK_START = r'''
import asyncio, sys
import qr_cli

png = qr_cli.qr_png("https://example.com/sync")
png_async = asyncio.run(qr_cli.qr_png_async("https://example.com/async"))
spawned = qr_cli.spawn_qr_png("https://example.com/spawn", size=300)
open("sync.png", "wb").write(png)
open("async.png", "wb").write(png_async)
open("spawn.png", "wb").write(spawned)
try:
    qr_cli.qr_png("x", colour="red")
except qr_cli.QrCliError as e:
    print(e.code)
print(qr_cli.__file__)
print(qr_cli.find_qr_cli())
qr_cli.close()
'''


class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.dir.cleanup)
        tmp = Path(cls.dir.name)
        # A copy: building writes build/ and *.egg-info next to the sources.
        source = tmp / "source"
        shutil.copytree(PACKAGE_ROOT, source,
                        ignore=shutil.ignore_patterns("tests", "__pycache__", "build",
                                                      "*.egg-info"))
        cls.venv = tmp / "venv"
        env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
        env.pop("PYTHONPATH", None)
        cls.env = env
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(cls.venv)],
                       check=True, capture_output=True, env=env)
        cls.install = subprocess.run(
            [str(cls.venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation",
             str(source)], capture_output=True, text=True, env=env)

    def test_installs_offline(self):
        self.assertEqual(self.install.returncode, 0, self.install.stdout + self.install.stderr)
        self.assertIn("Successfully installed qr-cli-1.0.0", self.install.stdout)

    def test_metadata_and_typing_marker(self):
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c",
             "import importlib.metadata as m, importlib.resources as r; d = m.metadata('qr-cli');"
             "print(d['License'], d['Requires-Python'], m.requires('qr-cli'));"
             "print((r.files('qr_cli') / 'py.typed').is_file())"],
            capture_output=True, text=True, env=self.env, cwd=self.dir.name)
        self.assertEqual(done.stdout.split("\n")[:2], ["MIT >=3.9 None", "True"], done.stderr)

    def test_quick_start_with_qr_cli_on_path(self):
        work = Path(self.dir.name) / "work"
        bin_dir = work / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "qr-cli").symlink_to(os.path.abspath(QR_CLI))
        env = {k: v for k, v in self.env.items() if k != "QR_CLI"}
        env["PATH"] = f"{bin_dir}:/usr/bin:/bin"
        done = subprocess.run([str(self.venv / "bin" / "python"), "-c", QUICK_START],
                              cwd=work, capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        code, module, binary = done.stdout.split()
        self.assertEqual(code, "QR_INVALID_ARGUMENT")
        self.assertTrue(module.startswith(str(self.venv)), module)  # not the checkout's
        self.assertEqual(binary, str(bin_dir / "qr-cli"))
        for name in ["sync", "async", "spawn"]:
            self.assertEqual(decode((work / f"{name}.png").read_bytes()),
                             f"https://example.com/{name}".encode())
        self.assertEqual(done.stderr, "")

    def test_type_hints_check_strictly(self):
        done = subprocess.run([SYSTEM_PYTHON, "-m", "mypy", "--strict", "--cache-dir", os.devnull,
                               "qr_cli", "example/server.py"],
                              cwd=PACKAGE_ROOT, capture_output=True, text=True, env=self.env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_native_extension_builds_from_the_checkout(self):
        # As README's command does it (the copy finds the checkout through
        # $QRPNG_SRC): the extension's C files come from lib/ and cli/ by
        # absolute path, which pip's metadata step used to refuse.
        repo = PACKAGE_ROOT.parent.parent
        venv = Path(self.dir.name) / "venv-native"
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(venv)],
                       check=True, capture_output=True, env=self.env)
        source = Path(self.dir.name) / "source"
        # Python's own compiler and flags, as a user's: not those of a make
        # that runs the suites (check-sanitize's need the sanitizer runtime).
        env = {k: v for k, v in self.env.items()
               if k not in ("CC", "CFLAGS", "LDFLAGS", "CPPFLAGS")}
        install = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation",
             str(source)], capture_output=True, text=True, env={**env, "QRPNG_SRC": str(repo)})
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
        done = subprocess.run(
            [str(venv / "bin" / "python"), "-c",
             "import sys, qr_cli, qr_cli._native as n; print(n.__file__);"
             "sys.stdout.flush(); sys.stdout.buffer.write(qr_cli.qr_png('in-process', impl='native'))"],
            capture_output=True, env=self.env, cwd=self.dir.name)
        self.assertEqual(done.returncode, 0, done.stderr)
        module, png = done.stdout.split(b"\n", 1)
        self.assertTrue(module.decode().startswith(str(venv)), module)
        self.assertEqual(decode(png), b"in-process")

    def test_source_tree_stays_clean(self):
        self.assertEqual([p.name for p in PACKAGE_ROOT.iterdir()
                          if p.name == "build" or p.name.endswith(".egg-info")], [])


if __name__ == "__main__":
    unittest.main()
