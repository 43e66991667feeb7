"""The package installed as a user would, offline: its sdist, built from
a checkout, carries libqrpng's C files; a fresh venv of Debian's python3
(--system-site-packages for its setuptools and wheel) installs it with
`pip install --no-index --no-build-isolation` from an empty folder, no
checkout around, and the C extension compiles; then the quick start from
outside the tree with qr-cli found on PATH, and impl="native". Builds that
cannot make the extension (no compiler, no headers, no C sources) install
without it, and the package says why when imported."""
import os
import shutil
import subprocess
import tarfile
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


REPO = PACKAGE_ROOT.resolve().parent.parent
# What a build of the package must not take from the environment of a make
# that runs the suites (check-sanitize's flags need the sanitizer runtime).
BUILD_ENV = ("QRPNG_SRC", "CC", "CFLAGS", "LDFLAGS", "CPPFLAGS", "PKG_CONFIG_LIBDIR")
IGNORED = shutil.ignore_patterns("tests", "__pycache__", "build", "*.egg-info", "*.so",
                                 "_native_missing.txt")

# Imports the package twice, recording every warning; prints the warnings,
# then what impl="native" gives.
WARN_ONCE = r'''
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import qr_cli
    import qr_cli as again
for w in caught:
    print(w.category.__name__, w.message)
try:
    qr_cli.qr_png("x", impl="native")
except qr_cli.QrCliError as e:
    print(e.code, e.message)
'''


