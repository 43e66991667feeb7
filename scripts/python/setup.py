"""Build of qr_cli's optional C extension, qr_cli._native (libqrpng
in-process). The package metadata lives in pyproject.toml; this file adds
the extension, and the C sources it compiles to the sdist.

The extension compiles libqrpng's C files (lib/, common/ and the glue in
scripts/native/) from the first of:
  1. the qr-cli source tree named by $QRPNG_SRC;
  2. csrc/ next to this file: the copy an sdist carries (`python3 setup.py
     sdist` puts it there), so an sdist builds with no checkout around;
  3. the checkout, when this file is its scripts/python/setup.py (and
     lib/qrpng.h is two folders up).
It needs a C compiler, Python's headers (Debian: python3-dev) and
pkg-config with libqrencode, libpng and zlib. When any of that is missing
the package still installs, without the extension: pip hides this build's
output, so the reason is written into the package (qr_cli/_native_missing.txt)
and `import qr_cli` warns once with it (NativeUnavailableWarning).

    python3 setup.py build_ext --inplace     # or: make python-ext
    python3 setup.py sdist                   # or: make python-sdist
"""
import os
import shutil
import subprocess
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist
from setuptools.errors import BaseError, CCompilerError

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "csrc")
MISSING_NOTE = os.path.join("qr_cli", "_native_missing.txt")


def has_sources(root):
    return bool(root) and os.path.isfile(os.path.join(root, "lib", "qrpng.h"))


def checkout_root():
    """The checkout whose scripts/python this is, or None (the same rule as
    qr_cli/_lookup.py's checkout_root)."""
    scripts = os.path.dirname(HERE)
    if os.path.basename(HERE) != "python" or os.path.basename(scripts) != "scripts":
        return None
    root = os.path.dirname(scripts)
    return root if has_sources(root) else None


def source_root():
    for root in (os.environ.get("QRPNG_SRC"), BUNDLED, checkout_root()):
        if has_sources(root):
            return os.path.abspath(root)
    return None


def bundled_files(root):
    """The C files (relative to root) an sdist carries: all of lib/ and
    common/, and the glue shared with the Node addon."""
    files = []
    for folder in ("lib", "common"):
        files += sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(root, folder))
                        if f.endswith((".c", ".h")))
    return files + [os.path.join("scripts", "native", f) for f in ("qrpng_glue.c", "qrpng_glue.h")]


def compiled_sources(root):
    """The C files the extension compiles besides its own: libqrpng (its
    option table and policy), what it shares with qr-cli (common/: exit
    codes) and with the Node addon (the glue)."""
    return [os.path.join(root, f) for f in bundled_files(root)
            if f.endswith(".c") and (f.startswith("lib") or f.endswith(("exit_codes.c", "glue.c")))]


def pkg_config(*args):
    """pkg-config's words for libqrencode, libpng and zlib, or raises
    LookupError with why not."""
    if shutil.which("pkg-config") is None:
        raise LookupError("pkg-config is not installed (Debian: apt-get install pkg-config)")
    done = subprocess.run(["pkg-config", *args, "libqrencode", "libpng", "zlib"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["failed"])[0]
        raise LookupError("the headers of libqrencode, libpng or zlib are missing (pkg-config: "
                          f"{first}; Debian: apt-get install libqrencode-dev libpng-dev zlib1g-dev)")
    return done.stdout.split()


class BuildExt(build_ext):
    """Builds qr_cli._native when everything it needs is there; otherwise
    (or when compiling fails) leaves it out and writes why into the built
    package, for `import qr_cli` to say. The checkout's C files are added
    here, as absolute paths: pip's metadata step refuses absolute paths in
    Extension.sources, and relative ones with '..' would put the objects
    outside the build directory."""

    def build_extension(self, ext):
        reason = None
        try:
            self.prepare(ext)
        except LookupError as e:
            reason = str(e)
        if reason is None:
            try:
                super().build_extension(ext)
            except (CCompilerError, BaseError, OSError) as e:
                reason = f"the C compiler failed ({e})"
        self.note(reason)

    def prepare(self, ext):
        root = source_root()
        if root is None:
            raise LookupError("built without it: the C sources of libqrpng were not found (an sdist "
                              "carries them in csrc/; a copy of scripts/python needs QRPNG_SRC set "
                              "to a qr-cli checkout)")
        headers = sysconfig.get_paths()["include"]
        if not os.path.isfile(os.path.join(headers, "Python.h")):
            raise LookupError(f"Python's headers are missing (no Python.h in {headers}; Debian: "
                              "apt-get install python3-dev)")
        compiler = self.compiler.compiler_so[0] if getattr(self.compiler, "compiler_so", None) else None
        if compiler is not None and shutil.which(compiler) is None:
            raise LookupError(f"no C compiler: {compiler!r} was not found (install gcc, or set CC)")
        cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
        ext.sources = [os.path.join(HERE, s) for s in ext.sources] + compiled_sources(root)
        ext.include_dirs = [os.path.join(root, "lib"), os.path.join(root, "common"),
                            os.path.join(root, "scripts", "native")]
        ext.extra_compile_args = ["-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra",
                                  "-fvisibility=hidden", *cflags]
        ext.extra_link_args = libs

    def note(self, reason):
        """qr_cli/_native_missing.txt in the built package: the reason, or
        removed when the extension was built. Not in place (make
        python-ext checks for the module itself)."""
        if reason is not None:
            self.warn(f"qr_cli._native is left out: {reason}")
        if self.inplace:
            return
        path = os.path.join(self.build_lib, MISSING_NOTE)
        if reason is None:
            if os.path.exists(path):
                os.remove(path)
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(reason + "\n")


class Sdist(sdist):
    """The sdist carries the C files the extension compiles, in csrc/ with
    the layout of the source tree, so that it builds with no checkout."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        root = source_root()
        if root is None:
            raise BaseError("an sdist needs libqrpng's C sources: run it in a qr-cli checkout "
                                 "or set QRPNG_SRC to one")
        for name in bundled_files(root):
            target = os.path.join(base_dir, "csrc", name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(root, name), target)


# Always declared, so that build_ext runs and can say why it built nothing;
# the sources and flags are filled in at build time (BuildExt.prepare).
setup(ext_modules=[Extension("qr_cli._native", sources=["qr_cli/_native.c"])],
      cmdclass={"build_ext": BuildExt, "sdist": Sdist})