class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.dir.cleanup)
        tmp = Path(cls.dir.name)
        env = {k: v for k, v in os.environ.items() if k not in BUILD_ENV + ("PYTHONPATH",)}
        cls.env = {**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1",
                   "PIP_NO_CACHE_DIR": "1"}
        # A copy: building writes build/ and *.egg-info next to the sources.
        source = tmp / "source"
        shutil.copytree(PACKAGE_ROOT, source, ignore=IGNORED)
        # The sdist, made in a copy of the checkout's parts it needs (the
        # package at scripts/python, libqrpng beside), as `make python-sdist` does.
        checkout = tmp / "checkout"
        for part in ["lib", "common", "scripts/native"]:
            shutil.copytree(REPO / part, checkout / part)
        # (with the extension built in place if it is: the sdist must leave it out)
        shutil.copytree(PACKAGE_ROOT, checkout / "scripts" / "python",
                        ignore=shutil.ignore_patterns("tests", "__pycache__", "build", "*.egg-info"))
        sdist = subprocess.run(
            [SYSTEM_PYTHON, "setup.py", "-q", "egg_info", "--egg-base", str(tmp), "sdist",
             "-d", str(tmp / "dist")], cwd=checkout / "scripts" / "python",
            capture_output=True, text=True, env=cls.env)
        assert sdist.returncode == 0, sdist.stdout + sdist.stderr
        cls.sdist = tmp / "dist" / "qr-cli-1.0.0.tar.gz"
        shutil.rmtree(checkout)  # no checkout around the install
        cls.empty = tmp / "empty"
        cls.empty.mkdir()
        cls.venv = tmp / "venv"
        cls.install = cls.pip_install(cls.venv, cls.sdist)
        cls.source = source

    @classmethod
    def pip_install(cls, venv, what, **env):
        """A fresh venv; pip install what from an empty folder, offline."""
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(venv)],
                       check=True, capture_output=True, env=cls.env)
        return subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation", str(what)],
            cwd=cls.empty, capture_output=True, text=True, env={**cls.env, **env})

    def test_the_sdist_carries_the_c_sources(self):
        with tarfile.open(self.sdist) as tar:
            names = set(tar.getnames())
        for name in ["csrc/lib/qrpng.h", "csrc/lib/qrpng.c", "csrc/lib/option_table.c",
                     "csrc/common/exit_codes.c", "csrc/scripts/native/qrpng_glue.c",
                     "csrc/scripts/native/qrpng_glue.h", "qr_cli/_native.c", "qr_cli/py.typed"]:
            self.assertIn(f"qr-cli-1.0.0/{name}", names)
        c_files = {n.split("/csrc/", 1)[1] for n in names if "/csrc/" in n and n.endswith(".c")}
        self.assertEqual(c_files, {f"lib/{p.name}" for p in (REPO / "lib").glob("*.c")}
                         | {f"common/{p.name}" for p in (REPO / "common").glob("*.c")}
                         | {"scripts/native/qrpng_glue.c"})
        self.assertEqual([n for n in names if n.endswith((".so", ".pyc", "_missing.txt"))], [])

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

    def test_without_qr_cli_on_path_the_error_lists_only_the_places_an_install_has(self):
        # Installed in a venv: PATH alone (no venv/lib/build/qr-cli, no
        # checkout); a qr_cli= or $QR_CLI given is the one place.
        bin_dir = Path(self.dir.name) / "bin-without-qr-cli"
        bin_dir.mkdir()
        script = ("import qr_cli, sys\n"
                  "try:\n    qr_cli.find_qr_cli(*sys.argv[1:])\n"
                  "except qr_cli.QrCliError as e:\n    print(e.code, repr(list(e.tried)), e.message)")
        env = {k: v for k, v in self.env.items() if k != "QR_CLI"}
        env["PATH"] = f"{bin_dir}:/nonexistent-dir"
        hint = ("install qr-cli on PATH (make && make install in a qr-cli checkout), or give its "
                "path in qr_cli= or $QR_CLI")
        for args, extra, tried, fix in [
                ([], {}, [f"{bin_dir}/qr-cli (PATH)", "/nonexistent-dir/qr-cli (PATH)"], hint),
                (["/no/qr-cli"], {}, ["/no/qr-cli (qr_cli=)"], "fix the qr_cli argument"),
                ([], {"QR_CLI": "/no/env/qr-cli"}, ["/no/env/qr-cli ($QR_CLI)"],
                 "fix or unset the QR_CLI environment variable")]:
            with self.subTest(args=args, env=extra):
                done = subprocess.run([str(self.venv / "bin" / "python"), "-c", script, *args],
                                      cwd=self.empty, capture_output=True, text=True,
                                      env={**env, **extra})
                self.assertEqual(done.stdout, f"QR_NOT_FOUND {tried!r} no runnable qr-cli: tried "
                                 f"{', '.join(tried)}; {fix}\n", done.stderr)

    def test_type_hints_check_strictly(self):
        done = subprocess.run([SYSTEM_PYTHON, "-m", "mypy", "--strict", "--cache-dir", os.devnull,
                               "qr_cli", "example/server.py"],
                              cwd=PACKAGE_ROOT, capture_output=True, text=True, env=self.env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_the_extension_from_the_sdist_renders(self):
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c",
             "import sys, qr_cli, qr_cli._native as n; print(n.__file__);"
             "sys.stdout.flush(); sys.stdout.buffer.write(qr_cli.qr_png('from the sdist', impl='native'))"],
            capture_output=True, env=self.env, cwd=self.empty)
        self.assertEqual(done.returncode, 0, done.stderr)
        module, png = done.stdout.split(b"\n", 1)
        self.assertTrue(module.decode().startswith(str(self.venv)), module)
        self.assertEqual(decode(png), b"from the sdist")
        self.assertEqual(done.stderr, b"")  # no warning: it was built

    def test_built_without_the_extension_it_says_why_once(self):
        # pip hides the build's output: the installed package tells.
        tmp = Path(self.dir.name)
        cases = [
            ("no compiler", self.sdist, {"CC": "false"},
             "the C compiler failed (command '/usr/bin/false' failed with exit code 1)"),
            ("no headers", self.sdist, {"PKG_CONFIG_LIBDIR": str(tmp / "no-pc")},
             "the headers of libqrencode, libpng or zlib are missing (pkg-config: Package "
             "libqrencode was not found in the pkg-config search path."),
            ("no sources", self.source, {},
             "built without it: the C sources of libqrpng were not found"),
        ]
        for name, what, env, reason in cases:
            with self.subTest(name):
                venv = tmp / f"venv-{name.replace(' ', '-')}"
                install = self.pip_install(venv, what, **env)
                self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
                done = subprocess.run([str(venv / "bin" / "python"), "-c", WARN_ONCE],
                                      capture_output=True, text=True, env=self.env, cwd=self.empty)
                self.assertEqual(done.returncode, 0, done.stderr)
                warning, error = done.stdout.splitlines()
                said = f"qr_cli was installed without its C extension qr_cli._native: {reason}"
                self.assertTrue(warning.startswith(f"NativeUnavailableWarning {said}"), warning)
                self.assertTrue(error.startswith(f"QR_NATIVE_UNAVAILABLE {said}"), error)

    def test_native_extension_builds_from_the_checkout(self):
        # As README's command does it (the copy finds the checkout through
        # $QRPNG_SRC): the extension's C files come from lib/ and cli/ by
        # absolute path, which pip's metadata step used to refuse.
        repo = PACKAGE_ROOT.parent.parent
        venv = Path(self.dir.name) / "venv-native"
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(venv)],
                       check=True, capture_output=True, env=self.env)
        install = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation",
             str(self.source)], capture_output=True, text=True,
            env={**self.env, "QRPNG_SRC": str(repo)})
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
